"""The wheel, as a user gets it: built from this checkout, installed in a fresh venv beside
PyPI's `schema` package, and used on a project of its own outside the repository.

- The wheel's top-level names are `schemakit` and its dist-info only (read off its file list).
- In the new venv: `import schema` (the data-validation library) and `from schemakit import ...`
  both work; `schemakit --version` answers.
- A project in a temporary folder (a `schemakit.toml`, a schema file with two systems, a
  foreign key, an enum and a CHECK): `makemigrations`; `migrate` on SQLite (var/ beside the
  config), PostgreSQL and MariaDB (fresh databases, each system in its sibling `NAME_<system>`,
  all dropped afterwards); a new column and index, `makemigrations` and `migrate`; `drift`
  clean; `check --dialect all --examples 3`; `rollback --allow-destructive` and `migrate`.
- The plugin from the wheel: a test file in that project, run with the venv's pytest, gets
  fresh databases holding the project's schema from `schemakit_engines`, and the CHECK's
  verdicts are the same on all three engines.

The steps for commands another branch adds (`init`, `status --format json`, `makemigrations
--check`, `migrate --baseline`) are the `step_*` helpers marked below, each a subtest that
is skipped only while the installed `schemakit` does not offer it.

The wheel is built once per session, with build isolation (pip fetches setuptools>=68 and
wheel as pyproject.toml asks, from its cache after the first time), from a copy of the
checkout's files, so no build/ folder is left in the repository. Servers: as everywhere in
the suite (tests/conftest.py): unreachable, the test skips, or fails under CI=true.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
import uuid
import zipfile
from pathlib import Path

import pytest

from schemakit import dialects
from tests.conftest import require_server

REPO = Path(__file__).resolve().parents[1]
PYPI_SCHEMA = "schema==0.7.8"  # PyPI's `schema` (data validation): its import name was ours once

SCHEMA = '''
"""A shop and a help desk: two systems (not the catalog)."""
from schemakit import (INTEGER, NOW, TEXT, TIMESTAMPTZ, Enum, Schema, System, check, col, enum_type, fk, index,
                       lit, table, unique, varchar)

ORDER_STATE = Enum("order_state", ("new", "paid", "shipped"))

customers = table("customers", col("id", INTEGER), col("email", varchar(120), null=False), unique("email"), pk="id")
orders = table("orders", col("id", INTEGER, identity=True), col("customer_id", INTEGER, null=False),
               col("state", enum_type(ORDER_STATE), null=False, default=lit("new")),
               col("total", INTEGER, null=False), col("created_at", TIMESTAMPTZ, default=NOW),
               fk("customer_id", "customers"), check("orders_total_check", "total >= 0"), pk="id")
tickets = table("tickets", col("id", INTEGER, identity=True), col("subject", varchar(200), null=False),
                col("body", TEXT), pk="id")

SYSTEMS = [System("shop", "A shop", Schema((customers, orders))),
           System("desk", "A help desk", Schema((tickets,)))]
'''
NEW_COLUMN = ('col("body", TEXT), pk="id")',
              'col("body", TEXT), col("priority", INTEGER, null=False, default=lit(0)),\n'
              '                index("ix_tickets_priority", "priority"), pk="id")')

PLUGIN_TEST = '''
import os
import sysconfig

import schemakit.checks.plugin as plugin
from schemakit.checks.plugin import assert_same_verdicts


def test_the_plugin_is_the_installed_one():
    print(f"PLUGIN={plugin.__file__}")
    print(f"PURELIB={sysconfig.get_paths()['purelib']}")


def test_the_check_gets_the_same_verdict_everywhere(schemakit_project, schemakit_engines):
    assert schemakit_project.names() == ["shop", "desk"]
    engines = schemakit_engines(system="shop")
    from schemakit import dialects
    assert engines.names == dialects.names()  # every registered engine
    rejected, accepted = assert_same_verdicts(
        engines, "orders", [{"customer_id": 1, "total": -1}, {"customer_id": 1, "total": 5, "state": "paid"}],
        parents=[("customers", {"id": 1, "email": "ann@example.com"})])
    assert {v.accepted for v in rejected.got.values()} == {False}
    assert {v.constraint for v in rejected.got.values()} == {"orders_total_check"}
    assert {v.accepted for v in accepted.got.values()} == {True}


def test_a_second_system(schemakit_engines):
    engines = schemakit_engines(system="desk")
    assert [t.name for t in engines.schema.tables] == ["tickets"]
    assert "priority" in [c.name for c in engines.schema.table("tickets").columns]
'''


# -- the wheel and the venv, once per session -------------------------------------------------------

def run(argv: list, cwd: Path, env: dict | None = None, expect: int | None = 0, timeout: int = 600):
    """Run `argv` in `cwd`; assert its exit code is `expect` (None: any). The CompletedProcess."""
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    if expect is not None:
        assert done.returncode == expect, (f"{' '.join(map(str, argv))} exited {done.returncode}, not {expect}:\n"
                                           f"{done.stdout}\n{done.stderr}")
    return done


def clean_env(**extra: str) -> dict:
    """The environment without anything pointing at this checkout or its venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTEST_PLUGINS", "DATABASE_URL")}
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a copy of the checkout's files (tracked and new, not ignored)."""
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("dist")
    files = run(["git", "ls-files", "-co", "--exclude-standard", "-z"], REPO).stdout.split("\0")
    for name in filter(None, files):
        if (REPO / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_bytes((REPO / name).read_bytes())
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, src], REPO, env=clean_env())
    (found,) = out.glob("schemakit-*.whl")
    return found


