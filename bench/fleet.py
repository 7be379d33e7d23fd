"""Synthetic clusters as the Master receives them (full snapshots and realistic deltas), and a
real Master process to push them to. Shared by the Master benches.

 The objects are the model Structs the Agent sends (no Kubernetes
JSON, no converter): pods with two containers, probes, env and volumes, on nodes of about 100
pods each; a Deployment (with its current and previous ReplicaSet, a Service, its Endpoints and
EndpointSlice, a ConfigMap and a ServiceAccount) per 8 pods; usage for every node and pod; and
the newest events. A delta changes a fraction of the pods the way a running cluster does (a
restart, a readiness flip, a crash loop), moves some usage, replaces some events, and updates the
endpoints of the pods whose readiness changed.
"""

from __future__ import annotations

import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import msgspec
import zstandard

from atlhyper.model import (
    ConfigMap,
    ContainerInfo,
    Deployment,
    EndpointAddress,
    EndpointPort,
    Endpoints,
    EndpointSlice,
    EnvVar,
    Event,
    Namespace,
    Node,
    NodeUsage,
    ObjectSet,
    OwnerRef,
    Pod,
    PodUsage,
    Probe,
    ReplicaSet,
    Service,
    ServiceAccount,
    ServicePort,
    Snapshot,
    SnapshotDelta,
    Volume,
    object_key,
)

PODS_PER_NODE = 100
PODS_PER_DEPLOYMENT = 8
EVENTS = 200
_STATUSES = ("Running",) * 40 + ("CrashLoopBackOff", "Pending", "Completed", "Error")


def _time(rng: random.Random) -> str:
    return (
        f"2026-11-{rng.randint(1, 20):02d}T{rng.randint(0, 23):02d}:"
        f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
    )


def _uid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _containers(app: str, namespace: str, version: int, restarts: int) -> list[ContainerInfo]:
    return [
        ContainerInfo(
            name="app",
            image=f"registry.example.com/{namespace}/{app}:1.{version}.0",
            ready=True,
            restart_count=restarts,
            state="running",
            cpu_request_millicores=100,
            cpu_limit_millicores=500,
            memory_request_bytes=128 * 2**20,
            memory_limit_bytes=512 * 2**20,
            probes=[
                Probe("liveness", "httpGet", "HTTP GET :8080/healthz"),
                Probe("readiness", "httpGet", "HTTP GET :8080/ready"),
            ],
            env=[
                EnvVar("LOG_LEVEL"),
                EnvVar("DB_PASSWORD", "secret", "db", "pw"),
                EnvVar("POD_IP", "field", "", "status.podIP"),
            ],
            env_from=[f"configMap:{app}-config"],
        ),
        ContainerInfo(
            name="proxy",
            image="cr.l5d.io/linkerd/proxy:stable-2.14.10",
            ready=True,
            state="running",
            cpu_request_millicores=10,
            memory_request_bytes=20 * 2**20,
            probes=[Probe("readiness", "httpGet", "HTTP GET :4191/ready")],
        ),
    ]


