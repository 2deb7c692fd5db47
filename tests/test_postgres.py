"""PostgreSQL dialect behaviour on the real server (no mocks).

The lab schema (tests/data/postgres_cases.py) is rendered, run through psql
or the driver, and probed: implied triggers and constraints really reject
what the model rejects, with the model's names; introspection reads back
exactly the lowered model and notices when the database drifts from it.
"""
from __future__ import annotations

import dataclasses
import subprocess
import tempfile
from datetime import date
from decimal import Decimal

import psycopg
import pytest

from schemakit import dialects
from schemakit.dialects.base import Statement
from schemakit.dialects.postgres.introspect import IntrospectionError
from schemakit.dialects.postgres.plan import UnsupportedChange
from schemakit.schema import catalog, codegen
from schemakit.schema.diff import diff
from schemakit.schema.build import col, fk, generated, index, table
from schemakit.schema.model import (
    BIGINT, BOOLEAN, DATE, INTEGER, JSONB, NOW, SMALLINT, TEXT, TIMESTAMP, TIMESTAMPTZ, TINYINT, UUID, YEAR, IndexMethod,
    Partitioning, Schema, array, binary, char, default_sql, lit, set_of, unsigned, varbinary, varchar,
)
from schemakit.schema.synthetic import synthetic
from schemakit.steps import batch
from tests.data.postgres_cases import CASES, CATALOG_DEGRADATIONS, LAB, NS, TYPE_CASES, USER_TYPES, Rejected
from tests.data.postgres_plan_cases import (  # noqa: I001
    EVOLUTIONS, GROWN, OPTION_CHANGES, OPTION_ROWS, OPTIONS, ROWS, TYPE_CHANGES, TYPED, TYPED_ROWS, add_columns, edit,
    edit_column, grow_enum,
)
from tests.test_migrations import run_steps

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
        _run_case(conn, case)
    finally:
        conn.close()


@pytest.mark.parametrize("case", TYPE_CASES, ids=[c.id for c in TYPE_CASES])
def test_behaviour_of_the_wider_types(case, fresh_url):
    """tests/data/types_corpus.py's SCHEMA: each model type's range, as its storage CHECK or native type holds it."""
    from tests.data.types_corpus import SCHEMA
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, PG.ddl(SCHEMA)[0])
        _run_case(conn, case)
    finally:
        conn.close()


def _run_case(conn, case) -> None:
    """Every step but the last must succeed; the last one's outcome must match `case.expect`."""
    for sql in case.steps[:-1]:
        _run(conn, sql)
    if isinstance(case.expect, Rejected):
        with pytest.raises(psycopg.Error) as e:
            _run(conn, case.steps[-1])
        _assert_error(e.value, case.expect)
    else:
        assert _run(conn, case.steps[-1]) == case.expect.rows


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
    # 8 for the tables, then one each for the views (dialects/postgres/views.py), the types declared by
    # themselves (introspect._declared_types), the policies, grants and row security (policies.py), and the
    # extensions (introspect._extensions)
    assert counts[0] == counts[1] <= 14


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


def _round_trips(conn, work) -> int:
    """How many times `work` waits for the server on `conn`: the ReadyForQuery messages libpq's trace of the
    protocol shows (https://www.postgresql.org/docs/15/protocol-flow.html)."""
    with tempfile.TemporaryFile() as f:
        conn.pgconn.trace(f.fileno())
        conn.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS | psycopg.pq.Trace.REGRESS_MODE)
        try:
            work()
        finally:
            conn.pgconn.untrace()
        f.seek(0)
        return sum("\tReadyForQuery\t" in line for line in f.read().decode().splitlines())


def test_a_step_s_statements_go_in_one_round_trip_inside_a_transaction_block(fresh_url):
    """As yoyo runs a migration: BEGIN on a connection in autocommit, then each step's batch, in one message;
    a statement ending in a line comment ends there, and a semicolon inside a literal splits nothing."""
    conn = PG.connect(fresh_url("postgres"))
    try:
        conn.autocommit = True
        conn.execute("BEGIN")
        step = batch("CREATE TABLE a (x int) -- the first", "COMMENT ON TABLE a IS 'one; two'", "CREATE TABLE b (y int)")
        assert _round_trips(conn, lambda: step(conn)) == 1
        conn.execute("COMMIT")
        assert conn.execute("SELECT obj_description('a'::regclass), to_regclass('b')::text").fetchone() == \
            ("one; two", "b")
    finally:
        conn.close()


