"""A benchmark dataset generated inside ClickHouse: `INSERT … SELECT` over `numbers()`.

Python only describes the shapes (each entry route of the topology unrolled into a fixed tree of
span templates, and the node_exporter series); ClickHouse makes the rows, so tens of millions of
spans take seconds per million rather than minutes. Everything is derived from `cityHash64` of
(seed, trace number, template), so the same arguments give the same data.

Per trace, every template j gets its own time `own[j]` (lognormal, Box-Muller over hashes). A
span's duration is its own time plus the own times of all its descendants, and its start is the
trace start plus a fixed linear combination of own times (a third of each server ancestor's, half
of each client ancestor's, all of each earlier sibling subtree), so parents enclose their
children exactly as in `traces.SpanGenerator`. A service fails with its error rate, and a failure
propagates to every ancestor. Logs are read back from the server spans (two or more per span).
Node series are node_exporter's, for every group of the hardware page.

`generate_mesh` adds weeks of Traefik and Linkerd series (the SLO windows) for the same traffic:
a Monte Carlo over the same span trees gives each flow's rate, error share and latency buckets,
and ClickHouse writes every scrape of every series as a closed form of time (cumulative, with
restarts), so a month at a 60 s scrape takes minutes, not hours.
"""

from __future__ import annotations

import bisect
import math
import random
import time
from dataclasses import dataclass, field

from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine, Statement, quote_literal
from atlhyper.sim.otel.metrics import LINKERD_BOUNDS, TRAEFIK_BOUNDS
from atlhyper.sim.otel.topology import Call, Latency, Node, Operation, Pod, Service, Topology

_NS = 1_000_000_000
_NETWORK = Latency(0.5, 2.0)
#: Routes with more templates than this are cut (deep fan-out in a synthetic topology).
MAX_TEMPLATES = 40


@dataclass
class _Template:
    parent: int
    service: Service
    kind: str
    name: str
    attributes: dict[str, str]
    latency: Latency
    error_rate: float
    children: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BulkResult:
    spans: int
    logs: int
    metrics: int
    seconds: dict[str, float]

    def rows_per_second(self, what: str) -> float:
        rows = {"spans": self.spans, "logs": self.logs, "metrics": self.metrics}[what]
        return rows / max(self.seconds.get(what, 0.0), 1e-9)


def _unroll(topology: Topology, operation: Operation) -> list[_Template]:
    entry = topology.services[topology.entry]
    templates: list[_Template] = []

    def server(service: Service, op_name: str, parent: int) -> None:
        index = len(templates)
        method, _, route = op_name.partition(" ")
        templates.append(
            _Template(
                parent,
                service,
                "Server",
                op_name,
                {"http.request.method": method, "http.route": route},
                service.latency,
                service.error_rate,
            )
        )
        if parent >= 0:
            templates[parent].children.append(index)
        op = service.operations.get(op_name)
        for call in op.calls if op else ():
            if len(templates) >= MAX_TEMPLATES:
                return
            client(service, call, index)

    def client(service: Service, call: Call, parent: int) -> None:
        index = len(templates)
        db = bool(call.db_system)
        attributes = {"peer.service": call.target, "server.address": call.target}
        if db:
            attributes |= {"db.system": call.db_system, "db.operation.name": call.operation}
        latency = topology.databases.get(call.target, Latency(1, 10)) if db else _NETWORK
        templates.append(
            _Template(parent, service, "Client", call.operation, attributes, latency, 0.0)
        )
        templates[parent].children.append(index)
        if not db and call.target in topology.services:
            server(topology.services[call.target], call.operation, index)

    server(entry, operation.name, -1)
    return templates


def _descendants(templates: list[_Template], index: int) -> list[int]:
    found = []
    stack = list(templates[index].children)
    while stack:
        child = stack.pop()
        found.append(child)
        stack.extend(templates[child].children)
    return found


def _coefficients(templates: list[_Template]) -> tuple[list[list[float]], list[list[float]]]:
    """Per template, the weights on `own` giving its duration and its start offset."""
    size = len(templates)
    durations = []
    for j in range(size):
        row = [0.0] * size
        row[j] = 1.0
        for d in _descendants(templates, j):
            row[d] = 1.0
        durations.append(row)
    starts = []
    for j in range(size):
        row = [0.0] * size
        child, parent = j, templates[j].parent
        while parent >= 0:
            row[parent] += 1 / 3 if templates[parent].kind == "Server" else 1 / 2
            for sibling in templates[parent].children:
                if sibling == child:
                    break
                for k, weight in enumerate(durations[sibling]):
                    row[k] += weight
            child, parent = parent, templates[parent].parent
        starts.append(row)
    return durations, starts


def _array(values: list[str]) -> str:
    return "[" + ",".join(values) + "]"


def _matrix(rows: list[list[float]]) -> str:
    return _array([_array([f"{v:.6g}" for v in row]) for row in rows])


def _map(pairs: dict[str, str]) -> str:
    if not pairs:
        return "map()::Map(LowCardinality(String), String)"
    return (
        "map("
        + ",".join(f"{quote_literal(k)},{quote_literal(v)}" for k, v in sorted(pairs.items()))
        + ")"
    )


def _pods(service: Service) -> str:
    return _array(
        [
            f"({quote_literal(p.name)},{quote_literal(p.node)},{quote_literal(p.ip)})"
            for p in service.pods
        ]
    )


