"""PostgreSQL's steps of a rolling monthly partitioning (see dialects/partitions.py).

- A month is added by ``CREATE TABLE ... PARTITION OF`` (the dialect's own renderer, as in the
  first migration); its indexes follow the partitioned table's.
- A month is frozen by ``ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY``, which does not block
  the writers of the other months. It cannot run inside a transaction block, and when it is
  interrupted the partition stays "detach pending" until ``DETACH PARTITION ... FINALIZE``
  (https://www.postgresql.org/docs/15/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION): the
  connection is in autocommit mode, and a pending detach found by the next run is finalized.
  A detached month is a plain table of the same name until it is dropped.
- Rows are exported and loaded back with ``COPY ... (FORMAT csv, HEADER)``
  (https://www.postgresql.org/docs/15/sql-copy.html); COPY's command tag gives the row count. The
  client export reads COPY TO STDOUT through libpq (`copy_out`); the server export is COPY TO a file.
"""
from __future__ import annotations

import datetime as _dt
import re
import select
from typing import IO, Any, Callable, Iterator, Optional, Sequence

import psycopg
from psycopg import pq

from schemakit.schema.model import FUTURE, Table
from schemakit.schema.rolling import months_between
from schemakit.schema.values import utc_naive

from ..partitions import Month, PartitionOps, freezing_mark, next_month, one_month
from . import BOUND_FORMAT

# A partition's bound as pg_get_expr prints it: FOR VALUES FROM ('2026-01-01 00:00:00+00') TO (...).
_FROM = re.compile(r"FROM \('([^']+)'\)")

# pg_get_expr with no relation (0): a bound holds no column, and naming the partition would lock it
# (https://www.postgresql.org/docs/15/functions-info.html, pg_get_expr).
_ATTACHED = """SELECT c.relname, pg_get_expr(c.relpartbound, 0), c.reltuples::bigint, i.inhdetachpending
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass"""
_CATCH_ALL = """SELECT c.reltuples::bigint FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = %s::regclass AND c.relname = %s"""
_DETACHED = """SELECT c.relname, c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = COALESCE(%s, current_schema()) AND c.relkind = 'r' AND NOT c.relispartition
AND c.relname = ANY(%s) AND obj_description(c.oid, 'pg_class') = %s"""
_PENDING = """SELECT n, (SELECT i.inhdetachpending FROM pg_inherits i WHERE i.inhrelid = to_regclass(n))
FROM unnest(%s::text[]) AS n"""


