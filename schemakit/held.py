"""Which live objects beside the tables (`Dialect.objects`) a schema holds, and which it does not.

`drift` compares what the model holds and lists the rest as not managed by schemakit; `inspect`
reads what the model can hold and lists the rest with a SKIP code, so nothing is dropped silently.
"""
from __future__ import annotations

from typing import Any, Collection, Optional, Sequence

from .dialects.base import DbObject, Dialect, SupportObject
from .schema.diff import TableKey
from .ignore import TYPE_KINDS
from .memo import by_identity
from .schema.model import Schema

# The SKIP code `inspect` gives an object of each kind the model does not hold.
SKIP_CODE = {"view": "SKIP-VIEW", "materialized view": "SKIP-VIEW", "sequence": "SKIP-SEQUENCE",
             "function": "SKIP-FUNCTION", "procedure": "SKIP-FUNCTION", "aggregate": "SKIP-FUNCTION",
             "trigger": "SKIP-TRIGGER", "index": "SKIP-INDEX"}


def held(o: DbObject, model: Schema) -> bool:
    """Whether live object `o` is one `model` holds (a view, a sequence, a routine or event, a trigger, a type
    it declares or a column uses: a domain the declared one is over is the model's too, an extension)."""
    if o.kind in TYPE_KINDS:
        return (o.namespace, o.name) in {**model.enums(), **model.domains(), **model.composites()}
    if o.kind == "trigger":
        return (o.namespace, o.table, o.name) in {x.key for x in model.triggers}
    if o.kind == "extension":
        return o.name in {e.name for e in model.extensions}
    if o.kind == "policy":
        return (o.namespace, o.table, o.name) in {p.key for p in model.policies}
    keys: dict[str, set] = {
        "view": {v.key for v in model.views}, "materialized view": {v.key for v in model.views},
        "sequence": {s.key for s in model.sequences}, "function": {r.key for r in model.routines},
        "procedure": {r.key for r in model.routines}, "event": {r.key for r in model.routines}}
    return (o.namespace, o.name) in keys.get(o.kind, set())


def unmanaged(d: Dialect, conn: Any, namespaces: Sequence[Optional[str]], model: Schema) -> list[DbObject]:
    """The objects of `namespaces` beside their tables that `model` does not hold, nor the engine
    creates for it (`Dialect.created_objects`), ordered by namespace, kind, table and name."""
    created = {(o.kind, o.name) for o in d.created_objects(model)}
    found = [o for o in d.objects(conn, namespaces) if not held(o, model) and (o.kind, o.name) not in created]
    return sorted(found, key=lambda o: (o.namespace or "", o.kind, o.table or "", o.name))


@by_identity
def _support_objects(d: Dialect, model: Schema) -> list:
    """`d.support_objects(model)`, once per dialect and (lowered, shared) model: a tenant run checks each
    tenant against the same one (`memo.by_identity`)."""
    return d.support_objects(model)


def missing_support(d: Dialect, conn: Any, namespaces: Sequence[Optional[str]], model: Schema,
                    tables: Collection[TableKey]) -> list[tuple[SupportObject, str]]:
    """The support objects the engine creates for an (already lowered) `model` (`Dialect.support_objects`) on
    those of its tables that are there (`tables`: a missing table is a difference of its own) which the
    database does not have as schemakit creates them (`Dialect.live_support`), each with how it has it
    (`SupportObject.state`: missing, disabled, changed)."""
    present = set(tables)
    wanted = [o for o in _support_objects(d, model) if (o.namespace, o.table) in present]
    if not wanted:
        return []
    live = d.live_support(conn, namespaces)
    return [(o, state) for o in wanted for state in [o.state(live)] if state is not None]
