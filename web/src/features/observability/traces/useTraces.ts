import { useQuery } from "@tanstack/react-query";
import { unwrap } from "../../../api/client";
import { useApi } from "../../../api/context";
import { useWindowQuery, type TimeWindow } from "../shared/timeWindow";

export interface TraceFilters {
  service: string;
  operation: string;
  status: "any" | "ok" | "error";
  minDurationMs?: number;
  maxDurationMs?: number;
  sort: "start" | "duration";
  order: "asc" | "desc";
  limit: number;
  offset: number;
}

/** One page of traces over a window, filtered and sorted by the Master. */
export function useTraces(cluster: string, timeWindow: TimeWindow, filters: TraceFilters) {
  return useWindowQuery(["obs", cluster, "traces", filters], timeWindow, (api, timeParams, signal) =>
    unwrap(
      api.GET("/api/v3/clusters/{cluster}/traces", {
        params: {
          path: { cluster },
          query: {
            ...timeParams,
            service: filters.service || undefined,
            operation: filters.operation || undefined,
            status: filters.status,
            minDurationMs: filters.minDurationMs,
            maxDurationMs: filters.maxDurationMs,
            sort: filters.sort,
            order: filters.order,
            limit: filters.limit,
            offset: filters.offset,
          },
        },
        signal,
      }),
    ),
  );
}

/** One span's attributes and resource, read when it is opened (the trace leaves them out). */
export function useSpan(cluster: string, traceId: string, spanId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["obs", cluster, "trace", traceId, "span", spanId],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v3/clusters/{cluster}/traces/{trace_id}/spans/{span_id}", { params: { path: { cluster, trace_id: traceId, span_id: spanId } }, signal })),
    // A written span never changes.
    staleTime: Infinity,
  });
}

/** One trace with its spans placed for a waterfall and its logs. */
export function useTrace(cluster: string, traceId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["obs", cluster, "trace", traceId],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v3/clusters/{cluster}/traces/{trace_id}", { params: { path: { cluster, trace_id: traceId } }, signal })),
    // A finished trace does not change; one still running is rare enough to reload by hand.
    staleTime: 60_000,
  });
}
