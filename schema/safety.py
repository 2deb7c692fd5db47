"""Which typed changes destroy data, and why.

`makemigrations` refuses a plan containing any of these unless the user
explicitly allows destructive changes.
"""
from __future__ import annotations

from typing import Optional

from .diff import AlterColumn, AlterEnum, Change, ChangeKind, DropColumn, DropEnum, DropTable
from .model import ColumnType, Kind

_WIDTH = {Kind.SMALLINT: 1, Kind.INTEGER: 2, Kind.BIGINT: 3}


def narrows(old: ColumnType, new: ColumnType) -> bool:
    """Whether some value of `old` does not fit `new` (a narrowing type change)."""
    if old == new:
        return False
    if old.kind in _WIDTH and new.kind in _WIDTH:
        return _WIDTH[new.kind] < _WIDTH[old.kind]
    if old.kind is Kind.VARCHAR and new.kind is Kind.VARCHAR:
        return (new.length or 0) < (old.length or 0)
    if old.kind in (Kind.VARCHAR, Kind.TEXT) and new.kind is Kind.TEXT:
        return False
    if old.kind is Kind.DECIMAL and new.kind is Kind.DECIMAL:
        (old_p, old_s), (new_p, new_s) = old.digits, new.digits
        return new_s < old_s or new_p - new_s < old_p - old_s
    if old.kind is Kind.ENUM and new.kind is Kind.ENUM:
        return not set(old.enum_type.values) <= set(new.enum_type.values)
    return True  # any other change of type family may not convert every value


def destructive_reason(change: Change) -> Optional[str]:
    """Why `change` can lose data, or None when it cannot."""
    if isinstance(change, DropTable):
        return f"drops table {change.table.qualified} and its rows"
    if isinstance(change, DropColumn):
        return f"drops column {change.column.name} and its values"
    if isinstance(change, (DropEnum, AlterEnum)):
        return f"{change.describe()}: rows holding a removed value would be lost"
    if isinstance(change, AlterColumn) and change.kind is ChangeKind.TYPE and narrows(change.old.type, change.new.type):
        return f"narrows {change.new.name} from {change.old.type} to {change.new.type}"
    return None
