"""CHECK expressions read as hints for the row strategies: disjunctive normal form.

`branches(expression)` turns a CHECK into its DNF branches, each a map from a column
to the `Hint` (what values that branch needs of the column: NULL or not, a set of
choices, exclusions, integer bounds, JSON array lengths). The strategies
(`checks.strategies`) draw a column's value from the hints of one branch of every
CHECK at once (`merge_hints`), so that most rows they draw satisfy the CHECKs
without filtering; an expression the hints cannot read gives none (the oracle's
filter still applies).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Optional

from sqlglot import exp

from schemakit.schema.expr import parse

from .oracle import OracleError, evaluate

@dataclass(frozen=True)
class Hint:
    """What one branch of a CHECK needs from a column (None: no requirement)."""

    null: Optional[bool] = None
    choices: Optional[frozenset] = None
    excluded: frozenset = frozenset()
    lo: Optional[int] = None
    hi: Optional[int] = None
    json_lengths: Optional[frozenset] = None

    def merge(self, other: "Hint") -> Optional["Hint"]:
        """Both requirements at once, or None when they contradict."""
        if None not in (self.null, other.null) and self.null != other.null:
            return None
        merged = Hint(self.null if self.null is not None else other.null,
                      _meet(self.choices, other.choices), self.excluded | other.excluded,
                      pick(max, self.lo, other.lo), pick(min, self.hi, other.hi),
                      _meet(self.json_lengths, other.json_lengths))
        return merged if merged.satisfiable else None

    @property
    def satisfiable(self) -> bool:
        """False when no value meets every requirement (a cheap, partial test)."""
        wants_value = self.choices is not None or self.json_lengths or self.lo is not None or self.hi is not None
        if self.null is True and (wants_value or self.excluded):
            return False
        if self.choices is not None and not self.allowed():
            return False
        return self.json_lengths != frozenset() and not (self.lo is not None and self.hi is not None
                                                         and self.lo > self.hi)

    def allowed(self) -> list:
        """The choices left after exclusions and bounds, in a stable order (ValueError without choices)."""
        if self.choices is None:
            raise ValueError("a hint without choices has no list of allowed values")
        keep = [v for v in self.choices - self.excluded
                if not isinstance(v, int) or isinstance(v, bool) or (self.lo is None or v >= self.lo)
                and (self.hi is None or v <= self.hi)]
        return sorted(keep, key=repr)


def _meet(a: Optional[frozenset], b: Optional[frozenset]) -> Optional[frozenset]:
    return b if a is None else (a if b is None else a & b)


def pick(fn: Callable, a: Any, b: Any) -> Any:
    """`fn(a, b)` of two bounds, either of which may be None (no bound): the other one."""
    return b if a is None else (a if b is None else fn(a, b))


_Op = type[exp.Expression]  # a comparison's node class (exp.EQ ...)
_FLIP: dict[_Op, _Op] = {exp.EQ: exp.EQ, exp.NEQ: exp.NEQ, exp.LT: exp.GT, exp.LTE: exp.GTE, exp.GT: exp.LT, exp.GTE: exp.LTE}
_NEGATE: dict[_Op, _Op] = {exp.EQ: exp.NEQ, exp.NEQ: exp.EQ, exp.LT: exp.GTE, exp.LTE: exp.GT, exp.GT: exp.LTE, exp.GTE: exp.LT}
_HOLDS: dict[_Op, Callable[[Any, Any], bool]] = {
    exp.EQ: lambda a, b: a == b, exp.NEQ: lambda a, b: a != b, exp.LT: lambda a, b: a < b,
    exp.LTE: lambda a, b: a <= b, exp.GT: lambda a, b: a > b, exp.GTE: lambda a, b: a >= b}
MAX_BRANCHES = 512  # beyond this many DNF branches a CHECK gives no hints (the filter still applies)
_JSON_LENGTHS = range(6)


class _NoHint(Exception):
    pass


def _strip(node: exp.Expression) -> exp.Expression:
    while isinstance(node, exp.Paren):
        node = node.this
    return node


def _const(node: exp.Expression) -> Any:
    if any(isinstance(n, exp.Column) for n in node.walk()):
        raise _NoHint
    try:
        return evaluate(node.sql(dialect="postgres"), {})
    except OracleError:
        raise _NoHint from None


def _column(node: exp.Expression) -> str:
    node = _strip(node)
    if not isinstance(node, exp.Column):
        raise _NoHint
    return node.name


def _is_atom(node: exp.Is, positive: bool) -> tuple[str, Hint]:
    name, target = _column(node.this), node.expression
    positive = positive != bool(node.args.get("negate"))
    if isinstance(target, exp.Null):
        return name, Hint(null=positive)
    if isinstance(target, exp.Boolean) and positive:
        return name, Hint(null=False, choices=frozenset({target.this}))
    raise _NoHint


def _in_atom(node: exp.In, positive: bool) -> tuple[str, Hint]:
    found = frozenset(_const(e) for e in node.expressions)
    if None in found and not positive:  # x NOT IN (..., NULL) is never TRUE
        return _column(node.this), Hint(null=True, choices=frozenset())
    found -= {None}
    return _column(node.this), Hint(null=False, choices=found) if positive else Hint(null=False, excluded=found)


def _comparison_atom(node: exp.Expression, positive: bool) -> tuple[str, Hint]:
    op, left, right = type(node), _strip(node.this), _strip(node.expression)
    if not isinstance(left, (exp.Column, exp.Anonymous)):
        op, left, right = _FLIP[op], right, left
    op = op if positive else _NEGATE[op]
    value = _const(right)
    if isinstance(left, exp.Anonymous) and str(left.this).lower() in ("json_array_length", "jsonb_array_length"):
        lengths = frozenset(n for n in _JSON_LENGTHS if _HOLDS[op](n, value))
        return _column(left.expressions[0]), Hint(null=False, json_lengths=lengths)
    name = _column(left)
    if op is exp.EQ:
        return name, Hint(null=False, choices=frozenset({value}))
    if op is exp.NEQ:
        return name, Hint(null=False, excluded=frozenset({value}))
    if not isinstance(value, int) or isinstance(value, bool):
        raise _NoHint
    if op in (exp.GT, exp.GTE):
        return name, Hint(null=False, lo=value + 1 if op is exp.GT else value)
    return name, Hint(null=False, hi=value - 1 if op is exp.LT else value)  # LT or LTE (EQ and NEQ returned above)


def _atom(node: exp.Expression, positive: bool) -> Optional[tuple[str, Hint]]:
    """The hint that makes atom `node` TRUE (positive) or FALSE, or None when there is none."""
    try:
        if isinstance(node, exp.Column):
            return node.name, Hint(null=False, choices=frozenset({positive}))
        if isinstance(node, exp.Is):
            return _is_atom(node, positive)
        if isinstance(node, exp.In) and not node.args.get("query"):
            return _in_atom(node, positive)
        if type(node) in _FLIP:
            return _comparison_atom(node, positive)
    except _NoHint:
        pass
    return None


def _dnf(node: exp.Expression, positive: bool) -> list[list[tuple[exp.Expression, bool]]]:
    """`node` (or its negation) as a disjunction of conjunctions of (atom, positive)."""
    node = _strip(node)
    if isinstance(node, exp.Not):
        return _dnf(node.this, not positive)
    if isinstance(node, (exp.And, exp.Or)):
        left, right = _dnf(node.this, positive), _dnf(node.expression, positive)
        if isinstance(node, exp.And) == positive:
            return [a + b for a in left for b in right][:MAX_BRANCHES + 1]
        return (left + right)[:MAX_BRANCHES + 1]
    return [[(node, positive)]]


def merge_hints(a: dict[str, Hint], b: dict[str, Hint]) -> Optional[dict[str, Hint]]:
    """Per-column hints meeting both maps, or None when they contradict."""
    out = dict(a)
    for name, hint in b.items():
        merged = out[name].merge(hint) if name in out else hint
        if merged is None:
            return None
        out[name] = merged
    return out


@lru_cache(maxsize=1024)
def branches(expression: str, positive: bool = True) -> tuple[dict[str, Hint], ...]:
    """Satisfiable DNF branches making `expression` TRUE (positive) or FALSE, as column hints.

    ``({},)`` when the expression is too large to split: no hints, the filter decides.
    """
    dnf = _dnf(parse(expression), positive)
    if len(dnf) > MAX_BRANCHES:
        return ({},)
    out = []
    for conjunction in dnf:
        hints: Optional[dict[str, Hint]] = {}
        for atom in filter(None, (_atom(n, p) for n, p in conjunction)):
            hints = merge_hints(hints, {atom[0]: atom[1]}) if hints is not None else None
        if hints is not None and hints not in out:
            out.append(hints)
    return tuple(out)
