"""The summary as the UI sees it: health, the service map, the mesh graph, freshness, and how the
state keeps the latest summary across deltas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from atlhyper.master.otel.status import otel_status
from atlhyper.master.otel.views import health, mesh_edge_views, mesh_map, service_map
from atlhyper.master.state import StateStore
from atlhyper.model import Snapshot, SnapshotDelta
from atlhyper.model.otel import (
    ApmService,
    IngressSlo,
    MeshEdge,
    MeshWorkload,
    OtelSummary,
    ServiceEdge,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def _service(name: str, error_rate: float = 0.0) -> ApmService:
    return ApmService(
        name=name,
        namespace="shop",
        requests=100,
        rate=1.0,
        errors=int(error_rate * 100),
        error_rate=error_rate,
        p50_ms=5,
        p99_ms=50,
    )


def _edge(
    source: str, target: str, kind: str = "http", errors: int = 0, p99: float = 9
) -> ServiceEdge:
    return ServiceEdge(
        source=source,
        target=target,
        kind=kind,  # type: ignore[arg-type]
        requests=100,
        rate=1.0,
        errors=errors,
        error_rate=errors / 100,
        p50_ms=1,
        p99_ms=p99,
    )


def _summary(**fields: object) -> OtelSummary:
    defaults = {
        "status": "ok",
        "window_seconds": 300,
        "refreshed_at": NOW.isoformat(),
        "checked_at": NOW.isoformat(),
    }
    return OtelSummary(**(defaults | fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(0.0, "ok"), (0.0099, "ok"), (0.01, "warning"), (0.0499, "warning"), (0.05, "critical")],
)
def test_health_thresholds(rate: float, expected: str) -> None:
    assert health(rate) == expected


def test_service_map_adds_databases_and_the_ingress() -> None:
    summary = _summary(
        services=[_service("web", 0.02), _service("cart")],
        edges=[
            _edge("web", "cart"),
            _edge("cart", "redis", "db", errors=10, p99=4),
            _edge("web", "redis", "db", p99=7),
            _edge("web", "ghost"),  # a callee with no server spans of its own
        ],
        ingresses=[
            IngressSlo(
                service="shop-web-80@kubernetes",
                namespace="shop",
                backend="web",
                requests=200,
                rate=2.0,
                errors=20,
                availability=0.9,
                p50_ms=3,
                p99_ms=30,
            ),
            IngressSlo(
                service="other-api-80@kubernetes",
                namespace="other",
                backend="api",  # routes to no traced service: no link
                requests=0,
                rate=0.0,
                errors=0,
                availability=0.0,
                p50_ms=0,
                p99_ms=0,
            ),
        ],
    )
    graph = service_map(summary)
    nodes = {n.id: n for n in graph.nodes}
    assert set(nodes) == {"web", "cart", "db:redis", "ghost", "ingress"}
    assert nodes["web"].health == "warning" and nodes["web"].kind == "service"
    redis = nodes["db:redis"]
    assert (redis.kind, redis.name, redis.rate) == ("db", "redis", 2.0)
    assert redis.error_rate == pytest.approx(0.05) and redis.health == "critical"
    assert redis.p99_ms == 7
    assert nodes["ingress"].kind == "ingress" and nodes["ingress"].error_rate == pytest.approx(0.1)
    links = {(link.source, link.target): link for link in graph.links}
    assert set(links) == {
        ("web", "cart"),
        ("cart", "db:redis"),
        ("web", "db:redis"),
        ("web", "ghost"),
        ("ingress", "web"),
    }
    assert links[("ingress", "web")].error_rate == pytest.approx(0.1)
    assert links[("ingress", "web")].health == "critical"
    assert service_map(None).nodes == [] and service_map(_summary()).links == []


def test_mesh_graph_and_edge_health() -> None:
    edge = MeshEdge(
        source_namespace="shop",
        source="web",
        target_namespace="payments",
        target="payments-api",
        requests=100,
        rate=1.0,
        failures=2,
        success_rate=0.98,
        p50_ms=3,
        p99_ms=30,
    )
    idle = MeshEdge(
        source_namespace="shop",
        source="web",
        target_namespace="shop",
        target="cart",
        requests=0,
        rate=0.0,
        failures=0,
        success_rate=0.0,
        p50_ms=0,
        p99_ms=0,
    )
    workload = MeshWorkload(
        namespace="shop",
        workload="web",
        requests=100,
        rate=1.0,
        failures=0,
        success_rate=1.0,
        p50_ms=2,
        p99_ms=20,
    )
    summary = _summary(mesh_workloads=[workload], mesh_edges=[edge, idle])
    graph = mesh_map(summary)
    assert [n.id for n in graph.nodes] == ["shop/web", "payments/payments-api", "shop/cart"]
    assert [(link.source, link.target, link.health) for link in graph.links] == [
        ("shop/web", "payments/payments-api", "warning"),
        ("shop/web", "shop/cart", "ok"),  # no traffic is no failure
    ]
    assert [e.health for e in mesh_edge_views([edge, idle])] == ["warning", "ok"]


def test_status_says_how_fresh_the_data_is() -> None:
    def status_of(summary: OtelSummary | None, **kw: object) -> tuple[str, str]:
        args = {"has_snapshot": True, "online": True, "now": NOW, "stale_after": 600.0} | kw
        found = otel_status(summary, **args)  # type: ignore[arg-type]
        return found.status, found.error

    assert status_of(_summary()) == ("ok", "")
    assert status_of(None)[0] == "disabled"
    assert "AGENT_CLICKHOUSE_ENDPOINT" in status_of(None)[1]
    assert status_of(_summary(), has_snapshot=False)[0] == "unavailable"
    never = OtelSummary(status="unavailable", window_seconds=300, error="connection refused")
    assert status_of(never) == ("unavailable", "connection refused")
    failing = _summary(status="stale", error="ClickHouse: timeout")
    assert status_of(failing) == ("stale", "ClickHouse: timeout")
    assert status_of(_summary(), online=False)[0] == "stale"
    later = NOW + timedelta(minutes=11)
    assert status_of(_summary(), now=later) == ("stale", "the data is 660 s old")
    aged = otel_status(_summary(), has_snapshot=True, online=True, now=later, stale_after=600)
    assert aged.age_seconds == 660 and aged.window_seconds == 300


def test_the_state_keeps_the_latest_summary() -> None:
    store = StateStore()
    first, second = _summary(services=[_service("web")]), _summary(services=[_service("cart")])
    store.accept("c", "c", Snapshot(seq=1, taken_at="t", otel=first))
    store.accept("c", "c", SnapshotDelta(seq=2, base_seq=1, taken_at="t"))
    state = store.get("c")
    # Kept as received, never copied: a push costs the same however large the summary is.
    assert state is not None and state.otel is first  # unchanged: the delta carries none
    store.accept("c", "c", SnapshotDelta(seq=3, base_seq=2, taken_at="t", otel=second))
    assert store.get("c").otel is second  # type: ignore[union-attr]
    store.accept("c", "c", Snapshot(seq=4, taken_at="t"))
    assert store.get("c").otel is None  # type: ignore[union-attr]  # a full one without: none
