"""`schemakit inspect`: schema code from a live database or a DDL file, on the real engines.

- The code writer (`schema.codegen`): every catalog system, the differ's evolved schemas, the
  synthetic schemas and schemas of hostile names and texts come back equal after write and load.
- Skips (tests/data/inspect_cases.py SKIPS): each engine's objects the model cannot hold are
  listed exactly, exit 1; the file loads and renders.
- Clean databases: exit 0, and `drift` with the written file on the same database finds nothing.
- --ddl: a scratch database, dropped after a load that succeeds, fails, or is interrupted.
- The commands run in this process (tests/incli.py); bad input and an interrupted --ddl load run
  as real processes, for their exit status and stderr as a shell sees them.
- The same-engine round trip of the catalog: migrate, inspect, render the file into a second
  database; both read back equal. One system per engine by default, every system with
  SCHEMAKIT_DEEP=1.
"""
from __future__ import annotations

import json
import keyword
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Optional

import pytest
from hypothesis import given, settings, strategies as st

from schemakit import dialects
from schemakit.dialects import urls
from schemakit.dialects.base import SKIP_CODES, Skipped
from schemakit.inspect import BOOKKEEPING, adopt
from schemakit.project import load_systems
from schemakit.schema import catalog, codegen
from schemakit.schema.build import check, col, exclude, expr, fk, index, state_machine, table, unique
from schemakit.schema.diff import diff
from schemakit.schema.model import (
    BOOLEAN, DATE, INTEGER, JSON, NOW, TEXT, TIMESTAMPTZ, UUID, Action, Check, Enum, Exclusion, ExclusionElement,
    Index, IndexMethod, IndexPart,
    Partitioning, Schema, decimal, enum_type, lit, varchar, array,
)
from schemakit.schema.synthetic import synthetic

from tests.changes import base_schema, evolved
from tests.conftest import DEEP, require_server
from tests.data.inspect_cases import (
    ADOPTED, BAD, CLEAN, DOMAIN_DDL, DOMAIN_ROWS, OTHER_DATABASE, SKIPS, UNGROUPED_VIEWS, UNTYPED_DDL,
)
from tests.roundtrip import run_native
from tests.incli import cli
from tests.test_migrate import cli as process_cli, url_text

SYSTEMS = catalog.names()
# One system per engine by default: partitions and tenants on PostgreSQL, state machines and
# enums on MariaDB, everything else on SQLite. MariaDB namespaces are server-wide, so a tenanted
# system cannot be rendered into a second database beside the first on the same server.
DEFAULT_ROUND_TRIPS = {"postgres": "scenes", "mariadb": "prismq", "sqlite": "scriptpal"}
ROUND_TRIPS = [(e, s) for e in ("postgres", "mariadb", "sqlite") for s in SYSTEMS
               if (DEEP or DEFAULT_ROUND_TRIPS[e] == s) and not (e == "mariadb" and catalog.get(s).tenancy)]


def load_source(source: str) -> Schema:
    """The schema a written module defines, executed as Python."""
    namespace: dict = {}
    exec(compile(source, "<written>", "exec"), namespace)
    return namespace["SYSTEM"].schema


# -- the code writer ---------------------------------------------------------------------------------
@pytest.mark.parametrize("system", SYSTEMS)
def test_every_catalog_system_loads_back_equal_from_its_written_file(system, tmp_path):
    schema = catalog.load(system)
    source = codegen.write(schema, system)
    assert codegen.write(schema, system) == source  # deterministic
    path = tmp_path / f"{system}_schema.py"
    path.write_text(source, encoding="utf-8")
    loaded = load_systems(str(path), tmp_path)
    assert list(loaded) == [system]
    assert loaded[system].schema == schema
    assert "schemakit.schema" not in source  # the public API only


@settings(max_examples=30)
@given(evolved(base_schema()))
def test_evolved_schemas_load_back_equal(schema):
    assert load_source(codegen.write(schema, "evolved")) == schema


