"""scenes (seed 001): collaborative AI video scenes.

Users submit ideas under curated topics; a scene is a story thread made of
video segments, each produced by a job. `segments` and `jobs` are
range-partitioned by month on `created_at`.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from schemakit import (
    BIGINT, BOOLEAN, Column, GEN_UUID, INTEGER, JSONB, NOW, TEXT, TIMESTAMPTZ, UUID, AccessPattern, Action, array,
    check, col, expr, fk, index, IndexMethod, lit, Partitioning, Rolling, Schema, System, table, unique, varchar,
)

# Seed creates partitions 2026_01 and 2026_02 only, which reject every row written after
# February 2026; the first migration creates two years from 2026-01, and from there the window
# rolls (`schemakit partitions maintain`): the seed's "create new partitions monthly by a cron
# job", three months kept ready ahead; "keep every segments partition"; "archive jobs partitions
# older than six months to cold storage".
SEGMENTS_MONTHS = Partitioning("created_at", start=date(2026, 1, 1), months=24, rolling=Rolling(ahead=3))
JOBS_MONTHS = Partitioning("created_at", start=date(2026, 1, 1), months=24,
                           rolling=Rolling(ahead=3, archive_after=6))


def _id():
    return col("id", UUID, null=False, default=GEN_UUID)


def _at(name: str = "created_at", **kw):
    return col(name, TIMESTAMPTZ, null=False, default=NOW, **kw)


def _updated():
    return _at("updated_at", on_update_now=True)


def _count(name: str, comment: Optional[str] = "denormalized") -> Column:
    return col(name, INTEGER, null=False, default=lit(0), comment=comment)


users = table(
    "users",
    _id(),
    col("email", varchar(255), null=False),
    col("password_hash", varchar(255), comment="NULL for OAuth-only users"),
    col("username", varchar(50), null=False),
    col("display_name", varchar(100)),
    col("avatar_url", varchar(500)),
    col("bio", TEXT),
    col("role", varchar(20), null=False, default=lit("user")),
    col("email_verified", BOOLEAN, null=False, default=lit(False)),
    col("is_active", BOOLEAN, null=False, default=lit(True)),
    _at(), _updated(),
    col("last_login_at", TIMESTAMPTZ),
    unique("email"),
    unique("username"),
    check("users_role_check", "role IN ('user', 'moderator', 'admin')"),
    # Seed's idx_users_email and idx_users_username dropped: the UNIQUE constraints already index them.
    index("idx_users_created_at", "created_at"),
    # Not in the seed: case-insensitive login lookup (WHERE lower(email) = lower(?)).
    index("idx_users_email_lower", expr("lower(email)")),
    pk="id",
    comment="Registered users (password or OAuth).",
)

oauth_accounts = table(
    "oauth_accounts",
    _id(),
    col("user_id", UUID, null=False),
    col("provider", varchar(50), null=False, comment="google, github"),
    col("provider_id", varchar(255), null=False),
    col("access_token", TEXT),
    col("refresh_token", TEXT),
    col("expires_at", TIMESTAMPTZ),
    _at(),
    fk("user_id", "users", on_delete=Action.CASCADE),
    unique("provider", "provider_id"),
    index("idx_oauth_user_id", "user_id"),
    pk="id",
    comment="OAuth identities linked to a user.",
)

topics = table(
    "topics",
    _id(),
    col("name", varchar(100), null=False),
    col("slug", varchar(100), null=False),
    col("description", TEXT),
    col("icon_url", varchar(500)),
    col("is_curated", BOOLEAN, null=False, default=lit(True)),
    col("is_active", BOOLEAN, null=False, default=lit(True)),
    col("display_order", INTEGER, null=False, default=lit(0)),
    _count("scene_count"),
    _at(), _updated(),
    unique("slug"),
    # Seed's idx_topics_slug dropped: UNIQUE(slug) already indexes it.
    index("idx_topics_display_order", "display_order"),
    pk="id",
    comment="Admin-curated topics.",
)

user_topics = table(
    "user_topics",
    _id(),
    col("user_id", UUID, null=False),
    col("name", varchar(100), null=False),
    col("description", TEXT),
    col("status", varchar(20), null=False, default=lit("pending")),
    col("reviewed_by", UUID),
    col("reviewed_at", TIMESTAMPTZ),
    col("rejection_reason", TEXT),
    col("promoted_to_topic_id", UUID, comment="the topic made from it, if approved and promoted"),
    _at(),
    fk("user_id", "users"),
    fk("reviewed_by", "users"),
    fk("promoted_to_topic_id", "topics"),
    check("user_topics_status_check", "status IN ('pending', 'approved', 'rejected')"),
    index("idx_user_topics_status", "status"),
    index("idx_user_topics_user_id", "user_id"),
    index("idx_user_topics_reviewed_by", "reviewed_by"),
    index("idx_user_topics_promoted_to", "promoted_to_topic_id"),
    pk="id",
    comment="User-submitted topics awaiting moderation.",
)

categories = table(
    "categories",
    _id(),
    col("topic_id", UUID, null=False),
    col("name", varchar(100), null=False),
    col("slug", varchar(100), null=False),
    col("description", TEXT),
    col("display_order", INTEGER, null=False, default=lit(0)),
    col("is_active", BOOLEAN, null=False, default=lit(True)),
    _at(),
    fk("topic_id", "topics", on_delete=Action.CASCADE),
    unique("topic_id", "slug"),
    # Seed's idx_categories_topic_id dropped: it is a prefix of UNIQUE(topic_id, slug).
    pk="id",
    comment="Categories within a topic.",
)

ideas = table(
    "ideas",
    _id(),
    col("user_id", UUID, null=False),
    col("topic_id", UUID, null=False),
    col("category_id", UUID),
    col("title", varchar(200), null=False),
    col("prompt", TEXT, null=False),
    col("tags", array(TEXT), comment="free-form tags, searched through a GIN index"),
    col("status", varchar(20), null=False, default=lit("active")),
    col("moderation_status", varchar(20), null=False, default=lit("pending")),
    _count("scene_count"), _count("like_count"), _count("view_count"),
    _at(), _updated(),
    fk("user_id", "users"),
    fk("topic_id", "topics"),
    fk("category_id", "categories"),
    check("ideas_status_check", "status IN ('active', 'hidden', 'removed')"),
    check("ideas_moderation_check", "moderation_status IN ('pending', 'approved', 'rejected')"),
    index("idx_ideas_topic_id", "topic_id"),
    index("idx_ideas_category_id", "category_id"),
    index("idx_ideas_user_id", "user_id"),
    index("idx_ideas_status", "status", where="status = 'active'"),
    index("idx_ideas_created_at", "created_at DESC"),
    index("idx_ideas_like_count", "like_count DESC"),
    index("idx_ideas_tags", "tags", method=IndexMethod.GIN),
    pk="id",
    comment="User-submitted story ideas (prompts).",
)

scenes = table(
    "scenes",
    _id(),
    col("idea_id", UUID, null=False),
    col("user_id", UUID, null=False, comment="creator"),
    col("topic_id", UUID, null=False),
    col("title", varchar(200), null=False),
    col("description", TEXT),
    col("status", varchar(20), null=False, default=lit("active")),
    _count("segment_count"),
    _count("total_duration", "seconds, denormalized"),
    _count("contributor_count"),
    _count("view_count", None), _count("like_count", None),
    col("thumbnail_url", varchar(500)),
    col("bible_version", INTEGER, null=False, default=lit(1), comment="for optimistic locking of the bible"),
    _at(), _updated(),
    col("last_segment_at", TIMESTAMPTZ),
    fk("idea_id", "ideas"),
    fk("user_id", "users"),
    fk("topic_id", "topics"),
    check("scenes_status_check", "status IN ('active', 'hidden', 'removed', 'locked')"),
    index("idx_scenes_idea_id", "idea_id"),
    index("idx_scenes_user_id", "user_id"),
    index("idx_scenes_topic_id", "topic_id"),
    index("idx_scenes_status", "status", where="status = 'active'"),
    index("idx_scenes_created_at", "created_at DESC"),
    index("idx_scenes_like_count", "like_count DESC"),
    index("idx_scenes_last_segment_at", "last_segment_at DESC"),
    pk="id",
    comment="Scenes: story threads that segments extend.",
)

segments = table(
    "segments",
    _id(),
    col("scene_id", UUID, null=False),
    col("user_id", UUID, null=False, comment="contributor"),
    # No foreign key: jobs' key is (id, created_at), so job_id alone cannot reference it.
    col("job_id", UUID, null=False),
    col("sequence", INTEGER, null=False, comment="order within the scene"),
    col("input_text", TEXT, null=False, comment="the user's continuation text"),
    col("expanded_script", TEXT, null=False, comment="the AI-expanded script"),
    col("video_url", varchar(500), null=False),
    col("hls_playlist_url", varchar(500)),
    col("thumbnail_url", varchar(500)),
    col("duration", INTEGER, null=False, comment="seconds"),
    col("resolution", varchar(20), comment="720p, 1080p, ..."),
    col("file_size", BIGINT, comment="bytes"),
    col("bible_version", INTEGER, null=False, comment="bible version when the segment was made"),
    col("status", varchar(20), null=False, default=lit("active")),
    _at(),
    # Seed: "FK enforced via trigger"; real FKs here (dialects report engines that cannot enforce them).
    fk("scene_id", "scenes", on_delete=Action.CASCADE),
    fk("user_id", "users"),
    check("segments_status_check", "status IN ('active', 'hidden', 'removed')"),
    # Seed's idx_segments_scene_id dropped: it is a prefix of idx_segments_scene_sequence.
    index("idx_segments_user_id", "user_id"),
    index("idx_segments_scene_sequence", "scene_id", "sequence"),
    index("idx_segments_created_at", "created_at DESC"),
    pk=("id", "created_at"),
    partition=SEGMENTS_MONTHS,
    comment="Video segments of a scene, partitioned by creation month.",
)

jobs = table(
    "jobs",
    _id(),
    col("scene_id", UUID, null=False),
    col("user_id", UUID, null=False),
    col("type", varchar(50), null=False, default=lit("continuation")),
    col("status", varchar(30), null=False, default=lit("queued")),
    col("stage", varchar(30), null=False, default=lit("pending")),
    col("progress", INTEGER, null=False, default=lit(0), comment="percent, 0-100"),
    col("message", TEXT),
    col("input_text", TEXT, null=False),
    col("bible_version", INTEGER, null=False, comment="bible version at job creation"),
    col("context_data", JSONB, comment="scene bible and recent segments"),
    col("result_data", JSONB, comment="segment URLs, updated bible, ..."),
    col("error_code", varchar(50)),
    col("error_message", TEXT),
    col("retry_count", INTEGER, null=False, default=lit(0)),
    col("max_retries", INTEGER, null=False, default=lit(3)),
    _at(),
    col("started_at", TIMESTAMPTZ),
    col("completed_at", TIMESTAMPTZ),
    col("idempotency_key", varchar(100)),
    # Seed: real foreign keys instead of none (see segments).
    fk("scene_id", "scenes", on_delete=Action.CASCADE),
    fk("user_id", "users"),
    # Seed: idempotency_key UNIQUE lacks the partition key (PostgreSQL and MySQL refuse it);
    # unique per created_at here, global uniqueness would need a side table. See
    # https://www.postgresql.org/docs/current/ddl-partitioning.html (5.12.2.3 Limitations) and
    # https://dev.mysql.com/doc/refman/8.0/en/partitioning-limitations-partitioning-keys-unique-keys.html
    unique("idempotency_key", "created_at"),
    check("jobs_status_check", """status IN ('queued', 'processing', 'script_ready', 'continuity_checked',
                                             'preview_ready', 'final_ready', 'failed', 'cancelled')"""),
    check("jobs_stage_check", """stage IN ('pending', 'script_expansion', 'continuity_validation',
                                           'video_generation', 'upload', 'finalization', 'completed', 'error')"""),
    index("idx_jobs_scene_id", "scene_id"),
    index("idx_jobs_user_id", "user_id"),
    index("idx_jobs_status", "status", where="status NOT IN ('final_ready', 'failed', 'cancelled')"),
    index("idx_jobs_created_at", "created_at DESC"),
    pk=("id", "created_at"),
    partition=JOBS_MONTHS,
    comment="Segment generation jobs, partitioned by creation month.",
)

scene_bibles = table(
    "scene_bibles",
    _id(),
    col("scene_id", UUID, null=False),
    col("version", INTEGER, null=False),
    col("data", JSONB, null=False, comment="structured continuity data (see the seed's JSON schema)"),
    _at(),
    col("created_by_segment_id", UUID, comment="the segment that triggered this version"),
    fk("scene_id", "scenes", on_delete=Action.CASCADE),
    unique("scene_id", "version"),
    # Seed's idx_scene_bibles_scene_id and _scene_version dropped: UNIQUE(scene_id, version) serves both.
    pk="id",
    comment="Versioned canonical continuity data of a scene.",
)

scene_summaries = table(
    "scene_summaries",
    _id(),
    col("scene_id", UUID, null=False),
    col("summary", TEXT, null=False),
    col("segments_covered", array(INTEGER), null=False, comment="sequence numbers covered"),
    _at(), _updated(),
    fk("scene_id", "scenes", on_delete=Action.CASCADE),
    index("idx_scene_summaries_scene_id", "scene_id"),
    pk="id",
    comment="Compressed summaries of a scene's long history.",
)

moderation_flags = table(
    "moderation_flags",
    _id(),
    col("target_type", varchar(20), null=False),
    col("target_id", UUID, null=False, comment="id in the table named by target_type"),
    col("reporter_id", UUID, comment="NULL for automatic detection"),
    col("reason", varchar(50), null=False),
    col("description", TEXT),
    col("status", varchar(20), null=False, default=lit("pending")),
    col("reviewed_by", UUID),
    col("reviewed_at", TIMESTAMPTZ),
    col("action_taken", varchar(50)),
    col("notes", TEXT),
    _at(),
    fk("reporter_id", "users"),
    fk("reviewed_by", "users"),
    check("moderation_target_type_check", "target_type IN ('idea', 'scene', 'segment', 'user', 'topic')"),
    check("moderation_status_check", "status IN ('pending', 'reviewing', 'resolved', 'dismissed')"),
    index("idx_moderation_status", "status", where="status = 'pending'"),
    index("idx_moderation_target", "target_type", "target_id"),
    index("idx_moderation_created_at", "created_at DESC"),
    index("idx_moderation_reporter_id", "reporter_id"),
    index("idx_moderation_reviewed_by", "reviewed_by"),
    pk="id",
    comment="Reports of ideas, scenes, segments, users or topics.",
)

scene_views = table(
    "scene_views",
    _id(),
    # No foreign keys, as in the seed: analytics rows outlive what they count.
    col("scene_id", UUID, null=False),
    col("user_id", UUID, comment="NULL for anonymous views"),
    col("ip_hash", varchar(64), comment="hashed IP of anonymous viewers"),
    _at(),
    index("idx_scene_views_scene_id", "scene_id"),
    index("idx_scene_views_created_at", "created_at"),
    pk="id",
    comment="View events (analytics).",
)

likes = table(
    "likes",
    _id(),
    col("user_id", UUID, null=False),
    col("target_type", varchar(20), null=False, comment="idea or scene"),
    col("target_id", UUID, null=False),
    _at(),
    fk("user_id", "users"),
    unique("user_id", "target_type", "target_id"),
    index("idx_likes_target", "target_type", "target_id"),
    pk="id",
    comment="Likes of ideas and scenes, one per user and target.",
)

SYSTEM = System(
    name="scenes",
    title="Collaborative AI video scenes",
    schema=Schema((users, oauth_accounts, topics, user_topics, categories, ideas, scenes, segments,
                   jobs, scene_bibles, scene_summaries, moderation_flags, scene_views, likes)),
    notes=("segments and jobs are partitioned by month, from 2026-01 for 24 months, then rolling: three months "
           "ahead; segments keep every month, jobs months older than six are archived.",),
    # The seed's "Index Strategy Summary" rows, as queries. Timestamps are UTC (sessions run in UTC).
    access_patterns=(
        AccessPattern("segments of a scene in order", "segments",
                      "SELECT id, sequence, video_url, duration FROM segments "
                      "WHERE scene_id = '00000000-0000-4000-8000-000000000007' ORDER BY sequence",
                      "idx_segments_scene_sequence"),
        # Served by UNIQUE(scene_id, version) read backwards (the seed's own index was redundant).
        AccessPattern("latest bible of a scene", "scene_bibles",
                      "SELECT version, data FROM scene_bibles "
                      "WHERE scene_id = '00000000-0000-4000-8000-000000000007' ORDER BY version DESC LIMIT 1",
                      "scene_bibles_scene_id_version_key"),
        AccessPattern("pending moderation queue", "moderation_flags",
                      "SELECT id, target_type, target_id, reason FROM moderation_flags "
                      "WHERE status = 'pending' ORDER BY created_at",
                      "idx_moderation_status"),
        # Repeats the partial index's predicate: SQLite uses a partial index only when the query's
        # WHERE contains its terms (https://www.sqlite.org/partialindex.html, 3.0 Queries Using Partial Indexes).
        AccessPattern("active jobs by status", "jobs",
                      "SELECT id, scene_id, status, progress FROM jobs "
                      "WHERE status NOT IN ('final_ready', 'failed', 'cancelled') "
                      "AND created_at >= '2026-11-01 00:00:00' AND created_at < '2026-12-01 00:00:00' "
                      "ORDER BY status",
                      "idx_jobs_status"),
        AccessPattern("ideas with a tag", "ideas",
                      "SELECT id, title FROM ideas WHERE tags @> ARRAY['noir']", "idx_ideas_tags"),
    ),
)
