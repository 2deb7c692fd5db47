"""The engines' tables of degradation codes, and README.md's table of them, cannot drift apart.

Every code of every registered engine's table (`Dialect.degradations`,
``dialects/<engine>/degradations.py``) is a row of the README's table with
the same engine, category and documentation link, and every row of the README
is a code of the engine it names. A variant engine's code that it inherits
unchanged is its parent's row. No database.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from schemakit import dialects
from schemakit.dialects.base import Degradation, DegradationCategory, DegradationCode
from schemakit.dialects.mysql import MySQLDialect
from schemakit.schema.build import check, col, fk, index, table, unique
from schemakit.schema.model import INTEGER, IndexMethod, Schema, array

README = Path(__file__).resolve().parent.parent / "README.md"
ROW = re.compile(r"^\| \[(?P<code>[A-Z]+(?:-[A-Z0-9]+)+)\]\((?P<url>https://[^)\s]+)\) \| (?P<engine>[a-z]+) \| "
                 r"(?P<category>[a-z_]+) \| (?P<text>[^|]+) \|$")


def readme_rows(text: str) -> dict[str, dict[str, str]]:
    """The rows of the table under ``## Degradations``, by code; a malformed or repeated row fails."""
    section = text.split("\n## Degradations\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, dict[str, str]] = {}
    for line in section.splitlines():
        if not line.startswith("| [") and not (line.startswith("| ") and "-" in line.split("|")[1]):
            continue
        m = ROW.match(line)
        assert m, f"README degradation row not in the form | [CODE](url) | engine | category | text |: {line}"
        assert m["code"] not in rows, f"README lists {m['code']} twice"
        rows[m["code"]] = m.groupdict()
    return rows


def listed_engine(d, code: str) -> str:
    """The engine the README names for `code` of dialect `d`: a variant's inherited code is its parent's."""
    parent = dialects.get(d.variant_of) if d.variant_of else None
    if parent is not None and parent.degradations.get(code) == d.degradations[code]:
        return parent.name
    return d.name


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, str]]:
    return readme_rows(README.read_text(encoding="utf-8"))


def _codes():
    return [(d.name, code) for d in dialects.all_dialects() for code in d.degradations]


@pytest.mark.parametrize("engine, code", _codes(), ids=lambda x: x)
def test_every_code_of_an_engine_is_in_the_readme(rows, engine, code):
    d = dialects.get(engine)
    entry = d.degradations[code]
    assert code in rows, f"README.md's degradation table has no row for {code} ({engine})"
    row = rows[code]
    assert row["engine"] == listed_engine(d, code), f"{code}: README says engine {row['engine']}"
    assert row["category"] == entry.category.value, f"{code}: README says {row['category']}, the table {entry.category}"
    assert row["url"] == entry.url, f"{code}: README links {row['url']}, the table {entry.url}"


def test_every_code_in_the_readme_exists(rows):
    known = {(listed_engine(d, code), code) for d in dialects.all_dialects() for code in d.degradations}
    assert rows, "no degradation rows found in README.md"
    stale = sorted(code for code, row in rows.items() if (row["engine"], code) not in known)
    assert stale == [], f"README.md lists codes no engine's table has (or under another engine): {stale}"


@pytest.mark.parametrize("engine", dialects.names())
def test_a_table_row_is_whole(engine):
    """Each code: the engine's prefix, a category, words for the feature and the effect, an https link."""
    d = dialects.get(engine)
    assert d.degradations, f"{engine} declares no table of degradation codes"
    prefixes = {code.split("-", 1)[0] for code in d.degradations}
    for code, entry in d.degradations.items():
        assert isinstance(entry, DegradationCode) and isinstance(entry.category, DegradationCategory), code
        assert entry.feature.strip() and entry.effect.strip() and entry.url.startswith("https://"), code
    assert len(prefixes) <= (2 if d.variant_of else 1), f"{engine}: codes of several prefixes {sorted(prefixes)}"


def test_the_readme_parser_sees_a_broken_row():
    text = "# x\n\n## Degradations\n\n| code | engine | category | what |\n|---|---|---|---|\n" \
           "| [MY-GIN](https://x) | mysql | dropped | no inverted index |\n| MY-TZ | mysql | approximated | zone |\n\n## Next\n"
    with pytest.raises(AssertionError, match="MY-TZ"):
        readme_rows(text)
    assert list(readme_rows(text.replace("| MY-TZ | mysql | approximated | zone |\n", ""))) == ["MY-GIN"]


