import { describe, expect, it } from "vitest";
import { bucketWindow } from "./brush";
import { highlight, parseQuery } from "./highlight";

const marked = (text: string, q: string) =>
  highlight(text, parseQuery(q))
    .filter((s) => s.match)
    .map((s) => s.text);

describe("log search highlighting", () => {
  it("splits a query into tokens and quoted phrases, lower-cased", () => {
    expect(parseQuery('Timeout "card Declined" user-42')).toEqual({ tokens: ["timeout", "card", "declined", "user", "42"], phrases: ["card declined"] });
    expect(parseQuery('  ""  ')).toEqual({ tokens: [], phrases: [] });
    // Text without a word is looked for as it is.
    expect(parseQuery("%")).toEqual({ tokens: [], phrases: ["%"] });
  });

  it("marks words as whole tokens in any case, as hasToken matches them", () => {
    expect(marked("Payment TIMEOUT after timeouts", "timeout")).toEqual(["TIMEOUT"]);
    expect(marked("user-42 failed; user 420 ok", "user-42")).toEqual(["user", "42", "user"]);
  });

  it("marks a quoted phrase anywhere, and merges overlapping marks", () => {
    expect(marked("charge failed: Card declined by bank", '"card declined"')).toEqual(["Card declined"]);
    expect(marked("declined; card expired", '"card declined"')).toEqual(["declined", "card"]);
    expect(marked("card declined", 'card "card declined"')).toEqual(["card declined"]);
  });

  it("keeps the whole text, in order, around the marks", () => {
    const segments = highlight("a timeout b", parseQuery("timeout"));
    expect(segments).toEqual([
      { text: "a ", match: false },
      { text: "timeout", match: true },
      { text: " b", match: false },
    ]);
    expect(highlight("nothing here", parseQuery(""))).toEqual([{ text: "nothing here", match: false }]);
  });

  it("treats regular-expression characters as text", () => {
    expect(marked("cost (EUR) is $5.00", '"(eur)" "$5.00"')).toEqual(["(EUR)", "$5.00"]);
  });
});

describe("histogram brush", () => {
  const buckets = [
    { time: 1_000, count: 1, errors: 0 },
    { time: 1_060, count: 2, errors: 1 },
    { time: 1_120, count: 3, errors: 0 },
  ];

  it("zooms from the start of the first selected bucket to the end of the last", () => {
    expect(bucketWindow(buckets, 60, 1, 2)).toEqual({ start: new Date(1_060_000).toISOString(), end: new Date(1_180_000).toISOString() });
    // Dragged right to left, or a single bar clicked.
    expect(bucketWindow(buckets, 60, 2, 0)).toEqual({ start: new Date(1_000_000).toISOString(), end: new Date(1_180_000).toISOString() });
    expect(bucketWindow(buckets, 60, 0, 0)).toEqual({ start: new Date(1_000_000).toISOString(), end: new Date(1_060_000).toISOString() });
  });

  it("ignores a selection outside the buckets or without a step", () => {
    expect(bucketWindow([], 60, 0, 1)).toBeNull();
    expect(bucketWindow(buckets, 0, 0, 1)).toBeNull();
    expect(bucketWindow(buckets, 60, 1, 9)).toEqual({ start: new Date(1_060_000).toISOString(), end: new Date(1_180_000).toISOString() });
  });
});
