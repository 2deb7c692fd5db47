"""`schemakit status`, `makemigrations --check` and `--format json`, on the real engines.

status reads only: a database that does not exist is reported and not created; a held lock is
named; no password is ever shown, in text or JSON."""
from __future__ import annotations

import json

import pytest

from schemakit import dialects
from tests.conftest import ENGINES, served
from tests.test_lock import holding_the_lock
from tests.test_migrate import MIGRATIONS, url_text
from tests.incli import cli
from tests.test_project import GOOD_SCHEMA, TWO_SYSTEMS, _tree, _write


def _status(*args: str, **kw) -> list[dict]:
    proc = cli("status", *args, "--format", "json", check=True, **kw)
    return json.loads(proc.stdout)["systems"]


@pytest.mark.parametrize("engine", ENGINES)
def test_status_reads_a_missing_database_creates_nothing_then_follows_migrate(engine, fresh_url):
    url = fresh_url(engine)
    d = served(engine)  # a mysql:// URL reaching MariaDB: status names the mariadb dialect
    files = sorted(p.stem for p in (MIGRATIONS / d.name / "prismq").glob("[0-9]*.py"))
    missing = d.sibling_database(url, "nx")
    before = _status("prismq", "--database", url_text(missing))
    assert before == [{"system": "prismq", "dialect": d.name, "database": missing.redacted, "exists": False,
                       "applied": [], "pending": files, "locked": False, "lock_holder": None}]
    with pytest.raises(d.driver_errors()) as refused:  # still no database: status created nothing
        d.connect(missing).close()
    assert d.missing_database(refused.value), refused.value
    cli("migrate", "prismq", "--database", url_text(url), check=True)
    after = _status("prismq", "--database", url_text(url))
    assert after[0]["exists"] and after[0]["pending"] == [] and after[0]["applied"] == files
    text = cli("status", "prismq", "--database", url_text(url), check=True).stdout
    assert text.splitlines() == [f"prismq: {url.redacted}: {len(files)} applied, 0 pending; not locked"] + \
        [f"  applied  {f}" for f in files]


@pytest.mark.parametrize("engine", ENGINES)
def test_status_names_the_holder_of_the_lock(engine, fresh_url):
    url = fresh_url(engine)
    d = dialects.get(engine)
    cli("migrate", "cyoa", "--database", url_text(url), check=True)
    with holding_the_lock(d, url) as expected:
        [s] = _status("cyoa", "--database", url_text(url))
        assert s["locked"] is True and s["lock_holder"] == expected
    [s] = _status("cyoa", "--database", url_text(url))
    assert s["locked"] is False and s["lock_holder"] is None


def test_status_on_a_mistyped_sqlite_path_creates_no_file(tmp_path):
    [s] = _status("contentgen", "--database", f"sqlite:///{tmp_path / 'typo.db'}")  # namespaced: typo.project_1.db
    assert s["exists"] is False and s["pending"] == ["0001_contentgen_initial"]
    assert list(tmp_path.iterdir()) == []
    cli("migrate", "contentgen", "--database", f"sqlite:///{tmp_path / 'cg.db'}", check=True)
    made = sorted(p.name for p in tmp_path.iterdir())
    [s] = _status("contentgen", "--database", f"sqlite:///{tmp_path / 'cg.db'}")
    assert s["exists"] is True and s["applied"] == ["0001_contentgen_initial"]
    assert sorted(p.name for p in tmp_path.iterdir()) == made


def test_no_password_in_status_json_or_text(fresh_url):
    url = fresh_url("postgres")
    secret = url_text(url).replace("postgres@", "postgres:hunter2@", 1)
    cli("migrate", "cyoa", "--database", url_text(url), check=True)
    for fmt in ("json", "text"):
        proc = cli("status", "cyoa", "--database", secret, "--format", fmt)
        assert proc.returncode == 0, proc.stderr
        assert "hunter2" not in proc.stdout + proc.stderr


