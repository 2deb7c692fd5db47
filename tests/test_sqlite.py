"""SQLite-specific behaviour, on the real engine (sqlite3 module and CLI).

What the implied CHECKs, triggers and defaults really do; what SQLite reports
as degradations for the catalog; that scripts run in the native client and
that both scripts and `apply` are all-or-nothing; namespaces as attached
files; and that introspection reads back odd names, comments and values with a
fixed number of queries, and notices when the database drifts from the model.
"""
from __future__ import annotations

import datetime
import re
import sqlite3
import subprocess
import time
import uuid
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Optional

import pytest

from schemakit import dialects
from schemakit.dialects.sqlite import introspect as si
from schemakit.dialects.base import Statement
from schemakit.dialects.urls import DbUrl
from schemakit.schema import catalog
from schemakit.schema.build import check, col, fk, generated, index, table, unique
from schemakit.schema.diff import AddConstraint, AddEnumValue, ChangeKind, diff
from schemakit.schema.model import (
    BIGINT, DOUBLE, INTEGER, REAL, TEXT, TIMESTAMPTZ, YEAR, Action, Collation, DefaultKind, IndexMethod, Kind, Schema,
    char, default_sql, lit, native, varbinary, varchar,
)
from schemakit.schema.synthetic import synthetic
from tests import roundtrip
from tests.data import sqlite_cases as cases
from tests.data.inspect_cases import CLEAN
from tests.data import sqlite_plan_cases as plan_cases
from tests.test_migrations import run_steps

D = dialects.get("sqlite")


def _db(fresh_url, schema: Schema) -> sqlite3.Connection:
    """A fresh database holding `schema`, applied through the driver."""
    conn = D.connect(fresh_url("sqlite"))
    D.apply(conn, D.ddl(schema)[0])
    return conn


def _error(conn: sqlite3.Connection, sql: str, params=()) -> str | None:
    """The error message of `sql`, or None when it succeeds."""
    try:
        conn.execute(sql, params)
    except sqlite3.Error as e:
        return str(e)
    return None


# -- degradations -------------------------------------------------------------------------
@pytest.mark.parametrize("system", sorted(cases.DEGRADATIONS))
def test_catalog_degradations(system):
    schema = catalog.load(system)
    found = D.lower(schema).degradations
    exact = {}
    for g in found:
        if g.code not in ("SL-TZ", "SL-NOWMS"):
            exact.setdefault(g.code, []).append((g.table, g.subject))
    assert exact == cases.DEGRADATIONS[system]
    counts = Counter(g.code for g in found if g.code in ("SL-TZ", "SL-NOWMS"))
    assert {k: counts[k] for k in ("SL-TZ", "SL-NOWMS")} == cases.COLUMN_DEGRADATION_COUNTS[system]
    assert all(g.engine == "sqlite" and g.effect for g in found)


@pytest.mark.parametrize("system", sorted(cases.DEGRADATIONS))
def test_per_column_degradations_follow_the_model(system):
    schema = catalog.load(system)
    found = {(g.code, g.table, g.subject) for g in D.lower(schema).degradations}
    for t in schema.tables:
        for c in t.columns:
            stamped = c.type.kind in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ)
            now = c.on_update_now or (c.default is not None and c.default.kind is DefaultKind.NOW)
            assert (("SL-TZ", t.qualified, c.name) in found) == (c.type.kind is Kind.TIMESTAMPTZ)
            assert (("SL-NOWMS", t.qualified, c.name) in found) == (stamped and now)


def test_lowering_changes_exactly_the_degraded_features():
    low = D.lower(catalog.load("scenes")).schema
    ideas, segments = low.table("ideas"), low.table("segments")
    assert ideas.column("tags").type.kind is Kind.JSON
    assert "idx_ideas_tags" not in {i.name for i in ideas.indexes}
    assert segments.partitioning is None and segments.column("created_at").type.kind is Kind.TIMESTAMP
    sessions = D.lower(catalog.load("scriptpal")).schema.table("sessions")
    assert [p.prefix for i in sessions.indexes for p in i.parts] == [None, None, None]


def test_cross_namespace_foreign_key_is_dropped_and_reported():
    parent = table("parent", col("id", INTEGER), pk="id", namespace="a")
    child = table("child", col("id", INTEGER), col("p", INTEGER), fk("p", "parent", ref_namespace="a"),
                  fk("id", "child2", ref_namespace="b", name="same_ns"), pk="id", namespace="b")
    child2 = table("child2", col("id", INTEGER), pk="id", namespace="b")
    low = D.lower(Schema((parent, child, child2)))
    assert [(g.code, g.table, g.subject) for g in low.degradations] == [("SL-XFK", "b.child", "child_p_fkey")]
    assert [(f.name, f.ref_namespace) for f in low.schema.table("child", "b").foreign_keys] == [("same_ns", None)]


# -- verdicts of the implied CHECKs --------------------------------------------------------------
@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    """One probe database shared by the verdict cases (each case rolls back)."""
    url = DbUrl("sqlite", database=str(tmp_path_factory.mktemp("probe") / "probe.db"))
    D.ensure_database(url)  # connecting never creates a database file
    conn = D.connect(url)
    D.apply(conn, D.ddl(cases.PROBE_SCHEMA)[0])
    yield conn
    conn.close()


@pytest.mark.parametrize("case", cases.VERDICTS, ids=lambda c: f"{c.column}={c.value!r}"[:60])
def test_insert_verdict(probe, case):
    probe.execute("BEGIN")
    try:
        error = _error(probe, f'INSERT INTO "probe" ("{case.column}") VALUES (?)', (case.value,))
    finally:
        probe.execute("ROLLBACK")
    if case.error is None:
        assert error is None
    else:
        assert error is not None and case.error in error


@pytest.mark.parametrize("tags, doc, error", cases.JSON_VERDICTS)
def test_functions_on_json_stored_types(fresh_url, tags, doc, error):
    conn = _db(fresh_url, cases.JSON_FUNCTIONS)
    assert diff(D.lower(cases.JSON_FUNCTIONS).schema, D.introspect(conn)) == []
    assert _error(conn, 'INSERT INTO "tagged" ("id", "tags", "doc") VALUES (1, ?, ?)', (tags, doc)) == error


@pytest.mark.parametrize("is_ending, options, error", cases.STORY_NODE_VERDICTS)
def test_json_array_length_of_a_non_array_is_an_error(fresh_url, is_ending, options, error):
    conn = _db(fresh_url, catalog.load("cyoa"))
    conn.execute("INSERT INTO \"stories\" (\"title\", \"session_id\") VALUES ('t', 's')")
    sql = 'INSERT INTO "story_nodes" ("story_id", "content", "is_ending", "options") VALUES (1, \'c\', ?, ?)'
    assert _error(conn, sql, (is_ending, options)) == error


