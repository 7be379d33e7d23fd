"""Batches on disk until the receiver accepts them, so a receiver outage or a collector restart
loses nothing.

Layout of the spool directory:
- `batches/00000001747000000001.json.zst`: one file per batch, named by its zero-padded sequence
  number, holding the exact compressed body to upload (`.json.gz` for gzip). Files are written to
  a temporary name and renamed, so a crash never leaves half a batch under a batch name.
- `seq`: the last sequence number handed out. A new spool starts at the Unix time in
  milliseconds, so sequence numbers keep growing even after a spool is lost.
- `rejected/`: batches the receiver refused as invalid, each with a `.reason` file holding the
  server's answer; only the newest `REJECTED_KEPT` are kept.

The spool is bounded by the total size of its batches. When a new batch would exceed the bound,
the OLDEST batches are deleted, and `put` returns their sequence numbers so the caller can log
and count the loss. The newest batch is always kept.

The sampling thread adds batches and the upload thread removes them; a lock guards the index.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

#: File suffix per Content-Encoding.
SUFFIXES: dict[str, str] = {"zstd": ".json.zst", "gzip": ".json.gz"}
_ENCODINGS = {suffix: encoding for encoding, suffix in SUFFIXES.items()}
REJECTED_KEPT = 100
_WIDTH = 20  # digits of the largest 64-bit number


@dataclass(frozen=True)
class Spooled:
    seq: int
    path: Path
    encoding: str
    size: int


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(path)


def _parse_name(path: Path) -> tuple[int, str] | None:
    number, dot, suffix = path.name.partition(".")
    encoding = _ENCODINGS.get(dot + suffix)
    if encoding is None or not number.isdigit():
        return None
    return int(number), encoding


class Spool:
    def __init__(self, directory: str | Path, max_bytes: int) -> None:
        self.directory = Path(directory)
        self.batches_dir = self.directory / "batches"
        self.rejected_dir = self.directory / "rejected"
        self.seq_file = self.directory / "seq"
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self.batches_dir.mkdir(parents=True, exist_ok=True)
        self.rejected_dir.mkdir(exist_ok=True)
        self._index: dict[int, Spooled] = {}
        for path in self.batches_dir.iterdir():
            parsed = _parse_name(path)
            if parsed is None:
                if path.name.endswith(".tmp"):
                    path.unlink(missing_ok=True)  # a write cut short by a crash
                continue
            seq, encoding = parsed
            self._index[seq] = Spooled(seq, path, encoding, path.stat().st_size)
        self._index = dict(sorted(self._index.items()))
        self._bytes = sum(item.size for item in self._index.values())
        self._last_seq = max(self._stored_seq(), max(self._index, default=0))

    def _stored_seq(self) -> int:
        try:
            return int(self.seq_file.read_text().strip())
        except (OSError, ValueError):
            return 0

    def next_seq(self) -> int:
        """A new sequence number, recorded on disk before it is used."""
        with self._lock:
            seq = self._last_seq + 1 if self._last_seq else int(time.time() * 1000)
            _write_atomically(self.seq_file, f"{seq}\n".encode())
            self._last_seq = seq
            return seq

    def put(self, seq: int, body: bytes, encoding: str) -> list[int]:
        """Store one batch; return the sequence numbers dropped to stay within the bound."""
        path = self.batches_dir / f"{seq:0{_WIDTH}d}{SUFFIXES[encoding]}"
        _write_atomically(path, body)
        dropped: list[int] = []
        with self._lock:
            self._index[seq] = Spooled(seq, path, encoding, len(body))
            self._bytes += len(body)
            for old in list(self._index.values())[:-1]:
                if self._bytes <= self.max_bytes:
                    break
                old.path.unlink(missing_ok=True)
                self._forget(old)
                dropped.append(old.seq)
        return dropped

    def _forget(self, item: Spooled) -> None:
        """Drop a batch from the index; the caller holds the lock."""
        if self._index.pop(item.seq, None) is not None:
            self._bytes -= item.size

    def pending(self) -> list[Spooled]:
        """Batches waiting, oldest first."""
        with self._lock:
            return list(self._index.values())

    def done(self, item: Spooled) -> None:
        """The receiver has the batch: forget it."""
        with self._lock:
            self._forget(item)
        item.path.unlink(missing_ok=True)

    def reject(self, item: Spooled, reason: str) -> Path:
        """Move a batch the receiver refused to rejected/, with the receiver's answer."""
        with self._lock:
            self._forget(item)
        target = self.rejected_dir / item.path.name
        try:
            item.path.replace(target)
        except FileNotFoundError:
            return target  # dropped for space while it was being sent
        target.with_name(target.name + ".reason").write_text(reason)
        kept = sorted(p for p in self.rejected_dir.iterdir() if _parse_name(p))
        for old in kept[:-REJECTED_KEPT]:
            old.unlink(missing_ok=True)
            old.with_name(old.name + ".reason").unlink(missing_ok=True)
        return target

    @property
    def total_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._index)
