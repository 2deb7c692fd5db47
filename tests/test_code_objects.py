"""Sequences, functions/procedures and user triggers (schema/code.py, dialects/<engine>/code.py, issue #15).

On real engines: each engine's script (tests/data/code_objects/<engine>.sql, hostile names included)
is read by inspect, rendered for its engine, applied to an empty database and read again, with no
difference; a function a column default calls is created before its table and computes the default;
an object written for another engine is a named degradation and nothing is created; what cannot be
held (an aggregate) is still listed. The differential cases (function replaced, trigger added and
dropped, sequence options) are in tests/differential/<engine>/code_objects.sql.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from schemakit import dialects
from schemakit.inspect import read_database
from schemakit.schema.code import Routine, Sequence, Trigger
from schemakit.schema.diff import diff
from schemakit.schema.model import INTEGER, TEXT, Column, Schema, Table, default_sql
from schemakit.schema.validate import SchemaError, validate
from tests import roundtrip

DATA = Path(__file__).parent / "data" / "code_objects"
# What each engine's script holds: the keys of its sequences, routines and triggers.
HOLDS = {
    "postgres": ({(None, "code_seq"), (None, 'odd"seq')},
                 {(None, "next_code()"), (None, "touch()"), (None, "reset_item(IN n integer)")},
                 {(None, "item", 'we"ird')}),
    "mariadb": ({(None, "s1"), (None, "s3"), (None, "we`ird")}, {(None, "add2"), (None, "clear_t")},
                {(None, "t", "t`bi")}),
    "sqlite": (set(), set(), {(None, "t", 'we"ird'), (None, "t", "t_upd")}),
}
CODE_SKIPS = ("SKIP-SEQUENCE", "SKIP-FUNCTION", "SKIP-TRIGGER")
TOUCH = ("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.code := upper(NEW.code); "
         "RETURN NEW; END $$")


def _keys(schema: Schema) -> tuple[set, set, set]:
    return ({s.key for s in schema.sequences}, {r.key for r in schema.routines}, {t.key for t in schema.triggers})


@pytest.mark.parametrize("engine", sorted(HOLDS))
def test_inspect_reads_the_objects_and_they_round_trip(engine, fresh_url):
    d = dialects.get(engine)
    source, target = fresh_url(engine), fresh_url(engine)
    roundtrip.run_native(engine, source, (DATA / f"{engine}.sql").read_text(encoding="utf-8"))
    found = read_database(source, (None,), d)
    assert [str(s) for s in found.skipped if s.code in CODE_SKIPS] == []
    assert _keys(found.schema) == HOLDS[engine]
    statements, degradations = d.ddl(found.schema)
    assert degradations == ()
    roundtrip.run_native(engine, target, d.script(statements))
    again = read_database(target, (None,), d).schema
    assert [c.describe() for c in diff(found.schema, again)] == []
    assert (again.sequences, again.routines, again.triggers) == \
           (found.schema.sequences, found.schema.routines, found.schema.triggers)


def _coded_item() -> Schema:
    """A table whose column default calls the model's own function, and a trigger calling another."""
    item = Table("item", (Column("id", INTEGER, nullable=False), Column("code", TEXT, nullable=False,
                                                      default=default_sql("next_code()"))), primary_key=("id",))
    next_code = Routine("next_code()", "postgres", "CREATE FUNCTION next_code() RETURNS text LANGUAGE sql "
                                                   "AS $$ SELECT 'c-' || nextval('code_no')::text $$")
    return Schema((item,), sequences=(Sequence("code_no", start=7, owned_by=("item", "code")),),
                  routines=(Routine("touch()", "postgres", TOUCH), next_code),
                  triggers=(Trigger("item_upper", "item", "postgres",
                                    "CREATE TRIGGER item_upper BEFORE INSERT ON item FOR EACH ROW EXECUTE FUNCTION touch()"),))


