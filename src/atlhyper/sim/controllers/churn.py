"""Background churn for benchmarks: a steady rate of realistic pod changes.

Each tick either restarts a random running pod's container (restartCount, lastState) or deletes a
random ReplicaSet pod, which its ReplicaSet replaces (create, bind, start: several changes), so
watchers see the mix of MODIFIED, DELETED and ADDED a busy cluster produces.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim.cluster import now_rfc3339
from atlhyper.sim.controllers.base import Context
from atlhyper.sim.errors import ApiError

Obj = dict[str, Any]
TICK = 0.1


class Churn:
    def __init__(self, ctx: Context, per_second: float) -> None:
        self.ctx = ctx
        self._per_tick = per_second * TICK
        self._carry = 0.0
        self._stopped = False

    def start(self) -> None:
        if self._per_tick > 0:
            self.ctx.later(TICK, self._tick)

    def stop(self) -> None:
        self._stopped = True

    def _tick(self) -> None:
        if self._stopped:
            return
        self._carry += self._per_tick
        while self._carry >= 1:
            self._carry -= 1
            self._change()
        self.ctx.later(TICK, self._tick)

    def _change(self) -> None:
        pods = self.ctx.kind("Pod")
        entry = self.ctx.store.sample(pods, self.ctx.rng)
        if entry is None or entry.field(pods, "status.phase") != "Running":
            return
        if self.ctx.rng.random() < 0.5 and entry.field(pods, "controller").startswith(
            "ReplicaSet/"
        ):
            try:
                self.ctx.cluster.delete(pods, entry.namespace, entry.name)
            except ApiError:
                return
            return
        now = now_rfc3339()

        def restart(obj: Obj) -> bool:
            statuses = (obj.get("status") or {}).get("containerStatuses") or []
            if not statuses:
                return False
            status = statuses[0]
            started = ((status.get("state") or {}).get("running") or {}).get("startedAt", now)
            status["lastState"] = {
                "terminated": {
                    "exitCode": 0,
                    "reason": "Completed",
                    "startedAt": started,
                    "finishedAt": now,
                }
            }
            status["state"] = {"running": {"startedAt": now}}
            status["restartCount"] = int(status.get("restartCount") or 0) + 1
            return True

        self.ctx.cluster.mutate(pods, entry.namespace, entry.name, restart)
