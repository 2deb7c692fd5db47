"""The live operations of a rolling monthly partitioning, one class per engine (`Dialect.partitions()`).

`schemakit partitions` (schemakit/partitions.py) decides what to do from the model's policy
(schema/rolling.py); an engine's `PartitionOps` says which months a table holds and does one step:
create a month, export a month's rows as CSV, freeze a month (no new row can enter it), count its
rows, drop it, and load an archive back. The archive format is CSV with a header, as PostgreSQL's
``COPY ... (FORMAT csv, HEADER)`` writes it: an unquoted empty field is NULL, a quoted one a value
(https://www.postgresql.org/docs/15/sql-copy.html, CSV Format).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import IO, Any, Iterable, Iterator, Optional, Sequence

from schemakit.schema.model import Partitioning, Table
from schemakit.schema.rolling import add_months, suffix


def freezing_mark(t: Table) -> str:
    """The comment a month's table carries once frozen: a table of that name without it is the user's own,
    never taken for an archive under way."""
    return f"schemakit: a month of {t.qualified} being archived"


@dataclass(frozen=True)
class Month:
    """One month partition a table holds: its first day, its name, the engine's row estimate;
    `frozen` when no new row can enter it any more (an archive under way)."""

    month: _dt.date
    name: str
    estimated_rows: int
    frozen: bool = False


class PartitionOps:
    """One engine's steps on the month partitions of a table (`t` is the engine-ready table)."""

    def __init__(self, dialect: Any):
        self.d = dialect

    def months(self, conn: Any, t: Table) -> list[Month]:
        """The months `t` holds, oldest first, with those frozen by an archive that did not finish."""
        raise NotImplementedError

    def catch_all_rows(self, conn: Any, t: Table) -> Optional[int]:
        """The engine's estimate of the rows in the catch-all ``<table>_future``; None where there is none."""
        raise NotImplementedError

    def create_sql(self, t: Table, month: _dt.date) -> str:
        """The statement that adds `month` after the last month of `t` (taking its rows out of the catch-all
        ``<table>_future`` where there is one)."""
        raise NotImplementedError

    def create(self, conn: Any, t: Table, month: _dt.date) -> None:
        """Add `month` after the last month of `t` (`create_sql`; with a catch-all, out of it)."""
        self.execute(conn, self.create_sql(t, month))

    def create_months(self, conn: Any, t: Table, months: Sequence[_dt.date]) -> None:
        """Add `months` (consecutive, oldest first) after the last month of `t`; here one `create` each."""
        for month in months:
            self.create(conn, t, month)

    def export(self, conn: Any, t: Table, m: Month, out: IO[bytes]) -> int:
        """Write month `m`'s rows to `out` as CSV with a header; returns how many rows were written."""
        raise NotImplementedError

    # What the server needs to write a file (`export_on_server`), for the line that says it refused.
    server_file_needs = ""

    def export_on_server(self, conn: Any, t: Table, m: Month, path: str) -> tuple[bytes, int]:
        """Have the database server write month `m`'s rows as the archive's CSV to `path`, a file on its own
        host it creates (as its OS user); returns (the bytes that go before the file's contents, the rows
        written), so that the two together are what `export` writes."""
        raise NotImplementedError

    def probe_server_file(self, conn: Any, path: str) -> None:
        """Have the server write an empty file at `path`, as `export_on_server` would write an archive: the
        engine's error where it may not (a privilege, a setting, the folder's permissions)."""
        raise NotImplementedError

    def rows_of(self, t: Table, m: Month) -> str:
        """The SQL naming where month `m`'s rows are (its partition, or its own table once frozen)."""
        raise NotImplementedError

    def counts(self, conn: Any, t: Table, months: Sequence[Month]) -> dict[str, int]:
        """{name: exact number of rows} of each month of `months`, in one query (one round trip)."""
        if not months:
            return {}
        cur = conn.cursor()
        try:
            cur.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {self.rows_of(t, m)})" for m in months))
            row = cur.fetchone()
        finally:
            cur.close()
        return {m.name: int(n) for m, n in zip(months, row)}

    def freeze(self, conn: Any, t: Table, m: Month) -> Month:
        """Make sure no new row enters month `m` (its rows stay readable); returns it frozen."""
        raise NotImplementedError

    def freezing(self, conn: Any, t: Table, months: Sequence[Month], first_kept: Optional[_dt.date]) -> Iterator[Month]:
        """Freeze each month of `months` (oldest first) and yield it frozen, ready to be exported;
        `first_kept` is the first month that stays. From its freeze on, a row of a month is rejected as a
        row of no month."""
        for m in months:
            yield self.freeze(conn, t, m)

    def own_transactions(self, conn: Any) -> None:
        """Make `conn` (a connection of this engine's driver) run each step as a transaction of its own, committed
        as it ends: what every step of a maintain, an extension of the window and a restore expects."""
        raise NotImplementedError

    def interrupt(self, conn: Any) -> None:
        """Ask the server to stop the statement `conn` runs in another thread (an export, when the run fails or
        is interrupted); here nothing: the statement runs to its end."""

    def drop_all(self, conn: Any, t: Table, months: Sequence[Month]) -> None:
        """Remove the frozen months `months` and their rows (once they are archived), in one statement."""
        if months:
            self.execute(conn, "DROP TABLE " + ", ".join(self.d.qualify(t.namespace, m.name) for m in months))

    def settle(self, conn: Any, t: Table) -> None:
        """What a run that archived months of `t` does last (MariaDB: the lower bound moved up); nothing here."""

    def restore(self, conn: Any, t: Table, data: IO[bytes]) -> int:
        """Load an archive's rows into `t` (its months must exist); returns how many rows were loaded."""
        raise NotImplementedError

    def reopen(self, conn: Any, t: Table, month: _dt.date, held: Sequence[Month]) -> None:
        """Give `t` back the months from `month` up to its first one (an archive's month, to restore it);
        nothing where `month` is held."""
        raise NotImplementedError

    def names_before(self, t: Table, first: Optional[_dt.date], years: int = 10) -> dict[str, _dt.date]:
        """{partition name: month} of the `years` years of months before `first` (default: today): where a
        frozen month left by a killed run may be."""
        first = first or _dt.date.today()
        return {self.name(t, m): m for m in (add_months(first, -k) for k in range(1, 12 * years + 1))}

    def name(self, t: Table, month: _dt.date) -> str:
        """The partition name of `month` of `t` (``<table>_YYYY_MM``, as the first migration names them)."""
        return self.d.partition_name(t, suffix(month))

    def execute(self, conn: Any, sql: str) -> None:
        """Run one statement on the autocommit connection."""
        cur = conn.cursor()
        try:
            cur.execute(sql)
        finally:
            cur.close()

    def scalar(self, conn: Any, sql: str, params: Optional[Sequence] = None) -> Any:
        """The first column of the first row of a query (no `params`: a ``%`` in a quoted name stays itself)."""
        cur = conn.cursor()
        try:
            cur.execute(sql, params)
            row = cur.fetchone()
            return None if row is None else row[0]
        finally:
            cur.close()


