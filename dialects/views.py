"""What every engine does the same with views: lowering a model view to the body an engine gets.

A lowered view is written for the engine (`origin` = `view_origin(d)`, the sqlglot dialect name of its
SQL), with no per-engine bodies left: its body is the explicit one for the engine, the body itself
when it was written for the engine, else the body transpiled by sqlglot, which must do so without an
unsupported construct (``unsupported_level=RAISE``): otherwise the lowering fails with one line
asking for an explicit body or `absent`. An engine in `absent` drops the view (``<P>-VIEWABSENT``);
a materialized view on an engine without them is a plain view (``<P>-MATVIEW``); a comment on an
engine whose views cannot carry one is left out (``<P>-VIEWCOMMENT``).
"""
from __future__ import annotations

from dataclasses import replace
import sqlglot
from sqlglot.errors import ErrorLevel, SqlglotError

from schemakit.schema.views import View, dependency_order

from .base import Degradation, Dialect, PlanError, Statement


def view_origin(d: Dialect) -> str:
    """The sqlglot dialect name of the SQL an engine's views are written in (MariaDB: mysql)."""
    return d.variant_of or d.name


def transpiled(v: View, d: Dialect) -> str:
    """The body of `v` for the engine of `d`: explicit, as written, or transpiled by sqlglot;
    PlanError (one line) when sqlglot cannot transpile it faithfully."""
    target = view_origin(d)
    explicit = v.body_for(d.name) or v.body_for(target)
    if explicit is not None:
        return explicit
    try:
        out = sqlglot.transpile(v.body, read=v.origin, write=target, unsupported_level=ErrorLevel.RAISE)
    except SqlglotError as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise PlanError(f"view {v.qualified}: its {v.origin} body cannot be rendered for {d.name} ({first[:120]}): "
                        f"give it an explicit body (bodies=(({d.name!r}, 'SELECT ...'),)) or absent=({d.name!r},)") from None
    if len(out) != 1:
        raise PlanError(f"view {v.qualified}: its body is {len(out)} statements, a view is one SELECT: fix the body")
    return out[0]


def lower_views(d: Dialect, views: tuple[View, ...], materialized: bool, comments: bool,
                prefix: str) -> tuple[tuple[View, ...], list[Degradation]]:
    """The views as the engine of `d` holds them and what that costs (codes ``<prefix>-...``);
    `materialized` and `comments`: whether the engine has materialized views, and comments on views."""
    out, notes = [], []
    for v in views:
        if d.name in v.absent or view_origin(d) in v.absent:
            notes.append(_note(d, f"{prefix}-VIEWABSENT", v))
            continue
        lowered = View(v.name, transpiled(v, d), view_origin(d), materialized=v.materialized,
                       namespace=v.namespace, comment=v.comment, populated=v.populated, indexes=v.indexes)
        if v.materialized and not materialized:  # a plain view: no rows of its own, no indexes
            notes.append(_note(d, f"{prefix}-MATVIEW", v))
            lowered = replace(lowered, materialized=False, populated=True, indexes=())
        if v.comment is not None and not comments:
            notes.append(_note(d, f"{prefix}-VIEWCOMMENT", v, "(view comment)"))
            lowered = replace(lowered, comment=None)
        out.append(lowered)
    return tuple(out), notes


def _note(d: Dialect, code: str, v: View, subject: str = "(view)") -> Degradation:
    return Degradation.from_table(d.degradations, code, d.name, v.qualified, subject)


def creation_statements(views: tuple[View, ...], create) -> list[Statement]:
    """Every view's statements (`create(view)`), each view after those it reads."""
    return [s for v in dependency_order(views) for s in create(v)]
