"""The generic differ: two schemas in, typed changes out (never SQL).

`diff(old, new)` returns the changes that turn `old` into `new`, in an order
a dialect can plan directly: new enums and tables first, drops last.
`diff(s, s)` is always empty.

Every change has a `reverse()`, the change that undoes it: ``c.reverse().reverse() == c``,
and ``diff(new, old)`` holds the reverses of ``diff(old, new)`` (one exception: the
`AddEnumValue` run appending several values to one enum reverses, composed, into the
one `AlterEnum` that ``diff(new, old)`` has; see tests/test_reverse.py).
"""
from __future__ import annotations

import enum
import json
from dataclasses import dataclass, replace
from functools import partial
from decimal import Decimal, InvalidOperation
from typing import Callable, Optional, Sequence, Union

from . import expr
from .domains import same_domain, shallow
from .model import (
    BINARY_KINDS, FLOAT_KINDS, FRACTIONAL_KINDS, INTEGER_KINDS, Action, Check, Collation, Column, ColumnType,
    Composite, DefaultKind, Domain, Enum, Exclusion, ForeignKey, Index, IndexMethod, Kind, PartitionMethod, Partitioning, Schema,
    StateMachine, Table,
    Unique,
)

TableKey = tuple[Optional[str], str]
Constraint = Union[ForeignKey, Unique, Check, Exclusion]
Item = Union[Constraint, Index, StateMachine]  # what a table holds under a name of its own


class ChangeKind(str, enum.Enum):
    """Which property of a column an AlterColumn changes."""

    TYPE = "type"
    NULL = "null"
    DEFAULT = "default"
    IDENTITY = "identity"
    ON_UPDATE = "on_update"
    COMMENT = "comment"
    GENERATED = "generated"  # the generated expression, or generated versus plain
    COLLATION = "collation"


@dataclass(frozen=True)
class Change:
    """Base of every typed change."""

    def describe(self) -> str:
        """One readable line: the action that turns the old schema into the new one."""
        raise NotImplementedError

    def drift(self) -> str:
        """One readable line for `diff(model, live)`: what the live database has versus the model.

        The old schema is the model ("the schema says"), the new one the
        database: a change that adds something means the database has an
        extra one, a change that drops something means it is missing.
        """
        raise NotImplementedError

    def reverse(self) -> "Change":
        """The change that undoes this one (from the new schema back to the old)."""
        raise NotImplementedError


@dataclass(frozen=True)
class CreateNamespace(Change):
    """A namespace the new schema uses and the old one does not (planned by a dialect from
    `Schema.namespaces`; `diff` compares tables, so it never returns one)."""

    namespace: str

    def describe(self) -> str:
        return f"create namespace {self.namespace}"

    def drift(self) -> str:
        return f"extra namespace {self.namespace}"

    def reverse(self) -> "DropNamespace":
        return DropNamespace(self.namespace)


@dataclass(frozen=True)
class DropNamespace(Change):
    """A namespace the old schema uses and the new one does not (see `CreateNamespace`)."""

    namespace: str

    def describe(self) -> str:
        return f"drop namespace {self.namespace}"

    def drift(self) -> str:
        return f"missing namespace {self.namespace}"

    def reverse(self) -> CreateNamespace:
        return CreateNamespace(self.namespace)


def namespace_changes(old: Schema, new: Schema) -> tuple[list[Change], list[Change]]:
    """(the namespaces `new` adds, the namespaces it drops), each in order of first use."""
    return ([CreateNamespace(ns) for ns in new.namespaces if ns not in old.namespaces],
            [DropNamespace(ns) for ns in old.namespaces if ns not in new.namespaces])


def _q(key: TableKey) -> str:
    return f"{key[0]}.{key[1]}" if key[0] else key[1]


@dataclass(frozen=True)
class CreateEnum(Change):
    namespace: Optional[str]
    enum: Enum

    def describe(self) -> str:
        return f"create enum {_q((self.namespace, self.enum.name))} {list(self.enum.values)}"

    def drift(self) -> str:
        return f"extra enum {_q((self.namespace, self.enum.name))} {_values(self.enum.values)}"

    def reverse(self) -> "DropEnum":
        return DropEnum(self.namespace, self.enum)


@dataclass(frozen=True)
class DropEnum(Change):
    namespace: Optional[str]
    enum: Enum

    def describe(self) -> str:
        return f"drop enum {_q((self.namespace, self.enum.name))}"

    def drift(self) -> str:
        return f"missing enum {_q((self.namespace, self.enum.name))} {_values(self.enum.values)}"

    def reverse(self) -> CreateEnum:
        return CreateEnum(self.namespace, self.enum)


@dataclass(frozen=True)
class AddEnumValue(Change):
    namespace: Optional[str]
    enum: Enum  # the enum after the value is added
    value: str

    def describe(self) -> str:
        return f"add value {self.value!r} to enum {_q((self.namespace, self.enum.name))}"

    def drift(self) -> str:
        return f"enum {_q((self.namespace, self.enum.name))} has the extra value {_sql_string(self.value)}"

    @property
    def before(self) -> Enum:
        """The enum before the value is added."""
        return replace(self.enum, values=tuple(v for v in self.enum.values if v != self.value))

    def reverse(self) -> "AlterEnum":
        """Removing a value is no pure append: an AlterEnum back to the values before."""
        return AlterEnum(self.namespace, self.enum, self.before)


