"""The canonical, engine-free schema model.

Everything here is frozen data. A `Schema` is a set of `Table`s (each in an
optional namespace), the named `Enum` types they use, and nothing else.
Engines appear only in `dialects/`; this module never names one.

Expressions (CHECK bodies, partial-index predicates, index expressions) are
canonical SQL strings, written in the PostgreSQL-flavoured SQL that sqlglot
reads as its ``postgres`` dialect; each dialect renders them for its engine.
"""
from __future__ import annotations

import datetime as _dt
import enum
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Optional, Union

from .code import Extension, Routine, Sequence, Trigger
from .named import InNamespace
from .policies import Grant, Policy
from .values import utc_naive
from .views import View


class Kind(str, enum.Enum):
    """The column type families the model knows."""

    UUID = "uuid"
    TINYINT = "tinyint"  # one byte: -128..127 (0..255 unsigned)
    SMALLINT = "smallint"
    INTEGER = "integer"
    BIGINT = "bigint"
    VARCHAR = "varchar"
    TEXT = "text"
    BOOLEAN = "boolean"
    TIMESTAMP = "timestamp"
    TIMESTAMPTZ = "timestamptz"
    DATE = "date"
    DECIMAL = "decimal"
    JSON = "json"
    JSONB = "jsonb"
    ARRAY = "array"
    ENUM = "enum"
    REAL = "real"  # 4-byte IEEE 754 floating point
    DOUBLE = "double"  # 8-byte IEEE 754 floating point
    CHAR = "char"  # CHAR(n): at most n characters, blank-padded; trailing blanks are not significant
    BYTES = "bytes"  # unbounded binary string (bytea, LONGBLOB, BLOB)
    VARBINARY = "varbinary"  # VARBINARY(n): at most n bytes
    BINARY = "binary"  # BINARY(n): at most n bytes, zero-padded to n where the engine pads
    TIME = "time"  # time of day, 00:00:00 to 24:00:00, fractional seconds to `precision`
    TIMETZ = "timetz"  # time of day with a UTC offset
    INTERVAL = "interval"  # a span of time
    YEAR = "year"  # a calendar year 1901..2155, or 0
    SET = "set"  # a set of values from a fixed list, written comma-separated
    NATIVE = "native"  # a type of one engine the model has no kind for (`native`, `origin`): inet, int4range...


INTEGER_KINDS = frozenset({Kind.TINYINT, Kind.SMALLINT, Kind.INTEGER, Kind.BIGINT})
FLOAT_KINDS = frozenset({Kind.REAL, Kind.DOUBLE})
BINARY_KINDS = frozenset({Kind.BYTES, Kind.VARBINARY, Kind.BINARY})
# Kinds whose `precision` is the number of fractional-second digits (0..6; None: 6).
FRACTIONAL_KINDS = frozenset({Kind.TIMESTAMP, Kind.TIMESTAMPTZ, Kind.TIME, Kind.TIMETZ})
# The signed (lowest, highest) value of each integer kind; `ColumnType.int_range` adds unsigned.
INT_BITS = {Kind.TINYINT: 8, Kind.SMALLINT: 16, Kind.INTEGER: 32, Kind.BIGINT: 64}


@dataclass(frozen=True)
class Enum:
    """A named enumerated type with its ordered values."""

    name: str
    values: tuple[str, ...]

    def add_value(self, value: str) -> "Enum":
        """Return this enum with `value` appended."""
        return replace(self, values=self.values + (value,))