def test_stored_values_keep_their_form(probe):
    probe.execute("BEGIN")
    try:
        probe.execute('INSERT INTO "probe" ("ts", "m", "f") VALUES (?, ?, ?)',
                      ("2026-03-04 05:06:07.123456", 12.5, True))
        row = probe.execute('SELECT "ts", "m", "f", "nn", "flag", "price", "doc" FROM "probe"').fetchone()
    finally:
        probe.execute("ROLLBACK")
    assert row == ("2026-03-04 05:06:07.123456", 12.5, 1, "x", 1, 0.0, "[]")  # microseconds kept


# -- defaults, identity, triggers ----------------------------------------------------------------
def test_uuid4_default_is_random_version_4(fresh_url):
    conn = _db(fresh_url, cases.PROBE_SCHEMA)
    conn.executemany('INSERT INTO "probe" DEFAULT VALUES', [()] * 300)
    values = [r[0] for r in conn.execute('SELECT "gen" FROM "probe"')]
    assert len(set(values)) == 300
    parsed = [uuid.UUID(v) for v in values]
    assert all(str(u) == v and u.version == 4 and v[19] in "89ab" for u, v in zip(parsed, values))
    assert {v[19] for v in values} == set("89ab")  # every variant nibble occurs


def test_now_defaults_are_utc_milliseconds_and_today(fresh_url):
    conn = _db(fresh_url, cases.PROBE_SCHEMA)
    conn.execute('INSERT INTO "probe" DEFAULT VALUES')
    created, day = conn.execute('SELECT "created", "day" FROM "probe"').fetchone()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}", created)
    utc_now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    assert abs(datetime.datetime.fromisoformat(created) - utc_now) < datetime.timedelta(seconds=60)
    assert day == created[:10]  # 'now' is one instant within a statement


def test_identity_assigns_never_reuses_and_keeps_the_integer_range(fresh_url):
    conn = _db(fresh_url, cases.PROBE_SCHEMA)
    for _ in range(3):
        conn.execute('INSERT INTO "probe" DEFAULT VALUES')
    conn.execute('DELETE FROM "probe" WHERE "id" = 3')
    conn.execute('INSERT INTO "probe" ("id") VALUES (NULL)')
    assert [r[0] for r in conn.execute('SELECT "id" FROM "probe" ORDER BY 1')] == [1, 2, 4]
    assert "sk_type:id:integer" in _error(conn, 'INSERT INTO "probe" ("id") VALUES (2147483648)')


def test_integer_primary_key_that_is_not_identity_rejects_null(fresh_url):
    conn = _db(fresh_url, Schema((table("t", col("id", INTEGER), pk="id"),)))
    assert "NOT NULL constraint failed" in _error(conn, 'INSERT INTO "t" ("id") VALUES (NULL)')


@pytest.mark.parametrize("body,options", cases.KEY_NULLABILITY)
def test_a_key_column_reads_nullable_exactly_when_sqlite_stores_null_in_it(fresh_url, body, options):
    """A rowid alias never holds NULL, a WITHOUT ROWID or STRICT table's key neither; another key column of
    a rowid table does (https://www.sqlite.org/lang_createtable.html#rowid): read nullable exactly then."""
    conn = D.connect(fresh_url("sqlite"))
    conn.execute(f"CREATE TABLE k ({body}) {options}")
    rejected = _error(conn, "INSERT INTO k (key) VALUES (NULL)")
    stored = rejected is None and conn.execute("SELECT count(*) FROM k WHERE key IS NULL").fetchone()[0] == 1
    assert rejected is None or "NOT NULL constraint failed" in rejected
    assert D.introspect(conn).table("k").column("key").nullable == stored


def test_on_update_now_sets_the_column_unless_the_update_sets_it(fresh_url):
    conn = _db(fresh_url, cases.PROBE_SCHEMA)
    conn.execute('INSERT INTO "probe" ("updated") VALUES (\'2000-01-01 00:00:00\')')
    conn.execute('UPDATE "probe" SET "t" = \'changed\'')
    (after,) = conn.execute('SELECT "updated" FROM "probe"').fetchone()
    assert after > "2020" and re.fullmatch(r"[\d-]{10} [\d:]{8}\.\d{3}", after)
    conn.execute('UPDATE "probe" SET "t" = \'again\', "updated" = \'2001-01-01 00:00:00.5\'')
    assert conn.execute('SELECT "updated" FROM "probe"').fetchone() == ("2001-01-01 00:00:00.5",)


def test_state_machine_allows_listed_transitions_only(fresh_url):
    conn = _db(fresh_url, cases.PROBE_SCHEMA)
    conn.execute('INSERT INTO "probe" DEFAULT VALUES')
    for state in ("new", "open", "closed", "open", "open"):  # listed transitions, or no change
        assert _error(conn, 'UPDATE "probe" SET "state" = ?', (state,)) is None
    error = _error(conn, 'UPDATE "probe" SET "state" = \'new\'')
    assert error is not None and "probe_flow" in error
    assert conn.execute('SELECT "state" FROM "probe"').fetchone() == ("open",)


def test_catalog_state_machine_names_itself(fresh_url):
    conn = _db(fresh_url, catalog.load("prismq"))
    conn.execute("INSERT INTO \"story\" (\"id\") VALUES ('00000000-0000-4000-8000-000000000001')")
    assert "story_status_transitions" in _error(conn, "UPDATE \"story\" SET \"status\" = 'published'")
    assert _error(conn, "UPDATE \"story\" SET \"status\" = 'in_progress'") is None


def test_circular_foreign_keys(fresh_url):
    conn = _db(fresh_url, catalog.load("prismq"))
    story, version = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"
    assert "FOREIGN KEY" in _error(conn, 'INSERT INTO "story" ("current_title_version_id") VALUES (?)', (version,))
    conn.execute('INSERT INTO "story" ("id") VALUES (?)', (story,))
    conn.execute('INSERT INTO "title_version" ("id", "story_id", "version", "text") VALUES (?, ?, 1, \'T\')',
                 (version, story))
    conn.execute('UPDATE "story" SET "current_title_version_id" = ?', (version,))
    conn.execute('DELETE FROM "title_version"')  # ON DELETE SET NULL on the way back
    assert conn.execute('SELECT "current_title_version_id" FROM "story"').fetchone() == (None,)
    conn.execute('DELETE FROM "story"')


# -- scripts, apply, namespaces ------------------------------------------------------------------
def test_script_runs_in_the_native_client_and_is_all_or_nothing(fresh_url):
    url = fresh_url("sqlite")
    statements = D.ddl(cases.PROBE_SCHEMA)[0]
    roundtrip.run_native("sqlite", url, D.script(statements))
    assert "probe" in {t.name for t in D.introspect(D.connect(url)).tables}
    broken = fresh_url("sqlite")
    bad = statements + [Statement('CREATE TABLE "probe" ("x" INT) STRICT')]
    with pytest.raises(AssertionError, match="already exists"):
        roundtrip.run_native("sqlite", broken, D.script(bad))
    assert D.introspect(D.connect(broken)).tables == ()


