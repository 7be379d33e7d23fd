"""Commands the Master hands an Agent, and the results the Agent sends back (ARCHITECTURE §3.2)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

Queue = Literal["ops", "ai"]
Source = Literal["ui", "ai", "alert", "api"]
ResultStatus = Literal["success", "failed", "timeout", "rejected"]
Replicas = Annotated[int, msgspec.Meta(ge=0, le=10_000)]
Seconds = Annotated[int, msgspec.Meta(ge=0, le=3600)]
Lines = Annotated[int, msgspec.Meta(ge=1, le=100_000)]


class Target(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    kind: str
    name: str = ""
    namespace: str = ""


class Command(msgspec.Struct, rename="camel"):
    id: str
    cluster_id: str
    queue: Queue
    action: str
    target: Target
    params: dict[str, Any]
    source: Source
    created_by: str
    created_at: str
    timeout_seconds: int
    dry_run: bool = False


class CommandBatch(msgspec.Struct):
    """Everything pending for one (cluster, queue), handed over in one long-poll answer."""

    commands: list[Command]


class CommandResult(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    command_id: str
    status: ResultStatus
    started_at: str
    finished_at: str
    output: Any = None
    error: str = ""


class NoParams(msgspec.Struct, forbid_unknown_fields=True):
    pass


class ScaleParams(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    replicas: Replicas


class UpdateImageParams(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    image: Annotated[str, msgspec.Meta(min_length=1, max_length=512)]
    container: str = ""  # default: the only container


class RollbackParams(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    revision: Annotated[int, msgspec.Meta(ge=1)] | None = None  # default: the previous revision


class DeleteParams(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    grace_period_seconds: Seconds | None = None
    propagation_policy: Literal["Background", "Foreground", "Orphan"] = "Background"


class DrainParams(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    grace_period_seconds: Seconds | None = None
    ignore_daemonsets: bool = True
    delete_emptydir_data: bool = True
    timeout_seconds: Annotated[int, msgspec.Meta(ge=1, le=3600)] = 60


class LogParams(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    container: str = ""
    tail_lines: Lines = 500
    previous: bool = False
    since_seconds: Annotated[int, msgspec.Meta(ge=1)] | None = None
    timestamps: bool = False


class SecretParams(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    reveal: bool = False


class ApplyParams(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    manifest: Annotated[str, msgspec.Meta(min_length=1, max_length=1_000_000)]
    force: bool = False


class DynamicParams(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    path: Annotated[str, msgspec.Meta(pattern=r"^/", max_length=2048)]


#: RFC 3339 with a zone: "2026-11-22T10:00:00Z" or "…+08:00".
Rfc3339 = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$"
    ),
]
ServiceName = Annotated[str, msgspec.Meta(max_length=256)]
TraceId = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-fA-F]{16,32}$")]
SpanId = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-fA-F]{16}$")]
Page = Annotated[int, msgspec.Meta(ge=1, le=1000)]
Offset = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
Step = Annotated[int, msgspec.Meta(ge=10, le=86_400)]
Severity = Literal["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]
Millis = Annotated[float, msgspec.Meta(ge=0, le=86_400_000)]


class TimeRange(msgspec.Struct, rename="camel", forbid_unknown_fields=True, kw_only=True):
    """[start, end) of a query; the Agent refuses end <= start and spans over its maximum."""

    start: Rfc3339
    end: Rfc3339


class QueryTracesParams(TimeRange, kw_only=True):
    service: ServiceName = ""
    operation: Annotated[str, msgspec.Meta(max_length=512)] = ""
    status: Literal["any", "ok", "error"] = "any"
    min_duration_ms: Millis | None = None
    max_duration_ms: Millis | None = None
    sort: Literal["start", "duration"] = "start"
    order: Literal["asc", "desc"] = "desc"
    limit: Page = 50
    offset: Offset = 0
    #: "series" adds rate/errors/latency buckets, "operations" the per-operation table.
    include: list[Literal["series", "operations"]] = []
    step_seconds: Step | None = None  # default: about 60 buckets over the range


class QueryTraceDetailParams(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    trace_id: TraceId


class QuerySpanParams(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    trace_id: TraceId
    span_id: SpanId


class QueryLogsParams(TimeRange, kw_only=True):
    #: Words to find in the body (all of them, case-insensitive) or a "quoted phrase".
    q: Annotated[str, msgspec.Meta(max_length=512)] = ""
    services: Annotated[list[ServiceName], msgspec.Meta(max_length=50)] = []
    severities: Annotated[
        list[Literal["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]],
        msgspec.Meta(max_length=6),
    ] = []
    namespace: Annotated[str, msgspec.Meta(max_length=253)] = ""
    pod: Annotated[str, msgspec.Meta(max_length=253)] = ""
    trace_id: TraceId | None = None
    limit: Page = 100
    offset: Offset = 0
    step_seconds: Step | None = None


#: The node hardware page's panels; a raw `node_*` metric name is accepted too.
METRIC_GROUPS = (
    "cpu",
    "load",
    "memory",
    "disk",
    "filesystem",
    "network",
    "temperature",
    "psi",
    "tcp",
    "vmstat",
    "softnet",
    "ntp",
)
MetricName = Annotated[str, msgspec.Meta(pattern=r"^(node_[A-Za-z0-9_]{1,120}|[a-z]{2,16})$")]


class QueryMetricsParams(TimeRange, kw_only=True):
    node: Annotated[str, msgspec.Meta(min_length=1, max_length=253)]  # Node name or ip:port
    metrics: Annotated[list[MetricName], msgspec.Meta(min_length=1, max_length=20)]
    step_seconds: Step | None = None


class QuerySloParams(TimeRange, kw_only=True):
    """Windows 1d/7d/30d for every item of `kind`, or for `name` only plus its series over the
    range (`name`: a Traefik service label, or `namespace/workload`)."""

    kind: Literal["ingress", "service"]
    name: Annotated[str, msgspec.Meta(max_length=512)] = ""
    step_seconds: Step | None = None


class ActionSpec(msgspec.Struct, frozen=True):
    """What the Master and the Agent both need to know about an action.

    `mutating` actions change the cluster: they take `dryRun`, need the operator role, and the
    Agent refuses them on the `ai` queue whatever the Master says.
    """

    name: str
    mutating: bool
    params: type[msgspec.Struct]
    target_kinds: tuple[str, ...] = ()  # empty: any kind
    needs_name: bool = True


ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec("scale", True, ScaleParams, ("Deployment", "StatefulSet", "ReplicaSet")),
        ActionSpec("restart", True, NoParams, ("Deployment", "StatefulSet", "DaemonSet")),
        ActionSpec("rollback", True, RollbackParams, ("Deployment",)),
        ActionSpec(
            "update_image", True, UpdateImageParams, ("Deployment", "StatefulSet", "DaemonSet")
        ),
        ActionSpec("delete", True, DeleteParams),
        ActionSpec("cordon", True, NoParams, ("Node",)),
        ActionSpec("uncordon", True, NoParams, ("Node",)),
        ActionSpec("drain", True, DrainParams, ("Node",)),
        ActionSpec("apply", True, ApplyParams, needs_name=False),
        ActionSpec("get_logs", False, LogParams, ("Pod",)),
        ActionSpec("get_configmap", False, NoParams, ("ConfigMap",)),
        ActionSpec("get_secret", False, SecretParams, ("Secret",)),
        ActionSpec("dynamic", False, DynamicParams, needs_name=False),
        ActionSpec("query_traces", False, QueryTracesParams, needs_name=False),
        ActionSpec("query_trace_detail", False, QueryTraceDetailParams, needs_name=False),
        ActionSpec("query_span", False, QuerySpanParams, needs_name=False),
        ActionSpec("query_logs", False, QueryLogsParams, needs_name=False),
        ActionSpec("query_metrics", False, QueryMetricsParams, needs_name=False),
        ActionSpec("query_slo", False, QuerySloParams, needs_name=False),
    )
}


class InvalidCommand(ValueError):
    """A command that no Agent should run; the message says which part is wrong."""


def parse_params(action: str, params: dict[str, Any]) -> msgspec.Struct:
    """Validate `params` for `action`; raises InvalidCommand naming the bad field."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise InvalidCommand(f"unknown action {action!r}; actions: {', '.join(sorted(ACTIONS))}")
    try:
        return msgspec.convert(params, type=spec.params)
    except msgspec.ValidationError as exc:
        raise InvalidCommand(f"invalid params for {action}: {exc}") from None


def check_target(action: str, target: Target) -> None:
    spec = ACTIONS[action]
    if spec.target_kinds and target.kind not in spec.target_kinds:
        raise InvalidCommand(
            f"{action} works on {', '.join(spec.target_kinds)}, not {target.kind or 'no kind'}"
        )
    if spec.needs_name and not target.name:
        raise InvalidCommand(f"{action} needs target.name")
