"""Fields every compact Kubernetes object carries, and the key that identifies it.

`kw_only=True` lets each kind add required and optional fields in any order after these.
`owners` keeps kind/name/uid of every owner reference, so a chain such as Pod → ReplicaSet →
Deployment, or Pod → Job → CronJob, can be followed from any object to its root.

`annotations` are bounded (the Agent's `convert.bounded_annotations`) so a snapshot of 150k pods
stays small and never carries data an annotation merely repeats. Dropped:
`kubectl.kubernetes.io/last-applied-configuration` (the whole applied object, a Secret's data
included) and `control-plane.alpha.kubernetes.io/leader` (a lease record renewed every few
seconds). A value longer than 1,024 characters is cut to 1,024, the last one being "…"; of more
than 64 annotations, the first 64 keys in sorted order are kept.
"""

from __future__ import annotations

from typing import Any

import msgspec


class OwnerRef(msgspec.Struct, rename="camel", gc=False):
    kind: str
    name: str
    uid: str = ""
    controller: bool = False


class Condition(msgspec.Struct, rename="camel", gc=False):
    type: str
    status: str
    reason: str = ""
    message: str = ""
    last_transition: str = ""


class ClusterObject(msgspec.Struct, rename="camel", gc=False, kw_only=True):
    """A cluster-scoped object."""

    uid: str
    name: str
    resource_version: str = ""
    created_at: str = ""
    labels: dict[str, str] = {}
    annotations: dict[str, str] = {}  # bounded: see the module docstring
    owners: list[OwnerRef] = []


class NamespacedObject(ClusterObject, kw_only=True):
    namespace: str


def object_key(obj: Any) -> str:
    """`namespace/name` for namespaced objects, `name` for cluster-scoped ones.

    The same key is used by the Agent's caches, the delta's deleted lists and the Master's state.
    """
    namespace = getattr(obj, "namespace", "")
    return f"{namespace}/{obj.name}" if namespace else str(obj.name)
