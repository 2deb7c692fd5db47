"""Data for tests/test_mysql.py: an edge-case schema, expected degradations, row verdicts.

`edge_schema(ns)` packs every feature the MySQL dialect lowers or emulates
into four tables plus one table in namespace `ns`. `VERDICTS` are rows run
against it on the real server: each case runs `setup` statements, then
`statement`, which must fail with an error containing `error` (or succeed
when `error` is None).
"""
from __future__ import annotations

from datetime import date, time, timedelta, timezone
from typing import NamedTuple, Optional

from schemakit.schema.build import check, col, expr, fk, index, state_machine, table, unique
from schemakit.schema.model import (
    BIGINT, BOOLEAN, DATE, GEN_UUID, INTEGER, JSONB, NOW, TEXT, TIMESTAMP, TIMESTAMPTZ, UUID, Action,
    Enum, IndexMethod, Partitioning, Schema, array, decimal, enum_type, lit, varchar,
)

MOOD = Enum("mood", ("calm", "it's", "angry"))
START = date(2025, 11, 1)  # edge_events holds 2025-11 .. 2026-01


def _parent():
    return table(
        "edge_parent",
        col("id", INTEGER, identity=True),
        col("code", varchar(20), null=False),
        col("label", TEXT, null=False, comment="unique text: a 255-character prefix on MySQL"),
        col("body", TEXT),
        col("doc", JSONB, default=lit('{"a": 1}')),
        col("tags", array(TEXT), default=lit("{}")),
        col("price", decimal(10, 2), default=lit("9.50")),
        col("flag", BOOLEAN, default=lit(True)),
        col("day", DATE, null=False, default=NOW),
        col("mood", enum_type(MOOD), default=lit("it's")),
        col("state", varchar(20), default=lit("new")),
        col("owner", INTEGER),
        col("note", TEXT, default=lit("it's \\ fine"), comment="quote ' and backslash \\ kept"),
        col("select", varchar(10), comment="a reserved word"),
        col("updated_at", TIMESTAMP, null=False, default=NOW, on_update_now=True),
        unique("code"),
        unique("label"),
        check("edge_parent_state_check", "state IN ('new', 'open', 'closed')"),
        check("edge_parent_price_check", "price >= 0 AND NOT (flag AND price = 0)"),
        check("edge_parent_select_check", "\"select\" IS NULL OR \"select\" <> 'x'"),
        index("edge_parent_body_idx", "body"),
        index("edge_parent_doc_idx", "doc"),
        index("edge_parent_tags_gin", "tags", method=IndexMethod.GIN),
        index("edge_parent_lower_idx", expr("lower(code)")),
        index("edge_parent_open_idx", "state", where="state = 'open'"),
        index("edge_parent_owner_open_key", "owner", "day DESC", unique=True, where="state <> 'closed' AND flag"),
        index("edge_parent_code_prefix_idx", "code(8)"),
        index("edge_parent_note_idx", "note(20) DESC"),
        state_machine("edge_parent_state_flow", "state", [("new", "open"), ("open", "closed")]),
        pk="id",
        comment="Edge cases: quote ' here.",
    )


def _child():
    return table(
        "edge_child",
        col("id", UUID, default=GEN_UUID),
        col("parent_id", INTEGER, null=False),
        col("other_id", INTEGER),
        col("at", TIMESTAMPTZ, null=False, default=NOW, on_update_now=True),
        col("kind", varchar(10), null=False),
        fk("parent_id", "edge_parent", on_delete=Action.CASCADE),
        fk("other_id", "edge_parent", on_delete=Action.SET_DEFAULT, name="edge_child_other_fkey"),
        check("edge_child_kind_check", "kind IN ('a', 'b') AND parent_id > 0"),
        index("edge_child_parent_idx", "parent_id"),
        pk="id",
    )


def _events():
    return table(
        "edge_events",
        col("id", BIGINT, null=False),
        col("day", DATE, null=False),
        col("kind", varchar(10), null=False),
        col("parent_id", INTEGER),
        fk("parent_id", "edge_parent"),
        index("edge_events_kind_key", "kind", "day", unique=True, where="kind <> 'x'"),
        pk=("id", "day"),
        partition=Partitioning("day", START, 3),
    )


