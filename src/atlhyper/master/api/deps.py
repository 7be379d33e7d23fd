"""Typed access to what handlers need."""

from __future__ import annotations

from typing import Any

from litestar import Request

from atlhyper.master.auth import CurrentUser
from atlhyper.master.errors import ApiError
from atlhyper.master.services import Services

UserRequest = Request[CurrentUser, str, Any]


def client_ip(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else ""


def current_user(request: UserRequest) -> CurrentUser:
    user = request.scope.get("user")
    if not isinstance(user, CurrentUser):
        raise ApiError(401, "log in first")
    return user


async def audit(
    request: UserRequest,
    services: Services,
    action: str,
    target: str,
    params: dict[str, Any] | None = None,
) -> None:
    """Log that the current user did `action` to `target`, and from which address."""
    await services.audit.record(
        current_user(request).username,
        action,
        target=target,
        params=params,
        client_ip=client_ip(request),
    )
