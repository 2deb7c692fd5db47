"""Cases for tests/test_like_patterns.py: LIKE and ILIKE in a CHECK, and each row's verdict on every engine.

PostgreSQL's and MySQL's LIKE take a backslash as their escape character; SQLite's has none unless ESCAPE names
one, so '%\\_%' (no underscore) refused a backslash there and let underscores through. Each row: (value, the
CHECK that refuses it or None).
"""
from __future__ import annotations

from schemakit.schema.build import check, col, table
from schemakit.schema.model import INTEGER, Schema, varchar

SCHEMA = Schema((table("names", col("id", INTEGER, null=False), col("name", varchar(20)), col("code", varchar(20)),
                       check("no_underscore", "name NOT LIKE '%\\_%'"), check("code_starts_a", "code ILIKE 'a%'"),
                       pk="id"),))

ROWS = [
    ({"name": "ab_c", "code": "a1"}, "no_underscore"),
    ({"name": "a\\xc", "code": "a1"}, None),  # a backslash is no underscore
    ({"name": "plain", "code": "A2"}, None),  # ILIKE: any case
    ({"name": "plain", "code": "b3"}, "code_starts_a"),
]
