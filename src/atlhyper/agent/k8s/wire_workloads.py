"""Wire structs for workload controllers, autoscalers and disruption budgets (apps, batch,
autoscaling/v2, policy/v1): only the fields the converters read."""

from __future__ import annotations

import msgspec

from atlhyper.agent.k8s.wire import Condition, IntOrString, ObjectMeta, PodSpec


class LabelSelector(msgspec.Struct, gc=False):
    matchLabels: dict[str, str] | None = None  # noqa: N815


class PodTemplate(msgspec.Struct, gc=False):
    spec: PodSpec = msgspec.field(default_factory=PodSpec)


class Strategy(msgspec.Struct, gc=False):
    type: str = ""


class DeploymentSpec(msgspec.Struct, gc=False):
    replicas: int = 1
    paused: bool = False
    selector: LabelSelector | None = None
    strategy: Strategy | None = None
    template: PodTemplate = msgspec.field(default_factory=PodTemplate)


class DeploymentStatus(msgspec.Struct, gc=False):
    observedGeneration: int = 0  # noqa: N815
    replicas: int = 0
    updatedReplicas: int = 0  # noqa: N815
    readyReplicas: int = 0  # noqa: N815
    availableReplicas: int = 0  # noqa: N815
    unavailableReplicas: int = 0  # noqa: N815
    conditions: list[Condition] = []


