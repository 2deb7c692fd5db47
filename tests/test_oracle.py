"""The oracle: three-valued CHECK logic, type rules, keys, partitions, state machines.

No database: these pin the oracle to PostgreSQL's documented meaning, case by
case (tests/data/oracle_cases.py); the cross-engine runner then holds every
engine to the oracle.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from decimal import Decimal

import pytest

from schemakit.checks.oracle import VerdictKind as K
from schemakit.checks.oracle import (
    ACCEPTED, EngineError, Existing, OracleError, Quirk, UnsupportedExpression, Verdict, allows_update, assigned,
    check_passes, effective, evaluate, judged_as, on_update, predict, spaces_kept, supported, value_problem,
    violations,
)
from schemakit.schema import catalog
from schemakit.checks.ranges import EMPTY, RangeError, overlaps, parse as parse_range
from schemakit.schema.build import check, col, exclude, fk, index, table, unique
from schemakit.schema.model import DOUBLE, INTEGER, TEXT, Schema, Table, char, decimal, lit, native, varchar
from tests.data import oracle_cases as cases
from tests.data import types_corpus

PRISMQ, SCENES, CYOA = (catalog.load(n) for n in ("prismq", "scenes", "cyoa"))


def _id() -> str:
    return str(uuid.uuid4())


def _kinds(found: list[Verdict]) -> list[tuple[str, str]]:
    return [(v.constraint, v.kind) for v in found]


# -- expressions ----------------------------------------------------------------------------

@pytest.mark.parametrize("sql, row, value", cases.EXPRESSIONS, ids=[c[0] for c in cases.EXPRESSIONS])
def test_expression_value(sql, row, value):
    assert evaluate(sql, row) is value
    assert check_passes(sql, row) is (value is not False)


@pytest.mark.parametrize("sql, row", cases.ENGINE_ERRORS, ids=[c[0] for c in cases.ENGINE_ERRORS])
def test_engine_error_rejects_the_row(sql, row):
    with pytest.raises(EngineError):
        evaluate(sql, row)
    assert check_passes(sql, row) is False


@pytest.mark.parametrize("sql, row, mention", cases.UNSUPPORTED, ids=[c[0] for c in cases.UNSUPPORTED])
def test_unsupported_expression_is_refused(sql, row, mention):
    with pytest.raises(UnsupportedExpression, match=f"(?i){mention}"):
        check_passes(sql, row)


def test_enum_ordering_is_refused():
    review = PRISMQ.table("review")
    with pytest.raises(UnsupportedExpression, match="enum ordering"):
        evaluate("review_type < 'story'", {"review_type": "title"}, review)


def test_unknown_column_is_an_error():
    with pytest.raises(OracleError, match="nope"):
        evaluate("nope > 1", {"x": 1})


@pytest.mark.parametrize("system", catalog.names())
def test_every_catalog_expression_is_supported(system):
    s = catalog.load(system)
    for t in s.tables:
        exprs = [c.expression for c in t.checks] + [i.where for i in t.indexes if i.where]
        for sql in exprs:
            assert supported(sql), sql
            evaluate(sql, dict.fromkeys(c.name for c in t.columns), t)  # all NULL: must not raise


# -- the catalog's CHECKs --------------------------------------------------------------------

def _review_parents() -> tuple[Existing, dict]:
    story, title, script = _id(), _id(), _id()
    existing = Existing()
    existing.add(PRISMQ.table("story"), {"id": story})
    for name, key in (("title_version", title), ("script_version", script)):
        existing.add(PRISMQ.table(name), {"id": key, "story_id": story, "version": 1, "text": "t"})
    return existing, {"story": story, "title": title, "script": script}


@pytest.mark.parametrize("review_type, title, script, accepted", cases.REVIEW_TYPES)
def test_review_type_check(review_type, title, script, accepted):
    existing, ids = _review_parents()
    row = {"story_id": ids["story"], "review_type": review_type, "feedback": "ok",
           "reviewed_title_version_id": ids["title"] if title else None,
           "reviewed_script_version_id": ids["script"] if script else None}
    expected = [] if accepted else [("review_type_check", K.CHECK)]
    assert _kinds(violations(PRISMQ.table("review"), row, existing)) == expected


@pytest.mark.parametrize("score, accepted", [(0, True), (100, True), (None, True), (-1, False), (101, False)])
def test_review_score_check(score, accepted):
    existing, ids = _review_parents()
    row = {"story_id": ids["story"], "review_type": "title", "feedback": "ok",
           "reviewed_title_version_id": ids["title"], "score": score}
    assert predict(PRISMQ.table("review"), row, existing) == (
        ACCEPTED if accepted else Verdict(False, "review_score_check", K.CHECK))


@pytest.mark.parametrize("is_ending, winning, options, violated", cases.STORY_NODES)
def test_story_node_rules(is_ending, winning, options, violated):
    existing = Existing()
    existing.add(CYOA.table("stories"), {"id": 1, "title": "t", "session_id": "s"})
    row = {"story_id": 1, "content": "c", "is_ending": is_ending, "is_winning_ending": winning, "options": options}
    expected = [] if violated is None else [(violated, K.CHECK)]
    assert _kinds(violations(CYOA.table("story_nodes"), row, existing)) == expected


@pytest.mark.parametrize("system, name, column, value, violated", cases.STATUS_LISTS)
def test_status_lists(system, name, column, value, violated):
    t = catalog.load(system).table(name)
    found = [v.constraint for v in violations(t, {column: value}) if v.kind == K.CHECK]
    assert found == ([] if violated is None else [violated])


@pytest.mark.parametrize("is_deleted, deleted_at, accepted", [
    (False, None, True), (True, dt.datetime(2026, 3, 1), True),
    (True, None, False), (False, dt.datetime(2026, 3, 1), False)])
def test_story_soft_delete_check(is_deleted, deleted_at, accepted):
    row = {"is_deleted": is_deleted, "deleted_at": deleted_at}
    assert predict(PRISMQ.table("story"), row).accepted is accepted


# -- type rules ------------------------------------------------------------------------------

@pytest.mark.parametrize("ty, value, kind", cases.TYPE_RULES,
                         ids=[f"{ty}-{v!r:.30}" for ty, v, _ in cases.TYPE_RULES])
def test_type_rule(ty, value, kind):
    assert value_problem(ty, value) is kind  # the enum member itself (or None), not text


def test_type_violation_names_the_column_and_skips_checks_on_it():
    review = PRISMQ.table("review")
    existing, ids = _review_parents()
    row = {"story_id": ids["story"], "review_type": "title", "feedback": "ok",
           "reviewed_title_version_id": ids["title"], "score": 2**31}
    assert _kinds(violations(review, row, existing)) == [("review.score", K.RANGE)]


def test_evaluation_order_and_first_hit():
    review = PRISMQ.table("review")
    row = {"story_id": _id(), "review_type": "nope", "feedback": None, "score": -5,
           "reviewed_title_version_id": _id(), "created_by": "x" * 256}
    assert _kinds(violations(review, row)) == [
        ("review.review_type", K.ENUM), ("review.created_by", K.LENGTH), ("review.feedback", K.NOT_NULL),
        ("review_score_check", K.CHECK), ("review_story_id_fkey", K.FOREIGN_KEY),
        ("review_reviewed_title_version_id_fkey", K.FOREIGN_KEY)]
    assert predict(review, row) == Verdict(False, "review.review_type", K.ENUM)


def test_missing_columns_take_their_defaults():
    story = PRISMQ.table("story")
    assert predict(story, {}) == ACCEPTED  # status 'draft', is_deleted FALSE, ids and times generated
    assert predict(PRISMQ.table("idea"), {"title": "t", "concept": "c"}) == \
        Verdict(False, "idea.genre", K.NOT_NULL)
    with pytest.raises(OracleError, match="no column"):
        predict(story, {"colour": "red"})


def test_decimal_literal_default_is_a_decimal():
    messages = catalog.load("scriptpal").table("chat_messages")
    existing = Existing()
    existing.add(catalog.load("scriptpal").table("users"), {"id": 1, "email": "a@x"})
    assert predict(messages, {"user_id": 1, "role": "user", "user_prompt": "p"}, existing) == ACCEPTED


def test_explicit_null_in_identity_column_is_not_null_violation():
    stories = CYOA.table("stories")
    assert predict(stories, {"id": None, "title": "t", "session_id": "s"}) == \
        Verdict(False, "stories.id", K.NOT_NULL)


# -- keys --------------------------------------------------------------------------------------

KEYED = table("keyed",
              col("id", INTEGER, identity=True),
              col("email", varchar(50)),
              col("team", INTEGER),
              col("amount", decimal(5, 2)),
              col("note", TEXT),
              unique("email", "team"),
              unique("amount", name="keyed_amount_key"),
              pk="id")


@pytest.mark.parametrize("old, new, violated", [
    ({"email": "a@x", "team": None}, {"email": "a@x", "team": None}, None),  # NULLs never collide
    ({"email": "a@x", "team": 1}, {"email": "a@x", "team": 1}, "keyed_email_team_key"),
    ({"email": "A@x", "team": 1}, {"email": "a@x", "team": 1}, None),  # binary comparison
    ({"email": "a", "team": 1}, {"email": "a ", "team": 1}, None),  # trailing spaces count
    ({"amount": Decimal("1.0")}, {"amount": Decimal("1.00")}, "keyed_amount_key"),
    ({"amount": Decimal("1.00")}, {"amount": Decimal("1.004")}, "keyed_amount_key"),  # stored rounded
    ({"amount": Decimal("1.00")}, {"amount": Decimal("1.005")}, None),
    ({"id": 7}, {"id": 7}, "primary_key"),
    ({"id": 7}, {}, None),  # an omitted identity takes max + 1
    ({"email": "e" * 50 + "  ", "team": 1}, {"email": "e" * 50, "team": 1}, "keyed_email_team_key"),  # cut
    ({"email": "e" * 50, "team": 1}, {"email": "e" * 50 + " ", "team": 1}, "keyed_email_team_key"),
])
def test_unique_keys(old, new, violated):
    existing = Existing()
    existing.add(KEYED, old)
    kinds = [v.constraint for v in violations(KEYED, new, existing)]
    assert kinds == ([] if violated is None else [violated])


def test_excess_spaces_are_cut_before_checks_and_keys_unless_kept():
    """PostgreSQL cuts a varchar's excess spaces before CHECKs and keys see it; `spaces_kept`
    judges as SQLite, which keeps them."""
    t = table("t", col("code", varchar(3)), check("t_code_check", "code = 'abc'"), unique("code"))
    existing = Existing()
    existing.add(t, {"code": "abc"})
    assert [v.constraint for v in violations(t, {"code": "abc   "})] == []
    assert [v.constraint for v in violations(t, {"code": "abc "}, existing)] == ["t_code_key"]
    with spaces_kept():
        assert [v.constraint for v in violations(t, {"code": "abc "})] == ["t_code_check"]
        assert [v.constraint for v in violations(t, {"code": "abc"}, existing)] == ["t_code_key"]
    assert [v.constraint for v in violations(t, {"code": "abc "})] == []  # the block restores cutting


@pytest.mark.parametrize("old_root, new_story, new_root, violated", [
    (True, 1, True, True), (True, 1, False, False), (True, 2, True, False), (False, 1, True, False)])
def test_partial_unique_index(old_root, new_story, new_root, violated):
    nodes, existing = CYOA.table("story_nodes"), Existing()
    for sid in (1, 2):
        existing.add(CYOA.table("stories"), {"id": sid, "title": "t", "session_id": "s"})
    existing.add(nodes, {"id": 1, "story_id": 1, "content": "c", "is_root": old_root})
    row = {"story_id": new_story, "content": "c", "is_root": new_root}
    assert _kinds(violations(nodes, row, existing)) == ([("story_nodes_one_root", K.UNIQUE)] if violated else [])


PARENT = table("parent", col("a", INTEGER), col("b", INTEGER), unique("a", "b"), pk=("a", "b"))
CHILD = table("child", col("id", INTEGER), col("a", INTEGER), col("b", INTEGER), col("up", INTEGER),
              fk(("a", "b"), "parent", ("a", "b")), fk("up", "child"), pk="id")


@pytest.mark.parametrize("row, parents, violated", [
    ({"id": 1, "a": 1, "b": None}, [], []),  # MATCH SIMPLE: one NULL part passes
    ({"id": 1, "a": None, "b": None}, [], []),
    ({"id": 1, "a": 1, "b": 2}, [], ["child_a_b_fkey"]),
    ({"id": 1, "a": 1, "b": 2}, [{"a": 1, "b": 2}], []),
    ({"id": 1, "a": 1, "b": 2}, [{"a": 2, "b": 1}], ["child_a_b_fkey"]),
    ({"id": 1, "up": 1}, [], []),  # a row may reference itself
    ({"id": 1, "up": 2}, [], ["child_up_fkey"]),
])
def test_foreign_keys_match_simple(row, parents, violated):
    existing = Existing({PARENT.key: parents})
    assert [v.constraint for v in violations(CHILD, row, existing)] == violated


# -- partitions and state machines -------------------------------------------------------------

def _segment(created_at) -> dict:
    return {"scene_id": _id(), "user_id": _id(), "job_id": _id(), "sequence": 1, "input_text": "i",
            "expanded_script": "e", "video_url": "v", "duration": 1, "bible_version": 1, "created_at": created_at}


def _partition_verdicts(created_at) -> list[tuple[str, str]]:
    segments = SCENES.table("segments")
    return [k for k in _kinds(violations(segments, _segment(created_at))) if k[1] == K.PARTITION]


UTC = dt.timezone.utc


@pytest.mark.parametrize("created_at, partition", [
    (dt.datetime(2026, 1, 1, tzinfo=UTC), "2026_01"),  # the first lower bound is inside
    (dt.datetime(2026, 2, 1, tzinfo=UTC), "2026_02"),  # an upper bound belongs to the next month
    (dt.datetime(2026, 1, 31, 23, 59, 59, 999999, tzinfo=UTC), "2026_01"),
    (dt.datetime(2027, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), "2027_12"),
    (dt.datetime(2026, 2, 1, 0, 30, tzinfo=cases.PLUS1), "2026_01"),  # 2026-01-31 23:30 UTC
    (dt.datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), None),
    (dt.datetime(2028, 1, 1, tzinfo=UTC), None),  # the last upper bound is outside
    (dt.datetime(2026, 1, 1, 0, 30, tzinfo=cases.PLUS1), None),  # 2025-12-31 23:30 UTC
    (None, None),  # PostgreSQL routes NULL nowhere (NOT NULL is violated too)
])
def test_partition_bounds(created_at, partition):
    p = SCENES.table("segments").partitioning
    if created_at is not None:
        utc = created_at.astimezone(UTC).replace(tzinfo=None)
        assert p.partition_for(utc) == partition
    expected = [] if partition else [("segments", K.PARTITION)]
    assert _partition_verdicts(created_at) == expected


def test_partition_upper_bound_is_not_in_the_previous_month():
    bounds = {suffix: (lo, hi) for suffix, lo, hi in SCENES.table("segments").partitioning.bounds()}
    assert bounds["2026_01"][1] == bounds["2026_02"][0] == dt.date(2026, 2, 1)


@pytest.mark.parametrize("old", cases.STORY_STATUSES)
@pytest.mark.parametrize("new", cases.STORY_STATUSES)
def test_state_machine_transitions(old, new):
    story = PRISMQ.table("story")
    allowed = old == new or (old, new) in cases.SEED_TRANSITIONS
    verdict = allows_update(story, {"id": _id(), "status": old}, {"status": new})
    assert verdict == (ACCEPTED if allowed else Verdict(False, "story_status_transitions", K.STATE_MACHINE))


def test_update_without_status_is_allowed():
    assert allows_update(PRISMQ.table("story"), {"status": "published"}, {"created_by": "x"}) == ACCEPTED


def test_a_status_left_to_its_default_is_the_old_state():
    """A row inserted without a status holds the default; a transition from it is judged."""
    story = PRISMQ.table("story")
    default = story.column("status").default.value
    assert allows_update(story, {}, {"status": "published"}).kind == K.STATE_MACHINE
    assert allows_update(story, {}, {"status": default}) == allows_update(story, {"status": default}, {"status": default})


def test_unique_prefix_index_is_refused():
    t = table("p", col("id", INTEGER), col("s", varchar(9)), index("p_s", "s(3)", unique=True), pk="id")
    existing = Existing({t.key: [{"id": 1, "s": "abc"}]})
    with pytest.raises(OracleError, match="prefix"):
        violations(t, {"id": 2, "s": "abd"}, existing)


def test_check_on_bad_type_operands_is_refused():
    t = table("c", col("id", INTEGER), col("s", TEXT), check("c_s", "s > 1"), pk="id")
    with pytest.raises(UnsupportedExpression):
        violations(t, {"id": 1, "s": "a"})


# -- verdict kinds ------------------------------------------------------------------------

def test_a_verdict_kind_reads_as_its_text():
    """Reports, JSON output and dict keys written with the text value keep working with the enum."""
    assert json.dumps({"kind": K.NOT_NULL}) == '{"kind": "not_null"}'
    assert f"{K.FOREIGN_KEY}|{K.CHECK:>7}" == "foreign_key|  check"
    assert {("t", "c", "check"): 1}[("t", "c", K.CHECK)] == 1 and K.UNIQUE == "unique"


def test_a_verdict_takes_a_kind_as_text_and_refuses_an_unknown_one():
    assert Verdict(False, "c", "check").kind is K.CHECK
    with pytest.raises(ValueError, match="chekc"):
        Verdict(False, "c", "chekc")


# -- the new kinds (issue #14) ------------------------------------------------------------------

@pytest.mark.parametrize("ty, value, kind", cases.NEW_TYPE_RULES,
                         ids=[f"{ty}-{v!r:.30}" for ty, v, _ in cases.NEW_TYPE_RULES])
def test_new_type_rule(ty, value, kind):
    assert value_problem(ty, value) is kind


@pytest.mark.parametrize("ty, value, quirk, kind", cases.QUIRK_RULES,
                         ids=[f"{ty}-{v!r:.30}-{q.name}" for ty, v, q, _ in cases.QUIRK_RULES])
def test_an_engine_quirk_changes_the_type_rule_only_inside_judged_as(ty, value, quirk, kind):
    with judged_as(quirk):
        assert value_problem(ty, value) is kind
        with judged_as():  # nested: the quirks stay
            assert value_problem(ty, value) is kind
    assert value_problem(ty, value) is cases.MODEL_KINDS.get((ty, repr(value)), kind)  # gone after the block


@pytest.mark.parametrize("ty, value, stored", cases.STORED, ids=[f"{ty}-{v!r:.30}" for ty, v, _ in cases.STORED])
def test_the_value_as_stored(ty, value, stored):
    got = assigned(ty, value)
    assert got == stored and type(got) is type(stored)


def _keyed(ty) -> Table:
    return table("k", col("id", INTEGER), col("v", ty), unique("v"), pk="id")


@pytest.mark.parametrize("ty, old, new, collide", cases.KEY_COLLISIONS,
                         ids=[f"{ty}-{o!r:.20}-{n!r:.20}" for ty, o, n, _ in cases.KEY_COLLISIONS])
def test_unique_keys_of_the_new_kinds(ty, old, new, collide):
    t = _keyed(ty)
    existing = Existing({t.key: [{"id": 1, "v": old}]})
    assert _kinds(violations(t, {"id": 2, "v": new}, existing)) == ([("k_v_key", K.UNIQUE)] if collide else [])


@pytest.mark.parametrize("ty, old, new, quirk, collide", cases.QUIRK_COLLISIONS,
                         ids=[f"{ty}-{q.name}-{n!r:.20}" for ty, _, n, q, _ in cases.QUIRK_COLLISIONS])
def test_unique_keys_as_an_engine_with_a_quirk_stores_them(ty, old, new, quirk, collide):
    t = _keyed(ty)
    existing = Existing({t.key: [{"id": 1, "v": old}]})
    with judged_as(quirk):
        assert _kinds(violations(t, {"id": 2, "v": new}, existing)) == ([("k_v_key", K.UNIQUE)] if collide else [])


def test_nan_stored_as_null_breaks_not_null_as_the_quirk_says():
    t = table("k", col("id", INTEGER), col("v", DOUBLE, null=False), pk="id")
    assert violations(t, {"id": 1, "v": float("nan")}) == []
    with judged_as(Quirk.NAN_AS_NULL):
        assert _kinds(violations(t, {"id": 1, "v": float("nan")})) == [("k.v", K.NOT_NULL)]


def test_literal_defaults_of_the_new_kinds_are_their_python_values():
    t = types_corpus.SCHEMA.table("products")
    suppliers = types_corpus.SCHEMA.table("suppliers")
    row = effective(t, {"supplier_id": 1, "sku": b"x"})
    assert row["opens_at"] == dt.time(8, 30) and row["score"] == 0.5 and row["stock"] == 0
    assert effective(suppliers, {"code": "A"})["channels"] == "retail"
    assert effective(suppliers, {"code": "A"})["tier"] == 255


@pytest.mark.parametrize("sql, row, value", [
    ("r > 1.5", {"r": 2.0}, True), ("r = 0.5", {"r": 0.5}, True), ("r > 1000", {"r": float("nan")}, True),
    ("r = r", {"r": float("nan")}, True), ("r < 0", {"r": float("-inf")}, True), ("r + 1 > 2", {"r": 1.5}, True),
    ("t < '12:00:00'", {"t": dt.time(11)}, True), ("b = b", {"b": b"\x00"}, True),
], ids=lambda v: v if isinstance(v, str) else None)
def test_checks_over_floats_times_and_bytes(sql, row, value):
    assert evaluate(sql, row) is value


# -- FK ON UPDATE: an UPDATE of a referenced key -------------------------------------------------

def _referenced(action):
    parent = table("p", col("id", INTEGER), col("code", char(4)), unique("code"), pk="id")
    child = table("c", col("id", INTEGER), col("p_code", char(4), default=lit("D")),
                  fk("p_code", "p", "code", on_update=action, name="c_p_code_fkey"), pk="id")
    return Schema((parent, child)), parent, child


@pytest.mark.parametrize("action, new_code, parents, violated, child_code", cases.ON_UPDATE,
                         ids=[f"{c[0].name}-{c[1]}" for c in cases.ON_UPDATE])
def test_on_update_actions(action, new_code, parents, violated, child_code):
    schema, parent, child = _referenced(action)
    old = {"id": 1, "code": "A"}
    existing = Existing({parent.key: [old] + [{"id": i + 2, "code": c} for i, c in enumerate(parents)],
                         child.key: [{"id": 1, "p_code": "A  "}]})
    found, cascades = on_update(schema, parent, old, {"code": new_code}, existing)
    assert _kinds(found) == ([] if violated is None else [(violated, K.FOREIGN_KEY)])
    assert [c.changes for c in cascades] == ([] if child_code == "A" else [{"p_code": child_code}])


# -- exclusion constraints over PostgreSQL's range types ---------------------------------------

def _range(ty: str, text: str):
    r = parse_range(ty, text)
    return cases.EMPTY_RANGE if r == EMPTY else (r.lower, r.upper, r.lower_inc, r.upper_inc)


@pytest.mark.parametrize("ty, text, stored", cases.RANGE_LITERALS, ids=[f"{c[0]}-{c[1]}" for c in cases.RANGE_LITERALS])
def test_a_range_literal_reads_as_postgres_stores_it(ty, text, stored):
    assert _range(ty, text) == stored


@pytest.mark.parametrize("ty, text", cases.RANGE_REFUSED, ids=[f"{c[0]}-{c[1]}" for c in cases.RANGE_REFUSED])
def test_a_range_literal_postgres_refuses_or_the_oracle_does_not_model_is_refused(ty, text):
    with pytest.raises(RangeError):
        _range(ty, text)


@pytest.mark.parametrize("ty, a, b, overlap", cases.RANGE_OVERLAPS, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in cases.RANGE_OVERLAPS])
def test_range_overlap_and_an_exclusion_constraint_of_it(ty, a, b, overlap):
    assert overlaps(parse_range(ty, a), parse_range(ty, b)) is overlap
    assert overlaps(parse_range(ty, b), parse_range(ty, a)) is overlap
    t = table("slot", col("id", INTEGER, null=False), col("room", INTEGER, null=False),
              col("during", native(ty, "postgres"), null=False),
              exclude("slot_no_overlap", ("room", "="), ("during", "&&")), pk="id")
    existing = Existing({t.key: [{"id": 1, "room": 7, "during": a}]})
    assert _kinds(violations(t, {"id": 2, "room": 7, "during": b}, existing)) == (
        [("slot_no_overlap", "exclusion")] if overlap else [])
    assert violations(t, {"id": 2, "room": 8, "during": b}, existing) == []  # another room never conflicts


@pytest.mark.parametrize("ty, op", [("box", "&&"), ("int4range", "@>"), ("int4range", "-|-")])
def test_an_exclusion_operator_not_modelled_is_refused(ty, op):
    t = table("slot", col("id", INTEGER, null=False), col("area", native(ty, "postgres"), null=False),
              exclude("slot_x", ("area", op)), pk="id")
    existing = Existing({t.key: [{"id": 1, "area": "(1,1),(0,0)" if ty == "box" else "[1,5)"}]})
    with pytest.raises(UnsupportedExpression, match=f"operator {re.escape(op)} is not modelled"):
        violations(t, {"id": 2, "area": "(1,1),(0,0)" if ty == "box" else "[1,5)"}, existing)
