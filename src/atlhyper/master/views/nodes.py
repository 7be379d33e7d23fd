"""Node rows for the nodes table."""

from __future__ import annotations

from collections import Counter

import msgspec

from atlhyper.master.views.paging import Listing
from atlhyper.model import Node, Pod


class NodeRow(msgspec.Struct, rename="camel", gc=False):
    cluster: str
    cluster_name: str
    uid: str
    name: str
    status: str
    roles: str
    version: str
    internal_ip: str
    cpu_cores: float
    memory_bytes: int
    pod_count: int
    created_at: str


class NodePage(msgspec.Struct, rename="camel"):
    items: list[NodeRow]
    total: int
    limit: int
    offset: int


def node_status(node: Node) -> str:
    """The STATUS column of `kubectl get nodes`."""
    status = "Ready" if node.ready == "True" else "NotReady"
    return f"{status},SchedulingDisabled" if node.unschedulable else status


def node_rows(
    cluster_id: str, cluster_name: str, nodes: list[Node], pods: list[Pod]
) -> list[NodeRow]:
    pods_per_node = Counter(pod.node_name for pod in pods if pod.node_name)
    return [
        NodeRow(
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
            pod_count=pods_per_node[node.name],
            created_at=node.created_at,
        )
        for node in nodes
    ]


NODE_LISTING: Listing[NodeRow] = Listing(
    default_sort="name",
    sort_keys={
        "name": lambda row: row.name,
        "status": lambda row: (row.status, row.name),
        "roles": lambda row: (row.roles, row.name),
        "version": lambda row: (row.version, row.name),
        "pods": lambda row: (row.pod_count, row.name),
        "age": lambda row: (row.created_at, row.name),
        "cluster": lambda row: (row.cluster_name, row.name),
    },
    filters={"status": lambda row: row.status, "roles": lambda row: row.roles},
    search_text=lambda row: f"{row.name} {row.internal_ip} {row.roles}".lower(),
)
