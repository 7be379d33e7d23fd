"""What every controller shares: the cluster, an event recorder, timing, and a work queue.

Controllers follow client-go's shape without its threads: store events only *enqueue* keys
(a listener must never write), and a drain callback on the event loop reconciles queued keys in
batches, so a burst of 10,000 pod events costs one reconcile per owner, and a large backlog
yields to the API server every 10 ms. `reconcile` may ask to be called again after a delay.
"""

from __future__ import annotations

import abc
import asyncio
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import structlog

from atlhyper.sim.cluster import Cluster
from atlhyper.sim.events import Recorder
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Entry, Event, Store

Obj = dict[str, Any]
Key = tuple[str, str]

log = structlog.get_logger("atlhyper.sim.controllers")

#: Seconds of reconciling per loop iteration before yielding to requests.
_SLICE = 0.01


@dataclass(frozen=True, slots=True)
class Timing:
    """Durations of the simulated world, from the sim's settings."""

    pod_start: float
    pod_stop: float
    #: Multiplies kubelet backoffs, container run times, probe periods and controller resyncs.
    scale: float
    job_seconds: float
    hpa_seconds: float


class Context:
    def __init__(
        self, cluster: Cluster, rng: random.Random, recorder: Recorder, timing: Timing
    ) -> None:
        self.cluster = cluster
        self.store: Store = cluster.store
        self.registry = cluster.registry
        self.rng = rng
        self.recorder = recorder
        self.timing = timing
        self._loop: asyncio.AbstractEventLoop | None = None

    def kind(self, name: str) -> Kind:
        return self.registry.by_kind(name)

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self._loop

    def later(self, delay: float, callback: Callable[..., Any], *args: Any) -> asyncio.TimerHandle:
        return self.loop.call_later(max(delay, 0.0), callback, *args)

    def soon(self, callback: Callable[..., Any], *args: Any) -> None:
        self.loop.call_soon(callback, *args)


def controller_of(entry_obj: Obj) -> Obj | None:
    """The ownerReference marked `controller: true`, if any."""
    for ref in entry_obj.get("metadata", {}).get("ownerReferences") or []:
        if ref.get("controller"):
            return dict(ref)
    return None


def owner_ref(kind: Kind, obj: Obj) -> Obj:
    return {
        "apiVersion": kind.api_version,
        "kind": kind.kind,
        "name": obj["metadata"]["name"],
        "uid": obj["metadata"]["uid"],
        "controller": True,
        "blockOwnerDeletion": True,
    }


class Reconciler(abc.ABC):
    """A controller: says which keys an event concerns, and reconciles one key at a time."""

    #: Kinds whose events this controller wants.
    watches: tuple[str, ...] = ()
    #: The kind whose keys `reconcile` receives.
    owns: str = ""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._queue: dict[Key, None] = {}
        self._scheduled = False
        self._timers: dict[Key, asyncio.TimerHandle] = {}
        self._stopped = False

    def start(self) -> None:
        """Reconcile everything the controller owns once, as an informer's initial list does."""
        if self.owns:
            kind = self.ctx.kind(self.owns)
            self.enqueue(entry.key for entry in self.ctx.store.entries(kind))

    def stop(self) -> None:
        self._stopped = True
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        self._queue.clear()

    def keys_for(self, kind: Kind, event: Event) -> Iterable[Key]:
        """Keys of `owns` to reconcile because of `event`; by default the object itself."""
        if kind.kind == self.owns:
            return (event.entry.key,)
        return ()

    @abc.abstractmethod
    def reconcile(self, key: Key) -> float | None:
        """Bring `key` closer to its desired state; return seconds until a retry, or None."""

    # queue

    def on_event(self, kind: Kind, event: Event) -> None:
        self.enqueue(self.keys_for(kind, event))

    def enqueue(self, keys: Iterable[Key]) -> None:
        for key in keys:
            self._queue[key] = None
        if self._queue and not self._scheduled and not self._stopped:
            self._scheduled = True
            self.ctx.soon(self._drain)

    def enqueue_after(self, key: Key, delay: float) -> None:
        timer = self._timers.get(key)
        if timer is not None:
            timer.cancel()
        self._timers[key] = self.ctx.later(delay, self._fire, key)

    def _fire(self, key: Key) -> None:
        self._timers.pop(key, None)
        self.enqueue((key,))

    def _drain(self) -> None:
        self._scheduled = False
        deadline = time.perf_counter() + _SLICE
        while self._queue and time.perf_counter() < deadline:
            key = next(iter(self._queue))
            del self._queue[key]
            try:
                retry = self.reconcile(key)
            except Exception:
                # One odd object must not stop a controller; retry it later, as a requeue would.
                log.exception("reconcile failed", controller=type(self).__name__, key=key)
                retry = 10.0
            if retry is not None:
                self.enqueue_after(key, retry)
        if self._queue and not self._stopped:
            self._scheduled = True
            self.ctx.soon(self._drain)


class PodOwner(Reconciler):
    """A controller whose objects own pods: a pod's change wakes its owner up.

    Subclasses set `owns` (and list "Pod" in `watches`); `live` gives them the owner to reconcile,
    or None once it is gone or being deleted.
    """

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._kind = ctx.kind(self.owns)
        self._pods = ctx.kind("Pod")

    def keys_for(self, kind: Kind, event: Event) -> Iterable[Key]:
        if kind is self._kind:
            return [event.entry.key]
        return owner_keys(kind, event, self.owns)

    def live(self, key: Key) -> tuple[Entry, Obj] | None:
        entry = self.ctx.store.get(self._kind, *key)
        if entry is None:
            return None
        obj = entry.decode()
        if obj["metadata"].get("deletionTimestamp"):
            return None
        return entry, obj


def owner_keys(kind: Kind, event: Event, owner_kind: str) -> list[Key]:
    """Keys of the `owner_kind` controllers of an object (before and after a change).

    Reads the `controller` index ("Kind/name") when the kind keeps one, so pod events do not
    decode pods.
    """
    keys: list[Key] = []
    prefix = owner_kind + "/"
    for candidate in (event.entry, event.prev):
        if candidate is None:
            continue
        if "controller" in kind.positions:
            ref = candidate.field(kind, "controller")
        else:
            found = controller_of(candidate.decode())
            ref = f"{found.get('kind')}/{found.get('name')}" if found else ""
        if ref.startswith(prefix):
            key = (candidate.namespace, ref[len(prefix) :])
            if key not in keys:
                keys.append(key)
    return keys


def owned_pods(ctx: Context, uid: str) -> list[Obj]:
    """The pods whose controlling ownerReference is `uid`, decoded."""
    return owned(ctx, uid, "Pod")


def owned(ctx: Context, uid: str, kind_name: str) -> list[Obj]:
    """Objects of `kind_name` controlled by `uid`, decoded."""
    found = []
    for kind, entry in ctx.store.dependents(uid):
        if kind.kind != kind_name:
            continue
        obj = entry.decode()
        ref = controller_of(obj)
        if ref is not None and ref.get("uid") == uid:
            found.append(obj)
    return found
