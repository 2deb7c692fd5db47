"""`migrations/schemakit.sum`: a running SHA-256 over every migration file.

yoyo identifies a migration by its file name only, so an edited migration
that was already applied goes unnoticed. Like Atlas's atlas.sum, each line
holds a file and a hash that chains the previous line's hash with the file's
bytes: editing, inserting, removing or reordering any file breaks its line
and every later one. `verify` runs before anything is applied.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

SUM_FILE = "schemakit.sum"


class ChecksumError(Exception):
    """The migration files do not match schemakit.sum."""


def migration_files(root: Path) -> list[Path]:
    """Every migration file and state snapshot under `root`, in a fixed order."""
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".json")
             and "__pycache__" not in p.parts]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def compute(root: Path) -> list[tuple[str, str]]:
    """(relative path, running hash) for every file, in order."""
    running = hashlib.sha256()
    out = []
    for path in migration_files(root):
        rel = path.relative_to(root).as_posix()
        running.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
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
