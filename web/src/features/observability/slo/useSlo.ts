import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../../api/client";
import { useApi } from "../../../api/context";
import { useWindowQuery, type TimeWindow } from "../shared/timeWindow";
import type { SloKind, SloTargetInput } from "../shared/types";

const REFRESH_MS = 30_000;

/** Every ingress host and service with its target, windows, budget and forecast; and the mesh. */
export function useSlo(cluster: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["obs", cluster, "slo"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v3/clusters/{cluster}/slo", { params: { path: { cluster } }, signal })),
    refetchInterval: REFRESH_MS,
  });
}

/** One ingress host or service over a window: its target, windows and a series to chart. */
export function useSloDetail(cluster: string, kind: SloKind, name: string, timeWindow: TimeWindow) {
  return useWindowQuery(
    ["obs", cluster, "slo", "detail", kind, name],
    timeWindow,
    (api, timeParams, signal) => unwrap(api.GET("/api/v3/clusters/{cluster}/slo/detail", { params: { path: { cluster }, query: { kind, name, ...timeParams } }, signal })),
    { enabled: name !== "" },
  );
}

/** Set (PUT) or reset (DELETE) one item's target; both need the operator role and are audited. */
export function useSloTarget(cluster: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const settled = () => queryClient.invalidateQueries({ queryKey: ["obs", cluster, "slo"] });
  const save = useMutation({
    mutationFn: (body: SloTargetInput) => unwrap(api.PUT("/api/v3/clusters/{cluster}/slo/targets", { params: { path: { cluster } }, body })),
    onSuccess: settled,
  });
  const reset = useMutation({
    mutationFn: ({ kind, name }: { kind: SloKind; name: string }) => unwrap(api.DELETE("/api/v3/clusters/{cluster}/slo/targets", { params: { path: { cluster }, query: { kind, name } } })),
    onSuccess: settled,
  });
  return { save, reset };
}
