"""Read replicas: refusing to write to one, and waiting for the standbys after a migration.

- Every command that writes (`migrate`, its --baseline, --adopt and --repair, `rollback`, `unlock`)
  asks the server whether it accepts writes (`Dialect.read_only`: PostgreSQL's pg_is_in_recovery(),
  MySQL/MariaDB's read_only) on its first connection, before anything is written (not even yoyo's
  tables or the lock), and refuses a replica with `ReadOnlyServer`, naming the setting to change.
- `migrate --wait-replicas` then waits (`wait`) until every standby connected to the primary has
  replayed what the migration committed (`Dialect.replay_target`, `Dialect.standbys`), or the timeout
  passes (`ReplicasLagging`, its own exit code). An engine that cannot see its replicas' positions says
  so in one line (`Dialect.replica_limitation`) and nothing is waited for.
"""
from __future__ import annotations

import time
from typing import Any, Callable

POLL_SECONDS = 0.1  # between two reads of the standbys' positions
PRIMARY_SETTING = "point --database (or the --env environment's url, or DATABASE_URL) at the primary"


class ReadOnlyServer(Exception):
    """A command that writes, pointed at a server that accepts no writes (a replica)."""


class ReplicasLagging(Exception):
    """`migrate --wait-replicas`: a standby had not replayed the migration when the timeout passed."""


def refuse_read_only(d: Any, conn: Any, where: str) -> None:
    """Raise `ReadOnlyServer` when the server on `conn` accepts no writes (`where`: the system and
    the URL without its password, as the line names them)."""
    why = d.read_only(conn)
    if why:
        raise ReadOnlyServer(f"{where} {why}: nothing was written; {PRIMARY_SETTING}")


def wait(d: Any, conn: Any, where: str, timeout: float, say: Callable[[str], None]) -> None:
    """Wait until every standby connected to the primary on `conn` has replayed all it committed so
    far; `ReplicasLagging`, naming the standbys behind, when `timeout` seconds pass first."""
    if d.replica_limitation:
        say(f"--wait-replicas: {where}: {d.replica_limitation}; nothing was waited for")
        return
    target = d.replay_target(conn)
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = d.standbys(conn, target)
        except PermissionError as e:
            raise ReplicasLagging(f"{where}: migrated, but {e}") from None
        if not found:
            say(f"{where}: no standby is connected: no replica to wait for")
            return
        behind = [name for name, done in found if not done]
        if not behind:
            say(f"{where}: {len(found)} standby(s) replayed the migration (WAL {target}): {', '.join(n for n, _ in found)}")
            return
        if time.monotonic() >= deadline:
            raise ReplicasLagging(f"{where}: migrated, but {len(behind)} of {len(found)} standby(s) had not replayed "
                                  f"it (WAL {target}) after {timeout:g}s: {', '.join(behind)}. Reads there may see the "
                                  f"old schema; check its replication (pg_stat_replication), or wait longer "
                                  f"(--replica-timeout)")
        time.sleep(POLL_SECONDS)
