"""The differential suite (tests/differential.py, cases in tests/differential/<engine>/*.sql).

Each case: its current and desired DDL loaded by the engine's native client into two databases,
both read as `schemakit inspect` reads them, the plan current -> desired applied to the first,
which must then read back as desired, and its rollback applied, after which it must read back as
current. One pair of databases per engine serves the whole session (emptied between cases). A case
that does not converge fails with the reason, unless its ``-- expect: diverges: WHY`` line documents
it. The per-engine summary (cases, converged, rate, every case that did not converge) is printed
at the end and written to build/differential.txt.

Every case runs on postgres, mariadb and sqlite. The mysql engine runs every `MYSQL_SHARE`-th case
of the mysql folder by default (all of them under HYPOTHESIS_PROFILE=deep) on the server its URL
names, as the commands do: when that server is MariaDB, the mariadb run covers them and they skip.
"""
from __future__ import annotations

import os
import warnings

import pytest

from schemakit import dialects
from tests import differential
from tests.conftest import ENGINES, require_server

MYSQL_SHARE = 4
DEEP = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "deep"


def _selected(engine: str) -> list[differential.Case]:
    found = differential.cases(differential.FOLDERS[engine])
    if engine == "mysql" and not DEEP:
        return found[::MYSQL_SHARE]
    return found


CASES = [(engine, case) for engine in ENGINES for case in _selected(engine)]


@pytest.fixture(scope="module")
def outcomes():
    """engine -> the outcomes of its cases run so far; the summary is written when the module ends."""
    found: dict[str, list[differential.Outcome]] = {}
    yield found
    if found:
        differential.write_summary(found)


@pytest.fixture(scope="module")
def pairs():
    """engine -> its `differential.Pair` (made on first use), dropped when the module ends."""
    made: dict[str, differential.Pair] = {}
    yield made
    for pair in made.values():
        pair.close()


def _pair(pairs: dict, engine: str) -> differential.Pair:
    """The engine's pair of databases; a skip when its server is a variant the suite runs as such
    (a mysql:// URL reaching MariaDB: the mariadb run covers the mysql folder)."""
    if dialects.get(engine).has_server:
        require_server(engine)  # fails under CI=true, skips elsewhere
    if engine not in pairs:
        pairs[engine] = differential.Pair(engine)
    served = pairs[engine].dialect.name
    if served != engine and served in ENGINES:
        pytest.skip(f"the {engine} server is {served}: the {served} run covers these cases")
    return pairs[engine]


def test_the_suite_has_at_least_60_cases_per_engine_folder_and_200_in_all():
    counts = {folder: len(differential.cases(folder)) for folder in ("postgres", "mysql", "sqlite")}
    assert min(counts.values()) >= 60 and sum(counts.values()) >= 200, counts


def test_a_malformed_case_file_names_its_line():
    with pytest.raises(ValueError, match="x.sql:2"):
        differential.parse("-- case: a\n-- expect: maybe\n", "postgres", "x.sql")
    with pytest.raises(ValueError, match="x.sql:1"):
        differential.parse("CREATE TABLE t (x int);\n", "postgres", "x.sql")


@pytest.mark.parametrize(("engine", "case"), CASES, ids=[f"{e}-{c.name}" for e, c in CASES])
def test_case_converges_and_rolls_back(engine, case, pairs, outcomes):
    pair = _pair(pairs, engine)
    out = differential.run(pair, case)
    outcomes.setdefault(engine, []).append(out)
    if out.stale:
        warnings.warn(f"{case.source}: converges now; remove its -- expect: diverges line", stacklevel=1)
    if not out.expected:
        pytest.fail(out.line(), pytrace=False)


def test_the_summary_is_printed_after_the_cases(outcomes, capsys):
    """Runs after the cases (pytest keeps a module's order): prints the summary written to
    build/differential.txt (rewritten with the same content when the module ends)."""
    if not outcomes:
        pytest.skip("no differential case ran")
    text = differential.write_summary(outcomes)
    with capsys.disabled():
        print("\n" + text, end="")


def test_the_summary_gives_rates_reasons_and_stale_expectations():
    text = """-- case: ok
-- current
-- desired
CREATE TABLE t (x int);
-- case: known
-- expect: diverges: a model limit
-- current
-- desired
CREATE TABLE u (x int);
-- case: bad
-- current
-- desired
CREATE TABLE v (x int);
"""
    ok, known, bad = differential.parse(text, "postgres", "x.sql")
    outs = [differential.Outcome(ok, differential.CONVERGED), differential.Outcome(known, differential.CONVERGED),
            differential.Outcome(bad, "failed to apply", ["add table v: boom"])]
    summary = differential.summary({"postgres": outs})
    assert "postgres: 3 cases, 2 converged, 66.7%" in summary
    assert "postgres/bad (x.sql:10): failed to apply: add table v: boom" in summary
    assert "remove the -- expect: diverges line" in summary and "postgres/known (x.sql:5)" in summary
    assert [o.expected for o in outs] == [True, True, False] and outs[1].stale
