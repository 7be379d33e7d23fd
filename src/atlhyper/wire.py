"""Request bodies between AtlHyper's processes: undo `Content-Encoding` within a size limit and
decode JSON into a model. Shared by the Master and the Agent (which checks collectors' batches
before forwarding them); each side maps `BodyError` to its own HTTP answer."""

from __future__ import annotations

import io
import zlib
from typing import TypeVar

import msgspec
import zstandard

T = TypeVar("T")


class BodyError(Exception):
    """A body that cannot be accepted; `status` is the HTTP status that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


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
                raise BodyError(400, "gzip body is truncated")
        elif encoding == "zstd":
            reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(body))
            raw = reader.read(limit + 1)
        else:
            raise BodyError(415, f"unsupported Content-Encoding {encoding!r}; use zstd or gzip")
    except (zlib.error, zstandard.ZstdError) as exc:
        raise BodyError(400, f"body is not valid {encoding}: {exc}") from None
    if len(raw) > limit:
        raise BodyError(413, f"body is larger than {limit} bytes once decompressed")
    return raw


def decode(raw: bytes, model: type[T]) -> T:
    """Validate JSON against `model`; the error names the offending field."""
    try:
        return msgspec.json.decode(raw, type=model)
    except msgspec.ValidationError as exc:
        raise BodyError(400, f"invalid {model.__name__}: {exc}") from None
    except msgspec.DecodeError as exc:
        raise BodyError(400, f"malformed JSON: {exc}") from None
