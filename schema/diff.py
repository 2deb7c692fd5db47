"""The generic differ: two schemas in, typed changes out (never SQL).

`diff(old, new)` returns the changes that turn `old` into `new`, in an order
a dialect can plan directly: new enums and tables first, drops last.
`diff(s, s)` is always empty.
"""
from __future__ import annotations

import enum
import json
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Callable, Optional, Union

from . import expr
from .model import (
    Check, Column, DefaultKind, Enum, ForeignKey, Index, Kind, Partitioning,
    Schema, StateMachine, Table, Unique,
)

TableKey = tuple[Optional[str], str]
Constraint = Union[ForeignKey, Unique, Check]


class ChangeKind(str, enum.Enum):
    """Which property of a column an AlterColumn changes."""

    TYPE = "type"
    NULL = "null"
    DEFAULT = "default"
    IDENTITY = "identity"
    ON_UPDATE = "on_update"
    COMMENT = "comment"


@dataclass(frozen=True)
class Change:
    """Base of every typed change."""

    def describe(self) -> str:
        """One readable line."""
        raise NotImplementedError


def _q(key: TableKey) -> str:
    return f"{key[0]}.{key[1]}" if key[0] else key[1]


@dataclass(frozen=True)
class CreateEnum(Change):
    namespace: Optional[str]
    enum: Enum

    def describe(self) -> str:
        return f"create enum {_q((self.namespace, self.enum.name))} {list(self.enum.values)}"


@dataclass(frozen=True)
class DropEnum(Change):
    namespace: Optional[str]
    enum: Enum

    def describe(self) -> str:
        return f"drop enum {_q((self.namespace, self.enum.name))}"


@dataclass(frozen=True)
class AddEnumValue(Change):
    namespace: Optional[str]
    enum: Enum  # the enum after the value is added
    value: str

    def describe(self) -> str:
        return f"add value {self.value!r} to enum {_q((self.namespace, self.enum.name))}"


@dataclass(frozen=True)
class AlterEnum(Change):
    """An enum change that is not a pure append (values removed or reordered)."""

    namespace: Optional[str]
    old: Enum
    new: Enum

    def describe(self) -> str:
        return f"change enum {_q((self.namespace, self.new.name))} from {list(self.old.values)} to {list(self.new.values)}"


@dataclass(frozen=True)
class AddTable(Change):
    table: Table

    def describe(self) -> str:
        return f"add table {self.table.qualified}"


@dataclass(frozen=True)
class DropTable(Change):
    table: Table

    def describe(self) -> str:
        return f"drop table {self.table.qualified}"


@dataclass(frozen=True)
class AddColumn(Change):
    table: TableKey
    column: Column

    def describe(self) -> str:
        return f"add column {_q(self.table)}.{self.column.name} {self.column.type}"


@dataclass(frozen=True)
class DropColumn(Change):
    table: TableKey
    column: Column

    def describe(self) -> str:
        return f"drop column {_q(self.table)}.{self.column.name}"


@dataclass(frozen=True)
class AlterColumn(Change):
    table: TableKey
    kind: ChangeKind
    old: Column
    new: Column

    def describe(self) -> str:
        attr = {"type": "type", "null": "nullable", "default": "default", "identity": "identity",
                "on_update": "on_update_now", "comment": "comment"}[self.kind.value]
        return (f"alter column {_q(self.table)}.{self.new.name} {attr}: "
                f"{getattr(self.old, attr)!s} -> {getattr(self.new, attr)!s}")


@dataclass(frozen=True)
class AlterPrimaryKey(Change):
    table: TableKey
    old: tuple[str, ...]
    new: tuple[str, ...]

    def describe(self) -> str:
        return f"change primary key of {_q(self.table)}: {list(self.old)} -> {list(self.new)}"


@dataclass(frozen=True)
class AddConstraint(Change):
    table: TableKey
    constraint: Constraint

    def describe(self) -> str:
        return f"add {_kind(self.constraint)} {self.constraint.name} on {_q(self.table)}"


@dataclass(frozen=True)
class DropConstraint(Change):
    table: TableKey
    constraint: Constraint

    def describe(self) -> str:
        return f"drop {_kind(self.constraint)} {self.constraint.name} on {_q(self.table)}"


@dataclass(frozen=True)
class AddIndex(Change):
    table: TableKey
    index: Index

    def describe(self) -> str:
        return f"add index {self.index.name} on {_q(self.table)}"


@dataclass(frozen=True)
class DropIndex(Change):
    table: TableKey
    index: Index

    def describe(self) -> str:
        return f"drop index {self.index.name} on {_q(self.table)}"


@dataclass(frozen=True)
class SetPartitioning(Change):
    table: TableKey
    old: Optional[Partitioning]
    new: Optional[Partitioning]

    def describe(self) -> str:
        return f"change partitioning of {_q(self.table)}: {_part(self.old)} -> {_part(self.new)}"


