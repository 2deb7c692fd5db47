"""SQLite views: their DDL, and how they are read back.

- SQLite has no CREATE OR REPLACE VIEW and no ALTER VIEW: a changed view is dropped and created
  again (https://www.sqlite.org/lang_createview.html). There are no materialized views (SL-MATVIEW)
  and a view carries no comment (SL-VIEWCOMMENT).
- sqlite_schema.sql keeps the CREATE VIEW statement as written
  (https://www.sqlite.org/schematab.html), so the body read back is the text schemakit wrote: the
  comparison of a model body with the stored one is exact (blank space aside) and needs no probe.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from schemakit.schema.views import View

from ..base import Statement

# CREATE [TEMP] VIEW [IF NOT EXISTS] [schema.]name AS body: the body, after the name (quoted any way
# SQLite reads an identifier: https://www.sqlite.org/lang_keywords.html); no column list.
_NAME = r'(?:"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|[^\s.("`\[]+)'
_CREATE = re.compile(rf"^\s*CREATE\s+(?:TEMP(?:ORARY)?\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:{_NAME}\s*\.\s*)?"
                     rf"{_NAME}\s+AS\s+(?P<body>.*)$", re.I | re.S)


def create(d, v: View) -> list[Statement]:
    """CREATE VIEW."""
    return [Statement(f"CREATE VIEW {d.qualify(v.namespace, v.name)} AS {v.body}", kind="view")]


def drop(d, v: View) -> list[Statement]:
    """DROP VIEW."""
    return [Statement(f"DROP VIEW {d.qualify(v.namespace, v.name)}", kind="view")]


def body(sql: str) -> Optional[str]:
    """The SELECT of a CREATE VIEW statement as sqlite_schema keeps it; None for a shape the model does
    not hold (a column list after the name)."""
    m = _CREATE.match(sql)
    return m.group("body").strip().rstrip(";").strip() if m else None


def read(ns: Optional[str], objects: Sequence[tuple]) -> tuple[list[View], list[str]]:
    """(the views among a namespace's sqlite_schema rows (type, name, tbl_name, sql), the names of those
    the model cannot hold)."""
    out, odd = [], []
    for _kind, name, _table, sql in (o for o in objects if o[0] == "view"):
        found = body(sql or "")
        if found is None:
            odd.append(name)
        else:
            out.append(View(name, found, "sqlite", namespace=ns))
    return out, odd
