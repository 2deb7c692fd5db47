"""A rollback that undoes a namespace's creation never drops what schemakit does not own in it.

On MySQL/MariaDB a model namespace is a database of the server: the migration creates it (CREATE DATABASE IF NOT
EXISTS) and its rollback drops it. That database may have been there before, with the user's tables: the drop
is skipped while it holds anything (PostgreSQL's DROP SCHEMA refuses a schema that is not empty, RESTRICT).
"""
from __future__ import annotations

import uuid

import pytest

from schemakit import dialects
from tests.conftest import require_server
from tests.test_migrate import run

MODEL = '''
from schemakit import INTEGER, Schema, System, col, table
inv = table("invoices", col("id", INTEGER, null=False), pk="id", namespace=%r)
SYSTEM = System("ns", "ns", Schema((inv,)))
'''


@pytest.fixture
def server():
    d = dialects.get("mariadb")
    url = require_server("mariadb")
    main = f"sk_test_{uuid.uuid4().hex[:8]}"
    ns = f"ns_{main}"  # (a model's names may not start with sk_)
    yield d, url, main, ns
    for name in (main, ns):
        d.drop_database(url, name)


def _databases(d, url, *names) -> set:
    conn = d.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")
            return {r[0] for r in cur.fetchall()} & set(names)
    finally:
        conn.close()


@pytest.mark.parametrize("theirs", [True, False], ids=["holding-the-users-table", "holding-only-ours"])
def test_rollback_of_a_namespace_keeps_a_database_that_holds_the_users_tables(server, tmp_path, theirs):
    d, url, main, ns = server
    conn = d.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{main}`")
            if theirs:
                cur.execute(f"CREATE DATABASE `{ns}`")
                cur.execute(f"CREATE TABLE `{ns}`.keep (x INT)")
                cur.execute(f"INSERT INTO `{ns}`.keep VALUES (42)")
        conn.commit()
    finally:
        conn.close()
    (tmp_path / "schemakit.toml").write_text("schema = 'db.py'\n")
    (tmp_path / "db.py").write_text(MODEL % ns)
    target = url.with_database(main).secret_url()
    run("makemigrations", cwd=tmp_path, bare=True, check=True)
    run("migrate", "--adopt", "--database", target, cwd=tmp_path, bare=True, check=True)
    run("rollback", "ns", "--steps", "1", "--database", target, cwd=tmp_path, bare=True, check=True)
    assert _databases(d, url, ns) == ({ns} if theirs else set())
    if theirs:
        conn = d.connect(url.with_database(ns))
        try:
            with conn.cursor() as cur:
                cur.execute("SHOW TABLES")
                assert [r[0] for r in cur.fetchall()] == ["keep"]  # ours is gone, theirs stays
                cur.execute("SELECT x FROM keep")
                assert cur.fetchall() == ((42,),)
        finally:
            conn.close()
