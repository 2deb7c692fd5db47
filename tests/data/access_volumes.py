"""Realistic volumes behind the catalog's access patterns, per system (see checks/load.py).

Each pattern's table gets ROWS rows; parents stay small but numerous enough
that a foreign-key value is selective (about ten segments, bible versions or
nodes per parent), as in production. Statuses are skewed the way a queue is:
few rows pending or active, most finished. Timestamps spread over the
partitioned range 2026-01 .. 2027-12.
"""
from __future__ import annotations

import datetime as _dt

from schemakit.checks.load import Volume, choice, days, first_in_group, per_group, tags, timestamps

ROWS = 20_000
FROM, TO = _dt.datetime(2026, 1, 1), _dt.datetime(2027, 12, 31)
YEAR_2026 = (_dt.datetime(2026, 1, 1), _dt.datetime(2027, 1, 1))
WORDS = tuple(f"tag{i:03d}" for i in range(400)) + ("noir",)  # 'noir': about 0.6% of ideas

JOB_STATUSES = ("queued", "processing", "script_ready", "continuity_checked", "preview_ready",
                "final_ready", "failed", "cancelled")
JOB_WEIGHTS = (1, 1, 0.4, 0.3, 0.3, 85, 10, 2)  # 3% active
FLAG_STATUSES = ("pending", "reviewing", "resolved", "dismissed")
FLAG_WEIGHTS = (3, 2, 70, 25)
STORY_STATUSES = ("draft", "in_progress", "review", "approved", "published")
STORY_WEIGHTS = (5, 4, 3, 8, 80)

VOLUMES = {
    "scenes": (
        Volume("users", 200),
        Volume("ideas", ROWS, {"tags": tags(WORDS)}),
        Volume("scenes", 2_000),
        Volume("segments", ROWS, {"sequence": per_group("scene_id"), "created_at": timestamps(FROM, TO)}),
        Volume("jobs", ROWS, {"status": choice(JOB_STATUSES, JOB_WEIGHTS), "created_at": timestamps(FROM, TO)}),
        Volume("scene_bibles", ROWS, {"version": per_group("scene_id")}),
        Volume("moderation_flags", ROWS, {"status": choice(FLAG_STATUSES, FLAG_WEIGHTS),
                                          "created_at": timestamps(*YEAR_2026)}),
    ),
    "scriptpal": (
        Volume("users", 200),
        Volume("scripts", 2_000),
        Volume("chat_history", ROWS, {"timestamp": timestamps(*YEAR_2026, aware=False)}),
    ),
    "prismq": (
        Volume("story", ROWS, {"status": choice(STORY_STATUSES, STORY_WEIGHTS)}),
    ),
    "cyoa": (
        Volume("stories", 2_000),
        Volume("story_nodes", ROWS, {"is_root": first_in_group("story_id")}),
    ),
    "contentgen": (
        Volume("projects", 200),
        Volume("llm_usage", ROWS, {"usage_date": days(_dt.date(2026, 1, 1), _dt.date(2027, 1, 1))}),
    ),
}