@pytest.mark.parametrize("n", [1, 7])
def test_synthetic_schemas_load_back_equal(n):
    schema = synthetic(n)
    assert load_source(codegen.write(schema, "synthetic")) == schema


# Names and texts that break naive quoting: quotes of every kind, backslashes, newlines, tabs,
# Unicode (combining, astral, right-to-left), Python keywords, names of the API itself.
HOSTILE = st.one_of(
    st.sampled_from(["id", "class", "def", "None", "table", "col", "TEXT", "SYSTEM", "Schema", "date", "lambda",
                     "a b", "it's", 'say "hi"', "back\\slash", "new\nline", "tab\there", "'''", '"""', "é",
                     "e\u0301", "😀", "שלום", "x" * 60, "select", "1st", "__init__", "a.b", "-", "%s", "{x}"]),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=12),
)


@st.composite
def hostile_schemas(draw) -> Schema:
    """Schemas whose every name and text is drawn from HOSTILE (valid or not: the writer keeps anything)."""
    tables = []
    names = draw(st.lists(HOSTILE, min_size=1, max_size=3, unique=True))
    for name in names:
        cols = draw(st.lists(HOSTILE, min_size=1, max_size=4, unique=True))
        e = Enum(draw(HOSTILE), tuple(draw(st.lists(HOSTILE, min_size=1, max_size=3, unique=True))))
        types = [TEXT, INTEGER, BOOLEAN, UUID, DATE, JSON, TIMESTAMPTZ, varchar(draw(st.integers(1, 500))),
                 decimal(10, 2), enum_type(e), array(TEXT)]
        defaults = [None, NOW, lit(draw(HOSTILE)), lit(draw(st.integers(-2**63, 2**63))), lit(True),
                    lit(draw(st.floats(allow_nan=False)))]
        items = [col(c, draw(st.sampled_from(types)), null=draw(st.booleans()),
                     default=draw(st.sampled_from(defaults)), comment=draw(st.none() | HOSTILE)) for c in cols]
        items.append(check(draw(HOSTILE), f"{draw(HOSTILE)!r} <> ''", comment=draw(st.none() | HOSTILE)))
        items.append(Check(draw(HOSTILE), "x = 'two  spaces\nand a newline'",  # what check() would collapse
                           draw(st.none() | HOSTILE)))
        items.append(unique(*cols[:2], name=draw(st.none() | HOSTILE), comment=draw(st.none() | HOSTILE)))
        items.append(index(draw(HOSTILE), IndexPart(column=cols[0]), expr(f"lower({cols[-1]!r})", desc=True),
                           unique=draw(st.booleans()), where=draw(st.none() | st.just("n > 1"))))
        items.append(Index(draw(HOSTILE), (IndexPart(column=cols[0], desc=True, prefix=8),),
                           where="a  =  'b'", method=IndexMethod.GIN))
        items.append(fk(cols[0], names[0], cols[:1], on_delete=draw(st.sampled_from(list(Action))),
                        name=draw(st.none() | HOSTILE), ref_namespace=draw(st.none() | HOSTILE),
                        comment=draw(st.none() | HOSTILE)))
        items.append(state_machine(draw(HOSTILE), cols[0], [(draw(HOSTILE), draw(HOSTILE))]))
        items.append(exclude(draw(HOSTILE), (IndexPart(column=cols[0]), draw(st.sampled_from(["=", "&&", "<>"]))),
                             (expr(f"lower({cols[-1]!r})"), "="), where=draw(st.none() | HOSTILE),
                             comment=draw(st.none() | HOSTILE)))
        items.append(Exclusion(draw(HOSTILE), (ExclusionElement(IndexPart(column=draw(HOSTILE), opclass="x y"), "="),),
                               method=IndexMethod.SPGIST, where="a  =  'b'",  # what exclude() cannot spell
                               comment=draw(st.none() | HOSTILE)))
        partition = draw(st.none() | st.just(Partitioning(cols[0], DATE_START, draw(st.integers(1, 30)))))
        tables.append(table(name, *items, pk=cols[0], pk_comment=draw(st.none() | HOSTILE), partition=partition,
                            comment=draw(st.none() | HOSTILE),
                            namespace=draw(st.none() | HOSTILE), soft_delete=draw(st.none() | HOSTILE)))
    return Schema(tuple(tables))


