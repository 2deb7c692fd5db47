"""Partition bounds broken on purpose: the routing check must report exactly these mismatches.

Each case: engine, statements run on a database holding the scenes schema,
and the UTC window [lo, hi) of probe values that must now disagree with the
model (the boundary probes of checks.partitions.boundary_values fall in it).
"""
from __future__ import annotations

import datetime as _dt

UTC = _dt.timezone.utc
FEB_28 = _dt.datetime(2026, 2, 28, tzinfo=UTC)
MAR_1 = _dt.datetime(2026, 3, 1, tzinfo=UTC)

_PG_DROP = ['ALTER TABLE "segments" DETACH PARTITION "segments_{m}"', 'DROP TABLE "segments_{m}"']

CASES = {
    # February ends a day early; March starts a day early.
    "postgres-shifted-bound": ("postgres", [
        *(s.format(m=m) for m in ("2026_02", "2026_03") for s in _PG_DROP),
        """CREATE TABLE "segments_2026_02" PARTITION OF "segments"
           FOR VALUES FROM ('2026-02-01 00:00:00+00:00') TO ('2026-02-28 00:00:00+00:00')""",
        """CREATE TABLE "segments_2026_03" PARTITION OF "segments"
           FOR VALUES FROM ('2026-02-28 00:00:00+00:00') TO ('2026-04-01 00:00:00+00:00')""",
    ], (FEB_28, MAR_1)),
    # The bound written without an offset in a New York session: it starts at 05:00 UTC,
    # so the first five hours of March fit no partition.
    "postgres-bound-off-by-a-timezone": ("postgres", [
        *(s.format(m="2026_03") for s in _PG_DROP),
        "SET TIME ZONE 'America/New_York'",
        """CREATE TABLE "segments_2026_03" PARTITION OF "segments"
           FOR VALUES FROM ('2026-03-01 00:00:00') TO ('2026-04-01 00:00:00+00:00')""",
        "SET TIME ZONE 'UTC'",
    ], (MAR_1, MAR_1 + _dt.timedelta(hours=5))),
    "mysql-shifted-bound": ("mysql", [
        """ALTER TABLE `segments` REORGANIZE PARTITION `segments_2026_02`, `segments_2026_03` INTO (
           PARTITION `segments_2026_02` VALUES LESS THAN ('2026-02-28 00:00:00'),
           PARTITION `segments_2026_03` VALUES LESS THAN ('2026-04-01 00:00:00'))""",
    ], (FEB_28, MAR_1)),
}
