"""Actions on workloads: scale, restart, update_image, rollback."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from atlhyper.agent.commands.context import ActionContext, ActionError
from atlhyper.model.commands import RollbackParams, ScaleParams, Target, UpdateImageParams

REVISION = "deployment.kubernetes.io/revision"
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"


async def scale(
    ctx: ActionContext, target: Target, params: ScaleParams, dry_run: bool
) -> dict[str, Any]:
    resource = await ctx.resource(target)
    path = resource.path(target.namespace, target.name, "scale")
    current = await ctx.api.get(path)
    before = int(current.get("spec", {}).get("replicas", 0))
    await ctx.api.patch(path, {"spec": {"replicas": params.replicas}}, "merge", dry_run=dry_run)
    return {"replicas": {"from": before, "to": params.replicas}, "dryRun": dry_run}


async def restart(
    ctx: ActionContext, target: Target, params: object, dry_run: bool
) -> dict[str, Any]:
    """What `kubectl rollout restart` does: a new template annotation starts a rollout."""
    resource = await ctx.resource(target)
    stamp = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    patch = {"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: stamp}}}}}
    await ctx.api.patch(
        resource.path(target.namespace, target.name), patch, "strategic", dry_run=dry_run
    )
    return {"patch": patch, "dryRun": dry_run}


def _containers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    containers: list[dict[str, Any]] = (
        obj.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])
    )
    return containers


async def update_image(
    ctx: ActionContext, target: Target, params: UpdateImageParams, dry_run: bool
) -> dict[str, Any]:
    resource, obj = await ctx.read(target)
    containers = _containers(obj)
    names = [c.get("name", "") for c in containers]
    if params.container:
        if params.container not in names:
            raise ActionError(
                f"{target.kind} {target.name} has no container {params.container!r};"
                f" containers: {', '.join(names)}"
            )
        name = params.container
    elif len(names) == 1:
        name = names[0]
    else:
        raise ActionError(f"name the container to update; containers: {', '.join(names)}")
    before = next(c.get("image", "") for c in containers if c.get("name") == name)
    patch = {
        "spec": {"template": {"spec": {"containers": [{"name": name, "image": params.image}]}}}
    }
    await ctx.api.patch(
        resource.path(target.namespace, target.name), patch, "strategic", dry_run=dry_run
    )
    return {"container": name, "image": {"from": before, "to": params.image}, "dryRun": dry_run}


def _revision(obj: dict[str, Any]) -> int:
    try:
        return int(obj.get("metadata", {}).get("annotations", {}).get(REVISION, "0"))
    except ValueError:
        return 0


def _images(template: dict[str, Any]) -> list[str]:
    return [c.get("image", "") for c in template.get("spec", {}).get("containers", [])]


async def rollback(
    ctx: ActionContext, target: Target, params: RollbackParams, dry_run: bool
) -> dict[str, Any]:
    """What `kubectl rollout undo` does: put an older ReplicaSet's pod template back."""
    resource, deployment = await ctx.read(target)
    uid = deployment["metadata"]["uid"]
    selector = deployment.get("spec", {}).get("selector", {}).get("matchLabels", {})
    replica_sets = await ctx.api.get(
        f"/apis/apps/v1/namespaces/{target.namespace}/replicasets",
        {"labelSelector": ",".join(f"{k}={v}" for k, v in selector.items())},
    )
    owned = {
        _revision(rs): rs
        for rs in replica_sets.get("items", [])
        if any(ref.get("uid") == uid for ref in rs["metadata"].get("ownerReferences", []))
    }
    current = _revision(deployment)
    if params.revision is not None:
        wanted = params.revision
    else:
        older = [revision for revision in owned if 0 < revision < current]
        if not older:
            raise ActionError(f"deployment {target.name} has no previous revision to go back to")
        wanted = max(older)
    if wanted not in owned:
        known = ", ".join(str(r) for r in sorted(owned)) or "none"
        raise ActionError(f"revision {wanted} not found; revisions: {known}")
    if wanted == current:
        raise ActionError(f"revision {wanted} is already the current one")
    template = owned[wanted]["spec"]["template"]
    template.get("metadata", {}).get("labels", {}).pop("pod-template-hash", None)
    patch = [{"op": "replace", "path": "/spec/template", "value": template}]
    await ctx.api.patch(
        resource.path(target.namespace, target.name), patch, "json", dry_run=dry_run
    )
    return {
        "revision": {"from": current, "to": wanted},
        "images": {"from": _images(deployment["spec"]["template"]), "to": _images(template)},
        "dryRun": dry_run,
    }
