import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";
import { PAGE_SIZE, type ListParams } from "../../lib/useListParams";

export type NodeRow = Schemas["NodeRow"];

/** One page of nodes from `cluster` (`*` = all), refreshed every 5 s. */
export function useNodes(cluster: string, params: Pick<ListParams, "offset" | "sort" | "q">) {
  const api = useApi();
  return useQuery({
    queryKey: ["nodes", cluster, params.offset, params.sort, params.q],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v3/clusters/{cluster}/nodes", {
          params: {
            path: { cluster },
            query: { limit: PAGE_SIZE, offset: params.offset, sort: params.sort, q: params.q || undefined },
          },
          signal,
        }),
      ),
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  });
}
