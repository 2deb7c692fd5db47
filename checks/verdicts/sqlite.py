"""SQLite errors read as verdicts, and the degradations that explain verdicts.

Messages (https://www.sqlite.org/rescode.html#constraint and sqlite3.c):

- ``NOT NULL constraint failed: t.c``
- ``UNIQUE constraint failed: t.a, t.b`` (``index 'name'`` for an expression
  index): the columns are mapped back to the primary key, UNIQUE or unique
  index that has exactly them;
- ``CHECK constraint failed: name``: a model CHECK, or an ``sk_type:<column>:<type>``
  CHECK the dialect adds to carry the model type (decoded into the column
  and the kind of violation);
- ``cannot store TEXT value in INT column t.c`` (STRICT tables,
  https://www.sqlite.org/stricttables.html);
- ``datatype mismatch``: the INTEGER PRIMARY KEY (the rowid) refused the value;
- ``FOREIGN KEY constraint failed``: SQLite does not say which key
  (https://www.sqlite.org/foreignkeys.html), so `classify` looks the row's
  values up in each referenced table: the first key without a parent row
  is the one;
- a state machine's ``RAISE(ABORT, '<machine>: ...')``; the json_array_length
  guard's "JSON path error near 'json_array_length() of a non-array'".
"""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

from schemakit.checks.oracle import Quirk, Verdict, VerdictKind, column_name
from schemakit.checks.verdicts import identity_taken, stored_as
from schemakit.checks.strategies import unique_keys
from schemakit.schema.model import ForeignKey, Table

from schemakit.dialects.sqlite import DIALECT, NON_ARRAY, TYPE_PREFIX

_NOT_NULL = re.compile(r"NOT NULL constraint failed: (?:.*\.)?([^.]+)$")
_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")
_INDEX = re.compile(r"index '(.+)'$")
_CHECK = re.compile(r"CHECK constraint failed: (.+)$")
_STORE = re.compile(r"cannot store \w+ value in \w+ column (?:.*\.)?([^.]+)$")
FOREIGN_KEY_MESSAGE = "FOREIGN KEY constraint failed"
# A value an INTEGER PRIMARY KEY (the rowid) cannot hold: not an integer, or one past 64 bits
# (https://www.sqlite.org/rescode.html#mismatch).
MISMATCH_MESSAGE = "datatype mismatch"

# The kind of violation an sk_type CHECK reports, by the type's name (``varchar(255)`` -> varchar).
TYPE_KINDS = {"varchar": VerdictKind.LENGTH, "char": VerdictKind.LENGTH, "varbinary": VerdictKind.LENGTH,
              "binary": VerdictKind.LENGTH, "tinyint": VerdictKind.RANGE, "smallint": VerdictKind.RANGE,
              "integer": VerdictKind.RANGE, "bigint": VerdictKind.RANGE, "decimal": VerdictKind.RANGE,
              "numeric": VerdictKind.RANGE, "real": VerdictKind.RANGE, "year": VerdictKind.RANGE,
              "time": VerdictKind.RANGE, "enum": VerdictKind.ENUM, "set": VerdictKind.ENUM,
              "json": VerdictKind.JSON}  # by the type name's first word (``integer unsigned``); else TYPE


def classify(exc: Exception, table: Table, conn: Any = None, row: Optional[dict] = None) -> Verdict:
    """The verdict an sqlite3 error on inserting `row` into `table` (effective) stands for.

    `conn` and `row` (the values as sent) are needed for foreign keys only.
    """
    message = str(exc)
    if message == FOREIGN_KEY_MESSAGE:
        return _foreign_key(table, conn, row)
    if message == MISMATCH_MESSAGE and len(table.primary_key) == 1:
        return _rowid(table, row)
    for pattern, read in _READERS:
        m = pattern.search(message)
        if m:
            return read(table, m.group(1))
    for sm in table.state_machines:
        if message.startswith(f"{sm.name}: "):
            return Verdict(False, sm.name, VerdictKind.STATE_MACHINE)
    if NON_ARRAY in message:
        return _array_length_check(table)
    return unknown(exc)


def unknown(exc: Exception) -> Verdict:
    """A rejection no rule reads: kind "unknown", the error text as its constraint."""
    return Verdict(False, f"{type(exc).__name__}: {exc}", VerdictKind.UNKNOWN)


def _rowid(table: Table, row: Optional[dict]) -> Verdict:
    """The primary key column refused a value: out of range when it is a whole number, else its type."""
    column = table.primary_key[0]
    value = (row or {}).get(column)
    whole = isinstance(value, int) or (isinstance(value, str) and value.lstrip("-").isdigit())
    return Verdict(False, column_name(table, column), VerdictKind.RANGE if whole else VerdictKind.TYPE)


