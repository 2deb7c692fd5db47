"""Every object of a SQLite database (and its attached namespaces) beside its tables, for drift
(`Dialect.objects`): views, virtual tables and triggers, from sqlite_schema (https://www.sqlite.org/schematab.html).
schemakit's own triggers (`storage.ON_UPDATE_PREFIX`, `storage.MACHINE_PREFIX`) are not listed."""
from __future__ import annotations

import sqlite3
from typing import Optional, Sequence

from ..base import DbObject, LiveSupport
from .introspect import present_namespaces, schema_objects
from .storage import MACHINE_PREFIX, ON_UPDATE_PREFIX


def objects(conn: sqlite3.Connection, namespaces: Sequence[Optional[str]]) -> list[DbObject]:
    """The views, virtual tables and user triggers of `namespaces` (None: main)."""
    found = []
    for ns in present_namespaces(conn, namespaces):
        for kind, name, table, _sql in schema_objects(conn, ns or "main"):
            if kind in ("view", "virtual table"):
                found.append(DbObject(kind, ns, name))
            elif kind == "trigger" and not name.startswith((MACHINE_PREFIX, ON_UPDATE_PREFIX)):
                found.append(DbObject("trigger", ns, name, table))
    return found


def support(conn: sqlite3.Connection, namespaces: Sequence[Optional[str]]) -> dict[tuple[Optional[str], str, str], LiveSupport]:
    """(namespace, table, name) of schemakit's own triggers on the tables of `namespaces` (None: main)."""
    return {(ns, table, name): LiveSupport() for ns in present_namespaces(conn, namespaces)
            for kind, name, table, _sql in schema_objects(conn, ns or "main")
            if kind == "trigger" and name.startswith((MACHINE_PREFIX, ON_UPDATE_PREFIX))}
