"""The uploader against a real HTTP server answering scripted statuses."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry

from atlhyper.collector.metrics import CollectorMetrics
from atlhyper.collector.spool import Spool
from atlhyper.collector.uploader import Uploader


@dataclass
class Scripted:
    """Answers each POST with the next status of `statuses` (200 once they run out)."""

    statuses: list[int] = field(default_factory=list)
    received: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def server() -> Iterator[Scripted]:
    script = Scripted()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            script.received.append((body, dict(self.headers)))
            status = script.statuses.pop(0) if script.statuses else 200
            answer = b'{"error": {"message": "sample 3 has a negative rate"}}'
            self.send_response(status)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    script.url = f"http://127.0.0.1:{httpd.server_address[1]}/api/v3/hosts/ingest"
    yield script
    httpd.shutdown()
    httpd.server_close()


def _uploader(spool: Spool, url: str) -> tuple[Uploader, CollectorMetrics]:
    metrics = CollectorMetrics(CollectorRegistry())
    client = httpx.Client(headers={"Authorization": "Bearer tok"}, timeout=5)
    return Uploader(client, url, spool, metrics, retry_max_seconds=1), metrics


def _rejected(metrics: CollectorMetrics) -> float | None:
    return metrics.registry.get_sample_value(
        "atlhyper_collector_batches_total", {"result": "rejected"}
    )


def _spool(tmp_path: Path, count: int) -> Spool:
    spool = Spool(tmp_path, max_bytes=1_000_000)
    for n in range(count):
        spool.put(n + 1, f"batch-{n + 1}".encode(), "zstd")
    return spool


def test_sends_oldest_first_with_token_and_encoding(server: Scripted, tmp_path: Path) -> None:
    spool = _spool(tmp_path, 3)
    uploader, metrics = _uploader(spool, server.url)
    assert uploader.drain() is True
    assert [body for body, _ in server.received] == [b"batch-1", b"batch-2", b"batch-3"]
    headers = server.received[0][1]
    assert headers["Authorization"] == "Bearer tok"
    assert headers["Content-Encoding"] == "zstd"
    assert len(spool) == 0
    assert (
        metrics.registry.get_sample_value("atlhyper_collector_batches_total", {"result": "sent"})
        == 3
    )


def test_stops_at_the_first_failure_and_keeps_order(server: Scripted, tmp_path: Path) -> None:
    spool = _spool(tmp_path, 3)
    uploader, metrics = _uploader(spool, server.url)
    server.statuses = [200, 503]
    assert uploader.drain() is False
    assert [item.seq for item in spool.pending()] == [2, 3]
    assert metrics.registry.get_sample_value("atlhyper_collector_upload_failures_total") == 1
    assert uploader.drain() is True
    assert [body for body, _ in server.received] == [b"batch-1", b"batch-2", b"batch-2", b"batch-3"]


def test_a_bad_batch_moves_to_rejected_and_the_rest_goes_on(
    server: Scripted, tmp_path: Path
) -> None:
    spool = _spool(tmp_path, 3)
    uploader, metrics = _uploader(spool, server.url)
    server.statuses = [200, 400]
    assert uploader.drain() is True
    assert len(spool) == 0
    rejected = tmp_path / "rejected" / "00000000000000000002.json.zst"
    assert rejected.read_bytes() == b"batch-2"
    reason = rejected.with_name(rejected.name + ".reason").read_text()
    assert reason.startswith("400: ") and "negative rate" in reason
    assert _rejected(metrics) == 1


@pytest.mark.parametrize("status", [401, 403, 404, 408, 429, 500])
def test_auth_endpoint_and_busy_errors_keep_the_batch(
    server: Scripted, tmp_path: Path, status: int
) -> None:
    spool = _spool(tmp_path, 2)
    uploader, _ = _uploader(spool, server.url)
    server.statuses = [status]
    assert uploader.drain() is False
    assert [item.seq for item in spool.pending()] == [1, 2]
    assert not list((tmp_path / "rejected").iterdir())


def test_unreachable_receiver_keeps_everything(tmp_path: Path) -> None:
    spool = _spool(tmp_path, 2)
    uploader, metrics = _uploader(spool, "http://127.0.0.1:9/ingest")
    assert uploader.drain() is False
    assert len(spool) == 2
    assert metrics.registry.get_sample_value("atlhyper_collector_upload_failures_total") == 1


def test_the_thread_retries_after_a_backoff_and_stops_on_request(
    server: Scripted, tmp_path: Path
) -> None:
    spool = _spool(tmp_path, 2)
    uploader, _ = _uploader(spool, server.url)
    server.statuses = [503, 503]
    thread = threading.Thread(target=uploader.run)
    thread.start()
    try:
        for _ in range(100):
            if not len(spool):
                break
            threading.Event().wait(0.05)
        assert len(spool) == 0
        spool.put(3, b"batch-3", "zstd")
        uploader.wake()
        for _ in range(100):
            if not len(spool):
                break
            threading.Event().wait(0.05)
        assert len(spool) == 0
    finally:
        uploader.stop()
        thread.join(5)
    assert not thread.is_alive()
    assert [body for body, _ in server.received][-3:] == [b"batch-1", b"batch-2", b"batch-3"]
