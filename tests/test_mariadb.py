"""The mariadb engine: the mysql dialect's variant, one module, through the registry, on the real server.

- It is recognised by the server's version string, registered beside mysql, and reads errors as
  mysql does; its rendering is mysql's with utf8mb4_nopad_bin, and it lists no MY-PADSPACE.
- A mysql:// URL that reaches MariaDB selects it for the commands that connect; mariadb:// names
  it without asking the server.
- A project with mysql's migrations and none of mariadb's (from before the variant) keeps using
  mysql's, saying so in one line; a database those migrations made is then, once mariadb's exist,
  reported by drift as being in utf8mb4_bin, and the README's move makes it mariadb's.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest
from hypothesis import given, strategies as st

from schemakit import checksum, dialects, migrate
from schemakit.checks import verdicts
from schemakit.checks.verdicts import mysql as mysql_verdicts
from schemakit.dialects import urls
from schemakit.schema import catalog
from schemakit.schema.synthetic import synthetic
from tests.data.mariadb_cases import VERSIONS
from tests.test_migrate import MIGRATIONS, drop_namespaces, url_text
from tests.incli import cli

MY, MARIA = dialects.get("mysql"), dialects.get("mariadb")
SYSTEMS = catalog.names()


# -- the dialect ------------------------------------------------------------------------------------

@pytest.mark.parametrize("version, is_mariadb", VERSIONS)
def test_recognizes_mariadb_by_the_version_string(version, is_mariadb):
    assert MARIA.recognizes(version) is is_mariadb
    assert MY.recognizes(version) is False  # the parent recognizes nothing: it is what is left


def test_the_variant_is_one_registered_module_of_the_mysql_dialect():
    assert "mariadb" in dialects.names() and dialects.variants(MY) == [MARIA]
    assert isinstance(MARIA, type(MY)) and type(MARIA).__module__ == "schemakit.dialects.mariadb"
    assert dialects.get("mariadb") is MARIA and dialects.for_scheme("mariadb") is MARIA
    assert dialects.for_scheme("mysql") is MY and dialects.for_scheme("mysql+pymysql") is MY
    assert urls.parse("mariadb://root@h/app").redacted == "mariadb://root@h/app"  # printed as given
    assert urls.servers()["mariadb"] == ("SCHEMAKIT_MARIADB_URL", "mariadb://root@127.0.0.1:3306/test")
    assert verdicts.classifier(MARIA) is mysql_verdicts  # no classifier of its own: mysql's reads its errors


@given(st.one_of(st.sampled_from(SYSTEMS).map(catalog.load), st.integers(1, 40).map(synthetic)))
def test_the_rendering_is_mysqls_in_the_no_pad_collation(schema):
    ours, theirs = MARIA.ddl(schema), MY.ddl(schema)
    script = MARIA.script(ours[0])
    assert script == MY.script(theirs[0]).replace("utf8mb4_bin", "utf8mb4_nopad_bin")
    assert "utf8mb4_bin" not in script
    key = lambda g: (g.code, g.table, g.subject)  # noqa: E731
    assert sorted(map(key, ours[1])) == sorted(key(g) for g in theirs[1] if g.code != "MY-PADSPACE")
    assert {g.engine for g in ours[1]} <= {"mariadb"}


def _files(root):
    """The files under `root`, relative to it; not the bytecode Python caches beside a migration it loaded."""
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def test_mariadbs_migrations_are_mysqls_in_the_no_pad_collation():
    """Written by replaying mysql's recorded states: the same ids, states and steps, so a database
    mysql's migrations made finds its yoyo records in mariadb's files."""
    mine, theirs = _files(MIGRATIONS / "mariadb"), _files(MIGRATIONS / "mysql")
    assert mine == theirs and mine
    for path in mine:
        if path.name not in ("baseline.json", "schemakit.sum"):  # they hold the files' own hashes
            text = (MIGRATIONS / "mysql" / path).read_text().replace("utf8mb4_bin", "utf8mb4_nopad_bin")
            assert (MIGRATIONS / "mariadb" / path).read_text() == text, path


# -- which dialect a URL gets --------------------------------------------------------------------------

def test_a_mysql_url_reaching_mariadb_selects_the_variant(fresh_url):
    url = fresh_url("mysql")
    for root in (MIGRATIONS, None):
        [t] = migrate.targets(["cyoa"], url_text(url), root=root)
        assert t.dialect is MARIA and t.url == url  # the URL stays as given (and is printed so)
    name = url.database
    [t] = migrate.targets(["cyoa"], url_text(url.with_database(f"{name}_none")))  # the database need not exist
    assert t.dialect is MARIA


def test_only_a_dialect_with_variants_asks_the_server():
    """mariadb:// and postgresql:// name their dialect: nothing connects (port 1 answers nobody)."""
    [t] = migrate.targets(["cyoa"], "mariadb://root@127.0.0.1:1/app")
    assert t.dialect is MARIA
    [t] = migrate.targets(["cyoa"], "postgresql://postgres@127.0.0.1:1/app")
    assert t.dialect.name == "postgres"
    with pytest.raises(migrate.MigrateError, match="cannot connect to mysql://root@127.0.0.1:1/app"):
        migrate.targets(["cyoa"], "mysql://root@127.0.0.1:1/app")


