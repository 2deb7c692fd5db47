"""Sequences, routines (functions, procedures, scheduled events), user triggers and extensions: schema objects
beside the tables.

Engine-neutral: a `Routine` (an event is one of kind ``event``: its schedule and body are
procedural code of the engine it is written for, held the same way) or a `Trigger` holds its
whole CREATE statement as the engine it was
written for reads it (procedural code is not transpiled) and names that engine; a dialect applies
it on that engine only and lists a named degradation on the others. A `Sequence` holds its options;
None means the engine's default. An `Extension` names an extension of the engine it is for, created there
before everything else and listed as a named degradation elsewhere. Each object's identity inside a
`Schema` is its `key`.

The model's own generated triggers (on_update_now, StateMachine: the ``sk_`` ones) are not
`Trigger` objects: they stay part of their table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import AbstractSet, Iterator, Optional

from .named import InNamespace, OnTable

# Where a routine's signature (its arguments and result) ends: the first routine characteristic or the
# body (SQL's CREATE FUNCTION clauses: https://www.postgresql.org/docs/15/sql-createfunction.html,
# https://mariadb.com/kb/en/create-function/), outside parentheses.
_SIGNATURE_END = re.compile(
    r"\b(LANGUAGE|IMMUTABLE|STABLE|VOLATILE|STRICT|CALLED|SECURITY|EXTERNAL|PARALLEL|COST|ROWS|SUPPORT|SET|"
    r"LEAKPROOF|NOT|WINDOW|TRANSFORM|AS|BEGIN|RETURN|DETERMINISTIC|NO|READS|MODIFIES|CONTAINS|COMMENT|SQL)\b", re.I)
RESERVED_PREFIX = "sk_"  # the prefix of the triggers and functions schemakit generates for its tables
KINDS = ("function", "procedure", "event")


@dataclass(frozen=True)
class Sequence(InNamespace):
    """A sequence with its options (None: the engine's default) and the column that owns it, if any."""

    name: str
    start: Optional[int] = None
    increment: int = 1
    minvalue: Optional[int] = None
    maxvalue: Optional[int] = None
    cycle: bool = False
    cache: Optional[int] = None
    owned_by: Optional[tuple[str, str]] = None  # (table, column) of the sequence's namespace
    namespace: Optional[str] = None
    comment: Optional[str] = None


# A column default drawing from a sequence, in canonical SQL: nextval() of the sequence's name as text cast to
# a relation (PostgreSQL's spelling, which its catalog prints: ``nextval(CAST('seq' AS REGCLASS))``).
_DRAWN = re.compile(r"^nextval\(CAST\('((?:[^']|'')*)' AS REGCLASS\)\)$", re.I)
_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_$]*")


def relation_key(text: str, namespace: Optional[str] = None) -> tuple[Optional[str], str]:
    """(namespace, name) of a relation named as regclass prints it (``name``, ``"Odd""name"``, ``ns.name``);
    an unqualified name is in `namespace`."""
    parts = [m.group(2) if m.group(1) is None else m.group(1).replace('""', '"')
             for m in re.finditer(r'"((?:[^"]|"")*)"|([^."]+)', text)]
    return (parts[0], parts[1]) if len(parts) == 2 else (namespace, parts[-1])


def drawn_sequence(expression: str, namespace: Optional[str] = None) -> Optional[tuple[Optional[str], str]]:
    """The key (namespace, name) of the sequence a default expression draws from (an unqualified name: of
    `namespace`), None for another expression."""
    m = _DRAWN.match(expression)
    return relation_key(m.group(1).replace("''", "'"), namespace) if m else None


def drawing_from(namespace: Optional[str], name: str) -> str:
    """The canonical default expression drawing the next value of sequence `name` of `namespace` (None: the
    default one), as `drawn_sequence` reads it back."""
    def quoted(part: str) -> str:
        return part if _PLAIN_NAME.fullmatch(part) else '"' + part.replace('"', '""') + '"'
    text = ".".join(quoted(p) for p in ((namespace, name) if namespace else (name,)))
    return "nextval(CAST('" + text.replace("'", "''") + "' AS REGCLASS))"


