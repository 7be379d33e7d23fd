"""Users, logins and role checks.

Sessions are random cookie values; the database keeps only their SHA-256. Roles are ordered
viewer < operator < admin, and every route declares the least role it needs (`opt={"role": …}`)
or that it is public (`opt={"exclude_from_auth": True}`).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any

import structlog
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware.authentication import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
)
from sqlalchemy import delete, func, select

from atlhyper.master.db import Database
from atlhyper.master.db.tables import User, UserSession
from atlhyper.master.db.times import as_utc
from atlhyper.master.errors import ApiError

log = structlog.get_logger(__name__)

SESSION_COOKIE = "atlhyper_session"
API_TOKEN_PREFIX = "aht_"


class Role(IntEnum):
    viewer = 1
    operator = 2
    admin = 3


#: A route's `opt` naming the least role it needs.
VIEWER = {"role": Role.viewer}
OPERATOR = {"role": Role.operator}
ADMIN = {"role": Role.admin}


@dataclass(frozen=True, slots=True)
class CurrentUser:
    id: int
    username: str
    role: Role


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LoginLimiter:
    """At most `limit` failed logins per client address within `window` seconds."""

    def __init__(self, limit: int = 10, window: float = 300.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str) -> deque[float]:
        failures = self._failures[key]
        cutoff = time.monotonic() - self.window
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures

    def check(self, key: str) -> None:
        if len(self._recent(key)) >= self.limit:
            raise ApiError(429, "too many failed logins; wait a few minutes and try again")

    def failed(self, key: str) -> None:
        self._recent(key).append(time.monotonic())

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)


class Accounts:
    """User accounts and their sessions."""

    def __init__(self, db: Database, session_ttl: timedelta) -> None:
        self.db = db
        self.session_ttl = session_ttl
        self.hasher = PasswordHasher()
        self.limiter = LoginLimiter()

    async def ensure_admin(self, password: str | None) -> str | None:
        """Create `admin` when no user exists; return the password when it was generated."""
        async with self.db.session() as session:
            if await session.scalar(select(func.count()).select_from(User)):
                return None
            generated = password is None
            chosen = password or secrets.token_urlsafe(15)
            session.add(
                User(
                    username="admin",
                    password_hash=self.hasher.hash(chosen),
                    role=Role.admin.name,
                    created_at=datetime.now(UTC),
                )
            )
            await session.commit()
        return chosen if generated else None

    async def login(self, username: str, password: str, client_ip: str) -> tuple[str, CurrentUser]:
        """Check the password and open a session; returns the cookie value and the user."""
        self.limiter.check(client_ip)
        async with self.db.session() as session:
            user = await session.scalar(select(User).where(User.username == username))
            if user is None or not self._verify(user.password_hash, password):
                self.limiter.failed(client_ip)
                raise ApiError(401, "wrong username or password")
            self.limiter.succeeded(client_ip)
            token = secrets.token_urlsafe(32)
            now = datetime.now(UTC)
            session.add(
                UserSession(
                    token_hash=token_hash(token),
                    user_id=user.id,
                    created_at=now,
                    expires_at=now + self.session_ttl,
                    client_ip=client_ip,
                )
            )
            await session.execute(delete(UserSession).where(UserSession.expires_at < now))
            await session.commit()
            return token, CurrentUser(user.id, user.username, Role[user.role])

    def _verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored_hash, password)
        except (VerifyMismatchError, InvalidHashError):
            return False

    async def resolve(self, token: str) -> CurrentUser | None:
        async with self.db.session() as session:
            row = (
                await session.execute(
                    select(User, UserSession.expires_at)
                    .join(UserSession, UserSession.user_id == User.id)
                    .where(UserSession.token_hash == token_hash(token))
                )
            ).first()
        if row is None:
            return None
        user, expires_at = row
        if as_utc(expires_at) < datetime.now(UTC):
            return None
        return CurrentUser(user.id, user.username, Role[user.role])

    async def logout(self, token: str | None) -> None:
        if token is None:
            return  # an API token has no session to end
        async with self.db.session() as session:
            await session.execute(
                delete(UserSession).where(UserSession.token_hash == token_hash(token))
            )
            await session.commit()


class SessionAuthMiddleware(AbstractAuthenticationMiddleware):
    """Authenticates UI/API callers by session cookie, or scripts by `Bearer aht_…` API token.

    Cookie-authenticated POSTs must be JSON: a cross-site form can POST, but not with
    `application/json`, which needs a CORS preflight this server never grants (CSRF defence, on top
    of the SameSite=Strict cookie). PUT, PATCH and DELETE always need that preflight.
    """

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> Any:
        scheme, _, credential = connection.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and credential.strip().startswith(API_TOKEN_PREFIX):
            user = await connection.app.state.users.resolve_token(credential.strip())
            if user is None:
                raise ApiError(401, "unknown, revoked or expired API token")
            return AuthenticationResult(user=user, auth=None)
        accounts: Accounts = connection.app.state.accounts
        token = connection.cookies.get(SESSION_COOKIE)
        if not token:
            raise ApiError(401, "log in first: no session")
        user = await accounts.resolve(token)
        if user is None:
            raise ApiError(401, "your session has expired; log in again")
        if connection.scope.get("method") == "POST":
            content_type = connection.headers.get("content-type", "")
            if not content_type.startswith("application/json"):
                raise ApiError(415, "send requests with Content-Type: application/json")
        return AuthenticationResult(user=user, auth=token)


def role_guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Refuse a caller whose role is below the route's `role` option.

    A route that is neither public nor declares a role is refused for everyone, so a forgotten
    declaration fails closed.
    """
    if handler.opt.get("exclude_from_auth"):
        return
    needed = handler.opt.get("role")
    if not isinstance(needed, Role):
        raise ApiError(403, "this route declares no role; refusing")
    user = connection.scope.get("user")
    if not isinstance(user, CurrentUser):
        raise ApiError(401, "log in first")
    if user.role < needed:
        raise ApiError(403, f"this needs the {needed.name} role; you are {user.role.name}")
