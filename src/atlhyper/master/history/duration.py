"""Durations in settings, written the way operators write them: `30d`, `12h`, `90m` or seconds."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)


class Span(timedelta):
    """A timedelta that prints as it is written in settings (`30d`), e.g. in the README table."""

    def __str__(self) -> str:
        seconds = self.total_seconds()
        for unit in ("d", "h", "m"):
            if seconds % _UNITS[unit] == 0:
                return f"{seconds // _UNITS[unit]:.0f}{unit}"
        return f"{seconds:g}s"


def parse_duration(value: Any) -> timedelta:
    """A positive duration from `30d`, `12h`, `90m`, `45s`, `2w`, plain seconds or a timedelta."""
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str) and (match := _TEXT.match(value)):
        number, unit = match.groups()
        seconds = float(number) * _UNITS[unit.lower() or "s"]
    else:
        raise ValueError(
            f"{value!r} is not a duration; write a number with a unit s, m, h, d or w"
            " (30d, 12h, 90m) or plain seconds"
        )
    if seconds <= 0:
        raise ValueError("a duration must be longer than zero")
    return Span(seconds=seconds)


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
