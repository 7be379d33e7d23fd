import type { ReactNode } from "react";

/** A page's title line: the heading and its subtitle, with controls (range, actions) on the right. */
export function PageHeader({ title, subtitle, titleId, actions, testId }: { title: ReactNode; subtitle?: ReactNode; titleId: string; actions?: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0">
        <h1 id={titleId} data-testid={testId} className="text-xl font-semibold break-all">
          {title}
        </h1>
        {subtitle && <div className="text-sm text-slate-500 dark:text-slate-400">{subtitle}</div>}
      </div>
      {actions}
    </div>
  );
}

/** A titled card of a page (a chart, a table). */
export function Section({ title, testId, children, action, className = "" }: { title: ReactNode; testId: string; children: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <section data-testid={testId} className={`rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900 ${className}`}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

/** A headline number with its label. */
export function Stat({ label, value, testId, tone }: { label: string; value: ReactNode; testId: string; tone?: "bad" }) {
  return (
    <div data-testid={testId} className="rounded-lg border border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-900">
      <p className="text-xs font-medium text-slate-500 dark:text-slate-400">{label}</p>
      <p data-testid={`${testId}-value`} className={`text-lg font-semibold ${tone === "bad" ? "text-red-700 dark:text-red-400" : ""}`}>
        {value}
      </p>
    </div>
  );
}
