"""LIKE, ILIKE and GLOB in a CHECK give every row the same verdict on every engine, and read back as written
(tests/data/like_patterns.py)."""
from __future__ import annotations

import pytest

from tests import roundtrip
from tests.conftest import ENGINES, served
from tests.data.like_patterns import ROWS, SCHEMA


@pytest.mark.parametrize("engine", ENGINES)
def test_like_patterns_with_a_backslash_get_the_same_verdict_everywhere(engine, fresh_url):
    url = fresh_url(engine)
    d = served(engine)
    roundtrip.created(d, engine, url, SCHEMA)
    conn = d.connect(url)
    p = d.placeholder
    verdicts = []
    try:
        for n, (row, _expected) in enumerate(ROWS):
            cur = conn.cursor()
            try:
                cur.execute(f"INSERT INTO names (id, name, code, tag) VALUES ({p}, {p}, {p}, {p})",
                            (n, row["name"], row["code"], row["tag"]))
                conn.commit()
                verdicts.append(None)
            except Exception as e:  # noqa: BLE001 - the engine's refusal, whatever its driver calls it
                conn.rollback()
                said = " ".join(str(a) for a in e.args)
                verdicts.append(next((c for _r, c in ROWS if c and c in said), f"{type(e).__name__}: {e}"))
            finally:
                cur.close()
    finally:
        conn.close()
    assert verdicts == [expected for _row, expected in ROWS]
    if d.name == engine:  # (the mysql rendering on MariaDB reads back in MariaDB's collation)
        assert roundtrip.differences(engine, SCHEMA, roundtrip.introspected(engine, url, SCHEMA), url) == []
