"""The slice of OpenAPI v3 that kubectl reads before it writes.

`kubectl create -f` / `apply` first ask `/openapi/v3` whether each kind's PATCH operation takes the
`fieldValidation` query parameter; with a yes they leave validation to the server, with a 404 they
refuse to send anything ("failed to download openapi"). The sim publishes, per group-version, the
write operations of its kinds with the `x-kubernetes-group-version-kind` tags kubectl matches on.
Schemas are left out: nothing the sim serves needs them yet.
"""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec

from atlhyper.sim.kinds import Kind, Registry
from atlhyper.sim.objects import KUBE_VERSION

Obj = dict[str, Any]

_WRITE_PARAMS = ("dryRun", "fieldManager", "fieldValidation")


def root(registry: Registry) -> Obj:
    paths = {}
    for group, versions in registry.group_versions().items():
        for version in versions:
            prefix = _prefix(group, version)
            digest = hashlib.sha256(msgspec.json.encode(group_version(registry, group, version)))
            paths[prefix.lstrip("/")] = {
                "serverRelativeURL": f"/openapi/v3{prefix}?hash={digest.hexdigest()[:32].upper()}"
            }
    return {"paths": paths}


def group_version(registry: Registry, group: str, version: str) -> Obj | None:
    kinds = [k for k in registry.kinds if k.group == group and k.version == version]
    if not kinds:
        return None
    paths: Obj = {}
    for kind in kinds:
        collection, item = _paths(kind)
        paths[collection] = {"post": _operation(kind, "post", "create")}
        paths[item] = {
            "put": _operation(kind, "put", "replace"),
            "patch": _operation(kind, "patch", "patch"),
        }
    return {
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": KUBE_VERSION},
        "paths": paths,
        "components": {"schemas": {}},
    }


def _operation(kind: Kind, action: str, verb: str) -> Obj:
    return {
        "operationId": f"{verb}{kind.kind}",
        "parameters": [
            {"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": True}}
            for name in _WRITE_PARAMS
        ],
        "responses": {"200": {"description": "OK"}},
        "x-kubernetes-action": action,
        "x-kubernetes-group-version-kind": {
            "group": kind.group,
            "version": kind.version,
            "kind": kind.kind,
        },
    }


def _paths(kind: Kind) -> tuple[str, str]:
    prefix = _prefix(kind.group, kind.version)
    scope = "/namespaces/{namespace}" if kind.namespaced else ""
    collection = f"{prefix}{scope}/{kind.plural}"
    return collection, collection + "/{name}"


def _prefix(group: str, version: str) -> str:
    return f"/apis/{group}/{version}" if group else f"/api/{version}"
