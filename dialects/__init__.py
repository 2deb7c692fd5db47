"""schemakit's engines: the registry (`dialects.registry`) and what every dialect provides (`dialects.base`).

``dialects.get("mysql")`` returns the MySQL dialect; ``dialects.names()`` lists
the registered engines. Every module of this package is imported the first
time the registry is asked, and each engine module registers itself.
"""
from __future__ import annotations

from .base import Degradation, Dialect, Lowered, Statement  # noqa: F401
from .registry import (  # noqa: F401
    UnknownDialect, all_dialects, for_scheme, for_server, get, identifier_limit, names, register, schemes, variants,
)