def test_a_failing_statement_stops_its_step_and_the_transaction_undoes_the_others(fresh_url):
    conn = PG.connect(fresh_url("postgres"))
    try:
        conn.execute("SELECT 1")  # the block is open
        with pytest.raises(psycopg.errors.DuplicateTable):
            batch("CREATE TABLE a (x int)", "CREATE TABLE a (x int)", "CREATE TABLE c (z int)")(conn)
        conn.rollback()
        assert conn.execute("SELECT to_regclass('a'), to_regclass('c')").fetchone() == (None, None)
    finally:
        conn.close()


def test_outside_a_transaction_block_a_step_runs_statement_by_statement(fresh_url):
    """One message of several statements would be one implicit transaction, where CREATE INDEX CONCURRENTLY
    cannot run (https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT)."""
    conn = PG.connect(fresh_url("postgres"))
    try:
        conn.autocommit = True
        step = batch("CREATE TABLE a (x int)", "CREATE INDEX CONCURRENTLY a_x ON a (x)")
        assert _round_trips(conn, lambda: step(conn)) == 2
        assert conn.execute("SELECT to_regclass('a_x')::text").fetchone() == ("a_x",)
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
        with pytest.raises(IntrospectionError, match="event: partitions .* are not contiguous"):
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


# -- migration planning (dialects/postgres/plan.py) -------------------------------------------
NAMESPACES = (None, NS, "lab_audit")


def _lab_with_rows(fresh_url):
    """A fresh database holding LAB and one row per table; a transactional connection, like yoyo's."""
    conn = PG.connect(fresh_url("postgres"))
    PG.apply(conn, PG.ddl(LAB)[0] + [Statement(sql) for sql in ROWS])
    return conn


def _differences(conn, schema: Schema, ignore: tuple[str, ...] = ()) -> list[str]:
    live = Schema(tuple(t for t in PG.introspect(conn, NAMESPACES).tables if t.name not in ignore))
    return [c.describe() for c in diff(PG.lower(schema).schema, live)]


def _rows(conn, schema: Schema) -> dict:
    return {t.qualified: conn.execute(f"SELECT count(*) FROM {PG.table_name(t)}").fetchone()[0] for t in schema.tables}


def _forward_back_and_reverse(conn, old: Schema, new: Schema, reverse_applies: bool = True) -> None:
    """plan(old, new) up, down, up; then plan(new, old) up and down; then down to old. The rows
    (one per table) survive in every table both schemas have; each phase reads back as its schema."""
    forward, backward = PG.plan(old, new), PG.plan(new, old)
    assert forward and backward and all(s.rollback is not None for s in forward + backward)
    kept = Schema(tuple(t for t in old.tables if new.has_table(t.name, t.namespace)))
    phases = [(forward, "apply", new), (forward, "rollback", old), (forward, "apply", new)]
    if reverse_applies:
        phases += [(backward, "apply", old), (backward, "rollback", new)]
    for steps, direction, expected in phases + [(forward, "rollback", old)]:
        run_steps(PG, conn, steps, direction)
        assert _differences(conn, expected) == [], direction
        assert set(_rows(conn, kept).values()) == {1}, direction


@pytest.mark.parametrize("evolution", EVOLUTIONS, ids=[e.id for e in EVOLUTIONS])
def test_evolution_forward_back_and_reverse_plan(evolution, fresh_url):
    conn = _lab_with_rows(fresh_url)
    try:
        _forward_back_and_reverse(conn, LAB, evolution.make(LAB), evolution.reverse_applies)
    finally:
        conn.close()


def test_primary_key_change_keeps_the_foreign_keys_that_reference_it(fresh_url):
    pair = table("pair", col("x", INTEGER, null=False), col("y", INTEGER, null=False), pk=("x", "y"))
    user = table("pair_user", col("id", INTEGER, null=False), col("x", INTEGER), col("y", INTEGER),
                 fk(("x", "y"), "pair", ("x", "y"), name="pair_user_pair_fkey"), pk="id")
    old = Schema((pair, user))
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, PG.ddl(old)[0] + [Statement("INSERT INTO pair VALUES (1, 2)"),
                                         Statement("INSERT INTO pair_user VALUES (1, 1, 2)")])
        _forward_back_and_reverse(conn, old, edit(old, "pair", primary_key=("y", "x")))
    finally:
        conn.close()


