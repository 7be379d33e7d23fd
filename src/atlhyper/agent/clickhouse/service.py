"""The Agent's ClickHouse side for its whole lifetime: connect, learn the schema, stay out of the
snapshot path. Today it only logs the detected generation; the OTel summaries will refresh here."""

from __future__ import annotations

import asyncio

import structlog

from atlhyper.agent.clickhouse.client import ClickHouse, ClickHouseConfig, ClickHouseError
from atlhyper.agent.clickhouse.schema import detect_schema
from atlhyper.agent.config import AgentSettings

log = structlog.get_logger(__name__)

#: Seconds between attempts while ClickHouse cannot be reached.
RETRY_SECONDS = 30.0


def config_from(settings: AgentSettings) -> ClickHouseConfig | None:
    if settings.clickhouse_endpoint is None:
        return None
    return ClickHouseConfig(
        endpoint=str(settings.clickhouse_endpoint),
        database=settings.clickhouse_database,
        user=settings.clickhouse_user,
        password=(
            settings.clickhouse_password.get_secret_value() if settings.clickhouse_password else ""
        ),
        query_timeout=settings.clickhouse_query_timeout,
        max_memory_bytes=settings.clickhouse_max_memory,
    )


async def run(config: ClickHouseConfig, retry_seconds: float = RETRY_SECONDS) -> None:
    """Runs until cancelled and never raises: a ClickHouse outage must not stop the Agent."""
    client = ClickHouse(config)
    try:
        while True:
            try:
                schema = await detect_schema(client, config.database)
            except ClickHouseError as exc:
                log.warning(
                    "clickhouse unavailable; OTel data off until it answers",
                    endpoint=config.endpoint,
                    error=str(exc).splitlines()[0][:300],
                )
                await asyncio.sleep(retry_seconds)
                continue
            log.info(
                "clickhouse schema detected",
                endpoint=config.endpoint,
                database=config.database,
                generation=schema.generation,
                tables=len(schema.tables),
                metric_time=schema.metric_time_type,
                exp_histogram=schema.exp_histogram_table,
                json_maps=schema.json_maps,
            )
            break
        await asyncio.Event().wait()
    finally:
        await asyncio.to_thread(client.close)
