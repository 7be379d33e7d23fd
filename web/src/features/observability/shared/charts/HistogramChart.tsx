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
import { init, use, type ComposeOption } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

use([BarChart, BrushComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

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
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  });

  useEffect(() => {
    if (!element.current) return;
    const instance = init(element.current, undefined, { renderer: "canvas" });
    chart.current = instance;
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
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => instance.resize());
    observer?.observe(element.current);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const muted = "#64748b";
    const option: Option = {
      animation: false,
      grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
      legend: { top: 0, left: 0, textStyle: { color: muted }, itemWidth: 12, itemHeight: 8 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      brush: { xAxisIndex: 0, brushType: "lineX", brushMode: "single", throttleType: "debounce", transformable: false, brushStyle: { color: "rgba(13,148,136,0.15)", borderColor: "#0d9488" } },
      xAxis: { type: "category", data: categories, axisLabel: { color: muted, hideOverlap: true }, axisLine: { lineStyle: { color: muted } }, axisTick: { alignWithLabel: true } },
      yAxis: { type: "value", minInterval: 1, axisLabel: { color: muted }, splitLine: { lineStyle: { color: muted, opacity: 0.2 } } },
      series: stacks.map((stack) => ({ type: "bar", name: stack.name, stack: "all", data: stack.values, color: stack.colour, barCategoryGap: "15%", cursor: "zoom-in" })),
    };
    const instance = chart.current;
    if (!instance) return;
    instance.setOption(option, { notMerge: true });
    // Dragging selects at once, without a toolbox button to press first.
    instance.dispatchAction({ type: "takeGlobalCursor", key: "brush", brushOption: { brushType: "lineX", brushMode: "single" } });
  }, [categories, stacks]);

  return <div ref={element} role="img" aria-label={label} data-testid={testId} data-buckets={categories.length} style={{ height, width: "100%" }} />;
}
