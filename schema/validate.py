"""Load-time validation of a schema definition.

`validate(schema, max_identifier=...)` raises `SchemaError` listing every
problem, each naming the table (and column or constraint) and the fix.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import AbstractSet, Any, Iterator, Optional

from dataclasses import replace

from . import code, expr, policies, shape
from .domains import inline_table, value_check_columns
from .views import view_problems
from .model import (
    FRACTIONAL_KINDS, INTEGER_KINDS, Action, Column, Composite, DefaultKind, Domain, Enum, IndexMethod, Kind,
    PartitionMethod,
    Partitioning, Schema, Table,
)

# The longest CHAR and BINARY (PostgreSQL and MySQL both cap CHAR at 255 characters, BINARY at 255 bytes:
# https://dev.mysql.com/doc/refman/8.0/en/char.html, https://mariadb.com/kb/en/binary/).
MAX_FIXED_LENGTH = 255

RESERVED_PREFIX = "sk_"  # names schemakit generates for itself


class SchemaError(ValueError):
    """An invalid schema definition; `problems` lists each one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        listed = f" {problems[0]}" if len(problems) == 1 else "".join(f"\n  - {p}" for p in problems)  # one: one line
        super().__init__(f"invalid schema definition:{listed}")


def validate(schema: Schema, max_identifier: Optional[int] = None, untyped: AbstractSet[str] = frozenset()) -> Schema:
    """Return `schema` unchanged, or raise SchemaError naming every problem.

    `max_identifier` is the longest name allowed, in UTF-8 bytes: the smallest limit of
    the engines the schema is rendered for (`schemakit.dialects.identifier_limit`);
    None checks no length. Identifiers are limited in bytes, not characters, because the
    strictest engine counts bytes: 40 characters of 'é' are 80 bytes.
    `untyped` names the origins whose columns may have no declared type
    (`schemakit.dialects.untyped_origins`): a native type of one of them may be spelled ''.
    """
    problems = list(shape.problems(schema)) or list(_problems(schema, max_identifier, untyped))  # the checks read
    if problems:  # the fields as annotated: only a model of the right shape is checked further
        raise SchemaError(problems)
    return schema


def _problems(schema: Schema, limit: Optional[int], untyped: AbstractSet[str] = frozenset()) -> Iterator[str]:
    seen_tables: set = set()
    names_by_ns: dict[Optional[str], dict[str, tuple[str, bool]]] = {}
    enums: dict = {}
    domains: dict = {}
    for t in schema.tables:
        yield from _domains(t, domains)
        try:
            t = inline_table(t)  # a domain's rules are checked as the rules of each column of it
        except expr.ExpressionError:
            continue  # a domain CHECK that does not parse: said by _domains
        where = f"table {t.qualified}"
        if t.key in seen_tables:
            yield f"{where}: defined twice; give each table one definition"
        seen_tables.add(t.key)
        yield from _identifiers(t, limit)
        yield from _columns(t, untyped)
        yield from _keys(t)
        yield from _constraint_names(t, names_by_ns.setdefault(t.namespace, {}))
        yield from _enums(t, enums)
        yield from _foreign_keys(t, schema)
        yield from _duplicate_foreign_keys(t)
        yield from _expressions(t)
        yield from _partitioning(t)
        yield from _state_machines(t)
        yield from _redundant_indexes(t)
        yield from _duplicate_indexes(t)
        yield from _soft_delete(t)
        yield from _exclusions(t)
    yield from view_problems(seen_tables, schema.views)
    yield from _declared_types(schema, enums, domains, limit)