@dataclass(frozen=True)
class AlterEnum(Change):
    """An enum change that is not a pure append (values removed or reordered)."""

    namespace: Optional[str]
    old: Enum
    new: Enum

    def describe(self) -> str:
        return f"change enum {_q((self.namespace, self.new.name))} from {list(self.old.values)} to {list(self.new.values)}"

    def drift(self) -> str:
        return (f"enum {_q((self.namespace, self.new.name))} is {_values(self.new.values)}, "
                f"the schema says {_values(self.old.values)}")

    def reverse(self) -> Change:
        """The swapped change; when that appends exactly one value, the AddEnumValue the differ
        gives for it (so the reverse of an AddEnumValue reverses back to it)."""
        old, new = self.old.values, self.new.values
        if self.old.name == self.new.name and old[:-1] == new and old and old[-1] not in new:
            return AddEnumValue(self.namespace, self.old, old[-1])
        return AlterEnum(self.namespace, self.new, self.old)


@dataclass(frozen=True)
class AddTable(Change):
    table: Table

    def describe(self) -> str:
        return f"add table {self.table.qualified}"

    def drift(self) -> str:
        return f"extra table {self.table.qualified}"

    def reverse(self) -> "DropTable":
        return DropTable(self.table)


@dataclass(frozen=True)
class DropTable(Change):
    table: Table

    def describe(self) -> str:
        return f"drop table {self.table.qualified}"

    def drift(self) -> str:
        return f"missing table {self.table.qualified}"

    def reverse(self) -> AddTable:
        return AddTable(self.table)


@dataclass(frozen=True)
class AddColumn(Change):
    table: TableKey
    column: Column

    def describe(self) -> str:
        return f"add column {_q(self.table)}.{self.column.name} {self.column.type}"

    def drift(self) -> str:
        return f"extra column {_q(self.table)}.{self.column.name} ({type_text(self.column.type)})"

    def reverse(self) -> "DropColumn":
        return DropColumn(self.table, self.column)


@dataclass(frozen=True)
class DropColumn(Change):
    table: TableKey
    column: Column

    def describe(self) -> str:
        return f"drop column {_q(self.table)}.{self.column.name}"

    def drift(self) -> str:
        return f"missing column {_q(self.table)}.{self.column.name} ({type_text(self.column.type)})"

    def reverse(self) -> AddColumn:
        return AddColumn(self.table, self.column)


@dataclass(frozen=True)
class AlterColumn(Change):
    table: TableKey
    kind: ChangeKind
    old: Column
    new: Column

    def describe(self) -> str:
        attr = {"type": "type", "null": "nullable", "default": "default", "identity": "identity",
                "on_update": "on_update_now", "comment": "comment", "generated": "generated",
                "collation": "collation"}[self.kind.value]
        texts = {ChangeKind.IDENTITY: _identity_text, ChangeKind.GENERATED: _generated_text,
                 ChangeKind.COLLATION: lambda c: _collation_text(c.collation)}
        if self.kind in texts:
            text = texts[self.kind]
            return f"alter column {_q(self.table)}.{self.new.name} {attr}: {text(self.old)} -> {text(self.new)}"
        return (f"alter column {_q(self.table)}.{self.new.name} {attr}: "
                f"{getattr(self.old, attr)!s} -> {getattr(self.new, attr)!s}")

    def drift(self) -> str:
        live, model, col = self.new, self.old, f"column {_q(self.table)}.{self.new.name}"
        if self.kind is ChangeKind.TYPE:
            return f"{col} is {type_text(live.type)}, the schema says {type_text(model.type)}"
        if self.kind is ChangeKind.NULL:
            return f"{col} is {_nullability(live)}, the schema says {_nullability(model)}"
        if self.kind is ChangeKind.DEFAULT:
            return f"{col} has {_default_text(live)}, the schema says {_default_text(model)}"
        if self.kind is ChangeKind.IDENTITY:
            if not (live.identity_always or model.identity_always):
                return f"{col} is {'' if live.identity else 'not '}an identity, the schema says it is{_not(model.identity)}"
            return f"{col} is {_identity_text(live)}, the schema says {_identity_text(model)}"
        if self.kind is ChangeKind.GENERATED:
            return f"{col} is {_generated_text(live)}, the schema says {_generated_text(model)}"
        if self.kind is ChangeKind.COLLATION:
            return f"{col} has {_collation_text(live.collation)}, the schema says {_collation_text(model.collation)}"
        if self.kind is ChangeKind.ON_UPDATE:
            return (f"{col} is {'' if live.on_update_now else 'not '}set to the current time on update, "
                    f"the schema says it is{_not(model.on_update_now)}")
        return f"{col} has {_comment_text(live.comment)}, the schema says {_comment_text(model.comment)}"

    def reverse(self) -> "AlterColumn":
        return AlterColumn(self.table, self.kind, self.new, self.old)


