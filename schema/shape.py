"""The shape of a model: every field of every model object holds what its annotation says.

A schema module is a user's Python, so a column's type may arrive as the text ``"INTEGER"``, a default as a
bare ``"draft"``, ``null`` as ``"no"``, or a list of tables may hold a name. Python does not check a dataclass's
annotations, and the checks of `schema.validate` (and everything after them) read the fields as annotated, so
such a model failed deep inside with an AttributeError. `problems` walks the model first and names each field
that holds the wrong kind of value, where it is and what to write instead.
"""
from __future__ import annotations

import dataclasses
import enum
import types
import typing
from functools import lru_cache
from typing import Any, Callable, Iterator

# What to write instead, for the classes a schema module most often gets wrong.
_WRITE = {
    "ColumnType": "a type such as INTEGER, TEXT or varchar(255)",
    "Default": "lit(value), NOW, GEN_UUID or default_sql(\"...\")",
    "Table": "a table(...)",
    "Column": "a col(...)",
    "Schema": "a Schema(...)",
}


_HINTS: dict[type, dict[str, Any]] = {}  # each model class's annotations, resolved once


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def problems(obj: Any, where: str = "") -> Iterator[str]:
    """One line per field of `obj` (a model dataclass) or of the model objects it holds that does not hold what
    its annotation says; `where` names `obj` in the lines (none for a schema: its tables name themselves)."""
    yield from _fields(obj, where, set())


def _fields(obj: Any, where: str, seen: set) -> Iterator[str]:
    if id(obj) in seen:
        return
    seen.add(id(obj))
    hints = _hints(type(obj))
    for f in dataclasses.fields(obj):
        if f.name in hints:
            yield from _value(getattr(obj, f.name), hints[f.name], f"{where}: {f.name}" if where else f.name, seen)


def _value(value: Any, hint: Any, where: str, seen: set) -> Iterator[str]:
    if not _fits(hint)(value):
        yield f"{where} is {_shown(value)}, not {_expected(hint)}"
        return
    if type(value) in _LEAVES:
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield from _fields(value, _named(value, where), seen)
        return
    origin, args = _parts(hint)
    if origin in (typing.Union, types.UnionType):
        fitting = next(a for a in args if _fits(a)(value))
        yield from _value(value, fitting, where, seen)
    elif origin is tuple and args:
        items = zip(value, args) if not (len(args) == 2 and args[1] is Ellipsis) else ((v, args[0]) for v in value)
        for i, (v, h) in enumerate(items):
            if type(v) not in _LEAVES or not _fits(h)(v):
                yield from _value(v, h, f"{where}[{i}]", seen)


_LEAVES = frozenset({str, int, float, bool, type(None)})  # values with nothing inside to check


@lru_cache(maxsize=None)
def _parts(hint: Any) -> tuple[Any, tuple]:
    return typing.get_origin(hint), typing.get_args(hint)


@lru_cache(maxsize=None)
def _fits(hint: Any) -> Callable[[Any], bool]:
    """Whether a value is of `hint`'s kind at the top (a tuple's items are checked by `_value`); made once per hint."""
    if hint is Any or isinstance(hint, (typing.TypeVar, str)):
        return lambda value: True
    origin, args = _parts(hint)
    if origin in (typing.Union, types.UnionType):
        alternatives = [_fits(a) for a in args]
        return lambda value: any(f(value) for f in alternatives)
    if origin is typing.Literal:
        return lambda value: value in args
    if origin is tuple:
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            return lambda value: isinstance(value, tuple)
        return lambda value: isinstance(value, tuple) and len(value) == len(args)
    if origin is not None:
        return (lambda value: isinstance(value, origin)) if isinstance(origin, type) else (lambda value: True)
    if hint is type(None):
        return lambda value: value is None
    if hint is float:
        return lambda value: isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return lambda value: True


def _named(value: Any, where: str) -> str:
    """`where` of a model object: ``table orders``, ``column id``, else the field's path."""
    name = getattr(value, "name", None)
    if isinstance(name, str) and type(value).__name__ in ("Table", "Column", "View", "Index", "Check", "Unique",
                                                          "ForeignKey", "Domain", "Enum", "Sequence", "Routine",
                                                          "Trigger", "Policy", "Exclusion"):
        kind = "foreign key" if type(value).__name__ == "ForeignKey" else type(value).__name__.lower()
        outer = where.rsplit(": ", 1)[0] if ": " in where else ""
        return f"{outer}, {kind} {name}" if outer else f"{kind} {name}"
    return where


def _shown(value: Any) -> str:
    text = repr(value)
    return f"{text if len(text) <= 40 else text[:37] + '...'} (a {type(value).__name__})"


def _expected(hint: Any) -> str:
    origin, args = _parts(hint)
    if origin in (typing.Union, types.UnionType):  # None left unsaid: a field that may be None says what else
        return " or ".join(_expected(a) for a in args if a is not type(None))
    if origin is typing.Literal:
        return " or ".join(repr(a) for a in args)
    if origin is tuple:
        return "a tuple" + (f" of {_expected(args[0])}" if len(args) == 2 and args[1] is Ellipsis else "")
    if hint is type(None):
        return "None"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return f"a {hint.__name__} (" + ", ".join(f"{hint.__name__}.{m.name}" for m in hint) + ")"
    name = getattr(hint, "__name__", str(hint))
    return _WRITE.get(name, f"a {name}")
