"""Canonical SQL expressions: parsing, column references, normal form.

Canonical SQL is what sqlglot reads as its ``postgres`` dialect. `normalize`
turns an expression into one stable text so that an expression written in
the catalog and the same expression read back from a live catalog compare
equal, whatever parentheses, casts or IN-list spellings the engine chose.
"""
from __future__ import annotations

from functools import lru_cache
from typing import AbstractSet

import sqlglot
from sqlglot import exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.generators.postgres import PostgresGenerator
from sqlglot.parsers.postgres import PostgresParser
from sqlglot.tokens import TokenType


def _not_sql(generator: PostgresGenerator, node: exp.Not) -> str:
    """PostgreSQL's own spelling of NOT over a bare predicate, else ``NOT x``.

    - ``a !~ b`` / ``a !~* b``: PostgreSQL has these operators of their own and prints them as
      written (https://www.postgresql.org/docs/15/functions-matching.html#FUNCTIONS-POSIX-REGEXP);
      sqlglot reads them as NOT over the match.
    - ``a IS NOT NULL`` (``IS NOT TRUE``, ...): PostgreSQL prints it so
      (https://www.postgresql.org/docs/15/functions-comparison.html); the normal form holds NOT over IS.
    - ``a NOT IN (...)``: the same predicate as ``NOT a IN (...)``, which PostgreSQL would store as
      ``NOT (a = ANY (...))`` where it stores ``a NOT IN (...)`` as ``a <> ALL (...)``
      (https://www.postgresql.org/docs/15/functions-comparisons.html).

    ``NOT (a ~ b)`` and ``NOT (a IS NULL)`` keep their parentheses in the tree and are written as they were."""
    inner = node.this
    if isinstance(inner, exp.RegexpILike) or (isinstance(inner, exp.RegexpLike) and not inner.args.get("flag")):
        return generator.binary(inner, "!~*" if isinstance(inner, exp.RegexpILike) else "!~")
    if isinstance(inner, exp.Is) and not inner.args.get("negate"):
        return f"{generator.sql(inner, 'this')} IS NOT {generator.sql(inner, 'expression')}"
    if isinstance(inner, exp.In) and set(inner.args) <= {"this", "expressions"} and inner.expressions:
        return f"{generator.sql(inner, 'this')} NOT IN ({generator.expressions(inner, flat=True)})"
    return generator.not_sql(node)


# PostgreSQL's prefix operator ``@`` is the absolute value (https://www.postgresql.org/docs/15/functions-math.html);
# sqlglot's tokenizer makes ``@`` a parameter (``@name``), and its postgres parser reads ``@ n`` as ``$n``. Our
# tokenizer gives ``@`` a token type of its own, one sqlglot's postgres parser never meets otherwise (``**``
# of other dialects), which our parser reads as a prefix operator. ``@@``, ``@>``, ``<@`` and ``@?`` stay
# tokens of their own (longer keywords win).
_AT = TokenType.DSTAR
# The meta key marking an exp.Abs read from ``@ x`` (written back so) rather than from ``abs(x)``
PREFIX = "prefix"


def _absolute_value(parser: PostgresParser) -> exp.Expression:
    """``@ x`` as exp.Abs marked `PREFIX`. Its operand is read as sqlglot reads the operand of ``|/``
    (square root), another prefix operator of PostgreSQL's: one unary operand, which binds ``::`` and
    ``[]`` but not ``+ - * / % ^``; `parse` refuses the expressions where PostgreSQL would read more."""
    root = PostgresParser.UNARY_PARSERS[TokenType.PIPE_SLASH](parser)
    node = parser.expression(exp.Abs(this=root.this))
    node.meta[PREFIX] = True
    return node


def _abs_sql(generator: PostgresGenerator, node: exp.Abs) -> str:
    """``@ x`` for an absolute value written so (`PREFIX`), else ``abs(x)``."""
    if node.meta_get(PREFIX):
        return f"@ {generator.sql(node, 'this')}"
    return generator.function_fallback_sql(node)


def _current_time_sql(generator: PostgresGenerator, node: exp.CurrentTime) -> str:
    """``CURRENT_TIME`` or ``CURRENT_TIME(p)``: sqlglot's postgres generator writes ``CURRENT_TIME()``, which
    PostgreSQL refuses; its SQL-standard special form takes no parentheses without a precision
    (https://www.postgresql.org/docs/15/functions-datetime.html#FUNCTIONS-DATETIME-CURRENT)."""
    return f"CURRENT_TIME({generator.sql(node, 'this')})" if node.this else "CURRENT_TIME"


