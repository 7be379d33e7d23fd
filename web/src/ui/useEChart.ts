/**
 * The ECharts instance behind a chart component. Only chart modules that are loaded lazily import
 * this (TimeSeriesChart, HistogramChart, TopologyGraph), so ECharts stays out of the main bundle;
 * each registers the chart types and components it draws with `use`, the renderer is registered here.
 */
import { init, use, type EChartsCoreOption } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

use([CanvasRenderer]);

export type EChart = ReturnType<typeof init>;

/** Axis labels, legends and grid lines: a slate that reads on light and dark backgrounds. */
export const CHART_MUTED = "#64748b";

/**
 * A chart on the returned `element`: created on mount (canvas), resized with the element, drawn
 * anew from each new `option` (memoise it) and disposed on unmount. `setup` runs once on the new
 * instance, to attach event handlers; handlers that call props should read them through a ref.
 */
export function useEChart(option: EChartsCoreOption, setup?: (chart: EChart) => void) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChart | null>(null);
  const onCreate = useRef(setup);

  useEffect(() => {
    if (!element.current) return;
    const instance = init(element.current, undefined, { renderer: "canvas" });
    chart.current = instance;
    onCreate.current?.(instance);
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => instance.resize());
    observer?.observe(element.current);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return { element, chart };
}
