"""The types corpus (tests/data/types_corpus.py) holds every kind the seed catalog does not;
its run on every engine is tests/test_model_corpora.py.
"""
from __future__ import annotations

from schemakit import dialects
from schemakit.schema.model import Kind
from schemakit.schema.validate import validate
from tests.data import types_corpus as corpus


def test_the_corpus_is_valid_and_holds_every_kind_the_catalog_does_not():
    validate(corpus.SCHEMA, dialects.identifier_limit())
    kinds = {c.type.kind for t in corpus.SCHEMA.tables for c in t.columns}
    new = {Kind.TINYINT, Kind.REAL, Kind.DOUBLE, Kind.CHAR, Kind.BYTES, Kind.VARBINARY, Kind.BINARY, Kind.TIME,
           Kind.TIMETZ, Kind.INTERVAL, Kind.YEAR, Kind.SET, Kind.DECIMAL}
    assert new <= kinds
