"""Same-shape cases for tests/test_sqlite.py.

`PROBE` is one table with a column of every model type; `VERDICTS` are
single-column inserts into it with the verdict SQLite must give: accepted
(None) or rejected with an error naming the constraint (the text given).
`DEGRADATIONS` is what SQLite reports for each catalog system.
"""
from __future__ import annotations

from typing import NamedTuple, Optional

from schemakit.schema.build import check, col, expr, fk, index, state_machine, table, unique
from schemakit.schema.model import (
    BIGINT, BOOLEAN, BYTES, DATE, DOUBLE, GEN_UUID, INTEGER, JSON, JSONB, NOW, NUMERIC, REAL, SMALLINT, TEXT,
    TIME, TIMESTAMP, TIMESTAMPTZ, TINYINT, UUID, YEAR, Action, Collation, Enum, Schema, array, binary, char, decimal,
    enum_type, lit, native, set_of, time, timestamp, unsigned, varbinary, varchar,
)

MOOD = Enum("mood", ("calm", "angry", "it's, (complicated)"))

PROBE = table(
    "probe",
    col("id", INTEGER, identity=True),
    col("u", UUID), col("s", SMALLINT), col("i", INTEGER), col("b", BIGINT),
    col("v", varchar(3)), col("t", TEXT), col("f", BOOLEAN),
    col("ts", TIMESTAMP), col("tz", TIMESTAMPTZ), col("d", DATE),
    col("m", decimal(5, 2)), col("j", JSON), col("jb", JSONB), col("a", array(INTEGER)),
    col("e", enum_type(MOOD)),
    col("nn", varchar(10), null=False, default=lit("x")),
    col("gen", UUID, default=GEN_UUID),
    col("created", TIMESTAMP, default=NOW),
    col("day", DATE, default=NOW),
    col("updated", TIMESTAMP, null=False, default=NOW, on_update_now=True),
    col("state", varchar(10), null=False, default=lit("new")),
    col("flag", BOOLEAN, null=False, default=lit(True)),
    col("price", decimal(10, 6), default=lit("0.0")),
    col("doc", JSON, null=False, default=lit("[]")),
    col("ti", TINYINT), col("ui", unsigned(INTEGER)), col("ub", unsigned(BIGINT)), col("r", REAL),
    col("r1", REAL, null=False, default=lit(1.5)), col("db", DOUBLE), col("n", NUMERIC), col("ch", char(3)),
    col("by", BYTES), col("vb", varbinary(2)), col("bn", binary(2)), col("tm", time(3)), col("yr", YEAR),
    col("st", set_of("a", "b", "ab")), col("ts0", timestamp(0)),
    check("probe_m_not_negative", "m >= 0"),
    check("probe_v_not_x", "v IS NULL OR v <> 'x,('"),
    state_machine("probe_flow", "state", [("new", "open"), ("open", "closed"), ("closed", "open")]),
    index("probe_v_lower", expr("lower(v)")),
    index("probe_ts_partial", "ts DESC", where="ts IS NOT NULL AND f"),
    pk="id",
    comment="Every model type, one column each.",
)
PROBE_SCHEMA = Schema((PROBE,))


class Verdict(NamedTuple):
    """Insert `value` into column `column` of probe; `error` is None or a piece of the message."""

    column: str
    value: object
    error: Optional[str]


