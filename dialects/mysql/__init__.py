"""MySQL 8.0+ and MariaDB 10.11+: lowering, rendering, connections.

One rendering serves both servers: only syntax both accept is emitted. The
engine differences the model cannot hide are lowered first (each with a
`Degradation`); what can be expressed is rendered exactly, sometimes with
objects schemakit owns (``sk_`` names): implied CHECKs (uuid text form,
boolean 0/1, partition lower bound), generated columns behind partial
UNIQUE indexes, and BEFORE triggers (state machines; CHECKs MySQL 8 refuses).
Reading a live database back lives in `dialects.mysql.introspect`.

Types: most kinds are native (TINYINT and the UNSIGNED integers, FLOAT/DOUBLE,
CHAR/BINARY/VARBINARY(n), LONGBLOB, TIME(p), DATETIME(p), YEAR, SET); BOOLEAN is
TINYINT(1), TINYINT has no display width, so the two read back apart. What has
no native type is lowered with a degradation: timestamptz (DATETIME, MY-TZ),
timetz (TIME, MY-TIMETZ), interval (TIME(6), MY-INTERVAL), an unbounded numeric
(DECIMAL(65,30), MY-NUMERIC). A binary default is the expression UNHEX('..'),
which both servers report back as written.

Options (issue #14, `dialects.mysql.options`): a table's character set and collation
(``DEFAULT CHARSET=... COLLATE=...``) and a column's own (``CHARACTER SET ... COLLATE ...``)
are rendered as the model names them when they are MySQL's, so an imported database keeps
its own; generated columns (``GENERATED ALWAYS AS (...) STORED|VIRTUAL``), expression defaults
(``DEFAULT (expr)`` through sqlglot), FULLTEXT indexes and MySQL's own types (NATIVE of origin
mysql, as written) are native; identity GENERATED ALWAYS is AUTO_INCREMENT plus two sk_
triggers refusing an explicit value. What InnoDB lacks is lowered with a degradation.
"""
from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import AbstractSet, Any, Collection, Mapping, Optional, Sequence
from urllib.parse import urlencode

from sqlglot import exp
from sqlglot.dialects.mysql import MySQL
from sqlglot.generators.mysql import MySQLGenerator  # what MySQL.Generator names

from schemakit.schema import expr as cexpr
from schemakit.schema import code_diff
from schemakit.schema.code import drawn_sequence
from schemakit.schema.diff import AddTable, Change, TableKey, definition
from schemakit.schema.domains import domain_columns, inline_domains
from schemakit.schema.model import (
    BINARY_KINDS, FLOAT_KINDS, INTEGER_KINDS, JSON, Action, Check, Column, ColumnType, DefaultKind, Enum, ForeignKey, Index,
    FUTURE, IndexMethod, IndexPart, Kind, PartitionMethod, PartitionSpec, Schema, StateMachine, Table, Unique, decimal,
    enum_type,
    varbinary, varchar,
)
from schemakit.schema.values import utc_naive
from schemakit.schema.view_diff import CreateView
from schemakit.schema.views import dependency_order

from ..registry import register
from ..base import (
    DbObject, Degradation, abs_overflow_columns, DegradationCode, Dialect, LiveSupport, Lowered, Statement, Step,
    SupportObject, json_text, short_name, without_glob,
)
from . import introspect as reader
from .introspect import (
    ALWAYS_STATE, CHECK_STATE, CONSTRAINT_FAILED, FUNCTIONS, MACHINE_STATE, UNIQUE_INDEX_MARK, enum_name, is_date, normal_text,
)
from . import namespaces, options
from . import plan as planner, views as my_views
from ..views import lower_views
from .degradations import DEGRADATIONS, TEXT_PREFIX
from ..urls import BadUrl, DbUrl, boolean, boolean_param, integer_param, shown_name, text_param

ENGINE = "mysql"
IDENTIFIER_LIMIT = 64
# MySQL 8's default modes (minus ONLY_FULL_GROUP_BY) plus STRICT_ALL_TABLES: invalid values are
# errors, never silent truncations. https://dev.mysql.com/doc/refman/8.0/en/sql-mode.html
SQL_MODE = ("STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
            "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION")
SESSION_INIT = f"SET SESSION sql_mode = '{SQL_MODE}', time_zone = '+00:00'"
UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

# Fixed column types; the others are parametric (see _type_sql).
TYPES = {
    Kind.UUID: "CHAR(36) CHARACTER SET ascii COLLATE ascii_bin",
    # TINYINT without a display width: MariaDB reads it back as tinyint(4), MySQL 8.0.19+ as tinyint,
    # never as BOOLEAN's tinyint(1) (https://dev.mysql.com/doc/refman/8.0/en/numeric-type-attributes.html).
    Kind.TINYINT: "TINYINT",
    Kind.SMALLINT: "SMALLINT",
    Kind.INTEGER: "INT",
    Kind.BIGINT: "BIGINT",
    Kind.TEXT: "LONGTEXT",  # TEXT holds 64 KB; PostgreSQL text is unbounded
    Kind.BOOLEAN: "BOOLEAN",  # TINYINT(1) (https://dev.mysql.com/doc/refman/8.0/en/numeric-type-syntax.html)
    Kind.DATE: "DATE",
    Kind.JSON: "JSON",
    Kind.REAL: "FLOAT",  # 4-byte IEEE 754; DOUBLE 8-byte (https://dev.mysql.com/doc/refman/8.0/en/floating-point-types.html)
    Kind.DOUBLE: "DOUBLE",
    Kind.BYTES: "LONGBLOB",  # BLOB holds 64 KB; bytea is unbounded (https://dev.mysql.com/doc/refman/8.0/en/blob.html)
    Kind.YEAR: "YEAR",  # https://dev.mysql.com/doc/refman/8.0/en/year.html
}
# Types of a length: CHAR(n), VARCHAR(n), BINARY(n), VARBINARY(n) (https://dev.mysql.com/doc/refman/8.0/en/binary-varbinary.html).
SIZED = {Kind.CHAR: "CHAR", Kind.VARCHAR: "VARCHAR", Kind.BINARY: "BINARY", Kind.VARBINARY: "VARBINARY"}
# Types of a fractional-second precision: DATETIME(p), TIME(p); 0 written bare
# (https://dev.mysql.com/doc/refman/8.0/en/fractional-seconds.html). Timestamps are DATETIME, not
# TIMESTAMP: 2038 limit and session-zone conversion (https://dev.mysql.com/doc/refman/8.0/en/datetime.html).
FRACTIONAL = {Kind.TIMESTAMP: "DATETIME", Kind.TIME: "TIME"}
# An unbounded NUMERIC as the widest DECIMAL (MySQL's bare DECIMAL is DECIMAL(10,0):
# https://dev.mysql.com/doc/refman/8.0/en/fixed-point-types.html).
WIDEST_DECIMAL = decimal(65, 30)
# The longest span TIME holds, and what INTERVAL is held in (https://dev.mysql.com/doc/refman/8.0/en/time.html).
SPAN = ColumnType(Kind.TIME)
# A random version-4 UUID (MySQL's UUID() is version 1). Expression defaults: MySQL 8.0.13+
# (https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html), MariaDB 10.2+; RANDOM_BYTES:
# MySQL 5.6.17+, MariaDB 10.10+ (https://mariadb.com/kb/en/random_bytes/).
UUID4_DEFAULT = ("(LOWER(CONCAT(HEX(RANDOM_BYTES(4)), '-', HEX(RANDOM_BYTES(2)), '-4', "
                 "SUBSTR(HEX(RANDOM_BYTES(2)), 2), '-', HEX(8 + FLOOR(ASCII(RANDOM_BYTES(1)) / 64)), "
                 "SUBSTR(HEX(RANDOM_BYTES(2)), 2), '-', HEX(RANDOM_BYTES(6)))))")
LITERAL_AS_EXPRESSION = (Kind.TEXT, Kind.JSON)  # MySQL forbids literal defaults on TEXT/JSON
PADDED = (Kind.VARCHAR, Kind.TEXT)  # compared with PAD SPACE under a PAD SPACE collation (utf8mb4_bin)
INTEGERS = tuple(INTEGER_KINDS)
NUMERIC = INTEGERS + tuple(FLOAT_KINDS) + (Kind.DECIMAL, Kind.YEAR)
# Kinds keyed by a prefix in an index (MySQL cannot key LONGTEXT or LONGBLOB whole), and the type a
# primary-key column of each becomes (MY-TEXTPK).
UNBOUNDED = {Kind.TEXT: varchar(TEXT_PREFIX), Kind.BYTES: varbinary(TEXT_PREFIX)}
# The behaviour degradation of each native type that admits or stores values otherwise than the model's.
BEHAVIOURS = {Kind.TIME: "MY-TIMERANGE", Kind.REAL: "MY-FLOATNAN", Kind.DOUBLE: "MY-FLOATNAN", Kind.YEAR: "MY-YEAR",
              Kind.SET: "MY-SETORDER"}
# MySQL 8 refuses a CHECK over a column used by these referential actions (error 3823,
# ER_CHECK_CONSTRAINT_CLAUSE_USING_FK_REFER_ACTION_COLUMN;
# https://dev.mysql.com/doc/refman/8.0/en/create-table-check-constraints.html).
REFERENTIAL_ACTIONS = (Action.CASCADE, Action.SET_NULL, Action.SET_DEFAULT)

# (lowered type, code) per column type MySQL cannot hold as such; a lowered kind of fractional seconds
# keeps the precision (timestamptz(3) is DATETIME(3)).
TYPE_LOWERING = {Kind.TIMESTAMPTZ: (ColumnType(Kind.TIMESTAMP), "MY-TZ"), Kind.JSONB: (JSON, "MY-JSONB"),
                 Kind.ARRAY: (JSON, "MY-ARRAY"), Kind.TIMETZ: (ColumnType(Kind.TIME), "MY-TIMETZ"),
                 Kind.INTERVAL: (SPAN, "MY-INTERVAL")}


def utc_time(value: Any) -> Any:
    """A time of day with a UTC offset as the naive UTC time it names (MY-TIMETZ); anything else unchanged."""
    if not isinstance(value, dt.time) or value.tzinfo is None:
        return value
    moment = dt.datetime.combine(dt.date(2000, 1, 3), value.replace(tzinfo=None)) - (value.utcoffset() or dt.timedelta())
    return moment.time()


def read_time(value: Any) -> Any:
    """A TIME read by pymysql (a timedelta) as a time of day; 24:00:00 and spans outside a day unchanged."""
    if isinstance(value, dt.timedelta) and dt.timedelta(0) <= value < dt.timedelta(days=1):
        return (dt.datetime.min + value).time()
    return value


def read_utc_time(value: Any) -> Any:
    """A timetz column's TIME as a UTC time of day (MY-TIMETZ)."""
    found = read_time(value)
    return found.replace(tzinfo=dt.timezone.utc) if isinstance(found, dt.time) else found


# -- lowering ---------------------------------------------------------------------------------


class _Notes:
    """Collects the degradations of one lowering, each a code of the lowering dialect's table, for
    `engine`, whose text columns have the PAD SPACE collation `pad_space` (None: a NO PAD collation) and
    which holds the sequences keyed `sequences` (a default may draw from one)."""

    def __init__(self, codes: Mapping[str, DegradationCode], engine: str, pad_space: Optional[str] = None,
                 collation: str = "utf8mb4_bin", sequences: AbstractSet = frozenset()):
        self.codes, self.engine, self.pad_space, self.collation = codes, engine, pad_space, collation
        self.sequences = sequences
        self.items: list[Degradation] = []

    def add(self, code: str, t: Optional[Table], subject: str, feature: Optional[str] = None,
            effect: Optional[str] = None) -> None:
        """Record degradation `code` of table `t` (None: the whole schema); an unknown code is an error."""
        table = t.qualified if t is not None else "*"
        self.items.append(Degradation.from_table(self.codes, code, self.engine, table, subject, feature, effect))


