/**
 * Log lines as `get_logs` returns them with `timestamps: true` ("<RFC3339Nano> <text>"), and the
 * bookkeeping a follow needs: which lines of a later fetch are new.
 */

export interface LogLine {
  /** Stable across appends, for React keys. */
  id: number;
  /** The kubelet's timestamp, "" when the line had none. */
  time: string;
  text: string;
}

export interface LogBuffer {
  lines: LogLine[];
  truncated: boolean;
  nextId: number;
}

export interface Match {
  line: number;
  start: number;
  end: number;
}

/** Lines kept while following; older ones are dropped from the top. */
export const MAX_LINES = 20_000;

const STAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) (.*)$/s;

function parse(raw: string): { time: string; text: string } {
  const match = STAMPED.exec(raw);
  return match ? { time: match[1] ?? "", text: match[2] ?? "" } : { time: "", text: raw };
}

/** A key that sorts like the time: RFC3339Nano drops trailing zeros of the fraction. */
function sortKey(time: string): string {
  const [seconds = "", fraction = ""] = time.replace("Z", "").split(".");
  return `${seconds}.${fraction.padEnd(9, "0")}`;
}

/** Milliseconds since the epoch of a line's timestamp, NaN when it had none. */
export function epochMs(time: string): number {
  if (!time) return Number.NaN;
  const millis = (/\.(\d{1,3})/.exec(time)?.[1] ?? "").padEnd(3, "0");
  return Date.parse(`${time.slice(0, 19)}Z`) + Number(millis);
}

export function freshBuffer(raw: string[], truncated: boolean): LogBuffer {
  const lines = raw.slice(-MAX_LINES).map((line, id) => ({ id, ...parse(line) }));
  return { lines, truncated, nextId: lines.length };
}

/**
 * `buffer` plus the lines of `raw` that are newer than its last line. `raw` is a later fetch that
 * overlaps the buffer's end (it asked from a little before the last timestamp); lines stamped
 * with the last line's own time count as new only if the buffer does not already end with them.
 */
export function appendNew(buffer: LogBuffer, raw: string[], truncated: boolean): LogBuffer {
  const last = buffer.lines.at(-1);
  if (!last?.time) return freshBuffer(raw, truncated);
  const lastKey = sortKey(last.time);
  const sameTime = buffer.lines.filter((line) => line.time === last.time).map((line) => line.text);
  const fresh: LogLine[] = [];
  let nextId = buffer.nextId;
  for (const line of raw.map(parse)) {
    const key = sortKey(line.time);
    if (!line.time || key < lastKey) continue;
    if (key === lastKey) {
      const seen = sameTime.indexOf(line.text);
      if (seen >= 0) {
        sameTime.splice(seen, 1);
        continue;
      }
    }
    fresh.push({ id: nextId++, ...line });
  }
  if (fresh.length === 0) return buffer.truncated === truncated ? buffer : { ...buffer, truncated };
  return { lines: [...buffer.lines, ...fresh].slice(-MAX_LINES), truncated: buffer.truncated || truncated, nextId };
}

/** Every case-insensitive occurrence of `needle`, in reading order. */
export function findMatches(lines: LogLine[], needle: string): Match[] {
  if (!needle) return [];
  const wanted = needle.toLowerCase();
  const matches: Match[] = [];
  lines.forEach((line, index) => {
    const haystack = line.text.toLowerCase();
    for (let at = haystack.indexOf(wanted); at >= 0; at = haystack.indexOf(wanted, at + wanted.length)) {
      matches.push({ line: index, start: at, end: at + wanted.length });
    }
  });
  return matches;
}

/** The text a reader sees (and downloads), with or without the timestamps. */
export function lineText(line: LogLine, timestamps: boolean): string {
  return timestamps && line.time ? `${line.time} ${line.text}` : line.text;
}
