"""What every object named inside a namespace shares: its key and its qualified name."""
from __future__ import annotations

from typing import Optional


class InNamespace:
    """Mixin of a model object named `name` in `namespace` (None: the default one)."""

    name: str
    namespace: Optional[str]

    @property
    def key(self) -> tuple[Optional[str], str]:
        """(namespace, name): the object's identity among those of its kind in a Schema."""
        return (self.namespace, self.name)

    @property
    def qualified(self) -> str:
        """namespace.name, or the name in the default namespace."""
        return f"{self.namespace}.{self.name}" if self.namespace else self.name


class OnTable:
    """Mixin of a model object named `name` on table `table` of `namespace` (a trigger, a policy)."""

    name: str
    table: str
    namespace: Optional[str]

    @property
    def key(self) -> tuple[Optional[str], str, str]:
        """(namespace, table, name): the object's identity among those of its kind in a Schema."""
        return (self.namespace, self.table, self.name)

    @property
    def table_key(self) -> tuple[Optional[str], str]:
        """(namespace, table) of the table the object is on."""
        return (self.namespace, self.table)

    @property
    def qualified(self) -> str:
        """namespace.table.name, or table.name."""
        return f"{self.namespace}.{self.table}.{self.name}" if self.namespace else f"{self.table}.{self.name}"
