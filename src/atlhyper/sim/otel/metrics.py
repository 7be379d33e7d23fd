"""Metric rows as the Collector's prometheus receiver writes them (OTEL_CLICKHOUSE.md §2, §3).

`job` is ServiceName, `instance` is `ResourceAttributes['service.instance.id']`, other labels are
`Attributes`. Counters are cumulative (`AggregationTemporality=2`) and restart from zero now and
then (a node reboot, a proxy restart), with StartTimeUnix moving to the restart; untyped
node_exporter series (`node_netstat_*`, `node_vmstat_*`) land in the gauge table. Traefik and
Linkerd series count the same requests as the generated spans, with per-bucket histogram counts
and ExplicitBounds without +Inf.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from typing import Any

from atlhyper.sim.otel.topology import Node, Service, Topology
from atlhyper.sim.otel.traces import Batch, seconds_text

Row = dict[str, Any]
Labels = tuple[tuple[str, str], ...]

LINKERD_BOUNDS = (
    1,
    2,
    3,
    4,
    5,
    10,
    20,
    30,
    40,
    50,
    100,
    200,
    300,
    400,
    500,
    1000,
    2000,
    3000,
    4000,
    5000,
    10000,
    20000,
    30000,
    40000,
    50000,
)
TRAEFIK_BOUNDS = (0.1, 0.3, 1.2, 5.0)
_CPU_MODES = {
    "user": 0.12,
    "system": 0.05,
    "iowait": 0.01,
    "irq": 0.002,
    "softirq": 0.006,
    "steal": 0.001,
    "nice": 0.001,
}
_NS = 1_000_000_000


@dataclass
class Tables:
    gauge: list[Row] = field(default_factory=list)
    sum: list[Row] = field(default_factory=list)
    histogram: list[Row] = field(default_factory=list)


@dataclass
class _Counter:
    value: float = 0.0
    start_ns: int = 0


@dataclass
class _Histogram:
    counts: list[int]
    total: float = 0.0
    start_ns: int = 0


class _Scraper:
    """One scrape target's cumulative series; `reset` restarts them all, as a process restart."""

    def __init__(self, job: str, instance: str, resource: dict[str, str], start_ns: int) -> None:
        self.job = job
        self.resource = {
            "service.instance.id": instance,
            "service.name": job,
            "server.address": instance.rsplit(":", 1)[0],
            "server.port": instance.rsplit(":", 1)[1],
            "url.scheme": "http",
            **resource,
        }
        self.start_ns = start_ns
        self.counters: dict[tuple[str, Labels], _Counter] = {}
        self.histograms: dict[tuple[str, Labels], _Histogram] = {}
        self.untyped: dict[str, float] = {}

    def reset(self, at_ns: int) -> None:
        self.start_ns = at_ns
        self.counters.clear()
        self.histograms.clear()
        self.untyped.clear()

    def add_untyped(self, name: str, amount: float) -> float:
        """An untyped cumulative series (node_vmstat_*): counted here, reported as a gauge."""
        self.untyped[name] = self.untyped.get(name, 0.0) + amount
        return self.untyped[name]

    def add(self, name: str, labels: Labels, amount: float) -> None:
        counter = self.counters.setdefault((name, labels), _Counter(0.0, self.start_ns))
        counter.value += amount

    def observe(self, name: str, labels: Labels, bounds: tuple[float, ...], value: float) -> None:
        key = (name, labels)
        histogram = self.histograms.get(key)
        if histogram is None:
            histogram = self.histograms[key] = _Histogram(
                [0] * (len(bounds) + 1), 0.0, self.start_ns
            )
        histogram.counts[bisect.bisect_left(bounds, value)] += 1
        histogram.total += value

    def _base(self, name: str, labels: Labels | dict[str, str], start_ns: int, at_ns: int) -> Row:
        return {
            "ResourceAttributes": self.resource,
            "ScopeName": "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/"
            "prometheusreceiver",
            "ServiceName": self.job,
            "MetricName": name,
            "Attributes": dict(labels),
            "StartTimeUnix": seconds_text(start_ns),
            "TimeUnix": seconds_text(at_ns),
        }

    def gauge(
        self, out: Tables, name: str, labels: dict[str, str], value: float, at_ns: int
    ) -> None:
        out.gauge.append({**self._base(name, labels, self.start_ns, at_ns), "Value": value})

    def flush(self, out: Tables, at_ns: int, bounds: dict[str, tuple[float, ...]]) -> None:
        """Emit every counter and histogram at its current cumulative value."""
        for (name, labels), counter in self.counters.items():
            out.sum.append(
                {
                    **self._base(name, labels, counter.start_ns, at_ns),
                    "Value": counter.value,
                    "AggregationTemporality": 2,
                    "IsMonotonic": True,
                }
            )
        for (name, labels), histogram in self.histograms.items():
            out.histogram.append(
                {
                    **self._base(name, labels, histogram.start_ns, at_ns),
                    "Count": sum(histogram.counts),
                    "Sum": histogram.total,
                    "BucketCounts": list(histogram.counts),
                    "ExplicitBounds": list(bounds[name]),
                    "AggregationTemporality": 2,
                }
            )