def _refs():
    return table(
        "edge_refs",
        col("id", INTEGER, identity=True),
        col("event_id", BIGINT, null=False),
        col("event_day", DATE, null=False),
        fk(("event_id", "event_day"), "edge_events", ("id", "day"), name="edge_refs_event_fkey"),
        pk="id",
    )


def _keys():
    return table(
        "edge_keys",
        col("k", TEXT, comment="text primary key: VARCHAR(255) on MySQL"),
        col("n", INTEGER),
        index("edge_keys_n_idx", "n(4)"),
        pk="k",
    )


def _namespaced(ns: str):
    return [
        table("ns_owner", col("id", UUID, default=GEN_UUID), col("name", varchar(50), null=False),
              unique("name"), pk="id", namespace=ns),
        table("ns_item", col("id", INTEGER, identity=True), col("owner_id", UUID, null=False),
              col("status", varchar(10), null=False, default=lit("todo")),
              fk("owner_id", "ns_owner", on_delete=Action.CASCADE),
              check("ns_item_status_check", "status IN ('todo', 'done') AND owner_id IS NOT NULL"),
              state_machine("ns_item_flow", "status", [("todo", "done")]),
              pk="id", namespace=ns),
    ]


def edge_schema(ns: str) -> Schema:
    """Every lowering and emulation the MySQL dialect knows, in one schema."""
    return Schema((_parent(), _child(), _events(), _refs(), _keys(), *_namespaced(ns)))


# (code, table, subject) expected from lower(edge_schema(ns)), "{ns}" standing for the namespace.
EDGE_DEGRADATIONS = [
    ("MY-JSONB", "edge_parent", "doc"),
    ("MY-ARRAY", "edge_parent", "tags"),
    ("MY-GIN", "edge_parent", "edge_parent_tags_gin"),
    ("MY-EXPRINDEX", "edge_parent", "edge_parent_lower_idx"),
    ("MY-JSONINDEX", "edge_parent", "edge_parent_doc_idx"),
    ("MY-TEXTUNIQUE", "edge_parent", "edge_parent_label_key"),
    ("MY-TEXTPREFIX", "edge_parent", "edge_parent_body_idx"),
    ("MY-PARTIAL", "edge_parent", "edge_parent_open_idx"),
    ("MY-PADSPACE", "edge_parent", "edge_parent_code_key"),
    ("MY-PADSPACE", "edge_parent", "edge_parent_label_key"),
    ("MY-ENUMTYPE", "edge_parent", "mood"),
    ("MY-ENUMPAD", "edge_parent", "mood"),
    ("MY-ONUPDATE", "edge_parent", "updated_at"),
    ("MY-ONUPDATE", "edge_child", "at"),
    ("MY-TZ", "edge_child", "at"),
    ("MY-SETDEFAULT", "edge_child", "edge_child_other_fkey"),
    ("MY-CHECKTRIGGER", "edge_child", "edge_child_kind_check"),
    ("MY-PARTFK", "edge_events", "edge_events_parent_id_fkey"),
    ("MY-PADSPACE", "edge_events", "edge_events_kind_key"),
    ("MY-PARTFK", "edge_refs", "edge_refs_event_fkey"),
    ("MY-TEXTPK", "edge_keys", "k"),
    ("MY-PREFIX", "edge_keys", "edge_keys_n_idx"),
    ("MY-PADSPACE", "edge_keys", "primary key"),
    ("MY-PADSPACE", "{ns}.ns_owner", "ns_owner_name_key"),
    ("MY-CHECKTRIGGER", "{ns}.ns_item", "ns_item_status_check"),
    ("MY-UUID", "*", "uuid"),
    ("MY-VARCHARWS", "*", "varchar"),
    ("MY-JSONVALID", "*", "json, jsonb"),
]

