"""OTel views of one cluster: APM, traces, logs, node hardware metrics and SLOs.

The service map, the node hardware list and the mesh topology come from the summary the Agent
sends with its snapshots; everything over a time range is a query command sent to the Agent
(cached, see `otel.queries`). Every answer says how fresh the data is (`otel`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal, TypeVar

import msgspec
from litestar import delete, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from atlhyper.master.api.clusters import cluster_status
from atlhyper.master.api.deps import UserRequest, audit, client_ip, current_user, one_cluster
from atlhyper.master.auth import OPERATOR, VIEWER
from atlhyper.master.errors import ERROR_RESPONSES, ApiError
from atlhyper.master.history.archive import parse_time
from atlhyper.master.otel import params as check
from atlhyper.master.otel.queries import Caller, Cluster, OtelQueries
from atlhyper.master.otel.ranges import SETTLED_TTL, TimeWindow, Window, resolve, ttl_for
from atlhyper.master.otel.service import OtelService
from atlhyper.master.otel.slo import (
    SloView,
    Target,
    TargetBody,
    TargetItem,
    item_view,
    slo_views,
    summary_rows,
    target_view,
)
from atlhyper.master.otel.status import OtelStatus, otel_status
from atlhyper.master.otel.views import (
    MeshEdgeView,
    ServiceMap,
    ServiceView,
    mesh_edge_views,
    mesh_map,
    service_map,
    service_views,
)
from atlhyper.master.services import Services
from atlhyper.master.state import ClusterState
from atlhyper.model.commands import (
    METRIC_GROUPS,
    QueryLogsParams,
    QueryMetricsParams,
    QuerySloParams,
    QuerySpanParams,
    QueryTraceDetailParams,
    QueryTracesParams,
)
from atlhyper.model.otel import (
    LogsPage,
    NodeHardware,
    NodeMetrics,
    OperationRow,
    OtelSummary,
    SeriesBucket,
    ServiceEdge,
    SloKind,
    SloResult,
    SpanAttributes,
    TraceDetail,
    TraceRow,
    TracesPage,
)

T = TypeVar("T")
P = TypeVar("P", bound=msgspec.Struct)

BASE = "/api/v3/clusters/{cluster:str}"
#: The Agent's words when a trace or span id matches nothing (agent/otel/traces.py).
NO_TRACE = "no trace"
NO_SPAN = "no span"
MAX_LIMIT = 1000
MAX_OFFSET = 100_000
#: The windows of /slo do not depend on a range; its series over the last hour are not shown.
SLO_OVERVIEW_RANGE = "1h"

RangeParam = Annotated[
    str | None,
    QueryParameter(
        description="15m, 1h, 6h, 24h, 7d or 30d, ending now (default 1h); or give start and end."
    ),
]
StartParam = Annotated[
    str | None, QueryParameter(description="RFC 3339; with end, instead of range.")
]
EndParam = Annotated[
    str | None, QueryParameter(description="RFC 3339; after start, ≤ 31 days later.")
]


# ---------------------------------------------------------------- answers


class ApmOverview(msgspec.Struct, rename="camel", kw_only=True):
    otel: OtelStatus
    services: list[ServiceView]
    edges: list[ServiceEdge]
    map: ServiceMap


class ServiceDetail(msgspec.Struct, rename="camel", kw_only=True):
    """One service over the range: `slowTraces` are its 10 slowest, `errorTraces` its 10 newest
    failed ones; `upstream`/`downstream` are the summary's edges into and out of it."""

    otel: OtelStatus
    range: TimeWindow
    service: ServiceView | None
    step_seconds: int
    series: list[SeriesBucket]
    operations: list[OperationRow]
    slow_traces: list[TraceRow]
    error_traces: list[TraceRow]
    upstream: list[ServiceEdge]
    downstream: list[ServiceEdge]


class TracesAnswer(msgspec.Struct, rename="camel", kw_only=True):
    otel: OtelStatus
    range: TimeWindow
    items: list[TraceRow]
    total: int


