"""A project: its systems (loaded from the user's schema code), its migrations folder and its environments.

The configuration is ``[tool.schemakit]`` in ``pyproject.toml``, or the top level of
``schemakit.toml``, found by searching upward from the working folder (or named with
``--config``)::

    [tool.schemakit]
    schema = "app/db.py"              # or "app.db:SYSTEMS", "app/db.py:SCHEMA"
    migrations = "migrations"         # default: migrations/ beside the config
    name = "app"                      # the system's name when `schema` is one Schema (default: the module's)
    ignore = ["view:legacy_*"]        # objects `drift` accepts beside the model (schemakit/ignore.py)
    tenant_database = "{database}_{namespace}"   # MySQL/MariaDB: a tenant's database (schemakit/tenants.py)

    [tool.schemakit.env.ci]
    url = "${DATABASE_URL}"           # ${VAR} comes from the environment

    [tool.schemakit.env.shards]       # a fleet: several databases (schemakit/fleet.py)
    urls = ["postgresql://app@db1/app", "postgresql://app@db2/app"]   # or urls_file = "fleet.txt"

``--schema MODULE_OR_FILE[:ATTR]`` overrides ``schema`` (relative to the working folder), and
works with no configuration at all. The schema attribute is ATTR, else ``SYSTEMS``, ``SYSTEM``
or ``SCHEMA``: a System, a Schema, or a list (or dict) of Systems. This repository's own
pyproject points at the catalog (``schemakit.schema.catalog:SYSTEMS``), loaded like any other.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import re
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Union

from . import dialects
from .ignore import IgnoreError, IgnoreRule, parse_rules
from .schema.model import Schema, System
from .schema.validate import validate

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PYPROJECT, OWN_FILE = "pyproject.toml", "schemakit.toml"
DEFAULT_ATTRS = ("SYSTEMS", "SYSTEM", "SCHEMA")
KEYS = {"schema": str, "migrations": str, "name": str, "env": dict, "ignore": list, "tenant_database": str}
ENV_KEYS = {"url": str, "urls": list, "urls_file": str}  # exactly one of them
_TYPE_WORDS = {str: "string", dict: "table", list: "list"}
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_COMMENT = re.compile(r"(^|\s)#.*$")  # a comment in a urls_file: a whole line, or after a space


class ProjectError(Exception):
    """A configuration or schema-loading problem, for the user: one line naming the file and key."""


class UnknownSystem(ProjectError, LookupError):
    """A system name the project does not have."""


@dataclass(frozen=True)
class Config:
    """What a configuration file says, checked: where it is and its keys."""

    path: Optional[Path]  # None: no configuration file (everything from the command line)
    schema: Optional[str] = None
    migrations: Optional[str] = None
    name: Optional[str] = None
    envs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # a url, urls (a list) or urls_file
    ignore: tuple[IgnoreRule, ...] = ()  # what drift accepts beside the model
    tenant_database: Optional[str] = None  # MySQL/MariaDB: a tenant's database name (schemakit/tenants.py)

    @property
    def root(self) -> Path:
        """The folder relative paths in the configuration are read from."""
        return self.path.parent if self.path else Path.cwd()

    def where(self, key: str) -> str:
        """`key` as a user finds it: ``tool.schemakit.KEY in /path/pyproject.toml``."""
        prefix = "tool.schemakit." if self.path and self.path.name == PYPROJECT else ""
        return f"{prefix}{key} in {self.path}" if self.path else key


@dataclass(frozen=True)
class Project:
    """The systems a command works on, where their migrations live, and the environments' URLs."""

    systems: Mapping[str, System]
    migrations: Path
    config: Config
    source: str  # where the systems came from, for messages

    def names(self) -> list[str]:
        """The system names, in the order the schema gives them."""
        return list(self.systems)

    def get(self, name: str) -> System:
        """The system called `name`; UnknownSystem (naming the choices) if there is none."""
        try:
            return self.systems[name]
        except (KeyError, TypeError):
            raise UnknownSystem(f"unknown system {name!r} in {self.source}: choose one of "
                                f"{', '.join(self.names())}") from None

    def load(self, name: str, tenants: Optional[Iterable[Union[int, str]]] = None) -> Schema:
        """The validated schema of system `name`, with `tenants` (default: the system's own)."""
        return validate(self.get(name).build(tenants), dialects.identifier_limit(), dialects.untyped_origins())

    def load_stream(self, name: str, tenant: bool = False) -> Schema:
        """The validated schema one migration stream of system `name` creates: the shared tables (no
        tenant), or with `tenant` the per-tenant tables, unqualified (`System.tenant_schema`)."""
        system = self.get(name)
        schema = system.tenant_schema() if tenant else system.build(())
        return validate(schema, dialects.identifier_limit(), dialects.untyped_origins())

    def database(self, env: Optional[str]) -> Optional[str]:
        """The URL of environment `env` with its ${VAR}s expanded; None for no `env`. An environment
        that names a fleet (`fleet`) is refused here, in one line: a command on one database."""
        if env is None:
            return None
        fleet = self.fleet(env)
        if fleet is not None:
            raise ProjectError(f"--env {env} names {len(fleet)} database(s) ({self.config.where(f'env.{env}')}), and "
                               "this command works on one: pass --database URL instead")
        return expand(self.config.envs[env]["url"], self.config.where(f"env.{env}.url"))

    def fleet(self, env: Optional[str]) -> Optional[list[tuple[str, str]]]:
        """The URLs of environment `env` when it is a fleet (``urls`` or ``urls_file``), each with its
        ${VAR}s expanded and where it is written (for messages); None for no `env` or a one-`url` one.

        ``urls_file`` is relative to the configuration file (its ${VAR}s expanded too) and lists a URL
        a line; blank lines and ``#`` comments (a whole line, or after a space) are left out. An
        empty fleet is a ProjectError, as is an undefined environment or one with none of the keys."""
        if env is None:
            return None
        if env not in self.config.envs:
            defined = ", ".join(sorted(self.config.envs)) or "none"
            where = f" in {self.config.path}" if self.config.path else " (no configuration file was found)"
            prefix = "" if self.config.path and self.config.path.name == OWN_FILE else "tool.schemakit."
            raise ProjectError(f"--env {env}: no such environment{where} (defined: {defined}); add a "
                               f"[{prefix}env.{env}] table with a url")
        table = self.config.envs[env]
        if table.get("url"):
            return None
        if "urls" in table:
            key = self.config.where(f"env.{env}.urls")
            at = [self.config.where(f"env.{env}.urls[{i}]") for i in range(len(table["urls"]))]
            found = [(expand(u, where), where) for u, where in zip(table["urls"], at)]
            if not found:
                raise ProjectError(f"{key}: the list is empty: list at least one URL, or use url = \"...\"")
            return found
        if table.get("urls_file"):
            key = self.config.where(f"env.{env}.urls_file")
            path = self.config.root / expand(table["urls_file"], key)
            try:
                text = path.read_text()
            except (OSError, UnicodeDecodeError) as e:
                why = getattr(e, "strerror", None) or "not UTF-8 text"
                raise ProjectError(f"{key}: cannot read {path}: {why}; write the file (a URL a line), or fix the "
                                   "path (relative to the configuration file)") from None
            found = []
            for n, line in enumerate(text.splitlines(), start=1):
                line = _COMMENT.sub("", line).strip()
                if line:
                    found.append((expand(line, f"{path}:{n}"), f"{path}:{n}"))
            if not found:
                raise ProjectError(f"{key}: {path} lists no URL (only blank lines and comments): add one a line")
            return found
        raise ProjectError(f"{self.config.where(f'env.{env}.url')}: missing: set url = \"...\" (or a fleet's "
                           "urls = [...] or urls_file = \"...\")")


