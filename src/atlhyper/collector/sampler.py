"""One sample of the host: CPU, memory, disks, filesystems, network, sensors and kernel counters.

psutil reads CPU times, memory, swap and interface counters; the rest comes straight from /proc
and /sys (see `procfs`, `sysfs`, `ntp`). Rates need two readings, so a new Sampler reads every
counter once: its first `sample()`, one interval later, already has rates.

psutil reads /proc through the module-wide `psutil.PROCFS_PATH`; the Sampler points it at
`proc_root` (the host's /proc mounted at /host/proc in the DaemonSet). One process samples one
host, so that global is set once.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import psutil

from atlhyper.collector.filters import (
    counts_in_total,
    is_disk,
    is_virtual_interface,
    real_filesystems,
)
from atlhyper.collector.ntp import adjtimex_reader
from atlhyper.collector.procfs import (
    ProcFS,
    count_tcp_states,
    parse_diskstats,
    parse_key_values,
    parse_loadavg,
    parse_meminfo,
    parse_mounts,
    parse_psi,
    parse_snmp,
    parse_softnet,
    parse_uptime,
)
from atlhyper.collector.rates import Rates, busy_percent
from atlhyper.collector.sockdiag import tcp_state_counts
from atlhyper.collector.sysfs import Thermometers, whole_disks
from atlhyper.model.hosts import (
    CpuTimesPercent,
    DiskIO,
    Filesystem,
    HostSample,
    NetInterface,
    Psi,
    PsiAverages,
    PsiResource,
    Softnet,
    Tcp,
    TcpStates,
    Vmstat,
)

_SNMP_RATES = {
    "active_opens_ps": "ActiveOpens",
    "passive_opens_ps": "PassiveOpens",
    "attempt_fails_ps": "AttemptFails",
    "estab_resets_ps": "EstabResets",
    "in_segs_ps": "InSegs",
    "out_segs_ps": "OutSegs",
    "retrans_segs_ps": "RetransSegs",
    "in_errs_ps": "InErrs",
    "out_rsts_ps": "OutRsts",
}
_NETSTAT_RATES = {"listen_overflows_ps": "ListenOverflows", "listen_drops_ps": "ListenDrops"}
_VMSTAT_RATES = {
    "pgfault_ps": "pgfault",
    "pgmajfault_ps": "pgmajfault",
    "pswpin_ps": "pswpin",
    "pswpout_ps": "pswpout",
    "oom_kill_ps": "oom_kill",
}


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _sum(values: Iterable[float | None]) -> float | None:
    """The sum of rates, or None if any of them is unknown (a reset in one part taints the sum)."""
    total = 0.0
    for value in values:
        if value is None:
            return None
        total += value
    return total


class Sampler:
    def __init__(
        self,
        proc_root: str | Path = "/proc",
        sys_root: str | Path = "/sys",
        host_root: str | Path = "/",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        psutil.PROCFS_PATH = str(proc_root)
        self.proc = ProcFS(proc_root)
        self.sys_root = Path(sys_root)
        self.host_root = Path(host_root)
        self.clock = clock
        self.rates = Rates()
        self.thermometers = Thermometers(sys_root)
        self.read_ntp = adjtimex_reader()
        # pid 1's mount table is the host's even when this process has its own mount namespace.
        self.mounts_file = "1/mounts" if self.proc.read("1/mounts") else "self/mounts"
        self.boot_time = datetime.fromtimestamp(psutil.boot_time(), UTC)
        self._cpu_previous: list[tuple[float, ...]] = []
        self.cpu_count = len(psutil.cpu_times(percpu=True)) or None
        self.sample()

    def sample(self) -> HostSample:
        self.rates.begin(self.clock())
        wall = datetime.now(UTC)
        cpu, cores, times = self._cpu()
        memory = parse_meminfo(self.proc.read("meminfo") or "")
        total, available = memory.get("MemTotal"), memory.get("MemAvailable")
        swap_total, swap_free = memory.get("SwapTotal"), memory.get("SwapFree")
        cached = memory.get("Cached")
        disks, disk_read, disk_write = self._disks()
        interfaces, net_rx, net_tx = self._interfaces()
        load = parse_loadavg(self.proc.read("loadavg") or "")
        uptime = parse_uptime(self.proc.read("uptime") or "")
        return HostSample(
            time=wall,
            cpu_percent=cpu,
            memory_used_bytes=(
                None if total is None or available is None else max(0, total - available)
            ),
            memory_total_bytes=total,
            disk_read_bps=_r(disk_read),
            disk_write_bps=_r(disk_write),
            net_rx_bps=_r(net_rx),
            net_tx_bps=_r(net_tx),
            cpu_cores_percent=cores,
            cpu_times_percent=times,
            load1=load[0] if load else None,
            load5=load[1] if load else None,
            load15=load[2] if load else None,
            memory_available_bytes=available,
            memory_cached_bytes=None if cached is None else cached + memory.get("SReclaimable", 0),
            memory_buffers_bytes=memory.get("Buffers"),
            swap_total_bytes=swap_total,
            swap_used_bytes=None if swap_total is None else max(0, swap_total - (swap_free or 0)),
            disks=disks,
            filesystems=self._filesystems(),
            interfaces=interfaces,
            temperatures=self.thermometers.read(),
            psi=self._psi(),
            tcp=self._tcp(),
            vmstat=self._vmstat(),
            softnet=self._softnet(),
            ntp=self.read_ntp(),
            uptime_seconds=uptime,
            boot_time=self.boot_time,
        )

    def _cpu(self) -> tuple[float | None, list[float], CpuTimesPercent | None]:
        current = [tuple(row) for row in psutil.cpu_times(percpu=True)]
        previous, self._cpu_previous = self._cpu_previous, current
        if len(previous) != len(current):  # first reading, or a CPU went on- or offline
            return None, [], None
        shares = [busy_percent(old, new) for old, new in zip(previous, current, strict=True)]
        cores = [round(share[0], 2) for share in shares if share]
        if len(cores) != len(current):
            cores = []
        overall = busy_percent(
            [sum(column) for column in zip(*previous, strict=True)],
            [sum(column) for column in zip(*current, strict=True)],
        )
        if overall is None:
            return None, cores, None
        busy, fields = overall
        user, nice, system, idle, iowait, irq, softirq, steal = (round(f, 2) for f in fields)
        times = CpuTimesPercent(
            user=user,
            nice=nice,
            system=system,
            idle=idle,
            iowait=iowait,
            irq=irq,
            softirq=softirq,
            steal=steal,
        )
        return round(busy, 2), cores, times

    def _disks(self) -> tuple[list[DiskIO], float | None, float | None]:
        text = self.proc.read("diskstats")
        if text is None:
            return [], None, None
        disks_known = whole_disks(self.sys_root)
        rate = self.rates.rate
        found: list[DiskIO] = []
        read_total: list[float | None] = []
        write_total: list[float | None] = []
        for disk in parse_diskstats(text):
            if not is_disk(disk.name, disks_known):
                continue
            key = ("disk", disk.name)
            read_bps = rate((*key, "rb"), disk.read_bytes)
            write_bps = rate((*key, "wb"), disk.write_bytes)
            reads = rate((*key, "r"), disk.reads)
            writes = rate((*key, "w"), disk.writes)
            busy_ms = rate((*key, "busy"), disk.busy_ms, bits=32)
            if counts_in_total(disk.name):
                read_total.append(read_bps)
                write_total.append(write_bps)
            if None in (read_bps, write_bps, reads, writes, busy_ms):
                continue
            found.append(
                DiskIO(
                    device=disk.name,
                    read_bps=round(read_bps or 0.0, 1),
                    write_bps=round(write_bps or 0.0, 1),
                    read_iops=round(reads or 0.0, 2),
                    write_iops=round(writes or 0.0, 2),
                    busy_percent=round(min(100.0, (busy_ms or 0.0) / 10), 2),
                )
            )
        return found, _sum(read_total), _sum(write_total)

    def _interfaces(self) -> tuple[list[NetInterface], float | None, float | None]:
        try:
            counters = psutil.net_io_counters(pernic=True, nowrap=False)
        except OSError:
            return [], None, None
        rate = self.rates.rate
        found: list[NetInterface] = []
        rx_total: list[float | None] = []
        tx_total: list[float | None] = []
        for name, c in sorted(counters.items()):
            if is_virtual_interface(name):
                continue
            key = ("net", name)
            values = (
                rate((*key, "rxb"), c.bytes_recv),
                rate((*key, "txb"), c.bytes_sent),
                rate((*key, "rxp"), c.packets_recv),
                rate((*key, "txp"), c.packets_sent),
                rate((*key, "rxe"), c.errin),
                rate((*key, "txe"), c.errout),
                rate((*key, "rxd"), c.dropin),
                rate((*key, "txd"), c.dropout),
            )
            rx_total.append(values[0])
            tx_total.append(values[1])
            if None in values:
                continue
            rx, tx, rxp, txp, rxe, txe, rxd, txd = (round(v or 0.0, 3) for v in values)
            found.append(
                NetInterface(
                    name=name,
                    rx_bps=rx,
                    tx_bps=tx,
                    rx_packets_ps=rxp,
                    tx_packets_ps=txp,
                    rx_errors_ps=rxe,
                    tx_errors_ps=txe,
                    rx_drops_ps=rxd,
                    tx_drops_ps=txd,
                )
            )
        return found, _sum(rx_total), _sum(tx_total)

    def _filesystems(self) -> list[Filesystem]:
        text = self.proc.read(self.mounts_file)
        if text is None:
            return []
        found: list[Filesystem] = []
        for mount in real_filesystems(parse_mounts(text)):
            try:
                stat = os.statvfs(self.host_root / mount.mountpoint.lstrip("/"))
            except OSError:
                continue
            if stat.f_blocks == 0:
                continue
            size = stat.f_frsize
            found.append(
                Filesystem(
                    mountpoint=mount.mountpoint,
                    device=mount.device,
                    fstype=mount.fstype,
                    total_bytes=stat.f_blocks * size,
                    used_bytes=(stat.f_blocks - stat.f_bfree) * size,
                    free_bytes=stat.f_bavail * size,
                    inodes_total=stat.f_files or None,
                    inodes_used=(stat.f_files - stat.f_ffree) if stat.f_files else None,
                    inodes_free=stat.f_ffree if stat.f_files else None,
                )
            )
        return found

    def _psi(self) -> Psi | None:
        resources: dict[str, PsiResource] = {}
        for name in ("cpu", "memory", "io"):
            text = self.proc.read(f"pressure/{name}")
            parsed = parse_psi(text) if text else {}
            if "some" not in parsed:
                continue
            some, full = parsed["some"], parsed.get("full")
            resources[name] = PsiResource(
                some=PsiAverages(avg10=some[0], avg60=some[1], avg300=some[2]),
                full=PsiAverages(avg10=full[0], avg60=full[1], avg300=full[2]) if full else None,
            )
        return Psi(**resources) if resources else None

    def _tcp(self) -> Tcp | None:
        snmp_text = self.proc.read("net/snmp")
        netstat_text = self.proc.read("net/netstat")
        snmp = parse_snmp(snmp_text).get("Tcp", {}) if snmp_text else {}
        netstat = parse_snmp(netstat_text).get("TcpExt", {}) if netstat_text else {}
        states = None
        counts = tcp_state_counts()
        if counts is None:  # no netlink: the slower text tables
            tables = [self.proc.read("net/tcp"), self.proc.read("net/tcp6")]
            if any(table is not None for table in tables):
                counts = sum((count_tcp_states(t) for t in tables if t), start=Counter[str]())
        if counts is not None:
            states = TcpStates(**counts)
        if not snmp and not netstat and states is None:
            return None
        rates: dict[str, float | None] = {}
        for field, name in _SNMP_RATES.items():
            if name in snmp:
                rates[field] = _r(self.rates.rate(("tcp", name), snmp[name]))
        for field, name in _NETSTAT_RATES.items():
            if name in netstat:
                rates[field] = _r(self.rates.rate(("tcpext", name), netstat[name]))
        return Tcp(states=states, curr_estab=snmp.get("CurrEstab"), **rates)

    def _vmstat(self) -> Vmstat | None:
        text = self.proc.read("vmstat")
        if text is None:
            return None
        counters = parse_key_values(text)
        rates = {
            field: _r(self.rates.rate(("vmstat", name), counters[name]))
            for field, name in _VMSTAT_RATES.items()
            if name in counters
        }
        return Vmstat(**rates) if rates else None

    def _softnet(self) -> Softnet | None:
        text = self.proc.read("net/softnet_stat")
        rows = parse_softnet(text) if text else []
        if not rows:
            return None
        rate = self.rates.rate
        columns: list[list[float | None]] = [[], [], []]
        for cpu, row in enumerate(rows):
            for column, value in enumerate(row):
                columns[column].append(rate(("softnet", cpu, column), value, bits=32))
        processed, dropped, squeezed = (_r(_sum(column)) for column in columns)
        return Softnet(processed_ps=processed, dropped_ps=dropped, time_squeeze_ps=squeezed)
