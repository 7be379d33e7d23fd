"""Request bodies between the processes: size limits after decompression, clear errors for bad
bodies."""

from __future__ import annotations

import gzip

import msgspec
import pytest
import zstandard

from atlhyper.model import Snapshot
from atlhyper.wire import BodyError, decode, decompress

LIMIT = 1024 * 1024


def test_identity_gzip_and_zstd_round_trip() -> None:
    raw = b'{"seq": 1}' * 100
    assert decompress(raw, None, LIMIT) == raw
    assert decompress(gzip.compress(raw), "gzip", LIMIT) == raw
    assert decompress(zstandard.ZstdCompressor().compress(raw), "zstd", LIMIT) == raw


@pytest.mark.parametrize("encoding", ["gzip", "zstd"])
def test_compression_bomb_is_refused_with_413(encoding: str) -> None:
    bomb_size = 64 * LIMIT
    zeros = b"\0" * bomb_size
    body = (
        gzip.compress(zeros) if encoding == "gzip" else zstandard.ZstdCompressor().compress(zeros)
    )
    assert len(body) < LIMIT  # small on the wire
    with pytest.raises(BodyError) as caught:
        decompress(body, encoding, LIMIT)
    assert caught.value.status == 413


def test_zstd_frame_without_content_size_is_still_limited() -> None:
    compressor = zstandard.ZstdCompressor()
    chunks = compressor.compressobj()
    body = b"".join(chunks.compress(b"x" * 4096) for _ in range(1024)) + chunks.flush()
    with pytest.raises(BodyError) as caught:
        decompress(body, "zstd", LIMIT)
    assert caught.value.status == 413


@pytest.mark.parametrize("encoding", ["gzip", "zstd"])
def test_corrupt_body_is_400(encoding: str) -> None:
    with pytest.raises(BodyError) as caught:
        decompress(b"definitely not compressed", encoding, LIMIT)
    assert caught.value.status == 400
    assert f"not valid {encoding}" in caught.value.message


def test_truncated_gzip_is_400() -> None:
    body = gzip.compress(b"x" * 10000)[:-10]
    with pytest.raises(BodyError) as caught:
        decompress(body, "gzip", LIMIT)
    assert caught.value.status == 400


def test_unknown_encoding_is_415() -> None:
    with pytest.raises(BodyError) as caught:
        decompress(b"x", "br", LIMIT)
    assert caught.value.status == 415


def test_decode_names_the_wrong_field() -> None:
    with pytest.raises(BodyError) as caught:
        decode(msgspec.json.encode({"seq": "one", "takenAt": "now"}), Snapshot)
    assert caught.value.status == 400
    assert "$.seq" in caught.value.message


def test_decode_refuses_unknown_fields_and_malformed_json() -> None:
    with pytest.raises(BodyError, match="unknown field"):
        decode(msgspec.json.encode({"seq": 1, "takenAt": "now", "extra": 1}), Snapshot)
    with pytest.raises(BodyError, match="malformed JSON"):
        decode(b"{", Snapshot)
