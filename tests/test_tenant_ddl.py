"""The printed DDL of a system with tenants, scoped as `migrate --tenants` scopes them (issue #16).

`schemakit ddl contentgen` piped by each engine's own client into two deployments on one server (one
SQLite folder): both succeed and share no tenant. MariaDB's tenant database is computed from DATABASE()
when the script runs (`<main>_project_1`, or the project's `tenant_database` template), and the
deployment then reads back with no drift, tenant included; a script that would name a tenant database
over 64 characters, or runs with no database selected, stops before creating anything. PostgreSQL's
tenant schemas stay in their database; SQLite's files go beside the main file, not in the working folder.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from schemakit import dialects
from schemakit.dialects import urls
from tests.conftest import require_server
from tests.incli import cli
from tests.test_tenants import _server_databases

CLIENT = {"mariadb": "mariadb", "postgres": "psql", "sqlite": "sqlite3"}
CATALOG = "schemakit.schema.catalog:SYSTEMS"


def ddl(engine: str, cwd: Path = None) -> str:
    return cli("ddl", "contentgen", "--dialect", engine, cwd=cwd, check=True).stdout


def pipe(engine: str, script: str, url: urls.DbUrl, cwd: Path = None) -> subprocess.CompletedProcess:
    """`script` through the engine's own client, stopping at the first error."""
    if shutil.which(CLIENT[engine]) is None:
        pytest.skip(f"no {CLIENT[engine]} client")
    args = {"mariadb": ["mariadb", "-h", url.host or "127.0.0.1", "-P", str(url.port or 3306), "-u", url.user or "root",
                        *([url.database] if url.database else [])],
            "postgres": ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", url.host or "127.0.0.1", "-U",
                         url.user or "postgres", "-d", url.database or "postgres"],
            "sqlite": ["sqlite3", "-bail", url.database or ""]}[engine]
    return subprocess.run(args, input=script, capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def server_dbs(request):
    """make(engine, name): a fresh database sk_tenddl_<name> on the engine's server; it and every database
    named after it dropped after."""
    made = []

    def make(engine: str, name: str) -> urls.DbUrl:
        d = dialects.get(engine)
        server = require_server(engine)
        _drop(d, server, f"sk_tenddl_{name}")
        made.append((d, server, f"sk_tenddl_{name}"))
        return d.create_database(server, f"sk_tenddl_{name}")

    yield make
    for d, server, name in made:
        _drop(d, server, name)


def _drop(d, server: urls.DbUrl, prefix: str) -> None:
    """Drop the main database `prefix` and every tenant database named after it."""
    names = _server_databases(d, server.with_database(None), prefix) if d.has_server else [prefix]
    for name in names:
        d.drop_database(server.with_database(None), name)


def _tables(engine: str, url: urls.DbUrl) -> dict[str, set[str]]:
    """{namespace: tables} of the server (MariaDB: every database named after `url`'s, and project_1)."""
    d = dialects.get(engine)
    conn = d.connect(url)
    try:
        with conn.cursor() as cur:
            if engine == "mariadb":
                cur.execute("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA LIKE %s "
                            "OR TABLE_SCHEMA = 'project_1'", (url.database.replace("_", "\\_") + "%",))
            else:
                cur.execute("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema "
                            "NOT IN ('pg_catalog', 'information_schema')")
            found: dict[str, set[str]] = {}
            for schema, table in cur.fetchall():
                found.setdefault(schema, set()).add(table)
            return found
    finally:
        conn.close()


TENANT = {"contents", "metadata", "vocabulary", "prompt_components"}


def test_the_header_says_where_the_tenants_go():
    assert "-- tenants: each in a database of its own on this server, named {database}_{namespace}" in ddl("mariadb")
    assert "--   <this database>_project_1\n" in ddl("mysql")
    assert '-- tenants: schema "project_1" inside the database this script runs on' in ddl("postgres")
    assert "-- tenants: file <main file's stem>.project_1.db beside the database file" in ddl("sqlite")


def test_two_mariadb_deployments_on_one_server_share_no_tenant(server_dbs):
    """The second main database's name is crafted to break quoting: a backquote and a quote."""
    script = ddl("mariadb")
    one, two = server_dbs("mariadb", "one"), server_dbs("mariadb", "t`'o")
    for url in (one, two):
        done = pipe("mariadb", script, url)
        assert done.returncode == 0, done.stderr
    for url in (one, two):
        found = _tables("mariadb", url)
        assert found[f"{url.database}_project_1"] == TENANT and "project_1" not in found
        assert not TENANT & found[url.database]
        drift = cli("drift", "contentgen", "--database", url.secret_url(), "--tenant", "1")
        assert drift.returncode == 0 and "1 tenant: 1 clean" in drift.stdout, drift.stdout + drift.stderr


def test_mariadb_ddl_follows_the_projects_tenant_database_template(server_dbs, tmp_path):
    (tmp_path / "schemakit.toml").write_text(f'schema = "{CATALOG}"\ntenant_database = "{{database}}_t_{{namespace}}"\n')
    script = ddl("mariadb", cwd=tmp_path)
    assert "<this database>_t_project_1" in script
    url = server_dbs("mariadb", "tpl")
    done = pipe("mariadb", script, url)
    assert done.returncode == 0, done.stderr
    assert _tables("mariadb", url)[f"{url.database}_t_project_1"] == TENANT


def test_a_mariadb_tenant_name_over_64_characters_stops_the_script_before_anything(server_dbs):
    url = server_dbs("mariadb", "x" * 47)  # sk_tenddl_ + 47 = 57 characters, + _project_1 = 67
    done = pipe("mariadb", ddl("mariadb"), url)
    assert done.returncode == 1 and "schemakit: tenant database name over 64 characters" in done.stderr
    assert _tables("mariadb", url) == {}


def test_the_mariadb_script_with_no_database_selected_stops_first(server_dbs):
    done = pipe("mariadb", ddl("mariadb"), require_server("mariadb").with_database(None))
    assert done.returncode == 1 and "schemakit: no database selected" in done.stderr


def test_two_postgres_deployments_keep_their_tenant_schemas_inside(server_dbs):
    script = ddl("postgres")
    one, two = server_dbs("postgres", "pone"), server_dbs("postgres", "ptwo")
    for url in (one, two):
        done = pipe("postgres", script, url)
        assert done.returncode == 0, done.stderr
        assert _tables("postgres", url)["project_1"] == TENANT


def test_two_sqlite_deployments_in_one_folder_share_no_tenant(tmp_path):
    script, elsewhere = ddl("sqlite"), tmp_path / "elsewhere"
    (tmp_path / "srv").mkdir()
    elsewhere.mkdir()
    for name in ("app1", "app2"):
        done = pipe("sqlite", script, urls.DbUrl("sqlite", database=str(tmp_path / "srv" / f"{name}.db")), elsewhere)
        assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "srv").iterdir()) == [
        "app1.db", "app1.project_1.db", "app2.db", "app2.project_1.db"]
    assert list(elsewhere.iterdir()) == []


