/** A coloured badge for the status string the Master computed; the colour is the only logic here. */

export type Tone = "good" | "warn" | "bad" | "neutral";

// Pod and node statuses, cluster states, command and audit results.
const GOOD = new Set(["Running", "Ready", "online", "success", "complete", "Complete", "Active", "Bound", "Available", "True"]);
const NEUTRAL = new Set(["Succeeded", "Completed", "cancelled", "Normal", "Released"]);
const WARN = new Set([
  "Pending",
  "ContainerCreating",
  "PodInitializing",
  "Terminating",
  "Unknown",
  "SchedulingDisabled",
  "Ready,SchedulingDisabled",
  "pending",
  "delivered",
  "submitted",
  "progressing",
  "Suspended",
  "Warning",
]);

export function statusTone(status: string): Tone {
  if (GOOD.has(status)) return "good";
  if (NEUTRAL.has(status)) return "neutral";
  if (WARN.has(status) || status.startsWith("Init:")) return "warn";
  return "bad";
}

const TONE_CLASSES: Record<Tone, string> = {
  good: "bg-emerald-100 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/15 dark:text-emerald-300",
  warn: "bg-amber-100 text-amber-800 ring-amber-600/20 dark:bg-amber-500/15 dark:text-amber-300",
  bad: "bg-red-100 text-red-800 ring-red-600/20 dark:bg-red-500/15 dark:text-red-300",
  neutral: "bg-slate-100 text-slate-700 ring-slate-500/20 dark:bg-slate-500/15 dark:text-slate-300",
};

/** `tone` overrides the colour the status string would get (for texts such as "2/3 ready"). */
export function StatusBadge({ status, tone: override }: { status: string; tone?: Tone }) {
  const tone = override ?? statusTone(status);
  return (
    <span
      data-testid="status-badge"
      data-tone={tone}
      className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONE_CLASSES[tone]}`}
    >
      {status}
    </span>
  );
}
