/**
 * A line chart of time series on ECharts. Only the line chart, grid, tooltip and legend are
 * registered (not the whole library), and callers load this module through LazyTimeSeriesChart
 * so ECharts stays out of the main bundle.
 */
import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { use, type ComposeOption } from "echarts/core";
import type { LineSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";
import { useMemo } from "react";
import { CHART_MUTED, useEChart } from "./useEChart";

use([LineChart, GridComponent, LegendComponent, TooltipComponent]);

type Option = ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface TimeSeries {
  name: string;
  /** [epoch milliseconds, value] pairs, oldest first. */
  points: [number, number][];
  color: string;
  /** A reference line (requests, limits) rather than a measurement. */
  dashed?: boolean;
  area?: boolean;
}

export interface TimeSeriesChartProps {
  /** The chart's accessible name, e.g. "CPU over the last hour". */
  label: string;
  series: TimeSeries[];
  /** Formats a value for the axis and the tooltip. */
  format: (value: number) => string;
  height?: number;
  testId?: string;
}

export default function TimeSeriesChart({ label, series, format, height = 240, testId = "time-series-chart" }: TimeSeriesChartProps) {
  const option = useMemo<Option>(
    () => ({
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, textStyle: { color: CHART_MUTED }, itemWidth: 14, itemHeight: 8 },
      tooltip: {
        trigger: "axis",
        valueFormatter: (value) => (typeof value === "number" ? format(value) : String(value ?? "")),
      },
      xAxis: { type: "time", axisLabel: { color: CHART_MUTED, hideOverlap: true }, axisLine: { lineStyle: { color: CHART_MUTED } } },
      yAxis: {
        type: "value",
        min: 0,
        axisLabel: { color: CHART_MUTED, formatter: (value: number) => format(value) },
        splitLine: { lineStyle: { color: CHART_MUTED, opacity: 0.2 } },
      },
      series: series.map((s) => ({
        type: "line",
        name: s.name,
        data: s.points,
        showSymbol: false,
        connectNulls: false,
        color: s.color,
        lineStyle: { width: s.dashed ? 1 : 2, type: s.dashed ? "dashed" : "solid" },
        areaStyle: s.area ? { opacity: 0.12 } : undefined,
      })),
    }),
    [series, format],
  );
  const { element } = useEChart(option);

  return <div ref={element} role="img" aria-label={label} data-testid={testId} style={{ height, width: "100%" }} />;
}
