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

import json
from dataclasses import replace
from functools import partial
from decimal import Decimal, InvalidOperation
from typing import Callable, Optional, Sequence

from . import expr
from .domains import same_domain, shallow
from .model import (
    BINARY_KINDS, FLOAT_KINDS, FRACTIONAL_KINDS, INTEGER_KINDS, Check, Column, ColumnType,
    DefaultKind, Enum, Exclusion, ForeignKey, Index, Kind, Schema,
    StateMachine, Table,
)
from . import code_diff, policy_diff  # sequences, routines, triggers; policies and grants
from .rolling import fits
from .view_diff import CreateView, DropView, ReplaceView, rebuilt_views, touched_tables, view_changes
from .changes import (  # noqa: F401 (re-exported: the changes are this module's results)
    _canonical, _kind, _q, _transitions, AddColumn, AddConstraint, AddEnumValue, AddIndex, AddStateMachine,
    AddTable, AlterColumn, AlterComposite, AlterDomain, AlterEnum, AlterPrimaryKey, Change, ChangeKind,
    Constraint, CreateComposite, CreateDomain, CreateEnum, CreateNamespace, definition, DropColumn,
    DropComposite, DropConstraint, DropDomain, DropEnum, DropIndex, DropNamespace, DropStateMachine,
    DropTable, Item, namespace_changes, partition_text, SetPartitioning, SetConstraintComment, SetIndexComment, SetTableComment,
    SetTableOptions, SetTypeComment, TABLE_CHANGES, TableChange, TableKey, TableOptions, type_text,
)


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
    out: list[str] = []
    around = rebuilt_views(changes)  # a view dropped and created again as it was: no difference of its own
    policies = policy_diff.rebuilt_policies(changes)  # a policy dropped and created around a table change
    policies.update(code_diff.rebuilt(changes))  # a routine or trigger dropped and created again
    for c in changes:
        if id(c) in around:
            continue
        if id(c) in policies:
            out += [line for line in (policies[id(c)],) if line is not None]
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
    changes = _fks_outermost(changes)
    k = sum(isinstance(c, (CreateEnum, AddEnumValue, AlterEnum, CreateDomain, AlterDomain, CreateComposite, AlterComposite,
                           SetTypeComment)) for c in changes)
    changes = changes[:k] + code_diff.before_tables(old, new) + changes[k:] + code_diff.after_tables(old, new)
    changes += (_composite_changes(old, new, before=False) + _domain_changes(old, new, before=False)
                + _enum_changes(old, new, before=False))
    again = [r for r in old.routines if r.key in code_diff.resigned(old, new)]  # dropped and created again
    before, after = view_changes(old, new, changes, lambda body: bool(again) and code_diff.calls(body, again))
    # a view dropped and created again (or replaced: dropped and created on PostgreSQL) loses its grants
    recreated = {c.view.key for c in after if isinstance(c, CreateView)} \
        & {c.view.key for c in before if isinstance(c, DropView)} | {c.new.key for c in after if isinstance(c, ReplaceView)}
    touched = touched_tables(changes)  # a policy on a table changed is dropped before and created after
    return (code_diff.extension_changes(old, new, before=True) + policy_diff.before(old, new, recreated, touched)
            + before + changes + after + policy_diff.after(old, new, recreated, touched)
            + code_diff.extension_changes(old, new, before=False))


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
    moved = old.primary_key != new.primary_key
    if moved and old.primary_key and old.primary_key_comment is not None:  # the key dropped takes it along
        out.append(SetConstraintComment.of(key, None, old.primary_key_comment, None))
    if moved:
        out.append(AlterPrimaryKey(key, old.primary_key, new.primary_key))
    if new.primary_key and new.primary_key_comment != (None if moved else old.primary_key_comment):
        out.append(SetConstraintComment.of(key, None, None if moved else old.primary_key_comment,
                                           new.primary_key_comment))
    if _canonical(old.partitioning) != _canonical(new.partitioning) and not _rolled(old.partitioning, new.partitioning):
        out.append(SetPartitioning(key, old.partitioning, new.partitioning))
    out += [AddConstraint(key, c) for c in _removed(new.uniques + new.checks + new.exclusions,
                                                    old.uniques + old.checks + old.exclusions, same_constraint)]
    out += [AddIndex(key, i) for i in _removed(new.indexes, old.indexes, same_index)]
    old_i = {i.name: i for i in old.indexes}
    out += [SetIndexComment(key, i, old_i[i.name].comment, i.comment) for i in new.indexes
            if i.name in old_i and same_index(old_i[i.name], i) and old_i[i.name].comment != i.comment]
    out += [AddConstraint(key, c) for c in _removed(new.foreign_keys, old.foreign_keys, same_constraint)]
    out += _constraint_comments(key, old, new, same_constraint)
    out += [AddStateMachine(key, m) for m in _removed(new.state_machines, old.state_machines, _eq)]
    out += [DropColumn(key, c) for name, c in old_c.items() if name not in new_c]
    if (old.comment or None) != (new.comment or None):
        out.append(SetTableComment(key, old.comment, new.comment))
    if TableOptions.of(old) != TableOptions.of(new):
        out.append(SetTableOptions(key, TableOptions.of(old), TableOptions.of(new)))
    return out


def _constraint_comments(key: TableKey, old: Table, new: Table, same) -> list[Change]:
    """The comments of the constraints both tables hold alike (by `same`) that differ (a constraint added
    or dropped brings or takes its comment along)."""
    before = {c.name: c for c in old.uniques + old.checks + old.exclusions + old.foreign_keys}
    return [SetConstraintComment.of(key, c, before[c.name].comment, c.comment)
            for c in new.uniques + new.checks + new.exclusions + new.foreign_keys
            if c.name in before and same(before[c.name], c) and before[c.name].comment != c.comment]


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
    return replace(a, comment=None) == replace(b, comment=None)


def _same_index_of(a: Index, b: Index, texts: frozenset[str] = frozenset()) -> bool:
    def shape(i: Index):
        parts = tuple((p.column, p.expression and expr.compared(p.expression, text_columns=texts), p.desc, p.prefix,
                       p.opclass) for p in i.parts)
        return (parts, i.unique, i.where and expr.compared(i.where, text_columns=texts), i.method, i.include)
    return shape(a) == shape(b)


def _identity(c: Column) -> tuple[bool, bool, bool]:
    """Whether `c` is an identity, GENERATED ALWAYS, drawn from the sequence its default names."""
    return c.identity, c.identity and c.identity_always, c.identity and c.identity_sequence


def _alter_column(key: TableKey, old: Column, new: Column, texts: frozenset[str] = frozenset()) -> list[Change]:
    out: list[Change] = []
    if not _same_type(old.type, new.type):
        out.append(AlterColumn(key, ChangeKind.TYPE, old, new))
    if old.nullable != new.nullable:
        out.append(AlterColumn(key, ChangeKind.NULL, old, new))
    if default_value(old) != default_value(new):
        out.append(AlterColumn(key, ChangeKind.DEFAULT, old, new))
    if _identity(old) != _identity(new):
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


def _rolled(a, b) -> bool:
    """One side is a rolling monthly partitioning and the other a window it leads to (a database's months
    moved by `schemakit partitions maintain`): not a difference (schema/rolling.py)."""
    return fits(a, b) or fits(b, a)
