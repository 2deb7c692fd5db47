"""Tenants: a system's per-tenant tables, one namespace per tenant, each migrated on its own.

A system with tenancy (`schema.model.Tenancy`) has two migration streams: the shared tables in
``migrations/<dialect>/<system>/`` and the per-tenant tables in ``migrations/<dialect>/<system>/tenant/``,
written unqualified. A tenant's stream runs on a URL whose default namespace is the tenant's
(`Dialect.tenant_url`), so its tables and its own yoyo history land there and tenants may be at
different versions:

- PostgreSQL: schema ``<prefix><id>`` of the same database (``search_path``), created first;
- MySQL/MariaDB: a database of its own, ``{database}_{namespace}`` (or the project file's
  ``tenant_database`` template), at most 64 characters;
- SQLite: its own file beside the main one (``<main stem>.<namespace>.db``).

The tenant ids come from the system's source of truth (`Tenancy.source`: contentgen's is the
``projects`` table's ``id``), read from the shared database; a tenant namespace an earlier
schemakit created inside the shared stream (the system's ``default_tenants``) is adopted where it
exists: recorded at the version its tables match, never dropped. Each tenant is migrated under its
own lock (`schemakit.lock`: a second run waits for that tenant), with one transaction per migration
where the engine's DDL is transactional, so a killed run leaves no tenant half-migrated there and the
next run does what is left. Tenants run over the runner (`schemakit.runner`), ``jobs`` at a time: a
failing tenant does not stop the others.

The application's API (seed 003's ``create_project_schema``)::

    from schemakit import tenants
    tenants.add("postgresql://app@db/contentgen", "contentgen", [project_id])
"""
from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Optional, Sequence, Union

from .migrate import Options, Reused, _migrate_one, _migrations, drift_of, lowered
from .targets import DEFAULT_DIR, MigrateError, NoSuchDatabase, Target, connect, connecting, verified_targets
from .project import Project, catalog_project
from . import runner
from .schema.model import System

TenantId = Union[int, str]


class NoTenancy(MigrateError):
    """A tenant command for a system without per-tenant tables, or without a source of tenant ids."""


@dataclass(frozen=True)
class TenantState:
    """Where one tenant stands: its namespace, whether it exists, its applied and pending migrations."""

    tenant: str
    namespace: str
    exists: bool
    applied: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()
    orphan: bool = False  # its namespace exists, its id is in no source (`orphan_ids`): no --tenants all sees it

    @property
    def state(self) -> str:
        """``missing``, ``orphan``, ``behind`` or ``current``."""
        if not self.exists:
            return "missing"
        return "orphan" if self.orphan else "behind" if self.pending else "current"

    @property
    def version(self) -> str:
        """The newest migration applied ("-" for none)."""
        return self.applied[-1] if self.applied else "-"

    def line(self) -> str:
        """The tenant as `schemakit tenants list` shows it."""
        if not self.exists:
            return f"{self.tenant}  {self.namespace}  missing (not created: `schemakit tenants add`)"
        where = f"behind by {len(self.pending)}" if self.pending else "current"
        if self.orphan:
            return f"{self.tenant}  {self.namespace}  {self.version}  orphan ({where}; its id is in no source)"
        return f"{self.tenant}  {self.namespace}  {self.version}  {where}"

    def as_dict(self) -> dict:
        """The JSON form."""
        return {"tenant": self.tenant, "namespace": self.namespace, "exists": self.exists, "version": self.version,
                "applied": list(self.applied), "pending": list(self.pending), "behind": bool(self.pending),
                "state": self.state, "orphan": self.orphan}


def tenancy_of(system: System):
    """The system's `Tenancy`; NoTenancy naming the system when it has none."""
    if system.tenancy is None:
        raise NoTenancy(f"{system.name} has no per-tenant tables (no Tenancy in its schema): --tenants, --tenant "
                        "and `schemakit tenants` work on a system that has")
    return system.tenancy


