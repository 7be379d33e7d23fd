"""A thin REST layer over the authenticated client, for the Agent's commands.

Commands are rare and touch arbitrary kinds, so they speak the API's JSON directly: no generated
models to keep in step with the server, and every patch type, subresource and `dryRun` is one
parameter away. Non-2xx answers become `KubeApiError` carrying the server's own Status message.
"""

from __future__ import annotations

from typing import Any, Literal

import httpx2
import msgspec

from atlhyper.agent.k8s import wire

PatchType = Literal["merge", "strategic", "json", "apply"]
_CONTENT_TYPES: dict[PatchType, str] = {
    "merge": "application/merge-patch+json",
    "strategic": "application/strategic-merge-patch+json",
    "json": "application/json-patch+json",
    "apply": "application/apply-patch+yaml",
}
FIELD_MANAGER = "atlhyper"
_status = msgspec.json.Decoder(wire.Status)
_encoder = msgspec.json.Encoder()


class KubeApiError(Exception):
    """The API server refused a request; `message` is the server's own explanation."""

    def __init__(self, code: int, reason: str, message: str) -> None:
        super().__init__(f"{code} {reason}: {message}" if reason else f"{code}: {message}")
        self.code = code
        self.reason = reason
        self.message = message


class KubeApi:
    def __init__(self, client: httpx2.AsyncClient, timeout: float = 30.0) -> None:
        self.client = client
        self.timeout = timeout

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: bytes | None = None,
        content_type: str = "application/json",
    ) -> httpx2.Response:
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = content_type
        try:
            response = await self.client.request(
                method, path, params=params, content=body, headers=headers, timeout=self.timeout
            )
        except httpx2.HTTPError as exc:
            raise KubeApiError(0, "Unreachable", f"the API server did not answer: {exc}") from None
        if response.status_code >= 400:
            raise _error(response)
        return response

    async def get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self._send("GET", path, params=params)
        decoded: dict[str, Any] = msgspec.json.decode(response.content)
        return decoded

    async def get_text(self, path: str, params: dict[str, Any] | None = None) -> str:
        return (await self._send("GET", path, params=params)).text

    async def post(self, path: str, body: Any, *, dry_run: bool = False) -> dict[str, Any]:
        params = {"dryRun": "All"} if dry_run else None
        response = await self._send("POST", path, params=params, body=_encoder.encode(body))
        decoded: dict[str, Any] = msgspec.json.decode(response.content)
        return decoded

    async def patch(
        self,
        path: str,
        body: Any,
        patch_type: PatchType,
        *,
        dry_run: bool = False,
        force: bool = False,
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"fieldManager": FIELD_MANAGER}
        if dry_run:
            params["dryRun"] = "All"
        if patch_type == "apply":
            params["force"] = "true" if force else "false"
        encoded = body if isinstance(body, bytes) else _encoder.encode(body)
        response = await self._send(
            "PATCH", path, params=params, body=encoded, content_type=_CONTENT_TYPES[patch_type]
        )
        decoded: dict[str, Any] = msgspec.json.decode(response.content)
        return decoded

    async def delete(
        self, path: str, options: dict[str, Any], *, dry_run: bool = False
    ) -> dict[str, Any]:
        params = {"dryRun": "All"} if dry_run else None
        response = await self._send("DELETE", path, params=params, body=_encoder.encode(options))
        decoded: dict[str, Any] = msgspec.json.decode(response.content) if response.content else {}
        return decoded


def _error(response: httpx2.Response) -> KubeApiError:
    try:
        status = _status.decode(response.content)
        return KubeApiError(response.status_code, status.reason, status.message or response.text)
    except msgspec.DecodeError:
        return KubeApiError(response.status_code, "", response.text[:500])
