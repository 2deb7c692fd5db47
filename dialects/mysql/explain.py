"""MySQL/MariaDB: plans, statistics, partition routing and bulk loading for the checks.

- `explain` runs ``EXPLAIN FORMAT=JSON`` and reads every ``table`` object,
  wherever MySQL or MariaDB nests it (nested_loop, ordering_operation,
  filesort, read_sorted_file, ...): its ``access_type``, ``key`` (or the keys
  of an ``index_merge``) and ``partitions``
  (https://mariadb.com/kb/en/explain-format-json/,
  https://dev.mysql.com/doc/refman/8.0/en/explain-output.html).
  ``ALL`` is a full scan; ``index`` reads a whole index in order, which is
  still the index serving the query (an ORDER BY ... LIMIT).
- `route` asks each partition with explicit partition selection,
  ``SELECT ... FROM t PARTITION (p)``
  (https://dev.mysql.com/doc/refman/8.0/en/partitioning-selection.html).
- `bulk_insert` is pymysql's executemany, which sends multi-row INSERTs.
- `plan_degradations` names indexes the lowering keeps but a query on the
  model's columns cannot use (see there).
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional, Sequence

from schemakit.schema.model import Schema, Table

from ..base import Degradation
from ..explain import PRIMARY_KEY, Plan, PlanNode, node
from .. import registry

ENGINE = "mysql"


def _dialect() -> Any:
    """The mysql dialect (through the registry: the dialect imports this module, not the reverse)."""
    return registry.get(ENGINE)


_INDEXES = ("SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS "
            "WHERE TABLE_SCHEMA = COALESCE(%s, DATABASE()) AND TABLE_NAME = %s")
_PARTITIONS = ("SELECT PARTITION_NAME FROM information_schema.PARTITIONS "
               "WHERE TABLE_SCHEMA = COALESCE(%s, DATABASE()) AND TABLE_NAME = %s "
               "AND PARTITION_NAME IS NOT NULL ORDER BY PARTITION_ORDINAL_POSITION")


def prepare(conn: Any) -> None:
    """Nothing beyond the dialect's session (strict sql_mode, time_zone '+00:00')."""


def _query(conn: Any, sql: str, args: tuple = ()) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(sql, args)
        return list(cur.fetchall())


def explain(conn: Any, sql: str) -> Plan:
    """The normalized plan of `sql` (rendered for MySQL)."""
    raw = json.loads(_query(conn, f"EXPLAIN FORMAT=JSON {sql}")[0][0])
    return Plan(tuple(_reads(raw)), raw)


def _reads(obj: Any) -> Iterable[PlanNode]:
    """Every table access under `obj`, in document order."""
    if isinstance(obj, list):
        for item in obj:
            yield from _reads(item)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            if key == "table" and isinstance(value, dict) and "table_name" in value:
                yield from _table(value)
                yield from _reads(_nested(value))
            else:
                yield from _reads(value)


def _nested(table: dict) -> list:
    """Subqueries attached to a table access (materialized, attached_subqueries)."""
    return [v for k, v in table.items() if isinstance(v, (dict, list))]


def _table(t: dict) -> Iterable[PlanNode]:
    parts = t.get("partitions")
    keys = [t["key"]] if t.get("key") else _merged_keys(t.get("index_merge", {}))
    if t.get("access_type") == "ALL" or not keys:
        yield node(t["table_name"], None, partitions=parts)
        return
    for key in keys:
        yield node(t["table_name"], key, key == "PRIMARY", parts)


def _merged_keys(obj: Any) -> list[str]:
    """The keys an index_merge reads (its range scans, however nested)."""
    if isinstance(obj, list):
        return [k for item in obj for k in _merged_keys(item)]
    if isinstance(obj, dict):
        own = [obj["key"]] if isinstance(obj.get("key"), str) else []
        return own + [k for v in obj.values() if isinstance(v, (dict, list)) for k in _merged_keys(v)]
    return []


def analyze(conn: Any, tables: Sequence[Table]) -> None:
    """ANALYZE TABLE: fresh InnoDB statistics (https://mariadb.com/kb/en/analyze-table/)."""
    for t in tables:
        _query(conn, f"ANALYZE TABLE {_dialect().table_name(t)}")


def index_names(conn: Any, table: Table) -> set[str]:
    """The indexes the live table has, in model names (its primary key as ``primary_key``)."""
    rows = _query(conn, _INDEXES, (table.namespace, table.name))
    return {PRIMARY_KEY if name == "PRIMARY" else name for (name,) in rows}


def partitions(conn: Any, table: Table) -> list[str]:
    """The partitions of the live table in bound order ([] when unpartitioned)."""
    return [name for (name,) in _query(conn, _PARTITIONS, (table.namespace, table.name))]


def route(conn: Any, table: Table, key: dict) -> Optional[str]:
    """The partition (or the table itself) storing the row whose primary key is `key`; None: no row.

    `key` values are as the driver takes them (see `Dialect.value_adapters`).
    """
    names = partitions(conn, table)
    where = " AND ".join(f"{_dialect().quote(c)} = %s" for c in key)
    values = tuple(key.values())
    if not names:
        found = _query(conn, f"SELECT 1 FROM {_dialect().table_name(table)} WHERE {where}", values)
        return table.name if found else None
    sql = " UNION ALL ".join(f"SELECT {_dialect().literal(p)} FROM {_dialect().table_name(table)} "
                             f"PARTITION ({_dialect().quote(p)}) WHERE {where}" for p in names)
    found = _query(conn, sql, values * len(names))
    return found[0][0] if found else None


def bulk_insert(conn: Any, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """executemany of one INSERT: pymysql sends it as multi-row INSERTs of up to ~1 MB each."""
    cols = ", ".join(_dialect().quote(c) for c in columns)
    sql = f"INSERT INTO {_dialect().table_name(table)} ({cols}) VALUES ({', '.join([_dialect().placeholder] * len(columns))})"
    with conn.cursor() as cur:
        cur.executemany(sql, list(rows))
    conn.commit()


def plan_degradations(schema: Schema) -> list[Degradation]:
    """Indexes the effective schema keeps that a query on the model's columns cannot use.

    A partial UNIQUE index is rendered over generated columns ``IF(predicate,
    column, NULL)``: uniqueness is the model's, but a query on the base columns
    cannot read that index (MariaDB does not match expressions to virtual
    columns: https://mariadb.com/kb/en/generated-columns/#index-support).
    The lowering records no degradation for it (it keeps the meaning);
    this one is about plans only.
    """
    d = _dialect()
    return [Degradation.from_table(d.degradations, "MY-PARTIALUNIQUE", d.name, t.qualified, i.name,
                                   f"partial unique index WHERE {i.where}")
            for t in d.lower(schema).schema.tables for i in t.indexes if i.is_partial_unique]

