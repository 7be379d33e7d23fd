/**
 * Data hooks of the resource pages. Query keys start with the kind's plural, so invalidating
 * `[plural]` (after an operation) refreshes its lists and detail views at once.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ApiError, unwrap } from "../../api/client";
import { useApi } from "../../api/context";
import type { ListParams } from "../../lib/useListParams";
import type { ObjectEventsData, ObjectOf, PageOf, Plural, RelationsData, UsageSeries } from "./types";

export const resourceKeys = {
  all: (plural: Plural) => [plural] as const,
  list: (plural: Plural, cluster: string, params: ListParams) => [plural, "list", cluster, params] as const,
  detail: (plural: Plural, cluster: string, namespace: string, name: string) =>
    [plural, "detail", cluster, namespace, name] as const,
};

/** A 404 is an answer (the object is gone), not a failure worth retrying. */
const retryUnlessMissing = (failures: number, error: Error) =>
  !(error instanceof ApiError && error.status > 0 && error.status < 500) && failures < 1;

// The typed client needs a literal path; every kind's list and detail routes share one shape, so
// one kind's literal stands for all and the answer is typed from the kind's own route (types.ts).
type AnyListPath = "/api/v3/clusters/{cluster}/pods";
type AnyNamespacedPath = "/api/v3/clusters/{cluster}/pods/{namespace}/{name}";
type AnyClusterPath = "/api/v3/clusters/{cluster}/nodes/{name}";

/** One page of a kind's rows from `cluster` (`*` = all), refreshed every 5 s. */
export function useResourceList<P extends Plural>(plural: P, cluster: string, params: ListParams) {
  const api = useApi();
  return useQuery({
    queryKey: resourceKeys.list(plural, cluster, params),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET(`/api/v3/clusters/{cluster}/${plural}` as AnyListPath, {
          params: {
            path: { cluster },
            query: {
              limit: params.limit,
              offset: params.offset,
              sort: params.sort,
              q: params.q || undefined,
              namespace: params.namespace || undefined,
              ...params.filters,
            },
          },
          signal,
        }),
      ) as unknown as Promise<PageOf<P>>,
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  });
}

/** One object as the Master holds it, refreshed every 5 s. */
export function useResourceObject<P extends Plural>(plural: P, namespaced: boolean, cluster: string, namespace: string, name: string) {
  const api = useApi();
  return useQuery({
    queryKey: resourceKeys.detail(plural, cluster, namespace, name),
    queryFn: ({ signal }) =>
      (namespaced
        ? unwrap(
            api.GET(`/api/v3/clusters/{cluster}/${plural}/{namespace}/{name}` as AnyNamespacedPath, {
              params: { path: { cluster, namespace, name } },
              signal,
            }),
          )
        : unwrap(
            api.GET(`/api/v3/clusters/{cluster}/${plural}/{name}` as AnyClusterPath, {
              params: { path: { cluster, name } },
              signal,
            }),
          )) as unknown as Promise<ObjectOf<P>>,
    refetchInterval: 5_000,
    retry: retryUnlessMissing,
  });
}

/** What the object is connected to (owners, pods, Services…). */
export function useRelations(plural: Plural, cluster: string, namespace: string, name: string) {
  const api = useApi();
  return useQuery({
    queryKey: [plural, "relations", cluster, namespace, name],
    queryFn: ({ signal }): Promise<RelationsData> =>
      namespace
        ? unwrap(
            api.GET("/api/v3/clusters/{cluster}/relations/{kind}/{namespace}/{name}", {
              params: { path: { cluster, kind: plural, namespace, name } },
              signal,
            }),
          )
        : unwrap(
            api.GET("/api/v3/clusters/{cluster}/relations/{kind}/{name}", {
              params: { path: { cluster, kind: plural, name } },
              signal,
            }),
          ),
    refetchInterval: 10_000,
    retry: retryUnlessMissing,
  });
}

/** Events about one object, live and archived, newest first. */
export function useObjectEvents(plural: Plural, kind: string, cluster: string, namespace: string, name: string) {
  const api = useApi();
  return useQuery({
    queryKey: [plural, "events", cluster, namespace, name],
    queryFn: ({ signal }): Promise<ObjectEventsData> =>
      unwrap(
        api.GET("/api/v3/clusters/{cluster}/object-events", {
          params: { path: { cluster }, query: { kind, namespace, name } },
          signal,
        }),
      ),
    refetchInterval: 10_000,
  });
}

export const USAGE_RANGES = ["1h", "6h", "24h", "7d"] as const;
export type UsageRange = (typeof USAGE_RANGES)[number];

/** CPU and memory of one node or pod over `range`. */
export function useUsageHistory(plural: "nodes" | "pods", cluster: string, namespace: string, name: string, range: UsageRange) {
  const api = useApi();
  return useQuery({
    queryKey: [plural, "usage", cluster, namespace, name, range],
    queryFn: ({ signal }): Promise<UsageSeries> =>
      unwrap(
        api.GET("/api/v3/clusters/{cluster}/usage-history/{kind}", {
          params: { path: { cluster, kind: plural }, query: { name, namespace: namespace || undefined, range } },
          signal,
        }),
      ),
    refetchInterval: 30_000,
    placeholderData: keepPreviousData,
  });
}
