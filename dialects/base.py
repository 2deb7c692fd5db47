"""What every dialect provides, and the engine-neutral helpers they share.

A dialect turns the canonical model into its engine in two steps:

1. ``lower(schema) -> Lowered``: the model as the engine will actually hold it
   (the *effective* schema), plus a `Degradation` record for every feature
   the engine cannot express. Lowering is a pure model-to-model transform.
2. ``render(effective) -> list[Statement]``: DDL that expresses the effective
   schema exactly; nothing is dropped at this step.

``introspect(conn, namespaces)`` reads a live database back into the model;
the round trip holds when ``diff(lower(s).schema, introspect(...)) == []``.
"""
from __future__ import annotations

import datetime as _dt
import enum
import hashlib
import json
import os
import re
import socket
import time
from functools import lru_cache
from types import ModuleType
from urllib.parse import quote, urlencode
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Collection, Mapping, Optional, Sequence, Union

from sqlglot import exp

from schemakit.schema import expr as cexpr
from schemakit.schema.diff import Change, TableKey, diff
from schemakit.schema.model import ForeignKey, Index, Kind, Schema, Table
from schemakit.schema.values import utc_naive

from .urls import DbUrl, shown_name


class PlanError(Exception):
    """A change a dialect cannot plan; the message names it and what to do instead."""


class DegradationCategory(str, enum.Enum):
    """What a degradation does to the model's feature, in any engine's terms.

    The categories that change the effective schema (`changes_schema`) show as a
    difference between the model and ``lower(model)`` on the degradation's table
    and subject; the others leave the schema element as the model has it.
    """

    DROPPED = "dropped"  # not on the engine at all: nothing enforces it (an index, a foreign key)
    WEAKENED = "weakened"  # held as a looser element: the engine accepts values the model rejects
    APPROXIMATED = "approximated"  # held as another element of like meaning (time zone, prefix, full index)
    NOT_INDEXABLE = "not_indexable"  # the index is kept, but a query on the model's columns cannot use it
    NO_PARTITIONS = "no_partitions"  # the table is not partitioned: every row is stored in the one table
    BEHAVIOUR = "behaviour"  # the schema element is the model's; only run-time behaviour differs

    @property
    def changes_schema(self) -> bool:
        """Whether the lowering changes (or removes) the element in the effective schema."""
        return self not in (DegradationCategory.NOT_INDEXABLE, DegradationCategory.BEHAVIOUR)

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


@dataclass(frozen=True)
class DegradationCode:
    """One row of an engine's table of degradation codes (``dialects/<engine>/degradations.py``):
    what the code means wherever it applies."""

    category: DegradationCategory
    feature: str  # what the model asks for, in general
    effect: str  # what the engine does instead
    url: str  # the engine's documentation of the limit


@dataclass(frozen=True)
class Degradation:
    """A feature an engine cannot express, and what happens instead.

    `code` is stable (e.g. ``MY-GIN``), for tests and for suppressing; it is a
    row of the engine's table, which gives the `category` (`from_table`).
    """

    code: str
    engine: str
    table: str  # qualified table name, or "*" for the whole schema
    subject: str  # column, index or constraint name
    feature: str  # what the model asks for
    effect: str  # what the engine does instead
    category: DegradationCategory

    def __str__(self) -> str:
        return f"[{self.code}] {self.engine}: {self.table}.{self.subject}: {self.feature} -> {self.effect}"

    @classmethod
    def from_table(cls, codes: Mapping[str, DegradationCode], code: str, engine: str, table: str, subject: str,
                   feature: Optional[str] = None, effect: Optional[str] = None) -> "Degradation":
        """Degradation `code` of `table`.`subject`, as the engine's table `codes` describes it; `feature`
        and `effect` replace the table's words where this instance says more. An unknown code is an error."""
        row = codes.get(code)
        if row is None:
            raise LookupError(f"{engine}: degradation code {code} is not in the engine's table of degradation "
                              "codes: add it there (and to the README's table)")
        return cls(code, engine, table, subject, feature or row.feature, effect or row.effect, row.category)


