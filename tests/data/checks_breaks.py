"""Renderings broken on purpose, each caught by one check on exactly one engine (tests/test_checks_broken.py).

Each case names the system and table, the check that exercises the table (`check`, one
of the test's `CHECKS`), the one engine whose database is broken, the statements that
break it, and the reason that engine must fail for: the constraint and its verdict kind
(checks.oracle.KINDS) on which the broken engine's verdict differs from the oracle's.
`accepts`: the broken engine accepts what the oracle rejects for that reason (a CHECK,
index or trigger gone); else it rejects for that reason what the oracle accepts (a
collation that folds case). Every other engine must give the oracle's verdict. For the
on-update check the reason is the column that must move forward on an UPDATE and, on the
broken engine, no longer does (kind ``on_update_now``: the model's column flag).

Statements may name ``{machine}`` (the table's first state machine), ``{on_update}`` (the
engine's on-update trigger of the table) and ``{loose}`` (the SQLite CREATE TABLE of the
table without STRICT and without its sk_type CHECKs); the test fills them in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

ON_UPDATE = "on_update_now"


@dataclass(frozen=True)
class Break:
    """One broken rendering and the one failure it must cause (see the module)."""

    id: str
    system: str
    table: str
    check: str  # "verdicts" (the runner, with `plan`), "transitions", "on_update", "sequence", "combinations"
    engine: str  # the engine broken, and the only one that must fail
    ddl: tuple[str, ...]
    constraint: str  # the reason: the constraint (or, for "on_update", the column) ...
    kind: str  # ... and its verdict kind
    accepts: bool = True  # the broken engine accepts what the oracle rejects (else the reverse)
    plan: dict = field(default_factory=dict)  # checks.runner.Plan arguments, for "verdicts"
    source: Optional[str] = None  # the probe's source (checks.runner: "row", "variant", "mutant"), when it matters
    shrunk: dict = field(default_factory=dict)  # column values of the minimal example hypothesis must find


CASES = [
    Break("mysql-unique-under-a-case-insensitive-collation", "scenes", "users", "verdicts", "mysql",
          ("ALTER TABLE users MODIFY email VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL",),
          "users_email_key", "unique", accepts=False, source="variant",
          plan={"examples": 30, "only": set(), "valid_rows": False, "shrink": False}),  # key variants only
    Break("sqlite-table-not-strict-without-type-checks", "prismq", "idea", "verdicts", "sqlite",
          ("PRAGMA foreign_keys = OFF", "DROP TABLE idea", "{loose}", "PRAGMA foreign_keys = ON"),
          "idea.title", "length",
          plan={"examples": 10, "only": {"idea.title"}, "valid_rows": False, "variants": False, "shrink": False}),
    # Shrunk: the failure shows the minimal row hypothesis found (the other cases skip shrinking
    # to stay within CI's budget).
    Break("postgres-check-dropped", "prismq", "review", "verdicts", "postgres",
          ("ALTER TABLE review DROP CONSTRAINT review_score_check",), "review_score_check", "check",
          plan={"examples": 5, "only": {"review_score_check"}, "valid_rows": False, "variants": False},
          shrunk={"feedback": "", "created_by": None}),
    Break("sqlite-state-machine-trigger-dropped", "prismq", "story", "transitions", "sqlite",
          ('DROP TRIGGER "sk_state_machine:{machine}"',), "story_status_transitions", "state_machine"),
    Break("postgres-on-update-trigger-dropped", "prismq", "story", "on_update", "postgres",
          ("DROP TRIGGER {on_update} ON story",), "updated_at", ON_UPDATE),
    Break("postgres-partial-unique-index-dropped", "cyoa", "story_nodes", "sequence", "postgres",
          ("DROP INDEX story_nodes_one_root",), "story_nodes_one_root", "unique"),
    Break("postgres-discriminator-check-dropped", "prismq", "review", "combinations", "postgres",
          ("ALTER TABLE review DROP CONSTRAINT review_type_check",), "review_type_check", "check"),
]

# Rows the behaviour checks start from (the checks' other rows: tests/data/checks_behaviour.py).
MACHINE_ROW = {"id": "88888888-8888-4888-8888-888888888888"}  # a story whose status the machine moves
UPDATED_ROW = {"id": "99999999-9999-4999-8999-999999999999"}  # a story updated with UPDATED_CHANGES
UPDATED_CHANGES = {"created_by": "someone"}
