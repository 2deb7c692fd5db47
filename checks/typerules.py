"""The type rules of the oracle: whether a value is of its column's type, and the value as stored.

One function per model kind says whether a non-NULL value is of the column's type
(`value_problem`: a `VerdictKind` or None), and one per kind whose stored value differs
from the sent one says what the column holds (`assigned`: a varchar's excess spaces
cut, a char's trailing blanks, a binary(n) zero-padded, a real rounded to binary32, a
SET normalised, fractional seconds rounded). The meanings are documented in
`checks.oracle`; `Quirk` and `judged_as` judge as an engine that stores or checks a
value otherwise, as one of its listed degradations says.
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import enum
import json
import math
import re
import struct
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any, Callable, Iterator, Optional, Union

from schemakit.schema.model import FLOAT_KINDS, FRACTIONAL_KINDS, INTEGER_KINDS, ColumnType, Kind, decimal

class VerdictKind(str, enum.Enum):
    """What kind of rule rejected a row. A `str` enum: it equals, hashes, formats and serialises
    (JSON) as its value, so ``kind == "check"`` and reports read as they always did."""

    TYPE = "type"  # the value is not of the column's type
    LENGTH = "length"  # a varchar value longer than the length
    RANGE = "range"  # a number or instant outside the type's range
    ENUM = "enum"  # not one of the enum's values
    JSON = "json"  # not valid json (or jsonb) text
    PARTITION = "partition"  # fits no partition
    NOT_NULL = "not_null"
    CHECK = "check"
    PRIMARY_KEY = "primary_key"
    UNIQUE = "unique"
    FOREIGN_KEY = "foreign_key"
    EXCLUSION = "exclusion"  # another row every element of an exclusion constraint's operators matches
    STATE_MACHINE = "state_machine"  # an UPDATE the state machine does not allow
    GENERATED_ALWAYS = "generated_always"  # an explicit value (INSERT or UPDATE) in an identity GENERATED ALWAYS
    UNKNOWN = "unknown"  # an engine error no classifier rule reads

    def __hash__(self) -> int:  # Enum hashes the member's name; a key of "check" must find CHECK
        return str.__hash__(self)

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


KINDS = tuple(k for k in VerdictKind if k is not VerdictKind.UNKNOWN)  # the kinds the oracle predicts

INT_RANGES = {  # the signed range of each integer kind; `ColumnType.int_range` adds unsigned
    Kind.TINYINT: (-2**7, 2**7 - 1),
    Kind.SMALLINT: (-2**15, 2**15 - 1),
    Kind.INTEGER: (-2**31, 2**31 - 1),
    Kind.BIGINT: (-2**63, 2**63 - 1),
}
FLOAT32_MAX = 3.4028234663852886e38  # the largest finite IEEE 754 binary32 value
TIME_MAX = _dt.timedelta(hours=24)  # a time of day: 00:00:00 to 24:00:00
TIMETZ_OFFSET_MAX = _dt.timedelta(hours=15, minutes=59, seconds=59)  # PostgreSQL's timetz displacement limit
MYSQL_TIME_MAX = _dt.timedelta(hours=838, minutes=59, seconds=59)  # MY-TIME-RANGE
YEAR_RANGE = (1901, 2155)  # and 0
MYSQL_NUMERIC = decimal(65, 30)  # MY-NUMERIC
UTC = _dt.timezone.utc
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# -- type rules: one function per kind, each returning a violation kind or None ------------

def _is_text(v: Any) -> bool:
    if not isinstance(v, str) or "\x00" in v:
        return False
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def _uuid(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    return None if isinstance(v, str) and UUID_RE.fullmatch(v) else VerdictKind.TYPE


def _integer(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    if not isinstance(v, int) or isinstance(v, bool):
        return VerdictKind.TYPE
    lo, hi = ty.int_range
    if ty.unsigned and ty.kind is Kind.BIGINT and _quirk(Quirk.SIGNED_UNSIGNED64):
        hi = INT_RANGES[Kind.BIGINT][1]
    return None if lo <= v <= hi else VerdictKind.RANGE


def _varchar(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    if not _is_text(v):
        return VerdictKind.TYPE
    return VerdictKind.LENGTH if len(v.rstrip(" ")) > ty.max_length else None  # excess spaces are cut, not refused


class Quirk(str, enum.Enum):
    """How an engine stores or checks a value unlike the model, as one of its listed degradations
    says; `judged_as` makes the oracle judge as that engine does."""

    SPACES_KEPT = "spaces kept"  # a varchar value's excess spaces are kept, not cut (SL-VARCHARPAD)
    BINARY_UNPADDED = "binary unpadded"  # BINARY(n) stored as sent, not zero-padded (PG-/SL-BINARY-PAD)
    NAN_AS_NULL = "nan as null"  # a float NaN is stored as NULL (SL-NAN)
    NO_FLOAT_SPECIALS = "no float specials"  # NaN and +-Infinity are type violations (MY-FLOAT-SPECIAL)
    WIDE_TIME = "wide time"  # TIME holds -838:59:59..838:59:59 (MY-TIME-RANGE)
    NUMERIC_65_30 = "numeric(65,30)"  # an unbounded NUMERIC is DECIMAL(65,30) (MY-NUMERIC)
    SIGNED_UNSIGNED64 = "signed unsigned bigint"  # unsigned bigint held in a signed bigint (SL-/PG-UNSIGNED64)
    TIMETZ_UTC = "timetz in utc"  # a timetz is held as its UTC time, the offset dropped (MY-TIMETZ, SL-TIMETZ)
    INTERVAL_AS_TIME = "interval as time"  # an interval is a TIME: -838:59:59..838:59:59 (MY-INTERVAL)
    TWO_DIGIT_YEAR = "two-digit year"  # YEAR takes 1..69 as 2001..2069 and 70..99 as 1970..1999 (MY-YEAR)
    SET_AS_WRITTEN = "set as written"  # a SET value is kept as written, not normalised (PG-SET-ORDER, SL-SETFORM)
    REAL_AS_DOUBLE = "real as double"  # a REAL value is not rounded to binary32 (SL-REAL)
    FRACTION_KEPT = "fraction kept"  # fractional seconds past the precision are kept, not rounded (SL-FRACTION)


_QUIRKS: contextvars.ContextVar[frozenset] = contextvars.ContextVar("schemakit_oracle_quirks", default=frozenset())


@contextlib.contextmanager
def judged_as(*quirks: Quirk) -> Iterator[None]:
    """Judge, inside the block, as an engine with `quirks` does (each one a listed degradation's meaning)."""
    token = _QUIRKS.set(_QUIRKS.get() | frozenset(quirks))
    try:
        yield
    finally:
        _QUIRKS.reset(token)


def _quirk(q: Quirk) -> bool:
    return q in _QUIRKS.get()


def spaces_kept() -> contextlib.AbstractContextManager[None]:
    """Judge, inside the block, as an engine that keeps a varchar value's excess spaces instead of
    cutting them (SQLite): CHECKs, keys and foreign keys see the value as sent."""
    return judged_as(Quirk.SPACES_KEPT)


def cut_spaces(ty: ColumnType, v: Any) -> bool:
    """Whether storing `v` in a varchar column cuts excess characters that are all spaces."""
    return (not _quirk(Quirk.SPACES_KEPT) and ty.kind is Kind.VARCHAR and isinstance(v, str)
            and len(v) > ty.max_length and not v[ty.max_length:].strip(" "))


def assigned(ty: ColumnType, v: Any) -> Any:
    """`v` as a column of type `ty` stores it: a varchar value whose excess characters are all spaces
    cut to the length (PostgreSQL and the SQL standard), a char value without trailing blanks (they
    are not significant), a binary(n) value zero-padded to n, a real rounded to binary32, a set in
    its members' declared order without duplicates, a time or timestamp rounded to its
    fractional-second digits; anything else, and any value of the wrong type, as it is."""
    if v is None or (_quirk(Quirk.NAN_AS_NULL) and ty.kind in FLOAT_KINDS and is_nan(v)):
        return None
    store = _STORE.get(ty.kind)
    return v if store is None or value_problem(ty, v) is not None else store(ty, v)


def is_nan(v: Any) -> bool:
    """Whether `v` is a float NaN."""
    return isinstance(v, float) and math.isnan(v)


def _text(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    return None if _is_text(v) else VerdictKind.TYPE


def _float32(x: float) -> float:
    """`x` rounded to the nearest IEEE 754 binary32 value (ValueError beyond its range)."""
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        raise ValueError(f"{x!r} is beyond binary32") from None


def _float(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    """REAL and DOUBLE: a float or an int; NaN and +-Infinity are values. A REAL value above
    binary32's largest in magnitude, or one that rounds to zero (PostgreSQL: underflow), is out of range."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return VerdictKind.TYPE
    try:
        x = float(v)
    except OverflowError:  # an int beyond binary64
        return VerdictKind.RANGE
    if not math.isfinite(x):
        return VerdictKind.TYPE if _quirk(Quirk.NO_FLOAT_SPECIALS) else None
    if ty.kind is Kind.REAL and (abs(x) > FLOAT32_MAX or (x != 0 and _float32(x) == 0)):
        return VerdictKind.RANGE
    return None


def _binary(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    if not isinstance(v, bytes):
        return VerdictKind.TYPE
    return VerdictKind.LENGTH if ty.kind is not Kind.BYTES and len(v) > ty.max_length else None


def _time(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    """A naive `datetime.time`, or a `timedelta` from 0 to 24 hours (24:00:00 has no `time`)."""
    if isinstance(v, _dt.timedelta):
        top = MYSQL_TIME_MAX if _quirk(Quirk.WIDE_TIME) else TIME_MAX
        bottom = -top if _quirk(Quirk.WIDE_TIME) else _dt.timedelta(0)
        return None if bottom <= v <= top else VerdictKind.RANGE
    return None if isinstance(v, _dt.time) and v.tzinfo is None else VerdictKind.TYPE


def _timetz(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    """An aware `datetime.time` whose UTC offset is within PostgreSQL's +-15:59:59."""
    offset = v.utcoffset() if isinstance(v, _dt.time) else None
    if offset is None:
        return VerdictKind.TYPE
    return None if abs(offset) <= TIMETZ_OFFSET_MAX or _quirk(Quirk.TIMETZ_UTC) else VerdictKind.RANGE


def _interval(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    if not isinstance(v, _dt.timedelta):
        return VerdictKind.TYPE
    return VerdictKind.RANGE if _quirk(Quirk.INTERVAL_AS_TIME) and abs(v) > MYSQL_TIME_MAX else None


def _year(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    if not isinstance(v, int) or isinstance(v, bool):
        return VerdictKind.TYPE
    if _quirk(Quirk.TWO_DIGIT_YEAR) and 1 <= v <= 99:
        return None
    return None if v == 0 or YEAR_RANGE[0] <= v <= YEAR_RANGE[1] else VerdictKind.RANGE


def set_members(v: str) -> list[str]:
    """The members a SET value names, as written (comma-separated; the empty string is the empty set)."""
    return v.split(",") if v else []


def _set(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    if not _is_text(v):
        return VerdictKind.TYPE
    return None if set(set_members(v)) <= set(ty.members) else VerdictKind.ENUM


def _boolean(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    return None if isinstance(v, bool) else VerdictKind.TYPE


def _timestamp(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    return None if isinstance(v, _dt.datetime) and v.tzinfo is None else VerdictKind.TYPE


def _timestamptz(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    if not isinstance(v, _dt.datetime) or v.utcoffset() is None:
        return VerdictKind.TYPE
    try:
        v.astimezone(UTC)
    except OverflowError:  # the UTC instant falls in year 0 or 10000
        return VerdictKind.RANGE
    return None


def _date(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    return None if isinstance(v, _dt.date) and not isinstance(v, _dt.datetime) else VerdictKind.TYPE


def round_decimal(v: Union[int, Decimal], scale: int, precision: int) -> Decimal:
    """`v` rounded to `scale` digits half away from zero; InvalidOperation past `precision`."""
    return Decimal(v).quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP,
                               context=Context(prec=precision + 2))


def _decimal(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
        return VerdictKind.TYPE
    if isinstance(v, Decimal) and not v.is_finite():
        return VerdictKind.TYPE
    if ty.precision is None:  # NUMERIC: any finite decimal
        if not _quirk(Quirk.NUMERIC_65_30):
            return None
        ty = MYSQL_NUMERIC
    precision, scale = ty.digits
    try:
        rounded = round_decimal(v, scale, precision)
    except InvalidOperation:
        return VerdictKind.RANGE
    limit = Decimal(10) ** (precision - scale)
    return None if rounded.copy_abs() < limit else VerdictKind.RANGE  # abs() would round to 28 digits


def reject_json_constant(name: str) -> Any:
    """A `json.loads` parse_constant that refuses NaN and the infinities (not JSON: RFC 8259)."""
    raise ValueError(f"{name} is not JSON")


def _json_strings_ok(value: Any) -> bool:
    """Whether every string of a decoded jsonb value is text jsonb can hold (no NUL, no lone surrogate)."""
    if isinstance(value, str):
        return _is_text(value)
    if isinstance(value, dict):
        return all(_json_strings_ok(k) and _json_strings_ok(x) for k, x in value.items())
    if isinstance(value, list):
        return all(_json_strings_ok(x) for x in value)
    return True


def _json(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    if not _is_text(v):
        return VerdictKind.TYPE
    try:
        value = json.loads(v, parse_constant=reject_json_constant)
    except (ValueError, RecursionError):
        return VerdictKind.JSON
    return None if ty.kind is Kind.JSON or _json_strings_ok(value) else VerdictKind.JSON


def _array(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    if not isinstance(v, list):
        return VerdictKind.TYPE
    return next((p for p in (value_problem(ty.item_type, x) for x in v if x is not None) if p), None)


def _enum(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    if not _is_text(v):
        return VerdictKind.TYPE
    return None if v in ty.enum_type.values else VerdictKind.ENUM


# Values of an engine's own types (a NATIVE column) the checks send, each in the form the engine prints it
# back, so that equal values are equal text: the oracle knows no more of such a type than these. On the
# engine it comes from each is valid; elsewhere the column is text (PG-NATIVE, MY-NATIVE, SL-NATIVE).
# Spellings as format_type() prints them (https://www.postgresql.org/docs/15/datatype.html).
NATIVE_EXAMPLES: dict[tuple[str, str], tuple[str, ...]] = {
    ("postgres", "inet"): ("127.0.0.1", "10.1.2.3/8", "::1"),
    ("postgres", "cidr"): ("10.0.0.0/8", "192.168.1.0/24"),
    ("postgres", "macaddr"): ("08:00:2b:01:02:03",),
    # ranges: some overlap, some only touch (adjacent, not overlapping), unbounded sides, empty (checks.ranges)
    ("postgres", "int4range"): ("[1,5)", "[3,4)", "[5,8)", "(,2)", "[7,)", "empty"),
    ("postgres", "int8range"): ("[1,5)", "[3,4)", "[5,8)", "(,2)", "[7,)", "empty"),
    ("postgres", "numrange"): ("[1.5,2.5]", "(2.5,3)", "[2.5,2.5]", "(,1.5)", "[3,)", "empty"),
    ("postgres", "daterange"): ("[2020-01-01,2020-02-01)", "[2020-01-15,2020-01-16)", "[2020-02-01,2020-03-01)",
                                "(,2020-01-02)", "[2020-02-15,)", "empty"),
    ("postgres", "tsrange"): ('["2020-01-01 00:00:00","2020-01-02 00:00:00")',
                              '["2020-01-02 00:00:00","2020-01-03 00:00:00")', '(,"2020-01-01 12:00:00"]', "empty"),
    ("postgres", "tstzrange"): ('["2020-01-01 00:00:00+00","2020-01-02 00:00:00+00")',
                                '["2020-01-02 00:00:00+00","2020-01-03 00:00:00+00")', '["2020-01-01 12:00:00+00",)',
                                "empty"),
    ("postgres", "tsvector"): ("'a' 'b'",),
    ("postgres", "point"): ("(1,2)",),
    # A loose SQLite column without a declared type stores a value as given, text as text, however
    # numeric it looks (https://www.sqlite.org/datatype3.html#determination_of_column_affinity).
    ("sqlite", ""): ("", "0", "007", "2.5", " 1e3 ", "x'00ff'", "é"),
}


def _native(ty: ColumnType, v: Any) -> Optional[VerdictKind]:
    """A value of an engine's own type: one of `NATIVE_EXAMPLES`, the only values the checks send."""
    return None if _is_text(v) else VerdictKind.TYPE


_TYPE_RULES: dict[Kind, Callable[[ColumnType, Any], Optional[VerdictKind]]] = {
    Kind.UUID: _uuid, **dict.fromkeys(INTEGER_KINDS, _integer),
    Kind.VARCHAR: _varchar, Kind.CHAR: _varchar, Kind.TEXT: _text, Kind.BOOLEAN: _boolean, Kind.TIMESTAMP: _timestamp,
    Kind.TIMESTAMPTZ: _timestamptz, Kind.DATE: _date, Kind.DECIMAL: _decimal, Kind.JSON: _json,
    Kind.JSONB: _json, Kind.ARRAY: _array, Kind.ENUM: _enum, **dict.fromkeys(FLOAT_KINDS, _float),
    Kind.BYTES: _binary, Kind.VARBINARY: _binary, Kind.BINARY: _binary, Kind.TIME: _time, Kind.TIMETZ: _timetz,
    Kind.INTERVAL: _interval, Kind.YEAR: _year, Kind.SET: _set, Kind.NATIVE: _native,
}


# -- values as stored (`assigned`): one function per kind whose stored value differs from the sent one --

def _cut(ty: ColumnType, v: str) -> str:
    return v[:ty.max_length] if cut_spaces(ty, v) else v


def _padded(ty: ColumnType, v: bytes) -> bytes:
    return v if _quirk(Quirk.BINARY_UNPADDED) else v.ljust(ty.max_length, b"\0")


def _stored_float(ty: ColumnType, v: Union[int, float]) -> float:
    x = float(v)
    return _float32(x) if ty.kind is Kind.REAL and math.isfinite(x) and not _quirk(Quirk.REAL_AS_DOUBLE) else x


def _set_value(ty: ColumnType, v: str) -> str:
    """MySQL's stored SET: the members named, in declared order, once each."""
    if _quirk(Quirk.SET_AS_WRITTEN):
        return v
    named = set(set_members(v))
    return ",".join(m for m in ty.members if m in named)


_MICRO = _dt.timedelta(microseconds=1)
PG_EPOCH = _dt.datetime(2000, 1, 1)  # PostgreSQL rounds a timestamp's microseconds from this instant


def _round_micros(us: int, digits: int) -> int:
    """`us` microseconds rounded to `digits` fractional digits, half away from zero (PostgreSQL's
    AdjustTimestampForTypmod and AdjustTimeForTypmod)."""
    scale = 10 ** (6 - digits)
    rounded = (abs(us) + scale // 2) // scale * scale
    return rounded if us >= 0 else -rounded


def _fraction(ty: ColumnType, v: Any) -> Any:
    """A time or timestamp rounded to its fractional-second digits; as sent where rounding leaves
    the type's range (23:59:59.9 in a timetz(0), 9999-12-31 23:59:59.9 in a timestamp(0))."""
    digits = ty.fraction_digits
    if digits >= 6 or _quirk(Quirk.FRACTION_KEPT):
        return v
    if isinstance(v, _dt.timedelta):
        return _dt.timedelta(microseconds=_round_micros(v // _MICRO, digits))
    if isinstance(v, _dt.time):
        us = ((v.hour * 60 + v.minute) * 60 + v.second) * 10**6 + v.microsecond
        rounded = _dt.timedelta(microseconds=_round_micros(us, digits))
        if rounded < TIME_MAX:
            return (_dt.datetime.min + rounded).time().replace(tzinfo=v.tzinfo)
        return rounded if v.tzinfo is None else v  # a naive 24:00:00 is a value, an aware one is not modelled
    epoch = PG_EPOCH.replace(tzinfo=UTC) if v.tzinfo else PG_EPOCH
    try:
        out = epoch + _dt.timedelta(microseconds=_round_micros((v - epoch) // _MICRO, digits))
        return out.astimezone(v.tzinfo) if v.tzinfo else out
    except OverflowError:
        return v


def _timetz_value(ty: ColumnType, v: _dt.time) -> _dt.time:
    v = _fraction(ty, v)
    if not _quirk(Quirk.TIMETZ_UTC) or not isinstance(v, _dt.time):
        return v
    utc = _dt.datetime.combine(_dt.date(2000, 1, 1), v.replace(tzinfo=None)) - (v.utcoffset() or _dt.timedelta(0))
    return utc.time().replace(tzinfo=UTC)


def _year_value(ty: ColumnType, v: int) -> int:
    if _quirk(Quirk.TWO_DIGIT_YEAR) and 1 <= v <= 99:
        return v + (2000 if v < 70 else 1900)
    return v


_STORE: dict[Kind, Callable[[ColumnType, Any], Any]] = {
    Kind.VARCHAR: _cut, Kind.CHAR: lambda ty, v: v.rstrip(" "), Kind.BINARY: _padded,
    **dict.fromkeys(FLOAT_KINDS, _stored_float), Kind.SET: _set_value, **dict.fromkeys(FRACTIONAL_KINDS, _fraction),
    Kind.TIMETZ: _timetz_value, Kind.YEAR: _year_value,
}


def value_problem(ty: ColumnType, value: Any) -> Optional[VerdictKind]:
    """The violation kind (TYPE, LENGTH, RANGE, ENUM or JSON) of a non-NULL value, or None."""
    return _TYPE_RULES[ty.kind](ty, value)
