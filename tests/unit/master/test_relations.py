"""Relations between objects: owners, selectors, routes, mounts, placement."""

from __future__ import annotations

from typing import Any

from atlhyper.master.views import relations as rel
from atlhyper.master.views.relations import RelationGroup, Relations, matches, relations
from atlhyper.model import (
    ConfigMap,
    ContainerInfo,
    CronJob,
    DaemonSet,
    Deployment,
    EndpointAddress,
    Endpoints,
    EndpointSlice,
    EnvVar,
    Event,
    HorizontalPodAutoscaler,
    Ingress,
    IngressPath,
    Job,
    Node,
    OwnerRef,
    PersistentVolume,
    PersistentVolumeClaim,
    Pod,
    PodDisruptionBudget,
    ReplicaSet,
    Secret,
    Service,
    ServiceAccount,
    StatefulSet,
    StorageClass,
    Volume,
    object_key,
)

Objects = dict[str, dict[str, Any]]
WEB = {"app": "web"}


def _objects(*items: Any) -> Objects:
    objects: Objects = {plural: {} for plural in rel.KIND_OF}
    for item in items:
        objects[rel.PLURAL_OF[type(item).__name__]][object_key(item)] = item
    return objects


def _owner(kind: str, name: str) -> list[OwnerRef]:
    return [OwnerRef(kind, name, f"uid-{name}", controller=True)]


def _pod(
    name: str, labels: dict[str, str] | None = None, namespace: str = "shop", **fields: Any
) -> Pod:
    return Pod(uid=f"uid-{name}", name=name, namespace=namespace, labels=labels or {}, **fields)


def _of(objects: Objects, plural: str, key: str) -> Relations:
    return relations(objects, plural, objects[plural][key])


def _groups(answer: Relations) -> dict[tuple[str, str], RelationGroup]:
    return {(g.relation, g.kind): g for g in answer.groups}


def _names(answer: Relations, relation: str, kind: str) -> list[str]:
    group = _groups(answer).get((relation, kind))
    return [item.name for item in group.items] if group else []


def _shop() -> Objects:
    """A Deployment with two ReplicaSets and their pods, and what sits around them; plus
    look-alikes that must not match (another namespace, another app, empty selectors)."""
    return _objects(
        Deployment(uid="d", name="web", namespace="shop", selector=WEB, replicas=2),
        Deployment(uid="d2", name="api", namespace="shop", selector={"app": "api"}),
        ReplicaSet(uid="rs1", name="web-1", namespace="shop", owners=_owner("Deployment", "web")),
        ReplicaSet(uid="rs2", name="web-2", namespace="shop", owners=_owner("Deployment", "web")),
        ReplicaSet(uid="rs3", name="api-1", namespace="shop", owners=_owner("Deployment", "api")),
        _pod("web-1-a", {**WEB, "pod-template-hash": "1"}, owners=_owner("ReplicaSet", "web-1")),
        _pod("web-2-a", {**WEB, "pod-template-hash": "2"}, owners=_owner("ReplicaSet", "web-2")),
        _pod("api-1-a", {"app": "api"}, owners=_owner("ReplicaSet", "api-1")),
        _pod("web-1-a", WEB, namespace="other", owners=_owner("ReplicaSet", "web-1")),
        Service(uid="s1", name="web", namespace="shop", selector=WEB),
        Service(uid="s2", name="web-canary", namespace="shop", selector={**WEB, "track": "x"}),
        Service(uid="s3", name="headless", namespace="shop"),
        Service(uid="s4", name="web", namespace="other", selector=WEB),
        Ingress(
            uid="i1",
            name="shop",
            namespace="shop",
            paths=[IngressPath(host="shop.example.com", path="/", service="web", port="80")],
        ),
        Ingress(
            uid="i2", name="api", namespace="shop", paths=[IngressPath(service="api", port="80")]
        ),
        Ingress(uid="i3", name="web", namespace="other", default_backend="web:80"),
        HorizontalPodAutoscaler(
            uid="h1", name="web", namespace="shop", target_kind="Deployment", target_name="web"
        ),
        HorizontalPodAutoscaler(
            uid="h2", name="api", namespace="shop", target_kind="Deployment", target_name="api"
        ),
        PodDisruptionBudget(uid="b1", name="web", namespace="shop", selector=WEB),
        PodDisruptionBudget(uid="b2", name="api", namespace="shop", selector={"app": "api"}),
        PodDisruptionBudget(uid="b3", name="empty", namespace="shop"),
    )


