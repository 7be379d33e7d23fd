"""How fresh a cluster's OTel data is, as every OTel answer reports it.

The Agent says whether its last ClickHouse refresh worked; the Master adds what the Agent cannot
know: that the Agent itself went quiet (offline), or that the summary it holds is old.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec

from atlhyper.master.history.archive import parse_time
from atlhyper.model.otel import OtelSummary

OtelState = Literal["ok", "stale", "unavailable", "disabled"]
DISABLED_MESSAGE = "no ClickHouse is configured on this cluster's Agent (AGENT_CLICKHOUSE_ENDPOINT)"


class OtelStatus(msgspec.Struct, rename="camel", kw_only=True):
    """`disabled`: the Agent has no ClickHouse. `unavailable`: it never read any. `stale`: the data
    is the last good one (the Agent's refresh fails, the Agent is offline, or the data is older
    than the Master accepts). `ageSeconds`: seconds since `refreshedAt` (null before any)."""

    status: OtelState
    refreshed_at: str
    checked_at: str
    error: str
    window_seconds: int
    age_seconds: float | None


def otel_status(
    summary: OtelSummary | None,
    *,
    has_snapshot: bool,
    online: bool,
    now: datetime,
    stale_after: float,
) -> OtelStatus:
    if not has_snapshot:
        return _without_data("unavailable", "no snapshot from this cluster's Agent yet")
    if summary is None:
        return _without_data("disabled", DISABLED_MESSAGE)
    refreshed = parse_time(summary.refreshed_at)
    age = (now - refreshed).total_seconds() if refreshed else None
    status: OtelState = "ok"
    error = summary.error
    if summary.status == "unavailable" or refreshed is None:
        status = "unavailable"
    elif summary.status == "stale":
        status = "stale"
    elif not online:
        status, error = "stale", "the cluster's Agent is offline; this is the last data it sent"
    elif age is not None and age > stale_after:
        status, error = "stale", f"the data is {age:.0f} s old"
    return OtelStatus(
        status=status,
        refreshed_at=summary.refreshed_at,
        checked_at=summary.checked_at,
        error=error,
        window_seconds=summary.window_seconds,
        age_seconds=None if age is None else round(age, 1),
    )


def _without_data(status: OtelState, error: str) -> OtelStatus:
    return OtelStatus(
        status=status,
        refreshed_at="",
        checked_at="",
        error=error,
        window_seconds=0,
        age_seconds=None,
    )
