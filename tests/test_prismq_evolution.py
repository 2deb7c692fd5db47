"""prismq's real second migration (seed 000, "Content Type Extensibility").

On every engine, through `schemakit migrate` / `rollback` and the committed
migrations: rows written under the first version survive the migration, its
rollback and the migration again; the new review type works after it.
"""
from __future__ import annotations

import pytest

from schemakit.dialects import urls
from schemakit.schema.diff import diff
from schemakit import makemigrations, migrate
from tests.conftest import ENGINES, served
from tests.test_migrate import MIGRATIONS

STORY = "0b7f3c1e-8a2d-4e5f-9b6c-1d2e3f4a5b6c"
TITLE = "1c8a4d2f-9b3e-4f60-8c7d-2e3f4a5b6c7d"
REVIEW = "2d9b5e30-ac4f-4071-9d8e-3f4a5b6c7d8e"
SUMMARY = "3eac6f41-bd50-4182-ae9f-4a5b6c7d8e9f"
SUMMARY_REVIEW = "4fbd7052-ce61-4293-bfa0-5b6c7d8e9fa0"


def _run(d, conn, sql: str) -> None:
    cur = conn.cursor()
    cur.execute(sql)
    cur.close()
    conn.commit()


def _insert(d, conn, table: str, row: dict) -> None:
    cols = ", ".join(d.quote(c) for c in row)
    vals = ", ".join(d.literal(v) for v in row.values())
    _run(d, conn, f"INSERT INTO {d.quote(table)} ({cols}) VALUES ({vals})")


def _ids(d, conn, table: str) -> list:
    cur = conn.cursor()
    cur.execute(f"SELECT {d.quote('id')} FROM {d.quote(table)} ORDER BY {d.quote('id')}")
    out = [str(r[0]) for r in cur.fetchall()]
    cur.close()
    return out


def _matches(d, conn, migration) -> bool:
    """Whether the live schema is the state recorded after `migration`."""
    live = migrate.live_schema(migrate.Target("prismq", urls.DbUrl(d.name), engine=d), conn)
    return diff(d.lower(migration.state()).schema, live) == []


def _versions(d):
    files = makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, d.name, "prismq"))
    return files[0], files[-1], len(files) - 1


@pytest.mark.parametrize("engine", ENGINES)
def test_second_migration_up_down_up_keeps_rows(engine, fresh_url):
    d = served(engine)  # what migrate runs for the URL (mysql:// reaching MariaDB: mariadb's migrations)
    url = fresh_url(engine)
    say = lambda _: None  # noqa: E731
    first, last, later = _versions(d)
    assert later >= 1, "prismq has a second migration"
    migrate.migrate(["prismq"], url.secret_url(), MIGRATIONS, say=say)
    migrate.rollback(["prismq"], url.secret_url(), MIGRATIONS, count=later, say=say, allow_destructive=True)
    conn = d.connect(url)
    try:
        assert _matches(d, conn, first)
        _insert(d, conn, "story", {"id": STORY})
        _insert(d, conn, "title_version", {"id": TITLE, "story_id": STORY, "version": 1, "text": "A title"})
        _insert(d, conn, "review", {"id": REVIEW, "story_id": STORY, "review_type": "title",
                                    "reviewed_title_version_id": TITLE, "feedback": "good", "score": 90})
    finally:
        conn.close()

    migrate.migrate(["prismq"], url.secret_url(), MIGRATIONS, say=say)
    conn = d.connect(url)
    try:
        assert _matches(d, conn, last)
        assert (_ids(d, conn, "story"), _ids(d, conn, "review")) == ([STORY], [REVIEW])
        _insert(d, conn, "summary_version", {"id": SUMMARY, "story_id": STORY, "version": 1, "text": "Short."})
        _insert(d, conn, "review", {"id": SUMMARY_REVIEW, "story_id": STORY, "review_type": "summary",
                                    "reviewed_summary_version_id": SUMMARY, "feedback": "ok"})
        _run(d, conn, f"UPDATE {d.quote('story')} SET {d.quote('current_summary_version_id')} = {d.literal(SUMMARY)}")
        # Rolling back removes the value 'summary': rows using it must go first (no data is silently lost).
        _run(d, conn, f"DELETE FROM {d.quote('review')} WHERE {d.quote('id')} = {d.literal(SUMMARY_REVIEW)}")
    finally:
        conn.close()

    migrate.rollback(["prismq"], url.secret_url(), MIGRATIONS, count=later, say=say, allow_destructive=True)
    conn = d.connect(url)
    try:
        assert _matches(d, conn, first)
        assert (_ids(d, conn, "story"), _ids(d, conn, "title_version"), _ids(d, conn, "review")) == (
            [STORY], [TITLE], [REVIEW])
    finally:
        conn.close()

    migrate.migrate(["prismq"], url.secret_url(), MIGRATIONS, say=say)
    conn = d.connect(url)
    try:
        assert _matches(d, conn, last)
        assert (_ids(d, conn, "story"), _ids(d, conn, "review")) == ([STORY], [REVIEW])
    finally:
        conn.close()
