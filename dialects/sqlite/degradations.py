"""SQLite's degradation codes: code -> (category, feature, effect, documentation).

The lowering (`dialects.sqlite`) builds each `Degradation` from this table;
README.md lists every code (tests/test_degradations.py holds the two together).
"""
from __future__ import annotations

from ..base import DegradationCategory as C, DegradationCode

_DATE_FUNCTIONS = "https://www.sqlite.org/lang_datefunc.html"
_JSON = "https://www.sqlite.org/json1.html"
_CREATE_INDEX = "https://www.sqlite.org/lang_createindex.html"

DEGRADATIONS: dict[str, DegradationCode] = {
    "SL-TZ": DegradationCode(
        C.APPROXIMATED, "timestamptz",
        "stored as timestamp without time zone: no zone is kept, values are UTC by convention", _DATE_FUNCTIONS),
    "SL-JSONB": DegradationCode(
        C.WEAKENED, "jsonb",
        "stored as json text (validated by json_valid): no binary form, keys keep order and duplicates, "
        "and escapes jsonb rejects (\\u0000, lone UTF-16 surrogates) are accepted", _JSON),
    "SL-ARRAY": DegradationCode(
        C.WEAKENED, "array", "stored as a JSON array in a json text column: element types are not checked", _JSON),
    "SL-PARTITION": DegradationCode(
        C.NO_PARTITIONS, "monthly range partitions",
        "no partitions: every row is stored in the one table; a row outside every partition is NOT rejected",
        "https://www.sqlite.org/lang_createtable.html"),
    "SL-GIN": DegradationCode(
        C.DROPPED, "GIN index", "index dropped: SQLite has no inverted (GIN) index", _CREATE_INDEX),
    "SL-PREFIX": DegradationCode(
        C.APPROXIMATED, "prefix index part", "the whole value is indexed: SQLite has no prefix indexes", _CREATE_INDEX),
    "SL-XFK": DegradationCode(
        C.DROPPED, "foreign key to another namespace",
        "foreign key dropped: SQLite cannot reference a table in another attached database",
        "https://www.sqlite.org/foreignkeys.html"),
    # -- behaviour: the schema element is the model's ----------------------------------------------
    "SL-DECIMAL": DegradationCode(
        C.BEHAVIOUR, "decimal",
        "stored as REAL (binary floating point): not exact and not rounded to the scale; "
        "the CHECK bounds the integer digits only",
        "https://www.sqlite.org/floatingpoint.html"),
    "SL-NOWMS": DegradationCode(
        C.BEHAVIOUR, "current timestamp with microseconds",
        "the current time is taken with millisecond precision (values supplied by clients keep microseconds)",
        _DATE_FUNCTIONS),
    "SL-VARCHARPAD": DegradationCode(
        C.BEHAVIOUR, "excess trailing spaces cut",
        "a varchar value whose excess characters are all spaces is accepted, as in PostgreSQL, but kept whole: "
        "PostgreSQL and MySQL cut the spaces, so SQLite's CHECKs, keys and foreign keys compare the value with them",
        "https://www.sqlite.org/stricttables.html"),
    "SL-TEXTFORM": DegradationCode(
        C.BEHAVIOUR, "input in any spelling",
        "stored as text: only the canonical spelling is accepted (uuid: lower-case 8-4-4-4-12; "
        "timestamp: 'YYYY-MM-DD HH:MM:SS[.ffffff]'; date: 'YYYY-MM-DD'); "
        "PostgreSQL also accepts other spellings and normalises them",
        _DATE_FUNCTIONS),
}