def test_deployment_owns_replicasets_runs_their_pods_and_is_exposed_scaled_and_protected() -> None:
    answer = _of(_shop(), "deployments", "shop/web")
    assert (answer.object.kind, answer.object.plural, answer.object.name) == (
        "Deployment",
        "deployments",
        "web",
    )
    assert answer.object.status == "0/2"
    assert _names(answer, "owns", "ReplicaSet") == ["web-1", "web-2"]
    runs = _groups(answer)["runs", "Pod"]
    assert [(i.namespace, i.name) for i in runs.items] == [("shop", "web-1-a"), ("shop", "web-2-a")]
    assert runs.items[0].plural == "pods"
    assert _names(answer, "exposedBy", "Service") == ["web"]  # not the canary, headless, other ns
    routed = _groups(answer)["routedBy", "Ingress"]
    assert [i.name for i in routed.items] == ["shop"]
    assert routed.items[0].detail == "shop.example.com/ → web:80"
    assert _names(answer, "scaledBy", "HorizontalPodAutoscaler") == ["web"]
    assert _names(answer, "protectedBy", "PodDisruptionBudget") == ["web"]  # not the empty one
    assert "owners" not in {g.relation for g in answer.groups}


def test_a_deployment_without_pods_matches_by_its_own_selector() -> None:
    objects = _objects(
        Deployment(uid="d", name="web", namespace="shop", selector={**WEB, "tier": "front"}),
        Service(uid="s1", name="web", namespace="shop", selector=WEB),
        Service(uid="s2", name="narrow", namespace="shop", selector={**WEB, "track": "canary"}),
        PodDisruptionBudget(uid="b", name="web", namespace="shop", selector=WEB),
    )
    answer = _of(objects, "deployments", "shop/web")
    assert _names(answer, "exposedBy", "Service") == ["web"]
    assert _names(answer, "protectedBy", "PodDisruptionBudget") == ["web"]
    assert ("runs", "Pod") not in _groups(answer)


def test_controllers_own_their_pods() -> None:
    objects = _objects(
        StatefulSet(uid="s", name="redis", namespace="shop", selector={"app": "redis"}),
        DaemonSet(uid="d", name="agent", namespace="shop", selector={"app": "agent"}),
        ReplicaSet(uid="r", name="web-1", namespace="shop"),
        Job(uid="j", name="report", namespace="shop"),
        _pod("redis-0", {"app": "redis"}, owners=_owner("StatefulSet", "redis")),
        _pod("agent-x", {"app": "agent"}, owners=_owner("DaemonSet", "agent")),
        _pod("web-1-a", owners=_owner("ReplicaSet", "web-1")),
        _pod("report-a", owners=_owner("Job", "report")),
        _pod("redis-0", {"app": "redis"}, namespace="other", owners=_owner("StatefulSet", "redis")),
        Service(uid="sv", name="redis", namespace="shop", selector={"app": "redis"}),
        HorizontalPodAutoscaler(
            uid="h", name="redis", namespace="shop", target_kind="StatefulSet", target_name="redis"
        ),
    )
    redis = _of(objects, "statefulsets", "shop/redis")
    assert _names(redis, "owns", "Pod") == ["redis-0"]
    assert _names(redis, "exposedBy", "Service") == ["redis"]
    assert _names(redis, "scaledBy", "HorizontalPodAutoscaler") == ["redis"]
    assert _names(_of(objects, "daemonsets", "shop/agent"), "owns", "Pod") == ["agent-x"]
    assert _names(_of(objects, "replicasets", "shop/web-1"), "owns", "Pod") == ["web-1-a"]
    assert _names(_of(objects, "jobs", "shop/report"), "owns", "Pod") == ["report-a"]


