"""PostgreSQL introspection: a live database read back into the model.

What the model holds of PostgreSQL's own is read as such: identity GENERATED ALWAYS
(``attidentity``), STORED generated columns (``attgenerated``), column collations other than
the type's default (``attcollation``), defaults that are SQL expressions (``pg_get_expr``, in
canonical SQL; a serial's ``nextval`` of the sequence the column owns is an identity
drawn from a sequence, ``Column.identity_sequence``), index
methods, operator classes other than the default (``indclass``) and INCLUDE columns (past
``indnkeyatts``), and every type of PostgreSQL or of an installed extension that the model has
no kind for as ``native(format_type(), "postgres")``. A domain, composite or range type the
database defines itself is left out (SKIP-TYPE): a fresh database would not have it.

A fixed number of bulk pg_catalog queries (tables, columns, enums,
constraints, indexes, partitions, schemakit triggers), each filtered by
namespace, whatever the number of tables. Everything schemakit generated for
itself is mapped back to the model feature it implements and hidden:
partitions become `Partitioning`, ``sk_`` trigger functions become
`Column.on_update_now` and `StateMachine`s.
"""
from __future__ import annotations

import datetime as dt
import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Collection, Optional, Sequence, Union

from sqlglot import exp

from schemakit.schema import expr as cexpr
from schemakit.schema.code import Extension, drawn_sequence
from schemakit.schema.domains import is_value, keyword_form
from schemakit.schema.model import (
    FLOAT_KINDS, GEN_UUID, INTEGER_KINDS, NOW, Action, Check, Collation, Column, ColumnType, Composite, DeclaredType,
    Default, DefaultKind,
    FUTURE, Domain, Enum, Exclusion, ExclusionElement, ForeignKey, Generated, Index, IndexMethod, IndexPart, Kind,
    PartitionMethod,
    Partitioning, PartitionSpec, Schema, StateMachine, Table, Unique,
)
from schemakit.schema.values import utc_naive

from . import code, policies as pg_policies, storage, views as pg_views
from .catalog import in_schemas
from ..base import Skipped, short_name, skip

MAX_IDENTIFIER = 63  # NAMEDATALEN - 1 (https://www.postgresql.org/docs/15/sql-syntax-lexical.html)

# sqlglot's postgres dialect as canonical SQL reads it: with PostgreSQL's prefix @ (absolute value), which
# pg_get_constraintdef() prints as written (https://www.postgresql.org/docs/15/functions-math.html)
SQLGLOT = cexpr.CANONICAL
ENGINE = "postgres"

# format_type() spellings of the model's kinds (https://www.postgresql.org/docs/15/functions-info.html);
# float(p) is printed as real or double precision, numeric(p) as numeric(p,0).
TYPE_KINDS = {
    "uuid": Kind.UUID, "smallint": Kind.SMALLINT, "integer": Kind.INTEGER, "bigint": Kind.BIGINT,
    "text": Kind.TEXT, "boolean": Kind.BOOLEAN, "timestamp without time zone": Kind.TIMESTAMP,
    "timestamp with time zone": Kind.TIMESTAMPTZ, "date": Kind.DATE, "json": Kind.JSON,
    "jsonb": Kind.JSONB, "real": Kind.REAL, "double precision": Kind.DOUBLE, "bytea": Kind.BYTES,
    "interval": Kind.INTERVAL, "time without time zone": Kind.TIME, "time with time zone": Kind.TIMETZ,
    "numeric": Kind.DECIMAL,
}
_VARCHAR = re.compile(r"^character varying\((\d+)\)$")
_CHAR = re.compile(r"^character\((\d+)\)$")
_NUMERIC = re.compile(r"^numeric\((\d+),(\d+)\)$")
# timestamp(p)/time(p), with or without time zone: p is the fractional-second digits (6: the default).
_FRACTIONAL = re.compile(r"^(timestamp|time)\((\d)\) with(out)? time zone$")
_FRACTIONAL_KINDS = {("timestamp", True): Kind.TIMESTAMP, ("timestamp", False): Kind.TIMESTAMPTZ,
                     ("time", True): Kind.TIME, ("time", False): Kind.TIMETZ}
MAX_CHAR = 255  # the longest CHAR(n) the model holds (schema/validate.py)

# pg_constraint.confdeltype and confupdtype (https://www.postgresql.org/docs/15/catalog-pg-constraint.html).
ACTIONS = {"a": Action.NO_ACTION, "r": Action.RESTRICT, "c": Action.CASCADE,
             "n": Action.SET_NULL, "d": Action.SET_DEFAULT}

# Default expressions as pg_get_expr() prints them.
NOW_DEFAULTS = {"now()", "CURRENT_TIMESTAMP", "CURRENT_DATE", "transaction_timestamp()"}
FUNCTION_DEFAULTS = {"gen_random_uuid()": GEN_UUID}
_QUOTED_LITERAL = re.compile(r"^'((?:[^']|'')*)'(?:::.+)?$", re.S)
_INTEGER_KINDS = {Kind.SMALLINT, Kind.INTEGER, Kind.BIGINT}

# pg_index.indoption bit for DESC (src/include/catalog/pg_index.h, INDOPTION_DESC).
INDOPTION_DESC = 1

# jsonb function names mapped back to the canonical (json) spelling.
CANONICAL_FUNCTIONS = {"jsonb_array_length": "json_array_length"}

# The sk_ trigger functions dialects/postgres.py writes, recognised by their bodies.
_ON_UPDATE = re.compile(r'NEW\.("(?:[^"]|"")+") := now\(\)')
_SM_COLUMN = re.compile(r'IF NEW\.("(?:[^"]|"")+") IS DISTINCT FROM OLD\.')
_SM_NAME = re.compile(r"CONSTRAINT = '((?:[^']|'')*)'")
_SM_PAIR = re.compile(r"\('((?:[^']|'')*)', '((?:[^']|'')*)'\)")
_SM_ALLOWED = re.compile(r"::text\) IN \((.*)\),\s*$", re.M)
_PARTKEY = re.compile(r'^(RANGE|LIST|HASH) \(("(?:[^"]|"")+"|\w+)\)$')
_BOUND = re.compile(r"FROM \('([^']*)'\) TO \('([^']*)'\)")
# A partition bound as pg_get_expr prints it (https://www.postgresql.org/docs/15/sql-createtable.html,
# partition_bound_spec): FROM (...) TO (...), IN (...), WITH (modulus m, remainder r), or DEFAULT.
# The catch-all of a monthly partitioning (``<table>_future``): every row from the end of the last month.
_FUTURE_BOUND = re.compile(r"^FOR VALUES FROM \('([^']*)'\) TO \(MAXVALUE\)$")
_RANGE_BOUND = re.compile(r"^FOR VALUES FROM \((.*)\) TO \((.*)\)$", re.S)
_LIST_BOUND = re.compile(r"^FOR VALUES IN \((.*)\)$", re.S)
_HASH_BOUND = re.compile(r"^FOR VALUES WITH \(modulus (\d+), remainder (\d+)\)$")
_BOUND_ITEM = re.compile(r"\s*(?:'((?:[^']|'')*)'|(-?\d+)|(MINVALUE|MAXVALUE|NULL))(?:::[\w ]+)?\s*(,|$)")

# -- the bulk queries ------------------------------------------------------------------------
# Each takes the namespace names, and which of their tables to read (`_scope`).
_ONLY = """(%(everything)s OR ({ns}, {rel}) IN (SELECT * FROM unnest(%(only_ns)s::text[], %(only_names)s::text[])))"""
_RELATIONS = f"""
    c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY(%(ns)s) AND {in_schemas()}
    AND {_ONLY.format(ns='n.nspname', rel='c.relname')}"""

TABLES_SQL = f"""
SELECT c.oid, n.nspname, c.relname, ds.description,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
WHERE {_RELATIONS}
ORDER BY c.oid"""

# Descriptions are joined, not fetched with col_description(): one lookup per row costs
# a third of the query on 10,000 columns.
COLUMNS_SQL = f"""
SELECT a.attrelid, a.attnum, a.attname, a.attnotnull, a.attidentity <> '',
       et.oid IS NOT NULL, COALESCE(et.oid, t.oid), COALESCE(et.typtype, t.typtype),
       COALESCE(et.typname, t.typname), format_type(COALESCE(et.oid, t.oid), a.atttypmod),
       pg_get_expr(d.adbin, d.adrelid), ds.description, a.attgenerated, a.attidentity,
       CASE WHEN a.attcollation <> COALESCE(et.typcollation, t.typcollation) THEN
           (SELECT cl.collname FROM pg_collation cl WHERE cl.oid = a.attcollation) END,
       CASE WHEN COALESCE(et.typnamespace, t.typnamespace) = 'pg_catalog'::regnamespace THEN true
            ELSE EXISTS (SELECT 1 FROM pg_depend dp WHERE dp.classid = 'pg_type'::regclass
                         AND dp.objid = COALESCE(et.oid, t.oid) AND dp.deptype = 'e') END,
       CASE WHEN d.adbin IS NOT NULL OR a.attidentity <> '' THEN
           -- an identity's START is where a counter kept across a change began, not an option of its own
           (SELECT CASE WHEN sq.seqtypid = a.atttypid AND sq.seqincrement = 1 AND (sq.seqstart = 1 OR a.attidentity <> '')
                          AND sq.seqmin = 1 AND NOT sq.seqcycle AND sq.seqcache = 1
                          AND sq.seqmax = CASE a.atttypid WHEN 'int2'::regtype THEN 32767
                                          WHEN 'int4'::regtype THEN 2147483647 ELSE 9223372036854775807 END
                        THEN 'plain' ELSE 'options' END
            FROM pg_depend dp JOIN pg_class s ON s.oid = dp.objid AND s.relkind = 'S'
            JOIN pg_sequence sq ON sq.seqrelid = s.oid
            WHERE dp.classid = 'pg_class'::regclass AND dp.refobjid = a.attrelid AND dp.refobjsubid = a.attnum
              AND CASE WHEN a.attidentity <> '' THEN dp.deptype = 'i'  -- an identity's own sequence
                       ELSE dp.deptype = 'a' AND pg_get_expr(d.adbin, d.adrelid)
                                                 = format('nextval(%%L::regclass)', s.oid::regclass) END) END,
       COALESCE(et.typnamespace, t.typnamespace) <> c.relnamespace
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_description ds
       ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND {_RELATIONS}
ORDER BY a.attrelid, a.attnum"""

