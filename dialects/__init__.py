"""Dialect registry: each engine is a `Dialect` registered by name.

``dialects.get("mysql")`` returns the MySQL dialect; an unknown name raises
`UnknownDialect` naming the valid choices.
"""
from __future__ import annotations

import importlib

from .base import Degradation, Dialect, Lowered, Statement  # noqa: F401

_MODULES = {"postgres": "schemakit.dialects.postgres", "mysql": "schemakit.dialects.mysql", "sqlite": "schemakit.dialects.sqlite"}
_ALIASES = {"postgresql": "postgres", "pg": "postgres", "mariadb": "mysql", "sqlite3": "sqlite"}
_cache: dict[str, Dialect] = {}


class UnknownDialect(LookupError):
    """A dialect name that is not registered."""


def names() -> list[str]:
    """The registered dialect names."""
    return list(_MODULES)


def get(name: str) -> Dialect:
    """The dialect called `name` (or one of its aliases)."""
    key = _ALIASES.get(name.lower(), name.lower()) if isinstance(name, str) else name
    if key not in _MODULES:
        raise UnknownDialect(f"unknown dialect {name!r}: choose one of {', '.join(names())}")
    if key not in _cache:
        _cache[key] = importlib.import_module(_MODULES[key]).DIALECT
    return _cache[key]


def all_dialects() -> list[Dialect]:
    """Every registered dialect, in registry order."""
    return [get(n) for n in names()]
