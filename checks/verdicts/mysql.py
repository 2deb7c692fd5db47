"""MySQL/MariaDB errors read as verdicts, and the degradations that explain verdicts.

Error numbers and messages: https://mariadb.com/kb/en/mariadb-error-code-reference/
and https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html.
In strict mode (schemakit connections set it) every invalid value is an error,
never a warning with a silently changed value
(https://dev.mysql.com/doc/refman/8.0/en/sql-mode.html#sql-mode-strict).

Constraints schemakit adds appear under their ``sk_`` names (uuid text form,
boolean 0/1, the partition lower bound); MariaDB's automatic
``json_valid`` CHECK of a JSON column is named ``<table>.<column>``
(https://mariadb.com/kb/en/json-data-type/). CHECKs MySQL 8 refuses run as
triggers that SIGNAL SQLSTATE 23000 with ``CONSTRAINT `name` failed for `table```;
state machines SIGNAL 45000 with a message starting with the machine's name. The guard of a rolling
partitioning's lower bound (dialects/mysql/partitions.py) SIGNALs the partition CHECK's own error (4025).
"""
from __future__ import annotations

import json
import math
import re
from typing import Any, Callable, Iterator, Optional

from schemakit.checks.oracle import Quirk, Verdict, VerdictKind, column_name, effective
from schemakit.checks.verdicts import held, identity_taken, stored_as
from schemakit.schema.expr import columns as expr_columns
from schemakit.schema.model import Kind, Table

from schemakit.dialects.mysql import DIALECT, TEXT_PREFIX
from schemakit.dialects.mysql.introspect import CONSTRAINT_FAILED  # CONSTRAINT `name` failed for `db`.`table`

BAD_NULL = 1048
DUP_ENTRY = (1062, 1586)
NO_REFERENCED_ROW = (1452, 1216)
ROW_IS_REFERENCED = (1451, 1217)  # an UPDATE (or DELETE) of a parent key a child row holds (ON UPDATE RESTRICT)
CHECK_VIOLATED = 3819  # MySQL 8: Check constraint 'name' is violated.
SIGNAL = 1644  # a trigger's SIGNAL (SQLSTATE 23000: CHECK trigger; 45000: state machine)
DATA_TOO_LONG = 1406
OUT_OF_RANGE = 1264
TRUNCATED = (1265, 1366)  # value not in the ENUM, or not of the column's type
BAD_DATETIME = 1292
INVALID_JSON = 3140  # MySQL 8's JSON type
NO_PARTITION = 1526

_NAMED = re.compile(r"CONSTRAINT [`']((?:[^`']|``)+)[`']")
_CHECK8 = re.compile(r"Check constraint '((?:[^']|'')+)' is violated")
_KEY = re.compile(r"for key '((?:[^']|'')+)'")
# pymysql refuses to send a non-finite float, before the server sees it (pymysql.converters.escape_float).
_FLOAT_SPECIAL = re.compile(r"^-?(?:inf|nan) can not be used with MySQL")
_COLUMN = (re.compile(r"column '([^']+)'", re.I), re.compile(r"column (?:`[^`]*`\.)*`([^`]+)`", re.I))


def classify(exc: Exception, table: Table, conn: Any = None, row: Optional[dict] = None) -> Verdict:
    """The verdict a pymysql error on inserting into (or updating) `table` stands for.

    `table` is the effective (lowered) table; `conn` and `row` are not needed:
    MySQL names the column or constraint in every message read here.
    """
    errno, message = _parts(exc)
    if errno is None and _FLOAT_SPECIAL.match(message) and row is not None:
        return _float_special(table, row) or unknown(exc)
    handler = _HANDLERS.get(errno)
    return handler(table, message) if handler else unknown(exc)


def _float_special(table: Table, row: dict) -> Optional[Verdict]:
    """The first column of `row` holding NaN or an infinity, as a type violation (MY-FLOATNAN)."""
    for c in table.columns:
        v = row.get(c.name)
        if isinstance(v, float) and not math.isfinite(v):
            return Verdict(False, column_name(table, c.name), VerdictKind.TYPE)
    return None


def unknown(exc: Exception) -> Verdict:
    """A rejection no rule reads: kind "unknown", the error text as its constraint."""
    errno, message = _parts(exc)
    return Verdict(False, f"{errno}: {message}", VerdictKind.UNKNOWN)


def _parts(exc: Exception) -> tuple[Any, str]:
    args = exc.args
    return (args[0], str(args[1])) if len(args) >= 2 else (None, str(exc))


def _column(message: str) -> str:
    for pattern in _COLUMN:
        m = pattern.search(message)
        if m:
            return m.group(1).rsplit(".", 1)[-1]
    return "?"