class SchemakitPostgres(Postgres):
    """sqlglot's ``postgres`` dialect, writing NOT over a regular-expression match as PostgreSQL's
    ``!~`` / ``!~*`` so that the text PostgreSQL prints reads and writes back the same, and reading
    PostgreSQL's prefix ``@`` (absolute value) as exp.Abs, written back as ``@``."""

    class Tokenizer(Postgres.Tokenizer):
        """The postgres tokenizer with ``@`` as `_AT`."""

        SINGLE_TOKENS = {**Postgres.Tokenizer.SINGLE_TOKENS, "@": _AT}

    class Parser(PostgresParser):
        """The postgres parser reading `_AT` as the absolute value (`_absolute_value`)."""

        UNARY_PARSERS = {**PostgresParser.UNARY_PARSERS, _AT: _absolute_value}

    class Generator(PostgresGenerator):
        """The postgres generator with `_not_sql`, `_abs_sql` and `_current_time_sql`."""

        TRANSFORMS = {**PostgresGenerator.TRANSFORMS, exp.Not: _not_sql, exp.Abs: _abs_sql,
                      exp.CurrentTime: _current_time_sql}


# The sqlglot dialect our canonical SQL is written in: sqlglot registers a dialect class under its
# name in lower case (https://sqlglot.com/sqlglot/dialects.html, "Implementing a custom Dialect").
CANONICAL = SchemakitPostgres.__name__.lower()


class ExpressionError(ValueError):
    """A canonical SQL expression that does not parse."""


@lru_cache(maxsize=4096)
def parse(sql: str, read: str = CANONICAL) -> exp.Expression:
    """Parse one expression; raises ExpressionError with the text on failure."""
    try:
        tree = sqlglot.parse_one(sql, read=read)
    except sqlglot.errors.ParseError as e:
        raise ExpressionError(f"cannot parse SQL expression {sql!r}: {e}") from None
    if not isinstance(tree, exp.Expression):
        raise ExpressionError(f"empty SQL expression {sql!r}")
    for node in tree.find_all(exp.Abs):
        if node.meta_get(PREFIX) and _takes_in_more(node):
            raise ExpressionError(f"cannot parse SQL expression {sql!r}: PostgreSQL reads the operand of prefix @ "
                                  "up to the next operator that binds looser than + - (@ n - 1 is @ (n - 1)); "
                                  "write @ (...) around the operand, or (@ x) around the operator")
    return tree


# Binary operators that bind tighter than PostgreSQL's prefix operators
# (https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-PRECEDENCE)
_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod, exp.IntDiv, exp.Pow)


def _takes_in_more(node: exp.Abs) -> bool:
    """Whether an arithmetic operator follows ``@ x`` with no parenthesis between: sqlglot reads
    ``@ n - 1`` as ``(@ n) - 1``, PostgreSQL as ``@ (n - 1)``."""
    child: exp.Expression = node
    parent = node.parent
    while isinstance(parent, _ARITHMETIC + (exp.Neg,)):
        if isinstance(parent, _ARITHMETIC) and parent.this is child:
            return True
        child, parent = parent, parent.parent
    return False


def column_name(node: exp.Column) -> str:
    """The name of the column `node` refers to, as canonical SQL means it: a quoted identifier
    exactly as written, an unquoted one folded to lower case (PostgreSQL's rule:
    https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS)."""
    ident = node.this
    if isinstance(ident, exp.Identifier) and ident.quoted:
        return ident.name
    return node.name.lower()


def columns(sql: str) -> set[str]:
    """Names of the columns an expression refers to (`column_name`)."""
    return {column_name(c) for c in parse(sql).find_all(exp.Column)}


def _is_quantified(node: exp.Expression) -> bool:
    """``ANY (...)`` / ``ALL (...)`` on the right of a comparison."""
    return isinstance(node, (exp.Any, exp.All)) or (
        isinstance(node, exp.Anonymous) and str(node.this).upper() in ("ANY", "ALL"))


def _is_all(node: exp.Expression) -> bool:
    return isinstance(node, exp.All) or (isinstance(node, exp.Anonymous) and str(node.this).upper() == "ALL")


# Predicates NOT over which is spelled two ways PostgreSQL keeps apart: a !~ b or NOT (a ~ b),
# a IS NOT NULL or NOT (a IS NULL) (`_not_sql`)
_SPELLED_UNDER_NOT = (exp.RegexpLike, exp.RegexpILike, exp.Is)


