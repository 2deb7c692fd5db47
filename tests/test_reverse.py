"""Typed changes and their reverses, for generated pairs of schemas a, b.

What holds, and is tested:

1. ``c.reverse().reverse() == c`` for every change ``diff(a, b)`` returns, and
   for the namespace changes a planner adds (`namespace_changes`). The one
   change for which it does not hold is an `AlterEnum` that only appends one
   value: its reverse is the `AddEnumValue` the differ gives for that append,
   whose reverse is the `AlterEnum` dropping the value. The differ never
   returns such an AlterEnum (it returns AddEnumValue), which is tested too.
2. ``diff(b, a)`` equals, as a multiset, the reverses of ``diff(a, b)``, except
   where an enum gains two or more values from a to b (or from b to a): the
   differ gives one AddEnumValue per value, and the other way one AlterEnum.
   There the enum changes of one enum, composed in order, are the same: the
   reverses of the AddEnumValue run, applied last to first, compose into that
   AlterEnum. Every other change matches exactly. The same holds for the
   namespace changes.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Optional

import pytest
from hypothesis import given, settings, strategies as st

from schemakit.dialects.base import Statement, Step
from schemakit.schema import catalog
from schemakit.schema.build import col
from schemakit.schema.diff import (
    AddEnumValue, AddTable, AlterEnum, Change, CreateNamespace, DropNamespace, diff, namespace_changes,
)
from schemakit.schema.model import INTEGER, TIMESTAMP, Enum, Schema, Table, enum_type
from tests import changes
from tests.data import reverse_variants as v

ENUM_RUN = (AddEnumValue, AlterEnum)


def _maybe(x) -> tuple:
    return () if x is None else (x,)


@st.composite
def _schema(draw) -> Schema:
    """A schema of up to three tables whose every object is drawn from `tests.data.reverse_variants`."""
    e = Enum(v.ENUM_NAME, draw(st.sampled_from(v.ENUM_VALUES)))
    pick = lambda items: draw(st.sampled_from(items))  # noqa: E731
    tables: list[Table] = []
    columns = [col("id", INTEGER, null=False)]
    if draw(st.booleans()):
        columns.append(col("a", pick(v.A_TYPES), null=draw(st.booleans()), default=pick(v.A_DEFAULTS),
                           comment=pick(v.COMMENTS)))
    columns.append(col("s", enum_type(e), null=draw(st.booleans()), default=pick(v.ENUM_DEFAULTS)))
    columns.append(col("ts", TIMESTAMP, null=draw(st.booleans()), default=pick(v.TS_DEFAULTS),
                       on_update_now=draw(st.booleans())))
    columns.append(col("n", INTEGER, null=False, identity=draw(st.booleans())))
    names = {c.name for c in columns}
    key = pick([k for k in v.PRIMARY_KEYS if set(k) <= names])
    tables.append(Table(
        "p", tuple(columns), primary_key=key, primary_key_comment=pick(v.PK_COMMENTS) if key else None,
        uniques=_maybe(pick(v.UNIQUES)) if "a" in names else (), checks=_maybe(pick(v.CHECKS)) if "a" in names else (),
        indexes=_maybe(pick(v.INDEXES)) if "a" in names else (), state_machines=_maybe(pick(v.MACHINES)),
        partitioning=pick(v.PARTITIONS), comment=pick(v.COMMENTS)))
    if draw(st.booleans()):
        tables.append(Table("q", (col("id", INTEGER, null=False), col("p_id", INTEGER), col("s", enum_type(e))),
                            primary_key=("id",), foreign_keys=_maybe(pick(v.FOREIGN_KEYS)),
                            namespace=pick(v.NAMESPACES)))
    if draw(st.booleans()):
        tables.append(Table("r", (col("x", pick(v.R_TYPES)),)))
    return Schema(tuple(tables))


def _evolved_pair():
    base = changes.base_schema()
    return changes.evolved(base).flatmap(lambda b: st.sampled_from([(base, b), (b, base)]))


PAIRS = st.one_of(st.tuples(_schema(), _schema()), _evolved_pair())


def _enum_key(c: Change) -> tuple[Optional[str], str]:
    return (c.namespace, (c.enum if isinstance(c, AddEnumValue) else c.new).name)


def _ends(c: Change) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(values before, values after) of an enum value change."""
    return (c.before.values, c.enum.values) if isinstance(c, AddEnumValue) else (c.old.values, c.new.values)


