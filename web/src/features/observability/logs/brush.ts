/**
 * A histogram selection as the window to zoom to: from the start of the first bucket to the end
 * of the last one (bucket times are the Agent's, in epoch seconds).
 */
import type { HistogramBucket } from "../shared/types";

export function bucketWindow(buckets: readonly HistogramBucket[], stepSeconds: number, first: number, last: number): { start: string; end: string } | null {
  const from = buckets[Math.max(0, Math.min(first, last))];
  const to = buckets[Math.min(buckets.length - 1, Math.max(first, last))];
  if (!from || !to || !(stepSeconds > 0)) return null;
  return {
    start: new Date(from.time * 1000).toISOString(),
    end: new Date((to.time + stepSeconds) * 1000).toISOString(),
  };
}

/** The label under a bucket: its local time, with the date when the range spans days. */
export function bucketLabel(time: number, stepSeconds: number, language: string): string {
  const date = new Date(time * 1000);
  if (stepSeconds >= 3600 * 6) return date.toLocaleDateString(language, { month: "short", day: "numeric" });
  if (stepSeconds >= 3600) return date.toLocaleString(language, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false });
  return date.toLocaleTimeString(language, { hour: "2-digit", minute: "2-digit", second: stepSeconds < 60 ? "2-digit" : undefined, hour12: false });
}
