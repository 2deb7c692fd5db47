"""The partition lifecycle on the real engines (issue #17): time moves across 14 months with --now.

One database per engine holds the scenes system, migrated by `schemakit migrate`. Rows of every
month of 2026 up to November are there before the walk; then each month, from December 2026:
`schemakit partitions maintain --now` runs, two rows of that month go into `jobs` and `segments`,
and then
- the routing check (checks/partitions.py) passes at the policy's bounds of that month,
- the three months ahead exist,
- `jobs` holds no month older than six, each archived month is a CSV file holding every row of it,
- `segments` holds every month and every row,
- `drift` is clean, and a second maintain does nothing.
At the end every archive is restored: every row of `jobs` is back, and drift is still clean.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from schemakit import dialects
from schemakit.checks.engines import Engine
from schemakit.checks.load import Volume, generate, load
from schemakit.checks.oracle import VerdictKind
from schemakit.checks.partitions import UTC, boundary_values, check_routing
from schemakit.dialects import explain as plans
from schemakit.dialects.partitions import read_csv
from schemakit.targets import targets
from schemakit.partitions import TEMP, extend_window
from schemakit.schema import catalog, rolling
from schemakit.schema.model import Partitioning
from tests.conftest import require_server
from tests.data.partition_lifecycle import (
    AWKWARD_ROWS, BAD_INPUT, ENGINES, HOSTILE_NAMES, FIRST_NOW, HISTORY_FROM, KILLS, MONTHS, NO_FILE_USER, ROWS_PER_MONTH,
    SELF_KILLS, WAITING, KillPoint,
)
from tests.test_lock import session
from tests.test_migrate import REPO, run, url_text

SCHEMA = catalog.load("scenes", tenants=[])
ROLLING = ("segments", "jobs")


class Walk:
    """One engine's database, its connection and what was inserted per table and month."""

    def __init__(self, engine: str, url, conn, archive: Path):
        self.engine, self.url, self.conn, self.archive = engine, url, conn, archive
        self.live = Engine(engine, conn, SCHEMA)
        self.sample = generate(SCHEMA, [Volume(name, 1) for name in ROLLING])
        self.inserted: dict[tuple[str, _dt.date], int] = {}
        self.serial = 0

    def cli(self, *args: str, check: bool = True):
        """`schemakit <args> --database <this database>` in this process."""
        return run(*args, "--database", url_text(self.url), check=check)

    def insert(self, month: _dt.date) -> None:
        """ROWS_PER_MONTH rows of `month` (its first and its last instant among them) into each rolling table."""
        first = _dt.datetime(month.year, month.month, 1, tzinfo=UTC)
        end = _dt.datetime.combine(rolling.add_months(month, 1), _dt.time(), UTC)
        instants = [first, end - _dt.timedelta(microseconds=1)]
        instants += [first + (end - first) * (k + 1) / (ROWS_PER_MONTH - 1) for k in range(ROWS_PER_MONTH - 2)]
        self.live.begin()
        for name in ROLLING:
            table = SCHEMA.table(name)
            for at in instants[:ROWS_PER_MONTH]:
                self.serial += 1
                row = {**self.sample.of(table)[0], "id": str(uuid.UUID(int=self.serial)), "created_at": at}
                if name == "jobs":
                    row["idempotency_key"] = f"k{self.serial}"
                verdict = self.live.hold(table, row)
                assert verdict.accepted, (name, at, verdict)
                self.live.settle(True)
            self.inserted[(name, month)] = self.inserted.get((name, month), 0) + ROWS_PER_MONTH
        self.conn.commit()

    def late_row(self, at: _dt.datetime, live: Engine | None = None):
        """The verdict on one row of `jobs` at `at` (rolled back if accepted), on `live` (default: the walk's)."""
        live = live or self.live
        self.serial += 1
        row = {**self.sample.of(SCHEMA.table("jobs"))[0], "id": str(uuid.UUID(int=self.serial)), "created_at": at,
               "idempotency_key": f"late{self.serial}"}
        live.begin()
        verdict = live.hold(SCHEMA.table("jobs"), row)
        live.rollback()
        return verdict

    def months(self, name: str) -> list[_dt.date]:
        ops = dialects.get(self.engine).partition_ops()
        return [m.month for m in ops.months(self.conn, self._lowered(name)) if not m.frozen]

    def count(self, name: str) -> int:
        n = self.live.execute(f"SELECT COUNT(*) FROM {self.live.dialect.quote(name)}")[0][0]
        self.conn.commit()
        return n

    def _lowered(self, name: str):
        return self.live.effective(SCHEMA.table(name))


_TEMPLATES: dict = {}  # engine: (server, name) of a database migrated once, cloned by _history (PostgreSQL)


@pytest.fixture(scope="module", autouse=True)
def _drop_templates():
    yield
    for engine, (server, name) in _TEMPLATES.items():
        dialects.get(engine).drop_database(server, name)
    _TEMPLATES.clear()


def _migrated(engine: str, server, name: str):
    """The URL of database `name` holding the scenes system as `schemakit migrate` leaves it. On PostgreSQL a
    copy of a database migrated once in this module (CREATE DATABASE ... TEMPLATE, a copy of its files:
    https://www.postgresql.org/docs/15/manage-ag-templatedbs.html); elsewhere migrated here."""
    url = server.with_database(name)
    if engine != "postgres":
        run("migrate", "scenes", "--database", url_text(url), check=True)
        return url
    d = dialects.get(engine)
    if engine not in _TEMPLATES:
        template = f"sk_parts_tmpl_{uuid.uuid4().hex[:10]}"
        _TEMPLATES[engine] = (server, template)
        run("migrate", "scenes", "--database", url_text(server.with_database(template)), check=True)
    admin = session(d, server.with_database("postgres"))
    try:
        admin.autocommit = True
        admin.execute(f"CREATE DATABASE {d.quote(name)} TEMPLATE {d.quote(_TEMPLATES[engine][1])}")
    finally:
        admin.close()
    return url


@contextlib.contextmanager
def _history(engine: str, archive: Path) -> Iterator[Walk]:
    """A database of the scenes system, migrated, with rows of every month before FIRST_NOW; dropped after."""
    server = require_server(engine)
    d = dialects.get(engine)
    name = f"sk_parts_{uuid.uuid4().hex[:10]}"
    try:
        url = _migrated(engine, server, name)
        conn = d.connect(url)
        plans.reader(engine).prepare(conn)
        w = Walk(engine, url, conn, archive)
        load(engine, conn, w.sample, only=[t.qualified for t in w.sample.tables if t.partitioning is None])
        for month in rolling.months_between(HISTORY_FROM, rolling.month_of(FIRST_NOW)):
            w.insert(month)
        try:
            yield w
        finally:
            conn.close()
    finally:
        d.drop_database(server, name)


@pytest.fixture(scope="module", params=ENGINES)
def walk(request, tmp_path_factory):
    with _history(request.param, tmp_path_factory.mktemp(f"archive_{request.param}")) as w:
        yield w


