"""Minutes of APM counts kept in the Agent's memory: the summary's services and topology
without reading its whole window at every refresh.

The Agent only reads ClickHouse, so the one-minute rollup OTEL_CLICKHOUSE.md §4 measured lives
here. Per minute (the minute a span started), per service (its server spans) and per edge
(caller, callee, kind; counted in the minute of the caller's client span): the requests, the
errors and a histogram of durations on a log scale, bucket ⌊log2(ns) · 32⌋, so a bucket spans a
factor 2^(1/32) (2.2 %). ClickHouse computes the buckets; the minutes merge in Python.

Percentiles are read by rank: the sample quantile at index ⌊q · n⌋ (as `quantileExact` picks
it), placed inside its bucket by interpolating the rank geometrically. The estimate and the
exact sample quantile lie in the same bucket, so they differ by less than 2^(1/32) - 1 = 2.19 %,
whatever the distribution (the whole-range `quantilesTDigest` has no such bound).

Filling (`ApmRollup.refresh`): the first fill reads the whole window (in parts of FILL_PART,
chained as fills are). Each later one reads again from OVERLAP before the previous fill's end
(on a minute) to now, and those minutes are replaced wholly by what it found; minutes before
the window are dropped. So spans written up to OVERLAP late are counted. A call is found when
its client and server spans are in one read (both are read over the same range, as `apm.edges`
does): a server span starts after its client span, so a call split by a fill's end is found by
the next fill, which reads the client span's minute again with the server span. The rule: a
call whose server span starts more than OVERLAP after its client span is counted only if both
land in one read (as `apm.edges` misses a call split by the start of its range). Database calls
are client spans alone, as in `apm.edges`.

Memory: per minute and service or edge, 6 bytes per non-empty bucket (about 150 at a few
thousand spans a minute) and the window's totals, one dict per service or edge: 4.4 MiB in all
for the benchmark's hour (10M spans, 17 services, 26 edges).
"""

from __future__ import annotations

import asyncio
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any

from atlhyper.agent.otel import apm
from atlhyper.agent.otel.context import OtelContext
from atlhyper.model.otel import ApmService, ServiceEdge

MINUTE = 60
#: Seconds before the previous fill's end that each fill reads again.
OVERLAP = 120
#: Seconds of spans one read covers at most: a fill over more (the first, over the whole window)
#: reads in parts, chained as fills are, so no statement grows with the window (the Agent's
#: queries have a time limit, 30 s by default). Over OVERLAP + MINUTE, so each part gets further.
FILL_PART = 900
#: Seconds one fill may take. It runs in a task of its own, so a summary refresh that gives up
#: first does not waste it: the next refresh waits for it and goes on from it.
FILL_TIMEOUT_SECONDS = 600.0
#: Histogram buckets per doubling of the duration.
BUCKETS_PER_OCTAVE = 32

#: A span's minute and histogram bucket in one number (one GROUP BY key, one aggregate state
#: in the calls' GROUP BY): epoch minute · _SLOTS + ⌊log2(Duration) · 32⌋ (0 and 1 ns share
#: bucket 0; 2^64 ns is bucket 2,048).
_SLOTS = 4096
_SLOT = (
    f"toUInt64(intDiv(toUnixTimestamp(Timestamp), {MINUTE})) * {_SLOTS} "
    f"+ toUInt16(floor(log2(greatest(Duration, 1)) * {BUCKETS_PER_OCTAVE}))"
)
#: The minute (epoch seconds) and the bucket of a `slot` column.
_MINUTE_OF = f"intDiv(slot, {_SLOTS}) * {MINUTE} AS minute"
_BUCKET_OF = f"slot % {_SLOTS} AS bucket"

Key = tuple[str, ...]


@dataclass(slots=True)
class _Counts:
    """One service's or edge's spans in one minute; buckets as parallel arrays."""

    requests: int = 0
    errors: int = 0
    buckets: array[int] = field(default_factory=lambda: array("h"))
    counts: array[int] = field(default_factory=lambda: array("I"))


#: Per minute start (epoch seconds), per key, the counts.
ByMinute = dict[int, dict[Key, _Counts]]


@dataclass(slots=True)
class _Total:
    """One service's or edge's spans over the held minutes."""

    requests: int = 0
    errors: int = 0
    histogram: dict[int, int] = field(default_factory=dict)

    def add(self, counts: _Counts, sign: int) -> None:
        self.requests += sign * counts.requests
        self.errors += sign * counts.errors
        histogram = self.histogram
        for bucket, count in zip(counts.buckets, counts.counts, strict=True):
            left = histogram.get(bucket, 0) + sign * count
            if left:
                histogram[bucket] = left
            else:
                del histogram[bucket]

    def figures(self, seconds: float) -> apm.Figures:
        """What ApmService and ServiceEdge say of these spans over `seconds`."""
        p50, p99 = quantiles_ns(self.histogram, (0.5, 0.99))
        return apm.figures(self.requests, self.errors, seconds, p50, p99)


