/**
 * Bars over time with a second, stacked series (errors on top of the rest), on ECharts with its
 * brush: dragging across the bars selects buckets `first`…`last` and reports them; a click on a
 * bar selects that one. Loaded lazily through LazyCharts.
 */
import { BarChart, type BarSeriesOption } from "echarts/charts";
import {
  BrushComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type BrushComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from "echarts/components";
import { use, type ComposeOption } from "echarts/core";
import { useEffect, useMemo, useRef } from "react";
import { CHART_MUTED, useEChart } from "../../../../ui/useEChart";

use([BarChart, BrushComponent, GridComponent, LegendComponent, TooltipComponent]);

type Option = ComposeOption<BarSeriesOption | BrushComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface HistogramChartProps {
  label: string;
  /** The x labels, one a bucket. */
  categories: string[];
  /** Stacked bottom to top. */
  stacks: { name: string; values: number[]; colour: string }[];
  height?: number;
  /** Buckets `first`…`last` (indexes, inclusive) were selected. */
  onSelect?: (first: number, last: number) => void;
  testId?: string;
}

export default function HistogramChart({ label, categories, stacks, height = 140, onSelect, testId = "histogram-chart" }: HistogramChartProps) {
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  });

  const option = useMemo<Option>(
    () => ({
      animation: false,
      grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
      legend: { top: 0, left: 0, textStyle: { color: CHART_MUTED }, itemWidth: 12, itemHeight: 8 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      brush: { xAxisIndex: 0, brushType: "lineX", brushMode: "single", throttleType: "debounce", transformable: false, brushStyle: { color: "rgba(13,148,136,0.15)", borderColor: "#0d9488" } },
      xAxis: { type: "category", data: categories, axisLabel: { color: CHART_MUTED, hideOverlap: true }, axisLine: { lineStyle: { color: CHART_MUTED } }, axisTick: { alignWithLabel: true } },
      yAxis: { type: "value", minInterval: 1, axisLabel: { color: CHART_MUTED }, splitLine: { lineStyle: { color: CHART_MUTED, opacity: 0.2 } } },
      series: stacks.map((stack) => ({ type: "bar", name: stack.name, stack: "all", data: stack.values, color: stack.colour, barCategoryGap: "15%", cursor: "zoom-in" })),
    }),
    [categories, stacks],
  );
  const { element, chart } = useEChart(option, (instance) => {
    instance.on("brushEnd", (event) => {
      const areas = (event as { areas?: { coordRange?: number[] }[] }).areas ?? [];
      const range = areas[0]?.coordRange;
      if (range && range.length === 2) {
        const [a = 0, b = 0] = range;
        instance.dispatchAction({ type: "brush", areas: [] });
        select.current?.(Math.max(0, Math.min(a, b)), Math.max(a, b));
      }
    });
    instance.on("click", (event) => {
      if (event.componentType === "series" && typeof event.dataIndex === "number") select.current?.(event.dataIndex, event.dataIndex);
    });
  });
  // Dragging selects at once, without a toolbox button to press first (a new option drops the cursor).
  useEffect(() => {
    chart.current?.dispatchAction({ type: "takeGlobalCursor", key: "brush", brushOption: { brushType: "lineX", brushMode: "single" } });
  }, [chart, option]);

  return <div ref={element} role="img" aria-label={label} data-testid={testId} data-buckets={categories.length} style={{ height, width: "100%" }} />;
}
