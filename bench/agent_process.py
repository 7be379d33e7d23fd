"""Benchmark the Agent as a real process against the simulated cluster at several sizes.

Run: `.venv/bin/python bench/agent_process.py [--sizes 1000,30000,150000] [--window 30]`

For each size it starts `atlhyper sim --profile scale` (with background churn), a Master and an
Agent, waits for the Master to hold every pod, then over a steady window measures:
- Kubernetes API calls per minute by verb (from the Agent's own counters);
- the Agent's RSS and CPU (from /proc), and the Master's RSS;
- bytes per push, full against delta (after zstd), from the Agent's counters;
- command pickup latency p50/p99: creation at the Master → start at the Agent, over 100 commands.
The baseline is the founding design's method, a full paged LIST of every kind every 10 s, measured
in the same run against the same sim: its API calls per minute and CPU per cycle, as ratios.
It prints and never asserts: machines differ, ratios travel.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
import msgspec
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from atlhyper.agent.k8s.kinds import POLLED_KINDS, WATCHED_KINDS  # noqa: E402

POLLED = {kind.field for kind in POLLED_KINDS}

SNAPSHOT_INTERVAL = 10.0
CHURN_PER_SECOND = 20
COMMANDS = 100


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "atlhyper", *args],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )


def wait(check: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(check) and check():
            return
        time.sleep(0.5)
    raise SystemExit(f"timed out waiting for {what}")


def metric_sum(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def api_calls(text: str) -> dict[str, float]:
    """Calls by verb; LISTs of metrics.k8s.io (which cannot be watched) are counted apart."""
    calls: dict[str, float] = {}
    for match in re.finditer(r"atlhyper_agent_kube_api_calls_total\{([^}]*)\} (\S+)", text):
        verb = re.search(r'verb="([^"]+)"', match.group(1))
        kind = re.search(r'kind="([^"]+)"', match.group(1))
        if verb and kind:
            polled = kind.group(1) in POLLED
            name = f"{verb.group(1)} (metrics.k8s.io)" if polled else verb.group(1)
            calls[name] = calls.get(name, 0.0) + float(match.group(2))
    return calls


@dataclass
class Result:
    pods: int
    nodes: int
    sync_s: float
    agent_rss_mib: float
    master_rss_mib: float
    agent_cpu_pct: float
    calls_per_min: dict[str, float]
    full_push_bytes: float
    delta_push_bytes: float
    pickup_p50_ms: float
    pickup_p99_ms: float
    baseline_calls_per_min: float
    baseline_cpu_pct: float


def baseline_cycle(kubeconfig: Path) -> tuple[int, float]:
    """The founding design: one full paged LIST of every kind, decoded to dicts; (calls, CPU s)."""
    config = yaml.safe_load(kubeconfig.read_text())
    server = config["clusters"][0]["cluster"]["server"]
    token = config["users"][0]["user"]["token"]
    ca = config["clusters"][0]["cluster"].get("certificate-authority-data")
    verify: bool | str = False
    if ca:
        import base64

        ca_file = kubeconfig.parent / "ca.pem"
        ca_file.write_bytes(base64.b64decode(ca))
        verify = str(ca_file)
    calls = 0
    started = time.process_time()
    with httpx.Client(
        base_url=server, headers={"Authorization": f"Bearer {token}"}, verify=verify, timeout=120
    ) as client:
        for kind in WATCHED_KINDS:
            token_ = ""
            while True:
                params: dict[str, str | int] = {"limit": 500}
                if token_:
                    params["continue"] = token_
                response = client.get(kind.path, params=params)
                calls += 1
                if response.status_code != 200:
                    break
                page = msgspec.json.decode(response.content)
                token_ = page.get("metadata", {}).get("continue") or ""
                if not token_:
                    break
    return calls, time.process_time() - started


def run_size(pods: int, window: float) -> Result:
    nodes = max(3, pods // 30)
    work = Path(tempfile.mkdtemp(prefix=f"atlhyper-bench-{pods}-"))
    kubeconfig = work / "kubeconfig"
    sim = start(
        [
            "sim",
            "--profile",
            "scale",
            "--pods",
            str(pods),
            "--nodes",
            str(nodes),
            "--port",
            "0",
            "--kubeconfig",
            str(kubeconfig),
            "--churn-per-second",
            str(CHURN_PER_SECOND),
        ],
        work / "sim.log",
    )
    port, agent_port = free_port(), free_port()
    password = secrets.token_urlsafe(12)
    master = start(
        ["master", "--port", str(port), "--database-url", f"sqlite+aiosqlite:///{work / 'm.db'}"],
        work / "master.log",
        {"MASTER_ADMIN_PASSWORD": password},
    )
    url = f"http://127.0.0.1:{port}"
    procs = [sim, master]
    try:
        wait(lambda: kubeconfig.exists(), 600, "the sim")
        wait(lambda: _ok(f"{url}/healthz"), 60, "the master")
        admin = httpx.Client(base_url=url, timeout=120)
        admin.post("/api/v3/auth/login", json={"username": "admin", "password": password})
        cluster = admin.post("/api/v3/clusters", json={"name": f"bench-{pods}"}).json()
        synced_from = time.monotonic()
        agent = start(
            [
                "agent",
                "--master-url",
                url,
                "--kubeconfig",
                str(kubeconfig),
                "--port",
                str(agent_port),
                "--snapshot-interval",
                str(SNAPSHOT_INTERVAL),
            ],
            work / "agent.log",
            {"AGENT_TOKEN": cluster["token"]},
        )
        procs.append(agent)

        def synced() -> bool:
            items = admin.get("/api/v3/clusters").json()["items"]
            return bool(items and items[0]["podCount"] >= pods)

        wait(synced, 900, "the master to hold every pod")
        sync_seconds = time.monotonic() - synced_from
        time.sleep(SNAPSHOT_INTERVAL)  # let the first full push and the GC freeze settle
        metrics_url = f"http://127.0.0.1:{agent_port}/metrics"
        before, cpu_before, t0 = (
            httpx.get(metrics_url).text,
            cpu_seconds(agent.pid),
            time.monotonic(),
        )
        time.sleep(window)
        after, cpu_after, t1 = httpx.get(metrics_url).text, cpu_seconds(agent.pid), time.monotonic()
        minutes = (t1 - t0) / 60
        calls_before, calls_after = api_calls(before), api_calls(after)
        per_minute = {
            verb: (calls_after.get(verb, 0) - calls_before.get(verb, 0)) / minutes
            for verb in sorted(set(calls_after) | {"list", "watch"})
        }
        pushes = {
            kind: (
                metric_sum(after, "atlhyper_agent_push_bytes_total", type=kind)
                / max(1.0, metric_sum(after, "atlhyper_agent_pushes_total", type=kind, result="ok"))
            )
            for kind in ("full", "delta")
        }
        pickups = []
        for _ in range(COMMANDS):
            created = admin.post(
                "/api/v3/commands",
                json={
                    "clusterId": cluster["id"],
                    "action": "dynamic",
                    "target": {"kind": ""},
                    "params": {"path": "/version"},
                },
            ).json()
            done = admin.get(f"/api/v3/commands/{created['id']}", params={"wait": 30}).json()
            started_at = datetime.fromisoformat(done["result"]["startedAt"])
            pickups.append(
                (started_at - datetime.fromisoformat(created["createdAt"])).total_seconds()
            )
        pickups.sort()
        base_calls, base_cpu = baseline_cycle(kubeconfig)
        return Result(
            pods=pods,
            nodes=nodes,
            sync_s=sync_seconds,
            agent_rss_mib=rss_mib(agent.pid),
            master_rss_mib=rss_mib(master.pid),
            agent_cpu_pct=100 * (cpu_after - cpu_before) / (t1 - t0),
            calls_per_min=per_minute,
            full_push_bytes=pushes["full"],
            delta_push_bytes=pushes["delta"],
            pickup_p50_ms=1000 * statistics.median(pickups),
            pickup_p99_ms=1000 * pickups[int(0.99 * (len(pickups) - 1))],
            baseline_calls_per_min=base_calls * 60 / SNAPSHOT_INTERVAL,
            baseline_cpu_pct=100 * base_cpu / SNAPSHOT_INTERVAL,
        )
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,30000,150000")
    parser.add_argument("--window", type=float, default=30.0, help="steady-state seconds")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        r = run_size(size, args.window)
        calls = ", ".join(f"{verb} {rate:.1f}" for verb, rate in r.calls_per_min.items())
        print(f"\n== {r.pods:,} pods on {r.nodes:,} nodes (churn {CHURN_PER_SECOND}/s) ==")
        print(f"initial sync to the Master: {r.sync_s:.1f} s")
        print(f"API calls per minute, steady state: {calls}")
        print(
            f"  baseline (full LIST of every kind every {SNAPSHOT_INTERVAL:.0f} s): "
            f"{r.baseline_calls_per_min:.0f} LIST calls/min"
        )
        print(
            f"Agent RSS {r.agent_rss_mib:.0f} MiB, CPU {r.agent_cpu_pct:.2f} % of a core; "
            f"baseline LIST+decode alone {r.baseline_cpu_pct:.2f} % of a core "
            f"(baseline/agent {r.baseline_cpu_pct / max(r.agent_cpu_pct, 0.01):.2f})"
        )
        print(f"Master RSS {r.master_rss_mib:.0f} MiB")
        print(
            f"bytes per push (zstd): full {r.full_push_bytes / 1e6:.2f} MB, "
            f"delta {r.delta_push_bytes / 1e6:.3f} MB "
            f"(delta/full {r.delta_push_bytes / max(r.full_push_bytes, 1):.2%})"
        )
        print(
            f"command pickup over {COMMANDS} commands: p50 {r.pickup_p50_ms:.1f} ms, "
            f"p99 {r.pickup_p99_ms:.1f} ms"
        )


if __name__ == "__main__":
    main()
