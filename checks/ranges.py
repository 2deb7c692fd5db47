"""PostgreSQL's built-in range types, as the oracle judges them: read a range literal, decide overlap.

One job: the meaning of a range value, for the ``&&`` (and ``=``) of an exclusion
constraint over a ``native("<range type>", "postgres")`` column
(https://www.postgresql.org/docs/15/rangetypes.html):

- a literal is ``empty`` (any case) or ``[`` / ``(``, a lower bound, ``,``, an
  upper bound, ``]`` / ``)``, with whitespace around it; a side left out is
  unbounded (and then exclusive); a bound may be double-quoted (``""`` and a
  backslash escape a character); ``"infinity"`` and other special values are
  not modelled (RangeError);
- the lower bound must not exceed the upper (PostgreSQL refuses the literal);
  equal bounds not both inclusive make the empty range;
- the discrete types (int4range, int8range, daterange) are canonical ``[)``: an
  exclusive lower bound moves up one step, an inclusive upper bound too, and a
  range whose bounds then meet is empty ('[3,3]' is '[3,4)', '(3,4)' is empty);
- ``&&``: the empty range overlaps nothing; two ranges overlap when neither
  ends before the other begins (a shared bound counts when both include it).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Optional

from schemakit.schema.model import ColumnType, Kind


class RangeError(ValueError):
    """A range literal the oracle cannot read (malformed, bounds out of order, a special value)."""


def _timestamp(text: str, aware: bool) -> _dt.datetime:
    if re.search(r"[+-]\d\d$", text):  # PostgreSQL prints a whole-hour offset as +00
        text += ":00"
    v = _dt.datetime.fromisoformat(text)
    if aware:  # a value without an offset is in the session time zone, UTC for the checks
        return (v if v.tzinfo else v.replace(tzinfo=_dt.timezone.utc)).astimezone(_dt.timezone.utc)
    if v.tzinfo is not None:  # tsrange ignores an offset (https://www.postgresql.org/docs/15/datatype-datetime.html)
        return v.replace(tzinfo=None)
    return v


# range type -> (read one bound, the next value of a discrete subtype or None)
SUBTYPES: dict[str, tuple[Callable[[str], Any], Optional[Callable[[Any], Any]]]] = {
    "int4range": (int, lambda v: v + 1),
    "int8range": (int, lambda v: v + 1),
    "numrange": (Decimal, None),
    "daterange": (_dt.date.fromisoformat, lambda v: v + _dt.timedelta(days=1)),
    "tsrange": (lambda t: _timestamp(t, False), None),
    "tstzrange": (lambda t: _timestamp(t, True), None),
}
SPECIAL = ("infinity", "-infinity", "nan", "epoch", "now", "today", "tomorrow", "yesterday", "allballs")


def range_type(ty: ColumnType) -> Optional[str]:
    """The built-in range type a column type is (``native("tstzrange", "postgres")``), or None."""
    if ty.kind is not Kind.NATIVE or (ty.origin or "") != "postgres":
        return None
    name = (ty.native or "").strip().lower()
    return name if name in SUBTYPES else None


@dataclass(frozen=True)
class Range:
    """A non-empty range (`empty` False) with its bounds (None: unbounded), or the empty range."""

    lower: Any = None
    upper: Any = None
    lower_inc: bool = False
    upper_inc: bool = False
    empty: bool = False


EMPTY = Range(empty=True)
_EMPTY_TEXT = re.compile(r"\s*empty\s*$", re.I)


def _bound(text: str, i: int, stops: str) -> tuple[Optional[str], int]:
    """One bound from `text` at `i`: (its text, or None when left out; the index after it)."""
    out, quoted, seen = [], False, False
    while i < len(text) and (quoted or text[i] not in stops):
        ch = text[i]
        seen = True
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if ch == '"':
            if quoted and i + 1 < len(text) and text[i + 1] == '"':
                out.append('"')
                i += 2
                continue
            quoted = not quoted
        else:
            out.append(ch)
        i += 1
    if quoted:
        raise RangeError(f"range literal {text!r}: unterminated quote")
    return ("".join(out) if seen else None), i


def parse(type_name: str, text: str) -> Range:
    """`text`, a literal of range type `type_name`, as PostgreSQL reads it (canonical for a discrete type)."""
    if type_name not in SUBTYPES:
        raise RangeError(f"{type_name} is not a built-in range type the oracle models")
    if not isinstance(text, str):
        raise RangeError(f"a {type_name} value must be text, not {type(text).__name__}")
    if _EMPTY_TEXT.match(text):
        return EMPTY
    s = text.strip()
    if len(s) < 3 or s[0] not in "[(":
        raise RangeError(f"malformed range literal {text!r}")
    lower_text, i = _bound(s, 1, ",")
    if i >= len(s) or s[i] != ",":
        raise RangeError(f"malformed range literal {text!r}")
    upper_text, j = _bound(s, i + 1, ")]")
    if j != len(s) - 1:
        raise RangeError(f"malformed range literal {text!r}")
    read, _ = SUBTYPES[type_name]
    lower, upper = (_value(type_name, read, b, text) for b in (lower_text, upper_text))
    return make(type_name, lower, upper, s[0] == "[" and lower is not None, s[-1] == "]" and upper is not None)


def _value(type_name: str, read: Callable[[str], Any], bound: Optional[str], text: str) -> Any:
    if bound is None:
        return None
    if bound.strip().lower() in SPECIAL:
        raise RangeError(f"range literal {text!r}: the special value {bound.strip()!r} is not modelled")
    try:
        return read(bound.strip())
    except (ValueError, InvalidOperation) as e:
        raise RangeError(f"range literal {text!r}: {bound!r} is not a {type_name} bound") from e


def make(type_name: str, lower: Any, upper: Any, lower_inc: bool, upper_inc: bool) -> Range:
    """The range of these bounds (None: unbounded), as PostgreSQL makes it: RangeError for a lower bound
    above the upper, empty for equal bounds not both inclusive, canonical ``[)`` for a discrete type."""
    lower_inc, upper_inc = lower_inc and lower is not None, upper_inc and upper is not None
    if lower is not None and upper is not None:
        if lower > upper:
            raise RangeError(f"{type_name}: range lower bound must be less than or equal to range upper bound")
        if lower == upper and not (lower_inc and upper_inc):
            return EMPTY
    step = SUBTYPES[type_name][1]
    if step is not None:
        if lower is not None and not lower_inc:
            lower, lower_inc = step(lower), True
        if upper is not None and upper_inc:
            upper, upper_inc = step(upper), False
        if lower is not None and upper is not None and lower >= upper:
            return EMPTY
    return Range(lower, upper, lower_inc, upper_inc)


def _ends_before(a: Range, b: Range) -> bool:
    """Whether every point of `a` lies below every point of `b` (both non-empty)."""
    if a.upper is None or b.lower is None:
        return False
    return a.upper < b.lower or (a.upper == b.lower and not (a.upper_inc and b.lower_inc))


def overlaps(a: Range, b: Range) -> bool:
    """PostgreSQL's ``a && b``: a point in both; the empty range overlaps nothing."""
    if a.empty or b.empty:
        return False
    return not _ends_before(a, b) and not _ends_before(b, a)


def operator_of(type_name: str, op: str) -> Optional[Callable[[Any, Any], bool]]:
    """``&&``, ``=`` or ``<>`` (``!=``) between two literals of range type `type_name`; None for
    another operator (not modelled)."""
    def read(v: Any) -> Range:
        return parse(type_name, v)
    if op == "&&":
        return lambda a, b: overlaps(read(a), read(b))
    if op == "=":
        return lambda a, b: read(a) == read(b)
    if op in ("<>", "!="):
        return lambda a, b: read(a) != read(b)
    return None
