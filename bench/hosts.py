"""Host metrics on the Master: ingest from 1,000 hosts at a 5 s interval, and timeseries reads.

    .venv/bin/python bench/hosts.py                          # 1,000 hosts, 2 upload rounds
    .venv/bin/python bench/hosts.py --hosts 200 --rounds 1   # quicker

Starts `atlhyper master` on SQLite in a temporary directory and registers `--hosts` host-mode
hosts. Each host samples every 5 s and uploads every 30 s, as the collector does by default, so
one round is 30 s of data: one batch of 6 rich samples per host (2 disks, 3 filesystems,
2 interfaces, 8 cores, temperatures, PSI, TCP, vmstat, softnet, NTP; JSON, zstd level 3, the
host's bearer token). Bodies are built and compressed before the clock starts; 8 threads post
them as fast as the Master answers. It prints the Master's CPU per round and as a share of one
core at the real cadence, and samples (rows) per second.
Baseline, same run: one sample per request (a collector that does not batch).

Then one more host gets 24 h of raw samples every 5 s (17,280), and the timeseries endpoint is
timed over 1 h and 24 h, raw (a bucket per sample) and aggregated (1-minute buckets over 1 h, the
default ≤ 720 buckets over 24 h):
p50 and p99 over HTTP, the goal being the 1 h query within 50 ms. The same queries are timed
in-process on the same database, ours (GROUP BY in SQL) against a naive baseline that fetches the
raw rows and aggregates in Python. It prints, and asserts nothing: machines differ, ratios travel.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import msgspec
import zstandard
from fleet import MasterProcess
from sqlalchemy import select

from atlhyper.master.db import Database
from atlhyper.master.db.tables import HostSampleRow
from atlhyper.master.hosts.series import METRICS, default_interval, series
from atlhyper.model.hosts import (
    DiskIO,
    Filesystem,
    HostBatch,
    HostInfo,
    HostSample,
    NetInterface,
    Ntp,
    Psi,
    PsiAverages,
    PsiResource,
    Softnet,
    Tcp,
    TcpStates,
    Temperature,
    Vmstat,
)

INTERVAL = 5  # seconds between samples
UPLOAD = 30  # seconds between uploads: one round
PER_BATCH = UPLOAD // INTERVAL
THREADS = 8


def sample(at: datetime, i: int) -> HostSample:
    """A rich sample, with values that move from sample to sample."""
    wave = (i % 97) / 97
    return HostSample(
        time=at,
        cpu_percent=10 + 60 * wave,
        memory_used_bytes=int(4e9 + 1e9 * wave),
        memory_total_bytes=16_000_000_000,
        disk_read_bps=1e5 * wave,
        disk_write_bps=2e5 * (1 - wave),
        net_rx_bps=3e5 * wave,
        net_tx_bps=1e5 * wave,
        cpu_cores_percent=[10 + 60 * wave] * 8,
        load1=2 * wave,
        load5=1.5,
        load15=1.0,
        memory_available_bytes=int(11e9),
        swap_total_bytes=2_000_000_000,
        swap_used_bytes=0,
        disks=[
            DiskIO(
                device=d,
                read_bps=5e4,
                write_bps=1e5,
                read_iops=3,
                write_iops=9,
                busy_percent=4,
            )
            for d in ("nvme0n1", "nvme1n1")
        ],
        filesystems=[
            Filesystem(
                mountpoint=m,
                device=f"/dev/nvme0n1p{n}",
                fstype="ext4",
                total_bytes=500_000_000_000,
                used_bytes=100_000_000_000 + i,
                free_bytes=380_000_000_000,
                inodes_total=30_000_000,
                inodes_used=400_000,
                inodes_free=29_600_000,
            )
            for n, m in enumerate(("/", "/var/lib/containerd", "/boot"))
        ],
        interfaces=[
            NetInterface(
                name=n,
                rx_bps=1.5e5,
                tx_bps=5e4,
                rx_packets_ps=200,
                tx_packets_ps=150,
                rx_errors_ps=0,
                tx_errors_ps=0,
                rx_drops_ps=0,
                tx_drops_ps=0,
            )
            for n in ("eth0", "eth1")
        ],
        temperatures=[
            Temperature(sensor="coretemp", label=f"Core {c}", celsius=45.0) for c in range(4)
        ],
        psi=Psi(
            cpu=PsiResource(some=PsiAverages(avg10=1.0, avg60=0.8, avg300=0.5)),
            memory=PsiResource(
                some=PsiAverages(avg10=0, avg60=0, avg300=0),
                full=PsiAverages(avg10=0, avg60=0, avg300=0),
            ),
        ),
        tcp=Tcp(
            states=TcpStates(established=120, time_wait=40, listen=12),
            curr_estab=120,
            retrans_segs_ps=0.4,
            in_segs_ps=900,
            out_segs_ps=850,
        ),
        vmstat=Vmstat(pgfault_ps=3000, pgmajfault_ps=0, pswpin_ps=0, pswpout_ps=0, oom_kill_ps=0),
        softnet=Softnet(processed_ps=500, dropped_ps=0, time_squeeze_ps=0),
        ntp=Ntp(
            synced=True, offset_seconds=0.0004, max_error_seconds=0.02, est_error_seconds=0.0001
        ),
        uptime_seconds=864_000 + i * INTERVAL,
    )


def body(host: int, samples: list[HostSample], seq: int) -> bytes:
    info = HostInfo(hostname=f"bench-{host:04d}", os="Debian 12", kernel="6.1.0", cpu_count=8)
    raw = msgspec.json.encode(HostBatch(host=info, seq=seq, samples=samples))
    return zstandard.ZstdCompressor(level=3).compress(raw)


@dataclass
class Upload:
    cpu: float  # Master CPU seconds
    wall: float
    requests: int
    samples: int
    wire: int


def upload(
    master: MasterProcess, clients: list[httpx.Client], jobs: list[tuple[str, bytes, int]]
) -> Upload:
    """Post every (token, body, sample count) with THREADS in flight; time the Master's work."""

    def post(index: int, token: str, content: bytes) -> None:
        answer = clients[index % len(clients)].post(
            "/api/v3/hosts/ingest",
            content=content,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Content-Encoding": "zstd",
            },
        )
        if answer.status_code != 200:
            raise SystemExit(f"batch refused: {answer.status_code} {answer.text[:300]}")

    cpu = master.cpu_seconds()
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        for done in [pool.submit(post, i, t, c) for i, (t, c, _) in enumerate(jobs)]:
            done.result()
    return Upload(
        cpu=master.cpu_seconds() - cpu,
        wall=time.perf_counter() - started,
        requests=len(jobs),
        samples=sum(n for _, _, n in jobs),
        wire=sum(len(c) for _, c, _ in jobs),
    )


