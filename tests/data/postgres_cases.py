"""Data for tests/test_postgres.py: the lab schema, behaviour cases, expected degradations.

`LAB` exercises every feature the PostgreSQL dialect implements with DDL of
its own making (identity, enums, on_update_now, state machine, partitions,
partial and GIN indexes, a unique prefix index, json/jsonb checks, circular
foreign keys, a second namespace). Each `Case` runs its `steps` on a fresh
database holding `LAB`; every step but the last must succeed, and the last
one's outcome must match `expect`.
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple, Optional, Union

from schemakit.schema.build import check, col, fk, index, state_machine, table
from schemakit.schema.model import (
    BIGINT, BOOLEAN, BYTES, DOUBLE, GEN_UUID, INTEGER, INTERVAL, JSON, JSONB, NOW, NUMERIC, REAL, SMALLINT, TEXT,
    TIME, TIMESTAMP, TIMESTAMPTZ, TIMETZ, UUID, Action, ColumnType, Enum, IndexMethod, Kind, Partitioning, Schema,
    array, char, decimal, enum_type, lit, time, timestamp, timestamptz, varchar,
)

LAB_STATUS = Enum("lab_status", ("new", "active", "closed"))
NS = "lab_ns"

parent = table(
    "parent",
    col("id", INTEGER, identity=True),
    col("name", varchar(5), null=False),
    col("status", enum_type(LAB_STATUS), null=False, default=lit("new")),
    col("code", varchar(40)),
    col("doc", JSONB, default=lit("[]")),
    col("tags", array(TEXT)),
    col("favourite_child_id", UUID),
    col("created_at", TIMESTAMPTZ, null=False, default=NOW),
    col("updated_at", TIMESTAMP, null=False, default=NOW, on_update_now=True),
    col("timestamp", TIMESTAMP, comment="a keyword as a column name"),
    check("parent_name_check", "name <> 'bad'"),
    check("parent_doc_check", "json_array_length(doc) <= 2"),
    state_machine("parent_status_flow", "status", [("new", "active"), ("active", "closed")]),
    index("parent_code_prefix", "code(3)", unique=True),
    index("parent_tags_gin", "tags", method=IndexMethod.GIN),
    index("parent_open", "status", where="status NOT IN ('new', 'closed')"),
    fk("favourite_child_id", "child", name="parent_favourite_child_fkey"),
    pk="id",
    comment="Lab parent: it's quoted",
)

child = table(
    "child",
    col("id", UUID, default=GEN_UUID),
    col("parent_id", INTEGER, null=False),
    col("is_root", BOOLEAN, null=False, default=lit(False)),
    col("options", JSON, null=False, default=lit("[]")),
    col("at", TIMESTAMP),
    col("amount", varchar(10), default=lit("n/a")),
    fk("parent_id", "parent", on_delete=Action.CASCADE),
    index("child_one_root", "parent_id", unique=True, where="is_root"),
    index("child_amount_desc", "amount DESC"),
    check("child_root_no_options", "NOT is_root OR json_array_length(options) = 0"),
    pk="id",
)

event = table(
    "event",
    col("id", INTEGER, null=False),
    col("created_at", TIMESTAMPTZ, null=False),
    col("kind", varchar(10), null=False, default=lit("x")),
    index("event_kind", "kind", "created_at DESC"),
    pk=("id", "created_at"),
    partition=Partitioning("created_at", date(2026, 1, 1), 3),
)

ns_item = table(
    "item",
    col("id", INTEGER, identity=True),
    col("status", enum_type(LAB_STATUS), null=False, default=lit("new")),
    col("owner_id", INTEGER),
    fk("owner_id", "item", name="item_owner_fkey", on_delete=Action.SET_NULL),
    state_machine("item_status_flow", "status", [("new", "closed")]),
    pk="id",
    namespace=NS,
)

LAB = Schema((parent, child, event, ns_item))


class Rejected(NamedTuple):
    """The last step fails with this SQLSTATE (and constraint name / message fragment)."""

    sqlstate: str
    constraint: Optional[str] = None
    message: Optional[str] = None


class Rows(NamedTuple):
    """The last step (a query) returns exactly these rows."""

    rows: list[tuple]


ACCEPTED = Rows([])  # a statement that returns no rows and raises nothing


class Case(NamedTuple):
    id: str
    steps: list[str]
    expect: Union[Rejected, Rows]


P = "INSERT INTO parent (name) VALUES ('p1')"  # parent id 1
E = "INSERT INTO event (id, created_at) VALUES"

CASES = [
    Case("varchar_too_long", ["INSERT INTO parent (name) VALUES ('abcdef')"], Rejected("22001")),
    Case("varchar_fits", ["INSERT INTO parent (name) VALUES ('abcde')"], ACCEPTED),
    Case("named_check", ["INSERT INTO parent (name) VALUES ('bad')"], Rejected("23514", "parent_name_check")),
    Case("jsonb_check_uses_jsonb_function", ["INSERT INTO parent (name, doc) VALUES ('p', '[1,2,3]')"],
         Rejected("23514", "parent_doc_check")),
    Case("jsonb_check_accepts", ["INSERT INTO parent (name, doc) VALUES ('p', '[1,2]')"], ACCEPTED),
    Case("enum_rejects_unknown", ["INSERT INTO parent (name, status) VALUES ('p', 'nope')"], Rejected("22P02")),
    Case("enum_default", [P, "SELECT status::text FROM parent"], Rows([("new",)])),
    Case("state_machine_allowed", [P, "UPDATE parent SET status = 'active'", "SELECT status::text FROM parent"],
         Rows([("active",)])),
    Case("state_machine_rejects", [P, "UPDATE parent SET status = 'closed'"],
         Rejected("23514", "parent_status_flow", "state machine parent_status_flow: new -> closed")),
    Case("state_machine_no_change", [P, "UPDATE parent SET status = 'new', name = 'p2'"], ACCEPTED),
    Case("state_machine_backwards", [P, "UPDATE parent SET status = 'active'", "UPDATE parent SET status = 'new'"],
         Rejected("23514", "parent_status_flow")),
    Case("state_machine_in_namespace", [f"INSERT INTO {NS}.item DEFAULT VALUES",
                                         f"UPDATE {NS}.item SET status = 'active'"],
         Rejected("23514", "item_status_flow", "item_status_flow")),
    Case("identity_generates", [P, P, "SELECT id FROM parent ORDER BY id"], Rows([(1,), (2,)])),
    Case("identity_after_explicit_id", [P, "INSERT INTO parent (id, name) VALUES (10, 'x')", P,
                                        "SELECT id FROM parent ORDER BY id"], Rows([(1,), (10,), (11,)])),
    Case("identity_explicit_first", ["INSERT INTO parent (id, name) VALUES (1, 'x')", P,
                                     "SELECT id FROM parent ORDER BY id"], Rows([(1,), (2,)])),
    Case("uuid_default_is_v4", [P, "INSERT INTO child (parent_id) VALUES (1)",
                                "SELECT substr(id::text, 15, 1), substr(id::text, 20, 1) IN ('8', '9', 'a', 'b') "
                                "FROM child"], Rows([("4", True)])),
    Case("timestamp_keeps_microseconds", [P, "INSERT INTO child (parent_id, at) VALUES (1, '2026-01-02 03:04:05.123456')",
                                          "SELECT at::text FROM child"], Rows([("2026-01-02 03:04:05.123456",)])),
    Case("on_update_sets_now", [P, "UPDATE parent SET updated_at = '2000-01-01'", "UPDATE parent SET name = 'p2'",
                                "SELECT updated_at > '2020-01-01' FROM parent"], Rows([(True,)])),
    Case("on_update_keeps_explicit", [P, "UPDATE parent SET name = 'p2', updated_at = '2001-02-03 04:05:06'",
                                      "SELECT updated_at::text FROM parent"], Rows([("2001-02-03 04:05:06",)])),
    Case("partial_unique_index", [P, "INSERT INTO child (parent_id, is_root) VALUES (1, TRUE)",
                                  "INSERT INTO child (parent_id, is_root) VALUES (1, FALSE)",
                                  "INSERT INTO child (parent_id, is_root) VALUES (1, TRUE)"],
         Rejected("23505", "child_one_root")),
    Case("json_check", [P, "INSERT INTO child (parent_id, is_root, options) VALUES (1, TRUE, '[1]')"],
         Rejected("23514", "child_root_no_options")),
    Case("json_default", [P, "INSERT INTO child (parent_id) VALUES (1)", "SELECT options::text FROM child"],
         Rows([("[]",)])),
    Case("unique_prefix_judged_on_prefix", ["INSERT INTO parent (name, code) VALUES ('a', 'abcX')",
                                            "INSERT INTO parent (name, code) VALUES ('b', 'abcY')"],
         Rejected("23505", "parent_code_prefix")),
    Case("foreign_key_named", ["INSERT INTO child (parent_id) VALUES (42)"], Rejected("23503", "child_parent_id_fkey")),
    Case("circular_foreign_key", [P, "UPDATE parent SET favourite_child_id = gen_random_uuid()"],
         Rejected("23503", "parent_favourite_child_fkey")),
    Case("cascade_delete", [P, "INSERT INTO child (parent_id) VALUES (1)", "DELETE FROM parent",
                            "SELECT count(*) FROM child"], Rows([(0,)])),
    Case("partition_routes", [f"{E} (1, '2026-03-31 23:59:59.999999+00')",
                              "SELECT tableoid::regclass::text FROM event"], Rows([("event_2026_03",)])),
    Case("partition_rejects_outside", [f"{E} (1, '2026-04-01 00:00:00+00')"], Rejected("23514")),
    Case("partition_before_start", [f"{E} (1, '2025-12-31 23:59:59+00')"], Rejected("23514")),
]

# Every degradation lower() reports for the catalog: (code, table, subject), in order.
CATALOG_DEGRADATIONS = {
    "prismq": [("PG-ON-UPDATE", "story", "updated_at"), ("PG-ON-UPDATE", "story_metrics", "updated_at")],
    "scenes": [("PG-ON-UPDATE", t, "updated_at") for t in ("users", "topics", "ideas", "scenes", "scene_summaries")],
    "cyoa": [],
    "contentgen": [("PG-ON-UPDATE", t, "updated_at") for t in (
        "projects", "prompts", "project_1.contents", "project_1.metadata", "project_1.prompt_components")],
    "scriptpal": [("PG-ON-UPDATE", "scripts", "updated_at"), ("PG-PREFIX", "sessions", "idx_sessions_token"),
                  ("PG-ON-UPDATE", "script_elements", "updated_at"),
                  ("PG-ON-UPDATE", "chat_messages", "updated_at")],
}


# -- the wider types as a user writes them (tests/test_postgres.py) --------------------------------------
# (the column's DDL, the model type introspection reads it as); every row is one column of table `wide`,
# named c0, c1, ... (`{c}` in the DDL).
USER_TYPES = [
    ("real", REAL), ("float4", REAL), ("float(10)", REAL), ("double precision", DOUBLE), ("float8", DOUBLE),
    ("float", DOUBLE), ("float(40)", DOUBLE), ("numeric", NUMERIC), ("numeric(10)", decimal(10, 0)),
    ("bytea", BYTES), ("char(3)", char(3)), ("character(5)", char(5)), ("character", char(1)),
    ("time", TIME), ("time(3)", time(3)), ("time(6)", TIME), ("time without time zone", TIME),
    ("timetz", TIMETZ), ("time(0) with time zone", ColumnType(Kind.TIMETZ, precision=0)),
    ("interval", INTERVAL), ("timestamp(3)", timestamp(3)), ("timestamp(6)", TIMESTAMP),
    ("timestamptz(0)", timestamptz(0)), ("timestamp(6) with time zone", TIMESTAMPTZ), ("smallint", SMALLINT),
    ("int2", SMALLINT),
    # Shaped like a storage CHECK, but not named so (or named so, but not shaped so): the user's CHECK stays.
    ("smallint CHECK ({c} BETWEEN -128 AND 127)", SMALLINT),
    ("smallint CONSTRAINT sk_tinyint_{c} CHECK ({c} BETWEEN -100 AND 100)", SMALLINT),
    ("bigint CONSTRAINT sk_unsigned_{c} CHECK ({c} >= 1)", BIGINT),
    ("bytea CONSTRAINT sk_binary_other CHECK (octet_length({c}) <= 4)", BYTES),
]


# -- the wider types on PostgreSQL: cases run like CASES, on tests/data/types_corpus.py's SCHEMA -----------
S = "INSERT INTO suppliers (code, name) VALUES ('c1', 'n')"  # supplier id 1, code 'c1'
PR = "INSERT INTO products (supplier_id, supplier_code, sku) VALUES (1, 'c1', '\\x01')"


def _supplier(column: str, value: str) -> list[str]:
    return [f"INSERT INTO suppliers (code, name, {column}) VALUES ('c1', 'n', {value})"]


def _product(column: str, value: str) -> list[str]:
    return [S, f"INSERT INTO products (supplier_id, sku, {column}) VALUES (1, '\\x01', {value})"]


TYPE_CASES = [
    Case("tinyint_low_end", _supplier("rating", "-128"), ACCEPTED),
    Case("tinyint_below", _supplier("rating", "-129"), Rejected("23514", "sk_tinyint_rating")),
    Case("tinyint_above", _supplier("rating", "128"), Rejected("23514", "sk_tinyint_rating")),
    Case("unsigned_tinyint_top", _supplier("tier", "255"), ACCEPTED),
    Case("unsigned_tinyint_above", _supplier("tier", "256"), Rejected("23514", "sk_unsigned_tier")),
    Case("unsigned_tinyint_negative", _supplier("tier", "-1"), Rejected("23514", "sk_unsigned_tier")),
    Case("unsigned_smallint_top", _product("stock", "65535"), ACCEPTED),
    Case("unsigned_smallint_above", _product("stock", "65536"), Rejected("23514", "sk_unsigned_stock")),
    Case("unsigned_integer_top", ["INSERT INTO suppliers (id, code, name) VALUES (4294967295, 'c1', 'n')"], ACCEPTED),
    Case("unsigned_integer_above", ["INSERT INTO suppliers (id, code, name) VALUES (4294967296, 'c1', 'n')"],
         Rejected("23514", "sk_unsigned_id")),
    Case("unsigned_bigint_signed_top", [S, "INSERT INTO products (id, supplier_id, sku) VALUES "
                                           "(9223372036854775807, 1, '\\x01')"], ACCEPTED),
    Case("unsigned_bigint_above_signed_top_pg_unsigned64",
         [S, "INSERT INTO products (id, supplier_id, sku) VALUES (9223372036854775808, 1, '\\x01')"],
         Rejected("22003")),
    Case("unsigned_bigint_negative", [S, "INSERT INTO products (id, supplier_id, sku) VALUES (-1, 1, '\\x01')"],
         Rejected("23514", "sk_unsigned_id")),
    Case("year_zero", _supplier("founded", "0"), ACCEPTED),
    Case("year_range", _supplier("founded", "2155"), ACCEPTED),
    Case("year_before", _supplier("founded", "1900"), Rejected("23514", "sk_year_founded")),
    Case("set_subset_any_order", _supplier("channels", "'export,wholesale'"), ACCEPTED),
    Case("set_empty", _supplier("channels", "''"), ACCEPTED),
    Case("set_unknown_member", _supplier("channels", "'retail,online'"), Rejected("23514", "sk_set_channels")),
    Case("set_empty_member", _supplier("channels", "'retail,'"), Rejected("23514", "sk_set_channels")),
    Case("set_default", [S, "SELECT channels FROM suppliers"], Rows([("retail",)])),
    Case("binary_fits_unpadded_pg_binary_pad", [*_supplier("key_digest", "'\\x01'"),
                                                "SELECT octet_length(key_digest) FROM suppliers"], Rows([(1,)])),
    Case("binary_too_long", _supplier("key_digest", "'\\x" + "00" * 33 + "'"),
         Rejected("23514", "sk_binary_key_digest")),
    Case("varbinary_too_long", [S, "INSERT INTO products (supplier_id, sku) VALUES (1, '\\x" + "ab" * 17 + "')"],
         Rejected("23514", "sk_varbinary_sku")),
    Case("char_trailing_blanks_cut", [*_supplier("country", "'DE   '"), "SELECT country = 'DE' FROM suppliers"],
         Rows([(True,)])),
    Case("char_too_long", _supplier("country", "'DEU'"), Rejected("22001")),
    Case("char_blanks_not_significant_in_unique", [S, "INSERT INTO suppliers (code, name) VALUES ('c1  ', 'n')"],
         Rejected("23505", "suppliers_code_key")),
    Case("real_out_of_range", _product("weight_kg", "1e39"), Rejected("22003")),
    Case("real_nan_and_infinity", [*_product("weight_kg", "'NaN'"),
                                   "INSERT INTO products (supplier_id, sku, weight_kg) VALUES (1, '\\x02', '-Infinity')",
                                   "SELECT count(*) FROM products"], Rows([(2,)])),
    Case("time_24", _product("opens_at", "'24:00:00'"), ACCEPTED),
    Case("time_after_24", _product("opens_at", "'24:00:01'"), Rejected("22008")),
    Case("time_0_rounds", [*_product("closes_at", "'10:00:00.6'"), "SELECT closes_at::text FROM products"],
         Rows([("10:00:01",)])),
    Case("timestamptz_3_rounds", [*_product("created_at", "'2026-01-02 03:04:05.123456+00'"),
                                  "SELECT created_at::text FROM products"], Rows([("2026-01-02 03:04:05.123+00",)])),
    Case("fk_on_update_cascade", [S, PR, "UPDATE suppliers SET id = 7", "SELECT supplier_id FROM products"],
         Rows([(7,)])),
    Case("fk_on_update_set_null", [S, PR, "UPDATE suppliers SET code = 'c2'", "SELECT supplier_code FROM products"],
         Rows([(None,)])),
]
