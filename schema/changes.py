"""The typed changes the differ (schema/diff.py) returns: what each one is, its reverse, and how
it reads in a plan (`describe`) and in drift (`drift`). No SQL: the dialects render them."""
from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import Optional, Union

from .model import (
    Action, Check, Collation, Column, ColumnType,
    Composite, DefaultKind, Domain, Enum, Exclusion, ForeignKey, Index, IndexMethod, Kind, PartitionMethod, Partitioning,
    Schema, StateMachine, Table, Unique,
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
            if not (live.identity_always or model.identity_always or live.identity_sequence or model.identity_sequence):
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
class SetIndexComment(Change):
    """An index whose comment changes (the index itself stays)."""

    table: TableKey
    index: "Index"
    old: Optional[str]
    new: Optional[str]

    def describe(self) -> str:
        return f"change comment of index {self.index.name} on {_q(self.table)}: {self.old!r} -> {self.new!r}"

    def drift(self) -> str:
        return (f"index {self.index.name} on {_q(self.table)} has {_comment_text(self.new)}, "
                f"the schema says {_comment_text(self.old)}")

    def reverse(self) -> "SetIndexComment":
        return SetIndexComment(self.table, self.index, self.new, self.old)


@dataclass(frozen=True)
class SetConstraintComment(Change):
    """A constraint whose comment changes (the constraint itself stays), named by its kind (``check``,
    ``unique``, ``foreign key``, ``exclusion constraint``) and name, or the primary key (name None)."""

    table: TableKey
    kind: str
    name: Optional[str]
    old: Optional[str]
    new: Optional[str]

    @classmethod
    def of(cls, table: TableKey, constraint: Optional[Constraint], old: Optional[str],
           new: Optional[str]) -> "SetConstraintComment":
        """The change of `constraint`'s comment (None: the primary key's) from `old` to `new`."""
        if constraint is None:
            return cls(table, "primary key", None, old, new)
        return cls(table, _kind(constraint), constraint.name, old, new)

    @property
    def subject(self) -> str:
        """The constraint in words: ``check n_positive``, ``primary key``."""
        return self.kind if self.name is None else f"{self.kind} {self.name}"

    def describe(self) -> str:
        return f"change comment of {self.subject} on {_q(self.table)}: {self.old!r} -> {self.new!r}"

    def drift(self) -> str:
        return (f"{self.subject} on {_q(self.table)} has {_comment_text(self.new)}, "
                f"the schema says {_comment_text(self.old)}")

    def reverse(self) -> "SetConstraintComment":
        return SetConstraintComment(self.table, self.kind, self.name, self.new, self.old)


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
                    DropIndex, SetPartitioning, AddStateMachine, DropStateMachine, SetTableComment, SetTableOptions,
                    SetIndexComment, SetConstraintComment]
TABLE_CHANGES = (AddColumn, DropColumn, AlterColumn, AlterPrimaryKey, AddConstraint, DropConstraint, AddIndex,
                 DropIndex, SetPartitioning, AddStateMachine, DropStateMachine, SetTableComment, SetTableOptions,
                 SetIndexComment, SetConstraintComment)


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
    if c.identity_sequence:
        return "an identity drawn by its default from its own sequence (a serial)"
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
