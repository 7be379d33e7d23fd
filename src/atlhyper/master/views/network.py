"""Rows for services (with endpoint readiness), endpoints, endpoint slices, ingresses and network
policies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from atlhyper.master.views.common import NamespacedRow, joined, labels_text
from atlhyper.master.views.paging import namespaced_listing
from atlhyper.model import (
    EndpointAddress,
    Endpoints,
    EndpointSlice,
    Ingress,
    NetworkPolicy,
    Service,
    ServicePort,
)

_MAX_LISTED = 3


class ServiceRow(NamespacedRow):
    type: str
    cluster_ip: str
    external_ip: str
    ports: str  # "80/TCP,443:30443/TCP"
    selector: str
    endpoints_ready: int
    endpoints_not_ready: int
    created_at: str


def _ports(ports: list[ServicePort]) -> str:
    return joined(
        (
            f"{p.port}:{p.node_port}/{p.protocol}" if p.node_port else f"{p.port}/{p.protocol}"
            for p in ports
        ),
    )


def _readiness(
    endpoints: Iterable[Endpoints], slices: Iterable[EndpointSlice]
) -> dict[tuple[str, str], tuple[int, int]]:
    """(namespace, service) → (ready, not ready) addresses; slices win over Endpoints."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    from_slices: set[tuple[str, str]] = set()
    for piece in slices:
        if not piece.service_name:
            continue
        key = (piece.namespace, piece.service_name)
        from_slices.add(key)
        for address in piece.endpoints:
            counts[key][0 if address.ready else 1] += 1
    for item in endpoints:
        key = (item.namespace, item.name)
        if key in from_slices:
            continue
        for address in item.addresses:
            counts[key][0 if address.ready else 1] += 1
    return {key: (ready, not_ready) for key, (ready, not_ready) in counts.items()}


def service_rows(
    cid: str,
    cname: str,
    services: list[Service],
    endpoints: Iterable[Endpoints],
    slices: Iterable[EndpointSlice],
) -> list[ServiceRow]:
    readiness = _readiness(endpoints, slices)
    rows = []
    for s in services:
        ready, not_ready = readiness.get((s.namespace, s.name), (0, 0))
        external = joined(s.external_ips, "<pending>" if s.type == "LoadBalancer" else "<none>")
        rows.append(
            ServiceRow(
                cid,
                cname,
                s.uid,
                s.namespace,
                s.name,
                s.type,
                s.cluster_ip or "None",
                s.external_name or external,
                _ports(s.ports),
                labels_text(s.selector),
                ready,
                not_ready,
                s.created_at,
            )
        )
    return rows


def _addresses(addresses: list[EndpointAddress], ports: list[int]) -> str:
    """kubectl's ENDPOINTS column: the first few ip:port pairs and "+ N more…"."""
    pairs = [f"{a.ip}:{p}" if ports else a.ip for a in addresses if a.ready for p in ports or [0]]
    if not pairs:
        return "<none>"
    shown = ",".join(pairs[:_MAX_LISTED])
    more = len(pairs) - _MAX_LISTED
    return f"{shown} + {more} more..." if more > 0 else shown


class EndpointsRow(NamespacedRow):
    endpoints: str
    ready: int
    not_ready: int
    created_at: str


def endpoints_rows(cid: str, cname: str, items: list[Endpoints]) -> list[EndpointsRow]:
    return [
        EndpointsRow(
            cid,
            cname,
            e.uid,
            e.namespace,
            e.name,
            _addresses(e.addresses, [p.port for p in e.ports]),
            sum(1 for a in e.addresses if a.ready),
            sum(1 for a in e.addresses if not a.ready),
            e.created_at,
        )
        for e in items
    ]


class EndpointSliceRow(NamespacedRow):
    service: str
    address_type: str
    ports: str
    endpoints: str
    ready: int
    not_ready: int
    created_at: str


def endpointslice_rows(cid: str, cname: str, items: list[EndpointSlice]) -> list[EndpointSliceRow]:
    return [
        EndpointSliceRow(
            cid,
            cname,
            s.uid,
            s.namespace,
            s.name,
            s.service_name,
            s.address_type,
            joined((str(p.port) for p in s.ports), "<unset>"),
            _addresses(s.endpoints, []),
            sum(1 for a in s.endpoints if a.ready),
            sum(1 for a in s.endpoints if not a.ready),
            s.created_at,
        )
        for s in items
    ]


class IngressRow(NamespacedRow):
    ingress_class: str
    hosts: str
    address: str
    ports: str  # "80" or "80, 443" with TLS
    backends: str
    created_at: str


def ingress_rows(cid: str, cname: str, items: list[Ingress]) -> list[IngressRow]:
    return [
        IngressRow(
            cid,
            cname,
            i.uid,
            i.namespace,
            i.name,
            i.ingress_class or "<none>",
            joined(i.hosts, "*"),
            joined(i.addresses, ""),
            "80, 443" if i.tls_hosts else "80",
            joined(sorted({f"{p.service}:{p.port}" for p in i.paths if p.service}), ""),
            i.created_at,
        )
        for i in items
    ]


class NetworkPolicyRow(NamespacedRow):
    pod_selector: str
    policy_types: str
    ingress_rules: int
    egress_rules: int
    created_at: str


def networkpolicy_rows(cid: str, cname: str, items: list[NetworkPolicy]) -> list[NetworkPolicyRow]:
    return [
        NetworkPolicyRow(
            cid,
            cname,
            n.uid,
            n.namespace,
            n.name,
            labels_text(n.pod_selector),
            joined(n.policy_types),
            n.ingress_rules,
            n.egress_rules,
            n.created_at,
        )
        for n in items
    ]


SERVICE_LISTING = namespaced_listing(
    {"type": lambda r: r.type, "ready": lambda r: r.endpoints_ready},
    {"type": lambda r: r.type},
    lambda r: f"{r.cluster_ip} {r.external_ip} {r.selector}",
)
ENDPOINTS_LISTING = namespaced_listing({"ready": lambda r: r.ready}, {}, lambda r: r.endpoints)
ENDPOINTSLICE_LISTING = namespaced_listing(
    {"service": lambda r: r.service},
    {"service": lambda r: r.service, "addressType": lambda r: r.address_type},
    lambda r: f"{r.service} {r.endpoints}",
)
INGRESS_LISTING = namespaced_listing(
    {"class": lambda r: r.ingress_class, "hosts": lambda r: r.hosts},
    {"ingressClass": lambda r: r.ingress_class},
    lambda r: f"{r.hosts} {r.address} {r.backends}",
)
NETWORKPOLICY_LISTING = namespaced_listing(
    {"podSelector": lambda r: r.pod_selector},
    {},
    lambda r: f"{r.pod_selector} {r.policy_types}",
)
