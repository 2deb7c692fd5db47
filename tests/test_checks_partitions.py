"""Partition routing on the real engines: every row lands where the model predicts.

One database per engine holds the scenes schema and the parents of its
partitioned tables; each probe row is inserted in a transaction that is
rolled back. The bound-breaking tests show the check catches a shifted bound
and a bound written in the wrong time zone.
"""
from __future__ import annotations

import datetime as _dt

import pytest
from hypothesis import given, strategies as st

from schemakit.checks.load import Volume, database, generate, load
from schemakit.checks.partitions import (
    OFFSETS, UTC, boundary_values, check_routing, partition_name, predicted_suffix,
)
from schemakit import dialects
from schemakit.checks.strategies import partition_values
from schemakit.dialects import explain as plans
from schemakit.schema import catalog
from tests.conftest import ENGINES, family, for_engine, require_server
from tests.data.partition_breaks import CASES

SCHEMA = catalog.load("scenes", tenants=[])
PARTITIONED = [t for t in SCHEMA.tables if t.partitioning is not None]
STATUS = {"postgres": ("ok", ()), "mysql": ("ok", ()), "sqlite": ("degraded", ("SL-PARTITION",))}


def _server(engine: str):
    return require_server(engine) if dialects.get(engine).has_server else None


@pytest.fixture(scope="module")
def sample():
    """Parents of the partitioned tables, and one valid row of each (the probes' base rows)."""
    return generate(SCHEMA, [Volume(t.name, 1) for t in PARTITIONED])


def _parents(data) -> list[str]:
    return [t.qualified for t in data.tables if t.partitioning is None]


@pytest.fixture(scope="module", params=ENGINES)
def routed(request, sample):
    """(engine, connection) to a database with the parents loaded."""
    engine = request.param
    with database(engine, _server(engine), SCHEMA) as conn:
        load(engine, conn, sample, only=_parents(sample))
        yield engine, conn


def test_the_catalog_has_the_partitioned_tables_the_checks_probe():
    assert [t.name for t in PARTITIONED] == ["segments", "jobs"]


def test_the_model_prediction_converts_aware_values_to_utc():
    p = PARTITIONED[0].partitioning
    late = _dt.datetime(2026, 2, 28, 20, 0, tzinfo=_dt.timezone(_dt.timedelta(hours=-8)))  # 03-01 04:00 UTC
    assert predicted_suffix(p, late) == "2026_03"
    assert p.partition_for(late) == "2026_03"  # the model converts aware values to UTC too


@pytest.mark.parametrize("name", [t.name for t in PARTITIONED])
def test_rows_at_every_bound_land_where_the_model_predicts(routed, sample, name):
    engine, conn = routed
    table = SCHEMA.table(name)
    report = check_routing(engine, conn, SCHEMA, table, sample.of(table)[0], boundary_values(table.partitioning))
    assert not report.mismatches, str(report)
    assert (report.status, report.codes) == for_engine(STATUS, engine), str(report)
    _assert_covers_every_outcome(engine, conn, table, report)


def _assert_covers_every_outcome(engine, conn, table, report) -> None:
    """The probes reached every partition the engine has, and the rejection, as the model names them."""
    months = [partition_name(engine, table, suffix) for suffix, _, _ in table.partitioning.bounds()]
    landed = {r.landed for r in report.results}
    outside = [r for r in report.results if r.model is None]
    assert outside, "no probe outside every partition"
    if engine == "sqlite":  # SL-PARTITION: stored in the one table, whatever the model says
        assert plans.reader(engine).partitions(conn, table) == [] and landed == {table.name}
    else:
        assert plans.reader(engine).partitions(conn, table) == months
        assert landed == set(months) | {None}
        assert all(r.landed is None and r.partition_error for r in outside)


_AROUND = st.datetimes(_dt.datetime(2024, 1, 1), _dt.datetime(2030, 1, 1),
                       timezones=st.sampled_from((UTC,) + OFFSETS))


@pytest.mark.parametrize("name", [t.name for t in PARTITIONED])
@given(data=st.data())
def test_random_timestamps_land_where_the_model_predicts(routed, sample, name, data):
    engine, conn = routed
    table = SCHEMA.table(name)
    inside = partition_values(table.column(table.partitioning.column), table.partitioning)
    values = data.draw(st.lists(st.one_of(inside, _AROUND), min_size=1, max_size=8))
    report = check_routing(engine, conn, SCHEMA, table, sample.of(table)[0], values)
    assert not report.mismatches, str(report)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_partition_bound_is_reported(case, sample):
    engine, statements, (lo, hi) = CASES[case]
    table = SCHEMA.table("segments")
    with database(engine, _server(engine), SCHEMA) as conn:
        load(engine, conn, sample, only=_parents(sample))
        _run(engine, conn, statements)
        report = check_routing(engine, conn, SCHEMA, table, sample.of(table)[0], boundary_values(table.partitioning))
    wrong = [r.value for r in report.results if lo <= r.value < hi]
    assert wrong, "no probe inside the broken window"
    assert report.status == "failed"
    assert sorted(r.value for r in report.mismatches) == sorted(wrong), str(report)


def _run(engine: str, conn, statements) -> None:
    for sql in statements:
        if family(engine) == "mysql":
            with conn.cursor() as cur:
                cur.execute(sql)
        else:
            conn.execute(sql)
    conn.commit()
