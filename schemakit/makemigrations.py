"""`schemakit makemigrations`: yoyo migration files from the canonical schema.

For each dialect and system, the recorded state is the snapshot beside the
newest migration (``NNNN_<system>_<slug>.state.json``). The differ compares
it with the canonical schema, the dialect plans the typed changes into
steps with rollbacks, and one yoyo file is written per run of steps that can
share a transaction (PostgreSQL enum additions and concurrent index builds
get a file of their own with ``__transactional__ = False``; MySQL, whose DDL
commits implicitly, gets ``__transactional__ = False`` and one statement per
step). The system's ``baseline.json``, its history squashed for new
databases (see `schemakit.baseline`), follows the newest migration. Finally
the dialect's ``migrations/<dialect>/schemakit.sum`` is rewritten (`schemakit.checksum`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from schemakit import dialects
from schemakit.dialects.base import Dialect, Step
from schemakit.schema import serialize
from schemakit.schema.diff import diff, with_enum_additions, with_index_additions_held_back
from schemakit.schema.model import Schema
from schemakit.schema.safety import destructive_reason

from . import baseline, checksum
from .project import catalog_project

_FILE = re.compile(r"^(\d{4})_(\w+)\.py$")


class DestructiveChange(Exception):
    """A plan that would lose data and was not explicitly allowed."""


@dataclass(frozen=True)
class Migration:
    """One migration file on disk."""

    path: Path

    @property
    def id(self) -> str:
        """The yoyo migration id (the file name without .py)."""
        return self.path.stem

    @property
    def state_path(self) -> Path:
        """The canonical schema after this migration."""
        return self.path.with_suffix(".state.json")

    def state(self) -> Schema:
        """The recorded canonical schema after this migration (parsed once per version of the file: a run
        over many tenants reads the same states for each)."""
        stat = self.state_path.stat()
        return _state(str(self.state_path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _state(path: str, mtime_ns: int, size: int) -> Schema:
    """The schema of a state file as it is at (`mtime_ns`, `size`): a Schema is frozen, so one is shared."""
    return serialize.loads(Path(path).read_text())


TENANT_DIR = "tenant"  # the per-tenant stream's folder inside a system's folder


def system_dir(root: Path, dialect: str, system: str, tenant: bool = False) -> Path:
    """Where the migrations of `system` for `dialect` live: its shared stream, or with `tenant` its
    per-tenant stream (``<system>/tenant/``, applied inside each tenant's namespace)."""
    return root / dialect / system / TENANT_DIR if tenant else root / dialect / system


def streams(system) -> tuple[bool, ...]:
    """The migration streams of a `System`: (False,) for the shared one alone, (False, True) with tenancy."""
    return (False, True) if system.tenancy is not None else (False,)


def migrations_in(directory: Path) -> list[Migration]:
    """The migration files of a directory, in order."""
    if not directory.is_dir():
        return []
    return [Migration(p) for p in sorted(directory.iterdir()) if _FILE.match(p.name)]


def recorded_state(directory: Path) -> Schema:
    """The state after the newest migration (empty before the first)."""
    found = migrations_in(directory)
    return found[-1].state() if found else Schema()


def make(root: Path, dialect: str, system: str, allow_destructive: bool = False,
         name: Optional[str] = None, target: Optional[Schema] = None, tenant: bool = False) -> list[Path]:
    """Write the migrations that bring `system`'s shared stream (with `tenant`, its per-tenant stream)
    to its canonical schema (or `target`); return new files."""
    d = dialects.get(dialect)
    directory = system_dir(root, d.name, system, tenant)
    old = recorded_state(directory)
    new = target if target is not None else catalog_project().load_stream(system, tenant)
    label = f"{system}_{TENANT_DIR}" if tenant else system
    reasons = [r for r in map(destructive_reason, diff(old, new)) if r]
    if reasons and not allow_destructive:
        raise DestructiveChange(
            f"{system} ({d.name}): refusing destructive change(s): " + "; ".join(reasons)
            + ". Re-run with --allow-destructive if the data loss is intended.")
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    prev = old
    for target in _stages(d, old, new):
        steps = d.plan(prev, target)
        if not steps:
            continue
        done = migrations_in(directory)
        seq = len(done) + 1
        slug = _slug(name or ("initial" if seq == 1 else steps[0].description or "change"))
        path = directory / f"{seq:04d}_{label}_{slug}.py"
        path.write_text(_render(label, seq, steps, baseline.transactional(d, steps), [m.id for m in done[-1:]]))
        Migration(path).state_path.write_text(serialize.dumps(target))
        written.append(path)
        prev = target
    if refresh_baseline(d, directory) or written:
        checksum.write(root, [d.name])
    return written


def uncovered(root: Path, dialect: str, system: str, target: Schema, tenant: bool = False) -> list[str]:
    """The changes `make` would write for `system` (its per-tenant stream with `tenant`) on `dialect` to
    reach `target`, described, one per step; empty when the recorded migrations already reach it.
    Reads only: writes nothing."""
    d = dialects.get(dialect)
    directory = system_dir(root, d.name, system, tenant)
    prev, out = recorded_state(directory), []
    for stage in _stages(d, prev, target):
        out += [s.description or "a change" for s in d.plan(prev, stage)]
        prev = stage
    return out


def refresh_baseline(d: Dialect, directory: Path) -> bool:
    """Write (or remove) `directory`'s baseline.json to squash its migrations; True when it changed."""
    found = migrations_in(directory)
    squashed = baseline.build(d, [m.path for m in found], found[-1].state()) if found else None
    return baseline.write(directory, squashed)


def _stages(d: Dialect, old: Schema, new: Schema) -> list[Schema]:
    """Enum value additions first (their own migration: some engines cannot run
    them in a transaction), then everything else, then the index additions to
    existing tables that the dialect builds online (outside a transaction)."""
    stages = [with_enum_additions(old, new)]
    stages.append(with_index_additions_held_back(old, new, d.builds_index_online))
    stages.append(new)
    return [s for i, s in enumerate(stages) if s != (stages[i - 1] if i else old)]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "change"


def _sql(statements) -> str:
    if statements is None:
        return "None"
    texts = [s.sql for s in statements]
    # Always a batch: yoyo prints the result rows of a plain string step, which
    # sqlite3 reports even for some DDL.
    return "batch(\n" + "".join(f"            {_text(t)},\n" for t in texts) + "        )"


def _prose(text: str) -> str:
    """`text` (a step's description, which names tables) for the file's docstring and comments: a backslash, a
    double quote, a line break or NUL there would end the docstring, escape into it, or start a line of code."""
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")
            .replace("\x00", "\\x00"))


def _text(sql: str) -> str:
    """`sql` as a Python string literal: a raw triple-quoted one across lines when it can hold the text
    (no backslash, no \"\"\", not ending in a double quote, which would close it early), else `repr`."""
    if '"""' not in sql and "\\" not in sql and not sql.endswith('"'):
        return f'r"""{sql}"""' if "\n" in sql else repr(sql)
    return repr(sql)


def _render(system: str, seq: int, steps: Sequence[Step], transactional: bool, depends: list[str]) -> str:
    what = _prose("; ".join(s.description for s in steps if s.description)[:300] or "schema changes")
    body = "".join(f"    # {_prose(s.description)}\n    step(\n        {_sql(s.apply)},\n        {_sql(s.rollback)},\n"
                   "    ),\n" for s in steps)
    return (f'"""{system} migration {seq:04d}: {what}\n\n{baseline.GENERATED} Do not edit: '
            f'migrations/schemakit.sum records\nthis file, so an edit is caught before anything is applied.\n"""\n'
            "from yoyo import step\n\nfrom schemakit.steps import batch\n"
            + f"\n__depends__ = {set(depends)!r}\n__transactional__ = {transactional}\n\nsteps = [\n{body}]\n"
            )
