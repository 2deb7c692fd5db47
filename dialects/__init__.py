"""schemakit's engines: the registry (`dialects.registry`) and what every dialect provides (`dialects.base`).

``dialects.get("mysql")`` returns the MySQL dialect; ``dialects.names()`` lists
the registered engines. Every module of this package is imported the first
time the registry is asked, and each engine module registers itself. The
functions here are the registry's, typed with the whole `Dialect` (the
registry itself knows only the part of it that it reads).
"""
from __future__ import annotations

from typing import Any, Optional, cast

from . import registry
from .base import Degradation, Dialect, Lowered, Statement  # noqa: F401
from .registry import UnknownDialect, identifier_limit, names, register, schemes, untyped_origins  # noqa: F401


def get(name: str) -> Dialect:
    """The dialect called `name` (or one of its aliases, or one of its URL schemes)."""
    return cast(Dialect, registry.get(name))


def all_dialects() -> list[Dialect]:
    """Every registered dialect, in registry order."""
    return cast("list[Dialect]", registry.all_dialects())


def for_scheme(scheme: str) -> Optional[Dialect]:
    """The dialect whose URLs start with `scheme`, or None."""
    return cast(Optional[Dialect], registry.for_scheme(scheme))


def for_connection(conn: Any) -> Optional[Dialect]:
    """The dialect whose driver made the DB-API connection `conn`, or None."""
    return cast(Optional[Dialect], registry.for_connection(conn))


def variants(dialect: Dialect) -> list[Dialect]:
    """The registered variants of `dialect`."""
    return cast("list[Dialect]", registry.variants(dialect))


def for_server(dialect: Dialect, conn: Any) -> Dialect:
    """`dialect`, or the variant of it that the server behind `conn` is (by its version string)."""
    return cast(Dialect, registry.for_server(dialect, conn))
