"""MySQL 8.0+ / MariaDB 10.11+ migration planning: typed changes in, one-statement steps out.

DDL commits implicitly in MySQL (https://dev.mysql.com/doc/refman/8.0/en/implicit-commit.html),
so every step holds exactly one DDL statement and its rollback one statement
undoing it: a failure stops at a known step boundary and the rollbacks of the
steps already executed restore the previous structure.

The planner keeps every table as the steps so far leave it. A change turns a
model table `before` into a model table `after` through intermediate model
tables (`_Planner._hops`); each hop is rendered from the `_Shape` of both
tables (every object MySQL holds for a table, by name, rendered by
`dialects.mysql`: columns, the ``sk_`` generated columns of partial unique
indexes, keys, foreign keys, model and implied CHECKs, triggers, partitions,
comment) as: DROP TRIGGER for each trigger that changes, one ALTER TABLE, one
partition statement, CREATE TRIGGER for each new trigger. A step's rollback
is the same renderer run the other way, so apply and rollback cannot disagree;
and every step boundary (triggers aside) is the rendering of a model table, so
an interrupted run leaves a database that introspection reads back exactly and
``schemakit migrate --repair`` can plan from. The hops:

1. drop the foreign keys that go, and those that must be *wrapped*: an InnoDB
   foreign key needs an index whose leading columns are its columns; when no
   key covers them MySQL creates one named after the constraint, refuses to
   drop the last covering index (error 1553), silently drops its own index
   when another covering one is added, and keeps it when the foreign key is
   dropped (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html).
   A foreign key whose coverage changes during the change (or whose column is
   retyped: error 1832) is dropped before and re-added after it, so MySQL's own
   index exists exactly when no model key covers the foreign key, and is
   dropped with it;
2. give a NOT NULL column without default that is about to be dropped a
   placeholder default (so the rollback re-adds it to a table with rows);
3. drop checks, keys, state machines and columns that go or change;
4. MODIFY the columns whose definition changes (restating the whole
   definition: type, NULL, default, ON UPDATE, COMMENT);
5. add columns (a NOT NULL one without default with a placeholder default),
   the primary key, keys, checks, state machines, the table comment;
6. drop the placeholder defaults;
7. partitioning: PARTITION BY, REMOVE PARTITIONING, ADD PARTITION (months
   appended) or REORGANIZE of the first partition (months prepended); shrinking
   rebuilds with PARTITION BY, which refuses rows outside the new range
   (error 1526) where DROP PARTITION would delete them;
8. add the foreign keys.

Most changes need one hop. Enums are inline column types: an enum change is a
MODIFY of the one column its lowered name ``<table>.<column>`` names.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Optional, Sequence

from schemakit.schema.diff import (
    AddColumn, AddConstraint, AddEnumValue, AddIndex, AddTable, AlterColumn, AlterPrimaryKey, Change, ChangeKind, CreateNamespace,
    DropColumn, DropConstraint, DropTable, TableChange, TableKey,
)
from schemakit.schema.model import (
    Check, Column, Enum, ForeignKey, IndexMethod, PartitionMethod, Partitioning, Schema, Table, lit,
)

from ..base import Statement, Step, creation_order
from ..planner import Planner, edited

if TYPE_CHECKING:
    from . import MySQLDialect

def plan(d: "MySQLDialect", old: Schema, new: Schema, changes: Sequence[Change]) -> list[Step]:
    """Steps of one DDL statement each, with rollbacks, turning `old` into `new` (lowered schemas)."""
    return _Planner(d, old, new, _case_twins_dropped_first(changes)).steps()


def _case_twins_dropped_first(changes: Sequence[Change]) -> list[Change]:
    """`changes` with a column dropped before a column of its table is added whose name differs from it in
    case only: MySQL compares column names without case, so the new one cannot be added beside the old one
    (error 1060, duplicate column name: https://dev.mysql.com/doc/refman/8.0/en/identifier-case-sensitivity.html)."""
    dropped = {(c.table, c.column.name.casefold()): c for c in changes if isinstance(c, DropColumn)}
    out: list[Change] = []
    placed: set[int] = set()
    for c in changes:
        twin = dropped.get((c.table, c.column.name.casefold())) if isinstance(c, AddColumn) else None
        for x in ([twin] if twin is not None and isinstance(c, AddColumn) and twin.column.name != c.column.name
                  else []) + [c]:
            if id(x) not in placed:
                out.append(x)
                placed.add(id(x))
    return out


def needs_fill(c: Column) -> bool:
    """A NOT NULL column without default: adding it to a table with rows needs a placeholder (a generated
    column computes its values)."""
    return not c.nullable and c.default is None and not c.identity and c.generated is None


# -- shapes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    """A UNIQUE constraint or an index: its ADD clause, the leading columns that can serve a foreign
    key, and the generated columns it keys (a change of those is a change of the key)."""

    clause: str
    covers: tuple[str, ...]
    generated: tuple[str, ...] = ()


@dataclass(frozen=True)
class _ForeignKey:
    clause: str
    columns: tuple[str, ...]


@dataclass
class _Shape:
    """Everything MySQL holds for one table, by name, rendered."""

    table: Table  # the model table (names, partition bounds)
    columns: dict[str, str]  # regular columns in order: name -> definition
    generated: dict[str, str]  # sk_ generated columns: name -> definition
    primary_key: tuple[str, ...]
    keys: dict[str, _Key]
    foreign_keys: dict[str, _ForeignKey]
    checks: dict[str, str]  # name -> CHECK clause
    triggers: dict[str, Statement]
    partitioning: Optional[Partitioning]
    comment: Optional[str]
    options: str  # DEFAULT CHARSET=... COLLATE=...
    virtual: frozenset  # the VIRTUAL generated columns

    def remade(self, other: "_Shape") -> set[str]:
        """Columns of both shapes that become or stop being VIRTUAL: MariaDB refuses to MODIFY them (error 1907,
        "not yet supported for generated columns"; https://mariadb.com/kb/en/generated-columns/), so they are
        dropped and added again (a VIRTUAL column holds no data)."""
        return {n for n in self.columns if n in other.columns and (n in self.virtual) != (n in other.virtual)}

    def covered(self, fk: _ForeignKey) -> bool:
        """Whether some key's leading columns are the foreign key's columns (no implicit index needed)."""
        n = len(fk.columns)
        leads = [self.primary_key] + [k.covers for k in self.keys.values()]
        return any(tuple(lead[:n]) == fk.columns for lead in leads)


def shape(d: "MySQLDialect", t: Table) -> _Shape:
    """The rendered objects of table `t`."""
    keys = {u.name: _Key(d.unique_sql(u), u.columns) for u in t.uniques}
    for i in t.indexes:
        parts = d.key_columns(t, i)
        plain = [p.prefix is None and i.method is not IndexMethod.FULLTEXT for p in i.parts] + [False]
        keys[i.name] = _Key(d.index_sql(t, i), parts[:plain.index(False)],
                            tuple(sql for _n, sql in d.partial_columns(t, i)) if i.unique and i.where else ())
    generated = {name: sql for i in t.indexes if i.unique and i.where for name, sql in d.partial_columns(t, i)}
    return _Shape(
        table=t, columns={c.name: d.column_sql(c, t) for c in t.columns}, generated=generated,
        primary_key=t.primary_key, keys=keys,
        foreign_keys={f.name: _ForeignKey(d.foreign_key_sql(t, f), f.columns) for f in t.foreign_keys},
        checks=dict(d.check_definitions(t)), triggers=dict(d.named_triggers(t)), partitioning=t.partitioning,
        comment=t.comment or None, options=d.charset_sql(t),
        virtual=frozenset(c.name for c in t.columns if c.generated is not None and not c.generated.stored))


class _Renderer:
    """One statement between two shapes of the same table."""

    def __init__(self, d: "MySQLDialect"):
        self.d = d

    def alter(self, x: _Shape, y: _Shape) -> Optional[Statement]:
        """One ALTER TABLE turning `x` into `y` (drops first, then adds), or None when they agree."""
        q, clauses = self.d.quote, []
        for name, f in x.foreign_keys.items():
            if y.foreign_keys.get(name) != f:
                clauses.append(f"DROP FOREIGN KEY {q(name)}")
                if not x.covered(f):  # the index MySQL created for it would stay behind
                    clauses.append(f"DROP INDEX {q(name)}")
        clauses += [f"DROP CONSTRAINT {q(n)}" for n, c in x.checks.items() if y.checks.get(n) != c]
        clauses += [f"DROP INDEX {q(n)}" for n, k in x.keys.items() if y.keys.get(n) != k]
        if x.primary_key and x.primary_key != y.primary_key:
            clauses.append("DROP PRIMARY KEY")
        if x.options != y.options:  # before the columns: a MODIFY names its collation in either case
            clauses.append(y.options)
        remade = x.remade(y)
        clauses += [f"DROP COLUMN {q(n)}" for n in x.columns if n not in y.columns or n in remade]
        clauses += [f"DROP COLUMN {q(n)}" for n, g in x.generated.items() if y.generated.get(n) != g]
        clauses += [f"ADD COLUMN {sql}{self._position(y, n)}" for n, sql in y.columns.items()
                    if n not in x.columns or n in remade]
        clauses += [f"MODIFY COLUMN {sql}" for n, sql in y.columns.items()
                    if n in x.columns and x.columns[n] != sql and n not in remade]
        clauses += [f"ADD COLUMN {g}" for n, g in y.generated.items() if x.generated.get(n) != g]
        if y.primary_key and x.primary_key != y.primary_key:
            clauses.append(f"ADD {self.d.primary_key_sql(y.primary_key)}")
        clauses += [f"ADD {k.clause}" for n, k in y.keys.items() if x.keys.get(n) != k]
        clauses += [f"ADD {self.d.check_sql(n, c)}" for n, c in y.checks.items() if x.checks.get(n) != c]
        clauses += [f"ADD {f.clause}" for n, f in y.foreign_keys.items() if x.foreign_keys.get(n) != f]
        if x.comment != y.comment:
            clauses.append(f"COMMENT={self.d.literal(y.comment or '')}")
        return self._statement(y.table, ", ".join(clauses)) if clauses else None

    def _position(self, y: _Shape, name: str) -> str:
        names = list(y.columns)
        at = names.index(name)
        return " FIRST" if at == 0 else f" AFTER {self.d.quote(names[at - 1])}"

    def _statement(self, t: Table, action: str, kind: str = "ddl") -> Statement:
        return Statement(f"ALTER TABLE {self.d.table_name(t)} {action}", kind=kind, table=t.qualified)

    def partitions(self, x: _Shape, y: _Shape) -> Optional[Statement]:
        """The one statement that turns `x`'s partitions into `y`'s.

        Months appended: ADD PARTITION; months prepended: the first partition
        (which also holds everything below it: RANGE has no lower bound) is
        split by REORGANIZE PARTITION. Explicit RANGE or LIST partitions
        appended (the old ones unchanged, no MAXVALUE or DEFAULT partition
        before them): ADD PARTITION. Anything else rebuilds with PARTITION
        BY, which refuses a row no new partition holds (error 1526,
        https://mariadb.com/kb/en/partitioning-types-overview/) where DROP
        PARTITION would delete it.
        """
        old, new = x.partitioning, y.partitioning
        t = replace(y.table, partitioning=new)
        if old == new:
            return None
        if new is None:
            return self._statement(t, "REMOVE PARTITIONING", "partition")
        if old is not None and old.column == new.column and not old.monthly and not new.monthly:
            n = len(old.partitions)
            if (old.method is new.method and old.method is not PartitionMethod.HASH and old.lower == new.lower
                    and old.default is None and new.default is None and 0 < n < len(new.partitions)
                    and new.partitions[:n] == old.partitions
                    and (old.method is PartitionMethod.LIST or old.partitions[-1].upper is not None)):
                defs = self.d.explicit_partition_definitions(t, [s.name for s in new.partitions[n:]])
                return self._statement(t, f"ADD PARTITION ({', '.join(defs)})", "partition")
        if old is not None and old.column == new.column and old.monthly and new.monthly:
            before = [s for s, _lo, _hi in old.bounds()]
            after = [s for s, _lo, _hi in new.bounds()]
            n = len(before)
            if after[:n] == before:
                defs = self.d.partition_definitions(t, after[n:])
                return self._statement(t, f"ADD PARTITION ({', '.join(defs)})", "partition")
            if after[-n:] == before:
                first = self.d.quote(self.d.partition_name(t, before[0]))
                defs = self.d.partition_definitions(t, after[:len(after) - n + 1])
                return self._statement(t, f"REORGANIZE PARTITION {first} INTO ({', '.join(defs)})", "partition")
        return self._statement(t, self.d.partition_sql(t), "partition")


# -- the planner ------------------------------------------------------------------------------------


def _leads(t: Table) -> set:
    """The columns that lead a key of `t`: an AUTO_INCREMENT column must be one."""
    out = {t.primary_key[0]} if t.primary_key else set()
    out |= {u.columns[0] for u in t.uniques if u.columns}
    return out | {i.parts[0].column for i in t.indexes if i.parts and i.method is not IndexMethod.FULLTEXT}


def _auto_keyed(t: Table, target: Optional[Table]) -> Table:
    """`t`, a table a change leaves, with each AUTO_INCREMENT column leading a key, as InnoDB requires in
    every statement (error 1075, https://mariadb.com/kb/en/auto_increment/): the keys of `target` it leads
    come with it when the target keeps it an identity (a later AddIndex or AddConstraint then changes
    nothing), else it loses AUTO_INCREMENT there (a later AlterColumn or DropColumn then changes nothing)."""
    leads = _leads(t)
    for c in t.columns:
        if not c.identity or c.name in leads:
            continue
        wanted = next((x for x in target.columns if x.name == c.name), None) if target is not None else None
        if target is not None and wanted is not None and wanted.identity:
            t = replace(t, indexes=t.indexes + tuple(
                i for i in target.indexes if i.parts and i.parts[0].column == c.name
                and i.method is not IndexMethod.FULLTEXT and i not in t.indexes), uniques=t.uniques + tuple(
                u for u in target.uniques if u.columns[:1] == (c.name,) and u not in t.uniques))
        if c.name not in _leads(t):
            t = replace(t, columns=tuple(replace(x, identity=False, identity_always=False, identity_sequence=False)
                                         if x.name == c.name else x for x in t.columns))
    return t


def _unkeyed_plain(t: Table) -> Table:
    """`t` with each AUTO_INCREMENT column that leads no key a plain column."""
    leads = _leads(t)
    return replace(t, columns=tuple(
        replace(c, identity=False, identity_always=False, identity_sequence=False)
        if c.identity and c.name not in leads else c for c in t.columns))


class _Planner(Planner):
    """One MySQL plan (see `dialects.planner.Planner`): every change inside a table is a transition
    of the table through the hops of `_hops`."""

    d: "MySQLDialect"

    def __init__(self, d: "MySQLDialect", old: Schema, new: Schema, changes: Sequence[Change]):
        super().__init__(d, old, new, changes)
        self.render = _Renderer(d)
        self.detached: list[tuple[TableKey, ForeignKey, Change]] = []  # foreign keys to add back

    def plan_change(self, c: Change) -> list[Step]:
        """Foreign keys detached by a retyping are added back before tables are dropped."""
        out = self._reattach() if isinstance(c, DropTable) else []
        return out + super().plan_change(c)

    def _finish(self) -> list[Step]:
        return self._reattach()

    def _table_change(self, c: TableChange) -> list[Step]:
        if isinstance(c, AddColumn) and c.column.identity:
            target = next((t for t in self.new.tables if t.key == c.table), None)
            if target is not None and c.column.name in target.primary_key \
                    and c.column.name not in self.tables[c.table].primary_key:
                # An AUTO_INCREMENT column must be a key in the statement that adds it (error 1075,
                # https://mariadb.com/kb/en/auto_increment/): it comes with the primary key it belongs to,
                # which also numbers the existing rows; the later AlterPrimaryKey then changes nothing.
                before = self.tables[c.table]
                return self._transition(c, *self._move(c.table, replace(edited(before, c),
                                                                          primary_key=target.primary_key)))
        if isinstance(c, AddIndex) and c.index in self.tables[c.table].indexes \
                or isinstance(c, AddConstraint) and c.constraint in self.tables[c.table].uniques:
            return []  # added with its AUTO_INCREMENT column (`_auto_keyed`)
        if isinstance(c, AlterPrimaryKey):
            before = self.tables[c.table]
            target = next((t for t in self.new.tables if t.key == c.table), None)
            kept = {x.name for x in target.columns if x.identity} if target is not None else set()
            loose = {x.name for x in before.columns
                     if x.identity and x.name in before.primary_key and x.name not in c.new and x.name not in kept}
            if loose:
                # Nor can the key go while its column stays AUTO_INCREMENT (error 1075, as above): the column
                # loses AUTO_INCREMENT in the statement that drops the key, as the target has it (a plain column,
                # or none: the later DropColumn drops a plain one, the later AlterColumn changes nothing).
                plain = tuple(replace(x, identity=False, identity_always=False) if x.name in loose else x
                              for x in before.columns)
                return self._transition(c, *self._move(c.table, replace(edited(before, c), columns=plain)))
        target = next((t for t in self.new.tables if t.key == c.table), None)
        return self._transition(c, *self._move(c.table, _auto_keyed(self._edited(c), target)))

    # -- helpers ------------------------------------------------------------------------------------
    def _edit(self, change: Change, key: TableKey, edit: Callable[[Table], Table]) -> list[Step]:
        """Steps turning table `key` into `edit(table)` for `change`; the state moves to the edited table."""
        return self._transition(change, *self._move(key, edit(self.tables[key])))

    def _transition(self, change, before: Table, after: Table) -> list[Step]:
        """Steps (one statement each) from `before` to `after` through the hops of `_hops`."""
        out: list[Step] = []
        hops = self._hops(before, after)
        for x, y in zip(hops, hops[1:]):
            out += self._hop(change, x, y)
        return self._numbered(out)

    def _hop(self, change, x: Table, y: Table) -> list[Step]:
        """Between two model tables: drop the triggers that change, one ALTER TABLE, one partition
        statement, create the new triggers."""
        d, sx, sy = self.d, shape(self.d, x), shape(self.d, y)
        out = [self._step(change, [d.drop_trigger(x, n)], [create]) for n, create in sx.triggers.items()
               if sy.triggers.get(n) != create]
        mid = replace(sy, partitioning=sx.partitioning)  # partition checks change before the partitions
        for render, a, b in ((self.render.alter, sx, mid), (self.render.partitions, mid, sy)):
            forward = render(a, b)
            if forward is not None:
                backward = render(b, a)  # None only when the shapes agree, which `forward` says they do not
                out.append(self._step(change, [forward], None if backward is None else [backward]))
        return out + [self._step(change, [create], [d.drop_trigger(y, n)]) for n, create in sy.triggers.items()
                      if sx.triggers.get(n) != create]

    def _hops(self, before: Table, after: Table) -> list[Table]:
        """The model tables the change passes through (the hops of the module docstring).

        Every step boundary but those between a trigger and its table's ALTER is the rendering of a
        model table, so an interrupted run leaves a state that introspection reads back exactly and
        `schemakit migrate --repair` can plan from.
        """
        sb, sa = shape(self.d, before), shape(self.d, after)
        same_key = {n for n, k in sb.keys.items() if sa.keys.get(n) == k}
        kept_columns = [c for c in before.columns if after.has_column(c.name)]
        stays = replace(  # what stays rendered exactly as it is
            before, columns=tuple(kept_columns), foreign_keys=(),
            uniques=tuple(u for u in before.uniques if u.name in same_key and u in after.uniques),
            indexes=tuple(i for i in before.indexes if i.name in same_key and i in after.indexes),
            checks=tuple(c for c in before.checks if c in after.checks
                         and self._check_as(sb, before, c) == self._check_as(sa, after, c)),
            state_machines=tuple(m for m in before.state_machines if m in after.state_machines
                                 and sb.triggers.get(self.d.machine_trigger_name(before, m))
                                 == sa.triggers.get(self.d.machine_trigger_name(after, m))))
        least = shape(self.d, stays)
        retyped = {c.name for c in kept_columns if c.type != after.column(c.name).type
                   or c.nullable != after.column(c.name).nullable}
        kept = tuple(f for f in before.foreign_keys if f in after.foreign_keys and not set(f.columns) & retyped
                     and sb.covered(sb.foreign_keys[f.name]) == least.covered(sb.foreign_keys[f.name])
                     == sa.covered(sa.foreign_keys[f.name]))
        t1 = replace(before, foreign_keys=kept)
        t2 = replace(t1, columns=tuple(self._with_fill(c, after) for c in t1.columns))
        t3 = replace(stays, columns=tuple(c for c in t2.columns if after.has_column(c.name)), foreign_keys=kept)
        t4 = replace(t3, columns=tuple(after.column(c.name) for c in t3.columns))
        t5 = replace(after, foreign_keys=kept, partitioning=before.partitioning,
                     columns=tuple(self._with_fill(c, before) for c in after.columns))
        t6 = replace(t5, columns=after.columns)
        t7 = replace(t6, partitioning=after.partitioning)
        # A hop where an AUTO_INCREMENT column leads no key has it as a plain column (error 1075 otherwise,
        # https://mariadb.com/kb/en/auto_increment/): it gains AUTO_INCREMENT with its key, loses it with its last.
        hops = [before, *(_unkeyed_plain(t) for t in (t1, t2, t3, t4, t5, t6, t7)), after]
        return [t for i, t in enumerate(hops) if i == 0 or t != hops[i - 1]]

    def _check_as(self, s: _Shape, t: Table, c: Check):
        """How CHECK `c` of `t` is rendered: a constraint, or triggers."""
        return s.checks.get(c.name), tuple(s.triggers.get(self.d.check_trigger_name(t, c, e)) for e in ("INSERT", "UPDATE"))

    def _with_fill(self, c: Column, other: Table) -> Column:
        """`c` with a placeholder default when it is absent from `other` and needs one: the column
        can then be added to (or dropped from, and re-added to) a table with rows."""
        return replace(c, default=lit(self.fill_value(c.type))) if needs_fill(c) and not other.has_column(c.name) else c

    @staticmethod
    def _numbered(steps: list[Step]) -> list[Step]:
        if len(steps) < 2:
            return steps
        return [replace(s, detail=f"step {i} of {len(steps)}") for i, s in enumerate(steps, 1)]

    # -- namespaces and enums -------------------------------------------------------------------------
    def _namespace(self, c) -> list[Step]:
        make = self.d.create_namespace(c.namespace)
        drop = Statement(f"DROP DATABASE IF EXISTS {self.d.quote(c.namespace)}", kind="namespace")
        create = isinstance(c, CreateNamespace)
        return [self._step(c, [make if create else drop], [drop if create else make])]

    def _create_enum(self, c: Change) -> list[Step]:
        """MySQL enums are inline column types: creating or dropping one is the column's change."""
        return []

    _drop_enum = _create_enum

    def _add_enum_value(self, c) -> list[Step]:
        """An enum is one column's ENUM(...): MODIFY the column that uses it."""
        e: Enum = c.enum if isinstance(c, AddEnumValue) else c.new
        return [s for t in self._enum_users(c.namespace, e.name)
                for s in self._edit(c, t.key, lambda t: self._with_enum(t, e))]

    _alter_enum = _add_enum_value

    # -- columns ------------------------------------------------------------------------------------
    def _alter_column(self, c: AlterColumn) -> list[Step]:
        """One property of a column (the state takes only that property from `c.new`).

        A referenced column cannot change type under a foreign key (error 1833), and the
        referencing column usually changes with it (both sides must have the same integer or
        decimal type), so the foreign keys referencing it are dropped first and added back after
        the changes of every table (`_reattach`).
        """
        out = []
        if c.kind is ChangeKind.TYPE:
            for t in list(self.tables.values()):
                for f in (f for f in t.foreign_keys if t.referenced_key(f) == c.table and c.new.name in f.ref_columns):
                    out += self._edit(c, t.key, _without_fk(f.name))
                    self.detached.append((t.key, f, c))
        return out + self._table_change(c)

    def _reattach(self) -> list[Step]:
        """Add back the foreign keys `_alter_column` detached, where the target schema keeps them."""
        out, detached, self.detached = [], self.detached, []
        for key, f, c in detached:
            t = self.tables.get(key)
            target = next((x for x in self.new.tables if x.key == key), None)
            if t is not None and f not in t.foreign_keys and target is not None and f in target.foreign_keys:
                out += self._edit(c, key, _with_fk(f))
        return out

    # -- tables ---------------------------------------------------------------------------------------
    def _creation_steps(self, group: list[Table], drop: bool) -> list[Step]:
        """Steps creating `group` beside the other current tables (CREATE TABLE and its triggers in
        dependency order, then the foreign keys closing cycles, each a change of its table: the
        implied CHECKs and trigger-enforced CHECKs depend on the foreign keys); `drop` only chooses
        the descriptions. `render()` is this plan from an empty schema."""
        keys = {t.key for t in group}
        others = tuple(t for t in self.tables.values() if t.key not in keys)
        order = creation_order(Schema(others + tuple(group)))
        out = []
        for t in (t for t in order.tables if t.key in keys):
            what = DropTable(t) if drop else AddTable(t)
            deferred = {f.name for x, f in order.deferred if x.key == t.key}
            created = replace(t, foreign_keys=tuple(f for f in t.foreign_keys if f.name not in deferred))
            out.append(self._step(what, [Statement(self.d.create_table(created), table=t.qualified)],
                                  [Statement(f"DROP TABLE {self.d.table_name(t)}", kind="table", table=t.qualified)]))
            out += [self._step(what, [create], [self.d.drop_trigger(t, name)])
                    for name, create in self.d.named_triggers(created)]
            self.tables[t.key] = created
        for t, f in (x for x in order.deferred if x[0].key in keys):
            out += self._edit((DropConstraint if drop else AddConstraint)(t.key, f), t.key, _with_fk(f))
        return out


def _without_fk(name: str) -> Callable[[Table], Table]:
    return lambda t: replace(t, foreign_keys=tuple(f for f in t.foreign_keys if f.name != name))


def _with_fk(fk: ForeignKey) -> Callable[[Table], Table]:
    return lambda t: replace(t, foreign_keys=t.foreign_keys + (fk,))

