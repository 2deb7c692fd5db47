"""PostgreSQL 15: lowering, DDL rendering, connections and apply.

PostgreSQL is the reference engine: it expresses almost the whole model
natively. What it cannot express is lowered with a `Degradation`:

- ``PG-PREFIX``: prefix-length index parts (``token(32)``). A plain index
  indexes the whole value instead; a UNIQUE one indexes ``left(col, N)`` so
  that uniqueness is still judged on the prefix.
- ``PG-ON-UPDATE``: `on_update_now` is a BEFORE UPDATE trigger, which cannot
  see the UPDATE's target list: assigning the column its current value counts
  as not setting it, and the column gets now().
- Types PostgreSQL lacks (tinyint, unsigned integers, year, set, varbinary(n),
  binary(n)) are the next wider native type plus a storage CHECK
  (`dialects.postgres.storage`), read back as the model type. What still
  differs: ``PG-UNSIGNED64`` (unsigned bigint is bigint >= 0), ``PG-BINARY-PAD``
  (binary(n) is not zero-padded), ``PG-SET-ORDER`` (a set is stored as
  written), ``PG-ARRAY-ITEM`` (an array of such items is an array of the
  native type: the CHECK covers a scalar column only).

Column, index and table options (issue #14) are native where PostgreSQL 15 has them: identity
GENERATED ALWAYS or BY DEFAULT (also inside a composite key), defaults computed by SQL expressions
(rendered from canonical SQL through sqlglot), STORED generated columns, ``COLLATE`` of a PostgreSQL
collation, index methods hash, gist, brin and spgist, operator classes, INCLUDE, and native types of
PostgreSQL rendered as written (write them as ``format_type()`` prints them: ``inet``,
``bit varying(16)``, so that they read back equal). What differs:

- ``PG-VIRTUAL``: a VIRTUAL generated column is STORED (PostgreSQL 15 has no virtual ones).
- ``PG-GENERATED-CHAIN``: a generated column using another one has that column's expression in its place.
- ``PG-COLLATION``: a collation of another engine, or a table's default collation (PostgreSQL
  tables have none), is the database default.
- ``PG-CHARSET``, ``PG-LOOSE``: a table's character set is the database encoding, and a loosely
  typed table (SQLite without STRICT) is typed.
- ``PG-FULLTEXT``: a FULLTEXT index is a GIN index over ``to_tsvector('simple', ...)``.
- ``PG-NATIVE``: a native type of another engine is text.
- ``PG-KNOWN-DEFAULT``: an expression default that is one of the model's own as PostgreSQL stores
  it (``default_sql("now()")`` is the now default, ``default_sql("42")`` the literal 42) is that
  default: the two cannot be told apart when read back.

Triggers carry what DDL cannot: on_update_now, state machines (rejected with
SQLSTATE 23514 and the machine's name as the error's constraint name), and
advancing an identity sequence past explicitly inserted ids, as MySQL and
SQLite do. Their functions and triggers are named ``sk_...``;
`dialects.postgres.introspect` reads them back into the model, and
`dialects.postgres.plan` plans migrations with the renderers here.
"""
from __future__ import annotations

import atexit
import hashlib
import datetime as dt
import math
import os
import re
import subprocess
import tempfile
import uuid
from dataclasses import replace
from functools import lru_cache
from typing import Any, Collection, Optional, Sequence
from urllib.parse import quote as urlquote, urlencode

import psycopg
from sqlglot import exp

from schemakit.schema import domains, expr as cexpr
from schemakit.schema.diff import Change, Constraint, TableKey
from schemakit.schema.model import (
    BINARY_KINDS, FLOAT_KINDS, GEN_UUID, NOW, Action, Check, Column, ColumnType, Composite, Default, DefaultKind, Domain,
    Exclusion, Extension,
    FUTURE, ForeignKey, Index, IndexMethod, IndexPart, Kind, PartitionMethod, Schema, StateMachine, Table, Unique,
)

from . import extensions as pg_extensions, functions, introspect, plan as planner, storage, views as pg_views
from ..index_names import index_renames, renamed
from ..registry import register
from .degradations import DEGRADATIONS
from ..base import (
    DbObject, Degradation, Dialect, LiveSupport, Lowered, Order, Statement, Step, SupportObject, UnsafeClient,
    creation_order, short_name, without_glob,
)
from ..urls import BadUrl, DbUrl, any_param, choice_param, integer_param, shown_name, text_param
from ..views import creation_statements, lower_views

ENGINE = "postgres"

# An identity drawn from the sequence its column owns, by integer type: smallserial, serial, bigserial
# (https://www.postgresql.org/docs/15/datatype-numeric.html#DATATYPE-SERIAL).
SERIALS = {"SMALLINT": "SMALLSERIAL", "INTEGER": "SERIAL", "BIGINT": "BIGSERIAL"}
NOW_SQL = {Kind.DATE: "CURRENT_DATE"}  # any other kind: CURRENT_TIMESTAMP
# the model's kind of a cast to a date or timestamp type (sqlglot's types), for ('now'::text)::date
_NOW_CAST_KINDS = {exp.DataType.Type.DATE: Kind.DATE, exp.DataType.Type.TIMESTAMP: Kind.TIMESTAMP,
                   exp.DataType.Type.TIMESTAMPTZ: Kind.TIMESTAMPTZ}

# Partition bound literals per column kind. A timestamptz bound carries an explicit
# offset so the session TimeZone cannot shift it
# (https://www.postgresql.org/docs/15/datatype-datetime.html#DATATYPE-TIMEZONES).
BOUND_FORMAT = {Kind.DATE: "%Y-%m-%d", Kind.TIMESTAMP: "%Y-%m-%d %H:%M:%S",
                Kind.TIMESTAMPTZ: "%Y-%m-%d %H:%M:%S+00:00"}

# JSON functions whose jsonb twin has another name (canonical SQL uses the json spelling).
JSONB_FUNCTIONS = {"json_array_length": "jsonb_array_length"}

# Degradations of a column type whose schema PostgreSQL holds exactly but whose values behave otherwise.
TYPE_BEHAVIOURS = (
    ("PG-UNSIGNED64", lambda ty: ty.kind is Kind.BIGINT and ty.unsigned),
    ("PG-BINARY-PAD", lambda ty: ty.kind is Kind.BINARY),
    ("PG-SET-ORDER", lambda ty: ty.kind is Kind.SET),
)

DOLLAR_TAG = "$sk$"

# A transaction that creates thousands of tables with their indexes exhausts the lock
# table (max_locks_per_transaction = 64 per connection by default:
# https://www.postgresql.org/docs/15/runtime-config-locks.html), so apply() commits
# every APPLY_CHUNK statements. A failed apply leaves the earlier chunks in place.
APPLY_CHUNK = 100


DO_TAG = "$sk_do$"  # the dollar quote of schemakit's DO blocks

# timestamptz values are read back in the session time zone
# (https://www.postgresql.org/docs/15/datatype-datetime.html#DATATYPE-TIMEZONES): UTC, as on the other engines.
SESSION_INIT = "SET TIME ZONE 'UTC'"

SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


SQLGLOT = introspect.SQLGLOT

# Collations of other engines an expression may name (SQLite's; MySQL's are <charset>_...): PostgreSQL has
# none of them (https://www.postgresql.org/docs/15/collation.html).
_FOREIGN_COLLATIONS = frozenset({"nocase", "rtrim", "binary"})
_MYSQL_COLLATION = re.compile(r"^(?:utf8|utf8mb3|utf8mb4|latin1|latin2|ascii|ucs2|utf16|utf16le|utf32|cp1250|cp1251|cp1252|"
                              r"binary|big5|gbk|gb2312|sjis|ujis|euckr|koi8r|greek|hebrew)_")
# What a rendered expression calls that is SQL syntax, not a function of pg_catalog.
_SYNTAX = frozenset({"coalesce", "nullif", "greatest", "least", "trim", "extract", "overlay", "array", "row", "any",
                     "all", "some", "exists", "cast", "try_cast", "current_user", "session_user", "user"})
_DT = exp.DataType.Type
_TIME_CASTS = (_DT.DATE, _DT.TIMESTAMP, _DT.TIMESTAMPTZ, _DT.TIME, _DT.TIMETZ, _DT.INTERVAL)
# date(x), timestamp(x)...: a cast written as a call (https://www.postgresql.org/docs/15/sql-expressions.html#SQL-SYNTAX-TYPE-CASTS)
_TIME_FUNCTIONS = {"date": _DT.DATE, "timestamp": _DT.TIMESTAMP, "timestamptz": _DT.TIMESTAMPTZ, "time": _DT.TIME,
                   "timetz": _DT.TIMETZ}
# The model types a cast to each date/time type is IMMUTABLE from; from text (DateStyle), or across time
# zones (TimeZone), it is only STABLE (https://www.postgresql.org/docs/15/xfunc-volatility.html).
_IMMUTABLE_FROM = {_DT.DATE: {Kind.DATE, Kind.TIMESTAMP}, _DT.TIMESTAMP: {Kind.DATE, Kind.TIMESTAMP},
                   _DT.TIMESTAMPTZ: {Kind.TIMESTAMPTZ}, _DT.TIME: {Kind.TIME, Kind.TIMESTAMP, Kind.INTERVAL},
                   _DT.TIMETZ: {Kind.TIMETZ, Kind.TIMESTAMPTZ}, _DT.INTERVAL: {Kind.INTERVAL, Kind.TIME}}


_SPECIAL_TIMES = frozenset({"now", "today", "tomorrow", "yesterday"})


def _frozen_now(node: Any) -> bool:
    """A cast of 'now' (or 'today'...) to a date/time type, as SQLite's date('now') reads: PostgreSQL
    converts the constant when it reads the expression, so a default would be the table's creation time
    (https://www.postgresql.org/docs/15/datatype-datetime.html#DATATYPE-DATETIME-SPECIAL-VALUES)."""
    if isinstance(node, exp.Cast) and node.to.this in _TIME_CASTS:
        arg = node.this
    elif isinstance(node, exp.Func) and type(node).__name__.lower() in {*_TIME_FUNCTIONS, "tsordstotimestamp"}:
        arg = node.this
    elif isinstance(node, exp.Anonymous) and str(node.this).lower() in _TIME_FUNCTIONS and len(node.expressions) == 1:
        arg = node.expressions[0]
    else:
        return False
    return isinstance(arg, exp.Literal) and arg.is_string and arg.this.strip().lower() in _SPECIAL_TIMES


def _immutable_cast(t: Table, arg: Optional[exp.Expression], to: Any) -> bool:
    """Whether casting `arg` (an expression of table `t`) to date/time type `to` is IMMUTABLE: only a
    column of a date/time type it converts without a time zone or DateStyle (`_IMMUTABLE_FROM`)."""
    while isinstance(arg, exp.Paren):
        arg = arg.this
    if not isinstance(arg, exp.Column):
        return False
    name = cexpr.column_name(arg)
    kinds = [c.type.kind for c in t.columns if c.name == name]
    return bool(kinds) and kinds[0] in _IMMUTABLE_FROM.get(to, set())


