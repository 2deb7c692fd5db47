"""Reading a live MySQL/MariaDB database back into the model.

A fixed number of bulk information_schema queries (server, tables, columns,
indexes, foreign keys, checks, triggers, and partitions when some table is
partitioned), each filtered by ``TABLE_SCHEMA IN (...)``, whatever the number
of tables. Everything schemakit generated (``sk_`` checks, columns and
triggers; MySQL's implicit foreign-key indexes; MariaDB's json_valid checks)
is mapped back to the model feature it implements, or hidden.

Options (issue #14): a table's collation (TABLES.TABLE_COLLATION) and character set
are read as the model's, None where they are the dialect's own (utf8mb4 in its
collation); a text column's collation (COLUMNS.COLLATION_NAME) is kept where it is
not its table's. A database made by the ``mysql`` dialect (utf8mb4_bin) read by the
``mariadb`` variant (utf8mb4_nopad_bin) thus reads as tables in utf8mb4_bin, which
drift names. Generated columns (EXTRA ``STORED GENERATED`` / ``VIRTUAL GENERATED``,
GENERATION_EXPRESSION), expression defaults (canonical SQL through sqlglot),
FULLTEXT indexes and types the model has no kind for (NATIVE of origin ``mysql``,
as COLUMN_TYPE spells them) are read too.

Server differences handled here (only MariaDB can be tested locally):
- MariaDB reports COLUMN_DEFAULT as SQL ('x' quoted, NULL as the string
  'NULL'); MySQL 8 reports literals bare and flags expression defaults with
  EXTRA 'DEFAULT_GENERATED' (https://dev.mysql.com/doc/refman/8.0/en/information-schema-columns-table.html,
  https://mariadb.com/kb/en/information-schema-columns-table/).
- MariaDB stores JSON as LONGTEXT plus a column-level CHECK json_valid(col)
  named after the column (https://mariadb.com/kb/en/json-data-type/).
- CHECK_CONSTRAINTS has TABLE_NAME and LEVEL on MariaDB only; MySQL 8's
  expression texts escape quotes (``_utf8mb4\\'x\\'``).
- MariaDB rewrites expressions when it stores them (NOT pushed down to the
  atoms, ``x IN ('a')`` as ``x = 'a'``, a boolean column ``b`` as ``b <> 0``;
  undocumented, observed on 10.11: tests/data/mysql_cases.py EXPRESSIONS).
  `normal_form` applies the same rewrites to canonical SQL; the dialect's
  lower() stores expressions in that form, and everything read back passes
  through it, so MariaDB's texts and MySQL 8's (which keeps NOT) compare equal.

- Types: MariaDB writes display widths (``int(10) unsigned``, ``tinyint(4)``,
  ``year(4)``), MySQL 8.0.19+ drops them but for ``tinyint(1)``
  (https://dev.mysql.com/doc/refman/8.0/en/numeric-type-attributes.html): BOOLEAN
  is ``tinyint(1)`` on both, any other tinyint is TINYINT. ``real`` is DOUBLE
  (https://dev.mysql.com/doc/refman/8.0/en/floating-point-types.html). A fractional
  precision of 6 reads as None, the model's default.
- MariaDB reports a BINARY/VARBINARY literal default as a quoted string whose
  bytes above 0x7f are '?' (observed on 10.11): rendering writes UNHEX('..'),
  and inspect lists such a default it cannot read (SKIP-DEFAULT).
- A foreign key declared without ON UPDATE reports RESTRICT, InnoDB's NO ACTION:
  read as NO ACTION (MY-UPDATERESTRICT).

The conventions rendering and reading share (markers, enum names, function
names) are defined here and imported by `dialects.mysql`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Collection, Optional, Sequence, overload

import sqlglot
from sqlglot import exp

from schemakit.schema import expr as cexpr
from schemakit.schema.code import drawing_from
from schemakit.schema.model import (
    BIGINT, BINARY_KINDS, BOOLEAN, BYTES, DATE, DOUBLE, FLOAT_KINDS, GEN_UUID, INTEGER, INTEGER_KINDS, JSON, NOW,
    REAL, SMALLINT, TEXT, TINYINT, UUID, YEAR, Action, Check, Column, ColumnType, Enum, ForeignKey, Index,
    FUTURE, IndexPart, Kind, Partitioning, Schema, StateMachine, Table, Unique, decimal, enum_type, lit, set_of, spelled,
    Collation, Default, DefaultKind, Generated, IndexMethod, PartitionMethod, PartitionSpec,
)

from ..base import Skipped, quote_identifier, short_name, skip
from . import code
from .options import CHARSET_DEFAULTS
from . import views as my_views

IDENTIFIER_LIMIT = 64  # https://mariadb.com/kb/en/identifier-names/#maximum-length


def _parse(sql: str, read: str) -> exp.Expression:
    """One expression of `sql` (a parse error raises as sqlglot raises it; an empty text is ValueError)."""
    tree = sqlglot.parse_one(sql, read=read)
    if not isinstance(tree, exp.Expression):
        raise ValueError(f"no SQL expression in {sql!r}")
    return tree


def _match(pattern: "re.Pattern[str]", text: str, what: str, at_start: bool = False) -> "re.Match[str]":
    """`pattern` searched in `text` (matched at its start with `at_start`); ValueError naming `what`
    where the server wrote something else."""
    found = pattern.match(text) if at_start else pattern.search(text)
    if found is None:
        raise ValueError(f"cannot read {what} from {text!r}")
    return found

# A UNIQUE constraint and a UNIQUE index are the same object in MySQL; this index COMMENT
# marks the model's unique *indexes* so introspection can tell them apart.
UNIQUE_INDEX_MARK = "schemakit:unique-index"
CHECK_STATE = "23000"  # SQLSTATE of a CHECK enforced by trigger (integrity constraint violation)
CONSTRAINT_FAILED = 4025  # MariaDB's error number of a failed CHECK, which a partition guard gives too
MACHINE_STATE = "45000"  # SQLSTATE of a refused state-machine transition
# SQLSTATE of an explicit value refused in a GENERATED ALWAYS identity (PostgreSQL's generated_always).
ALWAYS_STATE = "428C9"
# How a trigger-enforced CHECK missing one of its two triggers reads back (see `_trigger_checks`).
HALF_CHECK = "({}) AND 'schemakit: one of the two triggers of this check is missing' IS NOT NULL"
# Canonical functions sqlglot leaves untranslated for MySQL, and their MySQL names.
FUNCTIONS = {"json_array_length": "JSON_LENGTH"}
READ_FUNCTIONS = {mine.lower(): canonical for canonical, mine in FUNCTIONS.items()}
# Kinds whose values have a collation (uuid is ascii_bin and json utf8mb4_bin by rendering).
COLLATED = (Kind.VARCHAR, Kind.TEXT, Kind.CHAR, Kind.ENUM, Kind.SET)
ORIGIN = "mysql"  # the origin of MySQL's own types and spellings, MariaDB's included
SIMPLE_TYPES = {"tinyint": TINYINT, "smallint": SMALLINT, "int": INTEGER, "bigint": BIGINT, "longtext": TEXT,
                "date": DATE, "json": JSON, "float": REAL, "double": DOUBLE, "longblob": BYTES, "year": YEAR}
# MySQL's narrower spellings of model types (https://mariadb.com/kb/en/data-types/): read as the model type
# spelled so on this engine (`spelled`), rendered back as they are here and as the model type elsewhere.
# TIMESTAMP (see `_column_type`) holds 1970-01-01 00:00:01..2038-01-19 03:14:07 UTC.
SPELLED = {"tinytext": TEXT, "text": TEXT, "mediumtext": TEXT, "mediumint": INTEGER, "tinyblob": BYTES,
           "blob": BYTES, "mediumblob": BYTES}
# Types of a length, and of a fractional-second precision (bare: 0; 6, the model's default, is None).
SIZED = {"char": Kind.CHAR, "varchar": Kind.VARCHAR, "binary": Kind.BINARY, "varbinary": Kind.VARBINARY}
FRACTIONAL = {"datetime": Kind.TIMESTAMP, "time": Kind.TIME, "timestamp": Kind.TIMESTAMPTZ}
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
QUOTED = re.compile(r"^'((?:[^'\\]|'')*)'$")
ENUM_VALUE = re.compile(r"'((?:[^'\\]|''|\\.)*)'")


def enum_name(table: str, column: str) -> str:
    """The name of a column's inline ENUM in the effective schema.

    MySQL enums are anonymous and per column; naming each after its column
    keeps every enum distinct, so the differ's per-name enum comparison does
    not depend on table order, and an enum change maps to one column.
    """
    return f"{table}.{column}"


# -- expressions --------------------------------------------------------------------------------------

_INVERSE: dict[type[exp.Expr], type[exp.Binary]] = {
    exp.EQ: exp.NEQ, exp.NEQ: exp.EQ, exp.GT: exp.LTE, exp.GTE: exp.LT, exp.LT: exp.GTE, exp.LTE: exp.GT}


def _fixpoint(tree: exp.Expression, fn, *args) -> exp.Expression:
    """Apply `fn` everywhere until nothing changes (transform() skips a replaced node's children)."""
    prev, out = None, tree.copy()
    while prev != out:
        prev = out.copy()
        out = out.transform(fn, *args)
    return out


def normal_form(tree: exp.Expression, booleans: frozenset) -> exp.Expression:
    """The expression as MariaDB stores it, with the same truth value (three-valued logic).

    NOT is pushed down to the atoms (De Morgan; ``NOT a > 1`` is ``a <= 1``;
    ``NOT x IS NULL`` is ``x IS NOT NULL``), a one-value IN is ``=``, and a
    boolean column compared with TRUE/FALSE/1/0 is the bare column or its NOT.
    """
    return _fixpoint(tree, _normal_node, booleans)


@lru_cache(maxsize=8192)
def normal_text(sql: str, booleans: frozenset) -> str:
    """Canonical SQL text of `sql` (canonical SQL) in `normal_form`."""
    return normal_form(_parse(sql, cexpr.CANONICAL), booleans).sql(dialect="postgres")


def _normal_node(node: exp.Expr, booleans: frozenset) -> exp.Expr:
    if isinstance(node, exp.In) and len(node.expressions) == 1 and not node.args.get("query"):
        return exp.EQ(this=node.this, expression=node.expressions[0])
    if isinstance(node, (exp.EQ, exp.NEQ)):
        return _array_test(node) or _boolean_test(node, booleans)
    if isinstance(node, exp.Not):
        return _push_not(node)
    return node


def _push_not(node: exp.Not) -> exp.Expr:
    inner = _unparen(node.this)
    if isinstance(inner, exp.Not):
        return inner.this
    if isinstance(inner, (exp.And, exp.Or)):
        flip = exp.Or if isinstance(inner, exp.And) else exp.And
        return exp.Paren(this=flip(this=exp.Not(this=inner.this), expression=exp.Not(this=inner.expression)))
    if type(inner) in _INVERSE:
        return _INVERSE[type(inner)](this=inner.this, expression=inner.expression)
    if isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null):
        return exp.Is(this=inner.this, expression=inner.expression, negate=not inner.args.get("negate"))
    return node


