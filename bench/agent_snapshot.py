"""Agent snapshot cost at scale: a 150k-pod cache, full snapshots and 1 % deltas.

Builds the cache in-process from generated Kubernetes PodList JSON (about the size of real pods,
with managedFields, probes, env and volumes), decoded through the Agent's real wire structs and
converters, then measures what a push costs. Prints numbers and ratios; asserts nothing.

The baseline is the founding design's cycle, measured in the same run: re-decode the full LIST
and push a full gzip snapshot every interval. Ours: keep the watch cache, push a zstd delta.

    .venv/bin/python bench/agent_snapshot.py [--pods 150000] [--churn 0.01]
"""

from __future__ import annotations

import argparse
import gc
import gzip
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import zstandard

from atlhyper.agent.k8s import wire
from atlhyper.agent.k8s.kinds import WATCHED_KINDS
from atlhyper.agent.k8s.reflector import GcPause
from atlhyper.agent.snapshot import SnapshotBuilder
from atlhyper.model import Pod, Snapshot, SnapshotDelta

PAGE = 500
POD_KIND = next(kind for kind in WATCHED_KINDS if kind.field == "pods")
T = TypeVar("T")


class _Source:
    def __init__(self, field: str, cache: dict[str, Any]) -> None:
        self.field = field
        self.cache = cache
        self.available = True


