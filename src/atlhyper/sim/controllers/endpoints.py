"""Endpoints and EndpointSlices that follow Service selectors and pod readiness.

For every Service with a selector, ready pods (with an IP, not terminating) are `addresses` and
the others `notReadyAddresses` in the Endpoints object of the same name, and one IPv4
EndpointSlice `<service>-<suffix>`, owned by the Service, lists them with ready/serving/terminating
conditions. Named target ports resolve against each pod's container ports.
"""

from __future__ import annotations

from typing import Any

from atlhyper.sim.controllers.base import Context, Key, Reconciler, owner_ref
from atlhyper.sim.controllers.templates import is_ready, safe_encode
from atlhyper.sim.errors import ApiError
from atlhyper.sim.kinds import Kind
from atlhyper.sim.selectors import LabelSelector, from_map
from atlhyper.sim.store import Event

Obj = dict[str, Any]


class Endpoints(Reconciler):
    watches = ("Service", "Pod")
    owns = "Service"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._services = ctx.kind("Service")
        self._pods = ctx.kind("Pod")
        self._endpoints = ctx.kind("Endpoints")
        self._slices = ctx.kind("EndpointSlice")
        self._selectors: dict[Key, LabelSelector] = {}

    def start(self) -> None:
        for entry in self.ctx.store.entries(self._services):
            self._remember(entry.key, entry.decode())
        super().start()

    def _remember(self, key: Key, service: Obj | None) -> None:
        selector = from_map((service or {}).get("spec", {}).get("selector"))
        if selector is None:
            self._selectors.pop(key, None)
        else:
            self._selectors[key] = selector

    def keys_for(self, kind: Kind, event: Event) -> list[Key]:
        if kind is self._services:
            self._remember(
                event.entry.key, None if event.type == "DELETED" else event.entry.decode()
            )
            return [event.entry.key]
        if event.prev is not None and event.type == "MODIFIED" and not self._relevant(event):
            return []
        keys = []
        for candidate in (event.entry, event.prev):
            if candidate is None:
                continue
            for key, selector in self._selectors.items():
                if (
                    key[0] == candidate.namespace
                    and key not in keys
                    and selector.matches(candidate.labels)
                ):
                    keys.append(key)
        return keys

    def _relevant(self, event: Event) -> bool:
        """Whether a pod update can change endpoints (labels, IP, readiness, deletion)."""
        assert event.prev is not None
        if event.prev.labels != event.entry.labels:
            return True
        before, after = event.prev.decode(), event.entry.decode()
        return (
            (before.get("status") or {}).get("podIP") != (after.get("status") or {}).get("podIP")
            or is_ready(before) != is_ready(after)
            or before["metadata"].get("deletionTimestamp")
            != after["metadata"].get("deletionTimestamp")
        )

    def reconcile(self, key: Key) -> float | None:
        entry = self.ctx.store.get(self._services, *key)
        namespace, name = key
        if entry is None or key not in self._selectors:
            if entry is None:
                self._remove(namespace, name)
            return None
        service = entry.decode()
        selector = self._selectors[key]
        ready: list[Obj] = []
        unready: list[Obj] = []
        for pod_entry in self.ctx.store.entries(self._pods, namespace):
            if not selector.matches(pod_entry.labels) or not pod_entry.field(
                self._pods, "status.podIP"
            ):
                continue
            pod = pod_entry.decode()
            if pod["metadata"].get("deletionTimestamp") or (pod.get("status") or {}).get(
                "phase"
            ) in ("Succeeded", "Failed"):
                continue
            (ready if is_ready(pod) else unready).append(pod)
        ports = (service.get("spec") or {}).get("ports") or []
        self._write_endpoints(service, ready, unready, ports)
        self._write_slice(service, ready, unready, ports)
        return None

    def _remove(self, namespace: str, name: str) -> None:
        try:
            self.ctx.cluster.delete(self._endpoints, namespace, name)
        except ApiError:
            return

    def _write_endpoints(
        self, service: Obj, ready: list[Obj], unready: list[Obj], ports: list[Obj]
    ) -> None:
        metadata = service["metadata"]
        subset: Obj = {}
        if ready:
            subset["addresses"] = [_address(p) for p in ready]
        if unready:
            subset["notReadyAddresses"] = [_address(p) for p in unready]
        sample = (ready or unready or [{}])[0]
        if subset:
            subset["ports"] = [_endpoint_port(port, sample) for port in ports]
        labels = dict(metadata.get("labels") or {})
        labels["endpoints.kubernetes.io/managed-by"] = "endpoint-controller"
        body: Obj = {
            "kind": "Endpoints",
            "apiVersion": "v1",
            "metadata": {
                "name": metadata["name"],
                "namespace": metadata["namespace"],
                "labels": labels,
            },
        }
        if subset:
            body["subsets"] = [subset]
        self._upsert(self._endpoints, body)

    def _write_slice(
        self, service: Obj, ready: list[Obj], unready: list[Obj], ports: list[Obj]
    ) -> None:
        metadata = service["metadata"]
        suffix = safe_encode(metadata["uid"].replace("-", ""))[:5]
        sample = (ready or unready or [{}])[0]
        body: Obj = {
            "kind": "EndpointSlice",
            "apiVersion": "discovery.k8s.io/v1",
            "metadata": {
                "name": f"{metadata['name']}-{suffix}",
                "namespace": metadata["namespace"],
                "generateName": f"{metadata['name']}-",
                "labels": {
                    **(metadata.get("labels") or {}),
                    "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                    "kubernetes.io/service-name": metadata["name"],
                },
                "ownerReferences": [owner_ref(self._services, service)],
            },
            "addressType": "IPv4",
            "endpoints": [
                {
                    "addresses": [pod["status"]["podIP"]],
                    "conditions": {
                        "ready": is_ready(pod),
                        "serving": is_ready(pod),
                        "terminating": False,
                    },
                    "nodeName": pod["spec"].get("nodeName", ""),
                    "targetRef": _target(pod),
                }
                for pod in [*ready, *unready]
            ],
            "ports": [_endpoint_port(port, sample) for port in ports]
            if (ready or unready)
            else None,
        }
        self._upsert(self._slices, body)

    def _upsert(self, kind: Kind, body: Obj) -> None:
        namespace, name = body["metadata"]["namespace"], body["metadata"]["name"]
        current = self.ctx.store.get(kind, namespace, name)
        if current is None:
            try:
                self.ctx.cluster.create(kind, namespace, body)
            except ApiError:
                return
            return

        def change(obj: Obj) -> bool:
            metadata = {**obj["metadata"], "labels": body["metadata"].get("labels")}
            desired = {**body, "metadata": metadata}
            if desired == obj:
                return False
            obj.clear()
            obj.update(desired)
            return True

        self.ctx.cluster.mutate(kind, namespace, name, change)


def _target(pod: Obj) -> Obj:
    return {
        "kind": "Pod",
        "namespace": pod["metadata"]["namespace"],
        "name": pod["metadata"]["name"],
        "uid": pod["metadata"]["uid"],
    }


def _address(pod: Obj) -> Obj:
    return {
        "ip": pod["status"]["podIP"],
        "nodeName": pod["spec"].get("nodeName", ""),
        "targetRef": _target(pod),
    }


def _endpoint_port(port: Obj, pod: Obj) -> Obj:
    target = port.get("targetPort", port.get("port"))
    if isinstance(target, str):
        for container in (pod.get("spec") or {}).get("containers") or []:
            for declared in container.get("ports") or []:
                if declared.get("name") == target:
                    target = declared.get("containerPort")
    result: Obj = {"port": target, "protocol": port.get("protocol", "TCP")}
    if port.get("name"):
        result["name"] = port["name"]
    return result
