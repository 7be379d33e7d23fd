import { useTranslation } from "react-i18next";
import { share } from "../shared/format";

/**
 * The error budget left as a bar: full is untouched, empty is spent. A negative remainder (the
 * budget is overspent) shows an empty red bar and the figure as the Master computed it.
 */
export function BudgetBar({ remaining }: { remaining: number | null | undefined }) {
  const { t } = useTranslation();
  if (remaining === null || remaining === undefined) return <span className="text-slate-400">—</span>;
  const fill = Math.max(0, Math.min(1, remaining));
  const colour = remaining <= 0 ? "bg-red-600" : remaining < 0.25 ? "bg-amber-500" : "bg-emerald-500";
  return (
    <div data-testid="budget" data-remaining={remaining} className="w-28">
      <div
        role="meter"
        aria-label={t("observability.slo.budget")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fill * 100)}
        className={`h-2 overflow-hidden rounded-full ${remaining <= 0 ? "bg-red-200 dark:bg-red-900/60" : "bg-slate-200 dark:bg-slate-700"}`}
      >
        <div className={`h-full ${colour}`} style={{ width: `${fill * 100}%` }} />
      </div>
      <span className={`text-xs ${remaining <= 0 ? "font-semibold text-red-700 dark:text-red-400" : ""}`}>{share(remaining, 1)}</span>
    </div>
  );
}
