"""Ingress and mesh SLOs from Traefik's and Linkerd's Prometheus series (OTEL_CLICKHOUSE.md §3).

Requests and errors are reset-safe counter increases (`promql`); latency comes from the
histograms: per-series bucket increases, summed over the series with the same bounds, then
interpolated inside the bucket. `latencyBelow` (requests at or under each bound) is exact; an
interpolated p99 is only as good as the bucket it falls in (Traefik's default bounds are 0.1,
0.3, 1.2 and 5 s).

Traefik: one item per `service` label (`namespace-name-port@kubernetes`), errors are 5xx `code`s.
Linkerd: a workload's SLO is its inbound traffic (`namespace/workload`), a failure is
`classification != success`; edges are outbound `deployment → dst_deployment`.

The 1d/7d/30d windows of `query_slo` start on an hour boundary: 1d is the last 24 complete hours
plus the current hour up to `now`. They are the sum of the complete hours held in memory
(`slo_hours`, filled by `warm` off the request path: a recording rule, since the Agent never
writes to ClickHouse) and of one fresh read of the hours not held yet. A fill reads its hours at
a one-hour step with the same increases as a direct read, and reads the last REREAD complete
hours again each time (late scrapes). While the hours do not cover the window (before and during
the first fill, which reads 30 days), the windows are one direct read of 30 days in day buckets:
slow, and the same numbers. One item's series, when its step is whole hours, is summed from the
same hours (plus the fresh read), else it is a direct read at its step. The two differ only for
rows later than REREAD; for a series silent for longer than LOOKBACK_HOURS across the start of a
fill, or whose first point comes that long after its StartTimeUnix (the step a direct read
counts, a fill cannot see); and for restarts unseen in StartTimeUnix (counted per segment by
`promql`: hours here, days there).
"""

from __future__ import annotations

import asyncio
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypedDict

from atlhyper.agent.otel import promql
from atlhyper.agent.otel.context import (
    OtelContext,
    QueryError,
    nothing_to_read,
    step_for,
    time_range,
)
from atlhyper.agent.otel.slo_hours import HOUR, Bounds, Key, SloHours
from atlhyper.model.commands import QuerySloParams
from atlhyper.model.otel import (
    IngressSlo,
    MeshEdge,
    MeshWorkload,
    SloItem,
    SloResult,
    SloSeriesBucket,
    SloWindow,
)

DAY = 86_400
WINDOWS: tuple[tuple[Literal["1d", "7d", "30d"], int], ...] = (
    ("1d", DAY),
    ("7d", 7 * DAY),
    ("30d", 30 * DAY),
)
#: Complete hours each fill reads again (exporter lag, late scrapes).
REREAD = 2 * HOUR
#: Seconds before the hours a fill (or the fresh part of a window) reads: a series' previous
#: point across a gap or outage this long, and a new series' start, count as in a direct read.
LOOKBACK_HOURS = 6 * HOUR
#: The first fill reads its 30 days in parts this long, each well under a query's time limit.
FILL_PART = 6 * DAY
#: The held hours serve a window while they miss at most this much of it (the fresh read).
STALE = DAY
TRAEFIK_REQUESTS = "traefik_service_requests_total"
TRAEFIK_LATENCY = "traefik_service_request_duration_seconds"


def _workload(prefix: str = "") -> str:
    """Linkerd's workload label: deployment, else statefulset, else daemonset."""
    return (
        f"multiIf(Attributes['{prefix}deployment'] != '', Attributes['{prefix}deployment'], "
        f"Attributes['{prefix}statefulset'] != '', Attributes['{prefix}statefulset'], "
        f"Attributes['{prefix}daemonset'])"
    )


@dataclass(frozen=True, slots=True)
class _Kind:
    """How one kind of item is read: fixed SQL fragments only (no user value in them)."""

    requests: list[str]  # counter names (both spellings)
    latency: list[str]  # histogram names
    key: str  # a tuple identifying the item
    failed: str  # a request of this series is an error
    where: str  # which series belong to the kind
    ms_per_unit: float  # histogram bounds → milliseconds


def _traefik() -> _Kind:
    return _Kind(
        requests=promql.names(TRAEFIK_REQUESTS),
        latency=[TRAEFIK_LATENCY],
        key="tuple(Attributes['service'])",
        failed="startsWith(Attributes['code'], '5')",
        where="Attributes['service'] != ''",
        ms_per_unit=1000.0,
    )


