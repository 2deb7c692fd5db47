"""`schemakit migrate | rollback | unlock | drift`: applying migrations with yoyo.

Each system lives in a database of its own (two catalog systems both have a
`users` table). With no URL the embedded SQLite default is used:
``var/<system>.db`` under the working folder. With one system, `--database`
(or DATABASE_URL) names its database; with several, each system goes to
``<database>_<system>`` on that server (created when missing).

Before anything runs, the sum of the dialect the command runs on
(`migrations/<dialect>/schemakit.sum`) is verified. Runs take
the engine's session lock (`schemakit.lock`): a second run says who holds it
and waits, then fails clearly; a killed run's lock ends with its connection
or process, so there is none to clear. A run killed mid-way leaves either an
applied-but-unrecorded migration (recorded
on the next run, after checking the live schema matches) or, on MySQL where
DDL is not transactional, a half-applied one, which the next run refuses
with the exact `--repair` instruction.

The engine is the URL's, or the variant of it the server is: a ``mysql://`` URL
that reaches MariaDB selects the ``mariadb`` dialect (one connection to the
server, `server_dialect`). A system with no migrations for that variant but
with its parent's (a project from before the variant existed) keeps using the
parent's, and one line says so (`migrations_dialect`).

A new database (no table, no migration recorded) gets the system's
``baseline.json`` instead of every file, when there is one and it stands for
exactly the files there (`schemakit.baseline`); ``--replay`` runs the files.
"""
from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Collection, Optional, Sequence

from schemakit.dialects import urls
from schemakit.dialects.base import DbObject, Dialect, Skipped
from schemakit.schema.diff import (
    AddColumn, AddConstraint, AddIndex, AddTable, AlterColumn, DropColumn, DropConstraint, DropIndex, DropTable,
    TableKey, diff, drift_lines,
)
from schemakit.schema.model import Schema
from schemakit.schema.ownership import subject
from schemakit.schema.safety import destructive_reason

from . import baseline, lock, replicas, steps
from .held import held, missing_support, unmanaged
from .ignore import IgnoreRule, kept
from .makemigrations import Migration, migrations_in, system_dir
from .memo import by_identity
from .options import first_line
from .project import Project, catalog_project
from .targets import DEFAULT_DIR, MigrateError, NoSuchDatabase, Target, connect, connecting, targets, verified_targets

YOYO_TABLES = ("_yoyo_migration", "_yoyo_log", "_yoyo_version", "yoyo_lock")


def _open_backend(t: Target, create: bool = True, writes: bool = True, reuse: Optional["Reused"] = None):
    """A yoyo backend for the target, with clear errors for every failure; on a connection of `reuse`
    where it has one for the target (`Reused.take`).

    Only `create` (a migrate that will run) creates a missing database; any other command gets
    `NoSuchDatabase` and leaves no trace: no database, no file, no bookkeeping table. One connect
    where the database exists; a failed authentication is never retried. For a command that
    `writes`, a server that accepts no writes (a replica) is refused on that first connection,
    before anything is written (`replicas.refuse_read_only`). A kept connection that finds the
    database missing creates it itself, after that refusal (`_create_on`): no connect at all. Where the
    engine can create a database on a connection and move it there (MariaDB: `Dialect.ensure_database_on`), a missing one is
    created the same way on one connection to the server, which the backend then uses: one connect, not
    three (the refusal's, the creation's, the backend's)."""
    from .backend import open_backend  # imports yoyo and every engine's yoyo backend: only where one is opened
    d, namespaces = t.dialect, t.namespaces
    asked = False  # the server's read-only setting was asked on the backend's connection already (`_create_on`)
    with connecting(t):
        taken = reuse.take(t) if reuse is not None else None
        if reuse is not None and taken is not None and taken.missing is not None:
            _create_on(t, taken.conn, taken.missing, create, reuse)
            asked = writes
        elif taken is None and not create:
            d.connect(t.url).close()  # fails, creating nothing, where the database does not exist
        try:
            backend = open_backend(d, t.url, namespaces, taken.conn if taken is not None else None)
        except Exception as e:  # the driver's "unknown database" error differs per engine: the dialect knows it
            if not (create and d.missing_database(e)):
                raise
            if d.creates_databases_on_connections:  # one connection: the server's, refused if read-only, moved to the
                conn = d.connect(t.url.with_database(d.admin_database))  # database it creates (`_create_on`)
                _create_on(t, conn, e, create, reuse)
                try:
                    backend = open_backend(d, t.url, namespaces, conn)
                except BaseException:
                    _close_quietly(conn)
                    raise
                asked = writes
            else:
                _refuse_read_only(t, t.url.with_database(d.admin_database) if d.has_server else None)
                d.ensure_database(t.url, t.own_folder)  # safe against a concurrent run creating it too
                backend = open_backend(d, t.url, namespaces)
    if writes and not asked:
        try:
            replicas.refuse_read_only(d, backend.connection, f"{t.system}: {t.url.redacted}")
        except replicas.ReadOnlyServer:
            backend.connection.close()
            raise
    if create and t.tenant is not None:  # a tenant's schema (schemakit/tenants.py), on the run's own connection
        d.ensure_tenant_namespace(backend.connection, t.url)
    return backend


def _create_on(t: Target, conn, missing: BaseException, create: bool, reuse: Optional["Reused"]) -> None:
    """The target's database, which the kept connection `conn` found missing (`missing`: the driver's error,
    `Reused.take`), created on `conn` (`Dialect.ensure_database_on`), which becomes the target's; a replica
    refused first, on that same connection (`replicas.refuse_read_only`). Without `create`, `conn` is given
    back and `missing` raised (`_connecting` makes it `NoSuchDatabase`): nothing is created."""
    if not create:
        if reuse is not None:
            reuse.give(conn)
        raise missing
    try:
        replicas.refuse_read_only(t.dialect, conn, f"{t.system}: {t.url.redacted}")
        t.dialect.ensure_database_on(conn, t.url)  # safe against a concurrent run creating it too
    except BaseException:
        _close_quietly(conn)
        raise


