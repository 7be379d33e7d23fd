"""Cluster-level kinds: nodes and namespaces, and their usage from metrics.k8s.io."""

from __future__ import annotations

import msgspec

from atlhyper.model.meta import ClusterObject, Condition


class NodeTaint(msgspec.Struct, rename="camel", gc=False):
    key: str
    effect: str
    value: str = ""


class Node(ClusterObject, kw_only=True):
    roles: list[str] = []
    ready: str = "Unknown"  # the Ready condition's status: True | False | Unknown
    unschedulable: bool = False
    kubelet_version: str = ""
    os_image: str = ""
    internal_ip: str = ""
    cpu_capacity_millicores: int = 0
    memory_capacity_bytes: int = 0
    cpu_allocatable_millicores: int = 0
    memory_allocatable_bytes: int = 0
    pods_capacity: int = 0
    taints: list[NodeTaint] = []
    conditions: list[Condition] = []  # Ready, MemoryPressure, DiskPressure, PIDPressure, …


class Namespace(ClusterObject, kw_only=True):
    phase: str = "Active"
    conditions: list[Condition] = []  # only while terminating


class NodeUsage(msgspec.Struct, rename="camel", gc=False, kw_only=True):
    """One node's usage from metrics.k8s.io (keyed by the node's name)."""

    name: str
    cpu_millicores: int = 0
    memory_bytes: int = 0
    timestamp: str = ""
    window: str = ""


class ContainerUsage(msgspec.Struct, rename="camel", gc=False):
    name: str
    cpu_millicores: int = 0
    memory_bytes: int = 0


class PodUsage(msgspec.Struct, rename="camel", gc=False, kw_only=True):
    """One pod's usage from metrics.k8s.io; the totals are the sums over its containers."""

    namespace: str
    name: str
    cpu_millicores: int = 0
    memory_bytes: int = 0
    timestamp: str = ""
    containers: list[ContainerUsage] = []
