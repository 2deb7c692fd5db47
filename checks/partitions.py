"""Partition routing: does each row land in the partition the model predicts?

The model (`schema.model.Partitioning`) says a timestamp lands in the month
partition whose [lower, upper) range holds its UTC instant, and that a row
outside every partition is *rejected*. `check_routing` inserts one row per
timestamp (each in its own transaction, rolled back), asks the engine where
it stored it (PostgreSQL: ``tableoid``; MySQL: partition selection) and
compares:

- PostgreSQL has no default partition: an outside row fails with "no
  partition of relation ... found for row";
- MySQL/MariaDB reject a row above the last bound ("Table has no partition
  for value") and below the first through the implied CHECK
  ``sk_<table>_<column>_partition`` (RANGE partitioning would otherwise put it
  in the first partition), or, once months were archived, its guard (a trigger
  pair failing with the CHECK's error: dialects/mysql/partitions.py);
- SQLite has no partitions (``SL-PARTITION``): every row is simply stored in
  the table, which the check asserts, reporting the result as degraded.

The explicit forms (`Partitioning.partitions`: RANGE with arbitrary bounds,
LIST, HASH, a DEFAULT partition, no partitions yet) are probed at their
bounds and listed values (`boundary_values`); the prediction is the lowered
model's for the engine (MariaDB's MY-RANGEDEFAULT, MY-PARTNONE), and for HASH
only that the row lands in some partition: which one is the engine's hash
function's business.

A rejection for any other reason (a foreign key, a CHECK) never counts as the
predicted rejection.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

from schemakit import dialects
from schemakit.dialects import explain as plans
from schemakit.dialects.base import DegradationCategory, short_name
from schemakit.schema.model import INTEGER_KINDS, Kind, PartitionMethod, Partitioning, Schema, Table
from schemakit.schema.values import utc_naive

from .engines import Engine
from .load import uuid_for
from .oracle import VerdictKind

UTC = _dt.timezone.utc
MICRO = _dt.timedelta(microseconds=1)
# The same instants written at other UTC offsets: a bound must not move with the writer's zone.
OFFSETS = (_dt.timezone(_dt.timedelta(hours=5, minutes=30)), _dt.timezone(_dt.timedelta(hours=-8)))
PROBE_ID_BASE = 10**9  # ids of probe rows: far from the generated rows' ids


@dataclass(frozen=True)
class Routed:
    """Where one row went: `expected` by the model (as this engine holds it), `landed` on the engine.

    A name is a partition (or, on an engine without partitions, the table);
    None is a rejection, whose message `error` holds. `model` is the model's
    own partition (None: outside every partition), also where the engine has none.
    """

    value: Any  # a datetime for the monthly form; any bound type for the explicit form
    model: Optional[str]
    expected: Optional[str]
    landed: Optional[str]
    error: Optional[str] = None
    partition_error: bool = False

    @property
    def agrees(self) -> bool:
        """Stored where expected, or rejected as expected *for fitting no partition*."""
        return self.expected == self.landed and (self.landed is not None or self.partition_error)

    def __str__(self) -> str:
        got = self.landed or (f"rejected ({self.error})" if self.error else "rejected")
        value = self.value.isoformat() if isinstance(self.value, _dt.date) else repr(self.value)
        return f"{value}: expected {self.expected or 'rejected'}, engine {got}"


@dataclass(frozen=True)
class RoutingReport:
    """Routing of every probed value of one table on one engine."""

    engine: str
    table: str
    status: str  # "ok" | "degraded" | "failed"
    codes: tuple[str, ...]
    results: tuple[Routed, ...]

    @property
    def mismatches(self) -> list[Routed]:
        """The rows the engine routed (or rejected) otherwise than the model predicts."""
        return [r for r in self.results if not r.agrees]

    def __str__(self) -> str:
        head = f"{self.engine}: {self.table}: {self.status}" + (f" [{', '.join(self.codes)}]" if self.codes else "")
        lines = [head, f"  {len(self.results)} rows, {len(self.mismatches)} mismatches"]
        return "\n".join(lines + [f"  {m}" for m in self.mismatches[:20]])


# -- values ---------------------------------------------------------------------------------

def _midnight(d: _dt.date) -> _dt.datetime:
    return _dt.datetime(d.year, d.month, d.day, tzinfo=UTC)


def boundary_values(p: Partitioning) -> list:
    """Every partition's exact bounds and their neighbours (a microsecond, a day), its middle,
    the lower bound written at another UTC offset, and values outside every partition.
    The explicit form: each bound and its neighbours, each listed value and one listed nowhere,
    and for HASH a spread of values."""
    if not p.monthly:
        return _explicit_values(p)
    out = []
    for n, (_suffix, lo, hi) in enumerate(p.bounds()):
        start, end = _midnight(lo), _midnight(hi)
        out += [start, start - MICRO, end - MICRO, end - _dt.timedelta(days=1)]
        out += [start + _dt.timedelta(days=14, hours=7), start.astimezone(OFFSETS[n % len(OFFSETS)])]
    first, last = _midnight(p.bounds()[0][1]), _midnight(p.bounds()[-1][2])
    out += [last, last + MICRO, last.astimezone(OFFSETS[0]), first - _dt.timedelta(days=3650),
            last + _dt.timedelta(days=3650)]
    return list({v.isoformat(): v for v in out}.values())  # one probe per instant and offset


def _explicit_values(p: Partitioning) -> list:
    bounds = [b for _, lo, hi in p.ranges() for b in (lo, hi) if b is not None]
    values = [v for s in p.partitions for v in s.values]
    out: list = []
    for b in bounds:
        out += [_step(b, -1), b, _step(b, 1)]
    if values:
        out += values + [_unlisted(values)]
    if p.method is PartitionMethod.HASH or not p.partitions:
        out += [0, 1, 2, 3, 17, -5, 10**6]
    if p.method is PartitionMethod.RANGE and bounds:
        out += [_step(bounds[0], -3650), _step(bounds[-1], 3650)]
    return list({(type(v).__name__, v): v for v in out}.values())


def _step(v: Any, n: int) -> Any:
    """The neighbour `n` steps from `v`: a microsecond of a timestamp, a day of a date, one of a number;
    text gains (or loses) a character."""
    if isinstance(v, _dt.datetime):
        return v + n * MICRO
    if isinstance(v, _dt.date):
        return v + _dt.timedelta(days=n)
    if isinstance(v, int):
        return v + n
    return v + "~" if n > 0 else v[:-1]


def _unlisted(values: list) -> Any:
    return _step(max(values), 1)


def as_column_value(table: Table, value: Any) -> Any:
    """`value` as the partition column takes it: aware for timestamptz, UTC-naive for timestamp;
    a value of the explicit form's HASH probes as the column's type (numbers, or their text)."""
    column = table.column(table.partition_by.column)
    if not isinstance(value, _dt.datetime):
        if isinstance(value, int) and column.type.kind not in INTEGER_KINDS:
            return _hash_probe(column.type.kind, value)
        return value
    return value if column.type.kind is Kind.TIMESTAMPTZ else utc_naive(value)


def _hash_probe(kind: Kind, n: int) -> Any:
    if kind is Kind.DATE:
        return _dt.date(2000, 1, 1) + _dt.timedelta(days=n)
    if kind in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ):
        return _dt.datetime(2000, 1, 1) + _dt.timedelta(hours=n)
    return f"k{n}"


# -- the model's prediction -------------------------------------------------------------------

def predicted_suffix(p: Partitioning, value: Any) -> Optional[str]:
    """The model's partition suffix for `value`, compared as a UTC instant (sessions run in UTC);
    for the explicit form, the partition's name."""
    return p.partition_for(value)