# -- the table is the lowering's: a variant inherits it, drops and adds codes -------------------------

class _Variant(MySQLDialect):
    """A MySQL variant, as ``dialects/mariadb.py`` would declare one (not registered)."""

    name = "variant_under_test"
    variant_of = "mysql"
    degradations = {**{c: e for c, e in MySQLDialect.degradations.items() if c != "MY-GIN"},
                    "VA-EXTRA": DegradationCode(DegradationCategory.BEHAVIOUR, "x", "y", "https://example.org/")}


GIN = Schema((table("t", col("id", INTEGER), col("tags", array(INTEGER)), index("t_tags", "tags", method=IndexMethod.GIN),
                    pk="id"),))


def test_a_variant_lowers_with_its_own_table():
    found = _Variant().lower(Schema((table("t", col("id", INTEGER), col("tags", array(INTEGER)), pk="id"),)))
    assert [(g.code, g.engine, g.category) for g in found.degradations] == [
        ("MY-ARRAY", "variant_under_test", DegradationCategory.WEAKENED)]
    assert ("MY-GIN", "mysql") in {(g.code, g.engine) for g in MySQLDialect().lower(GIN).degradations}
    with pytest.raises(LookupError, match="MY-GIN is not in the engine's table"):
        _Variant().lower(GIN)  # the variant dropped the code its lowering still uses: an error, not a silent loss


def test_an_unknown_code_is_an_error():
    with pytest.raises(LookupError, match="XX-NOPE"):
        Degradation.from_table(dialects.get("postgres").degradations, "XX-NOPE", "postgres", "t", "c")


@pytest.mark.parametrize("engine, codes, kept", [
    ("postgres", [], ["plain", "once"]), ("mariadb", ["MY-INDEXCOMMENT"], ["plain", None]),
    ("sqlite", ["SL-INDEXCOMMENT", "SL-INDEXCOMMENT"], [None, None]),
])
def test_an_index_comment_is_held_where_the_engine_can_and_a_named_degradation_elsewhere(engine, codes, kept):
    t = table("t", col("id", INTEGER), col("n", INTEGER), col("m", INTEGER), index("t_n", "n", comment="plain"),
              index("t_m", "m", unique=True, comment="once"), pk="id")
    lowered = dialects.get(engine).lower(Schema((t,)))
    assert [i.comment for i in lowered.schema.tables[0].indexes] == kept
    assert [g.code for g in lowered.degradations if g.code.endswith("INDEXCOMMENT")] == codes
    statements = [s.sql for s in dialects.get(engine).ddl(Schema((t,)))[0]]
    assert any("'plain'" in s for s in statements) == (kept[0] is not None)


@pytest.mark.parametrize("engine, codes, kept", [
    ("postgres", [], ["key", "once", "positive", "who"]),
    ("mariadb", ["MY-CONSTRAINTCOMMENT"] * 3, [None, "once", None, None]),
    ("sqlite", ["SL-CONSTRAINTCOMMENT"] * 4, [None, None, None, None]),
])
def test_a_constraint_comment_is_held_where_the_engine_can_and_a_named_degradation_elsewhere(engine, codes, kept):
    t = table("t", col("id", INTEGER), col("n", INTEGER), col("m", INTEGER), unique("m", comment="once"),
              check("t_n", "n > 0", comment="positive"), fk("m", "t", "id", comment="who"), pk="id", pk_comment="key")
    d = dialects.get(engine)
    lowered = d.lower(Schema((t,)))
    held = lowered.schema.tables[0]
    assert [held.primary_key_comment, held.uniques[0].comment, held.checks[0].comment,
            held.foreign_keys[0].comment] == kept
    assert [g.code for g in lowered.degradations if g.code.endswith("CONSTRAINTCOMMENT")] == codes
    statements = " ".join(s.sql for s in d.ddl(Schema((t,)))[0])
    assert [f"'{text}'" in statements for text in ("key", "once", "positive", "who")] == [k is not None for k in kept]
