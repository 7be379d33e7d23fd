import { describe, expect, it } from "vitest";
import { nodeMetrics } from "../fixtures";
import { panelsOf } from "./panels";

describe("node metric panels", () => {
  const panels = panelsOf(nodeMetrics().series);

  it("groups lines by metric group in the page's order, one panel per unit", () => {
    expect(panels.map((p) => [p.id, p.series.map((s) => s.name)])).toEqual([
      ["cpu", ["user", "system"]],
      ["memory", ["used"]],
      ["network-bytesPerSecond", ["eth0 rx"]],
      ["network-perSecond", ["eth0 rx packets"]],
      ["temperature", ["coretemp"]],
    ]);
  });

  it("turns epoch seconds into chart milliseconds and formats by unit", () => {
    expect(panels[0]!.series[0]!.points[1]).toEqual([1748772060_000, 11]);
    expect(panels.map((p) => p.format(2048))).toEqual(["2048.0%", "2.0 KiB", "2.0 KiB/s", "2048/s", "2048.0 °C"]);
  });
});