@dataclass(frozen=True)
class Routine(InNamespace):
    """A function, procedure or scheduled event (`kind`): its whole CREATE statement (`sql`) for the
    engine named `engine`.

    On PostgreSQL, where functions overload, `name` carries the argument types as the catalog lists
    them (``add(integer, integer)``); elsewhere it is the bare name.
    """

    name: str
    engine: str
    sql: str
    kind: str = "function"  # "function", "procedure" or "event"
    namespace: Optional[str] = None
    comment: Optional[str] = None


    @property
    def base_name(self) -> str:
        """The name without an argument list."""
        return self.name.split("(", 1)[0]

    @property
    def arguments(self) -> Optional[str]:
        """The argument types of a name that lists them (``integer, integer``), else None."""
        return self.name[len(self.base_name) + 1:-1] if "(" in self.name and self.name.endswith(")") else None

    @property
    def signature(self) -> str:
        """Its argument list and result as written (blank space collapsed, upper case): what an engine
        cannot change in place (PostgreSQL: "cannot change return type of existing function"), so a
        routine whose signature changes is dropped and created again. Cut at the first characteristic
        or the body; a statement it cannot cut compares whole (a change plans the safe drop and create).
        An event has none (no arguments, no result): ""."""
        if self.kind == "event":
            return ""
        text = " ".join(self.sql.split())
        start = text.find("(")
        depth, i = 0, max(start, 0)
        while i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            m = _SIGNATURE_END.match(text, i) if depth == 0 and (i == 0 or not text[i - 1].isalnum()) else None
            if m and i > start >= 0:
                return text[start:i].strip().upper()
            i += 1
        return text.upper()


@dataclass(frozen=True)
class Trigger(OnTable):
    """A trigger on `table` that the user wrote: its whole CREATE TRIGGER statement for `engine`."""

    name: str
    table: str
    engine: str
    sql: str
    namespace: Optional[str] = None
    comment: Optional[str] = None


@dataclass(frozen=True)
class Extension:
    """An extension of the engine named `engine` (PostgreSQL's CREATE EXTENSION: citext, pg_trgm,
    uuid-ossp) that the schema's types, functions and indexes may use; its objects go into `namespace`
    (None: the engine's default), which must exist: an extension creates no namespace of the schema's.
    Its identity is its name: an extension is installed once per database."""

    name: str
    namespace: Optional[str] = None
    engine: str = "postgres"

    @property
    def key(self) -> str:
        """Its name: one extension of a name per database."""
        return self.name

    @property
    def qualified(self) -> str:
        """The name, and the namespace its objects go into if one is given."""
        return f"{self.name} (in {self.namespace})" if self.namespace else self.name


def problems(sequences: tuple[Sequence, ...], routines: tuple[Routine, ...], triggers: tuple[Trigger, ...],
             tables: AbstractSet[tuple[Optional[str], str]], extensions: tuple[Extension, ...] = ()) -> Iterator[str]:
    """One line per rule these objects break (`schema.validate` adds them to its problems); `tables`:
    the keys of the schema's tables."""
    yield from _extension_problems(extensions)
    for kind, objects in (("sequence", sequences), ("routine", routines), ("trigger", triggers)):
        seen: set = set()
        for o in objects:  # a routine or trigger once per engine it is written for
            key = (o.key, getattr(o, "engine", None))
            if key in seen:
                yield f"{kind} {o.qualified}: defined twice; give each {kind} one definition"
            seen.add(key)
    for r in routines:
        if r.kind not in KINDS:
            yield f"routine {r.qualified}: kind {r.kind!r} is not one of {', '.join(KINDS)}; use one of them"
        if r.base_name.startswith(RESERVED_PREFIX):
            yield (f"routine {r.qualified}: names starting with {RESERVED_PREFIX} are schemakit's own; "
                   "rename the routine")
    for t in triggers:
        if t.name.startswith(RESERVED_PREFIX):
            yield (f"trigger {t.qualified}: names starting with {RESERVED_PREFIX} are schemakit's own "
                   "(its generated triggers); rename the trigger")
        if t.table_key not in tables:
            yield f"trigger {t.qualified}: the schema has no table {t.table}; add the table or remove the trigger"
    for s in sequences:
        if s.increment == 0:
            yield f"sequence {s.qualified}: increment 0 never advances; give a nonzero increment"
        if s.owned_by and (s.namespace, s.owned_by[0]) not in tables:
            yield (f"sequence {s.qualified}: owned by {'.'.join(s.owned_by)}, a table the schema does not have; "
                   "add the table or remove owned_by")


def _extension_problems(extensions: tuple[Extension, ...]) -> Iterator[str]:
    """An extension's name and namespace are identifiers (not empty, no control character), each
    extension once per engine."""
    seen: set = set()
    for e in extensions:
        for what, name in (("name", e.name), ("namespace", e.namespace)):
            if name is not None and (not name.strip() or any(ord(ch) < 32 or ord(ch) == 127 for ch in name)):
                yield (f"extension {e.name!r}: its {what} {name!r} is not an identifier (empty, or a control "
                       f"character); give the {what} as the engine lists it")
        if (e.name, e.engine) in seen:
            yield f"extension {e.qualified}: defined twice; give each extension one definition"
        seen.add((e.name, e.engine))