@dataclass
class Cluster:
    """One synthetic cluster: the current objects per kind (key → object) and its seq."""

    name: str
    objects: dict[str, dict[str, Any]]
    rng: random.Random
    seq: int = 0
    _event_serial: int = field(default=0)

    def full(self) -> Snapshot:
        self.seq += 1
        return Snapshot(
            seq=self.seq,
            taken_at="2026-11-21T00:00:00Z",
            **{kind: list(objects.values()) for kind, objects in self.objects.items()},
        )

    def delta(self, churn: float) -> SnapshotDelta:
        """Change `churn` of the pods (and what follows from it); apply it here too."""
        rng = self.rng
        pods = self.objects["pods"]
        upserted: dict[str, list[Any]] = {}
        deleted: dict[str, list[str]] = {}

        def put(kind: str, obj: Any) -> None:
            self.objects[kind][object_key(obj)] = obj
            upserted.setdefault(kind, []).append(obj)

        flipped: dict[str, dict[str, bool]] = {}  # service key → pod name → ready
        for key in rng.sample(sorted(pods), max(1, int(len(pods) * churn))):
            pod = pods[key]
            status = rng.choice(_STATUSES)
            ready = status == "Running"
            if ready != (pod.status == "Running"):
                service = f"{pod.namespace}/{pod.labels['app']}"
                flipped.setdefault(service, {})[pod.name] = ready
            put(
                "pods",
                msgspec.structs.replace(
                    pod,
                    resource_version=str(int(pod.resource_version) + 1),
                    status=status,
                    phase="Succeeded" if status == "Completed" else "Running",
                    ready_containers=2 if ready else 1,
                    restarts=pod.restarts + (status != pod.status),
                ),
            )
            usage = self.objects["podmetrics"][key]
            put("podmetrics", msgspec.structs.replace(usage, cpu_millicores=rng.randint(1, 400)))
        nodes = sorted(self.objects["nodes"])
        for name in rng.sample(nodes, max(1, len(nodes) // 3)):
            usage = self.objects["nodemetrics"][name]
            put(
                "nodemetrics", msgspec.structs.replace(usage, cpu_millicores=rng.randint(500, 8000))
            )
        for service, readiness in flipped.items():
            endpoints = self.objects["endpoints"][service]
            addresses = [
                msgspec.structs.replace(a, ready=readiness.get(a.target_name, a.ready))
                for a in endpoints.addresses
            ]
            put("endpoints", msgspec.structs.replace(endpoints, addresses=addresses))
            piece = self.objects["endpointslices"][f"{service}-abcde"]
            put("endpointslices", msgspec.structs.replace(piece, endpoints=addresses))
        events = self.objects["events"]
        gone = rng.sample(sorted(events), min(len(events), max(1, len(events) // 50)))
        for key in gone:
            del events[key]
        deleted["events"] = gone
        for _ in gone:
            put("events", self._event())
        self.seq += 1
        return SnapshotDelta(
            seq=self.seq,
            base_seq=self.seq - 1,
            taken_at="2026-11-21T00:00:10Z",
            upserted=ObjectSet(**upserted),
            deleted=deleted,
        )

    def _event(self) -> Event:
        rng = self.rng
        self._event_serial += 1
        pod = rng.choice(list(self.objects["pods"].values())) if self._event_serial % 7 else None
        warning = rng.random() < 0.3
        seen = _time(rng)
        return Event(
            uid=_uid(rng),
            name=f"ev-{self._event_serial:07d}",
            namespace=pod.namespace if pod else "default",
            created_at=seen,
            type="Warning" if warning else "Normal",
            reason=rng.choice(("BackOff", "Unhealthy", "FailedScheduling"))
            if warning
            else rng.choice(("Pulled", "Created", "Started", "Scheduled")),
            message="Back-off restarting failed container app" if warning else "Started container",
            object_kind="Pod",
            object_namespace=pod.namespace if pod else "default",
            object_name=pod.name if pod else "unknown",
            count=rng.randint(1, 20),
            first_seen=seen,
            last_seen=seen,
            source="kubelet",
            source_host=pod.node_name if pod else "",
        )


def cluster(name: str, pods: int, seed: int = 1) -> Cluster:
    """A cluster of `pods` pods with its nodes, namespaces, workloads, network and events."""
    rng = random.Random(seed)
    node_count = max(3, pods // PODS_PER_NODE)
    namespace_count = min(60, max(5, pods // 200))
    deployments = max(1, pods // PODS_PER_DEPLOYMENT)
    objects: dict[str, dict[str, Any]] = {}

    def add(kind: str, obj: Any) -> None:
        objects.setdefault(kind, {})[object_key(obj)] = obj

    for i in range(node_count):
        node = Node(
            uid=_uid(rng),
            name=f"node-{i:04d}",
            resource_version=str(rng.randint(10**6, 10**9)),
            created_at=_time(rng),
            labels={"kubernetes.io/hostname": f"node-{i:04d}", "topology.kubernetes.io/zone": "a"},
            roles=["control-plane"] if i < 3 else ["worker"],
            ready="True" if i % 97 else "False",
            unschedulable=i % 211 == 5,
            kubelet_version="v1.31.2",
            os_image="Ubuntu 24.04 LTS",
            internal_ip=f"192.168.{i // 256}.{i % 256}",
            cpu_capacity_millicores=16000,
            memory_capacity_bytes=64 * 2**30,
            cpu_allocatable_millicores=15800,
            memory_allocatable_bytes=62 * 2**30,
            pods_capacity=110,
        )
        add("nodes", node)
        add(
            "nodemetrics",
            NodeUsage(
                name=node.name,
                cpu_millicores=rng.randint(500, 8000),
                memory_bytes=rng.randint(2, 40) * 2**30,
            ),
        )
    for i in range(namespace_count):
        add("namespaces", Namespace(uid=_uid(rng), name=f"team-{i}", created_at=_time(rng)))
    pod_index = 0
    for d in range(deployments):
        namespace = f"team-{d % namespace_count}"
        app = f"svc-{d}"
        rs_hash = f"{rng.getrandbits(36):09x}"
        dep_uid = _uid(rng)
        replicas = PODS_PER_DEPLOYMENT if d < deployments - 1 else pods - pod_index
        add(
            "deployments",
            Deployment(
                uid=dep_uid,
                name=app,
                namespace=namespace,
                resource_version="1",
                created_at=_time(rng),
                labels={"app": app},
                generation=3,
                observed_generation=3,
                images=[f"registry.example.com/{namespace}/{app}:1.3.0"],
                selector={"app": app},
                replicas=replicas,
                updated_replicas=replicas,
                ready_replicas=replicas,
                available_replicas=replicas,
                revision="3",
                strategy="RollingUpdate",
            ),
        )
        for old, current in ((1, 0), (0, replicas)):
            add(
                "replicasets",
                ReplicaSet(
                    uid=_uid(rng),
                    name=f"{app}-{rs_hash}{old}",
                    namespace=namespace,
                    resource_version="1",
                    created_at=_time(rng),
                    labels={"app": app, "pod-template-hash": f"{rs_hash}{old}"},
                    owners=[OwnerRef("Deployment", app, dep_uid, True)],
                    generation=1,
                    observed_generation=1,
                    selector={"app": app},
                    replicas=current,
                    current_replicas=current,
                    ready_replicas=current,
                    available_replicas=current,
                    revision=str(3 - old),
                ),
            )
        add(
            "services",
            Service(
                uid=_uid(rng),
                name=app,
                namespace=namespace,
                created_at=_time(rng),
                cluster_ip=f"10.96.{d // 256 % 256}.{d % 256}",
                ports=[ServicePort(80, "http", "TCP", "8080")],
                selector={"app": app},
            ),
        )
        add(
            "configmaps",
            ConfigMap(
                uid=_uid(rng),
                name=f"{app}-config",
                namespace=namespace,
                created_at=_time(rng),
                keys=["app.yaml", "log.yaml"],
            ),
        )
        add(
            "serviceaccounts",
            ServiceAccount(uid=_uid(rng), name=app, namespace=namespace, created_at=_time(rng)),
        )
        addresses = []
        for _ in range(replicas):
            status = rng.choice(_STATUSES)
            node = f"node-{pod_index % node_count:04d}"
            pod = Pod(
                uid=_uid(rng),
                name=f"{app}-{rs_hash}0-{pod_index:06x}",
                namespace=namespace,
                resource_version=str(rng.randint(10**6, 10**9)),
                created_at=_time(rng),
                labels={"app": app, "pod-template-hash": f"{rs_hash}0"},
                owners=[OwnerRef("ReplicaSet", f"{app}-{rs_hash}0", "", True)],
                node_name=node,
                phase="Succeeded" if status == "Completed" else "Running",
                status=status,
                ready_containers=2 if status == "Running" else 1,
                total_containers=2,
                restarts=rng.choice((0, 0, 0, 1, 3)),
                pod_ip=f"10.{pod_index // 65536 % 256}.{pod_index // 256 % 256}.{pod_index % 256}",
                host_ip=f"192.168.{pod_index % node_count // 256}.{pod_index % node_count % 256}",
                qos_class="Burstable",
                owner_kind="ReplicaSet",
                owner_name=f"{app}-{rs_hash}0",
                service_account=app,
                containers=_containers(app, namespace, 3, 0),
                volumes=[
                    Volume("config", "configMap", f"{app}-config"),
                    Volume("kube-api-access", "projected"),
                ],
            )
            add("pods", pod)
            add(
                "podmetrics",
                PodUsage(
                    namespace=namespace,
                    name=pod.name,
                    cpu_millicores=rng.randint(1, 400),
                    memory_bytes=rng.randint(20, 500) * 2**20,
                ),
            )
            addresses.append(
                EndpointAddress(pod.pod_ip, status == "Running", node, "Pod", pod.name)
            )
            pod_index += 1
        ports = [EndpointPort(8080, "http")]
        add(
            "endpoints",
            Endpoints(
                uid=_uid(rng),
                name=app,
                namespace=namespace,
                created_at=_time(rng),
                addresses=addresses,
                ports=ports,
            ),
        )
        add(
            "endpointslices",
            EndpointSlice(
                uid=_uid(rng),
                name=f"{app}-abcde",
                namespace=namespace,
                created_at=_time(rng),
                labels={"kubernetes.io/service-name": app},
                service_name=app,
                endpoints=addresses,
                ports=ports,
            ),
        )
    result = Cluster(name, objects, rng)
    objects["events"] = {}
    for _ in range(min(EVENTS, pods)):
        add("events", result._event())
    return result


def encode(body: Snapshot | SnapshotDelta) -> tuple[bytes, int]:
    """(zstd-1 body, raw size), as the Agent's gateway sends it."""
    raw = msgspec.json.encode(body)
    return zstandard.ZstdCompressor(level=1).compress(raw), len(raw)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: Usage history samples every pod into the database on its own clock, whatever arrives: a cost
#: of its own, not of ingest or views, so the benches keep it out of their figures.
QUIET = {"MASTER_USAGE_SAMPLE_SECONDS": "3600"}


class MasterProcess:
    """`atlhyper master` on SQLite in `work`, with an admin session for the UI API; `stop`
    removes `work`."""

    def __init__(self, work: Path) -> None:
        self.work = work
        port = _free_port()
        password = secrets.token_urlsafe(12)
        self.log = work / "master.log"
        database = f"sqlite+aiosqlite:///{work / 'master.db'}"
        self.popen = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "atlhyper",
                "master",
                "--port",
                str(port),
                "--database-url",
                database,
            ],
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            env={**os.environ, "MASTER_ADMIN_PASSWORD": password, **QUIET},
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while not self._healthy():
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the Master did not start:\n{self.log.read_text()[-2000:]}")
            time.sleep(0.2)
        self.admin = httpx.Client(base_url=self.url, timeout=600)
        login = {"username": "admin", "password": password}
        self.admin.post("/api/v3/auth/login", json=login).raise_for_status()

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def register(self, name: str) -> tuple[str, str]:
        """A new cluster: (id, agent token)."""
        created = self.admin.post("/api/v3/clusters", json={"name": name})
        created.raise_for_status()
        return created.json()["id"], created.json()["token"]

    def cpu_seconds(self) -> float:
        """User + system CPU of the Master process so far (from /proc, as psutil reads it)."""
        fields = Path(f"/proc/{self.popen.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.popen.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.admin.close()
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        shutil.rmtree(self.work, ignore_errors=True)


def push(client: httpx.Client, token: str, body: bytes) -> int:
    """POST one compressed snapshot; the seq the Master accepted."""
    response = client.post(
        "/agent/snapshot",
        content=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Content-Encoding": "zstd",
        },
    )
    if response.status_code != 200:
        raise SystemExit(f"push refused: {response.status_code} {response.text[:300]}")
    return int(response.json()["acceptedSeq"])


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]
