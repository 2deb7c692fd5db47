"""A namespace's database dropped only when nothing of the user's is in it.

On MySQL/MariaDB a model namespace is a database of the server (``CREATE DATABASE IF NOT EXISTS``), and undoing
its creation (a rollback, or an adoption that fails part-way and undoes its steps) drops it. DROP DATABASE drops
every table in it (https://mariadb.com/kb/en/drop-database/), where PostgreSQL's DROP SCHEMA refuses a schema
that is not empty (RESTRICT). The database may have existed before the migration, holding the user's tables;
`run` keeps it while it holds any table, view, routine or event: the steps before the drop have removed
schemakit's own objects from it.
"""
from __future__ import annotations

import re
from typing import Any, Optional, Sequence

_DROP = re.compile(r"\s*DROP\s+(?:DATABASE|SCHEMA)\s+(?:IF\s+EXISTS\s+)?(`(?:[^`]|``)*`|[\w$]+)\s*;?\s*$", re.I | re.S)
_HOLDS = ("SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s)"
          " + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = %s)"
          " + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = %s)")


def dropped_database(sql: str) -> Optional[str]:
    """The database a ``DROP DATABASE`` (or SCHEMA) statement names; None for any other statement."""
    m = _DROP.match(sql)
    if m is None:
        return None
    name = m.group(1)
    return name[1:-1].replace("``", "`") if name.startswith("`") else name


def run(conn: Any, statements: Sequence[str]) -> None:
    """Execute `statements` in order on `conn` (one call each), but a DROP DATABASE of a database that still
    holds anything, which is skipped (see the module)."""
    with conn.cursor() as cur:
        for sql in statements:
            name = dropped_database(sql)
            if name is not None:
                cur.execute(_HOLDS, (name, name, name))
                if cur.fetchone()[0]:
                    continue
            cur.execute(sql)
