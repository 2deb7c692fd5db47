"""Fleets (issue #16): an environment naming several databases, run by migrate, status and drift.

On each engine, a three-target fleet where one target cannot be reached (a loopback port nothing
listens on; for SQLite, a file where the folder should be): the two others are migrated and
drift-clean, the third is named (its password masked) as failed, the summary counts them, exit 1;
a second run has nothing to do. A password never shows. Bad settings are one line, exit 2."""
from __future__ import annotations

import json
import os
import socket
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from schemakit.cli import EXIT_REPLICAS_LAGGING
from schemakit.dialects import urls
from tests.conftest import served, server_url, started
from tests.data.fleet_settings import CASES
from tests.data.project_errors import GOOD_SCHEMA
from tests.incli import cli

ENGINES = ["postgres", "mariadb", "sqlite"]
SECRET = "s3cretFleetPw"  # in URLs of the fleet: never in any output


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A one-table project ("app") with its migrations written for every engine, shared by the tests."""
    folder = tmp_path_factory.mktemp("fleet_project")
    (folder / "db.py").write_text(GOOD_SCHEMA)
    (folder / "schemakit.toml").write_text('schema = "db.py"\nname = "app"\n')
    cli("makemigrations", cwd=folder, bare=True, check=True)
    return folder


def _config(folder: Path, project: Path, envs: str) -> Path:
    """A project file in `folder` using `project`'s schema and migrations, with the environments `envs`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "schemakit.toml").write_text(f'schema = {json.dumps(str(project / "db.py"))}\nname = "app"\n'
                                           f'migrations = {json.dumps(str(project / "migrations"))}\n{envs}')
    return folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unreachable(engine: str, folder: Path) -> str:
    """A URL of `engine` that cannot be reached: a server's on a free loopback port (with a password),
    or a SQLite file under a path whose "folder" is a file (so not even root can create it)."""
    if engine == "sqlite":
        (folder / "in_the_way").write_text("a file where a folder should be\n")
        return f"sqlite:///{folder}/in_the_way/gone.db"
    server = server_url(engine)
    return replace(server, host="127.0.0.1", port=_free_port(), password=SECRET, database="sk_fleet_gone").secret_url()


def _hidden(*procs) -> None:
    for p in procs:
        assert SECRET not in p.stdout + p.stderr, p.stdout + p.stderr
        assert "Traceback" not in p.stderr, p.stderr


