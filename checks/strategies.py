"""Hypothesis strategies derived from the model: values, rows, mutants, parent graphs.

- `values(column)`: valid non-NULL values of a column's type, edges included
  (empty and exactly-full strings, trailing spaces, non-ASCII and case
  variants, integer bounds signed and unsigned, decimal bounds, NaN, +-infinity,
  -0.0 and binary32's largest, empty and zero-padded byte strings, microseconds
  (kept at the type's fractional digits), 24:00:00, UTC offsets, date and year
  bounds, the empty SET and SETs naming a member twice or out of order).
- `rows(table, parents)`: rows the oracle accepts. They are built, not
  filtered into existence: every CHECK is turned into disjunctive normal form
  and one satisfiable branch per CHECK is drawn (`st.sampled_from` over the
  branches), its atoms becoming per-column hints (NULL / NOT NULL, a choice
  of literals, excluded literals, integer bounds, JSON array lengths). Key
  columns skip values that would collide with `parents`' rows of the table.
  A final oracle filter removes what the hints could not foresee (atoms
  without hints); tests/test_strategies.py holds every catalog table's
  rejection rate under 5% (measured: 0 of 40 rows per table).
- `mutants(table, parents)`: (constraint name, row): a valid row changed to
  break exactly one named constraint, verified with `oracle.violations` (an
  exclusion constraint of && ranges: an existing row's elements copied; an
  identity GENERATED ALWAYS: an explicit value).
- `graph(schema)`: parent rows for every table, inserted in foreign-key order,
  cyclic nullable references left NULL.

Nothing here generates non-canonical uuids, NUL characters or explicit NULLs
in identity columns: the oracle documents those as PostgreSQL-only meanings.
Nor REAL values PostgreSQL rounds where MySQL refuses them (between binary32's
largest and the next half step) or refuses where MySQL stores zero (nonzero
values that underflow binary32), nor times and timestamps with more fractional
digits than their type keeps (PostgreSQL rounds them from its 2000-01-01 epoch,
MySQL from the value's own second), nor SET members with trailing spaces.
"""
from __future__ import annotations

import datetime as _dt
import json
import sys
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterable, Literal, Optional, Union

from hypothesis import assume, reject, strategies as st
from sqlglot import exp

from schemakit.schema.expr import parse
from schemakit.schema.model import (
    INTEGER_KINDS, Column, ColumnType, Exclusion, ForeignKey, Kind, PartitionMethod, Partitioning, Schema, Table,
)

from .hints import MAX_BRANCHES, Hint, branches, merge_hints, pick
from .oracle import Existing, OracleError, UnsupportedType, column_name, evaluate, excludes, stored, violations
from .typerules import (
    FLOAT32_MAX, MYSQL_TIME_MAX, NATIVE_EXAMPLES, TIME_MAX, TIMETZ_OFFSET_MAX, UTC, YEAR_RANGE, VerdictKind,
    value_problem,
)

TEXT_CHARS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
# Strings that collide under case-insensitive, accent-insensitive or PAD SPACE collations.
CASE_POOL = ("", "a", "A", "a ", " a", "ß", "SS", "ss", "é", "É", "e\u0301", "i", "I", "İ", "ı",
             "ǆ", "ǅ", "Ǆ", "😀", "abc", "ABC", "abc  ")
OFFSETS = tuple(_dt.timezone(_dt.timedelta(minutes=m)) for m in (0, 60, -210, 330, 345, -480, -720, 840))
MIN_TS, MAX_TS = _dt.datetime(1, 1, 1), _dt.datetime(9999, 12, 31, 23, 59, 59, 999999)
TEXT_MAX = 40  # longest random TEXT value
INVALID_JSON = ("", " ", "{", "[1,]", "{'a': 1}", '{"a" 1}', "NaN", "[Infinity]", "-Infinity", "tru",
                "01", "[] []", '"\\x41"', "{\"a\": 1,}")
# json checks escapes for syntax only; jsonb also rejects these (oracle: json/jsonb).
JSON_ONLY = ('"a\\u0000b"', '{"k": "\\u0000"}', '"\\ud800"', '["\\udc00x"]')
_MICRO = _dt.timedelta(microseconds=1)


# -- values -------------------------------------------------------------------------------

def sized_text(size: int) -> st.SearchStrategy[str]:
    """Strings of exactly `size` characters, cheap to draw however long (a repeated seed)."""
    if size == 0:
        return st.just("")
    seed = st.text(TEXT_CHARS, min_size=1, max_size=min(size, 8))
    return st.tuples(seed, st.sampled_from(["", " ", "é", "😀"])).map(
        lambda p: ((p[0] * size)[:size - len(p[1])] + p[1])[:size])


def _strings(max_size: int, exact: bool = True) -> st.SearchStrategy[str]:
    parts = [st.text(TEXT_CHARS, max_size=min(max_size, TEXT_MAX)),
             st.sampled_from([s for s in CASE_POOL if len(s) <= max_size])]
    if max_size >= 1:
        parts.append(st.text(TEXT_CHARS, max_size=min(max_size, TEXT_MAX) - 1).map(lambda s: s + " "))
    if exact:
        parts.append(sized_text(max_size))
        parts.append(sized_text(max_size).map(lambda s: s + "  "))  # excess spaces: cut, not rejected
    return st.one_of(parts)


