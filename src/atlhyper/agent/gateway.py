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
from atlhyper.model import Heartbeat, IngestAck, Snapshot

log = structlog.get_logger(__name__)

_ack_decoder = msgspec.json.Decoder(IngestAck)


class MasterRejected(Exception):
    """The Master refused a request for a reason retrying will not fix (a 4xx)."""


class Gateway:
    def __init__(self, settings: AgentSettings, metrics: AgentMetrics, attempts: int = 3) -> None:
        self.compression = settings.compression
        self.metrics = metrics
        self.attempts = attempts
        self._encoder = msgspec.json.Encoder()
        self._zstd = zstandard.ZstdCompressor(level=1)
        self.client = httpx.AsyncClient(
            base_url=str(settings.master_url).rstrip("/"),
            headers={"Authorization": f"Bearer {settings.token.get_secret_value()}"},
            timeout=httpx.Timeout(30.0),
        )

    def _compress(self, raw: bytes) -> bytes:
        if self.compression == "zstd":
            return self._zstd.compress(raw)
        return gzip.compress(raw, compresslevel=6)

    async def _post(self, path: str, payload: object) -> IngestAck:
        """POST with bounded retries: a failed push is dropped, and the next one is whole."""
        body = self._compress(self._encoder.encode(payload))
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
                    self.metrics.push_bytes.inc(len(body))
                    return _ack_decoder.decode(response.content)
                if response.status_code < 500:
                    raise MasterRejected(f"{response.status_code}: {response.text[:300]}")
                if attempt == self.attempts:
                    response.raise_for_status()
            await asyncio.sleep(backoff.next_delay())
        raise AssertionError("unreachable")

    async def push_snapshot(self, snapshot: Snapshot) -> IngestAck:
        started = time.perf_counter()
        try:
            return await self._post("/agent/snapshot", snapshot)
        finally:
            self.metrics.push_seconds.observe(time.perf_counter() - started)

    async def heartbeat(self, beat: Heartbeat) -> IngestAck:
        return await self._post("/agent/heartbeat", beat)

    async def close(self) -> None:
        await self.client.aclose()
