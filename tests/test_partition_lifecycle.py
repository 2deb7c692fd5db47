"""The partition lifecycle on the real engines (issue #17): time moves across 14 months with --now.

One database per engine holds the scenes system, migrated by `schemakit migrate`. Rows of every
month of 2026 up to November are there before the walk; then each month, from December 2026:
`schemakit partitions maintain --now` runs, two rows of that month go into `jobs` and `segments`,
and then
- the routing check (checks/partitions.py) passes at the policy's bounds of that month,
- the three months ahead exist,
- `jobs` holds no month older than six, each archived month is a CSV file holding every row of it,
- `segments` holds every month and every row,
- `drift` is clean, and a second maintain does nothing.
At the end every archive is restored: every row of `jobs` is back, and drift is still clean.
"""
from __future__ import annotations

import datetime as _dt
import json
import uuid
from pathlib import Path

import pytest

from schemakit import dialects
from schemakit.checks.engines import Engine
from schemakit.checks.load import Volume, generate, load
from schemakit.checks.partitions import UTC, boundary_values, check_routing
from schemakit.dialects import explain as plans
from schemakit.dialects.partitions import read_csv
from schemakit.schema import catalog, rolling
from schemakit.schema.model import Partitioning
from tests.conftest import require_server
from tests.data.partition_lifecycle import ENGINES, FIRST_NOW, HISTORY_FROM, MONTHS, ROWS_PER_MONTH
from tests.test_migrate import run, url_text

SCHEMA = catalog.load("scenes", tenants=[])
ROLLING = ("segments", "jobs")


class Walk:
    """One engine's database, its connection and what was inserted per table and month."""

    def __init__(self, engine: str, url, conn, archive: Path):
        self.engine, self.url, self.conn, self.archive = engine, url, conn, archive
        self.live = Engine(engine, conn, SCHEMA)
        self.sample = generate(SCHEMA, [Volume(name, 1) for name in ROLLING])
        self.inserted: dict[tuple[str, _dt.date], int] = {}
        self.serial = 0

    def cli(self, *args: str, check: bool = True):
        """`schemakit <args> --database <this database>` in this process."""
        return run(*args, "--database", url_text(self.url), check=check)

    def insert(self, month: _dt.date) -> None:
        """ROWS_PER_MONTH rows of `month` (its first and its last instant among them) into each rolling table."""
        first = _dt.datetime(month.year, month.month, 1, tzinfo=UTC)
        end = _dt.datetime.combine(rolling.add_months(month, 1), _dt.time(), UTC)
        instants = [first, end - _dt.timedelta(microseconds=1)]
        instants += [first + (end - first) * (k + 1) / (ROWS_PER_MONTH - 1) for k in range(ROWS_PER_MONTH - 2)]
        self.live.begin()
        for name in ROLLING:
            table = SCHEMA.table(name)
            for at in instants[:ROWS_PER_MONTH]:
                self.serial += 1
                row = {**self.sample.of(table)[0], "id": str(uuid.UUID(int=self.serial)), "created_at": at}
                if name == "jobs":
                    row["idempotency_key"] = f"k{self.serial}"
                verdict = self.live.hold(table, row)
                assert verdict.accepted, (name, at, verdict)
                self.live.settle(True)
            self.inserted[(name, month)] = self.inserted.get((name, month), 0) + ROWS_PER_MONTH
        self.conn.commit()

    def months(self, name: str) -> list[_dt.date]:
        ops = dialects.get(self.engine).partition_ops()
        return [m.month for m in ops.months(self.conn, self._lowered(name)) if not m.frozen]

    def count(self, name: str) -> int:
        n = self.live.execute(f"SELECT COUNT(*) FROM {self.live.dialect.quote(name)}")[0][0]
        self.conn.commit()
        return n

    def _lowered(self, name: str):
        return self.live.effective(SCHEMA.table(name))


