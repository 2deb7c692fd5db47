"""Read replicas (issue #16, the replica part), on a real PostgreSQL streaming replica and a read-only MariaDB.

`pair` (tests/replica_servers.py) is a PostgreSQL primary and its hot standby started for this module;
`read_only_mariadb` a second mariadbd with --read-only (never the shared server). The project is the one
`schemakit init` writes, with a view, a function, a trigger and a sequence (tests/data/code_objects).
"""
from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path

import psycopg
import pytest

from schemakit.cli import EXIT_REPLICAS_LAGGING
from tests.conftest import started
from tests.replica_servers import STANDBY_NAME, MariaDBReadOnly, StreamingPair
from tests.test_init import sk
from tests.test_migrate import url_text

DATA = Path(__file__).parent / "data" / "code_objects"
VIEW = "View('published', \"SELECT id, title FROM posts WHERE status = 'published'\")"
REFUSED = ("is a standby (pg_is_in_recovery()): nothing was written; point --database (or the --env "
           "environment's url, or DATABASE_URL) at the primary\n")


@pytest.fixture(scope="module")
def pair():
    """A PostgreSQL primary and its streaming hot standby, removed afterwards."""
    server = started(StreamingPair())
    yield server
    server.stop()


@pytest.fixture(scope="module")
def read_only_mariadb(tmp_path_factory):
    """A second MariaDB server with read_only on, removed afterwards."""
    from tests import tls_servers
    server = started(MariaDBReadOnly(tls_servers.certificates(tmp_path_factory.mktemp("tls"))))
    yield server
    server.stop()


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder with its migrations written: `schemakit init`'s tables, a view, a function, a
    trigger and a sequence."""
    sk("init", cwd=tmp_path, check=True)
    schema = tmp_path / "db" / "schema.py"
    tail = (DATA / "project_tail.txt").read_text().replace("routines=(TRIM_PG,)", f"routines=(TRIM_PG,), views=({VIEW},)")
    schema.write_text(schema.read_text().split("\nSYSTEM = ")[0] + "from schemakit.schema.views import View\n" + tail)
    sk("makemigrations", cwd=tmp_path, check=True)
    return tmp_path


@pytest.fixture
def database(pair):
    """The name of a new empty database on the primary (there on the standby too), dropped afterwards."""
    name = f"sk_rep_{uuid.uuid4().hex[:10]}"
    pair.psql("primary", f"CREATE DATABASE {name}")
    _replayed(pair)  # there on the standby before a test asks it (rollback and unlock need it to exist)
    yield name
    pair.psql("primary", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _env(pair, which: str, name: str) -> dict:
    return {"DATABASE_URL": pair.url(which, name)}


def _relations(pair, which: str, name: str) -> list[str]:
    """The names of the relations (tables, views, sequences, indexes) of database `name`'s public schema."""
    found = pair.psql(which, "SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '') FROM pg_class c "
                             "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'public'", name)
    return found.split(",") if found else []


def _replayed(pair) -> None:
    """Wait until the standby has replayed everything the primary wrote so far (an error after a minute,
    rather than hanging, when replication is broken)."""
    lsn = pair.psql("primary", "SELECT pg_current_wal_lsn()")
    pair.psql("standby", f"DO $$ BEGIN FOR i IN 1..1200 LOOP EXIT WHEN pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn; "
                         f"PERFORM pg_sleep(0.05); END LOOP; IF pg_last_wal_replay_lsn() < '{lsn}'::pg_lsn THEN "
                         f"RAISE 'the standby did not replay {lsn}'; END IF; END $$")


@pytest.mark.parametrize("command", [("migrate",), ("migrate", "--baseline"), ("migrate", "--adopt"),
                                     ("migrate", "--repair"), ("rollback", "app"), ("unlock",)])
def test_every_command_that_writes_is_refused_on_the_standby_and_writes_nothing(pair, project, database, command):
    proc = sk(*command, cwd=project, env=_env(pair, "standby", database))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == f"schemakit: app: {pair.url('standby', database)} {REFUSED}"
    _replayed(pair)
    assert _relations(pair, "primary", database) == [] and _relations(pair, "standby", database) == []


def test_a_pending_migration_is_refused_on_the_standby_and_neither_history_changes(pair, project, database):
    sk("migrate", cwd=project, env=_env(pair, "primary", database), check=True)
    schema = project / "db" / "schema.py"
    schema.write_text(schema.read_text().replace('col("body", TEXT),', 'col("body", TEXT), col("slug", TEXT),'))
    sk("makemigrations", cwd=project, check=True)
    before = {w: (_relations(pair, w, database), pair.psql(w, "SELECT count(*) FROM _yoyo_migration", database))
              for w in ("primary", "standby")}
    for command in (("migrate",), ("migrate", "--repair"), ("rollback", "app"), ("unlock",)):
        proc = sk(*command, cwd=project, env=_env(pair, "standby", database))
        assert (proc.returncode, proc.stderr) == (2, f"schemakit: app: {pair.url('standby', database)} {REFUSED}")
    _replayed(pair)
    after = {w: (_relations(pair, w, database), pair.psql(w, "SELECT count(*) FROM _yoyo_migration", database))
             for w in ("primary", "standby")}
    assert after == before and before["standby"][1] == "1"


