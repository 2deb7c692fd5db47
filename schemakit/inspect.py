"""`schemakit inspect`: a live database, or a DDL file, written out as schema code.

    schemakit inspect --database URL [--namespace N ...] --out FILE.py [--system NAME] [--allow-skipped]
    schemakit inspect --ddl FILE.sql --dialect D [--namespace N ...] --out FILE.py ...

The database's tables are read with the dialect's introspection (`Dialect.introspect` with a
`skipped` list), schemakit's own bookkeeping tables aside. What the model cannot hold is left
out, or read as the nearest thing it holds, and each such object or attribute is one `Skipped`
record: a stable code, the object's name and why. `adopt` then makes the tables read a valid
model: a key, index, check or foreign key on something left out is left out too, a name another
table of the namespace already uses is renamed, and what `validate` still refuses is left out
(each recorded). The result is written with `schema.codegen`; the file loads as it is through
``--schema FILE.py``.

A DDL file is loaded into a scratch database by the engine's own client (the engine is the
parser: its error, with its line, is the message), read, and the scratch database is dropped,
also when the load fails or the run is interrupted (Ctrl-C or SIGTERM).
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

from . import dialects
from .dialects import urls
from .dialects.base import DbObject, Dialect, Skipped, UnsafeClient, short_name, skip
from .held import SKIP_CODE, unmanaged
from .migrate import YOYO_TABLES
from .options import UserError, first_line
from .schema import codegen, expr
from .schema.model import INTEGER_KINDS, Schema, Table
from .schema.validate import SchemaError, validate

BOOKKEEPING = YOYO_TABLES  # the migration history `schemakit migrate` keeps: never part of a schema
_SYSTEM_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")  # as schemakit.project requires
_INTEGERS = INTEGER_KINDS
ADOPT_ROUNDS = 8  # validate/leave-out rounds before giving up (each round removes at least one object)


@dataclass(frozen=True)
class Inspected:
    """What `inspect` read: the schema (valid), what it skipped, the engine and where it came from."""

    schema: Schema
    skipped: tuple[Skipped, ...]
    dialect: str
    source: str  # the URL (password hidden) or the DDL file


# -- reading a database -------------------------------------------------------------------------
def read_database(url: urls.DbUrl, namespaces: Sequence[Optional[str]] = (None,),
                  dialect: Optional[Dialect] = None, source: Optional[str] = None) -> Inspected:
    """The tables of `namespaces` of the database `url` (its bookkeeping tables aside), made a valid
    model by `adopt`; UserError for a database that cannot be reached or holds nothing at all."""
    d = dialect or dialects.get(url.dialect)
    conn = _connect(d, url)
    skipped: list[Skipped] = []
    try:
        d = dialects.for_server(d, conn)
        try:  # e.g. SQLite: an in-memory main database has no folder for its namespaces' files
            d.prepare_connection(conn, [ns for ns in namespaces if ns is not None])
        except Exception as e:  # as `_connect`: the connection is not usable, in one line
            raise UserError(f"cannot use {url.redacted}: {first_line(e)}") from None
        keys = [k for k in d.table_names(conn, namespaces) if k[1] not in BOOKKEEPING]
        # read even without a table: a schema of types, routines or views alone is one the model holds
        live = d.introspect(conn, namespaces, keys, skipped)
        if not keys:  # (an engine may read an empty `tables` as "all of them": the bookkeeping ones)
            live = replace(live, tables=())
        _unheld(unmanaged(d, conn, namespaces, live), skipped)
        for other in d.other_namespaces(conn, [ns for ns in namespaces if ns is not None]):
            skip(skipped, "SKIP-NAMESPACE", other, f"schema {other} of the database is not read: name it with "
                 f"--namespace {other} to read it")
    finally:
        conn.close()
    where = source or url.redacted
    # refused only when nothing at all was found: a database of extensions alone is a schema of them, one of
    # objects the model does not hold (a text search configuration alone) is read as an empty schema, with
    # those objects listed as skipped
    if not (live.tables or live.views or live.types or live.sequences or live.routines or live.triggers
            or live.extensions or skipped):
        shown = ", ".join(ns or "(the database's own)" for ns in namespaces)
        raise UserError(f"empty database: {where} has no tables in namespace(s) {shown}; check the URL, "
                        "or name the namespaces that hold them with --namespace")
    schema = _refused_views(adopt(live, skipped), d, skipped)
    return Inspected(schema, tuple(skipped), d.name, where)


def _refused_views(schema: Schema, source: Dialect, skipped: list[Skipped]) -> Schema:
    """`schema` with each view another engine refuses (`Dialect.refused_view`: MySQL's GROUP BY
    leaving a selected column out, on PostgreSQL) marked absent there, each recorded in `skipped`."""
    views = []
    for v in schema.views:
        refusing = []
        for name in dialects.names():
            d = dialects.get(name)
            why = None if d.name == source.name else d.refused_view(v, schema)
            if why:
                refusing.append(d.name)
                skip(skipped, "SKIP-VIEW", v.qualified, f"kept, but not created on {d.name} (absent): {why}")
        views.append(replace(v, absent=v.absent + tuple(refusing)) if refusing else v)
    return replace(schema, views=tuple(views))


# What an object of a kind is, where its kind alone does not say why the model does not hold it.
UNHELD_WHAT = {"index": "an index of one partition alone or of a materialized view, which"}


def _unheld(objects: Sequence[DbObject], skipped: list[Skipped]) -> None:
    """Record each object the model read does not hold in `skipped` (one the engine's introspection
    already left out with a reason is not said twice)."""
    said = {s.name for s in skipped}
    for o in objects:
        if o.qualified not in said:
            what = UNHELD_WHAT.get(o.kind, f"{'an' if o.kind[0] in 'aeiou' else 'a'} {o.kind}")
            skip(skipped, SKIP_CODE.get(o.kind, "SKIP-OBJECT"), o.qualified, f"{what} the model does not hold: it is left out")


def _connect(d: Dialect, url: urls.DbUrl):
    """A connection to `url`; UserError (one line) when that fails."""
    try:
        return d.connect(url)
    except ImportError as e:
        raise UserError(f"the driver for {d.name} is missing ({e.name}): run `make setup`") from None
    except Exception as e:  # driver errors differ per engine; all mean "cannot connect"
        if d.missing_database(e):
            raise UserError(f"no such database: {url.redacted}; check the URL") from None
        raise UserError(f"cannot connect to {url.redacted}: {first_line(e)}") from None


# -- a DDL file ------------------------------------------------------------------------------------
def read_ddl(path: Path, dialect: str, namespaces: Sequence[Optional[str]] = (None,)) -> Inspected:
    """The tables a DDL script creates, read back from a scratch database of `dialect` that the
    engine's client loaded it into (dropped afterwards, whatever happens)."""
    d = dialects.get(dialect)
    try:
        script = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"--ddl {path}: cannot read it ({getattr(e, 'strerror', None) or e}); check the path") from None
    other = d.other_database_line(script)
    if other is not None:
        raise UserError(f"--ddl {path}: line {other[0]}: {other[1][:80]}: the file creates, drops or switches "
                        "to another database than the scratch one it is loaded into; remove those lines and "
                        "keep the tables' DDL")
    script = d.foreign_script(script)
    with scratch(d) as (url, folder):
        _load(d, url, script, path, folder)
        return read_database(url, namespaces, d, source=str(path))