def _declared_types(schema: Schema, enums: dict, domains: dict, limit: Optional[int]) -> Iterator[str]:
    """A type declared by itself: a name, one definition per namespace (the same as a column's type
    of that name), an enum with distinct values, a composite with named, distinct fields."""
    declared: dict = {}
    for x in schema.types:
        kind = type(x.type).__name__.lower()
        where = f"{kind} {'.'.join(n for n in x.key if n)}"
        if not x.type.name or not x.type.name.strip():
            yield f"a declared {kind} has an empty name"
            continue
        if limit is not None and len(x.type.name.encode()) > limit:
            yield f"{where}: the name is longer than {limit} bytes"
        other = declared.get(x.key) or enums.get(x.key) or domains.get(x.key)
        if other is not None and other != x.type:
            yield f"{where}: declared twice with different definitions (or a column's type of that name differs); " \
                  "give each type one definition per namespace"
        declared[x.key] = x.type
        if isinstance(x.type, Enum):
            if not x.type.values:
                yield f"{where}: an enum needs at least one value"
            if len(set(x.type.values)) != len(x.type.values):
                yield f"{where}: an enum repeats a value"
        elif isinstance(x.type, Composite):
            names = [n for n, _ in x.type.fields]
            if not names or not all(n and n.strip() for n in names):
                yield f"{where}: a composite type needs fields, each with a name"
            if len(set(names)) != len(names):
                yield f"{where}: a field name is repeated"
    yield from code.problems(schema.sequences, schema.routines, schema.triggers, {t.key for t in schema.tables},
                            schema.extensions)
    objects = {x.key for x in schema.tables + schema.views + schema.sequences}
    yield from policies.problems(schema.policies, schema.grants, {t.key for t in schema.tables}, objects)


def _identifiers(t: Table, limit: Optional[int]) -> Iterator[str]:
    names = [("table", t.name)] + [("column", c.name) for c in t.columns]
    names += [("constraint", n) for n in t.constraint_names()]
    if t.namespace:
        names.append(("namespace", t.namespace))
    for what, name in names:
        if not name or not name.strip():
            yield f"table {t.qualified}: a {what} has an empty name"
        elif limit is not None and len(name.encode("utf-8")) > limit:
            size = len(name.encode("utf-8"))
            chars = "" if size == len(name) else f" ({len(name)} characters)"
            yield (f"table {t.qualified}: {what} name {name!r} is {size} bytes in UTF-8{chars}; "
                   f"the limit is {limit} bytes (the smallest of the supported engines): shorten it")
        elif name.startswith(RESERVED_PREFIX):
            yield (f"table {t.qualified}: {what} name {name!r} starts with {RESERVED_PREFIX!r}, which schemakit reserves; "
                   "rename it")


def _columns(t: Table, untyped: AbstractSet[str]) -> Iterator[str]:
    seen: set[str] = set()
    if not t.columns:
        yield f"table {t.qualified}: has no columns"
    identities = [c.name for c in t.columns if c.identity]
    if len(identities) > 1:
        yield f"table {t.qualified}: several identity columns {identities}; keep one"
    for c in t.columns:
        where = f"table {t.qualified}, column {c.name}"
        if c.name in seen:
            yield f"{where}: defined twice; remove the duplicate"
        seen.add(c.name)
        yield from _column(t, c, where, untyped)


