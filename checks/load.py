"""Realistic volumes: tens of thousands of valid rows, made fast and deterministically, bulk-loaded.

Drawing 20,000 rows one by one from `checks.strategies.rows` takes minutes,
so a table's rows are made from a few dozen *templates* drawn from it (the
same hypothesis strategy, seeded) and then varied where volume matters:

- every key is made unique: identity and uuid primary keys count rows
  (row ``i`` of every uuid-keyed table has id ``uuid_for(i + 1)``, so an
  access pattern can name "scene 7" as ``'00000000-0000-4000-8000-000000000007'``),
  one column of each other unique key too, unless a `Volume` distributes it;
- foreign keys spread uniformly over all parent rows (a unique foreign key
  takes each parent at most once);
- a `Volume` sets the distributions a query's selectivity depends on
  (`choice`, `per_group`, `first_in_group`, `timestamps`, `days`, `tags`).

A sample of the rows goes through the oracle against their parents and
every unique key is checked over all rows: a generated row the model
rejects is a `GenerationError`, never a surprise at load time.
"""
from __future__ import annotations

import datetime as _dt
import random
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence

from hypothesis import HealthCheck, Phase, given, seed as hseed, settings

from schemakit import dialects
from schemakit.dialects import explain as plans
from schemakit.dialects.urls import DbUrl
from schemakit.schema.model import BINARY_KINDS, FLOAT_KINDS, INTEGER_KINDS, DefaultKind, Kind, Schema, Table

from .oracle import UTC, Existing, evaluate, literal_value, violations
from .strategies import insertion_order, rows as row_strategy, unique_keys

FIXED_NOW = _dt.datetime(2026, 11, 15, 12, 0, tzinfo=UTC)  # what NOW() defaults become: deterministic
TEMPLATES = 24  # rows drawn from the strategy per table
SAMPLE = 200  # generated rows per table checked by the oracle
PARENT_ROWS = 20  # rows of a table no Volume names (a parent)

Dist = Callable[[random.Random, int, dict, dict], Any]  # (rng, row number, row so far, state) -> value


class GenerationError(AssertionError):
    """The generator made a row the model rejects (a Volume's distribution is not valid)."""


@dataclass(frozen=True)
class Volume:
    """`rows` rows of table `table`, with `columns` drawn from the given distributions."""

    table: str
    rows: int
    columns: Mapping[str, Dist] = field(default_factory=dict)
    namespace: Optional[str] = None


# -- distributions --------------------------------------------------------------------------

def uuid_for(n: int) -> str:
    """The n-th generated uuid: canonical text, version 4, variant 8."""
    return f"00000000-0000-4000-8000-{n:012x}"


def choice(values: Sequence[Any], weights: Optional[Sequence[float]] = None) -> Dist:
    """One of `values`, with `weights` (default: uniform)."""
    return lambda rng, i, row, state: rng.choices(values, weights)[0]


def per_group(column: str, start: int = 1) -> Dist:
    """1, 2, 3, ... counting the rows with the same `column` value (a sequence within a scene)."""
    def draw(rng, i, row, seen):
        seen[row[column]] = seen.get(row[column], start - 1) + 1
        return seen[row[column]]
    return draw


def first_in_group(column: str) -> Dist:
    """True for the first row of each `column` value, False after (the root node of a story)."""
    def draw(rng, i, row, seen):
        first = row[column] not in seen
        seen[row[column]] = True
        return first
    return draw


def timestamps(lo: _dt.datetime, hi: _dt.datetime, aware: bool = True) -> Dist:
    """Uniform in [lo, hi), whole microseconds; UTC-aware for timestamptz columns."""
    span = int((hi - lo).total_seconds() * 1_000_000)

    def draw(rng, i, row, state):
        v = lo + _dt.timedelta(microseconds=rng.randrange(span))
        return v.replace(tzinfo=UTC) if aware else v.replace(tzinfo=None)
    return draw


def days(lo: _dt.date, hi: _dt.date) -> Dist:
    """A date uniform in [lo, hi)."""
    return lambda rng, i, row, state: lo + _dt.timedelta(days=rng.randrange((hi - lo).days))


def tags(vocabulary: Sequence[str], most: int = 4, weights: Optional[Sequence[float]] = None) -> Dist:
    """A list of 1..`most` distinct words of `vocabulary`."""
    return lambda rng, i, row, state: sorted(set(rng.choices(vocabulary, weights, k=rng.randint(1, most))))


# -- generation -------------------------------------------------------------------------------

