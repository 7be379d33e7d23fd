import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";
import { PAGE_SIZE, type ListParams } from "../../lib/useListParams";

export type PodRow = Schemas["PodRow"];
export type PodPage = Schemas["PodPage"];

/** One page of pods from `cluster` (`*` = all), refreshed every 5 s. */
export function usePods(cluster: string, params: ListParams) {
  const api = useApi();
  return useQuery({
    queryKey: ["pods", cluster, params],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v3/clusters/{cluster}/pods", {
          params: {
            path: { cluster },
            query: {
              limit: PAGE_SIZE,
              offset: params.offset,
              sort: params.sort,
              q: params.q || undefined,
              namespace: params.namespace || undefined,
            },
          },
          signal,
        }),
      ),
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  });
}
