"""The cluster's moving parts: scheduler, kubelet and namespace controller, in one small loop.

It reacts to store events the way the real components react to watches: an unbound pod is bound
to the least-loaded Ready node whose taints it tolerates (or marked Unschedulable with the
scheduler's message), a bound pod becomes Running after a short start-up delay, a pod being
deleted gracefully disappears after its containers "stop", and a terminating namespace is emptied
and then removed.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

import structlog

from atlhyper.sim import objects
from atlhyper.sim.cluster import Cluster, now_rfc3339
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Entry, Event

Obj = dict[str, Any]
Key = tuple[str, str]

log = structlog.get_logger("atlhyper.sim.controller")


@dataclass(frozen=True, slots=True)
class _Node:
    name: str
    ready: bool
    unschedulable: bool
    taints: tuple[Obj, ...]
    capacity: int
    cidr: str
    ip: str


class Controller:
    def __init__(
        self,
        cluster: Cluster,
        rng: random.Random,
        start_delay: float,
        termination_delay: float,
    ) -> None:
        self._cluster = cluster
        self._store = cluster.store
        self._rng = rng
        self._start_delay = start_delay
        self._termination_delay = termination_delay
        self._pods = cluster.registry.by_kind("Pod")
        self._nodes_kind = cluster.registry.by_kind("Node")
        self._namespaces = cluster.registry.by_kind("Namespace")
        self._per_node: Counter[str] = Counter()
        self._next_host: Counter[str] = Counter()
        self._nodes: list[_Node] | None = None
        self._unscheduled: set[Key] = set()
        self._timers: dict[Key, asyncio.TimerHandle] = {}
        self._terminating: set[Key] = set()
        self._schedule_queued = False
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        """Take over the current state and follow every change from now on."""
        self._loop = asyncio.get_running_loop()
        for entry in self._store.entries(self._pods):
            node = entry.field(self._pods, "spec.nodeName")
            if node:
                self._per_node[node] += 1
                self._next_host[node] += 1
            if not node or entry.field(self._pods, "status.phase") == "Pending":
                self._on_pod(entry, None, "ADDED")
        self._store.listeners.append(self._on_event)

    def stop(self) -> None:
        if self._on_event in self._store.listeners:
            self._store.listeners.remove(self._on_event)
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        self._terminating.clear()

    # events

    def _on_event(self, kind: Kind, event: Event) -> None:
        if kind is self._pods:
            self._count(event)
            self._on_pod(event.entry, event.prev, event.type)
        elif kind is self._nodes_kind:
            self._nodes = None
            if self._unscheduled:
                self._queue_scheduling()
        elif (
            kind is self._namespaces
            and event.type == "MODIFIED"
            and event.entry.field(kind, "status.phase") == "Terminating"
        ):
            self._call_soon(self._finish_namespace, event.entry.name)

    def _count(self, event: Event) -> None:
        field = "spec.nodeName"
        before = event.prev.field(self._pods, field) if event.prev is not None else ""
        after = event.entry.field(self._pods, field) if event.type != "DELETED" else ""
        if before != after:
            if before:
                self._per_node[before] -= 1
            if after:
                self._per_node[after] += 1

    def _on_pod(self, entry: Entry, prev: Entry | None, kind: str) -> None:
        key = entry.key
        if kind == "DELETED":
            self._unscheduled.discard(key)
            self._terminating.discard(key)
            self._cancel(key)
            return
        obj = entry.decode()
        if obj["metadata"].get("deletionTimestamp"):
            if key not in self._terminating:
                # A pod deleted before it started must not wait on its start-up timer.
                self._cancel(key)
                self._unscheduled.discard(key)
                self._terminating.add(key)
                self._later(key, self._termination_delay, self._finish_pod, key, entry.uid)
            return
        node = obj.get("spec", {}).get("nodeName")
        if not node:
            self._unscheduled.add(key)
            self._queue_scheduling()
            return
        status = obj.get("status") or {}
        pending = status.get("phase") == "Pending" and not status.get("containerStatuses")
        if pending and key not in self._timers:
            self._later(key, self._start_delay, self._start_pod, key, entry.uid)

    # scheduler

    def _queue_scheduling(self) -> None:
        if not self._schedule_queued:
            self._schedule_queued = True
            self._call_soon(self._schedule_pending)

    def _schedule_pending(self) -> None:
        self._schedule_queued = False
        for key in sorted(self._unscheduled):
            self._unscheduled.discard(key)
            self._cluster.mutate(self._pods, key[0], key[1], self._bind)

    def _bind(self, obj: Obj) -> bool:
        spec = obj.get("spec") or {}
        if spec.get("nodeName") or obj["metadata"].get("deletionTimestamp"):
            return False
        tolerations = spec.get("tolerations") or []
        nodes = self._candidates()
        reasons: Counter[str] = Counter()
        best: _Node | None = None
        for node in nodes:
            if not node.ready:
                reasons["node(s) were not ready"] += 1
            elif node.unschedulable:
                reasons["node(s) were unschedulable"] += 1
            elif (taint := _untolerated(node.taints, tolerations)) is not None:
                reasons[f"node(s) had untolerated taint {{{taint}}}"] += 1
            elif self._per_node[node.name] >= node.capacity:
                reasons["Too many pods"] += 1
            elif best is None or self._per_node[node.name] < self._per_node[best.name]:
                best = node
        when = now_rfc3339()
        if best is None:
            detail = ", ".join(f"{count} {reason}" for reason, count in sorted(reasons.items()))
            message = (
                f"0/{len(nodes)} nodes are available: {detail}."
                if detail
                else ("no nodes available to schedule pods")
            )
            # Kept for a retry when a node changes.
            self._unscheduled.add((obj["metadata"]["namespace"], obj["metadata"]["name"]))
            conditions = (obj.get("status") or {}).get("conditions") or []
            if any(c.get("message") == message for c in conditions):
                return False
            objects.unschedulable(obj, message, when)
            return True
        objects.scheduled(obj, best.name, when)
        return True

    def _candidates(self) -> list[_Node]:
        if self._nodes is None:
            nodes = []
            for entry in self._store.entries(self._nodes_kind):
                obj = entry.decode()
                spec, status = obj.get("spec") or {}, obj.get("status") or {}
                ready = any(
                    c.get("type") == "Ready" and c.get("status") == "True"
                    for c in status.get("conditions") or []
                )
                addresses = {a.get("type"): a.get("address") for a in status.get("addresses") or []}
                try:
                    capacity = int((status.get("allocatable") or {}).get("pods", 110))
                except ValueError:
                    capacity = 110
                nodes.append(
                    _Node(
                        entry.name,
                        ready,
                        bool(spec.get("unschedulable")),
                        tuple(
                            t
                            for t in spec.get("taints") or []
                            if t.get("effect") != "PreferNoSchedule"
                        ),
                        capacity,
                        str(spec.get("podCIDR") or "10.244.0.0/24"),
                        str(addresses.get("InternalIP") or ""),
                    )
                )
            self._nodes = sorted(nodes, key=lambda node: node.name)
        return self._nodes

    # kubelet

    def _start_pod(self, key: Key, uid: str) -> None:
        self._timers.pop(key, None)
        node_by_name = {node.name: node for node in self._candidates()}

        def change(obj: Obj) -> bool:
            spec = obj.get("spec") or {}
            node = node_by_name.get(spec.get("nodeName", ""))
            status = obj.get("status") or {}
            if (
                obj["metadata"].get("uid") != uid
                or node is None
                or obj["metadata"].get("deletionTimestamp")
                or status.get("phase") != "Pending"
            ):
                return False
            if spec.get("hostNetwork"):
                pod_ip = node.ip
            else:
                self._next_host[node.name] += 1
                pod_ip = objects.pod_ip_in(node.cidr, self._next_host[node.name])
            objects.running(obj, node.ip, pod_ip, now_rfc3339(), self._rng)
            return True

        self._cluster.mutate(self._pods, key[0], key[1], change)

    def _finish_pod(self, key: Key, uid: str) -> None:
        self._timers.pop(key, None)
        self._terminating.discard(key)
        entry = self._store.get(self._pods, *key)
        if entry is not None and entry.uid == uid:
            self._store.remove(self._pods, *key)

    # namespace controller

    def _finish_namespace(self, name: str) -> None:
        entry = self._store.get(self._namespaces, "", name)
        if entry is None or entry.field(self._namespaces, "status.phase") != "Terminating":
            return
        removed = 0
        for pod in self._store.entries(self._pods, name):
            self._store.remove(self._pods, pod.namespace, pod.name)
            removed += 1
        self._store.remove(self._namespaces, "", name)
        log.info("namespace deleted", namespace=name, pods=removed)

    # timers

    def _later(self, key: Key, delay: float, callback: Any, *args: Any) -> None:
        assert self._loop is not None
        self._timers[key] = self._loop.call_later(delay, callback, *args)

    def _call_soon(self, callback: Any, *args: Any) -> None:
        assert self._loop is not None
        self._loop.call_soon(callback, *args)

    def _cancel(self, key: Key) -> None:
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.cancel()


def _untolerated(taints: tuple[Obj, ...], tolerations: list[Obj]) -> str | None:
    """The first NoSchedule/NoExecute taint no toleration covers, as `key: value`."""
    for taint in taints:
        if not any(_tolerates(toleration, taint) for toleration in tolerations):
            return f"{taint.get('key', '')}: {taint.get('value', '')}"
    return None


def _tolerates(toleration: Obj, taint: Obj) -> bool:
    if toleration.get("effect") and toleration.get("effect") != taint.get("effect"):
        return False
    operator = toleration.get("operator") or "Equal"
    if not toleration.get("key"):
        return operator == "Exists"
    if toleration.get("key") != taint.get("key"):
        return False
    return operator == "Exists" or toleration.get("value", "") == taint.get("value", "")
