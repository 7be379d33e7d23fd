"""node_exporter metrics (OTEL_CLICKHOUSE.md §3): the hardware summary of every node and the
history of a node's metric groups or of any raw `node_*` metric.

A node is its scrape target, `service.instance.id` (ip:9100); it is named after the Kubernetes
Node with that InternalIP, else after `node_uname_info{nodename}`, else the instance. Gauges are
read as they are (their latest value with argMax, or their average per bucket); counters, and the
untyped cumulative `node_vmstat_*`/`node_netstat_*` series that sit in the gauge table, become
per-second rates through `promql`'s reset-safe increases. Both `x_total` and `x` names match.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from atlhyper.agent.otel import promql
from atlhyper.agent.otel.context import OtelContext, QueryError, iso, step_for, time_range
from atlhyper.model.commands import METRIC_GROUPS, QueryMetricsParams
from atlhyper.model.otel import NodeHardware, NodeMetrics, NodeMetricSeries, Point

INSTANCE = "ResourceAttributes['service.instance.id']"
#: One node's rows: `has(mapValues(…))` is answered by the map-value skip index (text or bloom)
#: without reading the map of other nodes' granules; the exact key check keeps it correct.
ONE_INSTANCE = (
    f"has(mapValues(ResourceAttributes), {{instance:String}}) AND {INSTANCE} = {{instance:String}}"
)
#: A series within one instance: the resource map is fixed by ONE_INSTANCE, so it is not hashed.
INSTANCE_SERIES = "cityHash64(ServiceName, MetricName, Attributes)"
#: The latest value of a gauge is its last point in this many seconds.
LATEST_SECONDS = 300
#: Rates in the summary are over this many seconds.
RATE_SECONDS = 300
#: Interfaces that are not the node's own: loopback, pod veths, CNI bridges and tunnels.
VIRTUAL_DEVICES = (
    r"^(lo|veth.*|cali.*|flannel.*|cni.*|docker.*|br-.*|virbr.*|vxlan.*|tunl.*|tun\d*|tap.*"
    r"|kube-.*|cilium_.*|lxc.*|genev.*|weave.*|dummy.*|nodelocaldns)$"
)
#: Block devices counted twice (device-mapper, md over their disks) or not disks at all.
VIRTUAL_DISKS = r"^(ram|loop|fd|sr|dm-|md|zram|nbd)\d*"
#: Filesystems that hold no node data: memory, overlays, images, kernel interfaces.
VIRTUAL_FILESYSTEMS = [
    "tmpfs",
    "devtmpfs",
    "ramfs",
    "overlay",
    "aufs",
    "squashfs",
    "iso9660",
    "nsfs",
    "proc",
    "sysfs",
    "cgroup",
    "cgroup2",
    "autofs",
    "fuse.lxcfs",
    "tracefs",
    "debugfs",
    "securityfs",
    "pstore",
    "bpf",
    "configfs",
    "fusectl",
    "hugetlbfs",
    "mqueue",
    "rpc_pipefs",
    "binfmt_misc",
    "devpts",
    "efivarfs",
    "selinuxfs",
    "shm",
]
#: Gauge-table names that hold gauges, not cumulative counts, among node_netstat_*.
_NETSTAT_GAUGES = frozenset(
    {
        "node_netstat_Tcp_CurrEstab",
        "node_netstat_Tcp_MaxConn",
        "node_netstat_Tcp_RtoAlgorithm",
        "node_netstat_Tcp_RtoMax",
        "node_netstat_Tcp_RtoMin",
        "node_netstat_Ip_Forwarding",
        "node_netstat_Ip_DefaultTTL",
    }
)
_virtual_device = re.compile(VIRTUAL_DEVICES)
_virtual_disk = re.compile(VIRTUAL_DISKS)

Table = Literal["gauge", "sum"]
#: (metric, line key) → bucket start → value.
Values = dict[tuple[str, str], dict[int, float]]


def _ip(instance: str) -> str:
    if instance.startswith("["):
        return instance[1 : instance.find("]")] if "]" in instance else instance
    return instance.rsplit(":", 1)[0] if instance.count(":") == 1 else instance


def cumulative_in_gauge_table(metric: str) -> bool:
    """Untyped node_exporter series that count up (OTEL_CLICKHOUSE.md §2)."""
    if metric in _NETSTAT_GAUGES:
        return False
    return metric.startswith(("node_vmstat_", "node_netstat_")) or metric.endswith("_total")


def node_name(instance: str, names_by_ip: Mapping[str, str], uname: str = "") -> str:
    return names_by_ip.get(_ip(instance)) or uname or instance


# ---------------------------------------------------------------- the summary of every node


_LATEST = [
    "node_load1",
    "node_memory_MemTotal_bytes",
    "node_memory_MemAvailable_bytes",
    "node_filesystem_size_bytes",
    "node_filesystem_avail_bytes",
    "node_hwmon_temp_celsius",
    "node_thermal_zone_temp",
    "node_netstat_Tcp_CurrEstab",
    "node_timex_offset_seconds",
    "node_uname_info",
]
_RATES = promql.names(
    "node_cpu_seconds_total",
    "node_disk_read_bytes_total",
    "node_disk_written_bytes_total",
    "node_network_receive_bytes_total",
    "node_network_transmit_bytes_total",
    "node_pressure_cpu_waiting_seconds_total",
)


@dataclass
class _Node:
    instance: str
    uname: str = ""
    last_seen: int = 0
    load1: float = 0.0
    memory_total: float = 0.0
    memory_available: float | None = None
    filesystems: dict[str, dict[str, float]] | None = None
    temperature: float | None = None
    tcp_established: float = 0.0
    ntp_offset: float | None = None
    cpu: dict[str, float] | None = None
    disk_read: float = 0.0
    disk_write: float = 0.0
    net_rx: float = 0.0
    net_tx: float = 0.0
    psi_cpu: float = 0.0


async def hardware(ctx: OtelContext, now: datetime) -> list[NodeHardware]:
    """Every node's latest values: two queries for all nodes, run concurrently. Rates are over
    the RATE_SECONDS up to `now` (the point at `now` included)."""
    until = int(now.timestamp())
    offset = promql.bucket_offset(until + 1, RATE_SECONDS)
    latest, rates = await asyncio.gather(
        ctx.client.query(
            f"SELECT {INSTANCE} AS instance, MetricName, Attributes['mountpoint'], "
            "Attributes['fstype'], Attributes['nodename'], argMax(Value, TimeUnix), "
            "toUnixTimestamp(max(TimeUnix)) "
            f"FROM {ctx.table('otel_metrics_gauge')} WHERE MetricName IN {{names:Array(String)}} "
            f"AND TimeUnix >= {ctx.schema.metric_second('since')} "
            f"AND TimeUnix <= {ctx.schema.metric_second('until')} "
            # Nodes mount hundreds of tmpfs volumes for pods: only real filesystems come back.
            "AND Attributes['fstype'] NOT IN {virtual_fs:Array(String)} "
            "GROUP BY instance, MetricName, Attributes",
            {
                "names": _LATEST,
                "since": until - LATEST_SECONDS,
                "until": until,
                "virtual_fs": VIRTUAL_FILESYSTEMS,
            },
        ),
        ctx.client.query(
            "SELECT instance, metric, mode, device, sum(rate), max(seen) FROM ("
            "SELECT instance, metric, mode, device, "
            "arraySum(arrayFilter((x, b) -> b >= {m0:UInt32}, _dt, _b)) AS seconds, "
            "if(seconds > 0, arraySum(arrayFilter((x, b) -> b >= {m0:UInt32}, _d, _b)) "
            "/ seconds, 0) AS rate, arrayMax(_t1) AS seen FROM ("
            + promql.increases(
                ctx.table("otel_metrics_sum"),
                "MetricName IN {names:Array(String)} "
                f"AND TimeUnix >= {ctx.schema.metric_second('since')} "
                f"AND TimeUnix < {ctx.schema.metric_second('until')}",
                {
                    "instance": INSTANCE,
                    "metric": promql.BASE_NAME,
                    "mode": "Attributes['mode']",
                    "device": "Attributes['device']",
                },
            )
            + ")) WHERE seconds > 0 GROUP BY instance, metric, mode, device",
            {
                "names": _RATES,
                "since": until + 1 - RATE_SECONDS - promql.LOOKBACK,
                "until": until + 1,
                "width": RATE_SECONDS,
                "offset": offset,
                "m0": (until + 1 + offset) // RATE_SECONDS - 1,
            },
        ),
    )
    nodes: dict[str, _Node] = {}
    for instance, metric, mountpoint, fstype, nodename, value, seen in latest.rows:
        node = nodes.setdefault(instance, _Node(instance))
        node.last_seen = max(node.last_seen, int(seen))
        _latest(node, metric, mountpoint, fstype, nodename, float(value))
    for instance, metric, mode, device, rate, seen in rates.rows:
        node = nodes.setdefault(instance, _Node(instance))
        node.last_seen = max(node.last_seen, int(seen))
        _rate(node, metric, mode, device, float(rate))
    names_by_ip = ctx.node_names_by_ip()
    found = [_summary(node, names_by_ip) for node in nodes.values()]
    return sorted(found, key=lambda n: (n.node, n.instance))


def _latest(
    node: _Node, metric: str, mountpoint: str, fstype: str, nodename: str, value: float
) -> None:
    match metric:
        case "node_load1":
            node.load1 = value
        case "node_memory_MemTotal_bytes":
            node.memory_total = value
        case "node_memory_MemAvailable_bytes":
            node.memory_available = value
        case "node_filesystem_size_bytes" | "node_filesystem_avail_bytes":
            if fstype not in VIRTUAL_FILESYSTEMS:
                node.filesystems = node.filesystems or {}
                node.filesystems.setdefault(mountpoint, {})[metric] = value
        case "node_hwmon_temp_celsius" | "node_thermal_zone_temp":
            node.temperature = value if node.temperature is None else max(node.temperature, value)
        case "node_netstat_Tcp_CurrEstab":
            node.tcp_established = value
        case "node_timex_offset_seconds":
            node.ntp_offset = value
        case "node_uname_info":
            node.uname = nodename


def _rate(node: _Node, metric: str, mode: str, device: str, rate: float) -> None:
    match metric:
        case "node_cpu_seconds":
            node.cpu = node.cpu or {}
            node.cpu[mode] = node.cpu.get(mode, 0.0) + rate
        case "node_disk_read_bytes" if not _virtual_disk.match(device):
            node.disk_read += rate
        case "node_disk_written_bytes" if not _virtual_disk.match(device):
            node.disk_write += rate
        case "node_network_receive_bytes" if not _virtual_device.match(device):
            node.net_rx += rate
        case "node_network_transmit_bytes" if not _virtual_device.match(device):
            node.net_tx += rate
        case "node_pressure_cpu_waiting_seconds":
            node.psi_cpu = rate


def _summary(node: _Node, names_by_ip: Mapping[str, str]) -> NodeHardware:
    cpu = node.cpu or {}
    total = sum(cpu.values())
    used_fs = [
        100.0 * (1 - fs["node_filesystem_avail_bytes"] / fs["node_filesystem_size_bytes"])
        for fs in (node.filesystems or {}).values()
        if fs.get("node_filesystem_size_bytes", 0) > 0 and "node_filesystem_avail_bytes" in fs
    ]
    available = node.memory_total if node.memory_available is None else node.memory_available
    return NodeHardware(
        node=node_name(node.instance, names_by_ip, node.uname),
        instance=node.instance,
        cpu_percent=_clamp(100.0 * (1 - cpu.get("idle", 0.0) / total)) if total > 0 else 0.0,
        load1=node.load1,
        memory_used_bytes=max(0.0, node.memory_total - available),
        memory_total_bytes=node.memory_total,
        disk_read_bps=node.disk_read,
        disk_write_bps=node.disk_write,
        net_rx_bps=node.net_rx,
        net_tx_bps=node.net_tx,
        filesystem_used_percent=_clamp(max(used_fs, default=0.0)),
        temperature_celsius=node.temperature,
        psi_cpu_waiting=min(1.0, node.psi_cpu),
        tcp_established=node.tcp_established,
        ntp_offset_seconds=node.ntp_offset,
        last_seen=iso(datetime.fromtimestamp(node.last_seen, UTC)) if node.last_seen else "",
    )


def _clamp(percent: float) -> float:
    return min(100.0, max(0.0, percent))


# ---------------------------------------------------------------- one node's history


@dataclass(frozen=True, slots=True)
class _Window:
    instance: str
    start: int
    end: int
    step: int

    def params(self, **extra: Any) -> dict[str, Any]:
        return {"instance": self.instance, "end": self.end, **extra}


#: Line keys and filters are fixed SQL; values from users never reach them.
_NO_KEY = "''"
_DEVICE = "Attributes['device']"
_LABELS = (
    "arrayStringConcat(arrayMap((k, v) -> concat(k, '=', v), mapKeys(Attributes), "
    "mapValues(Attributes)), ',')"
)
_REAL_DEVICE = "NOT match(Attributes['device'], {virtual:String})"
_REAL_DISK = "NOT match(Attributes['device'], {virtual_disk:String})"
_REAL_FS = "Attributes['fstype'] NOT IN {virtual_fs:Array(String)}"
_FILTER_PARAMS: dict[str, dict[str, Any]] = {
    _REAL_DEVICE: {"virtual": VIRTUAL_DEVICES},
    _REAL_DISK: {"virtual_disk": VIRTUAL_DISKS},
    _REAL_FS: {"virtual_fs": VIRTUAL_FILESYSTEMS},
    "": {},
}


async def _gauges(
    ctx: OtelContext, window: _Window, metrics: Sequence[str], key: str, where: str = ""
) -> Values:
    """Average per bucket of each (metric, key)."""
    rows = await ctx.client.query(
        f"SELECT MetricName, {key} AS key, "
        "intDiv(toUnixTimestamp(TimeUnix), {step:UInt32}) * {step:UInt32} AS bucket, avg(Value) "
        f"FROM {ctx.table('otel_metrics_gauge')} WHERE {ONE_INSTANCE} "
        "AND MetricName IN {metrics:Array(String)} "
        f"AND TimeUnix >= {ctx.schema.metric_second('start')} "
        f"AND TimeUnix < {ctx.schema.metric_second('end')} {'AND ' + where if where else ''} "
        "GROUP BY MetricName, key, bucket",
        window.params(
            metrics=list(metrics), start=window.start, step=window.step, **_FILTER_PARAMS[where]
        ),
    )
    return _values(rows.rows)


async def _rates(
    ctx: OtelContext,
    window: _Window,
    metrics: Sequence[str],
    key: str,
    where: str = "",
    table: Table = "sum",
) -> Values:
    """Per-second rate per bucket of each (metric without `_total`, key): every series' increase
    in the bucket over the seconds it covers, summed over the series of the key."""
    source = promql.increases(
        ctx.table(f"otel_metrics_{table}"),
        f"{ONE_INSTANCE} AND MetricName IN {{metrics:Array(String)}} "
        f"AND TimeUnix >= {ctx.schema.metric_second('since')} "
        f"AND TimeUnix < {ctx.schema.metric_second('end')}" + (f" AND {where}" if where else ""),
        {"metric": promql.BASE_NAME, "key": key},
        temporality=table == "sum",
        series=INSTANCE_SERIES,
    )
    rows = await ctx.client.query(
        "SELECT metric, key, b * {width:UInt32} AS bucket, sum(rate) FROM ("
        "SELECT metric, key, _sid, b, sum(d) / sum(dt) AS rate FROM ("
        f"SELECT metric, key, _sid, _b, _d, _dt FROM ({source})) "
        "ARRAY JOIN _b AS b, _d AS d, _dt AS dt WHERE b >= {first:UInt32} AND dt > 0 "
        "GROUP BY metric, key, _sid, b) GROUP BY metric, key, bucket",
        window.params(
            metrics=promql.names(*metrics) if table == "sum" else list(metrics),
            since=max(0, window.start - promql.LOOKBACK),
            width=window.step,
            offset=0,
            first=window.start // window.step,
            **_FILTER_PARAMS[where],
        ),
    )
    return _values(rows.rows)


def _values(rows: Iterable[Sequence[Any]]) -> Values:
    values: Values = defaultdict(dict)
    for metric, key, bucket, value in rows:
        values[(promql.base_name(str(metric)), str(key))][int(bucket)] = float(value)
    return values


def _points(by_bucket: Mapping[int, float], scale: float = 1.0) -> list[Point]:
    return [(float(at), by_bucket[at] * scale) for at in sorted(by_bucket)]


def _keys(values: Values, metric: str) -> list[str]:
    return sorted({key for name, key in values if name == promql.base_name(metric)})


def _line(
    group: str, name: str, unit: str, by_bucket: Mapping[int, float], scale: float = 1.0
) -> NodeMetricSeries:
    return NodeMetricSeries(group=group, name=name, unit=unit, points=_points(by_bucket, scale))


#: A line of a group: (its metric as `Values` keys it, the line's name, its unit). A counter's
#: metric is named without `_total`: reading the sum table matches both spellings.
Line = tuple[str, str, str]


def _metrics(lines: Iterable[Line]) -> list[str]:
    return [metric for metric, _, _ in lines]


def _lines(
    group: str, lines: Iterable[Line], values: Values, scale: float = 1.0
) -> list[NodeMetricSeries]:
    """The node's lines of metrics read without a key, in the order given."""
    return [
        _line(group, name, unit, values[(metric, "")], scale)
        for metric, name, unit in lines
        if (metric, "") in values
    ]


