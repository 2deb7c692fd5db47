"""Synthetic schemas of any size, for benchmarks and scale tests.

Each table has a mix of the model's column types, a primary key, a foreign
key to the previous table, a unique key, a named CHECK and two indexes, so
that rendering and introspection do representative work per table.
"""
from __future__ import annotations

from .build import check, col, fk, index, table, unique
from .model import (BIGINT, BOOLEAN, JSON, NOW, TEXT, TIMESTAMP, UUID, Enum, GEN_UUID,
                    INTEGER, Schema, Table, decimal, enum_type, lit, varchar)

_STATUS = Enum("synthetic_status", ("new", "active", "closed"))


def synthetic_table(i: int) -> Table:
    """Table number `i` (references table i-1 when i > 0)."""
    name = f"t{i:05d}"
    items = [
        col("id", UUID, null=False, default=GEN_UUID),
        col("seq", INTEGER, null=False),
        col("code", varchar(40), null=False),
        col("body", TEXT),
        col("amount", decimal(12, 2), default=lit("0")),
        col("big", BIGINT),
        col("flag", BOOLEAN, null=False, default=lit(False)),
        col("status", enum_type(_STATUS), null=False, default=lit("new")),
        col("doc", JSON),
        col("created_at", TIMESTAMP, null=False, default=NOW),
        col("parent_id", UUID),
        unique("code", name=f"{name}_code_key"),
        check(f"{name}_seq_check", "seq >= 0"),
        index(f"{name}_seq_idx", "seq", "created_at DESC"),
        index(f"{name}_status_idx", "status", where="status <> 'closed'"),
    ]
    if i > 0:
        items.append(fk("parent_id", f"t{i - 1:05d}", name=f"{name}_parent_fkey"))
    return table(name, *items, pk="id")


def synthetic(n: int) -> Schema:
    """A schema of `n` chained synthetic tables."""
    return Schema(tuple(synthetic_table(i) for i in range(n)))