class TraceAnswer(TraceDetail, kw_only=True):
    otel: OtelStatus


class SpanAnswer(SpanAttributes, kw_only=True):
    otel: OtelStatus


class LogsAnswer(LogsPage, kw_only=True):
    otel: OtelStatus
    range: TimeWindow


class NodeHardwareList(msgspec.Struct, kw_only=True):
    otel: OtelStatus
    items: list[NodeHardware]


class NodeMetricsAnswer(NodeMetrics, kw_only=True):
    otel: OtelStatus
    range: TimeWindow
    hardware: NodeHardware | None


class SloOverview(msgspec.Struct, rename="camel", kw_only=True):
    otel: OtelStatus
    items: list[SloView]
    mesh_edges: list[MeshEdgeView]
    mesh: ServiceMap


class SloPoint(msgspec.Struct, rename="camel", kw_only=True):
    time: float  # epoch seconds of the bucket's start
    requests: int
    errors: int
    availability: float | None  # null without requests
    p50_ms: float
    p99_ms: float


class SloDetail(msgspec.Struct, rename="camel", kw_only=True):
    otel: OtelStatus
    range: TimeWindow
    item: SloView
    step_seconds: int
    series: list[SloPoint]


# ---------------------------------------------------------------- what every route needs


@dataclass(frozen=True, slots=True)
class _Otel:
    """A cluster's OTel data as one request sees it (a delta may replace the state's summary
    while the request awaits; `summary` is the one `status` describes)."""

    cluster: Cluster
    state: ClusterState | None
    summary: OtelSummary | None
    status: OtelStatus

    def require_clickhouse(self) -> None:
        if self.status.status == "disabled":
            raise ApiError(
                409,
                f"cluster {self.cluster.name!r} has no ClickHouse configured "
                "(AGENT_CLICKHOUSE_ENDPOINT)",
            )


def _otel(services: Services, cluster: str) -> _Otel:
    record = one_cluster(services, cluster)
    state = services.state.get(record.id)
    summary = state.otel if state else None
    online = cluster_status(record, services) == "online"
    status = otel_status(
        summary,
        has_snapshot=state is not None,
        online=online,
        now=datetime.now(UTC),
        stale_after=services.settings.otel_stale_seconds,
    )
    return _Otel(Cluster(record.id, record.name, online), state, summary, status)


def _caller(request: UserRequest) -> Caller:
    return Caller(current_user(request).username, client_ip(request))


@dataclass(frozen=True, slots=True)
class _Query:
    """The query commands of one view: to the cluster's Agent, over `window`, for `caller`."""

    otel: _Otel
    window: Window
    queries: OtelQueries
    caller: Caller

    def params(
        self, model: type[P], fields: dict[str, Any], names: dict[str, str] | None = None
    ) -> P:
        """The window's times and `fields` as `model`; 400 naming the query parameter."""
        return check.command_params(model, {**self.window.params(), **fields}, names)

    async def run(self, action: str, params: msgspec.Struct, output: type[T]) -> T:
        """The Agent's answer (409 without ClickHouse), kept as long as the window allows."""
        self.otel.require_clickhouse()
        return await self.queries.run(
            self.otel.cluster, action, params, output, self.caller, self._ttl
        )

    def _ttl(self, _answer: object) -> float:
        return self.window.ttl(datetime.now(UTC))


def _query(
    cluster: str,
    request: UserRequest,
    services: Services,
    otel_service: OtelService,
    range_: str | None,
    start: str | None = None,
    end: str | None = None,
) -> _Query:
    otel = _otel(services, cluster)
    window = resolve(range_, start, end, datetime.now(UTC))
    return _Query(otel, window, otel_service.queries, _caller(request))


# ---------------------------------------------------------------- APM


