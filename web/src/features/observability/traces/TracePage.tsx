import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { Panel } from "../../resources/detail/Panel";
import { LogEntry } from "../logs/LogEntry";
import { dateTime, millis } from "../shared/format";
import { DetailPage, PAGE_LINK, Section, Stat } from "../shared/Layout";
import { listPath, logsPath, TRACES_PATH } from "../shared/paths";
import type { TraceAnswer } from "../shared/types";
import { SpanPanel } from "./SpanPanel";
import { useTrace } from "./useTraces";
import { serviceColours } from "./waterfall";
import { Waterfall } from "./Waterfall";

/** One trace: its waterfall, the selected span (`?span=`) beside it, and its logs. */
export function TracePage() {
  const { t, i18n } = useTranslation();
  const { cluster = "", traceId = "" } = useParams();
  const trace = useTrace(cluster, traceId);

  return (
    <DetailPage
      back={{ to: listPath(TRACES_PATH, cluster), label: t("observability.trace.back") }}
      query={trace}
      notFound={
        <Panel testId="trace-not-found" tone="note">
          {t("observability.trace.notFound", { id: traceId })}
        </Panel>
      }
      testId="trace-title"
      title={
        <span>
          {t("observability.trace.title")} <span className="font-mono text-base">{traceId}</span>
        </span>
      }
      subtitle={trace.data && dateTime(trace.data.start, i18n.language)}
      actions={
        <Link to={logsPath(cluster, { traceId, range: "30d" })} data-testid="trace-logs-link" className={PAGE_LINK}>
          {t("observability.trace.openLogs")}
        </Link>
      }
    >
      {(data) => <TraceView cluster={cluster} data={data} />}
    </DetailPage>
  );
}

function TraceView({ cluster, data }: { cluster: string; data: TraceAnswer }) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const selectedId = search.get("span");
  const selected = data.spans.find((span) => span.spanId === selectedId) ?? null;
  const colours = useMemo(() => serviceColours(data.services, data.spans), [data]);
  const errors = data.spans.filter((span) => span.error).length;
  const logs = data.logs ?? [];
  const select = (spanId: string | null) =>
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (spanId) next.set("span", spanId);
        else next.delete("span");
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <Stat testId="trace-duration" label={t("observability.columns.duration")} value={millis(data.durationMs)} />
        <Stat testId="trace-spans" label={t("observability.trace.spans")} value={data.spans.length} />
        <Stat testId="trace-errors" label={t("observability.trace.errors")} value={errors} tone={errors > 0 ? "bad" : undefined} />
        <Stat testId="trace-services" label={t("observability.trace.services")} value={data.services.length} />
      </div>
      <div className="flex flex-wrap gap-3 text-xs" data-testid="trace-legend">
        {[...colours].map(([service, colour]) => (
          <span key={service} className="flex items-center gap-1">
            <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: colour }} />
            {service}
          </span>
        ))}
      </div>
      <div className={`grid gap-4 ${selected ? "xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" : ""}`}>
        <Waterfall spans={data.spans} durationMs={data.durationMs} colours={colours} selected={selected?.spanId ?? null} onSelect={select} />
        {selected && (
          <div className="xl:sticky xl:top-4 xl:self-start">
            <SpanPanel key={selected.spanId} span={selected} traceId={data.traceId} logs={logs} cluster={cluster} colour={colours.get(selected.service) ?? "#64748b"} onClose={() => select(null)} />
          </div>
        )}
      </div>
      <Section title={t("observability.trace.traceLogs", { count: logs.length })} testId="trace-logs">
        {logs.length === 0 ? (
          <p className="text-sm text-slate-500">{t("observability.trace.noLogs")}</p>
        ) : (
          <ul className="rounded-md border border-slate-200 dark:border-slate-800">
            {logs.map((log, index) => (
              <LogEntry key={`${log.time}/${index}`} row={log} cluster={cluster} language={i18n.language} />
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
