import { describe, expect, it } from "vitest";
import { appendNew, epochMs, findMatches, freshBuffer, lineText } from "./logLines";

describe("log lines", () => {
  it("splits the kubelet's timestamp from the text", () => {
    const buffer = freshBuffer(["2025-06-01T12:00:00.5Z hello world", "no stamp here"], false);
    expect(buffer.lines).toEqual([
      { id: 0, time: "2025-06-01T12:00:00.5Z", text: "hello world" },
      { id: 1, time: "", text: "no stamp here" },
    ]);
    expect(lineText(buffer.lines[0]!, true)).toBe("2025-06-01T12:00:00.5Z hello world");
    expect(lineText(buffer.lines[0]!, false)).toBe("hello world");
  });

  it("appends only what a later, overlapping fetch has that is new", () => {
    const buffer = freshBuffer(
      ["2025-06-01T12:00:01.000000000Z a", "2025-06-01T12:00:02.000000000Z b", "2025-06-01T12:00:02.000000000Z c"],
      false,
    );
    const next = appendNew(
      buffer,
      [
        "2025-06-01T12:00:01.000000000Z a",
        "2025-06-01T12:00:02.000000000Z b",
        "2025-06-01T12:00:02.000000000Z c",
        "2025-06-01T12:00:02.000000000Z d",
        "2025-06-01T12:00:03.5Z e",
      ],
      false,
    );
    expect(next.lines.map((line) => line.text)).toEqual(["a", "b", "c", "d", "e"]);
    expect(next.lines.map((line) => line.id)).toEqual([0, 1, 2, 3, 4]);
    expect(appendNew(next, ["2025-06-01T12:00:03.500000000Z e"], false)).toBe(next);
  });

  it("orders timestamps whose fractions have different lengths", () => {
    const buffer = freshBuffer(["2025-06-01T12:00:05.51Z x"], false);
    expect(appendNew(buffer, ["2025-06-01T12:00:05.5Z older"], false).lines).toHaveLength(1);
    expect(epochMs("2025-06-01T12:00:05.51Z")).toBe(Date.parse("2025-06-01T12:00:05.510Z"));
    expect(epochMs("2025-06-01T12:00:05Z")).toBe(Date.parse("2025-06-01T12:00:05Z"));
  });

  it("finds every case-insensitive match in reading order", () => {
    const { lines } = freshBuffer(["GET / 200", "nothing", "get /api get"], false);
    expect(findMatches(lines, "get")).toEqual([
      { line: 0, start: 0, end: 3 },
      { line: 2, start: 0, end: 3 },
      { line: 2, start: 9, end: 12 },
    ]);
    expect(findMatches(lines, "")).toEqual([]);
  });
});
