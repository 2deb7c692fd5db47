"""Table-driven cases for the behaviour checks (tests/test_checks_behaviour.py).

Each case states the verdict it expects, so a test cannot pass because the
oracle and the engines happen to agree on something wrong: the expected
constraint here, the oracle and every engine must all say the same.
"""
from __future__ import annotations

import datetime as dt

# -- prismq: review is one table with a discriminator ------------------------------------------
STORY = "11111111-1111-4111-8111-111111111111"
TITLE_VERSION = "22222222-2222-4222-8222-222222222222"
SCRIPT_VERSION = "33333333-3333-4333-8333-333333333333"
SUMMARY_VERSION = "3a3a3a3a-3a3a-4a3a-8a3a-3a3a3a3a3a3a"
REVIEW_PARENTS = [
    ("story", {"id": STORY}),
    ("title_version", {"id": TITLE_VERSION, "story_id": STORY, "version": 1, "text": "A title"}),
    ("script_version", {"id": SCRIPT_VERSION, "story_id": STORY, "version": 1, "text": "A script"}),
    ("summary_version", {"id": SUMMARY_VERSION, "story_id": STORY, "version": 1, "text": "A summary"}),
]
REVIEW_BASE = {"id": "44444444-4444-4444-8444-444444444444", "story_id": STORY, "feedback": "ok", "score": 50}
REVIEW_CHOICES = {
    "review_type": ("title", "script", "story", "summary"),
    "reviewed_title_version_id": (None, TITLE_VERSION),
    "reviewed_script_version_id": (None, SCRIPT_VERSION),
    "reviewed_summary_version_id": (None, SUMMARY_VERSION),
}
# The combinations review_type_check accepts; the other 28 are rejected by it.
REVIEW_ACCEPTED = {
    ("title", TITLE_VERSION, None, None),
    ("script", None, SCRIPT_VERSION, None),
    ("story", TITLE_VERSION, SCRIPT_VERSION, None),
    ("summary", None, None, SUMMARY_VERSION),
}
REVIEW_CHECK = "review_type_check"

# -- cyoa: story trees -------------------------------------------------------------------------
# (table, row, the constraint that rejects it or None), inserted in order; rejected rows are not kept.
_OPTIONS = '[{"text": "go on", "node_id": 3}]'
CYOA_TREE = [
    ("stories", {"id": 1, "title": "First", "session_id": "s1"}, None),
    ("stories", {"id": 2, "title": "Second", "session_id": "s1"}, None),
    ("story_nodes", {"id": 1, "story_id": 1, "content": "root", "is_root": True, "options": _OPTIONS}, None),
    ("story_nodes", {"id": 2, "story_id": 1, "content": "another root", "is_root": True}, "story_nodes_one_root"),
    ("story_nodes", {"id": 3, "story_id": 1, "content": "a child", "is_root": False, "options": _OPTIONS}, None),
    ("story_nodes", {"id": 4, "story_id": 2, "content": "root of story 2", "is_root": True}, None),
    ("story_nodes", {"id": 5, "story_id": 2, "content": "second root of 2", "is_root": True},
     "story_nodes_one_root"),
    ("story_nodes", {"id": 6, "story_id": 1, "content": "the end", "is_ending": True, "options": "[]"}, None),
    ("story_nodes", {"id": 7, "story_id": 1, "content": "an end with options", "is_ending": True,
                     "options": _OPTIONS}, "story_nodes_ending_no_options_check"),
    ("story_nodes", {"id": 8, "story_id": 1, "content": "won", "is_ending": True, "is_winning_ending": True,
                     "options": "[]"}, None),
    ("story_nodes", {"id": 9, "story_id": 1, "content": "won, not ended", "is_winning_ending": True},
     "story_nodes_winning_is_ending_check"),
    ("story_nodes", {"id": 10, "story_id": 3, "content": "no such story"}, "story_nodes_story_id_fkey"),
]

# -- prismq: soft delete -------------------------------------------------------------------------
# (changes to a live story, the constraint that rejects them or None), applied in order.
DELETED_AT = dt.datetime(2026, 5, 4, 3, 2, 1, 123456)
SOFT_DELETE_STORY = {"id": "55555555-5555-4555-8555-555555555555", "is_deleted": False}
SOFT_DELETE_STEPS = [
    ({"is_deleted": True}, "story_soft_delete_check"),
    ({"deleted_at": DELETED_AT}, "story_soft_delete_check"),
    ({"deleted_at": DELETED_AT, "is_deleted": True}, None),
    ({"deleted_at": None}, "story_soft_delete_check"),
    ({"deleted_at": None, "is_deleted": False}, None),
]

# -- an UPDATE of a referenced key (the default ON UPDATE NO ACTION, which every engine renders) ----------
from schemakit import INTEGER, Schema, col, fk, table, unique, varchar  # noqa: E402

WAREHOUSES = table("warehouses", col("id", INTEGER), col("code", varchar(8), null=False), unique("code"), pk="id")
BINS = table("bins", col("id", INTEGER), col("warehouse_code", varchar(8)),
             fk("warehouse_code", "warehouses", "code", name="bins_warehouse_code_fkey"), pk="id")
REFERENCED = Schema((WAREHOUSES, BINS))
REFERENCED_ROWS = [("warehouses", {"id": 1, "code": "NORTH"}), ("warehouses", {"id": 2, "code": "SOUTH"}),
                   ("bins", {"id": 1, "warehouse_code": "NORTH"})]
# (warehouse id, changes, the constraint that refuses the UPDATE or None), applied in order
KEY_UPDATES = [
    (1, {"code": "EAST"}, "bins_warehouse_code_fkey"),  # a bin holds NORTH
    (1, {"id": 3}, None),  # not the referenced column
    (2, {"code": "WEST"}, None),  # no bin holds SOUTH
    (2, {"code": "NORTH"}, "warehouses_code_key"),
    (3, {"code": "NORTH"}, None),  # the same key: nothing to refuse
]
