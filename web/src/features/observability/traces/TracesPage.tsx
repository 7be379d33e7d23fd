import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { PAGE_SIZES, useListParams } from "../../../lib/useListParams";
import { Pagination } from "../../../ui/Pagination";
import { BUTTON, INLINE_INPUT } from "../../../ui/controls";
import { useApm } from "../apm/useApm";
import { DataTable } from "../shared/DataTable";
import { ClusterPage } from "../shared/Layout";
import { tracePath } from "../shared/paths";
import { QueryNotices } from "../shared/QueryNotices";
import { TimeControls } from "../shared/TimeControls";
import { OBS_RANGES, useTimeWindow } from "../shared/timeWindow";
import { TraceFilterBar, type TraceFilterValues } from "./TraceFilterBar";
import { traceColumns } from "./traceColumns";
import { useTraces, type TraceFilters } from "./useTraces";

const FILTERS = ["service", "operation", "status", "minMs", "maxMs"] as const;
/** The Master's sort keys, which are also the keys of the sortable columns. */
const SORTABLE = new Set(["start", "duration"]);

function number(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Traces matching filters over a time range, sorted and paged by the Master. */
export function TracesPage() {
  return <ClusterPage page="traces">{(cluster) => <TracesView cluster={cluster} />}</ClusterPage>;
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
  const values: TraceFilterValues = { service: filters.service, operation: filters.operation, status: filters.status, minMs: f.minMs ?? "", maxMs: f.maxMs ?? "" };

  return (
    <>
      <TraceFilterBar services={services} values={values} onChange={(next) => change({ filters: next })} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <TimeControls ranges={OBS_RANGES} value={timeWindow} controls={controls} />
        <FindTrace cluster={cluster} />
      </div>
      <QueryNotices query={traces} />
      <div>
        <DataTable
          label={t("observability.traces.title")}
          testId="traces-table"
          columns={traceColumns(cluster, t, i18n.language)}
          items={data?.items}
          isError={traces.isError}
          busy={traces.isFetching}
          emptyText={t("observability.traces.none")}
          rowKey={(row) => `${row.traceId}/${row.spanId}`}
          rowTestId="trace-row"
          serverSort={{ sort: sortText, onSort: (sort) => change({ sort }) }}
        />
        {data && <Pagination offset={params.offset} limit={params.limit} total={data.total} onOffset={(offset) => change({ offset })} limits={PAGE_SIZES} onLimit={(limit) => change({ limit })} />}
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
