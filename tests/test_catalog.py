"""The catalog: every system loads and validates, invalid definitions are
rejected, and each seed bug stays fixed (re-introducing it fails validation
wherever validation can see it). No database needed."""
from __future__ import annotations

import dataclasses
import importlib.util
from datetime import date, datetime
from pathlib import Path

import pytest

from schemakit.schema import catalog, expr
from schemakit.schema.build import col, fk, index, unique
from schemakit.schema.model import (
    Action, ColumnType, DefaultKind, ForeignKey, IndexMethod, Kind, Partitioning, Schema, native,
)
from schemakit import dialects
from schemakit.dialects import identifier_limit, untyped_origins
from schemakit.schema.validate import SchemaError, validate
from tests.data.options_corpus import SCHEMA as OPTIONS_CORPUS
from tests.data.types_corpus import SCHEMA as TYPES_CORPUS

TABLES = {
    "prismq": ["story", "title_version", "script_version", "review", "idea", "story_metrics", "summary_version"],
    "scenes": ["users", "oauth_accounts", "topics", "user_topics", "categories", "ideas", "scenes",
               "segments", "jobs", "scene_bibles", "scene_summaries", "moderation_flags",
               "scene_views", "likes"],
    "cyoa": ["stories", "story_nodes", "story_jobs"],
    "contentgen": ["projects", "object_models", "prompts", "llm_usage", "clients",
                   "project_1.contents", "project_1.metadata", "project_1.vocabulary",
                   "project_1.prompt_components"],
    "scriptpal": ["users", "scripts", "chat_history", "sessions", "script_elements", "personas",
                  "chat_messages"],
}


def _data(name: str):
    path = Path(__file__).parent / "data" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"catalog_test_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


INVALID = _data("invalid_definitions")


def _all_tables():
    return [(name, t) for name in catalog.names() for t in catalog.load(name).tables]


def _rejected(system: str, table: str, **changes) -> list[str]:
    """validate()'s problems once `table` of `system` gets `changes` (it must fail)."""
    s = catalog.load(system)
    broken = s.replace_table(dataclasses.replace(s.table(table), **changes))
    with pytest.raises(SchemaError) as e:
        validate(broken, identifier_limit())
    return e.value.problems


def _plus(system: str, table: str, attr: str, *items):
    """`attr` of the loaded table with `items` appended (for dataclasses.replace)."""
    return {attr: getattr(catalog.load(system).table(table), attr) + tuple(items)}


def _mentions(problems: list[str], *words: str) -> bool:
    return any(all(w in p for w in words) for p in problems)


def _fks(system: str, table: str) -> set[tuple]:
    return {(f.columns, f.ref_table, f.ref_columns) for f in catalog.load(system).table(table).foreign_keys}


def _index(system: str, table: str, name: str):
    return next(i for i in catalog.load(system).table(table).indexes if i.name == name)


# -- loading ---------------------------------------------------------------------------

def test_names_are_the_five_systems_in_order():
    assert catalog.names() == list(TABLES) == list(catalog.SYSTEMS)


@pytest.mark.parametrize("name", list(TABLES))
def test_system_loads_and_validates(name):
    s = catalog.load(name)
    assert isinstance(s, Schema)
    assert sorted(t.qualified for t in s.tables) == sorted(TABLES[name])
    assert catalog.get(name).name == name


@pytest.mark.parametrize("call", [catalog.load, catalog.get])
def test_unknown_system_names_it_and_the_valid_ones(call):
    with pytest.raises(catalog.UnknownSystem) as e:
        call("nosuch")
    assert isinstance(e.value, LookupError)
    assert "nosuch" in str(e.value) and all(n in str(e.value) for n in TABLES)


def test_contentgen_tenants_get_their_own_namespaces():
    s = catalog.load("contentgen", tenants=[1, 7])
    assert s.namespaces == ("project_1", "project_7")
    assert s.has_table("contents", "project_7") and not s.has_table("contents")


