"""Opening SQLite database files without ever creating one.

Both the dialect (`dialects.sqlite`) and yoyo's backend on it (`dialects.sqlite.backend`)
open databases this way, so neither imports the other.
"""
from __future__ import annotations

import os
import sqlite3
from urllib.parse import quote


class NoSuchDatabase(sqlite3.OperationalError):
    """A database file that does not exist (connecting never creates one)."""


def open_existing(path: str, uri_query: str = "", **kwargs) -> sqlite3.Connection:
    """sqlite3.connect to the existing file `path` (read-write), never creating it.

    Opened as a URI with mode=rw (https://www.sqlite.org/uri.html#urimode): without it
    sqlite3 creates a missing file, and a mistyped path would become an empty database.
    `uri_query` adds URI parameters (``cache=shared``).
    """
    if path == ":memory:":
        return sqlite3.connect(path, **kwargs)
    query = "mode=rw" + (f"&{uri_query}" if uri_query else "")
    try:
        return sqlite3.connect(f"file:{quote(path, safe='/')}?{query}", uri=True, **kwargs)
    except sqlite3.OperationalError as e:
        if not os.path.exists(path):
            raise NoSuchDatabase(f"no such SQLite database file: {path}") from e
        raise
