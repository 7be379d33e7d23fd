"""Pods from templates, and the pod predicates every workload controller shares.

The template hash is what makes `pod-template-hash` labels and ReplicaSet names stable: the FNV-32a
of the template (plus the collision count), spelled with the API machinery's safe alphabet, as
the Deployment controller does it.
"""

from __future__ import annotations

import copy
from typing import Any

import msgspec

from atlhyper.sim.cluster import NAME_ALPHABET
from atlhyper.sim.validation import pod_defaults

Obj = dict[str, Any]


def _fnv32a(data: bytes) -> int:
    value = 0x811C9DC5
    for byte in data:
        value ^= byte
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def safe_encode(text: str) -> str:
    return "".join(NAME_ALPHABET[ord(ch) % len(NAME_ALPHABET)] for ch in text)


def template_hash(template: Obj, collisions: int = 0) -> str:
    """The `pod-template-hash` of a pod template (labels it carries itself are left out)."""
    clean = copy.deepcopy(template)
    labels = (clean.get("metadata") or {}).get("labels") or {}
    labels.pop("pod-template-hash", None)
    data = msgspec.json.encode(clean, order="sorted")
    if collisions:
        data += str(collisions).encode()
    return safe_encode(str(_fnv32a(data)))


def pod_from_template(
    template: Obj,
    namespace: str,
    owner: Obj,
    name: str = "",
    generate_name: str = "",
    labels: dict[str, str] | None = None,
) -> Obj:
    """A pod as a controller creates it: the template's metadata and spec, owned by `owner`."""
    metadata_template = template.get("metadata") or {}
    metadata: Obj = {"namespace": namespace}
    if name:
        metadata["name"] = name
    else:
        metadata["generateName"] = generate_name
    merged_labels = {**(metadata_template.get("labels") or {}), **(labels or {})}
    if merged_labels:
        metadata["labels"] = merged_labels
    if metadata_template.get("annotations"):
        metadata["annotations"] = dict(metadata_template["annotations"])
    metadata["ownerReferences"] = [owner]
    pod: Obj = {
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": metadata,
        "spec": copy.deepcopy(template.get("spec") or {}),
    }
    pod_defaults(pod)
    return pod


def is_terminal(pod: Obj) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def is_active(pod: Obj) -> bool:
    """Counted against a controller's replicas: not finished and not being deleted."""
    return not is_terminal(pod) and not pod["metadata"].get("deletionTimestamp")


def is_ready(pod: Obj) -> bool:
    status = pod.get("status") or {}
    return status.get("phase") == "Running" and any(
        c.get("type") == "Ready" and c.get("status") == "True"
        for c in status.get("conditions") or []
    )


def int_or_percent(value: object, total: int, round_up: bool) -> int:
    """`maxSurge`/`maxUnavailable` style values: an int, or a percentage of `total`."""
    if isinstance(value, str) and value.endswith("%"):
        try:
            scaled = float(value[:-1]) * total / 100
        except ValueError:
            return 0
        return int(-(-scaled // 1)) if round_up else int(scaled)
    try:
        return int(str(value))
    except ValueError:
        return 0
