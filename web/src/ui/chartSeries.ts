import type { TimeSeries } from "./TimeSeriesChart";

/** One chart line, or none when it has no points (so the legend does not list it). */
export function seriesIfAny(name: string, points: [number, number][], color: string, extra: Partial<TimeSeries> = {}): TimeSeries[] {
  return points.length ? [{ name, points, color, ...extra }] : [];
}
