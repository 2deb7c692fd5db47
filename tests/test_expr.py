"""Canonical SQL expressions keep the spelling the engine wrote (tests/data/expression_spellings.py).

Each spelling normalizes as the table says, and its normal form is a fixed point; two spellings of
one predicate compare equal (`expr.compared`). On a real
PostgreSQL, a CHECK written with the spelling is read back as that normal form, and rendered into a
second database the engine prints it exactly as it printed the first.
"""
from __future__ import annotations

import re

import pytest

from schemakit import dialects
from schemakit.schema import expr
from schemakit.schema.model import Schema
from schemakit.schema.build import check, col, generated, table
from schemakit.schema.model import INTEGER, SMALLINT, TEXT, varchar
from tests import roundtrip
from tests.data.expression_spellings import ALIKE, APART, CROSS_ENGINE, REFUSED, SPELLINGS
from tests.roundtrip import run_native

IDS = [s for s, _ in SPELLINGS]


@pytest.mark.parametrize("spelling,normal", SPELLINGS, ids=IDS)
def test_a_spelling_normalizes_to_its_normal_form_which_is_a_fixed_point(spelling, normal):
    assert expr.normalize(spelling) == normal
    assert expr.normalize(normal) == normal


@pytest.mark.parametrize("a,b", ALIKE, ids=[a for a, _ in ALIKE])
def test_two_spellings_of_one_predicate_compare_equal_and_keep_their_spelling(a, b):
    assert expr.compared(a) == expr.compared(b)
    assert expr.normalize(a) != expr.normalize(b)


@pytest.mark.parametrize("a,b", APART, ids=[a for a, _ in APART])
def test_a_cast_that_changes_the_value_is_kept_in_comparison(a, b):
    assert expr.compared(a) != expr.compared(b)


@pytest.mark.parametrize("sql,message", REFUSED, ids=[s for s, _ in REFUSED])
def test_an_expression_sqlglot_would_read_otherwise_is_refused(sql, message):
    with pytest.raises(expr.ExpressionError, match=re.escape(message)) as e:
        expr.normalize(sql)
    assert "\n" not in str(e.value)


def _constraint_text(d, url) -> str:
    conn = d.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'spelled'")
            return cur.fetchone()[0]
    finally:
        conn.close()


def _read(d, url) -> Schema:
    conn = d.connect(url)
    try:
        return d.introspect(conn)
    finally:
        conn.close()


@pytest.mark.parametrize("spelling,normal", SPELLINGS, ids=IDS)
def test_postgresql_reads_and_renders_a_check_as_it_printed_it(spelling, normal, fresh_url):
    d = dialects.get("postgres")
    first, second = fresh_url("postgres"), fresh_url("postgres")
    run_native("postgres", first, f'CREATE TABLE t (name text, "Name" text, n int, ts timestamptz, d date, v varchar(10), '
                                  f'w varchar(5), c char(3), '
                                  f'p numeric(6, 2), CONSTRAINT spelled CHECK ({spelling}));')
    schema = _read(d, first)
    assert [c.expression for c in schema.table("t").checks if c.name == "spelled"] == [normal]
    statements, _ = d.ddl(schema)
    run_native("postgres", second, d.script(statements))
    assert _constraint_text(d, second) == _constraint_text(d, first)


@pytest.mark.parametrize("name,expression,accepted,rejected", CROSS_ENGINE, ids=[c[0] for c in CROSS_ENGINE])
def test_a_check_renders_runs_and_reads_back_on_every_engine(engine, name, expression, accepted, rejected,
                                                              fresh_url):
    """The CHECK renders and runs on the engine, reads back with no difference, and gives each row
    PostgreSQL's verdict: `accepted` values of n are stored, `rejected` ones are not."""
    d = dialects.get(engine)
    schema = Schema(tables=(table("t", col("id", INTEGER, null=False), col("n", INTEGER), col("v", varchar(10)),
                                  check(name, expression), pk="id"),))
    url = fresh_url(engine)
    statements, _ = d.ddl(schema)
    run_native(engine, url, d.script(statements))
    assert roundtrip.differences(engine, schema, roundtrip.introspected(engine, url, schema)) == []
    for i, n in enumerate(accepted + rejected):
        insert = f"INSERT INTO t (id, n) VALUES ({i}, {n});"
        if n in accepted:
            run_native(engine, url, insert)
        else:
            with pytest.raises(AssertionError):
                run_native(engine, url, insert)


@pytest.mark.parametrize("expression", ["CAST(v AS TEXT) || 'x'", "upper(v::text)"])
def test_a_generated_column_with_a_text_cast_of_a_varchar_reads_back_with_no_difference(engine, expression, fresh_url):
    """PostgreSQL prints ``(v)::text`` for a varchar `v` whether or not the model wrote the cast: the
    generated expression compares equal either way (as a CHECK's does)."""
    d = dialects.get(engine)
    schema = Schema(tables=(table("t", col("id", INTEGER, null=False), col("v", varchar(10)),
                                  col("g", TEXT, generated=generated(expression)), pk="id"),))
    url = fresh_url(engine)
    statements, _ = d.ddl(schema)
    run_native(engine, url, d.script(statements))
    assert roundtrip.differences(engine, schema, roundtrip.introspected(engine, url, schema)) == []


@pytest.mark.parametrize("kind,lowest", [(INTEGER, -2147483648), (SMALLINT, -32768)], ids=["integer", "smallint"])
def test_abs_of_the_lowest_integer_is_refused_by_postgresql_alone_and_the_others_say_so(engine, kind, lowest,
                                                                                       fresh_url):
    """PostgreSQL's abs(int4/int2) overflows at the type's lowest value and refuses the row; MariaDB and SQLite
    compute it wider and accept it, which they list (MY-ABSRANGE, SL-ABSRANGE)."""
    d = dialects.get(engine)
    schema = Schema(tables=(table("t", col("id", INTEGER, null=False), col("n", kind), check("n_abs", "@ n > 3"),
                                  pk="id"),))
    url = fresh_url(engine)
    statements, notes = d.ddl(schema)
    run_native(engine, url, d.script(statements))
    listed = {g.code for g in notes if g.subject == "n_abs"}
    insert = f"INSERT INTO t (id, n) VALUES (1, {lowest});"
    if engine == "postgres":
        assert listed == set()
        with pytest.raises(AssertionError):
            run_native(engine, url, insert)
    else:
        assert listed == {"SL-ABSRANGE" if engine == "sqlite" else "MY-ABSRANGE"}
        run_native(engine, url, insert)