@get(
    f"{BASE}/apm",
    opt=VIEWER,
    operation_id="get_apm",
    summary="Services, their calls and the service map, from the Agent's latest summary.",
    responses=ERROR_RESPONSES,
)
async def apm(cluster: FromPath[str], services: NamedDependency[Services]) -> ApmOverview:
    otel = _otel(services, cluster)
    summary = otel.summary
    return ApmOverview(
        otel=otel.status,
        services=service_views(summary.services if summary else []),
        edges=summary.edges if summary else [],
        map=service_map(summary),
    )


@get(
    f"{BASE}/apm/services/{{service:str}}",
    opt=VIEWER,
    operation_id="get_apm_service",
    summary="One service over a time range: charts, operations, slow and failed traces.",
    responses=ERROR_RESPONSES,
)
async def apm_service(
    cluster: FromPath[str],
    service: FromPath[str],
    request: UserRequest,
    services: NamedDependency[Services],
    otel_service: NamedDependency[OtelService],
    range: RangeParam = None,
    start: StartParam = None,
    end: EndParam = None,
) -> ServiceDetail:
    query = _query(cluster, request, services, otel_service, range, start, end)
    slowest = query.params(
        QueryTracesParams,
        {
            "service": service,
            "sort": "duration",
            "order": "desc",
            "limit": 10,
            "include": ["series", "operations"],
        },
    )
    failed = query.params(
        QueryTracesParams,
        {"service": service, "status": "error", "sort": "start", "limit": 10},
    )
    slow, errors = await asyncio.gather(
        query.run("query_traces", slowest, TracesPage),
        query.run("query_traces", failed, TracesPage),
    )
    summary = query.otel.summary
    found = [s for s in summary.services if s.name == service] if summary else []
    edges = summary.edges if summary else []
    return ServiceDetail(
        otel=query.otel.status,
        range=query.window.view(),
        service=service_views(found)[0] if found else None,
        step_seconds=slow.step_seconds,
        series=slow.series,
        operations=slow.operations,
        slow_traces=slow.items,
        error_traces=errors.items,
        upstream=[e for e in edges if e.target == service and e.kind == "http"],
        downstream=[e for e in edges if e.source == service],
    )


# ---------------------------------------------------------------- traces


@get(
    f"{BASE}/traces",
    opt=VIEWER,
    operation_id="list_traces",
    summary="Server and root spans matching the filters, one row per service per trace.",
    responses=ERROR_RESPONSES,
)
async def list_traces(
    cluster: FromPath[str],
    request: UserRequest,
    services: NamedDependency[Services],
    otel_service: NamedDependency[OtelService],
    range: RangeParam = None,
    start: StartParam = None,
    end: EndParam = None,
    service: Annotated[str | None, QueryParameter(max_length=256)] = None,
    operation: Annotated[str | None, QueryParameter(max_length=512)] = None,
    status: FromQuery[Literal["any", "ok", "error"]] = "any",
    minDurationMs: Annotated[float | None, QueryParameter(ge=0, le=86_400_000)] = None,  # noqa: N803
    maxDurationMs: Annotated[float | None, QueryParameter(ge=0, le=86_400_000)] = None,  # noqa: N803
    sort: FromQuery[Literal["start", "duration"]] = "start",
    order: FromQuery[Literal["asc", "desc"]] = "desc",
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET)] = 0,
) -> TracesAnswer:
    query = _query(cluster, request, services, otel_service, range, start, end)
    fields: dict[str, Any] = {
        "service": service or "",
        "operation": operation or "",
        "status": status,
        "sort": sort,
        "order": order,
        "limit": limit,
        "offset": offset,
    }
    if minDurationMs is not None:
        fields["minDurationMs"] = minDurationMs
    if maxDurationMs is not None:
        fields["maxDurationMs"] = maxDurationMs
    page = await query.run("query_traces", query.params(QueryTracesParams, fields), TracesPage)
    return TracesAnswer(
        otel=query.otel.status, range=query.window.view(), items=page.items, total=page.total
    )


def _trace_ttl(detail: TraceDetail) -> float:
    """A trace that ended minutes ago may still gain spans; an older one is complete."""
    started = parse_time(detail.start)
    now = datetime.now(UTC)
    if started is None:
        return ttl_for(now, now)
    return ttl_for(started + timedelta(milliseconds=detail.duration_ms), now)


