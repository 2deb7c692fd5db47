"""What a cross-engine run tried and found, and the verdict matrix that shows it.

A `Tally` has one line per (table, constraint, kind): how many rows and how
many mutants were tried there, and per engine how many verdicts agreed with
the oracle, how many were *degraded* (differed, explained by a listed
degradation, shown with its code) and how many disagreed. Valid rows that
every engine accepted are counted on the table's ``(accepted)`` line. Lines
are declared up front from the model (`constraints`), so a constraint that
was never tried shows as such instead of disappearing.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from schemakit.schema.model import Kind, Table

from .oracle import VerdictKind, column_name

ACCEPTED_LINE = "(accepted)"
COLUMN_KINDS = {Kind.VARCHAR: VerdictKind.LENGTH, Kind.SMALLINT: VerdictKind.RANGE, Kind.INTEGER: VerdictKind.RANGE,
                Kind.BIGINT: VerdictKind.RANGE, Kind.DECIMAL: VerdictKind.RANGE, Kind.ENUM: VerdictKind.ENUM,
                Kind.JSON: VerdictKind.JSON, Kind.JSONB: VerdictKind.JSON, Kind.TINYINT: VerdictKind.RANGE,
                Kind.CHAR: VerdictKind.LENGTH, Kind.VARBINARY: VerdictKind.LENGTH, Kind.BINARY: VerdictKind.LENGTH,
                Kind.REAL: VerdictKind.RANGE, Kind.YEAR: VerdictKind.RANGE, Kind.TIME: VerdictKind.RANGE,
                Kind.TIMETZ: VerdictKind.RANGE, Kind.SET: VerdictKind.ENUM}  # NUMERIC (no precision) has no range

LineKey = tuple[str, str, str]  # (qualified table, constraint, kind: a VerdictKind, or "-" for accepted rows)


def constraints(table: Table) -> list[tuple[str, VerdictKind]]:
    """(constraint, kind) of everything an INSERT into `table` can violate, as the oracle names it."""
    routed = table.partitioning.column if table.partitioning else None
    out = [(column_name(table, c.name), VerdictKind.NOT_NULL) for c in table.columns
           if not c.nullable and not c.identity and c.name != routed]
    out += [(column_name(table, c.name), COLUMN_KINDS[c.type.kind]) for c in table.columns
            if c.type.kind in COLUMN_KINDS and (c.type.kind is not Kind.DECIMAL or c.type.precision is not None)]
    out += [(column_name(table, c.name), VerdictKind.GENERATED_ALWAYS) for c in table.columns
            if c.identity and c.identity_always]
    out += [(c.name, VerdictKind.CHECK) for c in table.checks]
    out += [("primary_key", VerdictKind.PRIMARY_KEY)] if table.primary_key else []
    out += [(u.name, VerdictKind.UNIQUE) for u in table.uniques]
    out += [(i.name, VerdictKind.UNIQUE) for i in table.indexes if i.unique]
    out += [(f.name, VerdictKind.FOREIGN_KEY) for f in table.foreign_keys]
    out += [(x.name, VerdictKind.EXCLUSION) for x in table.exclusions]
    return out + ([(table.qualified, VerdictKind.PARTITION)] if table.partitioning else [])


@dataclass
class Cell:
    """One engine's verdicts on one line."""

    agree: int = 0
    disagree: int = 0
    degraded: Counter = field(default_factory=Counter)  # by status: ~CODE (degraded) or !ID (known bug)

    def text(self) -> str:
        """``12 ok``, ``1 FAIL``, ``3 ~MY-ENUMPAD``, ``2 !BUG`` (joined), or ``-`` when nothing was tried."""
        parts = [f"{self.agree} ok"] if self.agree else []
        parts += [f"{self.disagree} FAIL"] if self.disagree else []
        parts += [f"{n} {status}" for status, n in sorted(self.degraded.items())]
        return " ".join(parts) or "-"


@dataclass
class Line:
    """One constraint of one table: what was tried and each engine's verdicts."""

    table: str
    constraint: str
    kind: str  # a VerdictKind, or "-" on the accepted line
    rows: int = 0
    mutants: int = 0
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def tried(self) -> int:
        """Rows plus mutants tried on this line."""
        return self.rows + self.mutants


