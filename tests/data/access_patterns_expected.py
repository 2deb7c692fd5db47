"""What each engine must do with each catalog access pattern (tests/test_checks_explain.py).

EXPECTED[(system, pattern name)][engine] = (status, degradation codes). "ok":
the named index serves every read (and, on a partitioned table, only the
partitions the WHERE clause selects are read). "degraded" names the listed
degradation that explains the difference:

- MY-PARTIAL: MySQL has no partial indexes, the index is a full one, still used;
- MY-GIN, SL-GIN: the GIN index is dropped (absent from the live database);
- MY-PARTIALUNIQUE: the partial unique index keys generated sk_ columns, so a
  query on story_id cannot read it (MySQL uses ix_story_nodes_story_id);
- SL-PARTITION: no partitions to prune on SQLite (the index is still used).
"""
from __future__ import annotations

# Which engines prune partitions by the WHERE clause (SQLite has no partitions: SL-PARTITION).
PRUNES = {"postgres": True, "mysql": True, "sqlite": False}

OK = ("ok", ())
NO_PARTITIONS = ("degraded", ("SL-PARTITION",))
PARTIAL = ("degraded", ("MY-PARTIAL",))

EXPECTED = {
    ("scenes", "segments of a scene in order"): {"postgres": OK, "mysql": OK, "sqlite": NO_PARTITIONS},
    ("scenes", "latest bible of a scene"): {"postgres": OK, "mysql": OK, "sqlite": OK},
    ("scenes", "pending moderation queue"): {"postgres": OK, "mysql": PARTIAL, "sqlite": OK},
    ("scenes", "active jobs by status"): {"postgres": OK, "mysql": PARTIAL, "sqlite": NO_PARTITIONS},
    ("scenes", "ideas with a tag"): {"postgres": OK, "mysql": ("degraded", ("MY-GIN",)),
                                     "sqlite": ("degraded", ("SL-GIN",))},
    ("scriptpal", "chat history of a user and script, newest first"): {"postgres": OK, "mysql": OK, "sqlite": OK},
    ("prismq", "stories awaiting review"): {"postgres": OK, "mysql": OK, "sqlite": OK},
    ("cyoa", "nodes of a story"): {"postgres": OK, "mysql": OK, "sqlite": OK},
    ("cyoa", "root node of a story"): {"postgres": OK, "mysql": ("degraded", ("MY-PARTIALUNIQUE",)), "sqlite": OK},
    ("contentgen", "usage of a project in a month"): {"postgres": OK, "mysql": OK, "sqlite": OK},
}

# The partitions a pruning engine must read (model names; PostgreSQL and MySQL name them alike).
SEGMENT_MONTHS = tuple(f"segments_{y}_{m:02d}" for y in (2026, 2027) for m in range(1, 13))
PARTITIONS = {
    ("scenes", "segments of a scene in order"): SEGMENT_MONTHS,  # no created_at predicate: all
    ("scenes", "active jobs by status"): ("jobs_2026_11",),
}

# Normalized plans, exactly: (table, index, access, partitions) per read.
PLANS = {
    ("postgres", "scenes", "active jobs by status"): (("jobs", "idx_jobs_status", "index", ("jobs_2026_11",)),),
    ("mysql", "scenes", "active jobs by status"): (("jobs", "idx_jobs_status", "index", ("jobs_2026_11",)),),
    ("sqlite", "scenes", "active jobs by status"): (("jobs", "idx_jobs_status", "index", None),),
    ("postgres", "scenes", "latest bible of a scene"):
        (("scene_bibles", "scene_bibles_scene_id_version_key", "index", None),),
    ("sqlite", "scenes", "latest bible of a scene"):  # an sqlite_autoindex_*, named after its UNIQUE
        (("scene_bibles", "scene_bibles_scene_id_version_key", "index", None),),
    ("mysql", "cyoa", "root node of a story"): (("story_nodes", "ix_story_nodes_story_id", "index", None),),
}

# The pattern whose index the break test drops on every engine (no foreign key needs it on MySQL).
BREAK = ("prismq", "stories awaiting review")
