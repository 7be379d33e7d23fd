import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNodeHost } from "./useHosts";

/**
 * For the Node page: a link to the host page of this node when its collector reports, or nothing.
 * Usage: `<NodeHostLink cluster={cluster} node={name} />`.
 */
export function NodeHostLink({ cluster, node }: { cluster: string; node: string }) {
  const { t } = useTranslation();
  const host = useNodeHost(cluster, node).data;
  if (!host) return null;
  return (
    <Link to={`/hosts/${encodeURIComponent(host.id)}`} data-testid="node-host-link" className="text-teal-700 hover:underline dark:text-teal-400">
      {t("hosts.hostMetrics")}
    </Link>
  );
}
