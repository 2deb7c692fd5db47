"""Data for the planner tests in tests/test_postgres.py: evolutions of the lab schema.

Each `Evolution` is `LAB` changed in one respect the generic property test
(tests/test_migrations.py) does not reach: enum values, column types that
need USING, identity, on_update_now, state machines, partitions, primary
keys, namespaces, circular foreign keys. `ROWS` puts one row in every table
before a migration so that every conversion meets data.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Callable, NamedTuple, Optional

from schemakit.schema.build import check, col, fk, generated, index, state_machine, table
from schemakit.schema.model import (
    BIGINT, BYTES, DOUBLE, INTEGER, INTERVAL, JSONB, NOW, NUMERIC, REAL, SMALLINT, TEXT, TIME, TIMESTAMPTZ, TIMETZ,
    TINYINT, YEAR, Collation, Column, Enum, IndexMethod, Partitioning, Schema, Unique, array, binary, char, decimal, enum_type,
    default_sql, lit, native, set_of, time, timestamp, timestamptz, unsigned, varbinary, varchar,
)
from tests.data.postgres_cases import LAB, LAB_STATUS, NS

ROWS = [
    "INSERT INTO parent (name, code, tags) VALUES ('p1', 'abc', '{x}')",  # id 1 (identity)
    "INSERT INTO child (parent_id, amount) VALUES (1, '12.5')",
    "INSERT INTO event (id, created_at) VALUES (1, '2026-01-15 10:00:00+00')",
    f"INSERT INTO {NS}.item (owner_id) VALUES (NULL)",
]


def edit(schema: Schema, name: str, namespace: Optional[str] = None, **fields) -> Schema:
    """`schema` with table `name` given `fields`."""
    return schema.replace_table(replace(schema.table(name, namespace), **fields))


def edit_column(schema: Schema, name: str, column: str, namespace: Optional[str] = None, **fields) -> Schema:
    """`schema` with column `column` of table `name` given `fields`."""
    t = schema.table(name, namespace)
    return edit(schema, name, namespace, columns=tuple(replace(c, **fields) if c.name == column else c
                                                      for c in t.columns))


def add_columns(schema: Schema, name: str, *columns: Column, namespace: Optional[str] = None) -> Schema:
    """`schema` with `columns` appended to table `name`."""
    return edit(schema, name, namespace, columns=schema.table(name, namespace).columns + columns)


def grow_enum(schema: Schema, e: Enum, namespace: Optional[str] = None) -> Schema:
    """Every column of the namespace typed `e.name` (or an array of it) retyped to `e`."""
    def fix(c: Column) -> Column:
        if c.type.kind.value == "enum" and c.type.enum.name == e.name:
            return replace(c, type=enum_type(e))
        if c.type.kind.value == "array" and c.type.item.kind.value == "enum" and c.type.item.enum.name == e.name:
            return replace(c, type=array(enum_type(e)))
        return c
    return schema.map_tables(
        lambda t: replace(t, columns=tuple(map(fix, t.columns))) if t.namespace == namespace else t)


class Evolution(NamedTuple):
    id: str
    make: Callable[[Schema], Schema]
    reverse_applies: bool = True  # False: plan(new, LAB) adds a NOT NULL column without default, which
    #                               PostgreSQL rightly refuses on a table with rows


PARENT = LAB.table("parent")
CHILD = LAB.table("child")
GROWN = LAB_STATUS.add_value("archived")
TWO_MORE = GROWN.add_value("lost")


def _without(items, name):
    return tuple(x for x in items if x.name != name)


EVOLUTIONS = [
    # enums
    Evolution("enum_value_added", lambda s: grow_enum(s, GROWN)),
    Evolution("enum_two_values_added_in_namespace", lambda s: grow_enum(s, TWO_MORE, NS)),
    Evolution("enum_value_added_with_enum_array_column", lambda s: grow_enum(
        add_columns(s, "parent", col("history", array(enum_type(LAB_STATUS)), default=lit("{new}"))), GROWN)),
    Evolution("enum_values_reordered", lambda s: grow_enum(s, Enum("lab_status", ("active", "new", "closed")))),
    Evolution("enum_column_becomes_varchar_and_enum_is_dropped",
              lambda s: edit_column(s, "parent", "status", type=varchar(20))),
    Evolution("enum_created_with_a_column", lambda s: add_columns(
        s, "child", col("phase", enum_type(Enum("lab_phase", ("a", "b"))), null=False, default=lit("a")))),
    # column types, nullability, defaults, comments
    Evolution("varchar_to_numeric_with_new_default", lambda s: edit_column(
        s, "child", "amount", type=decimal(8, 2), default=lit(0))),
    Evolution("varchar_to_text_and_timestamp_to_timestamptz", lambda s: edit_column(
        edit_column(s, "parent", "code", type=TEXT), "child", "at", type=TIMESTAMPTZ)),
    Evolution("integer_to_bigint_on_identity_and_foreign_key", lambda s: edit_column(
        edit_column(s, "parent", "id", type=BIGINT), "child", "parent_id", type=BIGINT)),
    Evolution("json_to_jsonb_and_text_array_to_varchar_array", lambda s: edit_column(
        edit_column(s, "child", "options", type=JSONB), "parent", "tags", type=array(varchar(20)))),
    Evolution("not_null_set_and_dropped", lambda s: edit_column(
        edit_column(s, "parent", "code", nullable=False), "event", "kind", nullable=True)),
    Evolution("defaults_changed", lambda s: edit_column(edit_column(edit_column(
        s, "child", "amount", default=lit("none")), "parent", "created_at", default=None), "child", "at", default=NOW)),
    Evolution("comments_changed", lambda s: edit(edit(
        edit_column(edit_column(s, "parent", "timestamp", comment=None), "child", "at", comment="when it's due"),
        "parent", comment="renamed: it's new"), "child", comment="children")),
    # identity and triggers
    Evolution("identity_dropped", lambda s: edit_column(
        edit_column(s, "parent", "id", identity=False), "item", "id", NS, identity=False)),
    Evolution("on_update_dropped", lambda s: edit_column(s, "parent", "updated_at", on_update_now=False)),
    Evolution("on_update_second_column", lambda s: edit_column(s, "parent", "timestamp", on_update_now=True)),
    Evolution("on_update_column_added", lambda s: add_columns(
        s, "child", col("touched_at", TIMESTAMPTZ, null=False, default=NOW, on_update_now=True))),
    Evolution("state_machines_changed", lambda s: edit(edit(
        s, "parent", state_machines=(state_machine("parent_status_flow", "status", [("new", "closed")]),)),
        "item", NS, state_machines=())),
    Evolution("state_machine_added_on_varchar", lambda s: edit(
        s, "child", state_machines=(state_machine("child_amount_flow", "amount", [("n/a", "paid")]),))),
    # columns
    Evolution("not_null_column_without_default_dropped", lambda s: edit(
        s, "parent", columns=_without(PARENT.columns, "name"), checks=_without(PARENT.checks, "parent_name_check")),
              reverse_applies=False),
    Evolution("on_update_and_identity_columns_dropped", lambda s: edit(edit(
        s, "parent", columns=_without(PARENT.columns, "updated_at")), "item", NS,
        columns=_without(s.table("item", NS).columns, "id"), primary_key=(),
        foreign_keys=())),
    # keys, constraints, indexes
    Evolution("primary_key_reordered_and_dropped", lambda s: edit(
        edit(s, "event", primary_key=("created_at", "id")), "item", NS, primary_key=(), foreign_keys=(),
        columns=tuple(replace(c, identity=False) for c in s.table("item", NS).columns))),
    Evolution("constraints_changed", lambda s: edit(edit(
        s, "parent", checks=(check("parent_name_check", "name <> 'worse'"),),
        uniques=(Unique("parent_name_key", ("name",)),)),
        "child", foreign_keys=(fk("parent_id", "parent", name="child_parent_id_fkey").bind("child"),))),
    Evolution("indexes_changed", lambda s: edit(edit(
        s, "parent", indexes=(PARENT.indexes[0], index("parent_open", "status", where="status <> 'closed'"),
                              index("parent_doc_gin", "doc", method=IndexMethod.GIN))),
        "event", indexes=(index("event_kind_only", "kind"),))),
    # partitions
    Evolution("partition_months_added", lambda s: edit(
        s, "event", partitioning=Partitioning("created_at", date(2025, 11, 1), 6))),
    Evolution("empty_partition_months_removed", lambda s: edit(
        s, "event", partitioning=Partitioning("created_at", date(2026, 1, 1), 2))),
    # tables and namespaces
    Evolution("circular_tables_dropped", lambda s: Schema(tuple(
        t for t in s.tables if t.name not in ("parent", "child")))),
    Evolution("namespace_dropped_with_its_enum", lambda s: Schema(tuple(t for t in s.tables if t.namespace != NS))),
    Evolution("table_added_in_new_namespace", lambda s: Schema(s.tables + (table(
        "audit",
        col("id", INTEGER, identity=True),
        col("item_id", INTEGER, null=False),
        col("state", enum_type(Enum("audit_state", ("open", "done"))), null=False, default=lit("open")),
        col("note", TEXT, comment="free text"),
        fk("item_id", "item", ref_namespace=NS, name="audit_item_fkey"),
        state_machine("audit_flow", "state", [("open", "done")]),
        pk="id", namespace="lab_audit"),))),
    Evolution("circular_tables_added", lambda s: Schema(s.tables + (
        table("ring_a", col("id", INTEGER, null=False), col("b_id", INTEGER),
              fk("b_id", "ring_b", name="ring_a_b_fkey"), pk="id"),
        table("ring_b", col("id", INTEGER, null=False), col("a_id", INTEGER),
              fk("a_id", "ring_a", name="ring_b_a_fkey"), pk="id")))),
]


# -- type changes among the model's wider types (tests/test_postgres.py) -----------------------------
# `TYPED` holds one column of each such type, and `TYPED_ROWS` one row whose every value fits both
# the column's type and its new type in `TYPE_CHANGES`: (id, column, new type). Each change is planned
# forward, back and in reverse on that row; the storage CHECKs of the old and new types are swapped.
TYPED = Schema((table(
    "typed",
    col("id", INTEGER, null=False),
    col("code", varchar(8)),
    col("count", INTEGER),
    col("small", TINYINT),
    col("ratio", REAL, default=lit(0.5)),
    col("digest", varbinary(8)),
    col("blob", BYTES),
    col("flags", set_of("a", "b")),
    col("founded", YEAR),
    col("at", timestamp(0)),
    col("opens", TIME),
    col("wait", INTERVAL),
    col("fixed", char(4)),
    col("bin", binary(4)),
    col("tz", TIMETZ),
    col("big", unsigned(BIGINT)),
    col("score", DOUBLE),
    pk="id"),))

TYPED_ROWS = ["INSERT INTO typed VALUES (1, 'abc', 7, 0, 1.5, '\\x0102', '\\x0a0b', 'b,a', 1999, "
              "'2026-01-02 03:04:05', '08:30:00', '1 day', 'ab', '\\x01', '10:00:00+02', 5, 2.5)"]

TYPE_CHANGES = [
    ("varchar_to_char", "code", char(8)),
    ("integer_to_unsigned_integer", "count", unsigned(INTEGER)),
    ("integer_to_unsigned_bigint", "count", unsigned(BIGINT)),
    ("tinyint_to_smallint", "small", SMALLINT),
    ("tinyint_to_unsigned_tinyint", "small", unsigned(TINYINT)),
    ("tinyint_to_year", "small", YEAR),
    ("real_to_double", "ratio", DOUBLE),
    ("real_to_numeric", "ratio", NUMERIC),
    ("varbinary_to_binary", "digest", binary(16)),
    ("varbinary_to_bytes", "digest", BYTES),
    ("bytes_to_varbinary", "blob", varbinary(4)),
    ("set_members_added", "flags", set_of("a", "b", "c")),
    ("set_to_text", "flags", TEXT),
    ("year_to_integer", "founded", INTEGER),
    ("timestamp_0_to_3", "at", timestamp(3)),
    ("timestamp_0_to_timestamptz_3", "at", timestamptz(3)),
    ("time_to_time_0", "opens", time(0)),
    ("time_to_timetz", "opens", TIMETZ),
    ("interval_to_text", "wait", TEXT),
    ("char_to_varchar", "fixed", varchar(4)),
    ("binary_to_varbinary", "bin", varbinary(4)),
    ("timetz_to_time_3", "tz", time(3)),
    ("unsigned_bigint_to_bigint", "big", BIGINT),
    ("double_to_real", "score", REAL),
]

# Column, index and table options (issue #14): each change of OPTIONS plans, applies, rolls back and reverses
# on a row; a generated column whose expression changes is dropped and added (PostgreSQL 15 has no SET
# EXPRESSION), its index made again.
OPTIONS = Schema((table(
    "opts",
    col("id", BIGINT, identity=True),
    col("name", TEXT),
    col("price", decimal(10, 2), null=False, default=lit(1)),
    col("qty", INTEGER, null=False, default=lit(1)),
    col("total", decimal(12, 2), generated=generated("price * qty")),
    col("plain", INTEGER),
    col("at", TIMESTAMPTZ, default=default_sql("clock_timestamp()")),
    col("addr", native("inet", "postgres")),
    index("opts_total_idx", "total"),
    index("opts_name_idx", "name"),
    pk="id"),))

OPTION_ROWS = ["INSERT INTO opts (name, price, qty, plain, addr) VALUES ('Ab', 2.5, 4, 7, '10.0.0.1')"]


def _opts_index(schema: Schema, name: str, *parts, **options) -> Schema:
    t = schema.table("opts")
    return edit(schema, "opts", indexes=tuple(i for i in t.indexes if i.name != name)
                + (index(name, *parts, **options),))


OPTION_CHANGES: list[tuple[str, Callable[[Schema], Schema]]] = [
    ("identity_by_default_to_always", lambda s: edit_column(s, "opts", "id", identity_always=True)),
    ("collation_c", lambda s: edit_column(s, "opts", "name", collation=Collation("C", "postgres"))),
    ("generated_expression_changed", lambda s: edit_column(s, "opts", "total", generated=generated("price * qty * 2"))),
    ("generated_made_plain", lambda s: edit_column(s, "opts", "total", generated=None)),
    ("plain_made_generated", lambda s: edit_column(s, "opts", "plain", generated=generated("qty + 1"))),
    ("expression_default_changed",
     lambda s: edit_column(s, "opts", "at", default=default_sql("statement_timestamp()"))),
    ("literal_default_to_expression", lambda s: edit_column(s, "opts", "qty", default=default_sql("1 + 1"))),
    ("native_inet_to_cidr", lambda s: edit_column(s, "opts", "addr", type=native("cidr", "postgres"))),
    ("native_to_text", lambda s: edit_column(s, "opts", "addr", type=TEXT)),
    ("index_operator_class", lambda s: _opts_index(s, "opts_name_idx", "name text_pattern_ops")),
    ("index_hash", lambda s: _opts_index(s, "opts_name_idx", "name", method=IndexMethod.HASH)),
    ("index_include", lambda s: _opts_index(s, "opts_name_idx", "name", include=("qty",))),
    ("type_change_under_a_generated_column", lambda s: edit_column(s, "opts", "price", type=decimal(14, 3))),
    ("index_brin_added", lambda s: _opts_index(s, "opts_at_brin", "at", method=IndexMethod.BRIN)),
]
