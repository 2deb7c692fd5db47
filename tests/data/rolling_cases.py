"""Cases of schema/rolling.py: (policy, now, months held) -> (months to create, months to archive).

The policy is (ahead, archive_after) over the monthly form from 2026-01 for 24 months;
a month is written "YYYY-MM".
"""

PLANS = [
    # a fresh database at the first migration's months, early in them: nothing to do
    ((3, None), "2026-12-07", ("2026-01", 24), (), ()),
    ((3, 6), "2026-06-15", ("2026-01", 24), (), ()),
    # jobs in December 2026: months before 2026-06 go (six before the current month are kept)
    ((3, 6), "2026-12-07", ("2026-01", 24), (), ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05")),
    # past the initial months: three months ahead are created
    ((3, None), "2027-10-01", ("2026-01", 24), ("2028-01",), ()),
    ((3, None), "2027-12-31", ("2026-01", 24), ("2028-01", "2028-02", "2028-03"), ()),
    ((0, 0), "2027-12-31", ("2026-01", 24), (), tuple(f"2026-{m:02d}" for m in range(1, 13))
     + tuple(f"2027-{m:02d}" for m in range(1, 12))),
    # a table that holds no month at all gets the whole window
    ((2, 1), "2028-05-20", ("2028-05", 0), ("2028-04", "2028-05", "2028-06", "2028-07"), ()),
    # not maintained for long: the missing months are created (consecutive) and those already too old archived
    ((1, 1), "2028-05-20", ("2027-12", 2), ("2028-02", "2028-03", "2028-04", "2028-05", "2028-06"),
     ("2027-12", "2028-01", "2028-02", "2028-03")),
    # already maintained: nothing to do (idempotent)
    ((3, 6), "2028-05-20", ("2027-11", 10), (), ()),
]

# (policy, live window "YYYY-MM" and months) -> whether drift accepts it as the policy's
FITS = [
    ((3, None), ("2026-01", 24), True),
    ((3, None), ("2026-01", 30), True),
    ((3, None), ("2026-02", 29), False),  # a month was removed from a table that keeps every month
    ((3, 6), ("2026-06", 30), True),
    ((3, 6), ("2025-12", 30), False),  # a month before the first one the model ever had
    ((3, None), ("2026-01", 20), False),  # fewer months than the first migration created
]
