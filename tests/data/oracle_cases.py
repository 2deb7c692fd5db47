"""Table-driven cases for tests/test_oracle.py: expressions, type rules, catalog CHECKs.

Expected values are written out by hand from SQL's rules and the seed
documents, never computed with the oracle.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from schemakit.checks.oracle import Quirk as Q
from schemakit.checks.oracle import VerdictKind as K
from schemakit.schema.model import (
    BIGINT, BOOLEAN, BYTES, DATE, DOUBLE, INTEGER, INTERVAL, JSON, JSONB, NUMERIC, REAL, SMALLINT, TEXT, TIME, TIMESTAMP,
    TIMESTAMPTZ, TIMETZ, TINYINT, UUID, YEAR, Enum, array, binary, char, decimal, enum_type, set_of, time, timestamp,
    timestamptz, unsigned, varbinary, varchar,
)
from schemakit.schema.model import Action

T, F, N = True, False, None

# (expression, row, SQL value). A CHECK passes unless the value is FALSE.
EXPRESSIONS = [
    # Kleene logic
    ("NULL AND FALSE", {}, F),
    ("NULL AND TRUE", {}, N),
    ("NULL OR TRUE", {}, T),
    ("NULL OR FALSE", {}, N),
    ("NOT NULL", {}, N),
    ("a AND b", {"a": N, "b": F}, F),
    ("a AND b", {"a": F, "b": N}, F),
    ("a OR b", {"a": N, "b": T}, T),
    ("NOT a", {"a": N}, N),
    ("flag", {"flag": N}, N),
    ("NOT flag OR x > 0", {"flag": F, "x": N}, T),
    ("NOT flag OR x > 0", {"flag": T, "x": N}, N),
    # comparisons with NULL
    ("x = NULL", {"x": 1}, N),
    ("x <> 1", {"x": N}, N),
    ("x != 2", {"x": 1}, T),
    ("x >= 0 AND x <= 100", {"x": N}, N),
    ("x >= 0 AND x <= 100", {"x": 101}, F),
    ("x >= 0 AND x <= 100", {"x": 100}, T),
    # IS
    ("x IS NULL", {"x": N}, T),
    ("x IS NOT NULL", {"x": N}, F),
    ("NOT x IS NULL", {"x": 0}, T),
    ("a IS TRUE", {"a": N}, F),
    ("a IS NOT TRUE", {"a": N}, T),
    ("a IS FALSE", {"a": F}, T),
    ("a IS NOT FALSE", {"a": N}, T),
    ("a IS DISTINCT FROM b", {"a": N, "b": N}, F),
    ("a IS DISTINCT FROM b", {"a": 1, "b": N}, T),
    ("a IS NOT DISTINCT FROM b", {"a": N, "b": N}, T),
    # IN with SQL's NULL semantics
    ("x IN (1, NULL)", {"x": 2}, N),
    ("x IN (1, NULL)", {"x": 1}, T),
    ("x IN (1, 2)", {"x": N}, N),
    ("x NOT IN (1, NULL)", {"x": 2}, N),
    ("x NOT IN (1, 3)", {"x": 2}, T),
    ("x NOT IN (1, 3)", {"x": 3}, F),
    ("s IN ('a', 'b')", {"s": "A"}, F),
    ("s IN ('a', 'b')", {"s": "a "}, F),
    # BETWEEN
    ("x BETWEEN 1 AND 3", {"x": 3}, T),
    ("x BETWEEN 1 AND 3", {"x": 4}, F),
    ("x BETWEEN 1 AND 3", {"x": N}, N),
    ("x BETWEEN 1 AND y", {"x": 0, "y": N}, F),
    ("x BETWEEN 1 AND y", {"x": 2, "y": N}, N),
    ("x BETWEEN 3 AND 1", {"x": 2}, F),
    ("x BETWEEN SYMMETRIC 3 AND 1", {"x": 2}, T),
    # arithmetic: integer division truncates toward zero, % takes the dividend's sign
    ("x + 1 > y * 2", {"x": 4, "y": 2}, T),
    ("x - y = -1", {"x": 1, "y": 2}, T),
    ("7 / 2 = 3", {}, T),
    ("-7 / 2 = -3", {}, T),
    ("-7 % 3 = -1", {}, T),
    ("x / 2 = 1.5", {"x": Decimal(3)}, T),
    ("x + 1 = 2", {"x": N}, N),
    ("-x < 0", {"x": 5}, T),
    # functions
    ("lower(s) = 'abc'", {"s": "AbC"}, T),
    ("upper(s) = 'ABC'", {"s": "abc"}, T),
    ("length(s) = 3", {"s": "hé😀"}, T),  # characters, not bytes
    ("char_length(s) <= 2", {"s": N}, N),
    ("coalesce(x, y, 0) = 0", {"x": N, "y": N}, T),
    ("coalesce(x, 5) = 5", {"x": 1}, F),
    ("json_array_length(j) = 0", {"j": "[]"}, T),
    ("json_array_length(j) = 2", {"j": '[1, {"a": []}]'}, T),
    ("json_array_length(j) = 0", {"j": N}, N),
    # temporal literals are cast to the column's type
    ("ts >= '2026-01-01'", {"ts": dt.datetime(2026, 1, 1)}, T),
    ("ts < '2026-01-01'", {"ts": dt.datetime(2025, 12, 31, 23, 59, 59, 999999)}, T),
    ("d < '2026-01-01'", {"d": dt.date(2025, 12, 31)}, T),
    # AND/OR short-circuit left to right like PostgreSQL's executor: the error is never reached
    ("NOT e OR json_array_length(j) = 0", {"e": F, "j": "{}"}, T),
]

# PostgreSQL raises an error while evaluating these: the CHECK rejects the row.
ENGINE_ERRORS = [
    ("x / y > 0", {"x": 1, "y": 0}),
    ("x % y = 0", {"x": 1, "y": 0}),
    ("json_array_length(j) = 0", {"j": "{}"}),
    ("json_array_length(j) = 0", {"j": '"scalar"'}),
    ("NOT e OR json_array_length(j) = 0", {"e": T, "j": "{}"}),
]

# (expression, row, text the error must contain): never silently passed.
UNSUPPORTED = [
    ("s LIKE 'a%'", {"s": "a"}, "Like"),
    ("x IN (SELECT 1)", {"x": 1}, "In"),
    ("s < 'b'", {"s": "a"}, "collation"),
    ("s || 'a' = 'ba'", {"s": "b"}, "DPipe"),
    ("CAST(x AS TEXT) = '1'", {"x": 1}, "Cast"),
    ("upper(x) = 'A'", {"x": 1}, "Upper"),
    ("x = 'a'", {"x": 1}, "cannot compare"),
    ("a AND x", {"a": T, "x": 1}, "not boolean"),
    ("x = ANY(ARRAY[1, 2])", {"x": 1}, "Any"),
    ("md5(s) = 'x'", {"s": "a"}, "md5"),
    ("now() > ts", {"ts": dt.datetime(2020, 1, 1)}, "CurrentTimestamp"),
    ("x + s = 1", {"x": 1, "s": "a"}, "arithmetic"),
    # PostgreSQL's prefix @ is abs(): not modelled, as the engines part at the smallest integer (PostgreSQL:
    # "integer out of range", so the row is rejected; MariaDB and SQLite store -2147483648 in an INT column)
    ("@ n > 3", {"n": -5}, "Abs"),
    ("@ (n - 1) > 3", {"n": 2}, "Abs"),
    # a cast to text: the text of a number is not modelled (LIKE neither)
    ("n::text LIKE '1%'", {"n": 15}, "Cast|Like"),
    ("(n + 1)::varchar <> 'x'", {"n": 1}, "Cast"),
]

# The seed's "Review Types Explained" table (000, prismq): which version ids each type sets.
# (review_type, title version id set, script version id set, accepted)
REVIEW_TYPES = [
    ("title", T, F, T), ("title", F, F, F), ("title", T, T, F), ("title", F, T, F),
    ("script", F, T, T), ("script", F, F, F), ("script", T, T, F), ("script", T, F, F),
    ("story", T, T, T), ("story", T, F, F), ("story", F, T, F), ("story", F, F, F),
]

# cyoa story_nodes: (is_ending, is_winning_ending, options, violated CHECK or None)
ENDING = "story_nodes_ending_no_options_check"
WINNING = "story_nodes_winning_is_ending_check"
STORY_NODES = [
    (F, F, '[{"text": "go", "node_id": 2}]', None),
    (T, F, "[]", None),
    (T, T, "[]", None),
    (T, F, "[1]", ENDING),
    (F, T, "[]", WINNING),
    (F, T, "[1]", WINNING),
    (T, T, '[{"text": "again"}]', ENDING),
    (F, F, "{}", None),  # short-circuit: json_array_length is never called
    (T, F, "{}", ENDING),  # PostgreSQL: cannot get array length of a non-array
    (T, F, '"x"', ENDING),
]

# (system, table, column, value, violated CHECK or None): the seeds' status IN lists.
STATUS_LISTS = [
    ("scenes", "users", "role", "admin", None),
    ("scenes", "users", "role", "Admin", "users_role_check"),
    ("scenes", "users", "role", "admin ", "users_role_check"),
    ("scenes", "scenes", "status", "locked", None),
    ("scenes", "segments", "status", "locked", "segments_status_check"),
    ("scenes", "segments", "status", "removed", None),
    ("scenes", "ideas", "moderation_status", "approved", None),
    ("scenes", "ideas", "moderation_status", "active", "ideas_moderation_check"),
    ("scenes", "jobs", "status", "cancelled", None),
    ("scenes", "jobs", "status", "completed", "jobs_status_check"),
    ("scenes", "jobs", "stage", "completed", None),
    ("scenes", "moderation_flags", "target_type", "segment", None),
    ("scenes", "moderation_flags", "target_type", "comment", "moderation_target_type_check"),
    ("scenes", "user_topics", "status", "rejected", None),
    ("cyoa", "story_jobs", "status", "failed", None),
    ("cyoa", "story_jobs", "status", "done", "story_jobs_status_check"),
]

STATUS = Enum("s", ("new", "done"))
UTC = dt.timezone.utc
PLUS1, MINUS5 = dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-5))
U = "0f8fad5b-d9cb-469f-a165-70867728950e"

# (column type, value, violation kind (K: checks.oracle.VerdictKind) or None)
TYPE_RULES = [
    (SMALLINT, 32767, None), (SMALLINT, 32768, K.RANGE), (SMALLINT, -32768, None), (SMALLINT, -32769, K.RANGE),
    (INTEGER, 2**31 - 1, None), (INTEGER, 2**31, K.RANGE), (INTEGER, -2**31, None), (INTEGER, -2**31 - 1, K.RANGE),
    (BIGINT, 2**63 - 1, None), (BIGINT, 2**63, K.RANGE), (BIGINT, -2**63, None), (BIGINT, -2**63 - 1, K.RANGE),
    (INTEGER, True, K.TYPE), (INTEGER, 1.0, K.TYPE), (INTEGER, "1", K.TYPE),
    (varchar(3), "abc", None), (varchar(3), "abcd", K.LENGTH), (varchar(3), "", None),
    (varchar(3), "é😀a", None), (varchar(3), "ab ", None), (varchar(3), "abc ", None),
    (varchar(3), "abc \t", K.LENGTH), (varchar(3), "abcd ", K.LENGTH), (varchar(3), "ab   x", K.LENGTH),
    (varchar(3), "a\x00", K.TYPE), (varchar(3), "\ud800", K.TYPE), (varchar(3), 1, K.TYPE),
    (TEXT, "", None), (TEXT, "x" * 10_000, None), (TEXT, "x\x00", K.TYPE),
    (decimal(5, 2), Decimal("999.99"), None), (decimal(5, 2), Decimal("-999.99"), None),
    (decimal(5, 2), Decimal("1000.00"), K.RANGE), (decimal(5, 2), Decimal("-1000"), K.RANGE),
    (decimal(5, 2), Decimal("999.994"), None), (decimal(5, 2), Decimal("999.995"), K.RANGE),
    (decimal(5, 2), Decimal("-999.995"), K.RANGE), (decimal(5, 2), Decimal("0.005"), None),
    (decimal(5, 2), Decimal("1E+5"), K.RANGE), (decimal(5, 2), 5, None),
    (decimal(5, 2), Decimal("NaN"), K.TYPE), (decimal(5, 2), Decimal("Infinity"), K.TYPE),
    (decimal(5, 2), 1.5, K.TYPE), (decimal(10, 6), Decimal("9999.9999994"), None),
    (decimal(10, 6), Decimal("9999.9999995"), K.RANGE),
    (UUID, U, None), (UUID, U.upper(), K.TYPE), (UUID, "{" + U + "}", K.TYPE),
    (UUID, U.replace("-", ""), K.TYPE), (UUID, U[:-1], K.TYPE),
    (enum_type(STATUS), "new", None), (enum_type(STATUS), "New", K.ENUM),
    (enum_type(STATUS), "later", K.ENUM), (enum_type(STATUS), 1, K.TYPE),
    (JSON, "{}", None), (JSON, "[]", None), (JSON, "null", None), (JSON, " 1 ", None),
    (JSON, '{"a": [1, 2.5e3, "é"]}', None), (JSON, "NaN", K.JSON), (JSON, "[Infinity]", K.JSON),
    (JSON, "{", K.JSON), (JSON, "", K.JSON), (JSON, "{'a': 1}", K.JSON), (JSON, '"\\ud800"', None),
    (JSONB, '"\\ud800"', K.JSON), (JSONB, '["\\udc00x"]', K.JSON), (JSONB, '"\\ud83d\\ude00"', None),
    (JSON, '"\\x41"', K.JSON),
    (JSON, '"\\u0000"', None), (JSONB, '"\\u0000"', K.JSON), (JSONB, '{"a": 1}', None), (JSON, {}, K.TYPE),
    (BOOLEAN, True, None), (BOOLEAN, 1, K.TYPE),
    (TIMESTAMP, dt.datetime(2026, 1, 1, 12, 0, 0, 123456), None), (TIMESTAMP, dt.datetime.min, None),
    (TIMESTAMP, dt.datetime.max, None), (TIMESTAMP, dt.datetime(2026, 1, 1, tzinfo=UTC), K.TYPE),
    (TIMESTAMP, dt.date(2026, 1, 1), K.TYPE),
    (TIMESTAMPTZ, dt.datetime(2026, 1, 1, tzinfo=PLUS1), None), (TIMESTAMPTZ, dt.datetime(2026, 1, 1), K.TYPE),
    (TIMESTAMPTZ, dt.datetime(1, 1, 1, tzinfo=UTC), None), (TIMESTAMPTZ, dt.datetime(1, 1, 1, tzinfo=PLUS1), K.RANGE),
    (TIMESTAMPTZ, dt.datetime(9999, 12, 31, 23, tzinfo=MINUS5), K.RANGE),
    (DATE, dt.date(2026, 2, 28), None), (DATE, dt.date.min, None), (DATE, dt.date.max, None),
    (DATE, dt.datetime(2026, 1, 1), K.TYPE),
    (array(INTEGER), [1, None, 2], None), (array(INTEGER), [], None), (array(INTEGER), [2**31], K.RANGE),
    (array(INTEGER), "[]", K.TYPE), (array(INTEGER), [[1]], K.TYPE), (array(TEXT), ["a", "b\x00"], K.TYPE),
]

# The seed's state transition table (000, prismq "State Transitions").
SEED_TRANSITIONS = {
    ("draft", "in_progress"), ("in_progress", "review"), ("review", "in_progress"),
    ("review", "approved"), ("approved", "published"),
}
STORY_STATUSES = ("draft", "in_progress", "review", "approved", "published")

# -- the new kinds (issue #14), in the model's meaning (PostgreSQL's, MySQL's for YEAR and SET) -------------
NAN, INF = float("nan"), float("inf")
F32_MAX = 3.4028234663852886e38  # the largest binary32 value
H = dt.timedelta(hours=1)
CHANNELS = set_of("wholesale", "retail", "export")
PLUS1559, PLUS16 = dt.timezone(dt.timedelta(hours=15, minutes=59)), dt.timezone(dt.timedelta(hours=16))

# (column type, value, violation kind or None)
NEW_TYPE_RULES = [
    (TINYINT, 127, None), (TINYINT, 128, K.RANGE), (TINYINT, -128, None), (TINYINT, -129, K.RANGE),
    (unsigned(TINYINT), 255, None), (unsigned(TINYINT), 256, K.RANGE), (unsigned(TINYINT), -1, K.RANGE),
    (unsigned(SMALLINT), 65535, None), (unsigned(SMALLINT), 65536, K.RANGE),
    (unsigned(INTEGER), 4294967295, None), (unsigned(INTEGER), 4294967296, K.RANGE), (unsigned(INTEGER), 0, None),
    (unsigned(BIGINT), 18446744073709551615, None), (unsigned(BIGINT), 2**64, K.RANGE),
    (unsigned(BIGINT), -1, K.RANGE), (TINYINT, True, K.TYPE), (TINYINT, 1.0, K.TYPE),
    (REAL, 1.5, None), (REAL, 1, None), (REAL, -0.0, None), (REAL, NAN, None), (REAL, INF, None), (REAL, -INF, None),
    (REAL, F32_MAX, None), (REAL, -F32_MAX, None), (REAL, 3.5e38, K.RANGE), (REAL, -1e39, K.RANGE),
    (REAL, 10**39, K.RANGE), (REAL, 1.401298464324817e-45, None), (REAL, 1e-50, K.RANGE),  # underflow
    (REAL, Decimal("1.5"), K.TYPE), (REAL, "1.5", K.TYPE), (REAL, True, K.TYPE),
    (DOUBLE, 1.7976931348623157e308, None), (DOUBLE, 5e-324, None), (DOUBLE, NAN, None), (DOUBLE, -INF, None),
    (DOUBLE, 3.5e38, None), (DOUBLE, 10**400, K.RANGE), (DOUBLE, Decimal(1), K.TYPE),
    (NUMERIC, Decimal("1e100"), None), (NUMERIC, Decimal("-0.000000000000000000000000000000000001"), None),
    (NUMERIC, 10**70, None), (NUMERIC, Decimal("NaN"), K.TYPE), (NUMERIC, Decimal("-Infinity"), K.TYPE),
    (NUMERIC, 1.5, K.TYPE),
    (decimal(40, 0), Decimal("9" * 40), None), (decimal(40, 0), Decimal("1" + "0" * 40), K.RANGE),  # past 28 digits
    (char(3), "abc", None), (char(3), "", None), (char(3), "abc   ", None), (char(3), "abcd", K.LENGTH),
    (char(3), "ab \t", K.LENGTH), (char(3), "é😀a", None), (char(3), "a\x00", K.TYPE), (char(3), b"abc", K.TYPE),
    (BYTES, b"", None), (BYTES, b"\x00" * 1000, None), (BYTES, "ab", K.TYPE), (BYTES, bytearray(b"a"), K.TYPE),
    (varbinary(2), b"ab", None), (varbinary(2), b"abc", K.LENGTH), (varbinary(2), b"a\x00\x00", K.LENGTH),
    (binary(2), b"", None), (binary(2), b"\x00\x00", None), (binary(2), b"abc", K.LENGTH),
    (TIME, dt.time(0), None), (TIME, dt.time(23, 59, 59, 999999), None), (TIME, 24 * H, None),
    (TIME, dt.timedelta(0), None), (TIME, 24 * H + dt.timedelta(microseconds=1), K.RANGE),
    (TIME, -dt.timedelta(seconds=1), K.RANGE), (TIME, 838 * H, K.RANGE), (TIME, dt.time(1, tzinfo=UTC), K.TYPE),
    (TIME, "12:00:00", K.TYPE), (time(0), dt.time(1, 2, 3, 456789), None),
    (TIMETZ, dt.time(12, tzinfo=UTC), None), (TIMETZ, dt.time(12, tzinfo=PLUS1559), None),
    (TIMETZ, dt.time(12, tzinfo=PLUS16), K.RANGE), (TIMETZ, dt.time(12), K.TYPE),
    (TIMETZ, dt.datetime(2026, 1, 1, tzinfo=UTC), K.TYPE),
    (INTERVAL, dt.timedelta(days=-3, hours=2), None), (INTERVAL, dt.timedelta(days=999999999), None),
    (INTERVAL, "1 day", K.TYPE), (INTERVAL, dt.time(1), K.TYPE),
    (YEAR, 0, None), (YEAR, 1901, None), (YEAR, 2155, None), (YEAR, 1900, K.RANGE), (YEAR, 2156, K.RANGE),
    (YEAR, 1, K.RANGE), (YEAR, -1, K.RANGE), (YEAR, "2026", K.TYPE), (YEAR, True, K.TYPE),
    (CHANNELS, "", None), (CHANNELS, "retail", None), (CHANNELS, "export,retail", None),
    (CHANNELS, "retail,retail", None), (CHANNELS, "Retail", K.ENUM), (CHANNELS, "retail,other", K.ENUM),
    (CHANNELS, "retail,", K.ENUM), (CHANNELS, "retail ", K.ENUM), (CHANNELS, ["retail"], K.TYPE),
    (timestamp(0), dt.datetime(2026, 1, 1, 0, 0, 0, 600000), None),
    (timestamptz(3), dt.datetime(2026, 1, 1, tzinfo=UTC), None), (timestamptz(3), dt.datetime(2026, 1, 1), K.TYPE),
]

# (column type, value, quirk, violation kind or None): as an engine with the quirk judges it
QUIRK_RULES = [
    (REAL, NAN, Q.NO_FLOAT_SPECIALS, K.TYPE), (DOUBLE, -INF, Q.NO_FLOAT_SPECIALS, K.TYPE),
    (DOUBLE, 1.5, Q.NO_FLOAT_SPECIALS, None),
    (TIME, 838 * H + dt.timedelta(minutes=59, seconds=59), Q.WIDE_TIME, None),
    (TIME, -(838 * H + dt.timedelta(minutes=59, seconds=59)), Q.WIDE_TIME, None),
    (TIME, 839 * H, Q.WIDE_TIME, K.RANGE),
    (NUMERIC, Decimal("9" * 35), Q.NUMERIC_65_30, None), (NUMERIC, Decimal("1e35"), Q.NUMERIC_65_30, K.RANGE),
    (NUMERIC, Decimal("-99999999999999999999999999999999999.9999999999999999999999999999999"), Q.NUMERIC_65_30,
     K.RANGE),  # rounds up to 10**35 at 30 digits
    (NUMERIC, Decimal("1e-40"), Q.NUMERIC_65_30, None),  # rounded to 30 digits: 0
    (unsigned(BIGINT), 2**63 - 1, Q.SIGNED_UNSIGNED64, None), (unsigned(BIGINT), 2**63, Q.SIGNED_UNSIGNED64, K.RANGE),
    (unsigned(INTEGER), 2**32 - 1, Q.SIGNED_UNSIGNED64, None),
]

# (column type, value, the value as stored: what CHECKs, keys and foreign keys see)
STORED = [
    (char(4), "ab  ", "ab"), (char(4), "ab      ", "ab"), (char(4), " a", " a"), (char(4), "a\t", "a\t"),
    (binary(3), b"a", b"a\x00\x00"), (binary(3), b"", b"\x00\x00\x00"), (varbinary(3), b"a", b"a"),
    (REAL, 0.1, 0.10000000149011612), (REAL, 1, 1.0), (DOUBLE, 0.1, 0.1), (REAL, INF, INF),
    (CHANNELS, "export,retail,export", "retail,export"), (CHANNELS, "", ""),
    (timestamp(0), dt.datetime(2026, 1, 1, 0, 0, 0, 500000), dt.datetime(2026, 1, 1, 0, 0, 1)),
    (timestamp(0), dt.datetime(1999, 12, 31, 23, 59, 59, 500000), dt.datetime(1999, 12, 31, 23, 59, 59)),  # PG epoch
    (timestamp(3), dt.datetime(2026, 1, 1, 0, 0, 0, 123500), dt.datetime(2026, 1, 1, 0, 0, 0, 124000)),
    (timestamptz(0), dt.datetime(2026, 1, 1, 0, 0, 0, 700000, tzinfo=PLUS1),
     dt.datetime(2026, 1, 1, 0, 0, 1, tzinfo=PLUS1)),
    (time(0), dt.time(23, 59, 59, 500000), 24 * H), (time(1), dt.time(1, 0, 0, 49999), dt.time(1)),
    (time(0), 24 * H, 24 * H), (TIME, dt.time(1, 0, 0, 1), dt.time(1, 0, 0, 1)),
    (timestamp(0), dt.datetime(9999, 12, 31, 23, 59, 59, 900000), dt.datetime(9999, 12, 31, 23, 59, 59, 900000)),
    (char(2), "abc", "abc"),  # too long: as sent (a length violation)
]

# (column type, a stored value, a new value, whether they collide in a UNIQUE key)
KEY_COLLISIONS = [
    (char(8), "a", "a   ", True), (char(8), "a", " a", False), (char(8), "a", "A", False),
    (binary(4), b"a", b"a\x00", True), (binary(4), b"a", b"a\x00\x00\x00", True), (binary(4), b"a", b"\x00a", False),
    (varbinary(4), b"a", b"a\x00", False), (BYTES, b"", b"\x00", False),
    (CHANNELS, "retail,export", "export,retail", True), (CHANNELS, "retail", "retail,retail", True),
    (CHANNELS, "", "retail", False),
    (REAL, NAN, NAN, True), (DOUBLE, NAN, NAN, True), (DOUBLE, 0.0, -0.0, True), (REAL, 0.1, 0.10000000149011612, True),
    (DOUBLE, 0.1, 0.10000000149011612, False), (NUMERIC, Decimal("1.0"), Decimal("1.000"), True),
    (timestamp(0), dt.datetime(2026, 1, 1, 0, 0, 1), dt.datetime(2026, 1, 1, 0, 0, 0, 600000), True),
    (TIMESTAMP, dt.datetime(2026, 1, 1, 0, 0, 1), dt.datetime(2026, 1, 1, 0, 0, 0, 999999), False),
    (time(0), 24 * H, dt.time(23, 59, 59, 500000), True), (TIME, 24 * H, dt.time(0), False),
    (TIMETZ, dt.time(12, tzinfo=UTC), dt.time(13, tzinfo=PLUS1), False),  # timetz equality compares the offset too
    (YEAR, 2026, 2026, True), (unsigned(INTEGER), 7, 7, True),
]

# Quirks that change what is stored: (column type, stored value, new value, quirk, collide)
QUIRK_COLLISIONS = [
    (binary(4), b"a", b"a\x00", Q.BINARY_UNPADDED, False), (binary(4), b"a", b"a", Q.BINARY_UNPADDED, True),
    (DOUBLE, NAN, NAN, Q.NAN_AS_NULL, False),
]

# (ON UPDATE action of c.p_code -> p.code, p's new code for 'A', other parents' codes, the violated
# key or None, the child's p_code afterwards): one child row holds 'A  ' (char: the same key as 'A')
ON_UPDATE = [
    (Action.NO_ACTION, "B", [], "c_p_code_fkey", "A"), (Action.RESTRICT, "B", [], "c_p_code_fkey", "A"),
    (Action.NO_ACTION, "A ", [], None, "A"),  # the same key: nothing to refuse
    (Action.CASCADE, "B", [], None, "B"), (Action.SET_NULL, "B", [], None, None),
    (Action.SET_DEFAULT, "B", ["D"], None, "D"), (Action.SET_DEFAULT, "B", [], "c_p_code_fkey", "A"),
]

# The model's own verdict on the QUIRK_RULES values the quirk judges otherwise: (type, repr(value)) -> kind
MODEL_KINDS = {
    (REAL, repr(NAN)): None, (DOUBLE, repr(-INF)): None,
    (TIME, repr(838 * H + dt.timedelta(minutes=59, seconds=59))): K.RANGE,
    (TIME, repr(-(838 * H + dt.timedelta(minutes=59, seconds=59)))): K.RANGE,
    (NUMERIC, repr(Decimal("1e35"))): None,
    (NUMERIC, repr(Decimal("-99999999999999999999999999999999999.9999999999999999999999999999999"))): None,
    (unsigned(BIGINT), repr(2**63)): None,
}

# -- PostgreSQL's range types (checks/ranges.py, https://www.postgresql.org/docs/15/rangetypes.html) ----------
_D, _UTC = dt.date, dt.timezone.utc
EMPTY_RANGE = "empty"
# (range type, literal, (lower, upper, lower inclusive, upper inclusive) as PostgreSQL stores it, or EMPTY_RANGE)
RANGE_LITERALS = [
    ("int4range", "[1,5)", (1, 5, T, F)),
    ("int4range", "[1,5]", (1, 6, T, F)),  # discrete: canonical [)
    ("int4range", "(1,5]", (2, 6, T, F)),
    ("int4range", "(1,5)", (2, 5, T, F)),
    ("int4range", "[3,3]", (3, 4, T, F)),
    ("int4range", "[3,3)", EMPTY_RANGE),
    ("int4range", "(3,4)", EMPTY_RANGE),  # (3,4) holds no integer
    ("int4range", "(3,3]", EMPTY_RANGE),
    ("int4range", "(,5]", (N, 6, F, F)),
    ("int4range", "[,5]", (N, 6, F, F)),  # an unbounded side is exclusive
    ("int4range", "(1,)", (2, N, T, F)),
    ("int4range", "(,)", (N, N, F, F)),
    ("int4range", "  [ 1 , 5 )  ", (1, 5, T, F)),
    ("int4range", "EMPTY", EMPTY_RANGE),
    ("int4range", ' ("1","5"] ', (2, 6, T, F)),
    ("int8range", "[-9223372036854775808,0]", (-2**63, 1, T, F)),
    ("daterange", "[2024-01-01,2024-02-01)", (_D(2024, 1, 1), _D(2024, 2, 1), T, F)),
    ("daterange", "(2024-01-31,2024-02-29]", (_D(2024, 2, 1), _D(2024, 3, 1), T, F)),
    ("daterange", "[2024-01-01,2024-01-01)", EMPTY_RANGE),
    ("numrange", "[1.5,2.5]", (Decimal("1.5"), Decimal("2.5"), T, T)),  # continuous: as written
    ("numrange", "(1.5,2.5)", (Decimal("1.5"), Decimal("2.5"), F, F)),
    ("numrange", "[2.5,2.5]", (Decimal("2.5"), Decimal("2.5"), T, T)),
    ("numrange", "[2.5,2.5)", EMPTY_RANGE),
    ("numrange", "(,3]", (N, Decimal(3), F, T)),
    ("tsrange", '["2020-01-01 00:00:00","2020-01-02 00:00:00")',
     (dt.datetime(2020, 1, 1), dt.datetime(2020, 1, 2), T, F)),
    ("tstzrange", '["2024-01-01 01:00:00+01","2024-01-01 12:00:00+00")',
     (dt.datetime(2024, 1, 1, tzinfo=_UTC), dt.datetime(2024, 1, 1, 12, tzinfo=_UTC), T, F)),
    ("tstzrange", "[2024-01-01,2024-02-01)",  # no offset: the session's time zone, UTC
     (dt.datetime(2024, 1, 1, tzinfo=_UTC), dt.datetime(2024, 2, 1, tzinfo=_UTC), T, F)),
]
# (range type, literal): PostgreSQL refuses them, or the oracle does not model them
RANGE_REFUSED = [
    ("int4range", "[5,1)"),  # range lower bound must be less than or equal to range upper bound
    ("numrange", "(2.5,1.5)"),
    ("int4range", "1,5"),
    ("int4range", "[1,5"),
    ("int4range", "[1,5)x"),
    ("int4range", "[a,5)"),
    ("daterange", "[2024-01-01,infinity)"),  # special values are not modelled
]
# (range type, a, b, a && b): written out from PostgreSQL's definition (a point in both)
RANGE_OVERLAPS = [
    ("int4range", "[1,5)", "[4,8)", T),
    ("int4range", "[1,5)", "[5,8)", F),  # adjacent: [1,5) ends where [5,8) begins, exclusive
    ("int4range", "[1,5]", "[5,8)", T),  # 5 is in both
    ("int4range", "[1,4]", "(4,8)", F),  # [1,5) and [5,8)
    ("int4range", "(,3)", "[2,)", T),
    ("int4range", "(,3)", "[3,)", F),
    ("int4range", "(,)", "[3,4)", T),
    ("int4range", "empty", "(,)", F),  # empty overlaps nothing
    ("int4range", "empty", "empty", F),
    ("int4range", "(3,4)", "[3,5)", F),  # (3,4) is empty
    ("daterange", "[2024-01-01,2024-02-01)", "[2024-01-31,2024-03-01)", T),
    ("daterange", "[2024-01-01,2024-01-31]", "[2024-02-01,2024-03-01)", F),
    ("numrange", "[1.5,2.5]", "[2.5,3)", T),  # 2.5 is in both
    ("numrange", "[1.5,2.5)", "[2.5,3)", F),
    ("numrange", "[1.5,2.5]", "(2.5,3)", F),
    ("numrange", "[2.5,2.5]", "[2.5,2.5]", T),  # a single point overlaps itself
    ("numrange", "(1,2)", "(1.5,1.5]", F),  # (1.5,1.5] is empty
    ("tsrange", '["2020-01-01 00:00:00","2020-01-02 00:00:00")', '("2020-01-01 23:59:59",)', T),
    ("tstzrange", '["2024-01-01 00:00:00+00","2024-01-01 12:00:00+00")', '["2024-01-01 13:00:00+01",)', F),
    ("tstzrange", '["2024-01-01 00:00:00+00","2024-01-01 12:00:00+00"]', '["2024-01-01 13:00:00+01",)', T),
]
