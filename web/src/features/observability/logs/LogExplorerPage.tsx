import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { PAGE_SIZES, useListParams } from "../../../lib/useListParams";
import { Pagination } from "../../../ui/Pagination";
import { INLINE_INPUT, LABEL, PRIMARY_BUTTON, SMALL_BUTTON } from "../../../ui/controls";
import { ClusterPage, Section } from "../shared/Layout";
import { QueryNotices } from "../shared/QueryNotices";
import { TimeControls } from "../shared/TimeControls";
import { OBS_RANGES, useTimeWindow } from "../shared/timeWindow";
import { Facets, type FacetName } from "./Facets";
import { parseQuery } from "./highlight";
import { LogEntry } from "./LogEntry";
import { LogHistogram } from "./LogHistogram";
import { useLogs, type LogFilters } from "./useLogs";

const FILTERS = ["service", "severity", "namespace", "pod", "traceId"] as const;
/** Services and severities may be several (comma-separated in the URL); namespace and pod one. */
const MULTI = new Set<FacetName>(["service", "severity"]);

const list = (text: string | undefined) => (text ? text.split(",").filter(Boolean) : []);

/**
 * Search over the OpenTelemetry log records of a cluster (not a pod's container log): words or a
 * "quoted phrase", facets, a histogram to zoom with, and links from records to their traces.
 */
export function LogExplorerPage() {
  return <ClusterPage page="logs">{(cluster) => <LogExplorer cluster={cluster} />}</ClusterPage>;
}

function LogExplorer({ cluster }: { cluster: string }) {
  const { t, i18n } = useTranslation();
  const [params, change] = useListParams(FILTERS);
  const [timeWindow, controls] = useTimeWindow(OBS_RANGES, "1h");
  const f = params.filters;
  const selected: Record<FacetName, string[]> = { service: list(f.service), severity: list(f.severity), namespace: list(f.namespace), pod: list(f.pod) };
  const filters: LogFilters = {
    q: params.q,
    services: selected.service,
    severities: selected.severity,
    namespace: f.namespace ?? "",
    pod: f.pod ?? "",
    traceId: f.traceId ?? "",
    limit: params.limit,
    offset: params.offset,
  };
  const logs = useLogs(cluster, timeWindow, filters);
  const data = logs.data;
  const terms = useMemo(() => parseQuery(params.q), [params.q]);

  const toggle = (facet: FacetName, value: string) => {
    const current = selected[facet];
    const next = current.includes(value) ? current.filter((v) => v !== value) : MULTI.has(facet) ? [...current, value] : [value];
    change({ filters: { [facet]: next.join(",") } });
  };
  const chips = [
    ...(Object.keys(selected) as FacetName[]).flatMap((facet) => selected[facet].map((value) => ({ key: `${facet}:${value}`, label: `${t(`observability.columns.${facet}`)}: ${value}`, clear: () => toggle(facet, value) }))),
    ...(filters.traceId ? [{ key: "trace", label: `${t("observability.columns.trace")}: ${filters.traceId}`, clear: () => change({ filters: { traceId: "" } }) }] : []),
  ];

  return (
    <>
      <SearchForm value={params.q} onSearch={(q) => change({ q })} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div data-testid="log-filters" className="flex flex-wrap gap-2">
          {chips.map((chip) => (
            <span key={chip.key} className="flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-3 text-xs dark:bg-slate-800">
              {chip.label}
              <button type="button" aria-label={t("observability.logs.removeFilter", { filter: chip.label })} onClick={chip.clear} className="rounded-full px-1.5 hover:bg-slate-200 dark:hover:bg-slate-700">
                ×
              </button>
            </span>
          ))}
        </div>
        <TimeControls ranges={OBS_RANGES} value={timeWindow} controls={controls} />
      </div>
      <QueryNotices query={logs} />
      <Section
        title={t("observability.logs.histogram")}
        testId="log-histogram"
        action={
          data && (
            <span data-testid="log-total" className="text-sm text-slate-500">
              {t("observability.logs.total", { count: data.total })}
            </span>
          )
        }
      >
        {data ? <LogHistogram buckets={data.histogram} stepSeconds={data.stepSeconds} onZoom={controls.setCustom} /> : <p className="h-[150px]" />}
      </Section>
      <div className="flex flex-col gap-4 lg:flex-row">
        <aside className="w-full shrink-0 lg:w-60">
          <Facets facets={data?.facets} selected={selected} onToggle={toggle} />
        </aside>
        <div className="min-w-0 flex-1">
          <div data-testid="log-results" aria-busy={logs.isFetching} className="overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            {!data ? (
              !logs.isError && <p role="status" className="p-6 text-center text-sm text-slate-500">{t("list.loading")}</p>
            ) : data.items.length === 0 ? (
              <p data-testid="log-empty" className="p-6 text-center text-sm text-slate-500">
                {t("observability.logs.none")}
              </p>
            ) : (
              <ul data-testid="log-rows">
                {data.items.map((row, index) => (
                  <LogEntry key={`${params.offset + index}/${row.time}`} row={row} cluster={cluster} terms={terms} showDate={timeWindow.range === "7d" || timeWindow.range === "30d"} language={i18n.language} />
                ))}
              </ul>
            )}
          </div>
          {data && <Pagination offset={params.offset} limit={params.limit} total={data.total} onOffset={(offset) => change({ offset })} limits={PAGE_SIZES} onLimit={(limit) => change({ limit })} />}
        </div>
      </div>
    </>
  );
}

function SearchForm({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form role="search" onSubmit={submit} className="flex flex-col gap-1">
      <label htmlFor="log-search" className={LABEL}>
        {t("observability.logs.search")}
      </label>
      <div className="flex gap-2">
        <input
          id="log-search"
          type="search"
          data-testid="log-search"
          value={text}
          maxLength={512}
          placeholder={t("observability.logs.searchPlaceholder")}
          onChange={(event) => setText(event.target.value)}
          className={`${INLINE_INPUT} min-w-0 flex-1 font-mono`}
        />
        <button type="submit" data-testid="log-search-submit" className={PRIMARY_BUTTON}>
          {t("observability.logs.searchButton")}
        </button>
        {value && (
          <button type="button" className={SMALL_BUTTON} onClick={() => onSearch("")}>
            {t("observability.logs.clearSearch")}
          </button>
        )}
      </div>
    </form>
  );
}
