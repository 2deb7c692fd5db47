"""`schemakit partitions status|maintain|restore`: the lifecycle of rolling monthly partitions (issue #17).

The model's policy (`Partitioning.rolling`, schema/rolling.py) says which months a table holds at a
time; `maintain` makes a database hold them, under the migration lock (a second run waits):

1. it creates the missing months after the last one, up to `ahead` months after the current one;
2. it archives each month older than the policy keeps, oldest first: the month is frozen (no new row can
   enter it: PostgreSQL detaches it; MariaDB moves the table's lower bound up to the first month kept with
   a guard trigger pair), its rows are exported as CSV with a header to
   ``<archive>/<system>/<table>_YYYY_MM.csv`` (written under a temporary name), the count written is
   checked against the frozen month's, and only then is the file given its name and the month dropped
   (`_archive`).

A run killed at any point loses no row: the month is dropped only after its file is complete, and a
temporary file never counts; the next run finds the frozen month and finishes its archive. A folder
that cannot be written (full, read-only) stops the run with one line before anything is dropped.

The rows reach the file through this process (``--export client``, the default), or, opt-in, the
database server writes them into the archive folder on its own host (``--export server``: a local
URL, the engine's privilege to write files); this process then copies that file into its own
temporary file, so the verify / rename / drop steps and the archive's owner and mode are the same.
With ``--jobs N`` above 1, N months are exported at once, each on a connection of its own beside the one
that freezes and counts (`_Exports`). `maintain_system` is the same for an application's scheduler.
SQLite has no partitions (SL-PARTITION).
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import functools
import os
import queue
import shutil
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from . import lock
from .command import database_args, project_options, where
from .makemigrations import migrations_in, system_dir
from .targets import MigrateError, Target, connect, targets
from .options import UserError, first_line, positive, print_json
from .project import Project, catalog_project
from schemakit.dialects.base import PlanError
from schemakit.dialects.partitions import Month
from schemakit.schema import rolling
from schemakit.schema.model import Table

ARCHIVE_VARIABLE = "SCHEMAKIT_ARCHIVE_DIR"
TEMP = ".tmp-"  # a temporary archive file's name holds it: never counted, removed by the next run
EXPORTS = ("client", "server")  # who writes an archive's rows: this process, or the database server


class ArchiveError(UserError):
    """The archive folder cannot take an archive (full, unwritable): nothing was dropped."""


@dataclass
class Action:
    """One thing `maintain` did (or, with dry_run, would do)."""

    system: str
    table: str
    action: str  # "create" | "archive"
    partition: str
    month: str  # YYYY-MM
    rows: Optional[int] = None
    file: Optional[str] = None
    done: bool = True

    def line(self) -> str:
        """The run's line for this action."""
        verb = {"create": "created", "archive": "archived"}[self.action] if self.done else f"would {self.action}"
        what = f"{self.system}: {self.table}: {verb} partition {self.partition} ({self.month})"
        if self.action == "archive" and self.done:
            what += f": {self.rows} row(s) to {self.file} (count verified), partition dropped"
        return what


@dataclass
class TableStatus:
    """One rolling table of a database, as `status` shows it."""

    system: str
    table: str
    database: str
    partitions: list[dict] = field(default_factory=list)  # name, month, lower, upper, estimated_rows, frozen
    next_missing: Optional[str] = None
    would: list[str] = field(default_factory=list)
    catch_all_rows: Optional[int] = None  # the estimate of the catch-all <table>_future's rows; None: no catch-all

    def lines(self) -> list[str]:
        """Human-readable lines."""
        out = [f"{self.system}: {self.table} on {self.database}: {len(self.partitions)} partition(s), "
               f"next missing month {self.next_missing}"]
        out += [f"  {p['name']}  [{p['lower']}, {p['upper']})  ~{p['estimated_rows']} rows"
                + ("  (archive under way)" if p["frozen"] else "") for p in self.partitions]
        if self.catch_all_rows is not None:
            out.append(f"  {self.table}_future  [{self.partitions[-1]['upper'] if self.partitions else '?'}, MAXVALUE)  "
                       f"~{self.catch_all_rows} rows (catch-all)")
        out.append(f"  policy now: {', '.join(self.would) or 'nothing to do'}")
        return out


