"""The model written out as schema code: a Python module in the catalog modules' style.

``write(schema, "app")`` returns the source of a module that imports the public API from
``schemakit`` and defines ``SYSTEM``; loading it (``--schema FILE.py``) gives `schema` back,
exactly. One ``Enum`` constant per enumerated type, one ``table(...)`` per table with its
columns (`col`), foreign keys (`fk`), uniques, checks, indexes, state machines and keyword
options (``pk=``, ``partition=``, ``soft_delete=``, ``namespace=``, ``comment=``), in the
schema's order. Every name and text is written with `repr`, so quotes, backslashes,
newlines and any Unicode come back unchanged. Defaults the builders fill in (an ``fk``'s
``name``, ``"id"`` as its referenced column, a ``unique``'s ``name``) are left out.

Two texts the builders would change are written with the model's own classes, imported
from ``schemakit.schema.model``: a check or index predicate whose whitespace `check` and
`index` would collapse (a literal holding two spaces or a newline), and an index part on a
column `part` cannot spell (a name that is not a single word).
"""
from __future__ import annotations

import datetime as _dt
import keyword
import re
from dataclasses import dataclass, field, fields, replace
from typing import Optional

from .model import (
    Action, Check, Collation, Column, ColumnType, Composite, Default, DefaultKind, Domain, Enum, Exclusion, ForeignKey, Index,
    IndexMethod, IndexPart, Kind, Outside, PartitionMethod, Partitioning, Rolling, Schema, StateMachine, Table, Unique,
)

INDENT = "    "
WIDTH = 110  # longest line written, where the texts in it allow
# The constants of the public API for the parameterless kinds (schemakit/__init__.py).
KIND_CONSTANTS = {
    Kind.UUID: "UUID", Kind.SMALLINT: "SMALLINT", Kind.INTEGER: "INTEGER", Kind.BIGINT: "BIGINT",
    Kind.TEXT: "TEXT", Kind.BOOLEAN: "BOOLEAN", Kind.TIMESTAMP: "TIMESTAMP", Kind.TIMESTAMPTZ: "TIMESTAMPTZ",
    Kind.DATE: "DATE", Kind.JSON: "JSON", Kind.JSONB: "JSONB", Kind.TINYINT: "TINYINT", Kind.REAL: "REAL",
    Kind.DOUBLE: "DOUBLE", Kind.BYTES: "BYTES", Kind.TIME: "TIME", Kind.TIMETZ: "TIMETZ",
    Kind.INTERVAL: "INTERVAL", Kind.YEAR: "YEAR",
}
# The public API's one-argument constructors of a length, and of a precision (fractional seconds).
LENGTH_CONSTRUCTORS = {Kind.VARCHAR: "varchar", Kind.CHAR: "char", Kind.VARBINARY: "varbinary", Kind.BINARY: "binary"}
PRECISION_CONSTRUCTORS = {Kind.TIMESTAMP: "timestamp", Kind.TIMESTAMPTZ: "timestamptz", Kind.TIME: "time"}
DEFAULT_CONSTANTS = {DefaultKind.NOW: "NOW", DefaultKind.UUID4: "GEN_UUID"}
# What `schemakit.schema.build.part` reads as a column name.
_PART_NAME = re.compile(r"^\w+$")
_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9_]")  # variables stay ASCII: Python folds other names (NFKC)


@dataclass
class _Names:
    """The module-level names the written module uses: imports, enum constants, table variables."""

    api: set[str] = field(default_factory=set)  # imported from schemakit
    model: set[str] = field(default_factory=set)  # imported from schemakit.schema.model
    dates: set[str] = field(default_factory=set)  # imported from datetime (date, datetime)
    taken: set[str] = field(default_factory=set)
    enums: dict[Enum, str] = field(default_factory=dict)
    domains: dict[Domain, str] = field(default_factory=dict)
    composites: dict[Composite, str] = field(default_factory=dict)

    def fresh(self, wanted: str, fallback: str) -> str:
        """A new module-level identifier close to `wanted` (a name of the model)."""
        base = _NOT_IDENTIFIER.sub("_", wanted) or fallback
        if base[0].isdigit() or keyword.iskeyword(base) or keyword.issoftkeyword(base) or base.startswith("__"):
            base = f"{fallback}_{base}"
        name, n = base, 2
        while name in self.taken:
            name, n = f"{base}_{n}", n + 1
        self.taken.add(name)
        return name


