import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { errorMessage } from "../../ui/errorMessage";
import { ALL_CLUSTERS, useCluster } from "./ClusterContext";
import { useClusters } from "./useClusters";

export function ClusterSwitcher() {
  const { t } = useTranslation();
  const { cluster, setCluster } = useCluster();
  const clusters = useClusters();
  const [, setSearch] = useSearchParams();
  const items = clusters.data?.items;

  // A remembered cluster that no longer exists falls back to all clusters.
  useEffect(() => {
    if (items && cluster !== ALL_CLUSTERS && !items.some((item) => item.id === cluster)) {
      setCluster(ALL_CLUSTERS);
    }
  }, [items, cluster, setCluster]);

  const problem = clusters.isError ? t("header.clustersError", { message: errorMessage(clusters.error, t) }) : undefined;

  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-500 dark:text-slate-400">{t("header.cluster")}</span>
      <select
        data-testid="cluster-switcher"
        value={cluster}
        title={problem}
        aria-invalid={clusters.isError || undefined}
        onChange={(event) => {
          setCluster(event.target.value);
          // Another cluster's list starts on its first page.
          setSearch(
            (previous) => {
              const next = new URLSearchParams(previous);
              next.delete("offset");
              return next;
            },
            { replace: true },
          );
        }}
        className="max-w-56 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
      >
        <option value={ALL_CLUSTERS}>{t("header.allClusters")}</option>
        {clusters.isPending && (
          <option disabled value="">
            {t("header.clustersLoading")}
          </option>
        )}
        {items?.map((item) => (
          <option key={item.id} value={item.id}>
            {t("header.clusterOption", { name: item.name, status: t(`clusterStatus.${item.status}`, item.status) })}
          </option>
        ))}
      </select>
      {problem && (
        <span role="alert" title={problem} className="max-w-xs truncate text-xs text-red-700 dark:text-red-300">
          {problem}
        </span>
      )}
    </label>
  );
}
