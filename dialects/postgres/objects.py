"""Every object of a PostgreSQL database's schemas beside its tables, for drift (`Dialect.objects`).

Views, materialized views, sequences (not a column's identity or serial sequence: pg_depend
deptype 'i' or 'a', https://www.postgresql.org/docs/15/catalog-pg-depend.html), functions,
procedures and aggregates, the indexes of one partition alone (the model holds a partitioned
table's indexes and a materialized view's, not a partition's own), types no column uses (a
domain under a domain a column uses counts as used), foreign tables, triggers, row-level security
policies, extensions, a table's rules, extended statistics, text search configurations,
dictionaries, parsers and templates, collations, operators, operator classes and conversions. Members of an
extension (deptype 'e') are the extension's; plpgsql, which every database has, and schemakit's own
``sk_`` functions and triggers are not listed. A range type's multirange, which PostgreSQL creates
with it (https://www.postgresql.org/docs/15/rangetypes.html#RANGETYPES-DEFINING), and its constructor
functions (internal dependencies, deptype 'i') are listed as the range type alone.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

from ..base import DbObject, LiveSupport
from .catalog import in_schemas
from .introspect import USED_TYPES

OBJECTS_SQL = USED_TYPES + """
SELECT n.nspname, o.name, o.kind, o.tbl FROM (
    SELECT c.relnamespace, c.relname::text,  -- text: a routine's name(arguments) is longer than a name
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
                          ELSE 'foreign table' END, NULL::name, c.oid, 'pg_class'::regclass
    FROM pg_class c WHERE c.relkind IN ('v', 'm', 'S', 'f') AND """ + in_schemas() + """
      AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend dp WHERE dp.classid = 'pg_class'::regclass
               AND dp.objid = c.oid AND dp.deptype IN ('a', 'i')))
    UNION ALL
    SELECT p.pronamespace, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
           CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
           NULL::name, p.oid, 'pg_proc'::regclass
    FROM pg_proc p WHERE """ + in_schemas("p.oid", catalog="pg_proc") + """
      AND NOT starts_with(p.proname, 'sk_') AND NOT EXISTS (  -- a range type's constructors
        SELECT 1 FROM pg_depend dp WHERE dp.classid = 'pg_proc'::regclass AND dp.objid = p.oid AND dp.deptype = 'i')
    UNION ALL
    SELECT ty.typnamespace, ty.typname,
           CASE ty.typtype WHEN 'e' THEN 'enum type' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type'
                           ELSE 'composite type' END, NULL::name, ty.oid, 'pg_type'::regclass
    FROM pg_type ty WHERE ty.typtype IN ('e', 'd', 'r', 'c')
      AND ty.typnamespace IN (SELECT tn.oid FROM pg_namespace tn WHERE tn.nspname = ANY(%(ns)s))
      AND (ty.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = ty.typrelid) = 'c')
      AND NOT EXISTS (SELECT 1 FROM used WHERE used.oid = ty.oid OR used.oid = ty.typarray)
    UNION ALL
    SELECT c.relnamespace, tg.tgname, 'trigger', c.relname, tg.oid, 'pg_trigger'::regclass
    FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
    WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND NOT starts_with(tg.tgname, 'sk_') AND """ + in_schemas() + """
    UNION ALL
    SELECT c.relnamespace, pol.polname, 'policy', c.relname, pol.oid, 'pg_policy'::regclass
    FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid WHERE """ + in_schemas() + """
    UNION ALL  -- an index of one partition alone (not a partitioned index's)
    SELECT ic.relnamespace, ic.relname, 'index', t.relname, ic.oid, 'pg_class'::regclass
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relispartition AND NOT ic.relispartition AND """ + in_schemas("t.oid") + """
    UNION ALL
    SELECT e.extnamespace, e.extname, 'extension', NULL::name, e.oid, 'pg_extension'::regclass
    FROM pg_extension e WHERE e.extname <> 'plpgsql'
    UNION ALL  -- a rule of a table (a view's own _RETURN rule is the view)
    SELECT c.relnamespace, r.rulename, 'rule', c.relname, r.oid, 'pg_rewrite'::regclass
    FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE r.rulename <> '_RETURN' AND """ + in_schemas() + """
    UNION ALL
    SELECT s.stxnamespace, s.stxname, 'statistics', NULL::name, s.oid, 'pg_statistic_ext'::regclass
    FROM pg_statistic_ext s
    UNION ALL
    SELECT cfg.cfgnamespace, cfg.cfgname, 'text search configuration', NULL::name, cfg.oid, 'pg_ts_config'::regclass
    FROM pg_ts_config cfg
    UNION ALL
    SELECT d.dictnamespace, d.dictname, 'text search dictionary', NULL::name, d.oid, 'pg_ts_dict'::regclass
    FROM pg_ts_dict d
    UNION ALL
    SELECT prs.prsnamespace, prs.prsname, 'text search parser', NULL::name, prs.oid, 'pg_ts_parser'::regclass
    FROM pg_ts_parser prs
    UNION ALL
    SELECT tmpl.tmplnamespace, tmpl.tmplname, 'text search template', NULL::name, tmpl.oid, 'pg_ts_template'::regclass
    FROM pg_ts_template tmpl
    UNION ALL
    SELECT col.collnamespace, col.collname, 'collation', NULL::name, col.oid, 'pg_collation'::regclass
    FROM pg_collation col
    UNION ALL
    SELECT op.oprnamespace, op.oprname || '(' || coalesce(format_type(op.oprleft, NULL), 'NONE') || ','
           || coalesce(format_type(op.oprright, NULL), 'NONE') || ')', 'operator', NULL::name, op.oid,
           'pg_operator'::regclass
    FROM pg_operator op
    UNION ALL
    SELECT opc.opcnamespace, opc.opcname, 'operator class', NULL::name, opc.oid, 'pg_opclass'::regclass
    FROM pg_opclass opc
    UNION ALL
    SELECT cv.connamespace, cv.conname, 'conversion', NULL::name, cv.oid, 'pg_conversion'::regclass
    FROM pg_conversion cv
) o(nsp, name, kind, tbl, oid, classid)
JOIN pg_namespace n ON n.oid = o.nsp
WHERE n.nspname = ANY(%(ns)s) AND NOT EXISTS (
    SELECT 1 FROM pg_depend dp WHERE dp.classid = o.classid AND dp.objid = o.oid AND dp.deptype = 'e')
ORDER BY n.nspname, o.kind, o.tbl NULLS FIRST, o.name"""

# The schemas of the database beside %(ns)s and the current one: not the system catalogs (pg_catalog, pg_toast,
# a session's pg_temp_N: names beginning pg_ are reserved, https://www.postgresql.org/docs/15/ddl-schemas.html#DDL-SCHEMAS-CREATE),
# not information_schema, not one an extension created, and not ``public`` while it holds nothing (every new
# database has it: https://www.postgresql.org/docs/15/ddl-schemas.html#DDL-SCHEMAS-PUBLIC). Nothing in them is read.
OTHER_SCHEMAS_SQL = """
SELECT n.nspname FROM pg_namespace n
WHERE n.nspname <> ALL(%(ns)s) AND n.nspname IS DISTINCT FROM current_schema()
  AND NOT starts_with(n.nspname, 'pg_') AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend dp WHERE dp.classid = 'pg_namespace'::regclass AND dp.objid = n.oid
                  AND dp.deptype = 'e')
  AND (n.nspname <> 'public' OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid)
       OR EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = n.oid)
       OR EXISTS (SELECT 1 FROM pg_type t WHERE t.typnamespace = n.oid))
