"""Throw-away TLS database servers for the tests, started from the OS packages.

`certificates(folder)` makes a CA and a server certificate for ``localhost`` and
127.0.0.1 (plus an unrelated CA, for the "wrong CA" cases) with openssl.
`PostgresTLS` runs a PostgreSQL 15 cluster (initdb + pg_ctl, as the ``postgres``
OS user) with ssl=on; `MariaDBTLS` a second mariadbd (mariadb-install-db, as the
``mysql`` OS user) with --ssl-ca/--ssl-cert/--ssl-key. Both listen on loopback,
on a free port, in a temporary folder removed by `stop()`.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PASSWORD_USER = ("alice", "right-pw")  # a role that authenticates with a password (scram-sha-256)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(argv: list[str], user: str | None = None, **kwargs) -> subprocess.CompletedProcess:
    if user and os.geteuid() == 0:
        argv = ["runuser", "-u", user, "--", *argv]
    proc = subprocess.run(argv, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return proc


@dataclass
class Certificates:
    """Files made by `certificates`."""

    ca: Path  # the CA that signed the server's certificate
    wrong_ca: Path  # a CA that signed nothing here
    cert: Path  # server certificate: CN=localhost, SAN DNS:localhost, IP:127.0.0.1
    key: Path


def certificates(folder: Path) -> Certificates:
    """A CA, a server certificate it signs, and an unrelated CA (EC P-256 keys: fast)."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for name in ("ca", "wrong_ca"):
        _run(["openssl", "req", "-x509", *ec, "-days", "2", "-subj", f"/CN=schemakit test {name}",
              "-keyout", str(folder / f"{name}.key"), "-out", str(folder / f"{name}.crt")])
    _run(["openssl", "req", *ec, "-subj", "/CN=localhost", "-keyout", str(folder / "server.key"),
          "-out", str(folder / "server.csr")])
    (folder / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    _run(["openssl", "x509", "-req", "-in", str(folder / "server.csr"), "-CA", str(folder / "ca.crt"),
          "-CAkey", str(folder / "ca.key"), "-CAcreateserial", "-days", "2", "-extfile", str(folder / "san.ext"),
          "-out", str(folder / "server.crt")])
    return Certificates(folder / "ca.crt", folder / "wrong_ca.crt", folder / "server.crt", folder / "server.key")


def _owned_folder(prefix: str, user: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, user, user)
    return folder


def _server_files(certs: Certificates, folder: Path, user: str) -> tuple[Path, Path]:
    """Copies of the server certificate and key that `user` owns (the key 0600, as servers require)."""
    cert, key = folder / "server.crt", folder / "server.key"
    shutil.copy(certs.cert, cert)
    shutil.copy(certs.key, key)
    key.chmod(0o600)
    if os.geteuid() == 0:
        for f in (cert, key):
            shutil.chown(f, user, user)
    return cert, key


class PostgresTLS:
    """A PostgreSQL 15 cluster with ssl=on on 127.0.0.1:`port`.

    pg_hba: the superuser ``postgres`` is trusted over TLS; `PG_PASSWORD_USER` needs
    its password (scram-sha-256) over TLS; any connection without TLS is rejected.
    Every connection attempt is logged (log_connections) in `log`.
    """

    def __init__(self, certs: Certificates):
        self.certs = certs
        self.folder = _owned_folder("sk-pg-tls-", "postgres")
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()

    def start(self) -> "PostgresTLS":
        _run([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync",
              "--no-instructions", "-E", "UTF8", "--locale=C"], user="postgres")
        cert, key = _server_files(self.certs, self.folder, "postgres")
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "hostssl all postgres 127.0.0.1/32 trust\n"
            f"hostssl all {PG_PASSWORD_USER[0]} 127.0.0.1/32 scram-sha-256\n"
            "hostnossl all all 0.0.0.0/0 reject\n")
        settings = {"port": self.port, "listen_addresses": "'127.0.0.1'", "unix_socket_directories": f"'{self.folder}'",
                    "ssl": "on", "ssl_cert_file": f"'{cert}'", "ssl_key_file": f"'{key}'", "fsync": "off",
                    "log_connections": "on", "shared_buffers": "'16MB'", "max_connections": 40,
                    "lc_messages": "'C'"}
        with open(self.data / "postgresql.conf", "a") as f:
            f.writelines(f"{k} = {v}\n" for k, v in settings.items())
        _run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start"],
             user="postgres")
        user, password = PG_PASSWORD_USER
        _run([str(PG_BIN / "psql"), "-h", str(self.folder), "-p", str(self.port), "-U", "postgres", "-d", "postgres",
              "-v", "ON_ERROR_STOP=1", "-c", f"CREATE ROLE {user} LOGIN CREATEDB PASSWORD '{password}'"], user="postgres")
        return self

    def stop(self) -> None:
        """Stop the cluster (immediate) and remove its folder."""
        if (self.data / "postmaster.pid").exists():
            subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(self.data),
                            "-m", "immediate", "-w", "stop"] if os.geteuid() == 0 else
                           [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                           capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres", host: str = "localhost", user: str = "postgres", **params) -> str:
        """A URL of this server (no password), with `params` as query parameters."""
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"postgresql://{user}@{host}:{self.port}/{database}" + (f"?{query}" if query else "")

    def log_text(self) -> str:
        """What the server logged so far."""
        return self.log.read_text(errors="replace")


class MariaDBTLS:
    """A second mariadbd with TLS on 127.0.0.1:`port` (root, no password)."""

    extra_args: tuple[str, ...] = ()  # more mariadbd options (a subclass's)

    def __init__(self, certs: Certificates):
        self.certs = certs
        self.folder = _owned_folder("sk-my-tls-", "mysql")
        self.data = self.folder / "data"
        self.socket = self.folder / "mysqld.sock"
        self.pid_file = self.folder / "mysqld.pid"
        self.log = self.folder / "error.log"
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> "MariaDBTLS":
        _run(["mariadb-install-db", "--no-defaults", f"--datadir={self.data}", "--user=mysql",
              "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"], user=None)
        cert, key = _server_files(self.certs, self.folder, "mysql")
        ca = self.folder / "ca.crt"
        shutil.copy(self.certs.ca, ca)
        argv = ["mariadbd", "--no-defaults", "--user=mysql", f"--datadir={self.data}", f"--port={self.port}",
                "--bind-address=127.0.0.1", f"--socket={self.socket}", f"--pid-file={self.pid_file}",
                # its own temporary folder (https://mariadb.com/kb/en/server-system-variables/#tmpdir), not
                # /tmp, where the shared server keeps its internal temporary tables: with two test runs at once,
                # one of those vanished under a query ("Error on delete of '/tmp/#sql-temptable-...MAD'")
                f"--tmpdir={self.folder}",
                f"--log-error={self.log}", f"--ssl-ca={ca}", f"--ssl-cert={cert}", f"--ssl-key={key}",
                "--skip-name-resolve", "--innodb-buffer-pool-size=32M", "--skip-log-bin",
                "--innodb-flush-log-at-trx-commit=0", *self.extra_args]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mariadbd exited ({self.proc.returncode}): {self._log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"mariadbd did not listen on port {self.port} within 60 s: {self._log_tail()}")

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-500:] if self.log.exists() else ""

    def stop(self) -> None:
        """Stop mariadbd and remove its folder."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "", host: str = "127.0.0.1", **params) -> str:
        """A root URL of this server, with `params` as query parameters."""
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"mysql://root@{host}:{self.port}/{database}" + (f"?{query}" if query else "")
