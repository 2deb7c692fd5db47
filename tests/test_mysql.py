"""MySQL/MariaDB behaviour on the real server.

The edge schema (tests/data/mysql_cases.py) holds every feature the dialect
lowers or emulates; rows are run against it and must get the verdict
PostgreSQL would give (or the recorded degradation). Also: the catalog's
degradations, uuid v4 defaults, microseconds, identity, ON UPDATE, the state
machine message, the circular foreign key, partition routing, the fixed
number of introspection queries, the native client's password handling, and
reading MySQL 8's spellings of stored expressions and defaults.

Migration planning (tests/data/mysql_plan_cases.py): generated changes of
everything the planner renders beyond plain objects, applied, rolled back and
applied again on a database with rows, must leave exactly what rendering the
target from scratch creates (every sk_ object, MySQL's own foreign-key
indexes, partitions, triggers); an interrupted plan is completed from the
live schema; and the traps: the index behind a foreign key (error 1553),
enum values, partitions that shrink (no DROP PARTITION), placeholders.
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
from hypothesis import given, settings, strategies as st

from schemakit import dialects
from schemakit.dialects.mysql import introspect as mi
from schemakit.dialects.base import Step
from schemakit.dialects.urls import DbUrl
from schemakit.schema import catalog
from schemakit.schema.diff import diff
from schemakit.schema.expr import normalize
from schemakit.schema.model import ColumnType, Kind, Schema
from schemakit.schema.synthetic import synthetic
from schemakit.schema.validate import validate
from tests import roundtrip
from tests.conftest import require_server
from tests.data import mysql_cases as cases
from tests.data import mysql_plan_cases as plan_cases

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


# each count includes the one query of the views (dialects/mysql/views.py)
@pytest.mark.parametrize("schema, expected", [(lambda: catalog.load("cyoa"), 9), (lambda: synthetic(60), 9),
                                              (lambda: catalog.load("scenes"), 10)])
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


# -- migration planning ---------------------------------------------------------------------------

PLAN_BASE = validate(plan_cases.plan_base())

# Everything MySQL holds for the tables of the connection's database, as rows: two databases
# hold the same objects (schemakit's sk_ ones and MySQL's implicit foreign-key indexes included)
# exactly when their snapshots are equal. Generated columns may sit in any order.
RAW_CATALOG = {
    "tables": "SELECT TABLE_NAME, TABLE_COMMENT, CREATE_OPTIONS FROM information_schema.TABLES "
              "WHERE TABLE_SCHEMA = DATABASE()",
    "columns": "SELECT TABLE_NAME, COLUMN_NAME, IF(COLUMN_NAME LIKE 'sk\\_%%', 0, ORDINAL_POSITION), COLUMN_TYPE, "
               "IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT, COLLATION_NAME, GENERATION_EXPRESSION "
               "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()",
    "indexes": "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE, SUB_PART, COLLATION, "
               "INDEX_COMMENT FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()",
    "checks": "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL FROM information_schema.CHECK_CONSTRAINTS "
              "WHERE CONSTRAINT_SCHEMA = DATABASE()",
    "foreign_keys": "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION, k.COLUMN_NAME, "
                    "k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE "
                    "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                    "ON r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
                    "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL",
    "triggers": "SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, EVENT_MANIPULATION, ACTION_TIMING, ACTION_STATEMENT "
                "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
    "partitions": "SELECT TABLE_NAME, PARTITION_NAME, PARTITION_ORDINAL_POSITION, PARTITION_EXPRESSION, "
                  "PARTITION_DESCRIPTION FROM information_schema.PARTITIONS "
                  "WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL",
}


def raw_catalog(conn) -> dict:
    """The snapshot of `RAW_CATALOG` for the connection's database."""
    return {name: sorted(_query(conn, sql), key=repr) for name, sql in RAW_CATALOG.items()}