@dataclass(frozen=True)
class AddStateMachine(Change):
    table: TableKey
    machine: StateMachine

    def describe(self) -> str:
        return f"add state machine {self.machine.name} on {_q(self.table)}.{self.machine.column}"


@dataclass(frozen=True)
class DropStateMachine(Change):
    table: TableKey
    machine: StateMachine

    def describe(self) -> str:
        return f"drop state machine {self.machine.name} on {_q(self.table)}"


@dataclass(frozen=True)
class SetTableComment(Change):
    table: TableKey
    old: Optional[str]
    new: Optional[str]

    def describe(self) -> str:
        return f"change comment of table {_q(self.table)}: {self.old!r} -> {self.new!r}"


def _kind(c: Constraint) -> str:
    return {ForeignKey: "foreign key", Unique: "unique", Check: "check"}[type(c)]


def _part(p: Optional[Partitioning]) -> str:
    return "none" if p is None else f"monthly on {p.column} from {p.start:%Y-%m} for {p.months} months"


def diff(old: Schema, new: Schema) -> list[Change]:
    """The typed changes that turn `old` into `new`."""
    changes: list[Change] = _enum_changes(old, new, before=True)
    old_t = {t.key: t for t in old.tables}
    new_t = {t.key: t for t in new.tables}
    changes += [AddTable(t) for k, t in new_t.items() if k not in old_t]
    for key, t in new_t.items():
        if key in old_t:
            changes += diff_table(old_t[key], t)
    changes += [DropTable(t) for k, t in reversed(list(old_t.items())) if k not in new_t]
    return _fks_outermost(changes) + _enum_changes(old, new, before=False)


def _is_fk(c: Change, kind: type) -> bool:
    return isinstance(c, kind) and isinstance(c.constraint, ForeignKey)


def _fks_outermost(changes: list[Change]) -> list[Change]:
    """Foreign keys are dropped before, and added after, every other table change,
    so a key change in one table never meets a foreign key of another."""
    groups: dict[str, list[Change]] = {"enums": [], "drops": [], "middle": [], "adds": [], "tables": []}
    for c in changes:
        if _is_fk(c, DropConstraint):
            groups["drops"].append(c)
        elif _is_fk(c, AddConstraint):
            groups["adds"].append(c)
        elif isinstance(c, (CreateEnum, AddEnumValue, AlterEnum)):
            groups["enums"].append(c)
        elif isinstance(c, DropTable):
            groups["tables"].append(c)
        else:
            groups["middle"].append(c)
    return [c for group in groups.values() for c in group]


def _enum_changes(old: Schema, new: Schema, before: bool) -> list[Change]:
    o, n = old.enums(), new.enums()
    if not before:
        return [DropEnum(k[0], e) for k, e in o.items() if k not in n]
    out: list[Change] = []
    for key, e in n.items():
        if key not in o:
            out.append(CreateEnum(key[0], e))
        elif o[key] != e:
            old_vals = o[key].values
            if e.values[:len(old_vals)] == old_vals:
                grown = o[key]
                for v in e.values[len(old_vals):]:
                    grown = grown.add_value(v)
                    out.append(AddEnumValue(key[0], grown, v))
            else:
                out.append(AlterEnum(key[0], o[key], e))
    return out


def diff_table(old: Table, new: Table) -> list[Change]:
    """Changes inside one table (same key in both schemas)."""
    key = new.key
    out: list[Change] = []
    old_c = {c.name: c for c in old.columns}
    new_c = {c.name: c for c in new.columns}
    out += [DropConstraint(key, c) for c in _removed(old.foreign_keys, new.foreign_keys, _same_constraint)]
    out += [DropIndex(key, i) for i in _removed(old.indexes, new.indexes, _same_index)]
    out += [DropConstraint(key, c) for c in _removed(old.uniques + old.checks, new.uniques + new.checks, _same_constraint)]
    out += [DropStateMachine(key, m) for m in _removed(old.state_machines, new.state_machines, _eq)]
    out += [AddColumn(key, c) for name, c in new_c.items() if name not in old_c]
    for name, c in new_c.items():
        if name in old_c:
            out += _alter_column(key, old_c[name], c)
    if old.primary_key != new.primary_key:
        out.append(AlterPrimaryKey(key, old.primary_key, new.primary_key))
    if old.partitioning != new.partitioning:
        out.append(SetPartitioning(key, old.partitioning, new.partitioning))
    out += [AddConstraint(key, c) for c in _removed(new.uniques + new.checks, old.uniques + old.checks, _same_constraint)]
    out += [AddIndex(key, i) for i in _removed(new.indexes, old.indexes, _same_index)]
    out += [AddConstraint(key, c) for c in _removed(new.foreign_keys, old.foreign_keys, _same_constraint)]
    out += [AddStateMachine(key, m) for m in _removed(new.state_machines, old.state_machines, _eq)]
    out += [DropColumn(key, c) for name, c in old_c.items() if name not in new_c]
    if (old.comment or None) != (new.comment or None):
        out.append(SetTableComment(key, old.comment, new.comment))
    return out


