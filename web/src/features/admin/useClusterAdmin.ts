import { useMutation, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useApi } from "../../api/context";

const CLUSTERS = ["clusters"] as const;

/** Register a cluster; the answer carries its agent token, the only time it is shown. */
export function useCreateCluster() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.POST("/api/v3/clusters", { body: { name } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CLUSTERS }),
  });
}

/** A new agent token (shown once); the old one stops working at once. */
export function useRotateClusterToken() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/v3/clusters/{cluster_id}/token", { params: { path: { cluster_id: id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CLUSTERS }),
  });
}

/** Cut the cluster's Agent off until its token is rotated. */
export function useRevokeClusterToken() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v3/clusters/{cluster_id}/token", { params: { path: { cluster_id: id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: CLUSTERS }),
  });
}