# A domain's definition (https://www.postgresql.org/docs/15/catalog-pg-type.html: typbasetype,
# typtypmod, typnotnull, typdefault; its CHECKs are the pg_constraint rows with contypid): the
# base type as format_type() prints it, whether that base is a domain too, and whether it is spellable
# in a fresh database (as COLUMNS_SQL says of a column's type).
DOMAINS_SQL = """
SELECT t.oid, t.typname, t.typbasetype, b.typtype, format_type(t.typbasetype, t.typtypmod), t.typnotnull,
       t.typdefault,
       CASE WHEN b.typnamespace = 'pg_catalog'::regnamespace THEN true
            ELSE EXISTS (SELECT 1 FROM pg_depend dp WHERE dp.classid = 'pg_type'::regclass
                         AND dp.objid = b.oid AND dp.deptype = 'e') END,
       ARRAY(SELECT co.conname FROM pg_constraint co WHERE co.contypid = t.oid AND co.contype = 'c'
             ORDER BY co.conname),
       ARRAY(SELECT pg_get_expr(co.conbin, 0) FROM pg_constraint co WHERE co.contypid = t.oid
             AND co.contype = 'c' ORDER BY co.conname),
       ARRAY(SELECT co.conname FROM pg_constraint co WHERE co.contypid = t.oid AND co.contype = 'c'
             AND obj_description(co.oid, 'pg_constraint') IS NOT NULL ORDER BY co.conname)
FROM pg_type t JOIN pg_type b ON b.oid = t.typbasetype
WHERE t.oid = ANY(%(types)s) AND t.typtype = 'd'"""

ENUMS_SQL = """
SELECT e.enumtypid, e.enumlabel FROM pg_enum e
WHERE e.enumtypid = ANY(%(types)s)
ORDER BY e.enumtypid, e.enumsortorder"""

CONSTRAINTS_SQL = f"""
SELECT co.conrelid, co.conname, co.contype, co.conkey::int2[], rn.nspname, rc.relname,
       co.confrelid, co.confkey::int2[], co.confdeltype,
       CASE WHEN co.contype = 'c' THEN pg_get_expr(co.conbin, co.conrelid) END,
       co.confupdtype, co.condeferrable, co.confmatchtype,
       CASE WHEN co.contype = 'x' THEN pg_get_constraintdef(co.oid) END, co.connoinherit, co.convalidated,
       obj_description(co.oid, 'pg_constraint'),
       CASE WHEN co.contype = 'u' THEN (SELECT (to_jsonb(i) ->> 'indnullsnotdistinct')::boolean FROM pg_index i
                                       WHERE i.indexrelid = co.conindid) END
FROM pg_constraint co
JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = co.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE co.contype IN ('p', 'u', 'f', 'c', 'x') AND co.conparentid = 0 AND {_RELATIONS}
ORDER BY co.conrelid, co.oid"""

# Column names of tables outside the introspected namespaces that foreign keys reference.
REFERENCED_COLUMNS_SQL = """
SELECT a.attrelid, a.attnum, a.attname FROM pg_attribute a
WHERE a.attrelid = ANY(%(rels)s) AND a.attnum > 0"""

# pg_get_indexdef() per key part only for indexes with expressions (it is the slow part).
# An INVALID index (left by a failed CREATE INDEX CONCURRENTLY) is not read: queries ignore it and a
# unique one enforces nothing (https://www.postgresql.org/docs/15/sql-createindex.html), so it is
# not part of the schema; drift reports the index as missing and migrate rebuilds it.
# Exclusion constraints (https://www.postgresql.org/docs/15/catalog-pg-constraint.html: conexclop holds
# each element's operator; the index behind the constraint, conindid, holds the elements, their operator
# classes and the predicate).
EXCLUSIONS_SQL = f"""
SELECT co.conrelid, co.conname, am.amname, pg_get_expr(i.indpred, i.indrelid, true),
       ARRAY(SELECT CASE WHEN i.indkey[k - 1] <> 0 THEN
                        (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1])
                    END FROM generate_series(1, i.indnkeyatts) k ORDER BY k),
       ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k),
       ARRAY(SELECT CASE WHEN NOT opc.opcdefault THEN opc.opcname END
             FROM unnest(i.indclass) WITH ORDINALITY u(oid, n) LEFT JOIN pg_opclass opc ON opc.oid = u.oid
             ORDER BY u.n),
       ARRAY(SELECT CASE WHEN op.oprnamespace = 'pg_catalog'::regnamespace THEN op.oprname END
             FROM unnest(co.conexclop) WITH ORDINALITY u(oid, n) JOIN pg_operator op ON op.oid = u.oid ORDER BY u.n)
FROM pg_constraint co JOIN pg_index i ON i.indexrelid = co.conindid
JOIN pg_class ic ON ic.oid = co.conindid JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE co.contype = 'x' AND co.conparentid = 0 AND {_RELATIONS}
ORDER BY co.conrelid, co.oid"""

INDEXES_SQL = f"""
SELECT i.indrelid, ic.relname, i.indisunique, am.amname, i.indnkeyatts, i.indkey::int2[], i.indoption::int2[],
       CASE WHEN i.indexprs IS NOT NULL THEN
           ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k)
       END,
       pg_get_expr(i.indpred, i.indrelid, true),
       ARRAY(SELECT CASE WHEN NOT opc.opcdefault THEN
                        CASE WHEN opc.opcnamespace = 'pg_catalog'::regnamespace THEN opc.opcname
                             ELSE quote_ident(ns.nspname) || '.' || quote_ident(opc.opcname) END END
             FROM unnest(i.indclass) WITH ORDINALITY u(oid, n)
             LEFT JOIN pg_opclass opc ON opc.oid = u.oid LEFT JOIN pg_namespace ns ON ns.oid = opc.opcnamespace
             ORDER BY u.n),
       ARRAY(SELECT COALESCE(u.oid = 0 OR u.oid = (SELECT at.attcollation FROM pg_attribute at
                    WHERE at.attrelid = i.indrelid AND at.attnum = i.indkey[u.n - 1]), true)
             FROM unnest(i.indcollation) WITH ORDINALITY u(oid, n) ORDER BY u.n),
       (to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, obj_description(i.indexrelid, 'pg_class'), ic.reloptions
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE {_RELATIONS} AND i.indisvalid AND NOT EXISTS (
    SELECT 1 FROM pg_constraint co
    WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x'))
ORDER BY i.indexrelid"""

PARTITIONS_SQL = f"""
SELECT inh.inhparent, pg_get_expr(c.relpartbound, c.oid), c.relname, c.relnamespace = p.relnamespace
FROM pg_inherits inh
JOIN pg_class c ON c.oid = inh.inhrelid JOIN pg_class p ON p.oid = inh.inhparent
JOIN pg_namespace n ON n.oid = p.relnamespace
WHERE c.relispartition AND p.relkind = 'p' AND n.nspname = ANY(%(ns)s) AND {in_schemas('p.oid')}
  AND {_ONLY.format(ns='n.nspname', rel='p.relname')}"""

TRIGGERS_SQL = f"""
SELECT tg.tgrelid, tg.tgname, p.prosrc
FROM pg_trigger tg
JOIN pg_proc p ON p.oid = tg.tgfoid
JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND starts_with(tg.tgname, 'sk_')
  AND n.nspname = ANY(%(ns)s) AND {in_schemas()} AND {_ONLY.format(ns='n.nspname', rel='c.relname')}
ORDER BY tg.tgrelid, tg.tgname"""


# -- what only `inspect` asks for (a `skipped` list): the table options the model does not hold --
# Comments on what the model holds without one: the index behind a key, schemakit's own triggers (a constraint's
# comment is read with it, CONSTRAINTS_SQL).
COMMENTS_SQL = f"""
SELECT c.oid, 'index', i.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_index x ON x.indrelid = c.oid JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_description d ON d.objoid = i.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE {_RELATIONS} AND EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid)  -- an index's own is held
UNION ALL
SELECT c.oid, 'trigger', tg.tgname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_trigger tg ON tg.tgrelid = c.oid AND NOT tg.tgisinternal
     AND (starts_with(tg.tgname, 'sk_') OR tg.tgparentid <> 0)  -- a user trigger's comment is held (code.py)
JOIN pg_description d ON d.objoid = tg.oid AND d.classoid = 'pg_trigger'::regclass
WHERE {_RELATIONS}
ORDER BY 1, 2, 3"""

