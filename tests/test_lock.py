"""The migration lock (`schemakit.lock`): the engine's session lock, on the real engines.

The tests hold the lock themselves, through the dialect's own primitive on a session of
their own, and show a second `migrate` waiting (and creating nothing) until it is released,
naming the holder (host, pid, since) while it waits, and giving up with exit 2 after
SCHEMAKIT_LOCK_WAIT. `unlock` clears only what older versions left in yoyo's lock table, and
creates nothing. A read-only SQLite folder is named as such, not as a lock.
"""
from __future__ import annotations

from contextlib import contextmanager

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from schemakit import dialects
from schemakit.dialects.base import LockHolder
from schemakit.dialects.sqlite.lock import lock_path
from schemakit import makemigrations
from tests.conftest import ENGINES, for_engine
from tests.test_migrate import MIGRATIONS, REPO, cli, run, url_text

OLD_LOCK_TABLE = "CREATE TABLE yoyo_lock (locked INT DEFAULT 1, ctime TIMESTAMP, pid INT NOT NULL, PRIMARY KEY (locked))"


def session(d, url):
    """A connection of the test's own, autocommit where the driver is not (psycopg)."""
    conn = d.connect(url)
    if d.name == "postgres":
        conn.autocommit = True
    return conn


def all_tables(d, url) -> list[str]:
    """Every table of the database, yoyo's included."""
    conn = d.connect(url)
    try:
        cur = conn.cursor()
        cur.execute(for_engine({"postgres": "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
                                "mysql": "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
                                "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'"}, d.name))
        return sorted(r[0] for r in cur.fetchall())
    finally:
        conn.close()


def prismq_ids(d) -> list[str]:
    """The ids of the committed prismq migrations for `d`."""
    return [m.id for m in makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, d.name, "prismq"))]


def recorded(d, url) -> list[str]:
    """The migrations recorded in the database, sorted."""
    conn = d.connect(url)
    try:
        cur = conn.cursor()
        cur.execute("SELECT migration_id FROM _yoyo_migration")
        return sorted(r[0] for r in cur.fetchall())
    finally:
        conn.close()


def me_now() -> LockHolder:
    """This process as the holder, in whole seconds (as the engines store it)."""
    return LockHolder(socket.gethostname(), os.getpid(), float(int(time.time())))


def described(d, conn, url, holder: LockHolder) -> str:
    """How a waiting run names `holder`, holding the lock on `conn`: exactly."""
    if d.name == "postgres":
        detail = f"server process {conn.info.backend_pid}, client 127.0.0.1"
    elif (d.variant_of or d.name) == "mysql":  # and its variant (mariadb)
        cur = conn.cursor()
        cur.execute("SELECT ID, HOST FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()")
        detail = "connection {} from {}".format(*cur.fetchone())
    else:
        detail = f"lock file {lock_path(url.database)}"
    return replace(holder, detail=detail).describe()


