"""`schemakit init`: a new project's files, from the templates below.

In the folder (the working one, or ``--path``) `init` writes:

- the configuration: ``schemakit.toml``, or a ``[tool.schemakit]`` table appended to an
  existing ``pyproject.toml`` (the result is parsed back before it is written);
- ``db/schema.py``, a starter schema written with the public API (two tables: a primary key,
  a foreign key, a UNIQUE, a CHECK and an index);
- ``migrations/``, empty (`schemakit makemigrations` fills it);
- ``Makefile`` with ``migrations``, ``migrate``, ``drift`` and ``check-migrations`` targets, or
  ``Makefile.schemakit`` beside an existing Makefile (to ``include``);
- ``.github/workflows/schemakit.yml``, a CI job running ``makemigrations --check`` and
  ``migrate --env ci`` (the ``ci`` environment's URL is ``${DATABASE_URL}``, from a secret).

It never overwrites a file. A folder that already has a configuration is refused, and so is one
where the schema module's path is taken, before anything is written. Each file is written to a
temporary file and linked into place (no reader ever sees half of one); the configuration goes
last, and when anything fails, what this run wrote is removed again. Two runs in one folder at
once: the second is refused (a lock on the folder), or, where no lock can be taken, finds the
first one's configuration in place and removes its own files.
"""
from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

from .project import OWN_FILE, PYPROJECT, ProjectError, _tool_table, tomllib

SCHEMA_FILE = "db/schema.py"
MIGRATIONS = "migrations"
MAKEFILE, MAKEFILE_INCLUDED = "Makefile", "Makefile.schemakit"
CI_FILE = ".github/workflows/schemakit.yml"

# -- the templates ---------------------------------------------------------------------------------

SCHEMA = '''\
"""The database schema, as code: `schemakit makemigrations` turns changes to it into migrations.

Edit the tables, then run `schemakit makemigrations` and `schemakit migrate`. `schemakit ddl
--dialect postgres` (or mysql, sqlite) prints the DDL.
"""
from schemakit import INTEGER, NOW, TEXT, TIMESTAMPTZ, Action, Schema, System, check, col, fk, index, lit, table, \\
    unique, varchar

authors = table(
    "authors",
    col("id", INTEGER, identity=True),
    col("email", varchar(255), null=False),
    col("name", varchar(200), null=False),
    col("created_at", TIMESTAMPTZ, default=NOW),
    unique("email"),
    check("authors_name_not_empty", "length(name) > 0"),
    pk="id",
    comment="People who write posts.",
)

posts = table(
    "posts",
    col("id", INTEGER, identity=True),
    col("author_id", INTEGER, null=False),
    col("title", varchar(200), null=False),
    col("body", TEXT),
    col("status", varchar(20), null=False, default=lit("draft")),
    col("created_at", TIMESTAMPTZ, default=NOW),
    fk("author_id", "authors", on_delete=Action.CASCADE),
    check("posts_status_check", "status IN ('draft', 'published')"),
    index("ix_posts_author_id", "author_id"),
    pk="id",
    comment="A post, by one author.",
)

SYSTEM = System("app", "The application's database", Schema((authors, posts)))
'''

_KEYS = f'''\
schema = "{SCHEMA_FILE}"
migrations = "{MIGRATIONS}"
'''

_ENV = '''\
url = "${DATABASE_URL}"  # CI: the DATABASE_URL secret (see .github/workflows/schemakit.yml)
'''

OWN_CONFIG = f'''\
# schemakit: the schema as code, its migrations, and named database environments.
# Without --database or --env, `schemakit migrate` uses $DATABASE_URL, else SQLite files in var/.
{_KEYS}
[env.ci]
{_ENV}'''

PYPROJECT_TABLE = f'''\
[tool.schemakit]
# The schema as code, its migrations, and named database environments. Without --database or
# --env, `schemakit migrate` uses $DATABASE_URL, else SQLite files in var/ beside this file.
{_KEYS}
[tool.schemakit.env.ci]
{_ENV}'''

EXPECTED_TABLE = {"schema": SCHEMA_FILE, "migrations": MIGRATIONS, "env": {"ci": {"url": "${DATABASE_URL}"}}}

MAKEFILE_TEXT = '''\
# schemakit: the schema's everyday commands (`make migrate` brings the database up to date).
SCHEMAKIT ?= schemakit

.PHONY: migrations migrate drift check-migrations

migrations:  ## write migrations for the changes to db/schema.py
\t$(SCHEMAKIT) makemigrations

migrate:  ## apply them ($$DATABASE_URL, else SQLite in var/)
\t$(SCHEMAKIT) migrate

drift:  ## compare the database with the schema
\t$(SCHEMAKIT) drift

check-migrations:  ## fail when the schema has changes no migration covers (CI)
\t$(SCHEMAKIT) makemigrations --check
'''

