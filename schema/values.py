"""Canonical values shared by every layer: timestamps compare as naive UTC instants."""
from __future__ import annotations

import datetime as _dt


def utc_naive(value: _dt.datetime) -> _dt.datetime:
    """An aware datetime as the naive UTC instant it names; a naive one (already UTC) unchanged."""
    return value.astimezone(_dt.timezone.utc).replace(tzinfo=None) if value.tzinfo else value