def test_a_function_a_column_default_calls_is_created_before_its_table_on_postgres(fresh_url):
    d = dialects.get("postgres")
    model = _coded_item()
    lowered = d.lower(model)
    assert lowered.degradations == ()
    sql = [s.sql for s in d.render(lowered.schema)]
    first = {word: next(n for n, s in enumerate(sql) if s.startswith(word))
             for word in ("CREATE SEQUENCE", "CREATE FUNCTION next_code", "CREATE TABLE", "ALTER SEQUENCE",
                          "CREATE FUNCTION touch", "CREATE TRIGGER")}
    assert list(first.values()) == sorted(first.values()), first
    url = fresh_url("postgres")
    conn = d.connect(url)
    try:
        for step in d.plan(Schema(), model):
            d.apply(conn, list(step.apply))
        cur = conn.cursor()
        cur.execute('INSERT INTO "item" ("id") VALUES (1) RETURNING "code"')
        assert cur.fetchone()[0] == "C-7"  # the default, then the trigger
        conn.commit()
        for step in reversed(d.plan(Schema(), model)):
            d.apply(conn, list(step.undo))
        assert roundtrip.with_code(d, conn, (None,)) == Schema()
    finally:
        conn.close()


@pytest.mark.parametrize("engine, codes", [
    ("sqlite", {"SL-ROUTINE", "SL-TRIGGER", "SL-SEQUENCE"}),
    ("mariadb", {"MY-ROUTINE", "MY-TRIGGER", "MY-SEQ-OWNED"}),
])
def test_a_postgres_function_elsewhere_is_a_named_degradation_and_nothing_is_created(engine, codes, fresh_url):
    d = dialects.get(engine)
    statements, degradations = d.ddl(_coded_item())
    assert {g.code for g in degradations} >= codes  # and the default calling next_code() is dropped (*-EXPRESSION)
    assert [s.sql for s in statements if any(name in s.sql for name in ("next_code", "touch", "item_upper"))] == []
    url = fresh_url(engine)
    roundtrip.run_native(engine, url, d.script(statements))
    live = read_database(url, (None,), d).schema
    assert (live.routines, live.triggers) == ((), ())
    assert [s.name for s in live.sequences] == (["code_no"] if engine == "mariadb" else [])


def test_mariadb_replaces_a_routine_in_steps_of_one_statement_with_the_old_one_as_rollback():
    d = dialects.get("mariadb")
    old = Routine("f", "mariadb", "CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 1")
    new = Routine("f", "mariadb", "CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 2")
    table = (Table("t", (Column("id", INTEGER),), primary_key=("id",)),)
    steps = d.plan(Schema(table, routines=(old,)), Schema(table, routines=(new,)))
    assert [([s.sql for s in x.apply], [s.sql for s in x.undo]) for x in steps] == [
        (["DROP FUNCTION `f`"], [old.sql]), ([new.sql], ["DROP FUNCTION `f`"])]


@pytest.mark.parametrize("schema, problem", [
    (Schema((Table("t", (Column("id", INTEGER),)),), triggers=(Trigger("sk_mine", "t", "sqlite", "CREATE TRIGGER"),)),
     "trigger t.sk_mine: names starting with sk_ are schemakit's own"),
    (Schema((), routines=(Routine("sk_f()", "postgres", "CREATE FUNCTION"),)), "routine sk_f(): names starting"),
    (Schema((), triggers=(Trigger("tr", "nope", "sqlite", "CREATE TRIGGER"),)), "trigger nope.tr: the schema has no table"),
    (Schema((), sequences=(Sequence("s", increment=0),)), "sequence s: increment 0 never advances"),
])
def test_an_invalid_object_is_one_clear_line(schema, problem):
    with pytest.raises(SchemaError) as e:
        validate(schema)
    assert [p for p in e.value.problems if p.startswith(problem)], e.value.problems


def test_an_aggregate_is_still_listed_as_skipped_beside_the_functions_read(fresh_url):
    d = dialects.get("postgres")
    url = fresh_url("postgres")
    roundtrip.run_native("postgres", url, """
        CREATE TABLE t (id integer PRIMARY KEY);
        CREATE FUNCTION cat2(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT a || b $$;
        CREATE AGGREGATE cat(text) (SFUNC = cat2, STYPE = text);""")
    found = read_database(url, (None,), d)
    assert [(s.code, s.name) for s in found.skipped] == [("SKIP-FUNCTION", "cat(text)")]
    assert [r.name for r in found.schema.routines] == ["cat2(a text, b text)"]


