"""Planned migrations on the real engines: up, down, up again.

Properties, for generated schema changes on every engine:
- diff(s, s) is empty and plan(s, s) has no steps;
- applying plan(old, new) gives a database that reads back as new;
  its rollback gives old again; applying it once more gives new again.
Rows inserted before a migration survive it and its rollback.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import given, settings

from schemakit import dialects
from schemakit.schema.diff import diff
from schemakit.schema.model import Schema
from tests import changes

BASE = changes.base_schema()


def run_steps(d, conn, steps, direction: str) -> None:
    """Execute the apply (or, reversed, the rollback) statements of steps."""
    ordered = steps if direction == "apply" else list(reversed(steps))
    for step in ordered:
        stmts = step.apply if direction == "apply" else step.rollback
        assert stmts is not None, f"step without rollback: {step.description}"
        d.apply(conn, list(stmts))


def assert_holds(d, conn, expected: Schema) -> None:
    live = d.introspect(conn, (None,) + expected.namespaces)
    assert [c.describe() for c in diff(d.lower(expected).schema, live)] == []


PARENT_ID = "6f1c2a9e-3b7d-4c1e-9a2b-5d8e7f6a1b2c"


def count(d, conn, table: str) -> int:
    cur = conn.cursor()
    cur.execute(f"SELECT COUNT(*) FROM {d.quote(table)}")
    n = cur.fetchone()[0]
    cur.close()
    return n


@pytest.fixture
def base_db(engine, fresh_url):
    """A database holding BASE with one parent and two child rows."""
    d = dialects.get(engine)
    conn = d.connect(fresh_url(engine))
    d.apply(conn, d.ddl(BASE)[0])
    cur = conn.cursor()
    cur.execute(f"INSERT INTO {d.quote('mig_parent')} ({d.quote('id')}, {d.quote('name')}, {d.quote('score')}) "
                f"VALUES ('{PARENT_ID}', 'first', 3)")
    for note in ("a", "b"):
        cur.execute(f"INSERT INTO {d.quote('mig_child')} ({d.quote('parent_id')}, {d.quote('note')}) "
                    f"VALUES ('{PARENT_ID}', '{note}')")
    conn.commit()
    cur.close()
    yield d, conn
    conn.close()


def assert_rows_kept(d, conn) -> None:
    assert (count(d, conn, "mig_parent"), count(d, conn, "mig_child")) == (1, 2)


def test_plan_of_identical_schemas_is_empty(engine):
    d = dialects.get(engine)
    assert diff(BASE, BASE) == []
    assert d.plan(BASE, BASE) == []


def test_initial_plan_equals_rendered_schema(engine, fresh_url):
    d = dialects.get(engine)
    conn = d.connect(fresh_url(engine))
    try:
        run_steps(d, conn, d.plan(Schema(), BASE), "apply")
        assert_holds(d, conn, BASE)
        run_steps(d, conn, d.plan(Schema(), BASE), "rollback")
        assert d.introspect(conn, (None,)).tables == ()
    finally:
        conn.close()


@settings(max_examples=12 if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci" else 500)
@given(new=changes.evolved(BASE))
def test_up_down_up(base_db, new):
    d, conn = base_db
    steps = d.plan(BASE, new)
    for direction, expected in [("apply", new), ("rollback", BASE), ("apply", new), ("rollback", BASE)]:
        run_steps(d, conn, steps, direction)
        assert_holds(d, conn, expected)
        assert_rows_kept(d, conn)  # the last rollback leaves BASE for the next example
