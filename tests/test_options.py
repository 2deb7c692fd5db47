"""The model's column, index and table options on every engine (tests/data/options_corpus.py).

For each engine: the lowering lists every change it makes to the corpus; the rendered DDL
runs with zero errors through the engine's native client into a fresh database; reading
that database back gives ``lower(SCHEMA)`` exactly. With no server: the corpus written as
schema code loads back as the same model.
"""
from __future__ import annotations

from schemakit import dialects
from schemakit.schema import codegen
from schemakit.schema.model import DefaultKind, IndexMethod, Kind
from schemakit.schema.validate import validate
from tests import roundtrip
from tests.data import options_corpus as corpus


def _codes(engine: str) -> set:
    d = dialects.get(engine)
    return corpus.CODES[engine if engine in corpus.CODES or d.variant_of is None else d.variant_of]


def test_the_corpus_is_valid_and_holds_every_option():
    validate(corpus.SCHEMA, dialects.identifier_limit())
    tables = corpus.SCHEMA.tables
    columns = [c for t in tables for c in t.columns]
    assert any(c.identity_always for c in columns) and any(c.identity and len(t.primary_key) > 1
                                                            for t in tables for c in t.columns)
    assert {c.generated.stored for c in columns if c.generated} == {True, False}
    assert {c.collation.origin for c in columns if c.collation} == {"postgres", "mysql", "sqlite"}
    assert any(c.default and c.default.kind is DefaultKind.EXPRESSION for c in columns)
    assert set(IndexMethod) - {IndexMethod.GIN} <= {i.method for t in tables for i in t.indexes}
    assert any(i.include for t in tables for i in t.indexes)
    assert any(p.opclass for t in tables for i in t.indexes for p in i.parts)
    assert any(not t.strict for t in tables) and any(t.charset for t in tables) and any(t.collation for t in tables)
    assert {c.type.kind for c in columns} >= {Kind.NATIVE}


def test_the_corpus_written_as_schema_code_loads_back_unchanged():
    namespace: dict = {}
    exec(compile(codegen.write(corpus.SCHEMA, "options"), "options.py", "exec"), namespace)
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