def _array_test(node: exp.Expression) -> Optional[exp.Expression]:
    """``x = ANY (ARRAY[...])`` as ``x IN (...)``, ``x <> ALL (ARRAY[...])`` as ``NOT x IN (...)``."""
    quantifier = node.expression
    if isinstance(quantifier, exp.Anonymous) and quantifier.name.upper() == "ALL" and quantifier.expressions:
        values = quantifier.expressions[0]  # sqlglot reads PostgreSQL's ALL (...) as a function call
    elif isinstance(quantifier, (exp.Any, exp.All)):
        values = quantifier.this
    else:
        return None
    while isinstance(values, (exp.Cast, exp.Paren)):
        values = values.this
    if not isinstance(values, exp.Array):
        return None
    found = exp.In(this=node.this, expressions=values.expressions)
    return found if isinstance(node, exp.EQ) else exp.Not(this=found)


def _unparen(node: exp.Expression) -> exp.Expression:
    while isinstance(node, exp.Paren):
        node = node.this
    return node


def _boolean_test(node: exp.Expression, booleans: frozenset) -> exp.Expression:
    """``b <> 0`` / ``0 = b`` / ``b = TRUE`` on a boolean column as ``b`` or ``NOT b``."""
    column, const = _unparen(node.this), _unparen(node.expression)
    if isinstance(const, exp.Column):
        column, const = const, column
    if not (isinstance(column, exp.Column) and column.name in booleans):
        return node
    truth = _truth(const)
    if truth is None:
        return node
    bare = exp.column(column.name, quoted=column.this.quoted)
    return bare if truth == isinstance(node, exp.EQ) else exp.Not(this=bare)


def _truth(node: exp.Expression) -> Optional[bool]:
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Literal) and not node.is_string and node.this in ("0", "1"):
        return node.this == "1"
    return None


@lru_cache(maxsize=8192)
def read_expression(sql: str, booleans: frozenset = frozenset()) -> str:
    """Canonical SQL (in `normal_form`) of an expression as MySQL/MariaDB store it.

    Undoes what rendering added (CAST(col AS BINARY), NEW./OLD. qualifiers,
    JSON_LENGTH, DIV) and MySQL's spellings (introducers, ``/`` as a
    NULL-safe division), then applies `normal_form`.
    """
    return canonical(_parse(sql, "mysql"), booleans)


def faithful(text: str, booleans: frozenset = frozenset()) -> bool:
    """Whether MySQL SQL `text` read into canonical SQL renders back for MySQL as the same expression (sqlglot
    can lose meaning on the way: a JSON path '$.a' comes back 'a')."""
    try:
        tree = _unparen(_parse(text, "mysql"))
        back = _unparen(_parse(canonical(tree.copy(), booleans), cexpr.CANONICAL))
        return _key(normal_form(_fixpoint(tree, _canonical_node), booleans)) == _key(back)
    except (sqlglot.errors.SqlglotError, ValueError):
        return False


def _key(tree: exp.Expression) -> str:
    return tree.sql(dialect="mysql", normalize_functions="lower", identify=True)


def canonical(tree: exp.Expression, booleans: frozenset) -> str:
    """Canonical SQL text of a tree parsed from MySQL."""
    return normal_form(_fixpoint(tree, _canonical_node), booleans).sql(dialect="postgres")


def _days(node: exp.Expression) -> Optional[exp.Expression]:
    """The number of days of ``INTERVAL n DAY`` (a whole number), else None."""
    if isinstance(node, exp.Interval) and node.unit is not None and node.unit.name.upper() == "DAY":
        n = node.this
        if isinstance(n, exp.Literal) and n.this.isdigit():
            return exp.Literal.number(n.this)
    return None


def is_date(node: exp.Expression, sums: bool = False) -> bool:
    """Whether an expression is a date by its form: CURRENT_DATE or a CAST to DATE; with `sums`, also
    such a date plus or minus days (DATE_ADD / DATE_SUB of one)."""
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Cast):
        return node.to.this is exp.DataType.Type.DATE
    if sums and isinstance(node, (exp.DateAdd, exp.DateSub)):
        return is_date(node.this, sums)
    return isinstance(node, exp.CurrentDate)


def _date_arithmetic(node: exp.Expression) -> exp.Expression:
    """A date plus or minus ``INTERVAL n DAY`` (or DATE_ADD/DATE_SUB of days) as date + n (date - n):
    PostgreSQL's date + integer, a date (https://www.postgresql.org/docs/15/functions-datetime.html), as
    rendering writes it back (https://dev.mysql.com/doc/refman/8.0/en/date-and-time-functions.html#function_date-add)."""
    if isinstance(node, (exp.Add, exp.Sub)) and is_date(node.this):
        days = _days(node.expression)
        if days is not None:
            return type(node)(this=node.this, expression=days)
    if isinstance(node, (exp.DateAdd, exp.DateSub)) and is_date(node.this):
        unit, n = node.args.get("unit"), node.expression
        if unit is not None and unit.name.upper() == "DAY" and isinstance(n, exp.Literal) and n.this.isdigit():
            kind = exp.Add if isinstance(node, exp.DateAdd) else exp.Sub
            return kind(this=node.this, expression=exp.Literal.number(n.this))
    return node


# The inline flag rendering writes before the pattern of a case-insensitive match (~*): see dialects.mysql.
CASELESS = "(?i)"


def _caseless(node: exp.Expression) -> exp.Expression:
    """REGEXP of a pattern led by (?i) as PostgreSQL's case-insensitive match ``~*``, and LOWER(x) LIKE LOWER(y) as
    ILIKE, as rendering (sqlglot's MySQL ILIKE) wrote them."""
    if isinstance(node, exp.Like) and isinstance(node.this, exp.Lower) and isinstance(node.expression, exp.Lower):
        return exp.ILike(this=node.this.this, expression=node.expression.this)
    if isinstance(node, exp.RegexpLike):
        pattern = node.expression
        if isinstance(pattern, exp.Literal) and pattern.is_string and pattern.this.startswith(CASELESS):
            return exp.RegexpILike(this=node.this, expression=exp.Literal.string(pattern.this[len(CASELESS):]))
        if isinstance(pattern, exp.Concat) and len(pattern.expressions) == 2:
            flag = pattern.expressions[0]
            if isinstance(flag, exp.Literal) and flag.is_string and flag.this == CASELESS:
                return exp.RegexpILike(this=node.this, expression=pattern.expressions[1])
    return node


