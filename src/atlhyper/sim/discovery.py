"""Discovery documents: how kubectl and client libraries learn which kinds the server has.

kubectl resolves `po`, `pods` or `pod` to a URL from `/api/v1`'s APIResourceList and caches it;
its aggregated-discovery request (`as=APIGroupDiscoveryList`) falls back to these legacy documents
when the answer is plain JSON, so the legacy form is all the sim needs to serve.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim import metrics
from atlhyper.sim.kinds import VERBS, Kind, Registry
from atlhyper.sim.objects import KUBE_VERSION

Obj = dict[str, Any]


def version() -> Obj:
    major, minor, _ = KUBE_VERSION.lstrip("v").split(".")
    return {
        "major": major,
        "minor": minor,
        "gitVersion": KUBE_VERSION,
        "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean",
        "buildDate": "2025-04-22T16:00:00Z",
        "goVersion": "go1.23.8",
        "compiler": "gc",
        "platform": "linux/amd64",
    }


def core_versions(server_address: str) -> Obj:
    return {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}
        ],
    }


def group_list(registry: Registry) -> Obj:
    return {
        "kind": "APIGroupList",
        "apiVersion": "v1",
        "groups": [_group(name, versions) for name, versions in _groups(registry).items()],
    }


def group(registry: Registry, name: str) -> Obj | None:
    versions = _groups(registry).get(name)
    if versions is None:
        return None
    return {"kind": "APIGroup", "apiVersion": "v1", **_group(name, versions)}


def resource_list(registry: Registry, group_name: str, version_name: str) -> Obj | None:
    if (group_name, version_name) == (metrics.GROUP, metrics.VERSION):
        return metrics.resource_list()
    kinds = [k for k in registry.kinds if k.group == group_name and k.version == version_name]
    if not kinds:
        return None
    group_version = f"{group_name}/{version_name}" if group_name else version_name
    resources = []
    for kind in kinds:
        resources.append(_resource(kind))
        resources.extend(
            {
                "name": f"{kind.plural}/{sub}",
                "singularName": "",
                "namespaced": kind.namespaced,
                **detail,
            }
            for sub, detail in subresources(kind).items()
        )
    if group_version == "v1":
        resources.append(
            {
                "name": "bindings",
                "singularName": "binding",
                "namespaced": True,
                "kind": "Binding",
                "verbs": ["create"],
            }
        )
    return {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": group_version,
        "resources": resources,
    }


def subresources(kind: Kind) -> dict[str, Obj]:
    """The subresources a kind serves, with what discovery says about each."""
    found: dict[str, Obj] = {}
    if kind.status_subresource:
        found["status"] = {"kind": kind.kind, "verbs": ["get", "patch", "update"]}
    if kind.scale is not None:
        found["scale"] = {
            "group": "autoscaling",
            "version": "v1",
            "kind": "Scale",
            "verbs": ["get", "patch", "update"],
        }
    if kind.kind == "Pod":
        found["binding"] = {"kind": "Binding", "verbs": ["create"]}
        found["eviction"] = {
            "group": "policy",
            "version": "v1",
            "kind": "Eviction",
            "verbs": ["create"],
        }
        found["log"] = {"kind": "Pod", "verbs": ["get"]}
    if kind.kind == "Namespace":
        found["finalize"] = {"kind": "Namespace", "verbs": ["update"]}
    return found


def _resource(kind: Kind) -> Obj:
    resource: Obj = {
        "name": kind.plural,
        "singularName": kind.singular,
        "namespaced": kind.namespaced,
        "kind": kind.kind,
        "verbs": list(VERBS),
    }
    if kind.short_names:
        resource["shortNames"] = list(kind.short_names)
    if kind.categories:
        resource["categories"] = list(kind.categories)
    return resource


def _groups(registry: Registry) -> dict[str, list[str]]:
    groups = {name: versions for name, versions in registry.group_versions().items() if name}
    groups[metrics.GROUP] = [metrics.VERSION]
    return groups


def _group(name: str, versions: list[str]) -> Obj:
    listed = [{"groupVersion": f"{name}/{v}", "version": v} for v in versions]
    return {"name": name, "versions": listed, "preferredVersion": listed[0]}
