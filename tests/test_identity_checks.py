"""A CHECK over an identity column: its DDL runs on every engine, each row gets the same verdict, drift is clean.

The cases are in tests/data/identity_checks.py. On MySQL/MariaDB the CHECK is a pair of triggers
(MY-CHECKAUTOINC); before, the CREATE TABLE failed there (error 1901)."""
from __future__ import annotations

import pytest

from tests import roundtrip
from tests.conftest import ENGINES, served
from tests.data.identity_checks import CHECK, KEPT, SCHEMA, STATEMENTS


@pytest.mark.parametrize("engine", ENGINES)
def test_a_check_over_an_identity_column_gives_every_row_the_same_verdict(engine, fresh_url):
    url = fresh_url(engine)
    d = served(engine)
    assert ("MY-CHECKAUTOINC" in roundtrip.created(d, engine, url, SCHEMA)) == (d.name in ("mysql", "mariadb"))
    conn = d.connect(url)
    try:
        _autocommit(conn)
        verdicts = []
        for sql, _expected in STATEMENTS:
            cur = conn.cursor()
            try:
                cur.execute(sql)
                verdicts.append(None)
            except Exception as e:  # noqa: BLE001 - the engine's refusal, whatever its driver calls it
                verdicts.append(CHECK if _names(e, CHECK) else f"{type(e).__name__}: {e}")
            finally:
                cur.close()
        cur = conn.cursor()
        cur.execute("SELECT id, n FROM counter ORDER BY id")
        kept = [tuple(r) for r in cur.fetchall()]
    finally:
        conn.close()
    assert verdicts == [expected for _sql, expected in STATEMENTS]
    assert kept == KEPT
    if d.name == engine:  # (the mysql rendering on MariaDB reads back in MariaDB's collation)
        assert roundtrip.differences(engine, SCHEMA, roundtrip.introspected(engine, url, SCHEMA), url) == []


def _autocommit(conn) -> None:
    """Each statement on its own, as the drivers spell it (a PostgreSQL error would abort the rest)."""
    if hasattr(conn, "isolation_level") and not hasattr(conn, "pgconn"):
        conn.isolation_level = None  # sqlite3
    elif callable(getattr(conn, "autocommit", None)):
        conn.autocommit(True)  # pymysql
    else:
        conn.autocommit = True  # psycopg


def _names(error: Exception, name: str) -> bool:
    """Whether the engine's error names CHECK `name` (SQLite says "CHECK constraint failed: <name>")."""
    said = " ".join(str(a) for a in error.args)
    return name in said or name.replace("`", "``") in said