class PostgresPartitions(PartitionOps):
    """PostgreSQL: partitions are tables of their own (``<table>_YYYY_MM``)."""

    def months(self, conn: Any, t: Table) -> list[Month]:
        """The attached months (a pending detach counts as frozen), then the detached ones an interrupted
        archive left behind (named like a month, no longer attached)."""
        cur = conn.execute(_ATTACHED, (self.d.table_name(t),))
        out = [Month(_lower(bound), name, max(rows, 0), bool(pending)) for name, bound, rows, pending in cur
               if _FROM.search(bound or "") and "MAXVALUE" not in bound]  # not the catch-all
        held = {m.month for m in out}
        candidates = self.names_before(t, min(held) if held else None)
        cur = conn.execute(_DETACHED, (t.namespace, list(candidates), freezing_mark(t)))
        out += [Month(candidates[name], name, max(rows, 0), True) for name, rows in cur
                if candidates[name] not in held]
        return sorted(out, key=lambda m: m.month)

    def catch_all_rows(self, conn: Any, t: Table) -> Optional[int]:
        """reltuples of the attached ``<table>_future`` (0 before its first ANALYZE)."""
        row = conn.execute(_CATCH_ALL, (self.d.table_name(t), self.d.partition_name(t, FUTURE))).fetchone()
        return None if row is None else max(int(row[0]), 0)

    def create_sql(self, t: Table, month: _dt.date) -> str:
        """CREATE TABLE <table>_YYYY_MM PARTITION OF <table> FOR VALUES FROM (...) TO (...)."""
        return self.d.partition(one_month(t, month), self._suffix(month), month, next_month(month)).sql

    def create(self, conn: Any, t: Table, month: _dt.date) -> None:
        """`create_sql`; with the catch-all ``<table>_future``, in one transaction: the catch-all detached, the
        month created, the month's rows moved out of the catch-all into the table (so into the month), and the
        catch-all attached again from the month's end (a range partition cannot be split in place;
        https://www.postgresql.org/docs/15/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-MAINTENANCE)."""
        if not t.partition_by.catch_all:
            return super().create(conn, t, month)
        future = self.d.qualify(t.namespace, self.d.partition_name(t, FUTURE))
        end = next_month(month)
        column = self.d.quote(t.partition_by.column)
        bound = self.d.literal(end.strftime(BOUND_FORMAT[t.column(t.partition_by.column).type.kind]))
        cols = ", ".join(self.d.quote(c.name) for c in t.columns if c.generated is None)
        overriding = " OVERRIDING SYSTEM VALUE" if any(c.identity_always for c in t.columns) else ""
        with conn.transaction():
            for sql in (f"ALTER TABLE {self.d.table_name(t)} DETACH PARTITION {future}",
                        self.create_sql(t, month),
                        f"INSERT INTO {self.d.table_name(t)} ({cols}){overriding} SELECT {cols} FROM {future} "
                        f"WHERE {column} < {bound}",
                        f"DELETE FROM {future} WHERE {column} < {bound}",
                        f"ALTER TABLE {self.d.table_name(t)} ATTACH PARTITION {future} FOR VALUES FROM ({bound}) "
                        f"TO (MAXVALUE)"):
                self.execute(conn, sql)

    def create_months(self, conn: Any, t: Table, months: Sequence[_dt.date]) -> None:
        """Without a catch-all, every month's `create_sql` in one string: one implicit transaction (all or none,
        https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT) and one commit;
        with it, `create` each (its rows move out of the catch-all month by month)."""
        if t.partition_by.catch_all:
            return super().create_months(conn, t, months)
        if months:
            self.execute(conn, "; ".join(self.create_sql(t, m) for m in months))

    def reopen(self, conn: Any, t: Table, month: _dt.date, held: Sequence[Month]) -> None:
        """CREATE TABLE ... PARTITION OF for each month from `month` up to the first one held."""
        have = {m.month for m in held}
        end = min(have) if have else next_month(month)
        for m in months_between(month, end):
            if m not in have:
                self.execute(conn, self.create_sql(t, m))

    def export(self, conn: Any, t: Table, m: Month, out: IO[bytes]) -> int:
        """COPY the month's table (attached or detached) TO STDOUT as CSV with a header (`copy_out`)."""
        cols = ", ".join(self.d.quote(c.name) for c in t.columns)
        return copy_out(conn, f"COPY {self._part(t, m)} ({cols}) TO STDOUT (FORMAT csv, HEADER)", out.write)

    # https://www.postgresql.org/docs/15/sql-copy.html (Notes): COPY naming a file is allowed to superusers and
    # to roles granted pg_write_server_files; the file is written by the server's OS user.
    server_file_needs = "PostgreSQL writes a file for a superuser or a role granted pg_write_server_files, " \
                        "into a folder its OS user (postgres) may write"

    def export_on_server(self, conn: Any, t: Table, m: Month, path: str) -> tuple[bytes, int]:
        """COPY the month's table TO '<path>' (FORMAT csv, HEADER): the same bytes as `export`'s COPY TO STDOUT,
        written by the server (https://www.postgresql.org/docs/15/sql-copy.html); COPY's command tag gives
        the rows. The file is the server OS user's, created with mode 0644 (0640 where the data directory
        allows group access: COPY sets the umask to 022 or 027 while it writes)."""
        cols = ", ".join(self.d.quote(c.name) for c in t.columns)
        with conn.cursor() as cur:
            cur.execute(f"COPY {self._part(t, m)} ({cols}) TO {self.d.literal(path)} (FORMAT csv, HEADER)")
            return b"", cur.rowcount

    def own_transactions(self, conn: Any) -> None:
        """psycopg's autocommit: DETACH PARTITION ... CONCURRENTLY cannot run in a transaction block
        (https://www.postgresql.org/docs/15/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION)."""
        conn.autocommit = True

    def interrupt(self, conn: Any) -> None:
        """libpq's cancel request for `conn`'s statement (safe from another thread;
        https://www.psycopg.org/psycopg3/docs/api/connections.html#psycopg.Connection.cancel_safe): a COPY
        under way ends with QueryCanceled."""
        conn.cancel_safe()

    def probe_server_file(self, conn: Any, path: str) -> None:
        """COPY (SELECT 1 WHERE false) TO '<path>': an empty file, or the engine's refusal."""
        self.execute(conn, f"COPY (SELECT 1 WHERE false) TO {self.d.literal(path)}")

    def rows_of(self, t: Table, m: Month) -> str:
        """The month's table, attached or detached."""
        return self._part(t, m)

    def freeze(self, conn: Any, t: Table, m: Month) -> Month:
        """DETACH PARTITION ... CONCURRENTLY (FINALIZE where a detach was interrupted); nothing when detached.
        The month's table is marked (`freezing_mark`) first: once detached, the next run knows it for an
        archive under way."""
        return next(iter(self.freezing(conn, t, [m], None)))

    def freezing(self, conn: Any, t: Table, months: Sequence[Month], first_kept: Optional[_dt.date]) -> Iterator[Month]:
        """The marks of all the months in one round trip, then per month a DETACH ... CONCURRENTLY, the month
        yielded once detached. The detach cannot run in a transaction block nor in a string of several
        statements (it commits twice and waits in between for the transactions that may see the partition;
        https://www.postgresql.org/docs/15/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION)."""
        names = [self._part(t, m) for m in months]
        # None: detached already; False: attached; True: detach pending (interrupted)
        found = dict(conn.execute(_PENDING, (names,)).fetchall())
        mark = self.d.literal(freezing_mark(t))
        marks = [f"COMMENT ON TABLE {n} IS {mark}" for n in names if found.get(n) is False]
        if marks:  # one implicit transaction
            self.execute(conn, "; ".join(marks))
        for m, n in zip(months, names):
            if found.get(n) is not None:
                self.execute(conn, f"ALTER TABLE {self.d.table_name(t)} DETACH PARTITION {n} "
                                   f"{'FINALIZE' if found[n] else 'CONCURRENTLY'}")
            yield Month(m.month, m.name, m.estimated_rows, True)

    def restore(self, conn: Any, t: Table, data: IO[bytes]) -> int:
        """COPY <table> (its columns, from the header) FROM STDIN as CSV."""
        header = data.readline()
        from ..partitions import read_csv
        names, _ = read_csv(header.decode())
        cols = ", ".join(self.d.quote(c) for c in names)
        with conn.cursor() as cur:
            with cur.copy(f"COPY {self.d.table_name(t)} ({cols}) FROM STDIN (FORMAT csv)") as copy:
                while chunk := data.read(1 << 20):
                    copy.write(chunk)
            return cur.rowcount

    def _part(self, t: Table, m: Month) -> str:
        return self.d.qualify(t.namespace, m.name)

    def _suffix(self, month: _dt.date) -> str:
        return f"{month.year:04d}_{month.month:02d}"