def _linkerd(ctx: OtelContext, direction: Literal["inbound", "outbound"]) -> _Kind:
    key = f"(Attributes['namespace'], {_workload()})"
    if direction == "outbound":
        key = (
            f"(Attributes['namespace'], {_workload()}, Attributes['dst_namespace'], "
            f"if({_workload('dst_')} != '', {_workload('dst_')}, Attributes['dst_service']))"
        )
    return _Kind(
        requests=promql.names(ctx.mesh_request_metric),
        latency=[ctx.mesh_latency_metric],
        key=key,
        failed="Attributes['classification'] != 'success'",
        where=f"Attributes['direction'] = '{direction}'",
        ms_per_unit=1.0,
    )


@dataclass
class _Latency:
    """Per-bucket counts of one item, by bounds (series may disagree on them)."""

    by_bounds: dict[tuple[float, ...], list[int]] = field(default_factory=dict)

    def add(self, bounds: Sequence[float], counts: Sequence[int]) -> None:
        key = tuple(float(b) for b in bounds)
        self.by_bounds[key] = promql.add_buckets(self.by_bounds.get(key, []), counts)

    def main(self) -> tuple[tuple[float, ...], list[int]]:
        """The bounds most requests were counted with."""
        if not self.by_bounds:
            return (), []
        return max(self.by_bounds.items(), key=lambda item: sum(item[1]))

    def quantile_ms(self, q: float, ms_per_unit: float) -> float:
        bounds, counts = self.main()
        return round(promql.quantile(q, bounds, counts) * ms_per_unit, 3)


@dataclass
class _Counts:
    requests: int = 0
    errors: int = 0


