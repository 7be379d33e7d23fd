import type { ReactNode } from "react";
import { CARD } from "../../ui/controls";

/** A titled panel of the overview. */
export function Card({ title, testId, children, action }: { title: string; testId: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section aria-label={title} data-testid={testId} className={CARD}>
      <div className="mb-3 flex items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

/** A count with its label and, under it, a line or two of detail. */
export function Stat({ label, value, detail, testId, tone = "plain" }: { label: string; value: ReactNode; detail?: ReactNode; testId: string; tone?: "plain" | "bad" }) {
  return (
    <div data-testid={testId} className={CARD}>
      <p className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{label}</p>
      <p data-testid={`${testId}-value`} className={`mt-1 text-2xl font-semibold ${tone === "bad" ? "text-red-700 dark:text-red-400" : ""}`}>
        {value}
      </p>
      {detail && <div className="mt-1 text-xs text-slate-500 dark:text-slate-400">{detail}</div>}
    </div>
  );
}

/** Words for an empty, loading or failed part of a panel. */
export function Note({ children, testId, alert = false }: { children: ReactNode; testId?: string; alert?: boolean }) {
  return (
    <p role={alert ? "alert" : undefined} data-testid={testId} className={`text-sm ${alert ? "text-red-700 dark:text-red-300" : "text-slate-500 dark:text-slate-400"}`}>
      {children}
    </p>
  );
}
