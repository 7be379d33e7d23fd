"""What an object is connected to: its owners and what it owns, what selects it and what it
selects, what routes to it, what it mounts and where it runs.

Everything is derived on request from the compact objects the Master holds. Each group names the
relation from the object's side:

- `owners`: the owner chain upward, nearest first (Pod → ReplicaSet → Deployment).
- `owns`: objects whose owner it is; `runs`: the pods a Deployment or CronJob runs through what
  it owns, or the pods placed on a Node; `runsOn`: a Pod's Node; `runsAs`: its ServiceAccount.
- `exposedBy`/`selects`: Services ⇄ pods; `endpoints`: a Service's addresses with the pod and node
  each one points to; `routedBy`/`routesTo`: Ingresses ⇄ Services; `reaches`: the pods behind an
  Ingress's Services.
- `scaledBy`/`scales`: autoscalers; `protectedBy`/`protects`: disruption budgets.
- `uses`/`usedBy`: ConfigMaps, Secrets, ServiceAccounts, StorageClasses; `mounts`/`mountedBy`:
  claims; `boundTo`: claim ⇄ volume; `belongsTo`: Endpoints/EndpointSlice → Service; `about`: an
  Event's object.

Selectors carry `matchLabels` only (the Agent drops matchExpressions), so an empty selector matches
nothing: for a Service that is Kubernetes' own rule, and for a budget it avoids claiming every pod
for a selector made of expressions the Master cannot see.

Pod lookups scan the pods of the object's namespace once per request (a Node's scan every pod):
at 150k pods that stays within tens of milliseconds, so no index has to follow every delta.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import msgspec

from atlhyper.master.views.kinds import KINDS, Objects
from atlhyper.master.views.nodes import node_status
from atlhyper.model import (
    ConfigMap,
    CronJob,
    Deployment,
    EndpointAddress,
    Endpoints,
    EndpointSlice,
    Event,
    HorizontalPodAutoscaler,
    Ingress,
    Node,
    PersistentVolume,
    PersistentVolumeClaim,
    Pod,
    PodDisruptionBudget,
    Secret,
    Service,
    ServiceAccount,
    StorageClass,
)

MAX_ITEMS = 500  # per group; `total` says how many there are
_MAX_OWNERS = 8

KIND_OF: dict[str, str] = {plural: kind.object_type.__name__ for plural, kind in KINDS.items()}
PLURAL_OF: dict[str, str] = {name: plural for plural, name in KIND_OF.items()}

_REFERENCE_PLURAL = {
    "configMap": "configmaps",
    "secret": "secrets",
    "persistentVolumeClaim": "persistentvolumeclaims",
}


class RelatedObject(msgspec.Struct, rename="camel", gc=False):
    """One object by reference. `plural` names its routes; it is "" when the Master does not
    serve the kind (a custom resource that owns a pod) or for an endpoint address without a
    target. `status` is "not found" when the object is named but not in the cluster's state."""

    kind: str
    plural: str
    namespace: str  # "" for cluster-scoped kinds
    name: str
    status: str
    detail: str


class RelationGroup(msgspec.Struct, rename="camel", gc=False):
    relation: str
    kind: str  # every item's kind; "" when they differ (an owner chain, endpoint targets)
    total: int  # `items` holds the first MAX_ITEMS of them
    items: list[RelatedObject]


class Relations(msgspec.Struct, rename="camel"):
    """The groups an object has; a relation with nothing in it is left out."""

    object: RelatedObject
    groups: list[RelationGroup]


@dataclass(frozen=True, slots=True)
class _Ref:
    plural: str
    kind: str
    namespace: str
    name: str
    obj: Any | None  # None: named, but not in the state (or a kind the Master does not hold)
    detail: str = ""
    status: str | None = None  # overrides the object's own status (an endpoint's readiness)


def _ref(plural: str, obj: Any, detail: str = "") -> _Ref:
    return _Ref(plural, KIND_OF[plural], getattr(obj, "namespace", ""), obj.name, obj, detail)


