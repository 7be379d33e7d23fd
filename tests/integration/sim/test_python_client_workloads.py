"""The same workload operations through the official `kubernetes` client: scale, restart, drain
(cordon + list + eviction), logs, metrics, cascading deletes, patches and server-side apply."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from kubernetes import client
from kubernetes.client.exceptions import ApiException

from tests.integration.sim.conftest import wait_until

pytestmark = pytest.mark.integration


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:6]}"


def _deployment(name: str, replicas: int = 2, node: str = "") -> dict[str, Any]:
    spec: dict[str, Any] = {
        "containers": [
            {"name": "app", "image": "nginx:1.27", "env": [{"name": "MODE", "value": "a"}]}
        ]
    }
    if node:
        spec["nodeSelector"] = {"kubernetes.io/hostname": node}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": spec},
        },
    }


def _available(apps: Any, name: str, replicas: int) -> bool:
    status = apps.read_namespaced_deployment_status(name, "default").status
    return status.available_replicas == replicas and status.updated_replicas == replicas


def test_lists_every_kind(fast_client: Any) -> None:
    core, apps = client.CoreV1Api(fast_client), client.AppsV1Api(fast_client)
    batch, net = client.BatchV1Api(fast_client), client.NetworkingV1Api(fast_client)
    listed = {
        "pods": core.list_pod_for_all_namespaces(limit=5),
        "services": core.list_service_for_all_namespaces(),
        "endpoints": core.list_endpoints_for_all_namespaces(),
        "configmaps": core.list_config_map_for_all_namespaces(),
        "secrets": core.list_secret_for_all_namespaces(),
        "serviceaccounts": core.list_service_account_for_all_namespaces(),
        "pvcs": core.list_persistent_volume_claim_for_all_namespaces(),
        "pvs": core.list_persistent_volume(),
        "quotas": core.list_resource_quota_for_all_namespaces(),
        "limitranges": core.list_limit_range_for_all_namespaces(),
        "events": core.list_event_for_all_namespaces(),
        "deployments": apps.list_deployment_for_all_namespaces(),
        "replicasets": apps.list_replica_set_for_all_namespaces(),
        "statefulsets": apps.list_stateful_set_for_all_namespaces(),
        "daemonsets": apps.list_daemon_set_for_all_namespaces(),
        "cronjobs": batch.list_cron_job_for_all_namespaces(),
        "ingresses": net.list_ingress_for_all_namespaces(),
        "networkpolicies": net.list_network_policy_for_all_namespaces(),
        "storageclasses": client.StorageV1Api(fast_client).list_storage_class(),
        "hpas": client.AutoscalingV2Api(
            fast_client
        ).list_horizontal_pod_autoscaler_for_all_namespaces(),
        "pdbs": client.PolicyV1Api(fast_client).list_pod_disruption_budget_for_all_namespaces(),
        "slices": client.DiscoveryV1Api(fast_client).list_endpoint_slice_for_all_namespaces(),
    }
    for kind, result in listed.items():
        assert result.items, f"no {kind}"
        assert result.metadata.resource_version.isdigit()
    assert listed["pods"].metadata._continue and len(listed["pods"].items) == 5
    web = apps.read_namespaced_deployment("web", "shop")
    assert web.spec.strategy.rolling_update.max_surge == "25%"
    assert web.metadata.generation == web.status.observed_generation == 1
    assert web.metadata.annotations["deployment.kubernetes.io/revision"] == "1"
    rs = listed["replicasets"].items[0]
    assert rs.metadata.owner_references[0].kind == "Deployment"
    assert rs.metadata.labels["pod-template-hash"] in rs.metadata.name


def test_scale_subresource_and_rollout_restart(fast_client: Any) -> None:
    apps = client.AppsV1Api(fast_client)
    name = _name("pyscale")
    apps.create_namespaced_deployment("default", _deployment(name))
    assert wait_until(lambda: _available(apps, name, 2), 20)
    scale = apps.read_namespaced_deployment_scale(name, "default")
    assert scale.spec.replicas == 2 and scale.status.selector == f"app={name}"
    apps.patch_namespaced_deployment_scale(name, "default", {"spec": {"replicas": 3}})
    assert wait_until(lambda: _available(apps, name, 3), 20)

    before = {
        rs.metadata.name
        for rs in apps.list_namespaced_replica_set("default", label_selector=f"app={name}").items
    }
    now = datetime.now(UTC).isoformat()
    restart = {
        "spec": {
            "template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": now}}}
        }
    }
    patched = apps.patch_namespaced_deployment(name, "default", restart)
    assert patched.metadata.generation == 3  # scale and restart each changed the spec
    assert wait_until(lambda: _available(apps, name, 3), 30)
    after = apps.list_namespaced_replica_set("default", label_selector=f"app={name}").items
    new = [rs for rs in after if rs.metadata.name not in before]
    assert len(new) == 1 and new[0].spec.replicas == 3
    assert new[0].metadata.annotations["deployment.kubernetes.io/revision"] == "2"
    apps.delete_namespaced_deployment(name, "default")


def test_drain_by_cordon_list_and_evict_respects_budget(fast_client: Any) -> None:
    core, apps = client.CoreV1Api(fast_client), client.AppsV1Api(fast_client)
    policy = client.PolicyV1Api(fast_client)
    name = _name("pydrain")
    apps.create_namespaced_deployment("default", _deployment(name, 2, "worker-1"))
    policy.create_namespaced_pod_disruption_budget(
        "default",
        {
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": {"name": name},
            "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": name}}},
        },
    )
    assert wait_until(lambda: _available(apps, name, 2), 20)
    assert wait_until(
        lambda: (
            policy.read_namespaced_pod_disruption_budget(name, "default").status.disruptions_allowed
            == 1
        ),
        10,
    )
    core.patch_node("worker-1", {"spec": {"unschedulable": True}})
    try:
        assert core.read_node("worker-1").spec.unschedulable is True
        on_node = core.list_pod_for_all_namespaces(field_selector="spec.nodeName=worker-1").items
        ours = [p for p in on_node if (p.metadata.labels or {}).get("app") == name]
        assert len(ours) == 2
        first, second = ours
        policy_eviction = {"apiVersion": "policy/v1", "kind": "Eviction"}
        core.create_namespaced_pod_eviction(
            first.metadata.name,
            "default",
            {**policy_eviction, "metadata": {"name": first.metadata.name}},
        )
        evicted = core.read_namespaced_pod(first.metadata.name, "default")
        assert evicted.metadata.deletion_timestamp is not None
        with pytest.raises(ApiException) as refused:
            core.create_namespaced_pod_eviction(
                second.metadata.name,
                "default",
                {**policy_eviction, "metadata": {"name": second.metadata.name}},
            )
        assert refused.value.status == 429
        assert "Cannot evict pod as it would violate the pod's disruption budget." in (
            refused.value.body
        )
        assert core.read_namespaced_pod(second.metadata.name, "default").status.phase == "Running"
        # The replacement cannot go to the cordoned node and has no other node to go to.
        replacement = wait_until(
            lambda: any(
                p.status.phase == "Pending"
                for p in core.list_namespaced_pod("default", label_selector=f"app={name}").items
            ),
            10,
        )
        assert replacement
    finally:
        core.patch_node("worker-1", {"spec": {"unschedulable": False}})
    assert wait_until(lambda: _available(apps, name, 2), 20)
    policy.delete_namespaced_pod_disruption_budget(name, "default")
    apps.delete_namespaced_deployment(name, "default")


def test_logs_and_metrics(fast_client: Any) -> None:
    core = client.CoreV1Api(fast_client)
    custom = client.CustomObjectsApi(fast_client)
    web = core.list_namespaced_pod("shop", label_selector="app=web").items[0]
    text = core.read_namespaced_pod_log(web.metadata.name, "shop", tail_lines=4)
    assert len(text.splitlines()) == 4
    limited = core.read_namespaced_pod_log(web.metadata.name, "shop", limit_bytes=10)
    assert len(limited.encode()) == 10
    crashing = core.list_namespaced_pod("shop", label_selector="app=recommendations").items[0]
    assert wait_until(
        lambda: (
            core.read_namespaced_pod(crashing.metadata.name, "shop")
            .status.container_statuses[0]
            .restart_count
            >= 2
        ),
        30,
    )
    previous = core.read_namespaced_pod_log(crashing.metadata.name, "shop", previous=True)
    assert "connection refused" in previous
    with pytest.raises(ApiException) as none:
        core.read_namespaced_pod_log(web.metadata.name, "shop", previous=True)
    assert none.value.status == 400

    nodes = custom.list_cluster_custom_object("metrics.k8s.io", "v1beta1", "nodes")
    assert {item["metadata"]["name"] for item in nodes["items"]} == {
        "control-plane-1",
        "worker-1",
        "worker-2",
    }
    assert all(item["usage"]["cpu"].endswith("n") for item in nodes["items"])
    pod = custom.get_namespaced_custom_object(
        "metrics.k8s.io", "v1beta1", "shop", "pods", web.metadata.name
    )
    assert pod["containers"][0]["name"] == "web"
    assert pod["containers"][0]["usage"]["memory"].endswith("Ki")


def test_foreground_delete_waits_for_dependents(fast_client: Any) -> None:
    apps = client.AppsV1Api(fast_client)
    name = _name("pyfg")
    apps.create_namespaced_deployment("default", _deployment(name, 2))
    assert wait_until(lambda: _available(apps, name, 2), 20)
    deleted = apps.delete_namespaced_deployment(name, "default", propagation_policy="Foreground")
    # The client cannot map the returned Deployment onto V1Status and hands back the dict.
    assert deleted["metadata"]["deletionTimestamp"]
    assert "foregroundDeletion" in deleted["metadata"]["finalizers"]

    def gone() -> bool:
        try:
            apps.read_namespaced_deployment(name, "default")
        except ApiException as exc:
            return exc.status == 404
        return False

    assert wait_until(gone, 20)
    assert not apps.list_namespaced_replica_set("default", label_selector=f"app={name}").items


def test_orphan_delete_keeps_replicasets(fast_client: Any) -> None:
    apps = client.AppsV1Api(fast_client)
    name = _name("pyorphan")
    apps.create_namespaced_deployment("default", _deployment(name, 1))
    assert wait_until(lambda: _available(apps, name, 1), 20)
    apps.delete_namespaced_deployment(name, "default", propagation_policy="Orphan")
    sets = apps.list_namespaced_replica_set("default", label_selector=f"app={name}").items
    assert len(sets) == 1 and not sets[0].metadata.owner_references
    apps.delete_namespaced_replica_set(sets[0].metadata.name, "default")


def test_patch_formats_and_server_side_apply(fast_client: Any) -> None:
    core, apps = client.CoreV1Api(fast_client), client.AppsV1Api(fast_client)
    name = _name("pypatch")
    apps.create_namespaced_deployment("default", _deployment(name, 1))
    strategic = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {"name": "app", "env": [{"name": "EXTRA", "value": "b"}]},
                        {"name": "sidecar", "image": "busybox:1.36"},
                    ]
                }
            }
        }
    }
    patched = apps.patch_namespaced_deployment(name, "default", strategic)
    containers = patched.spec.template.spec.containers
    assert [c.name for c in containers] == ["app", "sidecar"]
    assert [e.name for e in containers[0].env] == ["MODE", "EXTRA"]
    assert containers[0].image == "nginx:1.27"
    json_patch = [
        {"op": "replace", "path": "/spec/replicas", "value": 2},
        {"op": "add", "path": "/metadata/labels/tier", "value": "web"},
    ]
    patched = apps.patch_namespaced_deployment(name, "default", json_patch)
    assert patched.spec.replicas == 2 and patched.metadata.labels["tier"] == "web"
    with pytest.raises(ApiException) as failed:
        apps.patch_namespaced_deployment(
            name, "default", [{"op": "test", "path": "/spec/replicas", "value": 7}]
        )
    assert failed.value.status == 422

    configmap = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": "default"},
        "data": {"a": "1"},
    }
    created = core.patch_namespaced_config_map(
        name,
        "default",
        configmap,
        field_manager="team-a",
        _content_type="application/apply-patch+yaml",
    )
    assert created.data == {"a": "1"}
    assert created.metadata.managed_fields[0].manager == "team-a"
    with pytest.raises(ApiException) as conflict:
        core.patch_namespaced_config_map(
            name,
            "default",
            {**configmap, "data": {"a": "2"}},
            field_manager="team-b",
            _content_type="application/apply-patch+yaml",
        )
    assert conflict.value.status == 409
    body = json.loads(conflict.value.body)
    assert body["reason"] == "Conflict"
    assert (
        body["message"] == 'Apply failed with 1 conflict: conflict with "team-a" using v1: .data.a'
    )
    assert body["details"]["causes"][0]["reason"] == "FieldManagerConflict"
    forced = core.patch_namespaced_config_map(
        name,
        "default",
        {**configmap, "data": {"a": "2"}},
        field_manager="team-b",
        force=True,
        _content_type="application/apply-patch+yaml",
    )
    assert forced.data == {"a": "2"}
    dry = core.patch_namespaced_config_map(
        name,
        "default",
        {**configmap, "data": {"a": "3", "b": "x"}},
        field_manager="team-b",
        dry_run="All",
        _content_type="application/apply-patch+yaml",
    )
    assert dry.data == {"a": "3", "b": "x"}
    assert core.read_namespaced_config_map(name, "default").data == {"a": "2"}
    # team-b stops applying key a: the field it alone owned is removed.
    shrunk = core.patch_namespaced_config_map(
        name,
        "default",
        {**configmap, "data": {"b": "y"}},
        field_manager="team-b",
        _content_type="application/apply-patch+yaml",
    )
    assert shrunk.data == {"b": "y"}
    core.delete_namespaced_config_map(name, "default")
    apps.delete_namespaced_deployment(name, "default")


def test_finalizers_block_removal_until_cleared(fast_client: Any) -> None:
    core = client.CoreV1Api(fast_client)
    name = _name("pyfin")
    core.create_namespaced_config_map(
        "default",
        {"metadata": {"name": name, "finalizers": ["example.com/hold"]}, "data": {"k": "v"}},
    )
    deleted = core.delete_namespaced_config_map(name, "default")
    assert deleted["metadata"]["deletionTimestamp"]
    held = core.read_namespaced_config_map(name, "default")
    assert held.metadata.finalizers == ["example.com/hold"]
    core.patch_namespaced_config_map(name, "default", {"metadata": {"finalizers": None}})
    with pytest.raises(ApiException) as gone:
        core.read_namespaced_config_map(name, "default")
    assert gone.value.status == 404


def test_jobs_complete_and_cronjob_status(fast_client: Any) -> None:
    batch = client.BatchV1Api(fast_client)
    name = _name("pyjob")
    batch.create_namespaced_job(
        "default",
        {
            "metadata": {"name": name},
            "spec": {
                "completions": 2,
                "parallelism": 1,
                "template": {
                    "spec": {
                        "containers": [
                            {
                                "name": "work",
                                "image": "busybox:1.36",
                                "command": ["sh", "-c", "sleep 10"],
                            }
                        ],
                        "restartPolicy": "Never",
                    }
                },
            },
        },
    )

    def complete() -> bool:
        status = batch.read_namespaced_job_status(name, "default").status
        return bool(status.conditions) and any(
            c.type == "Complete" and c.status == "True" for c in status.conditions
        )

    assert wait_until(complete, 30)
    status = batch.read_namespaced_job_status(name, "default").status
    assert status.succeeded == 2 and status.completion_time is not None
    job = batch.read_namespaced_job(name, "default")
    assert job.spec.selector.match_labels["batch.kubernetes.io/controller-uid"] == job.metadata.uid
    cron = batch.read_namespaced_cron_job("cache-warmer", "batch")
    assert cron.status.last_schedule_time is not None
    batch.delete_namespaced_job(name, "default", propagation_policy="Background")


def test_binding_and_status_subresources(fast_client: Any) -> None:
    core = client.CoreV1Api(fast_client)
    name = _name("pybind")
    core.create_namespaced_pod(
        "default",
        {
            "metadata": {"name": name},
            "spec": {
                "schedulerName": "my-scheduler",
                "containers": [{"name": "app", "image": "nginx:1.27"}],
            },
        },
    )
    assert core.read_namespaced_pod(name, "default").spec.node_name is None
    core.create_namespaced_pod_binding(
        name,
        "default",
        {
            "apiVersion": "v1",
            "kind": "Binding",
            "metadata": {"name": name},
            "target": {"apiVersion": "v1", "kind": "Node", "name": "worker-2"},
        },
        _preload_content=False,
    )
    assert core.read_namespaced_pod(name, "default").spec.node_name == "worker-2"
    assert wait_until(
        lambda: core.read_namespaced_pod(name, "default").status.phase == "Running", 10
    )
    with pytest.raises(ApiException) as again:
        core.create_namespaced_pod_binding(
            name,
            "default",
            {
                "apiVersion": "v1",
                "kind": "Binding",
                "metadata": {"name": name},
                "target": {"apiVersion": "v1", "kind": "Node", "name": "worker-1"},
            },
            _preload_content=False,
        )
    assert again.value.status == 409
    core.delete_namespaced_pod(name, "default", grace_period_seconds=0)

    # Service status belongs to the load-balancer controller: each half changes only itself.
    service = _name("pystatus")
    core.create_namespaced_service(
        "default",
        {
            "metadata": {"name": service},
            "spec": {"type": "LoadBalancer", "selector": {"app": service}, "ports": [{"port": 80}]},
            "status": {"loadBalancer": {"ingress": [{"ip": "1.2.3.4"}]}},
        },
    )
    created = core.read_namespaced_service(service, "default")
    assert created.status.load_balancer.ingress is None  # a create starts status afresh
    assert created.spec.ports[0].node_port >= 30000
    ingress = {"loadBalancer": {"ingress": [{"ip": "172.18.255.201"}]}}
    patched = core.patch_namespaced_service_status(
        service, "default", {"spec": {"type": "ClusterIP"}, "status": ingress}
    )
    assert patched.spec.type == "LoadBalancer"
    assert patched.status.load_balancer.ingress[0].ip == "172.18.255.201"
    patched = core.patch_namespaced_service(
        service, "default", {"metadata": {"labels": {"x": "y"}}, "status": {"loadBalancer": {}}}
    )
    assert patched.metadata.labels == {"x": "y"}
    assert patched.status.load_balancer.ingress[0].ip == "172.18.255.201"
    core.delete_namespaced_service(service, "default")


def test_object_from_a_real_cluster_round_trips(fast_client: Any) -> None:
    """A Deployment as `kubectl get -o json` prints it on a real cluster, created and read back."""
    apps = client.AppsV1Api(fast_client)
    name = _name("pyround")
    real = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "annotations": {"deployment.kubernetes.io/revision": "4", "team": "shop"},
            "creationTimestamp": "2024-05-01T10:00:00Z",
            "generation": 7,
            "labels": {"app": name, "tier": "web"},
            "name": name,
            "namespace": "default",
            "resourceVersion": "123456",
            "uid": "0b1c2d3e-0000-4000-8000-000000000001",
        },
        "spec": {
            "progressDeadlineSeconds": 600,
            "replicas": 1,
            "revisionHistoryLimit": 5,
            "selector": {"matchLabels": {"app": name}},
            "strategy": {
                "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0},
                "type": "RollingUpdate",
            },
            "template": {
                "metadata": {"creationTimestamp": None, "labels": {"app": name}},
                "spec": {
                    "affinity": {
                        "podAntiAffinity": {
                            "preferredDuringSchedulingIgnoredDuringExecution": [
                                {
                                    "weight": 100,
                                    "podAffinityTerm": {
                                        "labelSelector": {"matchLabels": {"app": name}},
                                        "topologyKey": "kubernetes.io/hostname",
                                    },
                                }
                            ]
                        }
                    },
                    "containers": [
                        {
                            "name": "web",
                            "image": "nginx:1.27",
                            "imagePullPolicy": "IfNotPresent",
                            "args": ["-g", "daemon off;"],
                            "env": [
                                {
                                    "name": "POD",
                                    "valueFrom": {
                                        "fieldRef": {
                                            "apiVersion": "v1",
                                            "fieldPath": "metadata.name",
                                        }
                                    },
                                }
                            ],
                            "ports": [{"containerPort": 80, "name": "http", "protocol": "TCP"}],
                            "readinessProbe": {
                                "httpGet": {"path": "/", "port": "http", "scheme": "HTTP"},
                                "failureThreshold": 3,
                                "periodSeconds": 10,
                                "successThreshold": 1,
                                "timeoutSeconds": 1,
                            },
                            "resources": {
                                "limits": {"memory": "128Mi"},
                                "requests": {"cpu": "50m", "memory": "64Mi"},
                            },
                            "securityContext": {
                                "runAsNonRoot": True,
                                "readOnlyRootFilesystem": True,
                            },
                            "terminationMessagePath": "/dev/termination-log",
                            "terminationMessagePolicy": "File",
                            "volumeMounts": [{"mountPath": "/var/cache/nginx", "name": "cache"}],
                        }
                    ],
                    "dnsPolicy": "ClusterFirst",
                    "restartPolicy": "Always",
                    "schedulerName": "default-scheduler",
                    "securityContext": {"fsGroup": 101},
                    "serviceAccount": "default",
                    "serviceAccountName": "default",
                    "terminationGracePeriodSeconds": 30,
                    "volumes": [{"emptyDir": {"sizeLimit": "1Gi"}, "name": "cache"}],
                },
            },
        },
        "status": {"replicas": 3, "observedGeneration": 7},
    }
    created = fast_client.sanitize_for_serialization(
        apps.create_namespaced_deployment("default", real)
    )
    read = json.loads(apps.read_namespaced_deployment(name, "default", _preload_content=False).data)
    for obj in (created, read):
        assert (
            obj["spec"]["template"]["spec"]["containers"]
            == (real["spec"]["template"]["spec"]["containers"])
        )
        assert (
            obj["spec"]["template"]["spec"]["affinity"]
            == (real["spec"]["template"]["spec"]["affinity"])
        )
        assert obj["spec"]["strategy"] == real["spec"]["strategy"]
        assert obj["metadata"]["labels"] == real["metadata"]["labels"]
        assert obj["metadata"]["annotations"]["team"] == "shop"
    # Server-set fields are the server's: a new uid, version, timestamp and generation.
    assert read["metadata"]["uid"] != real["metadata"]["uid"]
    assert read["metadata"]["generation"] == 1
    assert read["metadata"]["creationTimestamp"] != real["metadata"]["creationTimestamp"]
    assert read["spec"]["template"]["metadata"]["labels"] == {"app": name}
    assert read["spec"]["template"]["spec"]["securityContext"] == {"fsGroup": 101}
    apps.delete_namespaced_deployment(name, "default")
