"""yoyo's sqlite3 backend, opening the file as `open_existing` does.

yoyo's own opens ``file:<path>?cache=shared``, which creates a missing file; this
one raises `NoSuchDatabase` instead, so only `ensure_database` creates databases.
"""
from __future__ import annotations

from urllib.parse import unquote

from yoyo.backends.core import sqlite3 as yoyo_sqlite3

from .files import open_existing


class SQLiteBackend(yoyo_sqlite3.SQLiteBackend):
    """yoyo's sqlite3 backend that never creates the database file (see the module)."""

    def connect(self, dburi):
        """The existing file `dburi` names, shared-cache and in autocommit mode as yoyo opens it."""
        conn = open_existing(unquote(dburi.database), "cache=shared", detect_types=self.driver.PARSE_DECLTYPES)
        conn.isolation_level = None
        return conn
