"""The cross-engine verdict runner over the type corpus (tests/data/types_corpus.py), on each engine.

As ``schemakit check`` runs a system: the corpus is migrated with schemakit's DDL into a fresh
database of the engine, every table gets hypothesis examples (parents, a valid row, a key
variant and one mutant per constraint), and the engine must give each row the oracle's
verdict or differ exactly as one of its listed degradations explains (MY-FLOATNAN,
MY-TIMERANGE, MY-NUMERIC, PG-BINARY-PAD, SL-BINARYPAD, PG-UNSIGNED64, SL-UBIGINT, SL-NAN): zero disagreements.
Then an UPDATE of a referenced supplier key must follow each foreign key's ON UPDATE action
(products.supplier_id CASCADE, products.supplier_code SET NULL), verdict and child rows alike.

Each engine runs alone, so a failure names the engine whose rendering or reading of a type
differs from the model's meaning.
"""
from __future__ import annotations

import pytest
from hypothesis import settings

from schemakit.checks import behaviour
from schemakit.checks.report import ACCEPTED_LINE, matrix
from schemakit.checks.runner import Plan, run
from schemakit.checks.strategies import mutations
from tests.data import types_corpus as corpus


def examples_per_table() -> int:
    """A third of the profile's examples (ci: 8, deep: 166), at least 5."""
    return max(5, settings.default.max_examples // 3)


def test_every_table_of_the_type_corpus_gets_the_oracles_verdict(engine, schemakit_engines):
    engines = schemakit_engines(corpus.SCHEMA, [engine])
    plan = Plan(examples=examples_per_table(), keep_going=True, seed=14,
                overrides={"database": None, "print_blob": False})
    tally = run(engines, plan=plan, title="types")
    print(matrix(tally))
    assert not tally.disagreements, "\n\n".join(j.describe() for j in tally.disagreements)
    tried = {(line.table, line.constraint) for line in tally.lines.values() if line.tried}
    for t in engines.schema.tables:
        assert (t.qualified, ACCEPTED_LINE) in tried  # a valid row of every table
        never = {(t.qualified, name) for name, _ in mutations(t)} - tried
        assert not never, f"{t.qualified}: never mutated: {sorted(never)}"


def test_an_update_of_a_referenced_key_follows_on_update(engine, schemakit_engines):
    engines = schemakit_engines(corpus.SCHEMA, [engine])
    suppliers = engines.schema.table("suppliers")
    found = behaviour.check_on_update(engines, suppliers, Plan(examples=examples_per_table(), seed=14,
                                                               overrides={"database": None}))
    assert found, "no UPDATE of a referenced key was tried"
    for judgement, mismatches, _ in found:
        assert not judgement.failing, judgement.describe()
        assert mismatches == {e: [] for e in engines.names}, judgement.describe()
    cascaded = [j for j, _, changed in found if changed and all(v.accepted for v in j.got.values())]
    assert cascaded, "no accepted UPDATE changed a child row: CASCADE and SET NULL were never seen"


@pytest.mark.parametrize("column, action", [("supplier_id", "CASCADE"), ("supplier_code", "SET NULL")])
def test_the_corpus_foreign_keys_have_the_actions_tested(column, action):
    products = corpus.SCHEMA.table("products")
    fk = next(f for f in products.foreign_keys if f.columns == (column,))
    assert fk.on_update.value == action
