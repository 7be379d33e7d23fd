"""SLOs: targets (stored per cluster, kind and name), and error budgets, burn rates, forecasts and
status computed from the Agent's 1d/7d/30d windows.

With an availability target A, the error budget is the share 1 - A of requests allowed to fail:
- burn rate = error rate / (1 - A): 1 spends the budget exactly over the window;
- budget remaining = 1 - burn rate (negative once overspent);
- the forecast assumes the last day's burn rate goes on: the 30-day budget left lasts
  30 · remaining₃₀ / burn₁ days.
The latency objective is the share of requests that must be at most `latencyMs`; it is measured
exactly at the largest histogram bound not above `latencyMs` (interpolating inside a bucket would
invent precision the histogram does not have).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

import msgspec
from sqlalchemy import delete, select

from atlhyper.master.db import Database
from atlhyper.master.db.tables import SloTargetRow
from atlhyper.model.otel import (
    IngressSlo,
    MeshWorkload,
    OtelSummary,
    SloItem,
    SloKind,
    SloResult,
    SloWindow,
)

SloStatus = Literal["ok", "warning", "breached", "nodata"]
WindowName = Literal["1d", "7d", "30d"]
BUDGET_DAYS = 30
LOW_BUDGET = 0.25

Share = Annotated[float, msgspec.Meta(ge=0.5, le=0.99999)]
LatencyMs = Annotated[float, msgspec.Meta(gt=0, le=3_600_000)]
ItemName = Annotated[str, msgspec.Meta(min_length=1, max_length=512)]


@dataclass(frozen=True, slots=True)
class Target:
    availability: float
    latency_ms: float
    latency_objective: float


DEFAULT_TARGET = Target(availability=0.999, latency_ms=500.0, latency_objective=0.99)


class TargetBody(msgspec.Struct, rename="camel", forbid_unknown_fields=True, kw_only=True):
    """A target to set: availability and latencyObjective are shares (0.5 to 0.99999)."""

    kind: SloKind
    name: ItemName
    availability: Share
    latency_ms: LatencyMs
    latency_objective: Share


class TargetView(msgspec.Struct, rename="camel", kw_only=True):
    availability: float
    latency_ms: float
    latency_objective: float
    custom: bool  # false: the default target


class TargetItem(TargetView, kw_only=True):
    kind: SloKind
    name: str


class WindowView(msgspec.Struct, rename="camel", kw_only=True):
    """One window's numbers against the target; the shares are null without requests."""

    window: WindowName
    requests: int
    errors: int
    availability: float | None
    latency_share: float | None
    error_budget_remaining: float | None
    burn_rate: float | None


class Current(msgspec.Struct, rename="camel", kw_only=True):
    """The item over the summary window (the last few minutes)."""

    rate: float
    availability: float
    p50_ms: float
    p99_ms: float


class Forecast(msgspec.Struct, rename="camel", kw_only=True):
    """When the 30-day budget runs out at the last day's burn rate; null when it does not burn."""

    exhausted_at: str | None
    days_left: float | None


class SloView(msgspec.Struct, rename="camel", kw_only=True):
    kind: SloKind
    name: str  # a Traefik service label, or namespace/workload
    hosts: list[str]
    namespace: str
    target: TargetView
    current: Current | None
    windows: list[WindowView]
    forecast: Forecast
    status: SloStatus


# ---------------------------------------------------------------- the math


def latency_share(window: SloWindow, latency_ms: float) -> float | None:
    """Share of the window's requests at or under the largest bound ≤ `latency_ms` (None when no
    bound is that low, or there is no histogram or no request)."""
    if not window.requests:
        return None
    below = None
    for bound, count in zip(window.latency_bounds_ms, window.latency_below, strict=False):
        if bound <= latency_ms:
            below = count
    return None if below is None else min(1.0, below / window.requests)


def window_view(window: SloWindow, target: Target) -> WindowView:
    if not window.requests:
        return WindowView(
            window=window.window,
            requests=0,
            errors=window.errors,
            availability=None,
            latency_share=None,
            error_budget_remaining=None,
            burn_rate=None,
        )
    error_rate = window.errors / window.requests
    burn = error_rate / (1 - target.availability)
    return WindowView(
        window=window.window,
        requests=window.requests,
        errors=window.errors,
        availability=1 - error_rate,
        latency_share=latency_share(window, target.latency_ms),
        error_budget_remaining=1 - burn,
        burn_rate=burn,
    )


def _by_name(windows: Iterable[WindowView]) -> dict[str, WindowView]:
    return {w.window: w for w in windows}


def forecast(windows: Iterable[WindowView], now: datetime) -> Forecast:
    found = _by_name(windows)
    day, month = found.get("1d"), found.get("30d")
    burn = day.burn_rate if day else None
    remaining = month.error_budget_remaining if month else None
    if burn is None or burn <= 0 or remaining is None:
        return Forecast(exhausted_at=None, days_left=None)
    days = max(0.0, BUDGET_DAYS * remaining / burn)
    exhausted = (now + timedelta(days=days)).astimezone(UTC)
    return Forecast(
        exhausted_at=exhausted.isoformat(timespec="seconds").replace("+00:00", "Z"),
        days_left=days,
    )


