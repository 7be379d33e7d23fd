"""Clock synchronisation as the kernel sees it, from adjtimex(2) in read-only mode.

chronyd, ntpd and systemd-timesyncd all report to the kernel's clock discipline, so one read-only
system call (modes = 0, allowed without privileges) answers for any of them without talking to
the daemon. Where the call is unavailable (not Linux, a seccomp profile that refuses it) the
sample has no NTP figures.
"""

from __future__ import annotations

import ctypes
import errno
from collections.abc import Callable

from atlhyper.model.hosts import Ntp

_TIME_ERROR = 5  # clock state: not synchronised
_STA_UNSYNC = 0x0040
_STA_NANO = 0x2000


class _Timeval(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_usec", ctypes.c_long)]


class _Timex(ctypes.Structure):
    """struct timex from <sys/timex.h> (glibc and musl, 64-bit and 32-bit alike)."""

    _fields_ = [
        ("modes", ctypes.c_uint),
        ("offset", ctypes.c_long),
        ("freq", ctypes.c_long),
        ("maxerror", ctypes.c_long),
        ("esterror", ctypes.c_long),
        ("status", ctypes.c_int),
        ("constant", ctypes.c_long),
        ("precision", ctypes.c_long),
        ("tolerance", ctypes.c_long),
        ("time", _Timeval),
        ("tick", ctypes.c_long),
        ("ppsfreq", ctypes.c_long),
        ("jitter", ctypes.c_long),
        ("shift", ctypes.c_int),
        ("stabil", ctypes.c_long),
        ("jitcnt", ctypes.c_long),
        ("calcnt", ctypes.c_long),
        ("errcnt", ctypes.c_long),
        ("stbcnt", ctypes.c_long),
        ("tai", ctypes.c_int),
        ("_reserved", ctypes.c_int * 11),
    ]


def ntp_from_timex(state: int, status: int, offset: int, maxerror: int, esterror: int) -> Ntp:
    """The figures from one adjtimex result: offset in µs (ns with STA_NANO), errors in µs."""
    offset_unit = 1e-9 if status & _STA_NANO else 1e-6
    return Ntp(
        synced=state != _TIME_ERROR and not status & _STA_UNSYNC,
        offset_seconds=offset * offset_unit,
        max_error_seconds=maxerror * 1e-6,
        est_error_seconds=esterror * 1e-6,
    )


def adjtimex_reader() -> Callable[[], Ntp | None]:
    """A function that reads the clock state, or returns None when adjtimex is unavailable."""
    try:
        call = ctypes.CDLL(None, use_errno=True).adjtimex  # the C library Python runs on
    except (OSError, AttributeError):
        return lambda: None
    call.argtypes = [ctypes.POINTER(_Timex)]
    call.restype = ctypes.c_int
    disabled = False

    def read() -> Ntp | None:
        nonlocal disabled
        if disabled:
            return None
        timex = _Timex()  # modes = 0: read only
        state = call(ctypes.byref(timex))
        if state < 0:
            if ctypes.get_errno() in (errno.EPERM, errno.ENOSYS):
                disabled = True  # refused by seccomp or absent: it will not start working
            return None
        return ntp_from_timex(state, timex.status, timex.offset, timex.maxerror, timex.esterror)

    return read
