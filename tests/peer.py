"""A peer tool's public schema-change cases (sqldef's YAML suites) run through the differential suite.

sqldef (https://github.com/sqldef/sqldef) keeps its cases as YAML files, one case per top-level key
with ``current`` (DDL; absent: an empty database) and ``desired`` (DDL), besides its own expectations
(``up``/``down``, ignored here) and options. The files are public content: they are fetched into a
folder of your own (never committed) laid out as sqldef's ``cmd/`` folders are::

    DIR/psqldef/tests*.yml      run on postgres (and tests/*.yml beside them)
    DIR/mysqldef/tests*.yml     run on mariadb (or mysql)
    DIR/sqlite3def/tests*.yml   run on sqlite

(DIR may also be a checkout of sqldef itself: its ``cmd/`` folder is taken.)

``python -m tests.peer DIR [postgres|mariadb|sqlite ...]`` (``make peer PEER=DIR``) turns each case into
a differential `Case` and runs it as the suite does (`differential.run`: load both scripts with the
engine's client, read them as inspect does, plan, apply, compare the catalog, roll back). A case is
*loadable* when both scripts load on the engine. Once the plan is applied, ``schemakit drift``'s verdict
(`migrate.drift_of`: the desired schema against the migrated database) must agree with the catalog
comparison; a disagreement is counted on its own. A case whose scripts read the same (an empty plan) is
converged when the engine's own catalog holds both alike (`engine_catalog`).

Cases sqldef runs only in its own setting are skipped, each with its reason: ``error`` (sqldef refuses
the change), a ``flavor`` that is not this engine, a version range without this server's version, and
options of sqldef's own (``config``, ``user``, ...). The summary goes to ``build/peer.txt``: per engine,
cases, skipped, loadable, converged (count and % of loadable), drift disagreements, then the cases that
did not converge grouped by reason class, biggest class first.
"""
from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

import yaml

from schemakit.dialects.mysql.code import without_default_start
from schemakit.migrate import drift_of, missing_support_of
from schemakit.targets import Target
from schemakit.schema.model import Schema, System
from tests import differential

SUMMARY = Path(__file__).parent.parent / "build" / "peer.txt"
FOLDERS = {"postgres": "psqldef", "mariadb": "mysqldef", "mysql": "mysqldef", "sqlite": "sqlite3def"}
# sqldef's flavours of each engine (https://github.com/sqldef/sqldef: a case's `flavor`, `!x` meaning "not x").
FLAVORS = {"postgres": {"postgres", "postgresql"}, "mariadb": {"mariadb"}, "mysql": {"mysql"}, "sqlite": {"sqlite3"}}
# Keys that change nothing about what the engine is given: the others are sqldef's own settings.
NEUTRAL = {"current", "desired", "up", "down", "min_version", "max_version", "flavor", "enable_drop",
           "legacy_ignore_quotes", "offline", "output"}
_SCHEMA = re.compile(r"\bCREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?\"?([A-Za-z_][A-Za-z0-9_$]*)", re.I)


@dataclass
class PeerOutcome:
    """A peer case: skipped (`skip` names why) or run (`outcome`), and whether drift disagreed."""

    file: str
    name: str
    skip: Optional[str] = None
    outcome: Optional[differential.Outcome] = None
    drift: list[str] = field(default_factory=list)  # drift's lines after the apply
    disagrees: Optional[str] = None  # how drift and the catalog comparison disagree, else None
    engine_differs: list[str] = field(default_factory=list)  # read as desired, yet the engine's own description differs

    @property
    def loadable(self) -> bool:
        """Both scripts loaded on the engine."""
        return self.outcome is not None and self.outcome.status != "failed to load"

    @property
    def converged(self) -> bool:
        """Loadable and converged (or an empty plan where the engine's catalog holds both alike)."""
        return self.outcome is not None and self.outcome.converged


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", str(text))[:3])


def skip_reason(spec: Any, engine: str, version: tuple[int, ...]) -> Optional[str]:
    """Why sqldef's case `spec` does not run on `engine` at `version` here, else None."""
    if not isinstance(spec, dict):
        return "not a case"
    if "error" in spec:
        return "error case (sqldef refuses the change)"
    other = sorted(k for k in spec if k not in NEUTRAL)
    if other:
        return f"sqldef option: {', '.join(other)}"
    flavor = str(spec.get("flavor") or "")
    if flavor:
        ours = FLAVORS[engine]
        if (flavor.startswith("!") and flavor[1:] in ours) or (not flavor.startswith("!") and flavor not in ours):
            return f"flavor {flavor}"
    low, high = spec.get("min_version"), spec.get("max_version")
    if low and version < _version(low):
        return f"min_version {low}"
    if high and version > _version(high):
        return f"max_version {high}"
    return None