def _device_lines(group: str, lines: Sequence[Line], values: Values) -> list[NodeMetricSeries]:
    """The node's lines of metrics read per device: "<device> <name>", device by device."""
    return [
        _line(group, f"{device} {name}", unit, values[(metric, device)])
        for device in sorted({key for _, key in values})
        for metric, name, unit in lines
        if (metric, device) in values
    ]


def _combine(
    first: Mapping[int, float], second: Mapping[int, float], how: Callable[[float, float], float]
) -> dict[int, float]:
    return {at: how(first[at], second[at]) for at in first if at in second}


def _share(part: float, total: float) -> float:
    return 100.0 * part / total if total > 0 else 0.0


async def _cpu(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    values = await _rates(ctx, window, ["node_cpu_seconds_total"], "Attributes['mode']")
    modes = {key: values[("node_cpu_seconds", key)] for key in _keys(values, "node_cpu_seconds")}
    totals: dict[int, float] = defaultdict(float)
    for by_bucket in modes.values():
        for at, rate in by_bucket.items():
            totals[at] += rate
    return [
        _line("cpu", mode, "percent", _combine(by_bucket, totals, _share))
        for mode, by_bucket in modes.items()
        if mode != "idle"
    ]


async def _load(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    lines = [(f"node_{name}", name, "count") for name in ("load1", "load5", "load15")]
    return _lines("load", lines, await _gauges(ctx, window, _metrics(lines), _NO_KEY))


async def _memory(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    parts = ("MemTotal", "MemAvailable", "Cached", "Buffers", "SwapTotal", "SwapFree")
    values = await _gauges(ctx, window, [f"node_memory_{p}_bytes" for p in parts], _NO_KEY)
    part = {p: values.get((f"node_memory_{p}_bytes", ""), {}) for p in parts}
    lines = {
        "used": _combine(part["MemTotal"], part["MemAvailable"], lambda t, a: t - a),
        "available": part["MemAvailable"],
        "cached": part["Cached"],
        "buffers": part["Buffers"],
        "swap used": _combine(part["SwapTotal"], part["SwapFree"], lambda t, f: t - f),
    }
    return [_line("memory", name, "bytes", points) for name, points in lines.items() if points]


async def _disk(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    lines = (
        ("node_disk_read_bytes", "read", "bytesPerSecond"),
        ("node_disk_written_bytes", "write", "bytesPerSecond"),
        ("node_disk_reads_completed", "read iops", "perSecond"),
        ("node_disk_writes_completed", "write iops", "perSecond"),
    )
    values = await _rates(ctx, window, _metrics(lines), _DEVICE, _REAL_DISK)
    return _device_lines("disk", lines, values)


async def _filesystem(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    size, avail = "node_filesystem_size_bytes", "node_filesystem_avail_bytes"
    values = await _gauges(ctx, window, [size, avail], "Attributes['mountpoint']", _REAL_FS)
    return [
        _line(
            "filesystem",
            mountpoint,
            "percent",
            _combine(
                values[(size, mountpoint)],
                values[(avail, mountpoint)],
                lambda s, a: 100 * (1 - a / s) if s > 0 else 0.0,
            ),
        )
        for mountpoint in _keys(values, size)
        if (avail, mountpoint) in values
    ]


async def _network(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    lines = (
        ("node_network_receive_bytes", "rx", "bytesPerSecond"),
        ("node_network_transmit_bytes", "tx", "bytesPerSecond"),
        ("node_network_receive_errs", "rx errs", "perSecond"),
        ("node_network_transmit_errs", "tx errs", "perSecond"),
        ("node_network_receive_drop", "rx drop", "perSecond"),
        ("node_network_transmit_drop", "tx drop", "perSecond"),
    )
    values = await _rates(ctx, window, _metrics(lines), _DEVICE, _REAL_DEVICE)
    return _device_lines("network", lines, values)


async def _temperature(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    key = (
        "if(MetricName = 'node_hwmon_temp_celsius', concat(Attributes['chip'], ' ', "
        "Attributes['sensor']), concat('zone ', Attributes['type']))"
    )
    values = await _gauges(ctx, window, ["node_hwmon_temp_celsius", "node_thermal_zone_temp"], key)
    return [
        _line("temperature", name, "celsius", points)
        for (_, name), points in sorted(values.items())
    ]


async def _psi(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    kinds = ("cpu_waiting", "memory_waiting", "memory_stalled", "io_waiting", "io_stalled")
    lines = [(f"node_pressure_{kind}_seconds", kind.replace("_", " "), "percent") for kind in kinds]
    values = await _rates(ctx, window, _metrics(lines), _NO_KEY)
    return _lines("psi", lines, values, scale=100.0)


async def _tcp(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    gauges = (
        ("node_netstat_Tcp_CurrEstab", "established", "count"),
        ("node_sockstat_TCP_inuse", "in use", "count"),
        ("node_sockstat_TCP_tw", "time wait", "count"),
        ("node_nf_conntrack_entries", "conntrack", "count"),
    )
    counters = (
        ("node_netstat_Tcp_ActiveOpens", "active opens", "perSecond"),
        ("node_netstat_Tcp_PassiveOpens", "passive opens", "perSecond"),
        ("node_netstat_Tcp_RetransSegs", "retransmits", "perSecond"),
    )
    levels, rates = await asyncio.gather(
        _gauges(ctx, window, _metrics(gauges), _NO_KEY),
        _rates(ctx, window, _metrics(counters), _NO_KEY, table="gauge"),
    )
    return _lines("tcp", gauges, levels) + _lines("tcp", counters, rates)


async def _vmstat(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    kinds = ("pgfault", "pgmajfault", "pswpin", "pswpout", "oom_kill")
    lines = [(f"node_vmstat_{kind}", kind, "perSecond") for kind in kinds]
    values = await _rates(ctx, window, _metrics(lines), _NO_KEY, table="gauge")
    return _lines("vmstat", lines, values)


async def _softnet(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    kinds = ("processed", "dropped", "times_squeezed")
    lines = [(f"node_softnet_{kind}", kind.replace("times_", ""), "perSecond") for kind in kinds]
    return _lines("softnet", lines, await _rates(ctx, window, _metrics(lines), _NO_KEY))


async def _ntp(ctx: OtelContext, window: _Window) -> list[NodeMetricSeries]:
    lines = (
        ("node_timex_offset_seconds", "offset", "seconds"),
        ("node_timex_maxerror_seconds", "max error", "seconds"),
        ("node_timex_sync_status", "synchronised", "count"),
    )
    return _lines("ntp", lines, await _gauges(ctx, window, _metrics(lines), _NO_KEY))


GROUPS: dict[str, Callable[[OtelContext, _Window], Awaitable[list[NodeMetricSeries]]]] = {
    "cpu": _cpu,
    "load": _load,
    "memory": _memory,
    "disk": _disk,
    "filesystem": _filesystem,
    "network": _network,
    "temperature": _temperature,
    "psi": _psi,
    "tcp": _tcp,
    "vmstat": _vmstat,
    "softnet": _softnet,
    "ntp": _ntp,
}


async def _raw(ctx: OtelContext, window: _Window, metric: str) -> list[NodeMetricSeries]:
    """A node_* metric by name: counters (sum table, or cumulative untyped) as rates, gauges
    as they are; one line per label set."""
    if cumulative_in_gauge_table(metric):
        counters, others = await asyncio.gather(
            _rates(ctx, window, [metric], _LABELS),
            _rates(ctx, window, [metric], _LABELS, table="gauge"),
        )
        unit = "perSecond"
        values = counters or others
    else:
        counters, levels = await asyncio.gather(
            _rates(ctx, window, [metric], _LABELS), _gauges(ctx, window, [metric], _LABELS)
        )
        unit = "perSecond" if counters else ""
        values = counters or levels
    if not values:
        raise QueryError(f"no metric {metric} for this node in the range")
    name = promql.base_name(metric)
    return [
        _line(metric, key or name, unit or _unit_of(metric), points)
        for (_, key), points in sorted(values.items())
    ]


def _unit_of(metric: str) -> str:
    for suffix, unit in (("_bytes", "bytes"), ("_seconds", "seconds"), ("_celsius", "celsius")):
        if metric.endswith(suffix):
            return unit
    return "count"


async def _instance(ctx: OtelContext, node: str, start: int, end: int) -> tuple[str, str]:
    """(instance, node name) of `node` (a Node name, an instance or its ip), looked up in the
    last hour of the range first, then in all of it."""
    names_by_ip = ctx.node_names_by_ip()
    for since in dict.fromkeys((max(start, end - 3600), start)):
        rows = await ctx.client.query(
            f"SELECT {INSTANCE} AS instance, "
            "argMaxIf(Attributes['nodename'], TimeUnix, MetricName = 'node_uname_info') "
            f"FROM {ctx.table('otel_metrics_gauge')} "
            "WHERE MetricName IN ('node_uname_info', 'node_load1') "
            f"AND TimeUnix >= {ctx.schema.metric_second('since')} "
            f"AND TimeUnix < {ctx.schema.metric_second('end')} "
            "GROUP BY instance",
            {"since": since, "end": end},
        )
        for instance, uname in rows.rows:
            name = node_name(instance, names_by_ip, uname)
            if node in (instance, name, _ip(instance)):
                return instance, name
    raise QueryError(f"no node_exporter data for node {node!r} in this range")


async def query_metrics(ctx: OtelContext, params: QueryMetricsParams) -> NodeMetrics:
    start, end = time_range(params.start, params.end)
    step = step_for(start, end, params.step_seconds)
    for metric in params.metrics:
        if not metric.startswith("node_") and metric not in GROUPS:
            raise QueryError(
                f"unknown metric group {metric!r}: use one of {', '.join(METRIC_GROUPS)} "
                "or a node_* metric name"
            )
    first, last = int(start.timestamp()), math.ceil(end.timestamp())
    instance, name = await _instance(ctx, params.node, first, last)
    window = _Window(instance, first // step * step, last, step)
    wanted = list(dict.fromkeys(params.metrics))
    found = await asyncio.gather(
        *(
            GROUPS[metric](ctx, window) if metric in GROUPS else _raw(ctx, window, metric)
            for metric in wanted
        )
    )
    return NodeMetrics(
        node=name,
        instance=instance,
        step_seconds=step,
        series=[series for group in found for series in group],
    )
