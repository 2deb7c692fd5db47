"""`schemakit migrate / rollback / drift / unlock` on the real engines.

Uses the committed migrations under migrations/. Failures are injected:
an edited migration, two runs at once, a run killed before it recorded its
work, a half-applied MySQL migration, a broken migration on MariaDB, bad
URLs. The lock and kill -9 have tests of their own (test_lock.py, test_kill.py).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from schemakit import dialects
from schemakit.schema import catalog
from schemakit import makemigrations
from tests.conftest import ENGINES, SERVERS, served

REPO = Path(__file__).resolve().parents[1]
MIGRATIONS = REPO / "migrations"
SYSTEMS = catalog.names()
TRANSACTIONAL = [e for e in ENGINES if dialects.get(e).transactional_ddl]  # engines whose DDL can roll back

CATALOG = "schemakit.schema.catalog:SYSTEMS"


def cli(*args: str, cwd=None, env=None, check: bool = False, bare: bool = False) -> subprocess.CompletedProcess:
    """Run the schemakit command line; returns the finished process. Outside the repository (another
    `cwd`) the catalog is named with --schema, as a user names a schema with no configuration, and
    the repository's migrations with --dir (unless given), unless `bare` (the command line as given)."""
    args = command_line(args, cwd, bare)
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "schemakit.cli", *args], capture_output=True, text=True,
                          cwd=cwd or REPO, env=full_env)
    if check and proc.returncode != 0:
        raise AssertionError(f"schemakit {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def run(*args: str, cwd=None, env=None, check: bool = False, bare: bool = False) -> subprocess.CompletedProcess:
    """`cli` in this process (tests/incli.py): for the tests about what a command does, not about
    the process boundary."""
    from tests.incli import cli as in_process  # tests.incli imports this module
    return in_process(*args, cwd=cwd, env=env, check=check, bare=bare)


def command_line(args: tuple[str, ...], cwd, bare: bool) -> tuple[str, ...]:
    """`args` as `cli` runs them: outside the repository, unless `bare`, the catalog named with
    --schema and the repository's migrations with --dir (see `cli`)."""
    if not bare and cwd is not None and Path(cwd).resolve() != REPO.resolve() and args and not args[0].startswith("-") \
            and not {"--schema", "--config"} & set(args):
        extra = ("--dir", str(MIGRATIONS)) if args[0] in ("migrate", "rollback", "unlock", "drift", "status") \
            and "--dir" not in args else ()
        args = (args[0], "--schema", CATALOG, *extra, *args[1:])
    return args


def url_text(url) -> str:
    return url.secret_url()


def migrated_project(folder: Path, source: str, url) -> None:
    """A project in `folder` whose schema module is `source` (one system, "app"): its migrations
    written by `makemigrations` and applied to `url` by `migrate`."""
    (folder / "app.py").write_text(source)
    (folder / "schemakit.toml").write_text('schema = "app.py"\nname = "app"\n')
    run("makemigrations", cwd=folder, bare=True, check=True)
    run("migrate", "--database", url_text(url), cwd=folder, bare=True, check=True)


def drop_namespaces(engine: str, url, system: str) -> None:
    """Drop what the system's namespaces left beyond the database (MySQL/MariaDB: server-wide databases)."""
    dialects.get(engine).drop_namespaces(url, catalog.load(system).namespaces)


def test_sqlite_default_creates_every_system_then_is_a_no_op(tmp_path):
    first = run("migrate", "--dir", str(MIGRATIONS), cwd=tmp_path, check=True)
    for system in SYSTEMS:
        assert (tmp_path / "var" / f"{system}.db").exists()
        assert f"{system}: applied" in first.stdout
    again = run("migrate", "--dir", str(MIGRATIONS), cwd=tmp_path, check=True)
    assert again.stdout.count("up to date") == len(SYSTEMS)
    for system in SYSTEMS:
        proc = run("drift", system, "--database", f"sqlite:///{tmp_path / 'var' / (system + '.db')}", cwd=tmp_path)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "no drift" in proc.stdout


@pytest.mark.parametrize("system", SYSTEMS)
@pytest.mark.parametrize("engine", SERVERS)
def test_server_migrate_then_no_drift(engine, system, fresh_url):
    url = fresh_url(engine)
    try:
        run("migrate", system, "--database", url_text(url), check=True)
        proc = run("drift", system, "--database", url_text(url))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "up to date" in run("migrate", system, "--database", url_text(url), check=True).stdout
    finally:
        drop_namespaces(engine, url, system)


def test_drift_reports_a_difference_and_exits_non_zero(tmp_path):
    db = tmp_path / "cyoa.db"
    run("migrate", "cyoa", "--database", f"sqlite:///{db}", check=True)
    import sqlite3
    con = sqlite3.connect(db)
    con.execute('CREATE INDEX "extra_idx" ON "stories" ("created_at")')
    con.commit()
    con.close()
    proc = run("drift", "cyoa", "--database", f"sqlite:///{db}")
    assert proc.returncode == 1
    assert "difference" in proc.stdout and "extra_idx" in proc.stdout


def test_dry_run_prints_sql_and_changes_nothing(tmp_path):
    db = tmp_path / "prismq.db"
    proc = run("migrate", "prismq", "--database", f"sqlite:///{db}", "--dry-run", check=True)
    assert "CREATE TABLE" in proc.stdout
    assert "up to date" not in proc.stdout
    import sqlite3
    tables = sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type='table' AND name='story'").fetchall()
    assert tables == []


def test_edited_migration_is_refused_before_anything_runs(tmp_path):
    root = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, root)
    victim = sorted((root / "sqlite" / "cyoa").glob("0001_*.py"))[0]
    victim.write_text(victim.read_text().replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
    db = tmp_path / "cyoa.db"
    proc = run("migrate", "cyoa", "--database", f"sqlite:///{db}", "--dir", str(root))
    assert proc.returncode == 2
    assert victim.name in proc.stderr and "was edited" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not db.exists() or db.stat().st_size == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_two_runs_at_once_one_applies_the_other_finds_it_done(engine, fresh_url):
    """Two runs on a new database: the lock lets one apply everything; the other, waiting or
    not, finds it up to date. (tests/test_lock.py shows the wait itself.)"""
    url = fresh_url(engine)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-m", "schemakit.cli", "migrate", "scenes", "--database", url_text(url)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    said = sorted("applied" if "scenes: applied" in o else "up to date" if "is up to date" in o else o for o, _ in outs)
    assert said == ["applied", "up to date"], outs
    assert not any("Traceback" in e for _, e in outs)
    assert run("drift", "scenes", "--database", url_text(url)).returncode == 0


def yoyo_bookkeeping(engine: str, url) -> None:
    """yoyo's bookkeeping tables, empty: what a run killed before recording its first migration leaves."""
    from yoyo import get_backend
    plain = get_backend(dialects.get(engine).yoyo_url(url))
    plain.ensure_internal_schema_updated()
    plain.connection.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_applied_but_unrecorded_migration_is_recorded_on_the_next_run(engine, fresh_url):
    """The state a kill -9 between yoyo's apply and its bookkeeping leaves."""
    url = fresh_url(engine)
    d = served(engine)
    first = makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, d.name, "cyoa"))[0]
    yoyo_bookkeeping(engine, url)
    conn = d.connect(url)
    d.apply(conn, d.ddl(first.state())[0])
    conn.close()
    proc = run("migrate", "cyoa", "--database", url_text(url), check=True)
    assert "0001_cyoa_initial already in place" in proc.stdout
    assert run("drift", "cyoa", "--database", url_text(url)).returncode == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_the_schemas_tables_without_any_history_are_adopted_not_guessed(engine, fresh_url):
    """Without yoyo's bookkeeping, the tables are not known to be schemakit's: adoption is asked for."""
    url = fresh_url(engine)
    d = served(engine)
    first = makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, d.name, "cyoa"))[0]
    conn = d.connect(url)
    d.apply(conn, d.ddl(first.state())[0])
    conn.close()
    refused = run("migrate", "cyoa", "--database", url_text(url))
    assert refused.returncode == 2 and "is not empty" in refused.stderr and "--adopt" in refused.stderr
    adopted = run("migrate", "cyoa", "--database", url_text(url), "--adopt", check=True)
    assert "its tables match migration 0001_cyoa_initial; recorded 1 migration(s)" in adopted.stdout
    assert run("drift", "cyoa", "--database", url_text(url)).returncode == 0