def _add_table(engine: str, url: urls.DbUrl, name: str) -> None:
    conn = served(engine).connect(url)
    try:
        conn.cursor().execute(f"CREATE TABLE {name} (x INTEGER)")
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_fleet_with_an_unreachable_target(engine, fresh_url, project, tmp_path):
    a, b = fresh_url(engine), fresh_url(engine)
    if engine == "postgres" and not a.password:
        a = replace(a, password=SECRET)  # the test server trusts loopback: accepted, and never to be shown
    gone = _unreachable(engine, tmp_path)
    gone_name = urls.parse(gone).redacted
    work = _config(tmp_path / "work", project,
                   f'[env.fleet]\nurls = {json.dumps([a.secret_url(), b.secret_url(), gone])}\n'
                   '[env.pair]\nurls_file = "shards/pair.txt"\n')
    (work / "shards").mkdir()
    (work / "shards" / "pair.txt").write_text(f"# the shards that answer\n{a.secret_url()}   # eu\n\n"
                                              "  # us, from the environment:\n${SK_FLEET_B}\n")

    def run(*args):
        return cli(*args, cwd=work, env={"SK_FLEET_B": b.secret_url()}, bare=True)

    first = run("migrate", "--env", "fleet", "--jobs", "3")
    assert first.returncode == 1, first.stdout + first.stderr
    out = first.stdout.splitlines()
    assert f"target {a.redacted}: migrated: 1 migration(s)" in out and f"target {b.redacted}: migrated: 1 migration(s)" in out
    assert [line for line in out if line.startswith(f"target {gone_name}: failed: ")], first.stdout
    assert "3 targets: 2 migrated, 1 failed" in out
    assert [line for line in out if line.startswith(f"  target {gone_name} failed: ")], first.stdout
    progress = [line for line in first.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 3 and any(f"target {gone_name}: failed" in line for line in progress), first.stderr

    clean = run("drift", "--env", "pair")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.splitlines()[-1] == "2 targets: 2 clean"

    again = run("migrate", "--env", "fleet")
    assert again.returncode == 1 and "3 targets: 2 current, 1 failed" in again.stdout.splitlines(), again.stdout

    status = run("status", "--env", "fleet", "--format", "json")
    assert status.returncode == (0 if engine == "sqlite" else 1), status.stdout + status.stderr
    doc = json.loads(status.stdout)
    assert [t["target"] for t in doc["targets"]] == [a.redacted, b.redacted, gone_name]
    # status reads only: a SQLite file that is not there "does not exist yet", as with --database
    assert [t["status"] for t in doc["targets"]] == ["current", "current", "pending" if engine == "sqlite" else "failed"]
    if engine != "sqlite":
        assert gone_name in doc["targets"][2]["error"] and doc["summary"] == \
            {"targets": 3, "counts": {"current": 2, "failed": 1}}

    _add_table(engine, b, "sk_fleet_extra")
    drifted = run("drift", "--env", "pair", "--format", "json")
    assert drifted.returncode == 1, drifted.stdout + drifted.stderr
    doc = json.loads(drifted.stdout)
    assert doc["drift"] is True and [(t["target"], t["status"]) for t in doc["targets"]] == \
        [(a.redacted, "clean"), (b.redacted, "drift")]
    assert doc["targets"][1]["differences"] == ["extra table sk_fleet_extra"]
    text = run("drift", "--env", "pair")
    assert text.returncode == 1 and f"target {b.redacted}: drift: 1 difference(s)" in text.stdout.splitlines()
    assert text.stdout.splitlines()[-1] == "2 targets: 1 clean, 1 drift"
    _hidden(first, clean, again, status, drifted, text)


def test_a_fleet_may_mix_engines_and_dry_run_creates_nothing(fresh_url, project, tmp_path):
    pg = fresh_url("postgres")
    lite = tmp_path / "shard.db"
    work = _config(tmp_path / "work", project,
                   f'[env.mixed]\nurls = {json.dumps([pg.secret_url(), f"sqlite:///{lite}"])}\n')
    dry = cli("migrate", "--env", "mixed", "--dry-run", cwd=work, bare=True)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert dry.stdout.splitlines()[-1] == "2 targets: 2 pending" and not lite.exists()
    assert 'CREATE TABLE "t"' in dry.stdout  # each target's SQL, as `migrate --dry-run` prints it
    done = cli("migrate", "--env", "mixed", "--jobs", "1", cwd=work, bare=True)
    assert done.returncode == 0 and done.stdout.splitlines()[-1] == "2 targets: 2 migrated", done.stdout + done.stderr
    assert cli("drift", "--env", "mixed", cwd=work, bare=True).returncode == 0
    assert cli("status", "--env", "mixed", cwd=work, bare=True).stdout.splitlines()[-1] == "2 targets: 2 current"


def test_each_target_refuses_what_its_own_run_refuses(fresh_url, project, tmp_path):
    """A target that accepts no writes (here a PostgreSQL database whose sessions are read-only, as a
    standby's are) is refused, before anything is written, with the single command's line; the
    others are migrated."""
    writable, read_only = fresh_url("postgres"), fresh_url("postgres")
    admin = served("postgres").connect(server_url("postgres"))
    try:
        admin.cursor().execute(f'ALTER DATABASE "{read_only.database}" SET default_transaction_read_only = on')
        admin.commit()
    finally:
        admin.close()
    work = _config(tmp_path / "work", project,
                   f'[env.pair]\nurls = {json.dumps([writable.secret_url(), read_only.secret_url()])}\n')
    proc = cli("migrate", "--env", "pair", cwd=work, bare=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout.splitlines()
    assert f"target {writable.redacted}: migrated: 1 migration(s)" in out
    assert f"target {read_only.redacted}: failed: app: {read_only.redacted} opens read-only sessions " \
        "(default_transaction_read_only): nothing was written; point --database (or the --env environment's url, " \
        "or DATABASE_URL) at the primary" in out
    assert out[-2] == "2 targets: 1 migrated, 1 failed"
    conn = served("postgres").connect(read_only)
    try:
        assert served("postgres").table_names(conn, (None,)) == []  # not even yoyo's tables
    finally:
        conn.close()


def test_database_names_one_database_whatever_env_says(project, tmp_path):
    work = _config(tmp_path / "work", project, f'[env.f]\nurls = ["sqlite:///{tmp_path}/a.db", "sqlite:///{tmp_path}/b.db"]\n')
    proc = cli("migrate", "--env", "f", "--database", f"sqlite:///{tmp_path}/c.db", cwd=work, bare=True, check=True)
    assert proc.stdout.startswith("app: applied 1 migration(s)") and "targets" not in proc.stdout
    assert sorted(p.name for p in tmp_path.glob("*.db")) == ["c.db"]


@pytest.mark.parametrize("case_id, envs, files, args, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_fleet_settings_are_one_line_and_run_nothing(case_id, envs, files, args, expected, project, tmp_path):
    work = _config(tmp_path, project, envs.format(tmp=tmp_path))
    for name, text in files.items():
        (tmp_path / name).write_text(text.format(tmp=tmp_path))
    before = sorted(p.name for p in tmp_path.iterdir())
    env = {k: v for k, v in os.environ.items() if k != "SCHEMAKIT_TEST_UNSET"}
    proc = cli(*args, cwd=work, env=env, bare=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stdout == "", proc.stderr
    assert expected.format(tmp=tmp_path) in proc.stderr
    assert "topsecret" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.fixture(scope="module")
def pair():
    """A PostgreSQL primary and its streaming hot standby (tests/replica_servers.py), removed afterwards."""
    from tests.replica_servers import StreamingPair
    server = started(StreamingPair())
    yield server
    server.stop()


def test_a_fleet_with_a_standby_refuses_it_drifts_on_it_and_waits_for_it(pair, fresh_url, project, tmp_path):
    """The replica rules hold per target: migrate refuses the standby, the primary is migrated;
    drift runs on both; --wait-replicas over a fleet exits 4 when a standby has not replayed and no
    target failed."""
    from tests.replica_servers import STANDBY_NAME
    from tests.test_replicas import _replayed
    names = [f"sk_fleet_rep_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for name in names:
        pair.psql("primary", f"CREATE DATABASE {name}")
    try:
        _replayed(pair)
        local = fresh_url("postgres")
        primary, standby, later = pair.url("primary", names[0]), pair.url("standby", names[0]), pair.url("primary", names[1])
        work = _config(tmp_path / "work", project,
                       f'[env.both]\nurls = {json.dumps([primary, standby])}\n'
                       f'[env.waits]\nurls = {json.dumps([later, local.secret_url()])}\n')
        refused = cli("migrate", "--env", "both", cwd=work, bare=True)
        assert refused.returncode == 1, refused.stdout + refused.stderr
        out = refused.stdout.splitlines()
        assert f"target {primary}: migrated: 1 migration(s)" in out
        assert f"target {standby}: failed: app: {standby} is a standby (pg_is_in_recovery()): nothing was " \
            "written; point --database (or the --env environment's url, or DATABASE_URL) at the primary" in out
        _replayed(pair)
        drift = cli("drift", "--env", "both", cwd=work, bare=True)
        assert drift.returncode == 0 and drift.stdout.splitlines()[-1] == "2 targets: 2 clean", drift.stdout

        pair.psql("standby", "SELECT pg_wal_replay_pause()")
        try:
            waited = cli("migrate", "--env", "waits", "--wait-replicas", "--replica-timeout", "0.5", cwd=work, bare=True)
        finally:
            pair.psql("standby", "SELECT pg_wal_replay_resume()")
        assert waited.returncode == EXIT_REPLICAS_LAGGING, waited.stdout + waited.stderr
        out = waited.stdout.splitlines()
        assert [line for line in out if line.startswith(f"target {later}: lagging: app: {later}: migrated, but 1 of 1 "
                                                        "standby(s) had not replayed it") and STANDBY_NAME in line], out
        assert f"target {local.redacted}: migrated: 1 migration(s)" in out
        assert "  app: " + local.redacted + ": no standby is connected: no replica to wait for" in out
        assert out[-1] == "2 targets: 1 lagging, 1 migrated"
    finally:
        for name in names:
            pair.psql("primary", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
