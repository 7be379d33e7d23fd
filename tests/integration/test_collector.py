"""The collector as a real process against a receiver process (tests/integration/host_receiver.py).

Samples every 0.2 s in batches of at most 5 (or every 0.6 s) keep each test to a few seconds.
"No sample lost" is checked exactly: the collector logs how many samples it took, and the
receiver must hold that many, in order, each once.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import Proc, ProcessFactory, free_port, wait_for, wait_http_ok

pytestmark = pytest.mark.integration

RECEIVER = Path(__file__).with_name("host_receiver.py")
TOKEN = "ahc_collector_test_token"
INTERVAL = 0.2


@dataclass
class Receiver:
    processes: ProcessFactory
    out: Path
    port: int = field(default_factory=free_port)
    proc: Proc | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, reject_first: int = 0) -> None:
        log_path = self.out.with_suffix(f".{len(self.processes.procs)}.log")
        with log_path.open("wb") as log:
            popen = subprocess.Popen(
                [
                    sys.executable,
                    str(RECEIVER),
                    "--port",
                    str(self.port),
                    "--out",
                    str(self.out),
                    "--token",
                    TOKEN,
                    "--reject-first",
                    str(reject_first),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.proc = Proc("receiver", popen, log_path)
        self.processes.procs.append(self.proc)

        def listening() -> bool:
            assert self.proc is not None
            self.proc.assert_alive()
            return "listening" in log_path.read_text()

        wait_for(listening, 30, "the receiver to listen")

    def stop(self) -> None:
        assert self.proc is not None
        self.proc.stop()

    def records(self) -> list[dict[str, Any]]:
        if not self.out.exists():
            return []
        return [json.loads(line) for line in self.out.read_text().splitlines()]

    def accepted(self) -> list[dict[str, Any]]:
        return [r["batch"] for r in self.records() if r["status"] == 200]


@dataclass
class Collector:
    proc: Proc
    spool: Path
    health: str

    def stop(self) -> None:
        assert self.proc.stop(timeout=20) == 0, self.proc.log_tail()

    def logs(self) -> list[dict[str, Any]]:
        lines = self.proc.log_path.read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def samples_taken(self) -> int:
        (stopped,) = [e for e in self.logs() if e["event"] == "collector stopped"]
        return int(stopped["samples_taken"])


def start_collector(
    processes: ProcessFactory,
    receiver: Receiver,
    spool: Path,
    *extra: str,
    mode: str = "host",
    token: str = TOKEN,
) -> Collector:
    port = free_port()
    proc = processes.start(
        "collector",
        [
            "collector",
            "--mode",
            mode,
            "--endpoint",
            receiver.url,
            "--metrics-collect-interval-seconds",
            str(INTERVAL),
            "--metrics-upload-batch-max-size",
            "5",
            "--metrics-upload-interval-seconds",
            "0.6",
            "--upload-retry-max-seconds",
            "0.5",
            "--http-timeout-seconds",
            "3",
            "--spool-dir",
            str(spool),
            "--port",
            str(port),
            "--log-format",
            "json",
            *extra,
        ],
        env={"COLLECTOR_TOKEN": token, "NODE_NAME": "node-a"},
    )
    health = f"http://127.0.0.1:{port}"
    wait_http_ok(proc, f"{health}/healthz", timeout=60)
    return Collector(proc, spool, health)


def wait_batches(receiver: Receiver, collector: Collector, count: int, timeout: float = 30) -> None:
    def enough() -> bool:
        collector.proc.assert_alive()
        return len(receiver.accepted()) >= count

    wait_for(enough, timeout, f"{count} accepted batches\n{collector.proc.log_tail()}")


def spooled(spool: Path) -> list[Path]:
    return sorted((spool / "batches").glob("*.json.*"))


def assert_complete_and_ordered(batches: list[dict[str, Any]], samples_taken: int) -> None:
    """Consecutive seqs, each once; every sample taken arrived once, in time order."""
    seqs = [b["seq"] for b in batches]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), seqs
    times = [datetime.fromisoformat(s["time"]) for b in batches for s in b["samples"]]
    assert times == sorted(times)
    assert len(set(times)) == len(times), "a sample arrived twice"
    assert len(times) == samples_taken


def test_batches_arrive_in_order_at_the_agent_path(
    processes: ProcessFactory, tmp_path: Path
) -> None:
    receiver = Receiver(processes, tmp_path / "received.jsonl")
    receiver.start()
    collector = start_collector(processes, receiver, tmp_path / "spool", mode="cluster")
    wait_batches(receiver, collector, 3)

    metrics = httpx.get(f"{collector.health}/metrics", timeout=5).text
    assert "atlhyper_collector_samples_total" in metrics
    collector.stop()

    records = receiver.records()
    assert {r["path"] for r in records} == {"/agent/hosts"}
    assert {r["encoding"] for r in records} == {"zstd"}
    batches = receiver.accepted()
    assert all(1 <= len(b["samples"]) <= 5 for b in batches)
    host = batches[0]["host"]
    assert host["nodeName"] == "node-a" and host["hostname"] and host["collectorVersion"]
    sample = batches[-1]["samples"][-1]
    for name in ("cpuPercent", "memoryUsedBytes", "memoryTotalBytes", "netRxBps", "diskReadBps"):
        assert name in sample, name
    assert_complete_and_ordered(batches, collector.samples_taken())
    assert spooled(collector.spool) == []


def test_receiver_down_then_back_loses_nothing_and_seq_survives_a_restart(
    processes: ProcessFactory, tmp_path: Path
) -> None:
    receiver = Receiver(processes, tmp_path / "received.jsonl")
    receiver.start()
    spool = tmp_path / "spool"
    collector = start_collector(processes, receiver, spool, "--compression", "gzip")
    wait_batches(receiver, collector, 2)

    receiver.stop()
    wait_for(lambda: len(spooled(spool)) >= 3, 30, "batches to wait in the spool")
    before = len(receiver.accepted())
    receiver.start()
    wait_for(lambda: not spooled(spool), 30, "the spool to drain after the receiver is back")
    assert len(receiver.accepted()) >= before + 3
    collector.stop()  # the partial batch is flushed and sent on the way out

    batches = receiver.accepted()
    assert {r["encoding"] for r in receiver.records()} == {"gzip"}
    assert_complete_and_ordered(batches, collector.samples_taken())
    assert spooled(spool) == []

    again = start_collector(processes, receiver, spool)
    wait_batches(receiver, again, len(batches) + 1)
    again.stop()
    assert receiver.accepted()[len(batches)]["seq"] == batches[-1]["seq"] + 1


def test_a_rejected_batch_is_moved_aside_and_the_collector_goes_on(
    processes: ProcessFactory, tmp_path: Path
) -> None:
    receiver = Receiver(processes, tmp_path / "received.jsonl")
    receiver.start(reject_first=1)
    spool = tmp_path / "spool"
    collector = start_collector(processes, receiver, spool)
    wait_batches(receiver, collector, 2)
    collector.proc.assert_alive()

    (refused,) = [r["batch"] for r in receiver.records() if r["status"] == 400]
    rejected = sorted((spool / "rejected").glob("*.json.zst"))
    assert [int(p.name.split(".")[0]) for p in rejected] == [refused["seq"]]
    reason = rejected[0].with_name(rejected[0].name + ".reason").read_text()
    assert reason.startswith("400: ") and "test rejects it" in reason
    assert all(b["seq"] > refused["seq"] for b in receiver.accepted())
    collector.stop()


def test_a_wrong_token_keeps_batches_until_the_right_one_sends_them(
    processes: ProcessFactory, tmp_path: Path
) -> None:
    receiver = Receiver(processes, tmp_path / "received.jsonl")
    receiver.start()
    spool = tmp_path / "spool"
    wrong = start_collector(processes, receiver, spool, token="not-the-token")
    wait_for(lambda: len(spooled(spool)) >= 2, 30, "batches refused with 401 to stay spooled")
    wrong.stop()
    assert not list((spool / "rejected").iterdir())
    assert receiver.accepted() == []
    taken = wrong.samples_taken()

    right = start_collector(processes, receiver, spool)
    wait_for(lambda: not spooled(spool), 30, "the spool to drain with the right token")
    right.stop()
    assert_complete_and_ordered(receiver.accepted(), taken + right.samples_taken())
