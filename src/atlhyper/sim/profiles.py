"""The cluster a sim starts with: `demo` (a small production cluster) or `scale` (many teams).

`demo` is a kind-style cluster (one control plane, two workers) running a shop: kube-system with
its static pods, kube-proxy, kindnet, CoreDNS and metrics-server; a monitoring stack; the shop
and payments apps with Services, an Ingress, ConfigMaps, Secrets, PVCs, an HPA, budgets, a
NetworkPolicy, quotas; and CronJobs in `batch`. `scale` is many team namespaces of Deployments
over up to 5,000 nodes. Scenarios add their manifests on top. Pods are named as their controllers
name them, and the same seed gives the same cluster.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from atlhyper.sim import manifests as m
from atlhyper.sim import objects, scenarios
from atlhyper.sim.kinds import Registry
from atlhyper.sim.loader import Loader, Placer, stamp
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
_K8S = "registry.k8s.io"
_STATIC = (
    ("etcd", f"{_K8S}/etcd:3.5.16-0", "100m", "100Mi"),
    ("kube-apiserver", f"{_K8S}/kube-apiserver:{objects.KUBE_VERSION}", "250m", ""),
    (
        "kube-controller-manager",
        f"{_K8S}/kube-controller-manager:{objects.KUBE_VERSION}",
        "200m",
        "",
    ),
    ("kube-scheduler", f"{_K8S}/kube-scheduler:{objects.KUBE_VERSION}", "100m", ""),
)


def _daemon(
    namespace: str, name: str, image: str, cpu: str = "", memory: str = "", port: int = 0
) -> Obj:
    labels = {"k8s-app": name, "app.kubernetes.io/name": name}
    template = m.pod_template(
        labels,
        [m.container(name, image, port, cpu, memory)],
        hostNetwork=True,
        tolerations=[{"operator": "Exists"}],
        priorityClassName="system-node-critical",
    )
    return m.daemonset(namespace, name, template, labels)


def _app(
    namespace: str,
    name: str,
    image: str,
    replicas: int,
    port: int,
    cpu: str,
    memory: str,
    part_of: str = "",
) -> Obj:
    labels = m.app_labels(name, part_of or namespace)
    template = m.pod_template(labels, [m.container(name, image, port, cpu, memory)])
    return m.deployment(namespace, name, replicas, template, labels)


def _stateful(
    namespace: str, name: str, image: str, port: int, cpu: str, memory: str, size: str
) -> Obj:
    labels = m.app_labels(name, namespace)
    template = m.pod_template(labels, [m.container(name, image, port, cpu, memory)])
    return m.statefulset(namespace, name, 1, template, labels, claim_size=size)


def _demo_apps() -> list[Obj]:
    return [
        _app("kube-system", "coredns", f"{_K8S}/coredns/coredns:v1.11.3", 2, 53, "100m", "70Mi"),
        _app(
            "kube-system",
            "metrics-server",
            f"{_K8S}/metrics-server/metrics-server:v0.7.2",
            1,
            10250,
            "100m",
            "200Mi",
        ),
        _app("shop", "web", "nginx:1.27", 3, 80, "100m", "128Mi"),
        _app("shop", "cart", "ghcr.io/atlhyper/cart:1.4.2", 2, 8080, "200m", "256Mi"),
        _app("shop", "catalog", "ghcr.io/atlhyper/catalog:2.0.1", 2, 8080, "200m", "256Mi"),
        _app("shop", "checkout", "ghcr.io/atlhyper/checkout:1.9.0", 2, 8080, "250m", "256Mi"),
        _app(
            "payments",
            "payments-api",
            "ghcr.io/atlhyper/payments-api:3.2.0",
            2,
            8443,
            "250m",
            "512Mi",
        ),
        _app(
            "payments",
            "fraud-detector",
            "ghcr.io/atlhyper/fraud-detector:0.8.1",
            1,
            9000,
            "500m",
            "1Gi",
        ),
        _app("monitoring", "grafana", "grafana/grafana:11.2.0", 1, 3000, "100m", "256Mi"),
        _app(
            "monitoring",
            "otel-collector",
            "otel/opentelemetry-collector-contrib:0.110.0",
            1,
            4317,
            "200m",
            "400Mi",
        ),
    ]


def _demo_statefulsets() -> list[Obj]:
    return [
        _stateful("shop", "redis", "redis:7.4", 6379, "100m", "256Mi", "2Gi"),
        _stateful("payments", "postgres", "postgres:16.4", 5432, "500m", "1Gi", "20Gi"),
        _stateful(
            "monitoring",
            "prometheus",
            "quay.io/prometheus/prometheus:v2.54.1",
            9090,
            "500m",
            "2Gi",
            "50Gi",
        ),
    ]


def _demo_config() -> list[Obj]:
    """Services, config, policy and storage objects around the demo's apps."""
    services = [
        m.service("shop", name, {"app": name}, port, target)
        for name, port, target in (
            ("web", 80, 80),
            ("cart", 8080, 8080),
            ("catalog", 8080, 8080),
            ("checkout", 8080, 8080),
        )
    ]
    services += [
        m.service("shop", "redis", {"app": "redis"}, 6379, headless=True),
        m.service("payments", "payments-api", {"app": "payments-api"}, 443, 8443),
        m.service("payments", "postgres", {"app": "postgres"}, 5432, headless=True),
        m.service("monitoring", "grafana", {"app": "grafana"}, 80, 3000),
        m.service("monitoring", "prometheus", {"app": "prometheus"}, 9090),
        m.service("monitoring", "otel-collector", {"app": "otel-collector"}, 4317),
    ]
    dns = m.service("kube-system", "kube-dns", {"app": "coredns"}, 53)
    dns["spec"]["clusterIP"] = "10.96.0.10"
    dns["metadata"]["labels"] = {"k8s-app": "kube-dns", "kubernetes.io/name": "CoreDNS"}
    return [
        *services,
        dns,
        m.ingress("shop", "web", "shop.example.com", "web", 80),
        m.hpa("shop", "web", 3, 10, 70),
        m.pdb("shop", "web", "web", 2),
        m.pdb("payments", "payments-api", "payments-api", 1),
        m.configmap(
            "shop", "web-config", {"nginx.conf": "worker_processes auto;\n", "LOG_LEVEL": "info"}
        ),
        m.configmap("payments", "payments-api", {"CURRENCY": "EUR", "TIMEOUT": "5s"}),
        m.secret(
            "payments",
            "postgres-credentials",
            {"username": "cGF5bWVudHM=", "password": "czNjcjN0LXBhc3M="},
        ),
        m.secret(
            "shop",
            "web-tls",
            {"tls.crt": "LS0tLS1CRUdJTg==", "tls.key": "LS0tLS1CRUdJTg=="},
            "kubernetes.io/tls",
        ),
        m.network_policy("payments", "allow-from-shop", "payments-api", "shop"),
        m.quota(
            "shop",
            {"requests.cpu": "8", "requests.memory": "16Gi", "limits.memory": "32Gi"},
            {"requests.cpu": "1950m", "requests.memory": "2432Mi", "limits.memory": "2432Mi"},
        ),
        m.limit_range("shop"),
        m.cronjob(
            "batch",
            "nightly-report",
            "0 2 * * *",
            "ghcr.io/atlhyper/reports:1.1.0",
            ["sh", "-c", "generate-report --date yesterday; sleep 20"],
        ),
        m.cronjob(
            "batch",
            "cache-warmer",
            "*/5 * * * *",
            "curlimages/curl:8.10.1",
            ["sh", "-c", "curl -s http://web.shop/ > /dev/null; sleep 3"],
        ),
    ]


