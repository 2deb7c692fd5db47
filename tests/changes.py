"""Hypothesis strategies of schema changes, for the differ and planner properties.

`evolved(base)` draws a schema that differs from `base` by one to three
changes of the kinds a migration meets: columns added (nullable or with a
default) or dropped, a varchar widened, nullability relaxed, a default
changed, an index / unique / check added or dropped, an enum value appended,
a table added (with a foreign key to an existing one) or dropped.
"""
from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from schemakit.schema.build import check, col, fk, index, table, unique
from schemakit.schema.model import (BIGINT, BOOLEAN, INTEGER, JSON, NOW, TEXT, TIMESTAMP, UUID, Column, Enum,
                          GEN_UUID, Kind, Schema, decimal, enum_type, lit, varchar)

STATUS = Enum("mig_status", ("new", "open", "closed"))


def base_schema() -> Schema:
    """A small schema with every kind of object the changes touch."""
    parent = table("mig_parent",
                   col("id", UUID, null=False, default=GEN_UUID),
                   col("name", varchar(40), null=False),
                   col("status", enum_type(STATUS), null=False, default=lit("new")),
                   col("score", INTEGER),
                   col("created_at", TIMESTAMP, null=False, default=NOW),
                   unique("name", name="mig_parent_name_key"),
                   check("mig_parent_score_check", "score >= 0"),
                   index("mig_parent_created_idx", "created_at DESC"),
                   pk="id")
    child = table("mig_child",
                  col("id", INTEGER, null=False, identity=True),
                  col("parent_id", UUID, null=False),
                  col("note", TEXT),
                  col("flag", BOOLEAN, null=False, default=lit(False)),
                  fk("parent_id", "mig_parent", name="mig_child_parent_fkey"),
                  index("mig_child_parent_idx", "parent_id"),
                  pk="id")
    return Schema((parent, child))


_NEW_TYPES = [TEXT, INTEGER, BIGINT, BOOLEAN, varchar(20), decimal(8, 2), JSON, TIMESTAMP]


def _add_column(s: Schema, data) -> Schema:
    t = data.draw(st.sampled_from(s.tables))
    ty = data.draw(st.sampled_from(_NEW_TYPES))
    n = len([c for c in t.columns if c.name.startswith("extra")])
    default = {Kind.INTEGER: lit(7), Kind.BOOLEAN: lit(True), Kind.TEXT: lit("x")}.get(ty.kind)
    c = col(f"extra{n}", ty, null=default is None or data.draw(st.booleans()), default=default)
    return s.replace_table(replace(t, columns=t.columns + (c,)))


def _drop_column(s: Schema, data) -> Schema:
    t = data.draw(st.sampled_from(s.tables))
    used = set(t.primary_key) | {c for f in t.foreign_keys for c in f.columns}
    used |= {c for u in t.uniques for c in u.columns} | {c for i in t.indexes for c in i.columns}
    used |= {"score"} if t.checks else set()
    free = [c for c in t.columns if c.name not in used]
    if not free:
        return s
    gone = data.draw(st.sampled_from(free)).name
    return s.replace_table(replace(t, columns=tuple(c for c in t.columns if c.name != gone)))


def _alter_column(s: Schema, data) -> Schema:
    t = s.table("mig_parent")
    kind = data.draw(st.sampled_from(["widen", "nullable", "default"]))
    def change(c: Column) -> Column:
        if kind == "widen" and c.name == "name":
            return replace(c, type=varchar(c.type.length + 20))
        if kind == "nullable" and c.name == "created_at":
            return replace(c, nullable=True)
        if kind == "default" and c.name == "score":
            return replace(c, default=lit(data.draw(st.integers(0, 100))))
        return c
    return s.replace_table(replace(t, columns=tuple(change(c) for c in t.columns)))


def _indexes(s: Schema, data) -> Schema:
    t = s.table("mig_child")
    extra = [i for i in t.indexes if i.name == "mig_child_flag_idx"]
    if extra or (t.indexes and data.draw(st.booleans())):
        gone = extra[0] if extra else data.draw(st.sampled_from(t.indexes))
        return s.replace_table(replace(t, indexes=tuple(i for i in t.indexes if i is not gone)))
    if not t.has_column("flag"):
        return s
    return s.replace_table(replace(t, indexes=t.indexes + (index("mig_child_flag_idx", "flag", "id DESC"),)))


def _constraints(s: Schema, data) -> Schema:
    t = s.table("mig_parent")
    if data.draw(st.booleans()) and (t.checks or t.has_column("score")):
        return s.replace_table(replace(t, checks=()) if t.checks else replace(
            t, checks=(check("mig_parent_score_check", "score >= 0"),)))
    if t.uniques or not t.has_column("name"):
        return s.replace_table(replace(t, uniques=()))
    return s.replace_table(replace(t, uniques=(unique("name", name="mig_parent_name_key").bind(t.name),)))


def _enum_value(s: Schema, data) -> Schema:
    t = s.table("mig_parent")
    def grow(c: Column) -> Column:
        if c.type.kind is Kind.ENUM:
            return replace(c, type=replace(c.type, enum=c.type.enum.add_value(f"v{len(c.type.enum.values)}")))
        return c
    return s.replace_table(replace(t, columns=tuple(grow(c) for c in t.columns)))


def _tables(s: Schema, data) -> Schema:
    extra = [t for t in s.tables if t.name.startswith("mig_extra")]
    if extra and data.draw(st.booleans()):
        return Schema(tuple(t for t in s.tables if t.key != extra[-1].key))
    name = f"mig_extra{len(extra)}"
    new = table(name, col("id", BIGINT, null=False), col("parent_id", UUID),
                col("payload", JSON), fk("parent_id", "mig_parent", name=f"{name}_parent_fkey"),
                index(f"{name}_parent_idx", "parent_id"), pk="id")
    return Schema(s.tables + (new,))


CHANGES = [_add_column, _drop_column, _alter_column, _indexes, _constraints, _enum_value, _tables]


def evolved(base: Schema):
    """Valid schemas that differ from `base` by one to three changes."""
    from schemakit.schema.validate import SchemaError, validate

    def valid(s: Schema) -> bool:
        try:
            validate(s)
            return True
        except SchemaError:
            return False
    return _evolved(base).filter(valid)


@st.composite
def _evolved(draw, base: Schema) -> Schema:
    """`base` with one to three random changes applied."""
    s = base
    for op in draw(st.lists(st.sampled_from(CHANGES), min_size=1, max_size=3)):
        s = op(s, _Drawer(draw))
    return s


class _Drawer:
    """Adapts `draw` to the `data.draw` interface the change functions use."""

    def __init__(self, draw):
        self.draw = draw
