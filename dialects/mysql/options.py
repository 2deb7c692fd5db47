"""MySQL/MariaDB's lowering of the model's column, index and table options (issue #14).

What the servers hold exactly is kept: collations and character sets of MySQL's own
(origin ``mysql`` or ``mariadb``), STORED and VIRTUAL generated columns, SQL expression
defaults MySQL can compute, FULLTEXT indexes, native types of origin ``mysql``, identity
GENERATED ALWAYS (by triggers, with the behaviour degradation MY-IDENTITYALWAYS). The rest
is lowered here, each change with a degradation of `dialects.mysql.degradations`: an
AUTO_INCREMENT column that leads no key (MY-AUTOKEY), collations of other engines
(MY-COLLATION), a column collation equal to its table's (MY-SAMECOLLATION), a collation that
is its character set's default (MY-CHARSETCOLLATION), loose typing (MY-LOOSE), NOT NULL on a
generated column (MY-GENERATEDNULL), a generated column calling a function not both servers
have (MY-GENERATEDEXPR, `dialects.mysql.functions`), expression defaults that are the current time
(MY-NOWEXPR), a literal (MY-LITERALEXPR) or that MySQL cannot compute (MY-DEFAULTEXPR),
index methods InnoDB lacks (MY-HASH, MY-INDEXMETHOD), operator classes (MY-OPCLASS), INCLUDE
(MY-INCLUDE), native types of other engines (MY-NATIVE).
"""
from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Optional, Union

from sqlglot import exp
from sqlglot.errors import SqlglotError

from schemakit.schema import expr as cexpr
from schemakit.schema.code import drawn_sequence
from schemakit.schema.model import (
    NOW, TEXT, Collation, Column, Default, DefaultKind, Index, IndexMethod, IndexPart, Kind, Table, lit,
)

from ..base import short_name
from . import functions

if TYPE_CHECKING:
    from . import _Notes

# The dialect names whose collations and native types MySQL and MariaDB both take as written.
ORIGINS = ("mysql", "mariadb")
DEFAULT_CHARSET = "utf8mb4"
# Kinds whose values have a character set and collation (uuid is CHAR(36) ascii_bin, json utf8mb4_bin).
COLLATED = (Kind.VARCHAR, Kind.TEXT, Kind.CHAR, Kind.ENUM, Kind.SET)
# The default collation of common character sets, the same on MySQL 8 and MariaDB 10.11
# (https://dev.mysql.com/doc/refman/8.0/en/charset-charsets.html, https://mariadb.com/kb/en/supported-character-sets-and-collations/).
CHARSET_DEFAULTS = {"latin1": "latin1_swedish_ci", "ascii": "ascii_general_ci", "utf8mb3": "utf8mb3_general_ci",
                    "utf8": "utf8mb3_general_ci", "latin2": "latin2_general_ci", "binary": "binary",
                    "cp1251": "cp1251_general_ci", "cp1250": "cp1250_general_ci", "greek": "greek_general_ci",
                    "hebrew": "hebrew_general_ci", "ucs2": "ucs2_general_ci", "utf16": "utf16_general_ci",
                    "utf32": "utf32_general_ci", "koi8r": "koi8r_general_ci", "sjis": "sjis_japanese_ci",
                    "gbk": "gbk_chinese_ci", "big5": "big5_chinese_ci"}
# Index methods InnoDB does not build: HASH is accepted and built as a B-tree, the others are PostgreSQL's.
OTHER_METHODS = (IndexMethod.GIST, IndexMethod.BRIN, IndexMethod.SPGIST)
# Canonical functions that are the current time (PostgreSQL's clock and transaction clocks).
NOW_FUNCTIONS = ("now", "current_timestamp", "clock_timestamp", "statement_timestamp", "transaction_timestamp",
                 "localtimestamp")


def charset_of(collation: str) -> str:
    """The character set a MySQL collation belongs to: its name up to the first underscore
    (``latin1_swedish_ci`` -> ``latin1``; https://dev.mysql.com/doc/refman/8.0/en/charset-collation-names.html)."""
    return collation.split("_", 1)[0]


def is_mine(c: Optional[Collation]) -> bool:
    """Whether collation `c` is one MySQL/MariaDB name (kept as written)."""
    return c is not None and c.origin in ORIGINS


def table_collation(t: Table, default: str) -> str:
    """The collation of `t`'s text columns without one of their own: the table's, else its character set's
    default, else `default` (the dialect's)."""
    if t.collation is not None:
        return t.collation.name
    if t.charset and t.charset != DEFAULT_CHARSET:
        return CHARSET_DEFAULTS.get(t.charset, f"{t.charset}_bin")
    return default


