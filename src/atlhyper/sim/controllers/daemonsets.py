"""The DaemonSet controller: one pod on every schedulable node whose taints the pods tolerate.

Daemon pods get the tolerations the upstream controller adds (not-ready, unreachable,
disk/memory/PID pressure, unschedulable), so they also land on cordoned nodes, and are bound to
their node directly with a matching node affinity, as the controller does. Pods on nodes that no
longer qualify are deleted; a template change replaces pods one node at a time
(`maxUnavailable: 1`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from atlhyper.sim import objects
from atlhyper.sim.cluster import now_rfc3339
from atlhyper.sim.controllers.base import (
    Context,
    Key,
    PodOwner,
    owned_pods,
    owner_ref,
)
from atlhyper.sim.controllers.scheduler import untolerated
from atlhyper.sim.controllers.templates import is_active, is_ready, pod_from_template, template_hash
from atlhyper.sim.errors import ApiError
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Event

Obj = dict[str, Any]
COMPONENT = "daemonset-controller"

DAEMON_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
]


def daemon_revision(ds: Obj) -> str:
    return template_hash((ds.get("spec") or {}).get("template") or {})[:10]


def daemon_pod(ds: Obj, kind: Kind, node: str, revision: str) -> Obj:
    spec = ds.get("spec") or {}
    template = copy.deepcopy(spec.get("template") or {})
    pod_spec = template.setdefault("spec", {})
    tolerations = list(pod_spec.get("tolerations") or [])
    for toleration in DAEMON_TOLERATIONS:
        if toleration not in tolerations:
            tolerations.append(dict(toleration))
    pod_spec["tolerations"] = tolerations
    pod_spec["affinity"] = {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [
                    {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]}
                ]
            }
        }
    }
    generation = str(ds["metadata"].get("generation", 1))
    pod = pod_from_template(
        template,
        ds["metadata"]["namespace"],
        owner_ref(kind, ds),
        generate_name=f"{ds['metadata']['name']}-",
        labels={"controller-revision-hash": revision, "pod-template-generation": generation},
    )
    objects.scheduled(pod, node, now_rfc3339())
    return pod


class DaemonSets(PodOwner):
    watches = ("DaemonSet", "Pod", "Node")
    owns = "DaemonSet"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._nodes = ctx.kind("Node")

    def keys_for(self, kind: Kind, event: Event) -> Iterable[Key]:
        if kind is self._nodes:
            if event.prev is not None and event.type == "MODIFIED":
                before, after = event.prev.decode(), event.entry.decode()
                if (before.get("spec"), before["metadata"].get("labels")) == (
                    after.get("spec"),
                    after["metadata"].get("labels"),
                ) and _ready(before) == _ready(after):
                    return []
            return [entry.key for entry in self.ctx.store.entries(self._kind)]
        return super().keys_for(kind, event)

    def _eligible(self, ds: Obj) -> list[str]:
        template_spec = ((ds.get("spec") or {}).get("template") or {}).get("spec") or {}
        tolerations = [*(template_spec.get("tolerations") or []), *DAEMON_TOLERATIONS]
        selector = template_spec.get("nodeSelector") or {}
        names = []
        for entry in self.ctx.store.entries(self._nodes):
            node = entry.decode()
            labels = node["metadata"].get("labels") or {}
            if any(labels.get(k) != v for k, v in selector.items()):
                continue
            if untolerated((node.get("spec") or {}).get("taints") or [], tolerations) is not None:
                continue
            names.append(entry.name)
        return names

    def reconcile(self, key: Key) -> float | None:
        found = self.live(key)
        if found is None:
            return None
        entry, ds = found
        eligible = set(self._eligible(ds))
        revision = daemon_revision(ds)
        by_node: dict[str, list[Obj]] = {}
        for pod in owned_pods(self.ctx, entry.uid):
            if is_active(pod):
                by_node.setdefault((pod.get("spec") or {}).get("nodeName", ""), []).append(pod)
        for node in sorted(eligible - set(by_node)):
            try:
                created = self.ctx.cluster.create(
                    self._pods, key[0], daemon_pod(ds, self._kind, node, revision)
                )
            except ApiError:
                return 5.0
            self.ctx.recorder.emit(
                self._kind,
                entry,
                "Normal",
                "SuccessfulCreate",
                f"Created pod: {created.name}",
                COMPONENT,
            )
        for node, pods in by_node.items():
            surplus = pods if node not in eligible else pods[1:]
            for pod in surplus:
                self._delete(entry, pod)
        outdated = [
            pods[0]
            for node, pods in sorted(by_node.items())
            if node in eligible
            and (pods[0]["metadata"].get("labels") or {}).get("controller-revision-hash")
            != revision
        ]
        if outdated and all(is_ready(p[0]) for n, p in by_node.items() if n in eligible):
            self._delete(entry, outdated[0])
        self._status(key, ds, eligible, revision)
        return None

    def _delete(self, entry: Any, pod: Obj) -> None:
        try:
            self.ctx.cluster.delete(
                self._pods, pod["metadata"]["namespace"], pod["metadata"]["name"]
            )
        except ApiError:
            return
        self.ctx.recorder.emit(
            self._kind,
            entry,
            "Normal",
            "SuccessfulDelete",
            f"Deleted pod: {pod['metadata']['name']}",
            COMPONENT,
        )

    def _status(self, key: Key, ds: Obj, eligible: set[str], revision: str) -> None:
        entry = self.ctx.store.get(self._kind, *key)
        if entry is None:
            return
        pods = [p for p in owned_pods(self.ctx, entry.uid) if is_active(p)]
        on_nodes = {(p.get("spec") or {}).get("nodeName") for p in pods}
        ready = sum(1 for p in pods if is_ready(p) and p["spec"].get("nodeName") in eligible)
        updated = sum(
            1
            for p in pods
            if (p["metadata"].get("labels") or {}).get("controller-revision-hash") == revision
        )
        status: Obj = {
            "currentNumberScheduled": len(on_nodes & eligible),
            "numberMisscheduled": len(on_nodes - eligible),
            "desiredNumberScheduled": len(eligible),
            "numberReady": ready,
            "observedGeneration": ds["metadata"].get("generation", 1),
            "updatedNumberScheduled": updated,
            "numberAvailable": ready,
            "numberUnavailable": max(len(eligible) - ready, 0),
        }
        status = {k: v for k, v in status.items() if v or k not in ("numberUnavailable",)}

        def change(obj: Obj) -> bool:
            if obj.get("status") == status:
                return False
            obj["status"] = status
            return True

        self.ctx.cluster.mutate(self._kind, key[0], key[1], change)


def _ready(node: Obj) -> bool:
    return any(
        c.get("type") == "Ready" and c.get("status") == "True"
        for c in (node.get("status") or {}).get("conditions") or []
    )
