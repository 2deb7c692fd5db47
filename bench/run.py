"""`make bench`: schemakit against its peers, measured in the same run.

Reports
- render time: the whole catalog, and synthetic schemas of 1,000 and 5,000 tables;
- introspection of a 1,000-table database on each engine, next to SQLAlchemy's
  reflection (Inspector.get_multi_* and MetaData.reflect) of the same database,
  plus a smaller size to show how it grows;
- applying the whole catalog through `schemakit migrate`, next to the native
  client (the floor, its process start included) applying the same SQL: on
  new databases (the rendered DDL; schemakit runs the squashed baseline.json),
  and with --replay (the migration files' SQL), on each engine;
- `drift` on a 1,000-table database;
- `schemakit inspect --ddl` of a large schema (the synthetic one, INSPECT_TABLES tables), end to end
  as a user runs it, next to the floor: the engine's own client loading the same DDL into a new
  database and its own dump tool printing the schema back (pg_dump -s, mariadb-dump --no-data,
  sqlite3 .schema); and the round trip: the written schema code rendered by
  `schemakit ddl --schema` and applied by the native client, next to applying the source DDL.
Numbers are wall-clock seconds (best of N); ratios are peer / schemakit.
Nothing here passes or fails: it prints a report (and writes build/bench.json).
"""
from __future__ import annotations

import json
import shutil
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemakit import dialects  # noqa: E402
from schemakit.dialects import urls  # noqa: E402
from schemakit.schema import catalog  # noqa: E402
from schemakit.schema.synthetic import synthetic  # noqa: E402

