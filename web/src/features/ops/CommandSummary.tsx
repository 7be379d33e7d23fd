import { useTranslation } from "react-i18next";
import type { Summary } from "./outputs";

interface Props {
  summary: Summary;
  /** A dry run speaks of what would happen. */
  dryRun: boolean;
}

function PodList({ pods, testId }: { pods: string[]; testId: string }) {
  return (
    <ul data-testid={testId} className="mt-1 mb-2 max-h-40 list-disc overflow-y-auto pl-5 font-mono text-xs">
      {pods.map((pod) => (
        <li key={pod}>{pod}</li>
      ))}
    </ul>
  );
}

/** An action's output in words: "Replicas: 3 → 5", the pods a drain evicts and which are blocked. */
export function CommandSummary({ summary, dryRun }: Props) {
  const { t } = useTranslation();
  const { changes, evicted, blocked, skipped, deleted, restartedAt } = summary;
  const drain = evicted.length > 0 || blocked.length > 0 || skipped.length > 0;
  return (
    <div className="space-y-1">
      {changes.map((change) => (
        <p key={`${change.subject}-${change.container ?? ""}`} data-testid={`change-${change.subject}`}>
          {change.subject === "unschedulable"
            ? t("ops.changes.unschedulable", {
                from: t(`ops.scheduling.${change.from === "true" ? "off" : "on"}`),
                to: t(`ops.scheduling.${change.to === "true" ? "off" : "on"}`),
              })
            : t(`ops.changes.${change.subject}`, { from: change.from || "—", to: change.to || "—", container: change.container })}
        </p>
      ))}
      {deleted && <p data-testid="change-deleted">{t(dryRun ? "ops.wouldDelete" : "ops.deleted", { object: deleted })}</p>}
      {restartedAt !== null && <p data-testid="change-restart">{t("ops.restartedAt", { stamp: restartedAt })}</p>}
      {drain && (
        <div data-testid="drain-summary">
          {blocked.length > 0 && (
            <div role="note" className="mb-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-200">
              <p className="font-medium">{t("ops.blocked", { count: blocked.length })}</p>
              <ul data-testid="drain-blocked" className="mt-1 list-disc pl-5 text-xs">
                {blocked.map((item) => (
                  <li key={item.pod}>
                    {item.budget
                      ? t("ops.blockedBy", { pod: item.pod, budget: item.budget })
                      : t("ops.blockedReason", { pod: item.pod, reason: item.reason || t("errors.unknown") })}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <p>
            {evicted.length === 0
              ? t("ops.noEvictions")
              : t(dryRun ? "ops.wouldEvict" : "ops.evicted", { count: evicted.length })}
          </p>
          {evicted.length > 0 && <PodList pods={evicted} testId="drain-evict" />}
          {skipped.length > 0 && (
            <>
              <p className="mt-2">{t("ops.skipped", { count: skipped.length })}</p>
              <PodList pods={skipped.map((item) => t("ops.skippedItem", { pod: item.pod, reason: item.reason }))} testId="drain-skipped" />
            </>
          )}
        </div>
      )}
    </div>
  );
}
