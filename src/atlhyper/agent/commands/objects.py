"""Actions on any object: delete, apply, and the read-only views (dynamic, ConfigMap, Secret)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import msgspec
import yaml

from atlhyper.agent.commands.context import ActionContext, ActionError, strip_server_fields
from atlhyper.agent.k8s.api import KubeApiError
from atlhyper.agent.k8s.discovery import UnknownKind
from atlhyper.model.commands import (
    ApplyParams,
    DeleteParams,
    DynamicParams,
    SecretParams,
    Target,
)

REDACTED = "***"
#: GET paths never served through `dynamic`, whatever the allow-list says.
_FORBIDDEN_SEGMENTS = ("secrets", "exec", "attach", "portforward", "proxy", "token")


async def delete(
    ctx: ActionContext, target: Target, params: DeleteParams, dry_run: bool
) -> dict[str, Any]:
    resource = await ctx.resource(target)
    options: dict[str, Any] = {"propagationPolicy": params.propagation_policy}
    if params.grace_period_seconds is not None:
        options["gracePeriodSeconds"] = params.grace_period_seconds
    await ctx.api.delete(resource.path(target.namespace, target.name), options, dry_run=dry_run)
    return {
        "deleted": {"kind": target.kind, "namespace": target.namespace, "name": target.name},
        "propagationPolicy": params.propagation_policy,
        "dryRun": dry_run,
    }


async def get_configmap(
    ctx: ActionContext, target: Target, params: object, dry_run: bool
) -> dict[str, Any]:
    _, obj = await ctx.read(target)
    return {
        "data": obj.get("data") or {},
        "binaryKeys": sorted((obj.get("binaryData") or {}).keys()),
    }


def _decoded(value: str) -> str:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return value
    try:
        return raw.decode()
    except UnicodeDecodeError:
        return value  # binary: keep base64


async def get_secret(
    ctx: ActionContext, target: Target, params: SecretParams, dry_run: bool
) -> dict[str, Any]:
    """Keys and type; values only when this Agent allows reveals and an admin asked for one."""
    if params.reveal and not ctx.allow_secret_reveal:
        raise ActionError(
            "this Agent does not reveal Secret values (AGENT_ALLOW_SECRET_REVEAL is off)"
        )
    _, obj = await ctx.read(target)
    data: dict[str, str] = obj.get("data") or {}
    return {
        "type": obj.get("type", "Opaque"),
        "data": {
            key: _decoded(value) if params.reveal else REDACTED for key, value in data.items()
        },
        "revealed": params.reveal,
    }


def _check_dynamic_path(ctx: ActionContext, path: str) -> None:
    bare = path.split("?", 1)[0]
    if not bare.startswith(ctx.dynamic_prefixes) and bare not in ctx.dynamic_prefixes:
        raise ActionError(f"path {bare!r} is outside {', '.join(ctx.dynamic_prefixes)}")
    segments = [segment for segment in bare.split("/") if segment]
    blocked = sorted(set(segments) & set(_FORBIDDEN_SEGMENTS))
    if blocked or "watch=" in path:
        raise ActionError(
            f"path {bare!r} is not readable through dynamic ({', '.join(blocked) or 'watch'})"
        )


async def dynamic(ctx: ActionContext, target: Target, params: DynamicParams, dry_run: bool) -> Any:
    """A read-only GET of an allow-listed path, without managedFields, capped in size."""
    _check_dynamic_path(ctx, params.path)
    path, _, query = params.path.partition("?")
    query_params = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
    obj = strip_server_fields(await ctx.api.get(path, query_params or None))
    size = len(msgspec.json.encode(obj))
    if size > ctx.max_output_bytes:
        raise ActionError(
            f"the answer is {size} bytes, over this Agent's {ctx.max_output_bytes}; "
            "narrow the path or add ?limit="
        )
    return obj


def _documents(manifest: str) -> list[dict[str, Any]]:
    try:
        documents = [doc for doc in yaml.safe_load_all(manifest) if doc is not None]
    except yaml.YAMLError as exc:
        raise ActionError(f"the manifest is not valid YAML: {exc}") from None
    if not documents:
        raise ActionError("the manifest holds no object")
    for index, doc in enumerate(documents, start=1):
        if not isinstance(doc, dict):
            raise ActionError(f"document {index} is not a mapping")
        missing = [f for f in ("apiVersion", "kind") if not doc.get(f)]
        if not doc.get("metadata", {}).get("name"):
            missing.append("metadata.name")
        if missing:
            raise ActionError(f"document {index} has no {', '.join(missing)}")
    return documents


async def apply(
    ctx: ActionContext, target: Target, params: ApplyParams, dry_run: bool
) -> dict[str, Any]:
    """Server-side apply of every document: all are dry-run first, and applied only if all pass."""
    documents = _documents(params.manifest)
    planned = []
    for doc in documents:
        try:
            resource = await ctx.resources.resolve(doc["kind"], doc["apiVersion"])
        except UnknownKind as exc:
            raise ActionError(str(exc)) from None
        namespace = doc["metadata"].get("namespace") or (
            (target.namespace or "default") if resource.namespaced else ""
        )
        if resource.namespaced:
            doc["metadata"]["namespace"] = namespace
        path = resource.path(namespace, doc["metadata"]["name"])
        planned.append((doc, path))
    errors = []
    for doc, path in planned:
        try:
            await ctx.api.patch(
                path, msgspec.json.encode(doc), "apply", dry_run=True, force=params.force
            )
        except KubeApiError as exc:
            errors.append(f"{doc['kind']}/{doc['metadata']['name']}: {exc.message}")
    if errors:
        raise ActionError("server dry-run refused the manifest: " + "; ".join(errors))
    results = []
    for doc, path in planned:
        before = await _resource_version(ctx, path)
        outcome = "created" if before is None else "configured"
        if not dry_run:
            applied = await ctx.api.patch(
                path, msgspec.json.encode(doc), "apply", force=params.force
            )
            if before is not None and applied.get("metadata", {}).get("resourceVersion") == before:
                outcome = "unchanged"
        results.append(
            {
                "kind": doc["kind"],
                "namespace": doc["metadata"].get("namespace", ""),
                "name": doc["metadata"]["name"],
                "result": outcome,
            }
        )
    return {"objects": results, "dryRun": dry_run}


async def _resource_version(ctx: ActionContext, path: str) -> str | None:
    try:
        existing = await ctx.api.get(path)
    except KubeApiError as exc:
        if exc.code == 404:
            return None
        raise
    version: str = existing.get("metadata", {}).get("resourceVersion", "")
    return version
