"""A SQLite table rebuild run beside what schemakit does not own.

SQLite changes most of a table by rebuilding it (`dialects.sqlite.plan`): a new table under a temporary name,
the rows copied, ``DROP TABLE`` of the old one, and the new one renamed. The planner rebuilds with it the tables
schemakit owns that reference it, and makes its own indexes and triggers again. What a user made beside them is
not in the model, and the same statements would harm it:

- ``DROP TABLE`` first deletes the table's rows, running the ON DELETE action of every foreign key that
  references it (https://www.sqlite.org/lang_droptable.html): another table's rows are deleted (CASCADE),
  nulled (SET NULL, SET DEFAULT), or the commit fails (NO ACTION, RESTRICT). `run` refuses the statement, before
  it runs, while another table (not dropped later in the same run) has a row that references the table: the
  migration fails whole, and its transaction takes back what it did.
- ``DROP TABLE`` takes the table's indexes and triggers with it, and the rename fails on a view or another
  table's trigger that names the table (https://www.sqlite.org/lang_altertable.html: "error in view"). In a
  rebuild (the statements go on to rename a table to the dropped one's name), those the statements do not
  create again are the user's: `run` drops the views and other tables' triggers before the ``DROP TABLE``, and
  makes every one of them again, from the text SQLite keeps (``sqlite_master.sql``), once the statements have
  run, as the documented procedure does (https://www.sqlite.org/lang_altertable.html#otheralter, steps 8 and 11).
"""
from __future__ import annotations

import re
import sqlite3
from typing import Optional, Sequence

_NAME = r'"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|[A-Za-z_][\w$]*'
_QUALIFIED = rf"(?:({_NAME})\s*\.\s*)?({_NAME})"
_DROP = re.compile(rf"\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?{_QUALIFIED}\s*;?\s*$", re.I | re.S)
_RENAME = re.compile(rf"\s*ALTER\s+TABLE\s+{_QUALIFIED}\s+RENAME\s+TO\s+({_NAME})\s*;?\s*$", re.I | re.S)
_CREATE = re.compile(rf"(\s*CREATE\s+(?:UNIQUE\s+)?(?:INDEX|TRIGGER|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?){_QUALIFIED}",
                     re.I | re.S)
_WORD = re.compile(rf"'(?:[^']|'')*'|{_NAME}")  # a string literal, or a name: only names are compared


def run(conn: sqlite3.Connection, statements: Sequence[str]) -> None:
    """Execute `statements` on `conn`, in order, in its current transaction, keeping what the user made beside a
    table they rebuild or drop (see the module); sqlite3.IntegrityError, naming the table and the fix, before a
    ``DROP TABLE`` would change another table's rows."""
    statements = list(statements)
    again: list[tuple[str, str]] = []  # (schema, CREATE text) of the user's objects, made again at the end
    cur = conn.cursor()
    try:
        for i, sql in enumerate(statements):
            dropped = _dropped(sql)
            if dropped is not None:
                schema, table = dropped
                later = statements[i + 1:]
                _refuse_referencing_rows(cur, schema, table, {_fold(t) for s in later if (t := _dropped_name(s, schema))})
                if any(_renamed_to(s) == _fold(table) for s in later):  # a rebuild: the table comes back
                    made = {_fold(n) for s in later if (n := _created(s)) is not None}
                    for kind, name, text, on_it in _naming(cur, schema, table):
                        if _fold(name) in made:
                            continue
                        if not on_it:  # survives the DROP, but fails the rename
                            cur.execute(f"DROP {kind.upper()} {_q(schema)}.{_q(name)}")
                        again.append((schema, text))
            cur.execute(sql)
        for schema, text in again:
            cur.execute(_in_schema(text, schema))
    finally:
        cur.close()


def _fold(name: str) -> str:
    return name.casefold()  # SQLite compares names without case (ASCII), https://www.sqlite.org/lang_keywords.html


