import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../api/client";
import { errorMessage } from "../../../ui/errorMessage";
import { OtelBanner } from "./OtelBanner";
import type { OtelBlock } from "./types";

/**
 * A failed observability query, in the page: the Master's words (the Agent's error, an offline
 * cluster, a timeout) and a retry, instead of a blank page. The Master refuses queries with 409
 * when the cluster's Agent has no ClickHouse; that gets the same banner as the summary pages.
 */
function QueryProblem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 409) return <OtelBanner otel={{ status: "disabled" }} />;
  return (
    <div
      role="alert"
      data-testid="obs-error"
      className="flex items-start justify-between gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-700 dark:bg-red-950/40 dark:text-red-200"
    >
      <span className="break-words">{t("observability.queryError", { message: errorMessage(error, t) })}</span>
      <button type="button" onClick={onRetry} className="shrink-0 rounded-md border border-current px-2 py-0.5 hover:bg-red-100 dark:hover:bg-red-900/40">
        {t("list.retry")}
      </button>
    </div>
  );
}

/** A page's query, as far as its notices need it (a react-query result fits). */
interface AnswerQuery {
  data: { otel: OtelBlock } | undefined;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * What a page says above its content about its answer: where the data comes from (OtelBanner)
 * and, when the query failed, why, with a retry. `notFound` stands in for a 404.
 */
export function QueryNotices({ query, notFound }: { query: AnswerQuery; notFound?: ReactNode }) {
  const missing = query.error instanceof ApiError && query.error.status === 404;
  return (
    <>
      <OtelBanner otel={query.data?.otel} />
      {query.isError && (notFound && missing ? notFound : <QueryProblem error={query.error} onRetry={() => void query.refetch()} />)}
    </>
  );
}