@get(
    f"{BASE}/traces/{{trace_id:str}}",
    opt=VIEWER,
    operation_id="get_trace",
    summary="Every span of one trace placed for a waterfall, with its events and logs.",
    responses=ERROR_RESPONSES,
)
async def get_trace(
    cluster: FromPath[str],
    trace_id: FromPath[str],
    request: UserRequest,
    services: NamedDependency[Services],
    otel_service: NamedDependency[OtelService],
) -> TraceAnswer:
    otel = _otel(services, cluster)
    params = QueryTraceDetailParams(trace_id=check.trace_id(trace_id))
    otel.require_clickhouse()
    try:
        detail = await otel_service.queries.run(
            otel.cluster, "query_trace_detail", params, TraceDetail, _caller(request), _trace_ttl
        )
    except ApiError as exc:
        if exc.code == "agent_failed" and NO_TRACE in exc.message:
            raise ApiError(404, exc.message) from None
        raise
    return TraceAnswer(otel=otel.status, **msgspec.structs.asdict(detail))


@get(
    f"{BASE}/traces/{{trace_id:str}}/spans/{{span_id:str}}",
    opt=VIEWER,
    operation_id="get_span",
    summary="One span's attributes and resource attributes, read when the span is opened.",
    responses=ERROR_RESPONSES,
)
async def get_span(
    cluster: FromPath[str],
    trace_id: FromPath[str],
    span_id: FromPath[str],
    request: UserRequest,
    services: NamedDependency[Services],
    otel_service: NamedDependency[OtelService],
) -> SpanAnswer:
    otel = _otel(services, cluster)
    params = QuerySpanParams(trace_id=check.trace_id(trace_id), span_id=check.span_id(span_id))
    otel.require_clickhouse()
    try:
        # A written span never changes.
        found = await otel_service.queries.run(
            otel.cluster,
            "query_span",
            params,
            SpanAttributes,
            _caller(request),
            lambda _: SETTLED_TTL,
        )
    except ApiError as exc:
        if exc.code == "agent_failed" and NO_SPAN in exc.message:
            raise ApiError(404, exc.message) from None
        raise
    return SpanAnswer(otel=otel.status, **msgspec.structs.asdict(found))


# ---------------------------------------------------------------- logs


@get(
    f"{BASE}/logs",
    opt=VIEWER,
    operation_id="search_logs",
    summary="Log records matching words or a quoted phrase and the filters, with facets and a"
    " histogram.",
    responses=ERROR_RESPONSES,
)
async def search_logs(
    cluster: FromPath[str],
    request: UserRequest,
    services: NamedDependency[Services],
    otel_service: NamedDependency[OtelService],
    range: RangeParam = None,
    start: StartParam = None,
    end: EndParam = None,
    q: Annotated[
        str | None,
        QueryParameter(
            max_length=512,
            description='Words that must all appear (any case), or a "quoted phrase".',
        ),
    ] = None,
    service: Annotated[
        list[str] | None, QueryParameter(description="Repeat for several services.")
    ] = None,
    severity: Annotated[
        list[str] | None,
        QueryParameter(description="TRACE, DEBUG, INFO, WARN, ERROR or FATAL; repeat for several."),
    ] = None,
    namespace: Annotated[str | None, QueryParameter(max_length=253)] = None,
    pod: Annotated[str | None, QueryParameter(max_length=253)] = None,
    traceId: FromQuery[str | None] = None,  # noqa: N803
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET)] = 0,
) -> LogsAnswer:
    query = _query(cluster, request, services, otel_service, range, start, end)
    fields: dict[str, Any] = {
        "q": q or "",
        "services": sorted(set(service or [])),
        "severities": check.severities(severity),
        "namespace": namespace or "",
        "pod": pod or "",
        "limit": limit,
        "offset": offset,
    }
    if traceId:
        fields["traceId"] = check.trace_id(traceId)
    params = query.params(
        QueryLogsParams, fields, {"services": "service", "severities": "severity"}
    )
    page = await query.run("query_logs", params, LogsPage)
    return LogsAnswer(
        otel=query.otel.status, range=query.window.view(), **msgspec.structs.asdict(page)
    )


