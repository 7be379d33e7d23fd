import type { ReactNode } from "react";

/** A message in place of a tab's content: loading, empty, or what went wrong. */
export function Panel({ children, testId, tone = "muted" }: { children: ReactNode; testId: string; tone?: "muted" | "error" | "note" }) {
  const colours = {
    muted: "text-slate-500 dark:text-slate-400",
    error: "rounded-md border border-red-300 bg-red-50 px-3 py-2 text-red-800 dark:border-red-700 dark:bg-red-950/40 dark:text-red-200",
    note: "rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-200",
  };
  return (
    <div data-testid={testId} role={tone === "error" ? "alert" : "status"} className={`py-2 text-sm ${colours[tone]}`}>
      {children}
    </div>
  );
}
