"""Sequences, routines and user triggers (schema/code.py) on an engine: what every dialect shares.

Each engine's ``dialects/<engine>/code.py`` holds its SQL (an `EngineCode`); this module keeps
the engine-neutral parts, once:

- `lower`: a routine or trigger is the engine's only when written for it (`EngineCode.engines`);
  on another engine it is left out with the engine's named degradation (``<P>-ROUTINE``,
  ``<P>-TRIGGER``; an event, on an engine without scheduled events, ``<P>-EVENT``); a sequence
  is left out where the engine has none (``<P>-SEQUENCE``) and its
  OWNED BY where the engine cannot express it (``<P>-SEQ-OWNED``);
- `statements`: the DDL that creates them, before the tables (sequences, routines) or after
  them (owners, triggers): the steps of the plan from an empty schema;
- `steps`: per typed change (schema/code_diff.py), the (apply, rollback) pairs the planners run;
- `live`, `owned`, `stored`, `drift_pair`: the objects read back (the engine's ``code_objects``), only
  those of the model's keys (the others are someone else's: never compared, changed or dropped), and
  the model's definitions as the engine stores them, for drift and migrate.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Collection, Optional, Sequence as Seq

from schemakit.schema.code_diff import (
    AlterSequence, CreateExtension, CreateRoutine, CreateSequence, CreateTrigger, DropExtension, DropRoutine,
    DropSequence, DropTrigger, ReplaceRoutine, ReplaceTrigger, after_tables, before_tables, extension_changes,
)
from schemakit.schema.model import Schema

from .base import Degradation, PlanError, Statement

if TYPE_CHECKING:
    from .base import Dialect

CODE_FIELDS = ("sequences", "routines", "triggers")  # the Schema fields of schema/code.py's objects
# (apply, rollback) of one step; a rollback of None: the step cannot be undone.
Pair = tuple[list[Statement], Optional[list[Statement]]]


class EngineCode:
    """An engine's SQL for sequences, routines and triggers; a subclass per engine overrides it."""

    engines: frozenset[str] = frozenset()  # the `engine` names of the routines and triggers this engine runs
    prefix: str = ""  # the engine's degradation code prefix (PG, MY, SL)
    sequences: bool = True  # whether the engine has CREATE SEQUENCE
    sequence_owner: bool = True  # whether a sequence can be OWNED BY a column
    routines: bool = True  # whether the engine has stored functions and procedures
    events: bool = False  # whether the engine has scheduled events (CREATE EVENT; else <P>-EVENT)
    trigger_comments: bool = False  # whether a trigger carries a comment (else <P>-TRIGGERCOMMENT)
    extensions: bool = False  # whether the engine holds extensions in the database (else <P>-EXTENSION)

    def __init__(self, d: "Dialect"):
        self.d: Any = d  # its engine's dialect (each declares its `degradations` table)

    # -- the statements (an engine overrides what it writes otherwise) -----------------------
    def create_sequence(self, s) -> list[Statement]:
        """CREATE SEQUENCE (without OWNED BY)."""
        raise PlanError(f"{self.d.name}: sequences are not supported")

    def create_extension(self, e) -> list[Statement]:
        """CREATE EXTENSION."""
        raise PlanError(f"{self.d.name}: extensions are not supported")

    def drop_sequence(self, s) -> list[Statement]:
        """DROP SEQUENCE."""
        return [Statement(f"DROP SEQUENCE {self.d.qualify(s.namespace, s.name)}", kind="sequence")]

    def alter_sequence(self, old, new) -> list[Statement]:
        """ALTER SEQUENCE from `old`'s options to `new`'s."""
        raise PlanError(f"{self.d.name}: sequences are not supported")

    def create_routine(self, r) -> list[Statement]:
        """The routine's CREATE statement as written (plus its comment where the engine keeps it apart)."""
        return [self.statement(r.sql, "routine")]

    def drop_routine(self, r) -> list[Statement]:
        """DROP FUNCTION / DROP PROCEDURE."""
        return [Statement(f"DROP {r.kind.upper()} {self.d.qualify(r.namespace, r.name)}", kind="routine")]

    def replace_routine(self, old, new) -> list[Pair]:
        """The steps replacing routine `old` by `new` (default: drop then create, one step each)."""
        return [(self.drop_routine(old), self.create_routine(old)), (self.create_routine(new), self.drop_routine(new))]

    def create_trigger(self, t) -> list[Statement]:
        """The trigger's CREATE TRIGGER statement as written."""
        return [self.statement(t.sql, "trigger", self.d.qualify(t.namespace, t.table))]

    def drop_trigger(self, t) -> list[Statement]:
        """DROP TRIGGER."""
        return [Statement(f"DROP TRIGGER {self.d.qualify(t.namespace, t.name)}", kind="trigger")]

    def replace_trigger(self, old, new) -> list[Pair]:
        """The steps replacing trigger `old` by `new` (default: drop then create, one step each)."""
        return [(self.drop_trigger(old), self.create_trigger(old)), (self.create_trigger(new), self.drop_trigger(new))]

    @staticmethod
    def statement(sql: str, kind: str, table: Optional[str] = None) -> Statement:
        """A user's CREATE statement as one Statement: without its closing semicolon, compound when
        it holds others (a body)."""
        text = sql.strip().rstrip(";").rstrip()
        return Statement(text, kind=kind, compound=";" in text, table=table)

    # -- reading back -------------------------------------------------------------------------
    def live(self, conn: Any, namespaces: Seq[Optional[str]], tables: Optional[Seq] = None) -> Schema:
        """The sequences, routines and user triggers (of `tables`, None: all) of `namespaces`, as `inspect`
        reads them, in a Schema without tables."""
        sequences, routines, triggers = self.d.code_objects(conn, namespaces, tables)
        return Schema(sequences=sequences, routines=routines, triggers=triggers)

    def stored(self, conn: Any, model: Schema, live: Schema) -> Schema:
        """`model` (lowered) with each routine and trigger whose text differs from the live one of its key
        as the engine would store it (default: as written: the engine keeps the text, so a definition read
        back and applied again compares equal)."""
        return model

    def owned(self, conn: Any, live: Schema, namespaces: Seq[Optional[str]], tables: Optional[Seq],
              keys: Collection) -> Schema:
        """`live` (its tables read) with the sequences, routines and triggers of `keys` read back: the others
        are not the model's, and are neither compared nor changed."""
        found = self.live(conn, namespaces, tables)
        return replace(live, **{k: tuple(x for x in getattr(found, k) if x.key in keys) for k in CODE_FIELDS})

    def drift_pair(self, conn: Any, model: Schema, live: Schema, namespaces: Seq[Optional[str]],
                   tables: Seq) -> tuple[Schema, Schema]:
        """(`model`, `live`) for drift: `live` with the objects of the model's keys read back (`owned`), the
        model's definitions as the engine stores them (`stored`)."""
        keys = {x.key for x in model.sequences + model.routines + model.triggers}
        live = self.owned(conn, live, namespaces, tables, keys)
        return self.stored(conn, model, live), live

    # -- the engine-neutral parts -------------------------------------------------------------
    def function_names(self, schema: Schema) -> frozenset[str]:
        """The names (lower-cased, without arguments) of `schema`'s functions written for this engine."""
        return frozenset(r.base_name.lower() for r in schema.routines if r.engine in self.engines and r.kind == "function")

    def lower(self, schema: Schema, effective: Schema) -> tuple[Schema, list[Degradation]]:
        """`effective` (the lowered tables) with `schema`'s objects this engine holds, and the
        degradations of those it does not."""
        notes: list[Degradation] = []
        routines = []
        for r in self._own(schema.routines):
            if r.kind == "event" and not self.events:
                notes.append(self._note("EVENT", "*", r.qualified, f"an event written for {r.engine}",
                                        f"not created on {self.d.name}: it has no scheduled events"))
            elif r.engine in self.engines and self.routines:
                routines.append(r)
            elif not (self.routines and self._has_own(schema.routines, r.key)):
                article = "an" if r.kind == "event" else "a"
                notes.append(self._note("ROUTINE", "*", r.qualified, f"{article} {r.kind} written for {r.engine}",
                                        f"not created on {self.d.name}"))
        tables = {t.key for t in effective.tables}
        triggers = []
        for t in self._own(schema.triggers):
            if t.engine in self.engines and t.table_key in tables:
                if t.comment is not None and not self.trigger_comments:
                    table = f"{t.namespace}.{t.table}" if t.namespace else t.table
                    notes.append(self._note("TRIGGERCOMMENT", table, t.name))
                    t = replace(t, comment=None)
                triggers.append(t)
            elif t.engine not in self.engines and not self._has_own(schema.triggers, t.key):
                table = f"{t.namespace}.{t.table}" if t.namespace else t.table
                notes.append(self._note("TRIGGER", table, t.name, f"a trigger written for {t.engine}",
                                        f"not created on {self.d.name}"))
        sequences = []
        for s in schema.sequences:
            if not self.sequences:
                notes.append(self._note("SEQUENCE", "*", s.qualified))
                continue
            if s.owned_by and not self.sequence_owner:
                notes.append(self._note("SEQ-OWNED", s.qualified, "owned by", f"owned by {'.'.join(s.owned_by)}"))
                s = replace(s, owned_by=None)
            sequences.append(s)
        extensions = []
        for e in schema.extensions:
            if self.extensions and e.engine in self.engines:
                extensions.append(e)
            else:
                notes.append(self._note("EXTENSION", "*", e.name, f"an extension written for {e.engine}",
                                        f"not created on {self.d.name}"))
        return replace(effective, sequences=tuple(sequences), routines=tuple(routines), triggers=tuple(triggers),
                       extensions=tuple(extensions)), notes

    def _has_own(self, objects: tuple, key) -> bool:
        """Whether one of `objects` of `key` is written for an engine this one runs: the versions of it
        written for other engines are then no loss."""
        return any(x.key == key and x.engine in self.engines for x in objects)

    def _own(self, objects: tuple) -> list:
        """`objects` with one per key: of several written for engines this one runs (``mysql`` and
        ``mariadb``), the one written for this engine by name, else the first."""
        chosen: dict = {}
        for x in objects:
            kept = chosen.get(x.key)
            if x.engine in self.engines and (kept is None or (kept.engine != self.d.name and x.engine == self.d.name)):
                chosen[x.key] = x
        others = {id(x) for x in chosen.values()}
        return [x for x in objects if id(x) in others or x.engine not in self.engines]

    def _note(self, code: str, table: str, subject: str, feature: Optional[str] = None,
              effect: Optional[str] = None) -> Degradation:
        return Degradation.from_table(self.d.degradations, f"{self.prefix}-{code}", self.d.name, table, subject, feature, effect)

    def statements(self, schema: Schema, before: bool) -> list[Statement]:
        """The DDL creating `schema`'s objects planned `before` the tables (or after them)."""
        empty = Schema()
        changes = before_tables(empty, schema) if before else after_tables(empty, schema)
        return [s for c in changes for apply, _ in self.steps(c) for s in apply]

    def extension_statements(self, schema: Schema) -> list[Statement]:
        """The DDL creating `schema`'s extensions, before every other object (after the namespaces)."""
        return [s for c in extension_changes(Schema(), schema, before=True) for apply, _ in self.steps(c) for s in apply]

    def steps(self, c) -> list[Pair]:
        """The (apply, rollback) pairs of one typed change of schema/code_diff.py.

        An extension is created if missing and never dropped: not on rollback (it may have been there before
        the migration, installed by hand or by another system, and CREATE EXTENSION IF NOT EXISTS does not
        say which), not when the model stops holding it (other objects of the database may use it; drift then
        lists it as not managed)."""
        if isinstance(c, CreateExtension):
            return [(self.create_extension(c.extension), [])]
        if isinstance(c, DropExtension):
            return []
        if isinstance(c, CreateSequence):
            return [(self.create_sequence(c.sequence), self.drop_sequence(c.sequence))]
        if isinstance(c, DropSequence):
            return [(self.drop_sequence(c.sequence), self.create_sequence(c.sequence))]
        if isinstance(c, AlterSequence):
            return [(self.alter_sequence(c.old, c.new), self.alter_sequence(c.new, c.old))]
        if isinstance(c, CreateRoutine):
            return [(self.create_routine(c.routine), self.drop_routine(c.routine))]
        if isinstance(c, DropRoutine):
            return [(self.drop_routine(c.routine), self.create_routine(c.routine))]
        if isinstance(c, ReplaceRoutine):
            return self.replace_routine(c.old, c.new)
        if isinstance(c, CreateTrigger):
            return [(self.create_trigger(c.trigger), self.drop_trigger(c.trigger))]
        if isinstance(c, DropTrigger):
            return [(self.drop_trigger(c.trigger), self.create_trigger(c.trigger))]
        if isinstance(c, ReplaceTrigger):
            return self.replace_trigger(c.old, c.new)
        raise PlanError(f"{self.d.name}: no plan for {c.describe()}")


