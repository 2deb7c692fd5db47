"""SQLite: plans, statistics, "routing" and bulk loading for the checks.

- `explain` reads ``EXPLAIN QUERY PLAN`` rows, whose detail text says
  ``SCAN t``, ``SEARCH t USING [COVERING] INDEX i (...)``, ``... USING
  INTEGER PRIMARY KEY`` or ``... USING PRIMARY KEY``
  (https://www.sqlite.org/eqp.html). An ``sqlite_autoindex_<table>_<n>`` is
  reported under the model name of the constraint it implements: the
  primary key, or the UNIQUE constraint with the same columns
  (https://www.sqlite.org/fileformat2.html#representation_of_sql_indices).
- SQLite has no partitions (SL-PARTITION): `partitions` is empty and `route`
  names the table itself for a stored row.
- `bulk_insert` is executemany in one transaction.
"""
from __future__ import annotations

import re
import sqlite3
from typing import Any, Iterable, Optional, Sequence

from schemakit.schema.model import Table

from ..explain import PRIMARY_KEY, Plan, node
from .. import registry
from .introspect import parse_table

ENGINE = "sqlite"


def _dialect() -> Any:
    """The sqlite dialect (through the registry: the dialect imports this module, not the reverse)."""
    return registry.get(ENGINE)


_DETAIL = re.compile(r"^(?:SCAN|SEARCH) (?!CONSTANT ROW)(?P<table>\S+)(?: AS \S+)?"
                     r"(?: USING (?:(?:COVERING )?INDEX (?P<index>\S+)|(?P<pk>(?:INTEGER )?PRIMARY KEY)))?")


def prepare(conn: sqlite3.Connection) -> None:
    """Nothing beyond the dialect's connection (foreign keys on)."""


def explain(conn: sqlite3.Connection, sql: str) -> Plan:
    """The normalized plan of `sql` (rendered for SQLite)."""
    raw = conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    names: dict[str, dict[str, str]] = {}
    nodes = []
    for _id, _parent, _unused, detail in raw:
        m = _DETAIL.match(detail)
        if m is None:
            continue  # USE TEMP B-TREE FOR ORDER BY, MULTI-INDEX OR, ...
        table, index = m["table"], m["index"]
        if index is not None:
            index = names.setdefault(table, _model_names(conn, table)).get(index, index)
        nodes.append(node(table, PRIMARY_KEY if m["pk"] else index))
    return Plan(tuple(nodes), raw)


def _model_names(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    """{sqlite_autoindex_*: model name} for the automatic indexes of `table`."""
    sql = conn.execute("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", (table,)).fetchone()
    uniques = {tuple(cols): name for name, cols in parse_table(sql[0]).uniques} if sql else {}
    out = {}
    for _seq, name, _unique, origin, _partial in conn.execute(f"PRAGMA index_list({_dialect().quote(table)})"):
        if origin == "pk":
            out[name] = PRIMARY_KEY
        elif origin == "u":
            cols = tuple(r[2] for r in conn.execute(f"PRAGMA index_info({_dialect().quote(name)})"))
            out[name] = uniques.get(cols, name)
    return out


def analyze(conn: sqlite3.Connection, tables: Sequence[Table]) -> None:
    """ANALYZE each table into sqlite_stat1 (https://www.sqlite.org/lang_analyze.html)."""
    for t in tables:
        conn.execute(f"ANALYZE {_dialect().table_name(t)}")


def index_names(conn: sqlite3.Connection, table: Table) -> set[str]:
    """The indexes the live table has, in model names (its primary key as ``primary_key``).

    A rowid table whose key is an INTEGER PRIMARY KEY has no index for it: the rowid is the key.
    """
    own = {r[1] for r in conn.execute(f"PRAGMA index_list({_dialect().quote(table.name)})")}
    names = _model_names(conn, table.name)
    rowid = any(c.identity for c in table.columns)
    return {names.get(n, n) for n in own} | ({PRIMARY_KEY} if rowid else set())


def partitions(conn: sqlite3.Connection, table: Table) -> list[str]:
    """Always []: SQLite stores every row in the one table (SL-PARTITION)."""
    return []


def route(conn: sqlite3.Connection, table: Table, key: dict) -> Optional[str]:
    """The table's own name when the row whose primary key is `key` is stored; None: no row.

    `key` values are as the driver takes them (see `Dialect.value_adapters`).
    """
    where = " AND ".join(f"{_dialect().quote(c)} = ?" for c in key)
    found = conn.execute(f"SELECT 1 FROM {_dialect().table_name(table)} WHERE {where}", tuple(key.values())).fetchone()
    return table.name if found else None


def bulk_insert(conn: sqlite3.Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """executemany of one INSERT inside one transaction."""
    cols = ", ".join(_dialect().quote(c) for c in columns)
    sql = f"INSERT INTO {_dialect().table_name(table)} ({cols}) VALUES ({', '.join([_dialect().placeholder] * len(columns))})"
    conn.execute("BEGIN")
    try:
        conn.executemany(sql, rows)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def plan_degradations(schema) -> list:
    """Indexes kept but unusable by queries on the model's columns: none on this engine."""
    return []