def _rolling_tables(t: Target, project: Project) -> tuple[Any, list[Table]]:
    """The system's schema for the target's engine and its tables with a rolling partitioning."""
    lowered = t.dialect.lower(project.load(t.system)).schema
    return lowered, [x for x in lowered.tables if x.partitioning is not None and x.partitioning.rolling]


def _today(now: Optional[_dt.date]) -> _dt.date:
    return now or _dt.datetime.now(_dt.timezone.utc).date()


def status_system(system: str, database: Optional[str] = None, now: Optional[_dt.date] = None,
                  project: Optional[Project] = None, data_dir: Path = Path("var"),
                  say: Callable[[str], None] = print) -> list[TableStatus]:
    """Each rolling table of `system`: its partitions, bounds, estimated rows, next missing month, and what
    the policy would do at `now` (default: today, UTC). An engine without partitions: `say` says so."""
    project = project or catalog_project()
    t = targets([system], database, project, data_dir)[0]
    ops = t.dialect.partition_ops()
    if ops is None:
        if _has_rolling(project, system):
            say(_no_partitions(system, t))
        return []
    _schema, tables = _rolling_tables(t, project)
    if not tables:  # nothing to read: no connection (its database may not even exist)
        return []
    conn = connect(t)
    try:
        return [_status(t, ops, conn, x, _today(now)) for x in tables]
    finally:
        conn.close()


def _status(t: Target, ops, conn, table: Table, now: _dt.date) -> TableStatus:
    held = ops.months(conn, table)
    todo = rolling.plan(table.partition_by, [m.month for m in held if not m.frozen], now)
    parts = [{"name": m.name, "month": m.month.strftime("%Y-%m"), "lower": m.month.isoformat(),
              "upper": rolling.add_months(m.month, 1).isoformat(), "estimated_rows": m.estimated_rows,
              "frozen": m.frozen} for m in held]
    would = [f"create {ops.name(table, m)}" for m in todo.create]
    would += [f"archive {m.name}" for m in held if m.frozen or m.month in todo.archive]
    missing = todo.next_missing.strftime("%Y-%m") if todo.next_missing else None
    catch_all = ops.catch_all_rows(conn, table) if table.partition_by.catch_all else None
    return TableStatus(t.system, table.qualified, t.url.redacted, parts, missing, would, catch_all)


def maintain_system(system: str, database: Optional[str] = None, now: Optional[_dt.date] = None,
                    dry_run: bool = False, archive_dir: Optional[Path] = None, project: Optional[Project] = None,
                    data_dir: Path = Path("var"), say: Callable[[str], None] = print,
                    export: str = "client", jobs: int = 1) -> list[Action]:
    """Create the missing months and archive the old ones of every rolling table of `system` at `now`
    (default: today, UTC), under the migration lock; `say` gets one line per action. Returns the actions.
    For an application's scheduler: ``maintain_system("scenes", url)`` once an hour is safe. `export`:
    "client" (the rows come to this process, which writes the archive) or "server" (the database server
    writes them to the archive folder, which must then be on its host: see `_export_on_server`). `jobs`:
    how many months are exported at once, each on a connection of its own (`_Exports`)."""
    if export not in EXPORTS:
        raise UserError(f"export {export!r}: choose one of {', '.join(EXPORTS)}")
    if jobs < 1:
        raise UserError(f"jobs {jobs!r}: export one month at a time or more (1 or more)")
    project = project or catalog_project()
    t = targets([system], database, project, data_dir)[0]
    ops = t.dialect.partition_ops()
    if ops is None:
        if _has_rolling(project, system):
            say(f"{_no_partitions(system, t)}: nothing to maintain")
        return []
    folder = archive_folder(archive_dir, project) / system
    _schema, tables = _rolling_tables(t, project)
    if not tables:  # nothing to do: no connection, no lock (its database may not even exist)
        return []
    if export == "server" and not t.url.on_this_host:
        raise UserError(f"--export server: the database server writes the archive, so the folder {folder} must be on "
                        f"its host, and {t.url.redacted} is not on this one (a loopback address, localhost or a "
                        f"local socket): run maintain on the database's host, or use --export client")
    conn = connect(t)
    try:
        ops.own_transactions(conn)
        held = None if dry_run else _lock(t, conn)
        try:
            return [a for x in tables
                    for a in _maintain(t, ops, conn, x, _today(now), folder, dry_run, say, export, jobs)]
        finally:
            if held is not None:
                lock.release(t.dialect, conn, held)
    finally:
        conn.close()