@dataclass(frozen=True)
class AlterPrimaryKey(Change):
    table: TableKey
    old: tuple[str, ...]
    new: tuple[str, ...]

    def describe(self) -> str:
        return f"change primary key of {_q(self.table)}: {list(self.old)} -> {list(self.new)}"

    def drift(self) -> str:
        return f"table {_q(self.table)} has {_pk_text(self.new)}, the schema says {_pk_text(self.old)}"

    def reverse(self) -> "AlterPrimaryKey":
        return AlterPrimaryKey(self.table, self.new, self.old)


@dataclass(frozen=True)
class AddConstraint(Change):
    table: TableKey
    constraint: Constraint

    def describe(self) -> str:
        return f"add {_kind(self.constraint)} {self.constraint.name} on {_q(self.table)}"

    def drift(self) -> str:
        c = self.constraint
        return f"extra {_kind(c)} {c.name} on {_q(self.table)} {definition(c)}"

    def reverse(self) -> "DropConstraint":
        return DropConstraint(self.table, self.constraint)


@dataclass(frozen=True)
class DropConstraint(Change):
    table: TableKey
    constraint: Constraint

    def describe(self) -> str:
        return f"drop {_kind(self.constraint)} {self.constraint.name} on {_q(self.table)}"

    def drift(self) -> str:
        c = self.constraint
        return f"missing {_kind(c)} {c.name} on {_q(self.table)} {definition(c)}"

    def reverse(self) -> AddConstraint:
        return AddConstraint(self.table, self.constraint)


@dataclass(frozen=True)
class AddIndex(Change):
    table: TableKey
    index: Index

    def describe(self) -> str:
        return f"add index {self.index.name} on {_q(self.table)}"

    def drift(self) -> str:
        return f"extra index {self.index.name} on {_q(self.table)} {definition(self.index)}"

    def reverse(self) -> "DropIndex":
        return DropIndex(self.table, self.index)


@dataclass(frozen=True)
class DropIndex(Change):
    table: TableKey
    index: Index

    def describe(self) -> str:
        return f"drop index {self.index.name} on {_q(self.table)}"

    def drift(self) -> str:
        return f"missing index {self.index.name} on {_q(self.table)} {definition(self.index)}"

    def reverse(self) -> AddIndex:
        return AddIndex(self.table, self.index)


@dataclass(frozen=True)
class SetPartitioning(Change):
    table: TableKey
    old: Optional[Partitioning]
    new: Optional[Partitioning]

    def describe(self) -> str:
        return f"change partitioning of {_q(self.table)}: {_part(self.old)} -> {_part(self.new)}"

    def drift(self) -> str:
        return f"table {_q(self.table)} is {_partitioned(self.new)}, the schema says {_partitioned(self.old)}"

    def reverse(self) -> "SetPartitioning":
        return SetPartitioning(self.table, self.new, self.old)


@dataclass(frozen=True)
class AddStateMachine(Change):
    table: TableKey
    machine: StateMachine

    def describe(self) -> str:
        return f"add state machine {self.machine.name} on {_q(self.table)}.{self.machine.column}"

    def drift(self) -> str:
        m = self.machine
        return f"extra state machine {m.name} on {_q(self.table)}.{m.column} {definition(m)}"

    def reverse(self) -> "DropStateMachine":
        return DropStateMachine(self.table, self.machine)


@dataclass(frozen=True)
class DropStateMachine(Change):
    table: TableKey
    machine: StateMachine

    def describe(self) -> str:
        return f"drop state machine {self.machine.name} on {_q(self.table)}"

    def drift(self) -> str:
        m = self.machine
        return f"missing state machine {m.name} on {_q(self.table)}.{m.column} {definition(m)}"

    def reverse(self) -> AddStateMachine:
        return AddStateMachine(self.table, self.machine)


@dataclass(frozen=True)
class SetTableComment(Change):
    table: TableKey
    old: Optional[str]
    new: Optional[str]

    def describe(self) -> str:
        return f"change comment of table {_q(self.table)}: {self.old!r} -> {self.new!r}"

    def drift(self) -> str:
        return f"table {_q(self.table)} has {_comment_text(self.new)}, the schema says {_comment_text(self.old)}"

    def reverse(self) -> "SetTableComment":
        return SetTableComment(self.table, self.new, self.old)


@dataclass(frozen=True)
class TableOptions:
    """A table's storage options: its default collation, character set, strict typing, and whether
    row-level security is enabled (and forced on the owner)."""

    collation: Optional[Collation] = None
    charset: Optional[str] = None
    strict: bool = True
    row_security: bool = False
    force_row_security: bool = False

    @classmethod
    def of(cls, t: Table) -> "TableOptions":
        """The options of table `t`."""
        return cls(t.collation, t.charset, t.strict, t.row_security, t.force_row_security)

    def __str__(self) -> str:
        rls = ("" if not self.row_security and not self.force_row_security else
               f", row level security{' enabled' if self.row_security else ' disabled'}"
               f"{' and forced' if self.force_row_security else ''}")
        return (f"{_collation_text(self.collation)}, {'charset ' + self.charset if self.charset else 'default charset'}"
                f", {'strict' if self.strict else 'loose'} typing{rls}")


