"""Domains: a named type with rules, and the same rules put on each column that uses it.

A `Domain` (schema/model.py) is SQL's CREATE DOMAIN: a base type plus NOT NULL, a default and
CHECKs over ``VALUE``. An engine that has domains creates the type; one that has none holds each
column of the domain as the base type with the domain's rules on the column itself
(`inline_domains`), and so does the checks oracle, which judges rows column by column.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Optional

from sqlglot import exp

from . import expr as cexpr
from .model import Check, Column, ColumnType, Domain, Schema, Table

VALUE = "VALUE"  # the keyword a domain CHECK names the value by


def is_value(node: exp.Expression) -> bool:
    """Whether `node` is the keyword VALUE of a domain CHECK: a domain CHECK refers to no column, so
    every reference to one named VALUE, in any case (canonical SQL may print it quoted), is the keyword."""
    return isinstance(node, exp.Column) and not node.table and node.name.upper() == VALUE


def keyword_form(sql: str) -> str:
    """A domain CHECK in canonical normal form, with VALUE written as the keyword (``VALUE > 0``)."""
    tree = cexpr.parse(sql).copy().transform(lambda node: exp.var(VALUE) if is_value(node) else node)
    return cexpr.normalize_tree(tree)


def value_check_columns(sql: str) -> set[str]:
    """The column names a domain CHECK refers to besides VALUE (none are allowed)."""
    return {cexpr.column_name(c) for c in cexpr.parse(sql).find_all(exp.Column) if not is_value(c)}


def on_column(sql: str, column: str) -> str:
    """A domain CHECK over VALUE as canonical SQL over column `column`."""
    tree = cexpr.parse(sql).copy().transform(
        lambda node: exp.column(column, quoted=True) if is_value(node) else node)
    return cexpr.normalize_tree(tree)


# Inlined CHECK names fit this many bytes: the smallest identifier limit of the engines schemakit
# supports (`dialects.identifier_limit()`), so the name is the same on each.
NAME_BYTES = 63


def inlined_check_name(table: str, column: str, check: str) -> str:
    """The name of domain CHECK `check` put on `column` of `table`: ``<table>_<column>_<check>``, unique in
    the namespace (two columns, or two tables, may share a domain); past NAME_BYTES, a prefix and a hash."""
    name = f"{table}_{column}_{check}"
    raw = name.encode()
    if len(raw) <= NAME_BYTES:
        return name
    digest = hashlib.sha1(raw).hexdigest()[:8]
    return f"{raw[:NAME_BYTES - 9].decode(errors='ignore')}_{digest}"


def shallow(ty: ColumnType) -> ColumnType:
    """`ty` with its domain (and each domain under it) by name and base type only, without rules."""
    if ty.domain is None:
        return ty
    return replace(ty, domain=Domain(ty.domain.name, shallow(ty.domain.base)))


def comparable(d: Domain) -> tuple:
    """A domain's own definition in a form that compares equal however its CHECKs were spelled; a domain
    it is over counts by name (its rules are its own definition's)."""
    return (d.name, shallow(d.base), d.not_null, d.default,
            tuple(sorted((c.name, cexpr.compared(c.expression)) for c in d.checks)))


def same_domain(a: Optional[Domain], b: Optional[Domain]) -> bool:
    """Whether two domains (or None) have the same definition."""
    if a is None or b is None:
        return a is b
    return comparable(a) == comparable(b)


def inline_column(t: Table, c: Column) -> tuple[Column, tuple[Check, ...]]:
    """Column `c` of table `t`, of a domain, as its base type with the domain's NOT NULL and default, plus the
    domain's CHECKs over the column; a column of no domain as it is, with no CHECKs."""
    if c.type.domain is None:
        return c, ()
    levels = c.type.domain.chain()  # a domain over a domain: the rules of every level, the outermost default
    defaults = [d.default for d in levels if d.default is not None]
    default = c.default if c.default is not None else (defaults[0] if defaults else None)
    column = replace(c, type=replace(c.type, domain=None), nullable=c.nullable and not any(d.not_null for d in levels),
                     default=default)
    return column, tuple(Check(inlined_check_name(t.name, c.name, k.name), on_column(k.expression, c.name))
                         for d in reversed(levels) for k in d.checks)


def inline_table(t: Table) -> Table:
    """Table `t` with every column of a domain inlined (`inline_column`)."""
    if not any(c.type.domain is not None for c in t.columns):
        return t
    columns, checks = [], list(t.checks)
    for c in t.columns:
        column, extra = inline_column(t, c)
        columns.append(column)
        checks += extra
    return replace(t, columns=tuple(columns), checks=tuple(checks))


def domain_columns(schema: Schema) -> list[tuple[Table, Column, Domain]]:
    """(table, column, its domain) of every column of a domain, in schema order."""
    return [(t, c, c.type.domain) for t in schema.tables for c in t.columns if c.type.domain is not None]


def inline_domains(schema: Schema) -> Schema:
    """`schema` with no domain left: each column of one holds the base type and the domain's rules."""
    return schema.map_tables(inline_table)
