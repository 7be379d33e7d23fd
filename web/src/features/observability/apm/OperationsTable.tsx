import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DataTable, type Column } from "../shared/DataTable";
import { millis, rate, share } from "../shared/format";
import { tracesPath } from "../shared/paths";
import type { OperationRow } from "../shared/types";

/** A service's operations; each opens the traces page filtered to it. */
export function OperationsTable({ cluster, service, range, operations }: { cluster: string; service: string; range: string; operations: OperationRow[] }) {
  const { t } = useTranslation();
  const columns: Column<OperationRow>[] = [
    {
      key: "name",
      label: t("observability.columns.operation"),
      sortValue: (o) => o.name,
      render: (o) => (
        <Link to={tracesPath(cluster, { service, operation: o.name, range })} data-testid="operation-link" className="font-mono text-xs text-teal-700 hover:underline dark:text-teal-400">
          {o.name}
        </Link>
      ),
    },
    { key: "requests", label: t("observability.columns.requests"), sortValue: (o) => o.requests, render: (o) => o.requests.toLocaleString() },
    { key: "rate", label: t("observability.columns.rate"), sortValue: (o) => o.rate, render: (o) => rate(o.rate) },
    { key: "errorRate", label: t("observability.columns.errorRate"), sortValue: (o) => o.errorRate, render: (o) => share(o.errorRate) },
    { key: "p50", label: t("observability.columns.p50"), sortValue: (o) => o.p50Ms, render: (o) => millis(o.p50Ms) },
    { key: "p99", label: t("observability.columns.p99"), sortValue: (o) => o.p99Ms, render: (o) => millis(o.p99Ms) },
  ];
  return (
    <DataTable
      label={t("observability.apm.operations")}
      testId="service-operations"
      columns={columns}
      items={operations}
      emptyText={t("observability.noData")}
      rowKey={(o) => o.name}
      rowTestId="operation-row"
    />
  );
}