def lower_schema(schema: Schema, codes: Mapping[str, DegradationCode] = DEGRADATIONS, engine: str = ENGINE,
                 pad_space: Optional[str] = "utf8mb4_bin", collation: str = "utf8mb4_bin",
                 sequences: bool = False) -> Lowered:
    """The schema as MySQL/MariaDB hold it, and what was lost on the way (codes of the table `codes`).
    `pad_space` names the collation of the text columns when it is PAD SPACE (MY-PADSPACE), None
    when it is NO PAD; `collation` is the dialect's default collation; `sequences`: the server holds the
    schema's sequences, so a default may draw from one (MariaDB's)."""
    held = frozenset(s.key for s in schema.sequences) if sequences else frozenset()
    notes = _Notes(codes, engine, pad_space, collation, held)
    domained, schema = domain_columns(schema), inline_domains(schema)
    parted = tuple(_lower_partitioning(t, notes) for t in schema.tables)
    partitioned = {t.key for t in parted if t.partitioning}
    tables = tuple(_lower_table(t, partitioned, notes) for t in parted)
    retyped = _foreign_key_types(tables)
    if retyped:  # lowered again: indexes and defaults follow the new types, each note once
        notes = _Notes(codes, engine, pad_space, collation, held)
        parted = tuple(_lower_partitioning(t, notes) for t in schema.tables)
        tables = tuple(_lower_table(t, partitioned, notes, retyped.get(t.key, {})) for t in parted)
    for t, c, d in domained:
        notes.add("MY-DOMAIN", t, c.name, f"domain {d.name}")
    for x in schema.types:
        notes.add("MY-TYPE", None, ".".join(n for n in x.key if n), type(x.type).__name__.lower())
    if any(c.type.kind is Kind.UUID for t in tables for c in t.columns):
        notes.add("MY-UUID", None, "uuid")
    kinds = {c.type.kind for t in schema.tables for c in t.columns}
    cut = [k.value for k in (Kind.VARCHAR, Kind.CHAR) if k in kinds]
    if cut:
        # MariaDB cuts excess trailing whitespace of any kind with a note, even in strict mode,
        # where PostgreSQL and MySQL 8 cut only spaces (observed for CHAR too)
        # (https://mariadb.com/kb/en/varchar/, https://dev.mysql.com/doc/refman/8.0/en/char.html).
        notes.add("MY-VARCHARWS", None, ", ".join(cut))
    if kinds & {Kind.JSON, Kind.JSONB}:
        # MariaDB's JSON is LONGTEXT with a json_valid CHECK (https://mariadb.com/kb/en/json-data-type/).
        notes.add("MY-JSONVALID", None, "json, jsonb")
    return Lowered(Schema(tables), tuple(notes.items))


def _lower_table(t: Table, partitioned: set, notes: _Notes,
                 retyped: Optional[Mapping[str, ColumnType]] = None) -> Table:
    retyped = retyped or {}
    t = options.lower_table_options(t, notes)
    t = replace(t, columns=tuple(options.lower_column_options(t, c, notes.collation, notes) for c in t.columns))
    t = replace(t, columns=tuple(_lower_column(t, c, notes) for c in t.columns))
    t = replace(t, columns=tuple(_retype(t, c, retyped[c.name], notes) if c.name in retyped else c for c in t.columns))
    t = replace(t, foreign_keys=tuple(_lower_foreign_keys(t, partitioned, notes)))
    t = _lower_constraint_comments(t, notes)
    t = _lower_uniques(t, notes)
    t = replace(t, indexes=tuple(i for i in (_lower_index(t, i, notes) for i in t.indexes) if i))
    for x in t.exclusions:
        notes.add("MY-EXCLUDE", t, x.name, f"EXCLUDE {definition(x)}")
    t = replace(t, exclusions=())
    t = options.auto_key(t, notes)
    t = _normal_expressions(t)
    _note_semantics(t, notes)
    return t


def _foreign_key_types(tables: Sequence[Table]) -> dict[tuple, dict[str, ColumnType]]:
    """{table key: {column: type}}: the lowered type each foreign key column must take, its referenced
    column's, followed along chains of foreign keys (a key to a key to ...).

    InnoDB refuses a foreign key whose columns differ in type from the referenced ones ('Foreign key
    constraint is incorrectly formed'): "The foreign key columns and the referenced columns must be of the
    same type, or similar types. For integer types, the size and sign must also be the same", and TEXT and
    BLOB columns cannot be used (https://mariadb.com/kb/en/foreign-keys/). Only string lengths may differ
    (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html): those are kept.
    """
    types = {(t.key, c.name): c.type for t in tables for c in t.columns}
    links = [((t.key, col), (t.referenced_key(f), ref)) for t in tables for f in t.foreign_keys
             for col, ref in zip(f.columns, f.ref_columns)]
    for _ in range(len(links) + 1):  # a chain is at most as long as the links; a cycle settles or stops
        changed = False
        for child, parent in links:
            want, have = types.get(parent), types[child]
            if want is None or have == want or (have.kind is want.kind and have.kind in SIZED):
                continue
            types[child], changed = want, True
        if not changed:
            break
    out: dict[tuple, dict[str, ColumnType]] = {}
    for t in tables:
        for c in t.columns:
            if types[(t.key, c.name)] != c.type:
                out.setdefault(t.key, {})[c.name] = types[(t.key, c.name)]
    return out


def _retype(t: Table, c: Column, ty: ColumnType, notes: _Notes) -> Column:
    """Foreign key column `c` of the referenced column's type `ty` (MY-FKTYPE; see `_foreign_key_types`)."""
    notes.add("MY-FKTYPE", t, c.name, f"{c.type} referencing {ty}")
    return replace(c, type=ty)


def _lower_partitioning(t: Table, notes: _Notes) -> Table:
    """A partitioned table as MariaDB can hold it: with at least one partition (MY-PARTNONE), and RANGE without
    a DEFAULT partition (MY-RANGEDEFAULT) (https://mariadb.com/kb/en/partitioning-overview/); on MySQL 8, LIST
    without one either (MY-LISTDEFAULT, a code of MySQL's table only)."""
    p = t.partitioning
    if p is None or p.monthly:
        return t
    if not p.names:
        notes.add("MY-PARTNONE", t, p.column, f"{p.method.value} partitioning with no partitions")
        return replace(t, partitioning=None)
    if p.method is PartitionMethod.RANGE and t.has_column(p.column) and t.column(p.column).nullable:
        # MySQL and MariaDB store a NULL RANGE key in the lowest partition
        # (https://dev.mysql.com/doc/refman/8.0/en/partitioning-handling-nulls.html, observed on MariaDB 10.11)
        notes.add("MY-PARTNULL", t, p.column, f"nullable RANGE partition column {p.column}")
    if p.method is PartitionMethod.RANGE and p.default is not None:
        notes.add("MY-RANGEDEFAULT", t, p.column, f"DEFAULT partition {p.default}")
        specs = p.partitions
        if not specs or specs[-1].upper is not None:
            specs += (PartitionSpec(p.default),)
        return replace(t, partitioning=replace(p, partitions=specs, default=None))
    if p.method is PartitionMethod.LIST and p.default is not None and "MY-LISTDEFAULT" in notes.codes:
        notes.add("MY-LISTDEFAULT", t, p.column, f"DEFAULT partition {p.default}")
        return replace(t, partitioning=replace(p, default=None))
    return t


def _normal_expressions(t: Table) -> Table:
    """CHECKs and predicates in the normal form MariaDB stores them in (same meaning)."""
    booleans = frozenset(c.name for c in t.columns if c.type.kind is Kind.BOOLEAN)
    checks = tuple(replace(c, expression=normal_text(without_glob(c.expression), booleans)) for c in t.checks)
    indexes = tuple(replace(i, where=normal_text(i.where, booleans)) if i.where else i for i in t.indexes)
    columns = tuple(replace(c, generated=replace(c.generated, expression=normal_text(c.generated.expression, booleans)))
                    if c.generated else c for c in t.columns)
    return replace(t, checks=checks, indexes=indexes, columns=columns)


def _lower_column(t: Table, c: Column, notes: _Notes) -> Column:
    if c.type.kind is not Kind.NATIVE and c.type.native is not None:
        if c.type.origin == ENGINE:  # MySQL's own narrower type, kept (https://mariadb.com/kb/en/data-types/)
            notes.add("MY-NARROW", t, c.name, str(c.type))
            return c
        notes.add("MY-SPELLED", t, c.name, str(c.type))
        c = replace(c, type=replace(c.type, native=None, origin=None))
    rule = TYPE_LOWERING.get(c.type.kind)
    if rule:
        ty, code = rule
        notes.add(code, t, c.name, str(c.type))
        if ty.kind is not Kind.JSON and c.type.kind is not Kind.INTERVAL:
            ty = replace(ty, precision=c.type.precision)
        c = replace(c, type=ty, default=_span_default(t, c, notes) if c.type.kind is Kind.INTERVAL else _json_default(c))
    if c.type.kind is Kind.DECIMAL and c.type.precision is None:
        notes.add("MY-NUMERIC", t, c.name, str(c.type))
        c = replace(c, type=WIDEST_DECIMAL)
    if c.type.kind is Kind.ENUM and c.type.enum_type.name != enum_name(t.name, c.name):
        # MySQL has no named types: each ENUM column holds its own values
        # (https://dev.mysql.com/doc/refman/8.0/en/enum.html).
        notes.add("MY-ENUMTYPE", t, c.name, f"enum type {c.type.enum_type.name}")
        c = replace(c, type=enum_type(Enum(enum_name(t.name, c.name), c.type.enum_type.values)))
    if c.type.kind in UNBOUNDED and c.name in t.primary_key:
        notes.add("MY-TEXTPK", t, c.name, f"{c.type} in the primary key")
        c = replace(c, type=UNBOUNDED[c.type.kind])
    return c


# PostgreSQL's interval units (https://www.postgresql.org/docs/15/datatype-datetime.html#DATATYPE-INTERVAL-INPUT)
# in seconds; None: months and years, which a span of TIME cannot hold.
_INTERVAL_UNITS: dict[str, Optional[float]] = {
    **dict.fromkeys(("microsecond", "microseconds", "us", "usec", "usecs"), 1e-6),
    **dict.fromkeys(("millisecond", "milliseconds", "ms", "msec", "msecs"), 1e-3),
    **dict.fromkeys(("second", "seconds", "s", "sec", "secs"), 1.0),
    **dict.fromkeys(("minute", "minutes", "m", "min", "mins"), 60.0),
    **dict.fromkeys(("hour", "hours", "h", "hr", "hrs"), 3600.0),
    **dict.fromkeys(("day", "days", "d"), 86400.0),
    **dict.fromkeys(("week", "weeks", "w"), 7 * 86400.0),
    **dict.fromkeys(("mon", "mons", "month", "months", "year", "years", "y", "yr", "yrs", "decade", "decades",
                     "century", "centuries", "millennium", "millennia"), None),
}
_INTERVAL_PART = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*([a-z]+)|([+-]?)(\d+):(\d+)(?::(\d+(?:\.\d+)?))?")
# The range of TIME (https://mariadb.com/kb/en/time/, https://dev.mysql.com/doc/refman/8.0/en/time.html).
TIME_LIMIT = 838 * 3600 + 59 * 60 + 59


def interval_seconds(text: str) -> Optional[float]:
    """A PostgreSQL interval literal ('3 days', '1 day 02:30:00', '90 minutes ago', '@ 2 hours') in seconds;
    None for one with months or years, or another form."""
    body = text.strip().lower().lstrip("@").strip()
    ago = body.endswith(" ago")
    body = body[:-4] if ago else body
    total, at = 0.0, 0
    for m in _INTERVAL_PART.finditer(body):
        if body[at:m.start()].strip():
            return None
        at = m.end()
        if m.group(2) is not None:
            unit = _INTERVAL_UNITS.get(m.group(2), None)
            if unit is None:
                return None
            total += float(m.group(1)) * unit
        else:
            clock = int(m.group(4)) * 3600 + int(m.group(5)) * 60 + float(m.group(6) or 0)
            total += -clock if m.group(3) == "-" else clock
    if at == 0 or body[at:].strip():
        return None
    return -total if ago else total