@dataclass(frozen=True)
class ColumnType:
    """A column type: a kind plus its parameters."""

    kind: Kind
    length: Optional[int] = None  # VARCHAR(n)
    precision: Optional[int] = None  # DECIMAL(p, s)
    scale: Optional[int] = None
    item: Optional["ColumnType"] = None  # ARRAY of item
    enum: Optional[Enum] = None  # ENUM type
    values: tuple[str, ...] = ()  # the members of a SET, in declared order
    unsigned: bool = False  # an integer kind holding 0..2**bits-1 (MySQL's UNSIGNED)
    # NATIVE: the type as its engine spells it (``inet``, ``tstzrange``, ``point``), held as text elsewhere;
    # another kind (`spelled`): the narrower type engine `origin` holds it as (MySQL's ``timestamp``, ``text``),
    # rendered so on that engine and as the kind on the others.
    native: Optional[str] = None
    origin: Optional[str] = None  # the dialect whose spelling `native` is (``postgres``, ``mysql``)
    # A column of a named domain (`domain_type`): the kind and parameters are the domain's base type.
    domain: Optional["Domain"] = None

    def __str__(self) -> str:
        if self.domain is not None:
            return f"domain {self.domain.name}"
        if self.kind is not Kind.NATIVE and self.native is not None:  # spelled: the engine's own narrower type
            return f"{self.origin} {self.native}"
        if self.kind in (Kind.VARCHAR, Kind.CHAR, Kind.VARBINARY, Kind.BINARY):
            return f"{self.kind.value}({self.length})"
        if self.kind is Kind.DECIMAL:
            return "numeric" if self.precision is None else f"decimal({self.precision},{self.scale})"
        if self.kind is Kind.ARRAY:
            return f"{self.item}[]"
        if self.kind is Kind.ENUM:
            return f"enum {self.enum_type.name}{self.enum_type.values}"
        if self.kind is Kind.SET:
            return f"set{self.values}"
        if self.kind is Kind.NATIVE:
            return f"{self.origin}:{self.native or '(no declared type)'}"
        if self.kind in INTEGER_KINDS and self.unsigned:
            return f"{self.kind.value} unsigned"
        if self.kind in FRACTIONAL_KINDS and self.precision is not None:
            return f"{self.kind.value}({self.precision})"
        return self.kind.value

    @property
    def int_range(self) -> tuple[int, int]:
        """(lowest, highest) value of an integer kind, unsigned included; ValueError for another kind."""
        bits = INT_BITS.get(self.kind)
        if bits is None:
            raise ValueError(f"{self} is not an integer type")
        return (0, 2 ** bits - 1) if self.unsigned else (-2 ** (bits - 1), 2 ** (bits - 1) - 1)

    @property
    def fraction_digits(self) -> int:
        """Fractional-second digits of a timestamp or time kind (the model's default: 6);
        ValueError for another kind."""
        if self.kind not in FRACTIONAL_KINDS:
            raise ValueError(f"{self} has no fractional seconds")
        return 6 if self.precision is None else self.precision

    @property
    def is_textual(self) -> bool:
        """True for types whose values are compared as text."""
        return self.kind in (Kind.VARCHAR, Kind.TEXT, Kind.UUID, Kind.ENUM, Kind.CHAR, Kind.SET)

    @property
    def enum_type(self) -> Enum:
        """The enum of an ENUM type; ValueError for a type of another kind."""
        if self.enum is None:
            raise ValueError(f"{self} is not an enum type")
        return self.enum

    @property
    def members(self) -> tuple[str, ...]:
        """The values an ENUM or SET type admits; ValueError for a type of another kind."""
        if self.kind is Kind.SET:
            return self.values
        return self.enum_type.values

    @property
    def digits(self) -> tuple[int, int]:
        """(precision, scale) of a DECIMAL type; ValueError for a type of another kind."""
        if self.precision is None or self.scale is None:
            raise ValueError(f"{self} has no precision and scale")
        return self.precision, self.scale

    @property
    def max_length(self) -> int:
        """The length of a VARCHAR or CHAR type (most characters), or of a VARBINARY or BINARY
        type (most bytes); ValueError for a type of another kind."""
        if self.length is None:
            raise ValueError(f"{self} has no length")
        return self.length

    @property
    def item_type(self) -> "ColumnType":
        """The item type of an ARRAY type; ValueError for a type of another kind."""
        if self.item is None:
            raise ValueError(f"{self} is not an array type")
        return self.item


# Type constructors used by catalog modules.
UUID = ColumnType(Kind.UUID)
TINYINT = ColumnType(Kind.TINYINT)
SMALLINT = ColumnType(Kind.SMALLINT)
INTEGER = ColumnType(Kind.INTEGER)
BIGINT = ColumnType(Kind.BIGINT)
TEXT = ColumnType(Kind.TEXT)
BOOLEAN = ColumnType(Kind.BOOLEAN)
TIMESTAMP = ColumnType(Kind.TIMESTAMP)
TIMESTAMPTZ = ColumnType(Kind.TIMESTAMPTZ)
DATE = ColumnType(Kind.DATE)
JSON = ColumnType(Kind.JSON)
JSONB = ColumnType(Kind.JSONB)
REAL = ColumnType(Kind.REAL)
DOUBLE = ColumnType(Kind.DOUBLE)
BYTES = ColumnType(Kind.BYTES)
TIME = ColumnType(Kind.TIME)
TIMETZ = ColumnType(Kind.TIMETZ)
INTERVAL = ColumnType(Kind.INTERVAL)
YEAR = ColumnType(Kind.YEAR)
NUMERIC = ColumnType(Kind.DECIMAL)  # exact numeric without a declared precision


def varchar(length: int) -> ColumnType:
    """VARCHAR(length): at most `length` characters."""
    return ColumnType(Kind.VARCHAR, length=length)


def char(length: int) -> ColumnType:
    """CHAR(length): at most `length` characters, blank-padded; trailing blanks are not significant."""
    return ColumnType(Kind.CHAR, length=length)


