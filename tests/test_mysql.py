"""MySQL/MariaDB behaviour on the real server.

The edge schema (tests/data/mysql_cases.py) holds every feature the dialect
lowers or emulates; rows are run against it and must get the verdict
PostgreSQL would give (or the recorded degradation). Also: the catalog's
degradations, uuid v4 defaults, microseconds, identity, ON UPDATE, the state
machine message, the circular foreign key, partition routing, the fixed
number of introspection queries, the native client's password handling, and
reading MySQL 8's spellings of stored expressions and defaults.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import subprocess
import uuid
from collections import Counter
from dataclasses import replace
from decimal import Decimal

import pymysql
import pytest

import dialects
from dialects import mysql_introspect as mi
from dialects.urls import DbUrl
from schema import catalog
from schema.expr import normalize
from schema.model import ColumnType, Kind, Schema
from schema.synthetic import synthetic
from schema.validate import validate
from tests import roundtrip
from tests.conftest import require_server
from tests.data import mysql_cases as cases

ENGINE = "mysql"
D = dialects.get(ENGINE)
V4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _query(conn, sql: str, params=None) -> list:
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


def _edge_schema():
    ns = f"edgens_{uuid.uuid4().hex[:8]}"
    return validate(cases.edge_schema(ns)), ns


@pytest.fixture(scope="module")
def edge():
    """One database holding the edge schema, created through the native client: (schema, conn)."""
    server = require_server(ENGINE)
    schema, ns = _edge_schema()
    name = f"sk_test_{uuid.uuid4().hex[:10]}"
    url = D.create_database(server, name)
    try:
        roundtrip.run_native(ENGINE, url, D.script(D.ddl(schema)[0]))
        conn = D.connect(url)
        yield schema, conn
        conn.close()
    finally:
        D.drop_database(server, name)
        D.drop_database(server, ns)


@pytest.fixture
def tx(edge):
    """The edge connection inside a transaction that is rolled back afterwards."""
    schema, conn = edge
    conn.begin()
    try:
        yield conn
    finally:
        conn.rollback()


def _run(conn, statement: str):
    with conn.cursor() as cur:
        cur.execute(statement)


# -- lowering ---------------------------------------------------------------------------------------

def test_edge_degradations():
    schema, ns = _edge_schema()
    got = sorted((d.code, d.table, d.subject) for d in D.lower(schema).degradations)
    assert got == sorted((c, t.replace("{ns}", ns), s) for c, t, s in cases.EDGE_DEGRADATIONS)


@pytest.mark.parametrize("system", list(cases.CATALOG_COUNTS))
def test_catalog_degradations(system):
    found = D.lower(catalog.load(system)).degradations
    assert Counter(d.code for d in found) == cases.CATALOG_COUNTS[system]
    for (sys_, code), subjects in cases.CATALOG_SUBJECTS.items():
        if sys_ == system:
            assert {(d.table, d.subject) for d in found if d.code == code} == subjects


def test_lowering_is_idempotent():
    schema, _ = _edge_schema()
    once = D.lower(schema).schema
    assert D.lower(once).schema == once


def test_render_is_deterministic_and_quotes_identifiers():
    script = D.script(D.ddl(cases.edge_schema("edgens_same"))[0])
    assert script == D.script(D.ddl(cases.edge_schema("edgens_same"))[0])
    assert "`select` VARCHAR(10)" in script and "CAST(`select` AS BINARY)" in script


def test_script_wraps_compound_statements_in_delimiter():
    statements = D.ddl(catalog.load("prismq"))[0]
    script = D.script(statements)
    triggers = [s for s in statements if s.compound]
    assert len(triggers) == 3  # the state machine, the review_type_check insert and update triggers
    for s in triggers:
        assert f"DELIMITER //\n{s.sql}\n//\nDELIMITER ;\n" in script


# -- round trips beyond the catalog ----------------------------------------------------------------------

def test_edge_round_trip_native(edge):
    schema, conn = edge
    live = D.introspect(conn, (None,) + schema.namespaces)
    assert roundtrip.differences(ENGINE, schema, live) == []


def test_edge_round_trip_apply(fresh_url):
    schema, ns = _edge_schema()
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        live = D.introspect(conn, (None, ns))
        assert roundtrip.differences(ENGINE, schema, live) == []
    finally:
        conn.close()
        D.drop_database(require_server(ENGINE), ns)


@pytest.mark.parametrize("make", [lambda: synthetic(40), lambda: Schema((cases.expression_table(),))],
                         ids=["synthetic", "expressions"])
def test_round_trip_through_the_driver(fresh_url, make):
    """Synthetic tables, and CHECKs MariaDB rewrites (NOT, one-value IN, booleans) and reads back."""
    schema = make()
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        assert roundtrip.differences(ENGINE, schema, D.introspect(conn)) == []
    finally:
        conn.close()


def _questions(conn) -> int:
    return int(_query(conn, "SHOW SESSION STATUS LIKE 'Questions'")[0][1])


@pytest.mark.parametrize("schema, expected", [(lambda: catalog.load("cyoa"), 8), (lambda: synthetic(60), 8),
                                              (lambda: catalog.load("scenes"), 9)])
def test_introspection_uses_a_fixed_number_of_queries(fresh_url, schema, expected):
    schema = schema()
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        before = _questions(conn)
        D.introspect(conn)
        assert _questions(conn) - before - 1 == expected  # minus the SHOW STATUS itself
    finally:
        conn.close()


# -- row verdicts ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", cases.VERDICTS, ids=[c.id for c in cases.VERDICTS])
def test_row_verdict(tx, case):
    for statement in case.setup:
        _run(tx, statement)
    if case.error is None:
        _run(tx, case.statement)
    else:
        with pytest.raises(pymysql.MySQLError) as err:
            _run(tx, case.statement)
        assert case.error in str(err.value)


def test_state_machine_message_names_machine_and_states(tx):
    _run(tx, cases.PARENT)
    with pytest.raises(pymysql.MySQLError) as err:
        _run(tx, "UPDATE edge_parent SET state = 'new'")
    assert err.value.args[0] == 1644  # ER_SIGNAL_EXCEPTION: SQLSTATE 45000
    assert "edge_parent_state_flow: open -> new is not an allowed transition" in err.value.args[1]


def test_state_machine_in_namespace(edge, tx):
    schema, _ = edge
    ns = schema.namespaces[0]
    _run(tx, f"INSERT INTO `{ns}`.ns_owner (id, name) VALUES ('{cases.UUID_OK}', 'o')")
    _run(tx, f"INSERT INTO `{ns}`.ns_item (owner_id) VALUES ('{cases.UUID_OK}')")
    _run(tx, f"UPDATE `{ns}`.ns_item SET status = 'done'")
    with pytest.raises(pymysql.MySQLError, match="ns_item_flow"):
        _run(tx, f"UPDATE `{ns}`.ns_item SET status = 'todo'")
    with pytest.raises(pymysql.MySQLError, match="ns_item_status_check"):
        _run(tx, f"INSERT INTO `{ns}`.ns_item (owner_id, status) VALUES ('{cases.UUID_OK}', 'gone')")


def test_uuid_default_is_random_v4(tx):
    _run(tx, cases.PARENT)
    _run(tx, cases.C_AUTO + ", ".join(["(1, 'a')"] * 300))
    ids = [r[0] for r in _query(tx, "SELECT id FROM edge_child")]
    assert len(set(ids)) == 300
    assert all(V4.match(i) for i in ids)
    assert all(uuid.UUID(i).version == 4 and uuid.UUID(i).variant == uuid.RFC_4122 for i in ids)
    assert {i[19] for i in ids} == set("89ab")  # every variant nibble occurs in 300 draws


def test_timestamps_keep_microseconds(tx):
    _run(tx, cases.PARENT)
    _run(tx, cases.C + f"('{cases.UUID_OK}', 1, 'a')")
    _run(tx, "UPDATE edge_child SET at = '2026-03-04 05:06:07.123456'")
    assert _query(tx, "SELECT at FROM edge_child")[0][0] == dt.datetime(2026, 3, 4, 5, 6, 7, 123456)
    _run(tx, cases.C_AUTO + "(1, 'a'), (1, 'b'), (1, 'a')")  # `at` from CURRENT_TIMESTAMP(6)
    defaults = _query(tx, "SELECT at FROM edge_child WHERE id <> %s", (cases.UUID_OK,))
    assert len(defaults) == 3 and any(r[0].microsecond for r in defaults)


def test_now_default_is_utc(tx):
    _run(tx, cases.PARENT)
    row = _query(tx, "SELECT updated_at, UTC_TIMESTAMP(6) FROM edge_parent")[0]
    assert abs((row[1] - row[0]).total_seconds()) < 60


def test_identity_increments(tx):
    for code in ("i1", "i2", "i3"):
        _run(tx, f"INSERT INTO edge_parent (code, label) VALUES ('{code}', '{code}')")
    ids = [r[0] for r in _query(tx, "SELECT id FROM edge_parent ORDER BY code")]
    assert ids == sorted(ids) and len(set(ids)) == 3


def test_on_update_now(tx):
    _run(tx, cases.PARENT)
    _run(tx, "UPDATE edge_parent SET updated_at = '2020-01-01 00:00:00'")
    assert _query(tx, "SELECT updated_at FROM edge_parent")[0][0] == dt.datetime(2020, 1, 1)
    _run(tx, "UPDATE edge_parent SET owner = 1")  # MY-ONUPDATE: an UPDATE changing nothing keeps it
    assert _query(tx, "SELECT updated_at FROM edge_parent")[0][0] == dt.datetime(2020, 1, 1)
    _run(tx, "UPDATE edge_parent SET owner = 7")
    assert _query(tx, "SELECT updated_at FROM edge_parent")[0][0] > dt.datetime(2025, 1, 1)


def test_defaults_are_applied(tx):
    _run(tx, "INSERT INTO edge_parent (code, label) VALUES ('d', 'd')")
    doc, tags, price, flag, day, mood, state, note = _query(
        tx, "SELECT doc, tags, price, flag, day, mood, state, note FROM edge_parent")[0]
    assert (json.loads(doc), json.loads(tags), price, flag) == ({"a": 1}, [], Decimal("9.50"), 1)
    assert day == _query(tx, "SELECT UTC_DATE()")[0][0]
    assert (mood, state, note) == ("it's", "new", "it's \\ fine")


def test_partition_routing(tx):
    for i, day in enumerate(("2025-11-30", "2025-12-01", "2025-12-31", "2026-01-01")):
        _run(tx, f"{cases.E}({i}, '{day}', 'k{i}')")
    counts = {p: _query(tx, f"SELECT COUNT(*) FROM edge_events PARTITION (`edge_events_{p}`)")[0][0]
              for p in ("2025_11", "2025_12", "2026_01")}
    assert counts == {"2025_11": 1, "2025_12": 2, "2026_01": 1}


def test_circular_foreign_keys(fresh_url):
    schema = catalog.load("prismq")
    url = fresh_url(ENGINE)
    roundtrip.run_native(ENGINE, url, D.script(D.ddl(schema)[0]))
    conn = D.connect(url)
    try:
        story = D.introspect(conn).table("story")
        assert {"story_current_title_version_id_fkey", "story_current_script_version_id_fkey"} <= {
            f.name for f in story.foreign_keys}
        _run(conn, f"INSERT INTO story (id) VALUES ('{cases.UUID_OK}')")
        with pytest.raises(pymysql.MySQLError, match="story_current_title_version_id_fkey"):
            _run(conn, f"UPDATE story SET current_title_version_id = '{uuid.uuid4()}'")
        _run(conn, f"INSERT INTO title_version (story_id, version, text) VALUES ('{cases.UUID_OK}', 1, 't')")
        _run(conn, "UPDATE story SET current_title_version_id = (SELECT id FROM title_version)")
        _run(conn, "DELETE FROM title_version")
        assert _query(conn, "SELECT current_title_version_id FROM story") == [(None,)]
    finally:
        conn.close()


# -- connections and the native client ---------------------------------------------------------------------

def test_connection_session(edge):
    _, conn = edge
    mode, zone = _query(conn, "SELECT @@SESSION.sql_mode, @@SESSION.time_zone")[0]
    assert {"STRICT_ALL_TABLES", "STRICT_TRANS_TABLES", "NO_ENGINE_SUBSTITUTION"} <= set(mode.split(","))
    assert zone == "+00:00"


def test_client_command_keeps_the_password_off_the_command_line():
    argv = D.client_command(DbUrl("mysql", "db.example", 3307, "app", 's3cr"et\\x', "appdb"))
    assert not any("s3cr" in a for a in argv)
    option = argv[1].split("=", 1)[1]
    assert argv[1].startswith("--defaults-extra-file=") and stat.S_IMODE(os.stat(option).st_mode) == 0o600
    assert open(option).read() == '[client]\npassword="s3cr\\"et\\\\x"\n'
    assert "--host=db.example" in argv and argv[-3:] == ["--port=3307", "--user=app", "appdb"]


def test_native_client_with_a_password(fresh_url):
    url = fresh_url(ENGINE)
    user, password = f"sk_{uuid.uuid4().hex[:8]}", 'p"w\\ ' + uuid.uuid4().hex
    admin = D.connect(require_server(ENGINE))
    try:
        _run(admin, f"CREATE USER '{user}'@'%' IDENTIFIED BY {D.literal(password)}")
        _run(admin, f"GRANT ALL ON `{url.database}`.* TO '{user}'@'%'")
        mine = DbUrl("mysql", url.host, url.port, user, password, url.database)
        proc = subprocess.run(D.client_command(mine), input="SELECT CURRENT_USER();\n", text=True,
                              capture_output=True)
        assert proc.returncode == 0, proc.stderr
        assert user in proc.stdout
    finally:
        _run(admin, f"DROP USER IF EXISTS '{user}'@'%'")
        admin.close()


# -- MySQL 8 spellings (no MySQL 8 server here: the texts it stores, read back) ----------------------------

@pytest.mark.parametrize("text, booleans, canonical", cases.MYSQL8_EXPRESSIONS)
def test_reads_mysql8_expressions(text, booleans, canonical):
    sql, booleans = mi.unescape(text, mariadb=False), frozenset(booleans)
    assert normalize(mi.read_expression(sql, booleans)) == normalize(mi.normal_text(canonical, booleans))


@pytest.mark.parametrize("raw, extra, kind, expected", cases.MYSQL8_DEFAULTS)
def test_reads_mysql8_defaults(raw, extra, kind, expected):
    ty = ColumnType(Kind(kind), length=10, precision=10, scale=6)
    d = mi.read_default(raw, extra, ty, mariadb=False)
    assert (None if d is None else (d.kind.value, d.value)) == expected


# -- expressions: MariaDB's rewrites and the normal form --------------------------------------------------

def _value_rows() -> list[dict]:
    rows = [{}]
    for column, values in cases.EXPRESSION_VALUES.items():
        rows = [dict(r, **{column: v}) for r in rows for v in values]
    return [dict(r, **cases.EXPRESSION_FIXED) for r in rows]


def test_normal_form_keeps_truth_values(fresh_url):
    """Each CHECK and its normal form agree (TRUE, FALSE or NULL) on every row of a value grid."""
    t = cases.expression_table()
    lowered = D.lower(Schema((t,))).schema.tables[0]
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(Schema((replace(t, checks=()),)))[0])
        with conn.cursor() as cur:
            columns = list(_value_rows()[0])
            cur.executemany(f"INSERT INTO exprs ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
                            [tuple(r[c] for c in columns) for r in _value_rows()])
        for original, normal in zip(t.checks, lowered.checks):
            if any(form in original.expression for form in cases.ARRAY_FORMS):
                continue
            a, b = D.table_expression(t, original.expression), D.table_expression(lowered, normal.expression)
            sql = f"SELECT COUNT(*) FROM exprs WHERE NOT (({a}) <=> ({b}))"
            assert _query(conn, sql) == [(0,)], (original.expression, normal.expression)
    finally:
        conn.close()
