"""Index usage via EXPLAIN on the real engines, for every access pattern of the catalog.

Each (engine, system) gets one database loaded with tens of thousands of
rows (tests/data/access_volumes.py) and analyzed, made when its first test
runs and dropped when the next one is needed. The break test drops the
pattern's index and shows the check then reports it unused.
"""
from __future__ import annotations

import contextlib
import functools

import pytest

from schemakit import dialects
from schemakit.checks.explain import check_pattern, expected_partitions, render
from schemakit.checks.load import database, generate, load
from schemakit.dialects.explain import PRIMARY_KEY, PlanNode
from schemakit.schema import catalog
from schemakit.schema.model import AccessPattern
from tests.conftest import ENGINES, family, for_engine, require_server
from tests.data.access_patterns_expected import BREAK, EXPECTED, PARTITIONS, PLANS, PRUNES
from tests.data.access_volumes import VOLUMES

SEED_PATTERNS = ("segments of a scene in order", "latest bible of a scene", "pending moderation queue",
                 "active jobs by status", "chat history of a user and script, newest first")
PATTERNS = [(s, p) for s in catalog.names() for p in catalog.get(s).access_patterns]


def _id(case) -> str:
    return "-".join(str(x) if isinstance(x, str) else x.name for x in case).replace(" ", "_")


@functools.lru_cache(maxsize=None)
def _schema(system: str):
    return catalog.load(system, tenants=[])


@functools.lru_cache(maxsize=1)
def _dataset(system: str):
    return generate(_schema(system), VOLUMES[system])


class _Loaded:
    """The one loaded database in use: (engine, system) -> connection, the previous one dropped."""

    def __init__(self):
        self.key, self.conn, self.stack = None, None, contextlib.ExitStack()

    def get(self, engine: str, system: str):
        if self.key != (engine, system):
            self.close()
            server = require_server(engine) if dialects.get(engine).has_server else None
            self.conn = self.stack.enter_context(database(engine, server, _schema(system)))
            load(engine, self.conn, _dataset(system))
            self.key = (engine, system)
        return self.conn

    def close(self):
        self.stack.close()
        self.key, self.conn, self.stack = None, None, contextlib.ExitStack()


@pytest.fixture(scope="module")
def loaded():
    holder = _Loaded()
    yield holder
    holder.close()


# -- the model ------------------------------------------------------------------------------

def test_the_catalog_names_the_seed_patterns():
    names = [p.name for _, p in PATTERNS]
    assert len(names) >= 6 and set(SEED_PATTERNS) <= set(names)
    assert set(EXPECTED) == {(s, p.name) for s, p in PATTERNS}, "every pattern needs an expectation"


@pytest.mark.parametrize("case", PATTERNS, ids=_id)
def test_each_pattern_names_an_index_of_its_table(case):
    system, p = case
    table = _schema(system).table(p.table, p.namespace)
    names = {i.name for i in table.indexes} | {u.name for u in table.uniques} | {PRIMARY_KEY}
    assert p.index in names
    assert p.table in render(p, "postgres")


@pytest.mark.parametrize("case", sorted(PARTITIONS), ids=_id)
@pytest.mark.parametrize("engine", [e for e in ENGINES if for_engine(PRUNES, e)])
def test_the_model_prunes_partitions_from_the_where_clause(engine, case):
    system, name = case
    p = _pattern(system, name)
    table = _schema(system).table(p.table)
    assert expected_partitions(table, p.sql, engine) == PARTITIONS[case]


def test_a_between_bound_that_is_no_timestamp_literal_narrows_nothing():
    jobs = _schema("scenes").table("jobs")  # monthly partitions 2026-01 .. 2027-12
    upper_open = "SELECT id FROM jobs WHERE created_at BETWEEN '2027-11-15' AND now()"
    lower_open = "SELECT id FROM jobs WHERE created_at BETWEEN now() AND '2026-02-10'"
    assert expected_partitions(jobs, upper_open, "postgres") == ("jobs_2027_11", "jobs_2027_12")
    assert expected_partitions(jobs, lower_open, "postgres") == ("jobs_2026_01", "jobs_2026_02")


def test_order_by_keeps_each_engines_own_null_order():
    p = _pattern("scriptpal", "chat history of a user and script, newest first")
    assert render(p, "mysql").endswith("ORDER BY `timestamp` DESC LIMIT 50")
    assert render(p, "sqlite").endswith('ORDER BY "timestamp" DESC LIMIT 50')


def _pattern(system: str, name: str) -> AccessPattern:
    return next(p for p in catalog.get(system).access_patterns if p.name == name)


# -- the engines ----------------------------------------------------------------------------

# System, then engine, then pattern: each dataset is made once and each database loaded once.
CASES = [(e, s, p) for s in catalog.names() for e in ENGINES for p in catalog.get(s).access_patterns]


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_pattern_is_served_as_the_model_expects(loaded, case):
    engine, system, p = case
    result = check_pattern(engine, loaded.get(engine, system), _schema(system), p)
    assert (result.status, result.codes) == for_engine(EXPECTED[(system, p.name)], engine), str(result)
    if result.partitions is not None:
        assert result.partitions == (PARTITIONS[(system, p.name)],) * 2, str(result)
    shape = PLANS.get((engine, system, p.name), PLANS.get((family(engine), system, p.name)))
    if shape is not None:
        assert result.plan.nodes == tuple(PlanNode(*n) for n in shape), str(result.plan)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_dropped_index_is_reported_unused(loaded, engine):
    system, name = BREAK
    p = _pattern(system, name)
    conn = loaded.get(engine, system)
    d = dialects.get(engine)
    table = d.lower(_schema(system)).schema.table(p.table)
    on = f" ON {d.table_name(table)}" if family(engine) == "mysql" else ""  # MySQL names the table
    _execute(engine, conn, f"DROP INDEX {d.quote(p.index)}{on}")
    try:
        result = check_pattern(engine, conn, _schema(system), p)
    finally:
        _restore(engine, conn, d, table, p.index)
    assert result.status == "failed", str(result)
    assert f"{p.index} not used" in result.message and "does not exist on the live database" in result.message
    assert all(n.index != p.index for n in result.plan.nodes)
    assert check_pattern(engine, conn, _schema(system), p).status == "ok"  # restored


def _execute(engine: str, conn, sql: str) -> None:
    if family(engine) == "mysql":
        with conn.cursor() as cur:
            cur.execute(sql)
    elif engine == "sqlite":
        conn.execute("BEGIN")
        conn.execute(sql)
    else:
        conn.execute(sql)


def _restore(engine: str, conn, d, table, index: str) -> None:
    """Undo the DROP INDEX: a rollback where DDL is transactional, the index re-added on MySQL."""
    if family(engine) == "mysql":
        i = next(i for i in table.indexes if i.name == index)
        _execute(engine, conn, f"ALTER TABLE {d.table_name(table)} ADD {d.index_sql(table, i)}")
        _execute(engine, conn, f"ANALYZE TABLE {d.table_name(table)}")
    else:
        conn.rollback()
