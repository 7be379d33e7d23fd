import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../ui/errorMessage";
import { LazyTimeSeriesChart } from "../../ui/LazyTimeSeriesChart";
import { seriesIfAny } from "../../ui/chartSeries";
import { RangePicker, useRangeParam } from "../../ui/RangePicker";
import type { TimeSeries } from "../../ui/TimeSeriesChart";
import { Panel } from "../resources/detail/Panel";
import { byteRate, bytes } from "./format";
import { HOST_RANGES, useHostTimeseries, type HostTimeseries } from "./useHosts";

const COLOURS = { avg: "#0d9488", max: "#6366f1", total: "#d97706", read: "#0d9488", write: "#db2777" };
const cpuFormat = (value: number) => `${Math.round(value)}%`;
const bytesFormat = (value: number) => bytes(value);
const rateFormat = (value: number) => byteRate(value);

interface Chart {
  id: "cpu" | "memory" | "disk" | "network";
  series: TimeSeries[];
  format: (value: number) => string;
}

/** CPU, memory, disk and network over the chosen range (1 h by default), refreshed as they move. */
export function HostCharts({ hostId }: { hostId: string }) {
  const { t } = useTranslation();
  const [range, setRange] = useRangeParam(HOST_RANGES, "1h");
  const timeseries = useHostTimeseries(hostId, range);
  const data = timeseries.data;
  const charts = useMemo(() => (data ? chartsOf(data, t) : null), [data, t]);
  const empty = data !== undefined && data.series.every((s) => s.points.length === 0);

  return (
    <section aria-labelledby="host-trends" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="host-trends" className="text-base font-semibold">
          {t("hosts.trends")}
        </h2>
        <RangePicker
          ranges={HOST_RANGES}
          value={range}
          onChange={setRange}
          label={t("hosts.range")}
          optionLabel={(option) => t(`hosts.ranges.${option}`)}
          testIdPrefix="host-range-"
        />
      </div>
      {timeseries.isError && (
        <Panel testId="host-trends-error" tone="error">
          {t("hosts.trendsError", { message: errorMessage(timeseries.error, t) })}
        </Panel>
      )}
      {!data && !timeseries.isError && <Panel testId="host-trends-loading">{t("list.loading")}</Panel>}
      {empty && <Panel testId="host-trends-empty">{t("hosts.noTrends")}</Panel>}
      {charts && !empty && (
        <div className="grid gap-4 xl:grid-cols-2">
          {charts.map((chart) => (
            <section
              key={chart.id}
              aria-labelledby={`host-chart-${chart.id}-title`}
              data-testid={`host-chart-${chart.id}`}
              data-last-point={lastPoint(chart.series)}
              className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
            >
              <h3 id={`host-chart-${chart.id}-title`} className="mb-2 text-sm font-semibold">
                {t(`hosts.charts.${chart.id}`)}
              </h3>
              <LazyTimeSeriesChart
                label={t("hosts.chartLabel", { chart: t(`hosts.charts.${chart.id}`), range: t(`hosts.ranges.${range}`) })}
                series={chart.series}
                format={chart.format}
                height={220}
                testId={`host-chart-${chart.id}-canvas`}
              />
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

function lastPoint(series: TimeSeries[]): number {
  return Math.max(0, ...series.map((s) => s.points.at(-1)?.[0] ?? 0));
}

/** The Master's buckets as chart points; a bucket in which a metric was not measured is a gap. */
function chartsOf(data: HostTimeseries, t: TFunction): Chart[] {
  const points = (metric: string, field: "avg" | "max"): [number, number][] =>
    (data.series.find((s) => s.metric === metric)?.points ?? []).flatMap((p) => {
      const value = p[field];
      return value === null ? [] : [[p.t * 1000, value] as [number, number]];
    });
  const line = (name: string, metric: string, field: "avg" | "max", color: string, extra: Partial<TimeSeries> = {}) =>
    seriesIfAny(name, points(metric, field), color, extra);
  return [
    {
      id: "cpu",
      format: cpuFormat,
      series: [
        ...line(t("hosts.average"), "cpuPercent", "avg", COLOURS.avg, { area: true }),
        ...line(t("hosts.peak"), "cpuPercent", "max", COLOURS.max),
      ],
    },
    {
      id: "memory",
      format: bytesFormat,
      series: [
        ...line(t("hosts.used"), "memoryUsedBytes", "avg", COLOURS.avg, { area: true }),
        ...line(t("hosts.peak"), "memoryUsedBytes", "max", COLOURS.max),
        ...line(t("hosts.total"), "memoryTotalBytes", "avg", COLOURS.total, { dashed: true }),
      ],
    },
    {
      id: "disk",
      format: rateFormat,
      series: [
        ...line(t("hosts.read"), "diskReadBps", "avg", COLOURS.read, { area: true }),
        ...line(t("hosts.write"), "diskWriteBps", "avg", COLOURS.write, { area: true }),
      ],
    },
    {
      id: "network",
      format: rateFormat,
      series: [
        ...line(t("hosts.received"), "netRxBps", "avg", COLOURS.read, { area: true }),
        ...line(t("hosts.sent"), "netTxBps", "avg", COLOURS.write, { area: true }),
      ],
    },
  ];
}
