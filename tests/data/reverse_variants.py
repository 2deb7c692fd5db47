"""The variants tests/test_reverse.py builds schemas from: per object, the definitions it may have.

Two schemas drawn independently from these differ in any of the typed changes
(every AlterColumn kind, keys, constraints, indexes, state machines, partitions,
comments, enums appended to, shrunk or reordered, tables and namespaces added
or dropped), and agree often enough that most objects also stay unchanged.
Definitions that differ only in spelling ("a > 0" / "a>0") are the same to the differ.
"""
from __future__ import annotations

from datetime import date

from schemakit.schema.model import (
    BIGINT, INTEGER, NOW, TEXT, TIMESTAMP, Action, Check, ForeignKey, Index, IndexPart, Partitioning,
    StateMachine, Unique, lit, varchar,
)

ENUM_NAME = "rv_status"
# Values of the enum: single and multiple appends, removals of the last values, reorders.
ENUM_VALUES = [("a", "b"), ("a", "b", "c"), ("a", "b", "c", "d"), ("a",), ("b", "a"), ("a", "c")]
NAMESPACES = [None, "rv_ns"]  # of table q (table p is in the default namespace)

A_TYPES = [INTEGER, BIGINT, varchar(10), varchar(20), TEXT]
A_DEFAULTS = [None, lit("1"), lit("2")]
ENUM_DEFAULTS = [None, lit("a")]
TS_DEFAULTS = [None, NOW]
COMMENTS = [None, "", "first", "second"]
PRIMARY_KEYS = [(), ("id",), ("id", "a")]  # a key naming an absent column is not drawn

PK_COMMENTS = [None, "the key", "the id"]  # of a table with a primary key
UNIQUES = [None, Unique("p_u", ("a",)), Unique("p_u", ("id", "a")), Unique("p_u", ("a",), "once"),
           Unique("p_u", ("a",), "one a")]
CHECKS = [None, Check("p_k", "a > 0"), Check("p_k", "a>0"), Check("p_k", "a > 1"), Check("p_k", "a > 0", "positive")]
INDEXES = [None, Index("p_i", (IndexPart("a"),)), Index("p_i", (IndexPart("a", desc=True),)),
           Index("p_i", (IndexPart("a"),), where="a > 0"), Index("p_i", (IndexPart("a"),), where="a>0"),
           Index("p_i", (IndexPart("a"),), unique=True)]
MACHINES = [None, StateMachine("p_m", "s", (("a", "b"),)), StateMachine("p_m", "s", (("a", "b"), ("b", "a")))]
PARTITIONS = [None, Partitioning("ts", date(2026, 1, 1), 3), Partitioning("ts", date(2026, 1, 1), 6),
              Partitioning("ts", date(2025, 12, 1), 3)]
FOREIGN_KEYS = [None, ForeignKey("q_p", ("p_id",), "p", ("id",)),
                ForeignKey("q_p", ("p_id",), "p", ("id",), Action.CASCADE),
                ForeignKey("q_p", ("p_id",), "p", ("id",), comment="to p")]
R_TYPES = [INTEGER, TEXT, TIMESTAMP]  # of table r's one column: a table dropped and added differs
