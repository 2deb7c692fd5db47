"""Behaviour checks: the model's rules that span several statements, on every engine.

- `transitions_machine`: a hypothesis RuleBasedStateMachine for a state machine:
  random sequences of UPDATEs of the status column must be accepted exactly
  when the transition table allows them (`StateMachine.allows`), on every engine.
- `combinations`: every combination of given column values (a discriminator
  and the columns it governs) gets the oracle's verdict on every engine.
- `sequence`: rows inserted one after another (a partial unique index: one root
  per story), each judged against the rows kept before it.
- `update` / `judge_update`: an UPDATE's verdict (state machines, CHECKs, keys
  against the other rows, the ON UPDATE actions of foreign keys referencing the
  row), and `touched` reads back what it changed, for the on_update_now columns
  (`updated_at` must move forward on every engine).
- `update_key` / `check_on_update`: an UPDATE of a referenced key, then the child
  rows read back on every engine: CASCADE gives them the new key, SET NULL NULLs,
  SET DEFAULT the defaults; NO ACTION and RESTRICT refuse the UPDATE
  (`oracle.on_update`).

All of them run in the engines' open transaction (`Engines.begin`), and the
caller rolls back: nothing stays.
"""
from __future__ import annotations

import datetime as _dt
import itertools
from typing import Any, Iterable, Optional, Sequence

from hypothesis import assume, given, seed, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from schemakit.schema.model import Kind, Schema, StateMachine, Table

from .engines import Case, Engines
from .oracle import Cascade, Existing, Verdict, allows_update, assigned, cut_spaces, on_update, referencing, violations
from .report import Tally
from .runner import (
    ROW, Disagreement, Judgement, KnownBug, Plan, Probe, check, insert_parents, insert_rows, settle_all,
    status_of,
)
from .strategies import feasible, graph, insertion_order, rows, unique_keys, values

UPDATE = "update"


def key_of(table: Table, row: dict) -> dict:
    """The primary-key values of `row` (every behaviour row gives them explicitly)."""
    return {c: row[c] for c in table.primary_key}


def addressable(table: Table, row: dict) -> bool:
    """Whether one key value finds `row` on every engine: not when a key value has excess
    spaces, which PostgreSQL and MySQL cut and SQLite keeps (SL-VARCHARPAD)."""
    return not any(cut_spaces(table.column(c).type, row.get(c)) for c in table.primary_key)


def with_identity(table: Table, row: dict, existing: Existing) -> dict:
    """`row` with an explicit value for each omitted identity column (max existing + 1)."""
    return {**row, **{c.name: existing.next_identity(table, c.name)
                      for c in table.columns if c.identity and c.name not in row}}


# -- INSERTs ---------------------------------------------------------------------------------------

def combinations(engines: Engines, table: Table, base: dict, choices: dict[str, Sequence[Any]],
                 existing: Existing, tally: Optional[Tally] = None) -> list[Judgement]:
    """Probe `base` with every combination of `choices` (column -> values) on every engine.

    Raises Disagreement on the first combination an engine judges unlike the oracle.
    """
    names = list(choices)
    return [check(engines, Probe(table, {**base, **dict(zip(names, values))}, ROW), existing, tally)
            for values in itertools.product(*(choices[n] for n in names))]


def sequence(engines: Engines, steps: Iterable[tuple[Table, dict]], existing: Existing,
             tally: Optional[Tally] = None) -> list[Judgement]:
    """Insert each (table, row) in turn, keeping the rows every engine accepts (see `runner.insert_rows`)."""
    return insert_rows(engines, steps, existing, tally, source=ROW)


# -- UPDATEs ---------------------------------------------------------------------------------------

def _without(existing: Existing, table: Table, row: dict) -> Existing:
    """`existing` without `row` itself (an UPDATE's keys are compared with the other rows)."""
    rows = {k: [r for r in v if r is not row] if k == table.key else v for k, v in existing.rows.items()}
    return Existing(rows)


def update_verdicts(table: Table, old: dict, changes: dict, existing: Existing,
                    schema: Optional[Schema] = None) -> tuple[Verdict, ...]:
    """Every violation of ``UPDATE SET changes`` on the stored row `old`: a refused
    transition first, then what the new row breaks (keys against the other rows), then,
    given the `schema`, the foreign keys whose ON UPDATE action refuses it (`oracle.on_update`)."""
    machine = allows_update(table, old, changes)
    others = () if machine.accepted else (machine,)
    found = tuple(violations(table, {**old, **changes}, _without(existing, table, old), explicit=changes))
    return others + found + (tuple(on_update(schema, table, old, changes, existing)[0]) if schema else ())


