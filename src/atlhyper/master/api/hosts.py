"""Host routes: the registry (admin), batch ingest (a host's own token, or an Agent's cluster
token for the collectors of its nodes), reads (viewer) and the seed-compatible `/api/vps` reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import msgspec
from litestar import Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from atlhyper.master.api.agent import AGENT, cluster_of
from atlhyper.master.api.deps import UserRequest, audit
from atlhyper.master.api.params import check_span, named_ranges, range_span, rfc3339
from atlhyper.master.auth import ADMIN, VIEWER
from atlhyper.master.errors import ERROR_RESPONSES, ApiError
from atlhyper.master.history.duration import parse_duration
from atlhyper.master.hosts.registry import HostRecord
from atlhyper.master.hosts.samples import epoch_ms
from atlhyper.master.hosts.series import (
    MAX_BUCKETS,
    METRICS,
    UNITS,
    default_interval,
    series,
)
from atlhyper.master.hosts.views import (
    HostBreakdown,
    HostItem,
    HostList,
    HostStatus,
    breakdown,
    host_item,
)
from atlhyper.master.services import Services
from atlhyper.master.views.paging import MAX_LIMIT
from atlhyper.model.hosts import HostBatch, HostSample
from atlhyper.wire import decode, decompress

#: Collectors in host mode: no session, the host's own token (checked by `host_of`).
HOST_INGEST = {"exclude_from_auth": True, "host": True}
#: Largest batch accepted, once decompressed (10,000 rich samples are about 30 MB).
MAX_BATCH_BYTES = 64 * 1024 * 1024
RANGES = named_ranges("1h", "6h", "24h", "7d", "30d", "90d")


class HostCreate(msgspec.Struct):
    name: str


class HostCreated(msgspec.Struct):
    """The only response that ever shows the host's token."""

    id: str
    name: str
    token: str


class HostIngestAck(msgspec.Struct):
    """How many samples of the batch were stored, and how many were already held."""

    accepted: int
    duplicates: int


class HostLatest(msgspec.Struct, rename="camel"):
    host_id: str
    sample: HostSample


class MetricPoint(msgspec.Struct):
    """One bucket starting at `t` (epoch seconds): the average and the peak over `count` samples
    (null when none measured the metric)."""

    t: int
    avg: float | None
    max: float | None
    count: int


class MetricSeries(msgspec.Struct):
    metric: str
    unit: str
    points: list[MetricPoint]


class HostTimeseries(msgspec.Struct, rename="camel"):
    """Buckets of `interval` seconds in [start, end), oldest first; empty buckets are left out."""

    host_id: str
    start: datetime
    end: datetime
    interval: int
    series: list[MetricSeries]


class VpsLatest(msgspec.Struct):
    """The seed's latest-metrics shape (snake_case; CPU and memory usage in percent)."""

    vps_id: str
    timestamp: datetime
    cpu_usage: float | None
    memory_used: int | None
    memory_total: int | None
    memory_usage: float | None
    disk_read_bps: float | None
    disk_write_bps: float | None
    network_rx_bps: float | None
    network_tx_bps: float | None


class VpsPoint(msgspec.Struct):
    """Averages over the interval starting at `timestamp`."""

    timestamp: datetime
    cpu_usage: float | None
    memory_used: float | None
    memory_total: float | None
    disk_read_bps: float | None
    disk_write_bps: float | None
    network_rx_bps: float | None
    network_tx_bps: float | None


class VpsTimeseries(msgspec.Struct):
    vps_id: str
    start_time: datetime
    end_time: datetime
    interval: int
    points: list[VpsPoint]


def _item(services: Services, record: HostRecord, now: datetime) -> HostItem:
    cluster = services.clusters.get(record.cluster_id) if record.cluster_id else None
    offline_after = timedelta(seconds=services.settings.host_offline_seconds)
    return host_item(record, now, offline_after, cluster.name if cluster else None)