def _no_partitions(system: str, t: Target) -> str:
    return f"{system}: {t.dialect.name} has no partitions (a listed degradation, SL-PARTITION)"


def _has_rolling(project: Project, system: str) -> bool:
    """Whether the system's model has a rolling partitioned table (whatever the engine keeps of it)."""
    return any(x.partitioning is not None and x.partitioning.rolling for x in project.load(system).tables)


def _lock(t: Target, conn) -> Any:
    try:
        return lock.hold(t.dialect, conn, t.url)
    except (lock.LockBusy, lock.LockError) as e:
        raise MigrateError(f"{t.system}: {e}") from None


def extend_window(t: Target, root: Path, say: Callable[[str], None] = print,
                  now: Optional[_dt.date] = None) -> list[Action]:
    """What `migrate` does once a system's migrations are applied: create the months the rolling tables of
    the newest migration's state need at `now` (default: today, UTC), under the migration lock. The
    migration files hold the months of the day they were written; this brings them to the day they are
    applied. It never archives (that is `maintain`'s, with its archive folder)."""
    ops = t.dialect.partition_ops()
    files = migrations_in(system_dir(root, t.dialect.name, t.system))
    if ops is None or not files or not files[-1].state_path.exists():
        return []
    lowered = t.dialect.lower(files[-1].state()).schema
    tables = [x for x in lowered.tables if x.partitioning is not None and x.partitioning.rolling]
    if not tables:
        return []
    conn = connect(t)
    try:
        ops.own_transactions(conn)
        held = _lock(t, conn)
        try:
            return [a for x in tables for a in _create(t, ops, conn, x, _today(now), ops.months(conn, x), False, say)]
        except PlanError as e:  # the migrations are applied: said, not failed (`maintain` fails on it)
            print(f"schemakit: {t.system}: the rolling partitions were not extended: {e}", file=sys.stderr)
            return []
        finally:
            lock.release(t.dialect, conn, held)
    finally:
        conn.close()


def _create(t: Target, ops, conn, table: Table, now: _dt.date, held: list, dry_run: bool,
            say: Callable[[str], None]) -> list[Action]:
    """Create the months after the last one held that the policy needs at `now`."""
    todo = rolling.plan(table.partition_by, [m.month for m in held if not m.frozen], now)
    if todo.create and not dry_run:
        ops.create_months(conn, table, todo.create)  # as few statements as the engine allows
    out = [Action(t.system, table.qualified, "create", ops.name(table, month), month.strftime("%Y-%m"), done=not dry_run)
           for month in todo.create]
    for a in out:
        say(a.line())
    return out


def _maintain(t: Target, ops, conn, table: Table, now: _dt.date, folder: Path, dry_run: bool,
              say: Callable[[str], None], export: str = "client", jobs: int = 1) -> list[Action]:
    held = ops.months(conn, table)
    todo = rolling.plan(table.partition_by, [m.month for m in held if not m.frozen], now)
    if (todo.archive or any(m.frozen for m in held)) and not dry_run:
        _writable(folder)
        if export == "server":
            _server_writable(t, ops, conn, folder)
    out = _create(t, ops, conn, table, now, held, dry_run, say)
    held = held + [Month(m, ops.name(table, m), 0) for m in todo.create]  # created after the last: not read again
    old = [m for m in held if m.frozen or m.month in todo.archive]
    if old and not dry_run:
        kept = [m.month for m in held if not m.frozen and m.month not in todo.archive]
        done = _archive(t, ops, conn, table, old, kept[0] if kept else None, folder, export, jobs)
    for m in old:
        a = Action(t.system, table.qualified, "archive", m.name, m.month.strftime("%Y-%m"), done=not dry_run)
        if not dry_run:
            a.rows, a.file = done[m.name]
        say(a.line())
        out.append(a)
    if not dry_run:
        ops.settle(conn, table)  # also after a run killed before it: cheap when there is nothing to do
    return out


