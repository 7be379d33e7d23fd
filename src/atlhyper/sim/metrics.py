"""`metrics.k8s.io/v1beta1`: NodeMetrics and PodMetrics from a usage model, for `kubectl top`.

Usage is a pure function of the pod's uid, its requests and the time: each pod sits at its own
fraction of what it requested (a default request when it has none) and drifts slowly along a
sine wave with a period of several minutes, so repeated `kubectl top` calls look alive but
plausible. A node's usage is its system overhead plus the sum of its running pods, which is what
metrics-server would report, and the HPA controller reads the same model.

A pod's requests are kept in the store's index (`requests`: "cpu,memory" in cores and bytes), so
summing a node's pods needs no decoding.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from atlhyper.sim import quantity
from atlhyper.sim.cluster import now_rfc3339
from atlhyper.sim.kinds import Registry
from atlhyper.sim.store import Entry, Store

Obj = dict[str, Any]

GROUP = "metrics.k8s.io"
VERSION = "v1beta1"
API_VERSION = f"{GROUP}/{VERSION}"
_DEFAULT_CPU = 0.1
_DEFAULT_MEMORY = 128 * 2**20
_NODE_CPU = 0.18
_NODE_MEMORY = 900 * 2**20
_WINDOW = "20.036s"


def pod_requests(obj: Obj) -> str:
    """The store index value: total CPU (cores) and memory (bytes) requested by a pod."""
    cpu = memory = 0.0
    for container in (obj.get("spec") or {}).get("containers") or []:
        if not isinstance(container, dict):
            continue
        requests = (container.get("resources") or {}).get("requests") or {}
        cpu += quantity.parse(requests.get("cpu"))
        memory += quantity.parse(requests.get("memory"))
    return f"{cpu:g},{memory:g}"


def _phase(uid: str) -> tuple[float, float, float]:
    digest = hashlib.blake2b(uid.encode(), digest_size=6).digest()
    return (
        0.15 + digest[0] / 255 * 0.55,  # share of the CPU request in use
        0.35 + digest[1] / 255 * 0.5,  # share of the memory request in use
        int.from_bytes(digest[2:6], "big") / 2**32 * 2 * math.pi,
    )


class UsageModel:
    def __init__(self, store: Store, registry: Registry, clock: Any = time.time) -> None:
        self._store = store
        self._pods = registry.by_kind("Pod")
        self._nodes = registry.by_kind("Node")
        self._clock = clock

    def pod_usage(self, entry: Entry) -> tuple[float, float]:
        """(cores, bytes) the pod uses now."""
        cpu_text, memory_text = entry.field(self._pods, "requests").split(",")
        cpu = float(cpu_text) or _DEFAULT_CPU
        memory = float(memory_text) or _DEFAULT_MEMORY
        cpu_share, memory_share, phase = _phase(entry.uid)
        wave = math.sin(self._clock() / 420 + phase)
        return cpu * cpu_share * (1 + 0.25 * wave), memory * memory_share * (1 + 0.05 * wave)

    def running(self, entry: Entry) -> bool:
        return entry.field(self._pods, "status.phase") == "Running"

    def node_usage(self) -> dict[str, tuple[float, float]]:
        totals: dict[str, tuple[float, float]] = {}
        for entry in self._store.entries(self._nodes):
            totals[entry.name] = (_NODE_CPU, _NODE_MEMORY)
        for pod in self._store.entries(self._pods):
            node = pod.field(self._pods, "spec.nodeName")
            if node in totals and self.running(pod):
                cpu, memory = self.pod_usage(pod)
                have = totals[node]
                totals[node] = (have[0] + cpu, have[1] + memory)
        return totals

    def node_metrics(self, entry: Entry, usage: tuple[float, float]) -> Obj:
        return {
            "kind": "NodeMetrics",
            "apiVersion": API_VERSION,
            "metadata": {
                "name": entry.name,
                "creationTimestamp": now_rfc3339(),
                "labels": entry.labels,
            },
            "timestamp": now_rfc3339(),
            "window": _WINDOW,
            "usage": {"cpu": quantity.nanocores(usage[0]), "memory": quantity.kibibytes(usage[1])},
        }

    def pod_metrics(self, entry: Entry) -> Obj:
        """Per-container usage: the pod's total split over its containers, first one heaviest."""
        containers = [
            c.get("name", "")
            for c in (entry.decode().get("spec") or {}).get("containers") or []
            if isinstance(c, dict)
        ]
        cpu, memory = self.pod_usage(entry)
        weights = [2.0 if i == 0 else 1.0 for i in range(len(containers))]
        total = sum(weights) or 1.0
        return {
            "kind": "PodMetrics",
            "apiVersion": API_VERSION,
            "metadata": {
                "name": entry.name,
                "namespace": entry.namespace,
                "creationTimestamp": now_rfc3339(),
                "labels": entry.labels,
            },
            "timestamp": now_rfc3339(),
            "window": _WINDOW,
            "containers": [
                {
                    "name": name,
                    "usage": {
                        "cpu": quantity.nanocores(cpu * weight / total),
                        "memory": quantity.kibibytes(memory * weight / total),
                    },
                }
                for name, weight in zip(containers, weights, strict=True)
            ],
        }


def resource_list() -> Obj:
    return {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": API_VERSION,
        "resources": [
            {
                "name": "nodes",
                "singularName": "",
                "namespaced": False,
                "kind": "NodeMetrics",
                "verbs": ["get", "list"],
            },
            {
                "name": "pods",
                "singularName": "",
                "namespaced": True,
                "kind": "PodMetrics",
                "verbs": ["get", "list"],
            },
        ],
    }
