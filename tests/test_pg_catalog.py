"""PostgreSQL: a schema's relations and functions found through pg_depend (`dialects/postgres/catalog.in_schemas`)
are exactly those a scan of pg_class (pg_proc) by namespace finds, whatever was created, moved or renamed.

schemakit's catalog queries pick a schema's tables that way (pg_class has no index on relnamespace, and a
thousand tenant schemas made each scan cost every tenant milliseconds); were a relation ever missing from
pg_depend, introspection, drift and the emptiness check before a first migration would not see it. The
property is checked on the real server over random histories, hostile names and ``public`` included.
"""
from __future__ import annotations

import uuid

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from schemakit import dialects
from schemakit.dialects.postgres.catalog import in_schemas

PG = dialects.get("postgres")
KINDS = "('r', 'p', 'v', 'm', 'f')"
SCANNED = f"SELECT c.relname FROM pg_class c WHERE c.relnamespace = %(oid)s AND c.relkind IN {KINDS} ORDER BY 1"
FOUND = (f"SELECT c.relname FROM pg_class c WHERE c.relnamespace = %(oid)s AND c.relkind IN {KINDS} AND "
         + in_schemas() + " ORDER BY 1")

SCANNED_PROCS = "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = %(oid)s ORDER BY 1"
FOUND_PROCS = ("SELECT p.proname FROM pg_proc p WHERE p.pronamespace = %(oid)s AND "
               + in_schemas("p.oid", catalog="pg_proc") + " ORDER BY 1")

SCHEMAS = ("public", "a", 'we"ird sch\'ema')
OPS = st.one_of(
    st.tuples(st.just("table"), st.sampled_from(SCHEMAS)),
    st.tuples(st.just("partitioned"), st.sampled_from(SCHEMAS)),
    st.tuples(st.just("view"), st.sampled_from(SCHEMAS)),
    st.tuples(st.just("matview"), st.sampled_from(SCHEMAS)),
    st.tuples(st.just("move"), st.sampled_from(SCHEMAS)),
    st.tuples(st.just("rename"), st.sampled_from(SCHEMAS[1:])),
    st.tuples(st.just("drop"), st.sampled_from(SCHEMAS)),
    st.tuples(st.just("function"), st.sampled_from(SCHEMAS)),
    st.tuples(st.just("move function"), st.sampled_from(SCHEMAS)),
)


def _q(name: str) -> str:
    return PG.quote(name)


def _kind(cur, qualified: str) -> str:
    """The DDL word of the relation `qualified` names: TABLE, VIEW or MATERIALIZED VIEW."""
    cur.execute("SELECT c.relkind FROM pg_class c WHERE c.oid = to_regclass(%s)", (qualified,))
    return {"v": "VIEW", "m": "MATERIALIZED VIEW"}.get(cur.fetchone()[0], "TABLE")


def _apply(cur, op: str, where: str, made: list[tuple[str, str]], names: dict[str, str],
           functions: list[tuple[str, str]]) -> None:
    """One step of a history; `made` holds (schema key, relation) of what exists, `functions` (schema key,
    function), `names` each key's schema now."""
    ns = names[where]
    rel = f"r{uuid.uuid4().hex[:6]}"
    if op == "table":
        cur.execute(f"CREATE TABLE {_q(ns)}.{_q(rel)} (id int PRIMARY KEY, note text)")
    elif op == "partitioned":
        cur.execute(f"CREATE TABLE {_q(ns)}.{_q(rel)} (d date NOT NULL) PARTITION BY RANGE (d)")
        cur.execute(f"CREATE TABLE {_q(ns)}.{_q(rel + '_p')} PARTITION OF {_q(ns)}.{_q(rel)} "
                    "FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')")
        made.append((where, rel + "_p"))
    elif op in ("view", "matview"):
        kind = "VIEW" if op == "view" else "MATERIALIZED VIEW"
        cur.execute(f"CREATE {kind} {_q(ns)}.{_q(rel)} AS SELECT 1 AS one")
    elif op == "move" and made:
        key, moved = made.pop(0)
        qualified = f"{_q(names[key])}.{_q(moved)}"
        cur.execute(f"ALTER {_kind(cur, qualified)} {qualified} SET SCHEMA {_q(ns)}")
        made.append((where, moved))
        return
    elif op == "function":
        cur.execute(f"CREATE FUNCTION {_q(ns)}.{_q(rel)}() RETURNS int LANGUAGE sql AS 'SELECT 1'")
        functions.append((where, rel))
        return
    elif op == "move function" and functions:
        key, moved = functions.pop(0)
        cur.execute(f"ALTER FUNCTION {_q(names[key])}.{_q(moved)}() SET SCHEMA {_q(ns)}")
        functions.append((where, moved))
        return
    elif op == "rename":
        new = f"{ns[:20]} {uuid.uuid4().hex[:4]}"
        cur.execute(f"ALTER SCHEMA {_q(ns)} RENAME TO {_q(new)}")
        names[where] = new
        return
    elif op == "drop" and made:
        key, dropped = made.pop()
        made[:] = [m for m in made if m[1] != dropped + "_p"]  # a partition goes with its table
        qualified = f"{_q(names[key])}.{_q(dropped)}"
        cur.execute(f"DROP {_kind(cur, qualified)} {qualified} CASCADE")
        return
    else:
        return
    made.append((where, rel))


