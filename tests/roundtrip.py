"""Shared steps of the round trip: render, apply, introspect, compare; and, with no server,
the model against its lowering.

The live round trip compares a database with ``lower(model)``, so it cannot see
what the lowering itself changes. `unlisted_changes` and `unseen_degradations`
hold the lowering to its degradations: every typed change of
``diff(model, lower(model).schema)`` is on the table and subject of a listed
degradation whose category shows as that kind of change (`SHOWS_AS`: a dropped
feature as an element removed, a weakened or approximated one as an element
changed, no partitions as a table unpartitioned), and every degradation of
those categories is on the table and subject of such a change.
"""
from __future__ import annotations

import subprocess
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Optional

from schemakit import dialects
from schemakit.dialects import urls
from schemakit.dialects.base import DegradationCategory, Dialect, Lowered
from schemakit.schema import catalog
from schemakit.schema.diff import (
    AddColumn, AddConstraint, AddEnumValue, AddIndex, AddStateMachine, AddTable, AlterColumn, AlterEnum,
    AlterDomain, AlterPrimaryKey, Change, CreateDomain, CreateEnum, DropColumn, DropConstraint, DropDomain, DropEnum,
    DropIndex, DropStateMachine, DropTable, SetPartitioning, SetTableComment, SetTableOptions, TableKey, diff,
    DropComposite, SetConstraintComment, SetIndexComment, SetTypeComment,
)
from schemakit.schema.code_diff import (
    CODE_CHANGES, AlterSequence, CreateExtension, CreateRoutine, CreateSequence, CreateTrigger, DropExtension,
    DropRoutine, DropSequence, DropTrigger, ReplaceRoutine, ReplaceTrigger,
)
from schemakit.schema.domains import inlined_check_name
from schemakit.schema.model import Kind, Schema
from schemakit.schema.view_diff import CreateView, DropView, ReplaceView
from schemakit.schema.policy_diff import (
    CreatePolicy, DropPolicy, GrantPrivileges, POLICY_CHANGES, ReplacePolicy, RevokePrivileges,
)

Site = tuple[str, str]  # (qualified table, subject): where a Degradation says it applies
PRIMARY_KEY_SUBJECT = "primary key"  # the subject a degradation of a table's primary key names


def tenants_for(system: str) -> list[str] | None:
    """Unique tenant ids for a tenanted system (MySQL namespaces are server-wide)."""
    sys_ = catalog.get(system)
    return [f"t{uuid.uuid4().hex[:8]}"] if sys_.tenancy is not None else None


def run_native(engine: str, url: urls.DbUrl, script: str) -> subprocess.CompletedProcess:
    """Feed `script` to the engine's native client; raise with its stderr on failure."""
    d = dialects.get(engine)
    cwd = None if d.has_server else str(Path(url.database).parent)
    proc = subprocess.run(d.client_command(url), input=script, text=True, capture_output=True, cwd=cwd)
    if proc.returncode != 0 or (not d.has_server and proc.stderr.strip()):
        raise AssertionError(f"{engine} native client failed (exit {proc.returncode}):\n{proc.stderr}")
    return proc


def created(d: Dialect, engine: str, url: urls.DbUrl, schema: Schema) -> set[str]:
    """`schema` (validated) made in the empty database `url` by `engine`'s native client, rendered by `d` (the
    dialect serving it); the codes of its degradations."""
    from schemakit.schema.validate import validate
    statements, degradations = d.ddl(validate(schema))
    run_native(engine, url, d.script(statements))
    return {g.code for g in degradations}


def introspected(engine: str, url: urls.DbUrl, schema: Schema, code: bool = False) -> Schema:
    """The live database read back, for the namespaces `schema` uses; with `code`, its sequences,
    routines and user triggers too (which `inspect` reads: a read with a skip list)."""
    d = dialects.get(engine)
    conn = d.connect(url)
    try:
        return with_code(d, conn, (None,) + schema.namespaces) if code else d.introspect(conn, (None,) + schema.namespaces)
    finally:
        conn.close()


def with_code(d: Dialect, conn, namespaces) -> Schema:
    """The tables of `namespaces` read strictly, with the sequences, routines and user triggers
    `inspect` reads (a read with a skip list)."""
    live = d.introspect(conn, namespaces)
    loose = d.introspect(conn, namespaces, skipped=[])
    return replace(live, sequences=loose.sequences, routines=loose.routines, triggers=loose.triggers)


