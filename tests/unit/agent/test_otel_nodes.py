"""node_exporter queries over HTTP against chdb: the hardware summary against the values the
generator wrote (both schema generations, with node restarts), every metric group and raw
metrics, and rates across the reboots of `sim.otel.bulk`'s nodes."""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest

from atlhyper.agent.otel import nodes
from atlhyper.agent.otel.context import OtelContext, QueryError, iso
from atlhyper.model.commands import METRIC_GROUPS, QueryMetricsParams
from atlhyper.model.otel import NodeHardware, NodeMetricSeries
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine
from atlhyper.sim.otel import bulk, topology
from atlhyper.sim.otel.generator import OtelGenerator, insert_rows, write
from atlhyper.sim.otel.metrics import Tables
from tests.unit.agent.conftest import connect, create_database
from tests.unit.conftest import ClickHouseHttpServer

_NS = 1_000_000_000
SCRAPE = 30
Row = dict[str, Any]


def _seconds(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC).timestamp()


@dataclass
class Dataset:
    ctx: OtelContext
    topo: topology.Topology
    rows: list[Row]  # every gauge and counter row written (node-exporter only)
    start: datetime
    end: datetime
    server: ClickHouseHttpServer

    def instance(self, node: topology.Node) -> str:
        return f"{node.ip}:9100"

    def latest(self, instance: str, metric: str) -> list[Row]:
        """The rows of `metric` at the instance's last scrape."""
        mine = [
            r
            for r in self.rows
            if r["MetricName"] == metric
            and r["ResourceAttributes"]["service.instance.id"] == instance
        ]
        last = max(r["TimeUnix"] for r in mine)
        return [r for r in mine if r["TimeUnix"] == last]

    def rates(self, instance: str, metric: str, since: float, until: float) -> dict[str, float]:
        """Reference rates by label set: every point's increase over the previous point of its
        series (its whole value after a restart: a drop, or a start after that point; the
        first point of a series from its start), summed over the points in [since, until] and
        divided by the seconds they cover."""
        series: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
        for r in self.rows:
            if (
                r["MetricName"] == metric
                and r["ResourceAttributes"]["service.instance.id"] == instance
            ):
                labels = ",".join(f"{k}={v}" for k, v in sorted(r["Attributes"].items()))
                point = (_seconds(r["TimeUnix"]), float(r["Value"]), _seconds(r["StartTimeUnix"]))
                series[labels].append(point)
        found = {}
        for labels, points in series.items():
            points.sort()
            steps = [(points[0][0], points[0][1], points[0][0] - points[0][2])]
            for (pt, pv, _), (t, v, start) in itertools.pairwise(points):
                steps.append((t, v if v < pv or start > pt else v - pv, t - pt))
            inside = [(d, dt) for t, d, dt in steps if since <= t <= until]
            seconds = sum(dt for _, dt in inside)
            if seconds > 0:
                found[labels] = sum(d for d, _ in inside) / seconds
        return found

    def params(self, node: str, metrics: list[str], **extra: Any) -> QueryMetricsParams:
        body = {"start": iso(self.start), "end": iso(self.end + timedelta(seconds=1))}
        return msgspec.convert(
            {**body, "node": node, "metrics": metrics, **extra}, QueryMetricsParams
        )


def _node_rows(scrapes: Iterable[Tables]) -> list[Row]:
    return [
        row
        for tables in scrapes
        for row in (*tables.gauge, *tables.sum)
        if row["ServiceName"] == "node-exporter"
    ]


@pytest.fixture(scope="module")
async def data(
    generation: schema.Generation,
    otel_database: str,
    chdb_engine: Engine,
    clickhouse_http: ClickHouseHttpServer,
) -> AsyncIterator[Dataset]:
    topo = topology.demo_topology()
    end_ns = time.time_ns() // (SCRAPE * _NS) * SCRAPE * _NS
    start_ns = end_ns - 20 * 60 * _NS
    generator = OtelGenerator(topo, 21, start_ns, generation)
    generator.metrics.reset_probability = 0.6  # a node restarts every ~17 scrapes
    batch, scrapes = generator.window(start_ns, end_ns, 0.5, SCRAPE)
    write(chdb_engine, otel_database, batch, scrapes)
    ctx = await connect(clickhouse_http, otel_database)
    yield Dataset(
        ctx,
        topo,
        _node_rows(scrapes),
        datetime.fromtimestamp(start_ns / _NS, UTC),
        datetime.fromtimestamp(end_ns / _NS, UTC),
        clickhouse_http,
    )
    ctx.client.close()