# The comments the model does not hold beside the tables' (https://www.postgresql.org/docs/15/sql-comment.html):
# on a view's or a materialized view's column, on a materialized view's index, on a policy, and on a schema read
# (not the one every database is made with: https://www.postgresql.org/docs/15/ddl-schemas.html#DDL-SCHEMAS-PUBLIC).
OTHER_COMMENTS_SQL = f"""
SELECT n.nspname, c.relname || '.' || a.attname,
       'column ' || a.attname || CASE c.relkind WHEN 'm' THEN ' of materialized view ' ELSE ' of view ' END || c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid > 0
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(%(ns)s) AND {in_schemas()}
UNION ALL
SELECT n.nspname, i.relname, 'index ' || i.relname || ' of materialized view ' || c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_index x ON x.indrelid = c.oid JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = i.oid AND d.objsubid = 0
WHERE c.relkind = 'm' AND n.nspname = ANY(%(ns)s) AND {in_schemas()}
UNION ALL
SELECT n.nspname, c.relname || '.' || p.polname, 'policy ' || p.polname || ' on ' || c.relname
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_description d ON d.classoid = 'pg_policy'::regclass AND d.objoid = p.oid
WHERE n.nspname = ANY(%(ns)s) AND {in_schemas()}
UNION ALL
SELECT NULL, n.nspname, 'schema ' || n.nspname
FROM pg_namespace n JOIN pg_description d ON d.classoid = 'pg_namespace'::regclass AND d.objoid = n.oid
WHERE n.nspname = ANY(%(ns)s) AND NOT (n.nspname = 'public' AND d.description = 'standard public schema')
ORDER BY 1 NULLS FIRST, 2"""

# A table's options the model does not hold: UNLOGGED, its inheritance parents, and (one line) its storage
# parameters, replica identity and clustering index (https://www.postgresql.org/docs/15/sql-altertable.html);
# each column's compression, storage other than its type's, and statistics target, as "name<TAB>options".
TABLE_OPTIONS_SQL = f"""
SELECT c.oid, c.relpersistence = 'u', c.relrowsecurity,
       (SELECT string_agg(quote_ident(pn.nspname) || '.' || quote_ident(p.relname), ', ' ORDER BY p.relname)
        FROM pg_inherits inh JOIN pg_class p ON p.oid = inh.inhparent
        JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE inh.inhrelid = c.oid),
       concat_ws(', ', 'WITH (' || array_to_string(c.reloptions, ', ') || ')',
                 CASE c.relreplident WHEN 'f' THEN 'REPLICA IDENTITY FULL' WHEN 'n' THEN 'REPLICA IDENTITY NOTHING'
                      WHEN 'i' THEN 'REPLICA IDENTITY USING INDEX ' || (
                          SELECT quote_ident(ic.relname) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                          WHERE i.indrelid = c.oid AND i.indisreplident) END,
                 (SELECT 'CLUSTER ON ' || quote_ident(ic.relname) FROM pg_index i
                  JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid AND i.indisclustered)),
       (SELECT array_agg(a.attname || E'\t' || concat_ws(', ',
                   CASE a.attcompression WHEN 'p' THEN 'COMPRESSION pglz' WHEN 'l' THEN 'COMPRESSION lz4' END,
                   CASE WHEN a.attstorage <> ty.typstorage THEN 'STORAGE ' || CASE a.attstorage WHEN 'p' THEN 'PLAIN'
                        WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END END,
                   CASE WHEN a.attstattarget >= 0 THEN 'STATISTICS ' || a.attstattarget END) ORDER BY a.attnum)
        FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          AND (a.attcompression IN ('p', 'l') OR a.attstorage <> ty.typstorage OR a.attstattarget >= 0))
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE {_RELATIONS}"""


class IntrospectionError(ValueError):
    """A live object the model cannot represent."""


@dataclass
class _Table:
    """A table being assembled from the query results."""

    namespace: Optional[str]
    name: str
    comment: Optional[str]
    partition_key: Optional[str]
    columns: dict[int, Column] = field(default_factory=dict)  # by attnum
    primary_key: tuple[str, ...] = ()
    primary_key_comment: Optional[str] = None
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    uniques: list[Unique] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    bounds: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    state_machines: list[StateMachine] = field(default_factory=list)
    on_update: set[str] = field(default_factory=set)
    left_out: dict[int, str] = field(default_factory=dict)  # columns skipped, by attnum
    odd_bounds: list[str] = field(default_factory=list)  # partition bounds that are not monthly ranges
    parts: list[tuple[str, str, bool]] = field(default_factory=list)  # (name, bound, in the table's namespace)

    @property
    def qualified(self) -> str:
        return f"{self.namespace}.{self.name}" if self.namespace else self.name

    def column_name(self, attnum: int) -> str:
        """The name of column `attnum`, also of one left out (what names it is left out after it)."""
        return self.columns[attnum].name if attnum in self.columns else self.left_out[attnum]


def introspect(conn: Any, namespaces: Sequence[Optional[str]],
               tables: Optional[Collection[tuple[Optional[str], str]]] = None,
               skipped: Optional[list[Skipped]] = None) -> Schema:
    """The tables of `namespaces` (None: the current schema) as a model `Schema`; with `tables`,
    only those (namespace, name) keys (tables of other owners are not read at all). With a
    `skipped` list, what the model cannot hold is left out and recorded there (`Dialect.introspect`)."""
    with _no_gc():
        return _introspect(conn.cursor(), namespaces, tables, skipped)


@contextmanager
def _no_gc():
    """Pause the cyclic garbage collector while building ~10^5 small objects.

    They hold no cycles; collections triggered by the allocation count alone
    cost about a fifth of the introspection time on 1,000 tables.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def table_names(conn: Any, namespaces: Sequence[Optional[str]]) -> list[tuple[Optional[str], str]]:
    """(namespace, name) of each table `introspect` reads, with its first catalog query alone."""
    cur = conn.cursor()
    return [(t.namespace, t.name) for t in _tables(cur, *_scope(cur, namespaces)).values()]


def _scope(cur: Any, namespaces: Sequence[Optional[str]],
           tables: Optional[Collection[tuple[Optional[str], str]]] = None) -> tuple[dict, str]:
    """The query parameters naming `namespaces` (None: the current schema) and `tables` (None:
    every table of them), and the current schema."""
    cur.execute("SELECT current_schema()")
    default = cur.fetchone()[0]
    keys = sorted((default if ns is None else ns, name) for ns, name in tables or ())
    return {"ns": [default if ns is None else ns for ns in namespaces], "everything": tables is None,
            "only_ns": [k[0] for k in keys], "only_names": [k[1] for k in keys]}, default


def _introspect(cur: Any, namespaces: Sequence[Optional[str]],
                only: Optional[Collection[tuple[Optional[str], str]]] = None,
                skipped: Optional[list[Skipped]] = None) -> Schema:
    params, default = _scope(cur, namespaces, only)
    tables = _tables(cur, params, default)
    _columns(cur, params, tables, skipped)
    _constraints(cur, params, tables, default, skipped)
    _indexes(cur, params, tables, skipped)
    _partitions(cur, params, tables)
    _triggers(cur, params, tables)
    schema = Schema(tuple(_build(t, skipped) for t in tables.values()), pg_views.read(cur, params, default, skipped),
                    _declared_types(cur, params, default, skipped))
    schema = replace(_with_policies(cur, params, default, schema), extensions=_extensions(cur, params, default))
    if skipped is None:
        return schema
    _others(cur, params, tables, default, skipped)
    sequences, routines, triggers = code.read(cur, params, _ONLY.format(ns="n.nspname", rel="c.relname"), default)
    seqs = {s.key for s in sequences}  # the grants on the sequences read only (the others listed: SKIP-GRANT)
    grants = pg_policies.skipped_grants(cur, params, default, schema.grants, seqs, skipped)
    held = tuple(_unheld_sequence_defaults(t, seqs, skipped) for t in schema.tables)
    return replace(schema, tables=held, sequences=sequences, routines=routines, triggers=triggers, grants=grants)


# The extensions whose objects are in the namespaces read: every one but plpgsql, which every database has
# (https://www.postgresql.org/docs/15/plpgsql-overview.html), btree_gist included (held like the others: creating
# it again is a no-op, CREATE EXTENSION IF NOT EXISTS).
EXTENSIONS_SQL = """
SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql' AND n.nspname = ANY(%(ns)s) ORDER BY e.extname"""


def _extensions(cur: Any, params: dict, default: str) -> tuple[Extension, ...]:
    """The extensions installed in the namespaces of `params` (`EXTENSIONS_SQL`), in name order."""
    cur.execute(EXTENSIONS_SQL, params)
    return tuple(Extension(name, None if ns == default else ns) for name, ns in cur.fetchall())


def _unheld_sequence_defaults(t: Table, sequences: Collection, skipped: list[Skipped]) -> Table:
    """`t` with each default drawing from a sequence (nextval('seq'::regclass)) that is not among the keys
    `sequences` read left out, recorded (SKIP-DEFAULT); one whose sequence is read is held: the sequence is
    created before the table and dropped after it (schema/code_diff.py)."""
    columns = []
    for c in t.columns:
        key = drawn_sequence(str(c.default.value), t.namespace) if c.default is not None else None
        if key and key not in sequences:
            where, text = f"{t.qualified}.{c.name}", ".".join(n for n in key if n)
            skip(skipped, "SKIP-DEFAULT", where, f"DEFAULT nextval({text!r}) draws from a sequence the model does not "
                                                 "hold as its own (another schema's, or another column's serial "
                                                 "sequence): the column is kept without a default")
            c = replace(c, default=None)
        columns.append(c)
    return replace(t, columns=tuple(columns))


def _with_policies(cur: Any, params: dict, default: str, schema: Schema) -> Schema:
    """`schema` with its tables' row-level security, policies and the grants on its tables and views
    (dialects/postgres/policies.py)."""
    policies, grants, rls = pg_policies.read(cur, params, _ONLY.format(ns="n.nspname", rel="c.relname"), default)
    tables = tuple(replace(t, row_security=rls[t.key][0], force_row_security=rls[t.key][1]) if t.key in rls else t
                   for t in schema.tables)
    keys = {t.key for t in tables}
    objects = keys | {v.key for v in schema.views}  # and every sequence: drift keeps those of the model's
    return replace(schema, tables=tables, policies=tuple(p for p in policies if p.table_key in keys),
                   grants=tuple(g for g in grants if g.object_key in objects or g.kind == "sequence"))


