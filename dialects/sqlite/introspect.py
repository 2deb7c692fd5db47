"""Reading a live SQLite database back into the model.

Per namespace (an attached database) three bulk queries, whatever the number
of tables: sqlite_schema (the CREATE text of every table, index and trigger),
pragma_table_xinfo joined over every table (columns, defaults, primary key) and
pragma_foreign_key_list joined likewise. What the pragmas do not hold is read
from the CREATE text SQLite keeps verbatim: constraint names, CHECK bodies, the
``sk_type`` names that carry model types, comments, index expressions and
predicates, and the bodies of schemakit's triggers, COLLATE clauses, DEFAULT
expressions in parentheses and the expressions of generated columns. One more
query per namespace (pragma_table_list) says which tables are STRICT.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Collection, Optional, Sequence

from sqlglot import exp

from schemakit.schema import expr as cexpr
from schemakit.schema.model import (
    FLOAT_KINDS, INTEGER_KINDS, GEN_UUID, NOW, Action, Check, Collation, Column, ColumnType, Default, DefaultKind,
    Enum, ForeignKey, Generated, Index, IndexPart, Kind, Schema, StateMachine, Table, Unique, lit, native,
)
from schemakit.schema.validate import RESERVED_PREFIX as RESERVED

from ..base import Skipped, quote_identifier, skip
from . import code
from . import storage as sl, views as sl_views


class IntrospectionError(ValueError):
    """A live object schemakit cannot map back to the model."""


# -- tokens ----------------------------------------------------------------------------
# Coarse tokens covering the text exactly: comments, string literals, quoted identifiers,
# newlines, parentheses and commas are tokens of their own; every other run of characters
# (words, numbers, operators, spaces) is one token, split into words only where it matters.
# In a CREATE TABLE body a balanced parenthesised group (up to GROUP_DEPTH deep) is one
# token too, read further only where needed: few tokens per line keep reading 1,000 tables
# near the cost of the catalog queries. Deeper nesting falls back to single parentheses.
_QUOTED = r"""'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`(?:[^`]|``)*`?|\[[^\]]*\]?"""
_COMMENT = r"""--[^\n]*|/\*.*?(?:\*/|\Z)"""
_RUN = r"""(?:[^'"`\[\n(),\-/]|-(?!-)|/(?!\*))+"""
# Inside a group every character has one reading (a "-" or "/" that could start a comment
# is a comment) and nothing is ever given back (possessive ``*+``: no alternative matches a
# parenthesis), so a group that does not close fails in linear time.
_IN_GROUP = (r"""--[^\n]*+|/\*(?>.*?\*/)|'(?:[^']|'')*+'|"(?:[^"]|"")*+"|`(?:[^`]|``)*+`|\[[^\]]*+\]"""
             r"""|[^'"`\[()\-/]|-(?!-)|/(?!\*)""")
GROUP_DEPTH = 8


def _group_pattern(depth: int) -> str:
    inner = _IN_GROUP if depth == 1 else f"{_IN_GROUP}|{_group_pattern(depth - 1)}"
    return rf"\((?:{inner})*+\)"


_TOKEN = re.compile(f"{_COMMENT}|{_QUOTED}|[\n(),]|{_RUN}", re.S)
_GROUPED = re.compile(f"{_COMMENT}|{_QUOTED}|{_group_pattern(GROUP_DEPTH)}|[\n(),]|{_RUN}", re.S)
_SINGLE = frozenset("'\"`[(),")  # first characters of tokens that are atoms as they are
_QUOTES = {'"': '"', "`": "`", "[": "]"}


def tokens(sql: str, grouped: bool = False) -> list[str]:
    """The coarse tokens of `sql` (whole parenthesised groups if `grouped`); joined, `sql` again."""
    return (_GROUPED if grouped else _TOKEN).findall(sql)


def _expand(tok: str, out: list[str]) -> None:
    if tok[0] in _SINGLE:
        out.append(tok)
    elif not tok.startswith(("--", "/*")):
        out.extend(tok.split())


def atoms(sql: str) -> list[str]:
    """The significant pieces of `sql`: words, literals, identifiers and punctuation."""
    out: list[str] = []
    for tok in tokens(sql):
        _expand(tok, out)
    return out


def is_word(atom: str, *words: str) -> bool:
    """`atom` is an unquoted keyword among `words` (upper case).

    Quoted atoms keep their quotes, so they never equal a bare keyword.
    """
    return atom.upper() in words


def name_of(atom: str) -> str:
    """The identifier an atom spells, unquoted."""
    close = _QUOTES.get(atom[0])
    if close is None:
        return atom
    body = atom[1:-1]
    return body if close == "]" else body.replace(close * 2, close)


def string_of(atom: str) -> str:
    """The value of a string literal atom."""
    return atom[1:-1].replace("''", "'")


def closing(items: Sequence[str], i: int) -> int:
    """Index of the ``)`` matching the ``(`` at items[i]."""
    depth = 0
    for j in range(i, len(items)):
        depth += (items[j] == "(") - (items[j] == ")")
        if depth == 0:
            return j
    raise IntrospectionError("unbalanced parentheses")


def group_text(a: Sequence[str], i: int) -> tuple[str, int]:
    """The text inside the parentheses at a[i] (one group atom, or ``(`` ... ``)``), and the index after."""
    if a[i] != "(":
        return a[i][1:-1], i + 1
    j = closing(a, i)
    return text_of(a[i + 1:j]), j + 1


def split_commas(items: Sequence[str]) -> list[list[str]]:
    """Atoms split at commas outside parentheses."""
    out: list[list[str]] = [[]]
    depth = 0
    for a in items:
        depth += (a == "(") - (a == ")")
        if a == "," and depth == 0:
            out.append([])
        else:
            out[-1].append(a)
    return [x for x in out if x]


def text_of(items: Sequence[str]) -> str:
    """Atoms joined back into SQL (whitespace aside, the original text)."""
    return " ".join(items)


def decode_comment(text: str) -> str:
    """A ``-- `` line comment written by `sqlite.line_comment`, unescaped."""
    body = text[3:] if text.startswith("-- ") else text[2:]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), body)


def parse_attach(sql: str) -> tuple[Optional[str], str]:
    """(file, schema name) of an ``ATTACH [DATABASE] expr AS name`` statement: the file when `expr` is
    a string literal, else None (the expression of `storage.namespace_file_sql`)."""
    found = atoms(sql)
    first = 2 if len(found) > 1 and is_word(found[1], "DATABASE") else 1
    literal = found[first][0] == "'" and is_word(found[first + 1], "AS")
    return (string_of(found[first]) if literal else None), name_of(found[-1])


