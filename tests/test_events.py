"""Scheduled events (MariaDB/MySQL CREATE EVENT, https://mariadb.com/kb/en/create-event/), held as routines of
kind "event" (schema/code.py, dialects/mysql/code.py, dialects/mysql/events.py).

On MariaDB: each spelling of tests/data/event_spellings.py is created, read back as inspect reads it, and
equals `stored_form` of the text written; a hand-written event migrated into a database drifts by nothing
and a changed one is named; an event on PostgreSQL or SQLite is a named degradation (PG-EVENT, SL-EVENT);
drift lists an event the model does not hold by kind and name, and ``--ignore event`` accepts it.
The plan cases (event added, dropped, schedule/body/completion changed) are in
tests/differential/mysql/events.sql.
"""
from __future__ import annotations

import pytest

from schemakit import dialects
from schemakit.inspect import read_database
from schemakit.dialects.mysql.events import stored_form
from schemakit.schema.code import Routine
from schemakit.schema.model import INTEGER, Column, Schema, Table
from tests import roundtrip
from tests.data.event_spellings import SPELLINGS


@pytest.fixture(scope="module")
def spelled(tmp_path_factory):
    """One MariaDB database holding every spelling: name -> the event's text as inspect reads it."""
    from tests.conftest import require_server
    d = dialects.get("mariadb")
    server = require_server("mariadb")
    name = "sk_events_spellings"
    d.drop_database(server, name)
    url = d.create_database(server, name)
    try:
        script = "CREATE TABLE r (id int PRIMARY KEY);\nDELIMITER //\n" + \
            "".join(sql.rstrip().rstrip(";") + " //\n" for _, sql, _ in SPELLINGS) + "DELIMITER ;\n"
        roundtrip.run_native("mariadb", url, script)
        found = read_database(url, (None,), d).schema
        yield {r.name: r.sql for r in found.routines if r.kind == "event"}
    finally:
        d.drop_database(server, name)


@pytest.mark.parametrize("name,written,why", SPELLINGS, ids=[n for n, _, _ in SPELLINGS])
def test_an_event_written_by_hand_is_spelled_as_mariadb_stores_it(spelled, name, written, why):
    form = stored_form(written)
    if why is not None:
        assert form is None, why
        return
    assert form == spelled[name]
    assert stored_form(form) == form  # the stored form is its own


def _with_event(sql: str) -> Schema:
    table = Table("r", (Column("id", INTEGER, nullable=False),), primary_key=("id",))
    return Schema(tables=(table,), routines=(Routine("cleanup", "mariadb", sql, "event"),))


@pytest.mark.parametrize("engine,code", [("postgres", "PG-EVENT"), ("sqlite", "SL-EVENT")])
def test_an_event_elsewhere_is_a_named_degradation_and_nothing_is_created(engine, code):
    statements, notes = dialects.get(engine).ddl(_with_event("CREATE EVENT cleanup ON SCHEDULE EVERY 1 DAY DO DELETE FROM r"))
    assert [n.code for n in notes] == [code]
    assert not any("EVENT" in s.sql.upper() for s in statements)


def test_a_project_migrates_an_event_drift_sees_it_changed_and_rollback_restores_it(tmp_path, fresh_url):
    from tests.test_init import sk
    from tests.test_migrate import url_text
    from tests.test_code_objects import DATA
    url = fresh_url("mariadb")
    env = {"DATABASE_URL": url_text(url)}
    sk("init", cwd=tmp_path, check=True)
    schema = tmp_path / "db" / "schema.py"
    schema.write_text(schema.read_text().split("\nSYSTEM = ")[0] + (DATA.parent / "event_project_tail.txt").read_text())
    sk("makemigrations", cwd=tmp_path, check=True)
    sk("migrate", cwd=tmp_path, env=env, check=True)
    assert _events(url) == [("purge`old", "DAY", "drop 'old' posts")]
    assert "no drift" in sk("drift", cwd=tmp_path, env=env, check=True).stdout  # hand-written, compared as stored
    schema.write_text(schema.read_text().replace("every 1 day", "every 2 hour"))
    sk("makemigrations", cwd=tmp_path, check=True)
    before = sk("drift", cwd=tmp_path, env=env)
    assert before.returncode == 1 and "event purge`old: its definition differs" in before.stdout, before.stdout
    sk("migrate", cwd=tmp_path, env=env, check=True)
    assert _events(url) == [("purge`old", "HOUR", "drop 'old' posts")]
    assert "no drift" in sk("drift", cwd=tmp_path, env=env, check=True).stdout
    sk("rollback", "app", cwd=tmp_path, env=env, check=True)
    assert sk("drift", cwd=tmp_path, env=env).stdout == before.stdout
    assert _events(url) == [("purge`old", "DAY", "drop 'old' posts")]


def _events(url) -> list[tuple]:
    """(name, interval field, comment) of the database's events, from information_schema.EVENTS."""
    conn = dialects.get("mariadb").connect(url)
    try:
        cur = conn.cursor()
        cur.execute("SELECT EVENT_NAME, INTERVAL_FIELD, EVENT_COMMENT FROM information_schema.EVENTS "
                    "WHERE EVENT_SCHEMA = DATABASE() ORDER BY EVENT_NAME")
        return [tuple(r) for r in cur.fetchall()]
    finally:
        conn.close()