def varbinary(length: int) -> ColumnType:
    """VARBINARY(length): a binary string of at most `length` bytes."""
    return ColumnType(Kind.VARBINARY, length=length)


def binary(length: int) -> ColumnType:
    """BINARY(length): a binary string of at most `length` bytes (MySQL pads it with zero bytes to `length`)."""
    return ColumnType(Kind.BINARY, length=length)


def unsigned(ty: ColumnType) -> ColumnType:
    """The UNSIGNED form of an integer type: 0 to 2**bits - 1."""
    return replace(ty, unsigned=True)


def timestamp(precision: int) -> ColumnType:
    """TIMESTAMP(precision): a timestamp without time zone, to `precision` fractional-second digits (0..6)."""
    return ColumnType(Kind.TIMESTAMP, precision=precision)


def timestamptz(precision: int) -> ColumnType:
    """TIMESTAMPTZ(precision): an instant, to `precision` fractional-second digits (0..6)."""
    return ColumnType(Kind.TIMESTAMPTZ, precision=precision)


def time(precision: int) -> ColumnType:
    """TIME(precision): a time of day to `precision` fractional-second digits (0..6)."""
    return ColumnType(Kind.TIME, precision=precision)


def native(type_name: str, origin: str) -> ColumnType:
    """A type of engine `origin` the model has no kind for, as that engine spells it (``native("inet",
    "postgres")``): rendered as written on that engine, held as text elsewhere (a listed degradation)."""
    return ColumnType(Kind.NATIVE, native=type_name, origin=origin)


def spelled(ty: ColumnType, native: str, origin: str) -> ColumnType:
    """`ty` as engine `origin` holds it in a narrower type of its own (``spelled(timestamptz(0), "timestamp",
    "mysql")``: MySQL's TIMESTAMP, 1970..2038): rendered as `native` on that engine, as `ty` on the others
    (a listed degradation: the narrower limit is not enforced there)."""
    return replace(ty, native=native, origin=origin)


def set_of(*values: str) -> ColumnType:
    """SET(values): any subset of `values`, written comma-separated (MySQL's SET)."""
    return ColumnType(Kind.SET, values=tuple(values))


def decimal(precision: int, scale: int) -> ColumnType:
    """DECIMAL(precision, scale): exact numeric."""
    return ColumnType(Kind.DECIMAL, precision=precision, scale=scale)


def array(item: ColumnType) -> ColumnType:
    """A one-dimensional array of `item`."""
    return ColumnType(Kind.ARRAY, item=item)


def enum_type(e: Enum) -> ColumnType:
    """A column of the enumerated type `e`."""
    return ColumnType(Kind.ENUM, enum=e)


def domain_type(d: "Domain") -> ColumnType:
    """A column of the domain `d`: its base type, named by the domain."""
    return replace(d.base, domain=d)


class DefaultKind(str, enum.Enum):
    """What a column default is."""

    LITERAL = "literal"
    NOW = "now"  # the current timestamp (or date, on a DATE column)
    UUID4 = "uuid4"  # a random version-4 UUID
    EXPRESSION = "expression"  # `value` is a canonical SQL expression, e.g. ``clock_timestamp()``


Literal = Union[str, int, float, bool]


@dataclass(frozen=True)
class Default:
    """A column default: a literal, the current time, a random UUID v4, or a SQL expression."""

    kind: DefaultKind
    value: Optional[Literal] = None

    def __str__(self) -> str:
        return repr(self.value) if self.kind is DefaultKind.LITERAL else f"{self.kind.value}()"


NOW = Default(DefaultKind.NOW)
GEN_UUID = Default(DefaultKind.UUID4)


def lit(value: Literal) -> Default:
    """A literal default value."""
    return Default(DefaultKind.LITERAL, value)


def default_sql(expression: str) -> Default:
    """A default computed by a canonical SQL expression (``default_sql("CAST(now() AS DATE)")``),
    rendered for each engine through sqlglot; an engine that cannot compute it lists a degradation."""
    return Default(DefaultKind.EXPRESSION, expression)


@dataclass(frozen=True)
class Collation:
    """A collation as engine `origin` names it (``Collation("utf8mb4_general_ci", "mysql")``,
    ``Collation("NOCASE", "sqlite")``, ``Collation("C", "postgres")``): kept on that engine (and
    its variants); another engine uses its own default and lists a degradation."""

    name: str
    origin: str


@dataclass(frozen=True)
class Generated:
    """A generated column's expression (canonical SQL over the table's other columns)."""

    expression: str
    stored: bool = True  # STORED: computed on write and kept; VIRTUAL: computed on read


