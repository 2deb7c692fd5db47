"""The live engines the cross-engine checks run on: connections, values, probes.

An `Engine` holds one connection to a database migrated with schemakit's
DDL for that engine (``d.apply(conn, d.ddl(schema)[0])``). Rows are
canonical (the oracle's Python values, see `checks.oracle`); each engine
adapts them by the model kind of their column (`Dialect.value_adapters`, data
first). What differs per engine lives in its dialect (``dialects.<engine>``).

Every probe runs inside a savepoint that is rolled back, so the database
stays exactly as the parent rows left it: one database per run, one
transaction per hypothesis example, one savepoint per probe
(PostgreSQL: https://www.postgresql.org/docs/15/sql-savepoint.html; InnoDB:
https://dev.mysql.com/doc/refman/8.0/en/savepoint.html; SQLite:
https://www.sqlite.org/lang_savepoint.html). Which constraint rejected a row
is read from the engine's error by ``checks.verdicts.<engine>.classify``.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

from schemakit import dialects
from schemakit.dialects import urls
from schemakit.dialects.base import Degradation
from schemakit.dialects.urls import server_url  # noqa: F401  (re-exported: bench/checks.py and other suites use it)
from schemakit.schema.model import Kind, Schema, Table

from . import verdicts
from .oracle import Existing, Verdict, VerdictKind, effective, stored, violations

ENGINE_NAMES = tuple(dialects.names())
SAVEPOINT = "sk_probe"


def parse_engines(spec: str) -> tuple[str, ...]:
    """``"all"`` or a comma-separated list of engine names (aliases allowed), in registry order."""
    if spec.strip().lower() == "all":
        return ENGINE_NAMES
    wanted = {dialects.get(part.strip()).name for part in spec.split(",") if part.strip()}
    return tuple(n for n in ENGINE_NAMES if n in wanted)


# -- what degradation rules read ----------------------------------------------------------------

def agrees(expected: Sequence[Verdict], got: Verdict) -> bool:
    """Whether `got` is the oracle's verdict: accepted, or rejected by one of `expected`.

    Engines report the first violation they meet and their order differs, so a
    rejection agrees when its constraint is any of the oracle's violations.
    """
    if not expected:
        return got.accepted
    return not got.accepted and got.constraint in {v.constraint for v in expected}


@dataclass(frozen=True)
class Case:
    """One engine's verdict on one row next to the oracle's: what a degradation rule reads."""

    engine: str
    table: Table  # canonical
    row: dict  # canonical values
    existing: Existing
    expected: tuple[Verdict, ...]  # every violation the oracle finds (empty: accepted)
    got: Verdict

    def expects(self, constraint: str, *kinds: VerdictKind) -> bool:
        """Whether the oracle finds a violation of `constraint` (of one of `kinds`, if given)."""
        return any(v.constraint == constraint and (not kinds or v.kind in kinds) for v in self.expected)

    def key_columns(self, name: str) -> tuple[str, ...]:
        """The columns of the primary key ("primary_key"), a UNIQUE or a unique index called `name`."""
        if name == "primary_key":
            return self.table.primary_key
        found = [u.columns for u in self.table.uniques if u.name == name]
        found += [i.columns for i in self.table.indexes if i.name == name]
        return tuple(found[0]) if found else ()

    def agrees_on(self, row: dict) -> bool:
        """Whether the engine's verdict is the oracle's for `row` instead (e.g. the row as the engine stored it)."""
        return agrees(violations(self.table, row, self.existing), self.got)

    def collides(self, columns: Sequence[str], normal: Callable[[Any], Any]) -> bool:
        """Whether the row's key equals an existing row's once every value goes through `normal`."""
        if not columns:
            return False
        mine = effective(self.table, self.row, self.existing)
        key = tuple(normal(mine[c]) for c in columns)
        return None not in key and any(
            tuple(normal(stored(self.table, r)[c]) for c in columns) == key for r in self.existing.of(self.table))


def _concerns(g: Degradation, case: Case) -> bool:
    """Whether degradation `g` can explain `case`: it is of the case's table (or of every table), or
    it names the constraint that refused the row (a child table's foreign key refusing an UPDATE of
    the parent's key)."""
    return g.table in (case.table.qualified, "*") or (not case.got.accepted and g.subject == case.got.constraint)


def time_text(span: _dt.timedelta) -> str:
    """A TIME value given as a timedelta, as the text every engine's TIME input reads:
    ``[-]HH:MM:SS.ffffff`` (hours past 23 included: 24:00:00.000000, 838:59:59.000000)."""
    micros = abs(span) // _dt.timedelta(microseconds=1)
    seconds, fraction = divmod(micros, 10**6)
    sign = "-" if span < _dt.timedelta(0) else ""
    return f"{sign}{seconds // 3600:02}:{seconds // 60 % 60:02}:{seconds % 60:02}.{fraction:06}"


# -- one engine --------------------------------------------------------------------------------

class Engine:
    """A connection to a database holding a schema, with probes that leave no trace."""

    def __init__(self, name: str, conn: Any, schema: Schema):
        self.name = name
        self.dialect = dialects.get(name)
        self.conn = conn
        lowered = self.dialect.lower(schema)
        self.degradations: tuple[Degradation, ...] = lowered.degradations
        self._effective = {t.key: t for t in lowered.schema.tables}
        self._errors = self.dialect.driver_errors()
        self._errors_module = verdicts.classifier(self.dialect)

    def __repr__(self) -> str:
        return f"Engine({self.name})"

    # -- statements ---------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Run one statement; its rows, if it returns any."""
        cur = self.conn.cursor()
        try:
            cur.execute(sql, tuple(params))
            return list(cur.fetchall()) if cur.description else []
        finally:
            cur.close()

    def begin(self) -> None:
        """Open the transaction the probes of one example run in."""
        self.dialect.begin(self.conn)

    def rollback(self) -> None:
        """Undo everything since `begin`."""
        self.conn.rollback()

    # -- rows ---------------------------------------------------------------------------------
    def effective(self, table: Table) -> Table:
        """`table` as this engine holds it (lowered)."""
        return self._effective[table.key]

    def adapt(self, table: Table, row: dict) -> dict:
        """A canonical row of `table` as this engine's driver takes it."""
        return {k: self._adapt(table.column(k).type.kind, v) for k, v in row.items()}

    def _adapt(self, kind: Kind, v: Any) -> Any:
        if v is None:
            return None
        if kind is Kind.TIME and isinstance(v, _dt.timedelta):
            return time_text(v)  # 24:00:00 (and MySQL's wider times) have no datetime.time: sent as text
        rule = self.dialect.value_adapters.get(kind)
        return v if rule is None else rule(v)

    def read(self, table: Table, column: str, value: Any) -> Any:
        """A stored value of `column` read back in canonical form."""
        rule = self.dialect.value_readers.get(table.column(column).type.kind)
        return value if value is None or rule is None else rule(value)

    def probe(self, table: Table, row: dict) -> Verdict:
        """The verdict on inserting `row`; the insert is always rolled back."""
        sent = self.adapt(table, row)
        return self._guarded(table, sent, *self._insert_sql(table, sent), keep=False)

    def hold(self, table: Table, row: dict) -> Verdict:
        """The verdict on inserting `row`; an accepted row waits for `settle` in an open savepoint."""
        sent = self.adapt(table, row)
        return self._guarded(table, sent, *self._insert_sql(table, sent), keep=None)

    def settle(self, keep: bool) -> None:
        """Keep (release) or undo (roll back) the row `hold` accepted."""
        d = self.dialect
        self.execute(d.release_savepoint_sql(SAVEPOINT) if keep else d.rollback_to_savepoint_sql(SAVEPOINT))

    def update(self, table: Table, key: dict, changes: dict, keep: Optional[bool] = True) -> Verdict:
        """The verdict on ``UPDATE table SET changes WHERE key``; an accepted update stays
        (`keep`), is undone (not `keep`) or waits for `settle` (`keep` None)."""
        new, where = self.adapt(table, changes), self.adapt(table, key)
        sets = ", ".join(f"{self.dialect.quote(c)} = {self.dialect.placeholder}" for c in new)
        sql = f"UPDATE {self.dialect.table_name(table)} SET {sets} WHERE {self._where(where)}"
        return self._guarded(table, {**new, **where}, sql, [*new.values(), *where.values()], keep=keep)

    def select(self, table: Table, key: dict, columns: Sequence[str]) -> dict:
        """`columns` of the row with `key`, read back in canonical form."""
        names = ", ".join(self.dialect.quote(c) for c in columns)
        found = self.execute(f"SELECT {names} FROM {self.dialect.table_name(table)} WHERE {self._where(key)}",
                             list(self.adapt(table, key).values()))
        return {c: self.read(table, c, v) for c, v in zip(columns, found[0])} if found else {}

    def count(self, table: Table) -> int:
        """How many rows `table` holds."""
        return self.execute(f"SELECT COUNT(*) FROM {self.dialect.table_name(table)}")[0][0]

    def explain(self, case: Case) -> Optional[str]:
        """The code of a listed degradation of this engine that accounts for `case`, or None."""
        rules = self._errors_module.EXPLAINS
        for g in self.degradations:
            if _concerns(g, case) and g.code in rules and rules[g.code](g, case):
                return g.code
        return None

    # -- internals ----------------------------------------------------------------------------
    def _insert_sql(self, table: Table, row: dict) -> tuple[str, list]:
        """INSERT of the (adapted) `row`, and its parameters."""
        target = self.dialect.table_name(table)
        if not row:
            return self.dialect.insert_default_sql(target), []
        names = ", ".join(self.dialect.quote(c) for c in row)
        marks = ", ".join(self.dialect.placeholder for _ in row)
        return f"INSERT INTO {target} ({names}) VALUES ({marks})", list(row.values())

    def _where(self, key: dict) -> str:
        return " AND ".join(f"{self.dialect.quote(c)} = {self.dialect.placeholder}" for c in key)

    def _guarded(self, table: Table, sent: dict, sql: str, params: list, keep: Optional[bool]) -> Verdict:
        """Run `sql` in a savepoint; on success release it (`keep`), roll it back (not `keep`),
        or leave it open for `settle` (`keep` None)."""
        self.execute(self.dialect.savepoint_sql(SAVEPOINT))
        try:
            self.execute(sql, params)
        except self._errors as e:
            self.execute(self.dialect.rollback_to_savepoint_sql(SAVEPOINT))
            return self._errors_module.classify(e, self.effective(table), self.conn, sent)
        if keep is not None:
            self.settle(keep)
        return Verdict(True)


# -- a set of engines holding one schema --------------------------------------------------------

class Engines:
    """The engines a check runs on, each holding the same canonical schema."""

    def __init__(self, schema: Schema, engines: Sequence[Engine] = (), cleanup: Sequence[Callable] = ()):
        self.schema = schema
        self.engines = list(engines)
        self._cleanup = list(cleanup)

    def __iter__(self) -> Iterator[Engine]:
        return iter(self.engines)

    def __len__(self) -> int:
        return len(self.engines)

    def __getitem__(self, name: str) -> Engine:
        return next(e for e in self.engines if e.name == name)

    @property
    def names(self) -> list[str]:
        """The engine names, in order."""
        return [e.name for e in self.engines]

    def begin(self) -> None:
        """Open a transaction on every engine."""
        for e in self.engines:
            e.begin()

    def rollback(self) -> None:
        """Roll every engine back to the state before `begin`."""
        for e in self.engines:
            e.rollback()

    def close(self) -> None:
        """Close the connections, then drop what was created for these engines."""
        for e in self.engines:
            with contextlib.suppress(Exception):
                e.conn.close()
        for undo in reversed(self._cleanup):
            undo()
        self.engines, self._cleanup = [], []

    def __enter__(self) -> "Engines":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect_engine(name: str, url: urls.DbUrl, schema: Schema) -> Engine:
    """An Engine on the empty database at `url`, migrated to `schema` with the dialect's DDL."""
    d = dialects.get(name)
    conn = d.connect(url)
    try:
        d.prepare_session(conn)  # e.g. PostgreSQL: timestamptz values read back in UTC, like the other engines
        d.apply(conn, d.ddl(schema)[0])
    except BaseException:
        conn.close()
        raise
    return Engine(name, conn, schema)


def runnable(schema: Schema, names: Sequence[str]) -> tuple[str, ...]:
    """`names`, less a variant whose parent is among them on the same server when `schema` has
    namespaces: a MySQL/MariaDB namespace is a database of the whole server, which both engines'
    DDL would create (the variant still runs every schema without namespaces)."""
    if not schema.namespaces:
        return tuple(names)

    def server(name: str) -> tuple:
        url = server_url(name)
        return url.host, url.port

    def shares_server(name: str) -> bool:
        d = dialects.get(name)
        parent = d.variant_of
        return parent is not None and parent in names and d.has_server and server(name) == server(parent)
    shared = {n for n in names if shares_server(n)}
    return tuple(n for n in names if n not in shared)


def open_engines(schema: Schema, names: Sequence[str] = ENGINE_NAMES,
                 workdir: Optional[Path] = None) -> Engines:
    """Fresh databases on each engine's server (SQLite: a file in `workdir` or a temporary
    directory), migrated to `schema`; `close()` drops them. The engines are `runnable`'s of `names`."""
    tag = f"sk_check_{uuid.uuid4().hex[:10]}"
    out = Engines(schema)
    try:
        for name in runnable(schema, names):
            out.engines.append(connect_engine(name, _fresh_database(name, tag, workdir, out), schema))
    except BaseException:
        out.close()
        raise
    return out


def _fresh_database(name: str, tag: str, workdir: Optional[Path], out: Engines) -> urls.DbUrl:
    """A new database `tag` for engine `name`: on its server, or a file in `workdir` (or a temporary
    directory) for an engine without one; `out` drops it (and what its namespaces made) on close."""
    d = dialects.get(name)
    if not d.has_server:
        folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="schemakit-check-"))
        if not workdir:
            out._cleanup.append(lambda: shutil.rmtree(folder, ignore_errors=True))
        return d.create_database(urls.DbUrl(d.name, database=str(folder)), tag)
    server, tag = server_url(name), f"{tag}_{d.name}"  # a variant may share its parent's server
    url = d.create_database(server, tag)
    out._cleanup.append(lambda: d.drop_database(server, tag))
    out._cleanup.append(lambda: d.drop_namespaces(server, out.schema.namespaces))
    return url