def differences(engine: str, schema: Schema, live: Schema, url: Optional[urls.DbUrl] = None) -> list[str]:
    """What differs between the lowered model and the live database (with `url`, view bodies compared
    as the engine stores them: `Dialect.comparable_views`)."""
    d = dialects.get(engine)
    expected = d.lower(schema).schema
    if url is not None and expected.views:
        conn = d.connect(url)
        try:
            expected, live = d.comparable_views(conn, expected, live)
        finally:
            conn.close()
    return [c.describe() for c in diff(expected, live)]


# -- the model against its lowering (no server) -------------------------------------------------

def _qualified(key: TableKey) -> str:
    return f"{key[0]}.{key[1]}" if key[0] else key[1]


def _enum_users(schema: Schema, namespace: Optional[str], name: str) -> list[Site]:
    """The columns of `schema` whose type (or array item type) is enum `name` of `namespace`."""
    return [(t.qualified, c.name) for t in schema.tables if t.namespace == namespace for c in t.columns
            for ty in (c.type, c.type.item) if ty is not None and ty.kind is Kind.ENUM and ty.enum.name == name]


def _domain_check_column(model: Schema, key: TableKey, name: str) -> Optional[str]:
    """The column of table `key` whose domain CHECK the lowering put on the table as `name`, or None."""
    for t in model.tables:
        if t.key == key:
            return next((c.name for c in t.columns if c.type.domain is not None for d in c.type.domain.chain()
                         for k in d.checks if inlined_check_name(t.name, c.name, k.name) == name), None)
    return None


def change_sites(change: Change, model: Schema, lowered: Schema) -> list[Site]:
    """The (table, subject) pairs a typed change of ``diff(model, lowered)`` is about: a column, constraint,
    index or state machine by name, the partition column, ``primary key``; an enum type change is about
    the columns of that type (in the model for a dropped or changed enum, in the lowering for a new one)."""
    if isinstance(change, (AddTable, DropTable)):
        return [(change.table.qualified, "*")]
    declared = _declared_site(change, model)
    if declared is not None:
        return [declared]
    if isinstance(change, AlterSequence) and change.new.key not in {x.key for x in lowered.sequences}:
        return []  # a sequence disowned before it is dropped: its DropSequence is the difference
    if isinstance(change, CODE_CHANGES):
        return [code_site(change)]
    if isinstance(change, POLICY_CHANGES):
        return [policy_site(change)]
    if isinstance(change, SetTableOptions) and _only_row_security(change):
        return [(_qualified(change.table), ROW_SECURITY)]
    if isinstance(change, (CreateEnum, DropEnum, AddEnumValue)):
        name, schema = change.enum.name, lowered if isinstance(change, CreateEnum) else model
        return _enum_users(schema, change.namespace, name)
    if isinstance(change, AlterEnum):
        return _enum_users(model, change.namespace, change.old.name)
    if isinstance(change, (CreateDomain, DropDomain, AlterDomain)):
        name = change.domain.name if isinstance(change, (CreateDomain, DropDomain)) else change.old.name
        schema = lowered if isinstance(change, CreateDomain) else model
        return [(t.qualified, c.name) for t in schema.tables if t.namespace == change.namespace for c in t.columns
                if c.type.domain is not None and c.type.domain.name == name]
    if isinstance(change, (CreateView, DropView, ReplaceView)):
        return _view_sites(change, model, lowered)
    table = _qualified(change.table)
    if isinstance(change, (AddColumn, DropColumn)):
        return [(table, change.column.name)]
    if isinstance(change, AlterColumn):
        return [(table, change.new.name)]
    if isinstance(change, (AddConstraint, DropConstraint)):
        return [(table, _domain_check_column(model, change.table, change.constraint.name) or change.constraint.name)]
    if isinstance(change, (AddIndex, DropIndex, SetIndexComment)):
        return [(table, change.index.name)]
    if isinstance(change, SetConstraintComment):
        return [(table, PRIMARY_KEY_SUBJECT if change.name is None else change.name)]
    if isinstance(change, (AddStateMachine, DropStateMachine)):
        return [(table, change.machine.name)]
    if isinstance(change, SetPartitioning):
        return [(table, (change.old or change.new).column)]
    if isinstance(change, AlterPrimaryKey):
        return [(table, PRIMARY_KEY_SUBJECT)]
    if isinstance(change, (SetTableComment, SetTableOptions)):
        return [(table, "*")]
    raise TypeError(f"no site for {type(change).__name__}: teach tests/roundtrip.change_sites")