def _column(t: Table, c: Column, where: str, untyped: AbstractSet[str]) -> Iterator[str]:
    ty = c.type
    if ty.kind is Kind.VARCHAR and not (ty.length and ty.length > 0):
        yield f"{where}: varchar needs a positive length, e.g. varchar(255); use TEXT for unbounded text"
    if ty.kind is Kind.DECIMAL and ty.precision is None and ty.scale is not None:
        yield f"{where}: a numeric without precision has no scale; write decimal(p, s) or NUMERIC"
    if ty.kind is Kind.DECIMAL and ty.precision is not None and not (
            0 < ty.precision <= 1000 and 0 <= (ty.scale or 0) <= ty.precision):
        yield f"{where}: decimal needs 0 < precision <= 1000 and 0 <= scale <= precision, e.g. decimal(10, 2)"
    if ty.kind is Kind.VARBINARY and not (ty.length and ty.length > 0):
        yield f"{where}: varbinary needs a positive length in bytes, e.g. varbinary(16); use BYTES for unbounded"
    if ty.kind in (Kind.CHAR, Kind.BINARY) and not (ty.length and 0 < ty.length <= MAX_FIXED_LENGTH):
        yield (f"{where}: {ty.kind.value} needs a length from 1 to {MAX_FIXED_LENGTH}, e.g. {ty.kind.value}(2); "
               f"use {'varchar' if ty.kind is Kind.CHAR else 'varbinary'} for longer values")
    if ty.unsigned and ty.kind not in INTEGER_KINDS:
        yield f"{where}: only an integer type can be unsigned, not {ty.kind.value}"
    if ty.kind in FRACTIONAL_KINDS and ty.precision is not None and not 0 <= ty.precision <= 6:
        yield f"{where}: {ty.kind.value} precision is 0 to 6 fractional-second digits, not {ty.precision}"
    if ty.kind is Kind.SET and not (ty.values and len(set(ty.values)) == len(ty.values)
                                    and all(v and "," not in v for v in ty.values) and len(ty.values) <= 64):
        yield (f"{where}: a set needs 1 to 64 distinct, non-empty values without commas "
               "(MySQL's limit: https://dev.mysql.com/doc/refman/8.0/en/set.html)")
    if ty.kind is Kind.ARRAY and (ty.item is None or ty.item.kind is Kind.ARRAY):
        yield f"{where}: an array needs a scalar item type (arrays of arrays are not supported)"
    if ty.kind is Kind.ENUM and not (ty.enum and ty.enum.values):
        yield f"{where}: an enum needs at least one value"
    if c.identity and ty.kind not in INTEGER_KINDS:
        yield f"{where}: an identity column must be an integer type, not {ty}"
    if c.identity and c.nullable:
        yield f"{where}: an identity column is NOT NULL (as every engine makes it); write null=False"
    if c.identity_always and not c.identity:
        yield f"{where}: identity_always is for an identity column; write identity=\"always\""
    if c.identity_sequence and not (c.identity and not c.identity_always):
        yield f"{where}: identity_sequence is for an identity that accepts explicit values; write identity=\"sequence\""
    if c.generated is not None:
        if c.identity or c.default is not None or c.on_update_now:
            yield f"{where}: a generated column has no default, identity or on_update_now; keep the expression only"
        if c.name in t.primary_key and not c.generated.stored:
            yield f"{where}: a VIRTUAL generated column cannot be in the primary key; make it stored"
    if ty.kind is not Kind.NATIVE and (ty.native is None) != (ty.origin is None):
        yield f"{where}: a spelled type needs the engine's spelling and the engine, e.g. spelled(TEXT, \"text\", \"mysql\")"
    if ty.kind is Kind.NATIVE and ty.native == "" and ty.origin in untyped:
        pass  # a column without a declared type, which its engine allows (`validate`'s `untyped`)
    elif ty.kind is Kind.NATIVE and not (ty.native and ty.native.strip() and ty.origin):
        also = f" (only {', '.join(sorted(untyped))} has columns without a declared type: spelling '')" if untyped else ""
        yield f"{where}: a native type needs its engine's spelling and origin, e.g. native(\"inet\", \"postgres\"){also}"
    elif ty.native is not None and not _TYPE_SPELLING.match(ty.native):
        yield (f"{where}: type spelling {ty.native!r} is not a type name (words, one (argument list), [] for an "
               "array): it is written into DDL as is")
    if c.collation is not None and not (c.collation.name and c.collation.origin):
        yield f"{where}: a collation needs a name and the engine it belongs to, e.g. Collation(\"C\", \"postgres\")"
    if c.collation is not None and not ty.is_textual:
        yield f"{where}: only a text column has a collation, not {ty}"
    if c.on_update_now and ty.kind not in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ):
        yield f"{where}: on_update_now needs a timestamp column"
    yield from _default(c, where)


