"""kill -9 and two runs at once while a migration creates views, a function and triggers (issue #15).

A project's second migration creates a function, a trigger calling it, a view and a view over that
view (PostgreSQL; SQLite: the trigger and the views). The migration is stopped between the first
view and the second on a flock the test holds (the gate of tests/test_kill.py), so it has created
objects of every kind when:

- it is killed (-9): nothing of the migration is left (its transaction went with the process), only
  the first migration is recorded, and the next run completes with drift clean;
- a second `migrate` starts: it waits for the lock, says so, and changes nothing; once the gate opens,
  the first run finishes, the second finds nothing left to do, and drift is clean.
"""
from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schemakit import checksum, makemigrations
from tests.conftest import for_engine, served
from tests.test_init import sk
from tests.test_kill import GATE_STEP, GATE_VARIABLE, blocked_on
from tests.test_lock import recorded
from tests.test_migrate import REPO, url_text

DATA = Path(__file__).parent / "data" / "code_objects"
ENGINES = ["postgres", "sqlite"]  # where DDL is transactional (MariaDB commits each statement: tests/test_kill.py)
OBJECTS_SQL = {
    "postgres": "SELECT 'function ' || proname FROM pg_proc WHERE proname = 'trim_title' "
                "UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE tgname = 'posts_trim' "
                "UNION ALL SELECT 'view ' || viewname FROM pg_views WHERE schemaname = 'public'",
    "sqlite": "SELECT type || ' ' || name FROM sqlite_master WHERE type IN ('view', 'trigger')",
}
EVERY_OBJECT = {"postgres": ["function trim_title", "trigger posts_trim", "view post_titles", "view published_titles"],
                "sqlite": ["trigger posts_trim", "view post_titles", "view published_titles"]}


def _project(folder: Path, engine: str) -> list[makemigrations.Migration]:
    """A project in `folder`: `schemakit init`'s tables (0001), then the objects of
    data/code_objects/kill_tail.txt (0002, gated before its last view); the engine's migrations."""
    sk("init", cwd=folder, check=True)
    schema = folder / "db" / "schema.py"
    head = schema.read_text().split("\nSYSTEM = ")[0]
    schema.write_text(head + '\nSYSTEM = System("app", "The application\'s database", Schema((authors, posts)))\n')
    sk("makemigrations", cwd=folder, check=True)
    schema.write_text(head + "\n" + (DATA / "kill_tail.txt").read_text())
    sk("makemigrations", cwd=folder, check=True)
    files = makemigrations.migrations_in(makemigrations.system_dir(folder / "migrations", served(engine).name, "app"))
    second = files[1].path
    text = second.read_text()
    mark = "    # create view published_titles\n"
    assert text.count(mark) == 1 and "__transactional__ = True" in text
    second.write_text(text.replace("\nsteps = [\n", f"{GATE_STEP}\nsteps = [\n")
                      .replace(mark, "    step(_wait_for_the_test),\n" + mark))
    checksum.write(folder / "migrations")
    return files


def _start(folder: Path, *args: str, env: dict) -> subprocess.Popen:
    """The schemakit command line running in `folder`, as a user types it."""
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.Popen([sys.executable, "-m", "schemakit.cli", *args], cwd=folder, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**base, "PYTHONPATH": str(REPO), **env})


def _objects(engine: str, url) -> list[str]:
    """The views, the function and the triggers of the migration that the database holds, sorted."""
    d = served(engine)
    conn = d.connect(url)
    try:
        cur = conn.cursor()
        cur.execute(for_engine(OBJECTS_SQL, engine))
        return sorted(r[0] for r in cur.fetchall())
    finally:
        conn.close()


class _Gate:
    """A file the test holds a flock on: the gated migration blocks there until `open`."""

    def __init__(self, path: Path):
        self.path = path
        path.touch()
        self.fd = os.open(path, os.O_RDWR)
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def wait_for(self, proc: subprocess.Popen) -> None:
        """Until `proc` waits on the gate (it has created the function, the trigger and the first view)."""
        deadline = time.monotonic() + 120
        while not blocked_on(self.path, proc.pid):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the run never reached the gate"
            time.sleep(0.05)

    def open(self) -> None:
        """Let every run waiting on the gate through."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


@pytest.mark.parametrize("engine", ENGINES)
def test_kill_9_while_a_migration_creates_objects_leaves_none_and_the_next_run_completes(engine, fresh_url, tmp_path):
    files = _project(tmp_path, engine)
    url = fresh_url(engine)
    gate = _Gate(tmp_path / "gate")
    env = {"DATABASE_URL": url_text(url), GATE_VARIABLE: str(gate.path)}
    proc = _start(tmp_path, "migrate", env=env)
    try:
        gate.wait_for(proc)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    finally:
        gate.open()
    assert proc.returncode == -signal.SIGKILL
    assert recorded(served(engine), url) == [files[0].id]
    assert _objects(engine, url) == []  # neither the function, the trigger nor the first view
    nxt = sk("migrate", cwd=tmp_path, env={**env, "SCHEMAKIT_LOCK_WAIT": "60"})
    assert nxt.returncode == 0, nxt.stderr
    assert recorded(served(engine), url) == sorted(m.id for m in files)
    assert _objects(engine, url) == EVERY_OBJECT[engine]
    drift = sk("drift", cwd=tmp_path, env=env)
    assert drift.returncode == 0, drift.stdout


@pytest.mark.parametrize("engine", ENGINES)
def test_a_second_migrate_waits_while_objects_are_created_and_then_finds_nothing_to_do(engine, fresh_url, tmp_path):
    files = _project(tmp_path, engine)
    url = fresh_url(engine)
    gate = _Gate(tmp_path / "gate")
    env = {"DATABASE_URL": url_text(url), GATE_VARIABLE: str(gate.path)}
    first = _start(tmp_path, "migrate", env=env)
    second = None
    try:
        gate.wait_for(first)
        second = _start(tmp_path, "migrate", env=env)
        line = second.stderr.readline()
        assert line.startswith(f"schemakit: waiting for the migration lock on {url.redacted}"), line
        assert second.poll() is None  # still waiting
        assert recorded(served(engine), url) == [files[0].id]
    finally:
        gate.open()
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out + err
    assert "app: applied 2 migration(s)" in out
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, out + err
    assert "nothing to do" in out and "Traceback" not in err
    assert recorded(served(engine), url) == sorted(m.id for m in files)
    assert _objects(engine, url) == EVERY_OBJECT[engine]
    assert sk("drift", cwd=tmp_path, env=env).returncode == 0
