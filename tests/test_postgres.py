"""PostgreSQL dialect behaviour on the real server (no mocks).

The lab schema (tests/data/postgres_cases.py) is rendered, run through psql
or the driver, and probed: implied triggers and constraints really reject
what the model rejects, with the model's names; introspection reads back
exactly the lowered model and notices when the database drifts from it.
"""
from __future__ import annotations

import dataclasses
import subprocess

import psycopg
import pytest

import dialects
from dialects.base import Statement
from dialects.postgres_introspect import IntrospectionError
from schema import catalog
from schema.diff import diff
from schema.model import Schema
from schema.synthetic import synthetic
from tests.data.postgres_cases import CASES, CATALOG_DEGRADATIONS, LAB, NS, Rejected

PG = dialects.get("postgres")


def _lab(fresh_url, **connect_options):
    """A fresh database holding LAB, applied through the driver; returns an autocommit connection."""
    url = fresh_url("postgres")
    conn = PG.connect(url)
    for key, value in connect_options.items():
        conn.execute(f"SET {key} = '{value}'")
    PG.apply(conn, PG.ddl(LAB)[0])
    conn.autocommit = True
    return conn


def _applied_differences(fresh_url, schema: Schema) -> list:
    """diff(lowered, live) after applying `schema` to a fresh database through the driver."""
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, PG.ddl(schema)[0])
        return diff(PG.lower(schema).schema, PG.introspect(conn, (None,) + schema.namespaces))
    finally:
        conn.close()


def _run(conn, sql):
    cur = conn.execute(sql)
    return cur.fetchall() if cur.description else []


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_behaviour(case, fresh_url):
    conn = _lab(fresh_url)
    try:
        for sql in case.steps[:-1]:
            _run(conn, sql)
        if isinstance(case.expect, Rejected):
            with pytest.raises(psycopg.Error) as e:
                _run(conn, case.steps[-1])
            _assert_error(e.value, case.expect)
        else:
            assert _run(conn, case.steps[-1]) == case.expect.rows
    finally:
        conn.close()


def _assert_error(error: psycopg.Error, expect: Rejected) -> None:
    assert error.sqlstate == expect.sqlstate, str(error)
    if expect.constraint:
        assert error.diag.constraint_name == expect.constraint, str(error)
    if expect.message:
        assert expect.message in str(error)


@pytest.mark.parametrize("system", sorted(CATALOG_DEGRADATIONS))
def test_catalog_degradations(system):
    found = [(d.code, d.table, d.subject) for d in PG.lower(catalog.load(system)).degradations]
    assert found == CATALOG_DEGRADATIONS[system]


def test_prefix_lowering():
    """A plain prefix part indexes the whole column; a unique one indexes left(col, N)."""
    sessions = PG.lower(catalog.load("scriptpal")).schema.table("sessions")
    assert sessions.indexes[0].parts[0].prefix is None and sessions.indexes[0].parts[0].column == "token"
    lab = PG.lower(LAB).schema.table("parent")
    assert [p.expression for p in lab.indexes[0].parts] == ["left(code, 3)"]
    assert PG.lower(LAB).schema.table("child") == LAB.table("child")  # nothing else changes


def test_native_client_then_introspect(fresh_url):
    url = fresh_url("postgres")
    script = PG.script(PG.ddl(LAB)[0])
    proc = subprocess.run(PG.client_command(url), input=script, text=True, capture_output=True)
    assert proc.returncode == 0, proc.stderr
    conn = PG.connect(url)
    try:
        assert diff(PG.lower(LAB).schema, PG.introspect(conn, (None, NS))) == []
    finally:
        conn.close()


def test_introspection_is_exact(fresh_url):
    """Beyond diff() == []: tables, partitioning, state machines and on_update_now read back as modelled."""
    conn = _lab(fresh_url)
    try:
        live = PG.introspect(conn, (None, NS))
    finally:
        conn.close()
    lowered = PG.lower(LAB).schema
    assert {t.key for t in live.tables} == {t.key for t in lowered.tables}
    for t in lowered.tables:
        got = live.table(t.name, t.namespace)
        assert (got.partitioning, got.state_machines, got.comment) == (t.partitioning, t.state_machines, t.comment)
        assert [dataclasses.replace(c, default=None) for c in got.columns] == \
               [dataclasses.replace(c, default=None) for c in t.columns]
        assert sorted(got.foreign_keys, key=str) == sorted(t.foreign_keys, key=str)