UUID_OK = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
VERDICTS = [
    Verdict("u", UUID_OK, None),
    Verdict("u", UUID_OK.upper(), "sk_type:u:uuid"),
    Verdict("u", UUID_OK.replace("-", ""), "sk_type:u:uuid"),
    Verdict("u", UUID_OK[:-1] + "g", "sk_type:u:uuid"),
    Verdict("u", UUID_OK + "1", "sk_type:u:uuid"),
    Verdict("u", "{" + UUID_OK + "}", "sk_type:u:uuid"),
    Verdict("s", 32767, None),
    Verdict("s", -32768, None),
    Verdict("s", 32768, "sk_type:s:smallint"),
    Verdict("s", -32769, "sk_type:s:smallint"),
    Verdict("i", 2147483647, None),
    Verdict("i", -2147483648, None),
    Verdict("i", 2147483648, "sk_type:i:integer"),
    Verdict("i", -2147483649, "sk_type:i:integer"),
    Verdict("b", 2 ** 63 - 1, None),
    Verdict("b", 1.5, "cannot store REAL value in INT column probe.b"),
    Verdict("b", "abc", "cannot store TEXT value in INT column probe.b"),
    Verdict("i", "12", None),  # STRICT converts text that is an integer, as PostgreSQL does
    Verdict("v", "abc", None),
    Verdict("v", "ééé", None),  # characters, not bytes
    Verdict("v", "abcd", "sk_type:v:varchar(3)"),
    Verdict("v", "abc   ", None),  # excess spaces allowed, as PostgreSQL allows them (SL-VARCHARPAD)
    Verdict("v", "ab  d", "sk_type:v:varchar(3)"),
    Verdict("v", "abc\t", "sk_type:v:varchar(3)"),
    Verdict("v", "x,(", "probe_v_not_x"),
    Verdict("t", "x" * 10000, None),
    Verdict("f", True, None),
    Verdict("f", 0, None),
    Verdict("f", 2, "sk_type:f:boolean"),
    Verdict("ts", "2026-01-01 10:00:00", None),
    Verdict("ts", "2026-01-01 10:00:00.1", None),
    Verdict("ts", "2026-01-01 10:00:00.123456", None),
    Verdict("ts", "2028-02-29 23:59:59.999999", None),
    Verdict("ts", "2026-01-01 10:00:00.1234567", "sk_type:ts:timestamp"),
    Verdict("ts", "2026-01-01 10:00:00.", "sk_type:ts:timestamp"),
    Verdict("ts", "2026-01-01 10:00:00.12x", "sk_type:ts:timestamp"),
    Verdict("ts", "2026-02-30 10:00:00", "sk_type:ts:timestamp"),
    Verdict("ts", "2026-01-01 25:00:00", "sk_type:ts:timestamp"),
    Verdict("ts", "2026-01-01 24:00:00", "sk_type:ts:timestamp"),
    Verdict("ts", "0300-03-01 00:00:00", None),  # julianday() would turn it into 0300-02-29
    Verdict("ts", "2026-01-01T10:00:00", "sk_type:ts:timestamp"),
    Verdict("ts", "2026-01-01", "sk_type:ts:timestamp"),
    Verdict("ts", "yesterday", "sk_type:ts:timestamp"),
    Verdict("tz", "2026-06-30 12:00:00.5", None),
    Verdict("tz", "2026-06-31 12:00:00", "sk_type:tz:timestamp"),
    Verdict("d", "2026-01-31", None),
    Verdict("d", "2028-02-29", None),
    Verdict("d", "2026-02-29", "sk_type:d:date"),
    Verdict("d", "2000-02-29", None),
    Verdict("d", "1900-02-29", "sk_type:d:date"),
    Verdict("d", "2026-04-31", "sk_type:d:date"),
    Verdict("d", "0300-03-01", None),
    Verdict("d", "2026-1-1", "sk_type:d:date"),
    Verdict("d", "2026-01-01 00:00:00", "sk_type:d:date"),
    Verdict("m", 999.99, None),
    Verdict("m", 0, None),
    Verdict("m", 999.996, "sk_type:m:decimal(5,2)"),  # rounds to 1000.00, as PostgreSQL does
    Verdict("m", 1000, "sk_type:m:decimal(5,2)"),
    Verdict("m", -0.01, "probe_m_not_negative"),
    Verdict("m", "abc", "cannot store TEXT value in REAL column probe.m"),
    Verdict("j", '{"a": [1, 2]}', None),
    Verdict("j", "3", None),
    Verdict("j", "{bad", "sk_type:j:json"),
    Verdict("jb", '{"a": 1}', None),
    Verdict("jb", "[1,", "sk_type:jb:json"),
    Verdict("a", "[1, 2, 3]", None),
    Verdict("a", "{1,2,3}", "sk_type:a:json"),
    Verdict("e", "calm", None),
    Verdict("e", "it's, (complicated)", None),
    Verdict("e", "Calm", "sk_type:e:enum(mood)"),
    Verdict("e", "happy", "sk_type:e:enum(mood)"),
    Verdict("nn", None, "NOT NULL constraint failed: probe.nn"),
    Verdict("ti", 127, None),
    Verdict("ti", -128, None),
    Verdict("ti", 128, "sk_type:ti:tinyint"),
    Verdict("ui", 4294967295, None),
    Verdict("ui", 0, None),
    Verdict("ui", -1, "sk_type:ui:integer unsigned"),
    Verdict("ui", 4294967296, "sk_type:ui:integer unsigned"),
    Verdict("ub", 2 ** 63 - 1, None),
    Verdict("ub", -1, "sk_type:ub:bigint unsigned"),
    Verdict("ub", str(2 ** 63), "cannot store REAL value in INT column probe.ub"),  # SL-UBIGINT
    Verdict("r", 3.4e38, None),
    Verdict("r", -3.4028235e38, None),  # rounds to binary32's largest finite value
    Verdict("r", 3.5e38, "sk_type:r:real"),  # rounds to infinity in binary32: out of range
    Verdict("r", 1e-45, None),  # rounds to the smallest subnormal
    Verdict("r", 1e-46, "sk_type:r:real"),  # rounds to zero: out of range (underflow)
    Verdict("r", 0.0, None),
    Verdict("r", float("inf"), None),
    Verdict("r", float("-inf"), None),
    Verdict("r1", float("nan"), "NOT NULL constraint failed: probe.r1"),  # SL-NAN: NaN is stored as NULL
    Verdict("db", 1e308, None),
    Verdict("db", float("inf"), None),
    Verdict("db", "abc", "cannot store TEXT value in REAL column probe.db"),
    Verdict("n", 1e300, None),
    Verdict("n", float("inf"), "sk_type:n:numeric"),
    Verdict("ch", "abc", None),
    Verdict("ch", "ab   ", None),  # excess trailing blanks are cut by PostgreSQL and MySQL, not counted
    Verdict("ch", "abcd", "sk_type:ch:char(3)"),
    Verdict("by", b"\x00" * 1000, None),
    Verdict("by", "text", "cannot store TEXT value in BLOB column probe.by"),
    Verdict("vb", b"\x00\xff", None),
    Verdict("vb", b"\x00\xff\x01", "sk_type:vb:varbinary(2)"),
    Verdict("bn", b"\x01", None),  # SL-BINARYPAD: kept as one byte, not padded
    Verdict("bn", b"abc", "sk_type:bn:binary(2)"),
    Verdict("tm", "00:00:00", None),
    Verdict("tm", "23:59:59.999999", None),  # digits beyond the precision are kept (SL-FRACTION)
    Verdict("tm", "24:00:00", None),
    Verdict("tm", "24:00:00.000", None),
    Verdict("tm", "24:00:00.001", "sk_type:tm:time(3)"),
    Verdict("tm", "24:30:00", "sk_type:tm:time(3)"),
    Verdict("tm", "12:60:00", "sk_type:tm:time(3)"),
    Verdict("tm", "8:30:00", "sk_type:tm:time(3)"),
    Verdict("tm", "08:30", "sk_type:tm:time(3)"),
    Verdict("tm", "08:30:00.1234567", "sk_type:tm:time(3)"),
    Verdict("tm", "08:30:00.", "sk_type:tm:time(3)"),
    Verdict("yr", 0, None),
    Verdict("yr", 1901, None),
    Verdict("yr", 2155, None),
    Verdict("yr", 1900, "sk_type:yr:year"),
    Verdict("yr", 2156, "sk_type:yr:year"),
    Verdict("st", "", None),
    Verdict("st", "a", None),
    Verdict("st", "a,b,ab", None),
    Verdict("st", "ab,a", None),  # any order, as MySQL accepts it (SL-SETFORM: kept as written)
    Verdict("st", "a,a", None),
    Verdict("st", "c", "sk_type:st:set"),
    Verdict("st", "a,c", "sk_type:st:set"),
    Verdict("st", "a,", "sk_type:st:set"),
    Verdict("st", "A", "sk_type:st:set"),
    Verdict("ts0", "2026-01-01 10:00:00", None),
    Verdict("ts0", "2026-01-01 10:00:00.123456", None),  # SL-FRACTION: PostgreSQL rounds, SQLite keeps
] + [Verdict(c, None, None) for c in ("u", "s", "i", "v", "f", "ts", "d", "m", "j", "jb", "a", "e", "ti", "ui",
                                     "ub", "r", "db", "n", "ch", "by", "vb", "bn", "tm", "yr", "st", "ts0")]