@contextmanager
def scratch(d: Dialect) -> Iterator[tuple[urls.DbUrl, str]]:
    """(URL, folder) of a new empty database of `d`: on the configured server (`dialects.urls.server_url`)
    or, for SQLite, a file in a temporary folder; dropped on the way out, also on SIGTERM."""
    with tempfile.TemporaryDirectory(prefix="schemakit-inspect-") as folder, _terminate_as_interrupt():
        if not d.has_server:
            yield d.create_database(urls.DbUrl(d.name, database=folder), "scratch"), folder
            return
        servers = urls.servers()
        server = urls.server_url(d.name if d.name in servers else (d.variant_of or d.name))
        name = f"sk_inspect_{uuid.uuid4().hex[:12]}"
        try:
            url = d.create_scratch_database(server, name)
        except Exception as e:  # cannot reach the server, or not allowed to create a database
            var = (d.server_env or servers.get(d.variant_of or "", ("", "")))[0]
            raise UserError(f"--ddl: cannot create a scratch database on {server.redacted} ({type(e).__name__}: "
                            f"{str(e).strip().splitlines()[0] if str(e).strip() else ''}); set {var} to a server "
                            "where schemakit may create databases") from None
        try:
            yield url, folder
        finally:
            d.drop_database(server, name)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt meanwhile, so `finally` blocks (the scratch drop) run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _load(d: Dialect, url: urls.DbUrl, script: str, path: Path, folder: str) -> None:
    """Run `script` with the engine's client (stopping at the first error); UserError with its message."""
    try:
        argv = d.foreign_client_command(url)  # SQL only: the client's own commands off
    except UnsafeClient as e:
        raise UserError(f"--ddl {path}: {e}") from None
    try:
        proc = subprocess.run(argv, input=script, text=True, capture_output=True, cwd=folder,
                              env={**os.environ, "LC_ALL": "C"})
    except FileNotFoundError:
        raise UserError(f"--ddl needs {argv[0]}, the {d.name} client, on PATH: install it") from None
    errors = [line.strip() for line in proc.stderr.splitlines() if line.strip()]
    if proc.returncode != 0 or (not d.has_server and errors):
        errors = [e for e in errors if "error" in e.lower()] or errors  # the mariadb client echoes the statement too
        first = (errors or [f"exit status {proc.returncode}"])[0].replace("<stdin>", str(path))
        fix = "remove it: --ddl loads SQL only, with the client's own commands turned off" \
            if d.CLIENT_COMMAND_REFUSED is not None and d.CLIENT_COMMAND_REFUSED.search(first) else "fix the file"
        raise UserError(f"--ddl {path}: {d.name} refused it: {urls.mask(first)}; {fix}")


