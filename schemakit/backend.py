"""The yoyo backend `schemakit migrate` runs on: yoyo's own, with these refinements.

- The class comes from the dialect (`Dialect.yoyo_backend_class`), not from
  yoyo's URL-scheme lookup, which reads the installed packages' entry points on
  every call.
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
  transaction, on a connection of their own, as in yoyo; on MySQL, where every
  DDL statement commits implicitly, on the backend's own connection (a connect
  saved per migration).
- A database without yoyo's bookkeeping tables gets their current layout
  directly (`create_current_layout`).
- The run's last migration releases the lock in the transaction that records
  it (yoyo deletes the lock row in a transaction of its own afterwards).
- On a new database the lock table, the first lock row and (where DDL is
  transactional) the bookkeeping tables are created in one transaction (yoyo:
  three, each committed), which the first migration's commit commits. A concurrent run's CREATE of the lock table waits
  for the first run's commit (PostgreSQL: on the catalog's unique index; SQLite: its write
  lock, https://www.sqlite.org/lockingv3.html), then fails, and that run waits
  for the lock as usual.

Every connection (yoyo's and the one of its own each migration runs on) is set
up by the dialect (`Dialect.prepare_connection`: SQLite attaches namespaces).
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from typing import Sequence

from dialects.base import Dialect
from dialects.urls import DbUrl

from .steps import batch


def open_backend(d: Dialect, url: DbUrl, namespaces: Sequence[str]):
    """A connected yoyo backend for `url` (the lock table is created by the first lock)."""
    from yoyo.connections import parse_uri
    from yoyo.migrations import default_migration_table
    return backend_class(d, tuple(namespaces))(parse_uri(d.yoyo_url(url)), default_migration_table)


@lru_cache(maxsize=None)
def backend_class(d: Dialect, namespaces: tuple[str, ...]) -> type:
    """The dialect's yoyo backend class with schemakit's refinements (see the module)."""
    base = d.yoyo_backend_class()

    class Backend(base):
        def __init__(self, uri, migration_table):
            super().__init__(uri, migration_table)
            self.has_transactional_ddl = d.transactional_ddl  # for copies too (yoyo caches its probe per URL)
            d.prepare_connection(self.connection, namespaces)

        def init_database(self):
            """Nothing to do on connect: the first lock creates the lock table (`_insert_lock_row`)."""

        def break_lock(self):
            """yoyo's break-lock, on a database that may not have a lock table yet."""
            self.create_lock_table()
            super().break_lock()

        def _insert_lock_row(self, pid, timeout, poll_interval=0.5):
            """yoyo's lock; on a new database one transaction creates the lock table, takes the lock
            and creates the bookkeeping tables (yoyo commits each of the three on its own).

            Where DDL is transactional that transaction stays open (`_holding`) into the first
            migration's, which commits it: a new database gets one commit for lock, bookkeeping,
            migration and record. A concurrent run meanwhile waits on the lock table's creation
            (see the module). A failure before that commit rolls all of it back (`_delete_lock_row`).
            Elsewhere each CREATE commits the lock row with it
            (https://dev.mysql.com/doc/refman/8.0/en/implicit-commit.html), so a failure there
            would leave the lock taken; the bookkeeping tables are created under the lock instead.
            """
            self._lock_released = False
            if self.has_transactional_ddl:
                self.begin()
                if self._created_lock_table():
                    super()._insert_lock_row(pid, timeout, poll_interval)  # nested: a savepoint
                    self._created_bookkeeping()
                    self._holding = True
                    return
                self.rollback()
            else:
                with self.transaction():
                    if self._created_lock_table():
                        super()._insert_lock_row(pid, timeout, poll_interval)
                        return
            super()._insert_lock_row(pid, timeout, poll_interval)  # the usual case: the table exists

        _holding = False

        def release(self) -> None:
            """Commit what the lock's open transaction holds (`_insert_lock_row`), before the
            connection is used outside a migration's transaction or another connection needs it."""
            if self._holding:
                self._holding = False
                self.commit()

        def _created_lock_table(self) -> bool:
            try:
                with self.transaction():  # nested: a savepoint, so a failure leaves the outer one usable
                    self.execute(self.format_sql(self.create_lock_table_sql))
                return True
            except self.DatabaseError:
                return False  # it exists (or a concurrent run just created it)

        def ensure_internal_schema_updated(self):
            """yoyo's, except that a database without bookkeeping tables gets the current layout directly."""
            if self._internal_schema_updated:
                return
            with self.lock():
                if not self._created_bookkeeping():
                    super().ensure_internal_schema_updated()  # yoyo reads the layout version, upgrades if needed
            self._internal_schema_updated = True  # yoyo sets it only after an upgrade, so re-checks per call

        def _created_bookkeeping(self) -> bool:
            tables = set(self.list_tables())
            if self.migration_table in tables:
                return False
            with self.transaction():
                create_current_layout(self, tables)
            self._internal_schema_updated = True
            return True

        def apply_one(self, migration, force=False, mark=True, unlock=False):
            """yoyo's apply_one; a transactional migration commits together with its record.

            With `unlock` (the run's last migration) the transaction that records the
            migration also deletes the run's lock row: the lock is released when it commits.
            """
            self.ensure_internal_schema_updated()
            migration.load()
            if migration.use_transactions and self.has_transactional_ddl:
                with self.transaction():  # a savepoint in the lock's open transaction, if any
                    migration.process_steps(self, "apply", force=force)
                    self._record(migration, mark, unlock)
                self.release()
            else:
                with self._outside_transaction() as migration_backend:
                    migration.process_steps(migration_backend, "apply", force=force)
                with self.transaction():
                    self._record(migration, mark, unlock)
            self._lock_released = unlock

        def apply_baseline(self, statements, transactional: bool, migrations) -> None:
            """Run a squashed history (`schemakit.baseline`), then record each of `migrations` as
            applied and release the run's lock with the records: all in one transaction where DDL
            is transactional, else the statements on a connection of their own first (as yoyo runs a
            non-transactional migration)."""
            self.ensure_internal_schema_updated()
            run = batch(*statements)
            if transactional and self.has_transactional_ddl:
                with self.transaction():
                    run(self.connection)
                    self._record_all(migrations)
                self.release()
            else:
                with self._outside_transaction() as other:
                    run(other.connection)
                    other.connection.commit()
                with self.transaction():
                    self._record_all(migrations)
            self._lock_released = True

        @contextmanager
        def _outside_transaction(self):
            """The backend that runs statements outside the lock's transaction: where DDL is
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

        def _record_all(self, migrations) -> None:
            for i, m in enumerate(migrations):
                self._record(m, True, unlock=i == len(migrations) - 1)

        def _record(self, migration, mark: bool, unlock: bool) -> None:
            self.log_migration(migration, "apply")
            if mark:
                self.mark_one(migration, log=False)
            if unlock:
                super()._delete_lock_row(os.getpid())  # yoyo's: a DELETE, in this transaction

        _lock_released = False

        def _delete_lock_row(self, pid):
            if self._holding:  # no migration committed the lock's transaction
                self._holding = False
                if self._is_locked:  # yoyo's lock() leaves it set when the locked block raised
                    self.rollback()  # lock table, lock and bookkeeping too: the database is as it was
                    return
                super()._delete_lock_row(pid)  # nested: a savepoint
                self.commit()
            elif not self._lock_released:  # else the last migration's commit released it
                super()._delete_lock_row(pid)

        def mark_migrations(self, migrations):
            """yoyo's, committed (in the lock's open transaction, if any)."""
            super().mark_migrations(migrations)
            self.release()

        def rollback_one(self, migration, force=False):
            """yoyo's, which runs the migration on a connection of its own."""
            self.release()
            super().rollback_one(migration, force)

    Backend.__name__ = Backend.__qualname__ = f"Schemakit{base.__name__}"
    return Backend


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
    from yoyo.internalmigrations import mark_schema_version, v2
    for table, create in ((backend.log_table, v2.create_log_table), (backend.version_table, v2.create_version_table)):
        if table not in tables:
            create(backend)
    if backend.execute(f"SELECT COUNT(*) FROM {backend.version_table_quoted}").fetchone()[0] == 0:
        mark_schema_version(backend, 2)
    v2.create_migration_table(backend)
