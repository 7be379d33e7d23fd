"""Master ingest: many clusters pushing snapshots to a real Master over HTTP, our way and the
founding design's way.

    .venv/bin/python bench/master_ingest.py                                     # 100 x 1,000 pods
    .venv/bin/python bench/master_ingest.py --clusters 1 --pods 150000 --full-rounds 3 --churn 0.01

Starts `atlhyper master` on SQLite in a temporary directory, registers `--clusters` clusters and
pushes each a synthetic cluster of `--pods` pods (bench/fleet.py: nodes, Deployments and their
ReplicaSets, Services with Endpoints and EndpointSlices, usage, events) the way the Agent's
gateway does: JSON, zstd level 1, the cluster's bearer token. A round is one push per cluster,
what the Master receives every 10 s; between rounds `--churn` of the pods change (status,
restarts, readiness, usage), with the endpoints and events that follow. Bodies are built and
compressed before the clock starts, so the figures hold the Master's work alone.

After one full snapshot from every cluster (not measured), it measures:
- ours: the Agent's schedule, a delta per round, and a full snapshot every
  `full_snapshot_interval` (600 s, one round in 60), the clusters' turns spread evenly;
- baseline, same run: the founding design, a full snapshot from every cluster every round.
For each it prints the Master's CPU per round (from /proc; the mean, since the Master's garbage
collections land on some rounds only), that as a share of one core at one round every 10 s,
throughput (snapshots/s, MB/s on the wire and decompressed), and the Master's RSS. It prints,
and asserts nothing: machines differ, ratios travel.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
from fleet import Cluster, MasterProcess, cluster, encode, push

from atlhyper.agent.config import AgentSettings

CADENCE = 10.0  # seconds between an Agent's pushes, by default
FULL_EVERY = round(AgentSettings.model_fields["full_snapshot_interval"].default / CADENCE)

Body = tuple[bytes, int, bool]  # (zstd body, decompressed size, full snapshot)


@dataclass
class Round:
    cpu: float  # Master CPU seconds
    wall: float
    wire: int
    raw: int
    pushes: int
    fulls: int


def agent_rounds(clusters: list[Cluster], rounds: int, churn: float) -> list[list[Body]]:
    """Per round, a delta from each cluster, or a full snapshot when its turn has come."""
    built = []
    for r in range(rounds):
        bodies = []
        for i, c in enumerate(clusters):
            if (r + i * FULL_EVERY // len(clusters)) % FULL_EVERY == FULL_EVERY - 1:
                c.delta(churn)  # the change happens; this round sends the cluster whole
                bodies.append((*encode(c.full()), True))
            else:
                bodies.append((*encode(c.delta(churn)), False))
        built.append(bodies)
    return built


def full_rounds(clusters: list[Cluster], rounds: int, churn: float) -> list[list[Body]]:
    built = []
    for _ in range(rounds):
        bodies = []
        for c in clusters:
            c.delta(churn)  # the change happens; the founding design sends everything
            bodies.append((*encode(c.full()), True))
        built.append(bodies)
    return built


def run_round(
    master: MasterProcess,
    pool: ThreadPoolExecutor,
    clients: list[httpx.Client],
    tokens: list[str],
    bodies: list[Body],
) -> Round:
    cpu = master.cpu_seconds()
    started = time.perf_counter()
    jobs = [
        pool.submit(push, clients[i % len(clients)], token, body)
        for i, (token, (body, _, _)) in enumerate(zip(tokens, bodies, strict=True))
    ]
    for job in jobs:
        job.result()
    return Round(
        cpu=master.cpu_seconds() - cpu,
        wall=time.perf_counter() - started,
        wire=sum(len(body) for body, _, _ in bodies),
        raw=sum(raw for _, raw, _ in bodies),
        pushes=len(bodies),
        fulls=sum(1 for _, _, full in bodies if full),
    )


def settle(master: MasterProcess, timeout: float = 120) -> None:
    """Wait until the Master is idle, so work queued by one phase is not counted in the next."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cpu = master.cpu_seconds()
        time.sleep(1)
        if master.cpu_seconds() - cpu < 0.05:
            return


