"""`schemakit status`: per system and database, the applied and pending migrations and the lock.

Reads only: a database that does not exist yet is reported as such and is not created (only
`migrate` creates), and yoyo's bookkeeping is read only where it exists.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from . import lock
from .migrate import _migrations
from .targets import DEFAULT_DIR, NoSuchDatabase, connecting, verified_targets
from .project import Project


@dataclass(frozen=True)
class SystemStatus:
    """Where one system stands in one database."""

    system: str
    dialect: str
    database: str  # the URL without its password
    exists: bool
    applied: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    locked: bool = False
    lock_holder: Optional[str] = None

    def as_dict(self) -> dict:
        """The JSON form (`schemakit status --format json`)."""
        return asdict(self)

    def lines(self) -> list[str]:
        """The text form (`schemakit status`): a line for the system, then one per migration."""
        where = f"{self.system}: {self.database}"
        if not self.exists:
            return [f"{where}: does not exist yet; {len(self.pending)} migration(s) pending (`schemakit migrate` "
                    "creates it)"]
        lock = f"; locked by {self.lock_holder}" if self.locked else "; not locked"
        return [f"{where}: {len(self.applied)} applied, {len(self.pending)} pending{lock}"] + \
            [f"  applied  {m}" for m in self.applied] + [f"  pending  {m}" for m in self.pending]


def status(systems: Sequence[str], database: Optional[str], root: Path, project: Optional[Project] = None,
           data_dir: Path = DEFAULT_DIR) -> list[SystemStatus]:
    """The status of each system named, in its database; nothing is created or changed."""
    out = []
    for t in verified_targets(systems, database, root, project, data_dir):
        files, migs = _migrations(root, t)
        base: dict[str, Any] = dict(system=t.system, dialect=t.dialect.name, database=t.url.redacted)
        try:
            with connecting(t):  # a plain session: yoyo's backend would wait for the lock it reports, and
                conn = t.dialect.connect(t.url)  # no namespaces: attaching SQLite's would create their files
        except NoSuchDatabase:
            out.append(SystemStatus(**base, exists=False, pending=[m.id for m in files]))
            continue
        try:
            done = set(t.dialect.recorded_migrations(conn))
            held = lock.holder(t.dialect, conn, t.url)
        finally:
            conn.close()
        out.append(SystemStatus(**base, exists=True, applied=[m.id for m in migs if m.hash in done],
                                pending=[m.id for m in migs if m.hash not in done], locked=held is not None,
                                lock_holder=held.describe() if held is not None else None))
    return out
