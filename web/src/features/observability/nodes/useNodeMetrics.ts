import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { unwrap } from "../../../api/client";
import { useApi } from "../../../api/context";
import { SUMMARY_REFRESH_MS } from "../apm/useApm";

/** The newest node_exporter values of every node, from the Agent's summary. */
export function useNodeHardware(cluster: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["obs", cluster, "node-metrics"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v3/clusters/{cluster}/node-metrics", { params: { path: { cluster } }, signal })),
    refetchInterval: SUMMARY_REFRESH_MS,
  });
}

const REFRESH_MS: Record<string, number> = { "1h": 30_000, "6h": 60_000, "24h": 120_000 };

/** Every panel's series of one node over 1 h, 6 h or 24 h. */
export function useNodeMetrics(cluster: string, node: string, range: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["obs", cluster, "node-metrics", node, range],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v3/clusters/{cluster}/node-metrics/{node}", { params: { path: { cluster, node }, query: { range } }, signal })),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS[range] ?? 60_000,
  });
}
