"""Login, logout and who-am-I."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import JSONBody

from atlhyper.master.api.deps import UserRequest, client_ip, current_user
from atlhyper.master.auth import SESSION_COOKIE, VIEWER
from atlhyper.master.errors import ERROR_RESPONSES, ApiError
from atlhyper.master.services import Services


class LoginRequest(msgspec.Struct):
    username: str = msgspec.field()
    password: str = msgspec.field()


class UserInfo(msgspec.Struct, rename="camel"):
    username: str
    role: str


@post(
    "/api/v3/auth/login",
    opt={"exclude_from_auth": True},
    status_code=200,
    responses=ERROR_RESPONSES,
)
async def login(
    data: JSONBody[LoginRequest],
    request: Request[Any, Any, Any],
    services: NamedDependency[Services],
) -> Response[UserInfo]:
    ip = client_ip(request)
    try:
        token, user = await services.accounts.login(data.username, data.password, ip)
    except ApiError:
        await services.audit.record(data.username[:64], "login", result="failed", client_ip=ip)
        raise
    await services.audit.record(user.username, "login", client_ip=ip)
    cookie = Cookie(
        key=SESSION_COOKIE,
        value=token,
        httponly=True,
        samesite="strict",
        secure=services.settings.secure_cookies,
        max_age=services.settings.session_hours * 3600,
        path="/",
    )
    return Response(UserInfo(user.username, user.role.name), cookies=[cookie])


@post("/api/v3/auth/logout", opt=VIEWER, status_code=204, responses=ERROR_RESPONSES)
async def logout(request: UserRequest, services: NamedDependency[Services]) -> Response[None]:
    await services.accounts.logout(request.auth)
    expired = Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/")
    return Response(None, status_code=204, cookies=[expired])


@get("/api/v3/auth/me", opt=VIEWER, responses=ERROR_RESPONSES)
async def me(request: UserRequest) -> UserInfo:
    user = current_user(request)
    return UserInfo(user.username, user.role.name)