def test_relations_found_through_pg_depend_are_those_of_the_schema(fresh_url):
    url = fresh_url("postgres")
    conn = psycopg.connect(**PG.connect_kwargs(url), autocommit=True)

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(OPS, min_size=1, max_size=12))
    def history(ops):
        cur = conn.cursor()
        names = {key: key for key in SCHEMAS}
        cur.execute("SELECT c.relname, c.relkind FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace "
                    "AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition")
        for rel, kind in cur.fetchall():  # public keeps its pinned-range OID (2200): emptied, never recreated
            what = {"v": "VIEW", "m": "MATERIALIZED VIEW"}.get(kind, "TABLE")
            cur.execute(f"DROP {what} IF EXISTS public.{_q(rel)} CASCADE")
        cur.execute("SELECT 'public'::regnamespace::oid")
        assert cur.fetchone()[0] == 2200
        cur.execute("SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') "
                    "AND nspname NOT LIKE 'pg\\_%'")
        for (stale,) in cur.fetchall():
            cur.execute(f"DROP SCHEMA {_q(stale)} CASCADE")
        for key in SCHEMAS[1:]:
            cur.execute(f"CREATE SCHEMA {_q(key)}")
        cur.execute("SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace")
        for (stale,) in cur.fetchall():
            cur.execute(f"DROP FUNCTION public.{_q(stale)}()")
        made: list[tuple[str, str]] = []
        functions: list[tuple[str, str]] = []
        for op, where in ops:
            _apply(cur, op, where, made, names, functions)
        listed = 0
        for ns in names.values():
            cur.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", (ns,))
            params = {"oid": cur.fetchone()[0], "ns": [ns]}
            scanned = [r[0] for r in cur.execute(SCANNED, params).fetchall()]
            assert [r[0] for r in cur.execute(FOUND, params).fetchall()] == scanned, (ns, ops)
            procs = [r[0] for r in cur.execute(SCANNED_PROCS, params).fetchall()]
            assert [r[0] for r in cur.execute(FOUND_PROCS, params).fetchall()] == procs, (ns, ops)
            listed += len(scanned)
        assert listed == len({rel for _, rel in made}), (names, made)  # the history made what it says

    try:
        history()
    finally:
        conn.close()


def test_a_tenant_catalog_query_reads_through_the_index_not_every_relation(fresh_url):
    """The table listing `migrate` runs for each tenant (`table_names`) plans through pg_depend's index: with
    a few hundred schemas, no sequential scan of pg_class."""
    url = fresh_url("postgres")
    conn = psycopg.connect(**PG.connect_kwargs(url), autocommit=True)
    try:
        cur = conn.cursor()
        for i in range(300):
            cur.execute(f"CREATE SCHEMA t{i}; CREATE TABLE t{i}.a (id int PRIMARY KEY, note text); "
                        f"CREATE TABLE t{i}.b (id int PRIMARY KEY)")
        cur.execute("ANALYZE pg_class; ANALYZE pg_depend")
        from schemakit.dialects.postgres.introspect import TABLES_SQL
        plan = "\n".join(r[0] for r in cur.execute(
            "EXPLAIN " + TABLES_SQL, {"ns": ["t7"], "everything": True, "only_ns": [], "only_names": []}).fetchall())
        assert "Seq Scan on pg_class" not in plan, plan
        assert "pg_depend_reference_index" in plan, plan
        assert sorted(PG.table_names(conn, ("t7",))) == [("t7", "a"), ("t7", "b")]
    finally:
        conn.close()


@pytest.mark.parametrize("name", ["public", 'x"; DROP SCHEMA public; --'])
def test_the_bookkeeping_listing_sees_a_schemas_tables(fresh_url, name):
    """yoyo's list_tables (our PostgreSQL backend's) lists the current schema's tables, views and nothing else."""
    from schemakit.dialects.postgres.backend import PostgresqlPsycopgBackend  # noqa: F401 (the class under test)
    from yoyo.connections import parse_uri
    from yoyo.migrations import default_migration_table
    url = fresh_url("postgres")
    conn = psycopg.connect(**PG.connect_kwargs(url), autocommit=True)
    try:
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {_q(name)}")
        conn.execute(f"CREATE TABLE {_q(name)}.kept (id int)")
        conn.execute(f"CREATE VIEW {_q(name)}.seen AS SELECT 1 AS one")
        conn.execute("CREATE SCHEMA other")
        conn.execute("CREATE TABLE other.elsewhere (id int)")
    finally:
        conn.close()
    backend = PostgresqlPsycopgBackend(parse_uri(PG.yoyo_url(url)), default_migration_table)
    try:
        backend.execute(f"SET search_path TO {_q(name)}")
        assert sorted(backend.list_tables()) == ["kept", "seen"]
    finally:
        backend.connection.close()