# Everything a written module may import; none may serve as a table variable or enum constant.
_RESERVED = {
    "annotations", "date", "check", "col", "expr", "fk", "index", "part", "state_machine", "table", "unique",
    "lit", "varchar", "decimal", "array", "enum_type", "char", "varbinary", "binary", "unsigned", "set_of",
    "timestamp", "timestamptz", "time", "NUMERIC", "native", "default_sql", "generated", "Collation", "Column",
    "Generated", "Action", "Enum", "IndexMethod", "Partitioning", "PartitionMethod", "PartitionSpec", "datetime",
    "Rolling", "Outside",
    "Schema", "System", "ColumnType", "Default", "DefaultKind", "Kind", "Check", "Index", "IndexPart", "SYSTEM",
    "exclude", "Exclusion", "ExclusionElement", "spelled", "domain", "domain_type", "Domain", "composite", "declared",
    "view", "VIEWS", "Sequence", "Routine", "Trigger", "Policy", "Grant",
    *KIND_CONSTANTS.values(), *DEFAULT_CONSTANTS.values(),
}


def write(schema: Schema, system: str, title: Optional[str] = None, docstring: Optional[str] = None) -> str:
    """Schema code for `schema` as system `system` (`title`: the System's title, default the
    name); `docstring` opens the module (default: one line naming the system)."""
    names = _Names(taken=set(_RESERVED))
    names.api.update({"Schema", "System"})
    enums = _enum_block(schema, names) + _domain_block(schema, names) + _composite_block(schema, names)
    tables = [_table_block(t, names) for t in schema.tables]
    variables = [v for v, _ in tables]
    types = _declared_types(schema, names)
    views = _views_block(schema, names)
    code = _code_objects(schema)
    system_call = (f"SYSTEM = System({_py(system)}, {_py(title if title is not None else system)}, "
                   f"Schema({_tuple(variables)}{', VIEWS' if views else ''}"
                   f"{f', types={_tuple(types)}' if types else ''}{''.join(f', {k}={v}' for k, v in code.items())}))")
    parts = [_docstring(docstring or f"{system}: schema code."), "from __future__ import annotations", ""]
    if names.dates:
        parts.append(f"from datetime import {', '.join(sorted(names.dates))}\n")
    parts.append(_import("schemakit", names.api))
    if names.model:
        parts.append(_import("schemakit.schema.model", names.model))
    if any(k in code for k in _CODE):
        parts.append(_import("schemakit.schema.code", {type(x).__name__ for k in _CODE for x in getattr(schema, k)}))
    if any(k in code for k in _POLICIES):
        parts.append(_import("schemakit.schema.policies", {type(x).__name__ for k in _POLICIES for x in getattr(schema, k)}))
    out = "\n".join(parts) + "\n"
    if enums:
        out += "\n" + "\n".join(enums) + "\n"
    for _, text in tables:
        out += "\n" + text + "\n"
    if views:
        out += "\n" + views + "\n"
    return out + "\n" + system_call + "\n"


def _lines(text: str) -> str:
    """A string literal, one source line per line of `text` (adjacent literals) when it has several."""
    parts = text.split("\n")
    if len(parts) == 1:
        return _py(text)
    return ("\n" + INDENT * 2).join(_py(p + "\n") for p in parts[:-1]) + "\n" + INDENT * 2 + _py(parts[-1])


