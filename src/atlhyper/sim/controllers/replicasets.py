"""The ReplicaSet controller: keeps `spec.replicas` pods alive and reports how many are ready.

Missing pods are created from the template (named `<replicaset>-<5 chars>`) with a
SuccessfulCreate event; surplus pods are deleted unscheduled-first, then not-ready, then newest,
as upstream ranks them, with a SuccessfulDelete event. Finished and terminating pods do not count.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim.controllers.base import (
    Key,
    PodOwner,
    owned_pods,
    owner_ref,
)
from atlhyper.sim.controllers.templates import is_active, is_ready, pod_from_template
from atlhyper.sim.errors import ApiError

Obj = dict[str, Any]

#: Pods created or deleted per reconcile, like the controller's slow-start batches.
BURST = 500
COMPONENT = "replicaset-controller"


class ReplicaSets(PodOwner):
    watches = ("ReplicaSet", "Pod")
    owns = "ReplicaSet"

    def reconcile(self, key: Key) -> float | None:
        found = self.live(key)
        if found is None:
            return None
        entry, rs = found
        spec = rs.get("spec") or {}
        pods = owned_pods(self.ctx, entry.uid)
        active = [pod for pod in pods if is_active(pod)]
        wanted = int(spec.get("replicas", 1) or 0)
        if len(active) < wanted:
            for _ in range(min(wanted - len(active), BURST)):
                pod = pod_from_template(
                    spec.get("template") or {},
                    key[0],
                    owner_ref(self._kind, rs),
                    generate_name=f"{key[1]}-",
                )
                try:
                    created = self.ctx.cluster.create(self._pods, key[0], pod)
                except ApiError:
                    return 5.0  # e.g. the namespace is terminating; retry like a requeue
                self.ctx.recorder.emit(
                    self._kind,
                    entry,
                    "Normal",
                    "SuccessfulCreate",
                    f"Created pod: {created.name}",
                    COMPONENT,
                )
                active.append(created.decode())
        elif len(active) > wanted:
            for pod in sorted(active, key=_deletion_rank)[: min(len(active) - wanted, BURST)]:
                name = pod["metadata"]["name"]
                try:
                    self.ctx.cluster.delete(self._pods, key[0], name)
                except ApiError:
                    continue
                self.ctx.recorder.emit(
                    self._kind,
                    entry,
                    "Normal",
                    "SuccessfulDelete",
                    f"Deleted pod: {name}",
                    COMPONENT,
                )
            pods = owned_pods(self.ctx, entry.uid)
            active = [pod for pod in pods if is_active(pod)]
        self._status(key, rs, active)
        return None

    def _status(self, key: Key, rs: Obj, active: list[Obj]) -> None:
        ready = sum(1 for pod in active if is_ready(pod))
        selector = (rs.get("spec") or {}).get("selector") or {}
        labeled = sum(
            1
            for pod in active
            if all(
                (pod["metadata"].get("labels") or {}).get(k) == v
                for k, v in (selector.get("matchLabels") or {}).items()
            )
        )
        status: Obj = {
            "replicas": len(active),
            "fullyLabeledReplicas": labeled,
            "readyReplicas": ready,
            "availableReplicas": ready,
            "observedGeneration": rs["metadata"].get("generation", 1),
        }
        status = {k: v for k, v in status.items() if v or k in ("replicas", "observedGeneration")}

        def change(obj: Obj) -> bool:
            if obj.get("status") == status:
                return False
            obj["status"] = status
            return True

        self.ctx.cluster.mutate(self._kind, key[0], key[1], change)


def _deletion_rank(pod: Obj) -> tuple[int, int, int, str]:
    status = pod.get("status") or {}
    unscheduled = 0 if not (pod.get("spec") or {}).get("nodeName") else 1
    phase_rank = {"Pending": 0, "Unknown": 1, "Running": 2}.get(status.get("phase", ""), 0)
    ready = 1 if is_ready(pod) else 0
    created = str(pod["metadata"].get("creationTimestamp", ""))
    # Newer pods go first: invert the timestamp order by negating via sort on reversed string.
    return (unscheduled, phase_rank, ready, "".join(chr(255 - ord(ch)) for ch in created))