@pytest.mark.parametrize("system,table", [(n, t) for n, ts in TABLES.items() for t in ts])
def test_every_table_has_a_primary_key_and_a_comment(system, table):
    ns, _, name = table.rpartition(".")
    t = catalog.load(system).table(name, ns or None)
    assert t.primary_key and t.comment


def test_every_foreign_key_has_an_index_led_by_its_columns():
    for system, t in _all_tables():
        keys = [t.primary_key] + [u.columns for u in t.uniques] + [i.columns for i in t.indexes if not i.where]
        for f in t.foreign_keys:
            assert any(set(k[:len(f.columns)]) == set(f.columns) for k in keys), (system, t.name, f.name)


def test_every_updated_at_is_maintained():
    for system, t in _all_tables():
        if t.has_column("updated_at"):
            assert t.column("updated_at").on_update_now, (system, t.name)


def test_the_catalog_exercises_the_whole_model():
    tables = [t for _, t in _all_tables()]
    columns = [c for t in tables for c in t.columns]
    kinds = {c.type.kind for c in columns} | {c.type.item.kind for c in columns if c.type.item}
    corpus = {c.type.kind for s in (TYPES_CORPUS, OPTIONS_CORPUS) for t in s.tables
              for c in t.columns}  # the kinds no seed system needs
    assert set(Kind) - {Kind.SMALLINT} <= kinds | corpus
    assert {c.default.kind for c in columns if c.default} == set(DefaultKind) - {DefaultKind.EXPRESSION}
    assert any(c.default and c.default.kind is DefaultKind.EXPRESSION for t in OPTIONS_CORPUS.tables for c in t.columns)
    assert any(c.identity for c in columns) and any(c.on_update_now for c in columns)
    assert any(len(t.primary_key) > 1 for t in tables)
    assert {f.on_delete for t in tables for f in t.foreign_keys} >= {Action.CASCADE, Action.SET_NULL, Action.NO_ACTION}
    assert {f.on_update for t in TYPES_CORPUS.tables for f in t.foreign_keys} >= {Action.CASCADE, Action.SET_NULL}
    assert {len(u.columns) > 1 for t in tables for u in t.uniques} == {True, False}
    parts = [p for t in tables for i in t.indexes for p in i.parts]
    assert any(p.desc for p in parts) and any(p.prefix for p in parts) and any(p.expression for p in parts)
    indexes = [i for t in tables for i in t.indexes]
    assert any(i.where for i in indexes) and any(i.method is IndexMethod.GIN for i in indexes)
    assert any(len(i.parts) > 1 for i in indexes) and any(i.unique for i in indexes)
    assert any(t.partitioning for t in tables) and any(t.soft_delete for t in tables)
    assert any(t.state_machines for t in tables) and any(t.checks for t in tables)
    assert sum(1 for c in columns if c.comment) >= 10


# -- invalid definitions (table-driven, tests/data/invalid_definitions.py) ---------------

def test_the_base_of_the_invalid_cases_is_valid():
    validate(INVALID.BASE, identifier_limit(), untyped_origins())


def test_a_column_without_a_declared_type_is_valid_for_an_engine_that_has_them():
    """native("", "sqlite"): a loose SQLite column without a declared type (issue #14)."""
    untyped = INVALID.schema(INVALID.parent(), INVALID.child(col("any", native("", "sqlite")), strict=False))
    assert validate(untyped, identifier_limit(), untyped_origins()) is untyped
    with pytest.raises(SchemaError):  # the caller names the engines that have them
        validate(untyped, identifier_limit())


@pytest.mark.parametrize("case", INVALID.CASES, ids=[c.id for c in INVALID.CASES])
def test_invalid_definition_is_rejected_naming_table_and_subject(case):
    with pytest.raises(SchemaError) as e:
        validate(case.schema, identifier_limit(), untyped_origins())
    assert _mentions(e.value.problems, *case.mentions), e.value.problems


