"""Sequences, functions/procedures and user triggers on MySQL and MariaDB: their SQL and introspection.

A routine or trigger written for ``mysql`` or ``mariadb`` runs on both. It is read back with
SHOW CREATE FUNCTION / PROCEDURE / TRIGGER, which keeps the body as written (the server
normalises the header only: ``RETURNS int(11)``), so one read, applied elsewhere and read
again is the same text. Sequences are MariaDB's (10.3+, https://mariadb.com/kb/en/create-sequence/);
MySQL 8 has none (MY-SEQUENCE), and neither has OWNED BY (MY-SEQ-OWNED). DDL commits implicitly
here, so every step holds one statement.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Optional

from schemakit.schema.code import Routine, Sequence, Trigger
from schemakit.schema.model import Schema

from ..base import Statement, skip
from ..code import EngineCode, Pair, sequence_changes, sequence_options, sequence_start
from .events import stored_form

BIGINT_MAX = 2 ** 63 - 1
# (field, words) of CREATE SEQUENCE's options (https://mariadb.com/kb/en/create-sequence/).
OPTIONS = (("increment", "INCREMENT BY"), ("minvalue", "MINVALUE"), ("maxvalue", "MAXVALUE"),
           ("start", "START WITH"), ("cache", "CACHE"))
# The DEFINER clause SHOW CREATE adds (the account that created the object). It is left out so that
# the definition applies on any server: the object is then defined by the account applying it
# (https://mariadb.com/kb/en/create-function/#definer, https://mariadb.com/kb/en/create-trigger/#definer).
_DEFINER = re.compile(r"^(\s*CREATE\s+(?:OR\s+REPLACE\s+)?)DEFINER\s*=\s*(?:`(?:[^`]|``)*`|'[^']*'|[^\s@]+)"
                      r"(?:@(?:`(?:[^`]|``)*`|'[^']*'|[^\s(]+))?\s+", re.I)

# By name, as PostgreSQL's: CREATE_TIME counts whole seconds, so the same sequences created again read in
# another order (https://mariadb.com/kb/en/information-schema-tables-table/).
Q_SEQUENCES = """SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES
WHERE TABLE_SCHEMA IN ({in_}) AND TABLE_TYPE = 'SEQUENCE' ORDER BY TABLE_SCHEMA, TABLE_NAME"""
Q_ROUTINES = """SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, SQL_MODE FROM information_schema.ROUTINES
WHERE ROUTINE_SCHEMA IN ({in_}) ORDER BY ROUTINE_SCHEMA, CREATED, ROUTINE_NAME"""
# Scheduled events (https://mariadb.com/kb/en/information-schema-events-table/), by name: a database
# read again lists them alike. CREATED is when the event was created (or last dropped and created).
Q_EVENTS = """SELECT EVENT_SCHEMA, EVENT_NAME, SQL_MODE, STARTS, CREATED FROM information_schema.EVENTS
WHERE EVENT_SCHEMA IN ({in_}) ORDER BY EVENT_SCHEMA, EVENT_NAME"""
# Triggers are picked by EVENT_OBJECT_SCHEMA, their table's, which is always theirs (error 1435,
# ER_TRG_IN_WRONG_SCHEMA): the server reads only that database's for it, and every database's for a
# TRIGGER_SCHEMA condition (EXPLAIN: "Scanned 1 database" against "Scanned all databases"; the lookup keys
# of information_schema.TRIGGERS: https://dev.mysql.com/doc/refman/5.7/en/information-schema-optimization.html),
# about 13 ms a query with a thousand tenant databases.
Q_TRIGGERS = """SELECT EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME, SQL_MODE FROM information_schema.TRIGGERS
WHERE EVENT_OBJECT_SCHEMA IN ({in_}) AND TRIGGER_NAME NOT LIKE 'sk\\_%%'
ORDER BY EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER"""


# A routine or trigger runs under the sql_mode it was created under, and schemakit creates them under
# its own (dialects/mysql SQL_MODE) (https://mariadb.com/kb/en/create-procedure/, "sql_mode"). These
# modes change how a body reads or what it does (|| as concatenation, "x" as a name, no backslash
# escapes, another dialect's syntax...: https://mariadb.com/kb/en/sql-mode/); a body created under one
# of them, or without strict mode (a value that does not fit is cut, not refused), is not held.
MEANING_MODES = frozenset({"ANSI", "ANSI_QUOTES", "PIPES_AS_CONCAT", "IGNORE_SPACE", "NO_BACKSLASH_ESCAPES",
                           "HIGH_NOT_PRECEDENCE", "REAL_AS_FLOAT", "ORACLE", "MSSQL", "DB2", "POSTGRESQL", "MAXDB",
                           "EMPTY_STRING_IS_NULL", "SIMULTANEOUS_ASSIGNMENT", "NO_UNSIGNED_SUBTRACTION",
                           "PAD_CHAR_TO_FULL_LENGTH", "TIME_ROUND_FRACTIONAL"})


def other_meaning(sql_mode: str) -> Optional[str]:
    """What in `sql_mode` (a stored routine's or trigger's) gives its body a meaning other than it has
    under schemakit's own modes: the modes named, or "no strict mode"; None when nothing does."""
    modes = {m.strip().upper() for m in sql_mode.split(",") if m.strip()}
    named = sorted(modes & MEANING_MODES)
    if not modes & {"STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "TRADITIONAL"}:
        named.append("no strict mode")
    return ", ".join(named) or None


def _other_mode(skipped: Optional[list], code: str, name: str, what: str, sql_mode: str) -> bool:
    """Whether the routine or trigger `name` was created under modes that give it another meaning
    (`other_meaning`); if so it is recorded in `skipped` under `code`."""
    why = other_meaning(sql_mode or "")
    if why is not None:
        skip(skipped, code, name, f"a {what} created under sql_mode {why}: schemakit creates it under its own "
                                  "modes, where its body means something else; it is left out")
    return why is not None


def without_default_start(sql: str, starts: Any, created: Any) -> str:
    """SHOW CREATE EVENT's statement without its ``STARTS '...'`` when that is the event's creation time.

    A recurring event (EVERY) created without STARTS starts when it is created, and SHOW CREATE EVENT
    then writes that time as its STARTS (https://mariadb.com/kb/en/create-event/: "If STARTS is not
    specified, the event begins immediately"). That time is not part of the definition: the same
    event created again, or on another server, would read another one. So STARTS is compared only
    where the source gave one, told apart by being another time than CREATED (to the second: a STARTS
    given as the very second of creation reads as none, and is then the default anyway)."""
    if starts is None or created is None or starts != created:
        return sql
    stamp = starts.strftime("%Y-%m-%d %H:%M:%S") if hasattr(starts, "strftime") else str(starts)
    return re.sub(rf"\s+STARTS\s+'{re.escape(stamp)}'", "", sql, count=1)


def without_definer(sql: str) -> str:
    """A SHOW CREATE statement without its DEFINER clause (see `_DEFINER`)."""
    return _DEFINER.sub(r"\1", sql, count=1)


class MySQLCode(EngineCode):
    """MySQL's and MariaDB's statements for sequences, routines and triggers."""

    engines = frozenset({"mysql", "mariadb"})
    prefix = "MY"
    sequence_owner = False
    events = True

    def __init__(self, d: Any, sequences: bool):
        super().__init__(d)
        self.sequences = sequences

    def create_sequence(self, s: Sequence) -> list[Statement]:
        """CREATE SEQUENCE with the options set; the comment is a table option."""
        options = sequence_options(s, OPTIONS) + (" NOCYCLE" if not s.cycle else "")
        comment = f" COMMENT={self.d.literal(s.comment)}" if s.comment else ""
        return [Statement(f"CREATE SEQUENCE {self._name(s)} {options.strip()}{comment}", kind="sequence")]

    def alter_sequence(self, old: Sequence, new: Sequence) -> list[Statement]:
        """ALTER SEQUENCE with each option that differs (https://mariadb.com/kb/en/alter-sequence/), and
        ALTER TABLE ... COMMENT where the comment does (a sequence is a table there)."""
        parts = sequence_changes(old, new, 1000, "NOCYCLE")
        out = [Statement(f"ALTER SEQUENCE {self._name(new)} {' '.join(parts)}", kind="sequence")] if parts else []
        if old.comment != new.comment:
            out.append(Statement(f"ALTER TABLE {self._name(new)} COMMENT={self.d.literal(new.comment or '')}",
                                 kind="comment"))
        return out

    def _name(self, s: Sequence) -> str:
        return self.d.qualify(s.namespace, s.name)

    def stored(self, conn: Any, model: Schema, live: Schema) -> Schema:
        """`model` with each event whose text differs from the live one of its key spelled as SHOW CREATE
        EVENT stores it (dialects/mysql/events.py; nothing is created to find it). Functions, procedures
        and triggers keep their text as written: the server keeps it too."""
        live_sql = {r.key: r.sql for r in live.routines}
        routines = []
        for r in model.routines:
            if r.kind == "event" and live_sql.get(r.key, r.sql) != r.sql:
                r = replace(r, sql=stored_form(r.sql) or r.sql)
            routines.append(r)
        return replace(model, routines=tuple(routines))

    def steps(self, c) -> list[Pair]:
        """One statement per step (DDL commits implicitly): a sequence's option and comment change apart."""
        out: list[Pair] = []
        for apply, rollback in super().steps(c):
            if rollback is not None and len(apply) == len(rollback) > 1:
                out += [([a], [r]) for a, r in zip(apply, rollback)]
            else:
                out.append((apply, rollback))
        return out



def _default_or(value: int, default: int) -> Optional[int]:
    return None if value == default else value


def _show(cur: Any, what: str, qualified: str, column: int) -> str:
    cur.execute(f"SHOW CREATE {what} {qualified}")
    return without_definer(cur.fetchone()[column])


def read(cur: Any, databases: dict, tables: set, quote, engine: str,
         skipped: Optional[list] = None) -> tuple[tuple, tuple, tuple]:
    """(sequences, routines and events, triggers) of `databases` (name -> namespace); triggers of the tables
    `tables` ((database, table) pairs) only; routines and triggers are `engine`'s. `quote` quotes an
    identifier. With a `skipped` list (inspect), a routine or trigger created under modes that give it
    another meaning (`other_meaning`) is left out and recorded there."""
    dbs = list(databases)
    in_ = ", ".join(["%s"] * len(dbs))
    cur.execute(Q_SEQUENCES.format(in_=in_), dbs)
    sequences = [_sequence(cur, db, name, comment, databases[db], quote) for db, name, comment in cur.fetchall()]
    cur.execute(Q_ROUTINES.format(in_=in_), dbs)
    routines = []
    for db, name, kind, mode in cur.fetchall():
        ns = databases[db]
        if skipped is not None and _other_mode(skipped, "SKIP-FUNCTION", f"{ns}.{name}" if ns else name,
                                               kind.lower(), mode):
            continue
        sql = _show(cur, kind, f"{quote(db)}.{quote(name)}", 2)
        routines.append(Routine(name, engine, sql, kind.lower(), databases[db]))
    cur.execute(Q_EVENTS.format(in_=in_), dbs)
    for db, name, mode, starts, created in cur.fetchall():
        ns = databases[db]
        if skipped is not None and _other_mode(skipped, "SKIP-OBJECT", f"{ns}.{name}" if ns else name, "event", mode):
            continue
        sql = without_default_start(_show(cur, "EVENT", f"{quote(db)}.{quote(name)}", 3), starts, created)
        routines.append(Routine(name, engine, sql, "event", ns))
    cur.execute(Q_TRIGGERS.format(in_=in_), dbs)
    triggers = []
    for db, table, name, mode in cur.fetchall():
        ns = databases[db]
        if (db, table) in tables and not (skipped is not None and _other_mode(
                skipped, "SKIP-TRIGGER", ".".join(x for x in (ns, table, name) if x), "trigger", mode)):
            sql = _show(cur, "TRIGGER", f"{quote(db)}.{quote(name)}", 2)
            triggers.append(Trigger(name, table, engine, sql, databases[db]))
    return tuple(sequences), tuple(routines), tuple(triggers)


def _sequence(cur: Any, db: str, name: str, comment: str, namespace: Optional[str], quote) -> Sequence:
    """A sequence as the model holds it (an option at MariaDB's default is None), read from the sequence
    itself (a one-row table: https://mariadb.com/kb/en/sequence-overview/)."""
    cur.execute("SELECT start_value, minimum_value, maximum_value, increment, cache_size, cycle_option "
                f"FROM {quote(db)}.{quote(name)}")
    start, lo, hi, inc, cache, cycle = cur.fetchone()
    up = inc > 0
    s = Sequence(name, increment=inc, minvalue=_default_or(lo, 1 if up else -BIGINT_MAX),
                 maxvalue=_default_or(hi, BIGINT_MAX - 1 if up else -1), cycle=bool(cycle),
                 cache=_default_or(cache, 1000), namespace=namespace, comment=comment or None)
    return replace(s, start=_default_or(start, sequence_start(s)))
