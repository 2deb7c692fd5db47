"""SQLite 3.37+: STRICT tables whose implied CHECKs carry the model type.

A STRICT table accepts only INT, INTEGER, REAL, TEXT, BLOB and ANY
(https://www.sqlite.org/stricttables.html), so every model type that needs
more than its storage class gets a column CHECK named
``sk_type:<column>:<type>`` (e.g. ``sk_type:title:varchar(255)``): the CHECK
makes SQLite reject what PostgreSQL rejects, and its name lets introspection
recover the exact model type. Other names schemakit owns:
``sk_on_update:<table>:<column>`` (the trigger behind `on_update_now`) and
``sk_state_machine:<machine>`` (the trigger enforcing a `StateMachine`).

Comments are kept as ``-- `` line comments inside the CREATE TABLE text,
which SQLite stores verbatim in sqlite_schema: a table comment on the line of
the opening parenthesis, a column comment at the end of the column's line.

Namespaces are attached database files ``<main stem>.<namespace>.db`` beside the main file
(`storage.scoped_name`).

A loose table (`Table.strict` False) is written without STRICT, each column's
declared type naming its model type as SQLite users write it (``VARCHAR(40)``,
``NUMERIC(10,2)``, ``DATETIME``: `storage.loose_type`) with no storage CHECK;
introspection reads the name back (`introspect.loose_type`), and a name the
model has no kind for is a native type of SQLite. Generated columns (STORED and
VIRTUAL), the collations BINARY, NOCASE and RTRIM, and expression defaults are
SQLite's own; what it lacks is a named degradation (`degradations.py`).

`dialects.sqlite.plan` plans migrations (ALTER TABLE where SQLite has it, the
table rebuild elsewhere) with the renderers here.
"""
from __future__ import annotations

import datetime as _dt
import itertools
import re
import shlex
import sqlite3
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote
from typing import Any, Collection, Optional, Sequence, overload

from sqlglot import exp

from schemakit.schema import expr as cexpr
from schemakit.schema.diff import Change, TableKey, definition
from schemakit.schema.domains import domain_columns, inline_domains
from schemakit.schema.model import (
    BINARY_KINDS, FLOAT_KINDS, Action, Column, ColumnType, DefaultKind, ForeignKey, Index, IndexMethod, IndexPart,
    Kind, Schema, StateMachine, Table,
)
from schemakit.schema.values import utc_naive

from ..index_names import index_renames, renamed
from ..registry import register
from .files import NoSuchDatabase, open_existing
from ..base import (
    DbObject, Degradation, abs_overflow_columns, Dialect, LiveSupport, Lowered, Statement, Step, SupportObject,
    creation_order, json_text,
)
from ..urls import BadUrl, DbUrl
from .degradations import DEGRADATIONS
from . import beside, storage, views as sl_views
from ..views import creation_statements, lower_views
from .storage import (  # noqa: F401  (what the dialect writes; its introspection reads them back)
    AFFINITY, BUILTIN_FUNCTIONS, CHAR_COLLATION, COLLATIONS, ENGINE, IDENTITY_STORAGE, MACHINE_PREFIX, NON_ARRAY,
    NOW_SQL, ON_UPDATE_PREFIX, PLAIN_STORAGE, STORAGE, TYPE_CHECKS, TYPE_PREFIX, UUID4_SQL, UUID_GLOB, _guard_length,
    attach, attached, guarded_length, loose_type, main_directory, namespace_file_sql, type_check, unguard_length,
)

# The lowered type of each kind SQLite holds as another (precision kept).
_LOWERED_TYPES = {Kind.TIMESTAMPTZ: ("SL-TZ", Kind.TIMESTAMP), Kind.TIMETZ: ("SL-TIMETZ", Kind.TIME),
                  Kind.JSONB: ("SL-JSONB", Kind.JSON), Kind.ARRAY: ("SL-ARRAY", Kind.JSON),
                  Kind.INTERVAL: ("SL-INTERVAL", Kind.TEXT)}
_TEXT_FORMS = (Kind.UUID, Kind.TIMESTAMP, Kind.DATE, Kind.TIME)
# Behaviour degradations of a column by its (lowered) kind alone.
_BEHAVIOURS = {Kind.DECIMAL: ("SL-DECIMAL",), Kind.REAL: ("SL-REAL", "SL-NAN"), Kind.DOUBLE: ("SL-NAN",),
               Kind.CHAR: ("SL-CHARPAD",), Kind.BINARY: ("SL-BINARYPAD",), Kind.SET: ("SL-SETFORM",)}

# Functions on types lowered to json (SL-JSONB, SL-ARRAY), rewritten in the effective schema to
# their json equivalents, which are canonical SQL too (https://www.sqlite.org/json1.html).
FUNCTIONS = {"jsonb_array_length": "json_array_length", "cardinality": "json_array_length"}


def type_spec(ty: ColumnType) -> Optional[str]:
    """The type part of an sk_type constraint name; None when the storage class says it all.

    The model's own spelling (``varchar(255)``, ``decimal(10,6)``, ``uuid``, ``integer unsigned``,
    ``time(3)``), except that an enum is named only (its values are the CHECK's IN list) and a set
    is ``set`` (its members are the CHECK's literals).
    """
    if ty.kind is Kind.SET:
        return Kind.SET.value
    if ty.kind in (Kind.TEXT, Kind.DOUBLE, Kind.BYTES, Kind.NATIVE) or (ty.kind is Kind.BIGINT and not ty.unsigned):
        return None
    return f"enum({ty.enum_type.name})" if ty.kind is Kind.ENUM else str(ty)


# -- canonical values as sqlite3 takes them ---------------------------------------------------------
INT64 = (-2**63, 2**63 - 1)


def timestamp_text(value: _dt.datetime) -> str:
    """A datetime as the ISO text a TIMESTAMP column holds: naive UTC, 'YYYY-MM-DD HH:MM:SS.ffffff'."""
    return utc_naive(value).isoformat(sep=" ", timespec="microseconds")


def bind_int(value: int) -> Any:
    """An integer as sqlite3 can bind it: text outside 64 bits.

    sqlite3 cannot bind integers outside 64 bits (OverflowError); as text, a STRICT INT
    column refuses them ("cannot store ... value in INT column"), as PostgreSQL does
    (https://www.sqlite.org/stricttables.html).
    """
    return value if isinstance(value, bool) or INT64[0] <= value <= INT64[1] else str(value)


def time_text(value: _dt.time) -> str:
    """A time as the text a TIME column holds: 'HH:MM:SS.ffffff'; an aware time in UTC (SL-TIMETZ)."""
    offset = value.utcoffset()
    if offset:
        moment = _dt.datetime.combine(_dt.date(2000, 1, 1), value.replace(tzinfo=None)) - offset
        value = moment.time()
    return value.replace(tzinfo=None).isoformat(timespec="microseconds")