def test_cronjob_owns_jobs_and_runs_their_pods() -> None:
    objects = _objects(
        CronJob(uid="c", name="nightly", namespace="batch", schedule="0 2 * * *"),
        Job(uid="j1", name="nightly-1", namespace="batch", owners=_owner("CronJob", "nightly")),
        Job(uid="j2", name="manual", namespace="batch"),
        _pod("nightly-1-a", namespace="batch", owners=_owner("Job", "nightly-1")),
        _pod("manual-a", namespace="batch", owners=_owner("Job", "manual")),
    )
    answer = _of(objects, "cronjobs", "batch/nightly")
    assert answer.object.detail == "0 2 * * *"
    assert _names(answer, "owns", "Job") == ["nightly-1"]
    assert _names(answer, "runs", "Pod") == ["nightly-1-a"]


def test_owner_chain_goes_up_to_the_root_nearest_first() -> None:
    objects = _shop()
    objects["jobs"]["batch/nightly-1"] = Job(
        uid="j", name="nightly-1", namespace="batch", owners=_owner("CronJob", "nightly")
    )
    objects["cronjobs"]["batch/nightly"] = CronJob(uid="c", name="nightly", namespace="batch")
    objects["pods"]["batch/nightly-1-a"] = _pod(
        "nightly-1-a", namespace="batch", owners=_owner("Job", "nightly-1")
    )
    web = _groups(_of(objects, "pods", "shop/web-1-a"))["owners", ""]
    assert [(i.kind, i.plural, i.name) for i in web.items] == [
        ("ReplicaSet", "replicasets", "web-1"),
        ("Deployment", "deployments", "web"),
    ]
    job = _groups(_of(objects, "pods", "batch/nightly-1-a"))["owners", ""]
    assert [(i.kind, i.name) for i in job.items] == [("Job", "nightly-1"), ("CronJob", "nightly")]
    rs = _groups(_of(objects, "replicasets", "shop/web-1"))["owners", "Deployment"]
    assert [i.name for i in rs.items] == ["web"]


def test_owners_the_master_does_not_hold_end_the_chain() -> None:
    objects = _objects(
        _pod("a", owners=_owner("ReplicaSet", "gone")),
        _pod("b", owners=_owner("Rollout", "canary")),
        _pod("kube-apiserver-n1", namespace="kube-system", owners=_owner("Node", "n1")),
        Node(uid="n", name="n1", ready="True"),
    )
    gone = _groups(_of(objects, "pods", "shop/a"))["owners", "ReplicaSet"].items[0]
    assert (gone.name, gone.plural, gone.status) == ("gone", "replicasets", "not found")
    custom = _groups(_of(objects, "pods", "shop/b"))["owners", "Rollout"].items[0]
    assert (custom.name, custom.plural, custom.namespace, custom.status) == (
        "canary",
        "",
        "shop",
        "",
    )
    mirror = _of(objects, "pods", "kube-system/kube-apiserver-n1")
    node = _groups(mirror)["owners", "Node"].items[0]
    assert (node.namespace, node.name, node.status) == ("", "n1", "Ready")


