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
propagates to every ancestor. Logs are two per server span, read back from the spans.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field

from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine, Statement, quote_literal
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
        "map(" + ",".join(f"{quote_literal(k)},{quote_literal(v)}" for k, v in pairs.items()) + ")"
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


def _logs_sql(database: str, start_ns: int, end_ns: int, server: str) -> str:
    return f"""
INSERT INTO {database}.{schema.LOGS}
    (Timestamp, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body,
     ResourceAttributes, ScopeName, LogAttributes)
SELECT
    if(which = 0, Timestamp, Timestamp + toIntervalNanosecond(Duration)),
    TraceId,
    SpanId,
    1,
    multiIf(which = 0, 'DEBUG', StatusCode IN ('Error', 'STATUS_CODE_ERROR'), 'ERROR', 'INFO'),
    multiIf(which = 0, 5, StatusCode IN ('Error', 'STATUS_CODE_ERROR'), 17, 9),
    ServiceName,
    if(which = 0,
        concat('handling ', SpanName, ' for user ', toString(cityHash64(TraceId) % 100000),
            ' order ', toString(cityHash64(SpanId) % 10000000)),
        if(StatusMessage != '',
            concat(SpanName, ' failed: ', StatusMessage, ' after ',
                toString(intDiv(Duration, 1000000)), 'ms'),
            concat(SpanName, ' ', SpanAttributes['http.response.status_code'], ' in ',
                toString(intDiv(Duration, 1000000)), 'ms'))),
    mapUpdate(ResourceAttributes, map('k8s.container.name', ServiceName)),
    concat(ServiceName, '/http'),
    map('http.route', SpanAttributes['http.route'])
FROM {database}.{schema.TRACES}
ARRAY JOIN [0, 1] AS which
WHERE SpanKind = {quote_literal(server)}
    AND Timestamp >= fromUnixTimestamp64Nano({start_ns})
    AND Timestamp < fromUnixTimestamp64Nano({end_ns})
"""


_NODE_COUNTERS = (
    ("node_cpu_seconds_total", "cpu,mode", None),
    ("node_context_switches_total", "", 4000.0),
    ("node_disk_read_bytes_total", "device=sda", 2e5),
    ("node_disk_written_bytes_total", "device=sda", 8e5),
    ("node_disk_io_time_seconds_total", "device=sda", 0.02),
    ("node_network_receive_bytes_total", "device=eth0", 4e5),
    ("node_network_transmit_bytes_total", "device=eth0", 3e5),
    ("node_network_receive_errs_total", "device=eth0", 0.001),
    ("node_pressure_cpu_waiting_seconds_total", "", 0.01),
    ("node_pressure_memory_waiting_seconds_total", "", 0.001),
    ("node_pressure_io_waiting_seconds_total", "", 0.005),
)
_NODE_GAUGES = (
    ("node_load1", "", 1.5),
    ("node_load5", "", 1.4),
    ("node_memory_MemTotal_bytes", "", 0.0),
    ("node_memory_MemAvailable_bytes", "", 0.5),
    ("node_memory_Cached_bytes", "", 0.2),
    ("node_filesystem_size_bytes", "device=/dev/sda1,fstype=ext4,mountpoint=/", 1.07e11),
    ("node_filesystem_avail_bytes", "device=/dev/sda1,fstype=ext4,mountpoint=/", 5e10),
    ("node_hwmon_temp_celsius", "chip=platform_coretemp_0,sensor=temp1", 55.0),
    ("node_timex_offset_seconds", "", 0.0),
    ("node_vmstat_pgmajfault", "", -2.0),  # untyped: a counter in the gauge table
    ("node_netstat_Tcp_RetransSegs", "", -0.5),
)
_CPU_SHARES = {"user": 0.25, "system": 0.08, "iowait": 0.01, "idle": 0.66}


def _label_map(spec: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in spec.split(",") if "=" in part)


