"""Benchmark the host collector: its process's memory and CPU, and the cost of one sample.

Run: `.venv/bin/python bench/collector.py [--duration 300] [--interval 5] [--iterations 2000]`

It starts three processes side by side and watches them over the same window:
- the collector, `python -m atlhyper collector --mode host`, sampling every `--interval` seconds
  and uploading to a receiver running in this script (it decodes every batch with the real model);
- a bare idle Python (`import time; time.sleep(…)`), the floor any Python process costs;
- an idle Python that imports exactly the collector process's modules and sleeps, which shows how
  much of the collector's memory is libraries rather than its own data.
RSS (from psutil) is sampled every second; CPU is each process's user + system time over the
window, which starts after a warm-up so start-up (imports, the CLI's settings validation) is
reported separately. Then, in this process, the cost of one `Sampler.sample()` (CPU time per call,
p50/p99) against a basic psutil sample (CPU %, memory, per-disk and per-NIC counters, sensors),
the reference figure in STACK.md.

By default every process runs with compiled bytecode in a private cache (as a Python installed
with compiled bytecode runs); `--no-bytecode` keeps this environment's settings, where
PYTHONDONTWRITEBYTECODE=1 makes every start compile from source. It prints and never asserts.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import msgspec
import psutil
import zstandard

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from atlhyper.collector.sampler import Sampler  # noqa: E402
from atlhyper.model.hosts import HostBatch  # noqa: E402

WARMUP_SECONDS = 15.0
GOAL_RSS_MB = 40.0
GOAL_CPU_PERCENT = 1.0
#: What `python -m atlhyper.collector` imports, with the same modules marked absent.
COLLECTOR_MODULES = (
    "import sys; from atlhyper.collector import UNUSED_MODULES; "
    "[sys.modules.__setitem__(m, None) for m in UNUSED_MODULES]; "
    "import atlhyper.collector.app"
)


@dataclass
class Received:
    batches: int = 0
    samples: int = 0
    bytes: int = 0
    seqs: list[int] = field(default_factory=list)


def start_receiver(received: Received) -> ThreadingHTTPServer:
    decoder = msgspec.json.Decoder(HostBatch)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            raw = (
                zstandard.ZstdDecompressor().decompress(body)
                if self.headers.get("Content-Encoding") == "zstd"
                else gzip.decompress(body)
            )
            batch = decoder.decode(raw)
            received.batches += 1
            received.samples += len(batch.samples)
            received.bytes += len(body)
            received.seqs.append(batch.seq)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@dataclass
class Watched:
    name: str
    popen: subprocess.Popen[bytes]
    rss: list[float] = field(default_factory=list)
    cpu_start: float = 0.0
    cpu_end: float = 0.0

    @property
    def process(self) -> psutil.Process:
        return psutil.Process(self.popen.pid)

    def cpu(self) -> float:
        times = self.process.cpu_times()
        return float(times.user + times.system)

    def record_rss(self) -> None:
        self.rss.append(self.process.memory_info().rss / 2**20)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def python_env(bytecode_cache: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if bytecode_cache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
    return env


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def cpu_cost(function: Callable[[], object], iterations: int) -> tuple[list[float], list[float]]:
    """CPU time (µs) of each call on this thread, and its wall time (µs)."""
    cpu, wall = [], []
    for _ in range(iterations):
        started, started_wall = time.thread_time(), time.perf_counter()
        function()
        cpu.append((time.thread_time() - started) * 1e6)
        wall.append((time.perf_counter() - started_wall) * 1e6)
    return cpu, wall


def psutil_basic_sample() -> None:
    psutil.cpu_percent()
    psutil.virtual_memory()
    psutil.disk_io_counters(perdisk=True)
    psutil.net_io_counters(pernic=True)
    psutil.sensors_temperatures()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=300.0, help="measured window, seconds")
    parser.add_argument("--interval", type=float, default=5.0, help="collect interval, seconds")
    parser.add_argument("--iterations", type=int, default=2000, help="samples timed in-process")
    parser.add_argument("--no-bytecode", action="store_true", help="compile from source")
    args = parser.parse_args()

    received = Received()
    receiver = start_receiver(received)
    work = Path(tempfile.mkdtemp(prefix="atlhyper-collector-bench-"))
    cache = None if args.no_bytecode else work / "pycache"
    env = python_env(cache)
    if cache is not None:  # fill the cache once, outside the measurement
        subprocess.run([sys.executable, "-c", COLLECTOR_MODULES + "; import atlhyper.cli"], env=env)
    sleep = args.duration + WARMUP_SECONDS + 60
    logs = (work / "collector.log").open("wb")
    watched = [
        Watched(
            "idle python (bare)",
            subprocess.Popen([sys.executable, "-c", f"import time; time.sleep({sleep})"], env=env),
        ),
        Watched(
            "idle python + collector modules",
            subprocess.Popen(
                [sys.executable, "-c", f"{COLLECTOR_MODULES}; import time; time.sleep({sleep})"],
                env=env,
            ),
        ),
        Watched(
            "collector",
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "atlhyper",
                    "collector",
                    "--mode",
                    "host",
                    "--endpoint",
                    f"http://127.0.0.1:{receiver.server_address[1]}",
                    "--metrics-collect-interval-seconds",
                    str(args.interval),
                    "--spool-dir",
                    str(work / "spool"),
                    "--port",
                    str(free_port()),
                ],
                env={**env, "COLLECTOR_TOKEN": "bench"},
                stdout=logs,
                stderr=subprocess.STDOUT,
            ),
        ),
    ]
    collector = watched[-1]
    try:
        print(f"warming up {WARMUP_SECONDS:.0f} s, then measuring {args.duration:.0f} s …")
        time.sleep(WARMUP_SECONDS)
        startup_cpu = collector.cpu()
        for proc in watched:
            proc.cpu_start = proc.cpu()
        started = time.monotonic()
        while time.monotonic() - started < args.duration:
            for proc in watched:
                proc.record_rss()
            time.sleep(1.0)
        window = time.monotonic() - started
        for proc in watched:
            proc.cpu_end = proc.cpu()
    finally:
        for proc in watched:
            proc.popen.terminate()
        for proc in watched:
            proc.popen.wait(30)
        receiver.shutdown()

    bare, modules, _ = watched
    print()
    print(
        f"collector: interval {args.interval:g} s, window {window:.0f} s, "
        f"{'bytecode cached' if cache else 'compiled from source (no bytecode)'}, "
        f"{psutil.cpu_count()} CPUs"
    )
    print(f"{'process':34} {'RSS end':>9} {'RSS max':>9} {'CPU s':>7} {'% of a core':>12}")
    for proc in watched:
        cpu = proc.cpu_end - proc.cpu_start
        print(
            f"{proc.name:34} {proc.rss[-1]:7.1f}MB {max(proc.rss):7.1f}MB {cpu:7.2f} "
            f"{100 * cpu / window:11.3f}%"
        )
    collector_cpu = collector.cpu_end - collector.cpu_start
    rss = collector.rss[-1]
    print(
        f"ratios: collector RSS / bare idle {rss / bare.rss[-1]:.2f}x, "
        f"/ idle with the same modules {rss / modules.rss[-1]:.2f}x "
        f"(own data and threads: {rss - modules.rss[-1]:+.1f} MB)"
    )
    idle_cpu = modules.cpu_end - modules.cpu_start
    print(
        f"CPU ratio collector / idle with the same modules: {collector_cpu / idle_cpu:.0f}x"
        if idle_cpu > 0
        else f"CPU ratio: the idle processes used {idle_cpu:.2f} s (under the 10 ms clock tick),"
        f" the collector {collector_cpu:.2f} s"
    )
    print(f"collector start-up CPU (CLI, exec, imports, first reads): {startup_cpu:.2f} s")
    peak, cpu_percent = max(collector.rss), 100 * collector_cpu / window
    print(
        f"goals: RSS <= {GOAL_RSS_MB:.0f} MB: {'met' if peak <= GOAL_RSS_MB else 'MISSED'}"
        f" (max {peak:.1f} MB); CPU <= {GOAL_CPU_PERCENT:g} % of a core: "
        f"{'met' if cpu_percent <= GOAL_CPU_PERCENT else 'MISSED'} ({cpu_percent:.3f} %)"
    )
    in_order = received.seqs == sorted(received.seqs)
    print(
        f"receiver: {received.batches} batches, {received.samples} samples, "
        f"{received.bytes / max(1, received.batches) / 1024:.1f} KB per batch (zstd), "
        f"seqs in order: {in_order}"
    )

    sampler = Sampler()
    sample_costs, sample_wall = cpu_cost(sampler.sample, args.iterations)
    basic_costs, _ = cpu_cost(psutil_basic_sample, args.iterations)
    sample = sampler.sample()
    encoded = msgspec.json.encode(sample)
    encode_costs, _ = cpu_cost(lambda: msgspec.json.encode(sample), args.iterations)
    s50, s99 = percentiles(sample_costs)
    w50, w99 = percentiles(sample_wall)
    b50, b99 = percentiles(basic_costs)
    e50, _ = percentiles(encode_costs)
    print(
        f"one sample, CPU time over {args.iterations} calls: p50 {s50:.0f} µs, p99 {s99:.0f} µs, "
        f"mean {statistics.fmean(sample_costs):.0f} µs (wall p50 {w50:.0f} µs, p99 {w99:.0f} µs)"
    )
    print(
        f"baseline, a basic psutil sample (CPU %, memory, disks, NICs, sensors): "
        f"p50 {b50:.0f} µs, p99 {b99:.0f} µs; ratio p50 {s50 / b50:.1f}x"
    )
    print(f"encoding one sample: {len(encoded)} bytes of JSON, p50 {e50:.0f} µs")
    print(f"logs and spool: {work}")


if __name__ == "__main__":
    main()
