"""`make bench`: contentgen's tenants migrated by the thousand, next to one tenant's migration, per engine.

For each engine (PostgreSQL, MariaDB, SQLite), on a new contentgen database whose ``projects`` table lists
`--tenants` N projects (default 1,000):

- one tenant's migration, measured in this process (`tenants.migrate_tenants` of one new id, best of
  `--repeat` after a first one not counted), and the floor made of it: one tenant x N / 4 (four connections
  at once, no overhead); the same once the N tenants exist (what a catalog N times larger costs one tenant);
- ``schemakit migrate contentgen --tenants all --jobs 4`` as a user runs it (its process start included),
  its ratio to the floor (the issue's goal: within 1.5x), beside its ratio to one tenant x N / the cores
  (four jobs on two cores share them with the server), and its peak RSS;
- ``schemakit tenants list contentgen`` over the N tenants;
- the same migrate again, with nothing to do (it reads each tenant), and ``drift contentgen --tenants all``,
  next to one tenant's drift x N / 4 (before they read the catalog by schema, 1,000 tenants took 60 s and
  580 s on PostgreSQL);
- one tenant's migration over a link with a 1 ms round trip (bench/link.py: a server in another zone), and the
  round trips it makes, counted on that link: what a remote server costs each tenant beyond its work;
- the physical floor: the server's own CPU time for one tenant's DDL (the tenant migration's statements in a
  new namespace, on a warm connection: read from /proc for the server's process or thread, the client's
  thread for SQLite) x N / the cores, and the run's ratio to it. Four jobs on two cores cannot go below it:
  the server alone must execute N tenants' DDL there (yoyo's bookkeeping and the client's own work come on top).

Nothing passes or fails here: it prints a report and writes build/bench_tenants.json. Run it small with
``bench/tenants.py --tenants 50``; ``--engines sqlite`` picks engines.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from schemakit import dialects, tenants  # noqa: E402
from schemakit.dialects import urls  # noqa: E402
from schemakit.makemigrations import migrations_in, system_dir  # noqa: E402
from schemakit.steps import step_statements  # noqa: E402
from schemakit.project import catalog_project  # noqa: E402
from link import Link  # noqa: E402

RTT = 0.001  # seconds: the round trip of the link one tenant is also migrated over

ENGINES = ("postgres", "mariadb", "sqlite")
JOBS = 4
CLIENT = "00000000-0000-4000-8000-000000000001"


def _server(engine: str) -> urls.DbUrl:
    return urls.server_url(engine)


def _main_database(engine: str, folder: Path) -> urls.DbUrl:
    d = dialects.get(engine)
    if not d.has_server:
        return urls.DbUrl("sqlite", database=str(folder / "contentgen.db"))
    # short: on MariaDB a UUID tenant's database is the main name and 45 characters (<db>_project_<uuid>)
    return d.create_database(_server(engine), f"skbt_{uuid.uuid4().hex[:6]}")


def _schemakit(*args: str, url: urls.DbUrl, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    # as a user's install runs it: with its bytecode cached (pip compiles on install), which
    # PYTHONDONTWRITEBYTECODE would make every process recompile (0.5 s of its start here)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = subprocess.run([sys.executable, "-m", "schemakit.cli", *args, "--database", url.secret_url()],
                          cwd=REPO, capture_output=True, text=True, env={**env, "PYTHONPATH": str(REPO)})
    if proc.returncode not in ok:
        raise SystemExit(f"schemakit {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n"
                         f"{proc.stderr[-3000:]}")
    return proc


def _projects(url: urls.DbUrl, count: int) -> list[str]:
    """`count` rows in projects (and their client), their ids bound as parameters."""
    d = dialects.get(url.dialect)
    ids = [str(uuid.uuid4()) for _ in range(count)]
    p = d.placeholder
    conn = d.connect(url)
    try:
        cur = conn.cursor()
        cur.execute(f"INSERT INTO clients (id, name) VALUES ({p}, 'bench')", (CLIENT,))
        cur.executemany(f"INSERT INTO projects (id, name, client_id) VALUES ({p}, 'p', {p})",
                        [(i, CLIENT) for i in ids])
        conn.commit()
    finally:
        conn.close()
    return ids


def _one_tenant(url: urls.DbUrl, repeat: int, trips=lambda: 0) -> tuple[float, int]:
    """Best wall time of migrating one new tenant (an id the projects table does not list), after one not
    counted, and what `trips` (a counter read before and after each run) counted in that run: the first
    migration on a new database pays for cold caches (the server's catalog, this process's imports), which
    would make the floor too generous."""
    runs = []
    for _ in range(repeat + 1):
        before = trips()
        t0 = time.perf_counter()
        [o] = tenants.migrate_tenants("contentgen", url.secret_url(), [f"solo{uuid.uuid4().hex[:8]}"],
                                      root=REPO / "migrations", project=catalog_project(), jobs=1, tty=False,
                                      out=open(os.devnull, "w"))
        runs.append((time.perf_counter() - t0, trips() - before))
        assert o.status == "migrated", o
    return min(runs[1:])


def _over_link(url: urls.DbUrl, repeat: int) -> tuple[Optional[float], Optional[int]]:
    """`_one_tenant` through a link with an RTT-second round trip (`Link`), and the round trips of its best run;
    (None, None) for an engine without a server."""
    if not dialects.get(url.dialect).has_server:
        return None, None
    with Link(url.port or 0, RTT, url.host or "127.0.0.1") as link:
        return _one_tenant(replace(url, host="127.0.0.1", port=link.port), repeat, link.trips)


def _one_drift(url: urls.DbUrl, tenant: str, repeat: int) -> float:
    """Best wall time of `drift` of one tenant, in this process (`tenants.drift` of one id), after one not counted."""
    times = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        [o] = tenants.drift("contentgen", url.secret_url(), [tenant], root=REPO / "migrations", project=catalog_project(),
                            jobs=1, tty=False, out=open(os.devnull, "w"))
        times.append(time.perf_counter() - t0)
        assert o.status == "clean", o
    return min(times[1:])


def _ddl_cpu(engine: str, url: urls.DbUrl, repeat: int) -> Optional[float]:
    """The server's own CPU seconds for one tenant's DDL: the tenant migrations' statements run in a new
    namespace (a first one warms the connection), best of `repeat`, read from the server's process (PostgreSQL)
    or thread (MariaDB) in /proc, or this thread's CPU time for SQLite (the engine runs in the client); None
    where the server's process is not on this machine."""
    d = dialects.get(engine)
    statements = [x for m in migrations_in(system_dir(REPO / "migrations", d.name, "contentgen", tenant=True))
                  for texts in step_statements(m.path.read_text()) if texts for x in texts]
    clock = (lambda conn: time.thread_time()) if not d.has_server else _server_clock(engine)
    times = []
    for _ in range(repeat + 1):
        where = d.tenant_url(url, f"project_cpu{uuid.uuid4().hex[:8]}")
        if engine == "postgres":
            conn = d.connect(where)
            conn.autocommit = True
            d.ensure_tenant_namespace(conn, where)
            conn.autocommit = False
        else:
            d.ensure_database(where)
            conn = d.connect(where)
        try:
            start = clock(conn)
            if start is None:
                return None
            d.begin(conn)
            cur = conn.cursor()
            for x in statements:
                cur.execute(x)
            conn.commit()
            times.append(clock(conn) - start)
        finally:
            conn.close()
    return min(times[1:])


