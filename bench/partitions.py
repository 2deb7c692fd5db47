"""`make bench`: `schemakit partitions maintain` against the engine's own export, measured in the same run.

A table of 36 monthly partitions (2024-01 .. 2026-12) holds N rows in its first 12 months, N each of
BENCH_PARTITION_ROWS (default 100,000 as issue #17 asks, and 1,000,000) (and
BENCH_PARTITION_KEPT_ROWS, default 0, in the 24 months kept: what a rebuild of the table copies); a
maintain at 2026-12-15 with ``Rolling(ahead=3, archive_after=23)`` archives those 12 months (export
to CSV, verify, freeze, verify, drop) and creates three months ahead. The floor is the engine's own
export of the same rows to a file, server-side: PostgreSQL ``COPY (SELECT ...) TO 'file' (FORMAT csv,
HEADER)``, MariaDB ``SELECT ... INTO OUTFILE``. Each repetition loads the rows again; the best of
REPEAT is reported, with the ratio maintain / floor (the goal: within 1.5x). Nothing passes or fails
here: it prints a report and writes build/bench_partitions.json.

Next to the floor: the same rows through the engine's client to a local file (psycopg's COPY ... TO STDOUT,
the `mariadb` client): an archive written where `maintain` runs must carry the rows to the client, so this is
the floor of a client-side export. And maintain's time by step (create, freeze, export, count, drop; MariaDB's
freeze holds the lower bound's guard, two CREATE OR REPLACE TRIGGER), timed around the engine's PartitionOps. The
exports run in threads of their own beside the freeze and the count (schemakit/partitions.py, `_Exports`): their
time is summed over those threads and overlaps the others', so the steps add up to more than the run.

maintain runs each way, alternating: ``--export client`` (the default: the rows come to this process) and
``--export server`` (the server writes them into the archive folder, here a scratch folder open to all,
and maintain copies them into its own file), each with ``--jobs 1`` (the default: one month exported at a time)
and ``--jobs 2`` (two at once, on two connections). The floors are the best of all the runs.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemakit import INTEGER, TEXT, TIMESTAMPTZ, Partitioning, Rolling, Schema, System, col, dialects, table  # noqa: E402
from schemakit.dialects import urls  # noqa: E402
from schemakit.project import Config, Project  # noqa: E402

# The rows to archive, one run of every variant per size: the 100,000, and ten times that, where the
# fixed cost of the DDL (creates, freezes, drop) weighs less against the export.
SIZES = [int(n) for n in os.environ.get("BENCH_PARTITION_ROWS", "100000,1000000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
# Rows in the months kept (2025-01 .. 2026-12; none by default): what a rebuild of the table would copy.
KEPT = int(os.environ.get("BENCH_PARTITION_KEPT_ROWS", "0"))
NOW = _dt.date(2026, 12, 15)
EVENTS = table("events", col("id", INTEGER, null=False), col("at", TIMESTAMPTZ, null=False),
               col("kind", INTEGER, null=False), col("note", TEXT), pk=("id", "at"),
               partition=Partitioning("at", start=_dt.date(2024, 1, 1), months=36,
                                      rolling=Rolling(ahead=3, archive_after=23)))
SYSTEM = System("events", "the partitions benchmark", Schema((EVENTS,)))


def _fill(engine: str, rows: int) -> str:
    """`rows` rows over 2024 (the 12 months to archive), spread evenly."""
    step = int(365 * 86400 / rows)
    if engine == "postgres":
        return (f"INSERT INTO events SELECT n, TIMESTAMPTZ '2024-01-01 00:00:00+00' + n * INTERVAL '{step} seconds', "
                f"n % 7, 'note ' || n FROM generate_series(0, {rows - 1}) n")
    return (f"INSERT INTO events SELECT seq, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq * {step} SECOND, "
            f"seq % 7, CONCAT('note ', seq) FROM seq_0_to_{rows - 1}")


def _kept_fill(engine: str, first_id: int) -> str:
    """KEPT rows over 2025 and 2026 (the months kept), their ids from `first_id`."""
    step = int(730 * 86400 / max(KEPT, 1))
    if engine == "postgres":
        return (f"INSERT INTO events SELECT {first_id} + n, TIMESTAMPTZ '2025-01-01 00:00:00+00' + n * INTERVAL "
                f"'{step} seconds', n % 7, 'kept ' || n FROM generate_series(0, {KEPT - 1}) n")
    return (f"INSERT INTO events SELECT {first_id} + seq, TIMESTAMP '2025-01-01 00:00:00' + INTERVAL seq * "
            f"{step} SECOND, seq % 7, CONCAT('kept ', seq) FROM seq_0_to_{KEPT - 1}")


FLOOR = {"postgres": "COPY (SELECT id, at, kind, note FROM events WHERE at < '2025-01-01 00:00:00+00') TO '{file}' "
                     "(FORMAT csv, HEADER)",
         "mariadb": "SELECT id, at, kind, note INTO OUTFILE '{file}' FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' "
                    "FROM events WHERE at < '2025-01-01 00:00:00'"}


STEPS = {"create": "create", "create_months": "create", "freezing": "freeze", "export": "export", "export_on_server": "export",
         "counts": "count", "drop_all": "drop", "months": "read", "settle": "settle"}
EXPORTS = ("client", "server")  # maintain --export: the archive written by this process, or by the server
JOBS = (1, 2)  # maintain --jobs: months exported at once, each on a connection of its own
VARIANTS = [(export, jobs) for jobs in JOBS for export in EXPORTS]


@contextmanager
def _steps(engine: str) -> Iterator[dict]:
    """{step: seconds} of maintain's calls to the engine's PartitionOps while in the block."""
    ops_class = type(dialects.get(engine).partition_ops())
    spent: dict = defaultdict(float)
    saved = {name: getattr(ops_class, name) for name in STEPS if hasattr(ops_class, name)}  # an older version: fewer

    def timed(name, f):
        def call(*args, **kw):
            t0 = time.perf_counter()
            try:
                return f(*args, **kw)
            finally:
                spent[STEPS[name]] += time.perf_counter() - t0

        def stepped(*args, **kw):  # a generator (freezing): each month's step is timed
            it = f(*args, **kw)
            while True:
                t0 = time.perf_counter()
                try:
                    item = next(it)
                except StopIteration:
                    spent[STEPS[name]] += time.perf_counter() - t0
                    return
                spent[STEPS[name]] += time.perf_counter() - t0
                yield item
        return stepped if name == "freezing" else call

    for name, f in saved.items():
        setattr(ops_class, name, timed(name, f))
    try:
        yield spent
    finally:
        for name, f in saved.items():
            setattr(ops_class, name, f)


def _project() -> Project:
    """A project of the one benchmark system."""
    return Project({SYSTEM.name: SYSTEM}, Path("migrations"), Config(None), "bench/partitions.py")


def _execute(d, url, sql: str) -> None:
    conn = d.connect(url)
    try:
        if d.name == "postgres":
            conn.autocommit = True
        cur = conn.cursor()
        cur.execute(sql)
        cur.close()
        if d.name != "postgres":
            conn.commit()
    finally:
        conn.close()


def _once(engine: str, server: urls.DbUrl, scratch: Path, export: str, jobs: int = 1, rows: int = 100_000) -> dict:
    from schemakit.partitions import maintain_system
    d = dialects.get(engine)
    name = f"sk_bench_parts_{uuid.uuid4().hex[:8]}"
    if export == "server":  # the server's OS user writes there: this scratch folder is open to all (a DBA would
        (scratch / name / SYSTEM.name).mkdir(parents=True)  # give it the folder by group or ACL)
        os.chmod(scratch / name / SYSTEM.name, 0o777)
    url = d.create_database(server, name)
    try:
        d.apply(d.connect(url), d.ddl(SYSTEM.schema)[0])
        _execute(d, url, _fill(engine, rows))
        if KEPT:
            _execute(d, url, _kept_fill(engine, rows))
        if engine == "postgres":
            _execute(d, url, "ANALYZE events")
        floor_file = scratch / f"floor_{name}.csv"
        t0 = time.perf_counter()
        _execute(d, url, FLOOR[engine].format(file=floor_file))
        floor = time.perf_counter() - t0
        client = _client_floor(engine, d, url, scratch / f"client_{name}.csv")
        with _steps(engine) as steps:
            t0 = time.perf_counter()
            actions = maintain_system("events", url.secret_url(), NOW, archive_dir=scratch / name, project=_project(),
                                      say=lambda line: None, export=export, jobs=jobs)
            spent = time.perf_counter() - t0
        archived = sum(a.rows or 0 for a in actions if a.action == "archive")
        assert archived == rows, (archived, rows)
        return {"floor_s": floor, "client_floor_s": client, "maintain_s": spent, "archived_rows": archived,
                "steps_s": {k: round(v, 4) for k, v in steps.items()},
                "months_archived": sum(a.action == "archive" for a in actions),
                "months_created": sum(a.action == "create" for a in actions)}
    finally:
        d.drop_database(server, name)


def _client_floor(engine: str, d, url, file: Path) -> float:
    """The same rows exported by the engine's client to a local file (as an archive on another host than the
    server's must be): PostgreSQL COPY ... TO STDOUT read by psycopg, MariaDB the `mariadb` client in batch mode."""
    sql = FLOOR[engine].split(" TO '")[0] if engine == "postgres" else \
        "SELECT id, at, kind, note FROM events WHERE at < '2025-01-01 00:00:00'"
    t0 = time.perf_counter()
    if engine == "postgres":
        conn = d.connect(url)
        try:
            with open(file, "wb") as out, conn.cursor() as cur, cur.copy(f"{sql} TO STDOUT (FORMAT csv, HEADER)") as copy:
                for data in copy:
                    out.write(bytes(data))
        finally:
            conn.close()
    else:
        import subprocess
        with open(file, "wb") as out:
            subprocess.run(["mariadb", "-h", url.host or "127.0.0.1", "-P", str(url.port or 3306), "-u", url.user or "root",
                            *([f"-p{url.password}"] if url.password else []), "-B", url.database, "-e", sql],
                           stdout=out, check=True)
    return time.perf_counter() - t0


