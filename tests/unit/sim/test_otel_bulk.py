"""The SQL bulk generator (the benchmark dataset) on a small size: consistent trees, error
propagation, logs per span, node series with reboots, Traefik and Linkerd series that agree with
the spans, and determinism."""

from __future__ import annotations

import json
import math
import time

from atlhyper.model.commands import METRIC_GROUPS
from atlhyper.sim.clickhouse import schema
from atlhyper.sim.clickhouse.engine import Engine, Statement
from atlhyper.sim.otel import bulk
from atlhyper.sim.otel.metrics import LINKERD_BOUNDS, TRAEFIK_BOUNDS

END_NS = (time.time_ns() // 1_000_000_000) * 1_000_000_000
HOUR_NS = 3600 * 1_000_000_000


def _one(engine: Engine, sql: str) -> int:
    return int(float(engine.run(Statement(sql)).body))


def _rows(engine: Engine, sql: str) -> list[list[str]]:
    body = engine.run(Statement(sql)).body.decode()
    return [line.split("\t") for line in body.splitlines()]


def _generate(engine: Engine, database: str, logs: int | None = None) -> bulk.BulkResult:
    engine.run_script(schema.statements("current", database))
    topology = bulk.bench_topology(services=12, nodes=6, seed=3)
    return bulk.generate(
        engine,
        database,
        topology,
        spans=20_000,
        hours=0.5,
        end_ns=END_NS,
        seed=5,
        logs=logs,
        metric_hours=1,
    )


def test_bulk_dataset_is_consistent(chdb_engine: Engine, fresh_database: str) -> None:
    result = _generate(chdb_engine, fresh_database)
    db = fresh_database
    assert 18_000 < result.spans < 22_000
    orphans = _one(
        chdb_engine,
        f"SELECT count() FROM {db}.otel_traces AS c LEFT ANTI JOIN {db}.otel_traces AS p "
        "ON c.ParentSpanId = p.SpanId AND c.TraceId = p.TraceId WHERE c.ParentSpanId != ''",
    )
    assert orphans == 0
    outside = _one(
        chdb_engine,
        f"SELECT count() FROM {db}.otel_traces AS c JOIN {db}.otel_traces AS p "
        "ON c.ParentSpanId = p.SpanId AND c.TraceId = p.TraceId "
        "WHERE c.Timestamp < p.Timestamp OR toUnixTimestamp64Nano(c.Timestamp) + c.Duration > "
        "toUnixTimestamp64Nano(p.Timestamp) + p.Duration + 1000",
    )
    assert outside == 0
    unpropagated = _one(
        chdb_engine,
        f"SELECT count() FROM {db}.otel_traces AS c JOIN {db}.otel_traces AS p "
        "ON c.ParentSpanId = p.SpanId AND c.TraceId = p.TraceId "
        "WHERE c.StatusCode = 'Error' AND p.StatusCode != 'Error'",
    )
    assert unpropagated == 0
    assert _one(chdb_engine, f"SELECT countIf(length(Events.Name) > 0) FROM {db}.otel_traces") > 0
    servers = _one(chdb_engine, f"SELECT countIf(SpanKind = 'Server') FROM {db}.otel_traces")
    assert result.logs == 2 * servers
    instances = _one(
        chdb_engine,
        f"SELECT uniqExact(ResourceAttributes['service.instance.id']) FROM {db}.otel_metrics_sum",
    )
    assert instances == 6
    rebooted = _one(
        chdb_engine,
        "SELECT countIf(arrayExists(x -> x < 0, d)) FROM (SELECT arrayDifference(groupArray(Value))"
        f" AS d FROM (SELECT * FROM {db}.otel_metrics_sum WHERE MetricName = "
        "'node_context_switches_total' ORDER BY TimeUnix) GROUP BY ResourceAttributes)",
    )
    assert rebooted == 2  # nodes 0 and 3 of 6


def test_bulk_logs_reach_the_asked_count_with_a_common_word(
    chdb_engine: Engine, fresh_database: str
) -> None:
    result = _generate(chdb_engine, fresh_database, logs=25_000)
    db = fresh_database
    assert abs(result.logs - 25_000) < 500
    share = _one(
        chdb_engine,
        f"SELECT countIf(hasToken(lower(Body), '{bulk.COMMON_WORD}')) * 1000000 / count() "
        f"FROM {db}.otel_logs",
    )
    assert abs(share / 1e6 - bulk.COMMON_SHARE) < 0.003
    # Every server span still has its start and end lines, and the extra lines are INFO.
    servers = _one(chdb_engine, f"SELECT countIf(SpanKind = 'Server') FROM {db}.otel_traces")
    debug = _one(chdb_engine, f"SELECT countIf(SeverityText = 'DEBUG') FROM {db}.otel_logs")
    assert debug == servers
    cache = _one(chdb_engine, f"SELECT countIf(startsWith(Body, 'cache ')) FROM {db}.otel_logs")
    assert cache == result.logs - 2 * servers


def test_bulk_node_series_cover_every_hardware_group(
    chdb_engine: Engine, fresh_database: str
) -> None:
    _generate(chdb_engine, fresh_database)
    db = fresh_database
    names = {
        row[0]
        for row in _rows(
            chdb_engine,
            f"SELECT DISTINCT MetricName FROM {db}.otel_metrics_sum UNION DISTINCT "
            f"SELECT DISTINCT MetricName FROM {db}.otel_metrics_gauge",
        )
    }
    markers = {
        "cpu": "node_cpu_seconds_total",
        "load": "node_load15",
        "memory": "node_memory_MemAvailable_bytes",
        "disk": "node_disk_io_time_seconds_total",
        "filesystem": "node_filesystem_avail_bytes",
        "network": "node_network_receive_bytes_total",
        "temperature": "node_hwmon_temp_celsius",
        "psi": "node_pressure_io_stalled_seconds_total",
        "tcp": "node_netstat_Tcp_RetransSegs",
        "vmstat": "node_vmstat_pgmajfault",
        "softnet": "node_softnet_dropped_total",
        "ntp": "node_timex_offset_seconds",
    }
    assert set(markers) == set(METRIC_GROUPS)
    assert set(markers.values()) <= names
    # CPU seconds add up to the elapsed time on each CPU; the busy share moves with a wave.
    busy = _rows(
        chdb_engine,
        "SELECT Attributes['cpu'], sum(Value), sumIf(Value, Attributes['mode'] != 'idle') "
        f"FROM {db}.otel_metrics_sum WHERE MetricName = 'node_cpu_seconds_total' AND "
        "ResourceAttributes['service.instance.id'] = '10.0.0.3:9100' "
        f"AND TimeUnix = (SELECT max(TimeUnix) FROM {db}.otel_metrics_sum) GROUP BY 1",
    )
    assert len(busy) == 4
    for _, total, used in busy:
        assert abs(float(total) - (86_400 + 3600 - 15)) < 1e-6  # booted a day before the start
        assert 0.2 < float(used) / float(total) < 0.6
    uname = _rows(
        chdb_engine,
        f"SELECT DISTINCT Attributes['nodename'] FROM {db}.otel_metrics_gauge "
        "WHERE MetricName = 'node_uname_info' ORDER BY 1",
    )
    assert [row[0] for row in uname] == [f"node-{i:03d}" for i in range(6)]


def _increase(
    engine: Engine, db: str, key: str, where: str, start_s: int, end_s: int
) -> dict[str, float]:
    """Per `key`, the reset-safe increase of the counters matching `where` from the scrape at
    `start_s` to the one at `end_s`: positive steps, plus the value after each drop."""
    rows = _rows(
        engine,
        f"""SELECT key, sum(if(step >= 0, step, Value)) FROM (
            SELECT {key} AS key, TimeUnix, Value, Value - lagInFrame(Value, 1, Value) OVER (
                PARTITION BY ResourceAttributes, Attributes ORDER BY TimeUnix) AS step
            FROM {db}.otel_metrics_sum WHERE {where})
        WHERE TimeUnix > toDateTime({start_s}) AND TimeUnix <= toDateTime({end_s})
        GROUP BY key""",
    )
    return {k: float(value) for k, value in rows}


def _restarted(
    engine: Engine, db: str, key: str, where: str, start_s: int, end_s: int
) -> dict[str, float]:
    """Per `key`, the share of the series matching `where` whose process restarted after the
    scrape at `start_s` (their StartTimeUnix moved past it) and by the one at `end_s`. Each such
    series lost the requests between its last scrape and the restart, as Prometheus'
    increase() loses them: up to one scrape interval of its traffic."""
    rows = _rows(
        engine,
        f"""SELECT {key}, uniqExactIf(ResourceAttributes, StartTimeUnix > toDateTime({start_s}))
                / uniqExact(ResourceAttributes)
            FROM {db}.otel_metrics_sum
            WHERE {where} AND TimeUnix > toDateTime({start_s}) AND TimeUnix <= toDateTime({end_s})
            GROUP BY {key}""",
    )
    return {k: float(value) for k, value in rows}


def test_bulk_mesh_agrees_with_the_spans(chdb_engine: Engine, fresh_database: str) -> None:
    db = fresh_database
    _generate(chdb_engine, db)
    topology = bulk.bench_topology(services=12, nodes=6, seed=3)
    incident = bulk.Incident("svc-01", 0.5, END_NS - 30 * HOUR_NS, END_NS - 29 * HOUR_NS)
    result = bulk.generate_mesh(
        chdb_engine,
        db,
        topology,
        spans=20_000,
        hours=0.5,
        days=8,
        end_ns=END_NS,
        seed=5,
        scrape_seconds=300,
        incident=incident,
    )
    scrapes = 8 * 288
    assert result.counters + result.histograms == result.series * scrapes
    assert _one(chdb_engine, f"SELECT count() FROM {db}.otel_metrics_histogram") == (
        result.histograms
    )
    end_s = END_NS // 1_000_000_000
    start_s = end_s - 1800

    # Requests into each service over the traced half hour: the server spans' count (the
    # daily wave crosses its mean in the middle of it), and the failed share within noise.
    deployment = "Attributes['deployment']"
    inbound = "MetricName = 'response_total' AND Attributes['direction'] = 'inbound'"
    total = _increase(chdb_engine, db, deployment, inbound, start_s, end_s)
    failure = f"{inbound} AND Attributes['classification'] = 'failure'"
    failed = _increase(chdb_engine, db, deployment, failure, start_s, end_s)
    spans = {
        name: (int(count), int(errors))
        for name, count, errors in _rows(
            chdb_engine,
            f"SELECT ServiceName, count(), countIf(StatusCode = 'Error') FROM {db}.otel_traces "
            "WHERE SpanKind = 'Server' GROUP BY 1",
        )
    }
    # A proxy restart inside the half hour loses up to one scrape (300 s) of that pod's share.
    restarts = _restarted(chdb_engine, db, deployment, inbound, start_s, end_s)
    unscraped = 300 / 1800
    assert set(total) == set(spans)
    for name, (count, errors) in spans.items():
        margin = 0.02 * count + 6
        lost = restarts[name] * unscraped * count
        assert count - lost - margin <= total[name] <= count + margin, name
        share, expected = failed.get(name, 0.0) / total[name], errors / count
        noise = math.sqrt(max(expected * (1 - expected), 0.01) / count)
        assert abs(share - expected) < 5 * noise + 0.01, name

    # Traefik counts the entry service's requests (two replicas).
    requests = "MetricName = 'traefik_service_requests_total'"
    traefik = _increase(chdb_engine, db, "'all'", requests, start_s, end_s)["all"]
    lost = _restarted(chdb_engine, db, "'all'", requests, start_s, end_s)["all"] * unscraped
    margin = 0.02 * total["frontend"] + 4
    assert total["frontend"] * (1 - lost) - margin <= traefik <= total["frontend"] + margin

    # Every edge between services in the spans is a Linkerd outbound series, and no other.
    edges = {
        (row[0], row[1])
        for row in _rows(
            chdb_engine,
            f"SELECT DISTINCT Attributes['deployment'], Attributes['dst_deployment'] "
            f"FROM {db}.otel_metrics_sum WHERE Attributes['direction'] = 'outbound'",
        )
    }
    called = _rows(
        chdb_engine,
        f"SELECT DISTINCT ServiceName, SpanAttributes['peer.service'] FROM {db}.otel_traces "
        "WHERE SpanKind = 'Client' AND NOT mapContains(SpanAttributes, 'db.system')",
    )
    assert edges == {(row[0], row[1]) for row in called}

    # The incident hour: svc-01 fails far more often than in the hours around it.
    hour = 3600
    incident_s = incident.start_ns // 1_000_000_000
    where = f"{failure} AND Attributes['deployment'] = 'svc-01'"
    during = _increase(chdb_engine, db, "'svc'", where, incident_s, incident_s + hour)["svc"]
    earlier = (incident_s - 2 * hour, incident_s - hour)
    before = _increase(chdb_engine, db, "'svc'", where, *earlier)["svc"]
    assert during > 3 * before > 0

    # Every proxy restarts within 8 days (every 3 to 6): counters and histograms drop to zero.
    restarted = _rows(
        chdb_engine,
        f"""SELECT ServiceName, uniqExactIf(ResourceAttributes, drops > 0), uniqExact(
                ResourceAttributes)
            FROM (SELECT ServiceName, ResourceAttributes,
                    arrayCount(x -> x < 0, arrayDifference(groupArray(Count))) AS drops
                FROM (SELECT * FROM {db}.otel_metrics_histogram ORDER BY TimeUnix)
                GROUP BY ServiceName, ResourceAttributes, Attributes)
            GROUP BY 1 ORDER BY 1""",
    )
    assert restarted[0][0] == "linkerd-proxy" and restarted[0][1] == restarted[0][2]

    # Histograms: per-bucket counts, +Inf last, Count their sum, bounds as the real ones.
    bad = _one(
        chdb_engine,
        f"SELECT countIf(Count != arraySum(BucketCounts) OR length(BucketCounts) != "
        f"length(ExplicitBounds) + 1) FROM {db}.otel_metrics_histogram",
    )
    assert bad == 0
    bounds = {
        row[0]: tuple(json.loads(row[1]))
        for row in _rows(
            chdb_engine,
            "SELECT DISTINCT MetricName, toString(ExplicitBounds) "
            f"FROM {db}.otel_metrics_histogram",
        )
    }
    assert bounds["response_latency_ms"] == LINKERD_BOUNDS
    assert bounds["traefik_service_request_duration_seconds"] == TRAEFIK_BOUNDS

    # Latency: the share of frontend requests within 500 ms agrees with its server spans.
    within = _rows(
        chdb_engine,
        f"""SELECT sum(arraySum(arraySlice(BucketCounts, 1, 15))) / sum(Count)
            FROM {db}.otel_metrics_histogram
            WHERE TimeUnix = toDateTime({end_s}) AND MetricName = 'response_latency_ms'
                AND Attributes['direction'] = 'inbound' AND Attributes['deployment'] = 'frontend'
                AND Attributes['status_code'] = '200'""",
    )[0]
    assert LINKERD_BOUNDS[14] == 500
    spans_within = _rows(
        chdb_engine,
        f"SELECT countIf(Duration <= 500000000) / count() FROM {db}.otel_traces "
        "WHERE ServiceName = 'frontend' AND SpanKind = 'Server' AND StatusCode != 'Error'",
    )[0][0]
    assert abs(float(within[0]) - float(spans_within)) < 0.05


def test_bulk_is_deterministic(chdb_engine: Engine) -> None:
    fingerprints = set()
    for database in ("bulk_a", "bulk_b"):
        chdb_engine.run(Statement(f"DROP DATABASE IF EXISTS {database}"))
        _generate(chdb_engine, database)
        fingerprints.add(
            _one(
                chdb_engine,
                f"SELECT sum(cityHash64(TraceId, SpanId, Duration) % 1000000) "
                f"FROM {database}.otel_traces",
            )
        )
    assert len(fingerprints) == 1
