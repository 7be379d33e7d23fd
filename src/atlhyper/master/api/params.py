"""Query parameters shared by the time-series routes: times, ranges and the spans between them.

Each failure is a 400 that names the parameter (`details.field`) and says what it accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TypeVar

from atlhyper.master.errors import ApiError
from atlhyper.master.history.archive import parse_time

MAX_SPAN = timedelta(days=90)

_Span = TypeVar("_Span")


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


def range_span(range_: str | None, ranges: Mapping[str, _Span]) -> _Span:
    """The span a `range` names; the first hour when it is not given."""
    span = ranges.get(range_ or "1h")
    if span is None:
        raise ApiError(
            400,
            f"range must be one of {', '.join(ranges)}, got {range_!r}",
            details={"field": "range"},
        )
    return span


def check_span(first: datetime, last: datetime, names: tuple[str, str] = ("start", "end")) -> None:
    """`last` comes after `first`, at most `MAX_SPAN` later."""
    if last <= first:
        raise ApiError(400, f"{names[1]} must be after {names[0]}", details={"field": names[1]})
    if last - first > MAX_SPAN:
        raise ApiError(
            400,
            f"{names[0]} and {names[1]} may be at most 90 days apart",
            details={"field": names[0]},
        )