def checked_ids(system: System, ids: Sequence[TenantId]) -> list[str]:
    """`ids` as text, each validated (`Tenancy.namespace`), duplicates dropped; TenantError on the first bad one,
    before anything connects."""
    tenancy = tenancy_of(system)
    for i in ids:
        tenancy.namespace(i)
    return list(dict.fromkeys(str(i) for i in ids))


def tenant_target(shared: Target, tenant: str, template: Optional[str] = None) -> Target:
    """The target of `tenant`'s stream: the shared target's database, with the tenant's namespace as the
    default one (`Dialect.tenant_url`)."""
    namespace = tenancy_of(_model(shared)).namespace(tenant)
    url = shared.dialect.tenant_url(shared.url, namespace, template)
    return Target(shared.system, url, shared.model, shared.engine, tenant=tenant, shared_url=shared.url)


def _model(t: Target) -> System:
    return t.model or catalog_project().get(t.system)


def source_ids(shared: Target, template: Optional[str] = None, existing: Optional[Sequence[str]] = None) -> list[str]:
    """Every tenant of the shared database: the ids its source of truth lists (`listed_ids`), then each of
    the system's ``default_tenants`` whose namespace exists (an earlier schemakit made it in the shared stream;
    `existing`: `existing_ids`, if the caller read them). An id there that is not a valid tenant id is kept,
    so that its tenant fails alone with one line."""
    system = _model(shared)
    found = listed_ids(shared)
    defaults = [str(i) for i in system.default_tenants if str(i) not in found]
    legacy = _existing(shared, defaults, template, existing) if defaults else set()
    return sorted(dict.fromkeys(found)) + [i for i in defaults if i in legacy]


def listed_ids(shared: Target, missing_ok: bool = False) -> list[str]:
    """The ids the source of truth lists (`Tenancy.source`), read once, as text: the one reader of it.
    NoTenancy where the system declares none; with `missing_ok`, none where there is no source, or the shared
    database or its source table does not exist yet."""
    system = _model(shared)
    tenancy = tenancy_of(system)
    if tenancy.source is None:
        if missing_ok:
            return []
        raise NoTenancy(f"{system.name} declares no source of tenant ids (Tenancy.source): name the tenants with "
                        "--tenant ID ...")
    try:
        conn = connect(shared)
    except NoSuchDatabase:
        if missing_ok:
            return []
        raise
    try:
        with connecting(shared):
            if missing_ok and (None, tenancy.source[0]) not in set(shared.dialect.table_names(conn, (None,))):
                return []
            return [str(v) for v in shared.dialect.column_values(conn, *tenancy.source)]
    finally:
        conn.close()


def existing_ids(shared: Target, template: Optional[str] = None) -> list[str]:
    """The ids of the tenant namespaces that exist for the shared database (`Dialect.tenant_namespaces`),
    whatever lists them: a namespace whose rest after the prefix is not a valid tenant id is not a tenant's."""
    tenancy = tenancy_of(_model(shared))
    with connecting(shared):
        names = shared.dialect.tenant_namespaces(shared.url, tenancy.prefix, template)
    return [i for i in map(tenancy.tenant_of, names) if i is not None]


def orphan_ids(shared: Target, template: Optional[str] = None, known: Optional[Sequence[str]] = None,
               existing: Optional[Sequence[str]] = None) -> list[str]:
    """The tenants whose namespace exists (`existing`, default `existing_ids`) while no source lists them
    (`known`, default `source_ids`): an id not (or no longer) in the source of truth and not a default tenant.
    `--tenants all` leaves them alone (the source decides); `tenants list` shows them, `drift --tenants all`
    reports them as not managed."""
    existing = existing_ids(shared, template) if existing is None else existing
    listed = set(source_ids(shared, template, existing) if known is None else known)
    return [i for i in existing if i not in listed]


