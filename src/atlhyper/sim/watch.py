"""WATCH streams: newline-delimited events over one chunked response.

The stream ends when `timeoutSeconds` runs out, when the client disconnects, when the client falls
too far behind (it then re-watches from its last resourceVersion, as client-go does), or when the
server stops. While nothing happens, a client that asked for bookmarks gets a BOOKMARK carrying the
current resourceVersion, so resuming after a quiet period never needs the history that has since
been compacted away.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

import msgspec

from atlhyper.sim import listing
from atlhyper.sim.errors import ApiError
from atlhyper.sim.http import Accept, Receive, Send
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Entry, Store, Watcher

_encoder = msgspec.json.Encoder()
_BATCH = 500
#: The initial-events-end marker a watch-list client (sendInitialEvents=true) waits for.
INITIAL_EVENTS_END = "k8s.io/initial-events-end"


@dataclass(frozen=True, slots=True)
class WatchOptions:
    timeout: float
    bookmarks: bool
    bookmark_interval: float
    initial_events_end: bool
    accept: Accept
    include_object: str


async def stream(
    send: Send,
    receive: Receive,
    store: Store,
    kind: Kind,
    options: WatchOptions,
    watcher: Watcher | None,
    error: ApiError | None = None,
) -> None:
    """Serve one watch; `error` (such as 410 Expired) is sent as an ERROR event, as upstream."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"cache-control", b"no-cache, private"),
            ],
        }
    )
    if watcher is None:
        assert error is not None
        line = _encoder.encode({"type": "ERROR", "object": error.status()}) + b"\n"
        await send({"type": "http.response.body", "body": line, "more_body": False})
        return
    encode = _Encoder(kind, options)
    disconnect = asyncio.create_task(_on_disconnect(receive, watcher))
    try:
        await _serve(send, store, watcher, options, encode)
    finally:
        disconnect.cancel()
        store.unwatch(watcher)
    with contextlib.suppress(OSError, RuntimeError):
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _serve(
    send: Send, store: Store, watcher: Watcher, options: WatchOptions, encode: _Encoder
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + options.timeout
    for start in range(0, len(watcher.initial), _BATCH):
        batch = watcher.initial[start : start + _BATCH]
        await _send(send, b"".join(encode.event(kind, entry) for kind, entry in batch))
        if watcher.closed:
            return
    watcher.initial = []
    if options.initial_events_end:
        await _send(send, encode.bookmark(store.rv, initial_end=True))
    while not watcher.closed:
        remaining = deadline - loop.time()
        if remaining <= 0:
            return
        wait = min(remaining, options.bookmark_interval) if options.bookmarks else remaining
        try:
            async with asyncio.timeout(wait):
                item = await watcher.queue.get()
        except TimeoutError:
            if options.bookmarks and loop.time() < deadline:
                await _send(send, encode.bookmark(store.rv))
            continue
        lines = []
        while item is not None:
            lines.append(encode.event(*item))
            if len(lines) >= _BATCH:
                break
            try:
                item = watcher.queue.get_nowait()
            except asyncio.QueueEmpty:
                break
        if lines:
            await _send(send, b"".join(lines))


async def _send(send: Send, body: bytes) -> None:
    await send({"type": "http.response.body", "body": body, "more_body": True})


async def _on_disconnect(receive: Receive, watcher: Watcher) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            watcher.close()
            return


class _Encoder:
    def __init__(self, kind: Kind, options: WatchOptions) -> None:
        self._kind = kind
        self._options = options

    def event(self, type: str, entry: Entry) -> bytes:
        if not self._options.accept.table:
            return b'{"type":"%s","object":%s}\n' % (type.encode(), entry.raw)
        obj = entry.decode()
        table = listing.table_body(
            self._kind,
            [obj],
            {"resourceVersion": str(entry.rv)},
            self._options.include_object,
            self._options.accept.table_version,
        )
        return b'{"type":"%s","object":%s}\n' % (type.encode(), table)

    def bookmark(self, rv: int, initial_end: bool = False) -> bytes:
        metadata: dict[str, object] = {"resourceVersion": str(rv), "creationTimestamp": None}
        if initial_end:
            metadata["annotations"] = {INITIAL_EVENTS_END: "true"}
        obj = {"kind": self._kind.kind, "apiVersion": self._kind.api_version, "metadata": metadata}
        return _encoder.encode({"type": "BOOKMARK", "object": obj}) + b"\n"