def _canonical_node(node: exp.Expression) -> exp.Expression:
    node = _caseless(_date_arithmetic(node))
    if isinstance(node, exp.Cast) and _is_binary(node.to):
        return node.this
    if isinstance(node, exp.Cast) and _is_text(node.to):  # cast(n as char charset utf8mb4): n as text
        return exp.Cast(this=node.this, to=exp.DataType.build("text"))
    if isinstance(node, exp.Column) and (node.table or not node.this.quoted):
        return exp.column(node.name, quoted=True)
    if isinstance(node, exp.Anonymous) and node.name.lower() in READ_FUNCTIONS:
        node.set("this", READ_FUNCTIONS[node.name.lower()])
    if isinstance(node, exp.Introducer):
        return node.expression
    if isinstance(node, exp.IntDiv) or (isinstance(node, exp.Div) and node.args.get("safe")):
        return exp.Div(this=node.this, expression=node.expression, typed=True, safe=False)
    return node


def _is_binary(to: exp.DataType) -> bool:
    kind = to.args.get("kind")
    return to.this is exp.DataType.Type.BINARY or (kind is not None and kind.name.lower() == "binary")


def _is_text(to: exp.DataType) -> bool:
    """CHAR with no length (in a character set): CAST(x AS CHAR) is x as a string of any length, canonical
    SQL's text (https://mariadb.com/kb/en/cast/); MariaDB prints it with the character set it casts to."""
    if to.this is exp.DataType.Type.CHARACTER_SET:
        return True
    return to.this is exp.DataType.Type.CHAR and not to.expressions


# -- introspection ----------------------------------------------------------------------------------
# No ORDER BY: sorting in Python is cheaper than in information_schema; no KEY_COLUMN_USAGE join
# with REFERENTIAL_CONSTRAINTS: two queries are ten times faster on MariaDB.

Q_SERVER = "SELECT VERSION(), DATABASE()"
Q_TABLES = """SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_COMMENT, CREATE_OPTIONS, TABLE_COLLATION FROM information_schema.TABLES
WHERE TABLE_SCHEMA IN ({in_}) AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')"""
# (a system-versioned table is read as the base table it also is, its history and period columns left out, and named
# by `inspect`: Q_OTHERS; https://mariadb.com/kb/en/system-versioned-tables/)
Q_COLUMNS = """SELECT TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,
COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT, CHARACTER_SET_NAME, GENERATION_EXPRESSION, COLLATION_NAME
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN ({in_})"""
Q_INDEXES = """SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, NON_UNIQUE, COLUMN_NAME, SUB_PART,
COLLATION, INDEX_COMMENT, INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN ({in_})"""
Q_FOREIGN_KEYS = """SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION, COLUMN_NAME,
REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA IN ({in_}) AND REFERENCED_TABLE_NAME IS NOT NULL"""
Q_DELETE_RULES = """SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, DELETE_RULE, UPDATE_RULE
FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN ({in_})"""
Q_CHECKS_MARIADB = """SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL
FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN ({in_})"""
Q_CHECKS_MYSQL = """SELECT t.TABLE_SCHEMA, t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE, 'Table'
FROM information_schema.TABLE_CONSTRAINTS t JOIN information_schema.CHECK_CONSTRAINTS c
ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME
WHERE t.CONSTRAINT_TYPE = 'CHECK' AND t.TABLE_SCHEMA IN ({in_})"""
Q_TRIGGERS = """SELECT EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_STATEMENT, EVENT_MANIPULATION,
ACTION_ORDER FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA IN ({in_}) AND TRIGGER_NAME LIKE 'sk\\_%%'"""
# (EVENT_OBJECT_SCHEMA, not TRIGGER_SCHEMA, which is the same: the server reads one database for it, code.Q_TRIGGERS)
Q_PARTITIONS = """SELECT TABLE_SCHEMA, TABLE_NAME, PARTITION_ORDINAL_POSITION, PARTITION_METHOD, PARTITION_EXPRESSION,
PARTITION_DESCRIPTION, PARTITION_NAME FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA IN ({in_})
AND TABLE_NAME IN ({tables}) AND PARTITION_NAME IS NOT NULL"""
# What only `inspect` asks for (a `skipped` list): tables of another storage engine or type (a system-
# versioned table), or with options of their own (ROW_FORMAT, KEY_BLOCK_SIZE...: CREATE_OPTIONS, where
# "partitioned" is the model's partitioning, https://mariadb.com/kb/en/information-schema-tables-table/).
# The objects beside the tables the model does not hold: `schemakit.held.unmanaged`.
Q_OTHERS = """SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, COALESCE(CREATE_OPTIONS, '') FROM information_schema.TABLES
WHERE TABLE_SCHEMA IN ({in_}) AND TABLE_TYPE NOT IN ('VIEW', 'SEQUENCE')
AND (TABLE_TYPE <> 'BASE TABLE' OR ENGINE <> 'InnoDB' OR COALESCE(CREATE_OPTIONS, '') NOT IN ('', 'partitioned'))"""
# The primary key and unique indexes with a comment (https://mariadb.com/kb/en/create-index/#index-options): the
# model holds a plain index's and a UNIQUE key's comment, not the primary key's nor that of a unique key over a
# prefix (read as a unique index, whose comment is schemakit's UNIQUE_INDEX_MARK).
Q_INDEX_COMMENTS = """SELECT DISTINCT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA IN ({in_}) AND INDEX_COMMENT <> '' AND NON_UNIQUE = 0 AND INDEX_COMMENT <> %s
  AND (INDEX_NAME = 'PRIMARY' OR SUB_PART IS NOT NULL)
ORDER BY 1, 2, 3"""
TYPE_SYNTAX = re.compile(r"^(\w+)(?:\((.*)\))?\s*(.*)$", re.S)
# Types schemakit never renders but may meet (e.g. yoyo's bookkeeping tables), read as the nearest kind
# (MySQL's TIMESTAMP, see FRACTIONAL, as timestamptz).
ESCAPED = re.compile(r"^'((?:[^'\\]|''|\\.)*)'$", re.S)  # a quoted string with backslash escapes
# The current time (date) as a default, as either server writes it; ``now() + interval 1 day`` is no such.
NOW_DEFAULT = re.compile(r"^\(*(?:current_timestamp|now|curdate|current_date)(?:\(\d*\))?\)*$")
# a zero date, year-month-day with a zero month or day, as MariaDB ('...') or MySQL 8 (bare) reports it
ZERO_DATE = re.compile(r"^'?\d{4}-(?:00-\d{2}|\d{2}-00)(?:[ T][\d:.]*)?'?$")
UNHEX = re.compile(r"^\(*unhex\((?:_\w+)?'([0-9a-fA-F]*)'\)\)*$", re.I)
HEX = re.compile(r"^(?:[xX]'([0-9a-fA-F]*)'|0x([0-9a-fA-F]*))$")


@dataclass
class _Raw:
    """The catalog rows of one table, gathered before the table is built."""

    comment: str = ""
    partitioned: bool = False
    collation: str = ""  # the table's default
    columns: list = field(default_factory=list)
    indexes: dict = field(default_factory=lambda: defaultdict(list))
    foreign_keys: dict = field(default_factory=lambda: defaultdict(list))
    delete_rules: dict = field(default_factory=dict)
    update_rules: dict = field(default_factory=dict)
    checks: list = field(default_factory=list)
    triggers: list = field(default_factory=list)
    partitions: list = field(default_factory=list)


@dataclass(frozen=True)
class _Server:
    mariadb: bool
    databases: dict  # database name -> namespace (None: the connection's database)

    def unescape(self, text: Optional[str]) -> Optional[str]:
        """An expression text as SQL (see `unescape`)."""
        return unescape(text, self.mariadb)


@overload
def unescape(text: str, mariadb: bool) -> str: ...
@overload
def unescape(text: None, mariadb: bool) -> None: ...
def unescape(text: Optional[str], mariadb: bool) -> Optional[str]:
    """MySQL 8 escapes quotes in stored expression texts (``_utf8mb4\\'x\\'``); MariaDB does not."""
    return text if mariadb or text is None else text.replace("\\'", "'")


