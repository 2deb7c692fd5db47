"""Types declared by themselves (issue #15): an enum or a domain no column uses, a composite type.

PostgreSQL creates, reads back, changes and drops them; MariaDB and SQLite have no named types and
list MY-TYPE / SL-TYPE. The differential cases are in tests/differential/postgres/types.sql.
"""
from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest

from schemakit import (INTEGER, TEXT, Enum, Schema, col, composite, declared, domain, domain_type, enum_type,
                       table, varchar)
from schemakit.schema import codegen
from schemakit.schema.build import check
from schemakit.schema.diff import diff
from schemakit import dialects
from tests.test_migrate import migrated_project, url_text
from tests.incli import cli

MOOD = Enum("mo'od", ("sad", "it's ok"))
POSITIVE = domain("positive", INTEGER, check("positive_check", "VALUE > 0"), null=False)
SMALL = domain("small", domain_type(POSITIVE), check("small_check", "VALUE < 10"))
PAIR = composite('pa"ir', ("a", INTEGER), ("b", varchar(20)), ("feeling", enum_type(Enum("feeling", ("x", "y")))))
SCHEMA = Schema((table("note", col("id", INTEGER), col("body", TEXT), pk="id"),),
                types=(declared(MOOD), declared(SMALL), declared(PAIR), declared(MOOD, "other")))


@pytest.mark.parametrize("engine", ["postgres", "mariadb", "sqlite"])
def test_declared_types_are_created_on_postgres_and_listed_elsewhere(engine, fresh_url):
    """The DDL runs as-is; PostgreSQL reads every type back unchanged, and its schema code writes
    the same model again; MariaDB and SQLite say, per type, that it is not created."""
    d = dialects.get(engine)
    url = fresh_url(engine)
    statements, degradations = d.ddl(SCHEMA)
    conn = d.connect(url)
    try:
        d.prepare_connection(conn, list(SCHEMA.namespaces) if engine == "postgres" else [])
        if engine == "postgres":
            conn.cursor().execute('CREATE SCHEMA "other"')
        d.apply(conn, [s for s in statements if engine == "postgres" or "other" not in s.sql])
        live = d.introspect(conn, (None, "other") if engine == "postgres" else (None,), None, [])
    finally:
        conn.close()
    if engine == "postgres":
        assert degradations == ()
        assert diff(d.lower(SCHEMA).schema, live) == []
        written: dict = {}
        exec(compile(codegen.write(live, "x"), "x.py", "exec"), written)
        assert diff(live, written["SYSTEM"].schema) == []
    else:
        code = "MY-TYPE" if engine == "mariadb" else "SL-TYPE"
        assert sorted(g.subject for g in degradations if g.code == code) == sorted(
            ["mo'od", "small", 'pa"ir', "other.mo'od"])
        assert live.types == () and [t.name for t in live.tables] == ["note"]


APP = textwrap.dedent('''
    from schemakit import INTEGER, Enum, Schema, col, composite, declared, table
    MOOD = Enum("mood", ("sad", "happy"))
    SCHEMA = Schema((table("note", col("id", INTEGER), pk="id"),),
                    types=(declared(MOOD), declared(composite("pair", ("a", INTEGER)))))
''')


def test_drift_compares_declared_types_and_lists_the_others(tmp_path, fresh_url):
    """Migrated: drift is clean. A value added to the model's enum by hand is a difference; an enum of
    someone else's is listed as not managed; the model's types are never listed as not managed."""
    url = fresh_url("postgres")
    migrated_project(tmp_path, APP, url)
    clean = cli("drift", "--database", url_text(url), cwd=tmp_path, bare=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    conn = dialects.get("postgres").connect(url)
    try:
        conn.autocommit = True
        conn.execute("ALTER TYPE mood ADD VALUE 'elated'")
        conn.execute("CREATE TYPE theirs AS ENUM ('x')")
    finally:
        conn.close()
    found = cli("drift", "--database", url_text(url), cwd=tmp_path, bare=True)
    assert found.returncode == 1, found.stdout + found.stderr
    lines = [x[len("  - "):] for x in found.stdout.splitlines()[1:]]
    assert len(lines) == 2 and "not managed by schemakit: enum type theirs" in lines, lines
    assert any("mood" in x and "elated" in x for x in lines), lines



def test_a_types_comment_is_held_used_or_not(fresh_url):
    """A comment on a type no column uses, and on a domain a column uses: PostgreSQL stores both, reads
    them back as the model declared them, and a changed comment is one step with the old one as rollback."""
    cents = domain("cents", INTEGER, check("cents_check", "VALUE >= 0"))
    schema = Schema((table("note", col("id", INTEGER), col("price", domain_type(cents)), pk="id"),),
                    types=(declared(MOOD, comment="how it's going"), declared(cents, comment="never negative")))
    d = dialects.get("postgres")
    url = fresh_url("postgres")
    conn = d.connect(url)
    try:
        d.apply(conn, d.ddl(schema)[0])
        live = d.introspect(conn, (None,), None, [])
        assert diff(d.lower(schema).schema, live) == []
        changed = replace(schema, types=(declared(MOOD), declared(cents, comment="in cents")))
        steps = d.plan(schema, changed)
        assert [s.description for s in steps] == ["set the comment of enum mo'od to no comment",
                                                    "set the comment of domain cents to comment 'in cents'"], steps
        for s in steps:
            d.apply(conn, list(s.apply))
        assert diff(d.lower(changed).schema, d.introspect(conn, (None,), None, [])) == []
        for s in reversed(steps):
            d.apply(conn, list(s.undo))
        assert diff(d.lower(schema).schema, d.introspect(conn, (None,), None, [])) == []
    finally:
        conn.close()
