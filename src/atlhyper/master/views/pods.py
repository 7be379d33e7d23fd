"""Pod rows for the pods table, with usage from metrics.k8s.io against requests and limits."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from atlhyper.master.views.common import NamespacedRow, percent
from atlhyper.master.views.paging import Listing
from atlhyper.model import Pod, PodUsage


class PodRow(NamespacedRow):
    status: str
    phase: str
    ready: str
    restarts: int
    node: str
    pod_ip: str
    created_at: str
    owner: str = ""  # "ReplicaSet/web-abc"
    cpu_request_millicores: int = 0
    cpu_limit_millicores: int = 0
    memory_request_bytes: int = 0
    memory_limit_bytes: int = 0
    cpu_usage_millicores: int | None = None  # None: metrics.k8s.io not served or no sample
    memory_usage_bytes: int | None = None
    cpu_request_percent: float | None = None
    cpu_limit_percent: float | None = None
    memory_request_percent: float | None = None
    memory_limit_percent: float | None = None


class PodPage(msgspec.Struct, rename="camel"):
    items: list[PodRow]
    total: int
    limit: int
    offset: int


def _usage_percent(usage: int | None, of: int) -> float | None:
    return None if usage is None else percent(usage, of)


def pod_rows(
    cluster_id: str,
    cluster_name: str,
    pods: list[Pod],
    usage: Mapping[str, PodUsage] | None = None,
) -> list[PodRow]:
    """`usage` is keyed `namespace/name`. Requests and limits sum the app containers."""
    usage = usage or {}
    rows = []
    for pod in pods:
        app = [c for c in pod.containers if not c.init]
        cpu_request = sum(c.cpu_request_millicores for c in app)
        cpu_limit = sum(c.cpu_limit_millicores for c in app)
        memory_request = sum(c.memory_request_bytes for c in app)
        memory_limit = sum(c.memory_limit_bytes for c in app)
        sample = usage.get(f"{pod.namespace}/{pod.name}")
        cpu = sample.cpu_millicores if sample else None
        memory = sample.memory_bytes if sample else None
        rows.append(
            PodRow(
                cluster=cluster_id,
                cluster_name=cluster_name,
                uid=pod.uid,
                namespace=pod.namespace,
                name=pod.name,
                status=pod.status,
                phase=pod.phase,
                ready=f"{pod.ready_containers}/{pod.total_containers}",
                restarts=pod.restarts,
                node=pod.node_name,
                pod_ip=pod.pod_ip,
                created_at=pod.created_at,
                owner=f"{pod.owner_kind}/{pod.owner_name}" if pod.owner_kind else "",
                cpu_request_millicores=cpu_request,
                cpu_limit_millicores=cpu_limit,
                memory_request_bytes=memory_request,
                memory_limit_bytes=memory_limit,
                cpu_usage_millicores=cpu,
                memory_usage_bytes=memory,
                cpu_request_percent=_usage_percent(cpu, cpu_request),
                cpu_limit_percent=_usage_percent(cpu, cpu_limit),
                memory_request_percent=_usage_percent(memory, memory_request),
                memory_limit_percent=_usage_percent(memory, memory_limit),
            )
        )
    return rows


POD_LISTING: Listing[PodRow] = Listing(
    default_sort="namespace",
    sort_keys={
        "name": lambda row: (row.name, row.namespace),
        "namespace": lambda row: (row.namespace, row.name),
        "status": lambda row: (row.status, row.namespace, row.name),
        "restarts": lambda row: (row.restarts, row.namespace, row.name),
        "node": lambda row: (row.node, row.namespace, row.name),
        "age": lambda row: (row.created_at, row.namespace, row.name),
        "cluster": lambda row: (row.cluster_name, row.namespace, row.name),
        "cpu": lambda row: (row.cpu_usage_millicores or 0, row.namespace, row.name),
        "memory": lambda row: (row.memory_usage_bytes or 0, row.namespace, row.name),
    },
    filters={
        "namespace": lambda row: row.namespace,
        "status": lambda row: row.status,
        "node": lambda row: row.node,
    },
    search_text=lambda row: f"{row.name} {row.namespace} {row.node} {row.pod_ip}".lower(),
)
