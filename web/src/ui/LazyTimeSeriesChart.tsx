import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { TimeSeriesChartProps } from "./TimeSeriesChart";

const Chart = lazy(() => import("./TimeSeriesChart"));

/** TimeSeriesChart, with ECharts fetched the first time a chart is shown. */
export function LazyTimeSeriesChart(props: TimeSeriesChartProps) {
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <div role="status" style={{ height: props.height ?? 240 }} className="grid place-items-center text-sm text-slate-500">
          {t("list.loading")}
        </div>
      }
    >
      <Chart {...props} />
    </Suspense>
  );
}