DATE_START = __import__("datetime").date(2026, 1, 1)


@settings(max_examples=60)
@given(hostile_schemas(), HOSTILE)
def test_hostile_names_and_texts_load_back_equal(schema, title):
    source = codegen.write(schema, "hostile", title=title, docstring=f"from {title}\n")
    assert load_source(source) == schema


def test_written_variables_never_shadow_the_api_or_each_other():
    tables = [table(name, col("id", INTEGER), pk="id") for name in ("table", "col", "x y", "x_y", "class", "T\u00e9")]
    schema = Schema(tuple(tables))
    source = codegen.write(schema, "names")
    assert load_source(source) == schema
    variables = [line.split(" = ")[0] for line in source.splitlines() if line.endswith(" = table(")]
    assert len(set(variables)) == len(tables)
    assert not {"table", "col", "class"} & set(variables)
    assert all(v.isidentifier() and v.isascii() and not keyword.iskeyword(v) for v in variables)


def test_the_readme_lists_every_skip_code_with_its_meaning():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("### Adopting an existing database: inspect", 1)[1].split("\n### ", 1)[0]
    for code, meaning in SKIP_CODES.items():
        assert f"| `{code}` | {meaning} |" in section


# -- adopt: what was read made a valid model -------------------------------------------------------
def test_adopt_leaves_out_dependents_renames_shared_names_and_drops_what_validate_refuses():
    a = table("a", col("id", INTEGER, null=False), col("n", INTEGER), index("by_n", "n"), index("gone", "ghost"),
              check("a_ghost", "ghost > 0"), index("a_id_again", "id"), check("positive", "n > 0"), pk="id")
    b = table("b", col("id", INTEGER, null=False), col("a_id", INTEGER), col("n", INTEGER), index("by_n", "n"),
              fk("a_id", "a"), fk("n", "elsewhere", name="b_far_fkey"), check("positive", "n > 0"), pk="id")
    skipped: list[Skipped] = []
    adopted = adopt(Schema((a, b)), skipped)
    found = {(s.code, s.name) for s in skipped}
    assert found == {("SKIP-DEPENDENT", "a.gone"), ("SKIP-DEPENDENT", "a.a_ghost"), ("SKIP-NAME", "b.positive"),
                     ("SKIP-DEPENDENT", "b.b_far_fkey"), ("SKIP-INVALID", "a.a_id_again")}
    assert [k.name for k in adopted.table("b").checks] == ["b_positive"]
    # An index name is the model's per table, as MySQL's: kept (PostgreSQL and SQLite rename it on render).
    assert [i.name for i in adopted.table("b").indexes] == ["by_n"]
    assert all(s.code in SKIP_CODES for s in skipped)


# -- live databases: skips ----------------------------------------------------------------------------
def _database(engine: str, fresh_url, ddl: str):
    url = fresh_url(engine)
    run_native(engine, url, ddl)
    return url


def _reported(stderr: str) -> set[tuple[str, str]]:
    out = set()
    for line in stderr.splitlines():
        if line.startswith("schemakit: skipped: ["):
            code, _, rest = line[len("schemakit: skipped: ["):].partition("] ")
            out.add((code, rest.split(": ", 1)[0]))
    return out


