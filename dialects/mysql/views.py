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
  ``count(*)``, ``INNER JOIN`` and ``LEFT OUTER JOIN`` as ``join`` and ``left join`` (as the server
  stores them), keywords and blank space normalised. Its limits: a body the server rewrites further
  (``SELECT *`` expanded into the column list, ``||`` read as OR, an operator precedence made explicit)
  compares as different from the stored one; import the view to hold the server's own text, which is
  a fixed point. A CAST's character set is not compared.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Optional, Sequence

import sqlglot
from sqlglot import exp

from schemakit.schema.views import View

from ..base import Statement, skip

Q_VIEWS = """SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE FROM information_schema.VIEWS
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


def read(cur: Any, databases: dict, skipped: Optional[list] = None) -> tuple[View, ...]:
    """The views of `databases` (name -> namespace), their bodies without their own database's qualifier.
    With a `skipped` list (inspect), a view WITH CHECK OPTION, which the model does not hold, is left
    out and recorded there; one of SQL SECURITY INVOKER is kept, its security type recorded as lost."""
    if not databases:
        return ()
    names = list(databases)
    cur.execute(Q_VIEWS.format(in_=", ".join(["%s"] * len(names))), names)
    out = []
    for db, name, body, check, security in cur.fetchall():
        ns = databases[db]
        if skipped is not None and check != "NONE":
            skip(skipped, "SKIP-VIEW", f"{ns}.{name}" if ns else name,
                 f"a view WITH {check} CHECK OPTION (the model holds none): left out")
            continue
        if skipped is not None and security == "INVOKER":  # DEFINER is the default (https://mariadb.com/kb/en/create-view/)
            skip(skipped, "SKIP-VIEW-OPTION", f"{ns}.{name}" if ns else name,
                 "SQL SECURITY INVOKER: kept without it, a view schemakit creates runs with its definer's rights")
        out.append(View(name, strip_database(body, db).strip(), "mysql", namespace=ns))
    return tuple(out)


def canonical(body: str) -> str:
    """`body` in the one form two texts of the same view share (see the module docstring); the text
    itself, blank space collapsed, when sqlglot cannot read it."""
    try:
        tree = sqlglot.parse_one(body, read="mysql")
    except sqlglot.errors.ParseError:
        return " ".join(body.split())
    tree = _unparen(tree.transform(_plain))
    for step in (_unaliased, _flat_joins):
        tree = tree.transform(step)
    # a CAST to CHAR is written with the connection's character set (which the text does not show)
    return _CHARSET.sub("", tree.sql(dialect="mysql", normalize=True).lower())


_CHARSET = re.compile(r" character set \w+")


def _plain(node: exp.Expression) -> exp.Expression:
    """Names unquoted and unqualified; count(0) as count(*); INNER and OUTER left out of a join."""
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
    if isinstance(node, exp.Join) and (node.args.get("kind") or "").upper() in ("INNER", "OUTER"):
        node.set("kind", None)  # the server stores INNER JOIN as join, LEFT OUTER JOIN as left join
        return node
    return node


def _unparen(tree: exp.Expression) -> exp.Expression:
    """`tree` without parentheses that group nothing (around a name, a literal, a call, a whole item or
    argument), innermost first."""
    for node in reversed(list(tree.find_all(exp.Paren))):
        whole = isinstance(node.parent, (exp.Alias, exp.Select, exp.Cast, exp.Func))
        if whole or isinstance(node.this, (exp.Column, exp.Literal, exp.Func, exp.Paren)):
            node.replace(node.this)
    return tree


def _unaliased(node: exp.Expression) -> exp.Expression:
    """A select item without the alias the server gives it (its own text)."""
    if isinstance(node, exp.Alias) and re.sub(r"[\s`]", "", node.alias.lower()) == \
            re.sub(r"[\s`]", "", node.this.sql(dialect="mysql").lower()):
        return node.this
    return node


def _flat_joins(node: exp.Expression) -> exp.Expression:
    """``FROM ((a JOIN b ON (x)) JOIN c USING (k)) WHERE (p)`` as ``FROM a JOIN b ON x JOIN c ON k = k
    WHERE p``: the server parenthesises joins and conditions, and writes USING as ON."""
    if isinstance(node, exp.Join):
        using = node.args.get("using")
        if using:
            node.set("using", None)
            node.set("on", exp.and_(*(exp.EQ(this=exp.column(c.name), expression=exp.column(c.name)) for c in using)))
        while isinstance(node.args.get("on"), exp.Paren):
            node.set("on", node.args["on"].this)
    if isinstance(node, exp.Where):
        while isinstance(node.this, exp.Paren):
            node.set("this", node.this.this)
    if isinstance(node, exp.Select):
        source = node.args.get("from_") or node.args.get("from")
        while source is not None and isinstance(source.this, exp.Subquery) and not source.this.alias \
                and isinstance(source.this.this, (exp.Table, exp.Subquery)):
            inner = source.this.this.copy()
            joins = inner.args.get("joins") or []
            inner.set("joins", None)
            source.set("this", inner)
            node.set("joins", [j.copy() for j in joins] + list(node.args.get("joins") or []))
    return node


def stored(views: Sequence[View]) -> tuple[View, ...]:
    """`views` with their bodies in canonical form."""
    return tuple(replace(v, body=canonical(v.body)) for v in views)
