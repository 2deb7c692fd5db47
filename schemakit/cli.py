"""The `schemakit` command line.

    schemakit init [--path DIR]
    schemakit systems
    schemakit ddl [SYSTEM] --dialect {postgres,mysql,sqlite} [--project ID ...] [--degradations] [--format json]
    schemakit ddl --all --out DIR
    schemakit makemigrations [SYSTEM ...] [--allow-destructive] [--check [--format json]]
    schemakit migrate [SYSTEM ...] [--database URL | --env NAME] [--dry-run] [--replay] [--adopt | --baseline]
                      [--strict] [--repair] [--wait-replicas [--replica-timeout SECONDS]]
    schemakit migrate SYSTEM --tenants all | --tenant ID... [--jobs N]      (and drift; schemakit/tenants_cli.py)
    schemakit tenants add SYSTEM ID... | tenants list SYSTEM [--format json]
    schemakit status [SYSTEM ...] [--database URL | --env NAME] [--format json]
    schemakit rollback SYSTEM ... [--steps N] [--allow-destructive]
    schemakit drift [SYSTEM] [--database URL | --env NAME] [--ignore KIND[:PATTERN] ...] [--format json]
    schemakit unlock [SYSTEM ...]
    schemakit check [SYSTEM ...] [--dialect all|postgres,sqlite] [--examples N] [--format json]
    schemakit inspect (--database URL | --ddl FILE.sql --dialect D) [--namespace N ...] --out FILE.py
                      [--system NAME] [--allow-skipped]

Every command works on the project's schema: [tool.schemakit] in pyproject.toml (or
schemakit.toml), found upward from the working folder or named by --config; --schema
MODULE_OR_FILE[:ATTR] overrides it, and --env NAME picks a database URL from it.

Exit codes:

    0    success (`drift`: no drift)
    1    found something: `drift` differences, `migrate --strict` drift, changes
         no migration covers (`makemigrations --check`), `check` disagreements,
         `inspect` left something out (the file is written; see --allow-skipped)
         over a fleet (--env of several URLs): a target failed or drifted;
         with --tenants/--tenant (and `tenants add`): a tenant failed or drifted
    2    user error: an unknown system or dialect, an invalid schema, a bad
         URL, an unreachable server, a missing or unusable file or folder
         (`--dir`, a system's migrations folder), a migration file that does
         not load (syntax error, raises on import): one line naming the thing
         and the fix, never a traceback
    3    unexpected error (a bug): one line, and the traceback in a log file
         under $XDG_STATE_HOME/schemakit/ (default ~/.local/state/schemakit/),
         or the temporary folder when that cannot be written
    4    `migrate --wait-replicas`: the primary is migrated, but a standby had
         not replayed it when --replica-timeout passed (one line names it)
    130  interrupted (Ctrl-C)
"""
from __future__ import annotations

import argparse
import logging
import os
import re
import shlex
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Optional, Sequence

from schemakit import dialects
from schemakit.dialects.base import Degradation, Dialect
from schemakit.schema.model import Schema

from .command import (DEFAULT_REPLICA_TIMEOUT, EXIT_DRIFT, EXIT_INTERRUPTED, EXIT_OK, EXIT_REPLICAS_LAGGING,  # noqa: F401
                      EXIT_UNEXPECTED, EXIT_USER_ERROR, bad_migration, database_args, file_error, mask_secrets,
                      migrations_dir, only_system, project_options, systems_of, user_errors, where)
from .options import UserError, first_line, format_option, output_folder, positive, print_json, project_of
from .project import Project

EXIT_CODES = "exit codes:\n" + __doc__.split("Exit codes:\n\n", 1)[1].split("\n\nEvery command", 1)[0].rstrip()