Loaded = tuple[str, str, Optional[str], Optional[differential.Case]]


def load(folder: Path, engine: str, version: tuple[int, ...]) -> list[Loaded]:
    """(file, name, skip reason, case) of every case of the YAML files ``tests*.yml`` and ``tests/*.yml``
    under `folder` (file: the path under `folder`)."""
    found: list[Loaded] = []
    for path in sorted(folder.glob("tests*.yml")) + sorted(folder.glob("tests/*.yml")):
        file = str(path.relative_to(folder))
        for name, spec in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            why = skip_reason(spec, engine, version)
            if why:
                found.append((file, name, why, None))
                continue
            current, desired = (_own_database(spec.get(k) or "", engine) for k in ("current", "desired"))
            ns = tuple(dict.fromkeys(_SCHEMA.findall(current + desired))) if engine == "postgres" else ()
            case = differential.Case(name, FOLDERS[engine], current, desired, f"{file}:{name}",
                                     namespaces=tuple(n for n in ns if n != "public"))
            found.append((file, name, None, case))
    return found


# sqldef runs its MySQL cases in a database named mysqldef_test, and some name it in a view's body
# (mysqldef_test.users): here the case's own database is the one in use.
_SQLDEF_DATABASE = re.compile(r"`?\bmysqldef_test\b`?\.")


def _own_database(script: str, engine: str) -> str:
    """`script` with sqldef's database name left out of qualified names on MySQL and MariaDB."""
    return _SQLDEF_DATABASE.sub("", script) if engine in ("mariadb", "mysql") else script


def server_version(pair: differential.Pair) -> tuple[int, ...]:
    """The engine's version, as sqldef's min_version / max_version compare it."""
    if not pair.dialect.has_server:
        return _version(sqlite3.sqlite_version)
    conn = pair.dialect.connect(pair.urls[0])
    try:
        cur = conn.cursor()
        cur.execute("SELECT version()")
        text = str(cur.fetchone()[0])
    finally:
        conn.close()
    return _version(text.split("PostgreSQL", 1)[-1])


def engine_catalog(pair: differential.Pair, side: int, ordered: bool = True) -> list[str]:
    """Database `side` as the engine itself describes it, one line per item: pg_dump's schema (owner,
    privileges and comments left out), MariaDB's SHOW CREATE of every table, view and event (the
    AUTO_INCREMENT counter left out, and an event's default STARTS), SQLite's pragmas of every table
    and index (its stored SQL text keeps the author's spelling, so it is compared for views and
    triggers only). Not `ordered`: the lines sorted, each without a trailing comma, and SQLite's rows
    without their position, so that the order of columns (which schemakit does not change: PostgreSQL
    appends a column) makes no difference."""
    d, url = pair.dialect, pair.urls[side]
    if d.name == "postgres":
        conninfo = d.client_command(url)[-1]
        out = subprocess.run(["pg_dump", "-s", "-O", "-x", conninfo], capture_output=True, text=True).stdout
        lines = [x for x in out.splitlines()
                 if x.strip() and not x.startswith(("--", "SET ", "SELECT pg_catalog.set_config", "\\"))]
    elif d.has_server:
        conn = d.connect(url)
        try:
            cur = conn.cursor()
            cur.execute("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = DATABASE() "
                        "ORDER BY table_name")
            lines = []
            for name, kind in list(cur.fetchall()):
                cur.execute(f"SHOW CREATE {'VIEW' if kind == 'VIEW' else 'TABLE'} `{name}`")
                lines += re.sub(r" AUTO_INCREMENT=\d+", "", str(cur.fetchone()[1])).splitlines()
            # events too, each without the STARTS the server gives an EVERY event at its creation when none
            # is written (the two databases were created at other times: dialects/mysql/code.py)
            cur.execute("SELECT EVENT_NAME, STARTS, CREATED FROM information_schema.EVENTS "
                        "WHERE EVENT_SCHEMA = DATABASE() ORDER BY EVENT_NAME")
            for name, starts, created in list(cur.fetchall()):
                cur.execute(f"SHOW CREATE EVENT `{name.replace('`', '``')}`")
                lines.append(without_default_start(str(cur.fetchone()[3]), starts, created))
        finally:
            conn.close()
    else:
        lines = _sqlite_catalog(url.database_name, ordered)
    return lines if ordered else sorted(x.strip().rstrip(",") for x in lines)


