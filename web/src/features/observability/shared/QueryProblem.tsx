import { useTranslation } from "react-i18next";
import { ApiError } from "../../../api/client";
import { errorMessage } from "../../../ui/errorMessage";
import { OtelBanner } from "./OtelBanner";

/**
 * A failed observability query, in the page: the Master's words (the Agent's error, an offline
 * cluster, a timeout) and a retry, instead of a blank page. The Master refuses queries with 409
 * when the cluster's Agent has no ClickHouse; that gets the same banner as the summary pages.
 */
export function QueryProblem({ error, onRetry, testId = "obs-error" }: { error: unknown; onRetry?: () => void; testId?: string }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 409) return <OtelBanner otel={{ status: "disabled" }} />;
  return (
    <div
      role="alert"
      data-testid={testId}
      className="flex items-start justify-between gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-700 dark:bg-red-950/40 dark:text-red-200"
    >
      <span className="break-words">{t("observability.queryError", { message: errorMessage(error, t) })}</span>
      {onRetry && (
        <button type="button" onClick={onRetry} className="shrink-0 rounded-md border border-current px-2 py-0.5 hover:bg-red-100 dark:hover:bg-red-900/40">
          {t("list.retry")}
        </button>
      )}
    </div>
  );
}
