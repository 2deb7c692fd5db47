"""`migrate --baseline`: a database made by hand from `schemakit ddl`, through the engine's own
client, is recorded as migrated without running anything; one that differs is refused, the
differences listed, and nothing recorded."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from schemakit import dialects
from tests.conftest import ENGINES, for_engine, served
from tests.test_foreign import execute, tables
from tests.test_migrate import MIGRATIONS, url_text
from tests.incli import cli

DROPPED = {  # a column dropped by hand, as each engine writes it
    "postgres": 'ALTER TABLE "idea" DROP COLUMN "concept"',
    "mysql": "ALTER TABLE `idea` DROP COLUMN `concept`",
    "sqlite": 'ALTER TABLE "idea" DROP COLUMN "concept"',
}


def _by_hand(engine: str, url) -> None:
    """Run `schemakit ddl prismq` through the engine's own command-line client, as a DBA would: the DDL
    of the dialect migrate selects for the URL (a mysql:// URL reaching MariaDB: mariadb's)."""
    script = cli("ddl", "prismq", "--dialect", served(engine).name, check=True).stdout
    argv = for_engine({
        "postgres": ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", url.host, "-p", str(url.port or 5432),
                     "-U", url.user, "-d", url.database],
        "mysql": ["mariadb", "-h", url.host, "-P", str(url.port or 3306), "-u", url.user, url.database],
        "sqlite": ["sqlite3", url.database]}, engine)
    if not shutil.which(argv[0]):
        pytest.fail(f"the {argv[0]} client is needed to build a database by hand")
    done = subprocess.run(argv, input=script, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _recorded(engine: str, url) -> int:
    d = dialects.get(engine)
    conn = d.connect(url)
    try:
        return len(d.recorded_migrations(conn))
    finally:
        conn.close()


def _migration_count(engine: str) -> int:
    return len(list((MIGRATIONS / served(engine).name / "prismq").glob("[0-9]*.py")))


@pytest.mark.parametrize("engine", ENGINES)
def test_baseline_records_a_database_made_by_hand_from_ddl(engine, fresh_url):
    url = fresh_url(engine)
    _by_hand(engine, url)
    refused = cli("migrate", "prismq", "--database", url_text(url))
    assert refused.returncode == 2 and "--baseline" in refused.stderr and "is not empty" in refused.stderr
    done = cli("migrate", "prismq", "--database", url_text(url), "--baseline")
    n = _migration_count(engine)
    assert done.returncode == 0, done.stderr
    assert f"recorded {n} migration(s) as applied, without running them" in done.stdout
    assert _recorded(engine, url) == n
    again = cli("migrate", "prismq", "--database", url_text(url), "--strict", check=True)
    assert "up to date" in again.stdout and "warning" not in again.stdout
    assert cli("drift", "prismq", "--database", url_text(url)).returncode == 0
    twice = cli("migrate", "prismq", "--database", url_text(url), "--baseline", check=True)
    assert f"already records all {n} migration(s); nothing to baseline" in twice.stdout


@pytest.mark.parametrize("engine", ENGINES)
def test_baseline_refuses_a_database_with_a_dropped_column_and_records_nothing(engine, fresh_url):
    url = fresh_url(engine)
    _by_hand(engine, url)
    execute(engine, url, [for_engine(DROPPED, engine)])
    execute(engine, url, ["CREATE TABLE legacy (id INTEGER PRIMARY KEY)"])  # not the schema's: no reason to refuse
    before = tables(engine, url)
    proc = cli("migrate", "prismq", "--database", url_text(url), "--baseline")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "cannot baseline" in proc.stderr and "nothing was recorded" in proc.stderr
    assert "missing column idea.concept" in proc.stderr and "legacy" not in proc.stderr
    assert tables(engine, url) == before  # no bookkeeping table either
    assert _recorded(engine, url) == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_baseline_on_an_empty_database_changes_nothing_and_says_to_migrate(engine, fresh_url):
    url = fresh_url(engine)
    proc = cli("migrate", "cyoa", "--database", url_text(url), "--baseline")
    assert proc.returncode == 2
    assert "none of the schema's tables are there" in proc.stderr and "schemakit migrate cyoa" in proc.stderr
    assert tables(engine, url) == set()


def test_baseline_never_creates_a_database(tmp_path):
    proc = cli("migrate", "cyoa", "--database", f"sqlite:///{tmp_path / 'typo.db'}", "--baseline")
    assert proc.returncode == 2 and "no such database" in proc.stderr
    assert list(tmp_path.iterdir()) == []