# -- CREATE TABLE text -------------------------------------------------------------------
@dataclass
class Item:
    """One column definition or table constraint, with its trailing comment."""

    atoms: list = field(default_factory=list)
    comment: Optional[str] = None


@dataclass
class ColumnText:
    """What a column's definition text says beyond the pragmas."""

    spec: Optional[str] = None  # the type part of its sk_type constraint
    values: tuple[str, ...] = ()  # string literals of that CHECK (enum values)
    check: Optional[str] = None  # the body of that CHECK
    comment: Optional[str] = None
    collation: Optional[str] = None  # the COLLATE of its definition, as written
    default: Optional[str] = None  # the text of a DEFAULT (expression) in parentheses
    generated: Optional[str] = None  # the expression of GENERATED ALWAYS AS (expression)


@dataclass
class TableText:
    """What a CREATE TABLE text says beyond the pragmas."""

    comment: Optional[str] = None
    columns: dict = field(default_factory=dict)
    checks: list = field(default_factory=list)
    uniques: list = field(default_factory=list)
    fk_names: dict = field(default_factory=dict)  # (columns, ref table) -> name
    options: list = field(default_factory=list)  # (code, subject, clause) the model has no place for


def create_items(sql: str) -> tuple[Optional[str], list[Item]]:
    """The table comment and the items of a CREATE TABLE text.

    A comment belongs to the first item that starts on its line, or on the
    line of the opening parenthesis before any item, to the table. The
    renderer writes one item per line; ``ALTER TABLE ADD COLUMN`` appends a
    column after the last column's definition, on its line and before its
    comment (https://www.sqlite.org/lang_altertable.html), so the comment
    stays with the column it was written for. One flat loop: this is the
    hot path of introspection.
    """
    header, items, depth = Item(), [Item()], 1
    owner: Optional[Item] = header
    cur = items[-1]
    for t in _body_tokens(sql):
        c = t[0]
        if t == "(" or t == ")":  # a whole group token leaves the depth as it is
            depth += 1 if c == "(" else -1
            if depth == 0:
                break
        elif c == "," and depth == 1:
            cur = Item()
            items.append(cur)
            continue
        elif c == "\n":
            owner = None
            continue
        elif t.startswith("--"):
            if owner is not None and owner.comment is None:
                owner.comment = decode_comment(t)
            continue
        elif c not in _SINGLE:
            if not t.startswith("/*"):
                words = t.split()
                cur.atoms.extend(words)
                if words and (owner is None or owner is header):
                    owner = cur
            continue
        cur.atoms.append(t)
        if owner is None or owner is header:
            owner = cur
    return header.comment, [it for it in items if it.atoms]


_NAME = r"""(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|[\w$]+)"""
_HEAD = re.compile(rf"\s*CREATE\s+(?:TEMP\w*\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:{_NAME}\s*\.\s*)?{_NAME}\s*\(",
                   re.I)


def _body_tokens(sql: str) -> list[str]:
    """Tokens of a CREATE TABLE body, groups inside it whole, up to and with its ``)``."""
    head = _HEAD.match(sql)
    if head is not None:
        return _GROUPED.findall(sql, head.end())
    toks = tokens(sql)
    return toks[toks.index("(") + 1:]


def parse_table(sql: str) -> TableText:
    """Constraint names, CHECKs, sk_type specs and comments of a CREATE TABLE text."""
    comment, items = create_items(sql)
    out = TableText(comment=comment)
    for it in items:
        head = 2 if is_word(it.atoms[0], "CONSTRAINT") else 0
        if is_word(it.atoms[head], "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"):
            _table_constraint(it.atoms, out)
            body = it.atoms[head:]  # an unnamed one is named by its words up to its column list: PRIMARY KEY (a, b)
            columns = next((i for i, x in enumerate(body) if x[0] == "("), len(body) - 1)
            subject = name_of(it.atoms[1]) if head else " ".join(x.upper() for x in body[:columns]) + f" {body[columns]}"
            out.options += [(code, subject, clause) for code, _, clause in _options(body)]
        else:
            _column_text(it.atoms, it.comment, out)
            out.options += [(code, named or name_of(it.atoms[0]), clause) for code, named, clause in _options(it.atoms[1:])]
    return out


def _options(a: list[str]) -> list[tuple[str, Optional[str], str]]:
    """(code, the name a CONSTRAINT clause gave the constraint it belongs to, clause) of each conflict clause
    (ON CONFLICT ROLLBACK|ABORT|FAIL|IGNORE|REPLACE of a key, NOT NULL or CHECK: what a refused row does,
    https://www.sqlite.org/lang_conflict.html) and each DEFERRABLE foreign key (checked at COMMIT,
    https://www.sqlite.org/foreignkeys.html#fk_deferred) among the atoms `a` of one definition."""
    out, pending = [], None
    for i, x in enumerate(a):
        if is_word(x, "CONSTRAINT") and i + 1 < len(a):
            pending = name_of(a[i + 1])
        elif is_word(x, "ON") and i + 2 < len(a) and is_word(a[i + 1], "CONFLICT"):
            out.append(("SKIP-CONSTRAINT-OPTION", pending, f"ON CONFLICT {a[i + 2].upper()}"))
        elif is_word(x, "DEFERRABLE") and not (i and is_word(a[i - 1], "NOT")):
            initially = f" INITIALLY {a[i + 2].upper()}" if i + 2 < len(a) and is_word(a[i + 1], "INITIALLY") else ""
            out.append(("SKIP-FK-OPTION", pending, f"DEFERRABLE{initially}"))
    return out


def _table_constraint(a: list[str], out: TableText) -> None:
    name = name_of(a[1]) if is_word(a[0], "CONSTRAINT") else None
    body = a[2:] if name is not None else a
    kind = body[0].upper()
    if kind == "CHECK":
        out.checks.append((name, group_text(body, 1)[0].strip()))
    elif kind == "UNIQUE":
        out.uniques.append((name, _names(group_text(body, 1)[0])))
    elif kind == "FOREIGN":
        columns, after = group_text(body, 2)
        out.fk_names[(_names(columns), name_of(body[after + 1]))] = name


