"""What every subcommand shares: the user-error type, the project a command works on, and the
--format option with its JSON output. The command modules (cli, check_cli) import it; it imports
neither, so no command module depends on another."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from .project import Project, open_project


class UserError(Exception):
    """An error caused by the user's input: printed without a traceback."""


def first_line(e: BaseException) -> str:
    """``Type: first line of the message`` of an exception: how a one-line report names a driver's or
    library's error."""
    lines = str(e).strip().splitlines()
    return f"{type(e).__name__}: {lines[0] if lines else ''}".rstrip(": ")


def output_folder(path: Path, option: str) -> None:
    """Refuse (UserError, nothing written) an output path whose folder does not exist: a mistyped folder
    would otherwise be created, and the file left where nobody looks. `path` is the file to write."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        what = "not a folder" if folder.exists() else "no such folder"
        raise UserError(f"{option} {path}: {what}: {folder}; check the path, or create the folder first "
                        f"(mkdir -p {folder})")


def positive(text: str) -> int:
    """argparse type of a count (--steps, --jobs): a whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number, 1 or more, not {text!r}")
    return value


def project_of(args: argparse.Namespace) -> Project:
    """The project the command works on (from --config / --schema, or the configuration found
    upward from the working folder), loaded once per command."""
    if getattr(args, "_loaded", None) is None:
        args._loaded = open_project(Path(args.config) if args.config else None, args.schema)
    return args._loaded


def format_option(p: argparse.ArgumentParser) -> None:
    """Add --format text|json to a subcommand."""
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for people (default), or one JSON document on stdout for scripts")


def print_json(document) -> None:
    """Print one JSON document (the --format json output of a command)."""
    print(json.dumps(document, indent=2, sort_keys=False))
