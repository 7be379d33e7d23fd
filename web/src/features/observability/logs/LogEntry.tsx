import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { SeverityBadge } from "../shared/Badges";
import { timeOfDay } from "../shared/format";
import { KeyValues } from "../shared/KeyValues";
import { tracePath } from "../shared/paths";
import { severityStripe } from "../shared/tones";
import type { LogRow } from "../shared/types";
import { highlight, type SearchTerms } from "./highlight";

const NO_TERMS: SearchTerms = { tokens: [], phrases: [] };

/** The body with the search's matches marked. */
export function HighlightedBody({ body, terms }: { body: string; terms: SearchTerms }) {
  return (
    <>
      {highlight(body, terms).map((segment, index) =>
        segment.match ? (
          <mark key={index} data-testid="log-match" className="rounded-sm bg-yellow-200 text-black dark:bg-yellow-500/70">
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}

/**
 * One log record: time, severity, service and body on a line coloured by severity; a click
 * expands its attributes, where it ran and the link to its trace.
 */
export function LogEntry({ row, cluster, terms = NO_TERMS, showDate = false, language }: { row: LogRow; cluster: string; terms?: SearchTerms; showDate?: boolean; language: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const date = showDate ? new Date(Date.parse(row.time)).toLocaleDateString(language) : "";
  return (
    <li data-testid="log-row" data-severity={row.severity} className={`border-b border-l-4 border-b-slate-100 last:border-b-0 dark:border-b-slate-800 ${severityStripe(row.severity)}`}>
      <button type="button" aria-expanded={open} data-testid="log-row-toggle" onClick={() => setOpen(!open)} className="flex w-full items-start gap-3 px-3 py-1.5 text-left hover:bg-slate-50 dark:hover:bg-slate-800/50">
        <span className="shrink-0 font-mono text-xs whitespace-nowrap text-slate-500" title={row.time}>
          {date && `${date} `}
          {timeOfDay(row.time, language)}
        </span>
        <SeverityBadge severity={row.severity} />
        <span className="w-28 shrink-0 truncate text-xs font-medium" title={row.service}>
          {row.service}
        </span>
        <span data-testid="log-body" className={`min-w-0 flex-1 font-mono text-xs ${open ? "break-words whitespace-pre-wrap" : "truncate"}`}>
          <HighlightedBody body={row.body} terms={terms} />
        </span>
        {row.traceId && (
          <span className="shrink-0 text-teal-700 dark:text-teal-400" title={t("observability.logs.hasTrace")}>
            <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round">
              <path d="M2 3h7M4 8h8M6 13h8" />
            </svg>
          </span>
        )}
      </button>
      {open && (
        <div data-testid="log-details" className="space-y-2 bg-slate-50 px-4 py-2 dark:bg-slate-800/40">
          <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs">
            {row.namespace && <Fact label={t("observability.columns.namespace")} value={row.namespace} />}
            {row.pod && <Fact label={t("observability.columns.pod")} value={row.pod} />}
            {row.spanId && <Fact label={t("observability.trace.spanId")} value={row.spanId} />}
            {row.traceId && (
              <div className="flex gap-1">
                <dt className="text-slate-500">{t("observability.columns.trace")}</dt>
                <dd>
                  <Link to={tracePath(cluster, row.traceId, row.spanId || undefined)} data-testid="log-trace-link" className="font-mono text-teal-700 hover:underline dark:text-teal-400">
                    {row.traceId}
                  </Link>
                </dd>
              </div>
            )}
          </dl>
          <KeyValues values={row.attributes} testId="log-attributes" />
        </div>
      )}
    </li>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex gap-1">
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-mono">{value}</dd>
    </div>
  );
}