def time_text(seconds: float) -> str:
    """A span in seconds as TIME text, hours beyond 24 included ('72:00:00', '-00:30:00.5')."""
    sign, rest = ("-" if seconds < 0 else ""), round(abs(seconds), 6)
    whole = int(rest)
    fraction = f"{rest - whole:.6f}"[1:].rstrip("0").rstrip(".")
    return f"{sign}{whole // 3600:02}:{whole % 3600 // 60:02}:{whole % 60:02}{fraction}"


def _span_default(t: Table, c: Column, notes: _Notes):
    """An interval's literal default as the TIME text of the same span (MY-INTERVAL); one TIME cannot hold
    (months, years, beyond 838:59:59) is left out (MY-INTERVALDEFAULT)."""
    d = c.default
    if d is None or d.kind is not DefaultKind.LITERAL:
        return d
    seconds = interval_seconds(str(d.value))
    if seconds is None or abs(seconds) > TIME_LIMIT:
        notes.add("MY-INTERVALDEFAULT", t, c.name, f"default '{d.value}'")
        return None
    return replace(d, value=time_text(seconds))


# One element of PostgreSQL's array text: a double-quoted string (backslash escapes) or a bare word
# (https://www.postgresql.org/docs/15/arrays.html#ARRAYS-IO).
_ARRAY_ITEM = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|([^",{}\s][^",{}]*?))\s*(?:,|$)')


def array_items(text: str, item: Optional[ColumnType]) -> Optional[list]:
    """A one-dimensional PostgreSQL array literal ('{}', '{a,"b c"}', '{1,2}') as a list of items of kind
    `item` (numbers for numeric kinds, None for NULL); None for another form (nested, malformed)."""
    body = text.strip()
    if not (body.startswith("{") and body.endswith("}")):
        return None
    items: list[Any] = []
    body, at = body[1:-1], 0
    while body[at:].strip():
        m = _ARRAY_ITEM.match(body, at)
        if not m or m.end() == at:
            return None
        at = m.end()
        quoted, bare = m.group(1), m.group(2)
        if quoted is not None:
            items.append(re.sub(r"\\(.)", r"\1", quoted))
        elif bare.upper() == "NULL":
            items.append(None)
        elif item is not None and item.kind in NUMERIC:
            try:
                items.append(int(bare) if item.kind in INTEGERS else float(bare))
            except ValueError:
                return None
        else:
            items.append(bare.strip())
    return items


def _json_default(c: Column):
    """An array's literal default (PostgreSQL's array text, '{}' or '{a,b}') as the JSON array text it is in
    the JSON column (MY-ARRAY); one of another form is left as it is."""
    d = c.default
    if c.type.kind is Kind.ARRAY and d and d.kind is DefaultKind.LITERAL and isinstance(d.value, str):
        items = array_items(d.value, c.type.item)
        if items is not None:
            return replace(d, value=json.dumps(items, ensure_ascii=False))
    return d


def _lower_foreign_keys(t: Table, partitioned: set, notes: _Notes):
    for f in t.foreign_keys:
        if t.key in partitioned or t.referenced_key(f) in partitioned:
            # https://dev.mysql.com/doc/refman/8.0/en/partitioning-limitations-storage-engines.html
            notes.add("MY-PARTFK", t, f.name, f"foreign key to {f.ref_table}")
            continue
        if Action.SET_DEFAULT in (f.on_delete, f.on_update):
            notes.add("MY-SETDEFAULT", t, f.name)
            f = replace(f, on_delete=_no_set_default(f.on_delete), on_update=_no_set_default(f.on_update))
        if f.on_update is Action.RESTRICT:
            # InnoDB's RESTRICT is NO ACTION, and a key without ON UPDATE reports RESTRICT: introspection reads
            # both as NO ACTION (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html)
            notes.add("MY-UPDATERESTRICT", t, f.name)
            f = replace(f, on_update=Action.NO_ACTION)
        yield f


def _no_set_default(action: Action) -> Action:
    """SET DEFAULT as NO ACTION (InnoDB refuses it), any other action as it is."""
    return Action.NO_ACTION if action is Action.SET_DEFAULT else action


def _lower_constraint_comments(t: Table, notes: _Notes) -> Table:
    """`t` with the comments only a UNIQUE key holds: MySQL/MariaDB give a key a COMMENT as an index option
    (https://mariadb.com/kb/en/create-table/#index-options), a CHECK or a FOREIGN KEY none
    (https://mariadb.com/kb/en/create-table/#constraint-expressions, .../#foreign-key); the primary key's is
    left out too, and a UNIQUE key's that reads as schemakit's mark of a unique index (UNIQUE_INDEX_MARK) or
    that stays behind on a key lowered to a unique index (over a text column)."""
    def plain(x: Any, keeps: bool) -> Any:
        if x.comment is None or keeps:
            return x
        notes.add("MY-CONSTRAINTCOMMENT", t, x.name, f"comment of constraint {x.name}")
        return replace(x, comment=None)
    if t.primary_key_comment is not None:
        notes.add("MY-CONSTRAINTCOMMENT", t, "primary key", "comment of the primary key")
        t = replace(t, primary_key_comment=None)
    return replace(t, checks=tuple(plain(x, False) for x in t.checks),
                   foreign_keys=tuple(plain(x, False) for x in t.foreign_keys),
                   uniques=tuple(plain(u, u.comment != UNIQUE_INDEX_MARK and not UNBOUNDED.keys() & {
                       t.column(c).type.kind for c in u.columns}) for u in t.uniques))


def _lower_uniques(t: Table, notes: _Notes) -> Table:
    uniques, extra = [], []
    for u in t.uniques:
        kinds = {t.column(c).type.kind for c in u.columns}
        if Kind.JSON in kinds:
            notes.add("MY-JSONINDEX", t, u.name, "unique over a json column")
        elif kinds & UNBOUNDED.keys():
            extra.append(Index(u.name, tuple(IndexPart(column=c) for c in u.columns), unique=True))
        else:
            uniques.append(u)
    return replace(t, uniques=tuple(uniques), indexes=tuple(extra) + t.indexes)


def _lower_index(t: Table, i: Index, notes: _Notes) -> Optional[Index]:
    if i.method is IndexMethod.GIN:
        notes.add("MY-GIN", t, i.name)
        return None
    if any(p.expression is not None for p in i.parts):
        notes.add("MY-EXPRINDEX", t, i.name)
        return None
    if any(t.column(p.column_name).type.kind is Kind.JSON for p in i.parts):
        notes.add("MY-JSONINDEX", t, i.name, "index over a json column")
        return None
    i = options.lower_index_options(t, i, notes)
    if i.unique and i.comment is not None:  # its COMMENT marks it a unique index (not a UNIQUE constraint)
        notes.add("MY-INDEXCOMMENT", t, i.name, f"comment of unique index {i.name}")
        i = replace(i, comment=None)
    if i.where is not None and not i.unique:
        notes.add("MY-PARTIAL", t, i.name, f"partial index WHERE {i.where}")
        i = replace(i, where=None)
    if i.method is IndexMethod.FULLTEXT:
        return i  # a FULLTEXT index keys whole LONGTEXT values
    return replace(i, parts=tuple(_lower_part(t, i, p, notes) for p in i.parts))


def _lower_part(t: Table, i: Index, p: IndexPart, notes: _Notes) -> IndexPart:
    ty = t.column(p.column_name).type
    if ty.kind in UNBOUNDED and p.prefix is None:
        if i.unique:
            notes.add("MY-TEXTUNIQUE", t, i.name, f"unique over {ty} column {p.column}")
        else:
            notes.add("MY-TEXTPREFIX", t, i.name, f"index over {ty} column {p.column}")
        return replace(p, prefix=TEXT_PREFIX)
    if p.prefix is not None and p.prefix >= _max_chars(ty):
        notes.add("MY-PREFIX", t, i.name, f"prefix {p.prefix} of {p.column} ({ty})")
        return replace(p, prefix=None)
    return p


def _max_chars(ty: ColumnType) -> int:
    """Longest value of a prefixable column in characters, or bytes for a binary one (0: not prefixable)."""
    if ty.kind in SIZED:
        return ty.length or 0
    return {Kind.UUID: 36, Kind.TEXT: 1 << 32, Kind.BYTES: 1 << 32}.get(ty.kind, 0)


def _note_semantics(t: Table, notes: _Notes) -> None:
    """Degradations that change no model object, only behaviour."""
    keys = [("primary key", t.primary_key)] if t.primary_key else []
    keys += [(u.name, u.columns) for u in t.uniques] + [(i.name, i.columns) for i in t.indexes if i.unique]
    for name, cols in keys if notes.pad_space else ():
        padded = [c for c in cols if t.column(c).type.kind in PADDED]
        if padded:
            notes.add("MY-PADSPACE", t, name, f"unique over {', '.join(padded)}")
    for c in t.columns:
        if c.type.kind is Kind.ENUM:  # https://dev.mysql.com/doc/refman/8.0/en/enum.html
            notes.add("MY-ENUMPAD", t, c.name)
        code = BEHAVIOURS.get(c.type.kind)
        if code:
            notes.add(code, t, c.name, str(c.type))
        if c.on_update_now:
            # https://dev.mysql.com/doc/refman/8.0/en/timestamp-initialization.html
            notes.add("MY-ONUPDATE", t, c.name)
    for k in t.checks:
        _note_check(t, k, notes)


def _note_check(t: Table, c: Check, notes: _Notes) -> None:
    read = cexpr.columns(c.expression)
    if read & action_columns(t):
        notes.add("MY-CHECKTRIGGER", t, c.name)
    if read & auto_increment_columns(t):
        notes.add("MY-CHECKAUTOINC", t, c.name)
    lowest = abs_overflow_columns(t, c.expression)  # MySQL's ABS of an INT is a BIGINT
    if lowest:  # (https://dev.mysql.com/doc/refman/8.0/en/mathematical-functions.html#function_abs)
        notes.add("MY-ABSRANGE", t, c.name, f"abs() of {', '.join(lowest)}")
    if "json_array_length" in c.expression.lower():
        notes.add("MY-JSONLEN", t, c.name)


def action_columns(t: Table) -> set[str]:
    """Columns of `t` used by a foreign key with a referential action (ON DELETE or ON UPDATE)."""
    return {c for f in t.foreign_keys if {f.on_delete, f.on_update} & set(REFERENTIAL_ACTIONS) for c in f.columns}


def auto_increment_columns(t: Table) -> set[str]:
    """Columns of `t` that are AUTO_INCREMENT: its identity columns (`MysqlDialect.column_sql`)."""
    return {c.name for c in t.columns if c.identity}


def is_trigger_check(t: Table, c: Check) -> bool:
    """Whether CHECK `c` must be enforced by triggers: MySQL 8 refuses a CHECK over a column with a referential
    action (https://dev.mysql.com/doc/refman/8.0/en/create-table-check-constraints.html), and both MySQL 8 and
    MariaDB one over an AUTO_INCREMENT column (MariaDB: error 1901, "Function or expression 'AUTO_INCREMENT'
    cannot be used in the CHECK clause"; https://mariadb.com/kb/en/constraint/#check-constraints)."""
    return bool(cexpr.columns(c.expression) & (action_columns(t) | auto_increment_columns(t)))


def keeps_raw_column(t: Table, i: Index, column: str) -> bool:
    """Whether a partial unique index keys `column` itself rather than a generated column.

    Every unique key of a partitioned table must contain the partition column
    itself; one generated column per other key part suffices to free the rows
    outside the predicate (their key holds a NULL, and NULLs never collide).
    The generated columns are VIRTUAL: only a *stored* one forbids cascading
    actions on its base columns
    (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html).
    """
    return t.partitioning is not None and column == t.partitioning.column and len(i.parts) > 1


