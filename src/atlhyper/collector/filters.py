"""Which interfaces, filesystems and block devices describe the machine itself.

Kubernetes nodes carry dozens of virtual interfaces and hundreds of mounts (one veth and several
volume mounts per pod). Counting them would double every byte that crosses a bridge and fill the
filesystem list with overlays; a hung network mount would even block the sampling loop in
statvfs. So only physical interfaces, local disk filesystems and whole disks are reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

#: Interface name prefixes of virtual devices: container plumbing, CNI plugins, tunnels, VPNs.
VIRTUAL_INTERFACE_PREFIXES: tuple[str, ...] = (
    "veth",
    "docker",
    "br-",
    "cni",
    "flannel",
    "cali",
    "vxlan",
    "tun",
    "tap",
    "virbr",
    "vnet",
    "kube-",
    "cilium",
    "lxc",
    "weave",
    "datapath",
    "antrea",
    "ovs-",
    "genev",
    "gre",
    "erspan",
    "ip6",
    "ip_vti",
    "sit",
    "nodelocaldns",
    "ifb",
    "dummy",
    "nlmon",
    "wg",
    "tailscale",
    "zt",
    "podman",
    "cbr",
)


def is_virtual_interface(name: str) -> bool:
    return name == "lo" or name.startswith(VIRTUAL_INTERFACE_PREFIXES)


#: Filesystem types that are not storage: kernel interfaces, memory, images, container layers.
PSEUDO_FSTYPES = frozenset(
    {
        "autofs",
        "binfmt_misc",
        "bpf",
        "cgroup",
        "cgroup2",
        "configfs",
        "debugfs",
        "devpts",
        "devtmpfs",
        "efivarfs",
        "fusectl",
        "hugetlbfs",
        "iso9660",
        "mqueue",
        "nsfs",
        "overlay",
        "proc",
        "pstore",
        "ramfs",
        "rpc_pipefs",
        "securityfs",
        "selinuxfs",
        "squashfs",
        "sysfs",
        "tmpfs",
        "tracefs",
        "nfsd",
        "aufs",
        "shm",
    }
)

#: Network filesystems: statvfs on an unreachable server blocks, and the storage is not the host's.
NETWORK_FSTYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "glusterfs", "9p", "lustre", "afs"}
)

#: Mount points below which mounts belong to containers, pods or the kernel, not to the host.
SKIPPED_MOUNT_ROOTS: tuple[str, ...] = (
    "/proc",
    "/sys",
    "/dev",
    "/run/credentials",
    "/run/containerd",
    "/run/k3s",
    "/run/netns",
    "/var/lib/kubelet/pods",
    "/var/lib/kubelet/plugins",
    "/var/lib/docker",
    "/var/lib/containers",
    "/var/lib/containerd",
    "/snap",
)


class Mount(NamedTuple):
    device: str
    mountpoint: str
    fstype: str


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root + "/")


def is_real_filesystem(mount: Mount) -> bool:
    fstype = mount.fstype
    if fstype in PSEUDO_FSTYPES or fstype in NETWORK_FSTYPES:
        return False
    if fstype.startswith("fuse") and fstype != "fuseblk":
        return False  # lxcfs, sshfs, rclone, gvfs: views of something else, and may hang
    return not any(_under(mount.mountpoint, root) for root in SKIPPED_MOUNT_ROOTS)


def real_filesystems(mounts: Iterable[Mount]) -> list[Mount]:
    """Real filesystems, one per device: bind mounts repeat a device, the shortest path wins."""
    chosen: dict[str, Mount] = {}
    for mount in mounts:
        if not is_real_filesystem(mount):
            continue
        held = chosen.get(mount.device)
        if held is None or len(mount.mountpoint) < len(held.mountpoint):
            chosen[mount.device] = mount
    return sorted(chosen.values(), key=lambda m: m.mountpoint)


#: Block devices that are not disks: loop images, RAM disks, compressed RAM swap, floppies, CD-ROMs.
_NOT_DISKS = re.compile(r"^(loop|ram|zram|fd|sr)\d*$")
#: Partitions, for when /sys/block cannot be read.
_PARTITION = re.compile(r"^((sd|vd|xvd|hd)[a-z]+\d+|(nvme\d+n\d+|mmcblk\d+)p\d+)$")


def is_disk(name: str, whole_disks: set[str] | None) -> bool:
    """A whole disk: listed in /sys/block (or, without it, not named like a partition)."""
    if _NOT_DISKS.match(name):
        return False
    if whole_disks is not None:
        return name in whole_disks
    return not _PARTITION.match(name)


def counts_in_total(name: str) -> bool:
    """Device-mapper and software RAID devices sit on other disks; totals skip them."""
    return not name.startswith(("dm-", "md"))
