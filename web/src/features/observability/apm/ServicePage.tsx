import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { HealthBadge } from "../shared/Badges";
import { DataTable } from "../shared/DataTable";
import { millis, rate, share } from "../shared/format";
import { DetailPage, PAGE_LINK, Section, Stat } from "../shared/Layout";
import { APM_PATH, listPath, logsPath, tracesPath } from "../shared/paths";
import { TimeControls } from "../shared/TimeControls";
import { OBS_RANGES, useTimeWindow } from "../shared/timeWindow";
import { traceColumns } from "../traces/traceColumns";
import { EdgesTable } from "./EdgesTable";
import { OperationsTable } from "./OperationsTable";
import { ServiceCharts } from "./ServiceCharts";
import { useApmService } from "./useApm";

/** One service over a time range: charts, operations, slow and failed traces, callers and callees. */
export function ServicePage() {
  const { t, i18n } = useTranslation();
  const { cluster = "", service = "" } = useParams();
  const [timeWindow, controls] = useTimeWindow(OBS_RANGES, "1h");
  const query = useApmService(cluster, service, timeWindow);
  const summary = query.data?.service;
  const columns = traceColumns(cluster, t, i18n.language);

  return (
    <DetailPage
      back={{ to: listPath(APM_PATH, cluster), label: t("observability.apm.back") }}
      query={query}
      testId="service-name"
      title={
        <span className="flex items-center gap-3">
          {service}
          <HealthBadge health={summary?.health} />
        </span>
      }
      subtitle={summary?.namespace}
      actions={<TimeControls ranges={OBS_RANGES} value={timeWindow} controls={controls} />}
    >
      {(data) => (
        <>
          <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
            <Stat testId="service-rate" label={t("observability.columns.rate")} value={rate(summary?.rate)} />
            <Stat testId="service-error-rate" label={t("observability.columns.errorRate")} value={share(summary?.errorRate)} tone={summary?.health === "critical" ? "bad" : undefined} />
            <Stat testId="service-p50" label={t("observability.columns.p50")} value={millis(summary?.p50Ms)} />
            <Stat testId="service-p99" label={t("observability.columns.p99")} value={millis(summary?.p99Ms)} />
          </div>
          <div className="flex flex-wrap gap-4">
            <Link to={tracesPath(cluster, { service, range: timeWindow.range })} data-testid="service-traces-link" className={PAGE_LINK}>
              {t("observability.apm.allTraces")}
            </Link>
            <Link to={logsPath(cluster, { service, range: timeWindow.range })} data-testid="service-logs-link" className={PAGE_LINK}>
              {t("observability.apm.allLogs")}
            </Link>
          </div>
          <ServiceCharts buckets={data.series} stepSeconds={data.stepSeconds} />
          <Section title={t("observability.apm.operations")} testId="service-operations-section">
            <OperationsTable cluster={cluster} service={service} range={timeWindow.range} operations={data.operations} />
          </Section>
          <div className="grid gap-4 2xl:grid-cols-2">
            <Section title={t("observability.apm.slowTraces")} testId="service-slow">
              <DataTable label={t("observability.apm.slowTraces")} testId="service-slow-traces" columns={columns} items={data.slowTraces} emptyText={t("observability.traces.none")} rowKey={(r) => `${r.traceId}/${r.spanId}`} rowTestId="slow-trace-row" />
            </Section>
            <Section title={t("observability.apm.errorTraces")} testId="service-errors">
              <DataTable label={t("observability.apm.errorTraces")} testId="service-error-traces" columns={columns} items={data.errorTraces} emptyText={t("observability.apm.noErrors")} rowKey={(r) => `${r.traceId}/${r.spanId}`} rowTestId="error-trace-row" />
            </Section>
          </div>
          <div className="grid gap-4 2xl:grid-cols-2">
            <Section title={t("observability.apm.upstream")} testId="service-upstream">
              <EdgesTable cluster={cluster} edges={data.upstream} side="source" testId="service-upstream-table" />
            </Section>
            <Section title={t("observability.apm.downstream")} testId="service-downstream">
              <EdgesTable cluster={cluster} edges={data.downstream} side="target" testId="service-downstream-table" />
            </Section>
          </div>
        </>
      )}
    </DetailPage>
  );
}