# -- functions on types SQLite stores as json ------------------------------------------------
JSON_FUNCTIONS = Schema((
    table(
        "tagged",
        col("id", INTEGER),
        col("tags", array(TEXT)),
        col("doc", JSONB),
        check("tagged_few_tags", "cardinality(tags) <= 3"),
        check("tagged_some_tags", "array_length(tags, 1) > 0"),
        check("tagged_doc_not_empty", "jsonb_array_length(doc) > 0"),
        index("tagged_tag_count", expr("cardinality(tags)"), where="jsonb_array_length(doc) > 1"),
        pk="id",
    ),
))
# (tags, doc, error): an empty array passes "array_length(tags, 1) > 0" (NULL), as in PostgreSQL;
# json_array_length of a non-array is an error, as in PostgreSQL.
NON_ARRAY = "JSON path error near 'json_array_length() of a non-array'"
JSON_VERDICTS = [
    ('["a", "b"]', "[1]", None),
    ("[]", "[1]", None),
    (None, None, None),
    ('["a", "b", "c", "d"]', "[1]", "CHECK constraint failed: tagged_few_tags"),
    ('["a"]', "[]", "CHECK constraint failed: tagged_doc_not_empty"),
    ('["a"]', '{"a": 1}', NON_ARRAY),
    ('["a"]', "3", NON_ARRAY),
]
# cyoa story_nodes: (is_ending, options, error) for "NOT is_ending OR json_array_length(options) = 0".
STORY_NODE_VERDICTS = [
    (True, "[]", None),
    (False, '{"not": "an array"}', None),  # the OR never evaluates json_array_length
    (True, '[{"text": "go", "node_id": 2}]', "CHECK constraint failed: story_nodes_ending_no_options_check"),
    (True, '{"not": "an array"}', NON_ARRAY),
    (True, '"text"', NON_ARRAY),
]


