"""The time range of an OTel view: a named `range` or `start` + `end`, made absolute.

A named range ends now, floored to 10 s, so everyone opening the same view within those 10 s asks
for the same times and shares one cached answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import msgspec

from atlhyper.master.api.params import named_ranges, time_window

RANGES = named_ranges("15m", "1h", "6h", "24h", "7d", "30d")
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


def resolve(range_: str | None, start: str | None, end: str | None, now: datetime) -> Window:
    """The absolute window the parameters name; 400 naming the parameter when they are wrong."""
    first, last = time_window(range_, start, end, floor(now), RANGES, MAX_QUERY_SPAN)
    return Window(first, last)