def _one_line(text: str) -> str:
    """`text` with its control characters escaped (a newline as \\n), so that an SQL comment line stays one line
    whatever a name holds."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], text)


def _header(system: str, d: Dialect, degradations: Sequence[Degradation]) -> str:
    lines = [f"-- schemakit: system {system}, dialect {d.name}"]
    if degradations:
        lines.append(f"-- {len(degradations)} degradation(s): what {d.name} cannot express, and what it does instead")
        lines += [f"--   {_one_line(str(g))}" for g in degradations]
    else:
        lines.append("-- no degradations: the schema means exactly the same on this engine")
    return "\n".join(lines) + "\n"


def render(project: Project, system: str, dialect: str,
           tenants: Optional[Sequence[str]] = None) -> tuple[str, tuple[Degradation, ...]]:
    """The DDL script of `project`'s `system` for `dialect`, and its degradations."""
    schema: Schema = project.load(system, tenants=tenants)
    d = dialects.get(dialect)
    statements, degradations = d.ddl(schema)
    tenancy = project.get(system).tenancy
    chosen = project.get(system).default_tenants if tenants is None else tenants
    namespaces = [tenancy.namespace(t) for t in chosen] if tenancy is not None else []
    where, script = d.tenant_script(statements, namespaces, project.config.tenant_database)
    return _header(system, d, degradations) + "".join(f"{line}\n" for line in where) + script, degradations


def cmd_ddl(args: argparse.Namespace) -> int:
    """Print (or write) DDL, or list degradations."""
    project = project_of(args)
    if args.all:  # a tree of scripts, made where it is missing (a build folder)
        return _write_all(project, Path(args.out or "build/ddl"))
    if not args.dialect:
        raise UserError("ddl needs --dialect (one of: " + ", ".join(dialects.names()) + "), or --all --out DIR")
    system = args.system or only_system(project, "ddl")
    script, degradations = render(project, system, args.dialect, args.project or None)
    if args.degradations:
        if args.format == "json":
            from dataclasses import asdict
            print_json({"system": system, "dialect": dialects.get(args.dialect).name,
                   "degradations": [asdict(g) for g in degradations]})
            return 0
        for g in degradations:
            print(g)
        if not degradations:
            print(f"{system} on {args.dialect}: no degradations")
        return 0
    if args.out:
        path = Path(args.out)
        output_folder(path, "ddl --out")
        path.write_text(script)
        print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(script)
    return 0


def _write_all(project: Project, out: Path) -> int:
    for name in dialects.names():
        for system in project.names():
            script, degradations = render(project, system, name)
            target = out / name / f"{system}.sql"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(script)
            (out / name / f"{system}.degradations.txt").write_text("".join(f"{g}\n" for g in degradations))
    print(f"wrote {len(dialects.names()) * len(project.names())} scripts under {out}/", file=sys.stderr)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Write a new project (configuration, starter schema, migrations folder, Makefile, CI job)."""
    from .init import init
    init(Path(args.path) if args.path else Path.cwd())
    return 0


def cmd_systems(args: argparse.Namespace) -> int:
    """List the project's systems."""
    project = project_of(args)
    for name in project.names():
        system = project.get(name)
        print(f"{name:12} {len(system.schema.tables):3} tables  {system.title}")
    return 0


def cmd_makemigrations(args: argparse.Namespace) -> int:
    """Write migrations for every dialect and system (or the ones named)."""
    from . import checksum, makemigrations
    root = migrations_dir(args)
    project = project_of(args)
    if args.check:
        return _check_covered(project, root, args)
    if args.rehash:
        for path in checksum.write(root, [dialects.get(args.dialect).name] if args.dialect else None):
            print(f"wrote {path}")
        legacy = checksum.remove_legacy(root)
        if legacy:
            print(f"removed {legacy}: each dialect's folder has its own {checksum.SUM_FILE}")
        return 0
    from .baseline import FILE
    written = []
    for dialect in ([args.dialect] if args.dialect else dialects.names()):
        for system in systems_of(args):
            for tenant in makemigrations.streams(project.get(system)):  # shared, then per tenant
                squashed = makemigrations.system_dir(root, dialect, system, tenant) / FILE
                before = squashed.read_text() if squashed.exists() else None
                written += makemigrations.make(root, dialect, system, args.allow_destructive, args.name,
                                               target=project.load_stream(system, tenant), tenant=tenant)
                if (squashed.read_text() if squashed.exists() else None) != before:
                    written.append(squashed)
    for path in written:
        print(f"{'wrote' if path.exists() else 'removed'} {path}")
    if not written:
        print("no changes: the migrations already reach the canonical schema")
    return 0


