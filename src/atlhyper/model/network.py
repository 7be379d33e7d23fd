"""Network kinds: services and their endpoints, ingresses, network policies."""

from __future__ import annotations

import msgspec

from atlhyper.model.meta import NamespacedObject


class ServicePort(msgspec.Struct, rename="camel", gc=False):
    port: int
    name: str = ""
    protocol: str = "TCP"
    target_port: str = ""
    node_port: int = 0


class Service(NamespacedObject, kw_only=True):
    type: str = "ClusterIP"
    cluster_ip: str = ""
    external_ips: list[str] = []  # spec.externalIPs plus load-balancer ingress addresses
    external_name: str = ""
    ports: list[ServicePort] = []
    selector: dict[str, str] = {}
    session_affinity: str = ""


class EndpointAddress(msgspec.Struct, rename="camel", gc=False):
    ip: str
    ready: bool = True
    node_name: str = ""
    target_kind: str = ""
    target_name: str = ""


class EndpointPort(msgspec.Struct, rename="camel", gc=False):
    port: int
    name: str = ""
    protocol: str = "TCP"


class Endpoints(NamespacedObject, kw_only=True):
    addresses: list[EndpointAddress] = []
    ports: list[EndpointPort] = []


class EndpointSlice(NamespacedObject, kw_only=True):
    service_name: str = ""  # from the kubernetes.io/service-name label
    address_type: str = "IPv4"
    endpoints: list[EndpointAddress] = []
    ports: list[EndpointPort] = []


class IngressPath(msgspec.Struct, rename="camel", gc=False):
    host: str = ""
    path: str = ""
    path_type: str = ""
    service: str = ""
    port: str = ""


class Ingress(NamespacedObject, kw_only=True):
    ingress_class: str = ""
    hosts: list[str] = []
    paths: list[IngressPath] = []
    tls_hosts: list[str] = []
    addresses: list[str] = []
    default_backend: str = ""


class NetworkPolicy(NamespacedObject, kw_only=True):
    pod_selector: dict[str, str] = {}
    policy_types: list[str] = []
    ingress_rules: int = 0
    egress_rules: int = 0