CI_TEXT = '''\
# schemakit in CI: every schema change has its migration; on main, the migrations are applied.
# Add the repository secret DATABASE_URL (e.g. postgresql://user:password@host:5432/app):
# the configuration's `ci` environment reads it (url = "${DATABASE_URL}").
name: schemakit

on:
  push:
  pull_request:

jobs:
  migrations:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install
        run: pip install schemakit  # or: pip install -r requirements.txt
      - name: Every schema change has a migration
        run: schemakit makemigrations --check
      - name: Apply the migrations
        if: github.event_name == 'push' && github.ref == 'refs/heads/main'
        env:
          DATABASE_URL: ${{ secrets.DATABASE_URL }}
        run: schemakit migrate --env ci
'''


# -- writing ---------------------------------------------------------------------------------------

@dataclass
class Written:
    """What one `init` run wrote, so that a failure can remove it again."""

    files: list[Path]
    folders: list[Path]
    notes: list[str]
    said: list[Path]  # what to name, in the order it was written (files and the migrations folder)


def existing_config(folder: Path) -> Optional[Path]:
    """The configuration file in `folder` itself (not above it): a schemakit.toml, or a
    pyproject.toml with a [tool.schemakit] table; None if there is none."""
    own = folder / OWN_FILE
    if own.exists() or own.is_symlink():
        return own
    pyproject = folder / PYPROJECT
    if pyproject.is_file() and _tool_table(pyproject) is not None:
        return pyproject
    return None


def init(folder: Path, say: Callable[[str], None] = print) -> list[Path]:
    """Write a new project into `folder` (an existing folder); returns the files written.

    ProjectError (nothing written) when `folder` is not a folder, already has a configuration,
    holds a file where the schema module or the migrations folder goes, or has a pyproject.toml
    that would not parse with the [tool.schemakit] table appended; OSError (what was written
    removed again) when a file cannot be written."""
    shown = folder
    if not folder.exists():
        raise ProjectError(f"--path {shown}: no such folder; check the path, or create it first (mkdir -p {shown})")
    if not folder.is_dir():
        raise ProjectError(f"--path {shown}: not a folder; give the folder of the project")
    folder = folder.resolve()
    with _folder_lock(folder):
        _refuse_existing(folder)
        pyproject_text = _pyproject_with_table(folder)
        done = Written([], [], [], [])
        try:
            _write_project(folder, pyproject_text, done)
        except OSError as e:
            _undo(done)
            fix = "check its permissions" if isinstance(e, PermissionError) else "check the folder"
            raise ProjectError(f"cannot write {e.filename or folder}: {e.strerror or e}; init wrote nothing "
                               f"(what it had written is removed): {fix}") from None
        except BaseException:
            _undo(done)
            raise
    for path in done.said:
        say(f"created {_shown(path, folder)}/ (empty: `schemakit makemigrations` fills it)" if path.is_dir() else
            f"added [tool.schemakit] to {_shown(path, folder)}" if path.name == PYPROJECT else
            f"wrote {_shown(path, folder)}")
    for note in done.notes:
        say(note)
    say("next: edit db/schema.py, then run `schemakit makemigrations` and `schemakit migrate` "
        "(SQLite in var/; set DATABASE_URL for PostgreSQL or MySQL)")
    return [p for p in done.said if not p.is_dir()]


def _shown(path: Path, folder: Path) -> str:
    return str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)


def _refuse_existing(folder: Path) -> None:
    config = existing_config(folder)
    if config is not None:
        raise ProjectError(f"{config}: this folder already has a schemakit configuration; init wrote nothing "
                           "(edit that file, or run init in another folder)")
    schema = folder / SCHEMA_FILE
    if schema.exists() or schema.is_symlink():
        raise ProjectError(f"{schema}: already exists; init wrote nothing and overwrites no file (move it, or "
                           f"write a configuration by hand whose schema = \"{SCHEMA_FILE}\" points at it)")
    for path in (folder / "db", folder / MIGRATIONS):
        if (path.exists() or path.is_symlink()) and not path.is_dir():
            raise ProjectError(f"{path}: a file is in the way of a folder; init wrote nothing (move the file)")


