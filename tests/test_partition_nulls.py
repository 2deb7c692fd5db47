"""A NULL partition key (issue #14: NULL routing per engine), judged by the oracle and each engine.

The model's meaning is PostgreSQL's: RANGE and LIST give a NULL key to the DEFAULT partition and reject
the row where there is none; HASH stores it (https://www.postgresql.org/docs/15/ddl-partitioning.html).
MariaDB agrees on LIST and HASH, but stores a NULL RANGE key in the lowest partition
(https://dev.mysql.com/doc/refman/8.0/en/partitioning-handling-nulls.html): MY-PARTNULL says so, and
explains that verdict. SQLite has no partitions (SL-PARTITION): every row is stored.
"""
from __future__ import annotations

import pytest

from schemakit import dialects
from schemakit.checks.oracle import Existing, VerdictKind, violations
from schemakit.checks.runner import Probe, judge
from schemakit.schema.build import col, table
from schemakit.schema.model import INTEGER, PartitionMethod, Partitioning, PartitionSpec, Schema

RANGE = Partitioning("k", partitions=(PartitionSpec("low", upper=10), PartitionSpec("high", upper=100)))
TABLES = {
    "range_none": RANGE,
    "range_default": Partitioning("k", partitions=(PartitionSpec("r_low", upper=10),), default="r_rest"),
    "list_none": Partitioning("k", method=PartitionMethod.LIST, partitions=(PartitionSpec("l_one", values=(1, 2)),)),
    "list_default": Partitioning("k", method=PartitionMethod.LIST, partitions=(PartitionSpec("d_one", values=(1,)),),
                                 default="d_other"),
    "hashed": Partitioning("k", method=PartitionMethod.HASH, partitions=(PartitionSpec("h0"), PartitionSpec("h1"))),
}
SCHEMA = Schema(tuple(table(name, col("id", INTEGER, null=False), col("k", INTEGER), partition=p)
                      for name, p in TABLES.items()))
# table -> (the oracle's verdict on k = NULL: accepted?, each engine's status: None agrees, ~CODE explained)
EXPECTED = {
    "range_none": (False, {"postgres": None, "mariadb": "~MY-PARTNULL", "sqlite": "~SL-PARTITION"}),
    "range_default": (True, {"postgres": None, "mariadb": None, "sqlite": None}),
    "list_none": (False, {"postgres": None, "mariadb": None, "sqlite": "~SL-PARTITION"}),
    "list_default": (True, {"postgres": None, "mariadb": None, "sqlite": None}),
    "hashed": (True, {"postgres": None, "mariadb": None, "sqlite": None}),
}


@pytest.mark.parametrize("name", list(TABLES))
def test_the_model_routes_a_null_key_as_postgresql_does(name):
    t = SCHEMA.table(name)
    accepted, _ = EXPECTED[name]
    found = violations(t, {"id": 1, "k": None})
    assert (not found) == accepted
    assert all(v.kind is VerdictKind.PARTITION for v in found)


def test_mariadb_lists_a_nullable_range_key_and_nothing_else():
    listed = {(g.code, g.table) for g in dialects.get("mariadb").lower(SCHEMA).degradations if g.code == "MY-PARTNULL"}
    assert listed == {("MY-PARTNULL", "range_none"), ("MY-PARTNULL", "range_default")}


@pytest.mark.parametrize("name", list(TABLES))
def test_every_engine_gives_a_null_key_the_oracle_s_verdict_or_its_listed_degradation(name, schemakit_engines):
    engines = schemakit_engines(Schema((SCHEMA.table(name),)), ["postgres", "mariadb", "sqlite"])
    engines.begin()
    try:
        j = judge(engines, Probe(engines.schema.table(name), {"id": 1, "k": None}, "row"), Existing())
    finally:
        engines.rollback()
    accepted, status = EXPECTED[name]
    assert (not j.expected) == accepted
    assert j.status == status, j.describe()
