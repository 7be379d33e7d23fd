import { unwrap } from "../../../api/client";
import { useWindowQuery, type TimeWindow } from "../shared/timeWindow";

export interface LogFilters {
  q: string;
  services: string[];
  severities: string[];
  namespace: string;
  pod: string;
  traceId: string;
  limit: number;
  offset: number;
}

/** Log records matching a search over a window, with facets and a histogram of the matches. */
export function useLogs(cluster: string, timeWindow: TimeWindow, filters: LogFilters) {
  return useWindowQuery(["obs", cluster, "logs", filters], timeWindow, (api, timeParams, signal) =>
    unwrap(
      api.GET("/api/v3/clusters/{cluster}/logs", {
        params: {
          path: { cluster },
          query: {
            ...timeParams,
            q: filters.q || undefined,
            service: filters.services.length ? filters.services : undefined,
            severity: filters.severities.length ? filters.severities : undefined,
            namespace: filters.namespace || undefined,
            pod: filters.pod || undefined,
            traceId: filters.traceId || undefined,
            limit: filters.limit,
            offset: filters.offset,
          },
        },
        signal,
      }),
    ),
  );
}