@dataclass(frozen=True)
class Column:
    """A table column."""

    name: str
    type: ColumnType
    nullable: bool = True
    default: Optional[Default] = None
    identity: bool = False  # auto-increment / identity
    on_update_now: bool = False  # set to the current time on every UPDATE
    comment: Optional[str] = None
    identity_always: bool = False  # GENERATED ALWAYS: an explicit value is refused (identity columns only)
    generated: Optional[Generated] = None  # a generated (computed) column
    collation: Optional["Collation"] = None  # the column's own collation; None: the table's
    # The identity is drawn by the column's default from a sequence the column owns (a "serial"), not
    # declared GENERATED ... AS IDENTITY; an engine with one kind of auto-increment holds both alike.
    identity_sequence: bool = False

    @property
    def declared_default(self) -> Default:
        """The default of a column that has one; ValueError for a column without."""
        if self.default is None:
            raise ValueError(f"column {self.name} has no default")
        return self.default


class Action(str, enum.Enum):
    """Referential action of a foreign key."""

    NO_ACTION = "NO ACTION"
    RESTRICT = "RESTRICT"
    CASCADE = "CASCADE"
    SET_NULL = "SET NULL"
    SET_DEFAULT = "SET DEFAULT"


@dataclass(frozen=True)
class Domain:
    """A named type over a base type with rules of its own (SQL's CREATE DOMAIN).

    Every column of the domain holds a value of `base`, is NOT NULL where `not_null`, takes `default`
    when the column has none of its own, and passes every CHECK of `checks`, whose expressions are
    canonical SQL over the keyword ``VALUE`` (the column's value). An engine without domains holds the
    column as `base` with those rules on the column itself (`schema.domains.inline_domains`)."""

    name: str
    base: ColumnType
    not_null: bool = False
    default: Optional[Default] = None
    checks: tuple["Check", ...] = ()

    def chain(self) -> tuple["Domain", ...]:
        """This domain and the domains it is over, outermost first (a domain over a domain: two)."""
        out = [self]
        while out[-1].base.domain is not None:
            out.append(out[-1].base.domain)
        return tuple(out)


@dataclass(frozen=True)
class Composite:
    """A named record type: an ordered list of named, typed fields (SQL's CREATE TYPE ... AS (...)).
    The model holds it as a type of its own, declared on the schema (`DeclaredType`); an engine
    without record types lists it as a degradation."""

    name: str
    fields: tuple[tuple[str, ColumnType], ...]


@dataclass(frozen=True)
class DeclaredType:
    """A type the schema declares by itself, whether or not a column uses it: an enum, a domain or
    a composite, in `namespace` (None: the default one), with the type's `comment`."""

    type: Union[Enum, Domain, Composite]
    namespace: Optional[str] = None
    comment: Optional[str] = None

    @property
    def key(self) -> tuple[Optional[str], str]:
        """(namespace, type name)."""
        return self.namespace, self.type.name


@dataclass(frozen=True)
class ForeignKey:
    """FOREIGN KEY (columns) REFERENCES ref_table (ref_columns)."""

    name: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    on_delete: Action = Action.NO_ACTION
    ref_namespace: Optional[str] = None  # None: the referencing table's namespace; "": the default one
    on_update: Action = Action.NO_ACTION
    comment: Optional[str] = None


@dataclass(frozen=True)
class Unique:
    """UNIQUE (columns)."""

    name: str
    columns: tuple[str, ...]
    comment: Optional[str] = None


@dataclass(frozen=True)
class Check:
    """A named CHECK constraint; `expression` is canonical SQL."""

    name: str
    expression: str
    comment: Optional[str] = None


@dataclass(frozen=True)
class IndexPart:
    """One key part of an index: a column or an expression."""

    column: Optional[str] = None
    expression: Optional[str] = None  # canonical SQL, when not a plain column
    desc: bool = False
    prefix: Optional[int] = None  # index only the first N characters
    opclass: Optional[str] = None  # operator class, as its engine names it (``text_pattern_ops``)

    @property
    def label(self) -> str:
        """The column name or the expression text."""
        return self.column if self.column is not None else f"({self.expression})"

    @property
    def column_name(self) -> str:
        """The column of a plain-column part; ValueError for an expression part."""
        if self.column is None:
            raise ValueError(f"index part {self.label} is an expression, not a column")
        return self.column


class IndexMethod(str, enum.Enum):
    """Index access method."""

    BTREE = "btree"
    GIN = "gin"
    HASH = "hash"
    GIST = "gist"
    BRIN = "brin"
    SPGIST = "spgist"
    FULLTEXT = "fulltext"  # a full-text index over text columns (MySQL's FULLTEXT)


@dataclass(frozen=True)
class ExclusionElement:
    """One element of an exclusion constraint: a key part compared WITH `operator` (``=``, ``&&``)."""

    part: IndexPart
    operator: str


