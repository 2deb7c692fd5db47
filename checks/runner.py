"""The cross-engine verdict runner: the same rows on every engine, judged against the oracle.

For each table, each hypothesis example draws parent rows for the table and
its ancestors (`strategies.graph`), inserts them on every engine (parents
first, `strategies.insertion_order`), then probes, each in a savepoint that
is rolled back:

- a valid row (`strategies.rows`): every engine must accept it;
- a key variant (`variants`): a valid row whose textual unique key is an
  existing row's key changed in case, accents or trailing spaces: engines
  whose collation folds them (MySQL's ``*_ci``, PAD SPACE) reject it where
  PostgreSQL does not;
- one mutant per constraint (`strategies.mutants`): every engine must
  reject it by that constraint.

A verdict *agrees* when it is the oracle's: accepted when the oracle finds no
violation, else rejected by a constraint among the oracle's ``violations``
(engines report the first violation they meet, and their order differs; see
`checks.oracle`; mutants break exactly one constraint, so there every engine
must name the same one). A verdict that differs is *degraded* (``~CODE``) when
a listed degradation of that engine explains it (the rules live in
``checks/verdicts/<engine>.py``), a *known bug* (``!ID``) when one of the
caller's `KnownBug`s recognises it, and a *disagreement* otherwise: the run
stops with `Disagreement`, and hypothesis shrinks it to the minimal example.
Neither degraded verdicts nor known bugs ever count as agreement.
"""
from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Optional, Sequence

from hypothesis import HealthCheck, Phase, given, seed, settings, strategies as st

from schemakit import dialects
from schemakit.schema.domains import inline_domains, inline_table
from schemakit.schema.model import Kind, Schema, System, Table
from schemakit.schema.validate import validate

from .engines import Case, Engine, Engines, agrees
from .oracle import Existing, Verdict, stored, violations
from .report import ACCEPTED_LINE, LineKey, Tally
from .strategies import feasible, graph, insertion_order, mutants, mutations, rows, unique_keys

PARENT, ROW, VARIANT, MUTANT = "parent", "row", "variant", "mutant"
FAIL = "FAIL"
PARENTS_PER_TABLE = 2  # rows per ancestor table in each example's parent graph
HEALTH = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
          HealthCheck.large_base_example, HealthCheck.function_scoped_fixture]


@dataclass(frozen=True)
class Probe:
    """A row tried on every engine: where it came from, and the constraint a mutant breaks."""

    table: Table
    row: dict
    source: str  # PARENT, ROW, VARIANT or MUTANT
    target: Optional[str] = None


@dataclass(frozen=True)
class Judgement:
    """The oracle's verdicts on a probe, each engine's, and how each engine's compares."""

    probe: Probe
    expected: tuple[Verdict, ...]  # every violation; empty: accepted
    got: dict[str, Verdict]
    status: dict[str, Optional[str]]  # engine -> None (agrees), ~CODE (degraded), !ID (known bug) or FAIL

    @property
    def failing(self) -> list[str]:
        """Engines whose verdict disagrees with the oracle, unexplained."""
        return [e for e, s in self.status.items() if s == FAIL]

    @property
    def line(self) -> LineKey:
        """The report line this probe counts on."""
        t, target = self.probe.table.qualified, self.probe.target
        if not self.expected:
            return t, ACCEPTED_LINE, "-"
        constraint, kind = self.expected[0].rejection
        return t, target if self.probe.source == MUTANT and target is not None else constraint, kind

    def describe(self) -> str:
        """Table, row, the oracle's verdict and each engine's, for a failure message."""
        want = "accepted" if not self.expected else " or ".join(_verdict(v) for v in self.expected)
        lines = [f"{self.probe.source} of {self.probe.table.qualified}: {self.probe.row!r}",
                 f"  oracle: {want}"]
        lines += [f"  {e}: {_verdict(v)}{_mark(self.status[e])}" for e, v in self.got.items()]
        return "\n".join(lines)


def _mark(status: Optional[str]) -> str:
    return "" if status is None else f"  <- {status}"