# What USED_TYPES meant when it read every column of the database: the definition the scoped query must keep.
_EVERY_COLUMN = """WITH RECURSIVE used(oid) AS (
    SELECT a.atttypid FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relkind IN ('r', 'p') AND NOT a.attisdropped
    UNION SELECT t.typbasetype FROM pg_type t JOIN used u ON t.oid = u.oid WHERE t.typtype = 'd'
)"""
_USED_OF_NS = """
SELECT ty.typname FROM pg_type ty JOIN pg_namespace n ON n.oid = ty.typnamespace
WHERE n.nspname = ANY(%(ns)s) AND ty.typtype IN ('e', 'd', 'c', 'b')
  AND EXISTS (SELECT 1 FROM used WHERE used.oid = ty.oid OR used.oid = ty.typarray) ORDER BY 1"""

TYPE_OPS = st.one_of(
    st.tuples(st.just("enum"), st.sampled_from(SCHEMAS[1:])),
    st.tuples(st.just("domain"), st.sampled_from(SCHEMAS[1:])),
    st.tuples(st.just("composite"), st.sampled_from(SCHEMAS[1:])),
    st.tuples(st.just("column"), st.sampled_from(SCHEMAS)),
    st.tuples(st.just("array column"), st.sampled_from(SCHEMAS)),
    st.tuples(st.just("drop column"), st.sampled_from(SCHEMAS)),
    st.tuples(st.just("retype column"), st.sampled_from(SCHEMAS)),
)


def test_types_a_column_uses_are_found_as_reading_every_column_found_them(fresh_url):
    """USED_TYPES (types of the schemas read that a table column uses, through domains and arrays, from any schema)
    finds through pg_depend exactly what reading every column of the database finds, over random histories."""
    from schemakit.dialects.postgres.introspect import USED_TYPES
    url = fresh_url("postgres")
    conn = psycopg.connect(**PG.connect_kwargs(url), autocommit=True)

    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(TYPE_OPS, min_size=1, max_size=16), st.randoms(use_true_random=False))
    def history(ops, rnd):
        cur = conn.cursor()
        for key in SCHEMAS[1:]:
            cur.execute(f"DROP SCHEMA IF EXISTS {_q(key)} CASCADE")
            cur.execute(f"CREATE SCHEMA {_q(key)}")
        cur.execute("DROP TABLE IF EXISTS public.holder CASCADE")
        for key in SCHEMAS:
            cur.execute(f"CREATE TABLE IF NOT EXISTS {_q(key)}.holder (id int)")
        types: list[tuple[str, bool]] = []  # (qualified and quoted, a domain)
        columns: list[tuple[str, str]] = []  # (qualified table, quoted column)
        for op, ns in ops:
            name = f"x{uuid.uuid4().hex[:6]}"
            where = f"{_q(ns)}.{_q(name)}"
            if op == "enum":
                cur.execute(f"CREATE TYPE {where} AS ENUM ('a', 'b')")
            elif op == "domain":  # over a base type, or over one of the types made so far, or its array
                base = rnd.choice(["int", "text"] + [t for t, _ in types] + [t + "[]" for t, domain in types if not domain])
                cur.execute(f"CREATE DOMAIN {where} AS {base}")
            elif op == "composite":
                cur.execute(f"CREATE TYPE {where} AS (a int, b text)")
            elif op in ("column", "array column") and types:
                used = rnd.choice(types)[0] + ("[]" if op == "array column" else "")
                table = f"{_q(ns)}.holder"
                cur.execute(f"ALTER TABLE {table} ADD COLUMN {_q(name)} {used}")
                columns.append((table, _q(name)))
            elif op == "drop column" and columns:
                table, column = columns.pop(rnd.randrange(len(columns)))
                cur.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
            elif op == "retype column" and columns:
                table, column = rnd.choice(columns)
                cur.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE text USING NULL")
            if op in ("enum", "domain", "composite"):
                types.append((where, op == "domain"))
        for ns in SCHEMAS[1:]:
            params = {"ns": [ns]}
            expected = [r[0] for r in cur.execute(_EVERY_COLUMN + _USED_OF_NS, params).fetchall()]
            assert [r[0] for r in cur.execute(USED_TYPES + _USED_OF_NS, params).fetchall()] == expected, (ns, ops)

    try:
        history()
    finally:
        conn.close()
