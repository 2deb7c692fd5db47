"""kill -9 during `migrate`, on the real engines: the next run recovers without `unlock`.

- At a fixed point: a copy of the prismq migrations whose 0002 starts with a step that blocks
  on a flock the test holds. The test waits until the run is blocked there (/proc/locks shows
  its request waiting), kills it, and asserts the exact state left: 0001 recorded and its
  tables there, nothing of 0002. The lock went with the process; the next run applies the rest.
- At random points: seeded delays within the measured duration of a run, each kill followed
  at once by another `migrate`; drift is clean after each. A migration that runs outside a
  transaction (every one on MariaDB, where DDL commits implicitly; enum additions and
  CONCURRENTLY index builds on PostgreSQL) can be left half-applied: the next run then asks
  for `--repair`, the documented path, and the test runs the command it names.
"""
from __future__ import annotations

import fcntl
import os
import random
import re
import shlex
import shutil
import signal
import time
from pathlib import Path

import pytest

from schemakit.schema.diff import diff
from schemakit import checksum, makemigrations, migrate
from tests.conftest import DEEP, ENGINES, served
from tests.test_lock import all_tables, recorded, start
from tests.test_migrate import MIGRATIONS, cli, run, url_text

GATE_VARIABLE = "SCHEMAKIT_TEST_GATE"
GATE_STEP = f'''

def _wait_for_the_test(conn):
    """Block on the flock the test holds on the file ${GATE_VARIABLE} names (tests/test_kill.py)."""
    import fcntl
    import os
    fd = os.open(os.environ["{GATE_VARIABLE}"], os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.close(fd)

'''


def gated_copy(root: Path, d) -> list[makemigrations.Migration]:
    """The migrations tree copied to `root`, prismq's 0002 starting with the gate step; rehashed."""
    shutil.copytree(MIGRATIONS, root)
    files = makemigrations.migrations_in(makemigrations.system_dir(root, d.name, "prismq"))
    second = files[1].path
    text = second.read_text()
    assert text.count("\nsteps = [\n") == 1
    second.write_text(text.replace("\nsteps = [\n", f"{GATE_STEP}\nsteps = [\n    step(_wait_for_the_test),\n"))
    checksum.write(root)
    return files


def blocked_on(path: Path, pid: int) -> bool:
    """Whether process `pid` waits for a flock on `path` (a ``->`` line of /proc/locks)."""
    inode = os.stat(path).st_ino
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields and "FLOCK" in fields and str(pid) in fields and fields[-3].endswith(f":{inode}"):
            return True
    return False


def live_matches(d, url, state) -> list[str]:
    """The differences between the live prismq database and `state` (a canonical schema)."""
    conn = d.connect(url)
    try:
        live = migrate.live_schema(migrate.Target("prismq", url, engine=d), conn)
    finally:
        conn.close()
    return [c.describe() for c in diff(d.lower(state).schema, live)]


@pytest.mark.parametrize("engine", ENGINES)
def test_kill_9_at_a_fixed_point_leaves_0001_and_the_next_run_completes(engine, fresh_url, tmp_path):
    url = fresh_url(engine)
    d = served(engine)  # what migrate runs for the URL (mysql:// reaching MariaDB: mariadb's migrations)
    root = tmp_path / "migrations"
    files = gated_copy(root, d)
    gate = tmp_path / "gate"
    gate.touch()
    fd = os.open(gate, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    proc = start("migrate", "prismq", "--replay", "--database", url_text(url), "--dir", str(root),
                 env={GATE_VARIABLE: str(gate)})
    try:
        deadline = time.monotonic() + 120
        while not blocked_on(gate, proc.pid):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the run never reached the gate"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    finally:
        os.close(fd)  # the gate opens: the next run passes it
    assert proc.returncode == -signal.SIGKILL
    assert recorded(d, url) == [files[0].id]
    assert live_matches(d, url, files[0].state()) == []  # 0001's tables, nothing of 0002
    assert "yoyo_lock" not in all_tables(d, url)
    nxt = run("migrate", "prismq", "--database", url_text(url), "--dir", str(root),
              env={GATE_VARIABLE: str(gate), "SCHEMAKIT_LOCK_WAIT": "60"})
    assert nxt.returncode == 0, nxt.stderr
    assert f"prismq: applied {len(files) - 1} migration(s)" in nxt.stdout
    assert recorded(d, url) == sorted(m.id for m in files)
    if engine == "sqlite":
        assert not Path(f"{url.database}-migrate.lock").exists()  # the next run took over the killed run's file
    drift = run("drift", "prismq", "--database", url_text(url))
    assert drift.returncode == 0, drift.stdout


# Each kill is a new draw of the same proof: five per engine by default, ten in the deep run.
KILLS = 10 if DEEP else 5


@pytest.mark.parametrize("engine", ENGINES)
def test_kill_9_at_random_points_never_needs_unlock(engine, fresh_url):
    d = served(engine)
    files = makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, d.name, "prismq"))
    cli("migrate", "prismq", "--replay", "--database", url_text(fresh_url(engine)), check=True)  # warm caches
    url = fresh_url(engine)
    full = _timed("migrate", "prismq", "--replay", "--database", url_text(url))
    idle = _timed("migrate", "prismq", "--database", url_text(url))  # start, connect, lock, find it done
    window = (min(idle * 0.9, full), full)  # where the run does its work, within the run's duration
    rng = random.Random(f"schemakit kill -9 {engine}")
    outside = {m.id for m in files if "__transactional__ = False" in m.path.read_text()}
    left, repairs = [], []
    low, high = window
    while sum(code == -signal.SIGKILL for code, _ in left) < KILLS:
        assert len(left) < 5 * KILLS, f"runs kept finishing before their kill: {left}"
        url = fresh_url(engine)
        proc = start("migrate", "prismq", "--replay", "--database", url_text(url))
        delay = rng.uniform(low, high)
        time.sleep(delay)  # only picks the kill point: what follows holds for any
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        if proc.returncode == 0:  # it finished first (a noisy neighbour made the measured run slow): draw earlier
            high, low = delay, min(low, delay * 0.9)
        left.append((proc.returncode, len(recorded(d, url)) if "_yoyo_migration" in all_tables(d, url) else None))
        nxt = run("migrate", "prismq", "--database", url_text(url))  # the killed one is a real process
        if nxt.returncode == 2 and "--repair" in nxt.stderr:  # half-applied: the documented path, only for
            half = re.search(r"neither before nor after migration (\S+) ", nxt.stderr).group(1)
            assert half in outside, nxt.stderr  # a migration that runs outside a transaction
            repairs.append(half)
            command = re.search(r"run: (schemakit migrate .*)$", nxt.stderr, re.M).group(1)
            nxt = run(*shlex.split(command)[1:])
        assert nxt.returncode == 0, (left[-1], nxt.stderr)
        assert recorded(d, url) == sorted(m.id for m in files)
        drift = run("drift", "prismq", "--database", url_text(url))
        assert drift.returncode == 0, (left[-1], drift.stdout)
    print(f"{engine}: run {full:.2f} s, kills within {window[0]:.2f}-{window[1]:.2f} s; "
          f"(return code, migrations recorded) after each kill: {left}; repaired: {repairs}")


def _timed(*args: str) -> float:
    began = time.monotonic()
    cli(*args, check=True)
    return time.monotonic() - began
