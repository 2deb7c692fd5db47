"""A database that holds tables of its own: schemakit never reads, changes or drops them.

Every command runs against a database with an unrelated table holding rows (and types the model
cannot express). A database with such tables and no schemakit history is "not empty": migrate
refuses it, names the tables and offers `--adopt`, never `--repair`. Adopted, the schema's tables
are created beside it; every row of it survives every command, on every engine.
"""
from __future__ import annotations

import pytest

from schemakit import dialects
from schemakit import makemigrations
from tests.conftest import ENGINES, for_engine, served
from tests.data.foreign_tables import LEGACY, LEGACY_IDS
from tests.test_migrate import MIGRATIONS, drop_namespaces, url_text
from tests.incli import cli

CYOA = {"stories", "story_nodes", "story_jobs"}
YOYO = {"_yoyo_migration", "_yoyo_log", "_yoyo_version"}


def execute(engine: str, url, statements) -> None:
    """Run `statements` on a connection of the test's own, committed."""
    d = dialects.get(engine)
    conn = d.connect(url)
    cur = conn.cursor()
    for sql in statements:
        cur.execute(sql)
    conn.commit()
    conn.close()


def query(engine: str, url, sql: str) -> list[tuple]:
    """The rows of `sql`, as tuples."""
    conn = dialects.get(engine).connect(url)
    cur = conn.cursor()
    cur.execute(sql)
    rows = [tuple(r) for r in cur.fetchall()]
    conn.close()
    return rows


def tables(engine: str, url) -> set[str]:
    """Every table of the database's main namespace, yoyo's and schemakit's included."""
    d = dialects.get(engine)
    conn = d.connect(url)
    names = {name for _, name in d.table_names(conn)}
    conn.close()
    return names


def legacy_ids(engine: str, url) -> list[tuple]:
    d = dialects.get(engine)
    return query(engine, url, f"SELECT {d.quote('id')} FROM {d.quote('legacy')} ORDER BY 1")


@pytest.mark.parametrize("engine", ENGINES)
def test_every_command_leaves_a_foreign_table_and_its_rows(engine, fresh_url):
    url = fresh_url(engine)
    u = url_text(url)
    execute(engine, url, for_engine(LEGACY, engine))
    for args in (["migrate"], ["migrate", "--repair"], ["migrate", "--replay"]):
        proc = cli(*args, "cyoa", "--database", u)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "is not empty" in proc.stderr and "legacy" in proc.stderr and "--adopt" in proc.stderr
        assert "repair" not in proc.stderr.replace("--repair", "") and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
        assert tables(engine, url) == {"legacy"}
    dry = cli("migrate", "cyoa", "--database", u, "--dry-run")
    assert dry.returncode == 0 and "CREATE TABLE" in dry.stdout, dry.stderr
    assert tables(engine, url) == {"legacy"}
    drift = cli("drift", "cyoa", "--database", u)
    assert drift.returncode == 1
    assert "extra table legacy" in drift.stdout and "Traceback" not in drift.stderr
    nothing = cli("rollback", "cyoa", "--database", u)
    assert nothing.returncode == 2 and "no migration is applied" in nothing.stderr
    assert tables(engine, url) == {"legacy"}
    unlocked = cli("unlock", "cyoa", "--database", u)
    assert unlocked.returncode == 0 and "Traceback" not in unlocked.stderr, unlocked.stderr
    assert tables(engine, url) == {"legacy"}

    adopted = cli("migrate", "cyoa", "--database", u, "--adopt")
    assert adopted.returncode == 0, adopted.stderr
    assert "applied 1 migration(s)" in adopted.stdout
    assert tables(engine, url) == {"legacy"} | CYOA | YOYO
    again = cli("migrate", "cyoa", "--database", u, "--strict")
    assert again.returncode == 0 and "up to date" in again.stdout and "warning" not in again.stdout
    drift = cli("drift", "cyoa", "--database", u)
    assert drift.returncode == 1
    assert [line.strip() for line in drift.stdout.splitlines()[1:]] == ["- extra table legacy"]

    d = dialects.get(engine)
    execute(engine, url, [f"INSERT INTO {d.quote('stories')} ({d.quote('title')}, {d.quote('session_id')}) "
                          "VALUES ('t', 's')"])
    refused = cli("rollback", "cyoa", "--database", u)
    assert refused.returncode == 2
    assert "drops table stories, which holds rows" in refused.stderr and "--allow-destructive" in refused.stderr
    assert tables(engine, url) == {"legacy"} | CYOA | YOYO
    done = cli("rollback", "cyoa", "--database", u, "--allow-destructive")
    assert done.returncode == 0, done.stderr
    assert tables(engine, url) == {"legacy"} | YOYO
    cli("unlock", "cyoa", "--database", u, check=True)
    assert legacy_ids(engine, url) == LEGACY_IDS