def _check_covered(project: Project, root: Path, args: argparse.Namespace) -> int:
    """makemigrations --check: exit 1 when the schema has changes no migration covers; writes nothing."""
    from . import makemigrations
    found = []
    for dialect in ([args.dialect] if args.dialect else dialects.names()):
        for system in systems_of(args):
            for tenant in makemigrations.streams(project.get(system)):
                changes = makemigrations.uncovered(root, dialect, system, project.load_stream(system, tenant), tenant)
                if changes:
                    found.append({"system": system + (" (per tenant)" if tenant else ""),
                                  "dialect": dialects.get(dialect).name, "changes": changes})
    if args.format == "json":
        print_json({"covered": not found, "uncovered": found})
    elif found:
        print("the schema has changes no migration covers; run `schemakit makemigrations`:")
        for f in found:
            for change in f["changes"]:
                print(f"  - {f['system']} ({f['dialect']}): {change}")
    else:
        print("no changes: the migrations already reach the schema")
    return EXIT_DRIFT if found else EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    """Apply pending migrations (exit 1 with --strict when an up-to-date database has drifted)."""
    from . import migrate
    from .replicas import ReplicasLagging
    if args.replica_timeout is not None and not args.wait_replicas:
        raise UserError("--replica-timeout goes with --wait-replicas: add --wait-replicas, or leave it out")
    wait = (args.replica_timeout or DEFAULT_REPLICA_TIMEOUT) if args.wait_replicas else None
    try:
        w = where(args)
        migrate.migrate(systems_of(args), w.pop("database"), migrations_dir(args), dry_run=args.dry_run, repair=args.repair,
                        replay=args.replay, adopt=args.adopt, strict=args.strict, baseline=args.baseline,
                        wait_replicas=None if args.dry_run else wait, **w)
    except migrate.DriftFound as e:
        print(f"schemakit: --strict: {e}; see `schemakit drift`:", file=sys.stderr)
        for line in e.lines:
            print(f"  - {line}", file=sys.stderr)
        return 1
    except ReplicasLagging as e:
        print(f"schemakit: {mask_secrets(str(e))}", file=sys.stderr)
        return EXIT_REPLICAS_LAGGING
    return 0




