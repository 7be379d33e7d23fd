"""Standard five-field cron schedules, as the CronJob controller reads `spec.schedule`.

Supports `*`, lists, ranges, steps (`*/5`, `1-30/2`), month and weekday names, and the
`@hourly`-style macros; the day-of-month and day-of-week fields combine with OR when both are
restricted, as in Vixie cron and the upstream controller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

_MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
_NAMES = {3: {m: i + 1 for i, m in enumerate(_MONTHS)}, 4: {d: i for i, d in enumerate(_DAYS)}}
_BOUNDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 6))


class CronError(ValueError):
    """A schedule that does not parse; the message is what the API server would say."""


@dataclass(frozen=True, slots=True)
class Schedule:
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    days_restricted: bool
    weekdays_restricted: bool

    @classmethod
    def parse(cls, text: str) -> Schedule:
        text = _MACROS.get(text.strip().lower(), text.strip())
        if text.upper().startswith(("TZ=", "CRON_TZ=")):
            raise CronError("cannot use TZ or CRON_TZ in schedule, use timeZone field instead")
        fields = text.split()
        if len(fields) != 5:
            raise CronError(f"expected exactly 5 fields, found {len(fields)}: {text}")
        minutes, hours, days, months, weekdays = (
            _field(value, index) for index, value in enumerate(fields)
        )
        return cls(
            minutes,
            hours,
            days,
            months,
            weekdays,
            days_restricted=fields[2] not in ("*", "?"),
            weekdays_restricted=fields[4] not in ("*", "?"),
        )

    def matches(self, when: datetime) -> bool:
        if when.minute not in self.minutes or when.hour not in self.hours:
            return False
        if when.month not in self.months:
            return False
        day = when.day in self.days
        weekday = (when.isoweekday() % 7) in self.weekdays
        if self.days_restricted and self.weekdays_restricted:
            return day or weekday
        return day and weekday

    def next_after(self, when: datetime) -> datetime | None:
        """The first matching minute strictly after `when` (within about four years)."""
        candidate = when.replace(second=0, microsecond=0) + timedelta(minutes=1)
        for _ in range(4 * 366 * 24 * 60):
            if candidate.month not in self.months:
                candidate = (
                    candidate.replace(day=1, hour=0, minute=0) + timedelta(days=32)
                ).replace(day=1)
                continue
            if self.matches(candidate):
                return candidate
            if candidate.hour not in self.hours:
                candidate = candidate.replace(minute=0) + timedelta(hours=1)
            else:
                candidate += timedelta(minutes=1)
        return None


def _field(text: str, index: int) -> frozenset[int]:
    low, high = _BOUNDS[index]
    values: set[int] = set()
    for part in text.lower().split(","):
        body, _, step_text = part.partition("/")
        step = _number(step_text, index) if step_text else 1
        if step <= 0:
            raise CronError(f"step must be positive: {part}")
        if body in ("*", "?"):
            start, end = low, high
        elif "-" in body:
            first, _, last = body.partition("-")
            start, end = _number(first, index), _number(last, index)
        else:
            start = _number(body, index)
            end = high if step_text else start
        if index == 4:
            start, end = start % 7 if start == 7 else start, 6 if end == 7 else end
        if not (low <= start <= high and low <= end <= high) or start > end:
            raise CronError(f"end of range ({end}) above maximum ({high}): {part}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


def _number(text: str, index: int) -> int:
    names = _NAMES.get(index, {})
    if text in names:
        return names[text]
    if not text.isdigit():
        raise CronError(f"failed to parse int from {text}: strconv.Atoi: parsing {text!r}")
    return int(text)
