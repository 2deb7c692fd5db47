"""The pytest plugin (checks/plugin.py) as another project's test suite meets it.

In this suite: the plugin is registered once (the pytest11 entry point; the test modules
import only its functions), and `schemakit_project` is this repository's own project (the
catalog). In a temporary project (pytest run in a subprocess with this venv, so the entry
point loads the plugin from the editable install): the schema comes from the project's
configuration, with no conftest; a venv with no configuration or an unreachable server
leaves unrelated tests alone and skips (under CI=true: fails) only the tests that use the
fixtures, with one line; loading it again through `pytest_plugins` or `-p` is harmless.
The installed wheel gets the same treatment in tests/test_wheel.py.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import schemakit.checks.plugin as plugin
from schemakit.checks.plugin import assert_same_verdicts
from schemakit.schema import catalog

SCHEMA = '''
from schemakit import INTEGER, System, Schema, check, col, fk, table, varchar

customers = table("customers", col("id", INTEGER), col("name", varchar(40), null=False), pk="id")
orders = table("orders", col("id", INTEGER), col("customer_id", INTEGER, null=False), col("total", INTEGER, null=False),
               fk("customer_id", "customers"), check("orders_total_check", "total >= 0"), pk="id")
notes = table("notes", col("id", INTEGER), col("body", varchar(20), null=False), pk="id")
SYSTEMS = [System("shop", "A shop", Schema((customers, orders))), System("memo", "Notes", Schema((notes,)))]
'''

TESTS = '''
import pytest
from schemakit.checks.plugin import assert_same_verdicts

def test_unrelated():
    assert 1 + 1 == 2

def test_project(schemakit_project):
    assert schemakit_project.names() == ["shop", "memo"]

def test_orders(schemakit_engines):
    engines = schemakit_engines(system="shop")
    judged = assert_same_verdicts(engines, "orders", [{"id": 1, "customer_id": 1, "total": -1},
                                                      {"id": 2, "customer_id": 1, "total": 3}],
                                  parents=[("customers", {"id": 1, "name": "ann"})])
    assert [sorted({v.accepted for v in j.got.values()}) for j in judged] == [[False], [True]]
    from schemakit import dialects
    assert engines.names == dialects.names()  # every registered engine

def test_needs_a_system_name(schemakit_engines):
    schemakit_engines()
'''


def pytest_in(folder: Path, *args: str, env: dict | None = None, files: dict | None = None) -> "Run":
    """Run this venv's pytest in `folder` (after writing `files`), outside this suite's configuration."""
    for name, text in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text))
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS", "PYTEST_PLUGINS")}
    environ.update(env or {})
    report = folder / "report.xml"
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", f"--junitxml={report}",
                           *args], cwd=folder, env=environ, capture_output=True, text=True, timeout=300)
    return Run(done, report)


class Run:
    """A finished pytest run: its exit code, output, and each test's outcome and message."""

    def __init__(self, done: subprocess.CompletedProcess, report: Path):
        self.returncode, self.stdout = done.returncode, done.stdout + done.stderr
        self.tests: dict[str, tuple[str, str]] = {}
        if report.exists():
            for case in ET.parse(report).iter("testcase"):
                found = [(e.tag, e.get("message") if e.tag == "skipped" else e.text or "") for e in case
                         if e.tag in ("failure", "error", "skipped")]
                self.tests[case.get("name")] = found[0] if found else ("passed", "")
            report.unlink()

    def outcome(self, test: str) -> str:
        """passed, failure, error or skipped."""
        assert test in self.tests, self.stdout
        return self.tests[test][0]

    def message(self, test: str) -> str:
        """The failure or error text of `test` (as pytest printed it), or its skip message."""
        return self.tests[test][1]


# -- in this suite --------------------------------------------------------------------------------

def test_the_plugin_is_registered_once_in_this_suite(request):
    manager = request.config.pluginmanager
    ours = [name for name, p in manager.list_name_plugin() if p is plugin]
    assert ours == ["schemakit"]
    defs = request._fixturemanager.getfixturedefs("schemakit_engines", request.node)
    assert [d.func.__module__ for d in defs] == ["schemakit.checks.plugin"]


def test_the_project_here_is_the_catalog(schemakit_project):
    assert schemakit_project.names() == catalog.names()


def test_a_system_of_this_project_by_name(schemakit_engines):
    engines = schemakit_engines(system="cyoa", names=("sqlite",))
    assert engines.names == ["sqlite"] and engines.schema.table("stories")


def test_schemakit_engines_takes_a_system_or_a_schema_not_a_name(schemakit_engines):
    with pytest.raises(TypeError, match="system=NAME"):
        schemakit_engines("cyoa")
    engines = schemakit_engines(catalog.get("scenes"), names=("sqlite",))
    assert assert_same_verdicts(engines, engines.schema.tables[0], []) == []


# -- another project ------------------------------------------------------------------------------

def test_a_project_uses_its_own_schema_with_nothing_in_conftest(tmp_path):
    run = pytest_in(tmp_path, files={"schemakit.toml": 'schema = "db/schema.py"\n', "db/schema.py": SCHEMA,
                                     "tests/test_db.py": TESTS})
    assert run.outcome("test_orders") == "passed", run.stdout
    assert run.outcome("test_project") == "passed", run.stdout
    assert run.outcome("test_needs_a_system_name") == "failure"
    assert run.message("test_needs_a_system_name").startswith(
        'schemakit: db/schema.py has 2 systems (shop, memo): name one, schemakit_engines(system="shop")')