def _default(c: Column, where: str) -> Iterator[str]:
    d, ty = c.default, c.type
    if d is None:
        return
    if d.kind is DefaultKind.NOW and ty.kind not in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ, Kind.DATE):
        yield f"{where}: default now() needs a timestamp or date column, not {ty}"
    if d.kind is DefaultKind.UUID4 and ty.kind is not Kind.UUID:
        yield f"{where}: a generated uuid default needs a uuid column, not {ty}"
    if d.kind is DefaultKind.EXPRESSION:
        try:
            refs = expr.columns(str(d.value)) if isinstance(d.value, str) else {""}
        except expr.ExpressionError as e:
            yield f"{where}: default: {e}"
            return
        if refs:
            yield f"{where}: a default expression cannot refer to columns ({sorted(refs)}); use a generated column"
    if d.kind is not DefaultKind.LITERAL:
        return
    v = d.value
    if ty.kind is Kind.ENUM and v not in ty.enum_type.values:
        yield f"{where}: default {v!r} is not a value of enum {ty.enum_type.name} {list(ty.enum_type.values)}"
    elif ty.kind is Kind.BOOLEAN and not isinstance(v, bool):
        yield f"{where}: a boolean default must be True or False, not {v!r}"
    elif ty.kind in INTEGER_KINDS and (isinstance(v, bool) or not isinstance(v, int)):
        yield f"{where}: an integer default must be an int, not {v!r}"
    elif ty.kind in INTEGER_KINDS and not ty.int_range[0] <= v <= ty.int_range[1]:  # type: ignore[operator]
        yield f"{where}: default {v!r} is outside the range of {ty}"
    elif ty.kind is Kind.CHAR and (not isinstance(v, str) or len(v.rstrip(" ")) > (ty.length or 0)):
        yield f"{where}: default {v!r} does not fit {ty}"
    elif ty.kind in (Kind.BYTES, Kind.VARBINARY, Kind.BINARY) and not _hex(v, ty.length):
        yield f"{where}: a binary default is written as hex text, e.g. lit('00ff'), at most {ty} long, not {v!r}"
    elif ty.kind in (Kind.REAL, Kind.DOUBLE, Kind.YEAR) and (isinstance(v, bool) or not isinstance(v, (int, float))):
        yield f"{where}: a {ty.kind.value} default must be a number, not {v!r}"
    elif ty.kind is Kind.SET and (not isinstance(v, str) or not set(filter(None, v.split(","))) <= set(ty.values)):
        yield f"{where}: default {v!r} is not a comma-separated subset of {list(ty.values)}"
    elif ty.kind is Kind.VARCHAR and (not isinstance(v, str) or len(v) > (ty.length or 0)):
        yield f"{where}: default {v!r} does not fit {ty}"
    elif ty.kind in (Kind.JSON, Kind.JSONB):
        import json
        try:
            json.loads(v)  # type: ignore[arg-type]  # a non-text value is the TypeError reported here
        except (TypeError, ValueError):
            yield f"{where}: default {v!r} is not valid JSON text"


def _hex(v, length) -> bool:
    if not isinstance(v, str) or len(v) % 2:
        return False
    try:
        return len(bytes.fromhex(v)) <= (length or len(v))
    except ValueError:
        return False


# A type as an engine spells it (``bit varying(8)``, ``timestamp(3) with time zone``, ``int(6) zerofill``,
# ``geometry(Point,4326)``, ``integer[]``): rendered into DDL verbatim, so nothing else (no quote, no
# semicolon, no second clause) may pass.
_NAME = r'(?:[A-Za-z_][A-Za-z0-9_]*|"(?:[^"]|"")+")'  # a quoted name (PostgreSQL's "char") cannot break out
_TYPE_SPELLING = re.compile(rf"^{_NAME}(?:\.{_NAME})*( [A-Za-z_][A-Za-z0-9_]*)*(\([A-Za-z0-9_, ]*\))?"
                            r"( [A-Za-z_][A-Za-z0-9_]*)*(\[\])*$")
# An operator as PostgreSQL spells one (https://www.postgresql.org/docs/15/sql-createoperator.html: at most
# NAMEDATALEN-1 characters of + - * / < > = ~ ! @ # % ^ & | ` ?), optionally schema-qualified OPERATOR(...).
_OPERATOR = re.compile(r"^[-+*/<>=~!@#%^&|`?]{1,63}$")
_EXCLUSION_METHODS = (IndexMethod.GIST, IndexMethod.SPGIST, IndexMethod.BTREE, IndexMethod.HASH)


def _exclusions(t: Table) -> Iterator[str]:
    for x in t.exclusions:
        where = f"table {t.qualified}: exclusion constraint {x.name}"
        if not x.elements:
            yield f"{where} has no elements; give it at least one (column, operator)"
        if x.method not in _EXCLUSION_METHODS:
            yield (f"{where}: method {x.method.value} cannot enforce an exclusion; use "
                   f"{', '.join(m.value for m in _EXCLUSION_METHODS)}")
        for e in x.elements:
            if not _OPERATOR.match(e.operator):
                yield f"{where}: operator {e.operator!r} is not an operator; write one like '=' or '&&'"
            if e.part.column is not None and not t.has_column(e.part.column):
                yield f"{where} names column {e.part.column!r}, which the table does not have"
            if e.part.prefix is not None or e.part.desc:
                yield f"{where}: element {e.part.label} takes no prefix or DESC"


