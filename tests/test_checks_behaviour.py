"""Behaviour checks for the catalog's rules, on every engine (checks/behaviour.py).

- prismq story status: random sequences of transitions (a RuleBasedStateMachine)
  are accepted exactly when the seed's transition table allows them;
- prismq review: every combination of review type and version ids gets the
  discriminator CHECK's verdict;
- cyoa trees: one root per story (the partial unique index), an ending has no options;
- soft delete, and updated_at: an UPDATE moves every on_update_now column forward,
  on every engine, for every table that has one (SQLite's now() has millisecond
  precision: the listed degradation SL-NOWMS).

Cases with their expected verdicts: tests/data/checks_behaviour.py.
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from schemakit.checks import behaviour
from schemakit.checks.oracle import Existing
from schemakit.checks.runner import Plan, system_schema
from schemakit.schema import catalog
from tests.data import checks_behaviour as cases

UPDATED_AT_SYSTEMS = [s for s in catalog.names()
                      if any(behaviour.on_update_columns(t) for t in catalog.load(s).tables)]


def _parents(engines, rows) -> Existing:
    existing = Existing()
    judged = behaviour.sequence(engines, [(engines.schema.table(t), r) for t, r in rows], existing)
    assert all(v.accepted for j in judged for v in j.got.values()), [j.describe() for j in judged]
    return existing


def machine_settings() -> settings:
    """Half the profile's examples (ci: 12), 15 steps each."""
    return settings(max_examples=max(5, settings.default.max_examples // 2), stateful_step_count=15,
                    deadline=None)


def test_story_status_transitions_follow_the_transition_table(schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get("prismq")))
    story = engines.schema.table("story")
    machine = behaviour.transitions_machine(engines, story, story.state_machines[0],
                                            {"id": "77777777-7777-4777-8777-777777777777"})
    run_state_machine_as_test(machine, settings=machine_settings())


def test_review_discriminator_gets_the_check_verdict_in_every_combination(schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get("prismq")))
    engines.begin()
    try:
        existing = _parents(engines, cases.REVIEW_PARENTS)
        judged = behaviour.combinations(engines, engines.schema.table("review"), cases.REVIEW_BASE,
                                        cases.REVIEW_CHOICES, existing)
    finally:
        engines.rollback()
    assert len(judged) == 32
    for j in judged:
        combo = tuple(j.probe.row[c] for c in cases.REVIEW_CHOICES)
        want = None if combo in cases.REVIEW_ACCEPTED else cases.REVIEW_CHECK
        assert {v.constraint for v in j.got.values()} == {want}, j.describe()


def test_cyoa_one_root_per_story_and_endings_without_options(schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get("cyoa")))
    engines.begin()
    try:
        steps = [(engines.schema.table(t), row) for t, row, _ in cases.CYOA_TREE]
        judged = behaviour.sequence(engines, steps, Existing())
        roots = engines["postgres"].execute("SELECT story_id FROM story_nodes WHERE is_root ORDER BY story_id")
        counts = {e.name: e.count(engines.schema.table("story_nodes")) for e in engines}
    finally:
        engines.rollback()
    for j, (_, _, want) in zip(judged, cases.CYOA_TREE):
        assert {v.constraint for v in j.got.values()} == {want}, j.describe()
    assert roots == [(1,), (2,)]
    assert set(counts.values()) == {sum(1 for t, _, want in cases.CYOA_TREE if t == "story_nodes" and not want)}


def test_soft_delete_and_restore(schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get("prismq")))
    story = engines.schema.table("story")
    engines.begin()
    try:
        existing = Existing()
        row = behaviour.with_identity(story, {**cases.SOFT_DELETE_STORY, "updated_at": behaviour.PAST}, existing)
        _parents(engines, [("story", row)])
        existing.add(story, row)
        for changes, want in cases.SOFT_DELETE_STEPS:
            j = behaviour.update(engines, story, row, changes, existing)
            assert {v.constraint for v in j.got.values()} == {want}, j.describe()
            if want is None:
                seen = behaviour.touched(engines, story, row, ["deleted_at", "is_deleted", "updated_at"])
                for engine, values in seen.items():
                    assert values["deleted_at"] == changes["deleted_at"], (engine, values)
                    assert values["updated_at"] > behaviour.PAST, (engine, values)
    finally:
        engines.rollback()


@pytest.mark.parametrize("system", UPDATED_AT_SYSTEMS)
def test_an_update_moves_updated_at_forward_on_every_engine(system, schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get(system)))
    tables = [t for t in engines.schema.tables if behaviour.on_update_columns(t)]
    for t in tables:
        start = _utc_now() - dt.timedelta(seconds=2)
        found = behaviour.check_updated_at(engines, t, Plan(examples=8))
        end = _utc_now() + dt.timedelta(seconds=2)
        accepted = [moves for j, moves in found if all(v.accepted for v in j.got.values())]
        assert accepted, f"{t.qualified}: no accepted UPDATE among {len(found)} tried"
        for moves in accepted:
            for engine, columns in moves.items():
                for column, (before, after) in columns.items():
                    assert before == behaviour.PAST, (t.qualified, engine, column, before)
                    assert start <= after <= end, (t.qualified, engine, column, before, after)
                    if engine == "sqlite":  # SL-NOWMS: now() has milliseconds, a listed degradation
                        assert after.microsecond % 1000 == 0, (t.qualified, column, after)
                        assert _listed(engines, "sqlite", "SL-NOWMS", t, column)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _listed(engines, engine: str, code: str, table, column: str) -> bool:
    return any(g.code == code and g.table == table.qualified and g.subject == column
               for g in engines[engine].degradations)


def test_an_update_of_a_held_key_is_refused_by_the_referencing_key(schemakit_engines):
    """NO ACTION (the default): the UPDATE is refused by the child's foreign key on every engine,
    named as the oracle names it (SQLite's error names none: `holding_key` finds it)."""
    engines = schemakit_engines(cases.REFERENCED)
    warehouses = engines.schema.table("warehouses")
    engines.begin()
    try:
        existing = _parents(engines, cases.REFERENCED_ROWS)
        for key, changes, want in cases.KEY_UPDATES:
            row = next(r for r in existing.of(warehouses) if r["id"] == key)
            j, mismatches = behaviour.update_key(engines, warehouses, row, changes, existing)
            assert {v.constraint for v in j.got.values()} == {want}, j.describe()
            assert mismatches == {e: [] for e in engines.names}
    finally:
        engines.rollback()


def test_updates_of_referenced_keys_get_the_oracles_verdict(schemakit_engines):
    engines = schemakit_engines(cases.REFERENCED)
    found = behaviour.check_on_update(engines, engines.schema.table("warehouses"), Plan(examples=10, seed=14))
    verdicts = {v.accepted for j, _, _ in found for v in j.got.values()}
    assert verdicts == {True, False}, [j.describe() for j, _, _ in found]
