"""Each check catches what it claims: deliberately broken renderings make it fail, on the
broken engine only, for the broken rule.

Every case (tests/data/checks_breaks.py) first runs its check on the correct rendering (it
passes: the check is not failing for another reason), then breaks one engine's database the
way a faulty renderer would, and runs the same check again: it must fail on exactly that
engine, for the reason the case names (the constraint and its verdict kind), while every
other engine still gives the oracle's verdict.

- a MySQL UNIQUE under a case-insensitive collation: case variants collide;
- a SQLite table that is not STRICT and lost its sk_type CHECKs: too-long text is stored;
- a CHECK dropped on PostgreSQL;
- the behaviour checks: a state-machine trigger, the on-update trigger, the
  partial unique index and the discriminator CHECK, each removed on one engine.
"""
from __future__ import annotations

from typing import Callable, Union

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from schemakit.checks import behaviour
from schemakit.checks.engines import Engines
from schemakit.checks.oracle import Existing
from schemakit.checks.runner import Disagreement, Judgement, Plan, run_table, system_schema
from schemakit.schema import catalog
from schemakit.schema.model import Table
from tests.data import checks_behaviour as rows
from tests.data.checks_breaks import CASES, MACHINE_ROW, ON_UPDATE, UPDATED_CHANGES, UPDATED_ROW, Break

Moves = dict[str, dict[str, tuple]]  # behaviour.Moves: engine -> column -> (before, after)


# -- the checks a case runs: each raises Disagreement, or returns the on-update moves ---------------

def _verdicts(engines: Engines, table: Table, case: Break) -> None:
    run_table(engines, table, plan=Plan(**case.plan))


def _transitions(engines: Engines, table: Table, case: Break) -> None:
    test = behaviour.transitions_machine(engines, table, table.state_machines[0], MACHINE_ROW)
    run_state_machine_as_test(test, settings=settings(max_examples=10, stateful_step_count=10, deadline=None))


def _on_update(engines: Engines, table: Table, case: Break) -> Moves:
    engines.begin()
    try:
        _, moves = behaviour.updated_at_moves(engines, table, UPDATED_ROW, UPDATED_CHANGES, Existing())
    finally:
        engines.rollback()
    return moves


def _sequence(engines: Engines, table: Table, case: Break) -> None:
    engines.begin()
    try:
        behaviour.sequence(engines, [(engines.schema.table(t), row) for t, row, _ in rows.CYOA_TREE], Existing())
    finally:
        engines.rollback()


def _combinations(engines: Engines, table: Table, case: Break) -> None:
    engines.begin()
    try:
        existing = Existing()
        behaviour.sequence(engines, [(engines.schema.table(t), r) for t, r in rows.REVIEW_PARENTS], existing)
        behaviour.combinations(engines, table, rows.REVIEW_BASE, rows.REVIEW_CHOICES, existing)
    finally:
        engines.rollback()


CHECKS: dict[str, Callable[[Engines, Table, Break], Union[Moves, None]]] = {
    "verdicts": _verdicts, "transitions": _transitions, "on_update": _on_update, "sequence": _sequence,
    "combinations": _combinations,
}


# -- breaking one engine ----------------------------------------------------------------------------

def _loose(engines: Engines, table: Table) -> str:
    """The SQLite CREATE TABLE of `table` without STRICT and without its sk_type CHECK clauses."""
    sqlite = engines["sqlite"]
    sql = sqlite.dialect.create_table(sqlite.effective(table))
    out, i, marker = [], 0, ' CONSTRAINT "sk_type:'
    while (start := sql.find(marker, i)) >= 0:
        out.append(sql[i:start])
        i = _after_parenthesis(sql, sql.index("CHECK (", start) + len("CHECK ("))
    loose = ("".join(out) + sql[i:]).replace(") STRICT", ")")
    assert "STRICT" not in loose and "sk_type" not in loose and "NOT NULL" in loose
    return loose


def _after_parenthesis(sql: str, i: int) -> int:
    depth, quoted = 1, False
    while depth:
        ch = sql[i]
        quoted = quoted != (ch == "'")
        depth += 0 if quoted else (ch == "(") - (ch == ")")
        i += 1
    return i


class _Names(dict):
    """What a case's statements may name, worked out when named (see tests/data/checks_breaks.py)."""

    def __init__(self, engines: Engines, table: Table, engine: str):
        super().__init__()
        self.engines, self.table, self.engine = engines, table, engine

    def __missing__(self, key: str) -> str:
        if key == "machine":
            return self.table.state_machines[0].name
        if key == "on_update":
            return self.engines[self.engine].dialect.on_update_name(self.table)
        if key == "loose":
            return _loose(self.engines, self.table)
        raise KeyError(key)


def _break(engines: Engines, table: Table, case: Break) -> None:
    """Run the case's statements on its engine, outside the checks' transactions."""
    engine, names = engines[case.engine], _Names(engines, table, case.engine)
    for sql in case.ddl:
        engine.execute(sql.format_map(names))
    if engine.name == "postgres":
        engine.conn.commit()


# -- what the failure must be -----------------------------------------------------------------------

def _assert_judgement(case: Break, j: Judgement) -> None:
    """Exactly the case's engine disagrees, for the case's reason; the others give the oracle's verdict
    (or the one a listed degradation of theirs explains: ``~CODE``, which is not a failure)."""
    reason = (case.constraint, case.kind)
    assert j.failing == [case.engine], j.describe()
    broken = j.got[case.engine]
    others = [v for e, v in j.got.items() if e != case.engine and j.status[e] is None]
    assert others, j.describe()  # some other engine agrees with the oracle
    if case.accepts:  # the oracle (and every other engine) rejects for the reason; the broken engine accepts
        assert broken.accepted and reason in [(v.constraint, v.kind) for v in j.expected], j.describe()
        assert all((v.accepted, v.constraint, v.kind) == (False, *reason) for v in others), j.describe()
    else:  # the broken engine rejects for the reason what the oracle (and every other engine) accepts
        assert (broken.accepted, broken.constraint, broken.kind) == (False, *reason), j.describe()
        assert j.expected == () and all(v.accepted for v in others), j.describe()
    if case.source:
        assert j.probe.source == case.source, j.describe()
    assert {c: j.probe.row.get(c) for c in case.shrunk} == case.shrunk, j.describe()


def _stuck(moves: Moves) -> set[tuple[str, str]]:
    """(engine, column) of each on_update_now column an UPDATE did not move forward."""
    return {(e, c) for e, columns in moves.items() for c, (before, after) in columns.items() if not after > before}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_broken_rendering_fails_on_its_engine_for_its_reason(case, schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get(case.system)))
    table, check = engines.schema.table(case.table), CHECKS[case.check]
    assert case.engine in engines.names
    if case.kind == ON_UPDATE:
        assert _stuck(check(engines, table, case)) == set()  # the correct rendering passes
        _break(engines, table, case)
        assert _stuck(check(engines, table, case)) == {(case.engine, case.constraint)}
        return
    check(engines, table, case)  # the correct rendering passes
    _break(engines, table, case)
    with pytest.raises(Disagreement) as caught:
        check(engines, table, case)
    _assert_judgement(case, caught.value.judgement)