def _restarts(data: Dataset) -> int:
    """Counter drops in node_cpu_seconds_total: the nodes that restarted."""
    series: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    for r in data.rows:
        if r["MetricName"] == "node_cpu_seconds_total":
            key = (r["ResourceAttributes"]["service.instance.id"], str(r["Attributes"]))
            series[key].append((r["TimeUnix"], r["Value"]))
    return sum(
        any(b < a for (_, a), (_, b) in zip(sorted(p), sorted(p)[1:], strict=False))
        for p in series.values()
    )


def _close(found: float, expected: float) -> bool:
    return abs(found - expected) <= 1e-6 * max(1.0, abs(expected))


async def test_a_part_of_the_last_second_is_read(
    data: Dataset, chdb_engine: Engine, otel_database: str
) -> None:
    """A rate's last sample alone in a part within the window's last second still counts:
    compared with a DateTime, an older table's DateTime64 TimeUnix had that part pruned
    (ClickHouse 26.9 reads `TimeUnix < t` as `<= t - 1 s` for the part's min-max index)."""
    metric = "node_network_receive_bytes_total"
    template = data.latest(data.instance(data.topo.nodes[0]), metric)[0]
    instance = "10.99.0.1:9100"
    until = int(data.end.timestamp()) + 7200  # after the dataset: parts of their own
    fraction = ".5" if data.ctx.schema.metric_time_type.startswith("DateTime64") else ""

    def sample(at: int, value: float, tail: str = "") -> Row:
        moment = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(at)) + tail
        resource = {**template["ResourceAttributes"], "service.instance.id": instance}
        boot = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(until - 3600))
        return template | {
            "ResourceAttributes": resource,
            "TimeUnix": moment,
            "StartTimeUnix": boot,
            "Value": value,
        }

    table = f"{otel_database}.{schema.SUM}"
    insert_rows(chdb_engine, table, [sample(until - 30, 0.0)])
    insert_rows(chdb_engine, table, [sample(until, 3000.0, fraction)])
    found = {
        n.instance: n for n in await nodes.hardware(data.ctx, datetime.fromtimestamp(until, UTC))
    }
    assert found[instance].net_rx_bps > 0


async def test_hardware_matches_what_was_written(data: Dataset) -> None:
    assert _restarts(data) > 0
    found = {n.instance: n for n in await nodes.hardware(data.ctx, data.end)}
    assert set(found) == {data.instance(node) for node in data.topo.nodes}
    now = data.end.timestamp()
    for node in data.topo.nodes:
        instance = data.instance(node)
        hw = found[instance]
        assert hw.node == node.name  # from node_uname_info: no Node has this ip here

        def last(metric: str, row: int = 0, inst: str = instance) -> float:
            return float(data.latest(inst, metric)[row]["Value"])

        assert hw.memory_total_bytes == node.memory_bytes
        assert hw.memory_used_bytes == pytest.approx(
            node.memory_bytes - last("node_memory_MemAvailable_bytes")
        )
        assert hw.load1 == last("node_load1")
        cpu = data.rates(instance, "node_cpu_seconds_total", now - 299, now)
        idle = sum(rate for labels, rate in cpu.items() if "mode=idle" in labels)
        assert 0 < hw.cpu_percent < 100
        assert _close(hw.cpu_percent, 100 * (1 - idle / sum(cpu.values())))
        for field, metric in (
            ("disk_read_bps", "node_disk_read_bytes_total"),
            ("disk_write_bps", "node_disk_written_bytes_total"),
            ("net_rx_bps", "node_network_receive_bytes_total"),
            ("net_tx_bps", "node_network_transmit_bytes_total"),
        ):
            expected = sum(data.rates(instance, metric, now - 299, now).values())
            assert getattr(hw, field) > 0
            assert _close(getattr(hw, field), expected), field
        psi = data.rates(instance, "node_pressure_cpu_waiting_seconds_total", now - 299, now)
        assert _close(hw.psi_cpu_waiting, sum(psi.values()))
        size, avail = last("node_filesystem_size_bytes"), last("node_filesystem_avail_bytes")
        assert hw.filesystem_used_percent == pytest.approx(100 * (1 - avail / size))
        temperatures = [
            float(r["Value"])
            for metric in ("node_hwmon_temp_celsius", "node_thermal_zone_temp")
            for r in data.latest(instance, metric)
        ]
        assert hw.temperature_celsius == max(temperatures)
        assert hw.tcp_established == last("node_netstat_Tcp_CurrEstab")
        assert hw.ntp_offset_seconds == last("node_timex_offset_seconds")
        assert hw.last_seen == iso(data.end)


