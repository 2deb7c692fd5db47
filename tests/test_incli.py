"""tests/incli.py: a command run in the test process leaves the process as it found it."""
from __future__ import annotations

import datetime
import sqlite3

from tests.incli import cli


def _bound(value) -> object:
    """What sqlite3 stores for `value` bound as a parameter (its adapter's output)."""
    return sqlite3.connect(":memory:").execute("SELECT ?", (value,)).fetchone()[0]


def test_a_rollback_on_sqlite_leaves_the_sqlite3_adapters_as_they_were(tmp_path):
    """yoyo's SQLite backend registers a datetime adapter process-wide (ISO 8601 with a 'T'); in a
    real process that dies with it, here it must not change how later tests bind a datetime."""
    moment = datetime.datetime(2021, 12, 31, 23, 59, 59)
    before = _bound(moment)
    url = f"sqlite:///{tmp_path / 'c.db'}"
    cli("migrate", "cyoa", "--database", url, check=True)
    cli("rollback", "cyoa", "--database", url, "--allow-destructive", check=True)
    assert _bound(moment) == before