def test_postgres_drift_compares_definitions_as_the_engine_stores_them_and_writes_nothing(fresh_url):
    d = dialects.get("postgres")
    url = fresh_url("postgres")
    roundtrip.run_native("postgres", url, "CREATE TABLE item (id integer PRIMARY KEY, code text);\n" + TOUCH + ";\n"
                         "CREATE TRIGGER item_upper BEFORE INSERT ON item FOR EACH ROW EXECUTE FUNCTION touch();")
    table = read_database(url, (None,), d).schema.tables
    header = "create or replace function public.touch()\n returns trigger language plpgsql as"  # the body as stored
    written = Schema(table, routines=(Routine("touch()", "postgres", TOUCH.replace(TOUCH.split(" $$")[0], header)),),
                     triggers=(Trigger("item_upper", "item", "postgres", "create trigger item_upper before insert "
                                       "on item for each row execute function touch()"),))
    conn = d.connect(url)
    try:
        before = d.code().live(conn, (None,))
        model, live = d.code().drift_pair(conn, d.lower(written).schema, d.introspect(conn, (None,)), (None,), None)
        assert [c.describe() for c in diff(model, live)] == []  # the same objects, written otherwise
        assert d.code().live(conn, (None,)) == before  # the probe was rolled back
        conn.execute("CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$")
        conn.commit()
        model, live = d.code().drift_pair(conn, d.lower(written).schema, d.introspect(conn, (None,)), (None,), None)
        assert [c.describe() for c in diff(model, live)] == ["replace function touch()"]
    finally:
        conn.close()


@pytest.mark.parametrize("engine", ["postgres", "mariadb"])
def test_a_project_migrates_its_objects_drift_sees_a_changed_one_and_rollback_restores_it(engine, tmp_path, fresh_url):
    from tests.test_init import sk
    from tests.test_migrate import url_text
    env = {"DATABASE_URL": url_text(fresh_url(engine))}
    sk("init", cwd=tmp_path, check=True)
    schema = tmp_path / "db" / "schema.py"
    schema.write_text(schema.read_text().split("\nSYSTEM = ")[0] + (DATA / "project_tail.txt").read_text())
    sk("makemigrations", cwd=tmp_path, check=True)
    sk("migrate", cwd=tmp_path, env=env, check=True)
    assert "no drift" in sk("drift", cwd=tmp_path, env=env, check=True).stdout  # hand-written, compared as stored
    schema.write_text(schema.read_text().replace("trim(NEW.title)", "upper(trim(NEW.title))")
                      .replace("TRIM(NEW.title)", "UPPER(TRIM(NEW.title))").replace("start=10", "start=10, cycle=True"))
    sk("makemigrations", cwd=tmp_path, check=True)
    changed = {"postgres": "function trim_title(): its definition differs",
               "mariadb": "trigger posts.posts_trim: its definition differs"}[engine]
    before = sk("drift", cwd=tmp_path, env=env)
    assert before.returncode == 1 and changed in before.stdout and "sequence ticket_no: cycle False" in before.stdout
    sk("migrate", cwd=tmp_path, env=env, check=True)
    assert "no drift" in sk("drift", cwd=tmp_path, env=env, check=True).stdout
    sk("rollback", "app", cwd=tmp_path, env=env, check=True)
    assert sk("drift", cwd=tmp_path, env=env).stdout == before.stdout


@pytest.mark.parametrize("engine, held, codes", [
    ("postgres", ["pg"], []), ("mysql", ["my"], []), ("mariadb", ["mdb"], []),
    ("sqlite", [], ["SL-TRIGGER"] * 3),
])
def test_each_engine_holds_its_own_version_of_a_trigger_and_no_loss_is_listed_where_it_has_one(engine, held, codes):
    table = Table("t", (Column("id", INTEGER, nullable=False),), primary_key=("id",))
    versions = tuple(Trigger("tr", "t", e, f"CREATE TRIGGER tr {word}")
                     for e, word in (("postgres", "pg"), ("mariadb", "mdb"), ("mysql", "my")))
    lowered = dialects.get(engine).lower(Schema((table,), triggers=versions))
    assert [x.sql.split()[-1] for x in lowered.schema.triggers] == held
    assert [g.code for g in lowered.degradations] == codes


