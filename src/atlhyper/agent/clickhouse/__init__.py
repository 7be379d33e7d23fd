"""The Agent's ClickHouse access: one client over clickhouse-connect (HTTP, as in production),
parameterised queries only, and detection of the exporter's schema generation."""

from atlhyper.agent.clickhouse.client import ClickHouse, ClickHouseConfig, ClickHouseError, Rows
from atlhyper.agent.clickhouse.schema import OtelSchema, detect_schema, span_kinds, status_codes

__all__ = [
    "ClickHouse",
    "ClickHouseConfig",
    "ClickHouseError",
    "OtelSchema",
    "Rows",
    "detect_schema",
    "span_kinds",
    "status_codes",
]