@pytest.fixture(scope="module", params=ENGINES)
def walk(request, tmp_path_factory):
    engine = request.param
    server = require_server(engine)
    d = dialects.get(engine)
    name = f"sk_parts_{uuid.uuid4().hex[:10]}"
    url = server.with_database(name)
    try:
        run("migrate", "scenes", "--database", url_text(url), check=True)
        conn = d.connect(url)
        plans.reader(engine).prepare(conn)
        w = Walk(engine, url, conn, tmp_path_factory.mktemp(f"archive_{engine}"))
        load(engine, conn, w.sample, only=[t.qualified for t in w.sample.tables if t.partitioning is None])
        for month in rolling.months_between(HISTORY_FROM, rolling.month_of(FIRST_NOW)):
            w.insert(month)
        yield w
        conn.close()
    finally:
        d.drop_database(server, name)


def _maintain(w: Walk, now: _dt.date) -> dict:
    found = w.cli("partitions", "maintain", "scenes", "--now", now.isoformat(), "--archive", str(w.archive),
                  "--format", "json")
    return json.loads(found.stdout)


def _archived(w: Walk, month: _dt.date) -> Path:
    return w.archive / "scenes" / f"jobs_{month.strftime('%Y_%m')}.csv"


def _routing_passes(w: Walk, now: _dt.date) -> None:
    """The routing check at the policy's bounds at `now`: probes around the first, the current and the
    last month of each rolling table, and outside them."""
    at_now = rolling.schema_at(SCHEMA, now)
    for name in ROLLING:
        table = at_now.table(name)
        window = table.partition_by
        months = {window.start, rolling.month_of(now), rolling.add_months(window.start, window.months - 1)}
        values = [v for m in sorted(months) for v in boundary_values(Partitioning(window.column, m, 1))]
        report = check_routing(w.engine, w.conn, at_now, table, w.sample.of(table)[0], values)
        assert not report.mismatches, f"{now}: {report}"


def test_fourteen_months_of_maintain(walk):
    w = walk
    now = FIRST_NOW
    for _ in range(MONTHS):
        done = _maintain(w, now)
        assert all(a["done"] for a in done["actions"])
        w.insert(rolling.month_of(now))
        _routing_passes(w, now)
        current = rolling.month_of(now)
        for name in ROLLING:
            held = w.months(name)
            assert all(rolling.add_months(current, k) in held for k in range(4)), (now, name, held)
        jobs = w.months("jobs")
        assert min(jobs) == rolling.add_months(current, -6), (now, jobs)
        for month in rolling.months_between(HISTORY_FROM, min(jobs)):
            header, rows = read_csv(_archived(w, month).read_text())
            assert "created_at" in header and len(rows) == w.inserted.get(("jobs", month), 0), month
        in_table = sum(n for (t, m), n in w.inserted.items() if t == "jobs" and m >= min(jobs))
        assert w.count("jobs") == in_table
        assert min(w.months("segments")) == HISTORY_FROM
        assert w.count("segments") == sum(n for (t, _m), n in w.inserted.items() if t == "segments")
        drift = w.cli("drift", "scenes", check=False)
        assert drift.returncode == 0, f"{now}: {drift.stdout}{drift.stderr}"
        assert _maintain(w, now)["actions"] == []  # idempotent
        now = rolling.add_months(now, 1)
    _restore_every_archive(w)


def _restore_every_archive(w: Walk) -> None:
    files = sorted((w.archive / "scenes").glob("jobs_*.csv"), reverse=True)  # newest first: months reopen downwards
    assert files
    for f in files:
        w.cli("partitions", "restore", str(f))
    assert w.count("jobs") == sum(n for (t, _m), n in w.inserted.items() if t == "jobs")
    assert min(w.months("jobs")) == HISTORY_FROM
    drift = w.cli("drift", "scenes", check=False)
    assert drift.returncode == 0, drift.stdout + drift.stderr