# -- rendering helpers on expressions -------------------------------------------------------------


# The inline flag of a case-insensitive pattern: PCRE's on MariaDB (https://mariadb.com/kb/en/pcre/#option-setting),
# ICU's on MySQL 8 (https://dev.mysql.com/doc/refman/8.0/en/regexp.html; tested on MariaDB 10.11 only).
CASELESS = "(?i)"


def _caseless_regexp(gen: MySQLGenerator, e: exp.RegexpILike) -> str:
    """``~*`` (PostgreSQL's case-insensitive match) as REGEXP of the pattern behind the inline flag (?i):
    MySQL's REGEXP follows the collation, utf8mb4_bin's being case-sensitive."""
    pattern = e.expression
    if isinstance(pattern, exp.Literal) and pattern.is_string:
        flagged: exp.Expression = exp.Literal.string(CASELESS + pattern.this)
    else:
        flagged = exp.Concat(expressions=[exp.Literal.string(CASELESS), pattern.copy()])
    return gen.binary(exp.RegexpLike(this=e.this.copy(), expression=flagged), "REGEXP")


class SqlglotMySQL(MySQL):
    """sqlglot's MySQL, writing ``~`` as the REGEXP operator, ``~*`` as REGEXP with (?i).

    MariaDB refuses REGEXP_LIKE() in a CHECK (error 1901); both servers accept
    the operator (https://mariadb.com/kb/en/regexp/,
    https://dev.mysql.com/doc/refman/8.0/en/regexp.html#operator_regexp).
    """

    class Generator(MySQLGenerator):
        TRANSFORMS = {**MySQLGenerator.TRANSFORMS, exp.RegexpLike: lambda self, e: self.binary(e, "REGEXP"),
                      exp.RegexpILike: _caseless_regexp}


def _integer_division(tree: exp.Expression, ints: AbstractSet[str]) -> exp.Expression:
    """Integer / integer as DIV: PostgreSQL truncates it, MySQL's ``/`` gives a decimal.

    https://dev.mysql.com/doc/refman/8.0/en/arithmetic-functions.html#operator_div
    """
    for node in reversed(list(tree.find_all(exp.Div, bfs=False))):  # innermost first
        if _is_integer(node.this, ints) and _is_integer(node.expression, ints):
            node.replace(exp.IntDiv(this=node.this, expression=node.expression))
    return tree


def _is_integer(node: exp.Expression, ints: AbstractSet[str]) -> bool:
    while isinstance(node, (exp.Paren, exp.Neg)):
        node = node.this
    if isinstance(node, exp.Column):
        return node.name in ints
    if isinstance(node, exp.Literal):
        return not node.is_string and node.this.lstrip("-").isdigit()
    if isinstance(node, (exp.Add, exp.Sub, exp.Mul, exp.Mod, exp.IntDiv)):
        return _is_integer(node.this, ints) and _is_integer(node.expression, ints)
    return False


def _binary(node: exp.Expression) -> exp.Expression:
    return exp.Cast(this=node, to=exp.DataType.build("BINARY", dialect="mysql"))


def _exact_text(node: exp.Expression, padded: AbstractSet[str]) -> exp.Expression:
    """Compare padded text columns as bytes: trailing spaces count, as in PostgreSQL.

    utf8mb4_bin is a PAD SPACE collation ('a' = 'a '), binary strings are not
    (https://dev.mysql.com/doc/refman/8.0/en/charset-binary-collations.html).
    """
    if isinstance(node, (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.In)):
        for key in ("this", "expression"):
            child = node.args.get(key)
            if isinstance(child, exp.Column) and child.name in padded:
                node.set(key, _binary(child))
    return node


def _on_row(node: exp.Expression, row: str) -> exp.Expression:
    if isinstance(node, exp.Column):
        return exp.Column(this=node.this.copy(), table=exp.to_identifier(row))
    return node


def _whole_number(node: exp.Expression) -> bool:
    while isinstance(node, (exp.Paren, exp.Neg)):
        node = node.this
    return isinstance(node, exp.Literal) and not node.is_string and node.this.isdigit()


def _date_arithmetic(node: exp.Expression) -> exp.Expression:
    """date + integer (PostgreSQL: a date that many days later) as DATE_ADD(date, INTERVAL n DAY), date -
    integer as DATE_SUB: MySQL's + on a date and a number is arithmetic on the number 20250101
    (https://dev.mysql.com/doc/refman/8.0/en/date-and-time-functions.html#function_date-add,
    https://www.postgresql.org/docs/15/functions-datetime.html)."""
    if isinstance(node, (exp.Add, exp.Sub)) and is_date(node.this, sums=True) and _whole_number(node.expression):
        kind = exp.DateAdd if isinstance(node, exp.Add) else exp.DateSub
        return kind(this=node.this, expression=node.expression, unit=exp.var("DAY"))
    return node


def _mysql_node(node: exp.Expression) -> exp.Expression:
    node = _date_arithmetic(node)
    if isinstance(node, exp.Anonymous) and node.name.lower() in FUNCTIONS:
        node.set("this", FUNCTIONS[node.name.lower()])  # in place: transform() skips a new node's children
    if isinstance(node, exp.Column):
        node.this.set("quoted", True)
    return node