def _maintain(w: Walk, now: _dt.date) -> dict:
    found = w.cli("partitions", "maintain", "scenes", "--now", now.isoformat(), "--archive", str(w.archive),
                  "--format", "json")
    return json.loads(found.stdout)


def _archived(w: Walk, month: _dt.date) -> Path:
    return w.archive / "scenes" / f"jobs_{month.strftime('%Y_%m')}.csv"


def _routing_passes(w: Walk, now: _dt.date) -> None:
    """The routing check at the policy's bounds at `now`: probes around the first, the current and the
    last month of each rolling table, and outside them."""
    at_now = rolling.schema_at(SCHEMA, now)
    for name in ROLLING:
        table = at_now.table(name)
        window = table.partition_by
        months = {window.start, rolling.month_of(now), rolling.add_months(window.start, window.months - 1)}
        values = [v for m in sorted(months) for v in boundary_values(Partitioning(window.column, m, 1))]
        report = check_routing(w.engine, w.conn, at_now, table, w.sample.of(table)[0], values)
        assert not report.mismatches, f"{now}: {report}"


def test_fourteen_months_of_maintain(walk):
    w = walk
    now = FIRST_NOW
    for _ in range(MONTHS):
        done = _maintain(w, now)
        assert all(a["done"] for a in done["actions"])
        w.insert(rolling.month_of(now))
        _routing_passes(w, now)
        current = rolling.month_of(now)
        for name in ROLLING:
            held = w.months(name)
            assert all(rolling.add_months(current, k) in held for k in range(4)), (now, name, held)
        jobs = w.months("jobs")
        assert min(jobs) == rolling.add_months(current, -6), (now, jobs)
        for month in rolling.months_between(HISTORY_FROM, min(jobs)):
            header, rows = read_csv(_archived(w, month).read_text())
            assert "created_at" in header and len(rows) == w.inserted.get(("jobs", month), 0), month
        in_table = sum(n for (t, m), n in w.inserted.items() if t == "jobs" and m >= min(jobs))
        assert w.count("jobs") == in_table
        assert min(w.months("segments")) == HISTORY_FROM
        assert w.count("segments") == sum(n for (t, _m), n in w.inserted.items() if t == "segments")
        drift = w.cli("drift", "scenes", check=False)
        assert drift.returncode == 0, f"{now}: {drift.stdout}{drift.stderr}"
        assert _maintain(w, now)["actions"] == []  # idempotent
        now = rolling.add_months(now, 1)
    _restore_every_archive(w)


def _restore_every_archive(w: Walk) -> None:
    files = sorted((w.archive / "scenes").glob("jobs_*.csv"))  # oldest first: the first reopens every month up to the table's
    assert files
    for f in files:
        w.cli("partitions", "restore", str(f))
    assert w.count("jobs") == sum(n for (t, _m), n in w.inserted.items() if t == "jobs")
    assert min(w.months("jobs")) == HISTORY_FROM
    twice = w.cli("partitions", "restore", str(files[-1]), check=False)  # all or nothing: its rows are there
    assert twice.returncode == 2 and len(twice.stderr.strip().splitlines()) == 1, twice
    assert "nothing was loaded" in twice.stderr
    assert w.count("jobs") == sum(n for (t, _m), n in w.inserted.items() if t == "jobs")
    drift = w.cli("drift", "scenes", check=False)
    assert drift.returncode == 0, drift.stdout + drift.stderr


# -- faults: kill -9, two runs at once, an archive folder that takes nothing -----------------------

FIRST_ARCHIVED = [rolling.add_months(HISTORY_FROM, k) for k in range(5)]  # at FIRST_NOW: 2026-01 .. 2026-05


def _process(w: Walk, *extra: str, stderr=subprocess.PIPE, **kw) -> subprocess.Popen:
    """`schemakit partitions maintain` at FIRST_NOW as a real process."""
    args = [sys.executable, "-m", "schemakit.cli", "partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(),
            "--archive", str(w.archive), "--database", url_text(w.url), *extra]
    return subprocess.Popen(args, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE,
                            stderr=stderr, text=True, **kw)


def _wait_for(w: Walk, watcher, pattern: str, state: str, proc: subprocess.Popen) -> None:
    """Until the run's statement like `pattern` waits in `state` on the server."""
    cur = watcher.cursor()
    for _ in range(600):
        cur.execute(WAITING[w.engine], (pattern, state))
        if cur.fetchone()[0]:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError(f"the run never waited at {pattern} ({state})")


def _archived_as_expected(w: Walk) -> None:
    """Each first archived month is one complete file, no temporary file is left, the months are gone,
    every other row is in the table, drift is clean."""
    folder = w.archive / "scenes"
    assert sorted(p.name for p in folder.iterdir()) == [f"jobs_{m.strftime('%Y_%m')}.csv" for m in FIRST_ARCHIVED]
    for m in FIRST_ARCHIVED:
        _header, rows = read_csv(_archived(w, m).read_text())
        assert len(rows) == ROWS_PER_MONTH, m
    assert min(w.months("jobs")) == rolling.add_months(HISTORY_FROM, 5)
    assert w.count("jobs") == sum(n for (t, m), n in w.inserted.items() if t == "jobs" and m not in FIRST_ARCHIVED)
    assert w.cli("drift", "scenes", check=False).returncode == 0


