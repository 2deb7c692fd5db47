"""`schemakit migrate | rollback | unlock | drift`: applying migrations with yoyo.

Each system lives in a database of its own (two catalog systems both have a
`users` table). With no URL the embedded SQLite default is used:
``var/<system>.db`` under the working folder. With one system, `--database`
(or DATABASE_URL) names its database; with several, each system goes to
``<database>_<system>`` on that server (created when missing).

Before anything runs, `migrations/schemakit.sum` is verified. Runs take
yoyo's lock (a second run waits, then fails clearly); a lock left behind by
a killed run is detected and the command that clears it is named. A run
killed mid-way leaves either an applied-but-unrecorded migration (recorded
on the next run, after checking the live schema matches) or, on MySQL where
DDL is not transactional, a half-applied one, which the next run refuses
with the exact `--repair` instruction.

A new database (no table, no migration recorded) gets the system's
``baseline.json`` instead of every file, when there is one and it stands for
exactly the files there (`schemakit.baseline`); ``--replay`` runs the files.
"""
from __future__ import annotations

import os
import socket
import sys
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Optional, Sequence

import dialects
from dialects import urls
from dialects.base import Dialect
from schema import catalog
from schema.diff import diff
from schema.model import Schema

from . import baseline, checksum
from .backend import open_backend
from .makemigrations import Migration, migrations_in, system_dir

DEFAULT_DIR = Path("var")
LOCK_WAIT = float(os.environ.get("SCHEMAKIT_LOCK_WAIT", "60"))
YOYO_TABLES = ("_yoyo_migration", "_yoyo_log", "_yoyo_version", "yoyo_lock")


class MigrateError(Exception):
    """A migration problem with a message for the user (no traceback)."""


@dataclass
class Target:
    """One system and the database it lives in."""

    system: str
    url: urls.DbUrl

    @property
    def dialect(self) -> Dialect:
        """The dialect of the target database."""
        return dialects.get(self.url.dialect)

    @cached_property
    def namespaces(self) -> tuple[str, ...]:
        """The system's namespaces besides the default one. Read off the built schema without
        validating it: migrate applies the recorded migrations, not the catalog (`ddl`,
        `makemigrations` and `drift` validate it)."""
        return catalog.get(self.system).build(None).namespaces


def targets(systems: Sequence[str], database: Optional[str]) -> list[Target]:
    """Where each system lives, from --database / DATABASE_URL or the SQLite default."""
    for s in systems:
        catalog.get(s)  # unknown names fail here, with the list of systems
    database = database or os.environ.get("DATABASE_URL")
    if not database:
        return [Target(s, urls.DbUrl("sqlite", database=str(DEFAULT_DIR / f"{s}.db"))) for s in systems]
    url = urls.parse(database)
    if len(systems) == 1:
        return [Target(systems[0], url)]
    if not url.database:
        raise MigrateError(f"{url.redacted} names no database: add /<name> to the URL")
    d = dialects.get(url.dialect)
    return [Target(s, d.sibling_database(url, s)) for s in systems]


def _open_backend(t: Target):
    """A yoyo backend for the target, with clear errors for every failure."""
    d, namespaces = t.dialect, t.namespaces
    try:
        try:
            return open_backend(d, t.url, namespaces)  # one connect where the database exists
        except ImportError:
            raise
        except Exception:  # the driver's "unknown database" error differs per engine
            d.ensure_database(t.url)
            return open_backend(d, t.url, namespaces)
    except ImportError as e:
        raise MigrateError(f"the driver for {t.url.dialect} is missing ({e.name}): run `make setup`") from None
    except Exception as e:  # driver errors differ per engine; all mean "cannot connect"
        raise MigrateError(f"cannot connect to {t.url.redacted}: {_first_line(e)}") from None


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0] if text else ''}"


def _migrations(root: Path, t: Target):
    """The system's migration files, and yoyo's list of the same files. Every file yoyo would run
    must be one of schemakit's (``NNNN_<name>.py``): schemakit could neither squash nor reconcile
    another (a ``.sql`` file, a ``post-apply`` hook), so one is refused, naming it, before anything
    runs. yoyo reads its source as a glob pattern: the folder's name is escaped."""
    from glob import escape

    from yoyo import read_migrations
    from yoyo.exceptions import MigrationConflict
    directory = system_dir(root, t.dialect.name, t.system)
    found = migrations_in(directory)
    if not found:
        raise MigrateError(f"no migrations for {t.system} on {t.dialect.name} in {directory}: "
                           f"run `schemakit makemigrations`")
    try:
        migs = read_migrations(escape(str(directory)))
    except MigrationConflict as e:  # two files with one id (NNNN_x.py and NNNN_x.sql)
        raise MigrateError(f"{directory}: two files are migration {e}; nothing was run. Keep only {e}.py") from None
    known = {m.id for m in found}
    for m in list(migs) + list(migs.post_apply):
        if m.id not in known or Path(m.path).suffix != ".py":
            raise MigrateError(f"{m.path}: yoyo would run it as a migration, but it is not a schemakit migration "
                               f"(NNNN_<name>.py); nothing was run. Remove it, or write the change as a "
                               f"NNNN_<name>.py migration (`schemakit makemigrations` writes them)")
    return found, migs


