"""The engine registry: every engine is a `Dialect` that registers itself (re-exported by `dialects`).

An engine is one package (``dialects/postgres/``) or, for a variant of
another engine, one module (``dialects/mariadb.py`` subclasses the MySQL
dialect). Each registers its `Dialect` instance with `register` when it is
imported; the registry imports every module of this package the first time
a name is asked for, so adding an engine edits nothing here. A dialect
declares what the rest of schemakit reads from it: its name, aliases and URL
schemes, its test server's environment variable, its limits (identifier
length), its savepoint syntax and its plan reader.

``dialects.get("mysql")`` returns the MySQL dialect; an unknown name raises
`UnknownDialect` naming the valid choices. `for_server` picks the variant
that a live server's version string names (a ``mysql://`` URL that reaches
a MariaDB server).
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Optional, Protocol, TypeVar


class Dialect(Protocol):
    """What the registry reads of an engine (`dialects.base.Dialect` provides it); the registry
    imports no other module of this package, so every module may import it. The attributes are
    read-only here, so an engine may declare a narrower type (``url_schemes = ("sqlite",)``)."""

    @property
    def name(self) -> str: ...
    @property
    def rank(self) -> int: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def url_schemes(self) -> tuple[str, ...]: ...
    @property
    def variant_of(self) -> Optional[str]: ...
    @property
    def max_identifier_length(self) -> int: ...
    @property
    def untyped_columns(self) -> bool: ...
    @property
    def has_server(self) -> bool: ...
    @property
    def server_env(self) -> Optional[tuple[str, str]]: ...
    @property
    def driver(self) -> str: ...

    def recognizes(self, server_version: str) -> bool:
        """For a variant: whether a server reporting `server_version` is this engine."""

    def server_version(self, conn: Any) -> str:
        """The server's version string."""

    def explain_reader(self) -> Any:
        """The module that reads this engine's query plans."""


D = TypeVar("D", bound=Dialect)  # a concrete engine class, which `register` hands back as given

_registry: dict[str, Dialect] = {}
_discovered = False


class UnknownDialect(LookupError):
    """A dialect name that is not registered."""


def register(dialect: D) -> D:
    """Add `dialect` to the registry (an engine module calls this once, at import) and return it
    (typed as given: ``DIALECT = register(MySQLDialect())`` is a MySQLDialect)."""
    if not dialect.name:
        raise ValueError(f"{type(dialect).__name__} declares no name")
    known = _registry.get(dialect.name)
    if known is not None and type(known) is not type(dialect):
        raise ValueError(f"two engines are called {dialect.name!r}: {type(known).__name__} and {type(dialect).__name__}")
    _registry[dialect.name] = dialect
    return dialect


def _discover() -> None:
    """Import every module of this package once; the engine modules among them register themselves."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    package = importlib.import_module(__package__)
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{__package__}.{info.name}")


def _ordered() -> list[Dialect]:
    _discover()
    return sorted(_registry.values(), key=lambda d: (d.rank, d.name))


def names() -> list[str]:
    """The registered engine names, in registry order (by each dialect's `rank`, then name)."""
    return [d.name for d in _ordered()]


def get(name: str) -> Dialect:
    """The dialect called `name` (or one of its aliases, or one of its URL schemes)."""
    key = name.lower() if isinstance(name, str) else name
    ordered = _ordered()
    found = next((d for d in ordered if key == d.name), None)  # a name wins over another engine's alias
    found = found or next((d for d in ordered if key in d.aliases or key in d.url_schemes), None)
    if found is not None:
        return found
    raise UnknownDialect(f"unknown dialect {name!r}: choose one of {', '.join(names())}")


def all_dialects() -> list[Dialect]:
    """Every registered dialect, in registry order."""
    return _ordered()


def for_scheme(scheme: str) -> Optional[Dialect]:
    """The dialect whose URLs start with `scheme` (``postgresql``, ``mysql+pymysql``...), or None."""
    key = scheme.split("+")[0].lower()
    ordered = _ordered()
    found = next((d for d in ordered if d.url_schemes[:1] == (key,)), None)  # an engine's own scheme first
    return found or next((d for d in ordered if key in d.url_schemes), None)


def for_connection(conn: Any) -> Optional[Dialect]:
    """The dialect whose DB-API driver made `conn` (`Dialect.driver`, its connection class's top-level
    module), or None; a variant shares its engine's driver, and the engine comes first."""
    module = type(conn).__module__.split(".")[0]
    return next((d for d in _ordered() if d.driver == module and d.variant_of is None), None)


def schemes() -> list[str]:
    """Every URL scheme a registered engine accepts, in registry order."""
    return [s for d in _ordered() for s in d.url_schemes]


def identifier_limit() -> int:
    """The longest identifier every registered engine holds unchanged (the smallest
    `Dialect.max_identifier_length`): what a schema's names are validated against."""
    return min(d.max_identifier_length for d in _ordered())


def untyped_origins() -> frozenset[str]:
    """The engines whose columns may have no declared type (`Dialect.untyped_columns`): the origins a
    native type spelled '' may name."""
    return frozenset(d.name for d in _ordered() if d.untyped_columns)


def variants(dialect: Dialect) -> list[Dialect]:
    """The registered variants of `dialect` (dialects declaring ``variant_of = dialect.name``)."""
    return [d for d in _ordered() if d.variant_of == dialect.name]


def for_server(dialect: Dialect, conn: Any) -> Dialect:
    """`dialect`, or the variant of it that the server behind `conn` is (by its version string)."""
    found = variants(dialect)
    if not found:
        return dialect
    version = dialect.server_version(conn)
    return next((v for v in found if v.recognizes(version)), dialect)