def _column_verdict(kind: Optional[VerdictKind]) -> Callable[[Table, str], Verdict]:
    def verdict(table: Table, message: str) -> Verdict:
        name = _column(message)
        return Verdict(False, column_name(table, name), kind or _truncated_kind(table, name))
    return verdict


def _truncated_kind(table: Table, column: str) -> VerdictKind:
    is_enum = table.has_column(column) and table.column(column).type.kind in (Kind.ENUM, Kind.SET)
    return VerdictKind.ENUM if is_enum else VerdictKind.TYPE


def _duplicate(table: Table, message: str) -> Verdict:
    m = _KEY.search(message)
    key = m.group(1).replace("''", "'").rsplit(".", 1)[-1] if m else "?"  # MySQL 8: 'table.key'
    if key == "PRIMARY":
        return Verdict(False, "primary_key", VerdictKind.PRIMARY_KEY)
    return Verdict(False, key, VerdictKind.UNIQUE)


def _foreign_key(table: Table, message: str) -> Verdict:
    m = _NAMED.search(message)
    return Verdict(False, m.group(1).replace("``", "`") if m else "?", VerdictKind.FOREIGN_KEY)


def _named_check(table: Table, message: str) -> Verdict:
    m = _NAMED.search(message) or _CHECK8.search(message)
    return check_verdict(table, m.group(1).replace("``", "`").replace("''", "'") if m else "?")


def _signal(table: Table, message: str) -> Verdict:
    for sm in table.state_machines:
        if message.startswith(f"{sm.name}: "):
            return Verdict(False, sm.name, VerdictKind.STATE_MACHINE)
    for c in table.columns:  # the GENERATED ALWAYS triggers: "column <name> of <table> is GENERATED ALWAYS: ..."
        if c.identity and c.identity_always and message.startswith(f"column {c.name} of ") \
                and "is GENERATED ALWAYS" in message:
            return Verdict(False, column_name(table, c.name), VerdictKind.GENERATED_ALWAYS)
    return _named_check(table, message)


def check_verdict(table: Table, name: str) -> Verdict:
    """A failed CHECK called `name`: a model CHECK, a JSON column's json_valid, or an sk_ CHECK."""
    if name in {c.name for c in table.checks}:
        return Verdict(False, name, VerdictKind.CHECK)
    column = name.split(".", 1)[1] if name.startswith(f"{table.name}.") else None
    if column and table.has_column(column):  # MariaDB's automatic json_valid(column)
        return Verdict(False, column_name(table, column), VerdictKind.JSON)
    return generated_checks(table).get(name, Verdict(False, name, VerdictKind.CHECK))


def generated_checks(table: Table) -> dict[str, Verdict]:
    """The verdict each CHECK the MySQL dialect adds to `table` (sk_ names) stands for."""
    out = {}
    for c in table.columns:
        for suffix in ("uuid", "bool"):
            out[DIALECT.generated_name(table.name, c.name, suffix)] = Verdict(False, column_name(table, c.name),
                                                                              VerdictKind.TYPE)
    if table.partitioning is not None:
        name = DIALECT.generated_name(table.name, table.partition_by.column, "partition")
        out[name] = Verdict(False, table.qualified, VerdictKind.PARTITION)
    return out


def _no_partition(table: Table, message: str) -> Verdict:
    return Verdict(False, table.qualified, VerdictKind.PARTITION)


_HANDLERS: dict[Any, Callable[[Table, str], Verdict]] = {
    BAD_NULL: _column_verdict(VerdictKind.NOT_NULL),
    **{n: _duplicate for n in DUP_ENTRY},
    **{n: _foreign_key for n in NO_REFERENCED_ROW + ROW_IS_REFERENCED},
    CONSTRAINT_FAILED: _named_check,
    CHECK_VIOLATED: _named_check,
    SIGNAL: _signal,
    DATA_TOO_LONG: _column_verdict(VerdictKind.LENGTH),
    OUT_OF_RANGE: _column_verdict(VerdictKind.RANGE),
    **{n: _column_verdict(None) for n in TRUNCATED},
    BAD_DATETIME: _column_verdict(VerdictKind.TYPE),
    INVALID_JSON: _column_verdict(VerdictKind.JSON),
    NO_PARTITION: _no_partition,
}


# -- degradations that explain a verdict the oracle did not predict ------------------------------
# Each rule gets the Degradation and a `checks.engines.Case` (the row, the oracle's verdicts and
# the engine's); it answers whether the degradation accounts for the difference.

