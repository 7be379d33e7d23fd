"""Wiring of the collector process: sampler → batcher → spool → uploader, plus /healthz.

`atlhyper collector` (the CLI, with typer and pydantic loaded: about 47 MB) only validates the
settings, then `run` replaces the process, keeping its PID, with `python -m atlhyper.collector`,
which loads only what sampling and uploading need (about 32 MB). The validated settings travel in
one environment variable (`CONFIG_ENV`) that the new process removes at once.

Threads: the main thread samples on a fixed schedule and writes closed batches to the spool; the
upload thread sends them; the /healthz server has its own. SIGTERM or SIGINT writes the current
partial batch to the spool, gives the upload thread a few seconds to send what it can, and exits.
"""

from __future__ import annotations

import gzip
import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING

import httpx
import msgspec
import structlog
import zstandard
from prometheus_client import CollectorRegistry

from atlhyper.collector.batcher import Batcher
from atlhyper.collector.config import CONFIG_ENV, CollectorConfig
from atlhyper.collector.health import HealthServer
from atlhyper.collector.hostinfo import host_info
from atlhyper.collector.metrics import CollectorMetrics
from atlhyper.collector.sampler import Sampler
from atlhyper.collector.spool import Spool
from atlhyper.collector.uploader import Uploader
from atlhyper.logs import configure_logging
from atlhyper.model.hosts import HostBatch, HostSample

if TYPE_CHECKING:
    from atlhyper.collector.settings import CollectorSettings

log = structlog.get_logger(__name__)

#: Seconds the upload thread gets at shutdown to send what is spooled.
SHUTDOWN_UPLOAD_SECONDS = 5.0


def _compress(raw: bytes, encoding: str) -> bytes:
    """A compressor per batch: a kept zstd context holds about 1 MB between batches."""
    if encoding == "zstd":
        return zstandard.ZstdCompressor(level=3).compress(raw)
    return gzip.compress(raw, compresslevel=6)


class Collector:
    def __init__(self, config: CollectorConfig) -> None:
        self.config = config
        self.interval = config.metrics_collect_interval_seconds
        self.registry = CollectorRegistry()
        self.metrics = CollectorMetrics(self.registry)
        self.spool = Spool(config.spool_dir, config.spool_max_bytes)
        self.metrics.spool_batches.set_function(lambda: len(self.spool))
        self.metrics.spool_bytes.set_function(lambda: self.spool.total_bytes)
        self.sampler = Sampler(config.proc_root, config.sys_root, config.host_root)
        self.host = host_info(config.host_root, config.node_name, self.sampler.cpu_count)
        self.batcher = Batcher(
            config.metrics_upload_batch_max_size, config.metrics_upload_interval_seconds
        )
        self.client = httpx.Client(
            headers={"Authorization": f"Bearer {config.token}"},
            timeout=config.http_timeout_seconds,
            # Without TLS there is nothing to verify; skipping the CA bundle saves about 1 MB.
            verify=config.endpoint.startswith("https:"),
        )
        self.uploader = Uploader(
            self.client,
            config.ingest_url,
            self.spool,
            self.metrics,
            config.upload_retry_max_seconds,
        )
        self.stopping = threading.Event()
        self.samples_taken = 0
        self.last_sample = time.monotonic()
        self._encode = msgspec.json.Encoder().encode

    def healthy(self) -> bool:
        return time.monotonic() - self.last_sample < max(3 * self.interval, 30.0)

    def run(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stopping.set())
        health = None
        if self.config.port:
            health = HealthServer(self.config.host, self.config.port, self.registry, self.healthy)
            health.start()
        uploads = threading.Thread(target=self.uploader.run, name="collector-upload", daemon=True)
        uploads.start()
        log.info(
            "collector started",
            mode=self.config.mode,
            url=self.config.ingest_url,
            interval=self.interval,
            pending_batches=len(self.spool),
            health_port=health.port if health else None,
        )
        self.sample_forever()
        self.shutdown(uploads)
        if health:
            health.close()

    def sample_forever(self) -> None:
        """Sample at start + n·interval until stopped; ticks missed while stalled are skipped."""
        start = time.monotonic()
        tick = 1
        while True:
            due = start + tick * self.interval
            if self.stopping.wait(max(0.0, due - time.monotonic())):
                return
            late = time.monotonic() - due
            if late > self.interval:
                tick += int(late // self.interval)
                due = start + tick * self.interval
            tick += 1
            self.take_sample(due)

    def take_sample(self, at: float) -> None:
        started = time.perf_counter()
        try:
            sample = self.sampler.sample()
        except Exception:  # a surprise in /proc must not stop the collector
            log.exception("sampling failed")
            return
        self.metrics.sample_seconds.observe(time.perf_counter() - started)
        self.metrics.samples.inc()
        self.samples_taken += 1
        self.last_sample = time.monotonic()
        closed = self.batcher.add(sample, at)
        if closed:
            self.spool_batch(closed)

    def spool_batch(self, samples: list[HostSample]) -> None:
        try:
            seq = self.spool.next_seq()
            batch = HostBatch(host=self.host, seq=seq, samples=samples)
            body = _compress(self._encode(batch), self.config.compression)
            dropped = self.spool.put(seq, body, self.config.compression)
        except OSError as exc:
            log.error("cannot write to the spool; batch lost", error=str(exc), samples=len(samples))
            self.metrics.batches_dropped.inc()
            return
        self.metrics.batches.labels("spooled").inc()
        if dropped:
            self.metrics.batches_dropped.inc(len(dropped))
            log.warning(
                "spool full: dropped the oldest unsent batches",
                dropped=len(dropped),
                seqs=f"{dropped[0]}..{dropped[-1]}",
                spool_max_bytes=self.config.spool_max_bytes,
            )
        self.uploader.wake()

    def shutdown(self, uploads: threading.Thread) -> None:
        partial = self.batcher.flush()
        if partial:
            self.spool_batch(partial)
        self.uploader.stop()
        uploads.join(self.config.http_timeout_seconds + 1)
        if not uploads.is_alive():  # else a request is still out: sending again could duplicate
            self.uploader.drain(deadline=time.monotonic() + SHUTDOWN_UPLOAD_SECONDS)
        self.client.close()
        log.info(
            "collector stopped", samples_taken=self.samples_taken, pending_batches=len(self.spool)
        )


def run(settings: CollectorSettings) -> None:
    """`atlhyper collector`: become the lean collector process with these validated settings."""
    config = msgspec.json.encode(settings.runtime_config()).decode()
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(
        sys.executable,
        [sys.executable, "-m", "atlhyper.collector"],
        {**os.environ, CONFIG_ENV: config},
    )


def main() -> None:
    """Entry of `python -m atlhyper.collector`."""
    raw = os.environ.pop(CONFIG_ENV, None)
    if raw is None:
        print(
            f"start the collector with `atlhyper collector` ({CONFIG_ENV} is unset)",
            file=sys.stderr,
        )
        raise SystemExit(2)
    config = msgspec.json.decode(raw, type=CollectorConfig)
    configure_logging(config.log_level, config.log_format)
    Collector(config).run()
