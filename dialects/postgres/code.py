"""Sequences, functions/procedures and user triggers on PostgreSQL: their SQL and their introspection.

Routines and triggers are read back in the server's own normal form (pg_get_functiondef,
pg_get_triggerdef: https://www.postgresql.org/docs/15/functions-info.html), so a definition
read, applied elsewhere and read again is the same text. A routine's name carries its identity
arguments (pg_get_function_identity_arguments), since functions overload.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Optional, Union

from schemakit.schema.code import Routine, Sequence, Trigger
from schemakit.schema.model import Schema

from .catalog import in_schemas
from ..base import PlanError, Statement
from . import replicas
from ..code import EngineCode, Pair, sequence_changes, sequence_options, sequence_start

BIGINT_MAX = 2 ** 63 - 1
# (field, words) of CREATE SEQUENCE's options (https://www.postgresql.org/docs/15/sql-createsequence.html).
OPTIONS = (("increment", "INCREMENT BY"), ("minvalue", "MINVALUE"), ("maxvalue", "MAXVALUE"),
           ("start", "START WITH"), ("cache", "CACHE"))
_CREATE = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?", re.I)
# A function's volatility, as CREATE FUNCTION and pg_get_functiondef spell it
# (https://www.postgresql.org/docs/15/sql-createfunction.html).
_IMMUTABLE = re.compile(r"\bIMMUTABLE\b", re.I)

# Sequences that are not part of a column: no identity ('i') owns them, and none that a column owns
# ('a') is drawn by that column's default (a serial, read as the column's identity).
SEQUENCES_SQL = """
SELECT n.nspname, c.relname, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle, s.seqcache,
       obj_description(c.oid, 'pg_class'), t.relname, a.attname
FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend dp ON dp.classid = 'pg_class'::regclass AND dp.objid = c.oid AND dp.deptype = 'a'
     AND dp.refclassid = 'pg_class'::regclass
LEFT JOIN pg_class t ON t.oid = dp.refobjid AND t.relnamespace = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = dp.refobjid AND a.attnum = dp.refobjsubid
WHERE n.nspname = ANY(%(ns)s) AND """ + in_schemas() + """
  AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass AND i.objid = c.oid
                  AND i.deptype IN ('i', 'e'))
  AND NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass
                  AND d.objid = ad.oid WHERE d.refobjid = c.oid AND ad.adrelid = dp.refobjid
                  AND ad.adnum = dp.refobjsubid)
ORDER BY n.nspname, c.relname"""

# Functions and procedures (not aggregates or window functions: SKIP-FUNCTION), without the members
# of an extension and schemakit's own sk_ functions.
ROUTINES_SQL = """
SELECT n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, pg_get_functiondef(p.oid),
       obj_description(p.oid, 'pg_proc')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY(%(ns)s) AND """ + in_schemas("p.oid", catalog="pg_proc") + """
  AND p.prokind IN ('f', 'p') AND NOT starts_with(p.proname, 'sk_')
  AND NOT EXISTS (SELECT 1 FROM pg_depend dp WHERE dp.classid = 'pg_proc'::regclass AND dp.objid = p.oid
                  AND dp.deptype = 'e')
