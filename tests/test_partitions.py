"""Partitioning beyond the monthly form: RANGE with arbitrary bounds (MINVALUE, MAXVALUE, DEFAULT),
LIST, HASH, and a partitioned table with no partitions yet (issue #14, "Partitioning").

Table-driven from tests/data/partition_cases.py. Without a server: the model's
prediction, validation, schema code and snapshots keep every form. On each real
engine: render, apply, introspect, compare with the lowered model (the engine's
named degradations), then insert each probe row and ask the engine where it
landed (PostgreSQL: ``tableoid``; MariaDB: partition selection); and the checks' routing
oracle (`checks.partitions.check_routing`) over each case's bounds agrees with every engine.
"""
from __future__ import annotations

import pytest

from schemakit import dialects
from schemakit.checks.explain import expected_partitions
from schemakit.checks.partitions import boundary_values, check_routing
from schemakit.dialects import explain as plans
from schemakit.schema import codegen, serialize
from schemakit.schema.build import col, table
from schemakit.schema.model import INTEGER, TEXT, Schema
from schemakit.schema.validate import SchemaError, validate
from tests import roundtrip
from tests.conftest import require_server
from tests.data.partition_cases import ANY, CASES, INVALID, PLANS, SAME_NAMES_RENAMED, Case, same_partition_names

ENGINES = ("postgres", "mariadb", "sqlite")
IDS = [c.id for c in CASES]


def _schema(case: Case) -> Schema:
    return validate(Schema((case.table(),)))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_model_predicts_the_partition_of_each_row(case):
    p = case.table().partition_by
    for value, expected in case.rows:
        got = p.partition_for(value)
        assert got == expected or (expected == ANY and got in p.names), value


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_schema_code_and_snapshots_keep_the_partitioning(case):
    schema = _schema(case)
    assert serialize.loads(serialize.dumps(schema)) == schema
    namespace: dict = {}
    exec(compile(codegen.write(schema, "parts"), "parts.py", "exec"), namespace)
    assert namespace["SYSTEM"].schema == schema


@pytest.mark.parametrize("id,key_type,partitioning,mentions", INVALID, ids=[c[0] for c in INVALID])
def test_an_invalid_partitioning_is_rejected(id, key_type, partitioning, mentions):
    t = table("part_t", col("id", INTEGER, null=False), col("k", key_type, null=False), col("note", TEXT),
              pk=("id", "k"), partition=partitioning)
    with pytest.raises(SchemaError) as e:
        validate(Schema((t,)))
    assert any("part_t" in p and mentions in p for p in e.value.problems), e.value.problems


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_round_trip_on_the_engine_and_rows_are_routed(engine, case, fresh_url):
    d = dialects.get(engine)
    if d.has_server:
        require_server(engine)
    schema = _schema(case)
    lowered = d.lower(schema)
    assert roundtrip.unlisted_changes(schema, lowered) == []
    assert roundtrip.unseen_degradations(schema, lowered) == []
    url = fresh_url(engine)
    statements, _ = d.ddl(schema)
    roundtrip.run_native(engine, url, d.script(statements))
    live = roundtrip.introspected(engine, url, schema)
    assert roundtrip.differences(engine, schema, live) == []
    t = lowered.schema.tables[0]
    conn = d.connect(url)
    try:
        for n, (value, _) in enumerate(case.rows):
            landed = _insert(engine, conn, t, n, value)
            expected = t.name if t.partitioning is None else t.partitioning.partition_for(value)
            if t.partitioning is not None and expected is not None and case.partitioning.method.value == "hash":
                assert landed in t.partitioning.names, (value, landed)
            else:
                assert landed == expected, (value, landed)
    finally:
        conn.close()


def _insert(engine: str, conn, t, n: int, value):
    """Insert row (n, value); the partition (or table) the engine stored it in, None: rejected."""
    reader = plans.reader(engine)
    try:
        reader.bulk_insert(conn, t, ("id", "k"), [(n, value)])
    except dialects.get(engine).driver_errors():  # the engine's rejection: a row no partition holds
        conn.rollback()
        return None
    return reader.route(conn, t, {"id": n, "k": value})


# The status of the routing check per engine and case: "degraded" with the codes that change the
# partitioning there, else "ok".
DEGRADED = {("sqlite", c.id): ("SL-PARTITION",) for c in CASES}
DEGRADED.update({("mariadb", "range-timestamp-default"): ("MY-RANGEDEFAULT",),
                 ("mariadb", "range-no-partitions"): ("MY-PARTNONE",)})


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_routing_oracle_agrees_with_the_engine(engine, case, fresh_url):
    d = dialects.get(engine)
    if d.has_server:
        require_server(engine)
    schema = _schema(case)
    t = schema.tables[0]
    conn = d.connect(fresh_url(engine))
    try:
        d.apply(conn, d.ddl(schema)[0])
        report = check_routing(engine, conn, schema, t, {"id": 0, "note": "probe"}, boundary_values(t.partition_by))
    finally:
        conn.close()
    assert report.mismatches == [], str(report)
    codes = DEGRADED.get((engine, case.id), ())
    assert (report.status, report.codes) == ("degraded" if codes else "ok", codes)
    assert len(report.results) >= len(case.rows) // 2


@pytest.mark.parametrize("id,engine,before,after,holds,never", PLANS, ids=[p[0] for p in PLANS])
def test_the_plan_touches_only_the_partitions_that_change(id, engine, before, after, holds, never):
    def schema(p):
        return validate(Schema((table("part_t", col("id", INTEGER, null=False), col("k", INTEGER, null=False),
                                      pk=("id", "k"), partition=p),)))
    statements = [st.sql for step in dialects.get(engine).plan(schema(before), schema(after)) for st in step.apply]
    text = "\n".join(statements)
    positions = [text.find(h) for h in holds]
    assert -1 not in positions and positions == sorted(positions), text
    assert not any(n in text for n in never), text


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_explain_check_claims_no_pruning_of_the_explicit_form(case):
    t = case.table()
    assert expected_partitions(t, "SELECT id FROM part_t WHERE k IS NOT NULL", "postgres") == t.partition_by.names


@pytest.mark.parametrize("engine,codes,default", [("mysql", ("MY-LISTDEFAULT",), None), ("mariadb", (), "other")])
def test_a_list_default_partition_is_dropped_on_mysql_8_only(engine, codes, default):
    case = next(c for c in CASES if c.id == "list-text-default")
    lowered = dialects.get(engine).lower(_schema(case))
    assert tuple(g.code for g in lowered.degradations if g.subject == "k") == codes
    assert lowered.schema.tables[0].partition_by.default == default


@pytest.mark.parametrize("engine", sorted(SAME_NAMES_RENAMED))
def test_partition_names_taken_in_the_schema_are_renamed_where_partitions_are_tables(engine, fresh_url):
    d = dialects.get(engine)
    require_server(engine)
    schema = validate(Schema(same_partition_names()))
    lowered = d.lower(schema)
    assert {t.name: t.partition_by.names for t in lowered.schema.tables} == SAME_NAMES_RENAMED[engine]
    assert roundtrip.unlisted_changes(schema, lowered) == []
    url = fresh_url(engine)
    roundtrip.run_native(engine, url, d.script(d.ddl(schema)[0]))
    assert roundtrip.differences(engine, schema, roundtrip.introspected(engine, url, schema)) == []