# -- a valid model of what was read -------------------------------------------------------------------
def adopt(schema: Schema, skipped: list[Skipped], limit: Optional[int] = None) -> Schema:
    """`schema` (tables read from a database) made a model that `validate` accepts, each change
    recorded in `skipped`: what depends on something left out is left out (SKIP-DEPENDENT), a
    nullable primary key column is read NOT NULL, an identity the model cannot hold is dropped,
    a constraint name used twice in a namespace is renamed (SKIP-NAME), and what `validate` still refuses
    is left out (SKIP-INVALID). UserError when something is refused that cannot be left out."""
    limit = dialects.identifier_limit() if limit is None else limit
    schema = _dependents(schema, skipped)
    schema = schema.map_tables(lambda t: _keys(t, skipped))
    schema = _unique_names(schema, skipped, limit)
    for _ in range(ADOPT_ROUNDS):
        try:
            return validate(schema, limit, dialects.untyped_origins())
        except SchemaError as e:
            fixed = _leave_out(schema, e.problems, skipped)
        if fixed == schema:
            break
        schema = _dependents(fixed, skipped)
    try:
        return validate(schema, limit, dialects.untyped_origins())
    except SchemaError as e:
        raise UserError(f"the tables read are not a schema schemakit can hold ({len(e.problems)} problem(s), the "
                        f"first: {e.problems[0]}), and inspect cannot leave it out: change it in the database (or "
                        "the file), then run inspect again") from None


def _dependents(schema: Schema, skipped: list[Skipped]) -> Schema:
    """`schema` without the keys, indexes, checks, foreign keys and state machines that name a column
    or table it does not have."""
    return schema.map_tables(lambda t: _table_dependents(schema, t, skipped))


