"""The OTel summary that rides in snapshots, refreshed off the snapshot path.

`SummaryCache.current()` is what the snapshot builder reads: a plain attribute, never a query,
so a slow or dead ClickHouse can never delay a snapshot. `run()` refreshes it every interval,
each refresh under its own timeout. A failed refresh keeps the last good lists and says "stale"
(with the error and when it was seen); before the first success the summary is "unavailable"
with empty lists. Data older than the TTL (or the refresh interval, if longer) plus one
refresh's timeout is "stale" too: the refresh that should have replaced it is overdue.

`current()` returns a new object only when something changed, so a snapshot delta carries the
summary exactly when it differs from the one the Master holds.

After each refresh, the SLO hours are warmed (`slo.warm`) in a task of its own under its own,
longer timeout (the first fill reads 30 days). The refresh never awaits it, so it can neither
fail nor delay the summary (it starts once the summary's queries are done, leaving them the
CPU), and it is not started again while the previous one still runs.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import msgspec
import structlog

from atlhyper.agent.clickhouse import ClickHouseError
from atlhyper.agent.otel import nodes, rollup, slo
from atlhyper.agent.otel.context import OtelContext, QueryError, iso, nothing_to_read
from atlhyper.model.otel import OtelSummary

log = structlog.get_logger(__name__)

#: "The summary is cached for 5 minutes" (issue 7).
TTL_SECONDS = 300.0
_METRIC_TABLES = frozenset({"otel_metrics_sum", "otel_metrics_gauge", "otel_metrics_histogram"})

#: Seconds one warming of the SLO hours may take (the first reads 30 days).
WARM_TIMEOUT_SECONDS = 300.0

Compute = Callable[[OtelContext, datetime, datetime], Awaitable[OtelSummary]]
Warm = Callable[[OtelContext, datetime], Awaitable[None]]


async def compute(ctx: OtelContext, start: datetime, end: datetime) -> OtelSummary:
    """Everything the summary holds over [start, end), the independent queries at once. Parts
    whose tables this ClickHouse lacks (a pipeline without metrics, say) are empty. Services
    and edges come from the Agent's minute rollup when the context holds one."""
    metered = _METRIC_TABLES.issubset(ctx.schema.tables)
    (services, edges), ingresses, mesh, hardware = await asyncio.gather(
        rollup.services_and_edges(ctx, start, end),
        slo.ingresses(ctx, start, end) if metered else nothing_to_read([]),
        slo.mesh(ctx, start, end) if metered else nothing_to_read(([], [])),
        nodes.hardware(ctx, end) if metered else nothing_to_read([]),
    )
    return OtelSummary(
        status="ok",
        window_seconds=int((end - start).total_seconds()),
        services=services,
        edges=edges,
        ingresses=ingresses,
        mesh_workloads=mesh[0],
        mesh_edges=mesh[1],
        nodes=hardware,
    )


class SummaryCache:
    def __init__(
        self,
        compute: Compute = compute,
        *,
        window_seconds: int = 3600,
        refresh_seconds: float = TTL_SECONDS,
        timeout_seconds: float = 60.0,
        ttl_seconds: float = TTL_SECONDS,
        clock: Callable[[], float] = time.time,
        warm: Warm = slo.warm,
        warm_timeout_seconds: float = WARM_TIMEOUT_SECONDS,
    ) -> None:
        self.compute = compute
        self.warm = warm
        self.warm_timeout_seconds = warm_timeout_seconds
        self.warming: asyncio.Task[None] | None = None
        self.window_seconds = window_seconds
        self.refresh_seconds = refresh_seconds
        self.timeout_seconds = timeout_seconds
        self.max_age = max(ttl_seconds, refresh_seconds) + timeout_seconds
        self.clock = clock
        self._summary = OtelSummary(status="unavailable", window_seconds=window_seconds)
        self._refreshed: float | None = None

    def current(self) -> OtelSummary:
        """The latest summary; never waits on ClickHouse."""
        summary = self._summary
        if (
            summary.status == "ok"
            and self._refreshed is not None
            and self.clock() - self._refreshed > self.max_age
        ):
            summary = self._summary = msgspec.structs.replace(summary, status="stale")
        return summary

    async def refresh(self, ctx: OtelContext) -> bool:
        """One refresh under the timeout; True when it succeeded."""
        now = self.clock()
        end = datetime.fromtimestamp(now, UTC)
        try:
            async with asyncio.timeout(self.timeout_seconds):
                fresh = await self.compute(ctx, end - timedelta(seconds=self.window_seconds), end)
        except TimeoutError:
            self.failed(f"the summary queries took over {self.timeout_seconds:g}s")
            return False
        except Exception as exc:  # ClickHouse errors, and bugs: neither may end the loop
            self.failed(first_line(exc))
            if not isinstance(exc, ClickHouseError | QueryError):
                log.exception("otel summary refresh failed")
            return False
        finally:
            if self.warming is None or self.warming.done():
                self.warming = asyncio.create_task(self._warm(ctx, end))
        self._refreshed = now
        at = iso(end)
        self._summary = msgspec.structs.replace(
            fresh,
            status="ok",
            window_seconds=self.window_seconds,
            refreshed_at=at,
            checked_at=at,
            error="",
            schema_generation=ctx.schema.generation,
        )
        return True

    async def _warm(self, ctx: OtelContext, now: datetime) -> None:
        try:
            async with asyncio.timeout(self.warm_timeout_seconds):
                await self.warm(ctx, now)
        except TimeoutError:
            log.warning("slo hours warming timed out", seconds=self.warm_timeout_seconds)
        except (ClickHouseError, QueryError) as exc:  # the hours keep what they held
            log.warning("slo hours warming failed", error=first_line(exc))
        except Exception:  # a bug: logged, and the next refresh tries again
            log.exception("slo hours warming failed")

    def failed(self, error: str) -> None:
        """A refresh (or reaching ClickHouse at all) failed: keep the last good data, if any."""
        checked = iso(datetime.fromtimestamp(self.clock(), UTC))
        if self._refreshed is None:
            self._summary = OtelSummary(
                status="unavailable",
                window_seconds=self.window_seconds,
                checked_at=checked,
                error=error,
            )
        else:
            self._summary = msgspec.structs.replace(
                self._summary, status="stale", checked_at=checked, error=error
            )

    async def run(self, ctx: OtelContext) -> None:
        """Refresh every interval (from the start of one refresh to the next) until cancelled."""
        try:
            while True:
                started = time.monotonic()
                if not await self.refresh(ctx):
                    log.warning("otel summary is stale", error=self._summary.error)
                await asyncio.sleep(max(0.0, self.refresh_seconds - (time.monotonic() - started)))
        finally:
            if self.warming is not None:
                self.warming.cancel()


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:500] if text else type(exc).__name__
