"""Disagreements the cross-engine runner found that are real bugs, reported and not yet fixed.

Each entry recognises exactly its reported case, so the system runs stay green
while it is open, and counts as ``!ID`` in the verdict matrix (never as
agreement). tests/test_checks_verdicts.py reproduces each one in its own test
marked ``xfail(strict=True)``: when the bug is fixed that test passes, the
strict xfail fails, and the entry must be removed from here.
"""
from __future__ import annotations

import datetime as dt
import json
import re

from checks.runner import KnownBug
from schema import expr
from schema.model import Kind


def _truncated(case, excess: str):
    """The row with each varchar value the oracle calls too long cut to its length, when every
    excess character is one of `excess` (what the engine stores instead); else None."""
    cut = {}
    for v in case.expected:
        column = v.constraint.rsplit(".", 1)[-1]
        if v.kind != "length" or not case.table.has_column(column):
            continue
        value, length = case.row.get(column), case.table.column(column).type.length
        if isinstance(value, str) and len(value) > length and not value[length:].strip(excess):
            cut[column] = value[:length]
    return {**case.row, **cut} if cut else None


def _accepts_cut(engines: tuple[str, ...], excess: str, only_if_not: str = ""):
    """The engine stored the cut value and judged the row so (accepted it, or rejected it by
    another constraint of the cut row)."""
    def applies(case) -> bool:
        row = _truncated(case, excess) if case.engine in engines else None
        return row is not None and (not only_if_not or _truncated(case, only_if_not) is None) \
            and case.agrees_on(row)
    return applies


VARCHAR_PAD = KnownBug(
    "ORACLE-VARCHAR-PAD",
    "checks/oracle.py calls a varchar(n) value longer than n a length violation even when the "
    "excess characters are all spaces; PostgreSQL accepts it and truncates the spaces "
    "(https://www.postgresql.org/docs/15/datatype-character.html), and so does MySQL "
    "(https://dev.mysql.com/doc/refman/8.0/en/char.html). SQLite's sk_type length CHECK rejects "
    "it, so once the oracle is fixed SQLite disagrees (dialects/sqlite.py: "
    "length(rtrim(c, ' ')) <= n would give PostgreSQL's verdict).",
    _accepts_cut(("postgres", "mysql"), " "),
)

MARIADB_VARCHAR_WHITESPACE = KnownBug(
    "MY-VARCHAR-WHITESPACE",
    "MariaDB 10.11 silently cuts a varchar(n) value whose excess characters are any whitespace "
    "(tab, newline, carriage return, not only spaces) and accepts the row; PostgreSQL rejects "
    "it ('value too long'). No listed degradation of dialects/mysql.py covers it.",
    _accepts_cut(("mysql",), " \t\n\r\x0b\x0c", only_if_not=" "),
)



def _json_values(case, kinds: tuple[Kind, ...]):
    """(column, decoded value) of each json-kind column the oracle rejects as invalid json that
    Python's lenient parser still decodes."""
    for v in case.expected:
        column = v.constraint.rsplit(".", 1)[-1]
        if v.kind == "json" and case.table.has_column(column) and case.table.column(column).type.kind in kinds:
            try:
                yield column, json.loads(case.row[column])
            except ValueError:
                continue


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, x in value.items():
            yield k
            yield from _strings(x)
    elif isinstance(value, list):
        for x in value:
            yield from _strings(x)


def _surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def _taken_as_valid(case, kinds: tuple[Kind, ...], test) -> bool:
    """The engine took the json value the oracle rejects as valid: it accepted the row, or a
    CHECK over that column judged it (the oracle skips CHECKs over an invalid value)."""
    columns = {c for c, value in _json_values(case, kinds) if any(test(t) for t in _strings(value))}
    if not columns:
        return False
    check = next((c for c in case.table.checks if c.name == case.got.constraint), None)
    return case.got.accepted or (check is not None and bool(columns & expr.columns(check.expression)))


JSON_SURROGATE = KnownBug(
    "ORACLE-JSON-SURROGATE",
    "checks/oracle.py rejects json (not jsonb) text holding a lone UTF-16 surrogate escape "
    "(\"\\ud800\"); PostgreSQL's json input checks escapes for syntax only and accepts it "
    "(https://www.postgresql.org/docs/15/datatype-json.html), and so does SQLite's json_valid. "
    "MariaDB's json_valid rejects it: once the oracle is fixed, MySQL disagrees (no listed degradation).",
    lambda case: case.engine in ("postgres", "sqlite") and _taken_as_valid(case, (Kind.JSON,), _surrogate),
)

MARIADB_JSONB_NUL = KnownBug(
    "MY-JSONB-NUL",
    "MariaDB accepts jsonb text holding the escape \\u0000, which PostgreSQL's jsonb rejects "
    "(https://www.postgresql.org/docs/15/datatype-json.html); the MY-JSONB degradation of "
    "dialects/mysql.py says 'same validation', so nothing explains it (SL-JSONB does say so for SQLite).",
    lambda case: case.engine == "mysql" and _taken_as_valid(case, (Kind.JSONB,), lambda t: "\x00" in t),
)

_JSON_ESCAPE = re.compile(r'\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})')


def _lax_escape(case) -> bool:
    for v in case.expected:
        column = v.constraint.rsplit(".", 1)[-1]
        text = case.row.get(column) if v.kind == "json" and case.table.has_column(column) else None
        if isinstance(text, str) and "\\" in _JSON_ESCAPE.sub("", text):
            return True
    return False


MARIADB_JSON_ESCAPE = KnownBug(
    "MY-JSON-ESCAPE",
    "MariaDB's json_valid accepts a string with an escape JSON does not define (\"\\x41\"); "
    "PostgreSQL rejects it as invalid json (RFC 8259 section 7). No listed degradation covers it.",
    lambda case: case.engine == "mysql" and case.got.accepted and _lax_escape(case),
)

SQLITE_DAY = dt.date(300, 3, 1)


def _on_bad_day(case) -> bool:
    column = case.got.constraint.rsplit(".", 1)[-1] if case.got.constraint else ""
    value = case.row.get(column) if case.table.has_column(column) else None
    day = value.date() if isinstance(value, dt.datetime) else value
    return case.got.kind == "type" and day == SQLITE_DAY


SQLITE_0300_03_01 = KnownBug(
    "SL-0300-03-01",
    "SQLite 3.40 turns julianday('0300-03-01') back into 0300-02-29 (the only such day in years "
    "1..2100), so the sk_type CHECK of a timestamp or date column (dialects/sqlite.py, "
    "date(julianday(x)) IS x) rejects every value on 0300-03-01, which PostgreSQL accepts.",
    lambda case: case.engine == "sqlite" and _on_bad_day(case),
)

KNOWN_BUGS = (VARCHAR_PAD, MARIADB_VARCHAR_WHITESPACE, JSON_SURROGATE, MARIADB_JSONB_NUL,
              MARIADB_JSON_ESCAPE, SQLITE_0300_03_01)