def _column_text(a: list[str], comment: Optional[str], out: TableText) -> None:
    col = ColumnText(comment=comment)
    name = name_of(a[0])
    prefix = sl.TYPE_PREFIX + name + ":"
    collate = next((i for i, x in enumerate(a[:-1]) if len(x) == 7 and x.upper() == "COLLATE"), None)
    if collate is not None:
        col.collation = name_of(a[collate + 1])
    for i, x in enumerate(a[:-1]):
        if a[i + 1][0] == "(" and x.upper() in ("DEFAULT", "AS"):
            setattr(col, "default" if x.upper() == "DEFAULT" else "generated", group_text(a, i + 1)[0].strip())
    for i in [i for i, x in enumerate(a) if len(x) == 10 and x.upper() == "CONSTRAINT"]:
        if i + 3 < len(a) and is_word(a[i + 2], "REFERENCES"):  # a foreign key added with its column
            out.fk_names[((name,), name_of(a[i + 3]))] = name_of(a[i + 1])
        if not (i + 3 < len(a) and is_word(a[i + 2], "CHECK")):
            continue
        cname, body = name_of(a[i + 1]), group_text(a, i + 3)[0]
        if cname.startswith(prefix):
            col.spec, col.check = cname[len(prefix):], body
            if col.spec.startswith(Kind.ENUM.value):
                col.values = tuple(string_of(x) for x in atoms(body) if x[0] == "'")
            elif col.spec.startswith(Kind.SET.value):
                col.values = _set_members(body)
        elif not cname.startswith(RESERVED):
            out.checks.append((cname, body.strip()))
    _unnamed_column_constraints(a, name, out)
    out.columns[name] = col


def _unnamed_column_constraints(a: list[str], name: str, out: TableText) -> None:
    """A column's CHECK written without CONSTRAINT name, and its UNIQUE (named or not): SQLite keeps
    them in the CREATE TABLE text only (https://www.sqlite.org/lang_createtable.html, column-constraint).
    An unnamed one takes PostgreSQL's name for it (``<table>_<column>_check`` / ``_key``)."""
    pending: Optional[str] = None  # the name a CONSTRAINT clause gives the constraint after it
    i = 1
    while i < len(a):
        x = a[i]
        if is_word(x, "CONSTRAINT") and i + 1 < len(a):
            pending, i = name_of(a[i + 1]), i + 2
            continue
        if is_word(x, "UNIQUE"):
            out.uniques.append((pending, (name,)))
        elif is_word(x, "CHECK") and pending is None and i + 1 < len(a):
            out.checks.append((_COLUMN_CHECK + name, group_text(a, i + 1)[0].strip()))
        if is_word(x, "UNIQUE", "CHECK", "PRIMARY", "NOT", "NULL", "DEFAULT", "COLLATE", "REFERENCES",
                   "GENERATED", "AS"):
            pending = None
        i += 1


# Marks an unnamed column CHECK in TableText.checks: the column's name follows (see `_table`).
_COLUMN_CHECK = "\0column:"


def _set_members(check: str) -> tuple[str, ...]:
    """The members a SET CHECK written by `storage.type_check` names (its ``',member,'`` literals)."""
    found = [string_of(a) for a in atoms(check) if a[0] == "'"]
    return tuple(v[1:-1] for v in found if len(v) > 2 and v[0] == v[-1] == ",")


def _names(text: str) -> tuple[str, ...]:
    """The identifiers of a comma-separated list."""
    return tuple(name_of(x) for x in atoms(text) if x != ",")


# -- expressions -----------------------------------------------------------------------
def _from_sqlite(node: exp.Expression) -> exp.Expression:
    """Undo the renderer's guard of json_array_length, its ESCAPE '\\' and its spelling of ILIKE; give IS NOT NULL
    PostgreSQL's shape."""
    # sqlglot reads SQLite's "x IS NOT NULL" as NOT (x IS NULL) but PostgreSQL's as one
    # negated IS; give both the canonical reader's shape.
    if isinstance(node, exp.Case):
        return sl.unguard_length(node)
    if isinstance(node, exp.Not) and isinstance(node.this, exp.Is) and not node.this.args.get("negate"):
        return exp.Is(this=node.this.this, expression=node.this.expression, negate=True)
    if isinstance(node, exp.Escape) and isinstance(node.this, (exp.Like, exp.ILike)) \
            and isinstance(node.expression, exp.Literal) and node.expression.this == "\\":
        return node.this  # the renderer's ESCAPE '\\' (`like_escape`): PostgreSQL's LIKE escapes with it anyway
    if isinstance(node, exp.Like) and isinstance(node.this, exp.Lower) and isinstance(node.expression, exp.Lower):
        return exp.ILike(this=node.this.this, expression=node.expression.this)  # how sqlglot writes ILIKE for SQLite
    return node


@lru_cache(maxsize=8192)
def canonical(sql: str) -> str:
    """An expression read from SQLite, as canonical SQL (PostgreSQL dialect).

    Identifiers stay quoted: the differ normalises this text again, and the
    normal form of schema.expr unquotes names, so ``"select"`` would no
    longer parse.
    """
    tree = cexpr.parse(sql, "sqlite").copy().transform(_from_sqlite)
    return tree.sql(dialect=cexpr.CANONICAL, identify=True)


# -- indexes and triggers ----------------------------------------------------------------
def parse_index(sql: str) -> Index:
    """An Index from its CREATE [UNIQUE] INDEX text."""
    a = atoms(sql)
    on = next(i for i, x in enumerate(a) if is_word(x, "ON"))
    close = closing(a, on + 2)
    parts = tuple(_index_part(p) for p in split_commas(a[on + 3:close]))
    where = None
    if close + 1 < len(a) and is_word(a[close + 1], "WHERE"):
        where = canonical(text_of(a[close + 2:]))
    return Index(name_of(a[on - 1]), parts, unique=is_word(a[1], "UNIQUE"), where=where)


def _index_part(a: list[str]) -> IndexPart:
    desc = is_word(a[-1], "DESC")
    if is_word(a[-1], "ASC", "DESC"):
        a = a[:-1]
    if len(a) == 1 and a[0][0] not in "'(":
        return IndexPart(column=name_of(a[0]), desc=desc)
    return IndexPart(expression=_bare(canonical(text_of(a))), desc=desc)


def _bare(sql: str) -> str:
    """Canonical SQL without the parentheses around the whole of it (an index key expression is
    rendered inside a pair of its own, so reading it back must not keep them, or every round adds one)."""
    tree = cexpr.parse(sql)
    if not isinstance(tree, exp.Paren):
        return sql
    while isinstance(tree, exp.Paren):
        tree = tree.this
    return tree.sql(dialect=cexpr.CANONICAL, identify=True)


