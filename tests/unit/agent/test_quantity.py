from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlhyper.agent.k8s.quantity import count, millicores, parse_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4", Decimal(4)),
        ("250m", Decimal("0.25")),
        ("16Gi", Decimal(16 * 1024**3)),
        ("1024Ki", Decimal(1024 * 1024)),
        ("1e3", Decimal(1000)),
        ("1E", Decimal(10**18)),
        ("2k", Decimal(2000)),
        ("0.5", Decimal("0.5")),
    ],
)
def test_parse(text: str, expected: Decimal) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "Gi", "1.2.3", "NaN", "inf"])
def test_bad_quantity_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="not a Kubernetes quantity"):
        parse_quantity(text)


def test_lenient_helpers_never_raise() -> None:
    assert millicores("garbage") == 0
    assert millicores(None) == 0
    assert count("5Mi") == 5 * 1024**2


@given(st.integers(min_value=0, max_value=10**6))
def test_millicores_round_trip(value: int) -> None:
    assert millicores(f"{value}m") == value
