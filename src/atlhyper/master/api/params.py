"""Query parameters shared by the time-series routes: times, ranges and the spans between them.

Each failure is a 400 that names the parameter (`details.field`) and says what it accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from atlhyper.master.errors import ApiError
from atlhyper.master.history.archive import parse_time

MAX_SPAN = timedelta(days=90)
#: Every `range` a route may offer; each route picks its own (`named_ranges`).
SPANS = {
    "15m": timedelta(minutes=15),
    "1h": timedelta(hours=1),
    "6h": timedelta(hours=6),
    "24h": timedelta(days=1),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
    "90d": timedelta(days=90),
}


def named_ranges(*names: str) -> dict[str, timedelta]:
    """The spans of `names`, in that order (the order error messages list them in)."""
    return {name: SPANS[name] for name in names}


def rfc3339(name: str, text: str) -> datetime:
    """The time in parameter `name`, as an aware UTC datetime."""
    moment = parse_time(text)
    if moment is None:
        raise ApiError(
            400,
            f"{name} must be an RFC 3339 time such as 2025-01-31T12:00:00Z, got {text!r}",
            details={"field": name},
        )
    return moment


def range_span(range_: str | None, ranges: Mapping[str, timedelta]) -> timedelta:
    """The span a `range` names; the first hour when it is not given."""
    span = ranges.get(range_ or "1h")
    if span is None:
        raise ApiError(
            400,
            f"range must be one of {', '.join(ranges)}, got {range_!r}",
            details={"field": "range"},
        )
    return span


def check_span(
    first: datetime,
    last: datetime,
    names: tuple[str, str] = ("start", "end"),
    max_span: timedelta = MAX_SPAN,
) -> None:
    """`last` comes after `first`, at most `max_span` later."""
    if last <= first:
        raise ApiError(400, f"{names[1]} must be after {names[0]}", details={"field": names[1]})
    if last - first > max_span:
        raise ApiError(
            400,
            f"{names[0]} and {names[1]} may be at most {max_span.days} days apart",
            details={"field": names[0]},
        )


def time_window(
    range_: str | None,
    start: str | None,
    end: str | None,
    now: datetime,
    ranges: Mapping[str, timedelta],
    max_span: timedelta = MAX_SPAN,
) -> tuple[datetime, datetime]:
    """[start, end) from `start` and `end` together, or else the named `range` ending `now`."""
    if start is None and end is None:
        return now - range_span(range_, ranges), now
    if range_ is not None:
        raise ApiError(
            400, "give either range or start and end, not both", details={"field": "range"}
        )
    if start is None or end is None:
        raise ApiError(
            400,
            "start and end go together; give both, or a range instead",
            details={"field": "end" if end is None else "start"},
        )
    first, last = rfc3339("start", start), rfc3339("end", end)
    check_span(first, last, max_span=max_span)
    return first, last
