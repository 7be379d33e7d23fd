import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { RelativeTime } from "../../../ui/RelativeTime";
import { detailPath } from "../../resources/paths";
import { DataTable, type Column } from "../shared/DataTable";
import { byteRate, bytes, celsius, percent, plain, seconds, share } from "../shared/format";
import { ClusterPage } from "../shared/Layout";
import { nodeHardwarePath } from "../shared/paths";
import { QueryNotices } from "../shared/QueryNotices";
import type { NodeHardware } from "../shared/types";
import { useNodeHardware } from "./useNodeMetrics";

/** Every node's newest node_exporter values; a node opens its charts. */
export function NodeHardwarePage() {
  return <ClusterPage page="nodes">{(cluster) => <NodeHardwareList cluster={cluster} />}</ClusterPage>;
}

function NodeHardwareList({ cluster }: { cluster: string }) {
  const { t } = useTranslation();
  const query = useNodeHardware(cluster);
  const c = "observability.nodes.columns";
  const columns: Column<NodeHardware>[] = [
    {
      key: "node",
      label: t(`${c}.node`),
      sortValue: (n) => n.node,
      render: (n) => (
        <div>
          <Link to={nodeHardwarePath(cluster, n.node)} data-testid="node-hardware-link" className="font-medium text-teal-700 hover:underline dark:text-teal-400">
            {n.node}
          </Link>
          <div className="flex gap-2 text-xs text-slate-500">
            <span className="font-mono">{n.instance}</span>
            {n.node !== n.instance && (
              <Link to={detailPath("nodes", cluster, "", n.node)} className="hover:underline">
                {t("observability.nodes.kubernetesNode")}
              </Link>
            )}
          </div>
        </div>
      ),
    },
    { key: "cpu", label: t(`${c}.cpu`), sortValue: (n) => n.cpuPercent, render: (n) => percent(n.cpuPercent) },
    { key: "load", label: t(`${c}.load`), sortValue: (n) => n.load1, render: (n) => plain(n.load1) },
    { key: "memory", label: t(`${c}.memory`), sortValue: (n) => n.memoryUsedBytes, render: (n) => `${bytes(n.memoryUsedBytes)} / ${bytes(n.memoryTotalBytes)}` },
    {
      key: "disk",
      label: t(`${c}.disk`),
      sortValue: (n) => n.diskReadBps + n.diskWriteBps,
      render: (n) => (
        <div className="text-xs">
          <div>{t("observability.nodes.read", { value: byteRate(n.diskReadBps) })}</div>
          <div>{t("observability.nodes.written", { value: byteRate(n.diskWriteBps) })}</div>
        </div>
      ),
    },
    {
      key: "network",
      label: t(`${c}.network`),
      sortValue: (n) => n.netRxBps + n.netTxBps,
      render: (n) => (
        <div className="text-xs">
          <div>{t("observability.nodes.received", { value: byteRate(n.netRxBps) })}</div>
          <div>{t("observability.nodes.sent", { value: byteRate(n.netTxBps) })}</div>
        </div>
      ),
    },
    { key: "filesystem", label: t(`${c}.filesystem`), sortValue: (n) => n.filesystemUsedPercent, render: (n) => percent(n.filesystemUsedPercent) },
    { key: "temperature", label: t(`${c}.temperature`), sortValue: (n) => n.temperatureCelsius ?? -1, render: (n) => celsius(n.temperatureCelsius) },
    { key: "psi", label: t(`${c}.psi`), sortValue: (n) => n.psiCpuWaiting, render: (n) => share(n.psiCpuWaiting) },
    { key: "tcp", label: t(`${c}.tcp`), sortValue: (n) => n.tcpEstablished, render: (n) => plain(n.tcpEstablished) },
    { key: "ntp", label: t(`${c}.ntp`), sortValue: (n) => Math.abs(n.ntpOffsetSeconds ?? 0), render: (n) => seconds(n.ntpOffsetSeconds) },
    { key: "lastSeen", label: t(`${c}.lastSeen`), render: (n) => <RelativeTime iso={n.lastSeen} /> },
  ];
  return (
    <>
      <QueryNotices query={query} />
      <DataTable
        label={t("observability.nodes.title")}
        testId="node-hardware-table"
        columns={columns}
        items={query.data?.items}
        isError={query.isError}
        emptyText={t("observability.nodes.none")}
        rowKey={(n) => n.instance}
        rowTestId="node-hardware-row"
        defaultSort="node"
      />
    </>
  );
}