def _verdict(v: Verdict) -> str:
    return "accepted" if v.accepted else f"rejected by {v.constraint} ({v.kind})"


class Disagreement(AssertionError):
    """An engine's verdict differs from the oracle's and no listed degradation explains it."""

    def __init__(self, judgement: Judgement):
        self.judgement = judgement
        super().__init__(f"verdicts differ on {', '.join(judgement.failing)}\n{judgement.describe()}")


# -- judging one row ------------------------------------------------------------------------------

@dataclass(frozen=True)
class KnownBug:
    """A reported disagreement, counted as ``!<id>`` instead of failing the run until it is fixed.

    `applies(case)` must recognise exactly the reported case (engine, table, value shape).
    """

    id: str
    description: str
    applies: Callable[[Case], bool]


def status_of(engine: Engine, case: Case, known: Sequence[KnownBug] = ()) -> Optional[str]:
    """None when `case` agrees with the oracle, else ``~CODE`` (a listed degradation of `engine`
    explains it), ``!ID`` (a known bug) or FAIL."""
    if agrees(case.expected, case.got):
        return None
    code = engine.explain(case)
    if code:
        return f"~{code}"
    bug = next((b for b in known if b.applies(case)), None)
    return f"!{bug.id}" if bug else FAIL


def judge(engines: Iterable[Engine], probe: Probe, existing: Existing,
          insert: Callable[[Engine], Callable] = lambda e: e.probe,
          known: Sequence[KnownBug] = ()) -> Judgement:
    """Every engine's verdict on `probe` (by default rolled back), compared with the oracle's.

    A status is None (agrees), ``~CODE`` (a listed degradation explains it), ``!ID``
    (a known bug) or FAIL.
    """
    expected = tuple(violations(probe.table, probe.row, existing))
    got = {e.name: insert(e)(probe.table, probe.row) for e in engines}
    status = {e.name: status_of(e, Case(e.name, probe.table, probe.row, existing, expected, got[e.name]), known)
              for e in engines}
    return Judgement(probe, expected, got, status)


def check(engines: Engines, probe: Probe, existing: Existing, tally: Optional[Tally] = None,
          insert: Callable[[Engine], Callable] = lambda e: e.probe,
          known: Sequence[KnownBug] = ()) -> Judgement:
    """`judge`, counted in `tally`; raises Disagreement when an engine disagrees unexplained."""
    j = judge(engines, probe, existing, insert, known)
    if tally is not None:
        tally.record(j.line, probe.source == MUTANT, j.status)
    if j.failing:
        raise Disagreement(j)
    return j


def insert_rows(engines: Engines, rows: Iterable[tuple[Table, dict]], existing: Existing,
                tally: Optional[Tally] = None, known: Sequence[KnownBug] = (),
                source: str = PARENT) -> list[Judgement]:
    """Insert each (table, row) on every engine, in order, judging each; add the kept rows to `existing`.

    A row is kept only when every engine accepts it; a row any engine rejects (the oracle
    agreeing, a degradation or a known bug explaining it) is undone everywhere, so every
    engine holds the same rows afterwards.
    """
    out = []
    for table, row in rows:
        j = check(engines, Probe(table, row, source), existing, tally, lambda e: e.hold, known)
        if settle_all(engines, j):
            existing.add(table, row)
        out.append(j)
    return out


def settle_all(engines: Engines, j: Judgement) -> bool:
    """Keep a held change where every engine accepted it, else undo it everywhere; whether kept."""
    keep = all(v.accepted for v in j.got.values())
    for e in engines:
        if j.got[e.name].accepted:
            e.settle(keep)
    return keep


def insert_parents(engines: Engines, order: Sequence[Table], drawn: Existing,
                   tally: Optional[Tally] = None, known: Sequence[KnownBug] = (),
                   room_for: Optional[Table] = None) -> Existing:
    """Insert `drawn`'s rows on every engine, parents first (see `insert_rows`); the rows kept.

    With `room_for`, a row of that table is skipped when it would take the last parent
    key a new row could reference (story_metrics: one row per story).
    """
    kept = Existing()
    for t in order:
        for row in drawn.of(t):
            if room_for is None or t.key != room_for.key or _leaves_room(t, kept, row):
                insert_rows(engines, [(t, row)], kept, tally, known)
    return kept


