"""Database URLs: parameters, secrets, database names, missing and concurrently created databases.

The parse cases are in tests/data/url_cases.py. The engine tests run on the real
servers (conftest) and on SQLite files.
"""
from __future__ import annotations

import sqlite3
import threading
import uuid
from urllib.parse import quote

import pytest

from schemakit import dialects
from schemakit.dialects import urls
from tests.conftest import ENGINES, SERVERS, for_engine, require_server
from tests.data.url_cases import AT_THE_LIMIT, MASKED, PARSED, REFUSED
from tests.incli import cli


# -- parsing ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("url, fields", PARSED)
def test_url_parses_to(url, fields):
    parsed = urls.parse(url)
    assert {k: getattr(parsed, k) for k in fields} == fields


@pytest.mark.parametrize("url, message", REFUSED)
def test_url_is_refused_with_one_line_naming_the_problem(url, message):
    with pytest.raises(urls.BadUrl) as caught:
        urls.parse(url)
    text = str(caught.value)
    assert message in text
    assert "hunter2" not in text and "\n" not in text


@pytest.mark.parametrize("url, name", AT_THE_LIMIT)
def test_names_at_the_engine_limit_are_accepted(url, name):
    assert urls.parse(url, need_database=True).database == name


@pytest.mark.parametrize("text, masked", MASKED)
def test_mask_hides_every_user_secret(text, masked):
    assert urls.mask(text) == masked


def test_a_bad_url_error_masks_itself_whatever_it_was_given():
    assert str(urls.BadUrl("cannot use u:hunter2@h/db")) == "cannot use u:***@h/db"


def test_parameters_survive_redaction_and_another_database():
    url = urls.parse("postgresql://bob:hunter2@h:5432/app?sslmode=verify-full&sslrootcert=/etc/ca.crt")
    assert url.redacted == "postgresql://bob:***@h:5432/app?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.crt"
    assert url.with_database("other").params == url.params
    assert url.display_without_password == "postgresql://bob@h:5432/app?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.crt"
    assert repr(url) == f"DbUrl({url.redacted})"


@pytest.mark.parametrize("url", [
    "postgresql://b%40b:p%3Aw%2Fx%20y@h:5432/my%20db%22q%60b%3Bs%27?application_name=a%26b",
    "mysql://root:p%40ss@[::1]:3306/x%3Fy%23z?ssl_ca=%2Fa%20b%2Fca.crt",
    "sqlite:////tmp/dir%20a/f%3Fx%23y%25.db",
])
def test_secret_url_parses_back_to_the_same_url(url):
    parsed = urls.parse(url)
    assert urls.parse(parsed.secret_url()) == parsed
    assert urls.parse(parsed.display_without_password) == urls.DbUrl(**{**parsed.__dict__, "password": None})


def test_a_server_url_is_refused_where_a_database_is_needed():
    url = urls.parse("postgresql://bob:hunter2@h:5432")
    with pytest.raises(urls.BadUrl, match=r"^postgresql://bob:\*\*\*@h:5432/ names no database: add /<name> to the URL$"):
        url.require_database()
    with pytest.raises(urls.BadUrl, match="names no database"):
        urls.parse("mysql://root@h/", need_database=True)
    assert urls.parse("mysql://root@h/app", need_database=True).require_database().database == "app"


def test_database_name_is_the_database_or_says_the_url_names_none():
    with pytest.raises(urls.BadUrl, match=r"^postgresql://bob:\*\*\*@h:5432/ names no database: add /<name> to the URL$"):
        _ = urls.parse("postgresql://bob:hunter2@h:5432").database_name
    assert urls.parse("mysql://root@h/app").database_name == "app"
    assert urls.parse("sqlite:///var/app.db").database_name == "var/app.db"


def test_password_hints_name_the_variable_and_show_no_password():
    url = urls.parse("postgresql://bob:hunter2@h/app")
    assert "PGPASSWORD" in dialects.get("postgres").password_hint(url)
    assert "MYSQL_PWD" in dialects.get("mysql").password_hint(urls.parse("mysql://bob:hunter2@h/app"))
    assert "hunter2" not in url.display_without_password and "***" not in url.display_without_password