def test_apply_is_all_or_nothing(fresh_url):
    conn = D.connect(fresh_url("sqlite"))
    bad = D.ddl(cases.PROBE_SCHEMA)[0] + [Statement("CREATE TABLE broken (")]
    with pytest.raises(sqlite3.Error):
        D.apply(conn, bad)
    assert conn.execute("SELECT count(*) FROM sqlite_schema").fetchone() == (0,)
    assert not conn.in_transaction


def test_namespaces_are_files_beside_the_main_database(fresh_url, tmp_path, monkeypatch):
    schema = catalog.load("contentgen", tenants=["7"])
    url = fresh_url("sqlite")
    monkeypatch.chdir(tmp_path.parent)  # apply must not depend on the working directory
    conn = D.connect(url)
    D.apply(conn, D.ddl(schema)[0])
    conn.close()
    main = Path(url.database)
    assert (main.parent / f"{main.stem}.project_7.db").is_file()  # scoped to the main file
    assert not (main.parent / "project_7.db").exists() and not (tmp_path.parent / "project_7.db").exists()
    fresh = D.connect(url)  # nothing attached: introspect attaches the namespace itself
    live = D.introspect(fresh, (None, "project_7"))
    assert {t.qualified for t in live.tables if t.namespace} == {
        "project_7.contents", "project_7.metadata", "project_7.vocabulary", "project_7.prompt_components"}
    assert diff(D.lower(schema).schema, live) == []
    assert D.introspect(fresh, ("project_404",)).tables == ()
    assert not (main.parent / f"{main.stem}.project_404.db").exists()


def test_prepare_connection_attaches_namespaces_for_a_migration_runner(fresh_url, tmp_path, monkeypatch):
    schema = catalog.load("contentgen", tenants=["9"])
    url = fresh_url("sqlite")
    monkeypatch.chdir(tmp_path.parent)
    conn = sqlite3.connect(url.database)  # a runner's own connection, nothing attached
    D.prepare_connection(conn, schema.namespaces)
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    conn.execute("BEGIN")  # runners apply a migration in one transaction: ATTACH is not allowed there
    for s in D.ddl(schema)[0]:
        if s.transactional:
            conn.execute(s.sql)
    conn.execute("COMMIT")
    main = Path(url.database)
    assert (main.parent / f"{main.stem}.project_9.db").is_file()
    assert diff(D.lower(schema).schema, D.introspect(conn, (None, "project_9"))) == []


def test_loose_tables_schemakit_did_not_write_are_read_by_declared_type(fresh_url):
    """A table without STRICT (a migration tool's bookkeeping, say) is loose, its declared types read
    by name; one the model has no kind for is a native type of SQLite."""
    conn = _db(fresh_url, cases.PROBE_SCHEMA)
    conn.execute("CREATE TABLE yoyo_lock (locked INT DEFAULT 1, ctime TIMESTAMP, pid INT NOT NULL, "
                 "note VARCHAR(10) DEFAULT CURRENT_TIMESTAMP, ratio DOUBLE, body BLOB, cash MONEY, PRIMARY KEY (locked))")
    live = D.introspect(conn)
    lock = live.table("yoyo_lock")
    assert [(c.name, str(c.type)) for c in lock.columns] == [
        ("locked", "integer"), ("ctime", "timestamp"), ("pid", "integer"), ("note", "varchar(10)"), ("ratio", "double"),
        ("body", "bytes"), ("cash", "sqlite:MONEY")]
    assert lock.primary_key == ("locked",) and lock.column("locked").default.value == 1 and not lock.strict
    others = Schema(tuple(t for t in live.tables if t.name != "yoyo_lock"))
    assert diff(D.lower(cases.PROBE_SCHEMA).schema, others) == []


@pytest.mark.parametrize("written,form", cases.TEXT_CLOCK_DEFAULTS)
def test_a_clock_default_on_a_text_column_round_trips_through_the_model(fresh_url, written, form):
    """DEFAULT CURRENT_TIMESTAMP (CURRENT_DATE, CURRENT_TIME) on a TEXT column is no model now() (that is a
    timestamp's): read as the expression, nothing skipped, and rendered back it gives the same text."""
    source = D.connect(fresh_url("sqlite"))
    source.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT DEFAULT {written}) STRICT")
    skipped: list = []
    read = D.introspect(source, skipped=skipped)
    assert skipped == [] and read.table("t").column("v").default.kind is DefaultKind.EXPRESSION
    conn = _db(fresh_url, read)
    conn.execute("INSERT INTO t (id) VALUES (1)")
    assert re.fullmatch(form, conn.execute("SELECT v FROM t").fetchone()[0])
    assert diff(D.lower(read).schema, D.introspect(conn)) == []


def test_char_compares_without_trailing_blanks_in_keys_and_foreign_keys(fresh_url):
    """CHAR(n) is TEXT COLLATE RTRIM: 'ab' and 'ab  ' are one key, as PostgreSQL's bpchar compares them
    (https://www.sqlite.org/datatype3.html#collating_sequences); stored as written (SL-CHARPAD)."""
    schema = Schema((table("code", col("c", char(4), null=False), pk="c"),
                     table("use", col("id", INTEGER, null=False), col("c", char(4)),
                           fk("c", "code", "c", on_update=Action.CASCADE, name="use_c_fkey"), pk="id")))
    conn = _db(fresh_url, schema)
    conn.execute("INSERT INTO code VALUES ('ab')")
    assert "UNIQUE constraint failed" in _error(conn, "INSERT INTO code VALUES ('ab  ')")
    conn.execute("INSERT INTO use VALUES (1, 'ab ')")  # the foreign key finds 'ab'
    conn.execute("UPDATE code SET c = 'xy'")  # ON UPDATE CASCADE
    assert conn.execute("SELECT c FROM use").fetchall() == [("xy",)]
    assert conn.execute("SELECT count(*) FROM code WHERE c = 'xy   '").fetchone() == (1,)


def test_nan_is_stored_as_null(fresh_url):
    """SQLite turns a NaN into NULL (https://www.sqlite.org/floatingpoint.html): SL-NAN."""
    conn = _db(fresh_url, Schema((table("f", col("id", INTEGER, null=False), col("x", DOUBLE), pk="id"),)))
    conn.execute("INSERT INTO f VALUES (1, ?)", (float("nan"),))
    assert conn.execute("SELECT x FROM f").fetchall() == [(None,)]


def test_a_nan_default_is_no_default_in_the_model_sqlite_holds(fresh_url):
    """A NaN default is rendered DEFAULT NULL (SL-NAN); the lowered model said default nan, so drift of a database
    just migrated reported "has no default, the schema says default nan"."""
    schema = Schema((table("f", col("id", INTEGER, null=False), col("x", DOUBLE, default=lit(float("nan"))), pk="id"),))
    url = fresh_url("sqlite")
    roundtrip.run_native("sqlite", url, D.script(D.ddl(schema)[0]))
    assert roundtrip.differences("sqlite", schema, roundtrip.introspected("sqlite", url, schema), url) == []