def _views_block(schema: Schema, names: _Names) -> str:
    """``VIEWS = (view(...), ...)``: the schema's views, in dependency order ("" without any)."""
    if not schema.views:
        return ""
    names.api.add("view")
    calls = []
    for v in schema.views:
        args = [_py(v.name), _lines(v.body), _py(v.origin)]
        args += [f"{k}={_py(x)}" for k, x, plain in (("bodies", v.bodies, ()), ("absent", v.absent, ()),
                                                      ("materialized", v.materialized, False),
                                                      ("namespace", v.namespace, None), ("comment", v.comment, None),
                                                      ("populated", v.populated, True), ("indexes", v.indexes, ()))
                 if x != plain]
        calls.append(f"{INDENT}view({', '.join(args)}),")
    return "VIEWS = (\n" + "\n".join(calls) + "\n)"
# The Schema fields of schema/code.py's objects, written as their constructors with the fields that differ
# from the defaults (`repr` of each value).
_CODE = ("extensions", "sequences", "routines", "triggers")
_POLICIES = ("policies", "grants")  # schema/policies.py's, written the same way


def _code_objects(schema: Schema) -> dict[str, str]:
    """Schema keyword -> the tuple of its sequences, routines, triggers, policies or grants as Python source
    (those it has)."""
    out = {}
    for key in _CODE + _POLICIES:
        items = [_call(type(x).__name__, [f"{f.name}={_py(getattr(x, f.name))}" for f in fields(x)
                                          if getattr(x, f.name) != f.default], INDENT)
                 for x in getattr(schema, key)]
        if items:
            out[key] = "(\n" + "".join(f"{INDENT}{item},\n" for item in items) + ")"
    return out


def _docstring(text: str) -> str:
    """`text` as a docstring literal: triple-quoted when that spells it as it is, else `repr`."""
    if all(line.isprintable() for line in text.split("\n")) and "\\" not in text and '"""' not in text \
            and not text.endswith('"'):
        return f'"""{text}"""'
    return _py(text)


def _import(module: str, names: set[str]) -> str:
    """``from module import (...)`` of `names`, sorted, wrapped at 110 columns."""
    line, lines = "", []
    for name in sorted(names, key=lambda n: (n.lower(), n)):
        item = f"{name}, "
        if len(INDENT + line + item) > 110:
            lines.append(INDENT + line.rstrip())
            line = ""
        line += item
    lines.append(INDENT + line.rstrip())
    return f"from {module} import (\n" + "\n".join(lines) + "\n)"


def _tuple(items: list[str]) -> str:
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


# -- enums and types ------------------------------------------------------------------------------
def _enum_block(schema: Schema, names: _Names) -> list[str]:
    """One ``NAME = Enum(...)`` per distinct enumerated type, in order of first use."""
    out = []
    declared = [ColumnType(Kind.ENUM, enum=x.type) for x in schema.types if isinstance(x.type, Enum)]
    fields = [ty for x in schema.types if isinstance(x.type, Composite) for _, ty in x.type.fields]
    for ty in [ty for t in schema.tables for c in t.columns for ty in (c.type, c.type.item)] + declared + fields:
        if ty is not None and ty.kind is Kind.ENUM and ty.enum is not None and ty.enum not in names.enums:
            const = names.fresh(ty.enum.name.upper(), "ENUM")
            names.enums[ty.enum] = const
            names.api.add("Enum")
            head = f"{const} = Enum({_py(ty.enum.name)}, "
            values = _strings(ty.enum.values)
            if len(head + values) + 1 > WIDTH:
                values = "(\n" + _pack([_py(v) for v in ty.enum.values], INDENT) + "\n)"
            out.append(f"{head}{values})")
    return out


def _domain_block(schema: Schema, names: _Names) -> list[str]:
    """One ``NAME = domain(...)`` per domain, in order of first use."""
    out = []
    for d in schema.domains().values():
        if d in names.domains:
            continue
        const = names.fresh(d.name.upper(), "DOMAIN")
        names.domains[d] = const
        names.api.add("domain")
        args = [_py(d.name), _type(d.base, names)] + [_check(k, names) for k in d.checks]
        args += ["null=False"] if d.not_null else []
        args += [f"default={_default(d.default, names)}"] if d.default is not None else []
        out.append(f"{const} = {_call('domain', args)}")
    return out