def code_objects(conn: Any, namespaces: Sequence[Optional[str]],
                 tables: Optional[Collection[tuple[Optional[str], str]]] = None) -> tuple[tuple, tuple, tuple]:
    """(sequences, routines, triggers) of `namespaces`, the triggers of `tables` only (None: all), as
    `inspect` reads them (dialects/postgres/code.py)."""
    cur = conn.cursor()
    params, default = _scope(cur, namespaces, tables)
    return code.read(cur, params, _ONLY.format(ns="n.nspname", rel="c.relname"), default)


def _rows(cur: Any, sql: str, params: dict) -> list[tuple]:
    cur.execute(sql, params)
    return cur.fetchall()


def _tables(cur: Any, params: dict, default: str) -> dict[int, _Table]:
    return {oid: _Table(None if ns == default else ns, name, comment, partkey)
            for oid, ns, name, comment, partkey in _rows(cur, TABLES_SQL, params)}


# -- columns and enums --------------------------------------------------------------------------
def _columns(cur: Any, params: dict, tables: dict[int, _Table], skipped: Optional[list[Skipped]] = None) -> None:
    rows = _rows(cur, COLUMNS_SQL, params)
    enum_oids = sorted({r[6] for r in rows if r[7] == "e"})
    enums = _enums(cur, enum_oids)
    domain_oids = sorted({r[6] for r in rows if r[7] == "d"})
    domains = _domains(cur, domain_oids) if domain_oids else {}
    for (rel, attnum, name, notnull, identity, is_array, base_oid, typtype, typname,
         formatted, default, comment, generated, identity_kind, collation, spellable, owns_sequence, elsewhere) in rows:
        t = tables[rel]
        where = f"{t.qualified}.{name}"
        domain = domains.get(base_oid)
        if domain is not None:
            typtype, formatted, spellable = domain.base_typtype, domain.base, domain.spellable
        if typtype == "e":
            base: Optional[ColumnType] = ColumnType(Kind.ENUM, enum=Enum(typname, enums[base_oid]))
            if elsewhere and domain is None:
                skip(skipped, "SKIP-TYPE-NAMESPACE", where, f"enum {typname} of another schema than the table's: the "
                                                            "model keeps an enum in the schema of the table using it")
        elif skipped is None:
            base = _scalar_type(formatted, where, spellable)
        else:
            base = _nearest_type(formatted, where, spellable, skipped)
        if base is None:
            t.left_out[attnum] = name
            continue
        if domain is not None and is_array:
            skip(skipped, "SKIP-DOMAIN", where, f"an array of domain {domain.name} over {domain.base}: read as an array "
                                                f"of {domain.base}; the domain's rules on each element are not kept")
        elif domain is not None:
            base = _model_domain(domain, base, where, skipped)
        ty = ColumnType(Kind.ARRAY, item=base) if is_array else base
        computed = None
        if generated == "s":  # STORED, the only kind PostgreSQL 15 has (pg_attribute.attgenerated)
            computed = _generated(default, where, skipped)
            default = None
        elif generated:
            raise IntrospectionError(f"column {where}: attgenerated {generated!r} is not one PostgreSQL 15 writes")
        if identity_kind and owns_sequence == "options":
            skip(skipped, "SKIP-IDENTITY-OPTION", where, "the options of the identity's sequence (increment, bounds, "
                                                         "cache, cycle) are not kept: the identity has the defaults")
        serial = owns_sequence is not None and not identity_kind and ty.kind in _INTEGER_KINDS
        if serial and owns_sequence == "options":
            skip(skipped, "SKIP-DEFAULT", where, f"DEFAULT {default} (serial) read as a serial: the options of its "
                                                 "sequence (start, increment, bounds, cache, cycle, type) are not kept")
        if serial:  # a serial: an integer column whose default is nextval() of the sequence the column owns
            default, identity = None, True
        t.columns[attnum] = Column(
            name, ty, nullable=not notnull, default=_default(default, ty, where, skipped, drawn=True), identity=identity,
            comment=comment, identity_always=identity_kind == "a", generated=computed,
            collation=Collation(collation, ENGINE) if collation is not None else None, identity_sequence=serial)


@dataclass(frozen=True)
class _Level:
    """One domain of a chain (a domain over a domain...): its own rules."""

    name: str
    notnull: bool
    default: Optional[str]
    checks: tuple[tuple[str, str], ...]  # (constraint name, expression over VALUE)
    commented: tuple[str, ...] = ()  # the CHECKs with a comment (COMMENT ON CONSTRAINT ... ON DOMAIN), not kept


@dataclass(frozen=True)
class _Domain:
    """A domain with the domains it is over, down to a base type that is not a domain."""

    name: str
    base: str  # the deepest base type as format_type() prints it
    base_typtype: str
    spellable: bool
    levels: tuple[_Level, ...]  # outermost (the column's domain) first


def _domains(cur: Any, oids: list[int]) -> dict[int, _Domain]:
    """Each domain of `oids` resolved through the domains it is over, down to a type that is not one."""
    rows_by_oid: dict[int, tuple] = {}
    wanted = list(oids)
    while wanted:
        rows = _rows(cur, DOMAINS_SQL, {"types": wanted})
        rows_by_oid.update({r[0]: r for r in rows})
        wanted = sorted({r[2] for r in rows if r[3] == "d" and r[2] not in rows_by_oid})
    out = {}
    for oid in oids:
        found = []
        row = rows_by_oid.get(oid)
        while row is not None:
            found.append(row)
            row = rows_by_oid.get(row[2]) if row[3] == "d" else None
        if not found or found[-1][3] == "e":  # a domain over an enum: left out as another own type
            continue
        deepest = found[-1]
        levels = tuple(_Level(r[1], r[5], r[6], tuple(zip(r[8], r[9])), tuple(r[10])) for r in found)
        out[oid] = _Domain(found[0][1], deepest[4], deepest[3], deepest[7], levels)
    return out


def _model_domain(domain: _Domain, base: ColumnType, where: str, skipped: Optional[list[Skipped]]) -> ColumnType:
    """The column type of a domain: the model's Domain of each level, the deepest over `base`, each outer one
    over the one inside it (https://www.postgresql.org/docs/15/sql-createdomain.html); CHECKs read over VALUE,
    one sqlglot cannot read left out with SKIP-CONSTRAINT."""
    ty = base
    for level in reversed(domain.levels):
        checks = []
        for conname in level.commented:  # once per domain, however many columns use it
            lost = Skipped("SKIP-COMMENT", f"{level.name}.{conname}",
                           f"the comment on CHECK {conname} of domain {level.name} is not kept")
            if skipped is not None and lost not in skipped:
                skip(skipped, lost.code, lost.name, lost.why)
        for conname, sql in level.checks:
            expression = _expression(sql, f"{where} (domain {level.name}, CHECK {conname})", "CHECK", skipped)
            if expression is not None and ty is not base:
                expression = _uncast_value(expression)
            if expression is not None:
                checks.append(Check(conname, keyword_form(expression)))
        d = Domain(level.name, ty, level.notnull, _default(level.default, base, where, skipped), tuple(checks))
        ty = replace(base, domain=d)
    return ty


def _uncast_value(sql: str) -> str:
    """A CHECK of a domain over a domain without the cast of VALUE that PostgreSQL adds to it: it stores
    ``VALUE < 10`` as ``(VALUE)::integer < 10``, VALUE cast to the base type under the inner domain."""
    tree = cexpr.parse(sql).copy().transform(lambda n: n.this if isinstance(n, exp.Cast) and is_value(n.this) else n)
    return cexpr.normalize_tree(tree)


def _generated(text: str, where: str, skipped: Optional[list[Skipped]]) -> Optional[Generated]:
    """The Generated of a STORED column's expression; None (recorded) for one sqlglot cannot read."""
    expression = _expression(text, where, "generated column", skipped)
    return None if expression is None else Generated(expression, True)


