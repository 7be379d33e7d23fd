"""TCP sockets per state through netlink sock_diag, the interface `ss` uses.

/proc/net/tcp and tcp6 give the same counts, but the kernel formats a text line per socket and
restarts its walk of the connection hash table for every 4 KB page read: on a 2-core VM with
25 GB of RAM (a 262,144-bucket table) and 200 sockets, reading both cost 16 ms, against 2 ms for
this dump. The dump needs no privileges and sees the collector's network namespace, like
/proc/net/tcp (the host's in host mode and in the DaemonSet, which uses hostNetwork).
"""

from __future__ import annotations

import contextlib
import socket
import struct
from collections import Counter

from atlhyper.collector.procfs import TCP_STATES

_NETLINK_SOCK_DIAG = 4
_SOCK_DIAG_BY_FAMILY = 20
_NLM_F_REQUEST_DUMP = 0x1 | 0x300
_NLMSG_ERROR = 2
_NLMSG_DONE = 3
_ALL_STATES = 0xFFFFFFFF
_HEADER = struct.Struct("=IHHII")  # struct nlmsghdr
_REQUEST = struct.Struct("=BBBBI48x")  # struct inet_diag_req_v2, socket id left zero
#: State codes as in /proc/net/tcp, by their number.
_STATE_NAMES = {int(code, 16): name for code, name in TCP_STATES.items()}


def _dump(family: int) -> Counter[str]:
    request = _REQUEST.pack(family, socket.IPPROTO_TCP, 0, 0, _ALL_STATES)
    header = _HEADER.pack(
        _HEADER.size + len(request), _SOCK_DIAG_BY_FAMILY, _NLM_F_REQUEST_DUMP, 1, 0
    )
    counts: Counter[str] = Counter()
    with socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, _NETLINK_SOCK_DIAG) as sock:
        sock.settimeout(5)
        sock.send(header + request)
        while True:
            data = sock.recv(65536)
            offset = 0
            while offset + _HEADER.size <= len(data):
                length, kind, _, _, _ = _HEADER.unpack_from(data, offset)
                if kind == _NLMSG_DONE:
                    return counts
                if kind == _NLMSG_ERROR or length < _HEADER.size:
                    raise OSError("sock_diag refused the dump")
                # struct inet_diag_msg starts with family, then state
                name = _STATE_NAMES.get(data[offset + _HEADER.size + 1])
                if name:
                    counts[name] += 1
                offset += (length + 3) & ~3
            if not data:
                return counts


def tcp_state_counts() -> Counter[str] | None:
    """IPv4 and IPv6 sockets per state name (TcpStates' fields); None if netlink is unavailable."""
    if not hasattr(socket, "AF_NETLINK"):
        return None
    try:
        counts = _dump(socket.AF_INET)
    except OSError:
        return None
    with contextlib.suppress(OSError):  # IPv6 may be turned off in this kernel
        counts += _dump(socket.AF_INET6)
    return counts