def expand(text: str, where: str) -> str:
    """`text` with each ``${VAR}`` replaced from the environment; ProjectError naming `where` if one is unset."""
    def value(m: re.Match) -> str:
        if m.group(1) not in os.environ:
            raise ProjectError(f"{where}: ${{{m.group(1)}}} is not set: export {m.group(1)}, or pass --database")
        return os.environ[m.group(1)]
    return _VAR.sub(value, text)


def find_config(start: Optional[Path] = None) -> Optional[Path]:
    """The configuration file for `start` (default: the working folder): in it or the nearest folder
    above, a pyproject.toml with a [tool.schemakit] table, else a schemakit.toml; None if none."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _tool_table(pyproject) is not None:
            return pyproject
        if (folder / OWN_FILE).is_file():
            return folder / OWN_FILE
    return None


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ProjectError(f"{path}: not valid TOML ({e}); fix the file") from None
    except OSError as e:
        raise ProjectError(f"cannot read the configuration {path}: {e.strerror}; check --config") from None


def _tool_table(path: Path) -> Optional[dict]:
    """The [tool.schemakit] table of a pyproject.toml, or None. A malformed pyproject is an error
    only when it mentions schemakit (another project's broken file is not ours to report)."""
    try:
        data = _read(path)
    except ProjectError:
        if "[tool.schemakit" in path.read_text(errors="replace"):
            raise
        return None
    table = data.get("tool", {}).get("schemakit") if isinstance(data.get("tool"), dict) else None
    return table if isinstance(table, dict) else None


def read_config(path: Optional[Path]) -> Config:
    """The checked configuration in `path` (a pyproject.toml or a schemakit.toml); an empty Config for None."""
    if path is None:
        return Config(None)
    path = path.resolve() if path.exists() else path
    if not path.is_file():
        raise ProjectError(f"--config {path}: no such file; give the path of a pyproject.toml or schemakit.toml")
    if path.name == PYPROJECT:
        table = _tool_table(path)
        if table is None:
            raise ProjectError(f"{path}: no [tool.schemakit] table; add one with schema = \"...\" "
                               "(or run `schemakit init`)")
    else:
        table = _read(path)
    config = Config(path)
    for key, value in table.items():
        if key not in KEYS:
            raise ProjectError(f"{config.where(key)}: unknown key; the keys are {', '.join(KEYS)}")
        if not isinstance(value, KEYS[key]):
            raise ProjectError(f"{config.where(key)}: must be a {_TYPE_WORDS[KEYS[key]]}")
    envs = table.get("env", {})
    for name, env in envs.items():
        if not isinstance(env, dict):
            raise ProjectError(f"{config.where(f'env.{name}')}: must be a table with a url")
        for key, value in env.items():
            if key not in ENV_KEYS or not isinstance(value, ENV_KEYS[key]) \
                    or (key == "urls" and not all(isinstance(u, str) for u in value)):
                raise ProjectError(f"{config.where(f'env.{name}.{key}')}: unknown key or of the wrong type; an "
                                   "environment has url = \"...\", or a fleet's urls = [\"...\", ...] or "
                                   "urls_file = \"...\"")
        given = [key for key in ENV_KEYS if key in env]
        if len(given) > 1:
            raise ProjectError(f"{config.where(f'env.{name}')}: has {' and '.join(given)}: keep exactly one "
                               "(url for one database, urls or urls_file for a fleet)")
    ignore = table.get("ignore", [])
    if not all(isinstance(x, str) for x in ignore):
        raise ProjectError(f"{config.where('ignore')}: must be a list of strings, each KIND or KIND:PATTERN")
    try:
        rules = parse_rules(ignore, config.where("ignore"))
    except IgnoreError as e:
        raise ProjectError(str(e)) from None
    return Config(path, table.get("schema"), table.get("migrations"), table.get("name"), envs, rules,
                  _template(table.get("tenant_database"), config.where("tenant_database")))


def _template(text: Optional[str], where: str) -> Optional[str]:
    """A tenant_database template: ``{database}`` and ``{namespace}`` (the latter required), nothing else."""
    if text is None:
        return None
    try:
        made = text.format(database="d", namespace="n")
    except (KeyError, IndexError, ValueError):
        made = None
    if made is None or "{namespace}" not in text:
        raise ProjectError(f"{where}: {text!r} is not a template of {{database}} and {{namespace}} (which it must "
                           "hold), e.g. \"{database}_{namespace}\"")
    return text


def open_project(config: Optional[Path] = None, schema: Optional[str] = None,
                 start: Optional[Path] = None) -> Project:
    """The project a command works on: `config` (or the one found from `start`), with `schema`
    (a --schema value, relative to the working folder) overriding its schema."""
    cfg = read_config(config if config is not None else find_config(start))
    if schema is not None:
        systems = load_systems(schema, Path.cwd(), cfg.name)
        source = f"--schema {schema}"
    elif cfg.schema:
        systems = load_systems(cfg.schema, cfg.root, cfg.name, cfg.where("schema"))
        source = cfg.schema
    elif cfg.path:
        raise ProjectError(f"{cfg.where('schema')}: missing; set schema = \"path/to/schema.py\" or "
                           "\"module:ATTR\"")
    else:
        raise ProjectError("no schemakit configuration here or above (pyproject.toml [tool.schemakit] or "
                           "schemakit.toml): run `schemakit init`, or pass --schema MODULE_OR_FILE[:ATTR]")
    migrations = cfg.root / (cfg.migrations or "migrations")
    return Project(systems, migrations, cfg, source)


def split_spec(spec: str) -> tuple[str, Optional[str]]:
    """``module.path:ATTR`` or ``path/file.py[:ATTR]`` as (target, ATTR or None)."""
    target, sep, attr = spec.rpartition(":")
    if not sep or "/" in attr or "\\" in attr or attr.endswith(".py"):
        return spec, None
    return target, attr


def _is_file(target: str) -> bool:
    return target.endswith(".py") or "/" in target or os.sep in target


def load_systems(spec: str, base: Path, name: Optional[str] = None, where: Optional[str] = None) -> dict[str, System]:
    """The systems `spec` names (see the module docstring), by name, in order.

    `base` is the folder a relative path or a module is found from; `where` names the setting in
    messages (default: ``--schema SPEC``)."""
    where = where or f"--schema {spec}"
    target, attr = split_spec(spec)
    module = _import_file(base / target, where) if _is_file(target) else _import_module(target, base, where)
    attrs = (attr,) if attr else DEFAULT_ATTRS
    for a in attrs:
        if hasattr(module, a):
            return _systems(getattr(module, a), a, module, name, where)
    looked = attr if attr else " or ".join(DEFAULT_ATTRS)
    raise ProjectError(f"{where}: {module.__name__} ({getattr(module, '__file__', '?')}) has no {looked}; "
                       f"define it, or name the attribute as {target}:ATTR")


def _import_file(path: Path, where: str):
    path = path.resolve()
    if not path.is_file():
        raise ProjectError(f"{where}: no such file {path}; check the path")
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:12]
    module_name = f"schemakit_schema_{path.stem}_{digest}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ProjectError(f"{where}: {path} is not a Python file; give a .py file")
    module = importlib.util.module_from_spec(spec)
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)  # the schema file's sibling modules import as in a script
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as e:
        del sys.modules[module_name]
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        raise ProjectError(f"{where}: {_import_failure(e, str(path))}") from None
    return module