def _strip(node: exp.Expression, spelled: bool = True, text_columns: AbstractSet[str] = frozenset()) \
        -> exp.Expression:
    if isinstance(node, exp.Cast) and _textual(node.to) and _text_valued(node.this.unnest(), text_columns):
        # v::text of a varchar column, ((n + 1)::varchar)::text, (COALESCE(v, 'x'))::text: PostgreSQL's own
        return node.this.unnest()
    if spelled and isinstance(node, exp.Paren) and isinstance(node.parent, exp.Not) \
            and isinstance(node.this, _SPELLED_UNDER_NOT):
        return node  # NOT (a ~ b), as distinct from a !~ b: PostgreSQL keeps the spelling it was given
    if isinstance(node, exp.Paren):
        return node.this
    if isinstance(node, exp.Cast) and _numeric_text(node):  # PostgreSQL prints -1000 as '-1000'::integer
        return exp.Literal.number(node.this.this)
    if isinstance(node, exp.Cast) and (_changes_value(node.to) or _textual(node.to)) \
            and not isinstance(node.this.unnest(), (exp.Literal, exp.Null, exp.Boolean, exp.Array)):
        # ts::date <= d is not ts <= d: PostgreSQL prints it (ts)::date; now()::date is a date, not an instant;
        # n::text LIKE '1%' is not n LIKE '1%' (and the latter does not run on PostgreSQL)
        # kept in place (transform() does not descend into a node put in another's place): its operand is
        # normalized in turn
        node.set("this", node.this.unnest())
        return node
    if isinstance(node, exp.Cast) and isinstance(node.this, (exp.Literal, exp.Column, exp.Paren, exp.Array, exp.Boolean,
                                                             exp.Null)):
        return node.this
    if isinstance(node, exp.Column):
        return exp.column(column_name(node), quoted=True)
    if isinstance(node, exp.Between):  # PostgreSQL stores x BETWEEN a AND b as x >= a AND x <= b
        return exp.And(this=exp.GTE(this=node.this.copy(), expression=node.args["low"].copy()),
                       expression=exp.LTE(this=node.this.copy(), expression=node.args["high"].copy()))
    if isinstance(node, exp.Introducer):  # _utf8mb4'x' -> 'x'
        return node.expression
    if isinstance(node, exp.Is) and node.args.get("negate"):  # one shape for IS NOT, whoever parsed it
        return exp.Not(this=exp.Is(this=node.this, expression=node.expression))
    if isinstance(node, exp.EQ) and isinstance(node.expression, exp.Any):
        values = node.expression.this
        values = values.this if isinstance(values, (exp.Paren, exp.Cast)) else values
        values = values.this if isinstance(values, (exp.Paren, exp.Cast)) else values
        if isinstance(values, exp.Array):
            return exp.In(this=node.this, expressions=values.expressions)
    if isinstance(node, exp.NEQ) and _is_all(node.expression):
        values = node.expression.expressions[0] if isinstance(node.expression, exp.Anonymous) else node.expression.this
        while isinstance(values, (exp.Paren, exp.Cast)):
            values = values.this
        if isinstance(values, exp.Array):
            return exp.Not(this=exp.In(this=node.this, expressions=values.expressions))
    return node


# Cast targets that change a column's value (truncate, round, narrow): PostgreSQL never adds these
# itself, only widening implicit casts such as (name)::text of a varchar or (n)::numeric of an integer
# (https://www.postgresql.org/docs/15/typeconv-oper.html), which the normal form drops.
_VALUE_CHANGING = {exp.DataType.Type.DATE, exp.DataType.Type.TIME, exp.DataType.Type.SMALLINT, exp.DataType.Type.INT,
                   exp.DataType.Type.TINYINT}
_WITH_LENGTH = {exp.DataType.Type.DECIMAL, exp.DataType.Type.VARCHAR, exp.DataType.Type.CHAR}


def _changes_value(to: exp.DataType) -> bool:
    """Whether a cast of a column to `to` can change its value (`_VALUE_CHANGING`, or a length,
    precision or scale): such a cast is the user's, and is kept."""
    return to.this in _VALUE_CHANGING or (to.this in _WITH_LENGTH and bool(to.expressions))


_TEXTUAL = {exp.DataType.Type.TEXT, exp.DataType.Type.VARCHAR}


