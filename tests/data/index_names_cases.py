"""Cases for tests/test_index_names.py: `index_renames(schema, limit)` of dialects/index_names.py.

Each case: (id, tables, limit, expected renames). A table is (name, [index names], [other constraint
names (CHECKs)], namespace); expected renames are {(qualified table, index name): new name}.
"""
from __future__ import annotations

LONG_TABLE, LONG_INDEX = "t" * 40, "i" * 40

CASES = [
    ("names_unique_nothing_renamed",
     [("a", ["a_name"], [], None), ("b", ["b_name"], [], None)], 63, {}),
    ("second_table_renamed_first_keeps",
     [("customer", ["idx_name"], [], None), ("product", ["idx_name"], [], None)], 63,
     {("product", "idx_name"): "product_idx_name"}),
    ("third_table_too",
     [("a", ["idx"], [], None), ("b", ["idx"], [], None), ("c", ["idx"], [], None)], 63,
     {("b", "idx"): "b_idx", ("c", "idx"): "c_idx"}),
    ("table_order_decides",
     [("product", ["idx_name"], [], None), ("customer", ["idx_name"], [], None)], 63,
     {("customer", "idx_name"): "customer_idx_name"}),
    ("other_namespaces_are_other_scopes",
     [("a", ["idx"], [], "sales"), ("b", ["idx"], [], "stock"), ("c", ["idx"], [], "stock")], 63,
     {("stock.c", "idx"): "c_idx"}),
    ("an_index_named_as_a_table",
     [("a", ["b"], [], None), ("b", ["b_x"], [], None)], 63, {("a", "b"): "a_b"}),
    ("an_index_named_as_another_tables_constraint",
     [("a", [], ["dup"], None), ("b", ["dup"], [], None)], 63, {("b", "dup"): "b_dup"}),
    ("the_new_name_is_taken_by_an_index",
     [("a", ["idx"], [], None), ("b", ["idx", "b_idx"], [], None)], 63, {("b", "idx"): "b_idx_2"}),
    ("the_new_name_is_taken_by_a_table",
     [("a", ["idx"], [], None), ("b", ["idx"], [], None), ("b_idx", [], [], None)], 63, {("b", "idx"): "b_idx_2"}),
    ("the_new_name_is_taken_by_a_constraint",
     [("a", ["idx"], ["b_idx"], None), ("b", ["idx"], [], None)], 63, {("b", "idx"): "b_idx_2"}),
    ("cut_to_63_bytes_with_a_hash",
     [("a", [LONG_INDEX], [], None), (LONG_TABLE, [LONG_INDEX], [], None)], 63,
     {(LONG_TABLE, LONG_INDEX): "t" * 40 + "_" + "i" * 13 + "_fde71e9c"}),
    ("cut_in_bytes_never_half_a_character",
     [("a", ["idx"], [], None), ("é" * 15, ["idx"], [], None)], 20, {("é" * 15, "idx"): "ééééé_4f30f326"}),
]
