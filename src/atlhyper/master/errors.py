"""The Master's one error type and its single mapping to HTTP responses.

Every error leaves the Master as `{"error": {"code", "message", "details"}}` with the right status;
no traceback ever reaches a client.
"""

from __future__ import annotations

from typing import Any

import msgspec
import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.types import ExceptionHandlersMap

from atlhyper.wire import BodyError

log = structlog.get_logger(__name__)

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
}


class ErrorDetail(msgspec.Struct):
    code: str
    message: str
    details: Any = None


class ErrorBody(msgspec.Struct):
    """What every failed request returns."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int, ResponseSpec] = {
    status: ResponseSpec(ErrorBody, description=description, generate_examples=False)
    for status, description in (
        (400, "The request is malformed; the message names the field."),
        (401, "No valid session."),
        (403, "The caller's role is too low."),
        (404, "No such object."),
    )
}


class ApiError(BodyError):
    """An error a client caused or must know about; `message` says what to do."""

    def __init__(
        self, status: int, message: str, *, code: str | None = None, details: Any = None
    ) -> None:
        super().__init__(status, message)
        self.code = code or _CODES.get(status, "error")
        self.details = details


def error_response(status: int, code: str, message: str, details: Any = None) -> Response[Any]:
    return Response(
        {"error": {"code": code, "message": message, "details": details}}, status_code=status
    )


def _api_error(_: Request[Any, Any, Any], exc: ApiError) -> Response[Any]:
    return error_response(exc.status, exc.code, exc.message, exc.details)


def _body_error(_: Request[Any, Any, Any], exc: BodyError) -> Response[Any]:
    return error_response(exc.status, _CODES.get(exc.status, "error"), exc.message)


def _validation_error(_: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    details = exc.extra if isinstance(exc.extra, list | dict) else None
    message = exc.detail
    if isinstance(exc.extra, list) and exc.extra:
        parts = []
        for item in exc.extra:
            if isinstance(item, dict):
                where = item.get("key") or item.get("source") or ""
                parts.append(f"{where}: {item.get('message', '')}".strip(": "))
        if parts:
            message = "invalid request: " + "; ".join(parts)
    return error_response(400, "bad_request", message, details)


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    message = exc.detail
    if status == 404 and message == "Not Found":  # the router's own words name nothing
        message = f"no route {request.url.path!r}; see /api/docs"
    return error_response(status, _CODES.get(status, "error"), message)


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error", path=request.url.path, method=request.method)
    return error_response(500, "internal", "internal error; the Master's log has the details")


exception_handlers: ExceptionHandlersMap = {
    ApiError: _api_error,
    BodyError: _body_error,
    ValidationException: _validation_error,
    HTTPException: _http_error,
    Exception: _unexpected,
}
