"""Exit codes of the command line: 0 ok, 1 drift found, 2 user error, 3 unexpected error, 130 interrupted.

A user error is one line naming the file or folder and the fix, never a
traceback (cases in tests/data/cli_errors.py). An unexpected error is one
line with the path of a log file that holds the traceback, without any
password. The crash is provoked for real in the child process: a
`sitecustomize` module on its PYTHONPATH makes one schemakit function raise.
"""
from __future__ import annotations

import importlib.util
import re
import sqlite3
from pathlib import Path

import pytest

from tests.test_migrate import MIGRATIONS, cli

_spec = importlib.util.spec_from_file_location("cli_errors", Path(__file__).parent / "data" / "cli_errors.py")
DATA = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(DATA)
REPO = Path(__file__).resolve().parents[1]


def one_line(proc) -> str:
    """The single stderr line (fails if there are more, or a traceback)."""
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.mark.parametrize("case", DATA.CASES, ids=[c.id for c in DATA.CASES])
def test_user_errors_about_files_are_one_line_naming_them(case, tmp_path):
    case.setup(tmp_path)
    proc = cli(*(a.format(tmp=tmp_path) for a in case.args), cwd=tmp_path, bare=case.bare)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    line = one_line(proc)
    assert line.startswith("schemakit: ")
    for m in case.mentions:
        assert m.format(tmp=tmp_path) in line, line
    if case.no_database:
        assert not (tmp_path / "x.db").exists()


def test_a_broken_migration_on_a_migrated_database_applies_nothing(tmp_path):
    db = tmp_path / "x.db"
    DATA.copy(tmp_path)
    cli("migrate", "cyoa", "--database", f"sqlite:///{db}", "--dir", str(tmp_path / "migrations"), check=True)
    before = sqlite3.connect(db).execute("SELECT migration_id FROM _yoyo_migration").fetchall()
    assert before == [("0001_cyoa_initial",)]
    import shutil
    shutil.rmtree(tmp_path / "migrations")
    DATA.SYNTAX(tmp_path)
    proc = cli("migrate", "cyoa", "--database", f"sqlite:///{db}", "--dir", str(tmp_path / "migrations"))
    assert proc.returncode == 2
    assert f"{tmp_path}/migrations/sqlite/cyoa/0002_cyoa_broken.py:3:" in one_line(proc)
    assert sqlite3.connect(db).execute("SELECT migration_id FROM _yoyo_migration").fetchall() == before


def test_rolling_back_a_migration_that_no_longer_loads_is_a_user_error(tmp_path):
    db = tmp_path / "x.db"
    root = DATA.copy(tmp_path)
    cli("migrate", "cyoa", "--database", f"sqlite:///{db}", "--dir", str(root), check=True)
    first = root / "sqlite" / "cyoa" / "0001_cyoa_initial.py"
    first.write_text("from yoyo import step\n\nsteps = [step('DROP TABLE stories')\n")
    from schemakit import checksum
    checksum.write(root)
    proc = cli("rollback", "cyoa", "--database", f"sqlite:///{db}", "--dir", str(root))
    assert proc.returncode == 2
    assert one_line(proc).startswith(f"schemakit: {first}:3: the migration cannot be loaded (SyntaxError: ")
    assert sqlite3.connect(db).execute("SELECT migration_id FROM _yoyo_migration").fetchall() == [("0001_cyoa_initial",)]


CRASH = '''
import schemakit.checksum
def verify(*args, **kwargs):
    raise {error}
schemakit.checksum.verify = verify
'''


def crash_env(tmp_path: Path, error: str) -> dict:
    """An environment whose child process raises `error` where migrate verifies the checksum."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(CRASH.format(error=error))
    return {"PYTHONPATH": f"{site}:{REPO}", "XDG_STATE_HOME": str(tmp_path / "state"), "TMPDIR": str(tmp_path / "tmp")}


def test_an_unexpected_error_exits_3_with_a_log_of_the_traceback(tmp_path):
    env = crash_env(tmp_path, "RuntimeError('lost the connection to postgresql://bob:hunter2@db.example/x')")
    proc = cli("migrate", "cyoa", "--database", "postgresql://bob:hunter2@127.0.0.1:1/x", "--dir", str(MIGRATIONS),
               env=env)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    line = one_line(proc)
    m = re.fullmatch(r"schemakit: unexpected error \(RuntimeError: lost the connection to "
                     r"postgresql://bob:\*\*\*@db\.example/x\); the traceback is in (\S+) — please report it", line)
    assert m, line
    log = Path(m.group(1))
    assert log.parent == tmp_path / "state" / "schemakit"
    assert re.fullmatch(r"schemakit-crash-\d{8}T\d{6}Z-\d+\.log", log.name)
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and 'in verify' in text
    assert "RuntimeError: lost the connection to postgresql://bob:***@db.example/x" in text
    assert "migrate cyoa --database postgresql://bob:***@127.0.0.1:1/x" in text  # the command line, masked
    assert "hunter2" not in text + proc.stdout + proc.stderr
    assert log.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_the_log_goes_to_the_temp_folder_when_the_state_folder_is_unusable(tmp_path):
    env = crash_env(tmp_path, "KeyError('x')")
    (tmp_path / "state").write_text("a file where the state folder would be\n")
    (tmp_path / "tmp").mkdir()
    proc = cli("migrate", "cyoa", "--dir", str(MIGRATIONS), env=env, cwd=tmp_path)
    assert proc.returncode == 3, proc.stderr
    log = Path(re.search(r"the traceback is in (\S+) —", one_line(proc)).group(1))
    assert log.parent == tmp_path / "tmp" and "KeyError" in log.read_text()


def test_an_interrupt_exits_130_with_one_line(tmp_path):
    proc = cli("migrate", "cyoa", "--dir", str(MIGRATIONS), env=crash_env(tmp_path, "KeyboardInterrupt()"),
               cwd=tmp_path)
    assert proc.returncode == 130
    assert one_line(proc) == "schemakit: interrupted"


def test_drift_found_exits_1_and_a_clean_database_0(tmp_path):
    db = tmp_path / "cyoa.db"
    cli("migrate", "cyoa", "--database", f"sqlite:///{db}", "--dir", str(MIGRATIONS), check=True)
    assert cli("drift", "cyoa", "--database", f"sqlite:///{db}").returncode == 0
    sqlite3.connect(db).execute('CREATE INDEX "extra_idx" ON "stories" ("created_at")')
    proc = cli("drift", "cyoa", "--database", f"sqlite:///{db}")
    assert proc.returncode == 1 and proc.stderr == ""
