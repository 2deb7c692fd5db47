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
    "PG-UNSIGNED64": DegradationCode(
        C.BEHAVIOUR, "unsigned bigint (0 to 18446744073709551615)",
        "bigint with a storage CHECK (column >= 0): values above 9223372036854775807 are refused. bigint is "
        "the widest integer type, the only one an identity or a bigint key referencing it can use",
        "https://www.postgresql.org/docs/15/datatype-numeric.html#DATATYPE-INT"),
    "PG-BINARY-PAD": DegradationCode(
        C.BEHAVIOUR, "binary(n) (MySQL zero-pads a shorter value to n bytes)",
        "bytea with a storage CHECK octet_length(column) <= n: a shorter value is stored as given, not padded "
        "with zero bytes, so b'a' and b'a\\0' are different values",
        "https://www.postgresql.org/docs/15/datatype-binary.html"),
    "PG-SET-ORDER": DegradationCode(
        C.BEHAVIOUR, "set(...) (the value is the set of members: MySQL stores them in declared order, once)",
        "text with a storage CHECK admitting any comma-separated list of members: the value is stored as "
        "written, so 'b,a' and 'a,b' (or 'a,a') are different values in a UNIQUE and when read back",
        "https://www.postgresql.org/docs/15/functions-array.html"),
    "PG-ARRAY-ITEM": DegradationCode(
        C.WEAKENED, "an array of tinyint, unsigned integers, year, set, varbinary(n) or binary(n)",
        "an array of the type that holds the item (smallint, integer, bigint, text, bytea): a storage CHECK "
        "covers a scalar column only, so the items are not narrowed to the model's range",
        "https://www.postgresql.org/docs/15/arrays.html"),
}