def _removed(old, new, same) -> list:
    """Items of `old` with no equal (by `same`) item of the same name in `new`."""
    by_name = {x.name: x for x in new}
    return [x for x in old if x.name not in by_name or not same(x, by_name[x.name])]


def _eq(a, b) -> bool:
    return a == b


def _same_constraint(a: Constraint, b: Constraint) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, Check):
        return expr.normalize(a.expression) == expr.normalize(b.expression)
    return a == b


def _same_index(a: Index, b: Index) -> bool:
    def shape(i: Index):
        parts = tuple((p.column, p.expression and expr.normalize(p.expression), p.desc, p.prefix) for p in i.parts)
        return (parts, i.unique, i.where and expr.normalize(i.where), i.method)
    return shape(a) == shape(b)


def _alter_column(key: TableKey, old: Column, new: Column) -> list[Change]:
    out = []
    if not _same_type(old.type, new.type):
        out.append(AlterColumn(key, ChangeKind.TYPE, old, new))
    if old.nullable != new.nullable:
        out.append(AlterColumn(key, ChangeKind.NULL, old, new))
    if default_value(old) != default_value(new):
        out.append(AlterColumn(key, ChangeKind.DEFAULT, old, new))
    if old.identity != new.identity:
        out.append(AlterColumn(key, ChangeKind.IDENTITY, old, new))
    if old.on_update_now != new.on_update_now:
        out.append(AlterColumn(key, ChangeKind.ON_UPDATE, old, new))
    if (old.comment or None) != (new.comment or None):
        out.append(AlterColumn(key, ChangeKind.COMMENT, old, new))
    return out


def _same_type(a, b) -> bool:
    if a.kind is Kind.ENUM and b.kind is Kind.ENUM:
        return a.enum.name == b.enum.name  # value changes are enum changes
    return a == b


def default_value(c: Column):
    """The column default in a comparable form (typed by the column type)."""
    d = c.default
    if d is None:
        return None
    if d.kind is not DefaultKind.LITERAL:
        return d.kind
    v, k = d.value, c.type.kind
    try:
        if k is Kind.BOOLEAN:
            return bool(v) if not isinstance(v, str) else v.lower() in ("true", "t", "1")
        if k in (Kind.SMALLINT, Kind.INTEGER, Kind.BIGINT):
            return int(v)
        if k is Kind.DECIMAL:
            return Decimal(str(v))
        if k in (Kind.JSON, Kind.JSONB):
            return json.dumps(json.loads(v), sort_keys=True)
    except (ValueError, TypeError, InvalidOperation):
        pass
    return str(v)


def with_enum_additions(old: Schema, new: Schema) -> Schema:
    """`old` with every enum that `new` only appends values to taken from `new`.

    Planners use it as an intermediate state: engines that cannot add an enum
    value inside a transaction get the additions in a migration of their own.
    """
    grown = {k: e for k, e in new.enums().items()
             if k in old.enums() and e != old.enums()[k] and e.values[:len(old.enums()[k].values)] == old.enums()[k].values}
    if not grown:
        return old

    def fix_ns(ty, namespace):
        if ty.kind is Kind.ENUM:
            return replace(ty, enum=grown.get((namespace, ty.enum.name), ty.enum))
        if ty.kind is Kind.ARRAY and ty.item.kind is Kind.ENUM:
            return replace(ty, item=replace(ty.item, enum=grown.get((namespace, ty.item.enum.name), ty.item.enum)))
        return ty

    return Schema(tuple(replace(t, columns=tuple(replace(c, type=fix_ns(c.type, t.namespace)) for c in t.columns))
                        for t in old.tables))


def is_foreign_key_target(schema: Schema, table: Table, index: Index) -> bool:
    """Whether `index` is a unique index of `table` that a foreign key of `schema` references."""
    return index.unique and any(
        (f.ref_namespace if f.ref_namespace is not None else t.namespace, f.ref_table) == table.key
        and set(f.ref_columns) == set(index.columns) for t in schema.tables for f in t.foreign_keys)


def with_index_additions_held_back(old: Schema, new: Schema, online: Callable[[Table, Index], bool]) -> Schema:
    """`new` without the indexes it adds to tables `old` already has, where `online(table, index)`.

    Planners use it as an intermediate state: engines that build an index on
    a live table without locking writers do so outside a transaction, so those
    additions get a migration of their own, after everything else. A unique
    index that a foreign key references is never held back: the foreign key
    may be added before it.
    """
    before = {t.key: t for t in old.tables}

    def held(t: Table, i: Index) -> bool:
        return (t.key in before and i not in before[t.key].indexes and not is_foreign_key_target(new, t, i)
                and online(t, i))

    return replace(new, tables=tuple(replace(t, indexes=tuple(i for i in t.indexes if not held(t, i)))
                                     for t in new.tables))
