"""baseline.json, a system's migrations squashed for new databases, on the real engines.

- Every committed baseline leaves what replaying its migration files leaves:
  the same introspected schema, the same migrations recorded, the same
  rollbacks afterwards.
- It is used only while it stands for exactly the files there: an edited
  (and rehashed) file, a hand-written migration, or `--replay`, and the
  files run instead, with the reason said.
- A baseline half-applied on MySQL (DDL commits implicitly) is refused, then
  completed with --repair.
"""
from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from schemakit import dialects
from schemakit import baseline, checksum, makemigrations, migrate
from tests.conftest import served
from tests.test_migrate import yoyo_bookkeeping, MIGRATIONS, drop_namespaces, url_text
from tests.incli import cli

SQUASHED = sorted((d.name, p.parent.name) for d in dialects.all_dialects()
                  for p in (MIGRATIONS / d.name).glob(f"*/{baseline.FILE}"))


def _recorded(d, url) -> list[str]:
    conn = d.connect(url)
    cur = conn.cursor()
    cur.execute("SELECT migration_id FROM _yoyo_migration")
    out = sorted(r[0] for r in cur.fetchall())
    conn.close()
    return out


def _live(d, url, system: str):
    conn = d.connect(url)
    try:
        t = migrate.Target(system, url, engine=d)
        d.prepare_connection(conn, t.namespaces)
        return migrate.live_schema(t, conn)
    finally:
        conn.close()


def test_the_catalog_has_a_baseline_for_each_history_of_several_migrations():
    for d in dialects.all_dialects():
        for directory in sorted(p for p in (MIGRATIONS / d.name).iterdir() if p.is_dir()):
            several = len(makemigrations.migrations_in(directory)) > 1
            assert (directory / baseline.FILE).exists() == several, directory
            if several:
                files = [m.path for m in makemigrations.migrations_in(directory)]
                assert baseline.load(directory, files)[0] is not None, f"{directory}: stale baseline"


def _history(engine: str, system: str, url, *flags: str) -> list:
    """Migrate a new database (with `flags`), then roll back one migration at a time: what each
    stage reads back as, with the migrations recorded."""
    d = served(engine)  # what migrate runs for the URL (mysql:// reaching MariaDB: mariadb)
    stages = []
    try:
        out = cli("migrate", system, "--database", url_text(url), *flags, check=True).stdout
        stages.append((out, _live(d, url, system), _recorded(d, url)))
        while stages[-1][2]:
            cli("rollback", system, "--database", url_text(url), check=True)
            stages.append(("", _live(d, url, system), _recorded(d, url) if stages[-1][2][1:] else []))
    finally:
        drop_namespaces(engine, url, system)  # MySQL namespaces are server-wide databases: one copy at a time
    return stages


@pytest.mark.parametrize("engine, system", SQUASHED)
def test_baseline_leaves_what_replaying_the_files_leaves(engine, system, fresh_url):
    squashed = _history(engine, system, fresh_url(engine))
    replayed = _history(engine, system, fresh_url(engine), "--replay")
    assert f"squashed {baseline.FILE}" in squashed[0][0]
    assert baseline.FILE not in replayed[0][0]
    files = makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, engine, system))
    assert squashed[0][2] == replayed[0][2] == sorted(m.id for m in files)
    assert len(squashed) == len(replayed) == len(files) + 1
    for (_, ours, recorded), (_, theirs, recorded_too) in zip(squashed, replayed):
        assert recorded == recorded_too
        assert _columns_by_name(ours) == _columns_by_name(theirs)  # the whole introspected schema but column order


def _columns_by_name(schema):
    """`schema` with its tables, and each table's columns, sorted by name. The order is the one
    thing a baseline does not reproduce: it creates columns in the model's order, while a
    replayed ADD COLUMN appends them (PostgreSQL cannot place a column,
    https://www.postgresql.org/docs/15/sql-altertable.html), and tables in dependency order."""
    tables = (replace(t, columns=tuple(sorted(t.columns, key=lambda c: c.name))) for t in schema.tables)
    return replace(schema, tables=tuple(sorted(tables, key=lambda t: (t.namespace or "", t.name))))


def _prismq_copy(tmp_path):
    root = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS / "sqlite" / "prismq", root / "sqlite" / "prismq")
    return root, root / "sqlite" / "prismq"


