"""PostgreSQL introspection: a live database read back into the model.

A fixed number of bulk pg_catalog queries (tables, columns, enums,
constraints, indexes, partitions, schemakit triggers), each filtered by
namespace, whatever the number of tables. Everything schemakit generated for
itself is mapped back to the model feature it implements and hidden:
partitions become `Partitioning`, ``sk_`` trigger functions become
`Column.on_update_now` and `StateMachine`s.
"""
from __future__ import annotations

import datetime as dt
import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Collection, Optional, Sequence

from sqlglot import exp

from schemakit.schema import expr as cexpr
from schemakit.schema.model import (
    GEN_UUID, NOW, Action, Check, Column, ColumnType, Default, DefaultKind, Enum, ForeignKey,
    Index, IndexMethod, IndexPart, Kind, Partitioning, Schema, StateMachine, Table, Unique,
)
from schemakit.schema.values import utc_naive

SQLGLOT = "postgres"

# format_type() spellings of the model's kinds (https://www.postgresql.org/docs/15/functions-info.html).
TYPE_KINDS = {
    "uuid": Kind.UUID, "smallint": Kind.SMALLINT, "integer": Kind.INTEGER, "bigint": Kind.BIGINT,
    "text": Kind.TEXT, "boolean": Kind.BOOLEAN, "timestamp without time zone": Kind.TIMESTAMP,
    "timestamp with time zone": Kind.TIMESTAMPTZ, "date": Kind.DATE, "json": Kind.JSON,
    "jsonb": Kind.JSONB,
}
# Types schemakit never renders but may meet in a drifted database, read as the nearest kind: a
# floating-point column is a decimal of no precision (drift reports it as real).
FOREIGN_TYPES = {"real": ColumnType(Kind.DECIMAL), "double precision": ColumnType(Kind.DECIMAL)}
_VARCHAR = re.compile(r"^character varying\((\d+)\)$")
_NUMERIC = re.compile(r"^numeric\((\d+),(\d+)\)$")

ON_DELETE = {"a": Action.NO_ACTION, "r": Action.RESTRICT, "c": Action.CASCADE,
             "n": Action.SET_NULL, "d": Action.SET_DEFAULT}

# Default expressions as pg_get_expr() prints them.
NOW_DEFAULTS = {"now()", "CURRENT_TIMESTAMP", "CURRENT_DATE", "transaction_timestamp()"}
FUNCTION_DEFAULTS = {"gen_random_uuid()": GEN_UUID}
_QUOTED_LITERAL = re.compile(r"^'((?:[^']|'')*)'(?:::.+)?$", re.S)
_INTEGER_KINDS = {Kind.SMALLINT, Kind.INTEGER, Kind.BIGINT}

# pg_index.indoption bit for DESC (src/include/catalog/pg_index.h, INDOPTION_DESC).
INDOPTION_DESC = 1

# jsonb function names mapped back to the canonical (json) spelling.
CANONICAL_FUNCTIONS = {"jsonb_array_length": "json_array_length"}

# The sk_ trigger functions dialects/postgres.py writes, recognised by their bodies.
_ON_UPDATE = re.compile(r'NEW\.("(?:[^"]|"")+") := now\(\)')
_SM_COLUMN = re.compile(r'IF NEW\.("(?:[^"]|"")+") IS DISTINCT FROM OLD\.')
_SM_NAME = re.compile(r"CONSTRAINT = '((?:[^']|'')*)'")
_SM_PAIR = re.compile(r"\('((?:[^']|'')*)', '((?:[^']|'')*)'\)")
_SM_ALLOWED = re.compile(r"::text\) IN \((.*)\),\s*$", re.M)
_PARTKEY = re.compile(r'^RANGE \(("(?:[^"]|"")+"|\w+)\)$')
_BOUND = re.compile(r"FROM \('([^']*)'\) TO \('([^']*)'\)")

# -- the bulk queries ------------------------------------------------------------------------
# Each takes the namespace names, and which of their tables to read (`_scope`).
_ONLY = """(%(everything)s OR ({ns}, {rel}) IN (SELECT * FROM unnest(%(only_ns)s::text[], %(only_names)s::text[])))"""
_RELATIONS = f"""
    c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY(%(ns)s)
    AND {_ONLY.format(ns='n.nspname', rel='c.relname')}"""

