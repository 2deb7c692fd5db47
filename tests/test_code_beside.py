"""A migration never replaces a routine of the user's: one it would create that the database already has, and that
schemakit does not own (no applied migration made it), stops the run before anything is applied.

A model's routine is its whole CREATE statement, often CREATE OR REPLACE FUNCTION: run on a database that has a
function of that signature already (an adopted one, or an empty one holding only functions), it replaced it, and the
user's other tables, whose triggers call it, behaved differently from then on.
"""
from __future__ import annotations

import pytest

from tests.conftest import served
from tests.test_migrate import run, url_text

MODEL = '''
from schemakit import INTEGER, Schema, System, col, table
from schemakit.schema.code import Routine
t = table("t", col("id", INTEGER, null=False), pk="id")
touch = Routine("touch()", "postgres", """CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql
AS $$BEGIN NEW.status := 'model'; RETURN NEW; END$$""")
SYSTEM = System("app", "app", Schema((t,), routines=(touch,)))
'''

USERS = ["CREATE TABLE other (id int PRIMARY KEY, status text)",
         "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.status := 'dba'; RETURN NEW; END$$",
         "CREATE TRIGGER other_touch BEFORE INSERT ON other FOR EACH ROW EXECUTE FUNCTION touch()"]


@pytest.mark.parametrize("tables", [True, False], ids=["adopted", "a-database-with-only-functions"])
def test_a_routine_the_database_already_has_is_not_replaced(fresh_url, tmp_path, tables):
    url = fresh_url("postgres")
    d = served("postgres")
    conn = d.connect(url)
    conn.autocommit = True
    for sql in (USERS if tables else USERS[1:2]):
        conn.execute(sql)
    conn.close()
    (tmp_path / "schemakit.toml").write_text("schema = 'db.py'\n")
    (tmp_path / "db.py").write_text(MODEL)
    run("makemigrations", cwd=tmp_path, bare=True, check=True)
    proc = run("migrate", *(["--adopt"] if tables else []), "--database", url_text(url), cwd=tmp_path, bare=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "touch()" in proc.stderr and "already" in proc.stderr, proc.stderr
    conn = d.connect(url)
    try:
        body = conn.execute("SELECT prosrc FROM pg_proc WHERE proname = 'touch'").fetchone()[0]
        assert "'dba'" in body  # the user's, untouched
        assert conn.execute("SELECT to_regclass('t')").fetchone()[0] is None  # nothing applied
    finally:
        conn.close()
