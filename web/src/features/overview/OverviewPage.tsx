import { useTranslation } from "react-i18next";
import { formatBytes } from "../../lib/format";
import { ErrorBanner } from "../../ui/ListStates";
import { StatusBadge, statusTone, type Tone } from "../../ui/StatusBadge";
import { ALL_CLUSTERS, useCluster } from "../layout/ClusterContext";
import { useClusters } from "../layout/useClusters";
import { CapacityBar } from "./CapacityBar";
import { Card, Note, Stat } from "./Card";
import { useFormatCores } from "./format";
import { Problems } from "./Problems";
import { RecentCommands } from "./RecentCommands";
import { Rollouts } from "./Rollouts";
import { ROLLOUT_KINDS, useOverview, type Overview } from "./useOverview";
import { WarningEvents } from "./WarningEvents";

const TONE_BAR: Record<Tone, string> = {
  good: "bg-emerald-500",
  warn: "bg-amber-500",
  bad: "bg-red-500",
  neutral: "bg-slate-400",
};

export function OverviewPage() {
  const { t } = useTranslation();
  const { cluster } = useCluster();
  const overview = useOverview(cluster);
  const clusters = useClusters();
  const fleet = cluster === ALL_CLUSTERS;
  const scope = fleet ? t("header.allClusters") : (clusters.data?.items.find((item) => item.id === cluster)?.name ?? cluster);

  return (
    <section aria-labelledby="overview-title" className="space-y-4">
      <div>
        <h1 id="overview-title" className="text-xl font-semibold">
          {t("overview.title")}
        </h1>
        <p data-testid="overview-scope" className="text-sm text-slate-500 dark:text-slate-400">
          {overview.data && fleet
            ? t("overview.fleetScope", { count: overview.data.clusters, reporting: overview.data.clustersWithData })
            : scope}
        </p>
      </div>
      {overview.isError && <ErrorBanner error={overview.error} onRetry={() => void overview.refetch()} />}
      {overview.data === undefined ? (
        !overview.isError && (
          <p role="status" data-testid="overview-loading" className="text-sm text-slate-500">
            {t("list.loading")}
          </p>
        )
      ) : overview.data.clustersWithData === 0 ? (
        <div data-testid="overview-empty" className="space-y-4">
          <Note>{fleet ? t("overview.emptyFleet") : t("overview.emptyCluster")}</Note>
          <RecentCommands cluster={cluster} />
        </div>
      ) : (
        <OverviewBody cluster={cluster} overview={overview.data} />
      )}
    </section>
  );
}

function OverviewBody({ cluster, overview }: { cluster: string; overview: Overview }) {
  const { t } = useTranslation();
  const cores = useFormatCores();
  const { nodes, pods, capacity } = overview;
  return (
    <>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat
          testId="stat-nodes"
          label={t("overview.stats.nodes")}
          tone={nodes.notReady > 0 ? "bad" : "plain"}
          value={t("overview.stats.readyOf", { ready: nodes.ready, total: nodes.total })}
          detail={
            <>
              {t("overview.stats.notReady", { count: nodes.notReady })} · {t("overview.stats.cordoned", { count: nodes.cordoned })}
            </>
          }
        />
        <Stat
          testId="stat-pods"
          label={t("overview.stats.pods")}
          value={pods.total}
          detail={t("overview.stats.restarts", { count: pods.restarts })}
        />
        <Stat
          testId="stat-problems"
          label={t("overview.stats.problems")}
          tone={pods.problems > 0 ? "bad" : "plain"}
          value={pods.problems}
          detail={t("overview.stats.problemsDetail")}
        />
        <Stat
          testId="stat-workloads"
          label={t("overview.stats.workloads")}
          value={ROLLOUT_KINDS.reduce((sum, kind) => sum + (overview.workloads[kind]?.total ?? 0), 0)}
          detail={ROLLOUT_KINDS.map((kind) => {
            const summary = overview.workloads[kind];
            return (
              <div key={kind}>
                {t(`overview.rollouts.kinds.${kind}`)}: {t("overview.stats.rolledOut", { done: summary?.rolledOut ?? 0, total: summary?.total ?? 0 })}
              </div>
            );
          })}
        />
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t("overview.capacity.title")} testId="overview-capacity">
          <div className="space-y-4">
            <CapacityBar
              label={t("overview.capacity.cpu")}
              testId="capacity-cpu"
              allocatable={capacity.cpuAllocatableMillicores}
              requests={capacity.cpuRequestsMillicores}
              usage={capacity.cpuUsageMillicores}
              format={cores}
            />
            <CapacityBar
              label={t("overview.capacity.memory")}
              testId="capacity-memory"
              allocatable={capacity.memoryAllocatableBytes}
              requests={capacity.memoryRequestsBytes}
              usage={capacity.memoryUsageBytes}
              format={formatBytes}
            />
          </div>
        </Card>
        <Card title={t("overview.podStatus.title")} testId="overview-pod-status">
          {pods.total === 0 ? (
            <Note>{t("overview.podStatus.none")}</Note>
          ) : (
            <>
              <div role="img" aria-label={t("overview.podStatus.bar")} className="mb-3 flex h-3 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
                {Object.entries(pods.byStatus).map(([status, count]) => (
                  <div
                    key={status}
                    title={`${status}: ${count}`}
                    className={TONE_BAR[statusTone(status)]}
                    style={{ width: `${(100 * count) / pods.total}%` }}
                  />
                ))}
              </div>
              <ul className="flex flex-wrap gap-2">
                {Object.entries(pods.byStatus).map(([status, count]) => (
                  <li key={status} data-testid="pod-status-count" className="flex items-center gap-1 text-sm">
                    <StatusBadge status={status} />
                    <span className="font-medium tabular-nums">{count}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>
        <Problems cluster={cluster} overview={overview} />
        <Rollouts cluster={cluster} overview={overview} />
        <WarningEvents cluster={cluster} events={overview.warningEvents} />
        <RecentCommands cluster={cluster} />
      </div>
    </>
  );
}
