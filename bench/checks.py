"""`make bench` (checks): verified rows per second next to the engine's raw insert rate.

For a few catalog tables, N rows are generated (`checks.load.generate`: rows
drawn from the hypothesis strategies, varied for volume) and inserted twice
on each engine, into fresh databases holding the same parent rows:

- verified: one row at a time through the cross-engine runner's probe
  (`checks.runner.check`): a savepoint, the INSERT, the verdict classified from
  the engine's error (if any), compared with the oracle's verdict computed
  against every row already inserted;
- probe only: the engine's half of the verified path (savepoint, INSERT,
  verdict classified), without the oracle, to show where the time goes;
- raw: ``executemany`` of the same rows in one transaction: the floor.

Every path commits its rows. Prints rows/s of each and the ratio raw /
verified; writes build/bench_checks.json. Nothing passes or fails here.
BENCH_CHECK_ROWS (default 2000) sets N; BENCH_CHECK_ENGINES (default all) the engines.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemakit import dialects  # noqa: E402
from schemakit.checks.engines import Engine, Engines, parse_engines, server_url  # noqa: E402
from schemakit.checks.load import Volume, adapter, database, first_in_group, generate, load  # noqa: E402
from schemakit.checks.oracle import Existing  # noqa: E402
from schemakit.checks.runner import ROW, insert_rows  # noqa: E402
from schemakit.schema import catalog  # noqa: E402

ROWS = int(os.environ.get("BENCH_CHECK_ROWS", "2000"))
ENGINES = parse_engines(os.environ.get("BENCH_CHECK_ENGINES", "all"))
TABLES = (("scenes", "segments"), ("scriptpal", "chat_history"), ("prismq", "review"), ("cyoa", "story_nodes"))
# Distributions the generic generator cannot guess: one root node per story (a partial unique index).
COLUMNS = {"story_nodes": {"is_root": first_in_group("story_id")}}


def verified(engine: str, conn, schema, table, rows: list[dict], parents: Existing) -> float:
    """Seconds to insert `rows` one by one through the runner's probe, every verdict checked."""
    engines = Engines(schema, [Engine(engine, conn, schema)])
    existing = Existing({k: list(v) for k, v in parents.rows.items()})
    engines.begin()
    started = time.perf_counter()
    insert_rows(engines, [(table, row) for row in rows], existing, source=ROW)  # judged, kept if accepted
    conn.commit()
    return time.perf_counter() - started


def probe_only(engine: str, conn, schema, table, rows: list[dict]) -> float:
    """Seconds to insert `rows` one by one through the engine probe alone (no oracle)."""
    live = Engine(engine, conn, schema)
    live.begin()
    started = time.perf_counter()
    for row in rows:
        if live.hold(table, row).accepted:  # the same savepoint per row as the verified path
            live.settle(True)
    conn.commit()
    return time.perf_counter() - started


def raw(engine: str, conn, table, rows: list[dict]) -> float:
    """Seconds to executemany the same rows (adapted beforehand) in one transaction."""
    d = dialects.get(engine)
    adapt = adapter(engine, table)
    params = [adapt(r) for r in rows]
    cols = [c.name for c in table.columns]
    sql = (f"INSERT INTO {d.table_name(table)} ({', '.join(d.quote(c) for c in cols)}) "
           f"VALUES ({', '.join([d.placeholder] * len(cols))})")
    d.begin(conn)
    started = time.perf_counter()
    cur = conn.cursor()
    cur.executemany(sql, params)
    conn.commit()
    return time.perf_counter() - started


def measure(engine: str, system: str, name: str) -> dict:
    """Verified and raw rates of one table on one engine, each in its own fresh database."""
    schema = catalog.load(system, tenants=[])
    data = generate(schema, [Volume(name, ROWS, COLUMNS.get(name, {}))])
    table = schema.table(name)
    parents = [t for t in data.tables if t.key != table.key]
    server = server_url(engine) if dialects.get(engine).has_server else None
    seconds = {}
    rows = data.of(table)
    paths = {"verified": lambda conn: verified(engine, conn, schema, table, rows, data.existing(parents)),
             "probe": lambda conn: probe_only(engine, conn, schema, table, rows),
             "raw": lambda conn: raw(engine, conn, table, rows)}
    for kind, run in paths.items():
        with database(engine, server, schema) as conn:
            load(engine, conn, data, only=[t.qualified for t in parents])
            seconds[kind] = run(conn)
    out = {"rows": len(rows), **{f"{k}_rows_per_s": len(rows) / v for k, v in seconds.items()}}
    out["raw_over_verified"] = out["raw_rows_per_s"] / out["verified_rows_per_s"]
    return out


def main() -> None:
    """Run every (engine, table) and print the report."""
    print(f"verified inserts vs raw executemany ({ROWS} rows per table, same rows, same run)", flush=True)
    print(f"  {'engine':9} {'table':24} {'verified rows/s':>16} {'probe only':>11} {'raw rows/s':>11} "
          f"{'raw/verified':>13}")
    results = {}
    for engine in ENGINES:
        for system, name in TABLES:
            r = results[f"{engine}/{system}.{name}"] = measure(engine, system, name)
            print(f"  {engine:9} {system + '.' + name:24} {r['verified_rows_per_s']:16,.0f} "
                  f"{r['probe_rows_per_s']:11,.0f} {r['raw_rows_per_s']:11,.0f} {r['raw_over_verified']:12.1f}x",
                  flush=True)
    out = Path("build/bench_checks.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"  written {out}")


if __name__ == "__main__":
    main()
