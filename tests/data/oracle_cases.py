"""Table-driven cases for tests/test_oracle.py: expressions, type rules, catalog CHECKs.

Expected values are written out by hand from SQL's rules and the seed
documents, never computed with the oracle.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from schemakit.checks.oracle import VerdictKind as K
from schemakit.schema.model import (
    BIGINT, BOOLEAN, DATE, INTEGER, JSON, JSONB, SMALLINT, TEXT, TIMESTAMP, TIMESTAMPTZ, UUID, Enum,
    array, decimal, enum_type, varchar,
)

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
