"""Cron schedules as the CronJob controller parses them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from atlhyper.sim.cron import CronError, Schedule


def test_next_after_for_common_schedules() -> None:
    start = datetime(2026, 11, 22, 6, 7, 30, tzinfo=UTC)
    assert Schedule.parse("*/5 * * * *").next_after(start) == start.replace(minute=10, second=0)
    assert Schedule.parse("0 2 * * *").next_after(start) == datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    assert Schedule.parse("@hourly").next_after(start) == start.replace(hour=7, minute=0, second=0)
    monday = Schedule.parse("30 9 * * mon").next_after(start)
    assert monday == datetime(2026, 11, 23, 9, 30, tzinfo=UTC) and monday.weekday() == 0
    yearly = Schedule.parse("0 0 1 jan *").next_after(start)
    assert yearly == datetime(2027, 1, 1, tzinfo=UTC)


def test_day_fields_combine_with_or_when_both_restricted() -> None:
    schedule = Schedule.parse("0 0 1 * fri")
    assert schedule.matches(datetime(2026, 12, 1, tzinfo=UTC))  # the 1st (a Tuesday)
    assert schedule.matches(datetime(2026, 11, 27, tzinfo=UTC))  # a Friday
    assert not schedule.matches(datetime(2026, 11, 26, tzinfo=UTC))


@pytest.mark.parametrize(
    "text", ["* * * *", "61 * * * *", "a * * * *", "*/0 * * * *", "TZ=UTC * * * * *", "5-1 * * * *"]
)
def test_bad_schedules(text: str) -> None:
    with pytest.raises(CronError):
        Schedule.parse(text)