def test_binary_defaults_and_values_round_trip(fresh_url):
    schema = Schema((table("b", col("id", INTEGER, null=False), col("v", varbinary(4), default=lit("00ff")),
                           col("r", REAL, default=lit(0.25)), col("y", YEAR, default=lit(2024)), pk="id"),))
    conn = _db(fresh_url, schema)
    conn.execute("INSERT INTO b (id) VALUES (1)")
    assert conn.execute("SELECT v, r, y FROM b").fetchone() == (b"\x00\xff", 0.25, 2024)
    assert diff(D.lower(schema).schema, D.introspect(conn)) == []


def test_create_and_drop_database(tmp_path):
    url = D.create_database(DbUrl("sqlite", database=str(tmp_path)), "made")
    assert Path(url.database) == tmp_path / "made.db" and Path(url.database).exists()
    conn = D.connect(url)
    D.apply(conn, D.ddl(cases.PROBE_SCHEMA)[0])
    conn.close()
    D.drop_database(url, "made")
    assert not Path(url.database).exists()


def test_client_command_is_sqlite3_with_bail(tmp_path):
    cmd = D.client_command(DbUrl("sqlite", database=str(tmp_path / "x.db")))
    assert cmd[:2] == ["sqlite3", "-bail"]
    proc = subprocess.run(cmd, input="SELECT sqlite_version();\n", text=True, capture_output=True)
    assert proc.returncode == 0 and tuple(map(int, proc.stdout.split(".")[:2])) >= (3, 37)


# -- introspection ---------------------------------------------------------------------------
def test_odd_names_comments_and_values_round_trip(fresh_url):
    conn = _db(fresh_url, cases.ODD_SCHEMA)
    live = D.introspect(conn)
    assert diff(D.lower(cases.ODD_SCHEMA).schema, live) == []
    odd = live.table("odd table")
    assert odd.comment == "  leading spaces, a trailing backslash \\"
    assert odd.column("key:part").comment == "a colon\nand a newline"
    assert odd.column('we"ird').type.enum.values == ("a'b", "c, (d)", "e -- f", 'g"h')
    assert odd.column("select").default.value == "it's -- not a comment"
    assert {c.name for c in odd.checks} == {"odd check", "odd deep check"}
    insert = 'INSERT INTO "odd table" ("key:part", "we""ird", "n") VALUES (\'k\', \'a\'\'b\', 100)'
    assert "odd deep check" in _error(conn, insert)


def test_probe_round_trips(fresh_url):
    conn = _db(fresh_url, cases.PROBE_SCHEMA)
    assert diff(D.lower(cases.PROBE_SCHEMA).schema, D.introspect(conn)) == []


def test_introspection_notices_drift(fresh_url):
    """The round trip can fail: every hidden object maps back to a model feature."""
    conn = _db(fresh_url, cases.PROBE_SCHEMA)
    conn.execute('DROP TRIGGER "sk_on_update:probe:updated"')
    conn.execute('DROP TRIGGER "sk_state_machine:probe_flow"')
    conn.execute('DROP INDEX "probe_ts_partial"')
    conn.execute('CREATE INDEX "probe_ts_partial" ON "probe" ("ts" DESC) WHERE "ts" IS NOT NULL')
    changes = [c.describe() for c in diff(D.lower(cases.PROBE_SCHEMA).schema, D.introspect(conn))]
    assert sorted(changes) == [
        "add index probe_ts_partial on probe",
        "alter column probe.updated on_update_now: True -> False",
        "drop index probe_ts_partial on probe",
        "drop state machine probe_flow on probe",
    ]


def test_introspection_reads_types_back_from_constraint_names(fresh_url):
    wider = replace(cases.PROBE, columns=tuple(
        replace(c, type=varchar(4)) if c.name == "v" else c for c in cases.PROBE.columns))
    conn = _db(fresh_url, Schema((wider,)))
    changes = diff(D.lower(cases.PROBE_SCHEMA).schema, D.introspect(conn))
    assert [(c.kind, c.new.name, str(c.new.type)) for c in changes] == [(ChangeKind.TYPE, "v", "varchar(4)")]


def test_introspection_uses_a_fixed_number_of_queries(fresh_url):
    """Top-level statements only: "-- PRAGMA ..." trace lines are SQLite evaluating a
    table-valued pragma function inside the one bulk query, not round trips."""
    counts = []
    for n in (3, 60):
        conn = _db(fresh_url, synthetic(n))
        seen: list[str] = []
        conn.set_trace_callback(seen.append)
        assert len(D.introspect(conn).tables) == n
        counts.append(len([q for q in seen if not q.startswith("--")]))
    assert counts[0] == counts[1] <= 5


def test_introspection_is_fast(fresh_url):
    conn = _db(fresh_url, synthetic(300))
    D.introspect(conn)
    start = time.perf_counter()
    D.introspect(conn)
    assert time.perf_counter() - start < 1.0  # about 0.1 s here; SQLAlchemy's get_multi_* ~1 s


def test_tokens_cover_every_rendered_statement():
    for name in catalog.names():
        for s in D.ddl(catalog.load(name))[0] + D.ddl(cases.ODD_SCHEMA)[0]:
            assert "".join(si.tokens(s.sql)) == s.sql == "".join(si.tokens(s.sql, grouped=True))


@pytest.mark.parametrize("text", ["(" * 9 + " -- a " * 60 + " x", "(" * 9 + "/* a */ b " * 300,
                                  "(" * 9 + " - - / " * 300 + "'open", "(a -- x ) y\n" * 300])
def test_tokenizing_unbalanced_text_is_linear(text):
    start = time.perf_counter()
    assert "".join(si.tokens(text, grouped=True)) == text
    assert time.perf_counter() - start < 0.5  # backtracking here was once exponential


def test_timestamptz_becomes_timestamp_in_the_effective_schema():
    t = table("t", col("at", TIMESTAMPTZ), col("id", INTEGER), pk="id")
    low = D.lower(Schema((t,)))
    assert low.schema.table("t").column("at").type.kind is Kind.TIMESTAMP
    assert [g.code for g in low.degradations] == ["SL-TZ", "SL-TEXTFORM"]


def test_prefix_index_keeps_the_index_without_the_prefix(fresh_url):
    t = table("t", col("id", INTEGER), col("token", varchar(64)), index("t_token", "token(8)"), pk="id")
    conn = _db(fresh_url, Schema((t,)))
    (index_,) = D.introspect(conn).table("t").indexes
    assert index_.parts[0].column == "token" and index_.parts[0].prefix is None


# -- migration planning (dialects/sqlite/plan.py) -------------------------------------------------
LAB = plan_cases.LAB
LAB_NAMESPACES = (None, plan_cases.NS)


def _lab_with_rows(fresh_url) -> sqlite3.Connection:
    """A fresh database holding LAB and one row per table, foreign keys enforced."""
    conn = D.connect(fresh_url("sqlite"))
    D.apply(conn, D.ddl(LAB)[0] + [Statement(sql) for sql in plan_cases.ROWS])
    return conn


def _differences(conn, schema: Schema) -> list[str]:
    return [c.describe() for c in diff(D.lower(schema).schema, D.introspect(conn, LAB_NAMESPACES))]


