"""Round trip on the real engines: render, apply, introspect, compare; and the model against its lowering.

For every catalog system and every engine, the rendered DDL runs with zero
errors through the engine's native client (psql -v ON_ERROR_STOP=1, mariadb,
sqlite3) into a fresh database, and reading that database back gives the
lowered model exactly. The lowering itself is held to its degradations with no
server (`roundtrip.unlisted_changes`, `roundtrip.unseen_degradations`): every
difference between the model and ``lower(model)`` is a listed degradation on
the same table and subject whose category changes the schema, and every such
degradation is a difference; so together the model and the live database
differ exactly by the listed degradations.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from schemakit import dialects
from schemakit.dialects.base import Degradation, DegradationCategory
from schemakit.schema import catalog
from schemakit.schema.validate import validate
from tests import roundtrip
from tests.data import roundtrip_cases as cases
from tests.data import options_corpus, types_corpus

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


# -- the model against its lowering: no server -----------------------------------------------------

@pytest.mark.parametrize("system", SYSTEMS)
def test_the_lowering_lists_every_change_it_makes(engine, system):
    schema = catalog.load(system)
    lowered = dialects.get(engine).lower(schema)
    assert roundtrip.unlisted_changes(schema, lowered) == []
    assert roundtrip.unseen_degradations(schema, lowered) == []


def _expected_codes(engine: str) -> set:
    d = dialects.get(engine)
    return cases.CODES[engine if engine in cases.CODES or d.variant_of is None else d.variant_of]


def test_the_lowering_lists_every_change_it_makes_to_the_edge_cases(engine):
    """tests/data/roundtrip_cases.py: what the catalog does not lower (text keys, prefixes, SET DEFAULT, ...)."""
    schema = validate(cases.LOWERINGS)
    lowered = dialects.get(engine).lower(schema)
    assert roundtrip.unlisted_changes(schema, lowered) == []
    assert roundtrip.unseen_degradations(schema, lowered) == []
    assert {(g.code, g.table, g.subject) for g in lowered.degradations
            if g.category.changes_schema} == _expected_codes(engine)


@pytest.mark.parametrize("engine", sorted(cases.ENGINE_LOWERINGS))
def test_the_lowering_lists_every_change_it_makes_to_an_engines_own_cases(engine):
    """tests/data/roundtrip_cases.py ENGINE_LOWERINGS: what only one engine changes."""
    schema, codes = cases.ENGINE_LOWERINGS[engine]
    lowered = dialects.get(engine).lower(validate(schema))
    assert roundtrip.unlisted_changes(schema, lowered) == []
    assert roundtrip.unseen_degradations(schema, lowered) == []
    assert {(g.code, g.table, g.subject) for g in lowered.degradations if g.category.changes_schema} == codes


def test_every_code_that_changes_the_schema_is_held_to_a_difference(engine):
    """Between the catalog, the edge cases and the types and options corpora (tests/test_types.py,
    tests/test_options.py), the model-level round trip sees every such code of the engine."""
    d = dialects.get(engine)
    seen = {g.code for s in [validate(cases.LOWERINGS), types_corpus.SCHEMA, options_corpus.SCHEMA]
            + [catalog.load(n) for n in SYSTEMS]
            for g in d.lower(s).degradations}
    wanted = {code for code, row in d.degradations.items() if row.category.changes_schema}
    own = cases.ENGINE_LOWERINGS.get(engine) or cases.ENGINE_LOWERINGS.get(d.variant_of or engine)
    seen |= {g.code for g in d.lower(validate(own[0])).degradations} if own else set()
    assert wanted - seen == set(), f"{engine}: no schema lowers with these codes: add one to roundtrip_cases"


# -- the comparison fails where it must -------------------------------------------------------------

def test_a_change_the_lowering_does_not_list_is_reported():
    schema = catalog.load("scenes")
    lowered = dialects.get("mysql").lower(schema)
    silent = replace(lowered, degradations=tuple(g for g in lowered.degradations if g.code != "MY-PARTIAL"))
    found = roundtrip.unlisted_changes(schema, silent)
    assert len(found) == 8 and found[0] == ("drop index idx_ideas_status on ideas: changed, and no listed "
                                            "degradation of ideas.idx_ideas_status says so (weakened/approximated)")
    ideas = lowered.schema.table("ideas")  # its last column, updated_at, is MY-TZ: changed, not removed
    dropped = replace(lowered, schema=lowered.schema.replace_table(replace(ideas, columns=ideas.columns[:-1])))
    assert roundtrip.unlisted_changes(schema, dropped) == [
        "drop column ideas.updated_at: removed, and no listed degradation of ideas.updated_at says so (dropped)"]


def test_a_listed_degradation_with_no_difference_is_reported_unless_behaviour_only():
    schema = catalog.load("scenes")
    lowered = dialects.get("sqlite").lower(schema)
    kept = replace(lowered, schema=schema)  # every degradation listed, nothing lowered
    unseen = roundtrip.unseen_degradations(schema, kept)
    assert {g.split("]")[0][1:] for g in unseen} == {"SL-TZ", "SL-JSONB", "SL-ARRAY", "SL-GIN", "SL-PARTITION"}
    assert not any("SL-NOWMS" in g or "SL-TEXTFORM" in g for g in unseen)  # behaviour: no schema element


def test_a_difference_needs_a_degradation_whose_category_changes_the_schema():
    schema = catalog.load("cyoa")
    lowered = dialects.get("mysql").lower(schema)
    as_behaviour = tuple(replace(g, category=DegradationCategory.BEHAVIOUR) if g.code == "MY-TZ" else g
                         for g in lowered.degradations)
    assert all(isinstance(g, Degradation) for g in as_behaviour)
    assert len(roundtrip.unlisted_changes(schema, replace(lowered, degradations=as_behaviour))) == 3


def test_every_category_that_changes_the_schema_shows_as_a_difference():
    assert set(roundtrip.SHOWS_AS) == {c for c in DegradationCategory if c.changes_schema}
