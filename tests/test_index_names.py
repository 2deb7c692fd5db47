"""Index names MySQL scopes per table and PostgreSQL and SQLite per schema (issue #14): a model imported
from MariaDB may have the same index name on two tables; PostgreSQL and SQLite rename the later one when
they render it (dialects/index_names.py) and report it (PG-INDEXNAME, SL-INDEXNAME)."""
from __future__ import annotations

from pathlib import Path

import pytest

from schemakit import dialects
from schemakit.dialects.index_names import index_renames, renamed
from schemakit.inspect import read_ddl
from schemakit.schema.build import check, col, index, table
from schemakit.schema.model import INTEGER, Schema
from tests import roundtrip
from tests.conftest import require_server
from tests.data.index_names_cases import CASES


def _schema(tables) -> Schema:
    return Schema(tuple(
        table(name, col("id", INTEGER, null=False), *(index(i, "id") for i in indexes),
              *(check(c, "id > 0") for c in checks), pk="id", namespace=ns)
        for name, indexes, checks, ns in tables))


@pytest.mark.parametrize("tables,limit,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_index_renames(tables, limit, expected):
    schema = _schema(tables)
    renames = index_renames(schema, limit)
    assert renames == expected
    assert all(len(new.encode()) <= limit for new in renames.values())
    after = renamed(schema, renames)
    for ns in {t.namespace for t in after.tables}:
        names = [t.name for t in after.tables if t.namespace == ns]
        names += [n for t in after.tables if t.namespace == ns for n in t.constraint_names()]
        assert len(names) == len(set(names)), names
    assert index_renames(after, limit) == {}  # stable: nothing left to rename


DDL = """
CREATE TABLE customer (id INT NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL, KEY idx_name (name));
CREATE TABLE product (id INT NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL, KEY idx_name (name),
  KEY product_idx_name (id, name));
"""


RENAMED = {"postgres": "PG-INDEXNAME", "sqlite": "SL-INDEXNAME", "mariadb": None}


@pytest.mark.parametrize("engine", sorted(RENAMED))
def test_a_mariadb_schema_with_an_index_name_on_two_tables_ports(engine, tmp_path, fresh_url):
    """inspect --ddl of MariaDB keeps idx_name on both tables (MariaDB scopes it per table); rendered for
    PostgreSQL or SQLite it applies with no error, the later one renamed, reported, and drift is clean;
    MariaDB's own round trip keeps both names."""
    code = RENAMED[engine]
    require_server("mariadb")
    script = tmp_path / "shop.sql"
    script.write_text(DDL)
    found = read_ddl(Path(script), "mariadb")
    assert found.skipped == ()
    schema = found.schema
    assert [[i.name for i in t.indexes] for t in schema.tables] == [["idx_name"], ["idx_name", "product_idx_name"]]
    d = dialects.get(engine)
    lowered = d.lower(schema)
    assert [(g.code, g.table, g.subject) for g in lowered.degradations if "INDEXNAME" in g.code] == (
        [(code, "product", "idx_name")] if code else [])
    assert [[i.name for i in t.indexes] for t in lowered.schema.tables] == [
        ["idx_name"], ["product_idx_name_2" if code else "idx_name", "product_idx_name"]]
    url = fresh_url(engine)
    statements, _ = d.ddl(schema)
    roundtrip.run_native(engine, url, d.script(statements))
    assert roundtrip.differences(engine, schema, roundtrip.introspected(engine, url, schema)) == []
