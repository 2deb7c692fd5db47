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
    # PostgreSQL's prefix absolute value @ (https://www.postgresql.org/docs/15/functions-math.html), kept as
    # written: PostgreSQL prints CHECK (@ n > 3) as ((@ n) > 3); its operand binds + - * / ^ :: (precedence:
    # https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-PRECEDENCE)
    ("@ n > 3", "@ \"n\" > 3"),
    ("@ (n - 1) < 5", "@ (\"n\" - 1) < 5"),
    ("(@ n) - 1 < 5", "(@ \"n\") - 1 < 5"),
    ("1 - @ n < 5", "1 - (@ \"n\") < 5"),
    ("@ -n < 3", "@ (-\"n\") < 3"),
    ("@ p::numeric(5, 1) > 1", "@ CAST(\"p\" AS DECIMAL(5, 1)) > 1"),
    ("@ n > 3 AND abs(n) < 9", "@ \"n\" > 3 AND abs(\"n\") < 9"),
    ("@ @ n > 3", "@ (@ \"n\") > 3"),
    ("abs(@ n) > 3", "abs(@ \"n\") > 3"),
    # a cast of a column or an expression to text is the user's (n::text LIKE '1%' on an integer); the
    # ::text PostgreSQL puts on a varchar column and on literals is not
    ("n::text LIKE '1%'", "CAST(\"n\" AS TEXT) LIKE '1%'"),
    ("(n)::text = '1'", "CAST(\"n\" AS TEXT) = '1'"),
    ("CAST(n AS TEXT) <> 'x'", "CAST(\"n\" AS TEXT) <> 'x'"),
    ("(n + 1)::varchar <> 'x'", "CAST(\"n\" + 1 AS VARCHAR) <> 'x'"),
    ("ts::text > '2020'", "CAST(\"ts\" AS TEXT) > '2020'"),
    ("v = 'x'", "\"v\" = 'x'"),
    ("v LIKE 'x%'", "\"v\" LIKE 'x%'"),
    ("name = 'x'::text", "\"name\" = 'x'"),
    # PostgreSQL's ::text on a varchar-valued expression and on a char column (an operator of text's)
    ("COALESCE(v, 'x') = 'y'", "coalesce(\"v\", 'x') = 'y'"),
    ("c || 'x' <> 'ab'", "\"c\" || 'x' <> 'ab'"),
    ("CASE WHEN v = 'a' THEN w ELSE v END <> 'q'", "CASE WHEN \"v\" = 'a' THEN \"w\" ELSE \"v\" END <> 'q'"),
    ("greatest(v, w) < 'z'", "greatest(\"v\", \"w\") < 'z'"),
    ("NULLIF(v, 'a') LIKE 'b%'", "nullif(\"v\", 'a') LIKE 'b%'"),
    # the operand of a kept cast is normalized too
    ("(n + '1'::integer)::text <> 'x'", "CAST(\"n\" + 1 AS TEXT) <> 'x'"),
]

# Two spellings of one predicate: `schema.expr.compared` gives both the same text (the differ sees no
# change; MariaDB keeps only NOT (... REGEXP ...)).
ALIKE: list[tuple[str, str]] = [
    ("name !~ 'x'", "NOT (name ~ 'x')"),
    ("name !~* 'x'", "NOT (name ~* 'x')"),
    ("n > 1 AND name !~ 'x'", "n > 1 AND NOT ((name ~ 'x'))"),
    ("name IS NOT NULL", "NOT (name IS NULL)"),
    ("@ n > 3", "abs(n) > 3"),
    ("@ (n - 1) > 3", "abs(n - 1) > 3"),
]

# Expressions refused (schema.expr.ExpressionError): read otherwise by sqlglot than by PostgreSQL, they
# would silently change meaning. PostgreSQL reads @ n - 1 as @ (n - 1): its prefix operator takes in the
# operators that bind tighter than it (https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-PRECEDENCE).
REFUSED: list[tuple[str, str]] = [
    ("@ n - 1 > 3", "write @ (...)"),
    ("@ n * 2 > 3", "write @ (...)"),
    ("2 * @ n - 1 > 3", "write @ (...)"),
    ("@ n ^ 2 > 3", "write @ (...)"),
]

# Two expressions that differ in meaning although sqlglot would read one like the other once casts are
# dropped: `schema.expr.compared` keeps them apart (the differ sees the change).
APART: list[tuple[str, str]] = [
    ("n::text LIKE '1%'", "n LIKE '1%'"),
    ("CAST(n AS TEXT) = '1'", "n = '1'"),
    ("(n + 1)::text = '1'", "n + 1 = '1'"),
    ("@ n > 3", "n > 3"),
]

# (check name, CHECK expression, values of integer n accepted, values rejected) on every engine
# (tests/test_expr.py): the CHECK renders, runs, reads back with no difference, and gives PostgreSQL's verdict.
CROSS_ENGINE: list[tuple[str, str, list[int], list[int]]] = [
    ("n_abs", "@ n > 3", [-5, 4], [-3, 0, 3]),
    ("n_abs_difference", "@ (n - 10) < 5", [6, 14], [5, 15, -10]),
    ("n_text_like", "n::text LIKE '1%'", [1, 15, 100], [2, -1, 21]),
    ("n_text_equal", "CAST(n AS TEXT) <> '7'", [70, -7], [7]),
]
