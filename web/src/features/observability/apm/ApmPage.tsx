import { useTranslation } from "react-i18next";
import { formatDuration } from "../../../lib/format";
import { RelativeTime } from "../../../ui/RelativeTime";
import { ClusterGate } from "../shared/ClusterGate";
import { PageHeader, Section } from "../shared/Layout";
import { OtelBanner } from "../shared/OtelBanner";
import { QueryProblem } from "../shared/QueryProblem";
import { ServiceMap } from "./ServiceMap";
import { ServicesTable } from "./ServicesTable";
import { useApm } from "./useApm";

/** The service map and the services table from the Agent's summary. */
export function ApmPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="apm-title" className="space-y-4">
      <PageHeader titleId="apm-title" title={t("observability.apm.title")} subtitle={t("observability.apm.subtitle")} />
      <ClusterGate>{(cluster) => <ApmView cluster={cluster} />}</ClusterGate>
    </section>
  );
}

function ApmView({ cluster }: { cluster: string }) {
  const { t } = useTranslation();
  const apm = useApm(cluster);
  const data = apm.data;
  return (
    <>
      <OtelBanner otel={data?.otel} />
      {apm.isError && <QueryProblem error={apm.error} onRetry={() => void apm.refetch()} />}
      {data?.otel.refreshedAt && (
        <p data-testid="apm-window" className="text-sm text-slate-500 dark:text-slate-400">
          {t("observability.apm.window", { window: formatDuration(data.otel.windowSeconds ?? 0) })} · {t("observability.refreshed")} <RelativeTime iso={data.otel.refreshedAt} />
        </p>
      )}
      <Section title={t("observability.apm.map")} testId="apm-map">
        <ServiceMap cluster={cluster} map={data?.map} />
      </Section>
      <Section title={t("observability.apm.services")} testId="apm-services">
        <ServicesTable cluster={cluster} services={data?.services} isError={apm.isError} />
      </Section>
    </>
  );
}
