import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { nodeHardwarePath } from "../shared/paths";
import { useNodeHardware } from "./useNodeMetrics";

/**
 * For the Node page: a link to the node's node_exporter charts when the cluster's ClickHouse has
 * them, or nothing. Usage: `<NodeHardwareLink cluster={cluster} node={name} />`.
 */
export function NodeHardwareLink({ cluster, node }: { cluster: string; node: string }) {
  const { t } = useTranslation();
  const known = useNodeHardware(cluster).data?.items.some((item) => item.node === node);
  if (!known) return null;
  return (
    <Link to={nodeHardwarePath(cluster, node)} data-testid="node-hardware-page-link" className="text-teal-700 hover:underline dark:text-teal-400">
      {t("observability.nodes.hardwareLink")}
    </Link>
  );
}