def introspect(conn: Any, namespaces: Sequence[Optional[str]],
               tables: Optional[Collection[tuple[Optional[str], str]]] = None,
               collation: Optional[str] = None, skipped: Optional[list[Skipped]] = None) -> Schema:
    """The tables of `namespaces` read from a live connection, as the model; with `tables`, only
    those (namespace, name) keys (tables of other owners are not read at all). `collation` (the
    dialect's) reads as None. With a `skipped` list, what the model cannot hold is left out and
    recorded there (`Dialect.introspect`)."""
    with conn.cursor() as cur:
        server = _server(cur, namespaces)
        raws = _gather(cur, server, None if tables is None else set(tables))
        found: tuple = ((), (), ())
        if skipped is not None:
            _others(cur, server, skipped)
            if server.databases:
                found = code.read(cur, server.databases, set(raws), _quote, "mariadb" if server.mariadb else "mysql",
                                  skipped)
        views = my_views.read(cur, server.databases, skipped)
    order = {db: i for i, db in enumerate(server.databases)}
    keys = sorted(raws, key=lambda k: (order[k[0]], k[1]))
    schema = Schema(tuple(_table(server.databases[db], name, raws[(db, name)], server, collation, skipped)
                          for db, name in keys), views)
    return replace(schema, sequences=found[0], routines=found[1], triggers=found[2])


def code_objects(conn: Any, namespaces: Sequence[Optional[str]],
                 tables: Optional[Collection[tuple[Optional[str], str]]] = None) -> tuple[tuple, tuple, tuple]:
    """(sequences, routines, triggers) of `namespaces`, the triggers of `tables` only (None: all), as
    `inspect` reads them (dialects/mysql/code.py)."""
    with conn.cursor() as cur:
        server = _server(cur, namespaces)
        if not server.databases:
            return (), (), ()
        keys = {(db, name) for db, name, *_ in _table_rows(cur, server)}
        if tables is not None:
            database = {ns: db for db, ns in server.databases.items()}
            keys &= {(database.get(ns), name) for ns, name in tables}
        return code.read(cur, server.databases, keys, _quote, "mariadb" if server.mariadb else "mysql")


def _quote(name: str) -> str:
    return quote_identifier(name, "mysql")


def table_names(conn: Any, namespaces: Sequence[Optional[str]]) -> list[tuple[Optional[str], str]]:
    """(namespace, name) of each table `introspect` reads, with its table query alone."""
    with conn.cursor() as cur:
        server = _server(cur, namespaces)
        return [(server.databases[db], name) for db, name, *_ in _table_rows(cur, server)]


def _server(cur, namespaces: Sequence[Optional[str]]) -> _Server:
    cur.execute(Q_SERVER)
    version, current = cur.fetchone()
    dbs = {(current if ns is None else ns): ns for ns in dict.fromkeys(namespaces)}
    return _Server("mariadb" in version.lower(), {k: v for k, v in dbs.items() if k is not None})


def _table_rows(cur, server: _Server) -> list:
    dbs = list(server.databases)
    return _rows(cur, Q_TABLES.format(in_=", ".join(["%s"] * len(dbs))), dbs) if dbs else []


def _gather(cur, server: _Server, only: Optional[set] = None) -> dict:
    """Every catalog row, grouped per (database, table): a fixed number of queries. With `only`,
    the rows of tables whose (namespace, name) is not in it are skipped."""
    dbs = list(server.databases)
    if not dbs:
        return {}
    in_ = ", ".join(["%s"] * len(dbs))
    raws = {(db, name): _Raw(comment or "", "partitioned" in (options or "").lower(), collation or "")
            for db, name, comment, options, collation in _table_rows(cur, server)
            if only is None or (server.databases[db], name) in only}
    steps = [(Q_COLUMNS, lambda r, row: r.columns.append(row[2:])),
             (Q_INDEXES, lambda r, row: r.indexes[row[2]].append(row[3:])),
             (Q_FOREIGN_KEYS, lambda r, row: r.foreign_keys[row[2]].append(row[3:])),
             (Q_DELETE_RULES, _add_rules),
             (Q_CHECKS_MARIADB if server.mariadb else Q_CHECKS_MYSQL, lambda r, row: r.checks.append(row[2:])),
             (Q_TRIGGERS, lambda r, row: r.triggers.append(row[2:]))]
    for sql, add in steps:
        _collect(cur, raws, sql.format(in_=in_), dbs, add)
    partitioned = sorted({name for (_db, name), r in raws.items() if r.partitioned})
    if partitioned:
        sql = Q_PARTITIONS.format(in_=in_, tables=", ".join(["%s"] * len(partitioned)))
        _collect(cur, raws, sql, dbs + partitioned, lambda r, row: r.partitions.append(row[2:]))
    return raws


def _add_rules(raw: _Raw, row: tuple) -> None:
    raw.delete_rules[row[2]], raw.update_rules[row[2]] = row[3], row[4]


def _rows(cur, sql: str, params: list) -> list:
    cur.execute(sql, params)
    return cur.fetchall()


def _collect(cur, raws: dict, sql: str, params: list, add) -> None:
    for row in _rows(cur, sql, params):
        raw = raws.get((row[0], row[1]))
        if raw is not None:
            add(raw, row)


# -- one table ------------------------------------------------------------------------------------


def _table(namespace: Optional[str], name: str, raw: _Raw, server: _Server, collation: Optional[str],
           skipped: Optional[list[Skipped]] = None) -> Table:
    rows, drawn = _drawn_defaults([r[1:] for r in sorted(raw.columns)], server)  # by ORDINAL_POSITION
    json_columns = {c for c, clause, level in raw.checks if level == "Column" and _is_json_valid(c, clause)}
    qualified = f"{namespace}.{name}" if namespace else name
    if skipped is None:
        columns = tuple(_column(name, row, json_columns, server.mariadb) for row in rows if not _is_ours(row[0]))
    else:
        found = (_read_column(qualified, name, row, json_columns, server, skipped)
                 for row in rows if not _is_ours(row[0]))
        columns = tuple(c for c in found if c is not None)
    generated = {row[0]: server.unescape(row[7]) for row in rows if _is_ours(row[0]) and row[7]}
    booleans = frozenset(c.name for c in columns if c.type.kind is Kind.BOOLEAN)
    columns = tuple(_column_options(c, raw.collation, booleans) for c in columns)
    columns = tuple(replace(c, default=drawn[c.name]) if c.name in drawn else c for c in columns)
    foreign_keys = tuple(_foreign_key(fk, sorted(rows_), (raw.delete_rules[fk], raw.update_rules[fk]),
                                      server.databases, namespace)
                         for fk, rows_ in sorted(raw.foreign_keys.items()))
    pk, uniques, indexes = _keys(_kept_indexes(qualified, raw.indexes, skipped), generated, foreign_keys, booleans)
    checks = tuple(c for c in (_check(c, clause, booleans, server, f"{qualified}.{c}", skipped)
                               for c, clause, level in raw.checks
                               if not _is_ours(c) and not (c in json_columns and level == "Column")) if c is not None)
    triggers, guard = _guard([t[:3] for t in sorted(raw.triggers, key=lambda t: (t[2], t[3]))])  # by event, order
    checks += tuple(_trigger_checks(triggers, booleans))
    always = _always_columns(triggers)
    columns = tuple(replace(c, identity_always=True) if c.identity and c.name in always else c for c in columns)
    partitions = [p[1:] for p in sorted(raw.partitions)]
    return Table(name, columns, primary_key=pk, foreign_keys=foreign_keys, uniques=uniques,
                 checks=tuple(sorted(checks, key=lambda c: c.name)), indexes=indexes,
                 partitioning=_read_partitioning(name, qualified, partitions, _guarded(raw.checks, guard), columns,
                                                 skipped),
                 state_machines=tuple(_machines(triggers)), namespace=namespace, comment=raw.comment or None,
                 **_table_options(raw.collation, collation))


# MariaDB's COLUMN_DEFAULT of a default drawing from a sequence, DEFAULT NEXTVAL(seq): nextval(`db`.`seq`)
# (https://mariadb.com/kb/en/create-sequence/#using-sequence-in-default)
NEXTVAL_DEFAULT = re.compile(r"^nextval\(`((?:[^`]|``)*)`\.`((?:[^`]|``)*)`\)$", re.I)


