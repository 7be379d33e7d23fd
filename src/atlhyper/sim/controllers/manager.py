"""Wires every controller to the store: one listener that routes events by kind.

Order matters only for fairness within a loop iteration; each controller has its own queue.
"""

from __future__ import annotations

import random
from collections import defaultdict

from atlhyper.sim.cluster import Cluster
from atlhyper.sim.controllers.base import Context, Reconciler, Timing
from atlhyper.sim.controllers.churn import Churn
from atlhyper.sim.controllers.cronjobs import CronJobs
from atlhyper.sim.controllers.daemonsets import DaemonSets
from atlhyper.sim.controllers.deployments import Deployments
from atlhyper.sim.controllers.disruption import Disruption
from atlhyper.sim.controllers.endpoints import Endpoints
from atlhyper.sim.controllers.gc import GarbageCollector
from atlhyper.sim.controllers.hpa import Autoscalers
from atlhyper.sim.controllers.jobs import Jobs
from atlhyper.sim.controllers.kubelet import Kubelet
from atlhyper.sim.controllers.namespaces import Namespaces
from atlhyper.sim.controllers.nodes import NodeLifecycle
from atlhyper.sim.controllers.pressure import MemoryPressure
from atlhyper.sim.controllers.replicasets import ReplicaSets
from atlhyper.sim.controllers.scheduler import Scheduler
from atlhyper.sim.controllers.statefulsets import StatefulSets
from atlhyper.sim.controllers.volumes import Volumes
from atlhyper.sim.events import Recorder
from atlhyper.sim.kinds import Kind
from atlhyper.sim.metrics import UsageModel
from atlhyper.sim.store import Event


class Manager:
    def __init__(
        self,
        cluster: Cluster,
        rng: random.Random,
        timing: Timing,
        usage: UsageModel,
        eviction_storm: bool = False,
        churn_per_second: float = 0.0,
    ) -> None:
        self.ctx = Context(cluster, rng, Recorder(cluster, rng), timing)
        self.kubelet = Kubelet(self.ctx)
        self.controllers: list[Reconciler] = [
            Scheduler(self.ctx),
            self.kubelet,
            Namespaces(self.ctx),
            NodeLifecycle(self.ctx),
            Deployments(self.ctx),
            ReplicaSets(self.ctx),
            StatefulSets(self.ctx),
            DaemonSets(self.ctx),
            Jobs(self.ctx),
            CronJobs(self.ctx),
            Endpoints(self.ctx),
            Disruption(self.ctx),
            Autoscalers(self.ctx, usage),
            Volumes(self.ctx),
            GarbageCollector(self.ctx),
        ]
        self._routes: dict[str, list[Reconciler]] = defaultdict(list)
        for controller in self.controllers:
            for kind in controller.watches:
                self._routes[kind].append(controller)
        self._pressure = MemoryPressure(self.ctx, self.kubelet) if eviction_storm else None
        self._churn = Churn(self.ctx, churn_per_second)

    def start(self) -> None:
        """Take over the current state and follow every change from now on."""
        for controller in self.controllers:
            controller.start()
        self.ctx.store.listeners.append(self._on_event)
        if self._pressure is not None:
            self._pressure.start()
        self._churn.start()

    def stop(self) -> None:
        if self._on_event in self.ctx.store.listeners:
            self.ctx.store.listeners.remove(self._on_event)
        for controller in self.controllers:
            controller.stop()
        if self._pressure is not None:
            self._pressure.stop()
        self._churn.stop()

    def _on_event(self, kind: Kind, event: Event) -> None:
        for controller in self._routes.get(kind.kind, ()):
            controller.on_event(kind, event)
