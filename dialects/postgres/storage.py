"""How PostgreSQL holds each model column type: its native type, and the *storage CHECK*
that narrows a wider native type to the model's values where PostgreSQL has no exact one.

PostgreSQL has no tinyint, unsigned integers, YEAR, SET or length-bounded binary strings
(https://www.postgresql.org/docs/15/datatype.html). Those are held by the next wider type
plus a CHECK named ``sk_<what>_<column>`` (`check_name`), written inline with the column
(so CREATE TABLE and ADD COLUMN carry it, and DROP COLUMN drops it). Introspection
(`dialects.postgres.introspect`) recognises a storage CHECK by its exact name *and* the
exact text pg_get_expr() prints for it (`recognise`), and reads the column back as the model
type; a CHECK a user wrote, under any other name or shape, stays a model `Check`.

Both the dialect and its introspection use this module, so neither imports the other.
"""
from __future__ import annotations

import hashlib
import re
from typing import Callable, Optional

from schemakit.schema.model import INT_BITS, ColumnType, Kind

from ..base import quote_identifier

ENGINE = "postgres"
MAX_NAME = 63  # NAMEDATALEN - 1 (https://www.postgresql.org/docs/15/sql-syntax-lexical.html)

# The native type of each kind that needs no parameter.
TYPE_NAMES = {
    Kind.UUID: "UUID", Kind.SMALLINT: "SMALLINT", Kind.INTEGER: "INTEGER", Kind.BIGINT: "BIGINT",
    Kind.TEXT: "TEXT", Kind.BOOLEAN: "BOOLEAN", Kind.DATE: "DATE", Kind.JSON: "JSON", Kind.JSONB: "JSONB",
    Kind.REAL: "REAL", Kind.DOUBLE: "DOUBLE PRECISION", Kind.BYTES: "BYTEA", Kind.INTERVAL: "INTERVAL",
    # Held through a storage CHECK:
    Kind.TINYINT: "SMALLINT", Kind.YEAR: "SMALLINT", Kind.SET: "TEXT", Kind.VARBINARY: "BYTEA",
    Kind.BINARY: "BYTEA",
}
FRACTIONAL_NAMES = {Kind.TIMESTAMP: "TIMESTAMP", Kind.TIMESTAMPTZ: "TIMESTAMPTZ", Kind.TIME: "TIME",
                    Kind.TIMETZ: "TIMETZ"}
# An unsigned integer is held by the next wider signed type; unsigned bigint by bigint itself
# (PG-UNSIGNED64: no wider integer type can be an identity or match a bigint key).
UNSIGNED_NAMES = {Kind.TINYINT: "SMALLINT", Kind.SMALLINT: "INTEGER", Kind.INTEGER: "BIGINT",
                  Kind.BIGINT: "BIGINT"}
SIGNED_BIGINT_MAX = 2 ** 63 - 1
YEAR_RANGE = (1901, 2155)  # and 0 (MySQL's YEAR: https://dev.mysql.com/doc/refman/8.0/en/year.html)


def native_type(ty: ColumnType) -> str:
    """The PostgreSQL type holding a scalar model type (not ARRAY, not ENUM); a native type of
    PostgreSQL as written."""
    if ty.kind is Kind.NATIVE:
        return str(ty.native)
    if ty.kind is Kind.VARCHAR:
        return f"VARCHAR({ty.length})"
    if ty.kind is Kind.CHAR:
        return f"CHAR({ty.length})"
    if ty.kind is Kind.DECIMAL:
        return "NUMERIC" if ty.precision is None else f"NUMERIC({ty.precision}, {ty.scale})"
    if ty.kind in FRACTIONAL_NAMES:
        name = FRACTIONAL_NAMES[ty.kind]
        return name if ty.precision is None else f"{name}({ty.precision})"
    if ty.kind in UNSIGNED_NAMES and ty.unsigned:
        return UNSIGNED_NAMES[ty.kind]
    return TYPE_NAMES[ty.kind]


def _word(ty: ColumnType) -> Optional[str]:
    """The word naming the storage CHECK of `ty`, or None for a type that needs none."""
    if ty.kind in INT_BITS:
        return "unsigned" if ty.unsigned else ("tinyint" if ty.kind is Kind.TINYINT else None)
    if ty.kind in (Kind.YEAR, Kind.SET, Kind.VARBINARY, Kind.BINARY):
        return ty.kind.value
    return None


def needs_check(ty: ColumnType) -> bool:
    """Whether PostgreSQL holds `ty` only through a storage CHECK."""
    return _word(ty) is not None


def check_name(column: str, ty: ColumnType) -> str:
    """``sk_<what>_<column>``, shortened with a hash to fit 63 bytes (bytes, not characters: PostgreSQL
    would cut a longer one silently, https://www.postgresql.org/docs/15/sql-syntax-lexical.html)."""
    name = f"sk_{_word(ty)}_{column}"
    if len(name.encode()) <= MAX_NAME:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]  # as `base.short_name` does
    return f"{name.encode()[:MAX_NAME - 9].decode(errors='ignore')}_{digest}"


