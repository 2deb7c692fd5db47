"""The tenant commands of the command line (schemakit/tenants.py does the work):

    schemakit tenants add SYSTEM ID... [--database URL | --env NAME] [--jobs N]
    schemakit tenants list SYSTEM [--database URL | --env NAME] [--format json]
    schemakit migrate SYSTEM --tenants all | --tenant ID... [--jobs N]
    schemakit drift SYSTEM --tenants all | --tenant ID... [--jobs N]
    schemakit status SYSTEM --tenants all | --tenant ID... [--format json]

`migrate` with tenants migrates the shared part first (the command as without them), then the tenants over
the runner (`--jobs`, the option the fleet commands have: one option, one meaning); `drift` with tenants
reports per tenant. Exit 1 when any tenant failed (or drifted); a bad id is one line, exit 2, before
anything connects.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from typing import Any, Callable, Optional, Sequence

from . import runner
from .command import database_args, mask_secrets, migrations_dir, where
from .options import UserError, format_option, positive, print_json, project_of

DEFAULT_JOBS = 4  # as the fleet commands' --jobs (schemakit/fleet.py)
REFUSED = ("dry_run", "baseline", "adopt", "replay", "strict", "wait_replicas")  # migrate's, not for tenants


def register(sub: Any, common: Any) -> None:
    """Add `tenants add|list` to the CLI's subparsers, and --tenants/--tenant to `migrate` and `drift`
    (before `fleet.register`, which adds --jobs to them and refuses tenants over a fleet)."""
    t = sub.add_parser("tenants", parents=[common], help="add tenants (a namespace each) and list where they stand")
    verbs = t.add_subparsers(dest="verb", required=True)
    a = verbs.add_parser("add", parents=[common], help="create tenants' namespaces at the current tenant version")
    a.add_argument("system", help="the system with per-tenant tables")
    a.add_argument("ids", nargs="+", metavar="ID", help="tenant ids: integers, or letters, digits, '-' and '_' "
                                                         "(a UUID fits)")
    database_args(a, many=False)
    a.add_argument("--jobs", type=positive, default=DEFAULT_JOBS, metavar="N",
                   help=f"how many tenants at once (default {DEFAULT_JOBS})")
    a.set_defaults(func=cmd_add)
    li = verbs.add_parser("list", parents=[common], help="each tenant of the source of truth: version, behind or not")
    li.add_argument("system", help="the system with per-tenant tables")
    database_args(li, many=False)
    li.add_argument("--jobs", type=positive, default=DEFAULT_JOBS, metavar="N",
                    help=f"how many tenants are read at once (default {DEFAULT_JOBS})")
    format_option(li)
    li.set_defaults(func=cmd_list)
    for name, after in (("migrate", _migrate), ("drift", _drift), ("status", _status)):
        p = sub.choices[name]
        group = p.add_mutually_exclusive_group()
        group.add_argument("--tenants", choices=("all",),
                           help="then every tenant the system's source of truth lists (contentgen: projects.id)")
        group.add_argument("--tenant", action="extend", nargs="+", metavar="ID", help="then only these tenants")
        p.set_defaults(func=_with_tenants(p.get_default("func"), after, known_only=name == "migrate",
                                          plain=_orphans_note if name == "drift" else None))


def _with_tenants(single: Callable[[argparse.Namespace], int], after: Callable[[argparse.Namespace, str], int],
                  known_only: bool = False,
                  plain: Optional[Callable[[argparse.Namespace], None]] = None) -> Callable[[argparse.Namespace], int]:
    """The command as it was, followed, with --tenants or --tenant, by `after` on each system's tenants (without
    them, by `plain`); with `known_only` (migrate), a --tenant id no source lists is refused first
    (`tenants.refuse_unknown`)."""
    def run(args: argparse.Namespace) -> int:
        if not (args.tenants or args.tenant):
            code = single(args)
            if plain is not None and code in (0, 1):
                plain(args)
            return code
        from .tenants import preflight
        systems = _tenanted(args)
        for system in systems:  # a bad id or URL: one line, before anything is written
            preflight(system, tenants=_ids(args, system), known_only=known_only, **_where(args))
        if getattr(args, "format", "text") == "json":  # one document: the command's, with the tenants in it
            shared = io.StringIO()
            with contextlib.redirect_stdout(shared):
                code = single(args)
            args.shared_document = json.loads(shared.getvalue())
        else:
            code = single(args)
        for system in systems:
            code = max(code, after(args, system))
        if getattr(args, "tenants_in_document", False):  # status: each system's tenants went into its entry
            print_json(args.shared_document)
        return code
    run.__doc__ = single.__doc__
    return run


def _tenanted(args: argparse.Namespace) -> list[str]:
    """The systems whose tenants --tenants/--tenant name: the one named, which has tenants; with
    `--tenants all` and none named (`make migrate`), every system of the project that has tenants."""
    from .tenants import tenancy_of
    project = project_of(args)
    names = list(getattr(args, "systems", None) or ([args.system] if getattr(args, "system", None) else []))
    bad = [f"--{o.replace('_', '-')}" for o in REFUSED if getattr(args, o, None)]
    if bad:
        raise UserError(f"--tenants/--tenant cannot be combined with {', '.join(bad)}: run that without tenants")
    if not names and args.tenants and getattr(args, "systems", None) is not None:
        return [n for n in project.names() if project.get(n).tenancy is not None]
    if len(names) != 1:
        raise UserError("--tenant works on one system: name it, e.g. `schemakit migrate contentgen --tenant 7`")
    tenancy_of(project.get(names[0]))
    return [project.get(names[0]).name]


def _ids(args: argparse.Namespace, system: str):
    """The tenant ids named (checked), or None for --tenants all."""
    from .tenants import checked_ids
    if args.tenant:
        return checked_ids(project_of(args).get(system), args.tenant)
    return None


def _where(args: argparse.Namespace) -> dict:
    """`command.where` and the migrations folder, as keyword arguments of the tenant functions."""
    return {**where(args), "root": migrations_dir(args)}


def _report(outcomes: Sequence[runner.Outcome], failures: Optional[dict] = None) -> None:
    """The summary, then the rest of each failed tenant's message (what differs, the command that completes
    it), masked."""
    for line in runner.summary(outcomes, "tenant"):
        print(line)
    for name, message in (failures or {}).items():
        rest = message.strip().splitlines()[1:]
        if rest:
            print(f"tenant {name}:")
            for line in rest:
                print(f"  {mask_secrets(line)}")


def _migrate(args: argparse.Namespace, system: str) -> int:
    from . import tenants
    failures: dict[str, str] = {}
    outcomes = tenants.migrate_tenants(system, tenants=_ids(args, system), jobs=args.jobs, repair=args.repair,
                                       failures=failures, **_where(args))
    _report(outcomes, failures)
    if args.tenants:  # the source of truth decides: an orphan is not migrated, but said
        lost = tenants.orphans(system, known=[o.name for o in outcomes], **_where(args))  # the ids read once
        if lost:
            print(f"{len(lost)} orphan tenant(s) not migrated: {_orphan_why(args, system)}; "
                  f"`schemakit tenants list {system}` names them")
    return runner.exit_code(outcomes)


def _orphans_note(args: argparse.Namespace) -> None:
    """After the shared part's drift of a system with tenants, on stderr: how many orphan tenants its database
    has (their namespaces are no shared table's, and no --tenants all sees them) and the command reporting them."""
    from .targets import MigrateError
    from .tenants import orphans
    if getattr(args, "format", "text") != "text" or not getattr(args, "system", None):
        return
    system = project_of(args).get(args.system)
    if system.tenancy is None or system.tenancy.source is None:
        return
    try:
        lost = orphans(system.name, **_where(args))
    except (MigrateError, NotImplementedError):  # a note: the drift itself has been said
        return
    if lost:
        print(f"{system.name}: {len(lost)} orphan tenant(s) ({_orphan_why(args, system.name)}): "
              f"`schemakit drift {system.name} --tenants all` reports them", file=sys.stderr)


def _source(args: argparse.Namespace, system: str) -> str:
    """Where the system's tenant ids live, as messages name it (``accounts.id``)."""
    from .tenants import tenancy_of
    source = tenancy_of(project_of(args).get(system)).source
    return f"{source[0]}.{source[1]}" if source else "the source of tenant ids"


def _orphan_why(args: argparse.Namespace, system: str) -> str:
    return f"each one's namespace exists but its id is not in {_source(args, system)}"


def _orphans_hint(args: argparse.Namespace, system: str, found: Sequence) -> None:
    """After a listing with orphans, on stderr: how each becomes a tenant again."""
    n = sum(1 for s in found if s.orphan)
    if n:
        print(f"{n} orphan tenant(s): {_orphan_why(args, system)}, so --tenants all leaves them alone; add the id "
              f"to {_source(args, system)}, or migrate one with `schemakit migrate {system} --tenant ID`",
              file=sys.stderr)


def _drift(args: argparse.Namespace, system: str) -> int:
    from . import tenants
    from .ignore import accepts_tenant, parse_rules
    found: dict[str, list[str]] = {}
    rules = parse_rules(args.ignore, "--ignore")
    outcomes = tenants.drift(system, tenants=_ids(args, system), jobs=args.jobs, rules=rules, report=found,
                             **_where(args))
    rules = tuple(project_of(args).config.ignore) + rules
    lost = [(i, ns) for i, ns in (tenants.orphans(system, known=[o.name for o in outcomes], **_where(args))
                                  if args.tenants else [])
            if not accepts_tenant(rules, i, ns)]  # a difference: a tenant's tables no source names
    if args.format == "json":
        document = getattr(args, "shared_document", None) or {"system": system}
        document["tenants"] = [{"tenant": o.name, "status": o.status, "differences": found.get(o.name, []),
                                "error": o.detail if o.status == runner.FAILED else None} for o in outcomes]
        document["orphans"] = [{"tenant": i, "namespace": ns, "managed": False} for i, ns in lost]
        document["drift"] = bool(document.get("drift")) or any(o.status == runner.DRIFT for o in outcomes) \
            or bool(lost)
        print_json(document)
    else:
        for o in outcomes:
            for line in found.get(o.name, []):
                print(f"tenant {o.name}: {line}")
        for i, ns in lost:
            print(f"tenant {i}: namespace {ns} not managed by schemakit (an orphan: {i} is not in "
                  f"{_source(args, system)}; accept it with --ignore tenant:{i})")
        _report(outcomes)
        if lost:
            print(f"{len(lost)} orphan tenant(s) not checked: {_orphan_why(args, system)}; "
                  f"`schemakit tenants list {system}` names them")
    return max(runner.exit_code(outcomes), 1 if lost else 0)


def _status(args: argparse.Namespace, system: str) -> int:
    """Each tenant's applied and pending migrations (`tenants.states`), after the shared part's status; reads
    only, exit 0 (as status)."""
    from . import tenants
    found = tenants.states(system, tenants=_ids(args, system), jobs=args.jobs, **_where(args))
    if args.format == "json":
        for entry in args.shared_document["systems"]:
            if entry["system"] == system:
                entry["tenants"] = [s.as_dict() for s in found]
        args.tenants_in_document = True
        return 0
    for s in found:
        print(f"{system}: tenant {s.line()}")
        if s.exists and s.pending:
            print("\n".join(f"  pending {m}" for m in s.pending))
    _counts(found)
    _orphans_hint(args, system, found)
    return 0


def _counts(found: Sequence) -> None:
    """The tenants' counts on stderr: current, behind, missing."""
    behind = sum(1 for s in found if s.state == "behind")
    missing = sum(1 for s in found if s.state == "missing")
    orphan = sum(1 for s in found if s.state == "orphan")
    print(f"{len(found)} tenant(s): {len(found) - behind - missing - orphan} current, {behind} behind, {missing} "
          f"missing" + (f", {orphan} orphan" if orphan else ""), file=sys.stderr)


def cmd_add(args: argparse.Namespace) -> int:
    """Create the tenants' namespaces at the current tenant version; exit 1 when any failed."""
    from . import tenants
    project = project_of(args)
    ids = tenants.checked_ids(project.get(args.system), args.ids)
    tenants.preflight(project.get(args.system).name, tenants=ids, **_where(args))
    failures: dict[str, str] = {}
    system = project.get(args.system).name
    outcomes = tenants.migrate_tenants(system, tenants=ids, jobs=args.jobs, failures=failures, **_where(args))
    _report(outcomes, failures)
    made = [o.name for o in outcomes if o.status != runner.FAILED]
    alone = tenants.unlisted(system, ids=made, **_where(args)) if made else []
    if alone:  # made before the application's row (seed 003): fine, but no --tenants all sees it yet
        who = f"tenant {alone[0]} is" if len(alone) == 1 else f"tenants {', '.join(alone)} are"
        print(f"{who} not in {_source(args, system)}: `--tenants all` will see it once its row exists (until then "
              f"`schemakit tenants list {system}` shows it as an orphan)", file=sys.stderr)
    return runner.exit_code(outcomes)


def cmd_list(args: argparse.Namespace) -> int:
    """Each tenant's version, and whether it is behind."""
    from . import tenants
    project = project_of(args)
    found = tenants.states(project.get(args.system).name, jobs=args.jobs, **_where(args))
    if args.format == "json":
        print_json({"system": args.system, "tenants": [s.as_dict() for s in found]})
        return 0
    for s in found:
        print(s.line())
    _counts(found)
    _orphans_hint(args, project.get(args.system).name, found)
    return 0