ORDER BY n.nspname"""


def objects(conn: Any, namespaces: Sequence[Optional[str]]) -> list[DbObject]:
    """The objects of `namespaces` (None: the current schema) beside their tables (see the module)."""
    cur = conn.cursor()
    cur.execute("SELECT current_schema()")
    default = cur.fetchone()[0]
    cur.execute(OBJECTS_SQL, {"ns": [default if ns is None else ns for ns in namespaces]})
    return [DbObject(kind, None if ns == default else ns, name, table) for ns, name, kind, table in cur.fetchall()]


# schemakit's own triggers (sk_), with the table each is on, whether enabled (ALTER TABLE ... DISABLE TRIGGER sets
# tgenabled to 'D': https://www.postgresql.org/docs/15/catalog-pg-trigger.html) and their function's source:
# `Dialect.live_support`.
SUPPORT_SQL = """
SELECT n.nspname, c.relname, tg.tgname, tg.tgenabled <> 'D', p.prosrc FROM pg_trigger tg
JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = tg.tgfoid
WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND starts_with(tg.tgname, 'sk_') AND n.nspname = ANY(%(ns)s)
  AND """ + in_schemas()


def support(conn: Any, namespaces: Sequence[Optional[str]]) -> dict[tuple[Optional[str], str, str], LiveSupport]:
    """(namespace, table, name) -> `LiveSupport` of schemakit's triggers on the tables of `namespaces` (None: the
    current schema)."""
    cur = conn.cursor()
    cur.execute("SELECT current_schema()")
    default = cur.fetchone()[0]
    cur.execute(SUPPORT_SQL, {"ns": [default if ns is None else ns for ns in namespaces]})
    return {(None if ns == default else ns, table, name): LiveSupport(enabled, source)
            for ns, table, name, enabled, source in cur.fetchall()}
