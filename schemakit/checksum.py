"""`migrations/schemakit.sum`: a running SHA-256 over every migration file.

yoyo identifies a migration by its file name only, so an edited migration
that was already applied goes unnoticed. Like Atlas's atlas.sum, each line
holds a file and a hash that chains the previous line's hash with the file's
bytes: editing, inserting, removing or reordering any file breaks its line
and every later one. `verify` runs before anything is applied.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

SUM_FILE = "schemakit.sum"


class ChecksumError(Exception):
    """The migration files do not match schemakit.sum."""


def migration_files(root: Path) -> list[Path]:
    """Every migration file and state snapshot under `root`, in a fixed order."""
    return [root / rel for rel in _relative_files(root)]


def _relative_files(root: Path) -> list[str]:
    return sorted(_files(str(root), ""))


def _files(directory: str, rel: str):
    """Relative posix paths of the .py and .json files below `directory`, not descending into
    __pycache__ or symlinked directories; one scandir per directory (its entries carry their type)."""
    with os.scandir(directory) as entries:
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                if e.name != "__pycache__":
                    yield from _files(e.path, f"{rel}{e.name}/")
            elif os.path.splitext(e.name)[1] in (".py", ".json") and e.is_file():
                yield f"{rel}{e.name}"


def compute(root: Path) -> list[tuple[str, str]]:
    """(relative path, running hash) for every file, in order."""
    running = hashlib.sha256()
    out = []
    for rel in _relative_files(root):
        path = root / rel
        for part in (rel.encode(), b"\0", path.read_bytes(), b"\0"):
            running.update(part)
        out.append((rel, running.copy().hexdigest()))
    return out


def write(root: Path) -> Path:
    """Rewrite schemakit.sum for the files under `root`."""
    lines = compute(root)
    total = lines[-1][1] if lines else hashlib.sha256().hexdigest()
    target = root / SUM_FILE
    target.write_text(f"h1:{total}\n" + "".join(f"{rel} h1:{h}\n" for rel, h in lines))
    return target


def verify(root: Path) -> None:
    """Raise ChecksumError naming the first file that does not match."""
    target = root / SUM_FILE
    if not target.exists():
        if migration_files(root):
            raise ChecksumError(f"{target} is missing: run `schemakit makemigrations --rehash` after reviewing the migrations")
        return
    recorded = [line.split(" h1:") for line in target.read_text().splitlines()[1:] if line.strip()]
    actual = compute(root)
    for (rel, h), rec in zip(actual, recorded + [None] * len(actual)):
        if rec is None or rec[0] != rel or rec[1] != h:
            what = f"{rel} is new, edited or out of order" if rec is None or rec[0] != rel else f"{rel} was edited"
            raise ChecksumError(
                f"{root / rel}: {what} since {target} was written. Restore it (e.g. `git checkout -- {root / rel}`); "
                f"if the change is intended and the migration was never applied anywhere, run `schemakit makemigrations --rehash`")
    if len(recorded) > len(actual):
        missing = recorded[len(actual)][0]
        raise ChecksumError(f"{root / missing} is listed in {target} but missing: restore it (e.g. `git checkout -- {root / missing}`)")
