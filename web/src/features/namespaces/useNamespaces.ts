import { useQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";

export type NamespaceRow = Schemas["NamespaceRow"];

/** Namespaces of `cluster` (`*` = all) by name, for filters; up to the server's page maximum. */
export function useNamespaces(cluster: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["namespaces", cluster],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v3/clusters/{cluster}/namespaces", {
          params: { path: { cluster }, query: { limit: 500, sort: "name" } },
          signal,
        }),
      ),
    refetchInterval: 30_000,
  });
}
