"""PostgreSQL streaming replication: whether a server is a standby, and how far its standbys have replayed.

- A hot standby answers queries but refuses every write; ``pg_is_in_recovery()`` is true there
  (https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-RECOVERY-INFO-TABLE). A session
  whose ``transaction_read_only`` is on (``default_transaction_read_only``) cannot write either
  (https://www.postgresql.org/docs/15/runtime-config-client.html#GUC-DEFAULT-TRANSACTION-READ-ONLY).
- After a commit on the primary, ``pg_current_wal_lsn()`` is at or past its WAL record; a standby holds
  it once ``pg_stat_replication.replay_lsn`` of its row is at or past that position
  (https://www.postgresql.org/docs/15/monitoring-stats.html#MONITORING-PG-STAT-REPLICATION-VIEW).
  The rows of base backups in progress (state ``backup``) are no standbys. Only a superuser or a
  member of ``pg_read_all_stats`` sees the positions (for another role they are NULL), so another
  role is told so at once rather than waiting for a position it cannot see.
"""
from __future__ import annotations

import re
from typing import Any, Optional

import psycopg

READ_ONLY_SQL = "SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'"

STANDBYS_SQL = """
SELECT coalesce(nullif(application_name, ''), 'walsender ' || pid) AS name, host(client_addr),
       coalesce(replay_lsn >= %s::pg_lsn, false)
FROM pg_stat_replication WHERE state IS DISTINCT FROM 'backup' ORDER BY name, pid
"""
# Whether this role sees the standbys' positions (pg_stat_replication shows them to these only).
SEES_POSITIONS_SQL = "SELECT pg_has_role('pg_read_all_stats', 'USAGE')"


def _rows(conn: Any, sql: str, params: tuple = ()) -> list[tuple]:
    """The rows of a read-only query; a transaction it opened (the connection not in autocommit) is ended."""
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        if not conn.autocommit:
            conn.rollback()


def read_only(conn: Any) -> Optional[str]:
    """Why the server (or this session) accepts no writes, or None."""
    standby, session = _rows(conn, READ_ONLY_SQL)[0]
    if standby:
        return "is a standby (pg_is_in_recovery())"
    if session:
        return "opens read-only sessions (default_transaction_read_only)"
    return None


def replay_target(conn: Any) -> str:
    """pg_current_wal_lsn(): at or past every commit made so far."""
    return str(_rows(conn, "SELECT pg_current_wal_lsn()")[0][0])


def standbys(conn: Any, target: str) -> list[tuple[str, bool]]:
    """(application_name and client address, replay_lsn >= `target`) of each connected standby; a
    PermissionError when there are standbys but the role cannot see their positions (waiting could not end)."""
    rows = _rows(conn, STANDBYS_SQL, (target,))
    if rows and not _rows(conn, SEES_POSITIONS_SQL)[0][0]:
        raise PermissionError("the role cannot see the standbys' replay positions (pg_stat_replication shows them "
                              "to superusers and members of pg_read_all_stats): GRANT pg_read_all_stats TO it, "
                              "or wait as a role that has it")
    return [(f"{name} ({client})" if client else name, done) for name, client, done in rows]


# -- comparing definitions on a standby, where drift's probes cannot run -------------------------------
# drift compares a model's view body, routine, trigger or policy with the live one in the form PostgreSQL
# stores it, by creating the model's in a transaction it rolls back (views.py, code.py, policies.py). A hot
# standby refuses any such write ("cannot execute CREATE VIEW in a read-only transaction":
# https://www.postgresql.org/docs/15/hot-standby.html#HOT-STANDBY-USERS), so there they are compared
# read-only instead: two queries by their plans, two CREATE statements by their normal form.
_PLAN = "EXPLAIN (VERBOSE, COSTS OFF) {}"
_SHAPE = "SELECT * FROM ({}) AS sk_shape LIMIT 0"


def _plan_and_shape(cur: Any, query: str) -> Optional[tuple]:
    """The plan PostgreSQL makes of `query`, with its output columns' names and types; None when it refuses
    the query (in a savepoint, rolled back, so the caller's transaction goes on)."""
    try:
        with cur.connection.transaction(force_rollback=True):
            cur.execute(_PLAN.format(query))
            plan = [r[0] for r in cur.fetchall()]
            cur.execute(_SHAPE.format(query))
            return plan, [(c.name, c.type_code) for c in cur.description or ()]
    except psycopg.Error:
        return None


def same_query(conn: Any, a: str, b: str) -> bool:
    """Whether queries `a` and `b` are planned alike, to the same columns (names and types), read-only.
    The verbose plan names every output expression, filter, join, sort and constant, so two texts that
    PostgreSQL stores alike (``SELECT id FROM t`` and pg_get_viewdef's ``SELECT t.id FROM t``) plan alike,
    and a changed column, condition or constant does not."""
    if a == b:
        return True
    cur = conn.cursor()
    found = _plan_and_shape(cur, a)
    return found is not None and found == _plan_and_shape(cur, b)


def read_only_transaction(conn: Any) -> bool:
    """Whether `conn`'s server accepts no writes, so drift's probes cannot run there (one query; an open
    transaction stays open)."""
    return conn.execute(READ_ONLY_SQL).fetchone() != (False, False)


_TOKEN = re.compile(r"\$(\w*)\$.*?\$\1\$|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\w+|[^\s\w]", re.DOTALL)
_NOISE = {"create", "or", "replace", "as"}


def definition_form(sql: str, default_namespace: str) -> tuple:
    """A CREATE FUNCTION/PROCEDURE/TRIGGER statement in a form that does not depend on how it was written:
    its body (a dollar- or single-quoted string) verbatim, as PostgreSQL keeps it (pg_proc.prosrc), and the
    other words sorted, lower-cased outside quotes, without CREATE OR REPLACE ... AS or the default
    namespace's qualifier (pg_get_functiondef and pg_get_triggerdef write them, a user may not)."""
    body: list[str] = []
    words: list[str] = []
    tokens = [m.group(0) for m in _TOKEN.finditer(sql.strip().rstrip(";"))]
    qualifier = [f'"{default_namespace}"', default_namespace.lower()]
    for i, tok in enumerate(tokens):
        if tok.startswith("$") or tok.startswith("'"):
            body.append(tok[tok.index("$", 1) + 1:tok.rindex("$", 0, len(tok) - 1)] if tok.startswith("$")
                        else tok[1:-1].replace("''", "'"))
        elif tok.lower() in qualifier and i + 1 < len(tokens) and tokens[i + 1] == ".":
            tokens[i + 1] = ""  # the qualifier's dot goes with it
        elif tok and tok.lower() not in _NOISE:  # EXECUTE PROCEDURE is the old spelling of EXECUTE FUNCTION
            word = tok if tok.startswith('"') else tok.lower()
            words.append("function" if word == "procedure" and words[-1:] == ["execute"] else word)
    return tuple(body), tuple(sorted(words))
