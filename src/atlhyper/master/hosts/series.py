"""Host metric time series: buckets of `interval` seconds aggregated in SQL.

Rows of every resolution are read together: the roll-up replaces raw rows by minute rows (and
minute rows by hour rows) in one transaction, so resolutions never overlap in time, and a range
that reaches past the raw period reads the coarser rows there. Each row carries how many samples
it stands for, so a bucket's average weighs a minute row as the samples it replaced; its maximum
is the largest peak.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, func, literal_column, select

from atlhyper.master.db import Database
from atlhyper.master.db.tables import HostSampleRow

#: API name (as in the collector's batches) → column.
METRICS: dict[str, str] = {
    "cpuPercent": "cpu_percent",
    "memoryUsedBytes": "memory_used_bytes",
    "memoryTotalBytes": "memory_total_bytes",
    "diskReadBps": "disk_read_bps",
    "diskWriteBps": "disk_write_bps",
    "netRxBps": "net_rx_bps",
    "netTxBps": "net_tx_bps",
    "load1": "load1",
    "swapUsedBytes": "swap_used_bytes",
}
UNITS: dict[str, str] = {
    "cpuPercent": "percent",
    "memoryUsedBytes": "bytes",
    "memoryTotalBytes": "bytes",
    "diskReadBps": "bytes/s",
    "diskWriteBps": "bytes/s",
    "netRxBps": "bytes/s",
    "netTxBps": "bytes/s",
    "load1": "load",
    "swapUsedBytes": "bytes",
}
MAX_POINTS = 720
#: More buckets than this in one answer is a mistake (an interval far too small for the span).
MAX_BUCKETS = 20_000
# Intervals a chart reads well at; the first that draws a span in MAX_POINTS is the default.
NICE_INTERVALS = (
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
)  # fmt: skip


def bucket_start(at_ms: int, interval: int) -> int:
    """The start (epoch ms) of the `interval`-second bucket holding `at_ms`; epoch-aligned."""
    step = interval * 1000
    return at_ms - at_ms % step


def default_interval(span_seconds: float) -> int:
    """The finest nice interval that draws `span_seconds` in at most MAX_POINTS points."""
    for interval in NICE_INTERVALS:
        if span_seconds <= interval * MAX_POINTS:
            return interval
    return -(-int(span_seconds) // MAX_POINTS // 86400) * 86400  # whole days, rounded up


@dataclass(frozen=True, slots=True)
class Series:
    """Buckets oldest first: their starts (epoch ms), and per metric one (average, maximum, samples)
    per bucket; average and maximum are None where no sample measured the metric."""

    times_ms: list[int]
    values: dict[str, list[tuple[float | None, float | None, int]]]


def measured(column: Any) -> ColumnElement[Any]:
    """How many samples the rows stand for that measured `column`."""
    return func.sum(case((column.is_(None), 0), else_=HostSampleRow.sample_count))


def weighted_avg(column: Any) -> ColumnElement[Any]:
    """The mean over the samples the rows stand for; rows without a value do not count."""
    return func.sum(column * HostSampleRow.sample_count) / func.nullif(measured(column), 0)


@lru_cache(maxsize=256)
def _statement(interval: int, metrics: tuple[str, ...]) -> Select[Any]:
    """The query for one interval and set of metrics, built once: building the expression costs
    more than running it. Per metric: the weighted sum, the peak and the samples measured (the
    average is their quotient, taken in Python)."""
    row = HostSampleRow
    step: ColumnElement[int] = literal_column(str(int(interval) * 1000))
    columns: list[Any] = [(row.at_ms - row.at_ms % step).label("t")]
    for name in metrics:
        column = getattr(row, METRICS[name])
        columns += [
            func.sum(column * row.sample_count),
            func.max(getattr(row, f"{METRICS[name]}_max")),
            measured(column),
        ]
    return (
        select(*columns)
        .where(
            row.host_id == bindparam("host_id"),
            row.at_ms >= bindparam("start_ms"),
            row.at_ms < bindparam("end_ms"),
        )
        .group_by(literal_column("t"))
        .order_by(literal_column("t"))
    )


async def series(
    db: Database, host_id: str, start_ms: int, end_ms: int, interval: int, metrics: Sequence[str]
) -> Series:
    """Buckets in [start, end); buckets without any row are left out."""
    names = tuple(metrics)
    params = {"host_id": host_id, "start_ms": start_ms, "end_ms": end_ms}
    async with db.engine.connect() as conn:
        rows = (await conn.execute(_statement(interval, names), params)).all()
    if not rows:
        return Series([], {name: [] for name in names})
    columns = list(zip(*rows, strict=True))
    values = {}
    for i, name in enumerate(names):
        sums, peaks, counts = columns[1 + 3 * i : 4 + 3 * i]
        values[name] = [
            (total / count if count else None, peak, count or 0)
            for total, peak, count in zip(sums, peaks, counts, strict=True)
        ]
    return Series([int(t) for t in columns[0]], values)
