"""MySQL/MariaDB views: their DDL, how they are read back, and how a model body is compared with the
stored one.

- A view is ``CREATE VIEW``; a changed one ``CREATE OR REPLACE VIEW`` (one statement, as a MySQL step
  must be: DDL commits implicitly) (https://mariadb.com/kb/en/create-view/). There are no
  materialized views (MY-MATVIEW) and a view carries no comment (MY-VIEWCOMMENT).
- The server stores the query rewritten: every column qualified with its database and table,
  every select item aliased, ``count(*)`` as ``count(0)``
  (https://mariadb.com/kb/en/information-schema-views-table/). `read` strips the qualifier of the
  view's own database (`strip_database`), so the body is portable to a database of another name.
- Comparing without writing: MariaDB has no temporary views and its DDL commits, so a body cannot be
  probed as PostgreSQL's is. `canonical` brings both texts to one form through sqlglot instead: no
  database or table qualifiers on columns, no alias equal to the item's own text, ``count(0)`` as
  ``count(*)``, keywords and blank space normalised. Its limits: a body the server rewrites further
  (``SELECT *`` expanded into the column list, ``||`` read as OR, an operator precedence made explicit)
  compares as different from the stored one; import the view to hold the server's own text, which is
  a fixed point.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Optional, Sequence

import sqlglot
from sqlglot import exp

from schemakit.schema.views import View

from ..base import Statement

Q_VIEWS = """SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS
WHERE TABLE_SCHEMA IN ({in_}) ORDER BY TABLE_SCHEMA, TABLE_NAME"""


def create(d: Any, v: View) -> list[Statement]:
    """CREATE VIEW (one statement)."""
    return [Statement(f"CREATE VIEW {d.qualify(v.namespace, v.name)} AS {v.body}", kind="view")]


def drop(d: Any, v: View) -> list[Statement]:
    """DROP VIEW."""
    return [Statement(f"DROP VIEW {d.qualify(v.namespace, v.name)}", kind="view")]


def replace_view(d: Any, old: View, new: View) -> list[Statement]:
    """CREATE OR REPLACE VIEW with the new body (the old view's dependants stay valid)."""
    return [Statement(f"CREATE OR REPLACE VIEW {d.qualify(new.namespace, new.name)} AS {new.body}", kind="view")]


def strip_database(body: str, database: str) -> str:
    """`body` without the `database`. qualifier the server writes before each name (outside string literals)."""
    quoted = "`" + database.replace("`", "``") + "`."
    parts = re.split(r"('(?:[^'\\]|\\.|'')*')", body)  # string literals at odd positions
    return "".join(p if i % 2 else p.replace(quoted, "") for i, p in enumerate(parts))


def read(cur: Any, databases: dict) -> tuple[View, ...]:
    """The views of `databases` (name -> namespace), their bodies without their own database's qualifier."""
    if not databases:
        return ()
    names = list(databases)
    cur.execute(Q_VIEWS.format(in_=", ".join(["%s"] * len(names))), names)
    return tuple(View(name, strip_database(body, db).strip(), "mysql", namespace=databases[db])
                 for db, name, body in cur.fetchall())


def canonical(body: str) -> str:
    """`body` in the one form two texts of the same view share (see the module docstring); the text
    itself, blank space collapsed, when sqlglot cannot read it."""
    try:
        tree = sqlglot.parse_one(body, read="mysql")
    except sqlglot.errors.ParseError:
        return " ".join(body.split())
    for step in (_plain, _unaliased, _flat_joins):
        tree = tree.transform(step)
    return tree.sql(dialect="mysql", normalize=True).lower()


def _plain(node: exp.Expression) -> exp.Expression:
    """Names unquoted and unqualified; count(0) as count(*)."""
    if isinstance(node, exp.Identifier):
        return exp.to_identifier(node.name.lower())
    if isinstance(node, exp.Column):
        return exp.column(node.name.lower())
    if isinstance(node, exp.Table):  # in place, so its joins are visited too
        node.set("db", None)
        node.set("catalog", None)
        return node
    if isinstance(node, exp.Count) and isinstance(node.this, exp.Literal) and node.this.name == "0":
        return exp.Count(this=exp.Star())
    return node


def _unaliased(node: exp.Expression) -> exp.Expression:
    """A select item without the alias the server gives it (its own text)."""
    if isinstance(node, exp.Alias) and re.sub(r"[\s`]", "", node.alias.lower()) == \
            re.sub(r"[\s`]", "", node.this.sql(dialect="mysql").lower()):
        return node.this
    return node


def _flat_joins(node: exp.Expression) -> exp.Expression:
    """``FROM (a JOIN b ON (x))`` as ``FROM a JOIN b ON x``, as the server parenthesises it."""
    if isinstance(node, exp.Join) and isinstance(node.args.get("on"), exp.Paren):
        node.set("on", node.args["on"].this)
    if isinstance(node, exp.Select):
        source = node.args.get("from_") or node.args.get("from")
        inner = source.this if source is not None else None
        if isinstance(inner, exp.Subquery) and not inner.alias and isinstance(inner.this, exp.Table):
            table = inner.this.copy()
            joins = table.args.pop("joins", None) or []
            source.set("this", table)
            node.set("joins", list(joins) + list(node.args.get("joins") or []))
    return node


def stored(views: Sequence[View]) -> tuple[View, ...]:
    """`views` with their bodies in canonical form."""
    return tuple(replace(v, body=canonical(v.body)) for v in views)