def sequence_start(s) -> int:
    """The start a sequence without one has: its minimum ascending, its maximum descending."""
    if s.start is not None:
        return s.start
    if s.increment > 0:
        return 1 if s.minvalue is None else s.minvalue
    return -1 if s.maxvalue is None else s.maxvalue


def sequence_changes(old, new, cache_default: int, no_cycle: str) -> list[str]:
    """The ALTER SEQUENCE clauses setting each option of `new` that differs from `old` (an unset one back
    to its default: `cache_default` for CACHE; `no_cycle` is the engine's spelling of NO CYCLE)."""
    parts = []
    if old.increment != new.increment:
        parts.append(f"INCREMENT BY {new.increment}")
    for name, words in (("minvalue", "MINVALUE"), ("maxvalue", "MAXVALUE")):
        if getattr(old, name) != getattr(new, name):
            value = getattr(new, name)
            parts.append(f"NO {words}" if value is None else f"{words} {value}")
    if old.start != new.start:
        parts.append(f"START WITH {sequence_start(new)}")
    if old.cache != new.cache:
        parts.append(f"CACHE {cache_default if new.cache is None else new.cache}")
    if old.cycle != new.cycle:
        parts.append("CYCLE" if new.cycle else no_cycle)
    return parts


def sequence_options(s, defaults: Seq[tuple[str, str]]) -> str:
    """``INCREMENT BY 1 MINVALUE ...``: the options of `s` that are set, in the words `defaults` gives
    ((field, SQL words) pairs, CYCLE apart)."""
    parts = [f"{words} {getattr(s, name)}" for name, words in defaults if getattr(s, name) is not None]
    return " ".join(parts + (["CYCLE"] if s.cycle else []))
