"""A SQLite table rebuild beside objects schemakit does not own.

SQLite changes most of a table by rebuilding it (dialects/sqlite/plan.py): a new table, the rows copied, the old
table dropped, the new one renamed. DROP TABLE first deletes the rows, running the ON DELETE actions of every
table that references it (https://www.sqlite.org/lang_droptable.html), and takes the table's indexes and triggers
with it; the rename then fails on a view that reads the table (https://www.sqlite.org/lang_altertable.html). The
planner rebuilds the tables schemakit owns that reference it; the others are the user's:

- rows of another table that reference the rebuilt one: the migration is refused, nothing changes;
- the user's indexes and triggers on it, and views and triggers that name it: made again, as they were written.
"""
from __future__ import annotations

import sqlite3

from tests.test_migrate import run

V1 = '''
from schemakit import INTEGER, Schema, System, col, table, varchar
t = table("t", col("id", INTEGER, identity=True), col("v", varchar(%d), null=False), pk="id")
SYSTEM = System("app", "app", Schema((t,)))
'''


def _project(folder, db: str, *unowned: str):
    """A project whose table t (two rows) is migrated into `db`, then the user's `unowned` statements run there,
    then t's column widened: the next migrate rebuilds t."""
    (folder / "schemakit.toml").write_text("schema = 'db.py'\n")
    (folder / "db.py").write_text(V1 % 10)
    url = f"sqlite:///{db}"
    run("makemigrations", cwd=folder, bare=True, check=True)
    run("migrate", "--database", url, cwd=folder, bare=True, check=True)
    conn = sqlite3.connect(folder / db, isolation_level=None)
    conn.executescript("INSERT INTO t (v) VALUES ('a'), ('b');\n" + ";\n".join(unowned))
    conn.close()
    (folder / "db.py").write_text(V1 % 30)
    run("makemigrations", cwd=folder, bare=True, check=True)
    return url


def _objects(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return {(k, n): s for k, n, s in conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")}
    finally:
        conn.close()


def test_rows_of_a_table_of_the_users_that_reference_the_rebuilt_one_refuse_the_migration(tmp_path):
    """Before, the rebuild's DROP TABLE ran dba_notes' ON DELETE CASCADE: its rows were gone, and migrate said 0."""
    url = _project(tmp_path, "app.db",
                   "CREATE TABLE dba_notes (id INTEGER PRIMARY KEY, t_id INT REFERENCES t(id) ON DELETE CASCADE, note TEXT)",
                   "INSERT INTO dba_notes VALUES (1, 1, 'keep'), (2, 2, 'keep')")
    before = _objects(tmp_path / "app.db")
    proc = run("migrate", "--database", url, cwd=tmp_path, bare=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "dba_notes" in proc.stderr and "ON DELETE" in proc.stderr, proc.stderr
    conn = sqlite3.connect(tmp_path / "app.db")
    try:
        assert conn.execute("SELECT id, t_id, note FROM dba_notes").fetchall() == [(1, 1, "keep"), (2, 2, "keep")]
        assert conn.execute("SELECT id, v FROM t").fetchall() == [(1, "a"), (2, "b")]
    finally:
        conn.close()
    assert _objects(tmp_path / "app.db") == before  # nothing half-applied


def test_the_users_indexes_triggers_and_views_on_a_rebuilt_table_are_made_again_as_written(tmp_path):
    """Before, DROP TABLE took the trigger and the index, and drift was clean after; a view made the rename fail."""
    mine = ["CREATE TABLE audit (x INTEGER)",
            "CREATE INDEX mine_v ON t (v DESC)",
            "CREATE TRIGGER t_audit AFTER INSERT ON t BEGIN INSERT INTO audit VALUES (NEW.id); END",
            "CREATE VIEW t_view AS SELECT v FROM t WHERE id > 0",
            "CREATE TRIGGER audit_seen AFTER INSERT ON audit BEGIN SELECT COUNT(*) FROM t; END",
            "CREATE TABLE dba_refs (id INTEGER PRIMARY KEY, t_id INT REFERENCES t(id) ON DELETE CASCADE)"]  # no rows
    url = _project(tmp_path, "app.db", *mine)
    before = _objects(tmp_path / "app.db")
    run("migrate", "--database", url, cwd=tmp_path, bare=True, check=True)
    after = _objects(tmp_path / "app.db")
    for key in [("index", "mine_v"), ("trigger", "t_audit"), ("view", "t_view"), ("trigger", "audit_seen"),
                ("table", "dba_refs")]:
        assert after.get(key) == before[key], key
    assert "VARCHAR(30)" in after[("table", "t")].upper() or "30" in after[("table", "t")]
    conn = sqlite3.connect(tmp_path / "app.db", isolation_level=None)
    try:
        conn.execute("INSERT INTO t (v) VALUES ('c')")
        assert conn.execute("SELECT x FROM audit").fetchall() == [(3,)]  # the trigger runs
        assert conn.execute("SELECT v FROM t_view ORDER BY v").fetchall() == [("a",), ("b",), ("c",)]
    finally:
        conn.close()
