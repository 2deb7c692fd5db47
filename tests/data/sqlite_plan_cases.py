"""Data for the planner tests in tests/test_sqlite.py: evolutions of a lab schema.

`LAB` has what makes SQLite's planning special: tables that reference each
other with every ON DELETE action (CASCADE, SET NULL, RESTRICT, NO ACTION),
a self reference and a cycle, so a rebuild must carry the referencing tables
along; comments (``--`` lines in the stored CREATE TABLE text, which ADD and
DROP COLUMN edit); an AUTOINCREMENT identity; an enum used by two tables;
triggers; an attached namespace. `ROWS` puts one row in every table (every
foreign key filled) before a migration. Each `Evolution` is `LAB` changed in
one respect.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, NamedTuple, Optional

from schemakit.schema.build import check, col, fk, generated, index, state_machine, table, unique
from schemakit.schema.model import (
    BIGINT, BYTES, DOUBLE, INTEGER, JSON, NOW, NUMERIC, REAL, SMALLINT, TEXT, TIME, TIMESTAMP, TINYINT, UUID, YEAR,
    Action, Collation, ColumnType, Enum, GEN_UUID, IndexMethod, Schema, Unique, binary, char, decimal, default_sql, enum_type,
    lit, set_of, time, timestamp, unsigned, varbinary, varchar,
)
from tests.data.postgres_plan_cases import add_columns, edit, edit_column, grow_enum  # engine-neutral edits

STATUS = Enum("lab_status", ("new", "active", "closed"))
GROWN = STATUS.add_value("archived")
NS = "lab_ns"

parent = table(
    "parent",
    col("id", INTEGER, identity=True),
    col("name", varchar(20), null=False, comment="shown to people, unique"),
    col("status", enum_type(STATUS), null=False, default=lit("new")),
    col("code", varchar(8)),
    col("created_at", TIMESTAMP, null=False, default=NOW),
    col("updated_at", TIMESTAMP, null=False, default=NOW, on_update_now=True),
    col("score", INTEGER, default=lit(0), comment="0 or more"),
    col("memo", TEXT),
    check("parent_score_check", "score >= 0"),
    unique("name", name="parent_name_key"),
    index("parent_status_idx", "status"),
    state_machine("parent_status_flow", "status", [("new", "active"), ("active", "closed")]),
    pk="id",
    comment="Lab parent: it's quoted, -- and dashed",
)

child = table(
    "child",
    col("id", UUID, default=GEN_UUID),
    col("parent_id", INTEGER, null=False),
    col("amount", decimal(8, 2)),
    col("note", TEXT),
    col("doc", JSON),
    fk("parent_id", "parent", on_delete=Action.CASCADE, name="child_parent_fkey"),
    index("child_parent_idx", "parent_id"),
    pk="id",
)

grandchild = table(
    "grandchild",
    col("id", BIGINT, null=False),
    col("child_id", UUID),
    col("kind", enum_type(STATUS), comment="the parent's enum, again"),
    fk("child_id", "child", on_delete=Action.SET_NULL, name="grandchild_child_fkey"),
    pk="id",
)

# A self reference (RESTRICT) and a cycle (NO ACTION): rebuilding a table of either drops a table
# that a table with rows still references while the rebuild runs.
node = table(
    "node",
    col("id", INTEGER, null=False),
    col("up_id", INTEGER),
    col("parent_id", INTEGER),
    fk("up_id", "node", on_delete=Action.RESTRICT, name="node_up_fkey"),
    fk("parent_id", "parent", on_delete=Action.RESTRICT, name="node_parent_fkey"),
    pk="id",
)

ring_a = table("ring_a", col("id", INTEGER, null=False), col("b_id", INTEGER),
               fk("b_id", "ring_b", name="ring_a_b_fkey"), pk="id")
ring_b = table("ring_b", col("id", INTEGER, null=False), col("a_id", INTEGER), col("label", varchar(10)),
               fk("a_id", "ring_a", name="ring_b_a_fkey"), pk="id")

owner = table("owner", col("id", INTEGER, identity=True), col("name", TEXT, null=False), pk="id", namespace=NS)
item = table(
    "item",
    col("id", INTEGER, null=False),
    col("owner_id", INTEGER, null=False),
    col("state", enum_type(STATUS), null=False, default=lit("new")),
    fk("owner_id", "owner", on_delete=Action.CASCADE, name="item_owner_fkey"),
    index("item_owner_idx", "owner_id"),
    pk="id",
    namespace=NS,
)

LAB = Schema((parent, child, grandchild, node, ring_a, ring_b, owner, item))

CHILD_ID = "6f1c2a9e-3b7d-4c1e-9a2b-5d8e7f6a1b2c"
ROWS = [
    "INSERT INTO parent (name, code) VALUES ('p1', 'abc')",  # id 1
    f"INSERT INTO child (id, parent_id, amount, doc) VALUES ('{CHILD_ID}', 1, 12.5, '[1]')",
    f"INSERT INTO grandchild (id, child_id, kind) VALUES (1, '{CHILD_ID}', 'active')",
    "INSERT INTO node (id, up_id, parent_id) VALUES (1, 1, 1)",
    "INSERT INTO ring_a (id, b_id) VALUES (1, NULL)",
    "INSERT INTO ring_b (id, a_id) VALUES (1, 1)",
    "UPDATE ring_a SET b_id = 1",
    f"INSERT INTO {NS}.owner (name) VALUES ('o1')",
    f"INSERT INTO {NS}.item (id, owner_id) VALUES (1, 1)",
]


def drop_column(schema: Schema, name: str, column: str, namespace: Optional[str] = None) -> Schema:
    """`schema` without column `column` of table `name`."""
    t = schema.table(name, namespace)
    return edit(schema, name, namespace, columns=tuple(c for c in t.columns if c.name != column))


class Evolution(NamedTuple):
    id: str
    make: Callable[[Schema], Schema]
    direct: bool = False  # True: no step rebuilds a table (ALTER TABLE, indexes, triggers only)
    reverse_applies: bool = True  # False: plan(new, LAB) adds a NOT NULL column without default


def _without(items, name):
    return tuple(x for x in items if x.name != name)


EVOLUTIONS = [
    # enums: a CHECK lists the values, so every table using the enum is rebuilt
    Evolution("enum_value_added", lambda s: grow_enum(s, GROWN)),
    Evolution("enum_values_reordered", lambda s: grow_enum(s, Enum("lab_status", ("active", "new", "closed")))),
    Evolution("enum_value_added_in_namespace", lambda s: grow_enum(s, GROWN, NS)),
    # columns added with ALTER TABLE ADD COLUMN
    Evolution("nullable_columns_added", lambda s: add_columns(
        s, "parent", col("extra", varchar(5)), col("flag", enum_type(STATUS), null=False, default=lit("closed"))),
              direct=True),
    Evolution("not_null_column_with_default_added_beside_comments", lambda s: add_columns(
        s, "grandchild", col("weight", decimal(6, 3), null=False, default=lit("1.5"))), direct=True),
    Evolution("foreign_key_column_added", lambda s: add_columns(edit(
        s, "child", foreign_keys=s.table("child").foreign_keys + (fk(
            "ring_id", "ring_a", on_delete=Action.SET_NULL, name="child_ring_fkey").bind("child"),)),
        "child", col("ring_id", INTEGER)), direct=True),
    Evolution("on_update_column_added_with_a_literal_default", lambda s: add_columns(
        s, "child", col("seen_at", TIMESTAMP, null=False, default=lit("2026-01-01 00:00:00"), on_update_now=True)),
              direct=True),
    Evolution("columns_of_the_new_kinds_added", lambda s: add_columns(
        s, "child", col("code", char(4), null=False, default=lit("ab")), col("digest", varbinary(4), default=lit("00ff")),
        col("ratio", REAL, default=lit(0.5)), col("opens", time(0)), col("flags", set_of("a", "b")),
        col("big", unsigned(BIGINT), null=False, default=lit(0))), direct=True),
    # columns added by a rebuild
    Evolution("column_with_now_default_added", lambda s: add_columns(
        s, "ring_b", col("at", TIMESTAMP, null=False, default=NOW))),
    Evolution("column_with_comment_added", lambda s: add_columns(s, "parent", col("extra", TEXT, comment="new"))),
    Evolution("column_added_between_others", lambda s: edit(s, "child", columns=(
        s.table("child").columns[:2] + (col("rank", INTEGER),) + s.table("child").columns[2:]))),
    Evolution("identity_column_added", lambda s: edit(
        add_columns(s, "grandchild", col("seq", INTEGER, null=False, identity=True)), "grandchild", primary_key=("seq",))),
    # columns dropped
    Evolution("free_column_dropped", lambda s: drop_column(s, "child", "note"), direct=True),
    Evolution("on_update_column_dropped", lambda s: drop_column(s, "parent", "updated_at"), direct=True),
    Evolution("last_column_dropped_beside_comments", lambda s: drop_column(s, "parent", "memo")),
    Evolution("commented_column_dropped", lambda s: edit(
        drop_column(s, "parent", "score"), "parent", checks=())),
    Evolution("not_null_column_without_default_dropped", lambda s: edit(
        drop_column(s, "parent", "name"), "parent", uniques=()), reverse_applies=False),
    # column properties: a rebuild each
    Evolution("varchar_widened_and_narrowed", lambda s: edit_column(
        edit_column(s, "parent", "code", type=varchar(30)), "ring_b", "label", type=varchar(5))),
    Evolution("types_changed", lambda s: edit_column(edit_column(
        s, "child", "amount", type=TEXT), "grandchild", "kind", type=varchar(10))),
    Evolution("not_null_set_and_dropped", lambda s: edit_column(
        edit_column(s, "parent", "code", nullable=False), "parent", "created_at", nullable=True)),
    Evolution("defaults_changed", lambda s: edit_column(edit_column(
        s, "parent", "score", default=lit(5)), "child", "note", default=lit("none"))),
    Evolution("comments_changed", lambda s: edit(
        edit_column(edit_column(s, "parent", "name", comment=None), "child", "note", comment="it's, a note"),
        "grandchild", comment="grand")),
    Evolution("identity_dropped", lambda s: edit_column(s, "parent", "id", identity=False)),
    Evolution("on_update_moved", lambda s: edit_column(edit_column(
        s, "parent", "updated_at", on_update_now=False), "parent", "created_at", on_update_now=True), direct=True),
    # keys, constraints, indexes, state machines
    Evolution("primary_key_changed", lambda s: edit(s, "item", NS, primary_key=("owner_id", "id"))),
    Evolution("constraints_changed", lambda s: edit(edit(
        s, "parent", checks=(check("parent_score_check", "score >= 0 AND score < 1000"),),
        uniques=(Unique("parent_name_key", ("name", "code")),)),
        "grandchild", foreign_keys=(fk("child_id", "child", on_delete=Action.CASCADE,
                                       name="grandchild_child_fkey").bind("grandchild"),))),
    Evolution("foreign_key_on_update_set", lambda s: edit(
        s, "grandchild", foreign_keys=(fk("child_id", "child", on_delete=Action.SET_NULL, on_update=Action.CASCADE,
                                          name="grandchild_child_fkey").bind("grandchild"),))),
    Evolution("foreign_key_dropped_with_its_index", lambda s: edit(
        s, "child", foreign_keys=(), indexes=())),
    Evolution("indexes_changed", lambda s: edit(edit(
        s, "parent", indexes=(index("parent_code_idx", "code DESC", where="code IS NOT NULL"),)),
        "item", NS, indexes=(index("item_state_idx", "state", "owner_id"),)), direct=True),
    Evolution("state_machine_changed", lambda s: edit(
        s, "parent", state_machines=(state_machine("parent_status_flow", "status", [("new", "closed")]),)),
              direct=True),
    Evolution("table_comment_changed", lambda s: edit(s, "ring_a", comment="the ring's first half")),
    # column and table options: a rebuild each, but a VIRTUAL generated column ADD COLUMN adds
    Evolution("table_made_loose", lambda s: edit(s, "ring_a", strict=False)),
    Evolution("stored_generated_column_added", lambda s: add_columns(
        s, "child", col("twice", decimal(10, 2), generated=generated("amount * 2")))),
    Evolution("virtual_generated_column_added", lambda s: add_columns(
        s, "child", col("loud", TEXT, generated=generated("upper(note)", stored=False))), direct=True),
    Evolution("collation_set", lambda s: edit_column(s, "parent", "memo", collation=Collation("NOCASE", "sqlite"))),
    Evolution("expression_default_set", lambda s: edit_column(s, "child", "note", default=default_sql("'n' || 'a'"))),
    Evolution("index_include_and_method_set", lambda s: edit(s, "child", indexes=(
        index("child_parent_idx", "parent_id", include=("amount",)), index("child_note_hash", "note", method=IndexMethod.HASH))),
              direct=True),
    # tables
    Evolution("circular_tables_dropped", lambda s: Schema(tuple(
        t for t in s.tables if t.name not in ("ring_a", "ring_b"))), direct=True),
    Evolution("tables_added", lambda s: Schema(s.tables + (
        table("extra_a", col("id", INTEGER, null=False), col("b_id", INTEGER), col("parent_id", INTEGER),
              fk("b_id", "extra_b", name="extra_a_b_fkey"), fk("parent_id", "parent", name="extra_a_parent_fkey"),
              pk="id", comment="new: circular"),
        table("extra_b", col("id", INTEGER, null=False), col("a_id", INTEGER),
              fk("a_id", "extra_a", name="extra_b_a_fkey"), pk="id"),
        table("audit", col("id", INTEGER, identity=True), col("item_id", INTEGER),
              fk("item_id", "item", name="audit_item_fkey"), pk="id", namespace=NS))), direct=True),
]


# -- type changes among the kinds SQLite holds through storage CHECKs ---------------------------------
class TypeChange(NamedTuple):
    """A column of type `old` holding `value`, changed to `new` (a table rebuild) and back."""

    old: ColumnType
    new: ColumnType
    value: object


TYPE_CHANGES = [
    TypeChange(varchar(8), char(8), "abc"),
    TypeChange(char(2), TEXT, "ab"),
    TypeChange(REAL, DOUBLE, 1.5),
    TypeChange(INTEGER, unsigned(INTEGER), 7),
    TypeChange(TINYINT, SMALLINT, -5),
    TypeChange(unsigned(TINYINT), unsigned(BIGINT), 200),
    TypeChange(timestamp(0), timestamp(3), "2026-01-01 10:00:00"),
    TypeChange(TIMESTAMP, timestamp(0), "2026-01-01 10:00:00"),
    TypeChange(time(0), TIME, "08:30:00"),
    TypeChange(varbinary(4), BYTES, b"\x00\x01"),
    TypeChange(binary(2), varbinary(4), b"\x01"),
    TypeChange(set_of("a", "b"), set_of("a", "b", "c"), "a,b"),
    TypeChange(YEAR, SMALLINT, 2024),
    TypeChange(NUMERIC, decimal(10, 2), 12.5),
]


# -- prismq's second migration (seed 000, "Content Type Extensibility") ------------------------------
_REVIEW_TYPE_CHECK_V1 = check("review_type_check", """
    (review_type = 'title' AND reviewed_title_version_id IS NOT NULL AND reviewed_script_version_id IS NULL) OR
    (review_type = 'script' AND reviewed_script_version_id IS NOT NULL AND reviewed_title_version_id IS NULL) OR
    (review_type = 'story' AND reviewed_title_version_id IS NOT NULL AND reviewed_script_version_id IS NOT NULL)
