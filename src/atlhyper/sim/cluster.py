"""The API server's write semantics, shared by every kind: create, update, patch, delete.

This is where a request body becomes a stored object the way a real server does it: the URL's
namespace wins or the request fails, `generateName` gets a random suffix, uid, creationTimestamp
and generation are filled in, defaults are applied, a stale resourceVersion is a 409 Conflict,
spec changes bump `generation`, the status subresource and the main resource each change only
their half, and deletion honours finalizers and propagation (Orphan here; Background and
Foreground through the garbage collector). Deleting a namespace or a running pod starts a
graceful deletion that the controllers finish.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from atlhyper.sim import errors
from atlhyper.sim.apply import server_side_apply
from atlhyper.sim.kinds import Kind, Registry
from atlhyper.sim.patch import APPLY_PATCH, apply_patch
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
        metadata["uid"] = random_uid(self.rng)
        metadata["creationTimestamp"] = now_rfc3339()
        if kind.status_subresource and kind.kind != "Node":
            # Status is the controllers' to write: a create starts it afresh (nodes, which
            # kubelets register with their status, keep it).
            obj.pop("status", None)
        if kind.generation:
            metadata["generation"] = 1
        else:
            metadata.pop("generation", None)
        self._default_and_validate(kind, obj)
        if dry_run:
            return Entry(kind, _ordered(obj, metadata), self.store.rv)
        return self.store.add(kind, _ordered(obj, metadata))

    def update(
        self,
        kind: Kind,
        namespace: str,
        name: str,
        body: object,
        dry_run: bool = False,
        status: bool = False,
    ) -> Entry:
        """PUT: a replacement guarded by resourceVersion; `status`: the status subresource."""
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
        return self._write(kind, current, obj, dry_run, status)

    def patch(
        self,
        kind: Kind,
        namespace: str,
        name: str,
        patch_type: str,
        body: object,
        options: PatchOptions,
    ) -> tuple[Entry, bool]:
        """PATCH in any of the four formats; returns the entry and whether it was created."""
        current = self.store.get(kind, namespace, name)
        if patch_type == APPLY_PATCH:
            return self._apply(kind, namespace, name, current, body, options)
        if current is None:
            raise errors.not_found(kind.plural, name, kind.group)
        old = current.decode()
        patched = apply_patch(old, body, patch_type)
        patched_meta = patched.get("metadata")
        if not isinstance(patched_meta, dict):
            raise errors.bad_request("the patched object has no metadata")
        if patched_meta.get("name", name) != name:
            raise errors.bad_request("the name of the patched object cannot be changed")
        patched_meta["name"] = name
        given_rv = patched_meta.get("resourceVersion")
        patched_meta["resourceVersion"] = given_rv or str(current.rv)
        obj = self._shape(kind, namespace, patched)
        return self._write(kind, current, obj, options.dry_run, options.status), False

    def _apply(
        self,
        kind: Kind,
        namespace: str,
        name: str,
        current: Entry | None,
        body: object,
        options: PatchOptions,
    ) -> tuple[Entry, bool]:
        if not options.field_manager:
            raise errors.bad_request(
                "PATCH with application/apply-patch+yaml requires the fieldManager parameter"
            )
        applied = self._shape(kind, namespace, body)
        if applied["metadata"].get("name", name) != name:
            raise errors.bad_request(
                f"the name of the object ({applied['metadata'].get('name')}) does not match the "
                f"name on the URL ({name})"
            )
        applied["metadata"]["name"] = name
        merged = server_side_apply(
            current.decode() if current is not None else None,
            applied,
            options.field_manager,
            options.force,
            kind.api_version,
            now_rfc3339(),
        )
        if current is None:
            return self.create(kind, namespace, merged, options.dry_run), True
        merged["metadata"]["resourceVersion"] = str(current.rv)
        obj = self._shape(kind, namespace, merged)
        return self._write(kind, current, obj, options.dry_run, options.status), False

    def _write(self, kind: Kind, current: Entry, obj: Obj, dry_run: bool, status: bool) -> Entry:
        """Store `obj` over `current` with the API server's update rules."""
        metadata = obj["metadata"]
        name = current.name
        if str(metadata.get("resourceVersion")) != str(current.rv):
            raise errors.conflict(kind.plural, name, kind.group)
        if metadata.get("uid") not in (None, "", current.uid):
            raise errors.conflict(kind.plural, name, kind.group)
        old = current.decode()
        old_metadata = old["metadata"]
        if status:
            # The status subresource changes status only; everything else stays as stored.
            new_status = obj.get("status")
            obj = {**old, "metadata": old_metadata}
            if new_status is None:
                obj.pop("status", None)
            else:
                obj["status"] = new_status
            metadata = old_metadata
        else:
            for key in (
                "uid",
                "creationTimestamp",
                "deletionTimestamp",
                "deletionGracePeriodSeconds",
                "generation",
            ):
                if key in old_metadata:
                    metadata[key] = old_metadata[key]
                else:
                    metadata.pop(key, None)
            if kind.status_subresource:
                if "status" in old:
                    obj["status"] = old["status"]
                else:
                    obj.pop("status", None)
            self._default(kind, obj)
            if kind.generation and _spec_of(obj) != _spec_of(old):
                metadata["generation"] = int(old_metadata.get("generation") or 0) + 1
        self._validate(kind, obj)
        if old_metadata.get("deletionTimestamp"):
            added = set(metadata.get("finalizers") or ()) - set(
                old_metadata.get("finalizers") or ()
            )
            if added:
                raise errors.forbidden(
                    kind.plural,
                    name,
                    "no new finalizers can be added if the object is being deleted, found new "
                    f"finalizers {sorted(added)}",
                )
        new = _ordered(obj, metadata)
        if dry_run:
            return Entry(kind, new, current.rv)
        if old == {**new, "metadata": {**metadata, "resourceVersion": str(current.rv)}}:
            return current
        entry = self.store.replace(kind, new)
        return self._finalize(kind, entry, new)

    def _finalize(self, kind: Kind, entry: Entry, obj: Obj) -> Entry:
        """Remove an object being deleted once its last finalizer is gone."""
        metadata = obj["metadata"]
        if not metadata.get("deletionTimestamp") or metadata.get("finalizers"):
            return entry
        if kind.kind == "Pod" and (obj.get("spec") or {}).get("nodeName"):
            phase = (obj.get("status") or {}).get("phase")
            if phase not in ("Succeeded", "Failed"):
                return entry  # the kubelet removes it once its containers stopped
        if kind.kind == "Namespace":
            return entry  # the namespace controller empties it first
        return self.store.remove(kind, entry.namespace, entry.name)

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
        options = options or {}
        preconditions = options.get("preconditions") or {}
        if preconditions.get("uid") not in (None, current.uid) or preconditions.get(
            "resourceVersion"
        ) not in (None, str(current.rv)):
            raise errors.conflict(kind.plural, name, kind.group)
        policy = options.get("propagationPolicy")
        if options.get("orphanDependents") is True:
            policy = "Orphan"
        if policy not in (None, "Background", "Foreground", "Orphan"):
            raise errors.invalid(
                "DeleteOptions",
                "",
                [
                    (
                        "propagationPolicy",
                        "FieldValueNotSupported",
                        f'Unsupported value: "{policy}": supported values: "Foreground", '
                        '"Background", "Orphan", "nil"',
                    )
                ],
            )
        if dry_run:
            return current
        if policy == "Orphan":
            self._orphan(current.uid)
        obj = current.decode()
        metadata = obj["metadata"]
        finalizers = list(metadata.get("finalizers") or [])
        if (
            policy == "Foreground"
            and self.store.dependents(current.uid)
            and "foregroundDeletion" not in finalizers
        ):
            finalizers.append("foregroundDeletion")
        grace = options.get("gracePeriodSeconds")
        graceful = self._graceful(kind, current, grace)
        if not finalizers and not graceful:
            return self.store.remove(kind, namespace, name)
        if metadata.get("deletionTimestamp") and metadata.get("finalizers") == finalizers:
            return current
        metadata.setdefault("deletionTimestamp", now_rfc3339())
        if finalizers:
            metadata["finalizers"] = finalizers
        if kind.kind == "Namespace":
            obj.setdefault("status", {})["phase"] = "Terminating"
        elif graceful:
            seconds = (
                grace
                if isinstance(grace, int)
                else obj.get("spec", {}).get("terminationGracePeriodSeconds", 30)
            )
            metadata["deletionGracePeriodSeconds"] = seconds
        else:
            metadata.setdefault("deletionGracePeriodSeconds", 0)
        return self.store.replace(kind, obj)

    def delete_collection(
        self, kind: Kind, entries: list[Entry], options: Obj, dry_run: bool
    ) -> list[Entry]:
        deleted = []
        for entry in entries:
            try:
                deleted.append(
                    self.delete(kind, entry.namespace, entry.name, dict(options), dry_run)
                )
            except errors.ApiError as exc:
                if exc.code != 404:
                    raise
        return deleted

    def _orphan(self, uid: str) -> None:
        for kind, entry in self.store.dependents(uid):

            def drop(obj: Obj) -> bool:
                refs = obj["metadata"].get("ownerReferences") or []
                kept = [ref for ref in refs if ref.get("uid") != uid]
                if kept:
                    obj["metadata"]["ownerReferences"] = kept
                else:
                    obj["metadata"].pop("ownerReferences", None)
                return True

            self.mutate(kind, entry.namespace, entry.name, drop)

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
        entry = self.store.replace(kind, obj)
        return self._finalize(kind, entry, obj)

    def _graceful(self, kind: Kind, current: Entry, grace: object) -> bool:
        if kind.kind == "Namespace":
            return True
        if kind.kind == "Pod" and grace != 0:
            phase = current.field(kind, "status.phase")
            return bool(current.field(kind, "spec.nodeName")) and phase not in (
                "Succeeded",
                "Failed",
            )
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
        _check_shape(kind, body, metadata)
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

    def _default_and_validate(self, kind: Kind, obj: Obj) -> None:
        self._default(kind, obj)
        self._validate(kind, obj)

    def _default(self, kind: Kind, obj: Obj) -> None:
        try:
            kind.defaults(obj)
        except (AttributeError, TypeError, ValueError, KeyError) as exc:
            raise _undecodable(kind, exc) from None

    def _validate(self, kind: Kind, obj: Obj) -> None:
        try:
            causes = kind.validate(obj)
        except (AttributeError, TypeError, ValueError, KeyError) as exc:
            raise _undecodable(kind, exc) from None
        if causes:
            raise errors.invalid(kind.kind, obj["metadata"].get("name", ""), causes, kind.group)