@dataclass(frozen=True)
class SetTableOptions(Change):
    table: TableKey
    old: TableOptions
    new: TableOptions

    def describe(self) -> str:
        return f"change options of table {_q(self.table)}: {self.old} -> {self.new}"

    def drift(self) -> str:
        return f"table {_q(self.table)} has {self.new}, the schema says {self.old}"

    def reverse(self) -> "SetTableOptions":
        return SetTableOptions(self.table, self.new, self.old)


# The changes inside one table, which name it by its key (`table`); TABLE_CHANGES for isinstance.
TableChange = Union[AddColumn, DropColumn, AlterColumn, AlterPrimaryKey, AddConstraint, DropConstraint, AddIndex,
                    DropIndex, SetPartitioning, AddStateMachine, DropStateMachine, SetTableComment, SetTableOptions]
TABLE_CHANGES = (AddColumn, DropColumn, AlterColumn, AlterPrimaryKey, AddConstraint, DropConstraint, AddIndex,
                 DropIndex, SetPartitioning, AddStateMachine, DropStateMachine, SetTableComment, SetTableOptions)


_KINDS: dict[type, str] = {ForeignKey: "foreign key", Unique: "unique", Check: "check", Index: "index",
                           StateMachine: "state machine", Exclusion: "exclusion constraint"}


def _kind(item: Item) -> str:
    return _KINDS[type(item)]


def _part(p: Optional[Partitioning]) -> str:
    if p is None:
        return "none"
    if p.start is not None:
        return f"monthly on {p.column} from {p.start:%Y-%m} for {p.months} months"
    return f"by {p.method.value} on {p.column}: {partition_text(p)}"


def _canonical(p: Optional[Partitioning]) -> Optional[Partitioning]:
    """`p` with its LIST partitions and their values in one order (a LIST partition has no position)."""
    if p is None or p.method is not PartitionMethod.LIST:
        return p
    specs = sorted((replace(s, values=tuple(sorted(s.values))) for s in p.partitions), key=lambda s: s.name)
    return replace(p, partitions=tuple(specs))


def partition_text(p: Partitioning) -> str:
    """The explicit partitions of `p` in the model's spelling (``p1 < 10, p2 < MAXVALUE``)."""
    def bound(v) -> str:
        return "MAXVALUE" if v is None else _literal(v if isinstance(v, (int, str)) else str(v))
    if p.method is PartitionMethod.RANGE:
        parts = [f"{s.name} < {bound(s.upper)}" for s in p.partitions]
        head = [] if p.lower is None else [f"from {bound(p.lower)}"]
    elif p.method is PartitionMethod.LIST:
        parts = [f"{s.name} in ({', '.join(bound(v) for v in s.values)})" for s in p.partitions]
        head = []
    else:
        parts = [f"{s.name} (remainder {n} of {len(p.partitions)})" for n, s in enumerate(p.partitions)]
        head = []
    parts += [f"{p.default} default"] if p.default else []
    return ", ".join(head + parts) if head + parts else "no partitions"