def _table_dependents(schema: Schema, t: Table, skipped: list[Skipped]) -> Table:
    have = {c.name for c in t.columns}

    def missing(names) -> list[str]:
        return [n for n in names if n not in have]

    def out(name: str, what: str, gone: list[str]) -> None:
        skip(skipped, "SKIP-DEPENDENT", f"{t.qualified}.{name}" if name else t.qualified,
             f"{what} names column(s) {', '.join(gone)}, which the table read does not have (left out on reading)")

    changes: dict = {}
    if missing(t.primary_key):
        out("", f"the primary key ({', '.join(t.primary_key)})", missing(t.primary_key))
        changes["primary_key"] = ()
    kept_uniques = []
    for u in t.uniques:
        if missing(u.columns):
            out(u.name, "unique", missing(u.columns))
        else:
            kept_uniques.append(u)
    kept_checks = []
    for c in t.checks:
        gone = missing(sorted(_refs(c.expression)))
        if gone:
            out(c.name, "check", gone)
        else:
            kept_checks.append(c)
    kept_indexes = []
    for i in t.indexes:
        refs = set(i.columns) | {r for p in i.parts if p.expression for r in _refs(p.expression)}
        gone = missing(sorted(refs | (_refs(i.where) if i.where else set())))
        if gone:
            out(i.name, "index", gone)
        else:
            kept_indexes.append(i)
    kept_fks = []
    for f in t.foreign_keys:
        ns, _ = t.referenced_key(f)
        target = f"{ns}.{f.ref_table}" if ns else f.ref_table
        if missing(f.columns):
            out(f.name, "foreign key", missing(f.columns))
        elif not schema.has_table(f.ref_table, ns):
            skip(skipped, "SKIP-DEPENDENT", f"{t.qualified}.{f.name}",
                 f"foreign key to {target}, which was not read (add its namespace with --namespace)")
        elif any(not schema.table(f.ref_table, ns).has_column(c) for c in f.ref_columns):
            skip(skipped, "SKIP-DEPENDENT", f"{t.qualified}.{f.name}",
                 f"foreign key to {target} ({', '.join(f.ref_columns)}), of which a column was left out")
        else:
            kept_fks.append(f)
    kept_machines = []
    for sm in t.state_machines:
        if missing([sm.column]):
            out(sm.name, "state machine", [sm.column])
        else:
            kept_machines.append(sm)
    if t.partitioning is not None and missing([t.partitioning.column]):
        out("", "the partitioning", [t.partitioning.column])
        changes["partitioning"] = None
    changes.update(uniques=tuple(kept_uniques), checks=tuple(kept_checks), indexes=tuple(kept_indexes),
                   foreign_keys=tuple(kept_fks), state_machines=tuple(kept_machines))
    return replace(t, **changes)


def _refs(sql: str) -> set[str]:
    """The columns an expression names; none for one that does not parse (validate reports it)."""
    try:
        return expr.columns(sql)
    except expr.ExpressionError:
        return set()


def _keys(t: Table, skipped: list[Skipped]) -> Table:
    """`t` with its primary key columns NOT NULL and no identity the model cannot hold (one not an integer, or
    one beside another: the model holds one a table, the primary key's if it has one)."""
    identities = [c.name for c in t.columns if c.identity and c.type.kind in _INTEGERS]
    kept = next((n for n in identities if n in t.primary_key), identities[0] if identities else None)
    columns = []
    for c in t.columns:
        if c.identity and c.type.kind in _INTEGERS and c.name != kept:
            skip(skipped, "SKIP-IDENTITY", f"{t.qualified}.{c.name}", f"an identity beside {kept}'s: the model holds "
                                                                      "one a table, this column is kept without it")
            c = replace(c, identity=False, identity_always=False, identity_sequence=False)
        if c.name in t.primary_key and c.nullable:  # SQLite allows it (a rowid alias never holds NULL, though)
            skip(skipped, "SKIP-INVALID", f"{t.qualified}.{c.name}", "a primary key column declared without NOT "
                                                                     "NULL: read as NOT NULL (the model's keys are)")
            c = replace(c, nullable=False)
        if c.identity and c.type.kind not in _INTEGERS:
            skip(skipped, "SKIP-IDENTITY", f"{t.qualified}.{c.name}", "an identity on a column that is not an "
                                                                      "integer: kept without it")
            c = replace(c, identity=False, identity_always=False, identity_sequence=False)
        columns.append(c)
    return replace(t, columns=tuple(columns))