@dataclass(frozen=True)
class Exclusion:
    """An exclusion constraint (PostgreSQL's EXCLUDE, https://www.postgresql.org/docs/15/sql-createtable.html
    #SQL-CREATETABLE-EXCLUDE): no two rows (that `where` admits) may have every element's operator
    return true between them. `method` is the index method enforcing it."""

    name: str
    elements: tuple[ExclusionElement, ...]
    method: IndexMethod = IndexMethod.GIST
    where: Optional[str] = None  # canonical SQL predicate
    comment: Optional[str] = None


@dataclass(frozen=True)
class Index:
    """A secondary index."""

    name: str
    parts: tuple[IndexPart, ...]
    unique: bool = False
    where: Optional[str] = None  # canonical SQL predicate of a partial index
    method: IndexMethod = IndexMethod.BTREE
    include: tuple[str, ...] = ()  # non-key columns stored in the index (INCLUDE)
    comment: Optional[str] = None

    @property
    def columns(self) -> tuple[str, ...]:
        """Names of the plain columns this index covers (expressions excluded)."""
        return tuple(p.column for p in self.parts if p.column is not None)

    @property
    def is_plain(self) -> bool:
        """A B-tree over plain columns with no predicate and no prefixes."""
        return (self.method is IndexMethod.BTREE and self.where is None and not self.include
                and all(p.column is not None and p.prefix is None and p.opclass is None for p in self.parts))

    @property
    def is_partial_unique(self) -> bool:
        """A UNIQUE index with a predicate: uniqueness among the rows the predicate admits."""
        return self.unique and self.where is not None


class PartitionMethod(str, enum.Enum):
    """How a partitioned table chooses the partition of a row."""

    RANGE = "range"  # by ranges of the partition column: [lower, upper)
    LIST = "list"  # by lists of values of the partition column
    HASH = "hash"  # by a hash of the partition column, modulo the number of partitions


Bound = Union[int, str, _dt.date, _dt.datetime]


@dataclass(frozen=True)
class PartitionSpec:
    """One partition of an explicitly partitioned table.

    `name` is the partition's own name on the engine. RANGE: `upper` is the
    exclusive upper bound, None for MAXVALUE (everything above the previous
    bound). LIST: `values` are the values it holds. HASH: neither; the
    partition's position in `Partitioning.partitions` is its remainder.
    """

    name: str
    upper: Optional[Bound] = None
    values: tuple[Bound, ...] = ()


FUTURE = "future"  # the suffix of a monthly partitioning's catch-all partition (``<table>_future``)


class Outside(str, enum.Enum):
    """What a rolling partitioning does with a row outside every month it holds."""

    REJECT = "reject"  # the row is refused (the partition error)
    DEFAULT = "default"  # a row after the last month is kept in the catch-all ``<table>_future``; one before
    # the first month is still refused (a late row of an archived month must not hide in a catch-all)


@dataclass(frozen=True)
class Rolling:
    """The lifecycle policy of a monthly partitioning: a window of months that moves with time.

    `ahead`: months kept ready after the current one. `archive_after`: months kept before the
    current one, older months are archived (exported, then removed); None keeps every month.
    `outside`: what a row outside every month gets (`Outside`). The months the first migration
    creates are the monthly form's `start` and `months`; `schemakit partitions maintain` moves
    the window from there (schema/rolling.py computes it).
    """

    ahead: int
    archive_after: Optional[int] = None
    outside: Outside = Outside.REJECT

    @property
    def keeps_all(self) -> bool:
        """Whether no month is ever archived."""
        return self.archive_after is None


