"""The import corpus timed (issue #14): for each engine of origin, its largest schema of
tests/corpus/ (by the tables inspect reads), `schemakit inspect --ddl` end to end as a user runs
it, and the round trip of what it wrote: `schemakit ddl --schema` for the same engine applied by
the native client to a new database, next to applying the source file the same way.

Run with ``.venv/bin/python bench/corpus.py`` (servers as for the tests). Numbers are wall-clock
seconds, best of BENCH_REPEAT runs; nothing passes or fails. Writes build/bench_corpus.json.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import REPEAT, _cli, _database, _native, best  # noqa: E402

from schemakit.inspect import read_ddl  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"


def largest(engine: str) -> tuple[Path, int]:
    """The corpus file of `engine` whose inspection holds the most tables, and that count."""
    sizes = [(len(read_ddl(p, engine).schema.tables), p) for p in sorted((CORPUS / engine).glob("*.sql"))]
    n, path = max(sizes, key=lambda s: s[0])
    return path, n


def engine_bench(engine: str, tmp: Path) -> dict:
    """Inspect and round-trip times of `engine`'s largest corpus schema."""
    source, n = largest(engine)
    written, rendered = tmp / f"corpus_{engine}.py", tmp / f"corpus_{engine}_roundtrip.sql"
    inspect = best(lambda: _cli("inspect", "--ddl", str(source), "--dialect", engine, "--out", str(written),
                                "--allow-skipped"))

    def apply(path: Path) -> None:
        url, drop = _database(engine, tmp)
        try:
            _native(engine, url, path.read_text(encoding="utf-8"))
        finally:
            drop()

    def round_trip() -> None:
        _cli("ddl", "--schema", str(written), "--dialect", engine, "--out", str(rendered))
        apply(rendered)
    trip, source_apply = best(round_trip), best(lambda: apply(source))
    print(f"  {engine:8} {source.name:18} {n:3} tables: inspect --ddl {inspect:6.3f}s | round trip (ddl --schema + "
          f"native apply) {trip:6.3f}s vs applying the source {source_apply:6.3f}s", flush=True)
    return {"file": source.name, "tables": n, "inspect": inspect, "round_trip": trip, "apply_source": source_apply}


def corpus_bench(tmp: Path) -> dict:
    """Inspect and round-trip times of each engine's largest corpus schema."""
    return {engine: engine_bench(engine, tmp) for engine in ("postgres", "mariadb", "sqlite")}


def main() -> int:
    """Print the report and write build/bench_corpus.json."""
    tmp = ROOT / "build" / "bench"
    tmp.mkdir(parents=True, exist_ok=True)
    print(f"import corpus, largest schema per engine (best of {REPEAT}, seconds):", flush=True)
    result = corpus_bench(tmp)
    (ROOT / "build" / "bench_corpus.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