def test_migrate_drift_and_status_through_a_mysql_url_use_mariadb(fresh_url):
    url = fresh_url("mysql")
    cli("migrate", "cyoa", "--database", url_text(url), check=True)
    assert _collations(url) == {"utf8mb4_nopad_bin"}
    [s] = json.loads(cli("status", "cyoa", "--database", url_text(url), "--format", "json", check=True).stdout)["systems"]
    assert s["dialect"] == "mariadb" and s["database"] == url.redacted and s["applied"] == ["0001_cyoa_initial"]
    drift = cli("drift", "cyoa", "--database", url_text(url))
    assert drift.returncode == 0 and "no drift" in drift.stdout, drift.stdout + drift.stderr


# -- a project from before the variant, and the move ------------------------------------------------

@pytest.fixture
def mysql_only(tmp_path):
    """The committed migrations without mariadb's, rehashed: a project from before the variant."""
    root = tmp_path / "migrations"
    for engine in dialects.names():
        if engine != "mariadb":
            shutil.copytree(MIGRATIONS / engine, root / engine)
    checksum.write(root)
    return root


def _fallback_line(root, system: str) -> str:
    return (f"{system}: the server is mariadb, but {root / 'mariadb' / system} has no migrations: using mysql's "
            f"({root / 'mysql' / system}); `schemakit makemigrations` writes mariadb's")


def test_a_project_without_mariadb_migrations_keeps_mysqls_and_says_so(mysql_only, fresh_url):
    url = fresh_url("mysql")
    u = url_text(url)
    done = cli("migrate", "cyoa", "--database", u, "--dir", str(mysql_only), check=True)
    assert done.stdout.splitlines()[0] == _fallback_line(mysql_only, "cyoa") and "cyoa: applied 1" in done.stdout
    assert done.stdout.count("the server is mariadb") == 1
    assert _collations(url) == {"utf8mb4_bin"}  # mysql's DDL
    status = cli("status", "cyoa", "--database", u, "--dir", str(mysql_only), "--format", "json", check=True)
    assert json.loads(status.stdout)["systems"][0]["dialect"] == "mysql"  # the JSON stays whole: the line is on stderr
    assert status.stderr.strip() == f"schemakit: {_fallback_line(mysql_only, 'cyoa')}"
    drift = cli("drift", "cyoa", "--database", u, "--dir", str(mysql_only))
    assert drift.returncode == 0 and "no drift" in drift.stdout, drift.stdout + drift.stderr
    assert "up to date" in cli("migrate", "cyoa", "--database", u, "--dir", str(mysql_only), "--strict", check=True).stdout