def _int_range(c: str, ty: ColumnType) -> str:
    lo, hi = ty.int_range
    if ty.kind is Kind.BIGINT:  # the bigint itself caps it (PG-UNSIGNED64)
        return f"{c} >= 0"
    return f"{c} BETWEEN {lo} AND {hi}"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def check_sql(column: str, ty: ColumnType) -> str:
    """The body of the storage CHECK of column `column` of type `ty` (see `needs_check`)."""
    c = quote_identifier(column, ENGINE)
    if ty.kind in INT_BITS:
        return _int_range(c, ty)
    if ty.kind is Kind.YEAR:
        return f"{c} = 0 OR {c} BETWEEN {YEAR_RANGE[0]} AND {YEAR_RANGE[1]}"
    if ty.kind is Kind.SET:  # the members written comma-separated, in any order ('' is the empty set)
        return f"string_to_array({c}, ',') <@ ARRAY[{', '.join(_literal(v) for v in ty.values)}]"
    return f"octet_length({c}) <= {ty.max_length}"  # VARBINARY, BINARY


def constraint_sql(column: str, ty: ColumnType) -> str:
    """``CONSTRAINT sk_... CHECK (...)`` for a column definition, or "" for a type that needs none."""
    if not needs_check(ty):
        return ""
    return f" CONSTRAINT {quote_identifier(check_name(column, ty), ENGINE)} CHECK ({check_sql(column, ty)})"


# -- reading a storage CHECK back (pg_get_expr() of PostgreSQL 15 prints these exactly so) -------
_IDENT = r'("(?:[^"]|"")+"|[^\s()",]+)'
_NUMBER = r"'?(-?\d+)'?(?:::\w+)?"  # a negative or large constant is printed as '-128'::integer
_RANGE = re.compile(rf"^\(\({_IDENT} >= {_NUMBER}\) AND \(\1 <= {_NUMBER}\)\)$")
_AT_LEAST_ZERO = re.compile(rf"^\({_IDENT} >= 0\)$")
_YEAR = re.compile(rf"^\(\({_IDENT} = 0\) OR \(\(\1 >= {YEAR_RANGE[0]}\) AND \(\1 <= {YEAR_RANGE[1]}\)\)\)$")
_SET = re.compile(rf"^\(string_to_array\({_IDENT}, ','::text\) <@ ARRAY\[(.*)\]\)$", re.S)
_SET_MEMBER = re.compile(r"'((?:[^']|'')*)'::text(?:, |$)")
_OCTETS = re.compile(rf"^\(octet_length\({_IDENT}\) <= (\d+)\)$")


def _unquote(ident: str) -> str:
    return ident[1:-1].replace('""', '"') if ident.startswith('"') else ident


def _integer(base: ColumnType, m: re.Match) -> Optional[ColumnType]:
    lo, hi = int(m.group(2)), int(m.group(3))
    for ty in (ColumnType(Kind.TINYINT), *(ColumnType(k, unsigned=True) for k in INT_BITS)):
        if ty.int_range == (lo, hi) and native_type(ty) == native_type(base):
            return ty
    return None


def _set(base: ColumnType, m: re.Match) -> Optional[ColumnType]:
    text = m.group(2)
    members = tuple(v.replace("''", "'") for v in _SET_MEMBER.findall(text))
    if ", ".join(f"{_literal(v)}::text" for v in members) != text:
        return None
    return ColumnType(Kind.SET, values=members)


# (native kind read, pattern, the model type a match means); group 1 is always the column.
_SHAPES: tuple[tuple[Kind, re.Pattern, Callable[[ColumnType, re.Match], Optional[ColumnType]]], ...] = (
    (Kind.SMALLINT, _RANGE, _integer), (Kind.INTEGER, _RANGE, _integer), (Kind.BIGINT, _RANGE, _integer),
    (Kind.BIGINT, _AT_LEAST_ZERO, lambda b, m: ColumnType(Kind.BIGINT, unsigned=True)),
    (Kind.SMALLINT, _YEAR, lambda b, m: ColumnType(Kind.YEAR)),
    (Kind.TEXT, _SET, _set),
    (Kind.BYTES, _OCTETS, lambda b, m: ColumnType(Kind.VARBINARY, length=int(m.group(2)))),
    (Kind.BYTES, _OCTETS, lambda b, m: ColumnType(Kind.BINARY, length=int(m.group(2)))),
)


def recognise(column: str, base: ColumnType, name: str, printed: str) -> Optional[ColumnType]:
    """The model type column `column`, read as `base`, holds when its CHECK `name` (printed by
    pg_get_expr() as `printed`) is the storage CHECK schemakit writes for that type; else None."""
    for kind, pattern, make in _SHAPES:
        if base.kind is not kind:
            continue
        m = pattern.match(printed)
        if m is None or _unquote(m.group(1)) != column:
            continue
        ty = make(base, m)
        if ty is not None and name == check_name(column, ty) and native_type(ty) == native_type(base):
            return ty
    return None


def storage_item(ty: ColumnType) -> ColumnType:
    """The model type an array item of type `ty` is held as: the native type alone (a storage CHECK
    covers a scalar column only), so a tinyint item is a smallint (PG-ARRAY-ITEM)."""
    if not needs_check(ty):
        return ty
    plain = {"SMALLINT": Kind.SMALLINT, "INTEGER": Kind.INTEGER, "BIGINT": Kind.BIGINT, "TEXT": Kind.TEXT,
             "BYTEA": Kind.BYTES}[native_type(ty)]
    return ColumnType(plain)
