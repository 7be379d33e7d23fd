"""Workload controllers, autoscalers and disruption budgets → compact models.

Rollout state follows `kubectl rollout status`: a controller is "progressing" until it observed
its latest generation and every replica runs the new template and is available.
"""

from __future__ import annotations

from atlhyper.agent.k8s import wire_workloads as w
from atlhyper.agent.k8s.convert import (
    conditions,
    images,
    meta_fields,
    template_containers,
    volumes,
)
from atlhyper.model import (
    CronJob,
    DaemonSet,
    Deployment,
    HorizontalPodAutoscaler,
    HpaMetric,
    Job,
    PodDisruptionBudget,
    ReplicaSet,
    StatefulSet,
)

REVISION_ANNOTATION = "deployment.kubernetes.io/revision"


def _selector(selector: w.LabelSelector | None) -> dict[str, str]:
    return (selector.matchLabels or {}) if selector else {}


def _stale(generation: int, observed: int) -> bool:
    return observed < generation


def deployment(obj: w.Deployment) -> Deployment:
    meta, spec, status = obj.metadata, obj.spec, obj.status
    deadline_exceeded = any(
        c.type == "Progressing" and c.reason == "ProgressDeadlineExceeded"
        for c in status.conditions
    )
    if deadline_exceeded:
        rollout = "failed"
    elif (
        _stale(meta.generation, status.observedGeneration)
        or status.updatedReplicas < spec.replicas
        or status.replicas > status.updatedReplicas
        or status.availableReplicas < status.updatedReplicas
    ):
        rollout = "progressing"
    else:
        rollout = "complete"
    return Deployment(
        **meta_fields(meta),
        generation=meta.generation,
        observed_generation=status.observedGeneration,
        rollout=rollout,
        images=images(spec.template.spec),
        containers=template_containers(spec.template.spec),
        volumes=volumes(spec.template.spec),
        selector=_selector(spec.selector),
        conditions=conditions(status.conditions),
        replicas=spec.replicas,
        updated_replicas=status.updatedReplicas,
        ready_replicas=status.readyReplicas,
        available_replicas=status.availableReplicas,
        unavailable_replicas=status.unavailableReplicas,
        revision=(meta.annotations or {}).get(REVISION_ANNOTATION, ""),
        strategy=spec.strategy.type if spec.strategy else "",
        paused=spec.paused,
    )


def statefulset(obj: w.StatefulSet) -> StatefulSet:
    meta, spec, status = obj.metadata, obj.spec, obj.status
    progressing = (
        _stale(meta.generation, status.observedGeneration)
        or status.readyReplicas < spec.replicas
        or status.updatedReplicas < spec.replicas
        or (bool(status.updateRevision) and status.updateRevision != status.currentRevision)
    )
    return StatefulSet(
        **meta_fields(meta),
        generation=meta.generation,
        observed_generation=status.observedGeneration,
        rollout="progressing" if progressing else "complete",
        images=images(spec.template.spec),
        containers=template_containers(spec.template.spec),
        volumes=volumes(spec.template.spec),
        selector=_selector(spec.selector),
        conditions=conditions(status.conditions),
        replicas=spec.replicas,
        ready_replicas=status.readyReplicas,
        current_replicas=status.currentReplicas,
        updated_replicas=status.updatedReplicas,
        available_replicas=status.availableReplicas,
        service_name=spec.serviceName,
        current_revision=status.currentRevision,
        update_revision=status.updateRevision,
    )


def daemonset(obj: w.DaemonSet) -> DaemonSet:
    meta, spec, status = obj.metadata, obj.spec, obj.status
    desired = status.desiredNumberScheduled
    progressing = (
        _stale(meta.generation, status.observedGeneration)
        or status.updatedNumberScheduled < desired
        or status.numberAvailable < desired
    )
    return DaemonSet(
        **meta_fields(meta),
        generation=meta.generation,
        observed_generation=status.observedGeneration,
        rollout="progressing" if progressing else "complete",
        images=images(spec.template.spec),
        containers=template_containers(spec.template.spec),
        volumes=volumes(spec.template.spec),
        selector=_selector(spec.selector),
        conditions=conditions(status.conditions),
        desired=desired,
        current=status.currentNumberScheduled,
        ready=status.numberReady,
        updated=status.updatedNumberScheduled,
        available=status.numberAvailable,
        misscheduled=status.numberMisscheduled,
        node_selector=spec.template.spec.nodeSelector or {},
    )


