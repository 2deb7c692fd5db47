"""What schemakit renders does not depend on the process: the same bytes under any hash seed.

Python randomizes the hash of strings per process (PYTHONHASHSEED,
https://docs.python.org/3/using/cmdline.html#envvar-PYTHONHASHSEED), and with it the
iteration order of sets. A set iterated into a script would make the DDL, a migration
file or a checksum differ from one run to the next, and a migration written on one
machine differ from the same one written on another. So each output is produced in
two processes with different seeds and compared byte for byte: every system's DDL and
degradations on every engine (`schemakit ddl --all`), one system's per-tenant DDL, the
migrations written from nothing (`makemigrations` into an empty folder, sums and
baselines included), and a migration planned from the committed history (the newest
prismq migration of each engine removed, then written again).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from schemakit import checksum, dialects
from schemakit.makemigrations import migrations_in, system_dir
from tests.test_migrate import MIGRATIONS, cli

SEEDS = ("0", "12345")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def _without_newest_prismq(root: Path) -> None:
    """The committed history, less the newest prismq migration of each engine (rehashed)."""
    for name in dialects.names():
        newest = migrations_in(system_dir(root, name, "prismq"))[-1]
        newest.path.unlink()
        newest.state_path.unlink()
    checksum.write(root)


def _outputs(tmp: Path, seed: str) -> dict[str, bytes]:
    """Everything rendered by processes running under `seed`, by name."""
    env = {"PYTHONHASHSEED": seed}
    cli("ddl", "--all", "--out", str(tmp / "ddl"), env=env, check=True)
    tenants = cli("ddl", "contentgen", "--dialect", "postgres", "--project", "7", "--project", "42", env=env,
                  check=True)
    cli("makemigrations", "--dir", str(tmp / "fresh"), env=env, check=True)
    shutil.copytree(MIGRATIONS, tmp / "history", ignore=shutil.ignore_patterns("__pycache__"))
    _without_newest_prismq(tmp / "history")
    cli("makemigrations", "prismq", "--dir", str(tmp / "history"), env=env, check=True)
    for name in dialects.names():  # the removed migration was planned and written again
        assert len(migrations_in(system_dir(tmp / "history", name, "prismq"))) == \
            len(migrations_in(system_dir(MIGRATIONS, name, "prismq")))
    out = {f"{part}/{rel}": data for part in ("ddl", "fresh", "history") for rel, data in _tree(tmp / part).items()}
    out["contentgen tenants 7, 42 (stdout)"] = tenants.stdout.encode()
    return out


def test_the_seed_reaches_the_processes():
    """The premise: the two seeds give the processes different string hashes."""
    hashes = {subprocess.run([sys.executable, "-c", "print(hash('schemakit'))"], capture_output=True, text=True,
                             env={"PYTHONHASHSEED": seed}, check=True).stdout for seed in SEEDS}
    assert len(hashes) == len(SEEDS)


def test_rendering_is_the_same_bytes_under_different_hash_seeds(tmp_path):
    first, second = (_outputs(tmp_path / seed, seed) for seed in SEEDS)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert len([n for n in first if n.startswith("ddl/") and n.endswith(".sql")]) == \
        len(dialects.names()) * len(cli("systems", check=True).stdout.splitlines())
