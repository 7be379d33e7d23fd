"""The cluster a sim starts with: `demo` (a small, believable shop) or `scale` (many teams).

Pods are named as their controllers would name them (`web-7d9c8b6f5-x2k4q` for a Deployment,
`redis-0` for a StatefulSet, `kube-proxy-4xk2p` for a DaemonSet, `etcd-control-plane-1` for a
static pod), with the matching labels and ownerReferences, so grouping by owner works as it would
against a real cluster. The same seed gives the same names.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from atlhyper.sim import objects
from atlhyper.sim.cluster import random_suffix
from atlhyper.sim.kinds import Registry
from atlhyper.sim.store import Store

Obj = dict[str, Any]

DEFAULT_COUNTS = {"demo": (3, None), "scale": (1000, 30000)}
SYSTEM_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
_TEAM_WORDS = (
    "api",
    "auth",
    "billing",
    "cart",
    "catalog",
    "checkout",
    "search",
    "orders",
    "ledger",
    "notify",
    "ingest",
    "render",
    "profile",
    "pricing",
    "inventory",
    "gateway",
    "reports",
)


@dataclass(frozen=True)
class Workload:
    namespace: str
    name: str
    #: Deployment, StatefulSet, DaemonSet or Static (a control-plane static pod).
    controller: str
    image: str
    replicas: int = 1
    port: int = 0
    cpu: str = ""
    memory: str = ""
    host_network: bool = False
    extra_labels: dict[str, str] = field(default_factory=dict)


_SYSTEM = (
    Workload(
        "kube-system",
        "etcd",
        "Static",
        "registry.k8s.io/etcd:3.5.16-0",
        cpu="100m",
        memory="100Mi",
        host_network=True,
    ),
    Workload(
        "kube-system",
        "kube-apiserver",
        "Static",
        "registry.k8s.io/kube-apiserver:v1.32.4",
        cpu="250m",
        host_network=True,
    ),
    Workload(
        "kube-system",
        "kube-controller-manager",
        "Static",
        "registry.k8s.io/kube-controller-manager:v1.32.4",
        cpu="200m",
        host_network=True,
    ),
    Workload(
        "kube-system",
        "kube-scheduler",
        "Static",
        "registry.k8s.io/kube-scheduler:v1.32.4",
        cpu="100m",
        host_network=True,
    ),
    Workload(
        "kube-system",
        "kube-proxy",
        "DaemonSet",
        "registry.k8s.io/kube-proxy:v1.32.4",
        host_network=True,
    ),
)
_DEMO_SYSTEM = (
    *_SYSTEM,
    Workload(
        "kube-system",
        "kindnet",
        "DaemonSet",
        "docker.io/kindest/kindnetd:v20241212",
        cpu="100m",
        memory="50Mi",
        host_network=True,
    ),
    Workload(
        "monitoring",
        "node-exporter",
        "DaemonSet",
        "quay.io/prometheus/node-exporter:v1.8.2",
        port=9100,
        cpu="50m",
        memory="64Mi",
        host_network=True,
    ),
)
_DEMO_APPS = (
    Workload(
        "kube-system",
        "coredns",
        "Deployment",
        "registry.k8s.io/coredns/coredns:v1.11.3",
        2,
        53,
        "100m",
        "70Mi",
    ),
    Workload(
        "kube-system",
        "metrics-server",
        "Deployment",
        "registry.k8s.io/metrics-server/metrics-server:v0.7.2",
        1,
        10250,
        "100m",
        "200Mi",
    ),
    Workload("shop", "web", "Deployment", "nginx:1.27", 3, 80, "100m", "128Mi"),
    Workload("shop", "cart", "Deployment", "ghcr.io/atlhyper/cart:1.4.2", 2, 8080, "200m", "256Mi"),
    Workload(
        "shop", "catalog", "Deployment", "ghcr.io/atlhyper/catalog:2.0.1", 2, 8080, "200m", "256Mi"
    ),
    Workload(
        "shop",
        "checkout",
        "Deployment",
        "ghcr.io/atlhyper/checkout:1.9.0",
        2,
        8080,
        "250m",
        "256Mi",
    ),
    Workload("shop", "redis", "StatefulSet", "redis:7.4", 1, 6379, "100m", "256Mi"),
    Workload(
        "payments",
        "payments-api",
        "Deployment",
        "ghcr.io/atlhyper/payments-api:3.2.0",
        2,
        8443,
        "250m",
        "512Mi",
    ),
    Workload(
        "payments",
        "fraud-detector",
        "Deployment",
        "ghcr.io/atlhyper/fraud-detector:0.8.1",
        1,
        9000,
        "500m",
        "1Gi",
    ),
    Workload("payments", "postgres", "StatefulSet", "postgres:16.4", 1, 5432, "500m", "1Gi"),
    Workload(
        "monitoring",
        "prometheus",
        "StatefulSet",
        "quay.io/prometheus/prometheus:v2.54.1",
        1,
        9090,
        "500m",
        "2Gi",
    ),
    Workload(
        "monitoring", "grafana", "Deployment", "grafana/grafana:11.2.0", 1, 3000, "100m", "256Mi"
    ),
    Workload(
        "monitoring",
        "otel-collector",
        "Deployment",
        "otel/opentelemetry-collector-contrib:0.110.0",
        1,
        4317,
        "200m",
        "400Mi",
    ),
)


def build(
    store: Store,
    registry: Registry,
    profile: str,
    nodes: int | None,
    pods: int | None,
    seed: int,
) -> None:
    """Load the starting cluster into `store` and seal its history."""
    rng = random.Random(seed)
    node_count, default_pods = DEFAULT_COUNTS[profile]
    node_count = node_count if nodes is None else nodes
    pod_target = pods if pods is not None else default_pods
    now = datetime.now(UTC)
    born = now - timedelta(days=3, hours=rng.randint(0, 20), minutes=rng.randint(0, 59))

    system: tuple[Workload, ...]
    if profile == "demo":
        system, apps = _DEMO_SYSTEM, list(_DEMO_APPS)
        app_namespaces = sorted({w.namespace for w in (*_DEMO_SYSTEM, *_DEMO_APPS)})
    else:
        system = _SYSTEM
        app_pods = (pod_target or 0) - len(list(_system_pods(system, [""] * node_count)))
        apps = list(_scale_apps(rng, max(app_pods, 0)))
        app_namespaces = sorted({w.namespace for w in apps})
    namespace_kind = registry.by_kind("Namespace")
    for name in sorted({*SYSTEM_NAMESPACES, *app_namespaces}):
        store.load(namespace_kind, objects.namespace_object(name, _ts(born), rng))

    width = max(len(str(node_count)), 1) if profile == "scale" else 0
    node_names = [_node_name(index, width) for index in range(node_count)]
    node_kind = registry.by_kind("Node")
    for index, name in enumerate(node_names):
        store.load(node_kind, objects.node_object(index, name, index == 0, _ts(born), rng))

    placer = _Placer(node_names)
    node_index = {name: index for index, name in enumerate(node_names)}
    pod_kind = registry.by_kind("Pod")
    planned = list(_system_pods(system, node_names))
    if pod_target is not None and profile == "demo":
        apps = _resize(apps, pod_target - len(planned))
    planned.extend(_app_pods(apps, rng))
    if pod_target is not None:
        planned = planned[:pod_target]
    for workload, name, labels, owner, node in planned:
        created = born + timedelta(minutes=rng.randint(1, 60 * 48))
        node = node or placer.next_worker()
        if not node:
            continue
        pod = objects.pod_object(
            workload.namespace,
            name,
            labels,
            [
                objects.container(
                    workload.name, workload.image, workload.cpu, workload.memory, workload.port
                )
            ],
            _ts(created),
            rng,
            owner,
            node,
        )
        if workload.host_network:
            pod["spec"]["hostNetwork"] = True
        if workload.controller != "Deployment":
            pod["spec"]["tolerations"] = [{"operator": "Exists"}]
        index = node_index[node]
        host_ip = objects.node_ip(index)
        pod_ip = host_ip if workload.host_network else placer.pod_ip(node, index)
        objects.running(pod, host_ip, pod_ip, _ts(created + timedelta(seconds=4)), rng)
        store.load(pod_kind, pod)
    store.seal()


Planned = tuple[Workload, str, dict[str, str], tuple[str, str, str] | None, str]


def _system_pods(system: tuple[Workload, ...], nodes: list[str]) -> Iterator[Planned]:
    if not nodes:
        return
    for workload in system:
        if workload.controller == "Static":
            labels = {"component": workload.name, "tier": "control-plane"}
            owner = ("v1", "Node", nodes[0])
            yield workload, f"{workload.name}-{nodes[0]}", labels, owner, nodes[0]
    rng = random.Random(len(nodes))
    for workload in system:
        if workload.controller != "DaemonSet":
            continue
        revision = f"{rng.getrandbits(36):09x}"[:9]
        for node in nodes:
            labels = {
                "app.kubernetes.io/name": workload.name,
                "controller-revision-hash": revision,
                "k8s-app": workload.name,
                "pod-template-generation": "1",
            }
            owner = ("apps/v1", "DaemonSet", workload.name)
            yield workload, f"{workload.name}-{random_suffix(rng)}", labels, owner, node


def _app_pods(apps: list[Workload], rng: random.Random) -> Iterator[Planned]:
    for workload in apps:
        labels = {
            "app": workload.name,
            "app.kubernetes.io/name": workload.name,
            **workload.extra_labels,
        }
        if workload.controller == "StatefulSet":
            revision = f"{workload.name}-{random_suffix(rng, 10)}"
            owner = ("apps/v1", "StatefulSet", workload.name)
            for index in range(workload.replicas):
                pod = f"{workload.name}-{index}"
                yield (
                    workload,
                    pod,
                    {
                        **labels,
                        "apps.kubernetes.io/pod-index": str(index),
                        "controller-revision-hash": revision,
                        "statefulset.kubernetes.io/pod-name": pod,
                    },
                    owner,
                    "",
                )
            continue
        template_hash = random_suffix(rng, rng.choice((9, 10)))
        replica_set = f"{workload.name}-{template_hash}"
        owner = ("apps/v1", "ReplicaSet", replica_set)
        for _ in range(workload.replicas):
            yield (
                workload,
                f"{replica_set}-{random_suffix(rng)}",
                {
                    **labels,
                    "pod-template-hash": template_hash,
                },
                owner,
                "",
            )


def _resize(apps: list[Workload], total: int) -> list[Workload]:
    """Spread `total` replicas over `apps` one at a time, so every workload keeps a share."""
    if total <= 0 or not apps:
        return []
    counts = [0] * len(apps)
    for index in itertools.islice(itertools.cycle(range(len(apps))), total):
        counts[index] += 1
    return [
        Workload(**{**w.__dict__, "replicas": count})
        for w, count in zip(apps, counts, strict=True)
        if count
    ]


def _scale_apps(rng: random.Random, total: int) -> Iterator[Workload]:
    teams = max(1, total // 1500)
    produced = 0
    for number in itertools.count():
        if produced >= total:
            return
        replicas = min(rng.choice((2, 3, 5, 8, 10, 20)), total - produced)
        word = _TEAM_WORDS[number % len(_TEAM_WORDS)]
        yield Workload(
            f"team-{number % teams:02d}",
            f"{word}-{number}",
            "Deployment",
            f"ghcr.io/atlhyper/{word}:1.{number % 10}.0",
            replicas,
            8080,
            "100m",
            "128Mi",
            extra_labels={"team": f"team-{number % teams:02d}"},
        )
        produced += replicas


class _Placer:
    """Round-robin placement over workers (the control plane only when alone) and pod IPs."""

    def __init__(self, nodes: list[str]) -> None:
        self._workers = nodes[1:] or nodes
        self._cycle = itertools.cycle(self._workers) if self._workers else None
        self._next_host: dict[str, int] = {}

    def next_worker(self) -> str:
        return next(self._cycle) if self._cycle is not None else ""

    def pod_ip(self, node: str, index: int) -> str:
        host = self._next_host.get(node, 0)
        self._next_host[node] = host + 1
        return objects.pod_ip_in(objects.pod_cidr(index), host)


def _node_name(index: int, width: int) -> str:
    if index == 0:
        return "control-plane-1"
    return f"worker-{index:0{width}d}" if width else f"worker-{index}"


def _ts(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
