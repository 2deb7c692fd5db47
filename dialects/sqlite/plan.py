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
    AddColumn, AddConstraint, AddEnumValue, AddIndex, AddStateMachine, AddTable, AlterColumn, AlterEnum, Change,
    ChangeKind, DropColumn, DropIndex, DropStateMachine, DropTable, SetPartitioning, SetTableOptions, TableChange,
    TableKey,
)
from schemakit.schema.model import Column, DefaultKind, Enum, ForeignKey, Schema, Table

from ..base import Statement, Step, creation_order
from ..planner import Planner

if TYPE_CHECKING:
    from . import SQLiteDialect

DEFER = Statement("PRAGMA defer_foreign_keys = ON", kind="pragma")


def plan(d: "SQLiteDialect", old: Schema, new: Schema, changes: Sequence[Change]) -> list[Step]:
    """Steps, each with its rollback, that turn a database holding `old` into `new` (lowered schemas)."""
    return _Planner(d, old, new, _case_twins_dropped_first(changes)).steps()


def _case_twins_dropped_first(changes: Sequence[Change]) -> list[Change]:
    """`changes` with a table dropped before a table is added whose name differs from it in case only:
    SQLite compares table names without case, so the new one could not be created beside the old one, nor
    the old one renamed to it ("there is already another table", https://www.sqlite.org/lang_altertable.html)."""
    def folded(key: TableKey) -> tuple[str, str]:
        return ((key[0] or "").casefold(), key[1].casefold())
    added = {folded(c.table.key): c.table.key for c in changes if isinstance(c, AddTable)}
    twins = [c for c in changes if isinstance(c, DropTable) and folded(c.table.key) in added
             and added[folded(c.table.key)] != c.table.key]
    if not twins:
        return list(changes)
    out: list[Change] = []
    placed: set[int] = set()
    for c in changes:
        first = [x for x in twins if folded(x.table.key) == folded(c.table.key)] if isinstance(c, AddTable) else []
        for x in first + [c]:
            if id(x) not in placed:
                out.append(x)
                placed.add(id(x))
    return out


def _used_columns(t: Table) -> set[str]:
    """Columns a key, unique, index, CHECK, foreign key or state machine of `t` names."""
    used = set(t.primary_key) | {c for u in t.uniques for c in u.columns}
    used |= {c for f in t.foreign_keys for c in f.columns} | {m.column for m in t.state_machines}
    for i in t.indexes:
        used |= {p.column for p in i.parts if p.column} | (cexpr.columns(i.where) if i.where else set())
        used |= {c for p in i.parts if p.expression for c in cexpr.columns(p.expression)}
    for k in t.checks:
        used |= cexpr.columns(k.expression)
    for c in t.columns:
        used |= cexpr.columns(c.generated.expression) if c.generated else set()
    return used