#: Top-level fields whose JSON type every kind that has them fixes (what Go decoding enforces).
_OBJECT_FIELDS = ("spec", "status", "data", "binaryData", "stringData")
_LIST_METADATA = ("ownerReferences", "finalizers", "managedFields")


def _check_shape(kind: Kind, body: Obj, metadata: Obj) -> None:
    """Refuse, as a 400, bodies whose structure no Go type would decode."""
    for key in _LIST_METADATA:
        value = metadata.get(key)
        if value is not None and not isinstance(value, list):
            raise _undecodable(kind, f"metadata.{key} must be a list")
    for ref in metadata.get("ownerReferences") or []:
        if not isinstance(ref, dict):
            raise _undecodable(kind, "metadata.ownerReferences items must be objects")
    for key in _OBJECT_FIELDS:
        value = body.get(key)
        if value is not None and not isinstance(value, dict):
            raise _undecodable(kind, f"{key} must be an object")


def _undecodable(kind: Kind, why: object) -> errors.ApiError:
    return errors.bad_request(
        f'{kind.kind} in version "{kind.version}" cannot be handled as a {kind.kind}: {why}'
    )


@dataclass(frozen=True, slots=True)
class PatchOptions:
    dry_run: bool = False
    field_manager: str = ""
    force: bool = False
    #: The request is for the status subresource.
    status: bool = False


def _spec_of(obj: Obj) -> Obj:
    return {key: value for key, value in obj.items() if key not in ("metadata", "status")}


def _ordered(obj: Obj, metadata: Obj) -> Obj:
    """Put kind, apiVersion and metadata first, as a real server's JSON does."""
    ordered: Obj = {
        "kind": obj.get("kind"),
        "apiVersion": obj.get("apiVersion"),
        "metadata": metadata,
    }
    ordered.update((key, value) for key, value in obj.items() if key not in ordered)
    return ordered
