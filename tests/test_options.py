"""The options corpus (tests/data/options_corpus.py) holds every column, index and table option;
its run on every engine is tests/test_model_corpora.py.
"""
from __future__ import annotations

from schemakit import dialects
from schemakit.schema.model import DefaultKind, IndexMethod, Kind
from schemakit.schema.validate import validate
from tests.data import options_corpus as corpus


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