def _parents_first(tables: dict[TableKey, Table]) -> list[Table]:
    """`tables` with referenced tables before the tables that reference them (references to
    tables outside the set do not count); a cycle in declaration order."""
    inside = Schema(tuple(replace(t, foreign_keys=tuple(f for f in t.foreign_keys if t.referenced_key(f) in tables))
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
    changes: list[Change] = field(default_factory=list)


class _Planner(Planner):
    """One SQLite plan (see `dialects.planner.Planner`): a change inside a table that ALTER TABLE,
    CREATE / DROP INDEX or a trigger cannot make is a table rebuild, adjacent rebuilds sharing one
    step; a step of its own plans any pending rebuild before it (`_move`)."""

    d: "SQLiteDialect"

    def __init__(self, d: "SQLiteDialect", old: Schema, new: Schema, changes: Sequence[Change]):
        super().__init__(d, old, new, changes)
        self.order = {t.key: {c.name: n for n, c in enumerate(t.columns)} for t in new.tables}
        self.pending = _Rebuild()
        self.folded: set[int] = set()  # ids of AddConstraint changes done by an ADD COLUMN

    def plan_change(self, c: Change) -> list[Step]:
        """No step for a foreign key an ADD COLUMN already added."""
        return [] if id(c) in self.folded else super().plan_change(c)

    def _finish(self) -> list[Step]:
        return self._flush()

    def _view(self, c: Change) -> list[Step]:
        """A view step of its own: a pending rebuild of a table it reads is planned first (a view is
        created again after the table changes under it; views are dropped before any of them)."""
        return self._flush() + super()._view(c)  # type: ignore[arg-type]

    def _table_change(self, c: TableChange) -> list[Step]:
        """The table rebuild (at the next flush)."""
        return self._rebuild(c, [self._edited(c)])

    def _namespace(self, c: Change) -> list[Step]:
        """A namespace is an attached database file (`SQLiteDialect.prepare_connection`): no statement."""
        return []

    # -- emitting -------------------------------------------------------------------------------
    def _move(self, key: TableKey, after: Table) -> tuple[Table, Table]:
        """For a step of its own: a pending rebuild is planned first, against the state it left."""
        self.out += self._flush()
        return super()._move(key, after)

    def _rebuild(self, change: Change, tables: Iterable[Table]) -> list[Step]:
        """Record that `change` gives `tables` (new definitions); the rebuild runs at the next flush."""
        for t in tables:
            self.pending.before.setdefault(t.key, self.tables[t.key])
            self.tables[t.key] = self._ordered(t)
        self.pending.changes.append(change)
        return []

    def _ordered(self, t: Table) -> Table:
        """`t` with its columns in the order of the target schema (others last, as they were)."""
        order = self.order.get(t.key, {})
        columns = sorted(t.columns, key=lambda c: order.get(c.name, len(order)))
        return replace(t, columns=tuple(columns))

    def _at_end(self, t: Table, c: Column) -> bool:
        """Whether `c`, appended to `t` (where ADD COLUMN puts it), is where the target schema has it."""
        order = self.order.get(t.key, {})
        return all(order.get(x.name, -1) < order.get(c.name, 0) for x in t.columns)

    def _flush(self) -> list[Step]:
        """The step of the pending rebuild, if it changes a table."""
        p, self.pending = self.pending, _Rebuild()
        after = {k: self.tables[k] for k in p.before}
        changed = {k: t for k, t in after.items() if t != p.before[k]}
        if not changed:
            return []
        keys = self._closure(changed)
        names = ", ".join(self.tables[k].qualified for k in keys)
        return [self._step(tuple(p.changes), self._rebuild_sql(keys, after, p.before, fill=False),
                           self._rebuild_sql(keys, p.before, after, fill=True), f"table rebuild: {names}")]

    # -- the rebuild ----------------------------------------------------------------------------
    def _closure(self, keys: Iterable[TableKey]) -> list[TableKey]:
        """`keys` and every table that references one of them, transitively, in table order."""
        found = set(keys)
        grew = True
        while grew:
            more = {t.key for t in self.tables.values() for f in t.foreign_keys
                    if t.referenced_key(f) in found and t.key not in found}
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
        out += [s for t in order for s in self.d.table_extras(t)]
        return out + self.d.code().triggers_on(self.old, self.new, keys)  # DROP TABLE took the user triggers

    @staticmethod
    def _renamed(t: Table, temp: dict[TableKey, str]) -> Table:
        """`t` under its temporary name, its foreign keys naming the other tables' temporary names."""
        fks = tuple(replace(f, ref_table=temp[t.referenced_key(f)]) if t.referenced_key(f) in temp else f
                    for f in t.foreign_keys)
        return replace(t, name=temp[t.key], foreign_keys=fks)

    def _copy(self, src: Table, dst: Table, temp: str, fill: bool) -> list[Statement]:
        """INSERT the rows of `src` into the new table; with `fill`, a new NOT NULL column without
        default gets a placeholder value (a rollback re-creating a dropped column)."""
        q = self.d.quote
        # A generated column computes its own value: INSERT refuses one (https://www.sqlite.org/gencol.html).
        names = [c.name for c in dst.columns if src.has_column(c.name) and c.generated is None]
        values = [q(n) for n in names]
        filled = [c for c in dst.columns if fill and not src.has_column(c.name) and not c.nullable
                  and c.default is None and not c.identity and c.generated is None]
        names += [c.name for c in filled]
        values += [self.d.literal(self.fill_value(c.type)) for c in filled]
        into = self.d.qualify(dst.namespace, temp)
        if not names:  # no column kept: the rows are, by their rowid (https://www.sqlite.org/lang_createtable.html#rowid)
            names, values = ["rowid"], ["rowid"]
        out = [Statement(f"INSERT INTO {into} ({', '.join(q(n) if n != 'rowid' else n for n in names)}) "
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

    # -- enums ----------------------------------------------------------------------------------
    def _create_enum(self, c: Change) -> list[Step]:
        """Enums live in the CHECKs of their columns: creating or dropping one is no statement."""
        return []

    _drop_enum = _create_enum

    def _add_enum_value(self, c: Union[AddEnumValue, AlterEnum]) -> list[Step]:
        """New enum values rebuild every table with a column of the enum (its CHECK lists them)."""
        e: Enum = c.enum if isinstance(c, AddEnumValue) else c.new
        return self._rebuild(c, [self._with_enum(t, e) for t in self._enum_users(c.namespace, e.name)])

    _alter_enum = _add_enum_value

    # -- columns --------------------------------------------------------------------------------
    def _alter(self, t: Table, action: str) -> Statement:
        return Statement(f"ALTER TABLE {self.d.table_name(t)} {action}", kind="ddl", table=t.qualified)

    def _addable(self, t: Table, c: Column) -> bool:
        """Whether ALTER TABLE ADD COLUMN can add `c` to `t` (https://www.sqlite.org/lang_altertable.html#altertabaddcol)."""
        literal = c.default is None or c.default.kind is DefaultKind.LITERAL
        stored = c.generated is not None and c.generated.stored  # "cannot add a STORED column"
        return (not c.comment and not c.identity and literal and (c.nullable or c.default is not None)
                and c.name not in t.primary_key and not stored)

    def _on_update(self, t: Table, c: Column, create: bool) -> list[Statement]:
        if not c.on_update_now:
            return []
        if create:
            return [self.d.trigger_statement(t, self.d.on_update_trigger(t, c))]
        return [self.d.drop_trigger(t, self.d.on_update_name(t, c.name))]

    def _add_column_sql(self, t: Table, c: Column, fk: Optional[ForeignKey]) -> list[Statement]:
        definition = self.d.column_sql(c, t.strict) + (f" {self.d.column_fk_sql(fk)}" if fk is not None else "")
        return [self._alter(t, f"ADD COLUMN {definition}")] + self._on_update(t, c, create=True)

    def _fold(self, key: TableKey, c: Column) -> Optional[tuple[AddConstraint, ForeignKey]]:
        """The later AddConstraint of a foreign key on just `c` that can ride along with ADD COLUMN,
        and its key: the column defaults to NULL and the key names the referenced table's primary key."""
        if c.default is not None:
            return None
        for x in self.changes:
            if not (isinstance(x, AddConstraint) and x.table == key):
                continue
            f = x.constraint
            if (isinstance(f, ForeignKey) and f.columns == (c.name,)
                    and self.tables[key].referenced_key(f) in self.tables
                    and self.tables[self.tables[key].referenced_key(f)].primary_key == f.ref_columns):
                return x, f
        return None

    def _add_column(self, c: AddColumn) -> list[Step]:
        t = self.tables[c.table]
        if not (self._addable(t, c.column) and self._at_end(t, c.column)) or _twin(t, c.column.name):
            return self._table_change(c)
        folded = self._fold(c.table, c.column)
        fold, fk = folded if folded is not None else (None, None)
        fks = t.foreign_keys + ((fk,) if fk else ())
        before, after = self._change(c.table, columns=t.columns + (c.column,), foreign_keys=fks)
        if fold is None and _comments_stay(after, c.column.name):
            rollback = self._on_update(after, c.column, create=False) + [
                self._alter(after, f"DROP COLUMN {self.d.quote(c.column.name)}")]
        else:  # a rebuild may have made the foreign key a table constraint, which DROP COLUMN refuses
            rollback = self._rebuild_sql(self._closure([c.table]), {c.table: before}, {c.table: after}, fill=True)
        if fold is not None:
            self.folded.add(id(fold))
        return [self._step((c, fold) if fold else c,
                           self._add_column_sql(before, c.column, fk), rollback)]

    def _droppable(self, t: Table, name: str) -> bool:
        """Whether ALTER TABLE DROP COLUMN can drop `name` (https://www.sqlite.org/lang_altertable.html#altertabdropcol)
        and leave every comment with its column (see `_comments_stay`)."""
        referenced = any(o.referenced_key(f) == t.key and name in f.ref_columns
                         for o in self.tables.values() for f in o.foreign_keys)
        return (name not in _used_columns(t) and not referenced and not t.column(name).identity
                and t.column(name).generated is None and _comments_stay(t, name))

    def _drop_column(self, c: DropColumn) -> list[Step]:
        t = self.tables[c.table]
        if not self._droppable(t, c.column.name) or _twin(t, c.column.name):
            return self._table_change(c)
        column = t.column(c.column.name)
        before, after = self._apply(c)
        apply = self._on_update(before, column, create=False) + [
            self._alter(before, f"DROP COLUMN {self.d.quote(column.name)}")]
        if self._addable(after, column) and before.columns[-1] is column:  # ADD COLUMN appends
            rollback = self._add_column_sql(after, column, None)
        else:
            rollback = self._rebuild_sql(self._closure([c.table]), {c.table: before}, {c.table: after}, fill=True)
        return [self._step(c, apply, rollback)]

    def _alter_column(self, c: AlterColumn) -> list[Step]:
        """One property of a column; the state takes only that property from `c.new`. on_update_now
        is a trigger; every other property is part of the column definition: a rebuild."""
        if c.kind is not ChangeKind.ON_UPDATE:
            return self._table_change(c)
        before, after = self._apply(c)
        old, changed = before.column(c.new.name), after.column(c.new.name)
        return [self._step(c, self._on_update(before, old, create=False) + self._on_update(after, changed, create=True),
                           self._on_update(after, changed, create=False) + self._on_update(before, old, create=True))]

    # -- indexes, state machines, partitions ------------------------------------------------------
    def _add_index(self, c: AddIndex) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, [self.d.index_statement(after, c.index)], [self.d.drop_index(before, c.index.name)])]

    def _drop_index(self, c: DropIndex) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, [self.d.drop_index(after, c.index.name)], [self.d.index_statement(before, c.index)])]

    def _machine_sql(self, t: Table, m, create: bool) -> Statement:
        if create:
            return self.d.trigger_statement(t, self.d.state_machine_trigger(t, m))
        return self.d.drop_trigger(t, self.d.state_machine_name(m))

    def _add_state_machine(self, c: AddStateMachine) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, [self._machine_sql(after, c.machine, True)],
                           [self._machine_sql(before, c.machine, False)])]

    def _drop_state_machine(self, c: DropStateMachine) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, [self._machine_sql(after, c.machine, False)],
                           [self._machine_sql(before, c.machine, True)])]

    def _set_table_options(self, c: SetTableOptions) -> list[Step]:
        """STRICT or not is part of the CREATE TABLE text: a rebuild (collation and charset never
        arrive: lowering removes them, SL-COLLATION, SL-CHARSET)."""
        return self._table_change(c)

    def _set_partitioning(self, c: SetPartitioning) -> list[Step]:
        """SQLite has no partitions (SL-PARTITION): lowering removes them, so this never arrives."""
        self._apply(c)
        return []

    # -- tables ---------------------------------------------------------------------------------
    def _tables(self, c: Union[AddTable, DropTable]) -> list[Step]:
        """A pending rebuild is planned before the tables are created or dropped."""
        self.out += self._flush()
        return super()._tables(c)

    def _dropping(self, steps: list[Step]) -> list[Step]:
        """A cycle (a drop with the checks deferred) is dropped in one step: its rows reference each
        other until all are gone."""
        if not any(DEFER in s.apply for s in steps):
            return steps
        return [self._step(tuple(x for s in steps for x in s.changes),
                           (DEFER,) + tuple(x for s in steps for x in s.apply if x != DEFER),
                           tuple(x for s in reversed(steps) for x in s.undo))]

    def _creation_steps(self, group: list[Table], drop: bool) -> list[Step]:
        """A step per table creating it, with its indexes and triggers, as render() does; the rollback
        drops it. Foreign keys are inline, even circular ones: SQLite checks them when rows change.
        A table another one still references when it is dropped (a cycle) is dropped with the
        checks deferred to COMMIT."""
        keys = {t.key for t in group}
        others = tuple(t for t in self.tables.values() if t.key not in keys)
        order = creation_order(Schema(others + tuple(group)))
        cyclic = {t.referenced_key(f) for t, f in order.deferred}
        return [self._step(DropTable(t) if drop else AddTable(t), self.d.table_statements(t),
                           ((DEFER,) if t.key in cyclic else ()) + (self._drop_table(t),))
                for t in order.tables if t.key in keys]


def _twin(t: Table, name: str) -> bool:
    """Whether `t` has another column whose name differs from `name` in case only: SQLite compares column
    names without case (ADD COLUMN refuses one, "duplicate column name"), so a column renamed so is
    dropped and added in one table rebuild, never by ALTER TABLE (https://www.sqlite.org/lang_altertable.html,
    https://www.sqlite.org/lang_keywords.html)."""
    folded = name.casefold()
    return any(x.name != name and x.name.casefold() == folded for x in t.columns)
