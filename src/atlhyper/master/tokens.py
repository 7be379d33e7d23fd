"""Machine tokens: an Agent's cluster token and a host-mode collector's host token.

A token is shown once; its owner's row keeps only its SHA-256 (`token_hash`), and an in-memory
index finds the owner of a presented token without a query.
"""

from __future__ import annotations

import secrets
from typing import Generic, TypeVar

from atlhyper.master.auth import token_hash
from atlhyper.master.db import Database
from atlhyper.master.db.tables import Cluster, Host
from atlhyper.master.errors import ApiError

_Row = TypeVar("_Row", Cluster, Host)


class MachineTokens(Generic[_Row]):
    """The tokens of one table's rows, `noun` naming a row in messages."""

    def __init__(self, db: Database, table: type[_Row], prefix: str, noun: str) -> None:
        self.db = db
        self.table: type[_Row] = table
        self.prefix = prefix
        self.noun = noun
        self._owner_by_hash: dict[str, str] = {}

    def new(self) -> tuple[str, str]:
        """A fresh token and the hash to store for it."""
        token = self.prefix + secrets.token_urlsafe(32)
        return token, token_hash(token)

    def add(self, owner_id: str, hashed: str | None) -> None:
        if hashed:
            self._owner_by_hash[hashed] = owner_id

    def forget(self, owner_id: str) -> None:
        self._owner_by_hash = {
            hashed: known for hashed, known in self._owner_by_hash.items() if known != owner_id
        }

    def owner(self, token: str) -> str | None:
        """The id of the row this token belongs to, if it is current."""
        return self._owner_by_hash.get(token_hash(token))

    async def rotate(self, owner_id: str) -> str:
        """A new token for the row; the old one stops working at once."""
        token, hashed = self.new()
        await self._replace(owner_id, hashed)
        return token

    async def revoke(self, owner_id: str) -> None:
        """No token works for the row until it is rotated."""
        # A hash no token can have: it is not 64 hex digits.
        await self._replace(owner_id, f"revoked:{secrets.token_hex(16)}")

    async def _replace(self, owner_id: str, new_hash: str) -> None:
        async with self.db.session() as session:
            row = await session.get(self.table, owner_id)
            if row is None:
                raise ApiError(404, f"no {self.noun} with id {owner_id!r}")
            row.token_hash = new_hash
            await session.commit()
        self.forget(owner_id)
        self.add(owner_id, new_hash)