def test_node_runs_the_pods_placed_on_it() -> None:
    objects = _objects(
        Node(uid="n1", name="n1", ready="True", internal_ip="10.0.0.1"),
        Node(uid="n2", name="n2"),
        _pod("a", node_name="n1", status="Running", ready_containers=1, total_containers=1),
        _pod("b", namespace="kube-system", node_name="n1"),
        _pod("c", node_name="n2"),
        _pod("pending"),
    )
    answer = _of(objects, "nodes", "n1")
    assert (answer.object.status, answer.object.detail, answer.object.namespace) == (
        "Ready",
        "10.0.0.1",
        "",
    )
    runs = _groups(answer)["runs", "Pod"]
    assert [(i.namespace, i.name) for i in runs.items] == [("kube-system", "b"), ("shop", "a")]
    assert (runs.items[1].status, runs.items[1].detail) == ("Running", "1/1 ready on n1")
    assert _of(objects, "nodes", "n2").groups[0].total == 1


def test_service_endpoints_come_from_slices_with_their_pods_and_readiness() -> None:
    objects = _shop()
    objects["endpointslices"]["shop/web-abc"] = EndpointSlice(
        uid="es",
        name="web-abc",
        namespace="shop",
        service_name="web",
        endpoints=[
            EndpointAddress("10.1.0.1", True, "n1", "Pod", "web-1-a"),
            EndpointAddress("10.1.0.2", False, "n2", "Pod", "web-2-a"),
        ],
    )
    objects["endpoints"]["shop/web"] = Endpoints(  # ignored: slices win, as in the service row
        uid="e", name="web", namespace="shop", addresses=[EndpointAddress("10.9.9.9")]
    )
    answer = _of(objects, "services", "shop/web")
    endpoints = _groups(answer)["endpoints", "Pod"]
    assert [(i.name, i.status, i.detail) for i in endpoints.items] == [
        ("web-1-a", "ready", "10.1.0.1 on n1"),
        ("web-2-a", "not ready", "10.1.0.2 on n2"),
    ]
    assert _names(answer, "selects", "Pod") == ["web-1-a", "web-2-a"]
    assert _names(answer, "routedBy", "Ingress") == ["shop"]
    assert answer.object.status == "ClusterIP"


def test_service_endpoints_fall_back_to_endpoints_and_keep_untargeted_addresses() -> None:
    objects = _objects(
        Service(uid="s", name="db", namespace="shop"),
        Endpoints(
            uid="e",
            name="db",
            namespace="shop",
            addresses=[
                EndpointAddress("192.168.1.5"),
                EndpointAddress("10.1.0.7", False, "n1", "Pod", "gone"),
            ],
        ),
        _pod("db-0", {"app": "db"}),
    )
    answer = _of(objects, "services", "shop/db")
    endpoints = _groups(answer)["endpoints", ""]
    assert [(i.kind, i.plural, i.name, i.status) for i in endpoints.items] == [
        ("", "", "192.168.1.5", "ready"),
        ("Pod", "pods", "gone", "not ready"),
    ]
    assert ("selects", "Pod") not in _groups(answer)  # no selector selects nothing
    belongs = _of(objects, "endpoints", "shop/db")
    assert _names(belongs, "belongsTo", "Service") == ["db"]


def test_ingress_routes_to_services_and_reaches_their_pods() -> None:
    objects = _shop()
    objects["ingresses"]["shop/all"] = Ingress(
        uid="i",
        name="all",
        namespace="shop",
        paths=[
            IngressPath(host="a.example.com", path="/", service="web", port="80"),
            IngressPath(host="a.example.com", path="/old", service="missing", port="80"),
        ],
        default_backend="headless:8080",
    )
    answer = _of(objects, "ingresses", "shop/all")
    routes = _groups(answer)["routesTo", "Service"]
    assert [(i.name, i.status) for i in routes.items] == [
        ("headless", "ClusterIP"),
        ("missing", "not found"),
        ("web", "ClusterIP"),
    ]
    assert routes.items[0].detail == "default → headless:8080"
    assert _names(answer, "reaches", "Pod") == ["web-1-a", "web-2-a"]
    other = _of(objects, "ingresses", "other/web")
    assert _names(other, "routesTo", "Service") == ["web"]
    assert _names(other, "reaches", "Pod") == ["web-1-a"]
    assert _groups(other)["reaches", "Pod"].items[0].namespace == "other"