# -- odd names, comments and values that must survive the round trip ------------------------
ODD = Enum("odd kind", ("a'b", "c, (d)", "e -- f", 'g"h'))
ODD_SCHEMA = Schema((
    table(
        "odd table",
        col("key:part", varchar(20), null=False, comment="a colon\nand a newline"),
        col('we"ird', enum_type(ODD), null=False, default=lit("c, (d)"),
            comment="back\\slash -- dashes */ and 'quotes'"),
        col("select", TEXT, default=lit("it's -- not a comment")),
        col("n", BIGINT, default=lit(-5)),
        check("odd check", "\"select\" IS NULL OR \"select\" <> 'x, (y) -- z'"),
        # Nested deeper than the introspection tokenizer's whole-group limit.
        check("odd deep check", "abs(abs(abs(abs(abs(abs(abs(abs(abs(abs(n)))))))))) < 100"),
        unique("key:part", "select", name="odd unique"),
        index("odd index", expr('"select"', desc=True), where="n > 0"),
        pk="key:part",
        comment="  leading spaces, a trailing backslash \\",
    ),
    table(
        "child",
        col("id", BIGINT, identity=True),
        col("parent", varchar(20)),
        fk("parent", "odd table", "key:part", on_delete=Action.CASCADE, name="child parent"),
        pk="id",
    ),
))


