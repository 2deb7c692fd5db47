"""Cases for tests/test_checks_verdicts.py: edge cases once found by the runner, and a schema from elsewhere.

`EDGE_CASES`: (case id, system, parents, table, row, each engine's expected status: None when it
agrees with the oracle, ``~CODE`` when a listed degradation explains its verdict). Each was once a
disagreement the runner found; the fix (oracle, rendering or a listed degradation) is pinned here.
A variant engine without an entry of its own (``mariadb``) expects its parent's (``mysql``) status.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from schemakit.checks.oracle import VerdictKind
from schemakit.schema.build import check, col, exclude, fk, index, table, unique
from schemakit.schema.model import (
    BIGINT, BOOLEAN, DOUBLE, INTEGER, INTERVAL, NUMERIC, TEXT, TIME, TIMETZ, YEAR, Schema, binary, decimal, set_of,
    spelled, timestamptz, unsigned, varchar,
)

_IDEA = {"id": "66666666-6666-4666-8666-666666666666", "concept": "c", "genre": "drama"}
_STORY = ("stories", {"id": 1, "title": "t", "session_id": "s"})

_ALL_AGREE = {"postgres": None, "mysql": None, "sqlite": None}
_USER = {"email": "a@example.com", "username": "u" * 50 + "  "}  # stored as "u" * 50, but on SQLite
_ANN = {"email": "ann@example.com", "username": "a"}

EDGE_CASES = [
    # varchar(n): excess spaces are cut by PostgreSQL and MySQL, allowed and kept by SQLite
    ("varchar-excess-spaces", "prismq", [], "idea", {**_IDEA, "title": "x" * 255 + "  "}, _ALL_AGREE),
    ("varchar-excess-tab", "prismq", [], "idea", {**_IDEA, "title": "x" * 255 + "\t"},
     {**_ALL_AGREE, "mysql": "~MY-VARCHARWS"}),
    ("varchar-excess-space-then-char", "prismq", [], "idea", {**_IDEA, "title": "x" * 255 + " x"}, _ALL_AGREE),
    ("varchar-cut-key-collides", "scenes", [("users", _USER)], "users",
     {"email": "b@example.com", "username": "u" * 50}, {**_ALL_AGREE, "sqlite": "~SL-VARCHARPAD"}),
    # 'a' then 'a ' in a UNIQUE varchar: distinct for the oracle, PostgreSQL, SQLite and MariaDB's
    # utf8mb4_nopad_bin; the mysql rendering's utf8mb4_bin is PAD SPACE, so they collide there
    ("trailing-space-unique", "scenes", [("users", _ANN)], "users",
     {"email": "bob@example.com", "username": "a "}, {**_ALL_AGREE, "mysql": "~MY-PADSPACE", "mariadb": None}),
    # json checks escapes for syntax only; MariaDB's json_valid does not
    ("json-lone-surrogate", "cyoa", [_STORY], "story_nodes",
     {"story_id": 1, "content": "c", "options": '"\\ud800"'}, {**_ALL_AGREE, "mysql": "~MY-JSONVALID"}),
    ("jsonb-nul-escape", "contentgen", [], "object_models",
     {"name": "n", "version": "1", "structure": '"a\\u0000b"'},
     {"postgres": None, "mysql": "~MY-JSONB", "sqlite": "~SL-JSONB"}),
    ("json-undefined-escape", "contentgen", [], "object_models",
     {"name": "n", "version": "1", "structure": '"\\x41"'}, {**_ALL_AGREE, "mysql": "~MY-JSONVALID"}),
    # SQLite 3.40's julianday round trip turns 0300-03-01 into 0300-02-29; the type CHECK avoids it
    ("sqlite-0300-03-01", "contentgen", [], "clients",
     {"name": "n", "created_at": dt.datetime(300, 3, 1, 12, 0)}, _ALL_AGREE),
    ("timestamp-leap-day", "contentgen", [], "clients",
     {"name": "n", "created_at": dt.datetime(2024, 2, 29, 23, 59, 59, 999999)}, _ALL_AGREE),
]

# A schema that is not in the catalog, as another project's suite would bring it (the plugin demo).
ORDERS = Schema((
    table("customers",
          col("id", INTEGER, identity=True),
          col("email", varchar(80), null=False),
          col("vip", BOOLEAN, null=False),
          unique("email"),
          pk="id"),
    table("orders",
          col("id", INTEGER, identity=True),
          col("customer_id", INTEGER, null=False),
          col("total", decimal(8, 2), null=False),
          col("note", TEXT),
          fk("customer_id", "customers"),
          check("orders_total_check", "total >= 0"),
          index("idx_orders_customer", "customer_id"),
          pk="id"),
))
# An exclusion constraint of = elements (a unique key in which rows collide) with a predicate: PostgreSQL
# enforces it; MariaDB and SQLite drop it (MY-EXCLUDE, SL-EXCLUDE) and accept the rows it refuses.
BOOKINGS = Schema((
    table("booking",
          col("id", INTEGER, null=False),
          col("room", INTEGER, null=False),
          col("slot", INTEGER, null=False),
          col("cancelled", BOOLEAN, null=False),
          exclude("booking_room_slot", ("room", "="), ("slot", "="), where="NOT cancelled"),
          pk="id"),
))

# MySQL's narrower types as inspect reads them (spelled): kept on MariaDB, which refuses what the model type
# holds beyond them (MY-NARROW); the model type elsewhere.
NARROW = Schema((
    table("visit",
          col("id", INTEGER, null=False),
          col("seen_at", spelled(timestamptz(0), "timestamp", "mysql")),
          col("note", spelled(TEXT, "tinytext", "mysql")),
          pk="id"),
))

ORDERS_PARENTS = [("customers", {"id": 1, "email": "a@example.com", "vip": False})]
# (row, the constraint that rejects it or None)
ORDERS_ROWS = [
    ({"customer_id": 1, "total": 10}, None),
    ({"customer_id": 1, "total": -1}, "orders_total_check"),
    ({"customer_id": 2, "total": 1}, "orders_customer_id_fkey"),
    ({"customer_id": 1, "total": 1000000}, "orders.total"),
    ({"customer_id": None, "total": 1}, "orders.customer_id"),
]

# MySQL 8 spells some errors differently from MariaDB 10.11 (the server the suite runs on);
# the messages as MySQL 8 writes them (https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html):
# (system, table, errno, message, the verdict's constraint and kind)
MYSQL8_ERRORS = [
    ("prismq", "review", 3819, "Check constraint 'review_score_check' is violated.", "review_score_check", VerdictKind.CHECK),
    ("scenes", "users", 1062, "Duplicate entry 'a' for key 'users.users_email_key'", "users_email_key", VerdictKind.UNIQUE),
    ("scenes", "users", 1062, "Duplicate entry '1' for key 'users.PRIMARY'", "primary_key", VerdictKind.PRIMARY_KEY),
    ("scriptpal", "chat_messages", 3140, 'Invalid JSON text: "Invalid value." at position 0 in value for column '
     "'chat_messages.function_call'.", "chat_messages.function_call", VerdictKind.JSON),
    ("scriptpal", "sessions", 1292, "Incorrect datetime value: 'x' for column 'expires_at' at row 1",
     "sessions.expires_at", VerdictKind.TYPE),
    ("prismq", "review", 1366, "Incorrect integer value: 'x' for column 'score' at row 1", "review.score", VerdictKind.TYPE),
    ("prismq", "idea", 1265, "Data truncated for column 'genre' at row 1", "idea.genre", VerdictKind.ENUM),
    ("scenes", "jobs", 1526, "Table has no partition for value from column_list", "jobs", VerdictKind.PARTITION),
    ("scenes", "users", 3819, "Check constraint 'sk_users_email_verified_bool' is violated.",
     "users.email_verified", VerdictKind.TYPE),
]

# -- errors of the new kinds and of an UPDATE of a referenced key, read with no server --------------------
# (table of the types corpus, errno or None (a pymysql client error), message, row as sent, constraint, kind)
MYSQL_TYPE_ERRORS = [
    ("suppliers", 1451, "Cannot delete or update a parent row: a foreign key constraint fails (`db`.`products`, "
     "CONSTRAINT `products_supplier_id_fkey` FOREIGN KEY (`supplier_id`) REFERENCES `suppliers` (`id`))", {},
     "products_supplier_id_fkey", VerdictKind.FOREIGN_KEY),
    ("suppliers", 1265, "Data truncated for column 'channels' at row 1", {}, "suppliers.channels", VerdictKind.ENUM),
    ("products", None, "nan can not be used with MySQL", {"weight_kg": 1.5, "score": float("nan")},
     "products.score", VerdictKind.TYPE),
    ("products", None, "-inf can not be used with MySQL", {"weight_kg": float("-inf")},
     "products.weight_kg", VerdictKind.TYPE),
]
# (table of the types corpus, message of an sqlite3 error, row as sent, constraint, kind)
SQLITE_TYPE_ERRORS = [
    ("products", "datatype mismatch", {"id": 2**64}, "products.id", VerdictKind.RANGE),
    ("products", "datatype mismatch", {"id": "x"}, "products.id", VerdictKind.TYPE),
    ("suppliers", "CHECK constraint failed: sk_type:tier:tinyint unsigned", {}, "suppliers.tier", VerdictKind.RANGE),
    ("suppliers", "CHECK constraint failed: sk_type:code:char(8)", {}, "suppliers.code", VerdictKind.LENGTH),
    ("suppliers", "CHECK constraint failed: sk_type:channels:set('wholesale', 'retail', 'export')", {},
     "suppliers.channels", VerdictKind.ENUM),
]

# (engine, degradation code, column type, existing value or None, new value, the engine's verdict
# (constraint or None: accepted), whether the code explains it): the rules judge as the engine stores
_NAN = float("nan")
QUIRK_EXPLAINS = [
    ("postgres", "PG-BINARY-PAD", binary(4), b"a", b"a\x00", None, True),
    ("postgres", "PG-BINARY-PAD", binary(4), b"a", b"a", None, False),  # the same bytes collide everywhere
    ("sqlite", "SL-BINARYPAD", binary(4), b"a", b"a\x00", None, True),
    ("postgres", "PG-UNSIGNED64", unsigned(BIGINT), None, 2**63, "t.v", True),
    ("postgres", "PG-UNSIGNED64", unsigned(BIGINT), None, 2**63 - 1, "t.v", False),
    ("sqlite", "SL-UBIGINT", unsigned(BIGINT), None, 2**64 - 1, "t.v", True),
    ("mysql", "MY-FLOATNAN", DOUBLE, None, _NAN, "t.v", True),
    ("mysql", "MY-FLOATNAN", DOUBLE, None, 1.5, "t.v", False),
    ("mysql", "MY-TIMERANGE", TIME, None, dt.timedelta(hours=25), None, True),
    ("mysql", "MY-TIMERANGE", TIME, None, dt.timedelta(hours=839), None, False),
    ("mysql", "MY-NUMERIC", NUMERIC, None, Decimal("1e40"), "t.v", True),
    ("mysql", "MY-NUMERIC", NUMERIC, None, Decimal("1e20"), "t.v", False),
    ("sqlite", "SL-NAN", DOUBLE, None, _NAN, "t.v", True),  # NOT NULL: the NaN became NULL
    ("mysql", "MY-TIMETZ", TIMETZ, None, dt.time(12, tzinfo=dt.timezone(dt.timedelta(hours=16))), None, True),
    ("mysql", "MY-YEAR", YEAR, None, 69, None, True), ("mysql", "MY-YEAR", YEAR, None, 100, None, False),
    ("postgres", "PG-SET-ORDER", set_of("a", "b"), "a,b", "b,a", None, True),
    ("mysql", "MY-INTERVAL", INTERVAL, None, dt.timedelta(days=40), "t.v", True),
]

# -- an identity GENERATED ALWAYS (issue #14) -------------------------------------------------------------
# PostgreSQL refuses an explicit value, NULL included, on INSERT and on UPDATE (even the value the row
# holds); MariaDB's triggers take 0 and NULL as "generate one" and refuse a change only
# (MY-IDENTITYALWAYS); SQLite takes any value (SL-IDENTITY-ALWAYS). Every other verdict must still agree.
ALWAYS = Schema((
    table("ticket",
          col("id", INTEGER, identity="always"),
          col("code", INTEGER, null=False),
          unique("code"),
          check("ticket_code_check", "code > 0"),
          pk="id"),
))
ALWAYS_STORED = {"id": 1, "code": 1}  # inserted first, id omitted: every engine's fresh identity gives it 1
_ALWAYS = "ticket.id"
_TAKEN = {"postgres": None, "mysql": "~MY-IDENTITYALWAYS", "sqlite": "~SL-IDENTITY-ALWAYS"}
_REFUSED = {"postgres": None, "mysql": None, "sqlite": "~SL-IDENTITY-ALWAYS"}
# (case id, "insert" a row or "update" the stored row with changes, the oracle's violations (constraint, kind),
# each engine's status)
_GA, _NN = VerdictKind.GENERATED_ALWAYS, VerdictKind.NOT_NULL
ALWAYS_CASES = [
    ("insert-omitted", "insert", {"code": 2}, [], _ALL_AGREE),
    ("insert-explicit", "insert", {"id": 7, "code": 2}, [(_ALWAYS, _GA)], _REFUSED),
    ("insert-zero", "insert", {"id": 0, "code": 2}, [(_ALWAYS, _GA)], _TAKEN),
    ("insert-null", "insert", {"id": None, "code": 2}, [(_ALWAYS, _GA), (_ALWAYS, _NN)], _TAKEN),
    # SQLite takes the value, so the key it collides with refuses it there
    ("insert-explicit-taken-key", "insert", {"id": 1, "code": 2},
     [(_ALWAYS, _GA), ("primary_key", VerdictKind.PRIMARY_KEY)], _ALL_AGREE),
    ("insert-explicit-and-unique", "insert", {"id": 7, "code": 1},
     [(_ALWAYS, _GA), ("ticket_code_key", VerdictKind.UNIQUE)], _ALL_AGREE),
    ("insert-explicit-and-check", "insert", {"id": 7, "code": -1},
     [(_ALWAYS, _GA), ("ticket_code_check", VerdictKind.CHECK)], _ALL_AGREE),
    ("update-other-column", "update", {"code": 3}, [], _ALL_AGREE),
    ("update-identity", "update", {"id": 5}, [(_ALWAYS, _GA)], _REFUSED),
    ("update-identity-same-value", "update", {"id": 1}, [(_ALWAYS, _GA)], _TAKEN),
    ("update-identity-and-check", "update", {"id": 5, "code": -1},
     [(_ALWAYS, _GA), ("ticket_code_check", VerdictKind.CHECK)], _ALL_AGREE),
]
