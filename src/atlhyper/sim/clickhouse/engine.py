"""The chdb engine the sim owns: one directory, statements run on a small thread pool.

chdb hosts one engine per process, bound to one path; it is thread-safe and releases the GIL, so
statements run on worker threads and the sim's Kubernetes API stays responsive. Every statement
gets its own connection handle: `USE` and `SET` are per handle, so a request's database and
settings (`max_execution_time`, `max_memory_usage`, …) never leak into another request, exactly
as separate HTTP requests behave on a real server. A handle costs about 0.2 ms.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_SETTING_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CODE = re.compile(r"Code: (\d+)\.")
_NAME = re.compile(r"\(([A-Z][A-Z0-9_]+)\)\s*$")


class ClickHouseError(Exception):
    """A statement failed; `code` is ClickHouse's error code (0 when unknown)."""

    def __init__(self, message: str, code: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @classmethod
    def from_engine(cls, exc: Exception) -> ClickHouseError:
        text = str(exc).strip()
        start = text.find("Code: ")
        if start > 0:
            text = text[start:]
        match = _CODE.search(text)
        return cls(text, int(match.group(1)) if match else 0)

    @property
    def name(self) -> str:
        match = _NAME.search(self.message)
        return match.group(1) if match else ""


@dataclass(frozen=True, slots=True)
class Result:
    body: bytes
    rows_read: int = 0
    bytes_read: int = 0
    rows_written: int = 0
    bytes_written: int = 0
    elapsed: float = 0.0


@dataclass(frozen=True, slots=True)
class Statement:
    sql: bytes | str
    fmt: str = "TabSeparated"
    database: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)


def quote_literal(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def quote_identifier(name: str) -> str:
    escaped = name.replace("\\", "\\\\").replace("`", "\\`")
    return f"`{escaped}`"


class Engine:
    """The chdb directory and the threads that run statements against it."""

    def __init__(self, path: Path, threads: int = 2) -> None:
        try:
            import chdb
        except ImportError:
            raise ClickHouseError(
                "chdb is not installed; install AtlHyper with the `sim` extra "
                "(pip install 'atlhyper[sim]') to serve ClickHouse from the sim"
            ) from None
        path.mkdir(parents=True, exist_ok=True)
        self._chdb: Any = chdb
        self._path = str(path)
        # The first handle starts the engine and keeps it alive while per-statement handles
        # come and go.
        self._root: Any = self._chdb.connect(self._path)
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="chdb")
        self.version = self.run(Statement("SELECT version()")).body.decode().strip()

    def run(self, statement: Statement) -> Result:
        """Run one statement on the calling thread (use `execute` from async code)."""
        for name in statement.settings:
            if not _SETTING_NAME.match(name):
                raise ClickHouseError(
                    f"Code: 115. DB::Exception: Unknown setting '{name}'. (UNKNOWN_SETTING)", 115
                )
        conn = self._chdb.connect(self._path)
        try:
            if statement.database:
                conn.query(f"USE {quote_identifier(statement.database)}", "TabSeparated")
            for name, value in statement.settings.items():
                conn.query(f"SET {name} = {quote_literal(value)}", "TabSeparated")
            result = conn.query(statement.sql, statement.fmt, params=statement.params)
        except Exception as exc:  # chdb raises ChdbError/RuntimeError carrying "Code: N. …"
            raise ClickHouseError.from_engine(exc) from None
        finally:
            conn.close()
        return Result(
            body=result.bytes() or b"",
            rows_read=int(result.rows_read()),
            bytes_read=int(result.bytes_read()),
            rows_written=int(result.rows_written()),
            bytes_written=int(result.bytes_written()),
            elapsed=float(result.elapsed()),
        )

    async def execute(self, statement: Statement) -> Result:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self.run, statement)

    def run_script(self, statements: list[str]) -> None:
        for sql in statements:
            self.run(Statement(sql))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._root.close()
