"""LIST responses: the stored bytes joined into a `…List`, or a Table, and continue tokens.

A continue token carries the resourceVersion of the list's first page and the last key served,
like the API server's. A token whose version has fallen out of the kept history is answered with
410 Expired, which is what makes a client restart its LIST from the beginning.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import msgspec

from atlhyper.sim import tables
from atlhyper.sim.errors import bad_request
from atlhyper.sim.kinds import Kind
from atlhyper.sim.store import Entry, Key

Obj = dict[str, Any]

_encoder = msgspec.json.Encoder()


class _Token(msgspec.Struct):
    v: str
    rv: int
    start: str


def encode_continue(rv: int, key: Key) -> str:
    token = _Token(v="meta.k8s.io/v1", rv=rv, start=f"{key[0]}/{key[1]}")
    return base64.urlsafe_b64encode(_encoder.encode(token)).decode().rstrip("=")


def decode_continue(text: str) -> tuple[int, Key]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        token = msgspec.json.decode(raw, type=_Token)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise bad_request("continue key is not valid: malformed token") from None
    if token.v != "meta.k8s.io/v1" or "/" not in token.start or token.rv <= 0:
        raise bad_request("continue key is not valid: unknown version or key")
    namespace, name = token.start.split("/", 1)
    return token.rv, (namespace, name)


def list_metadata(rv: int, token: str, remaining: int | None) -> Obj:
    metadata: Obj = {"resourceVersion": str(rv)}
    if token:
        metadata["continue"] = token
        if remaining is not None:
            metadata["remainingItemCount"] = remaining
    return metadata


def list_body(kind: Kind, entries: list[Entry], metadata: Obj) -> bytes:
    head = _encoder.encode(
        {"kind": f"{kind.kind}List", "apiVersion": kind.api_version, "metadata": metadata}
    )
    return b"".join((head[:-1], b',"items":[', b",".join(e.raw for e in entries), b"]}"))


def table_body(
    kind: Kind, objects: list[Obj], metadata: Obj, include_object: str, version: str = "v1"
) -> bytes:
    result = tables.table(kind.table, objects, include_object, metadata)
    result["apiVersion"] = f"meta.k8s.io/{version}"
    return _encoder.encode(result)


def include_object(query: dict[str, str]) -> str:
    value = query.get("includeObject", "Metadata") or "Metadata"
    if value not in ("None", "Metadata", "Object"):
        raise bad_request(
            f"includeObject: unsupported value {value!r}: use None, Metadata or Object"
        )
    return value
