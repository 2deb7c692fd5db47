"""The cross-engine verdict runner on every table of every catalog system, on the real engines.

Each system is migrated with schemakit's DDL into fresh PostgreSQL, MariaDB and
SQLite databases; hypothesis draws parents, valid rows, key variants and one
mutant per constraint for every table, and every engine must give each row the
oracle's verdict, or differ only as a listed degradation explains (counted as
such, with its code); the edge cases the runner once found are pinned below. Examples per table: a third of the
hypothesis profile's max_examples (ci: 8; every constraint is mutated in every
example), at least 5.
"""
from __future__ import annotations

import pytest
from hypothesis import settings

from schemakit.checks.behaviour import update_verdicts
from schemakit.checks.engines import Case, open_engines
from schemakit.checks.oracle import Existing, violations
from schemakit.checks.plugin import assert_no_disagreement, assert_same_verdicts
from schemakit.checks.report import ACCEPTED_LINE, matrix
from schemakit.checks.runner import (
    Disagreement, KnownBug, Plan, Probe, check, insert_rows, judge, run, status_of, system_schema,
)
from schemakit.checks.strategies import mutations
from schemakit.schema import catalog
from schemakit import cli
from schemakit import dialects
from tests.conftest import for_engine, require_server
from tests.data import checks_verdicts as cases

SYSTEMS = catalog.names()