def _composite_block(schema: Schema, names: _Names) -> list[str]:
    """One ``NAME = composite(...)`` per declared composite type."""
    out = []
    for c in schema.composites().values():
        if c in names.composites:
            continue
        const = names.fresh(c.name.upper(), "TYPE")
        names.composites[c] = const
        names.api.add("composite")
        out.append(f"{const} = {_call('composite', [_py(c.name)] + [f'({_py(n)}, {_type(ty, names)})' for n, ty in c.fields])}")
    return out


def _declared_types(schema: Schema, names: _Names) -> list[str]:
    """``declared(CONST[, namespace])`` of each type the schema declares by itself."""
    if schema.types:
        names.api.add("declared")
    consts: dict = {**names.enums, **names.domains, **names.composites}
    return [f"declared({consts[x.type]}{f', {_py(x.namespace)}' if x.namespace else ''}"
            f"{f', comment={_py(x.comment)}' if x.comment is not None else ''})" for x in schema.types]


def _strings(values: tuple) -> str:
    return "(" + ", ".join(_py(v) for v in values) + ("," if len(values) == 1 else "") + ")"


def _type(ty: ColumnType, names: _Names) -> str:
    """The public API's spelling of a column type."""
    if ty.domain is not None and ty == replace(ty.domain.base, domain=ty.domain):
        names.api.add("domain_type")
        return f"domain_type({names.domains[ty.domain]})"
    if ty.kind is not Kind.NATIVE and ty.native is not None and ty.origin is not None:
        names.api.add("spelled")
        return f"spelled({_type(replace(ty, native=None, origin=None), names)}, {_py(ty.native)}, {_py(ty.origin)})"
    if ty.unsigned and ty == replace(ColumnType(ty.kind), unsigned=True):
        names.api.add("unsigned")
        return f"unsigned({_type(ColumnType(ty.kind), names)})"
    if ty.kind in KIND_CONSTANTS and ty == ColumnType(ty.kind):
        names.api.add(KIND_CONSTANTS[ty.kind])
        return KIND_CONSTANTS[ty.kind]
    if ty == ColumnType(Kind.DECIMAL):
        names.api.add("NUMERIC")
        return "NUMERIC"
    if ty.kind in LENGTH_CONSTRUCTORS and ty == ColumnType(ty.kind, length=ty.length) and ty.length is not None:
        names.api.add(LENGTH_CONSTRUCTORS[ty.kind])
        return f"{LENGTH_CONSTRUCTORS[ty.kind]}({_py(ty.length)})"
    if ty.kind in PRECISION_CONSTRUCTORS and ty == ColumnType(ty.kind, precision=ty.precision) \
            and ty.precision is not None:
        names.api.add(PRECISION_CONSTRUCTORS[ty.kind])
        return f"{PRECISION_CONSTRUCTORS[ty.kind]}({_py(ty.precision)})"
    if ty.kind is Kind.NATIVE and ty == ColumnType(Kind.NATIVE, native=ty.native, origin=ty.origin) \
            and ty.native is not None and ty.origin is not None:
        names.api.add("native")
        return f"native({_py(ty.native)}, {_py(ty.origin)})"
    if ty.kind is Kind.SET and ty == ColumnType(Kind.SET, values=ty.values) and ty.values:
        names.api.add("set_of")
        return f"set_of({', '.join(_py(v) for v in ty.values)})"
    if ty.kind is Kind.DECIMAL and ty == ColumnType(Kind.DECIMAL, precision=ty.precision, scale=ty.scale) \
            and ty.precision is not None and ty.scale is not None:
        names.api.add("decimal")
        return f"decimal({_py(ty.precision)}, {_py(ty.scale)})"
    if ty.kind is Kind.ARRAY and ty.item is not None and ty == ColumnType(Kind.ARRAY, item=ty.item):
        names.api.add("array")
        return f"array({_type(ty.item, names)})"
    if ty.kind is Kind.ENUM and ty.enum is not None and ty == ColumnType(Kind.ENUM, enum=ty.enum):
        names.api.add("enum_type")
        return f"enum_type({names.enums[ty.enum]})"
    # A type no constructor makes (a decimal without precision...): the model's own class.
    names.api.add("ColumnType")
    names.model.add("Kind")
    args = [f"Kind.{ty.kind.name}"]
    args += [f"{f}={_py(getattr(ty, f))}" for f in ("length", "precision", "scale") if getattr(ty, f) is not None]
    if ty.values:
        args.append(f"values={_strings(ty.values)}")
    if ty.unsigned:
        args.append("unsigned=True")
    for f in ("native", "origin"):
        if getattr(ty, f) is not None:
            args.append(f"{f}={_py(getattr(ty, f))}")
    if ty.item is not None:
        args.append(f"item={_type(ty.item, names)}")
    if ty.enum is not None:
        args.append(f"enum={names.enums.get(ty.enum) or _enum_literal(ty.enum, names)}")
    return f"ColumnType({', '.join(args)})"


