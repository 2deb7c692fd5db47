"""Database URLs: parsing, redaction and connecting, for every engine.

Accepted forms: ``postgresql://user:pw@host:5432/db``,
``mysql://user:pw@host:3306/db`` (also ``mariadb://``) and
``sqlite:///relative/or/absolute/path.db``. A password is never printed:
`DbUrl.redacted` replaces it with ``***``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Optional
from urllib.parse import quote, unquote, urlsplit

_SCHEMES = {"postgresql": "postgres", "postgres": "postgres", "mysql": "mysql",
            "mariadb": "mysql", "sqlite": "sqlite"}

# The servers the tests, the checks and the benchmarks use, per engine with one: the environment
# variable naming it, and the default, the local server `make services` starts (scripts/services.sh).
SERVERS = {
    "postgres": ("SCHEMAKIT_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    "mysql": ("SCHEMAKIT_MYSQL_URL", "mysql://root@127.0.0.1:3306/test"),
}


class BadUrl(ValueError):
    """A database URL schemakit cannot use."""


@dataclass(frozen=True)
class DbUrl:
    """A parsed database URL."""

    dialect: str
    host: Optional[str] = None
    port: Optional[int] = None
    user: Optional[str] = None
    password: Optional[str] = None
    database: Optional[str] = None  # for sqlite: the file path

    @property
    def redacted(self) -> str:
        """The URL with any password masked."""
        if self.dialect == "sqlite":
            return f"sqlite:///{self.database}"
        auth = self.user or ""
        if self.password:
            auth += ":***"
        scheme = "postgresql" if self.dialect == "postgres" else "mysql"
        port = f":{self.port}" if self.port else ""
        return f"{scheme}://{auth}{'@' if auth else ''}{self.host or ''}{port}/{self.database or ''}"

    def secret_url(self) -> str:
        """The full URL, password included: for handing to a library, never for printing."""
        if self.dialect == "sqlite" or not self.password:
            return self.redacted
        return self.redacted.replace(":***@", f":{quote(self.password, safe='')}@", 1)

    def with_database(self, database: str) -> "DbUrl":
        """The same server, another database."""
        return replace(self, database=database)

    def __repr__(self) -> str:
        return f"DbUrl({self.redacted})"


def parse(url: str) -> DbUrl:
    """Parse `url`; BadUrl names what is wrong (never echoing a password)."""
    if not url or "://" not in url:
        raise BadUrl(f"not a database URL: {_mask(url)!r}; expected e.g. postgresql://user@host:5432/db, "
                     "mysql://user@host:3306/db or sqlite:///path/to/file.db")
    parts = urlsplit(url)
    dialect = _SCHEMES.get(parts.scheme.split("+")[0].lower())
    if dialect is None:
        raise BadUrl(f"unsupported URL scheme {parts.scheme!r} in {_mask(url)!r}: use postgresql://, mysql:// or sqlite:///")
    if dialect == "sqlite":
        path = unquote(parts.netloc + parts.path)
        path = path[1:] if path.startswith("/") and not path.startswith("//") else path[1:]
        if not path:
            raise BadUrl("sqlite URL names no file: use sqlite:///relative.db or sqlite:////absolute.db")
        return DbUrl("sqlite", database=path)
    try:
        port = parts.port
    except ValueError:
        raise BadUrl(f"bad port in {_mask(url)!r}") from None
    return DbUrl(dialect, host=parts.hostname or "127.0.0.1", port=port,
                 user=unquote(parts.username) if parts.username else None,
                 password=unquote(parts.password) if parts.password else None,
                 database=unquote(parts.path.lstrip("/")) or None)


def server_url(engine: str) -> DbUrl:
    """The admin URL of `engine`'s server: its `SERVERS` variable when set, else the local default."""
    var, default = SERVERS[engine]
    return parse(os.environ.get(var) or default)


def _mask(url: str) -> str:
    try:
        parts = urlsplit(url or "")
        if parts.password:
            return url.replace(f":{parts.password}@", ":***@")
    except ValueError:
        pass
    return url
