"""The model's type breadth as one realistic schema (tests/test_types.py).

A supplier catalogue that uses every column type the model holds beyond the seed
catalog's: tinyint, unsigned integers, real, double, unbounded numeric, char(n),
bytes, varbinary(n), binary(n), time and time(p), timetz, interval, timestamp(p),
timestamptz(p), year and set, with literal defaults of those types and foreign keys
with ON UPDATE actions. Every engine renders it, applies it with zero errors and reads
it back as ``lower(SCHEMA)``; `CODES` lists the degradations each engine reports.
"""
from __future__ import annotations

from schemakit import (
    BIGINT, BYTES, DOUBLE, INTEGER, INTERVAL, NOW, NUMERIC, REAL, SMALLINT, TEXT, TIME, TIMETZ, TINYINT, YEAR,
    Action, Schema, binary, char, col, fk, index, lit, set_of, table, time, timestamp, timestamptz, unique,
    unsigned, varbinary, varchar,
)

SUPPLIERS = table(
    "suppliers",
    col("id", unsigned(INTEGER), identity=True),
    col("code", char(8), null=False, comment="fixed-width supplier code, blank-padded"),
    col("country", char(2), null=False, default=lit("US")),
    col("name", varchar(120), null=False),
    col("rating", TINYINT, default=lit(-1)),
    col("tier", unsigned(TINYINT), null=False, default=lit(255)),
    col("founded", YEAR),
    col("key_digest", binary(32)),
    col("logo", BYTES),
    col("channels", set_of("wholesale", "retail", "export"), default=lit("retail")),
    unique("code"),
    pk="id",
)

PRODUCTS = table(
    "products",
    col("id", unsigned(BIGINT), identity=True),
    col("supplier_id", unsigned(INTEGER), null=False),
    col("supplier_code", char(8)),
    col("sku", varbinary(16), null=False),
    col("weight_kg", REAL),
    col("score", DOUBLE, default=lit(0.5)),
    col("list_price", NUMERIC),
    col("stock", unsigned(SMALLINT), null=False, default=lit(0)),
    col("reorder_level", SMALLINT, null=False, default=lit(-1)),
    col("opens_at", TIME, default=lit("08:30:00")),
    col("closes_at", time(0)),
    col("local_cutoff", TIMETZ),
    col("lead_time", INTERVAL),
    col("created_at", timestamptz(3), null=False, default=NOW),
    col("checked_at", timestamp(0)),
    col("notes", TEXT),
    fk("supplier_id", "suppliers", on_delete=Action.CASCADE, on_update=Action.CASCADE),
    fk("supplier_code", "suppliers", "code", on_delete=Action.SET_NULL, on_update=Action.SET_NULL,
       name="products_supplier_code_fkey"),
    unique("sku"),
    index("products_weight_idx", "weight_kg", "score"),
    pk="id",
)

SCHEMA = Schema((SUPPLIERS, PRODUCTS))

# (code, table, subject) of every degradation that changes the schema, per engine (a variant
# not listed takes its parent's): what each engine cannot hold of SCHEMA.
CODES: dict[str, set[tuple[str, str, str]]] = {
    "postgres": set(),
    "mysql": {("MY-NUMERIC", "products", "list_price"), ("MY-TIMETZ", "products", "local_cutoff"),
              ("MY-INTERVAL", "products", "lead_time"), ("MY-TZ", "products", "created_at")},
    "sqlite": {("SL-TZ", "products", "created_at"), ("SL-TIMETZ", "products", "local_cutoff"),
               ("SL-INTERVAL", "products", "lead_time")},
}
