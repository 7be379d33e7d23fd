"""The HorizontalPodAutoscaler controller, reading the sim's own metrics model.

Every sync period it averages the target's pods' CPU (or memory) utilization against their
requests, computes `ceil(current * usage / target)` with the upstream 10 % tolerance, clamps it
to min/max, scales the target through its spec, and writes status (current/desired replicas,
currentMetrics, AbleToScale/ScalingActive/ScalingLimited conditions) with a SuccessfulRescale
event when it changes the size.
"""

from __future__ import annotations

import math
from typing import Any

from atlhyper.sim.cluster import PatchOptions, now_rfc3339
from atlhyper.sim.controllers.base import Context, Key, Reconciler
from atlhyper.sim.errors import ApiError
from atlhyper.sim.metrics import UsageModel
from atlhyper.sim.selectors import from_object

Obj = dict[str, Any]
COMPONENT = "horizontal-pod-autoscaler"
TOLERANCE = 0.1
#: Upstream's default scale-down stabilization window (scaled by the sim's time scale).
STABILIZATION = 300.0


class Autoscalers(Reconciler):
    watches = ("HorizontalPodAutoscaler",)
    owns = "HorizontalPodAutoscaler"

    def __init__(self, ctx: Context, usage: UsageModel) -> None:
        super().__init__(ctx)
        self._kind = ctx.kind("HorizontalPodAutoscaler")
        self._pods = ctx.kind("Pod")
        self._usage = usage
        #: Recent recommendations per HPA: (loop time, replicas), for scale-down stabilization.
        self._recent: dict[Key, list[tuple[float, int]]] = {}

    def reconcile(self, key: Key) -> float | None:
        entry = self.ctx.store.get(self._kind, *key)
        if entry is None:
            return None
        hpa = entry.decode()
        spec = hpa.get("spec") or {}
        period = self.ctx.timing.hpa_seconds
        ref = spec.get("scaleTargetRef") or {}
        target_kind = self.ctx.registry.find_kind(
            str(ref.get("apiVersion", "")), str(ref.get("kind", ""))
        )
        target_entry = (
            self.ctx.store.get(target_kind, key[0], str(ref.get("name", "")))
            if target_kind is not None and target_kind.scale is not None
            else None
        )
        now = now_rfc3339()
        if target_kind is None or target_entry is None:
            self._write(
                key,
                hpa,
                0,
                0,
                [],
                "FailedGetScale",
                f'deployments/scale.apps "{ref.get("name")}" not found',
                now,
            )
            return period
        target = target_entry.decode()
        current = int((target.get("spec") or {}).get("replicas", 0) or 0)
        selector = from_object((target.get("spec") or {}).get("selector"))
        pods = [
            e
            for e in self.ctx.store.entries(self._pods, key[0])
            if selector is not None and selector.matches(e.labels) and self._usage.running(e)
        ]
        desired = current
        metrics: list[Obj] = []
        for metric in spec.get("metrics") or []:
            resource = metric.get("resource") or {}
            name = resource.get("name", "cpu")
            goal = (resource.get("target") or {}).get("averageUtilization")
            if not pods or not isinstance(goal, int) or goal <= 0:
                continue
            index = 0 if name == "cpu" else 1
            used = sum(self._usage.pod_usage(e)[index] for e in pods)
            requested = sum(float(e.field(self._pods, "requests").split(",")[index]) for e in pods)
            if requested <= 0:
                continue
            utilization = round(used / requested * 100)
            average = used / len(pods)
            metrics.append(
                {
                    "type": "Resource",
                    "resource": {
                        "name": name,
                        "current": {
                            "averageUtilization": utilization,
                            "averageValue": f"{int(average * 1000)}m"
                            if name == "cpu"
                            else str(int(average)),
                        },
                    },
                }
            )
            ratio = utilization / goal
            if abs(ratio - 1) > TOLERANCE:
                desired = max(desired, math.ceil(len(pods) * ratio))
        minimum, maximum = int(spec.get("minReplicas", 1)), int(spec.get("maxReplicas", 1))
        bounded = min(max(desired, minimum), maximum)
        now_time = self.ctx.loop.time()
        window = STABILIZATION * self.ctx.timing.scale
        recent = [(t, r) for t, r in self._recent.get(key, []) if now_time - t < window]
        recent.append((now_time, bounded))
        self._recent[key] = recent
        if bounded < current:
            # Scale down only to the highest recommendation of the stabilization window.
            bounded = min(current, max(r for _, r in recent))
        if current and bounded != current:
            try:
                self.ctx.cluster.patch(
                    target_kind,
                    key[0],
                    target_entry.name,
                    "application/merge-patch+json",
                    {"spec": {"replicas": bounded}},
                    PatchOptions(),
                )
            except ApiError:
                return period
            reason = "above" if bounded > current else "below"
            self.ctx.recorder.emit(
                self._kind,
                entry,
                "Normal",
                "SuccessfulRescale",
                f"New size: {bounded}; reason: cpu resource utilization (percentage of request) "
                f"{reason} target",
                COMPONENT,
            )
        self._write(
            key,
            hpa,
            current,
            bounded,
            metrics,
            "",
            "",
            now,
            limited=desired != bounded,
            rescaled=bounded != current,
        )
        return period

    def _write(
        self,
        key: Key,
        hpa: Obj,
        current: int,
        desired: int,
        metrics: list[Obj],
        failure: str,
        message: str,
        now: str,
        limited: bool = False,
        rescaled: bool = False,
    ) -> None:
        def condition(kind: str, status: str, reason: str, text: str, old: Obj) -> Obj:
            before = old.get(kind) or {}
            return {
                "type": kind,
                "status": status,
                "lastTransitionTime": before.get("lastTransitionTime")
                if before.get("status") == status
                else now,
                "reason": reason,
                "message": text,
            }

        def change(obj: Obj) -> bool:
            old = obj.get("status") or {}
            previous = {c.get("type"): c for c in old.get("conditions") or []}
            if failure:
                conditions = [
                    condition(
                        "AbleToScale",
                        "False",
                        failure,
                        "the HPA controller was unable to get the target's current scale: "
                        + message,
                        previous,
                    )
                ]
            else:
                conditions = [
                    condition(
                        "AbleToScale",
                        "True",
                        "ReadyForNewScale",
                        "recommended size matches current size",
                        previous,
                    ),
                    condition(
                        "ScalingActive",
                        "True" if metrics else "False",
                        "ValidMetricFound" if metrics else "FailedGetResourceMetric",
                        "the HPA was able to successfully calculate a replica count from "
                        "cpu resource utilization (percentage of request)"
                        if metrics
                        else "the HPA was unable to compute the replica count: no running pods",
                        previous,
                    ),
                    condition(
                        "ScalingLimited",
                        "True" if limited else "False",
                        "TooManyReplicas" if limited else "DesiredWithinRange",
                        "the desired replica count is more than the maximum replica count"
                        if limited
                        else "the desired count is within the acceptable range",
                        previous,
                    ),
                ]
            status: Obj = {
                "currentReplicas": current,
                "desiredReplicas": desired,
                "conditions": conditions,
            }
            if metrics:
                status["currentMetrics"] = metrics
            last = now if rescaled else old.get("lastScaleTime")
            if last:
                status["lastScaleTime"] = last
            if old == status:
                return False
            obj["status"] = status
            return True

        self.ctx.cluster.mutate(self._kind, key[0], key[1], change)