@pytest.mark.parametrize("point", KILLS, ids=[k.id for k in KILLS])
def test_kill_mid_archive_loses_no_row_and_the_next_run_completes(point: KillPoint, tmp_path):
    with _history(point.engine, tmp_path / "archive") as w:
        d = dialects.get(point.engine)
        holder, watcher = session(d, w.url), session(d, w.url)
        try:
            for sql in point.hold:
                holder.cursor().execute(sql)
            proc = _process(w, "--jobs", str(point.jobs))
            _wait_for(w, watcher, point.statement, point.state, proc)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        finally:
            holder.close()  # lets go of the hold
            watcher.close()
        # nothing counts yet: at most a temporary file, and every row of the month is still in the table
        assert not list((w.archive / "scenes").glob("jobs_*.csv"))
        w.conn.commit()
        again = w.cli("partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(), "--archive", str(w.archive))
        assert again.stdout.count("archived partition jobs_") == 5, again.stdout
        _archived_as_expected(w)


# `partitions maintain` at FIRST_NOW that kills itself (SIGKILL) before its first statement LIKE argv[1].
_SELF_KILL = """
import os, re, runpy, signal, sys
from schemakit.dialects.mysql.partitions import MysqlPartitions
like = re.compile(re.escape(sys.argv.pop(1)).replace("%", ".*"), re.S)
execute = MysqlPartitions.execute
def killing(self, conn, sql):
    if like.fullmatch(sql):
        os.kill(os.getpid(), signal.SIGKILL)
    execute(self, conn, sql)
MysqlPartitions.execute = killing
sys.argv[0] = "schemakit"
runpy.run_module("schemakit.cli", run_name="__main__")
"""


@pytest.mark.parametrize("point,statement,named", SELF_KILLS, ids=[k[0] for k in SELF_KILLS])
def test_kill_around_the_guard_loses_no_row_and_the_next_run_completes(point, statement, named, tmp_path):
    """MariaDB's archive (LOCK TABLES, the guard's two triggers, UNLOCK TABLES, the exports, one DROP PARTITION)
    killed -9 between its statements: every row is still in the table; before the drop each month's file is
    complete, earlier no file is named; and the next run archives the five months, leaves the guard whole
    (drift clean) and a late row rejected."""
    with _history("mariadb", tmp_path / "archive") as w:
        args = [sys.executable, "-c", _SELF_KILL, statement, "partitions", "maintain", "scenes", "--now",
                FIRST_NOW.isoformat(), "--archive", str(w.archive), "--database", url_text(w.url)]
        killed = subprocess.run(args, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
                                text=True, timeout=300)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        files = sorted((w.archive / "scenes").glob("jobs_*.csv"))
        assert [f.name for f in files] == ([f"jobs_{m.strftime('%Y_%m')}.csv" for m in FIRST_ARCHIVED] if named else [])
        for f in files:
            assert len(read_csv(f.read_text())[1]) == ROWS_PER_MONTH, f
        ops = dialects.get("mariadb").partition_ops()
        held = ops.months(w.conn, w._lowered("jobs"))
        frozen = sum(ops.counts(w.conn, w._lowered("jobs"), [m for m in held if m.frozen]).values())
        w.conn.commit()
        assert w.count("jobs") + frozen == sum(n for (t, _m), n in w.inserted.items() if t == "jobs")
        again = w.cli("partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(), "--archive", str(w.archive))
        assert again.stdout.count("archived partition jobs_") == 5, again.stdout
        _archived_as_expected(w)
        late = w.late_row(_dt.datetime(2026, 5, 2, tzinfo=UTC))
        assert not late.accepted and late.kind is VerdictKind.PARTITION, late


def _stored_ids(w: Walk, table: str) -> dict[str, int]:
    """{InnoDB's name: TABLE_ID} of each file of `table` (a partition's is ``db/table#P#name``): a rebuild
    writes new ones (https://mariadb.com/kb/en/information-schema-innodb_sys_tables-table/)."""
    found = w.live.execute("SELECT NAME, TABLE_ID FROM information_schema.INNODB_SYS_TABLES WHERE NAME LIKE "
                           f"CONCAT(DATABASE(), '/{table}#P#%%')")
    w.conn.commit()
    return dict(found)


def test_archiving_on_mariadb_rebuilds_no_month_kept(tmp_path):
    """Issue #17: the months kept keep their files (TABLE_ID) across a maintain that archives, i.e. nothing is
    copied; a late row of an archived month is rejected as by the CHECK; drift is clean."""
    with _history("mariadb", tmp_path / "archive") as w:
        before = _stored_ids(w, "jobs")
        _maintain(w, FIRST_NOW)
        after = _stored_ids(w, "jobs")
        kept = {name: n for name, n in before.items() if name in after}
        assert len(kept) == len(before) - 5 and kept == {name: after[name] for name in kept}, (before, after)
        late = w.late_row(_dt.datetime(2026, 5, 31, 23, 59, tzinfo=UTC))
        assert not late.accepted and late.kind is VerdictKind.PARTITION, late
        _archived_as_expected(w)


def test_months_an_earlier_release_converted_are_archived_with_the_others(tmp_path):
    """MariaDB: a run of the release before (the guard, then CONVERT PARTITION ... TO TABLE per month, under one
    LOCK TABLES) killed after converting two months left them as tables of their own, carrying the lower-bound
    CHECK. The next run finds them, exports and counts them from those tables and drops them (DROP TABLE), with
    the three months still partitions (one DROP PARTITION): every row in its file, drift clean."""
    with _history("mariadb", tmp_path / "archive") as w:
        d = dialects.get("mariadb")
        ops, jobs = d.partition_ops(), w._lowered("jobs")
        ops.execute(w.conn, "LOCK TABLES jobs WRITE")
        ops._bound_at(w.conn, jobs, rolling.add_months(FIRST_ARCHIVED[-1], 1))
        for m in FIRST_ARCHIVED[:2]:
            name = d.quote(f"jobs_{m.strftime('%Y_%m')}")
            ops.execute(w.conn, f"ALTER TABLE jobs CONVERT PARTITION {name} TO TABLE {name}")
        ops.execute(w.conn, "UNLOCK TABLES")
        held = ops.months(w.conn, jobs)
        w.conn.commit()
        assert [(m.month, m.frozen) for m in held[:3]] == [(m, n < 2) for n, m in enumerate(FIRST_ARCHIVED[:3])], held
        again = w.cli("partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(), "--archive", str(w.archive))
        assert again.stdout.count("archived partition jobs_") == 5, again.stdout
        _archived_as_expected(w)
        assert not w.late_row(_dt.datetime(2026, 2, 2, tzinfo=UTC)).accepted


def test_a_database_whose_check_an_earlier_release_moved_keeps_working(tmp_path):
    """A MariaDB table archived by the release that moved the lower-bound CHECK up (no guard, the CHECK at its
    first month): drift is clean, the next archive adds the guard and leaves the CHECK, and a restore below
    the moved CHECK moves it back down."""
    with _history("mariadb", tmp_path / "archive") as w:
        d = dialects.get("mariadb")
        ops, jobs = d.partition_ops(), w._lowered("jobs")
        _maintain(w, FIRST_NOW)
        for event in ("INSERT", "UPDATE"):  # as the earlier release left it
            ops.execute(w.conn, d.drop_trigger(jobs, d.partition_guard_name(jobs, event)).sql)
        ops._move_check(w.conn, jobs, rolling.add_months(HISTORY_FROM, 5))
        assert w.cli("drift", "scenes", check=False).returncode == 0
        _maintain(w, rolling.add_months(FIRST_NOW, 1))  # archives 2026-06
        assert ops._check_bound(w.conn, jobs) == rolling.add_months(HISTORY_FROM, 5)
        assert not w.late_row(_dt.datetime(2026, 6, 2, tzinfo=UTC)).accepted
        assert w.cli("drift", "scenes", check=False).returncode == 0
        w.cli("partitions", "restore", str(_archived(w, rolling.add_months(HISTORY_FROM, 4))))
        assert ops._check_bound(w.conn, jobs) == rolling.add_months(HISTORY_FROM, 4)
        assert w.cli("drift", "scenes", check=False).returncode == 0


def test_a_guard_missing_or_wrong_is_drift(tmp_path):
    """After an archive the guard is expected: without one of its triggers, or at another bound, drift reports
    the partitioning; the next maintain puts it back, and makes it again where a trigger came after it (it
    runs last). `inspect` neither lists it nor leaves anything out for it."""
    with _history("mariadb", tmp_path / "archive") as w:
        d = dialects.get("mariadb")
        ops, jobs = d.partition_ops(), w._lowered("jobs")
        _maintain(w, FIRST_NOW)
        ops.execute(w.conn, d.drop_trigger(jobs, d.partition_guard_name(jobs, "UPDATE")).sql)
        assert w.cli("drift", "scenes", check=False).returncode != 0
        _maintain(w, FIRST_NOW)
        assert w.cli("drift", "scenes", check=False).returncode == 0
        for event in ("INSERT", "UPDATE"):
            ops.execute(w.conn, d.partition_guard(jobs, rolling.add_months(HISTORY_FROM, 2), event).sql)
        assert w.cli("drift", "scenes", check=False).returncode != 0
        _maintain(w, FIRST_NOW)
        assert w.cli("drift", "scenes", check=False).returncode == 0
        ops.execute(w.conn, "CREATE TRIGGER sk_jobs_later BEFORE INSERT ON jobs FOR EACH ROW SET @sk_later = 1")
        assert sorted(last for _body, last in ops._guard(w.conn, jobs)) == [0, 1]  # a trigger runs after it
        _maintain(w, FIRST_NOW)
        assert sorted(last for _body, last in ops._guard(w.conn, jobs)) == [1, 1]  # made again: it runs last
        ops.execute(w.conn, "DROP TRIGGER sk_jobs_later")
        out = tmp_path / "inspected.py"
        inspected = w.cli("inspect", "--out", str(out), "--allow-skipped", check=False)
        assert inspected.returncode == 0, inspected.stderr
        text = inspected.stdout + inspected.stderr + out.read_text()
        assert "Nothing was left out" in text and "SKIP" not in text, text
        assert not [e for e in ("INSERT", "UPDATE") if d.partition_guard_name(jobs, e) in text], text


@pytest.mark.parametrize("engine", ENGINES)
def test_two_runs_at_once_one_waits(engine, tmp_path):
    with _history(engine, tmp_path / "archive") as w:
        point = next(k for k in KILLS if k.engine == engine)
        d = dialects.get(engine)
        holder, watcher = session(d, w.url), session(d, w.url)
        second_err = tmp_path / "second.err"
        try:
            for sql in point.hold:
                holder.cursor().execute(sql)
            first = _process(w)
            _wait_for(w, watcher, point.statement, point.state, first)
            with open(second_err, "w") as err:
                second = _process(w, stderr=err)
                for _ in range(600):
                    if "waiting for the migration lock" in second_err.read_text():
                        break
                    time.sleep(0.05)
        finally:
            holder.close()
            watcher.close()
        out1, err1 = first.communicate(timeout=120)
        out2, _ = second.communicate(timeout=120)
        assert (first.returncode, second.returncode) == (0, 0), (err1, second_err.read_text())
        assert "waiting for the migration lock" in second_err.read_text()
        assert out1.count("archived partition") == 5 and "archived" not in out2, (out1, out2)
        w.conn.commit()
        _archived_as_expected(w)


def _fsize_limit() -> None:  # in the child: a file may not grow past 300 bytes, as on a full disk
    import resource
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of killing the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))


@pytest.mark.parametrize("jobs", (1, 2))
@pytest.mark.parametrize("engine", ENGINES)
def test_an_archive_folder_that_takes_nothing_is_one_line_and_nothing_is_dropped(engine, jobs, tmp_path):
    """An unwritable folder is found before anything changes. A disk that fills up during an export stops the
    run after a month was frozen (PostgreSQL: detached; MariaDB: behind the guard, a late row of it rejected):
    nothing is dropped (every row is in the table or its frozen month), no file is left, and the next run,
    with room, finishes the archive as a run stopped after the freeze. With --jobs 2 the export fails in a
    thread of its own, on a connection of its own: the same."""
    with _history(engine, tmp_path / "archive") as w:
        months = w.months("jobs")
        blocker = tmp_path / "a_file"
        blocker.write_text("not a folder\n")
        unwritable = w.cli("partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(),
                           "--archive", str(blocker / "archive"), check=False)
        assert w.months("jobs") == months  # found before anything changed
        full = _process(w, "--jobs", str(jobs), preexec_fn=_fsize_limit)
        out, err = full.communicate(timeout=120)
        for code, text in ((unwritable.returncode, unwritable.stderr), (full.returncode, err)):
            assert code == 2 and len(text.strip().splitlines()) == 1 and "nothing was dropped" in text, text
            assert "Traceback" not in text
        assert "File too large" in err
        w.conn.commit()
        ops = dialects.get(engine).partition_ops()
        held = ops.months(w.conn, w._lowered("jobs"))
        assert [m.month for m in held] == months
        if engine == "postgres":  # detached; MariaDB's months stay partitions, behind the guard:
            assert any(m.frozen for m in held)
        else:
            assert not w.late_row(_dt.datetime(2026, 1, 2, tzinfo=UTC)).accepted
        frozen = sum(ops.counts(w.conn, w._lowered("jobs"), [m for m in held if m.frozen]).values())
        w.conn.commit()
        assert w.count("jobs") + frozen == sum(n for (t, _m), n in w.inserted.items() if t == "jobs")
        assert not [p for p in (w.archive / "scenes").iterdir() if p.name.endswith(".csv") or TEMP in p.name]
        again = w.cli("partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(), "--archive", str(w.archive))
        assert again.stdout.count("archived partition jobs_") == 5, again.stdout
        _archived_as_expected(w)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_late_row_of_a_month_being_archived_is_rejected_from_its_freeze_on(engine, tmp_path, monkeypatch):
    """The same verdict on both engines at every step of an archive: a row of a month being archived,
    written after its freeze, is rejected (PostgreSQL: no partition for it; MariaDB: the guard at the first
    month kept, made under LOCK TABLES, with the CHECK's error). Tried before each export (the freeze
    done), and on MariaDB also by a session that writes while the guard is being made (it waits for the
    lock, then is rejected)."""
    import threading
    with _history(engine, tmp_path / "archive") as w:
        d = dialects.get(engine)
        ops_class = type(d.partition_ops())
        verdicts: list = []
        export = ops_class.export
        other = d.connect(w.url)
        plans.reader(engine).prepare(other)
        during: list = []

        def late(m) -> _dt.datetime:
            return _dt.datetime(m.month.year, m.month.month, 2, tzinfo=UTC)

        def exporting(self, conn, t, m, out):
            if t.name == "jobs":
                verdicts.append((m.name, w.late_row(late(m))))
            return export(self, conn, t, m, out)

        monkeypatch.setattr(ops_class, "export", exporting)
        if engine == "mariadb":
            guard = ops_class._bound_at

            def guarding(self, conn, t, lower):
                if t.name == "jobs" and not during:  # the guard being made: a writer comes while the table is locked
                    row = _dt.datetime(FIRST_ARCHIVED[0].year, FIRST_ARCHIVED[0].month, 2, tzinfo=UTC)
                    during.append(threading.Thread(target=lambda: during.append(w.late_row(row, Engine(engine, other,
                                                                                                           SCHEMA)))))
                    during[0].start()
                    time.sleep(0.2)  # it waits on the lock (or, at worst, comes after the guard: rejected all the same)
                return guard(self, conn, t, lower)

            monkeypatch.setattr(ops_class, "_bound_at", guarding)
        try:
            _maintain(w, FIRST_NOW)
            if during:
                during[0].join(60)
        finally:
            other.close()
        assert [name for name, _v in verdicts] == [f"jobs_{m.strftime('%Y_%m')}" for m in FIRST_ARCHIVED]
        assert not any(v.accepted for _name, v in verdicts), verdicts
        assert engine == "postgres" or not during[-1].accepted, during  # type: ignore[union-attr]
        w.conn.commit()
        _archived_as_expected(w)


# -- maintain --export server: the database server writes the archive ------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_the_server_writes_the_archive_as_the_client_does_and_restore_loads_it(engine, tmp_path):
    """--export server: a folder the server's OS user may not write is one line naming what the server needs,
    exit 2, before anything is frozen, and the folder's mode is left as it was. Given a folder it may write
    (a DBA's choice: here one open to all), the archive is complete, this process's own file with the mode
    the client export gives (0666 less the umask), restore loads every row back, and the client export of
    the same months writes the same bytes (the server's three at once, --jobs 3; the client's one by one)."""
    import shutil
    import stat
    import tempfile
    with _history(engine, tmp_path / "unused") as w:
        months = w.months("jobs")
        closed = tmp_path / "closed"
        refused = w.cli("partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(), "--archive", str(closed),
                        "--export", "server", check=False)
        assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1, refused
        assert "nothing was dropped" in refused.stderr and "Traceback" not in refused.stderr
        assert ("pg_write_server_files" if engine == "postgres" else "FILE privilege") in refused.stderr, refused.stderr
        assert not (closed / "scenes").stat().st_mode & stat.S_IWOTH and not list((closed / "scenes").iterdir())
        ops = dialects.get(engine).partition_ops()
        assert not any(m.frozen for m in ops.months(w.conn, w._lowered("jobs"))) and w.months("jobs") == months
        w.conn.commit()
        shared = Path(tempfile.mkdtemp(prefix="sk_parts_server_"))  # outside pytest's folder, which only root enters
        try:
            os.chmod(shared, 0o755)
            (shared / "scenes").mkdir()
            os.chmod(shared / "scenes", 0o777)
            w.archive = shared
            done = w.cli("partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(), "--archive", str(shared),
                         "--export", "server", "--jobs", "3")
            assert done.stdout.count("archived partition jobs_") == 5, done.stdout
            _archived_as_expected(w)
            umask = os.umask(0)
            os.umask(umask)
            files = sorted((shared / "scenes").glob("jobs_*.csv"))
            for f in files:
                assert f.stat().st_uid == os.getuid() and stat.S_IMODE(f.stat().st_mode) == 0o666 & ~umask, f
            by_server = {f.name: f.read_bytes() for f in files}
            _restore_every_archive(w)
            w.archive = tmp_path / "client"
            again = w.cli("partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(), "--archive",
                          str(w.archive))
            assert again.stdout.count("archived partition jobs_") == 5, again.stdout
            assert {f.name: f.read_bytes() for f in (w.archive / "scenes").glob("jobs_*.csv")} == by_server
        finally:
            shutil.rmtree(shared, ignore_errors=True)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_user_without_the_file_privilege_is_one_line_naming_it_and_nothing_is_frozen(engine, tmp_path):
    """--export server by a user who may maintain the database but not write files on the server (PostgreSQL: no
    superuser nor pg_write_server_files; MariaDB: no FILE privilege), into a folder the server could write: one
    line naming the privilege, exit 2, nothing frozen; the same user's client export archives."""
    import shutil
    import tempfile
    with _history(engine, tmp_path / "archive") as w:
        d = dialects.get(engine)
        user = f"sk_parts_u_{uuid.uuid4().hex[:8]}"
        create, drop, refusal = NO_FILE_USER[engine]
        admin = session(d, w.url)
        admin_cur = admin.cursor()
        shared = Path(tempfile.mkdtemp(prefix="sk_parts_server_"))
        try:
            for sql in create:
                admin_cur.execute(sql.format(user=user, database=w.url.database))
            admin.commit()
            os.chmod(shared, 0o777)
            url = dataclasses.replace(w.url, user=user, password=None if engine == "postgres" else "sk_pw")
            months = w.months("jobs")
            refused = run("partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(), "--archive", str(shared),
                          "--export", "server", "--database", url_text(url))
            assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1, refused
            assert refusal in refused.stderr, refused
            assert "nothing was dropped" in refused.stderr and "sk_pw" not in refused.stderr
            ops = d.partition_ops()
            assert not any(m.frozen for m in ops.months(w.conn, w._lowered("jobs"))) and w.months("jobs") == months
            w.conn.commit()
            done = run("partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(), "--archive", str(w.archive),
                       "--database", url_text(url), check=True)
            assert done.stdout.count("archived partition jobs_") == 5, done.stdout
            _archived_as_expected(w)
        finally:
            shutil.rmtree(shared, ignore_errors=True)
            for sql in drop:
                admin_cur.execute(sql.format(user=user))
            admin.commit()
            admin.close()


# -- the command line: status, dry run, SQLite, bad input ----------------------------------------------

@pytest.fixture(scope="module")
def history_pg(tmp_path_factory):
    with _history("postgres", tmp_path_factory.mktemp("archive_cli")) as w:
        yield w


def test_status_and_a_dry_run_say_what_the_policy_would_do_and_change_nothing(history_pg):
    w = history_pg
    found = json.loads(w.cli("partitions", "status", "scenes", "--now", FIRST_NOW.isoformat(), "--format", "json").stdout)
    jobs = next(t for t in found["tables"] if t["table"] == "jobs")
    assert len(jobs["partitions"]) == 24 and jobs["next_missing"] == "2028-01"
    assert jobs["partitions"][0] == {"name": "jobs_2026_01", "month": "2026-01", "lower": "2026-01-01",
                                     "upper": "2026-02-01", "estimated_rows": jobs["partitions"][0]["estimated_rows"],
                                     "frozen": False}
    assert jobs["would"] == [f"archive jobs_2026_0{k}" for k in range(1, 6)]
    later = w.cli("partitions", "status", "scenes", "--now", "2027-11-30").stdout
    assert "  policy now: create segments_2028_01, create segments_2028_02\n" in later, later
    dry = w.cli("partitions", "maintain", "scenes", "--now", "2027-11-30", "--dry-run", "--archive", str(w.archive))
    assert dry.stdout.count("would create partition") == 4 and dry.stdout.count("would archive partition") == 16
    assert w.months("jobs") == [rolling.add_months(HISTORY_FROM, k) for k in range(24)]
    assert not (w.archive / "scenes").exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_every_system_at_once_is_where_migrate_puts_them(engine):
    """No SYSTEM: every system of the project, each in its database as `migrate --database URL` places several
    (``<database>_<system>``); those without a rolling table (prismq, ...) are not connected to, so their
    databases, which do not exist here, are no error."""
    server = require_server(engine)
    d = dialects.get(engine)
    base = server.with_database(f"sk_parts_{uuid.uuid4().hex[:8]}")
    scenes = d.sibling_database(base, "scenes")
    try:
        run("migrate", "scenes", "--database", url_text(scenes), check=True)
        for command in ("status", "maintain"):
            done = run("partitions", command, "--now", FIRST_NOW.isoformat(), "--database", url_text(base),
                       *(["--dry-run"] if command == "maintain" else []))
            assert done.returncode == 0 and "scenes" in done.stdout, done
            assert (scenes.database in done.stdout) == (command == "status") and "prismq" not in done.stdout, done
    finally:
        d.drop_database(server, scenes.database)


def test_sqlite_says_partitions_are_a_degradation_and_exits_0(tmp_path):
    url = f"sqlite:///{tmp_path / 'scenes.db'}"
    run("migrate", "scenes", "--database", url, check=True)
    for command in ("maintain", "status"):
        done = run("partitions", command, "scenes", "--database", url, check=True)
        assert "sqlite has no partitions (a listed degradation, SL-PARTITION)" in done.stdout, done


@pytest.mark.parametrize("args, words", BAD_INPUT)
def test_bad_input_is_one_line_exit_2(history_pg, tmp_path, args, words):
    w = history_pg
    (tmp_path / "notes.csv").write_text("a\n")
    (tmp_path / "users_2026_01.csv").write_text("id\n")
    missing = w.url.with_database("sk_parts_nosuch")
    missing_text = url_text(missing).replace("postgres@", "postgres:s3cret@")
    remote = url_text(dataclasses.replace(w.url, host="192.0.2.1")).replace("postgres@", "postgres:s3cret@")
    argv = [a.format(url=url_text(w.url), missing=missing_text, folder=tmp_path, remote=remote) for a in args]
    done = run("partitions", *argv)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and words in done.stderr, done
    assert "s3cret" not in done.stderr + done.stdout


@pytest.mark.parametrize("engine", ENGINES)
def test_migrate_brings_the_first_migrations_months_to_the_day_it_runs(engine, tmp_path):
    """The migration files hold the months of the day they were written (2026-01 for 24 months); once
    applied, migrate creates the months the policy needs on the day it runs (here a later one), and
    archives nothing."""
    with _history(engine, tmp_path / "archive") as w:
        said: list[str] = []
        t = targets(["scenes"], url_text(w.url))[0]
        made = extend_window(t, REPO / "migrations", said.append, now=_dt.date(2028, 6, 10))
        assert [a.partition for a in made] == [f"{name}_2028_{m:02d}" for name in ROLLING for m in range(1, 10)]
        assert said == [a.line() for a in made] and all("created partition" in line for line in said)
        for name in ROLLING:
            assert w.months(name) == [rolling.add_months(HISTORY_FROM, k) for k in range(33)]
        assert extend_window(t, REPO / "migrations", said.append, now=_dt.date(2028, 6, 10)) == []
        assert w.cli("drift", "scenes", check=False).returncode == 0
        assert not (w.archive / "scenes").exists()


HOSTILE = '''
import datetime
from schemakit import BYTES, INTEGER, TEXT, TIMESTAMPTZ, Partitioning, Rolling, Schema, System, col, table

SYSTEM = System("app", "a hostile name", Schema((table(
    {name!r}, col("id", INTEGER, null=False), col("at", TIMESTAMPTZ, null=False), col("note", TEXT), col("data", BYTES),
    pk=("id", "at"),
    partition=Partitioning("at", start=datetime.date(2026, 1, 1), months=3, rolling=Rolling(ahead=1, archive_after=1))),)))
'''


@pytest.mark.parametrize("engine", ENGINES)
def test_a_user_project_with_a_name_crafted_to_break_quoting_and_paths(engine, tmp_path):
    """A table named with quotes of both kinds, a slash and a percent sign: created, archived to a file inside
    the archive folder (its two months exported at once, --jobs 2), restored, on a project of the user's own
    (not the catalog)."""
    from tests.test_migrate import migrated_project
    name = HOSTILE_NAMES[engine]
    server = require_server(engine)
    d = dialects.get(engine)
    url = server.with_database(f"sk_parts_{uuid.uuid4().hex[:10]}")
    try:
        migrated_project(tmp_path, HOSTILE.format(name=name), url)
        conn = session(d, url)
        cur = conn.cursor()
        insert = f"INSERT INTO {d.quote(name).replace('%', '%%')} (id, at, note, data) VALUES (%s, %s, %s, %s)"
        for n, (month, note, data) in enumerate(AWKWARD_ROWS):
            cur.execute(insert, (n, f"2026-0{month}-10 12:00:00", note, data))
        if engine == "postgres":
            conn.commit()
        conn.close()
        archive = tmp_path / "archive"
        done = run("partitions", "maintain", "--now", "2026-04-05", "--archive", str(archive), "--database",
                   url_text(url), "--jobs", "2", cwd=tmp_path, bare=True, check=True)
        # (migrate made the months up to a month after today already; the two months exported at once)
        assert done.stdout.count("archived partition") == 2 and "created partition" not in done.stdout, done.stdout
        files = sorted(p.name for p in (archive / "app").iterdir())
        assert files == [f"{name.replace('%', '%25').replace('/', '%2F')}_2026_0{m}.csv" for m in (1, 2)], files
        assert len(read_csv((archive / "app" / files[0]).read_text())[1]) == 2
        for f in reversed(files):
            run("partitions", "restore", str(archive / "app" / f), "--database", url_text(url), cwd=tmp_path, bare=True,
                check=True)
        conn = session(d, url)
        cur = conn.cursor()
        cur.execute(f"SELECT id, note, data FROM {d.quote(name)} ORDER BY id")
        back = [(note, None if data is None else bytes(data)) for _id, note, data in cur.fetchall()]
        assert back == [(note, data) for _m, note, data in AWKWARD_ROWS]  # every row back, a NULL still NULL
        conn.close()
        assert run("drift", "--database", url_text(url), cwd=tmp_path, bare=True).returncode == 0
    finally:
        d.drop_database(server, url.database)


def test_mariadb_refuses_to_alter_the_partitions_of_a_table_named_with_a_slash(tmp_path):
    from tests.test_migrate import migrated_project
    server = require_server("mariadb")
    url = server.with_database(f"sk_parts_{uuid.uuid4().hex[:10]}")
    try:
        migrated_project(tmp_path, HOSTILE.format(name="a/b"), url)
        done = run("partitions", "maintain", "--now", "2026-12-05", "--database", url_text(url), cwd=tmp_path, bare=True)
        assert done.returncode == 2 and "holds '/'" in done.stderr and len(done.stderr.strip().splitlines()) == 1, done
        assert run("drift", "--database", url_text(url), cwd=tmp_path, bare=True).returncode == 0  # the table is intact
    finally:
        dialects.get("mariadb").drop_database(server, url.database)


CATCH_ALL = '''
import datetime
from schemakit import INTEGER, TEXT, TIMESTAMPTZ, Outside, Partitioning, Rolling, Schema, System, col, table

SYSTEM = System("app", "a catch-all after the last month", Schema((table(
    "ledger", col("id", INTEGER, null=False), col("at", TIMESTAMPTZ, null=False), col("note", TEXT), pk=("id", "at"),
    partition=Partitioning("at", start=datetime.date(2026, 1, 1), months=3,
                           rolling=Rolling(ahead=1, archive_after=2, outside=Outside.DEFAULT))),)))
'''


@pytest.mark.parametrize("engine", ENGINES)
def test_a_catch_all_after_the_last_month_is_split_as_months_come(engine, tmp_path):
    """Outside.DEFAULT: ``ledger_future`` takes the rows after the last month (PostgreSQL FROM (...) TO (MAXVALUE),
    MariaDB VALUES LESS THAN (MAXVALUE)); a row before the first month is still rejected on both. Each new month
    is taken out of it (PostgreSQL: detach, create, move the rows, attach; MariaDB: REORGANIZE PARTITION), so a
    row written ahead of time ends in its month."""
    from schemakit.project import load_systems
    from tests.test_migrate import migrated_project
    server = require_server(engine)
    d = dialects.get(engine)
    url = server.with_database(f"sk_parts_{uuid.uuid4().hex[:10]}")
    try:
        migrated_project(tmp_path, CATCH_ALL, url)
        schema = load_systems(str(tmp_path / "app.py"), tmp_path)["app"].schema
        conn = d.connect(url)
        plans.reader(engine).prepare(conn)
        live = Engine(engine, conn, schema)
        ledger = schema.table("ledger")
        live.begin()
        ahead = _dt.datetime(2027, 5, 15, tzinfo=UTC)
        for n, at in enumerate((_dt.datetime(2026, 2, 3, tzinfo=UTC), ahead)):
            assert live.hold(ledger, {"id": n, "at": at, "note": "x"}).accepted
            live.settle(True)
        assert not live.probe(ledger, {"id": 9, "at": _dt.datetime(2025, 12, 31, tzinfo=UTC), "note": "old"}).accepted
        conn.commit()
        assert live.execute(f"SELECT COUNT(*) FROM {_rows_of(d, engine, 'ledger_future')}")[0][0] == 1
        conn.commit()
        now = _dt.date(2027, 6, 10)
        done = run("partitions", "maintain", "--now", now.isoformat(), "--archive", str(tmp_path / "archive"),
                   "--database", url_text(url), cwd=tmp_path, bare=True, check=True)
        assert "created partition ledger_2027_07" in done.stdout, done.stdout
        at_now = rolling.schema_at(schema, now)
        window = at_now.table("ledger").partition_by
        values = [v for m in (window.start, rolling.add_months(window.start, window.months - 1))
                  for v in boundary_values(Partitioning("at", m, 1))]
        report = check_routing(engine, conn, at_now, at_now.table("ledger"), {"id": 0, "at": ahead, "note": "p"}, values)
        assert not report.mismatches, str(report)
        assert {r.landed for r in report.results} >= {"ledger_future", None}
        # the row written ahead is in its month now
        assert live.execute(f"SELECT COUNT(*) FROM {_rows_of(d, engine, 'ledger_2027_05')}")[0][0] == 1
        conn.commit()
        conn.close()
        assert run("drift", "--database", url_text(url), cwd=tmp_path, bare=True).returncode == 0
        again = run("partitions", "maintain", "--now", now.isoformat(), "--archive", str(tmp_path / "archive"),
                    "--database", url_text(url), cwd=tmp_path, bare=True, check=True)
        assert "partition" not in again.stdout
        status = json.loads(run("partitions", "status", "--now", now.isoformat(), "--format", "json", "--database",
                                url_text(url), cwd=tmp_path, bare=True, check=True).stdout)
        assert status["tables"][0]["catch_all_rows"] == 0  # an estimate: the catch-all is empty now
        assert "ledger_future  [2027-08-01, MAXVALUE)" in run("partitions", "status", "--now", now.isoformat(),
                                                              "--database", url_text(url), cwd=tmp_path, bare=True).stdout
    finally:
        d.drop_database(server, url.database)


def _rows_of(d, engine: str, partition: str) -> str:
    """The FROM of one partition of ``ledger``: a table of its own on PostgreSQL, PARTITION (...) on MariaDB."""
    return d.quote(partition) if engine == "postgres" else f"{d.quote('ledger')} PARTITION ({d.quote(partition)})"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_table_of_the_users_named_like_a_month_is_left_alone(engine, tmp_path):
    """`jobs_2025_06` is the user's own table, not a month an interrupted archive left (it lacks the mark):
    maintain neither archives nor drops it."""
    with _history(engine, tmp_path / "archive") as w:
        d = dialects.get(engine)
        conn = session(d, w.url)
        cur = conn.cursor()
        cur.execute(f"CREATE TABLE {d.quote('jobs_2025_06')} (id INTEGER)")
        cur.execute(f"INSERT INTO {d.quote('jobs_2025_06')} VALUES (7)")
        conn.close()
        done = w.cli("partitions", "maintain", "scenes", "--now", FIRST_NOW.isoformat(), "--archive", str(w.archive))
        assert "jobs_2025_06" not in done.stdout and done.stdout.count("archived partition") == 5
        assert w.live.execute(f"SELECT id FROM {d.quote('jobs_2025_06')}") == [(7,)]
        w.conn.commit()


def test_mariadb_exports_a_month_alike_as_one_value_or_streamed(monkeypatch):
    """MariaDB's export of a month as one GROUP_CONCAT value, of a month whose value would be cut (and is
    streamed instead), of a month streamed row by row and the server's (SELECT ... INTO OUTFILE, --export
    server) write the same bytes: every awkward value back."""
    import io
    import shutil
    import tempfile
    from schemakit import BYTES, INTEGER, TEXT, TIMESTAMP, Schema, col, table
    from schemakit.dialects.mysql import partitions as mysql_parts
    from schemakit.dialects.partitions import Month
    server = require_server("mariadb")
    d = dialects.get("mariadb")
    notes = table("notes", col("id", INTEGER, null=False), col("at", TIMESTAMP, null=False), col("note", TEXT),
                  col("data", BYTES), pk=("id", "at"), partition=Partitioning("at", start=_dt.date(2026, 1, 1), months=2))
    url = d.create_database(server, f"sk_parts_{uuid.uuid4().hex[:10]}")
    try:
        conn = d.connect(url)
        d.apply(conn, d.ddl(Schema((notes,)))[0])
        cur = conn.cursor()
        rows = [(n, f"2026-01-{1 + n % 28:02d} 12:00:00", note, data) for n, (_m, note, data) in enumerate(AWKWARD_ROWS * 50)]
        cur.executemany("INSERT INTO notes (id, at, note, data) VALUES (%s, %s, %s, %s)", rows)
        conn.commit()
        ops, lowered = d.partition_ops(), d.lower(Schema((notes,))).schema.table("notes")
        month = Month(_dt.date(2026, 1, 1), "notes_2026_01", len(rows))
        written = {}
        for how, whole, whole_bytes in (("one value", 10 ** 6, 64 << 20), ("cut", 10 ** 6, 100), ("streamed", -1, 0)):
            monkeypatch.setattr(mysql_parts, "WHOLE", whole)
            monkeypatch.setattr(mysql_parts, "WHOLE_BYTES", whole_bytes)
            out = io.BytesIO()
            if how == "cut":  # GROUP_CONCAT cut the value: found by its length, nothing written
                assert ops._export_whole(conn, lowered, month, out) is None and not out.getvalue()
            assert ops.export(conn, lowered, month, out) == len(rows), how
            written[how] = out.getvalue()
        shared = Path(tempfile.mkdtemp(prefix="sk_parts_server_"))  # the server's OS user writes there
        try:
            os.chmod(shared, 0o777)
            head, n = ops.export_on_server(conn, lowered, month, str(shared / "notes.csv"))
            assert n == len(rows)
            written["by the server"] = head + (shared / "notes.csv").read_bytes()
        finally:
            shutil.rmtree(shared, ignore_errors=True)
        conn.close()
        assert written["one value"] == written["cut"] == written["streamed"] == written["by the server"]
        header, back = read_csv(written["one value"].decode())
        assert header == ["id", "at", "note", "data"]
        expected = [(note, None if data is None else "\\x" + data.hex()) for _n, _a, note, data in rows]
        assert [(r[2], r[3]) for r in back] == expected
    finally:
        d.drop_database(server, url.database)


def test_postgres_copy_out_writes_copys_rows_and_leaves_the_connection_ready():
    """PostgreSQL's export reads COPY's rows through libpq (`copy_out`): the same bytes and count as psycopg's
    Copy; a statement the server refuses raises psycopg's error for its SQLSTATE; a write that fails midway
    cancels the COPY; after each, the connection runs the next statement."""
    import io
    import psycopg
    from schemakit.dialects.postgres.partitions import copy_out
    server = require_server("postgres")
    d = dialects.get("postgres")
    url = d.create_database(server, f"sk_parts_{uuid.uuid4().hex[:10]}")
    try:
        conn = d.connect(url)
        conn.autocommit = True
        conn.execute("CREATE TABLE notes AS SELECT n, 'a \"b\", c' || n AS note, NULL::text AS nothing "
                     "FROM generate_series(1, 20000) n")
        sql = "COPY notes TO STDOUT (FORMAT csv, HEADER)"
        out = io.BytesIO()
        assert copy_out(conn, sql, out.write) == 20000
        with conn.cursor() as cur, cur.copy(sql) as copy:
            assert out.getvalue() == b"".join(bytes(data) for data in copy)
        with pytest.raises(psycopg.errors.UndefinedTable):
            copy_out(conn, "COPY no_such_table TO STDOUT (FORMAT csv)", out.write)
        assert conn.execute("SELECT 1").fetchone() == (1,)

        def full(_data, seen=[]):  # noqa: B006 - counts the rows written across calls
            seen.append(1)
            if len(seen) > 100:
                raise OSError(28, "No space left on device")
        with pytest.raises(OSError):
            copy_out(conn, sql, full)
        assert conn.execute("SELECT count(*) FROM notes").fetchone() == (20000,)
        conn.close()
    finally:
        d.drop_database(server, url.database)


def test_the_guard_passes_a_null_key_as_the_check_does(fresh_url):
    """A NULL partition key (a table without a primary key, its column nullable): the CHECK passes it and RANGE
    stores it in the lowest partition (MY-PARTNULL); so does the guard, while a row below its bound fails with
    the CHECK's error (4025, the CHECK's name)."""
    from schemakit import INTEGER, TIMESTAMP, Rolling, Schema, col, table
    d = dialects.get("mariadb")
    events = table("events", col("id", INTEGER, null=False), col("at", TIMESTAMP),
                   partition=Partitioning("at", start=_dt.date(2026, 1, 1), months=6, rolling=Rolling(ahead=1)))
    conn = d.connect(fresh_url("mariadb"))
    try:
        d.apply(conn, d.ddl(Schema((events,)))[0])
        t = d.lower(Schema((events,))).schema.table("events")
        ops = d.partition_ops()
        cur = conn.cursor()
        cur.execute("INSERT INTO events (id, at) VALUES (1, NULL)")
        ops._bound_at(conn, t, _dt.date(2026, 3, 1))
        cur.execute("INSERT INTO events (id, at) VALUES (2, NULL), (3, '2026-03-01 00:00:00')")
        cur.execute("UPDATE events SET id = 4 WHERE id = 2")
        cur.execute("SELECT COUNT(*) FROM events PARTITION (events_2026_01) WHERE at IS NULL")
        assert cur.fetchone()[0] == 2
        for sql in ("INSERT INTO events (id, at) VALUES (5, '2026-02-28 23:59:59')",
                    "UPDATE events SET at = '2026-02-01 00:00:00' WHERE id = 3"):
            with pytest.raises(Exception) as e:
                cur.execute(sql)
            assert e.value.args[0] == 4025 and d.partition_check_name(t) in e.value.args[1], e.value.args
        conn.commit()
    finally:
        conn.close()


def test_a_failed_run_cancels_the_exports_running_on_their_own_connections(tmp_path):
    """maintain --jobs 2 on PostgreSQL: when the run fails or is interrupted while an export runs in its thread,
    `_Exports.close` asks the server to stop it (libpq's cancel request) rather than wait for its end: the
    export fails with the server's QueryCanceled, and every connection it opened is closed."""
    import io
    import psycopg
    from schemakit.dialects.postgres.partitions import copy_out
    from schemakit.partitions import _Exports
    from schemakit.project import catalog_project
    server = require_server("postgres")
    d = dialects.get("postgres")
    url = d.create_database(server, f"sk_parts_{uuid.uuid4().hex[:10]}")
    try:
        t = targets(["scenes"], url.secret_url(), catalog_project(), tmp_path)[0]
        watcher = d.connect(url)
        watcher.autocommit = True
        exports = _Exports(t, d.partition_ops(), watcher, 2)
        slow = exports.submit(lambda conn: copy_out(conn, "COPY (SELECT pg_sleep(60)) TO STDOUT", io.BytesIO().write))
        running = ("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                   "AND query LIKE 'COPY (SELECT pg_sleep%'")
        for _ in range(600):
            if watcher.execute(running).fetchone() == (1,):
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the export never started")
        exports.close(interrupt=True)
        assert isinstance(slow.exception(), psycopg.errors.QueryCanceled), slow.exception()
        others = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        for _ in range(600):  # the server sees a closed connection go a moment later
            if watcher.execute(others).fetchone() == (0,):
                break
            time.sleep(0.05)
        assert watcher.execute(others).fetchone() == (0,)
        watcher.close()
    finally:
        d.drop_database(server, url.database)
