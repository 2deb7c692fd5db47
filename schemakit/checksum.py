"""`migrations/schemakit.sum`: a running SHA-256 over every file of the migrations folder.

yoyo identifies a migration by its file name only, so an edited migration
that was already applied goes unnoticed. Like Atlas's atlas.sum, each line
holds a file and a hash that chains the previous line's hash with the file's
bytes: editing, inserting, removing or reordering any file breaks its line
and every later one. `verify` runs before anything is applied.

What is covered: every file below the folder, whatever its name or
extension, at any depth and for every dialect (one sum for the whole tree),
except ``schemakit.sum`` itself and ``__pycache__`` folders (Python's own
bytecode caches, rewritten by any import). yoyo runs ``*.py`` and ``*.sql``
files (and reads ``*.rollback.sql`` beside them), and other versions or
loaders may pick up other names; rather than track those rules, nothing is
left out, so a file dropped into the folder is refused before anything runs
whatever it is called. That includes editor droppings (``*.swp``, ``*~``,
``.DS_Store``): a refusal naming the stray file costs one `rm`, while a rule
that ignores some names is a name a planted migration could take.
Symbolic links are followed the way yoyo follows them (a linked file is
hashed by its content, a linked folder is walked); anything that is neither a
file nor a folder (a dangling link, a FIFO) is refused, since it cannot be
hashed.
"""
from __future__ import annotations

import hashlib
import os
import shlex
from pathlib import Path

SUM_FILE = "schemakit.sum"
DEFAULT_ROOT = Path("migrations")  # `schemakit makemigrations --dir`'s default


class ChecksumError(Exception):
    """The migration files do not match schemakit.sum (or the folder is missing)."""


def migration_files(root: Path) -> list[Path]:
    """Every file `schemakit.sum` covers under `root`, in a fixed order."""
    return [root / rel for rel in _relative_files(root)]


def _relative_files(root: Path) -> list[str]:
    root = Path(root)
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        raise ChecksumError(f"the migrations folder {root} {what}: pass --dir with the folder that holds "
                            f"{SUM_FILE} (or run `schemakit makemigrations --dir {shlex.quote(str(root))}` "
                            f"to write the first migrations there)")
    try:
        return sorted(_files(str(root), "", frozenset()))
    except OSError as e:  # an unreadable folder
        raise ChecksumError(f"cannot read {e.filename}: {e.strerror}") from None


def _files(directory: str, rel: str, above: frozenset):
    """Relative posix paths of every file below `directory` but `schemakit.sum` at the top and
    `__pycache__` folders; one scandir per directory. `above` holds the real paths of the folders
    being walked, so a linked folder that contains itself is refused instead of walked forever."""
    real = os.path.realpath(directory)
    if real in above:
        raise ChecksumError(f"{directory} is a link to a folder that contains it: remove the link")
    above = above | {real}
    with os.scandir(directory) as entries:
        for e in entries:
            if e.is_dir():  # follows links, as yoyo's directory listing does
                if e.name != "__pycache__":
                    yield from _files(e.path, f"{rel}{e.name}/", above)
            elif e.is_file():
                if rel or e.name != SUM_FILE:
                    yield f"{rel}{e.name}"
            else:
                raise ChecksumError(f"{e.path} is neither a file nor a folder (a dangling link?): remove it")


def compute(root: Path) -> list[tuple[str, str]]:
    """(relative path, running hash) for every file, in order."""
    running = hashlib.sha256()
    out = []
    for rel in _relative_files(root):
        path = root / rel
        try:
            data = path.read_bytes()
        except OSError as e:  # an unreadable file (a FIFO is refused by the listing, never read)
            raise ChecksumError(f"cannot read {path}: {e.strerror}") from None
        for part in (rel.encode(), b"\0", data, b"\0"):
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


def rehash_command(root: Path) -> str:
    """The command that rewrites `root`'s schemakit.sum."""
    extra = "" if Path(root) == DEFAULT_ROOT else f" --dir {shlex.quote(str(root))}"
    return f"schemakit makemigrations --rehash{extra}"


def _recorded(target: Path) -> list[tuple[str, str]]:
    out = []
    for n, line in enumerate(target.read_text(errors="replace").splitlines()[1:], start=2):
        if line.strip():
            rel, sep, h = line.rpartition(" h1:")
            if not sep or not rel:
                raise ChecksumError(f"{target} line {n} is not `<file> h1:<hash>`: restore it (e.g. "
                                    f"`git checkout -- {shlex.quote(str(target))}`)")
            out.append((rel, h))
    return out


def _missing_folder(root: Path, rel: str) -> Path:
    """The outermost folder of `root / rel` that is gone (or the file itself, if its folder is there)."""
    path = root
    for part in Path(rel).parts[:-1]:
        path = path / part
        if not path.is_dir():
            return path
    return root / rel


def verify(root: Path) -> None:
    """Raise ChecksumError naming the first file (or folder) that does not match schemakit.sum:
    an unknown file, a missing file or system folder, an edited or reordered file."""
    root = Path(root)
    target = root / SUM_FILE
    actual = compute(root)  # a missing folder is refused here, before anything else
    if not target.is_file():
        if actual:
            raise ChecksumError(f"{target} is missing: run `{rehash_command(root)}` after reviewing the migrations")
        return
    recorded = _recorded(target)
    listed = {rel for rel, _ in recorded}
    for rel, _ in actual:
        if rel not in listed:
            raise ChecksumError(
                f"{root / rel} is new: an unknown file, not listed in {target}, so nothing was run. Remove it; "
                f"if it is intended and was never applied anywhere, review it and run `{rehash_command(root)}`")
    present = {rel for rel, _ in actual}
    for rel, _ in recorded:
        if rel not in present:
            gone = _missing_folder(root, rel)
            kind = "folder" if gone != root / rel else "file"
            raise ChecksumError(f"the {kind} {gone} is listed in {target} but missing: restore it (e.g. "
                                f"`git checkout -- {shlex.quote(str(gone))}`); if removing it is intended and "
                                f"nothing it held was applied anywhere, run `{rehash_command(root)}`")
    if len(set(r for r, _ in recorded)) != len(recorded):
        raise ChecksumError(f"{target} lists a file twice: restore it (e.g. `git checkout -- {shlex.quote(str(target))}`)")
    for (rel, h), (rec, rec_h) in zip(actual, recorded):
        if rec != rel or rec_h != h:
            what = f"{rel} is out of order" if rec != rel else f"{rel} was edited"
            raise ChecksumError(
                f"{root / rel}: {what} since {target} was written. Restore it (e.g. "
                f"`git checkout -- {shlex.quote(str(root / rel))}`); if the change is intended and the migration "
                f"was never applied anywhere, run `{rehash_command(root)}`")