def lower_table_options(t: Table, notes: "_Notes") -> Table:
    """The table's collation, character set and loose typing as MySQL holds them."""
    collation, charset = t.collation, t.charset
    if collation is not None and not is_mine(collation):
        notes.add("MY-COLLATION", t, "*", f"table collation {collation.name} ({collation.origin})")
        collation = None
    elif collation is not None and collation.origin != "mysql":
        collation = Collation(collation.name, "mysql")
    if charset == DEFAULT_CHARSET:
        charset = None
    if collation is not None and charset_of(collation.name) != DEFAULT_CHARSET and (
            charset is None or CHARSET_DEFAULTS.get(charset) == collation.name):
        notes.add("MY-CHARSETCOLLATION", t, "*", f"collation {collation.name}, its character set's default")
        charset = charset_of(collation.name)
        if CHARSET_DEFAULTS.get(charset) == collation.name:
            collation = None
    if not t.strict:
        notes.add("MY-LOOSE", t, "*")
    return replace(t, collation=collation, charset=charset, strict=True)


def lower_column_options(t: Table, c: Column, default_collation: str, notes: "_Notes") -> Column:
    """A column's identity, collation, native type and expression default as MySQL holds them (`t` is the
    table with its options already lowered)."""
    if c.identity_sequence:
        notes.add("MY-SERIAL", t, c.name, "identity drawn from a sequence")
        c = replace(c, identity_sequence=False)
    if c.identity_always:
        notes.add("MY-IDENTITYALWAYS", t, c.name)  # kept: BEFORE INSERT/UPDATE triggers refuse explicit values
    if c.type.kind is Kind.NATIVE and c.type.origin not in ORIGINS:
        notes.add("MY-NATIVE", t, c.name, str(c.type))
        c = replace(c, type=TEXT)
    if c.generated is not None and _refused(c.generated.expression, generated=True):
        notes.add("MY-GENERATEDEXPR", t, c.name, f"generated ({c.generated.expression})")
        c = replace(c, generated=None, nullable=True)
    if c.generated is not None and not c.nullable:
        # MariaDB refuses NOT NULL on a generated column (a syntax error, observed on 10.11;
        # https://mariadb.com/kb/en/generated-columns/), MySQL 8 accepts it
        notes.add("MY-GENERATEDNULL", t, c.name)
        c = replace(c, nullable=True)
    if c.collation is not None:
        c = _lower_collation(t, c, default_collation, notes)
    if c.default is not None and c.default.kind is DefaultKind.EXPRESSION:
        c = replace(c, default=_lower_expression_default(t, c, notes))
    return c


def _lower_collation(t: Table, c: Column, default_collation: str, notes: "_Notes") -> Column:
    found = c.collation
    if found is None:
        return c
    if not is_mine(found) or c.type.kind not in COLLATED:
        notes.add("MY-COLLATION", t, c.name, f"collation {found.name} ({found.origin})")
        return replace(c, collation=None)
    if found.name == table_collation(t, default_collation):
        notes.add("MY-SAMECOLLATION", t, c.name, f"collation {found.name}, the table's")
        return replace(c, collation=None)
    return replace(c, collation=Collation(found.name, "mysql"))


def _lower_expression_default(t: Table, c: Column, notes: "_Notes") -> Optional[Default]:
    d = c.declared_default
    try:
        tree = cexpr.parse(str(d.value))
    except cexpr.ExpressionError:
        notes.add("MY-DEFAULTEXPR", t, c.name, f"default ({d.value})")
        return None
    if c.type.kind is Kind.ARRAY:
        items = _array_items(tree)
        if items is None:
            notes.add("MY-DEFAULTEXPR", t, c.name, f"default ({d.value})")
            return None
        # the array as the JSON array the column holds (MY-ARRAY), a literal default
        notes.add("MY-LITERALEXPR", t, c.name, f"default ({d.value})")
        return lit(json.dumps(items, ensure_ascii=False))
    if _is_now(tree, c):
        notes.add("MY-NOWEXPR", t, c.name, f"default ({d.value})")
        return NOW
    value = _literal(tree)
    if value is not None:
        notes.add("MY-LITERALEXPR", t, c.name, f"default ({d.value})")
        return lit(value)
    drawn = drawn_sequence(str(d.value))
    if drawn is not None and drawn in notes.sequences:  # NEXTVAL of a sequence the server holds
        return d
    if drawn is not None or _refused(str(d.value), generated=False):
        notes.add("MY-DEFAULTEXPR", t, c.name, f"default ({d.value})")
        return None
    return d