# Per catalog system: {code: number of degradations}, plus the exact subjects of the rarer codes.
CATALOG_COUNTS = {
    "prismq": {"MY-ENUMTYPE": 4, "MY-ENUMPAD": 4, "MY-ONUPDATE": 2, "MY-CHECKTRIGGER": 1, "MY-UUID": 1, "MY-VARCHARWS": 1},
    "scenes": {"MY-TZ": 26, "MY-EXPRINDEX": 1, "MY-PADSPACE": 7, "MY-ARRAY": 2, "MY-PARTIAL": 4, "MY-GIN": 1,
               "MY-PARTFK": 4, "MY-JSONB": 3, "MY-ONUPDATE": 5, "MY-UUID": 1, "MY-VARCHARWS": 1,
               "MY-JSONVALID": 1},
    "cyoa": {"MY-TZ": 3, "MY-JSONLEN": 1, "MY-PADSPACE": 1, "MY-VARCHARWS": 1, "MY-JSONVALID": 1},
    "contentgen": {"MY-JSONB": 5, "MY-ONUPDATE": 5, "MY-PADSPACE": 1, "MY-UUID": 1, "MY-VARCHARWS": 1,
                   "MY-JSONVALID": 1},
    "scriptpal": {"MY-PADSPACE": 1, "MY-ENUMTYPE": 4, "MY-ENUMPAD": 4, "MY-ONUPDATE": 3, "MY-VARCHARWS": 1,
                  "MY-JSONVALID": 1},
}
CATALOG_SUBJECTS = {
    ("prismq", "MY-CHECKTRIGGER"): {("review", "review_type_check")},
    ("scenes", "MY-EXPRINDEX"): {("users", "idx_users_email_lower")},
    ("scenes", "MY-GIN"): {("ideas", "idx_ideas_tags")},
    ("scenes", "MY-PARTIAL"): {("ideas", "idx_ideas_status"), ("scenes", "idx_scenes_status"),
                               ("jobs", "idx_jobs_status"), ("moderation_flags", "idx_moderation_status")},
    ("scenes", "MY-PARTFK"): {("segments", "segments_scene_id_fkey"), ("segments", "segments_user_id_fkey"),
                              ("jobs", "jobs_scene_id_fkey"), ("jobs", "jobs_user_id_fkey")},
    ("scenes", "MY-ARRAY"): {("ideas", "tags"), ("scene_summaries", "segments_covered")},
    ("cyoa", "MY-JSONLEN"): {("story_nodes", "story_nodes_ending_no_options_check")},
    ("cyoa", "MY-PADSPACE"): {("story_jobs", "story_jobs_job_id_key")},
    ("contentgen", "MY-PADSPACE"): {("project_1.metadata", "primary key")},
}


class Verdict(NamedTuple):
    """A statement run after `setup` on a fresh edge-schema database, and the error it must raise."""

    id: str
    setup: tuple[str, ...]
    statement: str
    error: Optional[str]  # a fragment of the error message; None: accepted


P = "INSERT INTO edge_parent (code, label, owner, state, flag, day) VALUES "
PARENT = ("INSERT INTO edge_parent (id, code, label, owner, state, flag, day) "
          "VALUES (1, 'p1', 'one', 1, 'open', TRUE, '2026-01-01')")
UUID_OK = "0f8fad5b-d9cb-469f-a165-70867728950e"
C = "INSERT INTO edge_child (id, parent_id, kind) VALUES "
C_AUTO = "INSERT INTO edge_child (parent_id, kind) VALUES "  # id from the uuid default
E = "INSERT INTO edge_events (id, day, kind) VALUES "

