"""The Deployment controller: ReplicaSets per template revision, rolling updates, and status.

Each distinct pod template gets a ReplicaSet `<deployment>-<pod-template-hash>` with the
`deployment.kubernetes.io/revision` annotation (a rollback reuses the old ReplicaSet and gives it
the next revision, as upstream). A RollingUpdate scales the new ReplicaSet up within `maxSurge`
and the old ones down while at least `replicas - maxUnavailable` pods stay available; Recreate
empties the old ones first. Old, empty ReplicaSets beyond `revisionHistoryLimit` are deleted.
Status and the Available/Progressing conditions use the upstream reasons, which is what
`kubectl rollout status` reads.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from atlhyper.sim.cluster import now_rfc3339
from atlhyper.sim.controllers.base import Context, Key, Reconciler, owned, owner_keys, owner_ref
from atlhyper.sim.controllers.templates import int_or_percent, template_hash
from atlhyper.sim.errors import ApiError
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Event
from atlhyper.sim.tables import parse_time

Obj = dict[str, Any]

REVISION = "deployment.kubernetes.io/revision"
DESIRED = "deployment.kubernetes.io/desired-replicas"
MAX = "deployment.kubernetes.io/max-replicas"
HASH_LABEL = "pod-template-hash"
COMPONENT = "deployment-controller"


def revision(rs: Obj) -> int:
    try:
        return int((rs["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


def new_replicaset(
    deployment: Obj, kind: Kind, template_hash_value: str, rev: int, replicas: int
) -> Obj:
    """The ReplicaSet a Deployment creates for its current template."""
    spec = deployment.get("spec") or {}
    template = copy.deepcopy(spec.get("template") or {})
    labels = {
        **((template.get("metadata") or {}).get("labels") or {}),
        HASH_LABEL: template_hash_value,
    }
    template.setdefault("metadata", {})["labels"] = labels
    selector = copy.deepcopy(spec.get("selector") or {})
    selector.setdefault("matchLabels", {})[HASH_LABEL] = template_hash_value
    surge = int_or_percent(
        ((spec.get("strategy") or {}).get("rollingUpdate") or {}).get("maxSurge", "25%"),
        int(spec.get("replicas", 1)),
        True,
    )
    name = deployment["metadata"]["name"]
    return {
        "kind": "ReplicaSet",
        "apiVersion": "apps/v1",
        "metadata": {
            "name": f"{name}-{template_hash_value}",
            "namespace": deployment["metadata"]["namespace"],
            "labels": labels,
            "annotations": {
                DESIRED: str(spec.get("replicas", 1)),
                MAX: str(int(spec.get("replicas", 1)) + surge),
                REVISION: str(rev),
            },
            "ownerReferences": [owner_ref(kind, deployment)],
        },
        "spec": {
            "replicas": replicas,
            "minReadySeconds": spec.get("minReadySeconds", 0),
            "selector": selector,
            "template": template,
        },
    }


class Deployments(Reconciler):
    watches = ("Deployment", "ReplicaSet")
    owns = "Deployment"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._kind = ctx.kind("Deployment")
        self._rs = ctx.kind("ReplicaSet")
        #: spec.replicas of the Deployment being reconciled (for the desired-replicas annotation).
        self._desired = 0

    def keys_for(self, kind: Kind, event: Event) -> list[Key]:
        if kind is self._kind:
            return [event.entry.key]
        return owner_keys(kind, event, "Deployment")

    def reconcile(self, key: Key) -> float | None:
        entry = self.ctx.store.get(self._kind, *key)
        if entry is None:
            return None
        deployment = entry.decode()
        if deployment["metadata"].get("deletionTimestamp"):
            return None
        spec = deployment.get("spec") or {}
        replicas = int(spec.get("replicas", 1) or 0)
        self._desired = replicas
        sets = owned(self.ctx, entry.uid, "ReplicaSet")
        wanted_hash = template_hash(spec.get("template") or {})
        current = next(
            (
                rs
                for rs in sets
                if (rs["metadata"].get("labels") or {}).get(HASH_LABEL) == wanted_hash
            ),
            None,
        )
        top = max((revision(rs) for rs in sets), default=0)
        created_new = False
        if current is None:
            old_active = any(int((rs.get("spec") or {}).get("replicas", 0)) for rs in sets)
            start = 0 if old_active or _strategy(spec) == "Recreate" else replicas
            body = new_replicaset(deployment, self._kind, wanted_hash, top + 1, start)
            try:
                created = self.ctx.cluster.create(self._rs, key[0], body)
            except ApiError:
                return 5.0
            current = created.decode()
            sets.append(current)
            created_new = True
            if start:
                self._scaled(entry, current["metadata"]["name"], 0, start)
        elif revision(current) < top:
            current["metadata"].setdefault("annotations", {})[REVISION] = str(top + 1)
            self._set_annotations(current, {REVISION: str(top + 1)})
        old = [
            rs
            for rs in sets
            if rs is not current and rs["metadata"]["name"] != current["metadata"]["name"]
        ]
        self._scale(entry, spec, replicas, current, old)
        self._cleanup(spec, old)
        self._annotate(key, str(revision(current)))
        return self._status(key, replicas, spec, current, old, created_new)

    def _scale(self, entry: Any, spec: Obj, replicas: int, new: Obj, old: list[Obj]) -> None:
        new_replicas = _replicas(new)
        if _strategy(spec) == "Recreate":
            for rs in old:
                self._set_replicas(entry, rs, 0)
            if all(int((rs.get("status") or {}).get("replicas", 0)) == 0 for rs in old):
                self._set_replicas(entry, new, replicas)
            return
        active_old = [rs for rs in old if _replicas(rs) > 0]
        if not active_old:
            self._set_replicas(entry, new, replicas)
            return
        rolling = (spec.get("strategy") or {}).get("rollingUpdate") or {}
        surge = int_or_percent(rolling.get("maxSurge", "25%"), replicas, True)
        unavailable = int_or_percent(rolling.get("maxUnavailable", "25%"), replicas, False)
        if surge == 0 and unavailable == 0:
            unavailable = 1
        total = new_replicas + sum(_replicas(rs) for rs in active_old)
        if total < replicas + surge and new_replicas < replicas:
            new_replicas = min(replicas, new_replicas + replicas + surge - total)
            self._set_replicas(entry, new, new_replicas)
        available = _available(new) + sum(_available(rs) for rs in active_old)
        budget = available - (replicas - unavailable)
        for rs in sorted(active_old, key=revision):
            unhealthy = max(_replicas(rs) - _available(rs), 0)
            remove = min(_replicas(rs), unhealthy + max(budget, 0))
            if remove <= 0:
                continue
            budget -= max(remove - unhealthy, 0)
            self._set_replicas(entry, rs, _replicas(rs) - remove)

    def _set_replicas(self, entry: Any, rs: Obj, replicas: int) -> None:
        before = _replicas(rs)
        if before == replicas:
            return
        name = rs["metadata"]["name"]

        desired = str(self._desired)

        def change(obj: Obj) -> bool:
            obj["spec"]["replicas"] = replicas
            obj["metadata"].setdefault("annotations", {})[DESIRED] = desired
            return True

        self.ctx.cluster.mutate(self._rs, rs["metadata"]["namespace"], name, change)
        rs["spec"]["replicas"] = replicas
        self._scaled(entry, name, before, replicas)

    def _scaled(self, entry: Any, name: str, before: int, after: int) -> None:
        direction = "up" if after > before else "down"
        self.ctx.recorder.emit(
            self._kind,
            self.ctx.store.get(self._kind, entry.namespace, entry.name) or entry,
            "Normal",
            "ScalingReplicaSet",
            f"Scaled {direction} replica set {name} from {before} to {after}",
            COMPONENT,
        )

    def _set_annotations(self, rs: Obj, values: dict[str, str]) -> None:
        def change(obj: Obj) -> bool:
            obj["metadata"].setdefault("annotations", {}).update(values)
            return True

        self.ctx.cluster.mutate(
            self._rs, rs["metadata"]["namespace"], rs["metadata"]["name"], change
        )

    def _annotate(self, key: Key, rev: str) -> None:
        def change(obj: Obj) -> bool:
            annotations = obj["metadata"].setdefault("annotations", {})
            if annotations.get(REVISION) == rev:
                return False
            annotations[REVISION] = rev
            return True

        self.ctx.cluster.mutate(self._kind, key[0], key[1], change)

    def _cleanup(self, spec: Obj, old: list[Obj]) -> None:
        limit = int(spec.get("revisionHistoryLimit", 10))
        empty = [
            rs
            for rs in old
            if _replicas(rs) == 0 and int((rs.get("status") or {}).get("replicas", 0)) == 0
        ]
        for rs in sorted(empty, key=revision)[: max(len(empty) - limit, 0)]:
            try:
                self.ctx.cluster.delete(
                    self._rs, rs["metadata"]["namespace"], rs["metadata"]["name"]
                )
            except ApiError:
                continue

    def _status(
        self, key: Key, replicas: int, spec: Obj, new: Obj, old: list[Obj], created: bool
    ) -> float | None:
        everything = [new, *old]
        total = sum(int((rs.get("status") or {}).get("replicas", 0)) for rs in everything)
        ready = sum(int((rs.get("status") or {}).get("readyReplicas", 0)) for rs in everything)
        available = sum(_available(rs) for rs in everything)
        updated = int((new.get("status") or {}).get("replicas", 0))
        rolling = (spec.get("strategy") or {}).get("rollingUpdate") or {}
        max_unavailable = (
            int_or_percent(rolling.get("maxUnavailable", "25%"), replicas, False)
            if _strategy(spec) == "RollingUpdate"
            else 0
        )
        new_name = new["metadata"]["name"]
        complete = updated == replicas and available == replicas and total == replicas
        deadline = float(spec.get("progressDeadlineSeconds", 600)) * self.ctx.timing.scale
        now = now_rfc3339()
        retry: float | None = None

        def change(obj: Obj) -> bool:
            old_status = obj.get("status") or {}
            previous = {c.get("type"): c for c in old_status.get("conditions") or []}
            conditions = []
            if available >= replicas - max_unavailable:
                conditions.append(
                    _condition(
                        previous,
                        "Available",
                        "True",
                        "MinimumReplicasAvailable",
                        "Deployment has minimum availability.",
                        now,
                    )
                )
            else:
                conditions.append(
                    _condition(
                        previous,
                        "Available",
                        "False",
                        "MinimumReplicasUnavailable",
                        "Deployment does not have minimum availability.",
                        now,
                    )
                )
            progressing = previous.get("Progressing") or {}
            if complete:
                conditions.append(
                    _condition(
                        previous,
                        "Progressing",
                        "True",
                        "NewReplicaSetAvailable",
                        f'ReplicaSet "{new_name}" has successfully progressed.',
                        now,
                    )
                )
            elif created:
                conditions.append(
                    _condition(
                        previous,
                        "Progressing",
                        "True",
                        "NewReplicaSetCreated",
                        f'Created new replica set "{new_name}"',
                        now,
                        bump=True,
                    )
                )
            else:
                since = parse_time(progressing.get("lastUpdateTime")) or datetime.now(UTC)
                stalled = (
                    progressing.get("reason")
                    in ("ReplicaSetUpdated", "NewReplicaSetCreated", "ProgressDeadlineExceeded")
                    and (datetime.now(UTC) - since).total_seconds() > deadline
                    and old_status.get("updatedReplicas") == updated
                    and old_status.get("availableReplicas") == available
                )
                if stalled or progressing.get("reason") == "ProgressDeadlineExceeded":
                    conditions.append(
                        _condition(
                            previous,
                            "Progressing",
                            "False",
                            "ProgressDeadlineExceeded",
                            f'ReplicaSet "{new_name}" has timed out progressing.',
                            now,
                        )
                    )
                else:
                    moved = (
                        old_status.get("updatedReplicas") != updated
                        or old_status.get("availableReplicas") != available
                    )
                    conditions.append(
                        _condition(
                            previous,
                            "Progressing",
                            "True",
                            "ReplicaSetUpdated",
                            f'ReplicaSet "{new_name}" is progressing.',
                            now,
                            bump=moved,
                        )
                    )
            status: Obj = {
                "observedGeneration": obj["metadata"].get("generation", 1),
                "replicas": total,
                "updatedReplicas": updated,
                "readyReplicas": ready,
                "availableReplicas": available,
                "unavailableReplicas": max(replicas - available, 0),
                "conditions": conditions,
            }
            status = {
                k: v
                for k, v in status.items()
                if v or k in ("observedGeneration", "replicas", "conditions")
            }
            if old_status == status:
                return False
            obj["status"] = status
            return True

        self.ctx.cluster.mutate(self._kind, key[0], key[1], change)
        if not complete:
            retry = deadline + 1
        return retry


def _condition(
    previous: dict[str, Obj],
    kind: str,
    status: str,
    reason: str,
    message: str,
    now: str,
    bump: bool = False,
) -> Obj:
    before = previous.get(kind) or {}
    same = before.get("status") == status and before.get("reason") == reason
    transition = before.get("lastTransitionTime") if before.get("status") == status else None
    return {
        "type": kind,
        "status": status,
        "lastUpdateTime": before.get("lastUpdateTime") if same and not bump else now,
        "lastTransitionTime": transition or now,
        "reason": reason,
        "message": message,
    }


def _strategy(spec: Obj) -> str:
    return str((spec.get("strategy") or {}).get("type", "RollingUpdate"))


def _replicas(rs: Obj) -> int:
    return int((rs.get("spec") or {}).get("replicas", 0) or 0)


def _available(rs: Obj) -> int:
    return int((rs.get("status") or {}).get("availableReplicas", 0) or 0)
