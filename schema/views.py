"""Views and materialized views as schema objects (engine-neutral).

A view's `body` is the SELECT as written, in the SQL dialect `origin` names (a sqlglot dialect
name: ``postgres``, ``mysql``, ``sqlite``): opaque data for the model, like ``native(type, origin)``.
Each engine renders it through sqlglot, or takes an explicit per-engine body from `bodies`; an
engine named in `absent` does not get the view (a named degradation says so).

The tables and views a body reads (`View.reads`, found by sqlglot) order creation: a view is created
after what it reads and dropped before it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Iterator, Optional

from .named import InNamespace

ViewKey = tuple[Optional[str], str]


@dataclass(frozen=True)
class View(InNamespace):
    """A view (or a materialized view) over tables and views of the schema."""

    name: str
    body: str
    origin: str = "postgres"
    bodies: tuple[tuple[str, str], ...] = ()  # (engine, body) used there instead of transpiling `body`
    absent: tuple[str, ...] = ()  # engines on which the view is deliberately not created
    materialized: bool = False
    namespace: Optional[str] = None
    comment: Optional[str] = None
    populated: bool = True  # False: a materialized view created WITH NO DATA (REFRESH fills it)
    indexes: tuple[str, ...] = ()  # a materialized view's CREATE INDEX statements, as its engine prints them


    def body_for(self, engine: str) -> Optional[str]:
        """The explicit body for `engine` (from `bodies`, or `body` when written for it), else None."""
        explicit = dict(self.bodies)
        if engine in explicit:
            return explicit[engine]
        return self.body if self.origin == engine else None

    @cached_property
    def reads(self) -> frozenset[ViewKey]:
        """(namespace, name) of every table or view the body reads (an unqualified name: namespace None;
        a body sqlglot cannot parse reads nothing it can name)."""
        import sqlglot  # here, not at import: loading the model (the pytest plugin does) stays cheap
        from sqlglot import exp
        try:
            tree = sqlglot.parse_one(self.body, read=self.origin)
        except sqlglot.errors.ParseError:
            return frozenset()
        ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
        return frozenset((t.db or None, t.name) for t in tree.find_all(exp.Table)
                         if t.name and not (not t.db and t.name in ctes))


def view(name: str, body: str, origin: str = "postgres", *, bodies: Iterable[tuple[str, str]] = (),
         absent: Iterable[str] = (), materialized: bool = False, namespace: Optional[str] = None,
         comment: Optional[str] = None, populated: bool = True, indexes: Iterable[str] = ()) -> View:
    """A view: `body` is the SELECT in the SQL dialect `origin`; `bodies` gives per-engine bodies
    ((engine, SELECT), ...) used instead of transpiling; `absent` names engines without it. A materialized
    view may be created without its rows (`populated` False: WITH NO DATA) and carry `indexes`, each a
    CREATE INDEX statement of the engine that has materialized views."""
    return View(name, body.strip().rstrip(";").strip(), origin, tuple(bodies), tuple(absent), materialized,
                namespace, comment, populated, tuple(i.strip().rstrip(";").strip() for i in indexes))


def dependency_order(views: Iterable[View]) -> list[View]:
    """`views` with each one after the views (of the same collection) it reads; otherwise in the given order."""
    pending = list(views)
    keys = {v.key for v in pending}
    done: set[ViewKey] = set()
    out: list[View] = []
    while pending:
        ready = [v for v in pending if not ({_resolved(v, k) for k in v.reads} & keys) - done - {v.key}]
        if not ready:  # a cycle (an engine refuses it anyway): keep the given order
            ready = pending[:1]
        for v in ready:
            out.append(v)
            done.add(v.key)
        pending = [v for v in pending if v.key not in done]
    return out


def _resolved(v: View, key: ViewKey) -> ViewKey:
    """A name read by `v`, unqualified ones taken in `v`'s own namespace."""
    return key if key[0] is not None else (v.namespace, key[1])


def reads_of(v: View) -> frozenset[ViewKey]:
    """What `v` reads, unqualified names resolved in `v`'s namespace."""
    return frozenset(_resolved(v, k) for k in v.reads)


def view_problems(table_keys: Iterable[ViewKey], views: Iterable[View]) -> Iterator[str]:
    """What is wrong with `views` beside tables `table_keys`, one line each naming the view and the fix."""
    import sqlglot  # here, not at import (see `View.reads`)
    from sqlglot import exp
    tables, seen = set(table_keys), set()
    for v in views:
        where = f"view {v.qualified}"
        if v.key in seen:
            yield f"{where}: defined twice; give each view one definition"
        if v.key in tables:
            yield f"{where}: a table of the namespace has that name; rename one of them"
        seen.add(v.key)
        if not v.materialized and (v.indexes or not v.populated):
            yield f"{where}: only a materialized view has indexes or WITH NO DATA; make it materialized or drop them"
        if any(not i.upper().startswith(("CREATE INDEX ", "CREATE UNIQUE INDEX ")) for i in v.indexes):
            yield f"{where}: each index is one CREATE [UNIQUE] INDEX statement; write it so"
        if sqlglot.Dialect.get(v.origin) is None:
            yield f"{where}: origin {v.origin!r} is no SQL dialect sqlglot knows; name one of its dialects"
            continue
        try:
            tree = sqlglot.parse(v.body, read=v.origin)
        except sqlglot.errors.ParseError as e:
            yield f"{where}: its body does not parse as {v.origin} SQL ({str(e).splitlines()[0][:100]}); fix the body"
            continue
        if len(tree) != 1 or not isinstance(tree[0], exp.Query):
            yield f"{where}: its body is not one SELECT; write the query alone (no CREATE VIEW, no second statement)"
