"""Which generation of the exporter's tables a ClickHouse holds (OTEL_CLICKHOUSE.md §1), read
from `system.columns` (with the log table's sorting key and the optional settings the server
knows) once at start-up, and enum values in both spellings."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Literal

from atlhyper.agent.clickhouse.client import ClickHouse

Generation = Literal["current", "legacy", "mixed", "empty"]
_EXP_TABLES = ("otel_metrics_exp_histogram", "otel_metrics_exponential_histogram")
#: The newest log tables materialise some resource attributes as `__otel_materialized_<key>`.
_MATERIALIZED = "__otel_materialized_"
#: Query settings the Agent sends only where the server has them and lets this user change
#: them: an unknown or forbidden one fails the query.
OPTIONAL_SETTINGS = ("read_in_order_use_buffering",)


@dataclass(frozen=True, slots=True)
class OtelSchema:
    tables: frozenset[str]
    #: "DateTime" (newest) or "DateTime64(9)" (older): compare through `metric_second`.
    metric_time_type: str
    #: Older log tables have it; never depend on it, but its key prunes by it.
    logs_timestamp_time: bool
    exp_histogram_table: str | None
    #: Attribute maps are `JSON` (the exporter's JSON mode), not `Map(…)`.
    json_maps: bool
    duration_type: str  # UInt64 (newest) or Int64
    #: Resource attribute keys (`k8s.namespace.name`, `k8s.pod.name`, …) that the newest log
    #: tables also keep as `__otel_materialized_<key>` columns: far cheaper to read than the map.
    logs_materialized: frozenset[str] = frozenset()
    #: `otel_logs`' sorting key as `system.tables` spells it. The newest starts with
    #: `toStartOfFiveMinutes(Timestamp)`, so "newest first" can be read in key order.
    logs_sorting_key: str = ""
    #: Those of OPTIONAL_SETTINGS the server knows and lets this user change.
    settings: frozenset[str] = frozenset()

    def metric_second(self, param: str) -> str:
        """SQL for the whole second in UInt32 parameter `param`, typed as `TimeUnix` is.
        Compared with a DateTime, a DateTime64 column's part pruning (ClickHouse 26.9) reads
        `TimeUnix < t` as `<= t - 1 s` and drops a part whose samples all fall in that second."""
        if self.metric_time_type.startswith("DateTime64"):
            return f"toDateTime64({{{param}:UInt32}}, 9)"
        return f"toDateTime({{{param}:UInt32}})"

    def logs_resource(self, key: str) -> str:
        """SQL for a resource attribute of a log row: its materialised column where the table
        has one, else the map lookup (same value: the column is computed from the map)."""
        if key in self.logs_materialized:
            return f"`{_MATERIALIZED}{key}`"
        return f"ResourceAttributes['{key}']"

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
    rows, keys, known = await asyncio.gather(
        client.query(
            "SELECT table, name, type FROM system.columns "
            "WHERE database = {database:String} AND startsWith(table, 'otel_')",
            {"database": database},
        ),
        client.query(
            "SELECT name, sorting_key FROM system.tables "
            "WHERE database = {database:String} AND name = 'otel_logs'",
            {"database": database},
        ),
        client.query(
            # readonly: this user may not change it (a readonly=1 profile), so it cannot be sent.
            "SELECT name FROM system.settings WHERE name IN {names:Array(String)} AND readonly = 0",
            {"names": list(OPTIONAL_SETTINGS)},
        ),
    )
    columns = {(table, name): type_ for table, name, type_ in rows.rows}
    tables = frozenset(table for table, _ in columns)
    return OtelSchema(
        tables=tables,
        metric_time_type=columns.get(("otel_metrics_gauge", "TimeUnix"), ""),
        logs_timestamp_time=("otel_logs", "TimestampTime") in columns,
        exp_histogram_table=next((t for t in _EXP_TABLES if t in tables), None),
        json_maps=any(
            type_.startswith("JSON")
            for (_, name), type_ in columns.items()
            if name == "ResourceAttributes"
        ),
        duration_type=columns.get(("otel_traces", "Duration"), ""),
        logs_materialized=frozenset(
            name.removeprefix(_MATERIALIZED)
            for table, name in columns
            if table == "otel_logs" and name.startswith(_MATERIALIZED)
        ),
        logs_sorting_key=next((str(key) for _, key in keys.rows), ""),
        settings=frozenset(str(name) for (name,) in known.rows),
    )


def span_kinds(*kinds: str) -> tuple[str, ...]:
    """`span_kinds("Server")` → ("Server", "SPAN_KIND_SERVER"): match both exporter spellings."""
    return tuple(spelling for kind in kinds for spelling in (kind, f"SPAN_KIND_{kind.upper()}"))


def status_codes(*codes: str) -> tuple[str, ...]:
    """`status_codes("Error")` → ("Error", "STATUS_CODE_ERROR")."""
    return tuple(spelling for code in codes for spelling in (code, f"STATUS_CODE_{code.upper()}"))
