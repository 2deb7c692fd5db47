"""Model <-> JSON, for the snapshots kept beside the migrations.

The encoding is plain JSON: each dataclass becomes an object tagged with
``"_": "<ClassName>"``, enums their value, tuples lists and dates ISO text.
`dumps` is deterministic (same model, same bytes), so snapshots diff well.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from typing import Any

from . import model

_CLASSES: dict[str, Any] = {c.__name__: c for c in (
    model.Enum, model.ColumnType, model.Default, model.Column, model.ForeignKey, model.Unique,
    model.Check, model.IndexPart, model.Index, model.Partitioning, model.PartitionSpec, model.Rolling, model.StateMachine,
    model.Table, model.Schema, model.Generated, model.Collation, model.Exclusion, model.ExclusionElement, model.Domain,
    model.View, model.Composite, model.DeclaredType, model.Sequence, model.Routine, model.Trigger,
    model.Policy, model.Grant, model.Extension)}
_ENUMS: dict[tuple[str, str], type[enum.Enum]] = {("ColumnType", "kind"): model.Kind, ("Default", "kind"): model.DefaultKind,
          ("ForeignKey", "on_delete"): model.Action,
          ("ForeignKey", "on_update"): model.Action, ("Index", "method"): model.IndexMethod,
          ("Exclusion", "method"): model.IndexMethod, ("Partitioning", "method"): model.PartitionMethod,
          ("Rolling", "outside"): model.Outside}
# Partition bounds may be dates or timestamps as well as numbers and text: tagged, so each comes back as it was.
_BOUNDS = {("PartitionSpec", "upper"), ("PartitionSpec", "values"), ("Partitioning", "lower")}


class SnapshotError(ValueError):
    """A snapshot file that cannot be read back into the model."""


def encode(obj: Any) -> Any:
    """A JSON-ready structure for a model object."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {"_": type(obj).__name__}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if value != f.default:
                out[f.name] = _bound(value) if (type(obj).__name__, f.name) in _BOUNDS else encode(value)
        return out
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (tuple, list)):
        return [encode(x) for x in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def _bound(value: Any) -> Any:
    """A partition bound (or a tuple of them), a date or timestamp tagged with its type."""
    if isinstance(value, tuple):
        return [_bound(v) for v in value]
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _unbound(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_unbound(v) for v in value)
    if isinstance(value, dict) and "datetime" in value:
        return dt.datetime.fromisoformat(value["datetime"])
    if isinstance(value, dict) and "date" in value:
        return dt.date.fromisoformat(value["date"])
    return value


def decode(data: Any) -> Any:
    """The model object a structure from `encode` stands for."""
    if isinstance(data, list):
        return tuple(decode(x) for x in data)
    if not isinstance(data, dict):
        return data
    name = data.get("_")
    cls = _CLASSES.get(name) if isinstance(name, str) else None
    if cls is None or not isinstance(name, str):
        raise SnapshotError(f"unknown object type {name!r} in snapshot")
    kwargs: dict[str, Any] = {}
    for k, v in data.items():
        if k == "_":
            continue
        if (name, k) in _ENUMS:
            kwargs[k] = _ENUMS[(name, k)](v)
        elif (name, k) in _BOUNDS:
            kwargs[k] = _unbound(v)
        elif (name, k) == ("Partitioning", "start"):
            kwargs[k] = dt.date.fromisoformat(v)
        elif (name, k) == ("StateMachine", "transitions"):
            kwargs[k] = tuple(tuple(pair) for pair in v)
        else:
            kwargs[k] = decode(v)
    return cls(**kwargs)


def dumps(schema: model.Schema) -> str:
    """Deterministic JSON text of a schema."""
    return json.dumps(encode(schema), indent=1, ensure_ascii=False) + "\n"


def loads(text: str) -> model.Schema:
    """The schema a `dumps` text stands for."""
    try:
        return decode(json.loads(text))
    except (json.JSONDecodeError, TypeError) as e:
        raise SnapshotError(f"snapshot is not a valid schema: {e}") from None
