"""Host metrics: the batches a collector sends to the Agent (cluster mode) or the Master (host
mode).

Conventions a receiver must know:
- `time` and `bootTime` are RFC 3339 timestamps in UTC (`2026-05-09T07:35:25.123456Z`); they
  decode to timezone-aware datetimes.
- Every `…Bps` and `…Ps` field is a per-second rate over the interval since the previous sample;
  other fields are instantaneous values. Percentages are 0 to 100; `cpuPercent` is the share of all
  cores together (100 = every core busy), `cpuCoresPercent` has one entry per core.
- A value the machine cannot provide (no swap accounting, no PSI, no sensors, an interval without a
  rate after a counter reset) is absent (`null` fields are omitted, lists are empty). A zero is
  always a measured zero.
- `seq` grows by one per batch and survives collector restarts (it is kept with the spool); a new
  spool starts at the Unix time in milliseconds, so seq keeps growing even when a spool is lost.
  Delivery is at least once: a batch whose answer was lost is sent again, so receivers drop a
  `(host, seq)` they already hold.
- TCP, softnet and interface figures are those of the collector's network namespace: the host's
  in host mode and in the DaemonSet (hostNetwork), which does not include pods' own namespaces.
- Unknown fields are accepted, so a newer collector can talk to an older receiver.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

Percent = Annotated[float, msgspec.Meta(ge=0, le=100)]
Rate = Annotated[float, msgspec.Meta(ge=0)]
Bytes = Annotated[int, msgspec.Meta(ge=0)]
Count = Annotated[int, msgspec.Meta(ge=0)]
Load = Annotated[float, msgspec.Meta(ge=0)]
UtcTime = Annotated[datetime, msgspec.Meta(tz=True)]


class _Wire(msgspec.Struct, rename="camel", omit_defaults=True, gc=False, kw_only=True):
    pass


class CpuTimesPercent(_Wire):
    """Where all cores together spent the interval (sums to about 100)."""

    user: Percent
    nice: Percent
    system: Percent
    idle: Percent
    iowait: Percent
    irq: Percent
    softirq: Percent
    steal: Percent


class DiskIO(_Wire):
    """One whole block device (partitions, loop and RAM devices are left out)."""

    device: str
    read_bps: Rate
    write_bps: Rate
    read_iops: Rate
    write_iops: Rate
    busy_percent: Percent


class Filesystem(_Wire):
    """One mounted real filesystem; `freeBytes` is what unprivileged users may still write."""

    mountpoint: str
    device: str
    fstype: str
    total_bytes: Bytes
    used_bytes: Bytes
    free_bytes: Bytes
    inodes_total: Count | None = None
    inodes_used: Count | None = None
    inodes_free: Count | None = None


class NetInterface(_Wire):
    """One physical network interface (loopback, bridges, veths, tunnels… are left out)."""

    name: str
    rx_bps: Rate
    tx_bps: Rate
    rx_packets_ps: Rate
    tx_packets_ps: Rate
    rx_errors_ps: Rate
    tx_errors_ps: Rate
    rx_drops_ps: Rate
    tx_drops_ps: Rate


class Temperature(_Wire):
    sensor: str
    label: str
    celsius: float
    high_celsius: float | None = None
    critical_celsius: float | None = None


class PsiAverages(_Wire):
    """Share of wall time some (or all) non-idle tasks stalled, averaged over 10 s, 60 s, 300 s."""

    avg10: Percent
    avg60: Percent
    avg300: Percent


class PsiResource(_Wire):
    some: PsiAverages
    full: PsiAverages | None = None


class Psi(_Wire):
    """Pressure stall information (/proc/pressure); absent on kernels without PSI."""

    cpu: PsiResource | None = None
    memory: PsiResource | None = None
    io: PsiResource | None = None


class TcpStates(_Wire):
    """Sockets per TCP state, IPv4 and IPv6 together."""

    established: Count = 0
    syn_sent: Count = 0
    syn_recv: Count = 0
    fin_wait1: Count = 0
    fin_wait2: Count = 0
    time_wait: Count = 0
    close: Count = 0
    close_wait: Count = 0
    last_ack: Count = 0
    listen: Count = 0
    closing: Count = 0
    new_syn_recv: Count = 0


class Tcp(_Wire):
    """TCP counters from /proc/net/snmp and /proc/net/netstat, states from /proc/net/tcp{,6}."""

    states: TcpStates | None = None
    curr_estab: Count | None = None
    active_opens_ps: Rate | None = None
    passive_opens_ps: Rate | None = None
    attempt_fails_ps: Rate | None = None
    estab_resets_ps: Rate | None = None
    in_segs_ps: Rate | None = None
    out_segs_ps: Rate | None = None
    retrans_segs_ps: Rate | None = None
    in_errs_ps: Rate | None = None
    out_rsts_ps: Rate | None = None
    listen_overflows_ps: Rate | None = None
    listen_drops_ps: Rate | None = None


class Vmstat(_Wire):
    """Paging, swapping and OOM kills from /proc/vmstat."""

    pgfault_ps: Rate | None = None
    pgmajfault_ps: Rate | None = None
    pswpin_ps: Rate | None = None
    pswpout_ps: Rate | None = None
    oom_kill_ps: Rate | None = None


class Softnet(_Wire):
    """Packets the kernel processed, dropped (backlog full) and squeezed (budget out), all CPUs."""

    processed_ps: Rate | None = None
    dropped_ps: Rate | None = None
    time_squeeze_ps: Rate | None = None


class Ntp(_Wire):
    """The kernel clock discipline's view (adjtimex), whichever daemon (chrony, ntpd…) drives it."""

    synced: bool
    offset_seconds: float
    max_error_seconds: float
    est_error_seconds: float


