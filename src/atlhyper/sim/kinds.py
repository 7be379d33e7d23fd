"""What the sim knows about each resource kind, declared once per kind.

Storage, LIST/WATCH, discovery and Table output are generic; a kind contributes only its names,
scope, selectable fields, defaulting, validation and printer columns. Adding a kind is one `Kind(…)`
in `builtin_kinds()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from atlhyper.sim import tables, validation

Obj = dict[str, Any]
FieldGetter = Callable[[Obj], str]

VERBS = ("create", "delete", "get", "list", "update", "watch")


@dataclass(frozen=True, slots=True)
class Kind:
    kind: str
    plural: str
    singular: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    group: str = ""
    version: str = "v1"
    #: Field-selector fields beyond metadata.name / metadata.namespace, as the server supports them.
    fields: Mapping[str, FieldGetter] = field(default_factory=dict)
    defaults: Callable[[Obj], None] = validation.no_defaults
    validate: Callable[[Obj], list[validation.Cause]] = validation.no_rules
    name_rule: Callable[[str], str | None] = validation.dns_subdomain
    table: tables.TableSpec = tables.DEFAULT_TABLE

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(self.fields)

    def supports_field(self, name: str) -> bool:
        return name in ("metadata.name", "metadata.namespace") or name in self.fields


class Registry:
    """Kinds by plural name, kind name and short name, in the order they were registered."""

    def __init__(self, kinds: Iterable[Kind]) -> None:
        self.kinds = tuple(kinds)
        self._by_plural = {(k.group, k.version, k.plural): k for k in self.kinds}
        self._by_kind = {k.kind: k for k in self.kinds}

    def by_plural(self, group: str, version: str, plural: str) -> Kind | None:
        return self._by_plural.get((group, version, plural))

    def by_kind(self, kind: str) -> Kind:
        return self._by_kind[kind]

    def group_versions(self) -> dict[str, list[str]]:
        versions: dict[str, list[str]] = {}
        for kind in self.kinds:
            listed = versions.setdefault(kind.group, [])
            if kind.version not in listed:
                listed.append(kind.version)
        return versions


def _path(*keys: str, default: str = "") -> FieldGetter:
    def get(obj: Obj) -> str:
        value: Any = obj
        for key in keys:
            if not isinstance(value, dict):
                return default
            value = value.get(key)
        if isinstance(value, bool):
            return "true" if value else "false"
        return default if value is None else str(value)

    return get


def builtin_kinds() -> list[Kind]:
    return [
        Kind(
            kind="Namespace",
            plural="namespaces",
            singular="namespace",
            namespaced=False,
            short_names=("ns",),
            fields={"status.phase": _path("status", "phase")},
            defaults=validation.namespace_defaults,
            name_rule=validation.dns_label,
            table=tables.NAMESPACE_TABLE,
        ),
        Kind(
            kind="Node",
            plural="nodes",
            singular="node",
            namespaced=False,
            short_names=("no",),
            fields={"spec.unschedulable": _path("spec", "unschedulable", default="false")},
            table=tables.NODE_TABLE,
        ),
        Kind(
            kind="Pod",
            plural="pods",
            singular="pod",
            namespaced=True,
            short_names=("po",),
            categories=("all",),
            fields={
                "spec.nodeName": _path("spec", "nodeName"),
                "spec.restartPolicy": _path("spec", "restartPolicy"),
                "spec.schedulerName": _path("spec", "schedulerName"),
                "spec.serviceAccountName": _path("spec", "serviceAccountName"),
                "spec.hostNetwork": _path("spec", "hostNetwork", default="false"),
                "status.phase": _path("status", "phase"),
                "status.podIP": _path("status", "podIP"),
                "status.nominatedNodeName": _path("status", "nominatedNodeName"),
            },
            defaults=validation.pod_defaults,
            validate=validation.pod_rules,
            table=tables.POD_TABLE,
        ),
    ]
