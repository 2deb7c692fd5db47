"""Drift, worded from the database's side, on every engine (issue #11, item 11).

Each case of tests/data/drift_cases.py applies the lab schema to a fresh
database, alters it with the engine's own SQL, reads it back and asserts the
exact lines `schema.diff.drift_lines` gives for `diff(model, live)`: what the
database has versus what the schema says, never the action that would fix it.
"""
from __future__ import annotations

import importlib.util
import textwrap
import uuid
from pathlib import Path

import pytest

from schemakit import dialects
from schemakit.dialects.urls import DbUrl
from schemakit.schema.diff import diff, drift_lines
from tests.conftest import has_entry, for_engine

_spec = importlib.util.spec_from_file_location("drift_cases", Path(__file__).parent / "data" / "drift_cases.py")
CASES_MODULE = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(CASES_MODULE)
CASES, Rebuild, lab = CASES_MODULE.CASES, CASES_MODULE.Rebuild, CASES_MODULE.lab


def _params():
    for case in CASES:
        for engine in CASES_MODULE.ALL:
            if has_entry(case.sql, engine):  # a variant without SQL of its own runs its parent's
                yield pytest.param(case, engine, id=f"{engine}-{case.id}")


def _rebuild(conn, r: Rebuild, ns: str) -> None:
    """Rebuild a SQLite table from its CREATE text with one piece replaced (the documented way:
    https://www.sqlite.org/lang_altertable.html#otheralter)."""
    schema, _, name = r.table.format(ns=ns).rpartition(".")
    schema = schema or "main"
    rows = conn.execute(f'SELECT type, sql FROM "{schema}".sqlite_schema WHERE tbl_name = ? AND sql IS NOT NULL',
                        (name,)).fetchall()
    create = next(sql for kind, sql in rows if kind == "table")
    assert create.count(r.old) == 1, f"{r.old!r} is not once in {create}"
    head = f'CREATE TABLE "{name}" ('
    assert create.startswith(head), create
    new = f'CREATE TABLE "{schema}"."drift_new" (' + create.replace(r.old, r.new)[len(head):]
    others = [sql for kind, sql in rows if kind != "table"]
    assert schema == "main" or not others, "indexes of attached tables are not rebuilt here"
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN")
    conn.execute(new)
    conn.execute(f'INSERT INTO "{schema}"."drift_new" SELECT * FROM "{schema}"."{name}"')
    conn.execute(f'DROP TABLE "{schema}"."{name}"')
    conn.execute(f'ALTER TABLE "{schema}"."drift_new" RENAME TO "{name}"')
    for sql in others:
        conn.execute(sql)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("COMMIT")
    conn.execute("PRAGMA foreign_keys = ON")


def _alter(conn, sql, ns: str) -> None:
    if isinstance(sql, Rebuild):
        _rebuild(conn, sql, ns)
        return
    cur = conn.cursor()
    for statement in sql:
        cur.execute(statement.format(ns=ns))
    conn.commit()


@pytest.mark.parametrize("case, engine", list(_params()))
def test_drift_says_what_the_database_has_versus_the_schema(case, engine, fresh_url):
    d = dialects.get(engine)
    url = fresh_url(engine)
    ns = f"drift_{uuid.uuid4().hex[:8]}"
    model = d.lower(lab(ns)).schema
    conn = d.connect(url)
    try:
        d.apply(conn, d.ddl(lab(ns))[0])
        assert drift_lines(diff(model, d.introspect(conn, (None, ns)))) == []
        _alter(conn, for_engine(case.sql, engine), ns)
        found = drift_lines(diff(model, d.introspect(conn, (None, ns))))
    finally:
        conn.close()
        d.drop_namespaces(url, [ns])
    line = for_engine(case.lines, engine) if has_entry(case.lines, engine) else case.line
    assert found == [line.format(ns=ns)]


