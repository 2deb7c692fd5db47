"""schemakit: one canonical schema as Python code, rendered for PostgreSQL, MySQL and SQLite.

The schema-writing API, as a project's schema module uses it::

    from schemakit import INTEGER, NOW, TEXT, System, Schema, check, col, fk, index, table, unique, varchar

    users = table("users", col("id", INTEGER, identity=True), col("email", varchar(255), null=False),
                  unique("email"), pk="id")
    SYSTEM = System("app", "My application", Schema((users,)))
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version

from .schema.build import (
    check, col, composite, declared, domain, exclude, expr, fk, generated, index, part, state_machine, table, unique,
)
from .schema.views import View, view
from .schema.model import (
    BIGINT, BOOLEAN, BYTES, DATE, DOUBLE, GEN_UUID, INTEGER, INTERVAL, JSON, JSONB, NOW, NUMERIC, REAL, SMALLINT,
    TEXT, TIME, TIMESTAMP, TIMESTAMPTZ, TIMETZ, TINYINT, UUID, YEAR,
    AccessPattern, Action, Collation, Column, ColumnType, Default, Domain, Enum, Generated, IndexMethod, Outside,
    Partitioning, Rolling, Schema, System, Table, Tenancy, array, binary, char, decimal, default_sql, domain_type,
    enum_type, lit, native, set_of,
    spelled, time, timestamp, timestamptz, unsigned, varbinary, varchar,
)

try:
    __version__ = _version("schemakit")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "check", "col", "expr", "fk", "index", "part", "state_machine", "table", "unique",
    "BIGINT", "BOOLEAN", "DATE", "GEN_UUID", "INTEGER", "JSON", "JSONB", "NOW", "SMALLINT", "TEXT", "TIMESTAMP",
    "TIMESTAMPTZ", "UUID", "AccessPattern", "Action", "Column", "ColumnType", "Default", "Enum", "IndexMethod",
    "Partitioning", "Schema", "System", "Table", "Tenancy", "array", "decimal", "enum_type", "lit", "varchar",
    "BYTES", "DOUBLE", "INTERVAL", "NUMERIC", "REAL", "TIME", "TIMETZ", "TINYINT", "YEAR", "binary", "char",
    "set_of", "time", "timestamp", "timestamptz", "unsigned", "varbinary", "Collation", "Generated", "default_sql",
    "generated", "native", "exclude", "spelled", "domain", "domain_type", "Domain", "composite", "declared",
    "view", "View", "Outside", "Rolling",
    "__version__",
]
