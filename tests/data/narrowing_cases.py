"""Type changes and whether each narrows (tests/test_safety.py): (old, new, narrows?).

A change narrows when some value of the old type does not fit the new one; `makemigrations`
refuses such a change unless destructive changes are allowed.
"""
from __future__ import annotations

from schemakit.schema.model import (
    BIGINT, BYTES, DOUBLE, INTEGER, NUMERIC, REAL, SMALLINT, TEXT, TIMESTAMP, TINYINT, binary, char, decimal,
    set_of, time, timestamp, unsigned, varbinary, varchar,
)

CASES = [
    (TINYINT, SMALLINT, False),
    (SMALLINT, TINYINT, True),
    (INTEGER, unsigned(INTEGER), True),  # negatives do not fit
    (unsigned(INTEGER), INTEGER, True),  # 2**31..2**32-1 do not fit
    (unsigned(INTEGER), BIGINT, False),
    (unsigned(TINYINT), SMALLINT, False),
    (unsigned(BIGINT), BIGINT, True),
    (REAL, DOUBLE, False),
    (DOUBLE, REAL, True),
    (char(4), varchar(4), False),
    (varchar(4), char(4), True),  # trailing blanks are significant in varchar
    (char(4), char(8), False),
    (char(8), char(4), True),
    (char(8), TEXT, False),
    (BYTES, varbinary(16), True),
    (varbinary(16), BYTES, False),
    (varbinary(16), varbinary(8), True),
    (binary(16), varbinary(16), False),
    (timestamp(0), timestamp(3), False),
    (timestamp(3), timestamp(0), True),
    (TIMESTAMP, timestamp(3), True),  # 6 digits to 3
    (time(3), time(6), False),
    (decimal(10, 2), NUMERIC, False),
    (NUMERIC, decimal(10, 2), True),
    (set_of("a", "b"), set_of("a", "b", "c"), False),
    (set_of("a", "b"), set_of("a"), True),
    (INTEGER, REAL, True),  # a change of family may not convert every value
]
