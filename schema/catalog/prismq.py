"""prismq (seed 000): the PrismQ text-generation pipeline.

Hybrid model: a `story` points at its current title and script versions, the
version tables keep the full history, and `review` is one table with a
discriminator. `story.status` is a state machine.

Seed names are CamelCase (`Story`, `TitleVersion`); here they are snake_case.
`idea` and `story_metrics` come from the seed's "Future Improvements".
Migration 0002 is the seed's "Content Type Extensibility": `summary_version`,
`story.current_summary_version_id` and the review type 'summary'.
"""
from __future__ import annotations

from schemakit import (
    BIGINT, BOOLEAN, GEN_UUID, INTEGER, NOW, TEXT, TIMESTAMP, UUID, AccessPattern, Action, check, col,
    decimal, Enum, enum_type, fk, index, lit, Schema, state_machine, System, table, unique, varchar,
)

STORY_STATUS = Enum("story_status", ("draft", "in_progress", "review", "approved", "published"))
# 'summary' came with migration 0002 (seed: ALTER TYPE review_type ADD VALUE 'summary').
REVIEW_TYPE = Enum("review_type", ("title", "script", "story", "summary"))
IDEA_STATUS = Enum("idea_status", ("draft", "developed", "approved"))
# The seed writes `genre ENUM(...)` without values; these are our choice (add more by migration).
IDEA_GENRE = Enum("idea_genre", ("drama", "comedy", "thriller", "horror", "romance", "mystery",
                                 "fantasy", "science_fiction", "documentary", "other"))

# The seed's transition table, exactly; an UPDATE that keeps the status is always allowed.
STORY_TRANSITIONS = [
    ("draft", "in_progress"),
    ("in_progress", "review"),
    ("review", "in_progress"),
    ("review", "approved"),
    ("approved", "published"),
]


def _created():
    return col("created_at", TIMESTAMP, null=False, default=NOW)


story = table(
    "story",
    col("id", UUID, default=GEN_UUID),
    col("idea_id", UUID, comment="the idea this story was developed from"),
    col("status", enum_type(STORY_STATUS), null=False, default=lit("draft"),
        comment="workflow state; transitions are restricted by story_status_transitions"),
    col("current_title_version_id", UUID, comment="the title version shown now"),
    col("current_script_version_id", UUID, comment="the script version shown now"),
    col("current_summary_version_id", UUID, comment="the summary version shown now"),
    _created(),
    col("updated_at", TIMESTAMP, null=False, default=NOW, on_update_now=True),
    col("created_by", varchar(255)),
    col("deleted_at", TIMESTAMP, comment="when the story was soft-deleted; NULL while live"),
    # Seed: `is_deleted BOOLEAN DEFAULT FALSE` (nullable); NOT NULL so the consistency CHECK is two-valued.
    col("is_deleted", BOOLEAN, null=False, default=lit(False)),
    fk("idea_id", "idea", on_delete=Action.SET_NULL),
    fk("current_title_version_id", "title_version", on_delete=Action.SET_NULL),
    fk("current_script_version_id", "script_version", on_delete=Action.SET_NULL),
    fk("current_summary_version_id", "summary_version", on_delete=Action.SET_NULL),
    check("story_soft_delete_check",
          "(is_deleted AND deleted_at IS NOT NULL) OR (NOT is_deleted AND deleted_at IS NULL)"),
    state_machine("story_status_transitions", "status", STORY_TRANSITIONS),
    index("idx_story_status", "status"),
    index("idx_story_created_at", "created_at"),
    index("idx_story_idea_id", "idea_id"),
    index("idx_story_current_title_version_id", "current_title_version_id"),
    index("idx_story_current_script_version_id", "current_script_version_id"),
    index("idx_story_current_summary_version_id", "current_summary_version_id"),
    pk="id",
    soft_delete="deleted_at",
    comment="A story in the pipeline, with its workflow status and current versions.",
)


def _version_table(name: str, what: str):
    """title_version / script_version: one row per saved version of a story part."""
    return table(
        name,
        col("id", UUID, default=GEN_UUID),
        col("story_id", UUID, null=False),
        col("version", INTEGER, null=False, comment="1, 2, ... per story"),
        col("text", TEXT, null=False),
        _created(),
        col("created_by", varchar(255)),
        fk("story_id", "story", on_delete=Action.CASCADE),
        unique("story_id", "version"),
        # Seed's idx_*version_story (story_id, version DESC) dropped: the UNIQUE, read backwards, serves it.
        pk="id",
        comment=f"Every version of a story's {what}, oldest first.",
    )


