import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DataTable, type Column } from "../shared/DataTable";
import { millis, rate, share } from "../shared/format";
import { apmServicePath } from "../shared/paths";
import type { ServiceEdge } from "../shared/types";

/** Callers (`side` "source") or callees (`side` "target") of a service. */
export function EdgesTable({ cluster, edges, side, testId }: { cluster: string; edges: ServiceEdge[]; side: "source" | "target"; testId: string }) {
  const { t } = useTranslation();
  const columns: Column<ServiceEdge>[] = [
    {
      key: "peer",
      label: t(side === "source" ? "observability.apm.caller" : "observability.apm.callee"),
      sortValue: (e) => e[side],
      render: (e) =>
        e.kind === "db" && side === "target" ? (
          <span className="font-medium">
            {e.target} <span className="text-xs text-slate-500">({t("observability.apm.kinds.db")})</span>
          </span>
        ) : (
          <Link to={apmServicePath(cluster, e[side])} className="font-medium text-teal-700 hover:underline dark:text-teal-400">
            {e[side]}
          </Link>
        ),
    },
    { key: "rate", label: t("observability.columns.rate"), sortValue: (e) => e.rate, render: (e) => rate(e.rate) },
    { key: "errorRate", label: t("observability.columns.errorRate"), sortValue: (e) => e.errorRate, render: (e) => share(e.errorRate) },
    { key: "p50", label: t("observability.columns.p50"), sortValue: (e) => e.p50Ms, render: (e) => millis(e.p50Ms) },
    { key: "p99", label: t("observability.columns.p99"), sortValue: (e) => e.p99Ms, render: (e) => millis(e.p99Ms) },
  ];
  return (
    <DataTable
      label={t(side === "source" ? "observability.apm.upstream" : "observability.apm.downstream")}
      testId={testId}
      columns={columns}
      items={edges}
      emptyText={t("observability.apm.noEdges")}
      rowKey={(e) => `${e.source}>${e.target}`}
      rowTestId={`${testId}-row`}
    />
  );
}
