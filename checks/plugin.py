"""The cross-engine checks for a project's schema, from that project's own test suite.

Installed with schemakit, this pytest plugin is loaded by pytest on its own (the
``pytest11`` entry point ``schemakit``): a project adds nothing to its
``conftest.py``. Its fixtures find the project's schema the way the ``schemakit``
command does, from ``[tool.schemakit]`` in ``pyproject.toml`` (or ``schemakit.toml``)::

    # tests/test_schema.py of a project whose pyproject.toml has [tool.schemakit] schema = "app/db.py"
    from schemakit.checks.plugin import assert_no_disagreement, assert_same_verdicts

    def test_orders(schemakit_engines):
        engines = schemakit_engines()                   # fresh databases on every registered engine
                                                        # (PostgreSQL, MySQL, SQLite, MariaDB)
                                                        # holding the project's schema
        assert_same_verdicts(engines, "orders", [{"id": 1, "total": -5}, {"id": 2, "total": 5}],
                             parents=[("customers", {"id": 1})])
        assert_no_disagreement(engines, examples=10)    # hypothesis rows and a mutant per constraint

    def test_billing(schemakit_engines):
        engines = schemakit_engines(system="billing")   # a project with several systems: name one

Fixtures:

- ``schemakit_engines``: a factory, ``schemakit_engines(schema=None, names=None, *, system=None)
  -> Engines``. With no `names`, every registered engine (`schemakit.dialects.names()`) whose
  server is there: a variant engine (``mariadb``) is left out when its server is not that variant
  (a MySQL 8 server at its URL), and, for a schema with namespaces, when it shares its parent's
  server (`checks.engines.runnable`). With no `schema`, the project's system (its only one, or
  `system`); `schema` may also be any ``Schema`` or ``System``. Each call makes fresh databases
  from schemakit's DDL for the schema; they are dropped after the test. A tenanted system gets
  one tenant with a unique name (MySQL namespaces are server-wide databases).
- ``schemakit_project``: the ``schemakit.project.Project``: its systems (``names()``, ``get()``,
  ``load()``), migrations folder and environments. A conftest may override it.

Where the configuration comes from: ``--schemakit-config PATH`` (or the ini option
``schemakit_config``, relative to the ini file), else the nearest ``pyproject.toml`` with
``[tool.schemakit]`` or ``schemakit.toml`` at or above the test file's folder, pytest's rootdir,
then the working folder. ``--schemakit-schema MODULE_OR_FILE[:ATTR]`` overrides the schema, as
``schemakit --schema`` does.

Servers: each engine's own variable (`Dialect.server_env`: ``SCHEMAKIT_PG_URL``,
``SCHEMAKIT_MYSQL_URL``, ``SCHEMAKIT_MARIADB_URL``; default: the local servers,
``postgresql://postgres@127.0.0.1:5432``, ``mysql://root@127.0.0.1:3306`` and
``mariadb://root@127.0.0.1:3306``); SQLite files go to the test's tmp_path. Only a test that
uses these fixtures is affected when there is no configuration or a server is unreachable: it
is skipped with one line saying what to set, or fails with that line when ``CI=true``. A
configuration that does not load (a bad key, a schema module that raises) fails the test with
the project's one-line message.

Without the entry point (``PYTEST_DISABLE_PLUGIN_AUTOLOAD=1``), load it with
``-p schemakit.checks.plugin`` or ``pytest_plugins = ["schemakit.checks.plugin"]`` in the root
conftest; where the entry point already loaded it, such a line is ignored.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence, Union

import pytest

# Loaded into every pytest run of a venv that has schemakit: the engines, drivers and sqlglot are
# imported when a fixture or function is first used, not at start-up.
if TYPE_CHECKING:
    from schemakit.project import Project
    from schemakit.schema.model import Schema, System, Table

    from .engines import Engines
    from .report import Tally
    from .runner import Disagreement, Judgement, KnownBug  # Disagreement: at run time from __getattr__

ENTRY_POINT = "schemakit"  # the pytest11 entry point's name (pyproject.toml)
_projects = pytest.StashKey[dict]()
_reachable = pytest.StashKey[dict]()


# -- pytest hooks -------------------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    """The plugin's options: where the project's configuration and schema are."""
    group = parser.getgroup("schemakit", "schemakit: fixtures with fresh databases holding your schema")
    group.addoption("--schemakit-config", metavar="PATH", default=None,
                    help="the schemakit configuration (pyproject.toml or schemakit.toml) the fixtures use "
                         "(default: found upward from the test file, the rootdir, the working folder)")
    group.addoption("--schemakit-schema", metavar="MODULE_OR_FILE[:ATTR]", default=None,
                    help="the schema the fixtures use instead of the configuration's (as `schemakit --schema`)")
    parser.addini("schemakit_config", "the schemakit configuration file, relative to this ini file", default="")


def pytest_plugin_registered(plugin: Any, plugin_name: str, manager: Any) -> None:
    """Registered under one of its two names (the entry point's ``schemakit``, or the module's
    when named by ``-p`` or a conftest's ``pytest_plugins``), block the other, so that loading it
    both ways is a no-op instead of pluggy's "Plugin already registered under a different name"."""
    if plugin is not sys.modules[__name__]:
        return
    for other in (ENTRY_POINT, __name__):
        if other != plugin_name and manager.get_plugin(other) is None and not manager.is_blocked(other):
            manager.set_blocked(other)


# -- fixtures -----------------------------------------------------------------------------------

@pytest.fixture
def schemakit_project(request: pytest.FixtureRequest) -> Project:
    """The project under test: its configuration found from the test (see the module docstring),
    loaded once per session. Skips (fails under CI=true) when there is none."""
    from schemakit.project import ProjectError, open_project
    config = request.config
    explicit, schema = _configured(config)
    found = explicit or _discover(request)
    if found is None and schema is None:
        starts = ", ".join(dict.fromkeys(str(s) for s in _starts(request)))
        _unavailable(f"no schemakit configuration at or above {starts}: add [tool.schemakit] with "
                     "schema = \"...\" to pyproject.toml (or a schemakit.toml), pass --schemakit-config PATH or "
                     "--schemakit-schema MODULE_OR_FILE[:ATTR], or give schemakit_engines() a schema")
    cache = config.stash.setdefault(_projects, {})
    key = (str(found) if found else None, schema)
    if key not in cache:
        try:
            cache[key] = open_project(found, schema)
        except ProjectError as e:
            cache[key] = e
    if isinstance(cache[key], ProjectError):
        pytest.fail(f"schemakit: {cache[key]}", pytrace=False)
    return cache[key]


@pytest.fixture
def schemakit_engines(request: pytest.FixtureRequest, tmp_path: Path):
    """Factory: ``schemakit_engines(schema=None, names=None, *, system=None) -> Engines``: fresh
    databases on each engine (default: every registered one its server can run, see the module
    docstring) migrated to `schema` (a Schema or a System; default: the project's only system, or
    `system`) with schemakit's DDL, dropped after the test. An unreachable server skips the test
    (fails it under CI=true)."""
    opened: list[Engines] = []

    def make(schema: Union[Schema, System, None] = None, names: Optional[Sequence[str]] = None, *,
             system: Optional[str] = None) -> Engines:
        from schemakit import dialects
        from schemakit.schema.model import Schema, System

        from .engines import open_engines
        from .runner import system_schema
        if schema is None:
            project: Project = request.getfixturevalue("schemakit_project")
            schema = _system(project, system)
        elif system is not None:
            raise TypeError("schemakit_engines: give a schema or system=NAME, not both")
        if isinstance(schema, System):
            schema = system_schema(schema)
        if not isinstance(schema, Schema):
            raise TypeError(f"schemakit_engines: schema must be a Schema or a System, not {type(schema).__name__} "
                            "(for one of the project's systems, pass system=NAME)")
        chosen = dialects.names() if names is None else [dialects.get(n).name for n in names]
        chosen = _require_servers(request.config, chosen, explicit=names is not None)
        engines = open_engines(schema, chosen, workdir=tmp_path)
        opened.append(engines)
        return engines

    yield make
    for engines in opened:
        engines.close()


# -- where the project is -----------------------------------------------------------------------

def _configured(config: pytest.Config) -> tuple[Optional[Path], Optional[str]]:
    """The configuration path and schema given on the command line or in the ini file, if any."""
    here = config.invocation_params.dir
    path: Optional[Path] = None
    if config.getoption("schemakit_config", None):
        path = here / config.getoption("schemakit_config")
    elif config.getini("schemakit_config"):
        base = config.inipath.parent if config.inipath else config.rootpath
        path = base / config.getini("schemakit_config")
    schema = config.getoption("schemakit_schema", None)
    if schema and (schema.split(":")[0].endswith(".py") or "/" in schema) and not Path(schema).is_absolute():
        schema = str(here / schema)  # a file path is relative to where pytest was started
    return path, schema


def _starts(request: pytest.FixtureRequest) -> list[Path]:
    """The folders the configuration is searched upward from, in order."""
    test_dir = Path(request.path).parent if getattr(request, "path", None) else None
    return [p for p in (test_dir, request.config.rootpath, request.config.invocation_params.dir) if p]


def _discover(request: pytest.FixtureRequest) -> Optional[Path]:
    from schemakit.project import ProjectError, find_config
    for start in _starts(request):
        try:
            found = find_config(Path(start))
        except ProjectError as e:  # a malformed pyproject.toml that mentions schemakit
            pytest.fail(f"schemakit: {e}", pytrace=False)
        if found:
            return found
    return None


def _system(project: Project, name: Optional[str]) -> System:
    """The project's system `name`, or its only one."""
    from schemakit.project import ProjectError
    if name is not None:
        try:
            return project.get(name)
        except ProjectError as e:
            pytest.fail(f"schemakit: {e}", pytrace=False)
    if len(project.names()) != 1:
        pytest.fail(f"schemakit: {project.source} has {len(project.names())} systems "
                    f"({', '.join(project.names())}): name one, schemakit_engines(system=\"{project.names()[0]}\")",
                    pytrace=False)
    return project.get(project.names()[0])


# -- servers ------------------------------------------------------------------------------------

def _require_servers(config: pytest.Config, names: Sequence[str], explicit: bool) -> list[str]:
    """`names`, once every server they need answers, else skip (fail under CI=true); checked once a
    session. A variant engine whose server is not that variant skips the test when `explicit`
    (named by the caller), and is left out of the default engines otherwise."""
    from schemakit import dialects
    from schemakit.dialects.urls import server_url
    seen = config.stash.setdefault(_reachable, {})
    out = []
    for name in names:
        d = dialects.get(name)
        if not d.has_server:
            out.append(name)
            continue
        if name not in seen:
            seen[name] = _server_state(d, server_url(name))
        problem, other = seen[name]
        var = d.server_env[0] if d.server_env else "its URL variable"
        if problem:
            _unavailable(f"the {name} server is unreachable at {problem}: set {var} to a reachable server, "
                         f"or leave {name} out of names=")
        if other and explicit:
            _unavailable(f"the {name} server is not {name}: {other}: set {var} to a {name} server, "
                         f"or leave {name} out of names=")
        if not other:
            out.append(name)
    return out


def _server_state(d: Any, url: Any) -> tuple[Optional[str], Optional[str]]:
    """(why the server at `url` cannot be reached, why it is not the variant `d` is) for dialect `d`:
    None where it can, and is."""
    try:
        conn = d.connect(url)
    except Exception as e:  # every driver's connection failure means the same thing here
        first = str(e).splitlines()[0] if str(e) else ""
        return f"{url.redacted}: {type(e).__name__}: {first}", None
    try:
        version = d.server_version(conn)
    finally:
        conn.close()
    if d.variant_of is None or d.recognizes(version):
        return None, None
    return None, f"{url.redacted} reports version {version!r}"


def _unavailable(msg: str) -> None:
    """Skip the test, or fail it under CI=true, with `msg`."""
    msg = f"schemakit: {msg}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg, pytrace=False)
    pytest.skip(msg)


# -- assertions ---------------------------------------------------------------------------------

def _table(engines: Engines, table: Union[Table, str]) -> Table:
    from schemakit.schema.model import Table
    if isinstance(table, Table):
        return table
    namespace, _, name = table.rpartition(".")
    return engines.schema.table(name, namespace or None)


def assert_same_verdicts(target: Union[Engines, Schema], table: Union[Table, str], rows: Iterable[dict],
                         parents: Iterable[tuple[Union[Table, str], dict]] = (),
                         known: Sequence[KnownBug] = ()) -> list[Judgement]:
    """Every row of `rows` gets the oracle's verdict on every engine (each probe rolled back).

    `target`: open Engines, or a Schema (fresh databases on every engine are made
    and dropped). `parents` are inserted first and kept for the rows' foreign keys.
    Raises `runner.Disagreement` (an AssertionError) naming the row and each verdict.
    """
    from schemakit.schema.model import Schema

    from .engines import open_engines
    from .oracle import Existing
    from .runner import Probe, check, insert_rows
    if isinstance(target, Schema):
        with open_engines(target) as engines:
            return assert_same_verdicts(engines, table, rows, parents, known)
    engines, existing = target, Existing()
    engines.begin()
    try:
        for j in insert_rows(engines, [(_table(engines, t), r) for t, r in parents], existing, known=known):
            if not all(v.accepted for v in j.got.values()):
                raise AssertionError(f"a parent row was not accepted:\n{j.describe()}")
        return [check(engines, Probe(_table(engines, table), row, "row"), existing, known=known) for row in rows]
    finally:
        engines.rollback()


def assert_no_disagreement(engines: Engines, tables: Optional[Iterable[Union[Table, str]]] = None,
                           examples: Optional[int] = None, known: Sequence[KnownBug] = ()) -> Tally:
    """The cross-engine runner on `tables` (default: all): hypothesis rows, key variants and one
    mutant per constraint in each example. Returns the Tally; raises Disagreement."""
    from .runner import Plan, run
    chosen = None if tables is None else [_table(engines, t) for t in tables]
    return run(engines, chosen, plan=Plan(examples=examples, known=tuple(known)))


def __getattr__(name: str) -> Any:
    """`Disagreement` (the runner's AssertionError) and ``ENGINE_NAMES`` (the registered engines,
    as `checks.engines.ENGINE_NAMES`), imported when first asked for."""
    if name == "Disagreement":
        from .runner import Disagreement
        return Disagreement
    if name == "ENGINE_NAMES":
        from schemakit import dialects
        return tuple(dialects.names())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["schemakit_engines", "schemakit_project", "assert_same_verdicts", "assert_no_disagreement",
           "Disagreement"]