def _named(objects: Objects, plural: str, namespace: str, name: str, detail: str = "") -> _Ref:
    """A reference by name, whether or not the object exists."""
    namespace = namespace if KINDS[plural].namespaced else ""
    obj = objects.get(plural, {}).get(f"{namespace}/{name}" if namespace else name)
    return _Ref(plural, KIND_OF[plural], namespace, name, obj, detail)


def _by_kind(objects: Objects, kind: str, namespace: str, name: str, detail: str = "") -> _Ref:
    """A reference by Kubernetes kind, as owner references and scale targets give it."""
    plural = PLURAL_OF.get(kind)
    if plural is None:
        return _Ref("", kind, namespace, name, None, detail)
    return _named(objects, plural, namespace, name, detail)


# --- status text, from the object's table row ---------------------------------------------------


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


_ROW_TEXT: dict[str, Callable[[Any], tuple[str, str]]] = {
    "pods": lambda r: (r.status, f"{r.ready} ready" + (f" on {r.node}" if r.node else "")),
    "deployments": lambda r: (r.ready, r.rollout),
    "statefulsets": lambda r: (r.ready, r.rollout),
    "daemonsets": lambda r: (f"{r.ready}/{r.desired}", r.rollout),
    "replicasets": lambda r: (f"{r.ready}/{r.desired}", r.revision and f"revision {r.revision}"),
    "jobs": lambda r: (r.status, f"{r.completions} completions"),
    "cronjobs": lambda r: ("suspended" if r.suspend else f"{r.active} active", r.schedule),
    "horizontalpodautoscalers": lambda r: (f"{r.replicas} replicas", r.targets),
    "poddisruptionbudgets": lambda r: (f"{r.allowed_disruptions} disruptions allowed", r.healthy),
    "endpoints": lambda r: (f"{r.ready}/{r.ready + r.not_ready} ready", r.endpoints),
    "endpointslices": lambda r: (f"{r.ready}/{r.ready + r.not_ready} ready", r.endpoints),
    "ingresses": lambda r: (r.hosts, r.backends),
    "networkpolicies": lambda r: (r.policy_types, r.pod_selector),
    "configmaps": lambda r: (_count(r.data, "key"), r.keys),
    "secrets": lambda r: (r.type, _count(r.data, "key")),
    "resourcequotas": lambda r: ("", r.usage),
    "limitranges": lambda r: ("", r.types),
    "serviceaccounts": lambda r: ("", _count(r.secrets, "secret")),
    "persistentvolumes": lambda r: (r.status, r.claim),
    "persistentvolumeclaims": lambda r: (r.status, r.volume),
    "storageclasses": lambda r: (r.provisioner, "default" if r.is_default else ""),
    "events": lambda r: (r.type, r.reason),
}

# Kinds whose rows read other kinds as a whole (a service's endpoints, a node's pods).
_OBJECT_TEXT: dict[str, Callable[[Any], tuple[str, str]]] = {
    "nodes": lambda n: (node_status(n), n.internal_ip),
    "namespaces": lambda n: (n.phase, ""),
    "services": lambda s: (s.type, s.cluster_ip),
}


def _describe(plural: str, obj: Any, objects: Objects) -> tuple[str, str]:
    if plural in _OBJECT_TEXT:
        return _OBJECT_TEXT[plural](obj)
    text, row_for = _ROW_TEXT.get(plural), KINDS[plural].row_for
    if text is None or row_for is None:
        return "", ""
    return text(row_for("", "", obj, objects))


def _item(ref: _Ref, objects: Objects) -> RelatedObject:
    if ref.obj is None:
        status, detail = ("not found" if ref.plural else ""), ""
    else:
        status, detail = _describe(ref.plural, ref.obj, objects)
    if ref.status is not None:
        status = ref.status
    return RelatedObject(
        ref.kind, ref.plural, ref.namespace, ref.name, status, ref.detail or detail
    )


