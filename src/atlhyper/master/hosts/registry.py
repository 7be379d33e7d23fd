"""The host registry: names, host tokens (stored hashed), and what each machine says it is.

A host-mode host is created by an admin and gets a token; a cluster-mode host appears the first
time its Agent forwards one of its batches, keyed by (cluster, node name), and has no token: its
Agent's cluster token vouches for it. Records are cached in memory; the database is the source of
truth.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from atlhyper.master.db import Database
from atlhyper.master.db.tables import Host, HostSampleRow
from atlhyper.master.db.times import as_utc
from atlhyper.master.errors import ApiError
from atlhyper.master.tokens import MachineTokens
from atlhyper.model.hosts import HostInfo, HostSample

_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
TOKEN_PREFIX = "ahh_"
HostMode = Literal["host", "cluster"]


@dataclass(slots=True)
class HostRecord:
    id: str
    name: str
    created_at: datetime
    cluster_id: str | None = None
    node_name: str = ""
    info: HostInfo = field(default_factory=lambda: HostInfo(hostname=""))
    last_sample_at: datetime | None = None
    latest: HostSample | None = None  # the newest sample as taken; not persisted here

    @property
    def mode(self) -> HostMode:
        return "cluster" if self.cluster_id else "host"


def info_values(info: HostInfo) -> dict[str, Any]:
    """The `hosts` columns that describe the machine, clipped to their lengths."""
    return {
        "hostname": info.hostname[:253],
        "machine_id": info.machine_id[:64],
        "os": info.os[:128],
        "kernel": info.kernel[:128],
        "arch": info.arch[:32],
        "cpu_count": info.cpu_count,
        "collector_version": info.collector_version[:64],
    }


class HostRegistry:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._by_id: dict[str, HostRecord] = {}
        self._tokens = MachineTokens(db, Host, TOKEN_PREFIX, "host")
        self._id_by_node: dict[tuple[str, str], str] = {}
        self._creating = asyncio.Lock()

    async def load(self) -> None:
        async with self.db.session() as session:
            for row in await session.scalars(select(Host)):
                self._remember(row)

    def _remember(self, row: Host) -> HostRecord:
        record = HostRecord(
            id=row.id,
            name=row.name,
            created_at=as_utc(row.created_at),
            cluster_id=row.cluster_id,
            node_name=row.node_name,
            info=HostInfo(
                hostname=row.hostname,
                machine_id=row.machine_id,
                node_name=row.node_name,
                os=row.os,
                kernel=row.kernel,
                arch=row.arch,
                cpu_count=row.cpu_count,
                collector_version=row.collector_version,
            ),
            last_sample_at=as_utc(row.last_sample_at) if row.last_sample_at else None,
        )
        self._by_id[row.id] = record
        self._tokens.add(row.id, row.token_hash)
        if row.cluster_id:
            self._id_by_node[(row.cluster_id, row.node_name)] = row.id
        return record

    async def _insert(self, row: Host) -> HostRecord:
        async with self.db.session() as session:
            session.add(row)
            try:
                await session.commit()
            except IntegrityError:
                raise ApiError(409, f"a host named {row.name!r} already exists") from None
        return self._remember(row)

    async def create(self, name: str) -> tuple[HostRecord, str]:
        """Register a host-mode host; returns it with its token, which is never shown again."""
        if not _NAME.match(name):
            raise ApiError(
                422,
                "a host name is 1-253 lowercase letters, digits, '-' or '.', "
                "starting and ending with a letter or digit",
                details={"field": "name", "value": name},
            )
        token, hashed = self._tokens.new()
        row = Host(
            id=secrets.token_hex(8),
            name=name,
            token_hash=hashed,
            created_at=datetime.now(UTC),
            cluster_id=None,
            node_name="",
            **info_values(HostInfo(hostname="")),
        )
        return await self._insert(row), token

    async def for_node(self, cluster_id: str, cluster_name: str, info: HostInfo) -> HostRecord:
        """The cluster-mode host of (cluster, node name), registered on its first batch."""
        node = (info.node_name or info.hostname)[:253]
        known = self._id_by_node.get((cluster_id, node))
        if known:
            return self._by_id[known]
        async with self._creating:
            known = self._id_by_node.get((cluster_id, node))
            if known:
                return self._by_id[known]
            row = Host(
                id=secrets.token_hex(8),
                name=f"{cluster_name}/{node}"[:253],
                token_hash=None,
                created_at=datetime.now(UTC),
                cluster_id=cluster_id,
                node_name=node,
                **info_values(info),
            )
            return await self._insert(row)

    def _token_host(self, host_id: str) -> HostRecord:
        record = self.known(host_id)
        if record.cluster_id:
            raise ApiError(
                409,
                "this host sends through its cluster's Agent and has no token of its own;"
                " rotate the cluster's token instead",
            )
        return record

    async def rotate_token(self, host_id: str) -> tuple[HostRecord, str]:
        """A new token for a host-mode host; the old one stops working at once."""
        record = self._token_host(host_id)
        return record, await self._tokens.rotate(host_id)

    async def revoke_token(self, host_id: str) -> None:
        """No token works for the host until it is rotated; its samples stay."""
        self._token_host(host_id)
        await self._tokens.revoke(host_id)

    async def delete(self, host_id: str) -> HostRecord:
        """Forget a host and its samples. A cluster-mode host that still sends comes back."""
        record = self.known(host_id)
        async with self.db.engine.begin() as conn:
            await conn.execute(delete(HostSampleRow).where(HostSampleRow.host_id == host_id))
            await conn.execute(delete(Host).where(Host.id == host_id))
        del self._by_id[host_id]
        self._tokens.forget(host_id)
        if record.cluster_id:
            self._id_by_node.pop((record.cluster_id, record.node_name), None)
        return record

    def by_token(self, token: str) -> HostRecord | None:
        host_id = self._tokens.owner(token)
        return self._by_id.get(host_id) if host_id else None

    def get(self, host_id: str) -> HostRecord | None:
        return self._by_id.get(host_id)

    def known(self, host_id: str) -> HostRecord:
        """The host, or a 404 that says where the ids are listed."""
        record = self.get(host_id)
        if record is None:
            raise ApiError(404, f"no host with id {host_id!r}; GET /api/v3/hosts lists them")
        return record

    def all(self) -> list[HostRecord]:
        return sorted(self._by_id.values(), key=lambda record: record.name)
