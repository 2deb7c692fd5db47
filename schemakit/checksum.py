"""`migrations/<dialect>/schemakit.sum`: a running SHA-256 over every file of one dialect's folder.

yoyo identifies a migration by its file name only, so an edited migration
that was already applied goes unnoticed. Like Atlas's atlas.sum, each line
holds a file and a hash that chains the previous line's hash with the file's
bytes: editing, inserting, removing or reordering any file breaks its line
and every later one. `verify` runs before anything is applied, on the sum of
the dialect the command runs on.

Each dialect's folder has a sum of its own, covering only that folder:
adding an engine, or a migration for one engine, leaves the other engines'
sums as they were. The folders are those of the registered engines
(`schemakit.dialects`) present under the migrations folder. Earlier versions
kept one ``migrations/schemakit.sum`` for every engine; it is no longer read
(a leftover one is ignored), and ``makemigrations --rehash`` removes it.

What is covered: every file below the dialect's folder, whatever its name or
extension, at any depth, except its ``schemakit.sum`` and ``__pycache__``
folders (Python's own bytecode caches, rewritten by any import). yoyo runs
``*.py`` and ``*.sql`` files (and reads ``*.rollback.sql`` beside them), and
other versions or loaders may pick up other names; rather than track those
rules, nothing is left out, so a file dropped into the folder is refused
before anything runs whatever it is called. That includes editor droppings
(``*.swp``, ``*~``, ``.DS_Store``): a refusal naming the stray file costs one
`rm`, while a rule that ignores some names is a name a planted migration
could take. Symbolic links are followed the way yoyo follows them (a linked
file is hashed by its content, a linked folder is walked); anything that is
neither a file nor a folder (a dangling link, a FIFO) is refused, since it
cannot be hashed.
"""
from __future__ import annotations

import hashlib
import os
import shlex
from pathlib import Path
from typing import Iterable, Optional

from schemakit import dialects

SUM_FILE = "schemakit.sum"
DEFAULT_ROOT = Path("migrations")  # `schemakit makemigrations --dir`'s default


class ChecksumError(Exception):
    """The migration files do not match their dialect's schemakit.sum (or the folder is missing)."""


def sum_file(root: Path, dialect: str) -> Path:
    """Where the sum of `dialect`'s migrations under `root` lives: ``<root>/<dialect>/schemakit.sum``."""
    return Path(root) / dialect / SUM_FILE


def legacy_sum_file(root: Path) -> Path:
    """The one sum for every dialect that earlier versions kept (``<root>/schemakit.sum``), never read."""
    return Path(root) / SUM_FILE


def dialects_in(root: Path) -> list[str]:
    """The registered engines that have a folder under `root`, in registry order (`root` must exist)."""
    require_root(root)
    return [name for name in dialects.names() if (Path(root) / name).is_dir()]


def migration_files(root: Path, dialect: str) -> list[Path]:
    """Every file `dialect`'s schemakit.sum covers under `root`, in a fixed order."""
    folder = require_root(root) / dialect
    return [folder / rel for rel in _relative_files(folder)] if folder.is_dir() else []


def require_root(root: Path) -> Path:
    """`root` as a Path; ChecksumError, saying to pass --dir, when it is not a folder."""
    root = Path(root)
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        raise ChecksumError(f"the migrations folder {root} {what}: pass --dir with the folder that holds "
                            f"the migrations (or run `schemakit makemigrations --dir {shlex.quote(str(root))}` "
                            f"to write the first migrations there)")
    return root


def _relative_files(folder: Path) -> list[str]:
    try:
        return sorted(_files(str(folder), "", frozenset()))
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


def compute(root: Path, dialect: str) -> list[tuple[str, str]]:
    """(path relative to the dialect's folder, running hash) for every file of `dialect`, in order."""
    folder = require_root(root) / dialect
    if not folder.is_dir():
        return []
    running = hashlib.sha256()
    out = []
    for rel in _relative_files(folder):
        path = folder / rel
        try:
            data = path.read_bytes()
        except OSError as e:  # an unreadable file (a FIFO is refused by the listing, never read)
            raise ChecksumError(f"cannot read {path}: {e.strerror}") from None
        for part in (rel.encode(), b"\0", data, b"\0"):
            running.update(part)
        out.append((rel, running.copy().hexdigest()))
    return out