def _group(
    relation: str, refs: list[_Ref], objects: Objects, ordered: bool = False
) -> RelationGroup | None:
    """`refs` sorted by kind, namespace and name unless `ordered`; None when there are none."""
    if not refs:
        return None
    if not ordered:
        refs = sorted(refs, key=lambda r: (r.kind, r.namespace, r.name))
    kinds = {r.kind for r in refs}
    return RelationGroup(
        relation,
        kinds.pop() if len(kinds) == 1 else "",
        len(refs),
        [_item(ref, objects) for ref in refs[:MAX_ITEMS]],
    )


# --- matching -----------------------------------------------------------------------------------


def matches(selector: Mapping[str, str], labels: Mapping[str, str]) -> bool:
    """Every key/value of a non-empty selector is among the labels."""
    return bool(selector) and selector.items() <= labels.items()


def _selects_any(selector: Mapping[str, str], pods: list[Pod], fallback: Mapping[str, str]) -> bool:
    """Whether `selector` picks one of `pods`; with no pods (a workload scaled to zero), whether
    it picks every pod the workload's own selector `fallback` requires."""
    if pods:
        return any(matches(selector, pod.labels) for pod in pods)
    return matches(selector, fallback)


def _owned_by(obj: Any, kind: str, names: str | set[str]) -> bool:
    if isinstance(names, str):
        return any(o.kind == kind and o.name == names for o in obj.owners)
    return any(o.kind == kind and o.name in names for o in obj.owners)


def _pod_references(pod: Pod) -> dict[tuple[str, str], list[str]]:
    """(plural, name) → how the pod uses it, for every ConfigMap, Secret and claim it names."""
    found: dict[tuple[str, str], list[str]] = {}
    for v in pod.volumes:
        plural = _REFERENCE_PLURAL.get(v.type)
        if plural and v.source:
            found.setdefault((plural, v.source), []).append(f"volume {v.name}")
    for container in pod.containers:
        for var in container.env:
            plural = _REFERENCE_PLURAL.get(var.source)
            if plural and var.ref_name:
                found.setdefault((plural, var.ref_name), []).append(f"env {var.name}")
        for ref in container.env_from:
            source, _, ref_name = ref.partition(":")
            plural = _REFERENCE_PLURAL.get(source)
            if plural and ref_name:
                found.setdefault((plural, ref_name), []).append(f"envFrom in {container.name}")
    return found


def _backends(ingress: Ingress) -> list[tuple[str, str]]:
    """(service, "host/path → service:port") for every rule and the default backend."""
    found = [
        (p.service, f"{p.host}{p.path} → {p.service}:{p.port}") for p in ingress.paths if p.service
    ]
    if ingress.default_backend:
        service, _, port = ingress.default_backend.partition(":")
        found.append((service, f"default → {service}:{port}"))
    return found


# --- one request's view of a namespace ----------------------------------------------------------