def _enums(cur: Any, oids: list[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, tuple[str, ...]] = {oid: () for oid in oids}
    if oids:
        for oid, label in _rows(cur, ENUMS_SQL, {"types": oids}):
            out[oid] += (label,)
    return out


def _scalar_type(formatted: str, where: str, spellable: bool) -> ColumnType:
    """The model type of a format_type() spelling: a kind of the model, or a native type of PostgreSQL."""
    ty = _exact_type(formatted) or _native(formatted, spellable)
    if ty is None:
        raise IntrospectionError(f"column {where}: type {formatted!r} is a type of this database only (a domain, "
                                 "a composite or range type of its own): schemakit does not create it")
    return ty


def _native(formatted: str, spellable: bool) -> Optional[ColumnType]:
    """A type PostgreSQL or an extension defines (inet, int4range, tsvector, point, money, bit(n)...) as
    the model's NATIVE type, spelled as format_type() prints it; None for a type the database defines
    itself (a domain, a composite, an own range type), which a fresh database would not have."""
    return ColumnType(Kind.NATIVE, native=formatted, origin=ENGINE) if spellable else None


def _exact_type(formatted: str) -> Optional[ColumnType]:
    """The model type a format_type() spelling is exactly, or None."""
    if formatted in TYPE_KINDS:
        return ColumnType(TYPE_KINDS[formatted])
    if formatted == "character varying":  # without a length: text of any length, spelled as PostgreSQL's own
        return ColumnType(Kind.TEXT, native=formatted, origin=ENGINE)
    m = _VARCHAR.match(formatted)
    if m:
        return ColumnType(Kind.VARCHAR, length=int(m.group(1)))
    m = _CHAR.match(formatted)
    if m and int(m.group(1)) <= MAX_CHAR:
        return ColumnType(Kind.CHAR, length=int(m.group(1)))
    m = _NUMERIC.match(formatted)
    if m:
        return ColumnType(Kind.DECIMAL, precision=int(m.group(1)), scale=int(m.group(2)))
    m = _FRACTIONAL.match(formatted)
    if m:
        digits = int(m.group(2))
        return ColumnType(_FRACTIONAL_KINDS[(m.group(1), bool(m.group(3)))], precision=None if digits == 6 else digits)
    return None


# What `_nearest_type` reads a type without an exact model equivalent as, and what is lost
# (https://www.postgresql.org/docs/15/datatype.html): each holds every value of the type read.
_NEAREST = (
    (re.compile(r"^bpchar$"), lambda m: ColumnType(Kind.TEXT),
     "bpchar without a length: trailing blanks are not significant; in text they are"),
    (re.compile(r"^character\((\d+)\)$"), lambda m: ColumnType(Kind.VARCHAR, length=int(m.group(1))),
     f"character(n) longer than {MAX_CHAR} pads with spaces and ignores trailing blanks; varchar(n) does not"),
    # https://www.postgresql.org/docs/15/datatype-datetime.html#DATATYPE-INTERVAL-INPUT
    (re.compile(r"^interval\b.+$"), lambda m: ColumnType(Kind.INTERVAL),
     "the interval's fields or fractional-second precision (values are no longer truncated to them)"),
)


def _nearest_type(formatted: str, where: str, spellable: bool, skipped: list[Skipped]) -> Optional[ColumnType]:
    """The model type of a format_type() spelling, the nearest one (recorded), or None (recorded)."""
    ty = _exact_type(formatted)
    if ty is not None:
        return ty
    for pattern, make, lost in _NEAREST:
        m = pattern.match(formatted)
        if m:
            ty = make(m)
            skip(skipped, "SKIP-TYPE-NEAREST", where, f"type {formatted} read as {ty}; lost: {lost}")
            return ty
    ty = _native(formatted, spellable)
    if ty is None:
        skip(skipped, "SKIP-TYPE", where, f"type {formatted} is this database's own (a domain, composite or range "
                                          "type schemakit does not create); the column is left out")
    return ty


def _default(text: Optional[str], ty: ColumnType, where: str, skipped: Optional[list[Skipped]],
             drawn: bool = False) -> Optional[Default]:
    """A column default as pg_get_expr() prints it: one of the model's own (a literal, now, a random
    uuid), else an expression in canonical SQL; with a `skipped` list, None (recorded) for an
    expression sqlglot cannot read. A default drawing from a sequence (nextval) is read where `drawn`
    (a table's column: `_unheld_sequence_defaults` leaves it out when its sequence is not read)."""
    if text is None or text.startswith("NULL::") or text == "NULL":
        return None
    now_cast = _NOW_BY_TEXT.match(text)
    if now_cast and NOW_CASTS[now_cast.group(1)] is ty.kind:
        return NOW
    if _is_value(text):
        return parse_default(text, ty)
    rounded = _ROUNDED_NOW.match(text)
    if rounded and ty.kind in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ):
        if ty.fraction_digits <= int(rounded.group(1)):  # the column rounds now() the same way
            return NOW
        skip(skipped, "SKIP-DEFAULT", where, f"DEFAULT {text} rounds the current time to fewer digits than the "
                                             "column keeps: the column is kept without a default")
        return None if skipped is not None else Default(DefaultKind.EXPRESSION, text)
    if skipped is None:  # drift and migrate: an expression sqlglot cannot read is compared as printed
        try:
            return Default(DefaultKind.EXPRESSION, read_default(text))
        except (cexpr.ExpressionError, ValueError):
            return Default(DefaultKind.EXPRESSION, text)
    sequence = _NEXTVAL.search(text)
    if sequence and drawn:
        return Default(DefaultKind.EXPRESSION, read_default(text))
    if sequence:  # the sequence is held (dialects/postgres/code.py); a default calling it is not, yet
        skip(skipped, "SKIP-DEFAULT", where, f"DEFAULT {text} draws from sequence {sequence.group(1)}: the "
                                             "sequence is kept, a default calling nextval() is not; the column is "
                                             "kept without a default (give it an identity, or set the default by hand)")
        return None
    try:
        return Default(DefaultKind.EXPRESSION, read_default(text))
    except (cexpr.ExpressionError, ValueError) as e:
        skip(skipped, "SKIP-DEFAULT", where, f"DEFAULT {text} cannot be read into canonical SQL "
                                             f"({str(e).splitlines()[0]})")
        return None


# ('now'::text)::date: the string 'now' cast to text, then to a date or timestamp at each insert, is the
# current date or time (pg_dump's spelling of the DEFAULT of ports from MySQL, pagila's among them); a
# direct 'now'::date is read once, when the default is made
# (https://www.postgresql.org/docs/15/datatype-datetime.html#DATATYPE-DATETIME-SPECIAL-VALUES).
_NOW_BY_TEXT = re.compile(r"^\('now'::text\)::(date|timestamp without time zone|timestamp with time zone)$")
NOW_CASTS = {"date": Kind.DATE, "timestamp without time zone": Kind.TIMESTAMP,
             "timestamp with time zone": Kind.TIMESTAMPTZ}
# CURRENT_TIMESTAMP(p): the current time rounded to p fractional digits (sqlglot drops the p)
_ROUNDED_NOW = re.compile(r"^CURRENT_TIMESTAMP\(([0-6])\)$")
_NEXTVAL = re.compile(r"\bnextval\('((?:[^']|'')*)'")


@lru_cache(maxsize=4096)
def read_default(sql: str) -> str:
    """A default expression as PostgreSQL prints it, as canonical SQL that keeps its casts: a default's
    value is rendered, not only compared (``now()::date + 14`` is a date; `read_expression`'s normal form,
    which drops casts, would make it a timestamp). The differ compares both in normal form."""
    return cexpr.parse(sql, SQLGLOT).transform(_canonical_function).sql(dialect=cexpr.CANONICAL,
                                                                         normalize_functions="lower", identify=True)


_CAST_LITERAL = re.compile(r"""^'(?:[^']|'')*'(?:::[\w ."\[\](),]+)*$""", re.S)


def _is_value(text: str) -> bool:
    """Whether a default as pg_get_expr() prints it is one the model holds: a literal, now(), a uuid."""
    return (text in NOW_DEFAULTS or text in FUNCTION_DEFAULTS or _CAST_LITERAL.match(text) is not None
            or text in ("true", "false") or re.fullmatch(r"-?\d+(\.\d+)?", text) is not None)


def parse_default(text: Optional[str], ty: ColumnType) -> Optional[Default]:
    """A column default as pg_get_expr() prints it, typed as the model writes it."""
    if text is None:
        return None
    if text in NOW_DEFAULTS:
        # the model's now default is CURRENT_DATE on a date, CURRENT_TIMESTAMP on a timestamp; any other
        # pairing is an expression (a timestamp defaulting to today's midnight is not now)
        if (ty.kind is Kind.DATE) == (text == "CURRENT_DATE") and ty.kind in (Kind.DATE, Kind.TIMESTAMP,
                                                                               Kind.TIMESTAMPTZ):
            return NOW
        return Default(DefaultKind.EXPRESSION, read_expression(text))
    if text in FUNCTION_DEFAULTS:
        return FUNCTION_DEFAULTS[text]
    m = _QUOTED_LITERAL.match(text)
    raw = m.group(1).replace("''", "'") if m else text
    return Default(DefaultKind.LITERAL, _typed(raw, ty))


def _typed(raw: str, ty: ColumnType):
    """A literal default converted to the Python type the model uses for `ty`.

    Anything else (decimals, text, JSON, and expressions schemakit does not
    model) stays text; the differ compares values typed by the column.
    """
    if ty.kind is Kind.BOOLEAN and raw in ("true", "false"):
        return raw == "true"
    if ty.kind in _INTEGER_KINDS and re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if ty.kind in FLOAT_KINDS and _FLOAT.fullmatch(raw):
        return float(raw)
    if ty.kind is Kind.BYTES and re.fullmatch(r"\\x(?:[0-9a-f]{2})*", raw):  # bytea's hex output format
        return raw[2:]
    return raw


_FLOAT = re.compile(r"-?(?:\d+(?:\.\d*)?(?:e[-+]?\d+)?|NaN|Infinity)", re.I)


# -- constraints ----------------------------------------------------------------------------
MATCH = {"f": "MATCH FULL", "p": "MATCH PARTIAL"}  # confmatchtype other than 's' (simple)


