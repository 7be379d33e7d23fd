"""Workload kinds: pods and the controllers that own them, plus autoscaling and disruption budgets.

Controllers carry their rollout state (`rollout`: "complete" or "progressing", "failed" once a
Deployment exceeded its progress deadline) so the Master shows it without re-deriving it.

Controllers, Jobs and CronJobs also carry their pod template's `containers` and `volumes`, converted
as a pod's are, so a detail page shows them without reading the live object. A template container
has no runtime: `ready`, `restartCount`, `state` and `reason` keep their defaults.
"""

from __future__ import annotations

import msgspec

from atlhyper.model.meta import Condition, NamespacedObject


class Probe(msgspec.Struct, rename="camel", gc=False):
    kind: str  # liveness | readiness | startup
    type: str  # httpGet | tcpSocket | exec | grpc
    target: str = ""  # e.g. "HTTP GET :8080/healthz", "TCP :5432", "exec cat /tmp/ok"


class EnvVar(msgspec.Struct, rename="camel", gc=False):
    """An environment variable's name and where it comes from; never its value."""

    name: str
    source: str = ""  # "" (literal) | secret | configMap | field | resource
    ref_name: str = ""  # the Secret or ConfigMap name
    ref_key: str = ""  # the key inside it, or the field path


class ContainerPort(msgspec.Struct, rename="camel", gc=False):
    name: str = ""
    container_port: int = 0
    protocol: str = "TCP"


class ContainerInfo(msgspec.Struct, rename="camel", gc=False):
    name: str
    image: str = ""
    ready: bool = False
    restart_count: int = 0
    state: str = "waiting"  # running | waiting | terminated
    reason: str = ""  # waiting/terminated reason, e.g. CrashLoopBackOff
    last_termination_reason: str = ""
    init: bool = False
    cpu_request_millicores: int = 0
    cpu_limit_millicores: int = 0
    memory_request_bytes: int = 0
    memory_limit_bytes: int = 0
    probes: list[Probe] = []
    env: list[EnvVar] = []
    env_from: list[str] = []  # "secret:NAME" | "configMap:NAME"
    ports: list[ContainerPort] = []


class Volume(msgspec.Struct, rename="camel", gc=False):
    name: str
    type: str  # configMap | secret | persistentVolumeClaim | emptyDir | hostPath | projected | …
    source: str = ""  # the ConfigMap, Secret or claim name, or the host path


class Pod(NamespacedObject, kw_only=True):
    node_name: str = ""
    phase: str = "Pending"
    status: str = "Pending"  # what kubectl's STATUS column shows
    ready_containers: int = 0
    total_containers: int = 0
    restarts: int = 0
    pod_ip: str = ""
    host_ip: str = ""
    qos_class: str = ""
    owner_kind: str = ""  # the controller owner, also in `owners`
    owner_name: str = ""
    deleting: bool = False
    service_account: str = ""
    containers: list[ContainerInfo] = []
    volumes: list[Volume] = []
    conditions: list[Condition] = []


class Controller(NamespacedObject, kw_only=True):
    """Fields shared by the replica-managing controllers."""

    generation: int = 0
    observed_generation: int = 0
    rollout: str = "complete"  # complete | progressing | failed
    images: list[str] = []
    selector: dict[str, str] = {}
    conditions: list[Condition] = []
    containers: list[ContainerInfo] = []  # the pod template's
    volumes: list[Volume] = []


class Deployment(Controller, kw_only=True):
    replicas: int = 0  # desired
    updated_replicas: int = 0
    ready_replicas: int = 0
    available_replicas: int = 0
    unavailable_replicas: int = 0
    revision: str = ""
    strategy: str = ""
    paused: bool = False


class StatefulSet(Controller, kw_only=True):
    replicas: int = 0
    ready_replicas: int = 0
    current_replicas: int = 0
    updated_replicas: int = 0
    available_replicas: int = 0
    service_name: str = ""
    current_revision: str = ""
    update_revision: str = ""


class DaemonSet(Controller, kw_only=True):
    desired: int = 0
    current: int = 0
    ready: int = 0
    updated: int = 0
    available: int = 0
    misscheduled: int = 0
    node_selector: dict[str, str] = {}


class ReplicaSet(Controller, kw_only=True):
    replicas: int = 0
    current_replicas: int = 0
    ready_replicas: int = 0
    available_replicas: int = 0
    revision: str = ""


class Job(NamespacedObject, kw_only=True):
    completions: int | None = None
    parallelism: int | None = None
    active: int = 0
    succeeded: int = 0
    failed: int = 0
    suspended: bool = False
    status: str = "Running"  # Running | Complete | Failed | Suspended
    start_time: str = ""
    completion_time: str = ""
    images: list[str] = []
    conditions: list[Condition] = []
    containers: list[ContainerInfo] = []  # the pod template's
    volumes: list[Volume] = []


class CronJob(NamespacedObject, kw_only=True):
    schedule: str = ""
    time_zone: str = ""
    suspend: bool = False
    concurrency_policy: str = ""
    active: list[str] = []  # names of the Jobs running now
    last_schedule_time: str = ""
    last_successful_time: str = ""
    images: list[str] = []
    containers: list[ContainerInfo] = []  # the job template's pod template's
    volumes: list[Volume] = []


class HpaMetric(msgspec.Struct, rename="camel", gc=False):
    """One scaling metric: `target` and `current` as kubectl shows them ("80%", "500m", "1k")."""

    type: str  # Resource | Pods | Object | External | ContainerResource
    name: str
    target: str = ""
    current: str = ""


class HorizontalPodAutoscaler(NamespacedObject, kw_only=True):
    target_kind: str = ""
    target_name: str = ""
    min_replicas: int = 1
    max_replicas: int = 0
    current_replicas: int = 0
    desired_replicas: int = 0
    metrics: list[HpaMetric] = []
    last_scale_time: str = ""
    conditions: list[Condition] = []


class PodDisruptionBudget(NamespacedObject, kw_only=True):
    min_available: str = ""
    max_unavailable: str = ""
    selector: dict[str, str] = {}
    current_healthy: int = 0
    desired_healthy: int = 0
    disruptions_allowed: int = 0
    expected_pods: int = 0