def orphans(system: str, database: Optional[str], root: Path = Path("migrations"), project: Optional[Project] = None,
            data_dir: Path = DEFAULT_DIR, template: Optional[str] = None,
            known: Optional[Sequence[str]] = None) -> list[tuple[str, str]]:
    """(id, namespace) of each orphan tenant of `system` in the shared database (`orphan_ids`); reads only.
    `known`: the tenants the command already read from the source (`source_ids`), so it is not read again."""
    project = project or catalog_project()
    template = template or project.config.tenant_database
    shared = _shared(system, database, root, project, data_dir)
    tenancy = tenancy_of(project.get(system))
    return [(i, tenancy.namespace(i)) for i in orphan_ids(shared, template, known)]


def _existing(shared: Target, ids: Sequence[str], template: Optional[str],
              existing: Optional[Sequence[str]] = None) -> set[str]:
    """The ids of `ids` whose namespace exists. On an engine with a server, one listing of the namespaces
    (`existing`, else `existing_ids`: one connection), not a connection per id; elsewhere each one's own file
    (`Dialect.namespace_exists`), which may be a name the listing does not know (an earlier schemakit's)."""
    if not ids:
        return set()
    if shared.dialect.has_server:
        listed = set(existing_ids(shared, template) if existing is None else existing)
        return {i for i in ids if i in listed}
    found = set()
    for i in ids:
        t = tenant_target(shared, i, template)
        with connecting(t):
            if t.dialect.namespace_exists(t.url):
                found.add(i)
    return found


def _has_history(shared: Target) -> bool:
    """Whether the shared database exists and records applied migrations (schemakit ran there before)."""
    try:
        conn = connect(shared)
    except NoSuchDatabase:
        return False
    try:
        return bool(shared.dialect.recorded_migrations(conn))
    finally:
        conn.close()


def preflight(system: str, database: Optional[str], tenants: Optional[Sequence[TenantId]] = None,
              root: Path = Path("migrations"), project: Optional[Project] = None, data_dir: Path = DEFAULT_DIR,
              template: Optional[str] = None, known_only: bool = False) -> None:
    """Refuse, before anything is written, what would fail every tenant, or a tenant named: a bad id
    (TenantError), a URL where no tenant namespace can go, a tenant database name the engine refuses
    (BadUrl: one line each). With no ids (every tenant), a probe id stands for them. With `known_only`
    (`migrate --tenant`), an id that is neither in the source of truth, nor one of the system's
    ``default_tenants``, nor a namespace that exists (`refuse_unknown`)."""
    project = project or catalog_project()
    template = template or project.config.tenant_database
    ids = checked_ids(project.get(system), tenants) if tenants is not None else ["0"]
    shared = _shared(system, database, root, project, data_dir)
    for i in ids:
        tenant_target(shared, i, template)
    legacy = ids if tenants is not None else [str(i) for i in project.get(system).default_tenants]
    refuse_legacy(shared, legacy, template, project.config.where("tenant_database"))
    if known_only and tenants is not None:
        refuse_unknown(shared, ids, template)


def refuse_unknown(shared: Target, ids: Sequence[str], template: Optional[str]) -> None:
    """MigrateError (one line) for the first id that no source lists: not in the source of truth, not one of
    the system's ``default_tenants``, no namespace of its own. A mistyped id is refused; creating a tenant is
    `schemakit tenants add`'s (or the API's) to do."""
    system = _model(shared)
    unknown = [i for i in ids if i not in {str(d) for d in system.default_tenants}]
    if not unknown:
        return
    listed = set(listed_ids(shared, missing_ok=True))
    existing = _existing(shared, [i for i in unknown if i not in listed], template)
    for i in unknown:
        if i not in listed and i not in existing:
            table, column = tenancy_of(system).source or ("", "")
            where = f"in {table}.{column}" if table else "a tenant"
            raise MigrateError(f"tenant {i} is not {where} and has no namespace: nothing was written; check the id, "
                               f"or create the tenant with `schemakit tenants add {system.name} {i}`")


