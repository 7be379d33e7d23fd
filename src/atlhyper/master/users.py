"""User accounts and API tokens: who exists, with which role, and how scripts log in."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from atlhyper.master.auth import API_TOKEN_PREFIX, CurrentUser, Role, token_hash
from atlhyper.master.db import Database
from atlhyper.master.db.tables import ApiToken, User, UserSession
from atlhyper.master.db.times import as_utc
from atlhyper.master.errors import ApiError

_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 8


@dataclass(frozen=True, slots=True)
class UserRecord:
    username: str
    role: Role
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TokenRecord:
    id: str
    name: str
    username: str
    role: Role
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ApiError(422, f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > 256:
        raise ApiError(422, "a password has at most 256 characters")


def _role(name: str) -> Role:
    try:
        return Role[name]
    except KeyError:
        raise ApiError(422, f"unknown role {name!r}; roles: viewer, operator, admin") from None


class UserDirectory:
    def __init__(self, db: Database, hasher: PasswordHasher) -> None:
        self.db = db
        self.hasher = hasher

    async def all(self) -> list[UserRecord]:
        async with self.db.session() as session:
            users = await session.scalars(select(User).order_by(User.username))
            return [UserRecord(u.username, Role[u.role], as_utc(u.created_at)) for u in users]

    async def create(self, username: str, password: str, role: str) -> UserRecord:
        if not _USERNAME.match(username):
            raise ApiError(
                422,
                "a username is 1-64 letters, digits or . _ @ -, starting with a letter or digit",
            )
        check_password(password)
        user = User(
            username=username,
            password_hash=self.hasher.hash(password),
            role=_role(role).name,
            created_at=datetime.now(UTC),
        )
        async with self.db.session() as session:
            session.add(user)
            try:
                await session.commit()
            except IntegrityError:
                raise ApiError(409, f"a user named {username!r} already exists") from None
        return UserRecord(user.username, Role[user.role], user.created_at)

    @staticmethod
    async def _admins(session: AsyncSession) -> int:
        count = await session.scalar(
            select(func.count()).select_from(User).where(User.role == Role.admin.name)
        )
        return int(count or 0)

    async def update(
        self, username: str, *, role: str | None, password: str | None, acting: CurrentUser
    ) -> UserRecord:
        async with self.db.session() as session:
            user = await session.scalar(select(User).where(User.username == username))
            if user is None:
                raise ApiError(404, f"no user {username!r}")
            if role is not None:
                new_role = _role(role)
                if user.role == Role.admin.name and new_role != Role.admin:
                    if user.id == acting.id:
                        raise ApiError(409, "you cannot take the admin role from yourself")
                    if await self._admins(session) <= 1:
                        raise ApiError(409, "the last admin must stay an admin")
                user.role = new_role.name
            if password is not None:
                check_password(password)
                user.password_hash = self.hasher.hash(password)
                await session.execute(delete(UserSession).where(UserSession.user_id == user.id))
            await session.commit()
            return UserRecord(user.username, Role[user.role], as_utc(user.created_at))

    async def delete(self, username: str, acting: CurrentUser) -> None:
        async with self.db.session() as session:
            user = await session.scalar(select(User).where(User.username == username))
            if user is None:
                raise ApiError(404, f"no user {username!r}")
            if user.id == acting.id:
                raise ApiError(409, "you cannot delete yourself")
            if user.role == Role.admin.name and await self._admins(session) <= 1:
                raise ApiError(409, "the last admin cannot be deleted")
            await session.delete(user)
            await session.commit()

    async def change_own_password(
        self, user: CurrentUser, current: str, new: str, keep_session: str | None
    ) -> None:
        """Check the current password, set the new one, and end every other session."""
        check_password(new)
        async with self.db.session() as session:
            row = await session.get(User, user.id)
            if row is None:
                raise ApiError(401, "your account no longer exists")
            try:
                self.hasher.verify(row.password_hash, current)
            except (VerifyMismatchError, InvalidHashError):
                raise ApiError(403, "the current password is wrong") from None
            row.password_hash = self.hasher.hash(new)
            other_sessions = delete(UserSession).where(UserSession.user_id == user.id)
            if keep_session:
                other_sessions = other_sessions.where(
                    UserSession.token_hash != token_hash(keep_session)
                )
            await session.execute(other_sessions)
            await session.commit()

    async def create_token(
        self, user: CurrentUser, name: str, role: str | None, expires_in_days: int | None
    ) -> tuple[TokenRecord, str]:
        """A token acting as `user` with at most the user's role; shown only once."""
        wanted = _role(role) if role else user.role
        if wanted > user.role:
            raise ApiError(403, f"a token cannot have more than your role ({user.role.name})")
        if not 1 <= len(name) <= 64:
            raise ApiError(422, "a token name has 1-64 characters")
        token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        row = ApiToken(
            id=secrets.token_hex(8),
            user_id=user.id,
            name=name,
            token_hash=token_hash(token),
            role=wanted.name,
            created_at=now,
            expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
        )
        async with self.db.session() as session:
            session.add(row)
            await session.commit()
        return self._token_record(row, user.username), token

    @staticmethod
    def _token_record(row: ApiToken, username: str) -> TokenRecord:
        return TokenRecord(
            id=row.id,
            name=row.name,
            username=username,
            role=Role[row.role],
            created_at=as_utc(row.created_at),
            expires_at=as_utc(row.expires_at) if row.expires_at else None,
            last_used_at=as_utc(row.last_used_at) if row.last_used_at else None,
        )

    async def tokens(self, user: CurrentUser) -> list[TokenRecord]:
        """The caller's tokens; an admin sees everyone's."""
        query = select(ApiToken, User.username).join(User, User.id == ApiToken.user_id)
        if user.role < Role.admin:
            query = query.where(ApiToken.user_id == user.id)
        async with self.db.session() as session:
            rows = await session.execute(query.order_by(ApiToken.created_at))
            return [self._token_record(token, username) for token, username in rows]

    async def revoke_token(self, user: CurrentUser, token_id: str) -> None:
        async with self.db.session() as session:
            row = await session.get(ApiToken, token_id)
            if row is None or (row.user_id != user.id and user.role < Role.admin):
                raise ApiError(404, f"no token {token_id!r}")
            await session.delete(row)
            await session.commit()

    async def resolve_token(self, token: str) -> CurrentUser | None:
        """The user a script acts as: the lower of the token's and the user's current role."""
        now = datetime.now(UTC)
        async with self.db.session() as session:
            found = (
                await session.execute(
                    select(ApiToken, User)
                    .join(User, User.id == ApiToken.user_id)
                    .where(ApiToken.token_hash == token_hash(token))
                )
            ).first()
            if found is None:
                return None
            row, user = found
            if row.expires_at is not None and as_utc(row.expires_at) < now:
                return None
            if row.last_used_at is None or as_utc(row.last_used_at) < now - timedelta(minutes=1):
                row.last_used_at = now  # at most one write a minute per token
                await session.commit()
            return CurrentUser(user.id, user.username, min(Role[row.role], Role[user.role]))
