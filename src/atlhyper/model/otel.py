"""OpenTelemetry data the Agent reads from ClickHouse (ARCHITECTURE §6): the summary that rides
in snapshots, and the outputs of the `query_*` commands.

Units are in the field names: `…Ms` milliseconds, `rate` per second, `…Bps` bytes per second,
shares (`errorRate`, `availability`) between 0 and 1. Times are RFC 3339 UTC strings; series
points are `[epochSeconds, value]` pairs so charts take them as they are.
"""

from __future__ import annotations

from typing import Literal

import msgspec

SummaryStatus = Literal["ok", "stale", "unavailable"]
SloKind = Literal["ingress", "service"]
Point = tuple[float, float]


class _Wire(msgspec.Struct, rename="camel", omit_defaults=True, kw_only=True):
    pass


# ---------------------------------------------------------------- the summary (in snapshots)


class ApmService(_Wire, kw_only=True):
    """One service's server spans over the summary window."""

    name: str
    namespace: str = ""
    requests: int
    rate: float
    errors: int
    error_rate: float
    p50_ms: float
    p99_ms: float


class ServiceEdge(_Wire, kw_only=True):
    """Calls from `source` to `target`, a service or a database (`kind` "db", target = peer)."""

    source: str
    target: str
    kind: Literal["http", "db"] = "http"
    requests: int
    rate: float
    errors: int
    error_rate: float
    p50_ms: float
    p99_ms: float


class IngressSlo(_Wire, kw_only=True):
    """Traefik's view of one backend over the summary window."""

    service: str  # Traefik's `service` label: namespace-name-port@kubernetes
    hosts: list[str] = []  # the Ingress hosts routed to it
    namespace: str = ""
    backend: str = ""  # the Kubernetes Service name
    requests: int
    rate: float
    errors: int  # 5xx
    availability: float
    p50_ms: float
    p99_ms: float


class MeshWorkload(_Wire, kw_only=True):
    """Linkerd inbound traffic of one workload over the summary window."""

    namespace: str
    workload: str
    requests: int
    rate: float
    failures: int
    success_rate: float
    p50_ms: float
    p99_ms: float


class MeshEdge(_Wire, kw_only=True):
    """Linkerd outbound traffic from one workload to another over the summary window."""

    source_namespace: str
    source: str
    target_namespace: str
    target: str
    requests: int
    rate: float
    failures: int
    success_rate: float
    p50_ms: float
    p99_ms: float


class NodeHardware(_Wire, kw_only=True):
    """The latest node_exporter values of one node (rates over the last few minutes)."""

    node: str  # the Kubernetes Node name, or the instance when no node matches
    instance: str  # service.instance.id (ip:port)
    cpu_percent: float
    load1: float
    memory_used_bytes: float
    memory_total_bytes: float
    disk_read_bps: float
    disk_write_bps: float
    net_rx_bps: float
    net_tx_bps: float
    filesystem_used_percent: float  # the fullest real filesystem
    temperature_celsius: float | None = None  # the hottest sensor
    psi_cpu_waiting: float = 0.0  # share of time some task waited for CPU
    tcp_established: float = 0.0
    ntp_offset_seconds: float | None = None
    last_seen: str = ""


class OtelSummary(_Wire, kw_only=True):
    """What the Agent last learned from ClickHouse.

    `status` is "ok" while the data is fresh, "stale" when the last refresh failed or is older
    than the cache's TTL (the data is the last good one, `refreshedAt` says when), and
    "unavailable" when no refresh ever succeeded (the lists are empty).
    """

    status: SummaryStatus
    window_seconds: int
    refreshed_at: str = ""  # when the data below was read
    checked_at: str = ""  # the last refresh attempt
    error: str = ""
    schema_generation: str = ""
    services: list[ApmService] = []
    edges: list[ServiceEdge] = []
    ingresses: list[IngressSlo] = []
    mesh_workloads: list[MeshWorkload] = []
    mesh_edges: list[MeshEdge] = []
    nodes: list[NodeHardware] = []


# ---------------------------------------------------------------- query_traces


class TraceRow(_Wire, kw_only=True):
    """A server (or root) span that matched: one service's part of one trace."""

    trace_id: str
    span_id: str
    service: str
    operation: str
    start: str
    duration_ms: float
    error: bool
    http_status: str = ""
    root: bool = False


