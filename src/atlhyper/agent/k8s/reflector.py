"""The list-watch loop behind every cache (client-go's reflector, in asyncio).

LIST in pages, then WATCH from the list's resourceVersion with bookmarks, resuming from the last
version seen. A 410 Gone means our version left the server's history: relist after a backoff,
never retry the stale version. Other errors back off with jitter. In steady state the loop makes
no LIST calls at all.

A relist keeps the cached object (the same Python object) for every item whose resourceVersion
did not change, so the snapshot builder, which compares objects by identity, sends exactly the
objects that changed or disappeared while the watch was broken: nothing lost, nothing duplicated.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import random
from collections.abc import Iterator
from typing import Any

import httpx2
import msgspec
import structlog

from atlhyper.agent.k8s import wire
from atlhyper.agent.k8s.kinds import WatchedKind
from atlhyper.agent.metrics import AgentMetrics
from atlhyper.backoff import Backoff

log = structlog.get_logger(__name__)

_status_decoder = msgspec.json.Decoder(wire.Status)
_event_decoder = msgspec.json.Decoder(wire.WatchEvent)
_bookmark_decoder = msgspec.json.Decoder(wire.Bookmark)
UNAVAILABLE_RETRY_SECONDS = 300.0


class Gone(Exception):
    """The resourceVersion we hold is too old (HTTP 410 or a watch ERROR with code 410)."""


class Unavailable(Exception):
    """The server does not serve this kind to us (404 or 403)."""


class ApiStatusError(Exception):
    def __init__(self, status: wire.Status) -> None:
        super().__init__(f"{status.code} {status.reason}: {status.message}")
        self.status = status


class GcPause:
    """Cyclic GC off while any LIST is being decoded (the collector is process-wide, so is this).

    A LIST allocates hundreds of thousands of long-lived containers (labels, lists); every
    collection pass then walks all of them again, which costs ~40 % of the decode time at 100k
    pods. Nothing a LIST builds forms a cycle, so reference counting still frees all garbage.
    """

    holders = 0
    was_enabled = False

    @classmethod
    @contextlib.contextmanager
    def held(cls) -> Iterator[None]:
        if cls.holders == 0:
            cls.was_enabled = gc.isenabled()
            gc.disable()
        cls.holders += 1
        try:
            yield
        finally:
            cls.holders -= 1
            if cls.holders == 0 and cls.was_enabled:
                gc.enable()


def _key(obj: Any) -> str:
    meta = obj.metadata
    return f"{meta.namespace}/{meta.name}" if meta.namespace else meta.name


def raise_for(status_code: int, body: bytes) -> None:
    """Turn a failed API response into Gone, Unavailable or ApiStatusError."""
    try:
        status = _status_decoder.decode(body)
    except msgspec.DecodeError:
        status = wire.Status(code=status_code, message=body[:200].decode(errors="replace"))
    if status_code == 410:
        raise Gone(status.message)
    if status_code in (403, 404):
        raise Unavailable(f"{status_code} {status.message}")
    raise ApiStatusError(status)


class Reflector:
    """Keeps `cache` equal to the server's objects of one kind."""

    def __init__(
        self,
        client: httpx2.AsyncClient,
        kind: WatchedKind,
        metrics: AgentMetrics,
        page_size: int = 500,
        watch_timeout: tuple[int, int] = (300, 600),
    ) -> None:
        self.client = client
        self.kind = kind
        self.field = kind.field
        self.metrics = metrics
        self.page_size = page_size
        self.watch_timeout = watch_timeout
        self.cache: dict[str, Any] = {}
        self.resource_version = ""
        self.synced = asyncio.Event()
        self.available = True
        self._list_decoder = msgspec.json.Decoder(wire.ObjectList[kind.wire_type])  # type: ignore[name-defined]
        self._item_decoder = msgspec.json.Decoder(kind.wire_type)

    async def run(self) -> None:
        backoff = Backoff()
        needs_list = True
        while True:
            try:
                if needs_list:
                    await self._list()
                    needs_list = False
                await self._watch()
                backoff.reset()
            except Gone:
                self.metrics.relists.labels(self.kind.field).inc()
                log.info("resource version expired; relisting", kind=self.kind.field)
                needs_list = True
                await asyncio.sleep(backoff.next_delay())
            except Unavailable as exc:
                self.available = False
                self.cache = {}
                self.metrics.cache_objects.labels(self.kind.field).set(0)
                self.synced.set()  # nothing to wait for; the heartbeat reports it
                log.warning("kind not served; retrying later", kind=self.kind.field, error=str(exc))
                needs_list = True
                await asyncio.sleep(UNAVAILABLE_RETRY_SECONDS)
            except (httpx2.HTTPError, msgspec.DecodeError, ApiStatusError) as exc:
                self.metrics.watch_errors.labels(self.kind.field).inc()
                delay = backoff.next_delay()
                log.warning(
                    "list/watch failed; backing off",
                    kind=self.kind.field,
                    error=str(exc) or type(exc).__name__,
                    retry_in=round(delay, 2),
                )
                await asyncio.sleep(delay)

    async def _list(self) -> None:
        """Replace the cache with a fresh, paged LIST; the cache changes only once it is whole."""
        with GcPause.held():
            await self._list_pages()

    async def _list_pages(self) -> None:
        fresh: dict[str, Any] = {}
        previous = self.cache
        token: str | None = None
        while True:
            params: dict[str, str | int] = {"limit": self.page_size}
            if token:
                params["continue"] = token
            response = await self.client.get(self.kind.path, params=params)
            self.metrics.api_calls.labels("list", self.kind.field).inc()
            if response.status_code != 200:
                raise_for(response.status_code, response.content)
            page = self._list_decoder.decode(response.content)
            for item in page.items:
                key = _key(item)
                kept = previous.get(key)
                version = item.metadata.resourceVersion
                if kept is not None and version and kept.resource_version == version:
                    fresh[key] = kept  # unchanged: same object, so no delta entry
                else:
                    fresh[key] = self.kind.convert(item)
            token = page.metadata.continue_
            if not token:
                break
        self.cache = fresh
        self.resource_version = page.metadata.resourceVersion
        self.available = True
        self.metrics.cache_objects.labels(self.kind.field).set(len(fresh))
        self.synced.set()

    async def _watch(self) -> None:
        """Follow changes until the server ends the watch (normal) or an error is raised."""
        timeout = random.randint(*self.watch_timeout)
        params: dict[str, str | int] = {
            "watch": 1,
            "allowWatchBookmarks": "true",
            "resourceVersion": self.resource_version,
            "timeoutSeconds": timeout,
        }
        request_timeout = httpx2.Timeout(10.0, read=timeout + 30.0)
        self.metrics.api_calls.labels("watch", self.kind.field).inc()
        self.metrics.watch_restarts.labels(self.kind.field).inc()
        async with self.client.stream(
            "GET", self.kind.path, params=params, timeout=request_timeout
        ) as response:
            if response.status_code != 200:
                raise_for(response.status_code, await response.aread())
            async for line in response.aiter_lines():
                if line:
                    self._apply(line.encode())

    def _apply(self, line: bytes) -> None:
        event = _event_decoder.decode(line)
        kind = event.type
        if kind == "BOOKMARK":
            self.resource_version = _bookmark_decoder.decode(event.object).metadata.resourceVersion
            return
        if kind == "ERROR":
            status = _status_decoder.decode(event.object)
            if status.code == 410:
                raise Gone(status.message)
            raise ApiStatusError(status)
        obj = self._item_decoder.decode(event.object)
        key = _key(obj)
        if kind == "DELETED":
            self.cache.pop(key, None)
        elif kind in ("ADDED", "MODIFIED"):
            self.cache[key] = self.kind.convert(obj)
        self.resource_version = obj.metadata.resourceVersion
        self.metrics.watch_events.labels(self.kind.field, kind).inc()
        self.metrics.cache_objects.labels(self.kind.field).set(len(self.cache))