def write(root: Path, only: Optional[Iterable[str]] = None) -> list[Path]:
    """Rewrite the schemakit.sum of each dialect folder under `root` (with `only`: of those
    dialects, where they have a folder). Returns the sums written."""
    names = dialects_in(root) if only is None else [n for n in only if (Path(root) / n).is_dir()]
    written = []
    for name in names:
        lines = compute(root, name)
        total = lines[-1][1] if lines else hashlib.sha256().hexdigest()
        target = sum_file(root, name)
        target.write_text(f"h1:{total}\n" + "".join(f"{rel} h1:{h}\n" for rel, h in lines))
        written.append(target)
    return written


def remove_legacy(root: Path) -> Optional[Path]:
    """Remove the one sum of earlier versions under `root`, if there is one; returns it then."""
    legacy = legacy_sum_file(root)
    if not legacy.is_file():
        return None
    legacy.unlink()
    return legacy


def rehash_command(root: Path, dialect: Optional[str] = None) -> str:
    """The command that rewrites `root`'s sums (with `dialect`: only that dialect's)."""
    extra = "" if Path(root) == DEFAULT_ROOT else f" --dir {shlex.quote(str(root))}"
    return f"schemakit makemigrations --rehash{extra}{f' --dialect {dialect}' if dialect else ''}"


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


def _missing_folder(folder: Path, rel: str) -> Path:
    """The outermost folder of `folder / rel` that is gone (or the file itself, if its folder is there)."""
    path = folder
    for part in Path(rel).parts[:-1]:
        path = path / part
        if not path.is_dir():
            return path
    return folder / rel


def verify(root: Path, dialect: Optional[str] = None) -> None:
    """Raise ChecksumError naming the first file (or folder) of `dialect` under `root` that does
    not match its schemakit.sum: an unknown file, a missing file or system folder, an edited or
    reordered file. Without `dialect`, every dialect folder under `root` is verified. A dialect
    without a folder has nothing to verify; the one sum of earlier versions is not read."""
    for name in dialects_in(root) if dialect is None else [dialect]:
        _verify(Path(root), name)


def _verify(root: Path, dialect: str) -> None:
    folder, target = root / dialect, sum_file(root, dialect)
    fix = rehash_command(root, dialect)
    actual = compute(root, dialect)  # a missing migrations folder is refused here, before anything else
    if not target.is_file():
        if actual:
            legacy = legacy_sum_file(root)
            was = f" ({legacy}, the one sum of earlier versions, is no longer read)" if legacy.is_file() else ""
            raise ChecksumError(f"{target} is missing{was}: run `{fix}` after reviewing the migrations")
        return
    recorded = _recorded(target)
    listed = {rel for rel, _ in recorded}
    for rel, _ in actual:
        if rel not in listed:
            raise ChecksumError(
                f"{folder / rel} is new: an unknown file, not listed in {target}, so nothing was run. Remove it; "
                f"if it is intended and was never applied anywhere, review it and run `{fix}`")
    present = {rel for rel, _ in actual}
    for rel, _ in recorded:
        if rel not in present:
            gone = _missing_folder(folder, rel)
            kind = "folder" if gone != folder / rel else "file"
            raise ChecksumError(f"the {kind} {gone} is listed in {target} but missing: restore it (e.g. "
                                f"`git checkout -- {shlex.quote(str(gone))}`); if removing it is intended and "
                                f"nothing it held was applied anywhere, run `{fix}`")
    if len(set(r for r, _ in recorded)) != len(recorded):
        raise ChecksumError(f"{target} lists a file twice: restore it (e.g. `git checkout -- {shlex.quote(str(target))}`)")
    for (rel, h), (rec, rec_h) in zip(actual, recorded):
        if rec != rel or rec_h != h:
            what = f"{rel} is out of order" if rec != rel else f"{rel} was edited"
            raise ChecksumError(
                f"{folder / rel}: {what} since {target} was written. Restore it (e.g. "
                f"`git checkout -- {shlex.quote(str(folder / rel))}`); if the change is intended and the migration "
                f"was never applied anywhere, run `{fix}`")