# (identity before, identity after): a serial ("sequence") made an identity and back keeps its counter.
SERIAL_CHANGES = [("sequence", True), ("sequence", "always"), (True, "sequence"), ("always", "sequence")]


@pytest.mark.parametrize("before, after", SERIAL_CHANGES, ids=[f"{b}-{a}" for b, a in SERIAL_CHANGES])
def test_serial_identity_change_keeps_the_counter(before, after, fresh_url):
    """Ids 1-3 drawn, 3 deleted: the next id drawn is 4 after the change and 5 after its rollback
    (not max + 1 = 3), and each side reads back as its schema."""
    old, new = (Schema((table("ticket", col("id", INTEGER, null=False, identity=k), col("title", TEXT), pk="id"),))
                for k in (before, after))
    conn = PG.connect(fresh_url("postgres"))
    conn.autocommit = True
    try:
        PG.apply(conn, PG.ddl(old)[0])
        _run(conn, "INSERT INTO ticket (title) VALUES ('a'), ('b'), ('c')")
        _run(conn, "DELETE FROM ticket WHERE id = 3")
        steps = PG.plan(old, new)
        drawn = []
        for direction, expected in (("apply", new), ("rollback", old)):
            run_steps(PG, conn, steps, direction)
            assert _differences(conn, expected) == [], direction
            drawn += _run(conn, "INSERT INTO ticket (title) VALUES ('x') RETURNING id")
        assert drawn == [(4,), (5,)]
    finally:
        conn.close()


def test_initial_plan_is_the_rendered_schema_and_its_rollback_leaves_nothing(fresh_url):
    steps = PG.plan(Schema(), LAB)
    assert [s for step in steps for s in step.apply] == PG.render(PG.lower(LAB).schema)
    conn = PG.connect(fresh_url("postgres"))
    try:
        run_steps(PG, conn, steps, "apply")
        run_steps(PG, conn, steps, "rollback")
        left = conn.execute("SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "    WHERE n.nspname IN ('public', 'lab_ns') AND c.relkind IN ('r', 'p', 'i', 'S')), "
                            "(SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                            "    WHERE n.nspname IN ('public', 'lab_ns') AND t.typtype = 'e'), "
                            "(SELECT count(*) FROM pg_proc WHERE proname LIKE 'sk\\_%'), "
                            "(SELECT count(*) FROM pg_namespace WHERE nspname = 'lab_ns')").fetchone()
        assert left == (0, 0, 0, 0)
    finally:
        conn.close()


def _labels(conn, namespace: str = "public") -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n "
        "ON n.oid = t.typnamespace WHERE t.typname = 'lab_status' AND n.nspname = %s ORDER BY e.enumsortorder",
        (namespace,)).fetchall()]


def test_enum_value_rollback_is_atomic_and_refused_while_a_row_holds_the_value(fresh_url):
    """ADD VALUE runs outside a transaction; the rollback (recreating the type) fails as a whole,
    changing nothing, while a row holds the value, and succeeds once none does."""
    [step] = PG.plan(LAB, grow_enum(LAB, GROWN))
    assert [s.transactional for s in step.apply] == [False] and not step.transactional
    conn = _lab_with_rows(fresh_url)
    try:
        PG.apply(conn, step.apply)
        PG.apply(conn, [Statement("INSERT INTO parent (name, status) VALUES ('p2', 'archived')")])
        with pytest.raises(psycopg.errors.InvalidTextRepresentation, match="archived"):
            PG.apply(conn, step.rollback)
        assert _labels(conn) == ["new", "active", "closed", "archived"]
        assert conn.execute("SELECT count(*) FROM pg_type WHERE typname LIKE 'sk\\_%'").fetchone() == (0,)
        PG.apply(conn, [Statement("DELETE FROM parent WHERE name = 'p2'"), *step.rollback])
        assert _labels(conn) == ["new", "active", "closed"] and _differences(conn, LAB) == []
        with pytest.raises(psycopg.errors.CheckViolation, match="parent_status_flow"):  # the trigger is back
            PG.apply(conn, [Statement("UPDATE parent SET status = 'closed'")])
    finally:
        conn.close()