def _rebuild(conn, schema: Schema, rows=()) -> None:
    """Empty the connection's database, then create `schema` and insert `rows`."""
    tables = [r[0] for r in _query(conn, "SELECT TABLE_NAME FROM information_schema.TABLES "
                                         "WHERE TABLE_SCHEMA = DATABASE()")]
    _query(conn, "SET FOREIGN_KEY_CHECKS = 0")
    for t in tables:
        _query(conn, f"DROP TABLE {D.quote(t)}")
    _query(conn, "SET FOREIGN_KEY_CHECKS = 1")
    D.apply(conn, D.ddl(schema)[0])
    for sql in rows:
        _query(conn, sql)


class _Reference:
    """A scratch database rendered fresh from a schema, for comparing with a migrated one."""

    def __init__(self, conn):
        self.conn, self.cache = conn, {}

    def catalog(self, schema: Schema) -> dict:
        if schema not in self.cache:
            _rebuild(self.conn, schema)
            self.cache[schema] = raw_catalog(self.conn)
        return self.cache[schema]


@pytest.fixture(scope="module")
def plan_dbs():
    """(migrated database holding PLAN_BASE and its rows, reference database)."""
    server = require_server(ENGINE)
    names = [f"sk_test_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    conns = [D.connect(D.create_database(server, n)) for n in names]
    try:
        yield conns[0], _Reference(conns[1])
    finally:
        for c in conns:
            c.close()
        for n in names:
            D.drop_database(server, n)


def _run_steps(conn, steps: list[Step], direction: str) -> None:
    for step in (steps if direction == "apply" else reversed(steps)):
        D.apply(conn, step.apply if direction == "apply" else step.rollback)


def _assert_migrated(conn, reference: _Reference, expected: Schema) -> None:
    live = D.introspect(conn, (None,))
    assert [c.describe() for c in diff(D.lower(expected).schema, live)] == []
    assert raw_catalog(conn) == reference.catalog(expected)
    counts = {t: _query(conn, f"SELECT COUNT(*) FROM {D.quote(t)}")[0][0] for t in plan_cases.COUNTS
              if expected.has_table(t)}
    assert counts == {t: n for t, n in plan_cases.COUNTS.items() if t in counts}


@settings(max_examples=40)
@given(new=plan_cases.evolved(PLAN_BASE))
def test_plan_up_down_up_equals_fresh_render(plan_dbs, new):
    """Every object (sk_ checks, triggers, generated columns, implicit FK indexes, partitions) after
    each phase is exactly what rendering the target schema from scratch creates; rows survive."""
    conn, reference = plan_dbs
    if raw_catalog(conn) != reference.catalog(PLAN_BASE):  # the first example, or a failed one
        _rebuild(conn, PLAN_BASE, plan_cases.ROWS)
    steps = D.plan(PLAN_BASE, new)
    assert all(len(s.apply) == 1 and len(s.rollback) == 1 for s in steps)
    for direction, expected in [("apply", new), ("rollback", PLAN_BASE), ("apply", new), ("rollback", PLAN_BASE)]:
        _run_steps(conn, steps, direction)
        if direction == "rollback" and not new.has_table("plan_child"):
            for sql in plan_cases.ROWS[1:3]:  # a dropped table comes back empty
                _query(conn, sql)
        _assert_migrated(conn, reference, expected)


def _applied(conn, steps: list[Step]) -> list[Step]:
    """Apply steps in order until one fails; return the steps that ran."""
    done = []
    for step in steps:
        try:
            D.apply(conn, step.apply)
        except pymysql.MySQLError:
            break
        done.append(step)
    return done


def _fresh_plan_db(plan_dbs):
    conn, reference = plan_dbs
    _rebuild(conn, PLAN_BASE, plan_cases.ROWS)
    return conn, reference


def _with_table(schema: Schema, name: str, **fields) -> Schema:
    return schema.replace_table(replace(schema.table(name), **fields))


def test_every_step_holds_one_statement_and_its_undo():
    """MySQL commits each DDL statement: one statement per step keeps a failure at a step boundary."""
    for system in catalog.names():
        schema = catalog.load(system)
        steps = D.plan(Schema(), schema)
        assert steps and all(len(s.apply) == 1 and len(s.rollback) == 1 for s in steps)
        assert [s.apply[0] for s in steps] == D.render(D.lower(schema).schema)
    assert D.transactional_ddl is False and D.yoyo_scheme == "mysql"


def test_dropping_the_index_behind_a_foreign_key_moves_the_key_around_it(plan_dbs):
    """Error 1553: the last index serving a foreign key cannot be dropped; the key is dropped first
    and added back after, when MySQL creates its own index for it (hidden by introspection)."""
    conn, reference = _fresh_plan_db(plan_dbs)
    child = PLAN_BASE.table("plan_child")
    new = _with_table(PLAN_BASE, "plan_child",
                      indexes=tuple(i for i in child.indexes if i.name != "plan_child_parent_idx"))
    steps = D.plan(PLAN_BASE, new)
    sql = [s.apply[0].sql for s in steps]
    drop_fk, drop_index, add_fk = (next(i for i, x in enumerate(sql) if text in x) for text in (
        "DROP FOREIGN KEY `plan_child_parent_id_fkey`", "DROP INDEX `plan_child_parent_idx`",
        "ADD CONSTRAINT `plan_child_parent_id_fkey` FOREIGN KEY"))
    assert drop_fk < drop_index < add_fk
    assert "DROP INDEX `plan_child_parent_id_fkey`" in steps[add_fk].rollback[0].sql  # MySQL's own index
    with pytest.raises(pymysql.MySQLError, match="1553|needed in a foreign key"):
        _run(conn, "ALTER TABLE `plan_child` DROP INDEX `plan_child_parent_idx`")
    for direction, expected in [("apply", new), ("rollback", PLAN_BASE)]:
        _run_steps(conn, steps, direction)
        _assert_migrated(conn, reference, expected)


def test_enum_value_addition_modifies_its_column_and_its_rollback_refuses_used_values(plan_dbs):
    conn, reference = _fresh_plan_db(plan_dbs)
    parent = PLAN_BASE.table("plan_parent")
    status = parent.column("status")
    grown = replace(status, type=replace(status.type, enum=status.type.enum.add_value("archived")))
    new = _with_table(PLAN_BASE, "plan_parent", columns=tuple(grown if c.name == "status" else c for c in parent.columns),
                      state_machines=())
    steps = D.plan(PLAN_BASE, new)
    modify = [s for s in steps if "MODIFY" in s.apply[0].sql]
    assert len(modify) == 1 and "ENUM('new', 'open', 'closed', 'archived') NOT NULL DEFAULT 'new'" in modify[0].apply[0].sql
    _run_steps(conn, steps, "apply")
    _assert_migrated(conn, reference, new)
    _run(conn, "UPDATE `plan_parent` SET `status` = 'archived'")
    with pytest.raises(pymysql.MySQLError, match="Data truncated"):  # strict mode: no silent loss
        _run_steps(conn, steps, "rollback")
    assert _query(conn, "SELECT `status` FROM `plan_parent`") == [("archived",)]


@pytest.mark.parametrize("start, months, statement", [
    (plan_cases.EVENT_START, 8, "ADD PARTITION (PARTITION `plan_events_2025_07`"),
    (dt.date(2024, 11, 1), 8, "REORGANIZE PARTITION `plan_events_2025_01` INTO (PARTITION `plan_events_2024_11`"),
    (dt.date(2025, 2, 1), 4, "PARTITION BY RANGE COLUMNS(`at`)"),
])
def test_partition_changes(plan_dbs, start, months, statement):
    conn, reference = _fresh_plan_db(plan_dbs)
    new = _with_table(PLAN_BASE, "plan_events", partitioning=replace(
        PLAN_BASE.table("plan_events").partitioning, start=start, months=months))
    steps = D.plan(PLAN_BASE, new)
    assert any(s.apply[0].sql.split(" ", 3)[3].startswith(statement) for s in steps)
    for direction, expected in [("apply", new), ("rollback", PLAN_BASE), ("apply", new), ("rollback", PLAN_BASE)]:
        _run_steps(conn, steps, direction)
        _assert_migrated(conn, reference, expected)


@pytest.mark.parametrize("start, months", [(dt.date(2025, 4, 1), 3), (dt.date(2025, 1, 1), 3)])
def test_partition_shrink_refuses_rows_outside_instead_of_dropping_them(plan_dbs, start, months):
    """DROP PARTITION would delete the rows of the months that go; the planner's statements fail
    instead (the partition CHECK, or error 1526), and the steps that ran roll back cleanly."""
    conn, reference = _fresh_plan_db(plan_dbs)
    new = _with_table(PLAN_BASE, "plan_events", partitioning=replace(
        PLAN_BASE.table("plan_events").partitioning, start=start, months=months))
    steps = D.plan(PLAN_BASE, new)
    assert not any("DROP PARTITION" in s.apply[0].sql for s in steps)
    done = _applied(conn, steps)
    assert len(done) < len(steps)
    _run_steps(conn, done, "rollback")
    _assert_migrated(conn, reference, PLAN_BASE)


def test_dropped_not_null_column_comes_back_with_a_placeholder(plan_dbs):
    conn, reference = _fresh_plan_db(plan_dbs)
    events = PLAN_BASE.table("plan_events")
    new = _with_table(PLAN_BASE, "plan_events", indexes=(),
                      columns=tuple(c for c in events.columns if c.name != "kind"))
    steps = D.plan(PLAN_BASE, new)
    for direction, expected in [("apply", new), ("rollback", PLAN_BASE)]:
        _run_steps(conn, steps, direction)
        _assert_migrated(conn, reference, expected)
    assert _query(conn, "SELECT DISTINCT `kind` FROM `plan_events`") == [("",)]


def test_initial_plan_with_namespaces_and_its_rollback(fresh_url):
    schema, ns = _edge_schema()
    url = fresh_url(ENGINE)
    conn = D.connect(url)
    steps = D.plan(Schema(), schema)
    try:
        assert steps[0].apply[0].sql.startswith(f"CREATE DATABASE IF NOT EXISTS `{ns}`")
        _run_steps(conn, steps, "apply")
        assert roundtrip.differences(ENGINE, schema, D.introspect(conn, (None, ns))) == []
        _run_steps(conn, steps, "rollback")
        assert D.introspect(conn, (None,)).tables == ()
        assert _query(conn, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %s", (ns,)) == [(0,)]
    finally:
        conn.close()
        D.drop_database(require_server(ENGINE), ns)


def test_yoyo_sessions_are_strict_and_utc():
    """The sessions of schemakit's yoyo backend (its migrations run there) are `connect()`'s."""
    from schemakit.backend import open_backend
    backend = open_backend(D, require_server(ENGINE), ())
    mode, zone = backend.execute("SELECT @@SESSION.sql_mode, @@SESSION.time_zone").fetchone()
    assert "STRICT_ALL_TABLES" in mode and zone == "+00:00"


def test_lowering_a_lowered_catalog_changes_nothing():
    """`schemakit migrate --repair` plans from an introspected (lowered) schema."""
    for schema in [catalog.load(n) for n in catalog.names()] + [PLAN_BASE]:
        once = D.lower(schema).schema
        assert D.lower(once).schema == once


@settings(max_examples=25)
@given(new=plan_cases.evolved(PLAN_BASE), data=st.data())
def test_an_interrupted_plan_is_completed_from_the_live_schema(plan_dbs, new, data):
    """What `schemakit migrate --repair` does after a run died at any step boundary (DDL commits
    one statement at a time): plan from the introspected database to the target, apply, and get
    exactly the fresh rendering of the target (a check left with one of its two triggers included)."""
    conn, reference = plan_dbs
    _rebuild(conn, PLAN_BASE, plan_cases.ROWS)
    steps = D.plan(PLAN_BASE, new)
    _run_steps(conn, steps[:data.draw(st.integers(0, len(steps)), label="steps applied")], "apply")
    live, target = D.introspect(conn, (None,)), D.lower(new).schema
    _run_steps(conn, D.plan_changes(live, target, diff(live, target)), "apply")
    _assert_migrated(conn, reference, new)


def test_a_check_missing_one_of_its_triggers_reads_back_changed(plan_dbs):
    conn, _reference = _fresh_plan_db(plan_dbs)
    child = PLAN_BASE.table("plan_child")
    _run(conn, f"DROP TRIGGER `{D.check_trigger_name(child, child.checks[0], 'UPDATE')}`")
    live = D.introspect(conn, (None,))
    assert [c.describe() for c in diff(D.lower(PLAN_BASE).schema, live)] == [
        "drop check plan_child_amount_check on plan_child", "add check plan_child_amount_check on plan_child"]
    assert "triggers of this check is missing" in live.table("plan_child").checks[0].expression


# -- the types beyond the catalog's (tests/data/types_corpus.py) ------------------------------------------------

@pytest.fixture(scope="module")
def corpus_db():
    """One database holding the types corpus, created through the native client: a connection to it."""
    from tests.data import types_corpus
    server = require_server(ENGINE)
    name = f"sk_test_{uuid.uuid4().hex[:10]}"
    url = D.create_database(server, name)
    try:
        roundtrip.run_native(ENGINE, url, D.script(D.ddl(types_corpus.SCHEMA)[0]))
        conn = D.connect(url)
        yield conn
        conn.close()
    finally:
        D.drop_database(server, name)


def test_types_corpus_same_engine_round_trip(corpus_db, fresh_url):
    """Read back, written as schema code, rendered into a second database: both read back the same."""
    from schemakit.schema import codegen
    first = D.introspect(corpus_db, (None,))
    namespace: dict = {}
    exec(compile(codegen.write(first, "types"), "types.py", "exec"), namespace)
    url = fresh_url(ENGINE)
    roundtrip.run_native(ENGINE, url, D.script(D.ddl(namespace["SYSTEM"].schema)[0]))
    conn = D.connect(url)
    try:
        second = D.introspect(conn, (None,))
    finally:
        conn.close()
    assert [c.describe() for c in diff(first, second)] == []
    assert first == second


@pytest.mark.parametrize("sql, refused", cases.TYPE_ROWS, ids=[s for s, _ in cases.TYPE_ROWS])
def test_type_rows(corpus_db, sql, refused):
    """What the native types accept and refuse: unsigned ranges, tinyint beside boolean, binary padding,
    NaN (MY-FLOATNAN), YEAR's two-digit years (MY-YEAR), TIME's wider range (MY-TIMERANGE)."""
    corpus_db.begin()
    try:
        _run(corpus_db, "INSERT INTO suppliers (id, code, name) VALUES (1, 'a', 'x')")
        if refused:
            with pytest.raises(pymysql.MySQLError):
                _run(corpus_db, sql)
        else:
            _run(corpus_db, sql)
    finally:
        corpus_db.rollback()


@pytest.mark.parametrize("query, expected", cases.TYPE_READS, ids=[q for q, _ in cases.TYPE_READS])
def test_type_values_read_back(corpus_db, query, expected):
    """Defaults and stored values of the new types as the driver reads them."""
    corpus_db.begin()
    try:
        _run(corpus_db, "INSERT INTO suppliers (id, code, name, key_digest, founded, channels) "
                        "VALUES (1, 'ab  ', 'x', X'0102', 1999, 'export,wholesale,export')")
        _run(corpus_db, "INSERT INTO products (supplier_id, sku) VALUES (1, X'00ff')")
        assert [tuple(r) for r in _query(corpus_db, query)] == expected
    finally:
        corpus_db.rollback()


@pytest.mark.parametrize("old, new, value", plan_cases.TYPE_CHANGES,
                         ids=[f"{o}->{n}" for o, n, _ in plan_cases.TYPE_CHANGES])
def test_type_change_plans_one_modify_and_rolls_back(fresh_url, old, new, value):
    from schemakit.schema.build import col, table
    before, after = (Schema((table("retyped", col("id", ColumnType(Kind.INTEGER), null=False), col("c", ty),
                                   pk="id"),)) for ty in (old, new))
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(before)[0])
        _run(conn, f"INSERT INTO retyped (id, c) VALUES (1, {value})")
        steps = D.plan(before, after)
        assert any("MODIFY COLUMN `c`" in s.sql for step in steps for s in step.apply)
        for direction, expected in [("apply", after), ("rollback", before), ("apply", after)]:
            _run_steps(conn, steps, direction)
            assert [c.describe() for c in diff(D.lower(expected).schema, D.introspect(conn, (None,)))] == []
            assert _query(conn, "SELECT COUNT(*) FROM retyped WHERE c IS NOT NULL")[0][0] == 1
    finally:
        conn.close()


@pytest.mark.parametrize("name, value, expected", cases.TIME_VALUES, ids=lambda x: str(x))
def test_time_values_between_the_model_and_the_driver(name, value, expected):
    from schemakit.dialects import mysql
    assert getattr(mysql, name)(value) == expected


def test_time_columns_read_back_as_times_of_day(corpus_db):
    """TIME through the driver and the dialect's reader: the model's datetime.time."""
    row = _query(corpus_db, "SELECT CAST('08:30:00.25' AS TIME(6))")[0]
    assert D.value_readers[Kind.TIME](row[0]) == dt.time(8, 30, 0, 250000)


def test_binary_columns_in_keys_are_lowered_like_text_and_apply(fresh_url):
    schema = Schema((cases.bytes_keys_table(),))
    lowered = D.lower(schema)
    assert {(g.code, g.table, g.subject) for g in lowered.degradations} == cases.BYTES_KEYS_CODES
    assert roundtrip.unlisted_changes(schema, lowered) == [] and roundtrip.unseen_degradations(schema, lowered) == []
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        assert [c.describe() for c in diff(lowered.schema, D.introspect(conn, (None,)))] == []
    finally:
        conn.close()


@pytest.mark.parametrize("case, old, new", plan_cases.OPTION_CHANGES, ids=[c for c, _, _ in plan_cases.OPTION_CHANGES])
def test_option_change_plans_and_rolls_back(fresh_url, case, old, new):
    """A change of a collation, character set, generated expression, identity, expression default, index
    method or native type plans, applies, rolls back and applies again; the row survives."""
    before, after = Schema((old,)), Schema((new,))
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(before)[0])
        _run(conn, "INSERT INTO opts (id, price, label) VALUES (1, 5, 'Ab')")
        steps = D.plan(before, after)
        assert steps
        for direction, expected in [("apply", after), ("rollback", before), ("apply", after)]:
            _run_steps(conn, steps, direction)
            assert [c.describe() for c in diff(D.lower(expected).schema, D.introspect(conn, (None,)))] == []
            assert _query(conn, "SELECT price, label FROM opts")[0] == (5, "Ab")
    finally:
        conn.close()


