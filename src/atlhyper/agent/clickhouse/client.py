"""One ClickHouse client for the Agent: clickhouse-connect over HTTP, driven from async code.

Every statement is SQL text with `{name:Type}` placeholders plus a dict of values, bound by the
server (ClickHouse's query parameters), so a value can never become SQL: `query` refuses values
without a placeholder and placeholders without a value, and never formats values into the text.
Each query carries `max_execution_time` and `max_memory_usage` from config, so a runaway query is
cut by the server. The connection is made on first use and remade after a failure, so the Agent
starts (and keeps running) while ClickHouse is down.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import clickhouse_connect
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError as DriverError

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*):([^{}]+)\}")
#: Client-side formatting markers: clickhouse-connect would splice values into the SQL text.
_CLIENT_SIDE = re.compile(r"%\(\w+\)s|%s")


class ClickHouseError(Exception):
    """A query failed or ClickHouse is unreachable; `code` is ClickHouse's error code if any."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class ClickHouseConfig:
    endpoint: str  # http(s)://host:port
    database: str = "otel"
    user: str = "default"
    password: str = ""
    query_timeout: float = 30.0  # seconds; the server's max_execution_time
    max_memory_bytes: int = 1_000_000_000  # the server's max_memory_usage
    connect_timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class Rows:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def check_parameters(sql: str, params: Mapping[str, Any]) -> None:
    """Refuse anything but server-side binding: every value has a `{name:Type}` placeholder and
    every placeholder has a value."""
    if _CLIENT_SIDE.search(sql):
        raise ClickHouseError("use {name:Type} placeholders; %(name)s and %s are not accepted")
    placeholders = {name for name, _ in _PLACEHOLDER.findall(sql)}
    missing = placeholders - params.keys()
    unused = params.keys() - placeholders
    if missing:
        raise ClickHouseError(f"no value for placeholder(s) {', '.join(sorted(missing))}")
    if unused:
        raise ClickHouseError(f"value(s) without a placeholder: {', '.join(sorted(unused))}")


class ClickHouse:
    """Async façade over one thread-safe clickhouse-connect HTTP client."""

    def __init__(self, config: ClickHouseConfig) -> None:
        self.config = config
        self._client: Client | None = None
        self._lock = threading.Lock()

    def _connect(self) -> Client:
        with self._lock:
            if self._client is None:
                url = urlsplit(self.config.endpoint)
                secure = url.scheme == "https"
                self._client = clickhouse_connect.get_client(
                    interface="https" if secure else "http",
                    host=url.hostname or "127.0.0.1",
                    port=url.port or (8443 if secure else 8123),
                    username=self.config.user,
                    password=self.config.password,
                    database=self.config.database,
                    connect_timeout=self.config.connect_timeout,
                    send_receive_timeout=self.config.query_timeout + 10,
                    autogenerate_session_id=False,
                    settings={
                        "max_execution_time": int(max(1, self.config.query_timeout)),
                        "max_memory_usage": self.config.max_memory_bytes,
                    },
                )
            return self._client

    def _run_query(self, sql: str, params: Mapping[str, Any], settings: Mapping[str, Any]) -> Rows:
        try:
            result = self._connect().query(sql, parameters=dict(params), settings=dict(settings))
        except DriverError as exc:
            self._drop_on_connection_error(exc)
            raise ClickHouseError(str(exc), getattr(exc, "code", None)) from None
        return Rows(tuple(result.column_names), [tuple(row) for row in result.result_rows])

    def _run_command(self, sql: str, params: Mapping[str, Any]) -> Any:
        try:
            return self._connect().command(sql, parameters=dict(params))
        except DriverError as exc:
            self._drop_on_connection_error(exc)
            raise ClickHouseError(str(exc), getattr(exc, "code", None)) from None

    def _drop_on_connection_error(self, exc: DriverError) -> None:
        if getattr(exc, "code", None) is None:
            # No ClickHouse error code: the connection failed, so reconnect next time.
            with self._lock:
                if self._client is not None:
                    self._client.close()
                self._client = None

    async def query(
        self,
        sql: str,
        params: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> Rows:
        """Rows of a SELECT; `sql` binds values only through `{name:Type}` placeholders.

        `settings` may tighten the per-query limits (a shorter max_execution_time), never
        anything else the caller controls.
        """
        params = params or {}
        check_parameters(sql, params)
        return await asyncio.to_thread(self._run_query, sql, params, settings or {})

    async def command(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        params = params or {}
        check_parameters(sql, params)
        return await asyncio.to_thread(self._run_command, sql, params)

    async def ping(self) -> bool:
        try:
            return bool(await asyncio.to_thread(lambda: self._connect().ping()))
        except DriverError:
            return False

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
