"""Row-level security policies and grants to roles: schema objects beside the tables.

Engine-neutral: a `Policy` is a rule on a table (who it applies to, for which command, its USING and
WITH CHECK expressions as the engine prints them: opaque text for the model, like a native type's
spelling); a `Grant` names privileges on a table, view or sequence given to a role other than the
object's owner. Whether a table enforces its policies is the table's own (`Table.row_security`,
`Table.force_row_security`). Each object's identity inside a `Schema` is its `key`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import AbstractSet, Iterator, Optional

from .named import OnTable

COMMANDS = ("ALL", "SELECT", "INSERT", "UPDATE", "DELETE")
GRANT_KINDS = ("table", "view", "sequence")
PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "USAGE")


@dataclass(frozen=True)
class Policy(OnTable):
    """A row-level security policy on `table`: for `command`, to `roles` ("public": every role)."""

    name: str
    table: str
    command: str = "ALL"
    permissive: bool = True  # False: RESTRICTIVE (every restrictive policy must pass too)
    roles: tuple[str, ...] = ("public",)
    using: Optional[str] = None  # the rows visible / touched: an SQL boolean expression
    check: Optional[str] = None  # the rows an INSERT or UPDATE may write (WITH CHECK)
    namespace: Optional[str] = None


@dataclass(frozen=True)
class Grant:
    """`privileges` (sorted, upper case) on the `kind` object `object` given to `role` ("public": every role);
    those of them in `grantable` (sorted) are given WITH GRANT OPTION (the role may grant them on)."""

    privileges: tuple[str, ...]
    kind: str
    object: str
    role: str
    namespace: Optional[str] = None
    grantable: tuple[str, ...] = ()

    @property
    def pairs(self) -> frozenset[tuple[str, bool]]:
        """(privilege, whether it is given WITH GRANT OPTION) of each privilege."""
        return frozenset((x, x in self.grantable) for x in self.privileges)

    @property
    def key(self) -> tuple[Optional[str], str, str]:
        """(namespace, object, role): one grant per object and role, holding all its privileges."""
        return (self.namespace, self.object, self.role)

    @property
    def object_key(self) -> tuple[Optional[str], str]:
        """(namespace, object) of the object granted on."""
        return (self.namespace, self.object)

    @property
    def qualified(self) -> str:
        """``SELECT, INSERT on table ns.name to role``: the grant in words."""
        where = f"{self.namespace}.{self.object}" if self.namespace else self.object
        option = f" (with grant option: {', '.join(self.grantable)})" if self.grantable else ""
        return f"{', '.join(self.privileges)} on {self.kind} {where} to {self.role}{option}"


def problems(policies: tuple[Policy, ...], grants: tuple[Grant, ...], tables: AbstractSet[tuple[Optional[str], str]],
             objects: AbstractSet[tuple[Optional[str], str]]) -> Iterator[str]:
    """One line per rule these objects break (`schema.validate` adds them to its problems); `tables`:
    the keys of the schema's tables, `objects`: those of its tables, views and sequences."""
    seen: set = set()
    for p in policies:
        if p.key in seen:
            yield f"policy {p.qualified}: defined twice; give each policy one definition"
        seen.add(p.key)
        if p.command not in COMMANDS:
            yield f"policy {p.qualified}: command {p.command!r} is not one of {', '.join(COMMANDS)}; use one of them"
        if p.table_key not in tables:
            yield f"policy {p.qualified}: the schema has no table {p.table}; add the table or remove the policy"
        if not p.roles:
            yield f"policy {p.qualified}: no roles; name at least one (\"public\": every role)"
        if p.command == "INSERT" and p.using is not None:
            yield f"policy {p.qualified}: an INSERT policy has no USING expression; give it a check only"
        if p.command in ("SELECT", "DELETE") and p.check is not None:
            yield f"policy {p.qualified}: a {p.command} policy has no WITH CHECK expression; give it a using only"
    seen = set()
    for g in grants:
        if g.key in seen:
            yield f"grant {g.qualified}: granted twice; list all its privileges in one Grant"
        seen.add(g.key)
        if g.kind not in GRANT_KINDS:
            yield f"grant {g.qualified}: kind {g.kind!r} is not one of {', '.join(GRANT_KINDS)}; use one of them"
        if not g.privileges or any(x not in PRIVILEGES for x in g.privileges):
            yield f"grant {g.qualified}: privileges must be some of {', '.join(PRIVILEGES)}"
        elif tuple(sorted(set(g.privileges))) != g.privileges:
            yield f"grant {g.qualified}: list the privileges once each, sorted ({', '.join(sorted(set(g.privileges)))})"
        if not set(g.grantable) <= set(g.privileges) or tuple(sorted(set(g.grantable))) != g.grantable:
            yield f"grant {g.qualified}: grantable lists some of its privileges, once each, sorted"
        if g.object_key not in objects:
            yield f"grant {g.qualified}: the schema has no {g.kind} {g.object}; add it or remove the grant"