ORDER BY p.oid"""


def triggers_sql(only: str) -> str:
    """The user triggers (not sk_, not internal, not a partition's clone) of the tables `only` selects."""
    return f"""
SELECT n.nspname, c.relname, tg.tgname, pg_get_triggerdef(tg.oid), obj_description(tg.oid, 'pg_trigger')
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND NOT starts_with(tg.tgname, 'sk_')
  AND c.relkind IN ('r', 'p') AND n.nspname = ANY(%(ns)s) AND {in_schemas()} AND {only}
ORDER BY tg.oid"""


class PostgresCode(EngineCode):
    """PostgreSQL's statements for sequences, routines and triggers."""

    engines = frozenset({"postgres", "postgresql"})
    prefix = "PG"
    trigger_comments = True
    extensions = True

    def create_extension(self, e) -> list[Statement]:
        """CREATE EXTENSION IF NOT EXISTS, its name quoted (uuid-ossp has a dash), its objects in its
        namespace if one is given (https://www.postgresql.org/docs/15/sql-createextension.html)."""
        where = f" SCHEMA {self.d.quote(e.namespace)}" if e.namespace else ""
        return [Statement(f"CREATE EXTENSION IF NOT EXISTS {self.d.quote(e.name)}{where}", kind="extension")]

    def immutable_function_names(self, schema: Schema) -> frozenset[str]:
        """The names of `schema`'s own functions (`function_names`) declared IMMUTABLE, the ones an index
        expression may call (https://www.postgresql.org/docs/15/sql-createindex.html)."""
        own = self.function_names(schema)
        return frozenset(r.base_name.lower() for r in schema.routines
                         if r.base_name.lower() in own and _IMMUTABLE.search(r.sql))

    # -- sequences (https://www.postgresql.org/docs/15/sql-altersequence.html) ---------------
    def create_sequence(self, s: Sequence) -> list[Statement]:
        """CREATE SEQUENCE with the options set, and its comment."""
        options = sequence_options(s, OPTIONS)
        out = [Statement(f"CREATE SEQUENCE {self._name(s)}{' ' + options if options else ''}", kind="sequence")]
        return out + ([self._comment(s)] if s.comment else [])

    def alter_sequence(self, old: Sequence, new: Sequence) -> list[Statement]:
        """ALTER SEQUENCE setting each option that differs (an unset one back to its default), and the
        comment where it changes."""
        parts = sequence_changes(old, new, 1, "NO CYCLE")
        if old.owned_by != new.owned_by:
            owner = self.d.qualify(new.namespace, new.owned_by[0]) if new.owned_by else ""
            parts.append(f"OWNED BY {owner}.{self.d.quote(new.owned_by[1])}" if new.owned_by else "OWNED BY NONE")
        out = [Statement(f"ALTER SEQUENCE {self._name(new)} {' '.join(parts)}", kind="sequence")] if parts else []
        return out + ([self._comment(new)] if old.comment != new.comment else [])

    def _name(self, s: Sequence) -> str:
        return self.d.qualify(s.namespace, s.name)

    def _comment(self, s: Sequence) -> Statement:
        value = "NULL" if s.comment is None else self.d.literal(s.comment)
        return Statement(f"COMMENT ON SEQUENCE {self._name(s)} IS {value}", kind="comment")

    # -- routines (https://www.postgresql.org/docs/15/sql-createfunction.html) ---------------
    def create_routine(self, r: Routine) -> list[Statement]:
        """The CREATE statement as written, and COMMENT ON where the routine has a comment."""
        return [self.statement(r.sql, "routine")] + ([self._routine_comment(r)] if r.comment else [])

    def drop_routine(self, r: Routine) -> list[Statement]:
        """DROP FUNCTION/PROCEDURE name(argument types)."""
        return [Statement(f"DROP {r.kind.upper()} {self._signature(r)}", kind="routine")]

    def replace_routine(self, old: Routine, new: Routine) -> list[Pair]:
        """One step: CREATE OR REPLACE with the new body, the old body its rollback (a trigger or default
        that uses the routine stays). A new signature cannot be replaced in place ("cannot change return
        type of existing function": https://www.postgresql.org/docs/15/sql-createfunction.html); the
        differ drops and creates such a routine, except one a column default or CHECK calls: refused here."""
        if old.signature != new.signature:
            raise PlanError(f"{new.kind} {new.qualified}: its signature changes ({old.signature} -> {new.signature}) "
                            "and a column default or CHECK calls it, so PostgreSQL can neither replace nor drop it; "
                            "give the new signature a new name, or move the default or CHECK off it in a migration first")
        return [(self._replacing(new), self._replacing(old))]

    def _replacing(self, r: Routine) -> list[Statement]:
        sql = _CREATE.sub("CREATE OR REPLACE ", r.sql, count=1)
        return [self.statement(sql, "routine"), self._routine_comment(r)]

    def _signature(self, r: Routine) -> str:
        args = r.arguments
        return self.d.qualify(r.namespace, r.base_name) + (f"({args})" if args is not None else "")

    def _routine_comment(self, r: Routine) -> Statement:
        value = "NULL" if r.comment is None else self.d.literal(r.comment)
        return Statement(f"COMMENT ON {r.kind.upper()} {self._signature(r)} IS {value}", kind="comment")

    # -- triggers (https://www.postgresql.org/docs/15/sql-createtrigger.html) -----------------
    def create_trigger(self, t: Trigger) -> list[Statement]:
        """The CREATE TRIGGER statement as written, then COMMENT ON TRIGGER where it has a comment
        (https://www.postgresql.org/docs/15/sql-comment.html)."""
        out = super().create_trigger(t)
        if t.comment is not None:
            out.append(Statement(f"COMMENT ON TRIGGER {self.d.quote(t.name)} ON {self.d.qualify(t.namespace, t.table)} "
                                 f"IS {self.d.literal(t.comment)}", kind="comment"))
        return out

    def drop_trigger(self, t: Trigger) -> list[Statement]:
        """DROP TRIGGER name ON table (a trigger's name is per table)."""
        return [Statement(f"DROP TRIGGER {self.d.quote(t.name)} ON {self.d.qualify(t.namespace, t.table)}",
                          kind="trigger")]

    def replace_trigger(self, old: Trigger, new: Trigger) -> list[Pair]:
        """One step (DDL is transactional here): the old trigger dropped, the new one created."""
        return [(self.drop_trigger(old) + self.create_trigger(new), self.drop_trigger(new) + self.create_trigger(old))]

    def stored(self, conn: Any, model: Schema, live: Schema) -> Schema:
        """The model's routines and triggers whose text differs from the live one as PostgreSQL stores them
        (pg_get_functiondef, pg_get_triggerdef are its normal form): each is created in a transaction
        that is rolled back, and read back there. Nothing is left written. On a standby, where nothing can
        be created, one takes the live text when both have the same normal form (`replicas.definition_form`)."""
        live_sql = {x.key: x.sql for x in live.routines + live.triggers}
        probe = [x for x in model.routines + model.triggers if live_sql.get(x.key, x.sql) != x.sql]
        if not probe:
            return model
        stored: dict = {}
        if replicas.read_only_transaction(conn):  # a standby: compared by their normal form, nothing created
            default = conn.execute("SELECT current_schema()").fetchone()[0]
            stored = {x.key: live_sql[x.key] for x in probe if x.key in live_sql and
                      replicas.definition_form(x.sql, default) == replicas.definition_form(live_sql[x.key], default)}
        else:
            with conn.transaction(force_rollback=True):
                cur = conn.cursor()
                for x in probe:
                    stored[x.key] = self._probe(cur, x)
        return replace(model, routines=tuple(replace(r, sql=stored.get(r.key, r.sql)) for r in model.routines),
                       triggers=tuple(replace(t, sql=stored.get(t.key, t.sql)) for t in model.triggers))

    def _probe(self, cur: Any, x: Union[Routine, Trigger]) -> str:
        """`x` created (replacing the live one) and read back; the caller rolls the transaction back."""
        if isinstance(x, Trigger):
            cur.execute(f"DROP TRIGGER IF EXISTS {self.d.quote(x.name)} ON {self.d.qualify(x.namespace, x.table)}")
            cur.execute(self.statement(x.sql, "trigger").sql)
            cur.execute("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = %s AND tgrelid = %s::regclass",
                        (x.name, self.d.qualify(x.namespace, x.table)))
        else:
            cur.execute(self._replacing(x)[0].sql)
            cur.execute("SELECT pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.proname = %s "
                        "AND p.pronamespace = coalesce(to_regnamespace(%s), current_schema()::regnamespace) "
                        "AND pg_get_function_identity_arguments(p.oid) = %s", (x.base_name, x.namespace, x.arguments or ""))
        row = cur.fetchone()
        return row[0].strip() if row else x.sql



def _default_or(value: int, default: int) -> Optional[int]:
    return None if value == default else value


def read(cur: Any, params: dict, only: str, default: str) -> tuple[tuple, tuple, tuple]:
    """(sequences, routines, triggers) of the namespaces of `params` (triggers: of the tables `only`
    selects), as the model holds them: an option at PostgreSQL's default is None."""
    def ns(name: str) -> Optional[str]:
        return None if name == default else name

    cur.execute(SEQUENCES_SQL, params)
    sequences = []
    for nsp, name, start, inc, lo, hi, cycle, cache, comment, table, column in cur.fetchall():
        up = inc > 0
        s = Sequence(name, increment=inc, minvalue=_default_or(lo, 1 if up else -BIGINT_MAX - 1),
                     maxvalue=_default_or(hi, BIGINT_MAX if up else -1), cycle=cycle, cache=_default_or(cache, 1),
                     owned_by=(table, column) if table and column else None, namespace=ns(nsp), comment=comment)
        sequences.append(replace(s, start=_default_or(start, sequence_start(s))))
    cur.execute(ROUTINES_SQL, params)
    routines = tuple(Routine(name, "postgres", sql.strip(), kind, ns(nsp), comment)
                     for nsp, name, kind, sql, comment in cur.fetchall())
    cur.execute(triggers_sql(only), params)
    triggers = tuple(Trigger(name, table, "postgres", sql, ns(nsp), comment)
                     for nsp, table, name, sql, comment in cur.fetchall())
    return tuple(sequences), routines, triggers
