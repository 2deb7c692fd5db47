"""PostgreSQL 15 migration planning: typed changes in, steps with rollbacks out.

`plan()` walks the differ's changes in their order and keeps the state of
every table as the steps so far leave it, so each step, and its rollback, is
rendered against the table as it really is at that point. All SQL for an
object comes from its renderer in `dialects.postgres`.

What PostgreSQL makes special:

- ``ALTER TYPE ... ADD VALUE``: a value added inside a transaction block
  cannot be used before that transaction commits
  (https://www.postgresql.org/docs/15/sql-altertype.html), so the statement
  is flagged non-transactional and makemigrations gives it a file of its own
  (``__transactional__ = False``).
- No enum value can be dropped. Removing values (an `AlterEnum`, or the
  rollback of an added value) recreates the type: rename the old one, create
  the new one, convert each column through text, drop the old one. Defaults,
  state machine triggers (``UPDATE OF col``), checks, expression and partial
  indexes and foreign keys on those columns are dropped and recreated around
  the conversion: their stored expressions name the old type. The whole swap
  is one ``DO`` block, so it is atomic even in a non-transactional migration;
  it fails, changing nothing, while a row still holds a removed value.
- ``ALTER COLUMN TYPE`` gets ``USING`` where PostgreSQL has no implicit or
  assignment cast; the column default is then moved aside during the change.
- Partitions: months are added or removed as partitions (removing one that
  holds rows is refused); partitioning a table, unpartitioning it or changing
  its key needs a table rebuild and raises `UnsupportedChange`.
- An index added to an existing table is built with ``CREATE INDEX
  CONCURRENTLY`` (partition by partition on a partitioned table), which does
  not block writes but cannot run in a transaction block
  (https://www.postgresql.org/docs/15/sql-createindex.html); makemigrations
  puts those builds in a migration of their own, after the rest. A unique
  index a foreign key references is the exception: the key needs it at once.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional, Sequence

from schemakit.schema import expr as cexpr
from schemakit.schema.domains import shallow
from schemakit.schema.diff import (
    AddColumn, AddConstraint, AddEnumValue, AddIndex, AddStateMachine, AddTable, AlterColumn, AlterDomain, AlterEnum,
    AlterPrimaryKey, Change, ChangeKind, CreateDomain, CreateEnum, CreateNamespace, DropColumn, DropConstraint,
    DropDomain, DropEnum, AlterComposite, CreateComposite, DropComposite, SetTypeComment,
    DropIndex, DropStateMachine, DropTable, SetIndexComment, SetPartitioning, SetTableComment, is_foreign_key_target,
    SetConstraintComment,
)
from schemakit.schema.model import (
    FLOAT_KINDS, INTEGER_KINDS, Column, ColumnType, Domain, Enum, Exclusion, ForeignKey, Index, Kind, Schema, Table, Unique, lit,
)

from . import storage
from ..base import PlanError, Statement, Step, creation_order, short_name
from ..planner import FILL, Planner, enum_name

if TYPE_CHECKING:
    from . import PostgresDialect

# Kinds PostgreSQL converts among themselves by an implicit or assignment cast (pg_cast.castcontext),
# by the native type that holds them (`storage.native_type`: tinyint and year are smallint, set is
# text, varbinary and binary are bytea).
_CAST_GROUPS = ({Kind.TINYINT, Kind.SMALLINT, Kind.INTEGER, Kind.BIGINT, Kind.DECIMAL, Kind.REAL, Kind.DOUBLE,
                 Kind.YEAR},
                {Kind.TIMESTAMP, Kind.TIMESTAMPTZ, Kind.DATE}, {Kind.TIME, Kind.TIMETZ}, {Kind.JSON, Kind.JSONB},
                {Kind.BYTES, Kind.VARBINARY, Kind.BINARY})
# Every type has an assignment cast to the string types, by I/O (https://www.postgresql.org/docs/15/sql-createcast.html).
_STRING_KINDS = (Kind.VARCHAR, Kind.TEXT, Kind.CHAR, Kind.SET)

# The elements of a JSON array as text[] (NULL stays NULL: STRICT), for json/jsonb -> array. A function in
# pg_temp lives as long as the session and is only found by its qualified name
# (https://www.postgresql.org/docs/15/runtime-config-client.html#GUC-SEARCH-PATH); ALTER TABLE ... USING
# takes no subquery, so the set-returning jsonb_array_elements_text is wrapped in one.
JSON_ELEMENTS = "pg_temp.schemakit_json_elements"
JSON_ELEMENTS_SQL = (f"CREATE OR REPLACE FUNCTION {JSON_ELEMENTS}(jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT "
                     "AS $$SELECT coalesce(array_agg(e ORDER BY n), '{}') "
                     "FROM jsonb_array_elements_text($1) WITH ORDINALITY AS x(e, n)$$")
_NUMBER_KINDS = INTEGER_KINDS | FLOAT_KINDS | {Kind.DECIMAL}
# Type changes a plain ``USING col::newtype`` cannot make (PostgreSQL has no such cast: CannotCoerce), as
# (old kind, new kind) -> the USING expression, {c} the quoted column and {type} the new column type.
# USING computes the new value from the old (https://www.postgresql.org/docs/15/sql-altertable.html).
CONVERSIONS: dict[tuple[Kind, Kind], str] = {
    **{(Kind.BOOLEAN, k): "(CASE {c} WHEN true THEN 1 WHEN false THEN 0 END)::{type}" for k in _NUMBER_KINDS},
    **{(k, Kind.BOOLEAN): "({c} <> 0)" for k in _NUMBER_KINDS},
    (Kind.ARRAY, Kind.JSON): "to_json({c})",
    (Kind.ARRAY, Kind.JSONB): "to_jsonb({c})",
    (Kind.JSON, Kind.ARRAY): JSON_ELEMENTS + "({c}::jsonb)::{type}",
    (Kind.JSONB, Kind.ARRAY): JSON_ELEMENTS + "({c})::{type}",
}


class UnsupportedChange(PlanError, NotImplementedError):
    """A change PostgreSQL cannot make in place and schemakit does not plan."""


def plan(d: "PostgresDialect", old: Schema, new: Schema, changes: Sequence[Change]) -> list[Step]:
    """Steps, each with its rollback, that turn a database holding `old` into `new` (lowered schemas)."""
    return _Planner(d, old, new, changes).steps()


def assignable(a: ColumnType, b: ColumnType) -> bool:
    """Whether ALTER COLUMN TYPE converts `a` to `b` without USING.

    Without USING the conversion is an assignment cast
    (https://www.postgresql.org/docs/15/sql-altertable.html); every type has
    one to the string types, by I/O (https://www.postgresql.org/docs/15/sql-createcast.html).
    """
    if b.kind in _STRING_KINDS:
        return True
    if a.kind is Kind.ARRAY and b.kind is Kind.ARRAY:
        return assignable(a.item_type, b.item_type)
    return any(a.kind in group and b.kind in group for group in _CAST_GROUPS)


def _expression_columns(i: Index) -> set[str]:
    """Columns the predicate and expression parts of an index refer to."""
    found = cexpr.columns(i.where) if i.where else set()
    for p in i.parts:
        found |= cexpr.columns(p.expression) if p.expression else set()
    return found


class _Planner(Planner):
    """One PostgreSQL plan (see `dialects.planner.Planner`)."""

    # An empty array literal, and a placeholder of each wider type that its storage CHECK admits.
    fill = {**FILL, Kind.ARRAY: "{}", Kind.TINYINT: 0, Kind.REAL: 0, Kind.DOUBLE: 0, Kind.CHAR: "", Kind.BYTES: "",
            Kind.VARBINARY: "", Kind.BINARY: "", Kind.TIME: "00:00:00", Kind.TIMETZ: "00:00:00+00",
            Kind.INTERVAL: "0", Kind.YEAR: 0, Kind.SET: ""}
    d: "PostgresDialect"

    def __init__(self, d: "PostgresDialect", old: Schema, new: Schema, changes: Sequence[Change]):
        super().__init__(d, old, new, changes)
        alters = [c for c in self.changes if isinstance(c, AlterColumn)]
        # Columns whose type change needs USING one way or the other: their default is moved aside.
        self.retyped = {(c.table, c.new.name) for c in alters if c.kind is ChangeKind.TYPE and not (
            assignable(c.old.type, c.new.type) and assignable(c.new.type, c.old.type))}
        self.redefaulted = {(c.table, c.new.name) for c in alters if c.kind is ChangeKind.DEFAULT}

    # -- helpers ----------------------------------------------------------------------------
    def _alter(self, t: Table, action: str, kind: str = "ddl") -> Statement:
        return Statement(f"ALTER TABLE {self.d.table_name(t)} {action}", kind=kind, table=t.qualified)

    def _column(self, name: str) -> str:
        return f"ALTER COLUMN {self.d.quote(name)}"

    def _drop_trigger(self, t: Table, name: str) -> list[Statement]:
        """A schemakit trigger and its function (named alike)."""
        return [self.d.drop_trigger(t, name), self.d.drop_function(t, name)]

    def _do(self, body: list[str], t: Optional[Table] = None) -> Statement:
        """One DO block running the PL/pgSQL lines `body`: atomic, in or out of a transaction."""
        return self.d.do_block(body, t)

    # -- namespaces and enums -------------------------------------------------------------------
    def _namespace(self, c) -> list[Step]:
        make = self.d.create_namespace(c.namespace)
        drop = Statement(f"DROP SCHEMA IF EXISTS {self.d.quote(c.namespace)}", kind="schema")  # RESTRICT: only if empty
        create = isinstance(c, CreateNamespace)
        return [self._step(c, [make] if create else [drop], [drop] if create else [make])]

    def _drop_type(self, ns: Optional[str], name: str) -> Statement:
        return Statement(f"DROP TYPE {self.d.qualify(ns, name)}", kind="type")

    def _create_enum(self, c: CreateEnum) -> list[Step]:
        return [self._step(c, [self.d.create_enum(c.namespace, c.enum)], [self._drop_type(c.namespace, c.enum.name)])]

    def _create_domain(self, c: CreateDomain) -> list[Step]:
        return [self._step(c, [self.d.create_domain(c.namespace, c.domain)], [self.d.drop_domain(c.namespace, c.domain)])]

    def _drop_domain(self, c: DropDomain) -> list[Step]:
        return [self._step(c, [self.d.drop_domain(c.namespace, c.domain)], [self.d.create_domain(c.namespace, c.domain)]
                           + self._old_type_comment(c.namespace, "domain", c.domain.name))]

    def _old_type_comment(self, namespace: Optional[str], kind: str, name: str) -> list[Statement]:
        """The COMMENT ON of a type the plan drops, for its rollback: DROP TYPE takes the comment with it
        (https://www.postgresql.org/docs/15/sql-comment.html), CREATE TYPE does not bring it back."""
        comment = next((x.comment for x in self.old.types if x.key == (namespace, name)), None)
        return [self.d.type_comment(namespace, kind, name, comment)] if comment is not None else []

    def _alter_domain(self, c: AlterDomain) -> list[Step]:
        """ALTER DOMAIN for each rule that changes (https://www.postgresql.org/docs/15/sql-alterdomain.html):
        ADD CONSTRAINT and SET NOT NULL check the values already stored, so rows that break the new rule
        fail the step. ALTER DOMAIN cannot change the base type: that is refused."""
        if shallow(c.old.base) != shallow(c.new.base):
            raise PlanError(f"domain {c.new.name}: its base type changes from {c.old.base} to {c.new.base}, which "
                            "ALTER DOMAIN cannot do; create a domain of another name and give its columns that type")
        return [self._step(c, self._domain_statements(c.namespace, c.old, c.new),
                           self._domain_statements(c.namespace, c.new, c.old))]

    def _domain_statements(self, ns: Optional[str], old: Domain, new: Domain) -> list[Statement]:
        """The ALTER DOMAIN statements that turn domain `old` into `new` (same name and base type)."""
        name = self.d.qualify(ns, new.name)
        out = []
        before = {k.name: cexpr.compared(k.expression) for k in old.checks}
        after = {k.name: cexpr.compared(k.expression) for k in new.checks}
        out += [f"DROP CONSTRAINT {self.d.quote(k.name)}" for k in old.checks if after.get(k.name) != before[k.name]]
        if old.default != new.default:
            out.append("DROP DEFAULT" if new.default is None else
                       f"SET DEFAULT {self.d.default_sql(Column('VALUE', new.base, default=new.default))}")
        if old.not_null != new.not_null:
            out.append("SET NOT NULL" if new.not_null else "DROP NOT NULL")
        out += [f"ADD {self.d.domain_check_sql(k)}" for k in new.checks if before.get(k.name) != after[k.name]]
        return [Statement(f"ALTER DOMAIN {name} {action}", kind="type") for action in out]

    def _create_composite(self, c: CreateComposite) -> list[Step]:
        return [self._step(c, [self.d.create_composite(c.namespace, c.composite)],
                           [self._drop_type(c.namespace, c.composite.name)])]

    def _drop_composite(self, c: DropComposite) -> list[Step]:
        return [self._step(c, [self._drop_type(c.namespace, c.composite.name)],
                           [self.d.create_composite(c.namespace, c.composite)]
                           + self._old_type_comment(c.namespace, "composite", c.composite.name))]

    def _alter_composite(self, c: AlterComposite) -> list[Step]:
        """The type dropped and created again with its new fields: no column uses a composite type
        (the model has no composite columns), so nothing depends on it but the type itself."""
        return [self._step(c, [self._drop_type(c.namespace, c.old.name), self.d.create_composite(c.namespace, c.new)],
                           [self._drop_type(c.namespace, c.new.name), self.d.create_composite(c.namespace, c.old)])]

    def _set_type_comment(self, c: SetTypeComment) -> list[Step]:
        return [self._step(c, [self.d.type_comment(c.namespace, c.kind, c.name, c.new)],
                           [self.d.type_comment(c.namespace, c.kind, c.name, c.old)])]

    def _drop_enum(self, c: DropEnum) -> list[Step]:
        return [self._step(c, [self._drop_type(c.namespace, c.enum.name)], [self.d.create_enum(c.namespace, c.enum)]
                           + self._old_type_comment(c.namespace, "enum", c.enum.name))]

    def _add_enum_value(self, c: AddEnumValue) -> list[Step]:
        """ADD VALUE outside a transaction; its rollback recreates the type without the value."""
        before = Enum(c.enum.name, tuple(v for v in c.enum.values if v != c.value))
        add = Statement(f"ALTER TYPE {self.d.qualify(c.namespace, c.enum.name)} ADD VALUE IF NOT EXISTS "
                        f"{self.d.literal(c.value)}", kind="type", transactional=False)
        self._set_enum(c.namespace, c.enum)
        return [self._step(c, [add], [self._swap_enum(c.namespace, before)])]

    def _alter_enum(self, c: AlterEnum) -> list[Step]:
        apply = self._swap_enum(c.namespace, c.new)
        self._set_enum(c.namespace, c.new)
        return [self._step(c, [apply], [self._swap_enum(c.namespace, c.old)])]

    def _set_enum(self, ns: Optional[str], e: Enum) -> None:
        for t in self._enum_users(ns, e.name):
            self.tables[t.key] = self._with_enum(t, e)

    def _swap_enum(self, ns: Optional[str], target: Enum) -> Statement:
        """Recreate enum `target.name` with `target.values`, converting every column through text."""
        d = self.d
        users = {t.key: [x.name for x in t.columns if enum_name(x.type) == target.name]
                 for t in self.tables.values() if t.namespace == ns}
        users = {k: v for k, v in users.items() if v}
        temp = d.generated_name(target.name, "old")
        drops, creates = self._dependents([(self.tables[k], self.tables[k], names) for k, names in users.items()],
                                          full=True)
        body = [f"ALTER TYPE {d.qualify(ns, target.name)} RENAME TO {d.quote(temp)}", d.create_enum(ns, target).sql]
        body += [s.sql for s in drops]
        for key, names in users.items():
            t = self.tables[key]
            body.append(self._retype(t, t, names, move_default=True, set_default=True).sql)
        body += [s.sql for s in creates] + [self._drop_type(ns, temp).sql]
        return self._do([f"  {sql};" for sql in body])

    # -- columns ------------------------------------------------------------------------------
    def _retype(self, before: Table, after: Table, names: Sequence[str], move_default: bool,
                set_default: bool) -> Statement:
        """ALTER TABLE ... ALTER COLUMN TYPE for `names`, with USING where needed. With `move_default`
        the default is dropped first (it may not convert) and, with `set_default`, set again after."""
        actions = []
        for name in names:
            b, a = before.column(name), after.column(name)
            if move_default and b.default is not None:
                actions.append(f"{self._column(name)} DROP DEFAULT")
            actions += self._storage_change(before, after, name)
            if move_default and a.default is not None and set_default:
                actions.append(f"{self._column(name)} SET DEFAULT {self.d.default_sql(a)}")
        return self._alter(after, ", ".join(actions))

    def _storage_change(self, before: Table, after: Table, name: str) -> list[str]:
        """The storage CHECK of the old type dropped, the native type changed (when it does), the
        storage CHECK of the new type added: ALTER TABLE runs the drops first and the adds last
        (https://www.postgresql.org/docs/15/sql-altertable.html), so one statement does it."""
        b, a = before.column(name), after.column(name)
        old_check, new_check = self.d.storage_check(b), self.d.storage_check(a)
        out = [f"DROP CONSTRAINT {self.d.quote(storage.check_name(name, b.type))}"] if old_check else []
        old_type, new_type = self.d.column_type(before, b.type), self.d.column_type(after, a.type)
        if old_type != new_type or not (old_check or new_check):  # an enum swap retypes to the same name
            # without COLLATE the column would take the new type's default collation
            out.append(f"{self._column(name)} TYPE {new_type}{self.d.collate(a)}{self._using(after, name, b.type, a.type)}")
        return out + ([f"ADD{new_check}"] if new_check else [])

    def _using(self, t: Table, name: str, old: ColumnType, new: ColumnType) -> str:
        """`` USING col::type`` (through text when an enum is involved), or "" for an assignment cast."""
        if assignable(old, new):
            return ""
        conversion = CONVERSIONS.get((old.kind, new.kind))
        if conversion is not None:
            return f" USING {conversion.format(c=self.d.quote(name), type=self.d.column_type(t, new))}"
        value = self.d.quote(name)
        if enum_name(old) or enum_name(new):
            value += "::text[]" if old.kind is Kind.ARRAY else "::text"
        return f" USING {value}::{self.d.column_type(t, new)}"

    def _helpers(self, before: Table, after: Table, name: str) -> list[Statement]:
        """The functions the USING of column `name` from `before` to `after` calls (`CONVERSIONS`)."""
        kinds = (before.column(name).type.kind, after.column(name).type.kind)
        if JSON_ELEMENTS in CONVERSIONS.get(kinds, ""):
            return [Statement(JSON_ELEMENTS_SQL, kind="function", table=after.qualified)]
        return []

    def _dependents(self, users: Sequence[tuple[Table, Table, Sequence[str]]],
                    full: bool) -> tuple[list[Statement], list[Statement]]:
        """Objects in the way of a type change of columns: (drop them as before, recreate them as after).

        `users` holds (table before, table after, column names). State machine
        triggers (``UPDATE OF col``) always block the change
        (https://www.postgresql.org/docs/15/sql-altertable.html); checks and
        expression or partial indexes on the columns are in the way when their
        SQL changes with the type (json_array_length becomes jsonb_array_length)
        or, with `full`, always: when an enum is involved their stored
        expressions carry casts to the old type. With `full`, so are foreign keys.
        """
        drops, creates = [], []
        for before, after, names in users:
            cols = set(names)
            for sm in (m for m in after.state_machines if m.column in cols):
                drops.append(self.d.drop_trigger(before, self.d.state_machine_name(sm)))
                creates.append(self.d.state_machine(after, sm)[1])
            for x in (x for x in after.checks if cexpr.columns(x.expression) & cols):
                if full or self._added(before, x) != self._added(after, x):
                    drops.append(self._drop_constraint_sql(before, x))
                    creates += self._added(after, x)
            for i in (i for i in after.indexes if _expression_columns(i) & cols):
                if full or self.d.create_index(before, i) != self.d.create_index(after, i):
                    drops.append(self._drop_index_sql(before, i))
                    creates.append(self.d.create_index(after, i))
        changed = {t.key: set(names) for t, _, names in users}
        fks = [(t, f) for t in self.tables.values() for f in t.foreign_keys if full and (
            set(f.columns) & changed.get(t.key, set()) or set(f.ref_columns) & changed.get(t.referenced_key(f), set()))]
        return ([self._drop_constraint_sql(t, f) for t, f in fks] + drops,
                creates + [s for t, f in fks for s in self._added(t, f)])

    def _column_definition(self, t: Table, c: Column, fill: bool) -> list[Statement]:
        """ADD COLUMN (and its comment). With `fill`, a NOT NULL column without default gets
        placeholder values in existing rows: the rollback of a drop, whose values are gone."""
        if fill and not c.nullable and c.default is None and not c.identity:
            out = [self._alter(t, f"ADD COLUMN {self.d.column_sql(t, replace(c, default=lit(self.fill_value(c.type))))}"),
                   self._alter(t, f"{self._column(c.name)} DROP DEFAULT")]
        else:
            out = [self._alter(t, f"ADD COLUMN {self.d.column_sql(t, c)}")]
        return out + ([self.d.column_comment(t, c.name, c.comment)] if c.comment else [])

    def _triggers(self, before: Table, after: Table) -> list[Statement]:
        """Statements turning the on_update_now and identity triggers of `before` into those of `after`."""
        d, out = self.d, []
        for render, name in ((d.on_update_trigger, d.on_update_name), (d.identity_trigger, d.identity_name)):
            b, a = render(before), render(after)
            if b == a:
                continue
            if not a:
                out += self._drop_trigger(before, name(before))
            elif not b:
                out += a
            else:  # same trigger, new body
                out.append(d.replace_function(a[0]))
        return out

    def _add_column(self, c: AddColumn) -> list[Step]:
        before, after = self._apply(c)
        drop = self._alter(before, f"DROP COLUMN {self.d.quote(c.column.name)}")
        return [self._step(c, self._column_definition(after, c.column, fill=False) + self._triggers(before, after),
                           self._triggers(after, before) + [drop])]

    def _drop_column(self, c: DropColumn) -> list[Step]:
        before, after = self._apply(c)
        drop = self._alter(before, f"DROP COLUMN {self.d.quote(c.column.name)}")
        return [self._step(c, self._triggers(before, after) + [drop],
                           self._column_definition(before, before.column(c.column.name), fill=True)
                           + self._triggers(after, before))]

    def _alter_column(self, c: AlterColumn) -> list[Step]:
        """One property of a column; the state takes only that property from `c.new`."""
        before, after = self._apply(c)
        apply, rollback = getattr(self, f"_alter_{c.kind.value}")(before, after, c.new.name)
        return [self._step(c, apply, rollback)]

    def _alter_type(self, before: Table, after: Table, name: str):
        key = after.key
        full = bool(enum_name(before.column(name).type) or enum_name(after.column(name).type))
        forward = self._dependents([(before, after, [name])], full)
        back = self._dependents([(after, before, [name])], full)
        moved = (key, name) in self.retyped
        follows = (key, name) in self.redefaulted  # the DEFAULT step sets the new default
        # PostgreSQL refuses to retype a column a generated column uses
        # (https://www.postgresql.org/docs/15/ddl-generated-columns.html): those are dropped and added again
        users = [c.name for c in after.columns if c.generated and name in cexpr.columns(c.generated.expression)]
        drop_users = [self._alter(before, f"DROP COLUMN {self.d.quote(u)}") for u in users]
        forward[0][:0], back[0][:0] = self._helpers(before, after, name), self._helpers(after, before, name)
        return (forward[0] + drop_users + [self._retype(before, after, [name], moved, set_default=not follows)]
                + self._serial_type(before, after, name) + [s for u in users for s in self._readd(before, after, u)]
                + forward[1],
                back[0] + drop_users + [self._retype(after, before, [name], moved, set_default=True)]
                + self._serial_type(after, before, name) + [s for u in users for s in self._readd(after, before, u)]
                + back[1])

    def _serial_type(self, before: Table, t: Table, name: str) -> list[Statement]:
        """A serial's sequence given the type of its column `name` retyped from `before` to `t`: ALTER COLUMN
        TYPE leaves it as it was (an identity's follows), so a bigserial would stop at the integer maximum.
        ALTER SEQUENCE AS moves the bounds that were the old type's own
        (https://www.postgresql.org/docs/15/sql-altersequence.html). The sequence may not exist yet (the
        column becomes a serial in a later step, which makes it of the column's type): then nothing is done."""
        c = t.column(name)
        if not c.identity_sequence:
            return []
        table, of = self.d.literal(self.d.table_name(t)), self.d.column_type(t, c.type)
        return [self._do([f"  DECLARE seq text := pg_get_serial_sequence({table}, {self.d.literal(name)});",
                          "  BEGIN",
                          f"    IF seq IS NOT NULL THEN EXECUTE format('ALTER SEQUENCE %s AS {of}', seq); END IF;",
                          "  END;"], t)]

    def _alter_null(self, before: Table, after: Table, name: str):
        def null(t: Table) -> Statement:
            return self._alter(t, f"{self._column(name)} {'DROP' if t.column(name).nullable else 'SET'} NOT NULL")
        return [null(after)], [null(before)]

    def _alter_default(self, before: Table, after: Table, name: str):
        def default(t: Table) -> Statement:
            c = t.column(name)
            action = f"SET DEFAULT {self.d.default_sql(c)}" if c.default is not None else "DROP DEFAULT"
            return self._alter(t, f"{self._column(name)} {action}")
        if (after.key, name) in self.retyped:
            # The old default may not fit the new type; the rollback of the type change restores it.
            return [default(after)], [self._alter(before, f"{self._column(name)} DROP DEFAULT")]
        return [default(after)], [default(before)]

    def _alter_identity(self, before: Table, after: Table, name: str):
        return self._identity(before, after, name), self._identity(after, before, name)

    def _identity(self, before: Table, after: Table, name: str) -> list[Statement]:
        b, a = before.column(name), after.column(name)
        if b.identity_sequence != a.identity_sequence:  # serial <-> identity or plain, keeping the counter
            return [self._serial(before, after, name)] + self._triggers(before, after)
        if not a.identity:
            return self._triggers(before, after) + [self._alter(after, f"{self._column(name)} DROP IDENTITY")]
        how = "ALWAYS" if a.identity_always else "BY DEFAULT"
        if b.identity:  # ALWAYS <-> BY DEFAULT (https://www.postgresql.org/docs/15/sql-altertable.html)
            return [self._alter(after, f"{self._column(name)} SET GENERATED {how}")]
        table, column = self.d.literal(self.d.table_name(after)), self.d.quote(name)
        sync = self._do([f"  PERFORM setval(pg_get_serial_sequence({table}, {self.d.literal(name)}), "
                         f"COALESCE(max({column}), 0) + 1, false) FROM {self.d.table_name(after)};"], after)
        return [self._alter(after, f"{self._column(name)} ADD GENERATED {how} AS IDENTITY"), sync] \
            + self._triggers(before, after)

    def _serial(self, before: Table, after: Table, name: str) -> Statement:
        """One DO block turning column `name` from or into a serial, its counter kept: the next value of the
        old sequence (or max + 1 of a plain column) is the first of the new one. A serial's default and its
        sequence are dropped; an identity is dropped, or added STARTing WITH that value; a serial's sequence
        is created OWNED BY the column, its default nextval() of it
        (https://www.postgresql.org/docs/15/sql-altertable.html,
        https://www.postgresql.org/docs/15/datatype-numeric.html#DATATYPE-SERIAL)."""
        b, a = before.column(name), after.column(name)
        table, column = self.d.table_name(after), self.d.quote(name)
        alter = f"ALTER TABLE {table} ALTER COLUMN {column}"
        body = ["  DECLARE seq regclass; counter bigint;", "  BEGIN"]
        if b.identity:
            body += [f"    seq := pg_get_serial_sequence({self.d.literal(table)}, {self.d.literal(name)})::regclass;",
                     "    EXECUTE format('SELECT CASE WHEN is_called THEN last_value + %s ELSE last_value END FROM %s',",
                     "                   (SELECT seqincrement FROM pg_sequence WHERE seqrelid = seq), seq) INTO counter;",
                     f"    {alter} {'DROP DEFAULT' if b.identity_sequence else 'DROP IDENTITY'};"]
            body += ["    EXECUTE format('DROP SEQUENCE %s', seq);"] if b.identity_sequence else []
        else:
            body.append(f"    SELECT COALESCE(max({column}), 0) + 1 INTO counter FROM {table};")
        if a.identity and a.identity_sequence:
            seq = self.d.qualify(after.namespace, short_name(f"{after.name}_{name}_seq", self.d.max_identifier_length))
            body += [f"    CREATE SEQUENCE {seq} AS {self.d.column_type(after, a.type)} OWNED BY {table}.{column};",
                     f"    {alter} SET DEFAULT nextval({self.d.literal(seq)}::regclass);",
                     f"    PERFORM setval({self.d.literal(seq)}, counter, false);"]
        elif a.identity:
            how = "ALWAYS" if a.identity_always else "BY DEFAULT"
            add = self.d.literal(f"{alter} ADD GENERATED {how} AS IDENTITY")
            body.append(f"    EXECUTE format('%s (START WITH %s)', {add}, counter);")
        return self._do(body + ["  END;"], after)

    def _alter_collation(self, before: Table, after: Table, name: str):
        """ALTER COLUMN ... TYPE ... COLLATE: the same type under another collation (its indexes are rebuilt)."""
        def collate(t: Table) -> Statement:
            c = t.column(name)
            collation = self.d.collate(c) or ' COLLATE "default"'
            return self._alter(t, f"{self._column(name)} TYPE {self.d.column_type(t, c.type)}{collation}")
        return [collate(after)], [collate(before)]

    def _alter_generated(self, before: Table, after: Table, name: str):
        return self._generated(before, after, name), self._generated(after, before, name)

    def _generated(self, before: Table, after: Table, name: str) -> list[Statement]:
        """A generated column made plain keeps its values (DROP EXPRESSION, PostgreSQL 13+). PostgreSQL 15
        cannot change a generated expression nor make a plain column generated (SET EXPRESSION is 17+:
        https://www.postgresql.org/docs/15/sql-altertable.html), so the column is dropped and added again:
        its values are computed, nothing is lost but a plain column's values it replaces. The indexes and
        constraints over the column go with it and are created again."""
        if after.column(name).generated is None:
            return [self._alter(after, f"{self._column(name)} DROP EXPRESSION")]
        return [self._alter(before, f"DROP COLUMN {self.d.quote(name)}")] + self._readd(before, after, name)

    def _readd(self, before: Table, after: Table, name: str) -> list[Statement]:
        """Column `name` of `after` added again after a DROP COLUMN, with the uniques, checks, indexes and
        comment that went with it."""
        if name in before.primary_key or any(name in f.columns for f in before.foreign_keys) or any(
                t.referenced_key(f) == before.key and name in f.ref_columns
                for t in self.tables.values() for f in t.foreign_keys):
            raise UnsupportedChange(
                f"column {before.qualified}.{name} is generated, PostgreSQL 15 changes it only by dropping and "
                "adding the column (https://www.postgresql.org/docs/15/sql-altertable.html), and it is part of a "
                "primary or foreign key: write that migration by hand")
        c = after.column(name)
        out = [self._alter(after, f"ADD COLUMN {self.d.column_sql(after, c)}")]
        out += [s for x in after.uniques if name in x.columns for s in self._added(after, x)]
        out += [s for x in after.checks if name in cexpr.columns(x.expression) for s in self._added(after, x)]
        out += [self.d.create_index(after, i) for i in after.indexes
                if name in i.columns or name in i.include or name in _expression_columns(i)]
        return out + ([self.d.column_comment(after, name, c.comment)] if c.comment else [])

    def _set_table_options(self, c) -> list[Step]:
        """Row-level security enabled, disabled, forced or not (ALTER TABLE); nothing else: PostgreSQL tables
        have no collation, character set or loose typing, and the lowering leaves none
        (`PostgresDialect._lower_options`)."""
        before, after = self._apply(c)
        policies = self.d.policies()
        apply = policies.row_security(after, before.row_security, before.force_row_security)
        undo = policies.row_security(before, after.row_security, after.force_row_security)
        return [self._step(c, apply, undo)] if apply else []

    def _alter_on_update(self, before: Table, after: Table, name: str):
        return self._triggers(before, after), self._triggers(after, before)

    def _alter_comment(self, before: Table, after: Table, name: str):
        return ([self.d.column_comment(after, name, after.column(name).comment)],
                [self.d.column_comment(before, name, before.column(name).comment)])

    def _alter_primary_key(self, c: AlterPrimaryKey) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, self._primary_key(before, after), self._primary_key(after, before))]

    def _primary_key(self, before: Table, after: Table) -> list[Statement]:
        """Drop the old key and add the new one. Foreign keys referencing the old key depend on
        its index, so they are dropped first and added again (against whichever key now fits)."""
        name = self.d.quote(self.d.primary_key_name(after))
        incoming = [(t, f) for t in self.tables.values() for f in t.foreign_keys if before.primary_key
                    and t.referenced_key(f) == before.key and set(f.ref_columns) == set(before.primary_key)]
        out = [self._drop_constraint_sql(t, f) for t, f in incoming]
        out += [self._alter(before, f"DROP CONSTRAINT {name}")] if before.primary_key else []
        if after.primary_key:
            cols = ", ".join(self.d.quote(n) for n in after.primary_key)
            out.append(self._alter(after, f"ADD CONSTRAINT {name} PRIMARY KEY ({cols})"))
            out += self.d.constraint_comments(after, [None])
        return out + [s for t, f in incoming for s in self._added(t, f)]

    # -- constraints, indexes, state machines, partitions, comments ---------------------------
    def _add_constraint_sql(self, t: Table, x) -> Statement:
        d = self.d
        sql = (d.foreign_key_sql(t, x) if isinstance(x, ForeignKey) else d.unique_sql(x) if isinstance(x, Unique)
               else d.exclusion_sql(t, x) if isinstance(x, Exclusion) else d.check_sql(t, x))
        return self._alter(t, f"ADD {sql}", kind="constraint")

    def _added(self, t: Table, x) -> list[Statement]:
        """ADD of constraint `x`, and its comment (a constraint is created without one)."""
        return [self._add_constraint_sql(t, x)] + self.d.constraint_comments(t, [x])

    def _drop_constraint_sql(self, t: Table, x) -> Statement:
        return self._alter(t, f"DROP CONSTRAINT {self.d.quote(x.name)}", kind="constraint")

    def _add_constraint(self, c: AddConstraint) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, self._extensions(after, c.constraint) + self._added(after, c.constraint),
                           [self._drop_constraint_sql(before, c.constraint)])]

    def _drop_constraint(self, c: DropConstraint) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, [self._drop_constraint_sql(after, c.constraint)],
                           self._extensions(before, c.constraint) + self._added(before, c.constraint))]

    def _extensions(self, t: Table, x) -> list[Statement]:
        """What an exclusion constraint needs created first (`exclusion_extension`); nothing for another."""
        return self.d.exclusion_extension(t, x) if isinstance(x, Exclusion) else []

    def _drop_index_sql(self, t: Table, i: Index) -> Statement:
        return Statement(f"DROP INDEX {self.d.qualify(t.namespace, i.name)}", kind="index", table=t.qualified)

    def _add_index(self, c: AddIndex) -> list[Step]:
        """An index on a table the database already holds is built without blocking writes
        (outside a transaction); its rollback drops it so too. A unique index a foreign key
        references is built plainly, in the transaction that adds the key."""
        before, after = self._apply(c)
        said = self._index_comment(after, c.index)
        if self.d.builds_index_online(before, c.index) and not is_foreign_key_target(self.new, after, c.index):
            return [self._step(c, self.d.index_extension(after, c.index) + self.d.online_index(after, c.index) + said,
                               [self.d.drop_online_index(before, c.index)])]
        return [self._step(c, self.d.index_extension(after, c.index) + [self.d.create_index(after, c.index)] + said,
                           [self._drop_index_sql(before, c.index)])]

    def _drop_index(self, c: DropIndex) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, [self._drop_index_sql(after, c.index)],
                           self.d.index_extension(before, c.index) + [self.d.create_index(before, c.index)]
                           + self._index_comment(before, c.index))]

    def _index_comment(self, t: Table, i: Index) -> list[Statement]:
        return [self.d.index_comment(t, i, i.comment)] if i.comment is not None else []

    def _set_index_comment(self, c: SetIndexComment) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, [self.d.index_comment(after, c.index, c.new)],
                           [self.d.index_comment(before, c.index, c.old)])]

    def _set_constraint_comment(self, c: SetConstraintComment) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, [self.d.constraint_comment(after, c.name, c.new)],
                           [self.d.constraint_comment(before, c.name, c.old)])]

    def _add_state_machine(self, c: AddStateMachine) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, self.d.state_machine(after, c.machine),
                           self._drop_trigger(before, self.d.state_machine_name(c.machine)))]

    def _drop_state_machine(self, c: DropStateMachine) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, self._drop_trigger(after, self.d.state_machine_name(c.machine)),
                           self.d.state_machine(before, c.machine))]

    def _set_table_comment(self, c: SetTableComment) -> list[Step]:
        before, after = self._apply(c)
        return [self._step(c, [self.d.table_comment(after, c.new)], [self.d.table_comment(before, c.old)])]

    def _set_partitioning(self, c: SetPartitioning) -> list[Step]:
        """Months added or removed are partitions created or dropped; anything else needs a rebuild."""
        if c.old is None or c.new is None or c.old.column != c.new.column:
            raise UnsupportedChange(
                f"{c.describe()}: PostgreSQL cannot partition an existing table, unpartition it or change its "
                "partition key in place (https://www.postgresql.org/docs/15/ddl-partitioning.html). Write that "
                "migration by hand: create the new table, copy the rows, drop the old table, rename the new one.")
        before, after = self._apply(c)
        return [self._step(c, self._repartition(before, after), self._repartition(after, before))]

    def _repartition(self, before: Table, after: Table) -> list[Statement]:
        """Drop the partitions that went or changed bounds (refused while they hold rows), then create the
        changed and new ones; the others are untouched. A change of method needs a rebuild."""
        if before.partition_by.method is not after.partition_by.method:
            raise UnsupportedChange(
                f"table {after.qualified}: PostgreSQL cannot change the partitioning method in place "
                "(https://www.postgresql.org/docs/15/ddl-partitioning.html). Write that migration by hand: "
                "create the new table, copy the rows, drop the old table, rename the new one.")
        old, new = self._partition_statements(before), self._partition_statements(after)
        out = [self._drop_partition(before, name) for name in old if name not in new or new[name].sql != old[name].sql]
        return out + [st for name, st in new.items() if name not in old or old[name].sql != st.sql]

    def _partition_statements(self, t: Table) -> dict[str, Statement]:
        """The CREATE statement of each partition of `t`, by partition name."""
        return {name: st for (name, _), st in zip(self.d.partition_tables(t), self.d.partitions(t))}

    def _drop_partition(self, t: Table, name: str) -> Statement:
        """DROP TABLE of partition `name`, refused (with SQLSTATE 55000) while it holds rows."""
        part = self.d.qualify(t.namespace, name)
        message = self.d.literal(f"partition {part} of {t.qualified} still holds rows: move or delete them first")
        return self._do([f"  IF EXISTS (SELECT 1 FROM {part}) THEN",
                         f"    RAISE EXCEPTION {message} USING ERRCODE = 'object_not_in_prerequisite_state';",
                         "  END IF;", f"  DROP TABLE {part};"], t)

    # -- tables -------------------------------------------------------------------------------
    def _creation_steps(self, group: list[Table], drop: bool) -> list[Step]:
        """Steps creating `group` beside the other current tables, as render() would; `drop` only
        chooses the descriptions (the caller inverts the steps)."""
        keys = {t.key for t in group}
        others = tuple(t for t in self.tables.values() if t.key not in keys)
        order = creation_order(Schema(others + tuple(group)))
        out = [self._step(DropTable(t) if drop else AddTable(t), self.d.table_statements(t, order),
                          self._drop_table(t)) for t in order.tables if t.key in keys]
        return out + [self._step((DropConstraint if drop else AddConstraint)(t.key, f),
                                 [self.d.add_foreign_key(t, f)] + self.d.constraint_comments(t, [f]),
                                 [self._drop_constraint_sql(t, f)])
                      for t, f in order.deferred if t.key in keys]

    def _drop_table(self, t: Table) -> list[Statement]:
        """DROP TABLE (its partitions, indexes and triggers go with it) and its trigger functions."""
        drop = Statement(f"DROP TABLE {self.d.table_name(t)}", kind="table", table=t.qualified)
        return [drop] + [self.d.drop_function(t, name) for name in self.d.trigger_names(t)]

