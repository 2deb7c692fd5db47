"""User triggers on SQLite: their SQL and introspection. SQLite has no stored routines (SL-ROUTINE)
and no sequences (SL-SEQUENCE).

A trigger is read back from sqlite_schema, which keeps the CREATE TRIGGER text as written
(https://www.sqlite.org/schematab.html), so one read, applied elsewhere and read again is the
same text. A table rebuild drops the table's triggers with it (https://www.sqlite.org/lang_droptable.html):
the planner creates them again (`triggers_on`).
"""
from __future__ import annotations

from typing import Iterable, Optional

from schemakit.schema.code import Trigger
from schemakit.schema.model import Schema

from ..base import Statement
from ..code import EngineCode
from .storage import MACHINE_PREFIX, ON_UPDATE_PREFIX


class SQLiteCode(EngineCode):
    """SQLite's statements for user triggers."""

    engines = frozenset({"sqlite"})
    prefix = "SL"
    sequences = False
    sequence_owner = False
    routines = False  # SL-ROUTINE, whatever engine a routine names

    def triggers_on(self, old: Schema, new: Schema, tables: Iterable[tuple[Optional[str], str]]) -> list[Statement]:
        """CREATE TRIGGER for the triggers on `tables` while the table changes of a plan from `old` to `new`
        run: those of `old` that `new` keeps (the others are dropped before them, the new ones created
        after them: schema/code_diff.py)."""
        keys, kept = set(tables), {t.key for t in new.triggers}
        return [s for t in old.triggers if t.table_key in keys and t.key in kept for s in self.create_trigger(t)]


def own_trigger(name: str) -> bool:
    """Whether a trigger is schemakit's own (on_update_now, a state machine), which its table holds."""
    return name.startswith((MACHINE_PREFIX, ON_UPDATE_PREFIX))


def read(ns: Optional[str], objects: list[tuple], tables: set[str]) -> list[Trigger]:
    """The user triggers among `objects` (sqlite_schema rows: type, name, table, sql) on `tables`."""
    return [Trigger(name, table, "sqlite", sql, ns) for kind, name, table, sql in objects
            if kind == "trigger" and table in tables and not own_trigger(name)]