def _traces_sql(
    database: str,
    templates: list[_Template],
    traces: int,
    offset: int,
    start_ns: int,
    end_ns: int,
    seed: int,
    spelling: schema.Spelling,
    cluster: str,
) -> str:
    durations, starts = _coefficients(templates)
    size = len(templates)
    errors = [
        [1 if (k == j or k in _descendants(templates, j)) else 0 for k in range(size)]
        for j in range(size)
    ]
    span_ms = (end_ns - start_ns) / 1e6 / max(traces, 1)  # trace spacing, spread over the range
    return f"""
INSERT INTO {database}.{schema.TRACES}
    (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
     ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode,
     StatusMessage, `Events.Timestamp`, `Events.Name`, `Events.Attributes`)
WITH
    {seed} AS seed,
    {_array([f"{t.latency.mu:.6f}" for t in templates])} AS mus,
    {_array([f"{t.latency.sigma:.6f}" for t in templates])} AS sigmas,
    {_array([f"{t.error_rate:.6f}" for t in templates])} AS rates,
    {_matrix(durations)} AS duration_weights,
    {_matrix(starts)} AS start_weights,
    {_array([_array([str(v) for v in row]) for row in errors])} AS error_scopes,
    {_array([str(t.parent + 1) for t in templates])} AS parents,
    {_array([quote_literal(t.service.name) for t in templates])} AS services,
    {_array([quote_literal(t.service.namespace) for t in templates])} AS namespaces,
    {_array([quote_literal(spelling.kinds[t.kind]) for t in templates])} AS kinds,
    {_array([quote_literal(t.name) for t in templates])} AS names,
    {_array([_map(t.attributes) for t in templates])} AS attributes,
    {_array([_pods(t.service) for t in templates])} AS pods,
    {quote_literal(spelling.statuses["Error"])} AS error_status,
    {quote_literal(spelling.statuses["Unset"])} AS unset_status
SELECT
    fromUnixTimestamp64Nano(trace_start
        + toInt64(arraySum(arrayMap((w, o) -> w * o, start_weights[j], owns)))) AS start,
    trace_id,
    span_ids[j],
    if(parents[j] = 0, '', span_ids[parents[j]]),
    names[j],
    kinds[j],
    services[j],
    map('service.name', services[j], 'k8s.namespace.name', namespaces[j],
        'k8s.deployment.name', services[j], 'k8s.pod.name', pod.1, 'k8s.node.name', pod.2,
        'host.name', pod.2, 'k8s.pod.ip', pod.3, 'k8s.cluster.name', {quote_literal(cluster)}),
    'atlhyper.bulk',
    '1',
    mapUpdate(attributes[j], map('http.response.status_code', if(
        (arrayExists((scope, e) -> scope = 1 AND e, error_scopes[j], own_errors) AS failed),
        '500', '200'))),
    toUInt64(arraySum(arrayMap((w, o) -> w * o, duration_weights[j], owns))) AS duration,
    if(failed, error_status, unset_status),
    if(own_errors[j], 'context deadline exceeded', ''),
    if(own_errors[j], [start + toIntervalNanosecond(duration)], []),
    if(own_errors[j], ['exception'], []),
    if(own_errors[j], [map('exception.type', 'DeadlineExceeded',
        'exception.message', 'context deadline exceeded')], [])
FROM (
    SELECT
        number + {offset} AS n,
        {start_ns} + toInt64(number * {span_ms * 1e6:.3f}) AS trace_start,
        lower(concat(hex(cityHash64(seed, n, 'trace-a')), hex(cityHash64(seed, n, 'trace-b'))))
            AS trace_id,
        arrayMap(k -> lower(hex(cityHash64(seed, n, k))), range(1, {size + 1})) AS span_ids,
        arrayMap((m, s, k) -> exp(m + s * sqrt(-2 * log((cityHash64(seed, n, k, 1) % 1000000 + 1)
            / 1000001)) * cos(2 * pi() * (cityHash64(seed, n, k, 2) % 1000000) / 1000000))
            * 1000000, mus, sigmas, range(1, {size + 1})) AS owns,
        arrayMap((r, k) -> (cityHash64(seed, n, k, 3) % 1000000) < r * 1000000, rates,
            range(1, {size + 1})) AS own_errors
    FROM numbers({traces})
)
ARRAY JOIN range(1, {size + 1}) AS j
ARRAY JOIN [pods[j][1 + cityHash64(seed, n, j, 4) % length(pods[j])]] AS pod
SETTINGS max_block_size = 65536
"""


#: A word in about COMMON_SHARE of the log lines, for full-text search benchmarks.
COMMON_WORD = "retrying"
COMMON_SHARE = 0.01