def _sqlite_catalog(path: str, ordered: bool) -> list[str]:
    db = sqlite3.connect(path)
    try:
        lines = []
        for kind, name, sql in db.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                                          "ORDER BY type, name").fetchall():
            pragmas = {"table": ("table_xinfo", "index_list", "foreign_key_list"), "index": ("index_xinfo",)}.get(kind)
            if pragmas is None:
                lines.append(f"{kind} {name} {' '.join((sql or '').split())}")
                continue
            for pragma in pragmas:
                rows = db.execute(f'PRAGMA {pragma}("{name}")').fetchall()
                if ordered:
                    lines.append(f"{name} {pragma} {rows}")
                else:  # each row without its position (cid, seq, id) when the position is the row's order only
                    lines += [f"{name} {pragma} {row if pragma == 'index_xinfo' else row[1:]}" for row in rows]
        return lines
    finally:
        db.close()


def _restore_support(t: Target, conn: Any, desired: Schema) -> None:
    """What `schemakit migrate` does after applying a plan (`migrate.restore_support`): create schemakit's own
    support objects (its sk_ triggers) missing on the tables the case's `current` script made by hand, so that
    drift judges the plan, not the tables schemakit did not create."""
    statements = [s.sql for o, _ in missing_support_of(t, conn, desired) for s in o.create]
    if statements:
        cur = conn.cursor()
        for sql in statements:
            cur.execute(sql)
        conn.commit()


def run_case(pair: differential.Pair, file: str, case: differential.Case) -> PeerOutcome:
    """One case through `differential.run`, with drift's verdict checked against the catalog comparison
    once the plan is applied."""
    got = PeerOutcome(file, case.name)

    def check(conn: Any, desired: Schema, after: list[str]) -> None:
        t = Target("peer", pair.urls[0], System("peer", "a peer case", desired), engine=pair.dialect)
        t.namespaces = case.namespaces  # type: ignore[misc]  # the cached property, set: no system to build
        if not after:  # read as desired: does the engine itself describe both alike?
            a, b = engine_catalog(pair, 0, ordered=False), engine_catalog(pair, 1, ordered=False)
            got.engine_differs = [f"A: {x}" for x in a if x not in b][:2] + [f"B: {x}" for x in b if x not in a][:2]
        _restore_support(t, conn, desired)
        try:
            got.drift = drift_of(t, conn, desired)
        except Exception as e:  # an unexpected error of drift is a disagreement, not a crash of the run
            got.drift = [f"drift failed: {type(e).__name__}: {e}"]
        if bool(got.drift) != bool(after):
            got.disagrees = (f"drift says {'; '.join(got.drift[:2])}" if got.drift
                             else f"drift clean, catalog differs: {'; '.join(after[:2])}")

    try:
        out = differential.run(pair, case, check)
    except Exception as e:  # schemakit itself failed on the case (inspect refusing what it read, ...)
        text = str(e).strip().splitlines()
        out = differential.Outcome(case, "error", [f"{type(e).__name__}: {text[0] if text else ''}"])
    if out.status == differential.NOTHING_READ:
        same = engine_catalog(pair, 0) == engine_catalog(pair, 1)
        got.engine_differs = []
        if same:
            out = differential.Outcome(case, differential.CONVERGED, ["an empty plan: the engine holds both alike"],
                                       out.seconds)
        else:
            out.reasons = ["the engine's catalog differs but inspect reads both the same"]
    got.outcome = out
    return got


# -- the summary -------------------------------------------------------------------------------------
_NAMES = re.compile(r"\"[^\"]*\"|'[^']*'|`[^`]*`|\b\d+\b")


def reason_class(out: differential.Outcome) -> str:
    """The class of a non-converged outcome: its status and its first reason with names, literals and
    numbers blanked, so cases that fail alike fall together."""
    first = out.reasons[0] if out.reasons else ""
    first = re.sub(r"^(current|desired): ", "", first)
    first = re.sub(r"^(\[SKIP-[A-Z-]+\]) [^:]+: ", r"\1 ", first)  # a skip's subject (table.column) left out
    if out.status in ("failed to apply", "did not roll back") and ": " in first:
        first = first.split(": ", 1)[1]  # the engine's error, without the step's description
    first = _NAMES.sub("_", first)
    first = re.sub(r"\b(table|column|view|index|constraint|trigger|function|type|sequence) [\w.]+", r"\1 _", first)
    return f"{out.status}: {first[:110]}"


