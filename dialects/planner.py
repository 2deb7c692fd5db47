"""The base every engine's migration planner builds on: typed changes in, steps out.

A plan walks the differ's typed changes in their order and keeps every table
as the steps planned so far leave it (`Planner.tables`), so each step and its
rollback are rendered against the table as it really is at that point. What
is the same on every engine lives here, once:

- the dispatch: `HANDLERS` names, per typed change class, the planner method
  that plans it; an engine defines that method when it plans the change its
  own way, and `_table_change` plans every change inside one table it does not;
- the namespaces the new schema adds (planned first) and drops (planned last);
- `edited`: a table as a change inside it leaves it (the state a step moves to);
- table groups: every AddTable (or every DropTable) of a plan is planned at
  the first of them, because creation order and circular foreign keys are
  properties of the group; a drop is the creation steps inverted;
- the placeholder value a NOT NULL column without default gets in existing rows.

Each engine's ``plan.py`` subclasses `Planner`; SQL text stays in the engines.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, ClassVar, Mapping, Optional, Sequence, Union

from schemakit.schema.diff import (
    AddColumn, AddConstraint, AddEnumValue, AddIndex, AddStateMachine, AddTable, AlterColumn, AlterComposite, AlterEnum,
    CreateComposite, DropComposite, SetTypeComment,
    AlterDomain, AlterPrimaryKey, Change, ChangeKind, CreateDomain, CreateEnum, CreateNamespace, DropColumn,
    DropConstraint, DropDomain, DropEnum,
    DropIndex, DropNamespace, DropStateMachine, DropTable, SetIndexComment, SetPartitioning, SetTableComment, SetTableOptions,
    SetConstraintComment, TABLE_CHANGES,
    TableChange, TableKey, namespace_changes,
)
from schemakit.schema.code_diff import CODE_CHANGES
from schemakit.schema.policy_diff import POLICY_CHANGES
from schemakit.schema.model import Check, ColumnType, Enum, Exclusion, ForeignKey, Kind, Schema, Table, Unique
from schemakit.schema.view_diff import CreateView, DropView, ReplaceView

from .base import Dialect, PlanError, Statement, Step

# The planner method of each typed change (an engine without the method plans a change inside
# one table with `_table_change`).
HANDLERS: Mapping[type, str] = {
    CreateNamespace: "_namespace", DropNamespace: "_namespace",
    CreateEnum: "_create_enum", DropEnum: "_drop_enum", AddEnumValue: "_add_enum_value", AlterEnum: "_alter_enum",
    CreateDomain: "_create_domain", DropDomain: "_drop_domain", AlterDomain: "_alter_domain",
    CreateComposite: "_create_composite", DropComposite: "_drop_composite", AlterComposite: "_alter_composite",
    SetTypeComment: "_set_type_comment",
    AddTable: "_tables", DropTable: "_tables",
    AddColumn: "_add_column", DropColumn: "_drop_column", AlterColumn: "_alter_column",
    AlterPrimaryKey: "_alter_primary_key", AddConstraint: "_add_constraint", DropConstraint: "_drop_constraint",
    AddIndex: "_add_index", DropIndex: "_drop_index", AddStateMachine: "_add_state_machine",
    DropStateMachine: "_drop_state_machine", SetPartitioning: "_set_partitioning",
    SetTableComment: "_set_table_comment", SetTableOptions: "_set_table_options",
    SetIndexComment: "_set_index_comment", SetConstraintComment: "_set_constraint_comment",
    CreateView: "_view", DropView: "_view", ReplaceView: "_view",
    **{c: "_code" for c in CODE_CHANGES},
    **{c: "_policy" for c in POLICY_CHANGES},
}

# The Table field holding each kind of constraint.
CONSTRAINT_FIELD: Mapping[type, str] = {ForeignKey: "foreign_keys", Unique: "uniques", Check: "checks",
                                         Exclusion: "exclusions"}

# The Column field each kind of AlterColumn changes.
ATTRIBUTE: Mapping[ChangeKind, tuple[str, ...]] = {
    ChangeKind.TYPE: ("type",), ChangeKind.NULL: ("nullable",), ChangeKind.DEFAULT: ("default",),
    ChangeKind.IDENTITY: ("identity", "identity_always", "identity_sequence"), ChangeKind.ON_UPDATE: ("on_update_now",),
    ChangeKind.COMMENT: ("comment",), ChangeKind.GENERATED: ("generated",), ChangeKind.COLLATION: ("collation",),
}

# Placeholder values, per kind, for a NOT NULL column without default brought to a table with rows
# (the rollback of a drop, whose values are gone); an enum takes its first value.
FILL: Mapping[Kind, Any] = {
    Kind.UUID: "00000000-0000-0000-0000-000000000000", Kind.SMALLINT: 0, Kind.INTEGER: 0, Kind.BIGINT: 0,
    Kind.DECIMAL: 0, Kind.VARCHAR: "", Kind.TEXT: "", Kind.BOOLEAN: False,
    Kind.TIMESTAMP: "1970-01-01 00:00:00", Kind.TIMESTAMPTZ: "1970-01-01 00:00:00+00", Kind.DATE: "1970-01-01",
    Kind.JSON: "null", Kind.JSONB: "null", Kind.TINYINT: 0, Kind.REAL: 0, Kind.DOUBLE: 0, Kind.CHAR: "",
    Kind.TIME: "00:00:00", Kind.TIMETZ: "00:00:00+00", Kind.INTERVAL: "0", Kind.YEAR: 0, Kind.SET: "",
    Kind.BYTES: b"", Kind.VARBINARY: b"", Kind.BINARY: b"",
}


def _without(items: tuple, name: str) -> tuple:
    return tuple(x for x in items if x.name != name)


def _altered_column(t: Table, c: AlterColumn) -> Table:
    """The AlterColumn's one property taken from `c.new`; the rest of the column stays as it is now."""
    name = c.new.name
    changed = replace(t.column(name), **{attr: getattr(c.new, attr) for attr in ATTRIBUTE[c.kind]})
    return replace(t, columns=tuple(changed if x.name == name else x for x in t.columns))


