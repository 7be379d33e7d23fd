"""The StatefulSet controller: ordinal pods `<name>-0…N-1`, their claims, and rolling updates.

With `OrderedReady`, pod *i* is created only once pods 0…i-1 are Running and Ready, and scaling
down removes the highest ordinal first, one at a time; `Parallel` does both at once. Each pod gets
its `volumeClaimTemplates` claims (`<template>-<name>-<i>`), which outlive it. A template change
rolls pods from the highest ordinal down (above `partition`), replacing one pod at a time while the
rest are Ready. Revisions are `<name>-<hash>` in `controller-revision-hash`.
"""

from __future__ import annotations

import copy
from typing import Any

from atlhyper.sim.controllers.base import (
    Context,
    Key,
    PodOwner,
    owned_pods,
    owner_ref,
)
from atlhyper.sim.controllers.templates import is_active, is_ready, pod_from_template, template_hash
from atlhyper.sim.errors import ApiError
from atlhyper.sim.kinds import Kind

Obj = dict[str, Any]
COMPONENT = "statefulset-controller"
REVISION_LABEL = "controller-revision-hash"


def revision_name(sts: Obj) -> str:
    template = (sts.get("spec") or {}).get("template") or {}
    return f"{sts['metadata']['name']}-{template_hash(template)}"


def ordinal_pod(sts: Obj, kind: Kind, index: int, revision: str) -> Obj:
    name = f"{sts['metadata']['name']}-{index}"
    spec = sts.get("spec") or {}
    template = copy.deepcopy(spec.get("template") or {})
    pod_spec = template.setdefault("spec", {})
    pod_spec.setdefault("hostname", name)
    if spec.get("serviceName"):
        pod_spec.setdefault("subdomain", spec["serviceName"])
    volumes = pod_spec.setdefault("volumes", [])
    for claim in spec.get("volumeClaimTemplates") or []:
        claim_name = claim["metadata"]["name"]
        volumes.append(
            {"name": claim_name, "persistentVolumeClaim": {"claimName": f"{claim_name}-{name}"}}
        )
    if not volumes:
        pod_spec.pop("volumes")
    return pod_from_template(
        template,
        sts["metadata"]["namespace"],
        owner_ref(kind, sts),
        name=name,
        labels={
            REVISION_LABEL: revision,
            "statefulset.kubernetes.io/pod-name": name,
            "apps.kubernetes.io/pod-index": str(index),
        },
    )


