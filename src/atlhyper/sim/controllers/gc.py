"""The garbage collector: deletes objects whose owners are gone, and runs foreground deletion.

A dependent is deleted (in the background) once none of its ownerReferences names an object that
still exists with that uid. An owner being deleted with `propagationPolicy: Foreground` carries
the `foregroundDeletion` finalizer: its dependents are deleted first, and when none is left the
finalizer is removed, which lets the API server remove the owner.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim.controllers.base import Context, Key, Reconciler
from atlhyper.sim.errors import ApiError
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Event

Obj = dict[str, Any]
FOREGROUND = "foregroundDeletion"


def _key(kind: Kind, namespace: str) -> str:
    return f"{kind.kind}\x00{namespace}"


class GarbageCollector(Reconciler):
    """Keys are ("Kind\\0namespace", name): one queue for objects of every kind."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.watches = tuple(kind.kind for kind in ctx.registry.kinds)

    def start(self) -> None:
        """Collect what the starting cluster already holds orphaned (its owner uid is gone)."""
        store = self.ctx.store
        for kind in self.ctx.registry.kinds:
            for entry in store.entries(kind):
                if any(not store.has_uid(uid) for uid in entry.owners):
                    self.enqueue(((_key(kind, entry.namespace), entry.name),))

    def keys_for(self, kind: Kind, event: Event) -> list[Key]:
        entry = event.entry
        keys: list[Key] = []
        if event.type == "DELETED":
            keys.extend(
                (_key(dep_kind, dep.namespace), dep.name)
                for dep_kind, dep in self.ctx.store.dependents(entry.uid)
            )
        elif entry.owners and (event.prev is None or event.prev.owners != entry.owners):
            keys.append((_key(kind, entry.namespace), entry.name))
        if event.type != "DELETED" and self._foreground(entry.decode()):
            keys.append((_key(kind, entry.namespace), entry.name))
            keys.extend(
                (_key(dep_kind, dep.namespace), dep.name)
                for dep_kind, dep in self.ctx.store.dependents(entry.uid)
            )
        if event.type == "DELETED" or (event.prev is not None and event.prev.owners):
            source = event.prev or entry
            for uid in source.owners:
                keys.extend(self._foreground_owner(kind, source.namespace, uid, event))
        return keys

    def _foreground_owner(self, kind: Kind, namespace: str, uid: str, event: Event) -> list[Key]:
        """The owner `uid` when it waits in foreground deletion for this dependent to go."""
        ref = next(
            (
                r
                for r in (event.prev or event.entry).decode()["metadata"].get("ownerReferences")
                or []
                if r.get("uid") == uid
            ),
            None,
        )
        if ref is None:
            return []
        owner_kind = self.ctx.registry.find_kind(str(ref.get("apiVersion")), str(ref.get("kind")))
        if owner_kind is None:
            return []
        owner_ns = namespace if owner_kind.namespaced else ""
        return [(_key(owner_kind, owner_ns), str(ref.get("name")))]

    @staticmethod
    def _foreground(obj: Obj) -> bool:
        metadata = obj["metadata"]
        return bool(metadata.get("deletionTimestamp")) and FOREGROUND in (
            metadata.get("finalizers") or []
        )

    def reconcile(self, key: Key) -> float | None:
        kind_name, namespace = key[0].split("\x00", 1)
        kind = self.ctx.kind(kind_name)
        entry = self.ctx.store.get(kind, namespace, key[1])
        if entry is None:
            return None
        obj = entry.decode()
        if self._foreground(obj):
            return self._finish_foreground(kind, obj)
        refs = obj["metadata"].get("ownerReferences") or []
        if not refs:
            return None
        alive = False
        deleting_owner = False
        for ref in refs:
            owner_kind = self.ctx.registry.find_kind(
                str(ref.get("apiVersion")), str(ref.get("kind"))
            )
            if owner_kind is None:
                alive = True  # an owner kind the sim does not serve: never collect
                continue
            owner = self.ctx.store.get(
                owner_kind, namespace if owner_kind.namespaced else "", str(ref.get("name"))
            )
            if owner is None or owner.uid != ref.get("uid"):
                continue
            if self._foreground(owner.decode()) and ref.get("blockOwnerDeletion"):
                deleting_owner = True
            else:
                alive = True
        if alive and not deleting_owner:
            return None
        if obj["metadata"].get("deletionTimestamp"):
            return None
        options = {"propagationPolicy": "Foreground"} if deleting_owner else {}
        try:
            self.ctx.cluster.delete(kind, namespace, key[1], options)
        except ApiError:
            return None
        return None

    def _finish_foreground(self, kind: Kind, obj: Obj) -> float | None:
        metadata = obj["metadata"]
        blocking = [dep for _, dep in self.ctx.store.dependents(metadata["uid"])]
        if blocking:
            for dep_kind, dep in self.ctx.store.dependents(metadata["uid"]):
                self.enqueue(((_key(dep_kind, dep.namespace), dep.name),))
            return None

        def release(current: Obj) -> bool:
            finalizers = [f for f in current["metadata"].get("finalizers") or [] if f != FOREGROUND]
            if finalizers:
                current["metadata"]["finalizers"] = finalizers
            else:
                current["metadata"].pop("finalizers", None)
            return True

        self.ctx.cluster.mutate(kind, metadata.get("namespace", ""), metadata["name"], release)
        return None