def _logs_sql(
    database: str, start_ns: int, end_ns: int, server: str, lines: float, common: float
) -> str:
    """`lines` log lines per server span on average: a DEBUG line at its start (a `common` share
    of them ending in COMMON_WORD), an INFO or ERROR line at its end, then INFO cache lines
    while the average is not reached."""
    whole = int(lines)
    keep = f"which < {whole}"
    if lines > whole:
        keep += f" OR cityHash64(SpanId, which) % 1000000 < {round((lines - whole) * 1e6)}"
    return f"""
INSERT INTO {database}.{schema.LOGS}
    (Timestamp, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body,
     ResourceAttributes, ScopeName, LogAttributes)
SELECT
    multiIf(which = 0, Timestamp,
        which = 1, Timestamp + toIntervalNanosecond(Duration),
        Timestamp + toIntervalNanosecond(intDiv(Duration, which))),
    TraceId,
    SpanId,
    1,
    multiIf(which = 0, 'DEBUG', which = 1 AND StatusCode IN ('Error', 'STATUS_CODE_ERROR'),
        'ERROR', 'INFO'),
    multiIf(which = 0, 5, which = 1 AND StatusCode IN ('Error', 'STATUS_CODE_ERROR'), 17, 9),
    ServiceName,
    multiIf(which = 0,
        concat('handling ', SpanName, ' for user ', toString(cityHash64(TraceId) % 100000),
            ' order ', toString(cityHash64(SpanId) % 10000000),
            if(cityHash64(SpanId, 'common') % 1000000 < {round(common * 1e6)},
                ' {COMMON_WORD}', '')),
        which = 1,
        if(StatusMessage != '',
            concat(SpanName, ' failed: ', StatusMessage, ' after ',
                toString(intDiv(Duration, 1000000)), 'ms'),
            concat(SpanName, ' ', SpanAttributes['http.response.status_code'], ' in ',
                toString(intDiv(Duration, 1000000)), 'ms')),
        concat('cache ', if(cityHash64(SpanId, which) % 4 = 0, 'miss', 'hit'), ' for ',
            SpanName, ' key ', toString(cityHash64(SpanId, which, 'key') % 1000000))),
    mapUpdate(ResourceAttributes, map('k8s.container.name', ServiceName)),
    concat(ServiceName, '/http'),
    map('http.route', SpanAttributes['http.route'])
FROM {database}.{schema.TRACES}
ARRAY JOIN range({math.ceil(lines)}) AS which
WHERE SpanKind = {quote_literal(server)}
    AND Timestamp >= fromUnixTimestamp64Nano({start_ns})
    AND Timestamp < fromUnixTimestamp64Nano({end_ns})
    AND ({keep})
"""


# How a node series' value follows from the scrape time, the boot time and the node: a counter
# (per second since boot, with an hourly wave), idle CPU (elapsed time minus the busy modes),
# an untyped counter (in the gauge table), a share of the node's memory, a level drifting
# around its base, a constant, a small noise around the base, the boot time, the clock, and
# node_uname_info (its labels name the node).
_COUNTER, _IDLE, _UNTYPED, _MEMORY, _LEVEL, _CONST, _NOISE, _BOOT, _CLOCK, _UNAME = range(10)
_CPUS = 4
_CPU_MODES = {
    "user": 0.2,
    "system": 0.06,
    "iowait": 0.01,
    "irq": 0.002,
    "softirq": 0.008,
    "steal": 0.002,
    "nice": 0.003,
}
_DISK = {"device": "sda"}
_NIC = {"device": "eth0"}
_FS = {"device": "/dev/sda1", "fstype": "ext4", "mountpoint": "/"}
_UNAME_LABELS = {"machine": "x86_64", "release": "6.1.0-28-amd64", "sysname": "Linux"}
_NodeSeries = tuple[str, dict[str, str], int, float]


