"""Core v1 Events as the components of a real cluster record them.

`kubectl describe` lists events by `involvedObject` fields and the Agent reads them for its alerts,
so each event carries what client-go's recorder writes: a `<object>.<hex>` name, involvedObject
with uid and resourceVersion, source component and host, reportingComponent/Instance, and
first/last timestamps. A repeat of the same reason and message for the same object bumps `count`
and `lastTimestamp` on the existing event instead of adding one, as the recorder's aggregation does.
"""

from __future__ import annotations

import random
from typing import Any

from atlhyper.sim.cluster import Cluster, now_rfc3339
from atlhyper.sim.errors import ApiError
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Entry

Obj = dict[str, Any]

#: At most this many distinct events are remembered for aggregation; older ones start anew.
_MAX_TRACKED = 50_000


class Recorder:
    def __init__(self, cluster: Cluster, rng: random.Random) -> None:
        self._cluster = cluster
        self._events = cluster.registry.by_kind("Event")
        self._rng = rng
        self._seen: dict[tuple[str, str, str, str], str] = {}
        self._last_ns = 0

    def emit(
        self,
        kind: Kind,
        entry: Entry,
        type: str,
        reason: str,
        message: str,
        component: str,
        host: str = "",
        field_path: str = "",
    ) -> None:
        """Record that `component` saw `reason` on the object stored as `entry`."""
        namespace = entry.namespace or "default"
        key = (entry.uid, reason, message, field_path)
        now = now_rfc3339()
        existing = self._seen.get(key)
        if existing is not None:

            def bump(obj: Obj) -> bool:
                obj["count"] = int(obj.get("count") or 1) + 1
                obj["lastTimestamp"] = now
                return True

            if self._cluster.mutate(self._events, namespace, existing, bump) is not None:
                return
        name = f"{entry.name}.{self._rng.getrandbits(64):016x}"[:253]
        involved: Obj = {
            "kind": kind.kind,
            "namespace": entry.namespace,
            "name": entry.name,
            "uid": entry.uid,
            "apiVersion": kind.api_version,
            "resourceVersion": str(entry.rv),
        }
        if not entry.namespace:
            del involved["namespace"]
        if field_path:
            involved["fieldPath"] = field_path
        source: Obj = {"component": component}
        if host:
            source["host"] = host
        event: Obj = {
            "kind": "Event",
            "apiVersion": "v1",
            "metadata": {"name": name, "namespace": namespace},
            "involvedObject": involved,
            "reason": reason,
            "message": message,
            "source": source,
            "firstTimestamp": now,
            "lastTimestamp": now,
            "count": 1,
            "type": type,
            "eventTime": None,
            "reportingComponent": component,
            "reportingInstance": host,
        }
        if len(self._seen) >= _MAX_TRACKED:
            self._seen.clear()
        try:
            self._cluster.create(self._events, namespace, event)
        except ApiError:
            return  # e.g. the namespace is terminating: a real recorder drops the event too
        self._seen[key] = name
