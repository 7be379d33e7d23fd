import type { TFunction } from "i18next";
import { Link } from "react-router";
import { ErrorMark } from "../shared/Badges";
import type { Column } from "../shared/DataTable";
import { dateTime, millis, shortId } from "../shared/format";
import { tracePath } from "../shared/paths";
import type { TraceRow } from "../shared/types";

/** The columns of a list of traces (the traces page, a service's slow and failed traces). */
export function traceColumns(cluster: string, t: TFunction, language: string): Column<TraceRow>[] {
  return [
    {
      key: "start",
      label: t("observability.columns.start"),
      sortValue: (row) => row.start,
      render: (row) => <span title={row.start}>{dateTime(row.start, language)}</span>,
    },
    {
      key: "trace",
      label: t("observability.columns.trace"),
      mono: true,
      render: (row) => (
        <Link to={tracePath(cluster, row.traceId, row.spanId)} data-testid="trace-link" title={row.traceId} className="text-teal-700 hover:underline dark:text-teal-400">
          {shortId(row.traceId)}
        </Link>
      ),
    },
    { key: "service", label: t("observability.columns.service"), render: (row) => row.service },
    { key: "operation", label: t("observability.columns.operation"), render: (row) => <span className="font-mono text-xs">{row.operation}</span> },
    { key: "duration", label: t("observability.columns.duration"), sortValue: (row) => row.durationMs, render: (row) => millis(row.durationMs) },
    {
      key: "status",
      label: t("observability.columns.status"),
      render: (row) => (
        <span className="flex items-center gap-2">
          <ErrorMark error={row.error} />
          {row.httpStatus && <span className="font-mono text-xs text-slate-500">{row.httpStatus}</span>}
        </span>
      ),
    },
  ];
}