def _not_null(table: Table, column: str) -> Verdict:
    return Verdict(False, column_name(table, column), VerdictKind.NOT_NULL)


def _unique(table: Table, text: str) -> Verdict:
    m = _INDEX.match(text)
    if m:
        return Verdict(False, m.group(1), VerdictKind.UNIQUE)
    columns = tuple(part.strip().rsplit(".", 1)[-1] for part in text.split(","))
    return key_verdict(table, columns)


def key_verdict(table: Table, columns: tuple[str, ...]) -> Verdict:
    """The primary key, UNIQUE or plain unique index over exactly `columns` (the first, when several)."""
    found = [(name, kind) for name, kind, cols, _ in unique_keys(table) if tuple(cols) == columns]
    return Verdict(False, *found[0]) if found else Verdict(False, f"unique({', '.join(columns)})", VerdictKind.UNIQUE)


def _check(table: Table, name: str) -> Verdict:
    if not name.startswith(TYPE_PREFIX):
        return Verdict(False, name, VerdictKind.CHECK)
    column, spec = name[len(TYPE_PREFIX):].rsplit(":", 1)
    name = (spec.split("(", 1)[0].split() or [""])[0]
    return Verdict(False, column_name(table, column), TYPE_KINDS.get(name, VerdictKind.TYPE))


def _store(table: Table, column: str) -> Verdict:
    return Verdict(False, column_name(table, column), VerdictKind.TYPE)


_READERS: tuple[tuple[re.Pattern, Callable[[Table, str], Verdict]], ...] = (
    (_NOT_NULL, _not_null), (_UNIQUE, _unique), (_CHECK, _check), (_STORE, _store),
)


def _array_length_check(table: Table) -> Verdict:
    """The first CHECK calling json_array_length: its guard raised (see dialects.sqlite)."""
    for c in table.checks:
        if "json_array_length" in c.expression.lower():
            return Verdict(False, c.name, VerdictKind.CHECK)
    return Verdict(False, table.qualified, VerdictKind.UNKNOWN)


def _foreign_key(table: Table, conn: Any, row: Optional[dict]) -> Verdict:
    if conn is not None and row is not None:
        for fk in table.foreign_keys:
            if not has_parent(conn, table, fk, row):
                return Verdict(False, fk.name, VerdictKind.FOREIGN_KEY)
        held = holding_key(conn, table, row)
        if held is not None:
            return Verdict(False, held, VerdictKind.FOREIGN_KEY)
    return Verdict(False, f"{table.qualified}: foreign key", VerdictKind.FOREIGN_KEY)


_NAMED_FK = re.compile(r'CONSTRAINT\s+"((?:[^"]|"")+)"\s+FOREIGN\s+KEY\s*\(([^)]*)\)', re.I)
_REFUSING = ("NO ACTION", "RESTRICT")  # ON UPDATE actions that refuse to change a key a child row holds


def holding_key(conn: Any, table: Table, row: dict) -> Optional[str]:
    """The name of a NO ACTION or RESTRICT foreign key whose child rows hold the key values of the
    `table` row an UPDATE was changing (found by its primary key in `row`, the values as sent:
    the WHERE key wins), or None. SQLite names no key in its error; PRAGMA foreign_key_list
    (https://www.sqlite.org/pragma.html#pragma_foreign_key_list) finds the references, the
    CREATE TABLE text their constraint names."""
    if not table.primary_key or any(c not in row for c in table.primary_key):
        return None
    cur = conn.execute(f"SELECT * FROM {DIALECT.qualify(*table.key)} WHERE "
                       + " AND ".join(f"{DIALECT.quote(c)} = ?" for c in table.primary_key),
                       [row[c] for c in table.primary_key])
    found = cur.fetchone()
    if found is None:
        return None
    parent = dict(zip((d[0] for d in cur.description), found))
    for child, sql in conn.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").fetchall():
        for columns, refs in _references_to(conn, child, table):
            if _holds(conn, child, columns, [parent.get(r) for r in refs]):
                names = {tuple(c.strip().strip('"') for c in m.group(2).split(",")): m.group(1).replace('""', '"')
                         for m in _NAMED_FK.finditer(sql or "")}
                return names.get(tuple(columns))
    return None


def _references_to(conn: Any, child: str, table: Table) -> list[tuple[list[str], list[str]]]:
    """(child columns, referenced columns) of each refusing foreign key of `child` to `table`."""
    keys: dict[int, tuple[list[str], list[str]]] = {}
    for fid, _, target, frm, to, on_update, *_ in conn.execute(f"PRAGMA foreign_key_list({DIALECT.quote(child)})"):
        if target == table.name and on_update.upper() in _REFUSING:
            cols, refs = keys.setdefault(fid, ([], []))
            cols.append(frm)
            refs.append(to)
    return [(cols, [r or p for r, p in zip(refs, table.primary_key)]) for cols, refs in keys.values()]