def test_half_applied_mysql_migration_is_refused_then_repaired(fresh_url):
    url = fresh_url("mysql")
    d = served("mysql")  # the dialect migrate runs for a mysql:// URL here (mariadb: the server is MariaDB)
    yoyo_bookkeeping("mysql", url)
    first = makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, d.name, "prismq"))[0]
    statements = d.ddl(first.state())[0]
    conn = d.connect(url)
    d.apply(conn, statements[: len(statements) // 2])
    conn.close()
    refused = run("migrate", "prismq", "--database", url_text(url))
    assert refused.returncode == 2
    assert "interrupted" in refused.stderr and "--repair" in refused.stderr
    run("migrate", "prismq", "--database", url_text(url), "--repair", check=True)
    assert run("drift", "prismq", "--database", url_text(url)).returncode == 0


def test_mariadb_failure_shows_the_real_error(tmp_path, fresh_url):
    url = fresh_url("mysql")
    root = tmp_path / "migrations"
    target = root / "mysql" / "cyoa"
    shutil.copytree(MIGRATIONS / "mysql" / "cyoa", target)
    bad = target / "0099_cyoa_broken.py"
    bad.write_text('from yoyo import step\n__depends__ = set()\n__transactional__ = False\n'
                   'steps = [step("CREATE TABLE `ok_one` (`id` INT PRIMARY KEY)", "DROP TABLE `ok_one`"),\n'
                   '         step("ALTER TABLE `no_such_table` ADD COLUMN `x` INT", "SELECT 1")]\n')
    from schemakit import checksum
    checksum.write(root)
    proc = run("migrate", "cyoa", "--database", url_text(url), "--dir", str(root))
    assert proc.returncode == 2
    assert "no_such_table" in proc.stderr and "doesn't exist" in proc.stderr
    assert "SAVEPOINT" not in proc.stderr and "Traceback" not in proc.stderr
    conn = dialects.get("mysql").connect(url)
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ok_one'")
    assert cur.fetchone()[0] == 0  # the step before the failure was rolled back
    cur.execute("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'yoyo_lock'")
    assert cur.fetchone()[0] == 0  # the lock is the server's (GET_LOCK), not yoyo's table
    conn.close()


@pytest.mark.parametrize("url, message", [
    ("postgresql://bob:hunter2@127.0.0.1:1/x", "cannot connect to postgresql://bob:***@127.0.0.1:1/x"),
    ("mysql://bob:hunter2@127.0.0.1:1/x", "cannot connect to mysql://bob:***@127.0.0.1:1/x"),
    ("oracle://bob:hunter2@db/x", "unsupported URL scheme 'oracle'"),
    ("not a url", "not a database URL"),
])
def test_bad_urls_get_one_clear_line_without_the_password(url, message):
    proc = cli("migrate", "cyoa", "--database", url)  # a real process: its exit status and whole stderr
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "hunter2" not in proc.stderr + proc.stdout and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_each_applied_migration_is_logged_once_and_recorded(engine, fresh_url):
    """schemakit's backend writes yoyo's log row and migration row together: one of each per migration."""
    url = fresh_url(engine)
    d = served(engine)
    try:
        run("migrate", "prismq", "--database", url_text(url), check=True)
        expected = [m.id for m in makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, d.name, "prismq"))]
        conn = d.connect(url)
        cur = conn.cursor()
        cur.execute("SELECT migration_id, operation FROM _yoyo_log")
        logged = sorted(tuple(r) for r in cur.fetchall())
        cur.execute("SELECT migration_id FROM _yoyo_migration")  # MySQL's TIMESTAMP has whole seconds: no order
        recorded = sorted(r[0] for r in cur.fetchall())
        assert "yoyo_lock" not in {name for _, name in d.table_names(conn)}  # the lock is the engine's session lock
        conn.close()
        assert logged == [(m, "apply") for m in expected]
        assert recorded == expected
    finally:
        drop_namespaces(engine, url, "prismq")


