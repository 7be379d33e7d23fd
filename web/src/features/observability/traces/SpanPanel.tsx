import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Tabs } from "../../../ui/Tabs";
import { dateTime, millis, timeOfDay } from "../shared/format";
import { KeyValues } from "../shared/KeyValues";
import { ErrorMark } from "../shared/Badges";
import type { LogRow, SpanEvent, SpanRow } from "../shared/types";
import { LogEntry } from "../logs/LogEntry";
import { errorMessage } from "../../../ui/errorMessage";
import { useSpan } from "./useTraces";

type TabId = "attributes" | "resource" | "events" | "logs";

/** The selected span: its facts, attributes and resource (read when it is opened), events
 * (exceptions in full) and logs. */
export function SpanPanel({ span, traceId, logs, cluster, colour, onClose }: { span: SpanRow; traceId: string; logs: LogRow[]; cluster: string; colour: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [tab, setTab] = useState<TabId>(span.events?.length ? "events" : "attributes");
  const opened = useSpan(cluster, traceId, span.spanId);
  const own = logs.filter((log) => log.spanId === span.spanId);
  const events = span.events ?? [];
  const maps = (values: (data: NonNullable<typeof opened.data>) => Record<string, string>, testId: string) => {
    if (opened.data) return <KeyValues values={values(opened.data)} testId={testId} />;
    if (opened.isError)
      return (
        <p data-testid="span-maps-error" className="text-sm text-red-700 dark:text-red-400">
          {errorMessage(opened.error, t)}
        </p>
      );
    return (
      <p data-testid="span-maps-loading" className="text-sm text-slate-500">
        {t("list.loading")}
      </p>
    );
  };
  const tabs = [
    {
      id: "attributes" as const,
      label: opened.data ? t("observability.trace.attributes", { count: Object.keys(opened.data.attributes ?? {}).length }) : t("observability.trace.attributesUnread"),
    },
    { id: "resource" as const, label: t("observability.trace.resource") },
    { id: "events" as const, label: t("observability.trace.events", { count: events.length }) },
    { id: "logs" as const, label: t("observability.trace.logs", { count: own.length }) },
  ];
  return (
    <aside aria-label={t("observability.trace.spanDetails")} data-testid="span-panel" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="flex items-center gap-2 text-xs font-medium" style={{ color: colour }}>
            <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: colour }} />
            {span.service}
          </p>
          <h2 data-testid="span-panel-name" className="font-mono text-sm font-semibold break-all">
            {span.name}
          </h2>
        </div>
        <button type="button" data-testid="span-panel-close" aria-label={t("console.close")} onClick={onClose} className="rounded-md px-2 text-lg leading-none text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800">
          ×
        </button>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
        <dt className="text-slate-500">{t("observability.columns.status")}</dt>
        <dd className="flex items-center gap-2">
          <ErrorMark error={span.error} />
          {span.statusMessage && <span className="break-all">{span.statusMessage}</span>}
        </dd>
        <dt className="text-slate-500">{t("observability.trace.kind")}</dt>
        <dd>{span.kind}</dd>
        <dt className="text-slate-500">{t("observability.columns.duration")}</dt>
        <dd data-testid="span-panel-duration">{millis(span.durationMs)}</dd>
        <dt className="text-slate-500">{t("observability.columns.start")}</dt>
        <dd>
          {dateTime(span.start, i18n.language)} (+{millis(span.offsetMs)})
        </dd>
        <dt className="text-slate-500">{t("observability.trace.spanId")}</dt>
        <dd className="font-mono">{span.spanId}</dd>
        {span.parentSpanId && (
          <>
            <dt className="text-slate-500">{t("observability.trace.parent")}</dt>
            <dd className="font-mono">{span.parentSpanId}</dd>
          </>
        )}
      </dl>
      <Tabs label={t("observability.trace.spanDetails")} tabs={tabs} current={tab} onSelect={setTab}>
        {tab === "attributes" && maps((data) => data.attributes ?? {}, "span-attributes")}
        {tab === "resource" && maps((data) => data.resource ?? {}, "span-resource")}
        {tab === "events" && <Events events={events} language={i18n.language} />}
        {tab === "logs" &&
          (own.length === 0 ? (
            <p className="text-sm text-slate-500">{t("observability.trace.noSpanLogs")}</p>
          ) : (
            <ul data-testid="span-logs" className="rounded-md border border-slate-200 dark:border-slate-800">
              {own.map((log, index) => (
                <LogEntry key={`${log.time}/${index}`} row={log} cluster={cluster} language={i18n.language} />
              ))}
            </ul>
          ))}
      </Tabs>
    </aside>
  );
}

function Events({ events, language }: { events: SpanEvent[]; language: string }) {
  const { t } = useTranslation();
  if (events.length === 0) return <p className="text-sm text-slate-500">{t("observability.trace.noEvents")}</p>;
  return (
    <ol data-testid="span-events" className="space-y-3">
      {events.map((event, index) => {
        const attributes = { ...event.attributes };
        const stacktrace = attributes["exception.stacktrace"];
        delete attributes["exception.stacktrace"];
        const exception = event.name === "exception";
        return (
          <li key={`${event.time}/${index}`} data-testid="span-event" className={`rounded-md border p-2 ${exception ? "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/30" : "border-slate-200 dark:border-slate-700"}`}>
            <p className="mb-1 flex justify-between gap-2 text-xs">
              <span className={`font-semibold ${exception ? "text-red-800 dark:text-red-300" : ""}`}>
                {exception ? `${attributes["exception.type"] ?? event.name}` : event.name}
              </span>
              <span className="font-mono text-slate-500">{timeOfDay(event.time, language)}</span>
            </p>
            {exception && attributes["exception.message"] && <p className="mb-1 text-xs break-words">{attributes["exception.message"]}</p>}
            <KeyValues values={attributes} testId="span-event-attributes" />
            {stacktrace && (
              <details open className="mt-2">
                <summary className="cursor-pointer text-xs font-medium">{t("observability.trace.stacktrace")}</summary>
                <pre data-testid="span-stacktrace" className="mt-1 max-h-72 overflow-auto rounded bg-slate-900 p-2 text-[11px] leading-snug text-slate-100">
                  {stacktrace}
                </pre>
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
