"""Turning an agent's request body into a validated model, within a size limit."""

from __future__ import annotations

import io
import zlib
from typing import TypeVar

import msgspec
import zstandard

from atlhyper.master.errors import ApiError
from atlhyper.model import Snapshot, SnapshotDelta

T = TypeVar("T")


def decompress(body: bytes, encoding: str | None, limit: int) -> bytes:
    """Undo `Content-Encoding`, refusing any body that grows past `limit` bytes.

    The limit applies to the decompressed size, so a small compression bomb is refused before it
    is expanded in memory.
    """
    encoding = (encoding or "identity").strip().lower()
    try:
        if encoding == "identity":
            raw = body
        elif encoding == "gzip":
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            raw = inflater.decompress(body, limit + 1)
            if len(raw) <= limit and not inflater.eof:
                raise ApiError(400, "gzip body is truncated")
        elif encoding == "zstd":
            reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(body))
            raw = reader.read(limit + 1)
        else:
            raise ApiError(415, f"unsupported Content-Encoding {encoding!r}; use zstd or gzip")
    except (zlib.error, zstandard.ZstdError) as exc:
        raise ApiError(400, f"body is not valid {encoding}: {exc}") from None
    if len(raw) > limit:
        raise ApiError(413, f"body is larger than {limit} bytes once decompressed")
    return raw


def decode(raw: bytes, model: type[T]) -> T:
    """Validate JSON against `model`; the error names the offending field."""
    try:
        return msgspec.json.decode(raw, type=model)
    except msgspec.ValidationError as exc:
        raise ApiError(400, f"invalid {model.__name__}: {exc}") from None
    except msgspec.DecodeError as exc:
        raise ApiError(400, f"malformed JSON: {exc}") from None


class SnapshotHeader(msgspec.Struct):
    type: str = "full"


def decode_snapshot(raw: bytes) -> Snapshot | SnapshotDelta:
    """A push body: a full snapshot, or a delta when its `type` is "delta".

    The envelope pass only skims the body (msgspec skips undeclared fields without building
    them); it lets a full snapshot omit `type` and keeps error messages naming the exact field.
    """
    kind = decode(raw, SnapshotHeader).type
    if kind == "full":
        return decode(raw, Snapshot)
    if kind == "delta":
        return decode(raw, SnapshotDelta)
    raise ApiError(400, f"invalid snapshot: `type` must be 'full' or 'delta', got {kind!r}")