def _pod_json(index: int, rng: random.Random, generation: int = 0) -> dict[str, Any]:
    """One pod shaped like a Deployment's pod on a real cluster (about 9 KB of JSON).

    Identifiers, digests, addresses and times are random, as they are in a real cluster, so the
    compression ratios are not flattered by repetition.
    """

    def hexed(bits: int) -> str:
        return f"{rng.getrandbits(bits):0{bits // 4}x}"

    app = f"svc-{index % 700}"
    namespace = f"team-{index % 60}"
    name = f"{app}-7d9f8c6b5-{index:06x}"
    node = f"node-{index % 5000:04d}"
    day, hour, minute = rng.randint(1, 20), rng.randint(0, 23), rng.randint(0, 59)
    started = f"2026-11-{day:02d}T{hour:02d}:{minute:02d}:{rng.randint(0, 59):02d}Z"
    fields_v1 = {
        f"f:{key}": {f"f:{sub}": {} for sub in ("name", "image", "ports", "env", "resources")}
        for key in ("containers", "initContainers", "volumes", "tolerations", "affinity")
    }
    container = {
        "name": "app",
        "image": f"registry.example.com/{namespace}/{app}:1.{index % 40}.{generation}",
        "imagePullPolicy": "IfNotPresent",
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
        "env": [
            {"name": "LOG_LEVEL", "value": "info"},
            {"name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "http://otel-collector:4317"},
            {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "pw"}}},
            {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
        ],
        "envFrom": [{"configMapRef": {"name": f"{app}-config"}}],
        "resources": {
            "requests": {"cpu": "100m", "memory": "128Mi"},
            "limits": {"cpu": "500m", "memory": "512Mi"},
        },
        "livenessProbe": {
            "httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
            "initialDelaySeconds": 10,
            "periodSeconds": 10,
        },
        "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}, "periodSeconds": 5},
        "volumeMounts": [
            {"name": "config", "mountPath": "/etc/app"},
            {"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/sa"},
        ],
        "terminationMessagePath": "/dev/termination-log",
    }
    sidecar = {
        "name": "proxy",
        "image": "cr.l5d.io/linkerd/proxy:stable-2.14.10",
        "resources": {"requests": {"cpu": "10m", "memory": "20Mi"}},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": 4191}},
    }
    status = {
        "name": "app",
        "image": container["image"],
        "imageID": "registry.example.com/sha256:" + hexed(256),
        "containerID": "containerd://" + hexed(256),
        "ready": True,
        "started": True,
        "restartCount": generation,
        "state": {"running": {"startedAt": started}},
    }
    return {
        "metadata": {
            "name": name,
            "generateName": f"{app}-7d9f8c6b5-",
            "namespace": namespace,
            "uid": f"{hexed(32)}-{hexed(16)}-{hexed(16)}-{hexed(16)}-{hexed(48)}",
            "resourceVersion": str(rng.randint(10**6, 10**9)),
            "creationTimestamp": started,
            "labels": {"app": app, "pod-template-hash": "7d9f8c6b5", "team": namespace},
            "annotations": {"linkerd.io/inject": "enabled", "checksum/config": hexed(256)},
            "ownerReferences": [
                {
                    "apiVersion": "apps/v1",
                    "kind": "ReplicaSet",
                    "name": f"{app}-7d9f8c6b5",
                    "uid": f"rs-{index % 700:08x}",
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
            "managedFields": [
                {
                    "manager": "kube-controller-manager",
                    "operation": "Update",
                    "apiVersion": "v1",
                    "time": started,
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {"f:metadata": {"f:labels": {"f:app": {}}}, "f:spec": fields_v1},
                },
                {
                    "manager": "kubelet",
                    "operation": "Update",
                    "apiVersion": "v1",
                    "time": started,
                    "fieldsType": "FieldsV1",
                    "subresource": "status",
                    "fieldsV1": {"f:status": {"f:conditions": {}, "f:containerStatuses": {}}},
                },
            ],
        },
        "spec": {
            "nodeName": node,
            "serviceAccountName": app,
            "containers": [container, sidecar],
            "volumes": [
                {"name": "config", "configMap": {"name": f"{app}-config", "defaultMode": 420}},
                {
                    "name": "kube-api-access",
                    "projected": {"sources": [{"serviceAccountToken": {}}]},
                },
            ],
            "tolerations": [
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"}
            ],
            "restartPolicy": "Always",
            "dnsPolicy": "ClusterFirst",
            "schedulerName": "default-scheduler",
        },
        "status": {
            "phase": "Running",
            "podIP": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            "hostIP": f"192.168.{index % 5000 // 256}.{index % 256}",
            "qosClass": "Burstable",
            "startTime": started,
            "conditions": [
                {"type": t, "status": "True", "lastTransitionTime": started}
                for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")
            ],
            "containerStatuses": [status, {**status, "name": "proxy", "image": sidecar["image"]}],
        },
    }


def _pages(count: int, seed: int) -> Iterator[bytes]:
    """PodList pages of raw JSON bytes, as the API server sends them."""
    rng = random.Random(seed)
    encoder = msgspec.json.Encoder()
    for start in range(0, count, PAGE):
        items = [_pod_json(i, rng) for i in range(start, min(count, start + PAGE))]
        yield encoder.encode({"kind": "PodList", "metadata": {}, "items": items})


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu(fn: Callable[[], T]) -> tuple[T, float]:
    started = time.process_time()
    result = fn()
    return result, time.process_time() - started


def _mb(size: int) -> str:
    return f"{size / 1e6:,.2f} MB"


def _measure_full(builder: SnapshotBuilder) -> int:
    """Build, encode and compress one full snapshot; acknowledge it; return its gzip size."""
    full, build_cpu = _cpu(builder.build)
    assert isinstance(full, Snapshot)
    print(f"full snapshot build: {build_cpu * 1000:.1f} ms (CPU)")
    raw, encode_cpu = _cpu(lambda: msgspec.json.encode(full))
    gz, gzip_cpu = _cpu(lambda: gzip.compress(raw, compresslevel=6))
    zs, zstd_cpu = _cpu(lambda: zstandard.ZstdCompressor(level=1).compress(raw))
    print(
        f"full push: raw {_mb(len(raw))} (encode {encode_cpu:.2f} s), "
        f"gzip-6 {_mb(len(gz))} ({gzip_cpu:.2f} s), zstd-1 {_mb(len(zs))} ({zstd_cpu:.2f} s)"
    )
    builder.acknowledged(full.seq)
    return len(gz)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pods", type=int, default=150_000)
    parser.add_argument("--churn", type=float, default=0.01)
    args = parser.parse_args()
    decoder = msgspec.json.Decoder(wire.ObjectList[wire.Pod])

    print(f"pods: {args.pods:,}   churn: {args.churn:.1%}   page: {PAGE}")
    pages = list(_pages(args.pods, seed=1))
    list_bytes = sum(len(p) for p in pages)
    print(f"LIST JSON: {_mb(list_bytes)} ({list_bytes / args.pods / 1024:.1f} KB per pod)")

    def build_cache() -> dict[str, Pod]:
        cache: dict[str, Pod] = {}
        for page in pages:
            for item in decoder.decode(page).items:
                pod = POD_KIND.convert(item)
                cache[f"{pod.namespace}/{pod.name}"] = pod
        return cache

    _, gc_on_cpu = _cpu(lambda: len(build_cache()))  # same decode, cyclic GC running
    gc.collect()
    rss_before = _rss_mb()
    with GcPause.held():  # as the reflector decodes a LIST
        cache, decode_cpu = _cpu(build_cache)
    gc.collect()
    gc.freeze()
    rss_cache = _rss_mb() - rss_before
    print(
        f"decode + convert: {decode_cpu * 1e6 / args.pods:.1f} µs per pod (CPU); with the GC "
        f"running: {gc_on_cpu * 1e6 / args.pods:.1f} µs ({gc_on_cpu / decode_cpu:.2f}x)"
    )
    print(f"cache RSS: {rss_cache:,.0f} MB ({rss_cache * 1024 / args.pods:.2f} KB per pod)")

    source = _Source("pods", cache)
    builder = SnapshotBuilder([source])  # type: ignore[list-item]
    full_gzip = _measure_full(builder)

    rng = random.Random(2)
    changed = rng.sample(sorted(cache), int(args.pods * args.churn))
    fresh = dict(cache)
    for key in changed:
        old = fresh[key]
        fresh[key] = msgspec.structs.replace(
            old,
            resource_version=old.resource_version + "1",
            restarts=old.restarts + 1,
            labels={**old.labels, "rollout": "2"},
        )
    source.cache = fresh
    delta, delta_build_cpu = _cpu(builder.build)
    assert isinstance(delta, SnapshotDelta)
    delta_raw, delta_encode_cpu = _cpu(lambda: msgspec.json.encode(delta))
    delta_zs, delta_zstd_cpu = _cpu(lambda: zstandard.ZstdCompressor(level=1).compress(delta_raw))
    delta_gz = gzip.compress(delta_raw, compresslevel=6)
    print(
        f"delta ({len(delta.upserted.pods):,} pods): build {delta_build_cpu * 1000:.1f} ms, "
        f"encode {delta_encode_cpu * 1000:.1f} ms, raw {_mb(len(delta_raw))}, "
        f"zstd-1 {_mb(len(delta_zs))} ({delta_zstd_cpu * 1000:.1f} ms), gzip-6 {_mb(len(delta_gz))}"
    )
    print(f"delta zstd-1 / full gzip-6: {len(delta_zs) / full_gzip:.2%} (goal ≤ 5 %)")
    print(f"delta gzip-6 / full gzip-6: {len(delta_gz) / full_gzip:.2%}")

    # Baseline: the founding design's cycle, re-decoding the whole LIST and pushing it gzipped.
    def baseline_cycle() -> int:
        pods = [POD_KIND.convert(item) for page in pages for item in decoder.decode(page).items]
        body = msgspec.json.encode(Snapshot(seq=0, taken_at="", pods=pods))
        return len(gzip.compress(body, compresslevel=6))

    baseline_bytes, baseline_cpu = _cpu(baseline_cycle)
    ours_cpu = delta_build_cpu + delta_encode_cpu + delta_zstd_cpu
    print(
        f"per-cycle CPU: baseline (re-LIST + full gzip) {baseline_cpu:.2f} s, "
        f"ours (delta + zstd) {ours_cpu * 1000:.1f} ms -> {baseline_cpu / ours_cpu:,.0f}x less CPU"
    )
    print(
        f"per-cycle bytes: baseline {_mb(baseline_bytes)}, ours {_mb(len(delta_zs))} -> "
        f"{baseline_bytes / len(delta_zs):,.0f}x fewer bytes"
    )


if __name__ == "__main__":
    main()