# -- the wording of every change type (model against model: what no engine case above reaches) ----
def test_every_change_type_is_worded_from_the_database_side():
    from dataclasses import replace
    from datetime import date

    from schemakit.schema.build import col, index, state_machine, table
    from schemakit.schema.model import (
        INTEGER, TEXT, TIMESTAMP, Enum, IndexMethod, IndexPart, Partitioning, Schema, enum_type,
    )
    mood, tone = Enum("mood", ("calm", "busy")), Enum("tone", ("x", "y"))
    model = Schema((
        table("log", col("id", INTEGER, null=False), col("at", TIMESTAMP, null=False),
              col("mood", enum_type(mood), null=False),
              col("seen", TIMESTAMP, on_update_now=True), col("note", TEXT, comment="free text"),
              state_machine("log_flow", "mood", [("calm", "busy")]), pk=("id", "at"),
              partition=Partitioning("at", start=date(2026, 1, 1), months=2), namespace="ops"),
        table("old", col("id", INTEGER, identity=True), col("tone", enum_type(tone)), pk="id"),
    ))
    log = model.table("log", "ops")
    live = Schema((
        replace(log, columns=(log.column("id"), log.column("at"),
                              replace(log.column("mood"), type=enum_type(Enum("mood", ("busy", "calm")))),
                              replace(log.column("seen"), on_update_now=False),
                              replace(log.column("note"), comment=None, identity=True),
                              col("tag", enum_type(Enum("tag", ("a", "b'c"))))),
                primary_key=("id",), partitioning=None, comment="the log",
                state_machines=(state_machine("log_flow", "mood", [("busy", "calm")]),),
                indexes=(index("log_note", IndexPart(expression="lower(note)"), unique=True, where="id > 0"),
                         index("log_tags", "tag", method=IndexMethod.GIN))),
    ))
    assert drift_lines(diff(model, live)) == [
        "enum ops.mood is ('busy', 'calm'), the schema says ('calm', 'busy')",
        "extra enum ops.tag ('a', 'b''c')",
        "extra column ops.log.tag (enum tag ('a', 'b''c'))",
        "column ops.log.seen is not set to the current time on update, the schema says it is",
        "column ops.log.note is an identity, the schema says it is not",
        "column ops.log.note has no comment, the schema says comment 'free text'",
        "table ops.log has primary key (id), the schema says primary key (id, at)",
        "table ops.log is not partitioned, the schema says partitioned monthly on at from 2026-01 for 2 months",
        "extra index log_note on ops.log unique ((lower(note))) where id > 0",
        "extra index log_tags on ops.log (tag) using gin",
        "state machine log_flow on ops.log.mood allows busy -> calm, the schema says calm -> busy",
        "table ops.log has comment 'the log', the schema says no comment",
        "missing table old",
        "missing enum tone ('x', 'y')",
    ]


# -- the reproduction through the command line ---------------------------------------------
def test_drift_command_reports_a_sqlite_column_rebuilt_with_another_type(tmp_path):
    """cyoa migrated, story_nodes rebuilt with story_id REAL under the same STRICT type CHECK:
    `schemakit drift` once found nothing here."""
    from tests.incli import cli
    db = tmp_path / "cyoa.db"
    cli("migrate", "cyoa", "--database", f"sqlite:///{db}", check=True)
    conn = dialects.get("sqlite").connect(DbUrl("sqlite", database=str(db)))
    try:
        _rebuild(conn, Rebuild("story_nodes", '"story_id" INT NOT NULL', '"story_id" REAL NOT NULL'), "")
    finally:
        conn.close()
    proc = cli("drift", "cyoa", "--database", f"sqlite:///{db}")
    assert proc.returncode == 1, proc.stderr
    head, *lines = proc.stdout.splitlines()
    assert head == "cyoa: 1 difference(s) between the canonical schema and the database:"
    assert lines == ["  - column story_nodes.story_id is double, the schema says integer"]  # SQLite's REAL: 8 bytes


@pytest.mark.parametrize("engine", [e for e in dialects.names() if has_entry(CASES_MODULE.FOREIGN_COLUMN, e)])
def test_drift_lists_a_column_of_a_type_the_model_cannot_hold_on_an_owned_table(engine, fresh_url):
    from tests.test_migrate import url_text
    from tests.incli import cli
    url = fresh_url(engine)
    cli("migrate", "cyoa", "--database", url_text(url), check=True)
    sql, code, name = for_engine(CASES_MODULE.FOREIGN_COLUMN, engine)
    d = dialects.get(engine)
    conn = d.connect(url)
    try:
        cur = conn.cursor()
        cur.execute(sql)
        conn.commit()
    finally:
        conn.close()
    proc = cli("drift", "cyoa", "--database", url_text(url))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = [x for x in proc.stdout.splitlines() if name in x]
    assert len(found) == 1 and found[0].startswith(f"  - not held by schemakit: [{code}] {name}: "), proc.stdout
    assert "unexpected error" not in proc.stderr
    again = cli("migrate", "cyoa", "--database", url_text(url))  # up to date: nothing to do, the difference noted
    assert again.returncode == 0 and "is up to date" in again.stdout and "differs" in again.stdout, again.stdout + again.stderr


