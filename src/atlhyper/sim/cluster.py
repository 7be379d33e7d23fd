"""The API server's write semantics, shared by every kind: create, update, delete.

This is where a request body becomes a stored object the way a real server does it: the URL's
namespace wins or the request fails, `generateName` gets a random suffix, uid and
creationTimestamp are filled in, defaults are applied, a stale resourceVersion is a 409 Conflict,
and deleting a namespace or a running pod starts a graceful deletion that the controller finishes.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from atlhyper.sim import errors
from atlhyper.sim.kinds import Kind, Registry
from atlhyper.sim.store import Entry, Store

Obj = dict[str, Any]

#: Characters Kubernetes uses for generated name suffixes (no vowels, no look-alikes).
NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def now_rfc3339() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def random_suffix(rng: random.Random, length: int = 5) -> str:
    return "".join(rng.choice(NAME_ALPHABET) for _ in range(length))


def random_uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class Cluster:
    def __init__(self, store: Store, registry: Registry, rng: random.Random) -> None:
        self.store = store
        self.registry = registry
        self.rng = rng
        self.namespaces = registry.by_kind("Namespace")

    def create(self, kind: Kind, namespace: str, body: object, dry_run: bool = False) -> Entry:
        obj = self._shape(kind, namespace, body)
        metadata = obj["metadata"]
        metadata.pop("resourceVersion", None)
        for key in ("uid", "deletionTimestamp", "deletionGracePeriodSeconds"):
            metadata.pop(key, None)
        name = metadata.get("name")
        if not name:
            prefix = metadata.get("generateName")
            if not isinstance(prefix, str) or not prefix:
                raise errors.invalid(
                    kind.kind,
                    "",
                    [
                        (
                            "metadata.name",
                            "FieldValueRequired",
                            "Required value: name or generateName is required",
                        )
                    ],
                )
            name = self._generate_name(kind, namespace, prefix)
            metadata["name"] = name
        self._check_name(kind, name)
        if kind.namespaced:
            self._check_namespace_open(kind, namespace, name)
        if self.store.get(kind, namespace, name) is not None:
            raise errors.already_exists(kind.plural, name, kind.group)
        kind.defaults(obj)
        self._validate(kind, obj)
        metadata["uid"] = random_uid(self.rng)
        metadata["creationTimestamp"] = now_rfc3339()
        if dry_run:
            return Entry(kind, _ordered(obj, metadata), self.store.rv)
        return self.store.add(kind, _ordered(obj, metadata))

    def update(
        self, kind: Kind, namespace: str, name: str, body: object, dry_run: bool = False
    ) -> Entry:
        obj = self._shape(kind, namespace, body)
        metadata = obj["metadata"]
        if metadata.get("name") != name:
            raise errors.bad_request(
                f"the name of the object ({metadata.get('name')}) does not match the name on "
                f"the URL ({name})"
            )
        current = self.store.get(kind, namespace, name)
        if current is None:
            raise errors.not_found(kind.plural, name, kind.group)
        given_rv = metadata.get("resourceVersion")
        if not given_rv:
            raise errors.invalid(
                kind.kind,
                name,
                [
                    (
                        "metadata.resourceVersion",
                        "FieldValueInvalid",
                        "Invalid value: 0x0: must be specified for an update",
                    )
                ],
            )
        if str(given_rv) != str(current.rv):
            raise errors.conflict(kind.plural, name, kind.group)
        if metadata.get("uid") not in (None, "", current.uid):
            raise errors.conflict(kind.plural, name, kind.group)
        old = current.decode()
        old_metadata = old["metadata"]
        for key in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"):
            if key in old_metadata:
                metadata[key] = old_metadata[key]
            else:
                metadata.pop(key, None)
        if "status" in old:
            # Status belongs to the status subresource; a plain update cannot change it.
            obj["status"] = old["status"]
        kind.defaults(obj)
        self._validate(kind, obj)
        if dry_run:
            return Entry(kind, _ordered(obj, metadata), current.rv)
        return self.store.replace(kind, _ordered(obj, metadata))

    def delete(
        self,
        kind: Kind,
        namespace: str,
        name: str,
        options: Obj | None = None,
        dry_run: bool = False,
    ) -> Entry:
        current = self.store.get(kind, namespace, name)
        if current is None:
            raise errors.not_found(kind.plural, name, kind.group)
        preconditions = (options or {}).get("preconditions") or {}
        if preconditions.get("uid") not in (None, current.uid) or preconditions.get(
            "resourceVersion"
        ) not in (None, str(current.rv)):
            raise errors.conflict(kind.plural, name, kind.group)
        if dry_run:
            return current
        grace = (options or {}).get("gracePeriodSeconds")
        if self._graceful(kind, current, grace):
            obj = current.decode()
            metadata = obj["metadata"]
            if metadata.get("deletionTimestamp"):
                return current
            metadata["deletionTimestamp"] = now_rfc3339()
            seconds = (
                grace
                if isinstance(grace, int)
                else obj.get("spec", {}).get("terminationGracePeriodSeconds", 30)
            )
            if kind.kind == "Namespace":
                obj.setdefault("status", {})["phase"] = "Terminating"
            else:
                metadata["deletionGracePeriodSeconds"] = seconds
            return self.store.replace(kind, obj)
        return self.store.remove(kind, namespace, name)

    def mutate(
        self, kind: Kind, namespace: str, name: str, change: Callable[[Obj], bool]
    ) -> Entry | None:
        """Apply `change` to the stored object; it returns False to leave the object unchanged."""
        current = self.store.get(kind, namespace, name)
        if current is None:
            return None
        obj = current.decode()
        if not change(obj):
            return current
        return self.store.replace(kind, obj)

    def _graceful(self, kind: Kind, current: Entry, grace: object) -> bool:
        if kind.kind == "Namespace":
            return True
        if kind.kind == "Pod" and grace != 0:
            return bool(current.field(kind, "spec.nodeName"))
        return False

    def _shape(self, kind: Kind, namespace: str, body: object) -> Obj:
        if not isinstance(body, dict) or not isinstance(body.get("metadata", {}), dict):
            raise errors.bad_request("the request body must be a JSON object with metadata")
        api_version = body.get("apiVersion") or kind.api_version
        if api_version != kind.api_version:
            raise errors.bad_request(
                f"the API version in the data ({api_version}) does not match the expected API "
                f"version ({kind.api_version})"
            )
        given_kind = body.get("kind") or kind.kind
        if given_kind != kind.kind:
            raise errors.bad_request(
                f"the kind in the data ({given_kind}) does not match the expected kind "
                f"({kind.kind})"
            )
        metadata: Obj = dict(body.get("metadata") or {})
        if kind.namespaced:
            given = metadata.get("namespace")
            if given and given != namespace:
                raise errors.bad_request(
                    "the namespace of the provided object does not match the namespace sent on "
                    "the request"
                )
            metadata["namespace"] = namespace
        else:
            metadata.pop("namespace", None)
        for key in ("labels", "annotations"):
            value = metadata.get(key)
            if value is not None and (
                not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values())
            ):
                raise errors.bad_request(f"metadata.{key} must map strings to strings")
        obj = dict(body)
        obj["kind"], obj["apiVersion"], obj["metadata"] = kind.kind, kind.api_version, metadata
        return obj

    def _check_name(self, kind: Kind, name: object) -> None:
        if not isinstance(name, str):
            raise errors.bad_request("metadata.name must be a string")
        why = kind.name_rule(name)
        if why is not None:
            raise errors.invalid(
                kind.kind,
                name,
                [("metadata.name", "FieldValueInvalid", f'Invalid value: "{name}": {why}')],
            )

    def _check_namespace_open(self, kind: Kind, namespace: str, name: str) -> None:
        entry = self.store.get(self.namespaces, "", namespace)
        if entry is None:
            raise errors.not_found("namespaces", namespace)
        if entry.field(self.namespaces, "status.phase") == "Terminating":
            raise errors.forbidden(
                kind.plural,
                name,
                f"unable to create new content in namespace {namespace} because it is being "
                "terminated",
            )

    def _generate_name(self, kind: Kind, namespace: str, prefix: str) -> str:
        for _ in range(8):
            name = prefix + random_suffix(self.rng)
            if self.store.get(kind, namespace, name) is None:
                return name
        raise errors.already_exists(kind.plural, prefix, kind.group)

    def _validate(self, kind: Kind, obj: Obj) -> None:
        causes = kind.validate(obj)
        if causes:
            raise errors.invalid(kind.kind, obj["metadata"].get("name", ""), causes)


def _ordered(obj: Obj, metadata: Obj) -> Obj:
    """Put kind, apiVersion and metadata first, as a real server's JSON does."""
    ordered: Obj = {
        "kind": obj.get("kind"),
        "apiVersion": obj.get("apiVersion"),
        "metadata": metadata,
    }
    ordered.update((key, value) for key, value in obj.items() if key not in ordered)
    return ordered