def _leaves_room(table: Table, existing: Existing, row: dict) -> bool:
    trial = Existing({k: list(v) for k, v in existing.rows.items()})
    trial.add(table, row)
    return feasible(table, trial)


# -- key variants ---------------------------------------------------------------------------------

def _no_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


VARIANTS: dict[str, Callable[[str], str]] = {
    "upper": str.upper, "lower": str.lower, "swapcase": str.swapcase,
    "trailing space": lambda s: s + " ", "no trailing space": lambda s: s.rstrip(" "),
    "no accents": _no_accents,
}
TEXTUAL = (Kind.VARCHAR, Kind.TEXT, Kind.CHAR)  # not uuid, enum or set: their spellings are checked as types


def variant_keys(table: Table) -> list[tuple[str, ...]]:
    """Columns of each unique key (no predicate) with a varchar or text column."""
    return [cols for _, _, cols, where in unique_keys(table)
            if where is None and any(table.column(c).type.kind in TEXTUAL for c in cols)]


def variants(table: Table, existing: Existing) -> Optional[st.SearchStrategy[dict]]:
    """Valid rows whose unique key is an existing row's, its text changed by one of `VARIANTS`;
    None when `table` has no textual unique key or no rows yet."""
    keys, donors = variant_keys(table), [stored(table, r) for r in existing.of(table)]
    if not keys or not donors:
        return None

    @st.composite
    def draw(draw):
        row, columns = draw(rows(table, existing)), draw(st.sampled_from(keys))
        donor, change = draw(st.sampled_from(donors)), VARIANTS[draw(st.sampled_from(sorted(VARIANTS)))]
        return {**row, **{c: _vary(table, c, donor[c], change) for c in columns}}
    return draw()


def _vary(table: Table, column: str, value: Any, change: Callable[[str], str]) -> Any:
    return change(value) if isinstance(value, str) and table.column(column).type.kind in TEXTUAL else value


# -- the hypothesis loop --------------------------------------------------------------------------

@dataclass
class Plan:
    """What each example tries on a table."""

    examples: Optional[int] = None  # None: the current hypothesis profile's max_examples
    every_constraint: bool = True  # one mutant per constraint in every example (else one mutant)
    variants: bool = True
    only: Optional[set[str]] = None  # mutate only these constraints
    valid_rows: bool = True
    known: tuple[KnownBug, ...] = ()  # reported disagreements, counted as !ID instead of failing
    shrink: bool = True  # False: report the first failing example as found (faster, not minimal)
    keep_going: bool = False  # after a table's disagreement, record it and go on with the next table
    seed: Optional[int] = None
    overrides: dict = field(default_factory=dict)  # more hypothesis settings (e.g. database=None)

    @property
    def focused(self) -> bool:
        """Whether the plan tries one kind of probe only (one constraint's mutants, or valid
        rows, or key variants): its own search shrinks, no second search is needed."""
        mutants = self.only is None or len(self.only) > 0
        one_constraint = self.only is not None and len(self.only) == 1
        return [self.valid_rows, self.variants, mutants].count(True) == 1 and (not mutants or one_constraint)

    def settings(self) -> settings:
        """Hypothesis settings: the current profile with this plan's example count and overrides."""
        kw: dict[str, Any] = {} if self.examples is None else {"max_examples": self.examples}
        if not self.shrink:
            kw["phases"] = [Phase.explicit, Phase.reuse, Phase.generate]
        return settings(deadline=None, suppress_health_check=HEALTH, **{**kw, **self.overrides})