def too_long(size: int) -> st.SearchStrategy[str]:
    """Strings longer than `size` whose excess holds a non-space (excess spaces are only cut)."""
    return st.tuples(sized_text(size), st.sampled_from(["x", " x", "é", "😀", "\t", "\n "])).map("".join)


def _integers(lo: int, hi: int) -> st.SearchStrategy[int]:
    edges = sorted({v for v in (lo, lo + 1, -1, 0, 1, hi - 1, hi) if lo <= v <= hi})
    return st.one_of(st.sampled_from(edges), st.integers(lo, hi))


def _decimals(ty: ColumnType) -> st.SearchStrategy[Decimal]:
    p, s = ty.digits
    top = 10**p - 1
    exact = st.integers(-top, top).map(lambda i: Decimal(i).scaleb(-s))
    edges = st.sampled_from([Decimal(top).scaleb(-s), Decimal(-top).scaleb(-s), Decimal(0).scaleb(-s)])
    extra = st.integers(-(10**(p + 2) - 1), 10**(p + 2) - 1).map(lambda i: Decimal(i).scaleb(-s - 2))
    half = st.integers(-top, top).map(lambda i: Decimal(i * 10 + (5 if i >= 0 else -5)).scaleb(-s - 1))
    return st.one_of(edges, exact, st.one_of(extra, half).filter(lambda d: value_problem(ty, d) is None))


def _in_zone(utc_naive: _dt.datetime, tz: _dt.tzinfo) -> _dt.datetime:
    """The UTC instant `utc_naive` expressed at offset `tz` (UTC where that leaves year 1..9999)."""
    aware = utc_naive.replace(tzinfo=UTC)
    try:
        return aware.astimezone(tz)
    except OverflowError:
        return aware


def _aware(naive: st.SearchStrategy[_dt.datetime]) -> st.SearchStrategy[_dt.datetime]:
    return st.tuples(naive, st.sampled_from(OFFSETS)).map(lambda p: _in_zone(*p))


def _timestamps(lo: _dt.datetime = MIN_TS, hi: _dt.datetime = MAX_TS,
                edges: Iterable[_dt.datetime] = ()) -> st.SearchStrategy[_dt.datetime]:
    return st.one_of(st.sampled_from(sorted({lo, hi, *edges})), st.datetimes(lo, hi))


def _json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**53, 2**53),
                        st.floats(allow_nan=False, allow_infinity=False), st.text(TEXT_CHARS, max_size=10))
    return st.recursive(scalars, lambda kids: st.one_of(
        st.lists(kids, max_size=4), st.dictionaries(st.text(TEXT_CHARS, max_size=8), kids, max_size=4)),
        max_leaves=10)