def copy_out(conn: Any, sql: str, write: Callable[[Any], Any]) -> int:
    """Run ``COPY ... TO STDOUT`` on the autocommit connection `conn`, give each row's bytes to `write` as
    they come, and return the rows COPY wrote (its command tag). The rows are read by libpq's
    PQgetCopyData through psycopg's public libpq wrapper (``Connection.pgconn``,
    https://www.psycopg.org/psycopg3/docs/api/pq.html): one C call per row, where psycopg's
    ``Copy`` iterator runs a generator and a wait per row (1.5x the time for 100,000 rows,
    bench/partitions.py). libpq returns one row per call and 0 when none has arrived yet
    (https://www.postgresql.org/docs/15/libpq-copy.html#LIBPQ-COPY-RECEIVE): the wait is a
    select on the socket, which Ctrl-C interrupts; then the COPY is cancelled and the connection
    drained, ready for the next statement. An error of the server is psycopg's error for its SQLSTATE."""
    pg = conn.pgconn
    pg.send_query(sql.encode(conn.info.encoding))
    while pg.flush():
        select.select([], [pg.socket], [])
    copying = False
    try:
        result = _next_result(pg)
        if result is None or result.status != pq.ExecStatus.COPY_OUT:
            _drain(pg, False)
            raise _error(result)
        copying = True
        while copying:
            n, data = pg.get_copy_data(1)
            if n > 0:
                write(data)
            elif n == 0:  # nothing arrived yet
                select.select([pg.socket], [], [])
                pg.consume_input()
            else:  # -1: done, -2: failed; the result says which
                copying = False
        end = _next_result(pg)
        _drain(pg, False)
        if end is None or end.status != pq.ExecStatus.COMMAND_OK:
            raise _error(end)
        return int(end.command_tuples or 0)
    except BaseException:
        if pg.transaction_status == pq.TransactionStatus.ACTIVE:
            conn.cancel_safe()
            _drain(pg, copying)
        raise


def _next_result(pg: Any) -> Any:
    """libpq's next result (PQgetResult), waiting on the socket (interruptible) until it has arrived."""
    pg.consume_input()
    while pg.is_busy():
        select.select([pg.socket], [], [])
        pg.consume_input()
    return pg.get_result()


def _drain(pg: Any, copying: bool) -> None:
    """Read what the server still sends for the statement: the rest of a COPY's rows where `copying`,
    then its results."""
    while copying:
        n, _data = pg.get_copy_data(1)
        if n == 0:
            select.select([pg.socket], [], [])
            pg.consume_input()
        copying = n >= 0
    while _next_result(pg) is not None:
        pass


def _error(result: Any) -> Exception:
    """psycopg's exception for a failed result (its SQLSTATE's class), with the server's message."""
    if result is None:
        return psycopg.OperationalError("the COPY ended without a result")
    message = (result.error_message or b"").decode(errors="replace").strip()
    state = (result.error_field(pq.DiagnosticField.SQLSTATE) or b"").decode()
    try:
        return psycopg.errors.lookup(state)(message)
    except KeyError:
        return psycopg.DatabaseError(message)


def _lower(bound: str) -> _dt.date:
    """The month a ``FOR VALUES FROM ('...')`` bound starts (a timestamptz bound read as UTC)."""
    text = _FROM.search(bound).group(1)  # type: ignore[union-attr]
    text = re.sub(r"([+-]\d\d)$", r"\1:00", text)
    value = _dt.datetime.fromisoformat(text) if " " in text or "T" in text else _dt.datetime.fromisoformat(text + " 00:00")
    day = utc_naive(value)
    return _dt.date(day.year, day.month, 1)