# The stable codes of `Skipped`, each with what introspection does instead (README: "Skip codes").
SKIP_CODES = {
    "SKIP-TYPE": "a column whose type no model type holds: the column is left out",
    "SKIP-TYPE-NAMESPACE": "a column of an enum of another schema than its table's: read as an enum of the table's "
                           "schema, where the model keeps it",
    "SKIP-TYPE-NEAREST": "a column type the model has no exact equivalent for: read as the nearest model type "
                         "that holds its values (named in the line); what differs is lost",
    "SKIP-DEFAULT": "a default expression the model cannot hold, or MySQL's zero date (`'0000-00-00 00:00:00'`): "
                    "the column is kept without a default; a serial whose sequence has options of its own (start, "
                    "increment, bounds, cache, cycle, type) is read as `identity=\"sequence\"` without them",
    "SKIP-DOMAIN": "a column that is an array of a domain: read as an array of the domain's base type; the "
                   "domain's rules on each element are not kept",
    "SKIP-GENERATED": "a generated column: kept as a plain column, without its expression",
    "SKIP-COLUMN-OPTION": ("a column's INVISIBLE (MariaDB/MySQL: SELECT * leaves it out), or its COMPRESSION, STORAGE "
                           "or STATISTICS (PostgreSQL): the column is kept, visible, with its type's defaults"),
    "SKIP-IDENTITY": "an identity on a column that is not an integer, or beside another one of its table: the "
                     "column is kept without it",
    "SKIP-IDENTITY-OPTION": "the options of an identity's sequence (increment, bounds, cache, cycle): the "
                            "identity is kept with the defaults",
    "SKIP-FK-OPTION": "a foreign key's DEFERRABLE, MATCH or NOT VALID option: the key is kept, without the option",
    "SKIP-FK": "a foreign key naming no parent columns whose parent has no primary key to stand for them (SQLite "
               "refuses every row it would check): left out",
    "SKIP-CONSTRAINT-OPTION": ("a key's DEFERRABLE, a unique key's NULLS NOT DISTINCT, a CHECK's NO INHERIT or NOT VALID, "
                               "SQLite's ON CONFLICT clause of a key, NOT NULL or CHECK: the constraint is kept, without "
                               "the option"),
    "SKIP-INDEX": "an index the model cannot hold (hash, gist, FULLTEXT, SPATIAL..., an expression sqlglot "
                  "cannot read, one of a partition alone): left out",
    "SKIP-INDEX-OPTION": "an index's non-default collation, NULLS FIRST/LAST order, NULLS NOT DISTINCT or storage "
                         "parameters: the index is kept without them",
    "SKIP-CONSTRAINT": "a constraint the model cannot hold (EXCLUDE, a CHECK sqlglot cannot read): left out",
    "SKIP-PARTITIONING": "partitioning the model cannot hold: the table is kept, unpartitioned",
    "SKIP-TABLE-OPTION": ("a table option the model does not have (not STRICT, WITHOUT ROWID, a storage engine, "
                          "UNLOGGED, storage parameters, REPLICA IDENTITY, CLUSTER ON)"),
    "SKIP-VIEW": ("a view or materialized view the model cannot hold (one calling an aggregate or window function, "
                  "one with options such as WITH CHECK OPTION): left out; or a view of another engine that "
                  "PostgreSQL refuses (a GROUP BY leaving a selected column out, a string column compared with a "
                  "number): kept, absent on postgres"),
    "SKIP-VIEW-OPTION": "a view's SQL SECURITY INVOKER (MySQL/MariaDB): the view is kept without it, running with "
                        "its definer's rights",
    "SKIP-TRIGGER": ("a trigger the model does not hold (on MariaDB/MySQL, one created under a sql_mode that gives "
                     "its body another meaning than schemakit's modes): left out"),
    "SKIP-SEQUENCE": "a sequence the model does not hold: left out",
    "SKIP-FUNCTION": ("an aggregate or window function (functions and procedures are read; on MariaDB/MySQL, not one "
                      "created under a sql_mode that gives its body another meaning than schemakit's modes): left out"),
    "SKIP-OBJECT": ("another object of the database the model does not hold (a range type, a foreign table, a "
                    "virtual table, an event, a system-versioned table, a table's rule, extended statistics, a "
                    "text search configuration, a collation, an operator): left out"),
    "SKIP-GRANT": ("a privilege the model does not hold (on a column, or on an identity's or serial's sequence): "
                   "not kept"),
    "SKIP-COMMENT": ("a comment on the index behind a key, on a storage CHECK, a domain's CHECK, a policy, a schema, "
                     "a view's column or a materialized view's index (PostgreSQL), on the primary key or "
                     "a unique key over a prefix (MariaDB), or on schemakit's own trigger: the object is kept, without "
                     "its comment (an index's, a constraint's and a user trigger's are held)"),
    "SKIP-NAMESPACE": "another namespace inside the database (a PostgreSQL schema) that inspect was not asked to read "
                      "(--namespace): nothing of it is read",
    "SKIP-DEPENDENT": "a key, index, check or foreign key on something that was left out: left out too",
    "SKIP-KEY-NAME": "a primary key named other than the engine's default (PostgreSQL's `<table>_pkey`): the "
                     "model names it after its table",
    "SKIP-NAME": "a constraint name another table of the namespace already uses: renamed (an index name is "
                 "kept: the model's are per table, as MySQL's)",
    "SKIP-INVALID": "what the model refuses (the line gives its rule): left out, or kept without the attribute "
                    "(a key column declared without NOT NULL is read NOT NULL)",
}


@dataclass(frozen=True)
class Skipped:
    """Something a live database holds that introspection did not read into the model, and why.

    `code` is one of `SKIP_CODES` (stable, for tests and scripts); `name` names the object
    (``table``, ``table.column``, ``table.constraint``, a view); `why` says what it is and
    what the model holds instead.
    """

    code: str
    name: str
    why: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.name}: {self.why}"


@dataclass(frozen=True)
class DbObject:
    """An object of a live database beside its tables: a view, a function, a trigger, a sequence,
    a type... as `Dialect.objects` lists it, for drift to tell the model's own from the rest.

    `kind` is a lower-case word or two (``view``, ``materialized view``, ``trigger``, ``enum type``);
    `namespace` None is the connection's default one; `table` is the table a trigger or a policy is on.
    """

    kind: str
    namespace: Optional[str]
    name: str
    table: Optional[str] = None

    @property
    def qualified(self) -> str:
        """The object's name as drift shows it: ``[namespace.][table.]name``."""
        return ".".join(x for x in (self.namespace, self.table, self.name) if x is not None)


def skip(skipped: Optional[list], code: str, name: str, why: str) -> None:
    """Record `Skipped(code, name, why)` in `skipped`; without a list (a caller that did not ask for
    the skips: drift, migrate), nothing: such a caller keeps introspection's strict reading."""
    if code not in SKIP_CODES:
        raise ValueError(f"unknown skip code {code!r}")
    if skipped is not None:
        skipped.append(Skipped(code, name, why))


@dataclass(frozen=True)
class Lowered:
    """The effective schema for an engine and the degradations that led to it."""

    schema: Schema
    degradations: tuple[Degradation, ...] = ()


@dataclass(frozen=True)
class Statement:
    """One DDL statement, without a trailing semicolon.

    `compound` marks a statement with semicolons inside (a trigger body);
    `transactional` is False for statements that must run outside a transaction.
    """

    sql: str
    kind: str = "ddl"
    compound: bool = False
    transactional: bool = True
    table: Optional[str] = None


