"""Where tests/test_kill_partitions.py kills a `migrate` that rebuilds a partitioned table.

Each point: the engine; what a session of the test holds (SQL run on it) so that the run's
statement stops at a known place, and whether the test lets go of it before the kill (then the kill
comes once the statement has gone on to `state`) or after; the statement of the run to watch (a
LIKE pattern over the server's processlist / pg_stat_activity); its state when the kill comes
(MariaDB's PROCESSLIST.STATE, or PostgreSQL's wait_event_type), and for MariaDB's copy the least
PROGRESS (per cent); whether the server ends the killed run's statement by itself while it waits
for a lock; and whose work the database holds in the end:

- "killed run": MariaDB finishes a statement whose client died while it runs (copying rows), and
  its DDL commits implicitly (https://mariadb.com/kb/en/sql-statements-that-cause-an-implicit-commit/);
  the dead run's session keeps the migration lock until then (GET_LOCK ends with the session,
  https://mariadb.com/kb/en/get_lock/), and the next run then finds the rebuild in place and
  records it.
- "next run": the killed run's statement ended without effect, and the next run applies the
  migration. MariaDB ends a statement waiting for a metadata lock once it sees its client gone
  (it checks every second); PostgreSQL lets it wait, finishes it, then finds the client gone and
  rolls the migration's transaction back, holding the advisory lock until then.
"""
from __future__ import annotations

from typing import NamedTuple, Optional


class KillPoint(NamedTuple):
    """One place of a partition rebuild at which the run is killed with kill -9."""

    id: str
    engine: str
    hold: tuple[str, ...]  # statements a session of the test runs before the run starts
    release_first: bool  # let go of the hold before the kill (True) or after it (False)
    statement: str  # LIKE pattern of the run's statement to watch
    state: str  # its state when the kill comes
    progress: Optional[float]  # MariaDB: the least PROGRESS of the copy
    abandoned: bool  # the server ends the killed statement while it waits for the hold
    completed_by: str  # "killed run" or "next run"


MARIADB_WAIT = "Waiting for table metadata lock"
BLOCK_ALTER = ("LOCK TABLES ledger WRITE",)  # the ALTER waits for the table before copying a row

POINTS = [
    KillPoint("mariadb-before-the-copy", "mariadb", BLOCK_ALTER, False, "ALTER TABLE %", MARIADB_WAIT, None, True,
              "next run"),
    KillPoint("mariadb-early-in-the-copy", "mariadb", BLOCK_ALTER, True, "ALTER TABLE %", "copy to tmp table", 5,
              False, "killed run"),
    KillPoint("mariadb-late-in-the-copy", "mariadb", BLOCK_ALTER, True, "ALTER TABLE %", "copy to tmp table", 60,
              False, "killed run"),
    # the copy is done; swapping the tables waits for a reader's transaction
    KillPoint("mariadb-before-the-swap", "mariadb", ("START TRANSACTION", "SELECT id FROM ledger LIMIT 1"), False,
              "ALTER TABLE %", MARIADB_WAIT, None, True, "next run"),
    # the ALTER is done; recording it waits for the bookkeeping table
    KillPoint("mariadb-after-the-alter", "mariadb", ("LOCK TABLES _yoyo_log READ",), False, "%_yoyo_log%",
              MARIADB_WAIT, None, True, "killed run"),
    # creating the partition waits for the DEFAULT partition, whose rows it must scan
    KillPoint("postgres-before-the-scan", "postgres", ("BEGIN", "LOCK TABLE rest IN ACCESS SHARE MODE"), False,
              "CREATE TABLE %", "Lock", None, False, "next run"),
    # the partition is created; recording it (in the same transaction) waits for the bookkeeping table
    KillPoint("postgres-after-the-statement", "postgres", ("BEGIN", "LOCK TABLE _yoyo_log IN SHARE MODE"), False,
              "%_yoyo_log%", "Lock", None, False, "next run"),
]

# The point whose hold keeps the rebuild of the run that got the lock waiting, per engine: for the
# runs at once (the others wait for the migration lock meanwhile).
HOLD_TABLE = {"mariadb": POINTS[0], "postgres": POINTS[5]}
