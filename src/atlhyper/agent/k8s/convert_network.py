"""Services, endpoints, endpoint slices, ingresses and network policies → compact models."""

from __future__ import annotations

from atlhyper.agent.k8s import wire_network as w
from atlhyper.agent.k8s.convert import meta_fields
from atlhyper.agent.k8s.wire_workloads import ObjectReference
from atlhyper.model import (
    EndpointAddress,
    EndpointPort,
    Endpoints,
    EndpointSlice,
    Ingress,
    IngressPath,
    NetworkPolicy,
    Service,
    ServicePort,
)

SERVICE_NAME_LABEL = "kubernetes.io/service-name"


def _lb_addresses(status: w.LoadBalancerStatus) -> list[str]:
    return [entry.ip or entry.hostname for entry in status.ingress if entry.ip or entry.hostname]


def service(obj: w.Service) -> Service:
    spec = obj.spec
    return Service(
        **meta_fields(obj.metadata),
        type=spec.type,
        cluster_ip=spec.clusterIP,
        external_ips=[*spec.externalIPs, *_lb_addresses(obj.status.loadBalancer)],
        external_name=spec.externalName,
        ports=[
            ServicePort(
                port=p.port,
                name=p.name,
                protocol=p.protocol,
                target_port="" if p.targetPort is None else str(p.targetPort),
                node_port=p.nodePort,
            )
            for p in spec.ports
        ],
        selector=spec.selector or {},
        session_affinity=spec.sessionAffinity,
    )


def _target(ref: ObjectReference | None) -> tuple[str, str]:
    return (ref.kind, ref.name) if ref else ("", "")


def _address(address: w.EndpointAddress, ready: bool) -> EndpointAddress:
    kind, name = _target(address.targetRef)
    return EndpointAddress(address.ip, ready, address.nodeName, kind, name)


def _ports(ports: list[w.EndpointPort]) -> list[EndpointPort]:
    return [EndpointPort(port=p.port, name=p.name, protocol=p.protocol) for p in ports]


def endpoints(obj: w.Endpoints) -> Endpoints:
    addresses: list[EndpointAddress] = []
    ports: list[EndpointPort] = []
    for subset in obj.subsets:
        addresses += [_address(a, True) for a in subset.addresses]
        addresses += [_address(a, False) for a in subset.notReadyAddresses]
        ports += [p for p in _ports(subset.ports) if p not in ports]
    return Endpoints(**meta_fields(obj.metadata), addresses=addresses, ports=ports)


def endpointslice(obj: w.EndpointSlice) -> EndpointSlice:
    addresses = []
    for endpoint in obj.endpoints or ():
        kind, name = _target(endpoint.targetRef)
        # A nil `ready` means ready (discovery/v1 API reference).
        ready = endpoint.conditions.ready is not False
        addresses += [
            EndpointAddress(ip, ready, endpoint.nodeName, kind, name) for ip in endpoint.addresses
        ]
    return EndpointSlice(
        **meta_fields(obj.metadata),
        service_name=(obj.metadata.labels or {}).get(SERVICE_NAME_LABEL, ""),
        address_type=obj.addressType,
        endpoints=addresses,
        ports=_ports(obj.ports or []),
    )


def _backend(backend: w.IngressBackend | None) -> tuple[str, str]:
    if backend is None or backend.service is None:
        return "", ""
    port = backend.service.port
    if port is None:
        return backend.service.name, ""
    return backend.service.name, port.name or str(port.number)


def ingress(obj: w.Ingress) -> Ingress:
    spec = obj.spec
    paths = []
    for rule in spec.rules:
        for path in rule.http.paths if rule.http else ():
            service_name, port = _backend(path.backend)
            paths.append(IngressPath(rule.host, path.path, path.pathType, service_name, port))
    default_name, default_port = _backend(spec.defaultBackend)
    return Ingress(
        **meta_fields(obj.metadata),
        ingress_class=spec.ingressClassName
        or (obj.metadata.annotations or {}).get("kubernetes.io/ingress.class", ""),
        hosts=[rule.host or "*" for rule in spec.rules],
        paths=paths,
        tls_hosts=[host for tls in spec.tls for host in tls.hosts],
        addresses=_lb_addresses(obj.status.loadBalancer),
        default_backend=f"{default_name}:{default_port}" if default_name else "",
    )


def networkpolicy(obj: w.NetworkPolicy) -> NetworkPolicy:
    spec = obj.spec
    types = spec.policyTypes or (["Ingress", "Egress"] if spec.egress else ["Ingress"])
    return NetworkPolicy(
        **meta_fields(obj.metadata),
        pod_selector=spec.podSelector.matchLabels or {},
        policy_types=types,
        ingress_rules=len(spec.ingress),
        egress_rules=len(spec.egress),
    )