@pytest.mark.parametrize("engine", ENGINES)
def test_transactional_ddl_is_what_yoyo_would_probe(engine, fresh_url):
    """The dialect's transactional_ddl, used instead of yoyo's scratch-table probe, matches the probe."""
    from yoyo import get_backend
    from schemakit.backend import open_backend
    url = fresh_url(engine)
    d = dialects.get(engine)
    probed = get_backend(d.yoyo_url(url))
    ours = open_backend(d, url, ())
    try:
        assert ours.has_transactional_ddl is probed.has_transactional_ddl is d.transactional_ddl
    finally:
        probed.connection.close()
        ours.connection.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_table_names_are_the_tables_introspection_reads(engine, fresh_url):
    """The cheap check that a database is empty (before a first migration) sees what introspection sees."""
    url = fresh_url(engine)
    d = served(engine)
    # tenant 1's namespace: a schema (PostgreSQL), a file beside the main one (SQLite), a database (MySQL)
    tenant = d.tenant_url(url, "project_1").database if engine in ("mysql", "mariadb") else "project_1"
    namespaces = (None, tenant)
    try:
        conn = d.connect(url)
        assert d.table_names(conn, namespaces) == []
        conn.close()
        run("migrate", "contentgen", "--database", url_text(url), "--tenant", "1", check=True)
        conn = d.connect(url)
        d.prepare_connection(conn, (tenant,))
        names = d.table_names(conn, namespaces)
        assert len(names) == len(set(names)) == len(d.introspect(conn, namespaces).tables)
        assert set(names) == {(t.namespace, t.name) for t in d.introspect(conn, namespaces).tables}
        assert any(ns == tenant for ns, _ in names) and ("main", "_yoyo_log") not in names
        conn.close()
    finally:
        d.drop_namespaces(url, (tenant,))

