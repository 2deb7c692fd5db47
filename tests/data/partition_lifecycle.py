"""Settings of tests/test_partition_lifecycle.py: the engines, the walk through time, the rows."""
import datetime as _dt

ENGINES = ("postgres", "mariadb")
HISTORY_FROM = _dt.date(2026, 1, 1)  # rows of every month from here are in before the walk
FIRST_NOW = _dt.date(2026, 12, 15)  # the walk's first --now: the repository's today
MONTHS = 14  # the walk's length: past the first migration's 24 months (2027-12) and beyond
ROWS_PER_MONTH = 3  # per rolling table and month: the month's first and last instant, and its middle
