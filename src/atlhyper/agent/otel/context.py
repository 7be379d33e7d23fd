"""What every OTel query needs, and the time-range rules every query shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from atlhyper.agent.clickhouse import ClickHouse, OtelSchema
from atlhyper.agent.otel.slo_hours import SloHours
from atlhyper.model.cluster import Node
from atlhyper.model.network import Ingress

if TYPE_CHECKING:  # rollup reads through apm, which needs this module
    from atlhyper.agent.otel.rollup import ApmRollup

T = TypeVar("T")


class QueryError(Exception):
    """The query cannot run as asked (bad range, unknown metric, no such trace); the message
    tells the user why. Commands turn it into a failed result, never a crash."""


@dataclass
class OtelContext:
    client: ClickHouse
    schema: OtelSchema
    database: str = "otel"
    #: Kubernetes lookups from the Agent's caches (no API call): InternalIP → Node name, and
    #: Traefik service label ("namespace-name-port@kubernetes") → Ingress hosts.
    node_names_by_ip: Callable[[], Mapping[str, str]] = field(default=lambda: {})
    ingress_hosts: Callable[[], Mapping[str, list[str]]] = field(default=lambda: {})
    #: Metric names are configurable: some pipelines rename Linkerd's series.
    mesh_request_metric: str = "response_total"
    mesh_latency_metric: str = "response_latency_ms"
    #: Complete hours of SLO counts per kind (`slo_hours.per_kind()`), kept by the Agent for
    #: its lifetime; None: every SLO window is a direct read.
    slo_hours: dict[str, SloHours] | None = None
    #: Minutes of APM counts (`rollup.ApmRollup`), kept by the Agent for its lifetime: the
    #: summary's services and edges; None: the summary reads its whole window.
    apm_rollup: ApmRollup | None = None

    def table(self, name: str) -> str:
        """`database.table` for SQL text; both come from config and the schema, never users."""
        return f"{self.database}.{name}"


def node_names_by_ip(nodes: Iterable[Node]) -> dict[str, str]:
    """InternalIP → Node name (node_exporter's instance is `ip:9100`)."""
    return {node.internal_ip: node.name for node in nodes if node.internal_ip}


def traefik_hosts(ingresses: Iterable[Ingress]) -> dict[str, list[str]]:
    """Traefik's `service` label of each Ingress backend → the hosts of the rules routing to it.

    Traefik's Kubernetes Ingress provider names a backend `namespace-name-port@kubernetes`, the
    port as the Ingress gives it (number or name). A rule without a host, and the default
    backend, match any host ("*").
    """
    hosts: dict[str, set[str]] = {}
    for ingress in ingresses:
        backends = [(path.service, path.port, path.host or "*") for path in ingress.paths]
        if ingress.default_backend:
            name, _, port = ingress.default_backend.partition(":")
            backends.append((name, port, "*"))  # it serves what no rule matches
        for service, port, host in backends:
            if service:
                label = f"{ingress.namespace}-{service}-{port}@kubernetes"
                hosts.setdefault(label, set()).add(host)
    return {label: sorted(found) for label, found in hosts.items()}


#: The longest range a detail query may cover; the SLO windows have their own (30 days).
MAX_RANGE_SECONDS = 31 * 86_400
#: About this many buckets when the caller names no step.
DEFAULT_BUCKETS = 60
_STEPS = (10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400)


def parse_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(f"{text!r} is not an RFC 3339 time") from None
    if moment.tzinfo is None:
        raise QueryError(f"{text!r} has no time zone")
    return moment.astimezone(UTC)


def time_range(
    start: str, end: str, max_seconds: int = MAX_RANGE_SECONDS
) -> tuple[datetime, datetime]:
    """[start, end) as UTC datetimes; refuses an empty, reversed or too long range."""
    first, last = parse_time(start), parse_time(end)
    if last <= first:
        raise QueryError(f"end {end} is not after start {start}")
    if (last - first).total_seconds() > max_seconds:
        raise QueryError(
            f"range of {(last - first).total_seconds() / 86_400:.1f} days is over the maximum "
            f"of {max_seconds / 86_400:g} days"
        )
    return first, last


def step_for(first: datetime, last: datetime, step_seconds: int | None) -> int:
    """The caller's step, or a round one giving about DEFAULT_BUCKETS buckets; never more than
    1,000 buckets."""
    span = (last - first).total_seconds()
    if step_seconds is not None:
        if span / step_seconds > 1000:
            raise QueryError(f"step of {step_seconds}s gives over 1,000 buckets for this range")
        return step_seconds
    wanted = span / DEFAULT_BUCKETS
    return next((step for step in _STEPS if step >= wanted), _STEPS[-1])


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def iso_ns(ns: int) -> str:
    """RFC 3339 (microseconds) of nanoseconds since the epoch, as `toUnixTimestamp64Nano` gives."""
    seconds, rest = divmod(int(ns), 1_000_000_000)
    return iso(datetime.fromtimestamp(seconds, UTC).replace(microsecond=rest // 1000))


async def nothing_to_read(value: T) -> T:
    """`value`, awaitable: the place of a part a gather skips (its table is missing, say)."""
    return value