def _dropped(kind: VerdictKind) -> Callable:
    """The constraint (the degradation's subject) does not exist on MySQL: the row is accepted."""
    return lambda g, case: case.got.accepted and case.expects(g.subject, kind)


def _narrow(g, case) -> bool:
    """The column (the degradation's subject) keeps MySQL's narrower type (MY-NARROW): the engine refuses a
    value of the model type beyond it (a TIMESTAMP before 1970 or after 2038, a TEXT over 64 KB)."""
    column = column_name(case.table, g.subject)
    return not case.got.accepted and case.got.constraint == column and not case.expects(column)


def _enum_pad(g, case) -> bool:
    """An ENUM value with trailing spaces is stored without them
    (https://dev.mysql.com/doc/refman/8.0/en/enum.html): the row is judged as if it had been written so."""
    value, column = case.row.get(g.subject), case.table.column(g.subject)
    return (case.expects(column_name(case.table, g.subject), VerdictKind.ENUM) and isinstance(value, str)
            and value.rstrip(" ") in column.type.enum.values
            and case.agrees_on({**case.row, g.subject: value.rstrip(" ")}))


def _pad_space(g, case) -> bool:
    """utf8mb4_bin is PAD SPACE: keys differing only in trailing spaces collide
    (https://dev.mysql.com/doc/refman/8.0/en/charset-binary-collations.html)."""
    name = "primary_key" if g.subject == "primary key" else g.subject
    return (case.got.constraint == name and case.got.kind in (VerdictKind.UNIQUE, VerdictKind.PRIMARY_KEY)
            and case.collides(case.key_columns(name), _rstrip))


def _rstrip(value: Any) -> Any:
    return value.rstrip(" ") if isinstance(value, str) else value


def _text_unique(g, case) -> bool:
    """A unique key over LONGTEXT judges only its first 255 characters."""
    return (case.got.constraint == g.subject and case.got.kind == VerdictKind.UNIQUE
            and case.collides(case.key_columns(g.subject), lambda v: v[:TEXT_PREFIX] if isinstance(v, str) else v))


def _text_pk(g, case) -> bool:
    """A text primary key is VARCHAR(255) on MySQL: longer values are rejected."""
    return case.got.constraint == column_name(case.table, g.subject) and case.got.kind == VerdictKind.LENGTH


ITEM_KINDS = (VerdictKind.TYPE, VerdictKind.RANGE, VerdictKind.LENGTH, VerdictKind.ENUM)  # what an array item breaks


def _array_items(g, case) -> bool:
    """Arrays are JSON arrays: the element type is not checked."""
    return case.got.accepted and case.expects(column_name(case.table, g.subject), *ITEM_KINDS)


def _json_length(g, case) -> bool:
    """JSON_LENGTH counts an object's keys where PostgreSQL's json_array_length raises."""
    return case.got.accepted and case.expects(g.subject, VerdictKind.CHECK)


WHITESPACE = " \t\n\r\x0b\x0c"


def _cut_whitespace(g, case) -> bool:
    """MariaDB cuts a varchar value whose excess characters are all whitespace: the row is
    judged as if it had been written cut."""
    cut = {}
    for v in case.expected:
        column = v.constraint.rsplit(".", 1)[-1]
        value = case.row.get(column) if v.kind == VerdictKind.LENGTH and case.table.has_column(column) else None
        length = case.table.column(column).type.length if value is not None else 0
        if isinstance(value, str) and len(value) > length and not value[length:].strip(WHITESPACE):
            cut[column] = value[:length]
    return bool(cut) and case.agrees_on({**case.row, **cut})


def _json_columns(case, *kinds: Kind) -> Iterator[tuple[str, Any]]:
    """(column, decoded value) of the row's json-kind columns whose text Python's json decodes."""
    for c in case.table.columns:
        text = case.row.get(c.name)
        if c.type.kind in kinds and isinstance(text, str):
            try:
                yield c.name, json.loads(text)
            except ValueError:
                continue


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, x in value.items():
            yield k
            yield from _strings(x)
    elif isinstance(value, list):
        for x in value:
            yield from _strings(x)


def _holds(value: Any, test: Callable[[str], bool]) -> bool:
    return any(test(s) for s in _strings(value))


def _surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def _taken_as_valid(case, columns: set[str]) -> bool:
    """The engine took json text in `columns` that the oracle rejects as valid: it accepted the
    row, or rejected it by a constraint the row breaks once those values count as valid (the
    oracle skips CHECKs over an invalid value)."""
    wanted = {column_name(case.table, c) for c in columns}
    if not columns or not any(v.constraint in wanted and v.kind == VerdictKind.JSON for v in case.expected):
        return False
    if case.got.accepted:
        return True
    check = next((c for c in case.table.checks if c.name == case.got.constraint), None)
    return check is not None and bool(columns & expr_columns(check.expression))