VIEW_COMMENT = "(view comment)"  # the subject of a view's comment the lowering leaves out


def _view_sites(change: Change, model: Schema, lowered: Schema) -> list[Site]:
    """A view gone or changed in the lowering; its body rendered for the engine (or the view created
    again around a table change) is no loss, a materialized view made plain or a comment left out is."""
    view = change.new if isinstance(change, ReplaceView) else change.view  # type: ignore[attr-defined]
    before = {v.key: v for v in model.views}.get(view.key)
    after = {v.key: v for v in lowered.views}.get(view.key)
    if before is None or after is None:
        return [(view.qualified, "(view)")]
    return ([(view.qualified, "(view)")] if before.materialized != after.materialized else []) + \
        ([(view.qualified, VIEW_COMMENT)] if before.comment != after.comment else [])
def code_site(change: Change) -> Site:
    """The site of an extension, sequence, routine or trigger change, as dialects/code.py names its degradations:
    ("*", extension, routine or sequence), (table, trigger), (sequence, "owned by")."""
    if isinstance(change, (CreateTrigger, DropTrigger)):
        t = change.trigger
        return (_qualified(t.table_key), t.name)
    if isinstance(change, ReplaceTrigger):
        return (_qualified(change.new.table_key), change.new.name)
    if isinstance(change, (CreateRoutine, DropRoutine)):
        return ("*", change.routine.qualified)
    if isinstance(change, ReplaceRoutine):
        return ("*", change.new.qualified)
    if isinstance(change, (CreateSequence, DropSequence)):
        return ("*", change.sequence.qualified)
    if isinstance(change, (CreateExtension, DropExtension)):
        return ("*", change.extension.name)
    if isinstance(change, AlterSequence):
        return (change.new.qualified, "owned by" if "owned_by" in change.changed else "*")
    raise TypeError(f"no site for {type(change).__name__}")


ROW_SECURITY = "row level security"  # the subject of a table's row-level security the lowering leaves out


def _only_row_security(c: SetTableOptions) -> bool:
    """Whether `c` changes a table's row-level security only (then dialects/policies.py names it)."""
    return replace(c.old, row_security=False, force_row_security=False) == \
        replace(c.new, row_security=False, force_row_security=False)


def policy_site(change: Change) -> Site:
    """The site of a policy or grant change, as dialects/policies.py names its degradations: (table,
    policy), ("*", grant in words)."""
    if isinstance(change, (CreatePolicy, DropPolicy)):
        return (_qualified(change.policy.table_key), change.policy.name)
    if isinstance(change, ReplacePolicy):
        return (_qualified(change.new.table_key), change.new.name)
    if isinstance(change, (GrantPrivileges, RevokePrivileges)):
        return ("*", change.grant.qualified)
    raise TypeError(f"no site for {type(change).__name__}")


# What each category that changes the schema shows as in diff(model, lower(model)), at its site.
REMOVED, CHANGED, UNPARTITIONED = "removed", "changed", "unpartitioned"
SHOWS_AS = {DegradationCategory.DROPPED: REMOVED, DegradationCategory.WEAKENED: CHANGED,
            DegradationCategory.APPROXIMATED: CHANGED, DegradationCategory.NO_PARTITIONS: UNPARTITIONED}
_REMOVALS = (DropTable, DropColumn, DropConstraint, DropIndex, DropStateMachine, DropView, DropRoutine, DropTrigger,
             DropSequence, DropPolicy, RevokePrivileges, DropExtension)
_TYPE_DROPS = (DropEnum, DropDomain, DropComposite, SetTypeComment)