def _enum_literal(e: Enum, names: _Names) -> str:
    names.api.add("Enum")
    return f"Enum({_py(e.name)}, {_strings(e.values)})"


def _default(d: Default, names: _Names) -> str:
    if d.kind in DEFAULT_CONSTANTS and d.value is None:
        names.api.add(DEFAULT_CONSTANTS[d.kind])
        return DEFAULT_CONSTANTS[d.kind]
    if d.kind is DefaultKind.LITERAL:
        names.api.add("lit")
        return f"lit({_literal(d.value)})"
    if d.kind is DefaultKind.EXPRESSION and isinstance(d.value, str):
        names.api.add("default_sql")
        return f"default_sql({_py(d.value)})"
    names.api.add("Default")
    names.model.add("DefaultKind")
    return f"Default(DefaultKind.{d.kind.name}, {_literal(d.value)})"


def _py(value) -> str:
    """`value` as Python source: `repr`, with a string in double quotes when that needs no escape
    `repr` would not have written (the catalog modules' style)."""
    text = repr(value)
    if isinstance(value, str) and text.startswith("'") and '"' not in value:
        return f'"{text[1:-1]}"'
    return text


def _literal(value) -> str:
    """A default's value as Python source (floats that `repr` cannot spell included)."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return f"float({_py(str(value))})"
    return _py(value)


# -- tables ---------------------------------------------------------------------------------------------
def _table_block(t: Table, names: _Names) -> tuple[str, str]:
    """(variable, ``variable = table(...)``) for one table."""
    var = names.fresh(f"{t.namespace}_{t.name}" if t.namespace else t.name, "t")
    names.api.add("table")
    items = [_py(t.name)]
    items += [_column(c, names) for c in t.columns]
    items += [_foreign_key(t, f, names) for f in t.foreign_keys]
    items += [_unique(t, u, names) for u in t.uniques]
    items += [_check(c, names) for c in t.checks]
    items += [_exclusion(x, names) for x in t.exclusions]
    items += [_index(i, names) for i in t.indexes]
    items += [_state_machine(s, names) for s in t.state_machines]
    if t.primary_key:
        items.append(f"pk={_columns(t.primary_key)}")
    if t.primary_key_comment is not None:
        items.append(f"pk_comment={_py(t.primary_key_comment)}")
    if t.partitioning is not None:
        items.append(f"partition={_partitioning(t.partitioning, names)}")
    for key in ("soft_delete", "namespace", "comment", "charset"):
        if getattr(t, key) is not None:
            items.append(f"{key}={_py(getattr(t, key))}")
    if t.collation is not None:
        items.append(f"collation={_collation(t.collation, names)}")
    if not t.strict:
        items.append("strict=False")
    for key in ("row_security", "force_row_security"):
        if getattr(t, key):
            items.append(f"{key}=True")
    body = "".join(f"{INDENT}{item},\n" for item in items)
    return var, f"{var} = table(\n{body})"


def _columns(cols: tuple[str, ...]) -> str:
    """One column as its name, several (or none) as a tuple of names."""
    return _py(cols[0]) if len(cols) == 1 else _strings(cols)


def _column(c: Column, names: _Names) -> str:
    names.api.add("col")
    args = [_py(c.name), _type(c.type, names)]
    if not c.nullable:
        args.append("null=False")
    if c.default is not None:
        args.append(f"default={_default(c.default, names)}")
    if c.identity and c.identity_always and c.identity_sequence or not c.identity and (
            c.identity_always or c.identity_sequence):  # what `col` cannot spell (validation refuses it)
        return _column_object(c, names)  # the model's own fields
    if c.identity:
        args.append('identity="always"' if c.identity_always else
                    'identity="sequence"' if c.identity_sequence else "identity=True")
    if c.on_update_now:
        args.append("on_update_now=True")
    if c.comment is not None:
        args.append(f"comment={_py(c.comment)}")
    if c.generated is not None:
        if c.generated.expression != " ".join(c.generated.expression.split()):
            return _column_object(c, names)
        names.api.add("generated")
        args.append(f"generated=generated({_py(c.generated.expression)}{'' if c.generated.stored else ', stored=False'})")
    if c.collation is not None:
        args.append(f"collation={_collation(c.collation, names)}")
    return _call("col", args)


def _collation(c: Collation, names: _Names) -> str:
    names.api.add("Collation")
    return f"Collation({_py(c.name)}, {_py(c.origin)})"


def _column_object(c: Column, names: _Names) -> str:
    """A column `col` cannot spell, with the model's own classes."""
    names.model.update({"Column", "Generated"})
    args = [_py(c.name), _type(c.type, names)]
    if not c.nullable:
        args.append("nullable=False")
    if c.default is not None:
        args.append(f"default={_default(c.default, names)}")
    for flag in ("identity", "on_update_now", "identity_always", "identity_sequence"):
        if getattr(c, flag):
            args.append(f"{flag}=True")
    if c.comment is not None:
        args.append(f"comment={_py(c.comment)}")
    if c.generated is not None:
        args.append(f"generated=Generated({_py(c.generated.expression)}, stored={c.generated.stored!r})")
    if c.collation is not None:
        args.append(f"collation={_collation(c.collation, names)}")
    return _call("Column", args)


