"""Hosts shaped for the UI: list rows with status and headline values, and one sample broken down
into view-ready parts (percentages computed here, not in the browser)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

import msgspec

from atlhyper.master.hosts.registry import HostMode, HostRecord
from atlhyper.model.hosts import (
    CpuTimesPercent,
    DiskIO,
    Filesystem,
    HostSample,
    NetInterface,
    Ntp,
    Psi,
    Softnet,
    Tcp,
    Temperature,
    Vmstat,
)

HostStatus = Literal["pending", "online", "offline"]  # pending: no sample yet


class HostItem(msgspec.Struct, rename="camel", kw_only=True):
    """A host with its newest headline values (None until it has sent a sample).

    `mode` is "host" (sends to the Master with a token of its own) or "cluster" (a Kubernetes
    node whose Agent forwards its samples; `clusterId` and `nodeName` name its Node).
    """

    id: str
    name: str
    mode: HostMode
    status: HostStatus
    created_at: datetime
    last_sample_at: datetime | None
    hostname: str
    os: str
    kernel: str
    arch: str
    cpu_count: int | None
    collector_version: str
    cluster_id: str | None
    cluster_name: str | None
    node_name: str | None
    cpu_percent: float | None = None
    memory_used_bytes: int | None = None
    memory_total_bytes: int | None = None
    memory_percent: float | None = None
    disk_read_bps: float | None = None
    disk_write_bps: float | None = None
    net_rx_bps: float | None = None
    net_tx_bps: float | None = None
    load1: float | None = None


class HostList(msgspec.Struct, rename="camel"):
    items: list[HostItem]
    total: int
    limit: int
    offset: int


def percent(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return round(100.0 * part / whole, 2)


def status(record: HostRecord, now: datetime, offline_after: timedelta) -> HostStatus:
    if record.last_sample_at is None:
        return "pending"
    return "online" if now - record.last_sample_at < offline_after else "offline"


def host_item(
    record: HostRecord, now: datetime, offline_after: timedelta, cluster_name: str | None
) -> HostItem:
    latest = record.latest
    headline: dict[str, Any] = {}
    if latest is not None:
        headline = {
            "cpu_percent": latest.cpu_percent,
            "memory_used_bytes": latest.memory_used_bytes,
            "memory_total_bytes": latest.memory_total_bytes,
            "memory_percent": percent(latest.memory_used_bytes, latest.memory_total_bytes),
            "disk_read_bps": latest.disk_read_bps,
            "disk_write_bps": latest.disk_write_bps,
            "net_rx_bps": latest.net_rx_bps,
            "net_tx_bps": latest.net_tx_bps,
            "load1": latest.load1,
        }
    info = record.info
    return HostItem(
        id=record.id,
        name=record.name,
        mode=record.mode,
        status=status(record, now, offline_after),
        created_at=record.created_at,
        last_sample_at=record.last_sample_at,
        hostname=info.hostname,
        os=info.os,
        kernel=info.kernel,
        arch=info.arch,
        cpu_count=info.cpu_count,
        collector_version=info.collector_version,
        cluster_id=record.cluster_id,
        cluster_name=cluster_name,
        node_name=record.node_name or None,
        **headline,
    )


class CpuView(msgspec.Struct, rename="camel", kw_only=True):
    percent: float | None
    count: int | None
    cores_percent: list[float]
    times_percent: CpuTimesPercent | None
    load1: float | None
    load5: float | None
    load15: float | None


class MemoryView(msgspec.Struct, rename="camel", kw_only=True):
    used_bytes: int | None
    total_bytes: int | None
    available_bytes: int | None
    cached_bytes: int | None
    buffers_bytes: int | None
    percent: float | None
    swap_used_bytes: int | None
    swap_total_bytes: int | None
    swap_percent: float | None


class FilesystemView(msgspec.Struct, rename="camel", kw_only=True):
    """`usedPercent` is used / (used + free), as `df` shows it."""

    mountpoint: str
    device: str
    fstype: str
    total_bytes: int
    used_bytes: int
    free_bytes: int
    used_percent: float | None
    inodes_total: int | None
    inodes_used: int | None
    inodes_percent: float | None


class HostBreakdown(msgspec.Struct, rename="camel", kw_only=True):
    """One sample of a host, every part of it; parts the host cannot measure are null or empty."""

    host_id: str
    time: datetime
    cpu: CpuView
    memory: MemoryView
    disk_read_bps: float | None  # all disks together
    disk_write_bps: float | None
    net_rx_bps: float | None  # all interfaces together
    net_tx_bps: float | None
    disks: list[DiskIO]
    filesystems: list[FilesystemView]
    interfaces: list[NetInterface]
    temperatures: list[Temperature]
    psi: Psi | None
    tcp: Tcp | None
    vmstat: Vmstat | None
    softnet: Softnet | None
    ntp: Ntp | None
    uptime_seconds: float | None
    boot_time: datetime | None


def _filesystem(fs: Filesystem) -> FilesystemView:
    return FilesystemView(
        mountpoint=fs.mountpoint,
        device=fs.device,
        fstype=fs.fstype,
        total_bytes=fs.total_bytes,
        used_bytes=fs.used_bytes,
        free_bytes=fs.free_bytes,
        used_percent=percent(fs.used_bytes, fs.used_bytes + fs.free_bytes),
        inodes_total=fs.inodes_total,
        inodes_used=fs.inodes_used,
        inodes_percent=percent(fs.inodes_used, fs.inodes_total),
    )


def breakdown(record: HostRecord, sample: HostSample) -> HostBreakdown:
    return HostBreakdown(
        host_id=record.id,
        time=sample.time,
        cpu=CpuView(
            percent=sample.cpu_percent,
            count=record.info.cpu_count,
            cores_percent=sample.cpu_cores_percent,
            times_percent=sample.cpu_times_percent,
            load1=sample.load1,
            load5=sample.load5,
            load15=sample.load15,
        ),
        memory=MemoryView(
            used_bytes=sample.memory_used_bytes,
            total_bytes=sample.memory_total_bytes,
            available_bytes=sample.memory_available_bytes,
            cached_bytes=sample.memory_cached_bytes,
            buffers_bytes=sample.memory_buffers_bytes,
            percent=percent(sample.memory_used_bytes, sample.memory_total_bytes),
            swap_used_bytes=sample.swap_used_bytes,
            swap_total_bytes=sample.swap_total_bytes,
            swap_percent=percent(sample.swap_used_bytes, sample.swap_total_bytes),
        ),
        disk_read_bps=sample.disk_read_bps,
        disk_write_bps=sample.disk_write_bps,
        net_rx_bps=sample.net_rx_bps,
        net_tx_bps=sample.net_tx_bps,
        disks=sorted(sample.disks, key=lambda disk: disk.device),
        filesystems=[_filesystem(fs) for fs in sorted(sample.filesystems, key=_mount)],
        interfaces=sorted(sample.interfaces, key=lambda interface: interface.name),
        temperatures=sample.temperatures,
        psi=sample.psi,
        tcp=sample.tcp,
        vmstat=sample.vmstat,
        softnet=sample.softnet,
        ntp=sample.ntp,
        uptime_seconds=sample.uptime_seconds,
        boot_time=sample.boot_time,
    )


def _mount(fs: Filesystem) -> str:
    return fs.mountpoint