@lru_cache(maxsize=65536)
def _quoted(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql(dialect="mysql")


@lru_cache(maxsize=4096)
def _type_sql(ty: ColumnType) -> str:
    if ty.kind in SIZED:
        return f"{SIZED[ty.kind]}({ty.max_length})"
    if ty.kind in FRACTIONAL:
        digits = ty.fraction_digits
        return FRACTIONAL[ty.kind] + (f"({digits})" if digits else "")
    if ty.kind is Kind.DECIMAL:
        return "DECIMAL({}, {})".format(*ty.digits)
    if ty.native is not None:
        return ty.native  # a type of MySQL's as written (other origins are lowered to LONGTEXT or unspelled)
    if ty.kind in (Kind.ENUM, Kind.SET):
        return f"{ty.kind.name}({', '.join(exp.Literal.string(v).sql(dialect='mysql') for v in ty.members)})"
    if ty.kind not in TYPES:
        raise ValueError(f"mysql: type {ty} must be lowered before rendering")
    # UNSIGNED: 0..2**bits-1 (https://dev.mysql.com/doc/refman/8.0/en/numeric-type-attributes.html)
    return TYPES[ty.kind] + (" UNSIGNED" if ty.unsigned else "")


def now_sql(ty: ColumnType) -> str:
    """The current time as a default (or ON UPDATE) of a column of type `ty`: CURRENT_TIMESTAMP(p) of the
    column's own precision, which MySQL requires (https://dev.mysql.com/doc/refman/8.0/en/timestamp-initialization.html)."""
    if ty.kind is Kind.DATE:
        return "(CURRENT_DATE)"
    digits = ty.fraction_digits
    return f"CURRENT_TIMESTAMP({digits})" if digits else "CURRENT_TIMESTAMP"


@lru_cache(maxsize=8192)
def _table_expression(sql: str, padded: frozenset, ints: frozenset, row: Optional[str]) -> str:
    tree = _integer_division(cexpr.parse(sql).copy(), ints).transform(lambda n: _exact_text(n, padded))
    if row:
        tree = tree.transform(lambda n: _on_row(n, row))
    return tree.transform(_mysql_node).sql(dialect=SqlglotMySQL)


def charset_param(value: str) -> Optional[str]:
    """A URL parameter check: a character set name."""
    return None if re.fullmatch(r"[A-Za-z0-9_]+", value) else "a character set name such as utf8mb4"


# -- the dialect --------------------------------------------------------------------------------


class MySQLDialect(Dialect):
    """MySQL 8.0+ / MariaDB 10.11+ (InnoDB, utf8mb4 in `collation`)."""

    name = "mysql"
    rank = 1
    url_schemes = ("mysql",)  # mariadb:// names the MariaDB variant (dialects/mariadb.py)
    driver = "pymysql"
    # PyMySQL's connection options (https://pymysql.readthedocs.io/en/latest/modules/connections.html)
    url_parameters = {"ssl": boolean_param, "ssl_ca": text_param, "ssl_cert": text_param, "ssl_key": text_param,
                      "ssl_verify_cert": boolean_param, "ssl_verify_identity": boolean_param,
                      "charset": charset_param, "connect_timeout": integer_param(1)}
    server_env = ("SCHEMAKIT_MYSQL_URL", "mysql://root@127.0.0.1:3306/test")
    sqlglot_dialect = "mysql"
    max_identifier_length = IDENTIFIER_LIMIT
    transactional_ddl = False  # https://dev.mysql.com/doc/refman/8.0/en/implicit-commit.html
    yoyo_scheme = "mysql"  # yoyo's pymysql backend
    admin_database = None  # create_database connects to the server without choosing a database
    value_adapters = {Kind.TIMESTAMPTZ: utc_naive, Kind.ARRAY: json_text, Kind.TIMETZ: utc_time}  # MY-TZ, MY-ARRAY,
    # MY-TIMETZ. pymysql reads TIME as a timedelta (https://pymysql.readthedocs.io/en/latest/user/examples.html):
    # a time of day comes back as datetime.time, UTC for timetz; an interval stays a timedelta.
    value_readers = {**Dialect.value_readers, Kind.TIME: read_time, Kind.TIMETZ: read_utc_time}
    degradations = DEGRADATIONS  # code -> DegradationCode: a variant inherits it and drops or adds codes
    has_sequences = False  # MySQL 8 has no CREATE SEQUENCE (MY-SEQUENCE); MariaDB has
    # The collation of the text columns and the default of every table and database schemakit
    # creates. utf8mb4_bin exists on both servers and is PAD SPACE: trailing spaces are ignored in
    # comparisons (https://dev.mysql.com/doc/refman/8.0/en/charset-binary-collations.html), listed
    # as MY-PADSPACE. A variant names its own, with `pad_space` False for a NO PAD collation.
    collation = "utf8mb4_bin"
    pad_space = True
    # MySQL 8 cannot PREPARE CREATE TRIGGER (https://dev.mysql.com/doc/refman/8.0/en/sql-prepared-statements.html
    # lists what it can); MariaDB can (https://mariadb.com/kb/en/prepare-statement/): `ddl`'s tenant script.
    prepares_triggers = False

    def charset_sql(self, t: Optional[Table] = None) -> str:
        """The default character set and collation of a table (``DEFAULT CHARSET=utf8mb4 COLLATE=...``):
        schemakit's, or those of (lowered) table `t` (https://dev.mysql.com/doc/refman/8.0/en/charset-table.html)."""
        if t is None or (t.collation is None and t.charset is None):
            return f"DEFAULT CHARSET=utf8mb4 COLLATE={self.collation}"
        return f"DEFAULT CHARSET={t.charset or options.DEFAULT_CHARSET} COLLATE={options.table_collation(t, self.collation)}"

    # -- the DB-API driver (pymysql, autocommit: see connect) --------------------------------
    def driver_errors(self) -> tuple[type[BaseException], ...]:
        """pymysql's base exception."""
        import pymysql
        return (pymysql.err.MySQLError,)

    def unreachable_errors(self) -> tuple[type[BaseException], ...]:
        """pymysql's error for a failed connection."""
        import pymysql
        return (pymysql.err.OperationalError,)

    def begin(self, conn: Any) -> None:
        """BEGIN: the connection is in autocommit mode (see connect)."""
        conn.begin()

    def server_version(self, conn: Any) -> str:
        """``SELECT VERSION()`` (MariaDB's says ``-MariaDB``: https://mariadb.com/kb/en/version/)."""
        cur = conn.cursor()
        try:
            cur.execute("SELECT VERSION()")
            return cur.fetchone()[0]
        finally:
            cur.close()

    def url_problem(self, params: Mapping[str, str]) -> Optional[str]:
        """ssl=false beside an ssl_* option is a contradiction, not a choice."""
        if "ssl" in params and not boolean(params["ssl"]):
            clash = [n for n in params if n.startswith("ssl_")]
            if clash:
                return f"URL parameter ssl=false contradicts {', '.join(clash)}: drop one of them"
        return None

    def explain_reader(self) -> Any:
        """`dialects.mysql.explain`."""
        from . import explain
        return explain

    def insert_default_sql(self, table_sql: str) -> str:
        """MySQL has no DEFAULT VALUES: an empty column list and an empty VALUES list
        (https://dev.mysql.com/doc/refman/8.0/en/insert.html)."""
        return f"INSERT INTO {table_sql} () VALUES ()"

    def drop_namespaces(self, url: DbUrl, namespaces: Sequence[str]) -> None:
        """Namespaces are databases of the whole server: drop each."""
        for ns in namespaces:
            self.drop_database(url, ns)

    def lower(self, schema: Schema) -> Lowered:
        """The effective schema for MySQL/MariaDB plus its degradations (codes of `degradations`;
        MY-PADSPACE where `collation` is PAD SPACE)."""
        lowered = lower_schema(schema, self.degradations, self.name, self.collation if self.pad_space else None,
                               self.collation, self.has_sequences)
        views, notes = lower_views(self, schema.views, materialized=False, comments=False, prefix="MY")
        effective, found = self.code().lower(schema, replace(lowered.schema, views=views))
        effective, held = self.policies().lower(schema, effective)
        return Lowered(effective, lowered.degradations + tuple(notes) + tuple(found) + tuple(held))

    def render(self, schema: Schema) -> list[Statement]:
        """CREATE DATABASE per namespace, sequences and the routines tables call, CREATE TABLE (+ triggers) in
        FK order, the foreign keys closing cycles, the other routines and the user triggers, then the views:
        the statements of the migration plan from an empty schema."""
        creation: list[Change] = [AddTable(t) for t in schema.tables]  # diff(Schema(), schema) without its enums
        creation = code_diff.before_tables(Schema(), schema) + creation + code_diff.after_tables(Schema(), schema)
        creation += [CreateView(v) for v in dependency_order(schema.views)]
        return [s for step in planner.plan(self, Schema(), schema, creation) for s in step.apply]

    def policies(self) -> Any:
        """No policies or grants: each is an MY-POLICY / MY-GRANT degradation (dialects/policies.py)."""
        from ..policies import EnginePolicies
        return EnginePolicies(self, "MY")

    def partition_ops(self) -> Any:
        """MysqlPartitions (dialects/mysql/partitions.py)."""
        from .partitions import MysqlPartitions
        return MysqlPartitions(self)

    def code(self) -> Any:
        """dialects/mysql/code.py (sequences where the server has them: `has_sequences`)."""
        from .code import MySQLCode
        return MySQLCode(self, self.has_sequences)

    def create_namespace(self, ns: str) -> Statement:
        """CREATE DATABASE for a namespace (utf8mb4 in `collation`)."""
        return Statement(f"CREATE DATABASE IF NOT EXISTS {self.quote(ns)} {self.charset_sql().replace('=', ' ')}",
                         kind="namespace")

    def plan_changes(self, old: Schema, new: Schema, changes: Sequence[Change]) -> list[Step]:
        """One-statement steps with rollbacks for typed changes between two lowered schemas
        (see `dialects.mysql.plan`)."""
        return planner.plan(self, old, new, changes)

    def script(self, statements: Sequence[Statement]) -> str:
        """A script for the mariadb/mysql client; trigger bodies go between DELIMITER lines.

        https://dev.mysql.com/doc/refman/8.0/en/stored-programs-defining.html
        """
        out = [f"SET NAMES utf8mb4;\nSET SESSION sql_mode = '{SQL_MODE}';\n"]
        for s in statements:
            out.append(f"DELIMITER //\n{s.sql}\n//\nDELIMITER ;\n" if s.compound else f"{s.sql};\n")
        return "".join(out)

    def tenant_script(self, statements: Sequence[Statement], namespaces: Sequence[str],
                      template: Optional[str] = None) -> tuple[list[str], str]:
        """Each tenant in the database `migrate` gives it, named when the script runs from DATABASE()
        (`dialects.mysql.tenant_script`)."""
        from .tenant_script import script
        return script(self, statements, namespaces, template)

    def transform_expression(self, tree: exp.Expression) -> exp.Expression:
        """Rename functions sqlglot leaves untranslated and quote every column."""
        return tree.transform(_mysql_node)

    def table_expression(self, t: Table, sql: str, row: Optional[str] = None) -> str:
        """Canonical SQL over the columns of `t` for MySQL (on OLD/NEW `row` in triggers)."""
        padded = frozenset(c.name for c in t.columns if c.type.kind in PADDED)
        ints = frozenset(c.name for c in t.columns if c.type.kind in INTEGERS)
        return _table_expression(sql, padded, ints, row)

    def quote(self, name: str) -> str:
        """A quoted identifier (backticks), memoised: rendering quotes every name many times."""
        return _quoted(name)

    def expression(self, sql: str) -> str:
        """Canonical SQL rendered for MySQL and MariaDB."""
        return self.transform_expression(cexpr.parse(sql).copy()).sql(dialect=SqlglotMySQL)

    # -- CREATE TABLE --------------------------------------------------------------------------
    def create_table(self, t: Table) -> str:
        """CREATE TABLE with columns, keys, indexes, foreign keys, checks and partitions."""
        items = [self.column_sql(c, t) for c in t.columns] + self.generated_columns(t)
        if t.primary_key:
            items.append(self.primary_key_sql(t.primary_key))
        items += [self.unique_sql(u) for u in t.uniques]
        items += [self.index_sql(t, i) for i in t.indexes]
        items += [self.foreign_key_sql(t, f) for f in t.foreign_keys]
        items += [self.check_sql(name, sql) for name, sql in self.check_definitions(t)]
        table_options = f"ENGINE=InnoDB {self.charset_sql(t)}" + (f" COMMENT={self.literal(t.comment)}" if t.comment else "")
        sql = f"CREATE TABLE {self.table_name(t)} (\n  " + ",\n  ".join(items) + f"\n) {table_options}"
        return sql + (f"\n{self.partition_sql(t)}" if t.partitioning else "")

    def column_sql(self, c: Column, t: Optional[Table] = None) -> str:
        """One column definition (of table `t`: its collation, and the columns a generated column reads)."""
        out = [self.quote(c.name), self.type_sql(c.type)] + self._collation_sql(c, t)
        if c.generated is not None:
            # https://dev.mysql.com/doc/refman/8.0/en/create-table-generated-columns.html,
            # https://mariadb.com/kb/en/generated-columns/
            body = self.table_expression(t, c.generated.expression) if t is not None else self.expression(
                c.generated.expression)
            out.append(f"GENERATED ALWAYS AS ({body}) {'STORED' if c.generated.stored else 'VIRTUAL'}")
        if not c.nullable:
            out.append("NOT NULL")
        if c.identity:
            out.append("AUTO_INCREMENT")
        if c.default is not None:
            out.append(f"DEFAULT {self.default_sql(c)}")
        if c.on_update_now:
            out.append(f"ON UPDATE {now_sql(c.type)}")
        if c.comment:
            out.append(f"COMMENT {self.literal(c.comment)}")
        return " ".join(out)

    def type_sql(self, ty: ColumnType) -> str:
        """The MySQL type of a (lowered) column type."""
        return _type_sql(ty)

    def _collation_sql(self, c: Column, t: Optional[Table]) -> list[str]:
        """CHARACTER SET and COLLATE of a text column with a collation of its own, or in table `t` with
        options of its own (so a change of the table's collation MODIFYs the column too)."""
        if c.type.kind not in options.COLLATED:
            return []
        if c.collation is not None:
            name = c.collation.name
        elif t is not None and (t.collation is not None or t.charset is not None):
            name = options.table_collation(t, self.collation)
        else:
            return []
        # https://dev.mysql.com/doc/refman/8.0/en/charset-column.html
        return [f"CHARACTER SET {options.charset_of(name)} COLLATE {name}"]

    def default_sql(self, c: Column) -> str:
        """The DEFAULT clause value of a column."""
        d = c.declared_default
        if d.kind is DefaultKind.NOW:
            return now_sql(c.type)
        if d.kind is DefaultKind.UUID4:
            return UUID4_DEFAULT
        drawn = drawn_sequence(str(d.value)) if d.kind is DefaultKind.EXPRESSION else None
        if drawn is not None:  # MariaDB's NEXTVAL(seq) (https://mariadb.com/kb/en/create-sequence/#using-sequence-in-default)
            return f"(NEXTVAL({self.qualify(*drawn)}))"
        if d.kind is DefaultKind.EXPRESSION:
            # Expression defaults: MySQL 8.0.13+ (https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html),
            # MariaDB 10.2+ (https://mariadb.com/kb/en/create-table/#default-column-option)
            return f"({self.expression(str(d.value))})"
        if c.type.kind in BINARY_KINDS:
            # An expression: MariaDB reports a binary literal default as text, bytes above 0x7f lost as '?'
            # (observed on 10.11); UNHEX() reads back as written. Expression defaults: MySQL 8.0.13+
            # (https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html), MariaDB 10.2+.
            return f"(UNHEX({self.literal(str(d.value).lower())}))"
        value = self._typed_literal(c.type, d.value)
        return f"({value})" if c.type.kind in LITERAL_AS_EXPRESSION else value

    def _typed_literal(self, ty: ColumnType, value) -> str:
        if ty.kind is Kind.BOOLEAN or isinstance(value, bool):
            return self.literal(bool(value))
        if ty.kind in NUMERIC:
            try:
                return str(Decimal(str(value)))
            except InvalidOperation:
                pass
        return self.literal(str(value))

    def generated_columns(self, t: Table) -> list[str]:
        """One VIRTUAL column IF(predicate, col, NULL) per key part of each partial unique index."""
        return [sql for i in t.indexes if i.is_partial_unique for _name, sql in self.partial_columns(t, i)]

    def partial_columns(self, t: Table, i: Index) -> list[tuple[str, str]]:
        """(name, definition) of the generated columns partial unique index `i` keys."""
        if i.where is None:
            raise ValueError(f"index {i.name} is not partial: it has no generated columns")
        out = []
        where = self.table_expression(t, i.where)
        for p in i.parts:
            column = p.column_name
            if not keeps_raw_column(t, i, column):
                name = self.partial_column(i, column)
                out.append((name, f"{self.quote(name)} {self.type_sql(t.column(column).type)}"
                                  f" GENERATED ALWAYS AS (IF({where}, {self.quote(column)}, NULL)) VIRTUAL"))
        return out

    def partial_column(self, i: Index, column: str) -> str:
        """The generated column standing for `column` in partial unique index `i`."""
        return self.generated_name(i.name, column)

    def index_sql(self, t: Table, i: Index) -> str:
        """An index definition inside CREATE TABLE."""
        parts = ", ".join(self._part_sql(t, i, p) for p in i.parts)
        # an index's COMMENT (https://mariadb.com/kb/en/create-index/#index-options); a unique index's is the mark
        said = f" COMMENT {self.literal(i.comment)}" if i.comment is not None else ""
        if i.method is IndexMethod.FULLTEXT:  # https://dev.mysql.com/doc/refman/8.0/en/fulltext-search.html
            return f"FULLTEXT INDEX {self.quote(i.name)} ({parts}){said}"
        if not i.unique:
            return f"INDEX {self.quote(i.name)} ({parts}){said}"
        return f"UNIQUE INDEX {self.quote(i.name)} ({parts}) COMMENT {self.literal(UNIQUE_INDEX_MARK)}"

    def _part_sql(self, t: Table, i: Index, p: IndexPart) -> str:
        column = p.column_name
        if i.is_partial_unique and not keeps_raw_column(t, i, column):
            column = self.partial_column(i, column)
        prefix = f"({p.prefix})" if p.prefix is not None else ""
        return f"{self.quote(column)}{prefix}{' DESC' if p.desc else ''}"

    def key_columns(self, t: Table, i: Index) -> tuple[str, ...]:
        """The columns index `i` keys, as the engine sees them (generated columns for a partial unique)."""
        columns = [p.column_name for p in i.parts]
        return tuple(self.partial_column(i, c) if i.is_partial_unique and not keeps_raw_column(t, i, c) else c
                     for c in columns)

    def primary_key_sql(self, columns: Sequence[str]) -> str:
        """PRIMARY KEY (...)."""
        return f"PRIMARY KEY ({self._names(columns)})"

    def unique_sql(self, u: Unique) -> str:
        """A named UNIQUE constraint (an index of the same name in MySQL), with its COMMENT, an index option
        (https://mariadb.com/kb/en/create-table/#index-options). ALTER TABLE has no clause changing an index
        option (https://mariadb.com/kb/en/alter-table/): a comment changes by DROP INDEX and ADD of the key in
        one ALTER TABLE, which InnoDB does without rebuilding the index when only the comment differs
        (MDEV-18266, https://jira.mariadb.org/browse/MDEV-18266)."""
        said = f" COMMENT {self.literal(u.comment)}" if u.comment is not None else ""
        return f"CONSTRAINT {self.quote(u.name)} UNIQUE KEY {self.quote(u.name)} ({self._names(u.columns)}){said}"

    def foreign_key_sql(self, t: Table, f: ForeignKey) -> str:
        """CONSTRAINT ... FOREIGN KEY ... REFERENCES ... ON DELETE ... ON UPDATE ... (always explicit)."""
        return (f"CONSTRAINT {self.quote(f.name)} FOREIGN KEY ({self._names(f.columns)}) "
                f"REFERENCES {self.qualify(*t.referenced_key(f))} ({self._names(f.ref_columns)}) "
                f"ON DELETE {f.on_delete.value} ON UPDATE {f.on_update.value}")

    def check_definitions(self, t: Table) -> list[tuple[str, str]]:
        """(name, SQL) of every CHECK constraint of `t`: the model's (minus those enforced by
        triggers) and the implied ones."""
        return [(c.name, self.table_expression(t, c.expression)) for c in t.checks
                if not is_trigger_check(t, c)] + self.implied_checks(t)

    def implied_checks(self, t: Table) -> list[tuple[str, str]]:
        """(name, SQL) of the CHECKs schemakit adds so MySQL rejects what PostgreSQL's types reject."""
        fk_columns = {c for f in t.foreign_keys for c in f.columns}
        out = []
        for c in t.columns:
            q = self.quote(c.name)
            if c.type.kind is Kind.UUID and c.name not in fk_columns:  # an FK already pins the text
                # REGEXP follows the column's collation: ascii_bin makes [0-9a-f] case-sensitive.
                # https://dev.mysql.com/doc/refman/8.0/en/regexp.html
                out.append((self.generated_name(t.name, c.name, "uuid"), f"{q} REGEXP {self.literal(UUID_PATTERN)}"))
            elif c.type.kind is Kind.BOOLEAN:  # BOOLEAN is TINYINT(1), which takes -128..127
                out.append((self.generated_name(t.name, c.name, "bool"), f"{q} IN (0, 1)"))
        p = t.partitioning
        lower = None if p is None else p.start if p.monthly else p.lower
        if p is not None and lower is not None:  # RANGE partitioning has no lower bound of its own
            out.append((self.partition_check_name(t), self.partition_lower_sql(t, lower)))
        return out

    def partition_check_name(self, t: Table) -> str:
        """The implied CHECK giving a RANGE partitioning its lower bound (``sk_<table>_<column>_partition``)."""
        return self.generated_name(t.name, t.partition_by.column, "partition")

    def partition_lower_sql(self, t: Table, lower, row: str = "") -> str:
        """``<column> >= <lower>``: the partition column at or above bound `lower` (of the `row` NEW or OLD in a
        trigger; the table's own column without it)."""
        column = self.quote(t.partition_by.column)
        return f"{row + '.' if row else ''}{column} >= {self.partition_bound(t, lower)}"

    def check_sql(self, name: str, sql: str) -> str:
        """A named CHECK constraint."""
        return f"CONSTRAINT {self.quote(name)} CHECK ({sql})"

    def partition_sql(self, t: Table) -> str:
        """PARTITION BY RANGE COLUMNS with one partition per month (no catch-all partition), or the explicit
        form: RANGE COLUMNS (MAXVALUE for an open end) or LIST COLUMNS with its DEFAULT partition
        (https://mariadb.com/kb/en/range-columns-and-list-columns-partitioning-types/,
        https://mariadb.com/kb/en/list-partitioning-type/)."""
        p = t.partition_by
        column = self.quote(p.column)
        if p.monthly:
            parts = self.partition_definitions(t, [suffix for suffix, _lo, _hi in p.bounds()])
            if p.catch_all:  # every row after the last month (MAXVALUE: the largest bound there is)
                parts.append(f"PARTITION {self.quote(self.partition_name(t, FUTURE))} VALUES LESS THAN (MAXVALUE)")
            return f"PARTITION BY RANGE COLUMNS({column}) (\n  " + ",\n  ".join(parts) + "\n)"
        parts = self.explicit_partition_definitions(t, list(p.names))
        if p.method is PartitionMethod.HASH:
            # HASH takes an integer expression; KEY hashes a column of any type
            # (https://mariadb.com/kb/en/partitioning-types-hash-partitioning/,
            # https://mariadb.com/kb/en/key-partitioning-type/).
            method = "HASH" if t.column(p.column).type.kind in INTEGER_KINDS else "KEY"
            return f"PARTITION BY {method} ({column}) (\n  " + ",\n  ".join(parts) + "\n)"
        method = "RANGE COLUMNS" if p.method is PartitionMethod.RANGE else "LIST COLUMNS"
        return f"PARTITION BY {method}({column}) (\n  " + ",\n  ".join(parts) + "\n)"

    def partition_definitions(self, t: Table, suffixes: Sequence[str]) -> list[str]:
        """``PARTITION name VALUES LESS THAN (...)`` for the months `suffixes` of `t`'s partitioning."""
        upper = {suffix: hi for suffix, _lo, hi in t.partition_by.bounds()}
        return [f"PARTITION {self.quote(self.partition_name(t, s))} VALUES LESS THAN ({self.literal(self._bound(t, upper[s]))})"
                for s in suffixes]

    def explicit_partition_definitions(self, t: Table, names: Sequence[str]) -> list[str]:
        """``PARTITION name VALUES LESS THAN (...)`` / ``VALUES IN (...)`` / ``DEFAULT`` for the partitions
        `names` of `t`'s explicit partitioning."""
        p = t.partition_by
        specs = {s.name: s for s in p.partitions}
        out = []
        for name in names:
            head = f"PARTITION {self.quote(name)}"
            if name == p.default:
                out.append(f"{head} DEFAULT")
            elif p.method is PartitionMethod.HASH:
                out.append(head)
            elif p.method is PartitionMethod.LIST:
                out.append(f"{head} VALUES IN ({', '.join(self.partition_bound(t, v) for v in specs[name].values)})")
            else:
                upper = specs[name].upper
                out.append(f"{head} VALUES LESS THAN ({'MAXVALUE' if upper is None else self.partition_bound(t, upper)})")
        return out

    def partition_bound(self, t: Table, value) -> str:
        """A partition bound literal (a date bound of a timestamp column: its midnight)."""
        if isinstance(value, dt.datetime):
            return self.literal(value.isoformat(sep=" "))
        if isinstance(value, dt.date):
            return self.literal(self._bound(t, value))
        return str(value) if isinstance(value, int) else self.literal(value)

    def partition_name(self, t: Table, suffix: str) -> str:
        """The partition holding month `suffix` (``YYYY_MM``) of `t`."""
        return short_name(f"{t.name}_{suffix}", IDENTIFIER_LIMIT)

    def _bound(self, t: Table, day) -> str:
        kind = t.column(t.partition_by.column).type.kind
        return day.isoformat() if kind is Kind.DATE else f"{day.isoformat()} 00:00:00"

    def _names(self, names: Sequence[str]) -> str:
        return ", ".join(self.quote(n) for n in names)

    # -- triggers ---------------------------------------------------------------------------------
    def triggers(self, t: Table) -> list[Statement]:
        """The triggers of `t`: state machines, GENERATED ALWAYS identities, then the CHECKs MySQL refuses as constraints."""
        return [s for _name, s in self.named_triggers(t)]

    def named_triggers(self, t: Table) -> list[tuple[str, Statement]]:
        """(trigger name, CREATE TRIGGER) of every trigger of `t`, in creation order."""
        out = [(self.machine_trigger_name(t, sm), self.state_machine_trigger(t, sm)) for sm in t.state_machines]
        out += [(self.always_trigger_name(t, c.name, event), self.always_trigger(t, c.name, event))
                for c in t.columns if c.identity and c.identity_always for event in ("INSERT", "UPDATE")]
        return out + [(self.check_trigger_name(t, c, event), self.check_trigger(t, c, event))
                      for c in t.checks if is_trigger_check(t, c) for event in ("INSERT", "UPDATE")]

    def support_objects(self, schema: Schema) -> list[SupportObject]:
        """Each table's triggers (`named_triggers`), each read back by introspection (a state machine, an
        identity's GENERATED ALWAYS, a CHECK), created again by DROP TRIGGER IF EXISTS and CREATE TRIGGER.
        A rolling partitioning's guard (`partition_guard`) is not the model's: archiving creates it."""
        out = []
        for t in schema.tables:
            what = {self.machine_trigger_name(t, sm): f"an UPDATE of {sm.column} is not checked against state "
                    f"machine {sm.name}" for sm in t.state_machines}
            what.update({self.always_trigger_name(t, c.name, e): f"an explicit {c.name} (GENERATED ALWAYS) is "
                         f"not refused on {e}" for c in t.columns if c.identity and c.identity_always
                         for e in ("INSERT", "UPDATE")})
            what.update({self.check_trigger_name(t, c, e): f"CHECK {c.name} is not enforced on {e}"
                         for c in t.checks if is_trigger_check(t, c) for e in ("INSERT", "UPDATE")})
            out += [SupportObject("trigger", t.namespace, t.name, name, what[name], True,
                                  (self.drop_trigger(t, name), create)) for name, create in self.named_triggers(t)]
        return out

    def live_support(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)
                     ) -> dict[tuple[Optional[str], str, str], LiveSupport]:
        """schemakit's triggers in the databases `namespaces` (`objects.SUPPORT_SQL`)."""
        from . import objects
        return objects.support(conn, namespaces)

    def machine_trigger_name(self, t: Table, sm: StateMachine) -> str:
        """The trigger enforcing state machine `sm`."""
        return self.generated_name(t.name, sm.name)

    def check_trigger_name(self, t: Table, c: Check, event: str) -> str:
        """The trigger enforcing CHECK `c` on `event` (INSERT or UPDATE)."""
        return self.generated_name(t.name, c.name, event[:3].lower())

    def always_trigger_name(self, t: Table, column: str, event: str) -> str:
        """The trigger refusing an explicit value of GENERATED ALWAYS identity `column` on `event`."""
        return self.generated_name(t.name, column, "always", event[:3].lower())

    def always_trigger(self, t: Table, column: str, event: str) -> Statement:
        """Refuses an explicit value of identity `column` (GENERATED ALWAYS): on INSERT any but 0 (in a BEFORE
        INSERT trigger an AUTO_INCREMENT column not given reads 0:
        https://dev.mysql.com/doc/refman/8.0/en/trigger-syntax.html), on UPDATE any change."""
        q = self.quote(column)
        refused = f"NEW.{q} <> 0" if event == "INSERT" else f"NOT (NEW.{q} <=> OLD.{q})"
        message = f"column {column} of {t.qualified} is GENERATED ALWAYS: an explicit value is refused"
        body = (f"BEGIN\n  IF {refused} THEN\n"
                f"    SIGNAL SQLSTATE '{ALWAYS_STATE}' SET MESSAGE_TEXT = {self.literal(message[:128])};\n  END IF;\nEND")
        return self._trigger(t, self.always_trigger_name(t, column, event), event, body)

    def drop_trigger(self, t: Table, name: str) -> Statement:
        """DROP TRIGGER `name` of table `t` (IF EXISTS: a check's pair of triggers may be half there after an
        interrupted run, see `dialects.mysql.introspect.HALF_CHECK`)."""
        return Statement(f"DROP TRIGGER IF EXISTS {self.qualify(t.namespace, name)}", kind="trigger", table=t.qualified)

    def partition_guard_name(self, t: Table, event: str) -> str:
        """The trigger of `partition_guard` on `event` (INSERT or UPDATE)."""
        return self.generated_name(t.name, t.partition_by.column, "guard", event[:3].lower())

    def partition_guard(self, t: Table, lower, event: str) -> Statement:
        """CREATE OR REPLACE TRIGGER refusing, on `event`, a row whose partition column is below `lower`: the
        lower bound of a rolling partitioning once months were archived, above its implied CHECK's, without
        a rebuild (ADD CHECK is ALGORITHM=COPY on MariaDB; a trigger is metadata,
        https://mariadb.com/kb/en/create-trigger/). It fails as the CHECK would: SQLSTATE 23000, error 4025
        ER_CONSTRAINT_FAILED and its message, naming the CHECK (https://mariadb.com/kb/en/signal/,
        https://mariadb.com/kb/en/mariadb-error-code-reference/); NULL passes, as for the CHECK."""
        message = f"CONSTRAINT `{self.partition_check_name(t)}` failed for `{t.qualified}`"
        body = (f"BEGIN\n  IF NOT ({self.partition_lower_sql(t, lower, row='NEW')}) THEN\n"
                f"    SIGNAL SQLSTATE '{CHECK_STATE}' SET MYSQL_ERRNO = {CONSTRAINT_FAILED}, "
                f"MESSAGE_TEXT = {self.literal(message)};\n  END IF;\nEND")
        return self._trigger(t, self.partition_guard_name(t, event), event, body, "CREATE OR REPLACE")

    def _trigger(self, t: Table, name: str, event: str, body: str, create: str = "CREATE",
                 timing: str = "BEFORE") -> Statement:
        sql = (f"{create} TRIGGER {self.qualify(t.namespace, name)} {timing} {event} ON {self.table_name(t)} "
               f"FOR EACH ROW\n{body}")
        return Statement(sql, kind="trigger", compound=True, table=t.qualified)

    def state_machine_trigger(self, t: Table, sm: StateMachine) -> Statement:
        """Refuses an UPDATE that changes the column along a transition not listed."""
        old, new = (self._row_column(t, row, sm.column) for row in ("OLD", "NEW"))
        pairs = ", ".join(f"({self.literal(a)}, {self.literal(b)})" for a, b in sm.transitions)
        allowed = f"COALESCE(({old}, {new}) IN ({pairs}), FALSE)" if pairs else "FALSE"
        col = self.quote(sm.column)
        message = (f"LEFT(CONCAT({self.literal(sm.name)}, ': ', COALESCE(OLD.{col}, 'NULL'), ' -> ', "
                   f"COALESCE(NEW.{col}, 'NULL'), ' is not an allowed transition'), 128)")
        body = (f"BEGIN\n  DECLARE sk_message VARCHAR(128);\n  IF NOT ({old} <=> {new}) AND NOT {allowed} THEN\n"
                f"    SET sk_message = {message};\n"
                f"    SIGNAL SQLSTATE '{MACHINE_STATE}' SET MESSAGE_TEXT = sk_message;\n  END IF;\nEND")
        return self._trigger(t, self.machine_trigger_name(t, sm), "UPDATE", body)

    def _row_column(self, t: Table, row: str, column: str) -> str:
        ref = f"{row}.{self.quote(column)}"
        return f"CAST({ref} AS BINARY)" if t.column(column).type.kind in PADDED else ref

    def check_trigger(self, t: Table, c: Check, event: str) -> Statement:
        """Refuses a row for which CHECK `c` is false (NULL passes, as for a CHECK). Over an AUTO_INCREMENT column
        the INSERT trigger runs AFTER the row is written: before, a generated value reads 0
        (https://dev.mysql.com/doc/refman/8.0/en/trigger-syntax.html), and an AFTER trigger's error fails the
        statement, whose row InnoDB rolls back (https://mariadb.com/kb/en/trigger-overview/)."""
        message = f"CONSTRAINT {self.quote(c.name)} failed for {self.quote(t.qualified)}"  # read back: `_CHECK_NAME`
        body = (f"BEGIN\n  IF NOT ({self.table_expression(t, c.expression, row='NEW')}) THEN\n"
                f"    SIGNAL SQLSTATE '{CHECK_STATE}' SET MESSAGE_TEXT = {self.literal(message)};\n  END IF;\nEND")
        after = event == "INSERT" and bool(cexpr.columns(c.expression) & auto_increment_columns(t))
        return self._trigger(t, self.check_trigger_name(t, c, event), event, body, timing="AFTER" if after else "BEFORE")

    # -- live databases -----------------------------------------------------------------------------
    def introspect(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,),
                   tables: Optional[Collection[TableKey]] = None, skipped: Optional[list] = None) -> Schema:
        """Read the tables of `namespaces` (None: the connection's database), or only `tables`, into the model;
        a table or column in another collation than `collation` reads back with it."""
        return reader.introspect(conn, namespaces, tables, self.collation, skipped=skipped)

    def objects(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)) -> list[DbObject]:
        """Every object of `namespaces` beside their tables (`mysql/objects.py`)."""
        from . import objects
        return objects.objects(conn, namespaces)
    def create_view(self, v) -> list[Statement]:
        """CREATE VIEW of a lowered view (dialects/mysql/views.py)."""
        return my_views.create(self, v)

    def drop_view(self, v) -> list[Statement]:
        """DROP VIEW."""
        return my_views.drop(self, v)

    def replace_view(self, old, new) -> list[Statement]:
        """CREATE OR REPLACE VIEW: one statement."""
        return my_views.replace_view(self, old, new)

    def comparable_views(self, conn: Any, model: Schema, live: Schema) -> tuple[Schema, Schema]:
        """Both sides' view bodies in `views.canonical` form where their texts differ (read-only: see there)."""
        same = {v.key for v in model.views} & {v.key for v in live.views if v in model.views}
        return (replace(model, views=tuple(v if v.key in same else my_views.stored([v])[0] for v in model.views)),
                replace(live, views=tuple(v if v.key in same else my_views.stored([v])[0] for v in live.views)))

    def code_objects(self, conn: Any, namespaces: Sequence[Optional[str]],
                     tables: Optional[Collection[tuple[Optional[str], str]]] = None) -> tuple[tuple, tuple, tuple]:
        """(sequences, routines, user triggers) as `inspect` reads them (`introspect.code_objects`)."""
        return reader.code_objects(conn, namespaces, tables)

    def table_names(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)) -> list[tuple[Optional[str], str]]:
        """(namespace, name) of each table `introspect` reads, with one information_schema query."""
        return reader.table_names(conn, namespaces)

    def connect_kwargs(self, url: DbUrl) -> dict:
        """pymysql.connect keyword arguments for `url`, its query parameters applied (see
        `dialects.urls`): utf8mb4 unless ``charset`` says otherwise, autocommit, strict sql_mode,
        UTC session time zone. With no password in the URL, MYSQL_PWD supplies it, as for the
        mariadb client (https://mariadb.com/kb/en/mariadb-environment-variables/)."""
        p = dict(url.params)
        kwargs = {"host": url.host or "127.0.0.1", "port": url.port or 3306, "user": url.user,
                  "password": url.password if url.password is not None else os.environ.get("MYSQL_PWD", ""),
                  "database": url.database, "charset": p.get("charset", "utf8mb4"), "autocommit": True,
                  "init_command": SESSION_INIT}
        if "connect_timeout" in p:
            kwargs["connect_timeout"] = int(p["connect_timeout"])
        kwargs.update(_tls(p))
        return kwargs

    def connect(self, url: DbUrl) -> Any:
        """A pymysql connection: utf8mb4, autocommit, strict sql_mode, UTC session time zone."""
        from . import driver  # imports pymysql: only where a connection is needed
        return driver.connect(**self.connect_kwargs(url))

    def yoyo_url(self, url: DbUrl) -> str:
        """yoyo's URL for schemakit's MySQL backend (`dialects.mysql.backend`), which
        connects with `connect_kwargs`: every migration's session is the one `connect()` sets
        (strict sql_mode: a rollback that narrows a column fails instead of truncating values;
        UTC), TLS included. yoyo does not percent-decode the path, so ``database`` in the query
        carries the exact name."""
        plain = super().yoyo_url(replace(url, params=()))
        return f"{plain}?{urlencode([('database', url.database or '')] + list(url.params))}"

    # -- tenants: a database of its own on the server, named after the main one ---------------------
    # A MySQL/MariaDB schema is a database, server-wide (https://mariadb.com/kb/en/create-database/):
    # a tenant named after its namespace alone would be shared by every deployment on the server.
    TENANT_TEMPLATE = "{database}_{namespace}"

    def tenant_url(self, url: DbUrl, namespace: str, template: Optional[str] = None) -> DbUrl:
        """The server database of `namespace`: `template` (default ``{database}_{namespace}``) filled in
        with the main database's name; BadUrl naming the name and the fix beyond 64 characters."""
        database = url.require_database().database_name
        name = (template or self.TENANT_TEMPLATE).format(database=database, namespace=namespace)
        problem = self.database_name_problem(name)
        if problem:
            raise BadUrl(f"tenant database of {namespace}: {problem}; use a shorter main database name or a "
                         "shorter tenant_database template in the project file")
        return url.with_database(name)

    def namespace_exists(self, url: DbUrl, conn: Any = None) -> bool:
        """The tenant's database is in information_schema.SCHEMATA (with `conn`, a connection to it: it is)."""
        if conn is not None:
            return True
        conn = self.connect(replace(url, database=None))
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s", (url.database,))
                return cur.fetchone() is not None
        finally:
            conn.close()

    def tenant_namespaces(self, url: DbUrl, prefix: str, template: Optional[str] = None) -> list[str]:
        """The namespaces of the server's databases that `tenant_url` names for `url`'s main database: those
        `template` (default ``{database}_{namespace}``) produces with a namespace starting with `prefix`
        (`tenant_name_pattern`); a template without ``{database}`` matches only the names it can produce."""
        template = template or self.TENANT_TEMPLATE
        if "{namespace}" not in template:  # every tenant would be one database: no name is a tenant's own
            return []
        pattern = tenant_name_pattern(template, url.require_database().database_name, prefix)
        conn = self.connect(replace(url, database=None))
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")
                names = [r[0] for r in cur.fetchall()]
        finally:
            conn.close()
        found = (pattern.fullmatch(n) for n in names)
        return sorted({m.group("ns") for m in found if m})

    reuses_tenant_connections = True
    creates_databases_on_connections = True  # CREATE DATABASE, then USE it (`ensure_database_on`)

    def switch_tenant(self, conn: Any, url: DbUrl) -> bool:
        """``USE`` the tenant's database on `conn` (https://mariadb.com/kb/en/use/), what connecting to `url`
        chooses; the session's settings (`connect_kwargs`: charset, sql_mode, time zone, autocommit) are those a
        connection of the same run was made with. False on a connection that is closed, not in autocommit or
        inside a transaction (the server's status flags of its last reply,
        https://mariadb.com/kb/en/ok_packet/). Where the database does not exist, the server's
        1049 error (`missing_database`), `conn` still on its previous database
        (https://mariadb.com/kb/en/mariadb-error-code-reference/): `ensure_database_on` creates it."""
        from pymysql.constants import SERVER_STATUS
        if url.database is None or not conn.open or not conn.get_autocommit() \
                or conn.server_status & SERVER_STATUS.SERVER_STATUS_IN_TRANS:
            return False
        self._use(conn, url.database)
        return True

    def ensure_database_on(self, conn: Any, url: DbUrl) -> None:
        """CREATE DATABASE IF NOT EXISTS (`create_database`'s statement) on `conn`, then ``USE`` it."""
        name = url.require_database().database_name
        with conn.cursor() as cur:
            cur.execute(self._create_database_sql(name))
        self._use(conn, name)

    def _use(self, conn: Any, name: str) -> None:
        with conn.cursor() as cur:
            cur.execute(f"USE {self.quote(name)}")

    def yoyo_backend_class(self) -> type:
        """yoyo's MySQL backend on `dialects.mysql.driver` (`dialects.mysql.backend`; yoyo is imported
        only when a backend is asked for)."""
        from .backend import MySQLBackend
        return MySQLBackend

    def missing_database(self, error: BaseException) -> bool:
        """A connect refused with error 1049 ER_BAD_DB_ERROR, "Unknown database"
        (https://mariadb.com/kb/en/mariadb-error-code-reference/,
        https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html#error_er_bad_db_error)."""
        import pymysql
        return isinstance(error, pymysql.err.OperationalError) and bool(error.args) and error.args[0] == 1049

    def database_name_problem(self, name: str) -> Optional[str]:
        """At most 64 characters, no trailing space, no NUL, only Basic Multilingual Plane
        characters (https://mariadb.com/kb/en/identifier-names/,
        https://dev.mysql.com/doc/refman/8.0/en/identifiers.html)."""
        if "\x00" in name:
            return "a database name cannot contain the NUL character"
        if len(name) > IDENTIFIER_LIMIT:
            return f"database name {shown_name(name)} is {len(name)} characters; MySQL/MariaDB allow at most {IDENTIFIER_LIMIT}"
        if name.endswith(" "):
            return f"database name {shown_name(name)} ends with a space, which MySQL/MariaDB refuse"
        if any(ord(ch) > 0xFFFF for ch in name):
            return (f"database name {shown_name(name)} has a character outside Unicode's Basic Multilingual Plane, "
                    "which MySQL/MariaDB refuse")
        return None

    def password_hint(self, url: DbUrl) -> str:
        """The mariadb/mysql client and schemakit read MYSQL_PWD (or the client's option files)."""
        return ("the password is left out: set MYSQL_PWD (or a [client] password in ~/.my.cnf) for the mariadb client "
                "and for schemakit")

    def create_database(self, url: DbUrl, name: str) -> DbUrl:
        """CREATE DATABASE IF NOT EXISTS `name` (utf8mb4 in `collation`) on the server of `url`: a concurrent
        creator is fine (https://mariadb.com/kb/en/create-database/)."""
        self._server_command(url, self._create_database_sql(name))
        return url.with_database(name)

    def _create_database_sql(self, name: str) -> str:
        """CREATE DATABASE IF NOT EXISTS `name` with schemakit's character set and collation; BadUrl for a name
        the server would refuse (`database_name_problem`)."""
        problem = self.database_name_problem(name)
        if problem:
            raise BadUrl(problem)
        charset = self.charset_sql().replace("=", " ")
        return f"CREATE DATABASE IF NOT EXISTS {self.quote(name)} {charset}"

    def create_scratch_database(self, url: DbUrl, name: str) -> DbUrl:
        """CREATE DATABASE `name` with the server's character set and collation, as a user's database gets
        them: a table a DDL file creates without a character set takes its database's
        (https://mariadb.com/kb/en/setting-character-sets-and-collations/#database-level), which must be the
        one the user's tables have, not schemakit's."""
        problem = self.database_name_problem(name)
        if problem:
            raise BadUrl(problem)
        self._server_command(url, f"CREATE DATABASE {self.quote(name)}")
        return url.with_database(name)

    def drop_database(self, url: DbUrl, name: str) -> None:
        """DROP DATABASE IF EXISTS `name`."""
        self._server_command(url, f"DROP DATABASE IF EXISTS {self.quote(name)}")

    def _server_command(self, url: DbUrl, sql: str) -> None:
        conn = self.connect(replace(url, database=None))
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()

    # CREATE/DROP DATABASE (SCHEMA is its synonym), a line that is USE db (or the client's \\u db), as
    # mysqldump --databases writes them (https://mariadb.com/kb/en/create-database/,
    # https://mariadb.com/kb/en/use/, https://mariadb.com/kb/en/mariadb-command-line-client/)
    OTHER_DATABASE = re.compile(r"^\s*(?:(?:CREATE|DROP)\s+(?:DATABASE|SCHEMA)\b|(?:USE|\\u)\s+(?:`[^`]+`|\w+)\s*;?\s*$)",
                                re.I)

    # How the client refuses a command --binary-mode turned off: "ERROR at line 2: Unknown command '\\!'."
    CLIENT_COMMAND_REFUSED = re.compile(r"Unknown command '\\.'")

    def foreign_client_command(self, url: DbUrl) -> list[str]:
        """The client with its own commands off: --binary-mode turns off every one but DELIMITER and charset (\\C)
        in a piped script, among them system (\\!), source, tee, pager, connect and use; the long forms then reach
        the server as SQL, which refuses them; --local-infile=0 keeps LOAD DATA LOCAL from reading the client's
        files (https://mariadb.com/kb/en/mariadb-command-line-client/; MySQL 8's client has both options,
        https://dev.mysql.com/doc/refman/8.0/en/mysql-command-options.html, not tested here)."""
        argv = self.client_command(url)
        first = 2 if len(argv) > 1 and argv[1].startswith("--defaults-extra-file=") else 1  # must stay first
        return argv[:first] + ["--binary-mode", "--local-infile=0"] + argv[first:]

    def client_command(self, url: DbUrl) -> list[str]:
        """argv of the mariadb (or mysql) client; a password goes through a private option file."""
        argv = [shutil.which("mariadb") or shutil.which("mysql") or "mariadb"]
        if url.password:  # must be the first option; never on the command line
            argv.append(f"--defaults-extra-file={_option_file(url.password)}")
        argv += ["--batch", "--default-character-set=utf8mb4", f"--host={url.host or '127.0.0.1'}",
                 f"--port={url.port or 3306}"]
        argv += [f"--user={url.user}"] if url.user else []
        argv += _client_tls(dict(url.params))
        return argv + ([url.database] if url.database else [])

    def run_statements(self, conn: Any, statements: Sequence[str]) -> None:
        """Execute `statements` in order, one call each; a DROP DATABASE of a namespace that still holds the user's
        objects is skipped (`dialects.mysql.namespaces`)."""
        namespaces.run(conn, statements)

    def apply(self, conn: Any, statements: Sequence[Statement]) -> None:
        """Execute each statement in order (DDL commits implicitly in MySQL), then commit."""
        with conn.cursor() as cur:
            for s in statements:
                cur.execute(s.sql)
        conn.commit()

    # -- the migration lock: a user-level lock (GET_LOCK), see dialects/lock.py -------------
    def try_lock(self, conn: Any, url: DbUrl, holder: Any) -> Any:
        """GET_LOCK(<the database's lock name>, 0) on `conn`; the holder published in PROCESSLIST."""
        from . import lock
        return lock.try_lock(self.connect, conn, url, holder)

    def release_lock(self, conn: Any, held: Any) -> None:
        """RELEASE_LOCK, on the connection that took it."""
        from . import lock
        lock.release_lock(conn, held)

    # A primary lists its replicas (SHOW REPLICA HOSTS, https://mariadb.com/kb/en/show-replica-hosts/)
    # but not how far each has applied its binary log: that is read on each replica.
    replica_limitation = ("a MySQL/MariaDB primary cannot see how far its replicas have applied its binary log "
                          "(https://mariadb.com/kb/en/show-replica-hosts/ lists no positions): check each replica "
                          "with SHOW REPLICA STATUS, or MASTER_GTID_WAIT there")

    def read_only(self, conn: Any) -> Optional[str]:
        """A server with read_only on (a replica, usually). Checked explicitly: read_only does not stop a
        user with SUPER or READ_ONLY ADMIN from writing (https://mariadb.com/kb/en/server-system-variables/#read_only,
        https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_read_only), and a
        migration written to a replica diverges it from its primary."""
        cur = conn.cursor()
        try:
            cur.execute("SELECT @@GLOBAL.read_only")
            value = cur.fetchone()[0]
        finally:
            cur.close()
        return None if str(value).upper() in ("0", "OFF", "NO") else "is read-only (@@read_only, a replica)"

    def lock_holder(self, conn: Any, url: DbUrl) -> Any:
        """The holding connection (IS_USED_LOCK) and the holder it published, from PROCESSLIST."""
        from . import lock
        return lock.lock_holder(conn, url)