def test_identity_generated_always_refuses_an_explicit_value(fresh_url):
    """MY-IDENTITYALWAYS: triggers refuse an explicit id on INSERT and any change of it on UPDATE
    (SQLSTATE 428C9, as PostgreSQL); an omitted id is generated."""
    from schemakit.schema.build import col, table
    schema = Schema((table("always", col("id", ColumnType(Kind.INTEGER), identity="always"),
                           col("n", ColumnType(Kind.INTEGER)), pk="id"),))
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        _run(conn, "INSERT INTO always (n) VALUES (1)")
        for sql in ("INSERT INTO always (id, n) VALUES (7, 2)", "UPDATE always SET id = 9"):
            with pytest.raises(pymysql.err.OperationalError) as refused:
                _run(conn, sql)
            assert "GENERATED ALWAYS" in str(refused.value)
        _run(conn, "UPDATE always SET n = 3")
        assert [tuple(r) for r in _query(conn, "SELECT id, n FROM always")] == [(1, 3)]
        assert D.introspect(conn, (None,)).table("always").column("id").identity_always
    finally:
        conn.close()


def test_the_option_lowering_cases_apply_and_read_back(fresh_url):
    """tests/data/roundtrip_cases.py ENGINE_LOWERINGS["mysql"] (a unique index's INCLUDE, a latin1 table with a
    column in another latin1 collation), applied: reads back as lowered."""
    from tests.data.roundtrip_cases import ENGINE_LOWERINGS
    schema = ENGINE_LOWERINGS["mysql"][0]
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        assert [c.describe() for c in diff(D.lower(schema).schema, D.introspect(conn, (None,)))] == []
    finally:
        conn.close()