def unlisted(system: str, database: Optional[str], ids: Sequence[str], root: Path = Path("migrations"),
             project: Optional[Project] = None, data_dir: Path = DEFAULT_DIR) -> list[str]:
    """The ids of `ids` that neither the source of truth nor the system's ``default_tenants`` lists: tenants
    `--tenants all` does not see (orphans, `orphan_ids`) until the application inserts their row."""
    project = project or catalog_project()
    shared = _shared(system, database, root, project, data_dir)
    known = set(listed_ids(shared, missing_ok=True)) | {str(d) for d in project.get(system).default_tenants}
    return [i for i in ids if i not in known]


def refuse_legacy(shared: Target, ids: Sequence[str], template: Optional[str], setting: str) -> None:
    """With no tenant database template configured (`template` None), a tenant whose database named after the
    main one does not exist while the server-wide one an earlier schemakit made (``<namespace>``, shared by
    every deployment on the server) does: MigrateError naming `setting`, before anything is written. Whether
    that one is this deployment's is the DBA's to say, once the shared database records migrations (a new
    deployment's rows cannot be there: it goes on); never a second, empty tenant beside its rows."""
    if template is not None:
        return
    ids = [i for i in ids if tenant_target(shared, i).url != tenant_target(shared, i, "{namespace}").url]
    made, made_before = _existing(shared, ids, None), _existing(shared, ids, "{namespace}")
    for i in ids:
        if i in made or i not in made_before:
            continue
        scoped, legacy = tenant_target(shared, i), tenant_target(shared, i, "{namespace}")
        if not _has_history(shared):  # a new deployment: the server-wide one is another's, its rows not ours
            return
        old, new = legacy.url.database_name, scoped.url.database_name
        raise MigrateError(
            f"tenant {i}: the server has database {old}, made by an earlier schemakit (before tenant databases were "
            f"named after the main one), and no {new}: set {setting} to \"{{namespace}}\" if {old} is this "
            f"deployment's (its rows stay there), or to \"{{database}}_{{namespace}}\" to create {new}; nothing "
            "was written")


def migrate_one(t: Target, root: Path, say: Callable[[str], None], stream=None, repair: bool = False,
                reuse: Optional[Reused] = None) -> runner.Result:
    """Migrate one tenant: its namespace created where connecting does not (`migrate._open_backend`), then
    its stream, adopting the tables an earlier schemakit made there (they must match one of its migrations);
    on a connection an earlier tenant's run left in `reuse`, where the engine can move it (`migrate.Reused`)."""
    lines: list[str] = []

    def said(line: str) -> None:
        lines.append(line)
        say(line)

    n, differences = _migrate_one(t, root, Options(adopt=True, repair=repair), said, stream, reuse)
    notes = [f"differs from its migrations in {len(differences)} way(s): see `drift --tenant {t.tenant}`"] \
        if differences else []
    notes += ["adopted: " + line.split("; ", 1)[0].split(": ", 2)[-1] for line in lines if ": adopted " in line]
    if n:
        return runner.Result("migrated", "; ".join([f"{n} migration(s)"] + notes))
    return runner.Result("current", "; ".join(notes))


def _over(ids: Sequence[str], job: Callable[[str], runner.Result], jobs: int,
          out=None, tty: Optional[bool] = None, failures: Optional[dict] = None) -> list[runner.Outcome]:
    """`job` on every tenant over the runner; `failures` (if given) gets each failed tenant's whole message
    (the runner's outcome keeps its first line: the rest may say how to complete it)."""
    def kept(tenant: str) -> runner.Result:
        try:
            return job(tenant)
        except Exception as e:
            if failures is not None:
                failures[tenant] = str(e)
            raise
    return runner.run(list(ids), kept, jobs=jobs, what="tenant", out=out, tty=tty)


def _shared(system: str, database: Optional[str], root: Path, project: Optional[Project],
            data_dir: Path) -> Target:
    return verified_targets([system], database, root, project, data_dir, say=lambda line: None)[0]


