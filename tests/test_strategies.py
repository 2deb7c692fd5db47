"""The hypothesis strategies, held to the oracle on every table of every catalog system.

Example counts are small and fixed here so the file runs in seconds; the
conftest profile (ci / deep) still decides derandomization.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import assume, find, given, settings, strategies as st

from schemakit.checks.oracle import (
    FLOAT32_MAX, TIME_MAX, UTC, Existing, OracleError, VerdictKind, predict, value_problem, violations,
)
from schemakit.checks.hints import branches
from schemakit.checks.strategies import (
    candidates, feasible, graph, insertion_order, mutants, mutations, plans, rows, values,
)
from schemakit.schema import catalog
from schemakit.schema.build import col, fk, table
from schemakit.schema.model import (
    BIGINT, BYTES, DATE, DOUBLE, INTEGER, INTERVAL, JSON, NUMERIC, REAL, SMALLINT, TEXT, TIME, TIMESTAMP, TIMESTAMPTZ,
    TIMETZ, TINYINT, UUID, YEAR, Kind, binary, char, decimal, set_of, time, timestamp, timestamptz, unsigned,
    varbinary, varchar,
)
from tests.data import types_corpus

SYSTEMS = catalog.names()
SCHEMAS = {**{name: catalog.load(name) for name in SYSTEMS}, "types": types_corpus.SCHEMA}  # the new kinds too
NEW_TYPES = {TINYINT, unsigned(TINYINT), unsigned(BIGINT), REAL, DOUBLE, NUMERIC, char(1), BYTES, varbinary(1),
             binary(1), time(0), time(3), TIMETZ, INTERVAL, YEAR, set_of("a"), timestamp(2), timestamptz(0)}
COLUMN_TYPES = sorted({c.type for s in SCHEMAS.values() for t in s.tables for c in t.columns} |
                      {SMALLINT, BIGINT, DATE, decimal(5, 2), varchar(1)} | NEW_TYPES, key=str)
TABLES = [(name, t.qualified) for name, s in SCHEMAS.items() for t in s.tables]
FEW = settings(max_examples=5, deadline=None)
MAX_REJECTED = 0.05  # share of constructed rows the oracle may still reject


@pytest.mark.parametrize("ty", COLUMN_TYPES, ids=str)
def test_values_are_valid(ty):
    @FEW
    @given(values(ty))
    def run(value):
        assert value_problem(ty, value) is None
    run()


EDGES = [
    (INTEGER, lambda v: v == 2**31 - 1), (INTEGER, lambda v: v == -2**31), (SMALLINT, lambda v: v == 32767),
    (BIGINT, lambda v: v == -2**63), (decimal(5, 2), lambda v: v == Decimal("999.99")),
    (decimal(5, 2), lambda v: v == Decimal("-999.99")),
    (decimal(5, 2), lambda v: v.as_tuple().exponent < -2),  # more digits than the scale: rounded
    (varchar(100), lambda v: len(v) == 100), (varchar(100), lambda v: v == ""),
    (varchar(100), lambda v: v.endswith(" ")), (varchar(100), lambda v: any(ord(ch) > 0xFFFF for ch in v)),
    (varchar(100), lambda v: v == "A"), (TEXT, lambda v: not v.isascii()),
    (DATE, lambda v: v == dt.date(1, 1, 1)), (DATE, lambda v: v == dt.date(9999, 12, 31)),
    (TIMESTAMP, lambda v: v.microsecond not in (0, 999999)),
    (TIMESTAMPTZ, lambda v: v.utcoffset() not in (None, dt.timedelta(0))),
    (JSON, lambda v: v.startswith('{"') and "[" in v),
    (UUID, lambda v: v == "00000000-0000-0000-0000-000000000000"),
    # the new kinds
    (TINYINT, lambda v: v == -128), (unsigned(TINYINT), lambda v: v == 255), (unsigned(TINYINT), lambda v: v == 0),
    (unsigned(BIGINT), lambda v: v == 2**64 - 1), (unsigned(INTEGER), lambda v: v == 2**32 - 1),
    (REAL, lambda v: v != v), (REAL, lambda v: v == float("inf")), (REAL, lambda v: v == float("-inf")),
    (REAL, lambda v: v == 0 and str(v) == "-0.0"), (REAL, lambda v: abs(v) == FLOAT32_MAX),
    (DOUBLE, lambda v: v != v), (DOUBLE, lambda v: abs(v) > FLOAT32_MAX and v != float("inf")),
    (NUMERIC, lambda v: v.as_tuple().exponent <= -20), (NUMERIC, lambda v: abs(v) >= 10**30),
    (char(8), lambda v: v.endswith(" ")), (char(8), lambda v: len(v) == 8), (char(8), lambda v: v == ""),
    (BYTES, lambda v: b"\0" in v), (BYTES, lambda v: v == b""), (varbinary(16), lambda v: len(v) == 16),
    (binary(4), lambda v: v.endswith(b"\0") and v.rstrip(b"\0")), (binary(4), lambda v: len(v) < 4),
    (TIME, lambda v: v == TIME_MAX), (TIME, lambda v: v == dt.time(0)), (TIME, lambda v: getattr(v, "microsecond", 0) > 0),
    (time(0), lambda v: v == dt.time(23, 59, 59)),
    (TIMETZ, lambda v: abs(v.utcoffset()) == dt.timedelta(hours=15, minutes=59)),
    (INTERVAL, lambda v: v < dt.timedelta(0)), (INTERVAL, lambda v: v == dt.timedelta(0)),
    (YEAR, lambda v: v == 0), (YEAR, lambda v: v == 1901), (YEAR, lambda v: v == 2155),
    (set_of("a", "b", "c"), lambda v: v == ""), (set_of("a", "b", "c"), lambda v: v.startswith("b,a")),
    (set_of("a", "b", "c"), lambda v: len(v.split(",")) > len(set(v.split(",")))),
]


# (type, a test every value of it passes): what the engines cannot tell apart is not generated
KEPT_AT_DIGITS = [
    (time(0), lambda v: getattr(v, "microsecond", 0) == 0), (time(3), lambda v: getattr(v, "microsecond", 0) % 1000 == 0),
    (timestamp(2), lambda v: v.microsecond % 10**4 == 0), (timestamptz(0), lambda v: v.microsecond == 0),
    (REAL, lambda v: v != v or abs(v) in (0.0, float("inf")) or 1.1e-45 < abs(v) <= FLOAT32_MAX),
    (unsigned(SMALLINT), lambda v: 0 <= v <= 65535),
]


@pytest.mark.parametrize("ty, holds", KEPT_AT_DIGITS, ids=[f"{ty}-{i}" for i, (ty, _) in enumerate(KEPT_AT_DIGITS)])
def test_values_keep_to_what_every_engine_means(ty, holds):
    @settings(max_examples=300, deadline=None)
    @given(values(ty))
    def run(value):
        assert holds(value), value
    run()


@pytest.mark.parametrize("ty, edge", EDGES, ids=[f"{ty}-{i}" for i, (ty, _) in enumerate(EDGES)])
def test_values_reach_the_edges(ty, edge):
    find(values(ty), edge, settings=settings(max_examples=2000, database=None))


def _parent_keys(t, f, parents: Existing) -> set:
    return {tuple(r.get(c) for c in f.ref_columns) for r in parents.of(t.referenced_key(f))}


def _assert_respects_model(t, row, parents):
    assert not any(c.identity and c.name in row for c in t.columns)
    for f in t.foreign_keys:
        key = tuple(row.get(c) for c in f.columns)
        assert None in key or key in _parent_keys(t, f, parents), (f.name, key)
    if t.partitioning is not None:
        p, v = t.partitioning, row[t.partitioning.column].astimezone(UTC).replace(tzinfo=None)
        assert dt.datetime.combine(p.start, dt.time()) <= v < dt.datetime(2028, 1, 1)
    assert predict(t, row, parents).accepted


@pytest.mark.parametrize("system", SYSTEMS)
def test_rows_of_every_table(system):
    """rows() respect the model; before the oracle filter, the hints alone make rows valid."""
    s, seen = SCHEMAS[system], defaultdict(list)

    @FEW
    @given(st.data())
    def run(data):
        parents = data.draw(graph(s, max_rows=2))
        for t in filter(lambda t: feasible(t, parents), s.tables):  # e.g. every story has its metrics
            _assert_respects_model(t, data.draw(rows(t, parents)), parents)
            seen[t.qualified].append(violations(t, data.draw(candidates(t, parents)), parents))
    run()
    rejected = {name: sum(map(bool, found)) / len(found) for name, found in seen.items()}
    assert max(rejected.values()) <= MAX_REJECTED, rejected


def test_rows_cover_every_branch_of_the_discriminator_checks():
    prismq, cyoa, seen = SCHEMAS["prismq"], SCHEMAS["cyoa"], defaultdict(set)

    @settings(max_examples=20, deadline=None)
    @given(st.data())
    def run(data):
        parents = data.draw(graph(prismq, [prismq.table("review")], max_rows=1))
        review = data.draw(rows(prismq.table("review"), parents))
        seen["review_type"].add(review["review_type"])
        seen["score is NULL"].add(review.get("score") is None)
        story = data.draw(rows(prismq.table("story")))
        seen["is_deleted"].add(story.get("is_deleted", False))
        seen["created_by is NULL"].add(story.get("created_by") is None)
        nodes_parents = data.draw(graph(cyoa, [cyoa.table("story_nodes")], max_rows=1))
        seen["is_ending"].add(data.draw(rows(cyoa.table("story_nodes"), nodes_parents)).get("is_ending", False))
    run()
    assert seen == {"review_type": {"title", "script", "story", "summary"}, "score is NULL": {True, False},
                    "is_deleted": {True, False}, "is_ending": {True, False}, "created_by is NULL": {True, False}}


def test_discriminator_check_splits_into_its_four_branches():
    check = SCHEMAS["prismq"].table("review").checks[1].expression
    types = sorted(b["review_type"].allowed()[0] for b in branches(check))
    assert types == ["script", "story", "summary", "title"]
    assert len(plans(SCHEMAS["cyoa"].table("story_nodes"))) == 3  # (NOT ending, ending+[]) x winning rule


@pytest.mark.parametrize("system, name", TABLES, ids=[f"{s}.{t}" for s, t in TABLES])
def test_mutants_break_exactly_the_named_constraint(system, name):
    """Every mutation target of every table is reachable and breaks that constraint alone."""
    s = SCHEMAS[system]
    t = next(t for t in s.tables if t.qualified == name)

    @settings(max_examples=2, deadline=None)
    @given(st.data())
    def run(data):
        parents = data.draw(graph(s, [t], max_rows=2))
        assume(feasible(t, parents))
        for target in sorted({n for n, _ in mutations(t, parents)}):
            got, row = data.draw(mutants(t, parents, only=[target]))
            assert got == target
            assert [v.constraint for v in violations(t, row, parents)] == [target]
    run()


def test_mutation_kinds_of_a_partitioned_table():
    s = SCHEMAS["scenes"]
    parents = Existing()
    kinds = {kind for _, kind in mutations(s.table("jobs"), parents)}
    assert kinds == {"not_null", "check", "length", "range", "json", "foreign_key", "partition"}
    assert ("jobs.created_at", "not_null") not in mutations(s.table("jobs"))  # NULL fits no partition either


def test_mutants_change_what_they_name():
    t = SCHEMAS["prismq"].table("review")

    @settings(max_examples=30, deadline=None)
    @given(st.data())
    def run(data):
        parents = data.draw(graph(SCHEMAS["prismq"], [t], max_rows=1))
        name, row = data.draw(mutants(t, parents))
        column = name.split(".", 1)[1] if name.startswith("review.") else None
        kind = next(v.kind for v in violations(t, row, parents))
        if kind == "not_null":
            assert row[column] is None
        elif kind == "length":
            n = t.column(column).type.length
            assert len(row[column]) > n and row[column][n:].strip(" ")  # excess spaces alone are cut
        elif kind == "range":
            lo, hi = t.column(column).type.int_range
            assert not lo <= row[column] <= hi
        elif kind == "enum":
            assert row[column] not in t.column(column).type.enum.values
    run()


def test_insertion_order_breaks_the_nullable_cycle():
    s = SCHEMAS["prismq"]
    order = [t.name for t in insertion_order(s)]
    assert order.index("idea") < order.index("story") < order.index("title_version") < order.index("review")
    assert [t.name for t in insertion_order(s, [s.table("idea")])] == ["idea"]


def test_insertion_order_refuses_a_not_null_cycle():
    a = table("a", col("id", INTEGER), col("b_id", INTEGER, null=False), fk("b_id", "b"), pk="id")
    b = table("b", col("id", INTEGER), col("a_id", INTEGER, null=False), fk("a_id", "a"), pk="id")
    from schemakit.schema.model import Schema
    with pytest.raises(OracleError, match="cycle"):
        insertion_order(Schema((a, b)))


def test_graph_rows_reference_existing_parents():
    s = SCHEMAS["scriptpal"]

    @FEW
    @given(graph(s))
    def run(made):
        for t in s.tables:
            assert made.of(t), t.name  # every table gets rows
            for row in made.of(t):
                assert all(row.get(c.name) is not None for c in t.columns if c.identity)
                for f in t.foreign_keys:
                    key = tuple(row.get(c) for c in f.columns)
                    assert None in key or key in _parent_keys(t, f, made)
    run()


def test_identity_values_are_explicit_and_increasing():
    stories = SCHEMAS["cyoa"].table("stories")

    @FEW
    @given(graph(SCHEMAS["cyoa"], [stories], max_rows=3))
    def run(made):
        ids = [r["id"] for r in made.of(stories)]
        assert ids == list(range(1, len(ids) + 1))
    run()


def test_identity_outside_the_key_is_explicit_and_increasing_with_distinct_keys():
    """An identity column beside the primary key (issue #15) is numbered as one in it, and the key drawn apart."""
    from schemakit.schema.model import Schema
    lines = table("lines", col("code", varchar(10)), col("seq_no", BIGINT, identity=True), pk="code")

    @FEW
    @given(graph(Schema((lines,)), [lines], max_rows=4))
    def run(made):
        got = made.of(lines)
        assert got
        assert [r["seq_no"] for r in got] == list(range(1, len(got) + 1))
        assert len({r["code"] for r in got}) == len(got)
    run()

def test_partition_columns_are_generated_inside_with_offsets():
    segments = SCHEMAS["scenes"].table("segments")
    offsets = set()

    @settings(max_examples=10, deadline=None)
    @given(st.data())
    def run(data):
        made = data.draw(graph(SCHEMAS["scenes"], [segments], max_rows=1))
        row = data.draw(rows(segments, made))
        offsets.add(row["created_at"].utcoffset())
        assert segments.partitioning.partition_for(row["created_at"].astimezone(UTC).replace(tzinfo=None))
    run()
    assert len(offsets) > 1


def test_array_values_are_lists_of_items():
    summaries = SCHEMAS["scenes"].table("scene_summaries")
    ty = summaries.column("segments_covered").type
    assert ty.kind is Kind.ARRAY
    find(values(ty), lambda v: len(v) >= 2 and None in v, settings=settings(max_examples=2000, database=None))


NEW_MUTATIONS = {
    ("suppliers", "suppliers.code", "length"), ("suppliers", "suppliers.country", "length"),
    ("suppliers", "suppliers.rating", "range"), ("suppliers", "suppliers.tier", "range"),
    ("suppliers", "suppliers.founded", "range"), ("suppliers", "suppliers.key_digest", "length"),
    ("suppliers", "suppliers.channels", "enum"), ("suppliers", "suppliers.id", "range"),
    ("products", "products.sku", "length"), ("products", "products.weight_kg", "range"),
    ("products", "products.stock", "range"), ("products", "products.opens_at", "range"),
    ("products", "products.closes_at", "range"), ("products", "products.local_cutoff", "range"),
    ("products", "products.supplier_code", "length"),
}


def test_the_new_kinds_are_mutated():
    found = {(t.name, name, kind) for t in types_corpus.SCHEMA.tables for name, kind in mutations(t)}
    assert NEW_MUTATIONS <= found, NEW_MUTATIONS - found
    untouched = {("products", "products.score"), ("products", "products.list_price"), ("products", "products.lead_time"),
                 ("suppliers", "suppliers.logo")}  # no out-of-range value: double, numeric, interval, bytes
    assert not {(t, n) for t, n, _ in found} & untouched


@pytest.mark.parametrize("ty, kind", [(char(2), "length"), (varbinary(2), "length"), (binary(2), "length"),
                                      (REAL, "range"), (YEAR, "range"), (TIME, "range"), (time(0), "range"),
                                      (TIMETZ, "range"), (unsigned(TINYINT), "range"), (set_of("a", "b"), "enum")],
                         ids=str)
def test_mutants_of_the_new_kinds_break_the_type(ty, kind):
    from schemakit.schema.build import col, table as make
    t = make("t", col("id", INTEGER), col("v", ty), pk="id")  # nullable: no NOT NULL mutant of t.v

    @settings(max_examples=20, deadline=None)
    @given(mutants(t, only=["t.v"]))
    def run(mutant):
        name, row = mutant
        assert value_problem(ty, row["v"]) == VerdictKind(kind), row
    run()
