"""The cluster registry: names, agent tokens (stored hashed) and liveness."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from atlhyper.master.db import Database
from atlhyper.master.db.tables import Cluster
from atlhyper.master.errors import ApiError
from atlhyper.master.tokens import MachineTokens

_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
TOKEN_PREFIX = "ahc_"


@dataclass(slots=True)
class ClusterRecord:
    id: str
    name: str
    created_at: datetime
    last_seen: datetime | None = None
    agent_version: str = ""
    capabilities: tuple[str, ...] = ()
    unavailable_kinds: tuple[str, ...] = ()  # from the last heartbeat; not persisted


class ClusterRegistry:
    """Registered clusters, cached in memory; the database is the source of truth."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._by_id: dict[str, ClusterRecord] = {}
        self._tokens = MachineTokens(db, Cluster, TOKEN_PREFIX, "cluster")

    async def load(self) -> None:
        async with self.db.session() as session:
            for row in await session.scalars(select(Cluster)):
                self._remember(row)

    def _remember(self, row: Cluster) -> None:
        self._by_id[row.id] = ClusterRecord(
            id=row.id,
            name=row.name,
            created_at=row.created_at,
            last_seen=row.last_seen,
            agent_version=row.agent_version,
            capabilities=tuple(row.capabilities or ()),
        )
        self._tokens.add(row.id, row.token_hash)

    async def create(self, name: str) -> tuple[ClusterRecord, str]:
        """Register a cluster; returns it with its token, which is never shown again."""
        if not _NAME.match(name):
            raise ApiError(
                422,
                "a cluster name is 1-63 lowercase letters, digits or '-', "
                "starting and ending with a letter or digit",
                details={"field": "name", "value": name},
            )
        token, hashed = self._tokens.new()
        row = Cluster(
            id=secrets.token_hex(8),
            name=name,
            token_hash=hashed,
            created_at=datetime.now(UTC),
            agent_version="",
            capabilities=[],
        )
        async with self.db.session() as session:
            session.add(row)
            try:
                await session.commit()
            except IntegrityError:
                raise ApiError(409, f"a cluster named {name!r} already exists") from None
        self._remember(row)
        return self._by_id[row.id], token

    async def rotate_token(self, cluster_id: str) -> str:
        """A new token for the cluster; the old one stops working at once."""
        return await self._tokens.rotate(cluster_id)

    async def revoke_token(self, cluster_id: str) -> None:
        """No token works for the cluster until it is rotated; its data stays."""
        await self._tokens.revoke(cluster_id)

    def by_token(self, token: str) -> ClusterRecord | None:
        cluster_id = self._tokens.owner(token)
        return self._by_id.get(cluster_id) if cluster_id else None

    def get(self, cluster_id: str) -> ClusterRecord | None:
        return self._by_id.get(cluster_id)

    def all(self) -> list[ClusterRecord]:
        return sorted(self._by_id.values(), key=lambda record: record.name)

    def seen(self, record: ClusterRecord) -> None:
        record.last_seen = datetime.now(UTC)

    async def heartbeat(
        self, record: ClusterRecord, agent_version: str, capabilities: list[str]
    ) -> None:
        """Record liveness in memory and in the database (heartbeats are infrequent)."""
        record.last_seen = datetime.now(UTC)
        record.agent_version = agent_version
        record.capabilities = tuple(capabilities)
        async with self.db.session() as session:
            row = await session.get(Cluster, record.id)
            if row is not None:
                row.last_seen = record.last_seen
                row.agent_version = agent_version
                row.capabilities = list(capabilities)
                await session.commit()
