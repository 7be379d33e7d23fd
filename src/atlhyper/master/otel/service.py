"""What the OTel routes use besides `Services`, built once in `app.py`."""

from __future__ import annotations

from dataclasses import dataclass

from atlhyper.master.otel.cache import QueryCache
from atlhyper.master.otel.queries import OtelQueries
from atlhyper.master.otel.slo import SloTargets
from atlhyper.master.services import Services

CACHE_ENTRIES = 512


@dataclass(frozen=True, slots=True)
class OtelService:
    queries: OtelQueries
    targets: SloTargets

    @classmethod
    def build(cls, services: Services) -> OtelService:
        settings = services.settings
        return cls(
            queries=OtelQueries(
                services.commands,
                services.audit,
                settings.otel_query_timeout_seconds,
                QueryCache(CACHE_ENTRIES),
            ),
            targets=SloTargets(services.db),
        )