def judge_update(engines: Engines, table: Table, old: dict, changes: dict, existing: Existing,
                 known: Sequence[KnownBug] = ()) -> Judgement:
    """Every engine's verdict on updating the stored row `old` with `changes`; an accepted
    update waits in a savepoint for ``Engine.settle``."""
    expected = update_verdicts(table, old, changes, existing, engines.schema)
    got = {e.name: e.update(table, key_of(table, old), changes, keep=None) for e in engines}
    probe = Probe(table, {**old, **changes}, UPDATE)
    status = {e.name: status_of(e, Case(e.name, table, probe.row, existing, expected, got[e.name]), known)
              for e in engines}
    return Judgement(probe, expected, got, status)


def update(engines: Engines, table: Table, old: dict, changes: dict, existing: Existing,
           tally: Optional[Tally] = None) -> Judgement:
    """`judge_update`, counted in `tally`, kept only when every engine accepted it (as for
    INSERTs, see `runner.insert_rows`); the stored row `old` (in `existing`) follows.

    Raises Disagreement when an engine disagrees unexplained.
    """
    cascades = on_update(engines.schema, table, old, changes, existing)[1]
    j = judge_update(engines, table, old, changes, existing)
    if tally is not None:
        tally.record(j.line, False, j.status)
    keep = settle_all(engines, j)
    if j.failing:
        raise Disagreement(j)
    if keep:
        old.update(changes)
        for c in cascades:
            c.row.update(c.changes)
    return j


Mismatch = tuple[str, str, Any, Any]  # (child table, column, the oracle's value, the engine's)


def update_key(engines: Engines, table: Table, old: dict, changes: dict, existing: Existing,
               tally: Optional[Tally] = None) -> tuple[Judgement, dict[str, list[Mismatch]]]:
    """`update` of the stored row `old`, then every child row the ON UPDATE actions change read back
    on every engine: the judgement, and per engine the child values that differ from the oracle's
    (none when the UPDATE was refused). Raises Disagreement on a verdict as `update` does."""
    cascades = on_update(engines.schema, table, old, changes, existing)[1]
    j = update(engines, table, old, changes, existing, tally)
    kept = all(v.accepted for v in j.got.values())
    return j, {e.name: [m for c in (cascades if kept else []) for m in _mismatches(e, c)] for e in engines}


def _mismatches(engine: Any, c: Cascade) -> list[Mismatch]:
    """The changed columns of child row `c.row` (already updated) that `engine` holds otherwise."""
    seen = engine.select(c.table, key_of(c.table, c.row), list(c.changes))
    out = []
    for column, want in c.changes.items():
        ty = c.table.column(column).type
        got = seen.get(column, "<no row>")
        if assigned(ty, got) != assigned(ty, want):
            out.append((c.table.qualified, column, want, got))
    return out


def check_on_update(engines: Engines, table: Table,
                    plan: Optional[Plan] = None) -> list[tuple[Judgement, dict, int]]:
    """Hypothesis examples: `table`'s rows and rows referencing them, then an UPDATE giving a referenced
    key of a parent row a new value; the verdict and the child rows must follow each foreign key's ON
    UPDATE action on every engine. Returns each UPDATE's judgement, its mismatches (`update_key`) and
    how many child rows the oracle's ON UPDATE actions changed."""
    plan, schema = plan or Plan(), engines.schema
    found: list[tuple[Judgement, dict, int]] = []
    refs = referencing(schema, table)
    if not refs:
        return found
    order = insertion_order(schema, [child for child, _ in refs])

    @plan.settings()
    @seed(plan.seed)
    @given(st.data())
    def example(data):
        drawn = data.draw(graph(schema, [child for child, _ in refs], max_rows=2), label="rows")
        engines.begin()
        try:
            existing = insert_parents(engines, order, drawn)
            parents = existing.of(table)
            assume(parents)
            parent = data.draw(st.sampled_from(parents), label="parent")
            fk = data.draw(st.sampled_from([fk for _, fk in refs]), label="foreign key")
            assume(addressable(table, parent) and all(c in parent for c in table.primary_key))
            changes = {r: data.draw(values(table.column(r)), label=r) for r in fk.ref_columns}
            cascades = on_update(schema, table, parent, changes, existing)[1]
            found.append((*update_key(engines, table, parent, changes, existing), len(cascades)))
        finally:
            engines.rollback()
    example()
    return found


def touched(engines: Engines, table: Table, row: dict, columns: Sequence[str]) -> dict[str, dict]:
    """Per engine, `columns` of the stored `row` read back (timestamps as naive UTC)."""
    return {e.name: e.select(table, key_of(table, row), columns) for e in engines}


def on_update_columns(table: Table) -> list[str]:
    """The columns an UPDATE sets to the current time."""
    return [c.name for c in table.columns if c.on_update_now]


# -- state machines --------------------------------------------------------------------------------

def states(table: Table, machine: StateMachine) -> list[str]:
    """Every value the machine's column can hold: the enum's values, else those the transitions name."""
    ty = table.column(machine.column).type
    if ty.kind is Kind.ENUM:
        return list(ty.enum_type.values)
    return sorted({s for pair in machine.transitions for s in pair})