class _Scope:
    """The objects of one namespace, each kind scanned at most once per request."""

    def __init__(self, objects: Objects, namespace: str) -> None:
        self.objects = objects
        self.namespace = namespace
        self._scanned: dict[str, list[Any]] = {}

    def of(self, plural: str) -> list[Any]:
        found = self._scanned.get(plural)
        if found is None:
            namespace = self.namespace
            values = self.objects.get(plural, {}).values()
            found = self._scanned[plural] = [o for o in values if o.namespace == namespace]
        return found

    def pods(self) -> list[Pod]:
        return self.of("pods")

    def find(self, plural: str, name: str, detail: str = "") -> _Ref:
        return _named(self.objects, plural, self.namespace, name, detail)

    def group(self, relation: str, refs: list[_Ref], ordered: bool = False) -> RelationGroup | None:
        return _group(relation, refs, self.objects, ordered)

    def pod_group(self, relation: str, pods: Iterable[Pod]) -> RelationGroup | None:
        return self.group(relation, [_ref("pods", pod) for pod in pods])

    def ingresses_to(self, services: set[str]) -> list[_Ref]:
        refs = []
        for ingress in self.of("ingresses"):
            routes = [text for service, text in _backends(ingress) if service in services]
            if routes:
                refs.append(_ref("ingresses", ingress, ", ".join(routes)))
        return refs

    def around_pods(
        self, pods: list[Pod], fallback: Mapping[str, str]
    ) -> list[RelationGroup | None]:
        """The Services, Ingresses and budgets around a set of pods (a workload's, or one)."""
        services = [s for s in self.of("services") if _selects_any(s.selector, pods, fallback)]
        budgets = [
            b for b in self.of("poddisruptionbudgets") if _selects_any(b.selector, pods, fallback)
        ]
        return [
            self.group("exposedBy", [_ref("services", s) for s in services]),
            self.group("routedBy", self.ingresses_to({s.name for s in services})),
            self.group("protectedBy", [_ref("poddisruptionbudgets", b) for b in budgets]),
        ]

    def scaled_by(self, kind: str, name: str) -> RelationGroup | None:
        autoscalers = [
            h
            for h in self.of("horizontalpodautoscalers")
            if h.target_kind == kind and h.target_name == name
        ]
        return self.group("scaledBy", [_ref("horizontalpodautoscalers", h) for h in autoscalers])

    def users(self, plural: str, name: str) -> RelationGroup | None:
        """The pods that use the ConfigMap, Secret or claim `name`, and how."""
        refs = []
        for pod in self.pods():
            uses = _pod_references(pod).get((plural, name))
            if uses:
                refs.append(_ref("pods", pod, ", ".join(dict.fromkeys(uses))))
        return self.group("mountedBy" if plural == "persistentvolumeclaims" else "usedBy", refs)


Groups = list[RelationGroup | None]


# --- per kind -----------------------------------------------------------------------------------


def _deployment(scope: _Scope, deployment: Deployment) -> Groups:
    sets = [r for r in scope.of("replicasets") if _owned_by(r, "Deployment", deployment.name)]
    names = {r.name for r in sets}
    pods = [p for p in scope.pods() if _owned_by(p, "ReplicaSet", names)]
    return [
        scope.group("owns", [_ref("replicasets", r) for r in sets]),
        scope.pod_group("runs", pods),
        *scope.around_pods(pods, deployment.selector),
        scope.scaled_by("Deployment", deployment.name),
    ]


def _controller(kind: str) -> Callable[[_Scope, Any], Groups]:
    """StatefulSets, DaemonSets, ReplicaSets and Jobs: the pods they own, and around them."""

    def build(scope: _Scope, obj: Any) -> Groups:
        pods = [p for p in scope.pods() if _owned_by(p, kind, obj.name)]
        return [
            scope.pod_group("owns", pods),
            *scope.around_pods(pods, getattr(obj, "selector", {})),
            scope.scaled_by(kind, obj.name),
        ]

    return build


def _cronjob(scope: _Scope, cronjob: CronJob) -> Groups:
    jobs = [j for j in scope.of("jobs") if _owned_by(j, "CronJob", cronjob.name)]
    names = {j.name for j in jobs}
    return [
        scope.group("owns", [_ref("jobs", j) for j in jobs]),
        scope.pod_group("runs", (p for p in scope.pods() if _owned_by(p, "Job", names))),
    ]


def _pod(scope: _Scope, pod: Pod) -> Groups:
    references: dict[str, list[_Ref]] = {plural: [] for plural in _REFERENCE_PLURAL.values()}
    for (plural, name), uses in _pod_references(pod).items():
        references[plural].append(scope.find(plural, name, ", ".join(dict.fromkeys(uses))))
    return [
        scope.group("runsOn", [scope.find("nodes", pod.node_name)] if pod.node_name else []),
        *scope.around_pods([pod], {}),
        scope.group("uses", references["configmaps"]),
        scope.group("uses", references["secrets"]),
        scope.group("mounts", references["persistentvolumeclaims"]),
        scope.group(
            "runsAs",
            [scope.find("serviceaccounts", pod.service_account)] if pod.service_account else [],
        ),
    ]