def test_dropping_a_sequence_is_destructive_and_replacing_a_routine_is_not():
    from schemakit.schema.safety import destructive_reason
    table = (Table("t", (Column("id", INTEGER, nullable=False),), primary_key=("id",)),)
    old = Schema(table, sequences=(Sequence("ticket_no"),), routines=(Routine("f()", "postgres", "CREATE FUNCTION f"),))
    new = Schema(table, routines=(Routine("f()", "postgres", "CREATE FUNCTION f -- changed"),))
    assert [r for r in map(destructive_reason, diff(old, new)) if r] == ["drops sequence ticket_no and the value it has reached"]


def test_a_routine_whose_signature_changes_is_dropped_and_created_around_its_trigger_and_drift_says_it_once():
    from dataclasses import replace

    from schemakit.schema.diff import drift_lines
    old = _coded_item()
    touch = old.routines[0]
    assert touch.signature == "() RETURNS TRIGGER"
    new = replace(old, routines=(replace(touch, sql=touch.sql.replace("RETURNS trigger", "RETURNS SETOF trigger")),
                                 old.routines[1]))
    kinds = [type(c).__name__ for c in diff(old, new)]
    assert kinds == ["DropTrigger", "DropRoutine", "CreateRoutine", "CreateTrigger"]
    assert drift_lines(diff(old, new)) == ["function touch(): its definition differs from the schema's"]
    body_only = replace(old, routines=(replace(touch, sql=touch.sql.replace("upper(", "lower(")), old.routines[1]))
    assert [type(c).__name__ for c in diff(old, body_only)] == ["ReplaceRoutine"]


def test_a_new_signature_of_a_function_a_column_default_calls_is_refused_with_one_line_on_postgres():
    from dataclasses import replace

    from schemakit.dialects.base import PlanError
    old = _coded_item()
    code = old.routines[1]
    new = replace(old, routines=(old.routines[0], replace(code, sql=code.sql.replace("RETURNS text", "RETURNS varchar"))))
    with pytest.raises(PlanError) as e:
        dialects.get("postgres").plan(old, new)
    assert len(str(e.value).splitlines()) == 1
    assert str(e.value).startswith("function next_code(): its signature changes (() RETURNS TEXT -> () RETURNS VARCHAR)")


@pytest.mark.parametrize("engine, codes, kept", [
    ("postgres", [], "said"), ("mariadb", ["MY-TRIGGERCOMMENT"], None), ("sqlite", ["SL-TRIGGERCOMMENT"], None),
])
def test_a_trigger_comment_is_held_on_postgres_and_a_named_degradation_elsewhere(engine, codes, kept):
    table = Table("t", (Column("id", INTEGER, nullable=False),), primary_key=("id",))
    trigger = Trigger("tr", "t", engine, "CREATE TRIGGER tr", comment="said")
    lowered = dialects.get(engine).lower(Schema((table,), triggers=(trigger,)))
    assert [x.comment for x in lowered.schema.triggers] == [kept]
    assert [g.code for g in lowered.degradations] == codes


def test_mariadb_sequences_read_in_the_same_order_however_apart_they_were_created(fresh_url):
    """Sequences created a second apart, the later one first by name, read in one order on both sides."""
    d = dialects.get("mariadb")
    source, target = fresh_url("mariadb"), fresh_url("mariadb")
    roundtrip.run_native("mariadb", source, "CREATE SEQUENCE zz_later; DO SLEEP(1.1); CREATE SEQUENCE aa_first;")
    found = read_database(source, (None,), d).schema
    roundtrip.run_native("mariadb", target, "CREATE SEQUENCE aa_first; CREATE SEQUENCE zz_later;")
    again = read_database(target, (None,), d).schema
    assert [s.name for s in found.sequences] == [s.name for s in again.sequences] == ["aa_first", "zz_later"]