@dataclass
class Dataset:
    """Generated rows per table, in insertion order (parents first)."""

    tables: list[Table] = field(default_factory=list)
    rows: dict[tuple, list[dict]] = field(default_factory=dict)

    def of(self, table: Table) -> list[dict]:
        """The rows of `table`."""
        return self.rows.get(table.key, [])

    def existing(self, tables: Iterable[Table]) -> Existing:
        """The rows of `tables` as the oracle's Existing."""
        return Existing({t.key: self.of(t) for t in tables})

    @property
    def size(self) -> int:
        """Rows in all tables."""
        return sum(len(r) for r in self.rows.values())


def generate(schema: Schema, volumes: Sequence[Volume], seed: int = 0) -> Dataset:
    """Rows for the tables `volumes` name and every table they reference."""
    wanted = {(v.namespace, v.table): v for v in volumes}
    out = Dataset()
    for t in insertion_order(schema, [schema.table(v.table, v.namespace) for v in volumes]):
        volume = wanted.get(t.key, Volume(t.name, PARENT_ROWS, namespace=t.namespace))
        out.rows[t.key] = _table_rows(t, volume, out, random.Random(f"{seed}:{t.qualified}"), seed)
        out.tables.append(t)
        _validate(t, out)
    return out


def _table_rows(t: Table, volume: Volume, made: Dataset, rng: random.Random, seed: int) -> list[dict]:
    parents = {fk.name: [tuple(p[r] for r in fk.ref_columns) for p in made.rows.get(t.referenced_key(fk), [])]
               for fk in t.foreign_keys}
    count = min([volume.rows] + [len(parents[fk.name]) for fk in _unique_fks(t)])
    fresh, unique = _fresh_columns(t, volume), {fk.name for fk in _unique_fks(t)}
    shuffled = {name: rng.sample(keys, len(keys)) for name, keys in parents.items()}
    templates = draw_templates(t, made.existing(made.tables), seed)
    states: dict[str, dict] = {c: {} for c in volume.columns}
    out = []
    for i in range(count):
        row = dict(templates[i % len(templates)])
        for fk in t.foreign_keys:
            _set_parent(t, fk, row, shuffled[fk.name], i if fk.name in unique else rng.randrange(1 << 30))
        for c in t.columns:
            row[c.name] = _column_value(t, c, row, i, volume, fresh, rng, states)
        out.append(row)
    return out


def _unique_fks(t: Table) -> list:
    """Foreign keys whose columns hold a unique key: each parent is referenced at most once."""
    keys = [set(cols) for _, _, cols, where in unique_keys(t) if where is None]
    return [fk for fk in t.foreign_keys if any(k <= set(fk.columns) for k in keys)]


def _set_parent(t: Table, fk, row: dict, keys: list, pick: int) -> None:
    """Point `fk` at parent key number `pick` (modulo), or leave it NULL as the template has it."""
    if not keys or all(row.get(c) is None for c in fk.columns):
        if not keys and not all(t.column(c).nullable for c in fk.columns):
            raise GenerationError(f"{t.qualified}.{fk.name}: no parent rows to reference")
        row.update(dict.fromkeys(fk.columns))  # a parent not made yet (a broken cycle), or NULL kept
        return
    row.update(zip(fk.columns, keys[pick % len(keys)]))


def _fresh_columns(t: Table, volume: Volume) -> set[str]:
    """Columns given a unique value per row: one column of each unique key no Volume column covers."""
    fks = {c for fk in t.foreign_keys for c in fk.columns}
    out: set[str] = set()
    for _, _, cols, _where in unique_keys(t):
        free = [c for c in cols if c not in fks]
        if free and not set(cols) & (set(volume.columns) | out):
            out.add(free[0])
    return out


def _column_value(t: Table, c, row: dict, i: int, volume: Volume, fresh: set, rng: random.Random,
                  states: dict) -> Any:
    if c.name in volume.columns:
        return volume.columns[c.name](rng, i, row, states[c.name])
    if c.name in fresh:
        return _unique_value(t, c, i)
    if c.name in row:
        return row[c.name]
    return _default(c, i)


