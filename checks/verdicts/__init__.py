"""Engine errors read as verdicts: one module per engine, keyed by the engine's name.

``classifier(dialect)`` returns ``checks.verdicts.<name>`` for a dialect, or
its parent's module for a variant engine that brings none of its own (the
MariaDB variant reads errors as MySQL does). Each module provides
``classify(exc, table, conn, row) -> Verdict`` and ``EXPLAINS``, the rules
that tell an expected disagreement (a listed degradation) from a defect.
The classifiers live here, above `dialects`, because they speak the
oracle's language; a dialect knows nothing of them.
"""
from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, Callable

from schemakit import dialects
from schemakit.checks.oracle import Quirk, VerdictKind, column_name, judged_as, stored
from schemakit.dialects.base import Dialect


def classifier(dialect: Dialect) -> ModuleType:
    """The verdict module of `dialect`, or of the engine it is a variant of."""
    name = dialect.name
    while True:
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}":
                raise
            parent = dialects.get(name).variant_of
            if parent is None:
                raise LookupError(f"no verdict classifier for engine {dialect.name!r}: add checks/verdicts/{name}.py") from None
            name = parent


def stored_as(*quirks: Quirk) -> Callable[[Any, Any], bool]:
    """A degradation rule: the engine's verdict is the oracle's for the row and the existing rows
    judged as an engine with `quirks` stores and checks them (``oracle.judged_as``)."""
    def rule(g: Any, case: Any) -> bool:
        with judged_as(*quirks):
            return case.agrees_on(case.row)
    return rule


def identity_taken(taken: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    """A degradation rule for an identity column GENERATED ALWAYS (the degradation's subject) that the
    engine does not enforce as PostgreSQL does: where ``taken(value, case)`` holds for the value given,
    the engine's verdict is the oracle's other verdicts on the row, without the column's
    ``generated_always`` (and, for a NULL, which the engine takes as "generate one", its NOT NULL).
    Any other verdict (a key the value collides with, a CHECK) must still agree."""
    def rule(g: Any, case: Any) -> bool:
        column = column_name(case.table, g.subject)
        value = case.row.get(g.subject)
        if not case.expects(column, VerdictKind.GENERATED_ALWAYS) or not taken(value, case):
            return False
        set_aside = {VerdictKind.GENERATED_ALWAYS} | ({VerdictKind.NOT_NULL} if value is None else set())
        rest = {v.constraint for v in case.expected if not (v.constraint == column and v.kind in set_aside)}
        return case.got.accepted if not rest else not case.got.accepted and case.got.constraint in rest
    return rule


def held(value: Any, case: Any, column: str) -> bool:
    """Whether an existing row of the case's table holds `value` in `column` (an UPDATE to the value a
    row already holds)."""
    return value is not None and any(stored(case.table, r, [column])[column] == value
                                     for r in case.existing.of(case.table))