def _drawn_defaults(rows: list, server: _Server) -> tuple[list, dict[str, Default]]:
    """(`rows` without the defaults drawing from a sequence of a database read, {column: that default in
    canonical SQL}); a default drawing from another database's sequence stays in its row."""
    rows, drawn = list(rows), {}
    for n, row in enumerate(rows):
        m = NEXTVAL_DEFAULT.match(row[3] or "")
        db = m and m.group(1).replace("``", "`")
        if m and db in server.databases:
            drawn[row[0]] = Default(DefaultKind.EXPRESSION,
                                    drawing_from(server.databases[db], m.group(2).replace("``", "`")))
            rows[n] = tuple(row[:3]) + (None,) + tuple(row[4:])
    return rows, drawn


def _table_options(found: str, default: Optional[str]) -> dict:
    """A table's collation and character set as the model holds them: None where they are schemakit's
    (`default`, the dialect's collation; utf8mb4); a character set alone where the collation is its default."""
    if not found or found == default:
        return {}
    charset = found.split("_", 1)[0]
    if charset == "utf8mb4":
        return {"collation": Collation(found, "mysql")}
    return {"collation": None if CHARSET_DEFAULTS.get(charset) == found else Collation(found, "mysql"),
            "charset": charset}


def _column_options(c: Column, table_collation: str, booleans: frozenset) -> Column:
    """`c` with its collation (the COLLATION_NAME `_column` left in it) kept only where it is not the
    table's, and its generated expression (as the server wrote it) in canonical SQL."""
    if c.collation is not None and (c.collation.name == table_collation or c.type.kind not in COLLATED):
        c = replace(c, collation=None)
    if c.generated is not None:
        c = replace(c, generated=replace(c.generated, expression=read_expression(c.generated.expression, booleans)))
    return c


def _is_ours(name: str) -> bool:
    return name.startswith("sk_")


def _is_json_valid(column: str, clause: str) -> bool:
    return clause.replace(" ", "").lower() == f"json_valid(`{column.lower()}`)"


def _column(table: str, row, json_columns: set, mariadb: bool) -> Column:
    name, column_type, nullable, default, extra, comment, charset = row[:7]
    try:
        ty = _column_type(column_type, charset or "", name in json_columns)
    except ValueError:
        ty = _native(column_type)
    return _built_column(table, row, ty, default, mariadb)


def _native(column_type: str) -> ColumnType:
    """A COLUMN_TYPE the model has no kind for, as MySQL spells it (bit(8), point, geometry...)."""
    return ColumnType(Kind.NATIVE, native=column_type, origin=ORIGIN)


def _built_column(table: str, row, ty: ColumnType, default: Optional[str], mariadb: bool) -> Column:
    """The column of a COLUMNS row of type `ty` and COLUMN_DEFAULT `default`; its collation is the row's
    COLLATION_NAME (`_column_options` keeps it only where it is not the table's)."""
    name, extra, comment, generation, collation = row[0], row[4] or "", row[5], row[7], row[8]
    if ty.kind is Kind.ENUM:
        ty = enum_type(Enum(enum_name(table, name), ty.enum_type.values))
    gen = None
    if generation and "generated" in extra.lower():
        # EXTRA says STORED GENERATED or VIRTUAL GENERATED on both servers (MariaDB also PERSISTENT)
        # (https://mariadb.com/kb/en/information-schema-columns-table/,
        # https://dev.mysql.com/doc/refman/8.0/en/information-schema-columns-table.html)
        stored = any(w in extra.upper() for w in ("STORED", "PERSISTENT"))
        gen, default = Generated(unescape(generation, mariadb), stored), None
    return Column(name, ty, nullable=row[2] == "YES", default=read_default(default, extra, ty, mariadb),
                  identity="auto_increment" in extra.lower(),
                  on_update_now="on update current_timestamp" in extra.lower(), comment=comment or None,
                  generated=gen, collation=Collation(collation, "mysql") if collation else None)


@lru_cache(maxsize=1024)
def _column_type(column_type: str, charset: str, is_json: bool) -> ColumnType:
    """The model type of a COLUMN_TYPE (an ENUM comes back nameless: the caller names it)."""
    base, args, rest = _match(TYPE_SYNTAX, column_type, "a column type", at_start=True).groups()
    base, rest = base.lower(), rest.lower().strip()
    if base == "char" and charset.lower() == "ascii" and args == "36":
        return UUID
    if base == "tinyint" and args == "1" and not rest:
        return BOOLEAN  # BOOLEAN is TINYINT(1); schemakit's TINYINT has another display width
    if base in SIZED:
        return ColumnType(SIZED[base], length=int(args))
    if base in FRACTIONAL:
        digits = int(args or 0)
        ty = ColumnType(FRACTIONAL[base], precision=None if digits == 6 else digits)
        return spelled(ty, column_type.lower(), ORIGIN) if base == "timestamp" else ty
    if base in SPELLED and (not rest or (rest == "unsigned" and base == "mediumint")) and (not args or base == "mediumint"):
        narrow = SPELLED[base]
        return spelled(replace(narrow, unsigned=True) if rest else narrow, column_type.lower(), ORIGIN)
    if base == "decimal" and not rest:
        precision, scale = (int(x) for x in args.split(","))
        return decimal(precision, scale)
    if base == "enum":
        return enum_type(Enum("", _members(args)))
    if base == "set":
        return set_of(*_members(args))
    if base == "longtext" and is_json:
        return JSON
    known = SIMPLE_TYPES.get(base)
    if known is not None and known.kind in INTEGER_KINDS and rest == "unsigned":
        return ColumnType(known.kind, unsigned=True)
    if known is None or rest or (args and known.kind in FLOAT_KINDS):  # zerofill, FLOAT(M,D)
        raise ValueError(f"mysql: type {column_type} has no equivalent in the schemakit model")
    return known


def _members(args: str) -> tuple[str, ...]:
    """The values of an ENUM(...) or SET(...) type's argument text: string literals, backslash escapes included
    (COLUMN_TYPE writes a member's backslash as ``\\\\``)."""
    return tuple(literal_text(v) for v in ENUM_VALUE.findall(args))


_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "%": "\\%", "_": "\\_"}


def literal_text(body: str) -> str:
    """The value of a MySQL string literal's `body` (the text between its quotes): ``''`` is a quote, and a
    backslash escapes the next character (https://mariadb.com/kb/en/string-literals/: \\% and \\_ keep theirs)."""
    return re.sub(r"''|\\(.)", lambda m: "'" if m.group(1) is None else _ESCAPES.get(m.group(1), m.group(1)), body,
                  flags=re.S)


@lru_cache(maxsize=4096)
def read_default(raw: Optional[str], extra: str, ty: ColumnType, mariadb: bool):
    """The model default of a column from COLUMN_DEFAULT and EXTRA.

    MariaDB gives SQL; MySQL 8 gives a bare literal, or SQL when EXTRA says
    DEFAULT_GENERATED (an expression default).
    """
    if raw is None:
        return None
    low = raw.lower()
    if "random_bytes" in low:
        return GEN_UUID
    if NOW_DEFAULT.match(low):
        return NOW
    if ty.kind in BINARY_KINDS:
        try:
            return _binary_default(unescape(raw, mariadb), mariadb or "default_generated" in extra.lower())
        except ValueError:  # an expression computing bytes, e.g. (unhex(replace(uuid(), '-', ''))): read below
            if not (mariadb or "default_generated" in extra.lower()):
                raise
    if mariadb or "default_generated" in extra.lower():
        if low == "null":
            return None
        if not _is_value(raw, extra, mariadb):
            tree = _unparen(_parse(unescape(raw, mariadb), "mysql"))
            return Default(DefaultKind.EXPRESSION, canonical(tree, frozenset()))
        raw = _sql_value(unescape(raw, mariadb))
    return lit(_typed(raw, ty))


def _binary_default(text: str, sql: bool):
    """The hex text of a binary column's default: schemakit's UNHEX('..'), a hex literal (MariaDB's form for a
    BLOB), a quoted string (MariaDB's form for BINARY/VARBINARY, where a byte above 0x7f reads as '?'), or
    MySQL 8's bare value."""
    found = UNHEX.match(text) or HEX.match(text)
    if found:
        # UNHEX has one group, HEX two; an empty value (unhex(''), X'') matches with an empty group
        return lit(next((g for g in found.groups() if g), "").lower())
    if sql and text.lower() == "null":
        return None
    if sql:
        text = literal_text(_match(ESCAPED, text, "a binary default").group(1))
    return lit(text.encode("latin-1").hex())


