"""A scheduled event's CREATE EVENT as MariaDB/MySQL stores it (SHOW CREATE EVENT), from the text as written.

SHOW CREATE EVENT writes every clause, in one order (https://mariadb.com/kb/en/create-event/,
https://mariadb.com/kb/en/show-create-event/): the name quoted, the schedule with its times as
``'YYYY-MM-DD HH:MM:SS'``, ``ON COMPLETION [NOT] PRESERVE``, ``ENABLE`` / ``DISABLE`` /
``DISABLE ON SLAVE``, the comment, then the body as written. An event written by hand compares
with the one read back once it is spelled the same way: `stored_form`. Nothing is created to find
it (a probe event could run its body as soon as it exists). What cannot be spelled here (a time
that is an expression, such as ``CURRENT_TIMESTAMP + INTERVAL 1 DAY``, which the server evaluates
once, when it creates the event) is left as written: None.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Optional

_NAME = r"`(?:[^`]|``)+`|[A-Za-z0-9_$]+"
_STRING = r"'(?:[^'\\]|''|\\.)*'"
_HEAD = re.compile(rf"^\s*CREATE\s+(?:DEFINER\s*=\s*\S+\s+)?EVENT\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>{_NAME})\s+"
                   r"ON\s+SCHEDULE\s+", re.I | re.S)
_AT = re.compile(rf"AT\s+(?P<at>{_STRING})\s*", re.I | re.S)
_EVERY = re.compile(rf"EVERY\s+(?P<qty>{_STRING}|\d+)\s+(?P<unit>[A-Z_]+)\s*"
                    rf"(?:STARTS\s+(?P<starts>{_STRING})\s*)?(?:ENDS\s+(?P<ends>{_STRING})\s*)?", re.I | re.S)
_COMPLETION = re.compile(r"ON\s+COMPLETION\s+(?P<not>NOT\s+)?PRESERVE\s*", re.I)
_STATUS = re.compile(r"(?P<status>ENABLE|DISABLE\s+ON\s+SLAVE|DISABLE)\s*", re.I)
_COMMENT = re.compile(rf"COMMENT\s+(?P<comment>{_STRING})\s*", re.I | re.S)
_DO = re.compile(r"DO\s+(?P<body>.*)$", re.I | re.S)
# The time forms a schedule's literal takes (MariaDB reads a DATETIME literal with or without seconds
# and leading zeros: https://mariadb.com/kb/en/date-and-time-literals/).
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


def _time(literal: str) -> Optional[str]:
    """A quoted DATETIME literal as SHOW CREATE EVENT writes it, None when it is not one."""
    text = literal[1:-1].strip()
    for fmt in _TIME_FORMATS:
        try:
            return "'" + datetime.strptime(text, fmt).strftime("%Y-%m-%d %H:%M:%S") + "'"
        except ValueError:
            continue
    return None


def _comment(literal: str) -> Optional[str]:
    """A quoted comment as SHOW CREATE EVENT writes it (a quote doubled, a backslash escaped), None when
    it holds an escape other than \\\\ or \\' (kept as written)."""
    text, out, i = literal[1:-1], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            nxt = text[i + 1:i + 2]
            if nxt not in ("\\", "'"):
                return None
            out.append(nxt)
            i += 2
        elif text.startswith("''", i):
            out.append("'")
            i += 2
        else:
            out.append(ch)
            i += 1
    # The comment is kept in mysql.event's `comment` column, a CHAR(64): read back without its trailing
    # spaces (https://mariadb.com/kb/en/char/: "trailing spaces are removed" on retrieval).
    value = "".join(out).rstrip(" ")
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _name(text: str) -> str:
    return text if text.startswith("`") else f"`{text}`"


def _schedule(rest: str) -> Optional[tuple[str, str]]:
    """(the schedule as stored, the text after it), None when it cannot be spelled as stored."""
    m = _AT.match(rest)
    if m:
        at = _time(m.group("at"))
        return (f"AT {at}", rest[m.end():]) if at else None
    m = _EVERY.match(rest)
    if not m:
        return None
    qty = m.group("qty")
    parts = [f"EVERY {int(qty) if qty.isdigit() else qty} {m.group('unit').upper()}"]
    for word in ("starts", "ends"):
        if m.group(word):
            value = _time(m.group(word))
            if value is None:
                return None
            parts.append(f"{word.upper()} {value}")
    return " ".join(parts), rest[m.end():]


def stored_form(sql: str) -> Optional[str]:
    """CREATE EVENT `sql` as SHOW CREATE EVENT writes it, without DEFINER (dialects/mysql/code.py) and,
    for an EVERY without STARTS, without the creation time the server gives it; None when `sql` is not
    a CREATE EVENT this can spell so (it is then compared as written)."""
    m = _HEAD.match(sql)
    if not m:
        return None
    found = _schedule(sql[m.end():])
    if found is None:
        return None
    schedule, rest = found
    preserve, status, comment = "NOT PRESERVE", "ENABLE", None
    while True:
        if (c := _COMPLETION.match(rest)):
            preserve = "NOT PRESERVE" if c.group("not") else "PRESERVE"
        elif (c := _STATUS.match(rest)):
            status = " ".join(c.group("status").upper().split())
        elif (c := _COMMENT.match(rest)):
            comment = _comment(c.group("comment"))
            if comment is None:
                return None
        else:
            break
        rest = rest[c.end():]
    body = _DO.match(rest)
    if not body:
        return None
    text = body.group("body").strip().rstrip(";").rstrip()
    said = f" COMMENT {comment}" if comment and comment != "''" else ""
    return (f"CREATE EVENT {_name(m.group('name'))} ON SCHEDULE {schedule} ON COMPLETION {preserve} {status}"
            f"{said} DO {text}")