def build(
    store: Store,
    registry: Registry,
    profile: str,
    nodes: int | None,
    pods: int | None,
    rng: random.Random,
    active_scenarios: tuple[str, ...] = (),
) -> None:
    """Load the starting cluster into `store` and seal its history.

    `rng` is the generator the running cluster goes on drawing uids and name suffixes from: a
    second generator with the same seed would replay the loaded objects' uids for the objects
    created later, and two owners with one uid adopt each other's dependents.
    """
    node_count, default_pods = DEFAULT_COUNTS[profile]
    node_count = node_count if nodes is None else nodes
    pod_target = pods if pods is not None else default_pods
    now = datetime.now(UTC)
    born = now - timedelta(days=3, hours=rng.randint(0, 20), minutes=rng.randint(0, 59))
    loader = Loader(store, registry, rng, born)

    width = max(len(str(node_count)), 1) if profile == "scale" else 0
    node_names = [_node_name(index, width) for index in range(node_count)]
    loader.placer = Placer(node_names)
    extra = scenarios.manifests(active_scenarios)
    if profile == "demo":
        apps = _demo_apps()
        system_pods = len(_STATIC) + 3 * len(node_names) + len(_demo_statefulsets())
        if pod_target is not None:
            apps = _resize(apps, max(pod_target - system_pods, 0))
        namespaces = {*SYSTEM_NAMESPACES, "shop", "payments", "monitoring", "batch"}
    else:
        apps = list(_scale_apps(rng, max((pod_target or 0) - len(_STATIC) - node_count, 0)))
        namespaces = {*SYSTEM_NAMESPACES, *(a["metadata"]["namespace"] for a in apps)}
    namespaces |= {obj["metadata"]["namespace"] for obj in extra if "namespace" in obj["metadata"]}
    for name in sorted(namespaces):
        loader.add(objects.namespace_object(name, stamp(born), rng))
        loader.add(m.service_account(name))
        loader.add(m.configmap(name, "kube-root-ca.crt", {"ca.crt": "-----BEGIN CERTIFICATE-----"}))
    for index, name in enumerate(node_names):
        node = objects.node_object(index, name, index == 0, stamp(born), rng)
        if "node-notready" in active_scenarios and index == len(node_names) - 1 and index > 0:
            scenarios.stop_reporting(node, stamp(now - timedelta(minutes=3)))
        store.load(registry.by_kind("Node"), node)
        loader.add(_lease(node, stamp(now - timedelta(seconds=rng.randint(1, 9)))), born)
    if node_names:
        for name, image, cpu, memory in _STATIC:
            loader.static_pod(
                "kube-system", name, m.container(name, image, 0, cpu, memory), node_names[0]
            )
    _kubernetes_service(loader, node_names)
    loader.running_daemonset(
        _daemon("kube-system", "kube-proxy", f"{_K8S}/kube-proxy:{objects.KUBE_VERSION}"),
        node_names,
    )
    if profile == "demo":
        loader.add(m.storage_class("standard", "rancher.io/local-path", True), born)
        loader.running_daemonset(
            _daemon(
                "kube-system", "kindnet", "docker.io/kindest/kindnetd:v20241212", "100m", "50Mi"
            ),
            node_names,
        )
        loader.running_daemonset(
            _daemon(
                "monitoring",
                "node-exporter",
                "quay.io/prometheus/node-exporter:v1.8.2",
                "50m",
                "64Mi",
                9100,
            ),
            node_names,
        )
        for sts in _demo_statefulsets():
            loader.running_statefulset(sts)
        for obj in _demo_config():
            loader.add(obj, loader.created())
    for app in apps:
        loader.running_deployment(app)
    for obj in extra:
        loader.add(obj, now - timedelta(minutes=2))
    store.seal()