@pytest.mark.parametrize("engine,case,ddl,expected", SKIPS, ids=[f"{e}-{c}" for e, c, _, _ in SKIPS])
def test_what_the_model_cannot_hold_is_listed_exactly_and_the_file_still_loads(engine, case, ddl, expected,
                                                                              fresh_url, tmp_path):
    url = _database(engine, fresh_url, ddl)
    out = tmp_path / "schema.py"
    proc = cli("inspect", "--database", url_text(url), "--out", str(out), cwd=tmp_path, bare=True)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert _reported(proc.stderr) == expected
    assert all(code in SKIP_CODES for code, _ in expected)
    assert proc.stderr.count("schemakit: skipped: ") == len(expected)  # one line each
    allowed = cli("inspect", "--database", url_text(url), "--out", str(out), "--allow-skipped", cwd=tmp_path, bare=True)
    assert allowed.returncode == 0, allowed.stderr
    for name in dialects.names():
        ddl_proc = cli("ddl", "--schema", str(out), "--dialect", name, cwd=tmp_path)
        assert ddl_proc.returncode == 0, ddl_proc.stderr
    written = out.read_text()
    assert all(f"[{code}] {name}" in written for code, name in expected)  # the report is in its docstring


def test_a_mysql_view_postgresql_refuses_is_absent_there_and_the_rest_runs_on_postgresql(fresh_url, tmp_path):
    """A MariaDB view whose GROUP BY leaves a selected column out is kept for MariaDB and SQLite; the
    PostgreSQL DDL of the written file runs on PostgreSQL, with the view whose GROUP BY holds the key."""
    source = _database("mariadb", fresh_url, UNGROUPED_VIEWS)
    out = tmp_path / "schema.py"
    cli("inspect", "--database", url_text(source), "--out", str(out), "--allow-skipped", cwd=tmp_path, bare=True,
        check=True)
    target = fresh_url("postgres")
    run_native("postgres", target, cli("ddl", "--schema", str(out), "--dialect", "postgres", cwd=tmp_path,
                                       check=True).stdout)
    run_native("postgres", target, "SELECT id, name, n FROM genre_songs; SELECT label, n FROM genre_labels;\n"
                                   "SELECT name, n FROM genre_names;")
    for engine in ("mariadb", "sqlite"):
        url = fresh_url(engine)
        run_native(engine, url, cli("ddl", "--schema", str(out), "--dialect", engine, cwd=tmp_path, check=True).stdout)
        run_native(engine, url, "SELECT id, title, name, n FROM song_genres;")


@pytest.mark.parametrize("target", ["postgres", "mariadb", "sqlite"])
def test_a_domain_read_as_its_base_type_gives_every_row_the_source_verdict(target, fresh_url, tmp_path):
    source = _database("postgres", fresh_url, DOMAIN_DDL)
    verdicts = {}
    for row, _ in DOMAIN_ROWS:
        try:
            run_native("postgres", source, row + ";")
            verdicts[row] = True
        except AssertionError:
            verdicts[row] = False
    assert verdicts == dict(DOMAIN_ROWS)  # the data file says what PostgreSQL does
    out = tmp_path / "schema.py"
    cli("inspect", "--database", url_text(source), "--out", str(out), "--allow-skipped", cwd=tmp_path, bare=True,
        check=True)
    url = fresh_url(target)
    run_native(target, url, cli("ddl", "--schema", str(out), "--dialect", target, cwd=tmp_path, check=True).stdout)
    for row, accepted in DOMAIN_ROWS:
        try:
            run_native(target, url, _quoted_for(target, row) + ";")
            assert accepted, f"{target} accepted {row}"
        except AssertionError as e:
            assert not accepted, f"{target} refused {row}: {e}"


def _quoted_for(engine: str, sql: str) -> str:
    """`sql` (identifiers in double quotes) for `engine`'s native client: MariaDB quotes with backticks
    unless ANSI_QUOTES is set (https://mariadb.com/kb/en/identifier-names/)."""
    return sql.replace('"', "`") if engine == "mariadb" else sql


