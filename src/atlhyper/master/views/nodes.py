"""Node rows for the nodes table, with usage and the requests of the pods placed on each node."""

from __future__ import annotations

import msgspec

from atlhyper.master.views.common import ClusterScopedRow, percent
from atlhyper.master.views.paging import Listing
from atlhyper.model import Node, NodeUsage, Pod


class NodeRow(ClusterScopedRow):
    status: str
    roles: str
    version: str
    internal_ip: str
    cpu_cores: float
    memory_bytes: int
    pod_count: int
    created_at: str
    cpu_allocatable_millicores: int = 0
    memory_allocatable_bytes: int = 0
    cpu_requests_millicores: int = 0  # of the pods on the node that still run or wait
    memory_requests_bytes: int = 0
    cpu_requests_percent: float | None = None  # of allocatable
    memory_requests_percent: float | None = None
    cpu_usage_millicores: int | None = None  # None: metrics.k8s.io not served or no sample
    memory_usage_bytes: int | None = None
    cpu_usage_percent: float | None = None  # of allocatable
    memory_usage_percent: float | None = None


class NodePage(msgspec.Struct, rename="camel"):
    items: list[NodeRow]
    total: int
    limit: int
    offset: int


def node_status(node: Node) -> str:
    """The STATUS column of `kubectl get nodes`."""
    status = "Ready" if node.ready == "True" else "NotReady"
    return f"{status},SchedulingDisabled" if node.unschedulable else status


def pod_on_node(pod: Pod) -> tuple[int, int, int]:
    """What a pod adds to its node's row: one pod, and its app containers' requests while it
    still runs or waits."""
    if pod.phase in ("Succeeded", "Failed"):
        return (1, 0, 0)
    cpu = memory = 0
    for c in pod.containers:
        if not c.init:
            cpu += c.cpu_request_millicores
            memory += c.memory_request_bytes
    return (1, cpu, memory)


def node_row(
    cluster_id: str,
    cluster_name: str,
    node: Node,
    sample: NodeUsage | None,
    pods: tuple[int, ...],
) -> NodeRow:
    """`pods`: the sums of `pod_on_node` over the pods on the node (count, CPU, memory)."""
    pod_count, cpu_requests, memory_requests = pods
    cpu_alloc, mem_alloc = node.cpu_allocatable_millicores, node.memory_allocatable_bytes
    return NodeRow(
        cluster=cluster_id,
        cluster_name=cluster_name,
        uid=node.uid,
        name=node.name,
        status=node_status(node),
        roles=",".join(node.roles) or "<none>",
        version=node.kubelet_version,
        internal_ip=node.internal_ip,
        cpu_cores=node.cpu_capacity_millicores / 1000,
        memory_bytes=node.memory_capacity_bytes,
        pod_count=pod_count,
        created_at=node.created_at,
        cpu_allocatable_millicores=cpu_alloc,
        memory_allocatable_bytes=mem_alloc,
        cpu_requests_millicores=cpu_requests,
        memory_requests_bytes=memory_requests,
        cpu_requests_percent=percent(cpu_requests, cpu_alloc),
        memory_requests_percent=percent(memory_requests, mem_alloc),
        cpu_usage_millicores=sample.cpu_millicores if sample else None,
        memory_usage_bytes=sample.memory_bytes if sample else None,
        cpu_usage_percent=percent(sample.cpu_millicores, cpu_alloc) if sample else None,
        memory_usage_percent=percent(sample.memory_bytes, mem_alloc) if sample else None,
    )


NODE_LISTING: Listing[NodeRow] = Listing(
    default_sort="name",
    sort_keys={
        "name": lambda row: row.name,
        "status": lambda row: (row.status, row.name),
        "roles": lambda row: (row.roles, row.name),
        "version": lambda row: (row.version, row.name),
        "pods": lambda row: (row.pod_count, row.name),
        "cpu": lambda row: (row.cpu_usage_millicores or 0, row.name),
        "memory": lambda row: (row.memory_usage_bytes or 0, row.name),
        "age": lambda row: (row.created_at, row.name),
        "cluster": lambda row: (row.cluster_name, row.name),
    },
    filters={"status": lambda row: row.status, "roles": lambda row: row.roles},
    search_text=lambda row: f"{row.name} {row.internal_ip} {row.roles}".lower(),
)