def _tls(p: dict) -> dict:
    """pymysql's TLS arguments for the URL parameters `p` (see `dialects.urls`).

    pymysql itself, given ssl_ca alone, encrypts without verifying the certificate; the
    mysql client's --ssl-ca verifies it against that CA
    (https://dev.mysql.com/doc/refman/8.0/en/connection-options.html#option_general_ssl-mode),
    and so does schemakit: ``ssl_verify_cert=false`` turns that off.
    """
    from ..urls import boolean
    if "ssl" in p and not boolean(p["ssl"]):
        return {"ssl_disabled": True}
    ca, cert, key = p.get("ssl_ca"), p.get("ssl_cert"), p.get("ssl_key")
    identity = boolean(p.get("ssl_verify_identity", "false"))
    verify = identity or boolean(p.get("ssl_verify_cert", "true" if ca else "false"))
    if not (boolean(p.get("ssl", "false")) or ca or cert or key or verify):
        return {}  # pymysql's PREFERRED mode: TLS when the server offers it
    from . import driver
    return {"ssl": driver.tls_context(ca, cert, key, verify, identity)}


def _client_tls(p: dict) -> list[str]:
    """The mariadb client's options for the URL's TLS parameters
    (https://mariadb.com/kb/en/mariadb-command-line-client/#options). Its only verification
    option, --ssl-verify-server-cert, checks the host name too: it stands for ssl_verify_identity."""
    from ..urls import boolean
    if "ssl" in p and not boolean(p["ssl"]):
        return ["--skip-ssl"]
    argv = [f"--ssl-{k[4:]}={p[k]}" for k in ("ssl_ca", "ssl_cert", "ssl_key") if k in p]
    if boolean(p.get("ssl", "false")):
        argv.append("--ssl")
    if boolean(p.get("ssl_verify_identity", "false")):
        argv.append("--ssl-verify-server-cert")
    return argv