TABLES_SQL = f"""
SELECT c.oid, n.nspname, c.relname, ds.description,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
WHERE {_RELATIONS}
ORDER BY c.oid"""

# Descriptions are joined, not fetched with col_description(): one lookup per row costs
# a third of the query on 10,000 columns.
COLUMNS_SQL = f"""
SELECT a.attrelid, a.attnum, a.attname, a.attnotnull, a.attidentity <> '',
       et.oid IS NOT NULL, COALESCE(et.oid, t.oid), COALESCE(et.typtype, t.typtype),
       COALESCE(et.typname, t.typname), format_type(COALESCE(et.oid, t.oid), a.atttypmod),
       pg_get_expr(d.adbin, d.adrelid), ds.description
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_description ds
       ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND {_RELATIONS}
ORDER BY a.attrelid, a.attnum"""

ENUMS_SQL = """
SELECT e.enumtypid, e.enumlabel FROM pg_enum e
WHERE e.enumtypid = ANY(%(types)s)
ORDER BY e.enumtypid, e.enumsortorder"""

CONSTRAINTS_SQL = f"""
SELECT co.conrelid, co.conname, co.contype, co.conkey::int2[], rn.nspname, rc.relname,
       co.confrelid, co.confkey::int2[], co.confdeltype,
       CASE WHEN co.contype = 'c' THEN pg_get_expr(co.conbin, co.conrelid) END
FROM pg_constraint co
JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = co.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE co.contype IN ('p', 'u', 'f', 'c') AND co.conparentid = 0 AND {_RELATIONS}
ORDER BY co.conrelid, co.oid"""

# Column names of tables outside the introspected namespaces that foreign keys reference.
REFERENCED_COLUMNS_SQL = """
SELECT a.attrelid, a.attnum, a.attname FROM pg_attribute a
WHERE a.attrelid = ANY(%(rels)s) AND a.attnum > 0"""

# pg_get_indexdef() per key part only for indexes with expressions (it is the slow part).
# An INVALID index (left by a failed CREATE INDEX CONCURRENTLY) is not read: queries ignore it and a
# unique one enforces nothing (https://www.postgresql.org/docs/15/sql-createindex.html), so it is
# not part of the schema; drift reports the index as missing and migrate rebuilds it.
INDEXES_SQL = f"""
SELECT i.indrelid, ic.relname, i.indisunique, am.amname, i.indnkeyatts, i.indkey::int2[], i.indoption::int2[],
       CASE WHEN i.indexprs IS NOT NULL THEN
           ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k)
       END,
       pg_get_expr(i.indpred, i.indrelid, true)
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE {_RELATIONS} AND i.indisvalid AND NOT EXISTS (
    SELECT 1 FROM pg_constraint co
    WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x'))
ORDER BY i.indexrelid"""

PARTITIONS_SQL = f"""
SELECT inh.inhparent, pg_get_expr(c.relpartbound, c.oid)
FROM pg_inherits inh
JOIN pg_class c ON c.oid = inh.inhrelid JOIN pg_class p ON p.oid = inh.inhparent
JOIN pg_namespace n ON n.oid = p.relnamespace
WHERE c.relispartition AND p.relkind = 'p' AND n.nspname = ANY(%(ns)s)
  AND {_ONLY.format(ns='n.nspname', rel='p.relname')}"""

TRIGGERS_SQL = f"""
SELECT tg.tgrelid, tg.tgname, p.prosrc
FROM pg_trigger tg
JOIN pg_proc p ON p.oid = tg.tgfoid
JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND starts_with(tg.tgname, 'sk_')
  AND n.nspname = ANY(%(ns)s) AND {_ONLY.format(ns='n.nspname', rel='c.relname')}
ORDER BY tg.tgrelid, tg.tgname"""


class IntrospectionError(ValueError):
    """A live object the model cannot represent."""


