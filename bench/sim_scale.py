"""Benchmark the simulated cluster at scale: build, paged LIST, and watch fan-out.

Run: `.venv/bin/python bench/sim_scale.py [--pods N --nodes N]` (defaults: 30,000 pods on
1,000 nodes, a few minutes; the full size is `--pods 150000 --nodes 5000`).

Prints, for one `atlhyper sim --profile scale` process:
- build: seconds until the kubeconfig appears (cluster built and serving) and the server's RSS;
- LIST: every pod through `limit=500` pages following `continue`, objects per second and total
  time, against a baseline measured in the same run: decoding the very same page bytes in-process
  with msgspec (the ratio says how much the server and HTTPS cost on top of a client's decode);
- watch fan-out: 10 watchers on ConfigMaps while the benchmark patches one at 20 changes per
  second; events delivered per second and the lag from the patch being sent to each watcher
  receiving it (p50/p99/max).
It never asserts timings: machines differ, ratios travel.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import msgspec
import yaml

ROOT = Path(__file__).resolve().parents[1]
WATCHERS = 10
CHANGES_PER_SECOND = 20
WATCH_SECONDS = 15


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_sim(workdir: Path, pods: int, nodes: int) -> tuple[subprocess.Popen[bytes], Path, float]:
    kubeconfig = workdir / "kubeconfig"
    log = (workdir / "sim.log").open("wb")
    started = time.monotonic()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "atlhyper",
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
            "--log-level",
            "warning",
        ],
        cwd=workdir,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    while not (kubeconfig.exists() and kubeconfig.stat().st_size):
        if proc.poll() is not None:
            raise SystemExit(f"the sim exited with {proc.returncode}; see {workdir / 'sim.log'}")
        time.sleep(0.1)
    return proc, kubeconfig, time.monotonic() - started


def client_settings(kubeconfig: Path) -> tuple[str, dict[str, str], ssl.SSLContext | bool]:
    config: dict[str, Any] = yaml.safe_load(kubeconfig.read_text())
    cluster = config["clusters"][0]["cluster"]
    user = config["users"][0]["user"]
    headers = {"Authorization": f"Bearer {user['token']}"} if user.get("token") else {}
    verify: ssl.SSLContext | bool = True
    if cluster.get("certificate-authority-data"):
        with tempfile.NamedTemporaryFile("wb", suffix=".pem") as ca:
            ca.write(base64.b64decode(cluster["certificate-authority-data"]))
            ca.flush()
            verify = ssl.create_default_context(cafile=ca.name)
    return cluster["server"], headers, verify


async def paged_list(client: httpx.AsyncClient) -> tuple[int, float, list[bytes]]:
    pages: list[bytes] = []
    items = 0
    token = ""
    started = time.perf_counter()
    while True:
        params = {"limit": "500", **({"continue": token} if token else {})}
        response = await client.get("/api/v1/pods", params=params)
        response.raise_for_status()
        body = response.content
        pages.append(body)
        page = msgspec.json.decode(body, type=_Page)
        items += len(page.items)
        token = page.metadata.get("continue", "")
        if not token:
            return items, time.perf_counter() - started, pages


class _Page(msgspec.Struct):
    metadata: dict[str, Any]
    items: list[msgspec.Raw]


def decode_baseline(pages: list[bytes]) -> tuple[int, float]:
    """Decoding the same bytes in-process, as a client would, with nothing else involved."""
    decoder = msgspec.json.Decoder(dict[str, Any])
    started = time.perf_counter()
    count = sum(len(decoder.decode(page)["items"]) for page in pages)
    return count, time.perf_counter() - started


async def watch_fanout(client: httpx.AsyncClient) -> tuple[int, list[float], float]:
    namespace = "default"
    name = "bench-fanout"
    created = await client.post(
        f"/api/v1/namespaces/{namespace}/configmaps",
        json={"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}},
    )
    if created.status_code not in (201, 409):
        created.raise_for_status()
    rv = (await client.get(f"/api/v1/namespaces/{namespace}/configmaps")).json()["metadata"][
        "resourceVersion"
    ]
    lags: list[float] = []
    received = 0
    stop = asyncio.Event()

    async def watcher() -> None:
        nonlocal received
        params = {
            "watch": "1",
            "resourceVersion": rv,
            "allowWatchBookmarks": "true",
            "fieldSelector": f"metadata.name={name}",
            "timeoutSeconds": str(WATCH_SECONDS + 10),
        }
        async with client.stream(
            "GET", f"/api/v1/namespaces/{namespace}/configmaps", params=params, timeout=None
        ) as stream:
            async for line in stream.aiter_lines():
                if not line:
                    continue
                event = msgspec.json.decode(line)
                if event["type"] != "MODIFIED":
                    continue
                sent = float((event["object"].get("data") or {}).get("sent", "0"))
                lags.append(time.time() - sent)
                received += 1
                if stop.is_set():
                    return

    tasks = [asyncio.create_task(watcher()) for _ in range(WATCHERS)]
    await asyncio.sleep(0.5)
    started = time.perf_counter()
    changes = 0
    interval = 1 / CHANGES_PER_SECOND
    while time.perf_counter() - started < WATCH_SECONDS:
        await client.patch(
            f"/api/v1/namespaces/{namespace}/configmaps/{name}",
            content=msgspec.json.encode({"data": {"sent": repr(time.time())}}),
            headers={"Content-Type": "application/merge-patch+json"},
        )
        changes += 1
        next_at = started + changes * interval
        await asyncio.sleep(max(next_at - time.perf_counter(), 0))
    elapsed = time.perf_counter() - started
    await asyncio.sleep(1.0)
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return received, lags, elapsed


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)] if ordered else float("nan")


async def run(pods: int, nodes: int) -> None:
    with tempfile.TemporaryDirectory(prefix="sim-bench-") as tmp:
        proc, kubeconfig, build_seconds = start_sim(Path(tmp), pods, nodes)
        try:
            print(
                f"build: {pods:,} pods on {nodes:,} nodes serving after {build_seconds:.1f} s, "
                f"RSS {_rss_mib(proc.pid):,.0f} MiB"
            )
            server, headers, verify = client_settings(kubeconfig)
            async with httpx.AsyncClient(
                base_url=server, headers=headers, verify=verify, timeout=120
            ) as client:
                await paged_list(client)  # warm: connection, TLS session, server caches
                count, seconds, pages = await paged_list(client)
                decoded, decode_seconds = decode_baseline(pages)
                ratio = (count / seconds) / (decoded / decode_seconds)
                size = sum(len(p) for p in pages) / 2**20
                print(
                    f"LIST: {count:,} pods in {len(pages)} pages of 500 in {seconds:.2f} s "
                    f"({count / seconds:,.0f} objects/s, {size:,.0f} MiB)"
                )
                print(
                    f"  baseline, msgspec decode of the same pages in-process: "
                    f"{decoded / decode_seconds:,.0f} objects/s ({decode_seconds:.2f} s); "
                    f"paged LIST / decode throughput = {ratio:.2f}"
                )
                print(f"  RSS after LIST: {_rss_mib(proc.pid):,.0f} MiB")
                received, lags, elapsed = await watch_fanout(client)
                p50, p99 = statistics.median(lags) * 1000, _percentile(lags, 0.99) * 1000
                print(
                    f"watch fan-out: {WATCHERS} watchers x {CHANGES_PER_SECOND} changes/s for "
                    f"{elapsed:.0f} s: {received / elapsed:,.0f} events/s delivered "
                    f"(ideal {WATCHERS * CHANGES_PER_SECOND}), lag p50 "
                    f"{p50:.1f} ms, p99 {p99:.1f} ms, "
                    f"max {max(lags) * 1000:.1f} ms"
                )
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, default=30_000)
    parser.add_argument("--nodes", type=int, default=1_000)
    args = parser.parse_args()
    asyncio.run(run(args.pods, args.nodes))


if __name__ == "__main__":
    main()
