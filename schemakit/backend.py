"""The yoyo backend `schemakit migrate` runs on: yoyo's own, with these refinements.

- The lock is schemakit's (`schemakit.lock`): the engine's session-scoped lock (a
  PostgreSQL advisory lock and a MySQL/MariaDB GET_LOCK on the backend's
  connection, a flock for SQLite), which the server or the operating system
  releases when a killed run's connection or process ends. `lock()` takes it
  (re-entrant: yoyo takes it again inside); yoyo's lock table is neither
  created nor used, so a killed run leaves nothing to clear. `break_lock`
  clears rows older versions left in an existing ``yoyo_lock``.
- The class comes from the dialect (`Dialect.yoyo_backend_class`), not from
  yoyo's URL-scheme lookup, which reads the installed packages' entry points on
  every call. The refinements are one engine-neutral mixin (`SchemakitBackend`);
  each registered engine gets one class combining it with its yoyo backend,
  made once when this module is imported (`BACKENDS`). Only yoyo's public
  methods are overridden and no private yoyo attribute is read: what schemakit
  must know of a run (the lock it holds, whether the bookkeeping was checked)
  it keeps itself (`RunState`).
- Whether the engine can roll DDL back is the dialect's `transactional_ddl`,
  not a probe: yoyo finds it out by creating (and, where DDL commits
  implicitly, dropping) a scratch table on every connect.
- A migration's ``_yoyo_log`` row and its ``_yoyo_migration`` row are written in
  one transaction (yoyo commits the log row on its own first); a run killed
  between the two can no longer log a migration it never recorded.
- A transactional migration (``__transactional__``, on an engine whose DDL is
  transactional) runs in the same transaction as those two rows, on the
  backend's own connection: it is applied and recorded together or not at
  all. yoyo runs it on a new connection (`copy`) and records it in a second
  transaction, leaving a window where a killed run has applied a migration
  without recording it. The others are recorded afterwards: PostgreSQL enum
  additions and CONCURRENTLY index builds, which must run outside a
  transaction, on a connection of their own, as in yoyo (the lock stays with
  the backend's connection meanwhile); on MySQL, where every DDL statement
  commits implicitly, on the backend's own connection (a connect saved per
  migration).
- A database without yoyo's bookkeeping tables gets their current layout
  directly (`create_current_layout`). Where DDL is transactional that
  transaction stays open (`release`) into the first migration's, which commits
  it: a new database gets one commit for bookkeeping, migration and record, and
  a failure before it leaves the database as it was. The lock is released
  after the last commit, so a waiting run never sees a half-made database.

Every connection (yoyo's and the one of its own each migration runs on) is set
up by the dialect (`Dialect.prepare_connection`: SQLite attaches namespaces).
"""
from __future__ import annotations

import getpass
import socket
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from typing import Any, Callable, Optional, Sequence

from yoyo.backends.base import DatabaseBackend
from yoyo.connections import parse_uri
from yoyo.internalmigrations import mark_schema_version, v2
from yoyo.migrations import default_migration_table

from schemakit import dialects
from schemakit.dialects.base import Dialect
from schemakit.dialects.urls import DbUrl

from . import lock
from .steps import batch


@dataclass
class RunState:
    """What schemakit keeps about one backend's run (yoyo keeps its own state privately)."""

    url: Optional[DbUrl] = None  # set by open_backend; yoyo's copies have none and never lock
    namespaces: tuple[str, ...] = ()  # made usable on every connection (`Dialect.prepare_connection`)
    held: Any = None  # the session lock's handle while the run holds it
    holding: bool = False  # a transaction left open for the first migration (see the module)
    checked: bool = False  # the bookkeeping tables were checked (created or upgraded) on this connection
    listed: Optional[frozenset] = None  # the default namespace's tables, listed under the lock (`listed_tables`)
    reused: Any = None  # a connection handed in (`open_backend`), taken by `connect` instead of a new one
    savepoints: bool = True  # False while a migration that never goes on past an error runs (`apply_one`)