# ---------------------------------------------------------------- node hardware


@get(
    f"{BASE}/node-metrics",
    opt=VIEWER,
    operation_id="list_node_hardware",
    summary="The latest node_exporter values of every node, from the Agent's latest summary.",
    responses=ERROR_RESPONSES,
)
async def node_hardware(
    cluster: FromPath[str], services: NamedDependency[Services]
) -> NodeHardwareList:
    otel = _otel(services, cluster)
    return NodeHardwareList(otel=otel.status, items=otel.summary.nodes if otel.summary else [])


@get(
    f"{BASE}/node-metrics/{{node:str}}",
    opt=VIEWER,
    operation_id="get_node_metrics",
    summary="The history of one node's metric groups (or raw node_* metrics) over a range.",
    responses=ERROR_RESPONSES,
)
async def node_metrics(
    cluster: FromPath[str],
    node: FromPath[str],
    request: UserRequest,
    services: NamedDependency[Services],
    otel_service: NamedDependency[OtelService],
    range: RangeParam = None,
    start: StartParam = None,
    end: EndParam = None,
    metrics: Annotated[
        str | None,
        QueryParameter(
            description="Comma-separated: " + ", ".join(METRIC_GROUPS) + " or node_* names"
            " (default: every group)."
        ),
    ] = None,
) -> NodeMetricsAnswer:
    query = _query(cluster, request, services, otel_service, range, start, end)
    params = query.params(
        QueryMetricsParams, {"node": node, "metrics": check.metric_names(metrics)}
    )
    otel = query.otel
    otel.require_clickhouse()  # before the node: without ClickHouse, no node has metrics
    nodes = otel.summary.nodes if otel.summary else []
    hardware = next((n for n in nodes if node in (n.node, n.instance)), None)
    if hardware is None and (otel.state is None or otel.state.find("nodes", "", node) is None):
        raise ApiError(404, f"cluster {otel.cluster.name!r} has no node {node[:253]!r}")
    answer = await query.run("query_metrics", params, NodeMetrics)
    return NodeMetricsAnswer(
        otel=otel.status,
        range=query.window.view(),
        hardware=hardware,
        **msgspec.structs.asdict(answer),
    )


# ---------------------------------------------------------------- SLOs


@get(
    f"{BASE}/slo",
    opt=VIEWER,
    operation_id="get_slo",
    summary="Every ingress backend's and mesh workload's SLO over 1d/7d/30d, and the mesh"
    " topology.",
    responses=ERROR_RESPONSES,
)
async def slo(
    cluster: FromPath[str],
    request: UserRequest,
    services: NamedDependency[Services],
    otel_service: NamedDependency[OtelService],
) -> SloOverview:
    query = _query(cluster, request, services, otel_service, SLO_OVERVIEW_RANGE)
    otel = query.otel
    summary = otel.summary
    mesh = mesh_map(summary)
    edges = mesh_edge_views(summary.mesh_edges if summary else [])
    if otel.status.status == "disabled":
        return SloOverview(otel=otel.status, items=[], mesh_edges=edges, mesh=mesh)
    kinds: tuple[SloKind, SloKind] = ("ingress", "service")
    results = await asyncio.gather(
        *(
            query.run("query_slo", query.params(QuerySloParams, {"kind": kind}), SloResult)
            for kind in kinds
        )
    )
    targets = await otel_service.targets.of_cluster(otel.cluster.id)
    now = datetime.now(UTC)
    items = [
        view
        for kind, result in zip(kinds, results, strict=True)
        for view in slo_views(kind, result, summary, targets, now)
    ]
    return SloOverview(otel=otel.status, items=items, mesh_edges=edges, mesh=mesh)


