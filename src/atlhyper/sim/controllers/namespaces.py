"""The namespace controller: empties a terminating namespace, then removes it."""

from __future__ import annotations

import structlog

from atlhyper.sim.controllers.base import Key, Reconciler

log = structlog.get_logger("atlhyper.sim.controller")


class Namespaces(Reconciler):
    watches = ("Namespace",)
    owns = "Namespace"

    def reconcile(self, key: Key) -> float | None:
        kind = self.ctx.kind("Namespace")
        entry = self.ctx.store.get(kind, *key)
        if entry is None or entry.field(kind, "status.phase") != "Terminating":
            return None
        name = entry.name
        removed = 0
        for namespaced in self.ctx.registry.kinds:
            if not namespaced.namespaced:
                continue
            for item in list(self.ctx.store.entries(namespaced, name)):
                self.ctx.store.remove(namespaced, item.namespace, item.name)
                removed += 1
        self.ctx.store.remove(kind, "", name)
        log.info("namespace deleted", namespace=name, objects=removed)
        return None