def _foreign_key(t: Table, f: ForeignKey, names: _Names) -> str:
    names.api.add("fk")
    args = [_columns(f.columns), _py(f.ref_table)]
    if f.ref_columns != ("id",):
        args.append(_columns(f.ref_columns))
    if f.on_delete is not Action.NO_ACTION:
        names.api.add("Action")
        args.append(f"on_delete=Action.{f.on_delete.name}")
    if f.on_update is not Action.NO_ACTION:
        names.api.add("Action")
        args.append(f"on_update=Action.{f.on_update.name}")
    if f.name != f"{t.name}_{'_'.join(f.columns)}_fkey":
        args.append(f"name={_py(f.name)}")
    if f.ref_namespace is not None:
        args.append(f"ref_namespace={_py(f.ref_namespace)}")
    return _call("fk", args + _comment(f.comment))


def _comment(comment: Optional[str]) -> list[str]:
    """The ``comment=`` argument of a constraint with a comment (none without)."""
    return [] if comment is None else [f"comment={_py(comment)}"]


def _unique(t: Table, u: Unique, names: _Names) -> str:
    names.api.add("unique")
    args = [_py(c) for c in u.columns]
    if u.name != f"{t.name}_{'_'.join(u.columns)}_key":
        args.append(f"name={_py(u.name)}")
    return f"unique({', '.join(args + _comment(u.comment))})"


def _collapsed(text: str) -> bool:
    """Whether the builders keep `text` as it is (they collapse runs of whitespace)."""
    return " ".join(text.split()) == text


def _check(c: Check, names: _Names) -> str:
    if _collapsed(c.expression):
        names.api.add("check")
        return _call("check", [_py(c.name), _py(c.expression)] + _comment(c.comment))
    names.model.add("Check")
    return f"Check({', '.join([_py(c.name), _py(c.expression)] + _comment(c.comment))})"