def parse_state_machine(name: str, sql: str) -> StateMachine:
    """The StateMachine a ``sk_state_machine:`` trigger enforces."""
    a = atoms(sql)
    column = name_of(a[next(i for i, x in enumerate(a) if is_word(x, "OF")) + 1])
    begin = next(i for i, x in enumerate(a) if is_word(x, "BEGIN"))
    values = next((i for i, x in enumerate(a) if is_word(x, "VALUES")), begin)
    states = [string_of(x) for x in a[values:begin] if x[0] == "'"]
    return StateMachine(name[len(sl.MACHINE_PREFIX):], column, tuple(zip(states[::2], states[1::2])))


# -- columns and defaults ------------------------------------------------------------------
_SPEC = re.compile(r"^(\w+)(?:\((.*)\))?( unsigned)?$")


def column_type(declared: str, text: ColumnText, name: str = "") -> ColumnType:
    """The model type of column `name` from its declared storage class and its sk_type CHECK.

    The CHECK's name gives the model type only while the column is still what
    schemakit wrote for that type: the storage class it renders and the CHECK
    body it renders. A table rebuilt by hand with another storage class under
    the same CHECK (REAL where an integer was INT), or with another body under
    the same name, is read by its storage class alone, so the differ sees the
    type change.
    """
    plain = ColumnType(sl.PLAIN_STORAGE.get(declared.upper()) or _affinity(declared))
    if text.spec is None:
        return plain
    ty = _spec_type(text)
    if ty is None or declared.upper() not in _STORAGES.get(ty.kind, ()):
        return plain
    if text.check is not None and not _same_check(text.check, sl.type_check(Column(name, ty))):
        return plain
    if ty.kind is Kind.CHAR and (text.collation or "").upper() != sl.CHAR_COLLATION:
        return plain
    return ty


def _spec_type(text: ColumnText) -> Optional[ColumnType]:
    """The model type an sk_type spec names (None for a spec schemakit does not write)."""
    m = _SPEC.match(text.spec or "")
    if m is None:
        return None
    try:
        kind_name, params, unsigned = m.groups()
        if kind_name == "numeric" and params is None:
            return ColumnType(Kind.DECIMAL)
        kind = Kind(kind_name)
        if unsigned:
            return ColumnType(kind, unsigned=True) if kind in INTEGER_KINDS else None
        if kind in (Kind.VARCHAR, Kind.CHAR, Kind.VARBINARY, Kind.BINARY):
            return ColumnType(kind, length=int(params))
        if kind in (Kind.TIMESTAMP, Kind.TIME):
            return ColumnType(kind, precision=None if params is None else int(params))
        if kind is Kind.SET:
            return ColumnType(kind, values=text.values)
        if kind is Kind.DECIMAL:
            precision, scale = (int(x) for x in params.split(","))
            return ColumnType(kind, precision=precision, scale=scale)
        if kind is Kind.ENUM:
            return ColumnType(kind, enum=Enum(params, text.values))
    except (ValueError, TypeError):
        return None
    return ColumnType(kind) if kind in sl.TYPE_CHECKS else None


# The declared types a column of each kind may have. In a STRICT table INT and INTEGER
# are the same storage class (https://www.sqlite.org/stricttables.html): the renderer
# writes INTEGER only for identities (the rowid alias), INT elsewhere.
_STORAGES = {kind: (("INT", sl.IDENTITY_STORAGE) if storage == "INT" else (storage,))
             for kind, storage in sl.STORAGE.items()}


def _same_check(body: str, rendered: str) -> bool:
    """Whether a CHECK body read back is the one rendered (spacing and keyword case aside)."""
    if body == rendered:
        return True
    return _shape(body) == _shape(rendered)


def _shape(sql: str) -> list[str]:
    return [a if a[0] in _SINGLE else a.upper() for a in atoms(sql)]


# Expression defaults, as pragma_table_xinfo gives them (without the outer parentheses).
def _affinity(declared: str) -> Kind:
    """The model kind nearest a declared type schemakit did not write (BLOB, NUMERIC: text)."""
    upper = declared.upper()
    return next((kind for part, kind in sl.AFFINITY if part in upper), Kind.TEXT)


_DEFAULTS = {sl.NOW_SQL[Kind.TIMESTAMP]: NOW, sl.NOW_SQL[Kind.DATE]: NOW, sl.UUID4_SQL: GEN_UUID,
             "CURRENT_TIMESTAMP": NOW, "CURRENT_DATE": NOW}
