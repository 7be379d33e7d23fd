import { useQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";

export type ClusterInfo = Schemas["ClusterInfo"];

export function useClusters() {
  const api = useApi();
  return useQuery({
    queryKey: ["clusters"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v3/clusters", { signal })),
    refetchInterval: 5_000,
  });
}