def test_type_change_with_using_converts_the_values(fresh_url):
    new = next(e for e in EVOLUTIONS if e.id == "varchar_to_numeric_with_new_default").make(LAB)
    steps = PG.plan(LAB, new)
    assert any("USING \"amount\"::NUMERIC(8, 2)" in s.sql for step in steps for s in step.apply)
    conn = _lab_with_rows(fresh_url)
    try:
        run_steps(PG, conn, steps, "apply")
        PG.apply(conn, [Statement("INSERT INTO child (parent_id) VALUES (1)")])
        assert conn.execute("SELECT amount::text FROM child ORDER BY amount").fetchall() == [("0.00",), ("12.50",)]
        PG.apply(conn, [Statement("DELETE FROM child WHERE amount = 0")])
        run_steps(PG, conn, steps, "rollback")
        assert conn.execute("SELECT amount FROM child").fetchall() == [("12.50",)]
        assert _differences(conn, LAB) == []  # the default 'n/a' is back
    finally:
        conn.close()


def test_identity_rollback_continues_after_the_existing_ids(fresh_url):
    new = next(e for e in EVOLUTIONS if e.id == "identity_dropped").make(LAB)
    conn = _lab_with_rows(fresh_url)
    try:
        steps = PG.plan(LAB, new)
        run_steps(PG, conn, steps, "apply")
        PG.apply(conn, [Statement("INSERT INTO parent (id, name) VALUES (7, 'p7')")])
        run_steps(PG, conn, steps, "rollback")
        PG.apply(conn, [Statement("INSERT INTO parent (name) VALUES ('p8')")])
        assert conn.execute("SELECT id FROM parent ORDER BY id").fetchall() == [(1,), (7,), (8,)]
    finally:
        conn.close()


def test_a_partition_holding_rows_is_not_dropped(fresh_url):
    new = edit(LAB, "event", partitioning=Partitioning("created_at", date(2026, 2, 1), 2))
    conn = _lab_with_rows(fresh_url)  # its event row is in January
    try:
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="event_2026_01.* still holds rows"):
            run_steps(PG, conn, PG.plan(LAB, new), "apply")
        assert _differences(conn, LAB) == [] and _rows(conn, LAB)["event"] == 1
    finally:
        conn.close()


@pytest.mark.parametrize("partitioning", [None, Partitioning("created_at", date(2026, 1, 1), 3)])
def test_partitioning_that_needs_a_rebuild_is_refused(partitioning):
    other = edit(LAB, "child", partitioning=partitioning) if partitioning else edit(LAB, "event", partitioning=None)
    with pytest.raises(UnsupportedChange, match="cannot partition an existing table"):
        PG.plan(LAB, other)


def test_makemigrations_and_yoyo_apply_an_enum_addition_outside_a_transaction(tmp_path, fresh_url):
    """The enum value gets a file of its own with __transactional__ = False; yoyo applies both files
    and rolls them back through the psycopg 3 backend."""
    from yoyo import get_backend, read_migrations

    from schemakit import makemigrations
    from schemakit.migrate import YOYO_TABLES
    new = add_columns(grow_enum(LAB, GROWN), "child", col("extra", TEXT))
    makemigrations.make(tmp_path, "postgres", "lab", target=LAB)
    written = makemigrations.make(tmp_path, "postgres", "lab", target=new)
    assert ["__transactional__ = False" in p.read_text() for p in written] == [True, False]
    url = fresh_url("postgres")
    backend = get_backend(PG.yoyo_url(url))
    migrations = read_migrations(str(tmp_path / "postgres" / "lab"))
    with backend.lock():
        backend.apply_migrations(backend.to_apply(migrations))
    conn = PG.connect(url)
    try:
        assert _differences(conn, new, ignore=YOYO_TABLES) == []
        conn.commit()
        with backend.lock():
            backend.rollback_migrations(backend.to_rollback(migrations))
        assert sorted(t.name for t in PG.introspect(conn, NAMESPACES).tables) == sorted(YOYO_TABLES)
    finally:
        conn.close()
        backend.connection.close()


@pytest.mark.parametrize("case, column, new_type", TYPE_CHANGES, ids=[c[0] for c in TYPE_CHANGES])
def test_type_change_among_the_wider_types_plans_and_applies(case, column, new_type, fresh_url):
    """Forward, back and reverse on a row that fits both types: the storage CHECK of the old type
    goes, the new one comes, and each phase reads back as its schema."""
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, PG.ddl(TYPED)[0] + [Statement(sql) for sql in TYPED_ROWS])
        _forward_back_and_reverse(conn, TYPED, edit_column(TYPED, "typed", column, type=new_type))
    finally:
        conn.close()


