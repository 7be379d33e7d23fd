"""Server-side defaults and validation for the kinds beyond Pod and Namespace.

Clients read defaulted fields back (a Deployment's strategy, a Service's clusterIP, a Job's
selector), and `kubectl apply` diffs against them, so the sim fills in what a real API server
fills in, and rejects with 422 what a real one rejects (a selector that does not match the
template's labels, a negative replica count, a Service without ports).
"""

from __future__ import annotations

import hashlib
from typing import Any

from atlhyper.sim.cron import CronError, Schedule
from atlhyper.sim.validation import Cause, pod_spec_defaults, pod_spec_rules

Obj = dict[str, Any]


def _template_defaults(spec: Obj) -> None:
    template = spec.setdefault("template", {})
    if isinstance(template, dict):
        template.setdefault("metadata", {})
        template_spec = template.setdefault("spec", {})
        if isinstance(template_spec, dict):
            pod_spec_defaults(template_spec)


def deployment_defaults(obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    strategy = spec.setdefault("strategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        rolling = strategy.setdefault("rollingUpdate", {})
        rolling.setdefault("maxUnavailable", "25%")
        rolling.setdefault("maxSurge", "25%")
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("progressDeadlineSeconds", 600)
    _template_defaults(spec)


def replicaset_defaults(obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    _template_defaults(spec)


def statefulset_defaults(obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    spec.setdefault("podManagementPolicy", "OrderedReady")
    strategy = spec.setdefault("updateStrategy", {"type": "RollingUpdate"})
    if strategy.get("type") == "RollingUpdate":
        strategy.setdefault("rollingUpdate", {"partition": 0})
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault(
        "persistentVolumeClaimRetentionPolicy", {"whenDeleted": "Retain", "whenScaled": "Retain"}
    )
    _template_defaults(spec)


def daemonset_defaults(obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    strategy = spec.setdefault("updateStrategy", {"type": "RollingUpdate"})
    if strategy.get("type") == "RollingUpdate":
        strategy.setdefault("rollingUpdate", {"maxUnavailable": 1, "maxSurge": 0})
    spec.setdefault("revisionHistoryLimit", 10)
    _template_defaults(spec)


def job_defaults(obj: Obj) -> None:
    """Also the selector a Job gets from its own uid, as the API server writes it on create."""
    spec = obj.setdefault("spec", {})
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
    spec.setdefault("parallelism", 1)
    spec.setdefault("backoffLimit", 6)
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    spec.setdefault("podReplacementPolicy", "TerminatingOrFailed")
    spec.setdefault("manualSelector", None)
    if spec.get("manualSelector") is None:
        spec.pop("manualSelector")
    template = spec.setdefault("template", {})
    template_spec = template.setdefault("spec", {})
    if isinstance(template_spec, dict):
        template_spec.setdefault("restartPolicy", "Never")
    _template_defaults(spec)
    uid = obj["metadata"].get("uid")
    name = obj["metadata"].get("name", "")
    if uid and not spec.get("selector"):
        spec["selector"] = {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
        labels = template.setdefault("metadata", {}).setdefault("labels", {})
        labels.update(
            {
                "batch.kubernetes.io/controller-uid": uid,
                "batch.kubernetes.io/job-name": name,
                "controller-uid": uid,
                "job-name": name,
            }
        )


def cronjob_defaults(obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("concurrencyPolicy", "Allow")
    spec.setdefault("suspend", False)
    spec.setdefault("successfulJobsHistoryLimit", 3)
    spec.setdefault("failedJobsHistoryLimit", 1)
    job_spec = spec.setdefault("jobTemplate", {}).setdefault("spec", {})
    if isinstance(job_spec, dict):
        job_spec.setdefault("backoffLimit", 6)
        template_spec = job_spec.setdefault("template", {}).setdefault("spec", {})
        if isinstance(template_spec, dict):
            template_spec.setdefault("restartPolicy", "OnFailure")
        _template_defaults(job_spec)


def cluster_ip(namespace: str, name: str) -> str:
    """A stable address in the default service CIDR 10.96.0.0/12 for a Service."""
    digest = hashlib.sha256(f"{namespace}/{name}".encode()).digest()
    return f"10.{96 + digest[0] % 16}.{digest[1]}.{digest[2] % 254 + 1}"


def service_defaults(obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    kind = spec.setdefault("type", "ClusterIP")
    spec.setdefault("sessionAffinity", "None")
    if kind != "ExternalName":
        metadata = obj["metadata"]
        spec.setdefault("clusterIP", cluster_ip(metadata.get("namespace", ""), metadata["name"]))
        spec.setdefault("clusterIPs", [spec["clusterIP"]])
        spec.setdefault("ipFamilies", ["IPv4"])
        spec.setdefault("ipFamilyPolicy", "SingleStack")
        spec.setdefault("internalTrafficPolicy", "Cluster")
    if kind in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")
    for index, port in enumerate(spec.get("ports") or []):
        if not isinstance(port, dict):
            continue
        port.setdefault("protocol", "TCP")
        if "port" in port:
            port.setdefault("targetPort", port["port"])
        if kind in ("NodePort", "LoadBalancer"):
            seed = hashlib.sha256(f"{spec.get('clusterIP')}/{index}".encode()).digest()
            port.setdefault("nodePort", 30000 + int.from_bytes(seed[:2], "big") % 2768)
    obj.setdefault("status", {}).setdefault("loadBalancer", {})


def secret_defaults(obj: Obj) -> None:
    obj.setdefault("type", "Opaque")


def pvc_defaults(obj: Obj) -> None:
    obj.setdefault("spec", {}).setdefault("volumeMode", "Filesystem")
    obj.setdefault("status", {}).setdefault("phase", "Pending")


def pv_defaults(obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
    spec.setdefault("volumeMode", "Filesystem")
    obj.setdefault("status", {}).setdefault("phase", "Pending")


def storageclass_defaults(obj: Obj) -> None:
    obj.setdefault("reclaimPolicy", "Delete")
    obj.setdefault("volumeBindingMode", "Immediate")


def hpa_defaults(obj: Obj) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("minReplicas", 1)
    if not spec.get("metrics"):
        spec["metrics"] = [
            {
                "type": "Resource",
                "resource": {
                    "name": "cpu",
                    "target": {"type": "Utilization", "averageUtilization": 80},
                },
            }
        ]


def event_defaults(obj: Obj) -> None:
    obj.setdefault("count", 1)
    obj.setdefault("type", "Normal")
    obj.setdefault("source", {})
    obj.setdefault("reportingComponent", "")
    obj.setdefault("reportingInstance", "")


def _selector_matches(selector: object, labels: object) -> bool:
    if not isinstance(selector, dict) or not isinstance(labels, dict):
        return False
    wanted = selector.get("matchLabels") or {}
    return all(labels.get(key) == value for key, value in wanted.items())


def _go_map(labels: dict[str, Any]) -> str:
    return "map[string]string{" + ", ".join(f'"{k}":"{v}"' for k, v in labels.items()) + "}"


def _workload_rules(obj: Obj, needs_selector: bool = True) -> list[Cause]:
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return [("spec", "FieldValueRequired", "Required value")]
    causes: list[Cause] = []
    replicas = spec.get("replicas", 0)
    if not isinstance(replicas, int) or replicas < 0:
        causes.append(
            (
                "spec.replicas",
                "FieldValueInvalid",
                f"Invalid value: {replicas}: must be greater than or equal to 0",
            )
        )
    template = spec.get("template") or {}
    selector = spec.get("selector")
    if needs_selector and not selector:
        causes.append(("spec.selector", "FieldValueRequired", "Required value"))
    elif needs_selector:
        labels = (template.get("metadata") or {}).get("labels") or {}
        if not _selector_matches(selector, labels):
            causes.append(
                (
                    "spec.template.metadata.labels",
                    "FieldValueInvalid",
                    f"Invalid value: {_go_map(labels)}: `selector` does not match template "
                    "`labels`",
                )
            )
    causes.extend(pod_spec_rules(template.get("spec"), "spec.template.spec"))
    return causes


def workload_rules(obj: Obj) -> list[Cause]:
    return _workload_rules(obj)


def job_rules(obj: Obj) -> list[Cause]:
    causes = _workload_rules(obj, needs_selector=False)
    spec = obj.get("spec") or {}
    policy = ((spec.get("template") or {}).get("spec") or {}).get("restartPolicy")
    if policy not in ("Never", "OnFailure"):
        causes.append(
            (
                "spec.template.spec.restartPolicy",
                "FieldValueNotSupported",
                f'Unsupported value: "{policy}": supported values: "OnFailure", "Never"',
            )
        )
    return causes


def cronjob_rules(obj: Obj) -> list[Cause]:
    spec = obj.get("spec") or {}
    causes: list[Cause] = []
    schedule = spec.get("schedule")
    if not isinstance(schedule, str) or not schedule.strip():
        causes.append(("spec.schedule", "FieldValueRequired", "Required value"))
    else:
        try:
            Schedule.parse(schedule)
        except CronError as exc:
            causes.append(
                ("spec.schedule", "FieldValueInvalid", f'Invalid value: "{schedule}": {exc}')
            )
    job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    template = job_spec.get("template") or {}
    causes.extend(pod_spec_rules(template.get("spec"), "spec.jobTemplate.spec.template.spec"))
    return causes


def service_rules(obj: Obj) -> list[Cause]:
    spec = obj.get("spec") or {}
    if spec.get("type", "ClusterIP") == "ExternalName" or spec.get("clusterIP") == "None":
        return []
    ports = spec.get("ports")
    if not isinstance(ports, list) or not ports:
        return [("spec.ports", "FieldValueRequired", "Required value")]
    causes: list[Cause] = []
    for index, port in enumerate(ports):
        number = port.get("port") if isinstance(port, dict) else None
        if not isinstance(number, int) or not 0 < number < 65536:
            causes.append(
                (
                    f"spec.ports[{index}].port",
                    "FieldValueInvalid",
                    f"Invalid value: {number}: must be between 1 and 65535, inclusive",
                )
            )
    return causes


def configmap_rules(obj: Obj) -> list[Cause]:
    data = obj.get("data") or {}
    if not isinstance(data, dict):
        return [("data", "FieldValueInvalid", "Invalid value: must be a map of strings")]
    return [
        (f"data[{key}]", "FieldValueInvalid", "Invalid value: must be a string")
        for key, value in data.items()
        if not isinstance(value, str)
    ]


def pdb_rules(obj: Obj) -> list[Cause]:
    spec = obj.get("spec") or {}
    if "minAvailable" in spec and "maxUnavailable" in spec:
        return [
            (
                "spec",
                "FieldValueInvalid",
                "Invalid value: minAvailable and maxUnavailable cannot be both set",
            )
        ]
    return []


def hpa_rules(obj: Obj) -> list[Cause]:
    spec = obj.get("spec") or {}
    causes: list[Cause] = []
    if not (spec.get("scaleTargetRef") or {}).get("name"):
        causes.append(("spec.scaleTargetRef.name", "FieldValueRequired", "Required value"))
    maximum, minimum = spec.get("maxReplicas"), spec.get("minReplicas", 1)
    if not isinstance(maximum, int) or maximum < 1:
        causes.append(
            (
                "spec.maxReplicas",
                "FieldValueInvalid",
                f"Invalid value: {maximum}: must be greater than or equal to 1",
            )
        )
    elif isinstance(minimum, int) and maximum < minimum:
        causes.append(
            (
                "spec.maxReplicas",
                "FieldValueInvalid",
                f"Invalid value: {maximum}: must be greater than or equal to `minReplicas`",
            )
        )
    return causes
