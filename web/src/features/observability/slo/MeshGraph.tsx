import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { LazyTopologyGraph } from "../shared/charts/LazyCharts";
import { tooltipHtml } from "../shared/charts/escape";
import { edgeWidth } from "../shared/charts/graphLayout";
import type { GraphLink, GraphNode } from "../shared/charts/TopologyGraph";
import { DataTable, type Column } from "../shared/DataTable";
import { HealthBadge } from "../shared/Badges";
import { millis, rate, share } from "../shared/format";
import { healthColour } from "../shared/tones";
import type { MeshEdgeView, ServiceMap } from "../shared/types";

/** The Linkerd mesh: workloads and their calls, each call labelled with success rate and p99. */
export function MeshGraph({ mesh }: { mesh: ServiceMap }) {
  const { t } = useTranslation();
  const graph = useMemo(() => {
    const maxRate = Math.max(0, ...mesh.links.map((link) => link.rate));
    const nodes: GraphNode[] = mesh.nodes.map((node) => ({
      id: node.id,
      name: node.name,
      kind: node.kind,
      colour: healthColour(node.health),
      detail: rate(node.rate),
      tooltip: tooltipHtml(node.name, [
        [t("observability.columns.rate"), rate(node.rate)],
        [t("observability.slo.successRate"), share(1 - node.errorRate)],
        [t("observability.columns.p99"), millis(node.p99Ms)],
      ]),
    }));
    const links: GraphLink[] = mesh.links.map((link) => ({
      source: link.source,
      target: link.target,
      width: edgeWidth(link.rate, maxRate),
      colour: healthColour(link.health),
      label: `${share(1 - link.errorRate)} · ${millis(link.p99Ms)}`,
      tooltip: tooltipHtml(`${link.source} → ${link.target}`, [
        [t("observability.columns.rate"), rate(link.rate)],
        [t("observability.slo.successRate"), share(1 - link.errorRate)],
        [t("observability.columns.p99"), millis(link.p99Ms)],
      ]),
    }));
    return { nodes, links };
  }, [mesh, t]);
  if (graph.nodes.length === 0) return <p data-testid="mesh-empty" className="py-8 text-center text-sm text-slate-500">{t("observability.slo.noMesh")}</p>;
  return <LazyTopologyGraph label={t("observability.slo.meshLabel", { count: graph.nodes.length })} nodes={graph.nodes} links={graph.links} height={340} testId="mesh-graph" />;
}

export function MeshEdgesTable({ edges }: { edges: MeshEdgeView[] }) {
  const { t } = useTranslation();
  const name = (namespace: string, workload: string) => (namespace ? `${namespace}/${workload}` : workload);
  const columns: Column<MeshEdgeView>[] = [
    { key: "source", label: t("observability.slo.from"), sortValue: (e) => name(e.sourceNamespace, e.source), render: (e) => name(e.sourceNamespace, e.source) },
    { key: "target", label: t("observability.slo.to"), sortValue: (e) => name(e.targetNamespace, e.target), render: (e) => name(e.targetNamespace, e.target) },
    { key: "rate", label: t("observability.columns.rate"), sortValue: (e) => e.rate, render: (e) => rate(e.rate) },
    { key: "success", label: t("observability.slo.successRate"), sortValue: (e) => e.successRate, render: (e) => share(e.successRate) },
    { key: "p50", label: t("observability.columns.p50"), sortValue: (e) => e.p50Ms, render: (e) => millis(e.p50Ms) },
    { key: "p99", label: t("observability.columns.p99"), sortValue: (e) => e.p99Ms, render: (e) => millis(e.p99Ms) },
    { key: "health", label: t("observability.columns.health"), render: (e) => <HealthBadge health={e.health} /> },
  ];
  return (
    <DataTable
      label={t("observability.slo.meshEdges")}
      testId="mesh-edges"
      columns={columns}
      items={edges}
      emptyText={t("observability.slo.noMesh")}
      rowKey={(e) => `${e.sourceNamespace}/${e.source}>${e.targetNamespace}/${e.target}`}
      rowTestId="mesh-edge-row"
    />
  );
}
