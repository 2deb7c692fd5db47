"""The migration lock on SQLite: an exclusive flock on a lock file beside the database.

SQLite's own locks only last a transaction (https://www.sqlite.org/lockingv3.html), so the
migration lock is the operating system's: flock(LOCK_EX | LOCK_NB) on ``<database>-migrate.lock``.
The kernel releases it when the holding process ends, however it ends (man 2 flock: the lock
belongs to the open file description, closed with the process's last descriptor).

Why a file of its own and not the database file: flock and the POSIX record locks SQLite takes
are independent on Linux, but on NFS flock is emulated with record locks over the whole file
(man 2 flock, NOTES), which would collide with SQLite's own. The lock file also carries the
holder (its encoded `LockHolder`). It is removed when the lock is released; a killed run leaves
it behind, unlocked, and the next run takes it over. Readers of the holder never create it.
"""
from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path
from typing import Optional

from ..base import LockError, LockHolder

SUFFIX = "-migrate.lock"
_READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


def lock_path(database: str) -> Path:
    """The lock file of `database`."""
    return Path(f"{database}{SUFFIX}")


def unwritable(database: str) -> Optional[str]:
    """Why `database` cannot be written here: its folder (where SQLite writes its rollback
    journal, https://www.sqlite.org/tempfiles.html#rollback_journals) or the file is read-only."""
    path = Path(database)
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return f"the folder {folder} is not writable (SQLite writes its journal beside the database)"
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file {path} is not writable"
    return None


class Held:
    """A held lock: the open lock file."""

    def __init__(self, fd: int, path: Path):
        self.fd, self.path = fd, path


def try_lock(database: str, holder: LockHolder) -> Optional[Held]:
    """flock the lock file (created if missing); None when another process holds it."""
    problem = unwritable(database)
    if problem:
        raise LockError(problem)
    path = lock_path(database)
    while True:
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        if _is_current(fd, path):
            break
        os.close(fd)  # its holder removed it as we opened it: lock the file that is there now
    if os.fstat(fd).st_size:  # a killed holder's (a release removes the file): only then truncated, since ext4
        # flushes a file truncated to zero when it is closed (auto_da_alloc), 0.5-2 ms on every release
        # (https://docs.kernel.org/admin-guide/ext4.html#mount-options-for-ext4)
        os.ftruncate(fd, 0)
    os.write(fd, holder.encode().encode())
    return Held(fd, path)


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as e:
        if e.errno in _READ_ONLY:
            raise LockError(f"the folder {path.parent} is not writable (SQLite writes its journal beside "
                            f"the database)") from None
        if e.errno == errno.ENOENT:
            raise LockError(f"the folder {path.parent} does not exist") from None
        raise


def _is_current(fd: int, path: Path) -> bool:
    """Whether the locked descriptor is still the file at `path` (the holder unlinks it on release)."""
    try:
        here = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (here.st_dev, here.st_ino)


def release_lock(held: Held) -> None:
    """Remove the lock file, then release it (in this order, so no one locks a removed file unawares)."""
    try:
        held.path.unlink(missing_ok=True)
    finally:
        os.close(held.fd)


def lock_holder(database: str) -> Optional[LockHolder]:
    """The holder written in the lock file, when a process holds it (the file is never created)."""
    path = lock_path(database)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None  # no lock file (or none readable): no lock
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return None  # free (a killed run's file); closing the descriptor lets it go
        except BlockingIOError:
            pass
        detail = f"lock file {path}"
        return LockHolder.decode(os.read(fd, 4096).decode(errors="replace"), detail) or LockHolder(detail=detail)
    finally:
        os.close(fd)
