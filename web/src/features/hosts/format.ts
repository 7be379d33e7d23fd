import { formatBytes } from "../../lib/format";

/** Display forms of host values; a value the host did not measure shows as a dash. */
const DASH = "—";

type Value = number | null | undefined;

export function percent(value: Value): string {
  return value === null || value === undefined ? DASH : `${value.toFixed(1)}%`;
}

export function bytes(value: Value): string {
  return value === null || value === undefined ? DASH : formatBytes(Math.round(value));
}

export function byteRate(value: Value): string {
  return value === null || value === undefined ? DASH : `${formatBytes(Math.round(value))}/s`;
}

/** Events per second (packets, segments, page faults…). */
export function perSecond(value: Value): string {
  if (value === null || value === undefined) return DASH;
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)}/s`;
}

export function decimal(value: Value, digits = 2): string {
  return value === null || value === undefined ? DASH : value.toFixed(digits);
}

export function count(value: Value): string {
  return value === null || value === undefined ? DASH : String(value);
}