def quantile_ns(histogram: Mapping[int, int], q: float) -> float:
    """The sample quantile at rank ⌊q · n⌋ of a bucket histogram, in nanoseconds, within
    2^(1/32) of the exact one; 0 when empty."""
    return quantiles_ns(histogram, (q,))[0]


def quantiles_ns(histogram: Mapping[int, int], qs: Sequence[float]) -> list[float]:
    """`quantile_ns` of each of `qs`, sorting the buckets once."""
    total = sum(histogram.values())
    if not total:
        return [0.0 for _ in qs]
    buckets = sorted(histogram)
    through = list(accumulate(histogram[bucket] for bucket in buckets))  # spans up to each
    found = []
    for q in qs:
        rank = min(total - 1, int(q * total))
        index = bisect_right(through, rank)  # the first bucket holding more than `rank` spans
        count = histogram[buckets[index]]
        share = (rank - (through[index] - count) + 0.5) / count  # the rank's place in it
        found.append(float(2 ** ((buckets[index] + share) / BUCKETS_PER_OCTAVE)))
    return found


class _Minutes:
    """Per minute, per key, the counts; and their totals over every held minute, kept as
    minutes come and go so that an answer never merges the minutes again."""

    def __init__(self) -> None:
        self.minutes: ByMinute = {}
        self.totals: dict[Key, _Total] = {}

    def replace(self, since: int, found: ByMinute) -> None:
        """The minutes from `since` on become `found` (a minute absent from it is empty)."""
        self.drop(lambda minute: minute >= since)
        for minute, by_key in found.items():
            self.minutes[minute] = by_key
            for key, counts in by_key.items():
                self.totals.setdefault(key, _Total()).add(counts, 1)

    def drop(self, which: Callable[[int], bool]) -> None:
        for minute in [minute for minute in self.minutes if which(minute)]:
            for key, counts in self.minutes.pop(minute).items():
                total = self.totals[key]
                total.add(counts, -1)
                if not total.requests:
                    del self.totals[key]

    def nbytes(self) -> int:
        return sum(
            counts.buckets.itemsize * len(counts.buckets)
            + counts.counts.itemsize * len(counts.counts)
            for by_key in self.minutes.values()
            for counts in by_key.values()
        )


def _by_minute(rows: Iterable[Sequence[Any]]) -> ByMinute:
    """Rows (minute, *key, bucket, count, errors) as counts per minute and key."""
    found: ByMinute = {}
    for row in rows:
        minute, key, (bucket, count, errors) = int(row[0]), tuple(row[1:-3]), row[-3:]
        counts = found.setdefault(minute, {}).get(key)
        if counts is None:
            counts = found[minute][key] = _Counts()
        counts.requests += int(count)
        counts.errors += int(errors)
        counts.buckets.append(int(bucket))
        counts.counts.append(int(count))
    return found


