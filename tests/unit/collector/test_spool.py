"""The spool: batches come back oldest first, the bound drops the oldest, writes are atomic,
rejected batches move aside, and the sequence number survives a restart."""

from __future__ import annotations

import time
from pathlib import Path

from atlhyper.collector.spool import REJECTED_KEPT, Spool


def _fill(spool: Spool, count: int, size: int = 100) -> list[int]:
    seqs = []
    for _ in range(count):
        seq = spool.next_seq()
        spool.put(seq, b"x" * size, "zstd")
        seqs.append(seq)
    return seqs


def test_batches_come_back_oldest_first_with_their_bytes(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=10_000)
    seqs = []
    for body in (b"first", b"second", b"third"):
        seq = spool.next_seq()
        spool.put(seq, body, "gzip")
        seqs.append(seq)
    pending = spool.pending()
    assert [item.seq for item in pending] == seqs == sorted(seqs)
    assert [item.path.read_bytes() for item in pending] == [b"first", b"second", b"third"]
    assert all(item.encoding == "gzip" and item.path.suffix == ".gz" for item in pending)
    spool.done(pending[0])
    assert [item.seq for item in spool.pending()] == seqs[1:]
    assert not pending[0].path.exists()


def test_file_names_are_zero_padded_so_they_sort_like_numbers(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=10_000)
    spool.put(9, b"a", "zstd")
    spool.put(10, b"b", "zstd")
    names = sorted(p.name for p in (tmp_path / "batches").iterdir())
    assert names == ["00000000000000000009.json.zst", "00000000000000000010.json.zst"]


def test_a_new_spool_starts_at_unix_milliseconds_and_counts_up(tmp_path: Path) -> None:
    before = int(time.time() * 1000)
    spool = Spool(tmp_path, max_bytes=10_000)
    first = spool.next_seq()
    assert before <= first <= int(time.time() * 1000)
    assert spool.next_seq() == first + 1


def test_sequence_survives_a_restart_even_with_an_empty_spool(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=10_000)
    seqs = _fill(spool, 3)
    for item in spool.pending():
        spool.done(item)
    again = Spool(tmp_path, max_bytes=10_000)
    assert again.pending() == []
    assert again.next_seq() == seqs[-1] + 1


def test_pending_batches_survive_a_restart_in_order(tmp_path: Path) -> None:
    seqs = _fill(Spool(tmp_path, max_bytes=10_000), 4)
    again = Spool(tmp_path, max_bytes=10_000)
    assert [item.seq for item in again.pending()] == seqs
    assert again.next_seq() == seqs[-1] + 1


def test_a_lost_seq_file_resumes_after_the_newest_spooled_batch(tmp_path: Path) -> None:
    seqs = _fill(Spool(tmp_path, max_bytes=10_000), 2)
    (tmp_path / "seq").unlink()
    assert Spool(tmp_path, max_bytes=10_000).next_seq() == seqs[-1] + 1


def test_bound_drops_the_oldest_and_reports_them(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=350)
    seqs = _fill(spool, 3)  # 300 bytes
    assert spool.total_bytes == 300
    seq = spool.next_seq()
    dropped = spool.put(seq, b"y" * 100, "zstd")
    assert dropped == [seqs[0]]
    assert [item.seq for item in spool.pending()] == [*seqs[1:], seq]
    assert spool.total_bytes == 300
    assert not list((tmp_path / "batches").glob(f"*{seqs[0]}*"))


def test_the_newest_batch_is_kept_even_when_alone_it_exceeds_the_bound(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=100)
    seqs = _fill(spool, 1, size=50)
    seq = spool.next_seq()
    assert spool.put(seq, b"z" * 500, "zstd") == seqs
    assert [item.seq for item in spool.pending()] == [seq]


def test_half_written_files_are_never_listed_and_are_cleaned_at_start(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=10_000)
    seqs = _fill(spool, 1)
    leftover = tmp_path / "batches" / ".00000000000000000099.json.zst.tmp"
    leftover.write_bytes(b"half")  # a crash between write and rename
    (tmp_path / "batches" / "notes.txt").write_text("not a batch")
    again = Spool(tmp_path, max_bytes=10_000)
    assert [item.seq for item in again.pending()] == seqs
    assert not leftover.exists()
    assert not list(tmp_path.rglob("*.tmp"))


def test_rejected_batches_move_aside_with_the_reason(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=10_000)
    _fill(spool, 2)
    first = spool.pending()[0]
    moved = spool.reject(first, "400: bad batch")
    assert moved.parent == tmp_path / "rejected"
    assert moved.read_bytes() == b"x" * 100
    assert moved.with_name(moved.name + ".reason").read_text() == "400: bad batch"
    assert [item.seq for item in spool.pending()] == [first.seq + 1]
    assert [item.seq for item in Spool(tmp_path, max_bytes=10_000).pending()] == [first.seq + 1]


def test_rejected_folder_keeps_only_the_newest(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=1_000_000)
    _fill(spool, REJECTED_KEPT + 3, size=1)
    for item in spool.pending():
        spool.reject(item, "400")
    batches = sorted(p for p in (tmp_path / "rejected").iterdir() if p.suffix == ".zst")
    assert len(batches) == REJECTED_KEPT
    assert len(list((tmp_path / "rejected").glob("*.reason"))) == REJECTED_KEPT
