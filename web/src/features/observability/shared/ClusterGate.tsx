import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { BUTTON } from "../../../ui/controls";
import { errorMessage } from "../../../ui/errorMessage";
import { Panel } from "../../resources/detail/Panel";
import { ALL_CLUSTERS, useCluster } from "../../layout/ClusterContext";
import { useClusters } from "../../layout/useClusters";

/**
 * OpenTelemetry data is read from one cluster's ClickHouse, so these pages need one cluster: the
 * one chosen in the header, the only one there is, or one the reader picks here. A link may name
 * it in `?cluster=`, which becomes the header's choice.
 */
export function ClusterGate({ children }: { children: (cluster: string) => ReactNode }) {
  const { t } = useTranslation();
  const { cluster, setCluster } = useCluster();
  const clusters = useClusters();
  const [search, setSearch] = useSearchParams();
  const linked = search.get("cluster");

  useEffect(() => {
    if (!linked) return;
    setCluster(linked);
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.delete("cluster");
        return next;
      },
      { replace: true },
    );
  }, [linked, setCluster, setSearch]);

  const chosen = linked ?? cluster;
  if (chosen !== ALL_CLUSTERS) return children(chosen);
  const items = clusters.data?.items;
  if (items?.length === 1 && items[0]) return children(items[0].id);
  if (!items) {
    return clusters.isError ? (
      <Panel testId="obs-clusters-error" tone="error">
        {errorMessage(clusters.error, t)}
      </Panel>
    ) : (
      <Panel testId="obs-clusters-loading">{t("list.loading")}</Panel>
    );
  }
  if (items.length === 0) return <Panel testId="obs-no-cluster">{t("observability.cluster.none")}</Panel>;
  return (
    <div data-testid="obs-choose-cluster" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <p className="text-sm">{t("observability.cluster.choose")}</p>
      <div className="flex flex-wrap gap-2">
        {items.map((item) => (
          <button key={item.id} type="button" className={BUTTON} data-testid="obs-cluster-choice" onClick={() => setCluster(item.id)}>
            {item.name}
          </button>
        ))}
      </div>
    </div>
  );
}