@dataclass(frozen=True)
class SupportObject:
    """An object schemakit creates beside a table for a feature of the model (an ``sk_`` trigger, with its
    function where the engine needs one), as `Dialect.support_objects` lists it.

    `what` says what a missing one means for a row ("an explicitly inserted id does not move the identity's
    sequence"); `introspected` is True when introspection reads it back into the model (a missing one is
    then already a difference of the model: `diff` reports it); `create` re-creates it without touching
    anything else, and may run again (CREATE OR REPLACE, DROP ... IF EXISTS then CREATE)."""

    kind: str
    namespace: Optional[str]
    table: str
    name: str
    what: str
    introspected: bool
    create: tuple[Statement, ...]
    stored: Optional[str] = None  # its definition as the engine stores it, where `live_support` reads it back

    def state(self, live: Mapping[tuple[Optional[str], str, str], "LiveSupport"]) -> Optional[str]:
        """How the live database has it, against `Dialect.live_support`: None when as schemakit creates it,
        else "is missing", "is disabled" or "is not the one schemakit creates" (its definition differs)."""
        found = live.get(self.key)
        if found is None:
            return "is missing"
        if not found.enabled:
            return "is disabled"
        if self.stored is not None and found.stored is not None and found.stored != self.stored:
            return "is not the one schemakit creates"
        return None

    @property
    def key(self) -> tuple[Optional[str], str, str]:
        """(namespace, table, name), as `Dialect.live_support` lists what is present."""
        return (self.namespace, self.table, self.name)

    @property
    def qualified_table(self) -> str:
        """The table's name as drift shows it: ``[namespace.]table``."""
        return f"{self.namespace}.{self.table}" if self.namespace else self.table

    def drift(self, state: str) -> str:
        """The drift line of one the database has in `state` (what `state` returned)."""
        return f"schemakit's {self.kind} {self.name} on {self.qualified_table} {state}: {self.what}"


@dataclass(frozen=True)
class LiveSupport:
    """A support object present in a live database (`Dialect.live_support`): whether it is enabled (a disabled
    trigger does nothing), and its definition as the engine stores it (None: not read)."""

    enabled: bool = True
    stored: Optional[str] = None


@dataclass(frozen=True)
class Step:
    """One migration step: statements to apply and the statements that undo them.

    `rollback` is None when the step cannot be undone (a destructive change).
    A step runs as a unit: on MySQL, where DDL commits implicitly, a step holds
    exactly one DDL statement. `change` is the typed change the step implements,
    or a tuple of them (SQLite rebuilds a table once for several); `detail` says
    which part of them it is (``step 2 of 3``, ``table rebuild: parent, child``).
    """

    apply: tuple[Statement, ...]
    rollback: Optional[tuple[Statement, ...]] = ()
    change: Union[Change, tuple[Change, ...]] = ()
    detail: str = ""

    @property
    def undo(self) -> tuple[Statement, ...]:
        """The statements that undo the step; ValueError for a step that cannot be undone."""
        if self.rollback is None:
            raise ValueError(f"{self.description}: the step cannot be undone")
        return self.rollback

    def inverted(self) -> "Step":
        """The step run backwards: `undo` applied, the statements it applies as the rollback."""
        return replace(self, apply=self.undo, rollback=self.apply)

    @property
    def changes(self) -> tuple[Change, ...]:
        """The typed changes the step implements, in order."""
        return self.change if isinstance(self.change, tuple) else (self.change,)

    @property
    def description(self) -> str:
        """One line: the changes described, then the detail in parentheses ("" without a change)."""
        text = "; ".join(c.describe() for c in self.changes)
        return f"{text} ({self.detail})" if self.detail else text

    @property
    def transactional(self) -> bool:
        """False when any statement must run outside a transaction."""
        return all(s.transactional for s in self.apply + (self.rollback or ()))


# -- canonical values (the checks' rows) as drivers take them, and back ---------------------------

def json_text(value: list) -> str:
    """A list (a canonical array) as JSON text, for engines that hold arrays as JSON."""
    return json.dumps(value, default=str)


def read_timestamp(value: Any) -> Any:
    """A stored timestamp (a datetime, or ISO text) as naive UTC; anything else unchanged."""
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value)
    return utc_naive(value) if isinstance(value, _dt.datetime) else value


def run_each(conn: Any, statements: Sequence[str]) -> None:
    """Execute `statements` on the DB-API connection `conn`, one driver call each, in order (drivers such as
    sqlite3 and pymysql take one statement per call)."""
    cur = conn.cursor()
    try:
        for sql in statements:
            cur.execute(sql)
    finally:
        cur.close()


def glob_regex(pattern: str) -> str:
    """SQLite's GLOB `pattern` as the POSIX regular expression that matches the same strings, anchored: ``*`` any
    run, ``?`` one character, ``[...]`` / ``[^...]`` a class, the rest itself, case-sensitive
    (https://www.sqlite.org/lang_expr.html#glob). PostgreSQL's ``~`` and MySQL's REGEXP read it alike
    (https://www.postgresql.org/docs/15/functions-matching.html#FUNCTIONS-POSIX-REGEXP)."""
    out, i = ["^"], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":  # (.|\n): MySQL's REGEXP (PCRE, ICU) has . stop at a line break, GLOB and PostgreSQL do not
            out.append("(.|\\n)*")
        elif c == "?":
            out.append("(.|\\n)")
        elif c == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)  # a ] right after [ or [^ is a member (SQLite's rule too)
            body = pattern[i + 1:end]
            negated = body.startswith("^")
            members = body[1:] if negated else body
            out.append("[" + ("^" if negated else "") + members.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out) + "$"