def test_partition_bounds_ignore_session_time_zone(fresh_url):
    """Bounds carry +00:00: created and read under Asia/Tokyo, they are still UTC months."""
    conn = _lab(fresh_url, TimeZone="Asia/Tokyo")
    try:
        _run(conn, "INSERT INTO event (id, created_at) VALUES (1, '2026-01-01 00:30:00+00')")
        assert _run(conn, "SELECT tableoid::regclass::text FROM event") == [("event_2026_01",)]
        assert PG.introspect(conn, (None,)).table("event").partitioning == LAB.table("event").partitioning
    finally:
        conn.close()


DRIFT = [  # (SQL run on the live database, a fragment of the change diff() must then report)
    ("DROP TRIGGER sk_parent_on_update ON parent", "alter column parent.updated_at on_update_now"),
    ("DROP TRIGGER sk_parent_status_flow_sm ON parent", "drop state machine parent_status_flow"),
    ("CREATE OR REPLACE FUNCTION sk_parent_status_flow_sm() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
     "IF NEW.\"status\" IS DISTINCT FROM OLD.\"status\" AND NOT COALESCE((OLD.\"status\"::text, "
     "NEW.\"status\"::text) IN (('new', 'active')),\n FALSE) THEN RAISE EXCEPTION 'x' USING "
     "CONSTRAINT = 'parent_status_flow'; END IF; RETURN NEW; END $$", "state machine parent_status_flow"),
    ("DROP TABLE event_2026_03", "change partitioning of event"),
    ("ALTER TABLE child DROP CONSTRAINT child_root_no_options", "drop check child_root_no_options"),
    ("ALTER TABLE child DROP CONSTRAINT child_root_no_options, ADD CONSTRAINT child_root_no_options "
     "CHECK (NOT is_root OR json_array_length(options) = 1)", "check child_root_no_options"),
    ("DROP INDEX child_one_root; CREATE UNIQUE INDEX child_one_root ON child (parent_id) WHERE NOT is_root",
     "index child_one_root"),
    ("ALTER TABLE child ALTER COLUMN amount SET DEFAULT 'none'", "alter column child.amount default"),
    ("ALTER TABLE child ALTER COLUMN at TYPE TIMESTAMPTZ", "alter column child.at type"),
    ("ALTER TABLE child DROP CONSTRAINT child_parent_id_fkey, ADD CONSTRAINT child_parent_id_fkey "
     "FOREIGN KEY (parent_id) REFERENCES parent (id)", "foreign key child_parent_id_fkey"),
    ("COMMENT ON TABLE parent IS 'other'", "change comment of table parent"),
    ("ALTER TYPE lab_status ADD VALUE 'gone'", "add value 'gone' to enum lab_status"),
    (f"ALTER TABLE {NS}.item ALTER COLUMN id DROP IDENTITY", "alter column lab_ns.item.id identity"),
]


@pytest.mark.parametrize("sql, change", DRIFT, ids=[d[1] for d in DRIFT])
def test_introspection_sees_drift(sql, change, fresh_url):
    """A test that cannot fail is a defect: each drift must show up in diff()."""
    conn = _lab(fresh_url)
    try:
        conn.execute(sql)
        found = [c.describe() for c in diff(PG.lower(LAB).schema, PG.introspect(conn, (None, NS)))]
    finally:
        conn.close()
    assert any(change in f for f in found), found


class _CountingConnection:
    """Wraps a connection and counts the statements its cursors execute."""

    def __init__(self, conn):
        self.conn, self.count = conn, 0

    def cursor(self):
        cur, outer = self.conn.cursor(), self

        class Cursor:
            def execute(self, *args, **kw):
                outer.count += 1
                return cur.execute(*args, **kw)

            def __getattr__(self, name):
                return getattr(cur, name)
        return Cursor()