class _Locked:
    """yoyo's lock with a clear message when it cannot be taken."""

    def __init__(self, backend, t: Target):
        self.backend, self.t, self.cm = backend, t, None

    def __enter__(self):
        from yoyo.exceptions import LockTimeout
        self.cm = self.backend.lock(timeout=LOCK_WAIT)
        try:
            return self.cm.__enter__()
        except LockTimeout:
            raise MigrateError(_lock_message(self.backend, self.t)) from None

    def __exit__(self, *exc):
        return self.cm.__exit__(*exc)


def _lock_message(backend, t: Target) -> str:
    rows = backend.execute("SELECT pid, ctime FROM yoyo_lock").fetchall()
    if not rows:
        return f"{t.url.redacted} stayed locked for {LOCK_WAIT:.0f} s; try again"
    pid, since = rows[0]
    alive = _pid_alive(int(pid))
    if alive:
        return (f"another migration (pid {pid} on this machine) has held the lock on {t.url.redacted} since {since}; "
                f"waited {LOCK_WAIT:.0f} s — run again when it has finished")
    return (f"stale migration lock on {t.url.redacted}: process {pid} took it at {since} and is no longer running "
            f"on {socket.gethostname()}. If no migration is running anywhere, clear it with: "
            f"schemakit unlock {t.system} --database '{t.url.redacted}'")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def live_schema(t: Target, conn) -> Schema:
    """The target database read back, without yoyo's bookkeeping tables."""
    live = t.dialect.introspect(conn, (None,) + t.namespaces)
    return Schema(tuple(x for x in live.tables if x.name not in YOYO_TABLES))


def _has_tables(t: Target, conn) -> bool:
    """Whether the target database holds any table besides yoyo's bookkeeping (one catalog query)."""
    names = t.dialect.table_names(conn, (None,) + t.namespaces)
    return any(name not in YOYO_TABLES for _, name in names)


def _matches(t: Target, live: Schema, state: Schema) -> bool:
    return not diff(t.dialect.lower(state).schema, live)


def _reconcile(t: Target, backend, files: list[Migration], first_pending: str, repair: bool,
               squashed: bool) -> int:
    """Handle a run that was killed mid-way: how many of the pending migrations are already in place.

    With `squashed` (nothing recorded, and a baseline stands for every file) the database may also
    be where the baseline leaves it, or, with `repair`, is completed to there.
    """
    idx = [m.id for m in files].index(first_pending)
    before = files[idx - 1].state() if idx else Schema()
    targets_ = [(files[idx].state(), 1)] + ([(files[-1].state(), len(files))] if squashed and len(files) > 1 else [])
    live = live_schema(t, backend.connection)
    if _matches(t, live, before):
        return 0
    for state, n in targets_:
        if _matches(t, live, state):
            return n  # applied, but the run died before yoyo recorded it
    after, n = targets_[-1]
    if not repair:
        raise MigrateError(
            f"{t.system}: the database is neither before nor after migration {files[idx + n - 1].id} (a run was "
            f"interrupted mid-way). Differences from the migration's target:\n  "
            + "\n  ".join(c.describe() for c in diff(t.dialect.lower(after).schema, live))
            + f"\nTo complete it, run: schemakit migrate {t.system} --repair --database '{t.url.redacted}'")
    target = t.dialect.lower(after).schema
    steps = t.dialect.plan_changes(live, target, diff(live, target))
    backend.release()  # the repair runs its own transactions
    t.dialect.apply(backend.connection, [stmt for s in steps for stmt in s.apply])
    return n


def migrate(systems: Sequence[str], database: Optional[str] = None, root: Path = Path("migrations"),
            dry_run: bool = False, repair: bool = False, say: Callable[[str], None] = print,
            replay: bool = False) -> int:
    """Apply pending migrations; returns how many were applied (or would be, with dry_run).

    A new database gets the system's baseline.json, unless `replay` (or there is none that
    stands for the migration files)."""
    checksum.verify(root)
    total = 0
    for t in targets(systems, database):
        total += _migrate_one(t, root, dry_run, repair, replay, say)
    return total


