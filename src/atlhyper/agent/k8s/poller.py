"""Periodic LIST for kinds that cannot be watched: node and pod usage from metrics.k8s.io.

It runs on its own task, off the snapshot path: a snapshot uses whatever the last poll found. A
404 or 403 means the cluster does not serve metrics.k8s.io to us; the kind is reported as
unavailable in the heartbeat and retried rarely. An item whose usage moved less than 5 % keeps its
cached object, so a delta carries only the usage that really moved.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2
import msgspec
import structlog

from atlhyper.agent.k8s import wire
from atlhyper.agent.k8s.kinds import PolledKind
from atlhyper.agent.k8s.reflector import (
    UNAVAILABLE_RETRY_SECONDS,
    ApiStatusError,
    Unavailable,
    raise_for,
)
from atlhyper.agent.metrics import AgentMetrics
from atlhyper.model import object_key

log = structlog.get_logger(__name__)


#: Usage that moves less than this (relative, or the absolute floor) keeps its cached object, so
#: the noise of every scrape does not put every pod into every delta.
MOVE_RATIO = 0.05
CPU_FLOOR_MILLICORES = 5
MEMORY_FLOOR_BYTES = 4 * 1024 * 1024


def _moved(before: int, after: int, floor: int) -> bool:
    return abs(after - before) > max(floor, MOVE_RATIO * max(before, after))


def moved(kept: Any, fresh: Any) -> bool:
    """Whether usage changed enough to be worth sending; other objects: any change."""
    if not hasattr(fresh, "cpu_millicores"):
        return bool(kept != fresh)
    return _moved(kept.cpu_millicores, fresh.cpu_millicores, CPU_FLOOR_MILLICORES) or _moved(
        kept.memory_bytes, fresh.memory_bytes, MEMORY_FLOOR_BYTES
    )


class Poller:
    """Keeps `cache` equal to the last successful LIST of one kind."""

    def __init__(
        self,
        client: httpx2.AsyncClient,
        kind: PolledKind,
        metrics: AgentMetrics,
        interval: float,
        page_size: int = 500,
    ) -> None:
        self.client = client
        self.kind = kind
        self.field = kind.field
        self.metrics = metrics
        self.interval = interval
        self.page_size = page_size
        self.cache: dict[str, Any] = {}
        self.available = True
        self.synced = asyncio.Event()
        self._list_decoder = msgspec.json.Decoder(wire.ObjectList[kind.wire_type])  # type: ignore[name-defined]

    async def run(self) -> None:
        while True:
            delay = self.interval
            try:
                await self.poll()
            except Unavailable as exc:
                if self.available:
                    log.info("kind not served; retrying later", kind=self.field, error=str(exc))
                self.available = False
                self.cache = {}
                delay = max(self.interval, UNAVAILABLE_RETRY_SECONDS)
            except (httpx2.HTTPError, msgspec.DecodeError, ApiStatusError) as exc:
                self.metrics.watch_errors.labels(self.field).inc()
                log.warning("poll failed", kind=self.field, error=str(exc) or type(exc).__name__)
            self.metrics.cache_objects.labels(self.field).set(len(self.cache))
            self.synced.set()
            await asyncio.sleep(delay)

    async def poll(self) -> None:
        """One paged LIST; the cache is replaced only once the list is whole."""
        fresh: dict[str, Any] = {}
        token: str | None = None
        while True:
            params: dict[str, str | int] = {"limit": self.page_size}
            if token:
                params["continue"] = token
            response = await self.client.get(self.kind.path, params=params)
            self.metrics.api_calls.labels("list", self.field).inc()
            if response.status_code != 200:
                raise_for(response.status_code, response.content)
            page = self._list_decoder.decode(response.content)
            for item in page.items:
                converted = self.kind.convert(item)
                key = object_key(converted)
                kept = self.cache.get(key)
                fresh[key] = kept if kept is not None and not moved(kept, converted) else converted
            token = page.metadata.continue_
            if not token:
                break
        self.cache = fresh
        self.available = True