def _keys(t: Table) -> Iterator[str]:
    groups = [("primary key", t.primary_key)] + [(f"unique {u.name}", u.columns) for u in t.uniques]
    groups += [(f"index {i.name}", i.columns) for i in t.indexes]
    groups += [(f"foreign key {f.name}", f.columns) for f in t.foreign_keys]
    for what, cols in groups:
        for name in cols:
            if not t.has_column(name):
                yield f"table {t.qualified}: {what} names column {name!r}, which the table does not have"
    if t.primary_key_comment is not None and not t.primary_key:
        yield f"table {t.qualified}: a primary key comment without a primary key; give pk= or drop pk_comment="
    for c in t.primary_key:
        if t.has_column(c) and t.column(c).nullable:
            yield f"table {t.qualified}, column {c}: part of the primary key, so it must be NOT NULL"
    for i in t.indexes:
        if not i.parts:
            yield f"table {t.qualified}: index {i.name} has no key parts"
        for name in i.include:
            if not t.has_column(name):
                yield f"table {t.qualified}: index {i.name} includes column {name!r}, which the table does not have"
            elif name in i.columns:
                yield f"table {t.qualified}: index {i.name} includes column {name!r}, which is already a key part"
        if i.unique and i.method not in (IndexMethod.BTREE, IndexMethod.HASH):
            yield f"table {t.qualified}: a {i.method.value} index cannot be unique ({i.name}); use a btree index"
        if i.method is IndexMethod.HASH and (len(i.parts) != 1 or i.unique):
            yield (f"table {t.qualified}: hash index {i.name} must be non-unique over one key part "
                   "(https://www.postgresql.org/docs/15/indexes-types.html#INDEXES-TYPES-HASH)")
        if i.method is IndexMethod.FULLTEXT and (i.where or any(
                p.column is None or not t.has_column(p.column) or not t.column(p.column).type.is_textual
                for p in i.parts)):
            yield f"table {t.qualified}: FULLTEXT index {i.name} must be over text columns, without a predicate"
        if i.method is IndexMethod.GIN and (i.unique or len(i.parts) != 1):
            yield f"table {t.qualified}: GIN index {i.name} must be non-unique over one column"


def _constraint_names(t: Table, seen: dict[str, tuple[str, bool]]) -> Iterator[str]:
    """Names unique in a namespace; an index name only in its table, as MySQL scopes it (the engines that
    scope it per namespace rename a repeated one when they render it: dialects/index_names.py)."""
    indexes = {i.name for i in t.indexes}
    for name in t.constraint_names():
        other = seen.get(name)
        if other is not None and not (name in indexes and other[1] and other[0] != t.qualified):
            yield (f"table {t.qualified}: constraint or index name {name!r} is already used by table "
                   f"{other[0]}; names must be unique in a namespace, an index name in its table")
        seen.setdefault(name, (t.qualified, name in indexes))


def _enums(t: Table, enums: dict) -> Iterator[str]:
    for c in t.columns:
        for ty in (c.type, c.type.item):
            if ty is None or ty.kind is not Kind.ENUM or ty.enum is None:
                continue
            key = (t.namespace, ty.enum.name)
            if key in enums and enums[key] != ty.enum:
                yield (f"table {t.qualified}, column {c.name}: enum {ty.enum.name} is defined twice with "
                       f"different values {list(enums[key].values)} and {list(ty.enum.values)}")
            enums.setdefault(key, ty.enum)
            if len(set(ty.enum.values)) != len(ty.enum.values):
                yield f"table {t.qualified}, column {c.name}: enum {ty.enum.name} repeats a value"


def _domains(t: Table, domains: dict) -> Iterator[str]:
    """A domain: a name, a scalar base type (or another domain), one definition per namespace, CHECKs
    over VALUE alone with distinct names (its default and CHECKs are then checked on each column)."""
    for c in t.columns:
        if c.type.domain is None:
            continue
        if c.type != replace(c.type.domain.base, domain=c.type.domain):
            yield (f"table {t.qualified}, column {c.name}: domain {c.type.domain.name!r}: the column's type must be "
                   f"the domain's base type {c.type.domain.base}; write domain_type(...)")
        for d in c.type.domain.chain():
            yield from _domain(t, c, d, domains)