@pytest.fixture(scope="session")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh venv holding the wheel, its pinned dependencies and PyPI's `schema`."""
    home = tmp_path_factory.mktemp("venv") / "venv"
    run([sys.executable, "-m", "venv", home], REPO, env=clean_env())
    run([home / "bin" / "python", "-m", "pip", "install", "--quiet", "-r", REPO / "requirements.lock",
         wheel, PYPI_SCHEMA], REPO, env=clean_env())
    return home


# -- the wheel itself ---------------------------------------------------------------------------------

def test_the_wheel_claims_only_the_schemakit_name(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"schemakit", f"{wheel.name.split('-py')[0]}.dist-info"}
    assert "schemakit/checks/plugin.py" in names and "schemakit/schema/catalog/cyoa.py" in names
    dist = zipfile.ZipFile(wheel)
    meta = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "[pytest11]\nschemakit = schemakit.checks.plugin" in dist.read(meta).decode()


def test_it_installs_beside_pypis_schema_package(venv, tmp_path):
    code = textwrap.dedent("""
        import schema
        assert schema.Schema(int).validate(1) == 1
        from schemakit import INTEGER, TEXT, Enum, Schema, System, check, col, enum_type, fk, index, table, unique
        import schemakit, schemakit.checks.plugin, schemakit.schema.catalog
        print(schema.__file__); print(schemakit.__file__)
        """)
    out = run([venv / "bin" / "python", "-c", code], tmp_path, env=clean_env()).stdout.split()
    site = run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
               tmp_path, env=clean_env()).stdout.strip()
    assert [Path(p).relative_to(site).parts[0] for p in out] == ["schema", "schemakit"]  # both from the venv
    version = run([venv / "bin" / "schemakit", "--version"], tmp_path, env=clean_env()).stdout
    assert version.split()[-1] == "0.1.0", version


# -- a project of its own ------------------------------------------------------------------------------

@pytest.fixture
def servers():
    """The PostgreSQL and MariaDB admin URLs, and fresh database names the test drops afterwards
    (with each system's sibling database)."""
    made: list[tuple[str, str]] = []

    def fresh(engine: str, systems: tuple[str, ...]) -> str:
        server = require_server(engine)
        name = f"sk_wheel_{uuid.uuid4().hex[:8]}"
        made.extend((engine, n) for n in (name, *(f"{name}_{s}" for s in systems)))
        scheme = dialects.get(engine).url_schemes[0]
        return f"{scheme}://{server.user}@{server.host}:{server.port}/{name}"

    yield fresh
    for engine, name in made:
        dialects.get(engine).drop_database(require_server(engine), name)