def migrate_tenants(system: str, database: Optional[str], tenants: Optional[Sequence[TenantId]] = None,
                    root: Path = Path("migrations"), project: Optional[Project] = None, jobs: int = 4,
                    data_dir: Path = DEFAULT_DIR, template: Optional[str] = None, out=None,
                    tty: Optional[bool] = None, repair: bool = False,
                    failures: Optional[dict] = None) -> list[runner.Outcome]:
    """Migrate the tenants named (None: every tenant of the source of truth, `source_ids`), `jobs` at a time;
    the shared part must be migrated first (`migrate.migrate`). One outcome per tenant, in order. With
    `repair`, a migration a killed run left half-applied in a tenant (MySQL/MariaDB) is completed."""
    project = project or catalog_project()
    template = template or project.config.tenant_database
    ids = checked_ids(project.get(system), tenants) if tenants is not None else None
    shared = _shared(system, database, root, project, data_dir)
    ids = ids if ids is not None else source_ids(shared, template)
    stream = _loaded(root, tenant_target(shared, ids[0], template)) if ids else None
    reuse = Reused() if shared.dialect.reuses_tenant_connections else None  # a connection per job, not per tenant
    try:
        return _over(ids, lambda i: migrate_one(tenant_target(shared, i, template), root, lambda line: None, stream,
                                                repair, reuse), jobs, out, tty, failures)
    finally:
        if reuse is not None:
            reuse.close()


def _loaded(root: Path, t: Target):
    """The tenant stream's migrations (`migrate._migrations`), each loaded here, once, before the tenants'
    threads share them: a file that cannot be loaded stops the command before any tenant runs."""
    files, migs = _migrations(root, t)
    for m in migs:
        m.load()
    return files, migs


def add(database: str, system: str, ids: Sequence[TenantId], root: Optional[Path] = None,
        project: Optional[Project] = None, jobs: int = 1) -> list[runner.Outcome]:
    """Create the namespace of each tenant of `ids` at the current tenant version (the API an application
    calls when it creates a project, seed 003's ``create_project_schema``); a tenant that exists is brought
    to the current version. Raises TenantError for a bad id, before anything connects; returns one outcome
    per tenant (``status`` "migrated" or "current", or "failed" with the reason in ``detail``), printing nothing."""
    project = project or catalog_project()
    root = root or project.migrations
    preflight(system, database, ids, root, project)  # an earlier schemakit's tenant database: refused, as the CLI's
    return migrate_tenants(system, database, ids, root, project, jobs, out=io.StringIO(), tty=False)


def states(system: str, database: Optional[str], tenants: Optional[Sequence[TenantId]] = None,
           root: Path = Path("migrations"), project: Optional[Project] = None, data_dir: Path = DEFAULT_DIR,
           template: Optional[str] = None, jobs: int = 4) -> list[TenantState]:
    """Where each tenant (None: every one of the source of truth, then each orphan, `orphan_ids`) stands, read
    over `jobs` connections at once; reads only, creates nothing."""
    project = project or catalog_project()
    template = template or project.config.tenant_database
    ids = checked_ids(project.get(system), tenants) if tenants is not None else None
    shared = _shared(system, database, root, project, data_dir)
    refuse_legacy(shared, ids if ids is not None else [str(i) for i in project.get(system).default_tenants],
                  template, project.config.where("tenant_database"))
    lost: list[str] = []
    if ids is None:
        existing = existing_ids(shared, template)  # read once: for the default tenants, then the orphans
        ids = source_ids(shared, template, existing)
        lost = orphan_ids(shared, template, ids, existing)
    if not ids and not lost:
        return []
    stream = _migrations(root, tenant_target(shared, (ids or lost)[0], template))  # the same for every tenant: read once
    reuse = Reused() if shared.dialect.reuses_tenant_connections else None  # a connection per thread, not per tenant
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:  # each tenant's read is mostly waiting on the server
            found = list(pool.map(lambda i: _state(tenant_target(shared, i, template), stream, reuse), ids + lost))
    finally:
        if reuse is not None:
            reuse.close()
    return found[:len(ids)] + [replace(s, orphan=s.exists) for s in found[len(ids):]]