def _pyproject_with_table(folder: Path) -> Optional[str]:
    """The existing pyproject.toml's text with [tool.schemakit] appended, checked to parse to the
    same document plus exactly that table; None when there is no pyproject.toml."""
    path = folder / PYPROJECT
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        before = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ProjectError(f"{path}: not valid TOML ({e}); init wrote nothing: fix the file, then run init "
                           "again") from None
    new = text + ("" if text.endswith("\n") or not text else "\n") + ("\n" if text.strip() else "") + PYPROJECT_TABLE
    try:
        after = tomllib.loads(new)
    except tomllib.TOMLDecodeError as e:
        raise ProjectError(f"{path}: appending a [tool.schemakit] table would not parse ({e}; is `tool` an "
                           f"inline table?); init wrote nothing: add the table by hand:\n{PYPROJECT_TABLE}") from None
    tool = after.get("tool", {})
    expected = {**before, "tool": {**before.get("tool", {}), "schemakit": EXPECTED_TABLE}}
    if not isinstance(tool, dict) or after != expected:
        raise ProjectError(f"{path}: appending a [tool.schemakit] table would change the file's meaning; init "
                           f"wrote nothing: add the table by hand")
    return new


def _write_project(folder: Path, pyproject_text: Optional[str], done: Written) -> None:
    _mkdirs(folder / "db", folder, done)
    _create(folder / SCHEMA_FILE, SCHEMA, done)
    _mkdirs(folder / MIGRATIONS, folder, done)
    if folder / MIGRATIONS in done.folders:
        done.said.append(folder / MIGRATIONS)
    makefile = folder / MAKEFILE
    if not _taken(makefile):
        _create(makefile, MAKEFILE_TEXT, done)
    elif not _taken(folder / MAKEFILE_INCLUDED):
        _create(folder / MAKEFILE_INCLUDED, MAKEFILE_TEXT, done)
        done.notes.append(f"{MAKEFILE} exists and was left as it is: add the line `include {MAKEFILE_INCLUDED}` "
                          f"to it for `make migrate`")
    else:
        done.notes.append(f"{MAKEFILE} and {MAKEFILE_INCLUDED} exist and were left as they are; the targets "
                          f"schemakit suggests:\n{MAKEFILE_TEXT}")
    ci = folder / CI_FILE
    if _taken(ci):
        done.notes.append(f"{CI_FILE} exists and was left as it is; the CI job schemakit suggests:\n{CI_TEXT}")
    else:
        _mkdirs(ci.parent, folder, done)
        _create(ci, CI_TEXT, done)
    # The configuration last: it is what makes the folder a project (and a second init refuse).
    if pyproject_text is None:
        _create(folder / OWN_FILE, OWN_CONFIG, done)
    else:
        _replace_pyproject(folder / PYPROJECT, pyproject_text, done)


def _taken(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _mkdirs(path: Path, top: Path, done: Written) -> None:
    missing = []
    p = path
    while p != top and not _taken(p):
        missing.append(p)
        p = p.parent
    for p in reversed(missing):
        p.mkdir()
        done.folders.append(p)


def _temporary(path: Path, text: str) -> Path:
    """`text` in a new temporary file beside `path`, flushed to disk."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:  # named by the file init writes, not by the temporary one
        raise OSError(e.errno, e.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(name, 0o644 & ~_umask())
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _create(path: Path, text: str, done: Written) -> None:
    """Write `path` whole or not at all, never replacing a file that exists (even one another
    process creates meanwhile): the temporary file is hard-linked to the name, which fails if it
    is taken."""
    tmp = _temporary(path, text)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise ProjectError(f"{path}: appeared while init was writing (another init at once?); init removed "
                               "what it wrote") from None
        except OSError as e:
            if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            _create_exclusive(path, text)  # a file system without hard links
        done.files.append(path)
        done.said.append(path)
    finally:
        tmp.unlink(missing_ok=True)


def _create_exclusive(path: Path, text: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise ProjectError(f"{path}: appeared while init was writing (another init at once?); init removed "
                           "what it wrote") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _replace_pyproject(path: Path, text: str, done: Written) -> None:
    """Put the new pyproject.toml in place in one rename, unless it changed since it was read."""
    tmp = _temporary(path, text)
    try:
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        current = path.read_text(encoding="utf-8")
        if not text.startswith(current) or _tool_table(path) is not None:
            raise ProjectError(f"{path}: changed while init was writing (another init at once?); init removed what "
                               "it wrote")
        os.replace(tmp, path)
        done.said.append(path)  # not among `files`: a failure after this must not remove it
    finally:
        tmp.unlink(missing_ok=True)


def _undo(done: Written) -> None:
    """Remove what this run wrote (the pyproject.toml is replaced last, so it is never among them)."""
    for path in reversed(done.files):
        try:
            path.unlink()
        except OSError:
            pass
    for folder in reversed(done.folders):
        try:
            folder.rmdir()
        except OSError:
            pass


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on `folder` (flock on the folder itself: nothing is created) while init
    writes: a second init at once is refused. Where there is no flock, none is taken: the
    hard-linked configuration still lets only one run succeed."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ProjectError(f"{folder}: another `schemakit init` is writing in this folder; init wrote nothing "
                               "(wait for it, then check its result)") from None
        except OSError:
            pass  # a file system without flock: see the docstring
        yield
    finally:
        os.close(fd)
