"""The /proc parsers, fed real text from Linux 6.x, and the reader when files are missing."""

from __future__ import annotations

from pathlib import Path

from atlhyper.collector.filters import Mount
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

PSI_CPU = """\
some avg10=5.40 avg60=6.61 avg300=8.21 total=887596003
full avg10=0.00 avg60=0.00 avg300=0.00 total=0
"""
PSI_OLD_KERNEL_CPU = "some avg10=1.50 avg60=0.75 avg300=0.20 total=12345\n"

VMSTAT = """\
nr_free_pages 5612345
pgpgin 1234567
pgpgout 7654321
pswpin 12
pswpout 34
pgfault 987654321
pgmajfault 4321
oom_kill 2
"""

SOFTNET = """\
000ab65e 00000000 00000003 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000
ffffff00 00000002 00000010 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000001 00000000 00000000
"""  # noqa: E501

SNMP = """\
Ip: Forwarding DefaultTTL InReceives InHdrErrors
Ip: 1 64 2069468 0
Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
Tcp: 1 200 120000 -1 34900 27091 7207 602 3 1454757 1425632 1073 0 8896 0
Udp: InDatagrams NoPorts InErrors OutDatagrams
Udp: 2190 12 0 2202
"""  # noqa: E501

NETSTAT = """\
TcpExt: SyncookiesSent SyncookiesRecv ListenOverflows ListenDrops TCPTimeouts
TcpExt: 0 0 17 19 245
IpExt: InNoRoutes InTruncatedPkts
IpExt: 0 0
"""

TCP4 = """\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21853 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F90 0100007F:A2C4 01 00000000:00000000 00:00000000 00000000     0        0 62612 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:A2C4 0100007F:1F90 06 00000000:00000000 03:00000945 00000000     0        0 0 3 0000000000000000
   3: 0100007F:A2C6 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 62613 1 0000000000000000 20 4 30 10 -1
"""  # noqa: E501
TCP6 = """\
  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17461 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:0050 0000000000000000FFFF00000100007F:C350 08 00000000:00000000 00:00000000 00000000    33        0 91234 1 0000000000000000 20 4 1 10 -1
"""  # noqa: E501

DISKSTATS = """\
   7       0 loop0 55 0 2174 13 0 0 0 0 0 36 13 0 0 0 0 0 0
 253       0 vda 188520 7393 11263598 70417 1084380 894237 42004960 1009560 0 502212 1100124 0 0 0 0 27170 20146
 253       1 vda1 187000 7393 11200000 70000 1084000 894237 42000000 1009000 0 502000 1100000 0 0 0 0 0 0
 252       0 zram0 30 0 240 0 0 0 0 0 0 4 0 0 0 0 0 0 0
"""  # noqa: E501

MOUNTS = """\
/dev/vda / ext4 rw,relatime,discard 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/sdb1 /mnt/my\\040disk ext4 rw 0 0
"""

MEMINFO = """\
MemTotal:       24684084 kB
MemFree:        21200000 kB
MemAvailable:   23148592 kB
Buffers:            8296 kB
Cached:           792660 kB
SwapTotal:             0 kB
SwapFree:              0 kB
SReclaimable:      50000 kB
HugePages_Total:       0
"""


def test_psi_some_and_full() -> None:
    assert parse_psi(PSI_CPU) == {"some": (5.40, 6.61, 8.21), "full": (0.0, 0.0, 0.0)}


def test_psi_cpu_without_full_line_on_older_kernels() -> None:
    assert parse_psi(PSI_OLD_KERNEL_CPU) == {"some": (1.5, 0.75, 0.2)}


def test_vmstat_values() -> None:
    values = parse_key_values(VMSTAT)
    assert values["pgfault"] == 987654321
    assert values["pgmajfault"] == 4321
    assert values["pswpin"] == 12
    assert values["oom_kill"] == 2


def test_softnet_rows_per_cpu_in_hex() -> None:
    assert parse_softnet(SOFTNET) == [(0xAB65E, 0, 3), (0xFFFFFF00, 2, 16)]


def test_snmp_and_netstat_tables() -> None:
    tcp = parse_snmp(SNMP)["Tcp"]
    assert tcp["RetransSegs"] == 1073
    assert tcp["CurrEstab"] == 3
    assert tcp["MaxConn"] == -1
    assert parse_snmp(SNMP)["Udp"]["NoPorts"] == 12
    assert parse_snmp(NETSTAT)["TcpExt"]["ListenDrops"] == 19


def test_tcp_states_from_both_tables() -> None:
    counts = count_tcp_states(TCP4) + count_tcp_states(TCP6)
    assert counts == {"listen": 2, "established": 2, "time_wait": 1, "close_wait": 1}


def test_diskstats_bytes_are_512_byte_sectors() -> None:
    disks = {d.name: d for d in parse_diskstats(DISKSTATS)}
    vda = disks["vda"]
    assert vda.reads == 188520
    assert vda.read_bytes == 11263598 * 512
    assert vda.writes == 1084380
    assert vda.write_bytes == 42004960 * 512
    assert vda.busy_ms == 502212
    assert set(disks) == {"loop0", "vda", "vda1", "zram0"}


def test_mounts_unescape_spaces() -> None:
    assert parse_mounts(MOUNTS)[2] == Mount("/dev/sdb1", "/mnt/my disk", "ext4")


def test_meminfo_in_bytes() -> None:
    memory = parse_meminfo(MEMINFO)
    assert memory["MemTotal"] == 24684084 * 1024
    assert memory["SwapTotal"] == 0
    assert memory["HugePages_Total"] == 0


def test_loadavg_and_uptime() -> None:
    assert parse_loadavg("0.52 0.61 0.70 2/345 12345\n") == (0.52, 0.61, 0.70)
    assert parse_uptime("9217.27 17000.50\n") == 9217.27
    assert parse_loadavg("") is None
    assert parse_uptime("garbage") is None


def test_garbage_lines_are_skipped() -> None:
    assert parse_softnet("not hex at all\n\n") == []
    assert parse_key_values("pgfault lots\n") == {}
    assert parse_psi("some avg10=x\n") == {}
    assert count_tcp_states("header\n  0: short\n") == {}


def test_missing_and_unreadable_files_read_as_none(tmp_path: Path) -> None:
    proc = ProcFS(tmp_path)
    (tmp_path / "pressure").mkdir()
    (tmp_path / "pressure" / "cpu").mkdir()  # a directory cannot be read as text
    assert proc.read("pressure/memory") is None
    assert proc.read("pressure/cpu") is None
    (tmp_path / "loadavg").write_text("1 2 3 1/1 1\n")
    assert proc.read("loadavg") == "1 2 3 1/1 1\n"
