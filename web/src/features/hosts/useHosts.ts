import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";

export type HostItem = Schemas["HostItem"];
export type HostBreakdown = Schemas["HostBreakdown"];
export type HostTimeseries = Schemas["HostTimeseries"];

/** How often the live parts of the hosts pages refresh. */
export const LIVE_MS = 5_000;

export const HOST_RANGES = ["1h", "6h", "24h", "7d"] as const;
export type HostRange = (typeof HOST_RANGES)[number];

/** Longer ranges move more slowly, so they are fetched less often. */
const RANGE_REFRESH_MS: Record<HostRange, number> = { "1h": LIVE_MS, "6h": 15_000, "24h": 30_000, "7d": 60_000 };

export interface HostListQuery {
  offset: number;
  limit: number;
  q: string;
}

export function useHosts({ offset, limit, q }: HostListQuery) {
  const api = useApi();
  return useQuery({
    queryKey: ["hosts", { offset, limit, q }],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v3/hosts", { params: { query: { offset, limit, q: q || undefined } }, signal })),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE_MS,
  });
}

export function useHost(hostId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["host", hostId],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v3/hosts/{host_id}", { params: { path: { host_id: hostId } }, signal })),
    refetchInterval: LIVE_MS,
  });
}

/** The newest sample broken down (CPU, memory, disks, filesystems, interfaces, extras). */
export function useHostBreakdown(hostId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ["host", hostId, "breakdown"],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v3/hosts/{host_id}/breakdown", { params: { path: { host_id: hostId } }, signal })),
    enabled,
    refetchInterval: LIVE_MS,
  });
}

/** The metrics the host page charts. */
const CHARTED = "cpuPercent,memoryUsedBytes,memoryTotalBytes,diskReadBps,diskWriteBps,netRxBps,netTxBps";

export function useHostTimeseries(hostId: string, range: HostRange) {
  const api = useApi();
  return useQuery({
    queryKey: ["host", hostId, "timeseries", range],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v3/hosts/{host_id}/timeseries", {
          params: { path: { host_id: hostId }, query: { range, metrics: CHARTED } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: RANGE_REFRESH_MS[range],
  });
}

/** The host that is this Kubernetes node, if its collector reports (for the Node page's link). */
export function useNodeHost(cluster: string, node: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["hosts", { cluster, node }],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v3/hosts", { params: { query: { cluster, node, limit: 1 } }, signal })),
    select: (page) => page.items[0] ?? null,
    refetchInterval: 60_000,
  });
}