def _index(i: Index, names: _Names) -> str:
    exact = i.where is None or (i.where != "" and _collapsed(i.where))
    parts = [_part(p, names, spelled=exact) for p in i.parts]
    options = []
    if i.unique:
        options.append("unique=True")
    if i.where is not None:
        options.append(f"where={_py(i.where)}")
    if i.method is not IndexMethod.BTREE:
        names.api.add("IndexMethod")
        options.append(f"method=IndexMethod.{i.method.name}")
    if i.include:
        options.append(f"include={_strings(i.include)}")
    if i.comment is not None:
        options.append(f"comment={_py(i.comment)}")
    spelled = [p for p in parts if p is not None]
    if exact and len(spelled) == len(parts):
        names.api.add("index")
        return _call("index", [_py(i.name)] + spelled + options)
    names.model.update({"Index", "IndexPart"})
    exact_parts = [_part_object(p, names) for p in i.parts]
    return f"Index({_py(i.name)}, {_tuple(exact_parts)}{''.join(', ' + o for o in options)})"


def _exclusion(x: Exclusion, names: _Names) -> str:
    """``exclude(name, (part, operator), ..., using=..., where=...)``, or the model objects when `exclude`
    cannot spell a part or the predicate exactly."""
    exact = x.where is None or (x.where != "" and _collapsed(x.where))
    parts = [_part(e.part, names, spelled=exact) for e in x.elements]
    options = []
    if x.method is not IndexMethod.GIST:
        names.api.add("IndexMethod")
        options.append(f"using=IndexMethod.{x.method.name}")
    if x.where is not None:
        options.append(f"where={_py(x.where)}")
    options += _comment(x.comment)
    if exact and all(p is not None for p in parts):
        names.api.add("exclude")
        return _call("exclude", [_py(x.name)] + [f"({p}, {_py(e.operator)})" for p, e in zip(parts, x.elements)]
                     + options)
    names.api.add("IndexMethod")
    names.model.update({"Exclusion", "ExclusionElement", "IndexPart"})
    elements = [f"ExclusionElement({_part_object(e.part, names)}, {_py(e.operator)})" for e in x.elements]
    return (f"Exclusion({_py(x.name)}, {_tuple(elements)}, method=IndexMethod.{x.method.name}"
            + (f", where={_py(x.where)}" if x.where is not None else "")
            + "".join(f", {o}" for o in _comment(x.comment)) + ")")


def _part(p: IndexPart, names: _Names, spelled: bool = True) -> Optional[str]:
    """An index part as `index` takes it (``"col"``, ``"col(8) DESC"``, ``expr(...)``); None
    when `part` cannot spell it."""
    if not spelled:
        return None
    if p.expression is not None and p.column is None and p.prefix is None:
        names.api.add("expr")
        opclass = f", opclass={_py(p.opclass)}" if p.opclass is not None else ""
        return f"expr({_py(p.expression)}{', desc=True' if p.desc else ''}{opclass})"
    if p.column is None or p.expression is not None or not _PART_NAME.match(p.column):
        return None
    if p.opclass is not None and (not _PART_NAME.match(p.opclass) or p.opclass.upper() in ("ASC", "DESC")):
        return None
    spec = (p.column + (f"({p.prefix})" if p.prefix is not None else "") + (f" {p.opclass}" if p.opclass else "")
            + (" DESC" if p.desc else ""))
    return _py(spec)


def _part_object(p: IndexPart, names: _Names) -> str:
    args = [f"{f}={_py(getattr(p, f))}" for f in ("column", "expression", "prefix", "opclass")
            if getattr(p, f) is not None]
    if p.desc:
        args.append("desc=True")
    return f"IndexPart({', '.join(args)})"


