"""MariaDB's steps of a rolling monthly partitioning (see dialects/partitions.py).

- A month is added by ``ALTER TABLE ... ADD PARTITION`` after the last one: RANGE COLUMNS partitions
  are added at the end only (https://mariadb.com/kb/en/alter-table/#add-partition).
- The table rejects rows below its first month through the implied CHECK
  ``sk_<table>_<column>_partition`` (RANGE would put them in the first partition), at the first month the
  first migration wrote. Once a run archives months, the lower bound moves up to the first month kept
  through schemakit's *guard*: a pair of triggers ``sk_<table>_<column>_guard_ins`` / ``_upd``, BEFORE
  INSERT and BEFORE UPDATE, that refuse a row below it as the CHECK would (SIGNAL SQLSTATE 23000 with
  error 4025 ER_CONSTRAINT_FAILED and the CHECK's message; NULL passes), so that a row of a month being
  archived is rejected as on PostgreSQL. ``CREATE OR REPLACE TRIGGER`` changes metadata only: no row is
  copied and the table is not rebuilt (https://mariadb.com/kb/en/create-trigger/,
  https://mariadb.com/kb/en/signal/). The CHECK itself stays as the first migration wrote it.
- The guard is what freezes the months to archive: created under ``LOCK TABLES <table> WRITE`` (no session
  writes the table meanwhile), it refuses from then on every INSERT and UPDATE of a row of those months
  (an UPDATE's new row is checked, so a row of them can be neither changed nor written there; a DELETE
  still takes one away, which the count finds). The months stay partitions of the table while their rows
  are exported (``SELECT ... FROM t PARTITION (p)``, https://mariadb.com/kb/en/partition-pruning-and-selection/)
  and counted, then go in one ``ALTER TABLE ... DROP PARTITION`` of all of them
  (https://mariadb.com/kb/en/alter-table/#drop-partition): the table is locked for the two triggers and that
  one statement, where a ``CONVERT PARTITION ... TO TABLE`` per month (the release before) held it for all
  the conversions, 6 to 7 ms each (observed on 10.11). A run killed before the drop leaves the months where
  they were, refusing new rows; the next run archives them again.
- Several triggers of the same event and time run in creation order (10.2.3+, FOLLOWS / PRECEDES aside:
  https://mariadb.com/kb/en/create-trigger/); the guard is made again where a model trigger (a state
  machine, a trigger-enforced CHECK) came after it, so that it runs last: a CHECK is enforced after every
  BEFORE trigger (a row both refuse fails with the trigger's error; observed on 10.11), and so the same
  verdict comes first. `drift` reads the guard as the table's lower bound: missing,
  half there or at another month than the first partition's, it is a difference.
- A month an earlier release froze by ``CONVERT PARTITION p TO TABLE p`` (MariaDB 10.7+) and did not drop
  is a table of its own named like the month and carrying the lower-bound CHECK: it is found by that
  (`months`, frozen), exported and counted from its table, and dropped with ``DROP TABLE``.
- A table archived by an earlier release has its CHECK moved up instead (a rebuild per run that archived):
  it stays where it is (the guard adds nothing at or below it); only a restore below it moves it down.
- Rows are read unbuffered, or as one value per month (`_export_whole`), and loaded back with INSERT; the
  server export writes the same lines with ``SELECT ... INTO OUTFILE``.
- A CHECK could not be moved without that rebuild on 10.11: ``ADD CONSTRAINT ... CHECK`` with
  ALGORITHM=INSTANT, NOCOPY or INPLACE is refused ("Try ALGORITHM=COPY"; observed), while dropping a
  CHECK is instant (https://mariadb.com/kb/en/innodb-online-ddl-operations-with-the-instant-alter-algorithm/,
  MDEV-16331); hence the guard.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from typing import IO, Any, Iterator, Optional, Sequence

from schemakit.schema.model import BINARY_KINDS, FLOAT_KINDS, FRACTIONAL_KINDS, FUTURE, INTEGER_KINDS, Kind, Table
from schemakit.schema.rolling import add_months, months_between

from ..base import PlanError
from ..partitions import Month, PartitionOps, csv_lines, one_month, read_csv

_PARTITIONS = """SELECT PARTITION_NAME, PARTITION_DESCRIPTION, TABLE_ROWS FROM information_schema.PARTITIONS
WHERE TABLE_SCHEMA = COALESCE(%s, DATABASE()) AND TABLE_NAME = %s AND PARTITION_NAME IS NOT NULL
ORDER BY PARTITION_ORDINAL_POSITION"""
_CHECK = """SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = COALESCE(%s, DATABASE()) AND TABLE_NAME = %s AND CONSTRAINT_NAME = %s"""
# The guard's triggers of a table, each with whether it is the last BEFORE trigger of its event (it runs last).
_GUARD = """SELECT t.ACTION_STATEMENT, t.ACTION_ORDER = (SELECT MAX(o.ACTION_ORDER) FROM information_schema.TRIGGERS o
  WHERE o.EVENT_OBJECT_SCHEMA = t.EVENT_OBJECT_SCHEMA AND o.EVENT_OBJECT_TABLE = t.EVENT_OBJECT_TABLE
  AND o.EVENT_MANIPULATION = t.EVENT_MANIPULATION AND o.ACTION_TIMING = 'BEFORE')
