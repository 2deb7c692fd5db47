"""PostgreSQL views and materialized views: their DDL, how they are read back, and how a model body
is compared with the stored one.

- CREATE OR REPLACE VIEW keeps the view only when the new query yields the same columns, in the
  same order, with the same types (https://www.postgresql.org/docs/15/sql-createview.html), and a
  materialized view has no OR REPLACE at all; so a changed view is dropped and created again (the
  differ drops the views that read it first and creates them again after).
- PostgreSQL stores a view's query parsed and prints it back with ``pg_get_viewdef``
  (https://www.postgresql.org/docs/15/functions-info.html): not the text as written. To compare a
  model body with a live view, the body is created as a temporary view inside a transaction that is
  rolled back, and its ``pg_get_viewdef`` is what the model's body is stored as.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Optional, Sequence

import psycopg
import sqlglot
from sqlglot import exp

from schemakit.schema.model import Kind, Schema
from schemakit.schema.views import View

from .catalog import in_schemas
from ..base import Statement, skip
from . import replicas

# Views and materialized views of the namespaces read, with their query as PostgreSQL prints it, and
# the user functions they call that the model cannot hold (aggregates and window functions: the other
# functions and procedures are held, dialects/postgres/code.py, and created before the views).
VIEWS_SQL = """
SELECT n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid), obj_description(c.oid, 'pg_class'),
       ARRAY(SELECT DISTINCT p.proname FROM pg_rewrite r
             JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                             AND d.refclassid = 'pg_proc'::regclass
             JOIN pg_proc p ON p.oid = d.refobjid JOIN pg_namespace pn ON pn.oid = p.pronamespace
             WHERE r.ev_class = c.oid AND pn.nspname NOT IN ('pg_catalog', 'information_schema')
               AND (p.prokind IN ('a', 'w') OR starts_with(p.proname, 'sk_'))
               AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                               AND e.objid = p.oid AND e.deptype = 'e')),
       coalesce(c.reloptions, '{}'), c.relispopulated,
       ARRAY(SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = c.oid ORDER BY i.indexrelid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(%(ns)s) AND """ + in_schemas() + """
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                  AND d.deptype = 'e')
ORDER BY c.oid
"""

PROBE = "sk_view_probe"  # the temporary view a body is created as, to read it back (then rolled back)


def _kind(v: View) -> str:
    return "MATERIALIZED VIEW" if v.materialized else "VIEW"


def create(d: Any, v: View) -> list[Statement]:
    """CREATE [MATERIALIZED] VIEW (WITH NO DATA where it is not populated), its comment, then its indexes
    (https://www.postgresql.org/docs/15/sql-creatematerializedview.html)."""
    name = d.qualify(v.namespace, v.name)
    empty = "" if v.populated else " WITH NO DATA"
    out = [Statement(f"CREATE {_kind(v)} {name} AS {v.body}{empty}", kind="view")]
    if v.comment is not None:
        out.append(Statement(f"COMMENT ON {_kind(v)} {name} IS {d.literal(v.comment)}", kind="comment"))
    return out + [Statement(i, kind="index") for i in v.indexes]


def drop(d: Any, v: View) -> list[Statement]:
    """DROP [MATERIALIZED] VIEW."""
    return [Statement(f"DROP {_kind(v)} {d.qualify(v.namespace, v.name)}", kind="view")]


def replace_view(d: Any, old: View, new: View) -> list[Statement]:
    """The old view dropped and the new one created (see the module docstring)."""
    return drop(d, old) + create(d, new)


def body(text: str) -> str:
    """A query as pg_get_viewdef prints it, without its trailing semicolon."""
    return text.strip().rstrip(";").rstrip()


def read(cur: Any, params: dict, default: str, skipped: Optional[list] = None) -> tuple[View, ...]:
    """The views of the namespaces `params["ns"]` names, written for PostgreSQL. With a `skipped` list
    (inspect), a view calling a user aggregate or window function (the model does not hold it, so the
    view could not be created again from the model) or with options (WITH CHECK OPTION...) is left out and recorded there."""
    cur.execute(VIEWS_SQL, params)
    out = []
    for ns, name, matview, query, comment, functions, options, populated, indexes in cur.fetchall():
        namespace = None if ns == default else ns
        where = f"{ns}.{name}" if namespace else name
        if skipped is not None and functions:
            skip(skipped, "SKIP-VIEW", where,
                 f"a view calling function(s) {', '.join(sorted(functions))} the model does not hold: left out")
            continue
        if skipped is not None and options:  # WITH CHECK OPTION, security_barrier... (pg_class.reloptions)
            skip(skipped, "SKIP-VIEW", where, f"a view WITH ({', '.join(options)}) (the model holds no view "
                                              "options): left out")
            continue
        out.append(View(name, body(query), "postgres", materialized=matview, namespace=namespace, comment=comment,
                        populated=populated, indexes=tuple(indexes)))
    return tuple(out)


def stored(conn: Any, views: Sequence[View], live: Sequence[View] = ()) -> tuple[View, ...]:
    """`views` with each body (and a materialized view's indexes) as PostgreSQL would store it: created
    in a transaction that is rolled back (nothing is written); what PostgreSQL refuses is kept as it is.
    On a standby, where nothing can be created, a body takes the stored one of the `live` view of its key
    when both queries plan alike to the same columns (`replicas.same_query`), else it is kept as written;
    a materialized view's indexes are then compared as written."""
    if replicas.read_only_transaction(conn):
        kept = {v.key: v.body for v in live}
        return tuple(replace(v, body=kept[v.key]) if v.key in kept and replicas.same_query(conn, v.body, kept[v.key])
                     else v for v in views)
    out = tuple(replace(v, body=found) if (found := _probe(conn, v)) is not None else v for v in views)
    return tuple(replace(v, indexes=indexes) if v.indexes and (indexes := _probe_indexes(conn, v)) else v for v in out)


PROBE_SCHEMA = "sk_index_probe"  # where a materialized view is created to read its indexes back (rolled back)


def _probe_indexes(conn: Any, v: View) -> Optional[tuple[str, ...]]:
    """A materialized view's indexes as pg_get_indexdef prints them: the view is created WITH NO DATA in a
    schema of the probe's own, first on the search path, so each index statement naming the view unqualified
    lands on it (an index lives in its table's schema: no name meets the live one's); all rolled back. None
    when PostgreSQL refuses one (compared as written)."""
    try:
        with conn.transaction(force_rollback=True):
            cur = conn.cursor()
            cur.execute("SELECT quote_ident(coalesce(%s, current_schema())), quote_ident(%s)", (v.namespace, v.name))
            home, quoted = cur.fetchone()
            cur.execute(f"CREATE SCHEMA {PROBE_SCHEMA}")
            cur.execute(f"SELECT set_config('search_path', '{PROBE_SCHEMA}, ' || current_setting('search_path'), true)")
            name = f"{PROBE_SCHEMA}.{quoted}"
            cur.execute(f"CREATE MATERIALIZED VIEW {name} AS {v.body} WITH NO DATA")
            for i in v.indexes:
                cur.execute(i)
            cur.execute("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = %s::regclass "
                        "ORDER BY indexrelid", (name,))
            return tuple(r[0].replace(f" ON {PROBE_SCHEMA}.", f" ON {home}.") for r in cur.fetchall())
    except psycopg.Error:
        return None


def _probe(conn: Any, v: View) -> Optional[str]:
    """The body as pg_get_viewdef prints it, from a temporary view in a transaction (a savepoint inside
    an open one) that is always rolled back; None when PostgreSQL refuses the body."""
    found: Optional[str] = None
    try:
        with conn.transaction(force_rollback=True):
            cur = conn.cursor()
            cur.execute(f"CREATE TEMPORARY VIEW {PROBE} AS {v.body}")
            cur.execute(f"SELECT pg_get_viewdef('pg_temp.{PROBE}'::regclass)")
            found = body(cur.fetchone()[0])
    except psycopg.Error:  # a body PostgreSQL refuses: compared as written
        return None
    return found


def ungrouped_columns(v: View, schema: Schema) -> list[str]:
    """The columns a SELECT of `v` (written for another engine) lists outside an aggregate, its GROUP BY
    not holding them: MySQL and SQLite take any row's value, PostgreSQL refuses the view, unless the
    GROUP BY holds the primary key of the column's table
    (https://www.postgresql.org/docs/15/sql-select.html#SQL-GROUPBY). A column named without its
    table, or a body sqlglot cannot read, is not judged."""
    try:
        tree = sqlglot.parse_one(v.body, read=v.origin)
    except sqlglot.errors.SqlglotError:
        return []
    keys = {t.name.lower(): [c.lower() for c in t.primary_key] for t in schema.tables if t.namespace == v.namespace}
    out: list[str] = []
    for select in tree.find_all(exp.Select):
        group = select.args.get("group")
        if group is None:
            continue
        grouped = {_text(g) for g in group.expressions}
        items = {i.alias_or_name.lower(): i.unalias() for i in select.expressions if i.alias}
        for g in group.expressions:  # GROUP BY 2 or GROUP BY an output name: that item's expression
            if isinstance(g, exp.Literal) and g.is_int and 0 < int(g.name) <= len(select.expressions):
                grouped.add(_text(select.expressions[int(g.name) - 1].unalias()))
            elif isinstance(g, exp.Column) and not g.table and g.name.lower() in items:
                grouped.add(_text(items[g.name.lower()]))
        tables = {t.alias_or_name.lower(): t.name.lower() for t in select.find_all(exp.Table) if t.parent_select is select}
        covered = {alias for alias, name in tables.items()
                   if keys.get(name) and all(f"{alias}.{c}" in grouped for c in keys[name])}
        for item in select.expressions:
            if _text(item.unalias()) in grouped:
                continue
            for column in item.find_all(exp.Column):
                table = column.table.lower()
                if (table and table in tables and table not in covered and _text(column) not in grouped
                        and isinstance(column.find_ancestor(exp.AggFunc, exp.Select), exp.Select)):
                    out.append(column.sql(dialect=v.origin))
    return out


# The comparisons whose two sides PostgreSQL must find one operator for.
_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)
_STRINGS = frozenset({Kind.VARCHAR, Kind.TEXT, Kind.CHAR})