@get(
    "/api/v3/hosts",
    opt=VIEWER,
    operation_id="list_hosts",
    summary="Hosts with their status and newest headline values, by name.",
    responses=ERROR_RESPONSES,
)
async def list_hosts(
    services: NamedDependency[Services],
    cluster: Annotated[
        str | None, QueryParameter(description="Only the nodes of this cluster.")
    ] = None,
    node: Annotated[
        str | None, QueryParameter(description="Only the host of this node name.")
    ] = None,
    status: Annotated[
        HostStatus | None, QueryParameter(description="pending, online or offline.")
    ] = None,
    q: Annotated[
        str | None, QueryParameter(description="Text in the name or the hostname.")
    ] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
) -> HostList:
    now = datetime.now(UTC)
    items = [_item(services, record, now) for record in services.hosts.all()]
    if cluster:
        items = [item for item in items if item.cluster_id == cluster]
    if node:
        items = [item for item in items if item.node_name == node]
    if status:
        items = [item for item in items if item.status == status]
    if q:
        text = q.lower()
        items = [i for i in items if text in i.name.lower() or text in i.hostname.lower()]
    return HostList(items[offset : offset + limit], len(items), limit, offset)


@get(
    "/api/v3/hosts/{host_id:str}",
    opt=VIEWER,
    operation_id="get_host",
    responses=ERROR_RESPONSES,
)
async def get_host(host_id: FromPath[str], services: NamedDependency[Services]) -> HostItem:
    return _item(services, services.hosts.known(host_id), datetime.now(UTC))


@post("/api/v3/hosts", opt=ADMIN, status_code=201, responses=ERROR_RESPONSES)
async def create_host(
    data: JSONBody[HostCreate], request: UserRequest, services: NamedDependency[Services]
) -> HostCreated:
    """Register a host for a collector in host mode; its token is shown only here."""
    record, token = await services.hosts.create(data.name)
    await audit(request, services, "host.create", f"host/{record.id}", {"name": data.name})
    return HostCreated(record.id, record.name, token)


@post("/api/v3/hosts/{host_id:str}/token", opt=ADMIN, status_code=200, responses=ERROR_RESPONSES)
async def rotate_host_token(
    host_id: FromPath[str], request: UserRequest, services: NamedDependency[Services]
) -> HostCreated:
    """A new host token, shown only here; the old one stops working at once."""
    record, token = await services.hosts.rotate_token(host_id)
    await audit(request, services, "host.token.rotate", f"host/{host_id}")
    return HostCreated(record.id, record.name, token)


@delete("/api/v3/hosts/{host_id:str}/token", opt=ADMIN, status_code=204, responses=ERROR_RESPONSES)
async def revoke_host_token(
    host_id: FromPath[str], request: UserRequest, services: NamedDependency[Services]
) -> None:
    """Cut the host's collector off until its token is rotated; its samples stay."""
    await services.hosts.revoke_token(host_id)
    await audit(request, services, "host.token.revoke", f"host/{host_id}")


@delete("/api/v3/hosts/{host_id:str}", opt=ADMIN, status_code=204, responses=ERROR_RESPONSES)
async def delete_host(
    host_id: FromPath[str], request: UserRequest, services: NamedDependency[Services]
) -> None:
    """Forget a host and all its samples."""
    record = await services.hosts.delete(host_id)
    await audit(request, services, "host.delete", f"host/{host_id}", {"name": record.name})


def host_of(request: Request[Any, Any, Any], services: Services) -> HostRecord:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "send the host token (from POST /api/v3/hosts) as 'Authorization: Bearer <token>'",
        )
    record = services.hosts.by_token(token.strip())
    if record is None:
        raise ApiError(401, "unknown or revoked host token")
    return record


async def _batch(request: Request[Any, Any, Any], services: Services) -> HostBatch:
    limit = min(MAX_BATCH_BYTES, services.settings.max_body_bytes)
    body = decompress(await request.body(), request.headers.get("content-encoding"), limit)
    return decode(body, HostBatch)


@post(
    "/api/v3/hosts/ingest",
    opt=HOST_INGEST,
    status_code=200,
    operation_id="ingest_host_batch",
    summary="A collector's batch in host mode (Authorization: Bearer <host token>).",
    responses=ERROR_RESPONSES,
)
async def ingest_host_batch(
    request: Request[Any, Any, Any], services: NamedDependency[Services]
) -> HostIngestAck:
    """Samples already stored (same host and time) are counted as duplicates, not stored again."""
    record = host_of(request, services)
    result = await services.host_samples.ingest(record, await _batch(request, services))
    return HostIngestAck(result.accepted, result.duplicates)


@post("/agent/hosts", opt=AGENT, status_code=200, include_in_schema=False)
async def agent_host_batch(
    request: Request[Any, Any, Any], services: NamedDependency[Services]
) -> HostIngestAck:
    """A batch an Agent forwards for a collector on one of its cluster's nodes."""
    cluster = cluster_of(request, services)
    batch = await _batch(request, services)
    record = await services.hosts.for_node(cluster.id, cluster.name, batch.host)
    result = await services.host_samples.ingest(record, batch)
    services.clusters.seen(cluster)
    return HostIngestAck(result.accepted, result.duplicates)


