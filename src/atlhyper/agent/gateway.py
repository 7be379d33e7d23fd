"""The Agent's only connection to the Master: it always dials out, never listens for it."""

from __future__ import annotations

import asyncio
import gzip
import time

import httpx
import msgspec
import structlog
import zstandard

from atlhyper.agent.config import AgentSettings
from atlhyper.agent.metrics import AgentMetrics
from atlhyper.backoff import Backoff
from atlhyper.model import Heartbeat, IngestAck, Snapshot, SnapshotDelta
from atlhyper.model.commands import Command, CommandBatch, CommandResult

log = structlog.get_logger(__name__)

_ack_decoder = msgspec.json.Decoder(IngestAck)
_batch_decoder = msgspec.json.Decoder(CommandBatch)
# Bodies above this are encoded and compressed in a worker thread, so watches keep flowing.
_THREAD_THRESHOLD_OBJECTS = 2000


class MasterRejected(Exception):
    """The Master refused a request for a reason retrying will not fix (a 4xx)."""


class MasterConflict(MasterRejected):
    """409: the Master does not hold the delta's base snapshot; send a full one."""


class Gateway:
    def __init__(self, settings: AgentSettings, metrics: AgentMetrics, attempts: int = 3) -> None:
        self.compression = settings.compression
        self.metrics = metrics
        self.attempts = attempts
        self.client = httpx.AsyncClient(
            base_url=str(settings.master_url).rstrip("/"),
            headers={"Authorization": f"Bearer {settings.token.get_secret_value()}"},
            timeout=httpx.Timeout(30.0),
        )

    def _encode(self, payload: object) -> tuple[bytes, int]:
        """(compressed body, raw size). A compressor per call: heartbeats run concurrently."""
        raw = msgspec.json.encode(payload)
        if self.compression == "zstd":
            return zstandard.ZstdCompressor(level=1).compress(raw), len(raw)
        return gzip.compress(raw, compresslevel=6), len(raw)

    async def _post(self, path: str, body: bytes) -> IngestAck:
        return _ack_decoder.decode(await self._send(path, body))

    async def _send(self, path: str, body: bytes) -> bytes:
        """POST with bounded retries: a failed push is dropped, and the next one is whole."""
        headers = {"Content-Type": "application/json", "Content-Encoding": self.compression}
        backoff = Backoff(base=0.5, cap=5.0)
        for attempt in range(1, self.attempts + 1):
            try:
                response = await self.client.post(path, content=body, headers=headers)
            except httpx.HTTPError as exc:
                if attempt == self.attempts:
                    raise
                log.info(
                    "master unreachable; retrying", path=path, error=str(exc) or type(exc).__name__
                )
            else:
                if response.status_code < 300:
                    return response.content
                if response.status_code == 409:
                    raise MasterConflict(f"409: {response.text[:300]}")
                if response.status_code < 500:
                    raise MasterRejected(f"{response.status_code}: {response.text[:300]}")
                if attempt == self.attempts:
                    response.raise_for_status()
            await asyncio.sleep(backoff.next_delay())
        raise AssertionError("unreachable")

    async def push_snapshot(self, snapshot: Snapshot | SnapshotDelta) -> IngestAck:
        kind = "full" if isinstance(snapshot, Snapshot) else "delta"
        started = time.perf_counter()
        try:
            if isinstance(snapshot, Snapshot) and len(snapshot.pods) > _THREAD_THRESHOLD_OBJECTS:
                body, raw_size = await asyncio.to_thread(self._encode, snapshot)
            else:
                body, raw_size = self._encode(snapshot)
            ack = await self._post("/agent/snapshot", body)
            self.metrics.push_bytes.labels(kind).inc(len(body))
            self.metrics.push_raw_bytes.labels(kind).inc(raw_size)
            return ack
        finally:
            self.metrics.push_seconds.labels(kind).observe(time.perf_counter() - started)

    async def heartbeat(self, beat: Heartbeat) -> IngestAck:
        body, _ = self._encode(beat)
        return await self._post("/agent/heartbeat", body)

    async def poll_commands(self, queue: str, wait: float) -> list[Command]:
        """Every pending command of one queue, or none after the Master's `wait` (a long-poll)."""
        response = await self.client.get(
            "/agent/commands",
            params={"queue": queue, "wait": wait},
            timeout=httpx.Timeout(10.0, read=wait + 30.0),
        )
        if response.status_code == 204:
            return []
        if response.status_code >= 500:
            response.raise_for_status()
        if response.status_code >= 300:
            raise MasterRejected(f"{response.status_code}: {response.text[:300]}")
        return _batch_decoder.decode(response.content).commands

    async def post_result(self, result: CommandResult) -> None:
        body, _ = self._encode(result)
        await self._send("/agent/result", body)

    async def forward_hosts(self, body: bytes, encoding: str | None) -> httpx.Response:
        """One attempt to hand a collector's batch (as received) to the Master.

        No retries here: the collector keeps the batch and retries, so the Master's answer (or
        the connection error) goes straight back to it.
        """
        headers = {"Content-Type": "application/json"}
        if encoding:
            headers["Content-Encoding"] = encoding
        return await self.client.post("/agent/hosts", content=body, headers=headers)

    async def close(self) -> None:
        await self.client.aclose()
