"""PostgreSQL's degradation codes: code -> (category, feature, effect, documentation).

The lowering (`dialects.postgres`) builds each `Degradation` from this table;
README.md lists every code (tests/test_degradations.py holds the two together).
"""
from __future__ import annotations

from ..base import DegradationCategory as C, DegradationCode

DEGRADATIONS: dict[str, DegradationCode] = {
    "PG-PREFIX": DegradationCode(
        C.APPROXIMATED, "prefix index part",
        "no prefix index parts: a plain index indexes the whole value (same lookups, larger index); "
        "a unique one indexes left(column, N), so uniqueness is still judged on the prefix",
        "https://www.postgresql.org/docs/15/sql-createindex.html"),
    "PG-ON-UPDATE": DegradationCode(
        C.BEHAVIOUR, "on_update_now (set to now() by every UPDATE that does not set it)",
        "a BEFORE UPDATE trigger: an UPDATE assigning the column its current value is taken as not setting it, "
        "so the column gets now()",
        "https://www.postgresql.org/docs/15/plpgsql-trigger.html"),
}
