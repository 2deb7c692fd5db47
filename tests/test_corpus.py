"""The import corpus (tests/corpus/<engine>/*.sql): realistic application schemas, each written
the way its engine's users write DDL, inspected and ported (issue #14, "Done when").

For each file, on the engine it comes from and the two others:
1. `inspect --ddl` (`schemakit.inspect.read_ddl`) succeeds, and its skip report is exactly
   `tests/data/corpus_expect.py` EXPECT[file].skips: what the model cannot hold is listed, never
   silently dropped.
2. The same-engine round trip: the inspected schema rendered for its own engine, applied with the
   native client to a fresh database and read back there equals the first inspection.
3. Each other engine: the rendered DDL applies with zero errors (native client), reading it back
   gives ``lower(schema)`` (drift clean), and the degradation codes the lowering reports are
   EXPECT[file].codes[engine].
4. SQLite's rendering also applies through the driver `schemakit migrate` uses (Python's sqlite3,
   which lacks functions the sqlite3 shell has built in, REGEXP among them).
5. EXPECT[file].facts: what the inspected schema must hold that the skip report cannot show.

The inspection of each file is done once per session; each engine's databases are fresh ones,
dropped at the end of the module.
"""
from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path
from typing import Optional

import pytest

from schemakit import dialects
from schemakit.dialects import urls
from schemakit.inspect import BOOKKEEPING, Inspected, read_ddl
from schemakit.schema.diff import diff
from schemakit.schema.model import Schema
from tests import roundtrip
from tests.conftest import require_server
from tests.data.corpus_expect import EXPECT, KNOWN

CORPUS = Path(__file__).resolve().parent / "corpus"
ENGINES = ("postgres", "mariadb", "sqlite")
FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*.sql"))
PORTS = [(f, e) for f in FILES for e in ENGINES if e != f.split("/")[0]]


def _params(test: str, values: list, ids: Optional[list] = None) -> list:
    """`values` as parameters of `test`; one that tests/data/corpus_expect.py KNOWN lists as a known
    failure runs as a strict xfail with its reason: it must fail (else remove its line there)."""
    out = []
    for value, pid in zip(values, ids or values):
        reason = KNOWN.get(f"{test}[{pid}]")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(*(value if isinstance(value, tuple) else (value,)), id=pid, marks=marks))
    return out


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    """Factory: a new empty database of an engine (a SQLite file in a folder of its own), all dropped
    when the module ends."""
    made: list[tuple[str, urls.DbUrl, str]] = []

    def make(engine: str) -> urls.DbUrl:
        d = dialects.get(engine)
        name = f"sk_corpus_{uuid.uuid4().hex[:10]}"
        if not d.has_server:
            return d.create_database(urls.DbUrl(d.name, database=str(tmp_path_factory.mktemp(name))), name)
        server = require_server(engine)
        url = d.create_database(server, name)
        made.append((engine, server, name))
        return url

    yield make
    for engine, server, name in made:
        dialects.get(engine).drop_database(server, name)


_inspected: dict[str, Inspected] = {}


def inspected(file: str) -> Inspected:
    """`file` read by `inspect --ddl` on the engine of its folder (once per session)."""
    if file not in _inspected:
        engine = file.split("/")[0]
        if dialects.get(engine).has_server:
            require_server(engine)
        _inspected[file] = read_ddl(CORPUS / file, engine)
    return _inspected[file]


def _read(engine: str, url: urls.DbUrl, schema: Schema) -> Schema:
    live = roundtrip.introspected(engine, url, schema, code=True)
    return replace(live, tables=tuple(t for t in live.tables if t.name not in BOOKKEEPING))


def test_the_corpus_is_what_the_issue_asks_for():
    assert set(FILES) == set(EXPECT)
    for engine in ENGINES:
        assert len([f for f in FILES if f.startswith(f"{engine}/")]) >= 3


@pytest.mark.parametrize("file", _params("test_inspect_lists_exactly_what_it_skipped", FILES))
def test_inspect_lists_exactly_what_it_skipped(file):
    found = inspected(file)
    assert 8 <= len(found.schema.tables) <= 25
    assert {(s.code, s.name) for s in found.skipped} == EXPECT[file].skips


@pytest.mark.parametrize("file", _params("test_the_same_engine_round_trip_reads_back_the_first_inspection", FILES))
def test_the_same_engine_round_trip_reads_back_the_first_inspection(file, databases):
    engine = file.split("/")[0]
    schema = inspected(file).schema
    d = dialects.get(engine)
    url = databases(engine)
    statements, _ = d.ddl(schema)
    roundtrip.run_native(engine, url, d.script(statements))
    assert [c.describe() for c in diff(schema, _read(engine, url, schema))] == []


@pytest.mark.parametrize("file,engine", _params("test_another_engine_applies_it_and_drift_is_clean", PORTS,
                                                [f"{f}->{e}" for f, e in PORTS]))
def test_another_engine_applies_it_and_drift_is_clean(file, engine, databases):
    schema = inspected(file).schema
    d = dialects.get(engine)
    lowered = d.lower(schema)
    assert roundtrip.unlisted_changes(schema, lowered) == []
    assert {g.code for g in lowered.degradations} == EXPECT[file].codes[engine]
    url = databases(engine)
    statements, _ = d.ddl(schema)
    roundtrip.run_native(engine, url, d.script(statements))
    assert roundtrip.differences(engine, schema, _read(engine, url, schema), url) == []


@pytest.mark.parametrize("file", _params("test_sqlite_applies_the_rendering_through_its_driver_too", FILES))
def test_sqlite_applies_the_rendering_through_its_driver_too(file, databases):
    schema = inspected(file).schema
    d = dialects.get("sqlite")
    url = databases("sqlite")
    statements, _ = d.ddl(schema)
    conn = d.connect(url)
    try:
        d.apply(conn, statements)
        live = roundtrip.with_code(d, conn, (None,))
    finally:
        conn.close()
    assert roundtrip.differences("sqlite", schema, live) == []


@pytest.mark.parametrize("file", _params("test_the_inspected_schema_holds_what_the_source_said",
                                         [f for f in FILES if EXPECT[f].facts]))
def test_the_inspected_schema_holds_what_the_source_said(file):
    found = inspected(file)
    assert [what for what, holds in EXPECT[file].facts if not holds(found.schema, found.skipped)] == []
