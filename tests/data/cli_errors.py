"""User errors of the command line about files and folders: each exits 2 with one line naming the thing.

`setup(tmp)` prepares the folder `tmp` (a copy of the committed migrations at
``tmp/migrations`` where the case needs one); `args` and `mentions` may use
``{tmp}``. `mentions` are the pieces of text the single stderr line must all
contain: the file or folder at fault (with the line, for a broken migration)
and the fix. With `no_database`, the SQLite database ``{tmp}/x.db`` must not
exist afterwards (refused before connecting).
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable, NamedTuple

REPO = Path(__file__).resolve().parents[2]
DB = ["--database", "sqlite:///{tmp}/x.db"]
BROKEN = "{tmp}/migrations/sqlite/cyoa/0002_cyoa_broken.py"


class Case(NamedTuple):
    """One command, the folder it runs against, and what its one line must say."""

    id: str
    setup: Callable[[Path], None]
    args: list[str]
    mentions: tuple[str, ...]
    no_database: bool = True
    bare: bool = False  # the command line as given (a command that takes no --schema/--dir: inspect)


def nothing(tmp: Path) -> None:
    """No migrations folder at all."""


def copy(tmp: Path) -> Path:
    """The committed migrations at tmp/migrations."""
    shutil.copytree(REPO / "migrations", tmp / "migrations")
    return tmp / "migrations"


def a_file(tmp: Path) -> None:
    """tmp/file is a file where a folder is expected."""
    (tmp / "file").write_text("not a folder\n")


def without_cyoa(tmp: Path) -> None:
    """The committed migrations without the SQLite cyoa folder (still listed in sqlite/schemakit.sum)."""
    shutil.rmtree(copy(tmp) / "sqlite" / "cyoa")


def empty(tmp: Path) -> None:
    """An empty migrations folder."""
    (tmp / "migrations").mkdir()


def broken(text: str) -> Callable[[Path], None]:
    """The committed migrations plus a second cyoa migration with `text`, rehashed (so only loading it fails)."""
    def setup(tmp: Path) -> None:
        from schemakit import checksum
        root = copy(tmp)
        (root / "sqlite" / "cyoa" / "0002_cyoa_broken.py").write_text(
            "from yoyo import step\n__depends__ = {'0001_cyoa_initial'}\n" + text)
        checksum.write(root)
    return setup


SYNTAX = broken("steps = [step('CREATE TABLE t (x INT)')\n")
RAISES = broken("raise RuntimeError('half-written migration')\nsteps = []\n")
UNRESOLVED = broken("__depends__ = {'0000_nowhere'}\nsteps = []\n")

CASES = [
    Case("migrate: --dir without its value", nothing, ["migrate", "cyoa", *DB, "--dir"],
         ("schemakit: argument --dir: expected one argument", "see `schemakit migrate --help`")),
    Case("migrate: --dir does not exist", nothing, ["migrate", "cyoa", *DB, "--dir", "{tmp}/nowhere"],
         ("the migrations folder {tmp}/nowhere does not exist", "pass --dir")),
    Case("rollback: --dir does not exist", nothing, ["rollback", "cyoa", *DB, "--dir", "{tmp}/nowhere"],
         ("the migrations folder {tmp}/nowhere does not exist", "pass --dir")),
    Case("rehash: --dir does not exist", nothing, ["makemigrations", "--rehash", "--dir", "{tmp}/nowhere"],
         ("the migrations folder {tmp}/nowhere does not exist",)),
    Case("migrate: --dir is a file", a_file, ["migrate", "cyoa", *DB, "--dir", "{tmp}/file"],
         ("the migrations folder {tmp}/file is not a folder", "pass --dir")),
    Case("makemigrations: --dir is a file", a_file, ["makemigrations", "cyoa", "--dialect", "sqlite", "--dir", "{tmp}/file"],
         ("{tmp}/file",)),
    Case("ddl: --out under a file", a_file, ["ddl", "cyoa", "--dialect", "sqlite", "--out", "{tmp}/file/cyoa.sql"],
         ("{tmp}/file",)),
    # a mistyped output folder is refused, not created with the file left in it (one line, exit 2)
    Case("ddl: --out in a folder that does not exist", nothing,
         ["ddl", "cyoa", "--dialect", "sqlite", "--out", "{tmp}/bulid/cyoa.sql"], ("no such folder: {tmp}/bulid", "mkdir -p")),
    Case("inspect: --out in a folder that does not exist", nothing,
         ["inspect", *DB, "--out", "{tmp}/shcema/x.py"], ("no such folder: {tmp}/shcema", "mkdir -p"), bare=True),
    Case("inspect: --out under a file", a_file, ["inspect", *DB, "--out", "{tmp}/file/x.py"],
         ("not a folder: {tmp}/file",), bare=True),
    Case("migrate: a system's folder is missing", without_cyoa, ["migrate", "cyoa", *DB, "--dir", "{tmp}/migrations"],
         ("the folder {tmp}/migrations/sqlite/cyoa is listed in {tmp}/migrations/sqlite/schemakit.sum but missing",
          "git checkout")),
    Case("migrate: another system's folder is missing", without_cyoa,
         ["migrate", "scenes", *DB, "--dir", "{tmp}/migrations"],
         ("the folder {tmp}/migrations/sqlite/cyoa is listed",)),
    Case("migrate: an empty migrations folder", empty, ["migrate", "cyoa", *DB, "--dir", "{tmp}/migrations"],
         ("no migrations for cyoa on sqlite in {tmp}/migrations/sqlite/cyoa", "schemakit makemigrations")),
    Case("migrate: a migration with a syntax error", SYNTAX, ["migrate", "cyoa", *DB, "--dir", "{tmp}/migrations"],
         (BROKEN + ":3:", "SyntaxError", "no migration was applied", "--rehash --dir {tmp}/migrations"),
         no_database=False),
    Case("migrate --dry-run: a migration with a syntax error", SYNTAX,
         ["migrate", "cyoa", *DB, "--dir", "{tmp}/migrations", "--dry-run"], (BROKEN + ":3:", "SyntaxError"),
         no_database=False),
    Case("migrate: a migration that raises on import", RAISES, ["migrate", "cyoa", *DB, "--dir", "{tmp}/migrations"],
         (BROKEN + ":3:", "RuntimeError: half-written migration"), no_database=False),
    Case("migrate: a migration whose dependency is unknown", UNRESOLVED,
         ["migrate", "cyoa", *DB, "--dir", "{tmp}/migrations"], (BROKEN, "dependencies"), no_database=False),
]
