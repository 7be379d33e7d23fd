import { describe, expect, it } from "vitest";
import { trace } from "../fixtures";
import { SERVICE_PALETTE } from "../shared/tones";
import { MIN_BAR_PCT, serviceColours, timeTicks, visibleRows, waterfallLayout } from "./waterfall";

describe("waterfallLayout", () => {
  const { spans, durationMs, services } = trace();
  const rows = waterfallLayout(spans, durationMs, serviceColours(services, spans));

  it("places each bar at its offset and sizes it by its duration, as percentages of the trace", () => {
    expect(rows.map((r) => [r.span.spanId, r.leftPct, r.widthPct])).toEqual([
      ["a1", 0, 100],
      ["b2", 5, 75],
      ["c3", 10, 50],
      // 0.01 ms of 200 ms would be invisible: it is drawn MIN_BAR_PCT wide, still inside the trace.
      ["d4", 90, MIN_BAR_PCT],
    ]);
  });

  it("keeps the depth for indenting, knows which spans have children, and colours by service", () => {
    expect(rows.map((r) => r.depth)).toEqual([0, 1, 2, 1]);
    expect(rows.map((r) => r.hasChildren)).toEqual([true, true, false, false]);
    expect(rows.map((r) => r.colour)).toEqual([SERVICE_PALETTE[0], SERVICE_PALETTE[0], SERVICE_PALETTE[1], SERVICE_PALETTE[0]]);
  });

  it("never lets a bar run past the end of the trace", () => {
    const late = waterfallLayout([{ ...spans[0]!, offsetMs: 199.99, durationMs: 0 }], 200, new Map());
    expect(late[0]!.leftPct + late[0]!.widthPct).toBeLessThanOrEqual(100);
    expect(late[0]!.widthPct).toBe(MIN_BAR_PCT);
  });

  it("hides the descendants of a collapsed span, and only those", () => {
    expect(visibleRows(rows, new Set(["b2"])).map((r) => r.span.spanId)).toEqual(["a1", "b2", "d4"]);
    expect(visibleRows(rows, new Set(["a1"])).map((r) => r.span.spanId)).toEqual(["a1"]);
    // Collapsing a leaf changes nothing.
    expect(visibleRows(rows, new Set(["c3"])).map((r) => r.span.spanId)).toEqual(["a1", "b2", "c3", "d4"]);
  });

  it("marks the timeline in equal steps", () => {
    expect(timeTicks(200)).toEqual([
      { pct: 0, ms: 0 },
      { pct: 25, ms: 50 },
      { pct: 50, ms: 100 },
      { pct: 75, ms: 150 },
      { pct: 100, ms: 200 },
    ]);
  });
});