def _sql_value(text: str) -> str:
    """The value of a SQL literal: 'it''s', 12.5, _utf8mb4'x', ('[]')."""
    m = QUOTED.match(text)
    if m:
        return m.group(1).replace("''", "'")
    if NUMBER.match(text):
        return text
    node = sqlglot.parse_one(text, read="mysql")
    while isinstance(node, (exp.Paren, exp.Introducer)):
        node = node.this if isinstance(node, exp.Paren) else node.expression
    return node.name if isinstance(node, exp.Literal) else node.sql(dialect="mysql")


def _typed(value: str, ty: ColumnType):
    if ty.kind is Kind.BOOLEAN:
        return value.lower() not in ("0", "false")
    if ty.kind in INTEGER_KINDS or ty.kind is Kind.YEAR:
        return int(value)
    if ty.kind in FLOAT_KINDS:
        return float(value)
    if ty.kind in (Kind.TIME, Kind.TIMESTAMP) and "." in value:
        return value.rstrip("0").rstrip(".")  # MariaDB writes '08:30:00.000000' for TIME(6) DEFAULT '08:30:00'
    return value


def _foreign_key(name: str, rows: list, rules: tuple[str, str], databases: dict,
                 namespace: Optional[str]) -> ForeignKey:
    """A foreign key from its KEY_COLUMN_USAGE rows and its (DELETE_RULE, UPDATE_RULE)."""
    ref_db = rows[0][2]
    ref_ns = databases.get(ref_db, ref_db)
    return ForeignKey(name, tuple(r[1] for r in rows), rows[0][3], tuple(r[4] for r in rows),
                      Action(rules[0]), _ref_namespace(ref_ns, namespace), on_update=_update_rule(rules[1]))


def _ref_namespace(ref_ns: Optional[str], namespace: Optional[str]) -> Optional[str]:
    """The model's `ForeignKey.ref_namespace` of a key from a table of `namespace` to one of `ref_ns`
    (None: the main database): None for the same namespace, "" for the main database seen from another."""
    if ref_ns == namespace:
        return None
    return "" if ref_ns is None else ref_ns


def _update_rule(rule: str) -> Action:
    """An UPDATE_RULE as the model's action: RESTRICT is NO ACTION (InnoDB checks both at once,
    https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html#foreign-key-referential-actions),
    and a key declared without ON UPDATE, as schemakit wrote them before it held the action, reports RESTRICT."""
    return Action.NO_ACTION if rule == "RESTRICT" else Action(rule)


def _keys(indexes: dict, generated: dict, foreign_keys: tuple, booleans: frozenset):
    """(primary key, uniques, indexes) from STATISTICS rows, minus MySQL's implicit FK indexes.

    InnoDB creates an index named after a foreign key that no index covers
    (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html).
    """
    implicit = {(f.name, f.columns) for f in foreign_keys}
    pk, uniques, out = (), [], []
    for name, rows in sorted(indexes.items()):
        rows = [r[1:] for r in sorted(rows)]  # by SEQ_IN_INDEX
        columns = tuple(r[1] for r in rows)
        unique = not int(rows[0][0])
        if name == "PRIMARY":
            pk = columns
        elif not unique and (name, columns) in implicit:
            continue
        elif unique and rows[0][4] != UNIQUE_INDEX_MARK and not any(r[2] for r in rows):
            uniques.append(Unique(name, columns, rows[0][4] or None))  # a key part of a prefix (SUB_PART) is an
            # index's: kept below
        else:
            out.append(_index(name, rows, unique, generated, booleans))
    return pk, tuple(uniques), tuple(out)


def _index(name: str, rows: list, unique: bool, generated: dict, booleans: frozenset) -> Index:
    parts, where = [], None
    for _nu, column, sub_part, collation, _comment, _type in rows:
        if column in generated:
            column, where = _partial_column(generated[column], booleans)
        parts.append(IndexPart(column=column, desc=collation == "D", prefix=int(sub_part) if sub_part else None))
    method = IndexMethod.FULLTEXT if (rows[0][5] or "").upper() == "FULLTEXT" else IndexMethod.BTREE
    comment = rows[0][4] or None if not unique else None  # a unique index's comment is schemakit's mark
    return Index(name, tuple(parts), unique=unique, where=where, method=method, comment=comment)


@lru_cache(maxsize=4096)
def _partial_column(generation: str, booleans: frozenset) -> tuple[str, str]:
    """(source column, canonical predicate) of a generated IF(predicate, column, NULL)."""
    node = sqlglot.parse_one(generation, read="mysql")
    if not isinstance(node, exp.If):
        raise ValueError(f"mysql: unexpected schemakit generated column {generation!r}")
    return node.args["true"].name, canonical(node.this, booleans)


def _check(name: str, clause: str, booleans: frozenset, server: _Server, where: str = "",
           skipped: Optional[list[Skipped]] = None) -> Optional[Check]:
    if skipped is None:
        return Check(name, read_expression(server.unescape(clause), booleans))
    try:
        return Check(name, read_expression(server.unescape(clause), booleans))
    except (sqlglot.errors.SqlglotError, ValueError) as e:
        skip(skipped, "SKIP-CONSTRAINT", where, f"CHECK ({clause}) cannot be read into canonical SQL "
                                                f"({str(e).splitlines()[0] if str(e) else type(e).__name__})")
        return None


# -- triggers and partitions ------------------------------------------------------------------------

_CONDITION = re.compile(r"\n  IF (.*?) THEN\n", re.S)
_CHECK_NAME = re.compile(r"CONSTRAINT `((?:[^`]|``)*)` failed")
_MESSAGE = re.compile(r"MESSAGE_TEXT = ('(?:[^'\\]|''|\\.)*')")  # the SQL literal of a SIGNAL's message
_MACHINE_NAME = re.compile(r"CONCAT\(('(?:[^'\\]|''|\\.)*')")


def _machines(triggers: list):
    for _name, body, event in triggers:
        if event == "UPDATE" and f"SQLSTATE '{MACHINE_STATE}'" in body:
            yield _machine(body)


def _machine(body: str) -> StateMachine:
    condition = _parse(_match(_CONDITION, body, "a state machine's condition").group(1), "mysql")
    name = _parse(_match(_MACHINE_NAME, body, "a state machine's name").group(1), "mysql").name
    allowed = condition.find(exp.In)
    column = _match_column(condition)
    pairs = tuple((a.name, b.name) for a, b in (t.expressions for t in allowed.expressions)) if allowed else ()
    return StateMachine(name, column, pairs)


def _match_column(condition: exp.Expression) -> str:
    found = condition.find(exp.Column)
    if found is None:
        raise ValueError(f"no column in the state machine condition {condition.sql()!r}")
    return found.name


_ALWAYS_COLUMN = re.compile(r"NEW\.`((?:[^`]|``)*)`")


def _always_columns(triggers: list) -> set[str]:
    """The identity columns whose BEFORE INSERT and BEFORE UPDATE triggers refuse an explicit value
    (SQLSTATE `ALWAYS_STATE`): GENERATED ALWAYS. A column with one of the two reads as BY DEFAULT, so drift
    names it and a repair re-creates both."""
    found: dict[str, set[str]] = defaultdict(set)
    for _name, body, event in triggers:
        if f"SQLSTATE '{ALWAYS_STATE}'" in body:
            found[_match(_ALWAYS_COLUMN, body, "an identity trigger's column").group(1).replace("``", "`")].add(event)
    return {c for c, events in found.items() if len(events) == 2}


def _trigger_checks(triggers: list, booleans: frozenset):
    """The CHECKs enforced by a BEFORE INSERT and a BEFORE UPDATE trigger each.

    A check with only one of its two triggers (a migration run killed between
    them) reads back as `HALF_CHECK` of its expression: a check that differs
    from the model's, so drift reports it and a repair re-creates both.
    """
    found: dict = {}
    for _name, body, event in triggers:
        if f"SQLSTATE '{CHECK_STATE}'" in body:
            condition = _match(_CONDITION, body, "a check trigger's condition").group(1)
            message = _parse(_match(_MESSAGE, body, "a check trigger's message").group(1), "mysql").name
            name = _match(_CHECK_NAME, message, "a check trigger's name").group(1).replace("``", "`")
            found.setdefault(name, (condition, set()))[1].add(event)
    for name, (condition, events) in found.items():
        expression = read_expression(_strip_not(condition), booleans)
        yield Check(name, expression if len(events) == 2 else HALF_CHECK.format(expression))