def _contents(conn, schema: Schema, also_in: Optional[Schema] = None) -> dict:
    """Every row of every table, as stored (only the columns `also_in` has too)."""
    def names(t):
        other = also_in.table(t.name, t.namespace) if also_in and also_in.has_table(t.name, t.namespace) else t
        return ", ".join(D.quote(c.name) for c in t.columns if other.has_column(c.name))
    return {t.qualified: sorted(conn.execute(f"SELECT {names(t)} FROM {D.table_name(t)}").fetchall(), key=repr)
            for t in schema.tables if also_in is None or also_in.has_table(t.name, t.namespace)}


def _intact(conn, schema: Schema, kept: Schema) -> None:
    """One row per kept table, every foreign key satisfied, no temporary table left."""
    assert {t: len(rows) for t, rows in _contents(conn, kept).items()} == {t.qualified: 1 for t in kept.tables}
    for db in ("main", plan_cases.NS):
        assert conn.execute(f"PRAGMA {db}.foreign_key_check").fetchall() == []
        assert conn.execute(f"SELECT name FROM {db}.sqlite_schema WHERE name LIKE 'sk\\_%' ESCAPE '\\' "
                            "AND type = 'table'").fetchall() == []


def _forward_back_and_reverse(conn, old: Schema, new: Schema, reverse_applies: bool = True) -> None:
    """plan(old, new) up, down, up; then plan(new, old) up and down; then down to old. The rows
    survive in every table both schemas have; each phase reads back as its schema."""
    forward, backward = D.plan(old, new), D.plan(new, old)
    assert forward and backward and all(s.rollback is not None for s in forward + backward)
    kept = Schema(tuple(t for t in old.tables if new.has_table(t.name, t.namespace)))
    phases = [(forward, "apply", new), (forward, "rollback", old), (forward, "apply", new)]
    if reverse_applies:
        phases += [(backward, "apply", old), (backward, "rollback", new)]
    for steps, direction, expected in phases + [(forward, "rollback", old)]:
        run_steps(D, conn, steps, direction)
        assert _differences(conn, expected) == [], direction
        _intact(conn, expected, kept)


def _rebuilds(steps) -> bool:
    return any("RENAME TO" in s.sql for step in steps for s in step.apply)


@pytest.mark.parametrize("evolution", plan_cases.EVOLUTIONS, ids=[e.id for e in plan_cases.EVOLUTIONS])
def test_evolution_forward_back_and_reverse_plan(evolution, fresh_url):
    new = evolution.make(LAB)
    assert _rebuilds(D.plan(LAB, new)) is not evolution.direct
    conn = _lab_with_rows(fresh_url)
    try:
        before = _contents(conn, LAB, new)
        _forward_back_and_reverse(conn, LAB, new, evolution.reverse_applies)
        assert _contents(conn, LAB, new) == before  # the columns both schemas have
    finally:
        conn.close()


@pytest.mark.parametrize("change", plan_cases.TYPE_CHANGES, ids=lambda c: f"{c.old}->{c.new}")
def test_a_type_change_rebuilds_the_table_and_keeps_the_value(change, fresh_url):
    old, new = (Schema((table("t", col("id", INTEGER, null=False), col("x", ty), pk="id"),))
                for ty in (change.old, change.new))
    conn = _db(fresh_url, old)
    conn.execute("INSERT INTO t VALUES (1, ?)", (change.value,))
    for steps, direction, expected in [(D.plan(old, new), "apply", new), (D.plan(old, new), "rollback", old),
                                       (D.plan(old, new), "apply", new), (D.plan(new, old), "apply", old)]:
        run_steps(D, conn, steps, direction)
        assert diff(D.lower(expected).schema, D.introspect(conn)) == [], direction
        assert conn.execute("SELECT x FROM t").fetchall() == [(change.value,)]


