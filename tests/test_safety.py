"""Which type changes narrow (schema/safety.narrows), from tests/data/narrowing_cases.py."""
from __future__ import annotations

import pytest

from schemakit.schema.safety import narrows
from tests.data.narrowing_cases import CASES


@pytest.mark.parametrize("old,new,expected", CASES, ids=[f"{o}->{n}" for o, n, _ in CASES])
def test_a_type_change_narrows_exactly_when_some_value_does_not_fit(old, new, expected):
    assert narrows(old, new) is expected
