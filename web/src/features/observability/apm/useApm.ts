import { useQuery } from "@tanstack/react-query";
import { unwrap } from "../../../api/client";
import { useApi } from "../../../api/context";
import { useWindowQuery, type TimeWindow } from "../shared/timeWindow";

/** The summary the Agent refreshes in the background; the Master answers from its snapshot. */
export const SUMMARY_REFRESH_MS = 15_000;

/** Services, their calls and the service map over the summary window. */
export function useApm(cluster: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["obs", cluster, "apm"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v3/clusters/{cluster}/apm", { params: { path: { cluster } }, signal })),
    refetchInterval: SUMMARY_REFRESH_MS,
  });
}

/** One service over a window: series, operations, slow and failed traces, callers and callees. */
export function useApmService(cluster: string, service: string, timeWindow: TimeWindow) {
  return useWindowQuery(["obs", cluster, "apm", service], timeWindow, (api, timeParams, signal) =>
    unwrap(api.GET("/api/v3/clusters/{cluster}/apm/services/{service}", { params: { path: { cluster, service }, query: timeParams }, signal })),
  );
}
