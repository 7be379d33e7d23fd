"""The PersistentVolume controller with a dynamic provisioner for the cluster's StorageClasses.

A Pending claim naming (or defaulting to) an existing StorageClass is provisioned: a PV
`pvc-<claim uid>` is created and both are Bound, with the annotations and the
ProvisioningSucceeded event a CSI provisioner leaves. A claim whose class does not exist stays
Pending with ProvisioningFailed; one without any class and no matching Available volume stays
Pending with FailedBinding, retried periodically as upstream does.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim.controllers.base import Key, Reconciler
from atlhyper.sim.errors import ApiError
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Event

Obj = dict[str, Any]
COMPONENT = "persistentvolume-controller"
DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
RETRY = 15.0


class Volumes(Reconciler):
    watches = ("PersistentVolumeClaim", "StorageClass")
    owns = "PersistentVolumeClaim"

    def keys_for(self, kind: Kind, event: Event) -> list[Key]:
        if kind.kind == "StorageClass":
            claims = self.ctx.kind("PersistentVolumeClaim")
            return [e.key for e in self.ctx.store.entries(claims)]
        return [event.entry.key]

    def reconcile(self, key: Key) -> float | None:
        claims, volumes = self.ctx.kind("PersistentVolumeClaim"), self.ctx.kind("PersistentVolume")
        classes = self.ctx.kind("StorageClass")
        entry = self.ctx.store.get(claims, *key)
        if entry is None:
            return None
        claim = entry.decode()
        if (claim.get("status") or {}).get("phase") != "Pending":
            return None
        spec = claim.get("spec") or {}
        class_name = spec.get("storageClassName")
        if class_name is None:
            default = next(
                (
                    c
                    for c in self.ctx.store.entries(classes)
                    if (c.decode()["metadata"].get("annotations") or {}).get(DEFAULT_CLASS)
                    == "true"
                ),
                None,
            )
            class_name = default.name if default is not None else ""
        if not class_name:
            self.ctx.recorder.emit(
                claims,
                entry,
                "Normal",
                "FailedBinding",
                "no persistent volumes available for this claim and no storage class is set",
                COMPONENT,
            )
            return RETRY * self.ctx.timing.scale
        storage_class = self.ctx.store.get(classes, "", class_name)
        if storage_class is None:
            self.ctx.recorder.emit(
                claims,
                entry,
                "Warning",
                "ProvisioningFailed",
                f'storageclass.storage.k8s.io "{class_name}" not found',
                COMPONENT,
            )
            return RETRY * self.ctx.timing.scale
        sc = storage_class.decode()
        provisioner = str(sc.get("provisioner", ""))
        size = ((spec.get("resources") or {}).get("requests") or {}).get("storage", "1Gi")
        name = f"pvc-{entry.uid}"
        volume: Obj = {
            "kind": "PersistentVolume",
            "apiVersion": "v1",
            "metadata": {
                "name": name,
                "annotations": {
                    "pv.kubernetes.io/provisioned-by": provisioner,
                    "volume.kubernetes.io/provisioner-deletion-secret-name": "",
                    "volume.kubernetes.io/provisioner-deletion-secret-namespace": "",
                },
                "finalizers": [
                    "external-provisioner.volume.kubernetes.io/finalizer",
                    "kubernetes.io/pv-protection",
                ],
            },
            "spec": {
                "capacity": {"storage": size},
                "accessModes": list(spec.get("accessModes") or ["ReadWriteOnce"]),
                "claimRef": {
                    "kind": "PersistentVolumeClaim",
                    "namespace": key[0],
                    "name": key[1],
                    "uid": entry.uid,
                    "apiVersion": "v1",
                    "resourceVersion": str(entry.rv),
                },
                "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy", "Delete"),
                "storageClassName": class_name,
                "volumeMode": spec.get("volumeMode", "Filesystem"),
                "csi": {"driver": provisioner, "volumeHandle": entry.uid, "fsType": "ext4"},
            },
            "status": {"phase": "Bound"},
        }
        if self.ctx.store.get(volumes, "", name) is None:
            try:
                self.ctx.cluster.create(volumes, "", volume)
            except ApiError:
                return RETRY
        self.ctx.recorder.emit(
            claims,
            entry,
            "Normal",
            "ProvisioningSucceeded",
            f"Successfully provisioned volume {name}",
            provisioner or COMPONENT,
        )

        def bind(obj: Obj) -> bool:
            annotations = obj["metadata"].setdefault("annotations", {})
            annotations.update(
                {
                    "pv.kubernetes.io/bind-completed": "yes",
                    "pv.kubernetes.io/bound-by-controller": "yes",
                    "volume.beta.kubernetes.io/storage-provisioner": provisioner,
                    "volume.kubernetes.io/storage-provisioner": provisioner,
                }
            )
            obj["metadata"].setdefault("finalizers", ["kubernetes.io/pvc-protection"])
            obj["spec"]["volumeName"] = name
            obj["spec"]["storageClassName"] = class_name
            obj["status"] = {
                "phase": "Bound",
                "accessModes": volume["spec"]["accessModes"],
                "capacity": {"storage": size},
            }
            return True

        self.ctx.cluster.mutate(claims, key[0], key[1], bind)
        return None