@dataclass
class _Table:
    """A table being assembled from the query results."""

    namespace: Optional[str]
    name: str
    comment: Optional[str]
    partition_key: Optional[str]
    columns: dict[int, Column] = field(default_factory=dict)  # by attnum
    primary_key: tuple[str, ...] = ()
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    uniques: list[Unique] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    bounds: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    state_machines: list[StateMachine] = field(default_factory=list)
    on_update: set[str] = field(default_factory=set)

    @property
    def qualified(self) -> str:
        return f"{self.namespace}.{self.name}" if self.namespace else self.name

    def column_name(self, attnum: int) -> str:
        return self.columns[attnum].name


def introspect(conn: Any, namespaces: Sequence[Optional[str]],
               tables: Optional[Collection[tuple[Optional[str], str]]] = None) -> Schema:
    """The tables of `namespaces` (None: the current schema) as a model `Schema`; with `tables`,
    only those (namespace, name) keys (tables of other owners are not read at all)."""
    with _no_gc():
        return _introspect(conn.cursor(), namespaces, tables)


@contextmanager
def _no_gc():
    """Pause the cyclic garbage collector while building ~10^5 small objects.

    They hold no cycles; collections triggered by the allocation count alone
    cost about a fifth of the introspection time on 1,000 tables.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def table_names(conn: Any, namespaces: Sequence[Optional[str]]) -> list[tuple[Optional[str], str]]:
    """(namespace, name) of each table `introspect` reads, with its first catalog query alone."""
    cur = conn.cursor()
    return [(t.namespace, t.name) for t in _tables(cur, *_scope(cur, namespaces)).values()]


def _scope(cur: Any, namespaces: Sequence[Optional[str]],
           tables: Optional[Collection[tuple[Optional[str], str]]] = None) -> tuple[dict, str]:
    """The query parameters naming `namespaces` (None: the current schema) and `tables` (None:
    every table of them), and the current schema."""
    cur.execute("SELECT current_schema()")
    default = cur.fetchone()[0]
    keys = sorted((default if ns is None else ns, name) for ns, name in tables or ())
    return {"ns": [default if ns is None else ns for ns in namespaces], "everything": tables is None,
            "only_ns": [k[0] for k in keys], "only_names": [k[1] for k in keys]}, default


def _introspect(cur: Any, namespaces: Sequence[Optional[str]],
                only: Optional[Collection[tuple[Optional[str], str]]] = None) -> Schema:
    params, default = _scope(cur, namespaces, only)
    tables = _tables(cur, params, default)
    _columns(cur, params, tables)
    _constraints(cur, params, tables, default)
    _indexes(cur, params, tables)
    _partitions(cur, params, tables)
    _triggers(cur, params, tables)
    return Schema(tuple(_build(t) for t in tables.values()))


def _rows(cur: Any, sql: str, params: dict) -> list[tuple]:
    cur.execute(sql, params)
    return cur.fetchall()


def _tables(cur: Any, params: dict, default: str) -> dict[int, _Table]:
    return {oid: _Table(None if ns == default else ns, name, comment, partkey)
            for oid, ns, name, comment, partkey in _rows(cur, TABLES_SQL, params)}


# -- columns and enums --------------------------------------------------------------------------
def _columns(cur: Any, params: dict, tables: dict[int, _Table]) -> None:
    rows = _rows(cur, COLUMNS_SQL, params)
    enum_oids = sorted({r[6] for r in rows if r[7] == "e"})
    enums = _enums(cur, enum_oids)
    for (rel, attnum, name, notnull, identity, is_array, base_oid, typtype, typname,
         formatted, default, comment) in rows:
        t = tables[rel]
        base = (ColumnType(Kind.ENUM, enum=Enum(typname, enums[base_oid])) if typtype == "e"
                else _scalar_type(formatted, f"{t.qualified}.{name}"))
        ty = ColumnType(Kind.ARRAY, item=base) if is_array else base
        t.columns[attnum] = Column(name, ty, nullable=not notnull, default=parse_default(default, ty),
                                   identity=identity, comment=comment)


def _enums(cur: Any, oids: list[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, tuple[str, ...]] = {oid: () for oid in oids}
    if oids:
        for oid, label in _rows(cur, ENUMS_SQL, {"types": oids}):
            out[oid] += (label,)
    return out


def _scalar_type(formatted: str, where: str) -> ColumnType:
    """The model type of a format_type() spelling."""
    if formatted in TYPE_KINDS:
        return ColumnType(TYPE_KINDS[formatted])
    if formatted in FOREIGN_TYPES:
        return FOREIGN_TYPES[formatted]
    m = _VARCHAR.match(formatted)
    if m:
        return ColumnType(Kind.VARCHAR, length=int(m.group(1)))
    m = _NUMERIC.match(formatted)
    if m:
        return ColumnType(Kind.DECIMAL, precision=int(m.group(1)), scale=int(m.group(2)))
    raise IntrospectionError(f"column {where}: type {formatted!r} has no schemakit equivalent")


def parse_default(text: Optional[str], ty: ColumnType) -> Optional[Default]:
    """A column default as pg_get_expr() prints it, typed as the model writes it."""
    if text is None:
        return None
    if text in NOW_DEFAULTS:
        return NOW
    if text in FUNCTION_DEFAULTS:
        return FUNCTION_DEFAULTS[text]
    m = _QUOTED_LITERAL.match(text)
    raw = m.group(1).replace("''", "'") if m else text
    return Default(DefaultKind.LITERAL, _typed(raw, ty))


def _typed(raw: str, ty: ColumnType):
    """A literal default converted to the Python type the model uses for `ty`.

    Anything else (decimals, text, JSON, and expressions schemakit does not
    model) stays text; the differ compares values typed by the column.
    """
    if ty.kind is Kind.BOOLEAN and raw in ("true", "false"):
        return raw == "true"
    if ty.kind in _INTEGER_KINDS and re.fullmatch(r"-?\d+", raw):
        return int(raw)
    return raw


# -- constraints ----------------------------------------------------------------------------
def _constraints(cur: Any, params: dict, tables: dict[int, _Table], default: str) -> None:
    rows = _rows(cur, CONSTRAINTS_SQL, params)
    names = _referenced_columns(cur, rows, tables)
    for rel, name, kind, keys, ref_ns, ref_table, ref_rel, ref_keys, on_delete, check in rows:
        t = tables[rel]
        cols = tuple(t.column_name(k) for k in keys or ())
        if kind == "p":
            t.primary_key = cols
        elif kind == "u":
            t.uniques.append(Unique(name, cols))
        elif kind == "c":
            t.checks.append(Check(name, read_expression(check)))
        else:
            ref_ns = None if ref_ns == (t.namespace or default) else ref_ns
            ref_cols = tuple(names[(ref_rel, k)] for k in ref_keys)
            t.foreign_keys.append(ForeignKey(name, cols, ref_table, ref_cols, ON_DELETE[on_delete], ref_ns))


def _referenced_columns(cur: Any, rows: list[tuple], tables: dict[int, _Table]) -> dict[tuple[int, int], str]:
    """(table oid, attnum) -> column name for every table a foreign key references."""
    names = {(oid, num): c.name for oid, t in tables.items() for num, c in t.columns.items()}
    outside = sorted({r[6] for r in rows if r[2] == "f" and r[6] not in tables})
    if outside:  # at most one more query, whatever the number of tables
        names.update({(rel, num): name for rel, num, name in _rows(cur, REFERENCED_COLUMNS_SQL, {"rels": outside})})
    return names


@lru_cache(maxsize=8192)
def read_expression(sql: str) -> str:
    """An expression as PostgreSQL prints it, in canonical normal form (cached: pure)."""
    if not any(name in sql for name in CANONICAL_FUNCTIONS):
        return cexpr.normalize(sql, SQLGLOT)
    return cexpr.normalize_tree(cexpr.parse(sql, SQLGLOT).transform(_canonical_function))


def _canonical_function(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Anonymous) and str(node.this).lower() in CANONICAL_FUNCTIONS:
        return exp.Anonymous(this=CANONICAL_FUNCTIONS[str(node.this).lower()], expressions=node.expressions)
    return node


# -- indexes -----------------------------------------------------------------------------------
def _indexes(cur: Any, params: dict, tables: dict[int, _Table]) -> None:
    for rel, name, unique, method, nkeys, keys, options, defs, where in _rows(cur, INDEXES_SQL, params):
        t = tables[rel]
        defs = defs or [None] * nkeys  # INCLUDE columns (after the nkeys key parts) are not modelled
        parts = tuple(_index_part(t, k, o, d) for k, o, d in zip(keys[:nkeys], options, defs))
        t.indexes.append(Index(name, parts, unique=unique, method=IndexMethod(method),
                               where=read_expression(where) if where else None))


def _index_part(t: _Table, attnum: int, option: int, definition: Optional[str]) -> IndexPart:
    desc = bool(option & INDOPTION_DESC)
    if attnum:
        return IndexPart(column=t.column_name(attnum), desc=desc)
    return IndexPart(expression=read_expression(definition), desc=desc)


# -- partitions --------------------------------------------------------------------------------
def _partitions(cur: Any, params: dict, tables: dict[int, _Table]) -> None:
    for parent, bound in _rows(cur, PARTITIONS_SQL, params):
        m = _BOUND.search(bound or "")
        if m is None:
            raise IntrospectionError(f"table {tables[parent].qualified}: partition bound {bound!r} "
                                     "is not a monthly range")
        tables[parent].bounds.append((_bound_date(m.group(1)), _bound_date(m.group(2))))


def _bound_date(text: str) -> dt.date:
    """A range bound as printed (date, timestamp, or timestamptz in any session zone) as a UTC date."""
    return utc_naive(dt.datetime.fromisoformat(text)).date()


def _partitioning(t: _Table) -> Optional[Partitioning]:
    if t.partition_key is None:
        return None
    m = _PARTKEY.match(t.partition_key)
    if m is None:
        raise IntrospectionError(f"table {t.qualified}: partition key {t.partition_key!r} is not RANGE (column)")
    bounds = sorted(t.bounds)
    p = Partitioning(_unquote(m.group(1)), bounds[0][0] if bounds else dt.date(1, 1, 1), len(bounds))
    if [(lo, hi) for _, lo, hi in p.bounds()] != bounds:  # the model knows only consecutive months
        raise IntrospectionError(f"table {t.qualified}: partitions {[f'{lo}..{hi}' for lo, hi in bounds]} "
                                 "are not consecutive calendar months")
    return p


def _unquote(ident: str) -> str:
    return ident[1:-1].replace('""', '"') if ident.startswith('"') else ident


# -- schemakit triggers -------------------------------------------------------------------
def _triggers(cur: Any, params: dict, tables: dict[int, _Table]) -> None:
    for rel, _name, source in _rows(cur, TRIGGERS_SQL, params):
        t = tables[rel]
        if "RAISE EXCEPTION" in source:
            t.state_machines.append(_state_machine(source))
        else:
            t.on_update |= {_unquote(q) for q in _ON_UPDATE.findall(source)}


def _state_machine(source: str) -> StateMachine:
    """The StateMachine a sk_ trigger function written by dialects/postgres.py enforces."""
    name = _search(_SM_NAME, source).replace("''", "'")
    column = _unquote(_search(_SM_COLUMN, source))
    allowed = _SM_ALLOWED.search(source)  # absent when no transition is allowed
    pairs = _SM_PAIR.findall(allowed.group(1)) if allowed else []
    return StateMachine(name, column, tuple((a.replace("''", "'"), b.replace("''", "'")) for a, b in pairs))


def _search(pattern: re.Pattern, source: str) -> str:
    m = pattern.search(source)
    if m is None:
        raise IntrospectionError(f"schemakit trigger function no longer has the shape schemakit wrote "
                                 f"(no match for {pattern.pattern!r}):\n{source}")
    return m.group(1)


# -- assembly ---------------------------------------------------------------------------------
def _build(t: _Table) -> Table:
    columns = tuple(replace(c, on_update_now=True) if c.name in t.on_update else c for c in t.columns.values())
    return Table(t.name, columns, primary_key=t.primary_key, foreign_keys=tuple(t.foreign_keys),
                 uniques=tuple(t.uniques), checks=tuple(t.checks), indexes=tuple(t.indexes),
                 partitioning=_partitioning(t), state_machines=tuple(t.state_machines),
                 namespace=t.namespace, comment=t.comment)