def interval_text(value: _dt.timedelta) -> str:
    """A timedelta as the text an INTERVAL column holds (SL-INTERVAL): PostgreSQL's output,
    '<days> days HH:MM:SS.ffffff'."""
    seconds = value.seconds + value.microseconds / 1e6
    return f"{value.days} days {int(seconds // 3600):02}:{int(seconds % 3600 // 60):02}:{seconds % 60:09.6f}"


def float_literal(value: float) -> str:
    """A float as SQL: 9e999 is SQLite's infinity (a literal too large for a double,
    https://www.sqlite.org/floatingpoint.html); a NaN is NULL, as SQLite stores it (SL-NAN)."""
    if value != value:
        return "NULL"
    if value in (float("inf"), float("-inf")):
        return "9e999" if value > 0 else "-9e999"
    return repr(value)


def bind_decimal(value: Any) -> Any:
    """A Decimal as the REAL a DECIMAL column holds (SL-DECIMAL)."""
    return float(value) if isinstance(value, Decimal) else value


class SQLiteDialect(Dialect):
    """SQLite 3.37+ with STRICT tables, through the sqlite3 module and CLI."""

    name = ENGINE
    rank = 2
    aliases = ("sqlite3",)
    url_schemes = ("sqlite",)
    driver = "sqlite3"
    sqlglot_dialect = "sqlite"
    max_identifier_length = 1024  # SQLite has no identifier length limit
    transactional_ddl = True  # DDL is transactional (https://www.sqlite.org/lang_transaction.html)
    yoyo_scheme = "sqlite"  # yoyo's sqlite3 backend
    admin_database = None  # no server: a missing database file is simply created
    has_server = False  # a database is a file; create_database makes it in a directory
    # A loose table's column may have no declared type: BLOB affinity, any value stored as given
    # (https://www.sqlite.org/datatype3.html#determination_of_column_affinity); native("", "sqlite").
    untyped_columns = True
    placeholder = "?"  # sqlite3's paramstyle "qmark" (https://docs.python.org/3/library/sqlite3.html#sqlite3-placeholders)
    degradations = DEGRADATIONS  # code -> DegradationCode: what the lowering can lose (degradations.py)
    # Booleans as 0/1, timestamps and dates as ISO text (SL-TZ: timestamptz as UTC), decimals as
    # REAL (SL-DECIMAL), arrays as JSON (SL-ARRAY).
    value_adapters = {Kind.TIMESTAMP: timestamp_text, Kind.TIMESTAMPTZ: timestamp_text,
                      Kind.DATE: _dt.date.isoformat, Kind.DECIMAL: bind_decimal, Kind.ARRAY: json_text,
                      Kind.BOOLEAN: int, Kind.TINYINT: bind_int, Kind.SMALLINT: bind_int, Kind.INTEGER: bind_int,
                      Kind.BIGINT: bind_int, Kind.TIME: time_text, Kind.TIMETZ: time_text, Kind.INTERVAL: interval_text}

    # -- the DB-API driver (sqlite3, autocommit: see connect) --------------------------------
    def driver_errors(self) -> tuple[type[BaseException], ...]:
        """sqlite3's base exception."""
        return (sqlite3.Error,)

    def server_version(self, conn: Any) -> str:
        """The library's version (``sqlite_version()``)."""
        return conn.execute("SELECT sqlite_version()").fetchone()[0]

    def explain_reader(self) -> Any:
        """`dialects.sqlite.explain`."""
        from . import explain
        return explain

    def begin(self, conn: sqlite3.Connection) -> None:
        """BEGIN: the connection has no implicit transactions (isolation_level None)."""
        conn.execute("BEGIN")

    def yoyo_url(self, url: DbUrl) -> str:
        """yoyo's sqlite URL: the path of the database file, percent-encoded (yoyo hands the
        path undecoded to sqlite3 as a ``file:`` URI, which decodes it:
        https://www.sqlite.org/uri.html)."""
        return f"{self.yoyo_scheme}:///{quote(url.database_name, safe='/')}"

    # -- lowering -----------------------------------------------------------------------
    def lower(self, schema: Schema) -> Lowered:
        """The schema as SQLite holds it, plus what it cannot express."""
        found: list[Degradation] = [self._degradation("SL-DOMAIN", t.qualified, c.name, f"domain {d.name}")
                                    for t, c, d in domain_columns(schema)]
        found += [self._degradation("SL-TYPE", "*", ".".join(n for n in x.key if n), type(x.type).__name__.lower())
                  for x in schema.types]
        schema = inline_domains(schema)
        views, notes = lower_views(self, schema.views, materialized=False, comments=False, prefix="SL")
        found += notes
        effective = Schema(tuple(self._lower_table(t, found) for t in schema.tables), views)
        found += self._text_form(effective)
        if any(c.type.kind is Kind.VARCHAR for t in effective.tables for c in t.columns):
            found.append(self._degradation("SL-VARCHARPAD", "*", "varchar"))
        renames = index_renames(effective, self.max_identifier_length)  # index names are per database here
        found += [self._degradation("SL-INDEXNAME", table, old, f"index {old} -> {new}")
                  for (table, old), new in renames.items()]
        effective, more = self.code().lower(schema, renamed(effective, renames))
        effective, held = self.policies().lower(schema, effective)
        return Lowered(effective, tuple(found + more + held))

    def policies(self) -> Any:
        """No policies or grants: each is an SL-POLICY / SL-GRANT degradation (dialects/policies.py)."""
        from ..policies import EnginePolicies
        return EnginePolicies(self, "SL")

    def code(self) -> Any:
        """dialects/sqlite/code.py."""
        from .code import SQLiteCode
        return SQLiteCode(self)

    def _degradation(self, code: str, table: str, subject: str, feature: Optional[str] = None) -> Degradation:
        """Degradation `code` of `table`.`subject` (a qualified name, or "*"), from this engine's table."""
        return Degradation.from_table(self.degradations, code, self.name, table, subject, feature)

    def _lower_table(self, t: Table, found: list) -> Table:
        note = lambda code, subject, feature: found.append(  # noqa: E731
            self._degradation(code, t.qualified, subject, feature))
        t = self._lower_constraint_comments(t, note)
        columns = tuple(self._lower_column(self._column_options(t, c, note), note) for c in t.columns)
        indexes = tuple(i for i in (self._lower_index(i, note) for i in t.indexes) if i is not None)
        fks = tuple(f for f in (self._lower_fk(t, f, note) for f in t.foreign_keys) if f is not None)
        if t.partitioning is not None:
            p = t.partitioning
            note("SL-PARTITION", p.column, f"monthly range partitions from {p.start:%Y-%m} for {p.months} months"
                 if p.start is not None else f"{p.method.value} partitions ({', '.join(p.names) or 'none yet'})")
        if t.charset is not None:
            note("SL-CHARSET", "*", f"character set {t.charset}")
        if t.collation is not None:
            note("SL-COLLATION", "*", f"table collation {t.collation.name} ({t.collation.origin})")
        checks = tuple(replace(k, expression=lower_sql(k.expression)) for k in t.checks
                       if self._check_computable(k.name, k.expression, note))
        for k in checks:
            lowest = abs_overflow_columns(t, k.expression)
            if lowest:
                # SQLite's abs() of a 64-bit integer overflows at -2**63 only
                # (https://www.sqlite.org/lang_corefunc.html#abs): a smallint or integer's lowest value passes
                note("SL-ABSRANGE", k.name, f"abs() of {', '.join(lowest)}")
        for x in t.exclusions:
            note("SL-EXCLUDE", x.name, f"EXCLUDE {definition(x)}")
        return replace(t, columns=columns, foreign_keys=fks, indexes=tuple(map(_lower_index_sql, indexes)),
                       checks=checks, partitioning=None, charset=None, collation=None, exclusions=())

    def _check_computable(self, name: str, sql: str, note) -> bool:
        """Whether SQLite can evaluate CHECK `name`; one calling a function it lacks (REGEXP among them:
        only the sqlite3 shell has it built in, https://www.sqlite.org/lang_expr.html#regexp) is noted
        SL-CHECK-FUNCTION and dropped, since every write to the table would fail."""
        try:
            rendered = cexpr.parse(self.expression(lower_sql(sql)), ENGINE)
        except cexpr.ExpressionError:
            return True
        missing = _missing_functions(rendered)
        if missing:
            note("SL-CHECK-FUNCTION", name, f"CHECK ({sql}): no {', '.join(sorted(missing))}")
        return not missing

    def _column_options(self, t: Table, c: Column, note) -> Column:
        """`c` without the options SQLite cannot hold: a native type of another engine, an identity
        inside a composite key or outside the key, or GENERATED ALWAYS, another engine's collation, an expression SQLite
        cannot compute; an identity of a loose table is its 64-bit rowid."""
        if c.identity_sequence:
            note("SL-SERIAL", c.name, "identity drawn from a sequence")
            c = replace(c, identity_sequence=False)
        ty = c.type
        if ty.kind is Kind.NATIVE and not (ty.origin == ENGINE and (not t.strict or str(ty.native).upper() == "ANY")):
            note("SL-NATIVE", c.name, str(ty))
            c = replace(c, type=ColumnType(Kind.TEXT))
        if c.identity and (len(t.primary_key) > 1 or c.name not in t.primary_key):
            where = "in" if c.name in t.primary_key else "outside"
            note("SL-IDENTITY-PART", c.name, f"identity {where} primary key ({', '.join(t.primary_key)})")
            c = replace(c, identity=False, identity_always=False)
        if c.identity_always:
            note("SL-IDENTITY-ALWAYS", c.name, "identity generated always")
            c = replace(c, identity_always=False)
        if c.identity and not t.strict and c.type != ColumnType(Kind.BIGINT):
            note("SL-ROWID", c.name, f"{c.type} identity")
            c = replace(c, type=ColumnType(Kind.BIGINT))
        # A char column compares with RTRIM (CHAR_COLLATION), which a STRICT table's reading of char needs.
        if c.collation is not None and not (c.collation.origin == ENGINE and c.collation.name.upper() in COLLATIONS
                                             and (c.type.kind is not Kind.CHAR or not t.strict)):
            note("SL-COLLATION", c.name, f"collation {c.collation.name} ({c.collation.origin})")
            c = replace(c, collation=None)
        if c.default is not None and c.default.kind is DefaultKind.EXPRESSION:
            sql = self._sqlite_expression(str(c.default.value), c.name, note)
            c = replace(c, default=None if sql is None else replace(c.default, value=sql))
        if c.generated is not None:
            sql = self._sqlite_expression(c.generated.expression, c.name, note, deterministic=True)
            if sql is not None and c.name in t.primary_key:
                note("SL-EXPRESSION", c.name, f"generated key column ({c.generated.expression})")
                sql = None
            c = replace(c, generated=None if sql is None else replace(c.generated, expression=sql))
        return c

    def _sqlite_expression(self, sql: str, column: str, note, deterministic: bool = False) -> Optional[str]:
        """Canonical `sql` as SQLite reads back its rendering; None when it calls a function SQLite does
        not have (`storage.BUILTIN_FUNCTIONS`), or, `deterministic`, one whose value changes between calls.
        Both that and a rendering read back in another spelling are noted SL-EXPRESSION."""
        try:
            rendered = cexpr.parse(self.expression(sql), ENGINE)
        except cexpr.ExpressionError:
            note("SL-EXPRESSION", column, f"({sql}): not readable in SQLite's spelling")
            return None
        missing = sorted(_missing_functions(rendered, deterministic) | _date_arithmetic(sql))
        if missing:
            note("SL-EXPRESSION", column, f"({sql}): no {', '.join(missing)}")
            return None
        from .introspect import canonical
        back = canonical(rendered.sql(dialect=ENGINE))
        if cexpr.normalize(back) != cexpr.normalize(sql):
            note("SL-EXPRESSION", column, f"({sql}) read back as ({back})")
            return back
        return sql

    @staticmethod
    def _lower_column(c: Column, note) -> Column:
        if c.type.kind is not Kind.NATIVE and c.type.native is not None:  # another engine's narrower type
            note("SL-SPELLED", c.name, str(c.type))
            c = replace(c, type=replace(c.type, native=None, origin=None))
        ty = c.type
        if ty.kind in _LOWERED_TYPES:
            code, kind = _LOWERED_TYPES[ty.kind]
            ty = ColumnType(kind, precision=ty.precision if kind in (Kind.TIMESTAMP, Kind.TIME) else None)
            note(code, c.name, str(c.type))
        for code in _BEHAVIOURS.get(ty.kind, ()):
            note(code, c.name, str(ty))
        if ty.kind is Kind.BIGINT and ty.unsigned:
            note("SL-UBIGINT", c.name, str(ty))
        if ty.kind in (Kind.TIMESTAMP, Kind.TIME) and ty.fraction_digits < 6:
            note("SL-FRACTION", c.name, str(ty))
        now_default = c.default is not None and c.default.kind is DefaultKind.NOW
        if (now_default or c.on_update_now) and ty.kind is Kind.TIMESTAMP and ty.fraction_digits > 3:
            note("SL-NOWMS", c.name, "current timestamp with microseconds")
        if c.default is not None and c.default.kind is DefaultKind.LITERAL and isinstance(c.default.value, float) \
                and c.default.value != c.default.value:
            c = replace(c, default=None)  # a NaN default is NULL, as SQLite stores a NaN (SL-NAN, `float_literal`)
        return c if ty is c.type else replace(c, type=ty)

    @staticmethod
    def _lower_constraint_comments(t: Table, note) -> Table:
        """`t` without its constraints' comments (SL-CONSTRAINTCOMMENT): an SQLite constraint carries none
        (https://www.sqlite.org/lang_createtable.html)."""
        def plain(x: Any) -> Any:
            if x.comment is None:
                return x
            note("SL-CONSTRAINTCOMMENT", x.name, f"comment of constraint {x.name}")
            return replace(x, comment=None)
        if t.primary_key_comment is not None:
            note("SL-CONSTRAINTCOMMENT", "primary key", "comment of the primary key")
        return replace(t, primary_key_comment=None, uniques=tuple(map(plain, t.uniques)),
                       checks=tuple(map(plain, t.checks)), foreign_keys=tuple(map(plain, t.foreign_keys)))

    @staticmethod
    def _lower_index(i: Index, note) -> Optional[Index]:
        on = ', '.join(p.label for p in i.parts)
        if i.comment is not None:
            note("SL-INDEXCOMMENT", i.name, f"comment of index {i.name}")
            i = replace(i, comment=None)
        if i.method is IndexMethod.GIN:
            note("SL-GIN", i.name, f"GIN index on {on}")
            return None
        if i.method is IndexMethod.FULLTEXT:
            note("SL-FULLTEXT", i.name, f"FULLTEXT index on {on}")
            return None
        if i.method is not IndexMethod.BTREE:
            note("SL-INDEX-METHOD", i.name, f"{i.method.value} index on {on}")
            i = replace(i, method=IndexMethod.BTREE)
        if any(p.opclass for p in i.parts):
            note("SL-OPCLASS", i.name, ", ".join(f"{p.label} {p.opclass}" for p in i.parts if p.opclass))
            i = replace(i, parts=tuple(replace(p, opclass=None) for p in i.parts))
        if i.include:
            note("SL-INCLUDE", i.name, f"INCLUDE ({', '.join(i.include)})")
            extra = () if i.unique else tuple(IndexPart(column=name) for name in i.include)
            i = replace(i, parts=i.parts + extra, include=())
        if any(p.prefix is not None for p in i.parts):
            note("SL-PREFIX", i.name, ", ".join(f"{p.label}({p.prefix})" for p in i.parts if p.prefix))
            return replace(i, parts=tuple(replace(p, prefix=None) for p in i.parts))
        return i

    @staticmethod
    def _lower_fk(t: Table, f: ForeignKey, note) -> Optional[ForeignKey]:
        if t.referenced_key(f) != (t.namespace, f.ref_table):
            note("SL-XFK", f.name, f"references {f.ref_namespace}.{f.ref_table}")
            return None
        return replace(f, ref_namespace=None)

    def _text_form(self, schema: Schema) -> list[Degradation]:
        kinds = {c.type.kind for t in schema.tables for c in t.columns} & set(_TEXT_FORMS)
        if not kinds:
            return []
        names = ", ".join(k.value for k in _TEXT_FORMS if k in kinds)
        return [self._degradation("SL-TEXTFORM", "*", names, f"{names} input in any spelling")]

    # -- rendering ----------------------------------------------------------------------
    def render(self, schema: Schema) -> list[Statement]:
        """PRAGMA, ATTACHes, then each table with its indexes and triggers."""
        out = [Statement("PRAGMA foreign_keys = ON", kind="pragma", transactional=False)]
        out += [Statement(f"ATTACH DATABASE {namespace_file_sql(ns)} AS {self.quote(ns)}",
                          kind="attach", transactional=False) for ns in schema.namespaces]
        # SQLite checks foreign keys when rows change, not at CREATE TABLE, so every FK is
        # inline, even circular ones (https://www.sqlite.org/foreignkeys.html#fk_schemacommands).
        for t in creation_order(schema).tables:
            out += self.table_statements(t)
        return out + self.code().statements(schema, before=False) + creation_statements(schema.views, self.create_view)

    def create_view(self, v) -> list[Statement]:
        """CREATE VIEW of a lowered view (dialects/sqlite/views.py)."""
        return sl_views.create(self, v)

    def drop_view(self, v) -> list[Statement]:
        """DROP VIEW (a changed view is dropped and created again: no OR REPLACE)."""
        return sl_views.drop(self, v)

    def table_statements(self, t: Table) -> list[Statement]:
        """CREATE TABLE, then its indexes and triggers."""
        return [Statement(self.create_table(t), kind="table", table=t.qualified)] + self.table_extras(t)

    def table_extras(self, t: Table) -> list[Statement]:
        """The indexes and triggers of `t` (they go with the table when it is dropped)."""
        return [self.index_statement(t, i) for i in t.indexes] + self.triggers(t)

    def index_statement(self, t: Table, i: Index) -> Statement:
        """CREATE INDEX of `i` as a Statement."""
        return Statement(self.create_index(t, i), kind="index", table=t.qualified)

    def drop_index(self, t: Table, name: str) -> Statement:
        """DROP INDEX; in an attached database the schema prefixes the index name."""
        return Statement(f"DROP INDEX {self.qualify(t.namespace, name)}", kind="index", table=t.qualified)

    def create_table(self, t: Table) -> str:
        """CREATE TABLE ... STRICT, one item per line, comments as line comments."""
        items = [self.column_sql(c, t.strict) for c in t.columns] + self._table_constraints(t)
        notes = [c.comment for c in t.columns] + [None] * (len(items) - len(t.columns))
        lines = [f"  {item}{',' if n < len(items) - 1 else ''}{line_comment(note)}"
                 for n, (item, note) in enumerate(zip(items, notes))]
        head = f"CREATE TABLE {self.table_name(t)} ({line_comment(t.comment)}"
        return "\n".join([head, *lines, ") STRICT" if t.strict else ")"])

    def column_sql(self, c: Column, strict: bool = True) -> str:
        """One column definition: in a STRICT table its storage class and type CHECK, in a loose one
        (`Table.strict` False) the type's declared name (`storage.loose_type`) alone."""
        loose = None if strict else loose_type(c.type)
        declared = IDENTITY_STORAGE if c.identity else loose if loose is not None else self._storage(c.type)
        # No declared type at all (a native type spelled ''): the name alone.
        parts = [self.quote(c.name)] + ([declared] if declared else [])
        if c.collation is not None:
            parts.append(f"COLLATE {c.collation.name}")
        elif c.type.kind is Kind.CHAR:
            parts.append(f"COLLATE {CHAR_COLLATION}")
        if not c.nullable:
            parts.append("NOT NULL")
        if c.identity:
            # AUTOINCREMENT: a deleted row's id is never handed out again, as with a
            # PostgreSQL identity (https://www.sqlite.org/autoinc.html).
            parts.append("PRIMARY KEY AUTOINCREMENT")
        if c.default is not None:
            parts.append("DEFAULT " + self.default_sql(c))
        if c.generated is not None:
            # https://www.sqlite.org/gencol.html: STORED or VIRTUAL, as in the model.
            kind = "STORED" if c.generated.stored else "VIRTUAL"
            parts.append(f"GENERATED ALWAYS AS ({self.expression(c.generated.expression)}) {kind}")
        spec = type_spec(c.type) if loose is None else None
        if spec is not None:
            parts.append(f"CONSTRAINT {self.quote(TYPE_PREFIX + c.name + ':' + spec)} CHECK ({self.type_check(c)})")
        return " ".join(parts)

    @staticmethod
    def _storage(ty: ColumnType) -> str:
        """The STRICT storage class of `ty`; a native type of SQLite as written (one STRICT allows)."""
        return str(ty.native) if ty.kind is Kind.NATIVE else STORAGE[ty.kind]

    def type_check(self, c: Column) -> str:
        """The CHECK body narrowing the storage class to the model type (`storage.type_check`)."""
        return type_check(c)

    def default_sql(self, c: Column) -> str:
        """The DEFAULT clause value of `c`."""
        d = c.declared_default
        if d.kind is DefaultKind.EXPRESSION:
            return f"({self.expression(str(d.value))})"  # https://www.sqlite.org/lang_createtable.html#dfltval
        if d.kind is DefaultKind.NOW:
            return f"({NOW_SQL[Kind.DATE if c.type.kind is Kind.DATE else Kind.TIMESTAMP]})"
        if d.kind is DefaultKind.UUID4:
            return f"({UUID4_SQL})"
        if c.type.kind is Kind.DECIMAL and not isinstance(d.value, bool):
            return str(Decimal(str(d.value)))
        if c.type.kind in BINARY_KINDS:
            return f"X'{str(d.value).lower()}'"  # a blob literal (https://www.sqlite.org/lang_expr.html#literal_values_constants_)
        if c.type.kind in FLOAT_KINDS:
            return float_literal(float(d.value))  # type: ignore[arg-type]
        if c.type.is_textual or c.type.kind in (Kind.JSON, Kind.TIMESTAMP, Kind.DATE, Kind.TIME):
            return self.literal(str(d.value))
        return self.literal(d.value)

    def literal(self, value) -> str:
        """A SQL literal; booleans are 1 and 0 (SQLite stores them as integers)."""
        if isinstance(value, bool):
            return "1" if value else "0"
        # Only strings are memoised: the cache would not tell 1 from 1.0.
        return _cached(Dialect.literal, self, value) if isinstance(value, str) else super().literal(value)

    def quote(self, name: str) -> str:
        """A quoted identifier (memoised: rendering 1,000 tables quotes ~50,000 names)."""
        return _cached(Dialect.quote, self, name)

    def expression(self, sql: str) -> str:
        """Canonical SQL rendered for SQLite (memoised by text)."""
        return _cached(Dialect.expression, self, sql)

    def _table_constraints(self, t: Table) -> list[str]:
        out = []
        if t.primary_key and not any(c.identity for c in t.columns):
            out.append(f"PRIMARY KEY ({self._names(t.primary_key)})")
        out += [self._fk_sql(f) for f in t.foreign_keys]
        out += [f"CONSTRAINT {self.quote(u.name)} UNIQUE ({self._names(u.columns)})" for u in t.uniques]
        out += [f"CONSTRAINT {self.quote(k.name)} CHECK ({self.expression(k.expression)})" for k in t.checks]
        return out

    def _fk_sql(self, f: ForeignKey) -> str:
        return f"CONSTRAINT {self.quote(f.name)} FOREIGN KEY ({self._names(f.columns)}) {self._references(f)}"

    def column_fk_sql(self, f: ForeignKey) -> str:
        """A one-column foreign key as a column constraint (the form ALTER TABLE ADD COLUMN takes)."""
        return f"CONSTRAINT {self.quote(f.name)} {self._references(f)}"

    def _references(self, f: ForeignKey) -> str:
        sql = f"REFERENCES {self.quote(f.ref_table)} ({self._names(f.ref_columns)})"
        if f.on_delete is not Action.NO_ACTION:
            sql += f" ON DELETE {f.on_delete.value}"
        if f.on_update is not Action.NO_ACTION:
            sql += f" ON UPDATE {f.on_update.value}"
        return sql

    def _names(self, names: Sequence[str]) -> str:
        return ", ".join(self.quote(n) for n in names)

    def create_index(self, t: Table, i: Index) -> str:
        """CREATE [UNIQUE] INDEX; in an attached database the schema prefixes the index name.

        https://www.sqlite.org/lang_createindex.html: ``CREATE INDEX schema.index ON table``.
        """
        parts = ", ".join(self._index_part(p) for p in i.parts)
        sql = (f"CREATE {'UNIQUE ' if i.unique else ''}INDEX {self.qualify(t.namespace, i.name)} "
               f"ON {self.quote(t.name)} ({parts})")
        return sql if i.where is None else f"{sql} WHERE {self.expression(i.where)}"

    def _index_part(self, p) -> str:
        sql = self.quote(p.column) if p.column is not None else f"({self.expression(p.expression)})"
        return f"{sql} DESC" if p.desc else sql

    # -- triggers ------------------------------------------------------------------------
    def triggers(self, t: Table) -> list[Statement]:
        """The on_update_now and state machine triggers of `t`."""
        sqls = [self.on_update_trigger(t, c) for c in t.columns if c.on_update_now]
        sqls += [self.state_machine_trigger(t, m) for m in t.state_machines]
        return [self.trigger_statement(t, s) for s in sqls]

    @staticmethod
    def trigger_statement(t: Table, sql: str) -> Statement:
        """A CREATE TRIGGER text as a Statement (its body holds semicolons)."""
        return Statement(sql, kind="trigger", compound=True, table=t.qualified)

    def drop_trigger(self, t: Table, name: str, if_exists: bool = False) -> Statement:
        """DROP TRIGGER of schemakit's trigger `name` on `t` (with `if_exists`: IF EXISTS)."""
        return Statement(f"DROP TRIGGER {'IF EXISTS ' if if_exists else ''}{self.qualify(t.namespace, name)}",
                         kind="trigger", table=t.qualified)

    def support_objects(self, schema: Schema) -> list[SupportObject]:
        """Each table's triggers (`triggers`: on_update_now, state machines), both read back by introspection,
        created again by DROP TRIGGER IF EXISTS and CREATE TRIGGER."""
        out = []
        for t in schema.tables:
            made = [(self.on_update_name(t, c.name), self.on_update_trigger(t, c), f"an UPDATE does not set "
                     f"{c.name} to now()") for c in t.columns if c.on_update_now]
            made += [(self.state_machine_name(m), self.state_machine_trigger(t, m), f"an UPDATE of {m.column} is "
                      f"not checked against state machine {m.name}") for m in t.state_machines]
            out += [SupportObject("trigger", t.namespace, t.name, name, what, True, (
                self.drop_trigger(t, name, if_exists=True), self.trigger_statement(t, sql))) for name, sql, what in made]
        return out

    def live_support(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)
                     ) -> dict[tuple[Optional[str], str, str], LiveSupport]:
        """schemakit's triggers on the tables of `namespaces` (`objects.support`)."""
        from . import objects
        return objects.support(conn, namespaces)

    @staticmethod
    def on_update_name(t: Table, column: str) -> str:
        """The name of the trigger behind `on_update_now` of `column`."""
        return f"{ON_UPDATE_PREFIX}{t.name}:{column}"

    @staticmethod
    def state_machine_name(m: StateMachine) -> str:
        """The name of the trigger enforcing `m`."""
        return MACHINE_PREFIX + m.name

    def on_update_trigger(self, t: Table, c: Column) -> str:
        """AFTER UPDATE: set `c` to now when the UPDATE left it unchanged.

        The trigger's own UPDATE does not fire it again: recursive_triggers is off
        by default (https://www.sqlite.org/pragma.html#pragma_recursive_triggers).
        Table names inside a trigger body are unqualified: they resolve in the
        trigger's database (https://www.sqlite.org/lang_createtrigger.html).
        """
        col = self.quote(c.name)
        name = self.qualify(t.namespace, self.on_update_name(t, c.name))
        return (f"CREATE TRIGGER {name} AFTER UPDATE ON {self.quote(t.name)} FOR EACH ROW "
                f"WHEN NEW.{col} IS OLD.{col} BEGIN UPDATE {self.quote(t.name)} SET {col} = "
                f"{NOW_SQL[Kind.TIMESTAMP]} WHERE {self._row_match(t)}; END")

    def _row_match(self, t: Table) -> str:
        keys = t.primary_key or ("rowid",)
        return " AND ".join(f"{self.quote(k)} = NEW.{self.quote(k)}" for k in keys)

    def state_machine_trigger(self, t: Table, m: StateMachine) -> str:
        """BEFORE UPDATE OF the column: abort a change that is not a listed transition.

        ``pair IN (...) IS NOT 1`` is also true when the IN is NULL (a NULL state),
        so a NULL state changes only along a listed transition, as in the model.
        """
        col = self.quote(m.column)
        name = self.qualify(t.namespace, self.state_machine_name(m))
        when = f"NEW.{col} IS NOT OLD.{col}"
        if m.transitions:
            pairs = ", ".join(f"({self.literal(a)}, {self.literal(b)})" for a, b in m.transitions)
            when += f" AND ((OLD.{col}, NEW.{col}) IN (VALUES {pairs})) IS NOT 1"
        message = self.literal(f"{m.name}: {m.column} cannot change this way")
        return (f"CREATE TRIGGER {name} BEFORE UPDATE OF {col} ON {self.quote(t.name)} FOR EACH ROW "
                f"WHEN {when} BEGIN SELECT RAISE(ABORT, {message}); END")

    # -- expressions ---------------------------------------------------------------------
    def transform_expression(self, tree: exp.Expression) -> exp.Expression:
        """Quote every identifier; guard json_array_length (functions were renamed by lower()); write
        a formatted time as strftime(format, value), as it is read (`_strftime`)."""
        return tree.transform(_quoted).transform(_guard_length).transform(_strftime).transform(like_escape)

    # -- migrations ----------------------------------------------------------------------
    def plan_changes(self, old: Schema, new: Schema, changes: Sequence[Change]) -> list[Step]:
        """Steps with rollbacks for typed changes (see `dialects.sqlite.plan`)."""
        from . import plan
        return plan.plan(self, old, new, changes)

    # -- introspection -------------------------------------------------------------------
    def introspect(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,),
                   tables: Optional[Collection[TableKey]] = None, skipped: Optional[list] = None) -> Schema:
        """Read the tables of `namespaces` (None: main), or only `tables`, with a few bulk catalog queries each."""
        from . import introspect
        return introspect.introspect(conn, namespaces, tables, skipped)

    def objects(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)) -> list[DbObject]:
        """Every object of `namespaces` beside their tables (`sqlite/objects.py`)."""
        from . import objects
        return objects.objects(conn, namespaces)

    def code_objects(self, conn: Any, namespaces: Sequence[Optional[str]],
                     tables: Optional[Collection[tuple[Optional[str], str]]] = None) -> tuple[tuple, tuple, tuple]:
        """(sequences, routines, user triggers) as `inspect` reads them (`introspect.code_objects`)."""
        from . import introspect
        return introspect.code_objects(conn, namespaces, tables)

    def table_names(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)) -> list[tuple[Optional[str], str]]:
        """(namespace, name) of each table `introspect` reads, from sqlite_schema alone."""
        from . import introspect
        return introspect.table_names(conn, namespaces)

    # -- connections and scripts ---------------------------------------------------------
    def connect(self, url: DbUrl) -> sqlite3.Connection:
        """An autocommit connection with foreign keys enforced, to an existing database file:
        a missing one is `NoSuchDatabase` (never created here; `create_database` and
        `ensure_database` create files).

        Foreign key enforcement is off unless enabled per connection
        (https://www.sqlite.org/foreignkeys.html#fk_enable).
        """
        conn = open_existing(url.database_name, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def missing_database(self, error: BaseException) -> bool:
        """`connect` (or schemakit's yoyo backend) found no database file."""
        return isinstance(error, NoSuchDatabase)

    def password_hint(self, url: DbUrl) -> str:
        """SQLite has no password."""
        return ""

    def prepare_connection(self, conn: sqlite3.Connection, namespaces: Sequence[str]) -> None:
        """Enforce foreign keys and attach each namespace's file beside the main database.

        Migration runners open their own connections and run steps in a transaction,
        where ATTACH is not allowed (https://www.sqlite.org/lang_attach.html).
        """
        conn.execute("PRAGMA foreign_keys = ON")
        for ns in namespaces:
            attach(conn, ns)

    def tenant_url(self, url: DbUrl, namespace: str, template: Optional[str] = None) -> DbUrl:
        """The file of `namespace` beside the main file (`storage.namespace_file`: ``<stem>.<namespace>.db``,
        or the ``<namespace>.db`` an earlier schemakit made), as a database of its own."""
        if url.database_name in ("", ":memory:"):
            raise BadUrl(f"tenant {namespace}: {url.redacted} is in memory, so the tenant's file has no folder: "
                         "use a database file")
        main = Path(url.database_name)
        if not main.exists():
            return url.with_database(str(main.parent / storage.scoped_name(main, namespace)))
        conn = open_existing(str(main))
        try:
            return url.with_database(str(storage.namespace_file(conn, namespace)))
        finally:
            conn.close()

    def namespace_exists(self, url: DbUrl, conn: Any = None) -> bool:
        """The tenant's file exists."""
        return Path(url.database_name).is_file()

    def tenant_namespaces(self, url: DbUrl, prefix: str, template: Optional[str] = None) -> list[str]:
        """The namespaces starting with `prefix` whose file (``<main stem>.<namespace>.db``) is beside the main
        file (`storage.scoped_namespaces`); none for a database in memory."""
        if url.database_name in ("", ":memory:"):
            return []
        return storage.scoped_namespaces(Path(url.database_name), prefix)

    def ensure_database(self, url: DbUrl, folders: bool = False) -> None:
        """Create the database file `url` names unless it exists; its folder too with `folders` (schemakit's
        default folder), else a missing folder is a FileNotFoundError naming it as an absolute path: a mistyped
        folder, or ``sqlite:///tmp/x.db`` (three slashes: a relative path) meant as an absolute one, makes no
        folder and no database, as sqlite3 itself makes none (https://www.sqlite.org/c3ref/open.html).

        A zero-length file is a valid empty database (https://www.sqlite.org/fileformat.html).
        """
        path = Path(url.database_name)
        if folders:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.parent.is_dir():
            folder = path.parent.absolute()
            raise FileNotFoundError(f"no folder {folder}: create it (mkdir -p {shlex.quote(str(folder))}) or correct the "
                                    "path (sqlite:///x.db is relative to the working folder, sqlite:////x.db absolute)")
        path.touch(exist_ok=True)

    def sibling_database(self, url: DbUrl, suffix: str) -> DbUrl:
        """The file beside `url` for one of several systems: ``<stem>_<suffix><ext>``."""
        stem = Path(url.database_name)
        return DbUrl(ENGINE, database=str(stem.with_name(f"{stem.stem}_{suffix}{stem.suffix or '.db'}")))

    def create_database(self, url: DbUrl, name: str) -> DbUrl:
        """An empty database file `name`.db in the directory of `url` (or `url` itself if a directory).

        A zero-length file is a valid empty database (https://www.sqlite.org/fileformat.html).
        """
        path = _directory(url) / f"{name}.db"
        path.touch()
        return DbUrl(ENGINE, database=str(path))

    def drop_database(self, url: DbUrl, name: str) -> None:
        """Delete `name`.db and its journal files.

        Namespace files (``<name>.<namespace>.db`` beside it, `storage.scoped_name`) are not
        deleted: SQLite keeps no record of what was attached, and a pattern ``<name>.*.db`` would
        also match another main file (``<name>.v2.db``).
        """
        path = _directory(url) / f"{name}.db"
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def yoyo_backend_class(self) -> type:
        """yoyo's sqlite3 backend, opening only an existing file (see `yoyo_backend`)."""
        return yoyo_backend()

    def client_command(self, url: DbUrl) -> list[str]:
        """sqlite3 reading the script on stdin, stopping at the first error."""
        return ["sqlite3", "-bail", url.database_name]

    # How sqlite3 refuses what -safe turned off: "cannot run .shell in safe mode".
    CLIENT_COMMAND_REFUSED = re.compile(r"in safe mode")

    def foreign_client_command(self, url: DbUrl) -> list[str]:
        """sqlite3 -safe: it refuses .shell, .system, .output, .once, .import, .open, .load, .read, ATTACH and
        the functions that reach files (writefile(), load_extension()) (https://www.sqlite.org/cli.html, "The
        --safe command-line option")."""
        return ["sqlite3", "-safe", "-bail", url.database_name]

    def script(self, statements: Sequence[Statement]) -> str:
        """The statements, with the transactional ones inside BEGIN ... COMMIT.

        ATTACH cannot run inside a transaction and PRAGMA foreign_keys is a no-op there
        (https://www.sqlite.org/lang_attach.html, https://www.sqlite.org/foreignkeys.html#fk_enable).
        """
        out = []
        for transactional, group in itertools.groupby(statements, key=lambda s: s.transactional):
            body = "".join(f"{s.sql};\n" for s in group)
            out.append(f"BEGIN;\n{body}COMMIT;\n" if transactional else body)
        return "".join(out)

    def tenant_script(self, statements: Sequence[Statement], namespaces: Sequence[str],
                      template: Optional[str] = None) -> tuple[list[str], str]:
        """Each tenant in its file beside the main one, as `migrate` puts it: the ATTACH computes the path
        from the main file's (`dialects.sqlite.storage.namespace_file_sql`)."""
        return [f"-- tenants: file <main file's stem>.{ns}.db beside the database file this script runs on, "
                "whatever the working folder (the ATTACH below computes the path)" for ns in namespaces], \
            self.script(statements)

    def run_statements(self, conn: Any, statements: Sequence[str]) -> None:
        """Execute `statements` in order, in the connection's transaction, keeping what the user made beside a
        table they rebuild (`dialects.sqlite.beside`)."""
        beside.run(conn, statements)

    def apply(self, conn: sqlite3.Connection, statements: Sequence[Statement]) -> None:
        """Run the statements; transactional runs are all-or-nothing, ATTACH paths resolved.

        A relative ATTACH path is taken relative to the main database file's directory,
        as the native client does when it runs in that directory.
        """
        for transactional, group in itertools.groupby(statements, key=lambda s: s.transactional):
            if transactional:
                _run_in_transaction(conn, list(group))
            else:
                for s in group:
                    _run_outside(conn, s)

    # -- the migration lock: flock on a lock file beside the database, see dialects/lock.py --
    def try_lock(self, conn: Any, url: DbUrl, holder: Any) -> Any:
        """flock(LOCK_EX | LOCK_NB) on ``<database>-migrate.lock`` (`conn` is not involved)."""
        from . import lock
        return lock.try_lock(url.database_name, holder)

    def release_lock(self, conn: Any, held: Any) -> None:
        """Remove the lock file and unlock it."""
        from . import lock
        lock.release_lock(held)

    def lock_holder(self, conn: Any, url: DbUrl) -> Any:
        """The holder the lock file names, while a process holds it."""
        from . import lock
        return lock.lock_holder(url.database_name)

    replica_limitation = "SQLite is a file with no server: it has no replicas to wait for"

    def unwritable(self, url: DbUrl) -> Optional[str]:
        """A read-only database file, or a read-only folder (SQLite writes its journal there)."""
        from . import lock
        return lock.unwritable(url.database_name)


@lru_cache(maxsize=65536)
def like_escape(node: exp.Expression) -> exp.Expression:
    """A LIKE whose pattern may hold a backslash, with ESCAPE '\\': PostgreSQL's and MySQL's LIKE take a backslash
    as their escape character (https://www.postgresql.org/docs/15/functions-matching.html#FUNCTIONS-LIKE), SQLite's
    LIKE has none unless ESCAPE names one (https://www.sqlite.org/lang_expr.html#like), so '%\\_%' matched a
    backslash there. A literal pattern without a backslash is left as it is (the same either way);
    `introspect._from_sqlite` reads ESCAPE '\\' back off."""
    if not isinstance(node, (exp.Like, exp.ILike)) or isinstance(node.parent, exp.Escape):
        return node
    pattern = node.expression
    if isinstance(pattern, exp.Literal) and pattern.is_string and "\\" not in pattern.this:
        return node
    return exp.Escape(this=node.copy(), expression=exp.Literal.string("\\"))


def _cached(method, dialect: Dialect, arg) -> str:
    """method(dialect, arg), remembered: sqlglot generation is pure but not cheap."""
    return method(dialect, arg)


# What a generated column may not call: SQLite creates the table, then refuses every row ("non-deterministic
# functions prohibited in generated columns", https://www.sqlite.org/gencol.html#limitations).
NON_DETERMINISTIC = frozenset({"random", "randomblob", "changes", "last_insert_rowid", "total_changes"})
_NOW = (exp.CurrentDate, exp.CurrentTime, exp.CurrentTimestamp)


def _missing_functions(tree: exp.Expression, deterministic: bool = False) -> set[str]:
    """The functions `tree` (an expression in SQLite's dialect) calls that SQLite does not have; with
    `deterministic`, also those whose value changes from call to call (the current time, random)."""
    out = set()
    if any(True for _ in tree.find_all(exp.RegexpLike)):  # x REGEXP y calls the user function regexp()
        out.add("regexp")
    for collate in tree.find_all(exp.Collate):  # SQLite has BINARY, NOCASE and RTRIM; another name fails every
        name = collate.expression.name  # statement reading it (https://www.sqlite.org/datatype3.html#collation)
        if name.upper() not in ("BINARY", "NOCASE", "RTRIM"):
            out.add(f"collation {name}")
    for node in tree.find_all(exp.Func):
        if isinstance(node, exp.Connector):  # AND / OR: operators, though sqlglot makes them functions
            continue
        text = node.sql(dialect=ENGINE)
        name = text.split("(", 1)[0].strip().lower() if "(" in text else ""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):  # an operator whose operand calls a function
            name = ""
        if name and name not in BUILTIN_FUNCTIONS and not isinstance(node, (exp.Cast, exp.Case, exp.If)):
            out.add(name)
        if deterministic and (name in NON_DETERMINISTIC or isinstance(node, _NOW) or "'now'" in text.lower()):
            out.add(f"{name or text.lower()} (non-deterministic)")
    return out