def _refuse_read_only(t: Target, url: Optional[urls.DbUrl]) -> None:
    """`replicas.refuse_read_only` on a connection of its own to `url` (the target's server, on its admin
    database), before a missing database is created; nothing to ask without a server (None)."""
    if url is None:
        return
    conn = t.dialect.connect(url)
    try:
        replicas.refuse_read_only(t.dialect, conn, f"{t.system}: {t.url.redacted}")
    finally:
        conn.close()


def _migrations(root: Path, t: Target):
    """The system's migration files, and yoyo's list of the same files. Every file yoyo would run
    must be one of schemakit's (``NNNN_<name>.py``): schemakit could neither squash nor reconcile
    another (a ``.sql`` file, a ``post-apply`` hook), so one is refused, naming it, before anything
    runs. yoyo reads its source as a glob pattern: the folder's name is escaped."""
    from glob import escape

    from yoyo import read_migrations
    from yoyo.exceptions import MigrationConflict
    directory = system_dir(root, t.dialect.name, t.system, t.tenant is not None)
    found = migrations_in(directory)
    if not found:
        raise MigrateError(f"no migrations for {t.label} on {t.dialect.name} in {directory}: "
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


def live_schema(t: Target, conn, tables: Optional[Collection[TableKey]] = None,
                skipped: Optional[list[Skipped]] = None, types: Collection[TableKey] = ()) -> Schema:
    """The target database read back, without yoyo's bookkeeping tables; with `tables`, only those.
    Of the types declared by themselves (`Schema.types`), only those keyed `types` (the ones the
    model owns: the others are someone else's, and drift lists them as not managed).
    With a `skipped` list, what the model cannot hold is left out and recorded there (`Dialect.introspect`)."""
    live = t.dialect.introspect(conn, (None,) + t.namespaces, tables, skipped)
    return replace(live, tables=tuple(x for x in live.tables if x.name not in YOYO_TABLES),
                   types=tuple(x for x in live.types if x.key in types))


def _table_keys(t: Target, conn) -> list[TableKey]:
    """(namespace, name) of every table of the target's namespaces besides yoyo's bookkeeping (one catalog query)."""
    return [k for k in t.dialect.table_names(conn, (None,) + t.namespaces) if k[1] not in YOYO_TABLES]


def owned_keys(files: Sequence[Migration]) -> set[TableKey]:
    """The tables schemakit owns in a system's database: those of any of its migrations' states.
    Anything else there belongs to someone else and is never read, changed or dropped."""
    return {tb.key for m in files if m.state_path.exists() for tb in m.state().tables}  # hand-written: none


def owned_types(files: Sequence[Migration]) -> set[TableKey]:
    """(namespace, name) of the types schemakit declared by themselves in any of its migrations' states."""
    return {x.key for m in files if m.state_path.exists() for x in m.state().types}


def listed_live(t: Target, conn, keys: Sequence[TableKey], types: Collection[TableKey] = ()) -> tuple[Schema, list[str]]:
    """The tables `keys` read back, and a drift line for each thing on them the model cannot hold.

    Each engine's introspection raises a ValueError on such a thing (a column of a type the model
    does not know, added by hand): the tables are then read again with it left out and listed, so
    drift reports it instead of failing."""
    try:
        return live_schema(t, conn, keys, types=types), []
    except ValueError:
        skipped: list[Skipped] = []
        live = live_schema(t, conn, keys, skipped, types)
    held = [x.qualified for x in live.tables]
    return live, [f"not held by schemakit: {s}" for s in skipped
                  if any(s.name == q or s.name.startswith(q + ".") for q in held)]


def _owned_live(t: Target, conn, files: Sequence[Migration]) -> Schema:
    """The owned tables read back, for a decision (adopt, baseline, repair): what the model cannot hold
    there stops it with one line, since a plan made without it could lose it."""
    owned = owned_keys(files)
    views = {v.key for m in files if m.state_path.exists() for v in m.state().views}
    try:
        tables = [k for k in _table_keys(t, conn) if k in owned]
        states = [m.state() for m in files if m.state_path.exists()]
        code = {x.key for st in states for x in st.sequences + st.routines + st.triggers}
        live = live_schema(t, conn, tables, types=owned_types(files))
        live = replace(live, views=tuple(v for v in live.views if v.key in views))
        return t.dialect.code().owned(conn, live, (None,) + t.namespaces, tables, code)
    except ValueError as e:
        raise MigrateError(f"{t.system}: a table schemakit owns on {t.url.redacted} holds what its model cannot "
                           f"({e}); nothing was changed. `drift` lists it: move it out of the table, or into "
                           "the schema where the model can hold it") from None


def _compared(t: Target, conn, model: Schema, live: Schema) -> tuple[Schema, Schema]:
    """(`model`, `live`) ready for `diff`: the live views the model holds only, and the model's view
    bodies, routines and triggers as the engine stores them (`compared_views`, `EngineCode.stored`)."""
    model, live = compared_views(t, conn, model, live)
    return t.dialect.code().stored(conn, model, live), live


def _matches(t: Target, live: Schema, state: Schema, conn) -> bool:
    return not diff(*_compared(t, conn, t.dialect.lower(state).schema, live))


def _names(keys: Sequence[TableKey]) -> str:
    shown = [f"{ns}.{name}" if ns else name for ns, name in keys]
    return ", ".join(shown[:10]) + (f" and {len(shown) - 10} more" if len(shown) > 10 else "")


def _command(t: Target, *args: str) -> str:
    """A schemakit command for the user to run against the target: its URL without the password,
    and where the password comes from."""
    hint = t.dialect.password_hint(t.url) if t.url.password else ""
    if t.tenant is not None and t.shared_url is not None:  # the tenant's stream: named by its id, on the shared URL
        return (f"schemakit {args[0]} {t.system} --tenant {t.tenant} {' '.join(args[1:])} --database "
                f"'{t.shared_url.display_without_password}'").replace("  ", " ") + (f" ({hint})" if hint else "")
    return f"schemakit {' '.join(args)} {t.system} --database '{t.url.display_without_password}'" + \
        (f" ({hint})" if hint else "")


def _reconcile(t: Target, backend, files: list[Migration], first_pending: str, repair: bool,
               squashed: bool) -> int:
    """Handle a run that was killed mid-way: how many of the pending migrations are already in place.

    Only the tables schemakit owns are compared (`owned_keys`). With `squashed` (nothing recorded,
    and a baseline stands for every file) the database may also be where the baseline leaves it.
    With `repair`, the interrupted migration is completed: only the objects it creates or alters
    are touched (`_repair_changes`), nothing else in the database.
    """
    idx = [m.id for m in files].index(first_pending)
    before = files[idx - 1].state() if idx else Schema()
    targets_ = [(files[idx].state(), 1)] + ([(files[-1].state(), len(files))] if squashed and len(files) > 1 else [])
    live = _owned_live(t, backend.connection, files)
    if _matches(t, live, before, backend.connection) or _before_with_users_indexes(t, live, before, targets_[0][0],
                                                                                  backend.connection):
        return 0
    for state, n in targets_:
        if _matches(t, live, state, backend.connection):
            return n  # applied, but the run died before yoyo recorded it
    after, n = targets_[-1]
    changes = _repair_changes(t, before, after, live)
    if not repair:
        raise MigrateError(
            f"{t.system}: the database is neither before nor after migration {files[idx + n - 1].id} (a run was "
            f"interrupted mid-way). What the database has, against the migration's target:\n  "
            + "\n  ".join(drift_lines(diff(t.dialect.lower(after).schema, live)))
            + (f"\nTo complete it ({len(changes)} change(s), only to what the migration itself creates or alters), "
               f"run: {_command(t, 'migrate', '--repair')}" if changes else
               "\nNothing of what the migration creates or alters is missing: the rest is not schemakit's to "
               "change. Make those objects match, then run migrate again"))
    target = t.dialect.lower(after).schema
    steps = t.dialect.plan_changes(live, target, changes)
    backend.release()  # the repair runs its own transactions
    t.dialect.apply(backend.connection, [stmt for s in steps for stmt in s.apply])
    return n


def _before_with_users_indexes(t: Target, live: Schema, before: Schema, after: Schema, conn) -> bool:
    """Whether the owned tables are as `before` has them but for indexes of the user's own, which neither `before`
    nor the migration's `after` has: no run stopped mid-way there (the migration makes no such index), and a
    rebuild keeps them (SQLite: `dialects.sqlite.beside`)."""
    changes = diff(*_compared(t, conn, t.dialect.lower(before).schema, live))  # before -> live: what the user added
    added = [c for c in changes if isinstance(c, AddIndex)]
    if not changes or len(added) < len(changes):
        return False
    target = t.dialect.lower(after).schema
    made = {(x.key, i.name) for x in target.tables for i in x.indexes}
    return not any((c.table, c.index.name) in made for c in added)


def _repair_changes(t: Target, before: Schema, after: Schema, live: Schema) -> list:
    """The changes from `live` to `after` that touch only what the migration `before` -> `after`
    itself creates, alters or drops (a table it creates: everything in it).

    A table the repair changes must not hold columns, indexes or constraints the schema does
    not have: an engine may have to rebuild the table (SQLite), which would not keep them."""
    lo, la = t.dialect.lower(before).schema, t.dialect.lower(after).schema
    own = diff(lo, la)
    subjects = {subject(c) for c in own}
    created = {c.table.key for c in own if isinstance(c, AddTable)}
    proposed = diff(live, la)
    mine = [c for c in proposed if subject(c) in subjects or subject(c)[1] in created]
    touched = {subject(c)[1] for c in mine}
    foreign = [c for c in proposed if c not in mine and isinstance(c, (DropColumn, DropIndex, DropConstraint))
               and c.table in touched]
    if foreign:
        raise MigrateError(
            f"{t.system}: cannot complete the interrupted migration: the table(s) it changes also hold what the "
            f"schema does not have ({'; '.join(_extra(c) for c in foreign)}), which "
            f"schemakit never drops and a repair might not keep. Move them out of those tables, then run: "
            f"{_command(t, 'migrate', '--repair')}")
    return mine


def _extra(c) -> str:
    """How the database has what a drop of `live -> target` would remove: the drift wording."""
    if isinstance(c, DropColumn):
        return AddColumn(c.table, c.column).drift()
    if isinstance(c, DropIndex):
        return AddIndex(c.table, c.index).drift()
    return AddConstraint(c.table, c.constraint).drift()


@dataclass(frozen=True)
class Options:
    """How `migrate` runs (the command line's flags)."""

    dry_run: bool = False
    repair: bool = False
    replay: bool = False
    adopt: bool = False
    strict: bool = False
    baseline: bool = False
    wait_replicas: Optional[float] = None  # seconds to wait for the standbys after migrating (None: no wait)


class DriftFound(Exception):
    """`migrate --strict` on a database that differs from its migrations' schema."""

    def __init__(self, lines: list[str]):
        super().__init__(f"{len(lines)} difference(s) from the schema the migrations create")
        self.lines = lines


def migrate(systems: Sequence[str], database: Optional[str] = None, root: Path = Path("migrations"),
            dry_run: bool = False, repair: bool = False, say: Callable[[str], None] = print,
            replay: bool = False, adopt: bool = False, strict: bool = False, project: Optional[Project] = None,
            data_dir: Path = DEFAULT_DIR, baseline: bool = False, wait_replicas: Optional[float] = None) -> int:
    """Apply pending migrations; returns how many were applied (or would be, with dry_run).

    A new database gets the system's baseline.json, unless `replay` (or there is none that
    stands for the migration files). A database with tables of its own and no schemakit history
    is refused unless `adopt`. An up-to-date database that differs from what its migrations
    create is reported; with `strict`, `DriftFound` is raised once every system was handled.
    `baseline` records every migration as applied without running any, where the schema's tables
    in the database already match the newest migration (and refuses, listing the differences,
    where they do not); it never creates a database. With `wait_replicas` (seconds), once a system's
    database is migrated, wait until every standby of its server has replayed it (`replicas.wait`;
    `replicas.ReplicasLagging` when one has not in that time). A replica is refused before anything is
    written (`replicas.ReadOnlyServer`).
    """
    if baseline and (adopt or repair or replay):
        raise MigrateError("--baseline records what is there; it cannot be combined with --adopt, --repair or --replay")
    o = Options(dry_run, repair, replay, adopt, strict, baseline, wait_replicas)
    total, drifted = 0, []
    for t in verified_targets(systems, database, root, project, data_dir, say):
        n, differences = _migrate_one(t, root, o, say)
        if not (dry_run or baseline):
            from .partitions import extend_window  # rolling partitions: the months up to today (issue #17)
            extend_window(t, root, say)
        total += n
        drifted += [f"{t.system}: {line}" for line in differences]
    if drifted and strict:
        raise DriftFound(drifted)
    return total


@dataclass
class Taken:
    """A connection `Reused.take` handed out: made the target's, or, where `missing` (the driver's error
    `Dialect.switch_tenant` raised) says the target's database does not exist, still on the target's server
    (its default database another's): only what names its database may run there (`Dialect.ensure_database_on`)."""

    conn: Any
    missing: Optional[BaseException] = None


class Reused:
    """The connections of finished tenants' runs, each kept for the next tenant's (`Dialect.switch_tenant`)
    instead of a new connection per tenant: at most one per job (a run gives its connection back when it
    has succeeded, a failed run's is closed). Thread-safe; `close` closes what is kept."""

    def __init__(self) -> None:
        self._free: list = []
        self._lock = threading.Lock()

    def take(self, t: Target) -> Optional[Taken]:
        """A kept connection, made the target's (`Dialect.switch_tenant`), or on its server where the target's
        database does not exist (`Taken.missing`: the caller creates it there or gives the connection back);
        None when there is none that can be."""
        while True:
            with self._lock:
                conn = self._free.pop() if self._free else None
            if conn is None:
                return None
            try:
                if t.dialect.switch_tenant(conn, t.url):
                    return Taken(conn)
            except Exception as e:  # the target's database missing, else a broken connection: a new one instead
                if t.dialect.missing_database(e):
                    return Taken(conn, e)
            _close_quietly(conn)

    def give(self, conn) -> None:
        """Keep `conn`, its run done: no transaction open, no lock held."""
        with self._lock:
            self._free.append(conn)

    def close(self) -> None:
        """Close every connection kept."""
        with self._lock:
            free, self._free = self._free, []
        for conn in free:
            _close_quietly(conn)


def _close_quietly(conn) -> None:
    try:
        conn.close()
    except Exception:  # already broken: nothing to close
        pass


def _migrate_one(t: Target, root: Path, o: Options, say, stream=None,
                 reuse: Optional[Reused] = None) -> tuple[int, list[str]]:
    """Migrate one target; `stream`: `_migrations` read once for many tenants; `reuse`: where many tenants' runs
    keep their connections for one another (`Reused`)."""
    files, migs = stream or _migrations(root, t)
    try:
        backend = _open_backend(t, create=not (o.dry_run or o.baseline), writes=not o.dry_run, reuse=reuse)
    except NoSuchDatabase:
        if not o.dry_run:
            raise
        say(f"-- {t.system}: {t.url.redacted} does not exist yet; migrate would create it and run:")
        return _dry_run_new(files, migs, o, say), []
    done: tuple[int, list[str]]
    try:
        if o.dry_run:
            done = _dry_run(t, backend, files, migs, o, say), []
        else:
            with _Locked(backend, t):
                done = (_baseline(t, backend, files, migs, say), []) if o.baseline else _run(t, backend, files, migs, o, say)
            if o.wait_replicas is not None:  # after the lock's last commit
                replicas.wait(t.dialect, backend.connection, f"{t.system}: {t.url.redacted}", o.wait_replicas, say)
    except BaseException:  # whatever state it is in, it is not given back
        _close_quietly(backend.connection)
        raise
    if reuse is not None and not o.dry_run:
        reuse.give(backend.connection)
    else:  # closed now, not when the garbage collector finds the backend's cycle
        _close_quietly(backend.connection)
    return done


def _baseline(t: Target, backend, files: list[Migration], migs, say) -> int:
    """Record every migration as applied without running it, once the schema's tables in the
    database are checked to match the newest migration's state (what Flyway calls baseline and
    Alembic stamp). Other tables are left alone; nothing is recorded when anything differs."""
    _, applied = _history(backend)
    if applied:
        if {m.hash for m in migs} <= set(applied):
            say(f"{t.system}: {t.url.redacted} already records all {len(files)} migration(s); nothing to baseline")
            restore_support(t, backend, files, say)
            return 0
        raise MigrateError(f"{t.system}: {t.url.redacted} already has schemakit history ({len(applied)} "
                           f"migration(s) applied): run {_command(t, 'migrate')} instead of --baseline")
    live = _owned_live(t, backend.connection, files)
    if not live.tables:
        raise MigrateError(f"{t.system}: cannot baseline {t.url.redacted}: none of the schema's tables are there, "
                           f"so there is nothing to record; to create them, run: {_command(t, 'migrate')}")
    newest = files[-1].state()
    if not _matches(t, live, newest, backend.connection):
        lines = _differences(t, live, newest, backend.connection)
        raise MigrateError(
            f"{t.system}: cannot baseline {t.url.redacted}: it differs from the schema's newest migration "
            f"{files[-1].id} in {len(lines)} way(s); nothing was recorded:\n  " + "\n  ".join(lines))
    restore_support(t, backend, files, say)  # before recording: a run killed in between is baselined again
    backend.mark_migrations(migs)
    say(f"{t.system}: baselined {t.url.redacted}: its tables match {files[-1].id}; recorded {len(files)} "
        f"migration(s) as applied, without running them")
    return 0


@by_identity
def lowered(d: Dialect, state: Schema) -> Schema:
    """`d.lower(state).schema`, made once per dialect and state object (`memo.by_identity`): a run over many
    tenants checks each against the same state."""
    return d.lower(state).schema


def missing_support_of(t: Target, conn, model: Schema) -> list:
    """`held.missing_support` on those tables of an (already lowered) `model` that are in the target's
    database: (support object, how the database has it) for each it does not have as schemakit creates it."""
    ours = {x.key for x in model.tables}
    tables = [k for k in _table_keys(t, conn) if k in ours]
    return missing_support(t.dialect, conn, (None,) + t.namespaces, model, tables)


def restore_support(t: Target, backend, files: Sequence[Migration], say: Callable[[str], None]) -> int:
    """Create again the support objects schemakit creates (`Dialect.support_objects`: its sk_ triggers) for
    the tables of the newest migration state of `files` (a hand-written migration has none: the one before
    it) that are missing on those tables present (a database baselined from another tool's tables, a
    trigger dropped by hand), disabled or changed; one line each; how many.

    Only schemakit's own objects are created, by statements that may run again (`SupportObject.create`);
    no table, column, row or user object is touched. The run's lock is held (`_Locked`), so two runs do
    not both create them; where DDL is transactional they are created in one transaction
    (`Backend.apply_statements`)."""
    states = [m for m in files if m.state_path.exists()]
    if not states:
        return 0
    missing = missing_support_of(t, backend.connection, lowered(t.dialect, states[-1].state()))
    if not missing:
        return 0
    backend.release()  # the bookkeeping yoyo's run created, committed before
    backend.apply_statements([s.sql for o, _state in missing for s in o.create])
    for o, how in missing:
        say(f"{t.system}: created schemakit's {o.kind} {o.name} on {o.qualified_table} again, which "
            f"{how.replace('is ', 'was ', 1)}: without it, {o.what}")
    return len(missing)


def _history(backend) -> tuple[bool, list[str]]:
    """Whether yoyo's bookkeeping exists in the database, and the hashes of the applied migrations;
    nothing is created when it does not exist."""
    if backend.migration_table not in backend.listed_tables():
        return False, []
    return True, backend.get_applied_migration_hashes()


def _run(t: Target, backend, files: list[Migration], migs, o: Options, say) -> tuple[int, list[str]]:
    started = time.perf_counter()
    kept, applied = _history(backend)
    empty = not kept and not t.namespaces and backend.run_state.listed == frozenset()  # no table where it looks
    tables = [] if applied or empty else _table_keys(t, backend.connection)
    adopted = 0
    if tables and not kept:  # tables, and no schemakit history: not ours, unless adopted
        if not o.adopt:
            raise MigrateError(_not_empty(t, tables, files))
        adopted = _adoption_point(t, backend, files)
        if adopted:
            backend.mark_migrations(migs.__class__(list(migs)[:adopted]))
            say(f"{t.system}: adopted {t.url.redacted}: its tables match migration {files[adopted - 1].id}; "
                f"recorded {adopted} migration(s) as applied, without running them")
    empty = not applied and not adopted and not set(tables) & owned_keys(files)
    squashed, why = baseline.load(files[0].path.parent, [m.path for m in files]) \
        if empty and len(files) > 1 and not o.replay else (None, "")
    if squashed:  # the files are not loaded: yoyo needs only their ids here
        _refuse_code_beside(t, backend.connection, files, 0)
        _apply_baseline(backend, squashed, migs, t)
        say(f"{t.system}: applied {len(migs)} migration(s) to {t.url.redacted} in "
            f"{time.perf_counter() - started:.2f}s, as their squashed {baseline.FILE} (a new database)")
        return len(migs), []
    done_hashes = set(applied) | {m.hash for m in list(migs)[:adopted]}
    pending = [m for m in migs if m.hash not in done_hashes]
    for m in pending:
        m.load()  # a file that cannot be loaded is refused before anything is reconciled or applied
    if not pending:
        restore_support(t, backend, files, say)
        differences = _drift_from_migrations(t, backend, files)
        say(f"{t.system}: {t.url.redacted} is up to date ({len(files)} migration(s) applied); nothing to do")
        if differences:
            say(f"{t.system}: warning: the database differs from what its migrations create "
                f"({len(differences)} difference(s)); to see them, run: {_command(t, 'drift')}")
        return 0, differences
    whole = not applied and len(files) > 1 and not o.replay and \
        baseline.load(files[0].path.parent, [m.path for m in files])[0] is not None  # a killed baseline?
    done = 0 if empty or adopted else _reconcile(t, backend, files, pending[0].id, o.repair, whole)
    if done:
        backend.mark_migrations(migs.__class__(pending[:done]))
        say(f"{t.system}: {', '.join(m.id for m in pending[:done])} already in place (an earlier run stopped "
            f"before recording it); recorded")
    if pending[done:]:  # (after the reconciliation: what a killed run left is its to complete)
        _refuse_code_beside(t, backend.connection, files, [f.id for f in files].index(pending[done].id))
    for i, m in enumerate(pending[done:], start=done):
        _apply(backend, m, t, last=i == len(pending) - 1)
    restore_support(t, backend, files, say)  # those the applied migrations did not create again
    replayed = f" (replayed: {why})" if empty and why and not o.replay else ""
    say(f"{t.system}: applied {len(pending) - done} migration(s) to {t.url.redacted} in "
        f"{time.perf_counter() - started:.2f}s{replayed}")
    return len(pending) - done, []


def _refuse_code_beside(t: Target, conn, files: list[Migration], first: int) -> None:
    """MigrateError when migrations `first`.. would create a view, sequence, routine or trigger the database already
    has and no applied migration made: a routine's CREATE OR REPLACE would replace the user's, and a rollback would
    drop it. Asks the database only when those migrations create such an object."""
    stated = [i for i, m in enumerate(files) if m.state_path.exists()]  # a hand-written migration records none
    if not stated or stated[-1] < first:
        return
    earlier = [i for i in stated if i < first]
    before = files[earlier[-1]].state() if earlier else Schema()
    after = files[stated[-1]].state()
    def code(s: Schema) -> set:
        return {(type(x).__name__, x.key) for x in s.views + s.sequences + s.routines + s.triggers}
    if not code(after) - code(before):
        return
    d = t.dialect
    mine, theirs = d.lower(after).schema, d.lower(before).schema
    found = [o for o in d.objects(conn, (None,) + t.namespaces) if held(o, mine) and not held(o, theirs)]
    if found:
        names = ", ".join(f"{o.kind} {o.namespace + '.' if o.namespace else ''}{o.name}" for o in found[:10])
        raise MigrateError(
            f"{t.system}: {t.url.redacted} already has {names}, which its migrations would create and schemakit does "
            f"not own: they would replace or later drop it. Nothing was applied: rename the model's, or rename or drop "
            f"the database's (if it is the model's own, from an earlier tool, drop it and run migrate again)")


def _not_empty(t: Target, tables: list[TableKey], files: list[Migration]) -> str:
    ours = [k for k in tables if k in owned_keys(files)]
    return (f"{t.system}: {t.url.redacted} is not empty: it has {len(tables)} table(s) and no schemakit history "
            f"({_names(tables)}). schemakit never changes or drops tables it did not create"
            + (f"; {_names(ours)} share(s) a name with the schema's tables" if ours else "")
            + ". To adopt this database (the schema's tables that exist must match one of its migrations, which "
            "are then recorded as applied; the rest is created beside the other tables, which stay untouched), "
            f"run: {_command(t, 'migrate', '--adopt')} (or, when they already hold the whole schema as its newest "
            f"migration has it, --baseline)")


def _adoption_point(t: Target, backend, files: list[Migration]) -> int:
    """How many migrations a database without schemakit history already holds: 0 when none of the
    schema's tables exist, k when they are exactly those of migration k's state."""
    live = _owned_live(t, backend.connection, files)
    if not live.tables:
        return 0
    for k in range(len(files), 0, -1):
        if _matches(t, live, files[k - 1].state(), backend.connection):
            return k
    raise MigrateError(
        f"{t.system}: cannot adopt {t.url.redacted}: the schema's tables there ({_names([x.key for x in live.tables])}) "
        f"match none of its migrations. What the database has, against the newest migration:\n  "
        + "\n  ".join(_differences(t, live, files[-1].state(), backend.connection))
        + "\nschemakit changed nothing: make those tables match a migration (or rename them), then adopt again")


def _differences(t: Target, live: Schema, state: Schema, conn) -> list[str]:
    """How the live tables differ from a migration's state, in drift's words."""
    return drift_lines(diff(*_compared(t, conn, t.dialect.lower(state).schema, live)))


def _drift_from_migrations(t: Target, backend, files: list[Migration]) -> list[str]:
    """How the owned tables of an up-to-date database differ from the newest migration's state."""
    owned = owned_keys(files)
    tables = [k for k in _table_keys(t, backend.connection) if k in owned]
    live, foreign = listed_live(t, backend.connection, tables, owned_types(files))
    model, live = compared_views(t, backend.connection, lowered(t.dialect, files[-1].state()), live)
    model, live = t.dialect.code().drift_pair(backend.connection, model, live, (None,) + t.namespaces,
                                              tables)  # its sequences, routines, triggers
    return drift_lines(diff(model, live)) + foreign


def compared_views(t: Target, conn, model: Schema, live: Schema) -> tuple[Schema, Schema]:
    """(`model`, `live`) ready for `diff`: `live` keeps only the views `model` holds (another view is not
    schemakit's), and the bodies of both are in the form the engine stores them (read-only:
    `Dialect.comparable_views`); `live` keeps the grants on the objects `model` holds only, and the
    model's policies are in the form the engine stores them (`EnginePolicies.stored`)."""
    held = {v.key for v in model.views}
    objects = held | {x.key for x in model.tables + model.sequences}
    extensions = {e.name for e in model.extensions}  # another extension is not schemakit's (not managed)
    live = replace(live, views=tuple(v for v in live.views if v.key in held),
                   grants=tuple(g for g in live.grants if g.object_key in objects),
                   extensions=tuple(e for e in live.extensions if e.name in extensions))
    model, live = t.dialect.comparable_views(conn, model, live)
    return t.dialect.policies().stored(conn, model, live), live


def _dry_run(t: Target, backend, files: list[Migration], migs, o: Options, say) -> int:
    """Print what `migrate` would run; nothing is created or changed (no lock, no bookkeeping)."""
    kept, applied = _history(backend)
    if not applied and not _table_keys(t, backend.connection):
        return _dry_run_new(files, migs, o, say)
    pending = [m for m in migs if m.hash not in set(applied)]
    if not pending:
        say(f"{t.system}: {t.url.redacted} is up to date ({len(files)} migration(s) applied); nothing to do")
    else:
        say("\n".join(map(_describe_sql, pending)))
    return len(pending)


def _dry_run_new(files: list[Migration], migs, o: Options, say) -> int:
    squashed, _ = baseline.load(files[0].path.parent, [m.path for m in files]) \
        if len(files) > 1 and not o.replay else (None, "")
    say(_describe_baseline(squashed, files) if squashed else "\n".join(map(_describe_sql, migs)))
    return len(migs)


def _apply_baseline(backend, squashed: baseline.Baseline, pending, t: Target) -> None:
    try:
        backend.apply_baseline(squashed.statements, squashed.transactional, pending)
    except backend.DatabaseError as e:
        raise MigrateError(f"{t.system}: {baseline.FILE} (the squashed {pending[0].id} .. {pending[-1].id}) failed on "
                           f"{t.url.redacted}: {first_line(e)}. Nothing of it remains applied where the engine "
                           f"allows; fix the cause and run migrate again, or run it with --replay") from None


def _describe_baseline(squashed: baseline.Baseline, files: list[Migration]) -> str:
    head = f"-- {baseline.FILE}: {', '.join(m.id for m in files)} squashed (a new database)"
    return "\n".join([head] + [f"{x};" for x in squashed.statements])


def _apply(backend, m, t: Target, last: bool) -> None:
    try:
        backend.apply_one(m)
    except backend.DatabaseError as e:
        raise MigrateError(f"{t.system}: migration {m.id} failed on {t.url.redacted}: {first_line(e)}. "
                           "Nothing of it remains applied where the engine allows; fix the cause and run migrate again") from None


def _describe_sql(m) -> str:
    lines = [f"-- {m.id}"]
    for n, texts in enumerate(migration_steps(m), start=1):
        lines += [f"{x};" for x in texts] if texts is not None else \
            [f"-- step {n} is Python code: what it runs is not shown"]
    return "\n".join(lines)


def migration_steps(m) -> list[Optional[tuple[str, ...]]]:
    """Per step of a yoyo migration, the SQL texts it applies (None: a step of other Python code),
    read from the migration's source (`steps.step_statements`); loading it first refuses a file
    yoyo cannot load, as a run would."""
    m.load()
    return steps.step_statements(m.source)


def migration_statements(m) -> list[str]:
    """The SQL texts a yoyo migration applies, in order: `migration_steps` flattened (a step of
    other Python code gives none)."""
    return [x for texts in migration_steps(m) if texts for x in texts]


def rollback(systems: Sequence[str], database: Optional[str] = None, root: Path = Path("migrations"),
             count: int = 1, say: Callable[[str], None] = print, allow_destructive: bool = False,
             confirm: Optional[Callable[[str], bool]] = None, project: Optional[Project] = None,
             data_dir: Path = DEFAULT_DIR) -> int:
    """Undo the last `count` applied migrations of each system named.

    Nothing is rolled back when `count` is not a positive number or is more than the migrations
    applied, or when a rollback would drop tables or columns that hold data (or narrow a column
    holding values), unless `allow_destructive` or `confirm(question)` answers yes.
    """
    if not systems:
        raise MigrateError("rollback needs the system to roll back: schemakit rollback SYSTEM [--steps N] "
                           f"(systems: {', '.join((project or catalog_project()).names())})")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise MigrateError(f"--steps must be a positive whole number of migrations, not {count!r}")
    total = 0
    for t in verified_targets(systems, database, root, project, data_dir, say):
        files, migs = _migrations(root, t)
        backend = _open_backend(t, create=False)
        with contextlib.closing(backend.connection), _Locked(backend, t):
            kept, _ = _history(backend)
            applied = list(backend.to_rollback(migs)) if kept else []  # newest first
            if count > len(applied):
                raise MigrateError(f"{t.system}: cannot roll back {count} migration(s): {len(applied)} applied on "
                                   f"{t.url.redacted}; nothing was rolled back. Ask for --steps {len(applied)} or fewer"
                                   if applied else
                                   f"{t.system}: no migration is applied on {t.url.redacted}; nothing to roll back")
            todo = applied[:count]
            losses = _rollback_losses(t, files, todo)
            if losses and not allow_destructive:
                question = (f"{t.system}: rolling back {', '.join(m.id for m in todo)} on {t.url.redacted} "
                            f"{'; '.join(losses)}")
                if not (confirm and confirm(question)):
                    raise MigrateError(f"{question}. Nothing was rolled back; to lose that data, run again with "
                                       f"--allow-destructive")
            for m in todo:
                try:
                    backend.rollback_one(m)
                except backend.DatabaseError as e:
                    raise MigrateError(f"{t.system}: rollback of {m.id} failed: {first_line(e)}") from None
            say(f"{t.system}: rolled back {len(todo)} migration(s): {', '.join(m.id for m in todo)}")
            total += len(todo)
    return total


def _rollback_losses(t: Target, files: list[Migration], todo) -> list[str]:
    """What rolling back `todo` (newest first) would destroy of the data now in the database."""
    d, ids = t.dialect, [m.id for m in files]
    conn = connect(t)
    try:
        out = []
        for m in todo:
            i = ids.index(m.id)
            after = d.lower(files[i].state()).schema
            before = d.lower(files[i - 1].state()).schema if i else Schema()
            out += [why for c in diff(after, before) if (why := _loss(d, conn, after, c))]
        return out
    finally:
        conn.close()  # before the rollback: an open snapshot would block its DDL


def _loss(d: Dialect, conn, schema: Schema, c) -> Optional[str]:
    """Why change `c` of a rollback loses data now in the database (None if it loses none)."""
    if isinstance(c, DropTable):
        return f"drops table {c.table.qualified}, which holds rows" if d.holds_data(conn, c.table) else None
    if isinstance(c, DropColumn):
        table = schema.table(c.table[1], c.table[0])
        return (f"drops column {table.qualified}.{c.column.name}, which holds values"
                if d.holds_data(conn, table, c.column.name) else None)
    if isinstance(c, AlterColumn) and destructive_reason(c):
        table = schema.table(c.table[1], c.table[0])
        return (f"{destructive_reason(c)} in {table.qualified}, where it holds values"
                if d.holds_data(conn, table, c.new.name) else None)
    return None


def unlock(systems: Sequence[str], database: Optional[str] = None, project: Optional[Project] = None,
           data_dir: Path = DEFAULT_DIR) -> None:
    """Clear the lock rows older versions of schemakit left in yoyo's ``yoyo_lock`` table.

    Today's runs hold the engine's session lock, which ends with the run: there is nothing of
    theirs to clear, and a run in progress is only named. Nothing is ever created.
    """
    for t in targets(systems, database, project, data_dir):
        backend = _open_backend(t, create=False)
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
        raise MigrateError(f"{t.system}: cannot clear the old lock on {t.url.redacted}: {first_line(e)}") from None
    held = ", ".join(f"pid {pid} since {ctime}" for pid, ctime in rows)
    return f"{t.system}: cleared the lock an older schemakit left on {t.url.redacted} ({held}){now}"


def drift(system: str, database: Optional[str], project: Optional[Project] = None,
          data_dir: Path = DEFAULT_DIR, root: Optional[Path] = None,
          ignore: Sequence[IgnoreRule] = ()) -> list[str]:
    """How the live database differs from the canonical schema (degradations allowed), one line each.

    Tables the schema does not have are listed by name and not read (they may hold what the model
    cannot express); the schema's own tables are compared in full. Every other object of the
    database's namespaces that the model does not hold (a view, a function, a trigger...) is listed
    as not managed by schemakit, so drift is never clean while something it does not see is there;
    the project's ``ignore`` rules and `ignore` accept such objects and extra tables
    (schemakit/ignore.py). The dialect is the one `migrate` would use with the migrations under
    `root` (default: the project's folder)."""
    project = project or catalog_project()
    rules = tuple(project.config.ignore) + tuple(ignore)
    t = targets([system], database, project, data_dir, root or project.migrations)[0]
    model = t.dialect.lower(project.load_stream(system)).schema  # the shared tables: `tenants.drift` for the rest
    conn = connect(t)
    try:
        return drift_of(t, conn, model, rules)
    finally:
        conn.close()


def _other_namespaces(t: Target, conn) -> list[DbObject]:
    """The namespaces of the database beside the system's (`Dialect.other_namespaces`), as objects drift lists
    without reading them; not its tenants' (`drift --tenants all` reports those), and none seen from a tenant."""
    if t.tenant is not None:
        return []
    tenancy = (t.model or catalog_project().get(t.system)).tenancy
    return [DbObject("namespace", None, n) for n in t.dialect.other_namespaces(conn, t.namespaces)
            if tenancy is None or tenancy.tenant_of(n) is None]


def drift_of(t: Target, conn, model: Schema, rules: Sequence[IgnoreRule] = ()) -> list[str]:
    """`drift`'s verdict for an engine-ready `model` (already lowered) against the database `conn` reaches:
    one line per difference, none when the database matches it."""
    d = t.dialect
    ours = {x.key for x in model.tables}
    present = _table_keys(t, conn)
    tables = [k for k in present if k in ours]
    live, foreign = listed_live(t, conn, tables, [x.key for x in model.types])
    others = _other_namespaces(t, conn) + unmanaged(d, conn, (None,) + t.namespaces, model)
    support = [o.drift(state) for o, state in missing_support(d, conn, (None,) + t.namespaces, model, tables)
               if not o.introspected or state != "is missing"]  # a missing one read back: the model's difference
    model, live = compared_views(t, conn, model, live)
    # the model's sequences, routines and triggers against the live ones (dialects/code.py)
    model, live = d.code().drift_pair(conn, model, live, (None,) + t.namespaces, tables)
    extra = [DbObject("table", ns, name) for ns, name in present if (ns, name) not in ours]
    extra_lines = [f"extra table {_names([(o.namespace, o.name)])}" for o in kept(extra, rules)]  # as AddTable.drift()
    listed = [f"not managed by schemakit: {o.kind} {o.qualified}" for o in kept(others, rules)]
    return drift_lines(diff(model, live)) + support + foreign + extra_lines + listed
