"""Kubelet evictions under node memory pressure (the `eviction-storm` scenario).

Every cycle one worker at a time reports MemoryPressure and takes the
`node.kubernetes.io/memory-pressure` taint, and its kubelet evicts the BestEffort pods of
ordinary workloads: they end `Failed` with `reason: Evicted` and the kubelet's message, with an
Evicted event, and their controllers replace them elsewhere. Later the pressure lifts. Evicted
pods are kept, as on a real cluster, up to a bound after which the oldest are deleted.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim.cluster import now_rfc3339
from atlhyper.sim.controllers.base import Context
from atlhyper.sim.controllers.kubelet import Kubelet

Obj = dict[str, Any]
TAINT = "node.kubernetes.io/memory-pressure"
CYCLE = 30.0
KEEP_EVICTED = 40


class MemoryPressure:
    def __init__(self, ctx: Context, kubelet: Kubelet) -> None:
        self.ctx = ctx
        self._kubelet = kubelet
        self._turn = 0
        self._evicted: list[tuple[str, str]] = []
        self._stopped = False

    def start(self) -> None:
        self.ctx.later(self._period() / 3, self._press)

    def stop(self) -> None:
        self._stopped = True

    def _period(self) -> float:
        return CYCLE * self.ctx.timing.scale

    def _workers(self) -> list[str]:
        nodes = self.ctx.kind("Node")
        return [
            e.name
            for e in self.ctx.store.entries(nodes)
            if "node-role.kubernetes.io/control-plane" not in e.labels
        ]

    def _press(self) -> None:
        if self._stopped:
            return
        workers = self._workers()
        if workers:
            node = workers[self._turn % len(workers)]
            self._turn += 1
            self._set(node, True)
            self._evict(node)
            self.ctx.later(self._period() / 2, self._set, node, False)
        self.ctx.later(self._period(), self._press)

    def _set(self, node: str, pressure: bool) -> None:
        nodes = self.ctx.kind("Node")
        now = now_rfc3339()

        def change(obj: Obj) -> bool:
            for condition in (obj.get("status") or {}).get("conditions") or []:
                if condition.get("type") == "MemoryPressure":
                    condition.update(
                        status="True" if pressure else "False",
                        reason="KubeletHasInsufficientMemory"
                        if pressure
                        else "KubeletHasSufficientMemory",
                        message="kubelet has insufficient memory available"
                        if pressure
                        else "kubelet has sufficient memory available",
                        lastTransitionTime=now,
                        lastHeartbeatTime=now,
                    )
            spec = obj.setdefault("spec", {})
            taints = [t for t in spec.get("taints") or [] if t.get("key") != TAINT]
            if pressure:
                taints.append({"key": TAINT, "effect": "NoSchedule", "timeAdded": now})
            if taints:
                spec["taints"] = taints
            else:
                spec.pop("taints", None)
            return True

        updated = self.ctx.cluster.mutate(nodes, "", node, change)
        if pressure and updated is not None:
            self.ctx.recorder.emit(
                nodes,
                updated,
                "Warning",
                "EvictionThresholdMet",
                "Attempting to reclaim memory",
                "kubelet",
                host=node,
            )

    def _evict(self, node: str) -> None:
        pods = self.ctx.kind("Pod")
        now = now_rfc3339()
        for entry in list(self.ctx.store.entries(pods)):
            if entry.field(pods, "spec.nodeName") != node:
                continue
            if entry.field(pods, "status.phase") != "Running" or entry.namespace == "kube-system":
                continue
            pod = entry.decode()
            if (
                (pod.get("status") or {}).get("qosClass") != "BestEffort"
                or pod["metadata"].get("deletionTimestamp")
                or "DaemonSet/" in entry.field(pods, "controller")
            ):
                continue
            container = ((pod.get("spec") or {}).get("containers") or [{}])[0].get("name", "")
            message = (
                "The node was low on resource: memory. Threshold quantity: 100Mi, available: "
                f"{80_000 + self.ctx.rng.randint(0, 20_000)}Ki. Container {container} was using "
                f"{300_000 + self.ctx.rng.randint(0, 200_000)}Ki, request is 0, has larger "
                "consumption of memory. "
            )
            self._kubelet.forget(entry.uid)

            def evicted(obj: Obj, message: str = message) -> bool:
                status = obj.setdefault("status", {})
                status.update(phase="Failed", reason="Evicted", message=message)
                for condition in status.get("conditions") or []:
                    if condition.get("type") in ("Ready", "ContainersReady"):
                        condition.update(status="False", reason="PodFailed", lastTransitionTime=now)
                for cs in status.get("containerStatuses") or []:
                    # The kubelet stops reporting the killed containers: their last known
                    # state stays, no longer ready, which kubectl shows as STATUS Evicted.
                    cs.update(ready=False, started=False)
                return True

            updated = self.ctx.cluster.mutate(pods, entry.namespace, entry.name, evicted)
            if updated is None:
                continue
            self.ctx.recorder.emit(
                pods, updated, "Warning", "Evicted", message.strip(), "kubelet", host=node
            )
            self._evicted.append(entry.key)
        while len(self._evicted) > KEEP_EVICTED:
            namespace, name = self._evicted.pop(0)
            if self.ctx.store.get(pods, namespace, name) is not None:
                self.ctx.store.remove(pods, namespace, name)
