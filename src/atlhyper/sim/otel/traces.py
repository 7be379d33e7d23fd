"""Spans and the logs that go with them, as rows of `otel_traces` and `otel_logs`.

A trace starts at the ingress with a server span of the entry service; every call adds a client
span in the caller and, for a service, a server span in the callee (a database call is a client
span only, as uninstrumented databases are). Parents enclose their children. A service fails a
request with its own error rate, and a failed child fails its parent; failures carry an
`exception` event and an ERROR log with the same TraceId/SpanId.

`Truth` records what was generated, exactly, so tests can compare SQL results with it.
"""

from __future__ import annotations

import math
import random
import time
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from atlhyper.sim.clickhouse.schema import Spelling
from atlhyper.sim.otel.topology import Call, Latency, Pod, Service, Topology

Row = dict[str, Any]
_NS = 1_000_000_000
_SEVERITY = {"DEBUG": 5, "INFO": 9, "WARN": 13, "ERROR": 17}
_EXCEPTIONS = {
    "go": ("*errors.errorString", "context deadline exceeded"),
    "python": ("ConnectionError", "upstream connect error or disconnect/reset before headers"),
}


def timestamp(ns: int) -> str:
    """DateTime64(9) text that every ClickHouse input format parses."""
    seconds, fraction = divmod(ns, _NS)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds)) + f".{fraction:09d}"


