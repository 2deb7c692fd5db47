"""The model corpora on every engine: tests/data/types_corpus.py (column types) and
tests/data/options_corpus.py (column, index and table options).

For each corpus and engine: written as schema code, the corpus loads back unchanged (no server);
the lowering lists every change it makes, and exactly the degradation codes of the corpus's
`CODES`; the rendered DDL runs with zero errors through the engine's native client, and through
the driver, into a fresh database; reading that database back gives ``lower(SCHEMA)`` exactly.
"""
from __future__ import annotations

from types import ModuleType

import pytest

from schemakit import dialects
from schemakit.schema import codegen
from tests import roundtrip
from tests.data import options_corpus, types_corpus

CORPORA = {"types": types_corpus, "options": options_corpus}


def _codes(corpus: ModuleType, engine: str) -> set:
    d = dialects.get(engine)
    return corpus.CODES[engine if engine in corpus.CODES or d.variant_of is None else d.variant_of]


@pytest.mark.parametrize("name", CORPORA)
def test_the_corpus_written_as_schema_code_loads_back_unchanged(name):
    namespace: dict = {}
    exec(compile(codegen.write(CORPORA[name].SCHEMA, name), f"{name}.py", "exec"), namespace)
    assert namespace["SYSTEM"].schema == CORPORA[name].SCHEMA


@pytest.mark.parametrize("name", CORPORA)
def test_the_lowering_lists_every_change_it_makes(engine, name):
    corpus = CORPORA[name]
    lowered = dialects.get(engine).lower(corpus.SCHEMA)
    assert roundtrip.unlisted_changes(corpus.SCHEMA, lowered) == []
    assert roundtrip.unseen_degradations(corpus.SCHEMA, lowered) == []
    assert {(g.code, g.table, g.subject) for g in lowered.degradations
            if g.category.changes_schema} == _codes(corpus, engine)


@pytest.mark.parametrize("name", CORPORA)
def test_native_client_then_introspect(engine, name, fresh_url):
    corpus, d = CORPORA[name], dialects.get(engine)
    url = fresh_url(engine)
    statements, _ = d.ddl(corpus.SCHEMA)
    roundtrip.run_native(engine, url, d.script(statements))
    live = roundtrip.introspected(engine, url, corpus.SCHEMA)
    assert roundtrip.differences(engine, corpus.SCHEMA, live) == []


@pytest.mark.parametrize("name", CORPORA)
def test_apply_through_driver_then_introspect(engine, name, fresh_url):
    corpus, d = CORPORA[name], dialects.get(engine)
    url = fresh_url(engine)
    statements, _ = d.ddl(corpus.SCHEMA)
    conn = d.connect(url)
    try:
        d.apply(conn, statements)
        live = d.introspect(conn, (None,))
        assert roundtrip.differences(engine, corpus.SCHEMA, live) == []
    finally:
        conn.close()
