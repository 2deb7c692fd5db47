"""The oracle's reading of PostgreSQL's range types (checks/ranges.py) against real PostgreSQL.

Hypothesis draws range literals of every built-in range type in any form PostgreSQL reads
(inclusive and exclusive bounds, unbounded sides, quoted bounds, blanks, ``empty``), from small
pools of bounds so that ranges often meet, touch and overlap; PostgreSQL must store each as the
oracle reads it, and decide ``&&`` as the oracle does. Then rows of a table with an exclusion
constraint ``(room WITH =, during WITH &&)``: PostgreSQL's verdict on a new row against the rows
before it must be the oracle's (exclusion constraints exist only on PostgreSQL: the other engines
drop them, MY-EXCLUDE / SL-EXCLUDE, see tests/test_checks_verdicts.py).
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from schemakit.checks.oracle import Existing
from schemakit.checks.plugin import assert_no_disagreement
from schemakit.checks.ranges import EMPTY, SUBTYPES, overlaps, parse
from schemakit.checks.runner import HEALTH, ROW, Probe, check, insert_rows
from schemakit.schema.build import col, exclude, table
from schemakit.schema.model import INTEGER, Schema, native

TYPES = sorted(SUBTYPES)
_DAY = dt.date(2024, 1, 1)
_NOON = dt.datetime(2024, 1, 1, 12)
# Few bound values per type, as text PostgreSQL reads: ranges drawn from them often share a bound.
BOUNDS = {
    "int4range": [str(n) for n in range(-1, 6)],
    "int8range": [str(n) for n in (-2**40, 0, 1, 2, 3, 2**40)],
    "numrange": ["0", "0.5", "1", "1.50", "2", "2.5"],
    "daterange": [(_DAY + dt.timedelta(days=n)).isoformat() for n in range(6)],
    "tsrange": [(_NOON + dt.timedelta(hours=n)).isoformat(sep=" ") for n in range(6)],
    "tstzrange": [(_NOON + dt.timedelta(hours=n)).isoformat(sep=" ") + z for n in range(6) for z in ("+00", "+01:00")],
}


def _sort_key(ty: str, text: str):
    return parse(ty, f"[{text},{text}]").lower


@st.composite
def literals(draw, ty: str) -> str:
    """A literal of range type `ty` whose lower bound does not exceed its upper."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(["empty", "EMPTY", " empty "]))
    a, b = sorted(draw(st.lists(st.sampled_from(BOUNDS[ty]), min_size=2, max_size=2)), key=lambda t: _sort_key(ty, t))
    lower = "" if draw(st.integers(0, 5)) == 0 else a
    upper = "" if draw(st.integers(0, 5)) == 0 else b
    quote = draw(st.booleans())
    lower, upper = (f'"{v}"' if quote and v else v for v in (lower, upper))
    pad = draw(st.sampled_from(["", " "]))
    return f"{pad}{draw(st.sampled_from('[('))}{lower},{upper}{draw(st.sampled_from('])'))}{pad}"


def _slots(ty: str) -> Schema:
    return Schema((table("slot", col("id", INTEGER, null=False), col("room", INTEGER, null=False),
                         col("during", native(ty, "postgres"), null=False),
                         exclude("slot_no_overlap", ("room", "="), ("during", "&&")), pk="id"),))


def _as_stored(r) -> tuple:
    if r == EMPTY:
        return (True, None, None, False, False)
    return (False, r.lower, r.upper, r.lower_inc, r.upper_inc)


@pytest.mark.parametrize("ty", TYPES)
def test_postgres_reads_every_range_literal_and_decides_overlap_as_the_oracle(ty, schemakit_engines):
    pg = schemakit_engines(_slots(ty), names=["postgres"])["postgres"]

    @settings(max_examples=120, deadline=None, suppress_health_check=HEALTH, database=None)
    @given(literals(ty), literals(ty))
    def example(a, b):
        stored = pg.execute(f"SELECT isempty(r), lower(r), upper(r), lower_inc(r), upper_inc(r) "
                            f"FROM (SELECT %s::{ty} AS r) s", [a])[0]
        assert tuple(stored) == _as_stored(parse(ty, a)), a
        got = pg.execute(f"SELECT %s::{ty} && %s::{ty}", [a, b])[0][0]
        assert got is overlaps(parse(ty, a), parse(ty, b)), (a, b)
    example()


@pytest.mark.parametrize("ty", TYPES)
def test_an_overlap_exclusion_gets_the_oracles_verdict_on_postgres(ty, schemakit_engines):
    """Rows in any literal form, a few rooms: each new row's verdict on PostgreSQL is the oracle's,
    and both verdicts occur (rows that conflict and rows that do not)."""
    engines = schemakit_engines(_slots(ty), names=["postgres"])
    slot = engines.schema.table("slot")
    seen = {True: 0, False: 0}
    rows = st.builds(lambda room, during: {"room": room, "during": during}, st.integers(1, 2), literals(ty))

    @settings(max_examples=100, deadline=None, suppress_health_check=HEALTH, database=None)
    @given(st.lists(rows, min_size=1, max_size=4), rows)
    def example(before, new):
        existing = Existing()
        engines.begin()
        try:
            insert_rows(engines, [(slot, {"id": i, **r}) for i, r in enumerate(before)], existing)
            j = check(engines, Probe(slot, {"id": 99, **new}, ROW), existing)  # raises on a disagreement
            seen[j.got["postgres"].accepted] += 1
        finally:
            engines.rollback()
    example()
    assert seen[True] > 0 and seen[False] > 0, seen


def test_the_runner_mutates_an_overlap_exclusion_and_postgres_agrees(schemakit_engines):
    """The runner's own rows (NATIVE_EXAMPLES) and its exclusion mutants: every verdict agrees."""
    engines = schemakit_engines(_slots("tstzrange"), names=["postgres"])
    tally = assert_no_disagreement(engines, [engines.schema.table("slot")], examples=30)
    line = tally.lines[("slot", "slot_no_overlap", "exclusion")]
    assert line.mutants >= 5 and line.cells["postgres"].agree == line.mutants, line.cells["postgres"].text()
