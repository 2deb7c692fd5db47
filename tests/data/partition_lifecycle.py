"""Settings of tests/test_partition_lifecycle.py: the engines, the walk through time, the rows."""
import datetime as _dt
from typing import NamedTuple

ENGINES = ("postgres", "mariadb")
HISTORY_FROM = _dt.date(2026, 1, 1)  # rows of every month from here are in before the walk
FIRST_NOW = _dt.date(2026, 12, 15)  # the walk's first --now: the repository's today
MONTHS = 14  # the walk's length: past the first migration's 24 months (2027-12) and beyond
ROWS_PER_MONTH = 3  # per rolling table and month: the month's first and last instant, and its middle


class KillPoint(NamedTuple):
    """Where tests/test_partition_lifecycle.py kills `partitions maintain` with kill -9: a session of the
    test holds `hold` (SQL), so that the run's statement like `statement` waits in `state` (PostgreSQL's
    wait_event_type, MariaDB's PROCESSLIST.STATE); the kill comes then, and the hold is let go after it.
    `jobs`: maintain's --jobs (above 1, the exports run on connections of their own beside the freeze)."""

    id: str
    engine: str
    hold: tuple[str, ...]
    statement: str
    state: str
    jobs: int = 1


MARIADB_WAIT = "Waiting for table metadata lock"
KILLS = [
    # the first month is detached and exported to its temporary file; the detach of the second waits for a
    # reader's transaction (it stays "detach pending"): no file is named yet
    KillPoint("postgres-after-an-export", "postgres", ("BEGIN", "SELECT count(*) FROM jobs_2026_02"),
              "ALTER TABLE % DETACH %", "Lock"),
    # the same with --jobs 2: the first month is exported on a connection of its own while the second's detach
    # waits; the kill takes both connections
    KillPoint("postgres-after-an-export-on-its-own-connection", "postgres", ("BEGIN", "SELECT count(*) FROM jobs_2026_02"),
              "ALTER TABLE % DETACH %", "Lock", jobs=2),
    # the detach of the first month waits for a reader's transaction: nothing was exported
    KillPoint("postgres-during-the-detach", "postgres", ("BEGIN", "SELECT count(*) FROM jobs_2026_01"),
              "ALTER TABLE % DETACH %", "Lock"),
    # the freeze (LOCK TABLES, then the guard) waits for a reader's transaction
    KillPoint("mariadb-before-the-freeze", "mariadb", ("START TRANSACTION", "SELECT COUNT(*) FROM jobs"),
              "LOCK TABLES %", MARIADB_WAIT),
    # with --jobs 2, the export connections are open (opened beside the freeze) when the run is killed
    KillPoint("mariadb-before-the-freeze-jobs-2", "mariadb", ("START TRANSACTION", "SELECT COUNT(*) FROM jobs"),
              "LOCK TABLES %", MARIADB_WAIT, jobs=2),
]
# Where `partitions maintain` on MariaDB kills itself (kill -9 of its own process) just before it sends the
# first statement LIKE the pattern: no session can make these wait, the table being locked by the run.
# (id, statement, whether the months' files are named when it is killed)
SELF_KILLS = [
    # the guard's BEFORE INSERT trigger is there, its BEFORE UPDATE one not yet (a half guard)
    ("mariadb-between-the-guards-triggers", "CREATE OR REPLACE TRIGGER % BEFORE UPDATE %", False),
    # the guard is whole, the table still locked; nothing exported yet
    ("mariadb-after-the-guard", "UNLOCK TABLES", False),
    # every month exported, counted and its file named; no month dropped yet (the next run exports them again)
    ("mariadb-before-the-drop", "ALTER TABLE % DROP PARTITION %", True),
]
# A run stopped after the freeze (months frozen, not yet archived) is left as a kill would leave it by
# test_a_run_stopped_after_the_freeze_is_finished_by_the_next: no session can make MariaDB's exports wait.
# The run's statements on the server that wait: LIKE pattern, then the state.
WAITING = {"mariadb": "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID() "
                      "AND COMMAND = 'Query' AND INFO LIKE %s AND STATE = %s",
           "postgres": "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                       "pid <> pg_backend_pid() AND state = 'active' AND query LIKE %s AND wait_event_type = %s"}

# Bad command lines of `schemakit partitions`: (arguments, words of the one line on stderr); exit 2.
# "{url}" is the test database's URL, "{missing}" one of a database that does not exist (with a password).
BAD_INPUT = [
    (("maintain", "scenes", "--now", "2026-13-01"), "is not a date"),
    (("maintain", "nosuch", "--database", "{url}"), "nosuch"),
    (("maintain", "scenes", "--database", "{missing}"), "no such database"),
    (("status", "scenes", "--database", "{missing}"), "no such database"),
    (("restore", "{folder}/jobs_2026_01.csv", "--system", "scenes", "--database", "{url}"), "no archive file"),
    (("restore", "{folder}/notes.csv", "--system", "scenes", "--database", "{url}"), "is not an archive"),
    (("restore", "{folder}/users_2026_01.csv", "--system", "scenes", "--database", "{url}"), "is not an archive"),
    # the server writes a server-side export: a server on another host is refused before any connection
    (("maintain", "scenes", "--database", "{remote}", "--export", "server"), "is not on this one"),
    # months exported at once: a whole number, 1 or more
    (("maintain", "scenes", "--database", "{url}", "--jobs", "0"), "--jobs: must be a whole number, 1 or more"),
    (("maintain", "scenes", "--database", "{url}", "--jobs", "two"), "--jobs: must be a whole number, 1 or more"),
]

# A table name crafted to break quoting and paths, per engine (MariaDB: no '/', see dialects/mysql/partitions.py).
HOSTILE_NAMES = {"postgres": """o'dd"/t%""", "mariadb": """o'dd"t%`x"""}

# Rows of the hostile table: (month of 2026, note, data); every value comes back from an archive as it was.
AWKWARD_ROWS = [
    (1, None, None),
    (1, "", b""),  # an empty text is not NULL, nor are empty bytes
    (2, 'a "quoted", comma\nand a newline\r\n', b'\x00"\n,\xff'),
    (3, "NULL", b"\\N"),  # the words a loader might take for NULL
]

# A user who may maintain the database but not have its server write files: (SQL to create it, SQL to drop it,
# the engine's words when it refuses). PostgreSQL: a member of postgres holds its objects' privileges (so may
# detach and drop) but is no superuser; MariaDB: every privilege on the database, which does not hold the
# global FILE privilege.
NO_FILE_USER = {
    "postgres": (["CREATE ROLE {user} LOGIN", "GRANT postgres TO {user}"],
                 ["REASSIGN OWNED BY {user} TO postgres", "DROP OWNED BY {user}", "DROP ROLE {user}"],
                 "must be superuser or have privileges of the pg_write_server_files role"),
    "mariadb": (["CREATE USER '{user}'@'%' IDENTIFIED BY 'sk_pw'", "GRANT ALL ON `{database}`.* TO '{user}'@'%'"],
                ["DROP USER IF EXISTS '{user}'@'%'"], "the FILE privilege(s)"),
}