_BLOB = re.compile(r"^[xX]'([0-9a-fA-F]{2})*'$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def default(text: Optional[str], ty: ColumnType) -> Optional[Default]:
    """The model default from pragma_table_xinfo's dflt_value text."""
    if text is None or text.upper() == "NULL":
        return None
    key = text[1:-1].strip() if text.startswith("(") and text.endswith(")") else text
    if key in _DEFAULTS or key.upper() in _DEFAULTS:
        return _DEFAULTS.get(key) or _DEFAULTS[key.upper()]
    if text.startswith("'") and text.endswith("'"):
        if not _numeric_text(string_of(text), ty):
            return lit(string_of(text))
        text = string_of(text)  # a number in quotes, which the column's affinity stores as that number
    if _BLOB.match(text):
        return lit(text[2:-1].lower())  # binary defaults are hex text in the model
    if text.upper() in ("TRUE", "FALSE"):  # the keywords are 1 and 0 (https://www.sqlite.org/lang_expr.html#booleanexpr)
        text = "1" if text.upper() == "TRUE" else "0"
    if not _NUMBER.match(text):
        return lit(text)  # an expression schemakit does not write: kept as text, so a diff shows it
    if ty.kind is Kind.BOOLEAN:
        return lit(bool(int(text)))
    if ty.kind in INTEGER_KINDS or ty.kind is Kind.YEAR:
        return lit(int(text))
    if ty.kind in FLOAT_KINDS:
        return lit(float(text))
    if ty == UNTYPED:  # kept as written, no affinity: an integer stays an integer, any other number a real
        return lit(int(text)) if _INTEGER.match(text) else lit(float(text))
    return lit(text)  # decimal: the exact text written, compared as a Decimal


def _numeric_text(text: str, ty: ColumnType) -> bool:
    """Whether a text default is stored as a number in a column of type `ty`: a well-formed integer literal
    in an integer (or boolean, year) column, a well-formed number in a real one, as INTEGER, NUMERIC and
    REAL affinity convert text (https://www.sqlite.org/datatype3.html#type_affinity), in a STRICT table too
    (https://www.sqlite.org/stricttables.html)."""
    if ty.kind in INTEGER_KINDS or ty.kind in (Kind.YEAR, Kind.BOOLEAN):
        return _INTEGER.match(text) is not None
    return ty.kind in FLOAT_KINDS and _NUMBER.match(text) is not None


# -- the bulk queries --------------------------------------------------------------------
_USER_OBJECT = "m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"


def _q(name: str) -> str:
    return quote_identifier(name, sl.ENGINE)


def schema_objects(conn, db: str) -> list[tuple]:
    """(type, name, table, sql) of every user object of database `db` (sqlite_schema), in creation order; a
    virtual table (CREATE VIRTUAL TABLE: FTS5, R*Tree...) is of type ``virtual table``, and the shadow tables
    its module keeps its data in are not listed: they are the virtual table's, created with it
    (https://www.sqlite.org/vtab.html#xshadowname, https://www.sqlite.org/pragma.html#pragma_table_list)."""
    rows = conn.execute(f"SELECT m.type, m.name, m.tbl_name, m.sql, l.type FROM {_q(db)}.sqlite_schema m "
                        "LEFT JOIN pragma_table_list l ON l.schema = ? AND l.name = m.tbl_name "
                        f"WHERE {_USER_OBJECT} AND m.sql IS NOT NULL ORDER BY m.rowid", (db,)).fetchall()
    return [("virtual table" if kind == "table" and of == "virtual" else kind, name, table, sql)
            for kind, name, table, sql, of in rows if of != "shadow"]


# Per pragma: the columns read and their order; one query joins the pragma over every table.
_PRAGMAS = {
    "table_xinfo": ('p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden', "p.cid"),
    "foreign_key_list": ('p.id, p."table", p."from", p."to", p.on_delete, p.on_update', "p.id, p.seq"),
}


def _pragma(conn, db: str, pragma: str) -> dict[str, list[tuple]]:
    """Rows of `pragma` for every table of `db`, by table name, in one query."""
    columns, order = _PRAGMAS[pragma]
    rows = conn.execute(
        f"SELECT m.name, {columns} FROM {_q(db)}.sqlite_schema m JOIN pragma_{pragma}(m.name, ?) p "
        f"WHERE m.type = 'table' AND {_USER_OBJECT} ORDER BY m.name, {order}", (db,)).fetchall()
    return _grouped(rows)


def _grouped(rows: list[tuple]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for row in rows:
        out.setdefault(row[0], []).append(row[1:])
    return out


# -- assembling tables ---------------------------------------------------------------------
def introspect(conn: sqlite3.Connection, namespaces: Sequence[Optional[str]],
               tables: Optional[Collection[tuple[Optional[str], str]]] = None,
               skipped: Optional[list[Skipped]] = None) -> Schema:
    """The tables of `namespaces` (None: main), attaching ``<namespace>.db`` when needed; with
    `tables`, only those (namespace, name) keys (tables of other owners are not read at all). With a
    `skipped` list, what the model cannot hold is left out and recorded there (`Dialect.introspect`)."""
    only = None if tables is None else set(tables)
    views: list = []  # each namespace's views, from the sqlite_schema rows its tables are read from
    read = [(ns, _namespace(conn, ns, only, skipped, views)) for ns in present_namespaces(conn, namespaces)]
    schema = Schema(tuple(t for _, found in read for t in found), tuple(views))
    if skipped is None:
        return schema
    triggers = [x for ns, found in read for x in code.read(ns, schema_objects(conn, ns or "main"), {t.name for t in found})]
    return replace(schema, triggers=tuple(triggers))


def code_objects(conn: sqlite3.Connection, namespaces: Sequence[Optional[str]],
                 tables: Optional[Collection[tuple[Optional[str], str]]] = None) -> tuple[tuple, tuple, tuple]:
    """((), (), the user triggers of `namespaces`, of `tables` only (None: all)), as `inspect` reads them."""
    out = []
    for ns in present_namespaces(conn, namespaces):
        objects = schema_objects(conn, ns or "main")
        names = {o[1] for o in objects if o[0] == "table" and (tables is None or (ns, o[1]) in tables)}
        out += code.read(ns, objects, names)
    return (), (), tuple(out)


def table_names(conn: sqlite3.Connection, namespaces: Sequence[Optional[str]]) -> list[tuple[Optional[str], str]]:
    """(namespace, name) of each table `introspect` reads, from sqlite_schema alone."""
    return [(ns, name) for ns in present_namespaces(conn, namespaces)
            for kind, name, _, _ in schema_objects(conn, ns or "main") if kind == "table"]


def present_namespaces(conn: sqlite3.Connection, namespaces: Sequence[Optional[str]]):
    """The namespaces that exist, each attached (`storage.namespace_file`) when needed."""
    for ns in namespaces:
        if ns is not None and ns not in sl.attached(conn):
            if sl.main_file(conn) is None:
                continue  # an in-memory main database has no namespace files
            path = sl.namespace_file(conn, ns)
            if not path.exists():
                continue  # nothing was ever created in this namespace
            sl.attach(conn, ns, str(path))
        yield ns


def _namespace(conn: sqlite3.Connection, ns: Optional[str], only: Optional[set] = None,
               skipped: Optional[list[Skipped]] = None, views: Optional[list] = None) -> list[Table]:
    db = ns or "main"
    every = schema_objects(conn, db)
    held, odd = sl_views.read(ns, every)
    if views is not None:
        views += held
    for name in odd:
        skip(skipped, "SKIP-VIEW", _qualified(ns, name), "a view with a column list after its name: left out")
    objects = [o for o in every if only is None or (ns, o[2]) in only]
    columns, fks = _pragma(conn, db, "table_xinfo"), _pragma(conn, db, "foreign_key_list")
    options = _table_options(conn, db)
    keyed = _pk_indexed(conn, db)
    extras: dict[str, dict] = {}
    for kind, name, table, sql in objects:
        if kind != "table":
            _extra(extras.setdefault(table, _bucket()), kind, name, table, sql, _qualified(ns, table), skipped)
    if skipped is not None:
        _others(ns, every, {o[1] for o in objects if o[0] == "table"}, options, skipped)
    tables = [_table(ns, name, sql, columns.get(name, []), fks.get(name, []), extras.get(name, _bucket()),
                     options.get(name, (0, 1))[1] == 1, skipped, rowid=name not in keyed)
              for kind, name, _, sql in objects if kind == "table"]
    # A foreign key may name its parent in another case: SQLite finds the table without case
    # (https://www.sqlite.org/foreignkeys.html, https://www.sqlite.org/lang_keywords.html); it is read as the
    # table's own name, or its parent would seem missing.
    named = {o[1].casefold(): o[1] for o in every if o[0] == "table"}
    keys = {t.name.casefold(): t.primary_key for t in tables}
    return [replace(t, foreign_keys=tuple(k for k in (_parent_key(ns, t, f, named, keys, skipped) for f in t.foreign_keys)
                                          if k is not None)) if t.foreign_keys else t for t in tables]


def _parent_key(ns: Optional[str], t: Table, f: ForeignKey, named: dict, keys: dict,
                skipped: Optional[list[Skipped]]) -> Optional[ForeignKey]:
    """Foreign key `f` of `t` naming its parent table as the parent is named, and its parent columns: the parent's
    primary key where the key lists none (``REFERENCES users``: "the parent key is the primary key of the parent
    table", https://www.sqlite.org/foreignkeys.html#fk_indexes; foreign_key_list reads them as NULL). Without
    such a primary key SQLite refuses every row ("foreign key mismatch"): left out, and listed."""
    f = replace(f, ref_table=named.get(f.ref_table.casefold(), f.ref_table))
    if all(c is not None for c in f.ref_columns):
        return f
    parent = keys.get(f.ref_table.casefold(), ())
    if len(parent) != len(f.columns):
        skip(skipped, "SKIP-FK", _qualified(ns, t.name), f"foreign key {f.name} names no parent columns and "
             f"{f.ref_table} has no primary key of {len(f.columns)} column(s) to stand for them: left out")
        return None
    return replace(f, ref_columns=tuple(parent))


def _pk_indexed(conn: sqlite3.Connection, db: str) -> set[str]:
    """The tables of `db` whose primary key has an index of its own (origin ``pk``), in one query: a
    WITHOUT ROWID table, or a rowid table whose key is no rowid alias (INT PRIMARY KEY, TEXT PRIMARY KEY,
    INTEGER PRIMARY KEY DESC; https://www.sqlite.org/lang_createtable.html#rowid). A rowid alias has no
    index: it is the rowid (https://www.sqlite.org/pragma.html#pragma_index_list)."""
    return {name for (name,) in conn.execute(
        f"SELECT DISTINCT m.name FROM {_q(db)}.sqlite_schema m JOIN pragma_index_list(m.name, ?) p "
        f"WHERE m.type = 'table' AND {_USER_OBJECT} AND p.origin = 'pk'", (db,))}


def _table_options(conn: sqlite3.Connection, db: str) -> dict[str, tuple[int, int]]:
    """Table name -> (WITHOUT ROWID, STRICT) of every table of `db`, in one query
    (https://www.sqlite.org/pragma.html#pragma_table_list)."""
    return {name: (without_rowid, strict) for _schema, name, kind, _n, without_rowid, strict
            in conn.execute(f"PRAGMA {_q(db)}.table_list") if kind == "table"}


def _qualified(ns: Optional[str], name: str) -> str:
    return f"{ns}.{name}" if ns else name


def _bucket() -> dict:
    """What a table's indexes and triggers contribute to it."""
    return {"indexes": [], "machines": [], "on_update": set()}


def _extra(bucket: dict, kind: str, name: str, table: str, sql: str, qualified: str = "",
           skipped: Optional[list[Skipped]] = None) -> None:
    if kind == "index" and skipped is not None:
        try:
            bucket["indexes"].append(parse_index(sql))
        except (IntrospectionError, cexpr.ExpressionError, ValueError, StopIteration) as e:
            skip(skipped, "SKIP-INDEX", f"{qualified}.{name}", f"{sql} cannot be read into the model "
                                                               f"({str(e).splitlines()[0] if str(e) else type(e).__name__})")
    elif kind == "index":
        bucket["indexes"].append(parse_index(sql))
    elif kind == "trigger" and name.startswith(sl.MACHINE_PREFIX):
        bucket["machines"].append(parse_state_machine(name, sql))
    elif kind == "trigger" and name.startswith(f"{sl.ON_UPDATE_PREFIX}{table}:"):
        bucket["on_update"].add(name[len(f"{sl.ON_UPDATE_PREFIX}{table}:"):])


def _table(ns, name, sql, cols, fks, extra, strict: bool = True, skipped: Optional[list[Skipped]] = None,
           rowid: bool = True) -> Table:
    """The table `name` from its CREATE text and pragma rows; with a `skipped` list, what the model
    cannot hold is left out and recorded there (else introspection's strict reading). A table without a
    rowid alias (`rowid` False: WITHOUT ROWID, or a key with an index of its own) reads its INTEGER
    PRIMARY KEY as a plain key column."""
    qualified = _qualified(ns, name)
    text = parse_table(sql)
    pk = tuple(c[0] for c in sorted((c for c in cols if c[4]), key=lambda c: c[4]))
    columns = tuple(c for c in (_column(qualified, row, text, pk if rowid else (), extra["on_update"], strict,
                                        skipped)
                                for row in cols) if c is not None)
    checks = []
    for i, (n, body) in enumerate(text.checks):
        if n is not None and n.startswith(_COLUMN_CHECK):
            n = f"{name}_{n[len(_COLUMN_CHECK):]}_check"
        try:
            checks.append(Check(n or f"{name}_check{i + 1}", canonical(body)))
        except (cexpr.ExpressionError, ValueError) as e:
            if skipped is None:
                raise
            skip(skipped, "SKIP-CONSTRAINT", f"{qualified}.{n or f'{name}_check{i + 1}'}",
                 f"CHECK ({body}) cannot be read into canonical SQL ({str(e).splitlines()[0]})")
    uniques = tuple(Unique(n or f"{name}_{'_'.join(c)}_key", c) for n, c in text.uniques)
    for what, subject, clause in text.options:
        skip(skipped, what, f"{qualified}.{subject}", f"{clause} is not kept: the constraint is kept without it")
    return Table(name, columns, primary_key=pk, foreign_keys=_fks(name, fks, text), uniques=uniques,
                 checks=tuple(checks), indexes=tuple(extra["indexes"]), state_machines=tuple(extra["machines"]),
                 namespace=ns, comment=text.comment, strict=strict)


# Generated columns in pragma_table_xinfo's "hidden" (https://www.sqlite.org/pragma.html#pragma_table_xinfo).
_GENERATED = {2: "VIRTUAL", 3: "STORED"}


def _column(qualified: str, row: tuple, text: TableText, pk: tuple, on_update: set, strict: bool,
            skipped: Optional[list[Skipped]]) -> Optional[Column]:
    name, declared, notnull, dflt, _, hidden = row
    where = f"{qualified}.{name}"
    ct = text.columns.get(name, ColumnText())
    ty: Optional[ColumnType] = column_type(declared, ct, name)
    if ct.spec is None or ty == ColumnType(sl.PLAIN_STORAGE.get(declared.upper()) or _affinity(declared)):
        ty = _declared_type(declared, strict, where, skipped)
    if ty is None:
        return None
    identity = declared.upper() == sl.IDENTITY_STORAGE and pk == (name,)  # the rowid alias
    if identity and not strict:
        ty = ColumnType(Kind.BIGINT)  # the rowid is a 64-bit integer (SL-ROWID)
    generated = None
    if hidden in _GENERATED:
        expression = _expression(ct.generated, where, "SKIP-GENERATED", skipped)
        generated = None if expression is None else Generated(expression, stored=_GENERATED[hidden] == "STORED")
    # A rowid alias never holds NULL (inserting NULL assigns a rowid), NOT NULL written or not; any other
    # key column of a rowid table may (https://www.sqlite.org/lang_createtable.html#the_primary_key).
    return Column(name, ty, nullable=not (notnull or identity), default=_default(dflt, ct, ty, where, skipped),
                  identity=identity, on_update_now=name in on_update, comment=ct.comment,
                  collation=_collation(ct, ty, where, skipped), generated=generated)


def _expression(sql: Optional[str], where: str, code: str, skipped: Optional[list[Skipped]]) -> Optional[str]:
    """An expression of the table text as canonical SQL; one sqlglot cannot read is `code` (inspect),
    an error elsewhere."""
    try:
        return canonical(sql or "")
    except (cexpr.ExpressionError, ValueError) as e:
        if skipped is None:
            raise
        skip(skipped, code, where, f"({sql}) cannot be read into canonical SQL ({str(e).splitlines()[0]}): "
                                   "the column is kept without it")
        return None


def _default(dflt: Optional[str], ct: ColumnText, ty: ColumnType, where: str,
             skipped: Optional[list[Skipped]]) -> Optional[Default]:
    """The default: one of the model's own (a literal, the current time, schemakit's uuid), else an
    expression in parentheses as EXPRESSION (https://www.sqlite.org/lang_createtable.html#dfltval)."""
    known = default(dflt, ty)
    if ty == UNTYPED and dflt is not None and _BLOB.match(dflt) and skipped is not None:
        # The model's binary default is hex text, which only a binary column reads back as a blob: here it
        # would be text (and PostgreSQL or MariaDB would get a bit string or refuse it).
        skip(skipped, "SKIP-DEFAULT", where, f"blob default {dflt} of a column without a declared type: "
                                             "the column is kept without a default")
        return None
    now = known is not None and known.kind is DefaultKind.NOW
    if (now or (dflt or "").upper() in _CURRENT) and not (now and ty.kind in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ, Kind.DATE)):
        # CURRENT_TIMESTAMP, CURRENT_DATE and CURRENT_TIME are text in SQLite ('YYYY-MM-DD HH:MM:SS', UTC;
        # https://www.sqlite.org/lang_createtable.html#dfltval), date('now') too: the model's now() only on a
        # timestamp or date column, else the expression as written.
        value = _expression(ct.default or dflt, where, "SKIP-DEFAULT", skipped)
        return None if value is None else Default(DefaultKind.EXPRESSION, value)
    if ct.default is None or dflt is None or dflt in _OWN_DEFAULTS or _is_literal(dflt):
        return known
    value = _expression(ct.default, where, "SKIP-DEFAULT", skipped)
    return None if value is None else Default(DefaultKind.EXPRESSION, value)


def _collation(ct: ColumnText, ty: ColumnType, where: str, skipped: Optional[list[Skipped]]
               ) -> Optional[Collation]:
    """The column's COLLATE as a collation of origin sqlite; RTRIM of a char column is its type's, and a
    char column of a loose table without COLLATE compares trailing blanks (BINARY). SQLite accepts COLLATE
    on a column of any type (https://www.sqlite.org/datatype3.html#collating_sequences); the model keeps
    one on text only, so inspect (`skipped`) keeps another column without it (SKIP-INVALID)."""
    if ty.kind is Kind.CHAR and ct.collation is None:
        return Collation("BINARY", sl.ENGINE)
    if ct.collation is None or (ty.kind is Kind.CHAR and ct.collation.upper() == sl.CHAR_COLLATION):
        return None
    if not ty.is_textual and skipped is not None:
        skip(skipped, "SKIP-INVALID", where, f"COLLATE {ct.collation} on a column of type {ty}: only a text "
                                             "column has a collation; the column is kept without it")
        return None
    return Collation(ct.collation, sl.ENGINE)


def _fks(table: str, rows: list[tuple], text: TableText) -> tuple[ForeignKey, ...]:
    by_id: dict[int, list[tuple]] = {}
    for row in rows:
        by_id.setdefault(row[0], []).append(row)
    out = []
    for parts in by_id.values():
        cols = tuple(p[2] for p in parts)
        ref = parts[0][1]
        name = text.fk_names.get((cols, ref)) or f"{table}_{'_'.join(cols)}_fkey"
        out.append(ForeignKey(name, cols, ref, tuple(p[3] for p in parts), Action(parts[0][4]),
                              on_update=Action(parts[0][5])))
    order = {key: n for n, key in enumerate(text.fk_names)}  # declaration order
    return tuple(sorted(out, key=lambda f: (order.get((f.columns, f.ref_table), len(order)), f.name)))


# A loose table's column without a declared type (`_declared_type`).
UNTYPED = native("", sl.ENGINE)
# The declared types a STRICT table allows (https://www.sqlite.org/stricttables.html) and the model
# type each holds exactly; ANY (a value of any class) is SQLite's own type.
_STRICT = {"INT": ColumnType(Kind.BIGINT), "INTEGER": ColumnType(Kind.BIGINT), "TEXT": ColumnType(Kind.TEXT),
           "BLOB": ColumnType(Kind.BYTES), "REAL": ColumnType(Kind.DOUBLE), "ANY": native("ANY", sl.ENGINE)}
# A loose table's declared type names the model kind as SQLite users write it (`storage.LOOSE_NAMES`
# and the names of https://www.sqlite.org/datatype3.html#affinity_name_examples); SQLite checks none
# of them, and the model's loose table does not either (`Table.strict`).
_LOOSE_KINDS = {
    "INT": Kind.INTEGER, "INTEGER": Kind.INTEGER, "MEDIUMINT": Kind.INTEGER, "INT4": Kind.INTEGER,
    "TINYINT": Kind.TINYINT, "INT1": Kind.TINYINT, "SMALLINT": Kind.SMALLINT, "INT2": Kind.SMALLINT,
    "BIGINT": Kind.BIGINT, "INT8": Kind.BIGINT, "BIG INT": Kind.BIGINT,
    "VARCHAR": Kind.VARCHAR, "CHARACTER VARYING": Kind.VARCHAR, "VARYING CHARACTER": Kind.VARCHAR,
    "NVARCHAR": Kind.VARCHAR, "CHAR": Kind.CHAR, "CHARACTER": Kind.CHAR, "NCHAR": Kind.CHAR,
    "NATIVE CHARACTER": Kind.CHAR, "TEXT": Kind.TEXT, "CLOB": Kind.TEXT, "BLOB": Kind.BYTES,
    "VARBINARY": Kind.VARBINARY, "BINARY": Kind.BINARY, "REAL": Kind.DOUBLE, "DOUBLE": Kind.DOUBLE,
    "DOUBLE PRECISION": Kind.DOUBLE, "FLOAT": Kind.DOUBLE, "FLOAT8": Kind.DOUBLE, "FLOAT4": Kind.REAL,
    "NUMERIC": Kind.DECIMAL, "DECIMAL": Kind.DECIMAL, "BOOLEAN": Kind.BOOLEAN, "BOOL": Kind.BOOLEAN,
    "DATETIME": Kind.TIMESTAMP, "TIMESTAMP": Kind.TIMESTAMP, "DATE": Kind.DATE, "TIME": Kind.TIME,
    "YEAR": Kind.YEAR, "JSON": Kind.JSON, "UUID": Kind.UUID,
}
_LOOSE = re.compile(r"^(UNSIGNED )?([A-Z][A-Z0-9 ]*?)( UNSIGNED)?\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$")
# Without a length: the SQL standard's one character (byte); a varchar or varbinary is unbounded.
_UNBOUNDED = {Kind.CHAR: ColumnType(Kind.CHAR, length=1), Kind.BINARY: ColumnType(Kind.BINARY, length=1),
              Kind.VARCHAR: ColumnType(Kind.TEXT), Kind.VARBINARY: ColumnType(Kind.BYTES)}


def loose_type(declared: str) -> ColumnType:
    """The model type a loose table's declared type names. Another name is read by its affinity where
    that is INTEGER, TEXT, BLOB or REAL (LONGTEXT: text), whose model type is written back with the same
    affinity; a name of NUMERIC affinity the model has no kind for (MONEY) is a native type of SQLite,
    written back as it is (https://www.sqlite.org/datatype3.html#determination_of_column_affinity)."""
    upper = " ".join(declared.upper().split())
    m = _LOOSE.match(upper)
    kind = _LOOSE_KINDS.get(m[2]) if m else None
    ty = None if m is None or kind is None else _loose_params(kind, m[4], m[5], bool(m[1] or m[3]))
    if ty is None:
        by_affinity = next((kind for part, kind in sl.AFFINITY if part in upper), None)
        ty = native(declared.strip(), sl.ENGINE) if by_affinity is None else ColumnType(by_affinity)
    return ty


def _loose_params(kind: Kind, first: Optional[str], second: Optional[str], unsigned: bool) -> Optional[ColumnType]:
    """The model type of `kind` with the declared parameters; None where the model has no such type."""
    if kind in INTEGER_KINDS:
        return ColumnType(kind, unsigned=unsigned) if second is None else None  # INT(11): a display width
    p = None if first is None else int(first)
    if unsigned or (second is not None and kind is not Kind.DECIMAL):
        return None
    if kind is Kind.DECIMAL:
        s = int(second or 0)
        return ColumnType(kind) if p is None else ColumnType(kind, precision=p, scale=s) if s <= p <= 1000 and p else None
    if kind in _UNBOUNDED:
        return _UNBOUNDED[kind] if p is None else ColumnType(kind, length=p) if p else None
    if kind in (Kind.TIMESTAMP, Kind.TIME):
        return ColumnType(kind, precision=p) if p is None or p <= 6 else None
    return ColumnType(kind) if p is None else None


def _declared_type(declared: str, strict: bool, where: str, skipped: Optional[list[Skipped]]) -> Optional[ColumnType]:
    """The model type of a column without an sk_type CHECK: a STRICT table's storage class as its model
    type, a loose table's declared type by name (`loose_type`). A loose column without a declared type
    has BLOB affinity and keeps a value of any class as given
    (https://www.sqlite.org/datatype3.html#determination_of_column_affinity): a native type of SQLite
    spelled '', written back without a type (not ANY, which has NUMERIC affinity in a loose table)."""
    upper = declared.upper().strip()
    if strict and upper in _STRICT:
        return _STRICT[upper]
    if not strict:
        return loose_type(declared) if upper else UNTYPED
    skip(skipped, "SKIP-TYPE", where, f"declared type {declared or '(none)'} has no schemakit equivalent (its "
                                      "values may be of any storage class); the column is left out")
    return None if skipped is not None else ColumnType(Kind.BYTES)


_OWN_DEFAULTS = (sl.NOW_SQL[Kind.TIMESTAMP], sl.NOW_SQL[Kind.DATE], sl.UUID4_SQL)
_CURRENT = ("CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME")  # SQLite's special default keywords


def _is_literal(text: str) -> bool:
    """Whether a dflt_value is NULL or a literal (number, string, blob)."""
    return (text.upper() == "NULL" or _NUMBER.match(text) is not None or _BLOB.match(text) is not None
            or (len(text) >= 2 and text[0] == "'" and text[-1] == "'" and len(atoms(text)) == 1))


def _others(ns: Optional[str], objects: list[tuple], tables: set[str], options: dict[str, tuple[int, int]],
            skipped: list[Skipped]) -> None:
    """Record in `skipped` WITHOUT ROWID (a table option the model does not have); views and the
    triggers schemakit did not write are read (dialects/sqlite/views.py, dialects/sqlite/code.py)."""
    for name in sorted(tables):
        if options.get(name, (0, 1))[0]:
            skip(skipped, "SKIP-TABLE-OPTION", _qualified(ns, name), "WITHOUT ROWID is not kept")
