import { useQueries } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useApi } from "../../api/context";
import { detailPath } from "../resources/paths";

/** The kinds the palette searches, in the order their groups are shown. */
export const SEARCH_KINDS = [
  "pods",
  "deployments",
  "statefulsets",
  "daemonsets",
  "services",
  "ingresses",
  "nodes",
  "namespaces",
  "configmaps",
  "jobs",
  "cronjobs",
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const RESULTS_PER_KIND = 5;
/** Shorter text matches too much to be useful and costs every kind a request. */
export const MIN_QUERY = 2;

export interface SearchHit {
  kind: SearchKind;
  cluster: string;
  clusterName: string;
  namespace: string;
  name: string;
  path: string;
}

/**
 * The first few objects of each kind whose name (or other searchable text) contains `text`,
 * across every cluster. A request still running when the text changes is aborted.
 */
export function useGlobalSearch(text: string) {
  const api = useApi();
  const q = text.trim();
  return useQueries({
    queries: SEARCH_KINDS.map((kind) => ({
      queryKey: ["search", kind, q],
      queryFn: async ({ signal }: { signal: AbortSignal }): Promise<SearchHit[]> => {
        const page = await unwrap(
          api.GET(`/api/v3/clusters/{cluster}/${kind}`, {
            params: { path: { cluster: "*" }, query: { q, limit: RESULTS_PER_KIND } },
            signal,
          }),
        );
        return page.items.map((row) => {
          const namespace = "namespace" in row ? row.namespace : "";
          return {
            kind,
            cluster: row.cluster,
            clusterName: row.clusterName,
            namespace,
            name: row.name,
            path: detailPath(kind, row.cluster, namespace, row.name),
          };
        });
      },
      enabled: q.length >= MIN_QUERY,
      staleTime: 10_000,
    })),
  });
}