def _textual(to: exp.DataType) -> bool:
    """Whether `to` is text or varchar with no length: a cast to it turns a number or a time into its text,
    which a comparison or LIKE then reads otherwise; PostgreSQL puts it on literals (``'x'::text``) and
    on varchar values (``(v)::text``) itself (https://www.postgresql.org/docs/15/typeconv-oper.html)."""
    return to.this in _TEXTUAL and not to.expressions


def _text_valued(node: exp.Expr, text_columns: AbstractSet[str]) -> bool:
    """Whether `node` is a string a cast to text leaves as it is: a column in `text_columns`, a cast to
    text or varchar, or COALESCE, NULLIF, GREATEST, LEAST or CASE of such values (or of string literals),
    which PostgreSQL types varchar and casts to text itself (https://www.postgresql.org/docs/15/typeconv-union-case.html)."""
    node = node.unnest()
    if isinstance(node, exp.Column):
        return column_name(node) in text_columns
    if isinstance(node, exp.Cast):
        return node.to.this in _TEXTUAL
    if isinstance(node, (exp.Coalesce, exp.Greatest, exp.Least)):
        values = [node.this, *node.expressions]
    elif isinstance(node, exp.Nullif):
        values = [node.this]
    elif isinstance(node, exp.Case) and not node.this:
        values = [i.args.get("true") for i in node.args.get("ifs") or []] + [node.args.get("default")]
    else:
        return False
    values = [v.unnest() for v in values if v is not None and not isinstance(v.unnest(), exp.Null)]
    return bool(values) and all((isinstance(v, exp.Literal) and v.is_string) or _text_valued(v, text_columns)
                                for v in values) and not all(isinstance(v, exp.Literal) for v in values)


_NUMERIC_TYPES = {exp.DataType.Type.SMALLINT, exp.DataType.Type.INT, exp.DataType.Type.BIGINT,
                  exp.DataType.Type.DECIMAL, exp.DataType.Type.DOUBLE, exp.DataType.Type.FLOAT,
                  exp.DataType.Type.TINYINT}


def _numeric_text(node: exp.Cast) -> bool:
    """``'<number>'::<numeric type>``: a number written as text and cast."""
    lit = node.this
    if not (isinstance(lit, exp.Literal) and lit.is_string and node.to.this in _NUMERIC_TYPES):
        return False
    try:
        float(lit.this)
    except ValueError:
        return False
    return lit.this.strip() == lit.this and lit.this.lower() not in ("nan", "inf", "-inf", "infinity", "-infinity")


# A predicate: a node whose value is a truth value and whose operator binds looser than comparison.
_PREDICATES = (exp.Is, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.In, exp.Like, exp.ILike, exp.Between,
               exp.Not, exp.And, exp.Or, exp.RegexpLike)


def _single_in(node: exp.Expression) -> exp.Expression:
    """``x IN (v)`` is ``x = v`` (PostgreSQL stores the latter)."""
    if isinstance(node, exp.In) and len(node.expressions) == 1 and not node.args.get("query"):
        return exp.EQ(this=node.this, expression=node.expressions[0])
    if isinstance(node, exp.Not) and isinstance(node.this, exp.EQ) and not _is_quantified(node.this.expression):
        return exp.NEQ(this=node.this.this, expression=node.this.expression)
    return node


_CONNECTIVES = (exp.And, exp.Or)


_TIGHT = (exp.Mul, exp.Div, exp.Mod, exp.IntDiv)
_LOOSE = (exp.Add, exp.Sub)


def _needs_paren(parent: exp.Expression, child: exp.Expression, key: str) -> bool:
    """Whether arithmetic `child` must keep parentheses under `parent` to keep its meaning."""
    if isinstance(parent, _TIGHT):
        return isinstance(child, _LOOSE) or (key == "expression" and isinstance(child, _TIGHT))
    if isinstance(parent, exp.Sub) and key == "expression":
        return isinstance(child, _LOOSE)
    if isinstance(parent, exp.Neg):
        return isinstance(child, _LOOSE + _TIGHT)
    return False


# Operands ``@`` takes without parentheses; operators whose operand ``@ x`` is parenthesized
_ATOMS = (exp.Column, exp.Literal, exp.Func, exp.Paren, exp.Null, exp.Boolean)
_AROUND_PREFIX = _ARITHMETIC + (exp.Neg, exp.BitwiseNot, exp.DPipe, exp.BitwiseAnd, exp.BitwiseOr, exp.BitwiseXor,
                                exp.BitwiseLeftShift, exp.BitwiseRightShift)


