"""The engine-neutral shape of a query plan, and the per-engine plan readers.

Each engine reads its own EXPLAIN output (PostgreSQL ``EXPLAIN (FORMAT
JSON)``, MySQL/MariaDB ``EXPLAIN FORMAT=JSON``, SQLite ``EXPLAIN QUERY
PLAN``) into one `Plan`: the tables read, each with the index it reads
through (under the *model's* name: a PostgreSQL partition's index is named
after the partitioned index it belongs to, a SQLite ``sqlite_autoindex_*``
after the UNIQUE constraint it implements, every engine's primary key index
``primary_key``), how (`access`), and which partitions.

``reader("mysql")`` returns the engine's module (`dialects.mysql.explain`,
...), each with the same functions: ``prepare(conn)`` (session settings),
``explain(conn, sql) -> Plan``, ``analyze(conn, tables)`` (statistics),
``index_names(conn, table)`` (the live indexes, in model names),
``partitions(conn, table)`` and ``route(conn, table, key)`` (where a row is
stored), ``bulk_insert(conn, table, columns, rows)``, and
``plan_degradations(schema)`` (indexes the lowering keeps that a query on the
model's columns still cannot use). Row values are
passed as each driver takes them (`Dialect.value_adapters`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Optional

PRIMARY_KEY = "primary_key"  # the model's name for a table's primary key index
ACCESS = ("index", "pk", "scan")  # through a secondary index, through the primary key, a full scan


@dataclass(frozen=True)
class PlanNode:
    """One table read: through `index` (None for a full scan), of `partitions` (None: unpartitioned)."""

    table: str
    index: Optional[str]
    access: str
    partitions: Optional[tuple[str, ...]] = None

    def __str__(self) -> str:
        via = f" via {self.index}" if self.index else ""
        parts = f" partitions {','.join(self.partitions)}" if self.partitions is not None else ""
        return f"{self.table}: {self.access}{via}{parts}"


@dataclass(frozen=True)
class Plan:
    """The normalized plan of one query: its table reads, in the order the engine lists them."""

    nodes: tuple[PlanNode, ...]
    raw: Any = field(default=None, compare=False, repr=False)  # the engine's own output, for messages

    def reads(self, table: str) -> list[PlanNode]:
        """The reads of `table` (a model table name)."""
        return [n for n in self.nodes if n.table == table]

    def indexes(self, table: str) -> set[Optional[str]]:
        """The indexes `table` is read through (None stands for a full scan)."""
        return {n.index for n in self.reads(table)}

    def partitions(self, table: str) -> Optional[set[str]]:
        """The partitions of `table` the plan reads; None when no read lists partitions."""
        lists = [n.partitions for n in self.reads(table) if n.partitions is not None]
        return None if not lists else {p for parts in lists for p in parts}

    def __str__(self) -> str:
        return "; ".join(str(n) for n in self.nodes) or "(no table read)"


def node(table: str, index: Optional[str], primary: bool = False,
         partitions: Optional[list[str]] = None) -> PlanNode:
    """A PlanNode with `access` derived: 'scan' without an index, 'pk' through the primary key."""
    access = "scan" if index is None else ("pk" if primary or index == PRIMARY_KEY else "index")
    index = PRIMARY_KEY if access == "pk" else index
    return PlanNode(table, index, access, None if partitions is None else tuple(partitions))


def merge(nodes: list[PlanNode]) -> tuple[PlanNode, ...]:
    """Reads of the same table through the same index and access as one node, partitions united.

    PostgreSQL lists one scan per partition; the normalized plan names the table once.
    """
    out: dict[tuple, list] = {}
    for n in nodes:
        parts = out.setdefault((n.table, n.index, n.access), [])
        parts.extend(n.partitions or ())
        if n.partitions is None:
            parts.append(None)
    return tuple(PlanNode(t, i, a, None if None in p else tuple(sorted(set(p))))
                 for (t, i, a), p in out.items())


def reader(engine: str) -> ModuleType:
    """The plan reader module of `engine` (a dialect name): its `Dialect.explain_reader`."""
    from . import get
    return get(engine).explain_reader()