@get(
    f"{BASE}/slo/detail",
    opt=VIEWER,
    operation_id="get_slo_detail",
    summary="One ingress backend's or mesh workload's SLO, with its series over a range.",
    responses=ERROR_RESPONSES,
)
async def slo_detail(
    cluster: FromPath[str],
    request: UserRequest,
    services: NamedDependency[Services],
    otel_service: NamedDependency[OtelService],
    kind: FromQuery[SloKind],
    name: Annotated[
        str,
        QueryParameter(
            min_length=1,
            max_length=512,
            description="A Traefik service label (ingress) or namespace/workload (service).",
        ),
    ],
    range: RangeParam = None,
    start: StartParam = None,
    end: EndParam = None,
) -> SloDetail:
    query = _query(cluster, request, services, otel_service, range, start, end)
    params = query.params(QuerySloParams, {"kind": kind, "name": name})
    otel = query.otel
    result = await query.run("query_slo", params, SloResult)
    item = next((i for i in result.items if i.name == name), None)
    row = summary_rows(kind, otel.summary).get(name)
    if item is None and row is None:
        raise ApiError(404, f"cluster {otel.cluster.name!r} has no {kind} {name!r} with SLO data")
    targets = await otel_service.targets.of_cluster(otel.cluster.id)
    view = item_view(kind, name, row, item, targets.get((kind, name)), datetime.now(UTC))
    series = [
        SloPoint(
            time=b.time,
            requests=b.requests,
            errors=b.errors,
            availability=1 - b.errors / b.requests if b.requests else None,
            p50_ms=b.p50_ms,
            p99_ms=b.p99_ms,
        )
        for b in (item.series if item else [])
    ]
    return SloDetail(
        otel=otel.status,
        range=query.window.view(),
        item=view,
        step_seconds=result.step_seconds,
        series=series,
    )


@put(
    f"{BASE}/slo/targets",
    opt=OPERATOR,
    operation_id="set_slo_target",
    summary="Set the SLO target of one ingress backend or mesh workload.",
    responses=ERROR_RESPONSES,
)
async def set_slo_target(
    cluster: FromPath[str],
    data: JSONBody[TargetBody],
    request: UserRequest,
    services: NamedDependency[Services],
    otel_service: NamedDependency[OtelService],
) -> TargetItem:
    record = one_cluster(services, cluster)
    await otel_service.targets.put(record.id, data, current_user(request).username)
    await audit(
        request,
        services,
        "slo.target.set",
        f"{record.id}/{data.kind}/{data.name}",
        msgspec.to_builtins(data),
    )
    return _target_item(
        data.kind, data.name, Target(data.availability, data.latency_ms, data.latency_objective)
    )


@delete(
    f"{BASE}/slo/targets",
    opt=OPERATOR,
    status_code=200,
    operation_id="reset_slo_target",
    summary="Forget the SLO target of one item; it goes back to the default.",
    responses=ERROR_RESPONSES,
)
async def reset_slo_target(
    cluster: FromPath[str],
    request: UserRequest,
    services: NamedDependency[Services],
    otel_service: NamedDependency[OtelService],
    kind: FromQuery[SloKind],
    name: Annotated[str, QueryParameter(min_length=1, max_length=512)],
) -> TargetItem:
    record = one_cluster(services, cluster)
    existed = await otel_service.targets.delete(record.id, kind, name)
    await audit(
        request,
        services,
        "slo.target.reset",
        f"{record.id}/{kind}/{name}",
        {"kind": kind, "name": name, "existed": existed},
    )
    return _target_item(kind, name, None)


def _target_item(kind: SloKind, name: str, target: Target | None) -> TargetItem:
    return TargetItem(kind=kind, name=name, **msgspec.structs.asdict(target_view(target)))


ROUTES = [
    apm,
    apm_service,
    list_traces,
    get_trace,
    get_span,
    search_logs,
    node_hardware,
    node_metrics,
    slo,
    slo_detail,
    set_slo_target,
    reset_slo_target,
]