def _composed(cs: list[Change]) -> dict:
    """Per enum, its value changes in order composed into one (values before, values after)."""
    out: dict = {}
    for c in (c for c in cs if isinstance(c, ENUM_RUN)):
        before, after = _ends(c)
        key = _enum_key(c)
        assert out.get(key, (before, before))[1] == before, "enum value changes of one enum do not chain"
        out[key] = (out.get(key, (before,))[0], after)
    return out


def _runs(cs: list[Change]) -> bool:
    """Whether some enum gains two or more values (a run of AddEnumValue)."""
    return any(n > 1 for n in Counter(_enum_key(c) for c in cs if isinstance(c, AddEnumValue)).values())


def _all_changes(a: Schema, b: Schema) -> list[Change]:
    created, dropped = namespace_changes(a, b)
    return created + diff(a, b) + dropped


@settings(max_examples=400, deadline=None)
@given(PAIRS)
def test_reverse_of_the_reverse_is_the_change(pair):
    a, b = pair
    forward = _all_changes(a, b)
    for c in forward:
        assert c.reverse().reverse() == c
        assert c.reverse() != c
    assert not [c for c in forward if isinstance(c, AlterEnum) and c.new.values[:len(c.old.values)] == c.old.values]


@settings(max_examples=400, deadline=None)
@given(PAIRS)
def test_the_diff_back_holds_the_reverses_of_the_diff_forth(pair):
    a, b = pair
    forth, back = _all_changes(a, b), _all_changes(b, a)
    reverses = [c.reverse() for c in reversed(forth)]
    assert Counter(c for c in back if not isinstance(c, ENUM_RUN)) == \
        Counter(c for c in reverses if not isinstance(c, ENUM_RUN))
    assert _composed(back) == _composed(reverses)
    if not (_runs(forth) or _runs(back)):
        assert Counter(back) == Counter(reverses)


def test_an_enum_gaining_two_values_is_the_documented_exception():
    """The exception of property 2, exactly: two AddEnumValue one way, one AlterEnum the other."""
    s = catalog.load("prismq")
    review = s.table("review")
    column = next(c for c in review.columns if c.type.enum and c.type.enum.name == "review_type")
    grown = column.type.enum.add_value("x").add_value("y")
    s2 = s.replace_table(replace(review, columns=tuple(
        replace(c, type=replace(c.type, enum=grown)) if c.name == column.name else c for c in review.columns)))
    forth, back = diff(s, s2), diff(s2, s)
    assert [type(c) for c in forth] == [AddEnumValue, AddEnumValue] and [type(c) for c in back] == [AlterEnum]
    assert Counter(back) != Counter(c.reverse() for c in forth)
    assert _composed(back) == _composed([c.reverse() for c in reversed(forth)])
    assert back[0] == AlterEnum(None, grown, column.type.enum)


def test_a_pure_one_value_alter_enum_is_the_one_change_that_is_not_an_involution():
    e = Enum("e", ("a", "b"))
    appended = AlterEnum(None, e, e.add_value("c"))  # the differ says AddEnumValue for this
    assert appended.reverse() == AlterEnum(None, e.add_value("c"), e)
    assert appended.reverse().reverse() == AddEnumValue(None, e.add_value("c"), "c")
    assert AddEnumValue(None, e.add_value("c"), "c").reverse() == appended.reverse()


def test_namespace_changes_reverse_each_other():
    a = Schema((Table("t", (col("id", INTEGER),), namespace="one"),))
    b = Schema((Table("t", (col("id", INTEGER),), namespace="two"),))
    assert namespace_changes(a, b) == ([CreateNamespace("two")], [DropNamespace("one")])
    assert [c.reverse() for c in namespace_changes(a, b)[0]] == namespace_changes(b, a)[1]


# -- steps: a plan's drops are its creation steps inverted (`Step.inverted`) ------------------

def test_an_inverted_step_applies_the_undo_and_an_irreversible_step_has_none():
    create, drop = Statement("CREATE TABLE t (x INTEGER)"), Statement("DROP TABLE t")
    step = Step((create,), (drop,), AddTable(Table("t", ())))
    assert step.inverted() == Step((drop,), (create,), step.change)
    assert step.inverted().inverted() == step
    with pytest.raises(ValueError, match="add table t: the step cannot be undone"):
        Step((create,), None, step.change).inverted()