# -- the catalog: what SQLite reports ----------------------------------------------------------
# Exact (table, subject) lists for the codes that change the model or name an index; the
# per-column codes SL-TZ and SL-NOWMS are checked against the model by rule in the test.
DEGRADATIONS = {
    "prismq": {
        "SL-DECIMAL": [("story_metrics", "avg_review_score")],
        "SL-TEXTFORM": [("*", "uuid, timestamp")],
        "SL-VARCHARPAD": [("*", "varchar")],
    },
    "scenes": {
        "SL-ARRAY": [("ideas", "tags"), ("scene_summaries", "segments_covered")],
        "SL-GIN": [("ideas", "idx_ideas_tags")],
        "SL-PARTITION": [("segments", "created_at"), ("jobs", "created_at")],
        "SL-JSONB": [("jobs", "context_data"), ("jobs", "result_data"), ("scene_bibles", "data")],
        "SL-TEXTFORM": [("*", "uuid, timestamp")],
        "SL-VARCHARPAD": [("*", "varchar")],
    },
    "cyoa": {
        "SL-TEXTFORM": [("*", "timestamp")],
        "SL-VARCHARPAD": [("*", "varchar")],
    },
    "contentgen": {
        "SL-DECIMAL": [("llm_usage", "cost")],
        "SL-JSONB": [("projects", "settings"), ("object_models", "structure"), ("prompts", "parameters"),
                     ("project_1.contents", "metadata"), ("project_1.metadata", "value")],
        "SL-TEXTFORM": [("*", "uuid, timestamp, date")],
        "SL-VARCHARPAD": [("*", "varchar")],
    },
    "scriptpal": {
        "SL-PREFIX": [("sessions", "idx_sessions_token")],
        "SL-DECIMAL": [("chat_messages", "cost_usd")],
        "SL-TEXTFORM": [("*", "timestamp")],
        "SL-VARCHARPAD": [("*", "varchar")],
    },
}
# How many per-column records each system gets (a change here is a change of meaning).
COLUMN_DEGRADATION_COUNTS = {
    "prismq": {"SL-TZ": 0, "SL-NOWMS": 8},
    "scenes": {"SL-TZ": 26, "SL-NOWMS": 19},
    "cyoa": {"SL-TZ": 3, "SL-NOWMS": 2},
    "contentgen": {"SL-TZ": 0, "SL-NOWMS": 13},
    "scriptpal": {"SL-TZ": 0, "SL-NOWMS": 10},
}

# -- column, index and table options (issue #14) ------------------------------------------------------
# A loose table (`strict=False`): every model type SQLite can name is written as that name, without a
# storage CHECK, and read back by it (enum and set keep their CHECK: no type name holds their members).
LOOSE = table(
    "loose",
    col("id", BIGINT, identity=True),
    col("u", UUID), col("tiny", TINYINT), col("small", SMALLINT), col("n", INTEGER), col("big", BIGINT),
    col("n_unsigned", unsigned(INTEGER)), col("name", varchar(40)), col("body", TEXT), col("flag", BOOLEAN),
    col("at", TIMESTAMP), col("at_ms", timestamp(3)), col("day", DATE), col("amount", decimal(10, 2)),
    col("any_number", NUMERIC), col("doc", JSON), col("ratio", REAL), col("score", DOUBLE), col("code", char(2)),
    col("blob", BYTES), col("sku", varbinary(8)), col("raw", binary(4)), col("opens", TIME), col("opens_s", time(0)),
    col("founded", YEAR), col("mood", enum_type(MOOD)), col("tags", set_of("a", "b")),
    col("cash", native("MONEY", "sqlite")), col("nick", TEXT, collation=Collation("NOCASE", "sqlite")),
    col("code_ci", char(2), collation=Collation("NOCASE", "sqlite")),
    col("code_bin", char(2), collation=Collation("BINARY", "sqlite")),
    pk="id", strict=False,
)
# Declared types of a loose table a user wrote -> the model type read (str(ColumnType)): by name, else
# by an affinity the model has a type of, else a native type of SQLite.
LOOSE_DECLARED = [
    ("INT", "integer"), ("INTEGER", "integer"), ("INT(11)", "integer"), ("MEDIUMINT", "integer"),
    ("BIGINT", "bigint"), ("UNSIGNED BIG INT", "bigint unsigned"), ("INT UNSIGNED", "integer unsigned"),
    ("TINYINT", "tinyint"), ("SMALLINT", "smallint"), ("VARCHAR(40)", "varchar(40)"),
    ("CHARACTER VARYING(5)", "varchar(5)"), ("NVARCHAR(9)", "varchar(9)"), ("VARCHAR", "text"), ("CLOB", "text"),
    ("CHAR", "char(1)"), ("NCHAR(3)", "char(3)"), ("NUMERIC(10,2)", "decimal(10,2)"), ("DECIMAL(5)", "decimal(5,0)"),
    ("NUMERIC", "numeric"), ("DATETIME", "timestamp"), ("TIMESTAMP(3)", "timestamp(3)"), ("DATE", "date"),
    ("REAL", "double"), ("DOUBLE PRECISION", "double"), ("FLOAT", "double"), ("FLOAT4", "real"),
    ("BOOLEAN", "boolean"), ("BLOB", "bytes"), ("VARBINARY(8)", "varbinary(8)"), ("JSON", "json"), ("UUID", "uuid"),
    ("LONGBLOB", "bytes"), ("LONGTEXT", "text"), ("VARCHAR(0)", "text"), ("SERIAL4 INT", "bigint"),
    ("FLOAT(53)", "double"), ("MONEY", "sqlite:MONEY"), ("TIME(9)", "sqlite:TIME(9)"), ("STRING", "sqlite:STRING"),
]

