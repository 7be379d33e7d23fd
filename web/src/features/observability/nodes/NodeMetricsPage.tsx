import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { LazyTimeSeriesChart } from "../../../ui/LazyTimeSeriesChart";
import { RangePicker, useRangeParam } from "../../../ui/RangePicker";
import { detailPath } from "../../resources/paths";
import { byteRate, bytes, celsius, percentValue, plain, seconds } from "../shared/format";
import { PageHeader, Stat } from "../shared/Layout";
import { OtelBanner } from "../shared/OtelBanner";
import { NODE_HARDWARE_PATH } from "../shared/paths";
import { QueryProblem } from "../shared/QueryProblem";
import { NODE_RANGES } from "../shared/timeWindow";
import type { NodeHardware } from "../shared/types";
import { panelsOf } from "./panels";
import { useNodeMetrics } from "./useNodeMetrics";

const LINK = "text-sm text-teal-700 hover:underline dark:text-teal-400";

/** One node's hardware over 1 h, 6 h or 24 h: a chart per metric group. */
export function NodeMetricsPage() {
  const { t } = useTranslation();
  const { cluster = "", node = "" } = useParams();
  const [range, setRange] = useRangeParam(NODE_RANGES, "1h");
  const query = useNodeMetrics(cluster, node, range);
  const data = query.data;
  const panels = useMemo(() => (data ? panelsOf(data.series) : []), [data]);

  return (
    <section aria-labelledby="node-metrics-title" className="space-y-4">
      <Link to={`${NODE_HARDWARE_PATH}?cluster=${encodeURIComponent(cluster)}`} className={LINK}>
        {t("observability.nodes.back")}
      </Link>
      <PageHeader
        titleId="node-metrics-title"
        testId="node-metrics-name"
        title={node}
        subtitle={
          <span className="flex flex-wrap gap-3">
            {data?.instance && <span className="font-mono">{data.instance}</span>}
            <Link to={detailPath("nodes", cluster, "", node)} data-testid="node-k8s-link" className={LINK}>
              {t("observability.nodes.kubernetesNode")}
            </Link>
          </span>
        }
        actions={
          <RangePicker ranges={NODE_RANGES} value={range} onChange={setRange} label={t("observability.range.label")} optionLabel={(option) => t(`observability.range.options.${option}`)} testIdPrefix="node-range-" />
        }
      />
      <OtelBanner otel={data?.otel} />
      {query.isError && <QueryProblem error={query.error} onRetry={() => void query.refetch()} />}
      {!data && !query.isError && <p role="status" className="text-sm text-slate-500">{t("list.loading")}</p>}
      {data?.hardware && <Headline hardware={data.hardware} />}
      {data && panels.length === 0 && <p data-testid="node-metrics-empty" className="text-sm text-slate-500">{t("observability.noData")}</p>}
      <div className="grid gap-4 xl:grid-cols-2">
        {panels.map((panel) => {
          const group = t(`observability.nodes.panels.${panel.group}` as never, { defaultValue: panel.group }) as string;
          const unit = t(`observability.units.${panel.unit}` as never, { defaultValue: panel.unit }) as string;
          const title = panel.split ? `${group} · ${unit}` : group;
          return (
            <section
              key={panel.id}
              data-testid={`node-panel-${panel.id}`}
              data-lines={panel.series.length}
              className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
            >
              <h2 className="mb-2 flex items-baseline justify-between text-sm font-semibold">
                {title}
                <span className="text-xs font-normal text-slate-500">{unit}</span>
              </h2>
              <LazyTimeSeriesChart label={t("observability.nodes.chartLabel", { panel: title, node })} series={panel.series} format={panel.format} height={220} testId={`node-panel-${panel.id}-canvas`} />
            </section>
          );
        })}
      </div>
    </section>
  );
}

function Headline({ hardware }: { hardware: NodeHardware }) {
  const { t } = useTranslation();
  const c = "observability.nodes.columns";
  return (
    <div className="grid gap-3 sm:grid-cols-3 xl:grid-cols-6">
      <Stat testId="node-cpu" label={t(`${c}.cpu`)} value={percentValue(hardware.cpuPercent)} />
      <Stat testId="node-load" label={t(`${c}.load`)} value={plain(hardware.load1)} />
      <Stat testId="node-memory" label={t(`${c}.memory`)} value={`${bytes(hardware.memoryUsedBytes)} / ${bytes(hardware.memoryTotalBytes)}`} />
      <Stat testId="node-network" label={t(`${c}.network`)} value={`↓ ${byteRate(hardware.netRxBps)} ↑ ${byteRate(hardware.netTxBps)}`} />
      <Stat testId="node-temperature" label={t(`${c}.temperature`)} value={celsius(hardware.temperatureCelsius)} />
      <Stat testId="node-ntp" label={t(`${c}.ntp`)} value={seconds(hardware.ntpOffsetSeconds)} />
    </div>
  );
}