VERDICTS = [
    Verdict("minimal-row", (), P + "('a', 'x', NULL, 'new', TRUE, '2026-01-01')", None),
    Verdict("varchar-too-long", (), P + "('abcdefghijklmnopqrstu', 'x', 1, 'new', TRUE, '2026-01-01')", "too long"),
    Verdict("boolean-2", (), P + "('a', 'x', 1, 'new', 2, '2026-01-01')", "sk_edge_parent_flag_bool"),
    Verdict("enum-unknown", (), "INSERT INTO edge_parent (code, label, mood) VALUES ('a', 'x', 'happy')", "mood"),
    Verdict("enum-case", (), "INSERT INTO edge_parent (code, label, mood) VALUES ('a', 'x', 'CALM')", "mood"),
    Verdict("enum-quote", (), "INSERT INTO edge_parent (code, label, mood) VALUES ('a', 'x', 'it''s')", None),
    Verdict("check-in-list", (), P + "('a', 'x', 1, 'bogus', TRUE, '2026-01-01')", "edge_parent_state_check"),
    Verdict("check-trailing-space", (), P + "('a', 'x', 1, 'new ', TRUE, '2026-01-01')", "edge_parent_state_check"),
    Verdict("check-boolean-logic", (), "INSERT INTO edge_parent (code, label, price, flag) VALUES ('a', 'x', 0, TRUE)",
            "edge_parent_price_check"),
    Verdict("check-reserved-word", (), "INSERT INTO edge_parent (code, label, `select`) VALUES ('a', 'x', 'x')",
            "edge_parent_select_check"),
    Verdict("decimal-out-of-range", (), "INSERT INTO edge_parent (code, label, price) VALUES ('a', 'x', 123456789)",
            "Out of range"),
    Verdict("int-out-of-range", (), P + "('a', 'x', 2147483648, 'new', TRUE, '2026-01-01')", "Out of range"),
    Verdict("json-invalid", (), "INSERT INTO edge_parent (code, label, doc) VALUES ('a', 'x', '{bad')", "doc"),
    Verdict("unique-varchar", (PARENT,), P + "('p1', 'two', 2, 'new', TRUE, '2026-01-01')", "edge_parent_code_key"),
    # The recorded degradations, observed: MY-PADSPACE and MY-ENUMPAD.
    Verdict("unique-padspace-collides", (PARENT,), P + "('p1 ', 'two', 2, 'new', TRUE, '2026-01-01')",
            "edge_parent_code_key"),
    Verdict("enum-trailing-space", (), "INSERT INTO edge_parent (code, label, mood) VALUES ('a', 'x', 'calm ')", None),
    Verdict("unique-varchar-case", (PARENT,), P + "('P1', 'two', 2, 'new', TRUE, '2026-01-01')", None),
    Verdict("unique-text-prefix", (PARENT,), P + "('p2', 'one', 2, 'new', TRUE, '2026-01-01')",
            "edge_parent_label_key"),
    Verdict("partial-unique-hit", (PARENT,), P + "('p2', 'two', 1, 'new', TRUE, '2026-01-01')",
            "edge_parent_owner_open_key"),
    Verdict("partial-unique-flag-off", (PARENT,), P + "('p2', 'two', 1, 'new', FALSE, '2026-01-01')", None),
    Verdict("partial-unique-closed", (PARENT,), P + "('p2', 'two', 1, 'closed', TRUE, '2026-01-01')", None),
    Verdict("partial-unique-other-day", (PARENT,), P + "('p2', 'two', 1, 'new', TRUE, '2026-01-02')", None),
    Verdict("state-allowed", (PARENT,), "UPDATE edge_parent SET state = 'closed'", None),
    Verdict("state-unchanged", (PARENT,), "UPDATE edge_parent SET state = 'open', owner = 5", None),
    Verdict("state-refused", (PARENT,), "UPDATE edge_parent SET state = 'new'", "edge_parent_state_flow"),
    Verdict("state-to-null", (PARENT,), "UPDATE edge_parent SET state = NULL", "edge_parent_state_flow"),
    Verdict("state-from-null", (P + "('p9', 'n', 9, NULL, TRUE, '2026-01-01')",),
            "UPDATE edge_parent SET state = 'new'", "edge_parent_state_flow"),
    Verdict("uuid-canonical", (PARENT,), C + f"('{UUID_OK}', 1, 'a')", None),
    Verdict("uuid-upper-case", (PARENT,), C + f"('{UUID_OK.upper()}', 1, 'a')", "sk_edge_child_id_uuid"),
    Verdict("uuid-not-hex", (PARENT,), C + "('zf8fad5b-d9cb-469f-a165-70867728950e', 1, 'a')", "sk_edge_child_id_uuid"),
    Verdict("uuid-short", (PARENT,), C + "('0f8fad5b', 1, 'a')", "sk_edge_child_id_uuid"),
    Verdict("fk-missing-parent", (), C + f"('{UUID_OK}', 7, 'a')", "foreign key constraint fails"),
    Verdict("trigger-check-insert", (PARENT,), C + f"('{UUID_OK}', 1, 'c')", "CONSTRAINT `edge_child_kind_check`"),
    Verdict("trigger-check-update", (PARENT, C + f"('{UUID_OK}', 1, 'a')"), "UPDATE edge_child SET kind = 'a '",
            "CONSTRAINT `edge_child_kind_check`"),
    Verdict("cascade-delete", (PARENT, C + f"('{UUID_OK}', 1, 'a')"), "DELETE FROM edge_parent", None),
    Verdict("partition-before-start", (), E + "(1, '2025-10-31', 'a')", "sk_edge_events_day_partition"),
    Verdict("partition-first-day", (), E + "(1, '2025-11-01', 'a')", None),
    Verdict("partition-last-day", (), E + "(1, '2026-01-31', 'a')", None),
    Verdict("partition-after-end", (), E + "(1, '2026-02-01', 'a')", "partition"),
    Verdict("partition-partial-unique", (E + "(1, '2025-12-01', 'a')",), E + "(2, '2025-12-01', 'a')",
            "edge_events_kind_key"),
    Verdict("partition-partial-unique-x", (E + "(1, '2025-12-01', 'x')",), E + "(2, '2025-12-01', 'x')", None),
]

