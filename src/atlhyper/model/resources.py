"""Compact Kubernetes resources: only the fields AtlHyper shows or computes with.

`gc=False` because a cluster can hold 150k of these; they never form reference cycles.
Timestamps are RFC 3339 strings exactly as the API server sent them.
"""

from __future__ import annotations

import msgspec


class ContainerInfo(msgspec.Struct, rename="camel", gc=False):
    name: str
    image: str = ""
    ready: bool = False
    restart_count: int = 0
    state: str = "waiting"  # running | waiting | terminated
    reason: str = ""  # waiting/terminated reason, e.g. CrashLoopBackOff
    last_termination_reason: str = ""
    init: bool = False


class Pod(msgspec.Struct, rename="camel", gc=False):
    uid: str
    name: str
    namespace: str
    resource_version: str = ""
    created_at: str = ""
    labels: dict[str, str] = {}
    node_name: str = ""
    phase: str = "Pending"
    status: str = "Pending"  # what kubectl's STATUS column shows
    ready_containers: int = 0
    total_containers: int = 0
    restarts: int = 0
    pod_ip: str = ""
    host_ip: str = ""
    qos_class: str = ""
    owner_kind: str = ""
    owner_name: str = ""
    deleting: bool = False
    containers: list[ContainerInfo] = []


class NodeTaint(msgspec.Struct, rename="camel", gc=False):
    key: str
    effect: str
    value: str = ""


class Node(msgspec.Struct, rename="camel", gc=False):
    uid: str
    name: str
    resource_version: str = ""
    created_at: str = ""
    labels: dict[str, str] = {}
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


class Namespace(msgspec.Struct, rename="camel", gc=False):
    uid: str
    name: str
    resource_version: str = ""
    created_at: str = ""
    labels: dict[str, str] = {}
    phase: str = "Active"
