"""Index usage: does each engine serve an access pattern through the index the model names?

An `AccessPattern` is canonical SQL (PostgreSQL-flavoured, literals for
parameters) plus the index that must serve it. `check_pattern` renders the
SQL for an engine with sqlglot, reads the engine's plan into the normalized
`dialects.explain.Plan` and judges it:

- ``ok``: every read of the pattern's table goes through the named index,
  and on a partitioned table exactly the partitions its WHERE clause selects
  are read (partition pruning);
- ``degraded``: a listed degradation explains what differs, and its code is
  given; its category (`dialects.base.DegradationCategory`) says what to hold
  the engine to: the index was changed (APPROXIMATED, e.g. ``MY-PARTIAL``, a
  full index: it must still be used), dropped (DROPPED, e.g. ``MY-GIN``,
  ``SL-GIN``: it must be absent from the live database too), kept but
  NOT_INDEXABLE (``MY-PARTIALUNIQUE``, over generated columns: the plan must
  not pretend to use it), or there are no partitions to prune (NO_PARTITIONS,
  ``SL-PARTITION``);
- ``failed``: anything else: the index is not used, partitions are not pruned,
  the query cannot be rendered.

The data behind a plan must be realistic (see `checks.load`) and analyzed.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Optional

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect as SqlglotDialect
from sqlglot.errors import ErrorLevel, SqlglotError

from schemakit import dialects
from schemakit.dialects import explain as plans
from schemakit.dialects.base import Degradation, DegradationCategory, short_name
from schemakit.dialects.explain import Plan
from schemakit.schema.expr import CANONICAL
from schemakit.schema.model import AccessPattern, Schema, Table
from schemakit.schema.values import utc_naive

DROPPED = DegradationCategory.DROPPED  # the index is not on the engine at all
UNUSABLE = DegradationCategory.NOT_INDEXABLE  # the index exists, but not over the columns the query names
NO_PARTITIONS = DegradationCategory.NO_PARTITIONS


@dataclass(frozen=True)
class PatternResult:
    """The verdict on one access pattern on one engine."""

    pattern: AccessPattern
    engine: str
    status: str  # "ok" | "degraded" | "failed"
    message: str
    codes: tuple[str, ...] = ()
    sql: Optional[str] = None
    plan: Optional[Plan] = field(default=None, compare=False)
    partitions: Optional[tuple[tuple[str, ...], tuple[str, ...]]] = None  # (expected, read)

    def __str__(self) -> str:
        codes = f" [{', '.join(self.codes)}]" if self.codes else ""
        return f"{self.engine}: {self.pattern.name} -> {self.pattern.index}: {self.status}{codes}: {self.message}"


# -- rendering ------------------------------------------------------------------------------

def render(pattern: AccessPattern, engine: str) -> str:
    """The pattern's SQL for `engine`: identifiers quoted, NULLs sorted the engine's own way.

    sqlglot emulates PostgreSQL's NULL ordering elsewhere (``ORDER BY CASE WHEN
    x IS NULL ...`` on MySQL, ``NULLS LAST`` on SQLite), which no index can
    serve; an access pattern asks which index serves the query, so each
    engine keeps its native order. Raises sqlglot's UnsupportedError for SQL
    the engine cannot express (an array containment on MySQL).
    """
    target = dialects.get(engine).sqlglot_dialect
    tree = sqlglot.parse_one(pattern.sql, read=CANONICAL).copy()
    for ident in tree.find_all(exp.Identifier):
        ident.set("quoted", True)
    if pattern.namespace:
        for t in tree.find_all(exp.Table):
            if t.name == pattern.table and not t.args.get("db"):
                t.set("db", exp.to_identifier(pattern.namespace, quoted=True))
    for o in tree.find_all(exp.Ordered):
        o.set("nulls_first", _native_nulls_first(target, bool(o.args.get("desc"))))
    return tree.sql(dialect=target, unsupported_level=ErrorLevel.RAISE)


def _native_nulls_first(target: str, desc: bool) -> bool:
    ordering = SqlglotDialect.get_or_raise(target).NULL_ORDERING
    return {"nulls_are_small": not desc, "nulls_are_large": desc}.get(ordering, False)


# -- expected partitions --------------------------------------------------------------------

def expected_partitions(table: Table, sql: str, engine: str) -> Optional[tuple[str, ...]]:
    """The partitions a pruning engine reads for `sql`; None when `table` is unpartitioned.

    Conjuncts of the top-level WHERE comparing the partition column with a
    literal (=, <, <=, >, >=, BETWEEN) narrow the range; anything else keeps
    every partition (no pruning claimed).
    """
    p = table.partitioning
    if p is None:
        return None
    if not p.monthly:  # the explicit form: every partition (no pruning claimed)
        return p.names
    lo, hi = _range(sqlglot.parse_one(sql, read=CANONICAL), p.column)
    limit = dialects.get(engine).max_identifier_length
    return tuple(short_name(f"{table.name}_{suffix}", limit) for suffix, plo, phi in p.bounds()
                 if (lo is None or lo < _midnight(phi)) and (hi is None or _midnight(plo) < hi))


def _midnight(d: _dt.date) -> _dt.datetime:
    return _dt.datetime(d.year, d.month, d.day)


def _range(tree: exp.Expr, column: str) -> tuple[Optional[_dt.datetime], Optional[_dt.datetime]]:
    """[lo, hi) of `column` the WHERE clause allows (None: unbounded)."""
    where = tree.args.get("where")
    lo: Optional[_dt.datetime] = None
    hi: Optional[_dt.datetime] = None
    micro = _dt.timedelta(microseconds=1)
    for term in (where.this.flatten() if where and isinstance(where.this, exp.And) else [where.this] if where else []):
        for op, value in _bounds(term, column):
            if op in (">=", ">", "="):
                v = value + micro if op == ">" else value
                lo = v if lo is None else max(lo, v)
            if op in ("<", "<=", "="):
                v = value + micro if op in ("<=", "=") else value
                hi = v if hi is None else min(hi, v)
    return lo, hi


_OPS: dict[type[exp.Expr], str] = {exp.GTE: ">=", exp.GT: ">", exp.LT: "<", exp.LTE: "<=", exp.EQ: "="}
_FLIP = {">=": "<=", ">": "<", "<": ">", "<=": ">=", "=": "="}


def _bounds(term: exp.Expr, column: str) -> list[tuple[str, _dt.datetime]]:
    """(operator, value) with the column on the left, for a comparison or BETWEEN on `column` with a
    timestamp literal (a bound of another kind narrows nothing)."""
    if isinstance(term, exp.Between) and _is_column(term.this, column):
        low, high = _timestamp(term.args["low"]), _timestamp(term.args["high"])
        return [(op, v) for op, v in ((">=", low), ("<=", high)) if v is not None]
    op = _OPS.get(type(term))
    if op is None:
        return []
    if _is_column(term.this, column):
        value = _timestamp(term.expression)
        if value is not None:
            return [(op, value)]
    if _is_column(term.expression, column):
        value = _timestamp(term.this)
        if value is not None:
            return [(_FLIP[op], value)]
    return []


def _is_column(node: exp.Expression, column: str) -> bool:
    return isinstance(node, exp.Column) and node.name == column


def _timestamp(node: exp.Expression) -> Optional[_dt.datetime]:
    """A string literal as a UTC-naive instant (sessions run in UTC)."""
    if isinstance(node, exp.Cast):
        node = node.this
    if not (isinstance(node, exp.Literal) and node.is_string):
        return None
    text = node.this.replace(" ", "T", 1)
    text = text + ":00" if len(text) > 19 and text[-3] in "+-" else text  # '+00' -> '+00:00'
    return utc_naive(_dt.datetime.fromisoformat(text))


# -- judging ----------------------------------------------------------------------------------

def degradations(engine: str, schema: Schema, table: Table, index: str) -> list[Degradation]:
    """The listed degradations of `engine` about `index` of `table`, or about its partitioning."""
    found = list(dialects.get(engine).lower(schema).degradations)
    found += plans.reader(engine).plan_degradations(schema)
    column = table.partitioning.column if table.partitioning else None
    return [g for g in found if g.table == table.qualified
            and (g.subject == index or (g.category is NO_PARTITIONS and g.subject == column))]


def check_pattern(engine: str, conn: Any, schema: Schema, pattern: AccessPattern) -> PatternResult:
    """Explain `pattern` on `conn` (loaded with realistic rows and analyzed) and judge the plan."""
    table = schema.table(pattern.table, pattern.namespace)
    found = degradations(engine, schema, table, pattern.index)
    codes = tuple(sorted({g.code for g in found}))
    reader = plans.reader(engine)
    if any(g.category is DROPPED and g.subject == pattern.index for g in found):
        return _dropped(engine, conn, table, pattern, codes, reader)
    try:
        sql = render(pattern, engine)
    except SqlglotError as e:
        return PatternResult(pattern, engine, "failed", f"cannot render the SQL: {e}", codes)
    plan = reader.explain(conn, sql)
    unusable = tuple(sorted({g.code for g in found if g.category is UNUSABLE}))
    return _judge(engine, conn, table, pattern, sql, plan, codes, unusable, reader)


def _dropped(engine, conn, table, pattern, codes, reader) -> PatternResult:
    """The lowering dropped the index: it must be absent from the live database as well."""
    live = reader.index_names(conn, table)
    if pattern.index in live:
        return PatternResult(pattern, engine, "failed", f"{pattern.index} is listed as dropped "
                             f"({', '.join(codes)}) but exists on the live database", codes)
    return PatternResult(pattern, engine, "degraded", f"{pattern.index} does not exist on {engine} "
                         "(dropped by the lowering): the pattern is served without it; the query is not run", codes)


def _judge(engine, conn, table, pattern, sql, plan, codes, unusable, reader) -> PatternResult:
    reads = [n for n in plan.nodes if n.table in (table.name, table.qualified)]
    used = bool(reads) and all(n.index == pattern.index for n in reads)
    effective = dialects.get(engine).lower(Schema((table,))).schema.tables[0]
    expected = expected_partitions(effective, pattern.sql, engine)
    read = plan.partitions(table.qualified) or plan.partitions(table.name)
    parts = None if expected is None else (expected, tuple(sorted(read or ())))
    problems = _problems(pattern, plan, reads, used, unusable, parts, conn, table, reader)
    kept = tuple(c for c in codes if c not in unusable or not used)
    if problems:
        return PatternResult(pattern, engine, "failed", "; ".join(problems), kept, sql, plan, parts)
    status = "degraded" if kept else "ok"
    return PatternResult(pattern, engine, status, f"plan: {plan}", kept, sql, plan, parts)


def _problems(pattern, plan, reads, used, unusable, parts, conn, table, reader) -> list[str]:
    out = []
    if not used and not unusable:
        out.append(f"{pattern.index} not used: plan {plan}")
        if pattern.index not in reader.index_names(conn, table):
            out.append(f"{pattern.index} does not exist on the live database")
    if unusable and not used and any(n.index == pattern.index for n in reads):
        out.append(f"{pattern.index} partly used despite {unusable}: plan {plan}")
    if parts is not None and set(parts[0]) != set(parts[1]):
        out.append(f"partitions read {list(parts[1])}, the model prunes to {list(parts[0])}")
    return out