def _unquoted(name: Optional[str]) -> Optional[str]:
    if name is None:
        return None
    if name[:1] in '"`' and name[-1:] == name[:1]:
        return name[1:-1].replace(name[0] * 2, name[0])
    if name[:1] == "[" and name[-1:] == "]":
        return name[1:-1]
    return name


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _dropped(sql: str) -> Optional[tuple[str, str]]:
    """(schema, table) of a ``DROP TABLE`` statement; None for any other."""
    m = _DROP.match(sql)
    return None if m is None else (_unquoted(m.group(1)) or "main", _unquoted(m.group(2)) or "")


def _dropped_name(sql: str, schema: str) -> Optional[str]:
    found = _dropped(sql)
    return found[1] if found is not None and _fold(found[0]) == _fold(schema) else None


def _renamed_to(sql: str) -> Optional[str]:
    m = _RENAME.match(sql)
    return None if m is None else _fold(_unquoted(m.group(3)) or "")


def _created(sql: str) -> Optional[str]:
    m = _CREATE.match(sql)
    return None if m is None else _unquoted(m.group(3))


def _refuse_referencing_rows(cur: sqlite3.Cursor, schema: str, table: str, dropped_later: set) -> None:
    """sqlite3.IntegrityError when another table of `schema` holds a row whose foreign key references `table` and
    the keys are enforced (without them, DROP TABLE runs no action: https://www.sqlite.org/foreignkeys.html)."""
    if not cur.execute("PRAGMA foreign_keys").fetchone()[0]:
        return
    names = [r[0] for r in cur.execute(f"SELECT name FROM {_q(schema)}.sqlite_master WHERE type = 'table'")]
    for other in names:
        if _fold(other) in dropped_later or _fold(other) == _fold(table) or other.startswith("sqlite_"):
            continue
        keys: dict[int, tuple[list[str], str]] = {}
        for row in cur.execute(f"SELECT id, \"table\", \"from\", on_delete FROM {_q(schema)}.pragma_foreign_key_list(?)",
                               (other,)).fetchall():
            if _fold(row[1]) == _fold(table):
                keys.setdefault(row[0], ([], row[3]))[0].append(row[2])
        for columns, action in keys.values():
            present = " AND ".join(f"{_q(c)} IS NOT NULL" for c in columns)
            if cur.execute(f"SELECT 1 FROM {_q(schema)}.{_q(other)} WHERE {present} LIMIT 1").fetchone():
                raise sqlite3.IntegrityError(
                    f"table {other} has rows that reference {table} (its foreign key ({', '.join(columns)}) ON DELETE "
                    f"{action}), and SQLite rebuilds or drops {table} with DROP TABLE, which would run that action on "
                    f"them; {other} is not schemakit's, which never changes it: drop that foreign key, or move those "
                    "rows, then run migrate again")


def _naming(cur: sqlite3.Cursor, schema: str, table: str) -> list[tuple[str, str, str, bool]]:
    """(kind, name, CREATE text, whether it is on `table`) of each index and trigger on `table` (DROP TABLE takes
    them), and each view and trigger of another table that names it (the rename fails on them), in the order
    SQLite keeps them."""
    rows = cur.execute(f"SELECT type, name, tbl_name, sql FROM {_q(schema)}.sqlite_master "
                       "WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL ORDER BY rowid").fetchall()
    out = []
    for kind, name, on, text in rows:
        if _fold(on) == _fold(table) and kind != "view":
            out.append((kind, name, text, True))
        elif kind != "index" and any(_fold(_unquoted(w) or "") == _fold(table) for w in _WORD.findall(text)
                                     if not w.startswith("'")):
            out.append((kind, name, text, False))
    return out


def _in_schema(text: str, schema: str) -> str:
    """A CREATE text from `schema`'s sqlite_master, to run on a connection where `schema` may not be the first:
    its object's name qualified (the text SQLite keeps names no schema)."""
    if _fold(schema) == "main":
        return text
    m = _CREATE.match(text)
    if m is None or m.group(2) is not None:
        return text
    return text[:m.start(3)] + f"{_q(schema)}.{m.group(3)}" + text[m.end(3):]
