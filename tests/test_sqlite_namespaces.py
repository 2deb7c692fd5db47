"""SQLite namespaces scoped to their main file (issue #16): a tenant's file is
``<main stem>.<namespace>.db`` beside the main file, in the script `schemakit ddl` prints (run by
the real sqlite3 client from another folder) and in migrate, drift and status; two deployments in
one folder never share a tenant; a tenant file an earlier schemakit made (``project_1.db``) is kept.
"""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

from schemakit import dialects
from schemakit.dialects.sqlite import storage
from schemakit.dialects.sqlite.introspect import parse_attach
from schemakit.dialects.urls import DbUrl
from schemakit.schema import catalog
from tests.data.sqlite_namespace_files import CASES
from tests.test_migrate import cli, run

D = dialects.get("sqlite")
SQLITE3 = shutil.which("sqlite3")


def ddl_script(*tenants: str) -> str:
    args = [a for t in tenants for a in ("--project", t)]
    return run("ddl", "contentgen", "--dialect", "sqlite", *args, check=True).stdout


def run_script(script: str, main: Path | None, cwd: Path) -> subprocess.CompletedProcess:
    """`script` through the sqlite3 client run in `cwd` (Python's executescript without one)."""
    if SQLITE3:
        return subprocess.run([SQLITE3, "-bail", *([str(main)] if main else [])], input=script,
                              capture_output=True, text=True, cwd=cwd)
    conn = sqlite3.connect(str(main) if main else ":memory:", isolation_level=None)
    try:
        conn.executescript(script)
        return subprocess.CompletedProcess([], 0, "", "")
    except sqlite3.Error as e:
        return subprocess.CompletedProcess([], 1, "", str(e))
    finally:
        conn.close()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.mark.parametrize("folder,main_name,tenant_name,why", CASES, ids=[c[0] for c in CASES])
