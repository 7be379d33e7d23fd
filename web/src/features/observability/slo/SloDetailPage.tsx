import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { seriesIfAny } from "../../../ui/chartSeries";
import type { TimeSeries } from "../../../ui/TimeSeriesChart";
import { SloStatusBadge } from "../shared/Badges";
import { DataTable, type Column } from "../shared/DataTable";
import { burnFactor, DASH, millis, rate, share } from "../shared/format";
import { ChartCard, DetailPage, Section } from "../shared/Layout";
import { listPath, SLO_PATH } from "../shared/paths";
import { TimeControls } from "../shared/TimeControls";
import { OBS_RANGES, useTimeWindow } from "../shared/timeWindow";
import { TONE_COLOUR } from "../shared/tones";
import type { SloDetailAnswer, SloKind, SloWindowView } from "../shared/types";
import { BudgetBar } from "./BudgetBar";
import { useSloDetail } from "./useSlo";

/** One ingress host or service: its windows and its availability and latency over a range. */
export function SloDetailPage() {
  const { t } = useTranslation();
  const { cluster = "" } = useParams();
  const [search] = useSearchParams();
  const kind: SloKind = search.get("kind") === "service" ? "service" : "ingress";
  const name = search.get("name") ?? "";
  const [timeWindow, controls] = useTimeWindow(OBS_RANGES, "24h");
  const detail = useSloDetail(cluster, kind, name, timeWindow);
  const item = detail.data?.item;

  return (
    <DetailPage
      back={{ to: listPath(SLO_PATH, cluster), label: t("observability.slo.back") }}
      query={detail}
      testId="slo-detail-title"
      title={
        <span className="flex items-center gap-3">
          {item?.hosts.length ? item.hosts.join(", ") : name}
          {item && <SloStatusBadge status={item.status} />}
        </span>
      }
      subtitle={`${t(`observability.slo.kinds.${kind}`)} · ${name}`}
      actions={<TimeControls ranges={OBS_RANGES} value={timeWindow} controls={controls} />}
    >
      {(data) => (
        <>
          <p data-testid="slo-detail-target" className="text-sm">
            {t("observability.slo.targetAvailability", { value: share(data.item.target.availability) })} ·{" "}
            {t("observability.slo.targetLatency", { ms: data.item.target.latencyMs, objective: share(data.item.target.latencyObjective) })}
            {data.item.target.custom && <span className="ml-2 text-teal-700 dark:text-teal-400">{t("observability.slo.custom")}</span>}
          </p>
          <WindowsTable windows={data.item.windows} />
          <DetailCharts data={data} />
        </>
      )}
    </DetailPage>
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
    { key: "burn", label: t(`${c}.burn`), render: (w) => (w.burnRate === null ? DASH : `×${burnFactor(w.burnRate)}`) },
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
    const charts: { id: "availability" | "latency" | "requests"; series: TimeSeries[]; format: (v: number) => string }[] = [
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
        <ChartCard key={chart.id} title={t(`observability.slo.charts.${chart.id}`)} testId={`slo-chart-${chart.id}`} series={chart.series} format={chart.format} height={220} />
      ))}
    </div>
  );
}
