import { useQueries, useQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";

export type Overview = Schemas["Overview"];

/** The precomputed overview of one cluster or of the fleet (`*`). */
export function useOverview(cluster: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["overview", cluster],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v3/clusters/{cluster}/overview", { params: { path: { cluster } }, signal })),
    refetchInterval: 10_000,
  });
}

const LISTED = 5;

/** A few pods in each of `statuses`, with how many there are in all; one request per status. */
export function useProblemPods(cluster: string, statuses: string[]) {
  const api = useApi();
  return useQueries({
    queries: statuses.map((status) => ({
      queryKey: ["pods", cluster, { status, limit: LISTED }],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(
          api.GET("/api/v3/clusters/{cluster}/pods", {
            params: { path: { cluster }, query: { status, limit: LISTED, sort: "-restarts" } },
            signal,
          }),
        ),
      refetchInterval: 10_000,
    })),
  });
}

/** The nodes that are not ready: "NotReady…" sorts before "Ready…", so they come first. */
export function useNotReadyNodes(cluster: string, count: number) {
  const api = useApi();
  const limit = Math.min(count, 10);
  return useQuery({
    queryKey: ["nodes", cluster, { sort: "status", limit }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v3/clusters/{cluster}/nodes", {
          params: { path: { cluster }, query: { sort: "status", limit } },
          signal,
        }),
      ),
    enabled: count > 0,
    refetchInterval: 10_000,
  });
}

export const ROLLOUT_KINDS = ["deployments", "statefulsets", "daemonsets"] as const;
export type RolloutKind = (typeof ROLLOUT_KINDS)[number];

/**
 * Controllers whose rollout is not complete: sorted by rollout descending, "progressing" and
 * "failed" come before "complete", so the first `notComplete` rows are exactly those.
 */
export function useRollouts(cluster: string, notComplete: Partial<Record<RolloutKind, number>>) {
  const api = useApi();
  const kinds = ROLLOUT_KINDS.filter((kind) => (notComplete[kind] ?? 0) > 0);
  return useQueries({
    queries: kinds.map((kind) => {
      const limit = Math.min(notComplete[kind] ?? 0, 10);
      return {
        queryKey: [kind, cluster, { sort: "-rollout", limit }],
        queryFn: async ({ signal }: { signal: AbortSignal }) => {
          const page = await unwrap(
            api.GET(`/api/v3/clusters/{cluster}/${kind}`, {
              params: { path: { cluster }, query: { sort: "-rollout", limit } },
              signal,
            }),
          );
          return { kind, items: page.items };
        },
        refetchInterval: 10_000,
      };
    }),
  });
}
