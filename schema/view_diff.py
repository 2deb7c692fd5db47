"""Typed changes of views (never SQL): CreateView, DropView, ReplaceView, and where `diff` puts them.

Views are dropped before every table change and created after them all, each in dependency order
(a view over a view after the one it reads). A view that stays but reads a table the plan changes
(or a view that is itself dropped and created again) is planned around the change: dropped first,
created again last, since an engine may refuse the change (PostgreSQL will not drop or retype a
column a view uses) or silently leave the view broken (SQLite, MariaDB).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from .changes import (
    AddIndex, AddTable, Change, DropIndex, DropTable, SetConstraintComment, SetIndexComment, SetTableComment,
)
from .model import Schema
from .views import View, dependency_order, reads_of

_SHOWN = 160  # characters of a body a drift line shows


def _kind(v: View) -> str:
    return "materialized view" if v.materialized else "view"


def _text(body: str) -> str:
    """A body with its blank space collapsed (how two bodies are compared and shown)."""
    return " ".join(body.split()).rstrip(";").strip()


def _shown(body: str) -> str:
    text = _text(body)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "..."


@dataclass(frozen=True)
class CreateView(Change):
    """A view the new schema has and the old one does not (or one created again after a change)."""

    view: View

    def describe(self) -> str:
        return f"create {_kind(self.view)} {self.view.qualified}"

    def drift(self) -> str:
        return f"extra {_kind(self.view)} {self.view.qualified}"

    def reverse(self) -> "DropView":
        return DropView(self.view)


@dataclass(frozen=True)
class DropView(Change):
    """A view the old schema has and the new one does not (or one dropped for a change under it)."""

    view: View

    def describe(self) -> str:
        return f"drop {_kind(self.view)} {self.view.qualified}"

    def drift(self) -> str:
        return f"missing {_kind(self.view)} {self.view.qualified}"

    def reverse(self) -> CreateView:
        return CreateView(self.view)


@dataclass(frozen=True)
class ReplaceView(Change):
    """A view whose definition changes; its rollback is the old definition."""

    old: View
    new: View

    def describe(self) -> str:
        return f"replace {_kind(self.new)} {self.new.qualified}"

    def drift(self) -> str:
        if _text(self.old.body) == _text(self.new.body) and (self.old.populated, self.old.indexes) != \
                (self.new.populated, self.new.indexes):
            said = {True: "with its rows", False: "WITH NO DATA"}
            parts = [f"is {said[self.new.populated]}, the schema says {said[self.old.populated]}"] \
                if self.old.populated != self.new.populated else []
            if self.old.indexes != self.new.indexes:
                parts.append(f"has indexes {'; '.join(self.new.indexes) or 'none'}, "
                             f"the schema says {'; '.join(self.old.indexes) or 'none'}")
            return f"{_kind(self.new)} {self.new.qualified} {'; '.join(parts)}"
        return (f"{_kind(self.new)} {self.new.qualified} is AS {_shown(self.new.body)}, "
                f"the schema says AS {_shown(self.old.body)}")

    def reverse(self) -> "ReplaceView":
        return ReplaceView(self.new, self.old)


VIEW_CHANGES = (CreateView, DropView, ReplaceView)


def rebuilt_views(changes: Sequence[Change]) -> set[int]:
    """ids of the DropView and CreateView pairs that drop a view and create it again as it was (around a
    change under it): a plan needs them, a list of differences does not."""
    dropped = {c.view.key: c for c in changes if isinstance(c, DropView)}
    out: set[int] = set()
    for c in changes:
        if isinstance(c, CreateView) and c.view.key in dropped and same_view(dropped[c.view.key].view, c.view):
            out |= {id(c), id(dropped[c.view.key])}
    return out


def same_view(a: View, b: View) -> bool:
    """Whether two views are defined alike (bodies compared with blank space collapsed)."""
    return (a.key == b.key and a.origin == b.origin and _text(a.body) == _text(b.body)
            and a.materialized == b.materialized and a.comment == b.comment and a.absent == b.absent
            and a.populated == b.populated and tuple(map(_text, a.indexes)) == tuple(map(_text, b.indexes))
            and tuple((e, _text(x)) for e, x in a.bodies) == tuple((e, _text(x)) for e, x in b.bodies))


# Changes inside a table that never affect a view reading it.
_HARMLESS = (AddTable, AddIndex, DropIndex, SetTableComment, SetIndexComment, SetConstraintComment)


def _touched(c: Change) -> Optional[tuple]:
    """The key of the table `c` changes in a way a view reading it may notice, else None."""
    if isinstance(c, _HARMLESS):
        return None
    if isinstance(c, DropTable):
        return c.table.key
    key = getattr(c, "table", None)
    return key if isinstance(key, tuple) else None


def touched_tables(changes: Sequence[Change]) -> set[tuple]:
    """The keys of the tables `changes` alter in a way an object reading them (a view, a policy) may notice."""
    return {k for k in map(_touched, changes) if k is not None}


def view_changes(old: Schema, new: Schema, changes: Sequence[Change],
                 calling: Callable[[str], bool] = lambda body: False) -> tuple[list[Change], list[Change]]:
    """(the view changes planned before `changes`, the table changes of the diff, and those after them);
    a view whose old body `calling` says calls a routine dropped and created again is planned around it."""
    o, n = {v.key: v for v in old.views}, {v.key: v for v in new.views}
    touched = touched_tables(changes)
    around = {k for k, v in o.items() if k in n and (reads_of(v) & touched or calling(v.body))}
    replaced = {k for k, v in o.items() if k in n and not same_view(v, n[k])}
    rebuilt = around | {k for k in replaced if o[k].materialized != n[k].materialized}
    gone = set(o) - set(n)
    while True:  # a view reading one that is dropped (or dropped and created again) goes with it
        more = {k for k, v in o.items() if k in n and k not in rebuilt
                and reads_of(v) & (rebuilt | gone | replaced)}
        if not more:
            break
        rebuilt |= more
    front: list[Change] = [DropView(v) for v in reversed(dependency_order(o.values())) if v.key in gone | rebuilt]
    back: list[Change] = []
    for v in dependency_order(n.values()):
        if v.key not in o or v.key in rebuilt:
            back.append(CreateView(v))
        elif v.key in replaced:
            back.append(ReplaceView(o[v.key], v))
    return front, back
