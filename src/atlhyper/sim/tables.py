"""Server-side printing: `meta.k8s.io/v1` Table rows, as kubectl asks for with `as=Table`.

A real API server computes kubectl's columns (READY, STATUS, RESTARTS, AGE, ROLES, …) itself, so
`kubectl get` output from the sim should read like a real cluster's. The rules follow the
upstream printers' observable output, written here for the kinds the sim serves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

Obj = dict[str, Any]
Cell = str | int


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    description: str
    priority: int = 0
    type: str = "string"
    format: str = ""

    def definition(self) -> Obj:
        return {
            "name": self.name,
            "type": self.type,
            "format": self.format,
            "description": self.description,
            "priority": self.priority,
        }


@dataclass(frozen=True, slots=True)
class TableSpec:
    columns: tuple[Column, ...]
    row: Callable[[Obj, datetime], list[Cell]]


def table(spec: TableSpec, objects: list[Obj], include_object: str, metadata: Obj) -> Obj:
    """A Table of `objects`; `include_object` is None, Metadata (the default) or Object."""
    now = datetime.now(UTC)
    return {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": metadata,
        "columnDefinitions": [column.definition() for column in spec.columns],
        "rows": [
            {"cells": spec.row(obj, now), "object": _row_object(obj, include_object)}
            for obj in objects
        ],
    }


def _row_object(obj: Obj, include_object: str) -> Obj | None:
    if include_object == "None":
        return None
    if include_object == "Object":
        return obj
    return {
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": obj.get("metadata", {}),
    }


def human_duration(seconds: float) -> str:
    """Age the way kubectl prints it: coarser as it grows (`45s`, `5m3s`, `17h`, `12d`)."""
    if seconds < -1:
        return "<invalid>"
    total = max(int(seconds), 0)
    if total < 120:
        return f"{total}s"
    minutes = total // 60
    if minutes < 10:
        rest = total % 60
        return f"{minutes}m{rest}s" if rest else f"{minutes}m"
    if minutes < 180:
        return f"{minutes}m"
    hours = total // 3600
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h{rest}m" if rest else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    if hours < 192:
        rest = hours % 24
        return f"{hours // 24}d{rest}h" if rest else f"{hours // 24}d"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    years, days = hours // (24 * 365), (hours // 24) % 365
    if hours < 24 * 365 * 8:
        return f"{years}y{days}d" if days else f"{years}y"
    return f"{years}y"


def parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def age(obj: Obj, now: datetime) -> str:
    created = parse_time(obj.get("metadata", {}).get("creationTimestamp"))
    return "<unknown>" if created is None else human_duration((now - created).total_seconds())


def pod_status(obj: Obj) -> str:
    """kubectl's STATUS column: the most telling container reason, else the phase."""
    status = obj.get("status") or {}
    reason = str(status.get("reason") or status.get("phase") or "Unknown")
    init_statuses = status.get("initContainerStatuses") or []
    for index, init in enumerate(init_statuses):
        state = init.get("state") or {}
        terminated = state.get("terminated")
        if terminated and terminated.get("exitCode") == 0:
            continue
        if terminated:
            reason = "Init:" + str(
                terminated.get("reason") or f"ExitCode:{terminated.get('exitCode')}"
            )
        elif (state.get("waiting") or {}).get("reason") not in (None, "", "PodInitializing"):
            reason = "Init:" + str(state["waiting"]["reason"])
        else:
            reason = f"Init:{index}/{len(init_statuses)}"
        break
    else:
        running = False
        for container in reversed(status.get("containerStatuses") or []):
            state = container.get("state") or {}
            waiting, terminated = state.get("waiting"), state.get("terminated")
            if waiting and waiting.get("reason"):
                reason = str(waiting["reason"])
            elif terminated and terminated.get("reason"):
                reason = str(terminated["reason"])
            elif terminated:
                signal = terminated.get("signal")
                code = terminated.get("exitCode")
                reason = f"Signal:{signal}" if signal else f"ExitCode:{code}"
            elif "running" in state and container.get("ready"):
                running = True
        if reason == "Completed" and running:
            reason = "Running"
    if obj.get("metadata", {}).get("deletionTimestamp"):
        reason = "Unknown" if status.get("reason") == "NodeLost" else "Terminating"
    return reason