def start(*args: str, env=None) -> subprocess.Popen:
    """The schemakit command line, running."""
    return subprocess.Popen([sys.executable, "-m", "schemakit.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


def _wait_for_note(d, url, conn, expected: str) -> None:
    """MySQL publishes the holder from a thread: wait (generously) until another session reads it."""
    deadline = time.monotonic() + 30
    other = session(d, url)
    try:
        while d.lock_holder(other, url).describe() != expected and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        other.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_second_migrate_waits_for_the_lock_and_creates_nothing_until_it_is_released(engine, fresh_url):
    url = fresh_url(engine)
    d = dialects.get(engine)
    if engine == "sqlite":
        Path(url.database).touch()  # an empty database; the lock's test connection creates nothing else
    conn = session(d, url)
    holder = me_now()
    held = d.try_lock(conn, url, holder)
    assert held is not None
    expected = described(d, conn, url, holder)
    _wait_for_note(d, url, conn, expected)
    proc = start("migrate", "prismq", "--database", url_text(url))
    try:
        first = proc.stderr.readline()
        assert first.startswith(f"schemakit: waiting for the migration lock on {url.redacted}, held by {expected}; "
                                f"waited 0 s of 60 s (SCHEMAKIT_LOCK_WAIT)"), first
        time.sleep(2)
        assert proc.poll() is None  # still waiting
        assert all_tables(d, url) == []  # and nothing created meanwhile
    finally:
        d.release_lock(conn, held)
        conn.close()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, out + err
    assert f"prismq: applied {len(prismq_ids(d))} migration(s)" in out
    assert "Traceback" not in err
    assert recorded(d, url) == sorted(prismq_ids(d))
    assert "yoyo_lock" not in all_tables(d, url)
    assert run("drift", "prismq", "--database", url_text(url)).returncode == 0
    if engine == "sqlite":
        assert not lock_path(url.database).exists()  # the lock file goes with the lock


@pytest.mark.parametrize("engine", ENGINES)
def test_a_migrate_that_waits_too_long_names_the_holder_and_exits_2(engine, fresh_url):
    url = fresh_url(engine)
    d = dialects.get(engine)
    if engine == "sqlite":
        Path(url.database).touch()
    conn = session(d, url)
    holder = me_now()
    held = d.try_lock(conn, url, holder)
    try:
        expected = described(d, conn, url, holder)
        _wait_for_note(d, url, conn, expected)
        proc = cli("migrate", "prismq", "--database", url_text(url), env={"SCHEMAKIT_LOCK_WAIT": "3"})
        assert all_tables(d, url) == []
    finally:
        d.release_lock(conn, held)
        conn.close()
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"schemakit: waiting for the migration lock on {url.redacted}, held by {expected}; waited 0 s of 3 s "
        f"(SCHEMAKIT_LOCK_WAIT)",
        f"schemakit: prismq: the migration lock on {url.redacted} is held by {expected}; gave up after 3 s "
        f"(SCHEMAKIT_LOCK_WAIT). Run again once that run has finished (if it hangs, stop it: its lock ends with it)"]
    assert re.search(rf"held by pid {os.getpid()} on host {re.escape(socket.gethostname())} "
                     r"since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", proc.stderr)


def test_a_bad_lock_wait_setting_is_one_line(tmp_path):
    proc = cli("migrate", "prismq", "--database", f"sqlite:///{tmp_path / 'p.db'}", env={"SCHEMAKIT_LOCK_WAIT": "soon"})
    assert proc.returncode == 2
    assert proc.stderr == ("schemakit: prismq: SCHEMAKIT_LOCK_WAIT='soon' is not a number of seconds: "
                           "set it to e.g. 60, or unset it\n")


@pytest.mark.parametrize("engine", ENGINES)
def test_unlock_without_a_lock_says_so_and_creates_nothing(engine, fresh_url):
    url = fresh_url(engine)
    d = dialects.get(engine)
    if engine == "sqlite":
        Path(url.database).touch()
    proc = run("unlock", "cyoa", "--database", url_text(url))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"cyoa: no lock to clear on {url.redacted}\n"
    assert all_tables(d, url) == []
    if engine == "sqlite":
        assert sorted(p.name for p in Path(url.database).parent.iterdir()) == [Path(url.database).name]


@pytest.mark.parametrize("engine", ENGINES)
def test_unlock_clears_the_row_an_older_version_left_and_migrate_never_waits_for_it(engine, fresh_url):
    """Older versions locked with a row in yoyo_lock, which a killed run left behind."""
    url = fresh_url(engine)
    d = dialects.get(engine)
    run("migrate", "cyoa", "--database", url_text(url), check=True)
    conn = session(d, url)
    cur = conn.cursor()
    cur.execute(OLD_LOCK_TABLE)
    cur.execute("INSERT INTO yoyo_lock (locked, ctime, pid) VALUES (1, '2026-01-01 00:00:00', 4242)")
    conn.commit()
    conn.close()
    proc = run("migrate", "cyoa", "--database", url_text(url), env={"SCHEMAKIT_LOCK_WAIT": "0"})
    assert proc.returncode == 0 and "up to date" in proc.stdout and proc.stderr == "", proc.stderr
    cleared = run("unlock", "cyoa", "--database", url_text(url), check=True)
    assert cleared.stdout == (f"cyoa: cleared the lock an older schemakit left on {url.redacted} "
                              f"(pid 4242 since 2026-01-01 00:00:00)\n")
    conn = session(d, url)
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM yoyo_lock")
    assert cur.fetchone()[0] == 0
    conn.close()
    assert run("unlock", "cyoa", "--database", url_text(url), check=True).stdout == \
        f"cyoa: no lock to clear on {url.redacted}\n"


@contextmanager
def holding_the_lock(d, url):
    """Hold `url`'s migration lock as this process, on a session of its own; yields how a waiting
    run names the holder, once other sessions can read it."""
    conn = session(d, url)
    holder = me_now()
    held = d.try_lock(conn, url, holder)
    try:
        expected = described(d, conn, url, holder)
        _wait_for_note(d, url, conn, expected)
        yield expected
    finally:
        d.release_lock(conn, held)
        conn.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_unlock_names_a_run_in_progress_and_leaves_its_lock(engine, fresh_url):
    url = fresh_url(engine)
    d = dialects.get(engine)
    run("migrate", "cyoa", "--database", url_text(url), check=True)
    with holding_the_lock(d, url) as expected:
        proc = cli("unlock", "cyoa", "--database", url_text(url), check=True)
        assert proc.stdout == (f"cyoa: no lock to clear on {url.redacted}; a migration is running now, held by "
                               f"{expected} (its lock ends with it)\n")
        assert d.try_lock(session(d, url), url, me_now()) is None  # still held


def _read_only(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run schemakit with `folder` read-only: chmod, or for root (whom modes do not stop) a
    read-only bind mount in a mount namespace of its own."""
    argv = [sys.executable, "-m", "schemakit.cli", *args]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            return subprocess.run(argv, capture_output=True, text=True, cwd=REPO, env=env)
        finally:
            folder.chmod(0o755)
    if not shutil.which("unshare"):
        pytest.fail("running as root: a read-only folder needs unshare(1) (util-linux) for a read-only bind mount")
    script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    return subprocess.run(["unshare", "-m", "sh", "-c", script, str(folder), *argv],
                          capture_output=True, text=True, cwd=REPO, env=env)


def test_a_read_only_sqlite_folder_is_named_not_reported_as_locked(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "cyoa.db"
    run("migrate", "cyoa", "--database", f"sqlite:///{db}", check=True)
    proc = _read_only(folder, "migrate", "cyoa", "--database", f"sqlite:///{db}")
    assert proc.returncode == 2
    assert proc.stderr == (f"schemakit: cyoa: the folder {folder} is not writable (SQLite writes its journal "
                           f"beside the database)\n")
    assert sorted(p.name for p in folder.iterdir()) == ["cyoa.db"]


def test_unlock_on_a_read_only_sqlite_folder_is_one_line(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "cyoa.db"
    run("migrate", "cyoa", "--database", f"sqlite:///{db}", check=True)
    proc = _read_only(folder, "unlock", "cyoa", "--database", f"sqlite:///{db}")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"cyoa: no lock to clear on sqlite:///{db}\n", "")
    import sqlite3
    con = sqlite3.connect(db)
    con.execute(OLD_LOCK_TABLE)
    con.execute("INSERT INTO yoyo_lock (locked, ctime, pid) VALUES (1, '2026-01-01 00:00:00', 4242)")
    con.commit()
    con.close()
    proc = _read_only(folder, "unlock", "cyoa", "--database", f"sqlite:///{db}")
    assert proc.returncode == 2
    assert proc.stderr == (f"schemakit: cyoa: cannot clear the old lock on sqlite:///{db}: the folder {folder} is "
                           f"not writable (SQLite writes its journal beside the database)\n")
    assert sqlite3.connect(db).execute("SELECT pid FROM yoyo_lock").fetchall() == [(4242,)]


def test_postgres_publishes_the_holder_in_application_name_only_while_it_holds_the_lock(fresh_url):
    """The lock and the name are taken in one statement: a session that does not get the lock keeps its own
    name, the holder's name is its encoded LockHolder while it holds it, and its own again once released."""
    d = dialects.get("postgres")
    url = fresh_url("postgres")
    holder, other = session(d, url), session(d, url)
    try:
        def name(conn) -> str:
            return conn.execute("SELECT current_setting('application_name')").fetchone()[0]
        holder.execute("SET application_name = 'mine'")
        other.execute("SET application_name = 'other'")
        held = d.try_lock(holder, url, LockHolder("build-1", 4242, 1.0))
        assert held is not None and name(holder) == LockHolder("build-1", 4242, 1.0).encode()
        assert d.try_lock(other, url, LockHolder("build-2", 7, 2.0)) is None
        assert name(other) == "other"
        assert d.lock_holder(other, url).describe().startswith("pid 4242 on host build-1")
        d.release_lock(holder, held)
        assert name(holder) == "mine" and d.lock_holder(other, url) is None
    finally:
        holder.close()
        other.close()


def test_mariadb_takes_its_note_s_private_lock_only_with_the_lock_and_releases_both(fresh_url):
    """The lock and the private lock its note waits on are taken in one statement: a session that does not get
    the lock takes neither; the holder's note names it while it holds the lock; releasing frees both."""
    d = dialects.get("mariadb")
    url = fresh_url("mariadb")
    holder, other = session(d, url), session(d, url)

    def owner(conn, name: str):
        with conn.cursor() as cur:
            cur.execute("SELECT IS_USED_LOCK(%s)", (name,))
            return cur.fetchone()[0]
    try:
        held = d.try_lock(holder, url, LockHolder("build-1", 4242, 1.0))
        assert held is not None and owner(other, held.gate) == held.conn_id
        assert d.try_lock(other, url, LockHolder("build-2", 7, 2.0)) is None
        with other.cursor() as cur:
            cur.execute("SELECT CONNECTION_ID()")
            loser = cur.fetchone()[0]
        assert owner(other, f"schemakit note {loser}") is None
        deadline = time.monotonic() + 10
        while not (found := d.lock_holder(other, url)).pid and time.monotonic() < deadline:
            time.sleep(0.05)  # the note's own connection is on its way
        assert found.describe().startswith("pid 4242 on host build-1")
        d.release_lock(holder, held)
        assert owner(other, held.name) is None and owner(other, held.gate) is None
        assert not held.note.is_alive()
    finally:
        holder.close()
        other.close()