def _lease(node: Obj, renewed: str) -> Obj:
    """The kubelet's heartbeat Lease in kube-node-lease, which `kubectl describe node` shows."""
    name = node["metadata"]["name"]
    return {
        "kind": "Lease",
        "metadata": {
            "name": name,
            "namespace": "kube-node-lease",
            "ownerReferences": [
                {"apiVersion": "v1", "kind": "Node", "name": name, "uid": node["metadata"]["uid"]}
            ],
        },
        "spec": {
            "holderIdentity": name,
            "leaseDurationSeconds": 40,
            "renewTime": renewed.replace("Z", ".000000Z"),
        },
    }


def _kubernetes_service(loader: Loader, nodes: list[str]) -> None:
    service = m.service("default", "kubernetes", {}, 443, 6443)
    service["spec"].pop("selector")
    service["spec"]["clusterIP"] = "10.96.0.1"
    service["spec"]["ports"][0]["name"] = "https"
    service["metadata"]["labels"] = {"component": "apiserver", "provider": "kubernetes"}
    loader.add(service)
    if nodes:
        loader.add(
            {
                "kind": "Endpoints",
                "metadata": {
                    "name": "kubernetes",
                    "namespace": "default",
                    "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"},
                },
                "subsets": [
                    {
                        "addresses": [{"ip": objects.node_ip(0)}],
                        "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}],
                    }
                ],
            }
        )


def _resize(apps: list[Obj], total: int) -> list[Obj]:
    """Spread `total` replicas over `apps` one at a time, so every workload keeps a share."""
    if total <= 0 or not apps:
        return []
    counts = [0] * len(apps)
    for index in itertools.islice(itertools.cycle(range(len(apps))), total):
        counts[index] += 1
    resized = []
    for app, count in zip(apps, counts, strict=True):
        if count:
            app["spec"]["replicas"] = count
            resized.append(app)
    return resized


def _scale_apps(rng: random.Random, total: int) -> Iterator[Obj]:
    teams = max(1, total // 1500)
    produced = 0
    for number in itertools.count():
        if produced >= total:
            return
        replicas = min(rng.choice((2, 3, 5, 8, 10, 20)), total - produced)
        word = _TEAM_WORDS[number % len(_TEAM_WORDS)]
        team = f"team-{number % teams:02d}"
        app = _app(
            team,
            f"{word}-{number}",
            f"ghcr.io/atlhyper/{word}:1.{number % 10}.0",
            replicas,
            8080,
            "100m",
            "128Mi",
            team,
        )
        app["metadata"]["labels"]["team"] = team
        app["spec"]["template"]["metadata"]["labels"]["team"] = team
        yield app
        produced += replicas


def _node_name(index: int, width: int) -> str:
    if index == 0:
        return "control-plane-1"
    return f"worker-{index:0{width}d}" if width else f"worker-{index}"