title_version = _version_table("title_version", "title")
script_version = _version_table("script_version", "script")
# Seed's SummaryVersion has no created_by; kept like the other version tables for one shape.
summary_version = _version_table("summary_version", "summary")

review = table(
    "review",
    col("id", UUID, default=GEN_UUID),
    col("story_id", UUID, null=False),
    col("review_type", enum_type(REVIEW_TYPE), null=False, comment="discriminator: what is reviewed"),
    col("reviewed_title_version_id", UUID),
    col("reviewed_script_version_id", UUID),
    # Not in the seed's migration: without it a 'summary' review could name no summary version.
    col("reviewed_summary_version_id", UUID),
    col("feedback", TEXT, null=False),
    col("score", INTEGER, comment="0 to 100"),
    _created(),
    col("created_by", varchar(255)),
    fk("story_id", "story", on_delete=Action.CASCADE),
    fk("reviewed_title_version_id", "title_version", on_delete=Action.CASCADE),
    fk("reviewed_script_version_id", "script_version", on_delete=Action.CASCADE),
    fk("reviewed_summary_version_id", "summary_version", on_delete=Action.CASCADE),
    check("review_score_check", "score >= 0 AND score <= 100"),  # seed's inline CHECK, PostgreSQL's name
    check("review_type_check", """
        (review_type = 'title' AND reviewed_title_version_id IS NOT NULL AND reviewed_script_version_id IS NULL
            AND reviewed_summary_version_id IS NULL) OR
        (review_type = 'script' AND reviewed_script_version_id IS NOT NULL AND reviewed_title_version_id IS NULL
            AND reviewed_summary_version_id IS NULL) OR
        (review_type = 'story' AND reviewed_title_version_id IS NOT NULL AND reviewed_script_version_id IS NOT NULL
            AND reviewed_summary_version_id IS NULL) OR
        (review_type = 'summary' AND reviewed_summary_version_id IS NOT NULL AND reviewed_title_version_id IS NULL
            AND reviewed_script_version_id IS NULL)
    """),
    index("idx_review_story", "story_id", "review_type"),
    index("idx_review_title_version", "reviewed_title_version_id"),
    index("idx_review_script_version", "reviewed_script_version_id"),
    index("idx_review_summary_version", "reviewed_summary_version_id"),
    pk="id",
    comment="A review of a title, a script or a whole story (single table with discriminator).",
)

idea = table(
    "idea",
    col("id", UUID, default=GEN_UUID),
    col("title", varchar(255), null=False),
    col("concept", TEXT, null=False),
    col("premise", TEXT),
    col("logline", TEXT),
    col("hook", TEXT),
    col("skeleton", TEXT),
    col("emotional_arc", TEXT),
    col("twist", TEXT),
    col("climax", TEXT),
    col("genre", enum_type(IDEA_GENRE), null=False),
    col("target_audience", TEXT),
    col("status", enum_type(IDEA_STATUS), null=False, default=lit("draft")),
    _created(),
    col("created_by", varchar(255)),
    pk="id",
    comment="A story idea, developed before a story is created from it.",
)

story_metrics = table(
    "story_metrics",
    col("id", UUID, default=GEN_UUID),
    col("story_id", UUID, null=False),
    col("total_title_versions", INTEGER, default=lit(0)),
    col("total_script_versions", INTEGER, default=lit(0)),
    col("total_reviews", INTEGER, default=lit(0)),
    col("avg_review_score", decimal(5, 2)),
    # Seed: time_to_approval INTERVAL; MySQL and SQLite have no interval type, so whole seconds
    # (https://dev.mysql.com/doc/refman/8.0/en/data-types.html, https://www.sqlite.org/datatype3.html).
    col("time_to_approval_seconds", BIGINT, comment="seconds from creation to approval"),
    # Seed: updated_at without a default; NOW like every other updated_at.
    col("updated_at", TIMESTAMP, null=False, default=NOW, on_update_now=True),
    fk("story_id", "story", on_delete=Action.CASCADE),
    # Not in the seed: the totals are per story, so one metrics row per story.
    unique("story_id"),
    pk="id",
    comment="Iteration metrics of one story.",
)

SYSTEM = System(
    name="prismq",
    title="PrismQ text generation pipeline",
    schema=Schema((story, title_version, script_version, review, idea, story_metrics, summary_version)),
    notes=("story <-> title_version / script_version reference each other (circular foreign keys).",),
    # The seed's "Indexing Strategy": primary query patterns.
    access_patterns=(
        AccessPattern("stories awaiting review", "story",
                      "SELECT id, current_title_version_id, current_script_version_id FROM story "
                      "WHERE status = 'review'",
                      "idx_story_status"),
    ),
)