def test_interval_defaults_are_time_spans_or_listed(fresh_url):
    """An interval column is TIME(6) (MY-INTERVAL): its literal default is the same span as TIME text,
    filled in by the server; one TIME cannot hold is left out with MY-INTERVALDEFAULT."""
    from schemakit.schema.build import col, table
    from schemakit.schema.model import INTEGER, INTERVAL, lit
    names = [f"c{i}" for i in range(len(cases.INTERVAL_DEFAULTS))]
    t = table("spans", col("id", INTEGER, null=False),
              *(col(n, INTERVAL, default=lit(text)) for n, (text, _) in zip(names, cases.INTERVAL_DEFAULTS)), pk="id")
    schema = Schema((t,))
    lowered = D.lower(schema)
    dropped = {g.subject for g in lowered.degradations if g.code == "MY-INTERVALDEFAULT"}
    assert dropped == {n for n, (_, want) in zip(names, cases.INTERVAL_DEFAULTS) if want is None}
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        assert roundtrip.differences(ENGINE, schema, D.introspect(conn, (None,))) == []
        _run(conn, "INSERT INTO spans (id) VALUES (1)")
        row = _query(conn, f"SELECT {', '.join(names)} FROM spans")[0]
        assert list(row) == [want for _, want in cases.INTERVAL_DEFAULTS]
    finally:
        conn.close()


