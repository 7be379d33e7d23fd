/**
 * A service map on ECharts' graph series (loaded lazily through LazyCharts): nodes coloured by
 * health, links as wide as their rate, callers on the left.
 */
import { GraphChart, type GraphSeriesOption } from "echarts/charts";
import { TooltipComponent, type TooltipComponentOption } from "echarts/components";
import { use, type ComposeOption } from "echarts/core";
import { useEffect, useMemo, useRef } from "react";
import { CHART_MUTED, useEChart } from "../../../../ui/useEChart";
import { useTheme } from "../../../layout/theme";
import { layeredLayout } from "./graphLayout";

use([GraphChart, TooltipComponent]);

type Option = ComposeOption<GraphSeriesOption | TooltipComponentOption>;

export interface GraphNode {
  id: string;
  name: string;
  /** "service" (circle), "db" (rounded square), "ingress" (diamond), or a workload. */
  kind: string;
  colour: string;
  /** Tooltip HTML, already escaped (see tooltipHtml). */
  tooltip: string;
  /** A second label line (the rate). */
  detail?: string;
  clickable?: boolean;
}

export interface GraphLink {
  source: string;
  target: string;
  width: number;
  colour: string;
  tooltip: string;
  /** Shown on the link (mesh: success rate and latency). */
  label?: string;
}

export interface TopologyGraphProps {
  label: string;
  nodes: GraphNode[];
  links: GraphLink[];
  height?: number;
  onNodeClick?: (id: string) => void;
  testId?: string;
}

const SYMBOLS: Record<string, string> = { db: "roundRect", ingress: "diamond" };

/** The card's background (white, slate-900) as a halo around labels, so a label stays legible
 * where it crosses a link or another label. */
const HALO = { light: "#ffffff", dark: "#0f172a" } as const;

export default function TopologyGraph({ label, nodes, links, height = 360, onNodeClick, testId = "topology-graph" }: TopologyGraphProps) {
  const click = useRef(onNodeClick);
  useEffect(() => {
    click.current = onNodeClick;
  });

  const [theme] = useTheme();

  const option = useMemo<Option>(() => {
    const halo = { textBorderColor: HALO[theme], textBorderWidth: 3 };
    const placed = layeredLayout(
      nodes.map((node) => node.id),
      links,
    );
    return {
      animation: false,
      tooltip: { trigger: "item", confine: true, formatter: (params) => (params as { data?: { tip?: string } }).data?.tip ?? "" },
      series: [
        {
          type: "graph",
          layout: "none",
          roam: true,
          draggable: true,
          zoom: 0.9,
          edgeSymbol: ["none", "arrow"],
          edgeSymbolSize: [0, 9],
          emphasis: { focus: "adjacency", lineStyle: { opacity: 1 } },
          label: {
            show: true,
            position: "bottom",
            color: CHART_MUTED,
            fontSize: 12,
            ...halo,
            formatter: (params) => {
              const data = params.data as { name: string; detail?: string };
              return data.detail ? `${data.name}\n${data.detail}` : data.name;
            },
          },
          edgeLabel: {
            show: links.some((link) => link.label),
            fontSize: 11,
            color: CHART_MUTED,
            ...halo,
            formatter: (params) => (params.data as { text?: string }).text ?? "",
          },
          data: nodes.map((node) => {
            const at = placed.get(node.id) ?? { x: 0, y: 0 };
            return {
              id: node.id,
              name: node.name,
              x: at.x,
              y: at.y,
              detail: node.detail,
              tip: node.tooltip,
              clickable: node.clickable,
              symbol: SYMBOLS[node.kind] ?? "circle",
              symbolSize: node.kind === "service" || !(node.kind in SYMBOLS) ? 40 : 32,
              itemStyle: { color: node.colour, borderColor: "#fff", borderWidth: 2 },
              cursor: node.clickable ? "pointer" : "default",
            };
          }),
          links: links.map((link) => ({
            source: link.source,
            target: link.target,
            tip: link.tooltip,
            text: link.label,
            lineStyle: { width: link.width, color: link.colour, opacity: 0.75, curveness: 0.12 },
          })),
        },
      ],
    };
  }, [nodes, links, theme]);
  const { element } = useEChart(option, (instance) => {
    instance.on("click", (event) => {
      if (event.dataType === "node" && typeof event.data === "object" && event.data !== null && "id" in event.data) {
        const node = event.data as { id: string; clickable?: boolean };
        if (node.clickable) click.current?.(node.id);
      }
    });
  });

  return (
    <div
      ref={element}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-nodes={nodes.map((node) => node.id).join(",")}
      data-links={links.length}
      style={{ height, width: "100%" }}
    />
  );
}