def test_introspection_query_count_is_fixed(fresh_url):
    counts = []
    for n in (2, 40):
        conn = PG.connect(fresh_url("postgres"))
        try:
            PG.apply(conn, PG.ddl(synthetic(n))[0])
            counting = _CountingConnection(conn)
            assert len(PG.introspect(counting, (None,)).tables) == n
            counts.append(counting.count)
        finally:
            conn.close()
    assert counts[0] == counts[1] <= 8


def test_apply_commits_in_chunks_and_runs_non_transactional_statements(fresh_url):
    """More statements than one chunk; ALTER TYPE ... ADD VALUE runs (and commits) outside a transaction."""
    add = "ALTER TYPE synthetic_status ADD VALUE '{}'"
    use = "INSERT INTO t00000 (seq, code, status) VALUES ({0}, '{1}', '{1}')"
    conn = PG.connect(fresh_url("postgres"))
    try:
        statements = PG.ddl(synthetic(40))[0]
        assert len(statements) > 100
        PG.apply(conn, statements + [Statement(add.format("archived"), transactional=False),
                                     Statement(use.format(1, "archived"))])
        assert conn.execute("SELECT status::text FROM t00000").fetchall() == [("archived",)]
        with pytest.raises(psycopg.errors.UnsafeNewEnumValueUsage):  # what the flag prevents
            PG.apply(conn, [Statement(add.format("gone")), Statement(use.format(2, "gone"))])
    finally:
        conn.close()


def test_apply_rolls_back_the_failed_chunk(fresh_url):
    conn = PG.connect(fresh_url("postgres"))
    try:
        with pytest.raises(psycopg.errors.DuplicateTable):
            PG.apply(conn, [Statement("CREATE TABLE a (x int)"), Statement("CREATE TABLE a (x int)")])
        assert conn.execute("SELECT to_regclass('a')").fetchone() == (None,)
    finally:
        conn.close()


def test_ref_namespace_and_namespaced_enum(fresh_url):
    """Tables and enums of a namespace are created there and read back with it."""
    conn = _lab(fresh_url)
    try:
        item = PG.introspect(conn, (NS,)).table("item", NS)
        assert item.column("status").type.enum.values == ("new", "active", "closed")
        assert item.foreign_keys[0].ref_namespace is None and item.state_machines[0].name == "item_status_flow"
        assert _run(conn, "SELECT typnamespace::regnamespace::text FROM pg_type WHERE typname = 'lab_status' "
                          "ORDER BY 1") == [("lab_ns",), ("public",)]
    finally:
        conn.close()


def test_long_names_are_shortened_and_still_read_back(fresh_url):
    """sk_ names of a 63-character table are hashed to fit; introspection still maps them back."""
    long = dataclasses.replace(LAB.table("parent"), name="p" * 63, foreign_keys=())
    schema = Schema((long,))
    script = PG.script(PG.ddl(schema)[0])
    generated = {w.strip('"') for w in script.replace("(", " ").split() if w.startswith('"sk_')}
    assert len(generated) == 3 and all(len(n) <= 63 for n in generated)
    assert _applied_differences(fresh_url, schema) == []


def test_single_value_in_list_round_trips(fresh_url):
    schema = Schema((dataclasses.replace(LAB.table("child"), foreign_keys=(), indexes=(), checks=(
        dataclasses.replace(LAB.table("child").checks[0], expression="amount IN ('one')"),)),))
    assert _applied_differences(fresh_url, schema) == []


def test_partitions_with_a_gap_are_reported_not_guessed(fresh_url):
    conn = _lab(fresh_url)
    try:
        conn.execute("DROP TABLE event_2026_02")
        with pytest.raises(IntrospectionError, match="event: partitions .* are not consecutive calendar months"):
            PG.introspect(conn, (None,))
    finally:
        conn.close()


def test_apply_survives_the_lock_table_trap(fresh_url):
    """3,000 tables with indexes: one transaction fails with `out of shared memory` at the default
    max_locks_per_transaction = 64 (measured on this server); apply() commits in chunks."""
    statements = PG.ddl(synthetic(3000))[0]
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, statements)
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (3000,)
    finally:
        conn.close()
