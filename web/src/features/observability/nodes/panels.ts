/**
 * The Agent's node series grouped into chart panels: one a metric group, in the page's order
 * (a group whose lines have different units gets a panel per unit, so one axis fits each).
 */
import type { TimeSeries } from "../../../ui/TimeSeriesChart";
import { unitFormat } from "../shared/format";
import { LINE_PALETTE } from "../shared/tones";

export const PANEL_ORDER = ["cpu", "load", "memory", "disk", "filesystem", "network", "temperature", "psi", "tcp", "vmstat", "softnet", "ntp"];

export interface Panel {
  id: string;
  group: string;
  unit: string;
  /** The group has other panels (other units). */
  split: boolean;
  series: TimeSeries[];
  format: (value: number) => string;
}

/** A line as the client hands it over (the generated types see `[time, value]` as a number list). */
export interface Line {
  group: string;
  name: string;
  unit: string;
  points: readonly (readonly number[])[];
}

export function panelsOf(series: readonly Line[]): Panel[] {
  const byKey = new Map<string, Line[]>();
  for (const line of series) {
    const key = `${line.group}:${line.unit}`;
    byKey.set(key, [...(byKey.get(key) ?? []), line]);
  }
  const units = new Map<string, number>();
  for (const key of byKey.keys()) {
    const group = key.slice(0, key.lastIndexOf(":"));
    units.set(group, (units.get(group) ?? 0) + 1);
  }
  const rank = (group: string) => {
    const index = PANEL_ORDER.indexOf(group);
    return index < 0 ? PANEL_ORDER.length : index;
  };
  return [...byKey.entries()]
    .map(([key, lines]) => {
      const group = lines[0]?.group ?? key;
      const unit = lines[0]?.unit ?? "";
      return {
        id: (units.get(group) ?? 1) > 1 ? `${group}-${unit}` : group,
        split: (units.get(group) ?? 1) > 1,
        group,
        unit,
        format: unitFormat(unit),
        series: lines.map((line, index) => ({
          name: line.name,
          points: line.points.map(([time = 0, value = 0]) => [time * 1000, value] as [number, number]),
          color: LINE_PALETTE[index % LINE_PALETTE.length] ?? "#64748b",
        })),
      };
    })
    .sort((a, b) => rank(a.group) - rank(b.group) || a.group.localeCompare(b.group) || a.unit.localeCompare(b.unit));
}