class Tally:
    """Counts of one run (or several, for one system), by line and engine."""

    def __init__(self, title: str, engines: Iterable[str]):
        self.title = title
        self.engines = list(engines)
        self.lines: dict[LineKey, Line] = {}
        self.examples = 0
        self.disagreements: list = []  # the minimal Judgement of each failed run

    def declare(self, table: Table) -> None:
        """Add a line for every constraint of `table` (and its accepted rows)."""
        self._line((table.qualified, ACCEPTED_LINE, "-"))
        for name, kind in constraints(table):
            self._line((table.qualified, name, kind))

    def _line(self, key: LineKey) -> Line:
        if key not in self.lines:
            self.lines[key] = Line(*key, cells={e: Cell() for e in self.engines})
        return self.lines[key]

    def record(self, key: LineKey, mutant: bool, statuses: dict[str, Optional[str]]) -> None:
        """Count one probe on line `key`; `statuses` maps engine -> None (agreed),
        ``~CODE`` (degraded), ``!ID`` (a known bug) or "FAIL"."""
        line = self._line(key)
        line.mutants += mutant
        line.rows += not mutant
        for engine, status in statuses.items():
            cell = line.cells.setdefault(engine, Cell())
            if status is None:
                cell.agree += 1
            elif status == "FAIL":
                cell.disagree += 1
            else:
                cell.degraded[status] += 1

    # -- totals -----------------------------------------------------------------------------
    @property
    def rows(self) -> int:
        """Rows tried (valid rows, parents and key variants)."""
        return sum(line.rows for line in self.lines.values())

    @property
    def mutants(self) -> int:
        """Mutants tried."""
        return sum(line.mutants for line in self.lines.values())

    def degraded(self, mark: str = "~") -> Counter:
        """Degraded verdicts (`mark` "~"), or known bugs ("!"), by (engine, code)."""
        out: Counter = Counter()
        for line in self.lines.values():
            for engine, cell in line.cells.items():
                for status, n in cell.degraded.items():
                    if status.startswith(mark):
                        out[(engine, status[1:])] += n
        return out

    def untried(self) -> list[Line]:
        """Lines on which nothing was tried."""
        return [line for line in self.lines.values() if not line.tried]

    def tables(self) -> set[str]:
        """Tables on which at least one row or mutant was tried."""
        return {line.table for line in self.lines.values() if line.tried}

    def as_dict(self) -> dict:
        """The run as plain data (`schemakit check --format json`): totals, and each line's
        verdicts by engine: agreed, disagreed, and degraded or known-bug verdicts by code."""
        return {
            "system": self.title, "engines": self.engines, "examples": self.examples, "rows": self.rows,
            "mutants": self.mutants, "disagreements": [j.describe() for j in self.disagreements],
            "lines": [{"table": line.table, "constraint": line.constraint, "kind": line.kind, "rows": line.rows,
                       "mutants": line.mutants,
                       "engines": {e: {"agree": c.agree, "disagree": c.disagree, "degraded": dict(sorted(c.degraded.items()))}
                                   for e, c in line.cells.items()}}
                      for line in self.lines.values()],
        }


def matrix(tally: Tally) -> str:
    """The verdict matrix: one line per constraint, one column per engine, then the totals."""
    head = ["table", "constraint", "kind", "rows", "mutants", *tally.engines]
    body = [[line.table, line.constraint, line.kind, str(line.rows), str(line.mutants),
             *(line.cells.get(e, Cell()).text() for e in tally.engines)] for line in tally.lines.values()]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    numeric = {3, 4}
    fmt = lambda r: "  ".join(c.rjust(w) if i in numeric else c.ljust(w)  # noqa: E731
                              for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    return "\n".join([summary(tally), fmt(head), fmt(["-" * w for w in widths]), *map(fmt, body)]) + "\n"


def summary(tally: Tally) -> str:
    """One paragraph: what was tried, what disagreed, what was degraded and what was never tried."""
    degraded, known = tally.degraded("~"), tally.degraded("!")
    text = (f"{tally.title} on {', '.join(tally.engines)}: {tally.examples} hypothesis examples (shrinking included), "
            f"{tally.rows + tally.mutants} probes ({tally.rows} rows, {tally.mutants} mutants) "
            f"on {len(tally.tables())} tables; {len(tally.disagreements)} disagreement(s); "
            f"{sum(degraded.values())} degraded verdict(s)")
    if degraded:
        text += " (" + ", ".join(f"{e} {code} x{n}" for (e, code), n in sorted(degraded.items())) + ")"
    if known:
        text += f"; {sum(known.values())} verdict(s) of known, reported bugs (" + ", ".join(
            f"{e} {bug} x{n}" for (e, bug), n in sorted(known.items())) + ")"
    untried = tally.untried()
    if untried:
        text += f"; {len(untried)} constraint(s) never tried: " + ", ".join(
            f"{line.table}:{line.constraint}/{line.kind}" for line in untried)
    return text