def _moment(name: str, text: str) -> datetime:
    """RFC 3339 or epoch seconds (which the seed's `/api/vps` clients send)."""
    if text.strip().isdigit():
        return datetime.fromtimestamp(int(text), UTC)
    return rfc3339(name, text)


def _window(
    range_: str | None,
    start: str | None,
    end: str | None,
    names: tuple[str, str] = ("start", "end"),
) -> tuple[datetime, datetime]:
    """[start, end) from explicit times, or the `range` up to now (default: the last hour)."""
    if range_ is not None and start is not None:
        raise ApiError(400, f"give either range or {names[0]}, not both")
    span = range_span(range_, RANGES)
    last = _moment(names[1], end) if end is not None else datetime.now(UTC)
    first = _moment(names[0], start) if start is not None else last - span
    check_span(first, last, names)
    return first, last


def _interval(interval: int | None, first: datetime, last: datetime, name: str = "interval") -> int:
    span = (last - first).total_seconds()
    if interval is None:
        return default_interval(span)
    if interval < 1:
        raise ApiError(
            400, f"{name} must be at least 1 second, got {interval}", details={"field": name}
        )
    if span / interval > MAX_BUCKETS:
        raise ApiError(
            400,
            f"{name} of {interval} s gives more than {MAX_BUCKETS} points over this span;"
            " choose a longer one",
            details={"field": name},
        )
    return interval


def _metrics(text: str | None) -> list[str]:
    if not text:
        return list(METRICS)
    wanted = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in METRICS]
    if unknown or not wanted:
        raise ApiError(
            400,
            f"unknown metric {', '.join(unknown) or text!r}; valid: {', '.join(METRICS)}",
            details={"field": "metrics"},
        )
    return list(dict.fromkeys(wanted))


@get(
    "/api/v3/hosts/{host_id:str}/latest",
    opt=VIEWER,
    operation_id="get_host_latest",
    summary="The host's newest sample, every field as the collector sent it.",
    responses=ERROR_RESPONSES,
)
async def host_latest(host_id: FromPath[str], services: NamedDependency[Services]) -> HostLatest:
    record = services.hosts.known(host_id)
    if record.latest is None:
        raise ApiError(404, f"host {record.name!r} has sent no sample yet")
    return HostLatest(record.id, record.latest)


@get(
    "/api/v3/hosts/{host_id:str}/breakdown",
    opt=VIEWER,
    operation_id="get_host_breakdown",
    summary="One sample broken down: CPU, memory, disks, filesystems, interfaces and extras.",
    responses=ERROR_RESPONSES,
)
async def host_breakdown(
    host_id: FromPath[str],
    services: NamedDependency[Services],
    at: Annotated[
        str | None,
        QueryParameter(
            description="RFC 3339; the newest sample at or before this time (samples as taken are"
            " kept for MASTER_HOST_RAW_RETENTION). Default: the newest sample."
        ),
    ] = None,
) -> HostBreakdown:
    record = services.hosts.known(host_id)
    sample = (
        record.latest
        if at is None
        else await services.host_samples.sample_at(record.id, _moment("at", at))
    )
    if sample is None:
        raise ApiError(
            404,
            f"host {record.name!r} has no sample"
            + ("" if at is None else f" kept from {at} or before"),
        )
    return breakdown(record, sample)