class StatefulSets(PodOwner):
    watches = ("StatefulSet", "Pod")
    owns = "StatefulSet"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._claims = ctx.kind("PersistentVolumeClaim")

    def reconcile(self, key: Key) -> float | None:
        found = self.live(key)
        if found is None:
            return None
        entry, sts = found
        spec = sts.get("spec") or {}
        replicas = int(spec.get("replicas", 1) or 0)
        parallel = spec.get("podManagementPolicy") == "Parallel"
        revision = revision_name(sts)
        prefix = f"{key[1]}-"
        pods: dict[int, Obj] = {}
        for pod in owned_pods(self.ctx, entry.uid):
            suffix = pod["metadata"]["name"].removeprefix(prefix)
            if suffix.isdigit():
                pods[int(suffix)] = pod
        for index in range(replicas):
            existing = pods.get(index)
            if existing is not None and is_active(existing):
                continue
            if existing is not None and not existing["metadata"].get("deletionTimestamp"):
                self._delete(entry, existing)  # a finished pod is replaced under the same name
                break
            if existing is not None:
                if not parallel:
                    break
                continue
            self._create(entry, sts, index, revision)
            if not parallel:
                break
        else:
            self._scale_down_or_update(entry, sts, pods, replicas, parallel, revision)
        self._status(key, sts, revision)
        return None

    def _scale_down_or_update(
        self,
        entry: Any,
        sts: Obj,
        pods: dict[int, Obj],
        replicas: int,
        parallel: bool,
        revision: str,
    ) -> None:
        surplus = sorted((i for i in pods if i >= replicas), reverse=True)
        wanted = [pods[i] for i in range(replicas) if i in pods]
        all_ready = all(is_ready(pod) for pod in wanted)
        for index in surplus:
            pod = pods[index]
            if pod["metadata"].get("deletionTimestamp"):
                if not parallel:
                    return
                continue
            if not parallel and not all_ready:
                return
            self._delete(entry, pod)
            if not parallel:
                return
        if surplus or not all_ready:
            return
        strategy = (sts.get("spec") or {}).get("updateStrategy") or {}
        if strategy.get("type") == "OnDelete":
            return
        partition = int((strategy.get("rollingUpdate") or {}).get("partition", 0) or 0)
        for index in sorted(pods, reverse=True):
            pod = pods[index]
            if index < partition or index >= replicas:
                continue
            if (pod["metadata"].get("labels") or {}).get(REVISION_LABEL) != revision:
                self._delete(entry, pod)
                return

    def _create(self, entry: Any, sts: Obj, index: int, revision: str) -> None:
        namespace = sts["metadata"]["namespace"]
        name = f"{sts['metadata']['name']}-{index}"
        for template in (sts.get("spec") or {}).get("volumeClaimTemplates") or []:
            claim_name = f"{template['metadata']['name']}-{name}"
            if self.ctx.store.get(self._claims, namespace, claim_name) is not None:
                continue
            claim = {
                "kind": "PersistentVolumeClaim",
                "apiVersion": "v1",
                "metadata": {
                    "name": claim_name,
                    "namespace": namespace,
                    "labels": dict(
                        ((sts.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
                    ),
                },
                "spec": copy.deepcopy(template.get("spec") or {}),
            }
            try:
                self.ctx.cluster.create(self._claims, namespace, claim)
            except ApiError:
                continue
            self.ctx.recorder.emit(
                self._kind,
                entry,
                "Normal",
                "SuccessfulCreate",
                f"create Claim {claim_name} Pod {name} in StatefulSet {sts['metadata']['name']} "
                "success",
                COMPONENT,
            )
        try:
            self.ctx.cluster.create(
                self._pods, namespace, ordinal_pod(sts, self._kind, index, revision)
            )
        except ApiError:
            return
        self.ctx.recorder.emit(
            self._kind,
            entry,
            "Normal",
            "SuccessfulCreate",
            f"create Pod {name} in StatefulSet {sts['metadata']['name']} successful",
            COMPONENT,
        )

    def _delete(self, entry: Any, pod: Obj) -> None:
        name = pod["metadata"]["name"]
        try:
            self.ctx.cluster.delete(self._pods, pod["metadata"]["namespace"], name)
        except ApiError:
            return
        self.ctx.recorder.emit(
            self._kind,
            entry,
            "Normal",
            "SuccessfulDelete",
            f"delete Pod {name} in StatefulSet {entry.name} successful",
            COMPONENT,
        )

    def _status(self, key: Key, sts: Obj, revision: str) -> None:
        entry = self.ctx.store.get(self._kind, *key)
        if entry is None:
            return
        pods = [p for p in owned_pods(self.ctx, entry.uid) if is_active(p)]
        updated = sum(
            1 for p in pods if (p["metadata"].get("labels") or {}).get(REVISION_LABEL) == revision
        )
        ready = sum(1 for p in pods if is_ready(p))
        older = sorted(
            label
            for p in pods
            if (label := (p["metadata"].get("labels") or {}).get(REVISION_LABEL)) != revision
            and label is not None
        )
        current = older[0] if older else revision
        status: Obj = {
            "observedGeneration": sts["metadata"].get("generation", 1),
            "replicas": len(pods),
            "readyReplicas": ready,
            "currentReplicas": updated if current == revision else len(pods) - updated,
            "updatedReplicas": updated,
            "currentRevision": current,
            "updateRevision": revision,
            "collisionCount": 0,
            "availableReplicas": ready,
        }

        def change(obj: Obj) -> bool:
            if obj.get("status") == status:
                return False
            obj["status"] = status
            return True

        self.ctx.cluster.mutate(self._kind, key[0], key[1], change)