# MySQL 8 spellings of stored expressions (CHECK_CLAUSE, GENERATION_EXPRESSION), which only a
# MySQL 8 server produces: (stored text, boolean columns, the canonical expression it must equal
# once both are in the dialect's normal form).
MYSQL8_EXPRESSIONS = [
    ("((`score` >= 0) and (`score` <= 100))", (), "score >= 0 AND score <= 100"),
    ("(`status` in (_utf8mb4\\'pending\\',_utf8mb4\\'done\\'))", (), "status IN ('pending', 'done')"),
    ("((0 <> `is_deleted`) and (`deleted_at` is not null))", ("is_deleted",),
     "is_deleted AND deleted_at IS NOT NULL"),
    ("((0 = `is_ending`) or (json_length(`options`) = 0))", ("is_ending",),
     "NOT is_ending OR json_array_length(options) = 0"),
    ("((not(`is_winning_ending`)) or (0 <> `is_ending`))", ("is_winning_ending", "is_ending"),
     "NOT is_winning_ending OR is_ending"),
    ("(cast(`status` as char charset binary) <> _utf8mb4\\'closed\\')", (), "status <> 'closed'"),
    ("(`flag` is true)", ("flag",), "flag IS TRUE"),
    ("(not(((`a` > 1) and (0 <> `f`))))", ("f",), "NOT (a > 1 AND f)"),
    ("(not((`s` in (_utf8mb4\\'a\\'))))", (), "s NOT IN ('a')"),
    ("regexp_like(`s`,_utf8mb4\\'^[a-z]+$\\')", (), "s ~ '^[a-z]+$'"),
    ("((`a` DIV 2) > 1)", (), "a / 2 > 1"),
]

# MySQL 8 COLUMN_DEFAULT / EXTRA pairs: (COLUMN_DEFAULT, EXTRA, model kind name, expected default).
MYSQL8_DEFAULTS = [
    ("active", "", "varchar", ("literal", "active")),
    ("0", "", "boolean", ("literal", False)),
    ("1", "", "boolean", ("literal", True)),
    ("0.000000", "", "decimal", ("literal", "0.000000")),
    ("_utf8mb4\\'[]\\'", "DEFAULT_GENERATED", "json", ("literal", "[]")),
    ("CURRENT_TIMESTAMP(6)", "DEFAULT_GENERATED on update CURRENT_TIMESTAMP(6)", "timestamp", ("now", None)),
    ("curdate()", "DEFAULT_GENERATED", "date", ("now", None)),
    ("lower(concat(hex(random_bytes(4)),_utf8mb4\\'-\\'))", "DEFAULT_GENERATED", "uuid", ("uuid4", None)),
    (None, "", "integer", None),
    # The types beyond the catalog's, as MySQL 8's manual says it reports them (bare literals; expression
    # defaults flagged DEFAULT_GENERATED, quotes escaped): untested, no MySQL 8 server here
    # (https://dev.mysql.com/doc/refman/8.0/en/information-schema-columns-table.html).
    ("unhex(_utf8mb4\\'00ff\\')", "DEFAULT_GENERATED", "bytes", ("literal", "00ff")),
    ("unhex(_utf8mb4\\'4142\\')", "DEFAULT_GENERATED", "binary", ("literal", "4142")),
    ("08:30:00.000000", "", "time", ("literal", "08:30:00")),
    ("2000", "", "year", ("literal", 2000)),
    ("0.5", "", "double", ("literal", 0.5)),
    ("-1", "", "tinyint", ("literal", -1)),
    ("retail,export", "", "set", ("literal", "retail,export")),
    ("CURRENT_TIMESTAMP(3)", "DEFAULT_GENERATED", "timestamp", ("now", None)),
    # Expression defaults (issue #14): MySQL 8 stores the expression, its string literals with introducers
    # and escaped quotes, flagged DEFAULT_GENERATED; MariaDB writes it as SQL with no flag (a literal quoted).
    ("(1 + 0)", "DEFAULT_GENERATED", "integer", ("expression", "1 + 0")),
    ("concat(_utf8mb4\\'a\\',_utf8mb4\\'b\\')", "DEFAULT_GENERATED", "varchar", ("expression", "'a' || 'b'")),
    ("1", "", "integer", ("literal", 1)),
]