def status(windows: Iterable[WindowView], target: Target) -> SloStatus:
    found = _by_name(windows)
    month, day = found.get("30d"), found.get("1d")
    if month is None or not month.requests:
        return "nodata"
    assert month.availability is not None and month.error_budget_remaining is not None
    if month.availability < target.availability or (
        month.latency_share is not None and month.latency_share < target.latency_objective
    ):
        return "breached"
    if (day is not None and day.burn_rate is not None and day.burn_rate > 1) or (
        month.error_budget_remaining < LOW_BUDGET
    ):
        return "warning"
    return "ok"


def target_view(target: Target | None) -> TargetView:
    chosen = target or DEFAULT_TARGET
    return TargetView(
        availability=chosen.availability,
        latency_ms=chosen.latency_ms,
        latency_objective=chosen.latency_objective,
        custom=target is not None,
    )


# ---------------------------------------------------------------- items


def _current(row: IngressSlo | MeshWorkload) -> Current:
    availability = row.availability if isinstance(row, IngressSlo) else row.success_rate
    return Current(rate=row.rate, availability=availability, p50_ms=row.p50_ms, p99_ms=row.p99_ms)


def summary_rows(
    kind: SloKind, summary: OtelSummary | None
) -> dict[str, IngressSlo | MeshWorkload]:
    """The summary's rows of `kind` by item name."""
    if summary is None:
        return {}
    if kind == "ingress":
        return {row.service: row for row in summary.ingresses}
    return {f"{row.namespace}/{row.workload}": row for row in summary.mesh_workloads}


def slo_views(
    kind: SloKind,
    result: SloResult,
    summary: OtelSummary | None,
    targets: dict[tuple[str, str], Target],
    now: datetime,
) -> list[SloView]:
    """An item for every name the summary or the windows know, sorted by name."""
    rows = summary_rows(kind, summary)
    windows = {item.name: item for item in result.items}
    return [
        item_view(kind, name, rows.get(name), windows.get(name), targets.get((kind, name)), now)
        for name in sorted(set(rows) | set(windows))
    ]


def item_view(
    kind: SloKind,
    name: str,
    row: IngressSlo | MeshWorkload | None,
    item: SloItem | None,
    target: Target | None,
    now: datetime,
) -> SloView:
    """One item from its summary row (now) and its windows (1d/7d/30d); either may be missing."""
    hosts = list(item.hosts) if item and item.hosts else []
    if isinstance(row, IngressSlo):
        hosts = hosts or list(row.hosts)
        namespace = row.namespace
    elif isinstance(row, MeshWorkload):
        namespace = row.namespace
    else:
        namespace = name.partition("/")[0] if kind == "service" else ""
    return slo_view(
        kind,
        name,
        hosts=hosts,
        namespace=namespace,
        target=target,
        current=_current(row) if row else None,
        windows=item.windows if item else [],
        now=now,
    )


def slo_view(
    kind: SloKind,
    name: str,
    *,
    hosts: list[str],
    namespace: str,
    target: Target | None,
    current: Current | None,
    windows: list[SloWindow],
    now: datetime,
) -> SloView:
    chosen = target or DEFAULT_TARGET
    views = [window_view(w, chosen) for w in windows]
    return SloView(
        kind=kind,
        name=name,
        hosts=hosts,
        namespace=namespace,
        target=target_view(target),
        current=current,
        windows=views,
        forecast=forecast(views, now),
        status=status(views, chosen),
    )


# ---------------------------------------------------------------- storage


class SloTargets:
    """Targets people set, per cluster; items without one use DEFAULT_TARGET."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def of_cluster(self, cluster_id: str) -> dict[tuple[str, str], Target]:
        async with self.db.session() as session:
            rows = await session.scalars(
                select(SloTargetRow).where(SloTargetRow.cluster_id == cluster_id)
            )
            return {
                (row.kind, row.name): Target(
                    row.availability, row.latency_ms, row.latency_objective
                )
                for row in rows
            }

    async def put(self, cluster_id: str, body: TargetBody, actor: str) -> None:
        async with self.db.session() as session:
            await session.merge(
                SloTargetRow(
                    cluster_id=cluster_id,
                    kind=body.kind,
                    name=body.name,
                    availability=body.availability,
                    latency_ms=body.latency_ms,
                    latency_objective=body.latency_objective,
                    updated_by=actor,
                    updated_at=datetime.now(UTC),
                )
            )
            await session.commit()

    async def delete(self, cluster_id: str, kind: SloKind, name: str) -> bool:
        """Forget a target; False when there was none."""
        async with self.db.session() as session:
            deleted = await session.execute(
                delete(SloTargetRow)
                .where(SloTargetRow.cluster_id == cluster_id)
                .where(SloTargetRow.kind == kind)
                .where(SloTargetRow.name == name)
            )
            await session.commit()
        return bool(getattr(deleted, "rowcount", 0))
