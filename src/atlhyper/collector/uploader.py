"""Sends spooled batches to the receiver, oldest first, on a thread of its own.

Each batch is one POST of the spooled bytes. Outcomes:
- 2xx: the batch is delivered and leaves the spool.
- 400, 413, 415, 422 and any other 4xx not listed below: the batch itself is bad and will never
  be accepted; it is moved to rejected/ with the server's message, and sending goes on.
- 401, 403, 404: a wrong token or endpoint is a configuration problem, not a bad batch; the batch
  stays, the error is logged, and the upload is retried, so fixing the token loses nothing.
- 408, 429, 5xx or no answer: the receiver is busy or down; sending stops at this batch (so order
  is kept) and resumes after a backoff, honouring Retry-After.
"""

from __future__ import annotations

import threading
import time

import httpx
import structlog

from atlhyper.backoff import Backoff
from atlhyper.collector.metrics import CollectorMetrics
from atlhyper.collector.spool import Spool, Spooled

log = structlog.get_logger(__name__)

#: 4xx answers that mean "try again later" rather than "this batch is invalid".
RETRY_STATUSES = frozenset({401, 403, 404, 408, 425, 429})


class Uploader:
    def __init__(
        self,
        client: httpx.Client,
        url: str,
        spool: Spool,
        metrics: CollectorMetrics,
        retry_max_seconds: float,
    ) -> None:
        self.client = client
        self.url = url
        self.spool = spool
        self.metrics = metrics
        self.backoff = Backoff(base=0.5, cap=retry_max_seconds)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._retry_after = 0.0
        self._failing_since: float | None = None
        self._last_error = ""

    def wake(self) -> None:
        """A new batch is in the spool."""
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    def run(self) -> None:
        """Send whenever woken; after a failure, wait out the backoff before trying again."""
        delay: float | None = 0.0  # send what an earlier run left in the spool
        while not self._stopping.is_set():
            if delay is None:
                self._wake.wait()
            else:
                self._stopping.wait(delay)
            self._wake.clear()
            if self._stopping.is_set():
                return
            if self.drain():
                delay = None
            else:
                delay = max(self.backoff.next_delay(), self._retry_after)
                self._retry_after = 0.0

    def drain(self, deadline: float | None = None) -> bool:
        """Send pending batches in order; False at the first one that must wait for a retry."""
        for item in self.spool.pending():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            if not self._send(item):
                return False
        return True

    def _send(self, item: Spooled) -> bool:
        try:
            body = item.path.read_bytes()
        except FileNotFoundError:  # dropped for space meanwhile
            self.spool.done(item)
            return True
        headers = {"Content-Type": "application/json", "Content-Encoding": item.encoding}
        try:
            response = self.client.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            self._failed(item, f"{type(exc).__name__}: {exc}")
            return False
        status = response.status_code
        if status < 300:
            self.spool.done(item)
            self.metrics.batches.labels("sent").inc()
            self.metrics.upload_bytes.inc(len(body))
            self._recovered()
            return True
        message = response.text[:500]
        if 400 <= status < 500 and status not in RETRY_STATUSES:
            where = self.spool.reject(item, f"{status}: {message}")
            self.metrics.batches.labels("rejected").inc()
            log.error(
                "receiver rejected a batch; moved aside",
                seq=item.seq,
                status=status,
                answer=message,
                path=str(where),
            )
            self._recovered()
            return True
        self._retry_after = _retry_after(response)
        self._failed(item, f"{status}: {message}")
        return False

    def _failed(self, item: Spooled, error: str) -> None:
        self.metrics.upload_failures.inc()
        if self._failing_since is None or error != self._last_error:
            log.warning(
                "upload failed; batches stay in the spool and are retried",
                url=self.url,
                seq=item.seq,
                error=error,
                pending=len(self.spool),
            )
        self._failing_since = self._failing_since or time.monotonic()
        self._last_error = error

    def _recovered(self) -> None:
        self.backoff.reset()
        if self._failing_since is not None:
            log.info(
                "uploads resumed",
                url=self.url,
                after_seconds=round(time.monotonic() - self._failing_since, 1),
                pending=len(self.spool),
            )
        self._failing_since = None
        self._last_error = ""


def _retry_after(response: httpx.Response) -> float:
    try:
        return min(300.0, max(0.0, float(response.headers.get("retry-after", "0"))))
    except ValueError:
        return 0.0