@dataclass(frozen=True)
class Partitioning:
    """Partitioning of a table on one column.

    Two forms. The monthly form (`start` and `months`): RANGE partitions by
    calendar month on a timestamp or date column, `months` consecutive months
    from `start` (the first day of a month), named ``<table>_YYYY_MM``.
    The explicit form (`partitions`, `start` None): `method` with its
    partitions in order; for RANGE, the first partition starts at `lower`
    (None: MINVALUE, unbounded below) and each ends below its `upper`.
    `default` names a DEFAULT partition taking every row no other partition
    holds. A partitioned table may have no partitions yet (it then rejects
    every row). A row outside every partition is rejected.
    The monthly form may carry a `rolling` policy: its months then move with time.
    """

    column: str
    start: Optional[_dt.date] = None
    months: int = 0
    method: PartitionMethod = PartitionMethod.RANGE
    partitions: tuple[PartitionSpec, ...] = ()
    lower: Optional[Bound] = None
    default: Optional[str] = None
    rolling: Optional[Rolling] = None  # the monthly form's lifecycle policy (None: fixed months)
    future: bool = False  # monthly form: a catch-all partition ``<table>_future`` holds every row after the last month

    @property
    def catch_all(self) -> bool:
        """Whether rows after the last month go to the catch-all ``<table>_future`` (monthly form): `future`,
        or a rolling policy whose `outside` is DEFAULT."""
        return self.future or (self.rolling is not None and self.rolling.outside is Outside.DEFAULT)

    @property
    def monthly(self) -> bool:
        """Whether this is the monthly form (`start` and `months`)."""
        return self.start is not None

    def bounds(self) -> list[tuple[str, _dt.date, _dt.date]]:
        """(suffix, lower bound inclusive, upper bound exclusive) per month; [] for the explicit form."""
        out: list[tuple[str, _dt.date, _dt.date]] = []
        if self.start is None:
            return out
        year, month = self.start.year, self.start.month
        for _ in range(self.months):
            lo = _dt.date(year, month, 1)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            out.append((f"{lo.year:04d}_{lo.month:02d}", lo, _dt.date(year, month, 1)))
        return out

    def ranges(self) -> list[tuple[str, Optional[Bound], Optional[Bound]]]:
        """(name, lower inclusive, upper exclusive) per RANGE partition of the explicit form;
        None is unbounded (MINVALUE below, MAXVALUE above)."""
        out: list[tuple[str, Optional[Bound], Optional[Bound]]] = []
        if self.method is not PartitionMethod.RANGE or self.monthly:
            return out
        lo = self.lower
        for s in self.partitions:
            out.append((s.name, lo, s.upper))
            lo = s.upper
        return out

    @property
    def names(self) -> tuple[str, ...]:
        """The explicit partitions' names, the DEFAULT partition last; () for the monthly form."""
        return tuple(s.name for s in self.partitions) + ((self.default,) if self.default else ())

    def partition_for(self, value) -> Optional[str]:
        """The partition that holds `value` (the monthly form: its suffix), or None: rejected.

        A HASH partitioning cannot say which partition without the engine's
        hash function: it answers its first partition's name (some partition),
        or None when it has none.

        A NULL key (`value` None) fits no bound and no listed value: RANGE and LIST
        give it to the DEFAULT partition, else reject it; HASH stores it (the
        partition of hash 0); the monthly form rejects it.
        """
        if value is None:
            if self.monthly:
                return None
            if self.method is PartitionMethod.HASH:
                return self.partitions[0].name if self.partitions else None
            return self.default
        if self.monthly:
            value = utc_naive(value)  # bounds are UTC instants
            for suffix, lo, hi in self.bounds():
                if _as_dt(lo) <= value < _as_dt(hi):
                    return suffix
            bounds = self.bounds()
            return FUTURE if self.catch_all and bounds and value >= _as_dt(bounds[-1][2]) else None
        if self.method is PartitionMethod.HASH:
            return self.partitions[0].name if self.partitions else None
        if self.method is PartitionMethod.LIST:
            found = [s.name for s in self.partitions if any(_same(value, v) for v in s.values)]
            return found[0] if found else self.default
        for name, low, high in self.ranges():
            if (low is None or not _less(value, low)) and (high is None or _less(value, high)):
                return name
        return self.default


def _comparable(value, bound):
    """`value` and `bound` as values of one type (a date bound against a timestamp: its midnight)."""
    if isinstance(value, _dt.datetime):
        value = utc_naive(value)
        if not isinstance(bound, _dt.datetime) and isinstance(bound, _dt.date):
            bound = _as_dt(bound)
    elif isinstance(value, _dt.date) and isinstance(bound, _dt.datetime):
        value = _as_dt(value)
    return value, bound


def _less(value, bound) -> bool:
    a, b = _comparable(value, bound)
    return a < b


def _same(value, bound) -> bool:
    a, b = _comparable(value, bound)
    return a == b


def _as_dt(d: _dt.date) -> _dt.datetime:
    return _dt.datetime(d.year, d.month, d.day)


@dataclass(frozen=True)
class StateMachine:
    """Allowed transitions of a status column, enforced on UPDATE.

    An UPDATE that changes `column` from a to b is accepted only when (a, b)
    is in `transitions`; an UPDATE that leaves it unchanged is always accepted.
    """

    name: str
    column: str
    transitions: tuple[tuple[str, str], ...]

    def allows(self, old: str, new: str) -> bool:
        """Whether changing the column from `old` to `new` is accepted."""
        return old == new or (old, new) in self.transitions


