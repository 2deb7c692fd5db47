"""Spellings of canonical SQL expressions (tests/test_expr.py): (spelling in, spelling out).

`spelling out` is the normal form `schema.expr.normalize` gives; it normalizes to itself, and a
CHECK written with `spelling in` on PostgreSQL is read back, rendered again and printed by the
engine the same. PostgreSQL prints ``!~`` and ``!~*`` as written, and ``NOT (a ~ b)`` as written
(https://www.postgresql.org/docs/15/functions-matching.html#FUNCTIONS-POSIX-REGEXP); likewise
``a IS NOT NULL`` and ``NOT (a IS NULL)``; it stores ``a NOT IN (...)`` as ``a <> ALL (ARRAY[...])``.
"""
from __future__ import annotations

SPELLINGS: list[tuple[str, str]] = [
    ("name !~ '^\\s'", "\"name\" !~ '^\\s'"),
    ("name !~* 'x'", "\"name\" !~* 'x'"),
    ("name ~ '^[a-z]+$'", "\"name\" ~ '^[a-z]+$'"),
    ("name ~* 'x'", "\"name\" ~* 'x'"),
    ("NOT (name ~ 'x')", "NOT (\"name\" ~ 'x')"),
    ("NOT ((name ~* 'x'))", "NOT (\"name\" ~* 'x')"),
    ("(name !~ 'x') AND n > 1", "\"name\" !~ 'x' AND \"n\" > 1"),
    ("name !~ 'x' OR n IS NULL", "\"name\" !~ 'x' OR \"n\" IS NULL"),
    ("\"Name\" !~ '\\s'", "\"Name\" !~ '\\s'"),
    ("name IS NOT NULL", "\"name\" IS NOT NULL"),
    ("NOT (name IS NULL)", "NOT (\"name\" IS NULL)"),
    ("NOT (name IS NOT NULL)", "NOT \"name\" IS NOT NULL"),
    ("n NOT IN (1, 2)", "\"n\" NOT IN (1, 2)"),
    ("n <> ALL (ARRAY[1, 2])", "\"n\" NOT IN (1, 2)"),
    # a cast that can change a column's value is the user's and is kept; a widening one PostgreSQL adds is not
    ("ts::date <= d", "CAST(\"ts\" AS DATE) <= \"d\""),
    ("CAST(p AS numeric(5, 1)) = p", "CAST(\"p\" AS DECIMAL(5, 1)) = \"p\""),
    ("d < ts", "\"d\" < \"ts\""),
    ("n > 1.5", "\"n\" > 1.5"),
]

# Two spellings of one predicate: `schema.expr.compared` gives both the same text (the differ sees no
# change; MariaDB keeps only NOT (... REGEXP ...)).
ALIKE: list[tuple[str, str]] = [
    ("name !~ 'x'", "NOT (name ~ 'x')"),
    ("name !~* 'x'", "NOT (name ~* 'x')"),
    ("n > 1 AND name !~ 'x'", "n > 1 AND NOT ((name ~ 'x'))"),
    ("name IS NOT NULL", "NOT (name IS NULL)"),
]
