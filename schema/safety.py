"""Which typed changes destroy data, and why.

`makemigrations` refuses a plan containing any of these unless the user
explicitly allows destructive changes.
"""
from __future__ import annotations

from typing import Optional

from .code_diff import DropSequence
from .diff import AlterColumn, AlterEnum, Change, ChangeKind, DropColumn, DropEnum, DropTable
from .model import BINARY_KINDS, INTEGER_KINDS, ColumnType, Kind

_FLOAT_WIDTH = {Kind.REAL: 1, Kind.DOUBLE: 2}
_TEXT_WIDTH = {Kind.CHAR: 1, Kind.VARCHAR: 2, Kind.TEXT: 3}


def narrows(old: ColumnType, new: ColumnType) -> bool:
    """Whether some value of `old` does not fit `new` (a narrowing type change)."""
    if old == new:
        return False
    if old.kind in INTEGER_KINDS and new.kind in INTEGER_KINDS:
        (old_lo, old_hi), (new_lo, new_hi) = old.int_range, new.int_range
        return new_lo > old_lo or new_hi < old_hi
    if old.kind in _FLOAT_WIDTH and new.kind in _FLOAT_WIDTH:
        return _FLOAT_WIDTH[new.kind] < _FLOAT_WIDTH[old.kind]
    if old.kind in _TEXT_WIDTH and new.kind in _TEXT_WIDTH:
        if new.kind is Kind.TEXT:
            return False
        return _TEXT_WIDTH[new.kind] < _TEXT_WIDTH[old.kind] or new.max_length < old.max_length
    if old.kind in BINARY_KINDS and new.kind in BINARY_KINDS:
        return new.kind is not Kind.BYTES and (old.kind is Kind.BYTES or new.max_length < old.max_length)
    if old.kind in (Kind.TIMESTAMP, Kind.TIMESTAMPTZ, Kind.TIME) and new.kind is old.kind:
        return new.fraction_digits < old.fraction_digits
    if old.kind is Kind.DECIMAL and new.kind is Kind.DECIMAL:
        if new.precision is None:
            return False  # an unbounded numeric holds every decimal
        if old.precision is None:
            return True
        (old_p, old_s), (new_p, new_s) = old.digits, new.digits
        return new_s < old_s or new_p - new_s < old_p - old_s
    if old.kind in (Kind.ENUM, Kind.SET) and new.kind is old.kind:
        return not set(old.members) <= set(new.members)
    return True  # any other change of type family may not convert every value


def destructive_reason(change: Change) -> Optional[str]:
    """Why `change` can lose data, or None when it cannot."""
    if isinstance(change, DropTable):
        return f"drops table {change.table.qualified} and its rows"
    if isinstance(change, DropColumn):
        return f"drops column {change.column.name} and its values"
    if isinstance(change, DropSequence):  # its rollback creates it again at its start
        return f"drops sequence {change.sequence.qualified} and the value it has reached"
    if isinstance(change, (DropEnum, AlterEnum)):
        return f"{change.describe()}: rows holding a removed value would be lost"
    if isinstance(change, AlterColumn) and change.kind is ChangeKind.TYPE and narrows(change.old.type, change.new.type):
        return f"narrows {change.new.name} from {change.old.type} to {change.new.type}"
    return None
