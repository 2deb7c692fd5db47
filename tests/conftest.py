"""Fixtures for the real database servers.

The engines are the registry's (`dialects.names()`): a new engine is tested with
no edit here. Each engine's server is found through the variable its dialect
declares (`Dialect.server_env`: SCHEMAKIT_PG_URL, SCHEMAKIT_MYSQL_URL,
SCHEMAKIT_MARIADB_URL; defaults: the local servers `make services` starts).
Every test that asks for a database gets a fresh one, dropped afterwards.
Under CI=true an unreachable server fails the test; elsewhere it is skipped
with a message saying how to provide one. A variant engine (``mariadb``) also
needs its server to be that variant (a MySQL 8 server at its URL is skipped).
"""
from __future__ import annotations

import os
import uuid
from typing import Mapping, TypeVar

import pytest
from hypothesis import HealthCheck, settings

from schemakit import dialects
from schemakit.dialects import urls
from schemakit.dialects.base import Dialect
from schemakit.dialects.urls import server_url  # the admin URL of an engine's server (env or default)

from tests import tls_servers

ENGINES = dialects.names()
SERVERS = [name for name in ENGINES if dialects.get(name).has_server]  # the engines with a server
T = TypeVar("T")


def for_engine(table: Mapping[str, T], engine: str) -> T:
    """`table[engine]` of per-engine test data; a variant engine without an entry of its own
    (``mariadb``) takes its parent's (``mysql``): its data is only where it differs."""
    if engine in table:
        return table[engine]
    parent = dialects.get(engine).variant_of
    if parent is None:
        raise KeyError(engine)
    return for_engine(table, parent)


def has_entry(table: Mapping[str, object], engine: str) -> bool:
    """Whether `for_engine(table, engine)` finds an entry."""
    parent = dialects.get(engine).variant_of
    return engine in table or (parent is not None and has_entry(table, parent))


def family(engine: str) -> str:
    """The engine `engine` is a variant of, else `engine`: what its driver and SQL spelling are
    (``mariadb`` talks to pymysql and writes SQL as ``mysql`` does)."""
    return dialects.get(engine).variant_of or engine

# The default run (`make test`, CI) proves each behaviour on a representative set of inputs;
# SCHEMAKIT_DEEP=1 (`make test-deep`) also repeats the same proofs over every input of the
# parametrisations that have many (every catalog system, every case), for a longer run.
DEEP = os.environ.get("SCHEMAKIT_DEEP") == "1"

# A fixed, derandomized profile for CI and `make test`; `deep` on demand
# (HYPOTHESIS_PROFILE=deep, which `make test-deep` sets) explores far more examples.
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=25, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("deep", deadline=None, max_examples=500, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")  # the suite's hypothesis profile
settings.load_profile(PROFILE)
_reachable: dict[str, str | None] = {}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _unavailable(engine: str, error: str) -> None:
    var, _ = urls.servers()[engine]
    msg = (f"{engine} server unreachable at {server_url(engine).redacted}: {error}. "
           f"Set {var} to a reachable server, or run `make services` to install and start local ones.")
    if _in_ci():
        pytest.fail(msg, pytrace=False)
    pytest.skip(msg)


def require_server(engine: str) -> urls.DbUrl:
    """The server URL for `engine`, or fail (CI) / skip (elsewhere) if it is unreachable, or
    if `engine` is a variant and the server is not that variant."""
    url = server_url(engine)
    if engine not in _reachable:
        d = dialects.get(engine)
        try:
            conn = d.connect(url)
        except Exception as e:  # any connection failure means the same thing here
            _reachable[engine] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        else:
            try:
                version = d.server_version(conn)
                _reachable[engine] = None if not d.variant_of or d.recognizes(version) else \
                    f"the server is not {engine}, its version is {version!r}"
            finally:
                conn.close()
    if _reachable[engine]:
        _unavailable(engine, _reachable[engine])
    return url


_served: dict[str, Dialect] = {}


def served(engine: str) -> Dialect:
    """The dialect the commands that connect (migrate, drift, status, rollback, unlock) use for a
    URL of `engine`'s test server: `engine`'s own, or the variant the server is (here, a mysql://
    URL reaches MariaDB: the mariadb dialect). Tests that read back what a command made use it."""
    if engine not in _served:
        d = dialects.get(engine)
        if dialects.variants(d):
            conn = d.connect(require_server(engine))
            try:
                d = dialects.for_server(d, conn)
            finally:
                conn.close()
        _served[engine] = d
    return _served[engine]


@pytest.fixture
def fresh_url(request, tmp_path):
    """Factory: fresh_url(engine) -> URL of a new empty database, dropped after the test."""
    made: list[tuple[str, urls.DbUrl, str]] = []

    def make(engine: str) -> urls.DbUrl:
        d = dialects.get(engine)
        if not d.has_server:  # a file in tmp_path: connecting never creates one
            return d.create_database(urls.DbUrl(d.name, database=str(tmp_path)), f"sk_{uuid.uuid4().hex[:8]}")
        server = require_server(engine)
        name = f"sk_test_{uuid.uuid4().hex[:10]}"
        url = d.create_database(server, name)
        made.append((engine, server, name))
        return url

    yield make
    for engine, server, name in made:
        dialects.get(engine).drop_database(server, name)


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    """Each engine in turn."""
    return request.param


# -- throw-away TLS servers (tests/tls_servers.py), one of each per test session --------------------
@pytest.fixture(scope="session")
def tls_certs(tmp_path_factory) -> tls_servers.Certificates:
    """A CA, a server certificate for localhost/127.0.0.1 it signs, and an unrelated CA."""
    return tls_servers.certificates(tmp_path_factory.mktemp("tls"))


def started(server):
    """`server` (a throw-away server a fixture starts from the OS packages: TLS, replicas) started, or fail
    (CI) / skip (elsewhere) saying why it could not start."""
    try:
        return server.start()
    except Exception as e:  # a missing package, a permission: all mean "no such server here"
        server.stop()
        msg = f"cannot start a {type(server).__name__} for the tests: {e}"
        if _in_ci():
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)


@pytest.fixture(scope="session")
def pg_tls(tls_certs):
    """A PostgreSQL 15 cluster with ssl=on on loopback (`tls_servers.PostgresTLS`), removed afterwards."""
    server = started(tls_servers.PostgresTLS(tls_certs))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def mariadb_tls(tls_certs):
    """A MariaDB server with TLS on loopback (`tls_servers.MariaDBTLS`), removed afterwards."""
    server = started(tls_servers.MariaDBTLS(tls_certs))
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _forget_project_modules():
    """After each test, the schema modules it imported from its temporary folders are forgotten and
    sys.path is restored, as `tests/incli.py` does for a CLI run: a test that loads ``app.py`` in the test process must not
    make a later test's missing ``app`` package importable."""
    import sys

    from tests.incli import forget_project_modules
    before, path = set(sys.modules), list(sys.path)
    yield
    sys.path[:] = path  # a project's folder that loading it put first (schemakit.project) goes too
    forget_project_modules(before)
