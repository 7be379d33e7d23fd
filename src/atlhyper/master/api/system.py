"""Liveness and Prometheus metrics: public, for probes and scrapers."""

from __future__ import annotations

from litestar import MediaType, Response, get
from litestar.di import NamedDependency
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from atlhyper.master.services import Services

PUBLIC = {"exclude_from_auth": True}


@get("/healthz", opt=PUBLIC, media_type=MediaType.TEXT, include_in_schema=False)
async def healthz() -> str:
    return "ok"


@get("/metrics", opt=PUBLIC, include_in_schema=False)
async def metrics(services: NamedDependency[Services]) -> Response[bytes]:
    return Response(generate_latest(services.registry), media_type=CONTENT_TYPE_LATEST)
