import type { UseQueryResult } from "@tanstack/react-query";
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { LazyTimeSeriesChart } from "../../../ui/LazyTimeSeriesChart";
import type { TimeSeries } from "../../../ui/TimeSeriesChart";
import { ClusterGate } from "./ClusterGate";
import { QueryNotices } from "./QueryNotices";
import type { OtelBlock } from "./types";

/** A link in a page's text (back to a list, on to traces or logs). */
export const PAGE_LINK = "text-sm text-teal-700 hover:underline dark:text-teal-400";

interface PageHeaderProps {
  title: ReactNode;
  subtitle?: ReactNode;
  titleId: string;
  /** Controls on the right (range, actions). */
  actions?: ReactNode;
  testId?: string;
}

/** A page's title line: the heading and its subtitle, with controls (range, actions) on the right. */
export function PageHeader({ title, subtitle, titleId, actions, testId }: PageHeaderProps) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div className="min-w-0">
        <h1 id={titleId} data-testid={testId} className="text-xl font-semibold break-all">
          {title}
        </h1>
        {subtitle && <div className="text-sm text-slate-500 dark:text-slate-400">{subtitle}</div>}
      </div>
      {actions}
    </div>
  );
}

/**
 * A list page of the cluster chosen in the header: the title and subtitle of `page` (its
 * `observability.{page}` texts), then `children` for the cluster once there is one (ClusterGate).
 */
export function ClusterPage({ page, children }: { page: "apm" | "traces" | "logs" | "nodes" | "slo"; children: (cluster: string) => ReactNode }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="space-y-4">
      <PageHeader titleId={titleId} title={t(`observability.${page}.title`)} subtitle={t(`observability.${page}.subtitle`)} />
      <ClusterGate>{children}</ClusterGate>
    </section>
  );
}

/**
 * A page about one thing (a service, a trace, a node, an SLO): the link back to its list, the
 * header, the query's notices (QueryNotices), then `children` with the answer once it is there.
 */
export function DetailPage<T extends { otel: OtelBlock }>({
  back,
  query,
  notFound,
  children,
  ...header
}: Omit<PageHeaderProps, "titleId"> & {
  back: { to: string; label: string };
  query: UseQueryResult<T>;
  notFound?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="space-y-4">
      <Link to={back.to} className={PAGE_LINK}>
        {back.label}
      </Link>
      <PageHeader titleId={titleId} {...header} />
      <QueryNotices query={query} notFound={notFound} />
      {query.data ? children(query.data) : !query.isError && <p role="status" className="text-sm text-slate-500">{t("list.loading")}</p>}
    </section>
  );
}

/** A titled card of a page (a chart, a table). */
export function Section({ title, testId, children, action }: { title: ReactNode; testId: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section data-testid={testId} className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}

/** A chart in a titled card (its canvas is `{testId}-canvas`), or "no data" when no line has a point. */
export function ChartCard({
  title,
  testId,
  series,
  format,
  height,
  label = title,
  action,
}: {
  title: string;
  testId: string;
  series: TimeSeries[];
  format: (value: number) => string;
  height: number;
  /** The chart's accessible name, when the title alone does not say enough. */
  label?: string;
  action?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Section title={title} testId={testId} action={action}>
      {series.length === 0 ? (
        <p style={{ height }} className="grid place-items-center text-sm text-slate-500">
          {t("observability.noData")}
        </p>
      ) : (
        <LazyTimeSeriesChart label={label} series={series} format={format} height={height} testId={`${testId}-canvas`} />
      )}
    </Section>
  );
}

/** A headline number with its label. */
export function Stat({ label, value, testId, tone }: { label: string; value: ReactNode; testId: string; tone?: "bad" }) {
  return (
    <div data-testid={testId} className="rounded-lg border border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-900">
      <p className="text-xs font-medium text-slate-500 dark:text-slate-400">{label}</p>
      <p data-testid={`${testId}-value`} className={`text-lg font-semibold ${tone === "bad" ? "text-red-700 dark:text-red-400" : ""}`}>
        {value}
      </p>
    </div>
  );
}