def _constraints(cur: Any, params: dict, tables: dict[int, _Table], default: str,
                 skipped: Optional[list[Skipped]] = None) -> None:
    rows = _rows(cur, CONSTRAINTS_SQL, params)
    names = _referenced_columns(cur, rows, tables)
    exclusions = _exclusions(cur, params, tables) if any(r[2] == "x" for r in rows) else {}
    for (rel, name, kind, keys, ref_ns, ref_table, ref_rel, ref_keys, on_delete, check,
         on_update, deferrable, match, exclusion, noinherit, validated, comment, nulls_not_distinct) in rows:
        t = tables[rel]
        where = f"{t.qualified}.{name}"
        # Options of a key or CHECK the model does not hold: the constraint is kept, and the option named
        # (https://www.postgresql.org/docs/15/sql-createtable.html, DEFERRABLE, NO INHERIT, UNIQUE NULLS NOT
        # DISTINCT; NOT VALID: https://www.postgresql.org/docs/15/sql-altertable.html)
        options = (["DEFERRABLE"] if deferrable and kind in "pu" else []) \
            + (["NULLS NOT DISTINCT"] if nulls_not_distinct else []) \
            + (["NO INHERIT"] if noinherit and kind == "c" else []) + (["NOT VALID"] if not validated and kind == "c" else [])
        for option in options:
            skip(skipped, "SKIP-CONSTRAINT-OPTION", where, f"{option} is not kept")
        if kind == "x":
            if (rel, name) in exclusions:
                t.exclusions.append(replace(exclusions[(rel, name)], comment=comment))
            else:
                skip(skipped, "SKIP-CONSTRAINT", where, f"{exclusion}: the model cannot hold it (an operator outside "
                                                        "pg_catalog, an expression sqlglot cannot read)")
            continue
        cols = tuple(t.column_name(k) for k in keys or ())
        if kind == "p":
            t.primary_key, t.primary_key_comment = cols, comment
            if name != _primary_key_name(t.name):
                skip(skipped, "SKIP-KEY-NAME", where, f"the primary key's name {name}: the model names it "
                                                     f"{_primary_key_name(t.name)}, after its table")
        elif kind == "u":
            t.uniques.append(Unique(name, cols, comment))
        elif kind == "c":
            if _storage_check(t, keys, name, check):  # the column type's own: a comment on it is not kept
                if comment is not None:
                    skip(skipped, "SKIP-COMMENT", where, f"the comment on constraint {name} is not kept")
                continue
            expression = _expression(check, where, "CHECK", skipped)
            if expression is not None:
                t.checks.append(Check(name, expression, comment))
        else:
            for option in ([MATCH[match]] if match in MATCH else []) + (["DEFERRABLE"] if deferrable else []) \
                    + ([] if validated else ["NOT VALID"]):
                skip(skipped, "SKIP-FK-OPTION", where, f"{option} is not kept")
            ref_ns = _ref_namespace(ref_ns, t.namespace, default)
            ref_cols = tuple(names[(ref_rel, k)] for k in ref_keys)
            t.foreign_keys.append(ForeignKey(name, cols, ref_table, ref_cols, ACTIONS[on_delete], ref_ns,
                                             ACTIONS[on_update], comment))


def _exclusions(cur: Any, params: dict, tables: dict[int, _Table]) -> dict[tuple[int, str], Exclusion]:
    """(table oid, name) -> each exclusion constraint the model can hold (`_constraints` records the others)."""
    out = {}
    for rel, name, method, predicate, columns, printed, opclasses, operators in _rows(cur, EXCLUSIONS_SQL, params):
        if rel not in tables or method not in METHODS or None in operators:
            continue
        try:
            elements = tuple(
                ExclusionElement(IndexPart(column=column, opclass=opclass) if column is not None else
                                 IndexPart(expression=read_expression(text), opclass=opclass), operator)
                for column, text, opclass, operator in zip(columns, printed, opclasses, operators))
            condition = read_expression(predicate) if predicate else None
        except (cexpr.ExpressionError, ValueError):
            continue
        out[(rel, name)] = Exclusion(name, elements, IndexMethod(method), condition)
    return out


def _ref_namespace(ref_ns: str, namespace: Optional[str], default: str) -> Optional[str]:
    """The model's `ForeignKey.ref_namespace` of a key from a table of `namespace` (None: the
    default schema `default`) to one of schema `ref_ns`: None for the same namespace, "" for the
    default one seen from another, else the schema's name."""
    if ref_ns == (namespace or default):
        return None
    return "" if ref_ns == default else ref_ns


def _storage_check(t: _Table, keys: Optional[list[int]], name: str, printed: str) -> bool:
    """Whether CHECK `name` is the storage CHECK of its one column (`storage.recognise`): if so, the
    column takes the model type the CHECK stands for."""
    if not keys or len(keys) != 1 or keys[0] not in t.columns:
        return False
    column = t.columns[keys[0]]
    ty = storage.recognise(column.name, column.type, name, printed)
    if ty is None:
        return False
    t.columns[keys[0]] = replace(column, type=ty)
    return True


def _referenced_columns(cur: Any, rows: list[tuple], tables: dict[int, _Table]) -> dict[tuple[int, int], str]:
    """(table oid, attnum) -> column name for every table a foreign key references."""
    names = {(oid, num): c.name for oid, t in tables.items() for num, c in t.columns.items()}
    names.update({(oid, num): name for oid, t in tables.items() for num, name in t.left_out.items()})
    outside = sorted({r[6] for r in rows if r[2] == "f" and r[6] not in tables})
    if outside:  # at most one more query, whatever the number of tables
        names.update({(rel, num): name for rel, num, name in _rows(cur, REFERENCED_COLUMNS_SQL, {"rels": outside})})
    return names


def _expression(sql: str, where: str, what: str, skipped: Optional[list[Skipped]]) -> Optional[str]:
    """`read_expression` of `sql`; with a `skipped` list, None (recorded) for one sqlglot cannot read."""
    if skipped is None:
        return read_expression(sql)
    try:
        return read_expression(sql)
    except (cexpr.ExpressionError, ValueError) as e:
        code = {"CHECK": "SKIP-CONSTRAINT", "DEFAULT": "SKIP-DEFAULT", "generated column": "SKIP-GENERATED"}.get(
            what, "SKIP-INDEX")
        skip(skipped, code, where, f"{what} {sql} cannot be read into canonical SQL ({str(e).splitlines()[0]})")
        return None


@lru_cache(maxsize=8192)
def read_expression(sql: str) -> str:
    """An expression as PostgreSQL prints it, in canonical normal form (cached: pure)."""
    if not any(name in sql for name in CANONICAL_FUNCTIONS):
        return cexpr.normalize(sql, SQLGLOT)
    return cexpr.normalize_tree(cexpr.parse(sql, SQLGLOT).transform(_canonical_function))


# Kinds a cast to text leaves as they are: PostgreSQL casts a varchar to text before it compares, matches
# or concatenates it, and a char(n) before ||, and prints the cast, (v)::text
# (https://www.postgresql.org/docs/15/typeconv-oper.html); a char's trailing blanks mean nothing in the model
TEXT_KINDS = (Kind.TEXT, Kind.VARCHAR, Kind.CHAR)


@lru_cache(maxsize=4096)
def _untyped(sql: str, texts: frozenset[str]) -> str:
    """`sql` (canonical normal form) without PostgreSQL's casts of the `texts` columns to text."""
    try:
        return cexpr.normalize(sql, text_columns=texts)
    except (cexpr.ExpressionError, ValueError):
        return sql


def _canonical_function(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Anonymous) and str(node.this).lower() in CANONICAL_FUNCTIONS:
        return exp.Anonymous(this=CANONICAL_FUNCTIONS[str(node.this).lower()], expressions=node.expressions)
    return node


def _primary_key_name(table: str) -> str:
    """The name PostgreSQL gives an unnamed primary key, the one the model renders: ``<table>_pkey``, the table
    name clipped to fit 63 bytes (makeObjectName in src/backend/commands/indexcmds.c)."""
    return table.encode()[:MAX_IDENTIFIER - len("_pkey")].decode(errors="ignore") + "_pkey"


# -- indexes -----------------------------------------------------------------------------------
def _indexes(cur: Any, params: dict, tables: dict[int, _Table], skipped: Optional[list[Skipped]] = None) -> None:
    for (rel, name, unique, method, nkeys, keys, options, defs, where,
         opclasses, default_collations, nulls_not_distinct, comment, reloptions) in _rows(cur, INDEXES_SQL, params):
        t = tables[rel]
        if skipped is not None and not _index_kept(t, name, method, keys, options, default_collations,
                                                   nulls_not_distinct, reloptions, skipped):
            continue
        defs = defs or [None] * nkeys
        opclasses = opclasses or [None] * nkeys
        include = tuple(t.column_name(k) for k in keys[nkeys:])  # INCLUDE columns follow the nkeys key parts
        where_sql = _expression(where, f"{t.qualified}.{name}", "index predicate", skipped) if where else None
        texts = [_expression(d, f"{t.qualified}.{name}", "index expression", skipped) if not k and d else None
                 for k, d in zip(keys[:nkeys], defs)]
        if (where and where_sql is None) or any(not k and x is None for k, x in zip(keys[:nkeys], texts)):
            continue
        parts = tuple(IndexPart(column=t.column_name(k) if k else None, expression=None if k else x,
                                desc=bool(o & INDOPTION_DESC), opclass=c)
                      for k, o, x, c in zip(keys[:nkeys], options, texts, opclasses))
        t.indexes.append(Index(name, parts, unique=unique, method=IndexMethod(method), where=where_sql,
                               include=include, comment=comment))


# pg_index.indoption bit for NULLS FIRST (src/include/catalog/pg_index.h, INDOPTION_NULLS_FIRST);
# the default is NULLS FIRST for DESC parts only (https://www.postgresql.org/docs/15/indexes-ordering.html).
INDOPTION_NULLS_FIRST = 2


# The index methods (pg_am.amname) PostgreSQL 15 has and the model holds: all its built-in ones
# (https://www.postgresql.org/docs/15/indexes-types.html); FULLTEXT is MySQL's.
METHODS = {m.value for m in IndexMethod if m is not IndexMethod.FULLTEXT}


def _index_kept(t: _Table, name: str, method: str, keys: list, options: list, default_collations: list,
                nulls_not_distinct: Optional[bool], reloptions: Optional[list[str]], skipped: list[Skipped]) -> bool:
    """Whether the model holds index `name` (else recorded in `skipped`); what it holds only in part is
    recorded too (collations, NULLS order, storage parameters: pg_class.reloptions)."""
    where = f"{t.qualified}.{name}"
    if method not in METHODS:
        skip(skipped, "SKIP-INDEX", where, f"index method {method}: the model has {', '.join(sorted(METHODS))}")
        return False
    lost = []
    if not all(default_collations or []):
        lost.append("a non-default collation")
    if any(bool(o & INDOPTION_NULLS_FIRST) != bool(o & INDOPTION_DESC) for o in options):
        lost.append("a non-default NULLS FIRST/LAST order")
    if nulls_not_distinct:
        lost.append("NULLS NOT DISTINCT")
    if reloptions:
        lost.append(f"storage parameters WITH ({', '.join(reloptions)})")
    if lost:
        skip(skipped, "SKIP-INDEX-OPTION", where, f"{'; '.join(lost)} not kept: the index is kept without it")
    return True


