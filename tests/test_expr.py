"""Canonical SQL expressions keep the spelling the engine wrote (tests/data/expression_spellings.py).

Each spelling normalizes as the table says, and its normal form is a fixed point; two spellings of
one predicate compare equal (`expr.compared`). On a real
PostgreSQL, a CHECK written with the spelling is read back as that normal form, and rendered into a
second database the engine prints it exactly as it printed the first.
"""
from __future__ import annotations

import pytest

from schemakit import dialects
from schemakit.schema import expr
from schemakit.schema.model import Schema
from tests.data.expression_spellings import ALIKE, SPELLINGS
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
    run_native("postgres", first, f'CREATE TABLE t (name text, "Name" text, n int, ts timestamptz, d date, '
                                  f'p numeric(6, 2), CONSTRAINT spelled CHECK ({spelling}));')
    schema = _read(d, first)
    assert [c.expression for c in schema.table("t").checks if c.name == "spelled"] == [normal]
    statements, _ = d.ddl(schema)
    run_native("postgres", second, d.script(statements))
    assert _constraint_text(d, second) == _constraint_text(d, first)