def _server_clock(engine: str):
    """The CPU seconds so far of the server process (PostgreSQL) or thread (MariaDB) serving a connection, from
    /proc/<id>/schedstat (nanoseconds on the CPU: https://docs.kernel.org/scheduler/sched-stats.html); None
    where it is not readable (a server on another machine)."""
    def clock(conn) -> Optional[float]:
        if engine == "postgres":
            ident = conn.info.backend_pid
        else:
            with conn.cursor() as cur:
                cur.execute("SELECT TID FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()")
                ident = cur.fetchone()[0]
        try:
            return int(Path(f"/proc/{ident}/schedstat").read_text().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            return None
    return clock


def _drop(engine: str, url: urls.DbUrl) -> None:
    d = dialects.get(engine)
    if not d.has_server:
        return
    server = url.with_database(None)
    if engine != "postgres":  # every tenant database named after the main one
        conn = d.connect(server)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE %s",
                            (url.database_name + "\\_%",))
                names = [r[0] for r in cur.fetchall()]
        finally:
            conn.close()
        for name in names:
            d.drop_database(server, name)
    d.drop_database(server, url.database_name)


def bench_engine(engine: str, count: int, repeat: int) -> dict:
    """The numbers of one engine."""
    with tempfile.TemporaryDirectory() as folder:
        url = _main_database(engine, Path(folder))
        try:
            _schemakit("migrate", "contentgen", url=url)
            ids = _projects(url, count)
            one, _ = _one_tenant(url, repeat)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            run = _schemakit("migrate", "contentgen", "--tenants", "all", "--jobs", str(JOBS), url=url)
            every = time.perf_counter() - t0
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            rss = usage.ru_maxrss
            client = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime  # the run's own CPU
            assert f"{count} tenants: {count} migrated" in run.stdout, run.stdout + run.stderr[-2000:]
            after, _ = _one_tenant(url, repeat)  # the same, with the N tenants there: does the catalog's size cost?
            t0 = time.perf_counter()  # the same run again, with nothing to do: it reads every tenant
            again = _schemakit("migrate", "contentgen", "--tenants", "all", "--jobs", str(JOBS), url=url)
            noop = time.perf_counter() - t0
            assert f"{count} tenants: {count} current" in again.stdout, again.stdout + again.stderr[-2000:]
            t0 = time.perf_counter()  # exit 1: the tenants `_one_tenant` added are in no source, and listed
            _schemakit("drift", "contentgen", "--tenants", "all", "--jobs", str(JOBS), url=url, ok=(0, 1))
            drifted = time.perf_counter() - t0
            one_drift = _one_drift(url, ids[0], repeat)
            far, trips = _over_link(url, repeat)
            ddl = _ddl_cpu(engine, url, repeat)
            t0 = time.perf_counter()
            listed = _schemakit("tenants", "list", "contentgen", url=url)
            listing = time.perf_counter() - t0
            assert len(listed.stdout.splitlines()) >= count
        finally:
            _drop(engine, url)
    floor = one * count / JOBS
    cores = min(JOBS, os.cpu_count() or JOBS)  # 4 jobs on fewer cores: the server and the client share them
    return {"tenants": count, "one_tenant_s": round(one, 4), "one_tenant_at_n_s": round(after, 4), "floor_s": round(floor, 3),
            "migrate_all_jobs4_s": round(every, 3), "ratio_to_floor": round(every / floor, 2),
            "cores": cores, "ratio_to_floor_on_cores": round(every / (one * count / cores), 2),
            "peak_rss_mb": round(max(rss, before.ru_maxrss) / 1024, 1), "client_cpu_s": round(client, 2),
            "tenants_list_s": round(listing, 3),
            "migrate_all_again_s": round(noop, 3), "drift_all_s": round(drifted, 3),
            "one_tenant_drift_s": round(one_drift, 4),
            "link_rtt_s": RTT, "one_tenant_over_link_s": None if far is None else round(far, 4),
            "round_trips_one_tenant": trips, "drift_floor_s": round(one_drift * count / JOBS, 3),
            "drift_ratio_to_floor": round(drifted / (one_drift * count / JOBS), 2),
            "server_ddl_cpu_one_tenant_s": None if ddl is None else round(ddl, 4),
            "server_floor_s": None if ddl is None else round(ddl * count / cores, 3),
            "ratio_to_server_floor": None if ddl is None else round(every / (ddl * count / cores), 2)}


