"""The window of a rolling monthly partitioning at a given time (dialect-free).

A rolling partitioning (`Partitioning.rolling`) holds, at time `now`:
- every month from its first kept month to `ahead` months after the current one;
- the first kept month is the monthly form's `start` when the policy keeps every month, else
  the later of `start` and the month `archive_after` months before the current one;
- the months the first migration created (`start`, `months`) are never asked to go away
  before the archive policy says so.

`window` is that set as a plain monthly Partitioning (what drift and the routing check expect
at `now`); `plan` says which months to create and which to archive, given the months a
database holds; `fits` says whether a database's monthly partitions are ones the policy leads
to, so that drift does not report a moved window as a difference.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from typing import Optional, Sequence

from .model import Partitioning, Schema


def month_of(when: _dt.date) -> _dt.date:
    """The first day of the month of `when` (a date or a datetime)."""
    return _dt.date(when.year, when.month, 1)


def add_months(month: _dt.date, n: int) -> _dt.date:
    """The first day of the month `n` months after `month` (negative: before)."""
    index = month.year * 12 + month.month - 1 + n
    return _dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: _dt.date, end: _dt.date) -> list[_dt.date]:
    """Every month from `first` up to, not including, `end`."""
    out, m = [], month_of(first)
    while m < end:
        out.append(m)
        m = add_months(m, 1)
    return out


def suffix(month: _dt.date) -> str:
    """A month's partition suffix, ``YYYY_MM``."""
    return f"{month.year:04d}_{month.month:02d}"


def first_kept(p: Partitioning, now: _dt.date) -> _dt.date:
    """The oldest month the policy keeps at `now`."""
    policy = _policy(p)
    start = month_of(p.start)  # type: ignore[arg-type]
    if policy.archive_after is None:
        return start
    return max(start, add_months(month_of(now), -policy.archive_after))


def end_needed(p: Partitioning, now: _dt.date) -> _dt.date:
    """The first month the policy does not need yet at `now` (exclusive end of the window)."""
    initial_end = add_months(month_of(p.start), p.months)  # type: ignore[arg-type]
    return max(initial_end, add_months(month_of(now), _policy(p).ahead + 1))


def window(p: Partitioning, now: _dt.date) -> Partitioning:
    """The months a rolling `p` holds at `now`, as a plain monthly partitioning (no policy)."""
    first = first_kept(p, now)
    return Partitioning(p.column, first, len(months_between(first, end_needed(p, now))), future=p.catch_all)


def schema_at(schema: Schema, now: _dt.date) -> Schema:
    """`schema` with each rolling table's partitioning replaced by its `window` at `now`."""
    tables = tuple(replace(t, partitioning=window(t.partitioning, now))
                   if t.partitioning is not None and t.partitioning.rolling else t for t in schema.tables)
    return replace(schema, tables=tables)


@dataclass(frozen=True)
class Plan:
    """What the policy does now to a table holding `held` months."""

    create: tuple[_dt.date, ...]
    archive: tuple[_dt.date, ...]
    next_missing: Optional[_dt.date]  # the first month after the last one held

    @property
    def idle(self) -> bool:
        """Nothing to do."""
        return not self.create and not self.archive


def plan(p: Partitioning, held: Sequence[_dt.date], now: _dt.date) -> Plan:
    """The months to create (after the last one held, up to the policy's end: months stay consecutive) and
    to archive (those older than the first kept one, held or just created: a table not maintained for a
    long time gets its missing months, and what they take from a catch-all, archived in the same run),
    oldest first. A table holding no month gets the whole window."""
    held = sorted(held)
    last = add_months(held[-1], 1) if held else first_kept(p, now)
    create = tuple(months_between(last, end_needed(p, now)))
    first = first_kept(p, now)
    archive = tuple(m for m in held + list(create) if m < first) if not _policy(p).keeps_all else ()
    return Plan(create, archive, last)


def fits(model: Optional[Partitioning], live: Optional[Partitioning]) -> bool:
    """Whether `live` (read from a database, no policy) is a window the rolling `model` leads to:
    consecutive months on the same column, starting at the model's start when every month is
    kept (else at or after it), and reaching at least the months the first migration created."""
    if model is None or live is None or model.rolling is None or live.rolling is not None:
        return False
    if not live.monthly or live.column != model.column:
        return False
    first, initial_end = month_of(live.start), add_months(month_of(model.start), model.months)  # type: ignore[arg-type]
    start_ok = first == model.start if model.rolling.keeps_all else first >= model.start  # type: ignore[operator]
    return start_ok and add_months(first, live.months) >= initial_end and live.future == model.catch_all


def _policy(p: Partitioning):
    if p.rolling is None or p.start is None:
        raise ValueError("not a rolling monthly partitioning")
    return p.rolling
