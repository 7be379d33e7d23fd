"""Just enough of Kubernetes' protobuf encoding to read the bodies kubectl's typed clients send.

client-go's typed clients (used by `kubectl drain` for evictions and `kubectl create namespace`)
send `application/vnd.kubernetes.protobuf` bodies, whatever the server prefers. The sim decodes
the envelope (`k8s\\0` + runtime.Unknown) and the messages it needs, Eviction, DeleteOptions and
Namespace, into the same JSON shapes as the JSON API; any other kind is a 415 that names the
media types the sim does accept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from atlhyper.sim.errors import ApiError, bad_request

Obj = dict[str, Any]
PROTOBUF = "application/vnd.kubernetes.protobuf"
_MAGIC = b"k8s\x00"


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise bad_request("the protobuf body is truncated")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) pairs; length-delimited values are bytes, varints are ints."""
    pos = 0
    while pos < len(data):
        tag, pos = _varint(data, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield number, value
        elif wire == 2:
            length, pos = _varint(data, pos)
            yield number, data[pos : pos + length]
            pos += length
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        else:
            raise bad_request(f"the protobuf body has an unsupported wire type {wire}")


def _text(value: int | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _map_entry(value: int | bytes) -> tuple[str, str]:
    key = text = ""
    if isinstance(value, bytes):
        for number, item in _fields(value):
            if number == 1:
                key = _text(item)
            elif number == 2:
                text = _text(item)
    return key, text


def _object_meta(data: bytes) -> Obj:
    meta: Obj = {}
    names = {1: "name", 2: "generateName", 3: "namespace", 5: "uid", 6: "resourceVersion"}
    for number, value in _fields(data):
        if number in names:
            meta[names[number]] = _text(value)
        elif number in (11, 12):
            key, text = _map_entry(value)
            meta.setdefault("labels" if number == 11 else "annotations", {})[key] = text
        elif number == 14:
            meta.setdefault("finalizers", []).append(_text(value))
    return meta


def _delete_options(data: bytes) -> Obj:
    options: Obj = {"kind": "DeleteOptions", "apiVersion": "v1"}
    for number, value in _fields(data):
        if number == 1 and isinstance(value, int):
            options["gracePeriodSeconds"] = value - (1 << 64) if value >= 1 << 63 else value
        elif number == 2 and isinstance(value, bytes):
            pre = {1: "uid", 2: "resourceVersion"}
            options["preconditions"] = {pre[n]: _text(v) for n, v in _fields(value) if n in pre}
        elif number == 3:
            options["orphanDependents"] = bool(value)
        elif number == 4:
            options["propagationPolicy"] = _text(value)
        elif number == 5:
            options.setdefault("dryRun", []).append(_text(value))
    return options


def _eviction(data: bytes) -> Obj:
    obj: Obj = {}
    for number, value in _fields(data):
        if number == 1 and isinstance(value, bytes):
            obj["metadata"] = _object_meta(value)
        elif number == 2 and isinstance(value, bytes):
            obj["deleteOptions"] = _delete_options(value)
    return obj


def _namespace(data: bytes) -> Obj:
    obj: Obj = {}
    for number, value in _fields(data):
        if number == 1 and isinstance(value, bytes):
            obj["metadata"] = _object_meta(value)
        elif number == 2 and isinstance(value, bytes):
            finalizers = [_text(v) for n, v in _fields(value) if n == 1]
            obj["spec"] = {"finalizers": finalizers} if finalizers else {}
    return obj


_DECODERS: dict[str, Callable[[bytes], Obj]] = {
    "Eviction": _eviction,
    "DeleteOptions": _delete_options,
    "Namespace": _namespace,
}


def decode(body: bytes) -> Obj:
    """A protobuf-encoded object as its JSON form, with apiVersion and kind."""
    if not body.startswith(_MAGIC):
        raise bad_request("the protobuf body does not start with the Kubernetes magic number")
    api_version = kind = ""
    raw = b""
    for number, value in _fields(body[len(_MAGIC) :]):
        if number == 1 and isinstance(value, bytes):
            for sub, item in _fields(value):
                if sub == 1:
                    api_version = _text(item)
                elif sub == 2:
                    kind = _text(item)
        elif number == 2 and isinstance(value, bytes):
            raw = value
    decoder = _DECODERS.get(kind)
    if decoder is None:
        raise ApiError(
            415,
            "UnsupportedMediaType",
            f"the sim decodes protobuf only for {', '.join(sorted(_DECODERS))}, not {kind!r}; "
            "send application/json or application/yaml",
        )
    obj = decoder(raw)
    return {"kind": kind, "apiVersion": api_version, **obj}