def without_glob(sql: str) -> str:
    """Canonical `sql` with each ``x GLOB 'literal'`` written as ``x ~ '<glob_regex>'``: GLOB is SQLite's, and
    an engine without it refused the whole CREATE TABLE. A GLOB of a pattern that is no literal stays."""
    if "glob" not in sql.lower():
        return sql
    try:
        tree = cexpr.parse(sql).copy()
    except cexpr.ExpressionError:
        return sql
    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Glob) and isinstance(node.expression, exp.Literal) and node.expression.is_string:
            return exp.RegexpLike(this=node.this, expression=exp.Literal.string(glob_regex(node.expression.this)))
        return node
    return tree.transform(rewrite).sql(dialect=cexpr.CANONICAL)


class UnsafeClient(Exception):
    """The engine's client cannot run a script it was not written for with its own commands turned off."""


class Dialect(ABC):
    """One engine: lowering, rendering, introspection and connection."""

    name: str = ""
    rank: int = 100  # registry order (`dialects.names`): lower first
    aliases: tuple[str, ...] = ()  # other names `dialects.get` accepts
    url_schemes: tuple[str, ...] = ()  # URL schemes naming this engine; the first is the one printed
    # Query parameters a URL of this engine accepts, each with the check of its value
    # (`dialects.urls.integer_param` ...: None when fine, else what it must be).
    url_parameters: Mapping[str, Callable[[str], Optional[str]]] = {}
    # The environment variable naming the server the tests, checks and benchmarks use, and its
    # default (the local server `make services` starts); None for an engine without a server.
    server_env: Optional[tuple[str, str]] = None
    variant_of: Optional[str] = None  # the engine this one is a variant of (same driver and URLs)
    degradations: Mapping[str, DegradationCode] = {}  # code -> what it costs (dialects/<engine>/degradations.py)
    sqlglot_dialect: str = ""
    max_identifier_length: int = 63
    transactional_ddl: bool = True  # False where DDL commits implicitly
    yoyo_scheme: str = ""  # the URL scheme yoyo's backend for this engine uses
    admin_database: Optional[str] = None  # a database that always exists on the server
    # True where a column may be declared without a type: the model holds it as a native type of this
    # engine spelled '' (`schema.validate`, `untyped_origins`); other engines lower it as any native type.
    untyped_columns: bool = False

    # -- the DB-API driver: values, sessions, errors (what `checks.engines` runs on) --------
    has_server: bool = True  # False: a database is a file that create_database makes in a directory
    driver: str = ""  # the top-level module of the DB-API driver whose connections `connect` returns
    placeholder: str = "%s"  # the driver's positional parameter marker (https://peps.python.org/pep-0249/#paramstyle)
    # Per model kind, how a canonical value is sent to the driver; kinds not listed go as they are.
    value_adapters: Mapping[Kind, Callable[[Any], Any]] = {}
    # Per model kind, a stored value read back in canonical form (timestamps: naive UTC).
    value_readers: Mapping[Kind, Callable[[Any], Any]] = {Kind.TIMESTAMP: read_timestamp,
                                                          Kind.TIMESTAMPTZ: read_timestamp}

    # -- what the registry and the layers above read -----------------------------------------
    @classmethod
    def recognizes(cls, server_version: str) -> bool:
        """For a variant: whether a server reporting `server_version` is this engine."""
        return False

    def server_version(self, conn: Any) -> str:
        """The server's version string (what `dialects.for_server` matches variants on)."""
        return ""

    def url_problem(self, params: Mapping[str, str]) -> Optional[str]:
        """Why a URL's parameters contradict each other (None: they do not); each is valid alone."""
        return None

    def savepoint_sql(self, name: str) -> str:
        """The statement that sets savepoint `name` (SQL:2003 syntax, which every engine here takes)."""
        return f"SAVEPOINT {self.quote(name)}"

    def rollback_to_savepoint_sql(self, name: str) -> str:
        """The statement that rolls back to savepoint `name`, keeping it."""
        return f"ROLLBACK TO SAVEPOINT {self.quote(name)}"

    def release_savepoint_sql(self, name: str) -> str:
        """The statement that releases savepoint `name`."""
        return f"RELEASE SAVEPOINT {self.quote(name)}"

    def explain_reader(self) -> ModuleType:
        """The module that reads this engine's query plans (see `dialects.explain`)."""
        raise NotImplementedError(f"{self.name}: no plan reader")

    def driver_errors(self) -> tuple[type[BaseException], ...]:
        """The exception classes the driver raises for a failed statement."""
        raise NotImplementedError(f"{self.name}: driver errors are not declared")

    def unreachable_errors(self) -> tuple[type[BaseException], ...]:
        """The exception classes the driver raises when the server cannot be reached (none without a server)."""
        return ()

    def begin(self, conn: Any) -> None:
        """Open a transaction on a `connect()` connection (default: the driver opens one implicitly)."""

    def prepare_session(self, conn: Any) -> None:
        """Hook: session settings under which values read back as the other engines read them."""

    def insert_default_sql(self, table_sql: str) -> str:
        """An INSERT of one row of defaults into `table_sql` (a quoted table name)."""
        return f"INSERT INTO {table_sql} DEFAULT VALUES"

    def holds_data(self, conn: Any, table: Table, column: Optional[str] = None) -> bool:
        """Whether `table` has a row (with `column`: a row where it is not NULL); False if the table is absent."""
        where = f" WHERE {self.quote(column)} IS NOT NULL" if column else ""
        cur = conn.cursor()
        try:
            cur.execute(f"SELECT 1 FROM {self.table_name(table)}{where} LIMIT 1")
            return cur.fetchone() is not None
        except self.driver_errors():
            return False
        finally:
            cur.close()

    def drop_namespaces(self, url: DbUrl, namespaces: Sequence[str]) -> None:
        """Hook: drop what `namespaces` left on the server of `url` beyond the database itself."""

    # -- the contract -------------------------------------------------------
    @abstractmethod
    def lower(self, schema: Schema) -> Lowered:
        """The effective schema for this engine plus its degradations."""

    @abstractmethod
    def render(self, schema: Schema) -> list[Statement]:
        """DDL statements, in dependency order, for an (already lowered) schema."""

    @abstractmethod
    def introspect(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,),
                   tables: Optional[Collection[TableKey]] = None, skipped: Optional[list[Skipped]] = None) -> Schema:
        """Read the tables of `namespaces` from a live connection into the model; with `tables`,
        only those (namespace, name) keys: the tables of other owners are not read at all (their
        types may be ones the model cannot hold).

        With a `skipped` list, what the model cannot hold (a type, a view, a trigger, an ON UPDATE
        action...) is left out and recorded there as `Skipped`, one per object or attribute, never
        raised; without one, introspection is as strict as drift needs (an unknown type raises)."""

    @abstractmethod
    def objects(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)) -> list[DbObject]:
        """Every object of `namespaces` that is not a table, a column, an index or a constraint
        (views, routines, triggers, sequences, types...), with one catalog query or a few; schemakit's
        own (its sk_ triggers and functions, a column's identity sequence) are not listed."""

    def other_namespaces(self, conn: Any, namespaces: Sequence[str]) -> list[str]:
        """The namespaces inside the connected database beside the connection's default one and `namespaces`,
        which drift lists as not managed without reading them: none where a namespace is a database or a file
        of its own (MySQL/MariaDB, SQLite), which is not inside the one connected to."""
        return []

    def created_objects(self, schema: Schema) -> list[DbObject]:
        """What this engine creates beside the tables of an (already lowered) schema that `objects`
        would list (an extension the schema needs): the model's own, which drift does not list."""
        return []

    def support_objects(self, schema: Schema) -> list[SupportObject]:
        """The ``sk_`` objects this engine creates beside the tables of an (already lowered) schema for its
        model features (an identity, on_update_now, a state machine...), each with what its absence means
        and how to create it again; `live_support` lists those present."""
        return []

    def live_support(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)
                     ) -> dict[tuple[Optional[str], str, str], LiveSupport]:
        """(namespace, table, name) -> `LiveSupport` of the ``sk_`` objects present on the tables of `namespaces`
        (None: the connection's default one), with one catalog query: what `support_objects` is checked against."""
        return {}

    def recorded_migrations(self, conn: Any, table: str = "_yoyo_migration") -> list[str]:
        """The hashes of the migrations yoyo recorded as applied in `table` (read on `conn`, without
        yoyo's backend, which would wait for the migration lock); none where the table does not exist."""
        if (None, table) not in set(self.table_names(conn, (None,))):
            return []
        cur = conn.cursor()
        try:
            cur.execute(f"SELECT {self.quote('migration_hash')} FROM {self.quote(table)}")
            return [r[0] for r in cur.fetchall()]
        finally:
            cur.close()

    def table_names(self, conn: Any, namespaces: Sequence[Optional[str]] = (None,)) -> list[tuple[Optional[str], str]]:
        """(namespace, name) of each table `introspect` would read, without reading the tables."""
        return [(t.namespace, t.name) for t in self.introspect(conn, namespaces).tables]

    @abstractmethod
    def connect(self, url: "DbUrl") -> Any:
        """A DB-API connection to `url` (a parsed `dialects.urls.DbUrl`)."""

    @abstractmethod
    def create_database(self, url: "DbUrl", name: str) -> "DbUrl":
        """Create an empty database `name` on the server of `url`; return its URL."""

    def create_scratch_database(self, url: "DbUrl", name: str) -> "DbUrl":
        """Create an empty database `name` for `inspect --ddl` to load a user's file into, with the defaults
        the server gives a database of its user's (`create_database`'s, unless the engine's differ)."""
        return self.create_database(url, name)

    @abstractmethod
    def drop_database(self, url: "DbUrl", name: str) -> None:
        """Drop database `name` (and, for the engine's namespaces, what is in it), if it exists."""

    @abstractmethod
    def client_command(self, url: "DbUrl") -> list[str]:
        """argv of the engine's native client reading a script on stdin (fails on first error)."""

    def foreign_client_command(self, url: "DbUrl") -> list[str]:
        """`client_command` for a script schemakit did not write (`inspect --ddl`): SQL only, with the client's own
        commands, which reach outside the database (a shell command, a file, another database), turned off.
        UnsafeClient where this client cannot turn them off. The base: a client with no commands of its own."""
        return self.client_command(url)

    def foreign_script(self, script: str) -> str:
        """`script` as `foreign_client_command` runs it (the base: unchanged)."""
        return script

    # How the client refuses one of its own commands that `foreign_client_command` turned off (None: none).
    CLIENT_COMMAND_REFUSED: Optional["re.Pattern[str]"] = None

    # A line that creates, drops or switches to another database: the dialect's pattern (None: no such line).
    OTHER_DATABASE: Optional["re.Pattern[str]"] = None

    def other_database_line(self, script: str) -> Optional[tuple[int, str]]:
        """(number, text) of the first line of `script` that would create, drop or switch to another
        database than the one `client_command` runs it in, as dumps of whole databases begin; None when
        there is none. `inspect --ddl` refuses such a file before it runs (its scratch database must be
        the only one it touches)."""
        if self.OTHER_DATABASE is None:
            return None
        for number, line in enumerate(script.splitlines(), 1):
            if self.OTHER_DATABASE.match(line):
                return number, line.strip()
        return None

    @abstractmethod
    def apply(self, conn: Any, statements: Sequence[Statement]) -> None:
        """Execute `statements` on `conn` and commit."""

    def run_statements(self, conn: Any, statements: Sequence[str]) -> None:
        """Execute `statements` (SQL texts, no parameters) on `conn`, in order, in its current transaction
        state, committing nothing: one driver call each (`run_each`)."""
        run_each(conn, statements)

    def builds_index_online(self, table: Table, index: Index) -> bool:
        """Whether adding `index` to the existing `table` is built without locking writers.

        Such a build runs outside a transaction, so makemigrations gives the
        index additions of a change a migration of their own, after the rest.
        """
        return False

    def yoyo_url(self, url: DbUrl) -> str:
        """The URL yoyo needs for `url` (its scheme names the driver; the query carries `url.params`)."""
        auth = quote(url.user or "", safe="") + (f":{quote(url.password, safe='')}" if url.password else "")
        port = f":{url.port}" if url.port else ""
        host = f"[{url.host}]" if url.host and ":" in url.host else url.host
        query = f"?{urlencode(url.params)}" if url.params else ""
        return f"{self.yoyo_scheme}://{auth}{'@' if auth else ''}{host}{port}/{quote(url.database or '', safe='')}{query}"

    def yoyo_backend_class(self) -> type:
        """yoyo's backend class for this engine (the one its URL scheme names)."""
        raise NotImplementedError(f"{self.name}: no yoyo backend")

    def ensure_database(self, url: DbUrl, folders: bool = False) -> None:
        """Create the database `url` names, unless it exists (a concurrent creator is fine).

        No probe connect: call it after a connect failed with `missing_database`, so a
        wrong password costs one authentication attempt, not one per probe. `folders`: an engine that keeps a
        database in a file also makes its missing folders (schemakit's own default folder); else a missing
        folder is an error.
        """
        url.require_database()
        self.create_database(url.with_database(self.admin_database), url.database_name)

    def missing_database(self, error: BaseException) -> bool:
        """Whether `error`, raised by a connect (ours or yoyo's), means the database does not exist.

        Any other failure (wrong password, unreachable server, TLS refused) is False:
        creating a database cannot help there.
        """
        return False

    def database_name_problem(self, name: str) -> Optional[str]:
        """Why the server would refuse or alter database name `name` (None: fine).

        Checked before anything is created, so a name the engine would truncate or
        refuse never gets half-way.
        """
        if "\x00" in name:
            return "a database name cannot contain the NUL character"
        if len(name) > self.max_identifier_length:
            return (f"database name {shown_name(name)} is {len(name)} characters; "
                    f"{self.name} allows at most {self.max_identifier_length}")
        return None

    def password_hint(self, url: DbUrl) -> str:
        """Where the password comes from when a command schemakit prints for the user to run
        leaves it out (`DbUrl.display_without_password`)."""
        return "the password is not shown: supply it as the engine's client expects"

    def sibling_database(self, url: DbUrl, suffix: str) -> DbUrl:
        """The database beside `url` for one of several systems: its name with ``_suffix``."""
        return url.with_database(f"{url.database}_{suffix}")

    def prepare_connection(self, conn: Any, namespaces: Sequence[str]) -> None:
        """Hook: make `namespaces` usable on `conn` (SQLite attaches them)."""

    # -- tenants: a namespace as the default one of its own URL (schemakit/tenants.py) -------------
    def tenant_url(self, url: DbUrl, namespace: str, template: Optional[str] = None) -> DbUrl:
        """The URL on which `namespace` (a tenant's, validated) is the default namespace, so that the
        per-tenant migrations, written unqualified, land there and keep their own history. `template`
        names a server database (engines whose namespace is one: ``{database}``, ``{namespace}``);
        BadUrl when the name made is one the engine refuses."""
        raise NotImplementedError(f"{self.name}: no tenant namespaces")

    def namespace_exists(self, url: DbUrl, conn: Any = None) -> bool:
        """Whether the namespace `tenant_url` reaches exists already (nothing is created); `conn`, a connection
        made to `url`, saves a connect where it can tell."""
        raise NotImplementedError(f"{self.name}: no tenant namespaces")

    def tenant_namespaces(self, url: DbUrl, prefix: str, template: Optional[str] = None) -> list[str]:
        """The tenant namespaces that exist for the shared database `url`: every one whose name `tenant_url`
        could make from a namespace starting with `prefix` (with `template`, for engines whose namespace is a
        server database), as namespace names (``<prefix><id>``), sorted; reads only. The caller keeps those
        whose rest is a valid tenant id."""
        raise NotImplementedError(f"{self.name}: no tenant namespaces")

    def ensure_tenant_namespace(self, conn: Any, url: DbUrl) -> None:
        """Hook: create the namespace `tenant_url` reaches, where connecting does not (a schema), if missing,
        on `conn` (a connection to `url`, autocommit)."""

    reuses_tenant_connections = False  # `switch_tenant` can move a connection from one tenant to another
    creates_databases_on_connections = False  # `ensure_database_on` creates a database on a server connection

    def switch_tenant(self, conn: Any, url: DbUrl) -> bool:
        """Make `conn`, a connection a finished tenant's run used (made to another `tenant_url` of the same
        database), what connecting to `url` makes: the namespace `tenant_url` reaches becomes its default one.
        False, leaving `conn` alone, where it cannot be reused (an engine with a file per tenant, a
        connection with a transaction still open): the caller connects anew. An engine whose tenant
        namespace is a database of the server raises the driver's error where that database does not
        exist (`missing_database`), `conn` left usable on the same server: `ensure_database_on` creates it there."""
        return False

    def ensure_database_on(self, conn: Any, url: DbUrl) -> None:
        """Create the database `url` names unless it exists (as `ensure_database` does: a concurrent creator is
        fine), on `conn`, a connection to its server that `switch_tenant` found it missing on, then make `conn`
        `url`'s (`switch_tenant`). Only an engine whose `switch_tenant` can find a database missing has it."""
        raise NotImplementedError(f"{self.name}: switching a connection never finds a database missing")

    def column_values(self, conn: Any, table: str, column: str) -> list[Any]:
        """The non-NULL values of `column` of the default namespace's `table` (a tenancy's source of truth)."""
        cur = conn.cursor()
        try:
            cur.execute(f"SELECT {self.quote(column)} FROM {self.quote(table)} WHERE {self.quote(column)} IS NOT NULL")
            return [r[0] for r in cur.fetchall()]
        finally:
            cur.close()

    def plan(self, old: Schema, new: Schema) -> list[Step]:
        """Steps that migrate a database holding `old` to `new` (canonical schemas).

        Both are lowered first, so degraded features never produce changes;
        the typed changes come from the generic differ.
        """
        lo, ln = self.lower(old).schema, self.lower(new).schema
        return self.plan_changes(lo, ln, diff(lo, ln))

    def create_view(self, v: Any) -> list[Statement]:
        """The statements creating a lowered view (schema/views.py) on this engine."""
        raise NotImplementedError(f"{self.name}: views are not rendered")

    def drop_view(self, v: Any) -> list[Statement]:
        """The statements dropping a lowered view."""
        raise NotImplementedError(f"{self.name}: views are not rendered")

    def replace_view(self, old: Any, new: Any) -> list[Statement]:
        """The statements turning view `old` into `new` (same key)."""
        return self.drop_view(old) + self.create_view(new)

    def refused_view(self, v: Any, schema: Schema) -> Optional[str]:
        """Why this engine refuses view `v` of `schema`, written for another engine, although sqlglot
        renders it (None: it does not); `inspect` marks such a view absent here."""
        return None

    def comparable_views(self, conn: Any, model: Schema, live: Schema) -> tuple[Schema, Schema]:
        """(`model`, `live`) with the views' bodies in the form the engine stores them, so that `diff`
        finds a view written twice alike and a hand-edited one different; read-only (nothing is
        written to the database). `model` is lowered, `live` read back. Default: the bodies as they are."""
        return model, live
    def code_objects(self, conn: Any, namespaces: Sequence[Optional[str]],
                     tables: Optional[Collection[TableKey]] = None) -> tuple[tuple, tuple, tuple]:
        """(sequences, routines, user triggers) of `namespaces`, the triggers of `tables` only (None: all),
        as `inspect` reads them: the engine's introspection (`introspect.code_objects`)."""
        raise NotImplementedError(f"{self.name}: sequences, routines and triggers are not read")

    def code(self) -> Any:
        """The engine's SQL for sequences, routines and user triggers (a `dialects.code.EngineCode`)."""
        raise NotImplementedError(f"{self.name}: sequences, routines and triggers are not supported")

    def partition_ops(self) -> Any:
        """The engine's steps on the months of a rolling partitioning (a `dialects.partitions.PartitionOps`);
        None where the engine has no partitions."""
        return None

    def policies(self) -> Any:
        """The engine's SQL for row-level security policies and grants (a `dialects.policies.EnginePolicies`)."""
        raise NotImplementedError(f"{self.name}: policies and grants are not supported")

    def plan_changes(self, old: Schema, new: Schema, changes: Sequence[Change]) -> list[Step]:
        """Steps (with rollbacks) for typed changes between two lowered schemas."""
        raise NotImplementedError(f"{self.name}: migration planning is not implemented")

    def script(self, statements: Sequence[Statement]) -> str:
        """The statements as one script for the engine's native client."""
        return "".join(f"{s.sql};\n" for s in statements)

    def tenant_script(self, statements: Sequence[Statement], namespaces: Sequence[str],
                      template: Optional[str] = None) -> tuple[list[str], str]:
        """The header comment lines saying where the tenant `namespaces` go, and the script of `statements`
        placing them where `migrate --tenants` does (`template`: an engine whose namespace is a server
        database names it from it, ``{database}`` and ``{namespace}``)."""
        return [f"-- tenants: schema {self.quote(ns)} inside the database this script runs on" for ns in namespaces], \
            self.script(statements)

    def ddl(self, schema: Schema) -> tuple[list[Statement], tuple[Degradation, ...]]:
        """Lower then render: the statements and the degradations."""
        lowered = self.lower(schema)
        return self.render(lowered.schema), lowered.degradations

    # -- shared helpers -------------------------------------------------------
    def quote(self, name: str) -> str:
        """A quoted identifier for this engine."""
        return quote_identifier(name, self.sqlglot_dialect)

    def table_name(self, t: Table) -> str:
        """The quoted, namespace-qualified name of a table."""
        return self.qualify(t.namespace, t.name)

    def qualify(self, namespace: Optional[str], name: str) -> str:
        """Quoted ``namespace.name`` (or just ``name``)."""
        return f"{self.quote(namespace)}.{self.quote(name)}" if namespace else self.quote(name)

    def literal(self, value) -> str:
        """A SQL literal for a Python string, number, boolean or bytes (``X'..'``, the SQL standard's
        binary string literal; an engine that reads it otherwise overrides this)."""
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, bytes):
            return f"X'{value.hex()}'"
        if isinstance(value, (int, float)):
            return repr(value)
        return exp.Literal.string(str(value)).sql(dialect=self.sqlglot_dialect)

    def expression(self, sql: str) -> str:
        """Canonical SQL rendered for this engine."""
        tree = cexpr.parse(sql).copy()
        return self.transform_expression(tree).sql(dialect=self.sqlglot_dialect)

    def transform_expression(self, tree: exp.Expression) -> exp.Expression:
        """Hook: rewrite a parsed canonical expression before generation."""
        return tree

    def generated_name(self, *parts: str) -> str:
        """A name schemakit owns (``sk_...``), shortened with a hash to fit."""
        return short_name("sk_" + "_".join(parts), self.max_identifier_length)

    # -- the migration lock: the engine's session-scoped lock (see `schemakit.lock`) -------------
    def try_lock(self, conn: Any, url: DbUrl, holder: "LockHolder") -> Any:
        """Take the migration lock of database `url` without waiting, for `conn`'s session.

        Returns a handle for `release_lock`, or None when another session holds it. The lock
        ends with the session (or process) at the latest, so a killed run leaves none behind.
        `holder` is published where `lock_holder` of another session reads it.
        """
        raise NotImplementedError(f"{self.name}: no migration lock")

    def release_lock(self, conn: Any, held: Any) -> None:
        """Release a lock `try_lock` took (`held` is its handle)."""
        raise NotImplementedError(f"{self.name}: no migration lock")

    def lock_holder(self, conn: Any, url: DbUrl) -> Optional["LockHolder"]:
        """Who holds the migration lock of `url` now, or None when it is free. Takes nothing."""
        raise NotImplementedError(f"{self.name}: no migration lock")

    def unwritable(self, url: DbUrl) -> Optional[str]:
        """Why this client cannot write the database `url`, when it can tell beforehand (else None)."""
        return None

    # -- replicas: a server that accepts no writes, and the standbys of a primary ----------------
    # Why `migrate --wait-replicas` cannot wait on this engine (one line for the user); None where it can.
    replica_limitation: Optional[str] = "this engine cannot report how far its replicas have replayed"

    def read_only(self, conn: Any) -> Optional[str]:
        """Why the server on `conn` accepts no writes (a standby, a read-only server), naming the setting
        or function that says so; None when it is writable. Reads only. Default: None (no such servers)."""
        return None

    def replay_target(self, conn: Any) -> Any:
        """The position every standby must have replayed to hold what `conn`'s server committed so far."""
        raise NotImplementedError(self.replica_limitation)

    def standbys(self, conn: Any, target: Any) -> list[tuple[str, bool]]:
        """(name, has replayed `target`) of each standby connected to `conn`'s server; a PermissionError
        (its text the fix) when this session cannot see how far they have replayed."""
        raise NotImplementedError(self.replica_limitation)