@dataclass(frozen=True)
class Table(InNamespace):
    """A table with its columns, keys, constraints and indexes."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    uniques: tuple[Unique, ...] = ()
    checks: tuple[Check, ...] = ()
    indexes: tuple[Index, ...] = ()
    partitioning: Optional[Partitioning] = None
    state_machines: tuple[StateMachine, ...] = ()
    soft_delete: Optional[str] = None  # the deleted-at column, if soft-deleted
    namespace: Optional[str] = None  # schema / database; None: the default one
    comment: Optional[str] = None
    collation: Optional["Collation"] = None  # the table's default collation; None: schemakit's
    charset: Optional[str] = None  # the table's default character set (MySQL's); None: schemakit's (utf8mb4)
    strict: bool = True  # False: a loosely typed table (SQLite without STRICT) that stores a value of any type
    exclusions: tuple[Exclusion, ...] = ()
    row_security: bool = False  # its row-level security policies (Schema.policies) are enforced
    force_row_security: bool = False  # ... on the table's owner too (FORCE ROW LEVEL SECURITY)
    primary_key_comment: Optional[str] = None  # the comment of the primary key (a table with one)

    @property
    def partition_by(self) -> Partitioning:
        """The partitioning of a partitioned table; ValueError for a table that is not partitioned."""
        if self.partitioning is None:
            raise ValueError(f"table {self.qualified} is not partitioned")
        return self.partitioning

    def column(self, name: str) -> Column:
        """The column called `name` (KeyError if absent)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.qualified}.{name}")

    def has_column(self, name: str) -> bool:
        """Whether the table has a column called `name`."""
        return any(c.name == name for c in self.columns)

    def referenced_key(self, fk: ForeignKey) -> tuple[Optional[str], str]:
        """The key (namespace, name) of the table that foreign key `fk` of this table references.

        A foreign key without `ref_namespace` references a table in this table's namespace;
        `ref_namespace=""` names the default namespace (the tables keyed None), so that a table of
        another namespace can reference one of the default namespace; any other is taken as written.
        """
        if fk.ref_namespace is None:
            return (self.namespace, fk.ref_table)
        return (fk.ref_namespace or None, fk.ref_table)

    def constraint_names(self) -> Iterator[str]:
        """Names of every named constraint and index of this table."""
        for group in (self.foreign_keys, self.uniques, self.checks, self.exclusions, self.indexes,
                      self.state_machines):
            for item in group:
                yield item.name


