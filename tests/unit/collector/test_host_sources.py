"""Temperature sensors, whole disks, NTP state, host identity and TCP states over netlink."""

from __future__ import annotations

import socket
from pathlib import Path

from atlhyper.collector.hostinfo import host_info, os_pretty_name
from atlhyper.collector.ntp import adjtimex_reader, ntp_from_timex
from atlhyper.collector.sockdiag import tcp_state_counts
from atlhyper.collector.sysfs import Thermometers, whole_disks
from atlhyper.model.hosts import Ntp, TcpStates


def _hwmon(sys_root: Path) -> None:
    chip = sys_root / "class" / "hwmon" / "hwmon0"
    chip.mkdir(parents=True)
    (chip / "name").write_text("coretemp\n")
    (chip / "temp1_input").write_text("45000\n")
    (chip / "temp1_label").write_text("Package id 0\n")
    (chip / "temp1_max").write_text("80000\n")
    (chip / "temp1_crit").write_text("100000\n")
    (chip / "temp2_input").write_text("47500\n")
    (chip / "temp3_input").mkdir()  # reading fails, as EIO does on some chips


def test_hwmon_sensors_with_labels_and_thresholds(tmp_path: Path) -> None:
    _hwmon(tmp_path)
    readings = Thermometers(tmp_path).read()
    assert [(t.sensor, t.label, t.celsius) for t in readings] == [
        ("coretemp", "Package id 0", 45.0),
        ("coretemp", "temp2", 47.5),
    ]
    assert readings[0].high_celsius == 80.0 and readings[0].critical_celsius == 100.0
    assert readings[1].high_celsius is None


def test_thermal_zones_when_there_is_no_hwmon(tmp_path: Path) -> None:
    zone = tmp_path / "class" / "thermal" / "thermal_zone0"
    zone.mkdir(parents=True)
    (zone / "type").write_text("x86_pkg_temp\n")
    (zone / "temp").write_text("38000\n")
    readings = Thermometers(tmp_path).read()
    assert [(t.sensor, t.label, t.celsius) for t in readings] == [
        ("x86_pkg_temp", "thermal_zone0", 38.0)
    ]


def test_no_sensors_at_all(tmp_path: Path) -> None:
    assert Thermometers(tmp_path).read() == []


def test_whole_disks_from_sys_block(tmp_path: Path) -> None:
    (tmp_path / "block" / "sda").mkdir(parents=True)
    (tmp_path / "block" / "nvme0n1").mkdir()
    assert whole_disks(tmp_path) == {"sda", "nvme0n1"}
    assert whole_disks(tmp_path / "missing") is None


def test_ntp_state_from_adjtimex_values() -> None:
    synced = ntp_from_timex(0, 0x0001, offset=-1500, maxerror=20_000, esterror=300)
    assert synced == Ntp(
        synced=True, offset_seconds=-0.0015, max_error_seconds=0.02, est_error_seconds=0.0003
    )
    nano = ntp_from_timex(0, 0x2000, offset=2_000_000, maxerror=0, esterror=0)
    assert nano.offset_seconds == 0.002
    assert ntp_from_timex(0, 0x0040, 0, 16_000_000, 16_000_000).synced is False  # STA_UNSYNC
    assert ntp_from_timex(5, 0, 0, 0, 0).synced is False  # TIME_ERROR


def test_adjtimex_reads_on_this_machine_or_says_unavailable() -> None:
    result = adjtimex_reader()()
    assert result is None or result.max_error_seconds >= 0


def test_host_identity_from_the_host_root(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "machine-id").write_text("3d1219c7c4c5404aaa1f6d2a48adfda4\n")
    (tmp_path / "etc" / "os-release").write_text(
        'NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'
    )
    info = host_info(tmp_path, "node-1", 4)
    assert info.machine_id == "3d1219c7c4c5404aaa1f6d2a48adfda4"
    assert info.os == "Debian GNU/Linux 12 (bookworm)"
    assert info.node_name == "node-1"
    assert info.cpu_count == 4
    assert info.hostname == socket.gethostname()
    assert info.kernel and info.collector_version


def test_os_release_quotes() -> None:
    assert os_pretty_name("PRETTY_NAME='Alpine Linux v3.20'\n") == "Alpine Linux v3.20"
    assert os_pretty_name("NAME=x\n") == ""


def test_tcp_states_over_netlink_see_our_own_listener() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        counts = tcp_state_counts()
    assert counts is not None
    assert counts["listen"] >= 1
    assert set(counts) <= set(TcpStates.__struct_fields__)
