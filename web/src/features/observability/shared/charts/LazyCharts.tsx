import { lazy, Suspense, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { HistogramChartProps } from "./HistogramChart";
import type { TopologyGraphProps } from "./TopologyGraph";

const Graph = lazy(() => import("./TopologyGraph"));
const Histogram = lazy(() => import("./HistogramChart"));

function Loading({ height, children }: { height: number; children: ReactNode }) {
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

/** TopologyGraph, with ECharts fetched the first time a map is shown. */
export function LazyTopologyGraph(props: TopologyGraphProps) {
  return (
    <Loading height={props.height ?? 360}>
      <Graph {...props} />
    </Loading>
  );
}

/** HistogramChart, with ECharts fetched the first time a histogram is shown. */
export function LazyHistogramChart(props: HistogramChartProps) {
  return (
    <Loading height={props.height ?? 140}>
      <Histogram {...props} />
    </Loading>
  );
}
