import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useListParams } from "../../../lib/useListParams";
import { TableBodyStates, TableFrame } from "../../../ui/ListStates";
import { Pagination } from "../../../ui/Pagination";
import { PlainHeader, SortableHeader } from "../../../ui/SortableHeader";
import { BUTTON } from "../../../ui/controls";
import { INLINE_INPUT } from "../shared/controls";
import { useApm } from "../apm/useApm";
import { ClusterGate } from "../shared/ClusterGate";
import { PageHeader } from "../shared/Layout";
import { OtelBanner } from "../shared/OtelBanner";
import { tracePath } from "../shared/paths";
import { QueryProblem } from "../shared/QueryProblem";
import { TimeControls } from "../shared/TimeControls";
import { OBS_RANGES, useTimeWindow } from "../shared/timeWindow";
import { TraceFilterBar, type TraceFilterValues } from "./TraceFilterBar";
import { traceColumns } from "./traceColumns";
import { useTraces, type TraceFilters } from "./useTraces";

const FILTERS = ["service", "operation", "status", "minMs", "maxMs"] as const;
const SORTABLE = new Set(["start", "duration"]);

function number(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Traces matching filters over a time range, sorted and paged by the Master. */
export function TracesPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="traces-title" className="space-y-4">
      <PageHeader titleId="traces-title" title={t("observability.traces.title")} subtitle={t("observability.traces.subtitle")} />
      <ClusterGate>{(cluster) => <TracesView cluster={cluster} />}</ClusterGate>
    </section>
  );
}

function TracesView({ cluster }: { cluster: string }) {
  const { t, i18n } = useTranslation();
  const [params, change] = useListParams(FILTERS);
  const [timeWindow, controls] = useTimeWindow(OBS_RANGES, "1h");
  const f = params.filters;
  const sortText = params.sort && SORTABLE.has(params.sort.replace(/^-/, "")) ? params.sort : "-start";
  const filters: TraceFilters = {
    service: f.service ?? "",
    operation: f.operation ?? "",
    status: f.status === "ok" || f.status === "error" ? f.status : "any",
    minDurationMs: number(f.minMs),
    maxDurationMs: number(f.maxMs),
    sort: sortText.replace(/^-/, "") as TraceFilters["sort"],
    order: sortText.startsWith("-") ? "desc" : "asc",
    limit: params.limit,
    offset: params.offset,
  };
  const traces = useTraces(cluster, timeWindow, filters);
  const services = useApm(cluster).data?.services.map((s) => s.name) ?? [];
  const data = traces.data;
  const columns = traceColumns(cluster, t, i18n.language);
  const values: TraceFilterValues = { service: filters.service, operation: filters.operation, status: filters.status, minMs: f.minMs ?? "", maxMs: f.maxMs ?? "" };

  return (
    <>
      <TraceFilterBar services={services} values={values} onChange={(next) => change({ filters: next })} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <TimeControls ranges={OBS_RANGES} value={timeWindow} controls={controls} />
        <FindTrace cluster={cluster} />
      </div>
      <OtelBanner otel={data?.otel} />
      {traces.isError && <QueryProblem error={traces.error} onRetry={() => void traces.refetch()} />}
      <div>
        <TableFrame
          label={t("observability.traces.title")}
          testId="traces-table"
          busy={traces.isFetching}
          header={columns.map((column) =>
            SORTABLE.has(column.key) ? (
              <SortableHeader key={column.key} sortKey={column.key} sort={sortText} onSort={(sort) => change({ sort })}>
                {column.label}
              </SortableHeader>
            ) : (
              <PlainHeader key={column.key}>{column.label}</PlainHeader>
            ),
          )}
        >
          <TableBodyStates items={data?.items} isError={traces.isError} colSpan={columns.length} emptyText={t("observability.traces.none")}>
            {(rows) =>
              rows.map((row) => (
                <tr key={`${row.traceId}/${row.spanId}`} data-testid="trace-row" className="border-t border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50">
                  {columns.map((column) => (
                    <td key={column.key} className={`px-3 py-2 whitespace-nowrap ${column.mono ? "font-mono text-xs" : ""}`}>
                      {column.render(row)}
                    </td>
                  ))}
                </tr>
              ))
            }
          </TableBodyStates>
        </TableFrame>
        {data && <Pagination offset={params.offset} limit={params.limit} total={data.total} onOffset={(offset) => change({ offset })} limits={[50, 100, 500]} onLimit={(limit) => change({ limit })} />}
      </div>
    </>
  );
}

/** Jump to a trace by its id, as Jaeger's search box does. */
function FindTrace({ cluster }: { cluster: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [id, setId] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const traceId = id.trim().toLowerCase();
    if (traceId) void navigate(tracePath(cluster, traceId));
  };
  return (
    <form onSubmit={submit} className="flex gap-2">
      <input aria-label={t("observability.traces.findLabel")} placeholder={t("observability.traces.findPlaceholder")} data-testid="find-trace" value={id} onChange={(e) => setId(e.target.value)} className={`${INLINE_INPUT} w-72 font-mono`} />
      <button type="submit" className={BUTTON}>
        {t("observability.traces.find")}
      </button>
    </form>
  );
}