def _seconds(text: str) -> float:
    """argparse type: a number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text!r}")
    return value


def cmd_rollback(args: argparse.Namespace) -> int:
    """Undo the last migration(s) of the systems named; asks on a terminal before losing data."""
    from . import migrate
    w = where(args)
    migrate.rollback(args.systems, w.pop("database"), migrations_dir(args), count=args.steps,
                     allow_destructive=args.allow_destructive, confirm=_ask if sys.stdin.isatty() else None, **w)
    return 0


def _ask(question: str) -> bool:
    """Ask a yes/no question on the terminal; only "y" or "yes" is yes."""
    print(f"{question}.\nRoll back anyway, losing that data? [y/N] ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except (EOFError, OSError):
        return False
    return answer.strip().lower() in ("y", "yes")


def cmd_status(args: argparse.Namespace) -> int:
    """Show the applied and pending migrations of each system, and whether its lock is held."""
    from .status import status
    w = where(args)
    found = status(systems_of(args), w.pop("database"), migrations_dir(args), **w)
    if args.format == "json":
        print_json({"systems": [s.as_dict() for s in found]})
        return 0
    for s in found:
        print("\n".join(s.lines()))
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    """Clear a stale migration lock."""
    from . import migrate
    w = where(args)
    migrate.unlock(systems_of(args), w.pop("database"), **w)
    return 0


def cmd_drift(args: argparse.Namespace) -> int:
    """Compare a live database with the canonical schema."""
    from . import migrate
    system = args.system or only_system(project_of(args), "drift")
    w = where(args)
    from .ignore import parse_rules
    rules = parse_rules(args.ignore, "--ignore")
    differences = migrate.drift(system, w.pop("database"), root=migrations_dir(args), ignore=rules, **w)
    if args.format == "json":
        print_json({"system": system, "drift": bool(differences), "differences": differences})
        return 1 if differences else 0
    if not differences:
        print(f"{system}: no drift: the database matches the canonical schema")
        return 0
    print(f"{system}: {len(differences)} difference(s) between the canonical schema and the database:")
    for line in differences:
        print(f"  - {line}")
    return 1


def cmd_inspect(args: argparse.Namespace) -> int:
    """Write a live database (or a DDL file loaded into a scratch database) out as schema code; exit 1
    when something was left out, unless --allow-skipped."""
    from . import inspect
    from .dialects import urls
    namespaces = (None,) + tuple(dict.fromkeys(args.namespace or ()))  # the database's own, always
    output_folder(Path(args.out), "inspect --out")  # before anything is read
    if args.ddl:
        if args.database or not args.dialect:
            raise UserError("inspect --ddl FILE.sql needs --dialect (one of: " + ", ".join(dialects.names())
                            + ") and no --database")
        engine = dialects.get(args.dialect).name
        system = inspect.system_name(args.system, Path(args.ddl).stem)
        found = inspect.read_ddl(Path(args.ddl), engine, namespaces)
    elif args.database:
        if args.dialect:
            raise UserError("inspect --database URL takes its engine from the URL: leave out --dialect")
        url = urls.parse(args.database, need_database=True)
        has_server = dialects.get(url.dialect).has_server
        system = inspect.system_name(args.system, (url.database or "") if has_server else Path(url.database or "").stem)
        found = inspect.read_database(url, namespaces)
    else:
        raise UserError("inspect needs --database URL, or --ddl FILE.sql --dialect D")
    path = inspect.write(found, Path(args.out), system)
    for s in found.skipped:
        print(f"schemakit: skipped: {s}", file=sys.stderr)
    print(f"wrote {path}: system {system}, {len(found.schema.tables)} table(s) from {found.source} "
          f"({found.dialect})"
          + (f"; {len(found.skipped)} skipped" if found.skipped else ""), file=sys.stderr)
    if found.skipped and not args.allow_skipped:
        print(f"schemakit: inspect left {len(found.skipped)} thing(s) out or changed them (listed above); the file "
              "is written: check it, or pass --allow-skipped to accept", file=sys.stderr)
        return EXIT_DRIFT
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line (exit 2) instead of the usage text and the error."""

    def error(self, message: str):
        self.exit(EXIT_USER_ERROR, f"schemakit: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    from . import __version__
    p: argparse.ArgumentParser = _Parser(prog="schemakit", description=(__doc__ or "").split("\n\n")[0],
                                         epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"schemakit {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    common = project_options()
    i = sub.add_parser("init", help="start a project here: schemakit.toml (or [tool.schemakit] in pyproject.toml), "
                                    "db/schema.py, migrations/, a Makefile and a CI job; overwrites nothing")
    i.add_argument("--path", metavar="DIR", help="the project's folder, which must exist (default: the working folder)")
    i.set_defaults(func=cmd_init)
    s = sub.add_parser("systems", parents=[common], help="list the project's systems")
    s.set_defaults(func=cmd_systems)
    d = sub.add_parser("ddl", parents=[common], help="print the DDL of a system for an engine")
    d.add_argument("system", nargs="?", help="the system (optional when the project has one)")
    d.add_argument("--dialect", help=f"one of: {', '.join(dialects.names())}")
    d.add_argument("--project", action="append", metavar="ID", help="tenant id for per-project tables (repeatable)")
    d.add_argument("--degradations", action="store_true", help="list what the engine cannot express instead of DDL")
    d.add_argument("--all", action="store_true", help="write every system for every dialect into --out")
    d.add_argument("--out", help="write to this file (or directory, with --all)")
    format_option(d)
    d.set_defaults(func=cmd_ddl)
    m = sub.add_parser("makemigrations", parents=[common], help="write yoyo migrations from the canonical schema")
    m.add_argument("systems", nargs="*", metavar="SYSTEM")
    m.add_argument("--dialect", help="only this dialect")
    m.add_argument("--dir", help="the migrations folder (default: the configuration's, else ./migrations)")
    m.add_argument("--name", help="name of the new migration")
    m.add_argument("--allow-destructive", action="store_true", help="allow drops and narrowing type changes")
    m.add_argument("--rehash", action="store_true",
                   help="only rewrite migrations/<dialect>/schemakit.sum of each dialect (or of --dialect)")
    m.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 when the schema has changes no migration covers (for CI)")
    format_option(m)
    m.set_defaults(func=cmd_makemigrations)
    g = sub.add_parser("migrate", parents=[common], help="apply pending migrations")
    database_args(g)
    g.add_argument("--dry-run", action="store_true", help="print the SQL instead of running it")
    g.add_argument("--repair", action="store_true", help="complete a migration an interrupted run left half-applied")
    g.add_argument("--replay", action="store_true",
                   help="run every migration file on a new database too, not their squashed baseline.json")
    g.add_argument("--adopt", action="store_true",
                   help="take over a database that has tables but no schemakit history: record the migrations its "
                        "tables already match, create the rest, never touch the other tables")
    g.add_argument("--baseline", action="store_true",
                   help="a database that already has the schema (made by hand, or by another tool): check that its "
                        "tables match the newest migration, then record every migration as applied without running "
                        "any; refused, listing the differences, when they do not match")
    g.add_argument("--strict", action="store_true",
                   help="exit 1 when an up-to-date database differs from what its migrations create")
    g.add_argument("--wait-replicas", action="store_true",
                   help="after migrating, wait until every standby connected to the primary has replayed it "
                        f"(PostgreSQL); exit {EXIT_REPLICAS_LAGGING} naming the standby behind on timeout")
    g.add_argument("--replica-timeout", type=_seconds, metavar="SECONDS",
                   help=f"how long --wait-replicas waits (default {DEFAULT_REPLICA_TIMEOUT:g})")
    g.set_defaults(func=cmd_migrate)
    r = sub.add_parser("rollback", parents=[common], help="undo the last migration (or --steps N) of the systems named")
    database_args(r)
    r.add_argument("--steps", type=positive, default=1, help="how many migrations to undo (default 1)")
    r.add_argument("--allow-destructive", "--yes", dest="allow_destructive", action="store_true",
                   help="roll back even when that drops tables or columns holding data")
    r.set_defaults(func=cmd_rollback)
    st = sub.add_parser("status", parents=[common],
                        help="the applied and pending migrations of each system, and whether its lock is held")
    database_args(st)
    format_option(st)
    st.set_defaults(func=cmd_status)
    u = sub.add_parser("unlock", parents=[common],
                       help="clear the yoyo_lock rows an older schemakit left (today's locks end with their run)")
    database_args(u)
    u.set_defaults(func=cmd_unlock)
    f = sub.add_parser("drift", parents=[common], help="compare a live database with the canonical schema")
    f.add_argument("system", nargs="?", help="the system (optional when the project has one)")
    database_args(f, many=False)
    f.add_argument("--ignore", metavar="KIND[:PATTERN]", action="append", default=[],
                   help="accept objects the model does not hold: a kind (view, function, trigger, sequence, "
                        "type, table, ... or *) with an optional name pattern; repeatable, added to the "
                        "project file's ignore list")
    format_option(f)
    f.set_defaults(func=cmd_drift)
    n = sub.add_parser("inspect", help="write a live database (or a DDL file) out as schema code")
    n.add_argument("--database", metavar="URL", help="the database to read")
    n.add_argument("--ddl", metavar="FILE.sql", help="a DDL script, loaded into a scratch database of --dialect "
                                                    "by the engine's client, read, then dropped")
    n.add_argument("--dialect", help=f"the engine of --ddl: one of {', '.join(dialects.names())}")
    n.add_argument("--namespace", action="append", metavar="N",
                   help="also read this namespace (schema, attached database, database on the server; "
                        "repeatable); the database's own is always read")
    n.add_argument("--out", required=True, metavar="FILE.py", help="the schema file to write")
    n.add_argument("--system", metavar="NAME", help="the system's name (default: from the database or file name)")
    n.add_argument("--allow-skipped", action="store_true",
                   help="exit 0 even when something the model cannot hold was left out (each is still listed)")
    n.set_defaults(func=cmd_inspect)
    from .check_cli import register
    register(sub, common)
    from .tenants_cli import register as register_tenants  # tenants add|list, --tenants/--tenant (before fleet's)
    register_tenants(sub, common)
    from . import fleet  # --jobs, and --env of a fleet for migrate, status and drift (rollback, unlock refuse it)
    fleet.register(sub)
    from . import partitions  # partitions status | maintain | restore (issue #17)
    partitions.register(sub, common)
    return p


class _HeldRecords(logging.Handler):
    """Keeps the warnings and errors yoyo logs, instead of Python printing them with their
    tracebacks: schemakit reports every failure in one line of its own. An unexpected error's
    log file gets them all; otherwise each is shown as one line."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Hold the record."""
        self.records.append(record)

    def lines(self) -> list[str]:
        """Each record as one line, its exception's first line included, without traceback."""
        out = []
        for r in self.records:
            exc = r.exc_info[1] if r.exc_info else None
            out.append(f"{r.name}: {r.getMessage()}" + (f" ({first_line(exc)})" if exc else ""))
        return out


def _crash_dirs() -> list[Path]:
    """Where a crash log may go, in order of preference."""
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return [Path(state) / "schemakit", Path(tempfile.gettempdir())]


def _write_crash_log(text: str) -> Optional[Path]:
    """Write `text` to a new log file readable by its owner only; its path, or None if no folder is writable."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for folder in _crash_dirs():
        path = folder / f"schemakit-crash-{stamp}-{os.getpid()}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:
            continue
        with os.fdopen(fd, "w") as f:
            f.write(text)
        return path
    return None


def _crash(e: BaseException, argv: Sequence[str], held: _HeldRecords) -> int:
    """Report an unexpected error: one line, the traceback in a log file; EXIT_UNEXPECTED."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        ours = version("schemakit")
    except PackageNotFoundError:
        ours = "(not installed)"
    logged = "".join(f"{held.format(r)}\n" for r in held.records)
    text = mask_secrets(f"schemakit {ours}, Python {sys.version.split()[0]}, in {os.getcwd()}\n"
                 f"command: schemakit {shlex.join(argv)}\n\n"
                 + (f"logged before the error:\n{logged}\n" if logged else "")
                 + "".join(traceback.format_exception(e)))
    held.records.clear()  # they are in the log
    path = _write_crash_log(text)
    head = f"schemakit: unexpected error ({mask_secrets(first_line(e))[:300]})"
    if path is None:  # nowhere to write: the traceback goes to stderr rather than nowhere
        sys.stderr.write(text)
        print(f"{head}; no folder was writable for its log, so the traceback is above — please report it",
              file=sys.stderr)
    else:
        print(f"{head}; the traceback is in {path} — please report it", file=sys.stderr)
    return EXIT_UNEXPECTED


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed command line; a usage error is one line and exit 2 (`_Parser.error`)."""
    return build_parser().parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of the `schemakit` console command; returns the exit code (see the module docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    held = _HeldRecords()
    library = logging.getLogger("yoyo")
    library.addHandler(held)
    args = None
    try:
        args = _parse(argv)
        return args.func(args)
    except user_errors() as e:
        message = str(e)
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("schemakit: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as e:
        bad = bad_migration(e, getattr(args, "dir", None))
        if bad is not None:
            message = bad
            held.records.clear()  # yoyo's own report of the same file, with its traceback
        else:
            found = file_error(e)
            if found is None:
                return _crash(e, argv, held)
            message = found
    finally:
        library.removeHandler(held)
        for line in held.lines():  # e.g. a compensating rollback step yoyo could not run
            print(f"schemakit: {mask_secrets(line)}", file=sys.stderr)
    print(f"schemakit: {mask_secrets(message)}", file=sys.stderr)
    return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
