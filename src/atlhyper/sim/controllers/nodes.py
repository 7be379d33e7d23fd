"""The node lifecycle controller: what happens when a node stops being Ready.

It taints the node `node.kubernetes.io/unreachable` (Ready=Unknown) or `not-ready` (Ready=False)
with NoSchedule and NoExecute, records NodeNotReady on the node and on each of its pods, and marks
those pods not Ready so Services and budgets stop counting them, as the upstream controller does.
A node that becomes Ready again loses the taints.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim.cluster import now_rfc3339
from atlhyper.sim.controllers.base import Key, Reconciler

Obj = dict[str, Any]
COMPONENT = "node-controller"
_TAINTS = ("node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready")


def ready_status(node: Obj) -> str:
    for condition in (node.get("status") or {}).get("conditions") or []:
        if condition.get("type") == "Ready":
            return str(condition.get("status", "Unknown"))
    return "Unknown"


class NodeLifecycle(Reconciler):
    watches = ("Node",)
    owns = "Node"

    def reconcile(self, key: Key) -> float | None:
        nodes, pods = self.ctx.kind("Node"), self.ctx.kind("Pod")
        entry = self.ctx.store.get(nodes, *key)
        if entry is None:
            return None
        node = entry.decode()
        ready = ready_status(node)
        taint_key = {"Unknown": _TAINTS[0], "False": _TAINTS[1]}.get(ready)
        now = now_rfc3339()

        def taint(obj: Obj) -> bool:
            spec = obj.setdefault("spec", {})
            kept = [t for t in spec.get("taints") or [] if t.get("key") not in _TAINTS]
            if taint_key:
                kept.append({"key": taint_key, "effect": "NoSchedule", "timeAdded": now})
                kept.append({"key": taint_key, "effect": "NoExecute", "timeAdded": now})
            before = [(t.get("key"), t.get("effect")) for t in spec.get("taints") or []]
            if before == [(t.get("key"), t.get("effect")) for t in kept]:
                return False
            if kept:
                spec["taints"] = kept
            else:
                spec.pop("taints", None)
            return True

        updated = self.ctx.cluster.mutate(nodes, "", key[1], taint)
        if taint_key is None or updated is None or updated.rv == entry.rv:
            return None
        self.ctx.recorder.emit(
            nodes,
            updated,
            "Normal",
            "NodeNotReady",
            f"Node {key[1]} status is now: NodeNotReady",
            COMPONENT,
        )
        for pod in list(self.ctx.store.entries(pods)):
            if pod.field(pods, "spec.nodeName") != key[1]:
                continue

            def unready(obj: Obj) -> bool:
                changed = False
                for condition in (obj.get("status") or {}).get("conditions") or []:
                    if (
                        condition.get("type") in ("Ready", "ContainersReady")
                        and condition.get("status") != "False"
                    ):
                        condition.update(status="False", lastTransitionTime=now)
                        changed = True
                return changed

            marked = self.ctx.cluster.mutate(pods, pod.namespace, pod.name, unready)
            if marked is not None:
                self.ctx.recorder.emit(
                    pods, marked, "Warning", "NodeNotReady", "Node is not ready", COMPONENT
                )
        return None