def _guard(triggers: list) -> tuple[list, Optional[str]]:
    """The triggers but a rolling partitioning's guard (`MysqlDialect.partition_guard`: SIGNAL with error
    `CONSTRAINT_FAILED`), and the guard's bound as a CHECK on the table's columns would say it
    (``column >= bound``): None without both of its triggers, alike (a half guard is no guard)."""
    mark = f"MYSQL_ERRNO = {CONSTRAINT_FAILED}"
    others = [t for t in triggers if mark not in t[1]]
    conditions = {event: _match(_CONDITION, body, "a partition guard's condition").group(1)
                  for _name, body, event in triggers if mark in body}
    if len(triggers) - len(others) != 2 or set(conditions) != {"INSERT", "UPDATE"} \
            or conditions["INSERT"] != conditions["UPDATE"]:
        return others, None
    return others, _strip_not(conditions["INSERT"]).replace("NEW.", "", 1)


_DAY = re.compile(r"(\d{4}-\d\d-\d\d)")


def _guarded(checks: list, guard: Optional[str]) -> list:
    """`checks` ((name, clause, level)) with the implied lower-bound CHECK of the partition column at the guard's
    bound where that is above it: the lower bound the table enforces."""
    day = _DAY.search(guard or "")
    if guard is None or day is None:
        return checks
    column = guard.split(">=", 1)[0].strip()
    out = []
    for c, clause, level in checks:
        text = clause or ""
        found = _DAY.search(text)
        if _is_ours(c) and ">=" in text and text.split(">=", 1)[0].strip() == column and found \
                and found.group(1) < day.group(1):
            clause = guard
        out.append((c, clause, level))
    return out


def _strip_not(condition: str) -> str:
    """The expression inside ``NOT (...)``."""
    return condition[len("NOT ("):-1]


def _partitioning(rows: list) -> Optional[Partitioning]:
    if not rows:
        return None
    method, expression = rows[0][0], rows[0][1]
    if "RANGE" not in (method or "").upper():
        raise ValueError(f"mysql: unsupported partitioning {method} {expression}")
    first = dt.date.fromisoformat(rows[0][2].strip("'")[:10])
    start = dt.date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    return Partitioning(expression.strip("`"), start, len(rows))


# -- what only `inspect` asks for (a `skipped` list) --------------------------------------------------
# Types read as the nearest model type that holds every value, and what is lost
# (https://mariadb.com/kb/en/data-types/, https://dev.mysql.com/doc/refman/8.0/en/data-types.html);
# MySQL's narrower spellings of model types are kept exactly (SPELLED).
_UNSIGNED_LOST = "UNSIGNED: negative values are no longer refused"
# MariaDB's storage-engine-independent column compression, as COLUMN_TYPE spells it
# (https://mariadb.com/kb/en/storage-engine-independent-column-compression/): the values are the type's.
_COMPRESSED = re.compile(r"\s*/\*M!\d+ COMPRESSED\*/", re.I)
_COMPRESSED_LOST = "COMPRESSED: the values are stored uncompressed"


def _near(column_type: str, charset: str) -> tuple[Optional[ColumnType], str]:
    """(nearest model type, what is lost) of a COLUMN_TYPE the model has no exact type for; (None, "") else."""
    plain = _COMPRESSED.sub("", column_type)
    if plain != column_type:
        near, lost = _near(plain, charset)
        if near is None:
            try:
                near = _column_type(plain, charset, False)
            except ValueError:
                near = _native(plain)
        return near, "; ".join(x for x in (lost, _COMPRESSED_LOST) if x)
    base, args, rest = _match(TYPE_SYNTAX, column_type, "a column type", at_start=True).groups()
    base, rest = base.lower(), rest.lower().strip()
    if base == "decimal" and rest == "unsigned":
        return _column_type(f"decimal({args})", charset, False), _UNSIGNED_LOST
    if base in ("float", "double") and args and "zerofill" not in rest:
        return (REAL if base == "float" else DOUBLE), f"the rounding to ({args}) digits"
    return None, ""


def _nearest_type(column_type: str, charset: str, is_json: bool, where: str, skipped: list[Skipped]) -> ColumnType:
    """The model type of a COLUMN_TYPE, the nearest one (recorded), or MySQL's own (NATIVE)."""
    near, lost = _near(column_type, charset)
    if near is not None:
        skip(skipped, "SKIP-TYPE-NEAREST", where, f"type {column_type} read as {near}; lost: {lost}")
        return near
    try:
        return _column_type(column_type, charset, is_json)
    except ValueError:
        return _native(column_type)


def _read_column(qualified: str, table: str, row, json_columns: set, server: _Server,
                 skipped: list[Skipped]) -> Optional[Column]:
    """A column as `_column` reads it, with what the model cannot hold recorded (None: left out)."""
    name, column_type, nullable, default, extra, comment, charset, generation = row[:8]
    where = f"{qualified}.{name}"
    ty = _nearest_type(column_type, charset or "", name in json_columns, where, skipped)
    extra = extra or ""
    if "invisible" in extra.lower().split():
        # An INVISIBLE column, which SELECT * leaves out (https://mariadb.com/kb/en/invisible-columns/,
        # https://dev.mysql.com/doc/refman/8.0/en/invisible-columns.html): the model's columns are all visible.
        skip(skipped, "SKIP-COLUMN-OPTION", where, "INVISIBLE: the column is kept, visible (SELECT * returns it)")
    if generation and "generated" in extra.lower() and not faithful(unescape(generation, server.mariadb)):
        skip(skipped, "SKIP-GENERATED", where, f"GENERATED ALWAYS AS ({server.unescape(generation)}): sqlglot does not "
                                               "read it into canonical SQL that renders back the same; kept as a "
                                               "plain column")
        row = tuple(row[:7]) + (None,) + tuple(row[8:])
    if default is not None and not _is_value(default, extra, server.mariadb) and not faithful(unescape(default, server.mariadb)):
        skip(skipped, "SKIP-DEFAULT", where, f"DEFAULT {server.unescape(default)} is an expression sqlglot does not "
                                             "read into canonical SQL that renders back the same; the column is kept "
                                             "without a default")
        default = None
    elif ty.kind in (Kind.DATE, Kind.TIMESTAMP, Kind.TIMESTAMPTZ) and default is not None \
            and ZERO_DATE.match(default):
        # MySQL's zero date ('0000-00-00', or a zero month or day), which a server without NO_ZERO_DATE and
        # NO_ZERO_IN_DATE accepts as a "no date" (WordPress's datetime defaults); no date of the model holds
        # it, PostgreSQL and SQLite refuse it, and so does MySQL in strict mode
        # (https://dev.mysql.com/doc/refman/8.0/en/sql-mode.html#sqlmode_no_zero_date,
        # https://mariadb.com/kb/en/sql-mode/)
        skip(skipped, "SKIP-DEFAULT", where, f"DEFAULT {server.unescape(default)} is MySQL's zero date, which no "
                                             "date of the model holds: the column is kept without a default")
        default = None
    elif server.mariadb and ty.kind in BINARY_KINDS and default is not None and ESCAPED.match(default) \
            and "?" in default:
        # MariaDB writes a BINARY/VARBINARY literal default as text, each byte above 0x7f as '?' (observed on
        # 10.11; schemakit renders UNHEX(), which reads back exactly)
        skip(skipped, "SKIP-DEFAULT", where, f"DEFAULT {default} of a binary column: MariaDB reports bytes above "
                                             "0x7f as '?', so the value cannot be read; the column is kept "
                                             "without a default")
        default = None
    return _built_column(table, row, ty, default, server.mariadb)


def _is_value(raw: str, extra: str, mariadb: bool) -> bool:
    """Whether a COLUMN_DEFAULT is one the model holds: a literal, the current time, schemakit's uuid."""
    low = raw.lower()
    if "random_bytes" in low or NOW_DEFAULT.match(low):
        return True
    if not (mariadb or "default_generated" in extra.lower()):
        return True  # MySQL 8 gives a literal bare
    text = unescape(raw, mariadb) or ""
    if QUOTED.match(text) or NUMBER.match(text) or low == "null":
        return True
    try:
        node = sqlglot.parse_one(text, read="mysql")
    except sqlglot.errors.SqlglotError:
        return False
    while isinstance(node, (exp.Paren, exp.Introducer, exp.Neg)):
        node = node.expression if isinstance(node, exp.Introducer) else node.this
    return isinstance(node, (exp.Literal, exp.Null, exp.Boolean))


_INDEX_KINDS = {"SPATIAL", "HASH", "RTREE"}  # STATISTICS.INDEX_TYPE besides BTREE and FULLTEXT