class SchemakitBackend(DatabaseBackend):
    """schemakit's refinements of a yoyo backend (see the module), for every engine.

    Mixed in before the engine's yoyo backend class, itself a DatabaseBackend (`BACKENDS`);
    `dialect` is the engine's."""

    dialect: Dialect  # set on each engine's class

    def __init__(self, uri, migration_table, url: Optional[DbUrl] = None, namespaces: Sequence[str] = (),
                 connection: Any = None):
        self.run_state = RunState(url, tuple(namespaces), reused=connection)
        super().__init__(uri, migration_table)
        self.has_transactional_ddl = self.dialect.transactional_ddl  # yoyo would probe (and cache) it per URL
        self.dialect.prepare_connection(self.connection, self.run_state.namespaces)

    def connect(self, dburi):
        """The connection handed to `open_backend`, once; else the engine's backend's new one."""
        reused, self.run_state.reused = self.run_state.reused, None
        return reused if reused is not None else super().connect(dburi)

    def copy(self):
        """yoyo's copy (a backend on a connection of its own), with this one's namespaces; it never locks."""
        return type(self)(self.uri, self.migration_table, namespaces=self.run_state.namespaces)

    def init_database(self):
        """Nothing to do on connect: yoyo would create its lock table and probe transactional DDL."""

    @contextmanager
    def lock(self, timeout=None):
        """The run's lock: the engine's session lock (`schemakit.lock`), waited for up to
        `timeout` seconds (None: SCHEMAKIT_LOCK_WAIT). Re-entrant, like yoyo's.

        On leaving, what the open transaction holds (`release`) is committed, or rolled back
        when the block raised, and only then is the lock released."""
        run = self.run_state
        if run.held is not None:
            yield
            return
        run.held = lock.hold(self.dialect, self.connection, run.url, timeout)
        try:
            yield
        except BaseException:
            self.abandon()
            raise
        else:
            self.release()
        finally:
            held, run.held = run.held, None
            try:
                lock.release(self.dialect, self.connection, held)
            except self.DatabaseError:
                pass  # a broken connection: the server releases the lock as the session ends

    def abandon(self) -> None:
        """Roll back what the open transaction holds (bookkeeping of a new database)."""
        if self.run_state.holding:
            self.run_state.holding = False
            try:
                self.rollback()
            except self.DatabaseError:
                pass  # the connection is gone; the server rolled it back

    def release(self) -> None:
        """Commit what the open transaction holds (`create_missing_bookkeeping`), before the
        connection is used outside a migration's transaction or another connection needs it."""
        if self.run_state.holding:
            self.run_state.holding = False
            self.commit()

    def lock_holder(self):
        """Who holds this database's lock now (a `LockHolder`), or None; takes nothing."""
        return lock.holder(self.dialect, self.connection, self.run_state.url)

    def old_lock_rows(self) -> list[tuple]:
        """(pid, ctime) of the rows in yoyo's lock table, which older versions used; [] when
        there is no such table."""
        if self.lock_table not in self.list_tables():
            return []
        return [tuple(r) for r in self.execute(f"SELECT pid, ctime FROM {self.lock_table_quoted}").fetchall()]

    def break_lock(self):
        """Delete the rows of yoyo's lock table, if there is one (it is never created)."""
        if self.lock_table in self.list_tables():
            super().break_lock()

    def ensure_internal_schema_updated(self):
        """yoyo's, except that a database without bookkeeping tables gets the current layout
        directly, and that it runs once per backend (yoyo re-checks on every call until it
        has upgraded something)."""
        if self.run_state.checked:
            return
        with self.lock():
            if not self.create_missing_bookkeeping():
                super().ensure_internal_schema_updated()  # yoyo reads the layout version, upgrades if needed
        self.run_state.checked = True

    def listed_tables(self) -> frozenset:
        """The default namespace's tables (yoyo's `list_tables`), read once while the run's lock is held and
        kept for the bookkeeping check that follows (`create_missing_bookkeeping`): only schemakit, under that
        lock, creates yoyo's tables, so the list cannot go stale on them in between. Without the lock, read."""
        listed = frozenset(self.list_tables())
        if self.run_state.held is not None:
            self.run_state.listed = listed
        return listed

    def create_missing_bookkeeping(self) -> bool:
        """Create the bookkeeping tables when missing; True when it did. Where DDL is transactional
        the transaction stays open (`release`) for the first migration's commit (see the module);
        elsewhere each CREATE commits implicitly (https://dev.mysql.com/doc/refman/8.0/en/implicit-commit.html)."""
        listed, self.run_state.listed = self.run_state.listed, None  # this run's, under its lock: used once
        tables = set(listed if listed is not None and self.run_state.held is not None else self.list_tables())
        if self.migration_table in tables:
            return False
        if self.has_transactional_ddl:
            self.begin()
            self.run_state.holding = True
            create_current_layout(self, tables)
        else:
            with self.transaction():
                create_current_layout(self, tables)
        self.run_state.checked = True
        return True

    def apply_one(self, migration, force=False, mark=True, unlock=False):
        """yoyo's apply_one; a transactional migration commits together with its record.

        (`unlock` is accepted and ignored: the lock is released when the run's `lock()`
        block ends, after the last commit.)
        """
        self.ensure_internal_schema_updated()
        migration.load()
        if migration.use_transactions and self.has_transactional_ddl:
            # yoyo sets a savepoint before each step (and the migration), only ever rolled back to where a step
            # goes on past its error (ignore_errors, or force); elsewhere an error fails the migration and the
            # run rolls back its whole transaction (`lock`), so they are not set: a round trip each saved
            self.run_state.savepoints = force or _goes_on_past_errors(migration.steps or ())
            try:
                with self.transaction():  # a savepoint in the open transaction, if any
                    migration.process_steps(self, "apply", force=force)
                    self.record_applied(migration, mark)
            finally:
                self.run_state.savepoints = True
            self.release()
        else:
            with self.outside_transaction() as migration_backend:
                migration.process_steps(migration_backend, "apply", force=force)
            with self.transaction():
                self.record_applied(migration, mark)

    def savepoint(self, id):
        """yoyo's SAVEPOINT, unless the migration running never rolls back to one (`apply_one`)."""
        if self.run_state.savepoints:
            super().savepoint(id)

    def savepoint_rollback(self, id):
        """yoyo's ROLLBACK TO SAVEPOINT, where `savepoint` set it; else nothing: the error goes on up, and the run
        rolls back the whole transaction."""
        if self.run_state.savepoints:
            super().savepoint_rollback(id)

    def apply_baseline(self, statements, transactional: bool, migrations) -> None:
        """Run a squashed history (`schemakit.baseline`), then record each of `migrations` as
        applied: all in one transaction where DDL is transactional, else the statements on a
        connection of their own first (as yoyo runs a non-transactional migration)."""
        self.ensure_internal_schema_updated()
        def record() -> None:
            for m in migrations:
                self.record_applied(m, True)
        self.apply_statements(statements, transactional, record)

    def apply_statements(self, statements: Sequence[str], transactional: bool = True,
                         then: Callable[[], None] = lambda: None) -> None:
        """Run `statements`, then `then` (bookkeeping): all in one transaction where DDL is transactional
        (and `transactional`), else the statements on a connection of their own first (as yoyo runs a
        non-transactional migration), then `then` in a transaction."""
        run = batch(*statements)
        if transactional and self.has_transactional_ddl:
            with self.transaction():
                run(self.connection)
                then()
            self.release()
        else:
            with self.outside_transaction() as other:
                run(other.connection)
                other.connection.commit()
            with self.transaction():
                then()

    @contextmanager
    def outside_transaction(self):
        """The backend that runs statements outside a transaction: where DDL is
        transactional, yoyo's copy, a connection of its own (a PostgreSQL enum addition or
        CONCURRENTLY build cannot run inside a transaction block:
        https://www.postgresql.org/docs/15/sql-createindex.html); elsewhere this backend itself,
        once what it holds is committed: each DDL statement commits implicitly there anyway
        (https://mariadb.com/kb/en/sql-statements-that-cause-an-implicit-commit/), and the
        connect a copy costs is saved."""
        self.release()
        if not self.has_transactional_ddl:
            self.commit()  # ends the read snapshot of the bookkeeping SELECTs
            yield self
            return
        with self.copy() as other:
            yield other

    def record_applied(self, migration, mark: bool) -> None:
        """Log `migration` as applied and, with `mark`, record it, in the caller's transaction
        (yoyo's apply_one commits the log row on its own first)."""
        self.log_migration(migration, "apply")
        if mark:
            self.mark_one(migration, log=False)

    def get_log_data(self, migration=None, operation="apply"):
        """yoyo's ``_yoyo_log`` row (the same columns and values), with the host and user looked up once per process
        (`_who`): yoyo looks them up for every row."""
        host, user = _who()
        return {"id": str(uuid.uuid1()), "migration_id": migration.id if migration else None,
                "migration_hash": migration.hash if migration else None, "username": user, "hostname": host,
                "created_at_utc": datetime.now(timezone.utc).replace(tzinfo=None), "operation": operation}

    def mark_migrations(self, migrations):
        """yoyo's, committed (in the open transaction, if any)."""
        super().mark_migrations(migrations)
        self.release()

    def rollback_one(self, migration, force=False):
        """yoyo's, which runs the migration on a connection of its own."""
        self.release()
        super().rollback_one(migration, force)


