"""The collector's Prometheus metrics, on a registry of its own."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class CollectorMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.samples = Counter(
            "atlhyper_collector_samples_total", "Host samples taken.", registry=registry
        )
        self.sample_seconds = Histogram(
            "atlhyper_collector_sample_seconds",
            "Time to take one sample.",
            buckets=(0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5),
            registry=registry,
        )
        self.batches = Counter(
            "atlhyper_collector_batches_total",
            "Batches by outcome: spooled (closed and written), sent (accepted by the receiver),"
            " rejected (a 4xx: moved to rejected/).",
            ["result"],
            registry=registry,
        )
        self.batches_dropped = Counter(
            "atlhyper_collector_batches_dropped_total",
            "Unsent batches deleted, oldest first, because the spool reached its size limit.",
            registry=registry,
        )
        self.upload_failures = Counter(
            "atlhyper_collector_upload_failures_total",
            "Upload attempts that failed and will be retried (unreachable, 5xx, 401/403/404,"
            " 408, 429).",
            registry=registry,
        )
        self.upload_bytes = Counter(
            "atlhyper_collector_upload_bytes_total",
            "Compressed bytes of batches the receiver accepted.",
            registry=registry,
        )
        self.spool_batches = Gauge(
            "atlhyper_collector_spool_batches", "Batches waiting in the spool.", registry=registry
        )
        self.spool_bytes = Gauge(
            "atlhyper_collector_spool_bytes", "Bytes waiting in the spool.", registry=registry
        )