def _node(scope: _Scope, node: Node) -> Groups:
    pods = scope.objects.get("pods", {}).values()
    return [scope.pod_group("runs", (p for p in pods if p.node_name == node.name))]


def _endpoint(scope: _Scope, address: EndpointAddress) -> _Ref:
    """The pod (or other target) an address points to, with its readiness and node."""
    status = "ready" if address.ready else "not ready"
    where = f"{address.ip} on {address.node_name}" if address.node_name else address.ip
    if not address.target_kind:
        return _Ref("", "", scope.namespace, address.ip, None, where, status)
    ref = _by_kind(scope.objects, address.target_kind, scope.namespace, address.target_name)
    return replace(ref, detail=where, status=status)


def _addresses(scope: _Scope, service: str) -> list[EndpointAddress]:
    """A Service's addresses from its EndpointSlices, else from its Endpoints (as its row)."""
    slices = [s for s in scope.of("endpointslices") if s.service_name == service]
    if slices:
        return [address for piece in slices for address in piece.endpoints]
    endpoints = scope.find("endpoints", service).obj
    return list(endpoints.addresses) if endpoints else []


def _service(scope: _Scope, service: Service) -> Groups:
    selector = service.selector
    return [
        scope.group("endpoints", [_endpoint(scope, a) for a in _addresses(scope, service.name)]),
        scope.pod_group("selects", (p for p in scope.pods() if matches(selector, p.labels))),
        scope.group("routedBy", scope.ingresses_to({service.name})),
    ]


def _endpoints(scope: _Scope, endpoints: Endpoints) -> Groups:
    return [
        scope.group("belongsTo", [scope.find("services", endpoints.name)]),
        scope.group("endpoints", [_endpoint(scope, a) for a in endpoints.addresses]),
    ]


def _endpointslice(scope: _Scope, piece: EndpointSlice) -> Groups:
    service = [scope.find("services", piece.service_name)] if piece.service_name else []
    return [
        scope.group("belongsTo", service),
        scope.group("endpoints", [_endpoint(scope, a) for a in piece.endpoints]),
    ]


def _ingress(scope: _Scope, ingress: Ingress) -> Groups:
    routes: dict[str, list[str]] = {}
    for service, text in _backends(ingress):
        routes.setdefault(service, []).append(text)
    services = [scope.find("services", name, ", ".join(texts)) for name, texts in routes.items()]
    selectors = [ref.obj.selector for ref in services if ref.obj is not None]
    return [
        scope.group("routesTo", services),
        scope.pod_group(
            "reaches",
            (p for p in scope.pods() if any(matches(s, p.labels) for s in selectors)),
        ),
    ]


def _hpa(scope: _Scope, hpa: HorizontalPodAutoscaler) -> Groups:
    if not hpa.target_kind:
        return []
    target = _by_kind(scope.objects, hpa.target_kind, scope.namespace, hpa.target_name)
    return [scope.group("scales", [target])]


def _pdb(scope: _Scope, budget: PodDisruptionBudget) -> Groups:
    pods = (p for p in scope.pods() if matches(budget.selector, p.labels))
    return [scope.pod_group("protects", pods)]


def _claim(scope: _Scope, claim: PersistentVolumeClaim) -> Groups:
    volume = [scope.find("persistentvolumes", claim.volume_name)] if claim.volume_name else []
    storage = [scope.find("storageclasses", claim.storage_class)] if claim.storage_class else []
    return [
        scope.group("boundTo", volume),
        scope.group("uses", storage),
        scope.users("persistentvolumeclaims", claim.name),
    ]


def _volume(scope: _Scope, volume: PersistentVolume) -> Groups:
    storage = [scope.find("storageclasses", volume.storage_class)] if volume.storage_class else []
    namespace, _, name = volume.claim.partition("/")
    if not name:
        return [scope.group("uses", storage)]
    claim_scope = _Scope(scope.objects, namespace)
    return [
        scope.group("boundTo", [claim_scope.find("persistentvolumeclaims", name)]),
        scope.group("uses", storage),
        claim_scope.users("persistentvolumeclaims", name),
    ]