# -- prismq (seed 000) -----------------------------------------------------------------

def test_prismq_story_status_is_the_documented_state_machine():
    story = catalog.load("prismq").table("story")
    (sm,) = story.state_machines
    assert sm.column == "status"
    assert story.column("status").type.enum.values == ("draft", "in_progress", "review", "approved", "published")
    assert set(sm.transitions) == {("draft", "in_progress"), ("in_progress", "review"),
                                   ("review", "in_progress"), ("review", "approved"),
                                   ("approved", "published")}
    assert not sm.allows("draft", "published") and sm.allows("review", "review")


def test_prismq_review_type_check_is_the_documents_plus_summary():
    seed = """(review_type = 'title' AND reviewed_title_version_id IS NOT NULL AND reviewed_script_version_id IS NULL) OR
        (review_type = 'script' AND reviewed_script_version_id IS NOT NULL AND reviewed_title_version_id IS NULL) OR
        (review_type = 'story' AND reviewed_title_version_id IS NOT NULL AND reviewed_script_version_id IS NOT NULL)"""
    review = catalog.load("prismq").table("review")
    (c,) = [c for c in review.checks if c.name == "review_type_check"]
    # The seed's three branches, each also requiring no summary version, plus the 'summary' branch of 0002.
    seed_branches = expr.normalize(seed).split(" OR ")
    ours = expr.normalize(c.expression).split(" OR ")
    assert len(ours) == 4 and all(o.startswith(b[:-1]) for b, o in zip(seed_branches, ours))
    assert "'summary'" in ours[3]
    assert review.column("review_type").type.enum.name == "review_type"


def test_prismq_story_references_idea_declared_later():
    names = [t.name for t in catalog.get("prismq").schema.tables]
    assert names.index("idea") > names.index("story")
    assert (("idea_id",), "idea", ("id",)) in _fks("prismq", "story")


def test_prismq_story_and_title_version_reference_each_other():
    assert (("current_title_version_id",), "title_version", ("id",)) in _fks("prismq", "story")
    assert (("story_id",), "story", ("id",)) in _fks("prismq", "title_version")


def test_prismq_story_is_soft_deleted_consistently():
    story = catalog.load("prismq").table("story")
    assert story.soft_delete == "deleted_at" and story.column("deleted_at").nullable
    flag = story.column("is_deleted")
    assert not flag.nullable and flag.default.value is False
    assert any(expr.columns(c.expression) == {"is_deleted", "deleted_at"} for c in story.checks)


def test_prismq_interval_is_modelled_as_seconds():
    metrics = catalog.load("prismq").table("story_metrics")
    assert not metrics.has_column("time_to_approval")
    assert metrics.column("time_to_approval_seconds").type.kind is Kind.BIGINT


@pytest.mark.parametrize("table", ["title_version", "script_version"])
def test_prismq_version_index_covered_by_unique_is_gone(table):
    t = catalog.load("prismq").table(table)
    assert ("story_id", "version") in [u.columns for u in t.uniques]
    assert not any(i.columns[:1] == ("story_id",) for i in t.indexes)


def test_prismq_has_the_content_type_extensibility_of_migration_0002():
    s = catalog.load("prismq")
    assert s.has_table("summary_version")
    assert s.table("review").column("review_type").type.enum.values[-1] == "summary"
    assert (("current_summary_version_id",), "summary_version", ("id",)) in _fks("prismq", "story")


# -- scenes (seed 001) -----------------------------------------------------------------

def test_scenes_jobs_idempotency_unique_includes_the_partition_key():
    jobs = catalog.load("scenes").table("jobs")
    assert [u.columns for u in jobs.uniques] == [("idempotency_key", "created_at")]
    problems = _rejected("scenes", "jobs", uniques=(unique("idempotency_key").bind("jobs"),))
    assert _mentions(problems, "table jobs", "jobs_idempotency_key_key", "created_at")


