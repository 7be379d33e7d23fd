"""The SLO hours held in memory: windows summed from them (plus a fresh read of the current
hour) equal the direct 30-day read exactly, for both kinds and both schema generations, over
data with proxy restarts and spanning hour boundaries, and at the window's start for series
older than the oldest rows; late rows of the last two hours are read again; a cold cache falls
back to the direct read; a failed fill keeps the hours; fills run one at a time; old hours are
dropped; and the summary's refresh warms them without waiting.

The data: a 20-minute burst across an hour boundary 20 days ago (30d only) and 3 days ago (7d),
and 150 minutes ending now. Each burst starts with fresh proxies: the sim gives a series that
appears later its proxy's start as StartTimeUnix, and one appearing more than LOOKBACK_HOURS
after it is a documented difference (collectors leave StartTimeUnix 0, or start a series at its
first point).
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest

from atlhyper.agent.clickhouse import ClickHouse, ClickHouseConfig, ClickHouseError
from atlhyper.agent.otel import promql, slo
from atlhyper.agent.otel.context import OtelContext, iso
from atlhyper.agent.otel.slo_hours import HOUR, SloHours, Sums, per_kind
from atlhyper.agent.otel.summary import SummaryCache
from atlhyper.model.commands import QuerySloParams
from atlhyper.model.otel import OtelSummary, SloResult
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine
from atlhyper.sim.otel.generator import OtelGenerator, insert_rows, write
from atlhyper.sim.otel.metrics import LINKERD_BOUNDS, TRAEFIK_BOUNDS
from atlhyper.sim.otel.topology import demo_topology
from atlhyper.sim.otel.traces import seconds_text
from tests.unit.agent.conftest import HOSTS, connect, counter_drops, create_database, idle_context
from tests.unit.conftest import ClickHouseHttpServer

_NS = 1_000_000_000
SCRAPE = 60
DAY = 86_400
STRETCH = 150 * 60
KINDS = ("ingress", "service")


class Recording(ClickHouse):
    """The Agent's client, noting the parameters of each query and how many run at once per
    kind (by the metric names read)."""

    def __init__(self, config: ClickHouseConfig) -> None:
        super().__init__(config)
        self.reads: list[dict[str, Any]] = []
        self.running: dict[str, int] = {}
        self.most: dict[str, int] = {}

    async def query(
        self,
        sql: str,
        params: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> Any:
        found = dict(params or {})
        self.reads.append(found)
        kind = "ingress" if "traefik" in str(found.get("metrics")) else "service"
        self.running[kind] = self.running.get(kind, 0) + 1
        self.most[kind] = max(self.most.get(kind, 0), self.running[kind])
        try:
            return await super().query(sql, params, settings)
        finally:
            self.running[kind] -= 1

    def oldest_window_read(self) -> int:
        """The first second the reads of the three windows (marks m0 to m2) covered."""
        return min(int(read["since"]) for read in self.reads if "m2" in read)

    def oldest_read(self) -> int:
        """The first second any read covered (the windows', and an item's series)."""
        return min(int(read["since"]) for read in self.reads)


async def _context(server: ClickHouseHttpServer, database: str) -> OtelContext:
    return await connect(server, database, Recording, ingress_hosts=lambda: HOSTS)


def _warm(ctx: OtelContext) -> OtelContext:
    """The same client and schema, holding SLO hours."""
    return dataclasses.replace(ctx, slo_hours=per_kind())


def _client(ctx: OtelContext) -> Recording:
    assert isinstance(ctx.client, Recording)
    return ctx.client


def _params(now: datetime, kind: str, **extra: Any) -> QuerySloParams:
    body = {"start": iso(now - timedelta(days=4)), "end": iso(now), "kind": kind}
    return msgspec.convert({**body, **extra}, QuerySloParams)


def _hour(moment: datetime) -> int:
    return int(moment.timestamp()) // HOUR * HOUR


@dataclass
class Dataset:
    ctx: OtelContext  # without hours: every window a direct read
    generation: schema.Generation
    now: datetime


@pytest.fixture(scope="module")
async def data(
    generation: schema.Generation,
    otel_database: str,
    chdb_engine: Engine,
    clickhouse_http: ClickHouseHttpServer,
) -> AsyncIterator[Dataset]:
    end_ns = time.time_ns() // (SCRAPE * _NS) * SCRAPE * _NS
    end = end_ns // _NS
    bursts = [((end - days * DAY) // HOUR * HOUR - 600, 1200, 2.0) for days in (20, 3)] + [
        (end - STRETCH, STRETCH, 0.3)
    ]
    generator = OtelGenerator(demo_topology(), 11, bursts[0][0] * _NS, generation)
    generator.metrics.reset_probability = 0.02  # proxies restart inside the bursts too
    for start, seconds, rate in bursts:
        for scraper in (generator.metrics.traefik, *generator.metrics.proxies.values()):
            scraper.reset(start * _NS)
        batch, scrapes = generator.window(start * _NS, (start + seconds) * _NS, rate, SCRAPE)
        write(chdb_engine, otel_database, batch, scrapes)
    # Restarts inside the bursts: counters going down.
    assert counter_drops(chdb_engine, otel_database, "response_total") > 0
    ctx = await _context(clickhouse_http, otel_database)
    yield Dataset(ctx, generation, datetime.fromtimestamp(end + 1, UTC))
    ctx.client.close()


async def _both(
    cold: OtelContext, warm: OtelContext, params: QuerySloParams, now: datetime
) -> SloResult:
    """The warm answer, after checking it equals the direct one."""
    direct = await slo.query_slo(cold, params, now)
    client = _client(warm)
    client.reads.clear()
    found = await slo.query_slo(warm, params, now)
    assert found == direct
    # … and it came from the hours: nothing read before the fresh part's look-back, neither
    # for the windows nor, with a name and a step of whole hours, for the item's series.
    assert client.oldest_read() >= _hour(now) - HOUR - slo.LOOKBACK_HOURS
    return found


async def _month_series(
    cold: OtelContext, warm: OtelContext, kind: str, name: str, now: datetime
) -> None:
    """A 30-day series (12-hour steps): its first bucket starts before the 30 days held, and is
    the only part read from before them, as a direct read reads it; the rest is the hours.
    It starts an hour before the hours held: `now - 30 days` would start the first bucket with
    them during the first hour of each 12-hour bucket."""
    held = _hour(now) - 30 * DAY
    start = datetime.fromtimestamp(held - HOUR, UTC)
    month = msgspec.structs.replace(
        _params(now, kind, name=name, start=iso(start)), step_seconds=12 * HOUR
    )
    direct = await slo.query_slo(cold, month, now)
    client = _client(warm)
    client.reads.clear()
    found = await slo.query_slo(warm, month, now)
    assert found == direct and found.step_seconds == 12 * HOUR
    assert sum(b.requests for b in found.items[0].series) > 0
    begin = (held - HOUR) // (12 * HOUR) * 12 * HOUR
    assert begin < held
    early = [read for read in client.reads if int(read["since"]) < held]
    assert early and all(int(read["until"]) <= begin + 12 * HOUR for read in early)


async def test_warm_windows_equal_the_direct_read(data: Dataset) -> None:
    warm = _warm(data.ctx)
    await slo.warm(warm, data.now)
    assert warm.slo_hours is not None
    for kind in KINDS:
        hours = warm.slo_hours[kind]
        assert hours.end == _hour(data.now)
        assert hours.start == hours.end - 30 * DAY
        result = await _both(data.ctx, warm, _params(data.now, kind), data.now)
        assert len(result.items) >= (1 if kind == "ingress" else 3)
        for item in result.items:
            day, week, month = item.windows
            assert day.requests <= week.requests <= month.requests, (kind, item.name)
            assert month.latency_below[-1] <= month.requests
        day_, week_, month_ = (sum(i.windows[w].requests for i in result.items) for w in range(3))
        assert 0 < day_ < week_ < month_  # every burst counted, each in its windows
        assert any(w.errors for item in result.items for w in item.windows)
    # One item of each kind with its series over 4 days (2-hour steps, from the hours), and
    # an hour later, with the last hour fresh.
    later = data.now + timedelta(hours=1)
    for kind in KINDS:
        name = (await slo.query_slo(data.ctx, _params(data.now, kind), data.now)).items[0].name
        one = await _both(data.ctx, warm, _params(data.now, kind, name=name), data.now)
        assert [i.name for i in one.items] == [name] and one.step_seconds == 2 * HOUR
        assert sum(b.requests for b in one.items[0].series) > 0
        await _both(data.ctx, warm, _params(later, kind, name=name), later)
        await _month_series(data.ctx, warm, kind, name, data.now)
    for kind in KINDS:
        await _both(data.ctx, warm, _params(later, kind), later)


async def test_cold_hours_fall_back_to_the_direct_read(data: Dataset) -> None:
    cold = _warm(data.ctx)
    assert cold.slo_hours is not None
    params = _params(data.now, "service")
    direct = await slo.query_slo(data.ctx, params, data.now)
    client = _client(cold)
    client.reads.clear()
    assert await slo.query_slo(cold, params, data.now) == direct  # never filled
    assert client.oldest_window_read() < _hour(data.now) - 30 * DAY
    hours = cold.slo_hours["service"]
    async with hours.lock:  # a first fill under way
        client.reads.clear()
        assert await slo.query_slo(cold, params, data.now) == direct
        assert client.oldest_window_read() < _hour(data.now) - 30 * DAY


Row = dict[str, Any]


def _rows(at: int, tag: str, started: int | None = None) -> tuple[list[Row], list[Row]]:
    """Traefik's `tag-web-80@kubernetes` and Linkerd's `late/tag`, started at `started` (default
    `at`), with 2, 3 and 7 requests (the last failed) one, two and three minutes after `at`."""
    traefik = {"service": f"{tag}-web-80@kubernetes"}
    linkerd = {"direction": "inbound", "namespace": "late", "deployment": tag}
    counter = {"AggregationTemporality": 2, "IsMonotonic": True}
    sums: list[Row] = []
    histograms: list[Row] = []
    for minute, total, failed in ((1, 2, 0), (2, 3, 0), (3, 7, 1)):
        point = {
            "StartTimeUnix": seconds_text((at if started is None else started) * _NS),
            "TimeUnix": seconds_text((at + 60 * minute) * _NS),
        }
        for ok, count in ((True, total - failed), (False, failed)):
            sums.append(
                {
                    **point,
                    **counter,
                    "MetricName": "traefik_service_requests_total",
                    "Attributes": {**traefik, "code": "200" if ok else "503"},
                    "Value": count,
                }
            )
            sums.append(
                {
                    **point,
                    **counter,
                    "MetricName": "response_total",
                    "Attributes": {**linkerd, "classification": "success" if ok else "failure"},
                    "Value": count,
                }
            )
        for name, bounds, labels in (
            ("traefik_service_request_duration_seconds", TRAEFIK_BOUNDS, traefik),
            ("response_latency_ms", LINKERD_BOUNDS, linkerd),
        ):
            buckets = [0] * (len(bounds) + 1)
            buckets[1], buckets[-1] = total - failed, failed
            histograms.append(
                {
                    **point,
                    "MetricName": name,
                    "Attributes": labels,
                    "Count": total,
                    "Sum": 0.0,
                    "BucketCounts": buckets,
                    "ExplicitBounds": list(bounds),
                    "AggregationTemporality": 2,
                }
            )
    return sums, histograms


async def test_late_rows_of_the_last_two_hours_are_read_again(
    chdb_engine: Engine, clickhouse_http: ClickHouseHttpServer
) -> None:
    database = create_database(chdb_engine, "current")
    ctx = await _context(clickhouse_http, database)
    warm = _warm(ctx)
    now = datetime.now(UTC)
    hour = _hour(now)
    await slo.warm(warm, now)
    # Rows of two and three hours ago arrive after that fill.
    for at, tag in ((hour - 2 * HOUR + 600, "recent"), (hour - 3 * HOUR + 600, "older")):
        sums, histograms = _rows(at, tag)
        insert_rows(chdb_engine, f"{database}.{schema.SUM}", sums)
        insert_rows(chdb_engine, f"{database}.{schema.HISTOGRAM}", histograms)
    names = {"ingress": "recent-web-80@kubernetes", "service": "late/recent"}
    for kind in KINDS:
        direct = await slo.query_slo(ctx, _params(now, kind), now)
        assert len(direct.items) == 2
        assert [(w.requests, w.errors) for w in direct.items[1].windows] == [(7, 1)] * 3
        assert (await slo.query_slo(warm, _params(now, kind), now)).items == []
    await slo.warm(warm, now)
    for kind in KINDS:
        direct = await slo.query_slo(ctx, _params(now, kind), now)
        found = await slo.query_slo(warm, _params(now, kind), now)
        # The last two complete hours were read again; three hours back is past REREAD.
        assert [item.name for item in found.items] == [names[kind]]
        assert found.items == [item for item in direct.items if item.name == names[kind]]
    ctx.client.close()


async def test_the_window_start_is_read_as_a_direct_read(
    chdb_engine: Engine, clickhouse_http: ClickHouseHttpServer
) -> None:
    """Series running since before the oldest rows (a table's TTL cuts them so): their first
    point does not count in full, as the window holds only part of what it counted."""
    database = create_database(chdb_engine, "current")
    ctx = await _context(clickhouse_http, database)
    warm = _warm(ctx)
    now = datetime.now(UTC)
    window = _hour(now) - 30 * DAY
    sums, histograms = _rows(window, "edge", started=window - 2 * HOUR)
    insert_rows(chdb_engine, f"{database}.{schema.SUM}", sums)
    insert_rows(chdb_engine, f"{database}.{schema.HISTOGRAM}", histograms)
    await slo.warm(warm, now)
    for kind in KINDS:
        found = await _both(ctx, warm, _params(now, kind), now)
        assert [(w.requests, w.errors) for w in found.items[0].windows] == [(0, 0), (0, 0), (5, 1)]
    ctx.client.close()


async def test_a_failed_fill_keeps_the_hours(data: Dataset) -> None:
    warm = _warm(data.ctx)
    await slo.warm(warm, data.now)
    assert warm.slo_hours is not None

    def held() -> dict[str, Any]:
        assert warm.slo_hours is not None
        return {
            kind: (hours.start, hours.end, hours.sums([hours.start], hours.end))
            for kind, hours in warm.slo_hours.items()
        }

    before = held()
    broken = dataclasses.replace(warm, database="no_such_database")
    with pytest.raises(ClickHouseError):
        await slo.warm(broken, data.now + timedelta(hours=3))
    assert held() == before
    assert not any(hours.lock.locked() for hours in warm.slo_hours.values())
    for kind in KINDS:
        await _both(data.ctx, warm, _params(data.now, kind), data.now)


async def test_fills_run_one_at_a_time(data: Dataset) -> None:
    warm = _warm(data.ctx)
    client = _client(warm)
    client.reads.clear()
    client.most.clear()
    await asyncio.gather(slo.warm(warm, data.now), slo.warm(warm, data.now))
    assert client.most == {"ingress": 2, "service": 2}  # one fill's two queries per kind
    hour = _hour(data.now)
    window = hour - 30 * DAY
    first = [window + part * slo.FILL_PART for part in range(1, 5)]  # 30 days in parts
    again = [hour - slo.REREAD]  # the second fill waited, then read two hours again
    assert sorted({int(read["since"]) for read in client.reads}) == [
        window - promql.LOOKBACK,  # the window's first hour as a direct read reads it
        *(start - slo.LOOKBACK_HOURS for start in first + again),
    ]


# ---------------------------------------------------------------- the hours alone


def _fill(hours: SloHours, start: int, stop: int, keys: list[tuple[str, ...]]) -> None:
    """Each hour of each key: requests = its hour number, errors = that mod 3, and latency
    buckets (1, 2, hour number)."""
    ats = range(start, stop, HOUR)
    hours.replace(
        start,
        stop,
        {(key, at): (at // HOUR, at // HOUR % 3) for key in keys for at in ats},
        {(key, at): {(0.1, 0.3): [1, 2, at // HOUR]} for key in keys for at in ats},
    )


def test_windows_sum_their_hours() -> None:
    hours = SloHours()
    base = 1000 * HOUR
    _fill(hours, base, base + 40 * HOUR, [("a",)])
    _fill(hours, base + 38 * HOUR, base + 41 * HOUR, [("a",), ("b",)])  # re-read, one more
    hours.replace(base + 41 * HOUR, base + 42 * HOUR, {}, {})  # an hour without data
    assert (hours.start, hours.end) == (base, base + 42 * HOUR)
    starts = [base + 30 * HOUR, base - 5 * HOUR, base + 10 * HOUR]
    found = hours.sums(starts, base + 42 * HOUR)
    for key, first in ((("a",), base), (("b",), base + 38 * HOUR)):
        for start, sums in zip(starts, found[key], strict=True):
            numbers = [at // HOUR for at in range(max(start, first), base + 41 * HOUR, HOUR)]
            assert sums.requests == sum(numbers)
            assert sums.errors == sum(n % 3 for n in numbers)
            assert sums.latency == {(0.1, 0.3): [len(numbers), 2 * len(numbers), sum(numbers)]}
    # A start after a gap starts over.
    _fill(hours, base + 50 * HOUR, base + 51 * HOUR, [("c",)])
    assert (hours.start, hours.end) == (base + 50 * HOUR, base + 51 * HOUR)
    assert set(hours.sums([hours.start], hours.end)) == {("c",)}


def test_runs_sum_the_hours_between_edges() -> None:
    """An item's series buckets: disjoint runs of hours, clipped to the held ones, for one or
    several keys together."""
    hours = SloHours()
    base = 1000 * HOUR
    _fill(hours, base, base + 12 * HOUR, [("a",), ("b",)])
    edges = [base - 2 * HOUR, base + 4 * HOUR, base + 4 * HOUR, base + 9 * HOUR, base + 20 * HOUR]
    runs = hours.runs([("a",)], edges)
    expected = [(base, base + 4 * HOUR), (0, 0), (base + 4 * HOUR, base + 9 * HOUR)]
    expected.append((base + 9 * HOUR, base + 12 * HOUR))
    for found, (lower, upper) in zip(runs, expected, strict=True):
        numbers = [at // HOUR for at in range(lower, upper, HOUR)]
        assert found.requests == sum(numbers)
        assert found.errors == sum(n % 3 for n in numbers)
        assert found.latency == {(0.1, 0.3): [len(numbers), 2 * len(numbers), sum(numbers)]}
    both = hours.runs([("a",), ("b",)], [base, base + 12 * HOUR])
    assert both[0].requests == 2 * sum(r.requests for r in runs)  # the runs cover every hour
    assert hours.runs([("nobody",)], [base, base + HOUR]) == [Sums()]
    assert hours.held_keys() == {("a",), ("b",)}


def test_old_hours_and_idle_items_are_dropped() -> None:
    hours = SloHours(keep_hours=48)
    base = 1000 * HOUR
    _fill(hours, base, base + 24 * HOUR, [("idle",), ("busy",)])
    _fill(hours, base + 24 * HOUR, base + 60 * HOUR, [("busy",)])
    assert hours.start == base + 12 * HOUR
    assert set(hours.sums([hours.start], hours.end)) == {("idle",), ("busy",)}
    _fill(hours, base + 60 * HOUR, base + 80 * HOUR, [("busy",)])
    assert (hours.start, hours.end) == (base + 32 * HOUR, base + 80 * HOUR)
    assert set(hours.sums([hours.start], hours.end)) == {("busy",)}
    assert hours.nbytes() == 48 * (2 + 3) * 8  # requests, errors and 3 buckets per hour


# ---------------------------------------------------------------- warmed by the summary


async def test_the_summary_refresh_warms_without_waiting() -> None:
    calls: list[datetime] = []
    started, release = asyncio.Event(), asyncio.Event()

    async def hang(ctx: OtelContext, now: datetime) -> None:
        calls.append(now)
        started.set()
        await release.wait()

    async def fail(ctx: OtelContext, now: datetime) -> None:
        raise ClickHouseError("Code: 60. Table otel.otel_metrics_sum does not exist")

    async def compute(ctx: OtelContext, start: datetime, end: datetime) -> OtelSummary:
        return OtelSummary(status="ok", window_seconds=0)

    cache = SummaryCache(compute, warm=hang, timeout_seconds=1.0, warm_timeout_seconds=60.0)
    ctx = idle_context()
    assert await cache.refresh(ctx)  # returns while the warming hangs
    assert await cache.refresh(ctx)
    await asyncio.sleep(0)
    assert len(calls) == 1  # not started again while running
    assert cache.warming is not None and not cache.warming.done()
    release.set()
    await cache.warming

    cache.warm = fail
    assert await cache.refresh(ctx)
    await cache.warming
    assert cache.current().status == "ok"

    release.clear()
    cache.warm, cache.warm_timeout_seconds = hang, 0.05
    assert await cache.refresh(ctx)
    await asyncio.wait_for(cache.warming, 5)  # its own timeout ended it

    cache.warm_timeout_seconds = 60.0
    started.clear()
    running = asyncio.create_task(cache.run(ctx))
    await asyncio.wait_for(started.wait(), 5)
    warming = cache.warming
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    assert warming is not None and warming.cancelled()