@lru_cache(maxsize=65536)
def quote_identifier(name: str, sqlglot_dialect: str) -> str:
    """`name` quoted as an identifier of sqlglot dialect `sqlglot_dialect` (pure and hot: cached)."""
    return exp.to_identifier(name, quoted=True).sql(dialect=sqlglot_dialect)


def abs_overflow_columns(t: Table, sql: str) -> list[str]:
    """The columns of `t` whose abs() (``@``) expression `sql` takes and whose lowest value it cannot negate
    in the model's meaning: a signed smallint or integer, whose abs() PostgreSQL computes in the same type
    and refuses as out of range (https://www.postgresql.org/docs/15/functions-math.html). An engine that
    computes it in a wider type accepts that row and lists a degradation."""
    return sorted(n for n in cexpr.abs_columns(sql) if t.has_column(n)
                  and t.column(n).type.kind in (Kind.SMALLINT, Kind.INTEGER) and not t.column(n).type.unsigned)


def short_name(name: str, limit: int) -> str:
    """`name`, or a prefix of it plus an 8-hex hash when longer than `limit`."""
    if len(name) <= limit:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return f"{name[:limit - 9]}_{digest}"


@dataclass
class Order:
    """Tables in creation order, and the foreign keys to add afterwards."""

    tables: list[Table] = field(default_factory=list)
    deferred: list[tuple[Table, ForeignKey]] = field(default_factory=list)

    def is_deferred(self, table: Table, fk: ForeignKey) -> bool:
        """Whether `fk` of `table` is added after all tables exist."""
        return any(t.key == table.key and f.name == fk.name for t, f in self.deferred)