def test_date_plus_days_defaults_are_dates(fresh_url):
    """date + integer (PostgreSQL's date that many days later) renders DATE_ADD, not the number arithmetic
    MySQL's + does on a date, and reads back as the same expression."""
    from schemakit.schema.build import col, table
    from schemakit.schema.model import DATE, INTEGER, Default, DefaultKind
    names = [f"d{i}" for i in range(len(cases.DATE_DEFAULTS))]
    t = table("dated", col("id", INTEGER, null=False),
              *(col(n, DATE, default=Default(DefaultKind.EXPRESSION, sql))
                for n, (sql, _) in zip(names, cases.DATE_DEFAULTS)), pk="id")
    schema = Schema((t,))
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        assert roundtrip.differences(ENGINE, schema, D.introspect(conn, (None,))) == []
        _run(conn, "INSERT INTO dated (id) VALUES (1)")
        row = _query(conn, f"SELECT CURRENT_DATE, {', '.join(names)} FROM dated")[0]
        assert [(v - row[0]).days for v in row[1:]] == [days for _, days in cases.DATE_DEFAULTS]
    finally:
        conn.close()


def test_array_expression_defaults_are_json_arrays(fresh_url):
    """An array column is JSON (MY-ARRAY): an array constructor of literals as its default is that JSON array
    (MY-LITERALEXPR); another expression is left out (MY-DEFAULTEXPR)."""
    import json
    from schemakit.schema.build import col, table
    from schemakit.schema.model import INTEGER, TEXT, Default, DefaultKind, array
    names = [f"a{i}" for i in range(len(cases.ARRAY_DEFAULTS))]
    t = table("arrays", col("id", INTEGER, null=False),
              *(col(n, array(TEXT), default=Default(DefaultKind.EXPRESSION, sql))
                for n, (sql, _) in zip(names, cases.ARRAY_DEFAULTS)), pk="id")
    schema = Schema((t,))
    lowered = D.lower(schema)
    assert {g.subject for g in lowered.degradations if g.code == "MY-DEFAULTEXPR"} == {
        n for n, (_, want) in zip(names, cases.ARRAY_DEFAULTS) if want is None}
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        assert roundtrip.differences(ENGINE, schema, D.introspect(conn, (None,))) == []
        _run(conn, "INSERT INTO arrays (id) VALUES (1)")
        row = _query(conn, f"SELECT {', '.join(names)} FROM arrays")[0]
        assert [None if v is None else json.loads(v) for v in row] == [want for _, want in cases.ARRAY_DEFAULTS]
    finally:
        conn.close()