def test_a_project_lifecycle_with_the_installed_wheel(venv, tmp_path, servers):
    started = time.monotonic()
    project = tmp_path / "shop"
    project.mkdir()
    assert REPO not in project.parents
    sk = Project(venv, project)
    step_init(sk)
    (project / "db" / "schema.py").write_text(SCHEMA)  # the starter schema, edited: two systems
    systems = ("shop", "desk")
    databases = {e: servers(e, systems) if dialects.get(e).has_server else None for e in dialects.names()}

    out = sk("makemigrations").stdout
    for engine in databases:
        for s in systems:
            assert f"migrations/{engine}/{s}/0001_{s}_initial.py" in out, out
    for url in databases.values():
        out = sk("migrate", *database(url)).stdout
        for s in systems:
            where = f"sqlite:///var/{s}.db" if url is None else f"{url}_{s}"
            assert f"{s}: applied 1 migration(s) to {where}" in out, out
    assert sorted(p.name for p in (project / "var").iterdir()) == ["desk.db", "shop.db"]
    step_status_json(sk, {"shop": 1, "desk": 1})
    step_makemigrations_check(sk, expect=0)

    schema_file = project / "db" / "schema.py"
    schema_file.write_text(schema_file.read_text().replace(*NEW_COLUMN))
    step_makemigrations_check(sk, expect=1)
    out = sk("makemigrations").stdout
    assert "migrations/sqlite/desk/0002_desk_add_column_tickets_priority_integer.py" in out, out
    assert "shop/0002" not in out
    for url in databases.values():
        out = sk("migrate", *database(url)).stdout
        assert "shop: " in out and "nothing to do" in out.split("shop: ", 1)[1].splitlines()[0], out
        assert "desk: applied" in out, out
    step_makemigrations_check(sk, expect=0)
    step_status_json(sk, {"shop": 1, "desk": 2})

    for engine, url in databases.items():
        out = sk("drift", "desk", *database(url, "desk")).stdout
        assert "desk: no drift" in out, (engine, out)
        out = sk("drift", "shop", *database(url, "shop")).stdout
        assert "shop: no drift" in out, (engine, out)

    out = sk("check", "--dialect", "all", "--examples", "3", timeout=900).stdout
    engines = ", ".join(dialects.names())
    assert f"shop on {engines}" in out and f"desk on {engines}" in out, out
    assert "orders_total_check" in out and "DISAGREEMENT" not in out

    for engine, url in databases.items():
        out = sk("rollback", "desk", "--allow-destructive", *database(url, "desk")).stdout
        assert "desk: rolled back 1 migration(s)" in out, (engine, out)
        out = sk("drift", "desk", *database(url, "desk"), expect=1).stdout
        assert "priority" in out, (engine, out)
        out = sk("migrate", *database(url)).stdout
        assert "desk: applied 1 migration(s)" in out, (engine, out)
        sk("drift", "desk", *database(url, "desk"))
    step_migrate_baseline(sk)

    # the plugin, from the wheel, in the project's own test suite
    (project / "tests").mkdir()
    (project / "tests" / "test_schema.py").write_text(PLUGIN_TEST)
    done = run([venv / "bin" / "python", "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "tests"],
               project, env=clean_env(CI="true"), expect=None, timeout=900)
    assert done.returncode == 0 and "3 passed" in done.stdout, done.stdout + done.stderr
    found = dict(line.split("=", 1) for line in done.stdout.splitlines() if line.startswith(("PLUGIN=", "PURELIB=")))
    assert Path(found["PLUGIN"]) == Path(found["PURELIB"]) / "schemakit" / "checks" / "plugin.py"
    assert Path(found["PURELIB"]).is_relative_to(venv)
    print(f"the lifecycle took {time.monotonic() - started:.1f}s")


class Project:
    """The installed `schemakit` command, run in the temporary project."""

    def __init__(self, venv: Path, folder: Path):
        self.exe, self.python, self.folder = venv / "bin" / "schemakit", venv / "bin" / "python", folder
        self._help: dict[str, str] = {}

    def __call__(self, *args: str, expect: int | None = 0, timeout: int = 300) -> subprocess.CompletedProcess:
        """`schemakit ARGS` in the project folder; its exit code must be `expect`."""
        return run([self.exe, *args], self.folder, env=clean_env(), expect=expect, timeout=timeout)

    def offers(self, command: str, option: str | None = None) -> bool:
        """Whether the installed schemakit has the subcommand `command` (and its `option`), read off --help."""
        if command not in self._help:
            self._help[command] = self(command, "--help", expect=None).stdout
        if option is None:
            return self._help[command].startswith(f"usage: schemakit {command}")
        return re.search(rf"(^|[\s\[]){re.escape(option)}\b", self._help[command]) is not None


def database(url: str | None, system: str | None = None) -> list[str]:
    """The --database arguments for `url` (none: the SQLite default); for one `system` of several,
    its sibling database, where `migrate` of all systems put it."""
    if url is None:
        return []
    return ["--database", f"{url}_{system}" if system else url]


# -- the steps the lifecycle takes more than once, or that take several lines -------------------------

def step_init(sk: Project) -> None:
    """`schemakit init` in the empty project folder writes a configuration the commands accept."""
    assert list(sk.folder.iterdir()) == []
    out = sk("init").stdout
    for written in ("schemakit.toml", "db/schema.py", "migrations/", "Makefile"):
        assert written in out, out
    assert sk("systems").stdout.split()[0] == "app"
    sk("init", expect=2)  # a second init refuses: the folder has a config


def step_status_json(sk: Project, applied: dict[str, int]) -> None:
    """`schemakit status --format json` lists each system's applied migrations (SQLite)."""
    doc = json.loads(sk("status", "--format", "json").stdout)
    got = {s["system"]: len(s["applied"]) for s in doc["systems"]}
    assert got == applied and all(not s["pending"] for s in doc["systems"]), doc


def step_makemigrations_check(sk: Project, expect: int) -> None:
    """`schemakit makemigrations --check` exits `expect` (1: uncovered changes) and writes nothing."""
    before = sorted(p for p in (sk.folder / "migrations").rglob("*"))
    sk("makemigrations", "--check", expect=expect)
    assert sorted(p for p in (sk.folder / "migrations").rglob("*")) == before


def step_migrate_baseline(sk: Project) -> None:
    """`schemakit migrate --baseline` on a SQLite database made by hand from `schemakit ddl`
    records every migration without running one (drift clean, a plain migrate has nothing to do);
    on one made the same way but with a column dropped by hand, it is refused and records nothing."""
    script = sk.folder / "desk.sql"
    script.write_text(sk("ddl", "desk", "--dialect", "sqlite").stdout)
    load = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2]).read())"
    run([sk.python, "-c", load, "by_hand.db", script], sk.folder, env=clean_env())
    url = ["--database", "sqlite:///by_hand.db"]
    assert "recorded 2 migration(s) as applied" in sk("migrate", "desk", "--baseline", *url).stdout
    sk("drift", "desk", *url)
    assert "nothing to do" in sk("migrate", "desk", *url).stdout
    drop = load + "; c.execute('DROP INDEX ix_tickets_priority'); c.execute('ALTER TABLE tickets DROP COLUMN priority')"
    run([sk.python, "-c", drop, "dropped.db", script], sk.folder, env=clean_env())
    refused = sk("migrate", "desk", "--baseline", "--database", "sqlite:///dropped.db", expect=2)
    assert "missing column tickets.priority" in refused.stderr and "nothing was recorded" in refused.stderr
    tables = "import sqlite3, sys; print(sorted(r[0] for r in sqlite3.connect(sys.argv[1]).execute(" \
             "\"SELECT name FROM sqlite_master WHERE type = 'table'\")))"
    assert "_yoyo" not in run([sk.python, "-c", tables, "dropped.db"], sk.folder, env=clean_env()).stdout