def _import_module(target: str, base: Path, where: str):
    folder = str(base.resolve())
    if folder not in sys.path:
        sys.path.insert(0, folder)  # a module of the project, found from the config's folder
    try:
        return importlib.import_module(target)
    except BaseException as e:
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        if isinstance(e, ModuleNotFoundError) and e.name and (target == e.name or target.startswith(e.name + ".")):
            raise ProjectError(f"{where}: no module named {e.name!r} (searched {folder} and the installed "
                               "packages); check the module path, or give a file path such as app/db.py") from None
        raise ProjectError(f"{where}: {_import_failure(e, None)}") from None


def _import_failure(e: BaseException, path: Optional[str]) -> str:
    """One line for a schema module that fails to import: the file and line, and the error."""
    if isinstance(e, SyntaxError):
        return f"{e.filename}:{e.lineno}: SyntaxError: {e.msg}; fix the schema file"
    frames = traceback.extract_tb(e.__traceback__)
    own = [f for f in frames if path is None or f.filename == path] or frames
    place = f"{own[-1].filename}:{own[-1].lineno}: " if own else ""
    first = (str(e).strip().splitlines() or [""])[0]
    return f"{place}the schema module failed to import ({type(e).__name__}: {first}); fix the schema file"


def _systems(value: Any, attr: str, module, name: Optional[str], where: str) -> dict[str, System]:
    """The value of the schema attribute as systems by name; ProjectError if it is of the wrong type."""
    default_name = name or _module_name(module)
    if isinstance(value, Schema):
        items = [System(default_name, default_name, value)]
    elif isinstance(value, System):
        items = [value]
    elif isinstance(value, Mapping) and value and all(isinstance(v, System) for v in value.values()):
        items = list(value.values())
    elif isinstance(value, (list, tuple)) and value and all(isinstance(v, System) for v in value):
        items = list(value)
    else:
        raise ProjectError(f"{where}: {attr} is a {type(value).__name__}; it must be a System, a Schema, or a "
                           "non-empty list of Systems (from schemakit import System, Schema)")
    out: dict[str, System] = {}
    for system in items:
        if not isinstance(system.name, str) or not _NAME.match(system.name):
            raise ProjectError(f"{where}: system name {system.name!r} must start with a letter and hold only "
                               "letters, digits and _ (at most 63): it names folders and databases")
        if system.name in out:
            raise ProjectError(f"{where}: two systems are named {system.name!r}; give each its own name")
        if not isinstance(system.schema, Schema):
            raise ProjectError(f"{where}: system {system.name!r} has a {type(system.schema).__name__} as its "
                               "schema; it must be a Schema")
        out[system.name] = system
    return out


def _module_name(module) -> str:
    """A system name for a bare Schema: the schema file's or module's own name."""
    file = getattr(module, "__file__", None)
    stem = Path(file).stem if file and module.__name__.startswith("schemakit_schema_") else \
        module.__name__.rpartition(".")[2]
    clean = re.sub(r"[^A-Za-z0-9_]", "_", stem)
    return clean if _NAME.match(clean) else f"s_{clean}"[:63]


_CATALOG = "schemakit.schema.catalog:SYSTEMS"


def catalog_project(migrations: Path = Path("migrations")) -> Project:
    """The project's own example, the catalog, loaded like any user's schema: what library calls
    that name no project (the test suite's) work on."""
    global _catalog
    if _catalog is None:
        _catalog = load_systems(_CATALOG, Path.cwd(), where=_CATALOG)
    return Project(_catalog, migrations, Config(None), _CATALOG)


_catalog: Optional[dict[str, System]] = None
