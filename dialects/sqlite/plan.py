"""SQLite migration planning: typed changes in, steps with rollbacks out.

SQLite's ALTER TABLE renames tables and columns, adds a column and drops one
(https://www.sqlite.org/lang_altertable.html); every other change rebuilds
the table. `plan()` walks the differ's changes in order, keeping the state of
every table as the steps so far leave it, and uses:

- ``ALTER TABLE ADD COLUMN`` when SQLite allows it: no PRIMARY KEY or UNIQUE,
  a constant default (not an expression in parentheses), a non-NULL default
  for a NOT NULL column. Its implied ``sk_type`` CHECK goes with it (SQLite
  tests it against the existing rows). A one-column foreign key added in the
  same plan rides along as a column constraint when the column defaults to
  NULL and the key references a primary key. The rollback is ``DROP COLUMN``,
  or a rebuild for such a foreign key: any rebuild in between renders it as
  a table constraint, and DROP COLUMN refuses a column one of those names.
- ``ALTER TABLE DROP COLUMN`` when SQLite allows it: the column is not part of
  a key, index, CHECK, foreign key or state machine (its on_update trigger is
  dropped first).
- Both edit the stored CREATE TABLE text, where comments are ``--`` line
  comments: a column with a comment is added by a rebuild, and a column is
  dropped directly only where every other comment stays with its column
  (`_comments_stay`). Columns keep the model's order (a column added before
  others is added by a rebuild), so "the last column" in the model is the
  last one in the text.
- Indexes and triggers (on_update_now, state machines): CREATE / DROP.
- Everything else (types, nullability, defaults, identity, keys, checks,
  uniques, foreign keys, comments, enum values, which live in CHECKs): the
  table rebuild, one step for each run of adjacent changes needing one.

The rebuild runs inside the migration's transaction, with foreign keys
enforced (``PRAGMA foreign_keys`` cannot change inside a transaction,
https://www.sqlite.org/foreignkeys.html#fk_enable). The documented procedure
(https://www.sqlite.org/lang_altertable.html#otheralter) then loses data:
``DROP TABLE`` of the old table first deletes its rows, running the ON DELETE
actions of the tables that reference it — their rows are deleted (CASCADE)
or nulled (SET NULL), or the COMMIT fails (NO ACTION, and RESTRICT once the
checks are deferred) (https://www.sqlite.org/lang_droptable.html). So the tables that reference
a rebuilt table, transitively, are rebuilt with it, unchanged: every new
table is created under a temporary name with its foreign keys naming the
other new tables, the rows are copied, the old tables are dropped (children
first, so no ON DELETE action meets a row; in a cycle one may, on an old
table about to be dropped too), and renaming each new table to its final
name rewrites the references to it (https://www.sqlite.org/lang_altertable.html#altertabrename).
``PRAGMA defer_foreign_keys`` moves the foreign key checks to COMMIT
(https://www.sqlite.org/pragma.html#pragma_defer_foreign_keys); an
AUTOINCREMENT table keeps its sequence (https://www.sqlite.org/autoinc.html).
The same statements are right when foreign keys are not enforced.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable, Optional, Sequence, Union

from schemakit.schema import expr as cexpr
from schemakit.schema.diff import (
    AddColumn, AddConstraint, AddEnumValue, AddIndex, AddStateMachine, AddTable, AlterColumn, AlterEnum,
    AlterPrimaryKey, Change, ChangeKind, CreateEnum, DropColumn, DropConstraint, DropEnum, DropIndex,
    DropStateMachine, DropTable, SetPartitioning, SetTableComment, TableKey,
)
from schemakit.schema.model import Check, Column, DefaultKind, Enum, ForeignKey, Kind, Schema, Table, Unique

from ..base import Statement, Step, creation_order

if TYPE_CHECKING:
    from . import SQLiteDialect

DEFER = Statement("PRAGMA defer_foreign_keys = ON", kind="pragma")

# Values for a NOT NULL column without default that a rollback brings back to a table with rows.
_FILL = {Kind.UUID: "00000000-0000-0000-0000-000000000000", Kind.SMALLINT: 0, Kind.INTEGER: 0,
         Kind.BIGINT: 0, Kind.DECIMAL: 0, Kind.VARCHAR: "", Kind.TEXT: "", Kind.BOOLEAN: False,
         Kind.TIMESTAMP: "1970-01-01 00:00:00", Kind.DATE: "1970-01-01", Kind.JSON: "null"}

_CONSTRAINT_FIELD = {ForeignKey: "foreign_keys", Unique: "uniques", Check: "checks"}


def plan(d: "SQLiteDialect", old: Schema, new: Schema, changes: Sequence[Change]) -> list[Step]:
    """Steps, each with its rollback, that turn a database holding `old` into `new` (lowered schemas)."""
    return _Planner(d, old, new, changes).steps()


def _ref_key(t: Table, f: ForeignKey) -> TableKey:
    return (f.ref_namespace if f.ref_namespace is not None else t.namespace, f.ref_table)


def _fill(c: Column):
    return c.type.enum.values[0] if c.type.kind is Kind.ENUM else _FILL[c.type.kind]


def _used_columns(t: Table) -> set[str]:
    """Columns a key, unique, index, CHECK, foreign key or state machine of `t` names."""
    used = set(t.primary_key) | {c for u in t.uniques for c in u.columns}
    used |= {c for f in t.foreign_keys for c in f.columns} | {m.column for m in t.state_machines}
    for i in t.indexes:
        used |= {p.column for p in i.parts if p.column} | (cexpr.columns(i.where) if i.where else set())
        used |= {c for p in i.parts if p.expression for c in cexpr.columns(p.expression)}
    for k in t.checks:
        used |= cexpr.columns(k.expression)
    return used


def _parents_first(tables: dict[TableKey, Table]) -> list[Table]:
    """`tables` with referenced tables before the tables that reference them (references to
    tables outside the set do not count); a cycle in declaration order."""
    inside = Schema(tuple(replace(t, foreign_keys=tuple(f for f in t.foreign_keys if _ref_key(t, f) in tables))
                          for t in tables.values()))
    return [tables[t.key] for t in creation_order(inside).tables]


def _comments_stay(t: Table, name: str) -> bool:
    """Whether DROP COLUMN `name` leaves the ``--`` comments of the CREATE TABLE text with their columns.

    SQLite cuts the column's text out: from its name up to the next column's
    name, or, for the last column, from the comma before it
    (https://sqlite.org/src/file?name=src/alter.c, sqlite3AlterDropColumn). A
    column with a comment may have had columns appended to its line by ADD
    COLUMN, which the cut would leave in front of that comment; the last
    column may start a line of its own, and the comma before it is then
    before the previous column's comment (a comma inside that comment even
    stops the scan there). So: a column without comment, and for the last
    column a previous column without comment too.
    """
    names = [c.name for c in t.columns]
    at = names.index(name)
    return not t.columns[at].comment and (at < len(names) - 1 or not t.columns[at - 1].comment)


@dataclass
class _Rebuild:
    """Adjacent changes that rebuild tables: the tables as they were before the first one."""

    before: dict[TableKey, Table] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)


class _Planner:
    """One plan: the changes, and the tables as the steps planned so far leave them."""

    def __init__(self, d: "SQLiteDialect", old: Schema, new: Schema, changes: Sequence[Change]):
        self.d, self.changes = d, list(changes)
        self.tables: dict[TableKey, Table] = {t.key: t for t in old.tables}
        self.order = {t.key: {c.name: n for n, c in enumerate(t.columns)} for t in new.tables}
        self.out: list[Step] = []
        self.pending = _Rebuild()
        self.folded: set[int] = set()  # ids of AddConstraint changes done by an ADD COLUMN

    def steps(self) -> list[Step]:
        """A step per change (adjacent rebuilds share one), in the differ's order."""
        for c in self.changes:
            if id(c) not in self.folded:
                _HANDLERS[type(c)](self, c)
        self._flush()
        return self.out

    # -- emitting -------------------------------------------------------------------------------
    def _emit(self, change: Union[Change, str], apply: Sequence[Statement],
              rollback: Optional[Sequence[Statement]]) -> None:
        """A step of its own (`_change` has planned any pending rebuild before it)."""
        text = change if isinstance(change, str) else change.describe()
        self.out.append(Step(tuple(apply), None if rollback is None else tuple(rollback), text))

    def _rebuild(self, change: Change, tables: Iterable[Table]) -> None:
        """Record that `change` gives `tables` (new definitions); the rebuild runs at the next flush."""
        for t in tables:
            self.pending.before.setdefault(t.key, self.tables[t.key])
            self.tables[t.key] = self._ordered(t)
        self.pending.changes.append(change.describe())

    def _ordered(self, t: Table) -> Table:
        """`t` with its columns in the order of the target schema (others last, as they were)."""
        order = self.order.get(t.key, {})
        columns = sorted(t.columns, key=lambda c: order.get(c.name, len(order)))
        return replace(t, columns=tuple(columns))

    def _at_end(self, t: Table, c: Column) -> bool:
        """Whether `c`, appended to `t` (where ADD COLUMN puts it), is where the target schema has it."""
        order = self.order.get(t.key, {})
        return all(order.get(x.name, -1) < order.get(c.name, 0) for x in t.columns)

    def _flush(self) -> None:
        p, self.pending = self.pending, _Rebuild()
        after = {k: self.tables[k] for k in p.before}
        changed = {k: t for k, t in after.items() if t != p.before[k]}
        if not changed:
            return
        keys = self._closure(changed)
        names = ", ".join(self.tables[k].qualified for k in keys)
        self.out.append(Step(tuple(self._rebuild_sql(keys, after, p.before, fill=False)),
                             tuple(self._rebuild_sql(keys, p.before, after, fill=True)),
                             f"{'; '.join(p.changes)} (table rebuild: {names})"))

    # -- the rebuild ----------------------------------------------------------------------------
    def _closure(self, keys: Iterable[TableKey]) -> list[TableKey]:
        """`keys` and every table that references one of them, transitively, in table order."""
        found = set(keys)
        grew = True
        while grew:
            more = {t.key for t in self.tables.values() for f in t.foreign_keys
                    if _ref_key(t, f) in found and t.key not in found}
            found |= more
            grew = bool(more)
        return [k for k in self.tables if k in found]

    def _rebuild_sql(self, keys: list[TableKey], target: dict[TableKey, Table], source: dict[TableKey, Table],
                     fill: bool) -> list[Statement]:
        """Statements replacing tables `keys` (as `source`, else as now) by `target` (else as now), rows kept."""
        dst = {k: target.get(k, self.tables[k]) for k in keys}
        src = {k: source.get(k, self.tables[k]) for k in keys}
        temp = {k: self.d.generated_name(k[1], "new") for k in keys}
        order = _parents_first(dst)
        out = [DEFER]
        out += [Statement(self.d.create_table(self._renamed(t, temp)), kind="table", table=t.qualified)
                for t in order]
        for t in order:
            out += self._copy(src[t.key], t, temp[t.key], fill)
        out += [self._drop_table(t) for t in reversed(_parents_first(src))]
        out += [Statement(f"ALTER TABLE {self.d.qualify(t.namespace, temp[t.key])} RENAME TO {self.d.quote(t.name)}",
                          kind="table", table=t.qualified) for t in order]
        return out + [s for t in order for s in self.d.table_extras(t)]

    @staticmethod
    def _renamed(t: Table, temp: dict[TableKey, str]) -> Table:
        """`t` under its temporary name, its foreign keys naming the other tables' temporary names."""
        fks = tuple(replace(f, ref_table=temp[_ref_key(t, f)]) if _ref_key(t, f) in temp else f
                    for f in t.foreign_keys)
        return replace(t, name=temp[t.key], foreign_keys=fks)

    def _copy(self, src: Table, dst: Table, temp: str, fill: bool) -> list[Statement]:
        """INSERT the rows of `src` into the new table; with `fill`, a new NOT NULL column without
        default gets a placeholder value (a rollback re-creating a dropped column)."""
        q = self.d.quote
        names = [c.name for c in dst.columns if src.has_column(c.name)]
        values = [q(n) for n in names]
        filled = [c for c in dst.columns if fill and not src.has_column(c.name) and not c.nullable
                  and c.default is None and not c.identity]
        names += [c.name for c in filled]
        values += [self.d.literal(_fill(c)) for c in filled]
        into = self.d.qualify(dst.namespace, temp)
        out = [Statement(f"INSERT INTO {into} ({', '.join(q(n) for n in names)}) "
                         f"SELECT {', '.join(values)} FROM {self.d.table_name(src)}", kind="data", table=dst.qualified)]
        if any(c.identity for c in src.columns) and any(c.identity for c in dst.columns):
            out += self._keep_sequence(dst, temp)
        return out

    def _keep_sequence(self, t: Table, temp: str) -> list[Statement]:
        """The new table continues the old one's AUTOINCREMENT sequence (ids of deleted rows stay used)."""
        seq = self.d.qualify(t.namespace, "sqlite_sequence")
        new, old = self.d.literal(temp), self.d.literal(t.name)
        return [Statement(f"DELETE FROM {seq} WHERE name = {new}", kind="data", table=t.qualified),
                Statement(f"INSERT INTO {seq} (name, seq) SELECT {new}, seq FROM {seq} WHERE name = {old}",
                          kind="data", table=t.qualified)]

    def _drop_table(self, t: Table) -> Statement:
        return Statement(f"DROP TABLE {self.d.table_name(t)}", kind="table", table=t.qualified)

    def _change(self, key: TableKey, **fields) -> tuple[Table, Table]:
        """For a step of its own: the table before and after replacing `fields`; the state moves to
        after (a pending rebuild is planned first, against the state it left)."""
        self._flush()
        before = self.tables[key]
        self.tables[key] = after = replace(before, **fields)
        return before, after

    # -- enums ----------------------------------------------------------------------------------
    def _nothing(self, c: Change) -> None:
        """Enums live in the CHECKs of their columns: creating or dropping one is no statement."""

    def _enum_values(self, c: Union[AddEnumValue, AlterEnum]) -> None:
        """New enum values rebuild every table with a column of the enum (its CHECK lists them)."""
        e: Enum = c.enum if isinstance(c, AddEnumValue) else c.new

        def grown(x: Column) -> Column:
            same = x.type.kind is Kind.ENUM and x.type.enum.name == e.name
            return replace(x, type=replace(x.type, enum=e)) if same else x
        users = [t for t in self.tables.values() if t.namespace == c.namespace
                 and any(x.type.kind is Kind.ENUM and x.type.enum.name == e.name for x in t.columns)]
        self._rebuild(c, [replace(t, columns=tuple(map(grown, t.columns))) for t in users])

    # -- columns --------------------------------------------------------------------------------
    def _alter(self, t: Table, action: str) -> Statement:
        return Statement(f"ALTER TABLE {self.d.table_name(t)} {action}", kind="ddl", table=t.qualified)

    def _addable(self, t: Table, c: Column) -> bool:
        """Whether ALTER TABLE ADD COLUMN can add `c` to `t` (https://www.sqlite.org/lang_altertable.html#altertabaddcol)."""
        literal = c.default is None or c.default.kind is DefaultKind.LITERAL
        return (not c.comment and not c.identity and literal and (c.nullable or c.default is not None)
                and c.name not in t.primary_key)

    def _on_update(self, t: Table, c: Column, create: bool) -> list[Statement]:
        if not c.on_update_now:
            return []
        if create:
            return [self.d.trigger_statement(t, self.d.on_update_trigger(t, c))]
        return [self.d.drop_trigger(t, self.d.on_update_name(t, c.name))]

    def _add_column_sql(self, t: Table, c: Column, fk: Optional[ForeignKey]) -> list[Statement]:
        definition = self.d.column_sql(c) + (f" {self.d.column_fk_sql(fk)}" if fk is not None else "")
        return [self._alter(t, f"ADD COLUMN {definition}")] + self._on_update(t, c, create=True)

    def _fold(self, key: TableKey, c: Column) -> Optional[AddConstraint]:
        """The later AddConstraint of a foreign key on just `c` that can ride along with ADD COLUMN:
        the column defaults to NULL and the key names the referenced table's primary key."""
        if c.default is not None:
            return None
        for x in self.changes:
            f = getattr(x, "constraint", None)
            if (isinstance(x, AddConstraint) and x.table == key and isinstance(f, ForeignKey)
                    and f.columns == (c.name,) and _ref_key(self.tables[key], f) in self.tables
                    and self.tables[_ref_key(self.tables[key], f)].primary_key == f.ref_columns):
                return x
        return None

    def _add_column(self, c: AddColumn) -> None:
        t = self.tables[c.table]
        if not (self._addable(t, c.column) and self._at_end(t, c.column)):
            self._rebuild(c, [replace(t, columns=t.columns + (c.column,))])
            return
        fold = self._fold(c.table, c.column)
        fks = t.foreign_keys + ((fold.constraint,) if fold else ())
        before, after = self._change(c.table, columns=t.columns + (c.column,), foreign_keys=fks)
        if fold is None and _comments_stay(after, c.column.name):
            rollback = self._on_update(after, c.column, create=False) + [
                self._alter(after, f"DROP COLUMN {self.d.quote(c.column.name)}")]
        else:  # a rebuild may have made the foreign key a table constraint, which DROP COLUMN refuses
            rollback = self._rebuild_sql(self._closure([c.table]), {c.table: before}, {c.table: after}, fill=True)
        if fold is not None:
            self.folded.add(id(fold))
        text = c.describe() + (f"; {fold.describe()}" if fold else "")
        self._emit(text, self._add_column_sql(before, c.column, fold.constraint if fold else None), rollback)

    def _droppable(self, t: Table, name: str) -> bool:
        """Whether ALTER TABLE DROP COLUMN can drop `name` (https://www.sqlite.org/lang_altertable.html#altertabdropcol)
        and leave every comment with its column (see `_comments_stay`)."""
        referenced = any(_ref_key(o, f) == t.key and name in f.ref_columns
                         for o in self.tables.values() for f in o.foreign_keys)
        return (name not in _used_columns(t) and not referenced and not t.column(name).identity
                and _comments_stay(t, name))

    def _drop_column(self, c: DropColumn) -> None:
        t = self.tables[c.table]
        kept = tuple(x for x in t.columns if x.name != c.column.name)
        if not self._droppable(t, c.column.name):
            self._rebuild(c, [replace(t, columns=kept)])
            return
        column = t.column(c.column.name)
        before, after = self._change(c.table, columns=kept)
        apply = self._on_update(before, column, create=False) + [
            self._alter(before, f"DROP COLUMN {self.d.quote(column.name)}")]
        if self._addable(after, column) and before.columns[-1] is column:  # ADD COLUMN appends
            rollback = self._add_column_sql(after, column, None)
        else:
            rollback = self._rebuild_sql(self._closure([c.table]), {c.table: before}, {c.table: after}, fill=True)
        self._emit(c, apply, rollback)

    _ATTRIBUTE = {ChangeKind.TYPE: "type", ChangeKind.NULL: "nullable", ChangeKind.DEFAULT: "default",
                  ChangeKind.IDENTITY: "identity", ChangeKind.ON_UPDATE: "on_update_now",
                  ChangeKind.COMMENT: "comment"}

    def _alter_column(self, c: AlterColumn) -> None:
        """One property of a column; the state takes only that property from `c.new`. on_update_now
        is a trigger; every other property is part of the column definition: a rebuild."""
        t, name = self.tables[c.table], c.new.name
        attr = self._ATTRIBUTE[c.kind]
        changed = replace(t.column(name), **{attr: getattr(c.new, attr)})
        columns = tuple(changed if x.name == name else x for x in t.columns)
        if c.kind is not ChangeKind.ON_UPDATE:
            self._rebuild(c, [replace(t, columns=columns)])
            return
        before, after = self._change(c.table, columns=columns)
        old = before.column(name)
        self._emit(c, self._on_update(before, old, create=False) + self._on_update(after, changed, create=True),
                   self._on_update(after, changed, create=False) + self._on_update(before, old, create=True))

    def _alter_primary_key(self, c: AlterPrimaryKey) -> None:
        self._rebuild(c, [replace(self.tables[c.table], primary_key=c.new)])

    # -- constraints, indexes, state machines, comments -------------------------------------------
    def _add_constraint(self, c: AddConstraint) -> None:
        t, field_ = self.tables[c.table], _CONSTRAINT_FIELD[type(c.constraint)]
        self._rebuild(c, [replace(t, **{field_: getattr(t, field_) + (c.constraint,)})])

    def _drop_constraint(self, c: DropConstraint) -> None:
        t, field_ = self.tables[c.table], _CONSTRAINT_FIELD[type(c.constraint)]
        kept = tuple(x for x in getattr(t, field_) if x.name != c.constraint.name)
        self._rebuild(c, [replace(t, **{field_: kept})])

    def _add_index(self, c: AddIndex) -> None:
        before, after = self._change(c.table, indexes=self.tables[c.table].indexes + (c.index,))
        self._emit(c, [self.d.index_statement(after, c.index)], [self.d.drop_index(before, c.index.name)])

    def _drop_index(self, c: DropIndex) -> None:
        kept = tuple(i for i in self.tables[c.table].indexes if i.name != c.index.name)
        before, after = self._change(c.table, indexes=kept)
        self._emit(c, [self.d.drop_index(after, c.index.name)], [self.d.index_statement(before, c.index)])

    def _machine_sql(self, t: Table, m, create: bool) -> Statement:
        if create:
            return self.d.trigger_statement(t, self.d.state_machine_trigger(t, m))
        return self.d.drop_trigger(t, self.d.state_machine_name(m))

    def _add_state_machine(self, c: AddStateMachine) -> None:
        before, after = self._change(c.table, state_machines=self.tables[c.table].state_machines + (c.machine,))
        self._emit(c, [self._machine_sql(after, c.machine, True)], [self._machine_sql(before, c.machine, False)])

    def _drop_state_machine(self, c: DropStateMachine) -> None:
        kept = tuple(m for m in self.tables[c.table].state_machines if m.name != c.machine.name)
        before, after = self._change(c.table, state_machines=kept)
        self._emit(c, [self._machine_sql(after, c.machine, False)], [self._machine_sql(before, c.machine, True)])

    def _set_table_comment(self, c: SetTableComment) -> None:
        """The table comment is part of the CREATE TABLE text."""
        self._rebuild(c, [replace(self.tables[c.table], comment=c.new)])

    def _set_partitioning(self, c: SetPartitioning) -> None:
        """SQLite has no partitions (SL-PARTITION): lowering removes them, so this never arrives."""
        self._change(c.table, partitioning=c.new)

    # -- tables ---------------------------------------------------------------------------------
    def _tables(self, c: Union[AddTable, DropTable]) -> None:
        """All AddTable (or all DropTable) changes at once, at the first of them: creation order is a
        property of the group."""
        kind = type(c)
        group = [x.table for x in self.changes if isinstance(x, kind)]
        if c.table is not group[0]:
            return
        self._flush()
        if kind is AddTable:
            steps = self._creation_steps(group, drop=False)
            self.tables.update({t.key: t for t in group})
        else:
            group = [self.tables[t.key] for t in reversed(group)]  # declaration order, as they are now
            steps = self._creation_steps(group, drop=True)
            for t in group:
                del self.tables[t.key]
            steps = [Step(s.rollback, s.apply, s.change) for s in reversed(steps)]
            if any(DEFER in s.apply for s in steps):  # a cycle: its rows reference each other until all are gone
                steps = [Step((DEFER,) + tuple(x for s in steps for x in s.apply if x != DEFER),
                              tuple(x for s in reversed(steps) for x in s.rollback), "; ".join(s.change for s in steps))]
        self.out += steps

    def _creation_steps(self, group: list[Table], drop: bool) -> list[Step]:
        """A step per table creating it, with its indexes and triggers, as render() does; the rollback
        drops it. Foreign keys are inline, even circular ones: SQLite checks them when rows change.
        A table another one still references when it is dropped (a cycle) is dropped with the
        checks deferred to COMMIT."""
        keys = {t.key for t in group}
        others = tuple(t for t in self.tables.values() if t.key not in keys)
        order = creation_order(Schema(others + tuple(group)))
        cyclic = {_ref_key(t, f) for t, f in order.deferred}
        return [Step(tuple(self.d.table_statements(t)),
                     ((DEFER,) if t.key in cyclic else ()) + (self._drop_table(t),),
                     (DropTable(t) if drop else AddTable(t)).describe())
                for t in order.tables if t.key in keys]


_HANDLERS = {
    CreateEnum: _Planner._nothing, DropEnum: _Planner._nothing, AddEnumValue: _Planner._enum_values,
    AlterEnum: _Planner._enum_values, AddTable: _Planner._tables, DropTable: _Planner._tables,
    AddColumn: _Planner._add_column, DropColumn: _Planner._drop_column, AlterColumn: _Planner._alter_column,
    AlterPrimaryKey: _Planner._alter_primary_key, AddConstraint: _Planner._add_constraint,
    DropConstraint: _Planner._drop_constraint, AddIndex: _Planner._add_index, DropIndex: _Planner._drop_index,
    AddStateMachine: _Planner._add_state_machine, DropStateMachine: _Planner._drop_state_machine,
    SetPartitioning: _Planner._set_partitioning, SetTableComment: _Planner._set_table_comment,
}
