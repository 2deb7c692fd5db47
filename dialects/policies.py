"""Row-level security policies and grants (schema/policies.py) on an engine: what every dialect shares.

PostgreSQL holds them (dialects/postgres/policies.py); an engine without row-level security or
schema-level roles lowers them away with its named degradations (``<P>-POLICY``, ``<P>-GRANT``):

- `lower`: the policies on the lowered tables and the grants on its objects (roles sorted), or
  none, each listed as a degradation, where the engine has neither;
- `statements`: the DDL creating them after everything else (the plan from an empty schema);
- `steps`: per typed change (schema/policy_diff.py), the (apply, rollback) pairs the planners run.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Optional

from schemakit.schema.model import Schema
from schemakit.schema.policy_diff import (
    CreatePolicy, DropPolicy, GrantPrivileges, ReplacePolicy, RevokePrivileges, after,
)

from .base import Degradation, PlanError, Statement

if TYPE_CHECKING:
    from .base import Dialect

# (apply, rollback) of one step.
Pair = tuple[list[Statement], Optional[list[Statement]]]


class EnginePolicies:
    """An engine's SQL for policies and grants; this base holds none (every one is a degradation)."""

    supported: bool = False  # whether the engine has row-level security policies and grants to roles

    def __init__(self, d: "Dialect", prefix: str):
        self.d: Any = d
        self.prefix = prefix  # the engine's degradation code prefix (PG, MY, SL)

    def lower(self, schema: Schema, effective: Schema) -> tuple[Schema, list[Degradation]]:
        """`effective` (the lowered tables, views and sequences) with `schema`'s policies and grants this
        engine holds, and the degradations of those it does not."""
        notes: list[Degradation] = []
        if self.supported:
            tables = {t.key for t in effective.tables}
            objects = tables | {x.key for x in effective.views + effective.sequences}
            policies = tuple(replace(p, roles=tuple(sorted(p.roles))) for p in schema.policies if p.table_key in tables)
            grants = tuple(g for g in schema.grants if g.object_key in objects)
            return replace(effective, policies=policies, grants=grants), notes
        for t in effective.tables:
            if t.row_security or t.force_row_security:
                notes.append(self._note("POLICY", t.qualified, "row level security"))
        for p in schema.policies:
            table = f"{p.namespace}.{p.table}" if p.namespace else p.table
            notes.append(self._note("POLICY", table, p.name, f"policy {p.name} ({p.command})"))
        for g in schema.grants:
            notes.append(self._note("GRANT", "*", g.qualified))
        plain = tuple(replace(t, row_security=False, force_row_security=False) for t in effective.tables)
        return replace(effective, tables=plain, policies=(), grants=()), notes

    def _note(self, code: str, table: str, subject: str, feature: Optional[str] = None) -> Degradation:
        return Degradation.from_table(self.d.degradations, f"{self.prefix}-{code}", self.d.name, table, subject, feature)

    def stored(self, conn: Any, model: Schema, live: Schema) -> Schema:
        """`model` (lowered) with each policy as the engine stores it where its text differs from the live
        one of its key (default: as written)."""
        return model

    # -- the statements (an engine that holds policies overrides them) -------------------------
    def create_policy(self, p) -> list[Statement]:
        """CREATE POLICY."""
        raise PlanError(f"{self.d.name}: row-level security policies are not supported")

    def drop_policy(self, p) -> list[Statement]:
        """DROP POLICY."""
        raise PlanError(f"{self.d.name}: row-level security policies are not supported")

    def grant(self, g) -> list[Statement]:
        """GRANT the privileges of `g`."""
        raise PlanError(f"{self.d.name}: grants to roles are not supported")

    def revoke(self, g) -> list[Statement]:
        """REVOKE the privileges of `g`."""
        raise PlanError(f"{self.d.name}: grants to roles are not supported")

    def row_security(self, t, old_enabled: bool, old_forced: bool) -> list[Statement]:
        """ALTER TABLE statements taking table `t`'s row-level security from the old state to its own."""
        return []

    # -- the engine-neutral parts -------------------------------------------------------------
    def statements(self, schema: Schema) -> list[Statement]:
        """The DDL creating `schema`'s policies and grants (after every other object)."""
        return [s for c in after(Schema(), schema) for apply, _ in self.steps(c) for s in apply]

    def steps(self, c) -> list[Pair]:
        """The (apply, rollback) pairs of one typed change of schema/policy_diff.py."""
        if isinstance(c, CreatePolicy):
            return [(self.create_policy(c.policy), self.drop_policy(c.policy))]
        if isinstance(c, DropPolicy):
            return [(self.drop_policy(c.policy), self.create_policy(c.policy))]
        if isinstance(c, ReplacePolicy):  # one step: DDL is transactional where policies exist
            return [(self.drop_policy(c.old) + self.create_policy(c.new), self.drop_policy(c.new) + self.create_policy(c.old))]
        if isinstance(c, GrantPrivileges):
            return [(self.grant(c.grant), self.revoke(c.grant))]
        if isinstance(c, RevokePrivileges):
            return [(self.revoke(c.grant), self.grant(c.grant))]
        raise PlanError(f"{self.d.name}: no plan for {c.describe()}")