@dataclass(frozen=True)
class Schema:
    """A whole database schema: tables in dependency-free declaration order."""

    tables: tuple[Table, ...] = ()
    views: tuple[View, ...] = ()  # schema/views.py; created after the tables, in dependency order
    types: tuple[DeclaredType, ...] = ()  # types declared by themselves (an enum no column uses, a composite)
    sequences: tuple[Sequence, ...] = ()  # schema/code.py
    routines: tuple[Routine, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    policies: tuple[Policy, ...] = ()  # schema/policies.py: row-level security policies on the tables
    grants: tuple[Grant, ...] = ()  # privileges given to roles other than an object's owner
    extensions: tuple[Extension, ...] = ()  # schema/code.py: created before everything that may use them

    def table(self, name: str, namespace: Optional[str] = None) -> Table:
        """The table `name` in `namespace` (KeyError if absent)."""
        for t in self.tables:
            if t.name == name and t.namespace == namespace:
                return t
        raise KeyError(f"{namespace + '.' if namespace else ''}{name}")

    def has_table(self, name: str, namespace: Optional[str] = None) -> bool:
        """Whether the schema holds table `name` in `namespace`."""
        return any(t.name == name and t.namespace == namespace for t in self.tables)

    @property
    def namespaces(self) -> tuple[str, ...]:
        """The non-default namespaces, in order of first use (tables first, then sequences and routines)."""
        seen: dict[str, None] = {}
        for ns in [x.namespace for x in self.tables + self.types + self.sequences + self.routines + self.views]:
            if ns:
                seen.setdefault(ns)
        return tuple(seen)

    def enums(self) -> dict[tuple[Optional[str], str], Enum]:
        """Every enum type used, keyed by (namespace, enum name), in order of first use."""
        out: dict[tuple[Optional[str], str], Enum] = {}
        for t in self.tables:
            for c in t.columns:
                for ty in (c.type, c.type.item):
                    if ty is not None and ty.kind is Kind.ENUM:
                        out.setdefault((t.namespace, ty.enum_type.name), ty.enum_type)
        for x in self.types:  # the declared ones no column uses (and those of a composite's fields), after
            if isinstance(x.type, Enum):
                out.setdefault(x.key, x.type)
            elif isinstance(x.type, Composite):
                for _, ty in x.type.fields:
                    if ty.kind is Kind.ENUM:
                        out.setdefault((x.namespace, ty.enum_type.name), ty.enum_type)
        return out

    def domains(self) -> dict[tuple[Optional[str], str], Domain]:
        """Every domain used, keyed by (namespace, domain name), in order of first use (a domain that
        another is over comes before it)."""
        out: dict[tuple[Optional[str], str], Domain] = {}
        for t in self.tables:
            for c in t.columns:
                if c.type.domain is not None:
                    for d in reversed(c.type.domain.chain()):  # a domain over a domain: the inner one first
                        out.setdefault((t.namespace, d.name), d)
        for x in self.types:  # the declared ones no column uses, after those that are used
            if isinstance(x.type, Domain):
                for d in reversed(x.type.chain()):
                    out.setdefault((x.namespace, d.name), d)
        return out

    def composites(self) -> dict[tuple[Optional[str], str], Composite]:
        """Every declared composite type, keyed by (namespace, name), in declaration order."""
        return {x.key: x.type for x in self.types if isinstance(x.type, Composite)}

    def replace_table(self, table: Table) -> "Schema":
        """This schema with `table` substituted for the one with its key."""
        return replace(self, tables=tuple(table if t.key == table.key else t for t in self.tables))

    def map_tables(self, fn) -> "Schema":
        """This schema with `fn` applied to every table."""
        return replace(self, tables=tuple(fn(t) for t in self.tables))


class TenantError(ValueError):
    """A tenant id a namespace name cannot be made from (`Tenancy.namespace`)."""


# A tenant id: an integer, or letters, digits, '-' and '_' (a UUID fits), so that the namespace made of it
# is a plain name on every engine and the id never needs more than quoting.
TENANT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Tenancy:
    """Tables instantiated once per tenant, each tenant in its own namespace.

    Tenant `42` gets namespace ``f"{prefix}{42}"`` holding a copy of `tables`. `source` names where
    the tenant ids live, as data: (table, column) of the shared namespace, one row per tenant (None:
    the ids are given on each command). The tenant tables are migrated by a stream of their own,
    written unqualified (`System.tenant_schema`) and applied inside each tenant's namespace.
    """

    prefix: str
    tables: tuple[Table, ...]
    source: Optional[tuple[str, str]] = None

    def namespace(self, tenant: Union[int, str]) -> str:
        """The namespace name of `tenant`; `TenantError` for an id that is not an integer or a word of
        letters, digits, '-' and '_' (`TENANT_ID`: a UUID is one)."""
        if isinstance(tenant, bool) or not isinstance(tenant, (int, str)) or \
                (isinstance(tenant, int) and tenant < 0) or (isinstance(tenant, str) and not TENANT_ID.fullmatch(tenant)):
            raise TenantError(f"tenant id {tenant!r}: use an integer, or letters, digits, '-' and '_' (a UUID fits)")
        return f"{self.prefix}{tenant}"

    def tenant_of(self, namespace: str) -> Optional[str]:
        """The id of the tenant whose namespace `namespace` is (`namespace`'s inverse); None when it is no
        tenant's: another prefix, or a rest that is not a valid tenant id."""
        rest = namespace[len(self.prefix):]
        return rest if namespace.startswith(self.prefix) and TENANT_ID.fullmatch(rest) else None

    def instantiate(self, tenant: Union[int, str]) -> tuple[Table, ...]:
        """The tenant tables placed in `tenant`'s namespace."""
        ns = self.namespace(tenant)
        return tuple(replace(t, namespace=ns) for t in self.tables)


@dataclass(frozen=True)
class AccessPattern:
    """A query the design relies on, and the index that must serve it.

    `sql` is canonical SQL (parameters written as literals); `index` names the
    index (or "primary_key") the engine should choose for `table` once it
    holds realistic volumes.
    """

    name: str
    table: str
    sql: str
    index: str
    namespace: Optional[str] = None


@dataclass(frozen=True)
class System:
    """A catalog entry: shared tables plus optional per-tenant tables."""

    name: str
    title: str
    schema: Schema
    tenancy: Optional[Tenancy] = None
    default_tenants: tuple[Union[int, str], ...] = ()  # the tenants `ddl` shows; earlier migrations made them
    notes: tuple[str, ...] = field(default=())
    access_patterns: tuple[AccessPattern, ...] = ()

    def build(self, tenants: Optional[Iterable[Union[int, str]]] = None) -> Schema:
        """The full schema: shared tables plus each tenant's tables."""
        tables = list(self.schema.tables)
        if self.tenancy is not None:
            for tenant in (self.default_tenants if tenants is None else tenants):
                tables.extend(self.tenancy.instantiate(tenant))
        return replace(self.schema, tables=tuple(tables))

    def tenant_schema(self) -> Schema:
        """The per-tenant tables unqualified (in the default namespace): what the tenant migration
        stream creates inside each tenant's namespace; an empty schema without tenancy."""
        if self.tenancy is None:
            return Schema()
        return Schema(tables=tuple(replace(t, namespace=None) for t in self.tenancy.tables))