def _storageclass(scope: _Scope, storage: StorageClass) -> Groups:
    volumes = scope.objects.get("persistentvolumes", {}).values()
    claims = scope.objects.get("persistentvolumeclaims", {}).values()
    return [
        scope.group(
            "usedBy",
            [_ref("persistentvolumes", v) for v in volumes if v.storage_class == storage.name],
        ),
        scope.group(
            "usedBy",
            [_ref("persistentvolumeclaims", c) for c in claims if c.storage_class == storage.name],
        ),
    ]


def _configmap(scope: _Scope, configmap: ConfigMap) -> Groups:
    return [scope.users("configmaps", configmap.name)]


def _secret(scope: _Scope, secret: Secret) -> Groups:
    accounts = [
        _ref("serviceaccounts", a)
        for a in scope.of("serviceaccounts")
        if secret.name in a.secrets or secret.name in a.image_pull_secrets
    ]
    return [scope.users("secrets", secret.name), scope.group("usedBy", accounts)]


def _serviceaccount(scope: _Scope, account: ServiceAccount) -> Groups:
    names = dict.fromkeys([*account.secrets, *account.image_pull_secrets])
    return [
        scope.pod_group("usedBy", (p for p in scope.pods() if p.service_account == account.name)),
        scope.group("uses", [scope.find("secrets", name) for name in names]),
    ]


def _event(scope: _Scope, event: Event) -> Groups:
    if not event.object_kind:
        return []
    namespace = event.object_namespace or event.namespace
    return [
        scope.group(
            "about", [_by_kind(scope.objects, event.object_kind, namespace, event.object_name)]
        )
    ]


_BUILDERS: dict[str, Callable[[_Scope, Any], Groups]] = {
    "deployments": _deployment,
    "statefulsets": _controller("StatefulSet"),
    "daemonsets": _controller("DaemonSet"),
    "replicasets": _controller("ReplicaSet"),
    "jobs": _controller("Job"),
    "cronjobs": _cronjob,
    "pods": _pod,
    "nodes": _node,
    "services": _service,
    "endpoints": _endpoints,
    "endpointslices": _endpointslice,
    "ingresses": _ingress,
    "horizontalpodautoscalers": _hpa,
    "poddisruptionbudgets": _pdb,
    "persistentvolumeclaims": _claim,
    "persistentvolumes": _volume,
    "storageclasses": _storageclass,
    "configmaps": _configmap,
    "secrets": _secret,
    "serviceaccounts": _serviceaccount,
    "events": _event,
}


def _owners(objects: Objects, obj: Any) -> list[_Ref]:
    """Every owner reachable upward, nearest first; owners the Master does not hold end a path."""
    chain: list[_Ref] = []
    seen: set[tuple[str, str, str]] = set()
    frontier = [(getattr(obj, "namespace", ""), owner) for owner in obj.owners]
    while frontier and len(chain) < _MAX_OWNERS:
        namespace, owner = frontier.pop(0)
        ref = _by_kind(objects, owner.kind, namespace, owner.name)
        if (ref.kind, ref.namespace, ref.name) in seen:
            continue
        seen.add((ref.kind, ref.namespace, ref.name))
        chain.append(ref)
        if ref.obj is not None:
            frontier += [(ref.namespace, parent) for parent in ref.obj.owners]
    return chain


def relations(objects: Objects, plural: str, obj: Any) -> Relations:
    """The relation groups of `obj`, a `plural` object held in `objects` (a cluster's state)."""
    scope = _Scope(objects, getattr(obj, "namespace", ""))
    build = _BUILDERS.get(plural)
    groups = [
        _group("owners", _owners(objects, obj), objects, ordered=True),
        *(build(scope, obj) if build else []),
    ]
    return Relations(_item(_ref(plural, obj), objects), [g for g in groups if g is not None])