_DATE_TYPES = (exp.DataType.Type.DATE, exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPTZ)


def _date_arithmetic(sql: str) -> set[str]:
    """{"date arithmetic"} when canonical `sql` adds to or subtracts from a date or time: SQLite holds
    them as text, and ``date(x) + 14`` is the number 2040, not a date
    (https://www.sqlite.org/lang_datefunc.html: date arithmetic is date(x, '+14 days'))."""
    def temporal(node: exp.Expression) -> bool:
        while isinstance(node, exp.Paren):
            node = node.this
        return (isinstance(node, (*_NOW, exp.Interval))
                or (isinstance(node, exp.Cast) and node.to.this in _DATE_TYPES))
    try:
        tree = cexpr.parse(sql)
    except cexpr.ExpressionError:
        return set()
    return {"date arithmetic"} if any(temporal(n.this) or temporal(n.expression)
                                      for n in tree.find_all(exp.Add, exp.Sub)) else set()


def _strftime(node: exp.Expression) -> exp.Expression:
    """``to_char(CAST(x AS timestamp), f)`` (how ``strftime(f, x)`` reads) as ``strftime(f, x)``: sqlglot
    would write ``strftime(f, datetime(x))``, which drops x's fractional seconds before formatting and
    reads back as another expression (https://www.sqlite.org/lang_datefunc.html)."""
    if isinstance(node, exp.TimeToStr):
        inner = node.this
        if isinstance(inner, exp.TsOrDsToTimestamp) or (
                isinstance(inner, exp.Cast) and inner.to.this is exp.DataType.Type.TIMESTAMP):
            node.set("this", inner.this)
    return node


