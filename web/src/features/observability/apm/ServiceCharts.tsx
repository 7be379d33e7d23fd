import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { seriesIfAny } from "../../../ui/chartSeries";
import type { TimeSeries } from "../../../ui/TimeSeriesChart";
import { millis, rate } from "../shared/format";
import { ChartCard } from "../shared/Layout";
import { TONE_COLOUR } from "../shared/tones";
import type { SeriesBucket } from "../shared/types";

interface Chart {
  id: "rate" | "errors" | "latency";
  series: TimeSeries[];
  format: (value: number) => string;
}

/** Requests and errors per second and p50/p99 latency of a service, one point a bucket. */
export function ServiceCharts({ buckets, stepSeconds }: { buckets: SeriesBucket[]; stepSeconds: number }) {
  const { t } = useTranslation();
  const charts = useMemo<Chart[]>(() => {
    const step = stepSeconds > 0 ? stepSeconds : 60;
    const points = (value: (b: SeriesBucket) => number): [number, number][] => buckets.map((b) => [b.time * 1000, value(b)]);
    // A bucket without requests has no latency: a gap, not a zero.
    const latency = (value: (b: SeriesBucket) => number): [number, number][] => buckets.flatMap((b) => (b.requests > 0 ? [[b.time * 1000, value(b)] as [number, number]] : []));
    return [
      { id: "rate", format: rate, series: seriesIfAny(t("observability.charts.requests"), points((b) => b.requests / step), "#0d9488", { area: true }) },
      { id: "errors", format: rate, series: seriesIfAny(t("observability.charts.errors"), points((b) => b.errors / step), TONE_COLOUR.bad, { area: true }) },
      {
        id: "latency",
        format: millis,
        series: [...seriesIfAny("p50", latency((b) => b.p50Ms), "#6366f1"), ...seriesIfAny("p99", latency((b) => b.p99Ms), "#d97706")],
      },
    ];
  }, [buckets, stepSeconds, t]);

  return (
    <div className="grid gap-4 xl:grid-cols-3">
      {charts.map((chart) => (
        <ChartCard key={chart.id} title={t(`observability.charts.${chart.id}`)} testId={`service-chart-${chart.id}`} series={chart.series} format={chart.format} height={200} />
      ))}
    </div>
  );
}
