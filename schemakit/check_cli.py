"""`schemakit check`: the cross-engine verdict runner on catalog systems, printed as a matrix.

    schemakit check [SYSTEM ...] [--dialect all|postgres,sqlite] [--examples N] [--seed N] [--no-shrink]

Each system is migrated into fresh databases (PostgreSQL and MySQL servers
from SCHEMAKIT_PG_URL / SCHEMAKIT_MYSQL_URL, SQLite in a temporary
directory), every table gets N hypothesis examples (parents, a valid row, a
key variant and one mutant per constraint), and the verdict matrix is
printed: each constraint by engine, with the rows and mutants tried. The
exit status is 1 when any engine disagreed with the oracle without a
listed degradation to explain it, 0 otherwise; the databases are dropped.
Each disagreement is searched again on its own and shrunk to the minimal row
(about half a minute per failing table); --no-shrink prints the first one found.
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

from schemakit import dialects
from schemakit.checks.engines import ENGINE_NAMES, open_engines, parse_engines

from .options import UserError, format_option, print_json, project_of

DEFAULT_EXAMPLES = 10
EXIT_DISAGREEMENT = 1


def register(sub: Any, common: Any) -> None:
    """Add the `check` subcommand to the CLI's subparsers (`common`: the project options)."""
    p = sub.add_parser("check", parents=[common],
                       help="prove every engine gives each row the oracle's verdict (a verdict matrix)")
    p.add_argument("systems", nargs="*", metavar="SYSTEM", help="default: all of the project's")
    p.add_argument("--dialect", default="all", help=f"all, or a comma-separated list of {', '.join(ENGINE_NAMES)}")
    p.add_argument("--examples", type=int, default=DEFAULT_EXAMPLES, help="hypothesis examples per table")
    p.add_argument("--seed", type=int, help="hypothesis seed, to repeat a run")
    p.add_argument("--no-shrink", dest="shrink", action="store_false",
                   help="print each disagreement as found, without shrinking it (faster)")
    format_option(p)
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    """Run the verdict checks and print one matrix per system; 1 on any disagreement."""
    engines = parse_engines(args.dialect)
    project = project_of(args)
    systems = [project.get(name) for name in args.systems] or [project.get(n) for n in project.names()]
    if not engines:
        raise UserError(f"--dialect {args.dialect!r} names no engine: choose all or some of {', '.join(ENGINE_NAMES)}")
    if args.examples < 1:
        raise UserError("--examples must be at least 1")
    tallies = [_check_system(s, engines, args) for s in systems]
    failed = [t.title for t in tallies if t.disagreements]
    if args.format == "json":
        print_json({"ok": not failed, "systems": [t.as_dict() for t in tallies]})
    if failed:
        print(f"disagreements in: {', '.join(failed)}", file=sys.stderr)
    return EXIT_DISAGREEMENT if failed else 0


def _check_system(system, engines: tuple[str, ...], args: argparse.Namespace):
    """Run one system's checks and print its matrix (not with --format json); its Tally."""
    # imported here, not with the CLI: the runner imports hypothesis (0.1 s), which no other command needs
    from schemakit.checks.oracle import OracleError
    from schemakit.checks.report import matrix
    from schemakit.checks.runner import Plan, run, system_schema
    name, schema = system.name, system_schema(system)
    plan = Plan(examples=args.examples, keep_going=True, seed=args.seed, shrink=args.shrink,
                overrides={"database": None, "derandomize": False, "print_blob": False})
    with _engines(schema, engines) as opened:
        try:
            tally = run(opened, plan=plan, title=name)
        except OracleError as e:  # a type or operator the oracle does not model: it cannot judge the rows
            raise UserError(f"system {name}: the checks cannot judge it: {e}; leave that table out of the "
                            "schema checked (--schema)") from None
    if args.format == "json":
        return tally
    print(matrix(tally))
    for j in tally.disagreements:
        print(f"DISAGREEMENT (minimal example):\n{j.describe()}\n")
    sys.stdout.flush()
    return tally


def _engines(schema, engines: tuple[str, ...]):
    unreachable: tuple[type[BaseException], ...] = tuple(e for name in engines for e in dialects.get(name).unreachable_errors())
    try:
        return open_engines(schema, engines)
    except unreachable + (OSError,) as e:  # unreachable server
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise UserError(f"cannot open databases for {', '.join(engines)}: {type(e).__name__}: {first} "
                        f"(set {_variables(engines)}, or run `make services`)") from None


def _variables(engines: tuple[str, ...]) -> str:
    """The environment variables naming the servers of `engines` (`Dialect.server_env`)."""
    found = [env[0] for env in (dialects.get(name).server_env for name in engines) if env]
    return " / ".join(found) or "the engines' server variables"