def ingest(master: MasterProcess, hosts: int, rounds: int) -> None:
    tokens = []
    for h in range(hosts):
        created = master.admin.post("/api/v3/hosts", json={"name": f"bench-{h:04d}"})
        created.raise_for_status()
        tokens.append(created.json()["token"])
    base = datetime.now(UTC) - timedelta(hours=3)

    def jobs(start: datetime, per_request: int) -> list[tuple[str, bytes, int]]:
        built = []
        for r in range(rounds):
            for h, token in enumerate(tokens):
                taken = [
                    sample(start + timedelta(seconds=UPLOAD * r + INTERVAL * s), h + s)
                    for s in range(PER_BATCH)
                ]
                for k in range(0, PER_BATCH, per_request):
                    chunk = taken[k : k + per_request]
                    built.append((token, body(h, chunk, r * PER_BATCH + k + 1), len(chunk)))
        return built

    single = jobs(base, 1)
    batched = jobs(base + timedelta(hours=1), PER_BATCH)
    clients = [httpx.Client(base_url=master.url, timeout=600) for _ in range(THREADS)]
    try:
        upload(master, clients, single[: len(single) // 20])  # warm-up: connections, caches
        baseline = upload(master, clients, single)
        ours = upload(master, clients, batched)
    finally:
        for client in clients:
            client.close()
    print(
        f"\ningest: {hosts:,} hosts, a sample every {INTERVAL} s, {rounds} round(s) of"
        f" {UPLOAD} s; Master CPU is measured while {THREADS} threads post as fast as it answers"
    )
    header = ("", "requests", "samples", "CPU s", "CPU/round", "of a core", "samples/s", "B/sample")
    print("  ".join(f"{h:>11}" for h in header))
    for label, run in (("1/request", baseline), (f"{PER_BATCH}/request", ours)):
        per_round = run.cpu / rounds
        print(
            "  ".join(
                f"{c:>11}"
                for c in (
                    label,
                    f"{run.requests:,}",
                    f"{run.samples:,}",
                    f"{run.cpu:.2f}",
                    f"{per_round:.2f}",
                    f"{per_round / UPLOAD:.1%}",
                    f"{run.samples / run.wall:,.0f}",
                    f"{run.wire / run.samples:,.0f}",
                )
            )
        )
    print(
        f"batched/single Master CPU per sample: {ours.cpu / baseline.cpu:.1%}"
        f" ({baseline.cpu / ours.cpu:.1f}x less); Master RSS {master.rss_mib():,.0f} MiB"
    )


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(run: Callable[[], object], times: int) -> list[float]:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


async def naive(db: Database, host_id: str, start_ms: int, end_ms: int, interval: int) -> int:
    """The baseline: every raw row into Python, then avg and max per bucket and metric."""
    columns = [getattr(HostSampleRow, column) for column in METRICS.values()]
    stmt = select(HostSampleRow.at_ms, *columns).where(
        HostSampleRow.host_id == host_id,
        HostSampleRow.at_ms >= start_ms,
        HostSampleRow.at_ms < end_ms,
    )
    async with db.engine.connect() as conn:
        rows = (await conn.execute(stmt)).all()
    step = interval * 1000
    buckets: dict[int, list[list[float]]] = {}
    for row in rows:
        values = buckets.setdefault(row[0] - row[0] % step, [[] for _ in columns])
        for i, value in enumerate(row[1:]):
            if value is not None:
                values[i].append(value)
    return len(
        [
            [(sum(v) / len(v), max(v)) if v else (None, None) for v in per_metric]
            for _, per_metric in sorted(buckets.items())
        ]
    )


def queries(master: MasterProcess, database: str, repeat: int) -> None:
    created = master.admin.post("/api/v3/hosts", json={"name": "bench-query"}).json()
    host_id, token = created["id"], created["token"]
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(hours=23, minutes=50)  # raw yet: the roll-up takes what is past 24 h
    count = int((now - start).total_seconds()) // INTERVAL
    taken = [sample(start + timedelta(seconds=INTERVAL * i), i) for i in range(count)]
    with httpx.Client(base_url=master.url, timeout=600) as client:
        for k in range(0, count, 1000):
            answer = client.post(
                "/api/v3/hosts/ingest",
                content=body(9999, taken[k : k + 1000], k + 1),
                headers={"Authorization": f"Bearer {token}", "Content-Encoding": "zstd"},
            )
            answer.raise_for_status()
    print(f"\ntimeseries of one host holding {count:,} raw samples (23 h 50 min at {INTERVAL} s)")
    # Raw: a bucket per sample. Aggregated: 1-minute buckets over 1 h, the default over 24 h.
    cases = [("1h raw", 3600, INTERVAL), ("1h agg", 3600, 60), ("24h raw", 86400, INTERVAL)]
    cases.append(("24h agg", 86400, None))
    http: dict[str, list[float]] = {}
    points: dict[str, int] = {}
    for label, span, interval in cases:
        params: dict[str, Any] = {
            "start": (now - timedelta(seconds=span)).isoformat(),
            "end": now.isoformat(),
        }
        if interval:
            params["interval"] = interval
        url = f"/api/v3/hosts/{host_id}/timeseries"
        answer = master.admin.get(url, params=params)
        answer.raise_for_status()
        points[label] = len(answer.json()["series"][0]["points"])
        times = repeat if span <= 3600 else max(5, repeat // 4)
        http[label] = timed(lambda p=params, u=url: master.admin.get(u, params=p), times)

    async def in_process() -> dict[str, tuple[list[float], list[float]]]:
        db = Database(database)
        found = {}
        try:
            for label, span, interval in cases:
                end_ms = int(now.timestamp() * 1000)
                start_ms = end_ms - span * 1000
                step = interval or default_interval(span)
                times = repeat if span <= 3600 else max(5, repeat // 4)
                ours, theirs = [], []
                for _ in range(times):
                    t0 = time.perf_counter()
                    await series(db, host_id, start_ms, end_ms, step, list(METRICS))
                    t1 = time.perf_counter()
                    await naive(db, host_id, start_ms, end_ms, step)
                    t2 = time.perf_counter()
                    ours.append((t1 - t0) * 1000)
                    theirs.append((t2 - t1) * 1000)
                found[label] = (ours, theirs)
        finally:
            await db.close()
        return found

    local = asyncio.run(in_process())
    header = (
        "query",
        "points",
        "HTTP p50",
        "HTTP p99",
        "SQL p50",
        "naive p50",
        "naive p99",
        "ratio",
    )
    print("  ".join(f"{h:>10}" for h in header))
    for label, _, _ in cases:
        ours, theirs = local[label]
        print(
            "  ".join(
                f"{c:>10}"
                for c in (
                    label,
                    f"{points[label]:,}",
                    f"{statistics.median(http[label]):.1f} ms",
                    f"{percentile(http[label], 0.99):.1f} ms",
                    f"{statistics.median(ours):.1f} ms",
                    f"{statistics.median(theirs):.1f} ms",
                    f"{percentile(theirs, 0.99):.1f} ms",
                    f"{statistics.median(theirs) / statistics.median(ours):.1f}x",
                )
            )
        )
    print("ratio: naive p50 / SQL p50, in-process on the same database (all 9 metrics)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2, help="upload rounds of 30 s of data")
    parser.add_argument("--repeat", type=int, default=40, help="runs of each 1 h query")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="atlhyper-hosts-"))
    master = MasterProcess(work)
    try:
        ingest(master, args.hosts, args.rounds)
        queries(master, f"sqlite+aiosqlite:///{work / 'master.db'}", args.repeat)
    finally:
        master.stop()


if __name__ == "__main__":
    main()
