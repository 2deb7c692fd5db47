"""What every `schemakit` command shares, whichever module registers it (cli.py, fleet.py, tenants_cli.py,
partitions.py): the exit codes, the options that say where the project, the database and the migrations
are, and how a failure is told in one line with no secret in it. The command modules import it; it imports
none of them.
"""
from __future__ import annotations

import argparse
import os
import re
import traceback
from pathlib import Path
from typing import Optional

from .options import UserError, first_line, project_of
from .project import Project

EXIT_OK = 0
EXIT_DRIFT = 1
EXIT_USER_ERROR = 2
EXIT_UNEXPECTED = 3
EXIT_REPLICAS_LAGGING = 4
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C
DEFAULT_REPLICA_TIMEOUT = 60.0  # seconds `migrate --wait-replicas` waits for the standbys


def project_options() -> argparse.ArgumentParser:
    """The options every command takes to find the project: --config and --schema."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="PATH",
                        help="the configuration file (default: pyproject.toml [tool.schemakit] or schemakit.toml, "
                             "searched upward from the working folder)")
    common.add_argument("--schema", metavar="MODULE_OR_FILE[:ATTR]",
                        help="the schema to use instead of the configuration's: module.path:ATTR or path/file.py"
                             "[:ATTR] (ATTR default: SYSTEMS, SYSTEM, then SCHEMA)")
    return common


def database_args(p: argparse.ArgumentParser, many: bool = True) -> None:
    """Give `p` the systems (with `many`), --database, --env and --dir."""
    if many:
        p.add_argument("systems", nargs="*", metavar="SYSTEM", help="systems (default: all)")
    p.add_argument("--database", help="database URL (default: --env's, else $DATABASE_URL, else SQLite files "
                                      "under var/ beside the configuration)")
    p.add_argument("--env", help="take the database URL from [tool.schemakit.env.NAME] of the configuration")
    p.add_argument("--dir", help="the migrations folder (default: the configuration's, else ./migrations)")


def only_system(project: Project, command: str) -> str:
    """The project's one system; a UserError naming the choices when it has several."""
    if len(project.names()) == 1:
        return project.names()[0]
    raise UserError(f"{command}: the project has {len(project.names())} systems ({', '.join(project.names())}): "
                    f"name one, e.g. `schemakit {command} {project.names()[0]} ...`")


def systems_of(args: argparse.Namespace) -> list[str]:
    """The systems named on the command line (each checked), or all of the project's."""
    project = project_of(args)
    return [project.get(s).name for s in args.systems] or project.names()


def migrations_dir(args: argparse.Namespace) -> Path:
    """The migrations folder: --dir, else the project's."""
    return Path(args.dir) if args.dir else project_of(args).migrations


def where(args: argparse.Namespace) -> dict:
    """The project, its database URL (--database, else --env's) and the SQLite default folder,
    as keyword arguments of the migrate functions."""
    project = project_of(args)
    database = args.database or project.database(args.env)
    root = project.config.root
    data = Path(os.path.relpath(root / "var")) if project.config.path else Path("var")
    return {"database": database, "project": project, "data_dir": data}


def user_errors() -> tuple[type[BaseException], ...]:
    """The errors that are the user's to fix: told in one line, exit 2."""
    from schemakit.dialects import UnknownDialect
    from schemakit.dialects.base import PlanError
    from schemakit.dialects.urls import BadUrl
    from schemakit.schema.model import TenantError
    from schemakit.schema.serialize import SnapshotError
    from schemakit.schema.validate import SchemaError
    from .checksum import ChecksumError
    from .ignore import IgnoreError
    from .makemigrations import DestructiveChange
    from .targets import MigrateError
    from .project import ProjectError
    from .replicas import ReadOnlyServer
    return (UserError, ReadOnlyServer, IgnoreError, UnknownDialect, ProjectError, SchemaError, BadUrl, ChecksumError,
            DestructiveChange, MigrateError, SnapshotError, PlanError, TenantError)


_KEY_SECRET = re.compile(r"\b(password|passwd|pwd)(\s*=\s*)('[^']*'|\"[^\"]*\"|[^\s&;,)]+)", re.IGNORECASE)


def mask_secrets(text: str) -> str:
    """`text` with every password hidden: ``user:secret@`` in any shape (`dialects.urls.mask`) and
    ``password=secret`` (a libpq conninfo's) become ``***``."""
    from schemakit.dialects.urls import mask
    return _KEY_SECRET.sub(r"\1\2***", mask(text))


def bad_migration(e: BaseException, root: Optional[str]) -> Optional[str]:
    """The one line for a migration file that yoyo cannot load (syntax error, raises on import,
    unknown dependency); None for any other error. yoyo loads every pending migration before it
    applies any, so none was applied."""
    try:
        from yoyo.exceptions import BadMigration
    except ImportError:
        return None
    if not isinstance(e, BadMigration):
        return None
    from .checksum import rehash_command
    fix = f"fix it, then run `{rehash_command(Path(root))}`" if root else "fix it"
    if len(e.args) >= 2 and isinstance(e.args[1], BaseException):
        path, cause = str(e.args[0]), e.args[1]
        if isinstance(cause, SyntaxError):
            line, what = cause.lineno, f"SyntaxError: {cause.msg}"
        else:
            lines = [f.lineno for f in traceback.extract_tb(cause.__traceback__) if f.filename == path]
            line, what = (lines[-1] if lines else None), first_line(cause)
        at = f"{path}:{line}" if line else path
        return f"{at}: the migration cannot be loaded ({what}); no migration was applied: {fix}"
    text = " ".join(str(a) for a in e.args) or type(e).__name__
    return f"{text} (a migration that cannot be loaded); no migration was applied: {fix}"


def file_error(e: BaseException) -> Optional[str]:
    """The one line for a file or folder the command cannot use (it names the path); None otherwise."""
    if not isinstance(e, OSError) or e.filename is None:
        return None
    other = f" -> {e.filename2}" if e.filename2 is not None else ""
    fix = {NotADirectoryError: "a file is in the way of a folder: choose another path or move the file",
           FileExistsError: "a file is in the way: choose another path or move the file",
           IsADirectoryError: "a folder is where a file is expected: choose another path",
           FileNotFoundError: "check the path", PermissionError: "check its permissions"}.get(type(e), "")
    return f"cannot use {e.filename}{other}: {e.strerror or first_line(e)}" + (f"; {fix}" if fix else "")
