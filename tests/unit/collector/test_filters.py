"""Only physical interfaces, real local filesystems (one per device) and whole disks count."""

from __future__ import annotations

import pytest

from atlhyper.collector.filters import (
    Mount,
    counts_in_total,
    is_disk,
    is_virtual_interface,
    real_filesystems,
)


@pytest.mark.parametrize(
    "name",
    [
        "lo",
        "veth1a2b3c",
        "docker0",
        "br-5f2c1e",
        "cni0",
        "flannel.1",
        "cali12ab34",
        "vxlan.calico",
        "tunl0",
        "tun0",
        "virbr0",
        "kube-ipvs0",
        "cilium_host",
        "lxc12ab",
        "weave",
        "ifb0",
        "nodelocaldns",
        "wg0",
        "genev_sys_6081",
    ],
)
def test_virtual_interfaces_are_filtered(name: str) -> None:
    assert is_virtual_interface(name)


@pytest.mark.parametrize("name", ["eth0", "ens3", "enp0s31f6", "eno1", "bond0", "wlan0", "br0"])
def test_physical_interfaces_are_kept(name: str) -> None:
    assert not is_virtual_interface(name)


MOUNTS = [
    Mount("/dev/sda1", "/", "ext4"),
    Mount("/dev/sda2", "/boot/efi", "vfat"),
    Mount("/dev/sdb1", "/data", "xfs"),
    Mount("/dev/sdb1", "/data/bind/again", "xfs"),  # bind mount of the same device
    Mount("/dev/sdb1", "/var/lib/kubelet/pods/uid/volumes/x", "xfs"),
    Mount("tmpfs", "/run", "tmpfs"),
    Mount("overlay", "/var/lib/containerd/io.containerd/rootfs", "overlay"),
    Mount("proc", "/proc", "proc"),
    Mount("sysfs", "/sys", "sysfs"),
    Mount("cgroup2", "/sys/fs/cgroup", "cgroup2"),
    Mount("/dev/loop0", "/snap/core/123", "squashfs"),
    Mount("nsfs", "/run/netns/cni-1", "nsfs"),
    Mount("server:/export", "/mnt/nfs", "nfs4"),
    Mount("lxcfs", "/var/lib/lxcfs", "fuse.lxcfs"),
    Mount("/dev/sdc1", "/mnt/usb", "fuseblk"),
    Mount("/dev/nvme0n1p1", "/devdata", "ext4"),  # not under /dev
    Mount("/dev/nvme0n1p2", "/dev/shm2", "ext4"),  # under /dev
]


def test_real_filesystems_skip_pseudo_network_and_container_mounts_and_dedupe() -> None:
    kept = real_filesystems(MOUNTS)
    assert [(m.device, m.mountpoint) for m in kept] == [
        ("/dev/sda1", "/"),
        ("/dev/sda2", "/boot/efi"),
        ("/dev/sdb1", "/data"),
        ("/dev/nvme0n1p1", "/devdata"),
        ("/dev/sdc1", "/mnt/usb"),
    ]


def test_dedupe_keeps_the_shortest_mount_point_whatever_the_order() -> None:
    mounts = [Mount("/dev/sdb1", "/srv/long/path", "ext4"), Mount("/dev/sdb1", "/srv", "ext4")]
    assert [m.mountpoint for m in real_filesystems(mounts)] == ["/srv"]


def test_disks_are_whole_devices_from_sys_block() -> None:
    block = {"sda", "nvme0n1", "loop0", "zram0", "dm-0", "md0"}
    assert is_disk("sda", block)
    assert is_disk("nvme0n1", block)
    assert not is_disk("sda1", block)
    assert not is_disk("nvme0n1p1", block)
    assert not is_disk("loop0", block)
    assert not is_disk("zram0", block)
    assert not is_disk("ram0", block)


def test_without_sys_block_partitions_are_recognised_by_name() -> None:
    assert is_disk("vda", None)
    assert is_disk("nvme1n1", None)
    assert not is_disk("vda2", None)
    assert not is_disk("nvme1n1p3", None)
    assert not is_disk("mmcblk0p1", None)
    assert not is_disk("loop3", None)


def test_stacked_devices_stay_out_of_totals() -> None:
    assert counts_in_total("sda")
    assert not counts_in_total("dm-0")
    assert not counts_in_total("md127")
