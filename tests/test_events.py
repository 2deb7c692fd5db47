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

from datetime import datetime

import pytest
from hypothesis import given, strategies as st

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


_WORDS = st.text(alphabet="ab'`\\ _%é", min_size=1, max_size=12)
_NAMES = st.text(alphabet="ab'`\\_%é$1", min_size=1, max_size=12)  # MariaDB refuses a name ending in a space
_DATES = st.datetimes(min_value=datetime(2030, 1, 1), max_value=datetime(2037, 12, 31)).map(
    lambda t: t.replace(microsecond=0))


@st.composite
def _events_written(draw) -> str:
    """A CREATE EVENT as someone might write it: any name and comment, an AT or EVERY schedule with its
    times in a short or long form, the clauses present or not, in upper or lower case."""
    name = draw(_NAMES)
    short = draw(st.booleans())

    def when(t: datetime) -> str:
        return f"'{t.year}-{t.month}-{t.day} {t.hour}:{t.minute:02d}'" if short and t.second == 0 else f"'{t}'"
    if draw(st.booleans()):
        schedule = f"AT {when(draw(_DATES))}"
    else:
        schedule = f"EVERY {draw(st.integers(1, 500))} {draw(st.sampled_from(['minute', 'HOUR', 'Day', 'WEEK']))}"
        start, end = sorted(draw(st.lists(_DATES, min_size=2, max_size=2, unique=True)))
        schedule += (f" STARTS {when(start)}" if draw(st.booleans()) else "") + \
            (f" ENDS {when(end)}" if draw(st.booleans()) else "")
    parts = [f"CREATE EVENT `{name.replace('`', '``')}` ON SCHEDULE {schedule}"]
    parts += draw(st.sampled_from([[], ["ON COMPLETION PRESERVE"], ["ON COMPLETION NOT PRESERVE"]]))
    parts += draw(st.sampled_from([[], ["ENABLE"], ["DISABLE"], ["DISABLE ON SLAVE"]]))
    comment = draw(st.one_of(st.none(), _WORDS))
    if comment is not None:
        parts.append("COMMENT '" + comment.replace("\\", "\\\\").replace("'", "''") + "'")
    parts.append(f"DO SET @sk_events_seen = {draw(st.integers(0, 9))};")
    sql = " ".join(parts)
    return sql.lower() if draw(st.booleans()) and "'" not in sql and "`" not in name else sql


@pytest.fixture(scope="module")
def events_db():
    """A MariaDB connection to an empty database of this module, dropped at its end."""
    from tests.conftest import require_server
    d = dialects.get("mariadb")
    server = require_server("mariadb")
    d.drop_database(server, "sk_events_property")
    url = d.create_database(server, "sk_events_property")
    conn = d.connect(url)
    try:
        yield conn
    finally:
        conn.close()
        d.drop_database(server, "sk_events_property")


@given(sql=_events_written())
def test_any_event_written_reads_back_as_its_stored_form(events_db, sql):
    from schemakit.dialects.mysql.code import read
    cur = events_db.cursor()
    cur.execute("SELECT DATABASE()")
    db = cur.fetchone()[0]
    cur.execute("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()")
    for (name,) in cur.fetchall():
        cur.execute("DROP EVENT `" + name.replace("`", "``") + "`")
    cur.execute(sql)
    _, routines, _ = read(cur, {db: None}, set(), lambda n: "`" + n.replace("`", "``") + "`", "mariadb")
    (event,) = [r for r in routines if r.kind == "event"]
    assert stored_form(sql) == event.sql
    assert stored_form(event.sql) == event.sql