def examples_per_table() -> int:
    """A third of the profile's examples (ci: 8, deep: 166), at least 5."""
    return max(5, settings.default.max_examples // 3)


@pytest.mark.parametrize("system", SYSTEMS)
def test_every_table_gets_the_oracles_verdict_on_every_engine(system, schemakit_engines):
    engines = schemakit_engines(system_schema(catalog.get(system)))
    tally = run(engines, plan=Plan(examples=examples_per_table()), title=system)
    print(matrix(tally))
    assert not tally.disagreements
    tables = {t.qualified for t in engines.schema.tables}
    assert tally.tables() == tables
    tried = {(line.table, line.constraint) for line in tally.lines.values() if line.tried}
    assert {(t, ACCEPTED_LINE) for t in tables} <= tried  # a valid row of every table, on every engine
    for t in engines.schema.tables:  # every constraint with a mutation was mutated
        wanted = {(t.qualified, name) for name, _ in mutations(t)}
        assert wanted - tried == set(), f"{t.qualified}: never mutated: {sorted(wanted - tried)}"


def test_degraded_verdicts_are_shown_with_their_code(schemakit_engines):
    """scenes on MySQL and SQLite: partitions and foreign keys the engines drop are degraded, not agreed."""
    engines = schemakit_engines(system_schema(catalog.get("scenes")))
    segments = engines.schema.table("segments")
    tally = run(engines, [segments], plan=Plan(examples=5, only={"segments", "segments_scene_id_fkey"},
                                               variants=False), title="scenes")
    text = matrix(tally)
    assert tally.degraded()[("sqlite", "SL-PARTITION")] > 0 and "~SL-PARTITION" in text
    assert tally.degraded()[("mysql", "MY-PARTFK")] > 0 and "~MY-PARTFK" in text
    line = tally.lines[("segments", "segments", "partition")]
    assert line.cells["postgres"].agree == line.mutants and line.cells["sqlite"].agree == 0


# -- edge cases the runner once found: each engine's status pinned ---------------------------------

@pytest.fixture(scope="module")
def system_engines():
    """Engines per catalog system, made once for this module's edge cases."""
    made: dict = {}

    def get(system):
        for name in dialects.names():
            if dialects.get(name).has_server:
                require_server(name)
        if system not in made:
            made[system] = open_engines(system_schema(catalog.get(system)))
        return made[system]
    yield get
    for engines in made.values():
        engines.close()


def _judged(engines, parents, table, row):
    schema, existing = engines.schema, Existing()
    engines.begin()
    try:
        insert_rows(engines, [(schema.table(t), r) for t, r in parents], existing)
        return judge(engines, Probe(schema.table(table), row, "row"), existing)
    finally:
        engines.rollback()


@pytest.mark.parametrize("case, system, parents, table, row, status", cases.EDGE_CASES,
                         ids=[c[0] for c in cases.EDGE_CASES])
def test_edge_case_gets_the_same_verdict_or_a_listed_degradation(case, system, parents, table, row, status,
                                                                  system_engines):
    """Each engine agrees with the oracle, or differs exactly as the named degradation says."""
    engines = system_engines(system)
    j = _judged(engines, parents, table, row)
    assert j.status == {e: for_engine(status, e) for e in engines.names}, j.describe()


def test_trailing_space_unique_verdicts_agree_on_every_engine_but_mysql(system_engines):
    """'a', then 'a ' in a UNIQUE varchar: accepted on PostgreSQL, SQLite and MariaDB alike, as the
    oracle says; rejected by the mysql rendering (utf8mb4_bin, PAD SPACE), as MY-PADSPACE explains."""
    engines = system_engines("scenes")
    assert {"postgres", "sqlite", "mysql", "mariadb"} <= set(engines.names)
    j = _judged(engines, [("users", {"email": "ann@example.com", "username": "a"})], "users",
                {"email": "bob@example.com", "username": "a "})
    assert j.expected == (), j.describe()  # the oracle accepts it
    assert all(j.got[e].accepted and j.status[e] is None for e in engines.names if e != "mysql"), j.describe()
    assert not j.got["mysql"].accepted and j.got["mysql"].constraint == "users_username_key", j.describe()
    assert j.status["mysql"] == "~MY-PADSPACE", j.describe()
    assert "MY-PADSPACE" not in {g.code for g in engines["mariadb"].degradations}


def test_a_known_bug_is_counted_not_failed(system_engines):
    """A caller's KnownBug turns a disagreement it recognises into ``!ID``, and nothing else."""
    tab = KnownBug("TAB", "a test double: MariaDB's cut of an excess tab", lambda c: c.row["title"].endswith("\t"))
    engines = system_engines("prismq")
    idea = Probe(engines.schema.table("idea"), {**cases.EDGE_CASES[0][4], "title": "x" * 255 + "\t"}, "row")
    mysql, listed = engines["mysql"], engines["mysql"].degradations
    mysql.degradations = ()  # forget MY-VARCHARWS: the difference is now unexplained
    engines.begin()
    try:
        with pytest.raises(Disagreement, match="mysql: accepted"):
            check(engines, idea, Existing())
        j = check(engines, idea, Existing(), known=[tab])
    finally:
        engines.rollback()
        mysql.degradations = listed
    expected = {"postgres": None, "mysql": "!TAB", "sqlite": None, "mariadb": "~MY-VARCHARWS"}  # its own, listed
    assert j.status == {e: for_engine(expected, e) for e in engines.names}, j.describe()


# -- for other test suites: the plugin's fixture and functions -------------------------------------

def test_plugin_checks_a_schema_from_elsewhere(schemakit_engines):
    engines = schemakit_engines(cases.ORDERS)
    orders = engines.schema.table("orders")
    judged = assert_same_verdicts(engines, "orders", [row for row, _ in cases.ORDERS_ROWS],
                                  parents=cases.ORDERS_PARENTS)
    for j, (_, constraint) in zip(judged, cases.ORDERS_ROWS):
        assert {v.constraint for v in j.got.values()} == {constraint}, j.describe()
    tally = assert_no_disagreement(engines, [orders], examples=5)
    assert tally.lines[("orders", "orders_total_check", "check")].mutants >= 5


def test_an_exclusion_constraint_is_judged_on_postgres_and_its_degradation_explains_the_others(schemakit_engines):
    engines = schemakit_engines(cases.BOOKINGS)
    tally = assert_no_disagreement(engines, [engines.schema.table("booking")], examples=30)
    line = tally.lines[("booking", "booking_room_slot", "exclusion")]
    assert line.mutants >= 5
    assert line.cells["postgres"].agree == line.mutants
    for name in engines.names:
        if name != "postgres":
            code = "~SL-EXCLUDE" if name == "sqlite" else "~MY-EXCLUDE"
            assert line.cells[name].degraded[code] == line.mutants, line.cells[name].text()


# -- an identity GENERATED ALWAYS ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def always_engines():
    """Engines holding cases.ALWAYS with its stored row inserted (id omitted) in an open transaction,
    rolled back after the module's cases: (engines, the stored row as the oracle knows it)."""
    for name in dialects.names():
        if dialects.get(name).has_server:
            require_server(name)
    engines = open_engines(cases.ALWAYS)
    ticket = engines.schema.table("ticket")
    try:
        engines.begin()
        kept = Existing()
        j = insert_rows(engines, [(ticket, {"code": cases.ALWAYS_STORED["code"]})], kept)[0]
        assert all(v.accepted for v in j.got.values()), j.describe()
        for e in engines:  # the fresh identity gave it the same value everywhere
            assert e.select(ticket, {"code": cases.ALWAYS_STORED["code"]}, ["id"]) == {"id": cases.ALWAYS_STORED["id"]}
        existing = Existing()
        existing.add(ticket, dict(cases.ALWAYS_STORED))
        yield engines, existing
    finally:
        engines.rollback()
        engines.close()


@pytest.mark.parametrize("case, statement, values, listed, status", cases.ALWAYS_CASES,
                         ids=[c[0] for c in cases.ALWAYS_CASES])
def test_identity_generated_always_gets_the_oracles_verdict_or_its_degradation(case, statement, values, listed,
                                                                               status, always_engines):
    """An explicit value in an identity GENERATED ALWAYS: the oracle's violations, PostgreSQL's verdict,
    and MariaDB's and SQLite's, the same or explained exactly by MY-IDENTITYALWAYS / SL-IDENTITY-ALWAYS."""
    engines, existing = always_engines
    ticket = engines.schema.table("ticket")
    old = existing.of(ticket)[0]
    if statement == "insert":
        row, expected = values, tuple(violations(ticket, values, existing))
        got = {e.name: e.probe(ticket, values) for e in engines}
    else:
        row, expected = {**old, **values}, update_verdicts(ticket, old, values, existing)
        got = {e.name: e.update(ticket, {"id": old["id"]}, values, keep=False) for e in engines}
    assert [(v.constraint, v.kind) for v in expected] == listed
    seen = {e.name: status_of(e, Case(e.name, ticket, row, existing, expected, got[e.name])) for e in engines}
    assert seen == {e: for_engine(status, e) for e in engines.names}, (got, expected)


def test_identity_generated_always_mutants_agree_on_every_engine(schemakit_engines):
    """The runner's mutant of an identity GENERATED ALWAYS (an explicit valid value): PostgreSQL gives the
    oracle's verdict every time; MariaDB too, or (given 0) as MY-IDENTITYALWAYS says; SQLite as
    SL-IDENTITY-ALWAYS says, every time."""
    engines = schemakit_engines(cases.ALWAYS)
    tally = assert_no_disagreement(engines, [engines.schema.table("ticket")], examples=20)
    line = tally.lines[("ticket", "ticket.id", "generated_always")]
    assert line.mutants >= 5
    assert line.cells["postgres"].agree == line.mutants
    assert line.cells["sqlite"].degraded["~SL-IDENTITY-ALWAYS"] == line.mutants, line.cells["sqlite"].text()
    for name in engines.names:
        if dialects.get(name).name == "mariadb" or dialects.get(name).variant_of == "mysql" or name == "mysql":
            cell = line.cells[name]
            assert cell.agree + cell.degraded["~MY-IDENTITYALWAYS"] == line.mutants, cell.text()


def test_a_narrower_mysql_type_is_kept_on_mariadb_and_its_refusals_are_explained(schemakit_engines):
    engines = schemakit_engines(cases.NARROW)
    tally = assert_no_disagreement(engines, [engines.schema.table("visit")], examples=60)
    accepted = tally.lines[("visit", "(accepted)", "-")]
    for name in engines.names:
        cell = accepted.cells[name]
        if name in ("mariadb", "mysql"):  # instants outside 1970..2038, notes over 255 bytes
            assert cell.degraded["~MY-NARROW"] > 0, cell.text()
        else:
            assert cell.agree == accepted.rows and not cell.degraded, cell.text()


def test_plugin_reports_a_disagreement(schemakit_engines):
    """assert_same_verdicts fails, naming the engine, when one engine lost a CHECK."""
    engines = schemakit_engines(cases.ORDERS)
    engines["postgres"].execute("ALTER TABLE orders DROP CONSTRAINT orders_total_check")
    engines["postgres"].conn.commit()
    with pytest.raises(Disagreement, match="postgres: accepted"):
        assert_same_verdicts(engines, "orders", [{"customer_id": 1, "total": -1}], parents=cases.ORDERS_PARENTS)


# -- schemakit check ---------------------------------------------------------------------------------

def test_check_command_prints_the_verdict_matrix(capsys):
    code = cli.main(["check", "prismq", "--dialect", "sqlite", "--examples", "2", "--seed", "1"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("prismq on sqlite: ") and "0 disagreement(s)" in out
    for t in catalog.load("prismq").tables:
        assert f"\n{t.name} " in out
    assert "review_type_check" in out and "postgres" not in out.split("\n", 1)[1]


@pytest.mark.parametrize("argv, message", [
    (["check", "nosuch"], "unknown system"),
    (["check", "cyoa", "--dialect", "oracle"], "unknown dialect"),
    (["check", "cyoa", "--dialect", ","], "names no engine"),
    (["check", "cyoa", "--examples", "0"], "at least 1"),
])
def test_check_command_user_errors(argv, message, capsys):
    assert cli.main(argv) == cli.EXIT_USER_ERROR
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("system, table, errno, message, constraint, kind", cases.MYSQL8_ERRORS,
                         ids=[f"{c[2]}-{c[4]}" for c in cases.MYSQL8_ERRORS])
def test_mysql8_messages_are_read(system, table, errno, message, constraint, kind):
    import pymysql

    from schemakit.checks.verdicts import mysql as mysql_errors
    from schemakit.dialects import get
    effective = get("mysql").lower(catalog.load(system)).schema.table(table)
    verdict = mysql_errors.classify(pymysql.err.OperationalError(errno, message), effective)
    assert (verdict.accepted, verdict.constraint, verdict.kind) == (False, constraint, kind)


@pytest.mark.parametrize("table, errno, message, row, constraint, kind", cases.MYSQL_TYPE_ERRORS,
                         ids=[f"{c[1]}-{c[4]}" for c in cases.MYSQL_TYPE_ERRORS])
def test_mysql_errors_of_the_new_kinds_are_read(table, errno, message, row, constraint, kind):
    import pymysql

    from schemakit.checks.verdicts import mysql as mysql_errors
    from tests.data import types_corpus
    exc = pymysql.err.ProgrammingError(message) if errno is None else pymysql.err.IntegrityError(errno, message)
    verdict = mysql_errors.classify(exc, types_corpus.SCHEMA.table(table), None, row)
    assert (verdict.accepted, verdict.constraint, verdict.kind) == (False, constraint, kind)


@pytest.mark.parametrize("table, message, row, constraint, kind", cases.SQLITE_TYPE_ERRORS,
                         ids=[c[1] for c in cases.SQLITE_TYPE_ERRORS])
def test_sqlite_errors_of_the_new_kinds_are_read(table, message, row, constraint, kind):
    import sqlite3

    from schemakit.checks.verdicts import sqlite as sqlite_errors
    from tests.data import types_corpus
    verdict = sqlite_errors.classify(sqlite3.IntegrityError(message), types_corpus.SCHEMA.table(table), None, row)
    assert (verdict.accepted, verdict.constraint, verdict.kind) == (False, constraint, kind)


@pytest.mark.parametrize("engine, code, ty, old, new, got, explained", cases.QUIRK_EXPLAINS,
                         ids=[f"{c[1]}-{c[4]!r:.20}" for c in cases.QUIRK_EXPLAINS])
def test_a_degradation_explains_the_verdict_of_the_engine_it_describes(engine, code, ty, old, new, got, explained):
    """With no server: each rule judges the row as the engine stores it (oracle.judged_as), and explains
    exactly the verdicts that differ that way."""
    from schemakit.checks.engines import Case
    from schemakit.checks.oracle import Existing, Verdict, VerdictKind, violations
    from schemakit.checks.verdicts import classifier
    from schemakit.schema.build import col, table, unique
    from schemakit.schema.model import INTEGER
    t = table("t", col("id", INTEGER), col("v", ty, null=False), unique("v"), pk="id")
    existing = Existing({t.key: [{"id": 1, "v": old}]} if old is not None else {})
    row = {"id": 2, "v": new}
    verdict = Verdict(True) if got is None else Verdict(False, got, VerdictKind.TYPE)
    case = Case(engine, t, row, existing, tuple(violations(t, row, existing)), verdict)
    rule = classifier(dialects.get(engine)).EXPLAINS[code]
    assert rule(None, case) is explained, case


@pytest.mark.parametrize("engine", dialects.names())
def test_every_degradation_the_oracle_follows_is_a_code_of_the_engine(engine):
    """A rule of checks/verdicts/<engine>.py under a code the engine never reports would explain nothing."""
    from schemakit.checks.verdicts import classifier
    d = dialects.get(engine)
    codes = set(d.degradations) | (set(dialects.get(d.variant_of).degradations) if d.variant_of else set())
    assert set(classifier(d).EXPLAINS) - codes == set()  # a variant shares its parent's rules