def _holds(conn: Any, child: str, columns: list[str], values: list[Any]) -> bool:
    if any(v is None for v in values):
        return False
    where = " AND ".join(f"{DIALECT.quote(c)} = ?" for c in columns)
    return conn.execute(f"SELECT 1 FROM {DIALECT.quote(child)} WHERE {where} LIMIT 1", values).fetchone() is not None


def has_parent(conn: Any, table: Table, fk: ForeignKey, row: dict) -> bool:
    """Whether `row` satisfies `fk` (MATCH SIMPLE: a NULL part satisfies it)."""
    values = [row.get(c) for c in fk.columns]
    if any(v is None for v in values):
        return True
    target = table.referenced_key(fk)
    if target == table.key and all(row.get(r) == v for r, v in zip(fk.ref_columns, values)):
        return True  # the row references itself
    where = " AND ".join(f"{DIALECT.quote(r)} = ?" for r in fk.ref_columns)
    parent = DIALECT.qualify(*target)
    return conn.execute(f"SELECT 1 FROM {parent} WHERE {where} LIMIT 1", values).fetchone() is not None


# -- degradations that explain a verdict the oracle did not predict ------------------------------
# Each rule gets the Degradation and a `checks.engines.Case`; see checks/verdicts/mysql.py.

def _dropped(kind: VerdictKind) -> Callable:
    """The constraint (the degradation's subject) does not exist on SQLite: the row is accepted."""
    return lambda g, case: case.got.accepted and case.expects(g.subject, kind)


def _no_partitions(g, case) -> bool:
    """One table instead of partitions: a row outside every partition is stored."""
    return case.got.accepted and case.expects(case.table.qualified, VerdictKind.PARTITION)


def _column_accepts(*kinds: VerdictKind) -> Callable:
    """The column (the degradation's subject) accepts values the model's type rejects."""
    return lambda g, case: case.got.accepted and case.expects(column_name(case.table, g.subject), *kinds)


def _real_decimal(g, case) -> bool:
    """REAL is binary floating point: rounding at the scale's edge differs from numeric's
    (https://www.sqlite.org/floatingpoint.html)."""
    column = column_name(case.table, g.subject)
    return ((case.got.accepted and case.expects(column, VerdictKind.RANGE))
            or (case.got.constraint == column and case.got.kind == VerdictKind.RANGE))


EXPLAINS: dict[str, Callable] = {
    # SQLite keeps a varchar value's excess spaces that PostgreSQL cuts: the verdict is the
    # oracle's for the row and the existing rows as sent
    "SL-VARCHARPAD": stored_as(Quirk.SPACES_KEPT),
    # a NaN REAL is stored as NULL (https://www.sqlite.org/floatingpoint.html)
    "SL-NAN": stored_as(Quirk.NAN_AS_NULL),
    # a BLOB has no fixed length: BINARY(n) is stored as sent, not zero-padded (https://www.sqlite.org/datatype3.html)
    "SL-BINARYPAD": stored_as(Quirk.BINARY_UNPADDED),
    # INTEGER is a signed 64-bit integer: an unsigned bigint above 2**63-1 is out of range
    # (https://www.sqlite.org/datatype3.html)
    "SL-UBIGINT": stored_as(Quirk.SIGNED_UNSIGNED64),
    # time with time zone is its UTC time without the offset (https://www.sqlite.org/lang_datefunc.html)
    "SL-TIMETZ": stored_as(Quirk.TIMETZ_UTC),
    # a set is text kept as written; a real is an 8-byte float; fractional seconds are kept
    "SL-SETFORM": stored_as(Quirk.SET_AS_WRITTEN),
    "SL-REAL": stored_as(Quirk.REAL_AS_DOUBLE),
    "SL-FRACTION": stored_as(Quirk.FRACTION_KEPT),
    "SL-PARTITION": _no_partitions,
    "SL-DECIMAL": _real_decimal,
    "SL-JSONB": _column_accepts(VerdictKind.JSON),
    "SL-ARRAY": _column_accepts(VerdictKind.TYPE, VerdictKind.RANGE, VerdictKind.LENGTH, VerdictKind.ENUM),
    "SL-XFK": _dropped(VerdictKind.FOREIGN_KEY),
    "SL-EXCLUDE": _dropped(VerdictKind.EXCLUSION),
    # an AUTOINCREMENT rowid takes any explicit value, and generates one for NULL
    # (https://www.sqlite.org/autoinc.html): GENERATED ALWAYS refuses nothing
    "SL-IDENTITY-ALWAYS": identity_taken(lambda value, case: True),
    "SL-PREFIX": _dropped(VerdictKind.UNIQUE),
}
# The same rules under the names the sqlite rendering branch gave these degradations.
