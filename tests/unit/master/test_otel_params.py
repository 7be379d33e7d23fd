"""Parameters of the OTel views: ranges made absolute, and every bad value refused with a 400
that names its parameter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from atlhyper.master.errors import ApiError
from atlhyper.master.otel import params as check
from atlhyper.master.otel.ranges import iso, resolve
from atlhyper.model.commands import METRIC_GROUPS, QueryLogsParams, QueryTracesParams

NOW = datetime(2026, 11, 22, 12, 0, 7, 250_000, tzinfo=UTC)


def _refused(call: Callable[[], Any]) -> str:
    with pytest.raises(ApiError) as caught:
        call()
    assert caught.value.status == 400
    field: str = caught.value.details["field"]
    return field


def test_a_named_range_ends_now_floored_to_ten_seconds() -> None:
    window = resolve("6h", None, None, NOW)
    assert window.end == datetime(2026, 11, 22, 12, 0, 0, tzinfo=UTC)
    assert window.end - window.start == timedelta(hours=6)
    assert resolve(None, None, None, NOW).end - resolve(None, None, None, NOW).start == timedelta(
        hours=1
    )
    same = resolve("6h", None, None, NOW + timedelta(seconds=2))
    assert same == window  # views opened within the same 10 s ask the same question
    assert window.view().end == "2026-11-22T12:00:00Z"


def test_start_and_end_are_taken_as_given() -> None:
    window = resolve(None, "2026-11-01T00:00:00.5+01:00", "2026-11-02T00:00:00Z", NOW)
    assert window.start == datetime(2026, 10, 31, 23, 0, 0, 500_000, tzinfo=UTC)
    assert window.view().start == "2026-10-31T23:00:00.500000Z"
    assert iso(window.end) == "2026-11-02T00:00:00Z"


@pytest.mark.parametrize(
    ("range_", "start", "end", "field"),
    [
        ("2h", None, None, "range"),
        ("1h; DROP TABLE otel_traces", None, None, "range"),
        ("1h", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "range"),
        (None, "2026-11-01T00:00:00Z", None, "end"),
        (None, None, "2026-11-01T00:00:00Z", "start"),
        (None, "last tuesday", "2026-11-01T00:00:00Z", "start"),
        (None, "2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z", "end"),  # start = end
        (None, "2026-11-02T00:00:00Z", "2026-11-01T00:00:00Z", "end"),
        (None, "2026-10-01T00:00:00Z", "2026-11-02T00:00:00Z", "start"),  # 32 days
        (None, "2025-01-01T00:00:00Z", "2026-11-02T00:00:00Z", "start"),
    ],
)
def test_bad_ranges(range_: str | None, start: str | None, end: str | None, field: str) -> None:
    assert _refused(lambda: resolve(range_, start, end, NOW)) == field


def test_the_longest_span_is_named() -> None:
    with pytest.raises(ApiError, match="at most 31 days apart"):
        resolve(None, "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", NOW)  # past 90 days too


def test_trace_ids() -> None:
    assert check.trace_id("0123456789ABCDEF0123456789abcdef") == "0123456789abcdef" * 2
    assert check.trace_id("0123456789abcdef") == "0123456789abcdef"
    for bad in ("", "xyz", "0123", "0" * 33, "' OR 1=1 --0123456789abcdef"):
        assert _refused(lambda bad=bad: check.trace_id(bad)) == "traceId"  # type: ignore[misc]


def test_metric_names() -> None:
    assert check.metric_names(None) == list(METRIC_GROUPS)
    assert check.metric_names("cpu, memory,cpu,node_load15") == ["cpu", "memory", "node_load15"]
    for bad in (
        "gpu",
        "node_",
        "node_x;DROP",
        "cpu,,', ",
        ",".join(f"node_m{i}" for i in range(21)),
    ):
        assert _refused(lambda bad=bad: check.metric_names(bad)) == "metrics"  # type: ignore[misc]


def test_severities() -> None:
    assert check.severities(["error", "WARN", "error"]) == ["ERROR", "WARN"]
    assert check.severities(None) == []
    assert _refused(lambda: check.severities(["LOUD"])) == "severity"


def test_command_params_name_the_query_parameter() -> None:
    times = {"start": "2026-11-01T00:00:00Z", "end": "2026-11-01T01:00:00Z"}
    built = check.command_params(QueryTracesParams, {**times, "service": "x' OR '1'='1"})
    assert built.service == "x' OR '1'='1"  # odd text is only text: it is bound, never spliced
    assert _refused(lambda: check.command_params(QueryTracesParams, {**times, "limit": 0})) == (
        "limit"
    )
    too_many = {**times, "services": ["s"] * 51}
    names = {"services": "service"}
    assert _refused(lambda: check.command_params(QueryLogsParams, too_many, names)) == "service"
