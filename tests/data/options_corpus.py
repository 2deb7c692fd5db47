"""The model's column, index and table options as one realistic schema (tests/test_options.py).

An event-tracking schema that uses what issue #14 adds beyond types: identity GENERATED ALWAYS and
an identity inside a composite primary key, defaults computed by SQL expressions, generated columns
(STORED and VIRTUAL), collations of each engine (kept on their engine, a degradation elsewhere), a
MySQL character set, a loosely typed (not STRICT) table, index methods hash, gist, brin, spgist and
fulltext, an operator class, INCLUDE columns, and native types of one engine (inet, int4range,
tsvector, point; MySQL's bit). Every engine renders it, applies it with zero errors and reads it back
as ``lower(SCHEMA)``; `CODES` lists the degradations each engine reports.
"""
from __future__ import annotations

from schemakit import (
    BIGINT, INTEGER, TEXT, TIMESTAMPTZ, Collation, DATE, IndexMethod, Schema, col, decimal, default_sql, expr,
    generated, index, native, table, varchar,
)

ACCOUNTS = table(
    "accounts",
    col("id", BIGINT, identity="always"),
    col("email", varchar(200), null=False, collation=Collation("C", "postgres")),
    col("handle", varchar(40), null=False, collation=Collation("utf8mb4_general_ci", "mysql")),
    col("nick", TEXT, collation=Collation("NOCASE", "sqlite")),
    col("joined_on", DATE, null=False, default=default_sql("CURRENT_DATE")),
    col("first_seen", TIMESTAMPTZ, default=default_sql("clock_timestamp()")),
    col("last_ip", native("inet", "postgres")),
    col("flags", native("bit(8)", "mysql")),
    index("accounts_email_pattern_idx", "email text_pattern_ops"),
    index("accounts_handle_hash_idx", "handle", method=IndexMethod.HASH),
    pk="id",
)

EVENTS = table(
    "events",
    col("account_id", BIGINT, null=False),
    col("seq", INTEGER, identity=True),
    col("happened_at", TIMESTAMPTZ, null=False, default=default_sql("now()")),
    col("price", decimal(10, 2), null=False),
    col("quantity", INTEGER, null=False, default=default_sql("1 + 0")),
    col("total", decimal(12, 2), generated=generated("price * quantity")),
    col("label", varchar(80)),
    col("label_lower", varchar(80), generated=generated("lower(label)", stored=False)),
    col("body", TEXT),
    col("search", native("tsvector", "postgres")),
    col("window_days", native("int4range", "postgres")),
    col("place", native("point", "postgres")),
    index("events_happened_brin", "happened_at", method=IndexMethod.BRIN),
    index("events_label_spgist", "label", method=IndexMethod.SPGIST),
    index("events_search_gist", "search", method=IndexMethod.GIST),
    index("events_body_fulltext", "body", method=IndexMethod.FULLTEXT),
    index("events_account_cover", "account_id", "happened_at", include=("price", "quantity")),
    index("events_label_expr", expr("lower(label)", opclass="varchar_pattern_ops")),
    pk=("account_id", "seq"),
)

LEGACY = table(
    "legacy_notes",
    col("id", INTEGER, identity=True),
    col("note", varchar(255), collation=Collation("latin1_swedish_ci", "mysql")),
    col("score", INTEGER),
    pk="id",
    charset="latin1",
    collation=Collation("latin1_swedish_ci", "mysql"),
    strict=False,
)

SCHEMA = Schema((ACCOUNTS, EVENTS, LEGACY))

# (code, table, subject) of every degradation that changes the schema, per engine (a variant
# not listed takes its parent's): what each engine cannot hold of SCHEMA.
CODES: dict[str, set[tuple[str, str, str]]] = {
    "postgres": {("PG-COLLATION", "accounts", "handle"), ("PG-COLLATION", "accounts", "nick"),
                 ("PG-KNOWN-DEFAULT", "accounts", "joined_on"), ("PG-NATIVE", "accounts", "flags"),
                 ("PG-FULLTEXT", "events", "events_body_fulltext"), ("PG-KNOWN-DEFAULT", "events", "happened_at"),
                 ("PG-VIRTUAL", "events", "label_lower"), ("PG-COLLATION", "legacy_notes", "note"),
                 ("PG-COLLATION", "legacy_notes", "*"), ("PG-CHARSET", "legacy_notes", "*"),
                 ("PG-LOOSE", "legacy_notes", "*")},
    "mysql": {("MY-AUTOKEY", "events", "events_seq_auto"), ("MY-COLLATION", "accounts", "email"),
              ("MY-COLLATION", "accounts", "nick"), ("MY-EXPRINDEX", "events", "events_label_expr"),
              ("MY-HASH", "accounts", "accounts_handle_hash_idx"),
              ("MY-INCLUDE", "events", "events_account_cover"), ("MY-INDEXMETHOD", "events", "events_happened_brin"),
              ("MY-INDEXMETHOD", "events", "events_label_spgist"), ("MY-INDEXMETHOD", "events", "events_search_gist"),
              ("MY-LOOSE", "legacy_notes", "*"), ("MY-CHARSETCOLLATION", "legacy_notes", "*"),
              ("MY-NATIVE", "accounts", "last_ip"), ("MY-NATIVE", "events", "place"),
              ("MY-NATIVE", "events", "search"), ("MY-NATIVE", "events", "window_days"),
              ("MY-NOWEXPR", "accounts", "first_seen"), ("MY-NOWEXPR", "accounts", "joined_on"),
              ("MY-NOWEXPR", "events", "happened_at"), ("MY-OPCLASS", "accounts", "accounts_email_pattern_idx"),
              ("MY-SAMECOLLATION", "legacy_notes", "note"), ("MY-TEXTPREFIX", "events", "events_search_gist"),
              ("MY-TZ", "accounts", "first_seen"), ("MY-TZ", "events", "happened_at")},
    "sqlite": {
        ("SL-IDENTITY-ALWAYS", "accounts", "id"), ("SL-COLLATION", "accounts", "email"),
        ("SL-COLLATION", "accounts", "handle"), ("SL-TZ", "accounts", "first_seen"),
        ("SL-EXPRESSION", "accounts", "first_seen"), ("SL-NATIVE", "accounts", "last_ip"),
        ("SL-NATIVE", "accounts", "flags"), ("SL-OPCLASS", "accounts", "accounts_email_pattern_idx"),
        ("SL-INDEX-METHOD", "accounts", "accounts_handle_hash_idx"),
        ("SL-IDENTITY-PART", "events", "seq"), ("SL-TZ", "events", "happened_at"),
        ("SL-NATIVE", "events", "search"), ("SL-NATIVE", "events", "window_days"), ("SL-NATIVE", "events", "place"),
        ("SL-INDEX-METHOD", "events", "events_happened_brin"), ("SL-INDEX-METHOD", "events", "events_label_spgist"),
        ("SL-INDEX-METHOD", "events", "events_search_gist"), ("SL-FULLTEXT", "events", "events_body_fulltext"),
        ("SL-INCLUDE", "events", "events_account_cover"), ("SL-OPCLASS", "events", "events_label_expr"),
        ("SL-ROWID", "legacy_notes", "id"), ("SL-COLLATION", "legacy_notes", "note"),
        ("SL-COLLATION", "legacy_notes", "*"), ("SL-CHARSET", "legacy_notes", "*"),
    },
}