@dataclass(frozen=True, slots=True)
class _Read:
    """Series of a kind with points in [since, until), in buckets of `width` seconds whose
    boundaries fall on `until`, `until - width`, …; increases are counted from each of the
    `marks` (bucket indices) on."""

    since: int
    until: int
    width: int
    offset: int
    marks: Sequence[int]
    where: str = ""  # an extra, fixed condition (selecting one item)
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def windows(
        cls,
        until: int,
        seconds: Sequence[int],
        width: int,
        where: str = "",
        edge: int | None = None,
        **params: Any,
    ) -> _Read:
        """Windows ending at `until` and starting `seconds` before `edge` (default `until`), each
        a whole number of `width` buckets from `edge` back."""
        edge = until if edge is None else edge
        offset = promql.bucket_offset(edge, width)
        last = (edge + offset) // width
        return cls(
            edge - max(seconds) - promql.LOOKBACK,
            until,
            width,
            offset,
            [last - window // width for window in seconds],
            where,
            params,
        )

    def sql_params(self, **extra: Any) -> dict[str, Any]:
        marks = {f"m{index}": mark for index, mark in enumerate(self.marks)}
        return {
            "since": self.since,
            "until": self.until,
            "width": self.width,
            "offset": self.offset,
            **marks,
            **self.params,
            **extra,
        }


def _source(ctx: OtelContext, kind: _Kind, read: _Read, histogram: bool) -> str:
    where = (
        "MetricName IN {metrics:Array(String)} "
        f"AND TimeUnix >= {ctx.schema.metric_second('since')} "
        f"AND TimeUnix < {ctx.schema.metric_second('until')} AND {kind.where}"
        + (f" AND {read.where}" if read.where else "")
    )
    table = ctx.table("otel_metrics_histogram" if histogram else "otel_metrics_sum")
    carry = {"key": kind.key, "failed": kind.failed}
    if histogram:
        carry = {"key": kind.key, "bounds": "ExplicitBounds"}
    return promql.increases(table, where, carry, histogram=histogram)


async def _requests(ctx: OtelContext, kind: _Kind, read: _Read) -> dict[Key, list[_Counts]]:
    """Requests and errors of every item from each mark on."""
    marks = range(len(read.marks))
    rows = await ctx.client.query(
        f"SELECT key, failed, {', '.join(f'sum(w{i})' for i in marks)} FROM (SELECT key, failed, "
        + ", ".join(f"{promql.increase_since(f'm{i}')} AS w{i}" for i in marks)
        + f" FROM ({_source(ctx, kind, read, False)})) GROUP BY key, failed",
        read.sql_params(metrics=kind.requests),
    )
    found: dict[Key, list[_Counts]] = defaultdict(lambda: [_Counts() for _ in marks])
    for key, failed, *increases in rows.rows:
        for counts, increase in zip(found[tuple(key)], increases, strict=True):
            counts.requests += round(increase)
            counts.errors += round(increase) if failed else 0
    return found


async def _latency(ctx: OtelContext, kind: _Kind, read: _Read) -> dict[Key, list[_Latency]]:
    """Per-bucket request counts of every item from each mark on."""
    marks = range(len(read.marks))
    rows = await ctx.client.query(
        f"SELECT key, bounds, {', '.join(f'sumForEach(w{i})' for i in marks)} FROM ("
        "SELECT key, bounds, "
        + ", ".join(f"{promql.buckets_since(f'm{i}')} AS w{i}" for i in marks)
        + f" FROM ({_source(ctx, kind, read, True)})) GROUP BY key, bounds",
        read.sql_params(metrics=kind.latency),
    )
    found: dict[Key, list[_Latency]] = defaultdict(lambda: [_Latency() for _ in marks])
    for key, bounds, *buckets in rows.rows:
        for latency, counts in zip(found[tuple(key)], buckets, strict=True):
            latency.add(bounds, counts)
    return found


async def _buckets(
    ctx: OtelContext, kind: _Kind, read: _Read
) -> tuple[dict[tuple[Key, int], tuple[float, float]], dict[tuple[Key, int], _Latency]]:
    """Requests and errors (unrounded), and latency buckets, of every item in every bucket from
    the read's one mark on, by (item, bucket index)."""
    requests, latency = await asyncio.gather(
        ctx.client.query(
            "SELECT key, b, sum(d), sumIf(d, failed) FROM (SELECT key, failed, _b, _d "
            f"FROM ({_source(ctx, kind, read, False)})) ARRAY JOIN _b AS b, _d AS d "
            "WHERE b >= {m0:UInt32} GROUP BY key, b",
            read.sql_params(metrics=kind.requests),
        ),
        ctx.client.query(
            "SELECT key, b, bounds, sumForEach(d) FROM (SELECT key, bounds, _b, _d "
            f"FROM ({_source(ctx, kind, read, True)})) ARRAY JOIN _b AS b, _d AS d "
            "WHERE b >= {m0:UInt32} GROUP BY key, b, bounds",
            read.sql_params(metrics=kind.latency),
        ),
    )
    counts = {(tuple(key), int(b)): (n, errors) for key, b, n, errors in requests.rows}
    hists: dict[tuple[Key, int], _Latency] = defaultdict(_Latency)
    for key, b, bounds, buckets in latency.rows:
        hists[tuple(key), int(b)].add(bounds, buckets)
    return counts, hists


async def _window(
    ctx: OtelContext, kind: _Kind, start: datetime, end: datetime
) -> tuple[dict[Key, _Counts], dict[Key, _Latency]]:
    until = math.ceil(end.timestamp())
    seconds = max(1, until - int(start.timestamp()))
    read = _Read.windows(until, [seconds], seconds)
    requests, latency = await asyncio.gather(_requests(ctx, kind, read), _latency(ctx, kind, read))
    return (
        {key: counts[0] for key, counts in requests.items()},
        {key: hist[0] for key, hist in latency.items()},
    )


def _seconds(start: datetime, end: datetime) -> float:
    return max((end - start).total_seconds(), 1e-9)


def split_service_label(label: str) -> tuple[str, str]:
    """(namespace, Service) from Traefik's `namespace-name-port@provider`.

    Both names may contain dashes, so the split is ambiguous; the first dash is taken, which
    is right for dash-free namespaces (the hosts come from the Ingress map, not from this).
    """
    name = label.split("@", 1)[0]
    head, _, port = name.rpartition("-")
    if not head or not port:
        return "", name
    namespace, _, service = head.partition("-")
    return (namespace, service) if service else ("", head)


class _MeshFigures(TypedDict):
    """What MeshWorkload and MeshEdge say of an item's requests."""

    requests: int
    rate: float
    failures: int
    success_rate: float
    p50_ms: float
    p99_ms: float


def _served(
    requests: Mapping[Key, _Counts], latency: Mapping[Key, _Latency]
) -> Iterator[tuple[Key, _Counts, _Latency]]:
    """(key, counts, latency) of each item of a `_window` that had requests."""
    for key, counts in requests.items():
        if counts.requests > 0:
            yield key, counts, latency.get(key, _Latency())


async def ingresses(ctx: OtelContext, start: datetime, end: datetime) -> list[IngressSlo]:
    """Every Traefik service with requests in [start, end)."""
    kind = _traefik()
    requests, latency = await _window(ctx, kind, start, end)
    hosts = ctx.ingress_hosts()
    seconds = _seconds(start, end)
    found = []
    for key, counts, hist in _served(requests, latency):
        label = key[0]
        namespace, backend = split_service_label(label)
        found.append(
            IngressSlo(
                service=label,
                hosts=list(hosts.get(label, [])),
                namespace=namespace,
                backend=backend,
                requests=counts.requests,
                rate=counts.requests / seconds,
                errors=counts.errors,
                availability=1 - counts.errors / counts.requests,
                p50_ms=hist.quantile_ms(0.5, kind.ms_per_unit),
                p99_ms=hist.quantile_ms(0.99, kind.ms_per_unit),
            )
        )
    return sorted(found, key=lambda item: item.service)


def _mesh_figures(counts: _Counts, hist: _Latency, seconds: float) -> _MeshFigures:
    return _MeshFigures(
        requests=counts.requests,
        rate=counts.requests / seconds,
        failures=counts.errors,
        success_rate=1 - counts.errors / counts.requests,
        p50_ms=hist.quantile_ms(0.5, 1.0),  # Linkerd's histograms count milliseconds
        p99_ms=hist.quantile_ms(0.99, 1.0),
    )


async def mesh(
    ctx: OtelContext, start: datetime, end: datetime
) -> tuple[list[MeshWorkload], list[MeshEdge]]:
    """Linkerd workloads (inbound) and edges (outbound) with requests in [start, end)."""
    inbound, outbound = await asyncio.gather(
        _window(ctx, _linkerd(ctx, "inbound"), start, end),
        _window(ctx, _linkerd(ctx, "outbound"), start, end),
    )
    seconds = _seconds(start, end)
    workloads = [
        MeshWorkload(namespace=key[0], workload=key[1], **_mesh_figures(counts, hist, seconds))
        for key, counts, hist in _served(*inbound)
    ]
    edges = [
        MeshEdge(
            source_namespace=key[0],
            source=key[1],
            target_namespace=key[2],
            target=key[3],
            **_mesh_figures(counts, hist, seconds),
        )
        for key, counts, hist in _served(*outbound)
        if key[3]
    ]
    workloads.sort(key=lambda w: (w.namespace, w.workload))
    edges.sort(key=lambda e: (e.source_namespace, e.source, e.target_namespace, e.target))
    return workloads, edges


# ---------------------------------------------------------------- query_slo


def _selection(params: QuerySloParams) -> tuple[str, dict[str, Any]]:
    """The condition (fixed SQL) and parameters selecting the one item `params.name` names."""
    if not params.name:
        return "", {}
    if params.kind == "ingress":
        return "Attributes['service'] = {name:String}", {"name": params.name}
    namespace, _, workload = params.name.partition("/")
    if not namespace or not workload:
        raise QueryError(f"service {params.name!r} is not namespace/workload")
    return (
        f"Attributes['namespace'] = {{namespace:String}} AND {_workload()} = {{workload:String}}",
        {"namespace": namespace, "workload": workload},
    )


def _item_name(kind: Literal["ingress", "service"], key: Key) -> str:
    return key[0] if kind == "ingress" else f"{key[0]}/{key[1]}"


async def _series(
    ctx: OtelContext, kind: _Kind, start: int, end: int, step: int, where: str, params: Any
) -> list[SloSeriesBucket]:
    """Requests, errors and percentiles of the selected item per step-aligned bucket covering
    [start, end), in one direct read."""
    first = start // step
    read = _Read(first * step - promql.LOOKBACK, end, step, 0, [first], where, params)
    found, hists = await _buckets(ctx, kind, read)
    series = _Series(first, math.ceil(end / step), step)
    for (_, b), counts in found.items():
        series.add_counts(b, *counts)
    for (_, b), hist in hists.items():
        series.add_latency(b, hist.by_bounds)
    return series.buckets(kind.ms_per_unit)


@dataclass
class _Series:
    """Buckets [first, stop) of `step` seconds, filled from reads and held hours."""

    first: int
    stop: int
    step: int
    counts: dict[int, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0.0, 0.0]))
    latency: dict[int, _Latency] = field(default_factory=lambda: defaultdict(_Latency))

    def add_counts(self, bucket: int, requests: float, errors: float) -> None:
        self.counts[bucket][0] += requests
        self.counts[bucket][1] += errors

    def add_latency(self, bucket: int, by_bounds: Mapping[Bounds, Sequence[int]]) -> None:
        for bounds, buckets in by_bounds.items():
            self.latency[bucket].add(bounds, buckets)

    def buckets(self, ms_per_unit: float) -> list[SloSeriesBucket]:
        return [
            SloSeriesBucket(
                time=float(b * self.step),
                requests=round(self.counts[b][0]),
                errors=round(self.counts[b][1]),
                p50_ms=self.latency[b].quantile_ms(0.5, ms_per_unit),
                p99_ms=self.latency[b].quantile_ms(0.99, ms_per_unit),
            )
            for b in range(self.first, self.stop)
        ]