def _broken_migration(root, path) -> None:
    """A transactional migration at `path` whose second step fails; migrations/schemakit.sum rehashed."""
    from schemakit import checksum
    path.write_text(
        'from yoyo import step\n__depends__ = set()\n__transactional__ = True\n'
        'steps = [step("CREATE TABLE ok_one (id INT PRIMARY KEY)", "DROP TABLE ok_one"),\n'
        '         step("ALTER TABLE no_such_table ADD COLUMN x INT", None)]\n')
    checksum.write(root)


@pytest.mark.parametrize("engine", TRANSACTIONAL)
def test_failed_transactional_migration_leaves_no_trace_and_releases_the_lock(engine, tmp_path, fresh_url):
    """A transactional migration runs in one transaction with its record: on failure, neither remains."""
    url = fresh_url(engine)
    d = dialects.get(engine)
    root = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS / d.name / "cyoa", root / d.name / "cyoa")
    _broken_migration(root, root / d.name / "cyoa" / "0099_cyoa_broken.py")
    proc = run("migrate", "cyoa", "--database", url_text(url), "--dir", str(root))
    assert proc.returncode == 2 and "0099_cyoa_broken failed" in proc.stderr, proc.stderr
    conn = d.connect(url)
    cur = conn.cursor()
    names = {name for _, name in d.table_names(conn)}
    assert "ok_one" not in names and "stories" in names
    cur.execute("SELECT migration_id FROM _yoyo_migration")
    assert [r[0] for r in cur.fetchall()] == ["0001_cyoa_initial"]
    cur.execute("SELECT migration_id FROM _yoyo_log")
    assert [r[0] for r in cur.fetchall()] == ["0001_cyoa_initial"]
    assert "yoyo_lock" not in {name for _, name in d.table_names(conn)}
    conn.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_bookkeeping_tables_are_yoyos_and_plain_yoyo_reads_them(engine, fresh_url):
    """schemakit creates yoyo's current layout directly; it matches what yoyo's own upgrade path builds."""
    from yoyo import get_backend, read_migrations
    from schemakit.migrate import YOYO_TABLES
    d = served(engine)
    ours, theirs = fresh_url(engine), fresh_url(engine)
    run("migrate", "cyoa", "--database", url_text(ours), check=True)
    plain = get_backend(d.yoyo_url(theirs))
    plain.ensure_internal_schema_updated()
    plain.connection.close()
    layouts = []
    for url in (ours, theirs):
        conn = d.connect(url)
        layouts.append(sorted((t for t in d.introspect(conn).tables if t.name in YOYO_TABLES), key=lambda t: t.name))
        cur = conn.cursor()
        cur.execute("SELECT version FROM _yoyo_version")
        assert [r[0] for r in cur.fetchall()] == [2]
        conn.close()
    assert [t.name for t in layouts[0]] == sorted(set(YOYO_TABLES) - {"yoyo_lock"})  # no lock table: see schemakit.lock
    assert layouts[0] == [t for t in layouts[1] if t.name != "yoyo_lock"]
    backend = get_backend(d.yoyo_url(ours))
    migrations = read_migrations(str(makemigrations.system_dir(MIGRATIONS, d.name, "cyoa")))
    assert not backend.to_apply(migrations) and len(backend.to_rollback(migrations)) == len(migrations)
    backend.connection.close()