def _unique_names(schema: Schema, skipped: list[Skipped], limit: int) -> Schema:
    """`schema` with every constraint name unique in its namespace: a later user of a name gets
    ``<table>_<name>``. An index name is the model's per table, as MySQL scopes it: one repeated on
    another table is kept, and renamed when rendered for an engine that scopes it per namespace
    (dialects/index_names.py)."""
    used: dict = {}
    for t in schema.tables:
        indexes = {i.name for i in t.indexes}
        for name in t.constraint_names():
            used.setdefault((t.namespace, name), (t.name, name in indexes))
    taken = set(used)
    tables = []
    for t in schema.tables:
        renames = {}
        indexes = {i.name for i in t.indexes}
        for name in t.constraint_names():
            owner, owner_index = used[(t.namespace, name)]
            if owner == t.name or name in renames or (owner_index and name in indexes):
                continue
            new, n = short_name(f"{t.name}_{name}", limit), 2
            while (t.namespace, new) in taken:
                new, n = short_name(f"{t.name}_{name}_{n}", limit), n + 1
            taken.add((t.namespace, new))
            renames[name] = new
            skip(skipped, "SKIP-NAME", f"{t.qualified}.{name}", f"table {owner} of the "
                                                                f"namespace has one of that name: renamed {new}")
        tables.append(_renamed(t, renames) if renames else t)
    return replace(schema, tables=tuple(tables))


def _renamed(t: Table, renames: dict) -> Table:
    def fix(items):
        return tuple(replace(x, name=renames.get(x.name, x.name)) for x in items)
    return replace(t, foreign_keys=fix(t.foreign_keys), uniques=fix(t.uniques), checks=fix(t.checks),
                   indexes=fix(t.indexes), state_machines=fix(t.state_machines))


_GROUPS = (("foreign key", "foreign_keys"), ("unique index", "indexes"), ("unique", "uniques"),
           ("check", "checks"), ("index", "indexes"), ("state machine", "state_machines"))


def _leave_out(schema: Schema, problems: list[str], skipped: list[Skipped]) -> Schema:
    """`schema` without the objects `validate`'s `problems` name (each recorded as SKIP-INVALID)."""
    tables = []
    for t in schema.tables:
        mine = [p for p in problems if p.startswith((f"table {t.qualified}:", f"table {t.qualified},"))]
        if f"table {t.qualified}: has no columns" in mine:  # PostgreSQL allows CREATE TABLE t ()
            skip(skipped, "SKIP-INVALID", t.qualified, f"left out: table {t.qualified}: has no columns")
            continue
        kept: Optional[Table] = t
        for p in mine:
            kept = _without(t, p[len(f"table {t.qualified}") + 1:].strip(), p, skipped)
            if kept is None:
                break
            t = kept
        if kept is not None:
            tables.append(t)
    views = []
    for v in schema.views:
        mine = [p for p in problems if p.startswith(f"view {v.qualified}:")]
        for p in mine[:1]:
            skip(skipped, "SKIP-INVALID", v.qualified, f"left out: {p}")
        if not mine:
            views.append(v)
    types = []
    for x in schema.types:
        qualified = ".".join(n for n in x.key if n)
        mine = [p for p in problems if p.startswith(f"{type(x.type).__name__.lower()} {qualified}:")]
        for p in mine[:1]:
            skip(skipped, "SKIP-INVALID", qualified, f"left out: {p}")
        if not mine:
            types.append(x)
    # a policy or grant on an object left out, or one the model cannot hold (schema/policies.py)
    held: dict[str, list] = {"policy": [], "grant": []}
    for kind, objects in (("policy", schema.policies), ("grant", schema.grants)):
        for o in objects:
            mine = [p for p in problems if p.startswith(f"{kind} {o.qualified}:")]
            for p in mine[:1]:
                skip(skipped, "SKIP-INVALID", o.qualified, f"left out: {p}")
            if not mine:
                held[kind].append(o)
    return replace(schema, tables=tuple(tables), views=tuple(views), types=tuple(types),
                   policies=tuple(held["policy"]), grants=tuple(held["grant"]))


