"""yoyo's savepoints: set only where a step goes on past its own error.

yoyo sets a savepoint before each step (and before the migration) inside the run's transaction, and rolls back
to it only where the step's ``ignore_errors`` (or ``--force``) lets the migration go on after an error. Elsewhere
an error fails the migration, and the run rolls back its whole transaction, so schemakit does not set them
(`SchemakitBackend.savepoint`): a round trip each on a server. A hand-written migration that does go on past an
error keeps them, on the real engines whose DDL is transactional.
"""
from __future__ import annotations

import shutil
import tempfile

import pytest
from yoyo import read_migrations

from schemakit import checksum, dialects, makemigrations
from schemakit.backend import open_backend
from tests.incli import cli
from tests.test_migrate import MIGRATIONS, url_text

TRANSACTIONAL = [d.name for d in dialects.all_dialects() if d.transactional_ddl and d.variant_of is None]

GOES_ON = '''from yoyo import step
__depends__ = {"%s"}
steps = [
    step('INSERT INTO "no_such_table" VALUES (1)', ignore_errors="apply"),
    step('CREATE TABLE "after_the_error" ("x" INTEGER)', 'DROP TABLE "after_the_error"'),
]
'''


@pytest.mark.parametrize("engine", TRANSACTIONAL)
def test_a_step_that_ignores_its_error_is_rolled_back_to_its_savepoint_and_the_migration_goes_on(engine, fresh_url,
                                                                                                 tmp_path):
    """On PostgreSQL an error aborts the transaction: without the savepoint before the failing step, the next
    step could not run."""
    url = fresh_url(engine)
    root = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS / engine / "cyoa", root / engine / "cyoa")
    directory = root / engine / "cyoa"
    last = makemigrations.migrations_in(directory)[-1]
    (directory / "0099_cyoa_goes_on.py").write_text(GOES_ON % last.id)
    checksum.write(root)
    out = cli("migrate", "cyoa", "--database", url_text(url), "--dir", str(root), check=True).stdout
    assert "applied" in out, out
    d = dialects.get(engine)
    conn = d.connect(url)
    try:
        assert ("after_the_error" in {name for _ns, name in d.table_names(conn, (None,))})
    finally:
        conn.close()


def test_a_migration_that_never_goes_on_past_an_error_sets_no_savepoint(fresh_url):
    """Counted in libpq's trace of the protocol: every Query message of the run, none of them a SAVEPOINT."""
    import psycopg
    d = dialects.get("postgres")
    url = fresh_url("postgres")
    migrations = read_migrations(str(makemigrations.system_dir(MIGRATIONS, "postgres", "cyoa")))
    backend = open_backend(d, url, ())
    try:
        with tempfile.TemporaryFile() as f:
            backend.connection.pgconn.trace(f.fileno())
            backend.connection.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
            try:
                with backend.lock():
                    for m in migrations:
                        backend.apply_one(m)
            finally:
                backend.connection.pgconn.untrace()
            f.seek(0)
            sent = [line for line in f.read().decode(errors="replace").splitlines() if line.startswith("F")]
        assert any("CREATE TABLE" in line for line in sent)
        assert not [line for line in sent if "SAVEPOINT" in line.upper()]
        assert sorted(backend.get_applied_migration_hashes()) == sorted(m.hash for m in migrations)
    finally:
        backend.connection.close()
