"""`schemakit rollback`: only the systems named, only as many steps as exist, never data without consent."""
from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from schemakit import dialects
from tests.conftest import ENGINES
from tests.test_foreign import execute, query, tables
from tests.test_migrate import REPO, url_text
from tests.incli import cli

CYOA = {"stories", "story_nodes", "story_jobs"}


@pytest.mark.parametrize("args, message", [
    (["rollback"], "rollback needs the system to roll back"),
    (["rollback", "cyoa", "--steps", "-1"], "--steps: must be a whole number, 1 or more, not '-1'"),
    (["rollback", "cyoa", "--steps", "0"], "--steps: must be a whole number, 1 or more, not '0'"),
    (["rollback", "cyoa", "--steps", "two"], "--steps: must be a whole number, 1 or more, not 'two'"),
])
def test_bad_rollback_requests_are_one_line_and_touch_nothing(args, message, tmp_path):
    db = tmp_path / "cyoa.db"
    cli("migrate", "cyoa", "--database", f"sqlite:///{db}", check=True)
    proc = cli(*args, cwd=tmp_path, env={"DATABASE_URL": f"sqlite:///{db}"})
    assert proc.returncode == 2
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert CYOA <= tables("sqlite", _url(db))
    assert not (tmp_path / "var").exists()  # no system's default database was touched either


def _url(path):
    from schemakit.dialects.urls import DbUrl
    return DbUrl("sqlite", database=str(path))


@pytest.mark.parametrize("engine", ENGINES)
def test_more_steps_than_applied_is_refused_and_nothing_is_rolled_back(engine, fresh_url):
    url = fresh_url(engine)
    cli("migrate", "cyoa", "--database", url_text(url), check=True)
    proc = cli("rollback", "cyoa", "--steps", "2", "--database", url_text(url))
    assert proc.returncode == 2
    assert "cannot roll back 2 migration(s): 1 applied" in proc.stderr and "nothing was rolled back" in proc.stderr
    assert CYOA <= tables(engine, url)
    assert query(engine, url, "SELECT migration_id FROM _yoyo_migration") == [("0001_cyoa_initial",)]


@pytest.mark.parametrize("engine", ENGINES)
def test_rolling_back_tables_that_hold_rows_needs_consent(engine, fresh_url):
    url = fresh_url(engine)
    d = dialects.get(engine)
    cli("migrate", "cyoa", "--database", url_text(url), check=True)
    execute(engine, url, [f"INSERT INTO {d.quote('stories')} ({d.quote('title')}, {d.quote('session_id')}) "
                          "VALUES ('kept', 's')"])
    proc = cli("rollback", "cyoa", "--database", url_text(url))
    assert proc.returncode == 2
    assert proc.stderr.startswith("schemakit: cyoa: rolling back 0001_cyoa_initial on ")
    assert "drops table stories, which holds rows" in proc.stderr and "story_nodes" not in proc.stderr
    assert query(engine, url, f"SELECT {d.quote('title')} FROM {d.quote('stories')}") == [("kept",)]
    done = cli("rollback", "cyoa", "--database", url_text(url), "--yes")
    assert done.returncode == 0 and "rolled back 1 migration(s): 0001_cyoa_initial" in done.stdout
    assert not CYOA & tables(engine, url)


def test_rolling_back_empty_tables_needs_no_consent(tmp_path):
    db = tmp_path / "cyoa.db"
    cli("migrate", "cyoa", "--database", f"sqlite:///{db}", check=True)
    done = cli("rollback", "cyoa", "--database", f"sqlite:///{db}")
    assert done.returncode == 0, done.stderr
    assert not CYOA & tables("sqlite", _url(db))


@pytest.mark.parametrize("answer, rolled_back", [("n", False), ("", False), ("yes", True)])
def test_on_a_terminal_rollback_asks_before_losing_rows(answer, rolled_back, tmp_path):
    db = tmp_path / "cyoa.db"
    cli("migrate", "cyoa", "--database", f"sqlite:///{db}", check=True)
    execute("sqlite", _url(db), ["INSERT INTO stories (title, session_id) VALUES ('kept', 's')"])
    main, tty = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "schemakit.cli", "rollback", "cyoa", "--database", f"sqlite:///{db}"],
                            stdin=tty, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    os.close(tty)
    os.write(main, answer.encode() + b"\n")  # typed ahead: the terminal keeps it for the prompt
    out, err = proc.communicate(timeout=120)
    os.close(main)
    assert "drops table stories, which holds rows" in err and "[y/N]" in err
    assert proc.returncode == (0 if rolled_back else 2), err
    assert bool(CYOA & tables("sqlite", _url(db))) is not rolled_back