def main(argv=None) -> int:
    """Run the tenant benchmark and print its report."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tenants", type=int, default=int(os.environ.get("BENCH_TENANTS", "1000")),
                   help="how many tenants (default 1000, or $BENCH_TENANTS)")
    p.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: postgres,mariadb,sqlite")
    p.add_argument("--repeat", type=int, default=3, help="best of N for one tenant's migration")
    args = p.parse_args(argv)
    report = {}
    print(f"tenants: migrate contentgen --tenants all --jobs {JOBS} over {args.tenants} tenants, next to one "
          f"tenant x {args.tenants} / {JOBS}")
    for engine in args.engines.split(","):
        r = report[engine] = bench_engine(engine, args.tenants, args.repeat)
        print(f"  {engine:9} one tenant {r['one_tenant_s']:.3f} s ({r['one_tenant_at_n_s']:.3f} s at {args.tenants})  "
              f"floor {r['floor_s']:.2f} s  "
              f"all {r['migrate_all_jobs4_s']:.2f} s  ratio {r['ratio_to_floor']:.2f}x "
              f"({r['ratio_to_floor_on_cores']:.2f}x of one tenant x {args.tenants} / {r['cores']} cores)  "
              f"peak RSS {r['peak_rss_mb']:.0f} MB  tenants list {r['tenants_list_s']:.2f} s", flush=True)
        print(f"  {'':9} again, nothing to do {r['migrate_all_again_s']:.2f} s; drift --tenants all "
              f"{r['drift_all_s']:.2f} s, one tenant's drift {r['one_tenant_drift_s'] * 1000:.0f} ms x {args.tenants} "
              f"/ {JOBS} = {r['drift_floor_s']:.2f} s, ratio {r['drift_ratio_to_floor']:.2f}x", flush=True)
        if r["one_tenant_over_link_s"] is not None:
            print(f"  {'':9} over a link with a {RTT * 1000:.0f} ms round trip: one tenant "
                  f"{r['one_tenant_over_link_s']:.3f} s, {r['round_trips_one_tenant']} round trips", flush=True)
        if r["server_ddl_cpu_one_tenant_s"] is not None:
            print(f"  {'':9} the run's own CPU {r['client_cpu_s']:.2f} s; server CPU of one tenant's DDL "
                  f"{r['server_ddl_cpu_one_tenant_s'] * 1000:.1f} ms: "
                  f"x {args.tenants} / {r['cores']} cores = {r['server_floor_s']:.2f} s (the physical floor), "
                  f"ratio {r['ratio_to_server_floor']:.2f}x", flush=True)
    out = REPO / "build" / "bench_tenants.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
