"""The project file and the schema loader: a user's own schema, found the way the README says.

Every bad input is one line naming the file and key (or the path), exit 2, and nothing is
created; the catalog is loaded through the same path as a user's schema."""
from __future__ import annotations

import json
import os
import sqlite3

import pytest

from schemakit.project import open_project
from schemakit.schema import catalog
from tests.data.project_errors import CASES, GOOD_SCHEMA
from tests.incli import cli

TWO_SYSTEMS = '''
from schemakit import INTEGER, TEXT, Schema, System, check, col, fk, table
owners = table("owners", col("id", INTEGER, identity=True), col("name", TEXT, null=False),
               check("owners_name_nonempty", "length(name) > 0"), pk="id")
pets = table("pets", col("id", INTEGER, identity=True), col("owner_id", INTEGER, null=False),
             fk("owner_id", "owners"), pk="id")
SYSTEMS = [System("zoo", "The zoo", Schema((owners, pets))), System("shop", "The shop", Schema((owners,)))]
'''


def _write(folder, files: dict) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _tree(folder) -> set:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if "__pycache__" not in p.parts}


@pytest.mark.parametrize("case_id, files, args, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_project_input_is_one_line_and_changes_nothing(tmp_path, case_id, files, args, expected):
    _write(tmp_path, files)
    before = _tree(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SCHEMAKIT_TEST_UNSET")}
    proc = cli(*[a.format(tmp=tmp_path) for a in args], cwd=tmp_path, env=env, bare=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert expected.format(tmp=tmp_path) in proc.stderr
    assert _tree(tmp_path) == before


def test_the_config_is_found_from_a_subfolder_and_paths_are_beside_it(tmp_path):
    _write(tmp_path, {"schemakit.toml": "schema = 'db/schema.py'\n", "db/schema.py": TWO_SYSTEMS})
    work = tmp_path / "src" / "deep"
    work.mkdir(parents=True)
    listed = cli("systems", cwd=work, bare=True, check=True)
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["zoo", "shop"]
    cli("makemigrations", cwd=work, bare=True, check=True)
    assert (tmp_path / "migrations" / "sqlite" / "zoo" / "0001_zoo_initial.py").is_file()
    assert not (work / "migrations").exists()
    cli("migrate", cwd=work, bare=True, check=True)
    with sqlite3.connect(tmp_path / "var" / "zoo.db") as conn:
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")} >= {"owners", "pets"}
    assert cli("drift", "zoo", cwd=work, bare=True).returncode == 0


def test_pyproject_table_and_a_bare_schema_named_by_the_file(tmp_path):
    _write(tmp_path, {"pyproject.toml": "[project]\nname = 'shop'\n\n[tool.schemakit]\nschema = 'app/tables.py'\n",
                      "app/tables.py": GOOD_SCHEMA, "schemakit.toml": "schema = 'ignored.py'\n"})
    listed = cli("systems", cwd=tmp_path, bare=True, check=True)
    assert listed.stdout.split()[0] == "tables"
    ddl = cli("ddl", "--dialect", "postgres", cwd=tmp_path, bare=True, check=True)
    assert 'CREATE TABLE "t"' in ddl.stdout


def test_the_name_key_names_a_bare_schema(tmp_path):
    _write(tmp_path, {"schemakit.toml": "schema = 'db.py'\nname = 'billing'\n", "db.py": GOOD_SCHEMA})
    assert cli("systems", cwd=tmp_path, bare=True, check=True).stdout.split()[0] == "billing"


def test_schema_option_works_with_no_config_and_overrides_one(tmp_path):
    _write(tmp_path, {"pkg/__init__.py": "", "pkg/db.py": TWO_SYSTEMS, "other.py": GOOD_SCHEMA})
    ddl = cli("ddl", "shop", "--schema", "pkg.db:SYSTEMS", "--dialect", "mysql", cwd=tmp_path, bare=True, check=True)
    assert "CREATE TABLE `owners`" in ddl.stdout and "pets" not in ddl.stdout
    _write(tmp_path, {"schemakit.toml": "schema = 'other.py'\n"})
    listed = cli("systems", "--schema", "pkg/db.py", cwd=tmp_path, bare=True, check=True)
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["zoo", "shop"]


def test_an_environment_url_is_expanded_from_the_environment(tmp_path):
    _write(tmp_path, {"schemakit.toml": "schema = 'db.py'\n[env.ci]\nurl = 'sqlite:///${SK_TEST_DIR}/ci.db'\n",
                      "db.py": GOOD_SCHEMA})
    cli("makemigrations", cwd=tmp_path, bare=True, check=True)
    env = {**os.environ, "SK_TEST_DIR": str(tmp_path / "data")}
    (tmp_path / "data").mkdir()
    done = cli("migrate", "--env", "ci", cwd=tmp_path, env=env, bare=True, check=True)
    assert "applied 1 migration(s)" in done.stdout
    assert (tmp_path / "data" / "ci.db").is_file() and not (tmp_path / "var").exists()


def test_the_catalog_is_this_repositorys_project_loaded_like_any_other():
    project = open_project()
    assert project.names() == catalog.names()
    assert project.source == "schemakit.schema.catalog:SYSTEMS"
    for name in project.names():
        assert project.load(name) == catalog.load(name)
    assert project.migrations.name == "migrations" and (project.migrations / "sqlite" / "schemakit.sum").is_file()
    listed = cli("systems", check=True)
    assert json.dumps([line.split()[0] for line in listed.stdout.splitlines()]) == json.dumps(catalog.names())
