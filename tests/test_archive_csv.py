"""The archive's CSV (dialects/partitions.py), without a database: what `csv_lines` writes, `read_csv` reads back
exactly (a property over any text, NULLs and empty texts included), and it reads PostgreSQL COPY's own CSV."""
from __future__ import annotations

from hypothesis import given, strategies as st

from schemakit.dialects.partitions import csv_lines, read_csv

FIELD = st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
                  st.sampled_from(["", '"', '""', ",", "\n", "\r\n", "NULL", "\\N", " "]))


@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=4).flatmap(
    lambda header: st.tuples(st.just(header), st.lists(st.lists(FIELD, min_size=len(header), max_size=len(header)),
                                                        max_size=6))))
def test_what_is_written_reads_back_exactly(case):
    header, rows = case
    assert read_csv("".join(csv_lines(header, rows))) == (header, rows)


def test_postgres_copy_csv_reads_as_postgres_means_it():
    # COPY ... (FORMAT csv, HEADER): a NULL is an empty unquoted field, an empty text is "", quotes only where needed
    text = 'id,note,data\n1,,""\n2,"a ""b"", c\nd",\\x00ff\n'
    assert read_csv(text) == (["id", "note", "data"], [["1", None, ""], ["2", 'a "b", c\nd', "\\x00ff"]])