def _size(engine: str, server: urls.DbUrl, scratch: Path, rows: int) -> dict:
    """Every variant REPEAT times at `rows` rows, alternating; printed, and {variant: its fastest run}."""
    runs: dict = {v: [] for v in VARIANTS}
    for _ in range(REPEAT):  # the variants alternate, so that a burst of load hits each alike
        for export, jobs in VARIANTS:
            runs[export, jobs].append(_once(engine, server, scratch, export, jobs, rows))
    every = [r for v in VARIANTS for r in runs[v]]
    floors = {k: min(r[k] for r in every) for k in ("floor_s", "client_floor_s")}
    out = {}
    for export, jobs in VARIANTS:
        fastest = min(runs[export, jobs], key=lambda r: r["maintain_s"])
        spent = fastest["maintain_s"]
        out[f"{export} --jobs {jobs}"] = r = {
            **fastest, **floors, "ratio": spent / floors["floor_s"], "client_ratio": spent / floors["client_floor_s"],
            "client_floor_ratio": floors["client_floor_s"] / floors["floor_s"]}
        print(f"partitions maintain --export {export} --jobs {jobs}, {engine}: {r['months_archived']} months / "
              f"{r['archived_rows']} rows archived, {r['months_created']} created: {spent:.3f} s; the engine's "
              f"own export {r['floor_s']:.3f} s; ratio {r['ratio']:.2f}x (goal 1.5x); the same rows through the "
              f"engine's client to a file here {r['client_floor_s']:.3f} s ({r['client_floor_ratio']:.2f}x the "
              f"engine's own; maintain {r['client_ratio']:.2f}x it)")
        print(f"  maintain by step (its fastest run; export summed over its {jobs} thread(s), beside the "
              "others): " + ", ".join(f"{k} {v:.3f} s" for k, v in sorted(r["steps_s"].items(), key=lambda kv: -kv[1])))
    return out


def main() -> None:
    """Print and write the report."""
    from schemakit.dialects.urls import servers, parse
    results = {}
    scratch = Path(tempfile.mkdtemp(prefix="sk_bench_parts_"))
    os.chmod(scratch, 0o777)  # the servers write the floor's files here
    try:
        for engine in ("postgres", "mariadb"):
            var, default = servers()[engine]
            server = parse(os.environ.get(var, default))
            results[engine] = {}
            for rows in SIZES:
                results[engine][rows] = _size(engine, server, scratch, rows)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    out = Path("build/bench_partitions.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
