"""Typed changes of sequences, routines and user triggers (schema/code.py), and where `diff` puts them.

Extensions come first of all (`extension_changes`: a type, function, default or index may be theirs) and
the ones the new schema no longer holds last; a dialect creates the first and leaves the others installed.

Creation order (`before_tables`, then the table changes, then `after_tables`), after the enums and
domains (a function's argument may be of one): sequences (a default may call nextval()), the
routines a column default or CHECK calls (read with sqlglot), the table changes, the sequences'
OWNED BY, the other routines (PostgreSQL checks a SQL function's body against the tables it
names), then the triggers (a trigger needs its table and its function). Dropping is the reverse:
triggers and sequence owners first (a dropped table takes its triggers and owned sequences), then
the routines no table calls, the table changes, then the called routines and the sequences.

A routine whose signature changes (`Routine.signature`: its result or arguments; PostgreSQL's
CREATE OR REPLACE refuses a new return type) is dropped before the table changes and created after
them, the triggers and views calling it planned around it (`resigned`, `calls`). One that a column
default or CHECK calls stays a `ReplaceRoutine`: the dialect refuses it with one line where the
engine cannot replace it in place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence as Seq

from sqlglot import exp

from . import expr
from .code import Extension, Routine, Sequence, Trigger
from .changes import Change
from .model import DefaultKind, Schema, Table

# The options of a sequence that ALTER SEQUENCE changes (besides OWNED BY).
SEQUENCE_OPTIONS = ("start", "increment", "minvalue", "maxvalue", "cycle", "cache", "owned_by")


def _where(namespace, name: str) -> str:
    return f"{namespace}.{name}" if namespace else name


@dataclass(frozen=True)
class CreateSequence(Change):
    """A sequence the new schema has (created without OWNED BY: `AlterSequence` sets it after the table)."""

    sequence: Sequence

    def describe(self) -> str:
        return f"create sequence {self.sequence.qualified}"

    def drift(self) -> str:
        return f"extra sequence {self.sequence.qualified}"

    def reverse(self) -> "DropSequence":
        return DropSequence(self.sequence)


@dataclass(frozen=True)
class DropSequence(Change):
    """A sequence the old schema has and the new one does not."""

    sequence: Sequence

    def describe(self) -> str:
        return f"drop sequence {self.sequence.qualified}"

    def drift(self) -> str:
        return f"missing sequence {self.sequence.qualified}"

    def reverse(self) -> CreateSequence:
        return CreateSequence(self.sequence)


@dataclass(frozen=True)
class AlterSequence(Change):
    """A sequence whose options (or owner) change; `changed` names them."""

    old: Sequence
    new: Sequence

    @property
    def changed(self) -> tuple[str, ...]:
        """The options (`SEQUENCE_OPTIONS`) that differ."""
        return tuple(o for o in SEQUENCE_OPTIONS if getattr(self.old, o) != getattr(self.new, o))

    def describe(self) -> str:
        return f"change sequence {self.new.qualified} ({', '.join(self.changed)})"

    def drift(self) -> str:
        said = ", ".join(f"{o} {getattr(self.new, o)} (the schema says {getattr(self.old, o)})" for o in self.changed)
        return f"sequence {self.new.qualified}: {said}"

    def reverse(self) -> "AlterSequence":
        return AlterSequence(self.new, self.old)


@dataclass(frozen=True)
class CreateRoutine(Change):
    """A function or procedure the new schema has."""

    routine: Routine

    def describe(self) -> str:
        return f"create {self.routine.kind} {self.routine.qualified}"

    def drift(self) -> str:
        return f"extra {self.routine.kind} {self.routine.qualified}"

    def reverse(self) -> "DropRoutine":
        return DropRoutine(self.routine)


@dataclass(frozen=True)
class DropRoutine(Change):
    """A function or procedure the old schema has and the new one does not."""

    routine: Routine

    def describe(self) -> str:
        return f"drop {self.routine.kind} {self.routine.qualified}"

    def drift(self) -> str:
        return f"missing {self.routine.kind} {self.routine.qualified}"

    def reverse(self) -> CreateRoutine:
        return CreateRoutine(self.routine)


@dataclass(frozen=True)
class ReplaceRoutine(Change):
    """A routine whose definition changes: replaced, the old definition its rollback."""

    old: Routine
    new: Routine

    def describe(self) -> str:
        return f"replace {self.new.kind} {self.new.qualified}"

    def drift(self) -> str:
        return f"{self.new.kind} {self.new.qualified}: its definition differs from the schema's"

    def reverse(self) -> "ReplaceRoutine":
        return ReplaceRoutine(self.new, self.old)


@dataclass(frozen=True)
class CreateTrigger(Change):
    """A user trigger the new schema has."""

    trigger: Trigger

    def describe(self) -> str:
        return f"create trigger {self.trigger.qualified}"

    def drift(self) -> str:
        return f"extra trigger {self.trigger.qualified}"

    def reverse(self) -> "DropTrigger":
        return DropTrigger(self.trigger)


@dataclass(frozen=True)
class DropTrigger(Change):
    """A user trigger the old schema has and the new one does not."""

    trigger: Trigger

    def describe(self) -> str:
        return f"drop trigger {self.trigger.qualified}"

    def drift(self) -> str:
        return f"missing trigger {self.trigger.qualified}"

    def reverse(self) -> CreateTrigger:
        return CreateTrigger(self.trigger)


@dataclass(frozen=True)
class ReplaceTrigger(Change):
    """A user trigger whose definition changes: dropped and created again, the old one its rollback."""

    old: Trigger
    new: Trigger

    def describe(self) -> str:
        return f"replace trigger {self.new.qualified}"

    def drift(self) -> str:
        return f"trigger {self.new.qualified}: its definition differs from the schema's"

    def reverse(self) -> "ReplaceTrigger":
        return ReplaceTrigger(self.new, self.old)


@dataclass(frozen=True)
class CreateExtension(Change):
    """An extension the new schema has: created before everything else (a type, function or index may be its)."""

    extension: Extension

    def describe(self) -> str:
        return f"create extension {self.extension.qualified}"

    def drift(self) -> str:
        return f"extra extension {self.extension.qualified}"

    def reverse(self) -> "DropExtension":
        return DropExtension(self.extension)


@dataclass(frozen=True)
class DropExtension(Change):
    """An extension the old schema has and the new one does not. A dialect leaves it installed: other
    objects of the database may use it (the model stops holding it; drift lists it as not managed)."""

    extension: Extension

    def describe(self) -> str:
        return f"stop holding extension {self.extension.qualified} (left installed)"

    def drift(self) -> str:
        return f"missing extension {self.extension.qualified}"

    def reverse(self) -> CreateExtension:
        return CreateExtension(self.extension)


def extension_changes(old: Schema, new: Schema, before: bool) -> list[Change]:
    """The extensions `new` has that `old` lacks (`before`: planned first), or those `old` has that
    `new` lacks (after everything, in reverse order); one whose namespace changes is both."""
    if before:
        held = set(old.extensions)
        return [CreateExtension(e) for e in new.extensions if e not in held]
    kept = set(new.extensions)
    return [DropExtension(e) for e in reversed(old.extensions) if e not in kept]


CODE_CHANGES = (CreateExtension, DropExtension, CreateSequence, DropSequence, AlterSequence, CreateRoutine, DropRoutine,
                ReplaceRoutine, CreateTrigger, DropTrigger, ReplaceTrigger)


def _pairs(old: tuple, new: tuple) -> tuple[dict, dict]:
    return {x.key: x for x in old}, {x.key: x for x in new}


def resigned(old: Schema, new: Schema) -> set:
    """The keys of the routines both schemas hold whose signature changes and that no table calls (in
    either): each is dropped and created again, what calls it planned around it."""
    o_r = {r.key: r for r in old.routines}
    called = {n.lower() for s in (old, new) for t in s.tables for n in _table_calls(t)}
    return {r.key for r in new.routines if r.key in o_r and o_r[r.key].signature != r.signature
            and r.base_name.lower() not in called}


def _call(name: str) -> "re.Pattern[str]":
    """A call of routine `name` in SQL text: the name (quoted or not, any case) and an opening parenthesis."""
    return re.compile(rf"(?<![\w$])\"?{re.escape(name)}\"?\s*\(", re.IGNORECASE)


def calls(text: str, routines: Seq[Routine]) -> bool:
    """Whether SQL `text` (a view's body, a trigger's statement) calls one of `routines` by name."""
    return any(_call(r.base_name).search(text) for r in routines)


def _rebuilt_triggers(old: Schema, new: Schema) -> set:
    """The keys of the triggers both schemas hold that call a routine dropped and created again (`resigned`)."""
    keys = resigned(old, new)
    gone = [r for r in old.routines if r.key in keys]
    n_t = {t.key for t in new.triggers}
    return {t.key for t in old.triggers if t.key in n_t and gone and calls(t.sql, gone)}


def before_tables(old: Schema, new: Schema) -> list[Change]:
    """The changes planned before the table changes: triggers dropped (also those calling a routine whose
    signature changes), sequences disowned (where the owner changes or the sequence goes), created or
    changed, routines created or replaced (those the new tables call first)."""
    o_t, n_t = _pairs(old.triggers, new.triggers)
    around = _rebuilt_triggers(old, new)
    out: list = [DropTrigger(t) for k, t in reversed(list(o_t.items())) if k not in n_t or k in around]
    o_s, n_s = _pairs(old.sequences, new.sequences)
    kept = {k: _kept_owner(o_s[k], n_s.get(k)) for k in o_s}
    out += [AlterSequence(o, replace(o, owned_by=None)) for k, o in o_s.items() if o.owned_by != kept[k]]
    for k, s in n_s.items():
        if k not in o_s:
            out.append(CreateSequence(replace(s, owned_by=None)))
        elif replace(o_s[k], owned_by=None) != replace(s, owned_by=None):
            out.append(AlterSequence(replace(o_s[k], owned_by=kept[k]), replace(s, owned_by=kept[k])))
    out += _drop_routines(old, new, called=False)
    return out + _create_routines(old, new, called=True)


def after_tables(old: Schema, new: Schema) -> list[Change]:
    """The changes planned after the table changes: sequence owners set, triggers created or
    replaced, then routines and sequences dropped (in reverse order)."""
    o_s, n_s = _pairs(old.sequences, new.sequences)
    out: list = []
    for k, s in n_s.items():
        if s.owned_by != (_kept_owner(o_s[k], s) if k in o_s else None):
            out.append(AlterSequence(replace(s, owned_by=None), s))
    out += _create_routines(old, new, called=False)
    o_t, n_t = _pairs(old.triggers, new.triggers)
    around = _rebuilt_triggers(old, new)
    for k, t in n_t.items():
        if k not in o_t or k in around:
            out.append(CreateTrigger(t))
        elif o_t[k] != t:
            out.append(ReplaceTrigger(o_t[k], t))
    out += _drop_routines(old, new, called=True)
    out += [DropSequence(s) for k, s in reversed(list(o_s.items())) if k not in n_s]
    return out


def _kept_owner(old: Sequence, new: "Sequence | None") -> "tuple[str, str] | None":
    """The owner a sequence keeps through the table changes: its old one when the new schema keeps it,
    else none (it is disowned before them, so dropping the old owner's table does not take it)."""
    return old.owned_by if new is not None and new.owned_by == old.owned_by else None


def _create_routines(old: Schema, new: Schema, called: bool) -> list[Change]:
    """Routines of `new` created or replaced: those a table of `new` calls (`called`), or the others
    (created again when their signature changes)."""
    o_r = {r.key: r for r in old.routines}
    again = resigned(old, new)
    out: list[Change] = []
    for r in _routines(new, called):
        if r.key not in o_r or r.key in again:
            out.append(CreateRoutine(r))
        elif o_r[r.key] != r:
            out.append(ReplaceRoutine(o_r[r.key], r))
    return out


def _drop_routines(old: Schema, new: Schema, called: bool) -> list[Change]:
    """Routines of `old` that `new` does not have, dropped in reverse order: those a table of `old` calls
    (`called`, after the table changes), or the others (before them, after the triggers)."""
    n_r = {r.key for r in new.routines} - (set() if called else resigned(old, new))
    return [DropRoutine(r) for r in reversed(_routines(old, called)) if r.key not in n_r]


def _routines(schema: Schema, called: bool) -> list[Routine]:
    """The routines of `schema` that a column default, CHECK or index of its tables calls (`called`), or the
    others, in model order. The called ones are created before the tables; the others after them
    (PostgreSQL checks a SQL function's body against the tables when it is created)."""
    names = {n.lower() for t in schema.tables for n in _table_calls(t)}
    return _in_call_order([r for r in schema.routines if (r.base_name.lower() in names) == called])


def _in_call_order(routines: list[Routine]) -> list[Routine]:
    """`routines` in model order, except that one whose text calls another (by name) comes after it:
    PostgreSQL checks a SQL function's body when it is created, so a function it calls must exist
    (https://www.postgresql.org/docs/15/runtime-config-client.html#GUC-CHECK-FUNCTION-BODIES); a
    database read back lists them in creation order, which a dump made with the check off need not
    follow. Routines calling each other keep model order."""
    pattern = {r.base_name.lower(): _call(r.base_name) for r in routines}
    # each routine's callees among them, found once (a text search per pair, not per pick)
    callees = [{n for n, p in pattern.items() if n != r.base_name.lower() and p.search(r.sql)} for r in routines]
    pending, out = list(range(len(routines))), []
    while pending:
        names = {routines[i].base_name.lower() for i in pending}
        first = next((i for i in pending if not callees[i] & names), pending[0])
        out.append(routines[first])
        pending.remove(first)
    return out


def _table_calls(t: Table) -> set[str]:
    """The names of the functions sqlglot does not know (user functions) that `t`'s defaults, CHECKs and
    index expressions and predicates call."""
    texts = [str(c.default.value) for c in t.columns
             if c.default is not None and c.default.kind is DefaultKind.EXPRESSION]
    texts += [k.expression for k in t.checks]
    texts += [p.expression for i in t.indexes for p in i.parts if p.expression is not None]
    texts += [i.where for i in t.indexes if i.where]
    out = set()
    for text in texts:
        try:
            out |= {f.name for f in expr.parse(text).find_all(exp.Anonymous)}
        except expr.ExpressionError:
            continue  # validate names an expression that does not parse
    return out


def rebuilt(changes: Seq[Change]) -> dict[int, "str | None"]:
    """A routine or trigger dropped and created again under its key (a signature change, a routine under it):
    ids of both changes -> the drift line they make together (None for the drop; for the creation,
    none when it is created again as it was, else the line of a replaced one)."""
    routines = {c.routine.key: c for c in changes if isinstance(c, DropRoutine)}
    triggers = {c.trigger.key: c for c in changes if isinstance(c, DropTrigger)}
    out: dict[int, "str | None"] = {}
    for c in changes:
        if isinstance(c, CreateRoutine) and c.routine.key in routines:
            old_r = routines[c.routine.key]
            out[id(old_r)] = None
            out[id(c)] = None if old_r.routine == c.routine else ReplaceRoutine(old_r.routine, c.routine).drift()
        elif isinstance(c, CreateTrigger) and c.trigger.key in triggers:
            old_t = triggers[c.trigger.key]
            out[id(old_t)] = None
            out[id(c)] = None if old_t.trigger == c.trigger else ReplaceTrigger(old_t.trigger, c.trigger).drift()
    return out
