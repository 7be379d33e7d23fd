"""Users (admin), the caller's own password, and API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from atlhyper.master.api.deps import UserRequest, audit, current_user
from atlhyper.master.auth import ADMIN, VIEWER
from atlhyper.master.errors import ERROR_RESPONSES
from atlhyper.master.services import Services
from atlhyper.master.users import TokenRecord, UserRecord

RoleName = Annotated[str, msgspec.Meta(description="viewer, operator or admin")]


class UserView(msgspec.Struct, rename="camel"):
    username: str
    role: str
    created_at: datetime


class UserList(msgspec.Struct):
    items: list[UserView]


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    username: str
    password: str
    role: RoleName = "viewer"


class UserUpdate(msgspec.Struct, forbid_unknown_fields=True):
    role: RoleName | None = None
    password: str | None = None


class PasswordChange(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    current_password: str
    new_password: str


class TokenCreate(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    name: str
    role: RoleName | None = None
    expires_in_days: Annotated[int, msgspec.Meta(ge=1, le=3650)] | None = None


class TokenView(msgspec.Struct, rename="camel"):
    id: str
    name: str
    username: str
    role: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


class TokenCreated(msgspec.Struct):
    """The only response that ever shows the token itself."""

    token: str
    info: TokenView


class TokenList(msgspec.Struct):
    items: list[TokenView]


def _user(record: UserRecord) -> UserView:
    return UserView(record.username, record.role.name, record.created_at)


def _token(record: TokenRecord) -> TokenView:
    return TokenView(
        id=record.id,
        name=record.name,
        username=record.username,
        role=record.role.name,
        created_at=record.created_at,
        expires_at=record.expires_at,
        last_used_at=record.last_used_at,
    )


@get("/api/v3/users", opt=ADMIN, responses=ERROR_RESPONSES)
async def list_users(services: NamedDependency[Services]) -> UserList:
    return UserList([_user(record) for record in await services.users.all()])


@post("/api/v3/users", opt=ADMIN, status_code=201, responses=ERROR_RESPONSES)
async def create_user(
    data: JSONBody[UserCreate], request: UserRequest, services: NamedDependency[Services]
) -> UserView:
    record = await services.users.create(data.username, data.password, data.role)
    await audit(request, services, "user.create", f"user/{data.username}", {"role": data.role})
    return _user(record)


@patch("/api/v3/users/{username:str}", opt=ADMIN, responses=ERROR_RESPONSES)
async def update_user(
    username: FromPath[str],
    data: JSONBody[UserUpdate],
    request: UserRequest,
    services: NamedDependency[Services],
) -> UserView:
    actor = current_user(request)
    record = await services.users.update(
        username, role=data.role, password=data.password, acting=actor
    )
    await audit(
        request,
        services,
        "user.update",
        f"user/{username}",
        {"role": data.role, "password": "***" if data.password else None},
    )
    return _user(record)


@delete("/api/v3/users/{username:str}", opt=ADMIN, status_code=204, responses=ERROR_RESPONSES)
async def delete_user(
    username: FromPath[str], request: UserRequest, services: NamedDependency[Services]
) -> None:
    actor = current_user(request)
    await services.users.delete(username, actor)
    await audit(request, services, "user.delete", f"user/{username}")


@post("/api/v3/auth/password", opt=VIEWER, status_code=204, responses=ERROR_RESPONSES)
async def change_password(
    data: JSONBody[PasswordChange], request: UserRequest, services: NamedDependency[Services]
) -> None:
    user = current_user(request)
    await services.users.change_own_password(
        user, data.current_password, data.new_password, keep_session=request.auth
    )
    await audit(request, services, "user.password", f"user/{user.username}")


@get("/api/v3/tokens", opt=VIEWER, responses=ERROR_RESPONSES)
async def list_tokens(request: UserRequest, services: NamedDependency[Services]) -> TokenList:
    return TokenList([_token(t) for t in await services.users.tokens(current_user(request))])


@post("/api/v3/tokens", opt=VIEWER, status_code=201, responses=ERROR_RESPONSES)
async def create_token(
    data: JSONBody[TokenCreate], request: UserRequest, services: NamedDependency[Services]
) -> TokenCreated:
    user = current_user(request)
    record, token = await services.users.create_token(
        user, data.name, data.role, data.expires_in_days
    )
    await audit(
        request,
        services,
        "token.create",
        f"token/{record.id}",
        {"name": data.name, "role": record.role.name},
    )
    return TokenCreated(token=token, info=_token(record))


@delete("/api/v3/tokens/{token_id:str}", opt=VIEWER, status_code=204, responses=ERROR_RESPONSES)
async def revoke_token(
    token_id: FromPath[str], request: UserRequest, services: NamedDependency[Services]
) -> None:
    user = current_user(request)
    await services.users.revoke_token(user, token_id)
    await audit(request, services, "token.revoke", f"token/{token_id}")


ROUTES = [
    list_users,
    create_user,
    update_user,
    delete_user,
    change_password,
    list_tokens,
    create_token,
    revoke_token,
]
