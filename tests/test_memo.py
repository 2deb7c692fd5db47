"""memo.by_identity: a result is kept per identity of the arguments, never handed to equal but other ones."""
from __future__ import annotations

from schemakit import dialects
from schemakit.memo import by_identity
from schemakit.migrate import lowered
from schemakit.schema.build import col, table
from schemakit.schema.model import INTEGER, Schema, TEXT


def test_a_result_is_kept_per_identity_not_per_equality():
    calls = []

    @by_identity
    def size(xs):
        calls.append(xs)
        return len(xs)

    a, b = (1, 2, 3), tuple([1, 2, 3])
    assert a == b and a is not b
    assert [size(a), size(a), size(b), size(a)] == [3, 3, 3, 3]
    assert len(calls) == 2  # once for a, once for b: equal, but another object


def test_the_lowered_state_is_the_dialects_and_made_once_per_state():
    d = dialects.get("sqlite")
    state = Schema((table("t", col("id", INTEGER, null=False), col("note", TEXT, on_update_now=False), pk=("id",)),))
    first = lowered(d, state)
    assert first == d.lower(state).schema
    assert lowered(d, state) is first
    other = Schema((table("t", col("id", INTEGER, null=False), pk=("id",)),))
    assert lowered(d, other) == d.lower(other).schema and lowered(d, other) is not first
    assert lowered(dialects.get("postgres"), state) == dialects.get("postgres").lower(state).schema
