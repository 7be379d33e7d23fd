"""Namespace rows for the namespaces table."""

from __future__ import annotations

from collections import Counter

import msgspec

from atlhyper.master.views.common import ClusterScopedRow
from atlhyper.master.views.paging import Listing
from atlhyper.model import Namespace, Pod


class NamespaceRow(ClusterScopedRow):
    status: str
    pod_count: int
    created_at: str


class NamespacePage(msgspec.Struct, rename="camel"):
    items: list[NamespaceRow]
    total: int
    limit: int
    offset: int


def namespace_rows(
    cluster_id: str, cluster_name: str, namespaces: list[Namespace], pods: list[Pod]
) -> list[NamespaceRow]:
    pods_per_namespace = Counter(pod.namespace for pod in pods)
    return [
        NamespaceRow(
            cluster=cluster_id,
            cluster_name=cluster_name,
            uid=namespace.uid,
            name=namespace.name,
            status=namespace.phase,
            pod_count=pods_per_namespace[namespace.name],
            created_at=namespace.created_at,
        )
        for namespace in namespaces
    ]


NAMESPACE_LISTING: Listing[NamespaceRow] = Listing(
    default_sort="name",
    sort_keys={
        "name": lambda row: row.name,
        "status": lambda row: (row.status, row.name),
        "pods": lambda row: (row.pod_count, row.name),
        "age": lambda row: (row.created_at, row.name),
        "cluster": lambda row: (row.cluster_name, row.name),
    },
    filters={"status": lambda row: row.status},
    search_text=lambda row: row.name.lower(),
)
