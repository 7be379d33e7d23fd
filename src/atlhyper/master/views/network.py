"""Rows for services (with endpoint readiness), endpoints, endpoint slices, ingresses and network
policies."""

from __future__ import annotations

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


def slice_service(piece: EndpointSlice) -> str | None:
    """The key of the service a slice belongs to; None for a slice of no service."""
    return f"{piece.namespace}/{piece.service_name}" if piece.service_name else None


def slice_addresses(piece: EndpointSlice) -> tuple[int, int, int]:
    """What a slice adds to its service's row: one slice, its ready and not-ready addresses."""
    ready = sum(1 for address in piece.endpoints if address.ready)
    return (1, ready, len(piece.endpoints) - ready)


def service_row(
    cid: str, cname: str, s: Service, endpoints: Endpoints | None, slices: tuple[int, ...]
) -> ServiceRow:
    """Readiness from the service's EndpointSlices (`slices`: the sums of `slice_addresses`)
    when it has any, else from its Endpoints."""
    count, ready, not_ready = slices
    if not count and endpoints is not None:
        ready = sum(1 for address in endpoints.addresses if address.ready)
        not_ready = len(endpoints.addresses) - ready
    external = joined(s.external_ips, "<pending>" if s.type == "LoadBalancer" else "<none>")
    return ServiceRow(
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