def _kept_indexes(qualified: str, indexes: dict, skipped: Optional[list[Skipped]]) -> dict:
    """The STATISTICS rows of the indexes the model holds; the others recorded in `skipped`."""
    if skipped is None:
        return indexes
    kept = {}
    for name, rows in sorted(indexes.items()):
        kind = (rows[0][-1] or "BTREE").upper()
        if kind in _INDEX_KINDS:
            skip(skipped, "SKIP-INDEX", f"{qualified}.{name}", f"a {kind} index: the model has B-tree and "
                                                                "FULLTEXT indexes only")
        else:
            kept[name] = rows
    return kept


def _read_partitioning(name: str, qualified: str, rows: list, checks: list, columns: tuple,
                       skipped: Optional[list[Skipped]]) -> Optional[Partitioning]:
    """The Partitioning of `rows` ((method, expression, description, partition name) in order): the monthly
    RANGE COLUMNS partitions schemakit writes (with its lower-bound check), else the explicit form; one the
    model cannot hold is recorded in `skipped` (None) or, without a `skipped` list, raises ValueError."""
    if not rows:
        return None
    method, expression = rows[0][0], rows[0][1]
    try:
        return _monthly(name, rows, checks) or _explicit(rows, checks, columns)
    except ValueError as e:
        if skipped is None:
            raise
        bounds = ", ".join(str(r[2]) for r in rows)
        skip(skipped, "SKIP-PARTITIONING", qualified, f"PARTITION BY {method} ({expression}) with bounds {bounds}: "
                                                      f"{e.args[0]}: the table is read unpartitioned")
        return None


def _monthly(name: str, rows: list, checks: list) -> Optional[Partitioning]:
    """The monthly form, when `rows` are the partitions schemakit writes for it (its catch-all ``<table>_future``
    up to MAXVALUE last, if any); else None."""
    if (rows[0][0] or "").upper() != "RANGE COLUMNS":
        return None
    future = rows[-1][2] == "MAXVALUE" and rows[-1][3] == short_name(f"{name}_{FUTURE}", IDENTIFIER_LIMIT)
    if future and len(rows) > 1:
        months = _monthly(name, rows[:-1], checks)
        return None if months is None else replace(months, future=True)
    try:
        p = _partitioning(rows)
        found = [dt.datetime.fromisoformat(r[2].strip("'")) for r in rows]
    except ValueError:  # MAXVALUE, or a bound that is not a date
        return None
    # the lower bound the table enforces (its implied CHECK, or the guard above it) is its first month's
    if p is None or found != [dt.datetime(hi.year, hi.month, hi.day) for _s, _lo, hi in p.bounds()] or not any(
            _is_ours(c) and ">=" in clause and _lower_day(clause) == p.start for c, clause, _level in checks):
        return None
    if [r[3] for r in rows] != [short_name(f"{name}_{suffix}", IDENTIFIER_LIMIT) for suffix, _, _ in p.bounds()]:
        return None
    return p


_EXPLICIT_METHODS = {"RANGE": PartitionMethod.RANGE, "RANGE COLUMNS": PartitionMethod.RANGE,
                     "LIST": PartitionMethod.LIST, "LIST COLUMNS": PartitionMethod.LIST,
                     "HASH": PartitionMethod.HASH, "KEY": PartitionMethod.HASH}
_PART_COLUMN = re.compile(r"^`((?:[^`]|``)+)`$|^(\w+)$")
# One value of PARTITION_DESCRIPTION: a quoted literal, a number, MAXVALUE.
_DESCRIPTION_ITEM = re.compile(r"\s*(?:'((?:[^'\\]|''|\\.)*)'|(-?\d+)|(MAXVALUE|NULL))\s*(,|$)")


def _lower_day(clause: str) -> Optional[dt.date]:
    """The day of a lower-bound CHECK's clause (``col >= '2026-01-01 00:00:00'``)."""
    found = _DAY.search(clause.split(">=", 1)[1])
    return dt.date.fromisoformat(found.group(1)) if found else None


def _explicit(rows: list, checks: list, columns: tuple) -> Partitioning:
    """The explicit form of RANGE [COLUMNS] or LIST [COLUMNS] partitioning on one column."""
    method = _EXPLICIT_METHODS.get((rows[0][0] or "").upper())
    m = _PART_COLUMN.match((rows[0][1] or "").strip())
    if method is None or m is None:
        raise ValueError("the model holds RANGE, LIST and HASH (or KEY) partitioning on one column")
    column = m.group(1).replace("``", "`") if m.group(1) else m.group(2)
    found = [c for c in columns if c.name == column]
    if not found:
        raise ValueError(f"partition column {column} is not read")
    kind = found[0].type.kind
    specs, default = [], None
    if method is PartitionMethod.HASH:
        return Partitioning(column, method=method, partitions=tuple(PartitionSpec(r[3]) for r in rows))
    for _method, _expression, description, part in rows:
        # MariaDB 10.11 describes a LIST DEFAULT partition as MAXVALUE (observed), MySQL as DEFAULT
        # (https://mariadb.com/kb/en/information-schema-partitions-table/)
        if description == "DEFAULT" or (method is PartitionMethod.LIST and description == "MAXVALUE"):
            default = part
            continue
        values = _description_values(description or "", kind)
        if method is PartitionMethod.LIST:
            if None in values or "MAXVALUE" in values:
                raise ValueError(f"partition {part}: a NULL in a list")
            specs.append(PartitionSpec(part, values=tuple(values)))
        else:
            if len(values) != 1 or values[0] is None:
                raise ValueError(f"partition {part}: bound {description} is not one value")
            specs.append(PartitionSpec(part, upper=None if values[0] == "MAXVALUE" else values[0]))
    lower = None
    if method is PartitionMethod.RANGE:
        for c, clause, _level in checks:
            m2 = re.match(r"^`?((?:[^`]|``)+)`?\s*>=\s*(.+)$", clause or "")
            if _is_ours(c) and m2 and m2.group(1).replace("``", "`") == column:
                lower = _description_values(m2.group(2), kind)[0]
    return Partitioning(column, method=method, partitions=tuple(specs), lower=lower, default=default)


def _description_values(text: str, kind: Kind) -> list:
    """The values of a PARTITION_DESCRIPTION (``'2023-01-01'``, ``MAXVALUE``, ``1,2``) as the model holds them;
    MAXVALUE stays the text ``MAXVALUE``."""
    out: list = []
    pos = 0
    while pos < len(text):
        m = _DESCRIPTION_ITEM.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"partition bound {text} is not a list of literals")
        quoted, number, word = m.groups()[:3]
        if word:
            out.append(None if word == "NULL" else word)
        else:
            out.append(_bound_value(quoted.replace("''", "'").replace("\\'", "'") if quoted is not None else number,
                                    kind))
        pos = m.end()
    return out


def _bound_value(text: str, kind: Kind):
    if kind in INTEGER_KINDS:
        return int(text)
    if kind in (Kind.TEXT, Kind.VARCHAR, Kind.CHAR):
        return text
    if kind is Kind.DATE:
        return dt.date.fromisoformat(text)
    if kind in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ):
        return dt.datetime.fromisoformat(text)
    raise ValueError(f"a bound of a {kind.value} column: the model holds integer, text, date and timestamp bounds")


def _others(cur, server: _Server, skipped: list[Skipped]) -> None:
    """Record in `skipped` the tables of the databases read of another storage engine than InnoDB, or
    of another type than a base table (a system-versioned table)."""
    dbs = list(server.databases)
    if not dbs:
        return
    in_ = ", ".join(["%s"] * len(dbs))
    for db, table, index in _rows(cur, Q_INDEX_COMMENTS.format(in_=in_), dbs + [UNIQUE_INDEX_MARK]):
        ns = server.databases[db]
        skip(skipped, "SKIP-COMMENT", f"{ns + '.' if ns else ''}{table}.{index}", f"the comment on index {index} is not kept")
    for db, name, kind, engine, options in sorted(_rows(cur, Q_OTHERS.format(in_=in_), dbs),
                                                  key=lambda r: (r[0], r[2], r[1])):
        ns = server.databases[db]
        qualified = f"{ns}.{name}" if ns else name
        if kind == "BASE TABLE" and engine != "InnoDB":
            skip(skipped, "SKIP-TABLE-OPTION", qualified, f"ENGINE={engine} is not kept (schemakit creates InnoDB "
                                                          "tables)")
        elif kind == "BASE TABLE":
            kept = [o for o in str(options).split() if o.lower() != "partitioned"]
            skip(skipped, "SKIP-TABLE-OPTION", qualified, f"{' '.join(kept).upper()} is not kept")
        else:
            what = kind.lower()
            skip(skipped, "SKIP-TABLE-OPTION", qualified, f"a {what} table is read as a base table")