# -- the command line ------------------------------------------------------------------------------
@pytest.mark.parametrize("url, message", [
    ("postgresql:/bob:hunter2@h/db", "not a database URL: 'postgresql:/bob:***@h/db'"),
    ("postgresql//bob:hunter2@h/db", "not a database URL: 'postgresql//bob:***@h/db'"),
    ("bob:hunter2@h/db", "not a database URL: 'bob:***@h/db'"),
    ("postgresql://bob:hunter2@h:99999/db", "the port must be a number from 1 to 65535"),
    ("postgresql://bob:hunter2@[::1/db", "invalid IPv6 host"),
    ("sqlite://x.db", "write sqlite:///x.db"),
])
def test_cli_bad_url_is_one_line_without_the_password(url, message, tmp_path):
    proc = cli("migrate", "cyoa", "--database", url, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "hunter2" not in proc.stdout + proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # nothing made (sqlite://x.db once created "x.db" minus its first letter)


@pytest.mark.parametrize("engine, url", [
    ("postgres", "postgresql://postgres@127.0.0.1:5432/{name}?sslmod=require"),
    ("mysql", "mysql://root@127.0.0.1:3306/{name}?ssl_mode=REQUIRED"),
    ("mariadb", "mariadb://root@127.0.0.1:3306/{name}?ssl_mode=REQUIRED"),
])
def test_cli_unknown_parameter_is_refused_before_anything_is_created(engine, url):
    server = require_server(engine)
    d = dialects.get(engine)
    name = f"sk_url_{uuid.uuid4().hex[:8]}"
    try:
        proc = cli("migrate", "cyoa", "--database", url.format(name=name))
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "unknown URL parameter" in proc.stderr and "Traceback" not in proc.stderr
        assert not _exists(engine, server, name)
    finally:
        d.drop_database(server, name)


@pytest.mark.parametrize("engine, name, message", [
    ("postgres", "é" * 32, "is 64 bytes in UTF-8; PostgreSQL allows at most 63 bytes"),
    ("mysql", "é" * 65, "is 65 characters; MySQL/MariaDB allow at most 64"),
    ("mariadb", "é" * 65, "is 65 characters; MySQL/MariaDB allow at most 64"),
])
def test_too_long_database_names_are_refused_before_anything_is_created(engine, name, message):
    server = require_server(engine)
    d = dialects.get(engine)
    truncated = name.encode()[:63].decode(errors="ignore") if engine == "postgres" else name[:64]
    try:
        proc = cli("migrate", "cyoa", "--database", f"{server.with_database(name).secret_url()}")
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert message in proc.stderr and "Traceback" not in proc.stderr
        with pytest.raises(urls.BadUrl, match=message):
            d.create_database(server, name)
        assert not _exists(engine, server, truncated) and not _exists(engine, server, name)
    finally:
        d.drop_database(server, truncated)


def _exists(engine: str, server: urls.DbUrl, name: str) -> bool:
    d = dialects.get(engine)
    conn = d.connect(server)
    try:
        cur = conn.cursor()
        cur.execute(for_engine({"postgres": "SELECT COUNT(*) FROM pg_database WHERE datname = %s",
                                "mysql": "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s"},
                               engine), (name,))
        return cur.fetchone()[0] == 1
    finally:
        conn.close()


# -- database names with quotes, spaces, backticks, semicolons: they work end to end --------------
ODD = "sk q\"x `b; s'%20?#"


@pytest.mark.parametrize("engine", SERVERS)
def test_odd_database_name_works_end_to_end(engine):
    server = require_server(engine)
    d = dialects.get(engine)
    name = f"{ODD}{uuid.uuid4().hex[:6]}"
    try:
        url = d.create_database(server, name)
        assert _exists(engine, server, name)
        conn = d.connect(url)
        cur = conn.cursor()
        current = for_engine({"postgres": "SELECT current_database()", "mysql": "SELECT DATABASE()"}, engine)
        cur.execute(current)
        assert cur.fetchone()[0] == name
        conn.close()
        backend = _yoyo_backend(d, url)
        assert backend.execute(current).fetchone()[0] == name
        assert backend.list_tables() == []
        backend.connection.close()
        migrated = cli("migrate", "cyoa", "--database", url.secret_url())
        assert migrated.returncode == 0, migrated.stderr
        assert "cyoa: applied" in migrated.stdout
        drift = cli("drift", "cyoa", "--database", url.secret_url())
        assert drift.returncode == 0, drift.stdout + drift.stderr
        d.drop_namespaces(server, _namespaces("cyoa"))
    finally:
        d.drop_database(server, name)
    assert not _exists(engine, server, name)


def test_odd_sqlite_path_works_end_to_end(tmp_path):
    path = tmp_path / "dir a" / f"{ODD}.db"
    url = "sqlite:///" + quote(str(path), safe="/")
    path.parent.mkdir()  # a URL's folder is the user's to make (`Dialect.ensure_database`)
    migrated = cli("migrate", "cyoa", "--database", url, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert "stories" in {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert cli("drift", "cyoa", "--database", url, cwd=tmp_path).returncode == 0


def _yoyo_backend(d, url: urls.DbUrl):
    from yoyo.connections import parse_uri
    return d.yoyo_backend_class()(parse_uri(d.yoyo_url(url)), "_yoyo_migration")


def _namespaces(system: str):
    from schemakit.schema import catalog
    return catalog.load(system).namespaces


# -- a missing database: recognised, never created by connecting -----------------------------------
@pytest.mark.parametrize("engine", SERVERS)
def test_missing_database_is_recognised_and_other_failures_are_not(engine):
    server = require_server(engine)
    d = dialects.get(engine)
    with pytest.raises(Exception) as missing:
        d.connect(server.with_database(f"sk_missing_{uuid.uuid4().hex[:8]}"))
    assert d.missing_database(missing.value)
    with pytest.raises(Exception) as missing_via_yoyo:
        _yoyo_backend(d, server.with_database(f"sk_missing_{uuid.uuid4().hex[:8]}"))
    assert d.missing_database(missing_via_yoyo.value)
    with pytest.raises(Exception) as unreachable:
        d.connect(urls.DbUrl(d.name, host="127.0.0.1", port=1, user="x", database="x"))
    assert not d.missing_database(unreachable.value)
    assert not d.missing_database(ValueError("database \"x\" does not exist"))


def test_sqlite_connect_never_creates_a_missing_file(tmp_path):
    d = dialects.get("sqlite")
    url = urls.DbUrl("sqlite", database=str(tmp_path / "typo.db"))
    with pytest.raises(sqlite3.OperationalError) as caught:
        d.connect(url)
    assert d.missing_database(caught.value)
    assert str(caught.value) == f"no such SQLite database file: {tmp_path / 'typo.db'}"
    with pytest.raises(sqlite3.OperationalError) as via_yoyo:
        _yoyo_backend(d, url)
    assert d.missing_database(via_yoyo.value)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(FileNotFoundError, match=f"no folder {tmp_path / 'sub'}: create it"):
        d.ensure_database(url.with_database(str(tmp_path / "sub" / "made.db")))  # a mistyped folder: nothing made
    assert list(tmp_path.iterdir()) == []
    d.ensure_database(url.with_database(str(tmp_path / "sub" / "made.db")), folders=True)  # schemakit's own folder
    assert (tmp_path / "sub" / "made.db").stat().st_size == 0
    conn = d.connect(url.with_database(str(tmp_path / "sub" / "made.db")))
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone() == (0,)
    conn.close()


def test_sqlite_connect_error_other_than_missing_is_not_a_missing_database(tmp_path):
    d = dialects.get("sqlite")
    with pytest.raises(sqlite3.OperationalError) as caught:
        d.connect(urls.DbUrl("sqlite", database=str(tmp_path)))  # a folder, not a file
    assert not d.missing_database(caught.value)


# -- race-safe creation ----------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
def test_five_concurrent_creators_of_one_new_database_all_succeed(engine, tmp_path):
    d = dialects.get(engine)
    server = urls.DbUrl(d.name, database=str(tmp_path)) if not d.has_server else require_server(engine)
    name = f"sk_race_{uuid.uuid4().hex[:8]}"
    start, errors, made = threading.Barrier(5), [], []

    def create():
        start.wait()
        try:
            if not d.has_server:
                url = urls.DbUrl(d.name, database=str(tmp_path / f"{name}.db"))
                d.ensure_database(url)
            else:
                url = server.with_database(name)
                d.ensure_database(url)
            conn = d.connect(url)
            conn.close()
            made.append(url)
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(f"{type(e).__name__}: {e}")

    threads = [threading.Thread(target=create) for _ in range(5)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert errors == []
        assert len(made) == 5
    finally:
        d.drop_database(server, name)


def test_postgres_never_connects_to_a_truncated_name():
    """PostgreSQL would truncate the name to 63 bytes and open whatever database has that name."""
    server = require_server("postgres")
    d = dialects.get("postgres")
    name = f"sk_{uuid.uuid4().hex}_" + "x" * 40  # 76 bytes; its first 63 name a database that exists
    d.create_database(server, name[:63])
    try:
        with pytest.raises(urls.BadUrl, match="is 76 bytes in UTF-8; PostgreSQL allows at most 63 bytes"):
            d.connect(server.with_database(name))
        with pytest.raises(urls.BadUrl, match="is 76 bytes in UTF-8"):
            _yoyo_backend(d, server.with_database(name))
    finally:
        d.drop_database(server, name[:63])