class _NodeState:
    def __init__(self, node: Node, rng: random.Random, now_ns: int) -> None:
        self.node = node
        self.cpus = min(node.cpus, 4)
        self.scraper = _Scraper("node-exporter", f"{node.ip}:9100", {}, now_ns)
        self.boot_ns = now_ns - rng.randint(2, 30) * 86400 * _NS
        self.busy = rng.uniform(0.1, 0.5)  # share of CPU in use, drifts
        self.memory_used = rng.uniform(0.3, 0.6)
        self.fs_used = rng.uniform(0.2, 0.7)


class MetricGenerator:
    """Node, Traefik and Linkerd series for `topology`, one scrape at a time."""

    def __init__(
        self,
        topology: Topology,
        rng: random.Random,
        start_ns: int,
        reset_probability: float = 0.002,
    ) -> None:
        self.topology = topology
        self.rng = rng
        self.reset_probability = reset_probability
        self.nodes = [_NodeState(node, rng, start_ns) for node in topology.nodes]
        self.traefik = _Scraper(
            "traefik", "10.244.0.250:9100", {"k8s.namespace.name": "kube-system"}, start_ns
        )
        self.proxies: dict[str, _Scraper] = {}
        self.last_ns = start_ns
        self.follow(topology)

    def follow(self, topology: Topology) -> None:
        """Switch to a newer topology: new pods get fresh proxies, gone pods stop reporting."""
        self.topology = topology
        proxies = {}
        for service in topology.services.values():
            for pod in service.pods:
                proxies[pod.name] = self.proxies.get(pod.name) or _Scraper(
                    "linkerd-proxy",
                    f"{pod.ip}:4191",
                    {"k8s.namespace.name": service.namespace, "k8s.pod.name": pod.name},
                    self.last_ns,
                )
        self.proxies = proxies

    def count(self, batch: Batch) -> None:
        """Count the requests of a span batch into the Traefik and Linkerd series."""
        entry = self.topology.services.get(self.topology.entry)
        service_label = f"{entry.namespace}-{entry.name}-{entry.port}@kubernetes" if entry else ""
        labels: Labels
        for status, method, duration in batch.ingress:
            labels = (
                ("code", str(status)),
                ("method", method),
                ("protocol", "http"),
                ("service", service_label),
            )
            self.traefik.add("traefik_service_requests_total", labels, 1)
            self.traefik.observe(
                "traefik_service_request_duration_seconds", labels, TRAEFIK_BOUNDS, duration / _NS
            )
        services = self.topology.services
        for name, pod, direction, peer, status, duration in batch.requests:
            service = services[name]
            proxy = self.proxies.get(pod)
            if proxy is None:
                continue
            base: dict[str, str] = {
                "deployment": service.name,
                "direction": direction,
                "namespace": service.namespace,
                "pod": pod,
                "tls": "true",
            }
            if direction == "outbound":
                target = services[peer]
                base |= {
                    "authority": _authority(target),
                    "dst_deployment": target.name,
                    "dst_namespace": target.namespace,
                    "dst_service": target.name,
                    "dst_serviceaccount": "default",
                }
            else:
                base["authority"] = _authority(service)
            labels = tuple(sorted(base.items()))
            classification = "failure" if status >= 500 else "success"
            proxy.add("request_total", labels, 1)
            with_status = tuple(sorted({**base, "status_code": str(status)}.items()))
            response = tuple(
                sorted(
                    {
                        **base,
                        "classification": classification,
                        "grpc_status_code": "",
                        "status_code": str(status),
                    }.items()
                )
            )
            proxy.add("response_total", response, 1)
            proxy.observe("response_latency_ms", with_status, LINKERD_BOUNDS, duration / 1e6)

    def scrape(self, at_ns: int) -> Tables:
        """Every series at `at_ns`: node gauges and counters, and the request counters so far."""
        out = Tables()
        seconds = max((at_ns - self.last_ns) / _NS, 0.0)
        self.last_ns = at_ns
        for state in self.nodes:
            if self.rng.random() < self.reset_probability / 10:
                state.scraper.reset(at_ns)
                state.boot_ns = at_ns - 30 * _NS
            self._node(state, seconds, at_ns, out)
        bounds = {
            "traefik_service_request_duration_seconds": TRAEFIK_BOUNDS,
            "response_latency_ms": LINKERD_BOUNDS,
        }
        for scraper in (self.traefik, *self.proxies.values()):
            if self.rng.random() < self.reset_probability:
                scraper.reset(at_ns)
            scraper.flush(out, at_ns, bounds)
        return out

    def _node(self, state: _NodeState, seconds: float, at_ns: int, out: Tables) -> None:
        rng, s, node = self.rng, state.scraper, state.node
        state.busy = min(0.95, max(0.02, state.busy + rng.gauss(0, 0.02)))
        for cpu in range(state.cpus):
            busy = min(1.0, max(0.0, state.busy + rng.gauss(0, 0.05)))
            used = 0.0
            for mode, share in _CPU_MODES.items():
                part = busy * share / 0.191 * seconds
                s.add("node_cpu_seconds_total", (("cpu", str(cpu)), ("mode", mode)), part)
                used += part
            s.add(
                "node_cpu_seconds_total",
                (("cpu", str(cpu)), ("mode", "idle")),
                max(0.0, seconds - used),
            )
            s.add(
                "node_softnet_processed_total",
                (("cpu", str(cpu)),),
                rng.randint(200, 900) * seconds,
            )
            s.add("node_softnet_dropped_total", (("cpu", str(cpu)),), rng.random() < 0.01)
            s.add("node_softnet_times_squeezed_total", (("cpu", str(cpu)),), rng.random() < 0.05)
        load = state.busy * state.cpus
        for name, value in (
            ("node_load1", load * rng.uniform(0.8, 1.2)),
            ("node_load5", load),
            ("node_load15", load * 0.95),
            ("node_procs_running", max(1, round(load))),
            ("node_procs_blocked", rng.random() < 0.1),
        ):
            s.gauge(out, name, {}, float(value), at_ns)
        s.add("node_context_switches_total", (), rng.randint(2000, 8000) * seconds)
        for name, rate in (
            ("cpu_waiting", 0.02),
            ("memory_waiting", 0.001),
            ("memory_stalled", 0.0005),
            ("io_waiting", 0.01),
            ("io_stalled", 0.005),
        ):
            s.add(f"node_pressure_{name}_seconds_total", (), rate * state.busy * seconds)
        total = float(node.memory_bytes)
        state.memory_used = min(0.95, max(0.1, state.memory_used + rng.gauss(0, 0.005)))
        available = total * (1 - state.memory_used)
        for name, value in (
            ("MemTotal", total),
            ("MemAvailable", available),
            ("MemFree", available * 0.4),
            ("Buffers", total * 0.02),
            ("Cached", available * 0.5),
            ("SwapTotal", 0.0),
            ("SwapFree", 0.0),
            ("Dirty", 1e6 * rng.random()),
            ("Slab", total * 0.03),
        ):
            s.gauge(out, f"node_memory_{name}_bytes", {}, value, at_ns)
        for name, rate in (
            ("node_vmstat_pgfault", 5000),
            ("node_vmstat_pgmajfault", 2),
            ("node_vmstat_pgpgin", 300),
            ("node_vmstat_pgpgout", 800),
            ("node_vmstat_pswpin", 0),
            ("node_vmstat_pswpout", 0),
            ("node_vmstat_oom_kill", 0),
            ("node_netstat_Tcp_ActiveOpens", 20),
            ("node_netstat_Tcp_PassiveOpens", 30),
            ("node_netstat_Tcp_RetransSegs", 0.5),
            ("node_netstat_Tcp_InErrs", 0.01),
            ("node_netstat_Tcp_OutRsts", 1),
            ("node_netstat_TcpExt_ListenOverflows", 0),
            ("node_netstat_TcpExt_ListenDrops", 0),
        ):
            value = s.add_untyped(name, rate * seconds * rng.uniform(0.5, 1.5))
            s.gauge(out, name, {}, value, at_ns)
        s.gauge(out, "node_netstat_Tcp_CurrEstab", {}, float(120 + rng.randint(-10, 10)), at_ns)
        device = (("device", "sda"),)
        for name, rate in (
            ("read_bytes", 2e5),
            ("written_bytes", 8e5),
            ("reads_completed", 20),
            ("writes_completed", 60),
            ("io_time_seconds", 0.02),
            ("io_time_weighted_seconds", 0.04),
        ):
            s.add(f"node_disk_{name}_total", device, rate * state.busy * 2 * seconds)
        fs = {"device": "/dev/sda1", "fstype": "ext4", "mountpoint": "/"}
        size = 100 * 1024**3
        state.fs_used = min(0.98, state.fs_used + 1e-7 * seconds)
        for name, value in (
            ("size_bytes", size),
            ("avail_bytes", size * (1 - state.fs_used) * 0.95),
            ("free_bytes", size * (1 - state.fs_used)),
            ("files", 6_553_600),
            ("files_free", 6_000_000),
            ("readonly", 0),
        ):
            s.gauge(out, f"node_filesystem_{name}", fs, float(value), at_ns)
        nic = (("device", "eth0"),)
        for name, rate in (
            ("receive_bytes", 4e5),
            ("transmit_bytes", 3e5),
            ("receive_packets", 400),
            ("transmit_packets", 350),
            ("receive_errs", 0.001),
            ("transmit_errs", 0.0),
            ("receive_drop", 0.01),
            ("transmit_drop", 0.0),
        ):
            s.add(f"node_network_{name}_total", nic, rate * state.busy * 2 * seconds)
        for name, value in (("up", 1), ("speed_bytes", 1.25e9), ("mtu_bytes", 1500)):
            s.gauge(out, f"node_network_{name}", dict(nic), float(value), at_ns)
        for name, value in (
            ("node_sockstat_TCP_inuse", 80),
            ("node_sockstat_TCP_tw", 40),
            ("node_sockstat_TCP_alloc", 95),
            ("node_sockstat_TCP_orphan", 0),
            ("node_sockstat_sockets_used", 300),
            ("node_nf_conntrack_entries", 900),
            ("node_nf_conntrack_entries_limit", 262144),
            ("node_filefd_allocated", 4000),
            ("node_filefd_maximum", 9.2e18),
            ("node_entropy_available_bits", 256),
        ):
            s.gauge(
                out, name, {}, float(value) * (rng.uniform(0.9, 1.1) if value < 1e5 else 1), at_ns
            )
        temp = 40 + 30 * state.busy + rng.gauss(0, 1)
        for sensor in range(1, state.cpus // 2 + 2):
            chip = {"chip": "platform_coretemp_0", "sensor": f"temp{sensor}"}
            s.gauge(out, "node_hwmon_temp_celsius", chip, temp + rng.gauss(0, 2), at_ns)
            s.gauge(out, "node_hwmon_temp_max_celsius", chip, 84.0, at_ns)
            s.gauge(out, "node_hwmon_temp_crit_celsius", chip, 100.0, at_ns)
        s.gauge(out, "node_thermal_zone_temp", {"type": "x86_pkg_temp", "zone": "0"}, temp, at_ns)
        s.gauge(out, "node_timex_offset_seconds", {}, rng.gauss(0, 0.0005), at_ns)
        s.gauge(out, "node_timex_sync_status", {}, 1.0, at_ns)
        s.gauge(out, "node_timex_maxerror_seconds", {}, rng.uniform(0.001, 0.2), at_ns)
        s.gauge(out, "node_boot_time_seconds", {}, state.boot_ns / _NS, at_ns)
        s.gauge(out, "node_time_seconds", {}, at_ns / _NS, at_ns)
        uname = {
            "nodename": node.name,
            "release": "6.1.0-28-amd64",
            "machine": "x86_64",
            "sysname": "Linux",
        }
        s.gauge(out, "node_uname_info", uname, 1.0, at_ns)
        s.flush(out, at_ns, {})


def _authority(service: Service) -> str:
    return f"{service.name}.{service.namespace}.svc.cluster.local:{service.port}"
