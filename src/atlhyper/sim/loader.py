"""Loads a starting cluster that looks as if it had been running for days.

Manifests get what the API server adds (uid, creationTimestamp, generation, defaults), and
healthy workloads get the ReplicaSets and Running pods their controllers would have made, named
and labelled by the controllers' own rules (template hash, ordinals, revisions) with statuses in
the controllers' shape, so the controllers find nothing to do when they start. Workloads meant to
misbehave are loaded as manifests only: the controllers create their pods live, and the kubelet
runs them into their failure.
"""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta
from typing import Any

from atlhyper.sim import objects
from atlhyper.sim.cluster import random_suffix, random_uid
from atlhyper.sim.controllers import daemonsets, deployments, statefulsets
from atlhyper.sim.controllers.base import owner_ref
from atlhyper.sim.controllers.templates import pod_from_template, template_hash
from atlhyper.sim.kinds import Registry
from atlhyper.sim.store import Store
from atlhyper.sim.validation import qos_class

Obj = dict[str, Any]


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class Placer:
    """Round-robin placement over workers (the control plane only when alone) and pod IPs."""

    def __init__(self, nodes: list[str]) -> None:
        self.nodes = nodes
        self._index = {name: i for i, name in enumerate(nodes)}
        workers = nodes[1:] or nodes
        self._cycle = itertools.cycle(workers) if workers else None
        self._next_host: dict[str, int] = {}

    def next_worker(self) -> str:
        return next(self._cycle) if self._cycle is not None else ""

    def host_ip(self, node: str) -> str:
        return objects.node_ip(self._index[node])

    def pod_ip(self, node: str) -> str:
        host = self._next_host.get(node, 0) + 1
        self._next_host[node] = host
        return objects.pod_ip_in(objects.pod_cidr(self._index[node]), host)