def _archive(t: Target, ops, conn, table: Table, old: list, first_kept: Optional[_dt.date],
             folder: Path, export: str = "client", jobs: int = 1) -> dict[str, tuple[int, str]]:
    """Archive the months `old` (oldest first), each {name: (rows, file)}, in steps that take one statement
    for all of them where the engine allows it (see the module's docstring):

    1. each month is frozen on `conn` (`ops.freezing`: from then on no row enters it, and a row of it is
       rejected as a row of no month), then exported from where its rows are to its temporary file (by this
       process, or with `export` "server" by the database server: `_export_on_server`); with `jobs` above
       1, `jobs` at once on connections of their own while `conn` freezes the next month (`_Exports`);
    2. the frozen months are counted on `conn`, in one query (beside the last exports): each count must be
       its export's;
    3. only then are the files given their names, and the months dropped, in one statement.

    The export reads the frozen month, so nothing written meanwhile can be missing from it (an export taken
    before the freeze and only counted after it would miss a row inserted after the export if another
    was deleted meanwhile); the count reads the frozen month too, so the two see the same rows whichever
    comes first. A run killed at any step loses no row: the months are dropped after their files are
    complete, and the next run finds the frozen months and archives them again. An export that fails stops
    the freezing of further months."""
    finals = {m.name: folder / f"{_file_stem(table)}_{m.month.strftime('%Y_%m')}.csv" for m in old}
    temps = {m.name: folder / f".{finals[m.name].name}{TEMP}{os.getpid()}" for m in old}
    for m in old:
        _clear_temporaries(folder, finals[m.name].name)
    exporting: dict[str, Future] = {}
    frozen: list = []
    syncs = _Syncs()
    jobs = min(jobs, len(old))  # no more connections than months
    exports = _Exports(t, ops, conn, jobs)
    write = _export_on_server if export == "server" else _export
    try:
        with contextlib.closing(ops.freezing(conn, table, old, first_kept)) as freezing:  # closed when the loop ends
            for m in freezing:
                exporting[m.name] = exports.submit(functools.partial(write, t, ops, table=table, m=m,
                                                                     temp=temps[m.name], syncs=syncs))
                frozen.append(m)
                exports.raise_failure()  # before the next month is frozen
        counted = ops.counts(conn, table, frozen)
        rows = {name: done.result() for name, done in exporting.items()}
        exports.close()
        syncs.wait()  # every file on disk before any is named
        for m in frozen:
            if counted[m.name] != rows[m.name]:
                raise MigrateError(f"{table.qualified}: the export of {m.name} wrote {rows[m.name]} rows and the "
                                   f"frozen month holds {counted[m.name]}; nothing was dropped. Run again")
        for m in frozen:
            try:
                os.replace(temps[m.name], finals[m.name])
            except OSError as e:
                raise _archive_error(finals[m.name], e) from None
    except BaseException:  # no temporary file stays behind; a file named already is written again next run
        exports.close(interrupt=True)
        syncs.wait(errors=False)
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    ops.drop_all(conn, table, frozen)
    return {m.name: (rows[m.name], str(finals[m.name])) for m in frozen}