def _without(t: Table, what: str, problem: str, skipped: list[Skipped]) -> Optional[Table]:
    """`t` without the object problem text `what` (after the table's name) starts with: a column's default or
    on_update_now where the problem is that, else the whole column (what used it goes next, `_dependents`); None
    (the table left out) for a problem of the table itself (its name)."""
    for label, group in _GROUPS:
        for item in getattr(t, group):
            if what.startswith(f"{label} {item.name} ") or what.startswith(f"{label} {item.name}:"):
                skip(skipped, "SKIP-INVALID", f"{t.qualified}.{item.name}", f"left out: {problem}")
                changes: dict[str, Any] = {group: tuple(x for x in getattr(t, group) if x is not item)}
                return replace(t, **changes)
    if t.partitioning is not None and (what.startswith("partitioning") or "lacks the partition column" in what):
        skip(skipped, "SKIP-INVALID", t.qualified, f"partitioning left out: {problem}")
        return replace(t, partitioning=None)
    for c in t.columns:
        if what.startswith(f"column {c.name}:"):
            fixed = replace(c, default=None) if "default" in what and c.default is not None else \
                replace(c, on_update_now=False) if "on_update_now" in what else None
            if fixed is not None:
                skip(skipped, "SKIP-INVALID", f"{t.qualified}.{c.name}", f"kept without it: {problem}")
                return replace(t, columns=tuple(fixed if x is c else x for x in t.columns))
            skip(skipped, "SKIP-INVALID", f"{t.qualified}.{c.name}", f"left out: {problem}")  # char(0), numeric(5,-2),
            return replace(t, columns=tuple(x for x in t.columns if x is not c))  # a name over the limit...
    skip(skipped, "SKIP-INVALID", t.qualified, f"left out: {problem}")
    return None


# -- the command ------------------------------------------------------------------------------------
def system_name(wanted: Optional[str], source: str) -> str:
    """--system, checked, or a name made from `source` (a database name or a file's stem)."""
    if wanted is not None:
        if not _SYSTEM_NAME.match(wanted):
            raise UserError(f"--system {wanted!r}: a system name starts with a letter and holds only letters, "
                            "digits and _ (at most 63); choose another")
        return wanted
    clean = re.sub(r"[^A-Za-z0-9_]", "_", source)
    return clean[:63] if _SYSTEM_NAME.match(clean[:63]) else f"s_{clean}"[:63]


def source_code(found: Inspected, system: str) -> str:
    """The schema code of what `inspect` read, with where it came from and its skip report in the docstring."""
    doc = [f"{system}: schema code written by `schemakit inspect` from {found.source} ({found.dialect}).", ""]
    if found.skipped:
        doc.append(f"Left out or read as the nearest model feature ({len(found.skipped)}; see README "
                   "\"Skip codes\"):")
        doc += [f"  {s}" for s in found.skipped]
    else:
        doc.append("Nothing was left out.")
    return codegen.write(found.schema, system, docstring="\n".join(doc) + "\n")


def write(found: Inspected, out: Path, system: str) -> Path:
    """Write the schema code of `found` to `out`, in an existing folder."""
    out.write_text(source_code(found, system), encoding="utf-8")
    return out