def partition_name(engine: str, table: Table, suffix: str) -> str:
    """The dialects' partition name ``<table>_YYYY_MM``, shortened to the engine's identifier limit;
    for the explicit form the partition's own name (`suffix`)."""
    if table.partitioning is not None and not table.partitioning.monthly:
        return suffix
    return short_name(f"{table.name}_{suffix}", dialects.get(engine).max_identifier_length)


# -- the check --------------------------------------------------------------------------------

def check_routing(engine: str, conn: Any, schema: Schema, table: Table, base_row: dict,
                  values: Iterable[Any]) -> RoutingReport:
    """Insert `base_row` once per value of the partition column and compare where it lands.

    `base_row` must be a row the table accepts (its parents already stored);
    each probe gets a fresh primary key and runs in a savepoint that is rolled
    back, inside one transaction rolled back at the end: the table is left as
    it was. A rejection is classified by the engine's error rules
    (``checks.verdicts.<engine>``).
    """
    if table.partitioning is None:
        raise ValueError(f"{table.qualified} is not partitioned in the model")
    codes, held = _codes(engine, schema, table)
    live = Engine(engine, conn, schema)
    live.begin()
    try:
        results = tuple(_probe(live, table, held, base_row, as_column_value(table, v), n, codes)
                        for n, v in enumerate(values))
    finally:
        live.rollback()
    status = "failed" if any(not r.agrees for r in results) else ("degraded" if codes else "ok")
    return RoutingReport(engine, table.qualified, status, codes, results)