@pytest.mark.parametrize("engine,ddl", CLEAN, ids=[e for e, _ in CLEAN])
def test_a_database_the_model_holds_is_written_whole_and_drift_finds_nothing(engine, ddl, fresh_url, tmp_path):
    url = _database(engine, fresh_url, ddl)
    out = tmp_path / "schema.py"
    proc = cli("inspect", "--database", url_text(url), "--out", str(out), "--system", "shop", cwd=tmp_path, bare=True)
    assert proc.returncode == 0, proc.stderr
    assert "skipped" not in proc.stderr
    drift = cli("drift", "--schema", str(out), "--database", url_text(url), cwd=tmp_path)
    lines = drift.stdout.splitlines()[1:]
    # another tool's tables lack only schemakit's own support objects (an identity's sk_ trigger on PostgreSQL),
    # which `migrate --baseline` creates (README "Adopting a live database")
    support = [x for x in lines if x.startswith("  - schemakit's trigger sk_") and " is missing: " in x]
    assert lines == support and drift.returncode == (1 if support else 0), drift.stdout + drift.stderr
    assert support or "no drift" in drift.stdout
    for name in dialects.names():
        assert cli("ddl", "--schema", str(out), "--dialect", name, cwd=tmp_path).returncode == 0
    again = tmp_path / "again.py"
    cli("inspect", "--database", url_text(url), "--out", str(again), "--system", "shop", cwd=tmp_path, check=True, bare=True)
    assert again.read_text() == out.read_text()  # deterministic


@pytest.mark.parametrize("engine,case,ddl,expected", ADOPTED, ids=[f"{e}-{c}" for e, c, _, _ in ADOPTED])
def test_the_readmes_adoption_steps_give_the_same_database_and_a_second_migrate_changes_nothing(
        engine, case, ddl, expected, fresh_url, tmp_path):
    """tests/data/inspect_cases.py ADOPTED: init, inspect --ddl, makemigrations, migrate into a new database,
    drift against the original (the file loaded by the engine's client into a database as its server makes
    one by default), baseline it, migrate again: each step as the README gives it."""
    original = fresh_url(engine)
    _with_the_servers_defaults(engine, original)
    run_native(engine, original, ddl)
    (tmp_path / "schema.sql").write_text(ddl)
    if engine == "sqlite":  # namespaces are files beside the database: the new one gets a folder of its own
        (tmp_path / "new").mkdir()
        new = dialects.get(engine).create_database(urls.DbUrl("sqlite", database=str(tmp_path / "new")), "new")
    else:
        new = fresh_url(engine)
    project = tmp_path / "project"
    project.mkdir()
    cli("init", cwd=project, check=True, bare=True)
    proc = cli("inspect", "--ddl", str(tmp_path / "schema.sql"), "--dialect", engine, "--out", "db/schema.py",
               "--system", "app", "--allow-skipped", cwd=project, bare=True)
    assert proc.returncode == 0, proc.stderr
    assert _reported(proc.stderr) == expected
    cli("makemigrations", cwd=project, check=True, bare=True)
    for url in (new, new):
        cli("migrate", "--database", url_text(url), cwd=project, check=True, bare=True)
    assert "nothing to do" in cli("migrate", "--database", url_text(new), cwd=project, check=True, bare=True).stdout
    for url in (new, original) if not expected else (new,):
        drift = cli("drift", "--database", url_text(url), cwd=project, bare=True)
        assert drift.returncode == 0, drift.stdout + drift.stderr
    cli("migrate", "--baseline", "--database", url_text(original), cwd=project, check=True, bare=True)
    again = cli("migrate", "--database", url_text(original), cwd=project, check=True, bare=True)
    assert "nothing to do" in again.stdout


def _with_the_servers_defaults(engine: str, url) -> None:
    """Give the database `url` the defaults a plain CREATE DATABASE gets from its server, as a user's own
    database has them: on MariaDB the server's character set and collation (fresh_url's are schemakit's),
    which a table created without any takes (https://mariadb.com/kb/en/setting-character-sets-and-collations/)."""
    if engine != "mariadb":
        return
    d = dialects.get(engine)
    conn = d.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT @@character_set_server, @@collation_server")
            charset, collation = cur.fetchone()
            cur.execute(f"ALTER DATABASE {d.quote(url.database)} CHARACTER SET {charset} COLLATE {collation}")
    finally:
        conn.close()


