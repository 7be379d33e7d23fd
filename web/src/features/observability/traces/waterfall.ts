/**
 * Placing a trace's spans on a waterfall. The Agent sends each span's offset from the trace start,
 * its duration and its depth, depth-first with children by start; this only turns them into
 * percentages of the trace and hides the descendants of collapsed spans.
 */
import { SERVICE_PALETTE } from "../shared/tones";
import type { SpanRow } from "../shared/types";

/** A bar narrower than this (percent of the trace) would vanish; it is drawn this wide. */
export const MIN_BAR_PCT = 0.3;

export interface WaterfallRow {
  span: SpanRow;
  leftPct: number;
  widthPct: number;
  depth: number;
  colour: string;
  hasChildren: boolean;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** The colour of each service: its place in the trace's service list, then first appearance. */
export function serviceColours(services: readonly string[], spans: readonly SpanRow[]): Map<string, string> {
  const order = [...services];
  for (const span of spans) if (!order.includes(span.service)) order.push(span.service);
  return new Map(order.map((service, index) => [service, SERVICE_PALETTE[index % SERVICE_PALETTE.length] ?? "#64748b"]));
}

/** Each span's bar as percentages of the trace's duration (as the Agent measured it), at least MIN_BAR_PCT wide. */
export function waterfallLayout(spans: readonly SpanRow[], traceDurationMs: number, colours: ReadonlyMap<string, string>): WaterfallRow[] {
  return spans.map((span, index) => {
    const left = traceDurationMs > 0 ? clamp((span.offsetMs / traceDurationMs) * 100, 0, 100) : 0;
    const width = traceDurationMs > 0 ? (span.durationMs / traceDurationMs) * 100 : 100;
    const shown = clamp(Math.max(width, MIN_BAR_PCT), 0, 100);
    return {
      span,
      leftPct: Math.min(left, 100 - shown),
      widthPct: shown,
      depth: span.depth,
      colour: colours.get(span.service) ?? "#64748b",
      hasChildren: (spans[index + 1]?.depth ?? -1) > span.depth,
    };
  });
}

/** The rows left after hiding every descendant of the collapsed spans (rows are depth-first). */
export function visibleRows(rows: readonly WaterfallRow[], collapsed: ReadonlySet<string>): WaterfallRow[] {
  const shown: WaterfallRow[] = [];
  let hideBelow: number | null = null;
  for (const row of rows) {
    if (hideBelow !== null) {
      if (row.depth > hideBelow) continue;
      hideBelow = null;
    }
    shown.push(row);
    if (collapsed.has(row.span.spanId) && row.hasChildren) hideBelow = row.depth;
  }
  return shown;
}

/** Time marks across the timeline: `count` + 1 evenly spaced, in milliseconds from the start. */
export function timeTicks(durationMs: number, count = 4): { pct: number; ms: number }[] {
  return Array.from({ length: count + 1 }, (_, i) => ({ pct: (i / count) * 100, ms: (durationMs * i) / count }));
}
