"""The OpenTelemetry Collector ClickHouse exporter's tables, as DDL a real exporter would accept.

Two generations, because the Agent must read both (OTEL_CLICKHOUSE.md §1):

- `current`: `UInt64` Duration, `DateTime` TimeUnix/StartTimeUnix with the hour-bucketed metrics
  key, logs keyed by `toStartOfFiveMinutes(Timestamp)` without `TimestampTime`, the
  `__otel_materialized_k8s.*` log columns, text indexes, `otel_metrics_exp_histogram`.
- `legacy` (before Aug 2024): `Int64` Duration, `DateTime64(9)` metric times keyed by
  `Attributes`, logs with `TimestampTime`, bloom/token indexes,
  `otel_metrics_exponential_histogram`. Its rows spell enums `SPAN_KIND_SERVER`,
  `STATUS_CODE_ERROR`; the DDL itself does not constrain them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Generation = Literal["current", "legacy"]

TRACES = "otel_traces"
TRACE_ID_TS = "otel_traces_trace_id_ts"
LOGS = "otel_logs"
GAUGE = "otel_metrics_gauge"
SUM = "otel_metrics_sum"
HISTOGRAM = "otel_metrics_histogram"
SUMMARY = "otel_metrics_summary"
EXP_HISTOGRAM = {
    "current": "otel_metrics_exp_histogram",
    "legacy": "otel_metrics_exponential_histogram",
}

_MAP = "Map(LowCardinality(String), String)"
#: The k8s resource attributes the newest log tables materialise into columns.
K8S_LOG_COLUMNS = (
    "k8s.cluster.name",
    "k8s.namespace.name",
    "k8s.node.name",
    "k8s.pod.name",
    "k8s.container.name",
    "k8s.deployment.name",
)


@dataclass(frozen=True, slots=True)
class Spelling:
    """How a generation writes SpanKind and StatusCode values."""

    kinds: dict[str, str]
    statuses: dict[str, str]


_KINDS = ("Unspecified", "Internal", "Server", "Client", "Producer", "Consumer")
_STATUSES = ("Unset", "Ok", "Error")
SPELLINGS: dict[Generation, Spelling] = {
    "current": Spelling({k: k for k in _KINDS}, {s: s for s in _STATUSES}),
    "legacy": Spelling(
        {k: f"SPAN_KIND_{k.upper()}" for k in _KINDS},
        {s: f"STATUS_CODE_{s.upper()}" for s in _STATUSES},
    ),
}


def _map_indexes(column: str, short: str, current: bool) -> list[str]:
    kind = "text(tokenizer = 'array')" if current else "bloom_filter(0.01)"
    return [
        f"INDEX idx_{short}_key mapKeys({column}) TYPE {kind} GRANULARITY 1",
        f"INDEX idx_{short}_value mapValues({column}) TYPE {kind} GRANULARITY 1",
    ]


def _table(name: str, columns: list[str], tail: str) -> str:
    body = ",\n    ".join(columns)
    return f"CREATE TABLE IF NOT EXISTS {name} (\n    {body}\n) ENGINE = MergeTree\n{tail}"


def traces(generation: Generation = "current", database: str = "otel") -> list[str]:
    db = f"{database}."
    current = generation == "current"
    time_type = "DateTime" if current else "DateTime64(9)"
    columns = [
        "Timestamp DateTime64(9) CODEC(Delta, ZSTD(1))",
        "TraceId String CODEC(ZSTD(1))",
        "SpanId String CODEC(ZSTD(1))",
        "ParentSpanId String CODEC(ZSTD(1))",
        "TraceState String CODEC(ZSTD(1))",
        "SpanName LowCardinality(String) CODEC(ZSTD(1))",
        "SpanKind LowCardinality(String) CODEC(ZSTD(1))",
        "ServiceName LowCardinality(String) CODEC(ZSTD(1))",
        f"ResourceAttributes {_MAP} CODEC(ZSTD(1))",
        "ScopeName String CODEC(ZSTD(1))",
        "ScopeVersion String CODEC(ZSTD(1))",
        f"SpanAttributes {_MAP} CODEC(ZSTD(1))",
        f"Duration {'UInt64' if current else 'Int64'} CODEC(ZSTD(1))",
        "StatusCode LowCardinality(String) CODEC(ZSTD(1))",
        "StatusMessage String CODEC(ZSTD(1))",
        "Events Nested (Timestamp DateTime64(9), Name LowCardinality(String), "
        f"Attributes {_MAP}) CODEC(ZSTD(1))",
        "Links Nested (TraceId String, SpanId String, TraceState String, "
        f"Attributes {_MAP}) CODEC(ZSTD(1))",
        "INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1",
        *_map_indexes("ResourceAttributes", "res_attr", current),
        *_map_indexes("SpanAttributes", "span_attr", current),
        "INDEX idx_duration Duration TYPE minmax GRANULARITY 1",
        "INDEX idx_lower_span_name lower(SpanName) TYPE "
        + ("text(tokenizer = 'splitByNonAlpha')" if current else "tokenbf_v1(32768, 3, 0)")
        + " GRANULARITY 1",
    ]
    tail = (
        "PARTITION BY toDate(Timestamp)\n"
        "ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))\n"
        "SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1"
    )
    trace_id_ts = _table(
        db + TRACE_ID_TS,
        [
            "TraceId String CODEC(ZSTD(1))",
            f"Start {time_type} CODEC(Delta, ZSTD(1))",
            f"End {time_type} CODEC(Delta, ZSTD(1))",
            "INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1",
        ],
        "PARTITION BY toDate(Start)\nORDER BY (TraceId, Start)\nSETTINGS index_granularity = 8192",
    )
    # The exporter's view: one row per trace and insert block (End is the last span *start*).
    # Readers aggregate it again with min(Start), max(End), since a trace spans many blocks.
    view = (
        f"CREATE MATERIALIZED VIEW IF NOT EXISTS {db}{TRACE_ID_TS}_mv TO {db}{TRACE_ID_TS}\n"
        "AS SELECT TraceId, min(Timestamp) AS Start, max(Timestamp) AS End\n"
        f"FROM {db}{TRACES} WHERE TraceId != '' GROUP BY TraceId"
    )
    return [_table(db + TRACES, columns, tail), trace_id_ts, view]


def logs(generation: Generation = "current", database: str = "otel") -> list[str]:
    db = f"{database}."
    current = generation == "current"
    columns = ["Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1))"]
    if not current:
        columns.append("TimestampTime DateTime DEFAULT toDateTime(Timestamp)")
    columns += [
        "TraceId String CODEC(ZSTD(1))",
        "SpanId String CODEC(ZSTD(1))",
        "TraceFlags UInt8",
        "SeverityText LowCardinality(String) CODEC(ZSTD(1))",
        "SeverityNumber UInt8",
        "ServiceName LowCardinality(String) CODEC(ZSTD(1))",
        "Body String CODEC(ZSTD(1))",
        "ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1))",
        f"ResourceAttributes {_MAP} CODEC(ZSTD(1))",
        "ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1))",
        "ScopeName String CODEC(ZSTD(1))",
        "ScopeVersion LowCardinality(String) CODEC(ZSTD(1))",
        f"ScopeAttributes {_MAP} CODEC(ZSTD(1))",
        f"LogAttributes {_MAP} CODEC(ZSTD(1))",
        "EventName String CODEC(ZSTD(1))",
    ]
    if current:
        columns += [
            f"`__otel_materialized_{key}` LowCardinality(String) "
            f"MATERIALIZED ResourceAttributes['{key}'] CODEC(ZSTD(1))"
            for key in K8S_LOG_COLUMNS
        ]
    columns += [
        "INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1",
        *_map_indexes("ResourceAttributes", "res_attr", current),
        *_map_indexes("ScopeAttributes", "scope_attr", current),
        *_map_indexes("LogAttributes", "log_attr", current),
        "INDEX idx_lower_body lower(Body) TYPE "
        + (
            "text(tokenizer = 'splitByNonAlpha') GRANULARITY 1"
            if current
            else "tokenbf_v1(32768, 3, 0) GRANULARITY 8"
        ),
    ]
    if current:
        tail = (
            "PARTITION BY toDate(Timestamp)\n"
            "ORDER BY (toStartOfFiveMinutes(Timestamp), ServiceName, Timestamp)\n"
            "SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1"
        )
    else:
        tail = (
            "PARTITION BY toDate(TimestampTime)\n"
            "PRIMARY KEY (ServiceName, TimestampTime)\n"
            "ORDER BY (ServiceName, TimestampTime, Timestamp)\n"
            "SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1"
        )
    return [_table(db + LOGS, columns, tail)]


def metrics(generation: Generation = "current", database: str = "otel") -> list[str]:
    db = f"{database}."
    current = generation == "current"
    time_type = "DateTime" if current else "DateTime64(9)"
    exemplars = (
        f"Exemplars Nested (FilteredAttributes {_MAP}, TimeUnix DateTime64(9), Value Float64, "
        "SpanId String, TraceId String) CODEC(ZSTD(1))"
    )
    common = [
        f"ResourceAttributes {_MAP} CODEC(ZSTD(1))",
        "ResourceSchemaUrl String CODEC(ZSTD(1))",
        "ScopeName String CODEC(ZSTD(1))",
        "ScopeVersion String CODEC(ZSTD(1))",
        f"ScopeAttributes {_MAP} CODEC(ZSTD(1))",
        "ScopeDroppedAttrCount UInt32 CODEC(ZSTD(1))",
        "ScopeSchemaUrl String CODEC(ZSTD(1))",
        "ServiceName LowCardinality(String) CODEC(ZSTD(1))",
        "MetricName String CODEC(ZSTD(1))",
        "MetricDescription String CODEC(ZSTD(1))",
        "MetricUnit String CODEC(ZSTD(1))",
        f"Attributes {_MAP} CODEC(ZSTD(1))",
        f"StartTimeUnix {time_type} CODEC(Delta, ZSTD(1))",
        f"TimeUnix {time_type} CODEC(Delta, ZSTD(1))",
    ]
    indexes = [
        *_map_indexes("ResourceAttributes", "res_attr", current),
        *_map_indexes("ScopeAttributes", "scope_attr", current),
        *_map_indexes("Attributes", "attr", current),
    ]
    if current:
        key = (
            "ORDER BY (ServiceName, MetricName, toStartOfHour(TimeUnix), cityHash64(Attributes), "
            "TimeUnix)"
        )
    else:
        key = "ORDER BY (ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))"
    tail = f"PARTITION BY toDate(TimeUnix)\n{key}\nSETTINGS index_granularity = 8192"
    per_table = {
        GAUGE: ["Value Float64 CODEC(ZSTD(1))", "Flags UInt32 CODEC(ZSTD(1))", exemplars],
        SUM: [
            "Value Float64 CODEC(ZSTD(1))",
            "Flags UInt32 CODEC(ZSTD(1))",
            exemplars,
            "AggregationTemporality Int32 CODEC(ZSTD(1))",
            "IsMonotonic Boolean CODEC(Delta, ZSTD(1))",
        ],
        HISTOGRAM: [
            "Count UInt64 CODEC(Delta, ZSTD(1))",
            "Sum Float64 CODEC(ZSTD(1))",
            "BucketCounts Array(UInt64) CODEC(ZSTD(1))",
            "ExplicitBounds Array(Float64) CODEC(ZSTD(1))",
            exemplars,
            "Flags UInt32 CODEC(ZSTD(1))",
            "Min Float64 CODEC(ZSTD(1))",
            "Max Float64 CODEC(ZSTD(1))",
            "AggregationTemporality Int32 CODEC(ZSTD(1))",
        ],
        EXP_HISTOGRAM[generation]: [
            "Count UInt64 CODEC(Delta, ZSTD(1))",
            "Sum Float64 CODEC(ZSTD(1))",
            "Scale Int32 CODEC(ZSTD(1))",
            "ZeroCount UInt64 CODEC(ZSTD(1))",
            "PositiveOffset Int32 CODEC(ZSTD(1))",
            "PositiveBucketCounts Array(UInt64) CODEC(ZSTD(1))",
            "NegativeOffset Int32 CODEC(ZSTD(1))",
            "NegativeBucketCounts Array(UInt64) CODEC(ZSTD(1))",
            exemplars,
            "Flags UInt32 CODEC(ZSTD(1))",
            "Min Float64 CODEC(ZSTD(1))",
            "Max Float64 CODEC(ZSTD(1))",
            "AggregationTemporality Int32 CODEC(ZSTD(1))",
        ],
        SUMMARY: [
            "Count UInt64 CODEC(Delta, ZSTD(1))",
            "Sum Float64 CODEC(ZSTD(1))",
            "ValueAtQuantiles Nested (Quantile Float64, Value Float64) CODEC(ZSTD(1))",
            "Flags UInt32 CODEC(ZSTD(1))",
        ],
    }
    return [
        _table(db + name, [*common, *extra, *indexes], tail) for name, extra in per_table.items()
    ]


def statements(generation: Generation = "current", database: str = "otel") -> list[str]:
    """Every DDL statement, in order, creating `database` and its tables (idempotent)."""
    return [
        f"CREATE DATABASE IF NOT EXISTS {database}",
        *traces(generation, database),
        *logs(generation, database),
        *metrics(generation, database),
    ]
