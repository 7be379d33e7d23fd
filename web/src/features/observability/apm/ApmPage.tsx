import { useTranslation } from "react-i18next";
import { formatDuration } from "../../../lib/format";
import { RelativeTime } from "../../../ui/RelativeTime";
import { ClusterPage, Section } from "../shared/Layout";
import { QueryNotices } from "../shared/QueryNotices";
import { ServiceMap } from "./ServiceMap";
import { ServicesTable } from "./ServicesTable";
import { useApm } from "./useApm";

/** The service map and the services table from the Agent's summary. */
export function ApmPage() {
  return <ClusterPage page="apm">{(cluster) => <ApmView cluster={cluster} />}</ClusterPage>;
}

function ApmView({ cluster }: { cluster: string }) {
  const { t } = useTranslation();
  const apm = useApm(cluster);
  const data = apm.data;
  return (
    <>
      <QueryNotices query={apm} />
      {data?.otel.refreshedAt && (
        <p data-testid="apm-window" className="text-sm text-slate-500 dark:text-slate-400">
          {t("observability.apm.window", { window: formatDuration(data.otel.windowSeconds) })} · {t("observability.refreshed")} <RelativeTime iso={data.otel.refreshedAt} />
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