class ApmRollup:
    """The minutes [start, until) (epoch seconds; `until` 0: never filled), kept for the
    Agent's lifetime. Fills run one at a time; the answers (`services`, `edges`) never await,
    so they see the minutes before or after a read, never half of one. A failed fill keeps
    what its finished reads brought (none, unless it read in parts)."""

    def __init__(self, fill_timeout_seconds: float = FILL_TIMEOUT_SECONDS) -> None:
        self.fill_timeout_seconds = fill_timeout_seconds
        self.start = 0
        self.until = 0.0
        self.namespaces: dict[str, str] = {}
        self._services = _Minutes()
        self._edges = _Minutes()
        self._lock = asyncio.Lock()
        self._filling: asyncio.Task[None] | None = None

    async def refresh(self, ctx: OtelContext, start: datetime, end: datetime) -> None:
        """Hold the minutes from the one holding `start` up to `end`, reading only what is not
        held yet (and OVERLAP before it). The fill runs in a task that outlives a caller who
        stops waiting (the summary's timeout): the next refresh then waits for it and goes on
        from where it got."""
        previous = self._filling
        if previous is not None and not previous.done():
            await asyncio.wait({previous})
        self._filling = asyncio.create_task(self._fill(ctx, start, end))
        await asyncio.shield(self._filling)

    def services(self) -> list[ApmService]:
        """Each service's server spans over the held minutes, by name."""
        seconds = self.until - self.start
        found = [
            ApmService(name=name, namespace=self.namespaces.get(name, ""), **total.figures(seconds))
            for (name,), total in self._services.totals.items()
        ]
        return sorted(found, key=lambda service: service.name)

    def edges(self) -> list[ServiceEdge]:
        """Calls between services and to databases over the held minutes (rate, errors and
        latency of the callers' client spans), by source and target."""
        seconds = self.until - self.start
        found = [
            ServiceEdge(
                source=source,
                target=target,
                kind="db" if kind == "db" else "http",
                **total.figures(seconds),
            )
            for (source, target, kind), total in self._edges.totals.items()
        ]
        return sorted(found, key=lambda edge: (edge.source, edge.target, edge.kind))

    def nbytes(self) -> int:
        """Bytes of bucket arrays held (the minutes; the totals and keys come on top)."""
        return self._services.nbytes() + self._edges.nbytes()

    async def _fill(self, ctx: OtelContext, start: datetime, end: datetime) -> None:
        async with self._lock, asyncio.timeout(self.fill_timeout_seconds):
            first = _minute(start.timestamp())
            since = first
            if first <= self.until <= end.timestamp():  # held: go on from the last fill
                since = max(first, _minute(self.until - OVERLAP))
            while True:
                stop = datetime.fromtimestamp(since + FILL_PART, UTC)
                if stop >= end - timedelta(seconds=MINUTE):  # no part of a few seconds
                    stop = end
                if stop < end:
                    services, edges = await _read(ctx, since, stop)
                else:
                    (services, edges), recent = await asyncio.gather(
                        _read(ctx, since, stop),
                        apm.recent_namespaces(ctx, datetime.fromtimestamp(since, UTC), end),
                    )
                # No await from here on: the minutes change at once.
                for minutes, fresh in ((self._services, services), (self._edges, edges)):
                    minutes.replace(since, fresh)
                    minutes.drop(lambda minute: minute < first)
                self.start, self.until = first, stop.timestamp()
                if stop == end:
                    break
                since = _minute(self.until - OVERLAP)
            names = {name for (name,) in self._services.totals}
            known = {n: ns for n, ns in {**self.namespaces, **recent}.items() if n in names}
            self.namespaces = await apm.complete_namespaces(
                ctx, known, names, datetime.fromtimestamp(first, UTC), end
            )


def _minute(seconds: float) -> int:
    """The start of the minute holding an epoch time."""
    return int(seconds) // MINUTE * MINUTE


async def _read(ctx: OtelContext, since: int, end: datetime) -> tuple[ByMinute, ByMinute]:
    """The services' and the edges' minutes in [since, end)."""
    table = ctx.table("otel_traces")
    start = datetime.fromtimestamp(since, UTC)
    served, called, databases = await asyncio.gather(
        ctx.client.query(
            f"SELECT {_MINUTE_OF}, ServiceName, {_BUCKET_OF}, requests, errors FROM ("
            f"SELECT {_SLOT} AS slot, ServiceName, count() AS requests, {apm.ERROR_COUNT} AS "
            f"errors FROM {table} WHERE {apm.SERVED} GROUP BY slot, ServiceName)",
            apm.window_params(start, end, **apm.SERVED_PARAMS),
        ),
        ctx.client.query(
            f"SELECT {_MINUTE_OF}, caller, callee, 'http', {_BUCKET_OF}, requests, errors FROM ("
            "SELECT value AS slot, caller, callee, count() AS requests, sum(failed) AS errors "
            f"FROM ({apm.calls(table, _SLOT)}) GROUP BY slot, caller, callee)",
            apm.window_params(start, end, **apm.CALLS_PARAMS),
        ),
        ctx.client.query(
            f"SELECT {_MINUTE_OF}, ServiceName, peer, 'db', {_BUCKET_OF}, requests, errors FROM ("
            f"SELECT {_SLOT} AS slot, ServiceName, {apm.DB_PEER} AS peer, count() AS requests, "
            f"{apm.ERROR_COUNT} AS errors FROM {table} WHERE {apm.DB_CALLS} "
            "GROUP BY slot, ServiceName, peer)",
            apm.window_params(start, end, **apm.DB_CALLS_PARAMS),
        ),
    )
    services, edges, to_databases = await asyncio.gather(  # off the event loop
        *(asyncio.to_thread(_by_minute, found.rows) for found in (served, called, databases))
    )
    for minute, by_key in to_databases.items():
        edges.setdefault(minute, {}).update(by_key)  # kinds differ: no key is in both
    return services, edges


async def services_and_edges(
    ctx: OtelContext, start: datetime, end: datetime
) -> tuple[list[ApmService], list[ServiceEdge]]:
    """The summary's services and edges over [start, end): from the Agent's rollup when the
    context holds one (one incremental read; its minutes start on the minute holding `start`),
    else whole-range SQL. Empty when ClickHouse has no traces table."""
    if "otel_traces" not in ctx.schema.tables:
        return [], []
    rollup = ctx.apm_rollup
    if rollup is None:
        return await asyncio.gather(apm.services(ctx, start, end), apm.edges(ctx, start, end))
    await rollup.refresh(ctx, start, end)
    return rollup.services(), rollup.edges()
