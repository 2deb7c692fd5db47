"""Commands that should change nothing change nothing: only `migrate` creates a database.

`drift`, `rollback`, `unlock` and `migrate --dry-run` against a database that does not exist
say so (the dry run prints what migrate would run) and create no database, file or table; a
dry run on an existing database creates none of yoyo's bookkeeping. An up-to-date database that
differs from its migrations is reported by `migrate`, and `--strict` fails on it.
"""
from __future__ import annotations

import uuid

import pytest

from schemakit import dialects
from tests.conftest import ENGINES, SERVERS
from tests.test_foreign import execute, tables
from tests.test_migrate import url_text
from tests.incli import cli


def _exists(engine: str, server, name: str) -> bool:
    d = dialects.get(engine)
    try:
        d.connect(server.with_database(name)).close()
        return True
    except Exception as e:  # the dialect tells "no such database" from other failures
        assert d.missing_database(e), e
        return False


@pytest.mark.parametrize("args", [["drift", "cyoa"], ["rollback", "cyoa"], ["unlock", "cyoa"]])
def test_a_mistyped_sqlite_path_is_reported_and_not_created(args, tmp_path):
    db = tmp_path / "typo" / "cyoa.db"
    proc = cli(*args, "--database", f"sqlite:///{db}")
    assert proc.returncode == 2
    assert f"no such database: sqlite:///{db}" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not db.exists() and not db.parent.exists()


@pytest.mark.parametrize("engine", SERVERS)
@pytest.mark.parametrize("command", ["drift", "rollback", "unlock"])
def test_a_mistyped_server_database_is_reported_and_not_created(engine, command, fresh_url):
    server = fresh_url(engine)
    name = f"sk_typo_{uuid.uuid4().hex[:8]}"
    proc = cli(command, "cyoa", "--database", url_text(server.with_database(name)))
    assert proc.returncode == 2
    assert "no such database" in proc.stderr and name in proc.stderr, proc.stderr
    assert not _exists(engine, server, name)


@pytest.mark.parametrize("engine", SERVERS)
def test_dry_run_on_a_missing_server_database_prints_and_creates_nothing(engine, fresh_url):
    server = fresh_url(engine)
    name = f"sk_dry_{uuid.uuid4().hex[:8]}"
    proc = cli("migrate", "cyoa", "--dry-run", "--database", url_text(server.with_database(name)))
    assert proc.returncode == 0, proc.stderr
    assert "does not exist yet; migrate would create it" in proc.stdout and "CREATE TABLE" in proc.stdout
    assert not _exists(engine, server, name)


def test_dry_run_on_a_missing_sqlite_file_prints_and_creates_nothing(tmp_path):
    db = tmp_path / "new" / "prismq.db"
    proc = cli("migrate", "prismq", "--dry-run", "--database", f"sqlite:///{db}")
    assert proc.returncode == 0, proc.stderr
    assert "baseline.json" in proc.stdout and "CREATE TABLE" in proc.stdout
    assert not db.parent.exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_dry_run_on_an_empty_database_creates_no_bookkeeping(engine, fresh_url):
    url = fresh_url(engine)
    if engine == "sqlite":
        execute(engine, url, ["PRAGMA user_version = 1"])  # the file exists, empty of tables
    proc = cli("migrate", "cyoa", "--dry-run", "--database", url_text(url))
    assert proc.returncode == 0 and "CREATE TABLE" in proc.stdout, proc.stderr
    assert tables(engine, url) == set()


@pytest.mark.parametrize("engine", ENGINES)
def test_migrate_warns_about_drift_and_strict_fails(engine, fresh_url):
    url = fresh_url(engine)
    d = dialects.get(engine)
    cli("migrate", "cyoa", "--database", url_text(url), check=True)
    execute(engine, url, [f"CREATE INDEX {d.quote('ix_by_hand')} ON {d.quote('stories')} ({d.quote('created_at')})"])
    warned = cli("migrate", "cyoa", "--database", url_text(url))
    assert warned.returncode == 0
    assert "is up to date" in warned.stdout
    assert "warning: the database differs from what its migrations create (1 difference(s)); to see them, run: " \
           "schemakit drift cyoa --database" in warned.stdout
    strict = cli("migrate", "cyoa", "--database", url_text(url), "--strict")
    assert strict.returncode == 1
    assert "ix_by_hand" in strict.stderr and "Traceback" not in strict.stderr
