import type { ReactNode } from "react";
import { CARD } from "../../ui/controls";

/** A titled card of label/value pairs; `children` replaces the pairs (e.g. with a "not measured" note). */
export function FactCard({ title, testId, facts, children }: { title: string; testId: string; facts?: [string, ReactNode][]; children?: ReactNode }) {
  return (
    <section aria-label={title} data-testid={testId} className={CARD}>
      <h3 className="mb-2 text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">{title}</h3>
      {children ?? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {facts?.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
              <dd className="text-right tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/** A headline value of the live row: label, big value, a line of detail. */
export function LiveValue({ label, value, detail, testId }: { label: string; value: ReactNode; detail?: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} className={CARD}>
      <p className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{label}</p>
      <p data-testid={`${testId}-value`} className="mt-1 text-2xl font-semibold tabular-nums">
        {value}
      </p>
      {detail && <div className="mt-1 text-xs text-slate-500 dark:text-slate-400">{detail}</div>}
    </div>
  );
}
