"""Invalid schema definitions, each rejected by `schema.validate.validate`.

Every case starts from the valid `BASE` schema and breaks one rule. `mentions`
are the pieces of text that one single problem line must all contain: the
table and the column or constraint at fault (plus the offending value where
that helps the reader).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import NamedTuple

from schemakit.schema.build import (
    check, col, composite, declared, domain, exclude, expr, fk, index, state_machine, table, unique,
)
from schemakit.schema.model import (
    BOOLEAN, BYTES, INTEGER, REAL, TEXT, TIMESTAMP, TINYINT, YEAR, Action, ColumnType, Enum, IndexMethod, Kind,
    Partitioning, Schema, array, binary, char, domain_type, enum_type, lit, native, set_of, spelled, time, unsigned,
    varbinary, varchar,
)


class Case(NamedTuple):
    """One invalid definition and what its error message must name."""

    id: str
    schema: Schema
    mentions: tuple[str, ...]


STATUS = Enum("status", ("new", "done"))


def parent(*extra, **kw):
    """parent(id identity, code unique, name, status enum): the referenced table."""
    return table("parent", col("id", INTEGER, identity=True), col("code", varchar(10), null=False),
                 col("name", varchar(50)), col("status", enum_type(STATUS), null=False, default=lit("new")),
                 unique("code"), *extra, pk="id", **kw)


def child(*extra, **kw):
    """child(id identity, parent_id -> parent.id, label): the referencing table."""
    return table("child", col("id", INTEGER, identity=True), col("parent_id", INTEGER, null=False),
                 col("label", varchar(50)), fk("parent_id", "parent"), *extra, pk="id", **kw)


def events(*extra, pk=("id", "created_at")):
    """events: range-partitioned by month on created_at."""
    return table("events", col("id", INTEGER, null=False), col("created_at", TIMESTAMP, null=False),
                 col("ref", varchar(20)), *extra, pk=pk,
                 partition=Partitioning("created_at", start=date(2026, 1, 1), months=3))


def schema(*tables) -> Schema:
    """A schema of `tables`."""
    return Schema(tuple(tables))


BASE = schema(parent(), child(), events())

LONG = "x" * 64  # one more than the 63-byte limit
WIDE = "\u00e9" * 40  # 40 characters, 80 bytes in UTF-8: over the 63-byte limit

CASES = [
    Case("fk to a missing table",
         schema(parent(), child(col("owner_id", INTEGER), fk("owner_id", "owner"))),
         ("table child", "child_owner_id_fkey", "'owner'")),
    Case("fk to a missing column",
         schema(parent(), child(col("other_id", INTEGER), fk("other_id", "parent", "nope"))),
         ("table child", "child_other_id_fkey", "nope")),
    Case("fk to a non-key column",
         schema(parent(), child(col("parent_name", varchar(50)), fk("parent_name", "parent", "name"))),
         ("table child", "child_parent_name_fkey", "neither its primary key nor a unique key")),
    Case("fk column type differs from the referenced one",
         schema(parent(), child(col("parent_code", INTEGER), fk("parent_code", "parent", "code"))),
         ("table child", "child_parent_code_fkey", "parent_code")),
    Case("fk set null on a not null column",
         schema(parent(), child(col("p2", INTEGER, null=False), fk("p2", "parent", on_delete=Action.SET_NULL))),
         ("table child", "child_p2_fkey", "SET NULL")),
    Case("duplicate foreign key",
         schema(parent(), child(fk("parent_id", "parent", name="child_parent_again_fkey"))),
         ("table child", "child_parent_again_fkey", "child_parent_id_fkey")),
    Case("duplicate column name",
         schema(parent(), child(col("label", TEXT))),
         ("table child", "column label", "defined twice")),
    Case("duplicate table",
         schema(parent(), child(), child()),
         ("table child", "defined twice")),
    Case("duplicate constraint name in a namespace",
         schema(parent(check("chk_shared", "name <> ''")), child(check("chk_shared", "label <> ''"))),
         ("table child", "chk_shared", "parent")),
    # An index name is per table, as MySQL scopes it (PostgreSQL and SQLite rename one on render), but no
    # other table's constraint may have it.
    Case("index named as another table's constraint",
         schema(parent(check("shared", "name <> ''")), child(index("shared", "label"))),
         ("table child", "shared", "parent")),
    Case("check and index share a name",
         schema(parent(), child(check("child_label", "label <> ''"), index("child_label", "label"))),
         ("table child", "child_label")),
    Case("column name longer than 63 bytes",
         schema(parent(), child(col(LONG, INTEGER))),
         ("table child", LONG, "64 bytes in UTF-8;", "the limit is 63 bytes")),
    Case("constraint name longer than 63 bytes",
         schema(parent(), child(check(LONG, "label <> ''"))),
         ("table child", LONG, "64 bytes in UTF-8;", "the limit is 63 bytes")),
    Case("namespace name of 40 characters and 80 bytes",
         schema(parent(), child(), table("notes", col("id", INTEGER), pk="id", namespace=WIDE)),
         (f"table {WIDE}.notes", f"namespace name {WIDE!r}", "80 bytes in UTF-8 (40 characters)",
          "the limit is 63 bytes")),
    Case("table name of 40 characters and 80 bytes",
         schema(parent(), child(), table(WIDE, col("id", INTEGER), pk="id")),
         (f"table {WIDE}:", f"table name {WIDE!r}", "80 bytes in UTF-8 (40 characters)")),
    Case("column name of 40 characters and 80 bytes",
         schema(parent(), child(col(WIDE, INTEGER))),
         ("table child", f"column name {WIDE!r}", "80 bytes in UTF-8 (40 characters)")),
    Case("enum default not among its values",
         schema(parent(), child(col("state", enum_type(STATUS), default=lit("gone")))),
         ("table child", "column state", "'gone'", "status")),
    Case("unique on a partitioned table without the partition column",
         schema(events(unique("ref"))),
         ("table events", "events_ref_key", "created_at")),
    Case("unique index on a partitioned table without the partition column",
         schema(events(index("idx_events_ref", "ref", unique=True))),
         ("table events", "idx_events_ref", "created_at")),
    Case("partitioned primary key without the partition column",
         schema(events(pk="id")),
         ("table events", "primary key", "created_at")),
    Case("partition column is not a timestamp",
         schema(table("log", col("id", INTEGER), col("at", INTEGER), pk=("id", "at"),
                      partition=Partitioning("at", start=date(2026, 1, 1), months=1))),
         ("table log", "partitioning", "column at")),
    Case("redundant index covered by a unique",
         schema(parent(index("idx_parent_code", "code")), child()),
         ("table parent", "idx_parent_code", "parent_code_key")),
    Case("redundant index that is a prefix of another index",
         schema(parent(), child(index("idx_child_pl", "parent_id", "label"), index("idx_child_p", "parent_id")),
                events()),
         ("table child", "idx_child_p", "idx_child_pl")),
    Case("two identical prefix indexes",
         schema(parent(index("idx_a", "name(8)"), index("idx_b", "name(8)")), child()),
         ("table parent", "idx_b", "idx_a")),
    Case("two identical unique indexes",
         schema(parent(index("idx_u1", "name", unique=True), index("idx_u2", "name", unique=True)), child()),
         ("table parent", "idx_u2", "idx_u1")),
    Case("nullable identity column beside the primary key",
         schema(table("tag", col("id", INTEGER), replace(col("seq", INTEGER, identity=True), nullable=True), pk="id")),
         ("table tag", "column seq", "NOT NULL", "null=False")),
    Case("identity column that is not an integer",
         schema(table("tag", col("id", INTEGER), col("seq", TEXT, identity=True), pk="id")),
         ("table tag", "column seq", "identity", "integer")),
    Case("identity drawn from a sequence on a column that is not an identity",
         schema(table("tag", replace(col("id", INTEGER, null=False), identity_sequence=True), pk="id")),
         ("table tag", "column id", "identity_sequence", 'identity="sequence"')),
    Case("identity column of a text type",
         schema(table("tag", col("id", varchar(10), identity=True), pk="id")),
         ("table tag", "column id", "identity")),
    Case("check referencing a missing column",
         schema(parent(), child(check("child_size_check", "size > 0"))),
         ("table child", "child_size_check", "'size'")),
    Case("unparsable check",
         schema(parent(), child(check("child_label_check", "label >= AND"))),
         ("table child", "child_label_check", "cannot parse")),
    Case("check with PostgreSQL's prefix @ whose operand sqlglot would cut short",
         schema(parent(), child(check("child_parent_check", "@ parent_id - 10 > 3"))),
         ("table child", "child_parent_check", "write @ (...)")),
    Case("partial index predicate on a missing column",
         schema(parent(), child(index("idx_child_live", "label", where="NOT archived"))),
         ("table child", "idx_child_live", "'archived'")),
    Case("index expression on a missing column",
         schema(parent(), child(index("idx_child_lower", expr("lower(title)")))),
         ("table child", "idx_child_lower", "'title'")),
    Case("reserved sk_ constraint name",
         schema(parent(), child(check("sk_child_check", "label <> ''"))),
         ("table child", "sk_child_check", "reserves")),
    Case("reserved sk_ column name",
         schema(parent(), child(col("sk_hidden", INTEGER))),
         ("table child", "sk_hidden", "reserves")),
    Case("varchar default longer than its length",
         schema(parent(), child(col("code", varchar(3), default=lit("abcd")))),
         ("table child", "column code", "'abcd'", "varchar(3)")),
    Case("varchar without a length",
         schema(parent(), child(col("note", ColumnType(Kind.VARCHAR)))),
         ("table child", "column note", "positive length")),
    Case("boolean default that is not a boolean",
         schema(parent(), child(col("flag", BOOLEAN, default=lit(0)))),
         ("table child", "column flag", "True or False")),
    Case("on_update_now on a non-timestamp column",
         schema(parent(), child(col("touched", INTEGER, on_update_now=True))),
         ("table child", "column touched", "on_update_now")),
    Case("state machine state not in the enum",
         schema(parent(state_machine("parent_flow", "status", [("new", "archived")])), child()),
         ("table parent", "parent_flow", "archived")),
    Case("soft-delete column missing",
         schema(parent(soft_delete="deleted_at"), child()),
         ("table parent", "soft_delete", "deleted_at")),
    Case("soft-delete column not nullable",
         schema(parent(col("deleted_at", TIMESTAMP, null=False), soft_delete="deleted_at"), child()),
         ("table parent", "column deleted_at", "soft-delete")),
    Case("GIN index over two columns",
         schema(parent(), child(index("idx_child_gin", "label", "parent_id", method=IndexMethod.GIN))),
         ("table child", "idx_child_gin", "GIN")),
    # -- the types of issue #14 ------------------------------------------------------------------
    Case("char longer than 255",
         schema(parent(), child(col("code", char(256)))),
         ("table child", "column code", "from 1 to 255")),
    Case("binary of length 0",
         schema(parent(), child(col("digest", binary(0)))),
         ("table child", "column digest", "from 1 to 255")),
    Case("varbinary without a length",
         schema(parent(), child(col("blob", ColumnType(Kind.VARBINARY)))),
         ("table child", "column blob", "positive length")),
    Case("unsigned text",
         schema(parent(), child(col("word", unsigned(TEXT)))),
         ("table child", "column word", "only an integer type can be unsigned")),
    Case("time precision 7",
         schema(parent(), child(col("at", time(7)))),
         ("table child", "column at", "0 to 6")),
    Case("set with a repeated member",
         schema(parent(), child(col("tags", set_of("a", "b", "a")))),
         ("table child", "column tags", "distinct")),
    Case("set member with a comma",
         schema(parent(), child(col("tags", set_of("a,b")))),
         ("table child", "column tags", "without commas")),
    Case("set default outside its members",
         schema(parent(), child(col("tags", set_of("a", "b"), default=lit("a,c")))),
         ("table child", "column tags", "'a,c'")),
    Case("tinyint default out of range",
         schema(parent(), child(col("n", TINYINT, default=lit(200)))),
         ("table child", "column n", "200", "outside the range")),
    Case("unsigned default below zero",
         schema(parent(), child(col("n", unsigned(INTEGER), default=lit(-1)))),
         ("table child", "column n", "-1", "outside the range")),
    Case("char default longer than its length",
         schema(parent(), child(col("code", char(2), default=lit("USA")))),
         ("table child", "column code", "'USA'")),
    Case("binary default that is not hex",
         schema(parent(), child(col("digest", BYTES, default=lit("xyz")))),
         ("table child", "column digest", "hex")),
    Case("varbinary default longer than its length",
         schema(parent(), child(col("digest", varbinary(1), default=lit("00ff")))),
         ("table child", "column digest", "hex")),
    Case("real default that is text",
         schema(parent(), child(col("w", REAL, default=lit("heavy")))),
         ("table child", "column w", "number")),
    Case("year default that is a boolean",
         schema(parent(), child(col("y", YEAR, default=lit(True)))),
         ("table child", "column y", "number")),
    Case("numeric with a scale and no precision",
         schema(parent(), child(col("n", ColumnType(Kind.DECIMAL, scale=2)))),
         ("table child", "column n", "no scale")),
    Case("fk on update set null on a not null column",
         schema(parent(), child(col("p3", INTEGER, null=False), fk("p3", "parent", on_update=Action.SET_NULL))),
         ("table child", "child_p3_fkey", "ON UPDATE SET NULL")),
    Case("fk from a char column to a binary key",
         schema(parent(col("digest", binary(4), null=False), unique("digest")),
                child(col("parent_digest", char(4)), fk("parent_digest", "parent", "digest"))),
         ("table child", "child_parent_digest_fkey", "parent_digest")),
    # a type spelling goes into DDL verbatim: only a type name passes
    Case("native type spelling with a second statement",
         schema(parent(), child(col("addr", native("inet); DROP TABLE parent; --", "postgres")))),
         ("table child", "column addr", "not a type name")),
    # no spelling: a column without a declared type, which only an engine that has them may name
    # (`dialects.untyped_origins`: SQLite); PostgreSQL would refuse the column
    Case("native type without a spelling of an engine whose columns all have a type",
         schema(parent(), child(col("addr", native("", "postgres")))),
         ("table child", "column addr", "needs its engine's spelling", "only sqlite")),
    Case("native type spelled with blanks only",
         schema(parent(), child(col("addr", native(" ", "sqlite")))),
         ("table child", "column addr", "needs its engine's spelling")),
    Case("spelled type with a second clause",
         schema(parent(), child(col("body", spelled(TEXT, "text, evil int", "mysql")))),
         ("table child", "column body", "not a type name")),
    Case("exclusion operator that is no operator",
         schema(parent(), child(exclude("child_excl", ("id", "= 1 OR 1")))),
         ("table child", "child_excl", "not an operator")),
    # domains: a CHECK over VALUE alone, one definition per namespace, a scalar base
    Case("domain CHECK naming a column",
         schema(parent(), child(col("qty", domain_type(domain("qty", INTEGER, check("qty_ok", "VALUE < parent_id")))))),
         ("table child", "column qty", "domain 'qty'", "qty_ok", "VALUE only", "parent_id")),
    Case("domain defined twice with different rules",
         schema(parent(col("a", domain_type(domain("amount", INTEGER, check("amount_ok", "VALUE > 0"))))),
                child(col("b", domain_type(domain("amount", INTEGER, check("amount_ok", "VALUE >= 0")))))),
         ("table child", "column b", "domain 'amount'", "defined twice")),
    Case("domain over an array",
         schema(parent(), child(col("tags", domain_type(domain("tags", array(TEXT)))))),
         ("table child", "column tags", "domain 'tags'", "scalar base type")),
    Case("domain CHECK that does not parse",
         schema(parent(), child(col("qty", domain_type(domain("qty", INTEGER, check("qty_ok", "VALUE >> >")))))),
         ("table child", "column qty", "domain 'qty'", "qty_ok")),
    Case("domain default of another type",
         schema(parent(), child(col("qty", domain_type(domain("qty", INTEGER, default=lit("many")))))),
         ("table child", "column qty", "many")),
    # types declared by themselves (Schema.types)
    Case("declared enum differs from a column's enum of that name",
         replace(schema(parent(), child()), types=(declared(Enum("status", ("open",))),)),
         ("enum status", "declared twice")),
    Case("declared enum repeats a value",
         replace(schema(parent(), child()), types=(declared(Enum("mood", ("up", "up"))),)),
         ("enum mood", "repeats a value")),
    Case("declared composite repeats a field",
         replace(schema(parent(), child()), types=(declared(composite("pair", ("a", INTEGER), ("a", TEXT))),)),
         ("composite pair", "repeated")),
    Case("declared composite without fields",
         replace(schema(parent(), child()), types=(declared(composite("nothing")),)),
         ("composite nothing", "needs fields")),
]
