"""TLS and the other URL parameters, against real TLS servers the fixtures start.

`pg_tls` and `mariadb_tls` (conftest, tests/tls_servers.py) are throw-away servers
with a certificate for localhost/127.0.0.1 signed by the test CA. The main servers
(127.0.0.1:5432 and :3306) run without TLS: asking them for TLS must fail.
Every connection is checked from the server side: pg_stat_ssl, Ssl_cipher.
"""
from __future__ import annotations

import uuid

import pytest

from schemakit import dialects
from schemakit.dialects import urls
from tests.conftest import require_server
from tests.tls_servers import PG_PASSWORD_USER
from tests.incli import cli

PG = dialects.get("postgres")
MY = dialects.get("mysql")


def _yoyo_backend(d, url: urls.DbUrl):
    from yoyo.connections import parse_uri
    return d.yoyo_backend_class()(parse_uri(d.yoyo_url(url)), "_yoyo_migration")


def pg_ssl(conn) -> tuple:
    """(ssl, version) of the session, as the server sees it."""
    cur = conn.cursor()
    cur.execute("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
    return tuple(cur.fetchone())


def my_cipher(conn) -> str:
    """The session's TLS cipher as the server sees it ('' without TLS)."""
    cur = conn.cursor()
    cur.execute("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
    return cur.fetchone()[1]


# -- PostgreSQL ------------------------------------------------------------------------------------
def test_pg_sslmode_require_fails_against_the_server_without_tls():
    server = require_server("postgres")
    conn = PG.connect(server)
    assert conn.execute("SHOW ssl").fetchone()[0] == "off"  # the premise: no TLS there
    conn.close()
    url = urls.parse(server.with_database("postgres").secret_url() + "?sslmode=require")
    with pytest.raises(Exception, match="server does not support SSL, but SSL was required"):
        PG.connect(url)
    with pytest.raises(Exception, match="server does not support SSL, but SSL was required"):
        _yoyo_backend(PG, url)
    assert not PG.missing_database(_error(lambda: PG.connect(url)))


def test_pg_cli_with_sslmode_require_against_the_server_without_tls_is_one_line():
    server = require_server("postgres")
    proc = cli("drift", "cyoa", "--database", server.with_database("postgres").secret_url() + "?sslmode=require")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"schemakit: cannot connect to {server.with_database('postgres').redacted}?sslmode=require: OperationalError: "
        "connection failed: connection to server at \"127.0.0.1\", port 5432 failed: server does not support SSL, "
        "but SSL was required"]


@pytest.mark.parametrize("params", [
    "sslmode=require",
    "sslmode=verify-ca&sslrootcert={ca}",
    "sslmode=verify-full&sslrootcert={ca}",
])
def test_pg_tls_connects_encrypted(pg_tls, tls_certs, params):
    url = urls.parse(pg_tls.url("postgres") + "?" + params.format(ca=tls_certs.ca))
    conn = PG.connect(url)
    assert pg_ssl(conn) == (True, "TLSv1.3")
    conn.close()
    backend = _yoyo_backend(PG, url)
    assert pg_ssl(backend.connection) == (True, "TLSv1.3")
    backend.connection.close()


def test_pg_verify_full_checks_the_ip_address_too(pg_tls, tls_certs):
    url = urls.parse(pg_tls.url("postgres", host="127.0.0.1", sslmode="verify-full", sslrootcert=tls_certs.ca))
    conn = PG.connect(url)
    assert pg_ssl(conn)[0] is True
    conn.close()


def test_pg_verify_full_with_the_wrong_ca_fails(pg_tls, tls_certs):
    url = urls.parse(pg_tls.url("postgres", sslmode="verify-full", sslrootcert=tls_certs.wrong_ca))
    for connect in (lambda: PG.connect(url), lambda: _yoyo_backend(PG, url)):
        with pytest.raises(Exception, match="certificate verify failed"):
            connect()


def test_pg_sslmode_disable_is_passed_through(pg_tls):
    """The TLS server rejects connections without TLS: sslmode=disable reaching libpq shows there."""
    url = urls.parse(pg_tls.url("postgres", sslmode="disable"))
    with pytest.raises(Exception, match='pg_hba.conf rejects connection for host "127.0.0.1", user "postgres", '
                                        'database "postgres", no encryption'):
        PG.connect(url)


def test_pg_other_parameters_reach_the_session(pg_tls):
    url = urls.parse(pg_tls.url("postgres", sslmode="require", application_name="sk-app", connect_timeout="7",
                                options="-c%20search_path%3Dsk_path"))
    for conn in (PG.connect(url), _yoyo_backend(PG, url).connection):
        cur = conn.cursor()
        cur.execute("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
        assert cur.fetchone()[0] == "sk-app"
        cur.execute("SHOW search_path")
        assert cur.fetchone()[0] == "sk_path"
        assert conn.info.get_parameters()["connect_timeout"] == "7"
        conn.close()


def test_pg_cli_migrates_and_checks_drift_through_verified_tls(pg_tls, tls_certs):
    name = f"sk_tls_{uuid.uuid4().hex[:8]}"
    url = pg_tls.url(name, sslmode="verify-full", sslrootcert=tls_certs.ca)
    try:
        migrated = cli("migrate", "cyoa", "--database", url)
        assert migrated.returncode == 0, migrated.stderr
        assert "cyoa: applied" in migrated.stdout
        assert cli("drift", "cyoa", "--database", url).returncode == 0
        conn = PG.connect(urls.parse(url))
        assert conn.execute("SELECT COUNT(*) FROM _yoyo_migration").fetchone()[0] == 1
        conn.close()
        wrong = cli("drift", "cyoa", "--database", pg_tls.url(name, sslmode="verify-full", sslrootcert=tls_certs.wrong_ca))
        assert wrong.returncode == 2 and "certificate verify failed" in wrong.stderr
    finally:
        PG.drop_database(urls.parse(pg_tls.url("postgres", sslmode="require")), name)


def test_pg_wrong_password_is_one_authentication_attempt(pg_tls):
    user, _ = PG_PASSWORD_USER
    url = urls.DbUrl("postgres", host="127.0.0.1", port=pg_tls.port, user=user, password="wrong-pw",
                     database="postgres", params=(("sslmode", "require"),))
    failed = f'password authentication failed for user "{user}"'
    for connect in (lambda: PG.connect(url), lambda: _yoyo_backend(PG, url)):
        before = pg_tls.log_text().count(failed)
        error = _error(connect)
        assert "password authentication failed" in str(error)
        assert not PG.missing_database(error)
        assert pg_tls.log_text().count(failed) == before + 1


def test_pg_password_from_pgpassword(pg_tls, monkeypatch):
    user, password = PG_PASSWORD_USER
    url = urls.parse(pg_tls.url("postgres", user=user, host="127.0.0.1", sslmode="require"))
    assert url.password is None
    monkeypatch.setenv("PGPASSWORD", password)
    conn = PG.connect(url)
    assert conn.execute("SELECT current_user").fetchone()[0] == user
    conn.close()


# -- MariaDB ---------------------------------------------------------------------------------------
def test_mysql_tls_required_fails_against_the_server_without_tls(tls_certs):
    server = require_server("mysql")
    conn = MY.connect(server)
    cur = conn.cursor()
    cur.execute("SHOW VARIABLES LIKE 'have_ssl'")
    assert cur.fetchone()[1] == "DISABLED"  # the premise: no TLS there
    conn.close()
    for params in ("ssl=true", f"ssl_ca={tls_certs.ca}"):
        url = urls.parse(f"{server.with_database(None).secret_url()}?{params}")
        for connect in (MY.connect, lambda u: _yoyo_backend(MY, u.with_database("mysql"))):
            with pytest.raises(Exception, match="SSL is required but the server doesn't support it"):
                connect(url)


def test_mysql_cli_with_ssl_against_the_server_without_tls_is_one_line():
    server = require_server("mysql")
    url = server.with_database("sk_never_made").secret_url() + "?ssl=true"
    proc = cli("drift", "cyoa", "--database", url)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"schemakit: cannot connect to {server.with_database('sk_never_made').redacted}?ssl=true: "
        "OperationalError: (2026, \"SSL is required but the server doesn't support it\")"]


@pytest.mark.parametrize("params", [
    "ssl=true",
    "ssl_ca={ca}",
    "ssl_ca={ca}&ssl_verify_identity=true",
    "ssl_ca={wrong_ca}&ssl_verify_cert=false",  # verification explicitly off: encrypted all the same
])
def test_mysql_tls_connects_encrypted(mariadb_tls, tls_certs, params):
    url = urls.parse(mariadb_tls.url("mysql") + "?" + params.format(ca=tls_certs.ca, wrong_ca=tls_certs.wrong_ca))
    conn = MY.connect(url)
    assert my_cipher(conn) == "TLS_AES_256_GCM_SHA384"
    conn.close()
    backend = _yoyo_backend(MY, url)
    assert my_cipher(backend.connection) == "TLS_AES_256_GCM_SHA384"
    backend.connection.close()


def test_mysql_without_tls_parameters_prefers_tls_on_one_shared_context(mariadb_tls):
    """No TLS parameter: TLS where the server offers it, plain text where it does not (PyMySQL's
    PREFERRED mode), every connection on the one context built per process."""
    from schemakit.dialects.mysql import driver
    conns = [MY.connect(urls.parse(mariadb_tls.url("mysql"))) for _ in range(2)]
    conns.append(_yoyo_backend(MY, urls.parse(mariadb_tls.url("mysql"))).connection)
    conns.append(MY.connect(require_server("mysql")))  # no TLS there
    try:
        assert [my_cipher(c) for c in conns] == ["TLS_AES_256_GCM_SHA384"] * 3 + [""]
        assert all(c.ctx is driver.preferred_context() for c in conns)
    finally:
        for c in conns:
            c.close()


def test_mysql_ssl_ca_verifies_the_certificate(mariadb_tls, tls_certs):
    """pymysql given ssl_ca alone would not verify; schemakit does, as the mysql client does."""
    url = urls.parse(mariadb_tls.url("mysql", ssl_ca=tls_certs.wrong_ca))
    for connect in (lambda: MY.connect(url), lambda: _yoyo_backend(MY, url)):
        with pytest.raises(Exception, match="certificate verify failed"):
            connect()


def test_mysql_ssl_false_is_plain_text(mariadb_tls):
    conn = MY.connect(urls.parse(mariadb_tls.url("mysql", ssl="false")))
    assert my_cipher(conn) == ""
    conn.close()


def test_mysql_unreadable_ca_file_is_a_connection_error_naming_it(mariadb_tls, tmp_path):
    url = urls.parse(mariadb_tls.url("mysql", ssl_ca=tmp_path / "nope.crt"))
    with pytest.raises(Exception, match=f"SSL connection error: cannot load ssl_ca={tmp_path / 'nope.crt'}"):
        MY.connect(url)


def test_mysql_other_parameters_reach_the_session(mariadb_tls):
    url = urls.parse(mariadb_tls.url("mysql", charset="latin1", connect_timeout="4", ssl="true"))
    for conn in (MY.connect(url), _yoyo_backend(MY, url).connection):
        cur = conn.cursor()
        cur.execute("SELECT @@character_set_client, @@session.time_zone")
        assert cur.fetchone() == ("latin1", "+00:00")
        assert conn.connect_timeout == 4
        conn.close()


def test_mysql_password_from_mysql_pwd(mariadb_tls, monkeypatch):
    admin = MY.connect(urls.parse(mariadb_tls.url("mysql", ssl="true")))
    admin.cursor().execute("CREATE USER IF NOT EXISTS 'bob'@'%' IDENTIFIED BY 'bob-pw'")
    admin.close()
    url = urls.parse(f"mysql://bob@127.0.0.1:{mariadb_tls.port}/?ssl=true")
    with pytest.raises(Exception, match="Access denied for user 'bob'"):
        MY.connect(url)
    monkeypatch.setenv("MYSQL_PWD", "bob-pw")
    conn = MY.connect(url)
    cur = conn.cursor()
    cur.execute("SELECT CURRENT_USER()")
    assert cur.fetchone()[0] == "bob@%"
    conn.close()


def test_mysql_cli_migrates_and_checks_drift_through_verified_tls(mariadb_tls, tls_certs):
    name = f"sk_tls_{uuid.uuid4().hex[:8]}"
    url = mariadb_tls.url(name, ssl_ca=tls_certs.ca, ssl_verify_identity="true")
    try:
        migrated = cli("migrate", "cyoa", "--database", url)
        assert migrated.returncode == 0, migrated.stderr
        assert "cyoa: applied" in migrated.stdout
        assert cli("drift", "cyoa", "--database", url).returncode == 0
        conn = MY.connect(urls.parse(url))
        cur = conn.cursor()
        cur.execute("SELECT COUNT(*) FROM _yoyo_migration")
        assert cur.fetchone()[0] == 1
        conn.close()
        wrong = cli("drift", "cyoa", "--database", mariadb_tls.url(name, ssl_ca=tls_certs.wrong_ca))
        assert wrong.returncode == 2 and "certificate verify failed" in wrong.stderr
    finally:
        MY.drop_database(urls.parse(mariadb_tls.url("", ssl="true")), name)


def _error(call) -> BaseException:
    try:
        call()
    except Exception as e:  # noqa: BLE001 - the caller asserts what it is
        return e
    raise AssertionError("no error raised")


# -- the native clients schemakit runs (tests, benchmarks) -----------------------------------------
def test_psql_command_uses_tls_and_keeps_the_password_off_the_command_line(pg_tls, tls_certs):
    import subprocess
    user, password = PG_PASSWORD_USER
    url = urls.DbUrl("postgres", host="localhost", port=pg_tls.port, user=user, password=password, database="postgres",
                     params=(("sslmode", "verify-full"), ("sslrootcert", str(tls_certs.ca))))
    argv = PG.client_command(url)
    assert password not in " ".join(argv)
    proc = subprocess.run(argv, input="SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid();\n", text=True,
                          capture_output=True, env={"PATH": "/usr/bin:/bin", "PGPASSWORD": ""})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["ssl", "-----", "t", "(1", "row)"]


def test_mariadb_command_uses_the_url_tls_parameters(mariadb_tls, tls_certs):
    import subprocess
    url = urls.parse(mariadb_tls.url("mysql", ssl_ca=tls_certs.ca, ssl_verify_identity="true"))
    proc = subprocess.run(MY.client_command(url), input="SHOW SESSION STATUS LIKE 'Ssl_cipher';\n", text=True,
                          capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["Variable_name", "Value", "Ssl_cipher", "TLS_AES_256_GCM_SHA384"]
    wrong = urls.parse(mariadb_tls.url("mysql", ssl_ca=tls_certs.wrong_ca, ssl_verify_identity="true"))
    refused = subprocess.run(MY.client_command(wrong), input="SELECT 1;\n", text=True, capture_output=True)
    assert refused.returncode == 1 and "self-signed certificate in certificate chain" in refused.stderr, refused.stderr
