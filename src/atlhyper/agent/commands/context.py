"""What every action gets: the API, kind resolution, and the Agent's own limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from atlhyper.agent.k8s.api import KubeApi
from atlhyper.agent.k8s.discovery import Resource, ResourceMap
from atlhyper.agent.otel.context import OtelContext
from atlhyper.model.commands import Target


class ActionError(Exception):
    """The action cannot be done as asked; the message tells the user why.

    `output` carries what was done before it stopped (a drain's progress, say).
    """

    def __init__(self, message: str, output: Any = None) -> None:
        super().__init__(message)
        self.output = output


@dataclass
class ActionContext:
    api: KubeApi
    resources: ResourceMap
    allow_secret_reveal: bool = False
    max_output_bytes: int = 1_000_000
    dynamic_prefixes: tuple[str, ...] = ("/api/", "/apis/", "/version")
    poll_interval: float = 1.0
    extras: dict[str, Any] = field(default_factory=dict)
    #: The OTel queries' context once ClickHouse answered with its schema; None before that, or
    #: for good when no ClickHouse is configured.
    otel: OtelContext | None = None
    #: Why `otel` is None although ClickHouse is configured (it has not answered yet).
    otel_unready: str = ""

    async def resource(self, target: Target) -> Resource:
        return await self.resources.resolve(target.kind)

    async def read(self, target: Target) -> tuple[Resource, dict[str, Any]]:
        resource = await self.resource(target)
        return resource, await self.api.get(resource.path(target.namespace, target.name))


def strip_server_fields(obj: dict[str, Any]) -> dict[str, Any]:
    """Drop managedFields, which are large and tell a reader nothing."""
    metadata = obj.get("metadata")
    if isinstance(metadata, dict):
        metadata.pop("managedFields", None)
    for item in obj.get("items", []) if isinstance(obj.get("items"), list) else []:
        if isinstance(item, dict):
            strip_server_fields(item)
    return obj