_JSON_ESCAPE = re.compile(r'\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})')


def _json_valid(g, case) -> bool:
    """json_valid rejects lone surrogate escapes PostgreSQL's json accepts, and accepts escapes
    JSON does not define (RFC 8259 section 7) that PostgreSQL rejects."""
    if case.got.kind == VerdictKind.JSON:
        column = case.got.constraint.rsplit(".", 1)[-1]
        return not case.expects(case.got.constraint) and any(
            c == column and _holds(v, _surrogate) for c, v in _json_columns(case, Kind.JSON))
    lax = {c.name for c in case.table.columns if c.type.kind in (Kind.JSON, Kind.JSONB)
           and isinstance(case.row.get(c.name), str) and "\\" in _JSON_ESCAPE.sub("", case.row[c.name])}
    return _taken_as_valid(case, lax)


def _jsonb_nul(g, case) -> bool:
    """jsonb is validated as json on MySQL: the escape \\u0000 is accepted."""
    nul = {c for c, v in _json_columns(case, Kind.JSONB) if c == g.subject and _holds(v, lambda t: "\x00" in t)}
    return _taken_as_valid(case, nul)


def _always(g, case) -> bool:
    """The GENERATED ALWAYS triggers: in a BEFORE INSERT trigger an AUTO_INCREMENT column given 0 or NULL
    reads 0 and a value is generated (https://dev.mysql.com/doc/refman/8.0/en/trigger-syntax.html), and
    the BEFORE UPDATE trigger refuses a change only, not the value the row holds."""
    return identity_taken(lambda value, c: value in (0, None) or held(value, c, g.subject))(g, case)


EXPLAINS: dict[str, Callable] = {
    "MY-VARCHARWS": _cut_whitespace,
    "MY-JSONVALID": _json_valid,
    "MY-JSONB": _jsonb_nul,
    "MY-ENUMPAD": _enum_pad,
    "MY-PADSPACE": _pad_space,
    "MY-PARTFK": _dropped(VerdictKind.FOREIGN_KEY),
    "MY-NARROW": _narrow,
    "MY-EXCLUDE": _dropped(VerdictKind.EXCLUSION),
    # a NULL RANGE key goes to the lowest partition: accepted where the oracle (no DEFAULT partition) rejects it
    "MY-PARTNULL": lambda g, case: (case.got.accepted and case.expects(case.table.qualified, VerdictKind.PARTITION)
                                    and effective(case.table, case.row, case.existing).get(g.subject) is None),
    "MY-IDENTITYALWAYS": _always,
    "MY-EXPRINDEX": _dropped(VerdictKind.UNIQUE),
    "MY-JSONINDEX": _dropped(VerdictKind.UNIQUE),
    "MY-TEXTUNIQUE": _text_unique,
    "MY-TEXTPK": _text_pk,
    "MY-ARRAY": _array_items,
    "MY-JSONLEN": _json_length,
    # NaN and +-Infinity are refused: by pymysql before sending, by the server as a double
    # (https://dev.mysql.com/doc/refman/8.0/en/floating-point-types.html)
    "MY-FLOATNAN": stored_as(Quirk.NO_FLOAT_SPECIALS),
    # TIME is -838:59:59..838:59:59 (https://dev.mysql.com/doc/refman/8.0/en/time.html)
    "MY-TIMERANGE": stored_as(Quirk.WIDE_TIME),
    # NUMERIC without precision is DECIMAL(65,30) (https://dev.mysql.com/doc/refman/8.0/en/fixed-point-types.html)
    "MY-NUMERIC": stored_as(Quirk.NUMERIC_65_30),
    # timetz is a TIME holding the UTC time, the offset dropped; interval is a TIME(6)
    # (https://dev.mysql.com/doc/refman/8.0/en/time.html)
    "MY-TIMETZ": stored_as(Quirk.TIMETZ_UTC),
    "MY-INTERVAL": stored_as(Quirk.INTERVAL_AS_TIME),
    # YEAR takes 1..99 as a two-digit year (https://dev.mysql.com/doc/refman/8.0/en/year.html)
    "MY-YEAR": stored_as(Quirk.TWO_DIGIT_YEAR),
    # InnoDB has no SET DEFAULT action: the key refuses the UPDATE (or DELETE) as NO ACTION does
    # (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html)
    "MY-SETDEFAULT": lambda g, case: case.got.constraint == g.subject and case.got.kind == VerdictKind.FOREIGN_KEY,
}
# The same rules under the names the mysql rendering branch gave these degradations.
