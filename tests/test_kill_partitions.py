"""kill -9 during a partition rebuild of a table holding rows, and two runs at once (issue #14).

A project whose table ``ledger`` (200k rows) is RANGE partitioned with a DEFAULT partition gets
a second migration that adds a partition: on MariaDB, where the DEFAULT partition is a MAXVALUE
one (MY-RANGEDEFAULT), that is a rebuild, ``ALTER TABLE ... PARTITION BY``, copying every row; on
PostgreSQL a ``CREATE TABLE ... PARTITION OF``, which scans the DEFAULT partition's rows.

Each kill point (tests/data/partition_kills.py) is reached by watching the server run the
statement (a session of the test holds a lock the statement waits for, and lets go of it), not
by a sleep. The next run is started before the kill and waits at the migration lock, so it is
there while the killed run's statement may still run on the server: MariaDB finishes a copy
whose client died (the dead session keeps the lock until then, and the next run then records
the rebuild as in place), but ends a statement that waits for a metadata lock; PostgreSQL
finishes the statement and rolls the transaction back. After it: every row is still there
(count and checksum), the table is at the old or the new partitioning and nothing else is left
(InnoDB holds no ``#sql-`` table), never two rebuilds ran at once, the next run completed,
drift is clean, and there is no lock to clear. Two runs at once: one rebuilds, the other waits
and then finds it done; a third with a short SCHEMAKIT_LOCK_WAIT refuses in one line.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schemakit import makemigrations
from tests.conftest import for_engine, served
from tests.data.partition_kills import HOLD_TABLE, MARIADB_WAIT, POINTS, KillPoint
from tests.test_lock import all_tables, recorded, session
from tests.test_migrate import REPO, cli, run, url_text

ROWS = 200_000
BEFORE, AFTER = (100000, 200000), (100000, 200000, 300000)
YOYO = {"_yoyo_log", "_yoyo_migration", "_yoyo_version"}
SCHEMA = '''
from schemakit import INTEGER, TEXT, Partitioning, Schema, System, col, table
from schemakit.schema.model import PartitionSpec

SYSTEM = System("parts", "a partitioned ledger", Schema((table(
    "ledger", col("id", INTEGER, null=False), col("k", INTEGER, null=False), col("note", TEXT), pk=("id", "k"),
    partition=Partitioning("k", partitions=tuple(PartitionSpec(f"p{{n}}", upper=u) for n, u in enumerate({uppers})),
                           default="rest")),)))
'''
# The rows: k in [0, 200000) and [300000, 400000), none in the new partition's range (PostgreSQL
# refuses to create it while the DEFAULT partition holds rows of it).
_K = "(n * 7) % 300000 + CASE WHEN (n * 7) % 300000 >= 200000 THEN 100000 ELSE 0 END"
FILL = {"mysql": f"INSERT INTO ledger (id, k, note) SELECT n, {_K}, CONCAT('row ', n) "
                 f"FROM (SELECT seq AS n FROM seq_1_to_{ROWS}) s",
        "postgres": f"INSERT INTO ledger (id, k, note) SELECT n, {_K}, 'row ' || n FROM generate_series(1, {ROWS}) n"}
CHECKSUM = {"mysql": "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('/', id, k, note))) FROM ledger",
            "postgres": "SELECT count(*), sum(hashtext(concat_ws('/', id, k, note))::bigint) FROM ledger"}
PARTITIONS = {"mysql": "SELECT PARTITION_NAME FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() "
                       "AND TABLE_NAME = 'ledger' ORDER BY PARTITION_NAME",
              "postgres": "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                          "WHERE i.inhparent = 'ledger'::regclass ORDER BY c.relname"}
# The run's statements on the server: (id, state, progress) of those whose text is LIKE %s.
RUNNING = {"mysql": "SELECT ID, STATE, PROGRESS FROM information_schema.PROCESSLIST WHERE DB = DATABASE() "
                    "AND ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INFO LIKE %s",
           "postgres": "SELECT pid, coalesce(wait_event_type, ''), 0 FROM pg_stat_activity WHERE datname = "
                       "current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE %s"}
# MariaDB: the tables InnoDB holds for the database, with the temporary ``#sql-...`` tables of a rebuild,
# which information_schema.TABLES does not list (https://mariadb.com/kb/en/information-schema-innodb_sys_tables-table/)
STORED = "SELECT NAME FROM information_schema.INNODB_SYS_TABLES WHERE NAME LIKE %s"
REBUILD = {"mysql": "ALTER TABLE %", "postgres": "CREATE TABLE %"}  # the rebuild's statement, LIKE
OLD, NEW = ["p0", "p1", "rest"], ["p0", "p1", "p2", "rest"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """Factory: the project folder of engine `d` (made once per module): before.py and after.py,
    m1/ holding the first migration, m2/ both."""
    made: dict[str, Path] = {}

    def make(d) -> Path:
        if d.name not in made:
            root = tmp_path_factory.mktemp(f"parts-{d.name}")
            for stage, uppers in (("before", BEFORE), ("after", AFTER)):
                (root / f"{stage}.py").write_text(SCHEMA.format(uppers=uppers))
            for stage, folder in (("before", "m1"), ("before", "m2"), ("after", "m2")):
                run("makemigrations", "--schema", str(root / f"{stage}.py"), "--dialect", d.name, "--dir",
                    str(root / folder), cwd=root, bare=True, check=True)
            made[d.name] = root
        return made[d.name]

    return make


def _command(root: Path, url, *extra: str) -> list[str]:
    return ["migrate", "parts", "--schema", str(root / "after.py"), "--dir", str(root / "m2"),
            "--database", url_text(url), *extra]


def _query(d, url, sql: str, args: tuple = ()) -> list[tuple]:
    conn = session(d, url)
    try:
        cur = conn.cursor()
        cur.execute(sql, args)
        return [tuple(r) for r in cur.fetchall()]
    finally:
        conn.close()


def _prepared(d, root: Path, url) -> tuple[int, int]:
    """The first migration applied and ROWS rows inserted; their (count, checksum)."""
    run("migrate", "parts", "--schema", str(root / "before.py"), "--dir", str(root / "m1"), "--database",
        url_text(url), cwd=root, bare=True, check=True)
    conn = session(d, url)
    try:
        cur = conn.cursor()
        cur.execute(for_engine(FILL, d.name))
        conn.commit()
    finally:
        conn.close()
    count, checksum = _query(d, url, for_engine(CHECKSUM, d.name))[0]
    assert count == ROWS
    return count, int(checksum)


def _layout(d, url, settled: bool = True) -> list[str]:
    """ledger's partitions, after asserting that the database holds nothing but ledger, its partitions
    and the bookkeeping; `settled` (no statement running): nor does the storage engine (no table a
    rebuild left behind)."""
    parts = [r[0] for r in _query(d, url, for_engine(PARTITIONS, d.name))]
    assert parts in (OLD, NEW), parts  # the old partitioning or the new one, never a mixture
    assert set(all_tables(d, url)) - YOYO - {"ledger"} - (set(parts) if d.name == "postgres" else set()) == set()
    if settled and d.name != "postgres":
        stored = {r[0].split("/", 1)[1] for r in _query(d, url, STORED, (f"{url.database}/%",))}
        assert stored == YOYO | {f"ledger#P#{p}" for p in parts}, stored
    return parts


def _running(d, conn, pattern: str) -> list[tuple]:
    cur = conn.cursor()
    cur.execute(for_engine(RUNNING, d.name), (pattern,))
    return [tuple(r) for r in cur.fetchall()]


def _wait_for(d, conn, pattern: str, state: str, progress, procs: list[subprocess.Popen], what: str) -> tuple:
    """Poll until a statement LIKE `pattern` is in `state` (with at least `progress`); the row found."""
    deadline = time.monotonic() + 120
    while True:
        for row in _running(d, conn, pattern):
            if row[1] == state and (progress is None or float(row[2]) >= progress):
                return row
        for p in procs:
            assert p.poll() is None, f"a run ended before {what}"
        assert time.monotonic() < deadline, f"the run never reached {what}"


def _waiting(out: Path, proc: subprocess.Popen) -> None:
    """Wait until `proc` (its output in `out`.err) says it waits for the migration lock."""
    deadline = time.monotonic() + 60
    while "waiting for the migration lock" not in Path(f"{out}.err").read_text():
        assert proc.poll() is None, Path(f"{out}.err").read_text()
        assert time.monotonic() < deadline, "the run never waited for the lock"
        time.sleep(0.05)


def _gone(d, conn, pid) -> None:
    """Wait until the server has ended session `pid`'s statement."""
    deadline = time.monotonic() + 60
    while any(row[0] == pid for row in _running(d, conn, "%")):
        assert time.monotonic() < deadline, f"the server kept the killed run's statement ({pid})"
        time.sleep(0.05)


