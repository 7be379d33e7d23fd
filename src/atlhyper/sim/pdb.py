"""PodDisruptionBudget arithmetic shared by the eviction subresource and the PDB controller.

`desiredHealthy` comes from `minAvailable` (or the expected pods minus `maxUnavailable`), with
percentages rounded up as upstream does; `disruptionsAllowed` is how many healthy (Ready) pods
may go before the budget is short.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from atlhyper.sim.kinds import Kind
from atlhyper.sim.selectors import from_object
from atlhyper.sim.store import Entry, Store

Obj = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Health:
    expected: int
    current_healthy: int
    desired_healthy: int

    @property
    def disruptions_allowed(self) -> int:
        return max(self.current_healthy - self.desired_healthy, 0)


def pod_healthy(pod: Obj) -> bool:
    status = pod.get("status") or {}
    if pod["metadata"].get("deletionTimestamp") or status.get("phase") != "Running":
        return False
    return any(
        c.get("type") == "Ready" and c.get("status") == "True"
        for c in status.get("conditions") or []
    )


def matching(store: Store, pdbs: Kind, namespace: str, labels: dict[str, str]) -> list[Entry]:
    found = []
    for entry in store.entries(pdbs, namespace):
        selector = from_object((entry.decode().get("spec") or {}).get("selector"))
        if selector is not None and selector.matches(labels):
            found.append(entry)
    return found


def _amount(value: object, total: int) -> int:
    if isinstance(value, str) and value.endswith("%"):
        try:
            return math.ceil(float(value[:-1]) * total / 100)
        except ValueError:
            return 0
    try:
        return int(str(value))
    except ValueError:
        return 0


def health(store: Store, pods: Kind, budget: Entry) -> Health:
    obj = budget.decode()
    spec = obj.get("spec") or {}
    selector = from_object(spec.get("selector"))
    expected = healthy = 0
    if selector is not None:
        for entry in store.entries(pods, budget.namespace):
            if not selector.matches(entry.labels):
                continue
            if entry.field(pods, "status.phase") in ("Succeeded", "Failed"):
                continue
            expected += 1
            if entry.field(pods, "status.phase") == "Running" and pod_healthy(entry.decode()):
                healthy += 1
    if "minAvailable" in spec:
        desired = _amount(spec["minAvailable"], expected)
    elif "maxUnavailable" in spec:
        desired = max(expected - _amount(spec["maxUnavailable"], expected), 0)
    else:
        desired = expected
    return Health(expected, healthy, desired)
