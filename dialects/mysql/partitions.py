"""MariaDB's (and MySQL's) steps of a rolling monthly partitioning (see dialects/partitions.py).

- A month is added by ``ALTER TABLE ... ADD PARTITION`` after the last one: RANGE COLUMNS partitions
  are added at the end only (https://mariadb.com/kb/en/alter-table/#add-partition).
- The table rejects rows below its first month through the implied CHECK
  ``sk_<table>_<column>_partition`` (RANGE would put them in the first partition). A month is frozen by
  moving that CHECK's bound past it: new rows of the month are then rejected, its own rows stay. The
  CHECK is added with ``check_constraint_checks = 0`` so that the month's rows, about to be archived,
  are not checked against it (https://mariadb.com/kb/en/server-system-variables/#check_constraint_checks).
- A frozen month is dropped with ``ALTER TABLE ... DROP PARTITION``
  (https://mariadb.com/kb/en/partition-maintenance/#dropping-partitions).
- Rows are exported with ``SELECT ... FROM t PARTITION (p)`` (https://mariadb.com/kb/en/partition-pruning-and-selection/)
  read unbuffered, and loaded back with INSERT.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from typing import IO, Any, Sequence

from schemakit.schema.model import Table
from schemakit.schema.rolling import add_months, months_between

from ..base import PlanError
from ..partitions import Month, PartitionOps, csv_lines, one_month, read_csv

_PARTITIONS = """SELECT PARTITION_NAME, PARTITION_DESCRIPTION, TABLE_ROWS FROM information_schema.PARTITIONS
WHERE TABLE_SCHEMA = COALESCE(%s, DATABASE()) AND TABLE_NAME = %s AND PARTITION_NAME IS NOT NULL
ORDER BY PARTITION_ORDINAL_POSITION"""
_CHECK = """SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = COALESCE(%s, DATABASE()) AND TABLE_NAME = %s AND CONSTRAINT_NAME = %s"""
BATCH = 1000  # rows per INSERT of a restore


class MysqlPartitions(PartitionOps):
    """MariaDB/MySQL: partitions of one table, named per table."""

    def execute(self, conn: Any, sql: str) -> None:
        """Run one statement; never an ALTER of a table whose name holds ``/``: MariaDB 10.11 answers
        "Unknown database" to its ADD PARTITION and then cannot find the table any more (observed; a
        table's name is its file's name, https://mariadb.com/kb/en/identifier-to-file-name-mapping/)."""
        if sql.startswith("ALTER TABLE `") and "/" in sql[len("ALTER TABLE `"):].split("` ", 1)[0]:
            raise PlanError(f"{sql.split('` ', 1)[0]}`: MariaDB cannot change the partitions of a table whose name "
                            "holds '/' without losing the table; nothing was changed. Rename the table")
        super().execute(conn, sql)

    def months(self, conn: Any, t: Table) -> list[Month]:
        """Each partition (its month is the one before its upper bound); those below the CHECK's bound are frozen."""
        cur = conn.cursor()
        cur.execute(_PARTITIONS, (t.namespace, t.name))
        rows = cur.fetchall()
        cur.execute(_CHECK, (t.namespace, t.name, self._check_name(t)))
        clause = cur.fetchone()
        cur.close()
        lower = _bound(clause[0]) if clause else None
        out = []
        for name, description, estimate in rows:
            upper = _bound(description)
            if upper is None:
                continue
            month = add_months(upper, -1)
            out.append(Month(month, name, int(estimate or 0), lower is not None and month < lower))
        return out

    def create_sql(self, t: Table, month: _dt.date) -> str:
        """ALTER TABLE ... ADD PARTITION (PARTITION <table>_YYYY_MM VALUES LESS THAN (...))."""
        one = one_month(t, month)
        part = self.d.partition_definitions(one, [f"{month.year:04d}_{month.month:02d}"])[0]
        return f"ALTER TABLE {self.d.table_name(t)} ADD PARTITION ({part})"

    def reopen(self, conn: Any, t: Table, month: _dt.date, held: Sequence[Month]) -> None:
        """REORGANIZE the first partition into the months from `month` and itself
        (https://mariadb.com/kb/en/partition-maintenance/#reorganizing-partitions), then move the
        lower-bound CHECK down to `month`."""
        if not held or month >= held[0].month:
            return
        first = held[0]
        months = months_between(month, first.month) + [first.month]
        spread = replace(t, partitioning=replace(t.partition_by, start=month, months=len(months)))
        parts = self.d.partition_definitions(spread, [f"{m.year:04d}_{m.month:02d}" for m in months])
        self.execute(conn, f"ALTER TABLE {self.d.table_name(t)} REORGANIZE PARTITION {self.d.quote(first.name)} "
                           f"INTO ({', '.join(parts)})")
        self._move_check(conn, t, month)

    def export(self, conn: Any, t: Table, m: Month, out: IO[bytes]) -> int:
        """SELECT the month's rows unbuffered and write them as CSV."""
        import pymysql.cursors
        cols = [c.name for c in t.columns]
        cur = conn.cursor(pymysql.cursors.SSCursor)
        try:
            cur.execute(f"SELECT {', '.join(self.d.quote(c) for c in cols)} FROM {self.d.table_name(t)} "
                        f"PARTITION ({self.d.quote(m.name)})")
            n = -1  # the header
            buffer = []
            for line in csv_lines(cols, cur):
                buffer.append(line)
                n += 1
                if len(buffer) >= BATCH:
                    out.write("".join(buffer).encode())
                    buffer = []
            out.write("".join(buffer).encode())
            return n
        finally:
            cur.close()

    def count(self, conn: Any, t: Table, m: Month) -> int:
        """SELECT COUNT(*) of the month's partition."""
        return int(self.scalar(conn, f"SELECT COUNT(*) FROM {self.d.table_name(t)} PARTITION ({self.d.quote(m.name)})"))

    def freeze(self, conn: Any, t: Table, m: Month) -> Month:
        """Move the lower-bound CHECK to the month after `m` (unless it is there or later already)."""
        if m.frozen:
            return m
        self._move_check(conn, t, add_months(m.month, 1))
        return replace(m, frozen=True)

    def _move_check(self, conn: Any, t: Table, lower: _dt.date) -> None:
        """The lower-bound CHECK at `lower`, its current rows not checked."""
        bounded = replace(t, partitioning=replace(t.partition_by, start=lower, months=1))
        name = self._check_name(t)
        sql = dict(self.d.implied_checks(bounded))[name]
        self.execute(conn, "SET SESSION check_constraint_checks = 0")
        try:
            self.execute(conn, f"ALTER TABLE {self.d.table_name(t)} DROP CONSTRAINT {self.d.quote(name)}, "
                               f"ADD {self.d.check_sql(name, sql)}")
        finally:
            self.execute(conn, "SET SESSION check_constraint_checks = 1")

    def drop(self, conn: Any, t: Table, m: Month) -> None:
        """ALTER TABLE ... DROP PARTITION."""
        self.execute(conn, f"ALTER TABLE {self.d.table_name(t)} DROP PARTITION {self.d.quote(m.name)}")

    def restore(self, conn: Any, t: Table, data: IO[bytes]) -> int:
        """INSERT the archive's rows, BATCH at a time."""
        header, rows = read_csv(data.read().decode())
        names = f"{self.d.table_name(t)} ({', '.join(self.d.quote(c) for c in header)})".replace("%", "%%")
        sql = f"INSERT INTO {names} VALUES ({', '.join(['%s'] * len(header))})"  # pymysql formats with %
        cur = conn.cursor()
        try:
            for i in range(0, len(rows), BATCH):
                cur.executemany(sql, rows[i:i + BATCH])
        finally:
            cur.close()
        return len(rows)

    def _check_name(self, t: Table) -> str:
        return self.d.generated_name(t.name, t.partition_by.column, "partition")


def _bound(text: str):
    """The date in a partition description or CHECK clause (``'2026-02-01 00:00:00'``); None for MAXVALUE."""
    import re
    found = re.search(r"'(\d{4}-\d\d-\d\d)", text or "")
    return _dt.date.fromisoformat(found.group(1)) if found else None
