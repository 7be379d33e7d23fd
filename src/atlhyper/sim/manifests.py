"""Manifests as a platform team would write them: Deployments, Services, claims, budgets…

The profiles and scenarios compose clusters from these, and the sim stores them exactly as the
API would after a `kubectl apply` (defaults are added on load, not here).
"""

from __future__ import annotations

from typing import Any

Obj = dict[str, Any]


def _meta(namespace: str, name: str, labels: dict[str, str] | None = None) -> Obj:
    metadata: Obj = {"name": name}
    if namespace:
        metadata["namespace"] = namespace
    if labels:
        metadata["labels"] = dict(labels)
    return metadata


def app_labels(name: str, part_of: str = "") -> dict[str, str]:
    labels = {"app": name, "app.kubernetes.io/name": name}
    if part_of:
        labels["app.kubernetes.io/part-of"] = part_of
    return labels


def container(
    name: str,
    image: str,
    port: int = 0,
    cpu: str = "",
    memory: str = "",
    limit_memory: str = "",
    command: list[str] | None = None,
    probe_port: int = 0,
    env: dict[str, str] | None = None,
) -> Obj:
    spec: Obj = {"name": name, "image": image}
    if command:
        spec["command"] = list(command)
    if port:
        spec["ports"] = [{"name": "http", "containerPort": port, "protocol": "TCP"}]
    if env:
        spec["env"] = [{"name": k, "value": v} for k, v in env.items()]
    requests = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v}
    limits = {"memory": limit_memory or memory} if (limit_memory or memory) else {}
    if requests or limits:
        spec["resources"] = {"requests": requests, "limits": limits}
    if probe_port:
        spec["readinessProbe"] = {
            "httpGet": {"path": "/ready", "port": probe_port, "scheme": "HTTP"},
            "periodSeconds": 10,
            "timeoutSeconds": 1,
            "successThreshold": 1,
            "failureThreshold": 3,
        }
    return spec


def pod_template(labels: dict[str, str], containers: list[Obj], **spec: Any) -> Obj:
    return {"metadata": {"labels": dict(labels)}, "spec": {"containers": containers, **spec}}


def deployment(
    namespace: str, name: str, replicas: int, template: Obj, labels: dict[str, str]
) -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _meta(namespace, name, labels),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": labels["app"]}},
            "template": template,
        },
    }


def statefulset(
    namespace: str,
    name: str,
    replicas: int,
    template: Obj,
    labels: dict[str, str],
    claim_size: str = "",
    storage_class: str = "standard",
) -> Obj:
    obj: Obj = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": _meta(namespace, name, labels),
        "spec": {
            "replicas": replicas,
            "serviceName": name,
            "selector": {"matchLabels": {"app": labels["app"]}},
            "template": template,
        },
    }
    if claim_size:
        obj["spec"]["volumeClaimTemplates"] = [
            {
                "apiVersion": "v1",
                "kind": "PersistentVolumeClaim",
                "metadata": {"name": "data"},
                "spec": {
                    "accessModes": ["ReadWriteOnce"],
                    "storageClassName": storage_class,
                    "resources": {"requests": {"storage": claim_size}},
                },
            }
        ]
    return obj


def daemonset(namespace: str, name: str, template: Obj, labels: dict[str, str]) -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": _meta(namespace, name, labels),
        "spec": {"selector": {"matchLabels": {"k8s-app": labels["k8s-app"]}}, "template": template},
    }


def service(
    namespace: str,
    name: str,
    selector: dict[str, str],
    port: int,
    target: int | str = 0,
    headless: bool = False,
    kind: str = "ClusterIP",
) -> Obj:
    spec: Obj = {
        "type": kind,
        "selector": dict(selector),
        "ports": [{"name": "http", "port": port, "targetPort": target or port, "protocol": "TCP"}],
    }
    if headless:
        spec["clusterIP"] = "None"
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta(namespace, name, {"app": selector.get("app", name)}),
        "spec": spec,
    }


def configmap(namespace: str, name: str, data: dict[str, str]) -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": _meta(namespace, name),
        "data": data,
    }


def secret(namespace: str, name: str, data: dict[str, str], kind: str = "Opaque") -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": _meta(namespace, name),
        "type": kind,
        "data": data,
    }


def claim(namespace: str, name: str, size: str, storage_class: str | None) -> Obj:
    spec: Obj = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}}
    if storage_class is not None:
        spec["storageClassName"] = storage_class
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": _meta(namespace, name),
        "spec": spec,
    }


def storage_class(name: str, provisioner: str, default: bool) -> Obj:
    metadata = _meta("", name)
    if default:
        metadata["annotations"] = {"storageclass.kubernetes.io/is-default-class": "true"}
    return {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": metadata,
        "provisioner": provisioner,
        "reclaimPolicy": "Delete",
        "volumeBindingMode": "Immediate",
        "allowVolumeExpansion": True,
    }


def hpa(namespace: str, name: str, minimum: int, maximum: int, cpu_target: int) -> Obj:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": _meta(namespace, name),
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicas": minimum,
            "maxReplicas": maximum,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": cpu_target},
                    },
                }
            ],
        },
    }


def pdb(namespace: str, name: str, app: str, min_available: int | str) -> Obj:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": _meta(namespace, name),
        "spec": {"minAvailable": min_available, "selector": {"matchLabels": {"app": app}}},
    }


def cronjob(namespace: str, name: str, schedule: str, image: str, command: list[str]) -> Obj:
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": _meta(namespace, name),
        "spec": {
            "schedule": schedule,
            "jobTemplate": {
                "spec": {
                    "template": {
                        "spec": {
                            "containers": [container(name, image, command=command)],
                            "restartPolicy": "OnFailure",
                        }
                    }
                }
            },
        },
    }


def ingress(namespace: str, name: str, host: str, service_name: str, port: int) -> Obj:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": _meta(namespace, name),
        "spec": {
            "ingressClassName": "nginx",
            "tls": [{"hosts": [host], "secretName": f"{name}-tls"}],
            "rules": [
                {
                    "host": host,
                    "http": {
                        "paths": [
                            {
                                "path": "/",
                                "pathType": "Prefix",
                                "backend": {
                                    "service": {"name": service_name, "port": {"number": port}}
                                },
                            }
                        ]
                    },
                }
            ],
        },
        "status": {"loadBalancer": {"ingress": [{"ip": "172.18.255.200"}]}},
    }


def network_policy(namespace: str, name: str, app: str, from_namespace: str) -> Obj:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": _meta(namespace, name),
        "spec": {
            "podSelector": {"matchLabels": {"app": app}},
            "policyTypes": ["Ingress"],
            "ingress": [
                {
                    "from": [
                        {
                            "namespaceSelector": {
                                "matchLabels": {"kubernetes.io/metadata.name": from_namespace}
                            }
                        }
                    ]
                }
            ],
        },
    }


def quota(namespace: str, hard: dict[str, str], used: dict[str, str]) -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": _meta(namespace, "compute"),
        "spec": {"hard": hard},
        "status": {"hard": hard, "used": used},
    }


def limit_range(namespace: str) -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "LimitRange",
        "metadata": _meta(namespace, "defaults"),
        "spec": {
            "limits": [
                {
                    "type": "Container",
                    "default": {"cpu": "500m", "memory": "512Mi"},
                    "defaultRequest": {"cpu": "100m", "memory": "128Mi"},
                }
            ]
        },
    }


def service_account(namespace: str, name: str = "default") -> Obj:
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(namespace, name)}