def _node_sql(
    database: str, nodes: list[Node], start_ns: int, end_ns: int, scrape: float, seed: int
) -> list[str]:
    """Counters (sum table) and gauges (gauge table) for every node and scrape; a third of the
    nodes reboot halfway, so their counters restart from zero."""
    scrapes = int((end_ns - start_ns) / _NS // scrape)
    node_array = _array(
        [f"({quote_literal(n.name)},{quote_literal(n.ip)},{n.memory_bytes})" for n in nodes]
    )
    series: list[tuple[str, dict[str, str], float]] = []
    for name, labels, rate in _NODE_COUNTERS:
        if rate is None:
            for cpu in range(4):
                for mode, share in _CPU_SHARES.items():
                    series.append((name, {"cpu": str(cpu), "mode": mode}, share))
        else:
            series.append((name, _label_map(labels), rate))
    gauges = [(name, _label_map(labels), base) for name, labels, base in _NODE_GAUGES]
    common = f"""
WITH {seed} AS seed, {node_array} AS nodes, {scrapes} AS scrapes, {scrape} AS step,
    nodes[1 + intDiv(number, scrapes)] AS node, number % scrapes AS tick,
    {start_ns // _NS} + tick * step AS at,
    (intDiv(number, scrapes) % 3 = 0) AND tick >= intDiv(scrapes, 2) AS rebooted,
    if(rebooted, {start_ns // _NS} + intDiv(scrapes, 2) * step, {start_ns // _NS} - 86400)
        AS boot
"""
    head = """
    map('service.name', 'node-exporter', 'service.instance.id', concat(node.2, ':9100'),
        'server.address', node.2, 'server.port', '9100', 'url.scheme', 'http') AS res,
    'node-exporter', s.1, s.2, toDateTime(boot), toDateTime(at)"""
    counter_array = _array([f"({quote_literal(n)},{_map(a)},{r})" for n, a, r in series])
    gauge_array = _array([f"({quote_literal(n)},{_map(a)},{b})" for n, a, b in gauges])
    counters = f"""
INSERT INTO {database}.{schema.SUM} (ResourceAttributes, ServiceName, MetricName, Attributes,
    StartTimeUnix, TimeUnix, Value, AggregationTemporality, IsMonotonic)
{common}
SELECT {head},
    s.3 * (at - boot) * (1 + (cityHash64(seed, node.1, s.1) % 100) / 200), 2, true
FROM numbers({len(nodes) * scrapes})
ARRAY JOIN {counter_array} AS s
"""
    gauge_sql = f"""
INSERT INTO {database}.{schema.GAUGE} (ResourceAttributes, ServiceName, MetricName, Attributes,
    StartTimeUnix, TimeUnix, Value)
{common}
SELECT {head},
    multiIf(s.3 = 0, toFloat64(node.3),
        s.3 < 0, -s.3 * (at - boot),
        s.3 <= 1, s.3 * node.3 * (1 + 0.1 * sin(at / 600 + cityHash64(node.1) % 7)),
        s.3 * (1 + 0.1 * sin(at / 600 + cityHash64(node.1) % 7)
            + (cityHash64(seed, node.1, tick, s.1) % 1000) / 20000))
FROM numbers({len(nodes) * scrapes})
ARRAY JOIN {gauge_array} AS s
"""
    return [counters, gauge_sql]


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


def generate(
    engine: Engine,
    database: str,
    topology: Topology,
    *,
    spans: int,
    hours: float,
    end_ns: int | None = None,
    seed: int = 1,
    metric_scrape_seconds: float = 15.0,
    generation: schema.Generation = "current",
    cluster: str = "bench",
) -> BulkResult:
    """About `spans` spans over the last `hours`, two logs per server span, and node metrics for
    every node of `topology` over the same hours. The tables must exist."""
    end_ns = end_ns or time.time_ns()
    start_ns = end_ns - int(hours * 3600 * _NS)
    spelling = schema.SPELLINGS[generation]
    routes = [_unroll(topology, op) for op in topology.entry_operations()]
    weights = [op.weight for op in topology.entry_operations()]
    per_trace = sum(len(r) * w for r, w in zip(routes, weights, strict=True)) / sum(weights)
    traces = int(spans / per_trace)
    seconds: dict[str, float] = {}
    started = time.monotonic()
    offset = 0
    for templates, weight in zip(routes, weights, strict=True):
        route_traces = int(traces * weight / sum(weights))
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
    engine.run(
        Statement(_logs_sql(database, start_ns, end_ns + 3600 * _NS, spelling.kinds["Server"]))
    )
    seconds["logs"] = time.monotonic() - started
    started = time.monotonic()
    for sql in _node_sql(database, topology.nodes, start_ns, end_ns, metric_scrape_seconds, seed):
        engine.run(Statement(sql))
    seconds["metrics"] = time.monotonic() - started

    def count(table: str) -> int:
        return int(engine.run(Statement(f"SELECT count() FROM {database}.{table}")).body)

    return BulkResult(
        count(schema.TRACES), count(schema.LOGS), count(schema.SUM) + count(schema.GAUGE), seconds
    )
