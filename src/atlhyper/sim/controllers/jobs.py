"""The Job controller: runs pods until `completions` succeed, or gives up after `backoffLimit`.

At most `parallelism` pods run at once. Status counts active, ready, succeeded and failed pods;
completion sets SuccessCriteriaMet and Complete (reason CompletionsReached) with completionTime,
and too many failures set FailureTarget and Failed (reason BackoffLimitExceeded), as v1.32 does.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim.cluster import now_rfc3339
from atlhyper.sim.controllers.base import (
    Key,
    PodOwner,
    owned_pods,
    owner_ref,
)
from atlhyper.sim.controllers.templates import is_active, is_ready, pod_from_template
from atlhyper.sim.errors import ApiError

Obj = dict[str, Any]
COMPONENT = "job-controller"


def finished(job: Obj) -> str:
    """Complete or Failed once the job is over, else ""."""
    for condition in (job.get("status") or {}).get("conditions") or []:
        if condition.get("type") in ("Complete", "Failed") and condition.get("status") == "True":
            return str(condition["type"])
    return ""


class Jobs(PodOwner):
    watches = ("Job", "Pod")
    owns = "Job"

    def reconcile(self, key: Key) -> float | None:
        found = self.live(key)
        if found is None or finished(found[1]):
            return None
        entry, job = found
        spec = job.get("spec") or {}
        pods = owned_pods(self.ctx, entry.uid)
        active = [p for p in pods if is_active(p)]
        succeeded = sum(1 for p in pods if (p.get("status") or {}).get("phase") == "Succeeded")
        failed = sum(1 for p in pods if (p.get("status") or {}).get("phase") == "Failed")
        failed += sum(
            int(cs.get("restartCount") or 0)
            for p in active
            for cs in (p.get("status") or {}).get("containerStatuses") or []
        )
        completions = spec.get("completions")
        parallelism = int(spec.get("parallelism", 1) or 0)
        now = now_rfc3339()
        outcome = ""
        if failed > int(spec.get("backoffLimit", 6)):
            outcome = "Failed"
            for pod in active:
                try:
                    self.ctx.cluster.delete(self._pods, key[0], pod["metadata"]["name"])
                except ApiError:
                    continue
            active = []
        elif (completions is not None and succeeded >= int(completions)) or (
            completions is None and succeeded > 0 and not active
        ):
            outcome = "Complete"
        elif not spec.get("suspend"):
            remaining = int(completions) - succeeded if completions is not None else parallelism
            wanted = max(min(parallelism, remaining), 0)
            for _ in range(wanted - len(active)):
                pod = pod_from_template(
                    spec.get("template") or {},
                    key[0],
                    owner_ref(self._kind, job),
                    generate_name=f"{key[1]}-",
                )
                try:
                    created = self.ctx.cluster.create(self._pods, key[0], pod)
                except ApiError:
                    return 5.0
                self.ctx.recorder.emit(
                    self._kind,
                    entry,
                    "Normal",
                    "SuccessfulCreate",
                    f"Created pod: {created.name}",
                    COMPONENT,
                )
                active.append(created.decode())
        ready = sum(1 for p in active if is_ready(p))

        def change(obj: Obj) -> bool:
            old = obj.get("status") or {}
            status: Obj = {
                "startTime": old.get("startTime") or now,
                "active": len(active),
                "ready": ready,
                "succeeded": succeeded,
                "failed": failed,
                "terminating": 0,
                "uncountedTerminatedPods": {},
            }
            status = {
                k: v
                for k, v in status.items()
                if v or k in ("ready", "terminating", "startTime", "uncountedTerminatedPods")
            }
            if outcome == "Complete":
                message = "Reached expected number of succeeded pods"
                status["conditions"] = [
                    _condition("SuccessCriteriaMet", "CompletionsReached", message, now),
                    _condition("Complete", "CompletionsReached", message, now),
                ]
                status["completionTime"] = now
            elif outcome == "Failed":
                message = "Job has reached the specified backoff limit"
                status["conditions"] = [
                    _condition("FailureTarget", "BackoffLimitExceeded", message, now),
                    _condition("Failed", "BackoffLimitExceeded", message, now),
                ]
            if old == status:
                return False
            obj["status"] = status
            return True

        updated = self.ctx.cluster.mutate(self._kind, key[0], key[1], change)
        if outcome and updated is not None:
            if outcome == "Complete":
                self.ctx.recorder.emit(
                    self._kind, updated, "Normal", "Completed", "Job completed", COMPONENT
                )
            else:
                self.ctx.recorder.emit(
                    self._kind,
                    updated,
                    "Warning",
                    "BackoffLimitExceeded",
                    "Job has reached the specified backoff limit",
                    COMPONENT,
                )
        return None


def _condition(kind: str, reason: str, message: str, now: str) -> Obj:
    return {
        "type": kind,
        "status": "True",
        "lastProbeTime": now,
        "lastTransitionTime": now,
        "reason": reason,
        "message": message,
    }
