"""The cross-engine checks for any canonical schema, from another project's test suite.

As a pytest plugin, in the suite's root ``conftest.py``::

    pytest_plugins = ["schemakit.checks.plugin"]

(pytest accepts ``pytest_plugins`` only in the root conftest), or by importing
the fixture into a test module::

    from schemakit.checks.plugin import assert_same_verdicts, schemakit_engines  # noqa: F401

    def test_orders(schemakit_engines):
        engines = schemakit_engines(MY_SCHEMA)                 # fresh databases, dropped afterwards
        assert_same_verdicts(engines, "orders", [{"id": 1, "total": -5}])
        assert_no_disagreement(engines, examples=10)           # hypothesis rows and mutants

Servers: ``SCHEMAKIT_PG_URL`` and ``SCHEMAKIT_MYSQL_URL`` (default: the local
servers); SQLite files go to the test's tmp_path. An unreachable server skips
the test, or fails it when ``CI=true``.
"""
from __future__ import annotations

import os
from typing import Iterable, Optional, Sequence, Union

import pytest

from schemakit.schema.model import Schema, Table

from .engines import ENGINE_NAMES, Engines, open_engines
from .oracle import Existing
from .report import Tally
from .runner import Disagreement, Judgement, KnownBug, Plan, Probe, check, insert_rows, run


@pytest.fixture
def schemakit_engines(tmp_path):
    """Factory: ``schemakit_engines(schema, names=("postgres", "mysql", "sqlite")) -> Engines``,
    fresh databases migrated to `schema` with schemakit's DDL, dropped after the test."""
    opened: list[Engines] = []

    def make(schema: Schema, names: Sequence[str] = ENGINE_NAMES) -> Engines:
        try:
            engines = open_engines(schema, names, workdir=tmp_path)
        except Exception as e:  # the drivers' connection errors differ per engine
            _unavailable(names, e)
        opened.append(engines)
        return engines

    yield make
    for engines in opened:
        engines.close()


def _unavailable(names: Sequence[str], error: Exception) -> None:
    first = str(error).splitlines()[0] if str(error) else type(error).__name__
    msg = (f"schemakit engines {', '.join(names)} unavailable: {type(error).__name__}: {first}. "
           "Set SCHEMAKIT_PG_URL / SCHEMAKIT_MYSQL_URL to reachable servers.")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg, pytrace=False)
    pytest.skip(msg)


def _table(engines: Engines, table: Union[Table, str]) -> Table:
    if isinstance(table, Table):
        return table
    namespace, _, name = table.rpartition(".")
    return engines.schema.table(name, namespace or None)


def assert_same_verdicts(target: Union[Engines, Schema], table: Union[Table, str], rows: Iterable[dict],
                         parents: Iterable[tuple[Union[Table, str], dict]] = (),
                         known: Sequence[KnownBug] = ()) -> list[Judgement]:
    """Every row of `rows` gets the oracle's verdict on every engine (each probe rolled back).

    `target`: open Engines, or a Schema (fresh databases on every engine are made
    and dropped). `parents` are inserted first and kept for the rows' foreign keys.
    Raises `runner.Disagreement` (an AssertionError) naming the row and each verdict.
    """
    if isinstance(target, Schema):
        with open_engines(target) as engines:
            return assert_same_verdicts(engines, table, rows, parents, known)
    engines, existing = target, Existing()
    engines.begin()
    try:
        for j in insert_rows(engines, [(_table(engines, t), r) for t, r in parents], existing, known=known):
            if not all(v.accepted for v in j.got.values()):
                raise AssertionError(f"a parent row was not accepted:\n{j.describe()}")
        return [check(engines, Probe(_table(engines, table), row, "row"), existing, known=known) for row in rows]
    finally:
        engines.rollback()


def assert_no_disagreement(engines: Engines, tables: Optional[Iterable[Union[Table, str]]] = None,
                           examples: Optional[int] = None, known: Sequence[KnownBug] = ()) -> Tally:
    """The cross-engine runner on `tables` (default: all): hypothesis rows, key variants and one
    mutant per constraint in each example. Returns the Tally; raises Disagreement."""
    chosen = None if tables is None else [_table(engines, t) for t in tables]
    return run(engines, chosen, plan=Plan(examples=examples, known=tuple(known)))


__all__ = ["schemakit_engines", "assert_same_verdicts", "assert_no_disagreement", "Disagreement"]
