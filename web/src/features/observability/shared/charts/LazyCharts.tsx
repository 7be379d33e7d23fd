import { lazy } from "react";
import { ChartSuspense } from "../../../../ui/LazyTimeSeriesChart";
import type { HistogramChartProps } from "./HistogramChart";
import type { TopologyGraphProps } from "./TopologyGraph";

const Graph = lazy(() => import("./TopologyGraph"));
const Histogram = lazy(() => import("./HistogramChart"));

/** TopologyGraph, with ECharts fetched the first time a map is shown. */
export function LazyTopologyGraph(props: TopologyGraphProps) {
  return (
    <ChartSuspense height={props.height ?? 360}>
      <Graph {...props} />
    </ChartSuspense>
  );
}

/** HistogramChart, with ECharts fetched the first time a histogram is shown. */
export function LazyHistogramChart(props: HistogramChartProps) {
  return (
    <ChartSuspense height={props.height ?? 140}>
      <Histogram {...props} />
    </ChartSuspense>
  );
}
