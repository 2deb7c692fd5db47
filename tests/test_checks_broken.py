"""Each check catches what it claims: deliberately broken renderings make it fail.

Every test first runs the check on the correct rendering (it passes: the check
is not failing for another reason), then breaks one engine's database the way
a faulty renderer would, and runs the same check again: it must report a
disagreement on exactly that engine.

- a MySQL UNIQUE under a case-insensitive collation: case variants collide;
- a SQLite table that is not STRICT and lost its sk_type CHECKs: too-long text is stored;
- a CHECK dropped on PostgreSQL;
- the behaviour checks: a state-machine trigger, the on-update trigger, the
  partial unique index and the discriminator CHECK, each removed on one engine.
"""
from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from schemakit.schema import catalog
from schemakit.checks import behaviour
from schemakit.checks.oracle import Existing
from schemakit.checks.runner import VARIANT, Disagreement, Plan, run_table, system_schema
from tests.data import checks_behaviour as cases


def _ddl(engine, *statements: str) -> None:
    """Change one engine's schema outside the checks' transactions."""
    for sql in statements:
        engine.execute(sql)
    if engine.name == "postgres":
        engine.conn.commit()


def _disagreement(run) -> Disagreement:
    with pytest.raises(Disagreement) as caught:
        run()
    return caught.value


# -- the verdict runner ------------------------------------------------------------------------------

def test_case_insensitive_unique_on_mysql_is_caught(schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get("scenes")))
    users = engines.schema.table("users")
    plan = Plan(examples=30, only=set(), valid_rows=False, shrink=False)  # key variants only
    run_table(engines, users, plan=plan)
    _ddl(engines["mysql"], "ALTER TABLE users MODIFY email VARCHAR(255) "
                           "CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL")
    j = _disagreement(lambda: run_table(engines, users, plan=plan)).judgement
    assert j.failing == ["mysql"] and j.probe.source == VARIANT, j.describe()
    assert j.got["mysql"].constraint == "users_email_key" and j.got["postgres"].accepted, j.describe()


def _without_type_checks(sql: str) -> str:
    """A SQLite CREATE TABLE without STRICT and without its sk_type CHECK clauses."""
    out, i, marker = [], 0, ' CONSTRAINT "sk_type:'
    while (start := sql.find(marker, i)) >= 0:
        out.append(sql[i:start])
        i = _after_parenthesis(sql, sql.index("CHECK (", start) + len("CHECK ("))
    return ("".join(out) + sql[i:]).replace(") STRICT", ")")


def _after_parenthesis(sql: str, i: int) -> int:
    depth, quoted = 1, False
    while depth:
        ch = sql[i]
        quoted = quoted != (ch == "'")
        depth += 0 if quoted else (ch == "(") - (ch == ")")
        i += 1
    return i


def test_sqlite_table_without_strict_is_caught(schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get("prismq")))
    idea, sqlite = engines.schema.table("idea"), engines["sqlite"]
    plan = Plan(examples=10, only={"idea.title"}, valid_rows=False, variants=False, shrink=False)
    run_table(engines, idea, plan=plan)
    loose = _without_type_checks(sqlite.dialect.create_table(sqlite.effective(idea)))
    assert "STRICT" not in loose and "sk_type" not in loose and "NOT NULL" in loose
    _ddl(sqlite, "PRAGMA foreign_keys = OFF", "DROP TABLE idea", loose, "PRAGMA foreign_keys = ON")
    j = _disagreement(lambda: run_table(engines, idea, plan=plan)).judgement
    assert j.failing == ["sqlite"] and j.got["sqlite"].accepted, j.describe()
    assert [(v.constraint, v.kind) for v in j.expected] == [("idea.title", "length")], j.describe()


def test_check_dropped_on_postgres_is_caught(schemakit_engines):
    """Shrunk: the disagreement shows the minimal row hypothesis found (the other runner tests
    skip shrinking to stay within CI's budget)."""
    engines = schemakit_engines(system_schema(catalog.get("prismq")))
    review = engines.schema.table("review")
    plan = Plan(examples=5, only={"review_score_check"}, valid_rows=False, variants=False)
    run_table(engines, review, plan=plan)
    _ddl(engines["postgres"], "ALTER TABLE review DROP CONSTRAINT review_score_check")
    j = _disagreement(lambda: run_table(engines, review, plan=plan)).judgement
    assert j.failing == ["postgres"] and j.got["postgres"].accepted, j.describe()
    assert j.got["mysql"].constraint == j.got["sqlite"].constraint == "review_score_check"
    assert j.probe.row["feedback"] == "" and j.probe.row.get("created_by") is None  # shrunk


# -- the behaviour checks ----------------------------------------------------------------------------

def test_missing_state_machine_trigger_is_caught(schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get("prismq")))
    story = engines.schema.table("story")
    machine = story.state_machines[0]
    test = behaviour.transitions_machine(engines, story, machine, {"id": "88888888-8888-4888-8888-888888888888"})
    config = settings(max_examples=10, stateful_step_count=10, deadline=None)
    run_state_machine_as_test(test, settings=config)
    _ddl(engines["sqlite"], f'DROP TRIGGER "sk_state_machine:{machine.name}"')
    with pytest.raises(AssertionError, match="sqlite: accepted"):
        run_state_machine_as_test(test, settings=config)


def test_missing_on_update_trigger_is_caught(schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get("prismq")))
    story, pg = engines.schema.table("story"), engines["postgres"]

    def updated_at_moves():
        engines.begin()
        try:
            j, moves = behaviour.updated_at_moves(engines, story, {"id": "99999999-9999-4999-8999-999999999999"},
                                                  {"created_by": "someone"}, Existing())
        finally:
            engines.rollback()
        assert all(after > before for m in moves.values() for before, after in m.values()), moves
    updated_at_moves()
    _ddl(pg, f"DROP TRIGGER {pg.dialect.on_update_name(story)} ON story")
    with pytest.raises(AssertionError, match="'postgres': {'updated_at': \\(datetime.datetime\\(2001"):
        updated_at_moves()


def test_missing_partial_unique_index_is_caught(schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get("cyoa")))
    steps = [(engines.schema.table(t), row) for t, row, _ in cases.CYOA_TREE]

    def tree():
        engines.begin()
        try:
            behaviour.sequence(engines, steps, Existing())
        finally:
            engines.rollback()
    tree()
    _ddl(engines["postgres"], "DROP INDEX story_nodes_one_root")
    j = _disagreement(tree).judgement
    assert j.failing == ["postgres"] and j.expected[0].constraint == "story_nodes_one_root", j.describe()


def test_missing_discriminator_check_is_caught(schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get("prismq")))
    review = engines.schema.table("review")

    def combinations():
        engines.begin()
        try:
            existing = Existing()
            behaviour.sequence(engines, [(engines.schema.table(t), r) for t, r in cases.REVIEW_PARENTS], existing)
            behaviour.combinations(engines, review, cases.REVIEW_BASE, cases.REVIEW_CHOICES, existing)
        finally:
            engines.rollback()
    combinations()
    _ddl(engines["postgres"], f"ALTER TABLE review DROP CONSTRAINT {cases.REVIEW_CHECK}")
    j = _disagreement(combinations).judgement
    assert j.failing == ["postgres"] and j.expected[0].constraint == cases.REVIEW_CHECK, j.describe()
