import { useQueries } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useApi } from "../../api/context";
import type { ClusterInfo } from "../layout/useClusters";

/**
 * Each cluster's overview, for its problem counts; the cache is shared with the overview page, so
 * opening a cluster from the fleet shows its overview at once.
 */
export function useClusterOverviews(clusters: ClusterInfo[]) {
  const api = useApi();
  return useQueries({
    queries: clusters.map((cluster) => ({
      queryKey: ["overview", cluster.id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(api.GET("/api/v3/clusters/{cluster}/overview", { params: { path: { cluster: cluster.id } }, signal })),
      enabled: cluster.status !== "pending",
      refetchInterval: 15_000,
    })),
  });
}
