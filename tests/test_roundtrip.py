"""Round trip on the real engines: render, apply, introspect, compare.

For every catalog system and every engine, the rendered DDL runs with zero
errors through the engine's native client (psql -v ON_ERROR_STOP=1, mariadb,
sqlite3) into a fresh database, and reading that database back gives the
model exactly, except for the listed degradations.
"""
from __future__ import annotations

import pytest

from schemakit import dialects
from schemakit.schema import catalog
from tests import roundtrip

SYSTEMS = ["prismq", "scenes", "cyoa", "contentgen", "scriptpal"]


@pytest.mark.parametrize("system", SYSTEMS)
def test_native_client_then_introspect(engine, system, fresh_url):
    d = dialects.get(engine)
    tenants = roundtrip.tenants_for(system)
    schema = catalog.load(system, tenants=tenants)
    url = fresh_url(engine)
    statements, _ = d.ddl(schema)
    try:
        roundtrip.run_native(engine, url, d.script(statements))
        live = roundtrip.introspected(engine, url, schema)
        assert roundtrip.differences(engine, schema, live) == []
    finally:
        d.drop_namespaces(url, schema.namespaces)


@pytest.mark.parametrize("system", SYSTEMS)
def test_apply_through_driver_then_introspect(engine, system, fresh_url):
    d = dialects.get(engine)
    tenants = roundtrip.tenants_for(system)
    schema = catalog.load(system, tenants=tenants)
    url = fresh_url(engine)
    statements, _ = d.ddl(schema)
    conn = d.connect(url)
    try:
        d.apply(conn, statements)
        live = d.introspect(conn, (None,) + schema.namespaces)
        assert roundtrip.differences(engine, schema, live) == []
    finally:
        conn.close()
        d.drop_namespaces(url, schema.namespaces)


@pytest.mark.parametrize("system", SYSTEMS)
def test_render_is_deterministic(engine, system):
    d = dialects.get(engine)
    schema = catalog.load(system)
    first = d.script(d.ddl(schema)[0])
    assert first == d.script(d.ddl(catalog.load(system))[0])
    assert first.strip()
