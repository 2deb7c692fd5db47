"""`inspect --ddl` runs SQL only: a command of the engine's client in the file is refused and never runs.

On the real clients and servers (psql, mariadb, sqlite3; tests/data/ddl_client_commands.py): a file
holding a client command (a shell command, a file read or written, another database) exits 2 with one
line naming the file, the line and the command; no file appears under the test's folder, no database is
left on the server. Ordinary dumps whose backslashes are data, strings or comments still load.
"""
from __future__ import annotations

import uuid

import pytest

from schemakit.project import load_systems
from tests.conftest import require_server
from tests.data.ddl_client_commands import HOSTILE, LOADS
from tests.incli import cli
from tests.test_inspect import _all_databases, _scratch_databases


def _server_databases(engine: str) -> set[str]:
    """Every database of `engine`'s test server (none for SQLite)."""
    if engine == "sqlite":
        return set()
    require_server(engine)
    return _all_databases(engine)


@pytest.mark.parametrize("engine,text,fragment", [(e, t, f) for e, _, t, f in HOSTILE], ids=[i for _, i, _, _ in HOSTILE])
def test_a_client_command_in_the_file_is_refused_and_never_runs(engine, text, fragment, tmp_path):
    marker, db = tmp_path / "pwned", f"skx_hostile_{uuid.uuid4().hex[:10]}"
    (tmp_path / "hostile.sql").write_text(text.format(marker=marker, db=db))
    scratch_before = _scratch_databases(engine) if engine != "sqlite" else set()
    proc = cli("inspect", "--ddl", "hostile.sql", "--dialect", engine, "--out", str(tmp_path / "x.py"), cwd=tmp_path,
               bare=True)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "hostile.sql" in lines[0] and fragment in lines[0], proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.sql"]  # no marker, no --out file
    if engine != "sqlite":
        assert db not in _server_databases(engine)  # \\gexec's CREATE DATABASE never ran
        assert _scratch_databases(engine) <= scratch_before  # none left; another run's may have gone


@pytest.mark.parametrize("engine,text", [(e, t) for e, _, t in LOADS], ids=[i for _, i, _ in LOADS])
def test_an_ordinary_dump_whose_backslashes_are_data_still_loads(engine, text, tmp_path):
    marker = tmp_path / "pwned"
    (tmp_path / "dump.sql").write_text(text.format(marker=marker))
    if engine != "sqlite":
        require_server(engine)
    out = tmp_path / "dump.py"
    proc = cli("inspect", "--ddl", "dump.sql", "--dialect", engine, "--out", str(out), cwd=tmp_path, bare=True)
    assert proc.returncode in (0, 1), proc.stderr  # 1: something skipped (a trigger, a function), said on stderr
    assert load_systems(str(out), tmp_path)["dump"].schema.has_table("t")
    assert not marker.exists()
