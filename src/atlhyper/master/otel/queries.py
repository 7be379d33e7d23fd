"""Asking a cluster's Agent to read ClickHouse: one command per distinct query, results cached.

A query is keyed by (cluster, action, its parameters as canonical JSON); the Master resolves time
ranges to absolute, floored times before building parameters, so equal views make equal keys.
Each command actually sent is audited like any command a user creates (`command.<action>`);
answers served from the cache send nothing and log nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec

from atlhyper.master.audit import AuditLog
from atlhyper.master.commands import CommandHub
from atlhyper.master.errors import ApiError
from atlhyper.master.otel.cache import QueryCache
from atlhyper.model.commands import Target

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Caller:
    """Who asks, for the command's `createdBy` and the audit log."""

    username: str
    client_ip: str


@dataclass(frozen=True, slots=True)
class Cluster:
    id: str
    name: str
    online: bool


class OtelQueries:
    def __init__(
        self, commands: CommandHub, audit: AuditLog, timeout_seconds: float, cache: QueryCache
    ) -> None:
        self.commands = commands
        self.audit = audit
        self.timeout_seconds = timeout_seconds
        self.cache = cache

    async def run(
        self,
        cluster: Cluster,
        action: str,
        params: msgspec.Struct,
        output: type[T],
        caller: Caller,
        ttl: Callable[[T], float],
    ) -> T:
        """The Agent's answer to `action`, as `output`; `ttl(answer)` says how long to keep it.

        Errors: 503 when the Agent is offline, 504 when it gives no result in time, 502
        (`agent_failed`) with its message when it fails.
        """
        wire = msgspec.to_builtins(params)
        key = (cluster.id, action, msgspec.json.encode(wire, order="sorted"))
        return await self.cache.get_or_run(
            key, lambda: self._ask(cluster, action, wire, output, caller), ttl
        )

    async def _ask(
        self,
        cluster: Cluster,
        action: str,
        params: dict[str, Any],
        output: type[T],
        caller: Caller,
    ) -> T:
        if not cluster.online:
            raise ApiError(
                503,
                f"the Agent of cluster {cluster.name!r} is offline; OTel queries need it running",
                code="agent_offline",
            )
        row = await self.commands.create(
            cluster_id=cluster.id,
            queue="ops",
            action=action,
            target=Target(kind=""),
            params=params,
            source="ui",
            created_by=caller.username,
            timeout_seconds=max(1, round(self.timeout_seconds)),
            dry_run=False,
        )
        await self.audit.record(
            caller.username,
            f"command.{action}",
            target=cluster.id,
            params={"commandId": row.id, **params},
            result="submitted",
            client_ip=caller.client_ip,
        )
        row = await self.commands.wait(row.id, self.timeout_seconds)
        if row.status == "success":
            try:
                return msgspec.convert(row.output, output)
            except msgspec.ValidationError as exc:
                raise ApiError(
                    502,
                    f"the Agent of cluster {cluster.name!r} answered {action} with an invalid "
                    f"{output.__name__}: {exc}",
                    code="agent_failed",
                ) from None
        if row.status in ("failed", "rejected"):
            raise ApiError(502, row.error or f"{action} {row.status}", code="agent_failed")
        if row.status == "pending":
            with contextlib.suppress(ApiError):  # taken meanwhile
                await self.commands.cancel(row.id)  # else an Agent runs it later for nobody
        if row.status == "timeout" and row.error:
            message = f"cluster {cluster.name!r}: {row.error}"
        else:
            message = (
                f"the Agent of cluster {cluster.name!r} gave no answer to {action} within "
                f"{self.timeout_seconds:.0f} s"
            )
        raise ApiError(504, message, code="agent_timeout")
