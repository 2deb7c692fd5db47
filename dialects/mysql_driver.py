"""PyMySQL with one TLS context per process, and yoyo's MySQL backend on top of it.

With no TLS option PyMySQL uses PREFERRED mode: it tries TLS and falls back to
plain text when the server does not offer it. It builds that client context
(``ssl.create_default_context``, which loads the system CA store: about 20 ms)
for every connection, before it knows whether the server offers TLS; a
migration opens several connections (yoyo runs each migration on one of its
own). An SSLContext is meant to be shared by many connections
(https://docs.python.org/3/library/ssl.html#ssl-contexts), so the PREFERRED
context is built once, with PyMySQL's own settings. Explicit TLS options
(ssl_ca, ssl_cert, ...) still get a context of their own, exactly as before.

The module is also the DB-API module yoyo loads for schemakit's MySQL backend
(``driver_module``): yoyo reads ``connect``, ``DatabaseError`` and ``paramstyle``.
"""
from __future__ import annotations

from functools import lru_cache

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

        def quote_identifier(self, identifier):
            if self._ansi_quotes is None:
                mode = self.execute("SHOW VARIABLES LIKE 'sql_mode'").fetchone()[1]
                self._ansi_quotes = "ansi_quotes" in mode.lower()
            if self._ansi_quotes:
                return super(MySQLBackend, self).quote_identifier(identifier)
            return f"`{identifier}`"
    return Backend


__all__ = ["Connection", "DatabaseError", "connect", "paramstyle", "pymysql", "yoyo_backend_class"]
