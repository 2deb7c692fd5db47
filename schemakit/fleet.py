"""Fleets: one environment of the project file naming many databases (shards, or a server per region).

    [tool.schemakit.env.shards]
    urls = ["postgresql://app@db1/app", "postgresql://app@db2/app"]    # or urls_file = "fleet.txt"

`migrate`, `status` and `drift` with ``--env`` of a fleet run the single-database command on every
target, ``--jobs N`` at a time (`schemakit.runner`): a bar on a terminal, a line per target
elsewhere, then each target's own output in the fleet's order, and a summary with a count per
status. A failing or unreachable target does not stop the others.

- Each target's run is exactly the single-URL command's: the same functions
  (`migrate.migrate`, `status.status`, `migrate.drift`) with the same options, locks, --dry-run,
  --strict, --wait-replicas and the refusal of a replica. Only their output is kept per target.
- A target is named by its URL with the password shown as ``***`` (`DbUrl.redacted`), in every
  line; every error line is masked too (`command.mask_secrets`).
- Engines may be mixed in a fleet: each target uses its own engine's migrations
  (``migrations/<dialect>/``), as ``--database`` with its URL would.
- The settings are checked before anything connects: a bad or repeated URL, an empty fleet or
  ``--jobs 0`` is one line and exit 2.
- `rollback` and `unlock` (which act on one database, and rollback may ask before losing data)
  refuse a fleet environment in one line, exit 2: name the database with ``--database``.

Exit codes: 0 when every target succeeded; 1 when any failed (or, for `drift` and
`migrate --strict`, drifted); for `migrate --wait-replicas`, 4 when none failed but a target's
standbys had not replayed it in time.
"""
from __future__ import annotations

import argparse
import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

from schemakit.dialects import urls

from . import command, runner
from .options import UserError, first_line, positive, print_json, project_of
from .project import Project, ProjectError

DEFAULT_JOBS = 4
LAGGING = "lagging"  # migrate --wait-replicas: migrated, a standby behind when the time was up
COMMANDS = ("migrate", "status", "drift")  # what runs over a fleet
SINGLE = ("rollback", "unlock")  # what refuses one


@dataclass(frozen=True)
class Member:
    """One target of a fleet: its name in every line (the URL, password masked), the URL to
    connect with (never printed) and where the project file gives it."""

    name: str
    url: str
    where: str


def members(project: Project, env: Optional[str]) -> Optional[list[Member]]:
    """The targets of environment `env` when it is a fleet, each URL checked; None when it is not
    one. A URL that does not parse, or one listed twice, is a ProjectError naming where it is."""
    found = project.fleet(env)
    if found is None:
        return None
    out: dict[str, Member] = {}
    for url, where in found:
        try:
            name = urls.parse(url, need_database=True).require_database().redacted
        except urls.BadUrl as e:
            raise ProjectError(f"{where}: {e}") from None
        if name in out:
            raise ProjectError(f"{where}: {name} is already in the fleet ({out[name].where}): list each database "
                               "once")
        out[name] = Member(name, url, where)
    return list(out.values())


def register(sub: Any) -> None:
    """Give `migrate`, `status` and `drift` (subparsers of `sub`) --jobs and the fleet run of an
    ``--env`` that names one; make `rollback` and `unlock` refuse such an environment. A command's
    own run is unchanged for one database (--database, or an env with one url)."""
    runs: dict[str, Callable[..., int]] = {"migrate": _migrate, "status": _status, "drift": _drift}
    for name in COMMANDS:
        p = sub.choices[name]
        try:
            p.add_argument("--jobs", type=positive, default=DEFAULT_JOBS, metavar="N",
                           help=f"with --env of a fleet: how many targets at once (default {DEFAULT_JOBS})")
        except argparse.ArgumentError:  # another part of the command line defines it (tenants): the same meaning
            pass
        p.set_defaults(func=_routed(name, p.get_default("func"), runs[name]))
    for name in SINGLE:
        p = sub.choices[name]
        p.set_defaults(func=_routed(name, p.get_default("func"), None))


