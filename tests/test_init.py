"""`schemakit init`: a new project that works end to end, and hostile input that writes nothing.

A folder `init` made runs `makemigrations` and `migrate` on the embedded SQLite default (var/
beside the configuration) and, with DATABASE_URL, on real PostgreSQL and MariaDB, after which
`drift` is clean. `init` never overwrites a file, refuses a folder that has a configuration,
appends to a pyproject.toml only what parses back, and leaves nothing half-written: a failure
midway removes what it wrote, and of several runs at once exactly one succeeds.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys


import pytest

from schemakit import dialects
from schemakit import init as init_module
from schemakit.project import ProjectError, open_project, tomllib
from tests.conftest import SERVERS
from tests.test_lock import _read_only
from tests.test_migrate import REPO, url_text
from tests.incli import cli

FILES = {"schemakit.toml", "db/schema.py", "Makefile", ".github/workflows/schemakit.yml"}
ODD = "my proj 'with' \"quotes\""  # a folder name with spaces and both quotes


def tree(folder) -> dict[str, bytes]:
    """Every file under `folder` (and each folder, as None), by relative path."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if "__pycache__" in p.parts:
            continue
        out[str(p.relative_to(folder))] = p.read_bytes() if p.is_file() else None
    return out


def files(folder) -> set[str]:
    return {k for k, v in tree(folder).items() if v is not None}


def sk(*args, cwd, env=None, check=False):
    """The command line as a user types it in `cwd` (no --schema / --dir added)."""
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return cli(*args, cwd=cwd, env={**base, **(env or {})}, bare=True, check=check)


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / ODD
    path.mkdir()
    return path


def test_init_then_makemigrations_and_migrate_on_the_sqlite_default(folder):
    made = sk("init", cwd=folder, check=True)
    assert files(folder) == FILES and (folder / "migrations").is_dir()
    assert not any((folder / "migrations").iterdir())
    for name in FILES:
        assert f"wrote {name}" in made.stdout
    assert "created migrations/" in made.stdout
    project = open_project(folder / "schemakit.toml")
    assert project.names() == ["app"]
    schema = project.load("app")
    assert all(t.primary_key for t in schema.tables)
    assert any(t.foreign_keys for t in schema.tables) and any(t.checks for t in schema.tables)
    assert any(t.indexes for t in schema.tables)
    assert project.config.envs == {"ci": {"url": "${DATABASE_URL}"}}

    sk("makemigrations", cwd=folder, check=True)
    for engine in dialects.names():
        assert (folder / "migrations" / engine / "app" / "0001_app_initial.py").is_file()
    assert "no changes" in sk("makemigrations", "--check", cwd=folder, check=True).stdout
    done = sk("migrate", cwd=folder, check=True)
    assert "applied 1 migration(s)" in done.stdout
    assert (folder / "var" / "app.db").is_file()
    drift = sk("drift", cwd=folder)
    assert drift.returncode == 0 and "no drift" in drift.stdout, drift.stdout + drift.stderr
    assert "up to date" in sk("migrate", cwd=folder, check=True).stdout
    sub = folder / "db"  # found upward, var/ stays beside the configuration
    assert "up to date" in sk("migrate", cwd=sub, check=True).stdout and not (sub / "var").exists()


@pytest.mark.parametrize("engine", SERVERS)
def test_init_then_migrate_on_a_server_with_database_url(engine, folder, fresh_url):
    url = fresh_url(engine)
    env = {"DATABASE_URL": url_text(url)}
    sk("init", cwd=folder, check=True)
    sk("makemigrations", cwd=folder, check=True)
    done = sk("migrate", cwd=folder, env=env, check=True)
    assert "applied 1 migration(s)" in done.stdout and not (folder / "var").exists()
    drift = sk("drift", cwd=folder, env=env)
    assert drift.returncode == 0 and "no drift" in drift.stdout, drift.stdout + drift.stderr
    ci = sk("migrate", "--env", "ci", "--strict", cwd=folder, env=env, check=True)  # what the CI job runs
    assert "up to date" in ci.stdout


def test_the_makefile_and_ci_job_run_the_commands(folder):
    sk("init", cwd=folder, check=True)
    makefile = (folder / "Makefile").read_text()
    assert "\nmigrate:" in makefile and "\n\t$(SCHEMAKIT) migrate\n" in makefile
    ci = (folder / ".github/workflows/schemakit.yml").read_text()
    assert "schemakit makemigrations --check" in ci and "schemakit migrate --env ci" in ci
    assert "DATABASE_URL: ${{ secrets.DATABASE_URL }}" in ci
    if shutil.which("make"):
        dry = subprocess.run(["make", "--no-print-directory", "-n", "migrate"], cwd=folder, capture_output=True,
                             text=True, check=True)  # under `make test`, a nested make names its folder
        assert dry.stdout.strip() == "schemakit migrate"


def test_a_pyproject_gets_the_table_appended_and_keeps_its_text(folder):
    original = '[project]\nname = "shop"\n\n[tool.black]\nline-length = 100'  # no final newline
    (folder / "pyproject.toml").write_text(original)
    made = sk("init", cwd=folder, check=True)
    assert "added [tool.schemakit] to pyproject.toml" in made.stdout
    text = (folder / "pyproject.toml").read_text()
    assert text.startswith(original + "\n")
    data = tomllib.loads(text)
    assert data["project"] == {"name": "shop"} and data["tool"]["black"] == {"line-length": 100}
    assert data["tool"]["schemakit"]["schema"] == "db/schema.py"
    assert files(folder) == FILES - {"schemakit.toml"} | {"pyproject.toml"}
    sk("makemigrations", cwd=folder, check=True)
    sk("migrate", cwd=folder, check=True)
    assert sk("drift", cwd=folder).returncode == 0
    again = sk("init", cwd=folder)
    assert again.returncode == 2 and "already has a schemakit configuration" in again.stderr