# -- objects the model does not hold (issue #15) ---------------------------------------------------
@pytest.mark.parametrize("engine", [e for e in dialects.names() if has_entry(CASES_MODULE.UNMANAGED, e)])
def test_drift_lists_every_unmanaged_object_and_the_project_file_accepts_them(engine, fresh_url, tmp_path):
    """A view, a function and a trigger added by hand: drift lists each by kind and name and exits 1;
    accepted by the project file's ignore list (or --ignore), it exits 0; only the view accepted, the
    others are still listed."""
    from tests.test_migrate import CATALOG, MIGRATIONS, url_text
    from tests.incli import cli
    url = fresh_url(engine)
    cli("migrate", "cyoa", "--database", url_text(url), check=True)
    statements, lines = for_engine(CASES_MODULE.UNMANAGED, engine)
    d = dialects.get(engine)
    conn = d.connect(url)
    try:
        cur = conn.cursor()
        for sql in statements:
            cur.execute(sql)
        conn.commit()
    finally:
        conn.close()

    def drift(rules, *extra):
        config = tmp_path / "schemakit.toml"
        config.write_text(f'schema = "{CATALOG}"\nmigrations = "{MIGRATIONS}"\nignore = [{", ".join(map(_toml, rules))}]\n')
        return cli("drift", "cyoa", "--config", str(config), "--database", url_text(url), *extra, cwd=tmp_path)

    proc = drift([])
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert [x[len("  - "):] for x in proc.stdout.splitlines()[1:]] == lines
    accepted = drift(CASES_MODULE.UNMANAGED_IGNORED)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "no drift" in accepted.stdout
    on_the_line = drift([], *[f"--ignore={r}" for r in CASES_MODULE.UNMANAGED_IGNORED])
    assert on_the_line.returncode == 0, on_the_line.stdout + on_the_line.stderr
    partly = drift(CASES_MODULE.UNMANAGED_VIEW_ONLY)
    assert partly.returncode == 1
    assert [x[len("  - "):] for x in partly.stdout.splitlines()[1:]] == [x for x in lines if " view " not in x]


def _toml(text: str) -> str:
    """`text` as a TOML literal string (single quotes inside: a basic string)."""
    return f"'{text}'" if "'" not in text else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize("rule, problem", [("viewz", "names no kind of object"), ("trigger:", "has an empty pattern")])
def test_a_bad_ignore_rule_is_one_line_and_exit_2(rule, problem, tmp_path):
    from tests.test_migrate import CATALOG
    from tests.incli import cli
    on_the_line = cli("drift", "cyoa", "--ignore", rule, "--database", f"sqlite:///{tmp_path}/none.db")
    config = tmp_path / "schemakit.toml"
    config.write_text(f'schema = "{CATALOG}"\nignore = ["{rule}"]\n')
    in_the_file = cli("drift", "cyoa", "--config", str(config), cwd=tmp_path)
    for proc, where in ((on_the_line, "--ignore"), (in_the_file, f"ignore in {config}")):
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert proc.stderr.count("\n") == 1 and where in proc.stderr and problem in proc.stderr, proc.stderr


