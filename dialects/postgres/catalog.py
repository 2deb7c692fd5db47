"""The relations of named schemas, found through pg_depend's index rather than by reading every relation.

pg_class has no index on ``relnamespace`` (https://www.postgresql.org/docs/15/catalog-pg-class.html), so a
query that picks a schema's tables by ``relnamespace`` or ``nspname`` alone reads every relation of the
database: with a thousand tenant schemas some 25,000 rows, several milliseconds per query, paid by every
tenant a run migrates and growing with each one it adds. Every relation records a dependency on its
schema in pg_depend, whose index on the referenced object finds them directly: that is how
``DROP SCHEMA ... CASCADE`` finds what it drops (https://www.postgresql.org/docs/15/catalog-pg-depend.html,
https://www.postgresql.org/docs/15/sql-dropschema.html). Only pinned schemas (pg_catalog, pg_toast) have no
such rows, and no table of theirs is read here. Composite types and indexes depend on their type or table
instead of the schema: `IN_SCHEMAS` is for tables, views and foreign tables.
"""
from __future__ import annotations

IN_SCHEMAS = """c.oid IN (SELECT dp.objid FROM pg_depend dp JOIN pg_namespace dn ON dn.oid = dp.refobjid
      WHERE dp.refclassid = 'pg_namespace'::regclass AND dp.classid = 'pg_class'::regclass AND dn.nspname = ANY({ns}))"""
"""A condition on ``pg_class c``: the relation is one of those recorded as in the schemas the SQL array
expression ``{ns}`` names (format it in: a query parameter such as ``%(ns)s``, or ``ARRAY[current_schema()]``).
It selects; a query keeps its own ``relnamespace`` condition beside it."""