def seconds_text(ns: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ns // _NS))


@dataclass
class ServiceTruth:
    requests: int = 0
    errors: int = 0
    durations_ns: array[int] = field(default_factory=lambda: array("q"))

    @property
    def error_rate(self) -> float:
        return self.errors / self.requests if self.requests else 0.0

    def quantile(self, q: float) -> float:
        """Exact sample quantile in ns, as ClickHouse's `quantileExact` picks it."""
        ordered = sorted(self.durations_ns)
        if not ordered:
            return 0.0
        return float(ordered[min(len(ordered) - 1, int(q * len(ordered)))])


@dataclass
class Truth:
    """What the generator wrote: per service (server spans), edges, and totals."""

    services: dict[str, ServiceTruth] = field(default_factory=lambda: defaultdict(ServiceTruth))
    edges: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    traces: int = 0
    spans: int = 0
    logs: int = 0
    first_ns: int = 0
    last_ns: int = 0

    def rate(self, service: str) -> float:
        """Server spans per second over the generated time range."""
        seconds = max((self.last_ns - self.first_ns) / _NS, 1e-9)
        return self.services[service].requests / seconds


@dataclass
class Batch:
    spans: list[Row] = field(default_factory=list)
    logs: list[Row] = field(default_factory=list)
    #: (service, pod, kind, peer, status_code, duration_ns) for the metrics of the same requests:
    #: kind "inbound" (a served request) or "outbound" (a call to `peer`).
    requests: list[tuple[str, str, str, str, int, int]] = field(default_factory=list)
    #: (status_code, method, duration_ns) of requests entering through the ingress.
    ingress: list[tuple[int, str, int]] = field(default_factory=list)


class SpanGenerator:
    def __init__(
        self,
        topology: Topology,
        spelling: Spelling,
        rng: random.Random,
        cluster: str = "sim",
        truth: Truth | None = None,
    ) -> None:
        self.spelling = spelling
        self.rng = rng
        self.cluster = cluster
        self.truth = truth
        self.follow(topology)

    def follow(self, topology: Topology) -> None:
        """Switch to a newer topology (pods replaced, scaled), from the next trace on."""
        self.topology = topology
        self._entry_ops = topology.entry_operations()
        self._entry_weights = [op.weight for op in self._entry_ops]

    def _id(self, bits: int) -> str:
        return f"{self.rng.getrandbits(bits):0{bits // 4}x}"

    def _self_ns(self, latency: Latency) -> int:
        ms = math.exp(self.rng.gauss(latency.mu, latency.sigma))
        return max(1000, int(ms * 1_000_000))

    def _resource(self, service: Service, pod: Pod) -> dict[str, str]:
        return {
            "host.name": pod.node,
            "k8s.cluster.name": self.cluster,
            "k8s.deployment.name": service.name,
            "k8s.namespace.name": service.namespace,
            "k8s.node.name": pod.node,
            "k8s.pod.ip": pod.ip,
            "k8s.pod.name": pod.name,
            "service.instance.id": pod.name,
            "service.name": service.name,
            "service.namespace": service.namespace,
            "telemetry.sdk.language": service.language,
        }

    def trace(self, start_ns: int, batch: Batch) -> None:
        """One whole trace starting at `start_ns`, appended to `batch`."""
        if not self._entry_ops:
            return
        operation = self.rng.choices(self._entry_ops, self._entry_weights)[0]
        trace_id = self._id(128)
        entry = self.topology.services[self.topology.entry]
        end_ns, status = self._serve(entry, operation.name, trace_id, "", start_ns, batch)
        method = operation.name.split(" ", 1)[0]
        batch.ingress.append((status, method, end_ns - start_ns))
        if self.truth is not None:
            truth = self.truth
            truth.traces += 1
            truth.first_ns = min(truth.first_ns or start_ns, start_ns)
            truth.last_ns = max(truth.last_ns, start_ns)

    def _serve(
        self,
        service: Service,
        operation_name: str,
        trace_id: str,
        parent_id: str,
        start_ns: int,
        batch: Batch,
    ) -> tuple[int, int]:
        """A server span and everything below it; returns (end_ns, HTTP status)."""
        rng = self.rng
        pod = rng.choice(service.pods)
        resource = self._resource(service, pod)
        span_id = self._id(64)
        own = self._self_ns(service.latency)
        cursor = start_ns + own // 3
        failed_child = False
        operation = service.operations.get(operation_name)
        for call in operation.calls if operation else ():
            if call.probability < 1 and rng.random() >= call.probability:
                continue
            cursor, ok = self._call(service, pod, resource, call, trace_id, span_id, cursor, batch)
            failed_child = failed_child or not ok
        end_ns = cursor + own - own // 3
        own_error = rng.random() < service.error_rate
        status = 500 if (own_error or failed_child) else 200
        method, _, route = operation_name.partition(" ")
        events: list[tuple[int, str, dict[str, str]]] = []
        if own_error:
            kind, message = _EXCEPTIONS.get(service.language, _EXCEPTIONS["go"])
            events.append(
                (
                    end_ns - 1000,
                    "exception",
                    {
                        "exception.message": message,
                        "exception.stacktrace": f"{kind}: {message}\n\tat {service.name}.handle",
                        "exception.type": kind,
                    },
                )
            )
        self._span(
            batch,
            trace_id,
            span_id,
            parent_id,
            operation_name,
            "Server",
            service,
            resource,
            {
                "http.request.method": method,
                "http.response.status_code": str(status),
                "http.route": route,
                "server.address": f"{service.name}.{service.namespace}",
                "server.port": str(service.port),
            },
            start_ns,
            end_ns,
            "Error" if status >= 500 else "Unset",
            "upstream failed" if failed_child and not own_error else "",
            events,
        )
        duration = end_ns - start_ns
        batch.requests.append((service.name, pod.name, "inbound", "", status, duration))
        slow = own > 4 * service.latency.median_ms * 1_000_000
        level = "ERROR" if status >= 500 else ("WARN" if slow else "INFO")
        body = f"{method} {route} {status} {duration / 1e6:.1f}ms"
        if own_error:
            body = f"{method} {route} failed: {events[0][2]['exception.message']}"
        self._log(batch, end_ns, trace_id, span_id, level, body, service, resource, route)
        if self.truth is not None:
            truth = self.truth.services[service.name]
            truth.requests += 1
            truth.errors += status >= 500
            truth.durations_ns.append(duration)
        return end_ns, status

    def _call(
        self,
        service: Service,
        pod: Pod,
        resource: dict[str, str],
        call: Call,
        trace_id: str,
        parent_id: str,
        start_ns: int,
        batch: Batch,
    ) -> tuple[int, bool]:
        span_id = self._id(64)
        if call.db_system:
            latency = self.topology.databases.get(call.target, Latency(1, 10))
            end_ns = start_ns + self._self_ns(latency)
            ok = self.rng.random() >= 0.001
            statement = call.operation
            self._span(
                batch,
                trace_id,
                span_id,
                parent_id,
                statement,
                "Client",
                service,
                resource,
                {
                    "db.operation.name": statement.split(" ", 1)[0],
                    "db.system": call.db_system,
                    "peer.service": call.target,
                    "server.address": call.target,
                },
                start_ns,
                end_ns,
                "Unset" if ok else "Error",
                "" if ok else "connection reset by peer",
                [],
            )
            status = 200 if ok else 500
        else:
            target = self.topology.services[call.target]
            network = int(self.rng.uniform(0.2, 1.0) * 1_000_000)
            child_end, status = self._serve(
                target, call.operation, trace_id, span_id, start_ns + network // 2, batch
            )
            end_ns = child_end + network // 2
            method, _, route = call.operation.partition(" ")
            self._span(
                batch,
                trace_id,
                span_id,
                parent_id,
                call.operation,
                "Client",
                service,
                resource,
                {
                    "http.request.method": method,
                    "http.response.status_code": str(status),
                    "peer.service": target.name,
                    "server.address": f"{target.name}.{target.namespace}",
                    "server.port": str(target.port),
                    "url.path": route,
                },
                start_ns,
                end_ns,
                "Error" if status >= 500 else "Unset",
                "",
                [],
            )
            batch.requests.append(
                (service.name, pod.name, "outbound", target.name, status, end_ns - start_ns)
            )
        if self.truth is not None:
            self.truth.edges[(service.name, call.target)] += 1
        return end_ns, status < 500

    def _span(
        self,
        batch: Batch,
        trace_id: str,
        span_id: str,
        parent_id: str,
        name: str,
        kind: str,
        service: Service,
        resource: dict[str, str],
        attributes: dict[str, str],
        start_ns: int,
        end_ns: int,
        status: str,
        message: str,
        events: list[tuple[int, str, dict[str, str]]],
    ) -> None:
        batch.spans.append(
            {
                "Timestamp": timestamp(start_ns),
                "TraceId": trace_id,
                "SpanId": span_id,
                "ParentSpanId": parent_id,
                "TraceState": "",
                "SpanName": name,
                "SpanKind": self.spelling.kinds[kind],
                "ServiceName": service.name,
                "ResourceAttributes": resource,
                "ScopeName": "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp",
                "ScopeVersion": "0.58.0",
                "SpanAttributes": attributes,
                "Duration": end_ns - start_ns,
                "StatusCode": self.spelling.statuses[status],
                "StatusMessage": message,
                "Events.Timestamp": [timestamp(e[0]) for e in events],
                "Events.Name": [e[1] for e in events],
                "Events.Attributes": [e[2] for e in events],
                "Links.TraceId": [],
                "Links.SpanId": [],
                "Links.TraceState": [],
                "Links.Attributes": [],
            }
        )
        if self.truth is not None:
            self.truth.spans += 1

    def _log(
        self,
        batch: Batch,
        at_ns: int,
        trace_id: str,
        span_id: str,
        level: str,
        body: str,
        service: Service,
        resource: dict[str, str],
        route: str,
    ) -> None:
        batch.logs.append(
            {
                "Timestamp": timestamp(at_ns),
                "TraceId": trace_id,
                "SpanId": span_id,
                "TraceFlags": 1,
                "SeverityText": level,
                "SeverityNumber": _SEVERITY[level],
                "ServiceName": service.name,
                "Body": body,
                "ResourceAttributes": {**resource, "k8s.container.name": service.name},
                "ScopeName": f"{service.name}/http",
                "LogAttributes": {"http.route": route, "log.iostream": "stdout"},
            }
        )
        if self.truth is not None:
            self.truth.logs += 1
