"""Where a system's database is, and how a command connects to it: the `Target` of each system named (its
URL, the dialect of its server, its tenant), the connection with its namespaces usable, and the one-line
errors of a connection that fails (`MigrateError`, `NoSuchDatabase`). Every command that reaches a database
starts here (migrate, status, drift, tenants, partitions); it runs no migration.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Optional, Sequence

from schemakit import dialects
from schemakit.dialects import urls
from schemakit.dialects.base import Dialect
from schemakit.schema.model import System

from . import checksum, replicas
from .makemigrations import migrations_in, system_dir
from .options import first_line
from .project import Project, catalog_project

DEFAULT_DIR = Path("var")


class MigrateError(Exception):
    """A migration problem with a message for the user (no traceback)."""


@dataclass
class Target:
    """One system and the database it lives in."""

    system: str
    url: urls.DbUrl
    model: Optional[System] = None  # the system's definition (default: the catalog's system of that name)
    engine: Optional[Dialect] = None  # the dialect `targets` selected for the server (default: the URL's)
    tenant: Optional[str] = None  # a tenant's id: the per-tenant stream, applied where `url` makes its namespace the default
    shared_url: Optional[urls.DbUrl] = None  # a tenant's: the database its system's shared part is in (for commands)
    own_folder: bool = False  # the URL's file is in schemakit's default folder (`targets`), which migrate makes

    @property
    def dialect(self) -> Dialect:
        """The dialect of the target database: the one selected for its server, else the URL's."""
        return self.engine or dialects.get(self.url.dialect)

    @cached_property
    def namespaces(self) -> tuple[str, ...]:
        """The namespaces of the target's stream besides the default one: the shared tables' (read off
        the system's schema without validating it: migrate applies the recorded migrations, not the
        catalog); none for a tenant, whose tables are unqualified in the namespace its URL makes the default."""
        if self.tenant is not None:
            return ()
        return (self.model or catalog_project().get(self.system)).build(()).namespaces

    @property
    def label(self) -> str:
        """The target in messages: the system, and the tenant when it is one's."""
        return self.system if self.tenant is None else f"{self.system} tenant {self.tenant}"


def note(line: str) -> None:
    """A line for the user beside a command's output (stderr: the output may be JSON)."""
    print(f"schemakit: {line}", file=sys.stderr)


def targets(systems: Sequence[str], database: Optional[str], project: Optional[Project] = None,
            data_dir: Path = DEFAULT_DIR, root: Optional[Path] = None,
            say: Callable[[str], None] = note) -> list[Target]:
    """Where each system of `project` (default: the catalog) lives, from --database / DATABASE_URL
    or the SQLite default: a file per system under `data_dir`; and the dialect of each: the
    server's (`server_dialect`), with `root`, the migrations folder, `migrations_dialect`'s."""
    project = project or catalog_project()
    models = [project.get(s) for s in systems]  # unknown names fail here, with the list of systems
    database = database or os.environ.get("DATABASE_URL")
    if not database:
        return [Target(m.name, urls.DbUrl("sqlite", database=str(data_dir / f"{m.name}.db")), m, own_folder=True)
                for m in models]
    url = urls.parse(database, need_database=True)
    d = dialects.get(url.dialect)
    found = [Target(models[0].name, url, models[0])] if len(models) == 1 else \
        [Target(m.name, d.sibling_database(url, m.name).require_database(), m) for m in models]
    engine = server_dialect(found[0]) if found else d  # the systems' databases share one server
    for t in found:
        t.engine = engine if root is None else migrations_dialect(t.system, engine, root, say)
    return found


def server_dialect(t: Target) -> Dialect:
    """The URL's dialect, or the registered variant of it that the target's server is (`dialects.for_server`:
    a mysql:// URL reaching MariaDB gives the mariadb dialect). Only for a dialect with variants, with one
    connection to the server that chooses no database (so a database that does not exist yet is fine)."""
    d = dialects.get(t.url.dialect)
    if not dialects.variants(d):
        return d
    with connecting(t):
        conn = d.connect(t.url.with_database(d.admin_database))
    try:
        return dialects.for_server(d, conn)
    finally:
        conn.close()


def migrations_dialect(system: str, d: Dialect, root: Path, say: Callable[[str], None]) -> Dialect:
    """`d`, unless it is a variant with no migrations for `system` under `root` while its parent has some:
    then the parent, saying so in one line. Such a project predates the variant (MySQL's migrations were
    run on MariaDB): its databases are what the parent's migrations make, so they keep being migrated,
    and compared, with the parent's until `schemakit makemigrations` writes the variant's."""
    parent = dialects.get(d.variant_of) if d.variant_of else None
    if parent is None or migrations_in(system_dir(root, d.name, system)) \
            or not migrations_in(system_dir(root, parent.name, system)):
        return d
    say(f"{system}: the server is {d.name}, but {system_dir(root, d.name, system)} has no migrations: using "
        f"{parent.name}'s ({system_dir(root, parent.name, system)}); `schemakit makemigrations` writes {d.name}'s")
    return parent


def verified_targets(systems: Sequence[str], database: Optional[str], root: Path,
                     project: Optional[Project] = None, data_dir: Path = DEFAULT_DIR,
                     say: Callable[[str], None] = note) -> list[Target]:
    """`targets`, once the migrations folder `root` is there and the schemakit.sum of each target's
    dialect verifies (`checksum.verify`; the other dialects' are not read): before anything
    connects or runs."""
    checksum.require_root(root)
    found = targets(systems, database, project, data_dir, root, say)
    for name in dict.fromkeys(t.dialect.name for t in found):
        checksum.verify(root, name)
    return found


class NoSuchDatabase(MigrateError):
    """The database a command names does not exist (only `migrate` creates one)."""


def connect(t: Target):
    """A DB-API connection to the target (never creating it), its namespaces usable."""
    with connecting(t):
        conn = t.dialect.connect(t.url)
        try:  # e.g. SQLite: an in-memory main database has no folder for its namespaces' files
            t.dialect.prepare_connection(conn, t.namespaces)
        except BaseException:
            conn.close()
            raise
    return conn


@contextmanager
def connecting(t: Target):
    """Connection failures as one line for the user: a missing driver, no such database, or why not."""
    try:
        yield
    except ImportError as e:
        raise MigrateError(f"the driver for {t.url.dialect} is missing ({e.name}): run `make setup`") from None
    except (MigrateError, replicas.ReadOnlyServer):
        raise
    except Exception as e:  # driver errors differ per engine; all mean "cannot connect"
        if t.dialect.missing_database(e):
            raise NoSuchDatabase(f"{t.system}: no such database: {t.url.redacted}. Check the URL; only "
                                 f"`schemakit migrate` creates a database") from None
        raise MigrateError(f"cannot connect to {t.url.redacted}: {first_line(e)}") from None