def _refused(sql: str, generated: bool) -> bool:
    """Whether canonical expression `sql` rendered for MySQL calls a function outside the list both servers
    accept there (`dialects.mysql.functions`), or cannot be rendered."""
    from . import DIALECT  # the package imports this module: its dialect exists by the time this runs
    try:
        return bool(functions.refused(DIALECT.expression(sql), generated))
    except (ValueError, SqlglotError):
        return True


def _literal(tree: exp.Expression) -> Optional[Union[str, int, float, bool]]:
    """The value of an expression that is a literal (``'a'``, ``-1.5``, ``TRUE``), else None."""
    while isinstance(tree, exp.Paren):
        tree = tree.this
    if isinstance(tree, exp.Boolean):
        return bool(tree.this)
    negative = isinstance(tree, exp.Neg)
    node = tree.this if negative else tree
    if not isinstance(node, exp.Literal) or (negative and node.is_string):
        return None
    if node.is_string:
        return node.this
    number = float(node.this) if any(ch in node.this for ch in ".eE") else int(node.this)
    return -number if negative else number


def _array_items(tree: exp.Expression) -> Optional[list]:
    """The items of an array constructor of literals (``ARRAY['a', 'b']``, ``ARRAY[]::text[]``), else None."""
    while isinstance(tree, (exp.Paren, exp.Cast)):
        tree = tree.this
    if not isinstance(tree, exp.Array):
        return None
    items = [_literal(e) for e in tree.expressions]
    return None if any(i is None for i in items) else items


def _is_now(tree: exp.Expression, c: Column) -> bool:
    """Whether a default expression is the current time (date) on a timestamp (date) column: the model's
    now default, which MySQL stores and reports alike."""
    while isinstance(tree, exp.Paren):
        tree = tree.this
    if c.type.kind is Kind.DATE:
        return isinstance(tree, exp.CurrentDate)
    if c.type.kind not in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ):
        return False
    if isinstance(tree, exp.CurrentTimestamp):
        return True
    return isinstance(tree, exp.Anonymous) and tree.name.lower() in NOW_FUNCTIONS


def auto_key(t: Table, notes: "_Notes") -> Table:
    """`t` with an index led by its AUTO_INCREMENT column where no key starts with it: InnoDB refuses
    the table otherwise (error 1075; https://dev.mysql.com/doc/refman/8.0/en/innodb-auto-increment-handling.html)."""
    identity = next((c.name for c in t.columns if c.identity), None)
    if identity is None:
        return t
    leads = {t.primary_key[0] if t.primary_key else None} | {u.columns[0] for u in t.uniques}
    leads |= {i.parts[0].column for i in t.indexes if i.method is not IndexMethod.FULLTEXT}
    if identity in leads:
        return t
    name = short_name(f"{t.name}_{identity}_auto", 64)
    where = "inside" if identity in t.primary_key else "outside"
    notes.add("MY-AUTOKEY", t, name, f"AUTO_INCREMENT column {identity} {where} primary key {t.primary_key}")
    return replace(t, indexes=t.indexes + (Index(name, (IndexPart(column=identity),)),))


def lower_index_options(t: Table, i: Index, notes: "_Notes") -> Index:
    """An index's method, operator classes and INCLUDE columns as InnoDB holds them."""
    if i.method is IndexMethod.HASH:
        notes.add("MY-HASH", t, i.name)
        i = replace(i, method=IndexMethod.BTREE)
    elif i.method in OTHER_METHODS:
        notes.add("MY-INDEXMETHOD", t, i.name, f"a {i.method.value} index")
        i = replace(i, method=IndexMethod.BTREE)
    elif i.method is IndexMethod.FULLTEXT and (i.unique or i.where or not all(
            p.column is not None and t.column(p.column).type.kind in (Kind.VARCHAR, Kind.TEXT, Kind.CHAR, Kind.UUID)
            for p in i.parts)):
        notes.add("MY-INDEXMETHOD", t, i.name, "a fulltext index over enum or set columns")
        i = replace(i, method=IndexMethod.BTREE)
    if any(p.opclass for p in i.parts):
        notes.add("MY-OPCLASS", t, i.name, ", ".join(p.opclass for p in i.parts if p.opclass))
        i = replace(i, parts=tuple(replace(p, opclass=None) for p in i.parts))
    if i.include:
        notes.add("MY-INCLUDE", t, i.name, f"INCLUDE ({', '.join(i.include)})")
        extra = () if i.unique else tuple(IndexPart(column=name) for name in i.include)
        i = replace(i, parts=i.parts + extra, include=())
    if i.method is IndexMethod.FULLTEXT:
        i = replace(i, parts=tuple(replace(p, desc=False, prefix=None) for p in i.parts))
    return i