class HostSample(_Wire):
    """One sample of a host. `memoryUsedBytes` is total minus available, as `free` reports it."""

    time: UtcTime
    cpu_percent: Percent | None = None
    memory_used_bytes: Bytes | None = None
    memory_total_bytes: Bytes | None = None
    disk_read_bps: Rate | None = None
    disk_write_bps: Rate | None = None
    net_rx_bps: Rate | None = None
    net_tx_bps: Rate | None = None
    cpu_cores_percent: list[Percent] = []
    cpu_times_percent: CpuTimesPercent | None = None
    load1: Load | None = None
    load5: Load | None = None
    load15: Load | None = None
    memory_available_bytes: Bytes | None = None
    memory_cached_bytes: Bytes | None = None
    memory_buffers_bytes: Bytes | None = None
    swap_total_bytes: Bytes | None = None
    swap_used_bytes: Bytes | None = None
    disks: list[DiskIO] = []
    filesystems: list[Filesystem] = []
    interfaces: list[NetInterface] = []
    temperatures: list[Temperature] = []
    psi: Psi | None = None
    tcp: Tcp | None = None
    vmstat: Vmstat | None = None
    softnet: Softnet | None = None
    ntp: Ntp | None = None
    uptime_seconds: Annotated[float, msgspec.Meta(ge=0)] | None = None
    boot_time: UtcTime | None = None


class HostInfo(_Wire):
    """Who sent the batch. `nodeName` is the Kubernetes node (cluster mode only)."""

    hostname: str
    machine_id: str = ""
    node_name: str = ""
    os: str = ""
    kernel: str = ""
    arch: str = ""
    cpu_count: Count | None = None
    collector_version: str = ""


class HostBatch(_Wire):
    """Samples in time order; `seq` identifies the batch per collector (see the module doc)."""

    host: HostInfo
    seq: Annotated[int, msgspec.Meta(ge=1)]
    samples: Annotated[list[HostSample], msgspec.Meta(min_length=1, max_length=10_000)]