@pytest.mark.parametrize("action, after", [
    ("CASCADE", "children deleted"), ("SET NULL", "children orphaned"), ("NO ACTION", "refused"),
])
def test_the_documented_rebuild_loses_referencing_rows_when_foreign_keys_are_enforced(action, after):
    """Why a rebuild carries the referencing tables along: inside a transaction foreign keys stay on,
    and DROP TABLE deletes the old table's rows first, running the children's ON DELETE action."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("CREATE TABLE p (id INT PRIMARY KEY) STRICT")
    conn.execute(f"CREATE TABLE c (id INT PRIMARY KEY, p_id INT REFERENCES p (id) ON DELETE {action}) STRICT")
    conn.execute("INSERT INTO p VALUES (1)")
    conn.execute("INSERT INTO c VALUES (10, 1)")
    steps = ["BEGIN", "PRAGMA defer_foreign_keys = ON", "CREATE TABLE p_new (id INT PRIMARY KEY, x INT) STRICT",
             "INSERT INTO p_new (id) SELECT id FROM p", "DROP TABLE p", "ALTER TABLE p_new RENAME TO p", "COMMIT"]
    error = next((e for e in (_error(conn, sql) for sql in steps) if e), None)
    rows = conn.execute("SELECT id, p_id FROM c").fetchall()
    assert {"children deleted": (None, []), "children orphaned": (None, [(10, None)]),
            "refused": ("FOREIGN KEY constraint failed", [(10, 1)])}[after] == (error, rows)


def test_a_rebuild_keeps_the_rows_and_foreign_keys_of_every_referencing_table(fresh_url):
    steps = D.plan(LAB, plan_cases.grow_enum(LAB, plan_cases.GROWN))
    [step] = steps
    assert [type(c) for c in step.changes] == [AddEnumValue]
    assert step.detail == "table rebuild: parent, child, grandchild, node"
    assert step.description == f"{step.changes[0].describe()} (table rebuild: parent, child, grandchild, node)"
    conn = _lab_with_rows(fresh_url)
    try:
        before = _contents(conn, LAB)
        run_steps(D, conn, steps, "apply")
        assert _contents(conn, LAB) == before
        texts = dict(conn.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").fetchall())
        assert 'REFERENCES "parent" ("id") ON DELETE CASCADE' in texts["child"]
        assert not [t for t in LAB.tables if any(D.generated_name(t.name, "new") in sql for sql in texts.values())]
        conn.execute("INSERT INTO parent (name, status) VALUES ('p2', 'archived')")  # the grown CHECK
        assert "FOREIGN KEY" in _error(conn, "INSERT INTO child (parent_id) VALUES (99)")
        assert "FOREIGN KEY" in _error(conn, "DELETE FROM parent WHERE id = 1")  # node: RESTRICT
        conn.execute("DELETE FROM node")
        conn.execute("DELETE FROM parent WHERE id = 1")  # child: CASCADE, grandchild: SET NULL
        assert conn.execute("SELECT count(*) FROM child").fetchone() == (0,)
        assert conn.execute("SELECT id, child_id FROM grandchild").fetchall() == [(1, None)]
    finally:
        conn.close()


def test_a_rebuild_keeps_the_autoincrement_sequence(fresh_url):
    conn = _lab_with_rows(fresh_url)
    try:
        conn.execute("INSERT INTO parent (name) VALUES ('p2')")
        conn.execute("DELETE FROM parent WHERE name = 'p2'")
        steps = D.plan(LAB, plan_cases.edit_column(LAB, "parent", "code", type=varchar(9)))
        run_steps(D, conn, steps, "apply")
        conn.execute("INSERT INTO parent (name) VALUES ('p3')")
        run_steps(D, conn, steps, "rollback")
        conn.execute("INSERT INTO parent (name) VALUES ('p4')")
        assert conn.execute("SELECT id, name FROM parent ORDER BY id").fetchall() == [(1, "p1"), (3, "p3"), (4, "p4")]
    finally:
        conn.close()


def test_a_failed_rebuild_changes_nothing(fresh_url):
    steps = D.plan(LAB, plan_cases.edit_column(LAB, "parent", "code", type=varchar(2)))
    conn = _lab_with_rows(fresh_url)
    try:
        before = _contents(conn, LAB)
        with pytest.raises(sqlite3.IntegrityError, match="sk_type:code:varchar"):
            run_steps(D, conn, steps, "apply")
        assert _contents(conn, LAB) == before and _differences(conn, LAB) == []
        _intact(conn, LAB, LAB)
    finally:
        conn.close()


def test_a_foreign_key_column_is_added_with_its_key(fresh_url):
    new = next(e for e in plan_cases.EVOLUTIONS if e.id == "foreign_key_column_added").make(LAB)
    [step] = D.plan(LAB, new)
    assert [s.sql for s in step.apply] == [
        'ALTER TABLE "child" ADD COLUMN "ring_id" INT CONSTRAINT "sk_type:ring_id:integer" CHECK '
        '("ring_id" BETWEEN -2147483648 AND 2147483647) CONSTRAINT "child_ring_fkey" REFERENCES "ring_a" ("id") '
        'ON DELETE SET NULL']
    conn = _lab_with_rows(fresh_url)
    try:
        run_steps(D, conn, [step], "apply")
        assert "FOREIGN KEY" in _error(conn, "UPDATE child SET ring_id = 7")
        conn.execute("UPDATE child SET ring_id = 1")
        conn.execute("UPDATE ring_b SET a_id = NULL")
        conn.execute("DELETE FROM ring_a")  # ON DELETE SET NULL
        assert conn.execute("SELECT ring_id FROM child").fetchall() == [(None,)]
    finally:
        conn.close()


def test_no_step_attaches_a_database_or_switches_foreign_keys():
    """A yoyo migration runs in one transaction, where ATTACH fails and PRAGMA foreign_keys is a no-op."""
    plans = [D.plan(Schema(), catalog.load(name)) for name in catalog.names()]
    plans += [D.plan(LAB, e.make(LAB)) for e in plan_cases.EVOLUTIONS]
    plans += [D.plan(e.make(LAB), LAB) for e in plan_cases.EVOLUTIONS]
    texts = [s.sql.upper() for steps in plans for step in steps for s in step.apply + step.rollback]
    assert not [t for t in texts if t.startswith(("ATTACH", "DETACH", "PRAGMA FOREIGN_KEYS"))]
    assert all(s.transactional for steps in plans for step in steps for s in step.apply + step.rollback)


def test_initial_plan_is_the_rendered_schema_and_its_rollback_leaves_nothing(fresh_url):
    steps = D.plan(Schema(), LAB)
    rendered = [s for s in D.render(D.lower(LAB).schema) if s.kind not in ("pragma", "attach")]
    assert [s for step in steps for s in step.apply] == rendered
    conn = D.connect(fresh_url("sqlite"))
    try:
        D.prepare_connection(conn, LAB.namespaces)
        run_steps(D, conn, steps, "apply")
        assert _differences(conn, LAB) == []
        run_steps(D, conn, steps, "rollback")
        for db in LAB_NAMESPACES:
            assert conn.execute(f"SELECT name FROM {db or 'main'}.sqlite_schema WHERE name NOT LIKE 'sqlite%'"
                                ).fetchall() == []
    finally:
        conn.close()


def _yoyo(url, prepared: bool):
    """yoyo's SQLite backend; `prepared`: its migration connections get prepare_connection (foreign
    keys on), else they are yoyo's own (foreign keys off, SQLite's default)."""
    from yoyo import get_backend
    backend = get_backend(D.yoyo_url(url))
    if prepared:
        copy = backend.copy

        def prepared_copy():
            other = copy()
            D.prepare_connection(other.connection, ())
            return other
        backend.copy = prepared_copy
    return backend


@pytest.mark.parametrize("prepared", [True, False], ids=["foreign_keys_on", "yoyo_connection"])
def test_prismq_second_migration_up_down_up_through_yoyo(prepared, tmp_path, fresh_url):
    """The enum value gets a migration of its own (a rebuild of review); the rest follows (a new
    table; story and review, whose new columns carry comments, rebuilt with what references them)."""
    from yoyo import read_migrations

    from schemakit import makemigrations
    from schemakit.migrate import YOYO_TABLES
    v1, v2 = plan_cases.prismq_v1(), catalog.load("prismq")
    makemigrations.make(tmp_path, "sqlite", "prismq", target=v1)
    enum_file, rest = makemigrations.make(tmp_path, "sqlite", "prismq", target=v2)
    assert "add value 'summary' to enum review_type (table rebuild: review)" in enum_file.read_text()
    assert all("__transactional__ = True" in f.read_text() for f in (enum_file, rest))
    url = fresh_url("sqlite")
    backend = _yoyo(url, prepared)
    migrations = read_migrations(str(tmp_path / "sqlite" / "prismq"))
    conn = D.connect(url)
    live = lambda: Schema(tuple(t for t in D.introspect(conn).tables if t.name not in YOYO_TABLES))  # noqa: E731
    try:
        with backend.lock():
            backend.apply_migrations(backend.to_apply(migrations[:1]))
        D.apply(conn, [Statement(sql) for sql in plan_cases.PRISMQ_ROWS])
        rows = _contents(conn, v1)
        for _ in range(2):
            with backend.lock():
                backend.apply_migrations(backend.to_apply(migrations))
            assert diff(D.lower(v2).schema, live()) == [] and _contents(conn, v1, v1) == rows
            review = f"INSERT INTO review (story_id, review_type, feedback) VALUES ('{plan_cases.STORY_ID}', '%s', 'ok')"
            assert "review_type_check" in _error(conn, review % "summary")  # past the grown sk_type CHECK
            assert "sk_type:review_type:enum(review_type)" in _error(conn, review % "sum")
            with backend.lock():
                backend.rollback_migrations(backend.to_rollback(migrations)[:2])
            assert diff(D.lower(v1).schema, live()) == [] and _contents(conn, v1) == rows
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
        backend.connection.close()


def test_a_rebuild_drops_referencing_tables_before_the_tables_they_reference(fresh_url):
    """kid (declared first) references mom ON DELETE SET NULL; mom references a table outside the
    rebuild. Dropping the old mom first would set the old kid's mom_id to NULL, which its CHECK refuses."""
    kid = table("kid", col("id", INTEGER, null=False), col("mom_id", INTEGER),
                fk("mom_id", "mom", on_delete=Action.SET_NULL, name="kid_mom_fkey"),
                check("kid_has_mom", "mom_id IS NOT NULL"), pk="id")
    mom = table("mom", col("id", INTEGER, null=False), col("home_id", INTEGER),
                fk("home_id", "home", name="mom_home_fkey"), pk="id")
    home = table("home", col("id", INTEGER, null=False), pk="id")
    old = Schema((kid, mom, home))
    new = plan_cases.edit(old, "mom", checks=(check("mom_id_check", "id > 0"),))
    conn = _db(fresh_url, old)
    try:
        for sql in ("INSERT INTO home VALUES (1)", "INSERT INTO mom VALUES (1, 1)", "INSERT INTO kid VALUES (1, 1)"):
            conn.execute(sql)
        steps = D.plan(old, new)
        assert [(type(c), c.table, c.constraint.name) for c in steps[0].changes] == [
            (AddConstraint, (None, "mom"), "mom_id_check")]
        assert steps[0].detail == "table rebuild: kid, mom"
        for direction, expected in [("apply", new), ("rollback", old)]:
            run_steps(D, conn, steps, direction)
            assert diff(D.lower(expected).schema, D.introspect(conn)) == []
            assert conn.execute("SELECT * FROM kid").fetchall() == [(1, 1)]
    finally:
        conn.close()