# -- drift wording: the model's own spelling of types, values and definitions -----------------
def type_text(ty: ColumnType) -> str:
    """A column type in the model's spelling (``varchar(255)``, ``integer[]``, ``set('a', 'b')``)."""
    if ty.kind is Kind.SET:
        return f"set {_values(ty.values)}"
    if ty.kind is Kind.ARRAY:
        return f"{type_text(ty.item_type)}[]"
    if ty.kind is Kind.ENUM:
        return f"enum {ty.enum_type.name} {_values(ty.enum_type.values)}"
    return str(ty)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _values(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(_sql_string(v) for v in values) + ")"


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _sql_string(value) if isinstance(value, str) else str(value)


def _nullability(c: Column) -> str:
    return "nullable" if c.nullable else "NOT NULL"


def _not(flag: bool) -> str:
    return "" if flag else " not"


def _default_text(c: Column) -> str:
    d = c.default
    if d is None:
        return "no default"
    if d.kind is DefaultKind.EXPRESSION:
        return f"default ({d.value})"
    return f"default {_literal(d.value) if d.kind is DefaultKind.LITERAL else str(d)}"


def _identity_text(c: Column) -> str:
    if not c.identity:
        return "not an identity"
    return "an identity (generated always)" if c.identity_always else "an identity"


def _generated_text(c: Column) -> str:
    g = c.generated
    return "not generated" if g is None else f"generated as ({g.expression}) {'stored' if g.stored else 'virtual'}"


def _collation_text(collation: Optional[Collation]) -> str:
    return "the default collation" if collation is None else f"collation {collation.name} ({collation.origin})"


def _comment_text(comment: Optional[str]) -> str:
    return f"comment {_sql_string(comment)}" if comment else "no comment"


def _pk_text(columns: tuple[str, ...]) -> str:
    return f"primary key ({', '.join(columns)})" if columns else "no primary key"


def _partitioned(p: Optional[Partitioning]) -> str:
    return "not partitioned" if p is None else f"partitioned {_part(p)}"


def definition(item: Item) -> str:
    """What a constraint, index or state machine is, in the model's terms (its name aside)."""
    if isinstance(item, Unique):
        return f"({', '.join(item.columns)})"
    if isinstance(item, Check):
        return f"({item.expression})"
    if isinstance(item, ForeignKey):
        ref = f"{item.ref_namespace}.{item.ref_table}" if item.ref_namespace else item.ref_table
        action = "".join(f" on {event} {act.value.lower()}" for event, act in
                         (("delete", item.on_delete), ("update", item.on_update)) if act is not Action.NO_ACTION)
        return f"({', '.join(item.columns)}) references {ref} ({', '.join(item.ref_columns)}){action}"
    if isinstance(item, Exclusion):
        elements = ", ".join(f"{e.part.label}{f' {e.part.opclass}' if e.part.opclass else ''} with {e.operator}"
                             for e in item.elements)
        return f"using {item.method.value} ({elements})" + (f" where {item.where}" if item.where else "")
    if isinstance(item, Index):
        parts = ", ".join(p.label + (f"({p.prefix})" if p.prefix else "") + (f" {p.opclass}" if p.opclass else "")
                          + (" desc" if p.desc else "") for p in item.parts)
        method = "" if item.method is IndexMethod.BTREE else f" using {item.method.value}"
        include = f" include ({', '.join(item.include)})" if item.include else ""
        where = f" where {item.where}" if item.where else ""
        return f"{'unique ' if item.unique else ''}({parts}){method}{include}{where}"
    return f"allowing {_transitions(item)}"


def _transitions(m: StateMachine) -> str:
    return ", ".join(f"{a} -> {b}" for a, b in m.transitions) or "no transition"


def _domain_text(namespace: Optional[str], d: Domain) -> str:
    """A domain's definition in the model's spelling."""
    parts = [f"domain {_q((namespace, d.name))} over {type_text(d.base)}"]
    parts += ["not null"] if d.not_null else []
    parts += [f"default {d.default.value if d.default.kind is DefaultKind.EXPRESSION else d.default}"] if d.default else []
    parts += [f"check {k.name} ({k.expression})" for k in d.checks]
    return " ".join(parts)


@dataclass(frozen=True)
class CreateDomain(Change):
    namespace: Optional[str]
    domain: Domain

    def describe(self) -> str:
        return f"create {_domain_text(self.namespace, self.domain)}"

    def drift(self) -> str:
        return f"extra {_domain_text(self.namespace, self.domain)}"

    def reverse(self) -> "DropDomain":
        return DropDomain(self.namespace, self.domain)


@dataclass(frozen=True)
class DropDomain(Change):
    namespace: Optional[str]
    domain: Domain

    def describe(self) -> str:
        return f"drop domain {_q((self.namespace, self.domain.name))}"

    def drift(self) -> str:
        return f"missing {_domain_text(self.namespace, self.domain)}"

    def reverse(self) -> CreateDomain:
        return CreateDomain(self.namespace, self.domain)


@dataclass(frozen=True)
class AlterDomain(Change):
    """A domain whose definition changes (NOT NULL, default, CHECKs; a base type an engine may refuse to change)."""

    namespace: Optional[str]
    old: Domain
    new: Domain

    def describe(self) -> str:
        return f"change {_domain_text(self.namespace, self.old)} to {_domain_text(self.namespace, self.new)}"

    def drift(self) -> str:
        return f"{_domain_text(self.namespace, self.new)}, the schema says {_domain_text(self.namespace, self.old)}"

    def reverse(self) -> "AlterDomain":
        return AlterDomain(self.namespace, self.new, self.old)


def _composite_text(namespace: Optional[str], c: Composite) -> str:
    """A composite type's definition in the model's spelling."""
    return f"composite type {_q((namespace, c.name))} ({', '.join(f'{n} {type_text(t)}' for n, t in c.fields)})"


@dataclass(frozen=True)
class CreateComposite(Change):
    namespace: Optional[str]
    composite: Composite

    def describe(self) -> str:
        return f"create {_composite_text(self.namespace, self.composite)}"

    def drift(self) -> str:
        return f"extra {_composite_text(self.namespace, self.composite)}"

    def reverse(self) -> "DropComposite":
        return DropComposite(self.namespace, self.composite)


@dataclass(frozen=True)
class DropComposite(Change):
    namespace: Optional[str]
    composite: Composite

    def describe(self) -> str:
        return f"drop composite type {_q((self.namespace, self.composite.name))}"

    def drift(self) -> str:
        return f"missing {_composite_text(self.namespace, self.composite)}"

    def reverse(self) -> CreateComposite:
        return CreateComposite(self.namespace, self.composite)


@dataclass(frozen=True)
class AlterComposite(Change):
    """A composite type whose fields change (no column uses one: the model has no composite columns)."""

    namespace: Optional[str]
    old: Composite
    new: Composite

    def describe(self) -> str:
        return f"change {_composite_text(self.namespace, self.old)} to {_composite_text(self.namespace, self.new)}"

    def drift(self) -> str:
        return f"{_composite_text(self.namespace, self.new)}, the schema says {_composite_text(self.namespace, self.old)}"

    def reverse(self) -> "AlterComposite":
        return AlterComposite(self.namespace, self.new, self.old)


@dataclass(frozen=True)
class SetTypeComment(Change):
    """The comment of a type the schema declares changes (None: no comment)."""

    namespace: Optional[str]
    kind: str  # "enum", "domain", "composite"
    name: str
    old: Optional[str]
    new: Optional[str]

    def describe(self) -> str:
        return f"set the comment of {self.kind} {_q((self.namespace, self.name))} to {_comment_text(self.new)}"

    def drift(self) -> str:
        return f"{self.kind} {_q((self.namespace, self.name))} has comment {_comment_text(self.new)}, " \
               f"the schema says {_comment_text(self.old)}"

    def reverse(self) -> "SetTypeComment":
        return SetTypeComment(self.namespace, self.kind, self.name, self.new, self.old)


def _type_comment_changes(old: Schema, new: Schema) -> list[Change]:
    """The comments of the types `new` has that differ from `old`'s (a type dropped takes its comment along)."""
    before = {x.key: x.comment for x in old.types}
    kept = {y.key for y in new.types}
    existing = {**new.enums(), **new.domains(), **new.composites()}
    out: list[Change] = [
        SetTypeComment(x.namespace, type(x.type).__name__.lower(), x.type.name, before.get(x.key), x.comment)
        for x in new.types if x.comment != before.get(x.key)]
    out += [SetTypeComment(x.namespace, type(x.type).__name__.lower(), x.type.name, x.comment, None)
            for x in old.types if x.comment is not None and x.key not in kept and x.key in existing]
    return out


def _composite_changes(old: Schema, new: Schema, before: bool) -> list[Change]:
    """Composite types created or changed (`before` the table changes), or dropped (after them)."""
    o, n = old.composites(), new.composites()
    if not before:
        return [DropComposite(k[0], c) for k, c in o.items() if k not in n]
    return [CreateComposite(k[0], c) if k not in o else AlterComposite(k[0], o[k], c)
            for k, c in n.items() if o.get(k) != c]


def drift_lines(changes: Sequence[Change]) -> list[str]:
    """The lines `drift` prints for `diff(model, live)`, one per difference.

    A constraint, index or state machine the database has under the model's
    name but with another definition (the differ drops the model's and adds
    the live one) is one line: what it is, and what the schema says.
    """
    def named(c: Change) -> Optional[tuple[TableKey, type, str]]:
        found = _subject(c)
        return None if found is None else (found[0], type(found[1]), found[1].name)

    added = {named(c): c for c in changes if isinstance(c, (AddConstraint, AddIndex, AddStateMachine))}
    dropped = {named(c): c for c in changes if isinstance(c, (DropConstraint, DropIndex, DropStateMachine))}
    from .view_diff import rebuilt_views
    out: list[str] = []
    around = rebuilt_views(changes)  # a view dropped and created again as it was: no difference of its own
    for c in changes:
        if id(c) in around:
            continue
        key = named(c)
        if key is not None and key in added and key in dropped:
            if c is dropped[key]:
                continue  # said once, where the live definition is
            table, model, live = key[0], _item(dropped[key]), _item(c)
            if isinstance(live, StateMachine) and isinstance(model, StateMachine):  # the key holds the type
                out.append(f"state machine {live.name} on {_q(table)}.{live.column} allows {_transitions(live)}, "
                           f"the schema says {_transitions(model)}")
                continue
            out.append(f"{_kind(live)} {live.name} on {_q(table)} is {definition(live)}, "
                       f"the schema says {definition(model)}")
        else:
            out.append(c.drift())
    return out


def _subject(c: Change) -> Optional[tuple[TableKey, Item]]:
    """(table, the constraint, index or state machine) that `c` adds or drops; None for another change."""
    if isinstance(c, (AddConstraint, DropConstraint)):
        return c.table, c.constraint
    if isinstance(c, (AddIndex, DropIndex)):
        return c.table, c.index
    if isinstance(c, (AddStateMachine, DropStateMachine)):
        return c.table, c.machine
    return None


def _item(c: Change) -> Item:
    found = _subject(c)
    if found is None:
        raise TypeError(f"{type(c).__name__} adds or drops no constraint, index or state machine")
    return found[1]


def diff(old: Schema, new: Schema) -> list[Change]:
    """The typed changes that turn `old` into `new`."""
    changes: list[Change] = (_enum_changes(old, new, before=True) + _domain_changes(old, new, before=True)
                             + _composite_changes(old, new, before=True) + _type_comment_changes(old, new))
    old_t = {t.key: t for t in old.tables}
    new_t = {t.key: t for t in new.tables}
    changes += [AddTable(t) for k, t in new_t.items() if k not in old_t]
    for key, t in new_t.items():
        if key in old_t:
            changes += diff_table(old_t[key], t)
    changes += [DropTable(t) for k, t in reversed(list(old_t.items())) if k not in new_t]
    from . import code_diff  # sequences, routines, triggers: code_diff builds on this module's Change
    changes = _fks_outermost(changes)
    k = sum(isinstance(c, (CreateEnum, AddEnumValue, AlterEnum, CreateDomain, AlterDomain, CreateComposite, AlterComposite,
                           SetTypeComment)) for c in changes)
    changes = changes[:k] + code_diff.before_tables(old, new) + changes[k:] + code_diff.after_tables(old, new)
    changes += (_composite_changes(old, new, before=False) + _domain_changes(old, new, before=False)
                + _enum_changes(old, new, before=False))
    from .view_diff import view_changes  # views are dropped before the table changes, created after them
    before, after = view_changes(old, new, changes)
    from . import policy_diff  # policies and grants: dropped before everything, created after
    from .view_diff import CreateView, DropView, ReplaceView
    # a view dropped and created again (or replaced: dropped and created on PostgreSQL) loses its grants
    recreated = {c.view.key for c in after if isinstance(c, CreateView)} \
        & {c.view.key for c in before if isinstance(c, DropView)} | {c.new.key for c in after if isinstance(c, ReplaceView)}
    return (policy_diff.before(old, new, recreated) + before + changes + after
            + policy_diff.after(old, new, recreated))


def _is_fk(c: Change) -> bool:
    return isinstance(c, (AddConstraint, DropConstraint)) and isinstance(c.constraint, ForeignKey)


def _fks_outermost(changes: list[Change]) -> list[Change]:
    """Foreign keys are dropped before, and added after, every other table change,
    so a key change in one table never meets a foreign key of another."""
    groups: dict[str, list[Change]] = {"enums": [], "drops": [], "middle": [], "adds": [], "tables": []}
    for c in changes:
        if isinstance(c, DropConstraint) and _is_fk(c):
            groups["drops"].append(c)
        elif isinstance(c, AddConstraint) and _is_fk(c):
            groups["adds"].append(c)
        elif isinstance(c, (CreateEnum, AddEnumValue, AlterEnum, CreateDomain, AlterDomain)):
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


def _domain_changes(old: Schema, new: Schema, before: bool) -> list[Change]:
    """Domains created or changed (`before` the table changes), or dropped (after them)."""
    o, n = old.domains(), new.domains()
    if not before:
        return [DropDomain(k[0], d) for k, d in o.items() if k not in n]
    out: list[Change] = []
    for key, d in n.items():
        if key not in o:
            out.append(CreateDomain(key[0], d))
        elif not same_domain(o[key], d):
            out.append(AlterDomain(key[0], o[key], d))
    return out


def diff_table(old: Table, new: Table) -> list[Change]:
    """Changes inside one table (same key in both schemas)."""
    key = new.key
    out: list[Change] = []
    old_c = {c.name: c for c in old.columns}
    new_c = {c.name: c for c in new.columns}
    # v::text is v for a column of text or varchar on both sides (PostgreSQL prints the cast it adds)
    texts = frozenset(name for name, c in new_c.items() if c.type.kind in _TEXT_KINDS
                      and name in old_c and old_c[name].type.kind in _TEXT_KINDS)
    same_constraint = partial(_same_constraint_of, texts=texts)
    same_index = partial(_same_index_of, texts=texts)
    out += [DropConstraint(key, c) for c in _removed(old.foreign_keys, new.foreign_keys, same_constraint)]
    out += [DropIndex(key, i) for i in _removed(old.indexes, new.indexes, same_index)]
    out += [DropConstraint(key, c) for c in _removed(old.uniques + old.checks + old.exclusions,
                                                     new.uniques + new.checks + new.exclusions, same_constraint)]
    out += [DropStateMachine(key, m) for m in _removed(old.state_machines, new.state_machines, _eq)]
    out += [AddColumn(key, c) for name, c in new_c.items() if name not in old_c]
    for name, c in new_c.items():
        if name in old_c:
            out += _alter_column(key, old_c[name], c, texts)
    if old.primary_key != new.primary_key:
        out.append(AlterPrimaryKey(key, old.primary_key, new.primary_key))
    if _canonical(old.partitioning) != _canonical(new.partitioning):
        out.append(SetPartitioning(key, old.partitioning, new.partitioning))
    out += [AddConstraint(key, c) for c in _removed(new.uniques + new.checks + new.exclusions,
                                                    old.uniques + old.checks + old.exclusions, same_constraint)]
    out += [AddIndex(key, i) for i in _removed(new.indexes, old.indexes, same_index)]
    out += [AddConstraint(key, c) for c in _removed(new.foreign_keys, old.foreign_keys, same_constraint)]
    out += [AddStateMachine(key, m) for m in _removed(new.state_machines, old.state_machines, _eq)]
    out += [DropColumn(key, c) for name, c in old_c.items() if name not in new_c]
    if (old.comment or None) != (new.comment or None):
        out.append(SetTableComment(key, old.comment, new.comment))
    if TableOptions.of(old) != TableOptions.of(new):
        out.append(SetTableOptions(key, TableOptions.of(old), TableOptions.of(new)))
    return out


def _removed(old, new, same) -> list:
    """Items of `old` with no equal (by `same`) item of the same name in `new`."""
    by_name = {x.name: x for x in new}
    return [x for x in old if x.name not in by_name or not same(x, by_name[x.name])]


def _eq(a, b) -> bool:
    return a == b


# Kinds a cast to text or varchar leaves as they are (`expr.compared`'s `text_columns`; a char's trailing
# blanks are not significant: Kind.CHAR)
_TEXT_KINDS = (Kind.TEXT, Kind.VARCHAR, Kind.CHAR)


def _same_constraint_of(a: Constraint, b: Constraint, texts: frozenset[str] = frozenset()) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, Check) and isinstance(b, Check):
        return expr.compared(a.expression, text_columns=texts) == expr.compared(b.expression, text_columns=texts)
    if isinstance(a, Exclusion) and isinstance(b, Exclusion):
        def shape(x: Exclusion):
            return (tuple((e.part.column, e.part.expression and expr.compared(e.part.expression, text_columns=texts),
                           e.part.opclass, e.operator) for e in x.elements), x.method,
                    x.where and expr.compared(x.where, text_columns=texts))
        return shape(a) == shape(b)
    return a == b