class _Exports:
    """The months' exports. With `jobs` 1, each runs at once in this thread on `conn`, the connection that
    holds the lock, freezes, counts and drops (PostgreSQL's client export is this process's CPU: a thread
    beside it would only take turns with it). With more, each runs in a thread on a connection of its own,
    `jobs` months at once, while `conn` freezes the next month and counts (PostgreSQL's DETACH ...
    CONCURRENTLY commits twice and waits in between): so the server's work (its export, MariaDB's lines)
    runs on several of its cores. The connections are opened at once, while `conn` freezes the first month,
    and closed by `close`, which waits for every export under way; on a failure or an interrupt it first
    cancels the exports not begun and asks the engine to stop those running (`PartitionOps.interrupt`)."""

    def __init__(self, t: Target, ops, conn: Any, jobs: int) -> None:
        self._t, self._ops, self._conn = t, ops, conn
        self._pool = ThreadPoolExecutor(jobs, thread_name_prefix="schemakit-export") if jobs > 1 else None
        self._idle: queue.SimpleQueue = queue.SimpleQueue()
        self._opened: list = []
        self._running: list = []
        self._guard = threading.Lock()
        self._submitted: list[Future] = []
        if self._pool is not None:  # opened while `conn` freezes the first month
            self._submitted += [self._pool.submit(lambda: self._idle.put(self._open())) for _ in range(jobs)]

    def submit(self, work: Callable[..., int]) -> Future:
        """Run ``work(conn=<a connection>)``: its future (with `jobs` 1, done already; its error raised)."""
        if self._pool is None:
            now: Future = Future()
            now.set_result(work(conn=self._conn))
            return now
        done = self._pool.submit(self._run, work)
        self._submitted.append(done)
        return done

    def _open(self) -> Any:
        conn = connect(self._t)
        with self._guard:
            self._opened.append(conn)
        self._ops.own_transactions(conn)
        return conn

    def _run(self, work: Callable[..., int]) -> int:
        try:
            conn = self._idle.get_nowait()
        except queue.Empty:
            conn = self._open()
        with self._guard:
            self._running.append(conn)
        try:
            return work(conn=conn)
        finally:
            with self._guard:
                self._running.remove(conn)
            self._idle.put(conn)

    def raise_failure(self) -> None:
        """Raise the error of the first export that has failed already, if one has."""
        for done in self._submitted:
            if done.done() and not done.cancelled() and done.exception() is not None:
                done.result()

    def close(self, interrupt: bool = False) -> None:
        """Wait for the exports under way (with `interrupt`: cancel those not begun, stop those running),
        then close the connections."""
        if interrupt:
            for done in self._submitted:
                done.cancel()
            with self._guard:
                running = list(self._running)
            for conn in running:
                with contextlib.suppress(Exception):
                    self._ops.interrupt(conn)
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        with self._guard:
            opened, self._opened = self._opened, []
        for conn in opened:
            with contextlib.suppress(Exception):
                conn.close()


