"""yoyo's own command line sees the history schemakit keeps, and schemakit sees yoyo's.

schemakit runs its migrations through yoyo's backends, with refinements (its own lock, the
bookkeeping tables created in their current layout, a new database's squashed baseline), but
the record is yoyo's documented one (``_yoyo_migration``, ``_yoyo_log``, ``_yoyo_version``:
https://ollycope.com/software/yoyo/latest/). So a database `schemakit migrate` made is one
yoyo's command line (``yoyo list``, ``yoyo apply``, its stock backends, no schemakit code in
its sessions) finds fully applied, whichever way schemakit applied it (the squashed baseline
of a new database, or file by file with --replay); and a database ``yoyo apply`` made is one
`schemakit status` and `schemakit migrate` find up to date.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from schemakit import dialects
from schemakit.makemigrations import migrations_in, system_dir
from tests.test_migrate import MIGRATIONS, drop_namespaces, url_text
from tests.incli import cli

YOYO = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "yoyo"
ENGINES = ["postgres", "mysql", "sqlite"]
SYSTEM = "prismq"  # several migrations, and a baseline.json that squashes them for a new database
LISTED = re.compile(r"^([AU])\s+(\S+)\s", re.MULTILINE)


def yoyo_url(engine: str, url) -> str:
    """The URL a user hands yoyo's command line: its scheme for the engine's stock backend
    (`Dialect.yoyo_scheme`), nothing of schemakit's (no query parameters)."""
    d = dialects.get(engine)
    if not d.has_server:
        return f"{d.yoyo_scheme}:///{url.database}"
    auth = quote(url.user or "", safe="") + (f":{quote(url.password, safe='')}" if url.password else "")
    return f"{d.yoyo_scheme}://{auth}@{url.host}:{url.port}/{quote(url.database, safe='')}"


def yoyo(command: str, engine: str, url) -> subprocess.CompletedProcess:
    """yoyo's command line on the system's migrations for `engine`, in batch mode, without a yoyo.ini."""
    source = system_dir(MIGRATIONS, dialects.get(engine).name, SYSTEM)
    proc = subprocess.run([str(YOYO), command, "--batch", "--no-config-file", "--database", yoyo_url(engine, url),
                           str(source)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def listed(engine: str, url) -> dict[str, str]:
    """`yoyo list`: migration id -> A (applied) or U (unapplied)."""
    return {mid: status for status, mid in LISTED.findall(yoyo("list", engine, url).stdout)}


def ids(engine: str) -> list[str]:
    return [m.id for m in migrations_in(system_dir(MIGRATIONS, dialects.get(engine).name, SYSTEM))]


def query(engine: str, url, sql: str) -> list[tuple]:
    conn = dialects.get(engine).connect(url)
    try:
        cur = conn.cursor()
        cur.execute(sql)
        return sorted(tuple(r) for r in cur.fetchall())
    finally:
        conn.close()


def bookkeeping(engine: str, url) -> tuple:
    """What yoyo recorded: the applied migrations and every log row."""
    return (query(engine, url, "SELECT migration_hash, migration_id FROM _yoyo_migration"),
            query(engine, url, "SELECT id, migration_id, operation FROM _yoyo_log"))


@pytest.mark.parametrize("replay", [False, True], ids=["baseline", "replay"])
@pytest.mark.parametrize("engine", ENGINES)
def test_yoyo_lists_what_schemakit_applied_and_has_nothing_to_apply(engine, replay, fresh_url):
    url = fresh_url(engine)
    try:
        done = cli("migrate", SYSTEM, "--database", url_text(url), *(["--replay"] if replay else []), check=True)
        assert f"applied {len(ids(engine))} migration(s)" in done.stdout
        assert ("squashed" in done.stdout) is not replay
        before = bookkeeping(engine, url)
        assert sorted(mid for _, mid in before[0]) == ids(engine)
        assert listed(engine, url) == {mid: "A" for mid in ids(engine)}
        yoyo("apply", engine, url)  # silent either way: what it did is in its log table
        assert bookkeeping(engine, url) == before  # nothing applied, logged or recorded
        assert listed(engine, url) == {mid: "A" for mid in ids(engine)}
        assert "up to date" in cli("migrate", SYSTEM, "--database", url_text(url), check=True).stdout
    finally:
        drop_namespaces(engine, url, SYSTEM)


@pytest.mark.parametrize("engine", ENGINES)
def test_schemakit_sees_what_yoyo_applied(engine, fresh_url):
    url = fresh_url(engine)
    try:
        yoyo("apply", engine, url)
        assert listed(engine, url) == {mid: "A" for mid in ids(engine)}
        status = json.loads(cli("status", SYSTEM, "--database", url_text(url), "--format", "json", check=True).stdout)
        assert [(s["applied"], s["pending"]) for s in status["systems"]] == [(ids(engine), [])], status
        before = bookkeeping(engine, url)
        again = cli("migrate", SYSTEM, "--database", url_text(url), check=True)
        assert f"up to date ({len(ids(engine))} migration(s) applied)" in again.stdout, again.stdout
        assert bookkeeping(engine, url) == before
    finally:
        drop_namespaces(engine, url, SYSTEM)


# -- the seam itself: module-level classes, public names only ---------------------------------------

SEAM_MODULES = ["schemakit/backend.py", "dialects/mysql/driver.py"] + \
    [f"dialects/{d.name}/backend.py" for d in dialects.all_dialects() if d.variant_of is None]


def test_every_engine_has_a_module_level_backend_class_overriding_only_public_yoyo_names():
    from yoyo.backends.base import DatabaseBackend

    from schemakit import backend
    assert list(backend.BACKENDS) == dialects.names()
    for name, cls in backend.BACKENDS.items():
        assert cls.dialect is dialects.get(name) and getattr(backend, cls.__name__) is cls
        ours = [c for c in cls.__mro__ if c.__module__.startswith("schemakit.")]
        assert ours and all("<locals>" not in c.__qualname__ for c in ours)  # none built inside a function
        yoyos = [c for c in cls.__mro__ if c.__module__.startswith("yoyo.")]
        assert yoyos[-1] is DatabaseBackend
        for c in ours:
            private = [n for n in vars(c) if n.startswith("_") and not n.startswith("__")]
            assert private == [], f"{c.__qualname__} defines {private}"


@pytest.mark.parametrize("path", SEAM_MODULES)
def test_the_seam_reads_no_private_name_of_another_library(path):
    """No ``x._name`` (nor ``from m import _name``) in the modules between schemakit and yoyo/pymysql."""
    import ast
    tree = ast.parse((Path(__file__).resolve().parents[1] / path).read_text())
    private = [n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
               and n.attr.startswith("_") and not n.attr.startswith("__")]
    private += [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
                if a.name.startswith("_")]
    assert private == []