def _json_text(values: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    return st.tuples(values, st.booleans()).map(lambda p: json.dumps(p[0], ensure_ascii=p[1]))


def _json_arrays(lengths: Iterable[int]) -> st.SearchStrategy[str]:
    items = _json_values()
    return st.one_of([_json_text(st.lists(items, min_size=n, max_size=n)) for n in sorted(lengths)])


_UUID_EDGES = ("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff")
FLOAT_SPECIALS = (float("nan"), float("inf"), float("-inf"))  # values the model holds, MySQL does not
REAL_EDGES = (0.0, -0.0, FLOAT32_MAX, -FLOAT32_MAX, 1.401298464324817e-45, 1.1754943508222875e-38)  # max, subnormal, normal
DOUBLE_EDGES = (0.0, -0.0, sys.float_info.max, -sys.float_info.max, sys.float_info.min, 5e-324)
RARE = 8  # a value one engine refuses as a listed degradation says comes once in this many draws
NUMERIC_EDGES = (Decimal(0), Decimal("-0.0"), Decimal("1e-30"), Decimal("-" + "9" * 35 + "." + "9" * 30),
                 Decimal("123456789012345678901234567890.123456789"))
INTERVAL_MAX = _dt.timedelta(days=100_000)  # about 273 years: within every engine's rendering
INTERVAL_NEAR = _dt.timedelta(days=34)  # within MySQL's TIME (MY-INTERVAL: -838:59:59..838:59:59)
INTERVAL_EDGES = (_dt.timedelta(0), -_MICRO, _dt.timedelta(days=1), INTERVAL_NEAR, -INTERVAL_NEAR)


def rarely(common: st.SearchStrategy, rare: st.SearchStrategy) -> st.SearchStrategy:
    """`common`, and `rare` once in `RARE` draws: values an engine refuses as a listed degradation says
    (NaN on MySQL, a year-long interval on MySQL) stay tried without making most rows refused there."""
    return st.integers(1, RARE).flatmap(lambda i: rare if i == 1 else common)


def _floats(edges: tuple, width: Literal[32, 64]) -> st.SearchStrategy[float]:
    finite = st.floats(allow_nan=False, allow_infinity=False, width=width)
    return rarely(st.one_of(st.sampled_from(edges), finite), st.sampled_from(FLOAT_SPECIALS))


def _intervals() -> st.SearchStrategy[_dt.timedelta]:
    near = st.one_of(st.sampled_from(INTERVAL_EDGES), st.timedeltas(-INTERVAL_NEAR, INTERVAL_NEAR))
    return rarely(near, st.one_of(st.sampled_from([INTERVAL_MAX, -INTERVAL_MAX]),
                                  st.timedeltas(-INTERVAL_MAX, INTERVAL_MAX)))
TZ_EDGES = (_dt.timezone(TIMETZ_OFFSET_MAX - _dt.timedelta(seconds=59)),  # +15:59, PostgreSQL's widest in minutes
            _dt.timezone(-TIMETZ_OFFSET_MAX + _dt.timedelta(seconds=59)))


def at_digits(v: Any, digits: int) -> Any:
    """A time, timestamp or timedelta with its microseconds cut to `digits` fractional digits."""
    scale = 10 ** (6 - digits)
    if isinstance(v, _dt.timedelta):
        return v - _dt.timedelta(microseconds=v.microseconds % scale)
    return v.replace(microsecond=v.microsecond - v.microsecond % scale)


def _fractional(ty: ColumnType, base: st.SearchStrategy) -> st.SearchStrategy:
    """`base` kept at the type's fractional-second digits (rounding is engine-specific, see above)."""
    return base if ty.fraction_digits == 6 else base.map(lambda v: at_digits(v, ty.fraction_digits))


def _times(ty: ColumnType) -> st.SearchStrategy:
    edges = [_dt.time(0), at_digits(_dt.time(23, 59, 59, 999999), ty.fraction_digits), _dt.time(12)]
    base = st.one_of(st.sampled_from(edges), _fractional(ty, st.times()))
    if ty.kind is Kind.TIMETZ:
        return st.tuples(base, st.sampled_from(OFFSETS + TZ_EDGES)).map(lambda p: p[0].replace(tzinfo=p[1]))
    return st.one_of(base, st.just(TIME_MAX))  # 24:00:00: a time of day with no datetime.time


def _binaries(ty: ColumnType) -> st.SearchStrategy[bytes]:
    n = TEXT_MAX if ty.kind is Kind.BYTES else ty.max_length
    edges = [b"", b"\0", b"a", b"a\0", b"\xff" * n, b"a" + b"\0" * (n - 1), b"\0" * n]
    return st.one_of(st.sampled_from([e for e in edges if len(e) <= n]), st.binary(max_size=n))


def _numerics() -> st.SearchStrategy[Decimal]:
    """Any exact decimal: mostly within MySQL's DECIMAL(65,30) (MY-NUMERIC), edges past it."""
    scaled = st.tuples(st.integers(-(10**40), 10**40), st.integers(0, 30)).map(lambda p: Decimal(p[0]).scaleb(-p[1]))
    return st.one_of(st.sampled_from(NUMERIC_EDGES), scaled)


def _sets(ty: ColumnType) -> st.SearchStrategy[str]:
    """Comma-separated members: empty, out of declared order, a member twice."""
    return st.lists(st.sampled_from(ty.members), max_size=len(ty.members) + 2).map(",".join)


def _years() -> st.SearchStrategy[int]:
    lo, hi = YEAR_RANGE
    return st.one_of(st.sampled_from([0, lo, hi]), st.integers(lo, hi))


_VALUES: dict[Kind, Callable[[ColumnType], st.SearchStrategy]] = {
    Kind.UUID: lambda ty: st.one_of(st.sampled_from(_UUID_EDGES), st.uuids().map(str)),
    **dict.fromkeys(INTEGER_KINDS, lambda ty: _integers(*ty.int_range)),
    Kind.VARCHAR: lambda ty: _strings(ty.max_length),
    Kind.CHAR: lambda ty: _strings(ty.max_length),
    Kind.TEXT: lambda ty: _strings(TEXT_MAX, exact=False),
    Kind.BOOLEAN: lambda ty: st.booleans(),
    Kind.TIMESTAMP: lambda ty: _fractional(ty, _timestamps()),
    Kind.TIMESTAMPTZ: lambda ty: _aware(_fractional(ty, _timestamps())),
    Kind.REAL: lambda ty: _floats(REAL_EDGES, 32),
    Kind.DOUBLE: lambda ty: _floats(DOUBLE_EDGES, 64),
    **dict.fromkeys((Kind.BYTES, Kind.VARBINARY, Kind.BINARY), _binaries),
    Kind.TIME: _times, Kind.TIMETZ: _times,
    Kind.INTERVAL: lambda ty: _intervals(),
    Kind.YEAR: lambda ty: _years(),
    Kind.SET: _sets,
    Kind.DATE: lambda ty: st.one_of(st.sampled_from([_dt.date.min, _dt.date.max]), st.dates()),
    Kind.DECIMAL: lambda ty: _numerics() if ty.precision is None else _decimals(ty),
    Kind.JSON: lambda ty: st.one_of(st.sampled_from(JSON_ONLY), _json_text(_json_values())),
    Kind.JSONB: lambda ty: _json_text(_json_values()),
    Kind.ARRAY: lambda ty: st.lists(st.one_of(st.none(), values(ty.item_type)), max_size=5),
    Kind.ENUM: lambda ty: st.sampled_from(ty.enum_type.values),
    Kind.NATIVE: lambda ty: _natives(ty),
}


def _natives(ty: ColumnType) -> st.SearchStrategy:
    """Values of an engine's own type: its `NATIVE_EXAMPLES`; a type without any cannot be checked."""
    examples = NATIVE_EXAMPLES.get((ty.origin or "", ty.native or ""))
    if not examples:
        raise UnsupportedType(f"{ty} has no example values the checks know (checks/typerules.py NATIVE_EXAMPLES)")
    return st.sampled_from(examples)


def values(column: Union[Column, ColumnType]) -> st.SearchStrategy:
    """Valid non-NULL values of a column (or column type), edges included."""
    return _values(column.type if isinstance(column, Column) else column)


@lru_cache(maxsize=1024)
def _values(ty: ColumnType) -> st.SearchStrategy:
    return _VALUES[ty.kind](ty)  # cached: building and validating strategies costs more than drawing


@lru_cache(maxsize=64)
def partition_values(column: Column, p: Partitioning) -> st.SearchStrategy[_dt.datetime]:
    """Values of the partition column that land inside a partition (bounds included). The explicit form:
    the first and last value of each RANGE partition and the listed values of LIST (with a DEFAULT
    partition, or HASH, or no partitions yet: any value of the column)."""
    if not p.monthly:
        inside = [v for _, lo, hi in p.ranges() for v in (lo, _before(hi)) if v is not None]
        inside += [v for spec in p.partitions for v in spec.values]
        if p.default or p.method is PartitionMethod.HASH or not inside:
            return values(column)
        return st.sampled_from(inside)
    bounds = [(_midnight(lo), _midnight(hi)) for _, lo, hi in p.bounds()]
    edges = [e for lo, hi in bounds for e in (lo, hi - _MICRO)]
    naive = _timestamps(bounds[0][0], bounds[-1][1] - _MICRO, edges)
    return _aware(naive) if column.type.kind is Kind.TIMESTAMPTZ else naive


def _midnight(d: _dt.date) -> _dt.datetime:
    return _dt.datetime(d.year, d.month, d.day)


def _before(bound):
    """The last value below an exclusive RANGE bound (None: MAXVALUE, no such value here)."""
    if bound is None or isinstance(bound, str):
        return None
    if isinstance(bound, _dt.datetime):
        return bound - _MICRO
    if isinstance(bound, _dt.date):
        return bound - _dt.timedelta(days=1)
    return bound - 1


def _per_table(fn: Callable[[Table], Any]) -> Callable[[Table], Any]:
    """Cache `fn(table)` by the table's identity: hashing a whole Table costs more than `fn`."""
    cache: dict[int, tuple[Table, Any]] = {}

    def cached(table: Table) -> Any:
        hit = cache.get(id(table))
        if hit is None or hit[0] is not table:  # the stored table keeps its id from being reused
            hit = cache[id(table)] = (table, fn(table))
        return hit[1]
    cached.__doc__, cached.__name__ = fn.__doc__, fn.__name__
    return cached


def _not_null_hints(table: Table) -> dict[str, Hint]:
    return {c.name: Hint(null=False) for c in table.columns if not c.nullable}


@_per_table
def plans(table: Table) -> tuple[dict[str, Hint], ...]:
    """Consistent choices of one branch per CHECK, merged with the table's NOT NULL columns."""
    combined = [_not_null_hints(table)]
    for chk in table.checks:
        combined = [m for a in combined for b in branches(chk.expression)
                    if (m := merge_hints(a, b)) is not None][:MAX_BRANCHES]
    return tuple(combined)


# -- rows ---------------------------------------------------------------------------------

@_per_table
def unique_keys(table: Table) -> tuple[tuple[str, VerdictKind, tuple[str, ...], Optional[str]], ...]:
    """(name, kind, columns, predicate) of the primary key, UNIQUEs, plain-column unique indexes and exclusion
    constraints of plain columns compared with = (a unique key, as far as which rows collide)."""
    keys: list[tuple[str, VerdictKind, tuple[str, ...], Optional[str]]] = (
        [("primary_key", VerdictKind.PRIMARY_KEY, table.primary_key, None)] if table.primary_key else [])
    keys += [(u.name, VerdictKind.UNIQUE, u.columns, None) for u in table.uniques]
    keys += [(ix.name, VerdictKind.UNIQUE, ix.columns, ix.where) for ix in table.indexes
             if ix.unique and len(ix.columns) == len(ix.parts)]
    return tuple(keys + [(x.name, VerdictKind.EXCLUSION, tuple(e.part.column_name for e in x.elements), x.where)
                         for x in table.exclusions
                         if all(e.operator == "=" and e.part.column is not None for e in x.elements)])


def other_exclusions(table: Table) -> tuple[tuple[Exclusion, tuple[str, ...]], ...]:
    """(constraint, columns) of the exclusion constraints of plain columns `unique_keys` leaves out
    (an element compares WITH && or <>): which rows collide the oracle decides (`oracle.excludes`)."""
    return tuple((x, tuple(e.part.column_name for e in x.elements)) for x in table.exclusions
                 if all(e.part.column is not None for e in x.elements)
                 and not all(e.operator == "=" for e in x.elements))


def _refs(expression: Optional[str]) -> tuple[str, ...]:
    return tuple(sorted({c.name for c in parse(expression).find_all(exp.Column)})) if expression else ()


def _clash(table: Table, parents: Existing, partial: dict) -> bool:
    """Whether `partial` collides with an existing row on a key whose columns and predicate it has."""
    for _, _, columns, where in unique_keys(table):
        if any(partial.get(c) is None for c in columns) or any(c not in partial for c in _refs(where)):
            continue
        if where is not None and evaluate(where, partial, table) is not True:
            continue
        others = (stored(table, r) for r in parents.of(table))
        if any(all(o[c] == partial[c] for c in columns) and (where is None or evaluate(where, o, table) is True)
               for o in others):
            return True
    return any(all(partial.get(c) is not None for c in columns) and all(c in partial for c in _refs(x.where))
               and excludes(table, x, partial, parents) for x, columns in other_exclusions(table))


def _finite(column: Column, hint: Hint) -> Optional[list]:
    """Every value `column` can take under `hint`, when there are few; else None."""
    if hint.null is True:
        return [None]
    if hint.choices is not None:
        domain = hint.allowed()
    elif column.type.kind in (Kind.BOOLEAN, Kind.ENUM):
        domain = [v for v in ([False, True] if column.type.kind is Kind.BOOLEAN else column.type.enum_type.values)
                  if v not in hint.excluded]
    else:
        return None
    return domain + ([None] if column.nullable and hint.null is None else [])


def _fresh(table: Table, parents: Existing, row: dict, column: Column, hint: Hint) -> st.SearchStrategy:
    """Values of `column` meeting `hint` that do not collide on a key with an existing row."""
    strategy = _hinted(table, column, hint)
    keyed = any(column.name in cols + _refs(w) for _, _, cols, w in unique_keys(table)) or any(
        column.name in cols + _refs(x.where) for x, cols in other_exclusions(table))
    if not parents.of(table) or not keyed:
        return strategy
    domain = _finite(column, hint)
    if domain is not None:  # enumerate: a filter over two booleans fails too often
        free = [v for v in domain if not _clash(table, parents, {**row, column.name: v})]
        return st.sampled_from(free) if free else st.nothing()
    return strategy.filter(lambda v: not _clash(table, parents, {**row, column.name: v}))


def _hinted(table: Table, column: Column, hint: Hint, nulls: bool = True) -> st.SearchStrategy:
    """Values of `column` meeting `hint`; NULL too when the hint, the column and `nulls` allow it."""
    p = table.partitioning
    return _hinted_values(column, hint, p if p is not None and p.column == column.name else None, nulls)


@lru_cache(maxsize=4096)
def _hinted_values(column: Column, hint: Hint, partitioning: Optional[Partitioning],
                   nulls: bool) -> st.SearchStrategy:
    if hint.null is True:
        return st.just(None)
    if hint.choices is not None:
        base = st.sampled_from(hint.allowed())
    elif hint.json_lengths is not None:
        base = _json_arrays(hint.json_lengths)
    else:
        base = _base(column, hint, partitioning)
        base = base.filter(lambda v: v not in hint.excluded) if hint.excluded else base
    return _maybe_null(column, hint, base) if nulls else base


def _maybe_null(column: Column, hint: Hint, base: st.SearchStrategy) -> st.SearchStrategy:
    """NULL half the time for an unconstrained nullable column, an eighth of the time when a
    CHECK branch wants a value (NULL often passes a CHECK too: three-valued logic)."""
    if not column.nullable or hint == Hint(null=False):
        return base
    if hint.null is None:
        return st.one_of(st.none(), base)
    return st.integers(0, 7).flatmap(lambda i: st.none() if i == 0 else base)


def _base(column: Column, hint: Hint, partitioning: Optional[Partitioning]) -> st.SearchStrategy:
    if partitioning is not None:
        return partition_values(column, partitioning)
    if column.type.kind in INTEGER_KINDS and (hint.lo is not None or hint.hi is not None):
        lo, hi = column.type.int_range
        return _integers(pick(max, hint.lo, lo), pick(min, hint.hi, hi))
    return values(column)


def parent_keys(table: Table, fk: ForeignKey, parents: Existing) -> list[tuple]:
    """The non-NULL keys `fk` can reference among `parents`, in a stable order."""
    keys = {tuple(p.get(r) for r in fk.ref_columns) for p in parents.of(table.referenced_key(fk))}
    return sorted((k for k in keys if None not in k), key=repr)


def _free_keys(table: Table, fk: ForeignKey, parents: Existing, row: dict) -> list[tuple]:
    """The parent keys `fk` can take in `row` without a key collision."""
    return [k for k in parent_keys(table, fk, parents) if not _clash(table, parents, {**row, **dict(zip(fk.columns, k))})]


def _fk_values(table: Table, fk: ForeignKey, parents: Existing, plan: dict[str, Hint],
               row: dict) -> st.SearchStrategy:
    """{column: value} for the columns of `fk`: a parent's key, or NULLs where allowed."""
    hints = [plan.get(c, Hint()) for c in fk.columns]
    options = []
    if _nullable(table, fk) and not any(h.null is False for h in hints):
        options.append(st.just(dict.fromkeys(fk.columns)))
    keys = _free_keys(table, fk, parents, row)
    if keys and not any(h.null is True for h in hints):
        options.append(st.sampled_from(keys).map(lambda k: dict(zip(fk.columns, k))))
    return st.one_of(options) if options else st.nothing()


def _nullable(table: Table, fk: ForeignKey) -> bool:
    return all(table.column(c).nullable for c in fk.columns)


def feasible(table: Table, parents: Existing) -> bool:
    """Whether every NOT NULL foreign key of `table` still has a parent key free to take."""
    return all(_nullable(table, fk) or _free_keys(table, fk, parents, {}) for fk in table.foreign_keys)


def _omittable(table: Table, column: Column, hint: Hint) -> bool:
    """A defaulted column no key, partition or CHECK branch needs an explicit value for."""
    special = {c for fk in table.foreign_keys for c in fk.columns} | {c for k in unique_keys(table) for c in k[2]}
    if table.partitioning is not None:
        special.add(table.partitioning.column)
    return column.default is not None and column.name not in special and hint in (Hint(), Hint(null=False))


def _draw_row(draw: Callable, table: Table, parents: Existing, plan: dict[str, Hint]) -> dict:
    row: dict[str, Any] = {}
    for fk in table.foreign_keys:
        row.update(draw(_fk_values(table, fk, parents, plan, row)))
    for c in table.columns:
        hint = plan.get(c.name, Hint())
        if c.identity or c.name in row or (_omittable(table, c, hint) and draw(st.sampled_from((0, 0, 0, 1)))):
            continue
        row[c.name] = draw(_fresh(table, parents, row, c, hint))
    return row


def candidates(table: Table, parents: Optional[Existing] = None) -> st.SearchStrategy[dict]:
    """Rows built from the hints, before the oracle filter (for measuring the rejection rate)."""
    parents = parents or Existing()
    options = plans(table)

    @st.composite
    def draw(draw):
        assume(options)
        return _draw_row(draw, table, parents, draw(st.sampled_from(options)))
    return draw()


def rows(table: Table, parents: Optional[Existing] = None) -> st.SearchStrategy[dict]:
    """Rows of `table` the oracle accepts against `parents` (identity columns omitted).

    Foreign keys draw from `parents`' keys (or NULL where nullable), the partition
    column lands inside a partition, defaulted columns are sometimes omitted.
    """
    parents = parents or Existing()
    return candidates(table, parents).filter(lambda r: not violations(table, r, parents))


# -- mutants ------------------------------------------------------------------------------

Mutation = tuple[str, VerdictKind, Callable[[Callable, dict], dict]]  # (constraint, kind, mutate(draw, row))


def _setter(column: str, strategy: st.SearchStrategy) -> Callable[[Callable, dict], dict]:
    return lambda draw, row: {**row, column: draw(strategy)}


def _not_null_mutations(table: Table, parents: Existing) -> list[Mutation]:
    """NULL in a NOT NULL column; not the partition column (NULL also fits no partition)."""
    routed = table.partitioning.column if table.partitioning else None
    return [(column_name(table, c.name), VerdictKind.NOT_NULL, _setter(c.name, st.just(None)))
            for c in table.columns if not c.nullable and not c.identity and c.name != routed]


def _too_long(ty: ColumnType) -> st.SearchStrategy:
    if ty.kind in (Kind.VARBINARY, Kind.BINARY):  # any excess byte is refused, a zero byte too
        n = ty.max_length
        return st.one_of(st.binary(min_size=n + 1, max_size=n + 4), st.just(b"\0" * (n + 1)))
    return too_long(ty.max_length)


def _length_mutations(table: Table, parents: Existing) -> list[Mutation]:
    return [(column_name(table, c.name), VerdictKind.LENGTH, _setter(c.name, _too_long(c.type)))
            for c in table.columns if c.type.kind in LENGTH_KINDS]


LENGTH_KINDS = (Kind.VARCHAR, Kind.CHAR, Kind.VARBINARY, Kind.BINARY)
# Out of the model's range, each kind: binary32 overflow, years past MySQL's, times past 24:00:00
# (838:59:59 and -00:00:01 are MySQL's, MY-TIMERANGE; 839:00:00 is no engine's), offsets past PostgreSQL's.
_OUT_OF_RANGE: dict[Kind, st.SearchStrategy] = {
    Kind.REAL: st.sampled_from([3.5e38, -3.5e38, 1e39, -sys.float_info.max]),
    Kind.YEAR: st.sampled_from([1900, 2156, 1, -1, 1000, 9999]),
    Kind.TIME: st.sampled_from([TIME_MAX + _dt.timedelta(seconds=1), _dt.timedelta(hours=25), -_dt.timedelta(seconds=1),
                                MYSQL_TIME_MAX, -MYSQL_TIME_MAX, MYSQL_TIME_MAX + _dt.timedelta(seconds=1)]),
    Kind.TIMETZ: st.sampled_from([_dt.time(12, tzinfo=_dt.timezone(o)) for o in
                                  (_dt.timedelta(hours=16), -_dt.timedelta(hours=16), _dt.timedelta(hours=23))]),
}


def _out_of_range(ty: ColumnType) -> st.SearchStrategy:
    if ty.kind in INTEGER_KINDS:
        lo, hi = ty.int_range
        return st.sampled_from([lo - 1, hi + 1, lo * 2 - 1, hi * 2])
    if ty.kind in _OUT_OF_RANGE:
        return _OUT_OF_RANGE[ty.kind]
    precision, scale = ty.digits
    limit = Decimal(10) ** (precision - scale)
    just_below_rounding_up = limit - Decimal(5).scaleb(-scale - 1)
    return st.sampled_from([limit, -limit, just_below_rounding_up, -just_below_rounding_up, limit * 1000])


def _range_mutations(table: Table, parents: Existing) -> list[Mutation]:
    return [(column_name(table, c.name), VerdictKind.RANGE, _setter(c.name, _out_of_range(c.type)))
            for c in table.columns if c.type.kind in RANGE_KINDS and (c.type.kind is not Kind.DECIMAL
                                                                      or c.type.precision is not None)]


RANGE_KINDS = INTEGER_KINDS | {Kind.DECIMAL, *_OUT_OF_RANGE}


def _enum_mutations(table: Table, parents: Existing) -> list[Mutation]:
    def outside(ty: ColumnType) -> st.SearchStrategy:
        near = [v.upper() for v in ty.enum_type.values] + [v + " " for v in ty.enum_type.values]
        return st.one_of(st.sampled_from(near), _strings(20)).filter(lambda v: v not in ty.enum_type.values)
    return [(column_name(table, c.name), VerdictKind.ENUM, _setter(c.name, outside(c.type)))
            for c in table.columns if c.type.kind is Kind.ENUM] + [
        (column_name(table, c.name), VerdictKind.ENUM, _setter(c.name, _not_members(c.type)))
        for c in table.columns if c.type.kind is Kind.SET]


def _not_members(ty: ColumnType) -> st.SearchStrategy[str]:
    """SET values naming a non-member: a member's case changed, an unknown word beside members.
    Not a member with trailing spaces (MySQL cuts them), not an empty part (``a,,b``)."""
    near = [m.upper() for m in ty.members if m.upper() != m] + ["nope", "x"]
    return st.tuples(st.sampled_from(near), st.lists(st.sampled_from(ty.members), max_size=2)).map(
        lambda p: ",".join([*p[1], p[0]])).filter(lambda v: value_problem(ty, v) is VerdictKind.ENUM)


def _json_mutations(table: Table, parents: Existing) -> list[Mutation]:
    def invalid(ty: ColumnType) -> st.SearchStrategy:
        return st.sampled_from(INVALID_JSON + (JSON_ONLY if ty.kind is Kind.JSONB else ()))
    return [(column_name(table, c.name), VerdictKind.JSON, _setter(c.name, invalid(c.type)))
            for c in table.columns if c.type.kind in (Kind.JSON, Kind.JSONB)]


def _check_mutation(table: Table, parents: Existing, expression: str) -> Callable[[Callable, dict], dict]:
    """Apply one branch of NOT(expression) to the columns the CHECK refers to."""
    refs, base = _refs(expression), _not_null_hints(table)
    negated = [{n: h for n, h in m.items() if n in refs and h != base.get(n, Hint())}
               for b in branches(expression, positive=False) if (m := merge_hints(base, b)) is not None]

    def mutate(draw: Callable, row: dict) -> dict:
        hints = (draw(st.sampled_from(negated)) if negated else {}) or {n: Hint() for n in refs}
        return {**row, **{n: draw(_column_for_mutant(table, n, h, parents)) for n, h in hints.items()}}
    return mutate


def _column_for_mutant(table: Table, name: str, hint: Hint, parents: Existing) -> st.SearchStrategy:
    fk = next((f for f in table.foreign_keys if f.columns == (name,)), None)
    if fk is not None and hint.null is not True:
        keys = [k[0] for k in parent_keys(table, fk, parents)]
        return st.sampled_from(keys) if keys else st.nothing()
    return _hinted(table, table.column(name), hint, nulls=hint.null is not False)


def _check_mutations(table: Table, parents: Existing) -> list[Mutation]:
    return [(c.name, VerdictKind.CHECK, _check_mutation(table, parents, c.expression)) for c in table.checks]


def _fk_mutations(table: Table, parents: Existing) -> list[Mutation]:
    def orphan(fk: ForeignKey) -> Callable[[Callable, dict], dict]:
        taken = set(parent_keys(table, fk, parents))
        keys = st.tuples(*(values(table.column(c)) for c in fk.columns)).filter(lambda k: k not in taken)
        return lambda draw, row: {**row, **dict(zip(fk.columns, draw(keys)))}
    return [(fk.name, VerdictKind.FOREIGN_KEY, orphan(fk)) for fk in table.foreign_keys]


def _donors(table: Table, columns: tuple[str, ...], where: Optional[str], parents: Existing) -> list[dict]:
    """The key (plus predicate columns) of each existing row that is inside the index."""
    full = [stored(table, r) for r in parents.of(table)]
    return [{c: r[c] for c in columns + _refs(where)} for r in full
            if None not in (r[c] for c in columns) and (where is None or evaluate(where, r, table) is True)]


def _key_mutations(table: Table, parents: Existing) -> list[Mutation]:
    """Copy a unique key (and a partial index's predicate columns) from an existing row."""
    out: list[Mutation] = []
    for name, kind, columns, where in unique_keys(table):
        donors = _donors(table, columns, where, parents)
        if donors:
            out.append((name, kind, _copy_from(donors)))
    return out


def _exclusion_mutations(table: Table, parents: Existing) -> list[Mutation]:
    """Copy the elements of an exclusion constraint `unique_keys` leaves out from an existing row that
    conflicts with itself (a non-empty range overlaps itself; a <> element never conflicts so)."""
    out: list[Mutation] = []
    for x, columns in other_exclusions(table):
        donors = [d for d in _donors(table, columns, x.where, parents)
                  if excludes(table, x, d, Existing({table.key: [d]}))]
        if donors:
            out.append((x.name, VerdictKind.EXCLUSION, _copy_from(donors)))
    return out


def _copy_from(donors: list[dict]) -> Callable[[Callable, dict], dict]:
    """mutate(draw, row): `row` with the columns of one of `donors`."""
    return lambda draw, row: {**row, **draw(st.sampled_from(donors))}


def _always_mutations(table: Table, parents: Existing) -> list[Mutation]:
    """An explicit value (a valid one) in an identity column GENERATED ALWAYS; not one of 1..n for n
    existing rows: their values are unknown (never given), and an engine that takes the value (SQLite)
    would find it held."""
    held = len(parents.of(table))
    return [(column_name(table, c.name), VerdictKind.GENERATED_ALWAYS,
             _setter(c.name, values(c).filter(lambda v: not 1 <= v <= held)))
            for c in table.columns if c.identity and c.identity_always]


def _partition_mutations(table: Table, parents: Existing) -> list[Mutation]:
    p = table.partitioning
    if p is None or not p.monthly:  # the explicit form is probed by checks.partitions.boundary_values
        return []
    first, last = _midnight(p.bounds()[0][1]), _midnight(p.bounds()[-1][2])
    outside = st.one_of(_timestamps(MIN_TS, first - _MICRO), _timestamps(last, MAX_TS))
    column = table.column(p.column)
    return [(table.qualified, VerdictKind.PARTITION,
             _setter(p.column, _aware(outside) if column.type.kind is Kind.TIMESTAMPTZ else outside))]


MUTANT_ATTEMPTS = 5  # a mutation can break a second constraint (a CHECK on the same column): retry

MUTATIONS = (_not_null_mutations, _check_mutations, _length_mutations, _range_mutations,
             _enum_mutations, _json_mutations, _fk_mutations, _key_mutations, _partition_mutations,
             _always_mutations, _exclusion_mutations)


def mutations(table: Table, parents: Optional[Existing] = None) -> list[tuple[str, VerdictKind]]:
    """(constraint, kind) of every single-constraint mutation `mutants` can make for `table`."""
    parents = parents or Existing()
    return [(name, kind) for make in MUTATIONS for name, kind, _ in make(table, parents)]


def mutants(table: Table, parents: Optional[Existing] = None,
            only: Optional[Iterable[str]] = None) -> st.SearchStrategy[tuple[str, dict]]:
    """(constraint name, row): a valid row changed to break exactly that one constraint.

    `only` restricts the constraints to break. Every mutant is verified:
    ``oracle.violations(table, row, parents)`` names that constraint and no other.
    """
    parents = parents or Existing()
    wanted = None if only is None else set(only)
    made = [m for make in MUTATIONS for m in make(table, parents) if wanted is None or m[0] in wanted]
    if not made:
        return st.nothing()

    @st.composite
    def draw(draw):
        name, kind, mutate = draw(st.sampled_from(made))
        for _ in range(MUTANT_ATTEMPTS):
            row = mutate(draw, draw(rows(table, parents)))
            if [(v.constraint, v.kind) for v in violations(table, row, parents)] == [(name, kind)]:
                return name, row
        reject()
    return draw()


# -- parent graphs ------------------------------------------------------------------------

def _references(schema: Schema, table: Table) -> list[tuple[tuple, bool]]:
    """(referenced table key, nullable) per foreign key to another table of `schema`."""
    keys = {t.key for t in schema.tables}
    return [(table.referenced_key(fk), _nullable(table, fk)) for fk in table.foreign_keys
            if table.referenced_key(fk) in keys and table.referenced_key(fk) != table.key]


def _ancestors(schema: Schema, tables: Iterable[Table]) -> set[tuple]:
    todo, seen = [t.key for t in tables], set()
    while todo:
        key = todo.pop()
        if key not in seen:
            seen.add(key)
            todo += [k for k, _ in _references(schema, schema.table(key[1], key[0]))]
    return seen


def insertion_order(schema: Schema, tables: Optional[Iterable[Table]] = None) -> list[Table]:
    """`tables` and every table they reference, parents first.

    A cycle is broken at a table whose unmet references are all nullable (left NULL).
    """
    wanted = _ancestors(schema, schema.tables if tables is None else tables)
    todo, order, done = [t for t in schema.tables if t.key in wanted], [], set()
    while todo:
        ready = [t for t in todo if all(k in done for k, _ in _references(schema, t))] or \
                [t for t in todo if all(k in done or null for k, null in _references(schema, t))][:1]
        if not ready:
            raise OracleError(f"NOT NULL foreign-key cycle among {', '.join(t.qualified for t in todo)}")
        order += ready
        done |= {t.key for t in ready}
        todo = [t for t in todo if t.key not in done]
    return order


def _with_identity(table: Table, row: dict, made: Existing) -> dict:
    """`row` with the value each omitted identity column takes, made explicit; not for a GENERATED
    ALWAYS one, which refuses an explicit value: its rows' values stay unknown (and unreferenced)."""
    return {**row, **{c.name: made.next_identity(table, c.name)
                      for c in table.columns if c.identity and not c.identity_always and c.name not in row}}


def graph(schema: Schema, tables: Optional[Iterable[Table]] = None,
          max_rows: int = 3) -> st.SearchStrategy[Existing]:
    """Existing rows for `tables` (default: all) and their ancestors, parents first.

    1..max_rows rows per table; identity values are explicit so children can
    reference them; each row is accepted by the oracle against the rows before it.
    """
    order = insertion_order(schema, tables)

    @st.composite
    def draw(draw):
        made = Existing()
        for t in order:
            for _ in range(draw(st.integers(1, max_rows))):
                if not feasible(t, made):
                    break
                made.add(t, _with_identity(t, draw(rows(t, made)), made))
        return made
    return draw()
