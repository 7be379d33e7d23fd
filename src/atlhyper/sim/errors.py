"""The one error type of the sim, shaped as the API server's `Status` so clients branch on it.

Real clients read `reason` and `code` (client-go's `IsNotFound`, `IsConflict`, the Python client's
`ApiException.status`), so every failure leaves the server as a `Status` with the same reason,
message wording and details a real API server would send.
"""

from __future__ import annotations

from typing import Any

import msgspec


class ApiError(Exception):
    """A request the API server refuses; `status()` is the body sent to the client."""

    def __init__(
        self,
        code: int,
        reason: str,
        message: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details

    def status(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }
        if self.details is not None:
            body["details"] = self.details
        return body

    def body(self) -> bytes:
        return msgspec.json.encode(self.status())


def not_found(plural: str, name: str, group: str = "") -> ApiError:
    details = _details(plural, name, group)
    return ApiError(404, "NotFound", f'{_resource(plural, group)} "{name}" not found', details)


def already_exists(plural: str, name: str, group: str = "") -> ApiError:
    details = _details(plural, name, group)
    message = f'{_resource(plural, group)} "{name}" already exists'
    return ApiError(409, "AlreadyExists", message, details)


def conflict(plural: str, name: str, group: str = "") -> ApiError:
    message = (
        f'Operation cannot be fulfilled on {_resource(plural, group)} "{name}": the object has '
        "been modified; please apply your changes to the latest version and try again"
    )
    return ApiError(409, "Conflict", message, _details(plural, name, group))


def invalid(kind: str, name: str, causes: list[tuple[str, str, str]], group: str = "") -> ApiError:
    """`causes` holds (field, reason, message), e.g. ("metadata.name", "FieldValueRequired", …).

    The message names the kind qualified by its group (`Deployment.apps "x" is invalid: …`).
    """
    summary = ", ".join(f"{field}: {message}" for field, _, message in causes)
    details: dict[str, Any] = {"name": name}
    if group:
        details["group"] = group
    details |= {
        "kind": kind,
        "causes": [
            {"reason": reason, "message": message, "field": field}
            for field, reason, message in causes
        ],
    }
    qualified = f"{kind}.{group}" if group else kind
    return ApiError(422, "Invalid", f'{qualified} "{name}" is invalid: {summary}', details)


def bad_request(message: str) -> ApiError:
    return ApiError(400, "BadRequest", message)


def expired(message: str) -> ApiError:
    return ApiError(410, "Expired", message)


def forbidden(plural: str, name: str, message: str) -> ApiError:
    text = f'{plural} "{name}" is forbidden: {message}'
    return ApiError(403, "Forbidden", text, {"name": name, "kind": plural})


def unauthorized() -> ApiError:
    return ApiError(401, "Unauthorized", "Unauthorized")


def method_not_allowed(method: str) -> ApiError:
    message = f"the server does not allow this method on the requested resource ({method})"
    return ApiError(405, "MethodNotAllowed", message)


def unsupported_media_type(content_type: str) -> ApiError:
    return ApiError(
        415,
        "UnsupportedMediaType",
        f"the body of the request was in an unknown format - accepted media types include: "
        f"application/json, application/yaml, application/vnd.kubernetes.protobuf "
        f"(got {content_type!r})",
    )


def too_many_requests(message: str, causes: list[dict[str, str]]) -> ApiError:
    return ApiError(429, "TooManyRequests", message, {"causes": causes})


def path_not_found() -> ApiError:
    return ApiError(404, "NotFound", "the server could not find the requested resource")


def _resource(plural: str, group: str) -> str:
    return f"{plural}.{group}" if group else plural


def _details(plural: str, name: str, group: str) -> dict[str, Any]:
    details: dict[str, Any] = {"name": name, "kind": plural}
    if group:
        details["group"] = group
    return details
