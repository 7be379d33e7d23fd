"""Who calls whom in the generated traces, and where each service runs.

The model follows the demo profile's shop: the ingress sends traffic to `shop/web`, which calls
`catalog`, `cart` and `checkout`; `checkout` calls `cart` and `payments/payments-api`, which asks
`fraud-detector` and writes to `postgres`; `cart` and `catalog` use `redis`. Services whose
workload has no running pod are dropped with the calls to them (and without `web` there is no
traffic). Clusters without any of these workloads get a chain of their first Deployments, so the
generator works on any profile.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from atlhyper.sim.kinds import Registry
from atlhyper.sim.store import Store


@dataclass(frozen=True, slots=True)
class Call:
    """One downstream call made while serving an operation."""

    target: str  # a service name, or a database's peer name
    operation: str  # the target's operation (HTTP route) or the DB statement
    probability: float = 1.0
    db_system: str = ""  # "postgresql", "redis": a database call without a server span


@dataclass(frozen=True, slots=True)
class Operation:
    name: str  # "GET /products"
    calls: tuple[Call, ...] = ()
    weight: float = 1.0  # share among the entry operations (root traffic only)


@dataclass(frozen=True, slots=True)
class Latency:
    """Own (self) time of a span in milliseconds: lognormal with this median and p99."""

    median_ms: float
    p99_ms: float

    @property
    def sigma(self) -> float:
        return math.log(self.p99_ms / self.median_ms) / 2.3263478740408408

    @property
    def mu(self) -> float:
        return math.log(self.median_ms)


@dataclass(frozen=True, slots=True)
class Pod:
    name: str
    ip: str
    node: str


@dataclass
class Service:
    name: str
    namespace: str
    port: int
    latency: Latency
    error_rate: float  # probability that the service itself fails a request
    operations: dict[str, Operation]
    pods: list[Pod] = field(default_factory=list)
    language: str = "go"


@dataclass(frozen=True, slots=True)
class Node:
    name: str
    ip: str
    cpus: int
    memory_bytes: int


@dataclass
class Topology:
    services: dict[str, Service]
    entry: str  # the service the ingress routes to
    ingress_host: str
    nodes: list[Node]
    databases: dict[str, Latency] = field(default_factory=dict)

    def entry_operations(self) -> list[Operation]:
        """The ingress's routes (none while the entry service has no running pod)."""
        entry = self.services.get(self.entry)
        return list(entry.operations.values()) if entry else []

    def edges(self) -> set[tuple[str, str]]:
        """Every (caller, callee) pair some trace can contain, databases included."""
        found = set()
        for service in self.services.values():
            for operation in service.operations.values():
                for call in operation.calls:
                    found.add((service.name, call.target))
        return found


def _http(path: str, *calls: Call, weight: float = 1.0) -> Operation:
    return Operation(path, calls, weight)


_DEMO_SERVICES: tuple[tuple[str, str, int, Latency, float, tuple[Operation, ...]], ...] = (
    (
        "web",
        "shop",
        80,
        Latency(4, 20),
        0.002,
        (
            _http("GET /", Call("catalog", "GET /products"), weight=5),
            _http("GET /product/{id}", Call("catalog", "GET /products/{id}"), weight=3),
            _http("POST /cart", Call("cart", "POST /items"), weight=2),
            _http("POST /checkout", Call("checkout", "POST /orders"), weight=1),
        ),
    ),
    (
        "catalog",
        "shop",
        8080,
        Latency(12, 80),
        0.005,
        (
            _http("GET /products", Call("redis", "GET", db_system="redis")),
            _http(
                "GET /products/{id}",
                Call("redis", "GET", db_system="redis"),
                Call("postgres", "SELECT products", 0.3, db_system="postgresql"),
            ),
        ),
    ),
    (
        "cart",
        "shop",
        8080,
        Latency(6, 40),
        0.004,
        (
            _http("POST /items", Call("redis", "HSET", db_system="redis")),
            _http("GET /items", Call("redis", "HGETALL", db_system="redis")),
        ),
    ),
    (
        "checkout",
        "shop",
        8080,
        Latency(20, 150),
        0.01,
        (
            _http(
                "POST /orders",
                Call("cart", "GET /items"),
                Call("payments-api", "POST /charges"),
            ),
        ),
    ),
    (
        "payments-api",
        "payments",
        8443,
        Latency(30, 250),
        0.02,
        (
            _http(
                "POST /charges",
                Call("fraud-detector", "POST /score"),
                Call("postgres", "INSERT charges", db_system="postgresql"),
            ),
        ),
    ),
    ("fraud-detector", "payments", 9000, Latency(45, 400), 0.01, (_http("POST /score"),)),
)
_DEMO_DATABASES = {"redis": Latency(0.6, 4), "postgres": Latency(3, 40)}


