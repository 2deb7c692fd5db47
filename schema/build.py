"""Small builders that keep catalog modules close to the DDL they describe.

`table("story", col(...), fk(...), unique(...), check(...), index(...))`
sorts each item into its place on a `Table` and names unnamed constraints
deterministically (``<table>_<cols>_key`` / ``_fkey``), as PostgreSQL would.
"""
from __future__ import annotations

import re
from typing import Optional, Union

from .model import (
    Action, Check, Collation, Column, ColumnType, Composite, DeclaredType, Default, Domain, Enum, Exclusion, ExclusionElement,
    ForeignKey, Generated, Index,
    IndexMethod, IndexPart, Partitioning, StateMachine, Table, Unique,
)

Cols = Union[str, tuple[str, ...], list[str]]


def _cols(cols: Cols) -> tuple[str, ...]:
    return (cols,) if isinstance(cols, str) else tuple(cols)


def col(name: str, type: ColumnType, *, null: bool = True, default: Optional[Default] = None,
        identity: Union[bool, str] = False, on_update_now: bool = False, comment: Optional[str] = None,
        generated: Optional[Generated] = None, collation: Optional[Collation] = None) -> Column:
    """A column; `null=False` makes it NOT NULL. `identity=True` (or ``"by default"``) is an identity that
    accepts an explicit value; ``identity="always"`` refuses one (GENERATED ALWAYS AS IDENTITY);
    ``identity="sequence"`` accepts one and is drawn by the column's default from a sequence the column
    owns (a serial). An identity column is NOT NULL."""
    if not isinstance(null, bool):
        raise TypeError(f"column {name}: null is True or False, not {null!r}")
    if identity not in (True, False, "always", "by default", "sequence"):
        raise ValueError(f"column {name}: identity is True, False, 'by default', 'always' or 'sequence', "
                         f"not {identity!r}")
    return Column(name, type, nullable=null and not identity, default=default, identity=bool(identity),
                  on_update_now=on_update_now, comment=comment, identity_always=identity == "always",
                  generated=generated, collation=collation, identity_sequence=identity == "sequence")


def generated(expression: str, *, stored: bool = True) -> Generated:
    """A generated column's expression (canonical SQL): ``col("total", INTEGER, generated=generated("a + b"))``;
    `stored=False` makes it VIRTUAL (computed on read)."""
    return Generated(" ".join(expression.split()), stored)


class _FK:
    """A foreign key waiting for its table's name (to be auto-named)."""

    def __init__(self, columns, ref_table, ref_columns, on_delete, name, ref_namespace, on_update, comment):
        self.args = (columns, ref_table, ref_columns, on_delete, name, ref_namespace, on_update, comment)

    def bind(self, table: str) -> ForeignKey:
        columns, ref_table, ref_columns, on_delete, name, ref_ns, on_update, comment = self.args
        return ForeignKey(name or f"{table}_{'_'.join(columns)}_fkey", columns, ref_table,
                          ref_columns, on_delete, ref_ns, on_update, comment)


def fk(columns: Cols, ref_table: str, ref_columns: Cols = "id", *, on_delete: Action = Action.NO_ACTION,
       name: Optional[str] = None, ref_namespace: Optional[str] = None,
       on_update: Action = Action.NO_ACTION, comment: Optional[str] = None) -> _FK:
    """FOREIGN KEY (columns) REFERENCES ref_table (ref_columns) [ON DELETE ...] [ON UPDATE ...], with its `comment`."""
    return _FK(_cols(columns), ref_table, _cols(ref_columns), on_delete, name, ref_namespace, on_update, comment)


class _Unique:
    def __init__(self, columns, name, comment):
        self.columns, self.name, self.comment = columns, name, comment

    def bind(self, table: str) -> Unique:
        return Unique(self.name or f"{table}_{'_'.join(self.columns)}_key", self.columns, self.comment)


def unique(*columns: str, name: Optional[str] = None, comment: Optional[str] = None) -> _Unique:
    """UNIQUE (columns), with its `comment`."""
    return _Unique(tuple(columns), name, comment)


def domain(name: str, base: ColumnType, *checks: Check, null: bool = True,
           default: Optional[Default] = None) -> Domain:
    """A named type over `base` (SQL's CREATE DOMAIN): NOT NULL unless `null`, with `default`, and
    the CHECKs `checks` over the keyword VALUE (``check("positive", "VALUE > 0")``). A column takes
    it as its type through ``domain_type(...)``."""
    return Domain(name, base, not null, default, tuple(checks))


def check(name: str, expression: str, *, comment: Optional[str] = None) -> Check:
    """A named CHECK constraint in canonical SQL, with its `comment`."""
    return Check(name, " ".join(expression.split()), comment)


_PART = re.compile(r"^\s*(\w+)\s*(?:\((\d+)\))?(?:\s+(?!(?:ASC|DESC)\s*$)(\w+))?\s*(ASC|DESC)?\s*$", re.I)