def _node_series() -> tuple[list[_NodeSeries], list[_NodeSeries]]:
    """One node's node_exporter series, (name, labels, kind, base): those of the sum table
    (counters) and those of the gauge table, covering every group of the hardware page."""
    counters: list[_NodeSeries] = []
    for cpu in range(_CPUS):
        for mode, share in _CPU_MODES.items():
            labels = {"cpu": str(cpu), "mode": mode}
            counters.append(("node_cpu_seconds_total", labels, _COUNTER, share))
        busy = sum(_CPU_MODES.values())
        counters.append(("node_cpu_seconds_total", {"cpu": str(cpu), "mode": "idle"}, _IDLE, busy))
        for name, rate in (("processed", 600.0), ("dropped", 0.01), ("times_squeezed", 0.05)):
            counters.append((f"node_softnet_{name}_total", {"cpu": str(cpu)}, _COUNTER, rate))
    counters.append(("node_context_switches_total", {}, _COUNTER, 4000.0))
    for name, rate in (
        ("cpu_waiting", 0.02),
        ("memory_waiting", 0.001),
        ("memory_stalled", 0.0005),
        ("io_waiting", 0.01),
        ("io_stalled", 0.005),
    ):
        counters.append((f"node_pressure_{name}_seconds_total", {}, _COUNTER, rate))
    for name, rate in (
        ("read_bytes", 2e5),
        ("written_bytes", 8e5),
        ("reads_completed", 20.0),
        ("writes_completed", 60.0),
        ("io_time_seconds", 0.02),
        ("io_time_weighted_seconds", 0.04),
    ):
        counters.append((f"node_disk_{name}_total", _DISK, _COUNTER, rate))
    for name, rate in (
        ("receive_bytes", 4e5),
        ("transmit_bytes", 3e5),
        ("receive_packets", 400.0),
        ("transmit_packets", 350.0),
        ("receive_errs", 0.001),
        ("transmit_errs", 0.0),
        ("receive_drop", 0.01),
        ("transmit_drop", 0.0),
    ):
        counters.append((f"node_network_{name}_total", _NIC, _COUNTER, rate))
    gauges: list[_NodeSeries] = [
        ("node_load1", {}, _LEVEL, 1.5),
        ("node_load5", {}, _LEVEL, 1.4),
        ("node_load15", {}, _LEVEL, 1.3),
        ("node_procs_running", {}, _LEVEL, 3.0),
        ("node_procs_blocked", {}, _CONST, 0.0),
    ]
    for name, share in (
        ("MemTotal", 1.0),
        ("MemAvailable", 0.5),
        ("MemFree", 0.2),
        ("Buffers", 0.02),
        ("Cached", 0.25),
        ("Dirty", 0.0001),
        ("Slab", 0.03),
    ):
        gauges.append((f"node_memory_{name}_bytes", {}, _MEMORY, share))
    gauges += [("node_memory_SwapTotal_bytes", {}, _CONST, 0.0)]
    gauges += [("node_memory_SwapFree_bytes", {}, _CONST, 0.0)]
    for name, rate in (
        ("node_vmstat_pgfault", 5000.0),
        ("node_vmstat_pgmajfault", 2.0),
        ("node_vmstat_pgpgin", 300.0),
        ("node_vmstat_pgpgout", 800.0),
        ("node_vmstat_pswpin", 0.0),
        ("node_vmstat_pswpout", 0.0),
        ("node_vmstat_oom_kill", 0.0),
        ("node_netstat_Tcp_ActiveOpens", 20.0),
        ("node_netstat_Tcp_PassiveOpens", 30.0),
        ("node_netstat_Tcp_RetransSegs", 0.5),
        ("node_netstat_Tcp_InErrs", 0.01),
        ("node_netstat_Tcp_OutRsts", 1.0),
        ("node_netstat_TcpExt_ListenOverflows", 0.0),
        ("node_netstat_TcpExt_ListenDrops", 0.0),
    ):
        gauges.append((name, {}, _UNTYPED, rate))
    gauges += [
        ("node_filesystem_size_bytes", _FS, _CONST, 1.07e11),
        ("node_filesystem_avail_bytes", _FS, _LEVEL, 5e10),
        ("node_filesystem_free_bytes", _FS, _LEVEL, 5.5e10),
        ("node_filesystem_files", _FS, _CONST, 6_553_600.0),
        ("node_filesystem_files_free", _FS, _LEVEL, 6e6),
        ("node_filesystem_readonly", _FS, _CONST, 0.0),
        ("node_network_up", _NIC, _CONST, 1.0),
        ("node_network_speed_bytes", _NIC, _CONST, 1.25e9),
        ("node_network_mtu_bytes", _NIC, _CONST, 1500.0),
        ("node_netstat_Tcp_CurrEstab", {}, _LEVEL, 120.0),
        ("node_sockstat_TCP_inuse", {}, _LEVEL, 80.0),
        ("node_sockstat_TCP_tw", {}, _LEVEL, 40.0),
        ("node_sockstat_TCP_alloc", {}, _LEVEL, 95.0),
        ("node_sockstat_TCP_orphan", {}, _CONST, 0.0),
        ("node_sockstat_sockets_used", {}, _LEVEL, 300.0),
        ("node_nf_conntrack_entries", {}, _LEVEL, 900.0),
        ("node_nf_conntrack_entries_limit", {}, _CONST, 262_144.0),
    ]
    for sensor in ("temp1", "temp2"):
        chip = {"chip": "platform_coretemp_0", "sensor": sensor}
        gauges += [
            ("node_hwmon_temp_celsius", chip, _LEVEL, 55.0),
            ("node_hwmon_temp_max_celsius", chip, _CONST, 84.0),
            ("node_hwmon_temp_crit_celsius", chip, _CONST, 100.0),
        ]
    gauges += [
        ("node_thermal_zone_temp", {"type": "x86_pkg_temp", "zone": "0"}, _LEVEL, 55.0),
        ("node_timex_offset_seconds", {}, _NOISE, 0.0),
        ("node_timex_sync_status", {}, _CONST, 1.0),
        ("node_timex_maxerror_seconds", {}, _LEVEL, 0.05),
        ("node_boot_time_seconds", {}, _BOOT, 0.0),
        ("node_time_seconds", {}, _CLOCK, 0.0),
        ("node_uname_info", _UNAME_LABELS, _UNAME, 1.0),
        ("node_filefd_allocated", {}, _LEVEL, 4000.0),
        ("node_filefd_maximum", {}, _CONST, 9.2e18),
        ("node_entropy_available_bits", {}, _LEVEL, 256.0),
    ]
    return counters, gauges


def _float(value: float) -> str:
    return repr(float(value))