_OPTION_FILES: dict[str, str] = {}


def _remove_if_present(path: str) -> None:
    if os.path.exists(path):
        os.remove(path)


def _option_file(password: str) -> str:
    """A 0600 client option file holding `password`, removed when the process exits.

    Option files: https://mariadb.com/kb/en/configuring-mariadb-with-option-files/ (MYSQL_PWD is
    deprecated in MySQL 8.0 and a --password argument is visible to other users).
    """
    if password not in _OPTION_FILES:
        fd, path = tempfile.mkstemp(prefix="schemakit-my-", suffix=".cnf")
        escaped = password.replace("\\", "\\\\").replace('"', '\\"')
        with os.fdopen(fd, "w") as f:
            f.write(f'[client]\npassword="{escaped}"\n')
        atexit.register(_remove_if_present, path)
        _OPTION_FILES[password] = path
    return _OPTION_FILES[password]


DIALECT = register(MySQLDialect())


def tenant_name_pattern(template: str, database: str, prefix: str) -> "re.Pattern[str]":
    """A regular expression matching exactly the database names `template` makes from `database` and a
    namespace starting with `prefix` (group ``ns``: the namespace); a repeated ``{namespace}`` must repeat it."""
    parts = []
    seen = False
    for piece in re.split(r"(\{database\}|\{namespace\})", template):
        if piece == "{database}":
            parts.append(re.escape(database))
        elif piece == "{namespace}":
            parts.append("(?P=ns)" if seen else f"(?P<ns>{re.escape(prefix)}.+)")
            seen = True
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts), re.DOTALL)
