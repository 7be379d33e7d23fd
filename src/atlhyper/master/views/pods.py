"""Pod rows for the pods table."""

from __future__ import annotations

import msgspec

from atlhyper.master.views.paging import Listing
from atlhyper.model import Pod


class PodRow(msgspec.Struct, rename="camel", gc=False):
    cluster: str
    cluster_name: str
    uid: str
    namespace: str
    name: str
    status: str
    phase: str
    ready: str
    restarts: int
    node: str
    pod_ip: str
    created_at: str


class PodPage(msgspec.Struct, rename="camel"):
    items: list[PodRow]
    total: int
    limit: int
    offset: int


def pod_rows(cluster_id: str, cluster_name: str, pods: list[Pod]) -> list[PodRow]:
    return [
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
        )
        for pod in pods
    ]


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
    },
    filters={
        "namespace": lambda row: row.namespace,
        "status": lambda row: row.status,
        "node": lambda row: row.node,
    },
    search_text=lambda row: f"{row.name} {row.namespace} {row.node} {row.pod_ip}".lower(),
)