# One backend class per registered engine that names a yoyo backend (`Dialect.yoyo_backend_class`):
# `SchemakitBackend` mixed into it, named after the engine (``SchemakitPostgresBackend``...), made
# here once, at import, and importable by name like any class of this module.
BACKENDS: dict[str, type] = {}  # engine name -> its backend class
for _d in dialects.all_dialects():
    try:
        _base = _d.yoyo_backend_class()
    except NotImplementedError:
        continue  # an engine schemakit cannot migrate
    _name = f"Schemakit{_d.name.title().replace('_', '')}Backend"
    BACKENDS[_d.name] = globals()[_name] = type(_name, (SchemakitBackend, _base), {
        "dialect": _d, "__module__": __name__, "__qualname__": _name,
        "__doc__": f"`SchemakitBackend` on yoyo's {_base.__name__}, for {_d.name}."})
del _d, _base, _name


@cache
def _who() -> tuple[str, str]:
    """This machine's name and this process's user, as yoyo logs them: `socket.getfqdn` is a reverse DNS lookup, which
    waits for the resolver's timeout on a machine whose resolver does not answer, so it is asked once, not per
    migration per tenant."""
    return socket.getfqdn(), getpass.getuser()


def _goes_on_past_errors(steps) -> bool:
    """Whether any of yoyo's `steps` (each a wrapper of a step or of a group of them) goes on past an error of
    its own (its ``ignore_errors``), which is where yoyo rolls back to the savepoint it set before it."""
    for s in steps:
        if getattr(s, "ignore_errors", None) or _goes_on_past_errors(getattr(s, "steps", None) or ()):
            return True
        inner = getattr(s, "step", None)
        if inner is not None and _goes_on_past_errors([inner]):
            return True
    return False


