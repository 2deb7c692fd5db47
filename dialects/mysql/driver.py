"""PyMySQL with one TLS context per process, and yoyo's MySQL backend on top of it.

With no TLS option PyMySQL uses PREFERRED mode: it tries TLS and falls back to
plain text when the server does not offer it. It builds that client context
(``ssl.create_default_context``, which loads the system CA store: about 20 ms)
for every connection, before it knows whether the server offers TLS; a
migration opens several connections (yoyo runs each migration on one of its
own). An SSLContext is meant to be shared by many connections
(https://docs.python.org/3/library/ssl.html#ssl-contexts), so the PREFERRED
context is built once, with PyMySQL's own settings. The URL's TLS parameters
(ssl, ssl_ca, ssl_cert, ...) get a context of their own (`tls_context`), also
built once per set of options.

The module is also the DB-API module yoyo loads for schemakit's MySQL backend
(``driver_module``): yoyo reads ``connect``, ``DatabaseError`` and ``paramstyle``.
"""
from __future__ import annotations

import ssl
from functools import lru_cache
from typing import Optional

import pymysql
from pymysql import DatabaseError, paramstyle  # noqa: F401  (read by yoyo)
from pymysql.connections import Connection as _PyMySQLConnection


class Connection(_PyMySQLConnection):
    """A PyMySQL connection whose PREFERRED-mode TLS context is shared."""

    _preferred: list = []  # the PREFERRED-mode context, once built

    def _create_ssl_ctx(self, sslp):
        if not (isinstance(sslp, dict) and not sslp):  # explicit TLS options: a context of their own
            return super()._create_ssl_ctx(sslp)
        if not Connection._preferred:
            Connection._preferred.append(super()._create_ssl_ctx({}))
        return Connection._preferred[0]


def connect(*args, **kwargs) -> Connection:
    """pymysql.connect, sharing the PREFERRED-mode TLS context."""
    return Connection(*args, **kwargs)


@lru_cache(maxsize=None)
def tls_context(ca: Optional[str], cert: Optional[str], key: Optional[str], verify: bool,
                check_hostname: bool) -> ssl.SSLContext:
    """The client TLS context for these options, built once per process (see the module).

    No `ca`: the system's CA store. A file that cannot be read is a connection error
    (2026 CR_SSL_CONNECTION_ERROR) naming it.
    """
    try:
        ctx = ssl.create_default_context(cafile=ca)
        ctx.check_hostname = check_hostname
        ctx.verify_mode = ssl.CERT_REQUIRED if verify else ssl.CERT_NONE
        if cert or key:
            ctx.load_cert_chain(cert or key, keyfile=key)
    except (OSError, ssl.SSLError) as e:
        files = ", ".join(f"{n}={v}" for n, v in (("ssl_ca", ca), ("ssl_cert", cert), ("ssl_key", key)) if v)
        raise pymysql.err.OperationalError(2026, f"SSL connection error: cannot load {files}: {e}") from None
    return ctx


@lru_cache(maxsize=None)
def yoyo_backend_class() -> type:
    """yoyo's MySQL backend on this driver, reading the session's sql_mode once per connection.

    yoyo's backend runs ``SHOW VARIABLES LIKE 'sql_mode'`` on every identifier it
    quotes (a round trip each; about 60 per migration run) to learn whether
    ANSI_QUOTES is on. The session's sql_mode is set once when the connection
    opens (``init_command``) and schemakit never changes it afterwards, so it is
    read on first use and kept with the connection.
    """
    from yoyo.backends.core.mysql import MySQLBackend

    class Backend(MySQLBackend):
        driver_module = __name__
        _ansi_quotes = None
        # The connection's database, not yoyo's URL path (which yoyo does not percent-decode).
        list_tables_sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"

        def connect(self, dburi):
            """A connection made as `MySQLDialect.connect` makes it, from the URL
            `MySQLDialect.yoyo_url` wrote (TLS and session settings included)."""
            from ..registry import get
            from ..urls import DbUrl
            args = dict(dburi.args)
            url = DbUrl("mysql", host=dburi.hostname, port=dburi.port, user=dburi.username,
                        password=dburi.password, database=args.pop("database", None) or dburi.database or None,
                        params=tuple(args.items()))
            return connect(**get("mysql").connect_kwargs(url))

        def quote_identifier(self, identifier):
            if self._ansi_quotes is None:
                mode = self.execute("SHOW VARIABLES LIKE 'sql_mode'").fetchone()[1]
                self._ansi_quotes = "ansi_quotes" in mode.lower()
            if self._ansi_quotes:
                return super(MySQLBackend, self).quote_identifier(identifier)
            return f"`{identifier}`"
    return Backend


__all__ = ["Connection", "DatabaseError", "connect", "paramstyle", "pymysql", "tls_context", "yoyo_backend_class"]