async def _item_series(
    ctx: OtelContext, params: QuerySloParams, kind: _Kind, now: datetime, where: str, selection: Any
) -> tuple[int, list[SloSeriesBucket]]:
    """The step and series of the one item `params.name` names. With a step of whole hours and
    the hours held, its buckets are summed from them, plus the hours after the last held one
    read fresh; a first bucket starting before the held hours (a 30-day series' does) is read
    as a direct read reads it. Otherwise the series is one direct read."""
    start, end = time_range(params.start, params.end)
    step = step_for(start, end, params.step_seconds)
    first, last = int(start.timestamp()), math.ceil(end.timestamp())
    series = _Series(first // step, math.ceil(last / step), step)
    begin = series.first * step
    hours = _held(ctx, params.kind, now)
    if hours is None or step % HOUR or hours.start > begin + step:
        return step, await _series(ctx, kind, first, last, step, where, selection)
    head = begin < hours.start
    held_from = begin + step if head else begin
    cut = min(hours.end, _hour(now), last // HOUR * HOUR)  # the held hours' end in the range
    edges = [min(max(b * step, held_from), cut) for b in range(series.first, series.stop + 1)]
    keys = [key for key in hours.held_keys() if _item_name(params.kind, key) == params.name]
    for b, held in enumerate(hours.runs(keys, edges), start=series.first):
        series.add_counts(b, held.requests, held.errors)
        for bounds, buckets in held.latency.items():
            series.add_latency(b, {bounds: [round(count) for count in buckets]})
    reads = []
    if head:
        since, until = begin - promql.LOOKBACK, min(begin + step, last)
        reads.append(_Read(since, until, step, 0, [series.first], where, selection))
    fresh = max(cut, held_from)
    if fresh < last:
        since = fresh - LOOKBACK_HOURS
        reads.append(_Read(since, last, HOUR, 0, [fresh // HOUR], where, selection))
    found = await asyncio.gather(*(_buckets(ctx, kind, read) for read in reads))
    for read, (counts, hists) in zip(reads, found, strict=True):
        for (_, b), (requests, errors) in counts.items():
            series.add_counts(b * read.width // step, requests, errors)
        for (_, b), hist in hists.items():
            series.add_latency(b * read.width // step, hist.by_bounds)
    return step, series.buckets(kind.ms_per_unit)


def _kind_of(ctx: OtelContext, kind: str) -> _Kind:
    return _traefik() if kind == "ingress" else _linkerd(ctx, "inbound")


_SLO_TABLES = frozenset({"otel_metrics_sum", "otel_metrics_histogram"})


def _hour(moment: datetime) -> int:
    return math.floor(moment.timestamp()) // HOUR * HOUR


async def warm(ctx: OtelContext, now: datetime) -> None:
    """Fill the held hours of each kind up to the last complete hour before `now`. The first
    fill reads 30 days (slow: keep it off the request path); later ones read the hours since
    the last, and REREAD hours again. A failure raises, keeping the hours read so far."""
    if ctx.slo_hours is None or not _SLO_TABLES.issubset(ctx.schema.tables):
        return
    results = await asyncio.gather(
        *(_fill(ctx, _kind_of(ctx, kind), hours, now) for kind, hours in ctx.slo_hours.items()),
        return_exceptions=True,  # one kind's failure does not stop the other's fill
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result


async def _fill(ctx: OtelContext, kind: _Kind, hours: SloHours, now: datetime) -> None:
    last = _hour(now)
    async with hours.lock:
        start = first = last - WINDOWS[-1][1]
        if hours.start <= start <= hours.end:  # held: go on from the last hours
            start = max(start, min(hours.end, last) - REREAD)
        while start < last:
            stop = min(last, start + FILL_PART)
            # The window's first hour is read as a direct read reads it: a series' first point
            # counts in full only if the series started in the window, not in the hours before.
            lookback = promql.LOOKBACK if start == first else LOOKBACK_HOURS
            read = _Read(start - lookback, stop, HOUR, 0, [start // HOUR])
            counts, latency = await _buckets(ctx, kind, read)
            hours.replace(
                start,
                stop,
                {(key, b * HOUR): found for (key, b), found in counts.items()},
                {(key, b * HOUR): hist.by_bounds for (key, b), hist in latency.items()},
            )
            start = stop


def _held(ctx: OtelContext, kind: str, now: datetime) -> SloHours | None:
    """The hours held for `kind` when filled within STALE of `now`; None sends the caller to a
    direct read."""
    hours = ctx.slo_hours.get(kind) if ctx.slo_hours else None
    if hours is None or hours.end < _hour(now) - STALE:
        return None
    return hours


async def _windows(
    ctx: OtelContext,
    params: QuerySloParams,
    kind: _Kind,
    now: datetime,
    where: str,
    selection: Mapping[str, Any],
) -> tuple[dict[Key, list[_Counts]], dict[Key, list[_Latency]]]:
    """Each item's counts over the WINDOWS ending at `now` and starting on an hour: the held
    hours and a fresh read of the rest, or one direct read while the hours are cold."""
    hour = _hour(now)
    until = math.floor(now.timestamp()) + 1  # the point at `now` belongs to the windows
    starts = [hour - seconds for _, seconds in WINDOWS]
    hours = _held(ctx, params.kind, now)
    if hours is None or hours.start > min(starts):
        read = _Read.windows(until, [s for _, s in WINDOWS], DAY, where, hour, **selection)
        return await asyncio.gather(_requests(ctx, kind, read), _latency(ctx, kind, read))
    cut = min(hours.end, hour)
    held = hours.sums(starts, cut)  # before awaiting: a fill may replace hours meanwhile
    marks = [max(cut, start) // HOUR for start in starts]
    read = _Read(cut - LOOKBACK_HOURS, until, HOUR, 0, marks, where, selection)
    requests, latency = await asyncio.gather(_requests(ctx, kind, read), _latency(ctx, kind, read))
    for key, sums in held.items():
        if params.name and _item_name(params.kind, key) != params.name:
            continue
        fresh = requests.setdefault(key, [_Counts() for _ in WINDOWS])
        hists = latency.setdefault(key, [_Latency() for _ in WINDOWS])
        for counts, hist, total in zip(fresh, hists, sums, strict=True):
            counts.requests += round(total.requests)
            counts.errors += round(total.errors)
            for bounds, buckets in total.latency.items():
                hist.add(bounds, [round(count) for count in buckets])
    return requests, latency


async def query_slo(ctx: OtelContext, params: QuerySloParams, now: datetime) -> SloResult:
    """The 1d/7d/30d windows ending at `now` (see the module's docstring) of every item of
    `params.kind` with traffic in 30 days (or of `name`), and with `name` its series over
    [start, end)."""
    kind = _kind_of(ctx, params.kind)
    where, selection = _selection(params)
    (requests, latency), (step, series) = await asyncio.gather(
        _windows(ctx, params, kind, now, where, selection),
        _item_series(ctx, params, kind, now, where, selection)
        if params.name
        else nothing_to_read((0, [])),
    )
    hosts = ctx.ingress_hosts() if params.kind == "ingress" else {}
    items = []
    for key in sorted(requests.keys() | latency.keys()):
        counts = requests.get(key) or [_Counts() for _ in WINDOWS]
        hists = latency.get(key) or [_Latency() for _ in WINDOWS]
        if not any(c.requests for c in counts) and not any(
            any(buckets) for h in hists for buckets in h.by_bounds.values()
        ):
            continue
        name = _item_name(params.kind, key)
        items.append(
            SloItem(
                name=name,
                hosts=list(hosts.get(name, [])),
                windows=[
                    _slo_window(window, c, h, kind.ms_per_unit)
                    for (window, _), c, h in zip(WINDOWS, counts, hists, strict=True)
                ],
                series=series,
            )
        )
    return SloResult(kind=params.kind, step_seconds=step, items=items)


def _slo_window(
    window: Literal["1d", "7d", "30d"], counts: _Counts, hist: _Latency, ms_per_unit: float
) -> SloWindow:
    bounds, buckets = hist.main()
    return SloWindow(
        window=window,
        requests=counts.requests,
        errors=counts.errors,
        p50_ms=hist.quantile_ms(0.5, ms_per_unit),
        p99_ms=hist.quantile_ms(0.99, ms_per_unit),
        latency_bounds_ms=[round(b * ms_per_unit, 6) for b in bounds],
        latency_below=promql.cumulative(buckets, bounds),
    )