def _domain(t: Table, c: Column, d: Domain, domains: dict) -> Iterator[str]:
    """The rules of one domain (`_domains`), each domain of a namespace said once."""
    where = f"table {t.qualified}, column {c.name}: domain {d.name!r}"
    key = (t.namespace, d.name)
    if key in domains:
        if domains[key] != d:
            yield f"{where} is defined twice with different definitions; give it one"
        return
    domains[key] = d
    if not d.name.strip():
        yield f"table {t.qualified}, column {c.name}: a domain has an empty name"
    if d.base.kind in (Kind.ARRAY, Kind.ENUM):
        yield f"{where} needs a scalar base type that is no enum or array, not {d.base}"
    if d.base.domain is not None and d.base != replace(d.base.domain.base, domain=d.base.domain):
        yield f"{where}: its base type must be domain_type(...) of the domain it is over"
    names = [k.name for k in d.checks]
    if len(set(names)) != len(names) or not all(n.strip() for n in names):
        yield f"{where}: its CHECKs need distinct, non-empty names"
    for k in d.checks:
        try:
            others = value_check_columns(k.expression)
        except expr.ExpressionError as e:
            yield f"{where}, check {k.name}: {e}"
            continue
        if others:
            yield f"{where}, check {k.name}: a domain CHECK may refer to VALUE only, not to {sorted(others)}"


def _foreign_keys(t: Table, schema: Schema) -> Iterator[str]:
    for f in t.foreign_keys:
        where = f"table {t.qualified}, foreign key {f.name}"
        ns, name = t.referenced_key(f)
        if not schema.has_table(name, ns):
            yield f"{where}: references table {f.ref_table!r}, which is not defined; define it or fix the name"
            continue
        ref = schema.table(name, ns)
        if len(f.columns) != len(f.ref_columns):
            yield f"{where}: {len(f.columns)} columns reference {len(f.ref_columns)}; the counts must match"
            continue
        missing = [c for c in f.ref_columns if not ref.has_column(c)]
        if missing:
            yield f"{where}: references column(s) {missing} that table {ref.qualified} does not have"
            continue
        keys = [ref.primary_key] + [u.columns for u in ref.uniques]
        keys += [i.columns for i in ref.indexes if i.unique and i.where is None and i.is_plain]
        if not any(set(k) == set(f.ref_columns) for k in keys):
            yield (f"{where}: references {ref.qualified}{list(f.ref_columns)}, which is neither its primary key "
                   f"nor a unique key; reference a key")
        for a, b in zip(f.columns, f.ref_columns):
            if t.has_column(a) and _family(t.column(a).type) != _family(ref.column(b).type):
                yield (f"{where}: column {a} ({t.column(a).type}) does not match "
                       f"{ref.qualified}.{b} ({ref.column(b).type})")
        for event, action in (("DELETE", f.on_delete), ("UPDATE", f.on_update)):
            if action is Action.SET_NULL and any(t.has_column(c) and not t.column(c).nullable for c in f.columns):
                yield f"{where}: ON {event} SET NULL on a NOT NULL column; make it nullable or change the action"


def _duplicate_foreign_keys(t: Table) -> Iterator[str]:
    seen: dict = {}
    for f in t.foreign_keys:
        key = (t.referenced_key(f), frozenset(zip(f.columns, f.ref_columns)))
        if key in seen:
            yield (f"table {t.qualified}, foreign key {f.name}: same columns {list(f.columns)} and target "
                   f"{f.ref_table}{list(f.ref_columns)} as foreign key {seen[key]}; keep one")
        seen.setdefault(key, f.name)


def _family(ty) -> str:
    if ty.kind in INTEGER_KINDS:
        return "int"
    if ty.kind in (Kind.VARCHAR, Kind.TEXT, Kind.CHAR):
        return "text"
    if ty.kind in (Kind.BYTES, Kind.VARBINARY, Kind.BINARY):
        return "binary"
    return ty.kind.value


