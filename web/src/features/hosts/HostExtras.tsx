import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { formatDuration } from "../../lib/format";
import { FactCard } from "./Facts";
import { count, decimal, percent, perSecond } from "./format";
import type { HostBreakdown } from "./useHosts";

type PsiResource = Schemas["PsiResource"];

function NotMeasured() {
  const { t } = useTranslation();
  return <p className="text-sm text-slate-500 dark:text-slate-400">{t("hosts.extras.notMeasured")}</p>;
}

/** The node-level extras: CPU split, PSI, TCP, paging, softnet, NTP, temperatures, uptime. */
export function HostExtras({ breakdown }: { breakdown: HostBreakdown }) {
  const { t, i18n } = useTranslation();
  const { cpu, psi, tcp, vmstat, softnet, ntp } = breakdown;
  const psiRow = (name: string, resource: PsiResource | null | undefined): [string, ReactNode][] =>
    resource
      ? [
          [`${name} · ${t("hosts.extras.some")}`, `${percent(resource.some.avg10)} · ${percent(resource.some.avg60)} · ${percent(resource.some.avg300)}`],
          ...(resource.full
            ? ([[`${name} · ${t("hosts.extras.full")}`, `${percent(resource.full.avg10)} · ${percent(resource.full.avg60)} · ${percent(resource.full.avg300)}`]] as [string, ReactNode][])
            : []),
        ]
      : [];

  return (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
      <FactCard
        title={t("hosts.extras.cpu")}
        testId="host-cpu-card"
        facts={[
          [t("hosts.extras.user"), percent(cpu.timesPercent?.user)],
          [t("hosts.extras.system"), percent(cpu.timesPercent?.system)],
          [t("hosts.extras.iowait"), percent(cpu.timesPercent?.iowait)],
          [t("hosts.extras.steal"), percent(cpu.timesPercent?.steal)],
          [t("hosts.extras.idle"), percent(cpu.timesPercent?.idle)],
          [t("hosts.extras.load"), `${decimal(cpu.load1)} · ${decimal(cpu.load5)} · ${decimal(cpu.load15)}`],
          [t("hosts.extras.cores"), cpu.coresPercent.length ? cpu.coresPercent.map((core) => `${Math.round(core)}%`).join(" ") : "—"],
        ]}
      />
      <FactCard title={t("hosts.extras.psi")} testId="host-psi-card" facts={psi ? [[t("hosts.extras.psiWindows"), "10s · 60s · 300s"], ...psiRow(t("hosts.columns.cpu"), psi.cpu), ...psiRow(t("hosts.extras.memory"), psi.memory), ...psiRow(t("hosts.extras.io"), psi.io)] : undefined}>
        {psi ? undefined : <NotMeasured />}
      </FactCard>
      <FactCard
        title={t("hosts.extras.tcp")}
        testId="host-tcp-card"
        facts={
          tcp
            ? [
                [t("hosts.extras.established"), count(tcp.states?.established ?? tcp.currEstab)],
                [t("hosts.extras.timeWait"), count(tcp.states?.timeWait)],
                [t("hosts.extras.closeWait"), count(tcp.states?.closeWait)],
                [t("hosts.extras.listen"), count(tcp.states?.listen)],
                [t("hosts.extras.activeOpens"), perSecond(tcp.activeOpensPs)],
                [t("hosts.extras.passiveOpens"), perSecond(tcp.passiveOpensPs)],
                [t("hosts.extras.retransmits"), perSecond(tcp.retransSegsPs)],
                [t("hosts.extras.resets"), perSecond(tcp.estabResetsPs)],
                [t("hosts.extras.listenDrops"), perSecond(tcp.listenDropsPs)],
              ]
            : undefined
        }
      >
        {tcp ? undefined : <NotMeasured />}
      </FactCard>
      <FactCard
        title={t("hosts.extras.vmstat")}
        testId="host-vmstat-card"
        facts={
          vmstat
            ? [
                [t("hosts.extras.pageFaults"), perSecond(vmstat.pgfaultPs)],
                [t("hosts.extras.majorFaults"), perSecond(vmstat.pgmajfaultPs)],
                [t("hosts.extras.swapIn"), perSecond(vmstat.pswpinPs)],
                [t("hosts.extras.swapOut"), perSecond(vmstat.pswpoutPs)],
                [t("hosts.extras.oomKills"), perSecond(vmstat.oomKillPs)],
              ]
            : undefined
        }
      >
        {vmstat ? undefined : <NotMeasured />}
      </FactCard>
      <FactCard
        title={t("hosts.extras.softnet")}
        testId="host-softnet-card"
        facts={
          softnet
            ? [
                [t("hosts.extras.processed"), perSecond(softnet.processedPs)],
                [t("hosts.extras.dropped"), perSecond(softnet.droppedPs)],
                [t("hosts.extras.squeezed"), perSecond(softnet.timeSqueezePs)],
              ]
            : undefined
        }
      >
        {softnet ? undefined : <NotMeasured />}
      </FactCard>
      <FactCard
        title={t("hosts.extras.ntp")}
        testId="host-ntp-card"
        facts={
          ntp
            ? [
                [t("hosts.extras.synced"), ntp.synced ? t("hosts.extras.yes") : t("hosts.extras.no")],
                [t("hosts.extras.offset"), `${decimal(ntp.offsetSeconds * 1000, 3)} ms`],
                [t("hosts.extras.maxError"), `${decimal(ntp.maxErrorSeconds * 1000, 1)} ms`],
                [t("hosts.extras.estError"), `${decimal(ntp.estErrorSeconds * 1000, 3)} ms`],
              ]
            : undefined
        }
      >
        {ntp ? undefined : <NotMeasured />}
      </FactCard>
      <FactCard
        title={t("hosts.extras.temperatures")}
        testId="host-temperatures-card"
        facts={breakdown.temperatures.length ? breakdown.temperatures.map((s) => [`${s.sensor}${s.label ? ` · ${s.label}` : ""}`, `${s.celsius.toFixed(1)} °C`]) : undefined}
      >
        {breakdown.temperatures.length ? undefined : <NotMeasured />}
      </FactCard>
      <FactCard
        title={t("hosts.extras.system")}
        testId="host-system-card"
        facts={[
          [t("hosts.extras.uptime"), breakdown.uptimeSeconds == null ? "—" : formatDuration(breakdown.uptimeSeconds)],
          [t("hosts.extras.bootTime"), breakdown.bootTime ? new Date(breakdown.bootTime).toLocaleString(i18n.language) : "—"],
        ]}
      />
    </div>
  );
}
