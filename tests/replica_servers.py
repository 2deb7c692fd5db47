"""Throw-away replicated database servers for the tests, started from the OS packages.

`StreamingPair` runs a PostgreSQL 15 primary (initdb + pg_ctl, as the ``postgres`` OS user when
run as root, as tests/tls_servers.py does) and a hot standby of it, made with ``pg_basebackup -R``
(which writes ``standby.signal`` and ``primary_conninfo``:
https://www.postgresql.org/docs/15/app-pgbasebackup.html), streaming from the primary; the standby
reports itself as `STANDBY_NAME` (its cluster_name is the walreceiver's application_name). Both
listen on loopback, on free ports, in one temporary folder that `stop()` removes.

`MariaDBReadOnly` is a second mariadbd started with ``--read-only`` (tests/tls_servers.py's
`MariaDBTLS`, with that option): never the shared server, which other tests write to.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from tests.tls_servers import PG_BIN, MariaDBTLS, _owned_folder, _run, free_port

STANDBY_NAME = "sk_standby"


class StreamingPair:
    """A PostgreSQL primary on 127.0.0.1:`primary_port` and its hot standby on 127.0.0.1:`standby_port`
    (the superuser ``postgres``, trusted)."""

    def __init__(self) -> None:
        self.folder = _owned_folder("sk-pg-replica-", "postgres")
        self.primary_port, self.standby_port = free_port(), free_port()

    def _data(self, which: str) -> Path:
        return self.folder / which

    def _ctl(self, which: str, *args: str) -> None:
        _run([str(PG_BIN / "pg_ctl"), "-D", str(self._data(which)), "-l", str(self.folder / f"{which}.log"),
              "-w", "-t", "60", *args], user="postgres")

    def _settings(self, which: str, **settings) -> None:
        with open(self._data(which) / "postgresql.conf", "a") as f:
            f.writelines(f"{k} = {v}\n" for k, v in settings.items())

    def start(self) -> "StreamingPair":
        """initdb and start the primary, base-backup it into the standby, start that, and wait until it streams."""
        _run([str(PG_BIN / "initdb"), "-D", str(self._data("primary")), "-U", "postgres", "-A", "trust", "--no-sync",
              "--no-instructions", "-E", "UTF8", "--locale=C"], user="postgres")  # trusts replication on loopback
        self._settings("primary", port=self.primary_port, listen_addresses="'127.0.0.1'",
                       unix_socket_directories=f"'{self.folder}'", fsync="off", shared_buffers="'16MB'",
                       max_connections=40, lc_messages="'C'", wal_level="replica", max_wal_senders=5)
        self._ctl("primary", "start")
        _run([str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
              "-D", str(self._data("standby")), "-R", "-X", "stream", "--no-sync"], user="postgres")
        self._settings("standby", port=self.standby_port, cluster_name=f"'{STANDBY_NAME}'", hot_standby="on")
        self._ctl("standby", "start")
        self._wait_streaming()
        return self

    def _wait_streaming(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.psql("primary", "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == "1":
                return
            time.sleep(0.1)
        raise RuntimeError(f"the standby did not stream within {seconds:g} s: {self.log('standby')[-500:]}")

    def psql(self, which: str, sql: str, database: str = "postgres") -> str:
        """`sql` run on the primary or the standby with psql; its unaligned output, stripped."""
        port = self.primary_port if which == "primary" else self.standby_port
        return _run([str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database,
                     "-v", "ON_ERROR_STOP=1", "-XAtq", "-c", sql]).stdout.strip()

    def log(self, which: str) -> str:
        """What the primary or the standby logged so far."""
        path = self.folder / f"{which}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def url(self, which: str, database: str = "postgres") -> str:
        """A URL of the primary or the standby (the superuser, no password)."""
        port = self.primary_port if which == "primary" else self.standby_port
        return f"postgresql://postgres@127.0.0.1:{port}/{database}"

    def stop(self) -> None:
        """Stop both clusters (immediate) and remove the folder."""
        for which in ("standby", "primary"):
            if (self._data(which) / "postmaster.pid").exists():
                try:
                    self._ctl(which, "-m", "immediate", "stop")
                except RuntimeError:
                    pass  # already gone: the folder goes anyway
        shutil.rmtree(self.folder, ignore_errors=True)


class MariaDBReadOnly(MariaDBTLS):
    """A second mariadbd with read_only on (root, no password; TLS as `MariaDBTLS` has it)."""

    extra_args = ("--read-only",)