@pytest.mark.parametrize("engine", TRANSACTIONAL)
def test_a_failed_first_migration_leaves_a_new_database_as_it_was(engine, tmp_path, fresh_url):
    """Where DDL is transactional, a new database's bookkeeping and first migration commit together."""
    url = fresh_url(engine)
    d = dialects.get(engine)
    root = tmp_path / "migrations"
    (root / d.name / "cyoa").mkdir(parents=True)
    _broken_migration(root, root / d.name / "cyoa" / "0001_cyoa_broken.py")
    proc = run("migrate", "cyoa", "--database", url_text(url), "--dir", str(root))
    assert proc.returncode == 2 and "0001_cyoa_broken failed" in proc.stderr, proc.stderr
    conn = d.connect(url)
    cur = conn.cursor()
    everything = "SELECT name FROM sqlite_master" if engine == "sqlite" else \
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    cur.execute(everything)
    assert cur.fetchall() == []  # not even yoyo's tables
    conn.close()
    assert "applied 1 migration" in run("migrate", "cyoa", "--database", url_text(url), check=True).stdout


SESSIONS = {"postgres": "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            "mariadb": "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = %s AND ID <> CONNECTION_ID()"}


def test_a_new_mariadb_database_is_created_and_migrated_on_one_connection(fresh_url, monkeypatch):
    """The connections a migrate of a database that does not exist yet opens (counted at the driver, in this
    process, where the CLI runs): the attempt on the missing database, the one connection to the server that
    is refused if read-only, creates the database, moves to it and migrates it, and the lock's note; not a
    connection each for the refusal and the creation as well."""
    import pymysql
    d = dialects.get("mariadb")
    url = fresh_url("mariadb")
    d.drop_database(url.with_database(None), url.database_name)  # fresh_url made it: the run must create it
    opened = []
    real = pymysql.connect

    def counted(*args, **kwargs):
        opened.append(kwargs.get("database"))
        return real(*args, **kwargs)
    monkeypatch.setattr(pymysql, "connect", counted)
    run("migrate", "cyoa", "--database", url_text(url), check=True)
    monkeypatch.setattr(pymysql, "connect", real)
    assert sorted(opened, key=str) == sorted([url.database, None, url.database], key=str), opened
    conn = d.connect(url)
    try:
        assert "stories" in {name for _ns, name in d.table_names(conn, (None,))}
    finally:
        conn.close()


@pytest.mark.parametrize("engine", sorted(SESSIONS))
def test_commands_close_every_connection_they_open(engine, fresh_url):
    """migrate (a dry run, a run, a second run with nothing to do), rollback and drift through the Python API
    leave no session open on the database when they return, with Python's cycle collector off: an application
    that calls them does not keep a connection per call until a garbage collection (a CREATE DATABASE ...
    TEMPLATE of the database, for one, fails while one is open)."""
    import gc
    import time
    from schemakit import migrate
    url = fresh_url(engine)
    d = served(engine)
    watcher = d.connect(url.with_database(d.admin_database))
    quiet = lambda _line: None  # noqa: E731

    def sessions() -> int:
        """The other sessions on the database, once those closed have gone (a server ends a closed session's
        process or thread a moment after the client closes it; a leaked connection stays)."""
        for _ in range(100):
            cur = watcher.cursor()
            cur.execute(SESSIONS[engine], (url.database,))
            found = int(cur.fetchone()[0])
            cur.close()
            if engine != "postgres":
                watcher.commit()
            if not found:
                return 0
            time.sleep(0.05)
        return found

    if engine == "postgres":
        watcher.autocommit = True
    was = gc.isenabled()
    gc.disable()
    try:
        for step in ("dry run", "migrate", "again", "rollback", "drift"):
            if step == "rollback":
                migrate.rollback(["cyoa"], url.secret_url(), MIGRATIONS, count=1, allow_destructive=True, say=quiet)
            elif step == "drift":
                migrate.drift("cyoa", url.secret_url(), root=MIGRATIONS)
            else:
                migrate.migrate(["cyoa"], url.secret_url(), MIGRATIONS, dry_run=step == "dry run", say=quiet)
            assert sessions() == 0, step
    finally:
        if was:
            gc.enable()
        watcher.close()


def test_the_log_rows_name_host_and_user_looked_up_once_per_process(fresh_url, monkeypatch):
    """yoyo's log row names the host (`socket.getfqdn`, a reverse DNS lookup that can wait seconds for a resolver
    on a machine without one) and the user; looked up for every migration applied, 1,000 tenants would pay for it
    1,000 times. They are looked up once per process, and each row still names them."""
    import getpass
    import socket
    host, user = socket.getfqdn(), getpass.getuser()
    calls = []
    real = socket.getfqdn
    monkeypatch.setattr(socket, "getfqdn", lambda *a: calls.append(a) or real(*a))
    url = fresh_url("sqlite")
    run("migrate", "prismq", "--database", url_text(url), check=True)
    d = dialects.get("sqlite")
    conn = d.connect(url)
    try:
        rows = conn.execute("SELECT hostname, username FROM _yoyo_log").fetchall()
    finally:
        conn.close()
    assert len(rows) > 1 and set(rows) == {(host, user)}
    assert len(calls) <= 1, calls


@pytest.mark.parametrize("given", ["sqlite:///{rel}/missing/dir/x.db", "sqlite:////{abs}/missing/dir/x.db"])
def test_a_sqlite_file_in_a_folder_that_does_not_exist_is_refused_and_nothing_is_made(given, tmp_path):
    """A mistyped folder (or three slashes read as four: sqlite:///tmp/x.db is relative) gets one line naming
    the folder as an absolute path and the fix, exit 2; no folder and no database file appear. sqlite3 itself
    does not create a folder either (https://www.sqlite.org/c3ref/open.html: SQLITE_CANTOPEN)."""
    (tmp_path / "w").mkdir()
    url = given.format(rel="missing_top", abs=str(tmp_path).lstrip("/"))
    proc = run("migrate", "cyoa", "--database", url, cwd=tmp_path / "w")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    folder = (tmp_path / "w" / "missing_top" / "missing" / "dir") if "{rel}" in given else tmp_path / "missing" / "dir"
    assert f"no folder {folder}" in proc.stderr and "mkdir -p" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["w"]


def test_the_default_sqlite_folder_is_made_by_migrate(tmp_path):
    """With no URL, each system's file goes under var/, which migrate makes: schemakit owns that folder."""
    run("migrate", "cyoa", cwd=tmp_path, check=True)
    assert (tmp_path / "var" / "cyoa.db").is_file()