def _pod_with_references() -> Pod:
    return _pod(
        "web-1-a",
        WEB,
        owners=_owner("ReplicaSet", "web-1"),
        node_name="n1",
        service_account="web",
        volumes=[
            Volume("config", "configMap", "web-config"),
            Volume("data", "persistentVolumeClaim", "web-data"),
            Volume("tls", "secret", "web-tls"),
            Volume("tmp", "emptyDir"),
        ],
        containers=[
            ContainerInfo(
                name="app",
                env=[
                    EnvVar("LOG_LEVEL", "configMap", "web-config", "LOG_LEVEL"),
                    EnvVar("MISSING", "configMap", "nowhere", "x"),
                    EnvVar("PLAIN"),
                ],
                env_from=["secret:web-env"],
            )
        ],
    )


def _pod_world() -> Objects:
    objects = _shop()
    objects["pods"]["shop/web-1-a"] = _pod_with_references()
    extra = _objects(
        Node(uid="n", name="n1", ready="True"),
        ConfigMap(uid="cm", name="web-config", namespace="shop", keys=["LOG_LEVEL"]),
        ConfigMap(uid="cm2", name="web-config", namespace="other"),
        Secret(uid="s1", name="web-tls", namespace="shop", type="kubernetes.io/tls"),
        Secret(uid="s2", name="web-env", namespace="shop"),
        ServiceAccount(uid="sa", name="web", namespace="shop", image_pull_secrets=["web-env"]),
        PersistentVolumeClaim(
            uid="c",
            name="web-data",
            namespace="shop",
            phase="Bound",
            volume_name="pv-1",
            storage_class="standard",
        ),
        PersistentVolume(
            uid="v", name="pv-1", phase="Bound", claim="shop/web-data", storage_class="standard"
        ),
        StorageClass(uid="sc", name="standard", provisioner="rancher.io/local-path"),
    )
    for plural, items in extra.items():
        objects[plural].update(items)
    return objects


def test_pod_shows_owners_node_services_config_claims_and_account() -> None:
    answer = _of(_pod_world(), "pods", "shop/web-1-a")
    groups = _groups(answer)
    assert [i.name for i in groups["owners", ""].items] == ["web-1", "web"]
    assert [(i.name, i.status) for i in groups["runsOn", "Node"].items] == [("n1", "Ready")]
    assert _names(answer, "exposedBy", "Service") == ["web"]
    assert _names(answer, "routedBy", "Ingress") == ["shop"]
    assert _names(answer, "protectedBy", "PodDisruptionBudget") == ["web"]
    configs = groups["uses", "ConfigMap"].items
    assert [(i.name, i.status, i.detail) for i in configs] == [
        ("nowhere", "not found", "env MISSING"),
        ("web-config", "1 key", "volume config, env LOG_LEVEL"),
    ]
    assert configs[1].namespace == "shop"
    secrets = groups["uses", "Secret"].items
    assert [(i.name, i.detail) for i in secrets] == [
        ("web-env", "envFrom in app"),
        ("web-tls", "volume tls"),
    ]
    claims = groups["mounts", "PersistentVolumeClaim"].items
    assert [(i.name, i.status, i.detail) for i in claims] == [("web-data", "Bound", "volume data")]
    assert _names(answer, "runsAs", "ServiceAccount") == ["web"]


def test_a_pod_no_service_selects_has_no_service_groups() -> None:
    answer = _of(_objects(_pod("lonely", {"app": "lonely"})), "pods", "shop/lonely")
    assert answer.groups == []