@pytest.mark.parametrize("table", ["segments", "jobs"])
def test_scenes_partitions_accept_rows_written_in_late_2026(table):
    p = catalog.load("scenes").table(table).partitioning
    assert p.start == date(2026, 1, 1) and p.months >= 24
    assert p.partition_for(datetime(2026, 11, 22, 6, 0)) == "2026_11"
    assert p.partition_for(datetime(2027, 10, 1)) == "2027_10"
    seed = Partitioning("created_at", start=date(2026, 1, 1), months=2)
    assert seed.partition_for(datetime(2026, 11, 22)) is None


SCENES_REDUNDANT = [
    ("users", index("idx_users_email", "email")),
    ("users", index("idx_users_username", "username")),
    ("topics", index("idx_topics_slug", "slug")),
    ("categories", index("idx_categories_topic_id", "topic_id")),
    ("scene_bibles", index("idx_scene_bibles_scene_id", "scene_id")),
    ("segments", index("idx_segments_scene_id", "scene_id")),
]


@pytest.mark.parametrize("table,seed_index", SCENES_REDUNDANT, ids=[i.name for _, i in SCENES_REDUNDANT])
def test_scenes_redundant_seed_index_is_gone_and_rejected(table, seed_index):
    assert seed_index.name not in {i.name for i in catalog.load("scenes").table(table).indexes}
    problems = _rejected("scenes", table, **_plus("scenes", table, "indexes", seed_index))
    assert _mentions(problems, f"table {table}", seed_index.name, "redundant")


def test_scenes_scene_bibles_keeps_only_its_unique():
    t = catalog.load("scenes").table("scene_bibles")
    assert t.indexes == () and [u.columns for u in t.uniques] == [("scene_id", "version")]


@pytest.mark.parametrize("table", ["segments", "jobs"])
def test_scenes_partitioned_tables_declare_real_foreign_keys(table):
    fks = _fks("scenes", table)
    assert {(("scene_id",), "scenes", ("id",)), (("user_id",), "users", ("id",))} <= fks


def test_scenes_segments_job_id_cannot_reference_jobs_composite_key():
    problems = _rejected("scenes", "segments", **_plus("scenes", "segments", "foreign_keys",
                                                       fk("job_id", "jobs").bind("segments")))
    assert _mentions(problems, "table segments", "segments_job_id_fkey", "neither its primary key")


def test_scenes_keeps_the_documented_checks_partial_and_gin_indexes():
    s = catalog.load("scenes")
    checks = {c.name for t in s.tables for c in t.checks}
    assert checks == {"users_role_check", "user_topics_status_check", "ideas_status_check",
                      "ideas_moderation_check", "scenes_status_check", "segments_status_check",
                      "jobs_status_check", "jobs_stage_check", "moderation_target_type_check",
                      "moderation_status_check"}
    assert _index("scenes", "ideas", "idx_ideas_status").where == "status = 'active'"
    assert "NOT IN" in _index("scenes", "jobs", "idx_jobs_status").where
    assert _index("scenes", "ideas", "idx_ideas_tags").method is IndexMethod.GIN
    assert s.table("ideas").column("tags").type.item.kind is Kind.TEXT


# -- cyoa (seed 002) -------------------------------------------------------------------

CYOA_REDUNDANT = [
    ("stories", index("ix_stories_id", "id")),
    ("story_nodes", index("ix_story_nodes_id", "id")),
    ("story_jobs", index("ix_story_jobs_id", "id")),
    ("story_jobs", index("ix_story_jobs_job_id", "job_id")),
]


