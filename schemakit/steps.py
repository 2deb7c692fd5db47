"""Helpers imported by generated migration files, and the reader of their steps."""
from __future__ import annotations

import ast
from typing import Callable, Optional


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
    run.statements = statements  # what it runs, for whoever holds the step body
    return run


def step_statements(source: str) -> list[Optional[tuple[str, ...]]]:
    """Per yoyo step of a migration module's `source`, in order, the SQL texts it applies.

    Read from the source, not from yoyo's step objects (which keep their body privately):
    each ``step(apply, ...)`` call, whose `apply` is a string or a `batch` of strings, as
    `schemakit makemigrations` writes them. A step whose `apply` is other Python code gets
    None: what it runs is known only by running it.
    """
    calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call) and _named(n.func) == "step"]
    return [_applied(c) for c in sorted(calls, key=lambda c: (c.lineno, c.col_offset))]


def _named(func: ast.expr) -> Optional[str]:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _applied(call: ast.Call) -> Optional[tuple[str, ...]]:
    body = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "apply"), None)
    if isinstance(body, ast.Constant) and isinstance(body.value, str):
        return (body.value,)
    if isinstance(body, ast.Call) and _named(body.func) == "batch" and not body.keywords and \
            all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in body.args):
        return tuple(a.value for a in body.args)
    return None