def _routed(command: str, single: Callable[[argparse.Namespace], int],
            fleet: Optional[Callable[..., int]]) -> Callable[[argparse.Namespace], int]:
    """The subcommand's function: `fleet` (None: a refusal) when --env names a fleet and no
    --database is given, else the single-database `single`."""
    def run(args: argparse.Namespace) -> int:
        env = getattr(args, "env", None)
        found = None if args.database or not env else members(project_of(args), env)
        if found is None:
            return single(args)
        if fleet is None:
            raise UserError(f"{command}: --env {env} is a fleet of {len(found)} database(s), and {command} works on "
                            f"one: name it with --database URL (a fleet runs migrate, status and drift)")
        if getattr(args, "tenants", None) or getattr(args, "tenant", None):  # schemakit/tenants.py's options
            raise UserError(f"{command}: --tenants/--tenant work on one database, and --env {env} is a fleet of "
                            f"{len(found)}: run it for each with --database URL")
        return fleet(args, found)
    return functools.wraps(single)(run)


@dataclass
class _Report:
    """What one target's run gave: the lines its command would have printed, and any data for JSON."""

    lines: list[str] = field(default_factory=list)
    data: Any = None


def _over(members_: Sequence[Member], args: argparse.Namespace,
          work: Callable[[Member, _Report], runner.Result]) -> tuple[list[runner.Outcome], dict[str, _Report]]:
    """Run `work` on every member, --jobs at a time; a target's failure becomes its outcome, with its
    lines (the whole message) kept in its report."""
    reports = {m.name: _Report() for m in members_}
    by_name = {m.name: m for m in members_}

    def job(name: str) -> runner.Result:
        report = reports[name]
        try:
            return work(by_name[name], report)
        except Exception as e:  # the target's failure, as the single command reports it, in one line
            first, *rest = command.mask_secrets(_failure(e, args, by_name[name])).splitlines() or [""]
            report.lines += rest  # the first line is the outcome's detail (each report is its target's thread's)
            return runner.Result(runner.FAILED, first)

    outcomes = runner.run([m.name for m in members_], job, jobs=args.jobs, what="target")
    return outcomes, reports


def _failure(e: Exception, args: argparse.Namespace, member: Member) -> str:
    """The message the single-database command gives for `e`: a user error's own text, a migration
    file's or a path's one line; for anything else (a bug) the command that shows its traceback."""
    if isinstance(e, command.user_errors()):
        return str(e)
    known = command.bad_migration(e, getattr(args, "dir", None)) or command.file_error(e)
    if known:
        return known
    alone = urls.parse(member.url).display_without_password
    return (f"unexpected error ({first_line(e)}); for its traceback, run the same command on this target "
            f"alone: --database '{alone}' instead of --env {args.env}")


def _print(outcomes: Sequence[runner.Outcome], reports: dict[str, _Report]) -> None:
    """Each target's status and its own lines, in the fleet's order, then the summary (stdout)."""
    for o in outcomes:
        print(f"target {o.name}: {o.status}" + (f": {o.detail}" if o.detail else ""))
        for line in reports[o.name].lines:
            print(f"  {command.mask_secrets(line)}")
    for line in runner.summary(outcomes, "target"):
        print(line)


def _summary(outcomes: Sequence[runner.Outcome]) -> dict:
    """The JSON summary: how many targets, and a count per status."""
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    return {"targets": len(outcomes), "counts": counts}


def _entry(o: runner.Outcome) -> dict:
    return {"target": o.name, "status": o.status, "error": o.detail if o.status == runner.FAILED else None,
            "seconds": round(o.seconds, 3)}