def row(cells: list[object], widths: list[int]) -> str:
    return "  ".join(
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


WIDTHS = [26, 6, 10, 10, 9, 10, 8, 8, 10]


def summary(label: str, rounds: list[Round]) -> float:
    """Print one line; return the mean Master CPU per round."""
    cpu = statistics.mean(r.cpu for r in rounds)
    wall = sum(r.wall for r in rounds)
    pushes = sum(r.pushes for r in rounds)
    cells = [
        label,
        len(rounds),
        f"{cpu:.3f}",
        f"{cpu / CADENCE:.1%}",
        f"{statistics.median(r.wall for r in rounds):.2f}",
        f"{pushes / wall:,.0f}",
        f"{sum(r.wire for r in rounds) / wall / 1e6:,.1f}",
        f"{sum(r.raw for r in rounds) / wall / 1e6:,.1f}",
        f"{sum(r.wire for r in rounds) / pushes / 1e3:,.1f}",
    ]
    print(row(cells, WIDTHS))
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clusters", type=int, default=100)
    parser.add_argument("--pods", type=int, default=1000, help="pods per cluster")
    parser.add_argument("--rounds", type=int, default=30, help="rounds of the Agent's schedule")
    parser.add_argument("--full-rounds", type=int, default=5, help="rounds of the baseline")
    parser.add_argument("--churn", type=float, default=0.02, help="share of pods changed per round")
    parser.add_argument("--concurrency", type=int, default=4, help="pushes in flight at once")
    args = parser.parse_args()

    started = time.process_time()
    clusters = [cluster(f"c{i:03d}", args.pods, seed=i + 1) for i in range(args.clusters)]
    first: list[Body] = [(*encode(c.full()), True) for c in clusters]
    ours = agent_rounds(clusters, args.rounds, args.churn)
    baseline = full_rounds(clusters, args.full_rounds, args.churn)
    print(
        f"{args.clusters} clusters x {args.pods:,} pods ({len(clusters[0].objects['nodes'])} nodes,"
        f" {len(clusters[0].objects['deployments'])} deployments each), {args.churn:.0%} churn "
        f"per round; bodies built in {time.process_time() - started:.1f} s"
    )
    work = Path(tempfile.mkdtemp(prefix="atlhyper-ingest-"))
    master = MasterProcess(work)
    clients = [httpx.Client(base_url=master.url, timeout=600) for _ in range(args.concurrency)]
    try:
        tokens = [master.register(c.name)[1] for c in clusters]
        with ThreadPoolExecutor(args.concurrency) as pool:
            initial = run_round(master, pool, clients, tokens, first)
            settle(master)
            measured = [run_round(master, pool, clients, tokens, b) for b in ours]
            rss = master.rss_mib()
            settle(master)
            founding = [run_round(master, pool, clients, tokens, b) for b in baseline]
        print(
            f"initial full snapshots: Master CPU {initial.cpu:.1f} s; "
            f"RSS after the Agent's schedule {rss:,.0f} MiB"
        )
        print(f"\nround = one push from each of the {args.clusters} clusters, every 10 s")
        header = ["", "rounds", "Master CPU", "of a core", "wall", "snapshots", "MB/s", "MB/s"]
        print(row([*header, "kB/push"], WIDTHS))
        print(row(["", "", "s/round", "@10 s", "s/round", "/s", "wire", "raw", "wire"], WIDTHS))
        fulls = sum(r.fulls for r in measured)
        ours_cpu = summary(f"ours: deltas + {fulls} fulls", measured)
        full_cpu = summary("baseline: full every round", founding)
        print(f"  Master CPU per round, ours: {', '.join(f'{r.cpu:.2f}' for r in measured)}")
        print(f"  Master CPU per round, baseline: {', '.join(f'{r.cpu:.2f}' for r in founding)}")
        print(
            f"\nours / baseline, Master CPU: {ours_cpu / full_cpu:.1%} "
            f"({full_cpu / ours_cpu:,.1f}x less)"
        )
        if fulls == 0:  # too few rounds for any cluster's turn: add the fulls' share by arithmetic
            share = ours_cpu / CADENCE + full_cpu / (FULL_EVERY * CADENCE)
            print(f"with a full snapshot every {FULL_EVERY} rounds: {share:.1%} of a core")
    finally:
        for client in clients:
            client.close()
        master.stop()


if __name__ == "__main__":
    main()
