"""Which object a typed change is about: what a repair may touch, and what it must leave alone.

A database schemakit migrates may hold tables, columns and indexes that are
not the model's. Commands that change a database act only on objects a
migration owns; `subject` names the object of each typed change so that a
set of allowed changes can be compared with a set of proposed ones.
"""
from __future__ import annotations

from typing import Any, Hashable, Optional

from .code import Trigger
from .code_diff import CODE_CHANGES
from .diff import (
    AddColumn, AddConstraint, AddEnumValue, AddIndex, AddStateMachine, AddTable, AlterColumn, AlterEnum,
    AlterPrimaryKey, Change, CreateEnum, DropColumn, DropConstraint, DropEnum, DropIndex, DropStateMachine,
    DropTable, SetConstraintComment, SetPartitioning, SetTableComment, TableKey,
)
from .policy_diff import CreatePolicy, DropPolicy, GrantPrivileges, ReplacePolicy, RevokePrivileges
from .view_diff import CreateView, DropView, ReplaceView


def subject(c: Change) -> tuple[str, Optional[TableKey], Hashable]:
    """(kind of object, its table key or None, its name within the table) of the object `c` changes."""
    if isinstance(c, (AddTable, DropTable)):
        return ("table", c.table.key, None)
    if isinstance(c, (AddColumn, DropColumn)):
        return ("column", c.table, c.column.name)
    if isinstance(c, AlterColumn):
        return ("column", c.table, c.new.name)
    if isinstance(c, (AddConstraint, DropConstraint)):
        return ("constraint", c.table, c.constraint.name)
    if isinstance(c, (AddIndex, DropIndex)):
        return ("index", c.table, c.index.name)
    if isinstance(c, (AddStateMachine, DropStateMachine)):
        return ("state machine", c.table, c.machine.name)
    if isinstance(c, SetConstraintComment) and c.name is not None:
        return ("constraint", c.table, c.name)
    if isinstance(c, (AlterPrimaryKey, SetConstraintComment)):
        return ("primary key", c.table, None)
    if isinstance(c, SetPartitioning):
        return ("partitioning", c.table, None)
    if isinstance(c, SetTableComment):
        return ("comment", c.table, None)
    if isinstance(c, (CreateEnum, DropEnum, AddEnumValue)):
        return ("enum", None, (c.namespace, c.enum.name))
    if isinstance(c, AlterEnum):
        return ("enum", None, (c.namespace, c.new.name))
    if isinstance(c, (CreateView, DropView)):
        return ("view", None, c.view.key)
    if isinstance(c, ReplaceView):
        return ("view", None, c.new.key)
    if isinstance(c, CODE_CHANGES):
        return _code_subject(c)
    if isinstance(c, (CreatePolicy, DropPolicy)):
        return ("policy", c.policy.table_key, c.policy.name)
    if isinstance(c, ReplacePolicy):
        return ("policy", c.new.table_key, c.new.name)
    if isinstance(c, (GrantPrivileges, RevokePrivileges)):  # a grant: of its object's namespace, per object and role
        return ("grant", None, c.grant.key)
    raise TypeError(f"no subject for {type(c).__name__}")


def _code_subject(c: Change) -> tuple[str, Optional[TableKey], Hashable]:
    """The subject of a sequence, routine or trigger change (schema/code_diff.py): a trigger is its
    table's, the others the namespace's."""
    obj: Any = getattr(c, "new", None) or getattr(c, "sequence", None) or getattr(c, "routine", None) \
        or getattr(c, "trigger", None)
    kind = type(obj).__name__.lower()
    if isinstance(obj, Trigger):
        return (kind, obj.table_key, obj.name)
    return (kind, None, obj.key)
