"""Namespace rows for the namespaces table."""

from __future__ import annotations

import msgspec

from atlhyper.master.views.common import ClusterScopedRow
from atlhyper.master.views.paging import Listing
from atlhyper.model import Namespace


class NamespaceRow(ClusterScopedRow):
    status: str
    pod_count: int
    created_at: str


class NamespacePage(msgspec.Struct, rename="camel"):
    items: list[NamespaceRow]
    total: int
    limit: int
    offset: int


def namespace_row(
    cluster_id: str, cluster_name: str, namespace: Namespace, pod_count: int
) -> NamespaceRow:
    return NamespaceRow(
        cluster=cluster_id,
        cluster_name=cluster_name,
        uid=namespace.uid,
        name=namespace.name,
        status=namespace.phase,
        pod_count=pod_count,
        created_at=namespace.created_at,
    )


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