class SeriesBucket(_Wire, kw_only=True):
    time: float  # epoch seconds of the bucket's start
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float


class OperationRow(_Wire, kw_only=True):
    name: str
    requests: int
    rate: float
    errors: int
    error_rate: float
    p50_ms: float
    p99_ms: float


class TracesPage(_Wire, kw_only=True):
    items: list[TraceRow]
    total: int
    step_seconds: int = 0
    series: list[SeriesBucket] = []  # with include "series"
    operations: list[OperationRow] = []  # with include "operations"


# ---------------------------------------------------------------- query_trace_detail


class SpanEvent(_Wire, kw_only=True):
    time: str
    name: str
    attributes: dict[str, str] = {}


class SpanRow(_Wire, kw_only=True):
    """One span placed for a waterfall: `offsetMs` from the trace start, `depth` in the tree.

    Its attribute maps are not here: they are most of what reading a trace costs (each span's
    granule decompressed for them), and a user opens a few spans of a trace. `query_span` reads
    one span's maps when it is opened."""

    span_id: str
    parent_span_id: str
    service: str
    name: str
    kind: str  # Server, Client, Internal, Producer, Consumer (one spelling whatever the table)
    start: str
    offset_ms: float
    duration_ms: float
    depth: int
    error: bool
    status_message: str = ""
    events: list[SpanEvent] = []


class LogRow(_Wire, kw_only=True):
    time: str
    service: str
    severity: str
    body: str
    trace_id: str = ""
    span_id: str = ""
    namespace: str = ""
    pod: str = ""
    attributes: dict[str, str] = {}


class TraceDetail(_Wire, kw_only=True):
    trace_id: str
    start: str
    duration_ms: float
    services: list[str]
    spans: list[SpanRow]  # depth-first, children by start
    logs: list[LogRow] = []


# ---------------------------------------------------------------- query_span


class SpanAttributes(_Wire, kw_only=True):
    """One span's attributes and its resource's (the process that wrote it)."""

    trace_id: str
    span_id: str
    attributes: dict[str, str] = {}
    resource: dict[str, str] = {}


# ---------------------------------------------------------------- query_logs


class FacetValue(_Wire, kw_only=True):
    value: str
    count: int


class HistogramBucket(_Wire, kw_only=True):
    time: float  # epoch seconds of the bucket's start
    count: int
    errors: int  # severity ERROR or worse


class LogsPage(_Wire, kw_only=True):
    items: list[LogRow]
    total: int
    step_seconds: int
    histogram: list[HistogramBucket]
    facets: dict[str, list[FacetValue]]  # "service", "severity", "namespace", "pod"


# ---------------------------------------------------------------- query_metrics


class NodeMetricSeries(_Wire, kw_only=True):
    group: str  # the panel: "cpu", "memory", … or the raw metric name
    name: str  # the line: "user", "cpu0", "eth0 rx", …
    unit: str  # "percent", "bytes", "bytesPerSecond", "perSecond", "celsius", "seconds", "count"
    points: list[Point]


class NodeMetrics(_Wire, kw_only=True):
    node: str
    instance: str
    step_seconds: int
    series: list[NodeMetricSeries]


# ---------------------------------------------------------------- query_slo


class SloWindow(_Wire, kw_only=True):
    """Counts over one window; `latencyBounds`/`latencyBelow` give the share of requests at or
    under each histogram bound exactly (cumulative counts). A window starts on an hour boundary:
    "1d" is the last 24 complete hours plus the current hour up to the query's time."""

    window: Literal["1d", "7d", "30d"]
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    latency_bounds_ms: list[float] = []
    latency_below: list[int] = []


class SloSeriesBucket(_Wire, kw_only=True):
    time: float
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float


class SloItem(_Wire, kw_only=True):
    """One ingress backend (Traefik `service`) or one mesh workload (`namespace/workload`)."""

    name: str
    hosts: list[str] = []
    windows: list[SloWindow]
    series: list[SloSeriesBucket] = []  # only when the query named one item


class SloResult(_Wire, kw_only=True):
    kind: SloKind
    step_seconds: int = 0
    items: list[SloItem]