@pytest.mark.parametrize("system", SYSTEMS)
def test_drift_names_the_collation_of_a_database_mysqls_migrations_made_and_the_move_ends_it(
        system, mysql_only, fresh_url):
    url = fresh_url("mysql")
    u = url_text(url)
    try:
        cli("migrate", system, "--database", u, "--dir", str(mysql_only), check=True)
        tables = {t.qualified for t in catalog.load(system, tenants=[]).tables}  # the shared stream's (tenants: their own)
        up = cli("migrate", system, "--database", u, check=True).stdout  # mariadb's migrations: the same ids
        assert "up to date" in up and f"warning: the database differs from what its migrations create " \
                                      f"({len(tables)} difference(s))" in up, up
        drift = cli("drift", system, "--database", u, "--format", "json")
        assert drift.returncode == 1, drift.stdout + drift.stderr
        lines = json.loads(drift.stdout)["differences"]
        assert {_marked(line)[0] for line in lines} == tables  # one line per table, nothing else
        _move_to_no_pad(url, lines)
        assert _collations(url) == {"utf8mb4_nopad_bin"}
        after = cli("drift", system, "--database", u)
        assert after.returncode == 0 and "no drift" in after.stdout, after.stdout + after.stderr
        strict = cli("migrate", system, "--database", u, "--strict", check=True).stdout
        assert "up to date" in strict and "warning" not in strict
    finally:
        drop_namespaces("mysql", url, system)


_MARK = re.compile(r"table (\S+) has collation utf8mb4_bin \(mysql\), default charset, strict typing, "
                   r"the schema says the default collation, default charset, strict typing")


def _marked(line: str) -> tuple[str, list[str]]:
    """(table, []) of a drift line naming a table in utf8mb4_bin (its columns in the same collation are its
    table's: SHOW CREATE TABLE names them once the table's default has moved)."""
    return _MARK.fullmatch(line).group(1), []


def _move_to_no_pad(url, lines: list[str]) -> None:
    """The README's move, for each table drift names: its default, then each column SHOW CREATE TABLE then
    prints with COLLATE utf8mb4_bin, with utf8mb4_nopad_bin instead."""
    conn = MARIA.connect(url)
    try:
        with conn.cursor() as cur:
            for line in lines:
                table, _ = _marked(line)
                name = MARIA.qualify(*table.split(".")) if "." in table else MARIA.quote(table)
                cur.execute(f"ALTER TABLE {name} DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin")
                cur.execute(f"SHOW CREATE TABLE {name}")
                definitions = {row.split("`")[1]: row.strip().rstrip(",")
                               for row in cur.fetchone()[1].splitlines() if row.strip().startswith("`")}
                columns = [c for c, sql in definitions.items() if "COLLATE utf8mb4_bin" in sql]
                if columns:
                    cur.execute(f"ALTER TABLE {name} " + ", ".join(
                        "MODIFY " + definitions[c].replace("COLLATE utf8mb4_bin", "COLLATE utf8mb4_nopad_bin")
                        for c in columns))
    finally:
        conn.close()


def _collations(url) -> set[str]:
    """The collations of the database's own tables and utf8mb4 columns (yoyo's and MariaDB's json aside)."""
    conn = MY.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                        "AND TABLE_NAME NOT LIKE '\\_yoyo%%'")
            found = {r[0] for r in cur.fetchall()}
            cur.execute("SELECT c.COLLATION_NAME FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = DATABASE() "
                        "AND c.TABLE_NAME NOT LIKE '\\_yoyo%%' AND c.CHARACTER_SET_NAME = 'utf8mb4' AND NOT EXISTS "
                        "(SELECT 1 FROM information_schema.CHECK_CONSTRAINTS k WHERE k.CONSTRAINT_SCHEMA = c.TABLE_SCHEMA "
                        "AND k.TABLE_NAME = c.TABLE_NAME AND k.CONSTRAINT_NAME = c.COLUMN_NAME AND k.LEVEL = 'Column')")
            return found | {r[0] for r in cur.fetchall()}
    finally:
        conn.close()
