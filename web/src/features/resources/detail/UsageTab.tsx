import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { formatBytes, formatMillicores } from "../../../lib/format";
import { errorMessage } from "../../../ui/errorMessage";
import { LazyTimeSeriesChart } from "../../../ui/LazyTimeSeriesChart";
import type { TimeSeries } from "../../../ui/TimeSeriesChart";
import { USAGE_RANGES, useUsageHistory, type UsageRange } from "../queries";
import type { UsageSeries } from "../types";
import { Panel } from "./Panel";

interface Props {
  plural: "nodes" | "pods";
  cluster: string;
  namespace: string;
  name: string;
}

const COLOURS = { avg: "#0d9488", max: "#6366f1", request: "#d97706", limit: "#dc2626" };
const isRange = (value: string | null): value is UsageRange => (USAGE_RANGES as readonly (string | null)[]).includes(value);

/** CPU and memory over time (average and peak per step) against requests and limits. */
export function UsageTab({ plural, cluster, namespace, name }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const requested = search.get("range");
  const range: UsageRange = isRange(requested) ? requested : "1h";
  const usage = useUsageHistory(plural, cluster, namespace, name, range);
  const data = usage.data;

  const charts = useMemo(() => (data ? chartSeries(data, t) : null), [data, t]);

  return (
    <div className="space-y-4">
      <div role="group" aria-label={t("detail.range")} className="flex gap-1">
        {USAGE_RANGES.map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={option === range}
            data-testid={`range-${option}`}
            onClick={() =>
              setSearch(
                (previous) => {
                  const next = new URLSearchParams(previous);
                  next.set("range", option);
                  return next;
                },
                { replace: true },
              )
            }
            className={`rounded-md border px-2.5 py-1 text-sm ${
              option === range
                ? "border-teal-600 bg-teal-50 text-teal-800 dark:bg-teal-500/15 dark:text-teal-300"
                : "border-slate-300 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
            }`}
          >
            {t(`detail.ranges.${option}`)}
          </button>
        ))}
      </div>
      {usage.isError && (
        <Panel testId="usage-error" tone="error">
          {t("detail.usageError", { message: errorMessage(usage.error, t) })}
        </Panel>
      )}
      {!data && !usage.isError && <Panel testId="usage-loading">{t("list.loading")}</Panel>}
      {data && data.points.length === 0 && <Panel testId="usage-empty">{t("detail.noUsage")}</Panel>}
      {charts && (
        <div className="grid gap-4 xl:grid-cols-2">
          <section aria-labelledby="usage-cpu" className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <h2 id="usage-cpu" className="mb-2 text-sm font-semibold">
              {t("detail.cpuUsage")}
            </h2>
            <LazyTimeSeriesChart label={t("detail.cpuChart", { range: t(`detail.ranges.${range}`) })} series={charts.cpu} format={formatMillicores} testId="usage-cpu-chart" />
          </section>
          <section aria-labelledby="usage-memory" className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
            <h2 id="usage-memory" className="mb-2 text-sm font-semibold">
              {t("detail.memoryUsage")}
            </h2>
            <LazyTimeSeriesChart
              label={t("detail.memoryChart", { range: t(`detail.ranges.${range}`) })}
              series={charts.memory}
              format={formatBytes}
              testId="usage-memory-chart"
            />
          </section>
        </div>
      )}
    </div>
  );
}


function chartSeries(data: UsageSeries, t: TFunction): { cpu: TimeSeries[]; memory: TimeSeries[] } {
  const at = (seconds: number) => seconds * 1000;
  const flat = (value: number | null | undefined): [number, number][] =>
    value ? [[at(data.start), value], [at(data.end), value]] : [];
  const line = (name: string, points: [number, number][], color: string, extra: Partial<TimeSeries> = {}): TimeSeries[] =>
    points.length ? [{ name, points, color, ...extra }] : [];
  const limitLabel = data.kind === "nodes" ? t("detail.allocatable") : t("detail.limit");
  return {
    cpu: [
      ...line(t("detail.average"), data.points.map((p) => [at(p.t), p.cpuAvg]), COLOURS.avg, { area: true }),
      ...line(t("detail.peak"), data.points.map((p) => [at(p.t), p.cpuMax]), COLOURS.max),
      ...line(t("detail.request"), flat(data.cpuRequestMillicores), COLOURS.request, { dashed: true }),
      ...line(limitLabel, flat(data.cpuLimitMillicores), COLOURS.limit, { dashed: true }),
    ],
    memory: [
      ...line(t("detail.average"), data.points.map((p) => [at(p.t), p.memAvg]), COLOURS.avg, { area: true }),
      ...line(t("detail.peak"), data.points.map((p) => [at(p.t), p.memMax]), COLOURS.max),
      ...line(t("detail.request"), flat(data.memoryRequestBytes), COLOURS.request, { dashed: true }),
      ...line(limitLabel, flat(data.memoryLimitBytes), COLOURS.limit, { dashed: true }),
    ],
  };
}