def test_the_extension_an_exclusion_needs_is_the_models_own(tmp_path, fresh_url):
    """schemakit creates btree_gist for a GiST exclusion over a scalar column: drift does not list it as
    not managed; another extension is listed."""
    from tests.test_migrate import migrated_project, url_text
    from tests.incli import cli
    source = textwrap.dedent('''
        from schemakit import INTEGER, Schema, col, exclude, table
        SCHEMA = Schema((table("booking", col("id", INTEGER), col("room", INTEGER),
                               exclude("booking_room_excl", ("room", "=")), pk="id"),))
    ''')
    url = fresh_url("postgres")
    migrated_project(tmp_path, source, url)
    clean = cli("drift", "--database", url_text(url), cwd=tmp_path, bare=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    conn = dialects.get("postgres").connect(url)
    try:
        conn.autocommit = True
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    finally:
        conn.close()
    found = cli("drift", "--database", url_text(url), cwd=tmp_path, bare=True)
    assert found.returncode == 1 and "not managed by schemakit: extension pg_trgm" in found.stdout, found.stdout


def test_a_serial_migrated_by_schemakit_has_no_drift_and_its_sequence_is_not_unmanaged(tmp_path, fresh_url):
    """A serial column (identity="sequence") schemakit created: drift is clean, its sequence listed nowhere;
    the same column made a GENERATED identity by hand is drift on that column, and nothing else."""
    from tests.test_migrate import cli, migrated_project, url_text
    source = textwrap.dedent('''
        from schemakit import BIGINT, TEXT, Schema, col, table
        SCHEMA = Schema((table("ticket", col("id", BIGINT, null=False, identity="sequence"), col("title", TEXT),
                               pk="id"),))
    ''')
    url = fresh_url("postgres")
    migrated_project(tmp_path, source, url)
    clean = cli("drift", "--database", url_text(url), cwd=tmp_path, bare=True)
    assert clean.returncode == 0 and "not managed" not in clean.stdout, clean.stdout + clean.stderr
    conn = dialects.get("postgres").connect(url)
    try:
        conn.autocommit = True
        assert conn.execute("SELECT pg_get_serial_sequence('ticket', 'id')").fetchone() == ("public.ticket_id_seq",)
        for sql in ("ALTER TABLE ticket ALTER COLUMN id DROP DEFAULT", "DROP SEQUENCE ticket_id_seq",
                    "ALTER TABLE ticket ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY"):
            conn.execute(sql)
    finally:
        conn.close()
    found = cli("drift", "--database", url_text(url), cwd=tmp_path, bare=True)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "column ticket.id is an identity, the schema says an identity drawn by its default from its own " \
           "sequence (a serial)" in found.stdout and "not managed" not in found.stdout, found.stdout


@pytest.mark.parametrize("engine", ["mariadb", "sqlite"])
def test_a_serial_is_the_engines_own_identity_elsewhere(engine, fresh_url):
    """identity="sequence" is rendered as identity=True is (AUTO_INCREMENT, the rowid), listed as MY-SERIAL or
    SL-SERIAL, and the database it makes has no drift from the model."""
    from schemakit import BIGINT, TEXT, Schema, col, table
    schemas = [Schema((table("ticket", col("id", BIGINT, null=False, identity=kind), col("title", TEXT), pk="id"),))
               for kind in ("sequence", True)]
    d = dialects.get(engine)
    (serial, serial_notes), (identity, identity_notes) = (d.ddl(s) for s in schemas)
    assert [s.sql for s in serial] == [s.sql for s in identity] and not identity_notes
    code = {"mariadb": "MY-SERIAL", "sqlite": "SL-SERIAL"}[engine]
    assert [(n.code, n.table, n.subject) for n in serial_notes] == [(code, "ticket", "id")]
    url = fresh_url(engine)
    conn = d.connect(url)
    try:
        d.apply(conn, serial)
        assert drift_lines(diff(d.lower(schemas[0]).schema, d.introspect(conn))) == []
    finally:
        conn.close()


@pytest.mark.parametrize("engine", ["postgres", "mariadb", "sqlite"])
def test_an_identity_beside_the_primary_key_has_no_drift(engine, fresh_url):
    """An identity outside the primary key (issue #15): PostgreSQL holds it, MySQL/MariaDB add a key it leads
    (MY-AUTOKEY), SQLite lists it as a plain integer (SL-IDENTITY-PART); the database each makes has no drift
    from the model, and PostgreSQL reads it back as the model itself."""
    from schemakit import BIGINT, Schema, col, table, varchar
    schema = Schema((table("line", col("code", varchar(10)), col("seq_no", BIGINT, identity=True), pk="code"),))
    d = dialects.get(engine)
    statements, notes = d.ddl(schema)
    expected = {"postgres": [], "mariadb": [("MY-AUTOKEY", "line", "line_seq_no_auto")],
                "sqlite": [("SL-IDENTITY-PART", "line", "seq_no")]}[engine]
    assert [(n.code, n.table, n.subject) for n in notes if n.code in ("MY-AUTOKEY", "SL-IDENTITY-PART")] == expected
    url = fresh_url(engine)
    conn = d.connect(url)
    try:
        d.apply(conn, statements)
        read = d.introspect(conn)
        assert drift_lines(diff(d.lower(schema).schema, read)) == []
        if engine == "postgres":
            assert read.table("line").column("seq_no").identity and drift_lines(diff(schema, read)) == []
    finally:
        conn.close()