def _read_back(url) -> Schema:
    conn = PG.connect(url)
    try:
        return PG.introspect(conn, (None,))
    finally:
        conn.close()


def test_the_wider_types_a_user_wrote_are_read_as_the_model_types_and_round_trip(fresh_url):
    """Each column of USER_TYPES reads back as its model type (a user's CHECK is never taken for a storage
    CHECK); the schema read, rendered into a second database, reads back the same, CHECKs included."""
    columns = ",\n".join(f"  c{i} {sql.format(c=f'c{i}')}" for i, (sql, _) in enumerate(USER_TYPES))
    first, second = fresh_url("postgres"), fresh_url("postgres")
    conn = PG.connect(first)
    try:
        PG.apply(conn, [Statement(f"CREATE TABLE wide (\n  id integer PRIMARY KEY,\n{columns}\n)")])
    finally:
        conn.close()
    read = _read_back(first).table("wide")
    assert [(c.name, c.type) for c in read.columns[1:]] == [(f"c{i}", ty) for i, (_, ty) in enumerate(USER_TYPES)]
    assert len(read.checks) == sum("CHECK" in sql for sql, _ in USER_TYPES)
    namespace: dict = {}  # the schema code inspect writes for it loads back equal
    exec(compile(codegen.write(Schema((read,)), "wide"), "wide.py", "exec"), namespace)
    assert namespace["SYSTEM"].schema == Schema((read,))
    conn = PG.connect(second)
    try:
        PG.apply(conn, PG.ddl(Schema((read,)))[0])
    finally:
        conn.close()
    again = _read_back(second).table("wide")
    assert diff(Schema((read,)), Schema((again,))) == [] and again == read


def test_storage_checks_are_read_back_under_quoted_keyword_and_long_column_names(fresh_url):
    long = "a_column_name_long_enough_that_its_storage_check_is_shortened"  # 61 characters
    wide = "ünïcödé_column_name_whose_check_name_exceeds_63_bytes"  # fewer characters than bytes
    odd = table("odd", col("id", INTEGER, null=False), col("Mixed Case", unsigned(INTEGER)), col("year", YEAR),
                col("select", set_of("it's", "a \"b\"", "c")), col(long, varbinary(3)), col("bin", binary(2)),
                col("tiny", unsigned(TINYINT), default=lit(255)), col("big", unsigned(BIGINT)), col(wide, TINYINT),
                pk="id")
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, PG.ddl(Schema((odd,)))[0])
        assert PG.introspect(conn, (None,)) == PG.lower(Schema((odd,))).schema
    finally:
        conn.close()


def test_array_items_needing_a_storage_check_are_lowered_to_their_native_type_and_listed():
    from tests import roundtrip
    schema = Schema((table("arr", col("id", INTEGER, null=False), col("small", array(TINYINT)),
                           col("sets", array(set_of("a", "b"))), col("plain", array(BIGINT)), pk="id"),))
    lowered = PG.lower(schema)
    assert [c.type for c in lowered.schema.table("arr").columns[1:]] == [array(SMALLINT), array(TEXT), array(BIGINT)]
    assert {(g.code, g.subject) for g in lowered.degradations} == {("PG-ARRAY-ITEM", "small"),
                                                                  ("PG-ARRAY-ITEM", "sets")}
    assert roundtrip.unlisted_changes(schema, lowered) == [] and roundtrip.unseen_degradations(schema, lowered) == []


@pytest.mark.parametrize("sql, change", [
    ("ALTER TABLE suppliers DROP CONSTRAINT sk_year_founded", "alter column suppliers.founded type"),
    ("ALTER TABLE suppliers DROP CONSTRAINT sk_set_channels, ADD CONSTRAINT sk_set_channels "
     "CHECK (string_to_array(channels, ',') <@ ARRAY['wholesale', 'retail'])", "alter column suppliers.channels type"),
    ("ALTER TABLE products DROP CONSTRAINT sk_varbinary_sku, ADD CONSTRAINT sk_varbinary_sku "
     "CHECK (octet_length(sku) <= 17)", "alter column products.sku type"),
    ("ALTER TABLE products ALTER COLUMN checked_at TYPE timestamp(3)", "alter column products.checked_at type"),
    ("ALTER TABLE products DROP CONSTRAINT products_supplier_id_fkey, ADD CONSTRAINT products_supplier_id_fkey "
     "FOREIGN KEY (supplier_id) REFERENCES suppliers (id) ON DELETE CASCADE", "foreign key products_supplier_id_fkey"),
], ids=["storage check dropped", "set members changed", "varbinary length changed", "timestamp precision",
        "on update dropped"])