@pytest.mark.parametrize("table,seed_index", CYOA_REDUNDANT, ids=[i.name for _, i in CYOA_REDUNDANT])
def test_cyoa_redundant_seed_index_is_gone_and_rejected(table, seed_index):
    assert seed_index.name not in {i.name for i in catalog.load("cyoa").table(table).indexes}
    problems = _rejected("cyoa", table, **_plus("cyoa", table, "indexes", seed_index))
    assert _mentions(problems, f"table {table}", seed_index.name, "redundant")


def test_cyoa_unbounded_varchar_is_bounded_and_rejected():
    stories = catalog.load("cyoa").table("stories")
    assert stories.column("title").type.length == 255
    unbounded = dataclasses.replace(stories.column("title"), type=ColumnType(Kind.VARCHAR))
    cols = tuple(unbounded if c.name == "title" else c for c in stories.columns)
    assert _mentions(_rejected("cyoa", "stories", columns=cols), "table stories", "column title", "length")


def test_cyoa_ids_are_identity_columns():
    for t in catalog.load("cyoa").tables:
        assert t.primary_key == ("id",) and t.column("id").identity


def test_cyoa_tree_flags_are_two_valued():
    nodes = catalog.load("cyoa").table("story_nodes")
    for name in ("is_root", "is_ending", "is_winning_ending", "options"):
        assert not nodes.column(name).nullable, name
    assert nodes.column("options").default.value == "[]"
    assert nodes.column("options").type.kind is Kind.JSON


def test_cyoa_tree_rules_where_the_engine_allows():
    nodes = catalog.load("cyoa").table("story_nodes")
    root = _index("cyoa", "story_nodes", "story_nodes_one_root")
    assert root.unique and root.columns == ("story_id",) and root.where == "is_root"
    bodies = {expr.normalize(c.expression) for c in nodes.checks}
    assert expr.normalize("NOT is_ending OR json_array_length(options) = 0") in bodies
    assert expr.normalize("NOT is_winning_ending OR is_ending") in bodies
    assert (("story_id",), "stories", ("id",)) in _fks("cyoa", "story_nodes")
    assert nodes.foreign_keys[0].on_delete is Action.CASCADE


def test_cyoa_job_status_is_checked():
    (c,) = catalog.load("cyoa").table("story_jobs").checks
    assert expr.normalize(c.expression) == expr.normalize(
        "status IN ('pending', 'processing', 'completed', 'failed')")


# -- contentgen (seed 003) -------------------------------------------------------------

def test_contentgen_projects_reference_clients():
    assert (("client_id",), "clients", ("id",)) in _fks("contentgen", "projects")
    s = catalog.load("contentgen")
    without_clients = Schema(tuple(t for t in s.tables if t.name != "clients"))
    with pytest.raises(SchemaError) as e:
        validate(without_clients, identifier_limit())
    assert _mentions(e.value.problems, "table projects", "projects_client_id_fkey", "'clients'")


def test_contentgen_cross_namespace_references_are_plain_columns():
    s = catalog.load("contentgen")
    for name, column in [("contents", "object_model_id"), ("prompt_components", "base_prompt_id")]:
        t = s.table(name, "project_1")
        assert t.foreign_keys == () and t.column(column).comment
    assert s.table("llm_usage").column("cost").type == ColumnType(Kind.DECIMAL, precision=10, scale=6)


# -- scriptpal (seed 004) --------------------------------------------------------------

def test_scriptpal_sessions_has_one_foreign_key_on_user_id():
    sessions = catalog.load("scriptpal").table("sessions")
    assert [(f.columns, f.ref_table) for f in sessions.foreign_keys] == [(("user_id",), "users")]
    again = ForeignKey("sessions_ibfk_2", ("user_id",), "users", ("id",))
    problems = _rejected("scriptpal", "sessions", foreign_keys=sessions.foreign_keys + (again,))
    assert _mentions(problems, "table sessions", "sessions_ibfk_2", "same columns")


