"""Rates from cumulative counters: no rate without two readings, none across a reset, wraps."""

from __future__ import annotations

import pytest

from atlhyper.collector.rates import Rates, busy_percent, counter_delta


def _round(rates: Rates, now: float, **values: int) -> dict[str, float | None]:
    rates.begin(now)
    return {key: rates.rate(key, value) for key, value in values.items()}


def test_first_reading_has_no_rate_then_rates_are_per_second() -> None:
    rates = Rates()
    assert _round(rates, 10.0, rx=1000) == {"rx": None}
    assert _round(rates, 12.0, rx=3000) == {"rx": 1000.0}
    assert _round(rates, 17.0, rx=3000) == {"rx": 0.0}


def test_a_counter_that_goes_back_is_a_reset_with_no_rate_and_never_negative() -> None:
    rates = Rates()
    _round(rates, 0.0, rx=5_000_000)
    assert _round(rates, 5.0, rx=1_000) == {"rx": None}  # the interface was re-created
    assert _round(rates, 10.0, rx=6_000) == {"rx": 1000.0}  # and counts from there


def test_32_bit_counter_wrap_is_the_modular_difference() -> None:
    rates = Rates()
    rates.begin(0.0)
    rates.rate("softnet", 2**32 - 100, bits=32)
    rates.begin(2.0)
    assert rates.rate("softnet", 300, bits=32) == 200.0


def test_64_bit_counter_wrap() -> None:
    assert counter_delta(2**64 - 10, 5, bits=64) == 15
    assert counter_delta(10, 5, bits=64) is None


def test_a_32_bit_drop_from_low_values_is_a_reset_not_a_wrap() -> None:
    assert counter_delta(1000, 10, bits=32) is None
    assert counter_delta(10, 1000, bits=32) == 990


def test_no_time_elapsed_gives_no_rate() -> None:
    rates = Rates()
    _round(rates, 3.0, x=1)
    assert _round(rates, 3.0, x=2) == {"x": None}


def test_counters_not_seen_for_a_round_are_forgotten() -> None:
    rates = Rates()
    _round(rates, 0.0, veth1=10, eth0=10)
    _round(rates, 1.0, eth0=20)  # veth1 gone
    rates.begin(2.0)
    assert len(rates) == 1
    assert rates.rate("veth1", 50) is None  # a new device of the same name starts afresh


def test_busy_percent_excludes_idle_iowait_and_guest_double_count() -> None:
    # user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice
    old = [100.0, 0, 50, 800, 50, 0, 0, 0, 20, 0]
    new = [130.0, 0, 60, 860, 50, 0, 0, 0, 30, 0]  # guest +10 is already inside user +30
    result = busy_percent(old, new)
    assert result is not None
    busy, shares = result
    assert busy == pytest.approx(40.0)  # (30 + 10) busy of 100 total
    assert shares[0] == pytest.approx(30.0)
    assert shares[3] == pytest.approx(60.0)


def test_busy_percent_ignores_counters_that_went_backwards() -> None:
    old = [100.0, 0, 0, 100, 80, 0, 0, 0, 0, 0]
    new = [150.0, 0, 0, 150, 70, 0, 0, 0, 0, 0]  # iowait decreased (known kernel behaviour)
    result = busy_percent(old, new)
    assert result is not None
    assert result[0] == pytest.approx(50.0)
    assert all(0 <= share <= 100 for share in result[1])


def test_busy_percent_without_elapsed_time_is_unknown() -> None:
    row = [1.0] * 10
    assert busy_percent(row, row) is None