def _node_sql(
    database: str, nodes: list[Node], start_ns: int, end_ns: int, scrape: float, seed: int
) -> list[str]:
    """Counters (sum table) and gauges (gauge table) for every node and scrape; a third of the
    nodes reboot halfway, so their counters restart from zero."""
    scrapes = int((end_ns - start_ns) / _NS // scrape)
    node_array = _array(
        [f"({quote_literal(n.name)},{quote_literal(n.ip)},{n.memory_bytes})" for n in nodes]
    )
    start = start_ns // _NS
    labels = sorted({**_UNAME_LABELS, "nodename": ""}.items())
    uname = (
        "map("
        + ",".join(
            f"{quote_literal(k)},{'node.1' if k == 'nodename' else quote_literal(v)}"
            for k, v in labels
        )
        + ")"
    )
    statements = []
    for table, series in zip((schema.SUM, schema.GAUGE), _node_series(), strict=True):
        literal = _array(
            [f"({quote_literal(n)},{_map(a)},{k},{_float(b)})" for n, a, k, b in series]
        )
        per_counter = "s.4 * effective * factor"
        if table == schema.SUM:
            value = f"if(s.3 = {_IDLE}, (at - boot) - {per_counter}, {per_counter})"
            extra = ", AggregationTemporality, IsMonotonic"
            extra_values = ", 2, true"
        else:
            noise = "(cityHash64(seed, node.1, tick, s.1) % 1000)"
            value = f"""multiIf(
        s.3 = {_UNTYPED}, {per_counter},
        s.3 = {_MEMORY}, s.4 * node.3 * if(s.4 >= 1, 1, 1 + 0.1 * sin(angle)),
        s.3 = {_LEVEL}, s.4 * (1 + 0.1 * sin(angle) + {noise} / 20000),
        s.3 = {_NOISE}, s.4 + (toInt64({noise}) - 500) / 1e6,
        s.3 = {_BOOT}, toFloat64(boot),
        s.3 = {_CLOCK}, toFloat64(at),
        s.4)"""
            extra = extra_values = ""
        statements.append(f"""
INSERT INTO {database}.{table} (ResourceAttributes, ScopeName, ServiceName, MetricName,
    Attributes, StartTimeUnix, TimeUnix, Value{extra})
WITH {seed} AS seed, {node_array} AS nodes, {scrapes} AS scrapes, {scrape} AS step,
    {literal} AS series, {len(series)} AS width,
    series[1 + number % width] AS s,
    intDiv(number, width) AS k,
    nodes[1 + intDiv(k, scrapes)] AS node,
    k % scrapes AS tick,
    toInt64({start} + tick * step) AS at,
    (intDiv(k, scrapes) % 3 = 0) AND tick >= intDiv(scrapes, 2) AS rebooted,
    toInt64(if(rebooted, {start} + intDiv(scrapes, 2) * step, {start} - 86400)) AS boot,
    (cityHash64(seed, node.1) % 100) / 100 AS phase,
    2 * pi() * (at / 3600 + phase) AS angle,
    (at - boot) + {_WAVE} * 3600 / (2 * pi())
        * (cos(2 * pi() * (boot / 3600 + phase)) - cos(angle)) AS effective,
    1 + (cityHash64(seed, node.1) % 100) / 200 AS factor
SELECT
    map('server.address', node.2, 'server.port', '9100', 'service.instance.id',
        concat(node.2, ':9100'), 'service.name', 'node-exporter', 'url.scheme', 'http'),
    {quote_literal(_SCOPE)},
    'node-exporter',
    s.1,
    if(s.3 = {_UNAME}, {uname}, s.2),
    toDateTime(boot),
    toDateTime(at),
    {value}{extra_values}
FROM numbers({len(nodes) * scrapes * len(series)})
""")
    return statements


_SCOPE = "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/prometheusreceiver"
#: Amplitude of the rate waves (hourly on nodes, daily on requests): the rate swings ±30 %.
_WAVE = 0.3


@dataclass(frozen=True, slots=True)
class Incident:
    """A service failing more often for a while: its SLO (and its callers') burn budget."""

    service: str
    error_rate: float
    start_ns: int
    end_ns: int


@dataclass(frozen=True, slots=True)
class MeshResult:
    series: int
    counters: int  # rows in the sum table
    histograms: int  # rows in the histogram table
    seconds: float


@dataclass
class _Flow:
    """Requests of one kind (into a service, over one caller → callee edge, or through the
    ingress) per second, by outcome (True: failed), with their latency buckets."""

    rate: dict[bool, float] = field(default_factory=lambda: {False: 0.0, True: 0.0})
    buckets: dict[bool, list[float]] = field(default_factory=dict)
    total_ms: dict[bool, float] = field(default_factory=lambda: {False: 0.0, True: 0.0})

    def add(self, failed: bool, ms: float, weight: float, bounds: tuple[float, ...]) -> None:
        self.rate[failed] += weight
        self.total_ms[failed] += ms * weight
        counts = self.buckets.setdefault(failed, [0.0] * (len(bounds) + 1))
        counts[bisect.bisect_left(bounds, ms)] += weight

    def shares(self, failed: bool) -> list[float]:
        counts = self.buckets.get(failed) or self.buckets.get(not failed) or [1.0]
        return [c / sum(counts) for c in counts]

    def mean_ms(self, failed: bool) -> float:
        rate = self.rate[failed] or self.rate[not failed]
        return (self.total_ms[failed] or self.total_ms[not failed]) / max(rate, 1e-12)


_FlowKey = tuple[str, ...]


def _flows(
    plan: list[tuple[list[_Template], int]],
    hours: float,
    samples: int,
    seed: int,
    error_rates: dict[str, float],
) -> dict[_FlowKey, _Flow]:
    """Monte Carlo over the same trees and laws the span SQL draws from: per flow, requests per
    second by outcome and latency buckets. `error_rates` overrides services' own rates."""
    rng = random.Random(seed)
    flows: dict[_FlowKey, _Flow] = {}
    for templates, traces in plan:
        weight = traces / (hours * 3600) / samples
        for _ in range(samples):
            spent = [rng.lognormvariate(t.latency.mu, t.latency.sigma) for t in templates]
            failed = [
                rng.random() < error_rates.get(t.service.name, t.error_rate)
                if t.kind == "Server"
                else False
                for t in templates
            ]
            for j in reversed(range(len(templates))):  # children come after their parent
                for child in templates[j].children:
                    spent[j] += spent[child]
                    failed[j] = failed[j] or failed[child]
            for j, template in enumerate(templates):
                keys: list[_FlowKey] = []
                if template.kind == "Server":
                    keys.append(("inbound", template.service.name))
                    if j == 0:
                        keys.append(("ingress", template.service.name))
                elif template.children:  # a call to a service, not to a database
                    callee = templates[template.children[0]].service.name
                    keys.append(("outbound", template.service.name, callee))
                for key in keys:
                    bounds = TRAEFIK_BOUNDS_MS if key[0] == "ingress" else LINKERD_BOUNDS
                    flows.setdefault(key, _Flow()).add(failed[j], spent[j], weight, bounds)
    return flows


TRAEFIK_BOUNDS_MS = tuple(b * 1000 for b in TRAEFIK_BOUNDS)


@dataclass(frozen=True, slots=True)
class _Target:
    """A scrape target: its job, resource attributes and restart schedule (seconds): it
    restarts every `period`, so its counters drop to zero."""

    job: str
    resource: dict[str, str]
    period: int
    phase: int


@dataclass(frozen=True, slots=True)
class _MeshSeries:
    target: _Target
    name: str
    labels: dict[str, str]
    rate: float  # per second
    extra: float  # per second more (or less) while the incident lasts
    shares: list[float] | None = None  # a histogram: each bucket's share of the requests
    bounds: tuple[float, ...] = ()
    mean: float = 0.0  # a histogram: the mean observed value

    def literal(self) -> str:
        t = self.target
        text = (
            f"({quote_literal(t.job)},{_map(t.resource)},{quote_literal(self.name)},"
            f"{_map(self.labels)},{_float(self.rate)},{_float(self.extra)},{t.period},{t.phase}"
        )
        if self.shares is not None:
            text += (
                f",{_array([_float(v) for v in self.shares])},"
                f"{_array([_float(v) for v in self.bounds])},{_float(self.mean)}"
            )
        return text + ")"


def _target(
    rng: random.Random, job: str, instance: str, extra: dict[str, str], days: int
) -> _Target:
    host, _, port = instance.rpartition(":")
    resource = {
        "server.address": host,
        "server.port": port,
        "service.instance.id": instance,
        "service.name": job,
        "url.scheme": "http",
        **extra,
    }
    period = rng.randint(days * 86400, 2 * days * 86400)
    return _Target(job, resource, period, rng.randrange(period))


def _flow_series(
    target: _Target,
    names: tuple[str, str, str],
    labels: dict[str, str],
    outcomes: dict[bool, dict[str, str]],
    flow: _Flow,
    during: _Flow,
    share: float,
    bounds: tuple[float, ...],
    unit: float,
) -> list[_MeshSeries]:
    """A flow's series on one target: the request counter (if `names[0]`), then per outcome
    seen the response counter and the latency histogram (in `unit` ms, `bounds`), which
    carries the status but not the classification."""
    total, response, latency = names
    found = []
    if total:
        rate = (flow.rate[False] + flow.rate[True]) * share
        extra = (during.rate[False] + during.rate[True]) * share - rate
        found.append(_MeshSeries(target, total, labels, rate, extra))
    for failed in (False, True):
        rate = flow.rate[failed] * share
        extra = during.rate[failed] * share - rate
        if rate <= 0 and extra <= 0:
            continue  # a series exists once it has counted something
        with_outcome = labels | outcomes[failed]
        found.append(_MeshSeries(target, response, with_outcome, rate, extra))
        by_status = {
            k: v for k, v in with_outcome.items() if k not in ("classification", "grpc_status_code")
        }
        found.append(
            _MeshSeries(
                target,
                latency,
                by_status,
                rate,
                extra,
                flow.shares(failed),
                bounds,
                flow.mean_ms(failed) / unit,
            )
        )
    return found


_LINKERD_NAMES = ("request_total", "response_total", "response_latency_ms")
_LINKERD_OUTCOMES = {
    False: {"classification": "success", "grpc_status_code": "", "status_code": "200"},
    True: {"classification": "failure", "grpc_status_code": "", "status_code": "500"},
}
_TRAEFIK_NAMES = ("", "traefik_service_requests_total", "traefik_service_request_duration_seconds")


def _authority(service: Service) -> str:
    return f"{service.name}.{service.namespace}.svc.cluster.local:{service.port}"


def _mesh_series(
    topology: Topology, flows: dict[_FlowKey, _Flow], incident: dict[_FlowKey, _Flow], seed: int
) -> list[_MeshSeries]:
    """Traefik's (two replicas, restarting every 10 to 20 days) and every Linkerd proxy's
    series (restarting every 3 to 10 days), rates split evenly over replicas."""
    rng = random.Random(f"{seed}-mesh")
    entry = topology.services[topology.entry]
    found: list[_MeshSeries] = []
    key: _FlowKey = ("ingress", entry.name)
    if key in flows:
        labels = {
            "method": "GET",
            "protocol": "http",
            "service": f"{entry.namespace}-{entry.name}-{entry.port}@kubernetes",
        }
        codes = {False: {"code": "200"}, True: {"code": "500"}}
        for replica in range(2):
            extra = {"k8s.namespace.name": "kube-system"}
            target = _target(rng, "traefik", f"10.244.{replica}.250:9100", extra, 10)
            flow = flows[key]
            found += _flow_series(
                target,
                _TRAEFIK_NAMES,
                labels,
                codes,
                flow,
                incident.get(key, flow),
                1 / 2,
                TRAEFIK_BOUNDS,
                1000.0,
            )
    for service in topology.services.values():
        callees = sorted({k[2] for k in flows if k[:2] == ("outbound", service.name)})
        for pod in service.pods:
            extra = {"k8s.namespace.name": service.namespace, "k8s.pod.name": pod.name}
            target = _target(rng, "linkerd-proxy", f"{pod.ip}:4191", extra, 3)
            base = {
                "deployment": service.name,
                "namespace": service.namespace,
                "pod": pod.name,
                "tls": "true",
            }
            labelled: list[tuple[_FlowKey, dict[str, str]]] = [
                (
                    ("inbound", service.name),
                    base | {"authority": _authority(service), "direction": "inbound"},
                )
            ]
            for callee in callees:
                to = topology.services[callee]
                labels = base | {
                    "authority": _authority(to),
                    "direction": "outbound",
                    "dst_deployment": callee,
                    "dst_namespace": to.namespace,
                    "dst_service": callee,
                    "dst_serviceaccount": "default",
                }
                labelled.append((("outbound", service.name, callee), labels))
            for key, labels in labelled:
                if key not in flows:
                    continue
                flow = flows[key]
                found += _flow_series(
                    target,
                    _LINKERD_NAMES,
                    labels,
                    _LINKERD_OUTCOMES,
                    flow,
                    incident.get(key, flow),
                    1 / len(service.pods),
                    LINKERD_BOUNDS,
                    1.0,
                )
    return found


def _mesh_sql(
    database: str,
    series: list[_MeshSeries],
    first_s: int,
    scrapes: int,
    step: int,
    incident: tuple[int, int],
    anchor: int,
) -> str:
    """Every series at every scrape: N = rate * (seconds since the restart, with the daily
    wave, at its mean rate at `anchor`) + the incident's extra rate * its seconds since the
    restart, rounded down; a counter is N, a histogram bucket N * its share (series all
    counters or all histograms)."""
    day = 86400
    with_clause = f"""
WITH {_array([one.literal() for one in series])} AS series, {len(series)} AS width,
    series[1 + number % width] AS s,
    toInt64({first_s} + intDiv(number, width) * {step}) AS at,
    at - (at - s.8) % s.7 AS boot,
    (at - boot) + {_WAVE} * {day} / (2 * pi())
        * (cos(2 * pi() * (boot - {anchor}) / {day}) - cos(2 * pi() * (at - {anchor}) / {day}))
        AS effective,
    greatest(0, least(at, {incident[1]}) - greatest(boot, {incident[0]})) AS troubled,
    greatest(0, s.5 * effective + s.6 * troubled) AS requests"""
    common = f"s.2, {quote_literal(_SCOPE)}, s.1, s.3, s.4, toDateTime(boot), toDateTime(at)"
    columns = "ResourceAttributes, ScopeName, ServiceName, MetricName, Attributes, StartTimeUnix"
    if series[0].shares is None:
        return f"""
INSERT INTO {database}.{schema.SUM} ({columns}, TimeUnix, Value, AggregationTemporality,
    IsMonotonic)
{with_clause}
SELECT {common}, floor(requests), 2, true
FROM numbers({len(series) * scrapes})
"""
    return f"""
INSERT INTO {database}.{schema.HISTOGRAM} ({columns}, TimeUnix, Count, Sum, BucketCounts,
    ExplicitBounds, AggregationTemporality)
{with_clause},
    arrayMap(share -> toUInt64(floor(requests * share)), s.9) AS buckets
SELECT {common}, arraySum(buckets), requests * s.11, buckets, s.10, 2
FROM numbers({len(series) * scrapes})
"""


def generate_mesh(
    engine: Engine,
    database: str,
    topology: Topology,
    *,
    spans: int,
    hours: float,
    days: float,
    end_ns: int | None = None,
    seed: int = 1,
    scrape_seconds: int = 60,
    incident: Incident | None = None,
    samples: int = 3000,
) -> MeshResult:
    """Traefik and Linkerd series over the last `days`, scraped every `scrape_seconds`, with
    the request rates, error shares and latencies of the traffic `generate` writes as spans
    (`spans` over `hours`), a daily ±30 % wave, proxy restarts every 3 to 10 days (Traefik's
    every 10 to 20) and an optional incident. The tables must exist."""
    started = time.monotonic()
    end_s = (end_ns or time.time_ns()) // _NS
    plan = _plan(topology, spans)
    flows = _flows(plan, hours, samples, seed, {})
    during = flows
    window = (0, 0)
    if incident is not None:
        during = _flows(plan, hours, samples, seed, {incident.service: incident.error_rate})
        window = (incident.start_ns // _NS, incident.end_ns // _NS)
    series = _mesh_series(topology, flows, during, seed)
    counters = [one for one in series if one.shares is None]
    histograms = [one for one in series if one.shares is not None]
    scrapes = int(days * 86400 // scrape_seconds)
    first = end_s - (scrapes - 1) * scrape_seconds
    for part in (counters, histograms):
        # The wave crosses its mean in the middle of the traced hours, so the last hours' rates
        # match the spans'.
        anchor = end_s - int(hours * 1800)
        sql = _mesh_sql(database, part, first, scrapes, scrape_seconds, window, anchor)
        engine.run(Statement(sql))
    return MeshResult(
        len(series), len(counters) * scrapes, len(histograms) * scrapes, time.monotonic() - started
    )


def bench_topology(services: int = 20, nodes: int = 100, seed: int = 1) -> Topology:
    """A layered service graph for benchmarks: an entry service, then layers of services each
    calling one or two in the next layer, leaves writing to databases."""
    rng = random.Random(seed)
    node_list = [
        Node(f"node-{i:03d}", f"10.0.{i // 250}.{i % 250 + 2}", 8, 32 * 1024**3)
        for i in range(nodes)
    ]
    names = ["frontend", *(f"svc-{i:02d}" for i in range(1, services))]
    layers = [names[:1]]
    rest = names[1:]
    while rest:
        width = max(1, math.ceil(len(rest) / 3))
        layers.append(rest[:width])
        rest = rest[width:]
    result: dict[str, Service] = {}
    for depth, layer in enumerate(layers):
        below = layers[depth + 1] if depth + 1 < len(layers) else []
        for name in layer:
            median = rng.uniform(2, 40)
            pods = [
                Pod(
                    f"{name}-{k}",
                    f"10.1.{len(result)}.{k + 2}",
                    node_list[(len(result) * 3 + k) % nodes].name,
                )
                for k in range(3)
            ]
            if below:
                targets = rng.sample(below, min(len(below), rng.choice((1, 2))))
                calls = tuple(Call(t, "GET /api") for t in targets)
            else:
                calls = (Call("postgres", "SELECT rows", db_system="postgresql"),)
            operations = {"GET /api": Operation("GET /api", calls)}
            if depth == 0:
                operations = {
                    f"GET /route/{r}": Operation(
                        f"GET /route/{r}", (Call(below[r % len(below)], "GET /api"),)
                    )
                    for r in range(4)
                }
            result[name] = Service(
                name,
                "bench",
                8080,
                Latency(median, median * rng.uniform(4, 12)),
                rng.uniform(0.001, 0.03),
                operations,
                pods,
            )
    return Topology(
        result, "frontend", "bench.example.com", node_list, {"postgres": Latency(3, 40)}
    )


def _plan(topology: Topology, spans: int) -> list[tuple[list[_Template], int]]:
    """Each entry route's span templates and how many traces take it for about `spans`."""
    routes = [_unroll(topology, op) for op in topology.entry_operations()]
    weights = [op.weight for op in topology.entry_operations()]
    per_trace = sum(len(r) * w for r, w in zip(routes, weights, strict=True)) / sum(weights)
    traces = int(spans / per_trace)
    return [
        (templates, int(traces * weight / sum(weights)))
        for templates, weight in zip(routes, weights, strict=True)
    ]


def generate(
    engine: Engine,
    database: str,
    topology: Topology,
    *,
    spans: int,
    hours: float,
    end_ns: int | None = None,
    seed: int = 1,
    logs: int | None = None,
    metric_hours: float | None = None,
    metric_scrape_seconds: float = 15.0,
    generation: schema.Generation = "current",
    cluster: str = "bench",
) -> BulkResult:
    """About `spans` spans over the last `hours`; log lines from the server spans (two per span,
    or about `logs` in all), COMMON_WORD in about COMMON_SHARE of them; node metrics for every
    node of `topology` over the last `metric_hours` (default: `hours`). The tables must exist."""
    end_ns = end_ns or time.time_ns()
    start_ns = end_ns - int(hours * 3600 * _NS)
    spelling = schema.SPELLINGS[generation]
    seconds: dict[str, float] = {}
    started = time.monotonic()
    offset = 0
    for templates, route_traces in _plan(topology, spans):
        engine.run(
            Statement(
                _traces_sql(
                    database,
                    templates,
                    route_traces,
                    offset,
                    start_ns,
                    end_ns,
                    seed,
                    spelling,
                    cluster,
                )
            )
        )
        offset += route_traces
    seconds["spans"] = time.monotonic() - started
    started = time.monotonic()
    server = spelling.kinds["Server"]
    window = (
        f"FROM {database}.{schema.TRACES} WHERE SpanKind = {quote_literal(server)} "
        f"AND Timestamp >= fromUnixTimestamp64Nano({start_ns}) "
        f"AND Timestamp < fromUnixTimestamp64Nano({end_ns + 3600 * _NS})"
    )
    servers = int(engine.run(Statement(f"SELECT count() {window}")).body or 0)
    lines = logs / servers if logs and servers else 2.0
    common = min(1.0, COMMON_SHARE * lines)  # the share of DEBUG lines (one per span)
    engine.run(Statement(_logs_sql(database, start_ns, end_ns + 3600 * _NS, server, lines, common)))
    seconds["logs"] = time.monotonic() - started
    started = time.monotonic()
    metric_start = end_ns - int((metric_hours or hours) * 3600 * _NS)
    for sql in _node_sql(
        database, topology.nodes, metric_start, end_ns, metric_scrape_seconds, seed
    ):
        engine.run(Statement(sql))
    seconds["metrics"] = time.monotonic() - started

    def count(table: str) -> int:
        return int(engine.run(Statement(f"SELECT count() FROM {database}.{table}")).body)

    return BulkResult(
        count(schema.TRACES), count(schema.LOGS), count(schema.SUM) + count(schema.GAUGE), seconds
    )
