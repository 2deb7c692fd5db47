"""Identifier lengths are counted in UTF-8 bytes (issue #11, item 8).

PostgreSQL cuts a longer name to 63 bytes without an error, so a name of 40
'é' (80 bytes, 40 characters) would be created under another name. The model
refuses what does not fit in 63 bytes, whatever the character count.
"""
from __future__ import annotations

import pytest

from schemakit import dialects
from schemakit.schema.build import col, table
from schemakit.schema.diff import diff
from schemakit.schema.model import INTEGER, Schema
from schemakit.dialects import identifier_limit
from schemakit.schema.validate import SchemaError, validate

PG = dialects.get("postgres")
FITS = "\u00e9" * 31 + "x"  # 63 bytes, 32 characters
TOO_LONG = "\u00e9" * 40  # 80 bytes, 40 characters


def _notes(namespace: str) -> Schema:
    return Schema((table("notes", col("id", INTEGER), pk="id", namespace=namespace),))


def test_a_name_of_63_bytes_passes():
    assert len(FITS.encode()) == 63
    validate(_notes(FITS), identifier_limit())
    validate(Schema((table(FITS, col(FITS, INTEGER), pk=FITS),)), identifier_limit())


def test_a_namespace_of_40_characters_and_80_bytes_is_refused_in_one_line():
    with pytest.raises(SchemaError) as e:
        validate(_notes(TOO_LONG), identifier_limit())
    assert e.value.problems == [
        f"table {TOO_LONG}.notes: namespace name {TOO_LONG!r} is 80 bytes in UTF-8 (40 characters); "
        "the limit is 63 bytes (the smallest of the supported engines): shorten it"]


def test_postgres_keeps_a_63_byte_namespace_and_cuts_a_longer_one(fresh_url):
    conn = PG.connect(fresh_url("postgres"))
    try:
        PG.apply(conn, PG.ddl(_notes(FITS))[0])
        assert diff(PG.lower(_notes(FITS)).schema, PG.introspect(conn, (None, FITS))) == []
        cur = conn.cursor()
        cur.execute(f"CREATE SCHEMA {PG.quote(TOO_LONG)}")
        cur.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", ("\u00e9\u00e9\u00e9%",))
        assert sorted(r[0] for r in cur.fetchall()) == sorted([FITS, "\u00e9" * 31])  # 80 bytes cut to 62
    finally:
        conn.close()