def _spawn(args: list[str], out: Path, env=None) -> subprocess.Popen:
    """The schemakit command line, running, its stdout and stderr written to `out`.out and `out`.err."""
    with open(f"{out}.out", "w") as stdout, open(f"{out}.err", "w") as stderr:
        return subprocess.Popen([sys.executable, "-m", "schemakit.cli", *args], cwd=REPO, stdout=stdout,
                                stderr=stderr, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


def _finish(d, conn, procs: list[subprocess.Popen], pattern: str) -> int:
    """Wait for `procs` to end, watching the server meanwhile; the most statements LIKE `pattern` seen
    running at once."""
    most = 0
    while any(p.poll() is None for p in procs):
        most = max(most, len(_running(d, conn, pattern)))
        time.sleep(0.01)
    return most


def _hold(d, url, point: KillPoint):
    conn = session(d, url)
    for sql in point.hold:
        conn.cursor().execute(sql)
    return conn


def _release(d, conn) -> None:
    conn.cursor().execute("UNLOCK TABLES" if d.name != "postgres" else "COMMIT")
    if d.name != "postgres":
        conn.commit()
    conn.close()


@pytest.mark.parametrize("point", POINTS, ids=[p.id for p in POINTS])
def test_kill_9_during_a_partition_rebuild_loses_no_row(point, project, fresh_url, tmp_path):
    """The next run is started before the kill, held at the lock (the killed run holds it), so that
    it is there while the killed run's statement may still run on the server."""
    d = served(point.engine)
    root = project(d)
    url = fresh_url(point.engine)
    rows = _prepared(d, root, url)
    files = makemigrations.migrations_in(makemigrations.system_dir(root / "m2", d.name, "parts"))
    assert len(files) == 2 and _layout(d, url) == OLD
    watch = session(d, url)
    held = _hold(d, url, point)
    try:
        killed = _spawn(_command(root, url), tmp_path / "killed")
        row = _wait_for(d, watch, point.statement, MARIADB_WAIT if point.release_first else point.state, None,
                        [killed], f"the hold of {point.id}")
        nxt = _spawn(_command(root, url), tmp_path / "next", env={"SCHEMAKIT_LOCK_WAIT": "120"})
        _waiting(tmp_path / "next", nxt)
        if point.release_first:
            _release(d, held)
            held = None
            row = _wait_for(d, watch, point.statement, point.state, point.progress, [killed, nxt], point.id)
        killed.send_signal(signal.SIGKILL)
        assert killed.wait() == -signal.SIGKILL
        _layout(d, url, settled=False)  # the old partitioning or the new one, whatever the server is doing
        if held is not None:
            if point.abandoned:
                _gone(d, watch, row[0])  # before the hold goes: else the statement would go on
            else:
                assert _running(d, watch, point.statement)[0][0] == row[0]  # waits on, its client gone
            _release(d, held)
            held = None
        most = _finish(d, watch, [nxt], for_engine(REBUILD, d.name))
    finally:
        if held is not None:
            _release(d, held)
        watch.close()
    out, err = Path(f"{tmp_path / 'next'}.out").read_text(), Path(f"{tmp_path / 'next'}.err").read_text()
    assert nxt.returncode == 0 and "Traceback" not in err, out + err
    assert all(line.startswith("schemakit: waiting for the migration lock") for line in err.splitlines()), err
    assert most <= 1  # never a second rebuild beside the killed run's
    if point.completed_by == "killed run":
        assert f"parts: {files[1].id} already in place" in out, out
    else:
        assert "parts: applied 1 migration(s)" in out, out
    assert recorded(d, url) == sorted(m.id for m in files)
    assert _layout(d, url) == NEW
    count, checksum = _query(d, url, for_engine(CHECKSUM, d.name))[0]
    assert (count, int(checksum)) == rows  # every row, unchanged
    assert "yoyo_lock" not in all_tables(d, url)
    drift = run("drift", "parts", "--schema", str(root / "after.py"), "--dir", str(root / "m2"),
                "--database", url_text(url))
    assert drift.returncode == 0, drift.stdout + drift.stderr


@pytest.mark.parametrize("engine", sorted(HOLD_TABLE))
def test_two_runs_at_once_rebuild_once_and_keep_every_row(engine, project, fresh_url, tmp_path):
    d = served(engine)
    root = project(d)
    url = fresh_url(engine)
    rows = _prepared(d, root, url)
    point = HOLD_TABLE[engine]  # the rebuild waits for the test's session: both runs are started meanwhile
    watch = session(d, url)
    held = _hold(d, url, point)
    try:
        procs = [_spawn(_command(root, url), tmp_path / f"run{i}", env={"SCHEMAKIT_LOCK_WAIT": "120"})
                 for i in range(2)]
        _wait_for(d, watch, point.statement, point.state, None, procs, "the rebuild")
        deadline = time.monotonic() + 60
        while not any("waiting for the migration lock" in Path(f"{tmp_path / f'run{i}'}.err").read_text()
                      for i in range(2)):
            assert all(p.poll() is None for p in procs)
            assert time.monotonic() < deadline, "neither run waited for the lock"
            time.sleep(0.05)
        short = cli(*_command(root, url), env={"SCHEMAKIT_LOCK_WAIT": "1"})  # a third run, that will not wait
        lines = short.stderr.splitlines()
        assert short.returncode == 2 and "Traceback" not in short.stderr, short.stderr
        assert lines[-1].startswith(f"schemakit: parts: the migration lock on {url.redacted} is held by "), lines
        assert all(line.startswith("schemakit: waiting for the migration lock") for line in lines[:-1]), lines
        assert _layout(d, url, settled=False) == OLD
        _release(d, held)
        held = None
        most = _finish(d, watch, procs, for_engine(REBUILD, d.name))
    finally:
        if held is not None:
            _release(d, held)
        watch.close()
    outs = sorted((Path(f"{tmp_path / f'run{i}'}.out").read_text(), Path(f"{tmp_path / f'run{i}'}.err").read_text())
                  for i in range(2))
    assert [p.returncode for p in procs] == [0, 0], outs
    assert most <= 1
    ran = [o for o in outs if "parts: applied 1 migration(s)" in o[0]]
    waited = [o for o in outs if "is up to date" in o[0]]
    assert len(ran) == len(waited) == 1 and ran[0][1] == "", outs  # one rebuilt; the other waited, then found it done
    assert waited[0][1] and all(line.startswith("schemakit: waiting for the migration lock")
                                for line in waited[0][1].splitlines()), outs
    assert _layout(d, url) == NEW
    count, checksum = _query(d, url, for_engine(CHECKSUM, d.name))[0]
    assert (count, int(checksum)) == rows
