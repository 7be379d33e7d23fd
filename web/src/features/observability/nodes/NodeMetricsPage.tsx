import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { RangePicker, useRangeParam } from "../../../ui/RangePicker";
import { detailPath } from "../../resources/paths";
import { byteRate, bytes, celsius, percent, plain, seconds } from "../shared/format";
import { ChartCard, DetailPage, PAGE_LINK, Stat } from "../shared/Layout";
import { listPath, NODE_HARDWARE_PATH } from "../shared/paths";
import { NODE_RANGES } from "../shared/timeWindow";
import type { NodeHardware } from "../shared/types";
import { panelsOf, type Line } from "./panels";
import { useNodeMetrics } from "./useNodeMetrics";

/** One node's hardware over 1 h, 6 h or 24 h: a chart per metric group. */
export function NodeMetricsPage() {
  const { t } = useTranslation();
  const { cluster = "", node = "" } = useParams();
  const [range, setRange] = useRangeParam(NODE_RANGES, "1h");
  const query = useNodeMetrics(cluster, node, range);

  return (
    <DetailPage
      back={{ to: listPath(NODE_HARDWARE_PATH, cluster), label: t("observability.nodes.back") }}
      query={query}
      testId="node-metrics-name"
      title={node}
      subtitle={
        <span className="flex flex-wrap gap-3">
          {query.data?.instance && <span className="font-mono">{query.data.instance}</span>}
          <Link to={detailPath("nodes", cluster, "", node)} data-testid="node-k8s-link" className={PAGE_LINK}>
            {t("observability.nodes.kubernetesNode")}
          </Link>
        </span>
      }
      actions={
        <RangePicker ranges={NODE_RANGES} value={range} onChange={setRange} label={t("observability.range.label")} optionLabel={(option) => t(`observability.range.options.${option}`)} testIdPrefix="node-range-" />
      }
    >
      {(data) => (
        <>
          {data.hardware && <Headline hardware={data.hardware} />}
          <Panels node={node} series={data.series} />
        </>
      )}
    </DetailPage>
  );
}

function Panels({ node, series }: { node: string; series: readonly Line[] }) {
  const { t } = useTranslation();
  const panels = useMemo(() => panelsOf(series), [series]);
  if (panels.length === 0) return <p data-testid="node-metrics-empty" className="text-sm text-slate-500">{t("observability.noData")}</p>;
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      {panels.map((panel) => {
        const group = t(`observability.nodes.panels.${panel.group}` as never, { defaultValue: panel.group }) as string;
        const unit = t(`observability.units.${panel.unit}` as never, { defaultValue: panel.unit }) as string;
        const title = panel.split ? `${group} · ${unit}` : group;
        return (
          <ChartCard
            key={panel.id}
            title={title}
            label={t("observability.nodes.chartLabel", { panel: title, node })}
            testId={`node-panel-${panel.id}`}
            series={panel.series}
            format={panel.format}
            height={220}
            action={<span className="text-xs font-normal text-slate-500">{unit}</span>}
          />
        );
      })}
    </div>
  );
}

function Headline({ hardware }: { hardware: NodeHardware }) {
  const { t } = useTranslation();
  const c = "observability.nodes.columns";
  return (
    <div className="grid gap-3 sm:grid-cols-3 xl:grid-cols-6">
      <Stat testId="node-cpu" label={t(`${c}.cpu`)} value={percent(hardware.cpuPercent)} />
      <Stat testId="node-load" label={t(`${c}.load`)} value={plain(hardware.load1)} />
      <Stat testId="node-memory" label={t(`${c}.memory`)} value={`${bytes(hardware.memoryUsedBytes)} / ${bytes(hardware.memoryTotalBytes)}`} />
      <Stat testId="node-network" label={t(`${c}.network`)} value={`↓ ${byteRate(hardware.netRxBps)} ↑ ${byteRate(hardware.netTxBps)}`} />
      <Stat testId="node-temperature" label={t(`${c}.temperature`)} value={celsius(hardware.temperatureCelsius)} />
      <Stat testId="node-ntp" label={t(`${c}.ntp`)} value={seconds(hardware.ntpOffsetSeconds)} />
    </div>
  );
}
