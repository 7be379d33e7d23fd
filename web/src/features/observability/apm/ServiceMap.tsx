import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { LazyTopologyGraph } from "../shared/charts/LazyCharts";
import { tooltipHtml } from "../shared/charts/escape";
import { edgeWidth } from "../shared/charts/graphLayout";
import type { GraphLink, GraphNode } from "../shared/charts/TopologyGraph";
import { millis, rate, share } from "../shared/format";
import { apmServicePath } from "../shared/paths";
import { healthColour } from "../shared/tones";
import type { ServiceMap as MapData } from "../shared/types";

/** The Master's service map as a graph; a click on a service opens its page. */
export function ServiceMap({ cluster, map }: { cluster: string; map: MapData | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const graph = useMemo(() => {
    if (!map) return null;
    const lines = (item: { rate: number; errorRate: number; p99Ms: number }): [string, string][] => [
      [t("observability.columns.rate"), rate(item.rate)],
      [t("observability.columns.errorRate"), share(item.errorRate)],
      [t("observability.columns.p99"), millis(item.p99Ms)],
    ];
    const maxRate = Math.max(0, ...map.links.map((link) => link.rate));
    const nodes: GraphNode[] = map.nodes.map((node) => ({
      id: node.id,
      name: node.name,
      kind: node.kind,
      colour: healthColour(node.health),
      detail: rate(node.rate),
      clickable: node.kind === "service",
      tooltip: tooltipHtml(`${node.name} (${t(`observability.apm.kinds.${node.kind}`)})`, lines(node)),
    }));
    const links: GraphLink[] = map.links.map((link) => ({
      source: link.source,
      target: link.target,
      width: edgeWidth(link.rate, maxRate),
      colour: healthColour(link.health),
      tooltip: tooltipHtml(`${link.source} → ${link.target}`, lines(link)),
    }));
    return { nodes, links };
  }, [map, t]);

  if (!graph) return <p className="py-10 text-center text-sm text-slate-500">{t("list.loading")}</p>;
  if (graph.nodes.length === 0) {
    return (
      <p data-testid="apm-map-empty" className="py-10 text-center text-sm text-slate-500">
        {t("observability.apm.noServices")}
      </p>
    );
  }
  return (
    <div>
      <LazyTopologyGraph
        label={t("observability.apm.mapLabel", { count: graph.nodes.length })}
        nodes={graph.nodes}
        links={graph.links}
        height={380}
        testId="apm-map-graph"
        onNodeClick={(id) => {
          const node = map?.nodes.find((n) => n.id === id);
          if (node) void navigate(apmServicePath(cluster, node.name));
        }}
      />
      <MapLegend />
    </div>
  );
}

function MapLegend() {
  const { t } = useTranslation();
  const item = (colour: string, label: string, shape = "rounded-full") => (
    <span className="flex items-center gap-1">
      <span className={`inline-block h-2.5 w-2.5 ${shape}`} style={{ background: colour }} />
      {label}
    </span>
  );
  return (
    <div className="flex flex-wrap gap-4 text-xs text-slate-500 dark:text-slate-400">
      {item(healthColour("ok"), t("observability.health.ok"))}
      {item(healthColour("warning"), t("observability.health.warning"))}
      {item(healthColour("critical"), t("observability.health.critical"))}
      <span>● {t("observability.apm.kinds.service")}</span>
      <span>■ {t("observability.apm.kinds.db")}</span>
      <span>◆ {t("observability.apm.kinds.ingress")}</span>
      <span>{t("observability.apm.legendWidth")}</span>
    </div>
  );
}