def probes(data: Any, table: Table, existing: Existing, plan: Plan) -> list[Probe]:
    """Draw what `plan` tries on `table` against `existing`."""
    if not feasible(table, existing):
        return []
    out = [Probe(table, data.draw(rows(table, existing), label=f"row {table.qualified}"), ROW)] \
        if plan.valid_rows else []
    keyed = variants(table, existing) if plan.variants else None
    if keyed is not None:
        out.append(Probe(table, data.draw(keyed, label=f"variant {table.qualified}"), VARIANT))
    names = sorted({name for name, _ in mutations(table, existing)
                    if plan.only is None or name in plan.only})
    if names and not plan.every_constraint:
        names = [data.draw(st.sampled_from(names), label="constraint")]
    for name in names:
        target, row = data.draw(mutants(table, existing, only=[name]), label=f"mutant {name}")
        out.append(Probe(table, row, MUTANT, target))
    return out


def run_table(engines: Engines, table: Table, tally: Optional[Tally] = None,
              plan: Optional[Plan] = None) -> Tally:
    """Hypothesis examples on `table`: parents, then probes, on every engine; a Tally of it all.

    The search itself does not shrink: a failing example holds every probe of the
    plan, and hypothesis would re-run them all thousands of times. A disagreement is
    searched again with only the probe that failed (its constraint, or valid rows, or
    key variants), and that search shrinks to the minimal example (`plan.shrink`); a
    plan that tries one kind of probe only shrinks in its own search.
    Raises Disagreement on the first unexplained difference, unless `plan.keep_going`;
    either way the minimal one is in ``tally.disagreements``.
    """
    plan = plan or Plan()
    table = inline_table(table)  # the oracle judges a domain's rules as the column's own (schema/domains.py)
    tally = tally or Tally(table.qualified, engines.names)
    tally.declare(table)
    try:
        _search(engines, table, tally, plan if plan.focused else replace(plan, shrink=False))
    except Disagreement as first:
        found = first
        if plan.shrink and not plan.focused:
            found = _focused(engines, table, tally, plan, first.judgement.probe) or first
        tally.disagreements.append(found.judgement)
        if not plan.keep_going:
            if found is first:
                raise
            raise found from first  # the same disagreement, shrunk by a search for its kind of probe only
    return tally


def _focused(engines: Engines, table: Table, tally: Tally, plan: Plan, probe: Probe) -> Optional[Disagreement]:
    """The disagreement found and shrunk by a search for `probe`'s kind of probe only, or None."""
    focus = replace(plan, only={probe.target} if probe.source == MUTANT and probe.target is not None else set(),
                    valid_rows=probe.source in (ROW, PARENT), variants=probe.source == VARIANT, shrink=True)
    try:
        _search(engines, table, tally, focus)
    except Disagreement as e:
        return e
    return None


def _search(engines: Engines, table: Table, tally: Tally, plan: Plan) -> None:
    """One hypothesis search over `table` with `plan`; raises Disagreement."""
    schema = inline_domains(engines.schema)
    order = insertion_order(schema, [table])

    @plan.settings()
    @seed(plan.seed)
    @given(st.data())
    def example(data):
        drawn = data.draw(graph(schema, [table], max_rows=PARENTS_PER_TABLE), label="parents")
        tally.examples += 1
        engines.begin()
        try:
            existing = insert_parents(engines, order, drawn, tally, plan.known, room_for=table)
            for probe in probes(data, table, existing, plan):
                check(engines, probe, existing, tally, known=plan.known)
        finally:
            engines.rollback()
    example()


def run(engines: Engines, tables: Optional[Iterable[Table]] = None, tally: Optional[Tally] = None,
        plan: Optional[Plan] = None, title: str = "schema") -> Tally:
    """`run_table` on each of `tables` (default: every table of the engines' schema), one Tally."""
    tally = tally or Tally(title, engines.names)
    for t in (engines.schema.tables if tables is None else tables):
        tally.declare(inline_table(t))
    for t in (engines.schema.tables if tables is None else tables):
        run_table(engines, t, tally, plan)
    return tally


def system_schema(system: System) -> Schema:
    """The validated schema of `system`; a tenanted one with a unique tenant (MySQL namespaces are
    server-wide databases, so concurrent runs must not share them)."""
    return validate(system.build([f"c{uuid.uuid4().hex[:8]}"] if system.tenancy else None), dialects.identifier_limit(),
                    dialects.untyped_origins())
