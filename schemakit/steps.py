"""Helpers imported by generated migration files."""
from __future__ import annotations

from typing import Callable


def batch(*statements: str) -> Callable:
    """A yoyo step body running several statements in order on one connection.

    yoyo runs a string step with a single ``cursor.execute``; drivers such as
    sqlite3 and pymysql accept one statement per call, so a multi-statement
    step (a SQLite table rebuild) is a callable instead.
    """
    def run(conn) -> None:
        cur = conn.cursor()
        try:
            for sql in statements:
                cur.execute(sql)
        finally:
            cur.close()
    run.statements = statements  # for --dry-run
    return run
