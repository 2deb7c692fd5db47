"""Index names where an engine scopes them per namespace.

MySQL and MariaDB scope an index name per table: two tables may each have an index ``idx_name``
(https://mariadb.com/kb/en/create-index/). The model scopes them so too. PostgreSQL and SQLite scope
them per schema, beside the tables: an index is a relation of the schema in PostgreSQL
(https://www.postgresql.org/docs/15/sql-createindex.html, "name": "no schema name can be included here;
the index is always created in the same schema as its parent table"), and an index name is unique in
its database among tables, indexes, views and triggers in SQLite
(https://www.sqlite.org/lang_createindex.html). There the second ``CREATE INDEX idx_name`` would fail, so
their lowering renames it (`index_renames`, `renamed`) and reports each rename as a degradation.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Mapping, Optional

from schemakit.schema.model import Schema

Renames = dict[tuple[str, str], str]  # (qualified table, index name) -> the name the engine holds


def fit(name: str, limit: int) -> str:
    """`name`, or, when its UTF-8 form is longer than `limit` bytes, a prefix of it plus ``_`` and an
    8-hex hash of the whole name (stable: the same name always gives the same result)."""
    data = name.encode()
    if len(data) <= limit:
        return name
    digest = hashlib.sha1(data).hexdigest()[:8]
    prefix = data[:limit - len(digest) - 1].decode(errors="ignore")  # never half a character
    return f"{prefix}_{digest}"


def index_renames(schema: Schema, limit: int) -> Renames:
    """The index names to change so that every name is unique in its namespace (an engine of `limit`
    bytes per identifier): {(qualified table, index name): new name}.

    Deterministic: tables in schema order, indexes in table order. The first index of a name keeps it;
    a later one of the same name, or one named as a table or as a constraint of the namespace, becomes
    ``<table>_<name>`` (then ``<table>_<name>_2``, ...), cut to `limit` bytes with a hash (`fit`), never
    a name of the namespace's tables, constraints or indexes. Pure: the schema is not changed (`renamed`).
    """
    fixed: dict[Optional[str], set[str]] = {}  # table and constraint names: they keep theirs
    indexes: dict[Optional[str], set[str]] = {}  # every index name the model spells
    for t in schema.tables:
        fixed.setdefault(t.namespace, set()).add(t.name)
        fixed[t.namespace].update(x.name for group in (t.foreign_keys, t.uniques, t.checks, t.state_machines)
                                  for x in group)
        indexes.setdefault(t.namespace, set()).update(i.name for i in t.indexes)
    given: dict[Optional[str], set[str]] = {}  # index names given out so far
    out: Renames = {}
    for t in schema.tables:
        keep, mine, spelled = fixed[t.namespace], given.setdefault(t.namespace, set()), indexes[t.namespace]
        for i in t.indexes:
            if i.name not in keep and i.name not in mine:
                mine.add(i.name)
                continue
            new, n = fit(f"{t.name}_{i.name}", limit), 2
            while new in keep or new in mine or new in spelled:
                new, n = fit(f"{t.name}_{i.name}_{n}", limit), n + 1
            mine.add(new)
            out[(t.qualified, i.name)] = new
    return out


def renamed(schema: Schema, renames: Mapping[tuple[str, str], str]) -> Schema:
    """`schema` with the indexes `renames` names (see `index_renames`) under their new names."""
    if not renames:
        return schema
    return replace(schema, tables=tuple(
        replace(t, indexes=tuple(replace(i, name=renames.get((t.qualified, i.name), i.name)) for i in t.indexes))
        for t in schema.tables))
