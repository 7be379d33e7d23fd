"""The disruption controller: keeps each PodDisruptionBudget's status current.

Status carries what `kubectl get pdb` and the eviction subresource read: expected pods, current and
desired healthy, disruptionsAllowed, the DisruptionAllowed condition (SufficientPods or
InsufficientPods) and `disruptedPods` for evictions still in flight.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim import pdb
from atlhyper.sim.cluster import now_rfc3339
from atlhyper.sim.controllers.base import Context, Key, Reconciler
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Event

Obj = dict[str, Any]


class Disruption(Reconciler):
    watches = ("PodDisruptionBudget", "Pod")
    owns = "PodDisruptionBudget"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._kind = ctx.kind("PodDisruptionBudget")
        self._pods = ctx.kind("Pod")

    def keys_for(self, kind: Kind, event: Event) -> list[Key]:
        if kind is self._kind:
            return [event.entry.key]
        return [entry.key for entry in self.ctx.store.entries(self._kind, event.entry.namespace)]

    def _in_flight(self, namespace: str, name: str) -> bool:
        """An evicted pod whose deletion the budget has not seen start yet."""
        entry = self.ctx.store.get(self._pods, namespace, name)
        return entry is not None and not entry.decode()["metadata"].get("deletionTimestamp")

    def reconcile(self, key: Key) -> float | None:
        entry = self.ctx.store.get(self._kind, *key)
        if entry is None:
            return None
        health = pdb.health(self.ctx.store, self._pods, entry)
        now = now_rfc3339()

        def change(obj: Obj) -> bool:
            old = obj.get("status") or {}
            disrupted = {
                name: when
                for name, when in (old.get("disruptedPods") or {}).items()
                if self._in_flight(key[0], name)
            }
            allowed = max(health.disruptions_allowed - len(disrupted), 0)
            before = {c.get("type"): c for c in old.get("conditions") or []}.get(
                "DisruptionAllowed"
            ) or {}
            value = "True" if allowed > 0 else "False"
            status: Obj = {
                "observedGeneration": obj["metadata"].get("generation", 1),
                "disruptionsAllowed": allowed,
                "currentHealthy": health.current_healthy,
                "desiredHealthy": health.desired_healthy,
                "expectedPods": health.expected,
                "conditions": [
                    {
                        "type": "DisruptionAllowed",
                        "status": value,
                        "observedGeneration": obj["metadata"].get("generation", 1),
                        "lastTransitionTime": before.get("lastTransitionTime")
                        if before.get("status") == value
                        else now,
                        "reason": "SufficientPods" if allowed > 0 else "InsufficientPods",
                        "message": "",
                    }
                ],
            }
            if disrupted:
                status["disruptedPods"] = disrupted
            if old == status:
                return False
            obj["status"] = status
            return True

        self.ctx.cluster.mutate(self._kind, key[0], key[1], change)
        return None
