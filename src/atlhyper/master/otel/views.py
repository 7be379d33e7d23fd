"""The OTel summary shaped for the UI: health per service and edge, and the graphs the service map
and the mesh topology draw (nodes with their numbers, links between them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import msgspec

from atlhyper.model.otel import ApmService, MeshEdge, OtelSummary, ServiceEdge

Health = Literal["ok", "warning", "critical"]
NodeKind = Literal["service", "db", "ingress"]
WARNING_ERROR_RATE = 0.01
CRITICAL_ERROR_RATE = 0.05
INGRESS_NODE = "ingress"


def health(error_rate: float) -> Health:
    if error_rate >= CRITICAL_ERROR_RATE:
        return "critical"
    if error_rate >= WARNING_ERROR_RATE:
        return "warning"
    return "ok"


class ServiceView(ApmService, kw_only=True):
    health: Health


class MeshEdgeView(MeshEdge, kw_only=True):
    health: Health


class MapNode(msgspec.Struct, rename="camel", kw_only=True):
    """A box of a graph. Ids: a service's name, `db:<peer>` for a database, `ingress`, or
    `namespace/workload` in the mesh."""

    id: str
    name: str
    kind: NodeKind
    rate: float
    error_rate: float
    p99_ms: float
    health: Health


class MapLink(msgspec.Struct, rename="camel", kw_only=True):
    source: str  # a node id
    target: str
    rate: float
    error_rate: float
    p99_ms: float
    health: Health


class ServiceMap(msgspec.Struct):
    nodes: list[MapNode]
    links: list[MapLink]


def service_views(services: Iterable[ApmService]) -> list[ServiceView]:
    return [ServiceView(**msgspec.structs.asdict(s), health=health(s.error_rate)) for s in services]


def mesh_edge_views(edges: Iterable[MeshEdge]) -> list[MeshEdgeView]:
    return [
        MeshEdgeView(
            **msgspec.structs.asdict(e), health=health(_failed(e.success_rate, e.requests))
        )
        for e in edges
    ]


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _failed(success_rate: float, requests: int) -> float:
    """The failure share of traffic measured by its success rate (none without traffic)."""
    return 1 - success_rate if requests else 0.0


def _node(
    id_: str, name: str, kind: NodeKind, rate: float, error_rate: float, p99: float
) -> MapNode:
    return MapNode(
        id=id_,
        name=name,
        kind=kind,
        rate=rate,
        error_rate=error_rate,
        p99_ms=p99,
        health=health(error_rate),
    )


def _link(source: str, target: str, rate: float, error_rate: float, p99: float) -> MapLink:
    return MapLink(
        source=source,
        target=target,
        rate=rate,
        error_rate=error_rate,
        p99_ms=p99,
        health=health(error_rate),
    )


def _db_nodes(edges: list[ServiceEdge]) -> list[MapNode]:
    """A database's numbers are those of the calls it received, summed over its callers."""
    calls: dict[str, list[ServiceEdge]] = {}
    for edge in edges:
        if edge.kind == "db":
            calls.setdefault(edge.target, []).append(edge)
    return [
        _node(
            f"db:{peer}",
            peer,
            "db",
            sum(e.rate for e in received),
            _share(sum(e.errors for e in received), sum(e.requests for e in received)),
            max(e.p99_ms for e in received),
        )
        for peer, received in sorted(calls.items())
    ]


def service_map(summary: OtelSummary | None) -> ServiceMap:
    """Services and databases linked by their calls, behind one `ingress` node linked to the
    services the Ingress backends are (matched by namespace and Service name)."""
    if summary is None:
        return ServiceMap([], [])
    nodes = [
        _node(s.name, s.name, "service", s.rate, s.error_rate, s.p99_ms) for s in summary.services
    ]
    nodes += _db_nodes(summary.edges)
    known = {node.id for node in nodes}
    links = []
    for edge in summary.edges:
        target = f"db:{edge.target}" if edge.kind == "db" else edge.target
        if edge.source not in known:
            nodes.append(_node(edge.source, edge.source, "service", 0.0, 0.0, 0.0))
            known.add(edge.source)
        if target not in known:
            nodes.append(_node(target, edge.target, "service", 0.0, 0.0, 0.0))
            known.add(target)
        links.append(_link(edge.source, target, edge.rate, edge.error_rate, edge.p99_ms))
    ingress_links = []
    for ingress in summary.ingresses:
        entry = next(
            (
                s
                for s in summary.services
                if s.name == ingress.backend and s.namespace in ("", ingress.namespace)
            ),
            None,
        )
        if entry is not None:
            ingress_links.append(
                _link(
                    INGRESS_NODE,
                    entry.name,
                    ingress.rate,
                    _failed(ingress.availability, ingress.requests),
                    ingress.p99_ms,
                )
            )
    if ingress_links:
        routed = [i for i in summary.ingresses if i.requests]
        nodes.append(
            _node(
                INGRESS_NODE,
                INGRESS_NODE,
                "ingress",
                sum(i.rate for i in summary.ingresses),
                _share(sum(i.errors for i in routed), sum(i.requests for i in routed)),
                max((i.p99_ms for i in summary.ingresses), default=0.0),
            )
        )
        links += ingress_links
    return ServiceMap(nodes, links)


def mesh_map(summary: OtelSummary | None) -> ServiceMap:
    """Mesh workloads (`namespace/workload`) linked by their outbound traffic."""
    if summary is None:
        return ServiceMap([], [])
    nodes = [
        _node(
            f"{w.namespace}/{w.workload}",
            w.workload,
            "service",
            w.rate,
            _failed(w.success_rate, w.requests),
            w.p99_ms,
        )
        for w in summary.mesh_workloads
    ]
    known = {node.id for node in nodes}
    links = []
    for edge in summary.mesh_edges:
        source = f"{edge.source_namespace}/{edge.source}"
        target = f"{edge.target_namespace}/{edge.target}"
        for id_, name in ((source, edge.source), (target, edge.target)):
            if id_ not in known:
                nodes.append(_node(id_, name, "service", 0.0, 0.0, 0.0))
                known.add(id_)
        links.append(
            _link(
                source,
                target,
                edge.rate,
                _failed(edge.success_rate, edge.requests),
                edge.p99_ms,
            )
        )
    return ServiceMap(nodes, links)