def _codes(engine: str, schema: Schema, table: Table) -> tuple[tuple[str, ...], Optional[Partitioning]]:
    """Degradation codes that remove or change `table`'s partitioning on `engine` (category NO_PARTITIONS:
    SL-PARTITION, MY-PARTNONE; or, where the lowered partitioning differs from the model's, the codes on the
    partition column: MY-RANGEDEFAULT), and the partitioning the engine holds (None: none)."""
    lowered = dialects.get(engine).lower(schema)
    held = lowered.schema.table(table.name, table.namespace).partitioning
    column = table.partition_by.column
    found = [g for g in lowered.degradations if g.table == table.qualified and g.subject == column]
    codes = {g.code for g in found if g.category is DegradationCategory.NO_PARTITIONS}
    if held is not None and held != table.partitioning:
        codes |= {g.code for g in found if g.category.changes_schema}
    return tuple(sorted(codes)), held


def _probe(live: Engine, table: Table, held: Optional[Partitioning], base_row: dict, value: Any, n: int,
           codes: Sequence[str]) -> Routed:
    row = {**base_row, **_fresh_key(table, n), table.partition_by.column: value}
    suffix = predicted_suffix(table.partition_by, value)
    model = None if suffix is None else partition_name(live.name, table, suffix)
    if held is None:
        expected: Optional[str] = table.name
    else:
        suffix = predicted_suffix(held, value)
        expected = None if suffix is None else partition_name(live.name, table, suffix)
    verdict = live.hold(table, row)
    if not verdict.accepted:
        return Routed(value, model, expected, None, f"by {verdict.constraint} ({verdict.kind})",
                      verdict.kind == VerdictKind.PARTITION)
    key = live.adapt(table, {c: row[c] for c in table.primary_key})
    try:
        landed = plans.reader(live.name).route(live.conn, table, key)
    finally:
        live.settle(False)
    if held is not None and held.method is PartitionMethod.HASH and expected is not None and landed in held.names:
        expected = landed  # some partition: the engine's hash function chooses which
    return Routed(value, model, expected, landed)


def _fresh_key(table: Table, n: int) -> dict:
    """New values for the primary key columns other than the partition column."""
    out = {}
    for c in table.primary_key:
        column = table.column(c)
        if c != table.partition_by.column:
            out[c] = uuid_for(PROBE_ID_BASE + n) if column.type.kind is Kind.UUID else PROBE_ID_BASE + n
    return out
