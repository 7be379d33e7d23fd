"""The sampler on this machine, and on a /proc that lacks most files; the wire model's bounds."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import psutil
import pytest

from atlhyper.collector.sampler import Sampler
from atlhyper.model.hosts import HostBatch, HostInfo, HostSample

SEED_FIELDS = (
    "cpuPercent",
    "memoryUsedBytes",
    "memoryTotalBytes",
    "diskReadBps",
    "diskWriteBps",
    "netRxBps",
    "netTxBps",
)


@pytest.fixture(autouse=True)
def _restore_psutil_procfs() -> Iterator[None]:
    saved = psutil.PROCFS_PATH
    yield
    psutil.PROCFS_PATH = saved


def _roundtrip(sample: HostSample) -> dict[str, object]:
    """Encode as the collector does and decode with validation, as a receiver does."""
    batch = HostBatch(host=HostInfo(hostname="h"), seq=1, samples=[sample])
    wire = msgspec.json.encode(batch)
    assert msgspec.json.decode(wire, type=HostBatch) == batch
    decoded: dict[str, object] = msgspec.json.decode(wire)["samples"][0]
    return decoded


def test_sample_of_this_machine_has_the_seed_fields_and_sane_values() -> None:
    sampler = Sampler()
    time.sleep(0.3)
    sample = sampler.sample()
    wire = _roundtrip(sample)
    for name in SEED_FIELDS:
        assert name in wire, f"{name} missing from {sorted(wire)}"
    assert sample.cpu_percent is not None and 0 <= sample.cpu_percent <= 100
    assert sample.memory_total_bytes and sample.memory_used_bytes is not None
    assert 0 < sample.memory_used_bytes <= sample.memory_total_bytes
    assert sample.memory_total_bytes == psutil.virtual_memory().total
    assert len(sample.cpu_cores_percent) == psutil.cpu_count()
    assert sample.load1 is not None and sample.uptime_seconds and sample.uptime_seconds > 0
    assert sample.boot_time is not None and sample.boot_time < datetime.now(UTC)
    assert abs((sample.time - datetime.now(UTC)).total_seconds()) < 5
    assert sample.filesystems and any(fs.mountpoint == "/" for fs in sample.filesystems)
    for fs in sample.filesystems:
        assert fs.used_bytes <= fs.total_bytes
    assert sample.tcp is not None and sample.tcp.states is not None
    assert sample.vmstat is not None and sample.vmstat.pgfault_ps is not None
    assert all(rate >= 0 for rate in (sample.disk_read_bps or 0, sample.net_rx_bps or 0))
    assert sample.cpu_times_percent is not None
    total = sum(msgspec.structs.asdict(sample.cpu_times_percent).values())
    assert total == pytest.approx(100, abs=1)


def test_virtual_interfaces_and_pseudo_filesystems_are_left_out() -> None:
    sample = Sampler().sample()
    assert all(i.name != "lo" for i in sample.interfaces)
    assert all(fs.fstype not in ("tmpfs", "proc", "overlay") for fs in sample.filesystems)


def _minimal_proc(root: Path) -> None:
    """What psutil needs (stat, net/dev) plus meminfo; no PSI, vmstat, snmp, softnet, mounts."""
    (root / "net").mkdir(parents=True)
    (root / "stat").write_text(
        "cpu  100 0 50 800 10 0 0 0 0 0\ncpu0 100 0 50 800 10 0 0 0 0 0\nbtime 1700000000\n"
    )
    (root / "meminfo").write_text("MemTotal: 1000 kB\nMemFree: 500 kB\n")
    (root / "net" / "dev").write_text(
        "Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs"
        " drop fifo colls carrier compressed\n"
        "  eth0: 1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0\n"
    )


def test_missing_proc_files_leave_fields_out_instead_of_zeros(tmp_path: Path) -> None:
    _minimal_proc(tmp_path)
    sampler = Sampler(proc_root=tmp_path, sys_root=tmp_path / "nosys", host_root=tmp_path)
    (tmp_path / "stat").write_text(
        "cpu  150 0 60 840 10 0 0 0 0 0\ncpu0 150 0 60 840 10 0 0 0 0 0\nbtime 1700000000\n"
    )
    sample = sampler.sample()
    wire = _roundtrip(sample)
    assert sample.cpu_percent == pytest.approx(60.0)
    assert sample.memory_total_bytes == 1024_000
    assert sample.memory_used_bytes is None  # no MemAvailable: unknown, not total - free
    assert sample.swap_total_bytes is None
    for absent in ("psi", "vmstat", "softnet", "load1", "uptimeSeconds", "diskReadBps"):
        assert absent not in wire, absent
    assert sample.filesystems == [] and sample.disks == [] and sample.temperatures == []
    assert sample.boot_time == datetime.fromtimestamp(1_700_000_000, UTC)
    assert sample.tcp is None or not any(
        name.endswith("_ps") and value is not None
        for name, value in msgspec.structs.asdict(sample.tcp).items()
    )


def test_first_sample_after_start_already_has_rates() -> None:
    sampler = Sampler()
    time.sleep(0.2)
    sample = sampler.sample()
    assert sample.net_rx_bps is not None and sample.cpu_percent is not None


def test_wire_model_refuses_out_of_range_values() -> None:
    good = HostBatch(
        host=HostInfo(hostname="h"), seq=1, samples=[HostSample(time=datetime.now(UTC))]
    )
    wire = msgspec.json.decode(msgspec.json.encode(good))
    for field, value in (("cpuPercent", 101.0), ("netRxBps", -1.0), ("memoryUsedBytes", -5)):
        bad = {**wire, "samples": [{**wire["samples"][0], field: value}]}
        with pytest.raises(msgspec.ValidationError, match=field):
            msgspec.json.decode(msgspec.json.encode(bad), type=HostBatch)
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(msgspec.json.encode({**wire, "samples": []}), type=HostBatch)
    naive = {**wire, "samples": [{"time": "2026-01-01T00:00:00"}]}
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(msgspec.json.encode(naive), type=HostBatch)


def test_wire_model_accepts_fields_from_newer_collectors() -> None:
    wire = {
        "host": {"hostname": "h", "gpuCount": 2},
        "seq": 5,
        "samples": [{"time": "2026-01-01T00:00:00Z", "gpuPercent": 50}],
    }
    batch = msgspec.json.decode(msgspec.json.encode(wire), type=HostBatch)
    assert batch.seq == 5 and batch.samples[0].cpu_percent is None