def string_number_comparisons(v: View, schema: Schema) -> list[str]:
    """The comparisons in `v` (written for another engine) of a string column with a number (`active = 1`
    on a CHAR column): MySQL and SQLite convert one side, PostgreSQL has no such operator and refuses
    the view (https://www.postgresql.org/docs/15/typeconv-oper.html). A column named without its table
    in a SELECT reading several, or a body sqlglot cannot read, is not judged."""
    try:
        tree = sqlglot.parse_one(v.body, read=v.origin)
    except sqlglot.errors.SqlglotError:
        return []
    kinds = {t.name.lower(): {c.name.lower(): c.type.kind for c in t.columns}
             for t in schema.tables if t.namespace == v.namespace}
    out: list[str] = []
    for select in tree.find_all(exp.Select):
        tables = {t.alias_or_name.lower(): t.name.lower() for t in select.find_all(exp.Table) if t.parent_select is select}
        only = next(iter(tables.values())) if len(tables) == 1 else None
        for cmp in select.find_all(*_COMPARISONS):
            if cmp.parent_select is not select:
                continue
            for column, other in ((cmp.left, cmp.right), (cmp.right, cmp.left)):
                if isinstance(column, exp.Column) and isinstance(other, exp.Literal) and other.is_number:
                    table = tables.get(column.table.lower()) if column.table else only
                    if kinds.get(table or "", {}).get(column.name.lower()) in _STRINGS:
                        out.append(cmp.sql(dialect=v.origin))
    return out


def _text(e: exp.Expression) -> str:
    """`e` compared without quotes or case (a column as table.column)."""
    if isinstance(e, exp.Column):
        return f"{e.table}.{e.name}".lower()
    return e.sql(dialect="postgres", identify=False).lower()