def _same_index_of(a: Index, b: Index, texts: frozenset[str] = frozenset()) -> bool:
    def shape(i: Index):
        parts = tuple((p.column, p.expression and expr.compared(p.expression, text_columns=texts), p.desc, p.prefix,
                       p.opclass) for p in i.parts)
        return (parts, i.unique, i.where and expr.compared(i.where, text_columns=texts), i.method, i.include)
    return shape(a) == shape(b)


def _alter_column(key: TableKey, old: Column, new: Column, texts: frozenset[str] = frozenset()) -> list[Change]:
    out: list[Change] = []
    if not _same_type(old.type, new.type):
        out.append(AlterColumn(key, ChangeKind.TYPE, old, new))
    if old.nullable != new.nullable:
        out.append(AlterColumn(key, ChangeKind.NULL, old, new))
    if default_value(old) != default_value(new):
        out.append(AlterColumn(key, ChangeKind.DEFAULT, old, new))
    if (old.identity, old.identity and old.identity_always) != (new.identity, new.identity and new.identity_always):
        out.append(AlterColumn(key, ChangeKind.IDENTITY, old, new))
    if _generated(old, texts) != _generated(new, texts):
        out.append(AlterColumn(key, ChangeKind.GENERATED, old, new))
    if old.collation != new.collation:
        out.append(AlterColumn(key, ChangeKind.COLLATION, old, new))
    if old.on_update_now != new.on_update_now:
        out.append(AlterColumn(key, ChangeKind.ON_UPDATE, old, new))
    if (old.comment or None) != (new.comment or None):
        out.append(AlterColumn(key, ChangeKind.COMMENT, old, new))
    return out