def _commented(t: Table, c: SetConstraintComment) -> Table:
    """`t` with the comment of `c`'s constraint (the primary key's where it names none) set to `c.new`."""
    if c.name is None:
        return replace(t, primary_key_comment=c.new)
    fields: dict[str, Any] = {field: tuple(replace(x, comment=c.new) if x.name == c.name else x
                                           for x in getattr(t, field)) for field in CONSTRAINT_FIELD.values()}
    return replace(t, **fields)


def _constraints(t: Table, c: Union[AddConstraint, DropConstraint], edit: Callable[[tuple], tuple]) -> Table:
    field = CONSTRAINT_FIELD[type(c.constraint)]
    fields: dict[str, Any] = {field: edit(getattr(t, field))}
    return replace(t, **fields)


# How each change inside one table edits that table.
EDITS: Mapping[type, Callable[[Table, Any], Table]] = {
    AddColumn: lambda t, c: replace(t, columns=t.columns + (c.column,)),
    DropColumn: lambda t, c: replace(t, columns=_without(t.columns, c.column.name)),
    AlterColumn: _altered_column,
    AlterPrimaryKey: lambda t, c: replace(t, primary_key=c.new),
    AddConstraint: lambda t, c: _constraints(t, c, lambda xs: xs + (c.constraint,)),
    DropConstraint: lambda t, c: _constraints(t, c, lambda xs: _without(xs, c.constraint.name)),
    AddIndex: lambda t, c: replace(t, indexes=t.indexes + (c.index,)),
    DropIndex: lambda t, c: replace(t, indexes=_without(t.indexes, c.index.name)),
    AddStateMachine: lambda t, c: replace(t, state_machines=t.state_machines + (c.machine,)),
    DropStateMachine: lambda t, c: replace(t, state_machines=_without(t.state_machines, c.machine.name)),
    SetPartitioning: lambda t, c: replace(t, partitioning=c.new),
    SetTableComment: lambda t, c: replace(t, comment=c.new),
    SetIndexComment: lambda t, c: replace(t, indexes=tuple(replace(i, comment=c.new) if i.name == c.index.name else i
                                                           for i in t.indexes)),
    SetConstraintComment: _commented,
    SetTableOptions: lambda t, c: replace(t, collation=c.new.collation, charset=c.new.charset, strict=c.new.strict,
                                         row_security=c.new.row_security,
                                         force_row_security=c.new.force_row_security),
}


