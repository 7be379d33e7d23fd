import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { unwrap } from "../../../api/client";
import { useApi } from "../../../api/context";
import { refetchFor, windowQuery, type TimeWindow } from "../shared/timeWindow";

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
  const api = useApi();
  return useQuery({
    queryKey: ["obs", cluster, "logs", timeWindow, filters],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v3/clusters/{cluster}/logs", {
          params: {
            path: { cluster },
          query: {
            ...windowQuery(timeWindow),
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
    placeholderData: keepPreviousData,
    refetchInterval: refetchFor(timeWindow),
  });
}