def test_drift_of_the_wider_types_is_seen(sql, change, fresh_url):
    from tests.data.types_corpus import SCHEMA
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, PG.ddl(SCHEMA)[0] + [Statement(sql)])
        found = [c.describe() for c in diff(PG.lower(SCHEMA).schema, PG.introspect(conn, (None,)))]
    finally:
        conn.close()
    assert any(change in f for f in found), found


def test_not_null_columns_of_the_wider_types_dropped_come_back_with_placeholders(fresh_url):
    """The rollback of a dropped NOT NULL column without default fills the existing row with a value its
    type (and storage CHECK) admits."""
    typed = TYPED.table("typed")
    old = edit(TYPED, "typed", columns=tuple(dataclasses.replace(c, nullable=False, default=None)
                                             for c in typed.columns))
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, PG.ddl(old)[0] + [Statement(sql) for sql in TYPED_ROWS])
        _forward_back_and_reverse(conn, old, edit(old, "typed", columns=typed.columns[:1]), reverse_applies=False)
    finally:
        conn.close()


@pytest.mark.parametrize("case, change", OPTION_CHANGES, ids=[c[0] for c in OPTION_CHANGES])
def test_option_change_plans_and_applies(case, change, fresh_url):
    """Forward, back and reverse of a change of a column or index option, on a row: each phase reads
    back as its schema, and the row stays."""
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, PG.ddl(OPTIONS)[0] + [Statement(sql) for sql in OPTION_ROWS])
        _forward_back_and_reverse(conn, OPTIONS, change(OPTIONS))
    finally:
        conn.close()


def test_a_generated_key_column_whose_expression_changes_is_refused():
    old = Schema((table("g", col("a", INTEGER, null=False), col("b", INTEGER, null=False, generated=generated("a + 1")),
                        pk=("a", "b")),))
    with pytest.raises(UnsupportedChange, match="is generated, PostgreSQL 15 changes it only by dropping"):
        PG.plan(old, edit_column(old, "g", "b", generated=generated("a + 2")))


EXPRESSION_DEFAULTS = table(
    "defaults",
    col("id", INTEGER, null=False),
    col("day", DATE, default=default_sql("now()")),  # not the model's now on a date (CURRENT_DATE): kept
    col("midnight", TIMESTAMP, default=default_sql("CURRENT_DATE")),
    col("at", TIMESTAMPTZ, default=default_sql("now()")),  # PG-KNOWN-DEFAULT: now
    col("precise", TIMESTAMPTZ, default=default_sql("clock_timestamp()")),
    col("answer", INTEGER, default=default_sql("42")),  # PG-KNOWN-DEFAULT: the literal
    col("minus", INTEGER, default=default_sql("-1")),  # PG-KNOWN-DEFAULT
    col("sum", INTEGER, default=default_sql("1 + 2")),
    col("word", TEXT, default=default_sql("'abc'")),  # PG-KNOWN-DEFAULT
    col("shout", TEXT, default=default_sql("upper(md5('x'))")),
    col("nothing", TEXT, default=default_sql("NULL")),  # PG-KNOWN-DEFAULT: no default
    col("token", UUID, default=default_sql("gen_random_uuid()")),  # PG-KNOWN-DEFAULT: uuid4
    col("doc", JSONB, default=default_sql("CAST('{}' AS JSONB)")),  # PG-KNOWN-DEFAULT: the literal
    col("yes", BOOLEAN, default=default_sql("TRUE")),  # PG-KNOWN-DEFAULT
    # pagila's ('now'::text)::date: a cast at each insert, today (PG-KNOWN-DEFAULT: now), not a frozen 'now'
    col("today", DATE, default=default_sql("CAST(CAST('now' AS TEXT) AS DATE)")),
    col("later", DATE, default=default_sql("CAST(CAST('tomorrow' AS TEXT) AS DATE)")),  # a cast of a cast: kept
    pk="id")