class Deployment(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: DeploymentSpec = msgspec.field(default_factory=DeploymentSpec)
    status: DeploymentStatus = msgspec.field(default_factory=DeploymentStatus)


class StatefulSetSpec(msgspec.Struct, gc=False):
    replicas: int = 1
    serviceName: str = ""  # noqa: N815
    selector: LabelSelector | None = None
    template: PodTemplate = msgspec.field(default_factory=PodTemplate)


class StatefulSetStatus(msgspec.Struct, gc=False):
    observedGeneration: int = 0  # noqa: N815
    replicas: int = 0
    readyReplicas: int = 0  # noqa: N815
    currentReplicas: int = 0  # noqa: N815
    updatedReplicas: int = 0  # noqa: N815
    availableReplicas: int = 0  # noqa: N815
    currentRevision: str = ""  # noqa: N815
    updateRevision: str = ""  # noqa: N815
    conditions: list[Condition] = []


class StatefulSet(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: StatefulSetSpec = msgspec.field(default_factory=StatefulSetSpec)
    status: StatefulSetStatus = msgspec.field(default_factory=StatefulSetStatus)


class DaemonSetSpec(msgspec.Struct, gc=False):
    selector: LabelSelector | None = None
    updateStrategy: Strategy | None = None  # noqa: N815
    template: PodTemplate = msgspec.field(default_factory=PodTemplate)


class DaemonSetStatus(msgspec.Struct, gc=False):
    observedGeneration: int = 0  # noqa: N815
    desiredNumberScheduled: int = 0  # noqa: N815
    currentNumberScheduled: int = 0  # noqa: N815
    numberReady: int = 0  # noqa: N815
    updatedNumberScheduled: int = 0  # noqa: N815
    numberAvailable: int = 0  # noqa: N815
    numberMisscheduled: int = 0  # noqa: N815
    conditions: list[Condition] = []


class DaemonSet(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: DaemonSetSpec = msgspec.field(default_factory=DaemonSetSpec)
    status: DaemonSetStatus = msgspec.field(default_factory=DaemonSetStatus)


class ReplicaSetSpec(msgspec.Struct, gc=False):
    replicas: int = 1
    selector: LabelSelector | None = None
    template: PodTemplate = msgspec.field(default_factory=PodTemplate)


class ReplicaSetStatus(msgspec.Struct, gc=False):
    observedGeneration: int = 0  # noqa: N815
    replicas: int = 0
    readyReplicas: int = 0  # noqa: N815
    availableReplicas: int = 0  # noqa: N815
    conditions: list[Condition] = []


class ReplicaSet(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: ReplicaSetSpec = msgspec.field(default_factory=ReplicaSetSpec)
    status: ReplicaSetStatus = msgspec.field(default_factory=ReplicaSetStatus)


class JobSpec(msgspec.Struct, gc=False):
    completions: int | None = None
    parallelism: int | None = None
    suspend: bool = False
    template: PodTemplate = msgspec.field(default_factory=PodTemplate)


class JobStatus(msgspec.Struct, gc=False):
    active: int = 0
    succeeded: int = 0
    failed: int = 0
    startTime: str | None = None  # noqa: N815
    completionTime: str | None = None  # noqa: N815
    conditions: list[Condition] = []


class Job(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: JobSpec = msgspec.field(default_factory=JobSpec)
    status: JobStatus = msgspec.field(default_factory=JobStatus)


class JobTemplate(msgspec.Struct, gc=False):
    spec: JobSpec = msgspec.field(default_factory=JobSpec)


class CronJobSpec(msgspec.Struct, gc=False):
    schedule: str = ""
    timeZone: str | None = None  # noqa: N815
    suspend: bool = False
    concurrencyPolicy: str = ""  # noqa: N815
    jobTemplate: JobTemplate = msgspec.field(default_factory=JobTemplate)  # noqa: N815


class ObjectReference(msgspec.Struct, gc=False):
    kind: str = ""
    namespace: str = ""
    name: str = ""
    uid: str = ""


class CronJobStatus(msgspec.Struct, gc=False):
    active: list[ObjectReference] = []
    lastScheduleTime: str | None = None  # noqa: N815
    lastSuccessfulTime: str | None = None  # noqa: N815


class CronJob(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: CronJobSpec = msgspec.field(default_factory=CronJobSpec)
    status: CronJobStatus = msgspec.field(default_factory=CronJobStatus)


class ScaleTarget(msgspec.Struct, gc=False):
    kind: str = ""
    name: str = ""


class MetricTarget(msgspec.Struct, gc=False):
    type: str = ""
    averageUtilization: int | None = None  # noqa: N815
    averageValue: str | None = None  # noqa: N815
    value: str | None = None


class MetricValue(msgspec.Struct, gc=False):
    averageUtilization: int | None = None  # noqa: N815
    averageValue: str | None = None  # noqa: N815
    value: str | None = None


class MetricIdentifier(msgspec.Struct, gc=False):
    name: str = ""


class MetricSource(msgspec.Struct, gc=False):
    """resource, containerResource, pods, object and external sources in one shape."""

    name: str = ""
    metric: MetricIdentifier | None = None
    target: MetricTarget | None = None
    current: MetricValue | None = None


class MetricSpec(msgspec.Struct, gc=False):
    type: str = ""
    resource: MetricSource | None = None
    containerResource: MetricSource | None = None  # noqa: N815
    pods: MetricSource | None = None
    object: MetricSource | None = None
    external: MetricSource | None = None


class HPASpec(msgspec.Struct, gc=False):
    scaleTargetRef: ScaleTarget = msgspec.field(default_factory=ScaleTarget)  # noqa: N815
    minReplicas: int = 1  # noqa: N815
    maxReplicas: int = 0  # noqa: N815
    metrics: list[MetricSpec] = []


class HPAStatus(msgspec.Struct, gc=False):
    currentReplicas: int = 0  # noqa: N815
    desiredReplicas: int = 0  # noqa: N815
    lastScaleTime: str | None = None  # noqa: N815
    currentMetrics: list[MetricSpec] = []  # noqa: N815
    conditions: list[Condition] = []


class HorizontalPodAutoscaler(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: HPASpec = msgspec.field(default_factory=HPASpec)
    status: HPAStatus = msgspec.field(default_factory=HPAStatus)


class PDBSpec(msgspec.Struct, gc=False):
    minAvailable: IntOrString | None = None  # noqa: N815
    maxUnavailable: IntOrString | None = None  # noqa: N815
    selector: LabelSelector | None = None


class PDBStatus(msgspec.Struct, gc=False):
    currentHealthy: int = 0  # noqa: N815
    desiredHealthy: int = 0  # noqa: N815
    disruptionsAllowed: int = 0  # noqa: N815
    expectedPods: int = 0  # noqa: N815


class PodDisruptionBudget(msgspec.Struct, gc=False):
    metadata: ObjectMeta = msgspec.field(default_factory=ObjectMeta)
    spec: PDBSpec = msgspec.field(default_factory=PDBSpec)
    status: PDBStatus = msgspec.field(default_factory=PDBStatus)