def _migrate_one(t: Target, root: Path, dry_run: bool, repair: bool, replay: bool, say) -> int:
    files, migs = _migrations(root, t)
    backend = _open_backend(t)
    with _Locked(backend, t):
        unrecorded = not backend.get_applied_migration_hashes()
        squashed, why = baseline.load(files[0].path.parent, [m.path for m in files]) \
            if unrecorded and len(files) > 1 and not replay else (None, "")
        empty = unrecorded and not _has_tables(t, backend.connection)
        started = time.perf_counter()
        if empty and squashed:  # the files are not loaded: yoyo needs only their ids here
            if dry_run:
                say(_describe_baseline(squashed, files))
            else:
                _apply_baseline(backend, squashed, migs, t)
                say(f"{t.system}: applied {len(migs)} migration(s) to {t.url.redacted} in "
                    f"{time.perf_counter() - started:.2f}s, as their squashed {baseline.FILE} (a new database)")
            return len(migs)
        pending = backend.to_apply(migs)
        if not pending:
            say(f"{t.system}: {t.url.redacted} is up to date ({len(files)} migration(s) applied); nothing to do")
            return 0
        if dry_run:
            say("\n".join(map(_describe_sql, pending)))
            return len(pending)
        done = 0 if empty else _reconcile(t, backend, files, pending[0].id, repair, squashed is not None)
        if done:
            backend.mark_migrations(migs.__class__(pending[:done]))
            say(f"{t.system}: {', '.join(m.id for m in pending[:done])} already in place (an earlier run stopped "
                f"before recording it); recorded")
        for i, m in enumerate(pending[done:], start=done):
            _apply(backend, m, t, last=i == len(pending) - 1)
        note = f" (replayed: {why})" if empty and why and not replay else ""
        say(f"{t.system}: applied {len(pending)} migration(s) to {t.url.redacted} in "
            f"{time.perf_counter() - started:.2f}s{note}")
        return len(pending)


def _apply_baseline(backend, squashed: baseline.Baseline, pending, t: Target) -> None:
    try:
        backend.apply_baseline(squashed.statements, squashed.transactional, pending)
    except backend.DatabaseError as e:
        raise MigrateError(f"{t.system}: {baseline.FILE} (the squashed {pending[0].id} .. {pending[-1].id}) failed on "
                           f"{t.url.redacted}: {_first_line(e)}. Nothing of it remains applied where the engine "
                           f"allows; fix the cause and run migrate again, or run it with --replay") from None


def _describe_baseline(squashed: baseline.Baseline, files: list[Migration]) -> str:
    head = f"-- {baseline.FILE}: {', '.join(m.id for m in files)} squashed (a new database)"
    return "\n".join([head] + [f"{x};" for x in squashed.statements])


def _apply(backend, m, t: Target, last: bool) -> None:
    try:
        backend.apply_one(m, unlock=last)  # the last one releases the lock as it commits
    except backend.DatabaseError as e:
        raise MigrateError(f"{t.system}: migration {m.id} failed on {t.url.redacted}: {_first_line(e)}. "
                           f"Nothing of it remains applied where the engine allows; fix the cause and run migrate again") from None


def _describe_sql(m) -> str:
    return "\n".join([f"-- {m.id}"] + [f"{x};" for x in migration_statements(m)])


def migration_statements(m) -> list[str]:
    """The SQL texts a yoyo migration applies, in order (step bodies are strings or `steps.batch`)."""
    m.load()
    out = []
    for s in m.steps:
        body = getattr(s, "step", s)._apply
        texts = getattr(body, "statements", None) or [body]
        out += [x for x in texts if isinstance(x, str)]
    return out


def rollback(systems: Sequence[str], database: Optional[str] = None, root: Path = Path("migrations"),
             count: int = 1, say: Callable[[str], None] = print) -> int:
    """Undo the last `count` applied migrations of each system."""
    checksum.verify(root)
    total = 0
    for t in targets(systems, database):
        files, migs = _migrations(root, t)
        backend = _open_backend(t)
        with _Locked(backend, t):
            todo = list(backend.to_rollback(migs))[:count]
            for m in todo:
                try:
                    backend.rollback_one(m)
                except backend.DatabaseError as e:
                    raise MigrateError(f"{t.system}: rollback of {m.id} failed: {_first_line(e)}") from None
            say(f"{t.system}: rolled back {len(todo)} migration(s)" + (f": {', '.join(m.id for m in todo)}" if todo else ""))
            total += len(todo)
    return total


def unlock(systems: Sequence[str], database: Optional[str] = None) -> None:
    """Remove a stale yoyo lock."""
    for t in targets(systems, database):
        _open_backend(t).break_lock()
        print(f"{t.system}: lock on {t.url.redacted} cleared")


def drift(system: str, database: Optional[str]) -> list[str]:
    """Differences between the live database and the canonical schema (degradations allowed)."""
    t = targets([system], database)[0]
    d = t.dialect
    try:
        conn = d.connect(t.url)
    except ImportError as e:
        raise MigrateError(f"the driver for {t.url.dialect} is missing ({e.name}): run `make setup`") from None
    except Exception as e:
        raise MigrateError(f"cannot connect to {t.url.redacted}: {_first_line(e)}") from None
    try:
        live = live_schema(t, conn)
    finally:
        conn.close()
    return [c.describe() for c in diff(d.lower(catalog.load(system)).schema, live)]
