"""The resource kinds the UI API serves: one entry per kind, no per-kind routing code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from atlhyper.master.views.namespaces import NAMESPACE_LISTING, NamespacePage, namespace_rows
from atlhyper.master.views.nodes import NODE_LISTING, NodePage, node_rows
from atlhyper.master.views.paging import Listing
from atlhyper.master.views.pods import POD_LISTING, PodPage, pod_rows
from atlhyper.model import Namespace, Node, Pod, Snapshot

RowBuilder = Callable[[str, str, Snapshot], list[Any]]


@dataclass(frozen=True)
class ResourceKind:
    plural: str
    namespaced: bool
    object_type: type[Any]
    page_type: type[Any]
    listing: Listing[Any]
    build_rows: RowBuilder
    objects: Callable[[Snapshot], list[Any]]


KINDS: dict[str, ResourceKind] = {
    kind.plural: kind
    for kind in (
        ResourceKind(
            plural="pods",
            namespaced=True,
            object_type=Pod,
            page_type=PodPage,
            listing=POD_LISTING,
            build_rows=lambda cid, cname, snap: pod_rows(cid, cname, snap.pods),
            objects=lambda snap: snap.pods,
        ),
        ResourceKind(
            plural="nodes",
            namespaced=False,
            object_type=Node,
            page_type=NodePage,
            listing=NODE_LISTING,
            build_rows=lambda cid, cname, snap: node_rows(cid, cname, snap.nodes, snap.pods),
            objects=lambda snap: snap.nodes,
        ),
        ResourceKind(
            plural="namespaces",
            namespaced=False,
            object_type=Namespace,
            page_type=NamespacePage,
            listing=NAMESPACE_LISTING,
            build_rows=lambda cid, cname, snap: namespace_rows(
                cid, cname, snap.namespaces, snap.pods
            ),
            objects=lambda snap: snap.namespaces,
        ),
    )
}