async def test_hardware_names_nodes_by_their_ip(data: Dataset) -> None:
    names = {node.ip: f"k8s-{node.name}" for node in data.topo.nodes}
    ctx = await connect(data.server, data.ctx.database, node_names_by_ip=lambda: names)
    found = await nodes.hardware(ctx, data.end)
    assert sorted(n.node for n in found) == sorted(names.values())
    assert await nodes.hardware(ctx, data.end + timedelta(hours=1)) == []
    ctx.client.close()


def _by_group(series: list[NodeMetricSeries]) -> dict[str, list[NodeMetricSeries]]:
    groups: dict[str, list[NodeMetricSeries]] = defaultdict(list)
    for line in series:
        groups[line.group].append(line)
    return groups


async def test_every_group_and_raw_metrics(data: Dataset) -> None:
    node = data.topo.nodes[0]
    raw = [
        "node_cpu_seconds_total",
        "node_memory_MemTotal_bytes",
        "node_vmstat_pgfault",
        "node_context_switches",  # stored as node_context_switches_total
    ]
    result = await nodes.query_metrics(
        data.ctx, data.params(node.name, [*METRIC_GROUPS, *raw], stepSeconds=60)
    )
    assert (result.node, result.instance, result.step_seconds) == (
        node.name,
        data.instance(node),
        60,
    )
    groups = _by_group(result.series)
    assert set(groups) == {*METRIC_GROUPS, *raw}
    buckets = 20 + 1  # [start, end + 1 s) at 60 s
    for line in result.series:
        assert line.points, line.name
        assert len(line.points) <= buckets
        assert [t for t, _ in line.points] == sorted(t for t, _ in line.points)
        if line.unit in ("perSecond", "bytesPerSecond", "percent", "bytes", "celsius"):
            assert all(v >= 0 for _, v in line.points), line.name
        if line.unit == "percent":
            assert all(v <= 100 + 1e-9 for _, v in line.points), line.name
    names = {group: {line.name for line in lines} for group, lines in groups.items()}
    assert names["cpu"] == {"user", "system", "iowait", "irq", "softirq", "steal", "nice"}
    assert names["load"] == {"load1", "load5", "load15"}
    assert {"used", "available", "cached", "buffers", "swap used"} == names["memory"]
    assert names["disk"] == {"sda read", "sda write", "sda read iops", "sda write iops"}
    assert names["filesystem"] == {"/"}
    assert names["network"] >= {"eth0 rx", "eth0 tx", "eth0 rx errs", "eth0 rx drop"}
    assert len(names["psi"]) == 5
    assert names["tcp"] == {
        "established",
        "in use",
        "time wait",
        "conntrack",
        "active opens",
        "passive opens",
        "retransmits",
    }
    assert {"pgfault", "pgmajfault", "oom_kill"} <= names["vmstat"]
    assert names["softnet"] == {"processed", "dropped", "squeezed"}
    assert names["ntp"] == {"offset", "max error", "synchronised"}
    assert all(len(line.points) >= 15 for line in groups["temperature"])

    (total,) = groups["node_memory_MemTotal_bytes"]
    assert {v for _, v in total.points} == {float(node.memory_bytes)}
    assert total.unit == "bytes"
    cpu_lines = groups["node_cpu_seconds_total"]
    assert len(cpu_lines) == min(node.cpus, 4) * 8  # one per cpu and mode
    assert all(0 <= v <= 1.0 + 1e-9 for line in cpu_lines for _, v in line.points)
    (pgfault,) = groups["node_vmstat_pgfault"]
    assert pgfault.unit == "perSecond"
    assert all(2500 * 0.9 <= v <= 7500 * 1.1 for _, v in pgfault.points)  # 5000/s ± 50 %
    (switches,) = groups["node_context_switches"]
    assert all(2000 <= v <= 8000 for _, v in switches.points)
    # The per-mode shares and the idle rest make 100 %: the busy modes stay under it.
    busy: dict[float, float] = defaultdict(float)
    for line in groups["cpu"]:
        for at, value in line.points:
            busy[at] += value
    assert all(0 < value < 100 for value in busy.values())


