"""What the collector reads from /sys: temperature sensors and the list of whole disks.

Read directly rather than through psutil so that the host's /sys can be mounted elsewhere
(/host/sys in the DaemonSet), and so that the sensor files are found once instead of on every
sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from atlhyper.model.hosts import Temperature


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def _millidegrees(path: Path | None) -> float | None:
    if path is None:
        return None
    text = _read(path)
    try:
        return int(text) / 1000 if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class _Sensor:
    sensor: str
    label: str
    input: Path
    high: float | None
    critical: float | None


class Thermometers:
    """The machine's temperature inputs: hwmon sensors, else thermal zones (ARM boards, laptops).

    Sensors are discovered when created; a sensor that fails to read (EIO and ENODATA are common)
    is left out of that sample only.
    """

    def __init__(self, sys_root: str | Path) -> None:
        root = Path(sys_root)
        self.sensors = self._hwmon(root / "class" / "hwmon") or self._thermal_zones(
            root / "class" / "thermal"
        )

    @staticmethod
    def _hwmon(directory: Path) -> list[_Sensor]:
        found: list[_Sensor] = []
        try:
            chips = sorted(directory.iterdir())
        except OSError:
            return found
        for chip in chips:
            name = _read(chip / "name") or chip.name
            try:
                inputs = sorted(chip.glob("temp*_input"))
            except OSError:
                continue
            for path in inputs:
                stem = path.name.removesuffix("_input")
                found.append(
                    _Sensor(
                        sensor=name,
                        label=_read(chip / f"{stem}_label") or stem,
                        input=path,
                        high=_millidegrees(chip / f"{stem}_max"),
                        critical=_millidegrees(chip / f"{stem}_crit"),
                    )
                )
        return found

    @staticmethod
    def _thermal_zones(directory: Path) -> list[_Sensor]:
        try:
            zones = sorted(directory.glob("thermal_zone*"))
        except OSError:
            return []
        return [
            _Sensor(
                sensor=_read(zone / "type") or zone.name,
                label=zone.name,
                input=zone / "temp",
                high=None,
                critical=None,
            )
            for zone in zones
        ]

    def read(self) -> list[Temperature]:
        readings: list[Temperature] = []
        for sensor in self.sensors:
            celsius = _millidegrees(sensor.input)
            if celsius is None:
                continue
            readings.append(
                Temperature(
                    sensor=sensor.sensor,
                    label=sensor.label,
                    celsius=celsius,
                    high_celsius=sensor.high or None,
                    critical_celsius=sensor.critical or None,
                )
            )
        return readings


def whole_disks(sys_root: str | Path) -> set[str] | None:
    """Names in /sys/block (whole disks, no partitions); None when /sys cannot be read."""
    try:
        return {entry.name for entry in (Path(sys_root) / "block").iterdir()}
    except OSError:
        return None
