import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { LazyTimeSeriesChart } from "../../../ui/LazyTimeSeriesChart";
import { seriesIfAny } from "../../../ui/chartSeries";
import type { TimeSeries } from "../../../ui/TimeSeriesChart";
import { SloStatusBadge } from "../shared/Badges";
import { DataTable, type Column } from "../shared/DataTable";
import { millis, rate, share } from "../shared/format";
import { PageHeader, Section } from "../shared/Layout";
import { OtelBanner } from "../shared/OtelBanner";
import { SLO_PATH } from "../shared/paths";
import { QueryProblem } from "../shared/QueryProblem";
import { TimeControls } from "../shared/TimeControls";
import { OBS_RANGES, useTimeWindow } from "../shared/timeWindow";
import { TONE_COLOUR } from "../shared/tones";
import type { SloDetailAnswer, SloKind, SloWindowView } from "../shared/types";
import { BudgetBar } from "./BudgetBar";
import { useSloDetail } from "./useSlo";

const LINK = "text-sm text-teal-700 hover:underline dark:text-teal-400";

/** One ingress host or service: its windows and its availability and latency over a range. */
export function SloDetailPage() {
  const { t } = useTranslation();
  const { cluster = "" } = useParams();
  const [search] = useSearchParams();
  const kind: SloKind = search.get("kind") === "service" ? "service" : "ingress";
  const name = search.get("name") ?? "";
  const [timeWindow, controls] = useTimeWindow(OBS_RANGES, "24h");
  const detail = useSloDetail(cluster, kind, name, timeWindow);
  const data = detail.data;
  const item = data?.item;

  return (
    <section aria-labelledby="slo-detail-title" className="space-y-4">
      <Link to={`${SLO_PATH}?cluster=${encodeURIComponent(cluster)}`} className={LINK}>
        {t("observability.slo.back")}
      </Link>
      <PageHeader
        titleId="slo-detail-title"
        testId="slo-detail-title"
        title={
          <span className="flex items-center gap-3">
            {item?.hosts.length ? item.hosts.join(", ") : name}
            {item && <SloStatusBadge status={item.status} />}
          </span>
        }
        subtitle={`${t(`observability.slo.kinds.${kind}`)} · ${name}`}
        actions={<TimeControls ranges={OBS_RANGES} value={timeWindow} controls={controls} />}
      />
      <OtelBanner otel={data?.otel} />
      {detail.isError && <QueryProblem error={detail.error} onRetry={() => void detail.refetch()} />}
      {!data && !detail.isError && <p role="status" className="text-sm text-slate-500">{t("list.loading")}</p>}
      {data && item && (
        <>
          <p data-testid="slo-detail-target" className="text-sm">
            {t("observability.slo.targetAvailability", { value: share(item.target.availability) })} ·{" "}
            {t("observability.slo.targetLatency", { ms: item.target.latencyMs, objective: share(item.target.latencyObjective) })}
            {item.target.custom && <span className="ml-2 text-teal-700 dark:text-teal-400">{t("observability.slo.custom")}</span>}
          </p>
          <WindowsTable windows={item.windows} />
          <DetailCharts data={data} />
        </>
      )}
    </section>
  );
}

function WindowsTable({ windows }: { windows: SloWindowView[] }) {
  const { t } = useTranslation();
  const c = "observability.slo.columns";
  const columns: Column<SloWindowView>[] = [
    { key: "window", label: t(`${c}.windowName`), render: (w) => t(`observability.range.options.${w.window}`) },
    { key: "requests", label: t("observability.columns.requests"), render: (w) => w.requests.toLocaleString() },
    { key: "errors", label: t("observability.charts.errors"), render: (w) => w.errors.toLocaleString() },
    { key: "availability", label: t(`${c}.availability`), render: (w) => share(w.availability) },
    { key: "latency", label: t(`${c}.latencyShare`), render: (w) => share(w.latencyShare) },
    { key: "budget", label: t(`${c}.budget`), render: (w) => <BudgetBar remaining={w.errorBudgetRemaining} /> },
    { key: "burn", label: t(`${c}.burn`), render: (w) => (w.burnRate === null ? "—" : `×${w.burnRate.toFixed(2)}`) },
  ];
  return (
    <Section title={t("observability.slo.windows")} testId="slo-windows">
      <DataTable label={t("observability.slo.windows")} testId="slo-windows-table" columns={columns} items={windows} emptyText={t("observability.noData")} rowKey={(w) => w.window} rowTestId="slo-window-row" />
    </Section>
  );
}

function DetailCharts({ data }: { data: SloDetailAnswer }) {
  const { t } = useTranslation();
  const charts = useMemo(() => {
    const at = (value: (b: SloDetailAnswer["series"][number]) => number | null): [number, number][] =>
      data.series.flatMap((b) => {
        const v = value(b);
        return v === null ? [] : [[b.time * 1000, v] as [number, number]];
      });
    const flat = (v: number): [number, number][] => data.series.map((b) => [b.time * 1000, v]);
    const step = data.stepSeconds > 0 ? data.stepSeconds : 60;
    const target = data.item.target;
    const charts: { id: string; series: TimeSeries[]; format: (v: number) => string }[] = [
      {
        id: "availability",
        format: (v) => share(v),
        series: [...seriesIfAny(t("observability.slo.columns.availability"), at((b) => b.availability), "#0d9488"), ...seriesIfAny(t("observability.slo.target"), flat(target.availability), TONE_COLOUR.bad, { dashed: true })],
      },
      {
        id: "latency",
        format: millis,
        series: [...seriesIfAny("p50", at((b) => (b.requests ? b.p50Ms : null)), "#6366f1"), ...seriesIfAny("p99", at((b) => (b.requests ? b.p99Ms : null)), "#d97706"), ...seriesIfAny(t("observability.slo.target"), flat(target.latencyMs), TONE_COLOUR.bad, { dashed: true })],
      },
      {
        id: "requests",
        format: rate,
        series: [...seriesIfAny(t("observability.charts.requests"), at((b) => b.requests / step), "#0d9488", { area: true }), ...seriesIfAny(t("observability.charts.errors"), at((b) => b.errors / step), TONE_COLOUR.bad, { area: true })],
      },
    ];
    return charts;
  }, [data, t]);
  return (
    <div className="grid gap-4 xl:grid-cols-3">
      {charts.map((chart) => (
        <section key={chart.id} data-testid={`slo-chart-${chart.id}`} className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
          <h2 className="mb-2 text-sm font-semibold">{t(`observability.slo.charts.${chart.id}` as never)}</h2>
          {chart.series.length === 0 ? (
            <p className="grid h-[220px] place-items-center text-sm text-slate-500">{t("observability.noData")}</p>
          ) : (
            <LazyTimeSeriesChart label={t(`observability.slo.charts.${chart.id}` as never)} series={chart.series} format={chart.format} height={220} testId={`slo-chart-${chart.id}-canvas`} />
          )}
        </section>
      ))}
    </div>
  );
}