def open_backend(d: Dialect, url: DbUrl, namespaces: Sequence[str], connection: Any = None):
    """A connected yoyo backend for `url` (nothing is created until a run takes the lock); on `connection`, a
    finished tenant's (`Dialect.switch_tenant` made it `url`'s), instead of a new one."""
    cls = BACKENDS.get(d.name)
    if cls is None:
        raise NotImplementedError(f"{d.name}: no yoyo backend, so schemakit cannot migrate it")
    return cls(parse_uri(d.yoyo_url(url)), default_migration_table, url=url, namespaces=namespaces,
               connection=connection)


def create_current_layout(backend, tables: set) -> None:
    """yoyo's bookkeeping tables in their current layout (version 2), with yoyo's own DDL.

    yoyo bootstraps a new database by creating its version-1 migration table,
    then upgrading: create the log and version tables, copy, drop and recreate
    the migration table (on MySQL five DDL statements, each an implicit
    commit). The end state is the same. What is already there is kept and the
    migration table comes last, since yoyo takes its presence to mean the rest
    exists: where DDL commits implicitly, a run killed part-way leaves a state
    the next run completes.
    """
    for table, create in ((backend.log_table, v2.create_log_table), (backend.version_table, v2.create_version_table)):
        if table not in tables:
            create(backend)
    new = backend.version_table not in tables  # created just now: empty, nothing to count
    if new or backend.execute(f"SELECT COUNT(*) FROM {backend.version_table_quoted}").fetchone()[0] == 0:
        mark_schema_version(backend, 2)
    v2.create_migration_table(backend)
