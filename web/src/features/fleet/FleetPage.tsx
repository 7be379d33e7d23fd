import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ErrorBanner } from "../../ui/ListStates";
import { RelativeTime } from "../../ui/RelativeTime";
import { StatusBadge } from "../../ui/StatusBadge";
import { useCluster } from "../layout/ClusterContext";
import { useClusters, type ClusterInfo } from "../layout/useClusters";
import type { Overview } from "../overview/useOverview";
import { useClusterOverviews } from "./useFleet";

export function FleetPage() {
  const { t } = useTranslation();
  const clusters = useClusters();
  const items = clusters.data?.items;
  const overviews = useClusterOverviews(items ?? []);
  const online = items?.filter((item) => item.status === "online").length ?? 0;

  return (
    <section aria-labelledby="fleet-title" className="space-y-4">
      <div>
        <h1 id="fleet-title" className="text-xl font-semibold">
          {t("fleet.title")}
        </h1>
        {items && (
          <p data-testid="fleet-summary" className="text-sm text-slate-500 dark:text-slate-400">
            {t("fleet.summary", { count: items.length, online })}
          </p>
        )}
      </div>
      {clusters.isError && <ErrorBanner error={clusters.error} onRetry={() => void clusters.refetch()} />}
      {items === undefined ? (
        !clusters.isError && (
          <p role="status" className="text-sm text-slate-500">
            {t("list.loading")}
          </p>
        )
      ) : items.length === 0 ? (
        <p data-testid="fleet-empty" className="text-sm text-slate-500 dark:text-slate-400">
          {t("fleet.empty")}
        </p>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
          {items.map((item, index) => (
            <li key={item.id}>
              <ClusterCard cluster={item} overview={overviews[index]?.data} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** `part` as a whole percentage of `whole`, for a card's one-line summary. */
function share(part: number, whole: number): number {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}

function ClusterCard({ cluster, overview }: { cluster: ClusterInfo; overview: Overview | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { setCluster } = useCluster();
  const problems = overview ? overview.pods.problems + overview.nodes.notReady : null;

  return (
    <button
      type="button"
      data-testid="fleet-card"
      aria-label={t("fleet.open", { name: cluster.name })}
      onClick={() => {
        setCluster(cluster.id);
        void navigate("/overview");
      }}
      className="w-full rounded-lg border border-slate-200 bg-white p-4 text-left hover:border-teal-500 hover:shadow-sm focus-visible:outline-2 focus-visible:outline-teal-600 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-teal-500"
    >
      <div className="flex items-center justify-between gap-2">
        <span data-testid="fleet-card-name" className="truncate font-semibold">
          {cluster.name}
        </span>
        <StatusBadge status={cluster.status} />
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500 dark:text-slate-400">{t("fleet.lastSeen")}</dt>
        <dd>{cluster.lastSeen ? <RelativeTime iso={cluster.lastSeen} /> : t("fleet.never")}</dd>
        <dt className="text-slate-500 dark:text-slate-400">{t("fleet.agentVersion")}</dt>
        <dd className="font-mono text-xs">{cluster.agentVersion || t("fleet.unknown")}</dd>
        <dt className="text-slate-500 dark:text-slate-400">{t("fleet.nodes")}</dt>
        <dd data-testid="fleet-card-nodes">{cluster.nodeCount}</dd>
        <dt className="text-slate-500 dark:text-slate-400">{t("fleet.pods")}</dt>
        <dd data-testid="fleet-card-pods">{cluster.podCount}</dd>
        <dt className="text-slate-500 dark:text-slate-400">{t("fleet.problems")}</dt>
        <dd data-testid="fleet-card-problems" className={problems ? "font-medium text-red-700 dark:text-red-400" : ""}>
          {problems === null ? "—" : problems === 0 ? t("fleet.noProblems") : problems}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">{t("fleet.requested")}</dt>
        <dd data-testid="fleet-card-requested">
          {overview
            ? t("fleet.requestedValue", {
                cpu: share(overview.capacity.cpuRequestsMillicores, overview.capacity.cpuAllocatableMillicores),
                memory: share(overview.capacity.memoryRequestsBytes, overview.capacity.memoryAllocatableBytes),
              })
            : "—"}
        </dd>
      </dl>
      {cluster.status === "pending" && <p className="mt-2 text-xs text-amber-700 dark:text-amber-300">{t("fleet.pendingHint")}</p>}
      {(cluster.unavailableKinds?.length ?? 0) > 0 && (
        <p className="mt-2 text-xs text-slate-500" title={cluster.unavailableKinds?.join(", ")}>
          {t("fleet.unavailableKinds", { count: cluster.unavailableKinds?.length ?? 0 })}
        </p>
      )}
    </button>
  );
}
