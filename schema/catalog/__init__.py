"""The catalog: the five seed systems written as code.

``load("scenes")`` builds a system's schema and validates it; ``get`` returns
the `System` itself (shared tables plus any per-tenant tables).
"""
from __future__ import annotations

from typing import Iterable, Optional, Union

from ..model import Schema, System
from ..validate import validate
from . import contentgen, cyoa, prismq, scenes, scriptpal

SYSTEMS: dict[str, System] = {
    m.SYSTEM.name: m.SYSTEM for m in (prismq, scenes, cyoa, contentgen, scriptpal)
}


class UnknownSystem(LookupError):
    """A system name that is not in the catalog."""


def names() -> list[str]:
    """The catalog's system names, in catalog order."""
    return list(SYSTEMS)


def get(name: str) -> System:
    """The system called `name`; UnknownSystem if there is none."""
    try:
        return SYSTEMS[name]
    except (KeyError, TypeError):
        raise UnknownSystem(f"unknown system {name!r}: choose one of {', '.join(names())}") from None


def load(name: str, tenants: Optional[Iterable[Union[int, str]]] = None) -> Schema:
    """The validated schema of system `name`, with `tenants` (default: the system's own)."""
    return validate(get(name).build(tenants))