@pytest.mark.parametrize("engine", ENGINES)
def test_adopting_a_database_that_holds_an_earlier_migration(engine, fresh_url):
    """The schema's tables at migration 0002 beside a foreign table: 0001-0002 recorded, 0003 applied."""
    url = fresh_url(engine)
    d = served(engine)  # the tables as migrate's dialect for the URL makes them
    files = makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, d.name, "prismq"))
    execute(engine, url, for_engine(LEGACY, engine))
    conn = d.connect(url)
    d.apply(conn, d.ddl(files[1].state())[0])
    conn.close()
    before = tables(engine, url)
    try:
        proc = cli("migrate", "prismq", "--database", url_text(url), "--adopt")
        assert proc.returncode == 0, proc.stderr
        assert f"its tables match migration {files[1].id}; recorded 2 migration(s)" in proc.stdout
        assert f"applied {len(files) - 2} migration(s)" in proc.stdout
        recorded = sorted(r[0] for r in query(engine, url, "SELECT migration_id FROM _yoyo_migration"))
        assert recorded == [m.id for m in files]
        drift = cli("drift", "prismq", "--database", url_text(url))
        assert drift.stdout.strip().endswith("- extra table legacy"), drift.stdout
        assert drift.stdout.count("\n  - ") == 1
        assert before - {"legacy"} <= tables(engine, url)
        assert legacy_ids(engine, url) == LEGACY_IDS
    finally:
        drop_namespaces(engine, url, "prismq")


@pytest.mark.parametrize("engine", ENGINES)
def test_adoption_is_refused_when_the_schemas_tables_match_no_migration(engine, fresh_url):
    url = fresh_url(engine)
    d = dialects.get(engine)
    execute(engine, url, [f"CREATE TABLE {d.quote('stories')} ({d.quote('id')} INT PRIMARY KEY, "
                          f"{d.quote('plot')} INT)"] + for_engine(LEGACY, engine))
    proc = cli("migrate", "cyoa", "--database", url_text(url), "--adopt")
    assert proc.returncode == 2
    assert "cannot adopt" in proc.stderr and "match none of its migrations" in proc.stderr
    assert "schemakit changed nothing" in proc.stderr and "Traceback" not in proc.stderr
    assert tables(engine, url) == {"legacy", "stories"}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_foreign_table_does_not_make_an_unrecorded_migration_look_interrupted(engine, fresh_url):
    """A managed database with a foreign table, whose last migration was applied but not recorded."""
    url = fresh_url(engine)
    u = url_text(url)
    try:
        cli("migrate", "prismq", "--database", u, "--replay", check=True)
        last = makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, dialects.get(engine).name,
                                                                      "prismq"))[-1]
        execute(engine, url, for_engine(LEGACY, engine) + [f"DELETE FROM _yoyo_migration WHERE migration_id = '{last.id}'"])
        proc = cli("migrate", "prismq", "--database", u)
        assert proc.returncode == 0, proc.stderr
        assert f"{last.id} already in place" in proc.stdout
        assert legacy_ids(engine, url) == LEGACY_IDS
    finally:
        drop_namespaces(engine, url, "prismq")


def test_repair_of_a_half_applied_mysql_migration_keeps_a_foreign_table(fresh_url):
    from yoyo import get_backend
    url = fresh_url("mysql")
    d = served("mysql")  # what migrate runs for a mysql:// URL (here MariaDB: mariadb)
    plain = get_backend(d.yoyo_url(url))  # the bookkeeping a killed run leaves: schemakit's history
    plain.ensure_internal_schema_updated()
    plain.connection.close()
    first = makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, d.name, "cyoa"))[0]
    statements = d.ddl(first.state())[0]
    execute("mysql", url, LEGACY["mysql"])
    conn = d.connect(url)
    d.apply(conn, statements[:1])
    conn.close()
    refused = cli("migrate", "cyoa", "--database", url_text(url))
    assert refused.returncode == 2 and "interrupted" in refused.stderr and "--repair" in refused.stderr
    assert "legacy" not in refused.stderr
    cli("migrate", "cyoa", "--database", url_text(url), "--repair", check=True)
    assert legacy_ids("mysql", url) == LEGACY_IDS
    assert cli("drift", "cyoa", "--database", url_text(url)).stdout.count("\n  - ") == 1


def test_another_deployments_mysql_namespace_is_left_alone(fresh_url):
    """A server-wide MariaDB database project_1 (another deployment's, as an earlier schemakit named tenant 1's):
    this deployment's tenant 1 is a database named after its own main database, and project_1 is untouched."""
    url = fresh_url("mysql")
    d = dialects.get("mysql")
    server = url.with_database(None)
    d.drop_database(server, "project_1")
    execute("mysql", server, ["CREATE DATABASE `project_1`", "CREATE TABLE `project_1`.`contents` (`id` INT)",
                              "INSERT INTO `project_1`.`contents` VALUES (7)"])
    tenant = d.tenant_url(url, "project_1")
    try:
        cli("migrate", "contentgen", "--database", url_text(url), "--tenant", "1", check=True)
        assert query("mysql", server, "SELECT `id` FROM `project_1`.`contents`") == [(7,)]
        assert "contents" in tables("mysql", tenant) and "contents" not in tables("mysql", url)
    finally:
        d.drop_database(server, "project_1")
        d.drop_database(server, tenant.database_name)
