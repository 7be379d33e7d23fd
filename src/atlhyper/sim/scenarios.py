"""The failure shapes `--scenario` injects, each as the manifests (or node state) that cause it.

Nothing is faked in status: a crash-looping Deployment runs a command that exits 1, the OOM one a
memory hog above its limit, the pull failure an image from an unresolvable registry, the
unschedulable one a request no node can fit, the pending claim a StorageClass that does not
exist, the probe failures a readiness probe on a port nothing listens on. The controllers and the
kubelet then produce the statuses and events a real cluster would. `node-notready` stops a
worker's kubelet from reporting, and `eviction-storm` puts workers under memory pressure in turn
(see `controllers.pressure`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from atlhyper.sim import manifests as m

Obj = dict[str, Any]


def _crashloop() -> list[Obj]:
    labels = m.app_labels("recommendations", "shop")
    template = m.pod_template(
        labels,
        [
            m.container(
                "recommendations",
                "ghcr.io/atlhyper/recommendations:0.3.1",
                8080,
                "100m",
                "128Mi",
                command=["sh", "-c", "echo connecting to postgres; sleep 4; exit 1"],
            )
        ],
    )
    return [m.deployment("shop", "recommendations", 1, template, labels)]


def _oom() -> list[Obj]:
    labels = m.app_labels("log-indexer", "observability")
    template = m.pod_template(
        labels,
        [
            m.container(
                "log-indexer",
                "ghcr.io/atlhyper/log-indexer:1.2.0",
                9200,
                "200m",
                "256Mi",
                command=["stress", "--vm", "1", "--vm-bytes", "400M", "--vm-hang", "0"],
            )
        ],
    )
    return [m.deployment("monitoring", "log-indexer", 1, template, labels)]


def _imagepull() -> list[Obj]:
    labels = m.app_labels("invoice-renderer", "payments")
    template = m.pod_template(
        labels,
        [
            m.container(
                "invoice-renderer",
                "registry.atlhyper.invalid/payments/invoice-renderer:2.4.0",
                8080,
                "100m",
                "128Mi",
            )
        ],
    )
    return [m.deployment("payments", "invoice-renderer", 1, template, labels)]


def _unschedulable() -> list[Obj]:
    labels = m.app_labels("ml-trainer", "shop")
    template = m.pod_template(
        labels, [m.container("trainer", "ghcr.io/atlhyper/ml-trainer:0.9.0", 0, "64", "200Gi")]
    )
    return [m.deployment("shop", "ml-trainer", 1, template, labels)]


def _pvc_pending() -> list[Obj]:
    labels = m.app_labels("ledger-archive", "payments")
    template = m.pod_template(
        labels,
        [m.container("archive", "ghcr.io/atlhyper/ledger-archive:1.0.3", 0, "50m", "64Mi")],
        volumes=[{"name": "data", "persistentVolumeClaim": {"claimName": "ledger-archive"}}],
    )
    return [
        m.claim("payments", "ledger-archive", "50Gi", "fast-ssd"),
        m.deployment("payments", "ledger-archive", 1, template, labels),
    ]


def _probe_failures() -> list[Obj]:
    labels = m.app_labels("search", "shop")
    template = m.pod_template(
        labels,
        [
            m.container(
                "search", "ghcr.io/atlhyper/search:3.1.0", 8080, "100m", "256Mi", probe_port=8081
            )
        ],
    )
    return [
        m.deployment("shop", "search", 2, template, labels),
        m.service("shop", "search", {"app": "search"}, 80, 8080),
    ]


def _eviction_storm() -> list[Obj]:
    labels = m.app_labels("image-resizer", "batch")
    template = m.pod_template(
        labels, [m.container("resizer", "ghcr.io/atlhyper/image-resizer:1.0.0")]
    )
    return [m.deployment("batch", "image-resizer", 6, template, labels)]


MANIFESTS: dict[str, Callable[[], list[Obj]]] = {
    "crashloop": _crashloop,
    "oom": _oom,
    "imagepull": _imagepull,
    "unschedulable": _unschedulable,
    "pvc-pending": _pvc_pending,
    "probe-failures": _probe_failures,
    "eviction-storm": _eviction_storm,
    "node-notready": list,
}


def manifests(scenarios: tuple[str, ...]) -> list[Obj]:
    return [obj for name in scenarios for obj in MANIFESTS[name]()]


def stop_reporting(node: Obj, since: str) -> None:
    """A node whose kubelet stopped posting status: Ready and the pressures become Unknown."""
    for condition in (node.get("status") or {}).get("conditions") or []:
        condition.update(
            status="Unknown",
            reason="NodeStatusUnknown",
            message="Kubelet stopped posting node status.",
            lastTransitionTime=since,
        )