def transitions_machine(engines: Engines, table: Table, machine: StateMachine, base: dict,
                        existing: Optional[Existing] = None) -> type[RuleBasedStateMachine]:
    """A RuleBasedStateMachine: insert `base` in some state, then UPDATE the state at random.

    Each UPDATE must get the same verdict on every engine as ``machine.allows``; the
    stored state must follow the accepted ones. Run it with
    ``hypothesis.stateful.run_state_machine_as_test``.
    """
    values = states(table, machine)

    class Transitions(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            engines.begin()
            self.existing = Existing({k: list(v) for k, v in (existing or Existing()).rows.items()})
            self.row: dict = {}

        @initialize(state=st.sampled_from(values))
        def insert(self, state):
            self.row = with_identity(table, {**base, machine.column: state}, self.existing)
            j = sequence(engines, [(table, self.row)], self.existing)[0]
            assert all(v.accepted for v in j.got.values()), j.describe()

        @rule(state=st.sampled_from(values))
        def change(self, state):
            before = self.row[machine.column]
            j = update(engines, table, self.row, {machine.column: state}, self.existing)
            allowed = machine.allows(before, state)
            assert all(v.accepted == allowed for v in j.got.values()), j.describe()
            assert allowed or all(v.constraint == machine.name for v in j.got.values()), j.describe()

        @invariant()
        def stored_state(self):
            if self.row:
                seen = touched(engines, table, self.row, [machine.column])
                assert all(v[machine.column] == self.row[machine.column] for v in seen.values()), seen

        def teardown(self):
            engines.rollback()

    Transitions.__name__ = f"Transitions_{table.name}_{machine.name}"
    return Transitions


PAST = _dt.datetime(2001, 2, 3, 4, 5, 6, 789012)  # an on_update_now column's value before an UPDATE (UTC)


def past(table: Table, column: str) -> _dt.datetime:
    """`PAST` as a value of `column` (aware UTC for timestamptz)."""
    aware = table.column(column).type.kind is Kind.TIMESTAMPTZ
    return PAST.replace(tzinfo=_dt.timezone.utc) if aware else PAST


Moves = dict[str, dict[str, tuple[Any, Any]]]  # engine -> column -> (before, after)


def updated_at_moves(engines: Engines, table: Table, row: dict, changes: dict,
                     existing: Existing) -> Optional[tuple[Judgement, Moves]]:
    """Insert `row` with every on_update_now column at `PAST`, apply `changes`, read them back;
    None when an engine refuses the row as one of its listed degradations says.

    The UPDATE's judgement, and per engine, per column: (before, after). After an
    accepted UPDATE the caller asserts ``after > before``.
    """
    columns = on_update_columns(table)
    stored = with_identity(table, {**row, **{c: past(table, c) for c in columns}}, existing)
    j = sequence(engines, [(table, stored)], existing)[0]
    if not all(v.accepted for v in j.got.values()):
        if any(status is not None for status in j.status.values()):
            return None  # an engine refused it as a listed degradation says: nothing to update everywhere
        raise AssertionError(f"the row to update was not accepted:\n{j.describe()}")
    before = touched(engines, table, stored, columns)
    j = update(engines, table, stored, changes, existing)
    after = touched(engines, table, stored, columns)
    return j, {e: {c: (before[e][c], after[e][c]) for c in columns} for e in engines.names}


def free_columns(table: Table) -> set[str]:
    """Columns an UPDATE may set to another valid row's value without touching a key:
    not in the primary key, a unique key, a foreign key or the partition key, not set by the engine."""
    fixed = set(table.primary_key) | {c for f in table.foreign_keys for c in f.columns}
    fixed |= {c for _, _, cols, _ in unique_keys(table) for c in cols}
    fixed |= {table.partitioning.column} if table.partitioning else set()
    fixed |= {c.name for c in table.columns if c.identity or c.on_update_now}
    return {c.name for c in table.columns} - fixed


def check_updated_at(engines: Engines, table: Table, plan: Optional[Plan] = None) -> list[tuple[Judgement, Moves]]:
    """Hypothesis examples: parents, a valid row, then an UPDATE giving its free columns another
    valid row's values. Returns each UPDATE's judgement and the on_update_now columns' moves."""
    plan, schema, found = plan or Plan(), engines.schema, []
    order, free = insertion_order(schema, [table]), free_columns(table)
    parents = [t for t in order if t.key != table.key]  # not the table's own rows: they would take its keys

    @plan.settings()
    @given(st.data())
    def example(data):
        drawn = data.draw(graph(schema, parents, max_rows=1), label="parents") if parents else Existing()
        engines.begin()
        try:
            existing = insert_parents(engines, order, drawn)
            if feasible(table, existing):
                row, other = data.draw(rows(table, existing), label="row"), data.draw(rows(table, existing))
                assume(addressable(table, row))
                changes = {c: v for c, v in other.items() if c in free and v != row.get(c)}
                if changes:
                    moves = updated_at_moves(engines, table, row, changes, existing)
                    assume(moves is not None)
                    found.append(moves)
        finally:
            engines.rollback()
    example()
    return found