def test_makemigrations_check_fails_on_an_uncovered_change_writes_nothing_and_passes_after(tmp_path):
    _write(tmp_path, {"schemakit.toml": "schema = 'db.py'\n", "db.py": TWO_SYSTEMS})
    first = cli("makemigrations", "--check", cwd=tmp_path, bare=True)
    assert first.returncode == 1 and "zoo (sqlite): add table owners" in first.stdout, first.stdout + first.stderr
    assert not (tmp_path / "migrations").exists()
    cli("makemigrations", cwd=tmp_path, bare=True, check=True)
    assert cli("makemigrations", "--check", cwd=tmp_path, bare=True, check=True).stdout.startswith("no changes")
    _write(tmp_path, {"db.py": TWO_SYSTEMS.replace('col("name", TEXT, null=False)',
                                                   'col("name", TEXT, null=False), col("email", TEXT)')})
    before = _tree(tmp_path)
    sums = {p: p.read_bytes() for p in (tmp_path / "migrations").glob("*/schemakit.sum")}
    proc = cli("makemigrations", "--check", "--format", "json", cwd=tmp_path, bare=True)
    assert proc.returncode == 1
    found = json.loads(proc.stdout)
    assert found["covered"] is False
    assert {(u["system"], u["dialect"]) for u in found["uncovered"]} == {
        (s, d) for s in ("zoo", "shop") for d in dialects.names()}
    assert all(u["changes"] == ["add column owners.email text"] for u in found["uncovered"])
    assert _tree(tmp_path) == before and len(sums) == len(dialects.names())
    assert {p: p.read_bytes() for p in (tmp_path / "migrations").glob("*/schemakit.sum")} == sums
    cli("makemigrations", cwd=tmp_path, bare=True, check=True)
    ok = cli("makemigrations", "--check", "--format", "json", cwd=tmp_path, bare=True, check=True)
    assert json.loads(ok.stdout) == {"covered": True, "uncovered": []}


def test_drift_and_degradations_as_json(tmp_path):
    _write(tmp_path, {"schemakit.toml": "schema = 'db.py'\n", "db.py": GOOD_SCHEMA})
    cli("makemigrations", cwd=tmp_path, bare=True, check=True)
    cli("migrate", cwd=tmp_path, bare=True, check=True)
    clean = cli("drift", "--format", "json", cwd=tmp_path, bare=True, check=True)
    assert json.loads(clean.stdout) == {"system": "db", "drift": False, "differences": []}
    import sqlite3
    with sqlite3.connect(tmp_path / "var" / "db.db") as conn:
        conn.execute('CREATE INDEX "t_extra" ON "t" ("id")')
    drifted = cli("drift", "--format", "json", cwd=tmp_path, bare=True)
    assert drifted.returncode == 1
    assert json.loads(drifted.stdout) == {"system": "db", "drift": True, "differences": ["extra index t_extra on t (id)"]}
    deg = cli("ddl", "prismq", "--dialect", "mysql", "--degradations", "--format", "json", check=True)
    doc = json.loads(deg.stdout)
    assert doc["system"] == "prismq" and doc["dialect"] == "mysql"
    text = cli("ddl", "prismq", "--dialect", "mysql", "--degradations", check=True).stdout.splitlines()
    assert [f"[{g['code']}] {g['engine']}: {g['table']}.{g['subject']}: {g['feature']} -> {g['effect']}"
            for g in doc["degradations"]] == text


def test_check_as_json(tmp_path):
    _write(tmp_path, {"schemakit.toml": "schema = 'db.py'\n", "db.py": GOOD_SCHEMA})
    proc = cli("check", "--dialect", "sqlite", "--examples", "2", "--format", "json", cwd=tmp_path, bare=True)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["ok"] is True and [s["system"] for s in doc["systems"]] == ["db"]
    [s] = doc["systems"]
    assert s["engines"] == ["sqlite"] and s["disagreements"] == [] and s["rows"] > 0
    assert {line["kind"] for line in s["lines"]} >= {"primary_key", "not_null"}