FROM information_schema.TRIGGERS t WHERE t.EVENT_OBJECT_SCHEMA = COALESCE(%s, DATABASE()) AND t.EVENT_OBJECT_TABLE = %s
AND t.TRIGGER_NAME IN (%s, %s)"""
_TABLES = """SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(%s, DATABASE())
AND TABLE_TYPE = 'BASE TABLE' AND COALESCE(CREATE_OPTIONS, '') NOT LIKE '%%partitioned%%' AND TABLE_NAME IN ({names})
AND TABLE_NAME IN (SELECT c.TABLE_NAME FROM information_schema.CHECK_CONSTRAINTS c
                   WHERE c.CONSTRAINT_SCHEMA = COALESCE(%s, DATABASE()) AND c.CONSTRAINT_NAME = %s)"""
# Kinds whose text never holds a double quote (MariaDB writes them as digits, signs, dots, dashes, colons).
_NO_QUOTE = INTEGER_KINDS | FLOAT_KINDS | FRACTIONAL_KINDS | {Kind.DECIMAL, Kind.BOOLEAN, Kind.DATE, Kind.YEAR}
BATCH = 1000  # rows per INSERT of a restore, per fetch of a streamed export
WHOLE = 100_000  # a month of up to so many rows (estimated) is exported as one value (`_export_whole`)
WHOLE_BYTES = 64 << 20  # ... if its CSV takes no more bytes than this


class MysqlPartitions(PartitionOps):
    """MariaDB/MySQL: partitions of one table, named per table."""

    def own_transactions(self, conn: Any) -> None:
        """pymysql's autocommit (what `connect` sets already): each statement commits as it ends, as the DDL
        here does anyway (https://mariadb.com/kb/en/sql-statements-that-cause-an-implicit-commit/)."""
        conn.autocommit(True)

    def execute(self, conn: Any, sql: str) -> None:
        """Run one statement; never an ALTER of a table whose name holds ``/``: MariaDB 10.11 answers
        "Unknown database" to its ADD PARTITION and then cannot find the table any more (observed; a
        table's name is its file's name, https://mariadb.com/kb/en/identifier-to-file-name-mapping/)."""
        if sql.startswith("ALTER TABLE `") and "/" in sql[len("ALTER TABLE `"):].split("` ", 1)[0]:
            raise PlanError(f"{sql.split('` ', 1)[0]}`: MariaDB cannot change the partitions of a table whose name "
                            "holds '/' without losing the table; nothing was changed. Rename the table")
        super().execute(conn, sql)

    def months(self, conn: Any, t: Table) -> list[Month]:
        """Each partition (its month is the one before its upper bound), then the frozen months: tables named
        like a month that are not partitions and carry the table's lower-bound CHECK, as CONVERT PARTITION
        leaves them (a table of that name without it is the user's own)."""
        cur = conn.cursor()
        cur.execute(_PARTITIONS, (t.namespace, t.name))
        rows = cur.fetchall()
        out = []
        for name, description, estimate in rows:
            upper = _bound(description)
            if upper is not None:
                out.append(Month(add_months(upper, -1), name, int(estimate or 0)))
        candidates = self.names_before(t, out[0].month if out else None)
        cur.execute(_TABLES.format(names=", ".join(["%s"] * len(candidates))),
                    (t.namespace, *candidates, t.namespace, self._check_name(t)))
        out += [Month(candidates[name], name, int(estimate or 0), True) for name, estimate in cur.fetchall()]
        cur.close()
        return sorted(out, key=lambda m: m.month)

    def catch_all_rows(self, conn: Any, t: Table) -> Optional[int]:
        """TABLE_ROWS of the partition ``<table>_future``."""
        cur = conn.cursor()
        cur.execute(_PARTITIONS, (t.namespace, t.name))
        found = [int(r[2] or 0) for r in cur.fetchall() if r[0] == self.d.partition_name(t, FUTURE)]
        cur.close()
        return found[0] if found else None

    def create_sql(self, t: Table, month: _dt.date) -> str:
        """ALTER TABLE ... ADD PARTITION (PARTITION <table>_YYYY_MM VALUES LESS THAN (...)); with the catch-all,
        ALTER TABLE ... REORGANIZE PARTITION <table>_future INTO (the month, <table>_future), which moves the
        month's rows out of it (https://mariadb.com/kb/en/partition-maintenance/#reorganizing-partitions)."""
        return self._adding(t, [month])

    def create_months(self, conn: Any, t: Table, months: Sequence[_dt.date]) -> None:
        """`create_sql` of all the months in one ALTER TABLE: ADD PARTITION takes several partitions, and
        REORGANIZE PARTITION splits the catch-all into several (https://mariadb.com/kb/en/alter-table/#add-partition):
        one rebuild of the partitioning's metadata, not one per month."""
        if months:
            self.execute(conn, self._adding(t, months))

    def _adding(self, t: Table, months: Sequence[_dt.date]) -> str:
        parts = ", ".join(self.d.partition_definitions(one_month(t, m), [f"{m.year:04d}_{m.month:02d}"])[0]
                          for m in months)
        if not t.partition_by.catch_all:
            return f"ALTER TABLE {self.d.table_name(t)} ADD PARTITION ({parts})"
        future = self.d.quote(self.d.partition_name(t, FUTURE))
        return (f"ALTER TABLE {self.d.table_name(t)} REORGANIZE PARTITION {future} INTO ({parts}, "
                f"PARTITION {future} VALUES LESS THAN (MAXVALUE))")

    def reopen(self, conn: Any, t: Table, month: _dt.date, held: Sequence[Month]) -> None:
        """REORGANIZE the first partition into the months from `month` and itself
        (https://mariadb.com/kb/en/partition-maintenance/#reorganizing-partitions), then the lower bound down
        to `month` (`_bound_at`)."""
        if not held or month >= held[0].month:
            return
        first = held[0]
        months = months_between(month, first.month) + [first.month]
        spread = replace(t, partitioning=replace(t.partition_by, start=month, months=len(months)))
        parts = self.d.partition_definitions(spread, [f"{m.year:04d}_{m.month:02d}" for m in months])
        self.execute(conn, f"ALTER TABLE {self.d.table_name(t)} REORGANIZE PARTITION {self.d.quote(first.name)} "
                           f"INTO ({', '.join(parts)})")
        self._bound_at(conn, t, month)

    def export(self, conn: Any, t: Table, m: Month, out: IO[bytes]) -> int:
        """Write the header, then the month's rows, each as its CSV line built by the server (`_csv_line`): a
        month of up to WHOLE rows (the engine's estimate) as one value (`_export_whole`), else, or where that
        value would not fit, read unbuffered."""
        self._require_mariadb(conn, "archive a month")  # before anything is written (see freeze)
        out.write("".join(csv_lines([c.name for c in t.columns], ())).encode())
        if m.estimated_rows <= WHOLE:
            n = self._export_whole(conn, t, m, out)
            if n is not None:
                return n
        return self._export_rows(conn, t, m, out)

    # https://mariadb.com/kb/en/select-into-outfile/: the FILE privilege, and a folder secure_file_priv allows
    # (https://mariadb.com/kb/en/server-system-variables/#secure_file_priv); the server's OS user writes it.
    server_file_needs = "MariaDB writes a file for a user with the FILE privilege, into a folder secure_file_priv " \
                        "allows and its OS user (mysql) may write"

    def export_on_server(self, conn: Any, t: Table, m: Month, path: str) -> tuple[bytes, int]:
        """SELECT each row's CSV line (`_csv_line`, as `export` writes it) INTO OUTFILE '<path>', written by the
        server with no escaping or enclosing of its own (FIELDS ESCAPED BY '', one field per line) in utf8mb4
        (https://mariadb.com/kb/en/select-into-outfile/); the header goes before it, from the client. The
        affected-row count is the rows written. The file is the server OS user's; its mode follows the
        server's umask (0644 with MariaDB's default, observed on 10.11)."""
        self._require_mariadb(conn, "archive a month")
        cur = conn.cursor()
        try:
            cur.execute((f"SELECT {self._csv_line(t)} FROM {self.rows_of(t, m)} INTO OUTFILE {self.d.literal(path)} "
                         f"CHARACTER SET utf8mb4 FIELDS ESCAPED BY '' LINES TERMINATED BY '\\n'").replace("%", "%%"), ())
            rows = cur.rowcount
        finally:
            cur.close()
        return "".join(csv_lines([c.name for c in t.columns], ())).encode(), rows

    def probe_server_file(self, conn: Any, path: str) -> None:
        """SELECT ... INTO OUTFILE '<path>' of no row: an empty file, or the engine's refusal."""
        self.execute(conn, f"SELECT 1 FROM DUAL WHERE FALSE INTO OUTFILE {self.d.literal(path)}")

    def _export_whole(self, conn: Any, t: Table, m: Month, out: IO[bytes]) -> Optional[int]:
        """The month's lines joined by the server, GROUP_CONCAT(... SEPARATOR '\\n'), as one value: the driver
        decodes one value for the month instead of one per row (the client's work per row is most of a
        streamed export's). GROUP_CONCAT cuts its result at group_concat_max_len bytes, set to the largest
        packet the server sends and WHOLE_BYTES, and a cut value ends within the last character's bytes
        (at most 4 in utf8mb4) of that length, with a warning (https://mariadb.com/kb/en/group_concat/): a
        value that long may be cut, so it is thrown away and None returned; nothing is written then. (The
        sum of the lines' lengths would tell exactly, but the server then builds each line twice: 1.7x the
        query's time, observed on 10.11.)"""
        cur = conn.cursor()
        try:
            cur.execute(f"SET SESSION group_concat_max_len = LEAST(@@max_allowed_packet, {WHOLE_BYTES})")
            cur.execute((f"SELECT g, n, OCTET_LENGTH(g) <= @@SESSION.group_concat_max_len - 4 FROM (SELECT "
                         f"GROUP_CONCAT(l SEPARATOR '\\n') AS g, COUNT(*) AS n FROM (SELECT {self._csv_line(t)} AS l "
                         f"FROM {self.rows_of(t, m)}) x) y").replace("%", "%%"), ())
            text, n, whole = cur.fetchone()
        finally:
            cur.close()
        if not n:
            return 0
        if not whole:
            return None
        out.write(text.encode())
        out.write(b"\n")
        return int(n)

    def _export_rows(self, conn: Any, t: Table, m: Month, out: IO[bytes]) -> int:
        """The month's lines read unbuffered, BATCH at a time."""
        import pymysql.cursors
        cur = conn.cursor(pymysql.cursors.SSCursor)
        try:
            cur.execute(f"SELECT {self._csv_line(t)} FROM {self.rows_of(t, m)}".replace("%", "%%"), ())
            n = 0
            while rows := cur.fetchmany(BATCH):
                out.write(("\n".join(r[0] for r in rows) + "\n").encode())
                n += len(rows)
            return n
        finally:
            cur.close()

    def _csv_line(self, t: Table) -> str:
        """The SQL of one row's CSV line, as `csv_lines` writes it: a NULL empty, a value quoted (its quotes
        doubled), bytes as ``\\x`` and hex. One text per row: the driver decodes one value, not one per column.
        The server's work per row is most of the export's: a NOT NULL column skips the NULL test, and a kind
        whose text holds no quote (numbers, times, hex) skips the REPLACE."""
        fields = []
        for c in t.columns:
            q = self.d.quote(c.name)
            if c.type.kind in BINARY_KINDS:
                text = f"'\\\\x', LOWER(HEX({q}))"
            elif c.type.kind in _NO_QUOTE:
                text = f"CAST({q} AS CHAR)"
            else:
                text = f"REPLACE(CAST({q} AS CHAR), '\"', '\"\"')"
            quoted = f"'\"', {text}, '\"'"
            fields.append(f"IF({q} IS NULL, '', CONCAT({quoted}))" if c.nullable else quoted)
        return "CONCAT(" + ", ',', ".join(fields) + ")"

    def freezing(self, conn: Any, t: Table, months: Sequence[Month], first_kept: Optional[_dt.date]) -> Iterator[Month]:
        """Under ``LOCK TABLES <table> WRITE``, the lower bound moved up to `first_kept` (the guard,
        `_bound_at`; without a month kept, to the month after the last one archived): from then on a row of
        `months` is rejected as a row of no month, as PostgreSQL does from its detach on. Then UNLOCK
        TABLES, and the months yielded as they are: partitions still, read through ``PARTITION (p)``
        (a month an earlier release converted to a table of its own, from that table). CREATE TRIGGER runs on
        a table locked for WRITE and needs it (https://mariadb.com/kb/en/lock-tables/: READ fails with error
        1099, another table locked with 1100, observed on 10.11). No row is copied: the guard is metadata."""
        if any(not m.frozen for m in months):
            self._require_mariadb(conn, "archive a month")
            bound = first_kept or add_months(max(m.month for m in months), 1)
            self.execute(conn, f"LOCK TABLES {self.d.table_name(t)} WRITE")
            try:
                self._bound_at(conn, t, bound)
            finally:
                self.execute(conn, "UNLOCK TABLES")
        yield from months

    def drop_all(self, conn: Any, t: Table, months: Sequence[Month]) -> None:
        """The months still partitions in one ``ALTER TABLE ... DROP PARTITION`` (their rows go with them), and
        those an earlier release converted to tables of their own in one DROP TABLE."""
        attached = [m for m in months if not m.frozen]
        if attached:
            self.execute(conn, f"ALTER TABLE {self.d.table_name(t)} DROP PARTITION "
                               + ", ".join(self.d.quote(m.name) for m in attached))
        super().drop_all(conn, t, [m for m in months if m.frozen])

    def settle(self, conn: Any, t: Table) -> None:
        """The lower bound at the first month held (`_bound_at`): after archives, or a run killed before its
        guard was whole, or a model trigger created after the guard (which must run last)."""
        held = [m for m in self.months(conn, t) if not m.frozen]
        if held:
            self._bound_at(conn, t, held[0].month)

    def restore(self, conn: Any, t: Table, data: IO[bytes]) -> int:
        """INSERT the archive's rows, BATCH at a time, in one transaction."""
        header, rows = read_csv(data.read().decode())
        binary = [n for n, c in enumerate(header) if t.has_column(c) and t.column(c).type.kind in BINARY_KINDS]
        loaded: list[list[Any]] = [list(r) for r in rows] if binary else rows
        for row in loaded:
            for n in binary:
                row[n] = _unhex(row[n])
        names = f"{self.d.table_name(t)} ({', '.join(self.d.quote(c) for c in header)})".replace("%", "%%")
        sql = f"INSERT INTO {names} VALUES ({', '.join(['%s'] * len(header))})"  # pymysql formats with %
        cur = conn.cursor()
        try:
            conn.begin()  # all rows or none
            for i in range(0, len(loaded), BATCH):
                cur.executemany(sql, loaded[i:i + BATCH])
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            cur.close()
        return len(rows)

    def rows_of(self, t: Table, m: Month) -> str:
        """Where month `m`'s rows are: its partition, or the table of its own an earlier release converted it to."""
        if m.frozen:
            return self.d.qualify(t.namespace, m.name)
        return f"{self.d.table_name(t)} PARTITION ({self.d.quote(m.name)})"

    def _check_bound(self, conn: Any, t: Table) -> Optional[_dt.date]:
        cur = conn.cursor()
        cur.execute(_CHECK, (t.namespace, t.name, self._check_name(t)))
        clause = cur.fetchone()
        cur.close()
        return _bound(clause[0]) if clause else None

    def _require_mariadb(self, conn: Any, what: str) -> None:
        """PlanError on MySQL 8, which has neither CREATE OR REPLACE TRIGGER (the guard) nor check_constraint_checks
        (https://dev.mysql.com/doc/refman/8.0/en/create-trigger.html): creating months works there, archiving
        and restoring do not."""
        # The version the server gave in its handshake (no round trip): MariaDB's names MariaDB, 10.x with
        # the prefix "5.5.5-" (https://mariadb.com/kb/en/connection/#initial-handshake-packet).
        version = str(conn.get_server_info())
        if "mariadb" not in version.lower():
            raise PlanError(f"cannot {what} on MySQL {version}: schemakit archives and restores months with MariaDB "
                            "(CREATE OR REPLACE TRIGGER, check_constraint_checks; tested on 10.11); nothing was changed")

    def _bound_at(self, conn: Any, t: Table, lower: _dt.date) -> None:
        """Rows below `lower` refused, and no other: the implied CHECK where it is at `lower` or above it (it is
        moved down only for a table whose CHECK an earlier release moved up, a rebuild); above it, the guard's
        pair of triggers at `lower` (`MysqlDialect.partition_guard`; created again where it is at another
        bound, half there, or not the last BEFORE trigger of its event, so that a model trigger's own refusal
        comes first, as before a CHECK: see the module's docstring)."""
        check = self._check_bound(conn, t)
        if check is not None and check > lower:
            self._move_check(conn, t, lower)
            check = lower
        guards = [self.d.partition_guard(t, lower, event) for event in ("INSERT", "UPDATE")]
        found = self._guard(conn, t)
        if check is not None and check >= lower:
            if found:
                for event in ("INSERT", "UPDATE"):
                    self.execute(conn, self.d.drop_trigger(t, self.d.partition_guard_name(t, event)).sql)
            return
        if sorted(found) != sorted((g.sql.split(" FOR EACH ROW\n", 1)[1], 1) for g in guards):
            for g in guards:
                self.execute(conn, g.sql)

    def _guard(self, conn: Any, t: Table) -> list[tuple[str, int]]:
        """(body, whether it runs last) of each of the guard's triggers found."""
        cur = conn.cursor()
        try:
            cur.execute(_GUARD, (t.namespace, t.name, *(self.d.partition_guard_name(t, e) for e in ("INSERT", "UPDATE"))))
            return [(body, int(last)) for body, last in cur.fetchall()]
        finally:
            cur.close()

    def _move_check(self, conn: Any, t: Table, lower: _dt.date) -> None:
        """The lower-bound CHECK at `lower`, its current rows not checked: a rebuild (ALGORITHM=COPY)."""
        self._require_mariadb(conn, "move the lower-bound CHECK")
        bounded = replace(t, partitioning=replace(t.partition_by, start=lower, months=1))
        name = self._check_name(t)
        sql = dict(self.d.implied_checks(bounded))[name]
        self.execute(conn, "SET SESSION check_constraint_checks = 0")
        try:
            self.execute(conn, f"ALTER TABLE {self.d.table_name(t)} DROP CONSTRAINT {self.d.quote(name)}, "
                               f"ADD {self.d.check_sql(name, sql)}")
        finally:
            self.execute(conn, "SET SESSION check_constraint_checks = 1")

    def _check_name(self, t: Table) -> str:
        return self.d.partition_check_name(t)


def _bound(text: str):
    """The date in a partition description or CHECK clause (``'2026-02-01 00:00:00'``); None for MAXVALUE."""
    import re
    found = re.search(r"'(\d{4}-\d\d-\d\d)", text or "")
    return _dt.date.fromisoformat(found.group(1)) if found else None


def _unhex(text: Optional[str]) -> Optional[bytes]:
    """Bytes written as ``\\x`` and hex (`csv_field`), back to bytes."""
    return None if text is None else bytes.fromhex(text[2:])
