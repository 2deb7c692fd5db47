"""yoyo's MySQL backend on `dialects.mysql.driver`, reading the session's sql_mode once per connection.

yoyo's backend runs ``SHOW VARIABLES LIKE 'sql_mode'`` on every identifier it
quotes (a round trip each; about 60 per migration run) to learn whether
ANSI_QUOTES is on. The session's sql_mode is set once when the connection
opens (``init_command``) and schemakit never changes it afterwards, so it is
read on first use and kept with the backend (`ansi_quotes`).
"""
from __future__ import annotations

from typing import Optional

from yoyo.backends.base import DatabaseBackend
from yoyo.backends.core import mysql as yoyo_mysql

from ..registry import get
from ..urls import DbUrl
from . import driver


class MySQLBackend(yoyo_mysql.MySQLBackend):
    """yoyo's MySQL backend, connecting as `MySQLDialect.connect` does."""

    driver_module = driver.__name__
    ansi_quotes: Optional[bool] = None  # the session's sql_mode has ANSI_QUOTES; None: not read yet
    # The connection's database, not yoyo's URL path (which yoyo does not percent-decode).
    list_tables_sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"

    def connect(self, dburi):
        """A connection made as `MySQLDialect.connect` makes it, from the URL
        `MySQLDialect.yoyo_url` wrote (TLS and session settings included)."""
        args = dict(dburi.args)
        url = DbUrl("mysql", host=dburi.hostname, port=dburi.port, user=dburi.username,
                    password=dburi.password, database=args.pop("database", None) or dburi.database or None,
                    params=tuple(args.items()))
        return driver.connect(**get("mysql").connect_kwargs(url))

    def quote_identifier(self, identifier):
        """yoyo's quoting, with the session's sql_mode read once (see the module)."""
        if self.ansi_quotes is None:
            mode = self.execute("SHOW VARIABLES LIKE 'sql_mode'").fetchone()[1]
            self.ansi_quotes = "ansi_quotes" in mode.lower()
        if self.ansi_quotes:
            return DatabaseBackend.quote_identifier(self, identifier)
        return f"`{identifier}`"
