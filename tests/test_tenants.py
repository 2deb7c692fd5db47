"""Tenants (issue #16): a namespace per tenant, its own migration history, migrated over the runner.

On PostgreSQL, MariaDB and SQLite, with a small tenanted project (tests/data/tenant_project.py): tenants
added and listed, migrated after a new per-tenant migration (UUID ids too), each at its own version; one
tenant made to fail while the others succeed (exit 1); kill -9 mid-run, then a rerun finishes the rest
with no tenant half-migrated; two runs at once; two deployments on one server (one SQLite folder) with no
collision; hostile ids refused in one line, exit 2, nothing created; an earlier schemakit's tenant
(made by the shared stream) adopted, never dropped."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from schemakit import dialects
from schemakit.dialects import urls
from schemakit.schema.model import TENANT_ID
from tests.conftest import require_server, served
from tests.data.tenant_project import HOSTILE, UUID_ID, V1, V2
from tests.incli import cli
from tests.test_migrate import REPO

ENGINES = ["postgres", "mariadb", "sqlite"]
TENANT_TABLES = {"notes"}


def _project(folder: Path, source: str, previous: Path = None) -> Path:
    folder.mkdir()
    (folder / "db.py").write_text(source)
    (folder / "schemakit.toml").write_text('schema = "db.py"\nname = "app"\n')
    if previous is not None:
        shutil.copytree(previous / "migrations", folder / "migrations")
    cli("makemigrations", cwd=folder, bare=True, check=True)
    return folder


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> tuple[Path, Path]:
    """The project at V1 (one per-tenant migration) and at V2 (a second one), for every engine."""
    base = tmp_path_factory.mktemp("tenant_projects")
    v1 = _project(base / "v1", V1)
    return v1, _project(base / "v2", V2, v1)


@pytest.fixture
def db(engine_name, tmp_path):
    """A fresh main database of the engine (a file in tmp_path for SQLite); its tenants dropped after."""
    d = served(engine_name)
    made = []

    def make(name: str = "") -> urls.DbUrl:
        if not d.has_server:
            url = urls.DbUrl("sqlite", database=str(tmp_path / f"{name or 'main'}.db"))
        else:
            url = d.create_database(require_server(engine_name), f"sk_tenants_{name or uuid.uuid4().hex[:8]}")
        made.append(url)
        return url

    yield make
    for url in made:
        if d.has_server:
            server = url.with_database(None)
            for name in _server_databases(d, server, url.database_name):
                d.drop_database(server, name)


def _server_databases(d, server, prefix: str) -> list[str]:
    """The main database and every tenant database named after it (MariaDB), or the main one (PostgreSQL)."""
    if d.name == "postgres":
        return [prefix]
    conn = d.connect(server)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE %s",
                        (prefix.replace("_", "\\_") + "%",))
            return [r[0] for r in cur.fetchall()]
    finally:
        conn.close()


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


def sk(folder: Path, *args: str, url: urls.DbUrl, check: bool = False):
    return cli(*args, "--database", url.secret_url(), cwd=folder, bare=True, check=check)


def started(folder: Path, *args: str, url: urls.DbUrl, **popen) -> subprocess.Popen:
    """`schemakit ARGS --database URL` started in a process of its own in `folder` (text mode), not waited for."""
    return subprocess.Popen([sys.executable, "-m", "schemakit.cli", *args, "--database", url.secret_url()], cwd=folder,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, **popen)


def at_once(folder: Path, *args: str, url: urls.DbUrl) -> list[tuple[int, str, str]]:
    """Two processes of `schemakit ARGS --database URL` started together: each one's exit code, stdout, stderr."""
    runs = [started(folder, *args, url=url, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [r.communicate(timeout=120) for r in runs]
    return [(r.returncode, out, err) for r, (out, err) in zip(runs, outs)]


def add_accounts(url: urls.DbUrl, *ids: str) -> None:
    """Rows in the shared `accounts` table, the tenants' source of truth (ids bound as parameters)."""
    d = dialects.get(url.dialect)
    conn = d.connect(url)
    try:
        cur = conn.cursor()
        for i in ids:
            cur.execute(f"INSERT INTO accounts (id, name) VALUES ({d.placeholder}, {d.placeholder})", (i, f"acct {i}"))
        conn.commit()
    finally:
        conn.close()


def tenant_tables(url: urls.DbUrl, tenant: str) -> set[str]:
    """The tables of tenant `tenant`'s namespace besides yoyo's; empty when it does not exist."""
    return tenant_tables_of(url, f"t_{tenant}")


def tenant_tables_of(url: urls.DbUrl, namespace: str) -> set[str]:
    """The tables of tenant namespace `namespace` besides yoyo's; empty when it does not exist."""
    d = dialects.get(url.dialect)
    where = d.tenant_url(url, namespace)
    if not d.namespace_exists(where):
        return set()
    conn = d.connect(where)
    try:
        return {name for _, name in d.table_names(conn) if not name.startswith("_yoyo")}
    finally:
        conn.close()


def columns(url: urls.DbUrl, tenant: str) -> set[str]:
    d = dialects.get(url.dialect)
    conn = d.connect(d.tenant_url(url, f"t_{tenant}"))
    try:
        return {c.name for c in d.introspect(conn).table("notes").columns}
    finally:
        conn.close()


def test_added_listed_and_migrated_after_a_new_tenant_migration(projects, db):
    v1, v2 = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    add_accounts(url, "1", UUID_ID, "acme-2")
    added = sk(v1, "tenants", "add", "app", "7", url=url, check=True)  # the API's command: not in accounts
    assert "1 migrated" in added.stdout and tenant_tables(url, "7") == TENANT_TABLES
    first = sk(v1, "migrate", "app", "--tenants", "all", url=url, check=True)
    assert "3 tenants: 3 migrated" in first.stdout, first.stdout + first.stderr
    assert f"tenant {UUID_ID}: migrated" in first.stderr  # a line per tenant (not a terminal)
    listed = sk(v1, "tenants", "list", "app", url=url, check=True).stdout.splitlines()
    assert sorted(line.split()[0] for line in listed) == sorted(["1", UUID_ID, "acme-2", "7"])
    assert all(line.endswith("current") for line in listed if not line.startswith("7 "))
    assert "7  t_7  0001_app_tenant_initial  orphan (current; its id is in no source)" in listed  # not in accounts
    # a new per-tenant migration: every tenant behind until migrated; tenant 7 (an orphan) stays at V1
    assert all("behind by 1" in line for line in sk(v2, "tenants", "list", "app", url=url, check=True).stdout.splitlines())
    status = sk(v2, "status", "app", "--tenants", "all", url=url, check=True)  # the shared part, then per tenant
    assert "app: tenant acme-2  t_acme-2  0001_app_tenant_initial  behind by 1" in status.stdout, status.stdout
    assert status.stdout.count("  pending 0002_") == 4, status.stdout
    assert "4 tenant(s): 0 current, 3 behind, 0 missing, 1 orphan" in status.stderr
    [entry] = json.loads(sk(v2, "status", "app", "--tenant", "7", "--tenant", "8", "--format", "json", url=url,
                            check=True).stdout)["systems"]
    assert [(t["tenant"], t["exists"], len(t["applied"]), len(t["pending"])) for t in entry["tenants"]] == [
        ("7", True, 1, 1), ("8", False, 0, 2)] and entry["pending"] == []
    second = sk(v2, "migrate", "app", "--tenants", "all", "--jobs", "2", url=url, check=True)
    assert "3 tenants: 3 migrated" in second.stdout and "is up to date" in second.stdout  # the shared part first
    assert "title" in columns(url, UUID_ID) and "title" not in columns(url, "7")
    assert "1 tenant: 1 migrated" in sk(v2, "migrate", "app", "--tenant", "7", url=url, check=True).stdout
    drift = sk(v2, "drift", "app", "--tenants", "all", url=url)  # tenant 7's namespace: in no source
    assert drift.returncode == 1 and "3 tenants: 3 clean" in drift.stdout, drift.stdout + drift.stderr
    assert "tenant 7: namespace t_7 not managed by schemakit" in drift.stdout
    document = json.loads(sk(v2, "drift", "app", "--tenants", "all", "--ignore", "tenant:7", "--format", "json",
                             url=url, check=True).stdout)
    assert document["drift"] is False and [t["status"] for t in document["tenants"]] == ["clean"] * 3
    listed = json.loads(sk(v2, "tenants", "list", "app", "--format", "json", url=url, check=True).stdout)["tenants"]
    assert {t["tenant"] for t in listed} == {"1", UUID_ID, "acme-2", "7"} and not any(t["behind"] for t in listed)
    again = sk(v2, "migrate", "app", "--tenants", "all", url=url, check=True)
    assert "3 tenants: 3 current" in again.stdout


def test_one_failing_tenant_does_not_stop_the_others(projects, db):
    """One job migrates the tenants one after another (where the engine can, on one connection: more tenants than
    psycopg's prepare threshold, so its statements are prepared): the failing one in the middle fails alone,
    every other one's tables are in its own namespace, none in the shared one."""
    v1, _ = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    others = [f"a{i}" for i in range(6)] + [f"c{i}" for i in range(6)]  # sorted: bad runs after the a's
    add_accounts(url, "bad", *others)
    d = dialects.get(url.dialect)
    make_namespace(url, "t_bad")  # tenant bad's namespace holds a notes table of another shape
    conn = d.connect(d.tenant_url(url, "t_bad"))
    d.apply(conn, d.render(d.lower(_notes_of_another_shape()).schema))
    conn.close()
    proc = sk(v1, "migrate", "app", "--tenants", "all", "--jobs", "1", url=url)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "13 tenants: 12 migrated, 1 failed" in proc.stdout and "tenant bad failed: " in proc.stdout
    assert all(tenant_tables(url, i) == TENANT_TABLES for i in others)
    conn = d.connect(url)
    try:
        assert not TENANT_TABLES & {name for _, name in d.table_names(conn)}
    finally:
        conn.close()
    assert "Traceback" not in proc.stdout + proc.stderr


def _notes_of_another_shape():
    from schemakit import INTEGER, Schema, col, table
    return Schema((table("notes", col("x", INTEGER), pk="x"),))


def test_kill_9_mid_run_then_a_rerun_finishes_the_rest(projects, db):
    v1, _ = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    ids = [f"k{i}" for i in range(20)]
    add_accounts(url, *ids)
    proc = started(v1, "migrate", "app", "--tenants", "all", "--jobs", "1", url=url, stderr=subprocess.PIPE,
                   stdout=subprocess.DEVNULL)
    assert proc.stderr is not None
    line = "-"
    while line and not line.lstrip("[ ").startswith("1/"):  # the first tenant done: the others to come
        line = proc.stderr.readline()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    made = {i: tenant_tables(url, i) for i in ids}
    assert any(not tables for tables in made.values()), "the run was killed after its last tenant"
    if dialects.get(url.dialect).transactional_ddl:  # one transaction per tenant migration
        assert all(tables in (set(), TENANT_TABLES) for tables in made.values()), made
    rerun = sk(v1, "migrate", "app", "--tenants", "all", url=url, check=True)
    assert "20 tenants:" in rerun.stdout and "failed" not in rerun.stdout, rerun.stdout
    assert all(tenant_tables(url, i) == TENANT_TABLES for i in ids)
    assert "20 tenants: 20 current" in sk(v1, "migrate", "app", "--tenants", "all", url=url, check=True).stdout


def test_two_runs_at_once_both_finish(projects, db):
    v1, _ = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    ids = [f"c{i}" for i in range(8)]
    add_accounts(url, *ids)
    runs = at_once(v1, "migrate", "app", "--tenants", "all", "--jobs", "2", url=url)
    assert [code for code, _, _ in runs] == [0, 0], runs
    assert all("8 tenants:" in out and "failed" not in out for _, out, _ in runs), runs
    assert all(tenant_tables(url, i) == TENANT_TABLES for i in ids)


def test_two_adds_of_one_id_at_once_make_one_tenant(projects, db):
    """Two `tenants add` of the same id in two processes: both exit 0, the tenant's tables and its one
    migration record exist once (the second waits for the tenant's lock, then finds it current)."""
    v1, _ = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    runs = at_once(v1, "tenants", "add", "app", "twin", url=url)
    assert [code for code, _, _ in runs] == [0, 0], runs
    assert sorted(out.strip().splitlines()[0] for _, out, _ in runs) == ["1 tenant: 1 current", "1 tenant: 1 migrated"], runs
    assert tenant_tables(url, "twin") == TENANT_TABLES
    d = dialects.get(url.dialect)
    conn = d.connect(d.tenant_url(url, "t_twin"))
    try:
        assert len(d.recorded_migrations(conn)) == 1
    finally:
        conn.close()


def test_a_mistyped_tenant_id_is_refused_unless_added(projects, db):
    """`migrate --tenant` names tenants that exist: an id neither in accounts.id nor with a namespace is one
    line, exit 2, before anything is written; `tenants add` creates it."""
    v1, v2 = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    add_accounts(url, "acme")
    proc = sk(v2, "migrate", "app", "--tenant", "acme", "acmee", url=url)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "tenant acmee is not in accounts.id and has no namespace" in proc.stderr
    assert "`schemakit tenants add app acmee`" in proc.stderr
    assert tenant_tables(url, "acme") == set() and tenant_tables(url, "acmee") == set()
    sk(v1, "tenants", "add", "app", "acmee", url=url, check=True)
    assert "2 tenants: 2 migrated" in sk(v2, "migrate", "app", "--tenant", "acme", "acmee", url=url, check=True).stdout


def test_a_table_of_its_own_in_a_tenant_namespace_is_left_alone(projects, db):
    """A table the model does not own in a tenant's namespace (one made with the tenant, one in a namespace
    that has nothing of schemakit's yet): migrate creates and changes only the tenant's tables around it,
    its rows stay, and drift lists it as an extra table of that tenant (exit 1) until ignored."""
    v1, v2 = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    add_accounts(url, "1", "2")
    sk(v1, "tenants", "add", "app", "1", "2", url=url, check=True)
    d = dialects.get(url.dialect)
    for tenant, bare in (("1", False), ("2", True)):
        conn = d.connect(d.tenant_url(url, f"t_{tenant}"))
        cur = conn.cursor()
        cur.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY, note VARCHAR(20))")
        cur.execute("INSERT INTO extra (id, note) VALUES (1, 'mine')")
        if bare:  # as if schemakit had never been there: only the foreign table is left
            for table in ("notes", "_yoyo_migration", "_yoyo_log", "_yoyo_version"):
                cur.execute(f"DROP TABLE {d.quote(table)}")
        conn.commit()
        conn.close()
    migrated = sk(v2, "migrate", "app", "--tenants", "all", url=url, check=True)
    assert "2 tenants: 2 migrated" in migrated.stdout, migrated.stdout + migrated.stderr
    for tenant in ("1", "2"):
        assert tenant_tables(url, tenant) == TENANT_TABLES | {"extra"} and "title" in columns(url, tenant)
        conn = d.connect(d.tenant_url(url, f"t_{tenant}"))
        cur = conn.cursor()
        cur.execute("SELECT id, note FROM extra")
        assert [tuple(r) for r in cur.fetchall()] == [(1, "mine")]
        conn.close()
    drift = sk(v2, "drift", "app", "--tenants", "all", url=url)
    assert drift.returncode == 1 and "tenant 1: extra table extra" in drift.stdout, drift.stdout + drift.stderr
    accepted = sk(v2, "drift", "app", "--tenants", "all", "--ignore", "table:extra", url=url)
    assert accepted.returncode == 0 and "2 tenants: 2 clean" in accepted.stdout, accepted.stdout + accepted.stderr


def test_two_deployments_on_one_server_do_not_collide(projects, db, engine_name):
    v1, _ = projects
    first, second = db("one" if engine_name == "sqlite" else ""), db("two" if engine_name == "sqlite" else "")
    for url in (first, second):
        sk(v1, "migrate", url=url, check=True)
        sk(v1, "tenants", "add", "app", "1", UUID_ID, url=url, check=True)
    d = dialects.get(first.dialect)
    assert d.tenant_url(first, "t_1") != d.tenant_url(second, "t_1")
    conn = d.connect(d.tenant_url(first, "t_1"))
    cur = conn.cursor()
    cur.execute("INSERT INTO notes (id, body) VALUES (1, 'only in the first')")
    conn.commit()
    conn.close()
    for url, rows in ((first, 1), (second, 0)):
        conn = d.connect(d.tenant_url(url, "t_1"))
        cur = conn.cursor()
        cur.execute("SELECT COUNT(*) FROM notes")
        assert cur.fetchone()[0] == rows
        conn.close()


@pytest.mark.parametrize("tenant,why", HOSTILE, ids=[w for _, w in HOSTILE])
def test_a_hostile_id_is_refused_in_one_line(projects, tenant, why, tmp_path):
    v1, _ = projects
    url = urls.DbUrl("sqlite", database=str(tmp_path / "main.db"))
    sk(v1, "migrate", url=url, check=True)
    before = sorted(p.name for p in tmp_path.iterdir())
    for args in (("tenants", "add", "app", tenant), ("migrate", "app", "--tenant", tenant),
                 ("drift", "app", "--tenant", tenant)):
        proc = cli(*args[:-1], "--database", url.secret_url(), args[-1], cwd=v1, bare=True)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no namespace, nothing written


def test_a_hostile_id_in_the_source_of_truth_fails_alone(projects, db):
    v1, _ = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    add_accounts(url, "fine", "x'; DROP TABLE accounts; --")
    proc = sk(v1, "migrate", "app", "--tenants", "all", url=url)
    assert proc.returncode == 1 and "2 tenants: 1 migrated, 1 failed" in proc.stdout, proc.stdout + proc.stderr
    assert "use an integer, or letters" in proc.stdout and tenant_tables(url, "fine") == TENANT_TABLES


def test_mariadb_tenant_database_names_derive_from_the_main_one(projects, db, engine_name):
    if engine_name != "mariadb":
        pytest.skip("MySQL/MariaDB only: a tenant is a database of the server")
    v1, _ = projects
    url = db("x" * 40)  # sk_tenants_xxx...: with t_<uuid> over 64 characters
    sk(v1, "migrate", url=url, check=True)
    proc = sk(v1, "tenants", "add", "app", UUID_ID, url=url)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "at most 64" in proc.stderr and "tenant_database" in proc.stderr
    assert sk(v1, "tenants", "add", "app", "1", url=url, check=True)
    assert dialects.get("mariadb").tenant_url(url, "t_1").database == f"{url.database}_t_1"
    assert tenant_tables(url, "1") == TENANT_TABLES


def _earlier_layout(engine: str, folder: Path) -> Path:
    """contentgen's migrations as an earlier schemakit wrote them: one shared stream whose 0001 also makes
    tenant 1's tables (project_1), under `folder` (with its schemakit.sum)."""
    from schemakit import makemigrations
    from schemakit.schema import catalog
    d = dialects.get(engine)
    makemigrations.make(folder, d.name, "contentgen", target=catalog.load("contentgen"))  # default tenant 1 inside
    return folder


@pytest.mark.parametrize("engine", ENGINES)
def test_an_earlier_schemakits_tenant_is_adopted_never_dropped(engine, tmp_path):
    """project_1, made by the shared stream's 0001 of an earlier schemakit, is recognised as tenant 1 at the
    current version (its data kept). On MariaDB it is the server-wide database project_1: this deployment
    names it with the project file's tenant_database = "{namespace}" (the default would be <db>_project_1)."""
    d = served(engine)
    old = _earlier_layout(engine, tmp_path / "old_migrations")
    config = tmp_path / "schemakit.toml"
    config.write_text(f'schema = "schemakit.schema.catalog:SYSTEMS"\nmigrations = "{REPO / "migrations"}"\n'
                      + ('tenant_database = "{namespace}"\n' if d.has_server and engine != "postgres" else ""))
    if d.has_server:
        server = require_server(engine)
        d.drop_database(server, "project_1") if engine != "postgres" else None
        url = d.create_database(server, f"sk_tenants_old_{uuid.uuid4().hex[:8]}")
    else:
        url = urls.DbUrl("sqlite", database=str(tmp_path / "cg.db"))
    try:
        if d.has_server:
            cli("migrate", "contentgen", "--dir", str(old), "--database", url.secret_url(), cwd=tmp_path, bare=True,
                check=True)
        else:  # the earlier schemakit attached project_1 for the shared stream: its DDL, then its record
            from schemakit.schema import catalog
            conn = d.create_database(urls.DbUrl("sqlite", database=str(tmp_path)), "cg") and d.connect(url)
            d.prepare_connection(conn, ("project_1",))
            d.apply(conn, d.render(d.lower(catalog.load("contentgen")).schema))
            conn.close()
            cli("migrate", "contentgen", "--baseline", "--database", url.secret_url(), cwd=tmp_path, bare=True,
                check=True)
        conn = d.connect(url)
        d.prepare_connection(conn, ("project_1",))
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {d.qualify('project_1', 'vocabulary')} (term, definition) VALUES ('kept', 'x')")
        conn.commit()
        conn.close()
        shared = cli("migrate", "contentgen", "--tenants", "all", "--database", url.secret_url(), cwd=tmp_path,
                     bare=True, check=True)
        assert "is up to date" in shared.stdout and "1 tenant: 1 current" in shared.stdout, shared.stdout + shared.stderr
        listed = cli("tenants", "list", "contentgen", "--database", url.secret_url(), cwd=tmp_path, bare=True,
                     check=True)
        assert listed.stdout.split() == ["1", "project_1", "0001_contentgen_tenant_initial", "current"]
        drift = cli("drift", "contentgen", "--tenants", "all", "--database", url.secret_url(), cwd=tmp_path, bare=True)
        assert drift.returncode == 0, drift.stdout + drift.stderr
        conn = d.connect(d.tenant_url(url, "project_1", "{namespace}"))
        cur = conn.cursor()
        cur.execute("SELECT term FROM vocabulary")
        assert [tuple(r) for r in cur.fetchall()] == [("kept",)]
        conn.close()
    finally:
        if d.has_server:
            d.drop_database(server, url.database_name)
            if engine != "postgres":
                d.drop_database(server, "project_1")


def test_an_earlier_mariadb_tenant_is_never_shadowed_by_a_new_empty_one(tmp_path):
    """The server-wide project_1 an earlier schemakit made holds this deployment's rows; with no
    tenant_database in the project file, every tenant command stops in one line naming it (exit 2) before
    anything is written: no <db>_project_1 appears. Set to {database}_{namespace} (the database is another
    deployment's), this one gets its own tenant and project_1 is left as it was; set to {namespace}, adopted."""
    d = served("mariadb")
    old = _earlier_layout("mariadb", tmp_path / "old_migrations")
    config = tmp_path / "schemakit.toml"
    base = f'schema = "schemakit.schema.catalog:SYSTEMS"\nmigrations = "{REPO / "migrations"}"\n'
    config.write_text(base)
    server = require_server("mariadb")
    d.drop_database(server, "project_1")
    url = d.create_database(server, f"sk_tenants_legacy_{uuid.uuid4().hex[:8]}")
    scoped = f"{url.database}_project_1"
    try:
        cli("migrate", "contentgen", "--dir", str(old), "--database", url.secret_url(), cwd=tmp_path, bare=True, check=True)
        conn = d.connect(url.with_database("project_1"))
        with conn.cursor() as cur:
            cur.execute("INSERT INTO vocabulary (term, definition) VALUES ('kept', 'x')")
        conn.commit()
        conn.close()
        for args in (("migrate", "contentgen", "--tenants", "all"), ("migrate", "contentgen", "--tenant", "1"),
                     ("tenants", "add", "contentgen", "1"), ("tenants", "list", "contentgen"),
                     ("drift", "contentgen", "--tenants", "all")):
            proc = cli(*args, "--database", url.secret_url(), cwd=tmp_path, bare=True)
            assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, (args, proc.stderr)
            assert "database project_1, made by an earlier schemakit" in proc.stderr
            assert f'tenant_database in {config} to "{{namespace}}"' in proc.stderr, proc.stderr
            assert not d.namespace_exists(url.with_database(scoped)), args
        config.write_text(base + 'tenant_database = "{database}_{namespace}"\n')
        cli("tenants", "add", "contentgen", "1", "--database", url.secret_url(), cwd=tmp_path, bare=True, check=True)
        assert tenant_tables_of(url, "project_1") >= {"vocabulary"}
        config.write_text(base + 'tenant_database = "{namespace}"\n')
        adopted = cli("migrate", "contentgen", "--tenants", "all", "--database", url.secret_url(), cwd=tmp_path,
                      bare=True, check=True)
        assert "1 tenant: 1 current" in adopted.stdout, adopted.stdout
        listed = cli("tenants", "list", "contentgen", "--database", url.secret_url(), cwd=tmp_path, bare=True, check=True)
        assert listed.stdout.split() == ["1", "project_1", "0001_contentgen_tenant_initial", "current"]
        conn = d.connect(url.with_database("project_1"))
        with conn.cursor() as cur:
            cur.execute("SELECT term FROM vocabulary")
            assert [tuple(r) for r in cur.fetchall()] == [("kept",)]
        conn.close()
    finally:
        for name in (url.database_name, scoped, "project_1"):
            d.drop_database(server, name)


def test_a_tenant_schema_postgresql_would_cut_is_refused(projects, db, engine_name):
    if engine_name != "postgres":
        pytest.skip("PostgreSQL cuts a schema name at 63 bytes")
    v1, _ = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    proc = sk(v1, "tenants", "add", "app", "x" * 62, url=url)  # t_ + 62: 64 bytes
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1 and "63 bytes" in proc.stderr
    assert tenant_tables(url, "x" * 61) == set()
    assert "1 migrated" in sk(v1, "tenants", "add", "app", "x" * 61, url=url, check=True).stdout


def test_a_half_applied_mariadb_tenant_names_its_own_repair(engine_name, db):
    """MariaDB commits each DDL statement: a tenant left with part of a migration (a killed run) fails alone,
    naming the command that completes it (its --tenant, the shared URL: never the shared stream on its
    database), and that command completes it."""
    if engine_name != "mariadb":
        pytest.skip("MySQL/MariaDB only: elsewhere a migration commits whole")
    url = db()
    cli("migrate", "contentgen", "--database", url.secret_url(), check=True)
    cli("tenants", "add", "contentgen", "4", "5", "--database", url.secret_url(), check=True)
    d = dialects.get(url.dialect)
    conn = d.connect(d.tenant_url(url, "project_4"))  # as a run killed after the first CREATE TABLE leaves it
    with conn.cursor() as cur:
        cur.execute("DELETE FROM _yoyo_migration")
        for table in ("metadata", "vocabulary", "prompt_components"):
            cur.execute(f"DROP TABLE {d.quote(table)}")
    conn.close()
    proc = cli("migrate", "contentgen", "--tenant", "4", "5", "--database", url.secret_url())
    assert proc.returncode == 1 and "tenant 4 failed" in proc.stdout and "1 current" in proc.stdout, proc.stdout
    named = f"schemakit migrate contentgen --tenant 4 --repair --database '{url.display_without_password}'"
    assert named in proc.stdout, proc.stdout
    repaired = cli(*named.split()[1:-2], "--database", url.secret_url(), check=True)
    assert "1 tenant:" in repaired.stdout and "failed" not in repaired.stdout, repaired.stdout + repaired.stderr
    assert len(tenant_tables_of(url, "project_4")) == 4
    assert "2 tenants: 2 current" in cli("migrate", "contentgen", "--tenant", "4", "5", "--database", url.secret_url(),
                                         check=True).stdout


@given(tenant=st.from_regex(TENANT_ID, fullmatch=True).filter(lambda t: len(t) < 50),
       options=st.sampled_from([None, "-c statement_timeout=5000", "-c search_path=public"]))
def test_a_tenant_url_reaches_exactly_its_namespace(tenant, options):
    """For any valid id: PostgreSQL's URL names the tenant's schema alone, after the user's own options, and
    reads back as it (the lock key is the tenant's); MariaDB's database is <main>_<namespace>, or refused over
    64 characters; SQLite's file is beside the main one, named after it."""
    from schemakit.dialects.postgres import _tenant, _without_tenant
    ns = f"project_{tenant}"
    main = urls.DbUrl("postgres", host="h", user="u", database="app", params=(("options", options),) if options else ())
    pg = dialects.get("postgres").tenant_url(main, ns) if len(ns.encode()) <= 63 else None
    if pg is not None:
        assert _tenant(pg) == ns and _without_tenant(pg) == main
        assert pg.param("options").startswith(options or "-c search_path=")
        assert dialects.get("postgres").lock_key(pg) != dialects.get("postgres").LOCK_KEY
    my = urls.DbUrl("mariadb", host="h", user="u", database="app")
    if len(f"app_{ns}") <= 64:
        assert dialects.get("mariadb").tenant_url(my, ns).database == f"app_{ns}"
    else:
        with pytest.raises(urls.BadUrl, match="64"):
            dialects.get("mariadb").tenant_url(my, ns)
    lite = dialects.get("sqlite").tenant_url(urls.DbUrl("sqlite", database="/nowhere/app.db"), ns)
    assert lite.database == f"/nowhere/app.{ns}.db"


def test_the_application_api_adds_a_tenant(projects, tmp_path):
    """seed 003's create_project_schema: `tenants.add` from the application, with its own project."""
    from schemakit import tenants
    from schemakit.project import open_project
    from schemakit.schema.model import TenantError
    v1, _ = projects
    url = urls.DbUrl("sqlite", database=str(tmp_path / "app.db"))
    sk(v1, "migrate", url=url, check=True)
    project = open_project(v1 / "schemakit.toml")
    [outcome] = tenants.add(url.secret_url(), "app", [UUID_ID], project=project)
    assert (outcome.name, outcome.status) == (UUID_ID, "migrated") and tenant_tables(url, UUID_ID) == TENANT_TABLES
    [again] = tenants.add(url.secret_url(), "app", [UUID_ID], project=project)
    assert again.status == "current"
    with pytest.raises(TenantError):
        tenants.add(url.secret_url(), "app", ["a'b"], project=project)


def test_tenants_over_a_fleet_are_refused_in_one_line(projects, tmp_path):
    """--tenants/--tenant work on one database: with --env of a fleet, one line, exit 2, nothing written."""
    v1, _ = projects
    folder = tmp_path / "fleet"
    shutil.copytree(v1, folder)
    (folder / "schemakit.toml").write_text('schema = "db.py"\nname = "app"\n[env.two]\nurls = ["sqlite:///a.db", '
                                           '"sqlite:///b.db"]\n')
    for args in (("migrate", "app", "--tenants", "all"), ("drift", "app", "--tenant", "1")):
        proc = cli(*args, "--env", "two", cwd=folder, bare=True)
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert "fleet" in proc.stderr and "--database" in proc.stderr
    assert not list(folder.glob("*.db"))


def make_namespace(url: urls.DbUrl, namespace: str, drop: bool = False) -> None:
    """An empty namespace `namespace` made as its tenant's would be, outside schemakit (a schema, a database, a
    file beside the main one); with `drop`, that namespace dropped by hand, with all it holds."""
    d = dialects.get(url.dialect)
    where = d.tenant_url(url, namespace)
    if d.name == "postgres":
        conn = d.connect(url)
        conn.execute(f"DROP SCHEMA {d.quote(namespace)} CASCADE" if drop else f"CREATE SCHEMA {d.quote(namespace)}")
        conn.commit()
        conn.close()
    elif d.has_server:
        (d.drop_database if drop else d.create_database)(url.with_database(None), where.database_name)
    elif drop:
        Path(where.database_name).unlink()
    else:
        Path(where.database_name).touch()


def test_the_tenant_namespaces_that_exist_are_enumerated(db):
    """`Dialect.tenant_namespaces`: every namespace of the prefix beside the main database, a look-alike whose
    `_` is another character (a LIKE would take it) and another main database's tenants left out."""
    url, other = db(uuid.uuid4().hex[:8]), db(uuid.uuid4().hex[:8])
    d = dialects.get(url.dialect)
    assert d.tenant_namespaces(url, "t_") == []
    for namespace in ("t_7", "t_ab-c", "t_a b", "tx7"):
        make_namespace(url, namespace)
    make_namespace(other, "t_9")
    assert d.tenant_namespaces(url, "t_") == ["t_7", "t_a b", "t_ab-c"]
    assert d.tenant_namespaces(other, "t_") == ["t_9"]


@pytest.mark.parametrize("template,name,namespace", [
    ("{database}_{namespace}", "main_t_7", "t_7"),
    ("{database}_{namespace}", "main2_t_7", None),  # another main database's
    ("{database}_{namespace}", "mainxt_7", None),
    ("cg1_{namespace}", "cg1_t_7", "t_7"),  # no {database}: only the names the template makes
    ("cg1_{namespace}", "main_t_7", None),
    ("cg1_{namespace}", "cg1_t_", None),
    ("{namespace}", "t_x", "t_x"),
    ("{namespace}", "other", None),
    ("{namespace}_{database}_{namespace}", "t_1_main_t_1", "t_1"),
    ("{namespace}_{database}_{namespace}", "t_1_main_t_2", None),
])
def test_mariadb_tenant_database_names_parse_back_by_the_template(template, name, namespace):
    from schemakit.dialects.mysql import tenant_name_pattern
    found = tenant_name_pattern(template, "main", "t_").fullmatch(name)
    assert (found.group("ns") if found else None) == namespace


def _run(url: urls.DbUrl, sql: str, namespace: str = None) -> list:
    d = dialects.get(url.dialect)
    conn = d.connect(d.tenant_url(url, namespace) if namespace else url)
    try:
        cur = conn.cursor()
        cur.execute(sql)
        rows = [tuple(r) for r in cur.fetchall()] if cur.description else []
        conn.commit()
        return rows
    finally:
        conn.close()


def test_an_orphan_tenant_namespace_is_listed_reported_and_left_alone(projects, db):
    """A tenant namespace whose id is in no source (added before its row; its row deleted, its rows kept):
    `tenants list` shows it `orphan` with a hint, `migrate --tenants all` leaves it and says so in one line,
    `drift --tenants all` reports it as not managed (exit 1) until ignored; `--tenant ID` migrates it. A
    namespace of the prefix whose rest is no tenant id is not one."""
    v1, v2 = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    add_accounts(url, "1", "2")
    added = sk(v1, "tenants", "add", "app", "1", "2", UUID_ID, url=url, check=True)
    assert "3 tenants: 3 migrated" in added.stdout  # made, and said once: its row is not there yet
    assert added.stderr.count("not in accounts.id") == 1, added.stderr
    assert f"tenant {UUID_ID} is not in accounts.id: `--tenants all` will see it once its row exists" in added.stderr
    _run(url, "INSERT INTO notes (id, body) VALUES (1, 'kept')", "t_2")
    _run(url, "DELETE FROM accounts WHERE id = '2'")
    make_namespace(url, "t_a b")
    listed = sk(v1, "tenants", "list", "app", url=url, check=True)
    lines = listed.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["1", UUID_ID, "2"], listed.stdout
    assert lines[0].endswith("current") and all("orphan (current" in line for line in lines[1:])
    assert "3 tenant(s): 1 current, 0 behind, 0 missing, 2 orphan" in listed.stderr
    assert "2 orphan tenant(s)" in listed.stderr and "add the id to accounts.id" in listed.stderr
    assert "`schemakit migrate app --tenant ID`" in listed.stderr
    document = json.loads(sk(v1, "tenants", "list", "app", "--format", "json", url=url, check=True).stdout)
    assert [(t["tenant"], t["state"], t["orphan"]) for t in document["tenants"]] == [
        ("1", "current", False), (UUID_ID, "orphan", True), ("2", "orphan", True)]
    migrated = sk(v2, "migrate", "app", "--tenants", "all", url=url, check=True)
    assert "1 tenant: 1 migrated" in migrated.stdout, migrated.stdout + migrated.stderr
    assert migrated.stdout.count("orphan tenant") == 1 and "2 orphan tenant(s) not migrated" in migrated.stdout
    assert "title" in columns(url, "1") and "title" not in columns(url, "2")
    assert _run(url, "SELECT id, body FROM notes", "t_2") == [(1, "kept")]
    # the shared part: on PostgreSQL the one schema of the prefix that is no tenant's is another namespace of
    # the database, listed by name (elsewhere a database or a file of its own); accepted, it is clean, and says
    # where the orphans are reported
    other = sk(v2, "drift", "app", url=url)
    if url.dialect == "postgres":
        assert other.returncode == 1, other.stdout + other.stderr
        assert other.stdout.splitlines()[1:] == ["  - not managed by schemakit: namespace t_a b"], other.stdout
    else:
        assert other.returncode == 0 and "namespace" not in other.stdout, other.stdout + other.stderr
    shared = sk(v2, "drift", "app", "--ignore", "namespace:t_a b", url=url)
    assert shared.returncode == 0 and "app: 2 orphan tenant(s)" in shared.stderr, shared.stdout + shared.stderr
    assert "`schemakit drift app --tenants all` reports them" in shared.stderr
    drift = sk(v2, "drift", "app", "--tenants", "all", url=url)
    assert drift.returncode == 1, drift.stdout + drift.stderr
    assert "tenant 2: namespace t_2 not managed by schemakit" in drift.stdout and "1 tenant: 1 clean" in drift.stdout
    assert "2 orphan tenant(s) not checked" in drift.stdout
    document = json.loads(sk(v2, "drift", "app", "--tenants", "all", "--format", "json", url=url).stdout)
    assert document["drift"] is True and [o["tenant"] for o in document["orphans"]] == [UUID_ID, "2"]
    accepted = sk(v2, "drift", "app", "--tenants", "all", "--ignore", "tenant:2", "--ignore", "tenant:t_0b5e*",
                  "--ignore", "namespace:t_a*", url=url)
    assert accepted.returncode == 0 and "not managed" not in accepted.stdout, accepted.stdout + accepted.stderr
    one = sk(v2, "migrate", "app", "--tenant", "2", url=url, check=True)
    assert "1 tenant: 1 migrated" in one.stdout and "title" in columns(url, "2")


@given(tenant=st.from_regex(TENANT_ID, fullmatch=True), database=st.text(min_size=1, max_size=20),
       template=st.sampled_from(["{database}_{namespace}", "cg1_{namespace}", "{namespace}", "{namespace}.{database}"]))
def test_every_tenant_database_name_parses_back_to_its_namespace(tenant, database, template):
    """The MariaDB tenant database name `tenant_url` makes from any main database and valid id is found again
    by `tenant_name_pattern`, as that namespace."""
    from schemakit.dialects.mysql import tenant_name_pattern
    name = template.format(database=database, namespace=f"t_{tenant}")
    found = tenant_name_pattern(template, database, "t_").fullmatch(name)
    assert found is not None and found.group("ns") == f"t_{tenant}"


def _connections(url: urls.DbUrl) -> int:
    """The server's count of connection attempts so far, failed ones included (the Connections status variable:
    https://mariadb.com/kb/en/server-status-variables/#connections), read on a connection of its own (counted)."""
    d = dialects.get(url.dialect)
    conn = d.connect(url.with_database(None))
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW GLOBAL STATUS LIKE 'Connections'")
            return int(cur.fetchone()[1])
    finally:
        conn.close()


def _connection_id(conn) -> int:
    with conn.cursor() as cur:
        cur.execute("SELECT CONNECTION_ID()")
        return cur.fetchone()[0]


def test_mariadb_new_tenants_on_one_job_cost_about_one_connect_each(projects, db, engine_name):
    """One job migrating new tenants moves its one connection from tenant to tenant (``USE``), creating each missing
    database on it: the server counts about one connect per tenant (the lock's note, dialects/mysql/lock.py), not
    the five each took on connections of its own (its failed connect, a read-only check and a CREATE DATABASE on
    connections to the server, its own, the note). The count is the server's: other clients of it add to it, so
    the bound is twice the tenants, not one each."""
    if engine_name != "mariadb":
        pytest.skip("MySQL/MariaDB only: a tenant is a database of the server, its count the server's")
    v1, _ = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    ids = [f"n{i:02}" for i in range(20)]
    add_accounts(url, *ids)
    before = _connections(url)
    proc = sk(v1, "migrate", "app", "--tenants", "all", "--jobs", "1", url=url, check=True)
    made = _connections(url) - before - 1  # the second count's own connect
    assert "20 tenants: 20 migrated" in proc.stdout, proc.stdout + proc.stderr
    assert made < 2 * len(ids), f"{made} connects for {len(ids)} new tenants"
    assert all(tenant_tables(url, i) == TENANT_TABLES for i in ids)


def test_a_kept_mariadb_connection_creates_a_tenant_database_dropped_by_hand(projects, db, engine_name):
    """A connection kept from tenant a's run, moved to tenant b whose database was dropped by hand: a read
    (`tenants.states`) says b is missing and creates nothing, the connection kept; b's migration creates the
    database on that same connection, which is then b's."""
    if engine_name != "mariadb":
        pytest.skip("MySQL/MariaDB only: a tenant is a database of the server")
    from schemakit import migrate, tenants
    from schemakit.project import open_project
    v1, _ = projects
    url = db()
    sk(v1, "migrate", url=url, check=True)
    sk(v1, "tenants", "add", "app", "a", "b", url=url, check=True)
    project = open_project(v1 / "schemakit.toml")
    shared = migrate.verified_targets(["app"], url.secret_url(), project.migrations, project)[0]
    a, b = tenants.tenant_target(shared, "a"), tenants.tenant_target(shared, "b")
    d = shared.dialect
    d.drop_database(url.with_database(None), b.url.database_name)
    reuse = migrate.Reused()
    try:
        assert tenants.migrate_one(a, project.migrations, lambda line: None, reuse=reuse).status == "current"
        taken = reuse.take(b)
        assert taken is not None and taken.missing is not None and d.missing_database(taken.missing)
        kept = _connection_id(taken.conn)
        reuse.give(taken.conn)
        read = tenants.states("app", url.secret_url(), ["a", "b"], project.migrations, project, jobs=1)
        assert [s.exists for s in read] == [True, False] and not d.namespace_exists(b.url)  # nothing created
        assert tenants.migrate_one(b, project.migrations, lambda line: None, reuse=reuse).status == "migrated"
        again = reuse.take(b)
        assert again is not None and again.missing is None and _connection_id(again.conn) == kept
        reuse.give(again.conn)
    finally:
        reuse.close()
    assert tenant_tables(url, "b") == TENANT_TABLES


def test_drift_over_kept_connections_reports_a_missing_tenant_and_reads_the_others(projects, db):
    """`drift --tenants` on one job: the connection of one tenant's read is moved to the next (where the engine can);
    a tenant whose namespace was dropped by hand between two others fails alone with its one line, the ones
    after it are read on that same connection and are clean, and nothing is created for the missing one."""
    v1, _ = projects
    url = db()
    sk(v1, "migrate", "app", url=url, check=True)
    sk(v1, "tenants", "add", "app", "1", "2", "3", url=url, check=True)
    d = dialects.get(url.dialect)
    where = d.tenant_url(url, "t_2")
    make_namespace(url, "t_2", drop=True)
    drift = sk(v1, "drift", "app", "--tenant", "1", "--tenant", "2", "--tenant", "3", "--jobs", "1", url=url)
    out = drift.stdout + drift.stderr
    assert drift.returncode == 1, out
    assert "tenant 2: its namespace does not exist" in out and "`schemakit tenants add` creates it" in out, out
    assert "2 clean" in out and "1 failed" in out, out
    if d.has_server:
        assert d.tenant_namespaces(url, "t_") == ["t_1", "t_3"]
    else:
        assert not Path(where.database_name).exists()