def _inline_generated(t: Table, sql: str) -> str:
    """Generated expression `sql` of table `t` with every generated column it uses replaced by that
    column's own expression (in parentheses, repeatedly: the model refuses a cycle). A generated column
    cannot refer to another one in PostgreSQL
    (https://www.postgresql.org/docs/15/ddl-generated-columns.html); MySQL and SQLite allow it."""
    generated = {c.name: c.generated.expression for c in t.columns if c.generated}
    tree = cexpr.parse(sql)
    if not any(cexpr.column_name(n) in generated for n in tree.find_all(exp.Column)):
        return sql

    def inline(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and cexpr.column_name(node) in generated:
            return exp.Paren(this=cexpr.parse(_inline_generated(t, generated[cexpr.column_name(node)])).copy())
        return node

    return tree.copy().transform(inline).sql(dialect=cexpr.CANONICAL)


class PostgresDialect(Dialect):
    """PostgreSQL 15 through psycopg 3 and psql."""

    name = ENGINE
    rank = 0
    aliases = ("postgresql", "pg")
    url_schemes = ("postgresql", "postgres")
    driver = "psycopg"
    # libpq's connection parameters (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-PARAMKEYWORDS)
    url_parameters = {"sslmode": choice_param(SSLMODES), "sslrootcert": text_param, "sslcert": text_param,
                      "sslkey": text_param, "connect_timeout": integer_param(0), "application_name": any_param,
                      "options": text_param}
    server_env = ("SCHEMAKIT_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
    sqlglot_dialect = cexpr.CANONICAL  # postgres, writing !~ as PostgreSQL prints it
    max_identifier_length = 63  # NAMEDATALEN - 1 bytes (https://www.postgresql.org/docs/15/sql-syntax-lexical.html)
    transactional_ddl = True  # DDL is transactional, except what `Statement.transactional` flags
    yoyo_scheme = "postgresql+psycopg"  # yoyo 9's psycopg 3 backend
    admin_database = "postgres"  # created by initdb (https://www.postgresql.org/docs/15/app-initdb.html)
    degradations = DEGRADATIONS  # code -> DegradationCode: what the lowering can lose (degradations.py)
    # char(n) values are read blank-padded to n (https://www.postgresql.org/docs/15/datatype-character.html);
    # the model's value is without trailing blanks, as MySQL returns it.
    value_readers = {**Dialect.value_readers, Kind.CHAR: lambda v: v.rstrip(" ") if isinstance(v, str) else v}

    # -- the DB-API driver (psycopg 3: a transaction opens implicitly at the first statement) --
    def driver_errors(self) -> tuple[type[BaseException], ...]:
        """psycopg's base exception."""
        return (psycopg.Error,)

    def unreachable_errors(self) -> tuple[type[BaseException], ...]:
        """psycopg's error for a failed connection."""
        return (psycopg.OperationalError,)

    def prepare_session(self, conn: Any) -> None:
        """The UTC session time zone (see SESSION_INIT)."""
        conn.execute(SESSION_INIT)

    def server_version(self, conn: Any) -> str:
        """``SELECT version()``."""
        return conn.execute("SELECT version()").fetchone()[0]

    def explain_reader(self) -> Any:
        """`dialects.postgres.explain`."""
        from . import explain
        return explain

    # -- lowering -----------------------------------------------------------------------
    def lower(self, schema: Schema) -> Lowered:
        """The schema as PostgreSQL holds it, plus what that costs."""
        tables, notes = [], []
        # the model's own functions and those of its extensions, which a default, CHECK or index may call
        extensions = [e for e in schema.extensions if e.engine in self.code().engines]
        known = self.code().function_names(schema) | pg_extensions.functions(extensions)
        mutable = (known - self.code().immutable_function_names(schema)
                   - pg_extensions.functions(extensions, immutable=True))
        for t in schema.tables:
            table, found = self._lower_table(t, known, mutable)
            tables.append(table)
            notes += found
        tables = self._partition_names(tables, notes)
        views, found = lower_views(self, schema.views, materialized=True, comments=True, prefix="PG")
        notes += found
        effective = replace(schema, tables=tuple(tables), views=views)
        renames = index_renames(effective, self.max_identifier_length)  # index names are per schema here
        by_name = {t.qualified: t for t in effective.tables}
        notes += [self._degradation("PG-INDEXNAME", by_name[table], old, f"index {old} -> {new}")
                  for (table, old), new in renames.items()]
        effective, found = self.code().lower(schema, renamed(effective, renames))
        effective, held = self.policies().lower(schema, effective)
        return Lowered(effective, tuple(notes + found + held))

    def _partition_names(self, tables: list[Table], notes: list[Degradation]) -> list[Table]:
        """Explicit partitions renamed ``<table>_<partition>`` where their name is taken in the namespace:
        a partition is a table of its own, named per schema like any relation, where MySQL names
        partitions per table (https://www.postgresql.org/docs/15/sql-createtable.html) (PG-PARTNAME)."""
        taken: dict[Optional[str], set[str]] = {}
        for t in tables:
            names = taken.setdefault(t.namespace, set())
            names |= {t.name} | {i.name for i in t.indexes} | {u.name for u in t.uniques}
        out = []
        for t in tables:
            p = t.partitioning
            if p is None or p.monthly:
                out.append(t)
                continue
            names, renamed = taken[t.namespace], dict[str, str]()
            for name in p.names:
                if name in names or name in renamed.values():
                    new, n = short_name(f"{t.name}_{name}", self.max_identifier_length), 2
                    while new in names or new in renamed.values():
                        new, n = short_name(f"{t.name}_{name}_{n}", self.max_identifier_length), n + 1
                    renamed[name] = new
                    notes.append(self._degradation("PG-PARTNAME", t, p.column, f"partition {name} -> {new}"))
                names.add(renamed.get(name, name))
            if renamed:
                specs = tuple(replace(spec, name=renamed.get(spec.name, spec.name)) for spec in p.partitions)
                t = replace(t, partitioning=replace(p, partitions=specs,
                                                    default=renamed.get(p.default, p.default) if p.default else None))
            out.append(t)
        return out

    def _lower_table(self, t: Table, known: frozenset[str] = frozenset(),
                     mutable: frozenset[str] = frozenset()) -> tuple[Table, list[Degradation]]:
        notes: list[Degradation] = []
        indexes = tuple(i for i in (self._lower_index(t, i, notes) for i in t.indexes)
                        if self._buildable(t, i, notes, known, mutable))
        notes += [self._on_update_degradation(t, c) for c in t.columns if c.on_update_now]
        columns = tuple(self._lower_column(t, self._computable_column(t, c, notes, known), notes) for c in t.columns)
        checks = tuple(k for k in (replace(k, expression=without_glob(k.expression)) for k in t.checks)
                       if self._computable_check(t, k, notes, known))
        exclusions = tuple(x for x in t.exclusions if self._exclusion_holds(t, x, notes))
        return replace(t, columns=columns, indexes=indexes, checks=checks, exclusions=exclusions,
                       **self._lower_options(t, notes)), notes

    def _exclusion_holds(self, t: Table, x: Exclusion, notes: list[Degradation]) -> bool:
        """Whether exclusion `x` can be created: not over a column of another engine's type, which
        PostgreSQL holds as text (PG-NATIVE); such a one is dropped with PG-EXCLUDE."""
        refs = {e.part.column for e in x.elements if e.part.column}
        refs |= {name for e in x.elements if e.part.expression for name in cexpr.columns(e.part.expression)}
        foreign = sorted(c for c in refs if t.has_column(c) and self._foreign_native(t.column(c).type))
        if foreign:
            notes.append(self._degradation("PG-EXCLUDE", t, x.name, f"EXCLUDE over {', '.join(foreign)}"))
        return not foreign

    def _computable_check(self, t: Table, k: Check, notes: list[Degradation], known: frozenset[str] = frozenset()) -> bool:
        """Whether PostgreSQL can evaluate CHECK `k`; one calling a function it lacks (another engine's,
        such as SQLite's json_valid) is dropped with PG-CHECK-FUNCTION: creating the table would fail."""
        problems = self._problems(t, k.expression, immutable=False, known=known)
        if problems:
            notes.append(self._degradation("PG-CHECK-FUNCTION", t, k.name, f"CHECK ({k.expression}): "
                                           + ", ".join(problems)))
        return not problems

    def _computable_column(self, t: Table, c: Column, notes: list[Degradation],
                           known: frozenset[str] = frozenset()) -> Column:
        """`c` without an expression default calling a function PostgreSQL lacks, and without a generated
        expression that calls one or is not IMMUTABLE (PostgreSQL refuses both:
        https://www.postgresql.org/docs/15/ddl-generated-columns.html): PG-EXPRESSION."""
        if c.default is not None and c.default.kind is DefaultKind.EXPRESSION:
            problems = self._problems(t, str(c.default.value), immutable=False, known=known)
            if problems:
                notes.append(self._degradation("PG-EXPRESSION", t, c.name, f"default ({c.default.value}): "
                                               + ", ".join(problems)))
                c = replace(c, default=None)
        if c.generated is not None:
            problems = self._problems(t, c.generated.expression, immutable=True)
            if problems:
                notes.append(self._degradation("PG-EXPRESSION", t, c.name, f"generated ({c.generated.expression}): "
                                               + ", ".join(problems)))
                c = replace(c, generated=None)
        return c

    def _buildable(self, t: Table, i: Index, notes: list[Degradation], known: frozenset[str] = frozenset(),
                   mutable: frozenset[str] = frozenset()) -> bool:
        """Whether PostgreSQL can build index `i`: its expressions and predicate call only functions it has
        or the model's own (`known`), IMMUTABLE ones (https://www.postgresql.org/docs/15/sql-createindex.html:
        not those of `mutable`), and collations it has. One it cannot build is dropped with
        PG-INDEX-EXPRESSION instead of failing the DDL."""
        texts = [p.expression for p in i.parts if p.expression is not None] + ([i.where] if i.where else [])
        problems = sorted({x for sql in texts for x in self._problems(t, sql, immutable=True, known=known,
                                                                       mutable=mutable)})
        if problems:
            notes.append(self._degradation("PG-INDEX-EXPRESSION", t, i.name, f"index {i.name}: " + ", ".join(problems)))
        return not problems

    def _problems(self, t: Table, sql: str, immutable: bool, known: frozenset[str] = frozenset(),
                  mutable: frozenset[str] = frozenset()) -> list[str]:
        """What keeps PostgreSQL from computing canonical `sql` in table `t`: functions it does not have
        (nor the model's own, `known`), collations of another engine, and, `immutable`, what is not
        IMMUTABLE (see `functions`; of the model's own, those of `mutable`)."""
        try:
            tree = cexpr.parse(self.expression(sql), SQLGLOT)
        except cexpr.ExpressionError:
            return []
        out = []
        for node in tree.walk():  # a list, not a set: the order found, each once (below)
            if isinstance(node, exp.Collate):
                name = node.expression.name
                if name.lower() in _FOREIGN_COLLATIONS or _MYSQL_COLLATION.match(name.lower()):
                    out.append(f"collation {name}")
            elif _frozen_now(node):
                out.append(f"{node.sql(SQLGLOT)} (PostgreSQL reads the special value once, when the table is created)")
            elif isinstance(node, exp.Cast):
                if immutable and node.to.this in _TIME_CASTS and not _immutable_cast(t, node.this, node.to.this):
                    out.append(f"CAST(... AS {node.to.sql(SQLGLOT)}) (not immutable)")
            elif isinstance(node, (exp.CurrentDate, exp.CurrentTime, exp.CurrentTimestamp)):
                if immutable:
                    out.append("the current time (not immutable)")
            elif isinstance(node, exp.Func) and not isinstance(node, (exp.Case, exp.If, exp.Connector)):
                # AND / OR are operators, though sqlglot makes them functions: `NOT (a) AND b` calls no not()
                text = node.sql(dialect=SQLGLOT)
                name = text.split("(", 1)[0].strip().lower() if "(" in text else ""
                if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name in _SYNTAX:
                    continue
                args = [a for v in node.args.values() for a in (v if isinstance(v, list) else [v])
                        if isinstance(a, exp.Expression)]
                if name not in functions.FUNCTIONS and name not in known:
                    out.append(f"no {name}()")
                elif name in _TIME_FUNCTIONS and len(args) > 1:  # SQLite's date(x, modifier...)
                    out.append(f"no {name}() of {len(args)} arguments")
                elif immutable and name in _TIME_FUNCTIONS:
                    if not _immutable_cast(t, args[0] if args else None, _TIME_FUNCTIONS[name]):
                        out.append(f"{name}() of that argument (not immutable)")
                elif immutable and (name in functions.NOT_IMMUTABLE or name in mutable):
                    out.append(f"{name}() (not immutable)")
        return list(dict.fromkeys(out))

    def _lower_options(self, t: Table, notes: list[Degradation]) -> dict:
        """A table's collation, character set and loose typing, which PostgreSQL tables do not have
        (https://www.postgresql.org/docs/15/sql-createtable.html): a collation is a column's only."""
        if t.collation is not None:
            notes.append(self._degradation(
                "PG-COLLATION", t, "*", f"table collation {t.collation.name} ({t.collation.origin})",
                "PostgreSQL has no table default collation: the columns without one of their own use the "
                "database default (give a column its collation to keep it)"))
        if t.charset is not None:
            notes.append(self._degradation("PG-CHARSET", t, "*", f"character set {t.charset}"))
        if not t.strict:
            notes.append(self._degradation("PG-LOOSE", t, "*"))
        return {"collation": None, "charset": None, "strict": True}

    def _lower_column(self, t: Table, c: Column, notes: list[Degradation]) -> Column:
        """What PostgreSQL's types change of column `c` (see `storage`), and its options: a collation,
        a generated column, an expression default."""
        c = self._lower_column_type(t, c, notes)
        if c.collation is not None and c.collation.origin != ENGINE:
            notes.append(self._degradation("PG-COLLATION", t, c.name,
                                           f"collation {c.collation.name} ({c.collation.origin})"))
            c = replace(c, collation=None)
        elif c.collation is not None and c.type.kind in (Kind.UUID, Kind.ENUM):
            # uuid and enum types are not collatable (https://www.postgresql.org/docs/15/collation.html)
            notes.append(self._degradation("PG-COLLATION", t, c.name, f"collation {c.collation.name} of a {c.type.kind.value}",
                                           f"none: a {c.type.kind.value} has no collation in PostgreSQL"))
            c = replace(c, collation=None)
        if c.generated is not None and not c.generated.stored:
            notes.append(self._degradation("PG-VIRTUAL", t, c.name))
            c = replace(c, generated=replace(c.generated, stored=True))
        if c.generated is not None:
            inlined = _inline_generated(t, c.generated.expression)
            if inlined != c.generated.expression:
                notes.append(self._degradation("PG-GENERATED-CHAIN", t, c.name))
                c = replace(c, generated=replace(c.generated, expression=inlined))
        if c.default is not None and c.default.kind is DefaultKind.EXPRESSION:
            own = self._model_default(c)
            if own != c.default:
                notes.append(self._degradation("PG-KNOWN-DEFAULT", t, c.name, f"default ({c.default.value})",
                                               f"the model's default {own}: PostgreSQL stores the same expression"
                                               if own is not None else "no default: the expression is NULL"))
                c = replace(c, default=own)
        return c

    @staticmethod
    def _model_default(c: Column) -> Optional[Default]:
        """The expression default of `c` as the model's own default when it is one as PostgreSQL stores
        it (a constant, NULL, the current time as `NOW_SQL` renders it, gen_random_uuid() on a uuid);
        else the expression itself. Introspection cannot tell the two apart (`introspect.parse_default`)."""
        d = c.declared_default
        try:
            tree = cexpr.parse(str(d.value))
        except cexpr.ExpressionError:
            return d
        casts: list[exp.DataType] = []  # outermost first
        while isinstance(tree, (exp.Cast, exp.Paren)):
            if isinstance(tree, exp.Cast):
                casts.append(tree.to)
            tree = tree.this
        kind = c.type.kind
        if len(casts) > 1:
            # a cast of a cast is kept as an expression, evaluated at each insert: ('now'::text)::date is
            # today (see introspect.NOW_CASTS), where 'now'::date is the day the default was made
            # (https://www.postgresql.org/docs/15/datatype-datetime.html#DATATYPE-DATETIME-SPECIAL-VALUES)
            now = (len(casts) == 2 and casts[1].is_type(exp.DataType.Type.TEXT) and isinstance(tree, exp.Literal)
                   and tree.is_string and tree.this.lower() == "now"
                   and _NOW_CAST_KINDS.get(casts[0].this) is kind)
            return NOW if now else d
        if isinstance(tree, exp.Null):
            return None
        if isinstance(tree, exp.Uuid) or (isinstance(tree, exp.Anonymous) and str(tree.this).lower() == "gen_random_uuid"):
            return GEN_UUID if kind is Kind.UUID else d
        if isinstance(tree, (exp.CurrentTimestamp, exp.CurrentDate)):
            now = (kind is Kind.DATE) == isinstance(tree, exp.CurrentDate)
            return NOW if now and kind in (Kind.DATE, Kind.TIMESTAMP, Kind.TIMESTAMPTZ) else d
        if isinstance(tree, exp.Boolean) and kind is Kind.BOOLEAN:
            return Default(DefaultKind.LITERAL, tree.this)
        if isinstance(tree, exp.Literal) or (isinstance(tree, exp.Neg) and isinstance(tree.this, exp.Literal)
                                             and not tree.this.is_string):
            # a constant: PostgreSQL prints it as a literal (typed by the column, as introspection reads it)
            return introspect.parse_default(tree.sql(dialect=introspect.SQLGLOT), c.type)
        return d

    def _lower_column_type(self, t: Table, c: Column, notes: list[Degradation]) -> Column:
        if c.type.kind is not Kind.NATIVE and c.type.native is not None and c.type.origin != ENGINE:
            # another engine's narrower type (PostgreSQL's own spelling, `varchar` without a length, is kept)
            notes.append(self._degradation("PG-SPELLED", t, c.name, str(c.type)))
            c = replace(c, type=replace(c.type, native=None, origin=None))
        ty = c.type
        notes += [self._degradation(code, t, c.name) for code, applies in TYPE_BEHAVIOURS if applies(ty)]
        if self._foreign_native(ty) or (ty.kind is Kind.ARRAY and self._foreign_native(ty.item_type)):
            native = ty if ty.kind is Kind.NATIVE else ty.item_type
            spelling = native.native or "(none: a column without a declared type)"
            notes.append(self._degradation("PG-NATIVE", t, c.name, f"{native.origin} type {spelling}"))
            text = ColumnType(Kind.TEXT)
            return replace(c, type=text if ty.kind is Kind.NATIVE else replace(ty, item=text))
        if ty.kind is not Kind.ARRAY or storage.storage_item(ty.item_type) == ty.item_type:
            return c
        item = storage.storage_item(ty.item_type)
        notes.append(self._degradation("PG-ARRAY-ITEM", t, c.name, f"an array of {ty.item_type}",
                                       f"an array of {item}: a storage CHECK covers a scalar column only"))
        return replace(c, type=replace(ty, item=item))

    @staticmethod
    def _foreign_native(ty: ColumnType) -> bool:
        return ty.kind is Kind.NATIVE and ty.origin != ENGINE

    def _on_update_degradation(self, t: Table, c: Column) -> Degradation:
        """A row trigger cannot see the UPDATE's SET list (https://www.postgresql.org/docs/15/plpgsql-trigger.html)."""
        return self._degradation("PG-ON-UPDATE", t, c.name)

    def _lower_index(self, t: Table, i: Index, notes: list[Degradation]) -> Index:
        if i.method is IndexMethod.FULLTEXT:
            return self._fulltext(t, i, notes)
        if all(p.prefix is None for p in i.parts):
            return i
        for p in i.parts:
            if p.prefix is not None:
                notes.append(self._prefix_degradation(t, i, p))
        return replace(i, parts=tuple(self._lower_part(i, p) for p in i.parts))

    def _fulltext(self, t: Table, i: Index, notes: list[Degradation]) -> Index:
        """A FULLTEXT index as a GIN index over ``to_tsvector('simple', ...)`` of its columns (joined by a
        blank, NULL as empty): the index PostgreSQL's text search uses
        (https://www.postgresql.org/docs/15/textsearch-tables.html#TEXTSEARCH-TABLES-INDEX). The 'simple'
        configuration neither stems nor drops stopwords, whatever the server's default_text_search_config."""
        cols = [p.column for p in i.parts if p.column is not None]
        if len(cols) == 1:
            document = cols[0]
        else:  # a column of another string type is cast, as PostgreSQL prints it back
            document = " || ' ' || ".join(
                f"coalesce({name}, '')" if t.column(name).type.kind is Kind.TEXT else f"CAST(coalesce({name}, '') AS TEXT)"
                for name in cols)
        sql = cexpr.normalize(f"to_tsvector('simple', {document})")
        notes.append(self._degradation("PG-FULLTEXT", t, i.name, f"FULLTEXT index over {', '.join(cols)}",
                                       f"a GIN index over {sql}: it serves @@ queries on that expression; "
                                       "MATCH ... AGAINST, its stopwords and ranking are not reproduced"))
        return replace(i, parts=(IndexPart(expression=sql),), method=IndexMethod.GIN)

    @staticmethod
    def _lower_part(i: Index, p: IndexPart) -> IndexPart:
        """No prefix index parts in PostgreSQL (https://www.postgresql.org/docs/15/sql-createindex.html)."""
        if p.prefix is None:
            return p
        if i.unique:
            return IndexPart(expression=f"left({p.column}, {p.prefix})", desc=p.desc)
        return replace(p, prefix=None)

    def _prefix_degradation(self, t: Table, i: Index, p: IndexPart) -> Degradation:
        effect = (f"indexes the expression left({p.column}, {p.prefix}): uniqueness still judged on the prefix"
                  if i.unique else f"indexes the whole value of {p.column} (same lookups, larger index)")
        return self._degradation("PG-PREFIX", t, i.name, f"prefix index part {p.column}({p.prefix})", effect)

    def _degradation(self, code: str, t: Table, subject: str, feature: Optional[str] = None,
                     effect: Optional[str] = None) -> Degradation:
        """Degradation `code` of `t`.`subject`, from this engine's table (`degradations`)."""
        return Degradation.from_table(self.degradations, code, self.name, t.qualified, subject, feature, effect)

    # -- rendering ----------------------------------------------------------------------
    def render(self, schema: Schema) -> list[Statement]:
        """DDL for a lowered schema: namespaces, enums, tables, then deferred foreign keys."""
        order = creation_order(schema)
        out = [self.create_namespace(ns) for ns in schema.namespaces]
        out += self.code().extension_statements(schema)  # before the types, functions and tables that use them
        out += [self.create_enum(ns, e) for (ns, _), e in schema.enums().items()]
        out += [self.create_domain(ns, d) for (ns, _), d in schema.domains().items()]
        out += [self.create_composite(ns, c) for (ns, _), c in schema.composites().items()]
        out += [self.type_comment(x.namespace, type(x.type).__name__.lower(), x.type.name, x.comment)
                for x in schema.types if x.comment is not None]
        out += self.code().statements(schema, before=True)
        for t in order.tables:
            out += self.table_statements(t, order)
        out += [s for t, f in order.deferred for s in [self.add_foreign_key(t, f)] + self.constraint_comments(t, [f])]
        out += self.code().statements(schema, before=False) + creation_statements(schema.views, self.create_view)
        return out + self.policies().statements(schema)

    def policies(self) -> Any:
        """dialects/postgres/policies.py."""
        from .policies import PostgresPolicies
        return PostgresPolicies(self, "PG")

    def create_view(self, v) -> list[Statement]:
        """CREATE [MATERIALIZED] VIEW of a lowered view (dialects/postgres/views.py)."""
        return pg_views.create(self, v)

    def drop_view(self, v) -> list[Statement]:
        """DROP [MATERIALIZED] VIEW."""
        return pg_views.drop(self, v)

    def replace_view(self, old, new) -> list[Statement]:
        """A changed view: dropped and created again."""
        return pg_views.replace_view(self, old, new)

    def refused_view(self, v, schema: Schema) -> Optional[str]:
        """A view of another engine whose SELECT lists a column its GROUP BY does not hold, or compares a
        string column with a number (pg_views)."""
        if v.origin == "postgres" or self.name in v.absent:
            return None
        bare = pg_views.ungrouped_columns(v, schema)
        if bare:
            return (f"its GROUP BY does not hold {', '.join(dict.fromkeys(bare))}, which PostgreSQL refuses "
                    "(https://www.postgresql.org/docs/15/sql-select.html#SQL-GROUPBY)")
        mixed = pg_views.string_number_comparisons(v, schema)
        return (f"it compares a string column with a number ({', '.join(dict.fromkeys(mixed))}), which PostgreSQL "
                "refuses (https://www.postgresql.org/docs/15/typeconv-oper.html)") if mixed else None

    def comparable_views(self, conn: Any, model: Schema, live: Schema) -> tuple[Schema, Schema]:
        """The model's view bodies as PostgreSQL stores them (probed in a rolled-back transaction)."""
        return replace(model, views=pg_views.stored(conn, model.views, live.views)), live

    def partition_ops(self) -> Any:
        """PostgresPartitions (dialects/postgres/partitions.py)."""
        from .partitions import PostgresPartitions
        return PostgresPartitions(self)

    def code(self) -> Any:
        """dialects/postgres/code.py."""
        from .code import PostgresCode
        return PostgresCode(self)

    def create_namespace(self, namespace: str) -> Statement:
        """CREATE SCHEMA IF NOT EXISTS (a namespace is a PostgreSQL schema)."""
        return Statement(f"CREATE SCHEMA IF NOT EXISTS {self.quote(namespace)}", kind="schema")

    def table_statements(self, t: Table, order: Order) -> list[Statement]:
        """CREATE TABLE with its partitions, indexes, comments and triggers (not its deferred foreign keys)."""
        out = self.table_extension(t) + [self._create_table(t, order)]
        out += self.partitions(t)
        out += [self.create_index(t, i) for i in t.indexes]
        out += self._comments(t)
        out += self.constraint_comments(t, [None, *t.uniques, *t.checks, *t.exclusions,
                                            *(f for f in t.foreign_keys if not order.is_deferred(t, f))])
        out += [self.index_comment(t, i, i.comment) for i in t.indexes if i.comment is not None]
        out += self.on_update_trigger(t)
        out += [s for sm in t.state_machines for s in self.state_machine(t, sm)]
        out += self.identity_trigger(t)
        return out + self.policies().row_security(t)

    def create_enum(self, namespace: Optional[str], e) -> Statement:
        """CREATE TYPE ... AS ENUM."""
        values = ", ".join(self.literal(v) for v in e.values)
        return Statement(f"CREATE TYPE {self.qualify(namespace, e.name)} AS ENUM ({values})", kind="type")

    def create_domain(self, namespace: Optional[str], d: Domain) -> Statement:
        """CREATE DOMAIN with its default, NOT NULL and named CHECKs
        (https://www.postgresql.org/docs/15/sql-createdomain.html)."""
        base = self.qualify(namespace, d.base.domain.name) if d.base.domain else storage.native_type(d.base)
        sql = f"CREATE DOMAIN {self.qualify(namespace, d.name)} AS {base}"
        if d.default is not None:
            sql += f" DEFAULT {self.default_sql(Column('VALUE', d.base, default=d.default))}"
        if d.not_null:
            sql += " NOT NULL"
        sql += "".join(f" {self.domain_check_sql(k)}" for k in d.checks)
        return Statement(sql, kind="type")

    def create_composite(self, namespace: Optional[str], c: Composite) -> Statement:
        """CREATE TYPE ... AS (field type, ...) (https://www.postgresql.org/docs/15/sql-createtype.html)."""
        fields = ", ".join(f"{self.quote(n)} {self.type_in(namespace, ty)}" for n, ty in c.fields)
        return Statement(f"CREATE TYPE {self.qualify(namespace, c.name)} AS ({fields})", kind="type")

    def type_comment(self, namespace: Optional[str], kind: str, name: str, comment: Optional[str]) -> Statement:
        """COMMENT ON TYPE (ON DOMAIN for a domain) ... IS '...' or IS NULL
        (https://www.postgresql.org/docs/15/sql-comment.html)."""
        on = "DOMAIN" if kind == "domain" else "TYPE"
        text = "NULL" if comment is None else self.literal(comment)
        return Statement(f"COMMENT ON {on} {self.qualify(namespace, name)} IS {text}", kind="comment")

    def drop_domain(self, namespace: Optional[str], d: Domain) -> Statement:
        """DROP DOMAIN (RESTRICT: refused while a column or another domain uses it)."""
        return Statement(f"DROP DOMAIN {self.qualify(namespace, d.name)}", kind="type")

    def domain_check_sql(self, k: Check) -> str:
        """``CONSTRAINT name CHECK (...)`` of a domain: VALUE is the keyword, never a quoted column."""
        tree = cexpr.parse(k.expression).copy().transform(
            lambda node: exp.var("VALUE") if domains.is_value(node) else node)
        tree = self.transform_expression(tree)
        return f"CONSTRAINT {self.quote(k.name)} CHECK ({tree.sql(dialect=self.sqlglot_dialect)})"

    def _create_table(self, t: Table, order: Order) -> Statement:
        items = [self.column_sql(t, c) for c in t.columns]
        if t.primary_key:
            items.append(f"PRIMARY KEY ({self._columns(t.primary_key)})")
        items += [self.unique_sql(u) for u in t.uniques]
        items += [self.check_sql(t, c) for c in t.checks]
        items += [self.exclusion_sql(t, x) for x in t.exclusions]
        items += [self.foreign_key_sql(t, f) for f in t.foreign_keys if not order.is_deferred(t, f)]
        body = ",\n".join(f"  {item}" for item in items)
        sql = f"CREATE TABLE {self.table_name(t)} (\n{body}\n)"
        if t.partitioning is not None:
            method = t.partitioning.method.value.upper()
            sql += f" PARTITION BY {method} ({self.quote(t.partitioning.column)})"
        return Statement(sql, kind="table", table=t.qualified)

    def column_sql(self, t: Table, c: Column) -> str:
        """A column definition, as in CREATE TABLE and ALTER TABLE ... ADD COLUMN."""
        ty = self.column_type(t, c.type)
        serial = SERIALS.get(ty.upper()) if c.identity and c.identity_sequence else None
        sql = f"{self.quote(c.name)} {serial or ty}{self.collate(c)}{self.storage_check(c)}"
        if c.identity and serial is None:
            sql += f" GENERATED {'ALWAYS' if c.identity_always else 'BY DEFAULT'} AS IDENTITY"
        if c.generated is not None:
            # STORED only in PostgreSQL 15 (https://www.postgresql.org/docs/15/ddl-generated-columns.html)
            sql += f" GENERATED ALWAYS AS ({self._expression(t, c.generated.expression)}) STORED"
        if not c.nullable:
            sql += " NOT NULL"
        if c.default is not None:
            sql += f" DEFAULT {self.default_sql(c)}"
        return sql

    def column_type(self, t: Table, ty) -> str:
        """The PostgreSQL type of a model column type in table `t`'s namespace (`storage.native_type`;
        a type held through a storage CHECK gets it from `column_sql`)."""
        return self.type_in(t.namespace, ty)

    def type_in(self, namespace: Optional[str], ty) -> str:
        """The PostgreSQL type of a model type in `namespace`, where its enum or domain is."""
        if ty.domain is not None:
            return self.qualify(namespace, ty.domain.name)
        if ty.kind is Kind.ARRAY:
            return f"{self.type_in(namespace, ty.item)}[]"
        if ty.kind is Kind.ENUM:
            return self.qualify(namespace, ty.enum.name)
        if ty.kind is not Kind.NATIVE and ty.native is not None and ty.origin == ENGINE:
            return ty.native  # PostgreSQL's own spelling of a model type (`character varying`: text)
        return storage.native_type(ty)

    def collate(self, c: Column) -> str:
        """`` COLLATE "name"`` of a column with a (PostgreSQL) collation of its own, or ""."""
        return f" COLLATE {self.quote(c.collation.name)}" if c.collation is not None else ""

    def storage_check(self, c: Column) -> str:
        """The storage CHECK clause of column `c` (`storage.constraint_sql`), or ""."""
        return storage.constraint_sql(c.name, c.type)

    def default_sql(self, c: Column) -> str:
        """The DEFAULT expression of a column."""
        d, kind = c.declared_default, c.type.kind
        if d.kind is DefaultKind.NOW:
            return NOW_SQL.get(kind, "CURRENT_TIMESTAMP")
        if d.kind is DefaultKind.EXPRESSION:  # canonical SQL is sqlglot's postgres dialect
            return f"({cexpr.parse(str(d.value)).sql(dialect=self.sqlglot_dialect)})"
        if d.kind is DefaultKind.UUID4:
            # Version 4, core since PostgreSQL 13: https://www.postgresql.org/docs/15/functions-uuid.html
            return "gen_random_uuid()"
        if kind in BINARY_KINDS:  # hex text: bytea's hex input format (https://www.postgresql.org/docs/15/datatype-binary.html)
            return f"'\\x{str(d.value).lower()}'::bytea"
        if kind in FLOAT_KINDS and isinstance(d.value, float) and not math.isfinite(d.value):
            # NaN and ±Infinity are written as quoted text (https://www.postgresql.org/docs/15/datatype-numeric.html#DATATYPE-FLOAT)
            text = "NaN" if math.isnan(d.value) else ("Infinity" if d.value > 0 else "-Infinity")
            return f"'{text}'::{storage.native_type(c.type)}"
        return self.literal(d.value)  # PostgreSQL casts '0.0' to numeric, '[]' to json, 'new' to the enum

    def _columns(self, names: Sequence[str]) -> str:
        return ", ".join(self.quote(n) for n in names)

    def primary_key_name(self, t: Table) -> str:
        """The name PostgreSQL gives an unnamed primary key: ``<table>_pkey``, the table name
        clipped to fit 63 bytes (makeObjectName in src/backend/commands/indexcmds.c)."""
        room = self.max_identifier_length - len("_pkey")
        name = t.name.encode()[:room].decode(errors="ignore")
        return f"{name}_pkey"

    def unique_sql(self, u: Unique) -> str:
        """A named UNIQUE constraint clause."""
        return f"CONSTRAINT {self.quote(u.name)} UNIQUE ({self._columns(u.columns)})"

    def check_sql(self, t: Table, c: Check) -> str:
        """A named CHECK constraint clause."""
        return f"CONSTRAINT {self.quote(c.name)} CHECK ({self._expression(t, c.expression)})"

    def exclusion_sql(self, t: Table, x: Exclusion) -> str:
        """A named EXCLUDE constraint clause (https://www.postgresql.org/docs/15/sql-createtable.html
        #SQL-CREATETABLE-EXCLUDE)."""
        elements = ", ".join(f"{self._index_part(t, e.part)} WITH {e.operator}" for e in x.elements)
        sql = f"CONSTRAINT {self.quote(x.name)} EXCLUDE USING {x.method.value} ({elements})"
        return sql + (f" WHERE ({self._expression(t, x.where)})" if x.where else "")

    def created_objects(self, schema: Schema) -> list[DbObject]:
        """The btree_gist extension when an exclusion constraint or an index of the schema needs it
        (`btree_gist`)."""
        return [DbObject("extension", None, "btree_gist")] if any(self.table_extension(t) for t in schema.tables) else []

    def table_extension(self, t: Table) -> list[Statement]:
        """What the exclusion constraints and indexes of `t` need created before them (`btree_gist`), once."""
        return ([s for x in t.exclusions for s in self.exclusion_extension(t, x)]
                + [s for i in t.indexes for s in self.index_extension(t, i)])[:1]

    def exclusion_extension(self, t: Table, x: Exclusion) -> list[Statement]:
        """What the exclusion constraint `x` needs created first (`btree_gist`)."""
        return self.btree_gist(t, x.method, [e.part for e in x.elements])

    def index_extension(self, t: Table, i: Index) -> list[Statement]:
        """What the index `i` needs created first (`btree_gist`)."""
        return self.btree_gist(t, i.method, i.parts)

    def btree_gist(self, t: Table, method: IndexMethod, parts: Sequence[IndexPart]) -> list[Statement]:
        """CREATE EXTENSION IF NOT EXISTS btree_gist when `parts` are GiST keys of which one is a column of a
        scalar type (or an expression) without an operator class of its own: GiST has operator classes for
        such types (= on an integer) only through that extension
        (https://www.postgresql.org/docs/15/btree-gist.html). It is never dropped: other objects may use it."""
        scalar = any(p.opclass is None and (p.column is None or t.column(p.column).type.kind is not Kind.NATIVE)
                     for p in parts)
        if method is not IndexMethod.GIST or not scalar:
            return []
        return self.code().create_extension(Extension("btree_gist"))

    def foreign_key_sql(self, t: Table, f: ForeignKey) -> str:
        """A named FOREIGN KEY constraint clause."""
        sql = (f"CONSTRAINT {self.quote(f.name)} FOREIGN KEY ({self._columns(f.columns)}) "
               f"REFERENCES {self.qualify(*t.referenced_key(f))} ({self._columns(f.ref_columns)})")
        sql += "" if f.on_delete is Action.NO_ACTION else f" ON DELETE {f.on_delete.value}"
        return sql if f.on_update is Action.NO_ACTION else f"{sql} ON UPDATE {f.on_update.value}"

    def add_foreign_key(self, t: Table, f: ForeignKey) -> Statement:
        """ALTER TABLE ... ADD a foreign key (deferred ones, and migrations)."""
        return Statement(f"ALTER TABLE {self.table_name(t)} ADD {self.foreign_key_sql(t, f)}",
                         kind="foreign_key", table=t.qualified)

    def partitions(self, t: Table) -> list[Statement]:
        """One CREATE TABLE ... PARTITION OF per partition: per month of the monthly form, per named
        partition of the explicit form (its DEFAULT partition last)."""
        p = t.partitioning
        if p is None:
            return []
        if p.monthly:
            months = [self.partition(t, suffix, lo, hi) for suffix, lo, hi in p.bounds()]
            return months + ([self.future_partition(t, p.bounds()[-1][2])] if p.catch_all and p.bounds() else [])
        return [self.explicit_partition(t, name) for name in p.names]

    def future_partition(self, t: Table, lo) -> Statement:
        """The catch-all of a monthly partitioning: ``<table>_future`` FOR VALUES FROM (lo) TO (MAXVALUE), every row
        after the last month (https://www.postgresql.org/docs/15/sql-createtable.html, partition_bound_spec)."""
        fmt = BOUND_FORMAT[t.column(t.partition_by.column).type.kind]
        return Statement(f"CREATE TABLE {self.qualify(t.namespace, self.partition_name(t, FUTURE))} "
                         f"PARTITION OF {self.table_name(t)} FOR VALUES FROM ({self.literal(lo.strftime(fmt))}) "
                         f"TO (MAXVALUE)", kind="partition", table=t.qualified)

    def partition(self, t: Table, suffix: str, lo, hi) -> Statement:
        """The partition of `t` holding [lo, hi)."""
        fmt = BOUND_FORMAT[t.column(t.partition_by.column).type.kind]
        return Statement(f"CREATE TABLE {self.qualify(t.namespace, self.partition_name(t, suffix))} "
                         f"PARTITION OF {self.table_name(t)} FOR VALUES FROM ({self.literal(lo.strftime(fmt))}) "
                         f"TO ({self.literal(hi.strftime(fmt))})", kind="partition", table=t.qualified)

    def explicit_partition(self, t: Table, name: str) -> Statement:
        """The partition `name` of `t`'s explicit partitioning: FOR VALUES FROM (lo) TO (hi) with
        MINVALUE/MAXVALUE for an open end, IN (...), WITH (MODULUS n, REMAINDER r), or DEFAULT
        (https://www.postgresql.org/docs/15/sql-createtable.html, partition_bound_spec)."""
        p = t.partition_by
        head = f"CREATE TABLE {self.qualify(t.namespace, name)} PARTITION OF {self.table_name(t)}"
        if name == p.default:
            return Statement(f"{head} DEFAULT", kind="partition", table=t.qualified)
        n = [s.name for s in p.partitions].index(name)
        if p.method is PartitionMethod.HASH:
            spec = f"WITH (MODULUS {len(p.partitions)}, REMAINDER {n})"
        elif p.method is PartitionMethod.LIST:
            spec = "IN (" + ", ".join(self.partition_bound(t, v) for v in p.partitions[n].values) + ")"
        else:
            _, lo, hi = p.ranges()[n]
            lo_sql = "MINVALUE" if lo is None else self.partition_bound(t, lo)
            hi_sql = "MAXVALUE" if hi is None else self.partition_bound(t, hi)
            spec = f"FROM ({lo_sql}) TO ({hi_sql})"
        return Statement(f"{head} FOR VALUES {spec}", kind="partition", table=t.qualified)

    def partition_bound(self, t: Table, value) -> str:
        """A partition bound literal; a timestamptz bound is a UTC instant with its explicit offset (see
        BOUND_FORMAT)."""
        if isinstance(value, dt.date):
            text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
            if t.column(t.partition_by.column).type.kind is Kind.TIMESTAMPTZ:
                text += "+00:00" if isinstance(value, dt.datetime) else " 00:00:00+00:00"
            return self.literal(text)
        return str(value) if isinstance(value, int) else self.literal(value)

    def partition_tables(self, t: Table) -> list[tuple[str, str]]:
        """(partition name, suffix for names derived from it) of each partition of `t`."""
        p = t.partition_by
        if p.monthly:
            future = [(self.partition_name(t, FUTURE), FUTURE)] if p.catch_all and p.bounds() else []
            return [(self.partition_name(t, suffix), suffix) for suffix, _, _ in p.bounds()] + future
        return [(name, name) for name in p.names]

    def partition_name(self, t: Table, suffix: str) -> str:
        """``<table>_YYYY_MM``, shortened with a hash if it exceeds 63 characters."""
        return short_name(f"{t.name}_{suffix}", self.max_identifier_length)

    def create_index(self, t: Table, i: Index, concurrently: bool = False) -> Statement:
        """CREATE [UNIQUE] INDEX (on a partitioned table it cascades to the partitions); with
        `concurrently`, CONCURRENTLY IF NOT EXISTS, which must run outside a transaction."""
        unique = "UNIQUE " if i.unique else ""
        how = "CONCURRENTLY IF NOT EXISTS " if concurrently else ""
        using = f" USING {i.method.value}" if i.method is not IndexMethod.BTREE else ""
        parts = ", ".join(self._index_part(t, p) for p in i.parts)
        sql = f"CREATE {unique}INDEX {how}{self.quote(i.name)} ON {self.table_name(t)}{using} ({parts})"
        if i.include:
            sql += f" INCLUDE ({self._columns(i.include)})"
        if i.where:
            sql += f" WHERE {self._expression(t, i.where)}"
        return Statement(sql, kind="index", transactional=not concurrently, table=t.qualified)

    def builds_index_online(self, table: Table, index: Index) -> bool:
        """Every index added to an existing table is built with CONCURRENTLY, which does not
        block writes (https://www.postgresql.org/docs/15/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY);
        on a partitioned table, partition by partition (see `online_index`)."""
        return True

    def online_index(self, t: Table, i: Index) -> list[Statement]:
        """Build `i` on the live table `t` without blocking writes, outside a transaction.

        A failed CONCURRENTLY build leaves an INVALID index behind; the documented
        recovery is to drop it and build again, so each build is preceded by a
        block dropping an invalid leftover of the same name (a plain DROP INDEX:
        DROP INDEX CONCURRENTLY cannot run inside a DO block), and IF NOT EXISTS
        keeps a valid leftover of an interrupted run. PostgreSQL 15 cannot build
        an index on a partitioned table concurrently; its documented way is used
        instead: each partition's index concurrently, then the partitioned index
        plainly, which only attaches them (a catalog change)
        (https://www.postgresql.org/docs/15/sql-createindex.html).
        """
        if t.partitioning is None:
            return [self._drop_invalid_index(t.namespace, [i.name]), self.create_index(t, i, concurrently=True)]
        parts = [(replace(t, name=name, partitioning=None), self.partition_index_name(t, i, suffix))
                 for name, suffix in self.partition_tables(t)]
        out = [self._drop_invalid_index(t.namespace, [name for _, name in parts])]
        out += [self.create_index(part, replace(i, name=name), concurrently=True) for part, name in parts]
        return out + [self.create_index(t, i)]

    def partition_index_name(self, t: Table, i: Index, suffix: str) -> str:
        """The name of index `i`'s index on one partition of `t` (``<index>_YYYY_MM``)."""
        return short_name(f"{i.name}_{suffix}", self.max_identifier_length)

    def _drop_invalid_index(self, namespace: Optional[str], names: Sequence[str]) -> Statement:
        """A DO block dropping each of `names` that exists and is INVALID (pg_index.indisvalid)."""
        lines = []
        for name in names:
            ref = self.literal(self.qualify(namespace, name))
            lines += [f"  IF EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass({ref}) AND NOT indisvalid) THEN",
                      f"    DROP INDEX {self.qualify(namespace, name)};", "  END IF;"]
        return self.do_block(lines, transactional=False)

    def do_block(self, body: Sequence[str], t: Optional[Table] = None, transactional: bool = True) -> Statement:
        """One DO block running the PL/pgSQL lines `body`: atomic, in or out of a transaction."""
        text = "\n".join(body)
        if DO_TAG in text:
            raise ValueError(f"a statement of the DO block contains {DO_TAG}: {text}")
        return Statement(f"DO {DO_TAG}\nBEGIN\n{text}\nEND\n{DO_TAG}", kind="do", compound=True,
                         transactional=transactional, table=t.qualified if t else None)

    def drop_online_index(self, t: Table, i: Index) -> Statement:
        """Drop `i` without blocking writes: DROP INDEX CONCURRENTLY, outside a transaction;
        a partitioned index cannot be dropped so and is dropped plainly with its partitions' indexes
        (https://www.postgresql.org/docs/15/sql-dropindex.html)."""
        if t.partitioning is not None:
            return Statement(f"DROP INDEX {self.qualify(t.namespace, i.name)}", kind="index", table=t.qualified)
        return Statement(f"DROP INDEX CONCURRENTLY {self.qualify(t.namespace, i.name)}", kind="index",
                         transactional=False, table=t.qualified)

    def _index_part(self, t: Table, p: IndexPart) -> str:
        if p.column is not None:
            sql = self.quote(p.column)
        elif p.expression is not None:
            sql = f"({self._expression(t, p.expression)})"
        else:
            raise ValueError(f"{t.qualified}: an index part has neither a column nor an expression")
        if p.opclass:  # https://www.postgresql.org/docs/15/indexes-opclass.html
            sql += " " + ".".join(self.quote(x) for x in p.opclass.split("."))
        return f"{sql} DESC" if p.desc else sql

    def _comments(self, t: Table) -> list[Statement]:
        out = [self.table_comment(t, t.comment)] if t.comment else []
        return out + [self.column_comment(t, c.name, c.comment) for c in t.columns if c.comment]

    def table_comment(self, t: Table, text: Optional[str]) -> Statement:
        """COMMENT ON TABLE (IS NULL removes it)."""
        return self._comment(t, f"TABLE {self.table_name(t)}", text)

    def column_comment(self, t: Table, column: str, text: Optional[str]) -> Statement:
        """COMMENT ON COLUMN (IS NULL removes it)."""
        return self._comment(t, f"COLUMN {self.table_name(t)}.{self.quote(column)}", text)

    def index_comment(self, t: Table, i: Index, text: Optional[str]) -> Statement:
        """COMMENT ON INDEX (IS NULL removes it; https://www.postgresql.org/docs/15/sql-comment.html)."""
        return self._comment(t, f"INDEX {self.qualify(t.namespace, i.name)}", text)

    def constraint_comment(self, t: Table, name: Optional[str], text: Optional[str]) -> Statement:
        """COMMENT ON CONSTRAINT name ON table (name None: the primary key; IS NULL removes it;
        https://www.postgresql.org/docs/15/sql-comment.html)."""
        named = self.primary_key_name(t) if name is None else name
        return self._comment(t, f"CONSTRAINT {self.quote(named)} ON {self.table_name(t)}", text)

    def constraint_comments(self, t: Table, xs: Sequence[Optional[Constraint]]) -> list[Statement]:
        """The COMMENT ON CONSTRAINT of each constraint of `xs` that has a comment (None: the primary key)."""
        out = []
        for x in xs:
            text = (t.primary_key_comment if t.primary_key else None) if x is None else x.comment
            out += [self.constraint_comment(t, None if x is None else x.name, text)] if text is not None else []
        return out

    def _comment(self, t: Table, target: str, text: Optional[str]) -> Statement:
        value = self.literal(text) if text else "NULL"
        return Statement(f"COMMENT ON {target} IS {value}", kind="comment", table=t.qualified)

    # -- expressions --------------------------------------------------------------------
    def _expression(self, t: Table, sql: str) -> str:
        """Canonical SQL for PostgreSQL, with json functions on jsonb columns renamed."""
        jsonb = {c.name for c in t.columns if c.type.kind is Kind.JSONB}
        tree = cexpr.parse(sql).transform(lambda n: _jsonb_function(n, jsonb))  # transform() copies
        return self.transform_expression(tree).sql(dialect=self.sqlglot_dialect)

    def transform_expression(self, tree: exp.Expression) -> exp.Expression:
        """Quote every column reference (column names such as "timestamp" are keywords)."""
        def quote_column(node: exp.Expression) -> exp.Expression:
            if isinstance(node, exp.Column):
                return exp.column(node.name, quoted=True)
            return node
        return tree.transform(quote_column)

    # -- triggers -----------------------------------------------------------------------
    def _function(self, t: Table, name: str, body: list[str]) -> Statement:
        text = "\n".join(["BEGIN", *body, "  RETURN NEW;", "END"])
        if DOLLAR_TAG in text:
            raise ValueError(f"table {t.qualified}: trigger body of {name} contains {DOLLAR_TAG}")
        return Statement(f"CREATE FUNCTION {self.qualify(t.namespace, name)}() RETURNS trigger "
                         f"LANGUAGE plpgsql AS {DOLLAR_TAG}\n{text}\n{DOLLAR_TAG}",
                         kind="function", compound=True, table=t.qualified)

    @staticmethod
    def replace_function(s: Statement) -> Statement:
        """A CREATE FUNCTION statement as CREATE OR REPLACE (the triggers using it stay)."""
        assert s.sql.startswith("CREATE FUNCTION "), s.sql
        return replace(s, sql="CREATE OR REPLACE" + s.sql[len("CREATE"):])

    def _trigger(self, t: Table, name: str, event: str) -> Statement:
        return Statement(f"CREATE TRIGGER {self.quote(name)} {event} ON {self.table_name(t)} "
                         f"FOR EACH ROW EXECUTE FUNCTION {self.qualify(t.namespace, name)}()",
                         kind="trigger", table=t.qualified)

    def drop_trigger(self, t: Table, name: str) -> Statement:
        """DROP TRIGGER `name` of `t` (its function stays); IF EXISTS: a table schemakit adopted (its identity
        or serial created by another tool) has none of schemakit's triggers."""
        return Statement(f"DROP TRIGGER IF EXISTS {self.quote(name)} ON {self.table_name(t)}", kind="trigger", table=t.qualified)

    def drop_function(self, t: Table, name: str) -> Statement:
        """DROP FUNCTION of a schemakit trigger function of `t` (IF EXISTS, as `drop_trigger`)."""
        return Statement(f"DROP FUNCTION IF EXISTS {self.qualify(t.namespace, name)}()", kind="function", table=t.qualified)

    def trigger_names(self, t: Table) -> list[str]:
        """The sk_ trigger (and function) names `table_statements` creates for `t`."""
        names = [self.on_update_name(t)] if any(c.on_update_now for c in t.columns) else []
        names += [self.state_machine_name(sm) for sm in t.state_machines]
        return names + ([self.identity_name(t)] if any(c.identity for c in t.columns) else [])

    def support_objects(self, schema: Schema) -> list[SupportObject]:
        """Each table's sk_ triggers (`trigger_names`), each with its function: created again by CREATE OR
        REPLACE FUNCTION, DROP TRIGGER IF EXISTS and CREATE TRIGGER (`migrate` runs them in one transaction).
        The identity's is compared by its function's body too: introspection does not read it back."""
        out = []
        for t in schema.tables:
            made = [(self.on_update_name(t), self.on_update_trigger(t), True, "an UPDATE does not set "
                     + ", ".join(c.name for c in t.columns if c.on_update_now) + " to now()")]
            made += [(self.state_machine_name(sm), self.state_machine(t, sm), True, f"an UPDATE of {sm.column} "
                      f"is not checked against state machine {sm.name}") for sm in t.state_machines]
            made += [(self.identity_name(t), self.identity_trigger(t), False, "an explicitly inserted id does not "
                      "move the identity's sequence, so a later default id can collide with it")]
            for name, statements, introspected, what in made:
                if statements:
                    function, trigger = statements
                    create = (self.replace_function(function), self.drop_trigger(t, name), trigger)
                    # the function's body as pg_proc.prosrc holds it (the text between the dollar quotes), compared
                    # where introspection does not read the trigger back
                    stored = None if introspected else function.sql.split(DOLLAR_TAG)[1]
                    out.append(SupportObject("trigger", t.namespace, t.name, name, what, introspected, create, stored))
        return out

    def live_support(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)
                     ) -> dict[tuple[Optional[str], str, str], LiveSupport]:
        """The sk_ triggers of the tables of `namespaces`, whether enabled, with their function's source
        (`objects.SUPPORT_SQL`)."""
        from . import objects
        return objects.support(conn, namespaces)

    def on_update_name(self, t: Table) -> str:
        """Name of the on_update_now trigger and function of `t`."""
        return self.generated_name(t.name, "on_update")

    def state_machine_name(self, sm: StateMachine) -> str:
        """Name of the trigger and function enforcing `sm`."""
        return self.generated_name(sm.name, "sm")

    def identity_name(self, t: Table) -> str:
        """Name of the identity-advancing trigger and function of `t`."""
        return self.generated_name(t.name, "identity")

    def on_update_trigger(self, t: Table) -> list[Statement]:
        """on_update_now columns: set to now() unless the UPDATE changed them."""
        cols = [self.quote(c.name) for c in t.columns if c.on_update_now]
        if not cols:
            return []
        name = self.on_update_name(t)
        body = [f"  IF NEW.{q} IS NOT DISTINCT FROM OLD.{q} THEN NEW.{q} := now(); END IF;" for q in cols]
        return [self._function(t, name, body), self._trigger(t, name, "BEFORE UPDATE")]

    def state_machine(self, t: Table, sm: StateMachine) -> list[Statement]:
        """Reject an UPDATE that changes `sm.column` along a transition not listed."""
        col = self.quote(sm.column)
        pairs = ", ".join(f"({self.literal(a)}, {self.literal(b)})" for a, b in sm.transitions)
        allowed = f"(OLD.{col}::text, NEW.{col}::text) IN ({pairs})" if pairs else "FALSE"
        body = [f"  IF NEW.{col} IS DISTINCT FROM OLD.{col} AND NOT COALESCE(",
                f"      {allowed},",
                "      FALSE) THEN",
                f"    RAISE EXCEPTION 'state machine %: % -> % is not allowed', {self.literal(sm.name)}, "
                f"OLD.{col}, NEW.{col}",
                f"      USING ERRCODE = 'check_violation', CONSTRAINT = {self.literal(sm.name)};",
                "  END IF;"]
        name = self.state_machine_name(sm)
        event = f"BEFORE UPDATE OF {col}"
        return [self._function(t, name, body), self._trigger(t, name, event)]

    def identity_trigger(self, t: Table) -> list[Statement]:
        """Advance the identity sequence past explicitly inserted ids.

        An identity column's sequence ignores explicit values
        (https://www.postgresql.org/docs/15/sql-createtable.html, GENERATED BY DEFAULT),
        so a later generated id could collide; MySQL and SQLite continue after
        the largest id. This trigger gives PostgreSQL the same behaviour. It runs AFTER INSERT:
        setval() is not undone by a rollback (https://www.postgresql.org/docs/15/functions-sequence.html),
        and row-level AFTER triggers fire only for rows that passed their constraints
        (https://www.postgresql.org/docs/15/trigger-definition.html), so a refused row (an id out of a
        storage CHECK's range) no longer moves the sequence.
        """
        col = next((c for c in t.columns if c.identity), None)
        if col is None:
            return []
        q = self.quote(col.name)
        seq = (f"pg_get_serial_sequence(format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), "
               f"{self.literal(col.name)})")
        body = [f"  IF NEW.{q} > COALESCE(pg_sequence_last_value({seq}), 0) THEN",
                f"    PERFORM setval({seq}, NEW.{q});",
                "  END IF;"]
        name = self.identity_name(t)
        return [self._function(t, name, body), self._trigger(t, name, "AFTER INSERT")]

    # -- migrations ----------------------------------------------------------------------
    def plan_changes(self, old: Schema, new: Schema, changes: Sequence[Change]) -> list[Step]:
        """Steps with rollbacks for typed changes (see `dialects.postgres.plan`)."""
        return planner.plan(self, old, new, changes)

    # -- introspection --------------------------------------------------------------------
    def introspect(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,),
                   tables: Optional[Collection[TableKey]] = None, skipped: Optional[list] = None) -> Schema:
        """Read the tables of `namespaces` (or only `tables`) with a fixed number of catalog queries."""
        return introspect.introspect(conn, namespaces, tables, skipped)

    def objects(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)) -> list[DbObject]:
        """Every object of `namespaces` beside their tables (`postgres/objects.py`)."""
        from . import objects
        return objects.objects(conn, namespaces)

    def other_namespaces(self, conn: Any, namespaces: Sequence[str]) -> list[str]:
        """The database's other schemas (`objects.OTHER_SCHEMAS_SQL`): not the system's own, and not the
        public schema every new database has while it is empty."""
        from . import objects
        return [r[0] for r in conn.execute(objects.OTHER_SCHEMAS_SQL, {"ns": list(namespaces)}).fetchall()]

    def code_objects(self, conn: Any, namespaces: Sequence[Optional[str]],
                     tables: Optional[Collection[tuple[Optional[str], str]]] = None) -> tuple[tuple, tuple, tuple]:
        """(sequences, routines, user triggers) as `inspect` reads them (`introspect.code_objects`)."""
        return introspect.code_objects(conn, namespaces, tables)

    def table_names(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)) -> list[tuple[Optional[str], str]]:
        """(namespace, name) of each table `introspect` reads, with one catalog query."""
        return introspect.table_names(conn, namespaces)

    # -- connections ----------------------------------------------------------------------
    def connect_kwargs(self, url: DbUrl) -> dict:
        """psycopg.connect keyword arguments for `url`: libpq connection parameters, the URL's
        query parameters among them (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-PARAMKEYWORDS).
        With no password, libpq reads PGPASSWORD or ~/.pgpass. A database name longer than
        PostgreSQL keeps is BadUrl: the server would truncate it and might open another database."""
        problem = self.database_name_problem(url.database) if url.database else None
        if problem:
            raise BadUrl(problem)
        kwargs = {"host": url.host or "127.0.0.1", "port": url.port or 5432, "user": url.user,
                  "password": url.password, "dbname": url.database, **dict(url.params)}
        return {k: v for k, v in kwargs.items() if v is not None}

    def connect(self, url: DbUrl) -> Any:
        """A psycopg 3 connection (not autocommit)."""
        return psycopg.connect(**self.connect_kwargs(url))

    def yoyo_url(self, url: DbUrl) -> str:
        """yoyo's URL for `yoyo_backend`: yoyo does not percent-decode the path, so ``dbname``
        in the query carries the exact name (any characters); the URL's parameters (TLS,
        timeouts) ride along."""
        plain = super().yoyo_url(replace(url, database=None, params=()))  # ends with "/"
        return f"{plain}?{urlencode([('dbname', url.database or '')] + list(url.params))}"

    def missing_database(self, error: BaseException) -> bool:
        """A connect refused with SQLSTATE 3D000 invalid_catalog_name
        (https://www.postgresql.org/docs/15/errcodes-appendix.html). libpq does not expose the
        SQLSTATE of a failed connection (psycopg's ``sqlstate`` is None there), so the server's
        message is matched: 'database "x" does not exist' (servers with lc_messages in another
        language word it otherwise)."""
        if not isinstance(error, psycopg.Error):
            return False
        if getattr(error, "sqlstate", None) == "3D000":
            return True
        return bool(_MISSING_DATABASE.search(str(error)))

    def database_name_problem(self, name: str) -> Optional[str]:
        """PostgreSQL truncates an identifier longer than NAMEDATALEN-1 = 63 bytes (not
        characters: UTF-8 bytes) instead of refusing it
        (https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS);
        NUL cannot be sent at all."""
        if "\x00" in name:
            return "a database name cannot contain the NUL character"
        size = len(name.encode("utf-8"))
        if size > self.max_identifier_length:
            return (f"database name {shown_name(name)} is {size} bytes in UTF-8; PostgreSQL allows at most "
                    f"{self.max_identifier_length} bytes and would silently truncate it")
        return None

    def password_hint(self, url: DbUrl) -> str:
        """libpq (psql, pg_dump) and schemakit read PGPASSWORD, or ~/.pgpass."""
        return "the password is left out: set PGPASSWORD (or use ~/.pgpass) for psql and for schemakit"

    def _admin(self, url: DbUrl, name: str) -> Any:
        """An autocommit connection to the server, never to database `name` itself."""
        other = url.database if url.database and url.database != name else self.admin_database
        conn = self.connect(url.with_database(other))
        conn.autocommit = True
        return conn

    def create_database(self, url: DbUrl, name: str) -> DbUrl:
        """CREATE DATABASE `name` on the server of `url`; fine when it exists or a concurrent
        run creates it meanwhile.

        Two concurrent CREATE DATABASE of one name: the loser gets 42P04 duplicate_database,
        or 23505 unique_violation on pg_database's unique index on datname when both passed the
        existence check before either committed (https://www.postgresql.org/docs/15/errcodes-appendix.html).
        """
        problem = self.database_name_problem(name)
        if problem:
            raise BadUrl(problem)
        with self._admin(url, name) as conn:
            try:
                conn.execute(f"CREATE DATABASE {self.quote(name)}")
            except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
                pass
        return url.with_database(name)

    def drop_database(self, url: DbUrl, name: str) -> None:
        """DROP DATABASE IF EXISTS `name`, disconnecting its sessions (WITH (FORCE), PG 13+)."""
        with self._admin(url, name) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {self.quote(name)} WITH (FORCE)")

    # -- tenants: a schema of the same database, made the session's default by search_path --------
    # libpq's ``options`` sends ``-c search_path=...`` at connection start, so every connection yoyo
    # opens for a migration gets it too (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNECT-OPTIONS);
    # unqualified CREATEs go to the first schema of the path (https://www.postgresql.org/docs/15/ddl-schemas.html#DDL-SCHEMAS-PATH).
    # The path holds the tenant's schema alone: yoyo's bookkeeping tables must never resolve to another's.
    def tenant_url(self, url: DbUrl, namespace: str, template: Optional[str] = None) -> DbUrl:
        """`url` with the search_path of `namespace` (quoted) added to its ``options``; BadUrl for a name
        PostgreSQL would cut at 63 bytes (it would silently be another tenant's)."""
        problem = self.database_name_problem(namespace)
        if problem:
            raise BadUrl(f"tenant schema: {problem.replace('database name', 'schema name')}; use a shorter tenant id")
        option = f"-c search_path={self.quote(namespace)}"
        given = url.param("options")
        params = tuple(p for p in url.params if p[0] != "options") + (("options", f"{given} {option}" if given else option),)
        return replace(url.require_database(), params=params)

    def recorded_migrations(self, conn: Any, table: str = "_yoyo_migration") -> list[str]:
        """The hashes yoyo recorded in `table` of the current schema; none where it does not exist. Found with
        to_regclass, an index lookup on the search_path (https://www.postgresql.org/docs/15/functions-info.html),
        where reading the schema's tables scans pg_class: `tenants list` reads it once per tenant."""
        cur = conn.cursor()
        cur.execute("SELECT to_regclass(quote_ident(current_schema()) || '.' || quote_ident(%s)) IS NOT NULL", (table,))
        if not cur.fetchone()[0]:
            return []
        cur.execute(f"SELECT {self.quote('migration_hash')} FROM {self.quote(table)}")
        return [r[0] for r in cur.fetchall()]

    def namespace_exists(self, url: DbUrl, conn: Any = None) -> bool:
        """The schema `tenant_url` made the default is in pg_namespace; on `conn` (to `url`), current_schema() is
        NULL when the search_path names no schema that exists (https://www.postgresql.org/docs/15/functions-info.html)."""
        if conn is not None:
            return conn.execute("SELECT current_schema() IS NOT NULL").fetchone()[0]
        with self.connect(_without_tenant(url)) as conn:
            return conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (_tenant(url),)).fetchone() is not None

    def tenant_namespaces(self, url: DbUrl, prefix: str, template: Optional[str] = None) -> list[str]:
        """The schemas of `url`'s database whose name starts with `prefix`, compared with starts_with (a LIKE
        pattern would read the prefix's ``_`` as any character: https://www.postgresql.org/docs/15/functions-string.html)."""
        with self.connect(_without_tenant(url)) as conn:
            rows = conn.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY nspname",
                                (prefix,)).fetchall()
        return [r[0] for r in rows]

    def ensure_tenant_namespace(self, conn: Any, url: DbUrl) -> None:
        """CREATE SCHEMA IF NOT EXISTS, quoted, on `conn` (autocommit: the search_path already names it, and
        the schema is the session's current one once made); two runs creating it at once are fine (the
        loser's 23505 on pg_namespace's unique index: https://www.postgresql.org/docs/15/errcodes-appendix.html)."""
        name = _tenant(url)
        if name is None:
            return
        try:
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {self.quote(name)}")
        except psycopg.errors.UniqueViolation:
            pass

    reuses_tenant_connections = True

    def switch_tenant(self, conn: Any, url: DbUrl) -> bool:
        """set_config('search_path', ...) on `conn`, session-wide (committed at once outside autocommit), to what
        `tenant_url`'s ``-c search_path`` sets at connection start
        (https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADMIN-SET); False on a connection that
        is closed or inside a transaction
        (https://www.psycopg.org/psycopg3/docs/api/objects.html#psycopg.ConnectionInfo.transaction_status)."""
        name = _tenant(url)
        if name is None or conn.closed or conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            return False
        conn.execute("SELECT set_config('search_path', %s, false)", (self.quote(name),))
        if not conn.autocommit:  # a rollback would undo it, as it undoes SET (https://www.postgresql.org/docs/15/sql-set.html)
            conn.commit()
        return True

    def lock_key(self, url: DbUrl) -> int:
        """The advisory lock key of `url`'s migrations: `LOCK_KEY` for the database, and one per tenant
        schema (`tenant_url`), so that tenants migrate in parallel and each one run at a time."""
        name = _tenant(url)
        if name is None:
            return self.LOCK_KEY
        return self.LOCK_KEY ^ (int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big") >> 1)

    def yoyo_backend_class(self) -> type:
        """yoyo's psycopg 3 backend, connecting as `connect` does (see `yoyo_backend`)."""
        return yoyo_backend()

    # CREATE/DROP DATABASE and psql's \\connect (\\c), as pg_dump --create writes them
    # (https://www.postgresql.org/docs/15/app-pgdump.html, https://www.postgresql.org/docs/15/app-psql.html)
    OTHER_DATABASE = re.compile(r"^\s*(?:(?:CREATE|DROP)\s+DATABASE\b|\\c(?:onnect)?\b)", re.I)

    def client_command(self, url: DbUrl) -> list[str]:
        """psql reading a script on stdin, stopping at the first error."""
        return ["psql", "-v", "ON_ERROR_STOP=1", "-X", "-q", "-f", "-", _conninfo(url)]

    # psql's own meta-commands run a shell command (\!, \g |cmd, backquotes), write files (\o, \copy) or
    # reach another database (\c, \gexec), anywhere outside quotes, also mid-line
    # (https://www.postgresql.org/docs/15/app-psql.html#APP-PSQL-META-COMMANDS). psql has no switch that turns
    # them off, but \restrict KEY refuses every one after it but \unrestrict KEY (app-psql.html, \restrict;
    # added by 13.22, 14.19, 15.14, 16.10, 17.6: https://www.postgresql.org/support/security/CVE-2025-8714/).
    CLIENT_COMMAND_REFUSED = re.compile(r"backslash commands are restricted")
    _RESTRICT_LINE = re.compile(r"^\\(?:un)?restrict[ \t]+[A-Za-z0-9]+[ \t]*\r?$", re.M)

    def foreign_client_command(self, url: DbUrl) -> list[str]:
        """psql restricted from its first line with a key the script cannot know (\\restrict): a meta-command in
        it is an error that stops it, and never runs. UnsafeClient for a psql without \\restrict."""
        version = _psql_version()
        if version is None or not _restricts(version):
            shown = ".".join(map(str, version)) if version else "unknown"
            raise UnsafeClient(f"psql {shown} cannot turn off its own commands (\\restrict came with psql 13.22, "
                               "14.19, 15.14, 16.10 and 17.6), so a file it was not written for could run a shell "
                               "command: upgrade the PostgreSQL client, or load the file into a database yourself "
                               "and run inspect --database")
        argv = self.client_command(url)
        at = argv.index("-f")
        return argv[:at] + ["-c", f"\\restrict {uuid.uuid4().hex}"] + argv[at:]

    def foreign_script(self, script: str) -> str:
        """`script` without the \\restrict KEY and \\unrestrict KEY lines pg_dump 17.6+ writes around a dump (psql,
        already restricted, would refuse them); each left as an empty line, so errors keep their line numbers."""
        return self._RESTRICT_LINE.sub("", script)

    def run_statements(self, conn: Any, statements: Sequence[str]) -> None:
        """Inside a transaction block, `statements` in one round trip: one Query message, which holds several
        statements and runs them in order in the open transaction, stopping at the first error
        (https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT); psycopg sends
        a query without parameters that way. Each is ended by a line break before the semicolon, so a trailing
        ``--`` comment cannot swallow it. Outside a transaction block, one call each: a Query message of
        several statements is then one implicit transaction, where CREATE INDEX CONCURRENTLY cannot run (yoyo
        opens its blocks with BEGIN on a connection in autocommit, so the session's state is what is asked)."""
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.INTRANS or len(statements) < 2:
            super().run_statements(conn, statements)
            return
        with conn.cursor() as cur:
            cur.execute("\n;\n".join(statements))

    def apply(self, conn: Any, statements: Sequence[Statement]) -> None:
        """Execute `statements`, committing every APPLY_CHUNK (see there); roll back a failed chunk."""
        pending = 0
        try:
            for s in statements:
                pending = self._execute(conn, s, pending)
            conn.commit()
        except Exception:
            conn.rollback()
            raise

    @staticmethod
    def _execute(conn: Any, s: Statement, pending: int) -> int:
        """Run one statement; return how many statements the open transaction now holds."""
        if not s.transactional and not conn.autocommit:
            # ALTER TYPE ... ADD VALUE, CREATE INDEX CONCURRENTLY: outside a transaction block
            # (https://www.postgresql.org/docs/15/sql-altertype.html, sql-createindex.html).
            conn.commit()
            conn.autocommit = True
            try:
                conn.execute(s.sql)
            finally:
                conn.autocommit = False
            return 0
        conn.execute(s.sql)
        if pending + 1 >= APPLY_CHUNK and not conn.autocommit:
            conn.commit()
            return 0
        return pending + 1

    # -- the migration lock -------------------------------------------------------------------
    # A session-level advisory lock: held until released or the session ends, and not undone by a
    # rollback (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS). Its key
    # is scoped to the current database (pg_locks.database), so one constant key is one lock per
    # database. pg_locks shows a bigint key's high half as classid, its low half as objid and
    # objsubid 1 (https://www.postgresql.org/docs/15/view-pg-locks.html).
    LOCK_KEY = 0x736B6D6967726174  # "skmigrat"

    def try_lock(self, conn: Any, url: DbUrl, holder: Any) -> Any:
        """pg_try_advisory_lock on `conn` (autocommit: outside a transaction, so the session's
        application_name, set to the encoded `holder` for other sessions to read in
        pg_stat_activity, is not undone by a rollback). The handle is the name it replaced. One round trip: the
        name is read, then set only where the lock was taken (OFFSET 0 keeps the subquery, and its volatile
        calls, evaluated first and once: https://www.postgresql.org/docs/15/xfunc-volatility.html)."""
        # application_name keeps 63 bytes (NAMEDATALEN - 1: https://www.postgresql.org/docs/15/runtime-config-logging.html#GUC-APPLICATION-NAME)
        key = self.lock_key(url)
        got, name = conn.execute(
            "SELECT l.got, l.name, CASE WHEN l.got THEN set_config('application_name', %s, false) END FROM"
            " (SELECT pg_try_advisory_lock(%s) AS got, current_setting('application_name') AS name OFFSET 0) l",
            (holder.encode()[:63], key)).fetchone()[:2]
        return (name, key) if got else None

    replica_limitation = None  # pg_stat_replication shows each standby's replay position

    def read_only(self, conn: Any) -> Optional[str]:
        """A hot standby (pg_is_in_recovery()), or read-only sessions (dialects/postgres/replicas.py)."""
        from . import replicas
        return replicas.read_only(conn)

    def replay_target(self, conn: Any) -> Any:
        """pg_current_wal_lsn() (dialects/postgres/replicas.py)."""
        from . import replicas
        return replicas.replay_target(conn)

    def standbys(self, conn: Any, target: Any) -> list[tuple[str, bool]]:
        """The connected standbys from pg_stat_replication, each with whether it replayed `target`."""
        from . import replicas
        return replicas.standbys(conn, target)

    def release_lock(self, conn: Any, held: Any) -> None:
        """pg_advisory_unlock, and the session's own application_name back."""
        name, key = held
        conn.execute("SELECT set_config('application_name', %s, false), pg_advisory_unlock(%s)", (name, key))

    def lock_holder(self, conn: Any, url: DbUrl) -> Any:
        """The session holding the advisory lock, from pg_locks and pg_stat_activity."""
        from ..base import LockHolder
        row = conn.execute(
            "SELECT a.pid, a.application_name, host(a.client_addr), a.backend_start"
            " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
            " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND l.classid = %s::oid AND l.objid = %s::oid",
            (self.lock_key(url) >> 32, self.lock_key(url) & 0xFFFFFFFF)).fetchone()
        if row is None:
            return None
        pid, name, client, started = row
        detail = f"server process {pid}" + (f", client {client}" if client else "")
        return LockHolder.decode(name, detail) or LockHolder(
            client or "", since=started.timestamp() if started else None, detail=detail + f", application {name!r}")


def _jsonb_function(node: exp.Expression, jsonb: set[str]) -> exp.Expression:
    """json_array_length(col) -> jsonb_array_length(col) when col is jsonb."""
    if not isinstance(node, exp.Anonymous) or str(node.this).lower() not in JSONB_FUNCTIONS:
        return node
    args = node.expressions
    if args and isinstance(args[0], exp.Column) and args[0].name in jsonb:
        return exp.Anonymous(this=JSONB_FUNCTIONS[str(node.this).lower()], expressions=args)
    return node


def _conninfo(url: DbUrl) -> str:
    """A libpq URI for `url`, query parameters included (percent-encoded). A password goes
    through a private password file (``passfile``), never on the command line, where other
    users could read it (https://www.postgresql.org/docs/15/libpq-pgpass.html)."""
    auth = urlquote(url.user or "", safe="")
    host = url.host or "127.0.0.1"
    host = f"[{host}]" if ":" in host else host
    params = list(url.params) + ([("passfile", _password_file(url.password))] if url.password else [])
    query = f"?{urlencode(params)}" if params else ""
    return f"postgresql://{auth}{'@' if auth else ''}{host}:{url.port or 5432}/{urlquote(url.database or '', safe='')}{query}"


_PASSWORD_FILES: dict[str, str] = {}


def _remove_if_present(path: str) -> None:
    if os.path.exists(path):
        os.remove(path)


def _password_file(password: str) -> str:
    """A 0600 password file matching any server with `password`, removed when the process exits
    (libpq ignores one whose permissions are looser)."""
    if password not in _PASSWORD_FILES:
        fd, path = tempfile.mkstemp(prefix="schemakit-pg-", suffix=".pgpass")
        escaped = password.replace("\\", "\\\\").replace(":", "\\:")
        with os.fdopen(fd, "w") as f:
            f.write(f"*:*:*:*:{escaped}\n")
        atexit.register(_remove_if_present, path)
        _PASSWORD_FILES[password] = path
    return _PASSWORD_FILES[password]


def yoyo_backend() -> type:
    """yoyo's psycopg 3 backend on `connect_kwargs` (`dialects.postgres.backend`); yoyo is
    imported only when a backend is asked for."""
    from .backend import PostgresqlPsycopgBackend
    return PostgresqlPsycopgBackend


_MISSING_DATABASE = re.compile(r'database ".*" does not exist')
_SEARCH_PATH = re.compile(r'(?:^| )-c search_path="((?:[^"]|"")*)"$')  # what `tenant_url` appends


def _tenant(url: DbUrl) -> Optional[str]:
    """The tenant schema `PostgresDialect.tenant_url` made the default of `url`; None for a database URL."""
    found = _SEARCH_PATH.search(url.param("options") or "")
    return found.group(1).replace('""', '"') if found else None


def _without_tenant(url: DbUrl) -> DbUrl:
    """`url` without what `tenant_url` appended (a connection that must not need the schema)."""
    given = _SEARCH_PATH.sub("", url.param("options") or "")
    return replace(url, params=tuple(p for p in url.params if p[0] != "options") + ((("options", given),) if given else ()))



@lru_cache(maxsize=None)
def _psql_version() -> Optional[tuple[int, int]]:
    """(major, minor) of the psql on PATH; None when it cannot be run or read."""
    try:
        out = subprocess.run(["psql", "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\b(\d+)\.(\d+)\b", out)
    return (int(found[1]), int(found[2])) if found else None


def _restricts(version: tuple[int, int]) -> bool:
    """Whether psql `version` has \\restrict (see `PostgresDialect.foreign_client_command`)."""
    major, minor = version
    return major >= 18 or minor >= {13: 22, 14: 19, 15: 14, 16: 10, 17: 6}.get(major, 10**6)


DIALECT = register(PostgresDialect())
