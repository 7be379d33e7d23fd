"""The scheduler: binds each unbound pod to the least-loaded node that fits it.

Fit follows the default scheduler's filters that matter for a small cluster: the node is Ready and
not cordoned, its NoSchedule/NoExecute taints are tolerated, the pod's nodeSelector matches, the
pod count and the CPU/memory requests fit the node's allocatable, and the pod's
PersistentVolumeClaims are bound. A pod that fits nowhere stays Pending with PodScheduled=False
(Unschedulable) and a FailedScheduling event carrying the scheduler's summary, and is retried when
a node or claim changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from atlhyper.sim import objects, quantity
from atlhyper.sim.cluster import now_rfc3339
from atlhyper.sim.controllers.base import Context, Key, Reconciler
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Event

Obj = dict[str, Any]


@dataclass(frozen=True, slots=True)
class NodeInfo:
    name: str
    ready: bool
    unschedulable: bool
    taints: tuple[Obj, ...]
    labels: dict[str, str]
    pods: int
    cpu: float
    memory: float
    cidr: str
    ip: str


def untolerated(taints: Iterable[Obj], tolerations: list[Obj]) -> Obj | None:
    """The first NoSchedule/NoExecute taint no toleration covers."""
    for taint in taints:
        if taint.get("effect") == "PreferNoSchedule":
            continue
        if not any(tolerates(toleration, taint) for toleration in tolerations):
            return taint
    return None


def tolerates(toleration: Obj, taint: Obj) -> bool:
    if toleration.get("effect") and toleration.get("effect") != taint.get("effect"):
        return False
    operator = toleration.get("operator") or "Equal"
    if not toleration.get("key"):
        return operator == "Exists"
    if toleration.get("key") != taint.get("key"):
        return False
    return operator == "Exists" or toleration.get("value", "") == taint.get("value", "")


def node_info(obj: Obj) -> NodeInfo:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    ready = any(
        c.get("type") == "Ready" and c.get("status") == "True"
        for c in status.get("conditions") or []
    )
    allocatable = status.get("allocatable") or {}
    addresses = {a.get("type"): a.get("address") for a in status.get("addresses") or []}
    return NodeInfo(
        name=obj["metadata"]["name"],
        ready=ready,
        unschedulable=bool(spec.get("unschedulable")),
        taints=tuple(spec.get("taints") or ()),
        labels=dict(obj["metadata"].get("labels") or {}),
        pods=int(quantity.parse(allocatable.get("pods", 110))),
        cpu=quantity.parse(allocatable.get("cpu", "0")),
        memory=quantity.parse(allocatable.get("memory", "0")),
        cidr=str(spec.get("podCIDR") or "10.244.0.0/24"),
        ip=str(addresses.get("InternalIP") or ""),
    )


class Scheduler(Reconciler):
    watches = ("Pod", "Node", "PersistentVolumeClaim")
    owns = "Pod"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._pods = ctx.kind("Pod")
        self._nodes_kind = ctx.kind("Node")
        self._claims = ctx.kind("PersistentVolumeClaim")
        self._nodes: list[NodeInfo] | None = None
        #: Pods and requested (cpu, memory) per node, kept from pod events.
        self.usage: dict[str, list[float]] = {}
        self._waiting: set[Key] = set()

    def start(self) -> None:
        for entry in self.ctx.store.entries(self._pods):
            self._account(entry.field(self._pods, "spec.nodeName"), entry, 1)
            if not entry.field(self._pods, "spec.nodeName"):
                self.enqueue((entry.key,))

    def _account(self, node: str, entry: Any, sign: int) -> None:
        if not node:
            return
        cpu, memory = (float(v) for v in entry.field(self._pods, "requests").split(","))
        used = self.usage.setdefault(node, [0.0, 0.0, 0.0])
        used[0] += sign
        used[1] += sign * cpu
        used[2] += sign * memory

    def keys_for(self, kind: Kind, event: Event) -> Iterable[Key]:
        if kind is self._pods:
            before = event.prev.field(kind, "spec.nodeName") if event.prev is not None else ""
            after = event.entry.field(kind, "spec.nodeName") if event.type != "DELETED" else ""
            terminal = event.entry.field(kind, "status.phase") in ("Succeeded", "Failed")
            if event.type == "DELETED" or terminal:
                after = ""
            prev_terminal = event.prev is not None and event.prev.field(kind, "status.phase") in (
                "Succeeded",
                "Failed",
            )
            if prev_terminal:
                before = ""
            if before != after:
                self._account(before, event.prev, -1)
                self._account(after, event.entry, 1)
                if before and self._waiting:
                    return tuple(self._waiting)
            if event.type != "DELETED" and not event.entry.field(kind, "spec.nodeName"):
                return (event.entry.key,)
            if event.type == "DELETED":
                self._waiting.discard(event.entry.key)
            return ()
        if kind is self._nodes_kind:
            self._nodes = None
        return tuple(self._waiting)

    def nodes(self) -> list[NodeInfo]:
        if self._nodes is None:
            self._nodes = sorted(
                (node_info(entry.decode()) for entry in self.ctx.store.entries(self._nodes_kind)),
                key=lambda node: node.name,
            )
        return self._nodes

    def reconcile(self, key: Key) -> float | None:
        entry = self.ctx.store.get(self._pods, *key)
        if entry is None or entry.field(self._pods, "spec.nodeName"):
            self._waiting.discard(key)
            return None
        pod = entry.decode()
        if pod["metadata"].get("deletionTimestamp"):
            self._waiting.discard(key)
            return None
        spec = pod.get("spec") or {}
        if spec.get("schedulerName", "default-scheduler") != "default-scheduler":
            return None
        chosen, message = self._choose(pod, entry)
        if chosen is None:
            self._waiting.add(key)
            conditions = (pod.get("status") or {}).get("conditions") or []
            if any(c.get("message") == message for c in conditions):
                return None
            when = now_rfc3339()

            def mark(obj: Obj) -> bool:
                objects.unschedulable(obj, message, when)
                return True

            updated = self.ctx.cluster.mutate(self._pods, key[0], key[1], mark)
            if updated is not None:
                self.ctx.recorder.emit(
                    self._pods,
                    updated,
                    "Warning",
                    "FailedScheduling",
                    message,
                    "default-scheduler",
                )
            return None
        self._waiting.discard(key)
        when = now_rfc3339()

        def bind(obj: Obj) -> bool:
            objects.scheduled(obj, chosen.name, when)
            return True

        bound = self.ctx.cluster.mutate(self._pods, key[0], key[1], bind)
        if bound is not None:
            self.ctx.recorder.emit(
                self._pods,
                bound,
                "Normal",
                "Scheduled",
                f"Successfully assigned {key[0]}/{key[1]} to {chosen.name}",
                "default-scheduler",
            )
        return None

    def _choose(self, pod: Obj, entry: Any) -> tuple[NodeInfo | None, str]:
        spec = pod.get("spec") or {}
        nodes = self.nodes()
        claim_problem = self._claims_problem(pod)
        if claim_problem:
            return None, (
                f"0/{len(nodes)} nodes are available: {claim_problem}. preemption: 0/{len(nodes)} "
                f"nodes are available: {len(nodes)} Preemption is not helpful for scheduling."
            )
        tolerations = spec.get("tolerations") or []
        selector = spec.get("nodeSelector") or {}
        cpu, memory = (float(v) for v in entry.field(self._pods, "requests").split(","))
        reasons: Counter[str] = Counter()
        best: NodeInfo | None = None
        best_load = 0.0
        for node in nodes:
            used = self.usage.get(node.name, [0.0, 0.0, 0.0])
            taint = untolerated(node.taints, tolerations)
            if node.unschedulable:
                reasons["node(s) were unschedulable"] += 1
            elif taint is not None:
                text = f"{taint.get('key', '')}: {taint.get('value', '')}"
                reasons[f"node(s) had untolerated taint {{{text}}}"] += 1
            elif not node.ready:
                reasons["node(s) were not ready"] += 1
            elif any(node.labels.get(k) != v for k, v in selector.items()):
                reasons["node(s) didn't match Pod's node affinity/selector"] += 1
            elif used[0] + 1 > node.pods:
                reasons["Too many pods"] += 1
            elif cpu and used[1] + cpu > node.cpu:
                reasons["Insufficient cpu"] += 1
            elif memory and used[2] + memory > node.memory:
                reasons["Insufficient memory"] += 1
            else:
                load = used[0] / max(node.pods, 1) + (used[1] / node.cpu if node.cpu else 0)
                if best is None or load < best_load:
                    best, best_load = node, load
        if best is not None:
            return best, ""
        if not nodes:
            return None, "no nodes available to schedule pods"
        # The scheduler sorts the formatted "<count> <reason>" strings.
        detail = ", ".join(sorted(f"{count} {reason}" for reason, count in reasons.items()))
        helpful = sum(c for r, c in reasons.items() if r.startswith("Insufficient"))
        preemption = []
        if len(nodes) - helpful:
            preemption.append(f"{len(nodes) - helpful} Preemption is not helpful for scheduling")
        if helpful:
            preemption.append(f"{helpful} No preemption victims found for incoming pod")
        return None, (
            f"0/{len(nodes)} nodes are available: {detail}. preemption: 0/{len(nodes)} nodes are "
            f"available: {', '.join(preemption)}."
        )

    def _claims_problem(self, pod: Obj) -> str:
        namespace = pod["metadata"]["namespace"]
        for volume in (pod.get("spec") or {}).get("volumes") or []:
            claim = (volume.get("persistentVolumeClaim") or {}).get("claimName")
            if not claim:
                continue
            entry = self.ctx.store.get(self._claims, namespace, claim)
            if entry is None:
                return f'persistentvolumeclaim "{claim}" not found'
            status = entry.decode().get("status") or {}
            if status.get("phase") != "Bound":
                return "pod has unbound immediate PersistentVolumeClaims"
        return ""
