"""Who the collector reports for: names and identity read once at start-up.

In the DaemonSet the host's root filesystem is mounted at `host_root`, so /etc/machine-id and
/etc/os-release are the node's, not the container image's.
"""

from __future__ import annotations

import platform
import socket
from pathlib import Path

from atlhyper import __version__
from atlhyper.model.hosts import HostInfo


def _first_line(*paths: Path) -> str:
    for path in paths:
        try:
            line = path.read_text().strip()
        except OSError:
            continue
        if line:
            return line.splitlines()[0]
    return ""


def os_pretty_name(text: str) -> str:
    """PRETTY_NAME from an os-release file, unquoted."""
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "PRETTY_NAME":
            return value.strip().strip("'\"")
    return ""


def host_info(host_root: str | Path, node_name: str, cpu_count: int | None) -> HostInfo:
    root = Path(host_root)
    os_release = ""
    for candidate in (root / "etc" / "os-release", root / "usr" / "lib" / "os-release"):
        try:
            os_release = os_pretty_name(candidate.read_text())
        except OSError:
            continue
        if os_release:
            break
    uname = platform.uname()
    return HostInfo(
        hostname=socket.gethostname(),
        machine_id=_first_line(root / "etc" / "machine-id", root / "var/lib/dbus/machine-id"),
        node_name=node_name,
        os=os_release or f"{uname.system}",
        kernel=uname.release,
        arch=uname.machine,
        cpu_count=cpu_count,
        collector_version=__version__,
    )