# -- partitions --------------------------------------------------------------------------------
def _partitions(cur: Any, params: dict, tables: dict[int, _Table]) -> None:
    for parent, bound, name, same_namespace in _rows(cur, PARTITIONS_SQL, params):
        tables[parent].parts.append((name, bound or "", bool(same_namespace)))
        m = _BOUND.search(bound or "")
        try:
            tables[parent].bounds.append((_bound_date(m.group(1)), _bound_date(m.group(2))))  # type: ignore[union-attr]
        except (AttributeError, ValueError):  # no FROM ... TO, or bounds that are not dates
            tables[parent].odd_bounds.append(bound)


def _bound_date(text: str) -> dt.date:
    """A range bound as printed (date, timestamp, or timestamptz in any session zone) as a UTC date."""
    return utc_naive(dt.datetime.fromisoformat(text)).date()


def _partitioning(t: _Table, skipped: Optional[list[Skipped]] = None) -> Optional[Partitioning]:
    """The table's Partitioning; with a `skipped` list, None (recorded) for one the model cannot hold."""
    if t.partition_key is None:
        return None
    try:
        try:
            return _monthly(t)
        except IntrospectionError:
            try:
                return _explicit(t)
            except IntrospectionError as e:
                raise IntrospectionError(f"table {t.qualified}: {e.args[0]}") from None
    except IntrospectionError as e:
        if skipped is None:
            raise
        skip(skipped, "SKIP-PARTITIONING", t.qualified, f"PARTITION BY {t.partition_key}: {e.args[0]}; "
                                                         "the table is read unpartitioned")
        return None


def _monthly(t: _Table) -> Partitioning:
    future = [(name, b) for name, b, _same in t.parts if _FUTURE_BOUND.search(b)]
    for bound in t.odd_bounds:
        if not any(bound == b for _name, b in future):
            raise IntrospectionError(f"table {t.qualified}: partition bound {bound!r} is not a monthly range")
    m = _PARTKEY.match(t.partition_key or "")
    if m is None or m.group(1) != "RANGE":
        raise IntrospectionError(f"table {t.qualified}: partition key {t.partition_key!r} is not RANGE (column)")
    bounds = sorted(t.bounds)
    if not bounds:
        raise IntrospectionError(f"table {t.qualified}: has no partitions")
    column = _unquote(m.group(2))
    kind = _column_kind(t, column)
    if kind not in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ, Kind.DATE):
        raise IntrospectionError(f"table {t.qualified}: partition column {column} is not a timestamp or date")
    p = Partitioning(column, bounds[0][0], len(bounds), future=bool(future))
    if [(lo, hi) for _, lo, hi in p.bounds()] != bounds:  # the model knows only consecutive months
        raise IntrospectionError(f"table {t.qualified}: partitions {[f'{lo}..{hi}' for lo, hi in bounds]} "
                                 "are not consecutive calendar months")
    if future and (len(future) > 1 or _bound_date(_FUTURE_BOUND.search(future[0][1]).group(1)) != bounds[-1][1]):  # type: ignore[union-attr]
        raise IntrospectionError(f"table {t.qualified}: a partition up to MAXVALUE that does not follow the last month")
    suffixes = [suffix for suffix, _, _ in p.bounds()] + ([FUTURE] if future else [])
    names = sorted(short_name(f"{t.name}_{suffix}", MAX_IDENTIFIER) for suffix in suffixes)
    if any(not same for _, _, same in t.parts) or sorted(name for name, _, _ in t.parts) != names:
        raise IntrospectionError(f"table {t.qualified}: partitions are not named <table>_YYYY_MM")
    return p


def _column_kind(t: _Table, column: str) -> Optional[Kind]:
    found = [c.type.kind for c in t.columns.values() if c.name == column]
    return found[0] if found else None


def _explicit(t: _Table) -> Partitioning:
    """The explicit form of the table's partitioning (RANGE, LIST or HASH on one column, named partitions)."""
    m = _PARTKEY.match(t.partition_key or "")
    if m is None:
        raise IntrospectionError(f"partition key {t.partition_key!r} is not one column")
    method, column = PartitionMethod(m.group(1).lower()), _unquote(m.group(2))
    kind = _column_kind(t, column)
    outside = [name for name, _, same in t.parts if not same]
    if outside:
        raise IntrospectionError(f"partitions {outside} are in another schema than the table")
    default = [name for name, bound, _ in t.parts if bound == "DEFAULT"]
    parts = [(name, bound) for name, bound, _ in t.parts if bound != "DEFAULT"]
    if method is PartitionMethod.HASH:
        return Partitioning(column, method=method, partitions=_hash_parts(parts))
    if method is PartitionMethod.LIST:
        specs = []
        for name, bound in parts:
            b = _LIST_BOUND.match(bound)
            values = _bound_values(b.group(1) if b else "", kind)
            if b is None or None in values:
                raise IntrospectionError(f"partition {name}: bound {bound!r} is not a list of values")
            specs.append(PartitionSpec(name, values=tuple(values)))
        specs.sort(key=lambda s: s.values[0])
        return Partitioning(column, method=method, partitions=tuple(specs), default=default[0] if default else None)
    ranges: list[tuple[str, Any, Any]] = []
    for name, bound in parts:
        b = _RANGE_BOUND.match(bound)
        los, his = (_bound_values(b.group(1), kind), _bound_values(b.group(2), kind)) if b else ([], [])
        if len(los) != 1 or len(his) != 1:
            raise IntrospectionError(f"partition {name}: bound {bound!r} is not a range of one column")
        ranges.append((name, los[0], his[0]))
    ranges.sort(key=lambda r: (r[1] is not MINVALUE, r[1] if r[1] is not MINVALUE else 0))
    specs = []
    for n, (name, lo, hi) in enumerate(ranges):
        if n and lo != ranges[n - 1][2] or hi is MINVALUE or (hi is MAXVALUE and n != len(ranges) - 1):
            raise IntrospectionError(f"partitions {[f'{r[1]}..{r[2]}' for r in ranges]} are not contiguous")
        specs.append(PartitionSpec(name, upper=None if hi is MAXVALUE else hi))
    lower = ranges[0][1] if ranges and ranges[0][1] is not MINVALUE else None
    return Partitioning(column, partitions=tuple(specs), lower=lower, default=default[0] if default else None)


def _hash_parts(parts: list[tuple[str, str]]) -> tuple[PartitionSpec, ...]:
    by_remainder = {}
    for name, bound in parts:
        b = _HASH_BOUND.match(bound)
        if b is None or int(b.group(1)) != len(parts):
            raise IntrospectionError(f"partition {name}: bound {bound!r} is not one of {len(parts)} hash partitions")
        by_remainder[int(b.group(2))] = name
    if sorted(by_remainder) != list(range(len(parts))):
        raise IntrospectionError(f"hash partitions {sorted(by_remainder)} do not cover every remainder")
    return tuple(PartitionSpec(by_remainder[r]) for r in range(len(parts)))


MINVALUE, MAXVALUE = object(), object()


def _bound_values(text: str, kind: Optional[Kind]) -> list:
    """The values of a printed bound list (``'2022-01-01', MAXVALUE, 5``) as the model holds them:
    MINVALUE/MAXVALUE as the markers of this module, NULL as None."""
    out: list = []
    pos = 0
    while pos < len(text):
        m = _BOUND_ITEM.match(text, pos)
        if m is None or m.end() == pos:
            raise IntrospectionError(f"partition bound ({text}) is not a list of literals")
        quoted, number, word = m.groups()[:3]
        if word:
            out.append({"MINVALUE": MINVALUE, "MAXVALUE": MAXVALUE, "NULL": None}[word])
        else:
            out.append(_bound_value(quoted.replace("''", "'") if quoted is not None else number, kind))
        pos = m.end()
    return out


def _bound_value(text: str, kind: Optional[Kind]):
    if kind in INTEGER_KINDS:
        return int(text)
    if kind in (Kind.TEXT, Kind.VARCHAR, Kind.CHAR):
        return text
    try:
        if kind is Kind.DATE:
            return dt.date.fromisoformat(text)
        if kind in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ):
            return utc_naive(dt.datetime.fromisoformat(text))
    except ValueError:
        pass
    raise IntrospectionError(f"partition bound {text!r} of a {kind.value if kind else 'unknown'} column: "
                             "the model holds integer, text, date and timestamp bounds")


def _unquote(ident: str) -> str:
    return ident[1:-1].replace('""', '"') if ident.startswith('"') else ident


# -- schemakit triggers -------------------------------------------------------------------
def _triggers(cur: Any, params: dict, tables: dict[int, _Table]) -> None:
    for rel, _name, source in _rows(cur, TRIGGERS_SQL, params):
        t = tables[rel]
        if "RAISE EXCEPTION" in source:
            t.state_machines.append(_state_machine(source))
        else:
            t.on_update |= {_unquote(q) for q in _ON_UPDATE.findall(source)}


def _state_machine(source: str) -> StateMachine:
    """The StateMachine a sk_ trigger function written by dialects/postgres.py enforces."""
    name = _search(_SM_NAME, source).replace("''", "'")
    column = _unquote(_search(_SM_COLUMN, source))
    allowed = _SM_ALLOWED.search(source)  # absent when no transition is allowed
    pairs = _SM_PAIR.findall(allowed.group(1)) if allowed else []
    return StateMachine(name, column, tuple((a.replace("''", "'"), b.replace("''", "'")) for a, b in pairs))


def _search(pattern: re.Pattern, source: str) -> str:
    m = pattern.search(source)
    if m is None:
        raise IntrospectionError(f"schemakit trigger function no longer has the shape schemakit wrote "
                                 f"(no match for {pattern.pattern!r}):\n{source}")
    return m.group(1)