# -- column, index and table options (issue #14) ------------------------------------------------------
def test_every_type_of_a_loose_table_is_written_by_name_and_read_back():
    """No storage CHECK in a loose table (enum and set aside): the declared type carries the model type."""
    sql = D.create_table(cases.LOOSE)
    assert not sql.rstrip().endswith("STRICT") and '"name" VARCHAR(40)' in sql and '"cash" MONEY' in sql
    assert sql.count("CHECK") == 2  # mood and tags


def test_a_loose_table_reads_back_as_written(fresh_url):
    conn = _db(fresh_url, Schema((cases.LOOSE,)))
    assert diff(D.lower(Schema((cases.LOOSE,))).schema, D.introspect(conn)) == []
    conn.execute("INSERT INTO loose (name, n) VALUES ('longer than forty characters, and then some', 'x')")
    assert conn.execute("SELECT typeof(n) FROM loose").fetchone() == ("text",)  # loose: SQLite checks nothing


@pytest.mark.parametrize("declared, model", cases.LOOSE_DECLARED, ids=[d for d, _ in cases.LOOSE_DECLARED])
def test_a_declared_type_of_a_loose_table_is_read_by_name(declared, model):
    assert str(si.loose_type(declared)) == model


def test_generated_columns_stored_and_virtual_compute_their_values(fresh_url):
    t = table("line", col("id", INTEGER, null=False), col("price", DOUBLE, null=False), col("qty", INTEGER, null=False),
              col("total", DOUBLE, generated=generated("price * qty")),
              col("shout", TEXT, generated=generated("upper(CAST(qty AS TEXT)) || '!'", stored=False)), pk="id")
    conn = _db(fresh_url, Schema((t,)))
    conn.execute("INSERT INTO line (id, price, qty) VALUES (1, 2.5, 4)")
    assert conn.execute("SELECT total, shout FROM line").fetchone() == (10.0, "4!")
    assert "cannot INSERT into generated column" in _error(conn, "INSERT INTO line (id, price, qty, total) VALUES (2, 1, 1, 1)")
    live = D.introspect(conn).table("line")
    assert [(c.name, c.generated and c.generated.stored) for c in live.columns if c.generated] == [
        ("total", True), ("shout", False)]


def test_a_sqlite_collation_is_kept_and_another_engines_is_a_degradation(fresh_url):
    t = table("person", col("id", INTEGER, null=False), col("nick", TEXT, collation=Collation("NOCASE", "sqlite")),
              col("email", TEXT, collation=Collation("C", "postgres")), unique("nick", name="person_nick_key"),
              unique("email", name="person_email_key"), pk="id")
    lowered = D.lower(Schema((t,)))
    assert [(g.code, g.subject) for g in lowered.degradations] == [("SL-COLLATION", "email")]
    conn = _db(fresh_url, Schema((t,)))
    conn.execute("INSERT INTO person VALUES (1, 'Ann', 'a@x')")
    assert "UNIQUE constraint failed" in _error(conn, "INSERT INTO person VALUES (2, 'ANN', 'b@x')")
    conn.execute("INSERT INTO person VALUES (3, 'Bo', 'A@x')")  # BINARY: another value
    assert D.introspect(conn).table("person").column("nick").collation == Collation("NOCASE", "sqlite")


def test_expression_defaults_are_computed_and_one_sqlite_cannot_compute_is_dropped(fresh_url):
    t = table("event", col("id", INTEGER, null=False), col("n", INTEGER, null=False, default=default_sql("2 * 3")),
              col("day", TEXT, default=default_sql("CURRENT_DATE")),
              col("seen", TEXT, default=default_sql("clock_timestamp()")), pk="id")
    lowered = D.lower(Schema((t,)))
    assert [(g.code, g.subject) for g in lowered.degradations] == [("SL-EXPRESSION", "seen")]
    conn = _db(fresh_url, Schema((t,)))
    conn.execute("INSERT INTO event (id) VALUES (1)")
    n, day, seen = conn.execute("SELECT n, day, seen FROM event").fetchone()
    assert (n, seen) == (6, None) and datetime.date.fromisoformat(day)
    assert diff(lowered.schema, D.introspect(conn)) == []


def test_identity_always_accepts_a_given_value_and_a_key_part_needs_one(fresh_url):
    """SL-IDENTITY-ALWAYS: SQLite has no GENERATED ALWAYS; SL-IDENTITY-PART: AUTOINCREMENT is the rowid."""
    a = table("a", col("id", BIGINT, identity="always"), col("v", TEXT), pk="id")
    b = table("b", col("owner", INTEGER, null=False), col("seq", INTEGER, identity=True), pk=("owner", "seq"))
    lowered = D.lower(Schema((a, b)))
    assert {(g.code, g.table, g.subject) for g in lowered.degradations} == {
        ("SL-IDENTITY-ALWAYS", "a", "id"), ("SL-IDENTITY-PART", "b", "seq")}
    conn = _db(fresh_url, Schema((a, b)))
    conn.execute("INSERT INTO a (id, v) VALUES (7, 'given')")
    assert "NOT NULL constraint failed" in _error(conn, "INSERT INTO b (owner) VALUES (1)")


@pytest.mark.parametrize("method, code, kept", [
    (IndexMethod.HASH, "SL-INDEX-METHOD", True), (IndexMethod.BRIN, "SL-INDEX-METHOD", True),
    (IndexMethod.GIST, "SL-INDEX-METHOD", True), (IndexMethod.SPGIST, "SL-INDEX-METHOD", True),
    (IndexMethod.FULLTEXT, "SL-FULLTEXT", False),
])
def test_index_methods_sqlite_lacks(method, code, kept):
    t = table("doc", col("id", INTEGER, null=False), col("body", TEXT), index("doc_body", "body", method=method), pk="id")
    lowered = D.lower(Schema((t,)))
    assert [g.code for g in lowered.degradations] == [code]
    assert [i.method for i in lowered.schema.tables[0].indexes] == ([IndexMethod.BTREE] if kept else [])


