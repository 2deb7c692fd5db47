"""Cases for tests/test_like_patterns.py: LIKE, ILIKE and GLOB in a CHECK, and each row's verdict on every engine.

PostgreSQL's and MySQL's LIKE take a backslash as their escape character; SQLite's has none unless ESCAPE names
one, so '%\\_%' (no underscore) refused a backslash there and let underscores through. GLOB is SQLite's:
PostgreSQL and MySQL refused the CREATE TABLE; it is their anchored regular expression there. Each row: (values,
the CHECK that refuses it or None).
"""
from __future__ import annotations

from schemakit.schema.build import check, col, table
from schemakit.schema.model import INTEGER, Schema, varchar

SCHEMA = Schema((table("names", col("id", INTEGER, null=False), col("name", varchar(20)), col("code", varchar(20)),
                       col("tag", varchar(20)), check("no_underscore", "name NOT LIKE '%\\_%'"),
                       check("code_starts_a", "code ILIKE 'a%'"), check("tag_shape", "tag GLOB '[A-Z]?*[^0-9]'"),
                       pk="id"),))

ROWS = [
    ({"name": "ab_c", "code": "a1", "tag": "Ab.c"}, "no_underscore"),
    ({"name": "a\\xc", "code": "a1", "tag": "Ab.c"}, None),  # a backslash is no underscore
    ({"name": "plain", "code": "A2", "tag": "Ab.c"}, None),  # ILIKE: any case
    ({"name": "plain", "code": "b3", "tag": "Ab.c"}, "code_starts_a"),
    ({"name": "plain", "code": "a", "tag": "X\nyz"}, None),  # GLOB's ? and * take a line break
    ({"name": "plain", "code": "a", "tag": "ab.c"}, "tag_shape"),  # case-sensitive
    ({"name": "plain", "code": "a", "tag": "Ab.9"}, "tag_shape"),
    ({"name": "plain", "code": "a", "tag": "A"}, "tag_shape"),  # ? needs one character, [^0-9] another
    ({"name": "plain", "code": "a", "tag": "A.+"}, None),  # a regular expression's characters are themselves
]