# Canonical CHECK expressions over the columns of `expression_table()`: each must round-trip
# through MariaDB (which rewrites NOT, one-value IN, boolean columns) and keep its truth value
# in the normal form the dialect stores.
EXPRESSIONS = [
    "s IN ('a')", "NOT s IN ('a')", "s IN ('a', 'b')", "s NOT IN ('a', 'b')", "a BETWEEN 1 AND 2",
    "a NOT BETWEEN 1 AND 2", "s LIKE 'x%'", "s NOT LIKE 'x%'", "NOT (a > 1)", "NOT (a > 1 AND f)",
    "NOT (a = 1 OR b = 2)", "coalesce(a, 0) > 1", "a + b * 2 > 3", "(a + b) * 2 > 3", "lower(s) = s",
    "length(s) > 2", "s ~ '^[a-z]+$'", "s !~ 'x'", "NOT (s ~ 'x')", "d >= '2020-01-01'", "p >= 0.5", "p > -1",
    "CASE WHEN f THEN a > 0 ELSE b > 0 END", "f = TRUE", "f <> FALSE", "f IS TRUE", "f IS NOT FALSE", "s <> ''",
    "a % 2 = 0", "NOT f", "f AND NOT (a IS NULL)", "a >= 0 AND a <= 100", "s || 'x' <> 'yx'", "upper(s) = 'A'",
    "trim(s) = s", "abs(a) < 5", "s = 'it''s'", "a IN (1, 2, 3)", "a <> ALL (ARRAY[1, 2])", "a = ANY (ARRAY[1, 2])",
    "json_array_length(j) > 0", "NOT (NOT f)", "NOT (s IN ('a') AND a > 0)", "b IS NOT NULL OR a IS NULL",
    "a / 2 > 1", "p / 2 > 1", "(a + 1) / (b - 1) > 0", "substring(s, 1, 2) = 'ab'",
    "NOT (f OR NOT (a > 1 AND s NOT IN ('x', 'y')))", "(a > 1 OR b > 1) AND (f OR s = 'q')",
    "(f AND d IS NOT NULL) OR (NOT f AND d IS NULL)", "NOT f OR json_array_length(j) = 0",
]
ARRAY_FORMS = ("ALL (ARRAY", "ANY (ARRAY")  # PostgreSQL-only spellings: compared after lowering only

# Values each column of expression_table() takes in the truth-value test (NULL included).
EXPRESSION_VALUES = {
    "a": (None, 0, 1, 2, 3), "b": (None, 0, 1, 2), "f": (None, 0, 1),
    "s": (None, "a", "a ", "x", "q", "it's", "ab"),
}
EXPRESSION_FIXED = {"d": "2021-05-05", "p": "0.50", "j": "[1]"}


def expression_table():
    """One table whose CHECKs are EXPRESSIONS."""
    from schemakit.schema.model import JSON
    return table("exprs", col("id", INTEGER, identity=True), col("a", INTEGER), col("b", INTEGER),
                 col("f", BOOLEAN), col("s", varchar(20)), col("d", DATE), col("p", decimal(5, 2)), col("j", JSON),
                 *[check(f"exprs_{i}_check", e) for i, e in enumerate(EXPRESSIONS)], pk="id")

