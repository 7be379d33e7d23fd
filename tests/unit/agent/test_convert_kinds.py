"""Converters for every watched kind, from Kubernetes JSON shaped like the API reference.

Each fixture is decoded from bytes through the same wire struct and decoder the reflector uses.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from atlhyper.agent.k8s import convert, wire
from atlhyper.agent.k8s.kinds import POLLED_KINDS, WATCHED_KINDS
from atlhyper.model import KIND_NAMES, ObjectSet, OwnerRef

KINDS = {kind.field: kind for kind in (*WATCHED_KINDS, *POLLED_KINDS)}


def _meta(name: str, namespace: str | None = "shop", **extra: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "name": name,
        "uid": f"uid-{name}",
        "resourceVersion": "100",
        "creationTimestamp": "2026-01-02T03:04:05Z",
        "labels": {"app": name},
        "managedFields": [{"manager": "kube-controller-manager", "operation": "Update"}],
        **extra,
    }
    if namespace:
        meta["namespace"] = namespace
    return meta


def _convert(field: str, body: dict[str, Any]) -> Any:
    kind = KINDS[field]
    obj = msgspec.json.decode(msgspec.json.encode(body), type=kind.wire_type)
    return kind.convert(obj)


def _template(image: str = "nginx:1.27") -> dict[str, Any]:
    return {
        "metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "app", "image": image}]},
    }


def _rich_template() -> dict[str, Any]:
    """A pod template with an init container, ports, resources, a probe, env refs and volumes."""
    return {
        "metadata": {"labels": {"app": "web"}},
        "spec": {
            "initContainers": [{"name": "migrate", "image": "web:2", "command": ["migrate"]}],
            "containers": [
                {
                    "name": "app",
                    "image": "web:2",
                    "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
                    "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}},
                    "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}},
                    "env": [
                        {"name": "MODE", "value": "literal-not-sent"},
                        {
                            "name": "TOKEN",
                            "valueFrom": {"secretKeyRef": {"name": "api", "key": "token"}},
                        },
                    ],
                    "envFrom": [{"configMapRef": {"name": "web-config"}}],
                }
            ],
            "volumes": [
                {"name": "config", "configMap": {"name": "web-config"}},
                {"name": "data", "persistentVolumeClaim": {"claimName": "web-data"}},
            ],
        },
    }


TEMPLATE_BODIES: dict[str, dict[str, Any]] = {
    "deployments": {"spec": {"template": _rich_template()}},
    "statefulsets": {"spec": {"template": _rich_template()}},
    "daemonsets": {"spec": {"template": _rich_template()}},
    "replicasets": {"spec": {"template": _rich_template()}},
    "jobs": {"spec": {"template": _rich_template()}},
    "cronjobs": {"spec": {"jobTemplate": {"spec": {"template": _rich_template()}}}},
}


@pytest.mark.parametrize("field", sorted(TEMPLATE_BODIES))
def test_controllers_carry_their_pod_template(field: str) -> None:
    """The template's containers convert as a pod's do, without runtime state."""
    obj = _convert(field, {"metadata": _meta("web"), **TEMPLATE_BODIES[field]})
    assert obj.images == ["web:2"]
    assert [(c.name, c.image, c.init) for c in obj.containers] == [
        ("migrate", "web:2", True),
        ("app", "web:2", False),
    ]
    app = obj.containers[1]
    assert [(p.name, p.container_port, p.protocol) for p in app.ports] == [("http", 8080, "TCP")]
    assert (app.cpu_request_millicores, app.memory_request_bytes) == (100, 64 * 1024**2)
    assert [(p.kind, p.target) for p in app.probes] == [("readiness", "HTTP GET :8080/ready")]
    assert [(e.name, e.source, e.ref_name, e.ref_key) for e in app.env] == [
        ("MODE", "", "", ""),
        ("TOKEN", "secret", "api", "token"),
    ]
    assert app.env_from == ["configMap:web-config"]
    assert (app.ready, app.restart_count, app.reason) == (False, 0, "")
    assert [(v.name, v.type, v.source) for v in obj.volumes] == [
        ("config", "configMap", "web-config"),
        ("data", "persistentVolumeClaim", "web-data"),
    ]
    assert "literal-not-sent" not in msgspec.json.encode(obj).decode()


def test_every_snapshot_kind_has_a_converter() -> None:
    assert set(KINDS) == set(KIND_NAMES)
    assert set(ObjectSet.__struct_fields__) == set(KIND_NAMES)


def test_deployment_rollout_progressing_and_revision() -> None:
    body = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(
            "web",
            generation=4,
            annotations={"deployment.kubernetes.io/revision": "3"},
        ),
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app": "web"}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}},
            "template": _template("nginx:1.28"),
        },
        "status": {
            "observedGeneration": 4,
            "replicas": 4,
            "updatedReplicas": 2,
            "readyReplicas": 3,
            "availableReplicas": 3,
            "unavailableReplicas": 1,
            "conditions": [
                {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                {"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated"},
            ],
        },
    }
    d = _convert("deployments", body)
    assert (d.replicas, d.updated_replicas, d.ready_replicas, d.available_replicas) == (3, 2, 3, 3)
    assert d.rollout == "progressing"
    assert d.revision == "3"
    assert d.images == ["nginx:1.28"]
    assert d.selector == {"app": "web"}
    assert d.strategy == "RollingUpdate"
    assert [c.type for c in d.conditions] == ["Available", "Progressing"]

    body["status"].update(replicas=3, updatedReplicas=3, availableReplicas=3)
    assert _convert("deployments", body).rollout == "complete"
    body["metadata"]["generation"] = 5  # spec changed, controller has not caught up
    assert _convert("deployments", body).rollout == "progressing"
    body["status"]["conditions"][1]["reason"] = "ProgressDeadlineExceeded"
    assert _convert("deployments", body).rollout == "failed"


def test_statefulset_daemonset_replicaset() -> None:
    sts = _convert(
        "statefulsets",
        {
            "metadata": _meta("db", generation=2),
            "spec": {"replicas": 3, "serviceName": "db", "template": _template("postgres:16")},
            "status": {
                "observedGeneration": 2,
                "replicas": 3,
                "readyReplicas": 3,
                "currentReplicas": 3,
                "updatedReplicas": 3,
                "availableReplicas": 3,
                "currentRevision": "db-7f",
                "updateRevision": "db-7f",
            },
        },
    )
    assert (sts.service_name, sts.rollout, sts.ready_replicas) == ("db", "complete", 3)
    ds = _convert(
        "daemonsets",
        {
            "metadata": _meta("agent", generation=1),
            "spec": {
                "template": {
                    "spec": {
                        "nodeSelector": {"kubernetes.io/os": "linux"},
                        "containers": [{"name": "a", "image": "agent:1"}],
                    }
                }
            },
            "status": {
                "observedGeneration": 1,
                "desiredNumberScheduled": 5,
                "currentNumberScheduled": 5,
                "numberReady": 4,
                "updatedNumberScheduled": 5,
                "numberAvailable": 4,
            },
        },
    )
    assert (ds.desired, ds.ready, ds.available, ds.rollout) == (5, 4, 4, "progressing")
    assert ds.node_selector == {"kubernetes.io/os": "linux"}
    rs = _convert(
        "replicasets",
        {
            "metadata": _meta(
                "web-5d9c",
                generation=1,
                annotations={"deployment.kubernetes.io/revision": "2"},
                ownerReferences=[
                    {
                        "apiVersion": "apps/v1",
                        "kind": "Deployment",
                        "name": "web",
                        "uid": "uid-web",
                        "controller": True,
                        "blockOwnerDeletion": True,
                    }
                ],
            ),
            "spec": {"replicas": 2, "template": _template()},
            "status": {"observedGeneration": 1, "replicas": 2, "readyReplicas": 2},
        },
    )
    assert rs.owners == [OwnerRef("Deployment", "web", "uid-web", True)]
    assert (rs.revision, rs.replicas, rs.current_replicas, rs.rollout) == ("2", 2, 2, "complete")


def test_job_and_cronjob() -> None:
    job = _convert(
        "jobs",
        {
            "metadata": _meta(
                "backup-29012",
                ownerReferences=[
                    {"kind": "CronJob", "name": "backup", "uid": "uid-backup", "controller": True}
                ],
            ),
            "spec": {"completions": 1, "parallelism": 1, "template": _template("backup:2")},
            "status": {
                "succeeded": 1,
                "startTime": "2026-01-02T03:00:00Z",
                "completionTime": "2026-01-02T03:00:42Z",
                "conditions": [{"type": "Complete", "status": "True"}],
            },
        },
    )
    assert (job.status, job.succeeded, job.completions) == ("Complete", 1, 1)
    assert job.owners[0].kind == "CronJob"
    assert job.completion_time == "2026-01-02T03:00:42Z"
    cron = _convert(
        "cronjobs",
        {
            "metadata": _meta("backup"),
            "spec": {
                "schedule": "0 3 * * *",
                "suspend": False,
                "concurrencyPolicy": "Forbid",
                "jobTemplate": {"spec": {"template": _template("backup:2")}},
            },
            "status": {
                "active": [{"kind": "Job", "name": "backup-29013", "namespace": "shop"}],
                "lastScheduleTime": "2026-01-03T03:00:00Z",
            },
        },
    )
    assert (cron.schedule, cron.active, cron.images) == (
        "0 3 * * *",
        ["backup-29013"],
        ["backup:2"],
    )
    assert cron.last_schedule_time == "2026-01-03T03:00:00Z"


def test_hpa_v2_targets_and_pdb() -> None:
    hpa = _convert(
        "horizontalpodautoscalers",
        {
            "apiVersion": "autoscaling/v2",
            "metadata": _meta("web"),
            "spec": {
                "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                "minReplicas": 2,
                "maxReplicas": 10,
                "metrics": [
                    {
                        "type": "Resource",
                        "resource": {
                            "name": "cpu",
                            "target": {"type": "Utilization", "averageUtilization": 80},
                        },
                    },
                    {
                        "type": "Pods",
                        "pods": {
                            "metric": {"name": "requests_per_second"},
                            "target": {"type": "AverageValue", "averageValue": "1k"},
                        },
                    },
                ],
            },
            "status": {
                "currentReplicas": 3,
                "desiredReplicas": 4,
                "currentMetrics": [
                    {
                        "type": "Resource",
                        "resource": {
                            "name": "cpu",
                            "current": {"averageUtilization": 95, "averageValue": "190m"},
                        },
                    }
                ],
            },
        },
    )
    assert (hpa.target_kind, hpa.target_name, hpa.min_replicas, hpa.max_replicas) == (
        "Deployment",
        "web",
        2,
        10,
    )
    assert [(m.name, m.target, m.current) for m in hpa.metrics] == [
        ("cpu", "80%", "95%"),
        ("requests_per_second", "1k", ""),
    ]
    pdb = _convert(
        "poddisruptionbudgets",
        {
            "metadata": _meta("web"),
            "spec": {"minAvailable": "50%", "selector": {"matchLabels": {"app": "web"}}},
            "status": {
                "currentHealthy": 3,
                "desiredHealthy": 2,
                "disruptionsAllowed": 1,
                "expectedPods": 3,
            },
        },
    )
    assert (pdb.min_available, pdb.max_unavailable, pdb.disruptions_allowed) == ("50%", "", 1)


def test_service_endpoints_and_slices() -> None:
    svc = _convert(
        "services",
        {
            "metadata": _meta("web"),
            "spec": {
                "type": "LoadBalancer",
                "clusterIP": "10.96.0.10",
                "selector": {"app": "web"},
                "ports": [
                    {"name": "http", "port": 80, "targetPort": "http", "nodePort": 30080},
                    {"port": 443, "targetPort": 8443, "protocol": "TCP"},
                ],
            },
            "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.7"}]}},
        },
    )
    assert svc.external_ips == ["203.0.113.7"]
    assert [(p.port, p.target_port, p.node_port) for p in svc.ports] == [
        (80, "http", 30080),
        (443, "8443", 0),
    ]
    ep = _convert(
        "endpoints",
        {
            "metadata": _meta("web"),
            "subsets": [
                {
                    "addresses": [
                        {
                            "ip": "10.0.0.5",
                            "nodeName": "n1",
                            "targetRef": {"kind": "Pod", "name": "web-1", "namespace": "shop"},
                        }
                    ],
                    "notReadyAddresses": [{"ip": "10.0.0.6", "nodeName": "n2"}],
                    "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
                }
            ],
        },
    )
    assert [(a.ip, a.ready, a.target_name) for a in ep.addresses] == [
        ("10.0.0.5", True, "web-1"),
        ("10.0.0.6", False, ""),
    ]
    eps = _convert(
        "endpointslices",
        {
            "metadata": _meta("web-abcde", labels={"kubernetes.io/service-name": "web"}),
            "addressType": "IPv4",
            "endpoints": [
                {"addresses": ["10.0.0.5"], "conditions": {"ready": True}, "nodeName": "n1"},
                {"addresses": ["10.0.0.6"], "conditions": {"ready": False}},
                {"addresses": ["10.0.0.7"], "conditions": {}},
            ],
            "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
        },
    )
    assert eps.service_name == "web"
    assert [a.ready for a in eps.endpoints] == [True, False, True]  # nil ready means ready


def test_ingress_and_networkpolicy() -> None:
    ing = _convert(
        "ingresses",
        {
            "metadata": _meta("web"),
            "spec": {
                "ingressClassName": "traefik",
                "tls": [{"hosts": ["shop.example.com"], "secretName": "tls"}],
                "rules": [
                    {
                        "host": "shop.example.com",
                        "http": {
                            "paths": [
                                {
                                    "path": "/",
                                    "pathType": "Prefix",
                                    "backend": {"service": {"name": "web", "port": {"number": 80}}},
                                }
                            ]
                        },
                    }
                ],
            },
            "status": {"loadBalancer": {"ingress": [{"hostname": "lb.example.com"}]}},
        },
    )
    assert (ing.ingress_class, ing.hosts, ing.tls_hosts, ing.addresses) == (
        "traefik",
        ["shop.example.com"],
        ["shop.example.com"],
        ["lb.example.com"],
    )
    assert (ing.paths[0].service, ing.paths[0].port) == ("web", "80")
    np = _convert(
        "networkpolicies",
        {
            "metadata": _meta("deny"),
            "spec": {
                "podSelector": {"matchLabels": {"app": "db"}},
                "ingress": [{"from": [{"podSelector": {}}]}],
                "policyTypes": ["Ingress", "Egress"],
            },
        },
    )
    assert (np.pod_selector, np.policy_types, np.ingress_rules, np.egress_rules) == (
        {"app": "db"},
        ["Ingress", "Egress"],
        1,
        0,
    )


SECRET_VALUE = "c3VwZXItc2VjcmV0LXBhc3N3b3JkLTQyNDI="  # base64 of super-secret-password-4242
PLAIN = "super-secret-password-4242"


def test_secret_keeps_keys_and_type_and_never_a_value() -> None:
    body = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": _meta(
            "db-credentials",
            annotations={"kubectl.kubernetes.io/last-applied-configuration": "{}"},
        ),
        "type": "kubernetes.io/basic-auth",
        "data": {"password": SECRET_VALUE, "username": "YWRtaW4="},
    }
    secret = _convert("secrets", body)
    assert secret.annotations == {}
    assert secret.type == "kubernetes.io/basic-auth"
    assert secret.keys == ["password", "username"]
    encoded = msgspec.json.encode(secret).decode()
    for needle in (SECRET_VALUE, PLAIN, "YWRtaW4="):
        assert needle not in encoded
        assert needle not in repr(secret)
    assert "stringData" not in msgspec.json.encode(ObjectSet(secrets=[secret])).decode()


def test_secret_annotations_never_carry_the_applied_data() -> None:
    """`kubectl apply` stores the whole Secret, data included, in last-applied-configuration."""
    applied = msgspec.json.encode(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": "db-credentials", "namespace": "shop"},
            "data": {"password": SECRET_VALUE},
            "stringData": {"plain": PLAIN},
        }
    ).decode()
    body = {
        "metadata": _meta(
            "db-credentials",
            annotations={
                "kubectl.kubernetes.io/last-applied-configuration": applied,
                "kubernetes.io/service-account.name": "builder",
            },
        ),
        "type": "Opaque",
        "data": {"password": SECRET_VALUE},
    }
    secret = _convert("secrets", body)
    assert secret.annotations == {"kubernetes.io/service-account.name": "builder"}
    encoded = msgspec.json.encode(ObjectSet(secrets=[secret])).decode()
    for needle in (SECRET_VALUE, PLAIN, "last-applied-configuration"):
        assert needle not in encoded


def test_configmap_keys_only() -> None:
    cm = _convert(
        "configmaps",
        {
            "metadata": _meta("app-config"),
            "data": {"app.yaml": "log_level: debug\n", "FEATURE_X": "on"},
            "binaryData": {"logo.png": "iVBORw0KGgo="},
        },
    )
    assert (cm.keys, cm.binary_keys) == (["FEATURE_X", "app.yaml"], ["logo.png"])
    assert "log_level" not in msgspec.json.encode(cm).decode()


def test_quota_limitrange_serviceaccount() -> None:
    quota = _convert(
        "resourcequotas",
        {
            "metadata": _meta("compute"),
            "spec": {"hard": {"pods": "10", "requests.cpu": "4"}},
            "status": {
                "hard": {"pods": "10", "requests.cpu": "4"},
                "used": {"pods": "3", "requests.cpu": "500m"},
            },
        },
    )
    assert quota.used == {"pods": "3", "requests.cpu": "500m"}
    limits = _convert(
        "limitranges",
        {
            "metadata": _meta("defaults"),
            "spec": {
                "limits": [
                    {
                        "type": "Container",
                        "default": {"cpu": "500m"},
                        "defaultRequest": {"cpu": "100m"},
                        "max": {"memory": "1Gi"},
                    }
                ]
            },
        },
    )
    assert limits.limits[0].default_request == {"cpu": "100m"}
    sa = _convert(
        "serviceaccounts",
        {
            "metadata": _meta("builder"),
            "secrets": [{"name": "builder-token"}],
            "imagePullSecrets": [{"name": "registry"}],
            "automountServiceAccountToken": False,
        },
    )
    assert (sa.secrets, sa.image_pull_secrets, sa.automount_token) == (
        ["builder-token"],
        ["registry"],
        False,
    )


def test_pv_pvc_storageclass() -> None:
    pv = _convert(
        "persistentvolumes",
        {
            "metadata": _meta("pvc-1234", namespace=None),
            "spec": {
                "capacity": {"storage": "10Gi"},
                "accessModes": ["ReadWriteOnce"],
                "persistentVolumeReclaimPolicy": "Delete",
                "storageClassName": "fast",
                "volumeMode": "Filesystem",
                "claimRef": {"kind": "PersistentVolumeClaim", "namespace": "shop", "name": "data"},
                "csi": {"driver": "ebs.csi.aws.com", "volumeHandle": "vol-1"},
            },
            "status": {"phase": "Bound"},
        },
    )
    assert (pv.capacity_bytes, pv.claim, pv.source, pv.phase) == (
        10 * 1024**3,
        "shop/data",
        "csi:ebs.csi.aws.com",
        "Bound",
    )
    assert not hasattr(pv, "namespace")
    pvc = _convert(
        "persistentvolumeclaims",
        {
            "metadata": _meta("data"),
            "spec": {
                "accessModes": ["ReadWriteOnce"],
                "storageClassName": "fast",
                "volumeName": "pvc-1234",
                "resources": {"requests": {"storage": "8Gi"}},
            },
            "status": {"phase": "Bound", "capacity": {"storage": "10Gi"}},
        },
    )
    assert (pvc.phase, pvc.volume_name, pvc.request_bytes, pvc.capacity_bytes) == (
        "Bound",
        "pvc-1234",
        8 * 1024**3,
        10 * 1024**3,
    )
    sc = _convert(
        "storageclasses",
        {
            "metadata": _meta(
                "fast",
                namespace=None,
                annotations={"storageclass.kubernetes.io/is-default-class": "true"},
            ),
            "provisioner": "ebs.csi.aws.com",
            "reclaimPolicy": "Retain",
            "volumeBindingMode": "WaitForFirstConsumer",
            "allowVolumeExpansion": True,
            "parameters": {"type": "gp3"},
        },
    )
    assert (sc.is_default, sc.reclaim_policy, sc.allow_volume_expansion) == (True, "Retain", True)


def test_event_core_v1() -> None:
    ev = _convert(
        "events",
        {
            "metadata": _meta("web-1.17a2b3c4d5"),
            "involvedObject": {
                "kind": "Pod",
                "namespace": "shop",
                "name": "web-1",
                "uid": "uid-web-1",
                "fieldPath": "spec.containers{app}",
            },
            "reason": "BackOff",
            "message": "Back-off restarting failed container app",
            "source": {"component": "kubelet", "host": "n1"},
            "firstTimestamp": "2026-01-02T03:04:05Z",
            "lastTimestamp": "2026-01-02T03:14:05Z",
            "count": 12,
            "type": "Warning",
        },
    )
    assert (ev.type, ev.reason, ev.object_kind, ev.object_name, ev.count) == (
        "Warning",
        "BackOff",
        "Pod",
        "web-1",
        12,
    )
    assert (ev.last_seen, ev.source) == ("2026-01-02T03:14:05Z", "kubelet")
    series = _convert(
        "events",
        {"metadata": _meta("x"), "eventTime": "2026-01-02T03:04:05.123456Z", "count": None},
    )
    assert (series.last_seen, series.count) == ("2026-01-02T03:04:05.123456Z", 1)


def test_metrics_usage() -> None:
    node = _convert(
        "nodemetrics",
        {
            "metadata": {"name": "n1"},
            "timestamp": "2026-01-02T03:04:05Z",
            "window": "20s",
            "usage": {"cpu": "250000000n", "memory": "1048576Ki"},
        },
    )
    assert (node.cpu_millicores, node.memory_bytes) == (250, 1024**3)
    pod = _convert(
        "podmetrics",
        {
            "metadata": {"name": "web-1", "namespace": "shop"},
            "containers": [
                {"name": "app", "usage": {"cpu": "15m", "memory": "64Mi"}},
                {"name": "sidecar", "usage": {"cpu": "5m", "memory": "16Mi"}},
            ],
        },
    )
    assert (pod.cpu_millicores, pod.memory_bytes) == (20, 80 * 1024**2)


def test_pod_probes_resources_env_names_and_volumes() -> None:
    body = {
        "metadata": _meta("web-1"),
        "spec": {
            "serviceAccountName": "web",
            "containers": [
                {
                    "name": "app",
                    "image": "nginx:1.27",
                    "resources": {
                        "requests": {"cpu": "250m", "memory": "128Mi"},
                        "limits": {"cpu": "1", "memory": "256Mi"},
                    },
                    "env": [
                        {"name": "MODE", "value": "production-value-not-sent"},
                        {
                            "name": "DB_PASSWORD",
                            "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}},
                        },
                        {
                            "name": "POD_IP",
                            "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}},
                        },
                    ],
                    "envFrom": [{"configMapRef": {"name": "app-config"}}],
                    "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
                    "readinessProbe": {"tcpSocket": {"port": "http"}},
                    "startupProbe": {"exec": {"command": ["cat", "/tmp/ready"]}},
                }
            ],
            "volumes": [
                {"name": "config", "configMap": {"name": "app-config"}},
                {"name": "creds", "secret": {"secretName": "db"}},
                {"name": "data", "persistentVolumeClaim": {"claimName": "data"}},
                {"name": "tmp", "emptyDir": {}},
            ],
        },
        "status": {"phase": "Pending"},
    }
    pod = convert.pod(msgspec.json.decode(msgspec.json.encode(body), type=wire.Pod))
    app = pod.containers[0]
    assert (app.cpu_request_millicores, app.cpu_limit_millicores) == (250, 1000)
    assert (app.memory_request_bytes, app.memory_limit_bytes) == (128 * 1024**2, 256 * 1024**2)
    assert [(p.kind, p.type, p.target) for p in app.probes] == [
        ("liveness", "httpGet", "HTTP GET :8080/healthz"),
        ("readiness", "tcpSocket", "TCP :http"),
        ("startup", "exec", "cat /tmp/ready"),
    ]
    assert [(e.name, e.source, e.ref_name, e.ref_key) for e in app.env] == [
        ("MODE", "", "", ""),
        ("DB_PASSWORD", "secret", "db", "password"),
        ("POD_IP", "field", "", "status.podIP"),
    ]
    assert app.env_from == ["configMap:app-config"]
    assert "production-value-not-sent" not in msgspec.json.encode(pod).decode()
    assert [(v.name, v.type, v.source) for v in pod.volumes] == [
        ("config", "configMap", "app-config"),
        ("creds", "secret", "db"),
        ("data", "persistentVolumeClaim", "data"),
        ("tmp", "emptyDir", ""),
    ]
    assert pod.service_account == "web"
    assert pod.owners == []


@pytest.mark.parametrize("field", sorted(KINDS))
def test_every_kind_survives_an_empty_object(field: str) -> None:
    """A sparse object (only metadata) converts with defaults instead of failing."""
    namespace = (
        None
        if field in ("nodes", "namespaces", "persistentvolumes", "storageclasses", "nodemetrics")
        else "ns"
    )
    converted = _convert(field, {"metadata": _meta("x", namespace=namespace)})
    assert converted.name == "x"
    assert getattr(converted, "annotations", {}) == {}
    msgspec.json.encode(converted)
