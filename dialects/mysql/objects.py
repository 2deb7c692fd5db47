"""Every object of a MySQL/MariaDB database beside its tables, for drift (`Dialect.objects`).

Views and sequences (information_schema.TABLES rows of type VIEW and SEQUENCE,
https://mariadb.com/kb/en/information-schema-tables-table/), triggers, stored functions and
procedures, and events. schemakit's own triggers are named ``sk_`` and are not listed.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

from ..base import DbObject, LiveSupport

OBJECTS_SQL = """SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, NULL FROM information_schema.TABLES
WHERE TABLE_SCHEMA IN ({in_}) AND TABLE_TYPE IN ('VIEW', 'SEQUENCE')
UNION ALL SELECT EVENT_OBJECT_SCHEMA, TRIGGER_NAME, 'TRIGGER', EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS
WHERE EVENT_OBJECT_SCHEMA IN ({in_}) AND TRIGGER_NAME NOT LIKE 'sk\\_%%'
UNION ALL SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, NULL FROM information_schema.ROUTINES
WHERE ROUTINE_SCHEMA IN ({in_})
UNION ALL SELECT EVENT_SCHEMA, EVENT_NAME, 'EVENT', NULL FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN ({in_})"""


# schemakit's own triggers, with the table each is on (`Dialect.live_support`).
SUPPORT_SQL = """SELECT EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS
WHERE EVENT_OBJECT_SCHEMA IN ({in_}) AND TRIGGER_NAME LIKE 'sk\\_%%'"""


def _databases(cur: Any, namespaces: Sequence[Optional[str]]) -> dict[str, Optional[str]]:
    """database name -> namespace of `namespaces` (None: the connection's own; none selected: left out)."""
    cur.execute("SELECT DATABASE()")
    current = cur.fetchone()[0]
    dbs = {(current if ns is None else ns): ns for ns in dict.fromkeys(namespaces)}
    dbs.pop(None, None)  # no database selected: its namespace lists nothing
    return dbs


def objects(conn: Any, namespaces: Sequence[Optional[str]]) -> list[DbObject]:
    """The objects of the databases `namespaces` (None: the connection's own) beside their tables."""
    with conn.cursor() as cur:
        dbs = _databases(cur, namespaces)
        if not dbs:
            return []
        cur.execute(OBJECTS_SQL.format(in_=", ".join(["%s"] * len(dbs))), list(dbs) * 4)
        rows = cur.fetchall()
    return [DbObject(kind.lower(), dbs[db], name, table) for db, name, kind, table in rows]


def support(conn: Any, namespaces: Sequence[Optional[str]]) -> dict[tuple[Optional[str], str, str], LiveSupport]:
    """(namespace, table, name) of schemakit's triggers in the databases `namespaces` (None: the connection's own)."""
    with conn.cursor() as cur:
        dbs = _databases(cur, namespaces)
        if not dbs:
            return {}
        cur.execute(SUPPORT_SQL.format(in_=", ".join(["%s"] * len(dbs))), list(dbs))
        return {(dbs[db], table, name): LiveSupport() for db, table, name in cur.fetchall()}
