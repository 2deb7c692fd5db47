"""Partitioned tables for tests/test_partitions.py (issue #14, "Partitioning").

Each case is one table `part_t(id, k, note)` keyed by (id, k), partitioned on
`k` by `partitioning`, and the rows probed into it: (value of k, the partition
the model says holds it). ``None`` is a rejection; `ANY` is some partition
(HASH: which one is the engine's hash function's business). On an engine that
holds the table unpartitioned (SQLite, SL-PARTITION; MariaDB with no
partitions, MY-PARTNONE) every row is stored in the table, and an engine's
own approximation (MY-RANGEDEFAULT) is predicted by the lowered model.

INVALID: partitionings `schema.validate` rejects, with a text its problem line holds.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple, Optional

from schemakit.schema.build import col, table
from schemakit.schema.model import (
    BIGINT, DATE, INTEGER, TEXT, TIMESTAMP, ColumnType, PartitionMethod, Partitioning, PartitionSpec, Table, varchar,
)

ANY = "*"  # some partition, whichever


class Case(NamedTuple):
    """One partitioned table and where its probe rows go."""

    id: str
    key_type: ColumnType
    partitioning: Partitioning
    rows: tuple[tuple[object, Optional[str]], ...]

    def table(self) -> Table:
        """``part_t`` with its partitioning."""
        return table("part_t", col("id", INTEGER, null=False), col("k", self.key_type, null=False), col("note", TEXT),
                     pk=("id", "k"), partition=self.partitioning)


CASES = [
    # inventory.stock_move's shape: yearly RANGE COLUMNS bounds and a MAXVALUE partition
    Case("range-yearly-maxvalue", DATE, Partitioning("k", partitions=(
        PartitionSpec("p2022", upper=date(2023, 1, 1)), PartitionSpec("p2023", upper=date(2024, 1, 1)),
        PartitionSpec("pmax"))),
        ((date(1999, 5, 1), "p2022"), (date(2022, 12, 31), "p2022"), (date(2023, 1, 1), "p2023"),
         (date(2023, 12, 31), "p2023"), (date(2024, 1, 1), "pmax"), (date(2090, 1, 1), "pmax"))),
    Case("range-int-lower", BIGINT, Partitioning("k", lower=0, partitions=(
        PartitionSpec("small", upper=100), PartitionSpec("large", upper=1000))),
        ((-1, None), (0, "small"), (99, "small"), (100, "large"), (999, "large"), (1000, None))),
    Case("range-timestamp-default", TIMESTAMP, Partitioning("k", lower=datetime(2022, 1, 1), partitions=(
        PartitionSpec("h1", upper=datetime(2022, 7, 1)), PartitionSpec("h2", upper=datetime(2023, 1, 1, 12, 30))),
        default="rest"),
        ((datetime(2021, 12, 31, 23, 59, 59), "rest"), (datetime(2022, 1, 1), "h1"), (datetime(2022, 6, 30), "h1"),
         (datetime(2022, 7, 1), "h2"), (datetime(2023, 1, 1, 12, 29), "h2"), (datetime(2023, 1, 1, 12, 30), "rest"))),
    Case("list-text-default", varchar(16), Partitioning("k", method=PartitionMethod.LIST, partitions=(
        PartitionSpec("eu", values=("eu-west", "eu-central")), PartitionSpec("us", values=("us-east",))),
        default="other"),
        (("eu-west", "eu"), ("eu-central", "eu"), ("us-east", "us"), ("ap-south", "other"))),
    Case("list-int", INTEGER, Partitioning("k", method=PartitionMethod.LIST, partitions=(
        PartitionSpec("odd", values=(1, 3, 5)), PartitionSpec("even", values=(2, 4)))),
        ((1, "odd"), (4, "even"), (5, "odd"), (7, None))),
    Case("hash-int", BIGINT, Partitioning("k", method=PartitionMethod.HASH, partitions=(
        PartitionSpec("h0"), PartitionSpec("h1"), PartitionSpec("h2"), PartitionSpec("h3"))),
        ((1, ANY), (2, ANY), (3, ANY), (-7, ANY), (10**12, ANY))),
    Case("hash-text", varchar(40), Partitioning("k", method=PartitionMethod.HASH, partitions=(
        PartitionSpec("a"), PartitionSpec("b"))),
        (("x", ANY), ("y", ANY), ("", ANY))),
    # declared, its partitions not created yet: PostgreSQL rejects every row
    Case("range-no-partitions", INTEGER, Partitioning("k"), ((1, None), (-5, None))),
]

def _range(*uppers, default: Optional[str] = None) -> Partitioning:
    return Partitioning("k", partitions=tuple(PartitionSpec(f"p{n}", upper=u) for n, u in enumerate(uppers)),
                        default=default)


# Planned partition changes: (id, engine, before, after, texts each statement of the plan must hold in this
# order, texts no statement may hold). The key column is INTEGER.
PLANS = [
    ("pg-append-creates-one", "postgres", _range(10, 20), _range(10, 20, None),
     ("CREATE TABLE \"p2\" PARTITION OF \"part_t\" FOR VALUES FROM (20) TO (MAXVALUE)",), ("DROP TABLE",)),
    ("pg-moved-bound-drops-and-creates-the-two", "postgres", _range(10, 20, None), _range(10, 30, None),
     ("DROP TABLE \"p1\"", "DROP TABLE \"p2\"", "FROM (10) TO (30)", "FROM (30) TO (MAXVALUE)"), ("\"p0\"",)),
    ("pg-default-added", "postgres", _range(10), _range(10, default="rest"),
     ("CREATE TABLE \"rest\" PARTITION OF \"part_t\" DEFAULT",), ("DROP TABLE",)),
    ("my-append-adds", "mariadb", _range(10, 20), _range(10, 20, None),
     ("ADD PARTITION (PARTITION `p2` VALUES LESS THAN (MAXVALUE))",), ("PARTITION BY",)),
    ("my-moved-bound-rebuilds", "mariadb", _range(10, 20), _range(10, 30),
     ("PARTITION BY RANGE COLUMNS(`k`)",), ("ADD PARTITION",)),
    ("my-list-append-adds", "mariadb",
     Partitioning("k", method=PartitionMethod.LIST, partitions=(PartitionSpec("a", values=(1,)),)),
     Partitioning("k", method=PartitionMethod.LIST, partitions=(PartitionSpec("a", values=(1,)),
                                                                 PartitionSpec("b", values=(2, 3))),),
     ("ADD PARTITION (PARTITION `b` VALUES IN (2, 3))",), ("PARTITION BY",)),
    ("my-hash-grown-rebuilds", "mariadb",
     Partitioning("k", method=PartitionMethod.HASH, partitions=(PartitionSpec("h0"), PartitionSpec("h1"))),
     Partitioning("k", method=PartitionMethod.HASH, partitions=(PartitionSpec("h0"), PartitionSpec("h1"),
                                                                 PartitionSpec("h2"))),
     ("PARTITION BY HASH (`k`)",), ("ADD PARTITION",)),
]

# Two tables whose partitions have the same names, as MySQL allows (partitions are named per table):
# PostgreSQL renames the second table's `<table>_<partition>` (PG-PARTNAME).
def same_partition_names() -> tuple[Table, Table]:
    """`ledger_a` and `ledger_b`, each RANGE partitioned into p2022 and pmax."""
    p = Partitioning("k", partitions=(PartitionSpec("p2022", upper=date(2023, 1, 1)), PartitionSpec("pmax")))
    def make(name: str) -> Table:
        return table(name, col("id", INTEGER, null=False), col("k", DATE, null=False), pk=("id", "k"), partition=p)
    return make("ledger_a"), make("ledger_b")


SAME_NAMES_RENAMED = {"postgres": {"ledger_a": ("p2022", "pmax"), "ledger_b": ("ledger_b_p2022", "ledger_b_pmax")},
                      "mariadb": {"ledger_a": ("p2022", "pmax"), "ledger_b": ("p2022", "pmax")}}

INVALID = [
    ("descending", INTEGER, Partitioning("k", partitions=(PartitionSpec("a", upper=10), PartitionSpec("b", upper=5))),
     "must ascend"),
    ("maxvalue-not-last", INTEGER, Partitioning("k", partitions=(PartitionSpec("a"), PartitionSpec("b", upper=5))),
     "MAXVALUE"),
    ("lower-above-first", INTEGER, Partitioning("k", lower=20, partitions=(PartitionSpec("a", upper=10),)),
     "must ascend"),
    ("bound-type", DATE, Partitioning("k", partitions=(PartitionSpec("a", upper=10),)), "does not fit"),
    ("timestamp-bound-a-date", TIMESTAMP, Partitioning("k", partitions=(PartitionSpec("a", upper=date(2023, 1, 1)),)),
     "does not fit"),
    ("list-value-twice", INTEGER, Partitioning("k", method=PartitionMethod.LIST, partitions=(
        PartitionSpec("a", values=(1, 2)), PartitionSpec("b", values=(2,)))), "more than one"),
    ("list-without-values", INTEGER, Partitioning("k", method=PartitionMethod.LIST, partitions=(
        PartitionSpec("a"),)), "lists its values"),
    ("hash-default", INTEGER, Partitioning("k", method=PartitionMethod.HASH, partitions=(PartitionSpec("a"),),
                                           default="d"), "HASH"),
    ("names-repeat", INTEGER, Partitioning("k", partitions=(PartitionSpec("a", upper=1), PartitionSpec("a"))),
     "repeat"),
    ("monthly-and-explicit", TIMESTAMP, Partitioning("k", start=date(2026, 1, 1), months=2,
                                                     partitions=(PartitionSpec("a"),)), "monthly form"),
]
