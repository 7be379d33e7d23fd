import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { errorMessage } from "../../ui/errorMessage";
import { RelativeTime } from "../../ui/RelativeTime";
import { StatusBadge } from "../../ui/StatusBadge";
import { Panel } from "../resources/detail/Panel";
import { LiveValue } from "./Facts";
import { HostCharts } from "./HostCharts";
import { HostExtras } from "./HostExtras";
import { HostTables } from "./HostTables";
import { NodeLink } from "./NodeLink";
import { byteRate, bytes, decimal, percent } from "./format";
import { useHost, useHostBreakdown, type HostBreakdown, type HostItem } from "./useHosts";

/** One host: live values every 5 s, trends, per-disk/interface/filesystem tables and the extras. */
export function HostDetailPage() {
  const { t } = useTranslation();
  const { hostId = "" } = useParams();
  const host = useHost(hostId);
  const item = host.data;
  const sampled = item !== undefined && item.status !== "pending";
  const live = useHostBreakdown(hostId, sampled);

  return (
    <section aria-labelledby="host-title" className="space-y-5">
      <Link to="/hosts" className="text-sm text-teal-700 hover:underline dark:text-teal-400">
        {t("hosts.back")}
      </Link>
      {host.isError && !item && (
        <Panel testId="host-error" tone="error">
          {host.error instanceof ApiError && host.error.status === 404 ? t("hosts.notFound", { id: hostId }) : errorMessage(host.error, t)}
        </Panel>
      )}
      {!item && !host.isError && <Panel testId="host-loading">{t("list.loading")}</Panel>}
      {item && (
        <>
          <Header host={item} />
          {!sampled ? (
            <Panel testId="host-pending" tone="note">
              {item.mode === "cluster" ? t("hosts.pendingCluster") : t("hosts.pending")}
            </Panel>
          ) : (
            <>
              {live.isError && (
                <Panel testId="host-live-error" tone="error">
                  {t("hosts.liveError", { message: errorMessage(live.error, t) })}
                </Panel>
              )}
              {live.data ? <LiveValues breakdown={live.data} /> : !live.isError && <Panel testId="host-live-loading">{t("list.loading")}</Panel>}
              <HostCharts hostId={hostId} />
              {live.data && (
                <>
                  <HostTables breakdown={live.data} />
                  <HostExtras breakdown={live.data} />
                </>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

function Header({ host }: { host: HostItem }) {
  const { t } = useTranslation();
  const facts = [host.hostname, host.os, host.kernel, host.arch, host.cpuCount ? t("hosts.cpus", { count: host.cpuCount }) : "", host.collectorVersion ? t("hosts.collector", { version: host.collectorVersion }) : ""].filter(Boolean);
  return (
    <header className="space-y-1">
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="host-title" data-testid="host-name" className="text-xl font-semibold">
          {host.name}
        </h1>
        <StatusBadge status={host.status} />
        <span className="text-sm text-slate-500 dark:text-slate-400">{t(`hosts.modes.${host.mode}`)}</span>
      </div>
      {facts.length > 0 && <p className="text-sm text-slate-600 dark:text-slate-300">{facts.join(" · ")}</p>}
      <p className="flex flex-wrap gap-x-4 text-sm text-slate-500 dark:text-slate-400">
        <span>
          {t("hosts.lastSample")}: {host.lastSampleAt ? <RelativeTime iso={host.lastSampleAt} /> : t("hosts.noSample")}
        </span>
        {host.clusterId && (
          <span>
            {t("hosts.node")}: <NodeLink host={host} />
          </span>
        )}
      </p>
    </header>
  );
}

function LiveValues({ breakdown }: { breakdown: HostBreakdown }) {
  const { t, i18n } = useTranslation();
  const { cpu, memory } = breakdown;
  return (
    <section aria-labelledby="host-live" className="space-y-2">
      <div className="flex items-baseline gap-3">
        <h2 id="host-live" className="text-base font-semibold">
          {t("hosts.live")}
        </h2>
        <span className="text-sm text-slate-500 dark:text-slate-400">
          {t("hosts.sampledAt")}{" "}
          <time data-testid="host-live-time" dateTime={breakdown.time}>
            {new Date(breakdown.time).toLocaleTimeString(i18n.language)}
          </time>
        </span>
      </div>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-5">
        <LiveValue testId="host-live-cpu" label={t("hosts.columns.cpu")} value={percent(cpu.percent)} detail={t("hosts.loadDetail", { load: `${decimal(cpu.load1)} · ${decimal(cpu.load5)} · ${decimal(cpu.load15)}` })} />
        <LiveValue testId="host-live-memory" label={t("hosts.columns.memory")} value={percent(memory.percent)} detail={`${bytes(memory.usedBytes)} / ${bytes(memory.totalBytes)}`} />
        <LiveValue testId="host-live-swap" label={t("hosts.swap")} value={percent(memory.swapPercent)} detail={`${bytes(memory.swapUsedBytes)} / ${bytes(memory.swapTotalBytes)}`} />
        <LiveValue
          testId="host-live-disk"
          label={t("hosts.columns.disk")}
          value={byteRate(breakdown.diskReadBps)}
          detail={t("hosts.diskDetail", { write: byteRate(breakdown.diskWriteBps), count: breakdown.disks.length })}
        />
        <LiveValue
          testId="host-live-network"
          label={t("hosts.columns.network")}
          value={byteRate(breakdown.netRxBps)}
          detail={t("hosts.networkDetail", { sent: byteRate(breakdown.netTxBps), count: breakdown.interfaces.length })}
        />
      </div>
    </section>
  );
}
