"""Views as schema objects (issue #15, schema/views.py), on the real engines.

1. One portable model (a join, WHERE and GROUP BY; a view over it; a PostgreSQL materialized view over
   that) is rendered and created on PostgreSQL, MariaDB and SQLite, and each view returns the same rows
   for the same data (tests/data/views_cases.py).
2. The inspect round trip per engine: inspect -> model -> DDL for the same engine -> a fresh database ->
   inspect again gives the same views (a view over a view; PostgreSQL: a materialized view).
3. Drift: the model's views, created as rendered, compare equal with what each engine stored (the same
   view written twice); a view edited by hand in the database is reported by name.
4. A hostile view name (quotes, a backtick, a semicolon) is created, read back and dropped by a plan.
The differential cases (a body changed, a view added or dropped, a column under a view dropped or
retyped) are in tests/differential/<engine>/views.sql.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from schemakit import dialects, view
from schemakit.dialects.base import PlanError, Statement
from schemakit.inspect import read_database
from schemakit.schema.diff import diff, drift_lines
from schemakit.schema.model import Schema
from schemakit.schema.view_diff import CreateView, DropView, ReplaceView
from tests.data import views_cases as cases

ENGINES = ("postgres", "mariadb", "sqlite")


def _created(engine: str, fresh_url, schema: Schema):
    """(dialect, url, open connection) of a fresh database holding `schema` as rendered."""
    d = dialects.get(engine)
    url = fresh_url(engine)
    conn = d.connect(url)
    statements, _ = d.ddl(schema)
    d.apply(conn, statements)
    return d, url, conn


def _rows(d, conn, sql: str) -> list[tuple]:
    cur = conn.cursor()
    cur.execute(sql)
    return [tuple(int(x) if isinstance(x, (int, float)) or type(x).__name__ == "Decimal" else x for x in row)
            for row in cur.fetchall()]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_portable_view_returns_the_same_rows_on_every_engine(engine, fresh_url):
    d, _, conn = _created(engine, fresh_url, cases.PORTABLE)
    try:
        inserts = [Statement(f"INSERT INTO {d.quote(t)} VALUES ({', '.join(d.literal(v) for v in row)})")
                   for t, rows in cases.ROWS.items() for row in rows]
        if engine == "postgres":  # a materialized view holds the rows of its last refresh
            inserts.append(Statement("REFRESH MATERIALIZED VIEW grand_total"))
        d.apply(conn, inserts)
        found = [(name, _rows(d, conn, f"SELECT * FROM {d.quote(name)} ORDER BY {order}"))
                 for name, order, _ in cases.EXPECTED]
    finally:
        conn.close()
    assert found == [(name, rows) for name, _, rows in cases.EXPECTED]


def test_the_lowering_names_what_an_engine_cannot_hold():
    lowered = dialects.get("sqlite").lower(cases.PORTABLE)
    assert [g.code for g in lowered.degradations if "VIEW" in g.code] == ["SL-MATVIEW"]
    assert [v.name for v in lowered.schema.views] == ["grand_total", "region_spend", "spend"]
    assert not any(v.materialized for v in lowered.schema.views)
    assert [v.name for v in dialects.get("postgres").lower(cases.PORTABLE).schema.views if v.materialized] \
        == ["grand_total"]


@pytest.mark.parametrize("engine", ["mariadb", "sqlite"])
def test_a_body_sqlglot_cannot_render_asks_for_an_explicit_body_or_absent(engine):
    d = dialects.get(engine)
    odd = view("sample", "SELECT id FROM customer TABLESAMPLE SYSTEM (10)")
    with pytest.raises(PlanError, match=r"view sample: .*explicit body .* or absent"):
        d.lower(replace(cases.PORTABLE, views=(odd,)))
    explicit = replace(odd, bodies=((engine, "SELECT id FROM customer"),))
    assert d.lower(replace(cases.PORTABLE, views=(explicit,))).schema.views[0].body == "SELECT id FROM customer"
    gone = d.lower(replace(cases.PORTABLE, views=(replace(odd, absent=(engine,)),)))
    assert gone.schema.views == () and any(g.code.endswith("-VIEWABSENT") for g in gone.degradations)


def test_views_are_created_after_what_they_read_and_dropped_before():
    changes = diff(Schema(), cases.PORTABLE)
    assert [c.view.name for c in changes if isinstance(c, CreateView)] == ["spend", "region_spend", "grand_total"]
    back = diff(cases.PORTABLE, Schema())
    assert [c.view.name for c in back if isinstance(c, DropView)] == ["grand_total", "region_spend", "spend"]
    assert back.index(next(c for c in back if isinstance(c, DropView) and c.view.name == "spend")) < \
        min(i for i, c in enumerate(back) if not isinstance(c, DropView))


def test_a_changed_body_is_a_replacement_whose_reverse_is_the_old_body_and_dependants_go_around_it():
    new = replace(cases.SPEND, body=cases.SPEND.body.replace("<> 'void'", "= 'paid'"))
    changes = diff(cases.PORTABLE, replace(cases.PORTABLE, views=(cases.TOTALS, cases.REGIONS, new)))
    assert [c.describe() for c in changes] == [
        "drop materialized view grand_total", "drop view region_spend", "replace view spend",
        "create view region_spend", "create materialized view grand_total"]
    replaced = changes[2]
    assert isinstance(replaced, ReplaceView) and replaced.reverse().new == cases.SPEND


@pytest.mark.parametrize("engine", ENGINES)
def test_the_inspect_round_trip_keeps_views_over_views(engine, fresh_url):
    native = view("by_region", cases.NATIVE[engine], dialects.get(engine).variant_of or engine)
    over = view("busy_region", "SELECT region FROM by_region WHERE n > 1", dialects.get(engine).variant_of or engine,
                materialized=engine == "postgres")
    model = Schema(cases.PORTABLE.tables, (native, over))
    d, url, conn = _created(engine, fresh_url, model)
    conn.close()
    first = read_database(url, dialect=d)
    assert first.skipped == ()
    assert sorted((v.name, v.materialized) for v in first.schema.views) == [("busy_region", engine == "postgres"),
                                                                           ("by_region", False)]
    again_url = fresh_url(engine)
    again = d.connect(again_url)
    try:
        d.apply(again, d.ddl(first.schema)[0])
    finally:
        again.close()
    second = read_database(again_url, dialect=d)
    assert [c.describe() for c in diff(first.schema, second.schema)] == []


@pytest.mark.parametrize("engine", ENGINES)
def test_drift_finds_a_view_written_twice_equal_and_a_hand_edited_one_different(engine, fresh_url):
    d, url, conn = _created(engine, fresh_url, cases.PORTABLE)
    try:
        model = d.lower(cases.PORTABLE).schema
        assert drift_lines(diff(*d.comparable_views(conn, model, d.introspect(conn)))) == []
        edits = ([Statement("DROP VIEW spend")] if engine == "sqlite" else []) + [Statement(cases.EDITED[engine])]
        d.apply(conn, edits)
        lines = drift_lines(diff(*d.comparable_views(conn, model, d.introspect(conn))))
    finally:
        conn.close()
    assert len(lines) == 1 and lines[0].startswith("view spend is AS ") and "the schema says AS" in lines[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_view_spelling_inner_and_outer_joins_is_no_drift_once_created(engine, fresh_url):
    schema = Schema(cases.PORTABLE.tables, tuple(cases.JOIN_SPELLINGS))
    d, url, conn = _created(engine, fresh_url, schema)
    try:
        model = d.lower(schema).schema
        assert drift_lines(diff(*d.comparable_views(conn, model, d.introspect(conn)))) == []
    finally:
        conn.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_hostile_view_name_is_created_read_back_and_dropped(engine, fresh_url):
    hostile = view(cases.HOSTILE, "SELECT id, name FROM customer")
    model = Schema(cases.PORTABLE.tables, (hostile,))
    d, url, conn = _created(engine, fresh_url, model)
    try:
        assert [v.name for v in d.introspect(conn).views] == [cases.HOSTILE]
        live = d.introspect(conn)
        d.apply(conn, [s for step in d.plan(live, Schema(cases.PORTABLE.tables)) for s in step.apply])
        assert d.introspect(conn).views == ()
    finally:
        conn.close()


def test_the_postgres_probe_writes_nothing_and_keeps_the_callers_transaction(fresh_url):
    d, url, conn = _created("postgres", fresh_url, cases.PORTABLE)
    try:
        conn.execute("INSERT INTO customer VALUES (9, 'zed', 'west')")  # uncommitted, the caller's own
        model = d.lower(cases.PORTABLE).schema
        probed, _ = d.comparable_views(conn, model, d.introspect(conn))
        assert probed.views != model.views  # bodies as PostgreSQL prints them
        assert _rows(d, conn, "SELECT id FROM customer WHERE id = 9") == [(9,)]
        assert _rows(d, conn, "SELECT count(*) FROM pg_class WHERE relname = 'sk_view_probe'") == [(0,)]
    finally:
        conn.close()


def test_validate_names_each_view_problem_and_the_fix():
    from schemakit.schema.validate import SchemaError, validate
    bad = (view("orders", "SELECT 1"), view("twice", "SELECT 1"), view("twice", "SELECT 2"),
           view("two", "SELECT 1; SELECT 2"), view("odd", "SELECT 1", "nosuch"))
    with pytest.raises(SchemaError) as e:
        validate(replace(cases.PORTABLE, views=bad))
    assert e.value.problems == [
        "view orders: a table of the namespace has that name; rename one of them",
        "view twice: defined twice; give each view one definition",
        "view two: its body is not one SELECT; write the query alone (no CREATE VIEW, no second statement)",
        "view odd: origin 'nosuch' is no SQL dialect sqlglot knows; name one of its dialects"]
    assert validate(cases.PORTABLE) is cases.PORTABLE


def test_a_materialized_view_with_no_data_and_its_indexes_is_created_read_back_and_compared_as_stored(fresh_url):
    table_ddl = "CREATE TABLE item (id integer PRIMARY KEY, price integer)"
    model = Schema(views=(view("item_prices", "SELECT id, price FROM item", materialized=True, populated=False,
                               indexes=("CREATE UNIQUE INDEX item_prices_id ON item_prices (id)",
                                        "create index item_prices_price on item_prices (price desc) where price > 0")),))
    d = dialects.get("postgres")
    url = fresh_url("postgres")
    conn = d.connect(url)
    try:
        d.apply(conn, [Statement(table_ddl)] + [s for v in model.views for s in d.create_view(v)])
        conn.commit()
        live = read_database(url, dialect=d).schema
        (found,) = live.views
        assert (found.populated, found.indexes) == (False, (
            "CREATE UNIQUE INDEX item_prices_id ON public.item_prices USING btree (id)",
            "CREATE INDEX item_prices_price ON public.item_prices USING btree (price DESC) WHERE (price > 0)"))
        live_views = replace(live, tables=())
        assert drift_lines(diff(*d.comparable_views(conn, model, live_views))) == []  # written otherwise, equal
        d.apply(conn, [Statement("DROP INDEX item_prices_price"), Statement("REFRESH MATERIALIZED VIEW item_prices")])
        conn.commit()
        lines = drift_lines(diff(*d.comparable_views(conn, model, replace(read_database(url, dialect=d).schema,
                                                                          tables=()))))
    finally:
        conn.close()
    assert lines == ["materialized view item_prices is with its rows, the schema says WITH NO DATA; has indexes "
                     "CREATE UNIQUE INDEX item_prices_id ON public.item_prices USING btree (id), the schema says "
                     "CREATE UNIQUE INDEX item_prices_id ON public.item_prices USING btree (id); "
                     "CREATE INDEX item_prices_price ON public.item_prices USING btree (price DESC) WHERE (price > 0)"]