@pytest.mark.parametrize("args,message", BAD, ids=[m for _, m in BAD])
def test_bad_input_is_one_line_and_exit_2(args, message, tmp_path):
    (tmp_path / "schema.sql").write_text("CREATE TABLE t (id INTEGER PRIMARY KEY) STRICT;\n")
    proc = process_cli("inspect", *args, cwd=tmp_path, bare=True)  # a real process: its exit status and stderr
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.py").exists()


@pytest.mark.parametrize("engine", ["postgres", "mariadb", "sqlite"])
def test_an_empty_database_is_refused(engine, fresh_url, tmp_path):
    url = fresh_url(engine)
    proc = cli("inspect", "--database", url_text(url), "--out", str(tmp_path / "x.py"), cwd=tmp_path, bare=True)
    assert proc.returncode == 2
    assert "empty database" in proc.stderr


# -- --ddl: a scratch database ------------------------------------------------------------------------
def _scratch_databases(engine: str) -> set[str]:
    d = dialects.get(engine)
    conn = d.connect(require_server(engine))
    try:
        cur = conn.cursor()
        if engine == "postgres":
            cur.execute("SELECT datname FROM pg_database WHERE datname LIKE 'sk_inspect_%'")
        else:
            cur.execute("SHOW DATABASES LIKE 'sk\\_inspect\\_%'")
        return {r[0] for r in cur.fetchall()}
    finally:
        conn.close()


@pytest.mark.parametrize("engine", ["postgres", "mariadb", "sqlite"])
def test_ddl_is_loaded_by_the_engine_read_and_its_scratch_database_dropped(engine, tmp_path):
    ddl = next(d for e, d in CLEAN if e == engine)
    (tmp_path / "shop.sql").write_text(ddl)
    before = _scratch_databases(engine) if engine != "sqlite" else set()
    out = tmp_path / "shop.py"
    proc = cli("inspect", "--ddl", "shop.sql", "--dialect", engine, "--out", str(out), cwd=tmp_path, bare=True)
    assert proc.returncode == 0, proc.stderr
    assert load_systems(str(out), tmp_path)["shop"].schema.has_table("author")
    if engine != "sqlite":
        assert _scratch_databases(engine) <= before  # none left; another run's may have gone


@pytest.mark.parametrize("engine,line", [("postgres", "psql:shop.sql:3: ERROR:"), ("mariadb", "at line 3"),
                                         ("sqlite", "line 3")])
def test_ddl_the_engine_refuses_is_its_error_with_its_line_and_nothing_is_left(engine, line, tmp_path):
    (tmp_path / "shop.sql").write_text("CREATE TABLE a (id INTEGER PRIMARY KEY);\n\nCREATE TABLE b (id INTEGR PRIMARY"
                                       " KEY,, x);\n")
    before = _scratch_databases(engine) if engine != "sqlite" else set()
    proc = cli("inspect", "--ddl", "shop.sql", "--dialect", engine, "--out", str(tmp_path / "x.py"), cwd=tmp_path, bare=True)
    assert proc.returncode == 2, proc.stderr
    assert line in proc.stderr and "refused it" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    if engine != "sqlite":
        assert _scratch_databases(engine) <= before  # none left; another run's may have gone


def _all_databases(engine: str) -> set[str]:
    d = dialects.get(engine)
    conn = d.connect(require_server(engine))
    try:
        cur = conn.cursor()
        cur.execute("SELECT datname FROM pg_database" if engine == "postgres" else "SHOW DATABASES")
        return {r[0] for r in cur.fetchall()}
    finally:
        conn.close()


@pytest.mark.parametrize("engine,ddl", [(e, d) for e, _, d in OTHER_DATABASE], ids=[i for _, i, _ in OTHER_DATABASE])
def test_ddl_that_leaves_the_scratch_database_is_refused_before_it_runs(engine, ddl, fresh_url, tmp_path):
    name = fresh_url(engine).database  # stands for a database of the user's on the same server
    (tmp_path / "dump.sql").write_text(ddl.format(name=name))
    proc = cli("inspect", "--ddl", "dump.sql", "--dialect", engine, "--out", str(tmp_path / "x.py"), cwd=tmp_path,
               bare=True)
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "another database" in proc.stderr, proc.stderr
    # the user's database is not dropped, none is left behind (other runs share the server: only these names)
    assert {n for n in _all_databases(engine) if n.startswith(name)} == {name}
    assert not (tmp_path / "x.py").exists()

