"""Typed changes of row-level security policies and grants (schema/policies.py), and where `diff` puts them.

A policy or a grant needs its table (or view, or sequence): they are created and granted after every
other change (`after`), dropped and revoked before any (`before`), so a dropped table never takes
them silently and a created one exists first. A policy on a table the plan changes (the keys
`touched`) is planned around the change like a view reading it: dropped before, created after (the
new definition), since PostgreSQL will not drop or retype a column a policy uses ("cannot alter
type of a column used in a policy definition"; a policy depending on a column blocks DROP COLUMN
without CASCADE: https://www.postgresql.org/docs/15/sql-altertable.html). Enabling row-level security is a table option
(`diff.SetTableOptions`), changed with the table.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import AbstractSet, Hashable, Optional, Sequence

from .changes import Change
from .model import Schema
from .policies import Grant, Policy


@dataclass(frozen=True)
class CreatePolicy(Change):
    """A policy the new schema has."""

    policy: Policy

    def describe(self) -> str:
        return f"create policy {self.policy.qualified}"

    def drift(self) -> str:
        return f"extra policy {self.policy.qualified}"

    def reverse(self) -> "DropPolicy":
        return DropPolicy(self.policy)


@dataclass(frozen=True)
class DropPolicy(Change):
    """A policy the old schema has and the new one does not."""

    policy: Policy

    def describe(self) -> str:
        return f"drop policy {self.policy.qualified}"

    def drift(self) -> str:
        return f"missing policy {self.policy.qualified}"

    def reverse(self) -> CreatePolicy:
        return CreatePolicy(self.policy)


@dataclass(frozen=True)
class ReplacePolicy(Change):
    """A policy whose definition changes: dropped and created again, the old one its rollback."""

    old: Policy
    new: Policy

    def describe(self) -> str:
        return f"replace policy {self.new.qualified}"

    def drift(self) -> str:
        return f"policy {self.new.qualified}: its definition differs from the schema's"

    def reverse(self) -> "ReplacePolicy":
        return ReplacePolicy(self.new, self.old)


@dataclass(frozen=True)
class GrantPrivileges(Change):
    """Privileges given (those of `grant`), revoked again by its rollback."""

    grant: Grant

    def describe(self) -> str:
        return f"grant {self.grant.qualified}"

    def drift(self) -> str:
        return f"extra grant {self.grant.qualified}"

    def reverse(self) -> "RevokePrivileges":
        return RevokePrivileges(self.grant)


@dataclass(frozen=True)
class RevokePrivileges(Change):
    """Privileges taken back (those of `grant`), given again by its rollback."""

    grant: Grant

    def describe(self) -> str:
        return f"revoke {self.grant.qualified}"

    def drift(self) -> str:
        return f"missing grant {self.grant.qualified}"

    def reverse(self) -> GrantPrivileges:
        return GrantPrivileges(self.grant)


POLICY_CHANGES = (CreatePolicy, DropPolicy, ReplacePolicy, GrantPrivileges, RevokePrivileges)


def before(old: Schema, new: Schema, recreated: AbstractSet[Hashable] = frozenset(),
           touched: AbstractSet[Hashable] = frozenset()) -> list[Change]:
    """The changes planned before all others: policies dropped (those the new schema lacks, and those on a
    table the plan changes: the keys `touched`) and privileges revoked (in reverse order); on a view the
    plan drops and creates again (the keys `recreated`), every privilege is revoked first, so a rollback
    grants them again once the old view is back."""
    n_p = {p.key for p in new.policies}
    out: list[Change] = [DropPolicy(p) for p in reversed(old.policies)
                         if p.key not in n_p or p.table_key in touched]
    n_g = {g.key: g for g in new.grants if g.object_key not in recreated}
    for g in reversed(old.grants):
        gone = _apart(g, n_g.get(g.key))
        if gone is not None:
            out.append(RevokePrivileges(gone))
    return out


def after(old: Schema, new: Schema, recreated: AbstractSet[Hashable] = frozenset(),
          touched: AbstractSet[Hashable] = frozenset()) -> list[Change]:
    """The changes planned after all others: policies created (again, on a table the plan changed: the keys
    `touched`) or replaced, privileges granted (all of them on a view the plan created again: the keys
    `recreated`)."""
    o_p = {p.key: p for p in old.policies}
    out: list[Change] = []
    for p in new.policies:
        if p.key not in o_p or (p.table_key in touched and p.key in o_p):
            out.append(CreatePolicy(p))
        elif o_p[p.key] != p:
            out.append(ReplacePolicy(o_p[p.key], p))
    o_g = {g.key: g for g in old.grants if g.object_key not in recreated}
    for g in new.grants:
        added = _apart(g, o_g.get(g.key))
        if added is not None:
            out.append(GrantPrivileges(added))
    return out


def _apart(g: Grant, other: Optional[Grant]) -> Optional[Grant]:
    """The privileges of `g` that `other` (the same object and role) does not give alike (a privilege whose
    grant option differs included: revoked, then given again), else None."""
    pairs = g.pairs - (other.pairs if other is not None else frozenset())
    if not pairs:
        return None
    return replace(g, privileges=tuple(sorted(x for x, _ in pairs)), grantable=tuple(sorted(x for x, o in pairs if o)))


def rebuilt_policies(changes: Sequence[Change]) -> dict[int, Optional[str]]:
    """A policy dropped before a table change and created after it: ids of both changes -> the drift line
    they make together (None for the drop; for the creation, none when the policy is created again as it
    was, else the line of a replaced policy)."""
    dropped = {c.policy.key: c for c in changes if isinstance(c, DropPolicy)}
    out: dict[int, Optional[str]] = {}
    for c in changes:
        if isinstance(c, CreatePolicy) and c.policy.key in dropped:
            old = dropped[c.policy.key].policy
            out[id(dropped[c.policy.key])] = None
            out[id(c)] = None if old == c.policy else ReplacePolicy(old, c.policy).drift()
    return out