def _quoted(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Identifier):
        node.set("quoted", True)
    return node


def _json_function(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Anonymous) and str(node.this).lower() in FUNCTIONS:
        node.set("this", FUNCTIONS[str(node.this).lower()])
    elif isinstance(node, exp.ArraySize):
        # array_length(a, 1) is NULL for an empty array, json_array_length 0
        # (https://www.postgresql.org/docs/current/functions-array.html); arrays are one-dimensional.
        length = exp.Anonymous(this="json_array_length", expressions=[node.this.copy()])
        return exp.Nullif(this=length, expression=exp.Literal.number(0))
    return node


@overload
def lower_sql(sql: str) -> str: ...
@overload
def lower_sql(sql: Optional[str]) -> Optional[str]: ...
def lower_sql(sql: Optional[str]) -> Optional[str]:
    """Canonical `sql` with array and jsonb functions rewritten for json; unchanged text otherwise."""
    if sql is None:
        return None
    tree = cexpr.parse(sql)
    lowered = tree.copy().transform(_json_function)
    return sql if lowered == tree else lowered.sql(dialect=cexpr.CANONICAL)


def _lower_index_sql(i: Index) -> Index:
    parts = tuple(replace(p, expression=lower_sql(p.expression)) for p in i.parts)
    return replace(i, parts=parts, where=lower_sql(i.where))


def line_comment(text: Optional[str]) -> str:
    """`text` as a trailing ``-- `` comment; backslash, CR and LF escaped so it stays on one line."""
    if not text:
        return ""
    return " -- " + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def yoyo_backend() -> type:
    """yoyo's sqlite3 backend opening only an existing file (`dialects.sqlite.backend`); yoyo
    is imported only when a backend is asked for."""
    from .backend import SQLiteBackend
    return SQLiteBackend


def _directory(url: DbUrl) -> Path:
    path = Path(url.database or ".")
    return path if path.is_dir() else path.parent


def _run_outside(conn: sqlite3.Connection, s: Statement) -> None:
    if s.kind == "attach":
        from .introspect import parse_attach
        file, namespace = parse_attach(s.sql)
        attach(conn, namespace, file)  # file None: an ATTACH of `namespace_file_sql`
    else:
        conn.execute(s.sql)


def _run_in_transaction(conn: sqlite3.Connection, statements: list[Statement]) -> None:
    conn.execute("BEGIN")
    try:
        beside.run(conn, [s.sql for s in statements])
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


DIALECT = register(SQLiteDialect())