# -- a key column's nullability (issue #14) -----------------------------------------------------------
# CREATE TABLE k (<body>) <options>; column `key` is the primary key (or its first column). The test
# inserts NULL into it on real SQLite: a rowid alias takes a rowid instead, and a WITHOUT ROWID or STRICT
# table's key rejects it; any other key column of a rowid table stores NULL (a legacy bug SQLite keeps,
# https://www.sqlite.org/lang_createtable.html#the_primary_key). The column must read nullable exactly
# when a NULL was stored.
KEY_NULLABILITY = [
    ("key INTEGER PRIMARY KEY", ""),
    ("key integer primary key asc", ""),
    ("key INTEGER PRIMARY KEY AUTOINCREMENT", ""),
    ("key INTEGER, note TEXT, PRIMARY KEY (key DESC)", ""),  # DESC in a table constraint: still an alias
    ("key INTEGER PRIMARY KEY DESC", ""),  # DESC in the column definition: no alias (a documented quirk)
    ("key INT PRIMARY KEY", ""),
    ("key BIGINT PRIMARY KEY", ""),
    ("key TEXT PRIMARY KEY", ""),
    ("key INTEGER NOT NULL PRIMARY KEY", ""),
    ("key INTEGER, other INTEGER, PRIMARY KEY (key, other)", ""),
    ("key INTEGER PRIMARY KEY", "WITHOUT ROWID"),
    ("key TEXT PRIMARY KEY", "WITHOUT ROWID"),
    ("key INTEGER PRIMARY KEY", "STRICT"),
    ("key INT PRIMARY KEY", "STRICT"),
    ("key TEXT PRIMARY KEY", "STRICT"),
]

# A text column's DEFAULT of the current time (SQLite's keywords, https://www.sqlite.org/lang_createtable.html#dfltval,
# or its date functions): (the default as written, the form of the text it gives, UTC). Read as the expression,
# the round trip through the model must still give that text.
TEXT_CLOCK_DEFAULTS = [
    ("CURRENT_TIMESTAMP", r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"),
    ("(CURRENT_TIMESTAMP)", r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"),
    ("current_date", r"\d{4}-\d\d-\d\d"),
    ("CURRENT_TIME", r"\d\d:\d\d:\d\d"),
    ("(date('now'))", r"\d{4}-\d\d-\d\d"),
    ("(strftime('%Y-%m-%d %H:%M:%f', 'now'))", r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}"),
]

# A loose table's column with no declared type (BLOB affinity, "none": a value of any class is stored
# as given, https://www.sqlite.org/datatype3.html#determination_of_column_affinity): one value of each
# storage class, as sqlite3 takes it, and its typeof().
UNTYPED_TABLE = ('CREATE TABLE bag (id INTEGER PRIMARY KEY, v, "we""ird col" NOT NULL DEFAULT 0, '
                 "tag TEXT, v2 DEFAULT 1.5e1, v3 DEFAULT X'00ff')")
UNTYPED_VALUES = [(1, 42, "integer"), (2, 2.5, "real"), (3, "007", "text"), (4, b"\x00\xff", "blob"),
                  (5, 9223372036854775807, "integer"), (6, " 1e3 ", "text")]
