"""schemakit's migration lock: the engine's session-scoped lock, waited for out loud.

One run at a time per database. The lock is the engine's own (`Dialect.try_lock`): a
PostgreSQL advisory lock, a MySQL/MariaDB GET_LOCK, or for SQLite a flock on a lock file.
Each ends with the session or process at the latest, so a run killed with kill -9 leaves
no lock behind: the server or the operating system releases it, and there is nothing to
clear. (yoyo's own lock, a row in ``yoyo_lock``, stays behind after a kill; schemakit no
longer takes it, and `schemakit unlock` only clears rows older versions left there.)

A run that finds the lock taken says who holds it (host, pid, since when) at once and every
`PROGRESS_EVERY` seconds on stderr, and gives up after SCHEMAKIT_LOCK_WAIT seconds (default 60).
"""
from __future__ import annotations

import os
import sys
import time
from typing import Any, Callable, Optional

from schemakit.dialects.base import Dialect, LockError, LockHolder
from schemakit.dialects.urls import DbUrl

WAIT_VARIABLE = "SCHEMAKIT_LOCK_WAIT"
DEFAULT_WAIT = 60.0
PROGRESS_EVERY = 5.0
POLL = 0.1  # seconds between attempts

__all__ = ["LockBusy", "LockError", "LockHolder", "hold", "release", "holder", "wait_setting"]


class LockBusy(Exception):
    """Another run held the lock for the whole wait; the message names it."""


def wait_setting() -> float:
    """How long to wait for the lock: SCHEMAKIT_LOCK_WAIT seconds, else 60."""
    text = os.environ.get(WAIT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_WAIT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise LockError(f"{WAIT_VARIABLE}={text!r} is not a number of seconds: set it to e.g. 60, or unset it")
    return value


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def hold(d: Dialect, conn: Any, url: DbUrl, wait: Optional[float] = None,
         say: Callable[[str], None] = _stderr) -> Any:
    """Take the migration lock of `url` for `conn`'s session, waiting up to `wait` seconds
    (None: `wait_setting()`); returns the handle `release` takes.

    Raises LockBusy when it stays taken, LockError when it cannot be taken at all (a
    read-only SQLite folder)."""
    wait = wait_setting() if wait is None else wait
    me = LockHolder.current()
    started = time.monotonic()
    next_line = started
    while True:
        held = d.try_lock(conn, url, me)
        if held is not None:
            return held
        now = time.monotonic()
        if now - started >= wait:
            raise LockBusy(timeout_message(url, _who(d, conn, url), wait))
        if now >= next_line:
            say(progress_message(url, _who(d, conn, url), now - started, wait))
            next_line += PROGRESS_EVERY
        time.sleep(POLL)


def _who(d: Dialect, conn: Any, url: DbUrl) -> str:
    found = d.lock_holder(conn, url)
    return found.describe() if found else "another run (it has just released it)"


def progress_message(url: DbUrl, who: str, waited: float, wait: float) -> str:
    """The line printed while waiting."""
    return (f"schemakit: waiting for the migration lock on {url.redacted}, held by {who}; "
            f"waited {waited:.0f} s of {wait:g} s ({WAIT_VARIABLE})")


def timeout_message(url: DbUrl, who: str, wait: float) -> str:
    """The error once the wait is over."""
    return (f"the migration lock on {url.redacted} is held by {who}; gave up after {wait:g} s "
            f"({WAIT_VARIABLE}). Run again once that run has finished (if it hangs, stop it: "
            f"its lock ends with it)")


def release(d: Dialect, conn: Any, held: Any) -> None:
    """Release a lock `hold` took."""
    d.release_lock(conn, held)


def holder(d: Dialect, conn: Any, url: DbUrl) -> Optional[LockHolder]:
    """Who holds the lock of `url` now (None: free). Takes and creates nothing."""
    return d.lock_holder(conn, url)
