"""Which generation of the exporter's tables a ClickHouse holds (OTEL_CLICKHOUSE.md §1), read
from `system.columns` once at start-up, and enum values in both spellings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from atlhyper.agent.clickhouse.client import ClickHouse

Generation = Literal["current", "legacy", "mixed", "empty"]
_EXP_TABLES = ("otel_metrics_exp_histogram", "otel_metrics_exponential_histogram")


@dataclass(frozen=True, slots=True)
class OtelSchema:
    tables: frozenset[str]
    #: "DateTime" (newest) or "DateTime64(9)" (older): write `TimeUnix >= toDateTime(x)`.
    metric_time_type: str
    #: Older log tables have it; never depend on it, but its key prunes by it.
    logs_timestamp_time: bool
    exp_histogram_table: str | None
    #: Attribute maps are `JSON` (the exporter's JSON mode), not `Map(…)`.
    json_maps: bool
    duration_type: str  # UInt64 (newest) or Int64

    @property
    def generation(self) -> Generation:
        if not self.tables:
            return "empty"
        new = (
            self.duration_type.startswith("UInt"),
            self.metric_time_type == "DateTime",
            not self.logs_timestamp_time,
        )
        if all(new):
            return "current"
        if not any(new):
            return "legacy"
        return "mixed"


async def detect_schema(client: ClickHouse, database: str) -> OtelSchema:
    rows = await client.query(
        "SELECT table, name, type FROM system.columns "
        "WHERE database = {database:String} AND startsWith(table, 'otel_')",
        {"database": database},
    )
    columns = {(table, name): type_ for table, name, type_ in rows.rows}
    tables = frozenset(table for table, _ in columns)
    return OtelSchema(
        tables=tables,
        metric_time_type=columns.get(("otel_metrics_gauge", "TimeUnix"), ""),
        logs_timestamp_time=("otel_logs", "TimestampTime") in columns,
        exp_histogram_table=next((t for t in _EXP_TABLES if t in tables), None),
        json_maps=columns.get(("otel_traces", "ResourceAttributes"), "").startswith("JSON"),
        duration_type=columns.get(("otel_traces", "Duration"), ""),
    )


def span_kinds(*kinds: str) -> tuple[str, ...]:
    """`span_kinds("Server")` → ("Server", "SPAN_KIND_SERVER"): match both exporter spellings."""
    return tuple(spelling for kind in kinds for spelling in (kind, f"SPAN_KIND_{kind.upper()}"))


def status_codes(*codes: str) -> tuple[str, ...]:
    """`status_codes("Error")` → ("Error", "STATUS_CODE_ERROR")."""
    return tuple(spelling for code in codes for spelling in (code, f"STATUS_CODE_{code.upper()}"))