def test_ddl_interrupted_drops_its_scratch_database(tmp_path):
    require_server("postgres")
    marker = f"sk_marker_{os.getpid()}_{time.monotonic_ns()}"  # names this run's session among other runs'
    (tmp_path / "slow.sql").write_text(f"CREATE TABLE a (id integer PRIMARY KEY);\nSELECT pg_sleep(60) AS {marker};\n")
    repo = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen([sys.executable, "-m", "schemakit.cli", "inspect", "--ddl", "slow.sql", "--dialect",
                             "postgres", "--out", "x.py"], cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(repo)})
    deadline, scratch = time.monotonic() + 30, None
    while scratch is None and time.monotonic() < deadline:  # the client is loading the script into it
        scratch = _loading_database(marker)
        time.sleep(0.2)
    assert scratch is not None and scratch.startswith("sk_inspect_"), "the script never ran in a scratch database"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert scratch not in _scratch_databases("postgres")


def _loading_database(marker: str) -> Optional[str]:
    """The database of the session running the statement that holds `marker`, or None."""
    conn = dialects.get("postgres").connect(require_server("postgres"))
    try:
        cur = conn.cursor()
        cur.execute("SELECT datname FROM pg_stat_activity WHERE query LIKE %s AND pid <> pg_backend_pid()",
                    (f"%{marker}%",))
        row = cur.fetchone()
        return row[0] if row else None
    finally:
        conn.close()


# -- the same-engine round trip of the catalog --------------------------------------------------------
def _read(engine: str, url, namespaces) -> Schema:
    d = dialects.get(engine)
    conn = d.connect(url)
    try:
        live = d.introspect(conn, (None,) + tuple(namespaces))
    finally:
        conn.close()
    return Schema(tuple(t for t in live.tables if t.name not in BOOKKEEPING))


@pytest.mark.parametrize("engine,system", ROUND_TRIPS, ids=[f"{e}-{s}" for e, s in ROUND_TRIPS])
def test_migrate_inspect_render_into_a_second_database_reads_back_the_same(engine, system, fresh_url, tmp_path):
    first = fresh_url(engine)
    if engine == "sqlite":  # namespaces are files beside the database: the second one gets a folder of its own
        (tmp_path / "second").mkdir()
        second = dialects.get(engine).create_database(urls.DbUrl("sqlite", database=str(tmp_path / "second")), "b")
    else:
        second = fresh_url(engine)
    cli("migrate", system, "--database", url_text(first), check=True)
    namespaces = catalog.load(system).namespaces
    out = tmp_path / f"{system}_inspected.py"
    ns_args = [a for ns in namespaces for a in ("--namespace", ns)]
    proc = cli("inspect", "--database", url_text(first), "--out", str(out), "--system", system, *ns_args, cwd=tmp_path, bare=True)
    assert proc.returncode == 0, proc.stderr
    drift = cli("drift", "--schema", str(out), "--database", url_text(first), cwd=tmp_path)
    assert drift.returncode == 0, drift.stdout + drift.stderr
    script = cli("ddl", "--schema", str(out), "--dialect", engine, cwd=tmp_path, check=True).stdout
    run_native(engine, second, script)
    a, b = _read(engine, first, namespaces), _read(engine, second, namespaces)
    assert [c.describe() for c in diff(a, b)] == []
    assert sorted(map(_canonical, a.tables)) == sorted(map(_canonical, b.tables))  # every attribute


def _canonical(t) -> str:
    """A table's every attribute as text, its constraints and indexes in name order (the order a
    database lists them in is the order they were created in, which rendering may change)."""
    groups = ("foreign_keys", "uniques", "checks", "indexes", "state_machines")
    return repr(replace(t, **{g: tuple(sorted(getattr(t, g), key=lambda x: x.name)) for g in groups}))