def _expressions(t: Table) -> Iterator[str]:
    items = [(f"check {c.name}", c.expression) for c in t.checks]
    items += [(f"column {c.name} generated expression", c.generated.expression) for c in t.columns if c.generated]
    items += [(f"index {i.name} predicate", i.where) for i in t.indexes if i.where]
    items += [(f"index {i.name} expression", p.expression) for i in t.indexes for p in i.parts if p.expression]
    items += [(f"exclusion {x.name} predicate", x.where) for x in t.exclusions if x.where]
    items += [(f"exclusion {x.name} expression", e.part.expression) for x in t.exclusions for e in x.elements
              if e.part.expression]
    for what, sql in items:
        try:
            refs = expr.columns(sql)
        except expr.ExpressionError as e:
            yield f"table {t.qualified}: {what}: {e}"
            continue
        names = {c.name for c in t.columns}
        if what.startswith("column ") and what.endswith(" generated expression"):
            own = what[len("column "):-len(" generated expression")]
            if own in refs:
                yield f"table {t.qualified}: {what} refers to its own column"
            elif _generated_cycle(t, own):
                yield (f"table {t.qualified}: {what} refers back to itself through other generated columns: "
                       "use their expressions")
        for name in sorted(refs - names):
            cased = [c for c in sorted(names) if c.lower() == name]
            hint = (f"; an unquoted name is folded to lower case: write \"{cased[0]}\" in double quotes"
                    if cased else "")
            yield f"table {t.qualified}: {what} refers to column {name!r}, which the table does not have{hint}"


def _generated_cycle(t: Table, name: str) -> bool:
    """Whether generated column `name` of `t` reaches itself through the generated columns its
    expression refers to (a generated column may use another one, not itself)."""
    generated = {c.name: c.generated.expression for c in t.columns if c.generated}
    seen: set[str] = set()
    todo = [name]
    while todo:
        try:
            refs = expr.columns(generated[todo.pop()]) & generated.keys()
        except expr.ExpressionError:
            return False
        if name in refs:
            return True
        todo += [r for r in refs if r not in seen]
        seen |= refs
    return False


def _partitioning(t: Table) -> Iterator[str]:
    p = t.partitioning
    if p is None:
        return
    where = f"table {t.qualified}, partitioning"
    if not t.has_column(p.column):
        yield f"{where}: column {p.column!r} does not exist"
        return
    c = t.column(p.column)
    if p.start is not None:
        if c.type.kind not in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ, Kind.DATE) or c.nullable:
            yield f"{where}: column {p.column} must be a NOT NULL timestamp or date"
        if p.months < 1 or p.start.day != 1:
            yield f"{where}: start must be the first day of a month and months >= 1"
        if p.method is not PartitionMethod.RANGE or p.partitions or p.lower is not None or p.default:
            yield f"{where}: the monthly form (start, months) takes no method, partitions, lower or default"
        yield from _rolling(p, where)
    else:
        if p.rolling is not None or p.future:
            yield (f"{where}: a rolling policy and a future catch-all are for the monthly form (start, months); "
                   "LIST, HASH and fixed ranges stay as declared")
        yield from _explicit_partitions(t, p, where)
    keys = [("primary key", t.primary_key)] + [(f"unique {u.name}", u.columns) for u in t.uniques]
    keys += [(f"unique index {i.name}", i.columns) for i in t.indexes if i.unique]
    for what, cols in keys:
        if cols and p.column not in cols:
            yield (f"table {t.qualified}: {what} {list(cols)} lacks the partition column {p.column!r}; "
                   f"every unique key of a partitioned table must include it")


def _rolling(p: Partitioning, where: str) -> Iterator[str]:
    r = p.rolling
    if r is None:
        return
    if not isinstance(r.ahead, int) or r.ahead < 0:
        yield f"{where}: rolling ahead must be a number of months >= 0, not {r.ahead!r}"
    if r.archive_after is not None and (not isinstance(r.archive_after, int) or r.archive_after < 0):
        yield f"{where}: rolling archive_after must be a number of months >= 0 or None (keep), not {r.archive_after!r}"


_BOUND_TYPES = {Kind.DATE: (_dt.date,), Kind.TIMESTAMP: (_dt.datetime,), Kind.TIMESTAMPTZ: (_dt.datetime,)}


