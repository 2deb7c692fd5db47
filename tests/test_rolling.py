"""The rolling window of a monthly partitioning (schema/rolling.py), without a database.

Table-driven cases in tests/data/rolling_cases.py; a hypothesis property: maintaining at any
sequence of times, month after month, always leaves the window the policy describes, and
maintaining twice at the same time does nothing the second time.
"""
from __future__ import annotations

import datetime as _dt

import pytest
from hypothesis import given, strategies as st

from schemakit import Outside, Partitioning, Rolling, TIMESTAMPTZ, col, table
from schemakit.schema import catalog, rolling, serialize
from schemakit.schema.diff import diff
from schemakit.schema.model import PartitionSpec, Schema
from schemakit.schema.validate import SchemaError, validate
from tests.data.rolling_cases import FITS, PLANS

START = _dt.date(2026, 1, 1)


def _month(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text + "-01")


def _policy(ahead: int, archive_after) -> Partitioning:
    return Partitioning("at", START, 24, rolling=Rolling(ahead=ahead, archive_after=archive_after))


def _held(first: str, n: int) -> list[_dt.date]:
    return [rolling.add_months(_month(first), i) for i in range(n)]


@pytest.mark.parametrize("policy, now, held, create, archive", PLANS)
def test_plan(policy, now, held, create, archive):
    got = rolling.plan(_policy(*policy), _held(*held), _dt.date.fromisoformat(now))
    assert got.create == tuple(_month(m) for m in create)
    assert got.archive == tuple(_month(m) for m in archive)


@pytest.mark.parametrize("policy, live, ok", FITS)
def test_fits(policy, live, ok):
    first, n = live
    assert rolling.fits(_policy(*policy), Partitioning("at", _month(first), n)) is ok


@given(st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=30),
       st.integers(min_value=0, max_value=4), st.one_of(st.none(), st.integers(min_value=0, max_value=8)))
def test_maintaining_month_after_month_keeps_the_window(steps, ahead, archive_after):
    p = _policy(ahead, archive_after)
    held = _held("2026-01", 24)
    now = _dt.date(2026, 1, 10)
    for step in steps:
        now = rolling.add_months(now, step)
        todo = rolling.plan(p, held, now)
        held = sorted((set(held) | set(todo.create)) - set(todo.archive))
        w = rolling.window(p, now)
        assert held == [lo for _s, lo, _hi in w.bounds()]
        assert rolling.plan(p, held, now).idle
        assert rolling.fits(p, w)
        assert rolling.add_months(rolling.month_of(now), ahead) in held


def test_scenes_policies_and_their_snapshot_round_trip():
    s = catalog.load("scenes", tenants=[])
    assert s.table("segments").partitioning.rolling == Rolling(ahead=3)
    assert s.table("jobs").partitioning.rolling == Rolling(ahead=3, archive_after=6)
    assert serialize.loads(serialize.dumps(s)) == s


def test_drift_accepts_a_moved_window_and_reports_another_partitioning():
    model = Schema((table("t", col("at", TIMESTAMPTZ, null=False), partition=_policy(3, 6)),))
    moved = Schema((table("t", col("at", TIMESTAMPTZ, null=False), partition=Partitioning("at", _month("2026-09"), 20)),))
    assert diff(model, moved) == [] and diff(moved, model) == []
    early = Schema((table("t", col("at", TIMESTAMPTZ, null=False), partition=Partitioning("at", _month("2025-09"), 40)),))
    assert [c.describe() for c in diff(model, early)]


@pytest.mark.parametrize("policy, words", [
    (Rolling(ahead=-1), "ahead"), (Rolling(ahead=3, archive_after=-2), "archive_after"),
])
def test_a_bad_policy_is_one_line(policy, words):
    s = Schema((table("t", col("at", TIMESTAMPTZ, null=False), partition=Partitioning("at", START, 2, rolling=policy)),))
    with pytest.raises(SchemaError) as e:
        validate(s)
    assert len(e.value.args[0].splitlines()) == 1 and words in str(e.value), str(e.value)  # one problem: one line


def test_a_policy_on_the_explicit_form_is_one_line():
    explicit = Partitioning("at", partitions=(PartitionSpec("p0", upper=START),), rolling=Rolling(ahead=1))
    with pytest.raises(SchemaError) as e:
        validate(Schema((table("t", col("at", TIMESTAMPTZ, null=False), partition=explicit),)))
    assert "stay as declared" in str(e.value)


def test_the_catch_all_takes_rows_after_the_last_month_only():
    p = Partitioning("at", START, 2, rolling=Rolling(ahead=1, outside=Outside.DEFAULT))
    assert p.partition_for(_dt.datetime(2026, 2, 28, 23)) == "2026_02"
    assert p.partition_for(_dt.datetime(2026, 3, 1)) == "future" == p.partition_for(_dt.datetime(2999, 1, 1))
    assert p.partition_for(_dt.datetime(2025, 12, 31)) is None
    assert rolling.window(p, _dt.date(2026, 6, 1)).future and not rolling.window(_policy(1, None), START).future


@pytest.mark.parametrize("p", [
    Partitioning("at", START, 2, rolling=Rolling(ahead=1, archive_after=2, outside=Outside.DEFAULT)),
    Partitioning("at", START, 2, future=True),
])
def test_schema_code_writes_the_policy_and_the_catch_all(p, tmp_path):
    from schemakit.project import load_systems
    from schemakit.schema import codegen
    s = Schema((table("t", col("at", TIMESTAMPTZ, null=False), partition=p),))
    (tmp_path / "app.py").write_text(codegen.write(s, "app"))
    assert load_systems(str(tmp_path / "app.py"), tmp_path)["app"].schema == s