# -- what only `inspect` asks for --------------------------------------------------------------
def _others(cur: Any, params: dict, tables: dict[int, _Table], default: str, skipped: list[Skipped]) -> None:
    """Record in `skipped` the table options the model does not hold (the objects beside the tables
    it does not hold: `schemakit.held.unmanaged`, from dialects/postgres/objects.py)."""
    for rel, unlogged, _, parents, physical, columns in _rows(cur, TABLE_OPTIONS_SQL, params):
        options = ["UNLOGGED"] if unlogged else []  # ROW LEVEL SECURITY is the table's own (`_with_policies`)
        options += [f"INHERITS ({parents})"] if parents and tables[rel].partition_key is None else []
        options += [physical] if physical else []
        for option in options:
            skip(skipped, "SKIP-TABLE-OPTION", tables[rel].qualified, f"not kept: {option}")
        for name, said in (c.split("\t", 1) for c in columns or ()):
            skip(skipped, "SKIP-COLUMN-OPTION", f"{tables[rel].qualified}.{name}", f"not kept: {said}")
    for rel, kind, name in _rows(cur, COMMENTS_SQL, params):
        skip(skipped, "SKIP-COMMENT", f"{tables[rel].qualified}.{name}", f"the comment on {kind} {name} is not kept")
    for ns, name, what in _rows(cur, OTHER_COMMENTS_SQL, params):
        skip(skipped, "SKIP-COMMENT", name if ns in (None, default) else f"{ns}.{name}", f"the comment on {what} is not kept")


# -- assembly ---------------------------------------------------------------------------------
def _build(t: _Table, skipped: Optional[list[Skipped]] = None) -> Table:
    columns = tuple(replace(c, on_update_now=True) if c.name in t.on_update else c for c in t.columns.values())
    texts = frozenset(c.name for c in columns if c.type.kind in TEXT_KINDS)
    if texts:  # (v)::text: PostgreSQL's own cast of a varchar column, not the user's
        columns = tuple(replace(c, generated=replace(c.generated, expression=_untyped(c.generated.expression, texts)))
                        if c.generated is not None else c for c in columns)
        t.checks = [replace(c, expression=_untyped(c.expression, texts)) for c in t.checks]
        t.indexes = [replace(i, where=i.where and _untyped(i.where, texts),
                             parts=tuple(replace(p, expression=p.expression and _untyped(p.expression, texts))
                                         for p in i.parts)) for i in t.indexes]
        t.exclusions = [replace(x, where=x.where and _untyped(x.where, texts)) for x in t.exclusions]
    return Table(t.name, columns, primary_key=t.primary_key, foreign_keys=tuple(t.foreign_keys),
                 uniques=tuple(t.uniques), checks=tuple(t.checks), indexes=tuple(t.indexes),
                 exclusions=tuple(t.exclusions),
                 partitioning=_partitioning(t, skipped), state_machines=tuple(t.state_machines),
                 namespace=t.namespace, comment=t.comment, primary_key_comment=t.primary_key_comment)


# -- types declared by themselves ---------------------------------------------------------------
# The enums, domains and composite types of the namespaces that no table column uses (a domain a used
# domain is over counts as used), and those with a comment, in creation order (oid): the model's
# `Schema.types` (a type a column uses is declared too when it has a comment, which the type holds).
# The types of %(ns)s that a table's column uses (`used`): its own type, or a domain over it, or over a domain over
# it..., or over its array. Only those types and the domains over them are followed (`reach`), and a column using
# one is found through pg_depend's index on the referenced type: every column records a dependency on its type
# (https://www.postgresql.org/docs/15/catalog-pg-depend.html) unless the type is pinned (built in), and these are
# not. Reading every column of the database instead cost about half a second per query with a thousand tenant
# schemas, paid by every tenant `drift --tenants all` reads.
USED_TYPES = """WITH RECURSIVE reach(oid) AS (  -- the types of %(ns)s, their arrays, and each domain over one of those
    SELECT unnest(ARRAY[t.oid, t.typarray]) FROM pg_type t JOIN pg_namespace tn ON tn.oid = t.typnamespace
    WHERE tn.nspname = ANY(%(ns)s)
    UNION SELECT d.oid FROM reach r  -- a domain depends on its base type
    JOIN pg_depend dp ON dp.refclassid = 'pg_type'::regclass AND dp.refobjid = r.oid AND dp.classid = 'pg_type'::regclass
    JOIN pg_type d ON d.oid = dp.objid AND d.typtype = 'd' AND d.typbasetype = r.oid
), used(oid) AS (  -- a table column's type among them, and each domain under a domain one (read once)
    SELECT a.atttypid FROM pg_depend dp  -- (an array, not a join: the planner would read all of pg_depend)
    JOIN pg_class c ON c.oid = dp.objid AND c.relkind IN ('r', 'p')
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = dp.objsubid AND a.atttypid = dp.refobjid AND NOT a.attisdropped
    WHERE dp.refclassid = 'pg_type'::regclass AND dp.refobjid = ANY(ARRAY(SELECT oid FROM reach))
      AND dp.classid = 'pg_class'::regclass AND dp.objsubid > 0
    UNION SELECT t.typbasetype FROM pg_type t JOIN used u ON t.oid = u.oid WHERE t.typtype = 'd'
)"""
DECLARED_TYPES_SQL = USED_TYPES + """
SELECT ty.oid, n.nspname, ty.typname, ty.typtype, ty.typrelid, obj_description(ty.oid, 'pg_type') FROM pg_type ty
JOIN pg_namespace n ON n.oid = ty.typnamespace
WHERE ty.typtype IN ('e', 'd', 'c') AND n.nspname = ANY(%(ns)s)
  AND (ty.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = ty.typrelid) = 'c')
  AND (NOT EXISTS (SELECT 1 FROM used WHERE used.oid = ty.oid OR used.oid = ty.typarray)
       OR obj_description(ty.oid, 'pg_type') IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM pg_depend dp WHERE dp.classid = 'pg_type'::regclass AND dp.objid = ty.oid
                  AND dp.deptype = 'e')
ORDER BY ty.oid"""

# A composite type's fields, in order, with each one's type as COLUMNS_SQL reads a column's.
FIELDS_SQL = """
SELECT a.attrelid, a.attname, t.oid, t.typtype, t.typname, format_type(a.atttypid, a.atttypmod),
       t.typnamespace = 'pg_catalog'::regnamespace OR EXISTS (SELECT 1 FROM pg_depend dp
           WHERE dp.classid = 'pg_type'::regclass AND dp.objid = t.oid AND dp.deptype = 'e')
FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
WHERE a.attrelid = ANY(%(rels)s) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum"""


def _declared_types(cur: Any, params: dict, default: str, skipped: Optional[list[Skipped]]) -> tuple[DeclaredType, ...]:
    """The types of the namespaces no table uses, as the model declares them (`Schema.types`); one
    the model cannot hold (a domain over an enum, a composite with a field of a domain or of a type of
    this database's own) is left out, recorded with a `skipped` list, else an IntrospectionError."""
    rows = _rows(cur, DECLARED_TYPES_SQL, params)
    enums = _enums(cur, [oid for oid, _, _, kind, *_ in rows if kind == "e"])
    domains = _domains(cur, [oid for oid, _, _, kind, *_ in rows if kind == "d"])
    fields: dict[int, list] = {}
    rels = [rel for _, _, _, kind, rel, _ in rows if kind == "c"]
    if rels:
        for rel, *field in _rows(cur, FIELDS_SQL, {"rels": rels}):
            fields.setdefault(rel, []).append(field)
        wanted = sorted({f[1] for fs in fields.values() for f in fs if f[2] == "e"} - set(enums))
        enums.update(_enums(cur, wanted))  # a field's enum that a column or nothing else uses
    out = []
    for oid, nsp, name, kind, rel, comment in rows:
        ns = None if nsp == default else nsp
        where = f"{nsp + '.' if ns else ''}{name}"
        made: Optional[Union[Enum, Domain, Composite]] = None
        if kind == "e":
            made = Enum(name, enums[oid])
        elif kind == "d" and oid in domains:
            base = _declared_field_type(domains[oid].base, domains[oid].spellable, where, skipped)
            made = None if base is None else _model_domain(domains[oid], base, where, skipped).domain
        elif kind == "c":
            typed = [(f[0], _composite_field(f, enums, where, skipped)) for f in fields.get(rel, [])]
            if all(ty is not None for _, ty in typed):
                made = Composite(name, tuple((n, ty) for n, ty in typed if ty is not None))
        if made is None:
            _cannot(skipped, where, f"a {'domain over an enum' if kind == 'd' else 'type'} the model cannot hold")
        else:
            out.append(DeclaredType(made, ns, comment))
    return tuple(out)


def _composite_field(field: tuple, enums: dict, where: str, skipped: Optional[list[Skipped]]) -> Optional[ColumnType]:
    """The model type of one field of a composite type (an enum by its values), or None."""
    name, oid, typtype, typname, formatted, spellable = field
    if typtype == "e":
        return ColumnType(Kind.ENUM, enum=Enum(typname, enums[oid]))
    if typtype != "b":
        return None
    return _declared_field_type(formatted, spellable, f"{where}.{name}", skipped)


def _declared_field_type(formatted: str, spellable: bool, where: str,
                         skipped: Optional[list[Skipped]]) -> Optional[ColumnType]:
    """The model type of a declared type's base or field type, as a column's is read."""
    if skipped is None:
        try:
            return _scalar_type(formatted, where, spellable)
        except IntrospectionError:
            return None
    return _nearest_type(formatted, where, spellable, skipped)


def _cannot(skipped: Optional[list[Skipped]], where: str, what: str) -> None:
    """A declared type left out: recorded with a `skipped` list."""
    skip(skipped, "SKIP-TYPE", where, f"{what}: it is left out")
