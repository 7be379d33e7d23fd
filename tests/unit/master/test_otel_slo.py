"""SLO math: budgets, burn rates, the latency share at histogram bounds, forecasts and status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from atlhyper.master.otel.slo import (
    DEFAULT_TARGET,
    Target,
    forecast,
    latency_share,
    slo_view,
    slo_views,
    status,
    window_view,
)
from atlhyper.model.otel import IngressSlo, OtelSummary, SloItem, SloResult, SloWindow

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
BOUNDS = [100.0, 300.0, 1200.0, 5000.0]


def _window(name: str, requests: int, errors: int, below: list[int] | None = None) -> SloWindow:
    return SloWindow(
        window=name,  # type: ignore[arg-type]
        requests=requests,
        errors=errors,
        p50_ms=10,
        p99_ms=200,
        latency_bounds_ms=BOUNDS if below is not None else [],
        latency_below=below or [],
    )


def _windows(day: tuple[int, int], month: tuple[int, int]) -> list[SloWindow]:
    return [
        _window("1d", *day, below=[day[0]] * 4),
        _window("7d", *month, below=[month[0]] * 4),
        _window("30d", *month, below=[month[0]] * 4),
    ]


def test_budget_and_burn_follow_the_target() -> None:
    view = window_view(_window("30d", 10_000, 5), DEFAULT_TARGET)  # error rate 0.05 %
    assert view.availability == pytest.approx(0.9995)
    assert view.burn_rate == pytest.approx(0.5)  # half of the 0.1 % allowed
    assert view.error_budget_remaining == pytest.approx(0.5)
    overspent = window_view(_window("30d", 1000, 3), DEFAULT_TARGET)
    assert overspent.burn_rate == pytest.approx(3.0)
    assert overspent.error_budget_remaining == pytest.approx(-2.0)  # may go negative
    strict = window_view(_window("30d", 10_000, 5), Target(0.9999, 500, 0.99))
    assert strict.burn_rate == pytest.approx(5.0)


def test_a_window_without_requests_has_no_shares() -> None:
    view = window_view(_window("1d", 0, 0), DEFAULT_TARGET)
    assert (view.availability, view.latency_share, view.burn_rate) == (None, None, None)
    assert view.error_budget_remaining is None


def test_latency_share_is_read_at_the_largest_bound_not_above_the_target() -> None:
    window = _window("30d", 1000, 0, below=[600, 900, 990, 1000])
    assert latency_share(window, 500) == pytest.approx(0.9)  # the 300 ms bound
    assert latency_share(window, 300) == pytest.approx(0.9)
    assert latency_share(window, 299.9) == pytest.approx(0.6)
    assert latency_share(window, 10_000) == pytest.approx(1.0)
    assert latency_share(window, 50) is None  # no bound that low: unknown, not zero
    assert latency_share(_window("30d", 1000, 0), 500) is None  # no histogram


def test_forecast_uses_the_last_days_burn_against_the_months_budget() -> None:
    views = [window_view(w, DEFAULT_TARGET) for w in _windows((1000, 2), (100_000, 40))]
    # burn 1d = 0.2 % / 0.1 % = 2; remaining 30d = 1 - 0.04 % / 0.1 % = 0.6
    found = forecast(views, NOW)
    assert found.days_left == pytest.approx(30 * 0.6 / 2)
    assert found.exhausted_at == "2026-12-01T12:00:00Z"
    calm = [window_view(w, DEFAULT_TARGET) for w in _windows((1000, 0), (100_000, 40))]
    assert forecast(calm, NOW).days_left is None and forecast(calm, NOW).exhausted_at is None
    gone = [window_view(w, DEFAULT_TARGET) for w in _windows((1000, 5), (1000, 5))]
    assert forecast(gone, NOW).days_left == 0.0  # already overspent
    assert forecast([], NOW).days_left is None


@pytest.mark.parametrize(
    ("day", "month", "below", "expected"),
    [
        ((0, 0), (0, 0), None, "nodata"),
        ((1000, 0), (100_000, 40), None, "ok"),
        ((1000, 0), (100_000, 200), None, "breached"),  # 99.8 % < 99.9 %
        ((1000, 2), (100_000, 40), None, "warning"),  # burning 2x today
        ((1000, 0), (100_000, 80), None, "warning"),  # 20 % of the budget left
        ((1000, 0), (100_000, 40), [90_000] * 4, "breached"),  # 90 % fast < 99 % objective
    ],
)
def test_status(
    day: tuple[int, int], month: tuple[int, int], below: list[int] | None, expected: str
) -> None:
    windows = _windows(day, month)
    if below is not None:
        windows[2] = _window("30d", *month, below=below)
    views = [window_view(w, DEFAULT_TARGET) for w in windows]
    assert status(views, DEFAULT_TARGET) == expected


def test_items_join_the_summary_and_the_windows() -> None:
    summary = OtelSummary(
        status="ok",
        window_seconds=300,
        ingresses=[
            IngressSlo(
                service="shop-web-80@kubernetes",
                hosts=["shop.example.com"],
                namespace="shop",
                backend="web",
                requests=10,
                rate=1,
                errors=0,
                availability=1,
                p50_ms=1,
                p99_ms=2,
            )
        ],
    )
    result = SloResult(
        kind="ingress",
        items=[
            SloItem(name="shop-web-80@kubernetes", windows=_windows((10, 0), (10, 0))),
            SloItem(name="old-gone-80@kubernetes", hosts=["old.example.com"], windows=[]),
        ],
    )
    custom = {("ingress", "shop-web-80@kubernetes"): Target(0.99, 300, 0.9)}
    views = slo_views("ingress", result, summary, custom, NOW)
    assert [v.name for v in views] == ["old-gone-80@kubernetes", "shop-web-80@kubernetes"]
    gone, shop = views
    assert gone.current is None and gone.status == "nodata" and gone.hosts == ["old.example.com"]
    assert gone.target.custom is False and gone.target.availability == 0.999
    assert shop.current is not None and shop.current.availability == 1
    assert shop.hosts == ["shop.example.com"] and shop.namespace == "shop"
    assert shop.target.custom is True and shop.target.latency_ms == 300
    assert [w.window for w in shop.windows] == ["1d", "7d", "30d"]

    service = slo_view(
        "service",
        "shop/web",
        hosts=[],
        namespace="shop",
        target=None,
        current=None,
        windows=[],
        now=NOW + timedelta(days=1),
    )
    assert service.status == "nodata" and service.forecast.days_left is None