SCRIPTPAL_REDUNDANT = [
    ("users", index("idx_users_email", "email")),
    ("scripts", index("user_id", "user_id")),
    ("scripts", index("idx_scripts_user_id", "user_id")),
    ("scripts", index("updated_at", "updated_at")),
    ("chat_history", index("user_id", "user_id")),
    ("chat_history", index("idx_chat_history_user_id", "user_id")),
    ("chat_history", index("idx_chat_history_user_script", "user_id", "script_id")),
    ("chat_history", index("script_id", "script_id")),
    ("sessions", index("idx_token", "token(32)")),
]


@pytest.mark.parametrize("table,seed_index", SCRIPTPAL_REDUNDANT,
                         ids=[f"{t}.{i.name}" for t, i in SCRIPTPAL_REDUNDANT])
def test_scriptpal_redundant_seed_index_is_gone_and_rejected(table, seed_index):
    t = catalog.load("scriptpal").table(table)
    assert seed_index.parts not in [i.parts for i in t.indexes if i.name != _kept(table, seed_index)]
    problems = _rejected("scriptpal", table, **_plus("scriptpal", table, "indexes", seed_index))
    assert _mentions(problems, f"table {table}", seed_index.name, "redundant")


def _kept(table: str, seed_index) -> str:
    """The one index the catalog keeps of a seed pair of duplicates."""
    return {("scripts", "updated_at"): "idx_scripts_updated_at",
            ("chat_history", "script_id"): "idx_chat_history_script_id",
            ("sessions", "idx_token"): "idx_sessions_token"}.get((table, seed_index.name), "")


def test_scriptpal_mysql_key_names_per_table_are_renamed_where_names_are_per_namespace():
    """MySQL's KEY script_id on two tables is valid (index names are per table there, and in the model);
    PostgreSQL and SQLite, which scope them per schema, render the later one as <table>_<name>."""
    s = catalog.load("scriptpal")
    for name in ("chat_history", "script_elements"):
        t = s.table(name)
        s = s.replace_table(dataclasses.replace(t, indexes=tuple(
            dataclasses.replace(i, name="script_id") if i.name == f"idx_{name}_script_id" else i for i in t.indexes)))
    validate(s, identifier_limit())
    order = [t.name for t in s.tables if t.name in ("chat_history", "script_elements")]
    for engine, code in (("postgres", "PG-INDEXNAME"), ("sqlite", "SL-INDEXNAME"), ("mysql", None)):
        lowered = dialects.get(engine).lower(s)
        names = [[i.name for i in lowered.schema.table(n).indexes if "script_id" in i.name] for n in order]
        renamed = [(g.table, g.subject) for g in lowered.degradations if g.code == code]
        assert (names, renamed) == (([["script_id"], [f"{order[1]}_script_id"]], [(order[1], "script_id")])
                                    if code else ([["script_id"], ["script_id"]], []))


def test_scriptpal_chat_history_newest_first_index():
    i = _index("scriptpal", "chat_history", "idx_chat_history_user_script_time")
    assert [(p.column, p.desc) for p in i.parts] == [("user_id", False), ("script_id", False), ("timestamp", True)]


def test_scriptpal_keeps_one_prefix_index_on_the_token():
    (i,) = [i for i in catalog.load("scriptpal").table("sessions").indexes if i.parts[0].column == "token"]
    assert i.name == "idx_sessions_token" and i.parts[0].prefix == 32


def test_scriptpal_chat_roles_share_one_enum_and_money_stays_exact():
    s = catalog.load("scriptpal")
    assert s.table("chat_history").column("type").type == s.table("chat_messages").column("role").type
    assert s.table("chat_messages").column("cost_usd").default.value == "0.0"
    assert s.table("scripts").column("updated_at").on_update_now


def test_scriptpal_sessions_deleted_on_logout_keep_their_messages():
    (f,) = [f for f in catalog.load("scriptpal").table("chat_messages").foreign_keys if f.ref_table == "sessions"]
    assert f.on_delete is Action.SET_NULL