@get(
    "/api/v3/hosts/{host_id:str}/timeseries",
    opt=VIEWER,
    operation_id="get_host_timeseries",
    summary="Headline metrics over time: average and peak per bucket.",
    responses=ERROR_RESPONSES,
)
async def host_timeseries(
    host_id: FromPath[str],
    services: NamedDependency[Services],
    range_: Annotated[
        str | None,
        QueryParameter(
            name="range",
            description="1h, 6h, 24h, 7d, 30d or 90d up to `end` (default 1h); instead of `start`.",
        ),
    ] = None,
    start: Annotated[str | None, QueryParameter(description="RFC 3339.")] = None,
    end: Annotated[str | None, QueryParameter(description="RFC 3339; default: now.")] = None,
    interval: Annotated[
        int | None,
        QueryParameter(description="Seconds per bucket; by default at most about 720 buckets."),
    ] = None,
    metrics: Annotated[
        str | None,
        QueryParameter(description=f"Comma-separated, default all: {', '.join(METRICS)}."),
    ] = None,
) -> HostTimeseries:
    record = services.hosts.known(host_id)
    names = _metrics(metrics)
    first, last = _window(range_, start, end)
    step = _interval(interval, first, last)
    found = await series(services.db, record.id, epoch_ms(first), epoch_ms(last), step, names)
    times = [t_ms // 1000 for t_ms in found.times_ms]
    return HostTimeseries(
        host_id=record.id,
        start=first,
        end=last,
        interval=step,
        series=[
            MetricSeries(
                metric=name,
                unit=UNITS[name],
                points=[
                    MetricPoint(t, *stat) for t, stat in zip(times, found.values[name], strict=True)
                ],
            )
            for name in names
        ],
    )


@get(
    "/api/vps/{vps_id:str}/metrics/latest",
    opt=VIEWER,
    operation_id="get_vps_latest",
    summary="Seed-compatible: the host's newest headline values.",
    responses=ERROR_RESPONSES,
)
async def vps_latest(vps_id: FromPath[str], services: NamedDependency[Services]) -> VpsLatest:
    record = services.hosts.known(vps_id)
    sample = record.latest
    if sample is None:
        raise ApiError(404, f"host {record.name!r} has sent no sample yet")
    used, total = sample.memory_used_bytes, sample.memory_total_bytes
    return VpsLatest(
        vps_id=record.id,
        timestamp=sample.time,
        cpu_usage=sample.cpu_percent,
        memory_used=used,
        memory_total=total,
        memory_usage=round(100.0 * used / total, 2) if used is not None and total else None,
        disk_read_bps=sample.disk_read_bps,
        disk_write_bps=sample.disk_write_bps,
        network_rx_bps=sample.net_rx_bps,
        network_tx_bps=sample.net_tx_bps,
    )


_VPS_METRICS = {
    "cpu_usage": "cpuPercent",
    "memory_used": "memoryUsedBytes",
    "memory_total": "memoryTotalBytes",
    "disk_read_bps": "diskReadBps",
    "disk_write_bps": "diskWriteBps",
    "network_rx_bps": "netRxBps",
    "network_tx_bps": "netTxBps",
}


@get(
    "/api/vps/{vps_id:str}/metrics/timeseries",
    opt=VIEWER,
    operation_id="get_vps_timeseries",
    summary="Seed-compatible: averages per interval (default: the last hour).",
    responses=ERROR_RESPONSES,
)
async def vps_timeseries(
    vps_id: FromPath[str],
    services: NamedDependency[Services],
    start_time: Annotated[
        str | None, QueryParameter(description="RFC 3339 or epoch seconds.")
    ] = None,
    end_time: Annotated[
        str | None, QueryParameter(description="RFC 3339 or epoch seconds.")
    ] = None,
    interval: Annotated[
        str | None,
        QueryParameter(description="1m, 5m, 1h… or seconds; default: at most about 720 points."),
    ] = None,
) -> VpsTimeseries:
    record = services.hosts.known(vps_id)
    first, last = _window(None, start_time, end_time, ("start_time", "end_time"))
    seconds = None
    if interval is not None:
        try:
            seconds = round(parse_duration(interval).total_seconds())
        except ValueError as exc:
            raise ApiError(400, f"interval: {exc}", details={"field": "interval"}) from None
    step = _interval(seconds, first, last)
    names = list(_VPS_METRICS.values())
    found = await series(services.db, record.id, epoch_ms(first), epoch_ms(last), step, names)
    averages = {metric: [stat[0] for stat in found.values[metric]] for metric in names}
    return VpsTimeseries(
        vps_id=record.id,
        start_time=first,
        end_time=last,
        interval=step,
        points=[
            VpsPoint(
                timestamp=datetime.fromtimestamp(t_ms / 1000, UTC),
                **{field: averages[metric][i] for field, metric in _VPS_METRICS.items()},
            )
            for i, t_ms in enumerate(found.times_ms)
        ],
    )


ROUTES = [
    list_hosts,
    create_host,
    ingest_host_batch,
    get_host,
    rotate_host_token,
    revoke_host_token,
    delete_host,
    host_latest,
    host_breakdown,
    host_timeseries,
    agent_host_batch,
    vps_latest,
    vps_timeseries,
]