def replicaset(obj: w.ReplicaSet) -> ReplicaSet:
    meta, spec, status = obj.metadata, obj.spec, obj.status
    progressing = (
        _stale(meta.generation, status.observedGeneration) or status.readyReplicas < spec.replicas
    )
    return ReplicaSet(
        **meta_fields(meta),
        generation=meta.generation,
        observed_generation=status.observedGeneration,
        rollout="progressing" if progressing else "complete",
        images=images(spec.template.spec),
        containers=template_containers(spec.template.spec),
        volumes=volumes(spec.template.spec),
        selector=_selector(spec.selector),
        conditions=conditions(status.conditions),
        replicas=spec.replicas,
        current_replicas=status.replicas,
        ready_replicas=status.readyReplicas,
        available_replicas=status.availableReplicas,
        revision=(meta.annotations or {}).get(REVISION_ANNOTATION, ""),
    )


def _job_status(spec: w.JobSpec, status: w.JobStatus) -> str:
    for condition in status.conditions:
        if condition.status == "True" and condition.type in ("Complete", "Failed"):
            return condition.type
    return "Suspended" if spec.suspend else "Running"


def job(obj: w.Job) -> Job:
    meta, spec, status = obj.metadata, obj.spec, obj.status
    return Job(
        **meta_fields(meta),
        completions=spec.completions,
        parallelism=spec.parallelism,
        active=status.active,
        succeeded=status.succeeded,
        failed=status.failed,
        suspended=spec.suspend,
        status=_job_status(spec, status),
        start_time=status.startTime or "",
        completion_time=status.completionTime or "",
        images=images(spec.template.spec),
        containers=template_containers(spec.template.spec),
        volumes=volumes(spec.template.spec),
        conditions=conditions(status.conditions),
    )


def cronjob(obj: w.CronJob) -> CronJob:
    meta, spec, status = obj.metadata, obj.spec, obj.status
    return CronJob(
        **meta_fields(meta),
        schedule=spec.schedule,
        time_zone=spec.timeZone or "",
        suspend=spec.suspend,
        concurrency_policy=spec.concurrencyPolicy,
        active=[ref.name for ref in status.active],
        last_schedule_time=status.lastScheduleTime or "",
        last_successful_time=status.lastSuccessfulTime or "",
        images=images(spec.jobTemplate.spec.template.spec),
        containers=template_containers(spec.jobTemplate.spec.template.spec),
        volumes=volumes(spec.jobTemplate.spec.template.spec),
    )


def _amount(value: w.MetricTarget | w.MetricValue | None) -> str:
    if value is None:
        return ""
    if value.averageUtilization is not None:
        return f"{value.averageUtilization}%"
    return value.averageValue or value.value or ""


def _metric_source(spec: w.MetricSpec) -> tuple[str, w.MetricSource | None]:
    for field in ("resource", "containerResource", "pods", "object", "external"):
        source: w.MetricSource | None = getattr(spec, field)
        if source is not None:
            name = source.name or (source.metric.name if source.metric else "")
            return name, source
    return "", None


def _hpa_metrics(spec: w.HPASpec, status: w.HPAStatus) -> list[HpaMetric]:
    """Each spec metric with its current value, matched by type and name as kubectl does."""
    current: dict[tuple[str, str], str] = {}
    for item in status.currentMetrics:
        name, source = _metric_source(item)
        current[(item.type, name)] = _amount(source.current if source else None)
    result = []
    for item in spec.metrics:
        name, source = _metric_source(item)
        result.append(
            HpaMetric(
                type=item.type,
                name=name,
                target=_amount(source.target if source else None),
                current=current.get((item.type, name), ""),
            )
        )
    return result


def horizontalpodautoscaler(obj: w.HorizontalPodAutoscaler) -> HorizontalPodAutoscaler:
    meta, spec, status = obj.metadata, obj.spec, obj.status
    return HorizontalPodAutoscaler(
        **meta_fields(meta),
        target_kind=spec.scaleTargetRef.kind,
        target_name=spec.scaleTargetRef.name,
        min_replicas=spec.minReplicas,
        max_replicas=spec.maxReplicas,
        current_replicas=status.currentReplicas,
        desired_replicas=status.desiredReplicas,
        metrics=_hpa_metrics(spec, status),
        last_scale_time=status.lastScaleTime or "",
        conditions=conditions(status.conditions),
    )


def _int_or_string(value: int | str | None) -> str:
    return "" if value is None else str(value)


def poddisruptionbudget(obj: w.PodDisruptionBudget) -> PodDisruptionBudget:
    meta, spec, status = obj.metadata, obj.spec, obj.status
    return PodDisruptionBudget(
        **meta_fields(meta),
        min_available=_int_or_string(spec.minAvailable),
        max_unavailable=_int_or_string(spec.maxUnavailable),
        selector=_selector(spec.selector),
        current_healthy=status.currentHealthy,
        desired_healthy=status.desiredHealthy,
        disruptions_allowed=status.disruptionsAllowed,
        expected_pods=status.expectedPods,
    )
