"""The objects of named schemas, found through pg_depend's index rather than by reading every object.

pg_class has no index on ``relnamespace``, nor pg_proc on ``pronamespace`` alone
(https://www.postgresql.org/docs/15/catalog-pg-class.html), so a query that picks a schema's tables or
functions by namespace reads every one of the database: with a thousand tenant schemas some 25,000
relations, several milliseconds per query, paid by every tenant a run migrates or reads and growing with
each one added. Every relation and function records a dependency on its schema in pg_depend, whose index
on the referenced object finds them directly: that is how ``DROP SCHEMA ... CASCADE`` finds what it drops
(https://www.postgresql.org/docs/15/catalog-pg-depend.html, https://www.postgresql.org/docs/15/sql-dropschema.html).
Only pinned schemas (pg_catalog, pg_toast) have no such rows, and nothing of theirs is read here. Indexes
depend on their table and composite types on their type instead of the schema: `in_schemas` is for
tables, views, sequences, foreign tables and functions.
"""
from __future__ import annotations


def in_schemas(oid: str = "c.oid", ns: str = "%(ns)s", catalog: str = "pg_class") -> str:
    """A condition: the object whose OID is the SQL expression `oid`, a row of `catalog` (pg_class or pg_proc),
    is one of those recorded as in the schemas the SQL array expression `ns` names (a query parameter such as
    ``%(ns)s``, or ``ARRAY[current_schema()]``). It selects; a query keeps its own namespace condition beside it."""
    # an array made once (an InitPlan), not a subquery to join: the planner then reads the catalog by OID
    # through its index, where a join estimated badly read all of pg_class first
    return (f"{oid} = ANY(ARRAY(SELECT dp.objid FROM pg_depend dp JOIN pg_namespace dn ON dn.oid = dp.refobjid "
            f"WHERE dp.refclassid = 'pg_namespace'::regclass AND dp.classid = '{catalog}'::regclass "
            f"AND dn.nspname = ANY({ns})))")
