import { useTranslation } from "react-i18next";

interface Props {
  /** "CPU" or "Memory", already translated. */
  label: string;
  testId: string;
  allocatable: number;
  requests: number;
  /** null: metrics.k8s.io is not served, or has no sample yet. */
  usage: number | null;
  format: (value: number) => string;
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0;
}

/** One resource: what pods request and what they use, as shares of what the nodes can allocate. */
export function CapacityBar({ label, testId, allocatable, requests, usage, format }: Props) {
  const { t } = useTranslation();
  const rows = [
    { key: "requests", name: t("overview.capacity.requests"), value: requests, colour: "bg-sky-600 dark:bg-sky-500" },
    { key: "usage", name: t("overview.capacity.usage"), value: usage, colour: "bg-teal-600 dark:bg-teal-500" },
  ] as const;
  return (
    <div data-testid={testId} className="space-y-2">
      <div className="flex items-baseline justify-between gap-2">
        <h3 className="font-medium">{label}</h3>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {t("overview.capacity.allocatable", { value: format(allocatable) })}
        </span>
      </div>
      {rows.map((row) => {
        const share = row.value === null ? null : percent(row.value, allocatable);
        const text =
          row.value === null || share === null
            ? t("overview.capacity.noMetrics")
            : t("overview.capacity.of", { value: format(row.value), total: format(allocatable), percent: share });
        return (
          <div key={row.key} className="grid grid-cols-[5.5rem_1fr] items-center gap-x-3 gap-y-0.5 text-sm">
            <span className="text-slate-600 dark:text-slate-300">{row.name}</span>
            <div
              role="meter"
              aria-label={`${label} ${row.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={share ?? undefined}
              aria-valuetext={text}
              data-testid={`${testId}-${row.key}`}
              className="h-3 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
            >
              {share !== null && (
                <div
                  className={`h-full rounded-full ${share > 100 ? "bg-red-600" : row.colour}`}
                  style={{ width: `${Math.min(share, 100)}%` }}
                />
              )}
            </div>
            <span />
            <span data-testid={`${testId}-${row.key}-text`} className="text-xs text-slate-500 dark:text-slate-400">
              {text}
            </span>
          </div>
        );
      })}
    </div>
  );
}