def _sync_folder(folder: Path) -> None:
    """The folder's entries (the files' new names) on disk before the months are dropped (fsync(2) of a
    directory; https://man7.org/linux/man-pages/man2/fsync.2.html). Where a folder cannot be opened so
    (Windows), the files themselves were synced."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _Syncs:
    """The archive files written, each synced (fsync(2)) and closed in one thread beside the run, so that a
    month's file goes to disk while the next month is exported; `wait` returns once every file is on disk
    and raises the first failure as ArchiveError. The fsync is of the descriptor the file was written
    through, which is told of any write-back error since it was opened
    (https://man7.org/linux/man-pages/man2/fsync.2.html)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="schemakit-fsync")
        self._pending: list[tuple[Path, Future]] = []

    def add(self, out: Any, path: Path) -> None:
        """Sync and close `out` (flushed already), the file at `path`."""
        self._pending.append((path, self._pool.submit(self._sync, out)))

    @staticmethod
    def _sync(out: Any) -> None:
        try:
            os.fsync(out.fileno())
        finally:
            out.close()

    def wait(self, errors: bool = True) -> None:
        """Until every file added is synced and closed; the first failure raised (unless not `errors`)."""
        try:
            for path, done in self._pending:
                try:
                    done.result()
                except OSError as e:
                    if errors:
                        raise _archive_error(path, e) from None
        finally:
            self._pool.shutdown(wait=True)
            self._pending = []


def _export(t: Target, ops, conn, table: Table, m, temp: Path, syncs: _Syncs) -> int:
    """Month `m`'s rows written by this process to `temp` (`ops.export` on `conn`), then handed to `syncs`;
    the rows written. `t` as for `_export_on_server`."""
    try:
        out = open(temp, "wb")
    except OSError as e:
        raise _archive_error(temp, e) from None
    try:
        rows = ops.export(conn, table, m, out)
        out.flush()
    except OSError as e:
        _discard(out, temp)
        raise _archive_error(temp, e) from None
    except BaseException:  # the engine refused, or the run was interrupted: no half file stays behind
        _discard(out, temp)
        raise
    syncs.add(out, temp)
    return rows


def _discard(out: Any, temp: Path) -> None:
    """Close a temporary file a failed export was writing (what its buffer still holds may not fit either:
    a disk full) and remove it."""
    with contextlib.suppress(OSError):
        out.close()
    temp.unlink(missing_ok=True)


def _export_on_server(t: Target, ops, conn, table: Table, m, temp: Path, syncs: _Syncs) -> int:
    """`_export`'s file, written by the database server: it writes the month's rows to a file of its own
    beside `temp` (``<temp>-server``, owned by its OS user, its mode the server's), and this process copies
    that file into `temp` behind the header the engine's export puts first, then syncs it and removes the
    server's file. So the archive is this process's file with the mode the client export gives it
    (0666 less the umask), whatever the server's umask; the copy is a local one (a few ms for 100,000 rows)."""
    written = temp.with_name(temp.name + "-server")
    try:
        try:
            head, rows = ops.export_on_server(conn, table, m, str(written.resolve()))
        except t.dialect.driver_errors() as e:
            raise _server_refused(ops, written, e) from None
        try:
            source = open(written, "rb")
        except OSError as e:
            raise ArchiveError(f"cannot read {written}, which the database server wrote: {e.strerror or e}; nothing was "
                               f"dropped. Let this user read the server's files there, or use --export client") from None
        with source:
            out = open(temp, "wb")
            try:
                out.write(head)
                shutil.copyfileobj(source, out, 1 << 20)
                out.flush()
            except BaseException:
                _discard(out, temp)
                raise
        syncs.add(out, temp)
        return rows
    except OSError as e:
        temp.unlink(missing_ok=True)
        raise _archive_error(temp, e) from None
    except BaseException:  # the engine refused, or the run was interrupted: no half file stays behind
        temp.unlink(missing_ok=True)
        raise
    finally:
        with contextlib.suppress(OSError):  # a temporary never counts; the next run removes what is left
            written.unlink(missing_ok=True)


def _server_writable(t: Target, ops, conn, folder: Path) -> None:
    """The database server can write a file into the archive folder (`ops.probe_server_file`, an empty file
    removed at once): else one line naming what it needs, before anything is frozen or dropped."""
    probe = folder / f".probe-server{TEMP}{os.getpid()}"
    probe.unlink(missing_ok=True)
    try:
        ops.probe_server_file(conn, str(probe.resolve()))
    except t.dialect.driver_errors() as e:
        raise _server_refused(ops, probe, e) from None
    finally:
        with contextlib.suppress(OSError):
            probe.unlink(missing_ok=True)


def _server_refused(ops, path: Path, e: BaseException) -> ArchiveError:
    return ArchiveError(f"--export server: the database server cannot write {path}: {first_line(e)}; nothing was "
                        f"dropped. {ops.server_file_needs}, or use --export client")


def _archive_error(path: Path, e: OSError) -> ArchiveError:
    return ArchiveError(f"cannot write the archive {path.parent}: {e.strerror or e}; nothing was dropped. "
                        f"Free space there or choose a writable folder (--archive or {ARCHIVE_VARIABLE})")


def _writable(folder: Path) -> None:
    """The archive folder exists and takes a file: else one line, before anything is done."""
    probe = folder / f".probe{TEMP}{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"schemakit\n")
        probe.unlink()
    except OSError as e:
        raise _archive_error(probe, e) from None


def _clear_temporaries(folder: Path, name: str) -> None:
    """Remove the temporary files an earlier, interrupted archive of `name` left (the lock is held)."""
    for leftover in folder.glob(f".{name}{TEMP}*"):
        leftover.unlink(missing_ok=True)


def archive_folder(given: Optional[Path], project: Optional[Project] = None) -> Path:
    """Where archives go: `given` (--archive), else $SCHEMAKIT_ARCHIVE_DIR, else var/archive beside the
    project's configuration."""
    if given:
        return Path(given)
    if os.environ.get(ARCHIVE_VARIABLE):
        return Path(os.environ[ARCHIVE_VARIABLE])
    root = project.config.root if project is not None and project.config.path else Path(".")
    return Path(os.path.relpath(root / "var" / "archive"))


def restore_file(file: Path, system: str, database: Optional[str] = None, project: Optional[Project] = None,
                 data_dir: Path = Path("var"), say: Callable[[str], None] = print) -> int:
    """Load an archive written by `maintain` (``<table>_YYYY_MM.csv``) back into its table, re-creating its
    month (and any month between it and the table's first one) first; returns the rows loaded."""
    project = project or catalog_project()
    t = targets([system], database, project, data_dir)[0]
    ops = t.dialect.partition_ops()
    if ops is None:
        raise UserError(f"{system}: {t.dialect.name} has no partitions (SL-PARTITION): there is nothing to restore into")
    _schema, tables = _rolling_tables(t, project)
    table, month = _archive_of(Path(file), tables)
    conn = connect(t)
    try:
        ops.own_transactions(conn)
        held = _lock(t, conn)
        try:
            ops.reopen(conn, table, month, [m for m in ops.months(conn, table) if not m.frozen])
            with open(file, "rb") as data:
                try:
                    rows = ops.restore(conn, table, data)
                except t.dialect.driver_errors() as e:  # all or nothing: one transaction (or COPY)
                    raise UserError(f"{file}: not restored, nothing was loaded: {first_line(e)} (is it loaded "
                                    f"already? a restored month stays until the next maintain archives it)") from None
        finally:
            lock.release(t.dialect, conn, held)
    finally:
        conn.close()
    say(f"{system}: {table.qualified}: restored {rows} row(s) of {month.strftime('%Y-%m')} from {file}")
    return rows


def _file_stem(table: Table) -> str:
    """The table's name as an archive's file name starts: percent-encoded where a character could leave
    the folder or hide the file (``/``, a leading dot, ``%``); a plain name stays as it is."""
    from urllib.parse import quote
    stem = quote(table.qualified, safe=" !#$&'()+,;=@[]^`{}~\"<>|*?:")
    return "%2E" + stem[1:] if stem.startswith(".") else stem


def _archive_of(file: Path, tables: Sequence[Table]) -> tuple[Table, _dt.date]:
    """The table and month an archive file is named after (``<table>_YYYY_MM.csv``)."""
    if not file.is_file():
        raise UserError(f"no archive file {file}: name a <table>_YYYY_MM.csv file that `partitions maintain` wrote")
    stem = file.name[:-4] if file.name.endswith(".csv") else ""
    for table in tables:
        prefix, _, rest = stem.rpartition("_")
        head, _, year = prefix.rpartition("_")
        if head == _file_stem(table) and year.isdigit() and rest.isdigit() and 1 <= int(rest) <= 12:
            return table, _dt.date(int(year), int(rest), 1)
    names = ", ".join(x.qualified for x in tables) or "none"
    raise UserError(f"{file.name} is not an archive of a rolling table of this system ({names}): "
                    f"archives are named <table>_YYYY_MM.csv")


# -- the command line ---------------------------------------------------------------------------

def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        raise argparse.ArgumentTypeError(f"--now {text!r} is not a date: write YYYY-MM-DD") from None


def register(sub: Any, common: Optional[argparse.ArgumentParser] = None) -> None:
    """Add `partitions status|maintain|restore` to the subparsers `sub`."""
    parents = [common or project_options()]
    # --config and --schema on each command only: on both levels argparse would let the inner default win
    p = sub.add_parser("partitions", help="rolling monthly partitions: status, maintain, restore")
    inner = p.add_subparsers(dest="partitions_command", required=True)
    st = inner.add_parser("status", parents=parents, help="each rolling table's partitions and what the policy would do")
    ma = inner.add_parser("maintain", parents=parents, help="create the months ahead and archive the old ones "
                                                            "(idempotent, safe from cron)")
    for q in (st, ma):
        q.add_argument("system", nargs="?", metavar="SYSTEM", help="the system (default: every one of the project)")
        database_args(q, many=False)
        q.add_argument("--now", type=_date, metavar="DATE", help="act as if today were DATE (YYYY-MM-DD, UTC)")
        q.add_argument("--format", choices=("text", "json"), default="text")
    ma.add_argument("--dry-run", action="store_true", help="say what would be done, do nothing")
    ma.add_argument("--export", choices=EXPORTS, default="client",
                    help="who writes an archive's rows: this process (client, the default), or the database server "
                         "into the archive folder on its own host (server: a loopback or socket URL, and the "
                         "privilege to write files)")
    ma.add_argument("--jobs", type=positive, default=1, metavar="N",
                    help="how many months to export at once (default 1); above 1, each on a connection of its own "
                         "beside the one that freezes: faster where the server does an export's work (--export "
                         "server, MariaDB), not for PostgreSQL's client export (this process's CPU)")
    ma.add_argument("--archive", metavar="DIR", help=f"the archive folder (default: ${ARCHIVE_VARIABLE}, "
                                                      "else var/archive beside the configuration)")
    re_ = inner.add_parser("restore", parents=parents, help="load an archive file back into its table")
    re_.add_argument("file", metavar="FILE", help="an archive <table>_YYYY_MM.csv")
    re_.add_argument("--system", metavar="NAME", help="the system (default: the archive's folder name)")
    database_args(re_, many=False)
    st.set_defaults(func=_cmd_status)
    ma.set_defaults(func=_cmd_maintain)
    re_.set_defaults(func=_cmd_restore)


def _where(args: argparse.Namespace) -> tuple[Project, list[str], dict]:
    w = where(args)
    project = w.pop("project")
    systems = [project.get(args.system).name] if getattr(args, "system", None) else project.names()
    return project, systems, w


def _databases(project: Project, systems: list[str], w: dict) -> dict[str, Optional[str]]:
    """Each system's database, as `migrate` places them: one system takes the URL as it is; several take
    each its sibling (``<database>_<system>``), or their SQLite files. Only systems with a rolling table."""
    rolling_systems = [s for s in systems if _has_rolling(project, s)]
    if len(systems) == 1 or not w["database"] and not os.environ.get("DATABASE_URL"):
        return {s: w["database"] for s in rolling_systems}
    found = targets(systems, w["database"], project, w["data_dir"])
    return {t.system: t.url.secret_url() for t in found if t.system in rolling_systems}


def _cmd_status(args: argparse.Namespace) -> int:
    project, systems, w = _where(args)
    say = (lambda line: print(line, file=sys.stderr)) if args.format == "json" else print
    found = [s for name, url in _databases(project, systems, w).items()
             for s in status_system(name, url, args.now, project, w["data_dir"], say)]
    if args.format == "json":
        print_json({"tables": [asdict(s) for s in found]})
    else:
        for s in found:
            print("\n".join(s.lines()))
    return 0


def _cmd_maintain(args: argparse.Namespace) -> int:
    project, systems, w = _where(args)
    json_out = args.format == "json"
    say = (lambda line: None) if json_out else print
    actions = [a for name, url in _databases(project, systems, w).items() for a in maintain_system(
        name, url, args.now, args.dry_run, Path(args.archive) if args.archive else None, project,
        w["data_dir"], say, args.export, args.jobs)]
    if json_out:
        print_json({"dry_run": args.dry_run, "actions": [asdict(a) for a in actions]})
    elif not actions:
        print("partitions: nothing to do", file=sys.stderr)
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    project, _systems, w = _where(args)
    system = args.system or Path(args.file).resolve().parent.name
    restore_file(Path(args.file), project.get(system).name, w["database"], project, w["data_dir"])
    return 0
