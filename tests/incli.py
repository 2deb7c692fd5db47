"""The schemakit command line run in the test process: `schemakit.cli.main` with the working
folder, the environment, stdin and the output streams of a fresh process, restored afterwards.

It answers as `tests.test_migrate.cli` does (a `subprocess.CompletedProcess`) without paying for
a new interpreter and the sqlglot import on each call. Use it where a test is about what a command
does; use `tests.test_migrate.cli` (a real process) where it is about the process boundary: a
signal, a kill, an exit status seen by the shell, output that must not carry a traceback from the
interpreter itself.
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator, Mapping, Optional

from hypothesis import settings

from schemakit import cli as command
from tests.conftest import PROFILE
from tests.test_migrate import REPO, command_line

_TEMP = os.path.realpath(tempfile.gettempdir())
# What is never a user's module, though a checkout (CI's clone, say) may itself live in the temporary
# folder: this repository and the interpreter's own trees (the venv's site-packages).
_OURS = tuple(os.path.realpath(p) + os.sep for p in {str(REPO), sys.prefix, sys.base_prefix, sys.exec_prefix})


def cli(*args: str, cwd=None, env: Optional[Mapping[str, str]] = None, check: bool = False,
        bare: bool = False) -> subprocess.CompletedProcess:
    """`tests.test_migrate.cli` in this process: the same arguments, the same answer."""
    args = command_line(args, cwd, bare)
    out, err = io.StringIO(), io.StringIO()
    with _as_a_fresh_process(Path(cwd or REPO), env or {}), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = _exit_status(list(args))
    proc = subprocess.CompletedProcess(["schemakit", *args], code, out.getvalue(), err.getvalue())
    if check and code != 0:
        raise AssertionError(f"schemakit {' '.join(args)} failed ({code}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def _exit_status(argv: list[str]) -> int:
    """`main(argv)`'s return, or the status its SystemExit carries (argparse exits on a usage error,
    --help and --version), as the interpreter turns it into a process's exit status."""
    try:
        return command.main(argv)
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            return e.code or 0
        print(e.code, file=sys.stderr)
        return 1


@contextlib.contextmanager
def _as_a_fresh_process(cwd: Path, env: Mapping[str, str]) -> Iterator[None]:
    """The working folder `cwd`, `env` over the environment, an empty stdin (not a terminal) and
    hypothesis's own default settings (`schemakit check` starts from them, not from the suite's
    profile); afterwards no trace of the run: the folder, environment, profile, sqlite3 adapters,
    sys.path and the schema modules it imported (a schema file rewritten between two calls is read again, as by
    a new process)."""
    before_cwd, before_env, before_path = os.getcwd(), dict(os.environ), list(sys.path)
    before_modules, before_stdin = set(sys.modules), sys.stdin
    root = logging.getLogger()
    before_handlers, before_level = list(root.handlers), root.level
    root.handlers[:] = []  # as in a new interpreter: an unhandled warning goes to stderr (logging.lastResort)
    root.setLevel(logging.WARNING)
    adapters, converters = dict(sqlite3.adapters), dict(sqlite3.converters)
    settings.load_profile("default")
    os.chdir(cwd)
    os.environ.update(env)
    sys.stdin = io.StringIO("")
    try:
        yield
    finally:
        sys.stdin = before_stdin
        settings.load_profile(PROFILE)
        _restore_sqlite3(adapters, converters)
        root.handlers[:] = before_handlers
        root.setLevel(before_level)
        os.chdir(before_cwd)
        os.environ.clear()
        os.environ.update(before_env)
        sys.path[:] = before_path
        forget_project_modules(before_modules)


def forget_project_modules(before: set[str]) -> None:
    """Drop from sys.modules the user schema modules imported since `before` (a set of names)."""
    for name in set(sys.modules) - before:
        if _imported_from_a_project(sys.modules[name], name):
            del sys.modules[name]


def _restore_sqlite3(adapters: dict, converters: dict) -> None:
    """sqlite3's adapters and converters as they were: yoyo's SQLite backend registers its own for
    datetime and "timestamp" process-wide (and its restore rebinds the module's names only), which
    would change how every later test binds a datetime."""
    for (kind, protocol), adapter in adapters.items():
        if protocol is sqlite3.PrepareProtocol:
            sqlite3.register_adapter(kind, adapter)
    for name, converter in converters.items():
        sqlite3.register_converter(name, converter)


def _imported_from_a_project(module, name: str) -> bool:
    """Whether `module` is a user's schema module (loaded from a file, or found beside a project
    in a temporary folder), not a library a command imported on first use."""
    where = getattr(module, "__file__", None) or ""
    path = os.path.realpath(where) if where else ""
    return name.startswith("schemakit_schema_") or (path.startswith(_TEMP + os.sep) and not path.startswith(_OURS))
