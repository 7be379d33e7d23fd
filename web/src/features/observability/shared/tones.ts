/** Colours of the statuses the Master computed (health, SLO status, severity); no thresholds here. */
import type { Tone } from "../../../ui/StatusBadge";
import type { Health, SloStatus } from "./types";

export const HEALTH_TONE: Record<Health, Tone> = { ok: "good", warning: "warn", critical: "bad" };
export const SLO_TONE: Record<SloStatus, Tone> = { ok: "good", warning: "warn", breached: "bad", nodata: "neutral" };

/** Chart colours of the same tones (ECharts cannot read Tailwind classes). */
export const TONE_COLOUR: Record<Tone, string> = { good: "#059669", warn: "#d97706", bad: "#dc2626", neutral: "#64748b" };

export function healthColour(health: string): string {
  return TONE_COLOUR[HEALTH_TONE[health as Health] ?? "neutral"];
}

/** Log severities from the most to the least severe; unknown texts are treated as INFO. */
const SEVERITY_CLASSES: Record<string, string> = {
  FATAL: "bg-red-700 text-white",
  ERROR: "bg-red-100 text-red-800 dark:bg-red-500/20 dark:text-red-300",
  WARN: "bg-amber-100 text-amber-800 dark:bg-amber-500/20 dark:text-amber-300",
  INFO: "bg-sky-100 text-sky-800 dark:bg-sky-500/20 dark:text-sky-300",
  DEBUG: "bg-slate-100 text-slate-700 dark:bg-slate-500/20 dark:text-slate-300",
  TRACE: "bg-slate-50 text-slate-500 dark:bg-slate-500/10 dark:text-slate-400",
};

/** The stripe at a log row's left edge. */
const SEVERITY_STRIPES: Record<string, string> = {
  FATAL: "border-l-red-700",
  ERROR: "border-l-red-500",
  WARN: "border-l-amber-500",
  INFO: "border-l-sky-500",
  DEBUG: "border-l-slate-400",
  TRACE: "border-l-slate-300",
};

export function severityKey(severity: string): string {
  const upper = severity.toUpperCase();
  if (upper.startsWith("WARN")) return "WARN";
  if (upper.startsWith("ERR")) return "ERROR";
  if (upper.startsWith("FATAL") || upper.startsWith("CRIT")) return "FATAL";
  return upper in SEVERITY_CLASSES ? upper : "INFO";
}

export function severityClasses(severity: string): string {
  return SEVERITY_CLASSES[severityKey(severity)] ?? "";
}

export function severityStripe(severity: string): string {
  return SEVERITY_STRIPES[severityKey(severity)] ?? "";
}

/** Distinct colours for services in a trace, in the order the trace lists them. */
export const SERVICE_PALETTE = ["#0d9488", "#6366f1", "#d97706", "#db2777", "#0284c7", "#65a30d", "#9333ea", "#ea580c", "#0891b2", "#be123c"];

/** Line colours of a chart panel with several series. */
export const LINE_PALETTE = ["#0d9488", "#6366f1", "#d97706", "#db2777", "#0284c7", "#65a30d", "#9333ea", "#64748b", "#ea580c", "#0891b2"];
