"""The migration lock on MySQL/MariaDB: a user-level lock (GET_LOCK) named after the database.

GET_LOCK's lock belongs to the session and is released when the connection ends, normally or
not; commits do not release it (https://mariadb.com/kb/en/get_lock/). Names are server-wide, so
the name carries the database's; MySQL 5.7+ refuses names over 64 characters
(https://dev.mysql.com/doc/refman/8.0/en/locking-functions.html), so a longer one is hashed.

Who holds it: IS_USED_LOCK gives the holding connection's id, and PROCESSLIST its client host and
port; but a connection's attributes (program name, client pid) are only visible through the
Performance Schema, which MariaDB leaves off by default. So the holder also publishes itself in
a statement: a second connection of its own waits, for as long as the lock is held, on a
private lock the holding connection took (GET_LOCK of ``schemakit note <id>``), and that waiting
statement's text, visible in PROCESSLIST.INFO, carries the encoded `LockHolder`. Releasing the
lock releases the private one, and the waiting statement ends; a killed run's connection ends
on the server, which releases both.
"""
from __future__ import annotations

import hashlib
import threading
from typing import Any, Optional

from ..base import LockHolder
from ..urls import DbUrl

NAME_LIMIT = 64
_MARK = "schemakit-lock-of"  # the note statement's text: "<_MARK> <connection id> <encoded holder>"
_YEAR = 31536000  # seconds: the note waits for as long as the lock is held


def lock_name(database: str) -> str:
    """The GET_LOCK name of `database`'s migration lock (at most 64 characters)."""
    name = f"schemakit migrate {database}"
    return name if len(name) <= NAME_LIMIT else f"schemakit migrate {hashlib.sha256(database.encode()).hexdigest()[:40]}"


class Held:
    """A held lock: its name, the holding connection's id, and the thread of the note connection."""

    def __init__(self, name: str, conn_id: int, note: threading.Thread):
        self.name, self.conn_id, self.note = name, conn_id, note

    @property
    def gate(self) -> str:
        """The private lock the note connection waits on."""
        return f"schemakit note {self.conn_id}"


def _query(conn: Any, sql: str, args: tuple = ()) -> tuple:
    with conn.cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchone()


def try_lock(connect, conn: Any, url: DbUrl, holder: LockHolder) -> Optional[Held]:
    """GET_LOCK(name, 0) on `conn`; on success the note connection (`connect(url)`) is started."""
    name = lock_name(url.database or "")
    # One round trip: the private lock is taken only where the lock was (IF evaluates its condition first and
    # then one branch: https://mariadb.com/kb/en/if-function/); 2 when both were taken, 1 for the lock alone.
    got, conn_id = _query(conn, "SELECT IF(GET_LOCK(%s, 0) = 1, 1 + COALESCE(GET_LOCK(CONCAT('schemakit note ', "
                                "CONNECTION_ID()), 0), 0), 0), CONNECTION_ID()", (name,))
    if not got:
        return None
    text = f"{_MARK} {conn_id} {holder.encode()}"
    note = threading.Thread(target=_publish, args=(connect, url, f"schemakit note {conn_id}", text),
                            name="schemakit-lock-note", daemon=True)
    if got == 2:  # else the lock holds with no note, a courtesy
        note.start()
    return Held(name, conn_id, note)


def _publish(connect, url: DbUrl, gate: str, text: str) -> None:
    """Wait on `gate` in a statement whose text is `text`, until the holder releases it."""
    try:
        other = connect(url)
    except Exception:  # the note is a courtesy: the lock holds without it
        return
    try:
        _query(other, "SELECT GET_LOCK(%s, %s), %s", (gate, _YEAR, text))
    except Exception:
        pass
    finally:
        other.close()


def release_lock(conn: Any, held: Held) -> None:
    """RELEASE_LOCK of the lock and of the note's gate; the note connection then ends."""
    _query(conn, "SELECT RELEASE_LOCK(%s), RELEASE_LOCK(%s)", (held.name, held.gate))
    if held.note.ident is not None:  # started
        held.note.join(timeout=5)


def lock_holder(conn: Any, url: DbUrl) -> Optional[LockHolder]:
    """The holding connection (IS_USED_LOCK) and its note, from PROCESSLIST."""
    owner = _query(conn, "SELECT IS_USED_LOCK(%s)", (lock_name(url.database or ""),))[0]
    if owner is None:
        return None
    with conn.cursor() as cur:
        cur.execute("SELECT ID, HOST, INFO FROM information_schema.PROCESSLIST"
                    " WHERE ID = %s OR (ID <> CONNECTION_ID() AND INFO LIKE %s)", (owner, f"%{_MARK} {owner} %"))
        rows = cur.fetchall()
    host = next((h for i, h, _ in rows if i == owner), None)
    detail = f"connection {owner}" + (f" from {host}" if host else "")
    notes = [LockHolder.decode(info, detail) for i, _, info in rows if i != owner]
    return next((n for n in notes if n), None) or LockHolder(detail=detail)
