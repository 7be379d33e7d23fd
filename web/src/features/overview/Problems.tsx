import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorMessage } from "../../ui/errorMessage";
import { StatusBadge, statusTone } from "../../ui/StatusBadge";
import { detailPath } from "../resources/paths";
import { Card, Note } from "./Card";
import { useNotReadyNodes, useProblemPods, type Overview } from "./useOverview";

const LINK = "font-mono text-xs text-teal-700 hover:underline dark:text-teal-400";

/** Pods in a problem status and nodes that are not ready, each linked to its page. */
export function Problems({ cluster, overview }: { cluster: string; overview: Overview }) {
  const { t } = useTranslation();
  // The same statuses the Master counts as problems: neither running nor finished as intended.
  const statuses = Object.keys(overview.pods.byStatus).filter((status) => {
    const tone = statusTone(status);
    return tone !== "good" && tone !== "neutral";
  });
  const pods = useProblemPods(cluster, statuses.slice(0, 8));
  const nodes = useNotReadyNodes(cluster, overview.nodes.notReady);
  const allClusters = cluster === "*";
  const nothing = statuses.length === 0 && overview.nodes.notReady === 0;

  return (
    <Card title={t("overview.problems.title")} testId="overview-problems">
      {nothing ? (
        <Note testId="overview-no-problems">{t("overview.problems.none")}</Note>
      ) : (
        <ul className="space-y-3 text-sm">
          {overview.nodes.notReady > 0 && (
            <li data-testid="problem-group">
              <p className="mb-1 flex items-center gap-2">
                <StatusBadge status="NotReady" />
                <span className="text-slate-600 dark:text-slate-300">{t("overview.problems.nodes", { count: overview.nodes.notReady })}</span>
              </p>
              {nodes.isError && <Note alert>{errorMessage(nodes.error, t)}</Note>}
              <ul className="ml-2 space-y-0.5">
                {nodes.data?.items.map((node) => (
                  <li key={`${node.cluster}/${node.name}`} data-testid="problem-item">
                    <Link to={detailPath("nodes", node.cluster, "", node.name)} className={LINK}>
                      {node.name}
                    </Link>
                    {allClusters && <span className="ml-2 text-xs text-slate-500">{node.clusterName}</span>}
                  </li>
                ))}
              </ul>
            </li>
          )}
          {statuses.map((status, index) => {
            const query = pods[index];
            const page = query?.data;
            return (
              <li key={status} data-testid="problem-group">
                <p className="mb-1 flex items-center gap-2">
                  <StatusBadge status={status} />
                  <span className="text-slate-600 dark:text-slate-300">
                    {t("overview.problems.pods", { count: overview.pods.byStatus[status] ?? 0 })}
                  </span>
                </p>
                {query?.isError && <Note alert>{errorMessage(query.error, t)}</Note>}
                {page && (
                  <ul className="ml-2 space-y-0.5">
                    {page.items.map((pod) => (
                      <li key={`${pod.cluster}/${pod.uid}`} data-testid="problem-item" className="flex flex-wrap items-baseline gap-x-2">
                        <Link to={detailPath("pods", pod.cluster, pod.namespace, pod.name)} className={LINK}>
                          {pod.namespace}/{pod.name}
                        </Link>
                        {allClusters && <span className="text-xs text-slate-500">{pod.clusterName}</span>}
                        {pod.restarts > 0 && (
                          <span className="text-xs text-slate-500">{t("overview.problems.restarts", { count: pod.restarts })}</span>
                        )}
                      </li>
                    ))}
                    {page.total > page.items.length && (
                      <li className="text-xs text-slate-500">{t("overview.problems.more", { count: page.total - page.items.length })}</li>
                    )}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
