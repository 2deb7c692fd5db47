"""`schemakit migrate | rollback | unlock | drift`: applying migrations with yoyo.

Each system lives in a database of its own (two catalog systems both have a
`users` table). With no URL the embedded SQLite default is used:
``var/<system>.db`` under the working folder. With one system, `--database`
(or DATABASE_URL) names its database; with several, each system goes to
``<database>_<system>`` on that server (created when missing).

Before anything runs, `migrations/schemakit.sum` is verified. Runs take
the engine's session lock (`schemakit.lock`): a second run says who holds it
and waits, then fails clearly; a killed run's lock ends with its connection
or process, so there is none to clear. A run killed mid-way leaves either an
applied-but-unrecorded migration (recorded
on the next run, after checking the live schema matches) or, on MySQL where
DDL is not transactional, a half-applied one, which the next run refuses
with the exact `--repair` instruction.

A new database (no table, no migration recorded) gets the system's
``baseline.json`` instead of every file, when there is one and it stands for
exactly the files there (`schemakit.baseline`); ``--replay`` runs the files.
"""
from __future__ import annotations

import os
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

from . import baseline, checksum, lock
from .backend import open_backend
from .makemigrations import Migration, migrations_in, system_dir

DEFAULT_DIR = Path("var")
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
    from yoyo import read_migrations
    directory = system_dir(root, t.dialect.name, t.system)
    found = migrations_in(directory)
    if not found:
        raise MigrateError(f"no migrations for {t.system} on {t.dialect.name} in {directory}: "
                           f"run `schemakit makemigrations`")
    return found, read_migrations(str(directory))


class _Locked:
    """The run's lock (`Backend.lock`: the engine's session lock), with a clear message when it
    cannot be taken."""

    def __init__(self, backend, t: Target):
        self.backend, self.t, self.cm = backend, t, None

    def __enter__(self):
        try:
            self.cm = self.backend.lock(timeout=lock.wait_setting())
            return self.cm.__enter__()
        except (lock.LockBusy, lock.LockError) as e:
            raise MigrateError(f"{self.t.system}: {e}") from None

    def __exit__(self, *exc):
        return self.cm.__exit__(*exc)


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
    """Clear the lock rows older versions of schemakit left in yoyo's ``yoyo_lock`` table.

    Today's runs hold the engine's session lock, which ends with the run: there is nothing of
    theirs to clear, and a run in progress is only named. Nothing is ever created.
    """
    for t in targets(systems, database):
        backend = _open_backend(t)
        try:
            print(_clear_old_lock(backend, t))
        finally:
            backend.connection.close()


def _clear_old_lock(backend, t: Target) -> str:
    running = backend.lock_holder()
    now = (f"; a migration is running now, held by {running.describe()} (its lock ends with it)"
           if running else "")
    rows = backend.old_lock_rows()
    if not rows:
        return f"{t.system}: no lock to clear on {t.url.redacted}{now}"
    problem = t.dialect.unwritable(t.url)
    if problem:
        raise MigrateError(f"{t.system}: cannot clear the old lock on {t.url.redacted}: {problem}")
    try:
        backend.break_lock()
    except backend.DatabaseError as e:
        raise MigrateError(f"{t.system}: cannot clear the old lock on {t.url.redacted}: {_first_line(e)}") from None
    held = ", ".join(f"pid {pid} since {ctime}" for pid, ctime in rows)
    return f"{t.system}: cleared the lock an older schemakit left on {t.url.redacted} ({held}){now}"


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
