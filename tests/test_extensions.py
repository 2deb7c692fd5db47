"""PostgreSQL extensions held in the model (schema/code.py `Extension`, `Schema.extensions`; issue #15).

- drift: one the model holds and the database lacks is a difference (exit 1); one the database has and
  the model does not is not managed (exit 1), unless ignored;
- the model stops holding one: the plan drops nothing, the database keeps it, drift lists it as not managed;
- a rollback of the migration that created one leaves it;
- a hostile name is quoted (nothing but CREATE EXTENSION runs), a name that is not an identifier is one
  problem line, exit 2;
- MariaDB and SQLite create none, each a named degradation.
Each test migrates a database of its own (`fresh_url`) through the command line.
"""
from __future__ import annotations

import textwrap

import pytest

from schemakit import dialects
from schemakit.schema.build import col, table
from schemakit.schema.code import Extension
from schemakit.schema.model import INTEGER, TEXT, Schema
from tests.test_migrate import cli, migrated_project, url_text

MODEL = '''
from schemakit import INTEGER, Schema, col, native, table
from schemakit.schema.code import Extension
SCHEMA = Schema((table("note", col("id", INTEGER), col("body", native("citext", "postgres")), pk="id"),)
                if {column} else (table("note", col("id", INTEGER), pk="id"),),
                extensions=({extensions}))
'''


def _model(extensions: str, column: bool = False) -> str:
    return textwrap.dedent(MODEL.format(extensions=extensions, column=column))


def _installed(url) -> list[str]:
    conn = dialects.get("postgres").connect(url)
    try:
        return [r[0] for r in conn.execute("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' "
                                           "ORDER BY extname").fetchall()]
    finally:
        conn.close()


def _run(url, sql: str) -> None:
    conn = dialects.get("postgres").connect(url)
    try:
        conn.autocommit = True
        conn.execute(sql)
    finally:
        conn.close()


def test_drift_reports_a_held_extension_missing_and_an_extra_one_not_managed(tmp_path, fresh_url):
    url = fresh_url("postgres")
    migrated_project(tmp_path, _model('Extension("uuid-ossp"),'), url)
    assert _installed(url) == ["uuid-ossp"]
    clean = cli("drift", "--database", url_text(url), cwd=tmp_path, bare=True)
    assert clean.returncode == 0 and "no drift" in clean.stdout, clean.stdout + clean.stderr
    _run(url, 'DROP EXTENSION "uuid-ossp"')
    _run(url, "CREATE EXTENSION pg_trgm")
    found = cli("drift", "--database", url_text(url), cwd=tmp_path, bare=True)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "missing extension uuid-ossp" in found.stdout, found.stdout
    assert "not managed by schemakit: extension pg_trgm" in found.stdout, found.stdout
    assert "extra extension" not in found.stdout, found.stdout  # said once, as not managed
    _run(url, 'CREATE EXTENSION "uuid-ossp"')
    ignored = cli("drift", "--ignore", "extension:pg_*", "--database", url_text(url), cwd=tmp_path, bare=True)
    assert ignored.returncode == 0, ignored.stdout + ignored.stderr


def test_an_extension_the_model_stops_holding_stays_and_is_not_managed(tmp_path, fresh_url):
    url = fresh_url("postgres")
    migrated_project(tmp_path, _model('Extension("citext"),', column=True), url)
    (tmp_path / "app.py").write_text(_model(""))  # the column goes, and the extension from the model
    cli("makemigrations", "--allow-destructive", cwd=tmp_path, bare=True, check=True)
    migration = sorted((tmp_path / "migrations" / "postgres" / "app").glob("0002_*.py"))[0].read_text()
    assert "DROP EXTENSION" not in migration
    cli("migrate", "--database", url_text(url), cwd=tmp_path, bare=True, check=True)
    assert _installed(url) == ["citext"]
    drift = cli("drift", "--database", url_text(url), cwd=tmp_path, bare=True)
    assert drift.returncode == 1 and "not managed by schemakit: extension citext" in drift.stdout, drift.stdout


def test_a_rollback_leaves_the_extension_it_created(tmp_path, fresh_url):
    url = fresh_url("postgres")
    migrated_project(tmp_path, _model(""), url)
    (tmp_path / "app.py").write_text(_model('Extension("citext"),', column=True))
    cli("makemigrations", cwd=tmp_path, bare=True, check=True)
    cli("migrate", "--database", url_text(url), cwd=tmp_path, bare=True, check=True)
    assert _installed(url) == ["citext"]
    cli("rollback", "app", "--database", url_text(url), cwd=tmp_path, bare=True, check=True)
    assert _installed(url) == ["citext"]  # the column is gone, the extension stays (it may be another's)
    conn = dialects.get("postgres").connect(url)
    try:
        assert conn.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = 'note' "
                            "AND column_name = 'body'").fetchone() == (0,)
    finally:
        conn.close()


def test_a_hostile_extension_name_is_quoted_and_runs_nothing_else(fresh_url):
    d = dialects.get("postgres")
    hostile = 'x"; DROP TABLE keep; --'
    schema = Schema((table("keep", col("id", INTEGER), pk="id"),))
    url = fresh_url("postgres")
    conn = d.connect(url)
    try:
        for step in d.plan(Schema(), schema):
            d.apply(conn, list(step.apply))
        steps = d.plan(schema, Schema(schema.tables, extensions=(Extension(hostile),)))
        assert [s.sql for step in steps for s in step.apply] == [
            'CREATE EXTENSION IF NOT EXISTS "x""; DROP TABLE keep; --"']
        with pytest.raises(Exception, match="invalid extension name|is not available"):
            d.apply(conn, list(steps[0].apply))
    finally:
        conn.close()
    conn = d.connect(url)
    try:
        assert conn.execute("SELECT count(*) FROM keep").fetchone() == (0,)
    finally:
        conn.close()


@pytest.mark.parametrize("name", ["", "two\nlines"])
def test_an_extension_name_that_is_not_an_identifier_is_one_line_and_exit_2(name, tmp_path):
    (tmp_path / "app.py").write_text(_model(f"Extension({name!r}),"))
    proc = cli("ddl", "--schema", str(tmp_path / "app.py"), "--dialect", "postgres", cwd=tmp_path, bare=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    # the schema's one problem, as `validate` gives it: one line, no traceback
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "invalid schema definition: extension" in lines[0] and "is not an identifier" in lines[0] \
        and "Traceback" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("engine, code", [("mariadb", "MY-EXTENSION"), ("sqlite", "SL-EXTENSION")])
def test_elsewhere_an_extension_is_a_named_degradation_and_nothing_is_emitted(engine, code):
    schema = Schema((table("note", col("id", INTEGER), col("body", TEXT), pk="id"),),
                    extensions=(Extension("citext"),))
    statements, notes = dialects.get(engine).ddl(schema)
    plain, _ = dialects.get(engine).ddl(Schema(schema.tables))
    assert [s.sql for s in statements] == [s.sql for s in plain]
    assert [(n.code, n.subject) for n in notes] == [(code, "citext")]