def test_include_columns_are_trailing_key_columns_except_in_a_unique_index():
    t = table("doc", col("id", INTEGER, null=False), col("a", TEXT), col("b", TEXT),
              index("doc_a", "a", include=("b",)), index("doc_a_unique", "a", unique=True, include=("b",)), pk="id")
    lowered = D.lower(Schema((t,))).schema.tables[0]
    assert [(i.name, i.columns, i.include) for i in lowered.indexes] == [
        ("doc_a", ("a", "b"), ()), ("doc_a_unique", ("a",), ())]


def test_a_generated_column_sqlite_would_refuse_every_row_for_is_a_plain_column():
    """SQLite creates a generated column calling random() or the current time, then refuses each INSERT."""
    t = table("t", col("id", INTEGER, null=False), col("r", BIGINT, generated=generated("random()")),
              col("at", TEXT, generated=generated("CAST(now() AS TEXT)", stored=False)),
              col("n", BIGINT, generated=generated("id * 2")), pk="id")
    lowered = D.lower(Schema((t,)))
    assert [(g.code, g.subject) for g in lowered.degradations] == [("SL-EXPRESSION", "r"), ("SL-EXPRESSION", "at")]
    assert [c.name for c in lowered.schema.tables[0].columns if c.generated] == ["n"]


def test_any_of_a_strict_table_is_a_native_type_of_sqlite_and_holds_any_value(fresh_url):
    t = table("bag", col("id", INTEGER, null=False), col("v", native("ANY", "sqlite")), pk="id")
    assert D.lower(Schema((t,))).degradations == ()
    conn = _db(fresh_url, Schema((t,)))
    conn.executemany("INSERT INTO bag VALUES (?, ?)", [(1, 1), (2, "x"), (3, b"\x00"), (4, 1.5)])
    assert [r[0] for r in conn.execute("SELECT typeof(v) FROM bag ORDER BY id")] == ["integer", "text", "blob", "real"]
    assert diff(D.lower(Schema((t,))).schema, D.introspect(conn)) == []


@pytest.mark.parametrize("ddl", [d for e, d in CLEAN if e == "sqlite"], ids=lambda d: d.split("(")[0][13:].strip())
def test_a_database_a_user_wrote_renders_into_a_second_one_that_reads_back_the_same(ddl, fresh_url):
    """The same-engine round trip of an imported database: loose tables stay loose, declared types,
    collations, generated columns and expression defaults stay as they were (issue #14)."""
    first = D.connect(fresh_url("sqlite"))
    first.executescript(ddl)
    read = D.introspect(first)
    second = D.connect(fresh_url("sqlite"))
    D.apply(second, D.ddl(read)[0])
    assert diff(read, D.introspect(second)) == []


def test_column_level_checks_and_uniques_without_a_name_are_read(tmp_path):
    """A CHECK or UNIQUE written on a column without CONSTRAINT name was dropped silently (issue #14:
    found by the differential suite, cases add_inline_check and add_inline_unique)."""
    import sqlite3
    from schemakit.dialects.urls import DbUrl
    path = tmp_path / "inline.db"
    raw = sqlite3.connect(path)
    raw.executescript(
        "CREATE TABLE t (id INTEGER PRIMARY KEY NOT NULL, n INT CHECK (n > 0), code TEXT UNIQUE,\n"
        "  m TEXT CONSTRAINT m_given CHECK (length(m) > 0) CONSTRAINT m_key UNIQUE, k INT UNIQUE CHECK (k <> 7)) STRICT;")
    raw.close()
    d = dialects.get("sqlite")
    conn = d.connect(DbUrl("sqlite", database=str(path)))
    try:
        t = d.introspect(conn).table("t")
    finally:
        conn.close()
    assert {c.name: c.expression for c in t.checks} == {
        "t_n_check": '"n" > 0', "m_given": 'LENGTH("m") > 0', "t_k_check": '"k" <> 7'}
    assert {u.name: u.columns for u in t.uniques} == {"t_code_key": ("code",), "m_key": ("m",), "t_k_key": ("k",)}


def test_a_loose_column_without_a_declared_type_round_trips_with_its_values(fresh_url):
    """A loose table's column with no declared type (BLOB affinity: a value of any storage class is stored
    as given, https://www.sqlite.org/datatype3.html#determination_of_column_affinity) is read as a native
    type of SQLite spelled '' (issue #14), rendered again without a declared type, and each value of
    `cases.UNTYPED_VALUES` reads back unchanged, with its storage class, from the second database."""
    first = D.connect(fresh_url("sqlite"))
    first.execute(cases.UNTYPED_TABLE)
    skipped: list = []
    read = D.introspect(first, skipped=skipped)
    assert [(s.code, s.name) for s in skipped] == [("SKIP-DEFAULT", "bag.v3")]  # X'00ff' would come back as text
    bag = read.table("bag")
    assert [(c.name, c.type) for c in bag.columns if c.name != "tag"][1:] == [
        (n, native("", "sqlite")) for n in ("v", 'we"ird col', "v2", "v3")]
    assert bag.column('we"ird col').default.value == 0 and not bag.column('we"ird col').nullable
    statements, degradations = D.ddl(read)
    assert degradations == ()
    second = D.connect(fresh_url("sqlite"))
    D.apply(second, statements)
    info = {r[1]: r[2] for r in second.execute("PRAGMA table_info(bag)")}
    assert info == {"id": "INTEGER", "v": "", 'we"ird col': "", "tag": "TEXT", "v2": "", "v3": ""}
    created = second.execute("SELECT sql FROM sqlite_schema WHERE name = 'bag'").fetchone()[0]
    assert re.search(r'"v"\s*,', created) and re.search(r'"we""ird col"\s+NOT NULL', created), created
    assert diff(read, D.introspect(second)) == []
    for conn in (first, second):
        conn.executemany('INSERT INTO bag (id, v, "we""ird col") VALUES (?, ?, ?)',
                         [(i, value, value) for i, value, _ in cases.UNTYPED_VALUES])
    expected = [(i, value, cls, value, cls) for i, value, cls in cases.UNTYPED_VALUES]
    query = 'SELECT id, v, typeof(v), "we""ird col", typeof("we""ird col") FROM bag ORDER BY id'
    assert second.execute(query).fetchall() == first.execute(query).fetchall() == expected
    defaults = "INSERT INTO bag (id) VALUES (100) RETURNING *, typeof(\"we\"\"ird col\"), typeof(v2)"
    assert second.execute(defaults).fetchall() == [(100, None, 0, None, 15.0, None, "integer", "real")]
    assert first.execute(defaults).fetchall() == [(100, None, 0, None, 15.0, b"\x00\xff", "integer", "real")]