def _opened(t: Target, reuse: Optional[Reused] = None):
    """A connection to tenant `t`, one an earlier tenant's read left in `reuse` where the engine can move it
    (`migrate.Reused`); None where its namespace does not exist (nothing is created: connecting to a missing
    SQLite file is an error, so that is asked without one)."""
    if not t.dialect.has_server and not t.dialect.namespace_exists(t.url):
        return None
    taken = reuse.take(t) if reuse is not None else None
    if taken is not None and taken.missing is not None and reuse is not None:  # its database does not exist
        reuse.give(taken.conn)
        return None
    try:
        conn = taken.conn if taken is not None else connect(t)
    except NoSuchDatabase:
        return None
    try:
        there = t.dialect.namespace_exists(t.url, conn)
    except BaseException:
        conn.close()
        raise
    if there:
        return conn
    _done_with(conn, reuse)
    return None


def _done_with(conn, reuse: Optional[Reused]) -> None:
    """Give `conn`, its reads done, back to `reuse` (its transaction ended: idle, as a kept connection must
    be), or close it where there is none (a failed read: never kept)."""
    if reuse is None:
        conn.close()
        return
    try:
        conn.rollback()
    except Exception:  # a broken connection: not kept
        conn.close()
        return
    reuse.give(conn)


def _state(t: Target, stream, reuse: Optional[Reused] = None) -> TenantState:
    """One tenant's state, on one connection to it (none where its namespace does not exist): one an earlier
    tenant's read left in `reuse` where the engine can move it (`migrate.Reused`), given back once read."""
    files, migs = stream
    namespace = tenancy_of(_model(t)).namespace(t.tenant or "")
    missing = TenantState(t.tenant or "", namespace, False, pending=tuple(m.id for m in files))
    conn = _opened(t, reuse)
    if conn is None:
        return missing
    done: Optional[set] = None
    try:
        done = set(t.dialect.recorded_migrations(conn))
    finally:
        _done_with(conn, reuse if done is not None else None)
    return TenantState(t.tenant or "", namespace, True, tuple(m.id for m in migs if m.hash in done),
                       tuple(m.id for m in migs if m.hash not in done))


def drift(system: str, database: Optional[str], tenants: Optional[Sequence[TenantId]] = None,
          root: Path = Path("migrations"), project: Optional[Project] = None, jobs: int = 4,
          data_dir: Path = DEFAULT_DIR, rules: Sequence = (), template: Optional[str] = None,
          report: Optional[dict] = None, out=None, tty: Optional[bool] = None) -> list[runner.Outcome]:
    """Each tenant's namespace against the per-tenant tables; `report` (if given) gets each tenant's lines."""
    project = project or catalog_project()
    template = template or project.config.tenant_database
    ids = checked_ids(project.get(system), tenants) if tenants is not None else None
    shared = _shared(system, database, root, project, data_dir)
    ids = ids if ids is not None else source_ids(shared, template)
    rules = tuple(project.config.ignore) + tuple(rules)
    stream = project.load_stream(system, tenant=True)  # the same for every tenant: made once, lowered once (`lowered`)
    reuse = Reused() if shared.dialect.reuses_tenant_connections else None  # a connection per job, not per tenant

    def job(tenant: str) -> runner.Result:
        t = tenant_target(shared, tenant, template)
        with connecting(t):
            conn = _opened(t, reuse)
        if conn is None:
            raise MigrateError(f"tenant {tenant}: its namespace does not exist: `schemakit tenants add` creates it")
        lines: Optional[list[str]] = None
        try:
            lines = drift_of(t, conn, lowered(t.dialect, stream), rules)
        finally:
            _done_with(conn, reuse if lines is not None else None)
        if report is not None:
            report[tenant] = lines
        return runner.Result(runner.DRIFT, f"{len(lines)} difference(s)") if lines else runner.Result("clean")

    try:
        return _over(ids, job, jobs, out, tty)
    finally:
        if reuse is not None:
            reuse.close()

