"""The model's type breadth on every engine (tests/data/types_corpus.py).

For each engine: the lowering lists every change it makes to the corpus; the rendered DDL
runs with zero errors through the engine's native client into a fresh database; reading
that database back gives ``lower(SCHEMA)`` exactly. With no server: the corpus written as
schema code loads back as the same model.
"""
from __future__ import annotations

from schemakit import dialects
from schemakit.schema import codegen
from schemakit.schema.model import Kind
from schemakit.schema.validate import validate
from tests import roundtrip
from tests.data import types_corpus as corpus


def _codes(engine: str) -> set:
    d = dialects.get(engine)
    return corpus.CODES[engine if engine in corpus.CODES or d.variant_of is None else d.variant_of]


def test_the_corpus_is_valid_and_holds_every_kind_the_catalog_does_not():
    validate(corpus.SCHEMA, dialects.identifier_limit())
    kinds = {c.type.kind for t in corpus.SCHEMA.tables for c in t.columns}
    new = {Kind.TINYINT, Kind.REAL, Kind.DOUBLE, Kind.CHAR, Kind.BYTES, Kind.VARBINARY, Kind.BINARY, Kind.TIME,
           Kind.TIMETZ, Kind.INTERVAL, Kind.YEAR, Kind.SET, Kind.DECIMAL}
    assert new <= kinds


def test_the_corpus_written_as_schema_code_loads_back_unchanged():
    namespace: dict = {}
    exec(compile(codegen.write(corpus.SCHEMA, "types"), "types.py", "exec"), namespace)
    assert namespace["SYSTEM"].schema == corpus.SCHEMA


def test_the_lowering_lists_every_change_it_makes(engine):
    lowered = dialects.get(engine).lower(corpus.SCHEMA)
    assert roundtrip.unlisted_changes(corpus.SCHEMA, lowered) == []
    assert roundtrip.unseen_degradations(corpus.SCHEMA, lowered) == []
    assert {(g.code, g.table, g.subject) for g in lowered.degradations
            if g.category.changes_schema} == _codes(engine)


def test_native_client_then_introspect(engine, fresh_url):
    d = dialects.get(engine)
    url = fresh_url(engine)
    statements, _ = d.ddl(corpus.SCHEMA)
    roundtrip.run_native(engine, url, d.script(statements))
    live = roundtrip.introspected(engine, url, corpus.SCHEMA)
    assert roundtrip.differences(engine, corpus.SCHEMA, live) == []


def test_apply_through_driver_then_introspect(engine, fresh_url):
    d = dialects.get(engine)
    url = fresh_url(engine)
    statements, _ = d.ddl(corpus.SCHEMA)
    conn = d.connect(url)
    try:
        d.apply(conn, statements)
        live = d.introspect(conn, (None,))
        assert roundtrip.differences(engine, corpus.SCHEMA, live) == []
    finally:
        conn.close()