def part(spec: Union[str, IndexPart]) -> IndexPart:
    """An index key part from ``"col"``, ``"col DESC"``, ``"col(32)"`` or ``"col text_pattern_ops"``
    (a column with its operator class)."""
    if isinstance(spec, IndexPart):
        return spec
    m = _PART.match(spec)
    if not m:
        raise ValueError(f"index part {spec!r}: write 'column', 'column DESC', 'column(N)', 'column OPCLASS' "
                         "or use expr()")
    name, prefix, opclass, direction = m.groups()
    return IndexPart(column=name, desc=(direction or "").upper() == "DESC",
                     prefix=int(prefix) if prefix else None, opclass=opclass)


def expr(sql: str, *, desc: bool = False, opclass: Optional[str] = None) -> IndexPart:
    """An index key part that is an expression, e.g. ``expr("lower(email)")``."""
    return IndexPart(expression=sql, desc=desc, opclass=opclass)


def index(name: str, *parts: Union[str, IndexPart], unique: bool = False, where: Optional[str] = None,
          method: IndexMethod = IndexMethod.BTREE, include: Cols = (), comment: Optional[str] = None) -> Index:
    """CREATE [UNIQUE] INDEX name ON table [USING method] (parts) [INCLUDE (include)] [WHERE where], with its
    `comment`."""
    return Index(name, tuple(part(p) for p in parts), unique=unique,
                 where=" ".join(where.split()) if where else None, method=method, include=_cols(include),
                 comment=comment)


def exclude(name: str, *elements: tuple[Union[str, IndexPart], str], using: IndexMethod = IndexMethod.GIST,
            where: Optional[str] = None, comment: Optional[str] = None) -> Exclusion:
    """CONSTRAINT name EXCLUDE USING using (part WITH operator, ...) [WHERE (where)]: each element a
    (column or `expr(...)`, operator) pair, e.g. ``exclude("no_overlap", ("room", "="), ("during", "&&"))``;
    with its `comment`."""
    return Exclusion(name, tuple(ExclusionElement(part(p), op) for p, op in elements), method=using,
                     where=" ".join(where.split()) if where else None, comment=comment)


def table(name: str, *items, pk: Cols = (), partition: Optional[Partitioning] = None,
          soft_delete: Optional[str] = None, comment: Optional[str] = None,
          namespace: Optional[str] = None, collation: Optional[Collation] = None, charset: Optional[str] = None,
          strict: bool = True, row_security: bool = False, force_row_security: bool = False,
          pk_comment: Optional[str] = None) -> Table:
    """A table from columns, keys, checks, indexes and state machines, in any order; `row_security`
    enforces its policies (Schema.policies), `force_row_security` on its owner too; `pk_comment` is the
    comment of its primary key `pk`."""
    groups: dict[str, list] = {"columns": [], "foreign_keys": [], "uniques": [], "checks": [],
                               "indexes": [], "state_machines": [], "exclusions": []}
    kinds = {Column: "columns", _FK: "foreign_keys", _Unique: "uniques", Check: "checks",
             Index: "indexes", StateMachine: "state_machines", Exclusion: "exclusions"}
    for item in items:
        kind = kinds.get(type(item))
        if kind is None:
            raise TypeError(f"table {name}: cannot place {item!r}")
        groups[kind].append(item.bind(name) if hasattr(item, "bind") else item)
    pk = _cols(pk)
    groups["columns"] = [c if c.name not in pk else _not_null(c) for c in groups["columns"]]
    return Table(name, primary_key=pk, partitioning=partition, soft_delete=soft_delete,
                 comment=comment, namespace=namespace, collation=collation, charset=charset, strict=strict,
                 row_security=row_security, force_row_security=force_row_security,
                 primary_key_comment=pk_comment, **{k: tuple(v) for k, v in groups.items()})


def _not_null(c: Column) -> Column:
    from dataclasses import replace
    return replace(c, nullable=False)


def state_machine(name: str, column: str, transitions: list[tuple[str, str]]) -> StateMachine:
    """Allowed (from, to) transitions of `column`, enforced on UPDATE."""
    return StateMachine(name, column, tuple(transitions))


def composite(name: str, *fields: tuple[str, ColumnType]) -> Composite:
    """A named record type of `fields`, each ``(name, type)`` (SQL's CREATE TYPE ... AS (...))."""
    return Composite(name, tuple((n, ty) for n, ty in fields))


def declared(type_: Union[Enum, Domain, Composite], namespace: Optional[str] = None,
             comment: Optional[str] = None) -> DeclaredType:
    """`type_` declared on the schema by itself, created whether or not a column uses it, with its
    `comment`: ``Schema(tables, types=(declared(MOOD), declared(composite("pair", ("a", INTEGER)))))``."""
    return DeclaredType(type_, namespace, comment)
