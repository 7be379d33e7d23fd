"""`POST /agent/hosts`: batches from the collectors on this cluster's nodes, checked and forwarded.

Collectors authenticate with the cluster's token, the one this Agent holds. A batch is decoded
with the same model and limits as on the Master, so a bad one is refused here with the same
message; a good one is forwarded as received (still compressed). The collector gets its answer
only once the Master has answered, so a batch the Master did not take stays in the collector's
spool: the Master's 4xx goes back as it is, and an unreachable or failing Master is a 503.
"""

from __future__ import annotations

import hmac
from typing import Any

import httpx
import structlog
from litestar import MediaType, Request, Response, post
from litestar.handlers import HTTPRouteHandler
from prometheus_client import CollectorRegistry, Counter

from atlhyper.agent.gateway import Gateway
from atlhyper.model.hosts import HostBatch
from atlhyper.wire import BodyError, decode, decompress

log = structlog.get_logger(__name__)

#: Largest batch accepted, once decompressed (the Master's limit for host batches).
MAX_BATCH_BYTES = 64 * 1024 * 1024


def _error(status: int, message: str) -> Response[Any]:
    code = "unavailable" if status == 503 else "unauthorized" if status == 401 else "bad_request"
    return Response(
        {"error": {"code": code, "message": message, "details": None}},
        status_code=status,
        media_type=MediaType.JSON,
    )


class HostForwarder:
    def __init__(self, token: str, gateway: Gateway, registry: CollectorRegistry) -> None:
        self._token = token.encode()
        self.gateway = gateway
        self.batches = Counter(
            "atlhyper_agent_host_batches_total",
            "Collector batches received, by outcome (forwarded, rejected, master_unavailable).",
            ["result"],
            registry=registry,
        )

    def _authorized(self, request: Request[Any, Any, Any]) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            token.strip().encode(), self._token
        )

    async def receive(self, request: Request[Any, Any, Any]) -> Response[Any]:
        if not self._authorized(request):
            self.batches.labels("rejected").inc()
            return _error(401, "send this cluster's Agent token as 'Authorization: Bearer <token>'")
        body = await request.body()
        encoding = request.headers.get("content-encoding")
        try:
            decode(decompress(body, encoding, MAX_BATCH_BYTES), HostBatch)
        except BodyError as exc:
            self.batches.labels("rejected").inc()
            return _error(exc.status, exc.message)
        try:
            answer = await self.gateway.forward_hosts(body, encoding)
        except httpx.HTTPError as exc:
            return self._unavailable(f"the Master cannot be reached ({type(exc).__name__})")
        if answer.status_code >= 500:
            return self._unavailable(f"the Master failed ({answer.status_code})")
        self.batches.labels("forwarded" if answer.status_code < 300 else "rejected").inc()
        return Response(answer.content, status_code=answer.status_code, media_type=MediaType.JSON)

    def _unavailable(self, why: str) -> Response[Any]:
        self.batches.labels("master_unavailable").inc()
        log.warning("host batch not forwarded", reason=why)
        return _error(503, f"{why}; keep the batch and send it again later")

    def route(self) -> HTTPRouteHandler:
        @post("/agent/hosts", status_code=200)
        async def agent_hosts(request: Request[Any, Any, Any]) -> Response[Any]:
            return await self.receive(request)

        return agent_hosts
