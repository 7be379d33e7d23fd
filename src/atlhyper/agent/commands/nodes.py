"""Actions on nodes: cordon, uncordon, and drain (evictions that respect PodDisruptionBudgets)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from atlhyper.agent.commands.context import ActionContext, ActionError
from atlhyper.agent.commands.selectors import matches
from atlhyper.agent.k8s.api import KubeApiError
from atlhyper.model.commands import DrainParams, Target

MIRROR_ANNOTATION = "kubernetes.io/config.mirror"


async def _set_unschedulable(
    ctx: ActionContext, node: str, value: bool, dry_run: bool
) -> dict[str, Any]:
    path = f"/api/v1/nodes/{node}"
    before = bool((await ctx.api.get(path)).get("spec", {}).get("unschedulable", False))
    await ctx.api.patch(path, {"spec": {"unschedulable": value}}, "strategic", dry_run=dry_run)
    return {"node": node, "unschedulable": {"from": before, "to": value}, "dryRun": dry_run}


async def cordon(
    ctx: ActionContext, target: Target, params: object, dry_run: bool
) -> dict[str, Any]:
    return await _set_unschedulable(ctx, target.name, True, dry_run)


async def uncordon(
    ctx: ActionContext, target: Target, params: object, dry_run: bool
) -> dict[str, Any]:
    return await _set_unschedulable(ctx, target.name, False, dry_run)


def _pod_name(pod: dict[str, Any]) -> str:
    return f"{pod['metadata'].get('namespace', '')}/{pod['metadata']['name']}"


@dataclass
class DrainPlan:
    evict: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)


def plan_drain(pods: list[dict[str, Any]], params: DrainParams) -> DrainPlan:
    """Which pods a drain evicts, skips, or cannot touch — the checks `kubectl drain` makes."""
    plan = DrainPlan()
    for pod in pods:
        metadata = pod["metadata"]
        owners = metadata.get("ownerReferences") or []
        if MIRROR_ANNOTATION in (metadata.get("annotations") or {}):
            plan.skipped.append({"pod": _pod_name(pod), "reason": "mirror pod (static)"})
        elif any(owner.get("kind") == "DaemonSet" for owner in owners):
            if params.ignore_daemonsets:
                plan.skipped.append({"pod": _pod_name(pod), "reason": "managed by a DaemonSet"})
            else:
                plan.refused.append(
                    {"pod": _pod_name(pod), "reason": "managed by a DaemonSet (ignoreDaemonsets)"}
                )
        elif not params.delete_emptydir_data and any(
            "emptyDir" in volume for volume in pod.get("spec", {}).get("volumes") or []
        ):
            plan.refused.append(
                {"pod": _pod_name(pod), "reason": "uses emptyDir data (deleteEmptydirData)"}
            )
        else:
            plan.evict.append(pod)
    return plan


def _guarding_budgets(pod: dict[str, Any], budgets: list[dict[str, Any]]) -> list[str]:
    namespace = pod["metadata"].get("namespace", "")
    labels = pod["metadata"].get("labels") or {}
    return [
        b["metadata"]["name"]
        for b in budgets
        if b["metadata"].get("namespace") == namespace
        and matches(b.get("spec", {}).get("selector"), labels)
    ]


def blocking_budgets(pods: list[dict[str, Any]], budgets: list[dict[str, Any]]) -> dict[str, str]:
    """Pod → the PodDisruptionBudget that would refuse its eviction, evicting in order."""
    allowed = {
        (b["metadata"]["namespace"], b["metadata"]["name"]): int(
            b.get("status", {}).get("disruptionsAllowed", 0)
        )
        for b in budgets
    }
    blocked: dict[str, str] = {}
    for pod in pods:
        namespace = pod["metadata"].get("namespace", "")
        guarding = [(namespace, name) for name in _guarding_budgets(pod, budgets)]
        if any(allowed[key] < 1 for key in guarding):
            blocked[_pod_name(pod)] = next(name for ns, name in guarding if allowed[(ns, name)] < 1)
            continue
        for key in guarding:
            allowed[key] -= 1
    return blocked


async def drain(
    ctx: ActionContext, target: Target, params: DrainParams, dry_run: bool
) -> dict[str, Any]:
    node = target.name
    pods = (await ctx.api.get("/api/v1/pods", {"fieldSelector": f"spec.nodeName={node}"})).get(
        "items", []
    )
    plan = plan_drain(pods, params)
    if plan.refused:
        reasons = "; ".join(f"{item['pod']}: {item['reason']}" for item in plan.refused)
        raise ActionError(f"cannot drain {node}: {reasons}")
    budgets = (await ctx.api.get("/apis/policy/v1/poddisruptionbudgets")).get("items", [])
    if dry_run:
        await _set_unschedulable(ctx, node, True, dry_run=True)
        blocked = blocking_budgets(plan.evict, budgets)
        return {
            "node": node,
            "dryRun": True,
            "wouldEvict": [_pod_name(p) for p in plan.evict if _pod_name(p) not in blocked],
            "blocked": [{"pod": pod, "podDisruptionBudget": pdb} for pod, pdb in blocked.items()],
            "skipped": plan.skipped,
        }
    await _set_unschedulable(ctx, node, True, dry_run=False)
    return await _evict_all(ctx, node, plan, params, budgets)


async def _evict_all(
    ctx: ActionContext,
    node: str,
    plan: DrainPlan,
    params: DrainParams,
    budgets: list[dict[str, Any]],
) -> dict[str, Any]:
    """Evict until every pod is gone or the drain's own timeout passes, retrying refusals.

    A refusal names the PodDisruptionBudgets that guard the pod, since the API server's message
    ("Cannot evict pod as it would violate the pod's disruption budget") does not.
    """
    guards = {_pod_name(pod): _guarding_budgets(pod, budgets) for pod in plan.evict}
    loop = asyncio.get_running_loop()
    deadline = loop.time() + params.timeout_seconds
    remaining = {_pod_name(pod) for pod in plan.evict}
    evicted: list[str] = []
    refusals: dict[str, str] = {}
    while remaining and loop.time() < deadline:
        for name in sorted(remaining):
            namespace, pod_name = name.split("/", 1)
            eviction: dict[str, Any] = {
                "apiVersion": "policy/v1",
                "kind": "Eviction",
                "metadata": {"name": pod_name, "namespace": namespace},
            }
            if params.grace_period_seconds is not None:
                eviction["deleteOptions"] = {"gracePeriodSeconds": params.grace_period_seconds}
            try:
                await ctx.api.post(
                    f"/api/v1/namespaces/{namespace}/pods/{pod_name}/eviction", eviction
                )
            except KubeApiError as exc:
                if exc.code == 404:
                    remaining.discard(name)  # already gone
                    continue
                if exc.code != 429:
                    raise
                named = ", ".join(guards.get(name, []))
                refusals[name] = (
                    f"{exc.message} (PodDisruptionBudget {named})" if named else exc.message
                )
                continue
            refusals.pop(name, None)
            evicted.append(name)
            remaining.discard(name)
        if remaining:
            await asyncio.sleep(ctx.poll_interval)
    progress = {
        "node": node,
        "cordoned": True,
        "evicted": evicted,
        "skipped": plan.skipped,
        "blocked": [{"pod": pod, "reason": refusals.get(pod, "")} for pod in sorted(remaining)],
    }
    if remaining:
        raise ActionError(
            f"drain of {node} stopped after {params.timeout_seconds}s with "
            f"{len(remaining)} pod(s) not evicted: "
            + "; ".join(f"{pod}: {refusals.get(pod, 'not evicted')}" for pod in sorted(remaining)),
            progress,
        )
    return progress