def _declared_site(change: Change, model: Schema) -> Optional[Site]:
    """("*", [namespace.]name) of a type the model declares by itself that `change` drops, else None."""
    if not isinstance(change, _TYPE_DROPS):
        return None
    name = change.name if isinstance(change, SetTypeComment) else change.enum.name if isinstance(change, DropEnum) \
        else change.domain.name if isinstance(change, DropDomain) else change.composite.name
    key = (change.namespace, name)
    if key not in {x.key for x in model.types}:
        return None
    return "*", ".".join(n for n in key if n)


def lowering_differences(model: Schema, lowered: Schema) -> list[tuple[Change, Site, str]]:
    """Each typed change of ``diff(model, lowered)`` at each of its sites, with what happened there: an
    element gone (REMOVED; a drop the lowering adds back under the same name is CHANGED), an element
    changed (CHANGED), the table unpartitioned (UNPARTITIONED)."""
    changes = _renames(diff(model, lowered))
    sited = [(c, site) for c in changes for site in change_sites(c, model, lowered)]
    added = {site for c, site in sited if not isinstance(c, _REMOVALS) and not (isinstance(c, _TYPE_DROPS) and site[0] == "*")}
    out = []
    for c, site in sited:
        if site[1] in (VIEW_COMMENT, ROW_SECURITY) or _comment_left_out(c):  # a comment, or row-level security, left out
            kind = REMOVED
        elif isinstance(c, _REMOVALS) or (isinstance(c, _TYPE_DROPS) and site[0] == "*"):
            kind = CHANGED if site in added else REMOVED
        elif isinstance(c, SetPartitioning) and c.new is None:
            kind = UNPARTITIONED
        else:
            kind = CHANGED
        out.append((c, site, kind))
    return out


def _comment_left_out(c: Change) -> bool:
    """An index's, a constraint's or a trigger's comment the lowering leaves out (the element itself stays as it is)."""
    if isinstance(c, (SetIndexComment, SetConstraintComment)):
        return c.new is None
    return isinstance(c, ReplaceTrigger) and c.new.comment is None and replace(c.old, comment=None) == c.new


def _renames(changes: list[Change]) -> list[Change]:
    """`changes` where an index dropped and the same index added under another name on its table (an
    engine scoping index names per schema renamed it: dialects/index_names.py) is one change, at the
    name the model gives it: an AddIndex of the old name's site (shows as CHANGED there)."""
    adds = [c for c in changes if isinstance(c, AddIndex)]
    out, used = [], set()
    for c in changes:
        if isinstance(c, DropIndex):
            same = next((a for a in adds if id(a) not in used and a.table == c.table
                         and replace(a.index, name=c.index.name) == c.index), None)
            if same is not None:
                used.add(id(same))
                out.append(replace(same, index=c.index))
                continue
        out.append(c)
    return [c for c in out if id(c) not in used]


def unlisted_changes(model: Schema, lowered: Lowered) -> list[str]:
    """Each difference between `model` and its lowering that no listed degradation explains: one on
    the same table and subject whose category shows as that difference (`SHOWS_AS`: DROPPED as a removed
    element, WEAKENED or APPROXIMATED as a changed one, NO_PARTITIONS as an unpartitioned table);
    described, [] when the lowering lists all it changes."""
    listed = {((g.table, g.subject), SHOWS_AS[g.category]) for g in lowered.degradations if g.category in SHOWS_AS}
    out = []
    for c, site, kind in lowering_differences(model, lowered.schema):
        if (site, kind) not in listed:
            cats = "/".join(cat.value for cat, shown in SHOWS_AS.items() if shown == kind)
            out.append(f"{c.describe()}: {kind}, and no listed degradation of {site[0]}.{site[1]} says so ({cats})")
    return out


def unseen_degradations(model: Schema, lowered: Lowered) -> list[str]:
    """Each listed degradation whose category changes the schema with no difference of its kind
    (`SHOWS_AS`) on its table and subject; [] when every one is seen. A category that changes no schema
    element (BEHAVIOUR, NOT_INDEXABLE: `DegradationCategory.changes_schema` False) is not looked for."""
    seen = {(site, kind) for _, site, kind in lowering_differences(model, lowered.schema)}
    return [f"{g} ({g.category}: nothing {SHOWS_AS[g.category]} there)" for g in lowered.degradations
            if g.category in SHOWS_AS and ((g.table, g.subject), SHOWS_AS[g.category]) not in seen]
