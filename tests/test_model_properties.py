"""Properties of the engine-free model: serialization and the differ."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from schemakit.schema import catalog, serialize
from schemakit.schema.diff import AddColumn, AddEnumValue, DropTable, diff
from schemakit.schema.model import Schema
from schemakit.schema.synthetic import synthetic
from tests.data import model_accessors as accessors

SYSTEMS = catalog.names()


@given(st.sampled_from(SYSTEMS))
def test_diff_of_a_schema_with_itself_is_empty(name):
    s = catalog.load(name)
    assert diff(s, s) == []


@given(st.sampled_from(SYSTEMS))
def test_snapshot_round_trips(name):
    s = catalog.load(name)
    assert serialize.loads(serialize.dumps(s)) == s
    assert serialize.dumps(serialize.loads(serialize.dumps(s))) == serialize.dumps(s)


@settings(max_examples=30)
@given(st.integers(min_value=1, max_value=12), st.data())
def test_diff_finds_exactly_the_removed_tables(n, data):
    full = synthetic(n)
    keep = data.draw(st.lists(st.sampled_from(range(n)), unique=True, max_size=n))
    kept = Schema(tuple(t for i, t in enumerate(full.tables) if i in keep or i == 0))
    dropped = {t.name for t in full.tables} - {t.name for t in kept.tables}
    changes = diff(full, kept)
    assert {c.table.name for c in changes if isinstance(c, DropTable)} == dropped


def test_enum_value_append_is_typed():
    s = catalog.load("prismq")
    review = s.table("review")
    col = next(c for c in review.columns if c.type.enum and c.type.enum.name == "review_type")
    grown = replace(col, type=replace(col.type, enum=col.type.enum.add_value("summary")))
    s2 = s.replace_table(replace(review, columns=tuple(grown if c.name == col.name else c for c in review.columns)))
    changes = diff(s, s2)
    assert [type(c) for c in changes] == [AddEnumValue]
    assert changes[0].value == "summary"


def test_added_column_is_typed():
    s = catalog.load("cyoa")
    t = s.table("stories")
    from schemakit.schema.build import col
    from schemakit.schema.model import TEXT
    s2 = s.replace_table(replace(t, columns=t.columns + (col("note", TEXT),)))
    assert [c.describe() for c in diff(s, s2)] == ["add column stories.note text"]
    assert isinstance(diff(s, s2)[0], AddColumn)


# -- accessors of optional fields (table-driven, tests/data/model_accessors.py) ---------------

@pytest.mark.parametrize("obj, accessor, value", [c[1:] for c in accessors.HAS], ids=[c[0] for c in accessors.HAS])
def test_accessor_returns_the_field_when_set(obj, accessor, value):
    assert getattr(obj, accessor) == value


@pytest.mark.parametrize("obj, accessor, text", [c[1:] for c in accessors.LACKS], ids=[c[0] for c in accessors.LACKS])
def test_accessor_names_what_is_missing(obj, accessor, text):
    with pytest.raises(ValueError, match=re.escape(text)):
        getattr(obj, accessor)
