"""The Agent's ClickHouse side for its whole lifetime: connect, learn the schema, keep the OTel
summary fresh, and stay out of the snapshot path.

Until ClickHouse answers with OTel tables the summary is "unavailable" (with the reason) and the
query commands say ClickHouse is not ready; the Agent itself keeps running.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import structlog

from atlhyper.agent.clickhouse.client import ClickHouse, ClickHouseConfig, ClickHouseError
from atlhyper.agent.clickhouse.schema import OtelSchema, detect_schema
from atlhyper.agent.config import AgentSettings
from atlhyper.agent.otel.context import OtelContext
from atlhyper.agent.otel.summary import SummaryCache, first_line

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


ContextFactory = Callable[[ClickHouse, OtelSchema], OtelContext]


async def run(
    config: ClickHouseConfig,
    retry_seconds: float = RETRY_SECONDS,
    *,
    cache: SummaryCache | None = None,
    context: ContextFactory | None = None,
    on_ready: Callable[[OtelContext], None] | None = None,
) -> None:
    """Runs until cancelled and never raises: a ClickHouse outage must not stop the Agent.

    Once the schema is known, `context` makes the OtelContext (default: no Kubernetes lookups),
    `on_ready` hands it to the query commands, and `cache` (the snapshot's summary) is refreshed
    for ever.
    """
    client = ClickHouse(config)
    try:
        schema = await _wait_for_schema(client, config, retry_seconds, cache)
        ctx = context(client, schema) if context else OtelContext(client, schema, config.database)
        if on_ready is not None:
            on_ready(ctx)
        if cache is None:
            await asyncio.Event().wait()
        else:
            await cache.run(ctx)
    finally:
        await asyncio.to_thread(client.close)


async def _wait_for_schema(
    client: ClickHouse,
    config: ClickHouseConfig,
    retry_seconds: float,
    cache: SummaryCache | None,
) -> OtelSchema:
    """The schema generation, retrying while ClickHouse is down, holds no OTel tables yet (the
    exporter creates them when it first starts), or holds tables with JSON attributes, which
    the Agent's queries do not read."""
    while True:
        try:
            schema = await detect_schema(client, config.database)
        except ClickHouseError as exc:
            answered = "answered" if exc.code is not None else "is not answering"
            error = f"ClickHouse at {config.endpoint} {answered}: {first_line(exc)}"
        else:
            if schema.json_maps:
                error = (
                    f"the OTel tables in database {config.database!r} keep attributes as JSON "
                    "(the exporter's `json` option); the Agent reads the exporter's default Map "
                    "columns: turn the option off and let the exporter recreate its tables"
                )
            elif schema.tables:
                log.info(
                    "clickhouse schema detected",
                    endpoint=config.endpoint,
                    database=config.database,
                    generation=schema.generation,
                    tables=len(schema.tables),
                    metric_time=schema.metric_time_type,
                    exp_histogram=schema.exp_histogram_table,
                )
                return schema
            else:
                error = f"no OTel tables in database {config.database!r} yet"
        log.warning(
            "clickhouse not ready; OTel data off until it is",
            endpoint=config.endpoint,
            error=error[:300],
        )
        if cache is not None:
            cache.failed(error)
        await asyncio.sleep(retry_seconds)
