"""The differential suite: pairs of DDL scripts (current, desired) planned and applied on a real engine.

The cases are plain text under ``tests/differential/<folder>/*.sql`` (folders: ``postgres``, ``mysql``,
``sqlite``), several per file::

    -- case: widen_varchar
    -- expect: irreversible                   (optional; see below)
    -- current
    CREATE TABLE t (id int PRIMARY KEY, name varchar(20));
    -- desired
    CREATE TABLE t (id int PRIMARY KEY, name varchar(40));

A case runs on one engine, reusing one pair of databases (A, B) per engine:

1. ``current`` is loaded into A and ``desired`` into B by the engine's native client (the engine
   parses the DDL), and both are read as ``schemakit inspect`` reads them (`read_database`: the
   dialect's introspection with a ``skipped`` list, then ``adopt``);
2. ``plan(current, desired)`` is applied to A, which must then read back as ``desired`` (no
   ``diff``);
3. every step's rollback is applied, in reverse order, and A must read back as ``current``.

The outcome is one of `OUTCOMES`; a case whose scripts differ but read the same (an empty plan) is
``no difference read``: inspect lost what differs, or the engine holds both alike.
``-- expect:`` lines state what is known about a case: ``irreversible`` (a step has no rollback,
a destructive change: the way back is not run) or ``diverges: WHY`` (a documented non-convergence:
counted as not converged, not a test failure).

``python -m tests.differential [postgres|mariadb|sqlite ...]`` runs the suite and writes the
summary (`summary`) to ``build/differential.txt``; ``tests/test_differential.py`` is the same per case.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from schemakit import dialects
from schemakit.dialects.base import Dialect, PlanError
from schemakit.dialects.urls import DbUrl, server_url
from schemakit.inspect import read_database
from schemakit.options import UserError
from schemakit.schema.diff import diff
from schemakit.schema.model import Schema

ROOT = Path(__file__).parent / "differential"
SUMMARY = Path(__file__).parent.parent / "build" / "differential.txt"
FOLDERS = {"postgres": "postgres", "mysql": "mysql", "mariadb": "mysql", "sqlite": "sqlite"}
CONVERGED = "converged"
NOTHING_READ = "no difference read"
OUTCOMES = (CONVERGED, "did not converge", "did not roll back", "irreversible", "could not plan",
            "skipped by inspect", "failed to load", "failed to apply", NOTHING_READ)
# Every schema of a PostgreSQL database dropped, `public` made again: one line, run by psql before a case's
# script (no connection of its own). `format('%I')` quotes the name (https://www.postgresql.org/docs/15/functions-string.html).
PG_RESET = ("SET client_min_messages = warning; DO $$DECLARE n text; BEGIN FOR n IN SELECT nspname FROM pg_namespace "
            "WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP "
            "EXECUTE format('DROP SCHEMA %I CASCADE', n); END LOOP; END$$; CREATE SCHEMA public; RESET client_min_messages;")
_DIRECTIVE = re.compile(r"^--\s*(case|expect|namespaces)\s*:\s*(.*?)\s*$|^--\s*(current|desired)\s*$")


@dataclass(frozen=True)
class Case:
    """One differential case: two DDL scripts for the engine of its folder, and what is expected."""

    name: str
    folder: str
    current: str
    desired: str
    source: str  # file:line
    expect: tuple[str, ...] = ()
    namespaces: tuple[str, ...] = ()

    @property
    def irreversible(self) -> bool:
        """Whether the case declares a step without a rollback (the way back is not run)."""
        return "irreversible" in self.expect

    @property
    def diverges(self) -> Optional[str]:
        """The documented reason the case does not converge (``-- expect: diverges: WHY``), else None."""
        return next((e.split(":", 1)[1].strip() for e in self.expect if e.startswith("diverges:")), None)


@dataclass
class Outcome:
    """What a case did: one of `OUTCOMES`, and the reason lines (diff lines, the engine's error)."""

    case: Case
    status: str
    reasons: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def converged(self) -> bool:
        """Whether the database reached `desired` (and, unless irreversible, came back to `current`)."""
        return self.status == CONVERGED

    @property
    def expected(self) -> bool:
        """Converged, or a non-convergence the case documents."""
        return self.converged or self.case.diverges is not None

    @property
    def stale(self) -> bool:
        """Converged although the case documents a divergence: its ``-- expect: diverges`` line is stale."""
        return self.converged and self.case.diverges is not None

    def line(self) -> str:
        """One line per outcome: case, status and the first reason."""
        why = "; ".join(self.reasons[:3]) + (f"; (+{len(self.reasons) - 3} more)" if len(self.reasons) > 3 else "")
        known = f" [documented: {self.case.diverges}]" if self.case.diverges else ""
        return f"{self.case.folder}/{self.case.name} ({self.case.source}): {self.status}: {why}{known}"


# -- the case files -------------------------------------------------------------------------------------
def parse(text: str, folder: str, file: str) -> list[Case]:
    """The cases of one file (see the module docstring); ValueError naming the line for a malformed one."""
    cases: list[Case] = []
    cur: Optional[dict] = None
    section: Optional[str] = None

    def close() -> None:
        if cur is None:
            return
        if not cur["current"].strip() and not cur["desired"].strip():
            raise ValueError(f"{cur['source']}: case {cur['name']!r} has neither -- current nor -- desired")
        cases.append(Case(cur["name"], folder, cur["current"], cur["desired"], cur["source"],
                          tuple(cur["expect"]), tuple(cur["namespaces"])))

    for n, line in enumerate(text.splitlines(), 1):
        m = _DIRECTIVE.match(line.strip())
        if m and m.group(1) == "case":
            close()
            cur = {"name": m.group(2), "current": "", "desired": "", "expect": [], "namespaces": [],
                   "source": f"{file}:{n}"}
            section = None
        elif cur is None:
            if line.strip() and not line.startswith("--"):
                raise ValueError(f"{file}:{n}: SQL before the first -- case: line")
        elif m and m.group(1) == "expect":
            if not (m.group(2) == "irreversible" or m.group(2).startswith("diverges:")):
                raise ValueError(f"{file}:{n}: -- expect: is 'irreversible' or 'diverges: WHY', not {m.group(2)!r}")
            cur["expect"].append(m.group(2))
        elif m and m.group(1) == "namespaces":
            cur["namespaces"] += m.group(2).split()
        elif m:
            section = m.group(3)
        elif section is not None:
            cur[section] += line + "\n"
        elif line.strip() and not line.startswith("--"):
            raise ValueError(f"{file}:{n}: SQL before -- current or -- desired")
    close()
    return cases


def cases(folder: str) -> list[Case]:
    """Every case of `folder` (``postgres``, ``mysql``, ``sqlite``), by file name then position;
    ValueError for a name used twice."""
    found = [c for path in sorted((ROOT / folder).glob("*.sql"))
             for c in parse(path.read_text(encoding="utf-8"), folder, f"{path.relative_to(ROOT.parent.parent)}")]
    names = [c.name for c in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"{folder}: case names used twice: {', '.join(twice)}")
    return found


# -- a pair of databases per engine ----------------------------------------------------------------------
class Pair:
    """Databases A (current, then migrated) and B (desired) of one engine, reused case after case:
    PostgreSQL drops and recreates schema ``public`` (and the case's other schemas), MariaDB drops and
    creates the database, SQLite starts from fresh files in a temporary folder."""

    def __init__(self, engine: str):
        self.engine = engine
        base = dialects.get(engine)
        self.folder = tempfile.mkdtemp(prefix="sk-differential-")
        self.names = [f"sk_diff_{uuid.uuid4().hex[:10]}_{side}" for side in "ab"]
        self.server: Optional[DbUrl] = None
        self.pending_reset = [False, False]
        self.dialect: Dialect = base
        if base.has_server:
            self.server = server_url(engine)
            conn = base.connect(self.server)
            try:  # the variant the server is (a mysql:// URL reaching MariaDB: mariadb), as every command does
                self.dialect = dialects.for_server(base, conn)
            finally:
                conn.close()
            self.urls = [self.dialect.create_database(self.server, name) for name in self.names]
        else:
            self.urls = [DbUrl(base.name, database=str(Path(self.folder) / f"{n}.db")) for n in self.names]

    def reset(self, namespaces: Sequence[str] = ()) -> None:
        """Both databases empty again (PostgreSQL: the next `load` of each starts with `PG_RESET`)."""
        d = self.dialect
        for i, url in enumerate(self.urls):
            if d.name == "postgres":
                self.pending_reset[i] = True
            elif d.has_server:
                assert self.server is not None
                d.drop_database(self.server, self.names[i])
                d.create_database(self.server, self.names[i])
            else:
                path = Path(url.database_name)
                path.unlink(missing_ok=True)
                path.touch()

    def load(self, side: int, script: str) -> Optional[str]:
        """Run `script` in database `side` (0: A, 1: B) with the engine's native client; the
        engine's first error line, or None."""
        if self.pending_reset[side]:
            script, self.pending_reset[side] = PG_RESET + "\n" + script, False
        if not script.strip():
            return None
        url = self.urls[side]
        proc = subprocess.run(self.dialect.client_command(url), input=script, text=True, capture_output=True,
                              cwd=self.folder, env={**os.environ, "LC_ALL": "C"})
        errors = [x.strip() for x in proc.stderr.splitlines() if x.strip()]
        if proc.returncode != 0 or (not self.dialect.has_server and errors):
            errors = [e for e in errors if "error" in e.lower()] or errors
            return (errors or [f"exit status {proc.returncode}"])[0]
        return None

    def read(self, side: int, namespaces: Sequence[str] = ()) -> tuple[Schema, list[str]]:
        """Database `side` read as `schemakit inspect` reads it: (schema, skip lines); an empty
        database is the empty schema."""
        try:
            found = read_database(self.urls[side], (None, *namespaces), self.dialect)
        except UserError as e:
            if str(e).startswith("empty database"):
                return Schema(), []
            raise
        return found.schema, [str(s) for s in found.skipped]

    def close(self) -> None:
        """Drop both databases and the temporary folder."""
        if self.server is not None:
            for name in self.names:
                self.dialect.drop_database(self.server, name)
        shutil.rmtree(self.folder, ignore_errors=True)


# -- one case -----------------------------------------------------------------------------------------------
def run(pair: Pair, case: Case, on_applied: Optional[Callable[[Any, Schema, list[str]], None]] = None) -> Outcome:
    """Load, read, plan, apply, read, roll back, read: the case's `Outcome`. `on_applied`, when given, is
    called once the plan is applied, before the rollback: with the connection to A, the desired schema as
    read from B, and the catalog comparison's difference lines (none: A reads as desired)."""
    start = time.monotonic()
    out = _run(pair, case, on_applied)
    out.seconds = time.monotonic() - start
    return out


def _run(pair: Pair, case: Case, on_applied: Optional[Callable[[Any, Schema, list[str]], None]] = None) -> Outcome:
    d, ns = pair.dialect, case.namespaces
    pair.reset(ns)
    for side, script, label in ((0, case.current, "current"), (1, case.desired, "desired")):
        error = pair.load(side, script)
        if error:
            return Outcome(case, "failed to load", [f"{label}: {error}"])
    (cur, skipped_cur), (des, skipped_des) = pair.read(0, ns), pair.read(1, ns)
    skips = [f"current: {s}" for s in skipped_cur] + [f"desired: {s}" for s in skipped_des]
    if skips:
        return Outcome(case, "skipped by inspect", skips)
    try:
        steps = d.plan(cur, des)
    except PlanError as e:
        return Outcome(case, "could not plan", [str(e)])
    if not steps and _sql(case.current) != _sql(case.desired):
        return Outcome(case, NOTHING_READ, ["the scripts differ but read the same: inspect lost the difference, "
                                            "or the engine holds both alike"])
    conn = d.connect(pair.urls[0])
    try:
        for step in steps:
            try:
                d.apply(conn, list(step.apply))
            except Exception as e:  # the engine's error, whatever the driver calls it
                return Outcome(case, "failed to apply", [f"{step.description}: {_first_line(e)}"])
        applied, skipped_applied = pair.read(0, ns)  # a skip there: the migrated database holds what the model does not
        # an extension the engine creates for an object of the model (btree_gist for an exclusion,
        # `Dialect.created_objects`) is the model's own, as drift has it
        own = {o.name for o in d.created_objects(des) if o.kind == "extension"}
        applied = replace(applied, extensions=tuple(e for e in applied.extensions
                                                    if e in des.extensions or e.name not in own))
        after = [c.describe() for c in diff(des, applied)] + [f"read after the apply: {s}" for s in skipped_applied]
        if on_applied is not None:
            on_applied(conn, des, after)
        if after:
            return Outcome(case, "did not converge", after)
        lacking = [s.description for s in steps if s.rollback is None]
        if lacking:
            status = CONVERGED if case.irreversible else "irreversible"
            return Outcome(case, status, [f"no rollback: {x}" for x in lacking])
        for step in reversed(steps):
            try:
                d.apply(conn, list(step.undo))
            except Exception as e:
                return Outcome(case, "did not roll back", [f"rollback of {step.description}: {_first_line(e)}"])
    finally:
        conn.close()
    restored, skipped_restored = pair.read(0, ns)
    # An extension the plan created (one of the model's, or btree_gist for an exclusion) stays: another object
    # may use it, so no rollback drops it (dialects/code.py `EngineCode.steps`).
    if any(x.kind == "extension" for step in steps for x in step.apply):
        restored = replace(restored, extensions=tuple(e for e in restored.extensions if e in cur.extensions))
    back = [c.describe() for c in diff(cur, restored)] + [f"read after the rollback: {s}" for s in skipped_restored]
    if back:
        return Outcome(case, "did not roll back", back)
    return Outcome(case, CONVERGED)


def _sql(script: str) -> str:
    """`script` without comment lines and blank space: what the engine is given, for comparison."""
    return " ".join(" ".join(x for x in script.splitlines() if not x.lstrip().startswith("--")).split())


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return f"{type(e).__name__}: {text.splitlines()[0] if text else ''}"


# -- the summary -------------------------------------------------------------------------------------------
def summary(outcomes: dict[str, list[Outcome]]) -> str:
    """Per engine: cases, converged, rate; then every case that did not converge, with its reason."""
    lines = ["Differential suite (tests/differential): current -> desired, applied, read back, rolled back", ""]
    for engine, outs in outcomes.items():
        if not outs:
            continue
        ok = sum(o.converged for o in outs)
        rate = 100.0 * ok / len(outs)
        secs = sum(o.seconds for o in outs)
        lines.append(f"{engine}: {len(outs)} cases, {ok} converged, {rate:.1f}% ({secs:.1f}s)")
    for engine, outs in outcomes.items():
        bad = [o for o in outs if not o.converged]
        if bad:
            lines += ["", f"{engine}: not converged ({len(bad)}; [documented: ...] marks an -- expect: diverges line)"]
            lines += [f"  {o.line()}" for o in bad]
        stale = [o for o in outs if o.stale]
        if stale:
            lines += ["", f"{engine}: converged, but documented as diverging (remove the -- expect: diverges line)"]
            lines += [f"  {o.case.folder}/{o.case.name} ({o.case.source})" for o in stale]
    return "\n".join(lines) + "\n"


def write_summary(outcomes: dict[str, list[Outcome]], path: Path = SUMMARY) -> str:
    """`summary(outcomes)` written to `path` (build/differential.txt); the text."""
    text = summary(outcomes)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def main(argv: Sequence[str]) -> int:
    """Run the cases of the engines named (default: postgres, mariadb, sqlite); print and write the
    summary; exit 1 when a case that does not document its divergence did not converge."""
    engines = list(argv) or ["postgres", "mariadb", "sqlite"]
    outcomes: dict[str, list[Outcome]] = {}
    for engine in engines:
        pair = Pair(engine)
        try:
            outcomes[pair.dialect.name] = [run(pair, c) for c in cases(FOLDERS[engine])]
        finally:
            pair.close()
    print(write_summary(outcomes), end="")
    return 0 if all(o.expected for outs in outcomes.values() for o in outs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