# Rows against the types corpus (tests/data/types_corpus.py) with supplier 1 present: (INSERT, refused).
_PRODUCT = "INSERT INTO products (supplier_id, sku, {}) VALUES (1, X'01', {})"
TYPE_ROWS = [
    ("INSERT INTO suppliers (id, code, name, tier) VALUES (2, 'b', 'x', 255)", False),
    ("INSERT INTO suppliers (id, code, name, tier) VALUES (2, 'b', 'x', 256)", True),
    ("INSERT INTO suppliers (id, code, name, tier) VALUES (2, 'b', 'x', -1)", True),
    ("INSERT INTO suppliers (id, code, name, rating) VALUES (2, 'b', 'x', -128)", False),
    ("INSERT INTO suppliers (id, code, name, rating) VALUES (2, 'b', 'x', 5)", False),  # not a boolean
    ("INSERT INTO suppliers (id, code, name, rating) VALUES (2, 'b', 'x', 128)", True),
    ("INSERT INTO suppliers (id, code, name) VALUES (4294967295, 'b', 'x')", False),
    ("INSERT INTO suppliers (id, code, name) VALUES (-1, 'b', 'x')", True),
    ("INSERT INTO suppliers (id, code, name) VALUES (2, 'abcdefghi', 'x')", True),
    ("INSERT INTO suppliers (id, code, name) VALUES (2, 'abcdefgh   ', 'x')", False),  # excess blanks cut
    ("INSERT INTO suppliers (id, code, name) VALUES (2, 'a  ', 'x')", True),  # 'a' = 'a  ': the UNIQUE
    ("INSERT INTO suppliers (id, code, name, key_digest) VALUES (2, 'b', 'x', REPEAT(X'01', 33))", True),
    ("INSERT INTO suppliers (id, code, name, founded) VALUES (2, 'b', 'x', 1900)", True),
    ("INSERT INTO suppliers (id, code, name, founded) VALUES (2, 'b', 'x', 2155)", False),
    ("INSERT INTO suppliers (id, code, name, founded) VALUES (2, 'b', 'x', 5)", False),  # MY-YEAR: 2005
    ("INSERT INTO suppliers (id, code, name, channels) VALUES (2, 'b', 'x', 'retail,other')", True),
    ("INSERT INTO products (supplier_id, sku) VALUES (1, REPEAT(X'01', 17))", True),
    ("INSERT INTO products (supplier_id, sku) VALUES (1, REPEAT(X'01', 16))", False),
    (_PRODUCT.format("stock", "65535"), False),
    (_PRODUCT.format("stock", "65536"), True),
    (_PRODUCT.format("weight_kg", "1e39"), True),  # beyond binary32
    (_PRODUCT.format("score", "'nan'"), True),  # MY-FLOATNAN
    (_PRODUCT.format("opens_at", "'24:00:00'"), False),
    (_PRODUCT.format("opens_at", "'-01:00:00'"), False),  # MY-TIMERANGE
    (_PRODUCT.format("lead_time", "'839:00:00'"), True),  # MY-INTERVAL
    (_PRODUCT.format("list_price", "1e36"), True),  # MY-NUMERIC: 35 integer digits
]

# Values read back by the driver after the corpus rows of tests/test_mysql.py: (SELECT, rows).
TYPE_READS = [
    ("SELECT code, country, tier, rating, HEX(key_digest), founded, channels FROM suppliers",
     [("ab", "US", 255, -1, "0102" + "00" * 30, 1999, "wholesale,export")]),
    ("SELECT HEX(sku), score, stock, reorder_level, opens_at, created_at IS NOT NULL FROM products",
     [("00FF", 0.5, 0, -1, timedelta(hours=8, minutes=30), 1)]),
    ("SELECT LENGTH(created_at), DATETIME_PRECISION FROM products, information_schema.COLUMNS "
     "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'products' AND COLUMN_NAME = 'created_at'", [(23, 3)]),
]

# The driver's TIME values and the model's: (adapter or reader of dialects.mysql, value, result).
_UTC2 = timezone(timedelta(hours=2))
TIME_VALUES = [
    ("utc_time", time(1, 30, tzinfo=_UTC2), time(23, 30)),
    ("utc_time", time(12, 0, 0, 500), time(12, 0, 0, 500)),
    ("read_time", timedelta(hours=8, minutes=30, microseconds=7), time(8, 30, 0, 7)),
    ("read_time", timedelta(hours=24), timedelta(hours=24)),
    ("read_time", timedelta(hours=-1), timedelta(hours=-1)),
    ("read_utc_time", timedelta(hours=1), time(1, tzinfo=timezone.utc)),
]


def bytes_keys_table():
    """Binary columns in keys: MySQL keys a LONGBLOB by a prefix only, as it does LONGTEXT."""
    from schemakit.schema.model import BYTES, varbinary
    return table("blobbed",
                 col("k", BYTES),
                 col("body", BYTES),
                 col("data", BYTES),
                 col("tag", varbinary(8)),
                 unique("body", name="blobbed_body_key"),
                 index("blobbed_data_idx", "data"),
                 index("blobbed_tag_idx", "tag(8)"),
                 pk="k")


