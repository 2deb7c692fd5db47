"""Helpers imported by generated migration files, and the reader of their steps."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Optional


@dataclass(frozen=True)
class Batch:
    """A yoyo step body running several statements in order on one connection.

    yoyo runs a string step with a single ``cursor.execute``, one statement; a multi-statement
    step (a table with its comments and triggers, a SQLite table rebuild) is a callable instead,
    which runs them as the connection's engine does (`Dialect.run_statements`: one call each, or
    on PostgreSQL one round trip inside a transaction).
    """

    statements: tuple[str, ...]

    def __call__(self, conn: Any) -> None:
        """Run the statements on `conn` (a DB-API connection), in order."""
        from .dialects import for_connection
        from .dialects.base import run_each
        d = for_connection(conn)
        (d.run_statements if d is not None else run_each)(conn, self.statements)


def batch(*statements: str) -> Batch:
    """The step body running `statements` in order (what generated migrations call)."""
    return Batch(statements)


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
    applies = list(call.args[:1]) + [k.value for k in call.keywords if k.arg == "apply"]
    body = applies[0] if applies else None
    if isinstance(body, ast.Constant) and isinstance(body.value, str):
        return (body.value,)
    if isinstance(body, ast.Call) and _named(body.func) == "batch" and not body.keywords:
        texts = [a.value for a in body.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        return tuple(texts) if len(texts) == len(body.args) else None
    return None