def test_the_printed_ddl_puts_tenant_files_beside_the_main_file(tmp_path, folder, main_name, tenant_name, why):
    home, elsewhere = tmp_path / folder, tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    main = home / main_name
    proc = run_script(ddl_script("1", "2"), main, elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert list(elsewhere.iterdir()) == []  # nothing where the client ran
    second = tenant_name.replace("project_1", "project_2")
    assert sorted(p.name for p in home.iterdir()) == sorted([main_name, tenant_name, second])
    assert storage.scoped_name(main, "project_1") == tenant_name  # Python names the file the script made
    conn = D.connect(DbUrl("sqlite", database=str(main)))
    D.prepare_connection(conn, ("project_1", "project_2"))
    files = {name: Path(file).name for _, name, file in conn.execute("PRAGMA database_list")}
    assert files["project_1"] == tenant_name and files["project_2"] == second
    live = D.introspect(conn, (None, "project_1", "project_2"))
    assert {t.namespace for t in live.tables} == {None, "project_1", "project_2"}
    conn.close()


def test_the_printed_ddl_on_an_in_memory_database_fails_and_creates_nothing(tmp_path):
    proc = run_script(ddl_script("1"), None, tmp_path)
    assert proc.returncode != 0
    assert "in memory or temporary" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_in_memory_main_database_cannot_attach_a_namespace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    conn = sqlite3.connect(":memory:")
    with pytest.raises(storage.NoMainFile, match="project_1.*in memory"):
        D.prepare_connection(conn, ("project_1",))
    assert D.introspect(conn, (None, "project_1")).tables == ()  # read-only: nothing to attach
    assert list(tmp_path.iterdir()) == []


def test_parse_attach_reads_a_literal_file_or_the_computed_one():
    assert parse_attach("ATTACH DATABASE 'x y.db' AS \"p\"") == ("x y.db", "p")
    assert parse_attach("ATTACH 'a''b.db' AS p") == ("a'b.db", "p")
    rendered = [s.sql for s in D.render(D.lower(catalog.load("contentgen", tenants=["3"])).schema)
                if s.kind == "attach"]
    assert [parse_attach(sql) for sql in rendered] == [(None, "project_3")]


def add_tenant(main: Path, tenant: str) -> None:
    """Tenant `tenant`'s namespace made in `main` by the dialect (what `tenants add` runs)."""
    schema = D.lower(catalog.load("contentgen", tenants=[tenant])).schema
    ns = f"project_{tenant}"
    steps = [s for s in D.render(schema) if s.kind in ("pragma", "attach") and (s.kind == "pragma" or ns in s.sql)
             or (s.table or "").startswith(ns + ".")]
    conn = D.connect(DbUrl("sqlite", database=str(main)))
    D.apply(conn, steps)
    conn.close()


def terms(main: Path, ns: str) -> list[str]:
    conn = D.connect(DbUrl("sqlite", database=str(main)))
    D.prepare_connection(conn, (ns,))
    try:
        return [r[0] for r in conn.execute(f'SELECT term FROM "{ns}".vocabulary ORDER BY term')]
    finally:
        conn.close()


def insert_term(main: Path, ns: str, term: str) -> None:
    conn = D.connect(DbUrl("sqlite", database=str(main)))
    D.prepare_connection(conn, (ns,))
    with conn:
        conn.execute(f'INSERT INTO "{ns}".vocabulary (term, definition) VALUES (?, ?)', (term, "a term"))
    conn.close()


def test_two_deployments_in_one_folder_do_not_collide(tmp_path):
    folder, elsewhere = tmp_path / "shared folder", tmp_path / "cwd"
    folder.mkdir()
    elsewhere.mkdir()
    apps = [folder / f"app{i}_{uuid.uuid4().hex[:6]}.db" for i in (1, 2)]
    for main in apps:
        main.touch()
        run("migrate", "contentgen", "--tenant", "1", cwd=elsewhere, env={"DATABASE_URL": sqlite_url(main)},
            check=True)
        add_tenant(main, "2")
    expected = {main.name for main in apps} | {f"{main.stem}.project_{t}.db" for main in apps for t in (1, 2)}
    assert {p.name for p in folder.iterdir() if p.suffix == ".db"} == expected
    assert not list(elsewhere.glob("*.db"))
    insert_term(apps[0], "project_1", "only-in-app1")
    insert_term(apps[1], "project_2", "only-in-app2")
    assert terms(apps[0], "project_1") == ["only-in-app1"] and terms(apps[1], "project_1") == []
    assert terms(apps[1], "project_2") == ["only-in-app2"] and terms(apps[0], "project_2") == []
    for main in apps:
        proc = run("drift", "contentgen", cwd=elsewhere, env={"DATABASE_URL": sqlite_url(main)})
        assert proc.returncode == 0 and "no drift" in proc.stdout, proc.stdout + proc.stderr
        again = run("migrate", "contentgen", cwd=elsewhere, env={"DATABASE_URL": sqlite_url(main)}, check=True)
        assert "up to date" in again.stdout


def test_a_tenant_file_an_earlier_schemakit_made_keeps_working(tmp_path):
    old = tmp_path / "old.db"
    old.touch()
    run("migrate", "contentgen", "--database", sqlite_url(old), "--tenant", "1", cwd=tmp_path, check=True)
    insert_term(old, "project_1", "kept")
    # What an earlier schemakit left: the tenant file named project_1.db beside the migrated main file.
    (tmp_path / "old.project_1.db").rename(tmp_path / "project_1.db")
    drift = cli("drift", "contentgen", "--database", sqlite_url(old), "--tenant", "1", cwd=tmp_path)
    assert drift.returncode == 0 and "1 clean" in drift.stdout, drift.stdout + drift.stderr
    assert drift.stderr.count("stays in project_1.db") == 1  # said once
    again = run("migrate", "contentgen", "--database", sqlite_url(old), "--tenant", "1", cwd=tmp_path, check=True)
    assert "up to date" in again.stdout and "1 current" in again.stdout
    assert terms(old, "project_1") == ["kept"]
    assert not (tmp_path / "old.project_1.db").exists()  # no second, empty tenant file beside it
    # A new deployment in the same folder does not take the old file over.
    new = tmp_path / "new.db"
    new.touch()
    run("migrate", "contentgen", "--database", sqlite_url(new), "--tenant", "1", cwd=tmp_path, check=True)
    assert (tmp_path / "new.project_1.db").is_file()
    assert terms(new, "project_1") == [] and terms(old, "project_1") == ["kept"]


@pytest.mark.parametrize("args", [("migrate", "contentgen", "--tenant", "1"), ("drift", "contentgen", "--tenants", "all"),
                                  ("inspect", "--namespace", "project_1", "--out", "model.py")],
                         ids=["migrate", "drift", "inspect"])
def test_an_in_memory_url_is_refused_in_one_line_and_creates_no_tenant_file(args, tmp_path):
    proc = run(*args, "--database", "sqlite:///:memory:", cwd=tmp_path, bare=args[0] == "inspect")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "in memory" in proc.stderr
    assert list(tmp_path.iterdir()) == []