def test_the_checks_judge_a_column_without_a_declared_type_on_every_engine(tmp_path):
    """`schemakit check --schema` on the file `inspect` writes from a loose SQLite table with untyped
    columns (native("", "sqlite"): text on PostgreSQL and MariaDB, PG-NATIVE and MY-NATIVE): the oracle
    has example values for it (checks/typerules.py NATIVE_EXAMPLES) and no engine disagrees."""
    for server in ("postgres", "mariadb"):
        require_server(server)
    (tmp_path / "kv.sql").write_text(UNTYPED_DDL)
    out = tmp_path / "schema.py"
    cli("inspect", "--ddl", str(tmp_path / "kv.sql"), "--dialect", "sqlite", "--out", str(out), cwd=tmp_path,
        bare=True, check=True)
    assert 'col("v", native("", "sqlite"))' in out.read_text()
    for engine, code in (("postgres", "PG-NATIVE"), ("mariadb", "MY-NATIVE")):
        ddl = cli("ddl", "--schema", str(out), "--dialect", engine, "--degradations", "--format", "json",
                  cwd=tmp_path, check=True)
        assert {(g["code"], g["subject"]) for g in json.loads(ddl.stdout)["degradations"]} >= {
            (code, "v"), (code, 'we"ird col')}
    proc = cli("check", "--schema", str(out), "--dialect", "sqlite,postgres,mariadb", "--examples", "10",
               "--format", "json", cwd=tmp_path, bare=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [system] = json.loads(proc.stdout)["systems"]
    assert system["disagreements"] == [] and system["rows"] > 0
    assert sorted(system["engines"]) == ["mariadb", "postgres", "sqlite"]


def test_enum_and_set_members_with_a_backslash_read_as_the_server_holds_them(fresh_url, tmp_path):
    """COLUMN_TYPE writes a member's backslash escaped; it was read doubled, and drift against the same database
    could not see it (both sides read alike): the members themselves are compared here, then a database made from
    the model takes the original row."""
    ddl = "CREATE TABLE paths (id int PRIMARY KEY, sep ENUM('/', 'a\\\\b') NOT NULL DEFAULT 'a\\\\b', flags SET('x', 'y\\\\z'));"
    url = _database("mariadb", fresh_url, ddl)
    out = tmp_path / "schema.py"
    cli("inspect", "--database", url_text(url), "--out", str(out), "--system", "paths", cwd=tmp_path, check=True, bare=True)
    t = load_systems(str(out), tmp_path)["paths"].schema.table("paths")
    assert t.column("sep").type.enum.values == ("/", "a\\b") and t.column("sep").default.value == "a\\b"
    assert t.column("flags").type.values == ("x", "y\\z")
    fresh = fresh_url("mariadb")
    cli("makemigrations", "--schema", str(out), cwd=tmp_path, check=True, bare=True)
    cli("migrate", "--schema", str(out), "--database", url_text(fresh), cwd=tmp_path, check=True, bare=True)
    run_native("mariadb", fresh, "INSERT INTO paths (id, flags) VALUES (1, 'y\\\\z'); "
                                 "INSERT INTO paths VALUES (2, 'a\\\\b', 'x,y\\\\z');")


def test_a_system_versioned_table_is_read_as_its_base_table(fresh_url, tmp_path):
    """Named "read as a base table", it was left out of the file, and drift never listed it."""
    url = _database("mariadb", fresh_url, "CREATE TABLE hist (id int PRIMARY KEY, v int) WITH SYSTEM VERSIONING;")
    out = tmp_path / "schema.py"
    cli("inspect", "--database", url_text(url), "--out", str(out), "--system", "h", "--allow-skipped", cwd=tmp_path,
        check=True, bare=True)
    t = load_systems(str(out), tmp_path)["h"].schema.table("hist")
    assert [c.name for c in t.columns] == ["id", "v"]