def _generated(c: Column, texts: frozenset[str] = frozenset()):
    """A generated column's expression as compared (``v::text`` is `v` for a text column of `texts`), and STORED."""
    g = c.generated
    return None if g is None else (expr.compared(g.expression, text_columns=texts), g.stored)


def _same_type(a, b) -> bool:
    if a.kind is Kind.ENUM and b.kind is Kind.ENUM:
        return a.enum.name == b.enum.name  # value changes are enum changes
    return _canonical_type(a) == _canonical_type(b)


def _canonical_type(ty: ColumnType) -> ColumnType:
    """`ty` with the precision a fractional-seconds kind defaults to (6) spelled as None, and its
    domain by name and base type only (a change of the domain's rules is an AlterDomain)."""
    if ty.domain is not None:
        return replace(_canonical_type(replace(ty, domain=None)), domain=shallow(ty).domain)
    if ty.kind in FRACTIONAL_KINDS and ty.precision == 6:
        return replace(ty, precision=None)
    if ty.kind is Kind.ARRAY and ty.item is not None:
        return replace(ty, item=_canonical_type(ty.item))
    return ty


def default_value(c: Column):
    """The column default in a comparable form (typed by the column type): a boolean default never
    equals a number (``false`` to ``0`` is a change)."""
    d = c.default
    if d is None:
        return None
    if d.kind is DefaultKind.EXPRESSION:
        try:
            return (d.kind, expr.compared(str(d.value)))
        except expr.ExpressionError:
            return (d.kind, str(d.value))
    if d.kind is not DefaultKind.LITERAL:
        return d.kind
    v, k = d.value, c.type.kind
    try:
        if k is Kind.BOOLEAN:  # tagged: in Python False == 0 and True == 1, a boolean default is no number
            return (Kind.BOOLEAN, bool(v) if not isinstance(v, str) else v.lower() in ("true", "t", "1"))
        if k in INTEGER_KINDS | {Kind.YEAR} and v is not None:  # None: str(v) below
            return int(v)
        if k is Kind.DECIMAL:
            return Decimal(str(v))
        if k in FLOAT_KINDS and v is not None:
            f = float(v)
            return "nan" if f != f else f  # NaN equals no float, itself included

        if k is Kind.CHAR and isinstance(v, str):  # trailing blanks are not significant in CHAR
            return v.rstrip(" ")
        if k in BINARY_KINDS and isinstance(v, str):
            return v.lower()
        if k is Kind.SET and isinstance(v, str):  # a SET value is its members, in any order
            return frozenset(filter(None, v.split(",")))
        if k in (Kind.JSON, Kind.JSONB) and isinstance(v, str):  # else str(v) below
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

    declared = tuple(replace(x, type=grown.get(x.key, x.type)) if isinstance(x.type, Enum) else x for x in old.types)
    return replace(old, types=declared,
                   tables=tuple(replace(t, columns=tuple(replace(c, type=fix_ns(c.type, t.namespace)) for c in t.columns))
                                for t in old.tables))


def is_foreign_key_target(schema: Schema, table: Table, index: Index) -> bool:
    """Whether `index` is a unique index of `table` that a foreign key of `schema` references."""
    return index.unique and any(
        t.referenced_key(f) == table.key
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
