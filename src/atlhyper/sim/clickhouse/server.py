"""The subset of ClickHouse's HTTP interface that clickhouse-connect (and curl) use, over chdb.

Served: `GET /ping`, and `GET`/`POST /` with the statement in the `query` URL parameter, the body,
or both (`query` then a newline then the body, as ClickHouse concatenates them, which is how
`INSERT … FORMAT X` carries its data). `database`, `default_format`, `param_<name>` (server-side
binding of `{name:Type}` placeholders, done by the engine itself), and any other URL parameter
as a query setting (`max_execution_time`, `max_memory_usage`, …). Request bodies may be
compressed (`Content-Encoding` lz4, zstd, gzip, deflate); responses are compressed when the
client sends `enable_http_compression=1` and accepts one of zstd, lz4, gzip. Authentication is
basic auth, `X-ClickHouse-User`/`X-ClickHouse-Key`, or `user`/`password` parameters.

The statement runs to completion before the response starts (as with `wait_end_of_query=1`), so
errors always answer with a status, `X-ClickHouse-Exception-Code` and ClickHouse's
`Code: N. DB::Exception: …` text, which clickhouse-connect turns into its DatabaseError.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hmac
import json
import re
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

import structlog
import zstandard

from atlhyper.sim.clickhouse.engine import ClickHouseError, Engine, Result, Statement
from atlhyper.sim.http import Receive, Scope, Send

log = structlog.get_logger("atlhyper.sim.clickhouse")

MAX_BODY = 256 * 1024 * 1024
#: URL parameters the HTTP layer consumes; everything else is a query setting.
_TRANSPORT = frozenset(
    {
        "query",
        "database",
        "default_format",
        "user",
        "password",
        "query_id",
        "session_id",
        "session_timeout",
        "session_check",
        "quota_key",
        "buffer_size",
        "wait_end_of_query",
        "compress",
        "decompress",
        "client_protocol_version",
        "role",
        "send_progress_in_http_headers",
        "http_headers_progress_interval_ms",
        "enable_http_compression",
        "http_zlib_compression_level",
        "cancel_http_readonly_queries_on_client_close",
    }
)
_TRAILING_FORMAT = re.compile(rb"\bFORMAT\s+(\w+)\s*;?\s*$", re.IGNORECASE)
_INSERT = re.compile(rb"^\s*INSERT\b", re.IGNORECASE)
_CONTENT_TYPES = {
    "TabSeparated": "text/tab-separated-values; charset=UTF-8",
    "TSV": "text/tab-separated-values; charset=UTF-8",
    "TabSeparatedWithNames": "text/tab-separated-values; charset=UTF-8",
    "CSV": "text/csv; charset=UTF-8; header=absent",
    "JSON": "application/json; charset=UTF-8",
    "JSONCompact": "application/json; charset=UTF-8",
    "JSONEachRow": "application/x-ndjson; charset=UTF-8",
}
#: HTTP status per error code, following ClickHouse's own mapping for the common ones.
_STATUS = {
    516: 403,  # AUTHENTICATION_FAILED
    62: 400,  # SYNTAX_ERROR
    115: 400,  # UNKNOWN_SETTING
    27: 400,  # CANNOT_PARSE_INPUT_ASSERTION_FAILED
    36: 400,  # BAD_ARGUMENTS
    456: 400,  # UNKNOWN_QUERY_PARAMETER
    457: 400,  # BAD_QUERY_PARAMETER
    46: 404,  # UNKNOWN_FUNCTION
    47: 404,  # UNKNOWN_IDENTIFIER
    60: 404,  # UNKNOWN_TABLE
    81: 404,  # UNKNOWN_DATABASE
    159: 408,  # TIMEOUT_EXCEEDED
    241: 500,  # MEMORY_LIMIT_EXCEEDED
}


@dataclass(frozen=True, slots=True)
class Credentials:
    user: str
    password: str


class _Refused(Exception):
    def __init__(self, status: int, error: ClickHouseError) -> None:
        super().__init__(error.message)
        self.status = status
        self.error = error


def _decompress(body: bytes, encoding: str) -> bytes:
    try:
        return _decode(body, encoding.strip().lower())
    except _Refused:
        raise
    except Exception as exc:
        raise _Refused(
            400,
            ClickHouseError(
                f"Code: 271. DB::Exception: Cannot decompress the {encoding} request body: "
                f"{exc}. (CANNOT_DECOMPRESS)",
                271,
            ),
        ) from None


def _decode(body: bytes, encoding: str) -> bytes:
    if encoding in ("", "identity"):
        return body
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    if encoding == "zstd":
        return zstandard.ZstdDecompressor().decompressobj().decompress(body)
    if encoding == "lz4":
        import lz4.frame  # type: ignore[import-untyped]  # ships with clickhouse-connect

        data: bytes = lz4.frame.decompress(body)
        return data
    raise _Refused(
        400,
        ClickHouseError(
            f"Code: 1. DB::Exception: Unknown Content-Encoding '{encoding}'. (UNSUPPORTED_METHOD)",
            1,
        ),
    )


def _compressor(accept: str) -> tuple[str, Callable[[bytes], bytes]] | None:
    offered = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    for name in offered:
        if name == "zstd":
            return name, zstandard.ZstdCompressor(level=1).compress
        if name == "lz4":
            try:
                import lz4.frame
            except ImportError:  # pragma: no cover - ships with clickhouse-connect
                continue
            return name, lz4.frame.compress
        if name == "gzip":
            return name, lambda data: gzip.compress(data, compresslevel=1)
    return None


class ClickHouseHttp:
    """ASGI app: ClickHouse's HTTP interface over `engine`."""

    def __init__(self, engine: Engine, credentials: Credentials, database: str) -> None:
        self.engine = engine
        self.credentials = credentials
        self.database = database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        query_id = str(uuid.uuid4())
        try:
            await self._handle(scope, receive, send, query_id)
        except _Refused as refused:
            await self._error(send, refused.status, refused.error, query_id)
        except ClickHouseError as error:
            await self._error(send, _STATUS.get(error.code, 500), error, query_id)
        except Exception as exc:  # answer like a server, never with a bare traceback
            log.exception("clickhouse request failed")
            failure = ClickHouseError(f"Code: 1001. DB::Exception: {exc}. (STD_EXCEPTION)", 1001)
            await self._error(send, 500, failure, query_id)

    async def _handle(self, scope: Scope, receive: Receive, send: Send, query_id: str) -> None:
        method = scope["method"]
        path = scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        params = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), True))
        if path == "/ping" or (path == "/" and method in ("GET", "HEAD") and "query" not in params):
            await _respond(send, 200, b"Ok.\n", [(b"content-type", b"text/html; charset=UTF-8")])
            return
        if path != "/" or method not in ("GET", "POST"):
            raise _Refused(
                404, ClickHouseError(f"Code: 1. DB::Exception: There is no handle {path}.", 1)
            )
        self._authenticate(headers, params)
        query_id = params.get("query_id") or query_id
        body = _decompress(await _read_body(receive), headers.get("content-encoding", ""))
        sql = params.get("query", "").encode()
        if sql and body:
            sql = sql + b"\n" + body
        elif body:
            sql = body
        if not sql.strip():
            raise _Refused(
                400, ClickHouseError("Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)", 62)
            )
        settings = {
            k: v for k, v in params.items() if k not in _TRANSPORT and not k.startswith("param_")
        }
        if method == "GET":
            settings["readonly"] = "2"
        bind = {k[len("param_") :]: v for k, v in params.items() if k.startswith("param_")}
        is_insert = bool(_INSERT.match(sql))
        explicit = None if is_insert else _TRAILING_FORMAT.search(sql[-256:])
        fmt = (
            explicit.group(1).decode() if explicit else params.get("default_format", "TabSeparated")
        )
        # Like the HTTP server, tell result sets apart from statements without output: a
        # format with names emits at least its header line for a result set, nothing otherwise.
        probe = explicit is None and not is_insert and fmt in ("TabSeparated", "TSV")
        statement = Statement(
            sql,
            "TabSeparatedWithNames" if probe else fmt,
            params.get("database") or self.database,
            bind,
            settings,
        )
        result = await self.engine.execute(statement)
        payload = result.body
        has_result = bool(payload) or (explicit is not None)
        if probe and payload:
            newline = payload.find(b"\n")
            payload = payload[newline + 1 :] if newline >= 0 else b""
        extra = [
            (b"x-clickhouse-query-id", query_id.encode()),
            (b"x-clickhouse-timezone", b"UTC"),
            (b"x-clickhouse-server-display-name", b"atlhyper-sim"),
            (b"x-clickhouse-summary", _summary(result).encode()),
        ]
        content_type = _CONTENT_TYPES.get(fmt, "application/octet-stream")
        if has_result and not is_insert:
            extra.append((b"x-clickhouse-format", fmt.encode()))
        if params.get("enable_http_compression") == "1" and payload:
            chosen = _compressor(headers.get("accept-encoding", ""))
            if chosen:
                payload = chosen[1](payload)
                extra.append((b"content-encoding", chosen[0].encode()))
        await _respond(send, 200, payload, [(b"content-type", content_type.encode()), *extra])

    def _authenticate(self, headers: dict[str, str], params: dict[str, str]) -> None:
        user = headers.get("x-clickhouse-user") or params.get("user")
        password = headers.get("x-clickhouse-key") or params.get("password")
        auth = headers.get("authorization", "")
        if auth.lower().startswith("basic "):
            try:
                user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                user = password = None
        user = user or "default"
        expected = self.credentials
        if not (
            hmac.compare_digest(user.encode(), expected.user.encode())
            and hmac.compare_digest((password or "").encode(), expected.password.encode())
        ):
            raise _Refused(
                403,
                ClickHouseError(
                    f"Code: 516. DB::Exception: {user}: Authentication failed: password is "
                    "incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)",
                    516,
                ),
            )

    async def _error(self, send: Send, status: int, error: ClickHouseError, query_id: str) -> None:
        body = f"{error.message} (version {self.engine.version})\n".encode()
        await _respond(
            send,
            status,
            body,
            [
                (b"content-type", b"text/plain; charset=UTF-8"),
                (b"x-clickhouse-exception-code", str(error.code).encode()),
                (b"x-clickhouse-query-id", query_id.encode()),
            ],
        )


def _summary(result: Result) -> str:
    return json.dumps(
        {
            "read_rows": str(result.rows_read),
            "read_bytes": str(result.bytes_read),
            "written_rows": str(result.rows_written),
            "written_bytes": str(result.bytes_written),
            "total_rows_to_read": "0",
            "result_rows": "0",
            "result_bytes": str(len(result.body)),
            "elapsed_ns": str(int(result.elapsed * 1e9)),
        },
        separators=(",", ":"),
    )


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise _Refused(
                413,
                ClickHouseError(
                    "Code: 1000. DB::Exception: the request body is larger than "
                    f"{MAX_BODY // 2**20} MiB; send smaller batches. (QUERY_IS_TOO_LARGE)",
                    1000,
                ),
            )
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _respond(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*headers, (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
