"""Which REST path serves a kind, learned from the API server's discovery documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from atlhyper.agent.k8s.api import KubeApi, KubeApiError


@dataclass(frozen=True, slots=True)
class Resource:
    kind: str
    group_version: str  # "v1" or "apps/v1"
    plural: str
    namespaced: bool

    def path(self, namespace: str = "", name: str = "", subresource: str = "") -> str:
        base = "/api/v1" if self.group_version == "v1" else f"/apis/{self.group_version}"
        parts = [base]
        if self.namespaced and namespace:
            parts.append(f"namespaces/{namespace}")
        parts.append(self.plural)
        if name:
            parts.append(name)
        if subresource:
            parts.append(subresource)
        return "/".join(parts)


class UnknownKind(Exception):
    """The API server serves no resource of this kind (or apiVersion)."""


class ResourceMap:
    """Kind → Resource for each group's preferred version; loaded lazily, refreshed on a miss."""

    def __init__(self, api: KubeApi) -> None:
        self.api = api
        self._by_kind: dict[str, Resource] = {}
        self._by_gvk: dict[tuple[str, str], Resource] = {}

    async def resolve(self, kind: str, api_version: str | None = None) -> Resource:
        for attempt in range(2):
            found = (
                self._by_gvk.get((api_version, kind)) if api_version else self._by_kind.get(kind)
            )
            if found:
                return found
            if attempt == 0:
                await self.refresh()
        wanted = f"{api_version}/{kind}" if api_version else kind
        raise UnknownKind(f"the API server serves no kind {wanted!r}")

    async def refresh(self) -> None:
        by_kind: dict[str, Resource] = {}
        by_gvk: dict[tuple[str, str], Resource] = {}
        preferred: list[str] = ["v1"]
        groups = await self.api.get("/apis")
        for group in groups.get("groups", []):
            versions = [v["groupVersion"] for v in group.get("versions", [])]
            best = group.get("preferredVersion", {}).get("groupVersion")
            preferred.append(best or versions[0])
            for version in versions:
                if version != best:
                    preferred.append(version)
        for group_version in preferred:
            try:
                listing = await self.api.get(
                    "/api/v1" if group_version == "v1" else f"/apis/{group_version}"
                )
            except KubeApiError:
                continue  # an unavailable aggregated API must not hide the others
            for item in _top_level(listing):
                resource = Resource(item["kind"], group_version, item["name"], item["namespaced"])
                by_gvk.setdefault((group_version, item["kind"]), resource)
                by_kind.setdefault(item["kind"], resource)
        self._by_kind, self._by_gvk = by_kind, by_gvk


def _top_level(listing: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in listing.get("resources", []) if "/" not in r.get("name", "")]
