"""The model's accessors of optional fields (`ColumnType.enum_type`, `Table.partition_by` ...).

Each accessor returns the field when the object has it, and raises ValueError naming
the object otherwise. `HAS` holds (id, object, accessor, the value it returns);
`LACKS` holds (id, object, accessor, a piece of text the error message must contain).
"""
from __future__ import annotations

from datetime import date

from schemakit.schema.model import (
    INTEGER, TEXT, Column, Enum, IndexPart, Partitioning, Table, array, decimal, enum_type, lit, varchar,
)

MOOD = Enum("mood", ("calm", "busy"))
MONTHLY = Partitioning("at", date(2024, 1, 1), 3)
LOG = Table("log", (Column("id", INTEGER),), namespace="audit")

HAS = [
    ("enum_type", enum_type(MOOD), "enum_type", MOOD),
    ("digits", decimal(10, 2), "digits", (10, 2)),
    ("max_length", varchar(40), "max_length", 40),
    ("item_type", array(INTEGER), "item_type", INTEGER),
    ("declared_default", Column("n", INTEGER, default=lit(0)), "declared_default", lit(0)),
    ("column_name", IndexPart(column="id"), "column_name", "id"),
    ("partition_by", Table("t", (), partitioning=MONTHLY), "partition_by", MONTHLY),
]

LACKS = [
    ("enum_type", TEXT, "enum_type", "text is not an enum type"),
    ("digits", INTEGER, "digits", "integer has no precision and scale"),
    ("max_length", TEXT, "max_length", "text has no length"),
    ("item_type", varchar(3), "item_type", "varchar(3) is not an array type"),
    ("declared_default", Column("n", INTEGER), "declared_default", "column n has no default"),
    ("column_name", IndexPart(expression="lower(name)"), "column_name", "index part (lower(name)) is an expression"),
    ("partition_by", LOG, "partition_by", "table audit.log is not partitioned"),
]
