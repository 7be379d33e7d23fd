import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { HealthBadge } from "../shared/Badges";
import { DataTable, type Column } from "../shared/DataTable";
import { millis, rate, share } from "../shared/format";
import { apmServicePath } from "../shared/paths";
import type { ApmService } from "../shared/types";

const HEALTH_ORDER = { critical: 0, warning: 1, ok: 2 };
const HEALTH_TEXT = { critical: "font-medium text-red-700 dark:text-red-400", warning: "text-amber-700 dark:text-amber-400", ok: "" };

export function ServicesTable({ cluster, services, isError }: { cluster: string; services: ApmService[] | undefined; isError: boolean }) {
  const { t } = useTranslation();
  const columns: Column<ApmService>[] = [
    {
      key: "name",
      label: t("observability.columns.service"),
      sortValue: (s) => s.name,
      render: (s) => (
        <div>
          <Link to={apmServicePath(cluster, s.name)} data-testid="apm-service-link" className="font-medium text-teal-700 hover:underline dark:text-teal-400">
            {s.name}
          </Link>
          {s.namespace && <div className="text-xs text-slate-500">{s.namespace}</div>}
        </div>
      ),
    },
    { key: "rate", label: t("observability.columns.rate"), sortValue: (s) => s.rate, render: (s) => rate(s.rate) },
    { key: "errorRate", label: t("observability.columns.errorRate"), sortValue: (s) => s.errorRate, render: (s) => <span className={HEALTH_TEXT[s.health]}>{share(s.errorRate)}</span> },
    { key: "p50", label: t("observability.columns.p50"), sortValue: (s) => s.p50Ms, render: (s) => millis(s.p50Ms) },
    { key: "p99", label: t("observability.columns.p99"), sortValue: (s) => s.p99Ms, render: (s) => millis(s.p99Ms) },
    { key: "health", label: t("observability.columns.health"), sortValue: (s) => HEALTH_ORDER[s.health], render: (s) => <HealthBadge health={s.health} /> },
  ];
  return (
    <DataTable
      label={t("observability.apm.services")}
      testId="apm-services-table"
      columns={columns}
      items={services}
      isError={isError}
      emptyText={t("observability.apm.noServices")}
      rowKey={(s) => s.name}
      rowTestId="apm-service-row"
    />
  );
}