class Loader:
    def __init__(
        self, store: Store, registry: Registry, rng: random.Random, born: datetime
    ) -> None:
        self.store = store
        self.registry = registry
        self.rng = rng
        self.born = born
        self.placer = Placer([])

    def created(self) -> datetime:
        return self.born + timedelta(minutes=self.rng.randint(1, 60 * 48))

    def add(self, manifest: Obj, created: datetime | None = None) -> Obj:
        """Store `manifest` as the API server would have after creating it."""
        kind = self.registry.by_kind(manifest["kind"])
        obj: Obj = {"kind": kind.kind, "apiVersion": kind.api_version, **manifest}
        metadata = obj["metadata"]
        metadata.setdefault("uid", random_uid(self.rng))
        metadata.setdefault("creationTimestamp", stamp(created or self.born))
        if kind.generation:
            metadata.setdefault("generation", 1)
        kind.defaults(obj)
        self.store.load(kind, obj)
        return obj

    def _pod(self, pod: Obj, node: str, created: datetime, host_network: bool) -> None:
        pod["metadata"]["uid"] = random_uid(self.rng)
        pod["metadata"]["creationTimestamp"] = stamp(created)
        pod.pop("status", None)
        objects.scheduled(pod, node, stamp(created))
        host_ip = self.placer.host_ip(node)
        pod_ip = host_ip if host_network else self.placer.pod_ip(node)
        objects.running(pod, host_ip, pod_ip, stamp(created + timedelta(seconds=4)), self.rng)
        pod["status"]["qosClass"] = _qos(pod)
        self.store.load(self.registry.by_kind("Pod"), pod)

    def running_deployment(self, manifest: Obj) -> Obj:
        deployment = self.add(manifest, self.created())
        kind = self.registry.by_kind("Deployment")
        rs_kind = self.registry.by_kind("ReplicaSet")
        spec = deployment["spec"]
        replicas = int(spec["replicas"])
        value = template_hash(spec["template"])
        rs = deployments.new_replicaset(deployment, kind, value, 1, replicas)
        created = datetime.fromisoformat(deployment["metadata"]["creationTimestamp"][:-1])
        replica_set = self.add(rs, created)
        replica_set["status"] = _rs_status(replica_set, replicas)
        self.store.load(rs_kind, replica_set)
        deployment["metadata"].setdefault("annotations", {})[deployments.REVISION] = "1"
        deployment["status"] = _deployment_status(deployment, replica_set, replicas, created)
        self.store.load(kind, deployment)
        template = replica_set["spec"]["template"]
        host_network = bool(template["spec"].get("hostNetwork"))
        for _ in range(replicas):
            node = self.placer.next_worker()
            if not node:
                break
            pod = pod_from_template(
                template,
                deployment["metadata"]["namespace"],
                owner_ref(rs_kind, replica_set),
                name=f"{replica_set['metadata']['name']}-{random_suffix(self.rng)}",
            )
            self._pod(pod, node, created + timedelta(seconds=2), host_network)
        return deployment

    def running_statefulset(self, manifest: Obj) -> Obj:
        sts = self.add(manifest, self.created())
        kind = self.registry.by_kind("StatefulSet")
        created = datetime.fromisoformat(sts["metadata"]["creationTimestamp"][:-1])
        revision = statefulsets.revision_name(sts)
        replicas = int(sts["spec"]["replicas"])
        for index in range(replicas):
            node = self.placer.next_worker()
            pod = statefulsets.ordinal_pod(sts, kind, index, revision)
            for template in sts["spec"].get("volumeClaimTemplates") or []:
                name = f"{template['metadata']['name']}-{pod['metadata']['name']}"
                self._bound_claim(
                    sts["metadata"]["namespace"],
                    name,
                    template["spec"],
                    created,
                    sts["spec"]["selector"]["matchLabels"],
                )
            self._pod(pod, node, created + timedelta(seconds=5 * index + 2), False)
        sts["status"] = {
            "observedGeneration": 1,
            "replicas": replicas,
            "readyReplicas": replicas,
            "currentReplicas": replicas,
            "updatedReplicas": replicas,
            "currentRevision": revision,
            "updateRevision": revision,
            "collisionCount": 0,
            "availableReplicas": replicas,
        }
        self.store.load(kind, sts)
        return sts

    def _bound_claim(
        self, namespace: str, name: str, spec: Obj, created: datetime, labels: dict[str, str]
    ) -> None:
        uid = random_uid(self.rng)
        volume = f"pvc-{uid}"
        size = spec["resources"]["requests"]["storage"]
        class_name = spec.get("storageClassName", "standard")
        provisioner = "rancher.io/local-path"
        self.add(
            {
                "kind": "PersistentVolumeClaim",
                "metadata": {
                    "name": name,
                    "namespace": namespace,
                    "uid": uid,
                    "labels": dict(labels),
                    "annotations": {
                        "pv.kubernetes.io/bind-completed": "yes",
                        "pv.kubernetes.io/bound-by-controller": "yes",
                        "volume.beta.kubernetes.io/storage-provisioner": provisioner,
                        "volume.kubernetes.io/storage-provisioner": provisioner,
                    },
                    "finalizers": ["kubernetes.io/pvc-protection"],
                },
                "spec": {**spec, "volumeName": volume, "storageClassName": class_name},
                "status": {
                    "phase": "Bound",
                    "accessModes": spec.get("accessModes", ["ReadWriteOnce"]),
                    "capacity": {"storage": size},
                },
            },
            created,
        )
        self.add(
            {
                "kind": "PersistentVolume",
                "metadata": {
                    "name": volume,
                    "annotations": {"pv.kubernetes.io/provisioned-by": provisioner},
                    "finalizers": ["kubernetes.io/pv-protection"],
                },
                "spec": {
                    "capacity": {"storage": size},
                    "accessModes": spec.get("accessModes", ["ReadWriteOnce"]),
                    "claimRef": {
                        "kind": "PersistentVolumeClaim",
                        "namespace": namespace,
                        "name": name,
                        "uid": uid,
                        "apiVersion": "v1",
                    },
                    "persistentVolumeReclaimPolicy": "Delete",
                    "storageClassName": class_name,
                    "volumeMode": "Filesystem",
                    "hostPath": {
                        "path": f"/var/local-path-provisioner/{volume}_{namespace}_{name}",
                        "type": "DirectoryOrCreate",
                    },
                },
                "status": {"phase": "Bound"},
            },
            created,
        )

    def running_daemonset(self, manifest: Obj, nodes: list[str]) -> Obj:
        ds = self.add(manifest, self.born)
        kind = self.registry.by_kind("DaemonSet")
        revision = daemonsets.daemon_revision(ds)
        host_network = bool(ds["spec"]["template"]["spec"].get("hostNetwork"))
        for node in nodes:
            pod = daemonsets.daemon_pod(ds, kind, node, revision)
            pod["metadata"]["name"] = f"{ds['metadata']['name']}-{random_suffix(self.rng)}"
            self._pod(pod, node, self.born + timedelta(minutes=1), host_network)
        count = len(nodes)
        ds["status"] = {
            "currentNumberScheduled": count,
            "numberMisscheduled": 0,
            "desiredNumberScheduled": count,
            "numberReady": count,
            "observedGeneration": 1,
            "updatedNumberScheduled": count,
            "numberAvailable": count,
        }
        self.store.load(kind, ds)
        return ds

    def static_pod(self, namespace: str, name: str, container: Obj, node: str) -> None:
        """A kubelet's static (mirror) pod, owned by its Node like the real mirror pods."""
        node_entry = self.store.get(self.registry.by_kind("Node"), "", node)
        node_uid = node_entry.uid if node_entry is not None else ""
        pod: Obj = {
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": {
                "name": f"{name}-{node}",
                "namespace": namespace,
                "labels": {"component": name, "tier": "control-plane"},
                "annotations": {"kubernetes.io/config.source": "file"},
                "ownerReferences": [
                    {
                        "apiVersion": "v1",
                        "kind": "Node",
                        "name": node,
                        "uid": node_uid,
                        "controller": True,
                    }
                ],
            },
            "spec": {
                "containers": [container],
                "hostNetwork": True,
                "priorityClassName": "system-node-critical",
                "priority": 2000001000,
                "tolerations": [{"operator": "Exists", "effect": "NoExecute"}],
            },
        }
        self.registry.by_kind("Pod").defaults(pod)
        self._pod(pod, node, self.born, True)


