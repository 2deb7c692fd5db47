"""The yoyo backend `schemakit migrate` runs on: yoyo's own, with refinements.

- The class comes from the dialect (`Dialect.yoyo_backend_class`), not from
  yoyo's URL-scheme lookup, which reads the installed packages' entry points on
  every call.

Every connection (yoyo's and the one of its own each migration runs on) is set
up by the dialect (`Dialect.prepare_connection`: SQLite attaches namespaces).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from dialects.base import Dialect
from dialects.urls import DbUrl


def open_backend(d: Dialect, url: DbUrl, namespaces: Sequence[str]):
    """A connected yoyo backend for `url`, its lock table created (yoyo's init_database)."""
    from yoyo.connections import parse_uri
    from yoyo.migrations import default_migration_table
    backend = backend_class(d, tuple(namespaces))(parse_uri(d.yoyo_url(url)), default_migration_table)
    backend.init_database()
    return backend


@lru_cache(maxsize=None)
def backend_class(d: Dialect, namespaces: tuple[str, ...]) -> type:
    """The dialect's yoyo backend class with schemakit's refinements (see the module)."""
    base = d.yoyo_backend_class()

    class Backend(base):
        def __init__(self, uri, migration_table):
            super().__init__(uri, migration_table)
            d.prepare_connection(self.connection, namespaces)
    Backend.__name__ = Backend.__qualname__ = f"Schemakit{base.__name__}"
    return Backend
