"""schemakit's support objects (`Dialect.support_objects`: its sk_ triggers and functions) on real engines: drift
says when one is missing, `migrate` and `migrate --baseline` create it again without touching anything else,
under the migration lock, and a run killed in the middle leaves nothing half made (tests/data/support_cases.py)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from schemakit import dialects
from tests.conftest import ENGINES, for_engine, has_entry
from tests.data import support_cases as data
from tests.incli import cli
from tests.test_foreign import execute, query
from tests.test_migrate import REPO, migrated_project, url_text

CASES = [(e, c) for e in ENGINES if has_entry(data.CASES, e) for c in for_engine(data.CASES, e)]


def _drift(tmp_path, url):
    return cli("drift", "--database", url_text(url), cwd=tmp_path, bare=True)


def _migrate(tmp_path, url, *extra):
    return cli("migrate", "--database", url_text(url), *extra, cwd=tmp_path, bare=True)


def _created(case) -> str:
    return f"created schemakit's trigger {case.name} on {case.table} again, which was {case.was}: without it, "


@pytest.mark.parametrize("engine, case", CASES, ids=[f"{e}-{c.id}" for e, c in CASES])
def test_a_missing_support_object_is_drift_and_migrate_creates_it_again(engine, case, tmp_path, fresh_url):
    url = fresh_url(engine)
    migrated_project(tmp_path, data.SOURCE, url)
    clean = _drift(tmp_path, url)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    execute(engine, url, [case.sql])
    found = _drift(tmp_path, url)
    assert found.returncode == 1, found.stdout + found.stderr
    assert any(case.line in x for x in found.stdout.splitlines()[1:]), found.stdout
    repaired = _migrate(tmp_path, url)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert repaired.stdout.count("created schemakit's") == 1 and _created(case) in repaired.stdout, repaired.stdout
    after = _drift(tmp_path, url)
    assert after.returncode == 0, after.stdout + after.stderr
    again = _migrate(tmp_path, url)
    assert again.returncode == 0 and "created" not in again.stdout, again.stdout + again.stderr


def _five_defaults_after_an_explicit_id(url) -> None:
    execute("postgres", url, ["INSERT INTO customers (id, name) VALUES (5, 'explicit')"]
            + ["INSERT INTO customers (name) VALUES ('default')"] * 5)


def test_identity_trigger_dropped_gives_postgres_another_verdict_until_migrate_restores_it(tmp_path, fresh_url):
    """The report: without sk_customers_identity an explicit id 5 then five default ids collide on PostgreSQL
    (MariaDB and SQLite accept them); drift says so, and after `migrate` the same rows are accepted."""
    url = fresh_url("postgres")
    migrated_project(tmp_path, data.SOURCE, url)
    execute("postgres", url, ["DROP TRIGGER sk_customers_identity ON customers"])
    with pytest.raises(Exception, match="duplicate key"):
        _five_defaults_after_an_explicit_id(url)
    assert _drift(tmp_path, url).returncode == 1
    _migrate(tmp_path, url, "--strict")
    execute("postgres", url, ["DELETE FROM customers", "SELECT setval(pg_get_serial_sequence('customers', 'id'), 1, false)"])
    _five_defaults_after_an_explicit_id(url)
    assert query("postgres", url, "SELECT count(*), max(id) FROM customers") == [(6, 10)]


def _unrecorded(url) -> None:
    """The database as another tool would have left it: the tables, no schemakit history, no sk_ identity triggers."""
    names = [r[0] for r in query("postgres", url, "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'sk\\_%identity'")]
    execute("postgres", url, [f"DROP TRIGGER {dialects.get('postgres').quote(n)} ON "
                              f"{dialects.get('postgres').quote(n[3:-len('_identity')])}" for n in names]
            + ["DROP TABLE IF EXISTS _yoyo_migration, _yoyo_log, _yoyo_version, yoyo_lock"])


def test_baseline_creates_the_missing_support_objects_of_what_it_records(tmp_path, fresh_url):
    url = fresh_url("postgres")
    migrated_project(tmp_path, data.SOURCE, url)
    _unrecorded(url)
    done = _migrate(tmp_path, url, "--baseline")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "baselined" in done.stdout and done.stdout.count("created schemakit's trigger") == 3, done.stdout
    assert "created schemakit's trigger sk_o'dd\"name_identity on o'dd\"name" in done.stdout
    assert _drift(tmp_path, url).returncode == 0
    _five_defaults_after_an_explicit_id(url)
    twice = _migrate(tmp_path, url, "--baseline")
    assert twice.returncode == 0 and "created" not in twice.stdout, twice.stdout + twice.stderr


def _spawn(tmp_path, url) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "schemakit.cli", "migrate", "--database", url_text(url)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_runs_at_once_create_each_missing_object_once(tmp_path, fresh_url):
    url = fresh_url("postgres")
    migrated_project(tmp_path, data.SOURCE, url)
    execute("postgres", url, ["DROP TRIGGER sk_customers_identity ON customers"])
    runs = [_spawn(tmp_path, url) for _ in range(2)]
    outs = [p.communicate() for p in runs]
    assert [p.returncode for p in runs] == [0, 0], outs
    assert sum(out.count("created schemakit's trigger sk_customers_identity") for out, _ in outs) == 1, outs
    assert _drift(tmp_path, url).returncode == 0


def _waiting(url, statement: str) -> list[int]:
    """The sessions waiting for a lock in a query that holds `statement` (a step's statements go in one message,
    which pg_stat_activity shows whole)."""
    return [r[0] for r in query("postgres", url, "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                f"AND query LIKE '%{statement}%' AND pid <> pg_backend_pid()")]


def test_a_repair_killed_mid_way_leaves_nothing_half_made_and_runs_again(tmp_path, fresh_url):
    """Both identity triggers missing; the repair blocks on the second table (held by another session), is killed
    with SIGKILL there: the first one's function and trigger were in the same transaction, so neither is there;
    the next `migrate` creates both."""
    url = fresh_url("postgres")
    migrated_project(tmp_path, data.SOURCE, url)
    execute("postgres", url, ["DROP TRIGGER sk_customers_identity ON customers",
                              'DROP TRIGGER "sk_o\'dd""name_identity" ON "o\'dd""name"',
                              "DROP FUNCTION sk_customers_identity()"])
    d = dialects.get("postgres")
    holder = d.connect(url)
    try:
        holder.execute('LOCK TABLE "o\'dd""name" IN ACCESS EXCLUSIVE MODE')
        run = _spawn(tmp_path, url)
        for _ in range(600):  # until the repair waits for the table (not a timing assertion: a bound on the wait)
            if _waiting(url, "DROP TRIGGER") or run.poll() is not None:
                break
            time.sleep(0.1)
        assert run.poll() is None and _waiting(url, "DROP TRIGGER"), run.communicate()
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
    finally:
        holder.rollback()
        holder.close()
    for _ in range(600):  # the killed run's session ends once it reads its closed socket
        if not query("postgres", url, "SELECT 1 FROM pg_stat_activity WHERE query LIKE '%DROP TRIGGER%' "
                     "AND pid <> pg_backend_pid()"):
            break
        time.sleep(0.1)
    assert query("postgres", url, "SELECT count(*) FROM pg_proc WHERE proname = 'sk_customers_identity'") == [(0,)]
    assert query("postgres", url, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'sk\\_%identity'") == [(1,)]  # tokens
    again = _migrate(tmp_path, url)
    assert again.returncode == 0 and again.stdout.count("created schemakit's trigger") == 2, again.stdout + again.stderr
    assert _drift(tmp_path, url).returncode == 0