def test_a_dry_run_reads_only_so_it_runs_on_the_standby(pair, project, database):
    proc = sk("migrate", "--dry-run", cwd=project, env=_env(pair, "standby", database), check=True)
    assert "CREATE TABLE" in proc.stdout and proc.stderr == ""
    assert _relations(pair, "standby", database) == []


def test_migrate_of_a_missing_database_on_the_standby_is_refused_and_creates_none(pair, project):
    name = f"sk_rep_{uuid.uuid4().hex[:10]}"
    proc = sk("migrate", cwd=project, env=_env(pair, "standby", name))
    assert proc.returncode == 2 and proc.stderr == f"schemakit: app: {pair.url('standby', name)} {REFUSED}"
    assert pair.psql("primary", f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") == "0"


def test_the_refusal_shows_no_password(pair, project, database):
    url = pair.url("standby", database).replace("postgres@", "postgres:s3cret-pw@")
    proc = sk("migrate", cwd=project, env={"DATABASE_URL": url})  # trusted: the password is not checked
    assert proc.returncode == 2 and "s3cret-pw" not in proc.stderr + proc.stdout and ":***@" in proc.stderr


def test_wait_replicas_then_drift_and_status_on_the_standby_and_a_hand_change_found_there(pair, project, database):
    migrated = sk("migrate", "--wait-replicas", cwd=project, env=_env(pair, "primary", database), check=True)
    assert "1 standby(s) replayed the migration" in migrated.stdout and STANDBY_NAME in migrated.stdout
    # no wait of the test's own: --wait-replicas returned once the standby had replayed the migration
    assert {"authors", "posts", "published", "ticket_no"} <= set(_relations(pair, "standby", database))
    standby = _env(pair, "standby", database)
    assert sk("drift", cwd=project, env=standby, check=True).stdout == \
        "app: no drift: the database matches the canonical schema\n"
    status = sk("status", cwd=project, env=standby, check=True).stdout
    assert "1 applied, 0 pending; not locked" in status
    pair.psql("primary", "CREATE OR REPLACE VIEW published AS SELECT id, title FROM posts WHERE status = 'draft';"
                         "CREATE OR REPLACE FUNCTION trim_title() RETURNS trigger LANGUAGE plpgsql AS "
                         "$$ BEGIN NEW.title := upper(NEW.title); RETURN NEW; END $$", database)
    _replayed(pair)
    drift = sk("drift", cwd=project, env=standby)
    assert drift.returncode == 1, drift.stderr
    lines = drift.stdout.splitlines()
    assert lines[0] == "app: 2 difference(s) between the canonical schema and the database:"
    assert lines[1] == "  - function trim_title(): its definition differs from the schema's"
    assert lines[2].startswith("  - view published is ") and "'draft'" in lines[2]
    on_primary = sk("drift", cwd=project, env=_env(pair, "primary", database)).stdout.splitlines()  # the probe's way
    assert [x.split(" is ")[0].split(":")[0] for x in on_primary] == [x.split(" is ")[0].split(":")[0] for x in lines]


def test_wait_replicas_times_out_naming_the_standby_that_has_not_replayed(pair, project, database):
    primary = _env(pair, "primary", database)
    sk("migrate", cwd=project, env=primary, check=True)
    schema = project / "db" / "schema.py"
    schema.write_text(schema.read_text().replace('col("body", TEXT),', 'col("body", TEXT), col("slug", TEXT),'))
    sk("makemigrations", cwd=project, check=True)
    pair.psql("standby", "SELECT pg_wal_replay_pause()")
    try:
        proc = sk("migrate", "--wait-replicas", "--replica-timeout", "0.5", cwd=project, env=primary)
    finally:
        pair.psql("standby", "SELECT pg_wal_replay_resume()")
    assert proc.returncode == EXIT_REPLICAS_LAGGING, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "1 of 1 standby(s) had not replayed" in lines[0] and STANDBY_NAME in lines[0]
    assert "applied 1 migration(s)" in proc.stdout  # the primary is migrated
    assert "slug" in pair.psql("primary", "SELECT string_agg(attname, ',') FROM pg_attribute "
                                          "WHERE attrelid = 'posts'::regclass", database)


def test_wait_replicas_with_no_standby_connected_says_so(project, fresh_url):
    proc = sk("migrate", "--wait-replicas", cwd=project, env={"DATABASE_URL": url_text(fresh_url("postgres"))},
              check=True)
    assert "no standby is connected: no replica to wait for" in proc.stdout


@pytest.mark.parametrize("engine", ["mariadb", "sqlite"])
def test_wait_replicas_where_the_engine_cannot_tell_says_so_and_waits_for_nothing(project, fresh_url, engine):
    proc = sk("migrate", "--wait-replicas", cwd=project, env={"DATABASE_URL": url_text(fresh_url(engine))},
              check=True)
    said = {"mariadb": "a MySQL/MariaDB primary cannot see how far its replicas have applied its binary log",
            "sqlite": "SQLite is a file with no server: it has no replicas to wait for"}[engine]
    assert f"{said}" in proc.stdout and "nothing was waited for" in proc.stdout


def test_replica_timeout_needs_wait_replicas(project):
    proc = sk("migrate", "--replica-timeout", "5", cwd=project)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "--replica-timeout goes with --wait-replicas" \
        in proc.stderr
    bad = sk("migrate", "--wait-replicas", "--replica-timeout", "0", cwd=project)
    assert bad.returncode == 2 and "a number of seconds above 0" in bad.stderr


def test_a_read_only_mariadb_is_refused_even_for_root_who_could_write(read_only_mariadb, project):
    import pymysql
    name = f"sk_rep_{uuid.uuid4().hex[:10]}"
    url = read_only_mariadb.url(name)
    missing = sk("migrate", cwd=project, env={"DATABASE_URL": url})
    expected = (f"schemakit: app: {url} is read-only (@@read_only, a replica): nothing was written; point --database "
                "(or the --env environment's url, or DATABASE_URL) at the primary\n")
    assert (missing.returncode, missing.stderr) == (2, expected)
    conn = pymysql.connect(host="127.0.0.1", port=read_only_mariadb.port, user="root", autocommit=True)
    try:
        cur = conn.cursor()
        cur.execute("SHOW DATABASES LIKE %s", (name,))
        assert cur.fetchall() == ()  # not created
        cur.execute(f"CREATE DATABASE {name}")  # root may write despite read_only: schemakit asks
        try:
            existing = sk("migrate", cwd=project, env={"DATABASE_URL": url})
            assert (existing.returncode, existing.stderr) == (2, expected)
            cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", (name,))
            assert cur.fetchone()[0] == 0
        finally:
            cur.execute(f"DROP DATABASE {name}")
    finally:
        conn.close()


_spec = importlib.util.spec_from_file_location("replica_comparisons", Path(__file__).parent / "data" /
                                               "replica_comparisons.py")
CASES = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(CASES)


@pytest.fixture(scope="module")
def standby_doc(pair):
    """A connection to the standby's copy of a database with the table `doc` (a policy on it), made on the primary."""
    name = f"sk_rep_{uuid.uuid4().hex[:10]}"
    pair.psql("primary", f"CREATE DATABASE {name}")
    pair.psql("primary", "CREATE TABLE doc (id integer PRIMARY KEY, title varchar(200), owner text, status varchar(20));"
                         "ALTER TABLE doc ENABLE ROW LEVEL SECURITY; CREATE POLICY own ON doc FOR SELECT TO PUBLIC "
                         "USING (owner = current_user AND status = 'open')", name)
    _replayed(pair)
    conn = psycopg.connect(pair.url("standby", name))
    yield conn
    conn.close()
    pair.psql("primary", f"DROP DATABASE {name} WITH (FORCE)")


@pytest.mark.parametrize("model, stored, alike", CASES.QUERIES)
def test_queries_on_the_standby_compare_by_their_plans(standby_doc, model, stored, alike):
    from schemakit.dialects.postgres import replicas
    assert replicas.read_only_transaction(standby_doc)
    assert replicas.same_query(standby_doc, model, stored) is alike


@pytest.mark.parametrize("model, stored, alike", CASES.DEFINITIONS)
def test_definitions_on_the_standby_compare_by_their_normal_form(model, stored, alike):
    from schemakit.dialects.postgres import replicas
    assert (replicas.definition_form(model, "public") == replicas.definition_form(stored, "public")) is alike


@pytest.mark.parametrize("using, alike", [("owner = current_user AND status = 'open'", True),
                                          ("owner = current_user AND status = 'closed'", False)])
def test_a_policy_on_the_standby_is_compared_without_creating_it(standby_doc, using, alike):
    from dataclasses import replace

    from schemakit import dialects
    d = dialects.get("postgres")
    live = d.introspect(standby_doc, (None,))
    model = replace(live, policies=(replace(live.policies[0], using=using),))
    assert (d.policies().stored(standby_doc, model, live).policies == live.policies) is alike
    standby_doc.rollback()


def test_wait_replicas_as_a_role_that_cannot_see_the_positions_says_which_privilege_at_once(pair, project):
    role, name = f"sk_plain_{uuid.uuid4().hex[:8]}", f"sk_rep_{uuid.uuid4().hex[:10]}"
    pair.psql("primary", f"CREATE ROLE {role} LOGIN")
    pair.psql("primary", f"CREATE DATABASE {name} OWNER {role}")
    try:
        url = pair.url("primary", name).replace("postgres@", f"{role}@")
        proc = sk("migrate", "--wait-replicas", "--replica-timeout", "120", cwd=project, env={"DATABASE_URL": url})
        assert proc.returncode == EXIT_REPLICAS_LAGGING and proc.stderr.count("\n") == 1
        assert "GRANT pg_read_all_stats TO it" in proc.stderr and "applied 1 migration(s)" in proc.stdout
    finally:
        pair.psql("primary", f"DROP DATABASE {name} WITH (FORCE)")
        pair.psql("primary", f"DROP ROLE {role}")


def test_drift_and_status_on_a_read_only_mariadb_as_a_user_read_only_stops(read_only_mariadb, project):
    """As a user without SUPER / READ_ONLY ADMIN, whom read_only stops from writing: migrate is refused with
    schemakit's line, drift and status run (they write nothing) and drift finds a change made by hand."""
    from schemakit.dialects.urls import parse
    from tests.roundtrip import run_native
    name, user = f"sk_rep_{uuid.uuid4().hex[:10]}", f"sk_reader_{uuid.uuid4().hex[:6]}"
    root = parse(read_only_mariadb.url(name))
    run_native("mariadb", root.with_database(None), f"CREATE DATABASE {name}; CREATE USER '{user}'@'%'; "
                                                    f"GRANT ALL PRIVILEGES ON {name}.* TO '{user}'@'%';")
    try:
        run_native("mariadb", root, sk("ddl", "--dialect", "mariadb", cwd=project, check=True).stdout)
        env = {"DATABASE_URL": read_only_mariadb.url(name).replace("root@", f"{user}@")}
        refused = sk("migrate", cwd=project, env=env)
        assert refused.returncode == 2 and "is read-only (@@read_only, a replica): nothing was written" in refused.stderr
        assert sk("drift", cwd=project, env=env, check=True).stdout == \
            "app: no drift: the database matches the canonical schema\n"
        assert "0 applied, 1 pending; not locked" in sk("status", cwd=project, env=env, check=True).stdout
        run_native("mariadb", root, "ALTER TABLE posts ADD COLUMN note text;")
        drift = sk("drift", cwd=project, env=env)
        assert drift.returncode == 1 and "note" in drift.stdout, drift.stdout + drift.stderr
    finally:
        run_native("mariadb", root.with_database(None), f"DROP DATABASE {name}; DROP USER '{user}'@'%';")


def test_a_kept_connection_on_a_read_only_mariadb_creates_no_tenant_database(read_only_mariadb, tmp_path):
    """A tenant run on a connection kept from another tenant's (`migrate.Reused`): on a read-only server, a tenant
    whose database is missing is refused on that connection before its database is created, and one whose
    database exists before anything is written in it; the refused run's connection is not kept."""
    import pymysql

    from schemakit import migrate, replicas, tenants
    from schemakit.project import open_project
    from tests.data.tenant_project import V1
    from tests.test_tenants import _project
    folder = _project(tmp_path / "app", V1)
    project = open_project(folder / "schemakit.toml")
    name = f"sk_rep_{uuid.uuid4().hex[:10]}"
    root = pymysql.connect(host="127.0.0.1", port=read_only_mariadb.port, user="root", autocommit=True)
    cur = root.cursor()
    try:
        for db in (name, f"{name}_t_a"):
            cur.execute(f"CREATE DATABASE {db}")  # root may write despite read_only
        shared = migrate.verified_targets(["app"], read_only_mariadb.url(name), project.migrations, project)[0]
        a, b = tenants.tenant_target(shared, "a"), tenants.tenant_target(shared, "b")
        for t in (b, a):
            reuse = migrate.Reused()
            reuse.give(shared.dialect.connect(a.url))  # as tenant a's run leaves it
            try:
                with pytest.raises(replicas.ReadOnlyServer, match="is read-only"):
                    tenants.migrate_one(t, project.migrations, lambda line: None, reuse=reuse)
                assert reuse.take(a) is None  # closed, not kept
            finally:
                reuse.close()
        cur.execute("SHOW DATABASES LIKE %s", (f"{name}_t_b",))
        assert cur.fetchall() == ()
        cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", (f"{name}_t_a",))
        assert cur.fetchone()[0] == 0
    finally:
        for db in (name, f"{name}_t_a", f"{name}_t_b"):
            cur.execute(f"DROP DATABASE IF EXISTS {db}")
        root.close()
