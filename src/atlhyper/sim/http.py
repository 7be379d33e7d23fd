"""The plain-ASGI request and response plumbing under the sim's API.

Plain ASGI rather than a framework because the API server's URL space is regular but not
route-shaped (`/api/v1/namespaces/{ns}/pods/{name}` and `/api/v1/namespaces/{name}` share a
prefix), LIST responses are pre-encoded bytes, and WATCH is a long chunked stream.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import msgspec
import yaml

from atlhyper.sim import protobuf
from atlhyper.sim.errors import ApiError, bad_request, unsupported_media_type

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

MAX_BODY = 3 * 1024 * 1024
JSON = "application/json"
APPLY_YAML = "application/apply-patch+yaml"
JSON_PATCH_TYPES = (
    "application/merge-patch+json",
    "application/json-patch+json",
    "application/strategic-merge-patch+json",
)

_decoder = msgspec.json.Decoder()


@dataclass(frozen=True, slots=True)
class Accept:
    """What representation the client asked for: plain JSON, or a Table of a given version."""

    table: bool = False
    table_version: str = "v1"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    receive: Receive

    @classmethod
    def from_scope(cls, scope: Scope, receive: Receive) -> Request:
        raw_query = scope.get("query_string", b"").decode("latin-1")
        headers = {
            key.decode("latin-1").lower(): value.decode("latin-1")
            for key, value in scope.get("headers", [])
        }
        return cls(
            method=scope["method"],
            path=scope["path"],
            query=dict(parse_qsl(raw_query, keep_blank_values=True)),
            headers=headers,
            receive=receive,
        )

    async def body(self) -> bytes:
        chunks, size = [], 0
        while True:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                raise ApiError(413, "RequestEntityTooLarge", "the request body is too large")
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    async def json(self, required: bool = True) -> Any:
        raw = await self.body()
        if not raw.strip():
            if required:
                raise bad_request("the request body is empty; send a JSON object")
            return None
        content_type = self.content_type
        try:
            if content_type in ("application/yaml", "application/x-yaml", "text/yaml", APPLY_YAML):
                return yaml.safe_load(raw)
            if content_type == protobuf.PROTOBUF:
                return protobuf.decode(raw)
            if content_type not in (JSON, "", "*/*", "text/plain", *JSON_PATCH_TYPES):
                raise unsupported_media_type(content_type)
            return _decoder.decode(raw)
        except (msgspec.DecodeError, yaml.YAMLError) as exc:
            raise bad_request(f"the request body is not valid JSON: {exc}") from None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", JSON).split(";", 1)[0].strip().lower()

    def accept(self) -> Accept:
        """Pick the first representation in the Accept header the sim can produce.

        Clients list fallbacks (kubectl: Table v1, Table v1beta1, then JSON), so an entry the sim
        cannot serve, such as protobuf, is skipped rather than refused.
        """
        header = self.headers.get("accept", "")
        if not header.strip():
            return Accept()
        for item in header.split(","):
            media, *params = (part.strip() for part in item.split(";"))
            options = dict(p.split("=", 1) for p in params if "=" in p)
            if media not in (JSON, "*/*", "application/*"):
                continue
            wanted = options.get("as")
            if wanted is None:
                return Accept()
            if (
                wanted == "Table"
                and options.get("g") == "meta.k8s.io"
                and options.get("v") in ("v1", "v1beta1")
            ):
                return Accept(table=True, table_version=options["v"])
        raise ApiError(
            406,
            "NotAcceptable",
            "only the following media types are accepted: application/json, "
            "application/json;as=Table;v=v1;g=meta.k8s.io",
        )

    def flag(self, name: str) -> bool:
        return self.query.get(name, "").lower() in ("true", "1")

    def int_param(self, name: str, default: int = 0) -> int:
        text = self.query.get(name, "")
        if not text:
            return default
        try:
            value = int(text)
        except ValueError:
            raise bad_request(f"{name}: invalid value {text!r}: must be an integer") from None
        if value < 0:
            raise bad_request(f"{name}: invalid value {value}: must be >= 0")
        return value


async def respond(
    send: Send,
    code: int,
    body: bytes,
    content_type: str = JSON,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": code,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-cache, private"),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def respond_error(send: Send, error: ApiError) -> None:
    await respond(send, error.code, error.body())