@pytest.mark.parametrize("name, text, expected", [
    ("schemakit.toml", "schema = 'x.py'\n", "already has a schemakit configuration"),
    ("pyproject.toml", "[tool.schemakit]\nschema = 'x.py'\n", "already has a schemakit configuration"),
    ("pyproject.toml", "[project\nname = 1\n", "not valid TOML"),
    ("pyproject.toml", "tool = { black = { line-length = 1 } }\n", "would not parse"),
    ("db/schema.py", "print('mine')\n", "db/schema.py: already exists"),
    ("migrations", "a file\n", "a file is in the way of a folder"),
    ("db", "a file\n", "a file is in the way of a folder"),
])
def test_a_folder_that_cannot_take_a_project_is_refused_and_nothing_written(folder, name, text, expected):
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    before = tree(folder)
    proc = sk("init", cwd=folder)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert expected in proc.stderr and proc.stderr.startswith("schemakit: ") and "Traceback" not in proc.stderr
    assert "wrote nothing" in proc.stderr
    assert tree(folder) == before


def test_init_twice_refuses_the_second_and_changes_nothing(folder):
    sk("init", cwd=folder, check=True)
    before = tree(folder)
    proc = sk("init", cwd=folder)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert str(folder / "schemakit.toml") in proc.stderr and "Traceback" not in proc.stderr
    assert tree(folder) == before


def test_an_existing_makefile_and_ci_job_are_never_overwritten(folder):
    (folder / "Makefile").write_text("all:\n\techo mine\n")
    (folder / ".github/workflows").mkdir(parents=True)
    (folder / ".github/workflows/schemakit.yml").write_text("mine: true\n")
    made = sk("init", cwd=folder, check=True)
    assert (folder / "Makefile").read_text() == "all:\n\techo mine\n"
    assert (folder / ".github/workflows/schemakit.yml").read_text() == "mine: true\n"
    assert (folder / "Makefile.schemakit").read_text() == init_module.MAKEFILE_TEXT
    assert "include Makefile.schemakit" in made.stdout and "schemakit migrate --env ci" in made.stdout
    (folder / "schemakit.toml").unlink()  # a second project here: both Makefiles are taken now
    made = sk("init", cwd=folder)
    assert made.returncode == 2 and "db/schema.py: already exists" in made.stderr


@pytest.mark.parametrize("where", ["missing", "file"])
def test_a_mistyped_path_is_refused_and_nothing_created(tmp_path, where):
    target = tmp_path / "proj ect" / "typo"
    if where == "file":
        target.parent.mkdir()
        target.write_text("x")
    before = tree(tmp_path)
    proc = sk("init", "--path", str(target), cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and str(target) in proc.stderr
    assert ("no such folder" if where == "missing" else "not a folder") in proc.stderr
    assert tree(tmp_path) == before


def test_path_names_the_folder_from_anywhere(tmp_path, folder):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    sk("init", "--path", str(folder), cwd=elsewhere, check=True)
    assert files(folder) == FILES and files(elsewhere) == set()
    sk("makemigrations", "--config", str(folder / "schemakit.toml"), cwd=elsewhere, check=True)
    sk("migrate", cwd=folder, check=True)
    assert (folder / "var" / "app.db").is_file()


def test_a_read_only_folder_is_refused_and_nothing_written(folder):
    proc = _read_only(folder, "init", "--path", str(folder))  # chmod, or for root a read-only bind mount
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert ("Permission denied" in proc.stderr or "Read-only file system" in proc.stderr) and "wrote nothing" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert tree(folder) == {}


@pytest.mark.parametrize("fail_at", [".github/workflows/schemakit.yml", "schemakit.toml", "Makefile"])
def test_a_failure_midway_removes_what_init_wrote(folder, monkeypatch, fail_at):
    """A write that fails (a full disk, a read-only file system) after others succeeded."""
    (folder / "pyproject.toml").write_text("[project]\nname = 'x'\n") if fail_at == "Makefile" else None
    before = tree(folder)
    real = init_module._temporary

    def failing(path, text):
        if str(path).endswith(fail_at):
            raise OSError(28, "No space left on device", str(path))
        return real(path, text)

    monkeypatch.setattr(init_module, "_temporary", failing)
    with pytest.raises(ProjectError, match="No space left on device; init wrote nothing"):
        init_module.init(folder, say=lambda line: None)
    assert tree(folder) == before


@pytest.mark.parametrize("pyproject", [False, True])
def test_several_inits_at_once_leave_one_whole_project(folder, pyproject):
    if pyproject:
        (folder / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = [subprocess.Popen([sys.executable, "-m", "schemakit.cli", "init"], cwd=folder, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(8)]
    results = [(p.wait(), *p.communicate()) for p in runs]
    codes = sorted(r[0] for r in results)
    assert codes == [0] + [2] * 7, results
    for code, _out, err in results:
        assert code == 0 or ("Traceback" not in err and len(err.strip().splitlines()) == 1), err
    config = folder / ("pyproject.toml" if pyproject else "schemakit.toml")
    table = tomllib.loads(config.read_text())
    table = table["tool"]["schemakit"] if pyproject else table
    assert table == init_module.EXPECTED_TABLE
    assert config.read_text().count("[tool.schemakit]") == (1 if pyproject else 0)
    expected = FILES - {"schemakit.toml"} | {"pyproject.toml"} if pyproject else FILES
    assert files(folder) == expected  # no temporary file left behind
    assert (folder / "db/schema.py").read_text() == init_module.SCHEMA