def _unique_value(t: Table, c, i: int) -> Any:
    """A value of `c` no other row gets: the row number in the column's type."""
    kind = c.type.kind
    if kind is Kind.UUID:
        return uuid_for(i + 1)
    if kind in INTEGER_KINDS and i + 1 <= c.type.int_range[1]:
        return i + 1
    if kind in (Kind.VARCHAR, Kind.TEXT, Kind.CHAR) and (c.type.length or 64) >= 12:
        return f"k{i:011d}"
    if kind in BINARY_KINDS and (c.type.length or 8) >= 8:
        return (i + 1).to_bytes(8, "big")
    if kind in FLOAT_KINDS:
        return float(i + 1)
    if kind in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ):
        v = FIXED_NOW - _dt.timedelta(seconds=i)
        return v if kind is Kind.TIMESTAMPTZ else v.replace(tzinfo=None)
    raise GenerationError(f"{t.qualified}.{c.name} ({c.type}): cannot make unique values; give a Volume column")


def _default(c, i: int) -> Any:
    """What the engine would put in an omitted column, made deterministic."""
    d = c.default
    if d is None:
        return None
    if d.kind is DefaultKind.LITERAL:
        return literal_value(c.type, d.value)
    if d.kind is DefaultKind.UUID4:
        return uuid_for(i + 1)
    now = {Kind.TIMESTAMPTZ: FIXED_NOW, Kind.DATE: FIXED_NOW.date()}
    return now.get(c.type.kind, FIXED_NOW.replace(tzinfo=None))


def draw_templates(t: Table, parents: Existing, seed: int, count: int = TEMPLATES) -> list[dict]:
    """`count` rows of `t` drawn from `checks.strategies.rows` with a fixed seed."""
    out: list[dict] = []
    small = Existing({k: rows[:PARENT_ROWS] for k, rows in parents.rows.items()})

    @hseed(seed)
    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(row_strategy(t, small))
    def collect(row):
        out.append(row)
    collect()
    if not out:
        raise GenerationError(f"{t.qualified}: the strategy drew no row")
    return out


# -- validation -----------------------------------------------------------------------------

def _validate(t: Table, made: Dataset) -> None:
    """Every unique key holds over all rows; a sample of rows is accepted by the oracle."""
    rows = made.of(t)
    for name, _kind, cols, where in unique_keys(t):
        seen: set = set()
        for r in rows:
            key = tuple(r[c] for c in cols)
            if None in key or (where is not None and evaluate(where, r, t) is not True):
                continue
            if key in seen:
                raise GenerationError(f"{t.qualified}: generated rows collide on {name} {key}")
            seen.add(key)
    parents = made.existing([p for p in made.tables if p.key != t.key])
    for r in rows[:: max(1, len(rows) // SAMPLE)]:
        found = violations(t, r, parents)
        if found:
            raise GenerationError(f"{t.qualified}: generated row rejected by {found[0].constraint}: {r}")


# -- loading ----------------------------------------------------------------------------------

def load(engine: str, conn: Any, data: Dataset, only: Optional[Iterable[str]] = None) -> dict[str, float]:
    """Bulk-insert `data` on `conn`, parents first, then gather statistics; seconds per table.

    `only`: the qualified names of the tables to load (default: all).
    """
    reader = plans.reader(engine)
    wanted = None if only is None else set(only)
    tables = [t for t in data.tables if wanted is None or t.qualified in wanted]
    timings = {}
    for t in tables:
        adapt = adapter(engine, t)
        started = time.perf_counter()
        reader.bulk_insert(conn, t, [c.name for c in t.columns], (adapt(r) for r in data.of(t)))
        timings[t.qualified] = time.perf_counter() - started
    reader.analyze(conn, tables)
    return timings


def adapter(engine: str, table: Table) -> Callable[[dict], tuple]:
    """Canonical row -> the driver's parameters in column order, by the engine's `Dialect.value_adapters`."""
    rules = dialects.get(engine).value_adapters
    steps = [(c.name, rules.get(c.type.kind)) for c in table.columns]
    return lambda row: tuple(v if f is None or v is None else f(v)
                             for v, f in ((row.get(n), f) for n, f in steps))


@contextmanager
def database(engine: str, server: Optional[DbUrl], schema: Schema) -> Iterator[Any]:
    """A connection to a new database holding `schema` (prepared for the checks), dropped afterwards.

    `server` is the admin URL of the engine's server; None for an engine without one
    (SQLite: a file in a temporary directory).
    """
    d = dialects.get(engine)
    with tempfile.TemporaryDirectory(prefix="sk_checks_") as tmp:
        name = f"sk_checks_{uuid.uuid4().hex[:10]}"
        url = d.create_database(server or DbUrl(d.name, database=tmp), name)
        try:
            conn = d.connect(url)
            try:
                d.apply(conn, d.ddl(schema)[0])
                plans.reader(engine).prepare(conn)
                yield conn
            finally:
                conn.close()
        finally:
            if server is not None:
                d.drop_database(server, name)