def test_expression_defaults_round_trip_and_those_that_are_the_models_own_are_listed():
    """What PostgreSQL stores as one of the model's own defaults is lowered to it (listed); the rest is
    kept as an expression; applied, the database reads back as the lowering."""
    from tests import roundtrip
    schema = Schema((EXPRESSION_DEFAULTS,))
    lowered = PG.lower(schema)
    assert {g.subject for g in lowered.degradations if g.code == "PG-KNOWN-DEFAULT"} == {
        "at", "answer", "minus", "word", "nothing", "token", "doc", "yes", "today"}
    assert next(c for c in lowered.schema.table("defaults").columns if c.name == "today").default == NOW
    assert roundtrip.unlisted_changes(schema, lowered) == [] and roundtrip.unseen_degradations(schema, lowered) == []


def test_expression_defaults_read_back_as_the_lowering(fresh_url):
    assert _applied_differences(fresh_url, Schema((EXPRESSION_DEFAULTS,))) == []


def test_the_options_corpus_behaves_as_the_model_says(fresh_url):
    """On the applied options corpus: identity ALWAYS refuses an explicit id, a generated column (VIRTUAL
    held STORED) is computed, an expression default is computed, the "C" collation orders by bytes, the
    FULLTEXT index answers an @@ query on its expression."""
    from tests.data.options_corpus import SCHEMA
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, PG.ddl(SCHEMA)[0])
        with pytest.raises(psycopg.errors.GeneratedAlways):
            conn.execute("INSERT INTO accounts (id, email, handle) VALUES (5, 'x', 'y')")
        conn.rollback()
        conn.execute("INSERT INTO accounts (email, handle) VALUES ('b@x', 'h1'), ('B@x', 'h2'), ('a@x', 'h3')")
        assert [r[0] for r in conn.execute("SELECT email FROM accounts ORDER BY email")] == ['B@x', 'a@x', 'b@x']
        row = conn.execute("SELECT joined_on = CURRENT_DATE, first_seen IS NOT NULL FROM accounts LIMIT 1").fetchone()
        assert row == (True, True)
        conn.execute("INSERT INTO events (account_id, price, label, body) VALUES (1, 2.50, 'MiXed', 'hello big world')")
        total, lower, quantity = conn.execute("SELECT total, label_lower, quantity FROM events").fetchone()
        assert (total, lower, quantity) == (Decimal("2.50"), "mixed", 1)
        hits = conn.execute("SELECT count(*) FROM events WHERE to_tsvector('simple', body) @@ "
                            "to_tsquery('simple', 'big & world')").fetchone()
        assert hits == (1,)
    finally:
        conn.close()


def test_fulltext_indexes_over_several_string_columns_read_back_as_lowered(fresh_url):
    """A FULLTEXT index is a GIN index over to_tsvector('simple', ...) of its columns joined by blanks, a
    varchar or char column cast to text as PostgreSQL prints it back (PG-FULLTEXT)."""
    doc = table("doc", col("id", INTEGER, null=False), col("title", varchar(100)), col("body", TEXT),
                col("code", char(4)), index("doc_ft", "title", "body", method=IndexMethod.FULLTEXT),
                index("doc_ft2", "body", "title", "code", method=IndexMethod.FULLTEXT),
                index("doc_code_ft", "code", method=IndexMethod.FULLTEXT), pk="id")
    schema = Schema((doc,))
    assert {(g.code, g.subject) for g in PG.lower(schema).degradations} == {
        ("PG-FULLTEXT", "doc_ft"), ("PG-FULLTEXT", "doc_ft2"), ("PG-FULLTEXT", "doc_code_ft")}
    assert _applied_differences(fresh_url, schema) == []


def test_a_generated_column_over_another_is_inlined(fresh_url):
    """PostgreSQL refuses a generated column that uses another one: the other's expression is written in
    its place (PG-GENERATED-CHAIN), the table reads back as lowered and computes the same value."""
    schema = Schema((table("price_list", col("id", INTEGER, null=False), col("price", INTEGER, null=False),
                           col("tax", INTEGER, generated=generated("price / 10")),
                           col("total", INTEGER, generated=generated("price + tax")), pk=("id",)),))
    lowered = PG.lower(schema)
    assert [(d.code, d.subject) for d in lowered.degradations if d.code == "PG-GENERATED-CHAIN"] == \
           [("PG-GENERATED-CHAIN", "total")]
    assert _applied_differences(fresh_url, schema) == []
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, PG.ddl(schema)[0])
        conn.execute("INSERT INTO price_list (id, price) VALUES (1, 250)")
        assert conn.execute("SELECT tax, total FROM price_list").fetchall() == [(25, 275)]
    finally:
        conn.close()