def _state_machine(s: StateMachine, names: _Names) -> str:
    names.api.add("state_machine")
    pairs = [f"({_py(a)}, {_py(b)})" for a, b in s.transitions]
    head = f"state_machine({_py(s.name)}, {_py(s.column)}, "
    if len(INDENT + head + ", ".join(pairs)) + 4 <= WIDTH:
        return f"{head}[{', '.join(pairs)}])"
    return f"{head}[\n{_pack(pairs, INDENT * 2)}\n{INDENT}])"


def _pack(items: list[str], indent: str) -> str:
    """`items` comma-separated over lines of at most `WIDTH` (an item longer than that alone),
    each line indented by `indent` and ending with a comma."""
    lines: list[str] = []
    line = ""
    for item in items:
        if line and len(indent + line + item) + 1 > WIDTH:
            lines.append(indent + line.rstrip())
            line = ""
        line += item + ", "
    lines.append(indent + line.rstrip())
    return "\n".join(lines)


def _call(name: str, args: list[str], indent: str = INDENT) -> str:
    """``name(args)`` on one line when it fits, else its arguments packed over lines (hanging indent)."""
    one = f"{name}({', '.join(args)})"
    if len(indent + one) + 1 <= WIDTH:
        return one
    lines: list[str] = []
    line = f"{name}("
    for n, arg in enumerate(args):
        sep = ", " if n < len(args) - 1 else ""
        if line.strip() and not line.endswith("(") and len(indent + line + arg + sep) > WIDTH:
            lines.append(line.rstrip())
            line = indent + INDENT
        line += arg + sep
    lines.append(line + ")")
    return "\n".join(lines)


def _partitioning(p: Partitioning, names: _Names) -> str:
    names.api.add("Partitioning")
    if p.start is not None:
        names.dates.add("date")
        start = f"date({p.start.year}, {p.start.month}, {p.start.day})"
        extra = (", future=True" if p.future else "") + (f", rolling={_rolling(p.rolling, names)}" if p.rolling else "")
        return f"Partitioning({_py(p.column)}, start={start}, months={_py(p.months)}{extra})"
    args = [_py(p.column)]
    if p.method is not PartitionMethod.RANGE:
        names.model.add("PartitionMethod")
        args.append(f"method=PartitionMethod.{p.method.name}")
    if p.lower is not None:
        args.append(f"lower={_bound(p.lower, names)}")
    if p.partitions:
        names.model.add("PartitionSpec")
        specs = [_partition_spec(s, names) for s in p.partitions]
        args.append("partitions=(\n" + _pack(specs, INDENT * 2) + "\n" + INDENT + ")")
    if p.default is not None:
        args.append(f"default={_py(p.default)}")
    return "Partitioning(" + ", ".join(args) + ")"


def _rolling(r: Rolling, names: _Names) -> str:
    """``Rolling(ahead=3, archive_after=6, outside=Outside.DEFAULT)``, its defaults left out."""
    names.api.add("Rolling")
    args = [f"ahead={_py(r.ahead)}"] + ([f"archive_after={_py(r.archive_after)}"] if r.archive_after is not None else [])
    if r.outside is not Outside.REJECT:
        names.api.add("Outside")
        args.append(f"outside=Outside.{r.outside.name}")
    return "Rolling(" + ", ".join(args) + ")"


def _partition_spec(s, names: _Names) -> str:
    args = [_py(s.name)]
    if s.upper is not None:
        args.append(f"upper={_bound(s.upper, names)}")
    if s.values:
        args.append("values=(" + ", ".join(_bound(v, names) for v in s.values) + ("," if len(s.values) == 1 else "") + ")")
    return "PartitionSpec(" + ", ".join(args) + ")"


def _bound(v, names: _Names) -> str:
    """A partition bound as Python source (``date(2023, 1, 1)``, ``datetime(...)``, a number or text)."""
    if isinstance(v, _dt.datetime):
        names.dates.add("datetime")
        parts = [v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond]
        while len(parts) > 3 and parts[-1] == 0:
            parts.pop()
        return f"datetime({', '.join(str(n) for n in parts)})"
    if isinstance(v, _dt.date):
        names.dates.add("date")
        return f"date({v.year}, {v.month}, {v.day})"
    return _py(v)