def test_an_edited_and_rehashed_history_is_replayed_and_says_why(tmp_path):
    root, directory = _prismq_copy(tmp_path)
    last = makemigrations.migrations_in(directory)[-1].path
    last.write_text(last.read_text() + "# reviewed by the DBA\n")
    checksum.write(root)
    db = tmp_path / "prismq.db"
    out = cli("migrate", "prismq", "--database", f"sqlite:///{db}", "--dir", str(root), check=True).stdout
    assert "applied 3 migration(s)" in out and f"replayed: {directory / baseline.FILE} was made for other" in out, out
    assert cli("drift", "prismq", "--database", f"sqlite:///{db}").returncode == 0


def test_a_hand_written_migration_is_never_squashed(tmp_path):
    root, directory = _prismq_copy(tmp_path)
    (directory / "0004_prismq_seed.py").write_text(
        'from yoyo import step\n__depends__ = {"0003_prismq_content_type_extensibility"}\n'
        'steps = [step("INSERT INTO \\"story\\" (\\"id\\") VALUES (\'5e0c1d2a-3b4c-4d5e-8f60-718293a4b5c6\')",'
        ' "DELETE FROM \\"story\\"")]\n')
    checksum.write(root)
    files = [m.path for m in makemigrations.migrations_in(directory)]
    assert baseline.build(dialects.get("sqlite"), files, makemigrations.migrations_in(directory)[-2].state()) is None
    db = tmp_path / "prismq.db"
    out = cli("migrate", "prismq", "--database", f"sqlite:///{db}", "--dir", str(root), check=True).stdout
    assert "applied 4 migration(s)" in out and "replayed" in out, out
    import sqlite3
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM story").fetchone() == (1,)  # the seed row


def test_a_single_migration_is_its_own_baseline():
    d = dialects.get("sqlite")
    only = makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, "sqlite", "cyoa"))
    assert len(only) == 1 and baseline.build(d, [m.path for m in only], only[0].state()) is None


def test_dry_run_on_a_new_database_prints_the_baseline_and_with_replay_the_files(tmp_path):
    db = tmp_path / "prismq.db"
    squashed = cli("migrate", "prismq", "--database", f"sqlite:///{db}", "--dry-run", check=True).stdout
    files = makemigrations.migrations_in(makemigrations.system_dir(MIGRATIONS, "sqlite", "prismq"))
    assert squashed.splitlines()[1].startswith(f"-- {baseline.FILE}: " + ", ".join(m.id for m in files) + " squashed")
    assert "does not exist yet; migrate would create it and run:" in squashed.splitlines()[0]
    assert squashed.count("CREATE TABLE") == sum(s.startswith("CREATE TABLE") for s in baseline.load(
        files[0].path.parent, [m.path for m in files])[0].statements)
    replayed = cli("migrate", "prismq", "--database", f"sqlite:///{db}", "--dry-run", "--replay", check=True).stdout
    assert all(f"-- {m.id}" in replayed for m in files) and baseline.FILE not in replayed
    assert not db.exists()  # a dry run creates nothing


def test_a_half_applied_mysql_baseline_is_refused_then_repaired(fresh_url):
    """MySQL commits each DDL statement: a run killed in the baseline leaves part of it."""
    url = fresh_url("mysql")
    d = served("mysql")  # what migrate runs for a mysql:// URL (here MariaDB: mariadb's migrations)
    directory = makemigrations.system_dir(MIGRATIONS, d.name, "prismq")
    files = makemigrations.migrations_in(directory)
    squashed, _ = baseline.load(directory, [m.path for m in files])
    yoyo_bookkeeping("mysql", url)  # created before the baseline runs: the database is schemakit's
    conn = d.connect(url)
    cur = conn.cursor()
    for sql in squashed.statements[: len(squashed.statements) * 2 // 3]:
        cur.execute(sql)
    conn.close()
    refused = cli("migrate", "prismq", "--database", url_text(url))
    assert refused.returncode == 2 and "--repair" in refused.stderr, refused.stderr
    assert files[-1].id in refused.stderr  # the target named is the baseline's, the last migration
    done = cli("migrate", "prismq", "--database", url_text(url), "--repair", check=True).stdout
    assert "already in place" in done
    assert _recorded(d, url) == sorted(m.id for m in files)
    assert cli("drift", "prismq", "--database", url_text(url)).returncode == 0