""")


def prismq_v1() -> Schema:
    """prismq before its second migration: the catalog without summaries."""
    from schemakit.schema import catalog
    v2 = catalog.load("prismq")

    def before(t):
        kept = lambda items: tuple(x for x in items if "summary" not in x.name)  # noqa: E731
        t = replace(t, columns=kept(t.columns), foreign_keys=kept(t.foreign_keys), indexes=kept(t.indexes))
        if t.name == "review":
            t = replace(t, checks=tuple(_REVIEW_TYPE_CHECK_V1 if k.name == "review_type_check" else k
                                        for k in t.checks))
        return t
    v1 = Schema(tuple(before(t) for t in v2.tables if t.name != "summary_version"))
    return grow_enum(v1, Enum("review_type", ("title", "script", "story")))


STORY_ID = "0b7c6f2e-1a2b-4c3d-8e9f-0123456789ab"
TITLE_ID = "1b7c6f2e-1a2b-4c3d-8e9f-0123456789ab"
PRISMQ_ROWS = [
    "INSERT INTO idea (title, concept, genre) VALUES ('t', 'c', 'drama')",
    f"INSERT INTO story (id, idea_id) SELECT '{STORY_ID}', id FROM idea",
    f"INSERT INTO title_version (id, story_id, version, text) VALUES ('{TITLE_ID}', '{STORY_ID}', 1, 'A title')",
    f"UPDATE story SET current_title_version_id = '{TITLE_ID}'",
    f"INSERT INTO script_version (story_id, version, text) VALUES ('{STORY_ID}', 1, 'A script')",
    f"INSERT INTO review (story_id, review_type, reviewed_title_version_id, feedback, score) "
    f"VALUES ('{STORY_ID}', 'title', '{TITLE_ID}', 'good', 90)",
    f"INSERT INTO story_metrics (story_id) VALUES ('{STORY_ID}')",
]
