"""Parsers for the /proc files psutil does not read, each a pure function of the file's text.

Each reader returns None when its file is missing or unreadable (a kernel without PSI, a container
without /proc/net), so the sampler can leave the field out instead of inventing a zero.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from atlhyper.collector.filters import Mount


class ProcFS:
    """Reads files under one /proc root (the host's, mounted at /host/proc in the DaemonSet)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def read(self, relative: str) -> str | None:
        try:
            return (self.root / relative).read_text(errors="replace")
        except OSError:  # absent, EPERM, or EOPNOTSUPP for PSI turned off at boot
            return None


def parse_psi(text: str) -> dict[str, tuple[float, float, float]]:
    """`some`/`full` → (avg10, avg60, avg300) from /proc/pressure/{cpu,memory,io}."""
    found: dict[str, tuple[float, float, float]] = {}
    for line in text.splitlines():
        kind, _, rest = line.partition(" ")
        values = dict(part.split("=", 1) for part in rest.split() if "=" in part)
        try:
            found[kind] = (
                float(values["avg10"]),
                float(values["avg60"]),
                float(values["avg300"]),
            )
        except (KeyError, ValueError):
            continue
    return found


def parse_key_values(text: str) -> dict[str, int]:
    """`name value` lines, as in /proc/vmstat."""
    found: dict[str, int] = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        try:
            found[name] = int(value)
        except ValueError:
            continue
    return found


def parse_meminfo(text: str) -> dict[str, int]:
    """/proc/meminfo in bytes (`MemTotal:  16315360 kB`)."""
    found: dict[str, int] = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        value, _, unit = rest.strip().partition(" ")
        try:
            found[name] = int(value) * (1024 if unit == "kB" else 1)
        except ValueError:
            continue
    return found


def parse_softnet(text: str) -> list[tuple[int, int, int]]:
    """(processed, dropped, time_squeeze) per CPU from /proc/net/softnet_stat.

    The columns are 32-bit hexadecimal counters, so each CPU's wrap is handled on its own.
    """
    rows: list[tuple[int, int, int]] = []
    for line in text.splitlines():
        columns = line.split()
        if len(columns) < 3:
            continue
        try:
            rows.append((int(columns[0], 16), int(columns[1], 16), int(columns[2], 16)))
        except ValueError:
            continue
    return rows


def parse_snmp(text: str) -> dict[str, dict[str, int]]:
    """Protocol → counter → value from /proc/net/snmp or /proc/net/netstat.

    Each protocol has a line of names followed by a line of values with the same prefix.
    """
    found: dict[str, dict[str, int]] = {}
    lines = text.splitlines()
    for header, values in zip(lines[::2], lines[1::2], strict=False):
        proto, _, names = header.partition(":")
        proto_again, _, numbers = values.partition(":")
        if proto != proto_again:
            continue
        row: dict[str, int] = {}
        for name, number in zip(names.split(), numbers.split(), strict=False):
            try:
                row[name] = int(number)
            except ValueError:
                continue
        found[proto] = row
    return found


#: /proc/net/tcp state codes (include/net/tcp_states.h) → TcpStates field names.
TCP_STATES: dict[str, str] = {
    "01": "established",
    "02": "syn_sent",
    "03": "syn_recv",
    "04": "fin_wait1",
    "05": "fin_wait2",
    "06": "time_wait",
    "07": "close",
    "08": "close_wait",
    "09": "last_ack",
    "0A": "listen",
    "0B": "closing",
    "0C": "new_syn_recv",
}


def count_tcp_states(text: str) -> Counter[str]:
    """Sockets per state from /proc/net/tcp or tcp6; the 4th column is the state in hex."""
    counts: Counter[str] = Counter()
    lines = iter(text.splitlines())
    next(lines, None)  # header
    for line in lines:
        columns = line.split(None, 4)
        if len(columns) > 3:
            state = TCP_STATES.get(columns[3].upper())
            if state:
                counts[state] += 1
    return counts


class DiskCounters(NamedTuple):
    name: str
    reads: int
    read_bytes: int
    writes: int
    write_bytes: int
    busy_ms: int


def parse_diskstats(text: str) -> list[DiskCounters]:
    """Per-device counters from /proc/diskstats. Sectors are always 512 bytes there."""
    found: list[DiskCounters] = []
    for line in text.splitlines():
        columns = line.split()
        if len(columns) < 14:
            continue
        try:
            found.append(
                DiskCounters(
                    name=columns[2],
                    reads=int(columns[3]),
                    read_bytes=int(columns[5]) * 512,
                    writes=int(columns[7]),
                    write_bytes=int(columns[9]) * 512,
                    busy_ms=int(columns[12]),
                )
            )
        except ValueError:
            continue
    return found


_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")


def _unescape(field: str) -> str:
    """Mount tables write space, tab, newline and backslash as octal escapes (`\\040`)."""
    return _OCTAL_ESCAPE.sub(lambda m: chr(int(m[1], 8)), field) if "\\" in field else field


def parse_mounts(text: str) -> list[Mount]:
    found: list[Mount] = []
    for line in text.splitlines():
        columns = line.split()
        if len(columns) >= 3:
            found.append(Mount(_unescape(columns[0]), _unescape(columns[1]), columns[2]))
    return found


def parse_loadavg(text: str) -> tuple[float, float, float] | None:
    columns = text.split()
    try:
        return float(columns[0]), float(columns[1]), float(columns[2])
    except (IndexError, ValueError):
        return None


def parse_uptime(text: str) -> float | None:
    try:
        return float(text.split()[0])
    except (IndexError, ValueError):
        return None