def test_configmaps_and_secrets_are_used_by_pods_of_their_namespace() -> None:
    objects = _pod_world()
    objects["pods"]["other/reader"] = _pod(
        "reader", namespace="other", volumes=[Volume("c", "configMap", "web-config")]
    )
    used = _groups(_of(objects, "configmaps", "shop/web-config"))["usedBy", "Pod"]
    assert [(i.name, i.detail) for i in used.items] == [("web-1-a", "volume config, env LOG_LEVEL")]
    assert _names(_of(objects, "configmaps", "other/web-config"), "usedBy", "Pod") == ["reader"]
    secret = _of(objects, "secrets", "shop/web-env")
    assert _names(secret, "usedBy", "Pod") == ["web-1-a"]
    assert _names(secret, "usedBy", "ServiceAccount") == ["web"]
    account = _of(objects, "serviceaccounts", "shop/web")
    assert _names(account, "usedBy", "Pod") == ["web-1-a"]
    assert _names(account, "uses", "Secret") == ["web-env"]


def test_claims_and_volumes_are_bound_and_mounted() -> None:
    objects = _pod_world()
    claim = _of(objects, "persistentvolumeclaims", "shop/web-data")
    assert [
        (i.name, i.status, i.namespace) for i in _groups(claim)["boundTo", "PersistentVolume"].items
    ] == [("pv-1", "Bound", "")]
    assert _names(claim, "uses", "StorageClass") == ["standard"]
    mounted = _groups(claim)["mountedBy", "Pod"]
    assert [(i.name, i.detail) for i in mounted.items] == [("web-1-a", "volume data")]
    volume = _of(objects, "persistentvolumes", "pv-1")
    bound = _groups(volume)["boundTo", "PersistentVolumeClaim"].items
    assert [(i.namespace, i.name, i.status) for i in bound] == [("shop", "web-data", "Bound")]
    assert _names(volume, "mountedBy", "Pod") == ["web-1-a"]
    storage = _of(objects, "storageclasses", "standard")
    assert _names(storage, "usedBy", "PersistentVolume") == ["pv-1"]
    assert _names(storage, "usedBy", "PersistentVolumeClaim") == ["web-data"]
    objects["persistentvolumes"]["pv-2"] = PersistentVolume(uid="v2", name="pv-2")
    assert _of(objects, "persistentvolumes", "pv-2").groups == []


def test_autoscaler_scales_its_target_and_budget_protects_matching_pods() -> None:
    objects = _shop()
    hpa = _of(objects, "horizontalpodautoscalers", "shop/web")
    target = _groups(hpa)["scales", "Deployment"].items
    assert [(i.name, i.plural, i.status) for i in target] == [("web", "deployments", "0/2")]
    assert _names(_of(objects, "poddisruptionbudgets", "shop/web"), "protects", "Pod") == [
        "web-1-a",
        "web-2-a",
    ]
    assert _of(objects, "poddisruptionbudgets", "shop/empty").groups == []


def test_event_is_about_its_object() -> None:
    objects = _shop()
    objects["events"]["shop/e1"] = Event(
        uid="e", name="e1", namespace="shop", object_kind="Deployment", object_name="web"
    )
    answer = _of(objects, "events", "shop/e1")
    assert _names(answer, "about", "Deployment") == ["web"]


def test_groups_list_at_most_max_items_and_say_how_many_there_are() -> None:
    pods = [_pod(f"p{i:04}", WEB, node_name="n1") for i in range(rel.MAX_ITEMS + 5)]
    objects = _objects(Node(uid="n", name="n1"), *pods)
    group = _groups(_of(objects, "nodes", "n1"))["runs", "Pod"]
    assert group.total == rel.MAX_ITEMS + 5
    assert len(group.items) == rel.MAX_ITEMS
    assert group.items[0].name == "p0000"


def test_selector_matching() -> None:
    labels = {"app": "web", "tier": "front"}
    assert matches({"app": "web"}, labels)
    assert matches(labels, labels)
    assert not matches({"app": "api"}, labels)
    assert not matches({"app": "web", "track": "canary"}, labels)
    assert not matches({}, labels)