BYTES_KEYS_CODES = {("MY-TEXTPK", "blobbed", "k"), ("MY-TEXTUNIQUE", "blobbed", "blobbed_body_key"),
                    ("MY-TEXTPREFIX", "blobbed", "blobbed_data_idx"), ("MY-PREFIX", "blobbed", "blobbed_tag_idx")}


# An interval's literal default on the TIME(6) MY-INTERVAL makes of it: (PostgreSQL's literal, the TIME the
# server fills in, or None: no default, MY-INTERVALDEFAULT).
INTERVAL_DEFAULTS = [
    ("3 days", timedelta(days=3)),
    ("1 day 02:30:00", timedelta(days=1, hours=2, minutes=30)),
    ("90 minutes ago", timedelta(minutes=-90)),
    ("@ 2 hours", timedelta(hours=2)),
    ("1.25 seconds", timedelta(seconds=1.25)),
    ("-00:30:00.5", -timedelta(minutes=30, seconds=0.5)),
    ("838:59:59", timedelta(hours=838, minutes=59, seconds=59)),
    ("35 days", None),  # 840:00:00, beyond TIME (https://mariadb.com/kb/en/time/)
    ("1 mon", None),  # months are no span of seconds
    ("2 years", None),
    ("P3D", None),  # ISO 8601 form: not read
]

# Date arithmetic in expression defaults (PostgreSQL: date + integer is a date): (canonical default,
# days after the server's CURRENT_DATE of the value filled in).
DATE_DEFAULTS = [
    ("CURRENT_DATE + 14", 14),
    ("CAST(now() AS date) + 14", 14),
    ("(CURRENT_DATE - 3)", -3),
    ("CURRENT_DATE + 40", 40),  # past a month's end: as a number (20261206 + 40) it is no date
]

# Expression defaults of an array column (JSON on MySQL, MY-ARRAY): (canonical default, the JSON array the
# server fills in, or None: no default, MY-DEFAULTEXPR).
ARRAY_DEFAULTS = [
    ("CAST(ARRAY[] AS TEXT[])", []),
    ("ARRAY['a', 'it''s']", ["a", "it's"]),
    ("ARRAY[1, 2]", [1, 2]),
    ("array_fill(0, ARRAY[3])", None),
]

# Expression defaults and generated columns decided by the list of functions MySQL 8 and MariaDB both accept
# (dialects/mysql/functions.py): (column type name, canonical expression, generated?, kept?). The kept ones
# must apply on the server (MariaDB 10.11 here; MySQL 8 per its manual).
FUNCTION_EXPRESSIONS = [
    ("integer", "UNIX_TIMESTAMP() + 1440", False, True),
    ("text", "LPAD(HEX(FLOOR(RAND() * 65536)), 4, '0')", False, True),
    ("text", "LOWER(REPEAT('AB', 2))", False, True),
    ("integer", "julianday('now')", False, False),  # SQLite's
    ("text", "datetime('now')", False, False),  # SQLite's
    ("date", "date('now', '+30 days')", False, False),  # SQLite's date() with modifiers
    ("text", "current_user", False, True),  # a session function of both servers (user@host; PostgreSQL's: a role)
    ("integer", "ABS(\"id\") + 1", True, True),
    ("text", "UPPER(COALESCE(NULL, 'x'))", True, True),
    ("text", "to_tsvector('english', \"id\")", True, False),  # PostgreSQL's
    ("integer", "UNIX_TIMESTAMP()", True, False),  # the clock: defaults only
]

# PostgreSQL's case-insensitive match ~* as REGEXP '(?i)...': (value of url, accepted by CHECK (url ~* '^https://')).
CASELESS_ROWS = [
    ("https://a.example", True),
    ("HTTPS://A.EXAMPLE", True),
    ("ftp://a.example", False),
]

# Literal defaults of an array column in PostgreSQL's array text: (item type name, literal, the JSON array
# the server fills in).
ARRAY_LITERAL_DEFAULTS = [
    ("text", "{}", []),
    ("text", '{a,"b c","it\'s",NULL}', ["a", "b c", "it's", None]),
    ("integer", "{1, 2,3}", [1, 2, 3]),
]
