"""PostgreSQL index builds on live tables: CONCURRENTLY, outside a transaction.

Through makemigrations and `schemakit migrate` on a real server: an index
added to an existing table gets a migration of its own that does not block
writers; a failed build (a unique index over duplicate rows) leaves an
INVALID index that the next run drops and builds again; a partitioned table
gets its index partition by partition; rollbacks drop what was built.
"""
from __future__ import annotations

import shutil
import threading
from dataclasses import replace

import pytest

from schemakit import dialects
from schemakit.schema import catalog
from schemakit.schema.build import index
from schemakit.schema.diff import diff
from schemakit.schema.model import Schema
from schemakit import makemigrations, migrate
from schemakit.targets import MigrateError
from tests.test_migrate import MIGRATIONS

PG = dialects.get("postgres")
SAY = lambda _: None  # noqa: E731


def _with_index(schema: Schema, table: str, *ix) -> Schema:
    return replace(schema, tables=tuple(replace(t, indexes=t.indexes + ix) if t.name == table else t
                                        for t in schema.tables))


@pytest.fixture
def scenes(tmp_path, fresh_url):
    """(migrations root holding scenes' committed PostgreSQL migrations, a database migrated with them)."""
    root = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS / "postgres" / "scenes", root / "postgres" / "scenes")
    url = fresh_url("postgres")
    from schemakit import checksum
    checksum.write(root)
    migrate.migrate(["scenes"], url.secret_url(), root, say=SAY)
    return root, url


def _query(url, sql: str, params=()) -> list[tuple]:
    with PG.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def _index_state(url, name: str):
    """None when absent, else whether the index is valid."""
    rows = _query(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(%s)", (f'"{name}"',))
    return rows[0][0] if rows else None


def _live_matches(url, state: Schema) -> bool:
    with PG.connect(url) as conn:
        live = migrate.live_schema(migrate.Target("scenes", url), conn)
    return diff(PG.lower(state).schema, live) == []


def test_index_on_a_live_table_gets_its_own_non_transactional_migration(scenes):
    root, _ = scenes
    target = _with_index(catalog.load("scenes"), "topics", index("idx_topics_name", "name"))
    written = makemigrations.make(root, "postgres", "scenes", target=target)
    assert len(written) == 1
    text = written[0].read_text()
    assert "__transactional__ = False" in text
    assert 'CREATE INDEX CONCURRENTLY IF NOT EXISTS "idx_topics_name" ON "topics" ("name")' in text
    assert 'DROP INDEX CONCURRENTLY "idx_topics_name"' in text


def test_concurrent_build_lets_writers_through_and_rolls_back(scenes):
    """A writer holding an open transaction on the table does not make the build block other
    writers: a plain CREATE INDEX would queue its SHARE lock behind it and every later INSERT
    behind that (lock_timeout turns that wait into an error here)."""
    root, url = scenes
    target = _with_index(catalog.load("scenes"), "topics", index("idx_topics_name", "name"))
    makemigrations.make(root, "postgres", "scenes", target=target)
    holder = PG.connect(url)
    holder.execute("INSERT INTO topics (name, slug) VALUES ('held', 'held')")  # open transaction
    errors: list[BaseException] = []

    def run():
        try:
            migrate.migrate(["scenes"], url.secret_url(), root, say=SAY)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    build = threading.Thread(target=run)
    build.start()
    try:
        for _ in range(600):  # the build waits for the holder's transaction
            if _query(url, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                           "AND query LIKE 'CREATE INDEX CONCURRENTLY%%'")[0][0]:
                break
            threading.Event().wait(0.05)
        else:
            pytest.fail(f"the index build never started waiting: {errors}")
        with PG.connect(url) as writer:
            writer.execute("SET lock_timeout = '10s'")
            writer.execute("INSERT INTO topics (name, slug) VALUES ('during', 'during')")
    finally:
        holder.commit()
        holder.close()
        build.join(120)
    assert not errors
    assert _index_state(url, "idx_topics_name") is True
    assert sorted(r[0] for r in _query(url, "SELECT name FROM topics")) == ["during", "held"]
    assert _live_matches(url, target)
    migrate.rollback(["scenes"], url.secret_url(), root, say=SAY)
    assert _index_state(url, "idx_topics_name") is None
    assert _live_matches(url, catalog.load("scenes"))


def test_failed_build_leaves_an_invalid_index_the_next_run_replaces(scenes):
    root, url = scenes
    for slug in ("a", "b"):
        _query_commit(url, "INSERT INTO topics (name, slug, description) VALUES (%s, %s, 'same')", (slug, slug))
    target = _with_index(catalog.load("scenes"), "topics",
                         index("idx_topics_description", "description", unique=True))
    makemigrations.make(root, "postgres", "scenes", target=target)
    with pytest.raises(MigrateError, match="could not create unique index"):
        migrate.migrate(["scenes"], url.secret_url(), root, say=SAY)
    assert _index_state(url, "idx_topics_description") is False  # what a failed CONCURRENTLY leaves
    assert _live_matches(url, catalog.load("scenes"))  # an invalid index is not part of the schema
    with pytest.raises(MigrateError, match="could not create unique index"):  # still refused, not recorded
        migrate.migrate(["scenes"], url.secret_url(), root, say=SAY)
    _query_commit(url, "DELETE FROM topics WHERE slug = 'b'")
    assert migrate.migrate(["scenes"], url.secret_url(), root, say=SAY) == 1
    assert _index_state(url, "idx_topics_description") is True
    assert _live_matches(url, target)
    assert [r[0] for r in _query(url, "SELECT slug FROM topics")] == ["a"]


def _query_commit(url, sql: str, params=()) -> None:
    with PG.connect(url) as conn:
        conn.execute(sql, params)
        conn.commit()


def test_partitioned_table_is_indexed_partition_by_partition(scenes):
    root, url = scenes
    base = catalog.load("scenes")
    target = _with_index(base, "jobs", index("idx_jobs_stage", "stage"))
    written = makemigrations.make(root, "postgres", "scenes", target=target)
    text = written[0].read_text()
    months = len(base.table("jobs").partitioning.bounds())
    assert text.count("CREATE INDEX CONCURRENTLY IF NOT EXISTS") == months
    assert 'CREATE INDEX "idx_jobs_stage" ON "jobs" ("stage")' in text  # attaches the partitions' indexes
    migrate.migrate(["scenes"], url.secret_url(), root, say=SAY)
    attached = _query(url, "SELECT count(*) FROM pg_inherits WHERE inhparent = to_regclass('\"idx_jobs_stage\"')")
    assert attached[0][0] == months
    assert _live_matches(url, target)
    migrate.rollback(["scenes"], url.secret_url(), root, say=SAY)
    assert _query(url, "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'idx_jobs_stage%%'")[0][0] == 0
    assert _live_matches(url, base)
