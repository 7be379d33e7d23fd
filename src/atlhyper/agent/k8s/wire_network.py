"""Wire structs for services, endpoints, endpoint slices, ingresses and network policies."""

from __future__ import annotations

import msgspec

from atlhyper.agent.k8s.wire import IntOrString, ObjectMeta
from atlhyper.agent.k8s.wire_workloads import LabelSelector, ObjectReference


class ServicePort(msgspec.Struct, gc=False):
    name: str = ""
    protocol: str = "TCP"
    port: int = 0
    targetPort: IntOrString | None = None  # noqa: N815
    nodePort: int = 0  # noqa: N815


class ServiceSpec(msgspec.Struct, gc=False):
    type: str = "ClusterIP"
    clusterIP: str = ""  # noqa: N815
    externalIPs: list[str] = []  # noqa: N815
    externalName: str = ""  # noqa: N815
    ports: list[ServicePort] = []
    selector: dict[str, str] | None = None
    sessionAffinity: str = ""  # noqa: N815


class LoadBalancerIngress(msgspec.Struct, gc=False):
    ip: str = ""
    hostname: str = ""


class LoadBalancerStatus(msgspec.Struct, gc=False):
    ingress: list[LoadBalancerIngress] = []


class ServiceStatus(msgspec.Struct, gc=False):
    loadBalancer: LoadBalancerStatus = msgspec.field(default_factory=LoadBalancerStatus)  # noqa: N815


class Service(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: ServiceSpec = msgspec.field(default_factory=ServiceSpec)
    status: ServiceStatus = msgspec.field(default_factory=ServiceStatus)


class EndpointAddress(msgspec.Struct, gc=False):
    ip: str = ""
    nodeName: str = ""  # noqa: N815
    targetRef: ObjectReference | None = None  # noqa: N815


class EndpointPort(msgspec.Struct, gc=False):
    name: str = ""
    port: int = 0
    protocol: str = "TCP"


class EndpointSubset(msgspec.Struct, gc=False):
    addresses: list[EndpointAddress] = []
    notReadyAddresses: list[EndpointAddress] = []  # noqa: N815
    ports: list[EndpointPort] = []


class Endpoints(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    subsets: list[EndpointSubset] = []


class SliceConditions(msgspec.Struct, gc=False):
    ready: bool | None = None


class SliceEndpoint(msgspec.Struct, gc=False):
    addresses: list[str] = []
    conditions: SliceConditions = msgspec.field(default_factory=SliceConditions)
    nodeName: str = ""  # noqa: N815
    targetRef: ObjectReference | None = None  # noqa: N815


class EndpointSlice(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    addressType: str = "IPv4"  # noqa: N815
    endpoints: list[SliceEndpoint] | None = None
    ports: list[EndpointPort] | None = None


class ServiceBackendPort(msgspec.Struct, gc=False):
    name: str = ""
    number: int = 0


class ServiceBackend(msgspec.Struct, gc=False):
    name: str = ""
    port: ServiceBackendPort | None = None


class IngressBackend(msgspec.Struct, gc=False):
    service: ServiceBackend | None = None


class HTTPPath(msgspec.Struct, gc=False):
    path: str = ""
    pathType: str = ""  # noqa: N815
    backend: IngressBackend = msgspec.field(default_factory=IngressBackend)


class HTTPRule(msgspec.Struct, gc=False):
    paths: list[HTTPPath] = []


class IngressRule(msgspec.Struct, gc=False):
    host: str = ""
    http: HTTPRule | None = None


class IngressTLS(msgspec.Struct, gc=False):
    hosts: list[str] = []


class IngressSpec(msgspec.Struct, gc=False):
    ingressClassName: str | None = None  # noqa: N815
    defaultBackend: IngressBackend | None = None  # noqa: N815
    rules: list[IngressRule] = []
    tls: list[IngressTLS] = []


class IngressStatus(msgspec.Struct, gc=False):
    loadBalancer: LoadBalancerStatus = msgspec.field(default_factory=LoadBalancerStatus)  # noqa: N815


class Ingress(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: IngressSpec = msgspec.field(default_factory=IngressSpec)
    status: IngressStatus = msgspec.field(default_factory=IngressStatus)


class NetworkPolicySpec(msgspec.Struct, gc=False):
    podSelector: LabelSelector = msgspec.field(default_factory=LabelSelector)  # noqa: N815
    policyTypes: list[str] = []  # noqa: N815
    ingress: list[dict[str, object]] = []
    egress: list[dict[str, object]] = []


class NetworkPolicy(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: NetworkPolicySpec = msgspec.field(default_factory=NetworkPolicySpec)
