"""What `drift` may leave unreported: the objects a team accepts beside the model.

A rule is ``KIND`` (every object of that kind) or ``KIND:PATTERN`` (those whose name matches the
shell-style PATTERN, https://docs.python.org/3/library/fnmatch.html, case-sensitive), from
``drift --ignore RULE`` or the project file's ``ignore = ["view", "trigger:audit_*"]``. KIND is one
of `KINDS`, with ``-`` or ``_`` for a space (``materialized-view``), ``type`` for every kind of type
and domain, or ``*`` for any kind. A pattern is matched against the object's bare name and its
qualified name (``namespace.table.name``; a PostgreSQL function's name carries its argument types,
``add(integer, integer)``), so ``trigger:audit_*`` and ``trigger:orders.*`` both work.
"""
from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Iterable, Optional, Sequence

from .dialects.base import DbObject

# Every kind an engine's `Dialect.objects` lists, the extra tables drift reports, another namespace of the
# database (`Dialect.other_namespaces`), and an orphan tenant's namespace (`drift --tenants all`: its id is in
# no source; matched by its namespace or its id).
KINDS = ("table", "view", "materialized view", "sequence", "function", "procedure", "aggregate", "trigger",
         "enum type", "domain", "range type", "composite type", "foreign table", "policy", "extension", "event",
         "index", "namespace", "tenant", "rule", "statistics", "text search configuration", "text search dictionary",
         "text search parser", "text search template", "collation", "operator", "operator class", "conversion",
         "virtual table")
TYPE_KINDS = frozenset(k for k in KINDS if k.endswith(" type") or k == "domain")


class IgnoreError(ValueError):
    """An ignore rule that names no kind schemakit knows: one line naming the rule and the kinds."""


@dataclass(frozen=True)
class IgnoreRule:
    """One accepted kind of object, with an optional name pattern (None: every name)."""

    kinds: frozenset[str]
    pattern: Optional[str] = None

    def matches(self, obj: DbObject) -> bool:
        """Whether `obj` is one this rule accepts."""
        if obj.kind not in self.kinds:
            return False
        return self.pattern is None or fnmatchcase(obj.name, self.pattern) or fnmatchcase(obj.qualified, self.pattern)


def parse_rule(text: str, where: str) -> IgnoreRule:
    """The rule `text` (``KIND`` or ``KIND:PATTERN``); IgnoreError naming `where` it came from."""
    kind, _, pattern = text.partition(":")
    word = kind.strip().lower().replace("-", " ").replace("_", " ")
    if word == "*":
        kinds = frozenset(KINDS)
    elif word == "type":
        kinds = TYPE_KINDS
    elif word in KINDS:
        kinds = frozenset([word])
    else:
        raise IgnoreError(f"{where}: {text!r} names no kind of object; write KIND or KIND:PATTERN with KIND one of "
                          f"{', '.join(k.replace(' ', '-') for k in KINDS)}, type or *")
    if ":" in text and not pattern:
        raise IgnoreError(f"{where}: {text!r} has an empty pattern; write {kind}:NAME_PATTERN, or {kind} alone "
                          "for every one")
    return IgnoreRule(kinds, pattern or None)


def parse_rules(texts: Iterable[str], where: str) -> tuple[IgnoreRule, ...]:
    """Every rule of `texts` parsed (see `parse_rule`)."""
    return tuple(parse_rule(t, where) for t in texts)


def kept(objects: Sequence[DbObject], rules: Sequence[IgnoreRule]) -> list[DbObject]:
    """The objects no rule accepts, in their order."""
    return [o for o in objects if not any(r.matches(o) for r in rules)]


def accepts_tenant(rules: Sequence[IgnoreRule], tenant: str, namespace: str) -> bool:
    """Whether a rule accepts the orphan tenant `tenant` (``tenant:7c9e*`` or ``tenant:project_7c9e*``)."""
    return any(r.matches(DbObject("tenant", None, name)) for r in rules for name in (tenant, namespace))