def test_the_config_is_found_from_the_test_file_and_can_be_given(tmp_path):
    """A monorepo: pytest started at the top, the configuration beside the service's tests."""
    files = {"svc/schemakit.toml": 'schema = "schema.py"\n', "svc/schema.py": SCHEMA, "svc/tests/test_db.py": TESTS}
    run = pytest_in(tmp_path, "svc/tests", files=files)
    assert run.outcome("test_project") == "passed", run.stdout
    (tmp_path / "other.toml").write_text('schema = "svc/schema.py:SYSTEMS"\n')
    (tmp_path / "test_top.py").write_text("def test_names(schemakit_project):\n"
                                          "    assert schemakit_project.names() == ['shop', 'memo']\n")
    run = pytest_in(tmp_path, "test_top.py", "--schemakit-config", "other.toml")
    assert run.outcome("test_names") == "passed", run.stdout
    run = pytest_in(tmp_path, "test_top.py", "--schemakit-schema", "svc/schema.py")
    assert run.outcome("test_names") == "passed", run.stdout
    (tmp_path / "pytest.ini").write_text("[pytest]\nschemakit_config = other.toml\n")
    run = pytest_in(tmp_path, "test_top.py")
    assert run.outcome("test_names") == "passed", run.stdout


def test_no_configuration_skips_only_the_tests_that_use_it(tmp_path):
    files = {"test_x.py": TESTS.replace('system="shop"', 'system="shop", names=("sqlite",)')}
    run = pytest_in(tmp_path, files=files)
    assert run.outcome("test_unrelated") == "passed"
    for test in ("test_project", "test_orders", "test_needs_a_system_name"):
        assert run.outcome(test) == "skipped", run.stdout
        assert run.message(test).startswith(f"schemakit: no schemakit configuration at or above {tmp_path}")
        assert "Traceback" not in run.message(test)
    run = pytest_in(tmp_path, env={"CI": "true"})
    assert run.outcome("test_unrelated") == "passed"
    assert run.outcome("test_project") == "error" and run.returncode == 1
    assert run.message("test_project").startswith("schemakit: no schemakit configuration")
    assert "Traceback" not in run.stdout


def test_an_unreachable_server_skips_only_the_tests_that_use_it(tmp_path):
    files = {"schemakit.toml": 'schema = "schema.py"\n', "schema.py": SCHEMA, "test_x.py": TESTS}
    down = {"SCHEMAKIT_MYSQL_URL": "mysql://root@127.0.0.1:9/"}  # the discard port: nothing listens
    run = pytest_in(tmp_path, env=down, files=files)
    assert run.outcome("test_unrelated") == "passed" and run.outcome("test_project") == "passed"
    assert run.outcome("test_orders") == "skipped"
    assert run.message("test_orders").startswith("schemakit: the mysql server is unreachable at mysql://root@127.0.0.1:9")
    assert "set SCHEMAKIT_MYSQL_URL to a reachable server" in run.message("test_orders")
    run = pytest_in(tmp_path, env={**down, "CI": "true"})
    assert run.outcome("test_orders") == "failure" and run.returncode == 1
    assert run.message("test_orders").startswith("schemakit: the mysql server is unreachable")


def test_a_broken_schema_fails_with_the_projects_message(tmp_path):
    files = {"schemakit.toml": 'schema = "schema.py"\n', "schema.py": "raise RuntimeError('boom')\n",
             "test_x.py": TESTS}
    run = pytest_in(tmp_path, files=files)
    assert run.outcome("test_unrelated") == "passed"
    assert run.outcome("test_project") == "error"
    assert "the schema module failed to import (RuntimeError: boom)" in run.message("test_project")


@pytest.mark.parametrize("how", ["conftest", "-p"])
def test_loading_it_again_by_module_name_is_harmless(tmp_path, how):
    files = {"schemakit.toml": 'schema = "schema.py"\n', "schema.py": SCHEMA,
             "test_x.py": "def test_p(schemakit_project):\n    assert schemakit_project.names()\n"}
    if how == "conftest":
        files["conftest.py"] = 'pytest_plugins = ["schemakit.checks.plugin"]\n'
    run = pytest_in(tmp_path, *(["-p", "schemakit.checks.plugin"] if how == "-p" else []), files=files)
    assert run.returncode == 0, run.stdout + run.stderr


def test_loading_the_plugin_imports_no_engine_or_sqlglot():
    """Every pytest run of a venv with schemakit loads the plugin: it must stay cheap."""
    code = ("import sys, schemakit.checks.plugin as p, schemakit.checks.engines as e\n"
            "assert p.ENGINE_NAMES == e.ENGINE_NAMES, (p.ENGINE_NAMES, e.ENGINE_NAMES)\n")
    heavy = ("import sys, schemakit.checks.plugin\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlglot', 'psycopg', 'pymysql', 'yoyo')))")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert subprocess.run([sys.executable, "-c", heavy], capture_output=True, text=True, check=True).stdout == "[]\n"
