"""PostgreSQL: plans, statistics, partition routing and bulk loading for the checks.

- `explain` runs ``EXPLAIN (FORMAT JSON, VERBOSE)`` and reads every node that
  names a relation (Seq Scan, Index [Only] Scan, Bitmap Heap Scan with its
  Bitmap Index Scans) into a `dialects.explain.Plan`. A partition is reported
  under its partitioned table, its index under the partitioned index it is
  attached to (pg_inherits holds both links:
  https://www.postgresql.org/docs/15/catalog-pg-inherits.html), so the plan
  speaks of model names only.
- `route` reads ``tableoid``, the partition a row is stored in
  (https://www.postgresql.org/docs/15/ddl-system-columns.html).
- `bulk_insert` uses COPY (https://www.postgresql.org/docs/15/populate.html).
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Optional, Sequence

from psycopg.pq import TransactionStatus

from schemakit.schema.model import Table

from ..explain import PRIMARY_KEY, Plan, PlanNode, merge, node
from .. import registry

ENGINE = "postgres"


def _dialect() -> Any:
    """The postgres dialect (through the registry: the dialect imports this module, not the reverse)."""
    return registry.get(ENGINE)


DEFAULT_NAMESPACE = "public"

# Literal timestamps in access patterns are UTC (the dialect's session, `PostgresDialect.prepare_session`).
# No planner setting is changed: with realistic volumes and fresh statistics the default costs choose
# the intended indexes.

_CHILDREN = """
SELECT cn.nspname, c.relname, pn.nspname, p.relname
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
"""
_PRIMARY = """
SELECT n.nspname, c.relname FROM pg_index x
JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE x.indisprimary AND n.nspname NOT IN ('pg_catalog', 'information_schema')
"""
_INDEXES = """
SELECT c.relname, x.indisprimary FROM pg_index x
JOIN pg_class c ON c.oid = x.indexrelid
WHERE x.indrelid = %s::regclass
"""
_PARTITIONS = """
SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = %s::regclass
ORDER BY pg_get_expr(c.relpartbound, c.oid)
"""


def prepare(conn: Any) -> None:
    """Session settings of the checks: the UTC time zone (https://www.postgresql.org/docs/15/datatype-datetime.html)."""
    _dialect().prepare_session(conn)
    conn.commit()


def _qualified(namespace: str, name: str) -> str:
    return name if namespace == DEFAULT_NAMESPACE else f"{namespace}.{name}"


class _Catalog:
    """Which relations are partitions (of what) and which indexes are primary keys."""

    def __init__(self, conn: Any):
        self.parent = {(cn, c): (pn, p) for cn, c, pn, p in conn.execute(_CHILDREN).fetchall()}
        self.primary = {(n, c) for n, c in conn.execute(_PRIMARY).fetchall()}

    def top(self, namespace: str, name: str) -> tuple[str, str]:
        """The partitioned table (or index) at the root of `name`, or `name` itself."""
        key = (namespace, name)
        while key in self.parent:
            key = self.parent[key]
        return key

    def read(self, namespace: str, relation: str, index: Optional[str]) -> PlanNode:
        """One scan of `relation` through `index` (None: sequential), in model names."""
        table = self.top(namespace, relation)
        parts = [relation] if table != (namespace, relation) else None
        if index is None:
            return node(_qualified(*table), None, partitions=parts)
        primary = (namespace, index) in self.primary
        return node(_qualified(*table), self.top(namespace, index)[1], primary, parts)


def _read(conn: Any, fn: Callable[[], Any]) -> Any:
    """fn() on `conn`, ending the transaction it opened (never one the caller has open)."""
    idle = conn.info.transaction_status == TransactionStatus.IDLE
    try:
        return fn()
    finally:
        if idle:
            conn.rollback()


def explain(conn: Any, sql: str) -> Plan:
    """The normalized plan of `sql` (rendered for PostgreSQL)."""
    def read():
        raw = conn.execute(f"EXPLAIN (FORMAT JSON, VERBOSE) {sql}").fetchone()[0]
        return (json.loads(raw) if isinstance(raw, str) else raw), _Catalog(conn)
    raw, catalog = _read(conn, read)
    return Plan(merge(list(_reads(raw[0]["Plan"], catalog))), raw)


def _reads(plan: dict, catalog: _Catalog) -> Iterable[PlanNode]:
    """Every relation scan under `plan`, depth first."""
    if "Relation Name" in plan:
        ns, rel = plan.get("Schema", DEFAULT_NAMESPACE), plan["Relation Name"]
        indexes = [plan["Index Name"]] if "Index Name" in plan else _bitmap_indexes(plan)
        for index in indexes or [None]:
            yield catalog.read(ns, rel, index)
    for child in plan.get("Plans", ()):
        if child.get("Node Type") != "Bitmap Index Scan":
            yield from _reads(child, catalog)


def _bitmap_indexes(plan: dict) -> list[str]:
    """The indexes of the Bitmap Index Scans under a Bitmap Heap Scan (through BitmapAnd/Or)."""
    out = []
    for child in plan.get("Plans", ()):
        if child.get("Node Type") == "Bitmap Index Scan":
            out.append(child["Index Name"])
        elif child.get("Node Type") in ("BitmapAnd", "BitmapOr"):
            out += _bitmap_indexes(child)
    return out


def analyze(conn: Any, tables: Sequence[Table]) -> None:
    """ANALYZE each table (a partitioned one: the whole and each partition)."""
    for t in tables:
        conn.execute(f"ANALYZE {_dialect().table_name(t)}")
    conn.commit()


def index_names(conn: Any, table: Table) -> set[str]:
    """The indexes the live table has, in model names (its primary key as ``primary_key``)."""
    rows = _read(conn, lambda: conn.execute(_INDEXES, (_dialect().table_name(table),)).fetchall())
    return {PRIMARY_KEY if primary else name for name, primary in rows}


def partitions(conn: Any, table: Table) -> list[str]:
    """The partitions of the live table, ordered by their bounds ([] when unpartitioned)."""
    return [r[0] for r in _read(conn, lambda: conn.execute(_PARTITIONS, (_dialect().table_name(table),)).fetchall())]


def route(conn: Any, table: Table, key: dict) -> Optional[str]:
    """The partition (or the table itself) storing the row whose primary key is `key`; None: no row.

    `key` values are as the driver takes them (see `Dialect.value_adapters`).
    """
    where = " AND ".join(f"t.{_dialect().quote(c)} = %s" for c in key)
    sql = (f"SELECT c.relname FROM {_dialect().table_name(table)} t JOIN pg_class c ON c.oid = t.tableoid "
           f"WHERE {where}")
    found = conn.execute(sql, tuple(key.values())).fetchall()
    return found[0][0] if found else None


def bulk_insert(conn: Any, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """COPY `rows` (tuples in `columns` order) into `table`, then commit."""
    cols = ", ".join(_dialect().quote(c) for c in columns)
    with conn.cursor() as cur:
        with cur.copy(f"COPY {_dialect().table_name(table)} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    conn.commit()


def plan_degradations(schema) -> list:
    """Indexes kept but unusable by queries on the model's columns: none on this engine."""
    return []
