"""Data for the MySQL planner tests in tests/test_mysql.py.

`plan_base()` holds every object the MySQL planner renders beyond the model's
plain ones: implied CHECKs (uuid text form, boolean 0/1, partition lower
bound), a CHECK enforced by triggers (its column has an ON DELETE CASCADE
foreign key), a partial unique index (generated columns), a state machine
trigger, monthly partitions, comments, an inline enum, and foreign keys with
and without a covering index (MySQL's implicit index). `evolved(base)` draws
one to three changes of those objects; `ROWS` are inserted before migrating
and must survive every step and rollback.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import strategies as st

from schemakit.schema.build import check, col, fk, generated, index, state_machine, table, unique
from schemakit.schema.model import (
    BIGINT, BOOLEAN, BYTES, DOUBLE, GEN_UUID, INTEGER, JSON, NOW, NUMERIC, REAL, SMALLINT, TEXT, TIME, TIMESTAMP,
    TINYINT, UUID, YEAR, Action, Collation, Enum, IndexMethod, Partitioning, Schema, Table, binary, char, decimal,
    default_sql, enum_type, lit, native, set_of, time, timestamp, unsigned, varbinary, varchar,
)
from schemakit.schema.validate import SchemaError, validate
from tests.changes import _Drawer

STATUS = Enum("plan_status", ("new", "open", "closed"))
PARENT_ID = "0b9d3c1e-5f2a-4e8b-9c7d-1a2b3c4d5e6f"
EVENT_START = dt.date(2025, 1, 1)
ROWS = [
    f"INSERT INTO `plan_parent` (`id`, `name`, `score`) VALUES ('{PARENT_ID}', 'first', 3)",
    f"INSERT INTO `plan_child` (`parent_id`, `amount`, `note`, `flag`) VALUES ('{PARENT_ID}', 5, 'a', TRUE)",
    f"INSERT INTO `plan_child` (`parent_id`, `amount`, `note`, `flag`) VALUES ('{PARENT_ID}', 6, 'a', FALSE)",
    "INSERT INTO `plan_events` (`id`, `at`, `kind`) VALUES (1, '2025-03-10 12:00:00', 'x')",
    "INSERT INTO `plan_events` (`id`, `at`, `kind`) VALUES (2, '2025-04-01 00:00:00', 'y')",
]
COUNTS = {"plan_parent": 1, "plan_child": 2, "plan_events": 2}
FLOW = [("new", "open"), ("open", "closed")]


def plan_base() -> Schema:
    """The schema the planner tests start from (valid; holds `ROWS`)."""
    parent = table("plan_parent",
                   col("id", UUID, default=GEN_UUID),
                   col("name", varchar(40), null=False),
                   col("status", enum_type(STATUS), null=False, default=lit("new")),
                   col("score", INTEGER, comment="points"),
                   col("created_at", TIMESTAMP, null=False, default=NOW),
                   unique("name"),
                   check("plan_parent_score_check", "score >= 0"),
                   state_machine("plan_parent_flow", "status", FLOW),
                   pk="id", comment="parents")
    child = table("plan_child",
                  col("id", INTEGER, identity=True),
                  col("parent_id", UUID, null=False),
                  col("amount", INTEGER),
                  col("note", varchar(20)),
                  col("flag", BOOLEAN, null=False, default=lit(False)),
                  col("sibling_id", INTEGER),
                  fk("parent_id", "plan_parent", on_delete=Action.CASCADE),
                  fk("sibling_id", "plan_child", name="plan_child_sibling_fkey"),
                  check("plan_child_amount_check", "amount >= 0 AND parent_id IS NOT NULL"),
                  index("plan_child_parent_idx", "parent_id"),
                  index("plan_child_note_key", "note", unique=True, where="flag"),
                  pk="id")
    events = table("plan_events",
                   col("id", BIGINT, null=False),
                   col("at", TIMESTAMP, null=False),
                   col("kind", varchar(10), null=False),
                   index("plan_events_kind_idx", "kind"),
                   pk=("id", "at"),
                   partition=Partitioning("at", EVENT_START, 6))
    return Schema((parent, child, events))


def _t(s: Schema, name: str):
    return s.table(name)


def _columns(t, fn):
    return replace(t, columns=tuple(fn(c) for c in t.columns))


def _partitions(s: Schema, data) -> Schema:
    """Move the start (rows sit in 2025-03 and 2025-04) and the number of months."""
    t = _t(s, "plan_events")
    shift = data.draw(st.integers(-3, 2))
    month = EVENT_START.month - 1 + shift
    start = dt.date(EVENT_START.year + month // 12, month % 12 + 1, 1)
    months = data.draw(st.integers(4 - shift, 8 - shift))
    return s.replace_table(replace(t, partitioning=Partitioning("at", start, months)))


def _machine(s: Schema, data) -> Schema:
    t = _t(s, "plan_parent")
    pick = data.draw(st.sampled_from(["drop", "change", "second"]))
    if pick == "drop" or not t.has_column("status"):
        return s.replace_table(replace(t, state_machines=()))
    if pick == "change":
        return s.replace_table(replace(t, state_machines=(state_machine("plan_parent_flow", "status", FLOW[:1]),)))
    return s.replace_table(replace(t, state_machines=t.state_machines + (
        state_machine("plan_parent_name_flow", "name", [("a", "b")]),)))


def _trigger_check(s: Schema, data) -> Schema:
    """Drop the CHECK, or turn it from triggers into a CHECK constraint by changing the FK action."""
    t = _t(s, "plan_child")
    if data.draw(st.booleans()):
        return s.replace_table(replace(t, checks=()))
    return s.replace_table(replace(t, foreign_keys=tuple(replace(f, on_delete=Action.RESTRICT) for f in t.foreign_keys)))


def _partial_unique(s: Schema, data) -> Schema:
    t = _t(s, "plan_child")
    pick = data.draw(st.sampled_from(["drop", "predicate", "columns"]))
    rest = tuple(i for i in t.indexes if i.name != "plan_child_note_key")
    if pick == "drop":
        return s.replace_table(replace(t, indexes=rest))
    if pick == "predicate":
        return s.replace_table(replace(t, indexes=rest + (index("plan_child_note_key", "note", unique=True,
                                                                where="flag AND amount > 0"),)))
    return s.replace_table(replace(t, indexes=rest + (index("plan_child_note_key", "note", "amount", unique=True,
                                                            where="flag"),)))


def _implied(s: Schema, data) -> Schema:
    """Add or drop uuid / boolean columns (each with an implied CHECK), maybe NOT NULL without default."""
    t = _t(s, data.draw(st.sampled_from(["plan_parent", "plan_child"])))
    extra = [c for c in t.columns if c.name.startswith("x_")]
    if extra and data.draw(st.booleans()):
        gone = data.draw(st.sampled_from(extra)).name
        return s.replace_table(replace(t, columns=tuple(c for c in t.columns if c.name != gone)))
    ty = data.draw(st.sampled_from([UUID, BOOLEAN, JSON, TEXT, TIMESTAMP, enum_type(Enum("x", ("p", "q")))]))
    c = col(f"x_{len(extra)}_{ty.kind.value}", ty, null=data.draw(st.booleans()))
    return s.replace_table(replace(t, columns=t.columns + (c,)))


def _drop_not_null(s: Schema, data) -> Schema:
    """Drop a NOT NULL column without default: its rollback re-adds it to a table with rows."""
    t = _t(s, "plan_events")
    if not t.has_column("kind") or t.indexes:
        return s.replace_table(replace(t, indexes=()))
    return s.replace_table(replace(t, columns=tuple(c for c in t.columns if c.name != "kind")))


def _foreign_key(s: Schema, data) -> Schema:
    """Drop an FK (a uuid column gets an implied CHECK; MySQL's own index of the self-reference goes)
    or the index covering the FK to the parent."""
    t = _t(s, "plan_child")
    pick = data.draw(st.sampled_from(["parent", "sibling", "index"]))
    if pick == "parent":
        return s.replace_table(replace(t, foreign_keys=tuple(f for f in t.foreign_keys if f.ref_table != "plan_parent"),
                                       checks=()))
    if pick == "sibling":
        return s.replace_table(replace(t, foreign_keys=tuple(f for f in t.foreign_keys if f.ref_table == "plan_parent")))
    return s.replace_table(replace(t, indexes=tuple(i for i in t.indexes if i.name != "plan_child_parent_idx")))


def _covering_index(s: Schema, data) -> Schema:
    """An index covering the FK (the index MySQL made for it goes) or a unique over it."""
    t = _t(s, "plan_child")
    rest = tuple(i for i in t.indexes if i.name != "plan_child_parent_idx")
    if data.draw(st.booleans()):
        return s.replace_table(replace(t, indexes=rest + (index("plan_child_parent_idx", "parent_id", "amount"),)))
    return s.replace_table(replace(t, indexes=rest, uniques=(unique("parent_id", "id").bind(t.name),)))


def _types(s: Schema, data) -> Schema:
    t = _t(s, data.draw(st.sampled_from(["plan_parent", "plan_child"])))
    pick = data.draw(st.sampled_from(["widen", "bigint", "decimal", "text", "nullable", "on_update", "identity"]))

    def change(c):
        if pick == "widen" and c.type.kind.value == "varchar":
            return replace(c, type=varchar(c.type.length + 20))
        if pick == "bigint" and c.name in ("score", "amount"):
            return replace(c, type=BIGINT)
        if pick == "decimal" and c.name in ("score", "amount"):
            return replace(c, type=decimal(12, 2), default=lit("1.50"))
        if pick == "text" and c.name in ("name", "note"):
            return replace(c, type=TEXT)
        if pick == "nullable" and c.name in ("created_at", "flag"):
            return replace(c, nullable=True)
        if pick == "on_update" and c.name == "created_at":
            return replace(c, on_update_now=True)
        if pick == "identity" and c.name == "id" and c.type.kind.value == "integer":
            return replace(c, identity=False)
        return c
    return s.replace_table(_columns(t, change))


def _wider_keys(s: Schema, data) -> Schema:
    """A referenced key and the column referencing it both become BIGINT (the self-reference)."""
    t = _t(s, "plan_child")
    return s.replace_table(_columns(t, lambda c: replace(c, type=BIGINT) if c.name in ("id", "sibling_id") else c))


def _comments(s: Schema, data) -> Schema:
    t = _t(s, "plan_parent")
    text = data.draw(st.sampled_from([None, "it's new", "x"]))
    if data.draw(st.booleans()):
        return s.replace_table(replace(t, comment=text))
    return s.replace_table(_columns(t, lambda c: replace(c, comment=text) if c.name == "score" else c))


def _enum(s: Schema, data) -> Schema:
    t = _t(s, "plan_parent")
    pick = data.draw(st.sampled_from(["append", "reorder", "remove"]))

    def change(c):
        if c.type.kind.value != "enum":
            return c
        values = c.type.enum.values
        new = {"append": values + ("archived",), "reorder": tuple(reversed(values)),
               "remove": tuple(v for v in values if v != "closed")}[pick]
        return replace(c, type=enum_type(Enum(c.type.enum.name, new)))
    t = _columns(t, change)
    if pick == "remove":
        t = replace(t, state_machines=tuple(m for m in t.state_machines if m.column != "status"))
    return s.replace_table(t)


def _primary_key(s: Schema, data) -> Schema:
    t = _t(s, "plan_child")
    return s.replace_table(replace(t, primary_key=("id", "parent_id")))


def _tables(s: Schema, data) -> Schema:
    """Two new tables referencing each other (a circular FK), or drop the child table."""
    if data.draw(st.booleans()):
        return Schema(tuple(t for t in s.tables if t.name != "plan_child"))
    a = table("plan_a", col("id", INTEGER, null=False), col("b_id", INTEGER), col("ok", BOOLEAN),
              fk("b_id", "plan_b", on_delete=Action.SET_NULL), check("plan_a_b_check", "b_id > 0"), pk="id")
    b = table("plan_b", col("id", INTEGER, null=False), col("a_id", INTEGER), col("ref", UUID),
              fk("a_id", "plan_a"), index("plan_b_a_idx", "a_id"), pk="id")
    return Schema(s.tables + (a, b))


CHANGES = [_partitions, _machine, _trigger_check, _partial_unique, _implied, _drop_not_null, _foreign_key,
           _covering_index, _types, _wider_keys, _comments, _enum, _primary_key, _tables]


@st.composite
def _evolved(draw, base: Schema) -> Schema:
    s = base
    for op in draw(st.lists(st.sampled_from(CHANGES), min_size=1, max_size=3)):
        try:
            s = op(s, _Drawer(draw))
        except KeyError:  # the table (or column) it changes was dropped by an earlier change
            pass
    return s


def _valid(s: Schema) -> bool:
    try:
        validate(s)
        return True
    except SchemaError:
        return False


def evolved(base: Schema):
    """Valid schemas that differ from `base` by one to three MySQL-specific changes."""
    return _evolved(base).filter(_valid)


# Type changes among the kinds beyond the catalog's: (old type, new type, a value both hold, as SQL).
# Each is planned as one MODIFY COLUMN, applied to a table holding the value, rolled back and applied again.
TYPE_CHANGES = [
    (varchar(8), char(8), "'ab'"),
    (char(8), varchar(8), "'ab'"),
    (REAL, DOUBLE, "0.5"),
    (INTEGER, unsigned(INTEGER), "5"),
    (unsigned(SMALLINT), unsigned(BIGINT), "65535"),
    (TINYINT, SMALLINT, "-5"),
    (BOOLEAN, TINYINT, "1"),
    (TINYINT, BOOLEAN, "1"),
    (timestamp(0), timestamp(3), "'2025-01-01 10:00:00'"),
    (TIMESTAMP, timestamp(0), "'2025-01-01 10:00:00'"),
    (TIME, time(0), "'08:30:00'"),
    (varbinary(4), BYTES, "X'0102'"),
    (binary(4), varbinary(8), "X'01020304'"),
    (SMALLINT, YEAR, "2000"),
    (set_of("a", "b"), set_of("a", "b", "c"), "'a,b'"),
    (NUMERIC, decimal(12, 2), "1.5"),
    (TEXT, BYTES, "'abc'"),
]

# Changes of column, index and table options between two shapes of one table `opts` (tests/test_mysql.py
# test_option_change_plans_and_rolls_back): (id, columns and options before, after). Each table holds
# `id` INT, `price` INT, `label` VARCHAR(40) and the row (1, 5, 'Ab').
_LATIN1 = Collation("latin1_swedish_ci", "mysql")
_GENERAL = Collation("utf8mb4_general_ci", "mysql")


def _opts(*extra, collation=None, charset=None, label=None, identity: object = False, indexes=()) -> Table:
    columns = (col("id", INTEGER, identity=identity), col("price", INTEGER),
               label or col("label", varchar(40))) + extra
    return table("opts", *columns, *indexes, pk="id", collation=collation, charset=charset)


OPTION_CHANGES = [
    ("table collation", _opts(), _opts(collation=_GENERAL)),
    ("table charset and collation", _opts(), _opts(collation=_LATIN1, charset="latin1")),
    ("column collation", _opts(), _opts(label=col("label", varchar(40), collation=_GENERAL))),
    ("generated expression", _opts(col("total", INTEGER, generated=generated("price * 2"))),
     _opts(col("total", INTEGER, generated=generated("price * 3")))),
    ("generated stored to virtual", _opts(col("total", INTEGER, generated=generated("price * 2"))),
     _opts(col("total", INTEGER, generated=generated("price * 2", stored=False)))),
    ("plain to generated", _opts(col("total", INTEGER)), _opts(col("total", INTEGER, generated=generated("price * 2")))),
    ("identity", _opts(), _opts(identity=True)),
    ("identity generated always", _opts(identity=True), _opts(identity="always")),
    ("expression default", _opts(col("n", INTEGER, default=default_sql("1 + 0"))),
     _opts(col("n", INTEGER, default=default_sql("2 + 0")))),
    ("fulltext index", _opts(indexes=(index("opts_label", "label"),)),
     _opts(indexes=(index("opts_label", "label", method=IndexMethod.FULLTEXT),))),
    ("native type", _opts(col("flags", INTEGER)), _opts(col("flags", native("bit(8)", "mysql")))),
]
