"""yoyo's psycopg 3 backend, connecting as `PostgresDialect.connect` does.

Its connections are made by `PostgresDialect.connect_kwargs` from the URL
`PostgresDialect.yoyo_url` wrote: the same parameters and checks as `connect`
(yoyo's own would pass the query through unchecked), in autocommit mode as
yoyo's.
"""
from __future__ import annotations

import psycopg
from yoyo.backends.core import postgresql as yoyo_postgresql

from ..registry import get
from ..urls import DbUrl

ENGINE = "postgres"


class PostgresqlPsycopgBackend(yoyo_postgresql.PostgresqlPsycopgBackend):
    """yoyo's psycopg 3 backend on `PostgresDialect.connect_kwargs` (see the module)."""

    def connect(self, dburi):
        """A connection made as `PostgresDialect.connect` makes it, in autocommit mode as yoyo's."""
        args = dict(dburi.args)
        url = DbUrl(ENGINE, host=dburi.hostname, port=dburi.port, user=dburi.username, password=dburi.password,
                    database=args.pop("dbname", None) or dburi.database or None, params=tuple(args.items()))
        return psycopg.connect(**get(ENGINE).connect_kwargs(url), autocommit=True)