def _explicit_partitions(t: Table, p: Partitioning, where: str) -> Iterator[str]:
    """The explicit form: names unique, RANGE bounds ascending, LIST values disjoint, HASH plain."""
    kind = t.column(p.column).type.kind
    if p.months:
        yield f"{where}: months needs start (the monthly form)"
    names = list(p.names)
    if len(set(names)) != len(names):
        yield f"{where}: partition names {names} repeat"
    allowed = _BOUND_TYPES.get(kind, (int,) if kind in INTEGER_KINDS else (str,))
    values = [v for s in p.partitions for v in s.values]
    bounds = [s.upper for s in p.partitions if s.upper is not None] + ([p.lower] if p.lower is not None else [])
    for v in bounds + values:
        if isinstance(v, bool) or not isinstance(v, allowed) or (kind is Kind.DATE and isinstance(v, _dt.datetime)):
            yield f"{where}: bound {v!r} does not fit column {p.column} ({kind.value})"
            return
    if p.method is PartitionMethod.RANGE:
        if any(s.values for s in p.partitions):
            yield f"{where}: a RANGE partition has an upper bound, not values"
        uppers = [s.upper for s in p.partitions]
        if None in uppers[:-1]:
            yield f"{where}: only the last RANGE partition may end at MAXVALUE (upper None)"
        chain: list[Any] = ([p.lower] if p.lower is not None else []) + [u for u in uppers if u is not None]
        if any(not a < b for a, b in zip(chain, chain[1:])):
            yield f"{where}: RANGE bounds {chain} must ascend strictly from lower"
    elif p.method is PartitionMethod.LIST:
        if any(s.upper is not None or not s.values for s in p.partitions):
            yield f"{where}: each LIST partition lists its values (and has no upper bound)"
        if len(set(values)) != len(values):
            yield f"{where}: a value is listed by more than one LIST partition"
        if p.lower is not None:
            yield f"{where}: lower is for RANGE partitioning"
    else:
        if any(s.upper is not None or s.values for s in p.partitions) or p.lower is not None or p.default:
            yield f"{where}: HASH partitions have no bounds, values or default partition"


def _state_machines(t: Table) -> Iterator[str]:
    for sm in t.state_machines:
        where = f"table {t.qualified}, state machine {sm.name}"
        if not t.has_column(sm.column):
            yield f"{where}: column {sm.column!r} does not exist"
            continue
        ty = t.column(sm.column).type
        if ty.kind is Kind.ENUM:
            bad = sorted({s for pair in sm.transitions for s in pair} - set(ty.enum_type.values))
            if bad:
                yield f"{where}: states {bad} are not values of enum {ty.enum_type.name}"
        elif ty.kind is not Kind.VARCHAR:
            yield f"{where}: column {sm.column} must be an enum or varchar"


def _redundant_indexes(t: Table) -> Iterator[str]:
    covers: list[tuple[str, tuple[str, ...], tuple[bool, ...]]] = []
    if t.primary_key:
        covers.append(("the primary key", t.primary_key, (False,) * len(t.primary_key)))
    covers += [(f"unique {u.name}", u.columns, (False,) * len(u.columns)) for u in t.uniques]
    covers += [(f"index {i.name}", i.columns, tuple(p.desc for p in i.parts)) for i in t.indexes if i.is_plain]
    for i in t.indexes:
        if not i.is_plain or i.unique:
            continue
        dirs = tuple(p.desc for p in i.parts)
        for what, cols, cdirs in covers:
            if what == f"index {i.name}" or len(cols) < len(i.columns) or cols[:len(i.columns)] != i.columns:
                continue
            if (len(cols) == len(i.columns) and what.startswith("index ")
                    and covers.index((what, cols, cdirs)) > [c[0] for c in covers].index(f"index {i.name}")):
                continue  # of two identical indexes, report only the later one
            prefix = cdirs[:len(dirs)]
            if prefix == dirs or prefix == tuple(not d for d in dirs):
                yield (f"table {t.qualified}: index {i.name} {list(i.columns)} is redundant: {what} "
                       f"already covers it; drop the index")
                break


def _duplicate_indexes(t: Table) -> Iterator[str]:
    seen: dict = {}
    for i in t.indexes:
        key = (i.parts, i.unique, i.where, i.method)
        if key in seen and (i.unique or not i.is_plain):  # _redundant_indexes reports the others
            yield f"table {t.qualified}: index {i.name} is redundant: it repeats index {seen[key]}; drop one"
        seen.setdefault(key, i.name)


def _soft_delete(t: Table) -> Iterator[str]:
    name = t.soft_delete
    if name is None:
        return
    if not t.has_column(name):
        yield f"table {t.qualified}: soft_delete names column {name!r}, which the table does not have"
    elif t.column(name).type.kind not in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ) or not t.column(name).nullable:
        yield f"table {t.qualified}, column {name}: a soft-delete column must be a nullable timestamp"


def _is_textual(ty) -> bool:
    return ty.is_textual
