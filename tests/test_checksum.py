"""schemakit.sum catches edited, reordered, added and removed migration files."""
from __future__ import annotations

import pytest

from schemakit import checksum


@pytest.fixture
def root(tmp_path):
    d = tmp_path / "migrations" / "sqlite" / "demo"
    d.mkdir(parents=True)
    (d / "0001_demo_initial.py").write_text("steps = ['CREATE TABLE a (x INTEGER)']\n")
    (d / "0002_demo_more.py").write_text("steps = ['CREATE TABLE b (x INTEGER)']\n")
    checksum.write(tmp_path / "migrations")
    return tmp_path / "migrations"


def test_untouched_files_verify(root):
    checksum.verify(root)


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: (d / "0001_demo_initial.py").write_text("steps = ['DROP TABLE a']\n"), "0001_demo_initial.py was edited"),
    (lambda d: (d / "0003_demo_new.py").write_text("steps = []\n"), "0003_demo_new.py is new"),
    (lambda d: (d / "0002_demo_more.py").unlink(), "0002_demo_more.py is listed"),
    (lambda d: (d / "0002_demo_more.py").rename(d / "0000_demo_more.py"), "0000_demo_more.py is new"),
])
def test_changes_are_caught_with_the_file_named(root, mutate, expected):
    mutate(root / "sqlite" / "demo")
    with pytest.raises(checksum.ChecksumError) as e:
        checksum.verify(root)
    assert expected in str(e.value)
    assert "git checkout" in str(e.value)


def test_missing_sum_file_is_refused(root):
    (root / checksum.SUM_FILE).unlink()
    with pytest.raises(checksum.ChecksumError, match="missing"):
        checksum.verify(root)


def test_what_is_hashed_is_every_py_and_json_file_but_bytecode_caches(root):
    """The files the sum covers: .py and .json at any depth, not __pycache__, nor other suffixes."""
    demo = root / "sqlite" / "demo"
    (demo / "0002_demo_more.state.json").write_text("{}\n")
    (demo / "notes.txt").write_text("not a migration\n")
    (demo / "__pycache__").mkdir()
    (demo / "__pycache__" / "0001_demo_initial.py").write_text("cached\n")
    assert [p.relative_to(root).as_posix() for p in checksum.migration_files(root)] == [
        "sqlite/demo/0001_demo_initial.py", "sqlite/demo/0002_demo_more.py", "sqlite/demo/0002_demo_more.state.json"]
    with pytest.raises(checksum.ChecksumError, match="0002_demo_more.state.json is new"):
        checksum.verify(root)
