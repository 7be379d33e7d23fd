"""The time range of an OTel view: a named `range` or `start` + `end`, made absolute.

A named range ends now, floored to 10 s, so everyone opening the same view within those 10 s asks
for the same times and shares one cached answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import msgspec

from atlhyper.master.api.params import check_span, range_span, rfc3339
from atlhyper.master.errors import ApiError

RANGES = {
    "15m": timedelta(minutes=15),
    "1h": timedelta(hours=1),
    "6h": timedelta(hours=6),
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
}
MAX_QUERY_SPAN = timedelta(days=31)
FLOOR_SECONDS = 10
#: A result whose range ends this close to now may still change; older ones hardly do.
RECENT = timedelta(minutes=5)
RECENT_TTL = 30.0
SETTLED_TTL = 600.0


class TimeWindow(msgspec.Struct):
    """[start, end) of the data in an answer, RFC 3339 in UTC."""

    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime
    end: datetime

    def view(self) -> TimeWindow:
        return TimeWindow(iso(self.start), iso(self.end))

    def params(self) -> dict[str, str]:
        """`start` and `end` as a query command takes them."""
        return {"start": iso(self.start), "end": iso(self.end)}

    def ttl(self, now: datetime) -> float:
        """How long an answer over this window may be reused."""
        return ttl_for(self.end, now)


def iso(moment: datetime) -> str:
    """RFC 3339 in UTC with a `Z`, as the Agent's parameters require."""
    spec = "microseconds" if moment.microsecond else "seconds"
    text = moment.astimezone(UTC).isoformat(timespec=spec)
    return text.replace("+00:00", "Z")


def ttl_for(end: datetime, now: datetime) -> float:
    return RECENT_TTL if end > now - RECENT else SETTLED_TTL


def floor(moment: datetime, seconds: int = FLOOR_SECONDS) -> datetime:
    epoch = int(moment.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, UTC)


def resolve(
    range_: str | None,
    start: str | None,
    end: str | None,
    now: datetime,
    ranges: dict[str, timedelta] = RANGES,
) -> Window:
    """The absolute window the parameters name; 400 naming the parameter when they are wrong."""
    if start is None and end is None:
        last = floor(now)
        return Window(last - range_span(range_, ranges), last)
    if range_ is not None:
        raise ApiError(
            400, "give either range or start and end, not both", details={"field": "range"}
        )
    for name, value in (("start", start), ("end", end)):
        if value is None:
            raise ApiError(400, f"{name} is required with start and end", details={"field": name})
    first, last = rfc3339("start", start or ""), rfc3339("end", end or "")
    check_span(first, last)
    if last - first > MAX_QUERY_SPAN:
        raise ApiError(
            400,
            f"start and end may be at most {MAX_QUERY_SPAN.days} days apart",
            details={"field": "start"},
        )
    return Window(first, last)