SIZES = [int(x) for x in os.environ.get("BENCH_SIZES", "250,1000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
MIGRATE_REPEAT = int(os.environ.get("BENCH_MIGRATE_REPEAT", "7"))  # PostgreSQL's DDL times vary by +-30%


def best(fn, repeat: int = REPEAT) -> float:
    """Best wall time of `repeat` calls of fn()."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def render_bench() -> dict:
    """Render times for the catalog and synthetic schemas."""
    out = {}
    schemas = {name: catalog.load(name) for name in catalog.names()}
    for d in dialects.all_dialects():
        out[f"catalog/{d.name}"] = best(lambda: [d.script(d.ddl(s)[0]) for s in schemas.values()])
    for n in (1000, 5000):
        s = synthetic(n)
        for d in dialects.all_dialects():
            out[f"synthetic{n}/{d.name}"] = best(lambda: d.script(d.ddl(s)[0]), repeat=1 if n > 1000 else REPEAT)
    return out


# SQLAlchemy's URL scheme and default port per engine with a server; a variant engine uses its parent's.
SQLALCHEMY = {"postgres": ("postgresql+psycopg", 5432), "mysql": ("mysql+pymysql", 3306)}


def _sqlalchemy_url(url: urls.DbUrl) -> str:
    d = dialects.get(url.dialect)
    if not d.has_server:
        return f"sqlite:///{url.database}"
    scheme, port = SQLALCHEMY.get(d.name) or SQLALCHEMY[d.variant_of]
    auth = (url.user or "") + (f":{url.password}" if url.password else "")
    return f"{scheme}://{auth}@{url.host}:{url.port or port}/{url.database}"


def _peers(url: urls.DbUrl) -> dict:
    import sqlalchemy as sa
    engine = sa.create_engine(_sqlalchemy_url(url))

    def multi():
        insp = sa.inspect(engine)
        for fn in (insp.get_multi_columns, insp.get_multi_pk_constraint, insp.get_multi_foreign_keys,
                   insp.get_multi_indexes, insp.get_multi_unique_constraints, insp.get_multi_check_constraints):
            fn()

    def reflect():
        sa.MetaData().reflect(engine)

    try:
        return {"sqlalchemy_get_multi": best(multi, 1), "sqlalchemy_reflect": best(reflect, 1)}
    finally:
        engine.dispose()


def _database(engine: str, tmp: Path) -> tuple[urls.DbUrl, callable]:
    d = dialects.get(engine)
    if not d.has_server:
        # a folder per database: attached namespaces (project_1.db) live beside the main file
        folder = tmp.resolve() / f"bench_{uuid.uuid4().hex[:6]}"
        folder.mkdir(parents=True)
        url = d.create_database(urls.DbUrl(d.name, database=str(folder)), "main")
        return url, lambda: shutil.rmtree(folder, ignore_errors=True)
    server = urls.server_url(engine)
    name = f"sk_bench_{uuid.uuid4().hex[:8]}"
    return d.create_database(server, name), lambda: d.drop_database(server, name)


def introspection_bench(tmp: Path) -> dict:
    """Introspection of synthetic databases vs SQLAlchemy, per engine and size."""
    out = {}
    for engine in dialects.names():
        d = dialects.get(engine)
        for n in SIZES:
            url, drop = _database(engine, tmp)
            try:
                conn = d.connect(url)
                d.apply(conn, d.ddl(synthetic(n))[0])
                ours = best(lambda: d.introspect(conn, (None,)))
                conn.close()
                row = {"schemakit": ours, **_peers(url)}
                row["ratio_get_multi"] = row["sqlalchemy_get_multi"] / ours
                row["ratio_reflect"] = row["sqlalchemy_reflect"] / ours
                out[f"{engine}/{n}"] = row
                print(f"  introspect {engine:8} {n:5} tables: schemakit {ours:7.3f}s | "
                      f"SQLAlchemy get_multi {row['sqlalchemy_get_multi']:7.3f}s ({row['ratio_get_multi']:.1f}x) | "
                      f"reflect {row['sqlalchemy_reflect']:7.3f}s ({row['ratio_reflect']:.1f}x)", flush=True)
            finally:
                drop()
    return out


def _native(engine: str, url: urls.DbUrl, script: str) -> None:
    import subprocess
    d = dialects.get(engine)
    cwd = None if d.has_server else str(Path(url.database).parent)
    subprocess.run(d.client_command(url), input=script, text=True, check=True, capture_output=True, cwd=cwd)


def _migrations_script(d, system: str, schema) -> str:
    """The native client's script for the SQL of `system`'s migration files: the statements
    `schemakit migrate` applies, each transactional migration in a transaction of its own, after
    the session statements (SQLite's PRAGMA and ATTACHes) the rendered script starts with."""
    from yoyo import read_migrations
    from schemakit.dialects.base import Statement
    from schemakit.makemigrations import system_dir
    from schemakit.migrate import migration_statements
    session = [s for s in d.ddl(schema)[0] if s.kind in ("pragma", "attach")]
    parts = [d.script(session)] if session else []
    for m in read_migrations(str(system_dir(Path("migrations"), d.name, system))):
        parts.append(d.script([Statement(x, compound=";" in x, transactional=m.use_transactions)
                               for x in migration_statements(m)]))
    return "".join(parts)


def _catalog_databases(engine: str, tmp: Path, systems: list[str]) -> tuple[urls.DbUrl, dict, callable]:
    """An empty database per system, where `schemakit migrate SYSTEM... --database URL` puts each
    (created before the clock starts); returns URL, {system: its database} and the clean-up."""
    d = dialects.get(engine)
    url, drop = _database(engine, tmp)
    each = {s: d.sibling_database(url, s) for s in systems}
    if not d.has_server:
        for u in each.values():
            Path(u.database).touch()
        return url, each, drop
    server = urls.server_url(engine)
    for u in each.values():
        d.create_database(server, u.database)

    def drop_all():
        for s, u in each.items():
            d.drop_namespaces(server, catalog.load(s).namespaces)
            d.drop_database(server, u.database)
        drop()
    return url, each, drop_all


def migrate_bench(tmp: Path) -> dict:
    """`schemakit migrate` of the whole catalog vs the native client (the floor), on each engine.

    One `migrate` call brings every system to its canonical schema, each in a database of its own,
    as `make migrate` does (Python's start-up not included). The native client is started once per
    system, its script prepared before the clock starts. Two pairs:
    - new databases, as CI and `make migrate` meet them: schemakit (which runs a history's squashed
      baseline.json there) against the client applying the DDL rendered from the canonical schema;
    - `--replay`: schemakit running every migration file against the client applying the SQL of the
      same files (prismq's history rebuilds SQLite tables: more work than the final DDL).
    Each time is the best of MIGRATE_REPEAT runs of the whole catalog, on new databases each time,
    the four kinds taking turns. The ratio, held against the 1.3x goal, is the median over the
    rounds of each round's schemakit time over its native time: the two run back to back, so they
    meet the same machine, where the best times of each can come from different bursts of a noisy
    neighbour (on a shared VM the native DDL alone varies by 50% between runs).
    """
    from schemakit import migrate, targets
    out = {}
    systems = catalog.names()
    for engine in dialects.names():
        # what `migrate` runs on a URL of the engine's server: its dialect, or the variant the server is
        # (a mysql:// URL reaching MariaDB runs mariadb's migrations), and so the native client too
        d = targets.server_dialect(targets.Target("", urls.server_url(engine)))
        schemas = {s: catalog.load(s) for s in systems}
        scripts = {"native": {s: d.script(d.ddl(x)[0]) for s, x in schemas.items()},
                   "replay": {s: _migrations_script(d, s, x) for s, x in schemas.items()}}

        def run(kind: str) -> float:
            url, each, drop = _catalog_databases(engine, tmp, systems)
            try:
                t0 = time.perf_counter()
                if kind.startswith("schemakit"):
                    migrate.migrate(systems, url.secret_url(), say=lambda _: None, replay=kind.endswith("replay"))
                else:
                    for s in systems:
                        _native(engine, each[s], scripts[kind][s])
                return time.perf_counter() - t0
            finally:
                drop()
        kinds = ("native", "schemakit", "replay", "schemakit_replay")
        runs = [[run(kind) for kind in kinds] for _ in range(MIGRATE_REPEAT)]  # interleaved: the same noise for all
        t = {kind: min(r[i] for r in runs) for i, kind in enumerate(kinds)}
        ratio = statistics.median(r[1] / r[0] for r in runs)
        ratio_replay = statistics.median(r[3] / r[2] for r in runs)
        out[engine] = {"dialect": d.name, "schemakit_migrate": t["schemakit"], "native_client": t["native"], "ratio": ratio,
                       "schemakit_migrate_replay": t["schemakit_replay"], "native_client_migrations": t["replay"],
                       "ratio_replay": ratio_replay, "rounds": [dict(zip(kinds, r)) for r in runs]}
        shown = engine if d.name == engine else f"{engine} (its server is {d.name})"
        print(f"  migrate catalog {shown:8}: new databases: schemakit {t['schemakit']:6.3f}s, native client "
              f"(final DDL) {t['native']:6.3f}s: ratio {ratio:.2f}x | --replay: schemakit "
              f"{t['schemakit_replay']:6.3f}s, native client (migration files' SQL) {t['replay']:6.3f}s: ratio "
              f"{ratio_replay:.2f}x (goal <= 1.3x; ratios: median of the rounds' paired runs)", flush=True)
    return out


def drift_bench(tmp: Path, n: int = 1000) -> dict:
    """Drift (introspect + compare with the lowered model) on an n-table database."""
    from schemakit.schema.diff import diff
    out = {}
    schema = synthetic(n)
    for engine in dialects.names():
        d = dialects.get(engine)
        url, drop = _database(engine, tmp)
        try:
            conn = d.connect(url)
            d.apply(conn, d.ddl(schema)[0])
            expected = d.lower(schema).schema
            seconds = best(lambda: diff(expected, d.introspect(conn, (None,))))
            assert not diff(expected, d.introspect(conn, (None,)))
            conn.close()
        finally:
            drop()
        out[engine] = seconds
        print(f"  drift {engine:8} {n} tables: {seconds:.3f}s", flush=True)
    return out


INSPECT_TABLES = int(os.environ.get("BENCH_INSPECT_TABLES", "250"))


def _dump_command(engine: str, url: urls.DbUrl) -> list[str]:
    """The engine's own schema dump tool for `url` (the floor of inspect); a variant uses its parent's."""
    d = dialects.get(engine)
    base = d.variant_of or d.name
    if base == "postgres":
        return ["pg_dump", "-s", "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.user or "postgres",
                url.database or ""]
    if base == "mysql":
        return ["mariadb-dump", "--no-data", "-h", url.host or "127.0.0.1", "-P", str(url.port or 3306),
                "-u", url.user or "root", url.database or ""]
    return ["sqlite3", str(url.database), ".schema"]


def _cli(*args: str) -> None:
    import subprocess
    subprocess.run([sys.executable, "-m", "schemakit.cli", *args], check=True, capture_output=True, text=True)


def inspect_bench(tmp: Path, n: int = INSPECT_TABLES) -> dict:
    """`schemakit inspect --ddl` and the round trip of its output, against the engine's own load and dump."""
    import subprocess
    from schemakit.schema.diff import diff
    out = {}
    schema = synthetic(n)
    for engine in dialects.names():
        d = dialects.get(engine)
        source = tmp / f"inspect_{engine}.sql"
        source.write_text(d.script(d.ddl(schema)[0]), encoding="utf-8")
        written = tmp / f"inspect_{engine}.py"
        ours = best(lambda: _cli("inspect", "--ddl", str(source), "--dialect", engine, "--out", str(written),
                                 "--allow-skipped"), repeat=max(1, REPEAT - 1))

        def floor():
            url, drop = _database(engine, tmp)
            try:
                _native(engine, url, source.read_text(encoding="utf-8"))
                subprocess.run(_dump_command(engine, url), check=True, capture_output=True)
            finally:
                drop()
        native = best(floor, repeat=max(1, REPEAT - 1))
        rendered = tmp / f"inspect_{engine}_roundtrip.sql"

        def round_trip():
            _cli("ddl", "--schema", str(written), "--dialect", engine, "--out", str(rendered))
            url, drop = _database(engine, tmp)
            try:
                _native(engine, url, rendered.read_text(encoding="utf-8"))
            finally:
                drop()

        def source_apply():
            url, drop = _database(engine, tmp)
            try:
                _native(engine, url, source.read_text(encoding="utf-8"))
            finally:
                drop()
        trip, apply_source = best(round_trip, repeat=1), best(source_apply, repeat=1)
        url, drop = _database(engine, tmp)  # the round trip holds: the written code, applied, is the source
        try:
            _native(engine, url, rendered.read_text(encoding="utf-8"))
            conn = d.connect(url)
            same = not diff(d.lower(schema).schema, d.introspect(conn, (None,)))
            conn.close()
        finally:
            drop()
        out[engine] = {"inspect": ours, "load_and_dump": native, "ratio": ours / native,
                       "round_trip": trip, "apply_source": apply_source, "round_trip_holds": same}
        print(f"  inspect --ddl {engine:8} {n} tables: schemakit {ours:6.3f}s | native load + dump {native:6.3f}s "
              f"({ours / native:.2f}x) | round trip (ddl --schema + native apply) {trip:6.3f}s vs applying the "
              f"source {apply_source:6.3f}s | same schema back: {'yes' if same else 'NO'}", flush=True)
    return out


def main() -> int:
    """Run every benchmark and print the report."""
    tmp = Path("build/bench")
    tmp.mkdir(parents=True, exist_ok=True)
    print("render (best of runs, seconds):", flush=True)
    rendering = render_bench()
    for k, v in rendering.items():
        print(f"  {k:24} {v:8.4f}s")
    print("introspection (best of runs, seconds; ratio = SQLAlchemy / schemakit):", flush=True)
    intro = introspection_bench(tmp)
    for engine in dialects.names():
        times = [intro[f"{engine}/{n}"]["schemakit"] / n * 1000 for n in SIZES if f"{engine}/{n}" in intro]
        print(f"  {engine:8} growth: " + ", ".join(f"{n} tables {t:.2f} ms/table" for n, t in zip(SIZES, times)))
    print("migrations (whole catalog, one database per system, best of runs; the native floors time the client\n"
          "  process alone, started once per system, its script prepared beforehand):", flush=True)
    migrating = migrate_bench(tmp)
    print("drift:", flush=True)
    drifting = drift_bench(tmp)
    print("inspect (best of runs, seconds; the floor is the engine's own client and dump tool):", flush=True)
    inspecting = inspect_bench(tmp)
    Path("build/bench.json").write_text(json.dumps(
        {"render": rendering, "introspection": intro, "migrate": migrating, "drift": drifting,
         "inspect": inspecting}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