def edited(t: Table, c: TableChange) -> Table:
    """Table `t` as change `c`, a change inside it, leaves it."""
    return EDITS[type(c)](t, c)


def enum_name(ty: ColumnType) -> Optional[str]:
    """The name of the enum a column type (or the item type of an array) is, else None."""
    item = ty.item_type if ty.kind is Kind.ARRAY else ty
    return item.enum_type.name if item.kind is Kind.ENUM else None


def with_enum(ty: ColumnType, e: Enum) -> ColumnType:
    """`ty` holding enum `e` where it (or its item type) is an enum of that name."""
    if ty.kind is Kind.ARRAY:
        return replace(ty, item=with_enum(ty.item_type, e))
    return replace(ty, enum=e) if ty.kind is Kind.ENUM and ty.enum_type.name == e.name else ty


class Planner:
    """One plan: the changes, and the tables as the steps planned so far leave them.

    `plan()` of an engine is ``SubPlanner(d, old, new, changes).steps()``; `old`
    and `new` are lowered schemas, `changes` the differ's typed changes between them.
    """

    fill: ClassVar[Mapping[Kind, Any]] = FILL

    def __init__(self, d: Dialect, old: Schema, new: Schema, changes: Sequence[Change]):
        self.d, self.old, self.new, self.changes = d, old, new, list(changes)
        self.tables: dict[TableKey, Table] = {t.key: t for t in old.tables}
        self.out: list[Step] = []  # the steps planned so far
        self.groups: dict[type, list[Table]] = {
            AddTable: [c.table for c in self.changes if isinstance(c, AddTable)],
            DropTable: [c.table for c in self.changes if isinstance(c, DropTable)]}

    def steps(self) -> list[Step]:
        """New namespaces first, then the steps of each change in order, dropped namespaces last."""
        created, dropped = namespace_changes(self.old, self.new)
        for c in created + self.changes:
            self.out += self.plan_change(c)
        self.out += self._finish()
        for c in dropped:
            self.out += self.plan_change(c)
        return self.out

    def plan_change(self, c: Change) -> list[Step]:
        """The steps of one change: the engine's method for its kind (`HANDLERS`), else, for a
        change inside one table, `_table_change`."""
        handler = getattr(self, HANDLERS[type(c)], None)
        if handler is not None:
            return handler(c)
        if isinstance(c, TABLE_CHANGES):
            return self._table_change(c)
        raise PlanError(f"{self.d.name}: no plan for {c.describe()}")

    # -- hooks ------------------------------------------------------------------------------
    def _table_change(self, c: TableChange) -> list[Step]:
        """Hook: the steps of a change inside one table that the engine has no method of its own for."""
        raise PlanError(f"{self.d.name}: no plan for {c.describe()}")

    def _finish(self) -> list[Step]:
        """Hook: steps after the last change, before the dropped namespaces."""
        return []

    def _creation_steps(self, group: list[Table], drop: bool) -> list[Step]:
        """Hook: steps creating `group` beside the other current tables; `drop` only chooses the
        changes the steps carry (DropTable, and the caller inverts the steps)."""
        raise PlanError(f"{self.d.name}: creating tables is not planned")

    def _dropping(self, steps: list[Step]) -> list[Step]:
        """Hook: the steps dropping a group of tables (the creation steps inverted), as run."""
        return steps

    # -- steps and state --------------------------------------------------------------------
    @staticmethod
    def _step(change, apply: Sequence[Statement], rollback: Optional[Sequence[Statement]],
              detail: str = "") -> Step:
        """A step implementing `change` (a typed change or a tuple of them); no rollback: None."""
        return Step(tuple(apply), None if rollback is None else tuple(rollback), change, detail)

    def _move(self, key: TableKey, after: Table) -> tuple[Table, Table]:
        """Table `key` before and after; the state moves to `after`."""
        before = self.tables[key]
        self.tables[key] = after
        return before, after

    def _change(self, key: TableKey, **fields) -> tuple[Table, Table]:
        """The table before and after replacing `fields`; the state moves to after."""
        return self._move(key, replace(self.tables[key], **fields))

    def _apply(self, c: TableChange) -> tuple[Table, Table]:
        """The table of `c`, a change inside one table, before and after it; the state moves to after."""
        return self._move(c.table, self._edited(c))

    def _edited(self, c: TableChange) -> Table:
        """The table of `c` as `c` leaves it (the state does not move)."""
        return edited(self.tables[c.table], c)

    def fill_value(self, ty: ColumnType) -> Any:
        """The placeholder value of a column type in existing rows."""
        if ty.kind is Kind.ENUM:
            return ty.enum_type.values[0]
        if ty.kind not in self.fill:
            raise PlanError(f"{self.d.name}: a NOT NULL {ty} column without a default cannot be given back to rows "
                            "that exist (no placeholder value for its type): give the column a default")
        return self.fill[ty.kind]

    def _enum_users(self, namespace: Optional[str], name: str) -> list[Table]:
        """The current tables of `namespace` with a column of enum `name` (or an array of it)."""
        return [t for t in self.tables.values() if t.namespace == namespace
                and any(enum_name(x.type) == name for x in t.columns)]

    @staticmethod
    def _with_enum(t: Table, e: Enum) -> Table:
        """`t` with its columns of enum `e.name` holding `e`."""
        return replace(t, columns=tuple(replace(x, type=with_enum(x.type, e)) for x in t.columns))

    # -- views ------------------------------------------------------------------------------
    def _view(self, c: Union[CreateView, DropView, ReplaceView]) -> list[Step]:
        """One step per view change; its rollback is the view as it was (the old body)."""
        d = self.d
        if isinstance(c, CreateView):
            return [self._step(c, d.create_view(c.view), d.drop_view(c.view))]
        if isinstance(c, DropView):
            return [self._step(c, d.drop_view(c.view), d.create_view(c.view))]
        return [self._step(c, d.replace_view(c.old, c.new), d.replace_view(c.new, c.old))]
    def _code(self, c: Change) -> list[Step]:
        """A sequence, routine or user trigger change: the engine's steps for it (dialects/code.py)."""
        return [self._step(c, apply, rollback) for apply, rollback in self.d.code().steps(c)]

    def _policy(self, c: Change) -> list[Step]:
        """A policy or grant change: the engine's steps for it (dialects/policies.py)."""
        return [self._step(c, apply, rollback) for apply, rollback in self.d.policies().steps(c)]

    # -- tables -----------------------------------------------------------------------------
    def _tables(self, c: Union[AddTable, DropTable]) -> list[Step]:
        """Every AddTable (or every DropTable) of the plan at once, at the first of them."""
        kind = type(c)
        group = self.groups[kind]
        if c.table is not group[0]:
            return []
        if kind is AddTable:
            steps = self._creation_steps(group, drop=False)
            self.tables.update({t.key: t for t in group})
            return steps
        group = [self.tables[t.key] for t in reversed(group)]  # declaration order, as they are now
        steps = self._creation_steps(group, drop=True)
        for t in group:
            del self.tables[t.key]
        return self._dropping([s.inverted() for s in reversed(steps)])