def creation_order(schema: Schema) -> Order:
    """Tables ordered so that referenced tables come first.

    Ties keep declaration order, so the result is deterministic. A foreign
    key that would close a cycle (or points forward into one) is deferred:
    the table is created without it and it is added by ALTER TABLE later.
    """
    order = Order()
    placed: set = set()
    pending = list(schema.tables)
    while pending:
        for t in pending:
            if all(t.referenced_key(f) in placed or t.referenced_key(f) == t.key for f in t.foreign_keys):
                break
        else:  # a cycle: place the first pending table, defer its forward references
            t = pending[0]
            order.deferred += [(t, f) for f in t.foreign_keys
                               if t.referenced_key(f) not in placed and t.referenced_key(f) != t.key]
        pending.remove(t)
        placed.add(t.key)
        order.tables.append(t)
    return order


class LockError(Exception):
    """The migration lock cannot be taken for a reason waiting does not fix; the message says which."""


_HOLDER_TEXT = re.compile(r"schemakit pid=(\d+) t=(\d+) host=([^\s']*)")


@dataclass(frozen=True)
class LockHolder:
    """Who holds a database's migration lock: the run's host, process id and when it took it.

    A run publishes itself with `encode` where the engine lets other sessions read it;
    `detail` is what the engine itself knows of the holding session.
    """

    host: str = ""
    pid: Optional[int] = None
    since: Optional[float] = None  # seconds since the epoch
    detail: str = ""

    @classmethod
    def current(cls) -> "LockHolder":
        """This process, now."""
        return cls(socket.gethostname(), os.getpid(), time.time())

    def encode(self) -> str:
        """The compact text `decode` reads back (host last: an engine may cut a long one short)."""
        return f"schemakit pid={self.pid} t={int(self.since or 0)} host={self.host}"

    @classmethod
    def decode(cls, text: str, detail: str = "") -> Optional["LockHolder"]:
        """The holder `encode` wrote into `text`, or None when `text` holds none."""
        m = _HOLDER_TEXT.search(text or "")
        return cls(m.group(3), int(m.group(1)), float(m.group(2)), detail) if m else None

    def describe(self) -> str:
        """E.g. ``pid 4242 on host build-1 since 2026-12-05 09:10:01 UTC (connection 7 from 10.0.0.3)``."""
        parts = ([f"pid {self.pid}"] if self.pid else []) + ([f"on host {self.host}"] if self.host else [])
        if self.since:
            parts.append(f"since {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(self.since))}")
        text = " ".join(parts) or "another session"
        return f"{text} ({self.detail})" if self.detail else text
