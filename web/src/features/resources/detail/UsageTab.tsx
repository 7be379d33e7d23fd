import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { formatBytes, formatMillicores } from "../../../lib/format";
import { errorMessage } from "../../../ui/errorMessage";
import { LazyTimeSeriesChart } from "../../../ui/LazyTimeSeriesChart";
import { seriesIfAny } from "../../../ui/chartSeries";
import { RangePicker, useRangeParam } from "../../../ui/RangePicker";
import type { TimeSeries } from "../../../ui/TimeSeriesChart";
import { USAGE_RANGES, useUsageHistory } from "../queries";
import type { UsageSeries } from "../types";
import { Panel } from "./Panel";

interface Props {
  plural: "nodes" | "pods";
  cluster: string;
  namespace: string;
  name: string;
}

const COLOURS = { avg: "#0d9488", max: "#6366f1", request: "#d97706", limit: "#dc2626" };

/** CPU and memory over time (average and peak per step) against requests and limits. */
export function UsageTab({ plural, cluster, namespace, name }: Props) {
  const { t } = useTranslation();
  const [range, setRange] = useRangeParam(USAGE_RANGES, "1h");
  const usage = useUsageHistory(plural, cluster, namespace, name, range);
  const data = usage.data;

  const charts = useMemo(() => (data ? chartSeries(data, t) : null), [data, t]);

  return (
    <div className="space-y-4">
      <RangePicker
        ranges={USAGE_RANGES}
        value={range}
        onChange={setRange}
        label={t("detail.range")}
        optionLabel={(option) => t(`detail.ranges.${option}`)}
        testIdPrefix="range-"
      />
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
  const limitLabel = data.kind === "nodes" ? t("detail.allocatable") : t("detail.limit");
  return {
    cpu: [
      ...seriesIfAny(t("detail.average"), data.points.map((p) => [at(p.t), p.cpuAvg]), COLOURS.avg, { area: true }),
      ...seriesIfAny(t("detail.peak"), data.points.map((p) => [at(p.t), p.cpuMax]), COLOURS.max),
      ...seriesIfAny(t("detail.request"), flat(data.cpuRequestMillicores), COLOURS.request, { dashed: true }),
      ...seriesIfAny(limitLabel, flat(data.cpuLimitMillicores), COLOURS.limit, { dashed: true }),
    ],
    memory: [
      ...seriesIfAny(t("detail.average"), data.points.map((p) => [at(p.t), p.memAvg]), COLOURS.avg, { area: true }),
      ...seriesIfAny(t("detail.peak"), data.points.map((p) => [at(p.t), p.memMax]), COLOURS.max),
      ...seriesIfAny(t("detail.request"), flat(data.memoryRequestBytes), COLOURS.request, { dashed: true }),
      ...seriesIfAny(limitLabel, flat(data.memoryLimitBytes), COLOURS.limit, { dashed: true }),
    ],
  };
}
