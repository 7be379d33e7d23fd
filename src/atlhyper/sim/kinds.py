"""What the sim knows about each resource kind, declared once per kind.

Storage, LIST/WATCH, discovery and Table output are generic; a kind contributes only its names,
scope, selectable fields, defaulting, validation and printer columns. Adding a kind is one `Kind(…)`
in `catalog.builtin_kinds()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from atlhyper.sim import tables, validation

Obj = dict[str, Any]
FieldGetter = Callable[[Obj], str]

VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")


@dataclass(frozen=True, slots=True)
class ScaleSpec:
    """Where a kind keeps what its `scale` subresource reads and writes."""

    #: Path to the desired replica count under `spec`.
    replicas: str = "replicas"
    #: Path under `status` holding the observed replicas.
    status_replicas: str = "replicas"


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
    #: Values kept beside each stored object for the controllers, not selectable by clients.
    index: Mapping[str, FieldGetter] = field(default_factory=dict)
    defaults: Callable[[Obj], None] = validation.no_defaults
    validate: Callable[[Obj], list[validation.Cause]] = validation.no_rules
    name_rule: Callable[[str], str | None] = validation.dns_subdomain
    table: tables.TableSpec = tables.DEFAULT_TABLE
    #: Served with a `status` subresource: a plain update leaves status alone and vice versa.
    status_subresource: bool = False
    #: metadata.generation is kept and bumped when anything outside metadata and status changes.
    generation: bool = False
    scale: ScaleSpec | None = None
    positions: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        names = (*self.fields, *self.index)
        object.__setattr__(self, "positions", {name: i for i, name in enumerate(names)})

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def field_names(self) -> tuple[str, ...]:
        return (*self.fields, *self.index)

    def getters(self) -> tuple[FieldGetter, ...]:
        return (*self.fields.values(), *self.index.values())

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

    def find_kind(self, api_version: str, kind: str) -> Kind | None:
        """The kind an ownerReference or involvedObject names, if the sim serves it."""
        found = self._by_kind.get(kind)
        return found if found is not None and found.api_version == api_version else None

    def group_versions(self) -> dict[str, list[str]]:
        versions: dict[str, list[str]] = {}
        for kind in self.kinds:
            listed = versions.setdefault(kind.group, [])
            if kind.version not in listed:
                listed.append(kind.version)
        return versions
