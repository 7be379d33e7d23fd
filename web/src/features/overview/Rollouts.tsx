import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorMessage } from "../../ui/errorMessage";
import { StatusBadge } from "../../ui/StatusBadge";
import { detailPath } from "../resources/paths";
import { Card, Note } from "./Card";
import { ROLLOUT_KINDS, useRollouts, type Overview, type RolloutKind } from "./useOverview";

/** Deployments, StatefulSets and DaemonSets whose rollout is progressing or failed. */
export function Rollouts({ cluster, overview }: { cluster: string; overview: Overview }) {
  const { t } = useTranslation();
  const notComplete: Partial<Record<RolloutKind, number>> = {};
  for (const kind of ROLLOUT_KINDS) {
    const summary = overview.workloads[kind];
    if (summary) notComplete[kind] = summary.total - summary.rolledOut;
  }
  const queries = useRollouts(cluster, notComplete);
  const rows = queries.flatMap((query) => (query.data ? query.data.items.map((row) => ({ kind: query.data.kind, row })) : []));
  const failed = queries.find((query) => query.isError);
  const waiting = queries.some((query) => query.isPending);

  return (
    <Card title={t("overview.rollouts.title")} testId="overview-rollouts">
      {failed && <Note alert>{errorMessage(failed.error, t)}</Note>}
      {queries.length === 0 ? (
        <Note testId="overview-no-rollouts">{t("overview.rollouts.none")}</Note>
      ) : rows.length === 0 && waiting ? (
        <Note>{t("list.loading")}</Note>
      ) : (
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-slate-500 dark:text-slate-400">
            <tr>
              <th className="py-1 pr-2 font-medium">{t("overview.rollouts.object")}</th>
              <th className="py-1 pr-2 font-medium">{t("overview.rollouts.updated")}</th>
              <th className="py-1 font-medium">{t("overview.rollouts.state")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ kind, row }) => (
              <tr key={`${kind}/${row.cluster}/${row.uid}`} data-testid="rollout-row" className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1 pr-2">
                  <Link
                    to={detailPath(kind, row.cluster, row.namespace, row.name)}
                    className="font-mono text-xs text-teal-700 hover:underline dark:text-teal-400"
                  >
                    {t(`overview.rollouts.kinds.${kind}`)} {row.namespace}/{row.name}
                  </Link>
                  {cluster === "*" && <span className="ml-2 text-xs text-slate-500">{row.clusterName}</span>}
                </td>
                <td className="py-1 pr-2 whitespace-nowrap">
                  {t("overview.rollouts.upToDate", { updated: row.upToDate, desired: row.desired })}
                </td>
                <td className="py-1">
                  <StatusBadge status={row.rollout} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
