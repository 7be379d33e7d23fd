/**
 * Display forms of the observability values; a value that was not measured shows as a dash.
 * Bytes, byte rates and percentages are shown as on the host pages.
 */
import { byteRate, bytes, percent } from "../../hosts/format";

export { byteRate, bytes, percent };

export const DASH = "—";

type Value = number | null | undefined;

const missing = (value: Value): value is null | undefined => value === null || value === undefined || Number.isNaN(value);

/** Milliseconds as people read latencies: "0.42 ms", "12.3 ms", "1.25 s", "2m 5s". */
export function millis(value: Value): string {
  if (missing(value)) return DASH;
  if (value === 0) return "0 ms";
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  if (value < 1_000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1_000).toFixed(2)} s`;
  const seconds = Math.round(value / 1_000);
  return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

/** Seconds (NTP offsets, PSI totals) with a unit that keeps three significant digits. */
export function seconds(value: Value): string {
  if (missing(value)) return DASH;
  const abs = Math.abs(value);
  if (abs === 0) return "0 s";
  if (abs < 1e-3) return `${(value * 1e6).toFixed(1)} µs`;
  if (abs < 1) return `${(value * 1e3).toFixed(abs < 0.01 ? 3 : 1)} ms`;
  return `${value.toFixed(2)} s`;
}

/** Requests (or events) per second. */
export function rate(value: Value): string {
  if (missing(value)) return DASH;
  if (value === 0) return "0/s";
  if (value < 0.01) return `${value.toFixed(3)}/s`;
  if (value < 1) return `${value.toFixed(2)}/s`;
  if (value < 100) return `${value.toFixed(1)}/s`;
  return `${Math.round(value)}/s`;
}

/** A share between 0 and 1 as a percentage; small shares keep their digits (0.05%, 99.95%). */
export function share(value: Value, digits?: number): string {
  if (missing(value)) return DASH;
  const pct = value * 100;
  const places = digits ?? (pct !== 0 && Math.abs(pct) < 1 ? 2 : pct > 99 && pct < 100 ? 2 : 1);
  return `${pct.toFixed(places)}%`;
}

export function celsius(value: Value): string {
  return missing(value) ? DASH : `${value.toFixed(1)} °C`;
}

/** A plain number with at most two decimals and thousands separators. */
export function plain(value: Value): string {
  if (missing(value)) return DASH;
  return value.toLocaleString("en-US", { maximumFractionDigits: Math.abs(value) < 10 ? 2 : 0 });
}

/** A burn rate's factor (the budget is spent this many times as fast as the window allows): "2.00", "14". */
export function burnFactor(value: number): string {
  return value.toFixed(value >= 10 ? 0 : 2);
}

/** The formatter for a metric series' `unit` as the Agent names it. */
export function unitFormat(unit: string): (value: number) => string {
  switch (unit) {
    case "percent":
      return percent;
    case "bytes":
      return bytes;
    case "bytesPerSecond":
      return byteRate;
    case "perSecond":
      return rate;
    case "celsius":
      return celsius;
    case "seconds":
      return seconds;
    case "ratio":
      return (value) => share(value);
    default:
      return plain;
  }
}

/** A trace or span id shortened for a table cell (the full id is in the link and tooltip). */
export function shortId(id: string): string {
  return id.length > 16 ? id.slice(0, 16) : id;
}

/** A local date and time with seconds, in the reader's language. */
export function dateTime(iso: string, language: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toLocaleString(language, { dateStyle: "short", timeStyle: "medium" });
}

/** A local time with milliseconds, for log lines and span events. */
export function timeOfDay(iso: string, language: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Date(time).toLocaleTimeString(language, { hour: "2-digit", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3, hour12: false });
}