async def test_bucket_rates_match_the_reference(data: Dataset) -> None:
    node = data.topo.nodes[1]
    instance = data.instance(node)
    result = await nodes.query_metrics(
        data.ctx, data.params(instance, ["node_disk_read_bytes_total"], stepSeconds=300)
    )
    (line,) = result.series
    assert line.name == "device=sda"
    for at, value in line.points:
        # A bucket's rate covers the intervals whose later point lies in the bucket.
        expected = data.rates(instance, "node_disk_read_bytes_total", at, at + 299)
        assert _close(value, expected["device=sda"]), at


async def test_nodes_and_metrics_that_do_not_exist(data: Dataset) -> None:
    node = data.topo.nodes[0]
    by_ip = await nodes.query_metrics(data.ctx, data.params(node.ip, ["load"]))
    assert by_ip.instance == data.instance(node)
    with pytest.raises(QueryError, match="no-such-node"):
        await nodes.query_metrics(data.ctx, data.params("no-such-node", ["cpu"]))
    with pytest.raises(QueryError, match="node_no_such_metric"):
        await nodes.query_metrics(data.ctx, data.params(node.name, ["node_no_such_metric"]))
    with pytest.raises(QueryError, match="unknown metric group 'gpu'"):
        await nodes.query_metrics(data.ctx, data.params(node.name, ["gpu"]))


# ---------------------------------------------------------------- bulk nodes with reboots


@pytest.fixture(scope="module")
async def bulk_data(
    chdb_engine: Engine, clickhouse_http: ClickHouseHttpServer
) -> AsyncIterator[tuple[OtelContext, topology.Topology, datetime]]:
    database = create_database(chdb_engine, "current")
    topo = bulk.bench_topology(services=3, nodes=6)
    end_ns = time.time_ns() // (60 * _NS) * 60 * _NS
    bulk.generate(chdb_engine, database, topo, spans=500, hours=1, end_ns=end_ns)
    names = {n.ip: n.name for n in topo.nodes}
    ctx = await connect(clickhouse_http, database, node_names_by_ip=lambda: names)
    yield ctx, topo, datetime.fromtimestamp(end_ns / _NS, UTC)
    ctx.client.close()


async def test_rates_across_reboots(
    bulk_data: tuple[OtelContext, topology.Topology, datetime],
) -> None:
    """A third of bulk's nodes reboot halfway: their counters restart from zero. Rates stay
    within the hourly wave of what the counters grow by, never negative, never a spike."""
    ctx, topo, end = bulk_data
    drops = await ctx.client.query(
        "SELECT count() FROM (SELECT arrayDifference(arrayMap(p -> p.2, arraySort(groupArray("
        f"(TimeUnix, Value))))) AS d FROM {ctx.table('otel_metrics_sum')} "
        "WHERE MetricName = 'node_disk_read_bytes_total' GROUP BY ResourceAttributes) "
        "WHERE arrayExists(x -> x < 0, d)"
    )
    assert drops.rows[0][0] == 2  # nodes 0 and 3 of 6
    hardware = {hw.node: hw for hw in await nodes.hardware(ctx, end)}
    assert set(hardware) == {n.name for n in topo.nodes}
    for node in topo.nodes:
        hw: NodeHardware = hardware[node.name]
        assert hw.memory_total_bytes == node.memory_bytes
        assert 0 < hw.cpu_percent < 100
        assert hw.disk_read_bps > 0
        params = msgspec.convert(
            {
                "start": iso(end - timedelta(hours=1)),
                "end": iso(end),
                "node": node.name,
                "metrics": ["disk", "cpu", "node_vmstat_pgmajfault"],
                "stepSeconds": 60,
            },
            QueryMetricsParams,
        )
        groups = _by_group((await nodes.query_metrics(ctx, params)).series)
        for line in (*groups["disk"], *groups["node_vmstat_pgmajfault"]):
            values = sorted(v for _, v in line.points)
            assert len(values) >= 58, line.name
            assert values[0] >= 0, line.name
            assert values[-1] <= 1.5 * values[len(values) // 2], line.name  # the wave: ±30 %
        cpu_total: dict[float, float] = defaultdict(float)
        for line in groups["cpu"]:
            for at, value in line.points:
                cpu_total[at] += value
        assert all(0 < value < 100 for value in cpu_total.values())
