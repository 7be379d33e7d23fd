import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { detailPath } from "../resources/paths";
import type { HostItem } from "./useHosts";

/** The Node page of a host that is a Kubernetes node (collector in cluster mode); else a dash. */
export function NodeLink({ host }: { host: Pick<HostItem, "clusterId" | "clusterName" | "nodeName"> }) {
  const { t } = useTranslation();
  if (!host.clusterId || !host.nodeName) return <span className="text-slate-400">—</span>;
  return (
    <Link
      to={detailPath("nodes", host.clusterId, "", host.nodeName)}
      data-testid="host-node-link"
      title={t("hosts.openNode", { node: host.nodeName })}
      className="text-teal-700 hover:underline dark:text-teal-400"
    >
      {host.clusterName ? `${host.clusterName}/${host.nodeName}` : host.nodeName}
    </Link>
  );
}
