"""The `scale`, `eviction` and `binding` subresources.

`scale` presents a Deployment, ReplicaSet or StatefulSet as an autoscaling/v1 Scale (what
`kubectl scale` and the HPA read and write). `eviction` is the PodDisruptionBudget-checked
delete that `kubectl drain` uses: it answers 429 with the API server's exact message while an
eviction would leave a budget short, and otherwise spends one allowed disruption and deletes the
pod gracefully. `binding` is how a scheduler assigns a node.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim import errors, pdb
from atlhyper.sim.cluster import Cluster, PatchOptions, now_rfc3339
from atlhyper.sim.kinds import Kind
from atlhyper.sim.patch import APPLY_PATCH, apply_patch
from atlhyper.sim.printers import selector_text
from atlhyper.sim.store import Entry

Obj = dict[str, Any]

EVICTION_REFUSED = "Cannot evict pod as it would violate the pod's disruption budget."


def scale_of(kind: Kind, entry: Entry) -> Obj:
    obj = entry.decode()
    metadata = obj["metadata"]
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    return {
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": metadata["name"],
            "namespace": metadata.get("namespace", ""),
            "uid": metadata.get("uid", ""),
            "resourceVersion": str(entry.rv),
            "creationTimestamp": metadata.get("creationTimestamp"),
        },
        "spec": {"replicas": int(spec.get("replicas", 0) or 0)},
        "status": {
            "replicas": int(status.get("replicas", 0) or 0),
            "selector": selector_text(spec.get("selector")).replace("<none>", ""),
        },
    }


def write_scale(
    cluster: Cluster,
    kind: Kind,
    namespace: str,
    name: str,
    body: object,
    patch_type: str | None,
    dry_run: bool,
) -> Obj:
    """PUT (patch_type None) or PATCH of a Scale; only spec.replicas reaches the parent."""
    current = cluster.store.get(kind, namespace, name)
    if current is None:
        raise errors.not_found(kind.plural, name, kind.group)
    scale = scale_of(kind, current)
    if patch_type is None:
        new_scale = body
    elif patch_type == APPLY_PATCH:
        raise errors.unsupported_media_type(patch_type)
    else:
        new_scale = apply_patch(scale, body, patch_type)
    if not isinstance(new_scale, dict):
        raise errors.bad_request("the request body must be a Scale object")
    replicas = (new_scale.get("spec") or {}).get("replicas")
    if not isinstance(replicas, int) or replicas < 0:
        raise errors.invalid(
            "Scale",
            name,
            [
                (
                    "spec.replicas",
                    "FieldValueInvalid",
                    f"Invalid value: {replicas}: must be greater than or equal to 0",
                )
            ],
        )
    given_rv = (new_scale.get("metadata") or {}).get("resourceVersion")
    if patch_type is None and given_rv and str(given_rv) != str(current.rv):
        raise errors.conflict(kind.plural, name, kind.group)
    patch = {"spec": {"replicas": replicas}}
    entry, _ = cluster.patch(
        kind,
        namespace,
        name,
        "application/merge-patch+json",
        patch,
        PatchOptions(dry_run=dry_run),
    )
    return scale_of(kind, entry)


def evict(cluster: Cluster, pods: Kind, pdbs: Kind, namespace: str, name: str, body: object) -> Obj:
    if not isinstance(body, dict):
        raise errors.bad_request("the request body must be an Eviction object")
    given = (body.get("metadata") or {}).get("name")
    if given and given != name:
        raise errors.bad_request(
            f"name in URL does not match name in Eviction object: {name} != {given}"
        )
    entry = cluster.store.get(pods, namespace, name)
    if entry is None:
        raise errors.not_found("pods", name)
    pod = entry.decode()
    options: Obj = dict(body.get("deleteOptions") or {})
    dry_run = "All" in (options.get("dryRun") or [])
    phase = (pod.get("status") or {}).get("phase")
    if pod["metadata"].get("deletionTimestamp") or phase in ("Succeeded", "Failed", "Pending"):
        # Terminal, pending and terminating pods are deleted without consulting budgets.
        cluster.delete(pods, namespace, name, options, dry_run)
        return _success()
    budgets = pdb.matching(cluster.store, pdbs, namespace, entry.labels)
    if len(budgets) > 1:
        raise errors.ApiError(
            500,
            "InternalError",
            "This pod has more than one PodDisruptionBudget, which the eviction subresource "
            "does not support.",
        )
    if budgets and pdb.pod_healthy(pod):
        budget_entry = budgets[0]
        health = pdb.health(cluster.store, pods, budget_entry)
        if health.disruptions_allowed <= 0:
            raise errors.too_many_requests(
                EVICTION_REFUSED,
                [
                    {
                        "reason": "DisruptionBudget",
                        "message": f"The disruption budget {budget_entry.name} needs "
                        f"{health.desired_healthy} healthy pods and has "
                        f"{health.current_healthy} currently",
                    }
                ],
            )
        if not dry_run:

            def spend(obj: Obj) -> bool:
                status = obj.setdefault("status", {})
                status["disruptionsAllowed"] = max(health.disruptions_allowed - 1, 0)
                status.setdefault("disruptedPods", {})[name] = now_rfc3339()
                return True

            cluster.mutate(pdbs, namespace, budget_entry.name, spend)
    cluster.delete(pods, namespace, name, options, dry_run)
    return _success()


def _success() -> Obj:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}


def bind(cluster: Cluster, pods: Kind, nodes: Kind, namespace: str, name: str, body: object) -> Obj:
    if not isinstance(body, dict):
        raise errors.bad_request("the request body must be a Binding object")
    target = (body.get("target") or {}).get("name")
    if not target:
        raise errors.invalid(
            "Binding", name, [("target.name", "FieldValueRequired", "Required value")]
        )
    entry = cluster.store.get(pods, namespace, name)
    if entry is None:
        raise errors.not_found("pods", name)
    if cluster.store.get(nodes, "", target) is None:
        raise errors.not_found("nodes", target)
    if entry.field(pods, "spec.nodeName"):
        raise errors.ApiError(
            409,
            "Conflict",
            f'Operation cannot be fulfilled on pods/binding "{name}": pod {name} is already '
            f'assigned to node "{entry.field(pods, "spec.nodeName")}"',
            {"name": name, "kind": "pods/binding"},
        )

    def assign(obj: Obj) -> bool:
        obj["spec"]["nodeName"] = target
        status = obj.setdefault("status", {})
        conditions = [c for c in status.get("conditions") or [] if c.get("type") != "PodScheduled"]
        conditions.append(
            {
                "type": "PodScheduled",
                "status": "True",
                "lastProbeTime": None,
                "lastTransitionTime": now_rfc3339(),
            }
        )
        status["conditions"] = conditions
        return True

    cluster.mutate(pods, namespace, name, assign)
    return _success()