def summary(results: dict[str, list[PeerOutcome]]) -> str:
    """Per engine: cases, skipped, loadable, converged (count, % of loadable), drift disagreements; then
    the non-converged cases by reason class (biggest first), the disagreements, and the skips by reason."""
    lines = ["Peer suite (sqldef's cases, tests/peer.py): current -> desired, applied, read back, rolled back", ""]
    for engine, outs in results.items():
        run = [o for o in outs if o.outcome is not None]
        loadable = [o for o in run if o.loadable]
        ok = sum(o.converged for o in loadable)
        rate = 100.0 * ok / len(loadable) if loadable else 0.0
        dis = sum(o.disagrees is not None for o in run)
        differs = sum(bool(o.engine_differs) for o in loadable if o.converged)
        lines.append(f"{engine}: {len(outs)} cases, {len(outs) - len(run)} skipped, {len(loadable)} loadable, "
                     f"{ok} converged ({rate:.1f}%), {dis} drift disagreements; {differs} converged cases the "
                     "engine's own description tells apart")
    for engine, outs in results.items():
        bad = [o for o in outs if o.loadable and not o.converged]
        groups: dict[str, list[PeerOutcome]] = defaultdict(list)
        for o in bad:
            assert o.outcome is not None
            groups[reason_class(o.outcome)].append(o)
        if groups:
            lines += ["", f"{engine}: not converged, by reason class ({len(bad)})"]
            for cls, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
                lines.append(f"  [{len(members)}] {cls}")
                for o in members:
                    assert o.outcome is not None
                    lines.append(f"      {o.file}:{o.name}: {'; '.join(o.outcome.reasons[:2])[:200]}")
        dis = [o for o in outs if o.disagrees]
        if dis:
            lines += ["", f"{engine}: drift disagrees with the catalog comparison ({len(dis)})"]
            lines += [f"  {o.file}:{o.name}: {o.disagrees}"[:240] for o in dis]
        apart = [o for o in outs if o.converged and o.engine_differs]
        if apart:
            lines += ["", f"{engine}: converged (inspect reads A as desired), yet the engine describes A and B "
                          f"differently: what inspect does not see ({len(apart)})"]
            lines += [f"  {o.file}:{o.name}: {'; '.join(o.engine_differs)}"[:240] for o in apart]
        unloadable = [o for o in outs if o.outcome is not None and not o.loadable]
        if unloadable:
            lines += ["", f"{engine}: not loadable ({len(unloadable)})"]
            lines += [f"  {o.file}:{o.name}: {o.outcome.reasons[0][:160] if o.outcome and o.outcome.reasons else ''}"
                      for o in unloadable]
        skips = Counter(re.sub(r" [\d.']+$", "", o.skip) for o in outs if o.skip)
        if skips:
            lines += ["", f"{engine}: skipped: " + ", ".join(f"{why} ({n})" for why, n in skips.most_common())]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> int:
    """``python -m tests.peer DIR [engine ...]``: run the peer cases under DIR; print and write the summary
    (build/peer.txt). Exit 2 with one line when DIR holds no case for the engines named."""
    if not argv:
        print("usage: python -m tests.peer DIR [postgres|mariadb|sqlite ...]", file=sys.stderr)
        return 2
    root, engines = Path(argv[0]), list(argv[1:]) or ["postgres", "mariadb", "sqlite"]
    if not (root / "psqldef").is_dir() and (root / "cmd").is_dir():  # a checkout of sqldef itself: its cmd/ folder
        root = root / "cmd"
    unknown = [e for e in engines if e not in FOLDERS]
    if unknown:
        print(f"tests.peer: unknown engine {unknown[0]!r}: name postgres, mariadb, mysql or sqlite", file=sys.stderr)
        return 2
    missing = [str(root / FOLDERS[e]) for e in engines if not list((root / FOLDERS[e]).glob("tests*.yml"))]
    if missing:
        print(f"tests.peer: no tests*.yml under {missing[0]}: fetch sqldef's cmd/<tool>/tests*.yml there "
              f"(README, Differential suite)", file=sys.stderr)
        return 2
    results: dict[str, list[PeerOutcome]] = {}
    for engine in engines:
        pair = differential.Pair(engine)
        try:
            version = server_version(pair)
            outs: list[PeerOutcome] = []
            for file, name, why, case in load(root / FOLDERS[engine], pair.dialect.name, version):
                outs.append(PeerOutcome(file, name, skip=why) if case is None else run_case(pair, file, case))
            results[pair.dialect.name] = outs
        finally:
            pair.close()
    text = summary(results)
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