def test_expressions_are_kept_by_the_list_of_functions_both_servers_accept(fresh_url):
    """An expression default calling a function outside the list is left out (MY-DEFAULTEXPR), a generated
    column likewise becomes a plain column (MY-GENERATEDEXPR); the kept ones apply and read back."""
    from schemakit.schema.build import col, table
    from schemakit.schema.model import DATE, INTEGER, TEXT, Default, DefaultKind, Generated
    types = {"integer": INTEGER, "text": TEXT, "date": DATE}
    columns, dropped = [], set()
    for i, (ty, sql, generated, kept) in enumerate(cases.FUNCTION_EXPRESSIONS):
        name = f"e{i}"
        if generated:
            columns.append(col(name, types[ty], generated=Generated(sql, stored=True)))
        else:
            columns.append(col(name, types[ty], default=Default(DefaultKind.EXPRESSION, sql)))
        if not kept:
            dropped.add(("MY-GENERATEDEXPR" if generated else "MY-DEFAULTEXPR", name))
    schema = Schema((table("computed", col("id", INTEGER, null=False), *columns, pk="id"),))
    lowered = D.lower(schema)
    assert {(g.code, g.subject) for g in lowered.degradations
            if g.code in ("MY-GENERATEDEXPR", "MY-DEFAULTEXPR")} == dropped
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        found = roundtrip.differences(ENGINE, schema, D.introspect(conn, (None,)))
        assert found == [], "\n".join(found)
        _run(conn, "INSERT INTO computed (id) VALUES (7)")
    finally:
        conn.close()