FLOW = '''
from schemakit import INTEGER, Schema, System, Tenancy, col, state_machine, table, varchar

accounts = table("accounts", col("id", varchar(64)), pk="id")
tasks = table("tasks", col("id", INTEGER), col("status", varchar(20), null=False),
              state_machine("task_flow", "status", [("new", "done")]), pk="id")
SYSTEM = System(name="flow", title="tenant tables with a trigger", schema=Schema((accounts,)),
                tenancy=Tenancy(prefix="t_", tables=(tasks,), source=("accounts", "id")), default_tenants=(1,))
'''


def test_a_tenant_trigger_is_prepared_on_mariadb_and_refused_for_mysql(server_dbs, tmp_path):
    """MySQL cannot PREPARE a CREATE TRIGGER: `ddl --dialect mysql` of tenant tables with one is one line,
    exit 2; MariaDB's script creates it in <db>_t_1, where it enforces the state machine."""
    (tmp_path / "db.py").write_text(FLOW)
    (tmp_path / "schemakit.toml").write_text('schema = "db.py"\n')
    refused = cli("ddl", "flow", "--dialect", "mysql", cwd=tmp_path, bare=True)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert "cannot be created under a computed database name" in refused.stderr
    url = server_dbs("mariadb", "flow")
    done = pipe("mariadb", cli("ddl", "flow", "--dialect", "mariadb", cwd=tmp_path, bare=True, check=True).stdout, url)
    assert done.returncode == 0, done.stderr
    tenant = url.with_database(f"{url.database}_t_1")
    d = dialects.get("mariadb")
    conn = d.connect(tenant)
    try:
        with conn.cursor() as cur:
            cur.execute("INSERT INTO tasks (id, status) VALUES (1, 'done')")
            with pytest.raises(Exception, match="task_flow|transition|status"):
                cur.execute("UPDATE tasks SET status = 'new' WHERE id = 1")
    finally:
        conn.close()