def one_month(t: Table, month: _dt.date) -> Table:
    """`t` partitioned by the single month `month` (for a dialect's partition renderers)."""
    from dataclasses import replace
    p: Partitioning = t.partition_by
    return replace(t, partitioning=Partitioning(p.column, month, 1))


def next_month(month: _dt.date) -> _dt.date:
    """The month after `month`."""
    return add_months(month, 1)


def csv_field(value: Any) -> str:
    """One CSV field: NULL unquoted and empty, any value quoted (a quote doubled)."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, (bytes, bytearray)):
        text = "\\x" + bytes(value).hex()
    else:
        text = str(value)
    return '"' + text.replace('"', '""') + '"'


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text of `rows` under `header`, a line (ending with a newline) per row."""
    yield ",".join(csv_field(h) for h in header) + "\n"
    for row in rows:
        yield ",".join(csv_field(v) for v in row) + "\n"


def read_csv(text: str) -> tuple[list[str], list[list[Optional[str]]]]:
    """The header and rows of CSV `text` as `csv_lines` and PostgreSQL's COPY write it: a quoted field
    is a value (quotes doubled inside, newlines allowed), an unquoted empty field is NULL."""
    rows: list[list[Optional[str]]] = []
    row: list[Optional[str]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == '"':
            j, parts = i + 1, []
            while True:
                k = text.index('"', j)
                parts.append(text[j:k])
                if k + 1 < n and text[k + 1] == '"':
                    parts.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            row.append("".join(parts))
        else:
            k = i
            while k < n and text[k] not in ",\r\n":
                k += 1
            row.append(text[i:k] or None)
            i = k
        if i < n and text[i] == ",":
            i += 1
            if i < n and text[i] not in "\r\n":
                continue
            row.append(None)  # an empty last field
        if i < n and text[i] == "\r":
            i += 1
        if i < n and text[i] == "\n":
            i += 1
        rows.append(row)
        row = []
    if not rows:
        return [], []
    return [h or "" for h in rows[0]], rows[1:]