def _qos(pod: Obj) -> str:
    return qos_class(pod["spec"])


def _rs_status(rs: Obj, replicas: int) -> Obj:
    status: Obj = {
        "replicas": replicas,
        "fullyLabeledReplicas": replicas,
        "readyReplicas": replicas,
        "availableReplicas": replicas,
        "observedGeneration": 1,
    }
    return {k: v for k, v in status.items() if v or k in ("replicas", "observedGeneration")}


def _deployment_status(deployment: Obj, rs: Obj, replicas: int, created: datetime) -> Obj:
    when = stamp(created + timedelta(seconds=10))
    name = rs["metadata"]["name"]
    status: Obj = {
        "observedGeneration": 1,
        "replicas": replicas,
        "updatedReplicas": replicas,
        "readyReplicas": replicas,
        "availableReplicas": replicas,
        "conditions": [
            {
                "type": "Available",
                "status": "True",
                "lastUpdateTime": when,
                "lastTransitionTime": when,
                "reason": "MinimumReplicasAvailable",
                "message": "Deployment has minimum availability.",
            },
            {
                "type": "Progressing",
                "status": "True",
                "lastUpdateTime": when,
                "lastTransitionTime": stamp(created),
                "reason": "NewReplicaSetAvailable",
                "message": f'ReplicaSet "{name}" has successfully progressed.',
            },
        ],
    }
    return {
        k: v
        for k, v in status.items()
        if v or k in ("observedGeneration", "replicas", "conditions")
    }
