"""A function's result kept per identity of its arguments, for the work a run over many tenants repeats.

A run over a thousand tenants checks each against the same objects: the same migration state (one object
per version of its file, `Migration.state`), lowered by the same dialect. What is derived from them only
(the lowered schema, the support objects it implies) is made once per run instead of once per tenant.
The arguments must not change after the call (a frozen Schema, a Dialect): the key is their identity, and
the cache holds them, so an identity is never reused by a new object while its entry lives.
"""
from __future__ import annotations

import functools
import threading
from typing import Any, Callable, TypeVar

R = TypeVar("R")
_LIMIT = 64  # entries per function: states per run are a handful; past this the cache starts again


def by_identity(fn: Callable[..., R]) -> Callable[..., R]:
    """`fn`, its result kept per identity of its positional arguments (see the module). Thread-safe: two
    threads may both compute a missing entry, and either result is kept."""
    cache: dict[tuple[int, ...], tuple[tuple[Any, ...], R]] = {}
    guard = threading.Lock()

    @functools.wraps(fn)
    def kept(*args: Any) -> R:
        key = tuple(map(id, args))
        hit = cache.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], args)):
            return hit[1]
        result = fn(*args)
        with guard:
            if len(cache) >= _LIMIT:
                cache.clear()
            cache[key] = (args, result)
        return result

    return kept