def _migrate(args: argparse.Namespace, fleet: Sequence[Member]) -> int:
    """`migrate --env FLEET`: `migrate.migrate` on every target; exit 1 when any failed (or drifted
    with --strict), else 4 when any target's standbys lagged (--wait-replicas)."""
    from . import checksum, migrate, replicas
    if args.replica_timeout is not None and not args.wait_replicas:
        raise UserError("--replica-timeout goes with --wait-replicas: add --wait-replicas, or leave it out")
    if args.baseline and (args.adopt or args.repair or args.replay):
        raise migrate.MigrateError("--baseline records what is there; it cannot be combined with --adopt, "
                                   "--repair or --replay")
    wait = (args.replica_timeout or command.DEFAULT_REPLICA_TIMEOUT) if args.wait_replicas and not args.dry_run else None
    project, systems, root = project_of(args), command.systems_of(args), command.migrations_dir(args)
    checksum.require_root(root)  # the same for every target: said once, before any connects

    def work(m: Member, report: _Report) -> runner.Result:
        try:
            n = migrate.migrate(systems, m.url, root, dry_run=args.dry_run, repair=args.repair, replay=args.replay,
                                adopt=args.adopt, strict=args.strict, baseline=args.baseline, wait_replicas=wait,
                                say=report.lines.append, project=project)
        except migrate.DriftFound as e:
            report.lines += [f"--strict: {e}; see `schemakit drift`:"] + [f"  - {line}" for line in e.lines]
            return runner.Result(runner.DRIFT, str(e))
        except replicas.ReplicasLagging as e:  # one line, the outcome's detail
            return runner.Result(LAGGING, command.mask_secrets(_first_line(str(e))))
        if args.baseline:
            return runner.Result("baselined")
        if args.dry_run:
            return runner.Result("pending", f"{n} migration(s)") if n else runner.Result("current")
        return runner.Result("migrated", f"{n} migration(s)") if n else runner.Result("current")

    outcomes, reports = _over(fleet, args, work)
    _print(outcomes, reports)
    code = runner.exit_code(outcomes)
    return code or (command.EXIT_REPLICAS_LAGGING if any(o.status == LAGGING for o in outcomes) else 0)


def _first_line(text: str) -> str:
    """The first line of `text` (a message that may go on with details)."""
    return (text.strip().splitlines() or [""])[0]


def _status(args: argparse.Namespace, fleet: Sequence[Member]) -> int:
    """`status --env FLEET`: each target's applied and pending migrations; exit 1 when any target
    could not be read."""
    from . import checksum, status
    project, systems, root = project_of(args), command.systems_of(args), command.migrations_dir(args)
    checksum.require_root(root)

    def work(m: Member, report: _Report) -> runner.Result:
        found = status.status(systems, m.url, root, project)
        report.data = found
        for s in found:
            report.lines += s.lines()
        waiting = sum(len(s.pending) for s in found)
        return runner.Result("pending", f"{waiting} migration(s)") if waiting else runner.Result("current")

    outcomes, reports = _over(fleet, args, work)
    if args.format == "json":
        print_json({"targets": [{**_entry(o), "systems": [s.as_dict() for s in reports[o.name].data or []]}
                                for o in outcomes], "summary": _summary(outcomes)})
    else:
        _print(outcomes, reports)
    return runner.exit_code(outcomes)


def _drift(args: argparse.Namespace, fleet: Sequence[Member]) -> int:
    """`drift --env FLEET`: each target against the canonical schema; exit 1 when any drifted or
    could not be read."""
    from . import migrate
    from .ignore import parse_rules
    project = project_of(args)
    system = args.system or command.only_system(project, "drift")
    project.get(system)
    rules = parse_rules(args.ignore, "--ignore")
    root = command.migrations_dir(args)

    def work(m: Member, report: _Report) -> runner.Result:
        differences = migrate.drift(system, m.url, project=project, root=root, ignore=rules)
        report.data = differences
        if not differences:
            report.lines.append(f"{system}: no drift: the database matches the canonical schema")
            return runner.Result("clean")
        report.lines.append(f"{system}: {len(differences)} difference(s) between the canonical schema and the "
                            "database:")
        report.lines += [f"  - {line}" for line in differences]
        return runner.Result(runner.DRIFT, f"{len(differences)} difference(s)")

    outcomes, reports = _over(fleet, args, work)
    if args.format == "json":
        print_json({"system": system, "drift": any(o.status == runner.DRIFT for o in outcomes),
                    "targets": [{**_entry(o), "differences": reports[o.name].data or []} for o in outcomes],
                    "summary": _summary(outcomes)})
    else:
        _print(outcomes, reports)
    return runner.exit_code(outcomes)

