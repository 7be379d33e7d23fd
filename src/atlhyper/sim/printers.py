"""Table columns for every kind beyond nodes, namespaces and pods, as `kubectl get` prints them.

The column names, order, priorities (1: only with `-o wide`) and cell formats follow the upstream
API server's printers, so `kubectl get deploy,svc,pvc,hpa,pdb,events` against the sim reads like a
real cluster.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from atlhyper.sim.tables import AGE, NAME, Cell, Column, TableSpec, age, human_duration, parse_time

Obj = dict[str, Any]

_CONTAINERS = Column("Containers", "Names of each container in the template.", priority=1)
_IMAGES = Column("Images", "Images referenced by each container in the template.", priority=1)
_SELECTOR = Column("Selector", "Label selector of the resource.", priority=1)


def _spec(obj: Obj) -> Obj:
    return obj.get("spec") or {}


def _status(obj: Obj) -> Obj:
    return obj.get("status") or {}


def _template_cells(obj: Obj, template: Obj | None = None) -> list[Cell]:
    template = template if template is not None else _spec(obj).get("template") or {}
    containers = (template.get("spec") or {}).get("containers") or []
    return [
        ",".join(str(c.get("name", "")) for c in containers),
        ",".join(str(c.get("image", "")) for c in containers),
    ]


def selector_text(selector: Obj | None) -> str:
    """A LabelSelector as kubectl prints it (`app=web,tier in (a,b)`)."""
    if not selector:
        return "<none>"
    parts = [f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items())]
    for expr in selector.get("matchExpressions") or []:
        op = str(expr.get("operator", ""))
        key = expr.get("key", "")
        values = ",".join(sorted(expr.get("values") or []))
        if op == "In":
            parts.append(f"{key} in ({values})")
        elif op == "NotIn":
            parts.append(f"{key} notin ({values})")
        elif op == "Exists":
            parts.append(str(key))
        elif op == "DoesNotExist":
            parts.append(f"!{key}")
    return ",".join(parts) or "<none>"


def _map_text(labels: Obj | None) -> str:
    if not labels:
        return "<none>"
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items()))


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _deployment_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    return [
        obj["metadata"]["name"],
        f"{_int(status.get('readyReplicas'))}/{_int(spec.get('replicas'))}",
        _int(status.get("updatedReplicas")),
        _int(status.get("availableReplicas")),
        age(obj, now),
        *_template_cells(obj),
        selector_text(spec.get("selector")),
    ]


def _replicaset_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    return [
        obj["metadata"]["name"],
        _int(spec.get("replicas")),
        _int(status.get("replicas")),
        _int(status.get("readyReplicas")),
        age(obj, now),
        *_template_cells(obj),
        selector_text(spec.get("selector")),
    ]


def _statefulset_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    return [
        obj["metadata"]["name"],
        f"{_int(status.get('readyReplicas'))}/{_int(spec.get('replicas'))}",
        age(obj, now),
        *_template_cells(obj),
    ]


def _daemonset_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    node_selector = ((spec.get("template") or {}).get("spec") or {}).get("nodeSelector")
    return [
        obj["metadata"]["name"],
        _int(status.get("desiredNumberScheduled")),
        _int(status.get("currentNumberScheduled")),
        _int(status.get("numberReady")),
        _int(status.get("updatedNumberScheduled")),
        _int(status.get("numberAvailable")),
        _map_text(node_selector),
        age(obj, now),
        *_template_cells(obj),
        selector_text(spec.get("selector")),
    ]


def job_state(obj: Obj) -> str:
    status = _status(obj)
    for condition in status.get("conditions") or []:
        if condition.get("status") != "True":
            continue
        if condition.get("type") in ("Complete", "Failed", "Suspended"):
            return str(condition["type"])
        if condition.get("type") == "FailureTarget":
            return "FailureTarget"
    return "Running"


def _job_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    completions = spec.get("completions")
    parallelism = _int(spec.get("parallelism", 1))
    succeeded = _int(status.get("succeeded"))
    if completions is not None:
        done = f"{succeeded}/{completions}"
    else:
        done = f"{succeeded}/1 of {parallelism}" if parallelism > 1 else f"{succeeded}/1"
    start, end = parse_time(status.get("startTime")), parse_time(status.get("completionTime"))
    duration = ""
    if start is not None:
        duration = human_duration(((end or now) - start).total_seconds())
    return [
        obj["metadata"]["name"],
        job_state(obj),
        done,
        duration,
        age(obj, now),
        *_template_cells(obj),
        selector_text(spec.get("selector")),
    ]


def _cronjob_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    last = parse_time(status.get("lastScheduleTime"))
    template = ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}
    return [
        obj["metadata"]["name"],
        str(spec.get("schedule", "")),
        str(spec.get("timeZone") or "<none>"),
        "True" if spec.get("suspend") else "False",
        len(status.get("active") or []),
        human_duration((now - last).total_seconds()) if last else "<none>",
        age(obj, now),
        *_template_cells(obj, template),
        selector_text(((spec.get("jobTemplate") or {}).get("spec") or {}).get("selector")),
    ]


def _ports_text(ports: list[Obj]) -> str:
    parts = []
    for port in ports:
        text = f"{port.get('port')}"
        if port.get("nodePort"):
            text += f":{port['nodePort']}"
        parts.append(f"{text}/{port.get('protocol', 'TCP')}")
    return ",".join(parts) or "<none>"


def _service_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    kind = spec.get("type", "ClusterIP")
    external = ",".join(spec.get("externalIPs") or [])
    ingress = [
        i.get("ip") or i.get("hostname") or ""
        for i in (status.get("loadBalancer") or {}).get("ingress") or []
    ]
    if kind == "ExternalName":
        external = str(spec.get("externalName", ""))
    elif kind == "LoadBalancer":
        external = ",".join(filter(None, [*ingress, external])) or "<pending>"
    return [
        obj["metadata"]["name"],
        kind,
        str(spec.get("clusterIP") or "<none>"),
        external or "<none>",
        _ports_text(spec.get("ports") or []),
        age(obj, now),
        _map_text(spec.get("selector")),
    ]


def _endpoints_row(obj: Obj, now: datetime) -> list[Cell]:
    pairs = []
    for subset in obj.get("subsets") or []:
        ports = [p.get("port") for p in subset.get("ports") or []] or [None]
        for address in subset.get("addresses") or []:
            for port in ports:
                ip = address.get("ip", "")
                pairs.append(f"{ip}:{port}" if port is not None else str(ip))
    text = ",".join(pairs[:3]) + (f" + {len(pairs) - 3} more..." if len(pairs) > 3 else "")
    return [obj["metadata"]["name"], text or "<none>", age(obj, now)]


def _endpointslice_row(obj: Obj, now: datetime) -> list[Cell]:
    ports = ",".join(str(p.get("port")) for p in obj.get("ports") or []) or "<unset>"
    addresses = [a for e in obj.get("endpoints") or [] for a in e.get("addresses") or []]
    text = ",".join(addresses[:3]) + (
        f" + {len(addresses) - 3} more..." if len(addresses) > 3 else ""
    )
    return [
        obj["metadata"]["name"],
        str(obj.get("addressType", "")),
        ports,
        text or "<unset>",
        age(obj, now),
    ]


def _ingress_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    hosts = [r.get("host") for r in spec.get("rules") or [] if r.get("host")]
    addresses = [
        i.get("ip") or i.get("hostname") or ""
        for i in (status.get("loadBalancer") or {}).get("ingress") or []
    ]
    return [
        obj["metadata"]["name"],
        str(spec.get("ingressClassName") or "<none>"),
        ",".join(hosts) or "*",
        ",".join(addresses),
        "80, 443" if spec.get("tls") else "80",
        age(obj, now),
    ]


def _networkpolicy_row(obj: Obj, now: datetime) -> list[Cell]:
    selector = _spec(obj).get("podSelector") or {}
    text = selector_text(selector)
    return [obj["metadata"]["name"], "<none>" if text == "<none>" else text, age(obj, now)]


def _configmap_row(obj: Obj, now: datetime) -> list[Cell]:
    count = len(obj.get("data") or {}) + len(obj.get("binaryData") or {})
    return [obj["metadata"]["name"], count, age(obj, now)]


def _secret_row(obj: Obj, now: datetime) -> list[Cell]:
    count = len(obj.get("data") or {}) + len(obj.get("stringData") or {})
    return [obj["metadata"]["name"], str(obj.get("type", "Opaque")), count, age(obj, now)]


def _quantity_pairs(status: Obj, prefix: str) -> str:
    hard, used = status.get("hard") or {}, status.get("used") or {}
    pairs = [
        f"{key}: {used.get(key, '0')}/{value}"
        for key, value in sorted(hard.items())
        if key.startswith("limits.") == (prefix == "limits.")
    ]
    return ", ".join(pairs)


def _quota_row(obj: Obj, now: datetime) -> list[Cell]:
    status = _status(obj)
    return [
        obj["metadata"]["name"],
        age(obj, now),
        _quantity_pairs(status, "requests."),
        _quantity_pairs(status, "limits."),
    ]


def _limitrange_row(obj: Obj, now: datetime) -> list[Cell]:
    return [obj["metadata"]["name"], str(obj["metadata"].get("creationTimestamp", ""))]


def _serviceaccount_row(obj: Obj, now: datetime) -> list[Cell]:
    return [obj["metadata"]["name"], len(obj.get("secrets") or []), age(obj, now)]


def _access_modes(modes: list[str]) -> str:
    short = {
        "ReadWriteOnce": "RWO",
        "ReadOnlyMany": "ROX",
        "ReadWriteMany": "RWX",
        "ReadWriteOncePod": "RWOP",
    }
    return ",".join(short.get(m, m) for m in modes)


def _pv_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    claim = spec.get("claimRef") or {}
    return [
        obj["metadata"]["name"],
        str((spec.get("capacity") or {}).get("storage", "")),
        _access_modes(spec.get("accessModes") or []),
        str(spec.get("persistentVolumeReclaimPolicy", "")),
        str(status.get("phase", "")),
        f"{claim.get('namespace')}/{claim.get('name')}" if claim else "",
        str(spec.get("storageClassName", "")),
        str(spec.get("volumeAttributesClassName") or "<unset>"),
        str(status.get("reason", "")),
        age(obj, now),
        str(spec.get("volumeMode", "Filesystem")),
    ]


def _pvc_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    bound = status.get("phase") == "Bound"
    return [
        obj["metadata"]["name"],
        str(status.get("phase", "")),
        str(spec.get("volumeName", "")),
        str((status.get("capacity") or {}).get("storage", "")) if bound else "",
        _access_modes(status.get("accessModes") or []) if bound else "",
        str(spec.get("storageClassName") or "<unset>"),
        str(spec.get("volumeAttributesClassName") or "<unset>"),
        age(obj, now),
        str(spec.get("volumeMode", "Filesystem")),
    ]


def _storageclass_row(obj: Obj, now: datetime) -> list[Cell]:
    annotations = obj["metadata"].get("annotations") or {}
    name = obj["metadata"]["name"]
    if annotations.get("storageclass.kubernetes.io/is-default-class") == "true":
        name += " (default)"
    return [
        name,
        str(obj.get("provisioner", "")),
        str(obj.get("reclaimPolicy", "Delete")),
        str(obj.get("volumeBindingMode", "Immediate")),
        "true" if obj.get("allowVolumeExpansion") else "false",
        age(obj, now),
    ]


def _hpa_targets(obj: Obj) -> str:
    spec, status = _spec(obj), _status(obj)
    current = {(m.get("resource") or {}).get("name"): m for m in status.get("currentMetrics") or []}
    parts = []
    for metric in spec.get("metrics") or []:
        resource = metric.get("resource") or {}
        name = resource.get("name", "")
        target = resource.get("target") or {}
        now_value = ((current.get(name) or {}).get("resource") or {}).get("current") or {}
        if "averageUtilization" in target:
            shown = now_value.get("averageUtilization")
            value = "<unknown>" if shown is None else f"{shown}%"
            parts.append(f"{name}: {value}/{target['averageUtilization']}%")
        else:
            shown = now_value.get("averageValue")
            parts.append(f"{name}: {shown or '<unknown>'}/{target.get('averageValue')}")
    return ", ".join(parts) or "<none>"


def _hpa_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    ref = spec.get("scaleTargetRef") or {}
    return [
        obj["metadata"]["name"],
        f"{ref.get('kind')}/{ref.get('name')}",
        _hpa_targets(obj),
        str(spec.get("minReplicas", 1)),
        _int(spec.get("maxReplicas")),
        _int(status.get("currentReplicas")),
        age(obj, now),
    ]


def _pdb_row(obj: Obj, now: datetime) -> list[Cell]:
    spec, status = _spec(obj), _status(obj)
    return [
        obj["metadata"]["name"],
        str(spec.get("minAvailable", "N/A")),
        str(spec.get("maxUnavailable", "N/A")),
        _int(status.get("disruptionsAllowed")),
        age(obj, now),
    ]


def _event_object(obj: Obj) -> str:
    involved = obj.get("involvedObject") or {}
    return f"{str(involved.get('kind', '')).lower()}/{involved.get('name', '')}"


def _event_row(obj: Obj, now: datetime) -> list[Cell]:
    last = parse_time(obj.get("lastTimestamp")) or parse_time(obj.get("eventTime"))
    first = parse_time(obj.get("firstTimestamp")) or last
    count = _int(obj.get("count")) or 1
    last_seen = human_duration((now - last).total_seconds()) if last else "<unknown>"
    if count > 1 and first is not None:
        last_seen += f" (x{count} over {human_duration((now - first).total_seconds())})"
    source = obj.get("source") or {}
    source_text = str(source.get("component") or obj.get("reportingComponent") or "")
    if source.get("host"):
        source_text += f", {source['host']}"
    return [
        last_seen,
        str(obj.get("type", "")),
        str(obj.get("reason", "")),
        _event_object(obj),
        (obj.get("involvedObject") or {}).get("fieldPath", ""),
        source_text,
        str(obj.get("message", "")).strip(),
        human_duration((now - first).total_seconds()) if first else "<unknown>",
        count,
        obj["metadata"]["name"],
    ]


def _lease_row(obj: Obj, now: datetime) -> list[Cell]:
    return [obj["metadata"]["name"], str(_spec(obj).get("holderIdentity", "")), age(obj, now)]


LEASE_TABLE = TableSpec(
    (NAME, Column("Holder", "The holder of the lease."), AGE),
    _lease_row,
)
DEPLOYMENT_TABLE = TableSpec(
    (
        NAME,
        Column("Ready", "Number of the pod with ready state"),
        Column(
            "Up-to-date",
            "Total number of non-terminated pods targeted by this deployment "
            "that have the desired template spec.",
            type="integer",
        ),
        Column(
            "Available",
            "Total number of available pods (ready for at least minReadySeconds) "
            "targeted by this deployment.",
            type="integer",
        ),
        AGE,
        _CONTAINERS,
        _IMAGES,
        _SELECTOR,
    ),
    _deployment_row,
)
REPLICASET_TABLE = TableSpec(
    (
        NAME,
        Column("Desired", "Number of desired pods.", type="integer"),
        Column("Current", "Number of actual running pods.", type="integer"),
        Column("Ready", "Number of ready pods.", type="integer"),
        AGE,
        _CONTAINERS,
        _IMAGES,
        _SELECTOR,
    ),
    _replicaset_row,
)
STATEFULSET_TABLE = TableSpec(
    (NAME, Column("Ready", "Number of the pod with ready state"), AGE, _CONTAINERS, _IMAGES),
    _statefulset_row,
)
DAEMONSET_TABLE = TableSpec(
    (
        NAME,
        Column("Desired", "The desired number of nodes running the daemon pod.", type="integer"),
        Column("Current", "The number of nodes running the daemon pod.", type="integer"),
        Column("Ready", "The number of nodes with a ready daemon pod.", type="integer"),
        Column("Up-to-date", "The number of nodes running the updated pod.", type="integer"),
        Column("Available", "The number of nodes with an available daemon pod.", type="integer"),
        Column("Node Selector", "Which nodes the daemon pod must run on."),
        AGE,
        _CONTAINERS,
        _IMAGES,
        _SELECTOR,
    ),
    _daemonset_row,
)
JOB_TABLE = TableSpec(
    (
        NAME,
        Column("Status", "Status of the job."),
        Column("Completions", "The completion status of the job as successful/total."),
        Column("Duration", "Time required to complete the job."),
        AGE,
        _CONTAINERS,
        _IMAGES,
        _SELECTOR,
    ),
    _job_row,
)
CRONJOB_TABLE = TableSpec(
    (
        NAME,
        Column("Schedule", "The schedule in Cron format."),
        Column("Timezone", "The time zone for the schedule."),
        Column("Suspend", "Whether the cron job is suspended.", type="boolean"),
        Column("Active", "Number of currently running jobs.", type="integer"),
        Column("Last Schedule", "When the job was last successfully scheduled."),
        AGE,
        _CONTAINERS,
        _IMAGES,
        _SELECTOR,
    ),
    _cronjob_row,
)
SERVICE_TABLE = TableSpec(
    (
        NAME,
        Column("Type", "The type of the service."),
        Column("Cluster-IP", "The IP address of the service."),
        Column("External-IP", "The external IPs of the service."),
        Column("Port(s)", "The ports the service exposes."),
        AGE,
        Column("Selector", "The label selector of the service.", priority=1),
    ),
    _service_row,
)
ENDPOINTS_TABLE = TableSpec(
    (NAME, Column("Endpoints", "Endpoints of the service."), AGE), _endpoints_row
)
ENDPOINTSLICE_TABLE = TableSpec(
    (
        NAME,
        Column("AddressType", "The type of address held by the slice."),
        Column("Ports", "The ports of the slice."),
        Column("Endpoints", "The addresses of the slice's endpoints."),
        AGE,
    ),
    _endpointslice_row,
)
INGRESS_TABLE = TableSpec(
    (
        NAME,
        Column("Class", "The name of the IngressClass resource."),
        Column("Hosts", "Hosts that incoming requests are matched against."),
        Column("Address", "Address is a list containing ingress points for the load-balancer."),
        Column("Ports", "Ports of TLS configurations that open."),
        AGE,
    ),
    _ingress_row,
)
NETWORKPOLICY_TABLE = TableSpec(
    (NAME, Column("Pod-Selector", "The pods the policy applies to."), AGE), _networkpolicy_row
)
CONFIGMAP_TABLE = TableSpec(
    (NAME, Column("Data", "Number of keys.", type="integer"), AGE), _configmap_row
)
SECRET_TABLE = TableSpec(
    (
        NAME,
        Column("Type", "The type of the secret."),
        Column("Data", "Number of keys.", type="integer"),
        AGE,
    ),
    _secret_row,
)
RESOURCEQUOTA_TABLE = TableSpec(
    (
        NAME,
        AGE,
        Column("Request", "Request represents a minimum amount of cpu/memory."),
        Column("Limit", "Limits control the maximum amount of cpu/memory."),
    ),
    _quota_row,
)
LIMITRANGE_TABLE = TableSpec(
    (NAME, Column("Created At", "The time the limit range was created.", format="date")),
    _limitrange_row,
)
SERVICEACCOUNT_TABLE = TableSpec(
    (NAME, Column("Secrets", "Number of secrets.", type="integer"), AGE), _serviceaccount_row
)
PV_TABLE = TableSpec(
    (
        NAME,
        Column("Capacity", "The storage capacity of the volume."),
        Column("Access Modes", "The ways the volume can be mounted."),
        Column("Reclaim Policy", "What happens to the volume when released."),
        Column("Status", "The phase of the volume."),
        Column("Claim", "The claim bound to the volume."),
        Column("StorageClass", "The storage class of the volume."),
        Column("VolumeAttributesClass", "The volume attributes class of the volume."),
        Column("Reason", "Why the volume is in its phase."),
        AGE,
        Column("VolumeMode", "Whether the volume is a filesystem or a block device.", priority=1),
    ),
    _pv_row,
)
PVC_TABLE = TableSpec(
    (
        NAME,
        Column("Status", "The phase of the claim."),
        Column("Volume", "The volume bound to the claim."),
        Column("Capacity", "The capacity of the bound volume."),
        Column("Access Modes", "The ways the volume can be mounted."),
        Column("StorageClass", "The storage class of the claim."),
        Column("VolumeAttributesClass", "The volume attributes class of the claim."),
        AGE,
        Column("VolumeMode", "Whether the volume is a filesystem or a block device.", priority=1),
    ),
    _pvc_row,
)
STORAGECLASS_TABLE = TableSpec(
    (
        NAME,
        Column("Provisioner", "The provisioner of the class."),
        Column("ReclaimPolicy", "The reclaim policy of volumes of the class."),
        Column("VolumeBindingMode", "When volumes of the class are bound."),
        Column("AllowVolumeExpansion", "Whether volumes of the class can grow."),
        AGE,
    ),
    _storageclass_row,
)
HPA_TABLE = TableSpec(
    (
        NAME,
        Column("Reference", "The target of the autoscaler."),
        Column("Targets", "The current and target metric values."),
        Column("MinPods", "The lower limit of replicas."),
        Column("MaxPods", "The upper limit of replicas.", type="integer"),
        Column("Replicas", "The current number of replicas.", type="integer"),
        AGE,
    ),
    _hpa_row,
)
PDB_TABLE = TableSpec(
    (
        NAME,
        Column("Min Available", "The minimum number of pods that must be available."),
        Column("Max Unavailable", "The maximum number of pods that may be unavailable."),
        Column("Allowed Disruptions", "How many pods may be evicted now.", type="integer"),
        AGE,
    ),
    _pdb_row,
)
EVENT_TABLE = TableSpec(
    (
        Column("Last Seen", "The last time the event was seen."),
        Column("Type", "The type of the event."),
        Column("Reason", "Why the event was emitted."),
        Column("Object", "The object the event is about."),
        Column("Subobject", "The part of the object the event is about.", priority=1),
        Column("Source", "The component that emitted the event.", priority=1),
        Column("Message", "A human-readable description."),
        Column("First Seen", "The first time the event was seen.", priority=1),
        Column("Count", "How many times the event was seen.", priority=1, type="integer"),
        Column("Name", "The name of the event.", priority=1, format="name"),
    ),
    _event_row,
)