def _ready_pods(store: Store, registry: Registry, namespace: str, app: str) -> list[Pod]:
    pods = []
    for entry in store.entries(registry.by_kind("Pod"), namespace):
        obj: dict[str, Any] = entry.decode()
        labels = obj.get("metadata", {}).get("labels", {})
        if labels.get("app") != app and labels.get("app.kubernetes.io/name") != app:
            continue
        status = obj.get("status", {})
        if status.get("phase") != "Running" or not status.get("podIP"):
            continue
        pods.append(
            Pod(
                obj["metadata"]["name"],
                status.get("podIP", ""),
                obj.get("spec", {}).get("nodeName", ""),
            )
        )
    return sorted(pods, key=lambda pod: pod.name)


def _nodes(store: Store, registry: Registry) -> list[Node]:
    nodes = []
    for entry in store.entries(registry.by_kind("Node")):
        obj: dict[str, Any] = entry.decode()
        status = obj.get("status", {})
        ip = next(
            (a["address"] for a in status.get("addresses", []) if a.get("type") == "InternalIP"),
            "",
        )
        capacity = status.get("capacity", {})
        cpus = int(str(capacity.get("cpu", "2")).rstrip("m") or 2)
        memory = str(capacity.get("memory", "8Gi"))
        memory_bytes = int(memory[:-2]) * 1024 if memory.endswith("Ki") else 8 * 1024**3
        nodes.append(Node(obj["metadata"]["name"], ip, cpus, memory_bytes))
    return sorted(nodes, key=lambda node: node.name)


def from_store(store: Store, registry: Registry) -> Topology:
    """The demo model restricted to the workloads `store` runs (or a chain of Deployments)."""
    services: dict[str, Service] = {}
    for name, namespace, port, latency, error_rate, operations in _DEMO_SERVICES:
        pods = _ready_pods(store, registry, namespace, name)
        if pods:
            ops = {op.name: op for op in operations}
            services[name] = Service(name, namespace, port, latency, error_rate, ops, pods)
    nodes = _nodes(store, registry)
    if services:
        known = set(services) | set(_DEMO_DATABASES)
        for service in services.values():
            service.operations = {
                name: Operation(op.name, tuple(c for c in op.calls if c.target in known), op.weight)
                for name, op in service.operations.items()
            }
        return Topology(services, "web", "shop.example.com", nodes, dict(_DEMO_DATABASES))
    return _chain(store, registry, nodes)


def _chain(store: Store, registry: Registry, nodes: list[Node]) -> Topology:
    services: dict[str, Service] = {}
    for entry in store.entries(registry.by_kind("Deployment")):
        if len(services) == 6:
            break
        obj: dict[str, Any] = entry.decode()
        namespace, name = obj["metadata"]["namespace"], obj["metadata"]["name"]
        if namespace == "kube-system":
            continue
        pods = _ready_pods(store, registry, namespace, name)
        if pods:
            latency = Latency(5 + 5 * len(services), 40 + 30 * len(services))
            services[name] = Service(name, namespace, 8080, latency, 0.01, {}, pods)
    names = list(services)
    for index, name in enumerate(names):
        calls = (Call(names[index + 1], "GET /work"),) if index + 1 < len(names) else ()
        services[name].operations = {"GET /work": Operation("GET /work", calls)}
    first = names[0] if names else ""
    return Topology(services, first, f"{first}.example.com", nodes)


def demo_topology() -> Topology:
    """The model of a fresh sim running the demo profile (tests and benches)."""
    from atlhyper.sim import profiles  # the profile builder is heavy; only this needs it
    from atlhyper.sim.catalog import builtin_kinds

    registry = Registry(builtin_kinds())
    store = Store(registry, 1000)
    profiles.build(store, registry, "demo", None, None, random.Random(1), ())
    return from_store(store, registry)