def _reparen(node: exp.Expression) -> exp.Expression:
    """Canonical parentheses: around AND/OR operands that are connectives of another
    kind, and around arithmetic whose grouping differs from precedence."""
    if isinstance(node, _LOOSE + _TIGHT + (exp.Neg,)):
        for key in ("this", "expression"):
            child = node.args.get(key)
            if child is not None and _needs_paren(node, child, key):
                node.set(key, exp.Paren(this=child))
    if isinstance(node, _CONNECTIVES):
        for key in ("this", "expression"):
            child = node.args.get(key)
            if isinstance(child, _CONNECTIVES) and type(child) is not type(node):
                node.set(key, exp.Paren(this=child))
    if isinstance(node, exp.Abs) and node.meta_get(PREFIX) and (
            not isinstance(node.this, _ATOMS) or node.this.meta_get(PREFIX)):
        node.set("this", exp.Paren(this=node.this))  # @ (n - 1), @ (-n), @ (@ n)
    if isinstance(node, _AROUND_PREFIX) and not isinstance(node, exp.Paren):
        for key in ("this", "expression"):  # (@ n) - 1: without them, @ (n - 1)
            child = node.args.get(key)
            if isinstance(child, exp.Abs) and child.meta_get(PREFIX):
                node.set(key, exp.Paren(this=child))
    if isinstance(node, exp.Not) and isinstance(node.this, (exp.And, exp.Or, exp.Binary)) \
            and not isinstance(node.this, _SPELLED_UNDER_NOT):  # a !~ b, a IS NOT NULL: operators of their own
        node.set("this", exp.Paren(this=node.this))
    if isinstance(node, (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Is)):
        for key in ("this", "expression"):  # (a IS NULL) <> (b IS NULL): without them, another expression
            child = node.args.get(key)
            if isinstance(child, _PREDICATES):
                node.set(key, exp.Paren(this=child))
    return node


def normalize_tree(tree: exp.Expression, spelled: bool = True, text_columns: AbstractSet[str] = frozenset()) -> str:
    """The canonical text of an already-parsed expression.

    Parentheses are stripped and then put back canonically, so precedence
    survives: ``(a OR b) AND c`` and ``a OR (b AND c)`` stay different. With
    `spelled`, ``NOT (a ~ b)`` and ``a !~ b`` keep the spelling they were written
    in; without, both are ``a !~ b`` (`compared`; likewise ``a IS NOT NULL``, and ``@ x`` is ``abs(x)``).
    A cast to text or varchar is kept, but for one of a column named in `text_columns` (the columns of
    kind text or varchar, which the cast leaves as they are).
    """
    prev = None
    out = tree.copy()
    if not spelled:
        for node in out.find_all(exp.Abs):
            node.meta.pop(PREFIX, None)  # @ x is abs(x)
    while prev != out:  # stripping one layer can expose another
        prev = out.copy()
        out = out.transform(lambda n: _strip(n, spelled, text_columns)).transform(_single_in)
    # identify=True: the text parses again even when a column is a reserved word
    return out.transform(_reparen).sql(dialect=CANONICAL, normalize_functions="lower", identify=True)


def normalize(sql: str, read: str = CANONICAL, text_columns: AbstractSet[str] = frozenset()) -> str:
    """The canonical text of `sql`, read in sqlglot dialect `read` (`normalize_tree`)."""
    return normalize_tree(parse(sql, read), text_columns=text_columns)


def compared(sql: str, read: str = CANONICAL, text_columns: AbstractSet[str] = frozenset()) -> str:
    """The text two expressions are compared by: `normalize` without the spelling of NOT over a
    regular-expression match or IS, so that ``NOT (a ~ b)`` and ``a !~ b``, ``NOT (a IS NULL)`` and
    ``a IS NOT NULL`` (one predicate, two spellings; MariaDB keeps only one) compare equal; so do
    ``@ x`` and ``abs(x)``, and ``v::text`` and ``v`` for a column `v` in `text_columns`."""
    return normalize_tree(parse(sql, read), spelled=False, text_columns=text_columns)


def abs_columns(sql: str) -> set[str]:
    """The columns whose absolute value (``abs(c)``, ``@ c``) expression `sql` takes directly."""
    return {column_name(node.this.unnest()) for node in parse(sql).find_all(exp.Abs)
            if isinstance(node.this.unnest(), exp.Column)}
