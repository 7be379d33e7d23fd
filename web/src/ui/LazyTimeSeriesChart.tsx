import { lazy, Suspense, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TimeSeriesChartProps } from "./TimeSeriesChart";

const Chart = lazy(() => import("./TimeSeriesChart"));

/** A lazily loaded chart, with a "loading" box of the chart's height until ECharts has arrived. */
export function ChartSuspense({ height, children }: { height: number; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <div role="status" style={{ height }} className="grid place-items-center text-sm text-slate-500">
          {t("list.loading")}
        </div>
      }
    >
      {children}
    </Suspense>
  );
}

/** TimeSeriesChart, with ECharts fetched the first time a chart is shown. */
export function LazyTimeSeriesChart(props: TimeSeriesChartProps) {
  return (
    <ChartSuspense height={props.height ?? 240}>
      <Chart {...props} />
    </ChartSuspense>
  );
}