def test_caseless_regexp_check_renders_with_the_inline_flag_and_reads_back(fresh_url):
    """A CHECK with ~* (PostgreSQL's case-insensitive match) is REGEXP '(?i)...' (utf8mb4_bin's REGEXP is
    case-sensitive), reads back as ~*, and judges rows as PostgreSQL does."""
    import pymysql
    from schemakit.schema.build import check, col, table
    from schemakit.schema.model import INTEGER, TEXT
    schema = Schema((table("hook", col("id", INTEGER, null=False), col("url", TEXT),
                           check("hook_url_check", "url ~* '^https://'"), pk="id"),))
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        assert roundtrip.differences(ENGINE, schema, D.introspect(conn, (None,))) == []
        verdicts = []
        for i, (url, _) in enumerate(cases.CASELESS_ROWS):
            try:
                with conn.cursor() as cur:
                    cur.execute("INSERT INTO hook (id, url) VALUES (%s, %s)", (i, url))
                verdicts.append(True)
            except pymysql.err.OperationalError:
                verdicts.append(False)
        assert verdicts == [ok for _, ok in cases.CASELESS_ROWS]
    finally:
        conn.close()


def test_array_literal_defaults_are_json_arrays(fresh_url):
    """An array's literal default in PostgreSQL's text form ('{a,b}') is the same JSON array (MY-ARRAY)."""
    import json
    from schemakit.schema.build import col, table
    from schemakit.schema.model import INTEGER, TEXT, array, lit
    items = {"text": TEXT, "integer": INTEGER}
    names = [f"a{i}" for i in range(len(cases.ARRAY_LITERAL_DEFAULTS))]
    t = table("listed", col("id", INTEGER, null=False),
              *(col(n, array(items[ty]), default=lit(text))
                for n, (ty, text, _) in zip(names, cases.ARRAY_LITERAL_DEFAULTS)), pk="id")
    schema = Schema((t,))
    conn = D.connect(fresh_url(ENGINE))
    try:
        D.apply(conn, D.ddl(schema)[0])
        assert roundtrip.differences(ENGINE, schema, D.introspect(conn, (None,))) == []
        _run(conn, "INSERT INTO listed (id) VALUES (1)")
        row = _query(conn, f"SELECT {', '.join(names)} FROM listed")[0]
        assert [json.loads(v) for v in row] == [want for _, _, want in cases.ARRAY_LITERAL_DEFAULTS]
    finally:
        conn.close()
