"""Per-kind defaulting and validation applied on create and update.

A real API server fills in defaults (restartPolicy, dnsPolicy, imagePullPolicy, …) before storing a
pod, and clients and the Agent read those fields back; it rejects a pod without containers with a
422 whose causes name the field. The sim does the same for the fields it knows.
"""

from __future__ import annotations

import re
from typing import Any

Obj = dict[str, Any]
#: (field path, reason, message), as in a `Status`'s `details.causes`.
Cause = tuple[str, str, str]

_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def dns_label(name: str) -> str | None:
    """Why `name` is not a valid DNS-1123 label, or None when it is."""
    if len(name) > 63 or not _DNS_LABEL.match(name):
        return (
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
            "'-', and must start and end with an alphanumeric character (at most 63 characters)"
        )
    return None


def dns_subdomain(name: str) -> str | None:
    """Why `name` is not a valid DNS-1123 subdomain, or None when it is."""
    if len(name) > 253 or not _DNS_SUBDOMAIN.match(name):
        return (
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            "'-' or '.', and must start and end with an alphanumeric character"
        )
    return None


def no_defaults(obj: Obj) -> None:
    """Kinds without server-side defaults."""


def no_rules(obj: Obj) -> list[Cause]:
    return []


def namespace_defaults(obj: Obj) -> None:
    metadata = obj.setdefault("metadata", {})
    labels = metadata.setdefault("labels", {})
    labels["kubernetes.io/metadata.name"] = metadata.get("name", "")
    obj.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
    obj.setdefault("status", {}).setdefault("phase", "Active")


def pod_defaults(obj: Obj) -> None:
    pod_spec_defaults(obj.setdefault("spec", {}))
    status = obj.setdefault("status", {})
    status.setdefault("phase", "Pending")
    status.setdefault("qosClass", qos_class(obj["spec"]))


def pod_spec_defaults(spec: Obj) -> None:
    """What the API server fills into a pod spec, also inside every workload's pod template."""
    for key, value in (
        ("restartPolicy", "Always"),
        ("terminationGracePeriodSeconds", 30),
        ("dnsPolicy", "ClusterFirst"),
        ("serviceAccountName", "default"),
        ("serviceAccount", "default"),
        ("securityContext", {}),
        ("schedulerName", "default-scheduler"),
        ("enableServiceLinks", True),
        ("preemptionPolicy", "PreemptLowerPriority"),
        ("priority", 0),
    ):
        spec.setdefault(key, value)
    if spec.get("serviceAccountName") and spec.get("serviceAccount") != spec["serviceAccountName"]:
        spec["serviceAccount"] = spec["serviceAccountName"]
    spec.setdefault(
        "tolerations",
        [
            {
                "key": f"node.kubernetes.io/{taint}",
                "operator": "Exists",
                "effect": "NoExecute",
                "tolerationSeconds": 300,
            }
            for taint in ("not-ready", "unreachable")
        ],
    )
    for container in [*spec.get("initContainers", []), *spec.get("containers", [])]:
        if not isinstance(container, dict):
            continue
        image = str(container.get("image", ""))
        tag = image.rsplit("/", 1)[-1]
        pull = "Always" if ":" not in tag or tag.endswith(":latest") else "IfNotPresent"
        container.setdefault("imagePullPolicy", pull)
        container.setdefault("resources", {})
        container.setdefault("terminationMessagePath", "/dev/termination-log")
        container.setdefault("terminationMessagePolicy", "File")
        for port in container.get("ports") or []:
            if isinstance(port, dict):
                port.setdefault("protocol", "TCP")


def pod_rules(obj: Obj) -> list[Cause]:
    return pod_spec_rules(obj.get("spec"), "spec")


def pod_spec_rules(spec: object, path: str) -> list[Cause]:
    if not isinstance(spec, dict):
        return [(path, "FieldValueRequired", "Required value")]
    containers = spec.get("containers")
    if not isinstance(containers, list) or not containers:
        return [(f"{path}.containers", "FieldValueRequired", "Required value")]
    causes: list[Cause] = []
    seen: set[str] = set()
    for index, container in enumerate(containers):
        where = f"{path}.containers[{index}]"
        if not isinstance(container, dict):
            causes.append((where, "FieldValueInvalid", "Invalid value: must be an object"))
            continue
        name = container.get("name")
        if not isinstance(name, str) or not name:
            causes.append((f"{where}.name", "FieldValueRequired", "Required value"))
        elif (why := dns_label(name)) is not None:
            causes.append((f"{where}.name", "FieldValueInvalid", f'Invalid value: "{name}": {why}'))
        elif name in seen:
            causes.append((f"{where}.name", "FieldValueDuplicate", f'Duplicate value: "{name}"'))
        else:
            seen.add(name)
        image = container.get("image")
        if not isinstance(image, str) or not image.strip():
            causes.append((f"{where}.image", "FieldValueRequired", "Required value"))
    return causes


def qos_class(spec: Obj) -> str:
    """Guaranteed, Burstable or BestEffort from the containers' requests and limits."""
    containers = [c for c in spec.get("containers", []) if isinstance(c, dict)]
    requests_any = limits_all = False
    guaranteed = bool(containers)
    for container in containers:
        resources = container.get("resources") or {}
        requests = resources.get("requests") or {}
        limits = resources.get("limits") or {}
        requests_any = requests_any or bool(requests) or bool(limits)
        limits_all = all(key in limits for key in ("cpu", "memory"))
        effective = {**limits, **requests}
        if not limits_all or any(effective.get(k) != limits.get(k) for k in ("cpu", "memory")):
            guaranteed = False
    if guaranteed:
        return "Guaranteed"
    return "Burstable" if requests_any else "BestEffort"