def _pod_row(obj: Obj, now: datetime) -> list[Cell]:
    status = obj.get("status") or {}
    spec = obj.get("spec") or {}
    statuses = status.get("containerStatuses") or []
    total = len(spec.get("containers") or [])
    ready = sum(1 for container in statuses if container.get("ready"))
    restarts = sum(int(container.get("restartCount") or 0) for container in statuses)
    last = max(
        (
            finished
            for container in statuses
            if (
                finished := parse_time(
                    ((container.get("lastState") or {}).get("terminated") or {}).get("finishedAt")
                )
            )
            is not None
        ),
        default=None,
    )
    restarts_cell = str(restarts)
    if restarts and last is not None:
        restarts_cell = f"{restarts} ({human_duration((now - last).total_seconds())} ago)"
    gates = spec.get("readinessGates") or []
    return [
        obj["metadata"]["name"],
        f"{ready}/{total}",
        pod_status(obj),
        restarts_cell,
        age(obj, now),
        status.get("podIP") or "<none>",
        spec.get("nodeName") or "<none>",
        status.get("nominatedNodeName") or "<none>",
        f"0/{len(gates)}" if gates else "<none>",
    ]


def node_status(obj: Obj) -> str:
    conditions = {
        c.get("type"): c.get("status") for c in obj.get("status", {}).get("conditions", [])
    }
    ready = conditions.get("Ready")
    # kubectl prints NotReady for Ready=False and Ready=Unknown alike.
    text = "Ready" if ready == "True" else "NotReady" if ready is not None else "Unknown"
    if (obj.get("spec") or {}).get("unschedulable"):
        text += ",SchedulingDisabled"
    return text


def _node_row(obj: Obj, now: datetime) -> list[Cell]:
    labels = obj["metadata"].get("labels") or {}
    roles = sorted(
        key.removeprefix("node-role.kubernetes.io/")
        for key in labels
        if key.startswith("node-role.kubernetes.io/")
    )
    status = obj.get("status") or {}
    addresses = {a.get("type"): a.get("address") for a in status.get("addresses") or []}
    info = status.get("nodeInfo") or {}
    return [
        obj["metadata"]["name"],
        node_status(obj),
        ",".join(roles) or "<none>",
        age(obj, now),
        info.get("kubeletVersion", ""),
        addresses.get("InternalIP") or "<none>",
        addresses.get("ExternalIP") or "<none>",
        info.get("osImage") or "<unknown>",
        info.get("kernelVersion") or "<unknown>",
        info.get("containerRuntimeVersion") or "<unknown>",
    ]


def _namespace_row(obj: Obj, now: datetime) -> list[Cell]:
    phase = (obj.get("status") or {}).get("phase", "")
    return [obj["metadata"]["name"], phase, age(obj, now)]


def _default_row(obj: Obj, now: datetime) -> list[Cell]:
    return [obj["metadata"]["name"], age(obj, now)]


NAME = Column(
    "Name",
    "Name must be unique within a namespace. Cannot be updated.",
    format="name",
)
AGE = Column("Age", "CreationTimestamp is the time the object was created, as an age.")

POD_TABLE = TableSpec(
    (
        NAME,
        Column("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        Column("Status", "The aggregate status of the containers in this pod."),
        Column("Restarts", "The number of times the containers in this pod have been restarted."),
        AGE,
        Column("IP", "IP address allocated to the pod.", priority=1),
        Column("Node", "Name of the node the pod is assigned to.", priority=1),
        Column("Nominated Node", "Node the pod is nominated to run on.", priority=1),
        Column("Readiness Gates", "Pod readiness gates.", priority=1),
    ),
    _pod_row,
)
NODE_TABLE = TableSpec(
    (
        NAME,
        Column("Status", "The status of the node."),
        Column("Roles", "The roles of the node."),
        AGE,
        Column("Version", "Kubelet Version reported by the node."),
        Column("Internal-IP", "The internal IP of the node.", priority=1),
        Column("External-IP", "The external IP of the node.", priority=1),
        Column("OS-Image", "OS image reported by the node.", priority=1),
        Column("Kernel-Version", "Kernel version reported by the node.", priority=1),
        Column("Container-Runtime", "Container runtime reported by the node.", priority=1),
    ),
    _node_row,
)
NAMESPACE_TABLE = TableSpec(
    (NAME, Column("Status", "The status of the namespace."), AGE),
    _namespace_row,
)
DEFAULT_TABLE = TableSpec((NAME, AGE), _default_row)
